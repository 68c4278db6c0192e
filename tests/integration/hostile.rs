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
