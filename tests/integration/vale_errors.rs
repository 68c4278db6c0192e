//! Vale configuration and rule files that are wrong, or that galley only
//! partly follows: located errors (file:line:col, exit status 2), located
//! warnings, never a panic (the rule reader is fuzzed with mutated copies
//! of the real packages' rules); and a project with both a `galley.toml`
//! and a `.vale.ini` getting both sets of findings in one run.

use std::path::Path;

use galley::vale::{ini, rule};
use proptest::prelude::*;

use crate::support::{galley, root};

/// A project folder: `.vale.ini` with `StylesPath = styles`, one style
/// `House` holding `rules` (file name, YAML), and `text.md`.
pub(crate) fn project(ini_extra: &str, rules: &[(&str, &str)], text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let styles = dir.path().join("styles/House");
    std::fs::create_dir_all(&styles).expect("style folder");
    for (name, yaml) in rules {
        std::fs::write(styles.join(name), yaml).expect("rule written");
    }
    std::fs::write(
        dir.path().join(".vale.ini"),
        format!("StylesPath = styles\n{ini_extra}\n[*.md]\nBasedOnStyles = House\n"),
    )
    .expect("ini written");
    std::fs::write(dir.path().join("text.md"), text).expect("text written");
    dir
}

fn run(dir: &Path, format: &str) -> (i32, String, String) {
    let out = galley(dir)
        .args(["check", "--format", format, "text.md"])
        .output()
        .expect("galley runs");
    (
        out.status.code().expect("exited"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const AVOID: &str =
    "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens:\n  - utilize\n";

#[test]
fn a_vale_rule_reports_in_vale_line_format() {
    let dir = project("", &[("Avoid.yml", AVOID)], "# Notes\n\nWe utilize it.\n");
    let (code, out, _) = run(dir.path(), "vale-line");
    assert_eq!(code, 1);
    assert!(
        out.lines()
            .any(|l| l == "text.md:3:4:House.Avoid:Avoid 'utilize'."),
        "{out}"
    );
}

#[test]
fn rules_and_explain_list_the_vale_rules() {
    let dir = project("", &[("Avoid.yml", AVOID)], "text\n");
    let out = galley(dir.path()).args(["rules"]).output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("House (off"), "{listing}");
    assert!(listing.contains("House.Avoid"), "{listing}");
    let out = galley(dir.path())
        .args(["explain", "House.Avoid"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.starts_with("House.Avoid (House pack, kind `vale`, error)"),
        "{shown}"
    );
    assert!(shown.contains("Vale check: existence"), "{shown}");
    assert!(shown.contains("Vale message: Avoid '%s'."), "{shown}");
    assert!(
        shown.contains("Enabled: for some files (by path)"),
        "{shown}"
    );
    assert!(!shown.contains("Flagged:"), "{shown}");
}

#[test]
fn a_broken_rule_file_is_an_error_at_its_place() {
    for (yaml, line_col, wanted) in [
        (
            "extends: existence\nmessage: m\ntokens: [a, b\n",
            "Avoid.yml:4:1",
            "invalid YAML",
        ),
        (
            "extends: existence\nmessage: m\ntokens:\n  - 'a(b'\n",
            "Avoid.yml:4:5",
            "invalid regex",
        ),
        (
            "extends: existence\nmessage: m\nlevel: loud\ntokens: [a]\n",
            "Avoid.yml:3:8",
            "unknown level",
        ),
        (
            "extends: telepathy\nmessage: m\n",
            "Avoid.yml:1:10",
            "unknown `extends`",
        ),
    ] {
        let dir = project("", &[("Avoid.yml", yaml)], "text\n");
        let (code, _, err) = run(dir.path(), "concise");
        assert_eq!(code, 2, "{yaml}: {err}");
        assert!(err.contains(wanted), "{yaml}: {err}");
        assert!(err.contains(line_col), "{yaml}: wanted {line_col} in {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn unknown_keys_and_script_rules_are_located_warnings() {
    let script = "extends: script\nmessage: m\nscript: |\n  x := 1\n";
    let odd = "extends: existence\nmessage: \"Avoid '%s'.\"\ncolour: red\nlevel: error\ntokens: [utilize]\n";
    let dir = project(
        "",
        &[("Odd.yml", odd), ("Script.yml", script)],
        "We utilize it.\n",
    );
    let (code, out, err) = run(dir.path(), "vale-line");
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("House.Odd:Avoid 'utilize'."), "{out}");
    assert!(
        err.contains("Odd.yml:3:1: warning: `colour` is not a key"),
        "{err}"
    );
    // Once, at its `extends`.
    assert_eq!(
        err.matches("Vale's `script` rules are not supported")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains("Script.yml:1:10: warning"), "{err}");
}

#[test]
fn every_command_that_loads_the_configuration_says_its_warnings_once() {
    let odd = "extends: existence\nmessage: \"Avoid '%s'.\"\ncolour: red\ntokens: [utilize]\n";
    let dir = project("", &[("Odd.yml", odd)], "We utilize it.\n");
    for args in [
        &["check", "text.md"][..],
        &["rules"][..],
        &["explain", "House.Odd"][..],
    ] {
        let out = galley(dir.path()).args(args).output().expect("galley runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.matches("Odd.yml:3:1: warning: `colour` is not a key")
                .count(),
            1,
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_bad_vale_ini_is_an_error_at_its_place() {
    let dir = project("MinAlertLevel = loud", &[("Avoid.yml", AVOID)], "text\n");
    let (code, _, err) = run(dir.path(), "concise");
    assert_eq!(code, 2);
    assert!(err.contains(".vale.ini:2:17"), "{err}");
    assert!(err.contains("unknown level `loud`"), "{err}");
}

/// What `vale sync` would download: a style named in BasedOnStyles of a
/// `.vale.ini` found by looking around is a located warning with its help,
/// and the run goes on with the styles there are; named by galley.toml, it
/// is an error with the same help; `vale-config = false` runs no Vale style.
#[test]
fn a_missing_style_is_a_warning_unless_galley_toml_names_the_ini() {
    let dir = project("", &[("Avoid.yml", AVOID)], "We utilize it.\n");
    std::fs::write(
        dir.path().join(".vale.ini"),
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House, Google\n",
    )
    .unwrap();
    let help = "help: run `vale sync` to download it, or set `vale-config = false` in galley.toml";
    let (code, out, err) = run(dir.path(), "vale-line");
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("House.Avoid"), "{out}");
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains(".vale.ini:3:24: warning: no Vale style `Google`"),
        "{err}"
    );
    assert!(err.contains(help), "{err}");

    std::fs::write(
        dir.path().join("galley.toml"),
        "vale-config = \".vale.ini\"\n",
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), "concise");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no Vale style `Google`"), "{err}");
    assert!(err.contains(help), "{err}");

    std::fs::write(dir.path().join("galley.toml"), "vale-config = false\n").unwrap();
    let (code, out, err) = run(dir.path(), "vale-line");
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("warning"), "{err}");
    let out = galley(dir.path()).args(["rules"]).output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(!listing.contains("House.Avoid"), "{listing}");

    for (value, said) in [
        ("\"\"", "`vale-config` is empty"),
        ("true", "`vale-config = true`"),
    ] {
        std::fs::write(
            dir.path().join("galley.toml"),
            format!("vale-config = {value}\n"),
        )
        .unwrap();
        let (code, _, err) = run(dir.path(), "concise");
        assert_eq!(code, 2, "{value}: {err}");
        assert!(
            err.contains(said) && err.contains("`false`"),
            "{value}: {err}"
        );
    }
}

#[test]
fn a_style_named_only_by_a_rule_setting_may_be_missing() {
    let dir = project("", &[("Avoid.yml", AVOID)], "We utilize it.\n");
    std::fs::write(
        dir.path().join(".vale.ini"),
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House\nGoogle.Will = NO\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), "vale-line");
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("House.Avoid"), "{out}");
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains(".vale.ini:4:1: warning: no Vale style `Google`"),
        "{err}"
    );
}

