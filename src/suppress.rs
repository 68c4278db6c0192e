//! Suppressions written in the article: an editor's "this is intended".
//!
//! The same HTML-comment syntax works in every format (in plain text the
//! comment stands on a line of its own, and is not prose):
//!
//! - `<!-- galley-disable RULE... -->` … `<!-- galley-enable RULE... -->`
//!   silences the named rules (or packs) on the lines between; with no names,
//!   every rule. An unclosed disable runs to the end of the file.
//! - `<!-- galley-disable-next-line RULE... -->` silences them on the next
//!   non-blank line.
//!
//! Only a real comment counts, as the format's parser sees it: on a line
//! of its own in plain text; in Markdown, on a line of its own in an HTML
//! block (not in code, nor in a `<script>` or `<pre>` block); in HTML, a
//! comment token outside tags, raw-text elements (`script`, `style`,
//! `title`, `textarea`, `xmp`, `iframe`, `noembed`, `noframes`,
//! `noscript`, `plaintext`) and `pre` and `code`.
//!
//! A name that is neither a rule nor a pack is itself reported.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// The id under which problems with suppression comments are reported.
pub const RULE_ID: &str = "suppression";

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*galley-(disable-next-line|disable|enable)\b([^>]*?)\s*-->")
        .expect("built-in suppression pattern is valid")
});

/// Where a suppression comment is a comment: the article's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentSyntax {
    /// Plain text: a comment on a line of its own.
    Text,
    /// Markdown: a comment on a line of its own, outside fenced code.
    Markdown,
    /// HTML: a comment outside a tag and outside `script`, `style`,
    /// `textarea`, `pre` and `code`.
    Html,
}

/// Where a text's comments are, as its format's parser sees them: in
/// Markdown, the HTML blocks pulldown-cmark finds (not code, indented or
/// fenced, and not a `<script>`, `<pre>`, `<style>` or `<textarea>` block,
/// whose `<!--` is their text); in HTML, the comments html5gum's tokenizer
/// finds, switching to raw text after `script`, `style`, `title`,
/// `textarea`, `xmp`, `iframe`, `noembed`, `noscript` and `plaintext`,
/// and outside `pre`, `code` and `noframes`. Found once per file.
struct NotComments {
    syntax: CommentSyntax,
    /// Markdown: the HTML blocks that may hold comments; HTML: the
    /// comments themselves. Sorted by start.
    allowed: Vec<std::ops::Range<usize>>,
}

/// Markdown HTML blocks that start with one of these are raw text (a
/// CommonMark type-1 block): a `<!--` in them is not a comment.
const RAW_HTML_BLOCKS: [&str; 4] = ["script", "pre", "style", "textarea"];

/// HTML elements in which a comment does not count: code, and `noframes`,
/// which the tokenizer does not switch to raw text for.
const NOT_COMMENTS_IN: [&str; 3] = ["pre", "code", "noframes"];

impl NotComments {
    fn new(text: &str, syntax: CommentSyntax) -> Self {
        let allowed = match syntax {
            CommentSyntax::Text => Vec::new(),
            CommentSyntax::Markdown => markdown_html_blocks(text),
            CommentSyntax::Html => html_comments(text),
        };
        NotComments { syntax, allowed }
    }

    /// Whether the comment at `range` of `text` is a comment, not text
    /// that looks like one (in code, a string, or mid-line in plain text).
    fn is_comment(&self, text: &str, range: std::ops::Range<usize>) -> bool {
        let within = |r: &std::ops::Range<usize>| r.start <= range.start && range.end <= r.end;
        match self.syntax {
            CommentSyntax::Text | CommentSyntax::Markdown => {
                if self.syntax == CommentSyntax::Markdown && !self.allowed.iter().any(within) {
                    return false;
                }
                let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[range.end..]
                    .find('\n')
                    .map_or(text.len(), |i| range.end + i);
                text[line_start..range.start].trim().is_empty()
                    && text[range.end..line_end].trim().is_empty()
            }
            // The comment must begin where the tokenizer's comment begins.
            CommentSyntax::Html => self
                .allowed
                .binary_search_by_key(&range.start, |r| r.start)
                .is_ok_and(|i| within(&self.allowed[i])),
        }
    }
}

