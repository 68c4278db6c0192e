//! Vale's `sequence` check: a run of tokens, each a word's text (`pattern`)
//! and/or its part-of-speech tag (`tag`), negated or not, with `skip`
//! letting words come between, matched sentence by sentence as Vale's
//! `internal/check/sequence.go` does (its anchor, its left and right
//! walks, its `%[n]s` message over the words matched).
//!
//! Vale tags words with a statistical tagger (Penn Treebank tags); galley
//! has no tagger, so a word's tags are those its word classes in
//! galley's lexicon allow, narrowed by its neighbours ([`penn`]): a `tag`
//! matches when any of them does, and a negated one when none does. That
//! is the approximation: a word that can be a noun or a verb ("work")
//! matches both `NN` and `VB`, where Vale's tagger picks one.

use std::ops::Range;

use super::pattern::{self, NONWORD};
use super::{Check, Context, PackError, Reading, units};
use crate::document::Document;
use crate::lang::inflect;
use crate::lang::lexicon::Class;
use crate::lang::tokens::{TokKind, Toks};
use crate::vale::Definition;

/// One token of the rule, after Vale's `makeTokens` (a token with `skip: n`
/// becomes `n` optional copies before it), kept as runs of equal tokens:
/// a `skip` is a count, not that many copies.
#[derive(Debug, Clone)]
struct Token {
    pattern: Option<pattern::Lazy>,
    tag: Option<pattern::Lazy>,
    negate: bool,
    skip: usize,
    optional: bool,
    start: bool,
    end: bool,
}

struct Sequence {
    /// Runs of tokens: each token and how many times it comes in a row.
    runs: Vec<(Token, usize)>,
    /// Where each run ends in the expanded tokens.
    ends: Vec<usize>,
    message: String,
}

pub fn sequence(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let mut runs = Vec::new();
    for step in &def.steps {
        let pattern = match &step.pattern {
            Some(p) => Some(pattern::compile(
                &pattern::wrap(NONWORD, &p.text, def.ignorecase),
                p.span.clone(),
                &def.origin,
            )?),
            None => None,
        };
        let tag = match &step.tag {
            Some(t) => Some(pattern::compile(&t.text, t.span.clone(), &def.origin)?),
            None => None,
        };
        let token = Token {
            pattern,
            tag,
            negate: step.negate,
            skip: step.skip,
            optional: true,
            start: false,
            end: false,
        };
        // The skip copies: the first is the `start` one.
        if step.skip > 0 {
            runs.push((
                Token {
                    start: true,
                    ..token.clone()
                },
                1,
            ));
        }
        if step.skip > 1 {
            runs.push((token.clone(), step.skip - 1));
        }
        if token.pattern.is_some() || token.tag.is_some() {
            runs.push((
                Token {
                    optional: false,
                    end: true,
                    ..token
                },
                1,
            ));
        }
    }
    if runs.is_empty() {
        return Err(PackError::at(
            def.extends_span.clone(),
            "a sequence rule needs `tokens` with a `pattern` or a `tag`",
        ));
    }
    let ends = runs
        .iter()
        .scan(0usize, |end, (_, n)| {
            *end = end.saturating_add(*n);
            Some(*end)
        })
        .collect();
    Ok(Box::new(Sequence {
        runs,
        ends,
        message: def.message.clone(),
    }))
}

/// A word of a sentence as Vale's tokenizer gives it: its place in the
/// sentence's text and the tags it may have.
struct Word {
    range: Range<usize>,
    tags: Vec<&'static str>,
}

impl Token {
    /// Vale's `tokensMatch`.
    fn matches(&self, text: &str, word: &Word) -> bool {
        let found = |r: &pattern::Lazy, s: &str| r.is_match(s);
        let tag_failed = self.tag.as_ref().is_some_and(|t| {
            let any = word.tags.iter().any(|tag| found(t, tag));
            any == self.negate
        });
        let text_failed = self
            .pattern
            .as_ref()
            .is_some_and(|p| found(p, &text[word.range.clone()]) == self.negate);
        // An empty tag matches any word's tag (Vale matches "" against it).
        let tag_failed = tag_failed || (self.tag.is_none() && self.negate);
        match (&self.pattern, &self.tag) {
            (None, _) => !tag_failed,
            (Some(_), None) => !text_failed,
            (Some(_), Some(_)) => !tag_failed && !text_failed,
        }
    }
}

