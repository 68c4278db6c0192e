//! Input written to cause trouble: control characters in names and text
//! that would drive the terminal or forge a line of output, spaces that
//! only look doubled across markup, and inputs with no end (bounded reads).

use predicates::prelude::*;

use crate::support::{galley, temp_tree};

/// A file name with a newline cannot start a line of output galley did
/// not write, and escape sequences in a name or the text never reach the
/// terminal raw, even with `--color never`.
#[test]
fn control_characters_are_escaped_in_every_terminal_format() {
    let name = "evil\nstory.txt:9:9: error[forged]: fake.txt";
    let text = "They sighed the treaty in \u{1b}[31mred\u{1b}[0m ink.\n";
    let dir = temp_tree(&[(name, text.as_bytes())]);
    for format in ["concise", "human"] {
        let out = galley(dir.path())
            .args([
                "check",
                "--no-config",
                "--color",
                "never",
                "--format",
                format,
                ".",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            !stdout.contains('\u{1b}'),
            "{format}: an escape reached the terminal:\n{stdout}"
        );
        assert!(
            !stdout.lines().any(|l| l.starts_with("story.txt:9:9")),
            "{format}: a file name forged a line:\n{stdout}"
        );
        assert!(stdout.contains(r"evil\nstory.txt"), "{format}:\n{stdout}");
    }
    let out = galley(dir.path())
        .args(["structure", "--no-config", name])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains('\u{1b}') && stdout.lines().count() == 1,
        "structure:\n{stdout}"
    );
}

#[test]
fn spaces_either_side_of_markup_are_not_doubled() {
    let dir = temp_tree(&[(
        "page.html",
        b"<p>It <!-- an editor's note --> rained, then it <span></span> cleared.  Twice.</p>\n",
    )]);
    galley(dir.path())
        .args(["check", "--no-config", "--format", "concise", "page.html"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "page.html:1:71: warning[doubled-space]",
        ))
        .stdout(predicate::function(|s: &str| s.lines().count() == 1));
}

/// A device that never ends is read up to the limit and skipped.
#[test]
fn a_device_named_on_the_command_line_is_read_only_to_the_limit() {
    let dir = temp_tree(&[]);
    galley(dir.path())
        .args([
            "check",
            "--no-config",
            "--max-file-size",
            "100000",
            "/dev/zero",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "note: /dev/zero: skipped: more than the --max-file-size of 100000 bytes",
        ));
}

#[test]
fn standard_input_over_the_limit_is_refused() {
    let dir = temp_tree(&[]);
    galley(dir.path())
        .args(["check", "--no-config", "--max-file-size", "1000", "-"])
        .write_stdin("They signed the treaty. ".repeat(100))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<stdin>: more than the --max-file-size of 1000 bytes; nothing was checked",
        ));
}

#[test]
fn a_configuration_or_baseline_that_never_ends_is_an_error() {
    let dir = temp_tree(&[("story.txt", b"They signed the treaty.\n")]);
    for (option, what) in [
        (
            "--config",
            "cannot read configuration: more than 10485760 bytes",
        ),
        ("--baseline", "/dev/zero: more than 10485760 bytes"),
    ] {
        galley(dir.path())
            .args(["check", option, "/dev/zero", "story.txt"])
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(what));
    }
}

/// A .docx is small on disk and large inside: its document part is counted
/// as it is decompressed.
#[test]
fn a_docx_that_expands_past_the_limit_is_skipped() {
    let long = "They signed the treaty again. ".repeat(20_000);
    let bytes = crate::support::docx_of(&[("Normal", long.as_str())]);
    assert!(
        bytes.len() < 50_000,
        "the archive is small: {}",
        bytes.len()
    );
    let dir = temp_tree(&[("bomb.docx", &bytes)]);
    galley(dir.path())
        .args(["check", "--no-config", "--max-file-size", "100000", "bomb.docx"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "note: bomb.docx: skipped: word/document.xml expands: more than the --max-file-size of 100000 bytes",
        ));
}
