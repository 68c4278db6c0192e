//! `repetition`: the same word twice in a row ("the the"), also across a line
//! break. Legitimate doubles ("had had", "that that") are listed as
//! exceptions, a doubled capitalised word is taken for a name ("Bora Bora",
//! "Duran Duran"), three or more in a row are deliberate ("killing killing
//! killing"), and so is a doubled intensifier in quoted speech ("really
//! really good"). A word beside a compound that begins or ends with it ("in
//! in-fighting", "a break-in in May"), a demonstrative doubled after a
//! preposition ("add to this this rule": a pronoun, then a determiner) and
//! a word repeated as the capitalised start of a name ("the law lord Lord
//! Smith") are not doubles.

use std::collections::HashSet;

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Applicability;
use crate::document::{Document, Word};
use crate::lang::fnv::BuildFnv;
use crate::lang::lexicon::{can_be_function_word, can_be_preposition};

params! {
    /// The parameters of this kind.
    struct Params {
        /// doubled words that are correct, such as "had had"
        exceptions: Option<Spanned<Vec<String>>>,
        /// words a speaker doubles for emphasis, left alone inside quotations (default: really,
        /// very, so, much, far, too, way, super, long, more)
        intensifiers: Option<Spanned<Vec<String>>>,
        /// words that are right doubled after a preposition that follows another word, a pronoun
        /// then a determiner: "add to this this rule" (default: this, these, those)
        demonstratives: Option<Spanned<Vec<String>>>,
    }
}

const INTENSIFIERS: &[&str] = &[
    "really", "very", "so", "much", "far", "too", "way", "super", "long", "more",
];
const DEMONSTRATIVES: &[&str] = &["this", "these", "those"];

pub static KIND: KindInfo = KindInfo {
    name: "repetition",
    summary: "the same word twice in a row; fixable",
    params: Params::DOCS,
    vars: &[("word", "the repeated word")],
    build,
    honours_sic: false,
};

/// The word lists are the pack's, looked up (never added to) with each
/// doubled word found: a fast hash is safe.
struct Repetition {
    exceptions: HashSet<String, BuildFnv>,
    intensifiers: HashSet<String, BuildFnv>,
    demonstratives: HashSet<String, BuildFnv>,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let exceptions = p
        .exceptions
        .as_ref()
        .map(|e| {
            e.as_ref()
                .iter()
                .filter_map(|pair| pair.split_whitespace().next())
                .map(str::to_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let list = |given: &Option<Spanned<Vec<String>>>, default: &[&str]| match given {
        Some(list) => list.as_ref().iter().map(|w| w.to_lowercase()).collect(),
        None => default.iter().map(|w| w.to_string()).collect(),
    };
    Ok(Box::new(Repetition {
        exceptions,
        intensifiers: list(&p.intensifiers, INTENSIFIERS),
        demonstratives: list(&p.demonstratives, DEMONSTRATIVES),
    }))
}

impl Check for Repetition {
    fn fix(&self) -> Option<Applicability> {
        Some(Applicability::Safe)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            let words = &doc.words[block.words()];
            // Whether words i and i + 1 are the same word with only space
            // between them.
            let word = |w: &Word| &text[w.range()];
            let bytes = text.as_bytes();
            let doubled = |i: usize| {
                let (first, second) = (&words[i], &words[i + 1]);
                if differ_at_first_byte(bytes, first, second) {
                    return false;
                }
                !first.placeholder()
                    && !second.placeholder()
                    // Cheapest test first: most neighbouring words differ.
                    && same_word(word(first), word(second))
                    && text[first.range().end..second.range().start]
                        .chars()
                        .all(char::is_whitespace)
            };
            for i in 0..words.len().saturating_sub(1) {
                // The first bytes' test of `doubled`, here in the loop: a
                // call for every pair of neighbours cost some sixty
                // instructions, and this test turns most pairs away.
                if differ_at_first_byte(bytes, &words[i], &words[i + 1]) {
                    continue;
                }
                if !doubled(i) {
                    continue;
                }
                let (first, second) = (&words[i], &words[i + 1]);
                let (a, b) = (word(first), word(second));
                if !a.chars().any(char::is_alphabetic) {
                    continue;
                }
                // Three or more in a row is deliberate: "no no no".
                if (i > 0 && doubled(i - 1)) || (i + 2 < words.len() && doubled(i + 1)) {
                    continue;
                }
                let span = block
                    .prose
                    .to_source(first.range().start..second.range().end);
                if self.intensifiers.contains(&a.to_lowercase()) && doc.in_quotation(span) {
                    continue;
                }
                let both_capitalised = [a, b]
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                let is_caps =
                    |w: &str| w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase());
                // "to TO BACK OUT": a word repeated in capitals is emphasis.
                let emphasis = is_caps(a) != is_caps(b);
                let name = both_capitalised && !is_caps(a);
                let lower = a.to_lowercase();
                if name || emphasis || self.exceptions.contains(&lower) {
                    continue;
                }
                // "in in-fighting", "a break-in in May": one of the two is
                // part of a compound.
                if text[..first.range().start].ends_with('-')
                    || text[second.range().end..].starts_with('-')
                {
                    continue;
                }
                let before = |k: usize| {
                    (k > 0 && only_space(&text[words[k - 1].range().end..words[k].range().start]))
                        .then(|| word(&words[k - 1]).to_lowercase())
                };
                // "Add to this this rule": a pronoun after a preposition
                // that follows another word, then a determiner.
                if self.demonstratives.contains(&lower)
                    && before(i).is_some_and(|p| can_be_preposition(&p))
                    && before(i - 1).is_some()
                {
                    continue;
                }
                // "the law lord Lord Smith": the second starts a name.
                let next_is_capitalised = words.get(i + 2).is_some_and(|n| {
                    only_space(&text[second.range().end..n.range().start])
                        && word(n).chars().next().is_some_and(char::is_uppercase)
                });
                if a.chars().next().is_some_and(char::is_lowercase)
                    && b.chars().next().is_some_and(char::is_uppercase)
                    && !is_caps(b)
                    && next_is_capitalised
                    && !can_be_function_word(&lower)
                {
                    continue;
                }
                let vars = [("word", b)];
                let mut finding = Finding::new(span, &vars);
                finding.label = Some("repeated word".into());
                finding.fix = block.replace_fix(
                    first.range().end..second.range().end,
                    "",
                    Applicability::Safe,
                );
                cx.report(finding);
            }
        }
    }
}

/// Whether the text between two words is only space: no punctuation
/// parts them.
fn only_space(gap: &str) -> bool {
    gap.chars().all(char::is_whitespace)
}

/// Equal ignoring case; allocates only for non-ASCII words.
fn same_word(a: &str, b: &str) -> bool {
    // Most neighbours differ in their first letter.
    if let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first())
        && x.is_ascii()
        && y.is_ascii()
        && !x.eq_ignore_ascii_case(&y)
    {
        return false;
    }
    a.eq_ignore_ascii_case(b)
        || (!(a.is_ascii() && b.is_ascii()) && a.to_lowercase() == b.to_lowercase())
}

