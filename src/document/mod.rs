//! The article model: blocks (headline, paragraphs, captions, bylines…), then
//! sentences and words, as flat vectors with index ranges into each other.
//!
//! Each block carries its *prose text*: the words a reader sees, with markup
//! removed and non-prose (inline code, URLs, e-mail addresses) replaced by a
//! placeholder character. A piece table maps every offset of that text back to
//! the source file, so rules work on clean text and still report exact spans.

pub mod ascii_regex;
mod docx;
mod format;
mod furniture;
mod html;
mod lists;
mod markdown;
mod prose;
mod segment;
mod shape;
mod text;

use std::ops::Range;
use std::sync::PoisonError;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Applicability, Fix};
use crate::source::{SourceFile, Span, to_u32};
pub use docx::extract as extract_docx;
pub use format::{FORMATS, Format, InputFormat, WrittenBack};
pub use furniture::{ArticleSettings, PARTICLES};
pub use lists::Lists;
pub use markdown::OPTIONS as MARKDOWN_OPTIONS;
pub use prose::ProseText;
pub use shape::{is_dash_attribution, is_name_line, trailing_attribution};

pub use segment::{
    CompareHash, compare_hash, compare_start, is_abbreviation, normalize_for_compare,
    push_normalized, words as segment_words,
};

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
    /// A quotation set off from the story to draw the eye (it repeats the
    /// body on purpose).
    PullQuote,
}

impl BlockKind {
    pub const ALL: [BlockKind; 10] = [
        BlockKind::Title,
        BlockKind::Heading,
        BlockKind::Paragraph,
        BlockKind::Caption,
        BlockKind::Byline,
        BlockKind::Credit,
        BlockKind::Dateline,
        BlockKind::Quote,
        BlockKind::ListItem,
        BlockKind::PullQuote,
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
            BlockKind::PullQuote => "pull-quote",
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

/// A structural block of the article.
#[derive(Debug, Clone)]
pub struct Block<'s> {
    pub kind: BlockKind,
    /// For a block from a front matter field, the field's key.
    pub field: Option<Box<str>>,
    /// The source span from the block's first prose byte to its last.
    pub span: Span,
    pub prose: ProseText<'s>,
    /// Indexes into [`Document::sentences`].
    sentences: Range32,
    /// Indexes into [`Document::words`].
    words: Range32,
}

impl<'s> Block<'s> {
    /// Indexes into [`Document::sentences`] of the block's sentences.
    pub fn sentences(&self) -> Range<usize> {
        self.sentences.get()
    }

    /// Indexes into [`Document::words`] of the block's words.
    pub fn words(&self) -> Range<usize> {
        self.words.get()
    }

    pub fn text(&self) -> &str {
        self.prose.as_str()
    }

    /// The fix that replaces `range` of the block's text with
    /// `replacement`, if that range maps exactly onto the source (see
    /// [`prose::ProseText::to_source_exact`]); `None` where a fix would
    /// rewrite what the text does not show.
    pub fn replace_fix(
        &self,
        range: Range<usize>,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Option<Fix> {
        self.prose
            .to_source_exact(range)
            .map(|exact| Fix::replace(exact, replacement, applicability))
    }

    /// The source span of the block's text without the whitespace around
    /// it: what a finding about the whole block underlines.
    pub fn trimmed_span(&self) -> Span {
        let text = self.text();
        let lead = text.len() - text.trim_start().len();
        self.prose.to_source(lead..lead + text.trim().len())
    }

    /// Short enough to be a caption or a pull quote: at most two sentences and
    /// forty words.
    pub fn is_standalone_short(&self) -> bool {
        self.sentences().len() <= 2 && self.words().len() <= 40
    }

    fn new(kind: BlockKind, prose: ProseText<'s>) -> Option<Block<'s>> {
        let mut prose = prose.masked();
        let trimmed = segment::trim(prose.as_str());
        if trimmed.is_empty()
            || trimmed
                .chars()
                .all(|c| c == PLACEHOLDER || c.is_whitespace())
        {
            return None;
        }
        let span = prose.to_source(0..prose.as_str().len());
        prose.shrink_to_fit();
        Some(Block {
            kind,
            field: None,
            span,
            prose,
            sentences: Range32::default(),
            words: Range32::default(),
        })
    }
}

/// A range of `u32` offsets or indexes: half the room of a `Range<usize>`.
/// A document is held whole, with a sentence and a word record for every
/// few bytes of some inputs, so the room counts; no text galley reads is
/// over [`MAX_TEXT_SIZE`](crate::source::MAX_TEXT_SIZE) bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Range32 {
    start: u32,
    end: u32,
}

impl Range32 {
    pub(crate) fn new(range: Range<usize>) -> Self {
        Range32 {
            start: to_u32(range.start),
            end: to_u32(range.end),
        }
    }

