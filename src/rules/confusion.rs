//! `confusion`: a real-word typo. Every word is in the dictionary, so spell
//! checkers miss it: "the presidents *sighed* the agreement". A word (with its
//! inflections) is flagged as a slip for another only when a context cue is
//! near it in the same clause: "sighed" with "agreement", "treaty", "into law".

use foldhash::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use toml::Spanned;

use super::matcher::LazyFinder;
use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec, match_case};
use crate::diagnostic::{Applicability, Related};
use crate::document::{Document, Word};
use crate::lang::inflect::{noun_forms, verb_forms};

params! {
    /// The parameters of this kind.
    struct Params {
        /// the word written by mistake (its base form)
        word: Spanned<String>,
        /// the word meant (its base form)
        intended: Spanned<String>,
        /// `verb` (sigh, sighs, sighed, sighing), `noun` (trail, trails) or `none` (default)
        inflect: Option<Spanned<String>>,
        /// extra [written, intended] pairs, for irregular forms
        forms: Option<Spanned<Vec<[String; 2]>>>,
        /// words or phrases that, soon after the word, show the slip
        cues_after: Option<Spanned<Vec<String>>>,
        /// words or phrases that, just before the word, show the slip
        cues_before: Option<Spanned<Vec<String>>>,
        /// how many words after the word a cue may start (default 3)
        window_after: Option<Spanned<usize>>,
        /// how many words before the word a cue may end (default 3)
        window_before: Option<Spanned<usize>>,
        /// `safe` (default), `unsafe` or `display-only`
        applicability: Option<Spanned<Applicability>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "confusion",
    summary: "a real-word typo for another word, recognised by context cues; fixable",
    params: Params::DOCS,
    vars: &[
        ("match", "the word found"),
        (
            "replacement",
            "the intended word, inflected and in the case of the word found",
        ),
        ("cue", "the context word that gave it away"),
    ],
    build,
    honours_sic: true,
};

/// Words that end a clause: a cue beyond one of them says nothing about the
/// word ("she sighed *when* the deal fell through").
const BARRIERS: &[&str] = &[
    "and", "but", "or", "nor", "so", "yet", "when", "while", "as", "because", "since", "after",
    "before", "until", "if", "though", "although", "whereas", "with", "about", "over", "at",
    "that", "which", "who", "whom", "whose", "where", "then", "than", "of",
];

/// Punctuation that ends a clause or opens a quotation.
fn is_barrier_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '.' | '!' | '?' | '—' | '–' | '(' | ')' | '"' | '“' | '”' | '…' | '\n'
    )
}

