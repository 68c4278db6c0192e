//! The JSON format: one document, `{"diagnostics": [...], "errors": [...],
//! "summary": {...}}`. Its schema is documented in the README and kept stable.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::{Emitter, Summary, positions};
use crate::check::FileReport;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

#[derive(Default)]
pub struct Json {
    diagnostics: Vec<Value>,
    errors: Vec<Value>,
}

impl Json {
    pub fn new() -> Self {
        Json::default()
    }
}

/// The JSON object for one diagnostic.
pub fn diagnostic_json(source: &SourceFile, d: &Diagnostic) -> Value {
    let path = source.path.display().to_string();
    let (start, end) = positions(source, d.span);
    let related: Vec<Value> = d
        .related
        .iter()
        .map(|r| {
            let (s, e) = positions(source, r.span);
            json!({
                "path": path,
                "line": s.line,
                "column": s.column,
                "end_line": e.line,
                "end_column": e.column,
                "message": r.message,
            })
        })
        .collect();
    let fix = d.fix.as_ref().map(|f| {
        json!({
            "applicability": f.applicability.as_str(),
            "edits": f.edits.iter().map(|e| json!({
                "byte_start": source.disk_offset(e.span.start),
                "byte_end": source.disk_offset(e.span.end),
                "replacement": e.replacement,
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "path": path,
        "rule": &*d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "byte_start": source.disk_offset(d.span.start),
        "byte_end": source.disk_offset(d.span.end),
        "label": d.label,
        "help": d.help,
        "related": related,
        "fix": fix,
    })
}

impl Emitter for Json {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.diagnostics.extend(
            report
                .diagnostics
                .iter()
                .map(|d| diagnostic_json(&report.source, d)),
        );
        Ok(())
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        self.errors.push(json!({
            "path": path.display().to_string(),
            "message": reason,
        }));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let doc = json!({
            "diagnostics": std::mem::take(&mut self.diagnostics),
            "errors": std::mem::take(&mut self.errors),
            "summary": {
                "files_checked": summary.files_checked,
                "files_skipped": summary.files_skipped,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "infos": summary.infos,
                "fixable": summary.fixable,
                "unsafe_fixable": summary.unsafe_fixable,
                "io_errors": summary.io_errors,
                "fixed": summary.fixed,
                "baselined": summary.baselined,
            },
        });
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::other)?;
        writeln!(out)
    }
}
