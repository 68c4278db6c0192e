//! The article model: blocks (headline, paragraphs, captions, bylines…), then
//! sentences and words, as flat vectors with index ranges into each other.
//!
//! Each block carries its *prose text*: the words a reader sees, with markup
//! removed and non-prose (inline code, URLs, e-mail addresses) replaced by a
//! placeholder character. A piece table maps every offset of that text back to
//! the source file, so rules work on clean text and still report exact spans.

mod docx;
mod format;
mod furniture;
mod html;
mod markdown;
mod segment;
mod text;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::source::{SourceFile, Span};
pub use docx::extract as extract_docx;
pub use format::{FORMATS, Format, InputFormat};
pub use furniture::ArticleSettings;

pub use segment::{is_abbreviation, normalize_for_compare, words as segment_words};

/// Stands in the prose text for something that is not prose (inline code, a
/// URL). It is not a letter, so no pattern of words matches across it.
pub const PLACEHOLDER: char = '\u{FFFC}';

/// The structural role of a block of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    Caption,
    Byline,
    Credit,
    Dateline,
    Quote,
    #[serde(rename = "list")]
    ListItem,
}

impl BlockKind {
    pub const ALL: [BlockKind; 9] = [
        BlockKind::Title,
        BlockKind::Heading,
        BlockKind::Paragraph,
        BlockKind::Caption,
        BlockKind::Byline,
        BlockKind::Credit,
        BlockKind::Dateline,
        BlockKind::Quote,
        BlockKind::ListItem,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Caption => "caption",
            BlockKind::Byline => "byline",
            BlockKind::Credit => "credit",
            BlockKind::Dateline => "dateline",
            BlockKind::Quote => "quote",
            BlockKind::ListItem => "list",
        }
    }

    /// Running text of the story, as opposed to furniture around it.
    pub fn is_body(self) -> bool {
        matches!(
            self,
            BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem
        )
    }
}

/// One piece of the map from prose text to source.
#[derive(Debug, Clone, Copy)]
struct Piece {
    text_start: usize,
    text_len: usize,
    src_start: usize,
    src_len: usize,
    /// The text is a copy of the source bytes (not a placeholder or a
    /// synthetic separator).
    verbatim: bool,
}

/// A block's prose text and its map back to the source.
#[derive(Debug, Clone, Default)]
pub struct ProseText {
    text: String,
    pieces: Vec<Piece>,
}

