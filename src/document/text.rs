//! Plain-text articles: blocks are separated by blank lines; furniture (title,
//! kickers, captions, bylines, credits, datelines) is recognised by shape.

use std::sync::LazyLock;

use regex::Regex;

use super::segment::trim;
use super::{ArticleSettings, Block, BlockKind, InputFormat, ProseText};
use crate::source::{SourceFile, Span};

/// Plain text: `.txt`.
pub struct Text;

impl InputFormat for Text {
    fn name(&self) -> &'static str {
        "plain text"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt", "text"]
    }

    fn blocks<'s>(&self, source: &'s SourceFile, settings: &ArticleSettings) -> Vec<Block<'s>> {
        parse(&source.text, settings)
    }

    fn guesses_captions(&self) -> bool {
        true
    }
}

/// Most words a line may have and still be a headline, kicker or caption.
const MAX_FURNITURE_WORDS: usize = 25;

/// A line of the file without its terminator.
#[derive(Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
    /// Span of the line terminator after it (empty at end of file).
    terminator: Span,
    /// The terminator is a lone "\n".
    lf: bool,
}

pub fn parse<'s>(text: &'s str, settings: &ArticleSettings) -> Vec<Block<'s>> {
    let mut blocks = Vec::new();
    let mut seen_paragraph = false;
    let mut seen_title = false;
    // The lines of one group at a time: a file of short lines would take
    // dozens of bytes a line held whole.
    let mut group: Vec<Line> = Vec::new();
    let mut lines = lines(text);
    loop {
        group.clear();
        // A line that is only an HTML comment (a suppression, an editor's
        // note) is not prose: it separates blocks like a blank line.
        let mut ended = true;
        for line in lines.by_ref() {
            if trim(line.text).is_empty() || is_comment_line(line.text) {
                ended = false;
                break;
            }
            group.push(line);
        }
        if group.is_empty() {
            if ended {
                break;
            }
            continue;
        }
        let group = group.as_slice();
        let furniture: Option<Vec<BlockKind>> = group
            .iter()
            .map(|l| settings.furniture_kind(l.text))
            .collect();
        if let Some(kinds) = furniture {
            for (line, kind) in group.iter().zip(kinds) {
                blocks.extend(Block::new(kind, prose_of(text, &[*line])));
            }
            continue;
        }
        let markers: Option<Vec<usize>> = group.iter().map(|l| list_marker_len(l.text)).collect();
        if let Some(markers) = markers {
            for (line, marker) in group.iter().zip(markers) {
                let prose = ProseText::lent(line.start + marker, &line.text[marker..]);
                blocks.extend(Block::new(BlockKind::ListItem, prose));
            }
            continue;
        }
        if group.iter().all(|l| l.text.trim_start().starts_with('>')) {
            blocks.extend(Block::new(BlockKind::Quote, quote_prose(text, group)));
            continue;
        }
        // A line standing alone may be a headline or a caption; its words
        // are counted no further than the most such a line may have.
        let alone = (group.len() == 1).then(|| group[0].text);
        let words = alone.map_or(usize::MAX, |line| {
            line.split_whitespace()
                .take(MAX_FURNITURE_WORDS + 1)
                .count()
        });
        let kind = if alone.is_some_and(|line| !ends_like_sentence(line))
            && words <= MAX_FURNITURE_WORDS
        {
            if seen_paragraph {
                BlockKind::Caption
            } else if !seen_title && words >= 3 {
                seen_title = true;
                BlockKind::Title
            } else {
                BlockKind::Heading
            }
        } else {
            BlockKind::Paragraph
        };
        seen_paragraph |= kind == BlockKind::Paragraph;
        blocks.extend(Block::new(kind, prose_of(text, group)));
    }
    blocks
}

fn is_comment_line(line: &str) -> bool {
    let t = trim(line);
    t.starts_with("<!--") && t.ends_with("-->")
}