impl Sequence {
    /// How many tokens the runs expand to.
    fn len(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// The expanded token at `at`.
    fn token(&self, at: usize) -> &Token {
        let run = self.ends.partition_point(|&end| end <= at);
        &self.runs[run].0
    }

    /// Vale's `sequenceMatches`: the words matched around the first word
    /// (not yet tried) that the anchor `idx` matches, and that word.
    fn matches(
        &self,
        idx: usize,
        text: &str,
        words: &[Word],
        tried: &[usize],
    ) -> (Vec<usize>, usize) {
        let mut steps: Vec<usize> = Vec::new();
        let mut index = 0;
        let Some(jdx) = (0..words.len())
            .find(|&j| self.token(idx).matches(text, &words[j]) && !tried.contains(&j))
        else {
            return (steps, index);
        };
        index = jdx;
        // Leftwards from the anchor.
        for i in 1..=idx {
            let Some(w) = jdx.checked_sub(i) else {
                return (Vec::new(), index);
            };
            let tok = self.token(idx - i);
            steps.insert(0, w);
            let optional = if tok.skip > 0 {
                (tok.optional || tok.end) && !tok.start
            } else {
                tok.optional
            };
            let matched = tok.matches(text, &words[w]);
            if !matched && !optional {
                return (Vec::new(), index);
            } else if matched && optional {
                break;
            }
        }
        // Rightwards, the anchor first.
        // Each walk ends within the sentence's words, however long a skip.
        for i in idx..self.len() {
            let w = jdx + (i - idx);
            if w >= words.len() {
                return (Vec::new(), index);
            }
            let tok = self.token(i);
            steps.push(w);
            let matched = tok.matches(text, &words[w]);
            if !matched && !tok.optional {
                return (Vec::new(), index);
            } else if matched && tok.optional {
                break;
            }
        }
        (steps, index)
    }
}

impl Check for Sequence {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let Some(run) = self
            .runs
            .iter()
            .position(|(t, _)| !t.negate && t.pattern.is_some())
        else {
            return;
        };
        let idx = if run == 0 { 0 } else { self.ends[run - 1] };
        let anchor = self.runs[run]
            .0
            .pattern
            .as_ref()
            .expect("the anchor's pattern");
        for unit in units(doc, cx, Reading::Sentences) {
            let text = unit.text;
            let found = pattern::find_all(anchor, text);
            if found.is_empty() {
                continue;
            }
            let words = words(text);
            let mut tried = Vec::new();
            for _ in found {
                let (steps, index) = self.matches(idx, text, &words, &tried);
                tried.push(index);
                if steps.is_empty() {
                    continue;
                }
                let parts: Vec<&str> = steps
                    .iter()
                    .map(|&w| &text[words[w].range.clone()])
                    .collect();
                let joined = steps_to_string(&parts);
                // Vale places the alert at the first place the words, so
                // joined, are in the sentence; failing that, at the words.
                let range = match text.find(&joined) {
                    Some(at) => at..at + joined.len(),
                    None => words[steps[0]].range.start..words[steps[steps.len() - 1]].range.end,
                };
                let message = pattern::format_message(&self.message, &parts);
                unit.report(cx, range, &message);
            }
        }
    }
}

/// Vale's `stepsToString`: the words joined by spaces, but none before
/// closing punctuation or a clitic (`'s`), and one before `(`.
fn steps_to_string(steps: &[&str]) -> String {
    let mut out = String::new();
    for step in steps {
        let closing = matches!(*step, "." | "," | ":" | ";" | "!" | "?" | "'" | "\"" | ")");
        if closing || step.starts_with('\'') {
            out.push_str(step);
        } else if *step == "(" {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push_str(step);
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(step);
        }
    }
    out.trim().to_string()
}

/// Clitics Vale's tokenizer splits from the word before them, with their
/// tags.
const CLITICS: [(&str, &[&str]); 7] = [
    ("n't", &["RB"]),
    ("'s", &["POS", "VBZ"]),
    ("'re", &["VBP"]),
    ("'ve", &["VBP"]),
    ("'ll", &["MD"]),
    ("'d", &["MD"]),
    ("'m", &["VBP"]),
];

