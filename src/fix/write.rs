//! Writing files without losing anything: a fixed article replaces the
//! original only if nobody changed it meanwhile, and keeps what the file
//! was (links, owner, group, mode, extended attributes); a report or a
//! baseline goes where its path points, through symbolic links, and only
//! over a regular file.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::source::io_reason;

/// What [`replace_file`] may do beyond the usual.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReplaceOptions {
    /// Rewrite a read-only file (it stays read-only).
    pub read_only: bool,
}

pub use super::swap::CHANGED;

/// The refusal of a read-only file.
const READ_ONLY: &str = "the file is read-only (use --fix-read-only to fix it anyway)";

/// Temporary files are hidden, so that galley's own walks skip one left
/// by a kill, and named for galley.
fn temporary_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".galley-").suffix(".tmp");
    builder
}

/// An empty temporary file in `dir` (where stale ones of a killed run
/// are removed first).
fn temporary_in(dir: &Path) -> Result<tempfile::NamedTempFile, String> {
    super::stale::sweep(dir);
    temporary_builder()
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file: {}", io_reason(&e)))
}

/// Replaces the file at `path`, which must still hold `expected`, with
/// `new`.
///
/// The new bytes go to a temporary file beside the original, which is
/// renamed over it, so a reader (or a crash) sees the old file or the new
/// one, never a mix. Just before the rename the original is looked at
/// again (identity, size, times and bytes); just after, the old file is
/// looked at once more, and an edit that reached it in between is put back
/// and reported. On Linux the new file is swapped in rather than renamed
/// over (see `fix::swap`), so an editor's save that lands just
/// before is swapped back, not lost. On Linux a write lease covers the rename: a program that
/// opens the file meanwhile waits, and gets the original back. A symbolic
/// link is followed and its target replaced.
///
/// The file keeps its owner, group, mode and extended attributes. When the
/// new file cannot be given them (another user's file), the file has
/// several hard links, or another program holds it open, it is written in
/// place instead, under an advisory lock. A file the user may not open for writing is refused, even when
/// its directory would allow the rename; so is a read-only file, unless
/// `options.read_only`.
pub fn replace_file(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    options: ReplaceOptions,
) -> Result<(), WriteError> {
    replace(path, expected, new, options, &mut || {}).map_err(WriteError)
}

/// Why fixed text was not written (the file is left as it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

/// [`replace_file`], with `before_swap` run between the last look at the
/// file and putting the new one in its place (where tests play an editor).
pub(super) fn replace(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    options: ReplaceOptions,
    before_swap: &mut dyn FnMut(),
) -> Result<(), String> {
    let target =
        std::fs::canonicalize(path).map_err(|e| format!("cannot resolve: {}", io_reason(&e)))?;
    let mut file = File::open(&target).map_err(|e| format!("cannot re-read: {}", io_reason(&e)))?;
    let before = file.metadata().map_err(|e| io_reason(&e))?;
    if !before.is_file() {
        return Err("not a regular file".to_string());
    }
    if read_bounded(&mut file, expected.len())? != expected {
        return Err(CHANGED.to_string());
    }
    platform::replace(&target, file, &before, expected, new, options, before_swap)
}

/// Reads `file` from its start, up to one byte more than `len` (enough to
/// tell whether it still holds `len` bytes).
fn read_bounded(file: &mut File, len: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(len);
    file.rewind()
        .and_then(|()| file.take(len as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot re-read: {}", io_reason(&e)))?;
    Ok(bytes)
}

/// Writes `bytes` to `path` (a report, a baseline), replacing what is
/// there atomically. A symbolic link is followed, so its target is written
/// and the link stays; anything there that is not a regular file (a FIFO,
/// a device, a directory) is refused. An existing file keeps its mode; a
/// new one gets `mode` less the umask.
pub fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), String> {
    let mut temp = Destination::resolve(path)?.temporary(mode)?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| io_reason(&e))?;
    Destination::persist(temp, path)
}

/// Where a new file goes: the end of any chain of symbolic links at the
/// path the user gave.
#[derive(Debug)]
pub struct Destination {
    pub path: PathBuf,
    permissions: Option<std::fs::Permissions>,
}

