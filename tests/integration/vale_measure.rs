//! Vale's `metric` and `readability` rules, end to end: a rule file in a
//! style named by a `.vale.ini`, reported once at 1:1 with the value in
//! its message, as Vale prints it; a bad formula is a located error.

use std::path::Path;

use crate::support::galley;

/// A project: style `House` with `rules`, and `text.md` (the `.vale.ini`
/// of [`crate::vale_errors::project`] with nothing added).
pub(crate) fn project(rules: &[(&str, &str)], text: &str) -> tempfile::TempDir {
    crate::vale_errors::project("", rules, text)
}

/// The exit status, the `House.` lines of `vale-line` output, and stderr.
pub(crate) fn run(dir: &Path) -> (i32, Vec<String>, String) {
    let out = galley(dir)
        .args(["check", "--format", "vale-line", "text.md"])
        .output()
        .expect("galley runs");
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains(":House."))
        .map(str::to_string)
        .collect();
    (
        out.status.code().expect("exited"),
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn metric(formula: &str, condition: &str) -> String {
    format!(
        "extends: metric\nmessage: \"The value is %s.\"\nformula: |\n  {formula}\ncondition: \"{condition}\"\n"
    )
}

const TEXT: &str = "# Notes\n\n## Part\n\nOne two three four five six seven eight. Nine ten eleven twelve thirteen fourteen fifteen.\n\n- a listed item\n- another one\n";

#[test]
fn a_metric_rule_reports_its_value_at_the_start() {
    let dir = project(
        &[
            ("Long.yml", &metric("words / sentences", "> 4")),
            ("Short.yml", &metric("words / sentences", "< 4")),
            (
                "Parts.yml",
                &metric("heading.h1 + heading.h2 * 10 + list", ">= 13"),
            ),
            ("Sqrt.yml", &metric("math.sqrt(sentences * 4)", "== 4")),
        ],
        TEXT,
    );
    let (code, lines, err) = run(dir.path());
    assert!(code < 2, "{err}");
    // 15 + 3 + 2 words in 4 sentences.
    assert_eq!(
        lines,
        [
            "text.md:1:1:House.Long:The value is 5.00.",
            "text.md:1:1:House.Parts:The value is 13.00.",
            "text.md:1:1:House.Sqrt:The value is 4.00.",
        ],
        "{err}"
    );
}

#[test]
fn a_readability_rule_averages_its_grades() {
    let rule = |grade: &str| {
        format!(
            "extends: readability\nmessage: \"Grade %s.\"\ngrade: {grade}\nmetrics:\n  - Flesch-Kincaid\n  - SMOG\n"
        )
    };
    // Six words of one syllable in one sentence: Flesch-Kincaid
    // 0.39 * 6 + 11.8 - 15.59 = -1.45; SMOG 3.1291; average 0.84.
    let text = "The cat sat on the mat.\n";
    let dir = project(&[("Low.yml", &rule("0")), ("High.yml", &rule("1"))], text);
    let (code, lines, err) = run(dir.path());
    assert!(code < 2, "{err}");
    assert_eq!(lines, ["text.md:1:1:House.Low:Grade 0.84."], "{err}");
}

#[test]
fn a_metric_rule_reads_the_whole_document_whatever_its_scope() {
    // Vale runs metric rules on the summary: a scope changes nothing, and
    // one galley has no blocks for is no warning.
    let rule = format!("{}scope: code\n", metric("words / sentences", "> 4"));
    let text = "One two three four five six. Seven eight nine ten.\n";
    let dir = project(&[("Long.yml", &rule)], text);
    let (_, lines, err) = run(dir.path());
    assert_eq!(
        lines,
        ["text.md:1:1:House.Long:The value is 5.00."],
        "{err}"
    );
    assert!(!err.contains("scope"), "{err}");
}

#[test]
fn a_bad_plain_formula_is_placed_at_its_fault() {
    let rule = "extends: metric\nmessage: m\nformula: words / * 2\ncondition: '> 1'\n";
    let dir = project(&[("Bad.yml", rule)], TEXT);
    let (code, _, err) = run(dir.path());
    assert_eq!(code, 2, "{err}");
    // `*` is column 18 of line 3.
    assert!(err.contains("Bad.yml:3:18"), "{err}");
}

#[test]
fn a_document_without_prose_gets_no_measure() {
    let dir = project(
        &[("Any.yml", &metric("heading.h1", ">= 0"))],
        "# Title only\n",
    );
    let (_, lines, err) = run(dir.path());
    assert!(lines.is_empty(), "{lines:?} {err}");
}

#[test]
fn a_bad_formula_or_metric_is_a_located_error() {
    for (yaml, wanted) in [
        (metric("words / (sentences", "> 1"), "bad formula"),
        (metric("words / paragraphz", "> 1"), "`paragraphz`"),
        (metric("words", "is big"), "bad condition"),
        (
            "extends: readability\nmessage: m\ngrade: 8\nmetrics:\n  - Dale-Chall\n".to_string(),
            "unknown readability metric",
        ),
    ] {
        let dir = project(&[("Bad.yml", &yaml)], TEXT);
        let (code, _, err) = run(dir.path());
        assert_eq!(code, 2, "{yaml}: {err}");
        assert!(err.contains(wanted), "{yaml}: {err}");
        assert!(err.contains("Bad.yml:"), "{yaml}: the place: {err}");
    }
}

/// Vale's own test of its Readability style (`testdata/features/
/// styles.feature`, "Lint against Readability": the output contains this
/// line). LIX counts words, sentences and long words only, so galley's
/// figure is Vale's to the last place.
#[test]
fn vales_readability_style_gives_vales_lix_score() {
    let dir = crate::support::root().join("tests/vale/vale-engine/fixtures/styles/Readability");
    let out = galley(&dir)
        .args(["check", "--format", "vale-line", "test.md"])
        .output()
        .expect("galley runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l == "test.md:1:1:Readability.LIX:Try to keep the LIX score (38.27) below 35."),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Vale's own test of a `readability` rule (`styles.feature`, "Lint
/// against demo": `test.md:1:1:demo.Reading:Grade level (7.13) too
/// high!`), the demo style's rule run alone on the demo fixture's text.
#[test]
fn vales_demo_reading_rule_gives_vales_grade() {
    let engine = crate::support::root().join("tests/vale/vale-engine");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join(".vale.ini"),
        format!(
            "StylesPath = {}\n[*.md]\ndemo.Reading = YES\n",
            engine.join("styles").display()
        ),
    )
    .expect("ini written");
    std::fs::copy(
        engine.join("fixtures/styles/demo/test.md"),
        dir.path().join("test.md"),
    )
    .expect("fixture copied");
    let out = galley(dir.path())
        .args(["check", "--format", "vale-line", "test.md"])
        .output()
        .expect("galley runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(":demo.")).collect();
    assert_eq!(
        lines,
        ["test.md:1:1:demo.Reading:Grade level (7.13) too high!"],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
