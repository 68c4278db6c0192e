//! `whitespace`: space that a reader cannot see but a layout shows — trailing
//! spaces and no-break spaces at the end of a line, and doubled spaces between
//! words (a no-break space beside a space counts).

use toml::Spanned;

use super::params::params;
use super::{Check, Context, Finding, KindInfo, PackError, RuleSpec};
use crate::diagnostic::Applicability;
use crate::document::Document;

params! {
    /// The parameters of this kind.
    struct Params {
        /// `trailing` (end of a line) or `doubled` (between words)
        check: Spanned<String>,
        /// `unsafe` (default: a no-break space may be deliberate), `safe` or `display-only`
        applicability: Option<Spanned<Applicability>>,
    }
}

pub static KIND: KindInfo = KindInfo {
    name: "whitespace",
    summary: "trailing whitespace (no-break spaces included) or doubled spaces; fixable",
    params: Params::DOCS,
    vars: &[("space", "what the whitespace is, e.g. \"a no-break space\"")],
    build,
    honours_sic: false,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Trailing,
    Doubled,
}

struct Whitespace {
    mode: Mode,
    applicability: Applicability,
}

fn build(spec: &RuleSpec) -> Result<Box<dyn Check>, PackError> {
    let p: Params = spec.params()?;
    let check = &p.check;
    let mode = match check.as_ref().as_str() {
        "trailing" => Mode::Trailing,
        "doubled" => Mode::Doubled,
        other => {
            return Err(PackError::at(
                check.span(),
                format!("unknown whitespace check `{other}`: use `trailing` or `doubled`"),
            ));
        }
    };
    Ok(Box::new(Whitespace {
        mode,
        applicability: p
            .applicability
            .map_or(Applicability::Unsafe, |a| a.into_inner()),
    }))
}

fn is_space(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

impl Check for Whitespace {
    fn fix(&self) -> Option<Applicability> {
        Some(self.applicability)
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for (_, block) in cx.blocks(doc) {
            match self.mode {
                Mode::Trailing => self.trailing(doc, block, cx),
                Mode::Doubled => self.doubled(doc, block, cx),
            }
        }
    }
}

impl Whitespace {
    /// Each line of `block` that ends in space and has content before it.
    /// A line is looked at only when its last byte can end a space
    /// ([`may_end_space`]); most end in a letter or a full stop.
    fn trailing(&self, doc: &Document, block: &crate::document::Block, cx: &mut Context) {
        let text = block.text();
        let bytes = text.as_bytes();
        let mut line_start = 0;
        let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
        for line_end in ends {
            let start = line_start;
            line_start = line_end + 1;
            if !bytes[start..line_end]
                .last()
                .is_some_and(|&b| may_end_space(b))
            {
                continue;
            }
            let line = &text[start..line_end];
            let trimmed = line.trim_end_matches(is_space);
            // Trailing space removed, a non-empty rest has content.
            if trimmed.len() < line.len() && !trimmed.is_empty() {
                let range = start + trimmed.len()..line_end;
                // Only at the end of a line of the file: a block can end
                // mid-line (a dateline before its story: "BEIJING (AP) —
                // Officials met").
                let end = block.prose.to_source(range.clone()).end;
                let after = &doc.source.text[end..];
                if after.is_empty() || after.starts_with(['\n', '\r']) {
                    report(cx, block, range, "", self.applicability);
                }
            }
        }
    }

    /// Each run of two spaces or more between words of `block`: the runs
    /// are found by [`next_space_run`], and a run at either end of a line
    /// (an indent, trailing space) is left to the other check.
    fn doubled(&self, doc: &Document, block: &crate::document::Block, cx: &mut Context) {
        let text = block.text();
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(range) = next_space_run(text, from) {
            from = range.end;
            let at_line_start = range.start == 0 || bytes[range.start - 1] == b'\n';
            let at_line_end = bytes.get(range.end).is_none_or(|&b| b == b'\n');
            if at_line_start || at_line_end {
                continue;
            }
            // Spaces on either side of a tag or a comment (`it <!-- c -->
            // then`) do not stand together.
            let span = block.prose.to_source(range.clone());
            if doc.source.text[span.range()].contains('<') {
                continue;
            }
            let run = &text[range.clone()];
            // Keep one space; a run of only no-break spaces keeps one
            // no-break space.
            let keep = if run.contains(' ') {
                ' '
            } else {
                run.chars().next().expect("a run of two spaces")
            };
            report(
                cx,
                block,
                range,
                keep.encode_utf8(&mut [0; 4]),
                self.applicability,
            );
        }
    }
}

/// Whether a line whose last byte is `b` can end in a space: the ASCII
/// spaces (a line break is not one) and any byte that ends a character
/// past ASCII (the no-break and Unicode spaces are among them).
fn may_end_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0B | 0x0C | b'\r') || b >= 0x80
}

