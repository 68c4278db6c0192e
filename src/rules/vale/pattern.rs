//! What Vale does to every rule's text before and after matching: the
//! regex templates it wraps tokens in, its exception lists, and its
//! `%s` messages. Vale's regexes are .NET-flavoured (look-around), so they
//! are compiled with `fancy-regex`, which hands plain ones to `regex`.

use std::io::Write as _;
use std::ops::Range;
use std::sync::OnceLock;

use fancy_regex::Regex;

use super::PackError;
use crate::vale::Placed;

/// Vale's word template: tokens must start and end at word boundaries.
pub const WORD: &str = r"(?m)\b(?:%s)\b";
/// Its template for `nonword: true`.
pub const NONWORD: &str = r"(?m)(?:%s)";

/// The start of the error of a regex that Vale runs but galley cannot (a
/// .NET feature fancy-regex lacks): the loader makes it a warning and
/// skips the rule, where a regex that is wrong in any dialect stops the run.
pub const UNSUPPORTED: &str = "galley cannot run this regex";

/// A rule's regex, checked when the rule is loaded (parsed, and its
/// look-arounds analysed, with the error placed in the rule file) and
/// compiled on first use: a configuration with hundreds of Vale rules
/// loads without compiling any, and a rule that never runs (another
/// section's, a file type's) costs nothing more. `None` once compiled if
/// it did not compile after all (a size limit): the rule then finds
/// nothing, with a warning, rather than stop the run.
#[derive(Debug, Clone)]
pub struct Lazy {
    source: String,
    regex: OnceLock<Option<Regex>>,
}

impl Lazy {
    /// The compiled regex (compiling it the first time).
    pub fn get(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| {
                build(&self.source)
                    .map_err(|err| {
                        let shown: String = self.source.chars().take(80).collect();
                        // Standard error may be closed; the run goes on.
                        let _ = writeln!(
                            std::io::stderr(),
                            "warning: the Vale regex {shown:?} did not compile ({err}); its rule finds nothing"
                        );
                    })
                    .ok()
            })
            .as_ref()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get()
            .is_some_and(|r| r.is_match(text).unwrap_or(false))
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }
}

fn build(regex: &str) -> Result<Regex, fancy_regex::Error> {
    fancy_regex::RegexBuilder::new(regex)
        .backtrack_limit(100_000)
        .build()
}

/// Checks a regex (see [`Lazy`]), the error placed at `span` in the rule
/// file; it is compiled on first use.
pub fn compile(regex: &str, span: Range<usize>) -> Result<Lazy, PackError> {
    // Checked first: fancy-regex reads some of these otherwise, silently
    // (`[a-z-[aeiou]]` as a union).
    if let Some(feature) = dotnet_only(regex) {
        return Err(PackError::at(
            span,
            format!(
                "{UNSUPPORTED} ({feature}, which Vale's .NET-style regexes have); the rule is skipped"
            ),
        ));
    }
    let built = check(regex).map_err(|err| PackError::at(span, format!("invalid regex: {err}")))?;
    let lazy = Lazy {
        source: regex.to_string(),
        regex: OnceLock::new(),
    };
    // A regex compiled to be checked is kept.
    if let Some(built) = built {
        let _ = lazy.regex.set(Some(built));
    }
    Ok(lazy)
}

/// What compiling would say of the regex's syntax and look-arounds,
/// without building its automata: fancy-regex's parse and analysis; the
/// parts it hands whole to the `regex` crate are parsed by `regex-syntax`
/// too (its syntax tree only: cheap next to compiling); a regex that
/// needs fancy-regex's own engine (look-around, back-references) is
/// compiled, as those are small. What only compiling finds (a regex too
/// big) is a warning at first use.
/// The regex, when it had to be compiled to be checked.
fn check(regex: &str) -> Result<Option<Regex>, String> {
    let tree = fancy_regex::Expr::parse_tree(regex).map_err(|e| e.to_string())?;
    let info =
        fancy_regex::internal::analyze(&tree, Default::default()).map_err(|e| e.to_string())?;
    let compiled = || build(regex).map(Some).map_err(|e| e.to_string());
    if info.hard {
        return compiled();
    }
    // Unicode class names are only known once translated (costly with
    // case folding, so only for the regexes that name one).
    let parsed = if regex.contains("\\p") || regex.contains("\\P") {
        regex_syntax::Parser::new().parse(regex).map(|_| ())
    } else {
        regex_syntax::ast::parse::Parser::new()
            .parse(regex)
            .map(|_| ())
            .map_err(Into::into)
    };
    match parsed {
        Ok(()) => Ok(None),
        // regex-syntax and fancy-regex differ on a few escapes: let the
        // real compiler judge.
        Err(_) => compiled(),
    }
}

