//! Findings: what a rule reports about a document, and the fix it suggests.
//!
//! Spans are byte ranges of the source text; lines and columns are computed only
//! when a diagnostic is printed.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::source::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps the meaning the writer intended; `--fix` applies it.
    Safe,
    /// Probably right, but may change meaning; applied only on request.
    Unsafe,
    /// Shown as a suggestion, never applied.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A set of edits that together fix one finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn replace(
        span: Span,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Self {
        Fix {
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
            applicability,
        }
    }
}

/// A secondary place that explains a finding ("first appears here").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Related {
    pub span: Span,
    /// Written once in the program when it says the same for every
    /// finding (no allocation for each: a document that repeats its
    /// paragraphs has tens of thousands of such findings, held until
    /// they are written out).
    pub message: Cow<'static, str>,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub rule: Arc<str>,
    pub severity: Severity,
    /// Shared between the findings of a document that say the same thing
    /// (interned per document, on each thread that runs its rules).
    pub message: Arc<str>,
    /// The smallest span that shows the problem.
    pub span: Span,
    /// Text printed under the primary span (not allocated when it is the
    /// same for every finding, as [`Related::message`]).
    pub label: Option<Cow<'static, str>>,
    pub related: Vec<Related>,
    pub notes: Vec<String>,
    /// Imperative: how to fix it.
    pub help: Option<Arc<str>>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// Sort key: position first, then rule id, so output is deterministic.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.rule)
    }
}