#[test]
fn min_alert_level_and_rule_settings_choose_what_runs() {
    let hint =
        "extends: existence\nmessage: \"Hint '%s'.\"\nlevel: suggestion\ntokens: [utilize]\n";
    let text = "We utilize it.\n";
    let dir = project("MinAlertLevel = warning", &[("Hint.yml", hint)], text);
    let (_, out, _) = run(dir.path(), "vale-line");
    assert!(!out.contains("House.Hint"), "{out}");
    let dir = project("", &[("Hint.yml", hint)], text);
    let (_, out, _) = run(dir.path(), "vale-line");
    assert!(out.contains("House.Hint"), "{out}");
    // `Style.Rule = NO` in the section turns it off again.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("styles/House")).unwrap();
    std::fs::write(dir.path().join("styles/House/Hint.yml"), hint).unwrap();
    std::fs::write(
        dir.path().join(".vale.ini"),
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House\nHouse.Hint = NO\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("text.md"), text).unwrap();
    let (_, out, _) = run(dir.path(), "vale-line");
    assert!(!out.contains("House.Hint"), "{out}");
}

#[test]
fn accepted_vocabulary_is_never_reported() {
    let dir = project("Vocab = News", &[("Avoid.yml", AVOID)], "We utilize it.\n");
    let words = dir.path().join("styles/config/vocabularies/News");
    std::fs::create_dir_all(&words).unwrap();
    std::fs::write(words.join("accept.txt"), "utilize\n").unwrap();
    let (_, out, _) = run(dir.path(), "vale-line");
    assert!(!out.contains("House.Avoid"), "{out}");
}

