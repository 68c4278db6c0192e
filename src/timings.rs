//! `galley check --timings`: where a run's time goes, per rule and per
//! stage (loading, reading, parsing, the trigger scan, the work rules
//! share, suppressions, output), printed after the run as eslint's
//! `TIMING` table is.
//!
//! Each part is timed with [`Instant`] on the thread that does it, and the
//! times of all threads are summed: on a machine with nothing else to run
//! that is the CPU time of each part. Work a rule asks for and others
//! share (a sentence's tokens, the names in an article) is charged to its
//! own stage, not to the rule that happened to ask first. Without
//! `--timings` nothing is timed: the engine's only cost is a test of an
//! `Option` per rule and document.

use std::cell::Cell;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// A part of a check that is not a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the configuration and the packs.
    LoadRules,
    /// Finding the files to check.
    Walk,
    /// Reading a file.
    Read,
    /// Decoding a file's bytes to text (unpacking a .docx).
    Decode,
    /// Parsing a document into blocks, sentences and words.
    Parse,
    /// Scanning a document for the rules' trigger words.
    TriggerScan,
    /// Building a rule on first use (reading its table; a pack's regexes
    /// compile later, at their first match, inside the rule's own time).
    BuildRules,
    /// Splitting a sentence into phrase tokens (shared by the phrase rules).
    SentenceTokens,
    /// Finding the names in a document (shared by the people rules).
    Names,
    /// Indexing the words by their folded keys, for the phrase rules.
    WordIndex,
    /// The context model's id of each word.
    ModelIds,
    /// The bigram of each two neighbouring words of a sentence, looked up
    /// once for the context rules.
    ModelPairs,
    /// Dropping what the text suppresses and the project's vocabulary.
    Suppressions,
    /// Writing the findings.
    Output,
}

impl Stage {
    const ALL: [Stage; 14] = [
        Stage::LoadRules,
        Stage::Walk,
        Stage::Read,
        Stage::Decode,
        Stage::Parse,
        Stage::TriggerScan,
        Stage::BuildRules,
        Stage::SentenceTokens,
        Stage::Names,
        Stage::WordIndex,
        Stage::ModelIds,
        Stage::ModelPairs,
        Stage::Suppressions,
        Stage::Output,
    ];

    /// The stage's name in the table: in brackets, which no rule id has.
    pub fn name(self) -> &'static str {
        match self {
            Stage::LoadRules => "[load rules]",
            Stage::Walk => "[walk]",
            Stage::Read => "[read]",
            Stage::Decode => "[decode]",
            Stage::Parse => "[parse]",
            Stage::TriggerScan => "[trigger scan]",
            Stage::BuildRules => "[build rules]",
            Stage::SentenceTokens => "[sentence tokens]",
            Stage::Names => "[names]",
            Stage::WordIndex => "[word index]",
            Stage::ModelIds => "[model ids]",
            Stage::ModelPairs => "[model pairs]",
            Stage::Suppressions => "[suppressions]",
            Stage::Output => "[output]",
        }
    }
}

/// Nanoseconds and how many times, for one rule or stage.
#[derive(Debug, Default)]
struct Tally {
    nanos: AtomicU64,
    runs: AtomicU64,
}

impl Tally {
    fn add(&self, nanos: u64) {
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
        self.runs.fetch_add(1, Ordering::Relaxed);
    }

    fn get(&self) -> (u64, u64) {
        (
            self.nanos.load(Ordering::Relaxed),
            self.runs.load(Ordering::Relaxed),
        )
    }
}

thread_local! {
    /// Nanoseconds of shared work done on this thread so far: what a rule
    /// caused of it is taken off the rule's own time.
    static SHARED_HERE: Cell<u64> = const { Cell::new(0) };
}

/// The time of each rule (by its index in the run's rules) and each stage,
/// summed over the threads of one run.
#[derive(Debug)]
pub struct Timings {
    rules: Box<[Tally]>,
    stages: [Tally; Stage::ALL.len()],
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// A rule id, or a stage's name in brackets.
    pub name: String,
    pub millis: f64,
    pub percent: f64,
    /// Documents a rule ran on; times a stage ran.
    pub runs: u64,
}

impl Timings {
    /// Timings for a run of `rules` rules.
    pub fn new(rules: usize) -> Timings {
        Timings {
            rules: std::iter::repeat_with(Tally::default).take(rules).collect(),
            stages: Default::default(),
        }
    }

    /// Adds `nanos` to a stage timed elsewhere.
    pub fn add(&self, stage: Stage, nanos: u64) {
        self.stages[stage as usize].add(nanos);
    }

    /// Runs `work`, its time charged to `stage`.
    pub fn stage<T>(&self, stage: Stage, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = work();
        self.add(stage, nanos_since(start));
        out
    }