    pub(crate) fn get(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub(crate) fn start(self) -> u32 {
        self.start
    }

    pub(crate) fn end(self) -> u32 {
        self.end
    }
}

/// A sentence: a range of its block's prose text.
#[derive(Debug, Clone)]
pub struct Sentence {
    block: u32,
    range: Range32,
    words: Range32,
}

impl Sentence {
    /// The index of its block in [`Document::blocks`].
    pub fn block(&self) -> usize {
        self.block as usize
    }

    /// Its range of the block's prose text.
    pub fn range(&self) -> Range<usize> {
        self.range.get()
    }

    /// Indexes into [`Document::words`] of its words.
    pub fn words(&self) -> Range<usize> {
        self.words.get()
    }
}

/// A word (or a placeholder token): a range of its block's prose text.
///
/// 8 bytes: a document holds one for every five or six bytes of news
/// text, the largest part of a check's memory. Its block is not held: the
/// words are in the order of their blocks, so the document finds it from
/// the word's place among them ([`Document::word_block`]), which is why a
/// word is not `Clone`: a copy has no place among them.
#[derive(Debug)]
pub struct Word {
    start: u32,
    /// The end of its range, with [`PLACEHOLDER_BIT`] set when the token
    /// stands for non-prose (code, a URL). No text is over
    /// [`MAX_TEXT_SIZE`](crate::source::MAX_TEXT_SIZE) bytes, so an offset
    /// never reaches that bit.
    end: u32,
}

/// The bit of [`Word::end`] that marks a placeholder token.
const PLACEHOLDER_BIT: u32 = 1 << 31;

const _: () = assert!(std::mem::size_of::<Word>() == 8);
const _: () = assert!(crate::source::MAX_TEXT_SIZE <= PLACEHOLDER_BIT as u64);

impl Word {
    fn new(range: Range<usize>, placeholder: bool) -> Self {
        let end = to_u32(range.end);
        assert!(end < PLACEHOLDER_BIT, "texts are under 2^31 bytes");
        Word {
            start: to_u32(range.start),
            end: if placeholder {
                end | PLACEHOLDER_BIT
            } else {
                end
            },
        }
    }

    /// The token stands for non-prose (code, a URL).
    pub fn placeholder(&self) -> bool {
        self.end & PLACEHOLDER_BIT != 0
    }

