//! The gitlab format: a GitLab Code Quality report (a JSON array of issues),
//! which merge requests show as findings on the changed lines.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{Emitter, Stream, Summary, positions};
use crate::check::FileReport;
use crate::diagnostic::Severity;

pub struct Gitlab<'w> {
    pub(super) out: Stream<'w>,
    /// Issues written so far.
    pub(super) written: usize,
}

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// A stable id for an issue (GitLab matches issues across runs by it):
/// FNV-1a over its path, rule, position and message.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

impl Gitlab<'_> {
    fn write(&mut self, issue: &Issue) -> io::Result<()> {
        self.out.write_all(if self.written == 0 {
            b"[\n  "
        } else {
            b",\n  "
        })?;
        serde_json::to_writer(&mut self.out, issue).map_err(io::Error::from)?;
        self.written += 1;
        Ok(())
    }
}

impl Emitter for Gitlab<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let path = super::shown_path(&report.source.path);
        let path = path.strip_prefix("./").unwrap_or(&path).to_string();
        for d in &report.diagnostics {
            let (start, _) = positions(&report.source, d.span);
            let at = format!("{}:{}", start.line, start.column);
            let description = super::terminal_safe(&d.message);
            let issue = Issue {
                description: &description,
                check_name: &d.rule,
                fingerprint: fingerprint(&[&path, &d.rule, &at, &d.message]),
                severity: severity(d.severity),
                location: Location {
                    path: path.clone(),
                    lines: Lines { begin: start.line },
                },
            };
            self.write(&issue)?;
        }
        self.out.flush()
    }

    /// A file that could not be read is an issue of its own, so that the
    /// report shows it.
    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        let shown = super::shown_path(path);
        let reason = super::terminal_safe(reason);
        let issue = Issue {
            description: &reason,
            check_name: "galley",
            fingerprint: fingerprint(&[&shown, "galley", &reason]),
            severity: "critical",
            location: Location {
                path: shown,
                lines: Lines { begin: 1 },
            },
        };
        self.write(&issue)?;
        self.out.flush()
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out
            .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let a = fingerprint(&["a.txt", "sigh-sign", "1:5", "m"]);
        assert_eq!(a, fingerprint(&["a.txt", "sigh-sign", "1:5", "m"]));
        assert_ne!(a, fingerprint(&["a.txt", "sigh-sign", "1:6", "m"]));
        // Parts are separated: ("ab", "c") is not ("a", "bc").
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(a.len(), 16);
    }
}
