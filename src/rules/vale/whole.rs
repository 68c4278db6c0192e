//! Vale's check types that read the document as a whole or a piece of text
//! at once: consistency and conditional (which remember what earlier text
//! held) and capitalization (which judges a whole heading).

use std::collections::HashSet;

use fancy_regex::Regex;

use super::pattern::{self, Exceptions, NONWORD, WORD};
use super::{Check, Context, PackError, by_sentence, report, units};
use crate::document::Document;
use crate::vale::Definition;

/// `consistency`: of each `either` pair, one form per document.
struct Consistency {
    pairs: Vec<Regex>,
    message: String,
    sentences: bool,
}

pub fn consistency(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let template = if def.nonword { NONWORD } else { WORD };
    let mut pairs = Vec::with_capacity(def.either.len());
    for (first, second) in &def.either {
        let body = format!("(?P<first>{})|(?P<second>{})", first.text, second.text);
        pairs.push(pattern::compile(
            &pattern::wrap(template, &body, def.ignorecase),
            first.span.clone(),
        )?);
    }
    Ok(Box::new(Consistency {
        pairs,
        message: def.message.clone(),
        sentences: by_sentence(def),
    }))
}

impl Check for Consistency {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let pieces = units(doc, cx, self.sentences);
        for regex in &self.pairs {
            let (mut first, mut second) = (false, false);
            for (block, unit) in &pieces {
                let text = &block.text()[unit.clone()];
                let mut last = None;
                for caps in regex.captures_iter(text).map_while(Result::ok) {
                    if let Some(m) = caps.name("first") {
                        first = true;
                        last = Some(m.range());
                    }
                    if let Some(m) = caps.name("second") {
                        second = true;
                        last = Some(m.range());
                    }
                }
                if let Some(range) = last.filter(|_| first && second) {
                    let message = pattern::format_message(&self.message, &[&text[range.clone()]]);
                    report(
                        cx,
                        block,
                        unit.start + range.start..unit.start + range.end,
                        &message,
                    );
                }
            }
        }
    }
}

/// `conditional`: what `first` matches (an acronym) must have been
/// captured by `second` (its definition) somewhere up to here, as Vale
/// reads the two (its `first` is what is reported).
struct Conditional {
    reported: Regex,
    defines: Regex,
    exceptions: Exceptions,
    message: String,
    sentences: bool,
}

pub fn conditional(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let needed = |p: &Option<crate::vale::Placed>, key: &str| {
        p.clone().ok_or_else(|| {
            PackError::at(
                def.extends_span.clone(),
                format!("a `conditional` rule needs `{key}`"),
            )
        })
    };
    let first = needed(&def.first, "first")?;
    let second = needed(&def.second, "second")?;
    let case = if def.ignorecase { "(?i)" } else { "" };
    Ok(Box::new(Conditional {
        reported: pattern::compile(&format!("{case}{}", first.text), first.span)?,
        defines: pattern::compile(&format!("{case}{}", second.text), second.span)?,
        exceptions: Exceptions::new(&def.exceptions, &def.extends_span)?,
        message: def.message.clone(),
        sentences: by_sentence(def),
    }))
}

impl Check for Conditional {
    fn check(&self, doc: &Document, cx: &mut Context) {
        let mut defined: HashSet<String> = HashSet::new();
        for (block, unit) in units(doc, cx, self.sentences) {
            let text = &block.text()[unit.clone()];
            for caps in self.defines.captures_iter(text).map_while(Result::ok) {
                for m in caps.iter().skip(1).flatten() {
                    if !m.as_str().is_empty() {
                        defined.insert(m.as_str().to_string());
                    }
                }
            }
            for range in pattern::find_all(&self.reported, text) {
                let found = &text[range.clone()];
                if found.is_empty() || defined.contains(found) || self.exceptions.matches(found) {
                    continue;
                }
                let message = pattern::format_message(&self.message, &[found]);
                report(
                    cx,
                    block,
                    unit.start + range.start..unit.start + range.end,
                    &message,
                );
            }
        }
    }
}

/// What a capitalization rule asks of a heading.
enum Case {
    Sentence,
    Title,
    Lower,
    Upper,
    Pattern(Regex),
}

/// `capitalization`: a whole piece of text (a heading) in one case style.
struct Capitalization {
    case: Case,
    exceptions: Exceptions,
    /// The exceptions as written: words the case conversion keeps.
    vocab: Vec<String>,
    indicators: Vec<String>,
    threshold: f64,
    message: String,
    sentences: bool,
}

