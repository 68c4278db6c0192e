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
    // Vale 3.4.1 on: `ignorecase` alone keeps the replacement as written.
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

#[test]
fn a_sequence_matches_words_by_pattern_tag_skip_and_negation() {
    // A superlative up to three words before "of all times" (`skip`), the
    // words matched filling `%[n]s`; and "be" after a modal, then a word
    // that is not a verb (`negate`).
    let idiom = "extends: sequence\nmessage: \"'%[1]s … %[3]s all times'\"\nlevel: error\ntokens:\n  - tag: JJS\n    skip: 3\n  - pattern: of\n  - pattern: all\n  - pattern: times\n";
    let modal = "extends: sequence\nmessage: \"'%[2]s' then '%[3]s'\"\nlevel: error\ntokens:\n  - tag: MD\n  - pattern: be\n  - tag: VB|JJ\n    negate: true\n";
    let text = "She is the finest sprinter of all times.\n\nThe quickest ferry of all the times we took was late.\n\nThe tide could be high. The tide could be there.\n";
    let dir = project("", &[("Idiom.yml", idiom), ("Modal.yml", modal)], text);
    let (_, out, err) = run(dir.path());
    assert_eq!(
        lines_of(&out, "Idiom"),
        ["text.md:1:12:House.Idiom:'finest … of all times'"],
        "{err}"
    );
    // "high" is an adjective: only "be there" is reported, from "could".
    assert_eq!(
        lines_of(&out, "Modal"),
        ["text.md:5:34:House.Modal:'be' then 'there'"],
        "{err}"
    );
}

#[test]
fn a_sequence_token_that_is_not_a_mapping_is_an_error_at_its_place() {
    let bad = "extends: sequence\nmessage: m\ntokens:\n  - of\n";
    let dir = project("", &[("Bad.yml", bad)], "Text.\n");
    let (code, _, err) = run(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error: a sequence's token is a mapping") && err.contains("Bad.yml:4:5"),
        "{err}"
    );
}

const AVOID: &str =
    "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens:\n  - utilize\n";

/// The columns (line:col) where House.Avoid reports in `text`, under
/// `ini` (root settings of the `.vale.ini`).
fn avoided(ini: &str, text: &str) -> Vec<String> {
    let dir = project(ini, &[("Avoid.yml", AVOID)], text);
    let (_, out, err) = run(dir.path());
    assert!(
        !err.contains("IgnoredScopes") && !err.contains("SkippedScopes"),
        "{err}"
    );
    lines_of(&out, "Avoid")
        .iter()
        .map(|l| l.split(':').skip(1).take(2).collect::<Vec<_>>().join(":"))
        .collect()
}

#[test]
fn ignored_scopes_hide_inline_elements_and_replace_vales_defaults() {
    let text = "We **utilize** it. We <kbd>utilize</kbd> it. We utilize it.\n";
    // Vale's defaults (tt, code, kbd): the kbd element is left alone.
    assert_eq!(avoided("", text), ["1:6", "1:49"]);
    // Set: strong (Markdown's `**`) is left alone, kbd no longer.
    assert_eq!(avoided("IgnoredScopes = strong", text), ["1:28", "1:49"]);
}

#[test]
fn skipped_scopes_hide_blocks() {
    let text = "We utilize it.\n\n> They utilize it.\n\n- Lists utilize it.\n";
    assert_eq!(avoided("", text), ["1:4", "3:8", "5:9"]);
    assert_eq!(avoided("SkippedScopes = blockquote, li", text), ["1:4"]);
}

