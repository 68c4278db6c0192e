//! The tally of a run and the exit status it calls for: the one place that
//! decides 0, 1 or 2.

use crate::check::FileReport;
use crate::diagnostic::{Applicability, Severity};

/// Nothing failed.
pub const CLEAN: i32 = 0;
/// Findings at a failing level (with `--diff`, also files that would change).
pub const FAILED: i32 = 1;
/// A usage, configuration or I/O error: the run could not do its work.
pub const TROUBLE: i32 = 2;

/// What a run was asked to do, as far as its exit status goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// Report (and fix): findings fail the run.
    Check,
    /// `--diff`: findings fail the run as they do a check, and so does a
    /// file that fixes would change.
    Diff,
    /// `--write-baseline`: recording findings accepts them.
    WriteBaseline,
}

/// Counts for the end of a run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files_checked: usize,
    pub files_skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings with a safe fix that `--fix` would write (none in a file
    /// whose format galley does not rewrite, or whose fixes could not be
    /// written).
    pub fixable: usize,
    /// Findings with an unsafe fix (applied with --unsafe-fixes).
    pub unsafe_fixable: usize,
    /// Files or paths that could not be read.
    pub io_errors: usize,
    /// Files whose fixes could not be written.
    pub write_errors: usize,
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
        self.write_errors += usize::from(report.not_written.is_some());
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            // Fixes galley will not write for this format, or could not
            // write to this file (its error says why): "can be fixed with
            // --fix" would be untrue.
            if report.fixes_refused || report.not_written.is_some() {
                continue;
            }
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => self.fixable += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
                _ => {}
            }
        }
    }

    /// The exit status of a run of `kind` with these counts: [`TROUBLE`]
    /// if anything could not be read or written; otherwise [`FAILED`] if the findings
    /// fail the run under `policy` (for `--diff`, also if a file would change;
    /// writing a baseline never fails), else [`CLEAN`].
    pub fn exit_code(&self, policy: FailPolicy, kind: RunKind) -> i32 {
        if self.io_errors > 0 || self.write_errors > 0 {
            return TROUBLE;
        }
        let failed = match kind {
            RunKind::Check => self.findings_fail(policy),
            RunKind::Diff => self.findings_fail(policy) || self.files_fixed > 0,
            RunKind::WriteBaseline => false,
        };
        if failed { FAILED } else { CLEAN }
    }

    /// Whether the findings fail the run under `policy`.
    fn findings_fail(&self, policy: FailPolicy) -> bool {
        self.errors > 0
            || (policy.deny_warnings && self.warnings > 0)
            || policy.max_warnings.is_some_and(|max| self.warnings > max)
    }

    /// Why the run fails when only a warning policy fails it (errors speak
    /// for themselves): `--max-warnings 5 exceeded: 7 warnings`.
    pub fn failure_reason(&self, policy: FailPolicy, kind: RunKind) -> Option<String> {
        if kind == RunKind::WriteBaseline
            || self.io_errors > 0
            || self.write_errors > 0
            || self.errors > 0
        {
            return None;
        }
        if let Some(max) = policy.max_warnings
            && self.warnings > max
        {
            return Some(format!(
                "failing: --max-warnings {max} exceeded: {} warnings",
                self.warnings
            ));
        }
        (policy.deny_warnings && self.warnings > 0).then(|| {
            format!(
                "failing: warnings are denied, and {} {} found",
                self.warnings,
                if self.warnings == 1 { "was" } else { "were" }
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_fails_on_errors_as_check_does() {
        let errors = Summary {
            errors: 1,
            ..Summary::default()
        };
        let policy = FailPolicy::default();
        assert_eq!(errors.exit_code(policy, RunKind::Check), FAILED);
        assert_eq!(errors.exit_code(policy, RunKind::Diff), FAILED);
        assert_eq!(errors.exit_code(policy, RunKind::WriteBaseline), CLEAN);
        // A change to make fails a diff, not a check of warnings only.
        let change = Summary {
            warnings: 1,
            files_fixed: 1,
            ..Summary::default()
        };
        assert_eq!(change.exit_code(policy, RunKind::Check), CLEAN);
        assert_eq!(change.exit_code(policy, RunKind::Diff), FAILED);
        let denied = FailPolicy {
            deny_warnings: true,
            max_warnings: None,
        };
        let warnings = Summary {
            warnings: 2,
            ..Summary::default()
        };
        assert_eq!(warnings.exit_code(policy, RunKind::Diff), CLEAN);
        assert_eq!(warnings.exit_code(denied, RunKind::Diff), FAILED);
        assert!(warnings.failure_reason(denied, RunKind::Diff).is_some());
        assert_eq!(Summary::default().exit_code(denied, RunKind::Diff), CLEAN);
    }
}
