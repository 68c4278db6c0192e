//! `--fix`, `--unsafe-fixes` and `--diff`: exact edits, a fixpoint, line
//! endings, BOM and permissions kept, atomic writes.

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use predicates::prelude::*;

use crate::support::{galley, temp_tree};

const ARTICLE: &str = include_str!("../../examples/tianjin-2017.txt");

/// The article with only the three safe fixes made by hand.
fn expected_fix() -> String {
    ARTICLE
        .replace("TIJMU sighed the agreement", "TIJMU signed the agreement")
        .replace("By: Liu Ziqi", "By Liu Ziqi")
}

#[test]
fn fix_changes_exactly_the_safe_findings_and_is_idempotent() {
    let dir = temp_tree(&[("story.txt", ARTICLE.as_bytes())]);
    let path = dir.path().join("story.txt");
    galley(dir.path())
        .args(["check", "--fix", "story.txt", "--color", "never"])
        .assert()
        .code(1) // the duplicated captions remain, and they are errors
        .stdout(predicate::str::contains("fixed 3 findings in 1 file"))
        .stdout(predicate::str::contains("error[duplicate-caption]"))
        .stdout(predicate::str::contains("sigh-sign").not());
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        expected_fix(),
        "only sighed→signed (twice) and By:→By change"
    );
    galley(dir.path())
        .args(["check", "--fix", "story.txt"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        fixed,
        "a second --fix changes nothing"
    );
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let dir = temp_tree(&[("story.txt", ARTICLE.as_bytes())]);
    galley(dir.path())
        .args(["check", "--diff", "story.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--- a/story.txt"))
        .stdout(predicate::str::contains("+By Liu Ziqi and Zhang Xuan"))
        .stdout(predicate::str::contains("-By: Liu Ziqi and Zhang Xuan"))
        .stdout(predicate::str::contains("TIJMU signed the agreement"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap(),
        ARTICLE
    );
    let clean = temp_tree(&[("ok.txt", b"A fine sentence here.\n")]);
    galley(clean.path())
        .args(["check", "--diff", "ok.txt"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn unsafe_fixes_also_remove_invisible_whitespace() {
    let dir = temp_tree(&[("story.txt", ARTICLE.as_bytes())]);
    galley(dir.path())
        .args(["check", "--unsafe-fixes", "story.txt"])
        .assert()
        .code(1);
    let fixed = std::fs::read_to_string(dir.path().join("story.txt")).unwrap();
    assert!(!fixed.contains("\u{a0}\n"));
    assert!(!fixed.contains("sighed"));
}

#[test]
fn crlf_bom_and_permissions_are_kept() {
    let text = "\u{feff}Farm Bill Signed\r\n\r\nThe governor sighed the farm bill.\r\n\r\nBy: Ana Silva\r\n";
    let dir = temp_tree(&[("bill.txt", text.as_bytes())]);
    let path = dir.path().join("bill.txt");
    // The mode is checked where files have one (Unix).
    #[cfg(unix)]
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    galley(dir.path())
        .args(["check", "--fix", "bill.txt"])
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        "\u{feff}Farm Bill Signed\r\n\r\nThe governor signed the farm bill.\r\n\r\nBy Ana Silva\r\n"
    );
    #[cfg(unix)]
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[cfg(unix)]
#[test]
fn fixing_through_a_symlink_keeps_the_link() {
    let dir = temp_tree(&[("real.txt", b"They sighed the treaty.\n")]);
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).unwrap();
    galley(dir.path())
        .args(["check", "--fix", "link.txt"])
        .assert()
        .code(0);
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real.txt")).unwrap(),
        "They signed the treaty.\n"
    );
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let dir = temp_tree(&[("a.txt", b"new text\n")]);
    let path = dir.path().join("a.txt");
    let err = galley::fix::replace_file(
        &path,
        b"old text\n",
        b"fixed text\n",
        galley::fix::ReplaceOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"new text\n");
}

/// Killing galley in the middle of `--fix` over many files leaves every file
/// either wholly old or wholly new: writes go to a temporary file that is
/// renamed into place.
#[test]
fn killed_fix_leaves_each_file_old_or_new() {
    let big = ARTICLE.repeat(4);
    let files: Vec<(String, Vec<u8>)> = (0..40)
        .map(|i| (format!("s{i:03}.txt"), big.clone().into_bytes()))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let dir = temp_tree(&refs);
    // The fixed form of one file, made in a separate directory.
    let reference = temp_tree(&[("s.txt", big.as_bytes())]);
    galley(reference.path())
        .args(["check", "--fix", "s.txt"])
        .assert()
        .code(1);
    let new = std::fs::read(reference.path().join("s.txt")).unwrap();
    assert_ne!(new, big.as_bytes());

    let bin = assert_cmd::cargo::cargo_bin("galley");
    let run = || {
        std::process::Command::new(&bin)
            .args(["check", "--fix", "--format", "concise", "."])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let reset = || {
        for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
            if entry.file_name().to_string_lossy().starts_with(".galley-") {
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
        for (name, _) in &files {
            std::fs::write(dir.path().join(name), big.as_bytes()).unwrap();
        }
    };
    // Kill as soon as a temporary file appears: galley is then writing a
    // file. A temporary file left behind proves the kill landed mid-write.
    let mut landed_mid_write = 0;
    for _ in 0..20 {
        reset();
        let mut child = run();
        let started = std::time::Instant::now();
        let writing = || {
            std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with(".galley-"))
        };
        while !writing() && started.elapsed() < std::time::Duration::from_secs(60) {
            std::thread::yield_now();
        }
        let _ = child.kill();
        let _ = child.wait();
        assert_old_or_new(&files, dir.path(), big.as_bytes(), &new);
        if writing() {
            landed_mid_write += 1;
            if landed_mid_write == 3 {
                break;
            }
        }
    }
    assert!(
        landed_mid_write >= 1,
        "no kill landed while a file was being written"
    );
    // And kills aimed by time at the middle of a run: some files fixed,
    // others not yet.
    let started = std::time::Instant::now();
    run().wait().unwrap();
    let whole = started.elapsed();
    let mut delay = whole / 2;
    let mut landed_mid_run = 0;
    for _ in 0..20 {
        reset();
        let mut child = run();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let fixed = assert_old_or_new(&files, dir.path(), big.as_bytes(), &new);
        if fixed == 0 {
            delay += delay / 2;
        } else if fixed == files.len() {
            delay /= 2;
        } else {
            landed_mid_run += 1;
            break;
        }
    }
    assert!(
        landed_mid_run >= 1,
        "no kill landed while files were being written (a whole run takes {whole:?})"
    );
}

/// Asserts every file is wholly `old` or wholly `new`; returns how many are
/// new.
fn assert_old_or_new(files: &[(String, Vec<u8>)], dir: &Path, old: &[u8], new: &[u8]) -> usize {
    let mut fixed = 0;
    for (name, _) in files {
        let now = std::fs::read(dir.join(name)).unwrap();
        assert!(
            now == old || now == new,
            "{name} is neither old nor new after a kill ({} bytes)",
            now.len()
        );
        fixed += usize::from(now == new);
    }
    fixed
}
