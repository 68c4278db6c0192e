//! HTML articles (a CMS export, a saved page), tokenized with html5gum, whose
//! spans map every text run back to the source. `<title>` and the first
//! `<h1>` are the title, `<h2>`–`<h6>` headings, `<p>` paragraphs,
//! `<figcaption>` and `<img alt>` captions, elements whose class or itemprop
//! says byline/author/credit bylines and credits, `<blockquote>` quotes and
//! `<li>` list items. `<script>`, `<style>`, `<code>`, `<pre>`, comments and
//! the like are never prose. Entities are decoded without losing positions.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use std::path::Path;

use super::{ArticleSettings, Block, BlockKind, InputFormat, ProseText};
use crate::source::{Loaded, SourceError, SourceFile, Span};

/// HTML: a CMS export or a saved page.
pub struct Html;

impl InputFormat for Html {
    fn name(&self) -> &'static str {
        "HTML"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm", "xhtml"]
    }

    /// Text, as any text file; but a truncated file is refused.
    fn load(
        &self,
        path: &Path,
        bytes: Vec<u8>,
        _limit: Option<u64>,
    ) -> Result<Loaded, SourceError> {
        let loaded = SourceFile::from_bytes(path, bytes)?;
        if let Loaded::Text(source) = &loaded
            && let Some(reason) = fatal_error(&source.text)
        {
            return Err(SourceError::Malformed(reason));
        }
        Ok(loaded)
    }

    fn blocks<'s>(&self, source: &'s SourceFile, settings: &ArticleSettings) -> Vec<Block<'s>> {
        parse(&source.text, settings)
    }
}

/// Elements whose content is never prose.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "code",
    "pre",
    "kbd",
    "samp",
    "template",
    "svg",
    "math",
    "noscript",
    "textarea",
    "iframe",
    "object",
    "head_meta",
];

/// Elements that start and end a block of their own.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dd",
    "dt",
    "td",
    "th",
    "figcaption",
    "caption",
    "title",
    "blockquote",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "figure",
    "ul",
    "ol",
    "table",
    "tr",
    "body",
    "html",
    "address",
    "nav",
];

