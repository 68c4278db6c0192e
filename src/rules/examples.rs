//! Runs the examples that every rule carries: each `bad` text must be flagged
//! at the spans it marks (with the message it pins, fixed to its `fixed`
//! text, where given); each `good` text must not be. Every example is read
//! as plain text, Markdown and HTML. `galley test` and the test suite (one
//! generated test per built-in rule) both use this.

use std::ops::Range;

use crate::document::ArticleSettings;
use crate::document::{Document, Format};
use crate::fix::apply_fixes;
use crate::source::SourceFile;

use super::Rule;

/// The formats every example is read in.
pub const EXAMPLE_FORMATS: [Format; 3] = [Format::TEXT, Format::MARKDOWN, Format::HTML];

/// An example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub text: String,
    /// The format the example was read in (`plain text`, `Markdown`, `HTML`).
    pub format: &'static str,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let suffix = format!(" (read as {})", self.format);
        let problem = self.problem.strip_suffix(&suffix).unwrap_or(&self.problem);
        write!(
            f,
            "rule `{}`, read as {}: {:?}: {problem}",
            self.rule, self.format, self.text
        )
    }
}

/// Checks every example of `rule`, as plain text, Markdown and HTML.
pub fn check_examples(rule: &Rule, settings: &ArticleSettings) -> Vec<ExampleFailure> {
    EXAMPLE_FORMATS
        .into_iter()
        .flat_map(|format| check_examples_as(rule, settings, format))
        .collect()
}

/// An example's text as a file in `format`, and for each byte offset of the
/// text (and its end) the offset in the file. Plain text and Markdown are
/// the text itself; HTML puts each paragraph (text between blank lines) in
/// a `<p>` and escapes `&`, `<` and `>`.
pub fn example_file(text: &str, format: Format) -> (String, Vec<usize>) {
    if format != Format::HTML {
        return (text.to_string(), (0..=text.len()).collect());
    }
    let mut html = String::from("<!DOCTYPE html>\n<html><body>\n<p>");
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let here = html.len();
        offsets.extend(std::iter::repeat_n(here, c.len_utf8()));
        if rest.starts_with("\n\n") {
            // The blank line ends one paragraph and opens the next.
            html.push_str("</p>\n");
            rest = &rest[1..];
            offsets.push(html.len());
            html.push_str("\n<p>");
            rest = &rest[1..];
            continue;
        }
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            _ => html.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    offsets.push(html.len());
    html.push_str("</p>\n</body></html>\n");
    (html, offsets)
}

/// A `{placeholder}` left in a rendered message or help.
fn unfilled(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with('}') {
            return Some(&rest[open..open + name_len + 2]);
        }
        rest = after;
    }
    None
}

