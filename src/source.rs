//! Source files: read bytes, decode UTF-8 (with or without BOM), and map byte
//! offsets to 1-based lines and character columns.
//!
//! Text is kept exactly as it is on disk (CRLF included) so that every span is a
//! byte range of the original file, minus the BOM, whose length is remembered and
//! added back when offsets are printed or fixes are written.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A half-open byte range into a [`SourceFile::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A position for humans: 1-based line, 1-based column counted in Unicode
/// scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A decoded article file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it.
    pub path: PathBuf,
    /// The file's text without its BOM.
    pub text: String,
    /// Length in bytes of the UTF-8 BOM that preceded `text` on disk (0 or 3).
    pub bom_len: usize,
    /// How the file is stored; fixes are written back the same way.
    pub encoding: Encoding,
    /// Labels an input format attached to each line of the text it
    /// extracted, for its own parser to read back (a .docx paragraph's
    /// style name). `None` for a text file.
    pub line_labels: Option<std::sync::Arc<[String]>>,
    /// Byte offsets where each line starts (`u32`: see [`MAX_TEXT_SIZE`]).
    line_starts: Vec<u32>,
    /// Characters before every `CHAR_STEP`-th byte (rounded down to a char
    /// boundary), built on first use, so columns on a very long line cost
    /// O(CHAR_STEP) instead of O(line length).
    char_index: OnceLock<Vec<(usize, usize)>>,
}

/// 256: a column costs a count of 128 bytes on average, for an index of
/// 64 KiB per MiB of text (only when a line is that long).
const CHAR_STEP: usize = 256;

/// The encodings galley reads. UTF-16 is recognised by its BOM and decoded;
/// positions are then reported in lines and columns of the text, and byte
/// offsets are those of its UTF-8 form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// Why a file could not be turned into a [`SourceFile`].
#[derive(Debug)]
pub enum SourceError {
    Io(std::io::Error),
    /// Not UTF-8; `offset` is the byte offset of the first invalid byte.
    InvalidUtf8 {
        offset: usize,
    },
    /// A UTF-16 BOM, then something that is not UTF-16.
    InvalidUtf16 {
        offset: usize,
    },
    /// Bytes its format cannot read: a truncated HTML file, a zip that is
    /// not a .docx. The reason says what and where.
    Malformed(String),
    /// More than `limit` bytes: the file, the stream or (`part`) a part of
    /// an archive once decompressed. Only the limit and one byte more were
    /// read.
    TooLarge {
        limit: u64,
        part: Option<String>,
    },
}

/// The default `--max-file-size`, which also bounds what is read of a
/// configuration, a pack or a baseline: an article is kilobytes; ten
/// megabytes of text is a data dump, and checking it would only take time
/// and memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The most galley reads of one text, even with no size limit: a document
/// keeps its positions as `u32` (half the room of `usize`), and a gigabyte
/// of text would take tens of gigabytes of memory to check.
pub const MAX_TEXT_SIZE: u64 = 1 << 30;

/// Reads `reader` to its end, or to `limit` bytes and one more (and never
/// past [`MAX_TEXT_SIZE`]): what is read is counted, so a device, a FIFO or
/// a stream that never ends (or lies about its size) cannot take more
/// memory than the limit.
pub fn read_limited(
    reader: impl std::io::Read,
    limit: Option<u64>,
) -> Result<Vec<u8>, SourceError> {
    read_limited_sized(reader, limit, 0)
}

/// [`read_limited`] of an open file: its buffer is made the size the file
/// says it is, so that a text is read without growing it (an article grew
/// through some eight sizes, each copied: 2.5 million instructions of 200
/// articles' reading). What is read is still counted; a file longer than it
/// said grows the buffer as any reader does.
pub fn read_file_limited(file: std::fs::File, limit: Option<u64>) -> Result<Vec<u8>, SourceError> {
    let size = file.metadata().map_or(0, |meta| meta.len());
    read_limited_sized(file, limit, size)
}