#[test]
fn a_dotnet_regex_feature_skips_its_rule_with_a_located_warning() {
    // Character class subtraction: Vale's regexes have it, fancy-regex
    // has not. The rule is skipped; the run and the style's other rules
    // go on.
    let vowels =
        "extends: existence\nmessage: \"m '%s'\"\nlevel: error\ntokens:\n  - '[a-z-[aeiou]]{3}'\n";
    let dir = project(
        "",
        &[("Avoid.yml", AVOID), ("Dotnet.yml", vowels)],
        "We utilize it.\n",
    );
    let (code, out, err) = run(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_eq!(lines_of(&out, "Avoid").len(), 1, "{out}");
    assert!(lines_of(&out, "Dotnet").is_empty(), "{out}");
    assert!(
        err.contains(
            "Dotnet.yml:5:5: warning: galley cannot run this regex (character class subtraction"
        ),
        "{err}"
    );
}

#[test]
fn a_replace_actions_options_are_compared_as_text() {
    // Vale's #1038: the replacement `...` is three dots, not a regex that
    // `,,,` would match.
    let dots = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: error\nnonword: true\naction:\n  name: replace\nswap:\n  ',,,': '...'\n";
    let dir = project("", &[("Dots.yml", dots)], "Wait,,, what.\n");
    let (_, out, err) = run(dir.path());
    assert_eq!(
        lines_of(&out, "Dots"),
        ["text.md:1:5:House.Dots:Use '...' instead of ',,,'."],
        "{err}"
    );
}

#[test]
fn an_unknown_unicode_class_is_an_error_at_its_place() {
    // Found at load though regexes are compiled on first use.
    let nope = "extends: existence\nmessage: \"m '%s'\"\nlevel: error\nnonword: true\nraw:\n  - '\\p{Nope}+'\n";
    let dir = project(
        "",
        &[("Avoid.yml", AVOID), ("Nope.yml", nope)],
        "We utilize it.\n",
    );
    let (code, _, err) = run(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("invalid regex") && err.contains("Nope.yml:6:5"),
        "{err}"
    );
}

#[test]
fn a_raw_rule_reads_code_and_ignored_scopes_too() {
    // Vale masks its scopes only in the HTML it walks; a `scope: raw`
    // rule reads the file's lines as written, code and all.
    let raw =
        "extends: existence\nmessage: \"raw '%s'\"\nlevel: error\nscope: raw\nraw:\n  - 'TODO'\n";
    let text = "Some `TODO` here.\n\n```\nTODO\n```\n\nAnd TODO.\n";
    let dir = project("[*]\nTokenIgnores = (And TODO)", &[("Raw.yml", raw)], text);
    let (_, out, err) = run(dir.path());
    assert_eq!(
        lines_of(&out, "Raw"),
        [
            "text.md:1:7:House.Raw:raw 'TODO'",
            "text.md:4:1:House.Raw:raw 'TODO'",
            "text.md:7:5:House.Raw:raw 'TODO'"
        ],
        "{err}"
    );
}

#[test]
fn a_huge_skip_is_a_count_not_copies() {
    // `skip` lets that many words come between; galley kept one copy of
    // the token per word skipped, and four billion of them aborted it.
    let skip = "extends: sequence\nmessage: \"'%[1]s … %[3]s all times'\"\nlevel: error\ntokens:\n  - tag: JJS\n    skip: 4000000000\n  - pattern: of\n  - pattern: all\n  - pattern: times\n";
    let text = "She is the finest sprinter of all times.\n";
    let dir = project("", &[("Skip.yml", skip)], text);
    let (code, out, err) = run(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        lines_of(&out, "Skip"),
        ["text.md:1:12:House.Skip:'finest … of all times'"],
        "{err}"
    );
}

#[test]
fn html_elements_are_masked_only_in_html_and_markdown() {
    // Vale reads a .txt file as plain text: `<code>` there is text.
    let text = "We <code>utilize</code> it. We utilize it.\n";
    let dir = project(
        "[*.txt]\nBasedOnStyles = House",
        &[("Avoid.yml", AVOID)],
        text,
    );
    std::fs::write(dir.path().join("text.txt"), text).expect("text written");
    let out = galley(dir.path())
        .args(["check", "--format", "vale-line", "text.md", "text.txt"])
        .output()
        .expect("galley runs");
    let out = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        lines_of(&out, "Avoid"),
        [
            "text.md:1:32:House.Avoid:Avoid 'utilize'.",
            "text.txt:1:10:House.Avoid:Avoid 'utilize'.",
            "text.txt:1:32:House.Avoid:Avoid 'utilize'."
        ]
    );
}
