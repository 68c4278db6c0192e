//! Input formats: the [`InputFormat`] trait that turns a file's bytes into
//! an article's text and its text into blocks, and the registry of formats
//! galley reads. A new format is one file implementing the trait and one
//! line in [`FORMATS`].

use std::path::Path;

use super::{ArticleSettings, Block, docx, html, markdown, text};
use crate::diagnostic::{Diagnostic, Edit};
use crate::source::{Loaded, SourceError, SourceFile, Span};

/// A file written back in its own format, with what went in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenBack {
    pub bytes: Vec<u8>,
    /// Tracked changes written.
    pub revisions: usize,
    /// Findings written as comments.
    pub comments: usize,
}

/// What galley needs to know to read one kind of file.
pub trait InputFormat: Send + Sync {
    /// The format's name, for messages and listings.
    fn name(&self) -> &'static str;

    /// The file extensions it reads: lowercase, without the dot.
    fn extensions(&self) -> &'static [&'static str];

    /// Decodes a file's bytes into the text rules read. The default reads
    /// text: UTF-8, or UTF-16 with a byte-order mark; NUL bytes mean binary.
    /// `limit` bounds what a compressed format may expand to.
    fn load(
        &self,
        path: &Path,
        bytes: Vec<u8>,
        _limit: Option<u64>,
    ) -> Result<Loaded, SourceError> {
        SourceFile::from_bytes(path, bytes)
    }

    /// The article's blocks (headline, paragraphs, captions…) in the text.
    fn blocks<'s>(&self, source: &'s SourceFile, settings: &ArticleSettings) -> Vec<Block<'s>>;

    /// Why `--fix` and `--diff` cannot rewrite such a file, if they cannot.
    fn refuses_fixes(&self) -> Option<&'static str> {
        None
    }

    /// Whether an edit of a fix can be written into such a file; a fix
    /// with one that cannot is shown, not applied.
    fn writes_edit(&self, _text: &str, _edit: &Edit) -> bool {
        true
    }

    /// Whether the file is not its text, so that fixes are written back
    /// by [`InputFormat::write_back`] rather than as the fixed text.
    fn writes_back(&self) -> bool {
        false
    }

    /// Whether `--annotate` can write findings into such a file.
    fn annotates(&self) -> bool {
        false
    }

    /// The file's bytes (`file`, whose text is `original`) with the changes
    /// that make its text `fixed` written in, and `notes` as comments;
    /// `None` when nothing is to be written. Only for a format that
    /// [`writes_back`](InputFormat::writes_back).
    fn write_back(
        &self,
        _file: &[u8],
        _original: &str,
        _fixed: &str,
        _notes: &[Diagnostic],
        _author: &str,
    ) -> Result<Option<WrittenBack>, String> {
        Err(format!("{} files are written as text", self.name()))
    }

    /// Where a place in the text is in the original file, when the text is
    /// not the file itself (a .docx paragraph), as a note for the reader.
    fn locate(&self, _source: &SourceFile, _span: Span) -> Option<String> {
        None
    }

    /// Whether the format marks captions only by their shape, so that a
    /// short standalone block repeated in the story is taken as a caption.
    fn guesses_captions(&self) -> bool {
        false
    }
}

/// A handle on one of the [`FORMATS`]: cheap to copy and compare.
#[derive(Clone, Copy)]
pub struct Format(&'static dyn InputFormat);

impl Format {
    pub const TEXT: Format = Format(&text::Text);
    pub const MARKDOWN: Format = Format(&markdown::Markdown);
    pub const HTML: Format = Format(&html::Html);
    pub const DOCX: Format = Format(&docx::Docx);

    /// The format for a file name, if galley reads it.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        FORMATS
            .iter()
            .copied()
            .find(|f| f.extensions().contains(&ext.as_str()))
    }
}

/// Every format galley reads, in the order `galley` lists them.
pub static FORMATS: &[Format] = &[Format::TEXT, Format::MARKDOWN, Format::HTML, Format::DOCX];

impl std::ops::Deref for Format {
    type Target = dyn InputFormat;

    fn deref(&self) -> &Self::Target {
        self.0
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Format {}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_path(Path::new("a.TXT")), Some(Format::TEXT));
        assert_eq!(
            Format::from_path(Path::new("a.markdown")),
            Some(Format::MARKDOWN)
        );
        assert_eq!(Format::from_path(Path::new("a.htm")), Some(Format::HTML));
        assert_eq!(Format::from_path(Path::new("a.docx")), Some(Format::DOCX));
        assert_eq!(Format::from_path(Path::new("a.rs")), None);
        assert_eq!(Format::from_path(Path::new("Makefile")), None);
    }

    #[test]
    fn every_extension_belongs_to_one_format() {
        let mut seen = foldhash::HashSet::default();
        for format in FORMATS {
            for ext in format.extensions() {
                assert!(seen.insert(*ext), "`{ext}` claimed twice");
            }
        }
    }
}
