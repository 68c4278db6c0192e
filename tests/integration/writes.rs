//! `--fix` and the files galley writes keep what the file was and never
//! lose an edit: a writer racing the fixer, hard links, owner and group,
//! extended attributes, read-only files, files the user may not write,
//! and baselines written through symlinks or over what is not a file.

use std::io::Write;
#[cfg(unix)]
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

#[cfg(unix)]
use predicates::prelude::*;

use crate::support::{galley, temp_tree};

const STORY: &str =
    "Treaty Signed\n\nThe two presidents sighed the agreement on Monday.\n\nBy: Ana Silva\n";
#[cfg(unix)]
const FIXED: &str =
    "Treaty Signed\n\nThe two presidents signed the agreement on Monday.\n\nBy Ana Silva\n";

#[cfg(unix)]
fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A writer that appends a line the moment galley's temporary file appears
/// (the gap between checking the file and renaming over it) never has that
/// line lost: galley either leaves the file alone or writes before it.
#[test]
fn an_edit_made_while_fixing_is_never_lost() {
    race_the_fixer(append);
}

/// An editor saving the way editors do (the whole text to a temporary
/// file, renamed over the article) the moment galley's temporary file
/// appears never has its save replaced by galley's fixed copy. (The exact
/// moment between galley's last look and its swap is tested in
/// `fix::write::swap_tests::an_editor_save_just_before_the_swap_is_kept`.)
#[test]
fn an_editor_save_made_while_fixing_is_never_lost() {
    race_the_fixer(editor_save);
}

/// Saves the file with `line` added as an editor would: a new file,
/// renamed over the old one.
fn editor_save(path: &Path, line: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let temp = path.with_file_name(".story.txt.swp");
    std::fs::write(&temp, format!("{text}{line}")).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

fn race_the_fixer(edit: fn(&Path, &str)) {
    // Big enough that writing and syncing the temporary file takes a while.
    let body: String = (0..300)
        .map(|i| format!("Paragraph {i} says the presidents sighed the deal.\n\n"))
        .collect();
    let text = format!("Treaty Signed\n\n{body}");
    let mut raced = 0;
    let mut refused = 0;
    // A quarter of the tries in plain `cargo test`; all with GALLEY_SLOW_TESTS.
    let tries = if crate::support::slow() { 100 } else { 25 };
    for attempt in 0..tries {
        let dir = temp_tree(&[("story.txt", text.as_bytes())]);
        let path = dir.path().join("story.txt");
        let line = format!("An editor's line, try {attempt}.\n");
        let done = std::sync::atomic::AtomicBool::new(false);
        let (saw_temp, output) = std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    let temp = std::fs::read_dir(dir.path()).unwrap().any(|e| {
                        e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with(".galley-"))
                    });
                    if temp {
                        edit(&path, &line);
                        return true;
                    }
                }
                false
            });
            let output = galley(dir.path())
                .args(["check", "--fix", "--format", "concise", "story.txt"])
                .output()
                .unwrap();
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            (writer.join().unwrap(), output)
        });
        if !saw_temp {
            edit(&path, &line);
        }
        raced += usize::from(saw_temp);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        if stdout.contains("changed on disk") || stderr.contains("changed on disk") {
            refused += 1;
            assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
        }
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(
            after.contains(&line),
            "try {attempt}: the editor's line was lost (galley said: {stdout}{stderr})"
        );
        assert!(!dir.path().read_dir().unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".galley-")
        }));
    }
    eprintln!("{raced} of {tries} tries raced the fixer; {refused} were refused as changed");
    assert!(raced > 0, "the writer never met galley's temporary file");
}

fn append(path: &Path, line: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(line.as_bytes()).unwrap();
}

/// A program that holds the file open (a logger, an editor's handle) would
/// write into a file no longer there if galley renamed over it: galley
/// sees it (a write lease cannot be taken) and writes in place instead.
#[cfg(target_os = "linux")]
#[test]
fn a_file_open_in_another_program_is_written_in_place() {
    let dir = temp_tree(&[("story.txt", STORY.as_bytes())]);
    let path = dir.path().join("story.txt");
    let inode = std::fs::metadata(&path).unwrap().ino();
    let mut holder = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    galley(dir.path())
        .args(["check", "--fix", "story.txt"])
        .assert()
        .code(0);
    holder
        .write_all(b"A line written after the fix.\n")
        .unwrap();
    drop(holder);
    assert_eq!(
        std::fs::metadata(&path).unwrap().ino(),
        inode,
        "the same file"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{FIXED}A line written after the fix.\n")
    );
}

#[cfg(unix)]
#[test]
fn a_hard_linked_file_stays_one_file() {
    let dir = temp_tree(&[("story.txt", STORY.as_bytes())]);
    let path = dir.path().join("story.txt");
    let other = dir.path().join("archive.txt");
    std::fs::hard_link(&path, &other).unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    galley(dir.path())
        .args(["check", "--fix", "story.txt"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        FIXED,
        "both names see the fix"
    );
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.ino(), meta.nlink()), (inode, 2));
}

