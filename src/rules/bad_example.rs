//! A rule's `bad` examples as a pack writes them: a text, or a table with
//! the fix and message it must give, the spans it marks between ⟦ and ⟧
//! taken out when the pack is read.

use std::ops::Range;

use serde::Deserialize;

use crate::document::Format;

/// A text that a rule must flag: a string, or a table with the text its
/// fix must give, the message the rule must give and the one format it is
/// read in (an example whose point is plain-text structure, such as a
/// first-line headline). The text marks where the rule fires between
/// [`MARK_OPEN`] and [`MARK_CLOSE`] (`"met in ⟦the the⟧ capital"`); the marks
/// are taken out when the pack is read and kept as [`BadExample::spans`].
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum BadExample {
    Text(String),
    Full {
        text: String,
        fixed: Option<String>,
        /// A file extension (`txt`, `md`): read only as that format.
        format: Option<String>,
        /// The message (placeholders filled) the finding must carry.
        message: Option<String>,
        /// The marked spans of `text`, in bytes of the text without marks.
        #[serde(skip)]
        spans: Vec<Range<usize>>,
    },
}

/// Opens the span a bad example marks: U+27E6, a bracket of mathematics
/// that no article text uses.
pub const MARK_OPEN: char = '\u{27E6}';
/// Closes the span a bad example marks (U+27E7).
pub const MARK_CLOSE: char = '\u{27E7}';

/// `text` without its marks, and the spans they enclosed.
pub fn unmark(text: &str) -> Result<(String, Vec<Range<usize>>), String> {
    let mut plain = String::with_capacity(text.len());
    let (mut spans, mut open) = (Vec::new(), None);
    for c in text.chars() {
        match (c, open) {
            (MARK_OPEN, None) => open = Some(plain.len()),
            (MARK_CLOSE, Some(start)) => {
                spans.push(start..plain.len());
                open = None;
            }
            (MARK_OPEN | MARK_CLOSE, _) => {
                return Err(format!(
                    "unbalanced `{MARK_OPEN}` `{MARK_CLOSE}` marks in {text:?}"
                ));
            }
            _ => plain.push(c),
        }
    }
    if open.is_some() {
        return Err(format!("unclosed `{MARK_OPEN}` mark in {text:?}"));
    }
    Ok((plain, spans))
}

impl BadExample {
    pub fn text(&self) -> &str {
        match self {
            BadExample::Text(text) | BadExample::Full { text, .. } => text,
        }
    }

    pub fn fixed(&self) -> Option<&str> {
        match self {
            BadExample::Text(_) => None,
            BadExample::Full { fixed, .. } => fixed.as_deref(),
        }
    }

    /// The message the rule must give, when the example pins it.
    pub fn message(&self) -> Option<&str> {
        match self {
            BadExample::Text(_) => None,
            BadExample::Full { message, .. } => message.as_deref(),
        }
    }

    /// Where the rule must fire, as marked (empty when unmarked).
    pub fn spans(&self) -> &[Range<usize>] {
        match self {
            BadExample::Text(_) => &[],
            BadExample::Full { spans, .. } => spans,
        }
    }

    /// The only format the example is read in, when it says so.
    pub fn format(&self) -> Option<Format> {
        match self {
            BadExample::Full {
                format: Some(ext), ..
            } => Format::from_path(std::path::Path::new(&format!("example.{ext}"))),
            _ => None,
        }
    }

    /// Takes the marks out of the text into [`BadExample::spans`].
    pub(super) fn unmarked(self) -> Result<Self, String> {
        let (text, fixed, format, message) = match self {
            BadExample::Text(text) if !text.contains([MARK_OPEN, MARK_CLOSE]) => {
                return Ok(BadExample::Text(text));
            }
            BadExample::Text(text) => (text, None, None, None),
            BadExample::Full {
                text,
                fixed,
                format,
                message,
                ..
            } => (text, fixed, format, message),
        };
        if fixed
            .as_deref()
            .is_some_and(|f| f.contains([MARK_OPEN, MARK_CLOSE]))
        {
            return Err(format!(
                "the `fixed` text of {text:?} has marks: mark only `text`"
            ));
        }
        let (text, spans) = unmark(&text)?;
        Ok(BadExample::Full {
            text,
            fixed,
            format,
            message,
            spans,
        })
    }
}