pub fn parse(text: &str, settings: &ArticleSettings) -> Vec<Block<'static>> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Switch to raw-text states after <script>, <style>, <title>…, as a
    // browser's tree builder would.
    emitter.naively_switch_states(true);
    let mut b = Builder {
        settings,
        blocks: Vec::new(),
        current: None,
        skip: Vec::new(),
        quote_depth: 0,
        item_depth: 0,
        furniture: Vec::new(),
        title_seen: false,
    };
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if SKIPPED.contains(&name.as_str()) {
                    b.flush();
                    if !tag.self_closing {
                        b.skip.push(name);
                    }
                    continue;
                }
                if !b.skip.is_empty() {
                    continue;
                }
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| (String::from_utf8_lossy(&v.value).to_string(), v.span))
                };
                if name == "img" {
                    if let Some((alt, span)) = attr("alt") {
                        let mut prose = ProseText::default();
                        push_decoded(&mut prose, text, Span::new(span.start, span.end), &alt);
                        b.blocks.extend(Block::new(BlockKind::Caption, prose));
                    }
                    b.prose()
                        .push_placeholder(Span::new(tag.span.start, tag.span.end));
                    continue;
                }
                // <q> is a quotation: its marks stand in the prose text, so
                // quotations are a scope in HTML as in text.
                if name == "q" {
                    b.prose()
                        .push_synthetic("“", Span::new(tag.span.start, tag.span.end));
                    continue;
                }
                if name == "br" {
                    b.prose()
                        .push_synthetic("\n", Span::new(tag.span.start, tag.span.end));
                    continue;
                }
                // An element marked as furniture (byline, credit, dateline, pull
                // quote) by class, itemprop or role.
                let marker = [attr("class"), attr("itemprop"), attr("rel"), attr("role")]
                    .into_iter()
                    .flatten()
                    .map(|(v, _)| v.to_lowercase())
                    .find_map(|v| {
                        if v.contains("byline") || v.contains("author") {
                            Some(BlockKind::Byline)
                        } else if v.contains("dateline") {
                            Some(BlockKind::Dateline)
                        } else if v.contains("pullquote")
                            || v.contains("pull-quote")
                            || v.contains("pull_quote")
                        {
                            Some(BlockKind::PullQuote)
                        } else if v.contains("credit") {
                            Some(BlockKind::Credit)
                        } else {
                            None
                        }
                    });
                if let Some(kind) = marker
                    && !tag.self_closing
                {
                    b.flush();
                    b.furniture.push((name.clone(), kind));
                    b.current = Some((kind, ProseText::default()));
                    continue;
                }
                if BLOCKS.contains(&name.as_str()) {
                    b.flush();
                    match name.as_str() {
                        "blockquote" => b.quote_depth += 1,
                        "li" => b.item_depth += 1,
                        _ => {}
                    }
                    let kind = b.kind_for(&name);
                    if let Some(kind) = kind {
                        b.current = Some((kind, ProseText::default()));
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some(open) = b.skip.last() {
                    if *open == name {
                        b.skip.pop();
                    }
                    continue;
                }
                if name == "q" {
                    b.prose()
                        .push_synthetic("”", Span::new(tag.span.start, tag.span.end));
                    continue;
                }
                if b.furniture.last().is_some_and(|(n, _)| *n == name) {
                    b.flush();
                    b.furniture.pop();
                    continue;
                }
                if BLOCKS.contains(&name.as_str()) {
                    b.flush();
                    match name.as_str() {
                        "blockquote" => b.quote_depth = b.quote_depth.saturating_sub(1),
                        "li" => b.item_depth = b.item_depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            Token::String(s) if b.skip.is_empty() => {
                let value = String::from_utf8_lossy(&s.value).to_string();
                let span = Span::new(s.span.start, s.span.end.min(text.len()));
                push_decoded(b.prose(), text, span, &value);
            }
            _ => {}
        }
    }
    b.flush();
    b.blocks
}

/// Why an HTML file cannot be checked: it ends inside a tag, a comment or a
/// script (a truncated or mangled file). Other markup errors are recovered
/// from as a browser would, since CMS exports are full of them.
pub fn fatal_error(text: &str) -> Option<String> {
    let emitter = DefaultEmitter::<usize>::new_with_span();
    Tokenizer::new_with_emitter(text, emitter)
        .flatten()
        .find_map(|token| match token {
            Token::Error(e) if e.value.as_str().starts_with("eof-") => Some(format!(
                "malformed HTML: the file ends inside markup ({}) at byte {}; is it truncated?",
                e.value.as_str(),
                e.span.start
            )),
            _ => None,
        })
}

struct Builder<'a> {
    settings: &'a ArticleSettings,
    blocks: Vec<Block<'static>>,
    current: Option<(BlockKind, ProseText<'static>)>,
    /// Open elements whose content is skipped.
    skip: Vec<String>,
    quote_depth: usize,
    item_depth: usize,
    /// Open byline/credit elements.
    furniture: Vec<(String, BlockKind)>,
    title_seen: bool,
}

impl Builder<'_> {
    fn kind_for(&mut self, name: &str) -> Option<BlockKind> {
        if let Some((_, kind)) = self.furniture.last() {
            return Some(*kind);
        }
        Some(match name {
            "title" | "h1" if !self.title_seen => {
                self.title_seen = true;
                BlockKind::Title
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
            "figcaption" | "caption" => BlockKind::Caption,
            "li" | "dd" | "dt" => BlockKind::ListItem,
            _ if self.quote_depth > 0 => BlockKind::Quote,
            _ if self.item_depth > 0 => BlockKind::ListItem,
            _ => BlockKind::Paragraph,
        })
    }

    fn prose(&mut self) -> &mut ProseText<'static> {
        if self.current.is_none() {
            let kind = match self.furniture.last() {
                Some((_, kind)) => *kind,
                None if self.quote_depth > 0 => BlockKind::Quote,
                None if self.item_depth > 0 => BlockKind::ListItem,
                None => BlockKind::Paragraph,
            };
            self.current = Some((kind, ProseText::default()));
        }
        &mut self.current.as_mut().expect("set above").1
    }

    fn flush(&mut self) {
        let Some((mut kind, prose)) = self.current.take() else {
            return;
        };
        // Whitespace between tags is not a block.
        if prose.as_str().trim().is_empty() {
            return;
        }
        if kind == BlockKind::Paragraph
            && let Some(furniture) = self.settings.furniture_kind(prose.as_str().trim())
            && !prose.as_str().trim().contains('\n')
        {
            kind = furniture;
        }
        // HTML collapses whitespace: trim the block to its text.
        let text = prose.as_str();
        let start = text.len() - text.trim_start().len();
        let end = text.trim_end().len();
        self.blocks.extend(Block::new(kind, prose.sub(start..end)));
    }
}

