//! `repetition`: the same word twice in a row ("the the"), also across a line
//! break. Legitimate doubles ("had had", "that that") are listed as
//! exceptions, and a doubled capitalised word is taken for a name
//! ("Bora Bora", "Duran Duran").

use std::collections::HashSet;

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::{Applicability, Fix};
use crate::document::Document;

params! {
    /// The parameters of this kind.
    struct Params {
        /// doubled words that are correct, such as "had had"
        exceptions: Option<Spanned<Vec<String>>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "repetition",
    summary: "the same word twice in a row; fixable",
    params: Params::DOCS,
    vars: &[("word", "the repeated word")],
    build,
    honours_sic: false,
};

struct Repetition {
    exceptions: HashSet<String>,
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
    Ok(Box::new(Repetition { exceptions }))
}

impl Check for Repetition {
    fn fix(&self) -> Option<Applicability> {
        Some(Applicability::Safe)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            let text = block.text();
            let words = &doc.words[block.words.clone()];
            for pair in words.windows(2) {
                let (first, second) = (&pair[0], &pair[1]);
                if first.placeholder || second.placeholder {
                    continue;
                }
                let (a, b) = (doc.word_text(first), doc.word_text(second));
                // Cheapest test first: most neighbouring words differ.
                if !same_word(a, b) {
                    continue;
                }
                let gap = &text[first.range.end..second.range.start];
                if !gap.chars().all(char::is_whitespace) || !a.chars().any(char::is_alphabetic) {
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
                if name || emphasis || self.exceptions.contains(&a.to_lowercase()) {
                    continue;
                }
                let span = block.prose.to_source(first.range.start..second.range.end);
                let vars = [("word", b)];
                let mut finding = Finding::new(span, &vars);
                finding.label = Some("repeated word".to_string());
                finding.fix = block
                    .prose
                    .to_source_exact(first.range.end..second.range.end)
                    .map(|exact| Fix::replace(exact, "", Applicability::Safe));
                cx.report(finding);
            }
        }
    }
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
    fn flags_doubled_acronyms() {
        let r = repetition();
        assert_eq!(flagged("The UN UN report.", &r), ["UN UN"]);
    }
}
