//! The one place that decides what may reach a terminal (or a reader of
//! the HTML report) as it is: every string galley prints from a file's
//! name, its text or a configuration goes through [`terminal_safe`] (or,
//! where line ends are part of the output, [`terminal_safe_lines`]; in an
//! excerpt, whose offsets must not move, [`push_same_width`]).
//!
//! Shown visibly: C0 controls but the tab, DEL, C1 controls, and the bidi
//! embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
//! which reorder what a reader sees ("Trojan Source").

use std::borrow::Cow;
use std::path::Path;

/// Whether `c` must not be printed as it is.
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi_control(c)
}

/// The bidi embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` as it may be printed: each unprintable character (`is_unprintable`)
/// is shown as an escape (`\n`, `\u{1b}`, `\u{202e}`) instead of moving the
/// cursor, colouring the screen, reordering the line or starting a line of
/// output that galley did not write.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unprintable)
}

/// [`terminal_safe`], keeping line ends (`\n`, and `\r` before one): for
/// output made of lines of a file (a diff, the HTML report's text).
pub fn terminal_safe_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_end = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if is_unprintable(c) && !line_end {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.into()
}

fn escape_where(text: &str, escape: fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(escape) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// A path as [`terminal_safe`] prints it.
pub fn shown_path(path: &Path) -> String {
    terminal_safe(&path.to_string_lossy()).into_owned()
}

/// Appends `line` with each character [`is_unprintable`] replaced by as
/// many `?` as it has bytes: every offset into the text stays where it
/// was.
pub fn push_same_width(text: &mut String, line: &str) {
    if !line.chars().any(is_unprintable) {
        text.push_str(line);
        return;
    }
    for c in line.chars() {
        if is_unprintable(c) {
            text.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            text.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_del_c1_and_bidi_are_escaped() {
        assert_eq!(
            terminal_safe("a\u{1b}[2J\u{8}\u{7f}\u{9b}\u{202e}\u{2069}\tb\n"),
            r"a\u{1b}[2J\u{8}\u{7f}\u{9b}\u{202e}\u{2069}	b\n"
        );
        assert!(matches!(terminal_safe("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_keep_their_ends() {
        assert_eq!(
            terminal_safe_lines("a\r\nb\u{202d}\rc\n"),
            "a\r\nb\\u{202d}\\rc\n"
        );
    }

    #[test]
    fn same_width_keeps_offsets() {
        let mut out = String::new();
        push_same_width(&mut out, "a\u{202e}b\u{1b}");
        assert_eq!(out, "a???b?");
        assert_eq!(out.len(), "a\u{202e}b\u{1b}".len());
    }
}
