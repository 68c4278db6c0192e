//! A regex compiled twice over, each when first needed: for ASCII text, a
//! version with every character class cut down to ASCII; for any other
//! text, the regex as written.
//!
//! On ASCII text the two match at exactly the same places (every character
//! a match can take is ASCII, and case folding and word boundaries of ASCII
//! letters are the same in both), but the cut version compiles about ten
//! times faster: a class such as `\p{L}` or `\w` is most of the cost of
//! compiling a regex, and a byline or dateline pattern holds dozens of them.
//! Most articles, and nearly all the lines furniture patterns are tried on,
//! are ASCII, so most runs never compile a full Unicode class.

use std::sync::OnceLock;

use regex::Regex;
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
};

/// A regex known to compile (checked when it was written: a test or a
/// configuration error), compiled on first use.
#[derive(Debug)]
pub struct AsciiFirstRegex {
    pattern: String,
    ignore_case: bool,
    size_limit: usize,
    ascii: OnceLock<Option<Regex>>,
    full: OnceLock<Regex>,
}

impl Clone for AsciiFirstRegex {
    fn clone(&self) -> Self {
        AsciiFirstRegex {
            pattern: self.pattern.clone(),
            ignore_case: self.ignore_case,
            size_limit: self.size_limit,
            ascii: self.ascii.clone(),
            full: self.full.clone(),
        }
    }
}

impl AsciiFirstRegex {
    /// `pattern` must compile with these settings; it is not compiled yet.
    pub fn new(pattern: String, ignore_case: bool, size_limit: usize) -> Self {
        AsciiFirstRegex {
            pattern,
            ignore_case,
            size_limit,
            ascii: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    /// The regex as written, compiled now (for reporting an error early).
    pub fn compile_now(&self) -> Result<&Regex, regex::Error> {
        if let Some(full) = self.full.get() {
            return Ok(full);
        }
        let full = self.builder(&self.pattern).build()?;
        Ok(self.full.get_or_init(|| full))
    }

    /// The regex to search `haystack` with: the ASCII version when the
    /// haystack is ASCII.
    pub fn for_text(&self, haystack: &str) -> &Regex {
        if haystack.is_ascii()
            && let Some(ascii) = self.ascii.get_or_init(|| self.ascii_version())
        {
            return ascii;
        }
        self.full()
    }

    /// The regex as written.
    pub fn full(&self) -> &Regex {
        self.full.get_or_init(|| {
            self.builder(&self.pattern)
                .build()
                .expect("the pattern was checked when it was written")
        })
    }

    fn builder(&self, pattern: &str) -> regex::RegexBuilder {
        let mut builder = regex::RegexBuilder::new(pattern);
        builder
            .case_insensitive(self.ignore_case)
            .size_limit(self.size_limit);
        builder
    }

    /// The pattern with its classes cut to ASCII, written out again and
    /// compiled; `None` if anything goes wrong (the full regex is used).
    fn ascii_version(&self) -> Option<Regex> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(self.ignore_case)
            .build()
            .parse(&self.pattern)
            .ok()?;
        // Case folding is already in the classes: compile as written out.
        regex::RegexBuilder::new(&to_ascii(&hir).to_string())
            .size_limit(self.size_limit)
            .build()
            .ok()
    }
}

/// `hir` with every class intersected with ASCII.
fn to_ascii(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Repetition(rep) => {
            let mut rep = rep.clone();
            rep.sub = Box::new(to_ascii(&rep.sub));
            Hir::repetition(rep)
        }
        HirKind::Capture(cap) => {
            let mut cap = cap.clone();
            cap.sub = Box::new(to_ascii(&cap.sub));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(to_ascii).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(to_ascii).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On ASCII text both versions find the same matches, with the same
    /// groups; on other text the full regex is used.
    #[test]
    fn the_ascii_version_matches_ascii_text_exactly() {
        let patterns = [
            (r"^By \p{Lu}[\p{L}\p{M}'’.-]*(?: \p{Lu}\p{Ll}+)*$", false),
            (r"(?P<w>\w+)\s+\b\w", false),
            (r"[^)]+\)\s*—$", false),
            (r"colou?r|\bgrey\b", true),
            (r"(?i)straße|k", false),
            (r"\d{1,2}:\d\d\s*[ap]\.?m\.?", false),
            (r".\B.", false),
        ];
        let texts = [
            "By Jane Doe",
            "By jane doe",
            "the the cat",
            "BEIJING (AP) —",
            "Colour and GREY, grey-ish",
            "STRASSE Kelvin k",
            "at 10:30 p.m. and 9:00am",
            "ab cd",
            "",
        ];
        for (pattern, ignore_case) in patterns {
            let two = AsciiFirstRegex::new(pattern.to_string(), ignore_case, 1 << 24);
            let full = two.full();
            for text in texts {
                let ascii = two.for_text(text);
                let spans = |r: &Regex| {
                    r.captures_iter(text)
                        .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                };
                assert_eq!(spans(ascii), spans(full), "{pattern} on {text:?}");
            }
            assert!(
                matches!(two.ascii.get(), Some(Some(_))),
                "{pattern} has an ASCII version"
            );
            // Not ASCII: the full regex.
            assert!(std::ptr::eq(two.for_text("Seán"), two.full()));
        }
    }
}