#[test]
fn a_bad_vocabulary_term_is_an_error_at_its_line() {
    let dir = project("Vocab = News", &[("Avoid.yml", AVOID)], "We utilize it.\n");
    let words = dir.path().join("styles/config/vocabularies/News");
    std::fs::create_dir_all(&words).unwrap();
    std::fs::write(words.join("accept.txt"), "# terms\n  foo(\n").unwrap();
    let (code, _, err) = run(dir.path(), "vale-line");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("accept.txt:2:3"), "{err}");
    assert!(err.contains("invalid regex in the vocabulary"), "{err}");
    assert!(!err.contains("Avoid.yml"), "{err}");
}

#[test]
fn token_and_block_ignores_leave_their_text_alone() {
    let text =
        "We utilize it.\n\nSee $utilize$ here.\n\n{< note >}\nWe utilize this.\n{</ note >}\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("styles/House")).unwrap();
    std::fs::write(dir.path().join("styles/House/Avoid.yml"), AVOID).unwrap();
    std::fs::write(dir.path().join("text.md"), text).unwrap();
    let ini = |extra: &str| {
        std::fs::write(
            dir.path().join(".vale.ini"),
            format!("StylesPath = styles\n[*.md]\nBasedOnStyles = House\n{extra}"),
        )
        .unwrap();
    };
    ini("");
    let (_, out, _) = run(dir.path(), "vale-line");
    assert_eq!(out.matches("House.Avoid").count(), 3, "{out}");
    ini("TokenIgnores = (\\$[^\\n$]+\\$)\nBlockIgnores = (?s)(\\{< note >\\}.*?\\{</ note >\\})\n");
    let (_, out, err) = run(dir.path(), "vale-line");
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("House.Avoid"))
            .collect::<Vec<_>>(),
        ["text.md:1:4:House.Avoid:Avoid 'utilize'."],
        "{out}{err}"
    );
    // A section for other files leaves these alone.
    ini("[*.txt]\nTokenIgnores = (\\$[^\\n$]+\\$)\n");
    let (_, out, _) = run(dir.path(), "vale-line");
    assert_eq!(out.matches("House.Avoid").count(), 3, "{out}");
    ini("TokenIgnores = (unclosed\n");
    let (code, _, err) = run(dir.path(), "concise");
    assert_eq!(code, 2);
    assert!(
        err.contains(".vale.ini:4:16") && err.contains("invalid regex"),
        "{err}"
    );
    // A .NET feature galley cannot run: a placed warning, that ignore
    // skipped, the others kept.
    ini("TokenIgnores = ([a-z-[aeiou]]+), (\\$[^\\n$]+\\$)\n");
    let (code, out, err) = run(dir.path(), "vale-line");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(".vale.ini:4:16") && err.contains("class subtraction"),
        "{err}"
    );
    assert!(err.contains("the ignore is skipped"), "{err}");
    assert_eq!(out.matches("House.Avoid").count(), 2, "{out}");
}