/// The .NET regex feature (Vale's regexp2) `regex` uses that fancy-regex
/// has not, if any: character class subtraction (`[a-z-[aeiou]]`) and
/// balancing groups (`(?<open-close>…)`).
fn dotnet_only(regex: &str) -> Option<&'static str> {
    let bytes = regex.as_bytes();
    let mut in_class = false;
    // Whether the byte before is an unescaped `-` (`\-` is a literal one).
    let mut after_hyphen = false;
    let mut i = 0;
    while i < bytes.len() {
        let hyphen = bytes[i] == b'-';
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if in_class && after_hyphen => {
                return Some("character class subtraction");
            }
            // .NET reads it as a literal `[`; Rust's syntax as a nested
            // class (`[:alpha:]` is a class name in both readings' place).
            b'[' if in_class && bytes.get(i + 1) != Some(&b':') => {
                return Some("a `[` inside a character class, a literal one in .NET");
            }
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class && regex[i..].starts_with("(?<") => {
                let name: String = regex[i + 3..].chars().take_while(|c| *c != '>').collect();
                if name.contains('-') && !name.starts_with(['=', '!']) {
                    return Some("a balancing group");
                }
            }
            _ => {}
        }
        after_hyphen = hyphen;
        i += 1;
    }
    None
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
    pub fn new(items: &[Placed], fallback: &Range<usize>) -> Result<Self, PackError> {
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
        Ok(Exceptions(Some(compile(&regex, place(items, fallback))?)))
    }

    /// The regex, for use inside another (`None` when there are none).
    pub fn source(&self) -> Option<&str> {
        self.0.as_ref().map(Lazy::as_str)
    }

    pub fn matches(&self, text: &str) -> bool {
        self.0.as_ref().is_some_and(|r| r.is_match(text))
    }
}

/// Every match of `regex` in `text`, as byte ranges (a regex that gives up
/// on a pathological text stops there).
pub fn find_all(regex: &Lazy, text: &str) -> Vec<Range<usize>> {
    let Some(regex) = regex.get() else {
        return Vec::new();
    };
    regex
        .find_iter(text)
        .map_while(Result::ok)
        .map(|m| m.range())
        .collect()
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
        let e = Exceptions::new(&items, &(0..0)).unwrap();
        assert!(e.matches("Apple pie") && !e.matches("apple") && !e.matches("Apples"));
    }

    #[test]
    fn a_regex_is_checked_at_load_and_compiled_on_first_use() {
        let lazy = compile(r"\b(?:alpha|beta)\b", 0..0).unwrap();
        assert!(lazy.regex.get().is_none(), "compiled at load");
        assert!(lazy.is_match("the beta test") && !lazy.is_match("alphabet"));
        assert!(lazy.regex.get().is_some());
        // Errors are still found at load, placed.
        let err = compile("(?:a|b", 4..9).unwrap_err();
        assert!(err.message.starts_with("invalid regex"), "{}", err.message);
        assert_eq!(err.span, Some(4..9));
        // Look-arounds are analysed, and compiled, at load (they are small).
        assert!(compile(r"(?<=a+b)c", 0..0).unwrap().regex.get().is_some());
    }

    #[test]
    fn dotnet_features_are_told_apart_from_mistakes() {
        let err = compile(r"[a-z-[aeiou]]", 1..2).unwrap_err();
        assert!(err.message.starts_with(UNSUPPORTED), "{}", err.message);
        assert!(err.message.contains("class subtraction"));
        let err = compile(r"[a-z", 1..2).unwrap_err();
        assert!(err.message.starts_with("invalid regex"), "{}", err.message);
        // An escaped hyphen is a literal one, not a subtraction; the `[`
        // after it is literal in .NET, and a nested class in Rust's syntax.
        let err = compile(r"[a\-[]+", 1..2).unwrap_err();
        assert!(err.message.starts_with(UNSUPPORTED), "{}", err.message);
        assert!(!err.message.contains("subtraction"), "{}", err.message);
        assert!(err.message.contains("a `[` inside a character class"));
        assert_eq!(
            dotnet_only(r"[\w-[\d]]"),
            Some("character class subtraction")
        );
        assert_eq!(dotnet_only(r"[[:alpha:]\[]"), None);
    }

    #[test]
    fn look_around_compiles() {
        let r = compile(r"(?<!\d)\d{2}(?!\d)", 0..0).unwrap();
        assert_eq!(find_all(&r, "1 22 333"), vec![(2..4)]);
        assert!(
            compile("a(b", 3..6)
                .unwrap_err()
                .message
                .starts_with("invalid regex")
        );
    }
}