/// [`read_limited`] into a buffer made for `size` bytes (capped at the
/// limit and one byte past it, to tell a text over it).
fn read_limited_sized(
    reader: impl std::io::Read,
    limit: Option<u64>,
    size: u64,
) -> Result<Vec<u8>, SourceError> {
    use std::io::Read;
    let limit = limit.map_or(MAX_TEXT_SIZE, |limit| limit.min(MAX_TEXT_SIZE));
    let capacity = usize::try_from(size.min(limit.saturating_add(1))).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(SourceError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(SourceError::TooLarge { limit, part: None });
    }
    // Read in doubling steps: what the last step reserved beyond the text
    // is given back (up to half again the text, kept for the whole check).
    bytes.shrink_to_fit();
    Ok(bytes)
}

/// [`read_limited`] of a file, as text.
pub fn read_text_limited(path: &Path, limit: u64) -> Result<String, SourceError> {
    let file = std::fs::File::open(path).map_err(SourceError::Io)?;
    let bytes = read_file_limited(file, Some(limit))?;
    String::from_utf8(bytes).map_err(|e| SourceError::InvalidUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Io(err) => f.write_str(&io_reason(err)),
            SourceError::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 at byte {offset}")
            }
            SourceError::InvalidUtf16 { offset } => {
                write!(f, "invalid UTF-16 at byte {offset}")
            }
            SourceError::Malformed(reason) => f.write_str(reason),
            SourceError::TooLarge { limit, part: None } => {
                write!(f, "more than {limit} bytes, the size limit")
            }
            SourceError::TooLarge {
                limit,
                part: Some(part),
            } => write!(
                f,
                "{part} expands to more than {limit} bytes, the size limit"
            ),
        }
    }
}

impl std::error::Error for SourceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SourceError::Io(err) => Some(err),
            _ => None,
        }
    }
}

/// What reading a file gave.
pub enum Loaded {
    Text(SourceFile),
    /// The file holds NUL bytes: it is binary and is skipped quietly, as
    /// ripgrep does.
    Binary,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl SourceFile {
    /// Builds a source from text already in memory (stdin, tests, examples).
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        match text.strip_prefix('\u{feff}') {
            Some(rest) => Self::decoded(
                path.into(),
                rest.to_string(),
                UTF8_BOM.len(),
                Encoding::Utf8,
            ),
            None => Self::decoded(path.into(), text, 0, Encoding::Utf8),
        }
    }

    /// A source from text already stripped of its BOM: a U+FEFF at the start
    /// of `text` is a character of the text, kept.
    fn decoded(path: PathBuf, text: String, bom_len: usize, encoding: Encoding) -> Self {
        let line_starts = line_starts(&text);
        SourceFile {
            path,
            text,
            bom_len,
            encoding,
            line_labels: None,
            line_starts,
            char_index: OnceLock::new(),
        }
    }

    /// The same file (path, BOM, encoding) with other text: a fixed version.
    pub fn with_text(&self, text: String) -> SourceFile {
        let mut source = Self::decoded(self.path.clone(), text, self.bom_len, self.encoding);
        source.line_labels = self.line_labels.clone();
        source
    }

    /// Reads and decodes a file from disk, up to `limit` bytes.
    pub fn read(path: &Path, limit: Option<u64>) -> Result<Loaded, SourceError> {
        let file = std::fs::File::open(path).map_err(SourceError::Io)?;
        Self::from_bytes(path, read_file_limited(file, limit)?)
    }