/// The HTML blocks of a Markdown text that are not raw text.
fn markdown_html_blocks(text: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new_ext(text, crate::document::MARKDOWN_OPTIONS)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::HtmlBlock)))
        .map(|(_, range)| range)
        .filter(|range| {
            let head = text[range.clone()].trim_start().as_bytes();
            !RAW_HTML_BLOCKS
                .iter()
                .any(|name| starts_with_tag(head, name))
        })
        .collect()
}

/// Whether `head` opens the tag `name` (`<name>`, `<name attr…`, `<name/`),
/// in any case.
fn starts_with_tag(head: &[u8], name: &str) -> bool {
    head.len() > name.len()
        && head[0] == b'<'
        && head[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
        && head
            .get(name.len() + 1)
            .is_none_or(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
}

/// The comments html5gum's tokenizer finds, outside [`NOT_COMMENTS_IN`].
fn html_comments(text: &str) -> Vec<std::ops::Range<usize>> {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Raw text after <script>, <title>, <textarea>, <xmp>… as a browser.
    emitter.naively_switch_states(true);
    let mut open = [0usize; NOT_COMMENTS_IN.len()];
    let mut comments = Vec::new();
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(tag) if !tag.self_closing => {
                if let Some(i) = NOT_COMMENTS_IN
                    .iter()
                    .position(|n| tag.name.eq_ignore_ascii_case(n.as_bytes()))
                {
                    open[i] += 1;
                }
            }
            Token::EndTag(tag) => {
                if let Some(i) = NOT_COMMENTS_IN
                    .iter()
                    .position(|n| tag.name.eq_ignore_ascii_case(n.as_bytes()))
                {
                    open[i] = open[i].saturating_sub(1);
                }
            }
            Token::Comment(comment) if open.iter().all(|&n| n == 0) => {
                comments.push(comment.span.start..comment.span.end);
            }
            _ => {}
        }
    }
    comments
}

/// Lines on which a rule (or every rule, `None`) is silenced.
#[derive(Debug, Default)]
pub struct Suppressions {
    regions: Vec<(Option<String>, usize, usize)>,
}

impl Suppressions {
    /// Reads the suppression comments of `source`. `known` says whether a
    /// name is a rule or pack; unknown names are reported into `problems`.
    pub fn parse(
        source: &SourceFile,
        syntax: CommentSyntax,
        known: impl Fn(&str) -> bool,
        problems: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut regions = Vec::new();
        let mut open: Vec<(Option<String>, usize)> = Vec::new();
        let text = &source.text;
        if memchr::memmem::find(text.as_bytes(), b"galley-").is_none() {
            return Suppressions::default();
        }
        let not_comments = NotComments::new(text, syntax);
        for caps in COMMENT.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            if !not_comments.is_comment(text, whole.range()) {
                continue;
            }
            let line = source.line_index(whole.start());
            let names_match = caps.get(2).expect("group 2 always participates");
            let mut names = Vec::new();
            for (offset, name) in split_names(names_match.as_str()) {
                if known(name) {
                    names.push(name.to_string());
                } else {
                    let start = names_match.start() + offset;
                    problems.push(unknown_name(Span::new(start, start + name.len()), name));
                }
            }
            let targets: Vec<Option<String>> =
                if names.is_empty() && names_match.as_str().trim().is_empty() {
                    vec![None]
                } else {
                    names.into_iter().map(Some).collect()
                };
            match &caps[1] {
                "disable" => open.extend(targets.into_iter().map(|t| (t, line))),
                "enable" => {
                    let closing: Vec<usize> = open
                        .iter()
                        .enumerate()
                        .filter(|(_, (rule, _))| targets.contains(&None) || targets.contains(rule))
                        .map(|(i, _)| i)
                        .collect();
                    for i in closing.into_iter().rev() {
                        let (rule, from) = open.remove(i);
                        regions.push((rule, from, line));
                    }
                }
                _ => {
                    let next = (line + 1..source.line_count())
                        .find(|&l| !source.slice(source.line_span(l)).trim().is_empty());
                    if let Some(next) = next {
                        regions.extend(targets.into_iter().map(|t| (t, next, next)));
                    }
                }
            }
        }
        let last = source.line_count();
        regions.extend(open.into_iter().map(|(rule, from)| (rule, from, last)));
        Suppressions { regions }
    }

    /// Drops the findings silenced here. `pack_of` gives a rule's pack.
    pub fn filter<'p>(
        &self,
        source: &SourceFile,
        diagnostics: &mut Vec<Diagnostic>,
        pack_of: impl Fn(&str) -> Option<&'p str>,
    ) {
        if self.regions.is_empty() {
            return;
        }
        diagnostics.retain(|d| {
            let line = source.line_index(d.span.start);
            let pack = pack_of(&d.rule);
            !self.regions.iter().any(|(rule, from, to)| {
                (*from..=*to).contains(&line)
                    && rule
                        .as_deref()
                        .is_none_or(|r| r == &*d.rule || Some(r) == pack)
            })
        });
    }
}

