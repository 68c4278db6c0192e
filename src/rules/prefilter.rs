//! One pass to decide which rules can fire on a document.
//!
//! Rules whose matches must contain one of a few literal words ("sighed",
//! "recieve") declare them as triggers; all triggers of all rules go into one
//! Aho-Corasick automaton, which scans a document once. A rule none of whose
//! triggers occurs is skipped, so ten thousand substitution rules cost about
//! as much as ten. Rules without triggers (whitespace, repetition…) always run.
//! Over-triggering is harmless: the prefilter only decides what runs.
//!
//! Building the automaton takes about a millisecond, more than a
//! pre-commit hook's whole check of one article. The first stretch of text
//! a run scans is searched instead by looking the triggers up by their
//! first two bytes, at each byte: slower per byte, but with almost nothing
//! to build. Both find every occurrence of every trigger.
//!
//! The automaton is a DFA (but for thousands of triggers) stepped a byte at
//! a time by a loop of its own: `find_overlapping_iter` keeps its place in
//! memory and returns at each match, twice the instructions a byte.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::automaton::Automaton;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, MatchKind, StartKind, dfa};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

use super::Rule;
use crate::lang::fnv::BuildFnv;
use start_table::{StartTable, head_of};

/// Bytes of text a run scans through the table of first bytes before it
/// builds the automaton: the automaton scans some twenty times faster, and
/// its build time is repaid after about 50 KB.
const SCAN_BEFORE_AUTOMATON: usize = 64 * 1024;

#[derive(Debug, Default)]
pub struct Prefilter {
    /// Every rule's trigger words, once each (a built-in rule's as the pack
    /// index gives them, not copied).
    patterns: Vec<Cow<'static, str>>,
    /// The patterns by their first bytes, built on the first scan.
    table: OnceLock<StartTable>,
    /// Built once [`SCAN_BEFORE_AUTOMATON`] bytes are scanned; `None` when
    /// there are too many triggers to build into one automaton (then every
    /// rule runs).
    automaton: OnceLock<Option<Scanner>>,
    /// Bytes scanned so far, by every thread.
    scanned: AtomicUsize,
    /// The rules each pattern triggers, one pattern's after another, in
    /// the order of the rules: pattern `p`'s from `rule_ends[p - 1]` (0
    /// for the first) up to `rule_ends[p]`.
    pattern_rules: Vec<u32>,
    rule_ends: Vec<u32>,
    /// Rules that run on every document.
    always: Vec<bool>,
}

impl Prefilter {
    /// A prefilter for the rules that may run (`may_run[i]`, enabled by the
    /// configuration or by a path override); the others never run and
    /// their triggers would only slow the scan.
    pub fn new(rules: &[Rule], may_run: &[bool]) -> Self {
        // Sized for two triggers a rule, about what the built-in rules have.
        let mut index: HashMap<Cow<'static, str>, usize, BuildFnv> =
            HashMap::with_capacity_and_hasher(2 * rules.len(), BuildFnv::default());
        let mut patterns: Vec<Cow<'static, str>> = Vec::with_capacity(2 * rules.len());
        // (pattern, rule), in the order of the rules.
        let mut triggers: Vec<(u32, u32)> = Vec::with_capacity(2 * rules.len());
        let mut always = vec![false; rules.len()];
        for (i, rule) in rules.iter().enumerate() {
            if !may_run[i] {
                continue;
            }
            match rule.trigger_words() {
                Some(words) if !words.is_empty() && words.iter().all(|w| !w.is_empty()) => {
                    for word in words {
                        let at = *index.entry(word).or_insert_with_key(|word| {
                            patterns.push(word.clone());
                            patterns.len() - 1
                        });
                        triggers.push((hit_u32(at), hit_u32(i)));
                    }
                }
                _ => always[i] = true,
            }
        }
        // By pattern, each pattern's rules in their order (a stable sort).
        triggers.sort_by_key(|&(pattern, _)| pattern);
        let mut rule_ends = Vec::with_capacity(patterns.len());
        let mut at = 0;
        for pattern in 0..patterns.len() {
            at += triggers[at..]
                .iter()
                .take_while(|&&(p, _)| p as usize == pattern)
                .count();
            rule_ends.push(hit_u32(at));
        }
        Prefilter {
            patterns,
            rule_ends,
            pattern_rules: triggers.into_iter().map(|(_, rule)| rule).collect(),
            table: OnceLock::new(),
            automaton: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            always,
        }
    }

