//! Output: turn file reports into what the user asked for. `human` is the
//! only module that touches codespan-reporting; `json` is the stable
//! machine-readable form documented in the README.

mod concise;
mod excerpt;
mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};
use std::path::Path;

pub use concise::Concise;
pub use github::Github;
pub use human::{Human, print_config_error};
pub use json::Json;
pub use sarif::Sarif;

use crate::check::FileReport;
use crate::diagnostic::{Applicability, Severity};
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
    /// Findings with an unsafe fix (applied with --unsafe-fixes).
    pub unsafe_fixable: usize,
    /// Files or paths that could not be read (or fixed files not written).
    pub io_errors: usize,
    /// Fixes applied, and files they changed.
    pub fixed: usize,
    pub files_fixed: usize,
    /// Findings dropped because the baseline accepts them.
    pub baselined: usize,
}

/// When a run fails because of its findings.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FailPolicy {
    /// Warnings fail the run as errors do.
    pub deny_warnings: bool,
    /// More warnings than this fail the run.
    pub max_warnings: Option<usize>,
}

impl Summary {
    pub fn add(&mut self, report: &FileReport) {
        self.files_checked += 1;
        self.fixed += report.fixed;
        self.files_fixed += usize::from(report.original.is_some());
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => self.fixable += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
                _ => {}
            }
        }
    }

    /// 2 if anything could not be read, 1 if the findings fail the run
    /// under `policy`, else 0.
    pub fn exit_code(&self, policy: FailPolicy) -> i32 {
        let too_many_warnings = policy.max_warnings.is_some_and(|max| self.warnings > max);
        if self.io_errors > 0 {
            2
        } else if self.errors > 0
            || (policy.deny_warnings && self.warnings > 0)
            || too_many_warnings
        {
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

/// `--diff`: a unified diff per file that fixes would change; no findings.
#[derive(Default)]
pub struct Diff;

impl Emitter for Diff {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        if let Some(original) = &report.original {
            let diff =
                crate::fix::unified_diff(&report.source.path, &original.text, &report.source.text);
            io::stdout().lock().write_all(diff.as_bytes())?;
        }
        Ok(())
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        writeln!(io::stderr().lock(), "error: {}: {reason}", path.display())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let files = summary.files_fixed;
        writeln!(
            io::stderr().lock(),
            "{} would be changed by {} {}",
            if files == 1 {
                "1 file".to_string()
            } else {
                format!("{files} files")
            },
            summary.fixed,
            if summary.fixed == 1 { "fix" } else { "fixes" }
        )
    }
}
