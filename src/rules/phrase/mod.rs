//! `phrase`: a sequence of words, word classes and punctuation that is a
//! slip ("could of", "for all intensive purposes", "their going to"), matched
//! over the words of one clause or sentence, never across a sentence, with
//! exceptions and a replacement built from the matched words.
//!
//! The pattern language is in [`pattern`]; word classes in [`lexicon`].

mod literals;
mod pattern;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use foldhash::HashMap;

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, Reads, RuleSpec};
use crate::diagnostic::Applicability;
use crate::document::Document;
use crate::lang::fnv::BuildFnv;
use crate::lang::lexicon;
use crate::lang::tokens::{Toks, clauses};
use literals::{WordGroups, required_groups, start_pairs};
use pattern::Node;

params! {
    /// The parameters of this kind.
    struct Params {
        /// what to find: words, `[a, b]` alternatives, `(a b)` groups, `<(find), part>` to report a
        /// part, `!x`, `*`, `$lemma`, word classes (NOUN, VERB, AUX, DET, PRON, ADP, ADJ, ADV,
        /// PART, NUM, PROG…), `@name`
        pattern: Spanned<String>,
        /// named patterns that `pattern` refers to as `@name`
        define: Option<Spanned<BTreeMap<String, String>>>,
        /// what to write instead: one or more texts (the first is the fix, all are shown); `{1}`,
        /// `{2}` are the reported words; without `replace` or `corrections` the phrase is reported
        /// with no fix
        replace: Option<Spanned<Vec<String>>>,
        /// what to write for each text found (lowercase keys): `{ went = "gone", came = "come" }`;
        /// used before `replace`
        corrections: Option<Spanned<BTreeMap<String, String>>>,
        /// which `replace` text is the fix: `first` (default) or `closest` to the text found
        choose: Option<Spanned<String>>,
        /// give the replacement the case of the text found, letter by letter (default true)
        keep_case: Option<Spanned<bool>>,
        /// patterns that cancel a finding when one of their matches covers it
        unless: Option<Spanned<Vec<String>>>,
        /// `sentence` (default) or `clause`: a match never crosses a comma, semicolon or colon
        within: Option<Spanned<String>>,
        /// `safe` (default), `unsafe` or `display-only`
        applicability: Option<Spanned<Applicability>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "phrase",
    summary: "a phrase that is a slip, matched word by word with word classes and exceptions; fixable",
    params: Params::DOCS,
    vars: &[
        ("match", "the text found"),
        ("replacement", "the fix, in the case of the text found"),
        ("suggestions", "every replacement, quoted: `a` or `b`"),
    ],
    build,
    honours_sic: true,
};

struct Phrase {
    /// The pattern and the exceptions as written, for `galley explain`.
    written: (String, Vec<String>),
    pattern: Node,
    /// The pattern's literal words, by group (every match holds a word of
    /// each group), if it has any: a sentence without them is not
    /// tokenized.
    literals: Option<WordGroups>,
    /// The words every match starts with, if known.
    /// Looked up for every word of a sentence the rule may match; a fixed
    /// set of the pattern's words, so a fast hash is safe.
    first_words: Option<std::collections::HashSet<String, BuildFnv>>,
    /// Each `unless` pattern, with the most tokens a match of it spans:
    /// compiled when the rule is built from a user's pack, else when the
    /// pattern first matches (most built-in rules never match a document).
    unless: OnceLock<Vec<(Node, usize)>>,
    /// The `define` table, kept for `unless` patterns compiled late.
    defines: HashMap<String, String>,
    replace: Vec<String>,
    corrections: HashMap<String, String>,
    closest: bool,
    keep_case: bool,
    by_clause: bool,
    applicability: Applicability,
}

fn compile(source: &Spanned<String>, defines: &HashMap<String, String>) -> Result<Node, PackError> {
    pattern::parse(source.as_ref(), defines).map_err(|e| {
        let rest: String = source.as_ref()[e.at..].chars().take(20).collect();
        PackError::at(
            source.span(),
            format!("invalid phrase pattern: {} (at `{rest}`)", e.message),
        )
    })
}

/// Each `unless` pattern, compiled, with the most tokens a match of it
/// spans.
fn compile_unless(
    unless: &Option<Spanned<Vec<String>>>,
    defines: &HashMap<String, String>,
) -> Result<Vec<(Node, usize)>, PackError> {
    let Some(list) = unless else {
        return Ok(Vec::new());
    };
    list.as_ref()
        .iter()
        .map(|p| {
            let node = compile(&Spanned::new(list.span(), p.clone()), defines)?;
            let longest = node.longest();
            Ok((node, longest))
        })
        .collect()
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let defines: HashMap<String, String> = p
        .define
        .as_ref()
        .map(|d| d.as_ref().clone().into_iter().collect())
        .unwrap_or_default();
    let pattern = compile(&p.pattern, &defines)?;
    let unless = OnceLock::new();
    if !spec.lazy {
        let _ = unless.set(compile_unless(&p.unless, &defines)?);
    }
    let corrections: HashMap<String, String> = p
        .corrections
        .as_ref()
        .map(|c| {
            c.as_ref()
                .iter()
                .map(|(k, v)| (lexicon::fold(k), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    // Neither `replace` nor `corrections`: a phrase to avoid, with no fix.
    let replace = match &p.replace {
        Some(r) if r.as_ref().is_empty() => {
            return Err(PackError::at(r.span(), "`replace` needs at least one text"));
        }
        Some(r) => r.as_ref().clone(),
        None => Vec::new(),
    };
    let closest = either(&p.choose, "choose", ["first", "closest"])?;
    let by_clause = either(&p.within, "within", ["sentence", "clause"])?;
    let literals = WordGroups::new(&required_groups(&pattern), start_pairs(&pattern));
    Ok(Box::new(Phrase {
        written: (
            p.pattern.as_ref().clone(),
            p.unless
                .as_ref()
                .map(|u| u.as_ref().clone())
                .unwrap_or_default(),
        ),
        literals,
        first_words: pattern.first_words().map(|w| w.into_iter().collect()),
        pattern,
        unless,
        defines,
        replace,
        corrections,
        closest,
        keep_case: p.keep_case.as_ref().is_none_or(|k| *k.as_ref()),
        by_clause,
        applicability: p
            .applicability
            .as_ref()
            .map_or(Applicability::Safe, |a| *a.as_ref()),
    }))
}

/// A parameter with two values: false for the first (the default), true
/// for the second.
fn either(
    value: &Option<Spanned<String>>,
    key: &str,
    [no, yes]: [&str; 2],
) -> Result<bool, PackError> {
    match value {
        None => Ok(false),
        Some(v) if v.as_ref() == no => Ok(false),
        Some(v) if v.as_ref() == yes => Ok(true),
        Some(v) => Err(PackError::at(
            v.span(),
            format!(
                "unknown `{key}` value `{}`: use `{no}` or `{yes}`",
                v.as_ref()
            ),
        )),
    }
}

impl Check for Phrase {
    fn triggers(&self) -> Option<Vec<String>> {
        self.pattern.triggers()
    }

    fn reads(&self) -> Reads {
        match self.literals {
            Some(_) => Reads::WORD_INDEX.and(Reads::WORD_KEYS),
            None => Reads::NOTHING,
        }
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        let mut lines = vec![("Pattern", self.written.0.clone())];
        lines.extend(self.written.1.iter().map(|u| ("Unless", u.clone())));
        lines
    }

    fn fix(&self) -> Option<Applicability> {
        (!self.replace.is_empty() || !self.corrections.is_empty()).then_some(self.applicability)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        // One sentence's tokens at a time, in one buffer.
        let mut toks = Toks::default();
        // The sentences that hold the pattern's words, if it has any: only
        // they are read. (A sentence that holds a trigger is in a block
        // that does, so they need not be found through the blocks.)
        let sentences: Box<dyn Iterator<Item = usize>> = match &self.literals {
            Some(literals) => {
                let (keys, words) = (cx.shared.word_keys(doc), cx.shared.word_index(doc));
                Box::new(literals.candidates(doc, &words, &keys).into_iter())
            }
            None => Box::new(cx.blocks(doc).flat_map(|(_, block)| block.sentences())),
        };
        for index in sentences {
            let sentence = &doc.sentences[index];
            let block = &doc.blocks[sentence.block()];
            if cx.stopped() {
                return;
            }
            if !cx.applies_to(block) || !cx.may_fire_in(block.prose.to_source(sentence.range())) {
                continue;
            }
            cx.shared.sentence_tokens(doc, index, &mut toks);
            let toks = &toks;
            let windows: Vec<std::ops::Range<usize>> = if self.by_clause {
                clauses(&toks.toks).collect()
            } else {
                std::iter::once(0..toks.len()).collect()
            };
            for window in windows {
                let mut last_end = 0;
                for i in window.clone() {
                    if let Some(first) = &self.first_words
                        && !first.contains(toks.lower(i))
                    {
                        continue;
                    }
                    let Some((start, end)) = self.pattern.run_span(toks, window.end, i) else {
                        continue;
                    };
                    if start < last_end || start == end {
                        continue;
                    }
                    last_end = end;
                    if self.excepted(toks, &window, start, end) {
                        continue;
                    }
                    self.report(block, toks, start..end, cx);
                }
            }
        }
    }
}

impl Phrase {
    /// Whether an `unless` pattern matches a stretch of `window` covering
    /// tokens `start..end`.
    fn excepted(
        &self,
        toks: &Toks,
        window: &std::ops::Range<usize>,
        start: usize,
        end: usize,
    ) -> bool {
        // A match of `u` that reaches `end` starts no more than its longest
        // stretch before it: only those starts are tried (trying every start
        // of the window made a long sentence of matches quadratic).
        let unless = self.unless.get_or_init(|| {
            let written = Spanned::new(0..0, self.written.1.clone());
            // A built-in rule's patterns compile: the test suite builds
            // every built-in pack in full.
            compile_unless(&Some(written), &self.defines)
                .unwrap_or_else(|e| panic!("a built-in `unless` pattern: {}", e.message))
        });
        unless.iter().any(|(u, longest)| {
            let from = end.saturating_sub(*longest).max(window.start);
            (from..=start).any(|j| u.run(toks, window.end, j).is_some_and(|e| e >= end))
        })
    }

    fn report(
        &self,
        block: &crate::document::Block,
        toks: &Toks,
        range: std::ops::Range<usize>,
        cx: &mut Context,
    ) {
        let reported = &toks.toks[range.clone()];
        let text_range = reported[0].range().start..reported[reported.len() - 1].range().end;
        let found = &block.text()[text_range.clone()];
        let words: Vec<&str> = reported
            .iter()
            .filter(|t| t.is_word())
            .map(|t| &block.text()[t.range()])
            .collect();
        let corrected = self.corrections.get(&lexicon::fold(found));
        let options: Vec<String> = corrected
            .into_iter()
            .chain(&self.replace)
            .map(|template| {
                let filled = fill(template, found, &words);
                if self.keep_case {
                    copy_case(found, &filled)
                } else {
                    filled
                }
            })
            .collect();
        if options.is_empty() {
            let span = block.prose.to_source(text_range);
            let vars = [("match", found), ("replacement", ""), ("suggestions", "")];
            cx.report(Finding::new(span, &vars));
            return;
        }
        let best = if self.closest && corrected.is_none() {
            closest(found, &options)
        } else {
            0
        };
        let replacement = options[best].clone();
        if replacement == found {
            return;
        }
        let mut ordered: Vec<&str> = vec![&replacement];
        ordered.extend(
            options
                .iter()
                .filter(|o| **o != replacement)
                .map(String::as_str),
        );
        ordered.dedup();
        let suggestions = quoted_list(&ordered);
        let span = block.prose.to_source(text_range.clone());
        let vars = [
            ("match", found),
            ("replacement", replacement.as_str()),
            ("suggestions", suggestions.as_str()),
        ];
        let mut finding = Finding::new(span, &vars);
        finding.fix = block.replace_fix(text_range, replacement.clone(), self.applicability);
        cx.report(finding);
    }
}

/// Fills `{0}` (the text found) and `{1}`, `{2}`… (its words) in a
/// replacement template.
fn fill(template: &str, found: &str, words: &[&str]) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut vars: Vec<(String, &str)> = vec![("0".to_string(), found)];
    vars.extend(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| ((i + 1).to_string(), *w)),
    );
    let refs: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    super::render(template, &refs)
}

/// Gives `target` the case of `template` letter by letter, the last case
/// carrying on past the template's letters: ("Their", "they're") →
/// "They're"; ("A OK", "a-ok") → "A-OK".
pub fn copy_case(template: &str, target: &str) -> String {
    let mut cases = template
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(char::is_uppercase);
    let mut upper = false;
    let mut out = String::with_capacity(target.len());
    for c in target.chars() {
        if c.is_alphabetic()
            && let Some(u) = cases.next()
        {
            upper = u;
        }
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The option most like the text found (fewest edits, relative to length),
/// so that "boarders" is fixed to "borders" rather than "border".
fn closest(found: &str, options: &[String]) -> usize {
    let found = found.to_lowercase();
    let mut best = (0, f64::MIN);
    for (i, option) in options.iter().enumerate() {
        let score = strsim::normalized_levenshtein(&found, &option.to_lowercase());
        if score > best.1 {
            best = (i, score);
        }
    }
    best.0
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::test_support::{findings, fixed, flagged, rule};

    #[test]
    fn modal_of_is_fixed_in_case_and_hard_negatives_pass() {
        let r = rule(
            "phrase",
            "pattern = '<([could, should, would, must] of), of>'\nreplace = ['have']\nunless = ['of course']",
        );
        assert_eq!(
            fixed("He could of gone. Should of known.", &r),
            "He could have gone. Should have known."
        );
        assert!(flagged("It could, of course, help.", &r).is_empty());
        assert!(flagged("He could of course help.", &r).is_empty());
        assert!(flagged("The smell of coffee.", &r).is_empty());
    }

    /// "might" can be an adjective in the lexicon: an optional `(ADJ )`
    /// before it would take it and not give it back, so the noun readings
    /// are written out as alternatives.
    #[test]
    fn an_unless_pattern_reaching_back_before_the_match_cancels_it() {
        for unless in [
            "the might of",
            "[the, a] might of",
            "[(the might), (the ADJ might), (the ADJ ADJ might)] of",
        ] {
            let r = rule(
                "phrase",
                &format!(
                    "pattern = '<([could, might, must] of), of>'\nreplace = ['have']\nunless = ['{unless}']"
                ),
            );
            assert!(
                flagged("It felt the might of the law.", &r).is_empty(),
                "{unless}"
            );
            if unless.contains("ADJ") {
                assert!(flagged("It felt the full might of the law.", &r).is_empty());
            }
            assert_eq!(flagged("They might of left.", &r), ["of"], "{unless}");
        }
    }

    #[test]
    fn clause_scope_stops_at_commas_and_sentences_at_periods() {
        let clause = rule(
            "phrase",
            "pattern = 'one two'\nreplace = ['x']\nwithin = 'clause'",
        );
        assert_eq!(flagged("one two", &clause), ["one two"]);
        assert!(flagged("one, two", &clause).is_empty());
        let sentence = rule("phrase", "pattern = 'one , two'\nreplace = ['x']");
        assert!(flagged("one , two", &sentence).len() == 1);
        let cross = rule("phrase", "pattern = 'one two'\nreplace = ['x']");
        assert!(flagged("It was one. Two more came.", &cross).is_empty());
    }

    #[test]
    fn templates_alternatives_and_help() {
        let r = rule(
            "phrase",
            "pattern = '(had went)'\nreplace = ['{1} gone', 'went']\nhelp = 'write {suggestions}'",
        );
        let found = findings("They had went home.", &r);
        assert_eq!(found[0].0, "had went");
        assert_eq!(found[0].1.as_deref(), Some("write `had gone` or `went`"));
        let border = rule(
            "phrase",
            "pattern = '[boarder, boarders]'\nreplace = ['border', 'borders']\nchoose = 'closest'",
        );
        assert_eq!(fixed("the boarders", &border), "the borders");
        let first = rule(
            "phrase",
            "pattern = 'boarders'\nreplace = ['border', 'borders']",
        );
        assert_eq!(fixed("the boarders", &first), "the border");
        let corrected = rule(
            "phrase",
            "pattern = 'had [went, came]'\ncorrections = { 'had went' = 'had gone', 'had came' = 'had come' }",
        );
        assert_eq!(fixed("It had came.", &corrected), "It had come.");
    }

    #[test]
    fn case_is_copied_letter_by_letter() {
        assert_eq!(copy_case("Their", "they're"), "They're");
        assert_eq!(copy_case("A OK", "a-ok"), "A-OK");
        assert_eq!(copy_case("a ok", "A-OK"), "a-ok");
        assert_eq!(copy_case("COULD OF", "could have"), "COULD HAVE");
    }

    #[test]
    fn bad_patterns_are_pack_errors() {
        let text = "[pack]\nname = \"p\"\n[[rule]]\nid = \"r\"\nkind = \"phrase\"\nmessage = \"m\"\nbad = [\"a\"]\npattern = \"[a, b\"\nreplace = [\"x\"]\n";
        let err = crate::rules::Pack::parse(text).unwrap_err();
        assert!(
            err.message.starts_with("invalid phrase pattern"),
            "{}",
            err.message
        );
        assert_eq!(&text[err.span.unwrap()], "\"[a, b\"");
    }
}