fn report(
    cx: &mut Context,
    block: &crate::document::Block,
    range: std::ops::Range<usize>,
    replacement: &str,
    applicability: Applicability,
) {
    let run = &block.text()[range.clone()];
    let description = describe(run);
    let vars = [("space", description.as_str())];
    let mut finding = Finding::new(block.prose.to_source(range.clone()), &vars);
    finding.fix = block.replace_fix(range, replacement, applicability);
    cx.report(finding);
}

/// The bytes a space other than U+0020 starts with (tab, vertical tab,
/// form feed, carriage return; U+0085 and U+00A0; U+1680; U+2000 to
/// U+205F; U+3000), as a table: one look-up a byte.
static SPACE_LEAD: [bool; 256] = {
    let mut table = [false; 256];
    let lead = [b'\t', 0x0B, 0x0C, b'\r', 0xC2, 0xE1, 0xE2, 0xE3];
    let mut i = 0;
    while i < lead.len() {
        table[lead[i] as usize] = true;
        i += 1;
    }
    table
};

/// The next run of two spaces or more (not line breaks) that starts at or
/// after `from`, whole: `from` is 0 or the end of a run found before, so
/// no space stands just before it. Fast path: two ASCII spaces are found by
/// a SIMD search; other spaces (tab, no-break and the Unicode spaces) are
/// rare, so each one found before those two is checked with its
/// neighbours. Either finds a place inside the first run, which is then
/// widened to its ends.
fn next_space_run(text: &str, from: usize) -> Option<std::ops::Range<usize>> {
    static PAIR: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    let bytes = text.as_bytes();
    let ascii = PAIR.find(&bytes[from..]).map(|i| from + i);
    let limit = ascii.unwrap_or(bytes.len());
    let mut at = from;
    let mut inside = ascii;
    while let Some(i) = next_space_lead(&bytes[..limit], at) {
        let c = text[i..].chars().next().expect("a char boundary");
        let next = i + c.len_utf8();
        if is_space(c)
            && (text[..i].chars().next_back().is_some_and(is_space)
                || text[next..].chars().next().is_some_and(is_space))
        {
            inside = Some(i);
            break;
        }
        at = next;
    }
    let inside = inside?;
    let before: usize = text[..inside]
        .chars()
        .rev()
        .take_while(|&c| is_space(c))
        .map(char::len_utf8)
        .sum();
    let after: usize = text[inside..]
        .chars()
        .take_while(|&c| is_space(c))
        .map(char::len_utf8)
        .sum();
    Some(inside - before..inside + after)
}