    fn automaton(&self) -> Option<&Scanner> {
        self.automaton
            .get_or_init(|| {
                if self.patterns.is_empty() {
                    return None;
                }
                // Past a few thousand patterns a DFA's size and build time
                // grow too much, and the NFA takes over.
                if self.patterns.len() <= 2_000 {
                    return dfa::Builder::new()
                        .ascii_case_insensitive(true)
                        .match_kind(MatchKind::Standard)
                        // The unanchored start that `find_by_dfa` begins
                        // from.
                        .start_kind(StartKind::Unanchored)
                        // No state is special but the dead and the match
                        // states: the loop in `to_special` needs no other
                        // case.
                        .prefilter(false)
                        .build(self.patterns.iter().map(|p| p.as_bytes()))
                        .ok()
                        .map(|dfa| Scanner::Dfa(Box::new(dfa)));
                }
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(self.patterns.iter().map(|p| p.as_bytes()))
                    .ok()
                    .map(Scanner::Other)
            })
            .as_ref()
    }

    /// Which rules may fire on `text`, and where their triggers are.
    pub fn scan(&self, text: &str) -> Triggered {
        let mut on = self.always.clone();
        let mut hits = Vec::new();
        if !self.patterns.is_empty() {
            let mut found = |pattern: usize, at: usize| {
                let start = pattern.checked_sub(1).map_or(0, |p| self.rule_ends[p]);
                for &rule in &self.pattern_rules[start as usize..self.rule_ends[pattern] as usize] {
                    on[rule as usize] = true;
                    hits.push((rule, hit_u32(at)));
                }
            };
            let before = self.scanned.fetch_add(text.len(), Ordering::Relaxed);
            if before.saturating_add(text.len()) <= SCAN_BEFORE_AUTOMATON {
                self.scan_by_table(text, &mut found);
            } else if let Some(scanner) = self.automaton() {
                scanner.find(text.as_bytes(), &mut found);
            } else {
                // Could not build (too large): run everything.
                on.iter_mut().for_each(|o| *o = true);
            }
        }
        let (starts, hits) = sorted_hits(hits, on.len());
        Triggered { on, starts, hits }
    }

    /// Every occurrence of every pattern in `text`, ASCII case-insensitive,
    /// as the automaton finds them, through the table of first bytes.
    fn scan_by_table(&self, text: &str, found: &mut impl FnMut(usize, usize)) {
        let table = self.table.get_or_init(|| StartTable::new(&self.patterns));
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(at) = table.next_start(bytes, from) {
            let first = bytes[at].to_ascii_lowercase();
            for &(byte, pattern) in &table.one_byte {
                if byte == first {
                    found(pattern, at);
                }
            }
            from = at + 1;
            let Some(second) = bytes.get(at + 1) else {
                break;
            };
            let key = u16::from_le_bytes([first, second.to_ascii_lowercase()]);
            // Candidates are told apart by their first four bytes, compared
            // at once, before any is compared in full.
            let head = head_of(&bytes[at..]);
            for &pattern in table.starting(key) {
                let (start, mask) = table.heads[pattern as usize];
                if head & mask != start {
                    continue;
                }
                let word = self.patterns[pattern as usize].as_bytes();
                if bytes[at..]
                    .get(..word.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(word))
                {
                    found(pattern as usize, at);
                }
            }
        }
    }
}

/// The automaton of every trigger.
#[derive(Debug)]
enum Scanner {
    /// Up to a few thousand triggers.
    Dfa(Box<dfa::DFA>),
    /// More: whichever automaton `aho_corasick` chooses.
    Other(AhoCorasick),
}

