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
use regex_automata::dfa::{Automaton, dense};
use regex_syntax::hir::{Class, HirKind};

/// What a pattern compiles to: a [`Regex`], or an [`IsMatch`].
pub trait Compiled: Sized {
    /// `pattern` compiled, or `None` if it does not compile.
    fn compile(pattern: &str, ignore_case: bool, size_limit: usize) -> Option<Self>;

    /// The ASCII version of `pattern` as build.rs compiled it ahead, if it
    /// did (a built-in pack's pattern); `None`: it is compiled at run time.
    fn built_ahead(_pattern: &str, _ignore_case: bool, _size_limit: usize) -> Option<Self> {
        None
    }

    /// The Latin version of `pattern` (see [`Compiled::LATIN`]) as build.rs
    /// compiled it ahead, if it did; `None`: it is compiled at run time.
    fn built_ahead_latin(_pattern: &str, _ignore_case: bool, _size_limit: usize) -> Option<Self> {
        None
    }

    /// Whether a haystack of Latin letters (none past U+017F) is searched
    /// with a version of the pattern whose classes are cut to them (see
    /// [`AsciiFirst::for_text`]).
    const LATIN: bool = false;
}

impl Compiled for Regex {
    fn compile(pattern: &str, ignore_case: bool, size_limit: usize) -> Option<Self> {
        regex::RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .size_limit(size_limit)
            .build()
            .ok()
    }
}

/// A regex that only tells whether a text matches, for patterns tried on a
/// line or a few words (a byline's expected form, the blocks a furniture
/// rule selects). Built without the lazy DFA, which a regex needs a reverse
/// automaton for: it compiles in about half the time (a byline pattern with
/// Unicode classes: 17 million instructions instead of 34), and on a short
/// text the backtracker it uses instead is as fast. A text longer than
/// [`IsMatch::SHORT`] is searched by the regex with its lazy DFA, compiled
/// the first time one comes, so that no input makes the search slow.
#[derive(Debug, Clone)]
pub struct IsMatch {
    short: Short,
    long: OnceLock<Option<Regex>>,
    pattern: String,
    ignore_case: bool,
    size_limit: usize,
}

/// How an [`IsMatch`] searches a short text.
#[derive(Debug, Clone)]
enum Short {
    /// Compiled at run time, without the lazy DFA.
    Compiled(regex_automata::meta::Regex),
    /// A built-in pattern's ASCII version, a DFA that build.rs built and
    /// minimised, read in place: nothing to compile (the byline pattern took
    /// 2.4 million instructions to compile, a third of checking a short
    /// article's start-up), and as fast on any length of text.
    Ahead(Box<dense::DFA<&'static [u32]>>),
}

/// The DFAs build.rs built for the built-in `furniture` patterns: their
/// bytes, one after another (each at a multiple of 8), and per pattern as
/// written, where its ASCII version's DFA is, and its Latin version's.
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);
static AHEAD_BYTES: &Aligned<[u8]> =
    &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/ascii_dfas.bin")));
static AHEAD: &[(&str, usize, usize)] = include!(concat!(env!("OUT_DIR"), "/ascii_dfas.rs"));
static AHEAD_LATIN: &[(&str, usize, usize)] = include!(concat!(env!("OUT_DIR"), "/latin_dfas.rs"));

impl IsMatch {
    /// Longest text searched without the lazy DFA.
    pub const SHORT: usize = 4096;

    pub fn is_match(&self, haystack: &str) -> bool {
        let short = match &self.short {
            Short::Compiled(short) => short,
            // Only a DFA that meets a byte it must quit on, or a word
            // boundary past ASCII, can fail, and these have neither; if it
            // did, the regex as written answers.
            Short::Ahead(dfa) => {
                return match dfa.try_search_fwd(&regex_automata::Input::new(haystack)) {
                    Ok(found) => found.is_some(),
                    Err(_) => self.long().is_some_and(|long| long.is_match(haystack)),
                };
            }
        };
        if haystack.len() > Self::SHORT
            && let Some(long) = self
                .long
                .get_or_init(|| Regex::compile(&self.pattern, self.ignore_case, self.size_limit))
        {
            return long.is_match(haystack);
        }
        short.is_match(haystack)
    }

    /// The regex as written, with its lazy DFA, compiled on first use.
    fn long(&self) -> Option<&Regex> {
        self.long
            .get_or_init(|| Regex::compile(&self.pattern, self.ignore_case, self.size_limit))
            .as_ref()
    }
}

