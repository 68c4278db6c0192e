//! What a `.vale.ini` tells every Vale rule to leave alone, shared by all
//! the rules of one configuration and compiled once for it, on first use
//! (the places they mask in a document are found once per document, by the
//! check's shared work, `rules::shared::Shared`):
//! each section's `TokenIgnores` and `BlockIgnores` (regexes over the file
//! as written), and `IgnoredScopes` / `SkippedScopes`, the HTML elements
//! whose text Vale does not lint (inline ones: `code`, `tt`, `kbd` unless
//! set; blocks: `script`, `style`, `pre`, `figure`, `noscript`, `iframe`
//! unless set). Vale renders every format to HTML to find them; galley
//! finds them as written: HTML elements (in an HTML file, or inline HTML
//! in Markdown) and, in Markdown, the syntax that renders as one, as
//! Vale's renderer writes it (`**strong**` is `strong`, never `b`; a link
//! `a`, `> …` `blockquote`, a list item `li`, `# …` `h1`, an image's alt
//! text `alt`…).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fancy_regex::Regex;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

use super::regex::{self, Lazy};
use super::section::Section as Glob;
use crate::document::Format;

/// Vale's `IgnoredScopes` when the `.vale.ini` does not set it.
pub const IGNORED_SCOPES: [&str; 3] = ["tt", "code", "kbd"];
/// Vale's `SkippedScopes` when the `.vale.ini` does not set it.
pub const SKIPPED_SCOPES: [&str; 6] = ["script", "style", "pre", "figure", "noscript", "iframe"];

/// What one `.vale.ini` section tells Vale to leave alone in its files:
/// inline text (`TokenIgnores`) and whole blocks (`BlockIgnores`), both
/// regexes over the file as written, checked when the configuration is
/// loaded (with `(?m)` in front, as Vale compiles them).
#[derive(Debug, Clone)]
pub struct Ignores {
    /// The section's glob, matched relative to `root` (see
    /// [`crate::vale::section`]).
    pub glob: String,
    /// The `.vale.ini`'s folder, absolute.
    pub root: PathBuf,
    /// The `TokenIgnores` and `BlockIgnores`, in that order.
    pub regexes: Vec<Lazy>,
}

/// Everything a configuration masks, with its compiled form.
#[derive(Debug, Default)]
pub struct Masks {
    pub sections: Vec<Ignores>,
    /// The elements of `IgnoredScopes` and `SkippedScopes`, lowercased.
    pub tags: Vec<String>,
    compiled: OnceLock<Compiled>,
}

/// A file's masked places: a finding that touches one of `tokens` (the
/// ignores' matches) is dropped; one that lies inside one of `elements`
/// too (a finding around an element, a heading's with its inline code,
/// stays, as in Vale, which masks the element's text but still reads the
/// rest).
#[derive(Debug, Clone, Default)]
pub struct Masked {
    pub tokens: Vec<Range<usize>>,
    pub elements: Vec<Range<usize>>,
}

impl Masked {
    /// Whether a finding at `span` is masked.
    pub fn hides(&self, span: &Range<usize>) -> bool {
        let end = span.end.max(span.start + 1);
        self.tokens
            .iter()
            .any(|r| r.start < end && span.start < r.end)
            || self
                .elements
                .iter()
                .any(|r| r.start <= span.start && span.end <= r.end)
    }
}

#[derive(Debug)]
struct Compiled {
    /// Each section with ignores: its glob, and its index in `sections`.
    sections: Vec<(Glob, usize)>,
    /// One regex per element: `<tag …>…</tag>`.
    elements: Vec<Regex>,
}

impl Masks {
    pub fn new(sections: Vec<Ignores>, tags: Vec<String>) -> Masks {
        Masks {
            sections,
            tags,
            ..Masks::default()
        }
    }

    /// The places of a file (`text`, at `path`, in `format`) that the
    /// configuration masks. Elements are looked for only in HTML and
    /// Markdown: Vale lints other files (`.txt`) as plain text.
    pub fn ranges(&self, path: &Path, text: &str, format: Format) -> Masked {
        let markdown = format == Format::MARKDOWN;
        let compiled = self.compiled.get_or_init(|| self.compile());
        let mut out = Masked::default();
        // Vale applies them to the markup it renders itself (Markdown,
        // reStructuredText, AsciiDoc, Org): not to plain text, and not to
        // HTML, which it walks as it is.
        if markdown {
            for (glob, index) in &compiled.sections {
                if glob.matches(path) {
                    for regex in &self.sections[*index].regexes {
                        out.tokens.extend(regex::find_all(regex, text));
                    }
                }
            }
        }
        if markdown || format == Format::HTML {
            for regex in &compiled.elements {
                out.elements.extend(find_all(regex, text));
            }
        }
        if markdown && !self.tags.is_empty() {
            out.elements.extend(markdown_elements(text, &self.tags));
        }
        out
    }