/// A sentence's words, punctuation marks and split-off clitics, with their
/// possible tags.
fn words(text: &str) -> Vec<Word> {
    let toks = Toks::new(text, 0..text.len());
    let mut out = Vec::with_capacity(toks.len());
    for (i, tok) in toks.toks.iter().enumerate() {
        let range = tok.range();
        match tok.kind {
            TokKind::Word => {
                let lower = toks.lower(i);
                let clitic = CLITICS
                    .iter()
                    .find(|(c, _)| lower.len() > c.len() && lower.ends_with(c));
                match clitic {
                    Some((c, tags)) => {
                        // The folded word has straight apostrophes; the
                        // text's may be curly, so cut by characters.
                        let chars = c.chars().count();
                        let cut = text[range.clone()]
                            .char_indices()
                            .rev()
                            .nth(chars - 1)
                            .map_or(range.start, |(at, _)| range.start + at);
                        let base = &lower[..lower.len() - c.len()];
                        out.push(Word {
                            range: range.start..cut,
                            tags: penn(crate::lang::lexicon::classes(base), base),
                        });
                        out.push(Word {
                            range: cut..range.end,
                            tags: tags.to_vec(),
                        });
                    }
                    None => out.push(Word {
                        range,
                        tags: penn(toks.classes(i), lower),
                    }),
                }
            }
            TokKind::Number => out.push(Word {
                range,
                tags: vec!["CD"],
            }),
            TokKind::Punct(c) => out.push(Word {
                range,
                tags: vec![punct_tag(c)],
            }),
            TokKind::Space | TokKind::Placeholder => {}
        }
    }
    out
}

fn punct_tag(c: char) -> &'static str {
    match c {
        '.' | '!' | '?' => ".",
        ',' => ",",
        ':' | ';' | '-' | '–' | '—' | '…' => ":",
        '(' | '[' | '{' => "(",
        ')' | ']' | '}' => ")",
        '"' | '\'' | '“' | '”' | '‘' | '’' => "''",
        '$' | '£' | '€' => "$",
        '#' => "#",
        _ => "SYM",
    }
}