impl Destination {
    /// Follows `path` through symbolic links (a link to a file not yet
    /// there included), and refuses what is not a regular file.
    pub fn resolve(path: &Path) -> Result<Destination, String> {
        let mut at = path.to_path_buf();
        for _ in 0..40 {
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let link = std::fs::read_link(&at).map_err(|e| io_reason(&e))?;
                    at = match at.parent() {
                        Some(dir) => dir.join(link),
                        None => link,
                    };
                }
                Ok(meta) if meta.is_file() => {
                    return Ok(Destination {
                        path: at,
                        permissions: Some(meta.permissions()),
                    });
                }
                Ok(meta) => {
                    let what = if meta.is_dir() {
                        "is a directory"
                    } else {
                        "not a regular file (a FIFO, socket or device)"
                    };
                    return Err(what.to_string());
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Ok(Destination {
                        path: at,
                        permissions: None,
                    });
                }
                Err(e) => return Err(io_reason(&e)),
            }
        }
        Err("too many levels of symbolic links".to_string())
    }

    /// An empty temporary file beside the destination, with the mode the
    /// file will have.
    pub fn temporary(&self, mode: u32) -> Result<tempfile::NamedTempFile, String> {
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        super::stale::sweep(dir);
        // The mode is a Unix file's; elsewhere the permissions below are all
        // there is to keep.
        #[cfg(unix)]
        let builder = {
            let mut builder = temporary_builder();
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
            builder
        };
        #[cfg(not(unix))]
        let builder = {
            let _ = mode;
            temporary_builder()
        };
        let temp = builder
            .tempfile_in(dir)
            .map_err(|e| format!("cannot create a temporary file: {}", io_reason(&e)))?;
        if let Some(permissions) = &self.permissions {
            temp.as_file()
                .set_permissions(permissions.clone())
                .map_err(|e| io_reason(&e))?;
        }
        Ok(temp)
    }

    /// Renames a finished temporary file over the destination of `path`,
    /// resolved again, so that what is there now is what gets replaced.
    pub fn persist(temp: tempfile::NamedTempFile, path: &Path) -> Result<(), String> {
        let destination = Destination::resolve(path)?;
        temp.persist(&destination.path)
            .map(drop)
            .map_err(|e| io_reason(&e.error))
    }
}

/// What identifies a version of a file: where it is, how long, and when it
/// last changed. `changed` is left out after the rename, which changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: Option<(i64, i64)>,
}

impl Version {
    fn of(meta: &std::fs::Metadata) -> Version {
        #[cfg(unix)]
        let (device, inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (
                meta.dev(),
                meta.ino(),
                Some((meta.ctime(), meta.ctime_nsec())),
            )
        };
        #[cfg(not(unix))]
        let (device, inode, changed) = (0, 0, None);
        Version {
            device,
            inode,
            len: meta.len(),
            modified: meta.modified().ok(),
            changed,
        }
    }

    fn content(self) -> Version {
        Version {
            changed: None,
            ..self
        }
    }
}

#[cfg(unix)]
mod platform {
    use super::*;
    use crate::fix::{lease, swap};
    use rustix::fs::{FlockOperation, Gid, Uid, XattrFlags};
    use std::fs::OpenOptions;
    use std::os::unix::fs::MetadataExt;