impl Compiled for IsMatch {
    /// A byline or dateline past ASCII is nearly always a name with an
    /// accent ("By José Ortiz"): the pattern with Unicode classes took some
    /// 17 million instructions to compile, a tenth of checking 200 short
    /// articles, where its classes cut to Latin letters take a fraction.
    const LATIN: bool = true;

    fn compile(pattern: &str, ignore_case: bool, size_limit: usize) -> Option<Self> {
        use regex_automata::{meta, util::syntax};
        let short = meta::Builder::new()
            .configure(
                meta::Config::new()
                    .hybrid(false)
                    .dfa(false)
                    .onepass(false)
                    .nfa_size_limit(Some(size_limit)),
            )
            .syntax(syntax::Config::new().case_insensitive(ignore_case))
            .build(pattern)
            .ok()?;
        Some(IsMatch {
            short: Short::Compiled(short),
            long: OnceLock::new(),
            pattern: pattern.to_string(),
            ignore_case,
            size_limit,
        })
    }

    /// Built ahead only without case folding (as the `furniture` kind
    /// compiles its patterns); the DFA must read as this build writes it
    /// (little-endian), else the pattern is compiled.
    fn built_ahead(pattern: &str, ignore_case: bool, size_limit: usize) -> Option<Self> {
        Self::read_ahead(AHEAD, pattern, ignore_case, size_limit)
    }

    /// As [`IsMatch::built_ahead`]: the Latin version of a built-in
    /// pattern was compiled at run time the first time a byline had a
    /// letter past ASCII (6.5 million instructions for the byline's, where
    /// a short article's whole check takes 8.5).
    fn built_ahead_latin(pattern: &str, ignore_case: bool, size_limit: usize) -> Option<Self> {
        Self::read_ahead(AHEAD_LATIN, pattern, ignore_case, size_limit)
    }
}

impl IsMatch {
    /// `pattern`'s DFA in `table` (of [`AHEAD_BYTES`]), read in place.
    fn read_ahead(
        table: &[(&str, usize, usize)],
        pattern: &str,
        ignore_case: bool,
        size_limit: usize,
    ) -> Option<Self> {
        if ignore_case {
            return None;
        }
        let &(_, start, end) = table.iter().find(|(p, _, _)| *p == pattern)?;
        let (dfa, _) = dense::DFA::from_bytes(AHEAD_BYTES.0.get(start..end)?).ok()?;
        Some(IsMatch {
            short: Short::Ahead(Box::new(dfa)),
            long: OnceLock::new(),
            pattern: pattern.to_string(),
            ignore_case,
            size_limit,
        })
    }
}

/// A regex for the captures of a match on a line or two (a `furniture`
/// rule's fix): the meta regex as the `regex` crate builds it, but without
/// the full DFAs it adds for a small pattern, and, as [`IsMatch`], without
/// the lazy DFA. A byline fix's pattern took 0.31 million instructions to
/// compile, 0.21 of them its two dense DFAs, for one search of one line
/// (0.08 million now); the one-pass DFA, the bounded backtracker and the
/// PikeVM find the same matches and groups.
#[derive(Debug, Clone)]
pub struct LineRegex(regex_automata::meta::Regex);

impl Compiled for LineRegex {
    fn compile(pattern: &str, ignore_case: bool, size_limit: usize) -> Option<Self> {
        use regex_automata::{meta, util::syntax};
        meta::Builder::new()
            .configure(
                meta::Config::new()
                    .dfa(false)
                    .hybrid(false)
                    .nfa_size_limit(Some(size_limit)),
            )
            .syntax(syntax::Config::new().case_insensitive(ignore_case))
            .build(pattern)
            .ok()
            .map(LineRegex)
    }
}

impl LineRegex {
    /// The groups of the first match in `haystack`, if there is one.
    pub fn captures(&self, haystack: &str) -> Option<regex_automata::util::captures::Captures> {
        let mut caps = self.0.create_captures();
        self.0.captures(haystack, &mut caps);
        caps.is_match().then_some(caps)
    }

