//! Checking files: read, parse, run the rules (with per-path overrides and
//! in-text suppressions), fix if asked, and hand the results back in path
//! order while the work runs on every core.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::fix::{apply_fixes, write_atomic};
use crate::rules::check_document;
use crate::source::io_reason;
use crate::source::{Loaded, SourceError, SourceFile};
use crate::suppress::Suppressions;

/// What to do with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Report only.
    #[default]
    Off,
    /// Apply fixes and write the file.
    Apply,
    /// Compute the fixed text but write nothing (for `--diff`).
    Preview,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    pub fix: FixMode,
    pub unsafe_fixes: bool,
    /// Files larger than this many bytes are skipped with a note.
    pub max_file_size: Option<u64>,
}

/// The default `--max-file-size`: an article is kilobytes; ten megabytes of
/// text is a data dump, and checking it would only take time and memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The findings in one file, with the source they point into.
#[derive(Debug)]
pub struct FileReport {
    /// The text the diagnostics point into: after fixing, when fixing.
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// The text before fixing, when fixes changed it.
    pub original: Option<SourceFile>,
    /// How many fixes went in.
    pub fixed: usize,
}

/// What checking one path gave.
#[derive(Debug)]
pub enum Outcome {
    Checked(Box<FileReport>),
    /// Not checked: a binary file (quietly, `note` is `None`) or one over
    /// the size limit (with a note for the user).
    Skipped {
        path: PathBuf,
        note: Option<String>,
    },
    /// The file could not be read, decoded or written.
    Failed {
        path: PathBuf,
        reason: String,
    },
}

/// The format a file is read in: by extension, plain text otherwise.
pub fn format_for(path: &Path) -> Format {
    Format::from_path(path).unwrap_or(Format::Text)
}