    /// Decodes bytes read from `path`.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Loaded, SourceError> {
        // UTF-16 is full of NUL bytes: recognise it by its BOM first.
        for (bom, encoding) in [
            (b"\xFF\xFE", Encoding::Utf16Le),
            (b"\xFE\xFF", Encoding::Utf16Be),
        ] {
            if bytes.starts_with(bom) {
                let text = decode_utf16(&bytes[2..], encoding)?;
                return Ok(Loaded::Text(SourceFile::decoded(
                    path.to_path_buf(),
                    text,
                    0,
                    encoding,
                )));
            }
        }
        if memchr_nul(&bytes) {
            return Ok(Loaded::Binary);
        }
        match String::from_utf8(bytes) {
            // `new` strips and remembers a UTF-8 BOM.
            Ok(text) => Ok(Loaded::Text(SourceFile::new(path, text))),
            Err(err) => Err(SourceError::InvalidUtf8 {
                offset: err.utf8_error().valid_up_to(),
            }),
        }
    }

    /// 1-based line and character column of a byte offset into `text`.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_start(line);
        let column = if offset - start <= CHAR_STEP {
            self.text[start..offset].chars().count() + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// How many characters precede byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let index = self.char_index.get_or_init(|| {
            let mut index = Vec::with_capacity(self.text.len() / CHAR_STEP + 1);
            let (mut byte, mut chars) = (0, 0);
            for k in 0..=self.text.len() / CHAR_STEP {
                let mut at = k * CHAR_STEP;
                while !self.text.is_char_boundary(at) {
                    at -= 1;
                }
                chars += self.text[byte..at].chars().count();
                byte = at;
                index.push((byte, chars));
            }
            index
        });
        let (byte, chars) = index[offset / CHAR_STEP];
        chars + self.text[byte..offset].chars().count()
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&to_u32(offset)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset of a 1-based line and character column, if it exists.
    pub fn offset_of(&self, at: LineCol) -> Option<usize> {
        let start = *self.line_starts.get(at.line.checked_sub(1)?)? as usize;
        let line_end = self.line_end(at.line - 1);
        let mut offset = start;
        for _ in 1..at.column {
            let ch = self.text[offset..line_end].chars().next()?;
            offset += ch.len_utf8();
        }
        Some(offset)
    }

    /// Byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line] as usize
    }

    /// Byte offset of the end of a 0-based line, before its `\n` or `\r\n`.
    pub fn line_end(&self, line: usize) -> usize {
        let start = self.line_start(line);
        let Some(next) = self.line_starts.get(line + 1).map(|&n| n as usize) else {
            return self.text.len();
        };
        // The terminator before `next` is "\n", "\r\n" or a lone "\r".
        let bytes = self.text.as_bytes();
        let end = next - 1;
        if bytes[end] == b'\n' && end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }

    /// The span of a 0-based line, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        Span::new(self.line_start(line), self.line_end(line))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Offset in the file on disk (BOM included) of an offset into `text`.
    pub fn disk_offset(&self, offset: usize) -> usize {
        offset + self.bom_len
    }

    /// The bytes of the file as they are (or would be) on disk: BOM, then
    /// text, in the file's encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self.encoding {
            Encoding::Utf8 => {}
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let le = self.encoding == Encoding::Utf16Le;
                let mut bytes = Vec::with_capacity(2 + self.text.len() * 2);
                for unit in std::iter::once(0xFEFF).chain(self.text.encode_utf16()) {
                    bytes.extend_from_slice(&if le {
                        unit.to_le_bytes()
                    } else {
                        unit.to_be_bytes()
                    });
                }
                return bytes;
            }
        }
        let mut bytes = Vec::with_capacity(self.bom_len + self.text.len());
        if self.bom_len > 0 {
            bytes.extend_from_slice(UTF8_BOM);
        }
        bytes.extend_from_slice(self.text.as_bytes());
        bytes
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

/// Where lines start: after "\n", after "\r\n", and after a lone "\r"
/// (old Mac files, and files whose line endings were mixed by copying).
fn line_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    std::iter::once(0)
        .chain(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| to_u32(i + 1)),
        )
        .collect()
}

/// An offset or index into a text as a `u32`: no text galley reads is over
/// [`MAX_TEXT_SIZE`] bytes.
pub(crate) fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).expect("texts are at most MAX_TEXT_SIZE bytes")
}

fn decode_utf16(bytes: &[u8], encoding: Encoding) -> Result<String, SourceError> {
    if bytes.len() % 2 == 1 {
        // A trailing odd byte is not a code unit (offset counts the BOM).
        return Err(SourceError::InvalidUtf16 {
            offset: 2 + bytes.len() - 1,
        });
    }
    let units = bytes.chunks_exact(2).map(|pair| match encoding {
        Encoding::Utf16Le => u16::from_le_bytes([pair[0], pair[1]]),
        _ => u16::from_be_bytes([pair[0], pair[1]]),
    });
    let mut text = String::with_capacity(bytes.len());
    let mut offset = 2;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                offset += c.len_utf16() * 2;
                text.push(c);
            }
            Err(_) => return Err(SourceError::InvalidUtf16 { offset }),
        }
    }
    Ok(text)
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// The reason for an I/O error, without the OS error number.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text.to_lowercase(),
            }
        }
    }
}

/// `path` with `.` components dropped and `..` applied, without touching
/// the file system.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests;