impl Scanner {
    /// Every occurrence of every pattern in `bytes`, as
    /// `find_overlapping_iter` finds them: `found(pattern, start)`.
    fn find(&self, bytes: &[u8], found: &mut impl FnMut(usize, usize)) {
        match self {
            Scanner::Dfa(dfa) => find_by_dfa(dfa, bytes, &mut *found),
            Scanner::Other(ac) => {
                for m in ac.find_overlapping_iter(bytes) {
                    found(m.pattern().as_usize(), m.start());
                }
            }
        }
    }
}

/// [`Scanner::find`] by a DFA built without a prefilter: a state is
/// special only when it is dead or a match, and a match state holds every
/// pattern that ends at its byte.
fn find_by_dfa(dfa: &dfa::DFA, bytes: &[u8], found: &mut dyn FnMut(usize, usize)) {
    let mut sid = dfa
        .start_state(Anchored::No)
        .expect("the automaton is built with an unanchored start");
    let mut at = 0;
    while at < bytes.len() {
        (at, sid) = to_special(dfa, bytes, at, sid);
        if dfa.is_dead(sid) {
            return;
        }
        if dfa.is_match(sid) {
            for i in 0..dfa.match_len(sid) {
                let pattern = dfa.match_pattern(sid, i);
                found(pattern.as_usize(), at - dfa.pattern_len(pattern));
            }
        }
    }
}

/// Steps `dfa` from state `sid` over `bytes` from `at` on, up to and
/// including the first byte that leads to a special state: that state and
/// the offset after the byte (or the state at the end of the text). A
/// function of its own, with no call in its loop, so that the loop's state
/// stays in registers (inlined into the scan, it was kept on the stack: 18
/// instructions a byte). The bytes are read four at a time, as arrays, so
/// that the end of the text is tested once for four bytes and the offset
/// is counted only on leaving (11 instructions a byte before, 8 after).
#[inline(never)]
fn to_special(
    dfa: &dfa::DFA,
    bytes: &[u8],
    at: usize,
    mut sid: aho_corasick::automaton::StateID,
) -> (usize, aho_corasick::automaton::StateID) {
    let (chunks, rest) = bytes[at..].as_chunks::<4>();
    for (n, chunk) in chunks.iter().enumerate() {
        for (k, &byte) in chunk.iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, byte);
            if dfa.is_special(sid) {
                return (at + 4 * n + k + 1, sid);
            }
        }
    }
    let from = at + 4 * chunks.len();
    for (k, &byte) in rest.iter().enumerate() {
        sid = dfa.next_state(Anchored::No, sid, byte);
        if dfa.is_special(sid) {
            return (from + k + 1, sid);
        }
    }
    (bytes.len(), sid)
}

/// The prefilter's verdict on one document.
#[derive(Debug, Clone, Default)]
pub struct Triggered {
    /// Per rule: may it fire?
    pub on: Vec<bool>,
    /// Where each rule's hits start in `hits`, and where the last rule's
    /// end (empty when nothing was found).
    starts: Vec<u32>,
    /// The source offset of every trigger found, grouped by rule, each
    /// group sorted, without repeats.
    hits: Vec<Hit>,
}

/// A trigger found: its source offset, as a `u32` (no text galley reads
/// is over [`MAX_TEXT_SIZE`](crate::source::MAX_TEXT_SIZE) bytes). A long
/// document has a hit for every forty bytes or so, all kept while its
/// rules run: their rules are not kept with them, but where each rule's
/// start.
pub type Hit = u32;

