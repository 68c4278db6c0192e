//! The concise format: `path:line:col: severity[rule]: message`, one finding
//! per line, for editors, grep and quick reading.

use std::io::{self, Write};
use std::path::Path;

use super::{Emitter, Stream, Summary, positions, shown_path, terminal_safe};
use crate::check::FileReport;

pub struct Concise<'w> {
    pub(super) out: Stream<'w>,
    pub(super) err: Stream<'w>,
}

impl Emitter for Concise<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let path = shown_path(&report.source.path);
        for d in &report.diagnostics {
            let (start, _) = positions(&report.source, d.span);
            writeln!(
                self.out,
                "{path}:{}:{}: {}[{}]: {}",
                start.line,
                start.column,
                d.severity,
                d.rule,
                terminal_safe(&d.message)
            )?;
        }
        self.out.flush()
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        super::line_file_error(&mut self.err, path, reason)
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