/// Root fixing another user's file leaves it that user's.
#[cfg(unix)]
#[test]
fn owner_and_group_are_kept() {
    if !is_root() {
        eprintln!("skipped: changing a file's owner needs root");
        return;
    }
    let dir = temp_tree(&[("story.txt", STORY.as_bytes())]);
    let path = dir.path().join("story.txt");
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    galley(dir.path())
        .args(["check", "--fix", "story.txt"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
}

#[cfg(unix)]
#[test]
fn extended_attributes_are_kept() {
    let dir = temp_tree(&[("story.txt", STORY.as_bytes())]);
    let path = dir.path().join("story.txt");
    let set = rustix::fs::setxattr(
        &path,
        "user.galley.origin",
        b"wire desk",
        rustix::fs::XattrFlags::empty(),
    );
    if set.is_err() {
        eprintln!("skipped: this file system has no user extended attributes");
        return;
    }
    galley(dir.path())
        .args(["check", "--fix", "story.txt"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let mut value = [0u8; 64];
    let len = rustix::fs::getxattr(&path, "user.galley.origin", &mut value[..]).unwrap();
    assert_eq!(&value[..len], b"wire desk");
}

/// A read-only file is reported, with its findings, as not written; with
/// `--fix-read-only` it is fixed and stays read-only.
#[cfg(unix)]
#[test]
fn a_read_only_file_is_fixed_only_when_asked() {
    let dir = temp_tree(&[("story.txt", STORY.as_bytes())]);
    let path = dir.path().join("story.txt");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    galley(dir.path())
        .args(["check", "--fix", "story.txt", "--color", "never"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "story.txt: fixes not written: the file is read-only (use --fix-read-only",
        ))
        .stdout(predicate::str::contains("[sigh-sign]"))
        .stdout(predicate::str::contains("1 file could not be written"))
        .stdout(predicate::str::contains("can be fixed with --fix").not())
        .stdout(predicate::str::contains("could not be read").not());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), STORY);
    galley(dir.path())
        .args(["check", "--fix", "--fix-read-only", "story.txt"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

/// Write access to the directory must not let a user replace a file they
/// may not write. Run as `nobody` on a root-owned file in a shared folder.
#[cfg(unix)]
#[test]
fn a_file_the_user_may_not_write_is_not_replaced() {
    if !is_root() {
        eprintln!("skipped: running galley as another user needs root");
        return;
    }
    let dir = temp_tree(&[("story.txt", STORY.as_bytes())]);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let path = dir.path().join("story.txt");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("galley"));
    std::os::unix::process::CommandExt::uid(&mut cmd, 65534);
    std::os::unix::process::CommandExt::gid(&mut cmd, 65534);
    let out = cmd
        .current_dir(dir.path())
        .args(["check", "--fix", "story.txt", "--color", "never"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("fixes not written: cannot write: permission denied"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), STORY);
    assert_eq!(std::fs::metadata(&path).unwrap().uid(), 0);
}

#[cfg(unix)]
#[test]
fn a_baseline_is_written_through_a_symlink_and_keeps_its_mode() {
    let dir = temp_tree(&[
        ("story.txt", STORY.as_bytes()),
        ("shared/baseline.json", b"{}"),
    ]);
    let target = dir.path().join("shared/baseline.json");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o664)).unwrap();
    std::os::unix::fs::symlink("shared/baseline.json", dir.path().join("baseline.json")).unwrap();
    galley(dir.path())
        .args(["check", "--write-baseline", "baseline.json", "story.txt"])
        .assert()
        .code(0);
    let link = std::fs::symlink_metadata(dir.path().join("baseline.json")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("sigh-sign"), "{written}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o664);
    // A new baseline gets the usual mode, not a temporary file's 0600.
    galley(dir.path())
        .args(["check", "--write-baseline", "new.json", "story.txt"])
        .assert()
        .code(0);
    let mode = std::fs::metadata(dir.path().join("new.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o044, 0o044, "readable by others: {mode:o}");
}

#[cfg(unix)]
#[test]
fn a_baseline_or_report_is_not_written_over_a_fifo() {
    let dir = temp_tree(&[("story.txt", STORY.as_bytes())]);
    let fifo = dir.path().join("pipe");
    #[cfg(target_os = "linux")]
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
    // rustix has no mknodat on macOS and the BSDs: mkfifo(1) is there.
    #[cfg(not(target_os = "linux"))]
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in [["--write-baseline", "pipe"], ["--output", "pipe"]] {
        galley(dir.path())
            .args(["check", "story.txt"])
            .args(args)
            .timeout(Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not a regular file"))
            // The message says what failed once, not twice over.
            .stderr(predicate::function(|e: &str| {
                e.matches("cannot write").count() <= 1 && e.matches("pipe").count() == 1
            }));
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind), "{args:?}");
    }
}

/// Temporary files a killed run left beside an article are removed by the
/// next run that writes there: only galley's own names, and only old
/// ones (a run going on beside it keeps its files); nothing else.
#[test]
fn stale_temporary_files_of_a_killed_run_are_removed() {
    let dir = temp_tree(&[
        ("story.txt", STORY.as_bytes()),
        (".galley-Ab12Cd.tmp", b"half a fixed copy"),
        (".galley-Zz99yY.old", b"an original's second name"),
        (".galley-Qq11Rr.tmp", b"a run going on now"),
        (".galley-notes.txt", b"someone's notes"),
        ("draft.tmp", b"someone's draft"),
    ]);
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    for name in [
        ".galley-Ab12Cd.tmp",
        ".galley-Zz99yY.old",
        ".galley-notes.txt",
        "draft.tmp",
    ] {
        std::fs::File::options()
            .write(true)
            .open(dir.path().join(name))
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    galley(dir.path())
        .args(["check", "--fix", "story.txt"])
        .assert()
        .code(0);
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            ".galley-Qq11Rr.tmp",
            ".galley-notes.txt",
            "draft.tmp",
            "story.txt"
        ]
    );
}
