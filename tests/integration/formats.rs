//! Output formats: concise, github, sarif (validated against the SARIF 2.1.0
//! schema), and the failing level (--deny warnings, --max-warnings).

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{galley, root, temp_tree};

const TWO: &[u8] = b"The presidents sighed the agreement.  Then they left.\n";

#[test]
fn concise_is_one_line_per_finding() {
    let dir = temp_tree(&[("a.txt", TWO)]);
    galley(dir.path())
        .args(["check", "--format", "concise", "a.txt"])
        .assert()
        .code(1)
        .stdout(
            "a.txt:1:16: error[sigh-sign]: `sighed` looks like a typo for `signed`\n\
             a.txt:1:37: warning[doubled-space]: 2 spaces between words\n",
        );
}

#[test]
fn github_format_is_workflow_commands() {
    let dir = temp_tree(&[("a.txt", TWO)]);
    galley(dir.path())
        .args(["check", "--format", "github", "a.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=a.txt,line=1,col=16,endLine=1,endColumn=22,title=galley sigh-sign::`sighed` looks like a typo for `signed`%0Ahelp: replace with `signed`\n",
        ))
        .stdout(predicate::str::contains("::warning file=a.txt,line=1,col=37,"));
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let mut schema: Value =
        serde_json::from_str(include_str!("../schemas/sarif-2.1.0-rtm.5.json")).unwrap();
    // The official schema's `language` patterns have a stray `]`: a literal
    // in legacy ECMAScript regexes, a syntax error in the strict (Unicode)
    // dialect the validator checks patterns with. Escaping it keeps the
    // meaning; the file in tests/schemas stays as published.
    let escaped = escape_stray_bracket(&mut schema);
    assert!(
        escaped >= 2,
        "the schema changed: {escaped} patterns escaped"
    );
    let validator = jsonschema::draft4::options()
        .build(&schema)
        .expect("schema compiles");
    let dir = temp_tree(&[("missing-dir-marker", b"")]);
    let out = galley(&root())
        .args([
            "check",
            "--format",
            "sarif",
            "examples/tianjin-2017.txt",
            "tests/fixtures/flagged",
        ])
        .arg(dir.path().join("nope.txt"))
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject a log that breaks the schema.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(results.len() > 20);
    let dup = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-caption")
        .unwrap();
    assert_eq!(
        dup["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        9
    );
    let sigh = results.iter().find(|r| r["ruleId"] == "sigh-sign").unwrap();
    assert_eq!(
        sigh["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "signed"
    );
    let index = sigh["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "sigh-sign");
    assert_eq!(
        run["invocations"][0]["executionSuccessful"], false,
        "one path was missing"
    );
}

/// Escapes the stray `]` in the schema's language-tag patterns; returns how
/// many were escaped.
fn escape_stray_bracket(value: &mut Value) -> usize {
    const STRAY: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        Value::Object(map) => map
            .iter_mut()
            .map(|(key, v)| {
                if key == "pattern" && v == STRAY {
                    *v = Value::from(STRAY.replace("}]?", r"}\]?"));
                    1
                } else {
                    escape_stray_bracket(v)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(escape_stray_bracket).sum(),
        _ => 0,
    }
}

#[test]
fn deny_warnings_and_max_warnings() {
    let dir = temp_tree(&[("w.txt", b"One  two three. Four  five six.\n")]);
    galley(dir.path()).args(["check", "w.txt"]).assert().code(0);
    galley(dir.path())
        .args(["check", "w.txt", "--deny", "warnings"])
        .assert()
        .code(1);
    galley(dir.path())
        .args(["check", "w.txt", "--max-warnings", "2"])
        .assert()
        .code(0);
    galley(dir.path())
        .args(["check", "w.txt", "--max-warnings", "1"])
        .assert()
        .code(1);
    std::fs::write(dir.path().join("galley.toml"), "deny-warnings = true\n").unwrap();
    galley(dir.path()).args(["check", "w.txt"]).assert().code(1);
}
