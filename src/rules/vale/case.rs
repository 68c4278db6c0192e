//! Vale's `capitalization` check: a whole piece of text (a heading) in one
//! case style. `$sentence` and `$title` follow Vale's `variables.go`: the
//! text is converted to the style (exceptions kept as written, a `prefix`
//! such as a list marker kept, the word after an indicator capitalised),
//! both are split into words the same way (an exception phrase is one
//! word), and enough words must agree (`threshold`, 0.8 by default).

use super::pattern::{self, Exceptions};
use super::{Check, Context, PackError, Reading, units};
use crate::document::Document;
use crate::vale::Definition;

/// What a capitalization rule asks of a heading.
enum Case {
    Sentence,
    Title,
    Lower,
    Upper,
    Pattern(pattern::Lazy),
}

struct Capitalization {
    case: Case,
    exceptions: Exceptions,
    /// Words as Vale splits them: an exception, or letters and digits up
    /// to the next space.
    words: pattern::Lazy,
    prefix: Option<pattern::Lazy>,
    indicators: Vec<String>,
    threshold: f64,
    message: String,
    reading: Reading,
}

/// Vale's word pattern for case checks. Vale masks inline code with `*`;
/// galley's block text holds U+FFFC for it, so that counts as a word
/// character too (a heading opening with code is not judged by it).
const WORD: &str = r"[\p{N}\p{L}*\x{FFFC}]+[^\s]*";

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
        other => Case::Pattern(pattern::compile(other, wanted.span.clone(), &def.origin)?),
    };
    let exceptions = Exceptions::new(&def.exceptions, &def.extends_span, &def.origin)?;
    let words = match exceptions.source() {
        Some(except) => format!("{except}|{WORD}"),
        None => WORD.to_string(),
    };
    let prefix = match &def.prefix {
        Some(p) => Some(pattern::compile(&p.text, p.span.clone(), &def.origin)?),
        None => None,
    };
    Ok(Box::new(Capitalization {
        case,
        words: pattern::compile(&words, def.extends_span.clone(), &def.origin)?,
        exceptions,
        prefix,
        indicators: def.indicators.clone(),
        threshold: def.threshold.filter(|t| *t > 0.0).unwrap_or(0.8),
        message: def.message.clone(),
        reading: Reading::of(def),
    }))
}

/// Small words a title leaves in lower case (AP style).
const SMALL: [&str; 20] = [
    "a", "an", "and", "as", "at", "but", "by", "for", "if", "in", "nor", "of", "on", "or", "so",
    "the", "to", "up", "via", "yet",
];

/// Go's `strings.Title`: each letter after a non-letter upper-cased.
fn go_title(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut after_letter = false;
    for c in word.chars() {
        if after_letter {
            out.push(c);
        } else {
            out.extend(c.to_uppercase());
        }
        after_letter = c.is_alphabetic();
    }
    out
}

/// Whether a word holds a list number (`8.`; Vale's `\d+\.`).
fn numbered(word: &str) -> bool {
    word.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.')
}

impl Capitalization {
    /// The text as the rule's case would write it, and whether the text is
    /// close enough to that.
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
                regex.is_match(text) || self.exceptions.matches(text),
            ),
            Case::Sentence | Case::Title => self.judge_words(text),
        }
    }

    fn split<'t>(&self, text: &'t str) -> Vec<&'t str> {
        pattern::find_all(&self.words, text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    /// The text converted to the rule's case, word by word, what lies
    /// between words kept.
    fn convert(&self, text: &str) -> String {
        let sentence = matches!(self.case, Case::Sentence);
        let (kept, body) = match self
            .prefix
            .as_ref()
            .and_then(pattern::Lazy::get)
            .map(|p| p.find(text))
        {
            Some(Ok(Some(m))) if m.start() == 0 => text.split_at(m.end()),
            _ => ("", text),
        };
        let ranges = pattern::find_all(&self.words, body);
        let last = ranges.len().saturating_sub(1);
        let mut out = String::with_capacity(text.len());
        out.push_str(kept);
        let mut at = 0;
        let mut after_indicator = false;
        for (i, range) in ranges.into_iter().enumerate() {
            out.push_str(&body[at..range.start]);
            let word = &body[range.clone()];
            let lower = word.to_lowercase();
            let converted = if self.exceptions.matches(word) {
                word.to_string()
            } else if i == 0 || after_indicator {
                pattern::cap_first(&lower)
            } else if sentence || (SMALL.contains(&lower.as_str()) && i != last) {
                lower
            } else {
                pattern::cap_first(&lower)
            };
            after_indicator = self
                .indicators
                .iter()
                .any(|ind| word.ends_with(ind.as_str()))
                || (i == 0 && numbered(word));
            out.push_str(&converted);
            at = range.end;
        }
        out.push_str(&body[at..]);
        out
    }

    fn judge_words(&self, text: &str) -> (String, bool) {
        let sentence = matches!(self.case, Case::Sentence);
        let expected = self.convert(text);
        let wanted = self.split(&expected);
        let (mut count, mut total) = (0.0, 0.0);
        for (i, word) in self.split(text).into_iter().enumerate() {
            match wanted.get(i) {
                None => count += 1.0,
                Some(w)
                    if *w == word
                        || self.exceptions.matches(word)
                        || (!sentence && word == word.to_uppercase()) =>
                {
                    count += 1.0;
                }
                Some(_) if sentence && i == 0 && word != go_title(&word.to_lowercase()) => {
                    return (expected, false);
                }
                Some(_) => {}
            }
            total += 1.0;
        }
        let ok = total == 0.0 || count / total >= self.threshold;
        (expected, ok)
    }
}

impl Check for Capitalization {
    fn check(&self, doc: &Document, cx: &mut Context) {
        for unit in units(doc, cx, self.reading) {
            let full = unit.text;
            let text = full.trim();
            if text.is_empty() {
                continue;
            }
            let (expected, ok) = self.judge(text);
            if ok {
                continue;
            }
            let lead = full.len() - full.trim_start().len();
            let message = pattern::format_message(&self.message, &[text, &expected]);
            unit.report(cx, lead..lead + text.len(), &message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::go_title;

    #[test]
    fn go_title_capitalises_after_every_non_letter() {
        assert_eq!(go_title("high-def"), "High-Def");
        assert_eq!(go_title("a."), "A.");
        assert_eq!(go_title("this"), "This");
    }
}
