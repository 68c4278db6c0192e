//! The concise format: `path:line:col: severity[rule]: message`, one finding
//! per line, for editors, grep and quick reading.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::{Emitter, Summary, positions};
use crate::check::FileReport;

#[derive(Default)]
pub struct Concise;

impl Concise {
    /// Writes the findings of `report` to `out`.
    pub fn file_to(&self, out: &mut impl Write, report: &FileReport) -> io::Result<()> {
        let path = report.source.path.display();
        for d in &report.diagnostics {
            let (start, _) = positions(&report.source, d.span);
            writeln!(
                out,
                "{path}:{}:{}: {}[{}]: {}",
                start.line, start.column, d.severity, d.rule, d.message
            )?;
        }
        Ok(())
    }
}

impl Emitter for Concise {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        // One write per file, not one per line (stdout is line-buffered).
        let mut out = BufWriter::new(io::stdout().lock());
        self.file_to(&mut out, report)?;
        out.flush()
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        writeln!(io::stderr().lock(), "{}: error: {reason}", path.display())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
