//! Finding a rule's pattern in text. A pattern that is a plain word or
//! phrase (most substitution rules: "recieve", "e-mail") is found with a
//! memchr search for its first letter and a byte comparison, which costs
//! nothing to build; anything else is compiled as a regex. Ten thousand
//! literal rules thus load in a fraction of the time ten thousand regexes take.

use std::io::Write;
use std::ops::Range;

use regex::Regex;

use std::sync::OnceLock;

use crate::document::ascii_regex::{AsciiFirst, Compiled};
use regex_syntax::hir::HirKind;
use toml::Spanned;

use super::PackError;
use super::regex_check::{SIZE_LIMIT, check_wrapped};

pub enum Matcher {
    /// A regex, compiled on first use: a rule costs nothing to build until
    /// a document gives it something to look for. A user's pattern is
    /// checked at load (see [`check_wrapped`]); a built-in pack's is not
    /// (the test suite runs its examples, so it is known to compile).
    /// `None` once compiled if it did not compile after all: the rule
    /// then finds nothing, rather than stop the run.
    Regex {
        pattern: String,
        ignore_case: bool,
        regex: OnceLock<Option<Regex>>,
    },
    Literal {
        /// The literal, lowercased when matched regardless of (ASCII) case.
        needle: Vec<u8>,
        ignore_case: bool,
        /// The literal starts (ends) with a word character, so the match must
        /// not be preceded (followed) by one.
        bound_start: bool,
        bound_end: bool,
    },
}

impl Matcher {
    /// A matcher for `pattern` with word boundaries at word-character
    /// edges. `literal_ok` allows the literal fast path.
    pub fn new(
        pattern: &Spanned<String>,
        ignore_case: bool,
        literal_ok: bool,
    ) -> Result<Matcher, PackError> {
        Matcher::with(pattern, ignore_case, literal_ok, false)
    }

    /// As [`Matcher::new`]; with `lazy` (a built-in pack), a regex is not
    /// even checked now.
    pub fn with(
        pattern: &Spanned<String>,
        ignore_case: bool,
        literal_ok: bool,
        lazy: bool,
    ) -> Result<Matcher, PackError> {
        if literal_ok && let Some(literal) = plain_literal(pattern.as_ref(), ignore_case) {
            let needle = if ignore_case {
                literal.to_ascii_lowercase().into_bytes()
            } else {
                literal.clone().into_bytes()
            };
            return Ok(Matcher::Literal {
                needle,
                ignore_case,
                bound_start: literal.chars().next().is_some_and(is_word_char),
                bound_end: literal.chars().next_back().is_some_and(is_word_char),
            });
        }
        if !lazy {
            check_wrapped(pattern, ignore_case, with_word_boundaries)?;
        }
        Ok(Matcher::Regex {
            pattern: with_word_boundaries(pattern.as_ref()),
            ignore_case,
            regex: OnceLock::new(),
        })
    }

    /// The compiled regex, if this is not a literal (compiling it the
    /// first time); `None` too for a regex that did not compile.
    pub fn regex(&self) -> Option<&Regex> {
        match self {
            Matcher::Regex {
                pattern,
                ignore_case,
                regex,
            } => regex
                .get_or_init(|| {
                    #[cfg(test)]
                    tests::COMPILED.with(|n| n.set(n.get() + 1));
                    regex::RegexBuilder::new(pattern)
                        .case_insensitive(*ignore_case)
                        .size_limit(SIZE_LIMIT)
                        .build()
                        .map_err(|err| warn_uncompiled(pattern, &err.to_string()))
                        .ok()
                })
                .as_ref(),
            Matcher::Literal { .. } => None,
        }
    }

    /// Byte ranges of the non-empty matches in `text`.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = Range<usize>> + 't> {
        match self {
            Matcher::Regex { .. } => match self.regex() {
                Some(regex) => Box::new(
                    regex
                        .find_iter(text)
                        .filter(|m| !m.is_empty())
                        .map(|m| m.range()),
                ),
                None => Box::new(std::iter::empty()),
            },
            Matcher::Literal {
                needle,
                ignore_case,
                bound_start,
                bound_end,
            } => Box::new(
                literal_matches(text, needle, *ignore_case).filter(move |r| {
                    let before_ok = !bound_start
                        || !text[..r.start]
                            .chars()
                            .next_back()
                            .is_some_and(is_word_char);
                    let after_ok =
                        !bound_end || !text[r.end..].chars().next().is_some_and(is_word_char);
                    before_ok && after_ok
                }),
            ),
        }
    }
}