/// Pushes a decoded text run whose source is `span`: verbatim where the
/// source holds the same text, entities (`&amp;`, `&nbsp;`, `&#8217;`) as
/// synthetic pieces over their own source, so positions stay exact.
fn push_decoded(prose: &mut ProseText<'static>, source: &str, span: Span, decoded: &str) {
    let Some(raw) = source.get(span.range()) else {
        prose.push_synthetic(decoded, span);
        return;
    };
    if raw == decoded {
        prose.push_source(span.start, raw);
        return;
    }
    let mut pieces = ProseText::default();
    let (mut si, mut vi) = (0, 0);
    while si < raw.len() {
        let entity_end = raw[si..]
            .starts_with('&')
            .then(|| raw[si..].find(';').filter(|&e| e <= 40))
            .flatten();
        if let Some(e) = entity_end {
            // The text after the entity, up to the next one, is verbatim:
            // where it resumes in the decoded text ends the entity's value.
            let after = si + e + 1;
            let run_end = raw[after..].find('&').map_or(raw.len(), |i| after + i);
            let run = &raw[after..run_end];
            let value_len = if run.is_empty() {
                if run_end == raw.len() {
                    decoded.len() - vi
                } else {
                    decoded[vi..].chars().next().map_or(0, char::len_utf8)
                }
            } else {
                match decoded[vi..].find(run) {
                    Some(k) => k,
                    None => break,
                }
            };
            pieces.push_synthetic(
                &decoded[vi..vi + value_len],
                Span::new(span.start + si, span.start + after),
            );
            si = after;
            vi += value_len;
        } else {
            // The run starts at a character that is not an entity's `&`.
            let next = si + raw[si..].chars().next().map_or(1, char::len_utf8);
            let run_end = raw[next..].find('&').map_or(raw.len(), |i| next + i);
            let run = &raw[si..run_end];
            if !decoded[vi..].starts_with(run) {
                break;
            }
            pieces.push_source(span.start + si, run);
            si = run_end;
            vi += run.len();
        }
    }
    if si == raw.len() && vi == decoded.len() {
        prose.append(pieces);
    } else {
        // Could not align (an unusual entity): the run stands whole.
        prose.push_synthetic(decoded, span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        crate::document::kinds_and_texts(parse(text, &ArticleSettings::default()))
    }

    #[test]
    fn structure_of_an_html_article() {
        let html = r#"<!doctype html><html><head><title>Leaders Sign Pact</title><style>p { the: the }</style></head>
<body><h1>Leaders Sign Pact</h1><p class="byline">By: Jane Roe</p>
<p>The two presidents <em>sighed</em> the agreement. It was done.</p>
<figure><img src="a.jpg" alt="The signing ceremony"><figcaption>The two presidents at the table</figcaption></figure>
<blockquote><p>A good day, she said.</p></blockquote><ul><li>first point</li></ul>
<pre>the the</pre><script>var the = "the the";</script><!-- the the -->
<p>Photo: Ann Lee</p></body></html>"#;
        assert_eq!(
            kinds(html),
            [
                (BlockKind::Title, "Leaders Sign Pact".into()),
                (BlockKind::Heading, "Leaders Sign Pact".into()),
                (BlockKind::Byline, "By: Jane Roe".into()),
                (
                    BlockKind::Paragraph,
                    "The two presidents sighed the agreement. It was done.".into()
                ),
                (BlockKind::Caption, "The signing ceremony".into()),
                (BlockKind::Caption, "The two presidents at the table".into()),
                (BlockKind::Quote, "A good day, she said.".into()),
                (BlockKind::ListItem, "first point".into()),
                (BlockKind::Credit, "Photo: Ann Lee".into()),
            ]
        );
    }

    /// Regression (found by proptest): a text run starting with a
    /// multi-byte character was sliced inside it.
    #[test]
    fn text_starting_with_a_multibyte_character() {
        let html = "<p>é'The &amp; more</p>";
        assert_eq!(
            parse(html, &ArticleSettings::default())[0].text(),
            "é'The & more"
        );
    }

    #[test]
    fn q_elements_are_quotations_and_truncated_files_are_errors() {
        let html = "<p>She said <q>the plan works</q> today.</p>";
        let source = crate::source::SourceFile::new("q.html", html);
        let doc = crate::document::Document::parse(
            &source,
            crate::document::Format::HTML,
            &ArticleSettings::default(),
        );
        assert_eq!(doc.blocks[0].text(), "She said “the plan works” today.");
        assert_eq!(source.slice(doc.quotes[0]), "<q>the plan works</q>");
        assert!(fatal_error(html).is_none());
        assert!(
            fatal_error("<p>Cut off in the mid<a href=\"x")
                .unwrap()
                .contains("eof-in-tag")
        );
        assert!(fatal_error("<p>Unclosed <b>tags</p> are fine").is_none());
    }

    #[test]
    fn entities_keep_exact_positions() {
        let html = "<p>Tom &amp; Jerry&nbsp;sighed the deal &#8212; twice.</p>";
        let blocks = parse(html, &ArticleSettings::default());
        let prose = &blocks[0].prose;
        assert_eq!(
            prose.as_str(),
            "Tom & Jerry\u{a0}sighed the deal \u{2014} twice."
        );
        let at = prose.as_str().find("sighed").unwrap();
        let span = prose.to_source_exact(at..at + 6).unwrap();
        assert_eq!(&html[span.range()], "sighed");
        let amp = prose.as_str().find('&').unwrap();
        assert_eq!(&html[prose.to_source(amp..amp + 1).range()], "&amp;");
    }
}
