//! Furniture recognised by its shape rather than its wording, in every
//! format, once the format's parser has made its blocks: wire datelines at
//! the head of the story, lines that are only a date, and pull quotes (a
//! quotation set apart and followed by its attribution).

use std::sync::LazyLock;

use regex::Regex;

use super::furniture::PARTICLES;
use super::segment::trim;
use super::{Block, BlockKind};

/// Length of a wire-style dateline at the start of a story's first
/// paragraph: `BEIJING (AP) — `, `SPRINGFIELD, Ill. (Reuters) - `,
/// `LONDON, Aug. 23 -- `. The city is in capitals; the dash is an em dash, an
/// en dash, two hyphens, or a hyphen with a space on each side.
pub fn dateline_len(line: &str) -> Option<usize> {
    // Most first paragraphs do not start with two capitals: skip the regex
    // (and compiling it) for them.
    let mut chars = line.chars();
    if !(chars.next()?.is_uppercase() && chars.next()?.is_uppercase()) {
        return None;
    }
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\p{Lu}[\p{Lu}.'’\- ]*\p{Lu}\.?(?:, [\p{L}.]+(?: [\p{L}.]+)?(?: \d{1,2})?)*(?: \([^)\n]{1,40}\))?(?:[ \t\x{a0}]*(?:--|—|–)|[ \t\x{a0}]+-)[ \t\x{a0}]*",
        )
        .expect("built-in dateline pattern is valid")
    });
    DATELINE
        .find(line)
        .map(|m| m.end())
        .filter(|&len| len <= 100 && len < line.trim_end().len())
}

/// Whether a block is only a date, as a story's date line is: `Tuesday,
/// September 1, 2015`, `Sept. 1, 2015`, `1 September 2015`, `2015-09-01`.
pub fn is_date_stamp(text: &str) -> bool {
    let text = trim(text);
    if text.len() > 40 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        let month = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";
        let day = r"\d{1,2}(?:st|nd|rd|th)?";
        Regex::new(&format!(
            r"^(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day|\.)?,?\s+)?(?:{month}\s+{day},?(?:\s+\d{{4}})?|{day}\s+{month},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})$"
        ))
        .expect("built-in date pattern is valid")
    });
    DATE.is_match(text)
}

/// Whether a line attributes a quotation: `— Jane Doe, mayor`, `-- Jane Doe`.
pub fn is_dash_attribution(line: &str) -> bool {
    let line = trim(line);
    let Some(rest) = ["—", "―", "–", "--", "-"]
        .iter()
        .find_map(|dash| line.strip_prefix(dash))
    else {
        return false;
    };
    let rest = rest.trim_start();
    rest.chars().next().is_some_and(char::is_uppercase)
        && rest.split_whitespace().count() <= 12
        && !rest.trim_end().ends_with(['.', '!', '?'])
}

/// Whether a short line is only a name, perhaps with a title: `Mayor Jane
/// Doe`, `Ana de la Cruz`. Every word but particles is capitalised.
pub fn is_name_line(line: &str) -> bool {
    let line = trim(line).trim_end_matches(',');
    if line.ends_with(['.', '!', '?', ':']) {
        return false;
    }
    // Read up to the seventh word only: a paragraph is no name line, and
    // is known not to be one without splitting all of it.
    let mut words = 0;
    for w in line.split_whitespace() {
        words += 1;
        if words > 6 || !(w.chars().next().is_some_and(char::is_uppercase) || is_particle(w)) {
            return false;
        }
    }
    words >= 2
}

/// Whether `word` is one of the [`PARTICLES`] of names, in any case.
fn is_particle(word: &str) -> bool {
    if word.is_ascii() {
        // The particles are ASCII: no lowercase copy is needed.
        return PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word));
    }
    PARTICLES.contains(&word.to_lowercase().as_str())
}