/// Non-overlapping occurrences of `needle` in `text`, leftmost first:
/// memchr finds the first byte (either case), a comparison the rest.
fn literal_matches<'t>(
    text: &'t str,
    needle: &'t [u8],
    ignore_case: bool,
) -> impl Iterator<Item = Range<usize>> + 't {
    let hay = text.as_bytes();
    let first = needle[0];
    let (a, b) = if ignore_case {
        (first.to_ascii_lowercase(), first.to_ascii_uppercase())
    } else {
        (first, first)
    };
    let mut next_free = 0;
    memchr::memchr2_iter(a, b, hay).filter_map(move |at| {
        let end = at + needle.len();
        let candidate = hay.get(at..end)?;
        let equal = if ignore_case {
            candidate.eq_ignore_ascii_case(needle)
        } else {
            candidate == needle
        };
        (at >= next_free && equal && text.is_char_boundary(end)).then(|| {
            next_free = end;
            at..end
        })
    })
}

/// Unicode word characters, as `\b` in the regex crate sees them.
fn is_word_char(c: char) -> bool {
    regex_syntax::is_word_character(c)
}

/// The pattern's text if it is a plain literal the fast path handles: no
/// regex syntax at all, and ASCII when matched regardless of case (the
/// automaton folds ASCII case only).
fn plain_literal(pattern: &str, ignore_case: bool) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let HirKind::Literal(literal) = hir.kind() else {
        return None;
    };
    let text = std::str::from_utf8(&literal.0).ok()?.to_string();
    (!text.is_empty() && (!ignore_case || text.is_ascii())).then_some(text)
}

/// An Aho-Corasick automaton built when first used: a rule of a built-in
/// pack costs nothing at start-up until a document gives it something to
/// look for. `None` if the patterns cannot be built into one (only a
/// user's pack could have that many; its rules are built at once and the
/// error reported at load).
pub struct LazyFinder {
    patterns: Vec<String>,
    builder: aho_corasick::AhoCorasickBuilder,
    finder: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl LazyFinder {
    /// A finder of `patterns` as `builder` builds them; built now unless
    /// `lazy`, with the build error returned.
    pub fn new(
        patterns: Vec<String>,
        builder: aho_corasick::AhoCorasickBuilder,
        lazy: bool,
    ) -> Result<LazyFinder, aho_corasick::BuildError> {
        let finder = std::sync::OnceLock::new();
        if !lazy {
            let _ = finder.set(Some(builder.build(&patterns)?));
        }
        Ok(LazyFinder {
            patterns,
            builder,
            finder,
        })
    }

    pub fn get(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.finder
            .get_or_init(|| self.builder.build(&self.patterns).ok())
            .as_ref()
    }
}

/// A regex compiled when first used, or checked at once (`lazy == false`).
/// Built-in packs are loaded lazily: the test suite compiles every one of
/// their regexes, so a run pays only for the regexes it uses, and on ASCII
/// text only for their ASCII versions. `R` is a [`Regex`], or an
/// [`IsMatch`](crate::document::ascii_regex::IsMatch) where only whether a
/// text matches is asked.
pub struct LazyRegex<R = Regex>(AsciiFirst<R>);

impl<R: Compiled> LazyRegex<R> {
    pub fn new(
        pattern: &Spanned<String>,
        ignore_case: bool,
        lazy: bool,
    ) -> Result<LazyRegex<R>, PackError> {
        // A built-in pack's regexes are compiled by the test suite (every
        // rule's examples run there): at load they are only kept. A user's
        // are checked, not compiled.
        if !lazy {
            check_wrapped(pattern, ignore_case, str::to_string)?;
        }
        Ok(LazyRegex(AsciiFirst::new(
            pattern.as_ref().clone(),
            ignore_case,
            SIZE_LIMIT,
        )))
    }

