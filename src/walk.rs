//! Finding the files to check: explicit files as given, directories walked
//! with the `ignore` crate (honouring .gitignore, .ignore and .galleyignore,
//! skipping hidden files) in parallel; the result sorted by path.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use crate::document::Format;
use crate::source::io_reason;

/// What walking the command-line paths found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Files to check, sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read.
    pub errors: Vec<WalkError>,
}

/// A path that could not be walked, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkError {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for WalkError {}

/// Collects the article files under `paths`.
///
/// A file named explicitly is checked whatever its extension (as plain text
/// unless its extension says Markdown); in a directory only files of a known
/// article format are taken.
pub fn collect(paths: &[PathBuf]) -> Walked {
    let mut walked = Walked::default();
    let mut dirs = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => dirs.push(path.clone()),
            Ok(_) => walked.files.push(without_dot_segments(path)),
            Err(err) => walked.errors.push(WalkError {
                path: path.clone(),
                reason: io_reason(&err),
            }),
        }
    }
    if let Some((first, rest)) = dirs.split_first() {
        let found = Mutex::new((Vec::new(), Vec::new()));
        let mut builder = WalkBuilder::new(first);
        for dir in rest {
            builder.add(dir);
        }
        builder.add_custom_ignore_filename(".galleyignore");
        builder.build_parallel().run(|| {
            let found = &found;
            Box::new(move |entry| {
                let mut guard = found.lock().unwrap_or_else(|e| e.into_inner());
                match entry {
                    Ok(entry) => {
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        if is_file && is_article(entry.path()) {
                            guard.0.push(entry.into_path());
                        }
                    }
                    Err(err) => guard.1.push(walk_error(err)),
                }
                WalkState::Continue
            })
        });
        let (mut files, errors) = found.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort();
        // Walking `.` gives `./a.txt`; print `a.txt`, as the user would.
        let walks_dot = dirs.iter().any(|d| d.as_os_str() == ".");
        walked.files.extend(
            files
                .into_iter()
                .map(|path: PathBuf| match path.strip_prefix(".") {
                    Ok(rest) if walks_dot && !rest.as_os_str().is_empty() => rest.to_path_buf(),
                    _ => path,
                }),
        );
        walked.errors.extend(errors);
    }
    // Files named on the command line come first, as given, then the
    // walked ones in order: of two names for one file the first is kept.
    dedup_same_file(&mut walked.files);
    walked.files.sort();
    walked.errors.sort();
    walked
}

/// `./a.txt` as `a.txt`: the path the user means, printed as they would.
fn without_dot_segments(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        cleaned
    }
}

/// Keeps the first path of each file: `a.txt` named twice, in different
/// spellings (`sub/../a.txt`) or under two hard links, is checked and fixed
/// once. A path whose identity cannot be read is kept (its error is
/// reported when it is read) unless the same spelling came before.
fn dedup_same_file(files: &mut Vec<PathBuf>) {
    let mut seen = std::collections::HashSet::new();
    let mut spelled = std::collections::HashSet::new();
    files.retain(|path| {
        spelled.insert(path.clone())
            && match file_identity(path) {
                Some(id) => seen.insert(id),
                None => true,
            }
    });
}

#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// A file galley reads when it meets one in a directory.
pub fn is_article(path: &Path) -> bool {
    Format::from_path(path).is_some()
}

fn walk_error(err: ignore::Error) -> WalkError {
    let path = error_path(&err).unwrap_or_default();
    let reason = match root_io(&err) {
        Some(io) => io_reason(io),
        None => match &err {
            ignore::Error::Loop { .. } => "symbolic link loop".to_string(),
            other => other.to_string(),
        },
    };
    WalkError { path, reason }
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn root_io(err: &ignore::Error) -> Option<&std::io::Error> {
    match err {
        ignore::Error::Io(io) => Some(io),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => root_io(err),
        _ => None,
    }
}