/// The Penn Treebank tags a word may have, from its word classes (`bits`,
/// in context) and, for the closed classes, the word itself (`lower`).
fn penn(bits: u32, lower: &str) -> Vec<&'static str> {
    let closed: &[&str] = match lower {
        "be" => &["VB"],
        "am" | "are" => &["VBP"],
        "is" => &["VBZ"],
        "was" | "were" => &["VBD"],
        "been" => &["VBN"],
        "being" => &["VBG"],
        "have" | "do" => &["VB", "VBP"],
        "has" | "does" => &["VBZ"],
        "had" => &["VBD", "VBN"],
        "did" => &["VBD"],
        "having" | "doing" => &["VBG"],
        "to" => &["TO"],
        "not" => &["RB"],
        "will" | "would" | "shall" | "should" | "can" | "could" | "may" | "might" | "must"
        | "ought" | "cannot" => &["MD"],
        "i" | "you" | "he" | "she" | "it" | "we" | "they" | "me" | "him" | "us" | "them"
        | "mine" | "yours" | "hers" | "ours" | "theirs" | "myself" | "yourself" | "himself"
        | "herself" | "itself" | "ourselves" | "themselves" => &["PRP"],
        "her" => &["PRP", "PRP$"],
        "my" | "your" | "his" | "its" | "our" | "their" => &["PRP$"],
        "who" | "whom" => &["WP"],
        "whose" => &["WP$"],
        "which" | "what" => &["WDT", "WP"],
        "how" | "where" | "when" | "why" => &["WRB"],
        "all" | "both" => &["DT", "PDT"],
        "there" => &["EX", "RB"],
        _ => &[],
    };
    if !closed.is_empty() {
        return closed.to_vec();
    }
    let has = |name: &str| Class::from_name(name).is_some_and(|c| c.admits(bits));
    let mut tags = Vec::new();
    // The lexicon marks number, not the spelling: its PLURAL bit is a
    // plural noun ("children", "focuses") and, on a verb, the third
    // person singular ("focuses", "runs"); "status" and "analysis" lack it.
    let plural = has("PLURAL");
    if has("NOUN") || has("PRON") {
        tags.push(if plural { "NNS" } else { "NN" });
    }
    if has("PROPN") {
        tags.push(if plural { "NNPS" } else { "NNP" });
    }
    if has("VERB") || has("AUX") {
        if has("PROG") {
            tags.push("VBG");
        } else if has("PAST") {
            tags.extend(["VBD", "VBN"]);
        } else if plural {
            tags.push("VBZ");
        } else {
            tags.extend(["VB", "VBP"]);
        }
        // The lexicon gives a spelling one set of classes: "run", a base
        // and a participle, is marked past, "cut" a base only. The
        // irregular verbs add the forms a spelling also is, and take the
        // past away from a base that is not one ("run", "come"); a
        // participle the table lacks ("got", "showed") stays.
        if let Some([base, past, participle]) = inflect::irregular_forms(lower) {
            let forms = [
                (base, &["VB", "VBP"][..]),
                (past, &["VBD"][..]),
                (participle, &["VBN"][..]),
            ];
            for (is, form) in forms {
                for tag in form.iter().filter(|_| is) {
                    if !tags.contains(tag) {
                        tags.push(tag);
                    }
                }
            }
            if base && !past {
                tags.retain(|t| *t != "VBD");
            }
        }
    }
    let graded = |tags: &mut Vec<&'static str>, base: &'static str, er, est| {
        tags.push(base);
        if lower.ends_with("est") || ["best", "worst", "most", "least"].contains(&lower) {
            tags.push(est);
        } else if lower.ends_with("er") || ["better", "worse", "more", "less"].contains(&lower) {
            tags.push(er);
        }
    };
    if has("ADJ") {
        graded(&mut tags, "JJ", "JJR", "JJS");
    }
    if has("ADV") {
        graded(&mut tags, "RB", "RBR", "RBS");
    }
    for (class, tag) in [
        ("DET", "DT"),
        ("ADP", "IN"),
        ("CCONJ", "CC"),
        ("SCONJ", "IN"),
        ("NUM", "CD"),
        ("INTJ", "UH"),
        ("PUNCT", "SYM"),
    ] {
        if has(class) && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags_of(sentence: &str) -> Vec<(String, Vec<&'static str>)> {
        words(sentence)
            .into_iter()
            .map(|w| (sentence[w.range].to_string(), w.tags))
            .collect()
    }

    #[test]
    fn clitics_are_split_and_closed_words_tagged() {
        let tags = tags_of("The endpoint's are mine.");
        let text: Vec<&str> = tags.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(text, ["The", "endpoint", "'s", "are", "mine", "."]);
        assert_eq!(tags[3].1, ["VBP"]);
        assert!(tags[1].1.contains(&"NN"), "{:?}", tags[1]);
        assert_eq!(tags[5].1, ["."]);
    }

    #[test]
    fn degrees_and_verb_forms_get_their_tags() {
        let tags = tags_of("He would be the greatest writer.");
        assert_eq!(tags[1].1, ["MD"]);
        assert!(tags[4].1.contains(&"JJS"), "{:?}", tags[4]);
        assert!(!tags[3].1.contains(&"PRP"), "{:?}", tags[3]);
    }

    #[test]
    fn an_irregular_verbs_spelling_gives_every_form_it_is() {
        let tags = tags_of("They run what we cut and ran.");
        let of = |i: usize| tags[i].1.clone();
        // "run": a base (so VBP after "they") and a participle.
        assert!(
            of(1).contains(&"VBP") && of(1).contains(&"VBN"),
            "{:?}",
            tags[1]
        );
        assert!(!of(1).contains(&"VBD"), "{:?}", tags[1]);
        // "cut": base, past and participle alike; "ran" a past only.
        for tag in ["VB", "VBD", "VBN"] {
            assert!(of(4).contains(&tag), "{:?}", tags[4]);
        }
        assert!(
            of(6).contains(&"VBD") && !of(6).contains(&"VB"),
            "{:?}",
            tags[6]
        );
        // A participle the table lacks stays one: "has got".
        let tags = tags_of("He has got a car.");
        assert!(tags[2].1.contains(&"VBN"), "{:?}", tags[2]);
    }

    #[test]
    fn number_comes_from_the_lexicons_plural_bit_not_the_spelling() {
        let tags = tags_of("The status of this analysis focuses the children on focus.");
        let of = |i: usize| tags[i].1.clone();
        assert_eq!(tags[1].0, "status");
        assert!(
            of(1).contains(&"NN") && !of(1).contains(&"NNS"),
            "{:?}",
            tags[1]
        );
        assert!(
            of(4).contains(&"NN") && !of(4).contains(&"NNS"),
            "{:?}",
            tags[4]
        );
        // "focuses": a plural noun and a third-person verb.
        assert!(
            of(5).contains(&"NNS") && of(5).contains(&"VBZ"),
            "{:?}",
            tags[5]
        );
        assert!(
            !of(5).contains(&"NN") && !of(5).contains(&"VB"),
            "{:?}",
            tags[5]
        );
        assert!(
            of(7).contains(&"NNS") && !of(7).contains(&"NN"),
            "{:?}",
            tags[7]
        );
        // "focus", out of context: a noun and a verb's base form, not VBZ.
        let focus = penn(crate::lang::lexicon::classes("focus"), "focus");
        assert_eq!(focus, ["NN", "VB", "VBP"]);
    }

    #[test]
    fn steps_join_as_vale_joins_them() {
        assert_eq!(
            steps_to_string(&["endpoint", "'s", "are"]),
            "endpoint's are"
        );
        assert_eq!(steps_to_string(&["opinion", ",", "he"]), "opinion, he");
        // As Vale: no space after `(` is not its rule.
        assert_eq!(steps_to_string(&["see", "(", "it", ")"]), "see ( it)");
    }
}
