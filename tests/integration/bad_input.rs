//! Bad input: every kind of file a content repository holds, and every kind
//! of broken configuration, gets a clear message naming the file and the
//! reason, the documented exit status, and no panic. RELIABILITY.md lists
//! these cases and points here.

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

use predicates::prelude::*;

use crate::support::{check_json, findings, galley, temp_tree};

const TYPO: &str = "The presidents sighed the agreement.\n";

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

#[test]
fn utf16_files_with_a_bom_are_decoded_and_fixed_in_utf16() {
    let text = "Headline Of The Day\n\nThey sighed the treaty on Monday.\n";
    let dir = temp_tree(&[
        ("le.txt", &utf16(text, true)),
        ("be.txt", &utf16(text, false)),
    ]);
    let (code, json) = check_json(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        [
            ("sigh-sign".to_string(), 3, 6),
            ("sigh-sign".to_string(), 3, 6)
        ]
    );
    galley(dir.path())
        .args(["check", "--fix", "le.txt"])
        .assert()
        .code(0);
    let fixed = std::fs::read(dir.path().join("le.txt")).unwrap();
    assert_eq!(
        fixed,
        utf16(&text.replace("sighed", "signed"), true),
        "written back as UTF-16 LE with its BOM"
    );
}

#[test]
fn broken_utf16_names_the_byte() {
    let dir = temp_tree(&[("bad.txt", b"\xFF\xFEa\x00\x00\xDC")]);
    galley(dir.path())
        .args(["check", "bad.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.txt: invalid UTF-16 at byte 4",
        ));
}

#[test]
fn a_file_over_the_size_limit_is_skipped_with_a_note() {
    let big = "An ordinary sentence about the council budget. ".repeat(2_200_000); // ~105 MB
    let dir = temp_tree(&[("big.txt", big.as_bytes()), ("small.txt", TYPO.as_bytes())]);
    let out = galley(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the small file's error still counts"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note: big.txt: skipped:") && stderr.contains("--max-file-size"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files_skipped"], 1);
    assert_eq!(json["summary"]["files_checked"], 1);
}

#[test]
fn a_single_20_mb_line_is_checked_when_allowed() {
    let line = "lorem ipsum dolor sit amet ".repeat(750_000) + "they sighed the accord.\n";
    assert!(line.len() > 20_000_000);
    let dir = temp_tree(&[("line.txt", line.as_bytes())]);
    galley(dir.path())
        .args(["check", "line.txt"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("skipped"));
    let (code, json) = check_json(dir.path(), &["line.txt", "--max-file-size", "0"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), [("sigh-sign".to_string(), 1, 20_250_006)]);
}

#[test]
fn cr_only_and_mixed_line_endings_give_the_right_lines() {
    let dir = temp_tree(&[
        (
            "cr.txt",
            b"Title Of The Story\r\rFirst paragraph here.\r\rThey sighed the treaty.\r",
        ),
        (
            "mixed.txt",
            b"Title Of The Story\r\n\nFirst paragraph here.\r\rThey sighed the treaty.\n",
        ),
    ]);
    let (_, json) = check_json(dir.path(), &["cr.txt", "mixed.txt"]);
    assert_eq!(
        findings(&json),
        [
            ("sigh-sign".to_string(), 5, 6),
            ("sigh-sign".to_string(), 5, 6)
        ]
    );
}

/// Unix permissions (Windows has no mode bits to take reading away).
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_the_run_goes_on() {
    let dir = temp_tree(&[
        ("secret.txt", TYPO.as_bytes()),
        ("open.txt", TYPO.as_bytes()),
    ]);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        dir.path().join("secret.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("galley");
    // Root reads anything: drop to `nobody` to meet a real permission error.
    // The binary is copied beside the files, so that `nobody` can run it
    // wherever the checkout lives.
    let mut cmd = if running_as_root() {
        let copy = dir.path().join("galley-bin");
        std::fs::copy(&bin, &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut c = assert_cmd::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&copy);
        c
    } else {
        assert_cmd::Command::new(&bin)
    };
    cmd.current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "secret.txt",
            "open.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "secret.txt: error: permission denied",
        ))
        .stdout(predicate::str::contains("open.txt:1:16: error[sigh-sign]"));
}

/// Whether the tests run as root (CI does).
#[cfg(unix)]
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[cfg(unix)]
#[test]
fn broken_symlinks_and_loops_are_reported_by_name() {
    let dir = temp_tree(&[("real.txt", TYPO.as_bytes())]);
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("broken.txt")).unwrap();
    std::os::unix::fs::symlink("loop-b.txt", dir.path().join("loop-a.txt")).unwrap();
    std::os::unix::fs::symlink("loop-a.txt", dir.path().join("loop-b.txt")).unwrap();
    galley(dir.path())
        .args(["check", "broken.txt", "loop-a.txt", "real.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "broken.txt: no such file or directory",
        ))
        .stderr(predicate::str::contains(
            "loop-a.txt: too many levels of symbolic links",
        ))
        .stdout(predicate::str::contains("error[sigh-sign]"));
    // Walking a directory does not follow links: they are passed over.
    let (code, json) = check_json(dir.path(), &["."]);
    assert_eq!(
        (code, json["summary"]["files_checked"].as_u64()),
        (1, Some(1))
    );
}

