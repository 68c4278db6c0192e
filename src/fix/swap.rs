//! The last step of replacing a file: putting the new file in its place in
//! a way that cannot replace a newer save.
//!
//! Editors save by writing a temporary file and renaming it over the
//! article. A plain rename by galley after its last look at the file
//! would throw such a save away if it landed in between. On Linux the
//! new file is swapped in with `renameat2(RENAME_EXCHANGE)`: the file
//! taken out is still there, under the temporary name, so galley can check
//! that it is the one it read (same device and inode, same bytes) and
//! swap back if it is not. Where the exchange is not available (another
//! system, or a file system without it) the new file is renamed over the
//! original after the checks made just before, which narrows the window
//! to the rename itself but cannot close it.

use std::fs::File;
use std::path::Path;

use crate::source::io_reason;

/// The refusal when the file is not what was read.
pub const CHANGED: &str = "changed on disk since it was read";

/// Puts `temp` at `target`, which must still be the file `original` was
/// opened on and hold `expected`; otherwise the file at `target` is left
/// as it is and the answer is [`CHANGED`].
pub fn swap_in(
    temp: tempfile::NamedTempFile,
    target: &Path,
    original: &File,
    expected: &[u8],
) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    match exchange(temp.path(), target) {
        Ok(()) => return check_swapped_out(temp, target, original, expected),
        Err(e) if e == rustix::io::Errno::NOENT => return Err(CHANGED.to_string()),
        // No exchange here (an old kernel, a file system without it): the
        // rename below, as on other systems.
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
        Err(e) => {
            return Err(format!(
                "cannot replace the file: {}",
                io_reason(&std::io::Error::from(e))
            ));
        }
    }
    let _ = (original, expected);
    temp.persist(target)
        .map(drop)
        .map_err(|e| format!("cannot replace the file: {}", io_reason(&e.error)))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> rustix::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)
}

/// After the exchange `temp`'s name holds what was at `target`: if that is
/// not the file galley read, whole and unchanged, the two go back.
#[cfg(target_os = "linux")]
fn check_swapped_out(
    mut temp: tempfile::NamedTempFile,
    target: &Path,
    original: &File,
    expected: &[u8],
) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let out = std::fs::symlink_metadata(temp.path());
    let read = original.metadata();
    let same_file = match (&out, &read) {
        (Ok(out), Ok(read)) => out.dev() == read.dev() && out.ino() == read.ino(),
        _ => false,
    };
    let same_bytes = same_file && holds(original, expected);
    if same_file && same_bytes {
        // The temporary name now holds the old file; dropping `temp`
        // removes that name.
        return Ok(());
    }
    // Someone else's file was taken out: put it back. The temporary name
    // then holds galley's new file again, removed with `temp`.
    if exchange(temp.path(), target).is_err() {
        // Their file back over galley's, by a plain rename: the fixes are
        // lost, the save is not.
        let back = temp.path().to_path_buf();
        temp.disable_cleanup(true);
        std::fs::rename(&back, target).map_err(|e| {
            format!(
                "changed on disk while the fixes were written, and the other version could not be put back: it is at {} ({})",
                back.display(),
                io_reason(&e)
            )
        })?;
    }
    Err(CHANGED.to_string())
}

/// Whether `file` holds exactly `expected`. It is read through the handle
/// galley already has (once the swapped-out name is known to be that
/// file): opening it again would break galley's own write lease.
#[cfg(target_os = "linux")]
fn holds(file: &File, expected: &[u8]) -> bool {
    use std::os::unix::fs::FileExt;
    let mut bytes = vec![0; expected.len() + 1];
    let mut len = 0;
    while len < bytes.len() {
        match file.read_at(&mut bytes[len..], len as u64) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    &bytes[..len] == expected
}