/// Checks every example of `rule`, read as a file in `format`.
pub fn check_examples_as(
    rule: &Rule,
    settings: &ArticleSettings,
    format: Format,
) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    let fail = |text: &str, problem: String| ExampleFailure {
        rule: rule.meta.id.to_string(),
        text: text.to_string(),
        format: format.name(),
        problem: if format == Format::TEXT {
            problem
        } else {
            format!("{problem} (read as {})", format.name())
        },
    };
    for bad in &rule.docs().bad {
        if bad.format().is_some_and(|only| only != format) {
            continue;
        }
        // An example that names its format is a file of that format already.
        let file_of = |text: &str| match bad.format() {
            Some(_) => (text.to_string(), (0..=text.len()).collect()),
            None => example_file(text, format),
        };
        let (file, offsets) = file_of(bad.text());
        let source = SourceFile::new("example", file.as_str());
        let doc = Document::parse(&source, format, settings);
        let diagnostics = rule.check(&doc);
        if diagnostics.is_empty() {
            failures.push(fail(bad.text(), "bad example is not flagged".into()));
            continue;
        }
        for d in &diagnostics {
            let help = d.help.as_deref().unwrap_or("");
            if let Some(name) = unfilled(&d.message).or_else(|| unfilled(help)) {
                failures.push(fail(
                    bad.text(),
                    format!(
                        "placeholder {name} left unfilled in {:?} / {help:?}",
                        d.message
                    ),
                ));
            }
        }
        // The marked spans, in the file, against the spans reported.
        let to_file = |r: &Range<usize>| offsets[r.start]..offsets[r.end];
        let mut marked: Vec<Range<usize>> = bad.spans().iter().map(to_file).collect();
        let mut flagged: Vec<Range<usize>> = diagnostics
            .iter()
            .map(|d| d.span.start..d.span.end)
            .collect();
        marked.sort_by_key(|r| (r.start, r.end));
        flagged.sort_by_key(|r| (r.start, r.end));
        flagged.dedup();
        if !marked.is_empty() && marked != flagged {
            let quote = |spans: &[Range<usize>]| {
                spans
                    .iter()
                    .map(|r| format!("{:?} at {r:?}", &file[r.clone()]))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            failures.push(fail(
                bad.text(),
                format!(
                    "flagged {}; the example marks {}",
                    quote(&flagged),
                    quote(&marked)
                ),
            ));
        }
        if let Some(expected) = bad.message()
            && !diagnostics.iter().any(|d| &*d.message == expected)
        {
            let got: Vec<&str> = diagnostics.iter().map(|d| &*d.message).collect();
            failures.push(fail(
                bad.text(),
                format!("message is {got:?}, the example expects {expected:?}"),
            ));
        }
        if let Some(expected) = bad.fixed() {
            let got = apply_fixes(&source.text, &diagnostics, true).text;
            let expected = file_of(expected).0;
            if got != expected {
                failures.push(fail(
                    bad.text(),
                    format!("fix gives {got:?}, the example expects {expected:?}"),
                ));
            }
        }
    }
    for good in &rule.docs().good {
        let (file, _) = example_file(good, format);
        let source = SourceFile::new("example", file.as_str());
        let doc = Document::parse(&source, format, settings);
        let diagnostics = rule.check(&doc);
        if let Some(d) = diagnostics.first() {
            failures.push(fail(
                good,
                format!(
                    "good example is flagged: {} at {:?}",
                    d.message,
                    source.slice(d.span)
                ),
            ));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_wraps_paragraphs_and_maps_every_offset() {
        let text = "A & B.\n\nC <d>.";
        let (html, offsets) = example_file(text, Format::HTML);
        assert!(
            html.contains("<p>A &amp; B.</p>\n\n<p>C &lt;d&gt;.</p>"),
            "{html}"
        );
        assert_eq!(&html[offsets[4]..offsets[5]], "B");
        assert_eq!(&html[offsets[2]..offsets[3]], "&amp;");
        assert_eq!(&html[offsets[8]..offsets[text.len()]], "C &lt;d&gt;.");
    }

    #[test]
    fn a_bad_example_fails_off_its_mark_or_message_in_every_format() {
        let pack = crate::rules::Pack::parse(
            "[pack]\nname = \"p\"\n[[rule]]\nid = \"r\"\nkind = \"existence\"\n\
             message = \"no `{match}`\"\npattern = \"the\"\nbad = [\"⟦the⟧ end\", \"a ⟦end⟧ the\", \
             { text = \"⟦the⟧ x\", message = \"no `that`\" }]\n",
        )
        .expect("valid pack");
        let failures = check_examples(&pack.rules[0], &ArticleSettings::default());
        let problems: Vec<(&str, &str)> = failures
            .iter()
            .map(|f| (f.format, f.problem.split(';').next().unwrap_or_default()))
            .collect();
        for format in EXAMPLE_FORMATS {
            let name = format.name();
            assert!(problems.contains(&(name, "flagged \"the\" at 6..9")) || name == "HTML");
            assert!(
                problems
                    .iter()
                    .any(|(f, p)| *f == name && p.starts_with("message is [\"no `the`\"]")),
                "{failures:#?}"
            );
        }
        assert_eq!(failures.len(), 6, "{failures:#?}");
    }

    #[test]
    fn unfilled_placeholders_are_found() {
        assert_eq!(unfilled("`{match}` for `x`"), Some("{match}"));
        assert_eq!(unfilled("a {b c} d"), None);
        assert_eq!(unfilled("nothing"), None);
    }
}
