//! The run of all enabled rules over one document: one rule after another,
//! or, for a long document, on several threads that take the rules in turn.
//! Either way the findings are the same and come out in the same order.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::held::Readers;
use super::interner::Interner;
use super::prefilter::Triggered;
use super::{Reads, Rule, RulePolicy, Shared};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::timings::Stage;

/// Documents with at least this many bytes of text have their rules run on
/// several threads even when other documents are checked at the same time.
/// Below it the rules take a few milliseconds, and a run over many files
/// keeps every core busy with a file each anyway.
const PARALLEL_FROM: usize = 256 * 1024;

/// Whether a document is checked alongside others: how many threads its
/// own work may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Concurrency {
    /// Other documents are checked at the same time, a core each: the
    /// document takes more threads only when it is long.
    #[default]
    Alongside,
    /// The only document being checked (one file, standard input, the
    /// language server): its work is spread over every core once it is
    /// `ALONE_PARALLEL_FROM` bytes or more. A shorter one (an article)
    /// takes a few milliseconds on one thread, and more threads cost more
    /// CPU time than they save of its wall time (each a stack, an arena of
    /// the allocator and caches of its own to fault in).
    Alone,
}

/// A document checked alone (see [`Concurrency::Alone`]) with at least this
/// many bytes of text has its work spread over every core.
const ALONE_PARALLEL_FROM: usize = 64 * 1024;

/// At most this many threads for one document.
const MAX_THREADS: usize = 8;

/// Which of the rules that apply to a document to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select {
    All,
    /// The rules that offer fixes (safe or not): what a `--fix` pass needs
    /// to know which fixes to make. Their findings are the only ones that
    /// can be echoes of each other (an echo suggests the same edit).
    Fixing,
    /// The others, whose findings carry no fix: run once, on the fixed text.
    NotFixing,
}

/// Runs every enabled rule over `doc`; diagnostics sorted by position.
/// `policy`, when given, says per rule (same order as `rules`) whether it
/// runs on this file and at which severity; `triggered`, when given, which
/// rules the prefilter found a reason to run.
pub fn check_document(
    rules: &[Rule],
    doc: &Document,
    policy: Option<&[RulePolicy]>,
    triggered: Option<&Triggered>,
    concurrency: Concurrency,
) -> Vec<Diagnostic> {
    let shared = Shared::default();
    check_selected(
        rules,
        doc,
        policy,
        triggered,
        concurrency,
        Select::All,
        &shared,
    )
}

/// [`check_document`] with only the rules `select` takes. The findings of
/// [`Select::Fixing`] and [`Select::NotFixing`] put together with
/// [`merge_findings`] are those of [`Select::All`]. `shared` holds what
/// the rules compute from `doc` and share, for the runs over the same
/// document.
pub fn check_selected(
    rules: &[Rule],
    doc: &Document,
    policy: Option<&[RulePolicy]>,
    triggered: Option<&Triggered>,
    concurrency: Concurrency,
    select: Select,
    shared: &Shared,
) -> Vec<Diagnostic> {
    let threads = threads_for(doc.source.text.len(), concurrency);
    run_rules(rules, doc, policy, triggered, threads, select, shared)
}

/// Two runs' findings as one run would give them: in order, echoes dropped.
pub fn merge_findings(mut one: Vec<Diagnostic>, other: Vec<Diagnostic>) -> Vec<Diagnostic> {
    one.extend(other);
    sort_findings(&mut one);
    drop_echoes(&mut one);
    one
}