impl ProseText {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Appends source text found at `src_start`, verbatim (see [`masked`]
    /// for URLs and template tags).
    ///
    /// [`masked`]: ProseText::masked
    pub fn push_source(&mut self, src_start: usize, s: &str) {
        self.push_verbatim(src_start, s);
    }

    /// This text with URLs, e-mail addresses and template tags replaced by
    /// placeholders. Done on a whole block, since a parser may split a tag
    /// (`{{< figure … >}}`) over several text events.
    pub fn masked(self) -> ProseText {
        let text = self.as_str();
        // Cheap test first: most text has no URL, address or template tag.
        if !(text.contains("://")
            || text.contains("www.")
            || text.contains('@')
            || text.contains("{{")
            || text.contains("{%"))
        {
            return self;
        }
        let found: Vec<Range<usize>> = NON_PROSE.find_iter(text).map(|m| m.range()).collect();
        if found.is_empty() {
            return self;
        }
        let mut out = ProseText::default();
        let mut last = 0;
        for range in found {
            out.append(self.sub(last..range.start));
            out.push_placeholder(self.to_source(range.clone()));
            last = range.end;
        }
        out.append(self.sub(last..self.text.len()));
        out
    }

    /// Appends another prose text, keeping its map.
    pub(crate) fn append(&mut self, other: ProseText) {
        for p in &other.pieces {
            let text = &other.text[p.text_start..p.text_start + p.text_len];
            if p.verbatim {
                self.push_verbatim(p.src_start, text);
            } else {
                self.push_synthetic(text, Span::new(p.src_start, p.src_start + p.src_len));
            }
        }
    }

    /// Appends a placeholder standing for the non-prose source in `span`.
    pub fn push_placeholder(&mut self, span: Span) {
        self.push_synthetic(PLACEHOLDER.encode_utf8(&mut [0; 4]), span);
    }

    /// Appends text that is not a byte-for-byte copy of the source it stands
    /// for: a newline for a line break, `&` for `&amp;`, `*` for `\*`.
    pub fn push_synthetic(&mut self, s: &str, span: Span) {
        if s.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            text_start: self.text.len(),
            text_len: s.len(),
            src_start: span.start,
            src_len: span.len(),
            verbatim: false,
        });
        self.text.push_str(s);
    }

    /// The prose of a sub-range of this text, with its map.
    pub fn sub(&self, range: Range<usize>) -> ProseText {
        let mut out = ProseText::default();
        for p in &self.pieces {
            let (p_start, p_end) = (p.text_start, p.text_start + p.text_len);
            let (lo, hi) = (p_start.max(range.start), p_end.min(range.end));
            if lo >= hi {
                continue;
            }
            if p.verbatim {
                let src = p.src_start + (lo - p_start);
                out.push_verbatim(src, &self.text[lo..hi]);
            } else {
                let span = Span::new(p.src_start, p.src_start + p.src_len);
                out.push_synthetic(&self.text[lo..hi], span);
            }
        }
        out
    }

    /// Splits into one prose text per line (at each `\n`).
    pub fn lines(&self) -> Vec<ProseText> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, _) in self.text.match_indices('\n') {
            out.push(self.sub(start..i));
            start = i + 1;
        }
        out.push(self.sub(start..self.text.len()));
        out
    }

    fn push_verbatim(&mut self, src_start: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(last) = self.pieces.last_mut()
            && last.verbatim
            && last.src_start + last.src_len == src_start
        {
            last.text_len += s.len();
            last.src_len += s.len();
        } else {
            self.pieces.push(Piece {
                text_start: self.text.len(),
                text_len: s.len(),
                src_start,
                src_len: s.len(),
                verbatim: true,
            });
        }
        self.text.push_str(s);
    }

    /// The source span covered by a range of the prose text.
    pub fn to_source(&self, range: Range<usize>) -> Span {
        let start = self.map_start(range.start);
        let end = self.map_end(range.end).max(start);
        Span::new(start, end)
    }

    /// The source span of a range of prose text, only if replacing that span
    /// replaces exactly that text: the pieces it covers are contiguous in the
    /// source, and any synthetic piece among them is whitespace standing for a
    /// line break and wholly covered. No markup, no placeholder. Fixes use
    /// this so that they never rewrite what the prose text does not show.
    pub fn to_source_exact(&self, range: Range<usize>) -> Option<Span> {
        if range.is_empty() {
            let at = self.map_start(range.start);
            return Some(Span::new(at, at));
        }
        let mut src_end = None;
        for p in &self.pieces[self.piece_at(range.start)..] {
            let (p_start, p_end) = (p.text_start, p.text_start + p.text_len);
            if p_start >= range.end {
                break;
            }
            if src_end.is_some_and(|end| end != p.src_start) {
                return None;
            }
            if !p.verbatim {
                let whole = range.start <= p_start && p_end <= range.end;
                let blank = self.text[p_start..p_end].chars().all(char::is_whitespace);
                if !whole || !blank {
                    return None;
                }
            }
            src_end = Some(p.src_start + p.src_len);
        }
        Some(self.to_source(range))
    }

    fn piece_at(&self, offset: usize) -> usize {
        self.pieces
            .partition_point(|p| p.text_start + p.text_len <= offset)
            .min(self.pieces.len().saturating_sub(1))
    }

    fn map_start(&self, offset: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        let p = self.pieces[self.piece_at(offset)];
        if offset >= p.text_start + p.text_len {
            return p.src_start + p.src_len;
        }
        if p.verbatim {
            p.src_start + (offset - p.text_start)
        } else {
            p.src_start
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        // The piece whose text ends at or after `offset`, starting before it.
        let i = self
            .pieces
            .partition_point(|p| p.text_start + p.text_len < offset)
            .min(self.pieces.len() - 1);
        let p = self.pieces[i];
        if offset <= p.text_start {
            return p.src_start;
        }
        if p.verbatim {
            p.src_start + (offset - p.text_start)
        } else {
            p.src_start + p.src_len
        }
    }
}

/// URLs, e-mail addresses and template tags (`{{ … }}`, `{% … %}`: Hugo,
/// Jekyll, Liquid) inside running text: never prose.
static NON_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \{\{.*?\}\} | \{%.*?%\}
      | \b(?:https?|ftp)://[^\s<>\x22\u201C\u201D]+[^\s<>\x22\u201C\u201D.,;:!?)\]'\u2019]
      | \bwww\.[^\s<>\x22]+[^\s<>\x22.,;:!?)\]'\u2019]
      | \b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
    )
    .expect("built-in URL pattern is valid")
});

