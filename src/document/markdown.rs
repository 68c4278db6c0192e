//! Markdown articles, parsed with pulldown-cmark. Code (blocks and inline),
//! raw HTML, comments and front matter are never prose; image alt text and a
//! line directly under an image are captions.

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use regex::Regex;
use smallvec::SmallVec;

use super::{ArticleSettings, Block, BlockKind, InputFormat, PLACEHOLDER, ProseText};
use crate::source::{SourceFile, Span};

/// Markdown: `.md`, front matter included.
pub struct Markdown;

impl InputFormat for Markdown {
    fn name(&self) -> &'static str {
        "Markdown"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["md", "markdown", "mdown", "mkd"]
    }

    fn blocks<'s>(&self, source: &'s SourceFile, settings: &ArticleSettings) -> Vec<Block<'s>> {
        parse(&source.text, settings)
    }
}

/// Most words a line under an image may have and still be its caption.
const MAX_CAPTION_WORDS: usize = 40;

/// The Markdown galley reads: CommonMark with tables, footnotes,
/// strikethrough, task lists and front matter. Everything that parses an
/// article's Markdown (its blocks, its suppression comments) uses these, so
/// the two cannot read one text two ways.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);

pub fn parse<'s>(text: &'s str, settings: &ArticleSettings) -> Vec<Block<'s>> {
    let mut builder = Builder {
        settings,
        blocks: Vec::new(),
        current: None,
        alt: None,
        skip_depth: 0,
        quote_depth: 0,
        item_depth: 0,
        title_seen: false,
        after_image: false,
        image_only: true,
        metadata: None,
    };
    let mut code = Vec::new();
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        let span = Span::new(range.start, range.end);
        if let Event::Start(Tag::CodeBlock(_)) | Event::Code(_) = event {
            code.push(span);
        }
        builder.event(event, span, text);
    }
    builder.flush();
    builder.blocks.extend(figure_captions(text, &code));
    builder.blocks
}

/// Blocks from front matter fields (`title: …`, `author: "By: …"`): each
/// top-level field whose key the settings map to a block kind becomes a block
/// of that kind, spanning the value (quotes excluded). YAML (`---`) and TOML
/// (`+++`); values that are lists, tables or multi-line are not read.
fn front_matter_fields(
    text: &str,
    start: usize,
    kind: MetadataBlockKind,
    settings: &ArticleSettings,
) -> Vec<Block<'static>> {
    let separator = match kind {
        MetadataBlockKind::YamlStyle => ':',
        MetadataBlockKind::PlusesStyle => '=',
    };
    let mut blocks = Vec::new();
    let mut offset = start;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.starts_with(char::is_whitespace) {
            continue; // nested: not a top-level field
        }
        let Some((key, value)) = content.split_once(separator) else {
            continue;
        };
        let Some(block_kind) = settings.front_matter_kind(key.trim()) else {
            continue;
        };
        let value_start = line_start + key.len() + 1 + (value.len() - value.trim_start().len());
        let value = value.trim();
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)));
        let (inner, inner_start) = match unquoted {
            Some(inner) => (inner, value_start + 1),
            None => (value, value_start),
        };
        // Escapes would make the value differ from its source: skip those.
        if inner.is_empty() || inner.starts_with(['[', '{', '|', '>']) || inner.contains('\\') {
            continue;
        }
        let mut prose = ProseText::default();
        prose.push_source(inner_start, inner);
        blocks.extend(Block::new(block_kind, prose).map(|mut b| {
            b.field = Some(key.trim().into());
            b
        }));
    }
    blocks
}