/// Vale applies TokenIgnores and BlockIgnores to the markup it renders
/// itself (Markdown among galley's formats): a plain-text or HTML file is
/// read whole.
#[test]
fn ignores_leave_plain_text_alone() {
    let text = "We utilize it.\n\nSee $utilize$ here.\n";
    let dir = project(
        "[*]\nBasedOnStyles = House\nTokenIgnores = (\\$[^\\n$]+\\$)",
        &[("Avoid.yml", AVOID)],
        text,
    );
    std::fs::write(dir.path().join("text.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("text.html"),
        "<p>We utilize it.</p>\n<p>See $utilize$ here.</p>\n",
    )
    .unwrap();
    let out = galley(dir.path())
        .args([
            "check",
            "--format",
            "vale-line",
            "text.md",
            "text.txt",
            "text.html",
        ])
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    let found = |file: &str| out.lines().filter(|l| l.starts_with(file)).count();
    assert_eq!(
        (found("text.md:"), found("text.txt:"), found("text.html:")),
        (1, 2, 2),
        "{out}{err}"
    );
}

/// A regex that passes the load check but is too big to compile is found
/// only when first used: the warning names the rule, and the run goes on.
#[test]
fn a_regex_too_big_to_compile_is_a_warning_naming_its_rule() {
    let huge = "extends: existence\nmessage: \"huge '%s'\"\nlevel: error\nnonword: true\ntokens:\n  - '\\w{1000}\\w{1000}\\w{1000}'\n";
    let dir = project(
        "",
        &[("Avoid.yml", AVOID), ("Huge.yml", huge)],
        "We utilize it.\n",
    );
    let (code, out, err) = run(dir.path(), "vale-line");
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("House.Avoid") && !out.contains("House.Huge"),
        "{out}"
    );
    assert!(
        err.contains("Vale rule House.Huge") && err.contains("did not compile"),
        "{err}"
    );
}

/// A section's glob names files relative to the `.vale.ini`'s folder, for
/// its styles and its ignores alike: `[docs/*.md]` applies to docs/a.md
/// whether it is checked from the top folder, from docs/ as `a.md`, or by
/// its absolute path; and not to a.md at the top.
#[test]
fn section_globs_are_relative_to_the_vale_ini_folder() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(top.join("styles/House")).unwrap();
    std::fs::create_dir_all(top.join("docs")).unwrap();
    std::fs::write(top.join("styles/House/Avoid.yml"), AVOID).unwrap();
    std::fs::write(
        top.join(".vale.ini"),
        "StylesPath = styles\n[docs/*.md]\nBasedOnStyles = House\nTokenIgnores = \\$[^$]+\\$\n",
    )
    .unwrap();
    let text = "We utilize it.\n\nSee $utilize$ here.\n";
    std::fs::write(top.join("docs/a.md"), text).unwrap();
    std::fs::write(top.join("a.md"), text).unwrap();
    let absolute = top.join("docs/a.md").display().to_string();
    for (cwd, path) in [
        (top.clone(), "docs/a.md".to_string()),
        (top.join("docs"), "a.md".to_string()),
        (top.join("docs"), absolute.clone()),
        (top.clone(), absolute.clone()),
        (top.join("docs"), "../docs/a.md".to_string()),
    ] {
        let out = galley(&cwd)
            .args(["check", "--format", "vale-line", &path])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&out.stdout);
        let found: Vec<&str> = out.lines().filter(|l| l.contains("House.Avoid")).collect();
        assert_eq!(
            found,
            [format!("{path}:1:4:House.Avoid:Avoid 'utilize'.")],
            "{} {path}: {out}",
            cwd.display()
        );
    }
    let out = galley(&top)
        .args(["check", "--format", "vale-line", "a.md"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(!out.contains("House.Avoid"), "{out}");
}

#[test]
fn the_vale_style_enforces_the_vocabularies_repetition_and_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let words = dir.path().join("styles/config/vocabularies/News");
    std::fs::create_dir_all(&words).unwrap();
    std::fs::write(words.join("accept.txt"), "GitHub\n").unwrap();
    std::fs::write(words.join("reject.txt"), "synergy\n").unwrap();
    // Vale.Spelling reads every file of config/ignore.
    let ignore = dir.path().join("styles/config/ignore");
    std::fs::create_dir_all(&ignore).unwrap();
    std::fs::write(ignore.join("tools.txt"), "kubectl\n").unwrap();
    std::fs::write(
        dir.path().join(".vale.ini"),
        "StylesPath = styles\nVocab = News\n[*.md]\nBasedOnStyles = Vale\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("text.md"),
        "Our synergy on Github is is good. GitHub is fine, unlike githb and kubectl.\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), "vale-line");
    assert_eq!(code, 1, "{err}");
    let vale: Vec<&str> = out.lines().filter(|l| l.contains(":Vale.")).collect();
    assert_eq!(
        vale,
        [
            "text.md:1:5:Vale.Avoid:Avoid using 'synergy'.",
            "text.md:1:16:Vale.Terms:Use 'GitHub' instead of 'Github'.",
            "text.md:1:23:Vale.Repetition:'is' is repeated!",
            "text.md:1:58:Vale.Spelling:Did you really mean 'githb'?",
        ],
        "{out}"
    );
}

#[test]
fn galley_and_vale_findings_come_in_one_run_in_every_format() {
    // A galley rule (a repeated word) and a Vale rule on the same text.
    let dir = project("", &[("Avoid.yml", AVOID)], "We utilize the the tool.\n");
    std::fs::write(dir.path().join("galley.toml"), "").unwrap();
    for format in [
        "human",
        "concise",
        "json",
        "sarif",
        "github",
        "gitlab",
        "html",
        "vale-line",
    ] {
        let (code, out, err) = run(dir.path(), format);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(out.contains("House.Avoid"), "{format}: {out}");
        assert!(
            out.contains("repeated-word") || out.contains("repetition"),
            "{format} has no galley finding: {out}"
        );
    }
}

/// The rule files of the packages under tests/vale, as text.
fn real_rules() -> Vec<String> {
    let mut out = Vec::new();
    for package in [
        "Google",
        "Microsoft",
        "proselint",
        "write-good",
        "alex",
        "Joblint",
    ] {
        let dir = root().join("tests/vale").join(package).join(package);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("style folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yml"))
            .collect();
        files.sort();
        out.extend(files.iter().map(|f| std::fs::read_to_string(f).unwrap()));
    }
    out
}