#[test]
fn a_directory_where_a_file_is_expected() {
    let dir = temp_tree(&[("a.txt", TYPO.as_bytes()), ("conf/x", b"")]);
    galley(dir.path())
        .args(["check", "a.txt", "--config", "conf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "conf: cannot read configuration: is a directory",
        ));
    galley(dir.path())
        .args(["check", "a.txt", "--baseline", "conf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("baseline conf: is a directory"));
}

#[test]
fn a_pattern_too_large_to_compile_is_a_pack_error() {
    let pack = "[pack]\nname = \"big\"\n[[rule]]\nid = \"huge\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"x\"]\npattern = '(?:\\w{100}){100}'\n";
    let dir = temp_tree(&[
        ("galley.toml", b"packs = [\"big.toml\"]\n"),
        ("big.toml", pack.as_bytes()),
    ]);
    galley(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid regex: the pattern compiles to more than",
        ))
        .stderr(predicate::str::contains("big.toml:8:11"));
}

#[test]
fn an_enormous_number_of_rules_loads_and_runs() {
    let mut pack = String::from("[pack]\nname = \"many\"\n");
    for i in 0..20_000 {
        pack.push_str(&format!(
            "[[rule]]\nid = \"w{i}\"\nkind = \"substitution\"\npattern = \"zq{i}x\"\nreplacement = \"word\"\nmessage = \"m\"\nbad = [\"a zq{i}x\"]\n"
        ));
    }
    let dir = temp_tree(&[
        ("galley.toml", b"packs = [\"many.toml\"]\n"),
        ("many.toml", pack.as_bytes()),
        ("a.txt", b"Here zq19999x and zq7x appear.\n"),
    ]);
    let (code, json) = check_json(dir.path(), &["a.txt"]);
    assert_eq!(code, 0);
    let rules: Vec<String> = findings(&json).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["w19999", "w7"]);
}

#[test]
fn no_paths_given_checks_the_current_directory() {
    let dir = temp_tree(&[("a.txt", TYPO.as_bytes())]);
    galley(dir.path()).arg("check").assert().code(1).stdout(
        predicate::str::contains("a.txt:1:").and(predicate::str::contains("./a.txt").not()),
    );
}