/// [`check_selected`] on `threads` threads.
pub(super) fn run_rules(
    rules: &[Rule],
    doc: &Document,
    policy: Option<&[RulePolicy]>,
    triggered: Option<&Triggered>,
    threads: usize,
    select: Select,
    shared: &Shared,
) -> Vec<Diagnostic> {
    let timings = shared.timings.as_deref();
    // Which rules run, found before any does, and what each reads.
    let runs = |i: usize| {
        let (rule, p) = (&rules[i], policy.and_then(|p| p.get(i)));
        if !p.map_or(rule.meta.enabled, |p| p.enabled) || triggered.is_some_and(|t| !t.on[i]) {
            return None;
        }
        // Asking for the rule's fixes builds it: only a rule that runs is.
        // When timing, the building is charged to its own stage.
        if let Some(timings) = timings.filter(|_| !rule.is_built()) {
            timings.stage(Stage::BuildRules, || rule.fix());
        }
        let taken = match select {
            Select::All => true,
            Select::Fixing => rule.fix().is_some(),
            Select::NotFixing => rule.fix().is_none(),
        };
        taken.then(|| rule.reads())
    };
    let taken: Vec<Option<Reads>> = (0..rules.len()).map(runs).collect();
    // The shared parts are let go as their last reader is done, unless a
    // second run over the document follows (the fixing rules' run).
    let readers = (select != Select::Fixing).then(|| Readers::count(taken.iter().flatten()));
    if let Some(readers) = &readers {
        shared.parts.release(readers.unread());
    }
    let run = |i: usize, out: &mut Vec<Diagnostic>, interner: &Interner| {
        // Asked to stop: the rules not yet run are skipped.
        let Some(reads) = taken[i].filter(|_| !shared.cancelled()) else {
            return;
        };
        let (rule, p) = (&rules[i], policy.and_then(|p| p.get(i)));
        let first = out.len();
        let hits = triggered.map(|t| t.hits(i)).filter(|h| !h.is_empty());
        match timings {
            Some(timings) => timings.rule(i, || rule.run(doc, out, hits, shared, interner)),
            None => rule.run(doc, out, hits, shared, interner),
        }
        debug_assert!(
            rule.fix().is_some() || out[first..].iter().all(|d| d.fix.is_none()),
            "rule `{}` offers no fixes but made one",
            rule.meta.id
        );
        if let Some(p) = p {
            for d in &mut out[first..] {
                d.severity = p.severity;
            }
        }
        if let Some(readers) = &readers {
            shared.parts.release(readers.done(reads));
        }
    };
    let threads = threads.min(rules.len());
    let mut out = if threads <= 1 {
        let (mut out, interner) = (Vec::new(), Interner::default());
        (0..rules.len()).for_each(|i| run(i, &mut out, &interner));
        out
    } else {
        // Each thread takes the next rule not yet taken, so a slow rule
        // does not hold up the others.
        let next = AtomicUsize::new(0);
        let take = || {
            let (mut out, interner) = (Vec::new(), Interner::default());
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= rules.len() {
                    return out;
                }
                run(i, &mut out, &interner);
            }
        };
        let mut found: Vec<Vec<Diagnostic>> = std::thread::scope(|scope| {
            // A thread the system refuses to start is no error: the
            // threads that did start (this one at least) take its rules.
            let others: Vec<_> = (1..threads)
                .map_while(|_| std::thread::Builder::new().spawn_scoped(scope, take).ok())
                .collect();
            let mut found = vec![take()];
            for other in others {
                match other.join() {
                    Ok(more) => found.push(more),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            found
        });
        // The others go onto the end of the largest, grown once to the
        // exact size: no more memory than one copy of the findings.
        found.sort_by_key(|f| std::cmp::Reverse(f.len()));
        let rest = found[1..].iter().map(Vec::len).sum();
        let mut found = found.into_iter();
        let mut out = found.next().unwrap_or_default();
        out.reserve_exact(rest);
        for mut more in found {
            out.append(&mut more);
        }
        out
    };
    sort_findings(&mut out);
    drop_echoes(&mut out);
    out
}

/// Sorts findings by position, ties broken by the whole finding, so the
/// order is fully determined whichever thread found what.
///
/// A finding is some 180 bytes: their positions are sorted as indices,
/// and the findings then moved once each, into place. Each rule reports
/// in text order, so the stable sort of the indices merges a few sorted
/// runs, and its scratch room is a quarter of an index per finding.
fn sort_findings(findings: &mut [Diagnostic]) {
    let mut order: Vec<u32> = (0..to_u32(findings.len())).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&findings[a as usize], &findings[b as usize]);
        a.sort_key().cmp(&b.sort_key()).then_with(|| a.cmp(b))
    });
    into_order(findings, &mut order);
}