/// Rule names in a comment, with their byte offsets.
fn split_names(list: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in list
        .char_indices()
        .chain(std::iter::once((list.len(), ' ')))
    {
        let sep = c.is_whitespace() || c == ',';
        match (sep, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, &list[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn unknown_name(span: Span, name: &str) -> Diagnostic {
    Diagnostic {
        rule: Arc::from(RULE_ID),
        severity: Severity::Warning,
        message: format!("suppression comment names an unknown rule `{name}`").into(),
        span,
        label: Some("no rule or pack has this name".into()),
        related: Vec::new(),
        notes: Vec::new(),
        help: Some("use a rule id or pack name from `galley rules`".into()),
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_kept(text: &str, rule: &str) -> Vec<usize> {
        lines_kept_in(text, rule, CommentSyntax::Text)
    }

    pub(super) fn lines_kept_in(text: &str, rule: &str, syntax: CommentSyntax) -> Vec<usize> {
        let source = SourceFile::new("t.md", text);
        let mut problems = Vec::new();
        let known = |n: &str| n == "a" || n == "b" || n == "p";
        let s = Suppressions::parse(&source, syntax, known, &mut problems);
        let mut diags: Vec<Diagnostic> = (0..source.line_count())
            .map(|l| {
                let mut d = unknown_name(source.line_span(l), "x");
                d.rule = Arc::from(rule);
                d
            })
            .collect();
        s.filter(&source, &mut diags, |r| (r == "a").then_some("p"));
        diags
            .iter()
            .map(|d| source.line_index(d.span.start) + 1)
            .collect()
    }

    #[test]
    fn disable_enable_region_silences_only_the_named_rule() {
        let text = "1\n<!-- galley-disable a -->\n3\n<!-- galley-enable a -->\n5\n";
        assert_eq!(lines_kept(text, "a"), [1, 5, 6]);
        assert_eq!(lines_kept(text, "b"), [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn next_line_skips_blank_lines() {
        let text = "1\n<!-- galley-disable-next-line b -->\n\n4\n5\n";
        assert_eq!(lines_kept(text, "b"), [1, 2, 3, 5, 6]);
    }

    #[test]
    fn bare_disable_silences_everything_to_the_end() {
        let text = "1\n<!-- galley-disable -->\n3\n";
        assert_eq!(lines_kept(text, "b"), [1]);
    }

    #[test]
    fn pack_names_cover_their_rules() {
        let text = "<!-- galley-disable-next-line p -->\n2\n";
        assert_eq!(lines_kept(text, "a"), [1, 3]);
    }

    #[test]
    fn unknown_names_are_reported() {
        let source = SourceFile::new("t.md", "<!-- galley-disable nope, a -->\n");
        let mut problems = Vec::new();
        Suppressions::parse(&source, CommentSyntax::Text, |n| n == "a", &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(source.slice(problems[0].span), "nope");
    }

    #[test]
    fn only_real_comments_suppress() {
        // Plain text: mid-line is text, a line of its own is a comment.
        let text = "1 <!-- galley-disable b --> x\n2\n<!-- galley-disable-next-line b -->\n4\n";
        assert_eq!(lines_kept_in(text, "b", CommentSyntax::Text), [1, 2, 3, 5]);
        // Markdown: not in fenced code, nor in inline code.
        let md = "```\n<!-- galley-disable b -->\n```\n4 `<!-- galley-disable b -->`\n5\n";
        assert_eq!(
            lines_kept_in(md, "b", CommentSyntax::Markdown),
            [1, 2, 3, 4, 5, 6]
        );
        // HTML: not in a script string nor an attribute; inline is fine.
        let html = "<script>var s = '<!-- galley-disable b -->';</script>\n<img alt=\"<!-- galley-disable b -->\">\n<p>3</p>\n<p>4 <!-- galley-disable b --></p>\n5\n";
        assert_eq!(lines_kept_in(html, "b", CommentSyntax::Html), [1, 2, 3]);
    }
}

#[cfg(test)]
mod parser_tests {
    use super::CommentSyntax;
    use super::tests::lines_kept_in;

    /// In Markdown a comment is a comment only where the Markdown parser
    /// says it is HTML: not in an indented code block, nor inside a
    /// `<script>` or `<pre>` HTML block.
    #[test]
    fn markdown_code_and_raw_html_blocks_hold_no_comments() {
        let all = [1, 2, 3, 4, 5, 6];
        let indented = "Para.\n\n    <!-- galley-disable b -->\n\n5\n";
        assert_eq!(lines_kept_in(indented, "b", CommentSyntax::Markdown), all);
        let script = "<script>\n<!-- galley-disable b -->\n</script>\n\n5\n";
        assert_eq!(lines_kept_in(script, "b", CommentSyntax::Markdown), all);
        let pre = "<pre>\n<!-- galley-disable b -->\n</pre>\n\n5\n";
        assert_eq!(lines_kept_in(pre, "b", CommentSyntax::Markdown), all);
        // A real one still counts, also right under a paragraph.
        let real = "1\n<!-- galley-disable b -->\n3\n";
        assert_eq!(lines_kept_in(real, "b", CommentSyntax::Markdown), [1]);
    }

    /// In HTML, `<!--` inside a raw-text or escapable raw-text element is
    /// text, not a comment.
    #[test]
    fn html_raw_text_elements_hold_no_comments() {
        for name in [
            "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "script",
            "style",
        ] {
            let html = format!("<{name}>\n<!-- galley-disable b -->\n</{name}>\n<p>4</p>\n");
            assert_eq!(
                lines_kept_in(&html, "b", CommentSyntax::Html),
                [1, 2, 3, 4, 5],
                "<{name}>"
            );
        }
        let plaintext = "<plaintext>\n<!-- galley-disable b -->\n</plaintext>\n<p>4</p>\n";
        assert_eq!(
            lines_kept_in(plaintext, "b", CommentSyntax::Html),
            [1, 2, 3, 4, 5]
        );
        // A comment after the element has closed counts; a name that only
        // starts like one (`<titles>`) opens nothing.
        let after = "<title>t</title>\n<!-- galley-disable b -->\n<p>3</p>\n";
        assert_eq!(lines_kept_in(after, "b", CommentSyntax::Html), [1]);
        let lookalike = "<titles>\n<!-- galley-disable b -->\n<p>3</p>\n";
        assert_eq!(lines_kept_in(lookalike, "b", CommentSyntax::Html), [1]);
    }
}
