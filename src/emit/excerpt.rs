//! Excerpts of long lines for the human format. News text often keeps a whole
//! paragraph on one line; printing a 900-character line to underline one word
//! buries the finding. An [`Excerpt`] holds only the lines a diagnostic
//! touches, each cut to a window around its spans ("…" marks the cuts), and
//! implements codespan's `Files` so the real line and column numbers print.

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

use crate::source::{SourceFile, Span};

/// Characters of context kept on each side of the spans on a long line
/// (when the window is not set by the terminal's width).
const CONTEXT: usize = 50;
/// Lines up to this many characters are shown whole (ditto).
const MAX_LINE: usize = 140;
/// What the gutter (`123 │ `) and margins take of a terminal line.
const GUTTER: usize = 12;
const ELLIPSIS: &str = "…";

struct ExcerptLine {
    /// 0-based line in the source file.
    line: usize,
    /// Byte range of the window in the source file.
    window: Range<usize>,
    /// Byte range of this line in the excerpt text.
    range: Range<usize>,
    /// Bytes of "…" put before the window in the excerpt text.
    prefix: usize,
}

pub struct Excerpt<'a> {
    source: &'a SourceFile,
    name: String,
    text: String,
    lines: Vec<ExcerptLine>,
}

impl<'a> Excerpt<'a> {
    /// An excerpt of `source` showing `spans`, its lines cut to fit
    /// `width` columns when given (a terminal's width).
    pub fn new(source: &'a SourceFile, spans: &[Span], width: Option<usize>) -> Self {
        let max_line = width.map_or(MAX_LINE, |w| w.saturating_sub(GUTTER).max(20));
        // Interesting byte offsets per line.
        let mut marks: Vec<(usize, usize)> = Vec::new();
        for span in spans {
            let first = source.line_index(span.start);
            let last = source.line_index(span.end.max(span.start));
            for line in first..=last {
                let line_span = source.line_span(line);
                let from = span.start.clamp(line_span.start, line_span.end);
                let to = span.end.clamp(line_span.start, line_span.end);
                marks.push((line, from));
                marks.push((line, to));
            }
        }
        marks.sort_unstable();
        marks.dedup();
        let mut lines = Vec::new();
        let mut text = String::new();
        let mut i = 0;
        while i < marks.len() {
            let line = marks[i].0;
            let from = i;
            while i < marks.len() && marks[i].0 == line {
                i += 1;
            }
            let line_span = source.line_span(line);
            let whole = source.slice(line_span);
            // Counting stops past the limit: a long line is not walked
            // whole for each of its findings.
            if whole.len() <= max_line || whole.chars().take(max_line + 1).count() <= max_line {
                push_window(&mut text, &mut lines, source, line, line_span.range());
                continue;
            }
            // A window around each group of nearby marks, "…" between:
            // places far apart on one line (a finding and its related
            // place, the two ends of a long span) cost their windows, not
            // the distance between them.
            // Groups of marks no further apart than two line widths (in
            // bytes, which bounds the characters too): a span that fits a
            // line or two is shown whole, as before.
            let mut groups: Vec<(usize, usize)> = Vec::new();
            for &(_, at) in &marks[from..i] {
                match groups.last_mut() {
                    Some((_, hi)) if at - *hi <= 2 * max_line => *hi = at,
                    _ => groups.push((at, at)),
                }
            }
            let mut windows: Vec<Range<usize>> = Vec::new();
            for (lo, hi) in groups {
                // Context on each side: what the width leaves beside the
                // marks (at least a few words).
                let marked = source.text[lo..hi].chars().count();
                let context = match width {
                    Some(_) => (max_line.saturating_sub(marked + 2) / 2).max(10),
                    None => CONTEXT,
                };
                let window = back(&source.text, lo, context).max(line_span.start)
                    ..forward(&source.text, hi, context).min(line_span.end);
                match windows.last_mut() {
                    Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
                    _ => windows.push(window),
                }
            }
            for window in windows {
                push_window(&mut text, &mut lines, source, line, window);
            }
        }
        Excerpt {
            source,
            name: super::shown_path(&source.path),
            text,
            lines,
        }
    }

    /// The excerpt range showing a source span.
    pub fn map(&self, span: Span) -> Range<usize> {
        self.map_offset(span.start)..self.map_offset(span.end).max(self.map_offset(span.start))
    }

    fn map_offset(&self, offset: usize) -> usize {
        let line = self.source.line_index(offset);
        let on_line = self.lines.iter().filter(|l| l.line == line);
        // The window holding the offset, else the next one after it, else
        // the last on its line.
        let Some(l) = on_line
            .clone()
            .find(|l| offset <= l.window.end)
            .or_else(|| on_line.clone().next_back())
        else {
            return self.text.len();
        };
        let clamped = offset.clamp(l.window.start, l.window.end);
        l.range.start + l.prefix + (clamped - l.window.start)
    }
}

/// Appends one window of a source line to the excerpt, with "…" where it
/// cuts the line.
fn push_window(
    text: &mut String,
    lines: &mut Vec<ExcerptLine>,
    source: &SourceFile,
    line: usize,
    window: Range<usize>,
) {
    let line_span = source.line_span(line);
    let start = text.len();
    let prefix = if window.start > line_span.start {
        text.push_str(ELLIPSIS);
        ELLIPSIS.len()
    } else {
        0
    };
    super::visible::push_same_width(text, &source.text[window.clone()]);
    if window.end < line_span.end {
        text.push_str(ELLIPSIS);
    }
    let end = text.len();
    text.push('\n');
    lines.push(ExcerptLine {
        line,
        window,
        range: start..end,
        prefix,
    });
}

