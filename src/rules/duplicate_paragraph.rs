//! `duplicate-paragraph`: a paragraph pasted twice. Each paragraph in scope
//! is normalised (case, whitespace, quotes) and hashed; a later paragraph
//! equal to an earlier one is reported, with the first as the related place.

use foldhash::{HashMap, HashMapExt};

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{Block, Document, compare_hash, normalize_for_compare};

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
        // A key that equal normal forms share: the number of words and of
        // bytes in them (the normal form keeps every word, and case pairs
        // are nearly all as long in UTF-8). Only paragraphs whose key
        // another paragraph has are hashed: in most articles, none.
        let key = |block: &Block| {
            let words = &doc.words[block.words()];
            let bytes: usize = words.iter().map(|w| w.range().len()).sum();
            (words.len(), bytes)
        };
        let mut keyed: Vec<((usize, usize), usize)> = cx
            .blocks(doc)
            .filter(|(_, block)| block.words().len() >= self.min_words)
            .map(|(i, block)| (key(block), i))
            .collect();
        keyed.sort_unstable();
        let mut shared: Vec<usize> = keyed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|group| group.len() > 1)
            .flatten()
            .map(|&(_, i)| i)
            .collect();
        shared.sort_unstable();
        // Those paragraphs by the hash of their normal form: the forms are
        // built only for the rare pair whose hashes agree.
        let mut first_seen: HashMap<u64, Vec<usize>> = HashMap::new();
        for i in shared {
            if cx.stopped() {
                return;
            }
            let block = &doc.blocks[i];
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
            finding.label = Some("this paragraph is pasted twice".into());
            finding.related.push(Related {
                span: doc.blocks[first].trimmed_span(),
                message: "it first appears here".into(),
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
    fn a_copy_in_other_case_quotes_and_spaces_is_flagged() {
        let text = "The “Council” voted on Monday – to approve the new budget. Mr. Li said so.\n\nIt passed.\n\nThe \"council\"\u{a0}voted on MONDAY - to approve the NEW budget.  Mr. li said so.\n";
        assert_eq!(
            flagged(text, &dup()),
            ["The \"council\"\u{a0}voted on MONDAY - to approve the NEW budget.  Mr. li said so."]
        );
    }

    /// A finding is held until the document's are written out: its
    /// related place takes no room beyond it, and its label and the
    /// related place's message, the same for every finding, are the
    /// program's, not a copy each (a document that repeats its
    /// paragraphs has tens of thousands of these findings).
    #[test]
    fn a_finding_holds_no_room_beyond_its_related_place() {
        let text = "The council voted on Monday to approve the new budget.\n\nThe council voted on Monday to approve the new budget.\n";
        let source = crate::source::SourceFile::new("t.txt", text);
        let doc = crate::document::Document::parse(
            &source,
            crate::document::Format::TEXT,
            &crate::document::ArticleSettings::default(),
        );
        let found = dup().check(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].related.len(), 1);
        assert_eq!(found[0].related.capacity(), 1);
        let borrowed =
            |text: &std::borrow::Cow<'static, str>| matches!(text, std::borrow::Cow::Borrowed(_));
        assert!(found[0].label.as_ref().is_some_and(borrowed));
        assert!(borrowed(&found[0].related[0].message));
    }

    #[test]
    fn short_or_different_paragraphs_are_left_alone() {
        let text = "Thank you.\n\nThank you.\n\nThe council voted on Monday to approve the budget.\n\nThe council voted on Tuesday to approve the budget.\n";
        assert!(flagged(text, &dup()).is_empty());
    }
}
