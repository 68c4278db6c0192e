//! One pass to decide which rules can fire on a document.
//!
//! Rules whose matches must contain one of a few literal words ("sighed",
//! "recieve") declare them as triggers; all triggers of all rules go into one
//! Aho-Corasick automaton, which scans a document once. A rule none of whose
//! triggers occurs is skipped, so ten thousand substitution rules cost about
//! as much as ten. Rules without triggers (whitespace, repetition…) always run.
//! Over-triggering is harmless: the prefilter only decides what runs.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::Rule;

#[derive(Debug, Default)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
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
        let automaton = if patterns.is_empty() {
            None
        } else {
            // A DFA is fastest to scan with; past a few thousand patterns its
            // size and build time grow too much, and the NFA takes over.
            let kind = (patterns.len() <= 2_000).then_some(AhoCorasickKind::DFA);
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(kind)
                .build(&patterns)
                .ok()
        };
        if automaton.is_none() {
            // Could not build (too large): run everything.
            always.iter_mut().for_each(|a| *a = true);
        }
        Prefilter {
            automaton,
            pattern_rules,
            always,
        }
    }

    /// Which rules may fire on `text`, and where their triggers are.
    pub fn scan(&self, text: &str) -> Triggered {
        let mut on = self.always.clone();
        let mut hits = Vec::new();
        if let Some(ac) = &self.automaton {
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
    use super::literal_triggers;

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