/// The char boundary about `n` characters before `at`.
fn back(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The char boundary about `n` characters after `at`.
fn forward(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

impl<'f> Files<'f> for Excerpt<'_> {
    type FileId = ();
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, _: ()) -> Result<&'f str, Error> {
        Ok(&self.name)
    }

    fn source(&'f self, _: ()) -> Result<&'f str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'f self, _: (), byte_index: usize) -> Result<usize, Error> {
        Ok(self
            .lines
            .partition_point(|l| l.range.end < byte_index)
            .min(self.lines.len().saturating_sub(1)))
    }

    fn line_number(&'f self, _: (), line_index: usize) -> Result<usize, Error> {
        self.lines
            .get(line_index)
            .map(|l| l.line + 1)
            .ok_or(Error::LineTooLarge {
                given: line_index,
                max: self.lines.len(),
            })
    }

    fn line_range(&'f self, _: (), line_index: usize) -> Result<Range<usize>, Error> {
        self.lines
            .get(line_index)
            .map(|l| l.range.start..l.range.end + 1)
            .ok_or(Error::LineTooLarge {
                given: line_index,
                max: self.lines.len(),
            })
    }

    fn column_number(
        &'f self,
        _: (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let l = self.lines.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: self.lines.len(),
        })?;
        let in_window = byte_index.saturating_sub(l.range.start + l.prefix);
        let source_offset = (l.window.start + in_window).min(l.window.end);
        Ok(self.source.line_col(source_offset).column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let long = format!(
            "{} sighed the agreement {}",
            "word ".repeat(60),
            "more ".repeat(60)
        );
        let source = SourceFile::new("a.txt", format!("short line\n{long}\n"));
        let at = source.text.find("sighed").unwrap();
        let span = Span::new(at, at + 6);
        let excerpt = Excerpt::new(&source, &[span], None);
        let shown = &excerpt.text[excerpt.map(span)];
        assert_eq!(shown, "sighed");
        assert!(excerpt.text.starts_with('…') && excerpt.text.trim_end().ends_with('…'));
        assert!(excerpt.text.len() < 200, "{}", excerpt.text);
        assert_eq!(excerpt.line_number((), 0).unwrap(), 2);
        let col = excerpt
            .column_number((), 0, excerpt.map(span).start)
            .unwrap();
        assert_eq!(col, source.line_col(at).column);
    }

    #[test]
    fn short_lines_are_whole() {
        let source = SourceFile::new("a.txt", "By: Jane Roe\n");
        let excerpt = Excerpt::new(&source, &[Span::new(0, 3)], None);
        assert_eq!(excerpt.text, "By: Jane Roe\n");
    }

    #[test]
    fn a_terminal_width_sets_the_window() {
        let line = format!(
            "{} sighed the agreement {}",
            "word ".repeat(30),
            "more ".repeat(30)
        );
        let source = SourceFile::new("a.txt", format!("{line}\n"));
        let at = source.text.find("sighed").unwrap();
        let span = Span::new(at, at + 6);
        // 330 characters: whole under the default window of 140? No; cut.
        // On an 80-column terminal the excerpt fits 80 columns with the
        // gutter; on a 400-column one the line is whole.
        let narrow = Excerpt::new(&source, &[span], Some(80));
        assert!(
            narrow.text.trim_end().chars().count() <= 80 - GUTTER,
            "{}",
            narrow.text
        );
        assert_eq!(&narrow.text[narrow.map(span)], "sighed");
        let wide = Excerpt::new(&source, &[span], Some(400));
        assert_eq!(wide.text, format!("{line}\n"));
    }
}

#[cfg(test)]
mod bounded_tests {
    use super::*;

    /// A finding whose related place is far along the same line shows a
    /// window around each, elided between: the excerpt does not grow with
    /// the distance.
    #[test]
    fn far_places_on_one_line_get_a_window_each() {
        let line = format!(
            "The Senate {} the senate {}",
            "word ".repeat(20_000),
            "more ".repeat(100)
        );
        let source = SourceFile::new("a.txt", format!("{line}\n"));
        let first = Span::new(4, 10);
        let at = source.text.find("the senate").unwrap() + 4;
        let second = Span::new(at, at + 6);
        for width in [None, Some(100)] {
            let excerpt = Excerpt::new(&source, &[first, second], width);
            assert!(
                excerpt.text.len() < 600,
                "{width:?}: {} bytes",
                excerpt.text.len()
            );
            assert_eq!(&excerpt.text[excerpt.map(first)], "Senate");
            assert_eq!(&excerpt.text[excerpt.map(second)], "senate");
            assert!(excerpt.text.contains(ELLIPSIS));
        }
        // A span that is itself long is shown by its two ends.
        let long = Span::new(4, at + 6);
        let excerpt = Excerpt::new(&source, &[long], None);
        assert!(excerpt.text.len() < 600, "{} bytes", excerpt.text.len());
    }
}
