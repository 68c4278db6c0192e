//! `duplicate-paragraph`: a paragraph pasted twice. Each paragraph in scope
//! is normalised (case, whitespace, quotes) and hashed; a later paragraph
//! equal to an earlier one is reported, with the first as the related place.

use std::collections::HashMap;

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{Document, compare_hash, normalize_for_compare};

params! {
    /// The parameters of this kind.
    struct Params {
        /// shortest paragraph, in words, that is compared (default 8), so
        /// that a repeated "Thank you." or a refrain is not flagged
        min_words: Option<Spanned<usize>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "duplicate-paragraph",
    summary: "a paragraph that repeats an earlier paragraph word for word",
    params: Params::DOCS,
    vars: &[],
    build,
    honours_sic: false,
};

struct DuplicateParagraph {
    min_words: usize,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    Ok(Box::new(DuplicateParagraph {
        min_words: p.min_words.as_ref().map_or(8, |m| *m.as_ref()),
    }))
}

impl Check for DuplicateParagraph {
    fn check(&self, doc: &Document, cx: &mut Context) {
        // Paragraphs by the hash of their normal form: the forms are built
        // only for the rare pair whose hashes agree.
        let mut first_seen: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, block) in cx.blocks(doc) {
            if block.words().len() < self.min_words {
                continue;
            }
            let seen = first_seen.entry(compare_hash(block.text())).or_default();
            let form = || normalize_for_compare(block.text());
            let Some(first) = seen
                .iter()
                .copied()
                .find(|&f| normalize_for_compare(doc.blocks[f].text()) == form())
            else {
                seen.push(i);
                continue;
            };
            let mut finding = Finding::new(block.trimmed_span(), &[]);
            finding.label = Some("this paragraph is pasted twice".to_string());
            finding.related.push(Related {
                span: doc.blocks[first].trimmed_span(),
                message: "it first appears here".to_string(),
            });
            cx.report(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{flagged, rule};

    fn dup() -> crate::rules::Rule {
        rule("duplicate-paragraph", "scope = ['paragraph']")
    }

    #[test]
    fn the_second_copy_is_flagged() {
        let text = "The council voted on Monday to approve the new budget.\n\nIt passed.\n\nThe council voted on Monday to approve the new  budget.\n";
        assert_eq!(
            flagged(text, &dup()),
            ["The council voted on Monday to approve the new  budget."]
        );
    }

    #[test]
    fn short_or_different_paragraphs_are_left_alone() {
        let text = "Thank you.\n\nThank you.\n\nThe council voted on Monday to approve the budget.\n\nThe council voted on Tuesday to approve the budget.\n";
        assert!(flagged(text, &dup()).is_empty());
    }
}