/// A structural block of the article.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// For a block from a front matter field, the field's key.
    pub field: Option<String>,
    /// The source span from the block's first prose byte to its last.
    pub span: Span,
    pub prose: ProseText,
    /// Indexes into [`Document::sentences`].
    pub sentences: Range<usize>,
    /// Indexes into [`Document::words`].
    pub words: Range<usize>,
}

impl Block {
    pub fn text(&self) -> &str {
        self.prose.as_str()
    }

    /// Short enough to be a caption or a pull quote: at most two sentences and
    /// forty words.
    pub fn is_standalone_short(&self) -> bool {
        self.sentences.len() <= 2 && self.words.len() <= 40
    }

    fn new(kind: BlockKind, prose: ProseText) -> Option<Block> {
        let prose = prose.masked();
        let trimmed = prose.as_str().trim();
        if trimmed.is_empty()
            || trimmed
                .chars()
                .all(|c| c == PLACEHOLDER || c.is_whitespace())
        {
            return None;
        }
        let span = prose.to_source(0..prose.as_str().len());
        Some(Block {
            kind,
            field: None,
            span,
            prose,
            sentences: 0..0,
            words: 0..0,
        })
    }
}

/// A sentence: a range of its block's prose text.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub block: usize,
    pub range: Range<usize>,
    pub words: Range<usize>,
}

/// A word (or a placeholder token): a range of its block's prose text.
#[derive(Debug, Clone)]
pub struct Word {
    pub block: usize,
    pub range: Range<usize>,
    /// The token stands for non-prose (code, a URL).
    pub placeholder: bool,
}

/// A parsed article.
#[derive(Debug)]
pub struct Document<'s> {
    pub source: &'s SourceFile,
    pub format: Format,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub words: Vec<Word>,
    /// Source spans of direct quotations ("…", “…”), sorted; a quotation
    /// left open at the end of a paragraph runs to its end, as news style
    /// continues a quote into the next paragraph.
    pub quotes: Vec<Span>,
}

impl<'s> Document<'s> {
    /// Parses `source` in `format`.
    pub fn parse(source: &'s SourceFile, format: Format, settings: &ArticleSettings) -> Self {
        let blocks = format.blocks(source, settings);
        let mut doc = Document {
            source,
            format,
            blocks,
            sentences: Vec::new(),
            words: Vec::new(),
            quotes: Vec::new(),
        };
        doc.segment();
        doc.find_quotations();
        if format.guesses_captions() {
            doc.mark_repeated_standalone_blocks_as_captions();
        }
        doc
    }

    /// The text of a word.
    pub fn word_text(&self, word: &Word) -> &str {
        &self.blocks[word.block].text()[word.range.clone()]
    }

