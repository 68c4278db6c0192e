//! The human format: compiler-style diagnostics rendered by
//! codespan-reporting, with colour on a terminal.

use std::io::{self, Write};
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use termcolor::WriteColor;

use super::excerpt::Excerpt;
use super::styled::Styled;
use super::{Emitter, Stream, Summary, batches, shown_path, terminal_safe};
use crate::check::FileReport;
use crate::config::ConfigError;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

pub struct Human<'w> {
    out: Stream<'w>,
    err: Stream<'w>,
    config: Config,
    /// The terminal's width, to cut long lines to; `None` when not known.
    width: Option<usize>,
}

impl<'w> Human<'w> {
    pub(super) fn new(out: Stream<'w>, err: Stream<'w>, width: Option<usize>) -> Self {
        Human {
            out,
            err,
            config: Config::default(),
            width,
        }
    }
}

/// Renders one finding of `report` into `out`; `width` is the terminal's.
fn render(
    config: &Config,
    width: Option<usize>,
    report: &FileReport,
    d: &Diagnostic,
    out: &mut Styled,
) -> io::Result<()> {
    let spans: Vec<_> = std::iter::once(d.span)
        .chain(d.related.iter().map(|r| r.span))
        .collect();
    let file = Excerpt::new(&report.source, &spans, width);
    let mut primary = Label::primary((), file.map(d.span));
    if let Some(label) = &d.label {
        primary = primary.with_message(terminal_safe(label));
    }
    let labels = std::iter::once(primary)
        .chain(d.related.iter().map(|r| {
            Label::secondary((), file.map(r.span)).with_message(terminal_safe(&r.message))
        }))
        .collect();
    let mut notes: Vec<String> = d
        .notes
        .iter()
        .map(|n| terminal_safe(n).into_owned())
        .collect();
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", terminal_safe(help)));
    }
    let diagnostic = CsDiagnostic::new(severity(d.severity))
        .with_code(d.rule.to_string())
        .with_message(terminal_safe(&d.message))
        .with_labels(labels)
        .with_notes(notes);
    term::emit_to_write_style(out, config, &file, &diagnostic).map_err(io::Error::other)
}

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

impl Emitter for Human<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let all = &report.diagnostics;
        if all.is_empty() {
            return Ok(());
        }
        let (config, width) = (&self.config, self.width);
        let threads = batches::threads_for(all.len());
        let color = self.out.supports_color();
        if threads == 1 {
            let mut buf = Styled::new(color);
            for d in all {
                render(config, width, report, d, &mut buf)?;
                buf.write_to(&mut self.out)?;
            }
        } else {
            let out = &mut self.out;
            batches::render(
                all,
                threads,
                || Styled::new(color),
                |part, buf| {
                    part.iter()
                        .try_for_each(|d| render(config, width, report, d, buf))
                },
                |mut buf| buf.write_to(out),
            )?;
        }
        self.out.flush()
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        let message = format!("{}: {}", shown_path(path), terminal_safe(reason));
        write_error(&mut self.err, &message)?;
        self.err.flush()
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let out = &mut self.out;
        if summary.fixed > 0 {
            writeln!(
                out,
                "fixed {} in {}",
                plural(summary.fixed, "finding"),
                plural(summary.files_fixed, "file")
            )?;
        }
        if summary.baselined > 0 {
            writeln!(
                out,
                "{} accepted by the baseline",
                plural(summary.baselined, "finding")
            )?;
        }
        let files = plural(summary.files_checked, "file");
        let found = summary.errors + summary.warnings + summary.infos;
        if found == 0 {
            writeln!(out, "no problems found in {files}")?;
        } else {
            let mut parts = Vec::new();
            for (n, what) in [
                (summary.errors, "error"),
                (summary.warnings, "warning"),
                (summary.infos, "note"),
            ] {
                if n > 0 {
                    parts.push(plural(n, what));
                }
            }
            writeln!(out, "found {} in {files}", parts.join(", "))?;
            match (summary.fixable, summary.unsafe_fixable) {
                (0, 0) => {}
                (safe, 0) => writeln!(out, "{} can be fixed with --fix", plural(safe, "finding"))?,
                (0, risky) => writeln!(
                    out,
                    "{} can be fixed with --unsafe-fixes",
                    plural(risky, "finding")
                )?,
                (safe, risky) => writeln!(
                    out,
                    "{} can be fixed with --fix ({risky} more with --unsafe-fixes)",
                    plural(safe, "finding")
                )?,
            }
        }
        if summary.io_errors > 0 {
            writeln!(
                out,
                "{} could not be read",
                plural(summary.io_errors, "path")
            )?;
        }
        if summary.write_errors > 0 {
            writeln!(
                out,
                "{} could not be written",
                plural(summary.write_errors, "file")
            )?;
        }
        out.flush()
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn write_error(w: &mut (impl WriteColor + ?Sized), message: &str) -> io::Result<()> {
    use termcolor::{Color, ColorSpec};
    w.set_color(ColorSpec::new().set_fg(Some(Color::Red)).set_bold(true))?;
    write!(w, "error")?;
    w.reset()?;
    writeln!(w, ": {message}")
}

/// Writes a configuration or pack error, in place in the TOML file when
/// its text is known.
pub fn write_config_error(w: &mut dyn WriteColor, err: &ConfigError) -> io::Result<()> {
    if let (Some(path), Some(text), Some(span)) = (&err.path, &err.text, &err.span) {
        // Cut to windows around the place, as findings are: a pattern or a
        // name a megabyte long is not printed whole.
        let source = SourceFile::new(path, text.as_str());
        let start = span.start.min(text.len());
        let span = Span::new(start, span.end.clamp(start, text.len()));
        let fits = source.text.len() == text.len()
            && source.text.is_char_boundary(span.start)
            && source.text.is_char_boundary(span.end);
        if !fits {
            // A byte order mark moved the offsets: the plain file.
            let file = SimpleFile::new(shown_path(path), text.as_str());
            let diagnostic = CsDiagnostic::error()
                .with_message(terminal_safe(&err.message))
                .with_labels(vec![Label::primary((), span.start..span.end)])
                .with_notes(help_notes(err));
            if emit_styled(w, &file, &diagnostic)? {
                return w.flush();
            }
        }
        let file = Excerpt::new(&source, &[span], None);
        let diagnostic = CsDiagnostic::error()
            .with_message(terminal_safe(&err.message))
            .with_labels(vec![Label::primary((), file.map(span))])
            .with_notes(help_notes(err));
        if emit_styled(w, &file, &diagnostic)? {
            return w.flush();
        }
    }
    write_error(w, &err.to_string())?;
    if let Some(help) = &err.help {
        writeln!(w, "  help: {}", terminal_safe(help))?;
    }
    w.flush()
}

/// Renders `diagnostic` with the default config and writes it to `w` in
/// colour if `w` takes it; false (nothing written) if it cannot be
/// rendered.
fn emit_styled<'f>(
    w: &mut dyn WriteColor,
    file: &'f impl codespan_reporting::files::Files<'f, FileId = ()>,
    diagnostic: &CsDiagnostic<()>,
) -> io::Result<bool> {
    let mut buf = Styled::new(w.supports_color());
    if term::emit_to_write_style(&mut buf, &Config::default(), file, diagnostic).is_err() {
        return Ok(false);
    }
    buf.write_to(w)?;
    Ok(true)
}

/// A configuration error's help, as a codespan note.
fn help_notes(err: &ConfigError) -> Vec<String> {
    err.help
        .iter()
        .map(|h| format!("help: {}", terminal_safe(h)))
        .collect()
}
