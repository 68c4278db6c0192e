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
//! Only a real comment counts: on a line of its own in plain text and
//! Markdown (and outside fenced code there), outside tags and `script`,
//! `style`, `textarea`, `pre` and `code` in HTML.
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

/// Where comments are not comments in a text: its fenced code (Markdown)
/// or its `script`, `style`, `textarea`, `pre` and `code` elements (HTML),
/// as sorted byte ranges, found once per file.
struct NotComments {
    syntax: CommentSyntax,
    ranges: Vec<std::ops::Range<usize>>,
}

impl NotComments {
    fn new(text: &str, syntax: CommentSyntax) -> Self {
        let mut ranges = Vec::new();
        match syntax {
            CommentSyntax::Text => {}
            CommentSyntax::Markdown => {
                // Fences: a line starting with ``` or ~~~ opens one, the
                // next line starting with the same marker closes it.
                let mut open: Option<(&str, usize)> = None;
                let mut at = 0;
                for line in text.split_inclusive('\n') {
                    let t = line.trim_start();
                    let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
                    match (open, marker) {
                        (None, Some(m)) => open = Some((m, at)),
                        (Some((m, from)), Some(close)) if m == close => {
                            ranges.push(from..at + line.len());
                            open = None;
                        }
                        _ => {}
                    }
                    at += line.len();
                }
                if let Some((_, from)) = open {
                    ranges.push(from..text.len());
                }
            }
            CommentSyntax::Html => {
                let lower = text.to_ascii_lowercase();
                for name in ["script", "style", "textarea", "pre", "code"] {
                    let (open, close) = (format!("<{name}"), format!("</{name}"));
                    let mut from = 0;
                    while let Some(i) = lower[from..].find(&open) {
                        let start = from + i;
                        let end = lower[start..]
                            .find(&close)
                            .map_or(text.len(), |j| start + j);
                        ranges.push(start..end);
                        from = end.max(start + 1);
                    }
                }
                ranges.sort_by_key(|r| r.start);
            }
        }
        NotComments { syntax, ranges }
    }

    /// Whether the comment at `range` of `text` is a comment, not text
    /// that looks like one (in code, a string, or mid-line in plain text).
    fn is_comment(&self, text: &str, range: std::ops::Range<usize>) -> bool {
        let inside = self
            .ranges
            .iter()
            .take_while(|r| r.start <= range.start)
            .any(|r| r.contains(&range.start));
        if inside {
            return false;
        }
        match self.syntax {
            CommentSyntax::Text | CommentSyntax::Markdown => {
                let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[range.end..]
                    .find('\n')
                    .map_or(text.len(), |i| range.end + i);
                text[line_start..range.start].trim().is_empty()
                    && text[range.end..line_end].trim().is_empty()
            }
            // Inside a tag (an attribute value): a `<` after the last `>`.
            CommentSyntax::Html => {
                let before = &text[..range.start];
                before
                    .rfind('<')
                    .is_none_or(|lt| before.rfind('>').is_some_and(|gt| gt > lt))
            }
        }
    }
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
        label: Some("no rule or pack has this name".to_string()),
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

    fn lines_kept_in(text: &str, rule: &str, syntax: CommentSyntax) -> Vec<usize> {
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
