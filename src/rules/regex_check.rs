//! Checking a pack's regex at load without compiling it: the pattern is
//! parsed (regex-syntax, as the regex crate parses it, so a syntax error is
//! the same error at the same place), and compiled at once only when it
//! might compile to more than the size limit. Compiling is what costs: a
//! pack of ten thousand regex rules took seconds and gigabytes to compile
//! at every start, when a document triggers a handful of them.

use regex_syntax::hir::{Class, Hir, HirKind};
use toml::Spanned;

use super::PackError;
use super::table::one_line;

/// The most memory a compiled pack regex may take (the regex crate's
/// `size_limit`).
pub const SIZE_LIMIT: usize = 1 << 24;

/// The longest pattern compiled at all, in bytes.
pub const MAX_PATTERN: usize = 64 << 10;

/// Whether `wrap(pattern)` compiles within [`SIZE_LIMIT`], as
/// [`compile_wrapped`] would find it, errors reported at the pattern's
/// place in the writer's terms; without compiling it unless it might be
/// too big (see [`nfa_bytes_bound`]).
pub fn check_wrapped(
    source: &Spanned<String>,
    ignore_case: bool,
    wrap: impl Fn(&str) -> String,
) -> Result<(), PackError> {
    too_long(source)?;
    let error = |err: &dyn std::fmt::Display| invalid(source, &syntax_reason(&err.to_string()));
    // The pattern as written is parsed for its syntax, so that an error
    // speaks of it (`a)(b` is no error once wrapped); the wrapped one is
    // translated too, which finds the errors of meaning (`\p{Nope}`) with
    // the same words, and gives what compiling would compile.
    regex_syntax::ast::parse::Parser::new()
        .parse(source.as_ref())
        .map_err(|err| error(&err))?;
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(ignore_case)
        .build()
        .parse(&wrap(source.as_ref()))
        .map_err(|err| error(&err))?;
    if nfa_bytes_bound(&hir) > SIZE_LIMIT as u64 {
        compile_wrapped(source, ignore_case, wrap)?;
    }
    Ok(())
}

/// Compiles `wrap(pattern)`, but reports a syntax error in the pattern as the
/// writer wrote it, not as wrapped.
pub fn compile_wrapped(
    source: &Spanned<String>,
    ignore_case: bool,
    wrap: impl Fn(&str) -> String,
) -> Result<regex::Regex, PackError> {
    let build = |pattern: &str| {
        regex::RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .size_limit(SIZE_LIMIT)
            .build()
    };
    let error = |err: regex::Error| {
        let reason = match err {
            regex::Error::Syntax(text) => syntax_reason(&text),
            regex::Error::CompiledTooBig(limit) => {
                format!(
                    "the pattern compiles to more than {limit} bytes; split it into several rules"
                )
            }
            other => one_line(&other.to_string()),
        };
        invalid(source, &reason)
    };
    too_long(source)?;
    build(source.as_ref()).map_err(error)?;
    build(&wrap(source.as_ref())).map_err(error)
}

/// An upper bound on the memory the regex crate counts against its size
/// limit while compiling `hir` to a Thompson NFA (forward or reverse):
/// every piece of the pattern counted at the most states it can take, a
/// bounded repetition once per copy, a Unicode class at every byte of
/// every UTF-8 sequence of every range, each state at the size of a state
/// with a transition for each of its bytes. It is loose for a big class
/// (the compiler shares suffixes: `\w` is counted at some 50 times what it
/// costs), which only means that a pattern with many of them (`\w{1,40}`)
/// is compiled at load to find out;
/// `tests::the_bound_is_above_what_compiling_counts` compares the bound
/// with the regex crate's own count.
pub fn nfa_bytes_bound(hir: &Hir) -> u64 {
    /// What one state costs, at most: the builder's state (an enum of
    /// 32 bytes) and its transitions (8 bytes each, counted with the
    /// states they lead to) or alternates, plus room.
    const PER_STATE: u64 = 64;
    /// The states every search adds: the unanchored start's loop, the
    /// start and match states, the captures' slots.
    const FIXED: u64 = 32;
    states(hir).saturating_add(FIXED).saturating_mul(PER_STATE)
}

/// The states `hir` compiles to, at most (see [`nfa_bytes_bound`]).
fn states(hir: &Hir) -> u64 {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(literal) => literal.0.len() as u64 + 1,
        HirKind::Class(Class::Bytes(class)) => class.ranges().len() as u64 + 1,
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().fold(1, |sum, r| {
            sum.saturating_add(utf8_states(r.start(), r.end()))
        }),
        HirKind::Repetition(rep) => {
            // `x{n,m}` is m copies of `x`; `x{n,}` n copies and a loop.
            let copies = u64::from(rep.max.unwrap_or(rep.min)).max(1) + 1;
            states(&rep.sub)
                .saturating_mul(copies)
                .saturating_add(copies * 2)
        }
        HirKind::Capture(capture) => states(&capture.sub).saturating_add(2),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().fold(parts.len() as u64 + 1, |sum, part| {
                sum.saturating_add(states(part))
            })
        }
    }
}

