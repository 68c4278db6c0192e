//! `duplicate-caption`: a caption (or another short standalone block) whose
//! text repeats a sentence of the body — a caption pasted twice, once under
//! the photo and once into the story. Compared after normalising case,
//! whitespace, quotes and markup.

use std::collections::HashMap;

use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{Document, normalize_for_compare};

pub static KIND: KindInfo = KindInfo {
    name: "duplicate-caption",
    summary: "a caption or short standalone block that repeats a sentence of the body",
    params: &[(
        "min-words",
        "shortest caption, in words, that is compared (default 4), so that \"Thank you.\" is not flagged",
    )],
    vars: &[(
        "kind",
        "the kind of block that repeats the sentence: caption, paragraph…",
    )],
    build,
};

struct DuplicateCaption {
    min_words: usize,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(DuplicateCaption {
        min_words: spec.min_words.as_ref().map_or(4, |m| *m.as_ref()),
    }))
}

impl Check for DuplicateCaption {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let candidates: Vec<usize> = cx
            .blocks(doc)
            .filter(|(_, b)| b.is_standalone_short() && b.words.len() >= self.min_words)
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return;
        }
        // Normal form of every body sentence, and of every run of two, to the
        // sentence indexes it covers. First occurrence wins.
        let mut body: HashMap<String, (usize, usize)> = HashMap::new();
        for block in doc.blocks.iter().filter(|b| b.kind.is_body()) {
            let sentences = block.sentences.clone();
            for i in sentences.clone() {
                let one = normalize_for_compare(doc.sentence_text(&doc.sentences[i]));
                body.entry(one.clone()).or_insert((i, i));
                if i + 1 < sentences.end {
                    let two = normalize_for_compare(doc.sentence_text(&doc.sentences[i + 1]));
                    body.entry(format!("{one} {two}")).or_insert((i, i + 1));
                }
            }
        }
        for index in candidates {
            let block = &doc.blocks[index];
            let key = normalize_for_compare(block.text());
            let Some(&(first, last)) = body.get(&key) else {
                continue;
            };
            let repeated = &doc.sentences[first];
            // A block is not a duplicate of itself, nor of a block no longer than it.
            let source_block = &doc.blocks[repeated.block];
            if repeated.block == index || source_block.sentences.len() <= block.sentences.len() {
                continue;
            }
            let text = block.text();
            let trimmed = text.trim();
            let lead = text.len() - text.trim_start().len();
            let span = block.prose.to_source(lead..lead + trimmed.len());
            let start = doc.sentence_span(repeated).start;
            let end = doc.sentence_span(&doc.sentences[last]).end;
            let vars = [("kind", block.kind.as_str())];
            let mut finding = Finding::new(span, &vars);
            finding.label = Some(format!(
                "this {} repeats a sentence of the body",
                block.kind.as_str()
            ));
            finding.related.push(Related {
                span: crate::source::Span::new(start, end),
                message: "the same sentence appears here".to_string(),
            });
            cx.report(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{flagged, rule};

    fn dup() -> crate::rules::Rule {
        rule("duplicate-caption", "scope = ['caption', 'paragraph']")
    }

    #[test]
    fn flags_a_caption_repeating_a_body_sentence() {
        let text = "The mayor opened the new bridge on Monday. Crowds cheered.\n\nThe Mayor opened the new bridge on Monday\n";
        assert_eq!(
            flagged(text, &dup()),
            ["The Mayor opened the new bridge on Monday"]
        );
    }

    #[test]
    fn leaves_distinct_captions_and_short_phrases() {
        let text =
            "Thank you all. The mayor spoke at length.\n\nThank you all.\n\nThe bridge at dusk\n";
        assert!(flagged(text, &dup()).is_empty());
    }

    #[test]
    fn two_equal_short_paragraphs_are_not_captions() {
        let text = "The vote is on Monday.\n\nThe vote is on Monday.\n";
        assert!(flagged(text, &dup()).is_empty());
    }
}