/// Where a name that attributes a quotation starts, at the end of a
/// block after its last sentence: "… because she was suppressive. Valeska
/// Paris" (a quote box flattened to one line). `None` if there is none.
pub fn trailing_attribution(text: &str) -> Option<usize> {
    let text = text.trim_end();
    let end = last_mark(text)?;
    let mark = text[end..].chars().next()?.len_utf8();
    let name = &text[end + mark..];
    (name.starts_with([' ', '\n', '\u{a0}']) && end > 0 && is_name_line(name))
        .then_some(end + mark + (name.len() - name.trim_start().len()))
}

/// Where the last of '.', '!', '?', '"', '”' and '…' is in `text`: what
/// `text.rfind(['.', '!', '?', '”', '"', '…'])` finds, by a loop over the
/// bytes back from the end (the reverse searcher decoded every character
/// of a block that ends in none of them). '”' and '…' are E2 80 9D and
/// E2 80 A6: their last byte is a continuation byte, which no ASCII byte
/// is, and 0xE2 begins a character.
fn last_mark(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        match bytes[i] {
            b'.' | b'!' | b'?' | b'"' => return Some(i),
            0x9D | 0xA6 if i >= 2 && bytes[i - 2] == 0xE2 && bytes[i - 1] == 0x80 => {
                return Some(i - 2);
            }
            _ => {}
        }
    }
    None
}

/// Furniture recognised by its shape in every format, after parsing: a
/// block that is only a date, a wire dateline at the head of the story's
/// first paragraph, and pull quotes (a quotation set off from the story and
/// followed by its attribution).
pub(super) fn mark_by_shape(blocks: &mut Vec<Block>) {
    for block in blocks.iter_mut() {
        // A headline is never only a date: in plain text, a date line is
        // taken for the title when the headline above it is short.
        let standalone = !matches!(block.kind, BlockKind::Quote | BlockKind::ListItem);
        if standalone && is_date_stamp(block.text()) {
            block.kind = BlockKind::Dateline;
        }
    }
    split_dateline(blocks);
    mark_pull_quotes(blocks);
}

/// Splits a dateline off the story's first paragraph, unless the markup
/// gave one already. Short paragraphs without a full stop before it (a
/// kicker or headline in Markdown) are passed over.
fn split_dateline(blocks: &mut Vec<Block>) {
    if blocks
        .iter()
        .any(|b| b.kind == BlockKind::Dateline && dateline_len(b.text()).is_some())
    {
        return;
    }
    let mut index = None;
    for (i, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let text = trim(block.text());
        if dateline_len(text).is_some() {
            index = Some(i);
            break;
        }
        if text.ends_with(['.', '!', '?', '"', '”']) || text.split_whitespace().count() > 12 {
            break;
        }
    }
    let Some(index) = index else {
        return;
    };
    let block = &blocks[index];
    let lead = block.text().len() - block.text().trim_start().len();
    let Some(len) = dateline_len(&block.text()[lead..]) else {
        return;
    };
    let head = block.prose.sub(lead..lead + len);
    let rest = block.prose.sub(lead + len..block.text().len());
    let field = block.field.clone();
    let parts: Vec<Block> = [(BlockKind::Dateline, head), (BlockKind::Paragraph, rest)]
        .into_iter()
        .filter_map(|(kind, prose)| Block::new(kind, prose))
        .map(|mut b| {
            b.field = field.clone();
            b
        })
        .collect();
    blocks.splice(index..=index, parts);
}

/// Whether a block's text is wholly a quotation: `“…”`, `"…"`.
fn is_wholly_quoted(text: &str) -> bool {
    let t = trim(text);
    let open = t.starts_with(['“', '"', '‘', '«']);
    let close = t
        .trim_end_matches(['.', ',', '!', '?', '…'])
        .ends_with(['”', '"', '’', '»']);
    open && close && t.chars().count() > 2
}

/// Whether a text speaks in the first or second person, as a quotation
/// does and a caption does not: "I was told", "we will".
fn is_speech(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .any(|w| {
            matches!(
                w,
                "I" | "I'm"
                    | "I’m"
                    | "I've"
                    | "I’ve"
                    | "me"
                    | "my"
                    | "we"
                    | "We"
                    | "our"
                    | "Our"
                    | "us"
                    | "you"
                    | "You"
                    | "your"
                    | "Your"
                    | "My"
            )
        })
}

