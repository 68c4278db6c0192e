//! Runs the examples that every rule carries: each `bad` text must be flagged
//! (and fixed to its `fixed` text, where one is given); each `good` text must
//! not be. `galley test` and the test suite both use this.

use crate::document::ArticleSettings;
use crate::document::{Document, Format};
use crate::fix::apply_fixes;
use crate::source::SourceFile;

use super::Rule;

/// An example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub text: String,
    pub problem: String,
}

/// Checks every example of `rule`, as plain text and as Markdown.
pub fn check_examples(rule: &Rule, settings: &ArticleSettings) -> Vec<ExampleFailure> {
    [Format::TEXT, Format::MARKDOWN]
        .into_iter()
        .flat_map(|format| check_examples_as(rule, settings, format))
        .collect()
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
        let source = SourceFile::new("example", bad.text());
        let doc = Document::parse(&source, format, settings);
        let diagnostics = rule.check(&doc);
        if diagnostics.is_empty() {
            failures.push(fail(bad.text(), "bad example is not flagged".into()));
            continue;
        }
        if let Some(expected) = bad.fixed() {
            let got = apply_fixes(&source.text, &diagnostics, true).text;
            if got != expected {
                failures.push(fail(
                    bad.text(),
                    format!("fix gives {got:?}, the example expects {expected:?}"),
                ));
            }
        }
    }
    for good in &rule.docs().good {
        let source = SourceFile::new("example", good.as_str());
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
