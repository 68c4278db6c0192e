//! Vale's check types that scan each piece of text on its own: existence,
//! substitution, occurrence and repetition, as Vale's `internal/check`
//! runs them.

use std::collections::HashMap;
use std::sync::Mutex;

use super::pattern::{self, Exceptions, NONWORD, WORD};
use super::{Check, Context, PackError, Reading, units};
use crate::document::Document;
use crate::vale::Definition;

/// `existence`: any match of the tokens (or the raw regex) is reported.
struct Existence {
    regex: pattern::Lazy,
    exceptions: Exceptions,
    message: String,
    reading: Reading,
}

pub fn existence(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let tokens: Vec<&str> = def
        .tokens
        .iter()
        .map(|t| t.text.as_str())
        .filter(|t| !t.trim().is_empty())
        .collect();
    let word = !def.nonword && !def.tokens.is_empty();
    let template = if word { WORD } else { NONWORD };
    let raw: String = def.raw.iter().map(|r| r.text.as_str()).collect();
    let wrapped = template.replacen("%s", &tokens.join("|"), 1);
    let body = if def.append {
        format!("{wrapped}{raw}")
    } else {
        format!("{raw}{wrapped}")
    };
    let regex = if def.ignorecase {
        format!("(?i){body}")
    } else {
        body
    };
    let at = pattern::place(
        if def.tokens.is_empty() {
            &def.raw
        } else {
            &def.tokens
        },
        &def.extends_span,
    );
    Ok(Box::new(Existence {
        regex: pattern::compile(&regex, at, &def.origin)?,
        exceptions: Exceptions::new(&def.exceptions, &def.extends_span, &def.origin)?,
        message: def.message.clone(),
        reading: Reading::of(def),
    }))
}

impl Check for Existence {
    fn check(&self, doc: &Document, cx: &mut Context) {
        for unit in units(doc, cx, self.reading) {
            let text = unit.text;
            for range in pattern::find_all(&self.regex, text) {
                let matched = &text[range.clone()];
                if matched.trim().is_empty() || self.exceptions.matches(matched.trim()) {
                    continue;
                }
                let message = pattern::format_message(&self.message, &[matched]);
                unit.report(cx, range, &message);
            }
        }
    }
}

/// `substitution`: each `swap` key is a regex; a match is reported with its
/// replacement unless it already is the replacement.
struct Substitution {
    regex: pattern::Lazy,
    replacements: Vec<String>,
    exceptions: Exceptions,
    message: String,
    /// `action: replace` lists the replacements Vale's way (`'a' or 'b'`).
    replace: bool,
    capitalize: bool,
    reading: Reading,
    /// The replacements read as anchored regexes (for rules without
    /// `action: replace`), compiled once each, on first need.
    anchored: Mutex<HashMap<String, Option<fancy_regex::Regex>>>,
}

pub fn substitution(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let mut terms: Vec<&(crate::vale::Placed, String)> = def.swap.iter().collect();
    // Longest first, as Vale sorts them (ties keep the order written).
    terms.sort_by_key(|(key, _)| std::cmp::Reverse(key.text.len()));
    let mut groups = Vec::with_capacity(terms.len());
    for (key, _) in &terms {
        // Each key is one group of the whole regex: its own groups must not
        // count, and a bad key is shown where it is.
        let key_text = non_capturing(&key.text);
        pattern::compile(&key_text, key.span.clone(), &def.origin)?;
        groups.push(format!("({key_text})"));
    }
    let template = if def.nonword { NONWORD } else { WORD };
    let regex = pattern::wrap(template, &groups.join("|"), def.ignorecase);
    Ok(Box::new(Substitution {
        regex: pattern::compile(&regex, pattern::place(&[], &def.extends_span), &def.origin)?,
        replacements: terms.iter().map(|(_, r)| r.clone()).collect(),
        exceptions: Exceptions::new(&def.exceptions, &def.extends_span, &def.origin)?,
        message: def.message.clone(),
        replace: def.action.as_deref() == Some("replace"),
        capitalize: def.capitalize,
        reading: Reading::of(def),
        anchored: Mutex::default(),
    }))
}