/// The states the UTF-8 automaton of the characters `start..=end` takes,
/// at most. Each part of the range encoded in `n` bytes (three-byte ones
/// in two, either side of the surrogates) splits into byte sequences: one,
/// and one more at each of its `n - 1` continuation bytes where its start
/// is not the lowest there or its end not the highest. Each sequence is a
/// state per byte and one to join it. Counted, not enumerated: a class
/// such as `\w` has hundreds of ranges.
fn utf8_states(start: char, end: char) -> u64 {
    const PARTS: [(u32, u32, u32); 5] = [
        (0, 0x7F, 1),
        (0x80, 0x7FF, 2),
        (0x800, 0xD7FF, 3),
        (0xE000, 0xFFFF, 3),
        (0x1_0000, 0x10_FFFF, 4),
    ];
    let (start, end) = (u32::from(start), u32::from(end));
    let mut states = 0;
    for (from, to, n) in PARTS {
        let (a, b) = (start.max(from), end.min(to));
        if a > b {
            continue;
        }
        let mut sequences = 1;
        for i in 1..n {
            let low = (1u32 << (6 * i)) - 1;
            sequences += u64::from(a & low != 0) + u64::from(b & low != low);
        }
        states += sequences * (u64::from(n) + 1);
    }
    states
}

/// A pattern this long would take seconds to find too big to compile.
fn too_long(source: &Spanned<String>) -> Result<(), PackError> {
    if source.as_ref().len() > MAX_PATTERN {
        return Err(PackError::at(
            source.span(),
            format!(
                "invalid regex: the pattern is {} bytes, over the limit of {MAX_PATTERN}; split it into several rules or use a table",
                source.as_ref().len()
            ),
        ));
    }
    Ok(())
}

/// The reason in a regex syntax error's text (the pattern, a caret line
/// and `error: …`): its last line.
fn syntax_reason(text: &str) -> String {
    let last = text.lines().last().unwrap_or(text);
    one_line(last.strip_prefix("error: ").unwrap_or(last))
}

fn invalid(source: &Spanned<String>, reason: &str) -> PackError {
    PackError::at(source.span(), format!("invalid regex: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::super::matcher::with_word_boundaries;
    use super::*;

    fn spanned(s: &str) -> Spanned<String> {
        Spanned::new(0..s.len(), s.to_string())
    }

    /// The least size limit under which the regex crate compiles
    /// `pattern`: what it counts against the limit.
    fn counted(pattern: &str, ignore_case: bool) -> u64 {
        let builds = |limit: usize| {
            regex::RegexBuilder::new(pattern)
                .case_insensitive(ignore_case)
                .size_limit(limit)
                .build()
                .is_ok()
        };
        let (mut low, mut high) = (0usize, 1usize << 30);
        assert!(builds(high), "{pattern} compiles");
        while low + 1 < high {
            let mid = low + (high - low) / 2;
            if builds(mid) { high = mid } else { low = mid }
        }
        high as u64
    }

    #[test]
    fn the_bound_is_above_what_compiling_counts() {
        let patterns = [
            "teh",
            r"\b(?:e-?mail(s?))\b",
            r"\b(?:wx12\w*)",
            r"\b(?:Zed3\p{Lu}\p{Ll}+)\b",
            r"(?:^|[.!?]\s+)(?P<flag>\d+)",
            r"\w{3,}",
            r"\w{1,40}",
            r"[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*",
            r"\p{Greek}+|\p{Cyrillic}{2,5}",
            r"(?s).{0,30}x",
            r"(?i)straße|ǅ|ﬃ",
            r"(?:\w+\s+){0,12}said",
            r"(?-u:\w)+\x{10FFFF}[\x{80}-\x{10FFFF}]",
            "a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z",
            r"(?:[A-Z][a-z]+ ){2,4}\(\w+\)",
        ];
        for pattern in patterns {
            for ignore_case in [false, true] {
                let hir = regex_syntax::ParserBuilder::new()
                    .case_insensitive(ignore_case)
                    .build()
                    .parse(pattern)
                    .unwrap();
                let (bound, real) = (nfa_bytes_bound(&hir), counted(pattern, ignore_case));
                assert!(
                    bound >= real,
                    "{pattern} (ignore case {ignore_case}): bound {bound} < counted {real}"
                );
            }
        }
    }

    #[test]
    fn a_pattern_too_big_is_compiled_at_once_and_refused() {
        let err = check_wrapped(&spanned(r"(?:\w{100}){100}"), true, str::to_string)
            .expect_err("too big");
        assert!(
            err.message.contains("compiles to more than"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_errors_are_those_of_the_regex_crate() {
        for pattern in [
            "a(b",
            "a)(b",
            r"\p{Nope}",
            "x{2,1}",
            "[z-a]",
            r"\",
            "(?x)a # note",
        ] {
            let checked = check_wrapped(&spanned(pattern), true, with_word_boundaries);
            let compiled = compile_wrapped(&spanned(pattern), true, with_word_boundaries);
            let (Err(checked), Err(compiled)) = (checked, compiled) else {
                panic!("{pattern} is an error both ways");
            };
            assert_eq!(checked.message, compiled.message, "{pattern}");
            assert_eq!(checked.span, compiled.span, "{pattern}");
        }
    }
}
