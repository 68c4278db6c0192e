//! `duplicate-caption`: a caption (or another short standalone block) whose
//! text repeats a sentence of the body — a caption pasted twice, once under
//! the photo and once into the story. Compared after normalising case,
//! whitespace, quotes and markup.

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Related;
use crate::document::{Document, normalize_for_compare};

params! {
    /// The parameters of this kind.
    struct Params {
        /// shortest caption, in words, that is compared (default 4), so that "Thank you." is not
        /// flagged
        min_words: Option<Spanned<usize>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "duplicate-caption",
    summary: "a caption or short standalone block that repeats a sentence of the body",
    params: Params::DOCS,
    vars: &[(
        "kind",
        "the kind of block that repeats the sentence: caption, paragraph…",
    )],
    build,
    honours_sic: false,
};

struct DuplicateCaption {
    min_words: usize,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    Ok(Box::new(DuplicateCaption {
        min_words: p.min_words.as_ref().map_or(4, |m| *m.as_ref()),
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
        // The first word of each candidate: a body sentence is normalised only
        // if it starts with one of them, which spares almost every sentence.
        let first_word = |block: &crate::document::Block| {
            doc.words[block.words.clone()]
                .iter()
                .find(|w| !w.placeholder)
                .map(|w| doc.word_text(w))
        };
        let keys: Vec<(String, Option<&str>)> = candidates
            .iter()
            .map(|&i| {
                (
                    normalize_for_compare(doc.blocks[i].text()),
                    first_word(&doc.blocks[i]),
                )
            })
            .collect();
        let word_counts: Vec<usize> = candidates
            .iter()
            .map(|&i| doc.blocks[i].words.len())
            .collect();
        let starts_like_a_candidate = |word: &str| {
            keys.iter().any(|(_, first)| {
                first.is_some_and(|f| {
                    f.eq_ignore_ascii_case(word)
                        || (!f.is_ascii() && f.to_lowercase() == word.to_lowercase())
                })
            })
        };
        // For each candidate, the first body sentence (or run of two) that it
        // repeats, from a longer block than itself.
        let mut found: Vec<Option<(usize, usize)>> = vec![None; candidates.len()];
        for (b, block) in doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind.is_body())
        {
            let sentences = block.sentences.clone();
            for i in sentences.clone() {
                let sentence = &doc.sentences[i];
                let Some(word) = doc.words[sentence.words.clone()]
                    .iter()
                    .find(|w| !w.placeholder)
                else {
                    continue;
                };
                // Normalising keeps every word: equal texts have equal word
                // counts, which rules out nearly every sentence for free.
                let n_one = sentence.words.len();
                let n_two =
                    (i + 1 < sentences.end).then(|| n_one + doc.sentences[i + 1].words.len());
                let counts_fit = word_counts.iter().any(|&n| n == n_one || Some(n) == n_two);
                if !counts_fit || !starts_like_a_candidate(doc.word_text(word)) {
                    continue;
                }
                // Every word must match too (normalising keeps the words).
                let from = sentence.words.start;
                let words_match = candidates.iter().any(|&c| {
                    let theirs = &doc.words[doc.blocks[c].words.clone()];
                    doc.words
                        .get(from..from + theirs.len())
                        .is_some_and(|ours| {
                            ours.iter()
                                .zip(theirs)
                                .all(|(a, b)| same_letters(doc.word_text(a), doc.word_text(b)))
                        })
                });
                if !words_match {
                    continue;
                }
                let one = normalize_for_compare(doc.sentence_text(sentence));
                let two = (i + 1 < sentences.end).then(|| {
                    format!(
                        "{one} {}",
                        normalize_for_compare(doc.sentence_text(&doc.sentences[i + 1]))
                    )
                });
                for (c, (key, _)) in keys.iter().enumerate() {
                    let candidate = &doc.blocks[candidates[c]];
                    if found[c].is_some()
                        || b == candidates[c]
                        || block.sentences.len() <= candidate.sentences.len()
                    {
                        continue;
                    }
                    if *key == one {
                        found[c] = Some((i, i));
                    } else if two.as_deref() == Some(key.as_str()) {
                        found[c] = Some((i, i + 1));
                    }
                }
            }
        }
        for (c, &index) in candidates.iter().enumerate() {
            let Some((first, last)) = found[c] else {
                continue;
            };
            let block = &doc.blocks[index];
            let repeated = &doc.sentences[first];
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

/// Equal ignoring case (ASCII fast, Unicode when needed).
fn same_letters(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || (!(a.is_ascii() && b.is_ascii()) && a.to_lowercase() == b.to_lowercase())
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
