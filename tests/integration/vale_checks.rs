//! Vale check types and settings as current Vale runs them, one small
//! project each (built with vale_errors' helper): substitution's case
//! matching, `sequence` rules, `IgnoredScopes` and `SkippedScopes`, and
//! regexes galley cannot run.

use std::path::Path;

use crate::support::galley;
use crate::vale_errors::project;

/// `galley check --format vale-line text.md`: exit status, stdout, stderr.
fn run(dir: &Path) -> (i32, String, String) {
    let out = galley(dir)
        .args(["check", "--format", "vale-line", "text.md"])
        .output()
        .expect("galley runs");
    (
        out.status.code().expect("exited"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The lines of one rule (`House.<rule>`).
fn lines_of(out: &str, rule: &str) -> Vec<String> {
    let id = format!(":House.{rule}:");
    out.lines()
        .filter(|l| l.contains(&id))
        .map(str::to_string)
        .collect()
}

const SWAP: &str = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: error\nignorecase: true\naction:\n  name: replace\nswap:\n  are not: aren't\n";

#[test]
fn a_replacement_is_capitalised_only_with_capitalize() {
    // Vale 3.4 on: `ignorecase` alone keeps the replacement as written.
    let text = "Are not we there?\n";
    let dir = project("", &[("Plain.yml", SWAP)], text);
    let (_, out, err) = run(dir.path());
    assert_eq!(
        lines_of(&out, "Plain"),
        ["text.md:1:1:House.Plain:Use 'aren't' instead of 'Are not'."],
        "{err}"
    );
    let capital = format!("{SWAP}capitalize: true\n");
    let dir = project("", &[("Cap.yml", capital.as_str())], text);
    let (_, out, err) = run(dir.path());
    assert_eq!(
        lines_of(&out, "Cap"),
        ["text.md:1:1:House.Cap:Use 'Aren't' instead of 'Are not'."],
        "{err}"
    );
}