    /// Starts timing `stage`; the time is charged when the timer is
    /// dropped.
    pub fn start(&self, stage: Stage) -> Timer<'_> {
        Timer {
            timings: self,
            stage,
            start: Instant::now(),
        }
    }

    /// Runs shared work a rule asked for, its time charged to `stage` and
    /// taken off the rule's. Shared work must not nest.
    pub fn shared<T>(&self, stage: Stage, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = work();
        let took = nanos_since(start);
        self.add(stage, took);
        SHARED_HERE.with(|here| here.set(here.get() + took));
        out
    }

    /// Runs rule `index`'s check of one document, its time, less the
    /// shared work it caused, charged to the rule.
    pub fn rule<T>(&self, index: usize, work: impl FnOnce() -> T) -> T {
        let shared_before = SHARED_HERE.with(Cell::get);
        let start = Instant::now();
        let out = work();
        let took = nanos_since(start);
        let shared = SHARED_HERE.with(Cell::get) - shared_before;
        if let Some(tally) = self.rules.get(index) {
            tally.add(took.saturating_sub(shared));
        }
        out
    }

    /// Whether rule `index` ran on any document.
    pub fn ran(&self, index: usize) -> bool {
        self.rules.get(index).is_some_and(|t| t.get().1 > 0)
    }

    /// The table's lines: every rule that ran and every stage that took
    /// time, the slowest first; `rule_id` names rule `index`.
    pub fn lines<'r>(&self, rule_id: impl Fn(usize) -> &'r str) -> Vec<Line> {
        let mut parts: Vec<(String, u64, u64)> = Vec::new();
        for (index, tally) in self.rules.iter().enumerate() {
            let (nanos, runs) = tally.get();
            if runs > 0 {
                parts.push((rule_id(index).to_string(), nanos, runs));
            }
        }
        for stage in Stage::ALL {
            let (nanos, runs) = self.stages[stage as usize].get();
            if runs > 0 {
                parts.push((stage.name().to_string(), nanos, runs));
            }
        }
        let total: u64 = parts.iter().map(|p| p.1).sum();
        parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        parts
            .into_iter()
            .map(|(name, nanos, runs)| Line {
                name,
                millis: nanos as f64 / 1e6,
                percent: if total == 0 {
                    0.0
                } else {
                    nanos as f64 * 100.0 / total as f64
                },
                runs,
            })
            .collect()
    }

    /// The table as printed on standard error; `not_run` counts the
    /// enabled rules that ran on no document.
    pub fn report<'r>(&self, rule_id: impl Fn(usize) -> &'r str, not_run: usize) -> String {
        let lines = self.lines(rule_id);
        let total: f64 = lines.iter().map(|l| l.millis).sum();
        let width = lines
            .iter()
            .map(|l| l.name.len())
            .max()
            .unwrap_or(0)
            .max(20);
        let mut out = format!(
            "timings: {total:.1} ms in all, each part's time on every thread summed \
             (CPU time when nothing else runs)\n{:<width$} {:>11} {:>7} {:>9}\n",
            "rule or [stage]", "ms", "%", "runs"
        );
        for line in &lines {
            let _ = writeln!(
                out,
                "{:<width$} {:>11.3} {:>6.1}% {:>9}",
                line.name, line.millis, line.percent, line.runs
            );
        }
        if not_run > 0 {
            let _ = writeln!(
                out,
                "({not_run} enabled rules ran on no document: none held their trigger words)"
            );
        }
        out
    }
}

/// A stage being timed (see [`Timings::start`]).
pub struct Timer<'t> {
    timings: &'t Timings,
    stage: Stage,
    start: Instant,
}

impl Drop for Timer<'_> {
    fn drop(&mut self) {
        self.timings.add(self.stage, nanos_since(self.start));
    }
}

/// Runs `work`, charged to `stage` when timing.
pub fn timed<T>(timings: Option<&Timings>, stage: Stage, work: impl FnOnce() -> T) -> T {
    match timings {
        Some(timings) => timings.stage(stage, work),
        None => work(),
    }
}

fn nanos_since(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_work_is_taken_off_the_rule_that_asked_for_it() {
        let timings = Timings::new(2);
        let spin = |ms: u64| {
            let start = Instant::now();
            while start.elapsed().as_millis() < u128::from(ms) {
                std::hint::spin_loop();
            }
        };
        // Wall time, so the bounds below hold however the machine's load
        // stretches a spin: the shared work is taken off the rule's time.
        let outer = Instant::now();
        timings.rule(0, || {
            spin(1);
            timings.shared(Stage::Names, || spin(40));
        });
        let outer = outer.elapsed().as_secs_f64() * 1000.0;
        timings.rule(1, || spin(1));
        let lines = timings.lines(|i| ["first", "second"][i]);
        let get = |name: &str| lines.iter().find(|l| l.name == name).expect(name).millis;
        assert!(get("[names]") >= 40.0, "{lines:?}");
        assert!(get("first") >= 1.0, "{lines:?}");
        assert!(
            get("first") + get("[names]") <= outer + 0.5,
            "{outer} {lines:?}"
        );
        assert!(get("second") >= 1.0, "{lines:?}");
        // The slowest first.
        assert!(
            lines.windows(2).all(|w| w[0].millis >= w[1].millis),
            "{lines:?}"
        );
        let sum: f64 = lines.iter().map(|l| l.percent).sum();
        assert!((sum - 100.0).abs() < 1e-6, "{sum}");
        assert!(lines.iter().all(|l| l.runs == 1));
    }

    #[test]
    fn parts_that_did_not_run_are_left_out() {
        let timings = Timings::new(3);
        timings.rule(1, || ());
        timings.add(Stage::Parse, 5);
        let lines = timings.lines(|i| ["a", "b", "c"][i]);
        let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"b") && names.contains(&"[parse]"));
    }
}