    pub fn replace(
        target: &Path,
        mut original: File,
        before: &std::fs::Metadata,
        expected: &[u8],
        new: &[u8],
        options: ReplaceOptions,
        before_swap: &mut dyn FnMut(),
    ) -> Result<(), String> {
        let read_only = before.mode() & 0o222 == 0;
        let euid = rustix::process::geteuid().as_raw();
        // Opening for writing is the permission check that counts: write
        // access to the directory alone must not let anyone replace a file
        // they could not edit.
        let writable = if read_only {
            if !options.read_only {
                return Err(READ_ONLY.to_string());
            }
            if euid != 0 && euid != before.uid() {
                return Err("read-only, and not yours to make writable".to_string());
            }
            None
        } else {
            Some(
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(target)
                    .map_err(|e| format!("cannot write: {}", io_reason(&e)))?,
            )
        };
        if before.nlink() > 1 {
            return match writable {
                Some(handle) => in_place(handle, before, expected, new),
                None => Err("read-only, with several hard links".to_string()),
            };
        }
        let dir = target.parent().unwrap_or(Path::new("."));
        let mut temp = temporary_in(dir)?;
        temp.write_all(new)
            .map_err(|e| format!("cannot write: {}", io_reason(&e)))?;
        if !keep_properties(&original, temp.as_file(), before) {
            // The new file cannot be made the old one's equal (another
            // user's file, attributes this user may not set): write in place.
            drop(temp);
            return match writable {
                Some(handle) => in_place(handle, before, expected, new),
                None => Err("cannot keep the file's owner or attributes".to_string()),
            };
        }
        temp.as_file()
            .sync_all()
            .map_err(|e| format!("cannot write: {}", io_reason(&e)))?;
        // From here to the end, a write lease on the original tells whether
        // any other program opens it: one that has it open already gets the
        // file written in place (what it writes lands in the same file), and
        // one that opens it before the rename has its edit put back.
        drop(writable);
        let lease = lease::Lease::take(&original);
        if lease.is_busy() {
            drop(temp);
            let handle = OpenOptions::new()
                .read(true)
                .write(true)
                .open(target)
                .map_err(|e| format!("cannot write: {}", io_reason(&e)))?;
            return in_place(handle, before, expected, new);
        }
        // The last look before the rename.
        let now = std::fs::symlink_metadata(target).map_err(|e| io_reason(&e))?;
        if Version::of(&now) != Version::of(before)
            || super::read_bounded(&mut original, expected.len())? != expected
        {
            return Err(CHANGED.to_string());
        }
        // A second name for the original, to put it back if it is opened
        // while the lease is held (it is removed when dropped).
        let backup = lease
            .is_held()
            .then(|| {
                temporary_builder()
                    .suffix(".old")
                    .make_in(dir, |path| std::fs::hard_link(target, path))
                    .ok()
            })
            .flatten();
        before_swap();
        // The swap itself: on Linux the two files change places, and the
        // one taken out must be the one read (an editor's save renamed
        // over it meanwhile is swapped back and kept).
        swap::swap_in(temp, target, &original, expected)?;
        // And one after: an edit made through a handle opened before the
        // rename went to the old file. Put it back rather than lose it.
        let after = original.metadata().map_err(|e| io_reason(&e))?;
        let touched = Version::of(&after).content() != Version::of(before).content();
        if lease.is_broken() || touched {
            const RACED: &str = "changed on disk while the fixes were written; the other edit was kept and the fixes were not";
            if let Some(backup) = backup {
                // The old file itself goes back: whoever has it open writes
                // to the file at the path once the lease is let go.
                backup.persist(target).map_err(|e| {
                    format!("cannot restore an edit made while writing: {}", e.error)
                })?;
                return Err(RACED.to_string());
            }
            let mut theirs = Vec::new();
            original
                .rewind()
                .and_then(|()| original.read_to_end(&mut theirs))
                .map_err(|e| format!("lost an edit made while writing: {}", io_reason(&e)))?;
            let mut back = temporary_in(dir)
                .map_err(|e| format!("cannot restore an edit made while writing: {e}"))?;
            back.write_all(&theirs)
                .and_then(|()| back.as_file().sync_all())
                .map_err(|e| format!("cannot restore an edit made while writing: {e}"))?;
            keep_properties(&original, back.as_file(), before);
            back.persist(target)
                .map_err(|e| format!("cannot restore an edit made while writing: {}", e.error))?;
            return Err(RACED.to_string());
        }
        Ok(())
    }

    /// Gives `new` the owner, group, extended attributes and mode of
    /// `old`; false if any of them could not be given.
    fn keep_properties(old: &File, new: &File, before: &std::fs::Metadata) -> bool {
        let Ok(made) = new.metadata() else {
            return false;
        };
        if (made.uid(), made.gid()) != (before.uid(), before.gid()) {
            let owner = (made.uid() != before.uid()).then(|| Uid::from_raw(before.uid()));
            let group = (made.gid() != before.gid()).then(|| Gid::from_raw(before.gid()));
            if rustix::fs::fchown(new, owner, group).is_err() {
                return false;
            }
        }
        copy_xattrs(old, new) && new.set_permissions(before.permissions()).is_ok()
    }

    /// Copies every extended attribute of `from` to `to`. A file system
    /// without them has nothing to copy.
    fn copy_xattrs(from: &File, to: &File) -> bool {
        let size = match rustix::fs::flistxattr_query(from) {
            Ok(0) => return true,
            Ok(size) => size,
            Err(e) if e == rustix::io::Errno::NOTSUP => return true,
            Err(_) => return false,
        };
        let mut names = vec![0u8; size];
        let Ok(len) = rustix::fs::flistxattr(from, &mut names[..]) else {
            return false;
        };
        for name in names[..len].split(|&b| b == 0).filter(|n| !n.is_empty()) {
            let Ok(name) = std::ffi::CString::new(name) else {
                return false;
            };
            let Ok(size) = rustix::fs::fgetxattr_query(from, name.as_c_str()) else {
                return false;
            };
            let mut value = vec![0u8; size];
            let Ok(len) = rustix::fs::fgetxattr(from, name.as_c_str(), &mut value[..]) else {
                return false;
            };
            if rustix::fs::fsetxattr(to, name.as_c_str(), &value[..len], XattrFlags::empty())
                .is_err()
            {
                return false;
            }
        }
        true
    }

