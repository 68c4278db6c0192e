//! Input written to cause trouble: control characters in names and text
//! that would drive the terminal or forge a line of output, spaces that
//! only look doubled across markup, and inputs with no end (bounded reads).

use predicates::prelude::*;

use crate::support::{galley, temp_tree};

/// `galley check` of `path` in `dir`, built-in packs only, without colour.
fn check_without_colour(dir: &std::path::Path, format: &str, path: &str) -> std::process::Output {
    galley(dir)
        .args([
            "check",
            "--no-config",
            "--color",
            "never",
            "--format",
            format,
            path,
        ])
        .output()
        .unwrap()
}

/// A file name with a newline cannot start a line of output galley did
/// not write, and escape sequences in a name or the text never reach the
/// terminal raw, even with `--color never`.
#[test]
fn control_characters_are_escaped_in_every_terminal_format() {
    let name = "evil\nstory.txt:9:9: error[forged]: fake.txt";
    let text = "They sighed the treaty in \u{1b}[31mred\u{1b}[0m ink.\n";
    let dir = temp_tree(&[(name, text.as_bytes())]);
    for format in ["concise", "human"] {
        let out = check_without_colour(dir.path(), format, ".");
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

/// A report with thousands of findings is rendered on several threads in
/// the human and SARIF formats: each gives every finding, in the order the
/// JSON format (written on one thread) gives them.
#[test]
fn thousands_of_findings_come_out_whole_and_in_order_in_every_format() {
    let text = "It was the the end, could of been a hour.\n".repeat(4000);
    let dir = temp_tree(&[("many.txt", text.as_bytes())]);
    let run = |format: &str| {
        let out = check_without_colour(dir.path(), format, "many.txt");
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let expected: Vec<(String, u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let at = |k: &str| d[k].as_u64().unwrap();
            (
                d["rule"].as_str().unwrap().to_string(),
                at("line"),
                at("column"),
            )
        })
        .collect();
    assert!(expected.len() > 10_000, "{} findings", expected.len());

    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let from_sarif: Vec<(String, u64, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            let at = |k: &str| region[k].as_u64().unwrap();
            (
                r["ruleId"].as_str().unwrap().to_string(),
                at("startLine"),
                at("startColumn"),
            )
        })
        .collect();
    assert!(from_sarif == expected, "SARIF differs from JSON");

    // severity[rule]: message, then `┌─ many.txt:line:col`.
    let human = run("human");
    let mut from_human = Vec::new();
    let mut rule = None;
    for line in human.lines() {
        let header = ["error[", "warning[", "note["]
            .iter()
            .find_map(|s| line.strip_prefix(s));
        if let Some(rest) = header {
            rule = rest.split(']').next().map(str::to_string);
        } else if let Some(at) = line.trim_start().strip_prefix("┌─ many.txt:") {
            let mut parts = at.split(':').map(|n| n.parse::<u64>().unwrap());
            let (line, column) = (parts.next().unwrap(), parts.next().unwrap());
            from_human.push((rule.take().expect("a header first"), line, column));
        }
    }
    assert!(from_human == expected, "human output differs from JSON");
}

/// A character that must never reach a terminal raw: C0 and C1 controls
/// (but line ends and tabs), DEL, and the bidi embeddings, overrides and
/// isolates that reorder what the reader sees.
fn drives_the_terminal(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Escape sequences (clear screen, window title, backspace), DEL, a C1
/// control and bidi controls, in a file's name and its text, are shown
/// visibly in every format meant for a terminal or a reader: human,
/// concise, `--diff`, github, gitlab and the HTML report.
#[test]
fn controls_and_bidi_overrides_are_shown_visibly_everywhere() {
    let name = "evil\u{1b}]0;owned\u{7}\u{202e}story.txt";
    let text = "They sighed the treaty \u{1b}[2J\u{8}\u{7f}\u{9b} in \u{202e}red\u{2066} ink.\n";
    let dir = temp_tree(&[(name, text.as_bytes())]);
    let runs: [&[&str]; 6] = [
        &["--format", "human"],
        &["--format", "concise"],
        &["--diff"],
        &["--format", "github"],
        &["--format", "gitlab"],
        &["--format", "html"],
    ];
    for args in runs {
        let out = galley(dir.path())
            .args(["check", "--no-config", "--color", "never"])
            .args(args)
            .arg(name)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stdout.contains("sighed"),
            "{args:?} shows the finding:\n{stdout}{stderr}"
        );
        for (stream, shown) in [("stdout", &stdout), ("stderr", &stderr)] {
            let raw: Vec<char> = shown.chars().filter(|&c| drives_the_terminal(c)).collect();
            assert!(
                raw.is_empty(),
                "{args:?} {stream}: {raw:?} reached it raw:\n{shown}"
            );
        }
        assert!(
            stdout.contains(r"\u{202e}"),
            "{args:?}: the override is shown, not dropped:\n{stdout}"
        );
    }
}