    fn compile(&self) -> Compiled {
        // The ignores' regexes were checked when the configuration was
        // loaded and compile on first use (one that fails then masks
        // nothing, with a warning).
        let build = |source: &str| {
            fancy_regex::RegexBuilder::new(source)
                .backtrack_limit(100_000)
                .build()
                .ok()
        };
        let sections = self
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.regexes.is_empty())
            .filter_map(|(i, s)| Some((Glob::new(&s.glob, &s.root).ok()?, i)))
            .collect();
        let elements = self
            .tags
            .iter()
            .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .filter_map(|t| build(&format!(r"(?is)<{t}\b[^>]*>.*?</{t}\s*>")))
            .collect();
        Compiled { sections, elements }
    }
}

/// Every match of `regex` in `text` (a regex that gives up stops there).
fn find_all(regex: &Regex, text: &str) -> Vec<Range<usize>> {
    regex
        .find_iter(text)
        .map_while(Result::ok)
        .map(|m| m.range())
        .collect()
}

/// The HTML elements Markdown syntax renders as, by name, as Vale's
/// renderer (goldmark) writes them: `strong`, `em`, `del`, `code`.
fn element_names(tag: &Tag) -> &'static [&'static str] {
    match tag {
        Tag::Strong => &["strong"],
        Tag::Emphasis => &["em"],
        Tag::Strikethrough => &["del"],
        Tag::Link { .. } => &["a"],
        Tag::Image { .. } => &["img", "alt"],
        Tag::BlockQuote(_) => &["blockquote"],
        Tag::Item => &["li"],
        Tag::List(Some(_)) => &["ol"],
        Tag::List(None) => &["ul"],
        Tag::Paragraph => &["p"],
        Tag::Table(_) => &["table"],
        Tag::TableHead => &["th"],
        Tag::TableCell => &["td"],
        Tag::CodeBlock(_) => &["pre", "code"],
        Tag::Heading { level, .. } => match level {
            HeadingLevel::H1 => &["h1"],
            HeadingLevel::H2 => &["h2"],
            HeadingLevel::H3 => &["h3"],
            HeadingLevel::H4 => &["h4"],
            HeadingLevel::H5 => &["h5"],
            HeadingLevel::H6 => &["h6"],
        },
        _ => &[],
    }
}

/// The places of a Markdown file whose syntax renders as one of `tags`.
fn markdown_elements(text: &str, tags: &[String]) -> Vec<Range<usize>> {
    let wanted = |names: &[&str]| names.iter().any(|n| tags.iter().any(|t| t == n));
    let mut out = Vec::new();
    for (event, range) in
        Parser::new_ext(text, crate::document::MARKDOWN_OPTIONS).into_offset_iter()
    {
        match event {
            Event::Start(tag) if wanted(element_names(&tag)) => out.push(range),
            Event::Code(_) if wanted(&["code"]) => out.push(range),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked<'t>(text: &'t str, tags: &[&str], format: Format) -> Vec<&'t str> {
        let masks = Masks::new(Vec::new(), tags.iter().map(|t| t.to_string()).collect());
        masks
            .ranges(Path::new("a.md"), text, format)
            .elements
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn elements_are_found_as_html_and_as_markdown() {
        let text = "Press <kbd>Ctrl</kbd> and **stop** [here](x).\n\n> Quoted.\n";
        assert_eq!(
            masked(text, &["kbd"], Format::MARKDOWN),
            ["<kbd>Ctrl</kbd>"]
        );
        // Vale's renderer writes `**` as strong, `*` as em, `~~` as del
        // and backticks as code: never b, i, s or tt.
        assert_eq!(masked(text, &["strong"], Format::MARKDOWN), ["**stop**"]);
        let styled = "A **b** and *i* and ~~s~~ and `tt`.\n";
        let none: [&str; 0] = [];
        assert_eq!(
            masked(styled, &["b", "i", "s", "tt"], Format::MARKDOWN),
            none
        );
        assert_eq!(
            masked(styled, &["em", "del", "code"], Format::MARKDOWN),
            ["*i*", "~~s~~", "`tt`"]
        );
        assert_eq!(
            masked(text, &["a", "blockquote"], Format::MARKDOWN),
            ["[here](x)", "> Quoted.\n"]
        );
        // HTML: only the HTML element; plain text: none.
        assert_eq!(
            masked(text, &["kbd", "a"], Format::HTML),
            ["<kbd>Ctrl</kbd>"]
        );
        assert!(masked(text, &["kbd", "a"], Format::TEXT).is_empty());
    }

    #[test]
    fn a_finding_around_an_element_stays() {
        let m = Masked {
            tokens: std::iter::once(20..25).collect(),
            elements: std::iter::once(5..10).collect(),
        };
        assert!(m.hides(&(6..8)) && m.hides(&(5..10)) && m.hides(&(22..30)));
        assert!(!m.hides(&(0..12)) && !m.hides(&(10..20)));
    }
}