struct Confusion {
    /// Written form (lowercase) → intended form.
    forms: Vec<(String, String)>,
    /// Finds the written forms in a block's text (ASCII case folded), far
    /// faster than visiting every word.
    finder: LazyFinder,
    cues_after: Vec<Vec<String>>,
    cues_before: Vec<Vec<String>>,
    window_after: usize,
    window_before: usize,
    applicability: Applicability,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let word = p.word.as_ref().to_lowercase();
    let intended = p.intended.as_ref().to_lowercase();
    let inflect = p.inflect.as_ref().map_or("none", |s| s.as_ref().as_str());
    let (written, meant) = match inflect {
        "verb" => (verb_forms(&word), verb_forms(&intended)),
        "noun" => (noun_forms(&word), noun_forms(&intended)),
        "none" => (vec![word.clone()], vec![intended.clone()]),
        other => {
            let span = p.inflect.as_ref().expect("matched a value").span();
            return Err(PackError::at(
                span,
                format!("unknown inflection `{other}`: use `verb`, `noun` or `none`"),
            ));
        }
    };
    let mut forms: HashMap<String, String> = written.into_iter().zip(meant).collect();
    // A word and its intended form never both map (trail/trial nouns: "trails").
    forms.retain(|w, i| w != i);
    for [w, i] in p
        .forms
        .as_ref()
        .map(|f| f.as_ref().as_slice())
        .unwrap_or_default()
    {
        forms.insert(w.to_lowercase(), i.to_lowercase());
    }
    let phrases = |cues: &Option<toml::Spanned<Vec<String>>>| -> Vec<Vec<String>> {
        cues.as_ref()
            .map(|c| {
                c.as_ref()
                    .iter()
                    .map(|cue| {
                        cue.split_whitespace()
                            .map(str::to_lowercase)
                            .collect::<Vec<_>>()
                    })
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let cues_after = phrases(&p.cues_after);
    let cues_before = phrases(&p.cues_before);
    if cues_after.is_empty() && cues_before.is_empty() {
        return Err(PackError::at(
            spec.id.span(),
            "a confusion rule needs `cues-after` or `cues-before`: without context every use would be flagged",
        ));
    }
    let mut forms: Vec<(String, String)> = forms.into_iter().collect();
    forms.sort();
    let mut builder = AhoCorasick::builder();
    builder
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest);
    let patterns = forms.iter().map(|(form, _)| form.clone()).collect();
    let finder = LazyFinder::new(patterns, builder, spec.lazy)
        .map_err(|e| PackError::at(spec.id.span(), format!("cannot build the word finder: {e}")))?;
    Ok(Box::new(Confusion {
        forms,
        finder,
        cues_after,
        cues_before,
        window_after: p.window_after.as_ref().map_or(3, |w| *w.as_ref()),
        window_before: p.window_before.as_ref().map_or(3, |w| *w.as_ref()),
        applicability: p
            .applicability
            .as_ref()
            .map_or(Applicability::Safe, |a| *a.as_ref()),
    }))
}

impl Confusion {
    /// The cue phrase starting within the window after word `i`, if any.
    fn cue_after(
        &self,
        doc: &Document,
        words: &[Word],
        i: usize,
    ) -> Option<std::ops::Range<usize>> {
        let text = doc.blocks[doc.word_block(&words[i])].text();
        let mut prev_end = words[i].range().end;
        for j in i + 1..words.len().min(i + 1 + self.window_after) {
            if words[j].placeholder()
                || text[prev_end..words[j].range().start].contains(is_barrier_punct)
            {
                return None;
            }
            if let Some(len) = self
                .cues_after
                .iter()
                .find_map(|cue| phrase_at(doc, words, j, cue))
            {
                return Some(j..j + len);
            }
            if BARRIERS.contains(&lower(doc, &words[j]).as_str()) {
                return None;
            }
            prev_end = words[j].range().end;
        }
        None
    }

    /// The cue phrase ending within the window before word `i`, if any.
    fn cue_before(
        &self,
        doc: &Document,
        words: &[Word],
        i: usize,
    ) -> Option<std::ops::Range<usize>> {
        let text = doc.blocks[doc.word_block(&words[i])].text();
        let mut next_start = words[i].range().start;
        for j in (i.saturating_sub(self.window_before)..i).rev() {
            if words[j].placeholder()
                || text[words[j].range().end..next_start].contains(is_barrier_punct)
            {
                return None;
            }
            for cue in &self.cues_before {
                let Some(start) = (j + 1).checked_sub(cue.len()) else {
                    continue;
                };
                if phrase_at(doc, words, start, cue).is_some() {
                    return Some(start..j + 1);
                }
            }
            if BARRIERS.contains(&lower(doc, &words[j]).as_str()) {
                return None;
            }
            next_start = words[j].range().start;
        }
        None
    }
}

fn lower(doc: &Document, word: &Word) -> String {
    doc.word_text(word).to_lowercase()
}

/// If `phrase` stands at words `start..`, its length in words.
fn phrase_at(doc: &Document, words: &[Word], start: usize, phrase: &[String]) -> Option<usize> {
    let candidate = words.get(start..start + phrase.len())?;
    candidate
        .iter()
        .zip(phrase)
        .all(|(w, p)| doc.word_text(w).to_lowercase() == *p)
        .then_some(phrase.len())
}

impl Check for Confusion {
    fn triggers(&self) -> Option<Vec<String>> {
        let forms: Vec<String> = self.forms.iter().map(|(form, _)| form.clone()).collect();
        forms.iter().all(|f| f.is_ascii()).then_some(forms)
    }

    fn fix(&self) -> Option<Applicability> {
        Some(self.applicability)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            let words = &doc.words[block.words()];
            let Some(finder) = self.finder.get() else {
                return;
            };
            for m in finder.find_iter(block.text()) {
                // Only a whole word counts: "sighed", not "sighedly".
                let i = words.partition_point(|w| w.range().start < m.start());
                let Some(word) = words
                    .get(i)
                    .filter(|w| w.range() == m.range() && !w.placeholder())
                else {
                    continue;
                };
                let written = doc.word_text(word);
                let (_, intended) = &self.forms[m.pattern().as_usize()];
                let Some(cue) = self
                    .cue_after(doc, words, i)
                    .or_else(|| self.cue_before(doc, words, i))
                else {
                    continue;
                };
                let cue_span = block
                    .prose
                    .to_source(words[cue.start].range().start..words[cue.end - 1].range().end);
                let cue_text = doc.source.slice(cue_span).to_string();
                let replacement = match_case(written, intended);
                let span = block.prose.to_source(word.range());
                let vars = [
                    ("match", written),
                    ("replacement", replacement.as_str()),
                    ("cue", cue_text.as_str()),
                ];
                let mut finding = Finding::new(span, &vars);
                finding.label = Some(format!("`{replacement}` is meant here").into());
                finding.related.push(Related {
                    span: cue_span,
                    message: format!("`{cue_text}` suggests `{replacement}`").into(),
                });
                finding.fix =
                    block.replace_fix(word.range(), replacement.clone(), self.applicability);
                cx.report(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fixed, flagged, rule};

    fn sigh() -> crate::rules::Rule {
        rule(
            "confusion",
            "word = 'sigh'\nintended = 'sign'\ninflect = 'verb'\ncues-after = ['agreement', 'into law', 'deal']\nwindow-after = 4\ncues-before = ['agreement', 'deal']",
        )
    }

    #[test]
    fn flags_with_a_cue_after_or_before_and_keeps_case() {
        let r = sigh();
        assert_eq!(
            flagged("The two presidents sighed the new trade agreement.", &r),
            ["sighed"]
        );
        assert_eq!(flagged("The deal was sighed on Monday.", &r), ["sighed"]);
        assert_eq!(flagged("He is sighing the bill into law.", &r), ["sighing"]);
        assert_eq!(fixed("Sighed the agreement.", &r), "Signed the agreement.");
    }

    #[test]
    fn no_cue_or_a_barrier_means_no_finding() {
        let r = sigh();
        assert!(flagged("She sighed with relief.", &r).is_empty());
        assert!(flagged("She sighed when the agreement collapsed.", &r).is_empty());
        assert!(flagged("He sighed, and the agreement was read.", &r).is_empty());
        assert!(flagged("He sighed deeply. The agreement was signed.", &r).is_empty());
    }

    #[test]
    fn multi_word_cues_match_whole_phrases() {
        let r = sigh();
        assert!(flagged("He sighed into the law books.", &r).is_empty());
    }
}