/// Whether `text` has at most `n` words, counting no further than that:
/// most paragraphs are longer, and are not walked to their end.
pub(super) fn at_most_words(text: &str, n: usize) -> bool {
    // `split_whitespace` decodes every character; here only the bytes that
    // can start a non-ASCII space are decoded, and a word's other bytes
    // are passed over by a loop of their own.
    let bytes = text.as_bytes();
    let space_at = |i: usize| {
        let c = text[i..].chars().next().expect("a char boundary");
        (c.is_whitespace(), c.len_utf8())
    };
    let (mut words, mut i) = (0, 0);
    loop {
        // The spaces before a word.
        loop {
            let Some(&b) = bytes.get(i) else {
                return true;
            };
            match STEP[usize::from(b)] {
                SPACE => i += 1,
                DECODE => match space_at(i) {
                    (true, len) => i += len,
                    (false, _) => break,
                },
                _ => break,
            }
        }
        words += 1;
        if words > n {
            return false;
        }
        // The word, to the space after it.
        loop {
            let Some(&b) = bytes.get(i) else {
                return true;
            };
            match STEP[usize::from(b)] {
                SPACE => break,
                DECODE => match space_at(i) {
                    (true, _) => break,
                    (false, len) => i += len,
                },
                len => i += usize::from(len),
            }
        }
    }
}

/// [`STEP`] of an ASCII space.
const SPACE: u8 = 0;
/// [`STEP`] of a byte that may begin a space past ASCII (U+0085, U+00A0,
/// U+1680, U+2000 to U+205F, U+3000): the character is decoded.
const DECODE: u8 = 5;

/// For each byte that begins a character, what [`at_most_words`] does at
/// it: [`SPACE`], [`DECODE`], or else the length of the character, which
/// is no space.
static STEP: [u8; 256] = {
    let mut table = [1; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b' ' | b'\t'..=b'\r' => SPACE,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => DECODE,
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
        b += 1;
    }
    table
};