/// `hits`, (rule, offset) pairs, as `sort_unstable` and `dedup` leave
/// them, for `rules` rules, held as each rule's offsets: where each rule's
/// start among them (and the last's end), and the offsets. Each rule's
/// go into one group by a count of each rule's, then each group is sorted
/// by offset. The scan finds a rule's triggers nearly in order of their
/// offsets (the automaton reports a trigger at its end), so a group is
/// sorted in about one pass, where sorting the whole by rule and offset
/// took some 15,000 instructions a document.
fn sorted_hits(hits: Vec<(u32, u32)>, rules: usize) -> (Vec<u32>, Vec<Hit>) {
    if hits.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Where each rule's group starts, then where its next hit goes.
    let mut next = vec![0u32; rules + 1];
    for &(rule, _) in &hits {
        next[rule as usize + 1] += 1;
    }
    for r in 0..rules {
        next[r + 1] += next[r];
    }
    let mut grouped = vec![0; hits.len()];
    for &(rule, at) in &hits {
        let next = &mut next[rule as usize];
        grouped[*next as usize] = at;
        *next += 1;
    }
    drop(hits);
    // `next[r]` is now where group `r + 1` starts: each group is sorted
    // and its repeats left out, moved down over the room they took, and
    // `next[r]` made where group `r` starts now.
    let (mut start, mut kept) = (0, 0);
    for next in &mut next[..rules] {
        let end = *next as usize;
        grouped[start..end].sort_unstable();
        *next = hit_u32(kept);
        for i in start..end {
            let at = grouped[i];
            if kept == *next as usize || grouped[kept - 1] != at {
                grouped[kept] = at;
                kept += 1;
            }
        }
        start = end;
    }
    next[rules] = hit_u32(kept);
    grouped.truncate(kept);
    (next, grouped)
}

fn hit_u32(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 rules and bytes")
}

impl Triggered {
    /// Source offsets where `rule`'s triggers occur, in order; empty for
    /// a rule that has no triggers (it looks everywhere).
    pub fn hits(&self, rule: usize) -> &[Hit] {
        match (self.starts.get(rule), self.starts.get(rule + 1)) {
            (Some(&from), Some(&to)) => &self.hits[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// Literal words one of which every match of `pattern` holds, lowercased,
/// or `None` when there is no such finite set (the rule then always runs).
/// They are the words every match starts with; failing those, the words
/// that start a part every match has ("chancellor " in
/// `(^|, )chancellor (\p{Lu}\p{Ll}+)`), the part whose shortest word is
/// longest. With `ignore_case`, a non-ASCII literal gives `None`: the
/// automaton folds ASCII case only.
pub fn literal_triggers(pattern: &str, ignore_case: bool) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    if let Some(words) = prefix_words(&hir, ignore_case) {
        return Some(words);
    }
    let mut hir = &hir;
    while let HirKind::Capture(capture) = hir.kind() {
        hir = &capture.sub;
    }
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    // A short word inside ("ly" of `\w+ly`) is in most texts: it would
    // flood the scan with hits and rule nothing out.
    const SHORTEST_INSIDE: usize = 4;
    let shortest = |words: &Vec<String>| words.iter().map(String::len).min().unwrap_or(0);
    parts
        .iter()
        .filter_map(|part| prefix_words(part, ignore_case))
        .filter(|words| shortest(words) >= SHORTEST_INSIDE)
        .max_by_key(|words| (shortest(words), std::cmp::Reverse(words.len())))
}

/// The literal words every match of `hir` starts with (see
/// [`literal_triggers`]).
fn prefix_words(hir: &Hir, ignore_case: bool) -> Option<Vec<String>> {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(500);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    // No literals, hundreds of them, or one-character ones (digits: "9am")
    // filter nothing and would only flood the scan with hits.
    if literals.is_empty() || literals.len() > 64 || literals.iter().any(|l| l.len() < 2) {
        return None;
    }
    let mut out = Vec::with_capacity(literals.len());
    for literal in literals {
        let text = std::str::from_utf8(literal.as_bytes()).ok()?;
        if text.trim().is_empty() || (ignore_case && !text.is_ascii()) {
            return None;
        }
        out.push(text.to_ascii_lowercase());
    }
    out.sort();
    out.dedup();
    Some(out)
}

mod start_table;
#[cfg(test)]
mod tests;
