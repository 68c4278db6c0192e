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
use crate::fix::{ReplaceOptions, replace_file};
use crate::rules::prefilter::Triggered;
use crate::rules::{Cancel, Concurrency, Select, Shared, check_selected, cores, threads_for};
use crate::source::{Loaded, SourceError, SourceFile, read_file_limited};
use crate::suppress::{CommentSyntax, Suppressions};
use crate::timings::{Stage, timed};

mod fixpoint;
pub use fixpoint::{FixRun, MAX_PASSES, fix_until_stable};

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
    /// `--fix-read-only`: read-only files are fixed too.
    pub fix_read_only: bool,
    /// Files larger than this many bytes are skipped with a note.
    pub max_file_size: Option<u64>,
    /// Whether other files are checked at the same time.
    pub concurrency: Concurrency,
    /// `--annotate`: findings that no fix settles are written into the
    /// file as comments (a .docx).
    pub annotate: bool,
}

pub use crate::source::DEFAULT_MAX_FILE_SIZE;

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
    /// Something the user should know about this file beyond its findings
    /// (why fixes were not made).
    pub note: Option<String>,
    /// Why the fixes could not be written: the file is unchanged on disk,
    /// and the findings are those of its text as it is.
    pub not_written: Option<String>,
    /// The file's format is not written back: its findings may carry
    /// fixes, to show what to change, but `--fix` makes none of them.
    pub fixes_refused: bool,
    /// The file's new bytes, for a format that writes its fixes and
    /// comments into a file that is not its text (a .docx).
    pub rewritten: Option<Vec<u8>>,
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
    Format::from_path(path).unwrap_or(Format::TEXT)
}

/// Checks text already in memory: parse, run the rules that apply to its
/// path, drop what the text itself suppresses.
pub fn check_source(
    source: &SourceFile,
    format: Format,
    settings: &Settings,
    concurrency: Concurrency,
) -> Vec<Diagnostic> {
    let parsed = Parsed::new(source, format, settings, concurrency);
    let found = parsed.run(settings, concurrency, Select::All);
    finish(source, format, settings, found)
}

/// [`check_source`] that stops early when `cancel` says so (it is asked
/// after parsing, before each rule and at the end): `None` then.
pub fn check_source_until(
    source: &SourceFile,
    format: Format,
    settings: &Settings,
    concurrency: Concurrency,
    cancel: &Cancel,
) -> Option<Vec<Diagnostic>> {
    let mut parsed = Parsed::new(source, format, settings, concurrency);
    parsed.shared = Shared::stopped_by(cancel.clone());
    let found = (!cancel.requested()).then(|| parsed.run(settings, concurrency, Select::All))?;
    (!cancel.requested()).then(|| finish(source, format, settings, found))
}

/// A document read and scanned for its rules' trigger words.
struct Parsed<'s> {
    doc: Document<'s>,
    triggered: Triggered,
    /// What the rules compute from the document and share, kept for the
    /// second run over it (see [`fix_until_stable`]).
    shared: Shared,
}

impl<'s> Parsed<'s> {
    fn new(
        source: &'s SourceFile,
        format: Format,
        settings: &Settings,
        concurrency: Concurrency,
    ) -> Self {
        let t = settings.timings.as_deref();
        let parse = || {
            timed(t, Stage::Parse, || {
                Document::parse(source, format, &settings.article)
            })
        };
        let scan = || {
            timed(t, Stage::TriggerScan, || {
                settings.prefilter.scan(&source.text)
            })
        };
        // A long document is scanned for the rules' trigger words on another
        // thread while it is parsed: neither needs the other. A thread the
        // system refuses is no error: the scan is then made here.
        let (doc, triggered) = if threads_for(source.text.len(), concurrency) > 1 {
            std::thread::scope(|scope| {
                let scanning = std::thread::Builder::new().spawn_scoped(scope, scan);
                let doc = parse();
                let triggered = match scanning {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(_) => scan(),
                };
                (doc, triggered)
            })
        } else {
            (parse(), scan())
        };
        Parsed {
            doc,
            triggered,
            shared: Shared::timed(settings.timings.clone()),
        }
    }

    /// The findings of the rules `select` takes that apply to the
    /// document's path, before suppressions.
    fn run(
        &self,
        settings: &Settings,
        concurrency: Concurrency,
        select: Select,
    ) -> Vec<Diagnostic> {
        let policy = settings.policy_for(&self.doc.source.path);
        check_selected(
            &settings.rules,
            &self.doc,
            policy.as_deref(),
            Some(&self.triggered),
            concurrency,
            select,
            &self.shared,
        )
    }
}