    /// Its range of the block's prose text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..(self.end & !PLACEHOLDER_BIT) as usize
    }
}

/// A parsed article.
#[derive(Debug)]
pub struct Document<'s> {
    pub source: &'s SourceFile,
    pub format: Format,
    pub blocks: Vec<Block<'s>>,
    pub sentences: Vec<Sentence>,
    pub words: Vec<Word>,
    /// The key of each word, in the order of `words` (`lang::fnv::word_key`
    /// of its spelling, 0 for none): hashed as the words are found
    /// (`segment::words_keyed`). The rules that look every word up turn most words away by
    /// their key alone. Taken by the check that reads them
    /// ([`Document::take_word_keys`]), which lets them go once no rule
    /// still to run reads them.
    word_keys: std::sync::Mutex<Vec<u32>>,
    /// Source spans of direct quotations ("…", “…”), sorted; a quotation
    /// left open at the end of a paragraph runs to its end, as news style
    /// continues a quote into the next paragraph.
    pub quotes: Vec<Span>,
    /// The blocks' spans follow each other in the source without
    /// overlapping, so the block holding an offset can be searched for.
    pub in_source_order: bool,
}

impl<'s> Document<'s> {
    /// Parses `source` in `format`.
    pub fn parse(source: &'s SourceFile, format: Format, settings: &ArticleSettings) -> Self {
        let mut blocks = format.blocks(source, settings);
        // Held for the whole check: no room left over from growing.
        blocks.shrink_to_fit();
        shape::mark_by_shape(&mut blocks);
        let mut doc = Document {
            source,
            format,
            blocks,
            sentences: Vec::new(),
            words: Vec::new(),
            word_keys: Default::default(),
            quotes: Vec::new(),
            in_source_order: false,
        };
        doc.in_source_order = doc
            .blocks
            .windows(2)
            .all(|pair| pair[0].span.end <= pair[1].span.start);
        doc.segment();
        doc.sentences.shrink_to_fit();
        doc.words.shrink_to_fit();
        doc.find_quotations();
        if format.guesses_captions() {
            doc.mark_repeated_standalone_blocks_as_captions();
        }
        doc
    }

    /// The key of each word (see the field), taken from the document: the
    /// check that takes them holds them while its rules read them (see
    /// `rules::Shared::word_keys`). Taken a second time (another check of
    /// the same document), they are hashed again as the parse did.
    pub(crate) fn take_word_keys(&self) -> Vec<u32> {
        let mut held = self
            .word_keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match std::mem::take(&mut *held) {
            keys if keys.len() == self.words.len() => keys,
            _ => {
                let mut keys = Vec::with_capacity(self.words.len());
                for block in &self.blocks {
                    segment::words_keyed(block.text(), |_, _, key| keys.push(key));
                }
                keys
            }
        }
    }

    /// The text of a word of [`Document::words`].
    pub fn word_text(&self, word: &Word) -> &str {
        &self.blocks[self.word_block(word)].text()[word.range()]
    }

    /// The index in [`Document::words`] of `word`, which must be one of
    /// them (a reference into that list, not a copy).
    pub fn word_index(&self, word: &Word) -> usize {
        let size = std::mem::size_of::<Word>();
        let offset = (word as *const Word as usize).wrapping_sub(self.words.as_ptr() as usize);
        let index = offset / size;
        assert!(
            offset.is_multiple_of(size) && index < self.words.len(),
            "a word of this document"
        );
        index
    }

    /// The index in [`Document::blocks`] of the block of `word`, one of
    /// [`Document::words`]: the first block whose words end after it (the
    /// blocks' words follow each other in order).
    pub fn word_block(&self, word: &Word) -> usize {
        let index = self.word_index(word);
        self.blocks
            .partition_point(|b| b.words.end() as usize <= index)
    }

    /// The text of a sentence.
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.blocks[sentence.block()].text()[sentence.range()]
    }

    /// Source span of a sentence.
    pub fn sentence_span(&self, sentence: &Sentence) -> Span {
        self.blocks[sentence.block()]
            .prose
            .to_source(sentence.range())
    }

    pub fn block_sentences(&self, block: &Block) -> &[Sentence] {
        &self.sentences[block.sentences()]
    }

