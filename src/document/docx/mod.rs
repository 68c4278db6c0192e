//! Word .docx files: a zip of XML. The text of `word/document.xml` is
//! extracted one paragraph per line (so line N is paragraph N, a place a Word
//! user can find), with each paragraph's style name for the document model,
//! as it reads with every tracked change accepted. Tables and text boxes are
//! read; comments, field codes, headers, footers and notes are not. Fixes go
//! back in as tracked changes and findings, with `--annotate`, as comments
//! (see [`write`]).

mod layout;
mod revise;
mod write;

use std::path::Path;
use std::sync::Arc;

use super::format::WrittenBack;
use super::{ArticleSettings, Block, BlockKind, InputFormat, ProseText};
use crate::diagnostic::{Diagnostic, Edit};
use crate::source::{Loaded, SourceError, SourceFile, Span};

/// Word documents: `.docx`.
pub struct Docx;

impl InputFormat for Docx {
    fn name(&self) -> &'static str {
        "Word"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["docx"]
    }

    /// The paragraphs' text, one a line; each line labelled with its
    /// paragraph's style, which [`blocks`] reads back.
    fn load(&self, path: &Path, bytes: Vec<u8>, limit: Option<u64>) -> Result<Loaded, SourceError> {
        let extracted = extract(&bytes, limit)?;
        let mut source = SourceFile::new(path, extracted.text);
        source.line_labels = Some(Arc::from(extracted.styles));
        Ok(Loaded::Text(source))
    }

    fn blocks<'s>(&self, source: &'s SourceFile, settings: &ArticleSettings) -> Vec<Block<'s>> {
        blocks(source, settings)
    }

    /// An edit within one paragraph: a paragraph is never split or joined.
    fn writes_edit(&self, text: &str, edit: &Edit) -> bool {
        !text[edit.span.start..edit.span.end].contains('\n')
            && !edit.replacement.contains(['\n', '\r'])
    }

    fn writes_back(&self) -> bool {
        true
    }

    fn annotates(&self) -> bool {
        true
    }

    fn write_back(
        &self,
        file: &[u8],
        original: &str,
        fixed: &str,
        notes: &[Diagnostic],
        author: &str,
    ) -> Result<Option<WrittenBack>, String> {
        let notes: Vec<write::Note> = notes
            .iter()
            .map(|d| write::Note {
                span: d.span.start..d.span.end,
                rule: d.rule.to_string(),
                message: d.message.to_string(),
                help: d.help.as_ref().map(|h| h.to_string()),
            })
            .collect();
        let date = write::now();
        let stamp = revise::Stamp {
            author,
            date: &date,
        };
        Ok(
            write::write_back(file, original, fixed, &notes, stamp)?.map(|w| WrittenBack {
                bytes: w.bytes,
                revisions: w.revisions,
                comments: w.comments,
            }),
        )
    }

    /// The paragraph number and the words around the place, which a Word
    /// user can find.
    fn locate(&self, source: &SourceFile, span: Span) -> Option<String> {
        let line = source.line_index(span.start);
        let paragraph = source.slice(source.line_span(line));
        let at = span.start - source.line_start(line);
        let from = paragraph[..at]
            .char_indices()
            .rev()
            .nth(30)
            .map_or(0, |(i, _)| i);
        let to = paragraph[at..]
            .char_indices()
            .nth(40)
            .map_or(paragraph.len(), |(i, _)| at + i);
        Some(format!(
            "in Word: paragraph {}, “…{}…”",
            line + 1,
            paragraph[from..to].trim()
        ))
    }

    fn guesses_captions(&self) -> bool {
        true
    }
}

/// Blocks of a .docx's extracted text: a paragraph a line, its kind from
/// its style (Title, Heading N, Caption, Quote, List Paragraph, and styles
/// whose name says byline or credit), otherwise from its shape (a "By:"
/// line is a byline).
fn blocks(source: &SourceFile, settings: &ArticleSettings) -> Vec<Block<'static>> {
    let styles = source.line_labels.as_deref().unwrap_or(&[]);
    let mut blocks = Vec::new();
    for line in 0..source.line_count() {
        let span = source.line_span(line);
        let text = source.slice(span);
        let style = styles
            .get(line)
            .map(|s| s.to_lowercase())
            .unwrap_or_default();
        let kind = match style.as_str() {
            "title" => BlockKind::Title,
            s if s.starts_with("heading") || s == "subtitle" => BlockKind::Heading,
            "caption" => BlockKind::Caption,
            s if s.contains("quote") => BlockKind::Quote,
            s if s.contains("list") => BlockKind::ListItem,
            s if s.contains("byline") || s.contains("author") => BlockKind::Byline,
            s if s.contains("credit") => BlockKind::Credit,
            _ => settings
                .furniture_kind(text)
                .unwrap_or(BlockKind::Paragraph),
        };
        let mut prose = ProseText::default();
        prose.push_source(span.start, text);
        blocks.extend(Block::new(kind, prose));
    }
    blocks
}