pub fn capitalization(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let wanted = def.case_match.as_ref().ok_or_else(|| {
        PackError::at(
            def.extends_span.clone(),
            "a `capitalization` rule needs `match`",
        )
    })?;
    let case = match wanted.text.as_str() {
        "$sentence" => Case::Sentence,
        "$title" => Case::Title,
        "$lower" => Case::Lower,
        "$upper" => Case::Upper,
        other => Case::Pattern(pattern::compile(other, wanted.span.clone())?),
    };
    Ok(Box::new(Capitalization {
        case,
        exceptions: Exceptions::new(&def.exceptions, &def.extends_span)?,
        vocab: def.exceptions.iter().map(|p| p.text.clone()).collect(),
        indicators: def.indicators.clone(),
        threshold: def.threshold.filter(|t| *t > 0.0).unwrap_or(0.8),
        message: def.message.clone(),
        sentences: by_sentence(def),
    }))
}

/// Small words a title leaves in lower case (AP style).
const SMALL: [&str; 20] = [
    "a", "an", "and", "as", "at", "but", "by", "for", "if", "in", "nor", "of", "on", "or", "so",
    "the", "to", "up", "via", "yet",
];

impl Capitalization {
    /// The text as the rule's case would write it, and whether the text is
    /// close enough to that (Vale's `sentence` and `title` with their
    /// threshold; `$lower`, `$upper` and a regex exactly).
    fn judge(&self, text: &str) -> (String, bool) {
        match &self.case {
            Case::Lower => {
                let lower = text.to_lowercase();
                let ok = lower == text || self.exceptions.matches(text);
                (lower, ok)
            }
            Case::Upper => {
                let upper = text.to_uppercase();
                let ok = upper == text || self.exceptions.matches(text);
                (upper, ok)
            }
            Case::Pattern(regex) => (
                regex.as_str().to_string(),
                regex.is_match(text).unwrap_or(false) || self.exceptions.matches(text),
            ),
            Case::Sentence | Case::Title => self.judge_words(text),
        }
    }

    fn judge_words(&self, text: &str) -> (String, bool) {
        let sentence = matches!(self.case, Case::Sentence);
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut expected: Vec<String> = Vec::with_capacity(words.len());
        let mut after_indicator = false;
        for (i, word) in words.iter().enumerate() {
            let keep = self.vocab.iter().any(|v| v == word);
            let converted = if keep {
                (*word).to_string()
            } else if i == 0 || after_indicator {
                pattern::cap_first(&word.to_lowercase())
            } else if sentence
                || (SMALL.contains(&word.to_lowercase().as_str()) && i + 1 != words.len())
            {
                word.to_lowercase()
            } else {
                pattern::cap_first(&word.to_lowercase())
            };
            // A numbered heading's number (`8.`) is an indicator too.
            after_indicator = self
                .indicators
                .iter()
                .any(|ind| word.ends_with(ind.as_str()))
                || (i == 0 && numbered(word));
            expected.push(converted);
        }
        let (mut count, mut total) = (0.0, 0.0);
        for (i, word) in words.iter().enumerate() {
            if !word
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '*')
            {
                continue;
            }
            if *word == expected[i]
                || self.exceptions.matches(word)
                || (!sentence && *word == word.to_uppercase())
            {
                count += 1.0;
            } else if sentence && i == 0 && *word != pattern::cap_first(&word.to_lowercase()) {
                return (expected.join(" "), false);
            }
            total += 1.0;
        }
        let ok = total == 0.0 || count / total >= self.threshold;
        (expected.join(" "), ok)
    }
}

/// Whether a word holds a list number (`8.`; Vale's `\\d+\\.`).
fn numbered(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.')
}

impl Check for Capitalization {
    fn check(&self, doc: &Document, cx: &mut Context) {
        for (block, unit) in units(doc, cx, self.sentences) {
            let full = &block.text()[unit.clone()];
            let text = full.trim();
            if text.is_empty() {
                continue;
            }
            let (expected, ok) = self.judge(text);
            if ok {
                continue;
            }
            let lead = full.len() - full.trim_start().len();
            let start = unit.start + lead;
            let message = pattern::format_message(&self.message, &[text, &expected]);
            report(cx, block, start..start + text.len(), &message);
        }
    }
}
