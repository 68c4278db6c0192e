//! `metric`: counts and readability bounds — words or commas per sentence,
//! sentences per paragraph, Flesch reading ease and Flesch–Kincaid grade —
//! reported where the limit is passed.

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::document::{Block, Document, Sentence};
use crate::lang::syllables::syllables;

params! {
    /// The parameters of `metric`.
    struct Params {
        /// `words-per-sentence`, `commas-per-sentence`, `sentences-per-paragraph`,
        /// `flesch-reading-ease` or `flesch-kincaid-grade`
        metric: Spanned<String>,
        /// flag values above this
        max: Option<Spanned<f64>>,
        /// flag values below this
        min: Option<Spanned<f64>>,
        /// readability metrics: skip blocks shorter than this many words (default 100)
        min_words: Option<Spanned<usize>>,
    }
}

params! {
    /// The parameters of `occurrence`: those of `metric` that count.
    struct OccurrenceParams {
        /// `words-per-sentence`, `commas-per-sentence` or `sentences-per-paragraph`
        metric: Spanned<String>,
        /// flag counts above this
        max: Option<Spanned<f64>>,
        /// flag counts below this
        min: Option<Spanned<f64>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "metric",
    summary: "a sentence or paragraph over a count or readability limit",
    params: Params::DOCS,
    vars: &[
        ("value", "the measured value"),
        ("limit", "the limit it passes"),
    ],
    build,
    honours_sic: false,
};

/// `occurrence`: the counting half of `metric` under the name Vale users
/// know; the same code, offering only the count measures.
pub static OCCURRENCE: KindInfo = KindInfo {
    name: "occurrence",
    summary: "a sentence or paragraph with too many (or too few) words, commas or sentences",
    params: OccurrenceParams::DOCS,
    vars: &[("value", "the count"), ("limit", "the limit it passes")],
    build: build_occurrence,
    honours_sic: false,
};

fn build_occurrence(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: OccurrenceParams = spec.params()?;
    if p.metric.as_ref().starts_with("flesch") {
        return Err(PackError::at(
            p.metric.span(),
            "readability formulas belong to kind `metric`; `occurrence` counts",
        ));
    }
    bounds(
        spec,
        Params {
            metric: p.metric,
            max: p.max,
            min: p.min,
            min_words: None,
        },
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Metric {
    WordsPerSentence,
    CommasPerSentence,
    SentencesPerParagraph,
    FleschReadingEase,
    FleschKincaidGrade,
}

struct Bounds {
    metric: Metric,
    max: Option<f64>,
    min: Option<f64>,
    min_words: usize,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    bounds(spec, spec.params()?)
}

fn bounds(spec: &RuleSpec, p: Params) -> Result<Box<dyn Check>, PackError> {
    let name = &p.metric;
    let metric = match name.as_ref().as_str() {
        "words-per-sentence" => Metric::WordsPerSentence,
        "commas-per-sentence" => Metric::CommasPerSentence,
        "sentences-per-paragraph" => Metric::SentencesPerParagraph,
        "flesch-reading-ease" => Metric::FleschReadingEase,
        "flesch-kincaid-grade" => Metric::FleschKincaidGrade,
        other => {
            return Err(PackError::at(
                name.span(),
                format!("unknown metric `{other}`"),
            ));
        }
    };
    let max = p.max.as_ref().map(|m| *m.as_ref());
    let min = p.min.as_ref().map(|m| *m.as_ref());
    if max.is_none() && min.is_none() {
        return Err(PackError::at(
            spec.id.span(),
            "a metric rule needs `max` or `min`",
        ));
    }
    Ok(Box::new(Bounds {
        metric,
        max,
        min,
        min_words: p.min_words.as_ref().map_or(100, |m| *m.as_ref()),
    }))
}

/// (words, sentences, syllables) of a block's prose, placeholders excluded.
fn counts(doc: &Document, block: &Block) -> (usize, usize, usize) {
    let words: Vec<&str> = doc.words[block.words()]
        .iter()
        .filter(|w| !w.placeholder())
        .map(|w| &block.text()[w.range()])
        .collect();
    let syll = words.iter().map(|w| syllables(w)).sum();
    (words.len(), block.sentences().len().max(1), syll)
}

impl Bounds {
    fn passes(&self, value: f64) -> Option<f64> {
        match (self.max, self.min) {
            (Some(max), _) if value > max => Some(max),
            (_, Some(min)) if value < min => Some(min),
            _ => None,
        }
    }

    fn report(&self, cx: &mut Context, span: crate::source::Span, value: f64, limit: f64) {
        let shown = |v: f64| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        };
        let (value, limit) = (shown(value), shown(limit));
        let vars = [("value", value.as_str()), ("limit", limit.as_str())];
        cx.report(Finding::new(span, &vars));
    }

    fn sentence_value(&self, doc: &Document, sentence: &Sentence) -> f64 {
        match self.metric {
            Metric::WordsPerSentence => doc.words[sentence.words()]
                .iter()
                .filter(|w| !w.placeholder())
                .count() as f64,
            _ => doc.sentence_text(sentence).matches(',').count() as f64,
        }
    }
}

impl Check for Bounds {
    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            match self.metric {
                Metric::WordsPerSentence | Metric::CommasPerSentence => {
                    for sentence in doc.block_sentences(block) {
                        let value = self.sentence_value(doc, sentence);
                        if let Some(limit) = self.passes(value) {
                            self.report(cx, doc.sentence_span(sentence), value, limit);
                        }
                    }
                }
                Metric::SentencesPerParagraph => {
                    let value = block.sentences().len() as f64;
                    if let Some(limit) = self.passes(value) {
                        self.report(cx, block.span, value, limit);
                    }
                }
                Metric::FleschReadingEase | Metric::FleschKincaidGrade => {
                    let (words, sentences, syll) = counts(doc, block);
                    if words < self.min_words {
                        continue;
                    }
                    let (w, s, y) = (words as f64, sentences as f64, syll as f64);
                    let value = if self.metric == Metric::FleschReadingEase {
                        206.835 - 1.015 * (w / s) - 84.6 * (y / w)
                    } else {
                        0.39 * (w / s) + 11.8 * (y / w) - 15.59
                    };
                    if let Some(limit) = self.passes(value) {
                        self.report(cx, block.span, (value * 10.0).round() / 10.0, limit);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, flagged, rule};

    #[test]
    fn long_sentences_and_paragraphs() {
        let r = rule("metric", "metric = 'words-per-sentence'\nmax = 5");
        assert_eq!(
            flagged(
                "Short one here. This sentence has far too many words in it.",
                &r
            ),
            ["This sentence has far too many words in it."]
        );
        let r = rule("metric", "metric = 'sentences-per-paragraph'\nmax = 2");
        assert_eq!(findings("One. Two. Three.\n\nOne. Two.", &r).len(), 1);
    }

    #[test]
    fn occurrence_counts() {
        let r = rule("occurrence", "metric = 'commas-per-sentence'\nmax = 1");
        assert_eq!(findings("One, two, three. Four.", &r).len(), 1);
    }

    #[test]
    fn readability_bounds() {
        let hard = "Notwithstanding considerable institutional heterogeneity, comprehensive interdisciplinary collaboration necessitates extraordinarily sophisticated organizational infrastructure. ".repeat(3);
        let easy =
            "The cat sat on the mat. The dog ran to the park. We had fun in the sun. ".repeat(3);
        let r = rule(
            "metric",
            "metric = 'flesch-reading-ease'\nmin = 30\nmin-words = 20",
        );
        assert_eq!(findings(&hard, &r).len(), 1);
        assert!(findings(&easy, &r).is_empty());
        let r = rule(
            "metric",
            "metric = 'flesch-kincaid-grade'\nmax = 12\nmin-words = 20",
        );
        assert_eq!(findings(&hard, &r).len(), 1);
        assert!(findings(&easy, &r).is_empty());
    }
}