/// Captions given by markup rather than prose: Hugo figure shortcodes
/// (`{{< figure src="…" caption="…" >}}`) and HTML `<figcaption>` (in raw
/// HTML inside Markdown); none inside code.
fn figure_captions(text: &str, code: &[Span]) -> Vec<Block<'static>> {
    static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?s)\{\{[<%]\s*figure\b[^}]*?\bcaption\s*=\s*"(?P<shortcode>[^"]*)"|<figcaption[^>]*>(?P<html>.*?)</figcaption>"#,
        )
        .expect("built-in figure pattern is valid")
    });
    // A shortcode starts `{{`, a caption `<figcaption`: a document with
    // neither (most; "figure" alone is common prose) is not searched, and
    // the pattern is not compiled (0.8 million instructions). memchr's
    // search is many times faster than `str::contains` on a whole document.
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"{{").is_none()
        && memchr::memmem::find(bytes, b"<figcaption").is_none()
    {
        return Vec::new();
    }
    let mut blocks = Vec::new();
    for caps in FIGURE.captures_iter(text) {
        let Some(m) = caps.name("shortcode").or(caps.name("html")) else {
            continue;
        };
        if code
            .iter()
            .any(|c| c.start <= m.start() && m.end() <= c.end)
        {
            continue;
        }
        let mut prose = ProseText::default();
        prose.push_source(m.start(), m.as_str());
        blocks.extend(Block::new(BlockKind::Caption, prose));
    }
    blocks
}

struct Builder<'a, 's> {
    settings: &'a ArticleSettings,
    blocks: Vec<Block<'s>>,
    current: Option<(BlockKind, ProseText<'s>)>,
    /// Alt text of the image being read.
    alt: Option<ProseText<'s>>,
    /// Inside code blocks, HTML blocks or front matter: nothing is prose.
    skip_depth: usize,
    quote_depth: usize,
    item_depth: usize,
    title_seen: bool,
    /// The last block flushed was a paragraph holding only an image.
    after_image: bool,
    /// The current paragraph holds nothing but images so far.
    image_only: bool,
    /// Inside front matter, of this kind.
    metadata: Option<MetadataBlockKind>,
}

impl<'s> Builder<'_, 's> {
    fn event(&mut self, event: Event, span: Span, source: &'s str) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                self.flush();
                self.skip_depth += 1;
                if let Event::Start(Tag::MetadataBlock(kind)) = event {
                    self.metadata = Some(kind);
                }
            }
            Event::Text(text) if self.metadata.is_some() => {
                let kind = self.metadata.expect("checked by the guard");
                if source.get(span.range()) == Some(&*text) {
                    let fields = front_matter_fields(&text, span.start, kind, self.settings);
                    self.blocks.extend(fields);
                }
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
                self.metadata = None;
            }
            _ if self.skip_depth > 0 => {}
            Event::Start(Tag::Paragraph) => {
                let kind = self.container_kind();
                self.begin(kind);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let kind = if level == HeadingLevel::H1 && !self.title_seen {
                    self.title_seen = true;
                    BlockKind::Title
                } else {
                    BlockKind::Heading
                };
                self.begin(kind);
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                self.quote_depth -= 1;
            }
            Event::Start(Tag::Item) => {
                self.item_depth += 1;
                self.begin(BlockKind::ListItem);
            }
            Event::End(TagEnd::Item) => {
                self.flush();
                self.item_depth -= 1;
            }
            Event::Start(Tag::TableCell | Tag::FootnoteDefinition(_)) => {
                self.begin(BlockKind::Paragraph);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition,
            ) => self.flush(),
            Event::Start(Tag::Image { title, .. }) => {
                // The title attribute (`![alt](src "title")`) is a caption too.
                if !title.is_empty() {
                    let mut prose = ProseText::default();
                    let image = &source[span.range()];
                    match image.rfind(&*title) {
                        Some(at) => prose.push_source(span.start + at, &title),
                        None => prose.push_synthetic(&title, span),
                    }
                    self.blocks.extend(Block::new(BlockKind::Caption, prose));
                }
                self.alt = Some(ProseText::default());
            }
            Event::End(TagEnd::Image) => {
                if let Some(alt) = self.alt.take() {
                    self.blocks.extend(Block::new(BlockKind::Caption, alt));
                }
                self.prose().push_placeholder(span);
            }
            Event::Text(text) => {
                if let Some(alt) = &mut self.alt {
                    push_text(alt, &text, span, source);
                } else {
                    self.image_only &= text.trim().is_empty();
                    push_text(self.prose(), &text, span, source);
                }
            }
            Event::Code(_) | Event::FootnoteReference(_) => {
                self.image_only = false;
                match &mut self.alt {
                    Some(alt) => alt.push_placeholder(span),
                    None => self.prose().push_placeholder(span),
                }
            }
            Event::SoftBreak | Event::HardBreak => self.line_break(span),
            Event::Rule => self.flush(),
            // Inline HTML and comments are not prose; neither are math and
            // task markers.
            _ => {}
        }
    }

    fn container_kind(&self) -> BlockKind {
        if self.quote_depth > 0 {
            BlockKind::Quote
        } else if self.item_depth > 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        }
    }

    /// Starts a block; inside a list item, a paragraph continues the item.
    fn begin(&mut self, kind: BlockKind) {
        if kind == BlockKind::ListItem
            && let Some((BlockKind::ListItem, prose)) = &self.current
            && prose.as_str().trim().is_empty()
        {
            return;
        }
        self.flush();
        self.current = Some((kind, ProseText::default()));
        self.image_only = true;
    }

    fn prose(&mut self) -> &mut ProseText<'s> {
        if self.current.is_none() {
            let kind = self.container_kind();
            self.begin(kind);
        }
        &mut self.current.as_mut().expect("begun above").1
    }

    /// A line break right after an image starts the image's caption.
    fn line_break(&mut self, span: Span) {
        if self.alt.is_some() {
            return;
        }
        let has_image = self
            .current
            .as_ref()
            .is_some_and(|(_, p)| p.as_str().contains(PLACEHOLDER));
        if self.image_only && has_image {
            self.current = Some((BlockKind::Caption, ProseText::default()));
            self.image_only = false;
            return;
        }
        self.prose().push_synthetic("\n", span);
    }

    fn flush(&mut self) {
        let Some((mut kind, prose)) = self.current.take() else {
            return;
        };
        let image_only = self.image_only && prose.as_str().contains(PLACEHOLDER);
        if image_only {
            self.after_image = true;
            return;
        }
        let text = prose.as_str();
        if kind == BlockKind::Paragraph {
            // Only a paragraph right after an image is searched for a line
            // break.
            if self.after_image
                && !text.trim().contains('\n')
                && text.split_whitespace().count() <= MAX_CAPTION_WORDS
            {
                kind = BlockKind::Caption;
            } else if let Some(lines) = furniture_lines(self.settings, &prose) {
                for (kind, line) in lines {
                    self.blocks.extend(Block::new(kind, line));
                }
                self.after_image = false;
                return;
            }
        }
        self.after_image = false;
        self.blocks.extend(Block::new(kind, prose));
    }
}