    /// `haystack` with its first match replaced by `replacement`, where
    /// `$name` and `${name}` stand for a group, as
    /// [`Regex::replace`](regex::Regex::replace) does.
    pub fn replace(&self, haystack: &str, replacement: &str) -> String {
        let Some(caps) = self.captures(haystack) else {
            return haystack.to_string();
        };
        let span = caps.get_match().expect("a match has group 0").span();
        let mut out = haystack[..span.start].to_string();
        caps.interpolate_string_into(haystack, replacement, &mut out);
        out.push_str(&haystack[span.end..]);
        out
    }
}

/// A regex known to compile (checked when it was written: a test or a
/// configuration error), compiled on first use.
#[derive(Debug, Clone)]
pub struct AsciiFirst<R> {
    pattern: String,
    ignore_case: bool,
    size_limit: usize,
    ascii: OnceLock<Option<R>>,
    /// The pattern with its classes cut to [`LATIN_LAST`], for
    /// [`Compiled::LATIN`].
    latin: OnceLock<Option<R>>,
    full: OnceLock<R>,
}

/// The last character of the Latin version of a pattern: Latin-1 and
/// Latin Extended-A ("é", "ł", "š"). A text holds none past it when it has
/// no byte from 0xC6 on (the lead bytes of the two-byte characters up to
/// U+017F are 0xC2 to 0xC5, and continuation bytes are below 0xC0).
const LATIN_LAST: char = '\u{17f}';

/// Whether every character of `text` is at most [`LATIN_LAST`].
fn is_latin(text: &str) -> bool {
    !text.bytes().any(|b| b >= 0xC6)
}

/// The regex with all its searches (captures, replacing).
pub type AsciiFirstRegex = AsciiFirst<Regex>;

impl<R: Compiled> AsciiFirst<R> {
    /// `pattern` must compile with these settings; it is not compiled yet.
    pub fn new(pattern: String, ignore_case: bool, size_limit: usize) -> Self {
        AsciiFirst {
            pattern,
            ignore_case,
            size_limit,
            ascii: OnceLock::new(),
            latin: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    /// The regex to search `haystack` with: the ASCII version when the
    /// haystack is ASCII; for a kind that says so ([`Compiled::LATIN`]),
    /// the Latin version when every character is at most U+017F (Latin-1
    /// and Latin Extended-A). Each matches there where the pattern does.
    pub fn for_text(&self, haystack: &str) -> &R {
        if haystack.is_ascii() {
            if let Some(ascii) = self.ascii.get_or_init(|| self.ascii_version()) {
                return ascii;
            }
        } else if R::LATIN
            && is_latin(haystack)
            && let Some(latin) = self.latin.get_or_init(|| {
                R::built_ahead_latin(&self.pattern, self.ignore_case, self.size_limit)
                    .or_else(|| self.cut_version(LATIN_LAST))
            })
        {
            return latin;
        }
        self.full()
    }

    /// The regex as written.
    pub fn full(&self) -> &R {
        self.full.get_or_init(|| {
            // Checked when it was written (a test, or a pack at load), so
            // it compiles; if it did not after all, a regex that matches
            // nothing, rather than stop the run.
            R::compile(&self.pattern, self.ignore_case, self.size_limit)
                .or_else(|| R::compile(r"[^\s\S]", false, self.size_limit))
                .expect("a regex that matches nothing compiles")
        })
    }

    /// The pattern with its classes cut to ASCII, compiled; `None` if
    /// anything goes wrong (the full regex is used).
    fn ascii_version(&self) -> Option<R> {
        if let Some(ahead) = R::built_ahead(&self.pattern, self.ignore_case, self.size_limit) {
            return Some(ahead);
        }
        // Every class cut to ASCII in the pattern's text, compiled as it is.
        if !self.ignore_case
            && let Some(cut) = with_ascii_classes(&self.pattern)
        {
            return R::compile(&cut, false, self.size_limit);
        }
        // A pattern that folds case or sets flags: parsed as written, every
        // class cut to ASCII after case folding, and written out again.
        self.cut_version('\x7f')
    }

    /// The pattern parsed as written, every class cut to the characters up
    /// to `last` after case folding, written out again and compiled;
    /// `None` if anything goes wrong.
    fn cut_version(&self, last: char) -> Option<R> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(self.ignore_case)
            .build()
            .parse(&self.pattern)
            .ok()?;
        // Case folding is already in the classes: compile as written out.
        R::compile(&cut_classes(&hir, last).to_string(), false, self.size_limit)
    }
}

/// `pattern` with every class cut to its ASCII members, in the pattern's
/// text: a Unicode or Perl class (`\p{Lu}`, `\w`, also inside brackets)
/// written as a bracket of its ASCII members, a bracket intersected with
/// ASCII (`[^)]` as `[\x00-\x7f&&[^)]]`), `.` as ASCII but a newline. On
/// ASCII text it matches where the pattern does, and no class in it needs
/// the UTF-8 automata that make compiling a Unicode class slow. `None` for
/// a pattern that does not parse or sets flags (case folding would make
/// the members differ).
fn with_ascii_classes(pattern: &str) -> Option<String> {
    use regex_syntax::ast::{self, Ast, ClassSetItem};

    /// What to write in place of a span of the pattern: a class, written
    /// out as its ASCII members; or text (empty spans insert it).
    enum Edit {
        Class,
        Text(&'static str),
    }

    /// The edits, in the order met.
    struct Edits(Vec<(std::ops::Range<usize>, Edit)>);

    impl Edits {
        fn class(&mut self, span: &ast::Span) {
            self.0
                .push((span.start.offset..span.end.offset, Edit::Class));
        }
    }

    impl ast::Visitor for Edits {
        type Output = Vec<(std::ops::Range<usize>, Edit)>;
        type Err = ();

        fn finish(self) -> Result<Self::Output, ()> {
            Ok(self.0)
        }

        fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
            match ast {
                Ast::Flags(_) => return Err(()),
                Ast::Group(group) if matches!(&group.kind, ast::GroupKind::NonCapturing(f) if !f.items.is_empty()) =>
                {
                    return Err(());
                }
                Ast::ClassUnicode(class) => self.class(&class.span),
                Ast::ClassPerl(class) => self.class(&class.span),
                Ast::Dot(span) => self.0.push((
                    span.start.offset..span.end.offset,
                    Edit::Text(r"[\x00-\x09\x0b-\x7f]"),
                )),
                Ast::ClassBracketed(class) => {
                    let (start, end) = (class.span.start.offset, class.span.end.offset);
                    self.0.push((start..start, Edit::Text(r"[\x00-\x7f&&")));
                    self.0.push((end..end, Edit::Text("]")));
                }
                _ => {}
            }
            Ok(())
        }

        fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
            match item {
                ClassSetItem::Unicode(class) => self.class(&class.span),
                ClassSetItem::Perl(class) => self.class(&class.span),
                _ => {}
            }
            Ok(())
        }
    }

