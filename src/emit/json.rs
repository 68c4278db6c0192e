//! The JSON format: one document, `{"diagnostics": [...], "errors": [...],
//! "summary": {...}}`. Its schema is documented in docs/src/output.md and kept stable.
//!
//! Diagnostics are streamed, one per line, as each file is reported, so the
//! output of a large run is never held in memory.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{Emitter, Stream, Summary, positions};
use crate::check::FileReport;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

pub struct Json<'w> {
    out: Stream<'w>,
    /// Diagnostics written so far.
    written: usize,
    errors: Vec<FileError>,
    /// One finding serialised, written to `out` at once: serde writes a
    /// finding in dozens of small pieces, each a call through `out`.
    buffer: Vec<u8>,
}

impl<'w> Json<'w> {
    pub(super) fn new(out: Stream<'w>) -> Self {
        Json {
            out,
            written: 0,
            errors: Vec::new(),
            buffer: Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct FileError {
    path: String,
    message: String,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    label: Option<&'a str>,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files_checked: usize,
    files_skipped: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
    unsafe_fixable: usize,
    io_errors: usize,
    write_errors: usize,
    fixed: usize,
    baselined: usize,
}

fn related<'a>(
    source: &SourceFile,
    path: &'a str,
    span: Span,
    message: &'a str,
) -> JsonRelated<'a> {
    let (s, e) = positions(source, span);
    JsonRelated {
        path,
        line: s.line,
        column: s.column,
        end_line: e.line,
        end_column: e.column,
        message,
    }
}

fn diagnostic<'a>(source: &'a SourceFile, path: &'a str, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (start, end) = positions(source, d.span);
    JsonDiagnostic {
        path,
        rule: &d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_start: source.disk_offset(d.span.start),
        byte_end: source.disk_offset(d.span.end),
        label: d.label.as_deref(),
        help: d.help.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| related(source, path, r.span, &r.message))
            .collect(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability.as_str(),
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    byte_start: source.disk_offset(e.span.start),
                    byte_end: source.disk_offset(e.span.end),
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

impl Emitter for Json<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        let path = report.source.path.display().to_string();
        let out = &mut self.out;
        for d in &report.diagnostics {
            out.write_all(if self.written == 0 {
                b"{\"diagnostics\": [\n  "
            } else {
                b",\n  "
            })?;
            self.buffer.clear();
            serde_json::to_writer(&mut self.buffer, &diagnostic(&report.source, &path, d))
                .map_err(io::Error::from)?;
            out.write_all(&self.buffer)?;
            self.written += 1;
        }
        out.flush()
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        self.errors.push(FileError {
            path: path.display().to_string(),
            message: reason.to_string(),
        });
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let out = &mut self.out;
        out.write_all(if self.written == 0 {
            b"{\"diagnostics\": [],\n"
        } else {
            b"\n],\n"
        })?;
        out.write_all(b"\"errors\": ")?;
        serde_json::to_writer(&mut *out, &self.errors).map_err(io::Error::from)?;
        out.write_all(b",\n\"summary\": ")?;
        let s = JsonSummary {
            files_checked: summary.files_checked,
            files_skipped: summary.files_skipped,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            fixable: summary.fixable,
            unsafe_fixable: summary.unsafe_fixable,
            io_errors: summary.io_errors,
            write_errors: summary.write_errors,
            fixed: summary.fixed,
            baselined: summary.baselined,
        };
        serde_json::to_writer(&mut *out, &s).map_err(io::Error::from)?;
        out.write_all(b"}\n")?;
        out.flush()
    }
}