/// If every non-blank line of a paragraph is a byline or credit, those lines
/// with their kinds.
fn furniture_lines<'s>(
    settings: &ArticleSettings,
    prose: &ProseText<'s>,
) -> Option<Vec<(BlockKind, ProseText<'s>)>> {
    // Decide on the text first; split the prose (which allocates) only for
    // real furniture. Each line's kind is kept from that pass: a byline's
    // is found by its pattern, several thousand instructions.
    let text = prose.as_str();
    // The first word of the text is the first word of its first line that
    // is not blank: a paragraph of prose is refused by it before its end
    // is searched for a line break.
    let head = text.trim_start();
    if !head.is_empty() && !settings.may_start_furniture(head) {
        return None;
    }
    let mut kinds: SmallVec<[BlockKind; 4]> = SmallVec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            continue;
        }
        kinds.push(settings.furniture_kind(line)?);
    }
    let lines = prose
        .lines()
        .into_iter()
        .filter(|line| !line.as_str().trim().is_empty());
    Some(kinds.into_iter().zip(lines).collect())
}

/// Pushes a text event: verbatim where the source holds exactly that text,
/// otherwise (escapes, entities) as a synthetic piece over the event's span.
/// The first text of a block is lent by the source, not copied: a
/// paragraph of one line (most) stays so.
fn push_text<'s>(prose: &mut ProseText<'s>, text: &str, span: Span, source: &'s str) {
    if let Some(lent) = source.get(span.range()).filter(|s| *s == text) {
        prose.push_lent(span.start, lent);
    } else {
        prose.push_synthetic(text, span);
    }
}

#[cfg(test)]
mod tests;
