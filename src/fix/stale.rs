//! Temporary files a killed run left behind: `.galley-XXXXXX.tmp` (a fixed
//! copy not yet renamed) and `.galley-XXXXXX.old` (the second name an
//! original keeps while a lease is held). The next run that writes in the
//! same folder removes them, but only galley's own (by the exact name
//! pattern) and only old ones (by age), so a run going on beside it keeps
//! its files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Older than this, a temporary file belongs to no running write: one
/// lives for the time it takes to write and rename one article.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Folders already swept in this run.
static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// Whether `name` is one of galley's temporary names: `.galley-`, six
/// letters or digits (tempfile's random part), then `.tmp` or `.old`.
pub fn is_galley_temporary(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(".galley-") else {
        return false;
    };
    let Some(random) = rest
        .strip_suffix(".tmp")
        .or_else(|| rest.strip_suffix(".old"))
    else {
        return false;
    };
    random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Removes galley's stale temporary files from `dir`, once per run. What
/// cannot be read or removed is left: sweeping never fails a write.
pub fn sweep(dir: &Path) {
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if !swept
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    sweep_now(dir, SystemTime::now());
}

fn sweep_now(dir: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_galley_temporary) {
            continue;
        }
        // Not followed: a link or a folder by that name is not ours.
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|at| now.duration_since(at).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if meta.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_galley_names() {
        assert!(is_galley_temporary(".galley-a1B2c3.tmp"));
        assert!(is_galley_temporary(".galley-a1B2c3.old"));
        for name in [
            ".galley-notes.txt",
            ".galley-a1B2c.tmp",
            ".galley-a1B2c3d.tmp",
            "galley-a1B2c3.tmp",
            ".galley-a1-2c3.tmp",
            "story.txt",
        ] {
            assert!(!is_galley_temporary(name), "{name}");
        }
    }
}