/// The lines of `text`, ended by "\n", "\r\n" or a lone "\r".
fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let bytes = text.as_bytes();
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        match memchr::memchr2(b'\n', b'\r', &bytes[from..]) {
            Some(i) => {
                let end = from + i;
                let width = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = Some(end + width);
                Some(Line {
                    start: from,
                    text: &text[from..end],
                    terminator: Span::new(end, end + width),
                    lf: bytes[end] == b'\n',
                })
            }
            None => {
                start = None;
                Some(Line {
                    start: from,
                    text: &text[from..],
                    terminator: Span::new(text.len(), text.len()),
                    lf: false,
                })
            }
        }
    })
}

/// The prose of a group of lines of `text`: lent by `text` when the lines
/// follow each other there, each ended by a "\n" (most paragraphs), so
/// that the text of a long document is not held twice.
fn prose_of<'s>(text: &'s str, lines: &[Line<'s>]) -> ProseText<'s> {
    let follow = lines
        .windows(2)
        .all(|pair| pair[0].lf && pair[1].start == pair[0].start + pair[0].text.len() + 1);
    if let (true, Some(first), Some(last)) = (follow, lines.first(), lines.last()) {
        return ProseText::lent(
            first.start,
            &text[first.start..last.start + last.text.len()],
        );
    }
    let mut prose = ProseText::default();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let before = &lines[i - 1];
            // A "\n" in the file is the text's own line break, and one
            // piece of the map with the lines around it (a paragraph of
            // short lines would otherwise take two pieces a line); a
            // "\r\n" or lone "\r" stands as a synthetic "\n".
            if before.lf {
                prose.push_source(before.terminator.start, "\n");
            } else {
                prose.push_synthetic("\n", before.terminator);
            }
        }
        prose.push_source(line.start, line.text);
    }
    prose
}

fn quote_prose<'s>(text: &'s str, lines: &[Line<'s>]) -> ProseText<'s> {
    let stripped: Vec<Line> = lines
        .iter()
        .map(|l| {
            let marker = l.text.find('>').expect("quote lines start with >") + 1;
            let marker = marker + usize::from(l.text[marker..].starts_with(' '));
            Line {
                start: l.start + marker,
                text: &l.text[marker..],
                terminator: l.terminator,
                lf: l.lf,
            }
        })
        .collect();
    prose_of(text, &stripped)
}

/// Ends with sentence punctuation, perhaps followed by closing quotes.
fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text
        .trim_end()
        .trim_end_matches(['"', '\'', '’', '”', ')', ']', '»']);
    trimmed.ends_with(['.', '!', '?', '…', ':'])
}

/// The length of a list item's marker and the space after it (`- `, `* `,
/// `• `, `12. `, `3) `), or `None` when the line is no list item.
fn list_marker_len(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let blank = |b: u8| b == b' ' || b == b'\t';
    let mut at = bytes.iter().take_while(|&&b| blank(b)).count();
    match bytes.get(at) {
        Some(b'-' | b'*') => at += 1,
        Some(_) if line[at..].starts_with('•') => at += '•'.len_utf8(),
        Some(b'0'..=b'9') => {
            let digits = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if line[at + digits..]
                .chars()
                .next()
                .is_some_and(char::is_numeric)
            {
                return unicode_list_marker_len(line);
            }
            if !(1..=3).contains(&digits) || !matches!(bytes.get(at + digits), Some(b'.' | b')')) {
                return None;
            }
            at += digits + 1;
        }
        // A digit of another script: the regex knows them all.
        Some(&b) if b >= 0x80 && line[at..].chars().next().is_some_and(char::is_numeric) => {
            return unicode_list_marker_len(line);
        }
        _ => return None,
    }
    let spaces = bytes[at..].iter().take_while(|&&b| blank(b)).count();
    (spaces > 0).then_some(at + spaces)
}

/// [`list_marker_len`] for a line whose marker may be made of non-ASCII
/// digits (`١.`), by regex: rare enough to compile it only then.
fn unicode_list_marker_len(line: &str) -> Option<usize> {
    static MARKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(LIST_MARKER).expect("built-in list pattern is valid"));
    MARKER.find(line).map(|m| m.end())
}

