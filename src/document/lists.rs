//! Lists and tables set out without list markup: a block of short lines
//! (results, a line-up, the rows of a table typed as text), or a run of
//! short one-line blocks. A line repeated inside such a list ("Winners meet
//! in the final" under each group) is the list's shape, not a paste.

use std::cell::OnceCell;
use std::ops::Range;

use super::shape::at_most_words;
use super::{BlockKind, Document};

/// Most words a line may have and still be an entry of a list or a row of
/// a table: a line of prose wrapped in the source is longer.
const MAX_ENTRY_WORDS: usize = 10;

/// Fewest entries that make a list.
const MIN_ENTRIES: usize = 3;

/// How a block takes part in a list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unit {
    /// Not at all: prose, or furniture other than a heading or a caption.
    None,
    /// A list item of the markup, or a block of this many short lines.
    Lines(usize),
    /// A short line that does not end as a sentence does ("Group A:",
    /// "Rovers 2 Lane 1").
    Line,
    /// A short line ending as a sentence: an entry only next to a list of
    /// the other kinds, since news is written in one-sentence paragraphs too.
    SentenceLine,
}

/// Which blocks of a document take part in a list. A block's part is
/// found when a question needs it, with those of the blocks around it up to
/// the nearest prose: most documents ask about a few blocks, each between
/// paragraphs of prose, and never look at the rest.
pub struct Lists {
    units: Vec<OnceCell<Unit>>,
}

impl Lists {
    /// Whether `range` of block `b`'s text (the whole block when `None`) is
    /// an entry of a list or table: a list item, a whole line of a block of
    /// short lines, or a short line in a run of them, with at least three
    /// entries in all.
    pub fn is_entry(&self, doc: &Document, b: usize, range: Option<Range<usize>>) -> bool {
        if !self.listed(doc, b) {
            return false;
        }
        match (self.unit(doc, b), range) {
            (Unit::Lines(n), Some(range)) if n > 1 => is_whole_line(doc.blocks[b].text(), range),
            _ => true,
        }
    }

    fn unit(&self, doc: &Document, b: usize) -> Unit {
        *self.units[b].get_or_init(|| doc.unit(b))
    }

    fn listed(&self, doc: &Document, b: usize) -> bool {
        listed(self.units.len(), b, |i| self.unit(doc, i))
    }
}

/// Whether block `b` of `n` is an entry of a list, from the blocks' units:
/// in the run of blocks that take part in lists around it, enough entries
/// if the run holds a list proper, else enough short lines in the run of
/// them around `b` (a line ending as a sentence counts only in a run with a
/// list proper).
fn listed(n: usize, b: usize, unit: impl Fn(usize) -> Unit) -> bool {
    if unit(b) == Unit::None {
        return false;
    }
    let around = |admit: &dyn Fn(Unit) -> bool, within: Range<usize>| {
        let mut start = b;
        while start > within.start && admit(unit(start - 1)) {
            start -= 1;
        }
        let mut end = b + 1;
        while end < within.end && admit(unit(end)) {
            end += 1;
        }
        start..end
    };
    let run = around(&|u| u != Unit::None, 0..n);
    if run.clone().any(|i| matches!(unit(i), Unit::Lines(_))) {
        let entries: usize = run
            .map(|i| match unit(i) {
                Unit::Lines(n) => n,
                _ => 1,
            })
            .sum();
        return entries >= MIN_ENTRIES;
    }
    unit(b) == Unit::Line && around(&|u| u == Unit::Line, run).len() >= MIN_ENTRIES
}