#[test]
fn unknown_options_are_usage_errors() {
    let dir = temp_tree(&[]);
    galley(dir.path())
        .args(["check", "--frobnicate"])
        .assert()
        .code(2);
    galley(dir.path())
        .args(["check", "--max-file-size", "ten"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a size"));
    galley(dir.path())
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn broken_docx_files_get_a_clear_error_and_the_run_goes_on() {
    let no_document = crate::support::zip_of(&[("word/styles.xml", "<styles/>")]);
    let bad_xml =
        crate::support::zip_of(&[("word/document.xml", "<w:document><w:body><w:p></w:bod")]);
    let dir = temp_tree(&[
        ("garbage.docx", b"PK\x03\x04 this is not really a zip"),
        (
            "protected.docx",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 OLE compound file",
        ),
        ("other.docx", &no_document),
        ("broken.docx", &bad_xml),
        ("typo.txt", TYPO.as_bytes()),
    ]);
    galley(dir.path())
        .args(["check", "--format", "concise", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("garbage.docx: error: not a .docx: not a zip archive"))
        .stderr(predicate::str::contains("protected.docx: error: not a .docx: an OLE file (a password-protected document, or an old .doc)"))
        .stderr(predicate::str::contains("other.docx: error: not a .docx: the archive has no word/document.xml"))
        .stderr(predicate::str::contains("broken.docx: error: corrupt .docx"))
        .stdout(predicate::str::contains("typo.txt:1:16: error[sigh-sign]"));
}

#[test]
fn fixing_a_folder_fixes_its_docx_as_tracked_changes() {
    let docx = std::fs::read(crate::support::fixture("formats/tianjin.docx")).unwrap();
    let dir = temp_tree(&[
        ("story.docx", &docx),
        ("story.txt", b"They sighed the pact.\n"),
    ]);
    // A folder holding a .docx: both files are fixed, the Word file with
    // tracked changes; --diff shows the change to its text.
    let diff = galley(dir.path())
        .args(["check", "--diff", "."])
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&diff.stdout);
    assert!(shown.contains("+They signed the pact."), "{shown}");
    assert!(shown.contains("+++ b/story.docx"), "{shown}");
    assert!(
        shown.contains("President of TIJMU signed the agreement"),
        "{shown}"
    );
    assert_eq!(std::fs::read(dir.path().join("story.docx")).unwrap(), docx);
    let out = galley(dir.path())
        .args(["check", "--fix", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "sigh-sign"),
        "{json}"
    );
    assert_eq!(json["summary"]["io_errors"], 0);
    let fixed = std::fs::read(dir.path().join("story.docx")).unwrap();
    let text = galley::document::extract_docx(&fixed, None).unwrap().text;
    assert!(text.contains("President of TIJMU signed the agreement"));
    assert!(!text.contains("sighed"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap(),
        "They signed the pact.\n"
    );
}

#[test]
fn truncated_html_is_an_error_and_sloppy_html_is_read() {
    let dir = temp_tree(&[
        (
            "cut.html",
            b"<html><body><p>They sighed the treaty.</p><p class=\"by",
        ),
        (
            "sloppy.html",
            b"<p>They sighed the <b>treaty.<p>Unclosed tags &bogus; are read as a browser would.",
        ),
    ]);
    galley(dir.path())
        .args(["check", "--format", "concise", "cut.html", "sloppy.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cut.html: error: malformed HTML: the file ends inside markup (eof-in-tag)",
        ))
        .stdout(predicate::str::contains(
            "sloppy.html:1:9: error[sigh-sign]",
        ));
}

/// A 100,000-word alternation is refused with a short error (it printed
/// 1.7 MB). How long that takes is measured by `bench/hostile.py`, not here.
#[test]
fn a_huge_pattern_is_refused_with_a_short_error() {
    let words: Vec<String> = (0..100_000).map(|i| format!("w{i}x")).collect();
    let pack = format!(
        "[pack]\nname = \"big\"\n[[rule]]\nid = \"huge\"\nkind = \"existence\"\nmessage = \"m\"\nbad = [\"w1x\"]\npattern = '(?:{})'\n",
        words.join("|")
    );
    let dir = temp_tree(&[
        ("galley.toml", b"packs = [\"big.toml\"]\n"),
        ("big.toml", pack.as_bytes()),
        ("a.txt", b"Fine.\n"),
    ]);
    let out = galley(dir.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("invalid regex"),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
    assert!(stderr.len() < 4096, "{} bytes of error", stderr.len());
}

/// An unknown rule name of a megabyte is reported shortly (that the "did
/// you mean" search, which took minutes, is not run on it is a unit test of
/// `config::registry::nearest`).
#[test]
fn a_huge_unknown_rule_name_is_reported_shortly() {
    let config = format!("enable = [\"{}\"]\n", "q".repeat(1 << 20));
    let dir = temp_tree(&[("galley.toml", config.as_bytes()), ("a.txt", b"Fine.\n")]);
    let out = galley(dir.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("no rule or pack is named"),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
    assert!(stderr.len() < 4096, "{} bytes of error", stderr.len());
}