    fn segment(&mut self) {
        // Every block has a sentence and a word at least: room for that
        // much at once spares the first doublings of both vectors.
        self.sentences.reserve(self.blocks.len());
        self.words.reserve(self.blocks.len());
        let keys = self
            .word_keys
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        keys.reserve(self.blocks.len());
        let mut ranges = Vec::new();
        for (index, block) in self.blocks.iter_mut().enumerate() {
            let index = to_u32(index);
            let sentences_start = self.sentences.len();
            let words_start = self.words.len();
            segment::words_keyed(block.text(), |range, placeholder, key| {
                self.words.push(Word::new(range, placeholder));
                keys.push(key);
            });
            block.words = Range32::new(words_start..self.words.len());
            let mut word = words_start;
            segment::sentences_into(block.text(), &mut ranges);
            for range in ranges.drain(..) {
                let first = word;
                // The sentence's words: those that start before its end.
                word += self.words[word..]
                    .iter()
                    .take_while(|w| w.range().start < range.end)
                    .count();
                self.sentences.push(Sentence {
                    block: index,
                    range: Range32::new(range),
                    words: Range32::new(first..word),
                });
            }
            block.sentences = Range32::new(sentences_start..self.sentences.len());
        }
        keys.shrink_to_fit();
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
            let mut open: Option<usize> = None;
            // Only the quotation marks are decoded: `"` and the characters
            // that start with 0xE2 (`“`, `”` and other punctuation). A
            // block without them is passed over in one search of its bytes,
            // where asking first whether it holds any decoded every
            // character.
            let mut at = 0;
            while let Some(found) = memchr::memchr2(b'"', 0xE2, &text.as_bytes()[at..]) {
                let i = at + found;
                let c = text[i..].chars().next().expect("a char boundary");
                at = i + c.len_utf8();
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
            let lo = i.saturating_sub(NEARBY);
            let hi = (i + NEARBY + 1).min(self.blocks.len());
            // Normalised only when a neighbour could hold it: in a run of
            // short paragraphs, none can.
            let mut key = None;
            let repeats = (lo..hi).filter(|&j| j != i).any(|j| {
                let other = &self.blocks[j];
                if !other.kind.is_body() || other.sentences().len() <= block.sentences().len() {
                    return false;
                }
                let key = key.get_or_insert_with(|| normalize_for_compare(block.text()));
                self.block_sentences(other)
                    .iter()
                    .any(|s| normalize_for_compare(self.sentence_text(s)) == *key)
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
pub(crate) fn kinds_and_texts(blocks: Vec<Block<'_>>) -> Vec<(BlockKind, String)> {
    blocks
        .into_iter()
        .map(|b| (b.kind, b.text().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_keeps_its_range_and_placeholder_mark_to_the_largest_offset() {
        let last = crate::source::MAX_TEXT_SIZE as usize;
        for (range, placeholder) in [(0..1, false), (3..6, true), (last - 7..last, true)] {
            let word = Word::new(range.clone(), placeholder);
            assert_eq!(word.range(), range);
            assert_eq!(word.placeholder(), placeholder);
        }
    }

    #[test]
    fn each_word_is_found_in_its_block() {
        let text = "# A title\n\nFirst `code` para.\n\n---\n\nSecond one, <https://x.org> here.\n\n- a list\n";
        let source = SourceFile::new("w.md", text);
        let doc = Document::parse(&source, Format::MARKDOWN, &ArticleSettings::default());
        assert!(doc.blocks.len() >= 4);
        let mut seen = 0;
        for (b, block) in doc.blocks.iter().enumerate() {
            for i in block.words() {
                let word = &doc.words[i];
                assert_eq!(doc.word_index(word), i);
                assert_eq!(doc.word_block(word), b);
                assert_eq!(doc.word_text(word), &block.text()[word.range()]);
                seen += 1;
            }
        }
        assert_eq!(seen, doc.words.len());
        let marked: Vec<&str> = doc
            .words
            .iter()
            .filter(|w| w.placeholder())
            .map(|w| doc.word_text(w))
            .collect();
        assert_eq!(marked, [PLACEHOLDER.to_string(), PLACEHOLDER.to_string()]);
    }

    #[test]
    #[should_panic(expected = "a word of this document")]
    fn a_copied_word_is_not_taken_for_one_of_the_document() {
        let source = SourceFile::new("w.txt", "One two three.");
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        // `Word` is not `Clone`: a copy is made as the parser makes one.
        let copy = Word::new(doc.words[1].range(), false);
        doc.word_block(&copy);
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
}