/// Checks text already in memory: parse, run the rules that apply to its
/// path, drop what the text itself suppresses.
pub fn check_source(source: &SourceFile, format: Format, settings: &Settings) -> Vec<Diagnostic> {
    let doc = Document::parse(source, format, &settings.article);
    let policy = settings.policy_for(&source.path);
    let triggered = settings.prefilter.scan(&source.text);
    let mut diagnostics =
        check_document(&settings.rules, &doc, policy.as_deref(), Some(&triggered));
    let mut problems = Vec::new();
    let suppressions = Suppressions::parse(source, |name| settings.knows(name), &mut problems);
    suppressions.filter(source, &mut diagnostics, |rule| settings.pack_of(rule));
    if !problems.is_empty() {
        diagnostics.extend(problems);
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    diagnostics
}

/// Most check-and-fix passes over one file; fixes that overlap in one pass
/// go in on a later one, and a rule pair that keeps undoing each other's
/// fixes stops here.
pub const MAX_PASSES: usize = 8;

/// A file fixed as far as it goes.
#[derive(Debug)]
pub struct FixRun {
    /// The text after fixing.
    pub source: SourceFile,
    /// Findings that remain in the fixed text.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes went in, over all passes.
    pub applied: usize,
}

/// Checks and fixes `source` repeatedly until no applicable fix is left (or
/// [`MAX_PASSES`] is reached): the fixpoint that makes `--fix` idempotent.
pub fn fix_until_stable(
    source: SourceFile,
    format: Format,
    settings: &Settings,
    unsafe_fixes: bool,
) -> FixRun {
    let mut source = source;
    let mut applied = 0;
    let mut diagnostics = check_source(&source, format, settings);
    for _ in 0..MAX_PASSES {
        let fixed = apply_fixes(&source.text, &diagnostics, unsafe_fixes);
        if fixed.applied == 0 || fixed.text == source.text {
            break;
        }
        applied += fixed.applied;
        source = source.with_text(fixed.text);
        diagnostics = check_source(&source, format, settings);
    }
    FixRun {
        source,
        diagnostics,
        applied,
    }
}

/// Checks (and, as asked, fixes) a decoded source.
pub fn check_loaded(
    source: SourceFile,
    format: Format,
    settings: &Settings,
    options: CheckOptions,
) -> FileReport {
    if options.fix == FixMode::Off {
        let diagnostics = check_source(&source, format, settings);
        return FileReport {
            source,
            diagnostics,
            original: None,
            fixed: 0,
        };
    }
    let original = source.clone();
    let run = fix_until_stable(source, format, settings, options.unsafe_fixes);
    let changed = run.source.text != original.text;
    FileReport {
        source: run.source,
        diagnostics: run.diagnostics,
        original: changed.then_some(original),
        fixed: run.applied,
    }
}

/// Reads and checks one file; with [`FixMode::Apply`], writes the fixes.
pub fn check_path(path: &Path, settings: &Settings, options: CheckOptions) -> Outcome {
    if let Some(limit) = options.max_file_size
        && let Ok(meta) = std::fs::metadata(path)
        && meta.len() > limit
    {
        return Outcome::Skipped {
            path: path.to_path_buf(),
            note: Some(format!(
                "skipped: {} bytes is over the --max-file-size of {limit} bytes",
                meta.len()
            )),
        };
    }
    let format = format_for(path);
    if format == Format::Docx {
        return check_docx(path, settings, options);
    }
    let source = match SourceFile::read(path) {
        Ok(Loaded::Text(source)) => source,
        Ok(Loaded::Binary) => {
            return Outcome::Skipped {
                path: path.to_path_buf(),
                note: None,
            };
        }
        Err(err) => {
            return Outcome::Failed {
                path: path.to_path_buf(),
                reason: match err {
                    SourceError::Io(io) => io_reason(&io),
                    other => other.to_string(),
                },
            };
        }
    };
    if format == Format::Html
        && let Some(reason) = crate::document::html::fatal_error(&source.text)
    {
        return Outcome::Failed {
            path: path.to_path_buf(),
            reason,
        };
    }
    let report = check_loaded(source, format, settings, options);
    if options.fix == FixMode::Apply
        && let Some(original) = &report.original
        && let Err(reason) = write_atomic(path, &original.to_bytes(), &report.source.to_bytes())
    {
        return Outcome::Failed {
            path: path.to_path_buf(),
            reason: format!("fixes not written: {reason}"),
        };
    }
    Outcome::Checked(Box::new(report))
}

/// A .docx: its text is extracted and checked; each finding gets a note
/// that a Word user can follow (paragraph number and the words around it).
/// Fixes are refused: rewriting the document's XML safely is not done yet,
/// and a corrupted document is worse than a manual fix.
fn check_docx(path: &Path, settings: &Settings, options: CheckOptions) -> Outcome {
    let failed = |reason: String| Outcome::Failed {
        path: path.to_path_buf(),
        reason,
    };
    if options.fix != FixMode::Off {
        return failed("--fix and --diff do not rewrite .docx files; run without them and make the fixes in Word".to_string());
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return failed(io_reason(&err)),
    };
    let extracted = match crate::docx::extract(&bytes) {
        Ok(extracted) => extracted,
        Err(reason) => return failed(reason),
    };
    let mut source = SourceFile::new(path, extracted.text);
    source.paragraph_styles = Some(extracted.styles);
    let mut report = check_loaded(source, Format::Docx, settings, options);
    for d in &mut report.diagnostics {
        let line = report.source.line_index(d.span.start);
        let paragraph = report.source.slice(report.source.line_span(line));
        let at = d.span.start - report.source.line_starts()[line];
        let from = paragraph[..at]
            .char_indices()
            .rev()
            .nth(30)
            .map_or(0, |(i, _)| i);
        let to = paragraph[at..]
            .char_indices()
            .nth(40)
            .map_or(paragraph.len(), |(i, _)| at + i);
        d.notes.push(format!(
            "in Word: paragraph {}, “…{}…”",
            line + 1,
            paragraph[from..to].trim()
        ));
    }
    Outcome::Checked(Box::new(report))
}

/// Checks `files` on all cores and calls `each` with every outcome, in the
/// order of `files`. Only the results that arrive ahead of their turn are
/// held in memory.
pub fn check_all(
    files: &[PathBuf],
    settings: &Settings,
    options: CheckOptions,
    mut each: impl FnMut(Outcome),
) {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    if workers <= 1 {
        for path in files {
            each(check_path(path, settings, options));
        }
        return;
    }
    // Files are handed out in chunks, so that a worker wakes the printing
    // thread once per chunk rather than once per file; chunks stay small
    // enough to balance the load.
    let chunk = (files.len() / (workers * 16)).clamp(1, 32);
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel::<(usize, Vec<Outcome>)>(workers * 2);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let start = next.fetch_add(chunk, Ordering::Relaxed);
                    if start >= files.len() {
                        break;
                    }
                    let end = (start + chunk).min(files.len());
                    let outcomes = files[start..end]
                        .iter()
                        .map(|path| check_path(path, settings, options))
                        .collect();
                    if tx.send((start, outcomes)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut turn = 0;
        for (start, outcomes) in rx {
            pending.insert(start, outcomes);
            while let Some(outcomes) = pending.remove(&turn) {
                turn += outcomes.len();
                outcomes.into_iter().for_each(&mut each);
            }
        }
    });
}
