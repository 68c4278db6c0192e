//! `spelling`: a dictionary spell-checker that leaves names alone. A
//! lowercase word is flagged when it is not in the dictionary (SCOWL English,
//! American and British spellings; see rules/dictionaries/README.md).
//! Capitalised words are not checked: inside a sentence they are names, and
//! at its start a name is likelier than a misspelling (the known-misspelling
//! rule still catches a "Teh" there). Words in other scripts, acronyms, words
//! with digits and the rule's `accept` list pass; words on its `reject` list
//! are always flagged.

use foldhash::HashSet;

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec, match_case};
use crate::diagnostic::Applicability;
use crate::document::Document;
use crate::lang::dictionary::{in_dictionary, is_latin, known_with_apostrophe, suggestions};

params! {
    /// The parameters of this kind.
    struct Params {
        /// words that are right (the project's vocabulary)
        accept: Option<Spanned<Vec<String>>>,
        /// words that are always wrong, even if the dictionary has them
        reject: Option<Spanned<Vec<String>>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "spelling",
    summary: "a word not in the dictionary (names excepted), with suggestions",
    params: Params::DOCS,
    vars: &[
        ("match", "the word as written"),
        ("suggestions", "likely corrections, or \"no suggestion\""),
    ],
    build,
    honours_sic: true,
};

struct Spelling {
    accept: HashSet<String>,
    reject: HashSet<String>,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let set = |list: &Option<toml::Spanned<Vec<String>>>| -> HashSet<String> {
        list.as_ref()
            .map(|l| l.as_ref().iter().map(|w| w.to_lowercase()).collect())
            .unwrap_or_default()
    };
    Ok(Box::new(Spelling {
        accept: set(&p.accept),
        reject: set(&p.reject),
    }))
}

impl Check for Spelling {
    fn fix(&self) -> Option<Applicability> {
        Some(Applicability::Unsafe)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            for sentence in doc.block_sentences(block) {
                let words = &doc.words[sentence.words()];
                for word in words {
                    let text = &block.text()[word.range()];
                    let lower = text.to_lowercase();
                    let rejected = self.reject.contains(&lower);
                    if !rejected
                        && (word.placeholder()
                            || text.chars().count() < 2
                            || text.chars().any(|c| c.is_numeric())
                            || text.chars().next().is_some_and(char::is_uppercase)
                            || !is_latin(text)
                            || self.accept.contains(&lower)
                            || in_dictionary(text)
                            || known_with_apostrophe(text))
                    {
                        continue;
                    }
                    let options = suggestions(text);
                    let shown = if options.is_empty() {
                        "no suggestion".to_string()
                    } else {
                        options
                            .iter()
                            .map(|o| format!("`{}`", match_case(text, o)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let vars = [("match", text), ("suggestions", shown.as_str())];
                    let mut finding = Finding::new(block.prose.to_source(word.range()), &vars);
                    if let [only] = options.as_slice() {
                        finding.fix = block.replace_fix(
                            word.range(),
                            match_case(text, only),
                            Applicability::Unsafe,
                        );
                    }
                    cx.report(finding);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{flagged, rule};

    #[test]
    fn names_and_vocabulary_pass_unknown_words_do_not() {
        let r = rule("spelling", "accept = ['tjuer']\nreject = ['alright']");
        let text = "Ming Dong said Zhong Denghua signed. Li Jiajun agreed. Li said the tjuer was alright, etc., and the plan was finnished in 中文.";
        assert_eq!(flagged(text, &r), ["alright", "finnished"]);
    }
}
