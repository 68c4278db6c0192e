//! What Vale does to every rule's text before and after matching: the
//! regex templates it wraps tokens in, its exception lists, and its
//! `%s` messages. The regexes themselves are [`crate::vale::regex`]'s.

use std::ops::Range;
use std::sync::Arc;

pub use crate::vale::regex::{Lazy, UNSUPPORTED, find_all};

use super::PackError;
use crate::vale::Placed;

/// Vale's word template: tokens must start and end at word boundaries.
pub const WORD: &str = r"(?m)\b(?:%s)\b";
/// Its template for `nonword: true`.
pub const NONWORD: &str = r"(?m)(?:%s)";

/// Checks a regex (see [`Lazy`]), the error placed at `span` in the rule
/// file; it is compiled on first use, a failure then warned about as
/// `origin`'s.
pub fn compile(regex: &str, span: Range<usize>, origin: &Arc<str>) -> Result<Lazy, PackError> {
    crate::vale::regex::compile(regex, origin).map_err(|message| {
        let message = if message.starts_with(UNSUPPORTED) {
            format!("{message}; the rule is skipped")
        } else {
            message
        };
        PackError::at(span, message)
    })
}

/// `template` with `%s` replaced by `body`, and `(?i)` in front when the
/// rule ignores case (Vale's `makeRegexp`).
pub fn wrap(template: &str, body: &str, ignore_case: bool) -> String {
    let wrapped = template.replacen("%s", body, 1);
    if ignore_case {
        format!("(?i){wrapped}")
    } else {
        wrapped
    }
}

/// The place to show a whole-rule regex error: the first of `items`, or
/// `fallback`.
pub fn place(items: &[Placed], fallback: &Range<usize>) -> Range<usize> {
    items.first().map_or(fallback.clone(), |p| p.span.clone())
}

/// A rule's exceptions (with the accepted vocabulary, added by the loader):
/// a match that contains one as a whole word is not reported.
pub struct Exceptions(Option<Lazy>);

impl Exceptions {
    pub fn new(
        items: &[Placed],
        fallback: &Range<usize>,
        origin: &Arc<str>,
    ) -> Result<Self, PackError> {
        if items.is_empty() {
            return Ok(Exceptions(None));
        }
        let mut terms: Vec<&str> = items.iter().map(|p| p.text.as_str()).collect();
        // Longest first, so that alternation prefers the longer term.
        terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let body: Vec<String> = terms
            .iter()
            .map(|t| {
                if t.starts_with("(?i)") {
                    (*t).to_string()
                } else {
                    format!("(?-i){t}")
                }
            })
            .collect();
        let regex = wrap(WORD, &body.join("|"), false);
        Ok(Exceptions(Some(compile(
            &regex,
            place(items, fallback),
            origin,
        )?)))
    }

    /// The regex, for use inside another (`None` when there are none).
    pub fn source(&self) -> Option<&str> {
        self.0.as_ref().map(Lazy::as_str)
    }

    pub fn matches(&self, text: &str) -> bool {
        self.0.as_ref().is_some_and(|r| r.is_match(text))
    }
}

/// Vale's `FormatMessage` (Go's `Sprintf`): each `%s` (or `%d`, which
/// Vale's occurrence messages use for the count) takes the next value
/// (none left: an empty string); `%[n]s` takes the n-th, and the next
/// plain one the value after it; `%%` is a percent sign.
pub fn format_message(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut rest = template;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        // `[n]` before the verb: an explicit (1-based) argument.
        let (index, verb) = match tail.strip_prefix('[').and_then(|t| t.split_once(']')) {
            Some((n, after)) if n.parse::<usize>().is_ok_and(|n| n > 0) => {
                (n.parse::<usize>().ok().map(|n| n - 1), after)
            }
            _ => (None, tail),
        };
        if let Some(after) = verb.strip_prefix('s').or_else(|| verb.strip_prefix('d')) {
            let at = index.unwrap_or(next);
            out.push_str(values.get(at).copied().unwrap_or(""));
            next = at + 1;
            rest = after;
        } else if let Some(after) = tail.strip_prefix('%') {
            out.push('%');
            rest = after;
        } else {
            out.push('%');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Vale's `ToSentence`: `'a'`, `'a' or 'b'`, `'a', 'b', or 'c'`.
pub fn to_sentence(words: &[&str]) -> String {
    match words {
        [one] => format!("'{one}'"),
        [a, b] => format!("'{a}' or '{b}'"),
        _ => {
            let mut quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
            if let Some(last) = quoted.last_mut() {
                *last = format!("or {last}");
            }
            quoted.join(", ")
        }
    }
}

/// Vale's `IsPhrase`: letters, digits, spaces and hyphens only (a token
/// compared as text, not as a regex).
pub fn is_phrase(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphabetic() || c.is_numeric() || c == ' ' || c == '-')
}

/// Vale's `CapFirst`: the first character upper-cased.
pub fn cap_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_fill_each_percent_s_in_turn() {
        assert_eq!(
            format_message("Use '%s' instead of '%s'.", &["a", "b"]),
            "Use 'a' instead of 'b'."
        );
        assert_eq!(format_message("100%% of '%s' %x", &[]), "100% of '' %x");
        assert_eq!(format_message("too short (%d)", &["3"]), "too short (3)");
        assert_eq!(
            format_message(
                "'%[3]s' after '%[1]s', then %s; %[9]s.",
                &["a", "b", "c", "d"]
            ),
            "'c' after 'a', then b; ."
        );
    }

    #[test]
    fn sentences_list_alternatives_as_vale_does() {
        assert_eq!(to_sentence(&["a"]), "'a'");
        assert_eq!(to_sentence(&["a", "b"]), "'a' or 'b'");
        assert_eq!(to_sentence(&["a", "b", "c"]), "'a', 'b', or 'c'");
    }

    #[test]
    fn exceptions_match_whole_words_case_sensitively() {
        let items = [Placed {
            text: "Apple".to_string(),
            span: 0..0,
        }];
        let e = Exceptions::new(&items, &(0..0), &Arc::from("test")).unwrap();
        assert!(e.matches("Apple pie") && !e.matches("apple") && !e.matches("Apples"));
    }
}
