//! Output: turn file reports into what the user asked for, written to any
//! [`WriteColor`] the caller gives ([`emitter`] picks the format). `human` is
//! the only module that touches codespan-reporting; `json` is the stable
//! machine-readable form documented in docs/src/output.md.

mod batches;
mod concise;
mod excerpt;
mod github;
mod gitlab;
mod html;
mod human;
mod json;
mod sarif;
mod styled;
mod vale_line;
mod visible;
mod write_json;

use std::io::{self, Write};
use std::path::Path;

use termcolor::{Ansi, NoColor, WriteColor};

pub use human::{write_config_error, write_error};
pub use visible::{shown_path, terminal_safe};

use crate::check::FileReport;
use crate::config::Settings;
use crate::source::{SourceFile, Span};
use crate::status::Summary;

/// Where an emitter writes.
pub type Stream<'w> = Box<dyn WriteColor + 'w>;

/// `w` as a [`Stream`], with ANSI colour or without.
pub fn stream<'w>(w: impl Write + 'w, color: bool) -> Stream<'w> {
    if color {
        Box::new(Ansi::new(w))
    } else {
        Box::new(NoColor::new(w))
    }
}

/// The output formats of `galley check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Compiler-style report with the source underlined
    Human,
    /// One line per finding: `path:line:col: severity[rule]: message`
    Concise,
    /// One JSON document: {"diagnostics": [...], "summary": {...}}
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests)
    Github,
    /// GitLab Code Quality report (findings on merge requests)
    Gitlab,
    /// One self-contained HTML page: each article with its findings marked
    /// in place, a summary, filters (write it to a file with --output)
    Html,
    /// One line per finding as Vale's `--output=line` prints it:
    /// path:line:col:rule:message
    ValeLine,
    /// A unified diff of what fixes would change (`--diff`)
    #[value(skip)]
    Diff,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream: `auto` colours a terminal unless
    /// NO_COLOR is set (and not empty).
    pub fn wants_color(self, is_terminal: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        }
    }
}

/// How the output is laid out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layout {
    /// The width of the terminal the human format is read on; `None` when
    /// it is not a terminal (long lines are then cut to a fixed window).
    pub width: Option<usize>,
}

impl Layout {
    /// The layout for standard output: `COLUMNS` when set, else the
    /// terminal's width when standard output is one.
    pub fn of_stdout() -> Layout {
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0);
        let terminal = || terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
        Layout {
            width: columns.or_else(terminal),
        }
    }
}

/// The emitter for `format`: findings to `out`, problems with files to
/// `err` (the machine formats keep those in their document instead).
pub fn emitter<'w>(
    format: OutputFormat,
    settings: &Settings,
    layout: Layout,
    out: Stream<'w>,
    err: Stream<'w>,
) -> Box<dyn Emitter + 'w> {
    match format {
        OutputFormat::Human => Box::new(human::Human::new(out, err, layout.width)),
        OutputFormat::Concise => Box::new(concise::Concise { out, err }),
        OutputFormat::Json => Box::new(json::Json::new(out)),
        OutputFormat::Sarif => Box::new(sarif::Sarif::new(settings, out)),
        OutputFormat::Github => Box::new(github::Github { out }),
        OutputFormat::Gitlab => Box::new(gitlab::Gitlab { out, written: 0 }),
        OutputFormat::Html => Box::new(html::Html::new(out)),
        OutputFormat::ValeLine => Box::new(vale_line::ValeLine { out, err }),
        OutputFormat::Diff => Box::new(Diff { out, err }),
    }
}

/// A way of printing results.
pub trait Emitter {
    fn file(&mut self, report: &FileReport) -> io::Result<()>;
    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()>;
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// A file that could not be checked, as the line formats (concise, Vale's
/// line) write it: `path: error: reason`, on `err`.
pub(crate) fn line_file_error(err: &mut Stream<'_>, path: &Path, reason: &str) -> io::Result<()> {
    writeln!(
        err,
        "{}: error: {}",
        shown_path(path),
        terminal_safe(reason)
    )?;
    err.flush()
}

/// 1-based start and end (exclusive) positions of a span.
pub(crate) fn positions(
    source: &SourceFile,
    span: Span,
) -> (crate::source::LineCol, crate::source::LineCol) {
    (source.line_col(span.start), source.line_col(span.end))
}

/// `--diff`: a unified diff per file that fixes would change; no findings.
struct Diff<'w> {
    out: Stream<'w>,
    err: Stream<'w>,
}

impl Emitter for Diff<'_> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        if let Some(original) = &report.original {
            let path = shown_path(&report.source.path);
            let diff =
                crate::fix::unified_diff(Path::new(&path), &original.text, &report.source.text);
            self.out
                .write_all(visible::terminal_safe_lines(&diff).as_bytes())?;
        }
        self.out.flush()
    }

    fn file_error(&mut self, path: &Path, reason: &str) -> io::Result<()> {
        writeln!(
            self.err,
            "error: {}: {}",
            shown_path(path),
            terminal_safe(reason)
        )?;
        self.err.flush()
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let files = summary.files_fixed;
        writeln!(
            self.err,
            "{} would be changed by {} {}",
            if files == 1 {
                "1 file".to_string()
            } else {
                format!("{files} files")
            },
            summary.fixed,
            if summary.fixed == 1 { "fix" } else { "fixes" }
        )?;
        self.err.flush()
    }
}