    /// Rewrites the file through `handle` (open for reading and writing)
    /// under an exclusive advisory lock, after checking again that it holds
    /// `expected`. The file stays the same file: its links, owner and
    /// attributes are untouched.
    fn in_place(
        mut handle: File,
        before: &std::fs::Metadata,
        expected: &[u8],
        new: &[u8],
    ) -> Result<(), String> {
        rustix::fs::flock(&handle, FlockOperation::LockExclusive)
            .map_err(|e| format!("cannot lock the file: {e}"))?;
        let now = handle.metadata().map_err(|e| io_reason(&e))?;
        if Version::of(&now) != Version::of(before)
            || super::read_bounded(&mut handle, expected.len())? != expected
        {
            return Err(CHANGED.to_string());
        }
        // Cut to the new length first, then write: a line another program
        // appends meanwhile lands after the new text instead of being cut.
        handle
            .set_len(new.len() as u64)
            .and_then(|()| handle.rewind())
            .and_then(|()| handle.write_all(new))
            .and_then(|()| handle.sync_all())
            .map_err(|e| format!("cannot write: {}", io_reason(&e)))
        // The lock goes with the handle.
    }
}

#[cfg(not(unix))]
mod platform {
    use super::*;

    pub fn replace(
        target: &Path,
        mut original: File,
        before: &std::fs::Metadata,
        expected: &[u8],
        new: &[u8],
        options: ReplaceOptions,
        before_swap: &mut dyn FnMut(),
    ) -> Result<(), String> {
        if before.permissions().readonly() && !options.read_only {
            return Err(READ_ONLY.to_string());
        }
        let dir = target.parent().unwrap_or(Path::new("."));
        let mut temp = temporary_in(dir)?;
        temp.write_all(new)
            .and_then(|()| temp.as_file().sync_all())
            .and_then(|()| temp.as_file().set_permissions(before.permissions()))
            .map_err(|e| format!("cannot write: {}", io_reason(&e)))?;
        let now = std::fs::metadata(target).map_err(|e| io_reason(&e))?;
        if Version::of(&now).content() != Version::of(before).content()
            || super::read_bounded(&mut original, expected.len())? != expected
        {
            return Err(CHANGED.to_string());
        }
        before_swap();
        crate::fix::swap::swap_in(temp, target, &original, expected)
    }
}

#[cfg(test)]
mod swap_tests {
    #[cfg(target_os = "linux")]
    use super::CHANGED;
    use super::{ReplaceOptions, replace};
    use std::path::Path;

    /// What an editor does on save: write the whole text to a temporary
    /// file beside the article and rename it over the article. Only Linux
    /// swaps with a check of what was swapped out (`fix/swap.rs`).
    #[cfg(target_os = "linux")]
    fn editor_save(path: &Path, text: &str) {
        let temp = path.with_file_name(".story.txt.swp");
        std::fs::write(&temp, text).unwrap();
        std::fs::rename(&temp, path).unwrap();
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "story.txt")
            .collect()
    }

    /// The editor's save lands after galley's last look at the file and
    /// before galley puts its fixed copy in place: the save is kept and
    /// the fixes are reported as not written.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_editor_save_just_before_the_swap_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        std::fs::write(&path, "the old text\n").unwrap();
        let result = replace(
            &path,
            b"the old text\n",
            b"the fixed text\n",
            ReplaceOptions::default(),
            &mut || editor_save(&path, "the editor's newer text\n"),
        );
        assert_eq!(result, Err(CHANGED.to_string()));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "the editor's newer text\n"
        );
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
    }

    /// The same text saved again (a new file with the bytes galley read) is
    /// still another file: an editor's buffer may differ the next moment,
    /// and its undo history is for that file, so it is kept too.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_of_the_same_bytes_is_still_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        std::fs::write(&path, "the old text\n").unwrap();
        let result = replace(
            &path,
            b"the old text\n",
            b"the fixed text\n",
            ReplaceOptions::default(),
            &mut || editor_save(&path, "the old text\n"),
        );
        assert_eq!(result, Err(CHANGED.to_string()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the old text\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    /// Nobody in between: the fixed file takes the place, the old one and
    /// the temporary name are gone.
    #[test]
    fn with_nobody_in_between_the_fix_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        std::fs::write(&path, "the old text\n").unwrap();
        let result = replace(
            &path,
            b"the old text\n",
            b"the fixed text\n",
            ReplaceOptions::default(),
            &mut || {},
        );
        assert_eq!(result, Ok(()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the fixed text\n");
        assert!(leftovers(dir.path()).is_empty());
    }
}
