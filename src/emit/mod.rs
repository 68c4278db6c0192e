//! Output: turn file reports into what the user asked for. `human` is the
//! only module that touches codespan-reporting; `json` is the stable
//! machine-readable form documented in the README.

mod excerpt;
mod human;
mod json;

use std::io;
use std::path::Path;

pub use human::{Human, print_config_error};
pub use json::Json;

use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::source::{SourceFile, Span};

/// Counts for the end of a run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files_checked: usize,
    pub files_skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    /// Files or paths that could not be read.
    pub io_errors: usize,
}

impl Summary {
    pub fn add(&mut self, report: &FileReport) {
        self.files_checked += 1;
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            if d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
            {
                self.fixable += 1;
            }
        }
    }

    /// 2 if anything could not be read, 1 if any error-level finding, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.io_errors > 0 {
            2
        } else if self.errors > 0 {
            1
        } else {
            0
        }
    }
}

/// A way of printing results.
pub trait Emitter {
    fn file(&mut self, report: &FileReport) -> io::Result<()>;
    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()>;
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// 1-based start and end (exclusive) positions of a span.
pub(crate) fn positions(
    source: &SourceFile,
    span: Span,
) -> (crate::source::LineCol, crate::source::LineCol) {
    (source.line_col(span.start), source.line_col(span.end))
}