impl Document<'_> {
    /// The lists of the document (see [`Lists::is_entry`]).
    pub fn lists(&self) -> Lists {
        Lists {
            units: vec![OnceCell::new(); self.blocks.len()],
        }
    }

    fn unit(&self, b: usize) -> Unit {
        let block = &self.blocks[b];
        let text = block.text().trim();
        if block.kind == BlockKind::ListItem {
            return Unit::Lines(1);
        }
        // Blank lines aside: an HTML `<br>` is often followed by a line
        // break of the source. (Cut at '\n' as `str::lines` cuts, with
        // `memchr`: a paragraph of prose is one line, searched to its end.
        // The '\r' `lines` would drop, `is_entry` trims.)
        let lines = || split_lines(text).filter(|l| !l.trim().is_empty());
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::Caption | BlockKind::Heading
        ) || !lines().all(is_entry)
        {
            return Unit::None;
        }
        match lines().count() {
            1 if ends_as_sentence(text) => Unit::SentenceLine,
            1 => Unit::Line,
            n => Unit::Lines(n),
        }
    }
}

/// `text` split at each '\n', by `memchr`.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let line = rest?;
        match memchr::memchr(b'\n', line.as_bytes()) {
            Some(at) => {
                rest = Some(&line[at + 1..]);
                Some(&line[..at])
            }
            None => rest.take(),
        }
    })
}

/// A line short enough to be an entry, that does not start in lowercase
/// as a line of wrapped prose does.
fn is_entry(line: &str) -> bool {
    let line = line.trim();
    !line.starts_with(char::is_lowercase) && at_most_words(line, MAX_ENTRY_WORDS)
}

fn ends_as_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '’', '”', ')'])
        .ends_with(['.', '!', '?', '…'])
}