    /// The regex to search `haystack` with (see [`AsciiFirst`]).
    pub fn for_text(&self, haystack: &str) -> &R {
        self.0.for_text(haystack)
    }
}

/// Wraps a pattern in `\b` where it begins or ends with a word character, so
/// that "teh" does not match inside "tehran".
pub fn with_word_boundaries(pattern: &str) -> String {
    let starts_word = pattern.chars().next().is_some_and(|c| c.is_alphanumeric());
    let ends_word = pattern.chars().last().is_some_and(|c| c.is_alphanumeric());
    format!(
        "{}(?:{pattern}){}",
        if starts_word { r"\b" } else { "" },
        if ends_word { r"\b" } else { "" }
    )
}

/// Says on standard error, once per pattern (the regex is compiled once),
/// that a pattern checked at load failed to compile on first use after all
/// (the size bound let it through): its rule then finds nothing, and the
/// writer of the pack should know why.
fn warn_uncompiled(pattern: &str, reason: &str) {
    let mut shown: String = pattern.chars().take(80).collect();
    if shown.len() < pattern.len() {
        shown.push('…');
    }
    let reason = reason.lines().last().unwrap_or(reason).trim();
    // Debug formatting shows control and bidi characters escaped. Standard
    // error may be closed; the run goes on regardless.
    let _ = writeln!(
        std::io::stderr(),
        "warning: the pattern {shown:?} did not compile ({reason}); its rule finds nothing\n  \
         = help: split the pattern into several rules"
    );
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    thread_local! {
        /// Regexes compiled on this thread, for the tests that a regex is
        /// compiled only when used.
        pub(crate) static COMPILED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn spanned(s: &str) -> Spanned<String> {
        Spanned::new(0..s.len(), s.to_string())
    }

    fn both(pattern: &str, text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let literal = Matcher::new(&spanned(pattern), true, true).unwrap();
        assert!(
            matches!(literal, Matcher::Literal { .. }),
            "{pattern} takes the fast path"
        );
        let regex = Matcher::new(&spanned(pattern), true, false).unwrap();
        (
            literal.find_iter(text).collect(),
            regex.find_iter(text).collect(),
        )
    }

    #[test]
    fn literal_path_matches_like_the_regex() {
        for (pattern, text) in [
            ("teh", "Teh cat, tehran, TEH. teh_x teh-x éteh tehé"),
            ("e-mail", "E-mail, e-mails, re-e-mail and e-mail."),
            (
                "very unique",
                "A VERY UNIQUE and very uniquely placed thing.",
            ),
        ] {
            let (a, b) = both(pattern, text);
            assert_eq!(a, b, "{pattern} in {text:?}");
            assert!(!a.is_empty());
        }
    }

    #[test]
    fn regex_syntax_takes_the_regex_path() {
        assert!(matches!(
            Matcher::new(&spanned("e-?mail"), true, true).unwrap(),
            Matcher::Regex { .. }
        ));
        assert!(matches!(
            Matcher::new(&spanned("Émile"), true, true).unwrap(),
            Matcher::Regex { .. }
        ));
    }

    /// A pack's regexes are compiled when a document first triggers their
    /// rule, not at load: a pack of thousands of regex rules costs what a
    /// document uses of it. (Before, every one was compiled at load: a
    /// pack of 10,000 took 6 s and 1.7 GB at every start.)
    #[test]
    fn a_pack_regex_is_compiled_when_first_used_not_at_load() {
        use crate::document::{ArticleSettings, Document, Format};
        use crate::rules::prefilter::Prefilter;
        use crate::rules::{Concurrency, Pack, check_document};
        use crate::source::SourceFile;

        let mut text = String::from("[pack]\nname = \"p\"\n");
        for (id, pattern) in [
            ("a", r"zqa(?:ing|ed)?"),
            ("b", r"zqb\\w+"),
            ("c", r"e-?mailc(s?)"),
        ] {
            text.push_str(&format!(
                "[[rule]]\nid = \"{id}\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"x\"]\npattern = '{pattern}'\n"
            ));
        }
        let before = COMPILED.with(std::cell::Cell::get);
        let pack = Pack::parse(&text).expect("the pack loads");
        assert_eq!(
            COMPILED.with(std::cell::Cell::get),
            before,
            "nothing compiled at load"
        );
        let source = SourceFile::new("t.txt", "A story\n\nThey were zqaing all day.\n");
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let prefilter = Prefilter::new(&pack.rules, &vec![true; pack.rules.len()]);
        let triggered = prefilter.scan(&source.text);
        let found = check_document(
            &pack.rules,
            &doc,
            None,
            Some(&triggered),
            Concurrency::Alongside,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&*found[0].rule, "a");
        assert_eq!(
            COMPILED.with(std::cell::Cell::get),
            before + 1,
            "only the rule the document triggered compiled its regex"
        );
    }

    /// A regex is still checked at load: a syntax error points into the
    /// pack, at the pattern, as it did when every regex was compiled there.
    #[test]
    fn an_invalid_regex_is_still_an_error_at_load_at_its_place() {
        let text = "[pack]\nname = \"p\"\n[[rule]]\nid = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"x\"]\npattern = 'zq(b'\n";
        let err = crate::rules::Pack::parse(text).expect_err("refused at load");
        assert_eq!(err.message, "invalid regex: unclosed group");
        assert_eq!(&text[err.span.expect("a place")], "'zq(b'");
    }
}