/// Puts `items[order[i]]` at `i`, moving each item once: each cycle of the
/// permutation is followed, `order[at] == at` marking a place done.
fn into_order<T>(items: &mut [T], order: &mut [u32]) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = to_u32(at);
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 findings in a document")
}

/// How many threads to run the rules of a document of `len` bytes on (and
/// to parse it on, see `check::check_source`).
pub fn threads_for(len: usize, concurrency: Concurrency) -> usize {
    let from = match concurrency {
        Concurrency::Alongside => PARALLEL_FROM,
        Concurrency::Alone => ALONE_PARALLEL_FROM,
    };
    if len < from {
        return 1;
    }
    cores().min(MAX_THREADS)
}

/// The cores this process may use, asked of the system once per run: the
/// answer reads the cgroup's files each time (a dozen system calls), and
/// one run asks for each document and each output.
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Two rules that find the same slip at the same place and suggest the same
/// edit ("then" for "than", by a cue rule and by the context model) give one
/// finding: the more severe, or, of two as severe, the first by rule id.
fn drop_echoes(out: &mut Vec<Diagnostic>) {
    let same = |a: &Diagnostic, b: &Diagnostic| {
        a.span == b.span
            && a.fix.is_some()
            && a.fix.as_ref().map(|f| &f.edits) == b.fix.as_ref().map(|f| &f.edits)
    };
    let mut keep = vec![true; out.len()];
    for i in 0..out.len() {
        for j in i + 1..out.len() {
            if out[j].span != out[i].span {
                break;
            }
            if keep[i] && keep[j] && same(&out[i], &out[j]) {
                let loser = if out[j].severity > out[i].severity {
                    i
                } else {
                    j
                };
                keep[loser] = false;
            }
        }
    }
    let mut flags = keep.into_iter();
    out.retain(|_| flags.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ArticleSettings, Format};
    use crate::rules::Cancel;
    use crate::rules::Pack;
    use crate::rules::builtin::BUILTIN_PACKS;
    use crate::source::SourceFile;
    use std::sync::Arc;

    /// A short document checked alone runs on the thread that checks it;
    /// a long one, alone or not, on every core (at most eight).
    #[test]
    fn only_a_long_document_takes_more_threads() {
        let every = cores().min(MAX_THREADS);
        for concurrency in [Concurrency::Alone, Concurrency::Alongside] {
            assert_eq!(threads_for(8 * 1024, concurrency), 1);
            assert_eq!(threads_for(PARALLEL_FROM, concurrency), every);
        }
        assert_eq!(threads_for(ALONE_PARALLEL_FROM, Concurrency::Alone), every);
        assert_eq!(threads_for(ALONE_PARALLEL_FROM, Concurrency::Alongside), 1);
    }

    proptest::proptest! {
        /// Items end up where the order says, whatever the permutation.
        #[test]
        fn items_are_put_into_any_order(items in proptest::collection::vec(0u16..50, 0..40)) {
            let mut order: Vec<u32> = (0..items.len() as u32).collect();
            order.sort_by_key(|&i| (items[i as usize], std::cmp::Reverse(i)));
            let wanted: Vec<u16> = order.iter().map(|&i| items[i as usize]).collect();
            let mut moved = items.clone();
            into_order(&mut moved, &mut order);
            proptest::prop_assert_eq!(moved, wanted);
        }
    }

    #[test]
    fn several_threads_find_what_one_finds_in_the_same_order() {
        let rules: Vec<Rule> = BUILTIN_PACKS
            .iter()
            .flat_map(|(_, text)| Pack::parse(text).expect("built-in pack").rules)
            .collect();
        let paragraph = "The the mayor could of signed it in a hour, said Li Wei. \
            The goverment met on January 3 and rose 5 percent. \
            Its a fact that the CPC Central Committee met the CPC central committee.\n\n";
        let text = format!("Headline here\n\n{}", paragraph.repeat(40));
        let source = SourceFile::new("t.txt", &text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let one = run_rules(&rules, &doc, None, None, 1, Select::All, &Shared::default());
        assert!(one.len() > 100, "{} findings", one.len());
        for threads in [2, 3, 8] {
            assert_eq!(
                run_rules(
                    &rules,
                    &doc,
                    None,
                    None,
                    threads,
                    Select::All,
                    &Shared::default()
                ),
                one
            );
        }
    }

    /// A check asked to stop stops between the blocks of the rule it is
    /// running, not only before the next rule: one rule over a long
    /// document takes seconds.
    #[test]
    fn a_stopped_check_stops_between_blocks() {
        let rules: Vec<Rule> = BUILTIN_PACKS
            .iter()
            .flat_map(|(_, text)| Pack::parse(text).expect("built-in pack").rules)
            .filter(|r| &*r.meta.id == "repeated-word")
            .collect();
        let text = "It was the the end.\n\n".repeat(100);
        let source = SourceFile::new("t.txt", &text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let all = run_rules(&rules, &doc, None, None, 1, Select::All, &Shared::default());
        assert_eq!(all.len(), 100);
        // Says stop from its 20th question on.
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = asked.clone();
        let cancel = Cancel::new(move || counter.fetch_add(1, Ordering::SeqCst) >= 20);
        let shared = Shared::stopped_by(cancel);
        let some = run_rules(&rules, &doc, None, None, 1, Select::All, &shared);
        assert!(
            !some.is_empty() && some.len() < 25,
            "{} findings before stopping",
            some.len()
        );
        assert_eq!(some[..], all[..some.len()]);
    }

    /// The kinds that walk the whole document other than block by block
    /// (names, paragraphs against each other, pull quotes against the
    /// story) stop too when asked, not only before the next rule.
    #[test]
    fn kinds_that_walk_the_whole_document_stop_when_asked() {
        let surnames = [
            "Whitfield",
            "Harrington",
            "Pemberton",
            "Ashworth",
            "Blackwood",
            "Cartwright",
            "Donaldson",
            "Fairbanks",
            "Gallagher",
            "Hollister",
            "Lancaster",
            "Montgomery",
            "Northcott",
            "Prescott",
            "Radcliffe",
            "Sinclair",
            "Thornton",
            "Underwood",
            "Wainwright",
            "Fitzgerald",
            "Goodwin",
            "Holloway",
            "Jennings",
            "Lockhart",
            "Merriweather",
            "Pennington",
            "Rutherford",
            "Stanhope",
            "Whitmore",
            "Kingsley",
        ];
        let mut text = String::from("Headline here\n\n");
        for (i, name) in surnames.iter().enumerate() {
            // One letter dropped: "Whitfeld".
            let slip = format!("{}{}", &name[..name.len() - 3], &name[name.len() - 2..]);
            text.push_str(&format!(
                "Karen {name} said the plan {i} was late. Later {slip} said more.\n\n\
                 Paragraph {i} is here twice, word for word, as pasted.\n\n\
                 Paragraph {i} is here twice, word for word, as pasted.\n\n"
            ));
        }
        let source = SourceFile::new("t.txt", &text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        for id in ["name-spelling", "duplicate-paragraph"] {
            let rules: Vec<Rule> = BUILTIN_PACKS
                .iter()
                .flat_map(|(_, text)| Pack::parse(text).expect("built-in pack").rules)
                .filter(|r| &*r.meta.id == id)
                .collect();
            let all = run_rules(&rules, &doc, None, None, 1, Select::All, &Shared::default());
            assert!(all.len() >= 20, "{id}: {} findings", all.len());
            // Lets the rule start (the run asks once before it), then says
            // stop.
            let asked = Arc::new(AtomicUsize::new(0));
            let counter = asked.clone();
            let cancel = Cancel::new(move || counter.fetch_add(1, Ordering::SeqCst) >= 1);
            let some = run_rules(
                &rules,
                &doc,
                None,
                None,
                1,
                Select::All,
                &Shared::stopped_by(cancel),
            );
            assert!(some.len() < all.len() / 2, "{id}: {} findings", some.len());
        }
    }
}