/// Drops from `diagnostics` the words of the vocabulary and what the text
/// suppresses, and adds the problems of its suppression comments.
fn finish(
    source: &SourceFile,
    format: Format,
    settings: &Settings,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let _timer = settings
        .timings
        .as_deref()
        .map(|t| t.start(Stage::Suppressions));
    if !settings.vocabulary.is_empty() {
        diagnostics.retain(|d| !settings.in_vocabulary(d, &source.text));
    }
    // A fix the format cannot write (one that splits a .docx paragraph) is
    // shown, not applied.
    for fix in diagnostics.iter_mut().filter_map(|d| d.fix.as_mut()) {
        if !fix
            .edits
            .iter()
            .all(|e| format.writes_edit(&source.text, e))
        {
            fix.applicability = crate::diagnostic::Applicability::DisplayOnly;
        }
    }
    let mut problems = Vec::new();
    let syntax = if format == Format::HTML {
        CommentSyntax::Html
    } else if format == Format::MARKDOWN {
        CommentSyntax::Markdown
    } else {
        CommentSyntax::Text
    };
    let suppressions =
        Suppressions::parse(source, syntax, |name| settings.knows(name), &mut problems);
    suppressions.filter(source, &mut diagnostics, |rule| settings.pack_of(rule));
    if !problems.is_empty() {
        diagnostics.extend(problems);
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    diagnostics
}

/// Checks (and, as asked, fixes) a decoded source.
pub fn check_loaded(
    source: SourceFile,
    format: Format,
    settings: &Settings,
    options: CheckOptions,
) -> FileReport {
    if options.fix == FixMode::Off {
        let diagnostics = check_source(&source, format, settings, options.concurrency);
        return FileReport {
            source,
            diagnostics,
            original: None,
            fixed: 0,
            note: None,
            not_written: None,
            fixes_refused: false,
            rewritten: None,
        };
    }
    let original = source.clone();
    let run = fix_until_stable(
        source,
        format,
        settings,
        options.unsafe_fixes,
        options.concurrency,
    );
    let changed = run.source.text != original.text;
    FileReport {
        source: run.source,
        diagnostics: run.diagnostics,
        original: changed.then_some(original),
        fixed: run.applied,
        note: None,
        not_written: None,
        fixes_refused: false,
        rewritten: None,
    }
}

/// Reads and checks one file; with [`FixMode::Apply`], writes the fixes.
pub fn check_path(path: &Path, settings: &Settings, options: CheckOptions) -> Outcome {
    let failed = |reason: String| Outcome::Failed {
        path: path.to_path_buf(),
        reason,
    };
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
    // The metadata's size is only a first look: what is read is counted
    // (a device or a FIFO says 0).
    let read = || std::fs::File::open(path).map_err(SourceError::Io);
    let read = || read().and_then(|file| read_file_limited(file, options.max_file_size));
    let bytes = match timed(settings.timings.as_deref(), Stage::Read, read) {
        Ok(bytes) => bytes,
        Err(SourceError::TooLarge { limit, .. }) => return too_large(path, limit),
        Err(err) => return failed(err.to_string()),
    };
    let format = format_for(path);
    let writes = options.fix == FixMode::Apply || options.annotate;
    let file = (writes && format.writes_back()).then(|| bytes.clone());
    let outcome = check_bytes(path, format, bytes, settings, options);
    let Outcome::Checked(mut report) = outcome else {
        return outcome;
    };
    if !writes {
        return Outcome::Checked(report);
    }
    let original = report.original.take();
    let (expected, new) = match (file, report.rewritten.take(), &original) {
        (Some(file), Some(new), _) => (file, new),
        (None, _, Some(original)) => (original.to_bytes(), report.source.to_bytes()),
        _ => {
            report.original = original;
            return Outcome::Checked(report);
        }
    };
    match replace_file(
        path,
        &expected,
        &new,
        ReplaceOptions {
            read_only: options.fix_read_only,
        },
    ) {
        Ok(()) => {
            report.original = original;
            Outcome::Checked(report)
        }
        Err(reason) => {
            // The file is as it was: report what is in it.
            let original = original.unwrap_or_else(|| report.source.clone());
            let mut report = unfixed(original, format, settings, options);
            report.not_written = Some(reason.to_string());
            Outcome::Checked(Box::new(report))
        }
    }
}

/// The report of a file as it is, nothing fixed or written.
fn unfixed(
    source: SourceFile,
    format: Format,
    settings: &Settings,
    options: CheckOptions,
) -> FileReport {
    let options = CheckOptions {
        fix: FixMode::Off,
        ..options
    };
    let mut report = check_loaded(source, format, settings, options);
    locate_all(&mut report, format);
    report
}

/// Writes the fixed text, and with `--annotate` the findings, into the
/// bytes of a file whose format writes back (a .docx). When that cannot be
/// done the report is of the file as it is, saying why.
fn write_back(
    report: &mut FileReport,
    file: &[u8],
    format: Format,
    settings: &Settings,
    options: CheckOptions,
) {
    let original = report.original.as_ref().unwrap_or(&report.source);
    let notes = if options.annotate {
        &report.diagnostics[..]
    } else {
        &[]
    };
    match format.write_back(
        file,
        &original.text,
        &report.source.text,
        notes,
        &settings.docx_author,
    ) {
        Ok(Some(written)) => {
            if written.comments > 0 {
                report.note = Some(match written.comments {
                    1 => "1 finding written as a Word comment".to_string(),
                    n => format!("{n} findings written as Word comments"),
                });
            }
            report.rewritten = Some(written.bytes);
        }
        Ok(None) => {}
        Err(reason) => {
            let original = report
                .original
                .take()
                .unwrap_or_else(|| report.source.clone());
            *report = check_loaded(
                original,
                format,
                settings,
                CheckOptions {
                    fix: FixMode::Off,
                    ..options
                },
            );
            report.not_written = Some(reason);
        }
    }
}

/// A file skipped because it holds more than `limit` bytes.
fn too_large(path: &Path, limit: u64) -> Outcome {
    Outcome::Skipped {
        path: path.to_path_buf(),
        note: Some(format!(
            "skipped: more than the --max-file-size of {limit} bytes"
        )),
    }
}

/// Adds to each finding where it is in the original document, for formats
/// that say (a .docx paragraph).
fn locate_all(report: &mut FileReport, format: Format) {
    for d in &mut report.diagnostics {
        if let Some(note) = format.locate(&report.source, d.span) {
            d.notes.push(note);
        }
    }
}

/// Checks (and, as asked, fixes in memory) the bytes of a file in `format`:
/// the one path every input takes, files and standard input alike.
pub fn check_bytes(
    path: &Path,
    format: Format,
    bytes: Vec<u8>,
    settings: &Settings,
    options: CheckOptions,
) -> Outcome {
    // A format galley cannot rewrite is still checked; only the fixing is
    // skipped, with a note saying so.
    let mut options = options;
    let mut note = None;
    if options.fix != FixMode::Off
        && let Some(reason) = format.refuses_fixes()
    {
        options.fix = FixMode::Off;
        note = Some(reason.to_string());
    }
    let writes = options.fix == FixMode::Apply || options.annotate;
    let file = (writes && format.writes_back()).then(|| bytes.clone());
    let load = || format.load(path, bytes, options.max_file_size);
    let source = match timed(settings.timings.as_deref(), Stage::Decode, load) {
        Ok(Loaded::Text(source)) => source,
        Ok(Loaded::Binary) => {
            return Outcome::Skipped {
                path: path.to_path_buf(),
                note: None,
            };
        }
        Err(SourceError::TooLarge { limit, part }) => {
            let what = part.map_or(String::new(), |part| format!(": {part} expands"));
            return Outcome::Skipped {
                path: path.to_path_buf(),
                note: Some(format!(
                    "skipped{what}: more than the --max-file-size of {limit} bytes"
                )),
            };
        }
        Err(err) => {
            return Outcome::Failed {
                path: path.to_path_buf(),
                reason: err.to_string(),
            };
        }
    };
    let mut report = check_loaded(source, format, settings, options);
    report.note = note;
    report.fixes_refused = format.refuses_fixes().is_some();
    if let Some(file) = file {
        write_back(&mut report, &file, format, settings, options);
    }
    locate_all(&mut report, format);
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
    // One file needs no count of the cores (reading the cgroup's files is a
    // dozen system calls); a long document asks for itself.
    let workers = if files.len() <= 1 {
        1
    } else {
        cores().min(files.len())
    };
    if workers <= 1 {
        // One file at a time: each may take every core.
        let options = CheckOptions {
            concurrency: Concurrency::Alone,
            ..options
        };
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