static RULES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(real_rules);

/// Bytes that break YAML and regexes in interesting ways.
const NOISE: &[&str] = &[
    "\n",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "&a ",
    "*a",
    "!!str ",
    "\t",
    "(",
    ")",
    "\\",
    "%s",
    "#",
    "|",
    ">",
    "é",
    "\u{0}",
    "  ",
    "?",
    "(?<!",
    "$sentence",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::support::cases(512)))]

    /// Any mutation of a real rule file is read, or refused with an error
    /// whose place lies inside the file on character boundaries: never a
    /// panic.
    #[test]
    fn mutated_rule_files_never_panic(
        which in 0usize..1000,
        edits in proptest::collection::vec((0usize..10_000, 0usize..NOISE.len(), 0usize..4), 1..6),
    ) {
        let rules = &*RULES;
        let mut text = rules[which % rules.len()].clone();
        for (at, noise, cut) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, NOISE[noise]);
        }
        match rule::read(&text) {
            Ok(def) => {
                for (span, _) in &def.warnings {
                    prop_assert!(text.get(span.clone()).is_some());
                }
            }
            Err(err) => prop_assert!(text.get(err.span.clone()).is_some(), "{:?}", err),
        }
        if let Err(err) = ini::parse(&text) {
            prop_assert!(text.get(err.span.clone()).is_some());
        }
    }
}

#[test]
fn mutated_rules_load_or_fail_cleanly_through_the_command() {
    // The whole path (reader, kind, configuration) on a few mutations of
    // rules whose regexes are the hardest: never a panic, exit 0, 1 or 2.
    let base = std::fs::read_to_string(root().join("tests/vale/Google/Google/Units.yml")).unwrap();
    for (i, noise) in ["(", "(?<=", "\\", "[", "{2,1}", "*", "(?P<x>", "\\p{Zz}"]
        .iter()
        .enumerate()
    {
        let at = base.find("\\d+").expect("a token") + i % 3;
        let mut text = base.clone();
        text.insert_str(at, noise);
        let dir = project("", &[("Units.yml", &text)], "It has 64GB and 30s.\n");
        let (code, _, err) = run(dir.path(), "concise");
        assert!(code <= 2, "{noise}: {err}");
        assert!(!err.contains("panicked"), "{noise}: {err}");
        if code == 2 {
            assert!(err.contains("Units.yml:"), "{noise}: {err}");
        }
    }
}
