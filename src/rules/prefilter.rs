//! One pass to decide which rules can fire on a document.
//!
//! Rules whose matches must contain one of a few literal words ("sighed",
//! "recieve") declare them as triggers; all triggers of all rules go into one
//! Aho-Corasick automaton, which scans a document once. A rule none of whose
//! triggers occurs is skipped, so ten thousand substitution rules cost about
//! as much as ten. Rules without triggers (whitespace, repetition…) always run.
//! Over-triggering is harmless: the prefilter only decides what runs.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::Rule;

/// Up to this many files, the prefilter builds an NFA (see
/// [`Prefilter::expect_files`]).
const FEW_FILES: usize = 4;

#[derive(Debug, Default)]
pub struct Prefilter {
    /// Every rule's trigger words, once each.
    patterns: Vec<String>,
    /// Built on the first scan; `None` when there are no triggers, or too
    /// many to build into one automaton (then every rule runs).
    automaton: OnceLock<Option<AhoCorasick>>,
    /// Build a DFA (the fastest to scan with, but a millisecond to build)
    /// rather than an NFA (a third of that to build, slower to scan): worth
    /// it from a handful of articles on.
    dfa: AtomicBool,
    /// Pattern index → the rules it triggers.
    pattern_rules: Vec<Vec<usize>>,
    /// Rules that run on every document.
    always: Vec<bool>,
}

impl Prefilter {
    /// A prefilter for the rules that may run (`may_run[i]`, enabled by the
    /// configuration or by a path override); the others never run and
    /// their triggers would only slow the scan.
    pub fn new(rules: &[Rule], may_run: &[bool]) -> Self {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = vec![false; rules.len()];
        for (i, rule) in rules.iter().enumerate() {
            if !may_run[i] {
                continue;
            }
            match rule.triggers() {
                Some(words) if !words.is_empty() => {
                    for word in words {
                        let at = *index.entry(word.clone()).or_insert_with(|| {
                            patterns.push(word);
                            pattern_rules.push(Vec::new());
                            patterns.len() - 1
                        });
                        pattern_rules[at].push(i);
                    }
                }
                _ => always[i] = true,
            }
        }
        Prefilter {
            patterns,
            automaton: OnceLock::new(),
            dfa: AtomicBool::new(true),
            pattern_rules,
            always,
        }
    }

    /// Tells the prefilter how many files the run checks, before the first
    /// scan: a run of a few (a pre-commit hook) builds the automaton that
    /// is quickest to build, a larger one the quickest to scan with. The
    /// rules that run are the same either way.
    pub fn expect_files(&self, files: usize) {
        self.dfa.store(files > FEW_FILES, Ordering::Relaxed);
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                if self.patterns.is_empty() {
                    return None;
                }
                // Past a few thousand patterns a DFA's size and build time
                // grow too much, and the NFA takes over.
                let kind = if self.patterns.len() > 2_000 {
                    None
                } else if self.dfa.load(Ordering::Relaxed) {
                    Some(AhoCorasickKind::DFA)
                } else {
                    Some(AhoCorasickKind::NoncontiguousNFA)
                };
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(kind)
                    .build(&self.patterns)
                    .ok()
            })
            .as_ref()
    }

    /// Which rules may fire on `text`, and where their triggers are.
    pub fn scan(&self, text: &str) -> Triggered {
        let mut on = self.always.clone();
        let mut hits = Vec::new();
        let automaton = self.automaton();
        if automaton.is_none() && !self.patterns.is_empty() {
            // Could not build (too large): run everything.
            on.iter_mut().for_each(|o| *o = true);
        }
        if let Some(ac) = automaton {
            for m in ac.find_overlapping_iter(text) {
                for &rule in &self.pattern_rules[m.pattern().as_usize()] {
                    on[rule] = true;
                    hits.push((rule, m.start()));
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        Triggered { on, hits }
    }
}

/// The prefilter's verdict on one document.
#[derive(Debug, Clone, Default)]
pub struct Triggered {
    /// Per rule: may it fire?
    pub on: Vec<bool>,
    /// (rule, source offset) of every trigger found, sorted.
    hits: Vec<(usize, usize)>,
}

impl Triggered {
    /// Source offsets where `rule`'s triggers occur; empty for a rule that
    /// has no triggers (it looks everywhere).
    pub fn hits(&self, rule: usize) -> &[(usize, usize)] {
        let from = self.hits.partition_point(|&(r, _)| r < rule);
        let to = self.hits.partition_point(|&(r, _)| r <= rule);
        &self.hits[from..to]
    }
}

/// Literal words that every match of `pattern` starts with, lowercased, or
/// `None` when there is no such finite set (the rule then always runs).
/// With `ignore_case`, a non-ASCII literal gives `None`: the automaton folds
/// ASCII case only.
pub fn literal_triggers(pattern: &str, ignore_case: bool) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(500);
    let seq = extractor.extract(&hir);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The automaton built for a few files and the one built for many
    /// decide the same rules and find the same triggers.
    #[test]
    fn the_nfa_and_the_dfa_give_the_same_verdict() {
        let make = |files: usize| {
            let words = ["sighed", "recieve", "could of", "the", "he", "a hour"];
            let prefilter = Prefilter {
                patterns: words.iter().map(|w| w.to_string()).collect(),
                automaton: OnceLock::new(),
                dfa: AtomicBool::new(true),
                pattern_rules: (0..words.len()).map(|i| vec![i, i / 2 + 6]).collect(),
                always: vec![false; 10].into_iter().chain([true]).collect(),
            };
            prefilter.expect_files(files);
            prefilter
        };
        let (few, many) = (make(1), make(100));
        for text in [
            "They sighed the deal; THE end.",
            "We could of RECIEVED it in a hour, he said.",
            "",
            "nothing here",
        ] {
            let (a, b) = (few.scan(text), many.scan(text));
            assert_eq!((&a.on, &a.hits), (&b.on, &b.hits), "{text}");
        }
        let kind = |p: &Prefilter| p.automaton.get().cloned().flatten().map(|ac| ac.kind());
        assert_eq!(kind(&few), Some(AhoCorasickKind::NoncontiguousNFA));
        assert_eq!(kind(&many), Some(AhoCorasickKind::DFA));
    }

    #[test]
    fn literals_of_simple_patterns() {
        let email = literal_triggers("e-?mail(s?)", true).unwrap();
        assert!(!email.is_empty());
        assert!(
            email
                .iter()
                .all(|t| t.starts_with("e-mail") || t.starts_with("email")),
            "{email:?}"
        );
        let recieve = literal_triggers("recieve|recieved", true).unwrap();
        assert!(
            recieve.iter().all(|t| t.starts_with("recieve")),
            "{recieve:?}"
        );
        assert_eq!(
            literal_triggers("Very Unique", true),
            Some(vec!["very unique".to_string()])
        );
    }

    #[test]
    fn no_triggers_for_open_patterns() {
        assert_eq!(literal_triggers(r"\w+ly\b", true), None);
        assert_eq!(literal_triggers("", true), None);
        assert_eq!(literal_triggers("Émile", true), None);
        assert_eq!(
            literal_triggers("Émile", false),
            Some(vec!["Émile".to_ascii_lowercase()])
        );
    }
}