/// The first byte from `from` on that a space other than U+0020 starts
/// with ([`SPACE_LEAD`]). Eight bytes at a time: a stretch with no byte
/// past ASCII and none below 0x0E (a line break is one) holds none, and
/// only the other stretches are looked at a byte at a time.
fn next_space_lead(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A byte past ASCII, or one below 0x0E ("has less than" of Bit
        // Twiddling Hacks: exact for a limit up to 0x80).
        if (x | (x.wrapping_sub(ONES * 0x0E) & !x)) & HIGH != 0
            && let Some(found) = chunk.iter().position(|&b| SPACE_LEAD[usize::from(b)])
        {
            return Some(at + found);
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    rest.iter()
        .position(|&b| SPACE_LEAD[usize::from(b)])
        .map(|found| at + found)
}

/// "a space", "a no-break space", "2 spaces", "a space and a no-break space".
fn describe(run: &str) -> String {
    let name = |c: char| match c {
        ' ' => "space".to_string(),
        '\u{a0}' => "no-break space".to_string(),
        '\t' => "tab".to_string(),
        '\u{202f}' => "narrow no-break space".to_string(),
        other => format!("U+{:04X} space", other as u32),
    };
    let chars: Vec<char> = run.chars().collect();
    if chars.iter().all(|&c| c == chars[0]) {
        return match chars.len() {
            1 => format!("a {}", name(chars[0])),
            n => format!("{n} {}s", name(chars[0])),
        };
    }
    let parts: Vec<String> = chars.iter().map(|&c| format!("a {}", name(c))).collect();
    match parts.split_last() {
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{describe, is_space};
    use crate::rules::test_support::{fixed, flagged, rule};

    #[test]
    fn trailing_spaces_including_no_break() {
        let r = rule("whitespace", "check = 'trailing'");
        assert_eq!(
            flagged("One line.\u{a0}\nNext line. \n", &r),
            ["\u{a0}", " "]
        );
        assert_eq!(fixed("Done. \u{a0}\n", &r), "Done.\n");
        assert!(flagged("  Indented line.\n", &r).is_empty());
    }

    #[test]
    fn doubled_spaces_between_words() {
        let r = rule("whitespace", "check = 'doubled'");
        assert_eq!(flagged("Qin Mian and\u{a0} Chris.", &r), ["\u{a0} "]);
        assert_eq!(fixed("One  two.", &r), "One two.");
        assert!(flagged("  Indented. Fine\u{a0}here.", &r).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        /// The search by lead bytes finds a pair exactly when two spaces
        /// stand side by side, whatever spaces and letters surround them.
        #[test]
        fn a_space_pair_is_found_where_two_spaces_touch(
            text in "[ a\n\t\u{b}\u{c}\r\u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}é“]{0,6}",
        ) {
            let chars: Vec<char> = text.chars().collect();
            let touching = chars.windows(2).any(|w| is_space(w[0]) && is_space(w[1]));
            proptest::prop_assert_eq!(super::next_space_run(&text, 0).is_some(), touching);
        }

        /// The runs found by the search, those at neither end of a line,
        /// are the runs of two spaces or more inside each line's trimmed
        /// content, as a walk over every line's characters finds them.
        #[test]
        fn doubled_runs_are_those_a_walk_over_each_line_finds(
            text in "[ ab\n\t\r\u{a0}\u{2003}\u{202f}\u{3000}’—é]{0,24}",
        ) {
            let mut walked = Vec::new();
            let mut line_start = 0;
            for line in text.split('\n') {
                let content = line.trim_matches(is_space);
                let offset = line_start + (line.len() - line.trim_start_matches(is_space).len());
                let mut start = None;
                for (i, c) in content.char_indices() {
                    match (is_space(c), start) {
                        (true, None) => start = Some(i),
                        (false, Some(s)) => {
                            if content[s..i].chars().count() > 1 {
                                walked.push(offset + s..offset + i);
                            }
                            start = None;
                        }
                        _ => {}
                    }
                }
                line_start += line.len() + 1;
            }
            let bytes = text.as_bytes();
            let mut found = Vec::new();
            let mut from = 0;
            while let Some(run) = super::next_space_run(&text, from) {
                from = run.end;
                let at_start = run.start == 0 || bytes[run.start - 1] == b'\n';
                let at_end = bytes.get(run.end).is_none_or(|&b| b == b'\n');
                if !at_start && !at_end {
                    found.push(run);
                }
            }
            proptest::prop_assert_eq!(found, walked);
        }

        /// The search eight bytes at a time finds each lead byte where a
        /// test of each byte finds it, wherever it falls in a stretch.
        #[test]
        fn lead_bytes_are_found_where_each_byte_is_tested(
            text in "[a \t\n\r\u{b}\u{c}\u{a0}\u{2003}\u{3000}\u{1680}’é]{0,40}",
            from in 0usize..8,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            let wanted = bytes[from..]
                .iter()
                .position(|&b| super::SPACE_LEAD[usize::from(b)])
                .map(|found| from + found);
            proptest::prop_assert_eq!(super::next_space_lead(bytes, from), wanted);
        }
    }

    #[test]
    fn every_space_ends_in_a_byte_a_line_is_looked_at_for() {
        let spaces = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| is_space(c));
        let mut seen = 0;
        for c in spaces {
            let mut buf = [0; 4];
            let last = *c.encode_utf8(&mut buf).as_bytes().last().expect("a byte");
            assert!(super::may_end_space(last), "{c:?}");
            seen += 1;
        }
        assert_eq!(seen, 24);
        assert!(!super::may_end_space(b'.') && !super::may_end_space(b'\n'));
    }

    #[test]
    fn descriptions_name_the_characters() {
        assert_eq!(describe("\u{a0}"), "a no-break space");
        assert_eq!(describe("  "), "2 spaces");
        assert_eq!(describe(" \u{a0}"), "a space and a no-break space");
    }

    #[test]
    fn fixes_are_unsafe_unless_the_rule_says_otherwise() {
        use crate::diagnostic::Applicability;
        assert_eq!(
            rule("whitespace", "check = 'trailing'").fix(),
            Some(Applicability::Unsafe)
        );
        let safe = rule("whitespace", "check = 'trailing'\napplicability = 'safe'");
        assert_eq!(safe.fix(), Some(Applicability::Safe));
    }

    #[test]
    fn a_block_ending_mid_line_has_no_trailing_space() {
        let r = rule("whitespace", "check = 'trailing'");
        let story = "Budget passes\n\nBEIJING (AP) — Officials met today. \nNext.\n";
        assert_eq!(flagged(story, &r), [" "]);
        assert_eq!(
            fixed(story, &r),
            "Budget passes\n\nBEIJING (AP) — Officials met today.\nNext.\n"
        );
        let wire = "Budget passes\n\nSPRINGFIELD, Ill. (AP) -- The City council met.\n";
        assert!(flagged(wire, &r).is_empty());
        assert_eq!(fixed(wire, &r), wire);
    }
}
