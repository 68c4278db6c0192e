//! The github format: GitHub Actions workflow commands, so that findings show
//! as annotations on the pull request's changed lines.

use std::io::{self, Write};
use std::path::Path;

use super::{Emitter, Stream, Summary, positions, visible::terminal_safe_lines};
use crate::check::FileReport;
use crate::diagnostic::Severity;

/// Writes everything to `out`: GitHub reads workflow commands there.
pub struct Github<'w> {
    pub(super) out: Stream<'w>,
}

/// Escapes a command's message (data). Its text is made terminal-safe
/// first (GitHub shows the log in a terminal view), line breaks kept: the
/// workflow command's own escape carries them.
fn data(s: &str) -> String {
    terminal_safe_lines(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Emitter for Github<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let out = &mut self.out;
        let path = property(&report.source.path.display().to_string());
        for d in &report.diagnostics {
            let (start, end) = positions(&report.source, d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = data(&d.message);
            if let Some(help) = &d.help {
                message.push_str("%0Ahelp: ");
                message.push_str(&data(help));
            }
            writeln!(
                out,
                "::{command} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                start.line,
                start.column,
                end.line,
                end.column,
                property(&format!("galley {}", d.rule)),
                message
            )?;
        }
        out.flush()
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        writeln!(
            self.out,
            "::error file={},title=galley::{}",
            property(&path.display().to_string()),
            data(reason)
        )?;
        self.out.flush()
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            property("evil\u{1b}]0;x\u{7}\u{202e}.txt"),
            r"evil\u{1b}]0;x\u{7}\u{202e}.txt"
        );
    }
}
