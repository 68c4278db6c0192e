//! The `vale-line` format: `path:line:col:rule:message`, one finding per
//! line, exactly as Vale's `--output=line` prints its alerts (line and
//! column 1-based, the column in characters), so scripts written for Vale
//! keep working.

use std::io::{self, Write};
use std::path::Path;

use super::{Emitter, Stream, Summary, positions, shown_path, terminal_safe};
use crate::check::FileReport;

pub struct ValeLine<'w> {
    pub(super) out: Stream<'w>,
    pub(super) err: Stream<'w>,
}

/// The path as Vale shows a relative one: without a leading `./`.
fn vale_path(path: &Path) -> String {
    let shown = shown_path(path);
    match shown.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => shown,
    }
}

impl Emitter for ValeLine<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let path = vale_path(&report.source.path);
        for d in &report.diagnostics {
            let (start, _) = positions(&report.source, d.span);
            writeln!(
                self.out,
                "{path}:{}:{}:{}:{}",
                start.line,
                start.column,
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
