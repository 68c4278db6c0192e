//! The command line: exit codes, walking directories, bad input, colour, and
//! the `rules`, `explain` and `test` commands.

use predicates::prelude::*;

use crate::support::{check_json, findings, galley, root, temp_tree};

const CLEAN: &[u8] = b"A Clean Headline Here\n\nThe council met on Monday. It approved the plan.\n";
const TYPO: &[u8] = b"The presidents sighed the agreement on Monday.\n";
const WARNING_ONLY: &[u8] = b"The council met on Monday.  It approved the plan.\n";

#[test]
fn exit_status_follows_the_worst_finding() {
    let dir = temp_tree(&[
        ("clean.txt", CLEAN),
        ("typo.txt", TYPO),
        ("warn.txt", WARNING_ONLY),
    ]);
    galley(dir.path())
        .args(["check", "clean.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no problems found in 1 file"));
    galley(dir.path())
        .args(["check", "warn.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[doubled-space]"));
    galley(dir.path())
        .args(["check", "typo.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[sigh-sign]"));
}

#[test]
fn human_output_is_compiler_style() {
    let dir = temp_tree(&[("typo.txt", TYPO)]);
    galley(dir.path())
        .args(["check", "typo.txt", "--color", "never"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[sigh-sign]: `sighed` looks like a typo for `signed`",
        ))
        .stdout(predicate::str::contains("┌─ typo.txt:1:16"))
        .stdout(predicate::str::contains("^^^^^^"))
        .stdout(predicate::str::contains("= help: replace with `signed`"))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn color_always_colours_and_never_does_not() {
    let dir = temp_tree(&[("typo.txt", TYPO)]);
    galley(dir.path())
        .args(["check", "typo.txt", "--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    // On a terminal (util-linux `script` gives the run one), `auto` colours
    // and `never` does not; NO_COLOR turns `auto` off but not `always`.
    let on_terminal = |args: &str, no_color: bool| -> String {
        let bin = assert_cmd::cargo::cargo_bin("galley");
        let mut cmd = std::process::Command::new("script");
        cmd.args([
            "-qec",
            &format!("{} check --no-config {args} typo.txt", bin.display()),
        ])
        .arg("/dev/null")
        .current_dir(dir.path())
        .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.output().expect("`script` (util-linux) runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let auto = on_terminal("", false);
    assert!(auto.contains("sigh-sign"), "{auto}");
    assert!(auto.contains("\x1b["), "auto colours a terminal: {auto:?}");
    let never = on_terminal("--color never", false);
    assert!(never.contains("sigh-sign"), "{never}");
    assert!(!never.contains("\x1b["), "never does not colour: {never:?}");
    assert!(
        !on_terminal("", true).contains("\x1b["),
        "NO_COLOR turns auto off"
    );
    assert!(on_terminal("--color always", true).contains("\x1b["));
    // Piped output with `auto` has no colour.
    galley(dir.path())
        .args(["check", "typo.txt"])
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
}

/// `--color always` output byte for byte: findings with secondary labels
/// and notes, and a configuration error shown in its TOML file. The
/// expected files were written by the build that rendered through
/// codespan-reporting's `std` writer and its termcolor styles, before
/// src/emit/styled.rs replaced them.
#[test]
fn colour_output_is_byte_for_byte_what_it_was() {
    let expected = std::fs::read(root().join("tests/fixtures/colour/findings.ansi")).unwrap();
    let out = galley(&root())
        .args(["check", "--no-config", "--color", "always"])
        .args(["examples/tianjin-2017.txt", "tests/fixtures/flagged"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&expected)
    );
    let dir = temp_tree(&[
        ("galley.toml", b"packs = [\"nope\"]\n[rules]\nfoo = 3\n"),
        ("a.txt", b"Hello.\n"),
    ]);
    let expected = std::fs::read(root().join("tests/fixtures/colour/config-error.ansi")).unwrap();
    let out = galley(dir.path())
        .args(["check", "--color", "always", "a.txt"])
        .output()
        .unwrap();
    let shown = dir.path().display().to_string();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).replace(&shown, "DIR"),
        String::from_utf8_lossy(&expected)
    );
}

#[test]
fn directories_are_walked_in_order_honouring_gitignore() {
    let dir = temp_tree(&[
        ("b/story.md", TYPO),
        ("a/story.txt", TYPO),
        ("a/notes.rs", TYPO),
        ("ignored/story.txt", TYPO),
        (".hidden/story.txt", TYPO),
        (".gitignore", b"ignored/\n"),
    ]);
    // The ignore crate honours .gitignore inside a git repository.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let (code, json) = check_json(dir.path(), &["."]);
    assert_eq!(code, 1);
    let paths = crate::support::finding_paths(&json);
    assert_eq!(paths, ["a/story.txt", "b/story.md"]);
    assert_eq!(json["summary"]["files_checked"], 2);
}

#[test]
fn an_unreadable_path_is_reported_and_the_run_goes_on() {
    let dir = temp_tree(&[("typo.txt", TYPO)]);
    let (code, json) = check_json(dir.path(), &["missing.txt", "typo.txt"]);
    assert_eq!(code, 2, "I/O errors give exit 2 at the end");
    assert_eq!(
        findings(&json).len(),
        1,
        "the readable file is still checked"
    );
    assert_eq!(json["errors"][0]["path"], "missing.txt");
    assert_eq!(json["errors"][0]["message"], "no such file or directory");
    galley(dir.path())
        .args(["check", "missing.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: missing.txt: no such file or directory",
        ));
}

#[test]
fn invalid_utf8_names_the_file_and_the_byte() {
    let dir = temp_tree(&[
        ("bad.txt", b"Good start \xff\xfe then junk.\n"),
        ("typo.txt", TYPO),
    ]);
    galley(dir.path())
        .args(["check", "bad.txt", "typo.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.txt: invalid UTF-8 at byte 11",
        ))
        .stdout(predicate::str::contains("error[sigh-sign]"));
}

#[test]
fn binary_files_are_skipped_quietly() {
    let dir = temp_tree(&[
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("clean.txt", CLEAN),
    ]);
    let (code, json) = check_json(dir.path(), &["."]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["files_skipped"], 1);
    assert_eq!(json["summary"]["files_checked"], 1);
    assert!(json["errors"].as_array().unwrap().is_empty());
}

#[test]
fn empty_and_huge_line_files_do_not_fail() {
    let huge = "lorem ipsum dolor sit amet ".repeat(80_000) + "the the end.\n";
    let dir = temp_tree(&[("empty.txt", b""), ("huge.txt", huge.as_bytes())]);
    let (code, json) = check_json(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        [("repeated-word".to_string(), 1, 2_160_001)]
    );
}

#[test]
fn json_has_the_documented_fields() {
    let dir = temp_tree(&[("typo.txt", TYPO)]);
    let (_, json) = check_json(dir.path(), &["typo.txt"]);
    let d = &json["diagnostics"][0];
    for key in [
        "path",
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
        "related",
        "fix",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    assert_eq!(d["severity"], "error");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(16))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(1), Some(22))
    );
    assert_eq!(
        (d["byte_start"].as_u64(), d["byte_end"].as_u64()),
        (Some(15), Some(21))
    );
    assert_eq!(d["fix"]["edits"][0]["replacement"], "signed");
    assert_eq!(d["related"][0]["message"], "`agreement` suggests `signed`");
    let summary = &json["summary"];
    assert_eq!(
        (summary["errors"].as_u64(), summary["warnings"].as_u64()),
        (Some(1), Some(0))
    );
}

#[test]
fn enable_and_disable_on_the_command_line() {
    let dir = temp_tree(&[("typo.txt", TYPO)]);
    let (code, json) = check_json(dir.path(), &["typo.txt", "--disable", "sigh-sign"]);
    assert_eq!((code, findings(&json).len()), (0, 0));
    let (code, _) = check_json(dir.path(), &["typo.txt", "--disable", "confusion"]);
    assert_eq!(code, 0);
    let (code, _) = check_json(
        dir.path(),
        &[
            "typo.txt",
            "--disable",
            "confusion",
            "--enable",
            "sigh-sign",
        ],
    );
    assert_eq!(code, 0, "--disable is applied after --enable");
    galley(dir.path())
        .args(["check", "typo.txt", "--enable", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--enable: no rule or pack is named `no-such-rule`",
        ));
}

#[test]
fn rules_lists_every_rule_and_explain_shows_examples() {
    galley(&root())
        .args(["rules", "--no-config"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sigh-sign"))
        .stdout(predicate::str::contains("byline-format"));
    let out = galley(&root())
        .args(["rules", "--format", "json", "--no-config"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = json["rules"].as_array().unwrap();
    assert!(rules.len() >= 40);
    let fixable = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap()["fixable"].clone();
    assert_eq!(fixable("sigh-sign"), "safe");
    assert_eq!(fixable("trailing-space"), "unsafe");
    assert!(fixable("duplicate-caption").is_null());
    galley(&root())
        .args(["explain", "sigh-sign"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "The two presidents sighed the agreement on Monday.",
        ))
        .stdout(predicate::str::contains(
            "fixed: \"The two presidents signed the agreement on Monday.\"",
        ))
        .stdout(predicate::str::contains("She sighed with relief"));
    galley(&root())
        .args(["explain", "modal-of"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Pattern: <([could, should, would, must, might, may, (ought to)] of), of>",
        ))
        .stdout(predicate::str::contains("Unless: of course"));
    galley(&root()).args(["explain", "nope"]).assert().code(2);
}

#[test]
fn test_command_runs_every_example() {
    galley(&root())
        .args(["test", "--no-config"])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"\d+ rules, \d+ examples: \d+ passed, 0 failed").unwrap(),
        );
}

#[test]
fn gitlab_format_is_a_code_quality_report() {
    let dir = temp_tree(&[("typo.txt", TYPO), ("clean.txt", b"All is well.\n")]);
    let out = galley(dir.path())
        .args(["check", "--format", "gitlab", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let issues: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let issues = issues.as_array().expect("an array of issues");
    assert_eq!(issues.len(), 1);
    let issue = &issues[0];
    assert_eq!(issue["check_name"], "sigh-sign");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "typo.txt");
    assert_eq!(issue["location"]["lines"]["begin"], 1);
    assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 16);
    // No findings: an empty report, still valid JSON.
    let clean = galley(dir.path())
        .args(["check", "--format", "gitlab", "clean.txt"])
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&clean.stdout), "[]\n");
}

/// Runs galley with its standard output closed by the reader before galley
/// writes (as `galley … | head -0` does): (exit code, stderr).
fn with_reader_gone(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("galley"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_stops_quietly_with_the_status_of_the_findings_so_far() {
    let dir = temp_tree(&[("typo.txt", TYPO), ("clean.txt", b"All is well.\n")]);
    for format in ["human", "concise", "json", "sarif", "github", "gitlab"] {
        let (code, stderr) = with_reader_gone(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(code, Some(1), "{format}: an error was found: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
    let (code, stderr) = with_reader_gone(dir.path(), &["check", "clean.txt"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    for args in [
        &["rules"][..],
        &["rules", "--format", "markdown"],
        &["explain", "sigh-sign"],
        &["completions", "bash"],
        &["man"],
    ] {
        let (code, stderr) = with_reader_gone(dir.path(), args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
    // Standard input takes the same path.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("galley"))
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), TYPO).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty());
}

#[test]
fn small_things_a_new_user_hit() {
    let dir = temp_tree(&[
        ("typo.txt", TYPO),
        ("warn.txt", b"Prices rose 3.2% in May.  Fine.\n"),
        (
            "long.txt",
            format!(
                "{} sighed the agreement {}\n",
                "word ".repeat(40),
                "more ".repeat(40)
            )
            .as_bytes(),
        ),
    ]);
    // "did you mean" for a slip in a rule id, on the command line and in
    // galley explain.
    galley(dir.path())
        .args(["check", "--disable", "byline-fromat", "typo.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `byline-format`?"));
    galley(dir.path())
        .args(["explain", "sigh-sing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `sigh-sign`?"));
    // --stdin-filename without `-` is an error, not ignored.
    galley(dir.path())
        .args(["check", "--stdin-filename", "x.md", "typo.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give `-` as the path"));
    // A run failed by a warning policy says why.
    galley(dir.path())
        .args(["check", "--max-warnings", "0", "warn.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--max-warnings 0 exceeded: 1 warnings",
        ));
    // The percent rule reports the whole number.
    galley(dir.path())
        .args([
            "check",
            "--enable",
            "percent-spelled-out",
            "--format",
            "concise",
            "warn.txt",
        ])
        .assert()
        .stdout(predicate::str::contains("spell out percent: `3.2%`"));
    // Descriptions are shown in full: not cut at an abbreviation.
    let rules = galley(dir.path()).args(["rules"]).output().unwrap();
    let listing = String::from_utf8_lossy(&rules.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        listing.contains(
            "With a day, AP style abbreviates August to Aug. (March to July are never abbreviated)."
        ),
        "{listing}"
    );
    // The human output fits the terminal's width (COLUMNS).
    let out = galley(dir.path())
        .env("COLUMNS", "70")
        .args(["check", "--color", "never", "long.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let excerpt: Vec<&str> = text.lines().filter(|l| l.starts_with("1 │")).collect();
    assert!(!excerpt.is_empty(), "{text}");
    for line in excerpt {
        assert!(line.chars().count() <= 70, "{line}");
    }
}

#[test]
fn help_and_man_page_cover_every_option_and_format() {
    let man = galley(&crate::support::root()).arg("man").output().unwrap();
    let man = String::from_utf8_lossy(&man.stdout).replace("\\-", "-");
    let check = galley(&crate::support::root())
        .args(["check", "--help"])
        .output()
        .unwrap();
    let check_help = String::from_utf8_lossy(&check.stdout).into_owned();
    let command = <galley::cli::Cli as clap::CommandFactory>::command();
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        assert!(
            man.contains(&format!("GALLEY {}", sub.get_name().to_uppercase())),
            "man page has a section for {}",
            sub.get_name()
        );
        for arg in sub.get_arguments().filter_map(|a| a.get_long()) {
            assert!(
                man.contains(&format!("--{arg}")),
                "man page lists {} --{arg}",
                sub.get_name()
            );
        }
    }
    assert!(
        !man.contains("galley-check(1)"),
        "no reference to pages that do not exist"
    );
    for format in galley::document::FORMATS {
        for ext in format.extensions() {
            assert!(
                check_help.contains(&format!(".{ext}")),
                "check --help names .{ext}"
            );
        }
    }
    assert!(man.contains("HTML") && man.contains(".docx"));
}

#[test]
fn version_names_the_commit_in_a_checkout() {
    let out = galley(&crate::support::root())
        .arg("--version")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        shown.starts_with(&format!("galley {}", env!("CARGO_PKG_VERSION"))),
        "{shown}"
    );
    let in_git = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(crate::support::root())
        .output()
        .ok()
        .filter(|o| o.status.success());
    if let Some(head) = in_git {
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        // Built from this checkout (the commit may have moved since the
        // build; the form is what is checked).
        assert!(shown.contains(" (git ") && head.len() == 10, "{shown}");
    }
}
