//! Checking files: read, parse, run the rules, and hand the results back in
//! path order while the work runs on every core.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::rules::check_document;
use crate::source::{Loaded, SourceError, SourceFile};
use crate::walk::io_reason;

/// The findings in one file, with the source they point into.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// What checking one path gave.
#[derive(Debug)]
pub enum Outcome {
    Checked(FileReport),
    /// A binary file, skipped quietly.
    Skipped(PathBuf),
    /// The file could not be read or decoded.
    Failed {
        path: PathBuf,
        reason: String,
    },
}

/// The format a file is read in: by extension, plain text otherwise.
pub fn format_for(path: &Path) -> Format {
    Format::from_path(path).unwrap_or(Format::Text)
}

/// Checks text already in memory.
pub fn check_source(source: &SourceFile, format: Format, settings: &Settings) -> Vec<Diagnostic> {
    let doc = Document::parse(source, format, &settings.article);
    check_document(&settings.rules, &doc)
}

/// Reads and checks one file.
pub fn check_path(path: &Path, settings: &Settings) -> Outcome {
    match SourceFile::read(path) {
        Ok(Loaded::Text(source)) => {
            let diagnostics = check_source(&source, format_for(path), settings);
            Outcome::Checked(FileReport {
                source,
                diagnostics,
            })
        }
        Ok(Loaded::Binary) => Outcome::Skipped(path.to_path_buf()),
        Err(err) => Outcome::Failed {
            path: path.to_path_buf(),
            reason: match err {
                SourceError::Io(io) => io_reason(&io),
                other => other.to_string(),
            },
        },
    }
}

/// Checks `files` on all cores and calls `each` with every outcome, in the
/// order of `files`. Only the results that arrive ahead of their turn are
/// held in memory.
pub fn check_all(files: &[PathBuf], settings: &Settings, mut each: impl FnMut(Outcome)) {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    if workers <= 1 {
        for path in files {
            each(check_path(path, settings));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(workers * 4);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if tx.send((i, check_path(path, settings))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut turn = 0;
        for (i, outcome) in rx {
            pending.insert(i, outcome);
            while let Some(outcome) = pending.remove(&turn) {
                each(outcome);
                turn += 1;
            }
        }
    });
}