/// Whether two words of a block (`bytes` its text) differ in their first
/// byte, both ASCII: most neighbours do, and are told apart here before
/// either word is sliced.
#[inline(always)]
fn differ_at_first_byte(bytes: &[u8], first: &Word, second: &Word) -> bool {
    let (x, y) = (bytes[first.range().start], bytes[second.range().start]);
    x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(&y)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fixed, flagged, rule};

    fn repetition() -> crate::rules::Rule {
        rule("repetition", "exceptions = ['had had', 'that that']")
    }

    #[test]
    fn flags_doubles_also_across_lines() {
        let r = repetition();
        assert_eq!(flagged("Paris in the the spring.", &r), ["the the"]);
        assert_eq!(flagged("It was the\nthe end.", &r), ["the\nthe"]);
        assert_eq!(fixed("The the cat sat.", &r), "The cat sat.");
    }

    #[test]
    fn leaves_exceptions_names_numbers_and_punctuated_pairs() {
        let r = repetition();
        assert!(flagged("She had had enough. He said that that was fine.", &r).is_empty());
        assert!(flagged("They flew to Bora Bora.", &r).is_empty());
        assert!(flagged("Scores were 1 1 and no, no deal.", &r).is_empty());
        assert!(flagged("If we have to TO BACK OUT now, we warn them.", &r).is_empty());
    }

    #[test]
    fn three_in_a_row_and_quoted_intensifiers_are_deliberate() {
        let r = repetition();
        assert!(flagged("They chanted killing killing killing all night.", &r).is_empty());
        assert!(flagged("He said \"no, no no no\" to the plan.", &r).is_empty());
        assert!(flagged("She said it was \"really really good\" to be back.", &r).is_empty());
        // Outside quotation marks, or a word that is no intensifier: a slip.
        assert_eq!(flagged("It was really really good.", &r), ["really really"]);
        assert_eq!(flagged("She said \"the the plan works\".", &r), ["the the"]);
    }

    #[test]
    fn compounds_demonstratives_and_names_are_not_doubles() {
        let r = repetition();
        for good in [
            "Their energy was lost in in-fighting.",
            "His flat was hit by a break-in in March.",
            "Add to this this new levy on fuel.",
            "On top of those those extra fees apply.",
            "The retired law lord Lord Hope spoke.",
            "They met the Pope Pope Leo at noon.",
        ] {
            assert!(flagged(good, &r).is_empty(), "{good}");
        }
    }

    #[test]
    fn still_flags_plain_doubles_beside_those_shapes() {
        let r = repetition();
        for (bad, found) in [
            ("The the report was late.", "The the"),
            ("He came in in the spring.", "in in"),
            ("In this this year, sales fell.", "this this"),
            ("She read this this morning's paper.", "this this"),
            ("They met in the The Hague office.", "the The"),
            (
                "It ended in hostility hostility for years.",
                "hostility hostility",
            ),
            ("the lord lord Smith", "lord lord"),
        ] {
            assert_eq!(flagged(bad, &r), [found], "{bad}");
        }
    }

    #[test]
    fn flags_doubled_acronyms() {
        let r = repetition();
        assert_eq!(flagged("The UN UN report.", &r), ["UN UN"]);
    }
}