    /// The text of a sentence.
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.blocks[sentence.block].text()[sentence.range.clone()]
    }

    /// Source span of a sentence.
    pub fn sentence_span(&self, sentence: &Sentence) -> Span {
        self.blocks[sentence.block]
            .prose
            .to_source(sentence.range.clone())
    }

    pub fn block_sentences(&self, block: &Block) -> &[Sentence] {
        &self.sentences[block.sentences.clone()]
    }

    fn segment(&mut self) {
        for (index, block) in self.blocks.iter_mut().enumerate() {
            let sentences_start = self.sentences.len();
            let words_start = self.words.len();
            segment::words(block.text(), |range, placeholder| {
                self.words.push(Word {
                    block: index,
                    range,
                    placeholder,
                })
            });
            block.words = words_start..self.words.len();
            let mut word = words_start;
            for range in segment::sentences(block.text()) {
                let first = word;
                while word < self.words.len() && self.words[word].range.start < range.end {
                    word += 1;
                }
                self.sentences.push(Sentence {
                    block: index,
                    range,
                    words: first..word,
                });
            }
            block.sentences = sentences_start..self.sentences.len();
        }
    }

    /// Whether `span` lies inside a direct quotation.
    pub fn in_quotation(&self, span: Span) -> bool {
        let i = self.quotes.partition_point(|q| q.end < span.end);
        self.quotes
            .get(i)
            .is_some_and(|q| q.start <= span.start && span.end <= q.end)
    }

    fn find_quotations(&mut self) {
        for block in &self.blocks {
            let text = block.text();
            if !text.contains(['"', '“', '”']) {
                continue;
            }
            let mut open: Option<usize> = None;
            for (i, c) in text.char_indices() {
                match (c, open) {
                    ('“', None) | ('"', None) => open = Some(i),
                    ('”', Some(start)) | ('"', Some(start)) => {
                        self.quotes
                            .push(block.prose.to_source(start..i + c.len_utf8()));
                        open = None;
                    }
                    _ => {}
                }
            }
            if let Some(start) = open {
                self.quotes.push(block.prose.to_source(start..text.len()));
            }
        }
        self.quotes.sort_by_key(|q| (q.end, q.start));
    }

    /// In plain text, a short standalone block that repeats a sentence of a
    /// nearby paragraph is a caption pasted under a photo.
    fn mark_repeated_standalone_blocks_as_captions(&mut self) {
        const NEARBY: usize = 3;
        let mut captions = Vec::new();
        for (i, block) in self.blocks.iter().enumerate() {
            if block.kind != BlockKind::Paragraph || !block.is_standalone_short() {
                continue;
            }
            let key = normalize_for_compare(block.text());
            let lo = i.saturating_sub(NEARBY);
            let hi = (i + NEARBY + 1).min(self.blocks.len());
            let repeats = (lo..hi).filter(|&j| j != i).any(|j| {
                let other = &self.blocks[j];
                other.kind.is_body()
                    && other.sentences.len() > block.sentences.len()
                    && self
                        .block_sentences(other)
                        .iter()
                        .any(|s| normalize_for_compare(self.sentence_text(s)) == key)
            });
            if repeats {
                captions.push(i);
            }
        }
        for i in captions {
            self.blocks[i].kind = BlockKind::Caption;
        }
    }
}

/// Each block's kind and prose text, for the parsers' tests.
#[cfg(test)]
pub(crate) fn kinds_and_texts(blocks: Vec<Block>) -> Vec<(BlockKind, String)> {
    blocks
        .into_iter()
        .map(|b| (b.kind, b.text().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_text_maps_around_placeholders() {
        let src = "see `code` now";
        let mut prose = ProseText::default();
        prose.push_source(0, "see ");
        prose.push_placeholder(Span::new(4, 10));
        prose.push_source(10, " now");
        let text = prose.as_str();
        let now = text.find("now").unwrap();
        assert_eq!(prose.to_source(now..now + 3), Span::new(11, 14));
        assert_eq!(&src[prose.to_source(now..now + 3).range()], "now");
        let ph = text.find(PLACEHOLDER).unwrap();
        assert_eq!(
            prose.to_source(ph..ph + PLACEHOLDER.len_utf8()),
            Span::new(4, 10)
        );
        assert_eq!(prose.to_source_exact(0..now + 3), None);
        assert_eq!(prose.to_source_exact(now..now + 3), Some(Span::new(11, 14)));
    }

    #[test]
    fn urls_and_emails_become_placeholders() {
        let mut prose = ProseText::default();
        prose.push_source(0, "Read https://example.com/the/the or mail a@b.org today.");
        let prose = prose.masked();
        assert_eq!(prose.as_str(), "Read \u{FFFC} or mail \u{FFFC} today.");
    }

    #[test]
    fn quotations_are_found_across_styles() {
        let text = "He said “the plan works” and \"it is done\". “An open quote\n\n“goes on here.”";
        let source = SourceFile::new("q.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let quoted: Vec<&str> = doc.quotes.iter().map(|q| source.slice(*q)).collect();
        assert_eq!(
            quoted,
            [
                "“the plan works”",
                "\"it is done\"",
                "“An open quote",
                "“goes on here.”"
            ]
        );
        let plan = text.find("plan").unwrap();
        assert!(doc.in_quotation(Span::new(plan, plan + 4)));
        let said = text.find("said").unwrap();
        assert!(!doc.in_quotation(Span::new(said, said + 4)));
    }

    #[test]
    fn template_tags_are_not_prose() {
        let mut prose = ProseText::default();
        prose.push_source(
            0,
            "A {{< figure src=\"the the.jpg\" >}} and {% if the the %} end.",
        );
        let prose = prose.masked();
        assert_eq!(prose.as_str(), "A \u{FFFC} and \u{FFFC} end.");
    }
}