/// Marks pull quotes: a short quotation block (a block quote, or a
/// paragraph wholly in quotation marks) whose last line, or the block after
/// it, attributes it (`— Jane Doe`, or a line that is only a name). The
/// attribution is marked as part of the pull quote.
fn mark_pull_quotes(blocks: &mut [Block]) {
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        let candidate = matches!(
            block.kind,
            BlockKind::Quote | BlockKind::Paragraph | BlockKind::Caption | BlockKind::Heading
        );
        if !candidate {
            i += 1;
            continue;
        }
        let text = trim(block.text());
        // `rsplit_once('\n')`, by `memrchr`: most blocks are one line,
        // searched to their start.
        let (body, last) = match memchr::memrchr(b'\n', text.as_bytes()) {
            Some(at) => (&text[..at], &text[at + 1..]),
            None => ("", text),
        };
        let own_attribution = !body.is_empty()
            && is_dash_attribution(last)
            && (block.kind == BlockKind::Quote || is_wholly_quoted(body))
            // A quote box flattened to one line, its speaker's name after
            // the quotation ("… suppressive. Valeska Paris").
            || trailing_attribution(text).is_some_and(|at| {
                    let quote = text[..at].trim_end();
                    quote.split_whitespace().count() >= 4
                        && !quote.contains('\n')
                        && (is_wholly_quoted(quote) || is_speech(quote))
                });
        let next_attribution = !own_attribution
            && (block.kind == BlockKind::Quote || is_wholly_quoted(text))
            && blocks.get(i + 1).is_some_and(|next| {
                !next.kind.is_body() && next.kind != BlockKind::Title
                    || matches!(next.kind, BlockKind::Paragraph | BlockKind::Quote)
            })
            && blocks.get(i + 1).is_some_and(|next| {
                let t = trim(next.text());
                !t.contains('\n') && (is_dash_attribution(t) || is_name_line(t))
            });
        // A pull quote is short; counting the words, a walk over the whole
        // block, comes last, for the few blocks shaped like one.
        let short = || at_most_words(blocks[i].text(), 60);
        if own_attribution && short() {
            blocks[i].kind = BlockKind::PullQuote;
        } else if next_attribution && short() {
            blocks[i].kind = BlockKind::PullQuote;
            blocks[i + 1].kind = BlockKind::PullQuote;
            i += 1;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The last mark is found where `rfind` finds it, among
        /// characters whose last byte is that of '”' or '…' (U+209D,
        /// U+80A6) and a curly quote that shares its first two bytes.
        #[test]
        fn the_last_mark_is_found_as_rfind_finds_it(
            text in "[a .!?\"”…“’é\u{2026}\u{201c}\u{209d}\u{80a6}]{0,16}",
        ) {
            proptest::prop_assert_eq!(last_mark(&text), text.rfind(['.', '!', '?', '”', '"', '…']));
        }

        /// Words are counted as `split_whitespace` splits them.
        #[test]
        fn words_are_counted_as_split_whitespace_counts_them(
            text in "[a é\t\n\u{b}\u{a0}\u{85}\u{2009}\u{3000}\u{1680}’—中😀]{0,20}",
            n in 0usize..6,
        ) {
            proptest::prop_assert_eq!(at_most_words(&text, n), text.split_whitespace().count() <= n);
        }
    }

    #[test]
    fn datelines_in_wire_forms() {
        for (line, head) in [
            ("BEIJING (AP) — Officials met.", "BEIJING (AP) — "),
            (
                "SPRINGFIELD, Ill. (AP) -- The City",
                "SPRINGFIELD, Ill. (AP) -- ",
            ),
            ("LONDON, Aug. 23 – Talks", "LONDON, Aug. 23 – "),
            ("NEW YORK (Reuters) - Stocks", "NEW YORK (Reuters) - "),
        ] {
            assert_eq!(dateline_len(line).map(|n| &line[..n]), Some(head), "{line}");
        }
        for line in [
            "NASA said on Monday.",
            "US-China talks resumed",
            "BEIJING —",
        ] {
            assert_eq!(dateline_len(line), None, "{line}");
        }
    }

    #[test]
    fn date_stamps() {
        for text in [
            "Tuesday, September 1, 2015",
            "Sept. 1, 2015",
            "1 September 2015",
            "2015-09-01",
            "Monday, March 3",
        ] {
            assert!(is_date_stamp(text), "{text}");
        }
        for text in ["September", "The vote is on Sept. 1", "May 2015 was wet"] {
            assert!(!is_date_stamp(text), "{text}");
        }
    }

    #[test]
    fn attributions() {
        assert!(is_dash_attribution("— Jane Doe, mayor"));
        assert!(is_dash_attribution("-- Omar Haddad"));
        assert!(!is_dash_attribution("- one item"));
        assert!(is_name_line("Mayor Jane Doe"));
        assert!(is_name_line("Ana de la Cruz"));
        assert!(!is_name_line("The mayor spoke."));
        assert!(!is_name_line("Crowds at the bridge"));
        // Six words at most, whatever the particles' case.
        assert!(is_name_line("Ana DE LA Cruz Van Dijk"));
        assert!(is_name_line("Jane Ann Mary Lou Doe Smith"));
        assert!(!is_name_line("Jane Ann Mary Lou Doe Smith Jones"));
        assert!(!is_name_line("Jane"));
        assert!(
            PARTICLES
                .iter()
                .all(|p| p.is_ascii() && p.to_lowercase() == *p)
        );
        let boxed = "I needed to leave because it was over. Valeska Paris";
        assert_eq!(
            trailing_attribution(boxed).map(|at| &boxed[at..]),
            Some("Valeska Paris")
        );
        assert_eq!(trailing_attribution("The mayor spoke. It rained."), None);
        assert_eq!(trailing_attribution("Mr. Smith"), None);
    }
}