    let parsed = ast::parse::Parser::new().parse(pattern).ok()?;
    let mut edits = ast::visit(&parsed, Edits(Vec::new())).ok()?;
    // By place; a bracket's closing insertion comes after the classes in
    // it, which end before it (stable: insertions keep their order).
    edits.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(pattern.len() + 16 * edits.len());
    let mut at = 0;
    for (span, edit) in edits {
        out.push_str(pattern.get(at..span.start)?);
        match edit {
            Edit::Class => out.push_str(&ascii_members(&pattern[span.clone()])?),
            Edit::Text(text) => out.push_str(text),
        }
        at = span.end;
    }
    out.push_str(&pattern[at..]);
    Some(out)
}

/// A class written alone (`\p{L}`, `\W`) as a bracket of its ASCII members
/// (`[\x41-\x5a\x61-\x7a]`), remembered for the run: each class is
/// expanded once, however many patterns use it.
fn ascii_members(class: &str) -> Option<String> {
    use foldhash::{HashMap, HashMapExt};
    use std::fmt::Write;
    use std::sync::Mutex;

    static KNOWN: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    let known = known.get_or_insert_with(HashMap::new);
    if let Some(bracket) = known.get(class) {
        return Some(bracket.clone());
    }
    let hir = regex_syntax::Parser::new().parse(class).ok()?;
    // A class left with no member is written as one that matches nothing.
    let members: Vec<(u32, u32)> = match to_ascii(&hir).into_kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        _ => return None,
    };
    let mut bracket = String::from("[");
    for (start, end) in &members {
        let _ = write!(bracket, "\\x{start:02x}-\\x{end:02x}");
    }
    if members.is_empty() {
        // No ASCII member: a class that matches nothing.
        bracket.push_str("^\\x00-\\x{10ffff}");
    }
    bracket.push(']');
    known.insert(class.to_string(), bracket.clone());
    Some(bracket)
}

include!("ascii_hir.rs");

#[cfg(test)]
mod latin_tests;

#[cfg(test)]
mod tests;