/// `(` that opens a capturing group made `(?:` (Vale's
/// `convertCaptureGroups`).
fn non_capturing(regex: &str) -> String {
    let mut out = String::with_capacity(regex.len() + 8);
    let mut chars = regex.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
                continue;
            }
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class && chars.peek() != Some(&'?') => {
                out.push_str("(?:");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// A replacement's `|`-separated options, as Vale's `getOptions` reads
/// them: `\|` is a literal `|`, and empty options are dropped.
fn options(expected: &str) -> Vec<String> {
    // A character rule files do not hold in practice stands in for `\|`.
    const PIPE: char = '\u{0}';
    expected
        .replace("\\|", &PIPE.to_string())
        .split('|')
        .filter(|o| !o.is_empty())
        .map(|o| o.replace(PIPE, "|"))
        .collect()
}

impl Substitution {
    /// Whether `observed` already is what `expected` asks for: with
    /// `action: replace`, one of its `|`-separated options, as text (Vale's
    /// #1038: `...` is three dots, not any three characters); otherwise
    /// Vale's `matchToken` (a phrase is compared as text, anything else as
    /// an anchored regex, compiled once per replacement).
    fn same(&self, expected: &str, observed: &str) -> bool {
        if self.replace {
            return options(expected).iter().any(|option| option == observed);
        }
        if pattern::is_phrase(expected) {
            return expected == observed;
        }
        let Ok(mut cache) = self.anchored.lock() else {
            return expected == observed;
        };
        let regex = cache
            .entry(expected.to_string())
            .or_insert_with(|| fancy_regex::Regex::new(&format!("^(?:{expected})$")).ok());
        match regex {
            Some(r) => r.is_match(observed).unwrap_or(false),
            None => expected == observed,
        }
    }
}

impl Check for Substitution {
    fn check(&self, doc: &Document, cx: &mut Context) {
        for unit in units(doc, cx, self.reading) {
            let text = unit.text;
            let Some(regex) = self.regex.get() else {
                return;
            };
            for caps in regex.captures_iter(text).map_while(Result::ok) {
                let Some((index, m)) = caps
                    .iter()
                    .enumerate()
                    .skip(1)
                    .find_map(|(i, m)| m.map(|m| (i, m)))
                else {
                    continue;
                };
                let observed = m.as_str().trim();
                let Some(replacement) = self.replacements.get(index - 1) else {
                    continue;
                };
                let mut expected = replacement.clone();
                let capitalised = self.capitalize && observed == pattern::cap_first(observed);
                if capitalised {
                    expected = pattern::cap_first(&expected);
                }
                if self.same(&expected, observed) || self.exceptions.matches(observed) {
                    continue;
                }
                let mut template = self.message.clone();
                if self.replace {
                    let options: Vec<String> = options(&expected)
                        .into_iter()
                        .map(|o| {
                            if capitalised {
                                pattern::cap_first(&o)
                            } else {
                                o
                            }
                        })
                        .collect();
                    let options: Vec<&str> = options.iter().map(String::as_str).collect();
                    expected = pattern::to_sentence(&options);
                    // The replacement comes quoted: a message that quotes
                    // both `%s` loses the first pair (Vale's
                    // `convertMessage`).
                    for spec in ["'%s'", "\"%s\""] {
                        if template.matches(spec).count() == 2 {
                            template = template.replacen(spec, "%s", 1);
                        }
                    }
                }
                let message = pattern::format_message(&template, &[&expected, observed]);
                unit.report(cx, m.start()..m.end(), &message);
            }
        }
    }
}

/// `occurrence`: the token may appear at most `max` (at least `min`) times
/// in each piece of text.
struct Occurrence {
    regex: pattern::Lazy,
    max: i64,
    min: i64,
    message: String,
    reading: Reading,
}

pub fn occurrence(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let token = def.token.as_ref().ok_or_else(|| {
        PackError::at(
            def.extends_span.clone(),
            "an `occurrence` rule needs a `token`",
        )
    })?;
    let regex = format!(
        "{}(?:{})",
        if def.ignorecase { "(?i)" } else { "" },
        token.text
    );
    Ok(Box::new(Occurrence {
        regex: pattern::compile(&regex, token.span.clone(), &def.origin)?,
        max: def.max.unwrap_or(0),
        min: def.min.unwrap_or(0),
        message: def.message.clone(),
        reading: Reading::of(def),
    }))
}

impl Check for Occurrence {
    fn check(&self, doc: &Document, cx: &mut Context) {
        for unit in units(doc, cx, self.reading) {
            let text = unit.text;
            let found = pattern::find_all(&self.regex, text);
            let count = found.len() as i64;
            let broken = (self.max > 0 && count > self.max) || (self.min > 0 && count < self.min);
            if !broken {
                continue;
            }
            // Vale reports at the first match; with none (too few), at the
            // start of the text.
            // Vale skips a match that is all inline code (which it masks;
            // galley's block text holds U+FFFC for it).
            let at = found
                .iter()
                .find(|r| {
                    let m = text[(*r).clone()].trim();
                    !m.is_empty() && !m.chars().all(|c| matches!(c, '\u{FFFC}' | '*' | '@'))
                })
                .cloned()
                .unwrap_or(0..0);
            let message = pattern::format_message(&self.message, &[&count.to_string()]);
            unit.report(cx, at, &message);
        }
    }
}

/// `repetition`: the same token twice in a row.
struct Repetition {
    regex: pattern::Lazy,
    max: i64,
    ignore_case: bool,
    alpha: bool,
    exceptions: Exceptions,
    message: String,
    reading: Reading,
}

pub fn repetition(def: &Definition) -> Result<Box<dyn Check>, PackError> {
    let tokens: Vec<&str> = def.tokens.iter().map(|t| t.text.as_str()).collect();
    let regex = format!(
        "{}({})",
        if def.ignorecase { "(?i)" } else { "" },
        tokens.join("|")
    );
    Ok(Box::new(Repetition {
        regex: pattern::compile(
            &regex,
            pattern::place(&def.tokens, &def.extends_span),
            &def.origin,
        )?,
        max: def.max.unwrap_or(0),
        ignore_case: def.ignorecase,
        alpha: def.alpha,
        exceptions: Exceptions::new(&def.exceptions, &def.extends_span, &def.origin)?,
        message: def.message.clone(),
        reading: Reading::of(def),
    }))
}

impl Check for Repetition {
    fn check(&self, doc: &Document, cx: &mut Context) {
        for unit in units(doc, cx, self.reading) {
            let text = unit.text;
            let mut previous: Option<(std::ops::Range<usize>, &str)> = None;
            let mut count = 0;
            for range in pattern::find_all(&self.regex, text) {
                let current = text[range.clone()].trim();
                let hit = previous.as_ref().is_some_and(|(_, prev)| {
                    !current.is_empty()
                        && if self.ignore_case {
                            prev.to_lowercase() == current.to_lowercase()
                        } else {
                            *prev == current
                        }
                }) && (!self.alpha || current.chars().all(char::is_alphabetic));
                if hit {
                    count += 1;
                }
                if let Some((prev_range, _)) = previous.as_ref().filter(|_| hit && count > self.max)
                {
                    let whole = prev_range.start..range.end;
                    let span_text = &text[whole.clone()];
                    if !span_text.contains('\n') && !self.exceptions.matches(span_text) {
                        let message = pattern::format_message(&self.message, &[current]);
                        unit.report(cx, whole, &message);
                        count = 0;
                    }
                }
                previous = Some((range, current));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{non_capturing, options};

    #[test]
    fn replace_options_are_read_as_vales_get_options() {
        // Vale's TestOptions table.
        let cases: [(&str, &[&str]); 9] = [
            ("foo|bar", &["foo", "bar"]),
            ("foo|bar|baz", &["foo", "bar", "baz"]),
            ("|foo|", &["foo"]),
            (r"\|foo\|", &["|foo|"]),
            (r"\|foo\||bar", &["|foo|", "bar"]),
            ("foo|bar|", &["foo", "bar"]),
            ("foo|", &["foo"]),
            ("|", &[]),
            (r"\|", &["|"]),
        ];
        for (expected, wanted) in cases {
            assert_eq!(options(expected), wanted, "{expected}");
        }
    }

    #[test]
    fn capturing_groups_become_non_capturing() {
        assert_eq!(non_capturing(r"(a|b)\(c\)[(]"), r"(?:a|b)\(c\)[(]");
        assert_eq!(non_capturing("(?:x)(?i)y"), "(?:x)(?i)y");
    }
}