/// Text of a .docx, one paragraph a line, and the style of each paragraph
/// ("" when none).
pub struct DocxText {
    pub text: String,
    pub styles: Vec<String>,
}

/// The text of a .docx whose document part expands to at most `limit`
/// bytes (counted as it is decompressed: the archive's own figure is not
/// trusted), or why it could not be read.
pub fn extract(bytes: &[u8], limit: Option<u64>) -> Result<DocxText, SourceError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| {
        if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            malformed("not a .docx: an OLE file (a password-protected document, or an old .doc)")
        } else {
            malformed("not a .docx: not a zip archive")
        }
    })?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|_| malformed("not a .docx: the archive has no word/document.xml"))?;
    let xml = crate::source::read_limited(part, limit)
        .map_err(|err| match err {
            SourceError::TooLarge { limit, .. } => SourceError::TooLarge {
                limit,
                part: Some("word/document.xml".to_string()),
            },
            other => malformed(&format!(
                "corrupt .docx: word/document.xml cannot be read ({other})"
            )),
        })
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|_| malformed("corrupt .docx: word/document.xml is not UTF-8"))
        })?;
    paragraphs(&xml).map_err(SourceError::Malformed)
}

fn malformed(reason: &str) -> SourceError {
    SourceError::Malformed(reason.to_string())
}

/// Paragraphs of WordprocessingML, as they read with every tracked change
/// accepted.
fn paragraphs(xml: &str) -> Result<DocxText, String> {
    let layout = layout::read(xml, layout::View::Accepted)?;
    Ok(DocxText {
        text: layout.text,
        styles: layout.styles,
    })
}

#[cfg(test)]
mod tests {
    use super::{layout, paragraphs, write};

    #[test]
    fn paragraphs_styles_tables_and_deletions() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Leaders Sign Pact</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">They </w:t></w:r><w:del><w:r><w:delText>never </w:delText><w:t>gone</w:t></w:r></w:del><w:r><w:t>sighed &amp; the</w:t><w:tab/><w:t>deal.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>In a cell.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:pStyle w:val="Byline"/></w:pPr><w:r><w:instrText>AUTHOR</w:instrText><w:t>By: Jane Roe</w:t></w:r></w:p>
</w:body></w:document>"#;
        let got = paragraphs(xml).unwrap();
        assert_eq!(
            got.text,
            "Leaders Sign Pact\nThey sighed & the\tdeal.\nIn a cell.\nBy: Jane Roe\n"
        );
        assert_eq!(got.styles, ["Title", "", "", "Byline"]);
    }

    #[test]
    fn text_boxes_are_paragraphs_of_their_own() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t xml:space="preserve">Before the box. </w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr><w:r><w:t>The box caption</w:t></w:r></w:p></w:txbxContent></w:pict></w:r><w:r><w:t>After the box.</w:t></w:r></w:p></w:body></w:document>"#;
        let got = paragraphs(xml).unwrap();
        assert_eq!(
            got.text,
            "The box caption\nBefore the box. After the box.\n"
        );
        assert_eq!(got.styles, ["Caption", ""]);
    }

    #[test]
    fn revisions_read_as_accepted_and_tab_stops_are_no_tabs() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">They </w:t></w:r><w:ins w:id="1" w:author="A"><w:r><w:t>signed</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>sighed</w:delText></w:r></w:del><w:moveFrom w:id="3" w:author="A"><w:r><w:t> gone</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve"> it</w:t></w:r><m:oMath><m:r><m:t>x</m:t></m:r></m:oMath><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>.</w:t></mc:Choice><mc:Fallback><w:t>!</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(paragraphs(xml).unwrap().text, "They signed it.\n");
        let rejected = layout::read(xml, layout::View::RejectFrom(1)).unwrap();
        assert_eq!(rejected.text, "They sighed gone it.\n");
    }

    #[test]
    fn changes_are_cut_to_the_characters_that_differ() {
        let hunks =
            write::hunks("By: Jane\nThey sighed it\n", "By Jane\nThey signed it\n").unwrap();
        assert_eq!(hunks, [(2..3, String::new()), (17..18, "n".to_string())]);
        assert!(write::hunks("a\nb\n", "a b\n").is_err());
    }
}