const LIST_MARKER: &str = r"^[ \t]*(?:[-*•]|\d{1,3}[.)])[ \t]+";

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph whose lines end in "\n" is lent by the source, not
    /// copied; one with "\r\n" line ends is a copy, with "\n" for each.
    #[test]
    fn paragraphs_of_plain_lines_are_lent_by_the_source() {
        let text = "First line of it\nand its second line.\n\nA line\r\nand another.\r\n";
        let blocks = parse(text, &ArticleSettings::default());
        let lent = |b: &Block| text.as_bytes().as_ptr_range().contains(&b.text().as_ptr());
        assert_eq!(blocks[0].text(), "First line of it\nand its second line.");
        assert!(lent(&blocks[0]));
        assert_eq!(blocks[1].text(), "A line\nand another.");
        assert!(!lent(&blocks[1]));
        let line = text.find("second").unwrap();
        assert_eq!(
            blocks[0].prose.to_source(line..line + 6),
            Span::new(line, line + 6)
        );
    }

    /// The hand-written marker reader agrees with the pattern it replaced.
    #[test]
    fn list_markers_are_read_as_the_pattern_reads_them() {
        let regex = Regex::new(LIST_MARKER).unwrap();
        for line in [
            "- item",
            "* item",
            "• item",
            "  -\titem",
            "1. one",
            "12) two",
            "123. three",
            "1234. four",
            "1.one",
            "-item",
            "--- rule",
            "• ",
            "-",
            "1.",
            "a. b",
            "١. Arabic-Indic",
            "\t\t7)  seven",
            " ",
            "",
            "•item",
            "٣٤) x",
            "é. no",
            "1.5 million",
            "3 ) x",
            "1١. mixed",
        ] {
            assert_eq!(
                list_marker_len(line),
                regex.find(line).map(|m| m.end()),
                "{line:?}"
            );
        }
    }

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        crate::document::kinds_and_texts(parse(text, &ArticleSettings::default()))
    }

    #[test]
    fn furniture_is_recognised_by_shape() {
        let text = "Spotlight\n\nCity Council Approves New Budget\n\nThe council voted on Monday. It passed.\n\nThe mayor at the vote\n\nBy: Jane Roe\n\nPhoto: Ann Lee\n";
        assert_eq!(
            kinds(text),
            [
                (BlockKind::Heading, "Spotlight".into()),
                (BlockKind::Title, "City Council Approves New Budget".into()),
                (
                    BlockKind::Paragraph,
                    "The council voted on Monday. It passed.".into()
                ),
                (BlockKind::Caption, "The mayor at the vote".into()),
                (BlockKind::Byline, "By: Jane Roe".into()),
                (BlockKind::Credit, "Photo: Ann Lee".into()),
            ]
        );
    }

    #[test]
    fn a_sentence_starting_with_by_is_not_a_byline() {
        let got = kinds("By the end of 2017, the plan was done.\n");
        assert_eq!(got[0].0, BlockKind::Paragraph);
    }

    #[test]
    fn crlf_lines_join_with_newline_and_map_back() {
        let text = "First line of a\r\nparagraph here.\r\n";
        let blocks = parse(text, &ArticleSettings::default());
        assert_eq!(blocks[0].text(), "First line of a\nparagraph here.");
        let here = blocks[0].text().find("here").unwrap();
        let span = blocks[0].prose.to_source(here..here + 4);
        assert_eq!(&text[span.range()], "here");
    }

    #[test]
    fn cr_only_files_have_lines_too() {
        let got = kinds("Old Mac Headline Here\r\rThe council met. It voted.\r\rBy: Jane Roe\r");
        assert_eq!(got[0].0, BlockKind::Title);
        assert_eq!(
            got[1],
            (BlockKind::Paragraph, "The council met. It voted.".into())
        );
        assert_eq!(got[2].0, BlockKind::Byline);
    }

    #[test]
    fn list_items_and_quotes() {
        let got = kinds("- one item\n- two items\n\n> quoted words\n> more\n");
        assert_eq!(got[0], (BlockKind::ListItem, "one item".into()));
        assert_eq!(got[1], (BlockKind::ListItem, "two items".into()));
        assert_eq!(got[2], (BlockKind::Quote, "quoted words\nmore".into()));
    }
}