/// Whether `range` of `text` is a whole line of it, blanks aside.
fn is_whole_line(text: &str, range: Range<usize>) -> bool {
    let (before, inside, after) = (
        &text[..range.start],
        &text[range.clone()],
        &text[range.end..],
    );
    let line_before = before.rsplit('\n').next().unwrap_or("");
    let line_after = after.split('\n').next().unwrap_or("");
    !inside.trim().contains('\n') && line_before.trim().is_empty() && line_after.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::{MIN_ENTRIES, Unit, listed, split_lines};
    use crate::document::{ArticleSettings, Document, Format};
    use crate::source::SourceFile;

    /// The text of each block that is an entry of a list, whole.
    fn entries(name: &str, text: &str) -> Vec<String> {
        let format = crate::check::format_for(std::path::Path::new(name));
        let source = SourceFile::new(name, text);
        let doc = Document::parse(&source, format, &ArticleSettings::default());
        let lists = doc.lists();
        (0..doc.blocks.len())
            .filter(|&b| lists.is_entry(&doc, b, None))
            .map(|b| doc.blocks[b].text().trim().to_string())
            .collect()
    }

    const PROSE: &str = "The draw was made on Tuesday at the league offices. Eight clubs remain.";

    #[test]
    fn a_run_of_short_lines_is_a_list() {
        let text = format!(
            "Draw made for the cup\n\n{PROSE}\n\nEast group:\n\nMill Town v Harbour\n\nWinners play at home\n\nWest group:\n\nOld Boys v Quarry\n\nWinners play at home\n\n{PROSE}\n"
        );
        assert_eq!(
            entries("s.txt", &text),
            [
                "East group:",
                "Mill Town v Harbour",
                "Winners play at home",
                "West group:",
                "Old Boys v Quarry",
                "Winners play at home"
            ]
        );
    }

    #[test]
    fn a_caption_between_paragraphs_is_no_list() {
        let text = format!(
            "Draw made for the cup\n\n{PROSE}\n\nThe draw at the league offices\n\n{PROSE}\n\nShort one.\n\nThe draw at the league offices\n\nShort two.\n"
        );
        assert!(entries("s.txt", &text).is_empty());
    }

    #[test]
    fn one_sentence_paragraphs_are_a_list_only_beside_one() {
        let text = "Draw made for the cup\n\nThe draw was on Tuesday.\n\nEight clubs remain.\n\nTies are in March.\n";
        assert!(entries("s.txt", text).is_empty());
        let text = "Draw made for the cup\n\nThe draw was on Tuesday.\n\n- Mill Town v Harbour\n- Old Boys v Quarry\n\nTies are in March.\n";
        assert_eq!(
            entries("s.txt", text),
            [
                "The draw was on Tuesday.",
                "Mill Town v Harbour",
                "Old Boys v Quarry",
                "Ties are in March."
            ]
        );
    }

    #[test]
    fn lines_of_a_block_are_entries_and_wrapped_prose_is_not() {
        let text = "Results\n\nThe scores from the weekend are in. Eight clubs remain in the cup.\n\nMill Town 2 Harbour 1.\nOld Boys 0 Quarry 3.\nWinners play at home.\n";
        let source = SourceFile::new("s.md", text);
        let doc = Document::parse(&source, Format::MARKDOWN, &ArticleSettings::default());
        let b = doc.blocks.len() - 1;
        let lists = doc.lists();
        let sentences = doc.block_sentences(&doc.blocks[b]);
        assert_eq!(sentences.len(), 3);
        for s in sentences {
            assert!(lists.is_entry(&doc, b, Some(s.range())));
        }
        let across = sentences[0].range().start..sentences[1].range().end;
        assert!(!lists.is_entry(&doc, b, Some(across)));
        let part = sentences[0].range().start..sentences[0].range().start + 4;
        assert!(!lists.is_entry(&doc, b, Some(part)));
        let wrapped = "The council met on Monday to vote on\nthe budget, which it passed after a\nlong debate about the new bridge.\n";
        assert!(entries("w.md", wrapped).is_empty());
    }

    /// The blocks of each run that one pass over all the units marks (the
    /// way lists were found before a block's part was found on demand).
    fn listed_in_one_pass(units: &[Unit]) -> Vec<bool> {
        let run_end = |start: usize, end: usize, admit: &dyn Fn(Unit) -> bool| {
            start + units[start..end].iter().take_while(|&&u| admit(u)).count()
        };
        let mut listed = vec![false; units.len()];
        let mut mark = |start: usize, end: usize| {
            let entries: usize = units[start..end]
                .iter()
                .map(|u| match u {
                    Unit::Lines(n) => *n,
                    _ => 1,
                })
                .sum();
            if entries >= MIN_ENTRIES {
                listed[start..end].fill(true);
            }
        };
        let mut start = 0;
        while start < units.len() {
            let end = run_end(start, units.len(), &|u| u != Unit::None);
            if units[start..end]
                .iter()
                .any(|u| matches!(u, Unit::Lines(_)))
            {
                mark(start, end);
            } else {
                let mut at = start;
                while at < end {
                    let line_end = run_end(at, end, &|u| u == Unit::Line);
                    mark(at, line_end);
                    at = line_end.max(at + 1);
                }
            }
            start = end.max(start + 1);
        }
        listed
    }

    #[test]
    fn a_block_is_listed_as_one_pass_over_all_blocks_lists_it() {
        let kinds = [
            Unit::None,
            Unit::Lines(1),
            Unit::Lines(2),
            Unit::Line,
            Unit::SentenceLine,
        ];
        for len in 1..=7u32 {
            for code in 0..kinds.len().pow(len) {
                let units: Vec<Unit> = (0..len)
                    .map(|i| kinds[code / kinds.len().pow(i) % kinds.len()])
                    .collect();
                let expected = listed_in_one_pass(&units);
                let found: Vec<bool> = (0..units.len())
                    .map(|b| listed(units.len(), b, |i| units[i]))
                    .collect();
                assert_eq!(found, expected, "{units:?}");
            }
        }
    }

    #[test]
    fn lines_are_split_as_str_split_splits_them() {
        for text in ["", "\n", "one", "one\n", "\none\r\n\ntwo", "a\n\n\nb\n"] {
            let found: Vec<&str> = split_lines(text).collect();
            let expected: Vec<&str> = text.split('\n').collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }
}
