//! Working in a content repo: suppression comments, per-path overrides,
//! baselines, standard input, `init`, completions and the man page.

use predicates::prelude::*;

use crate::support::{check_json, findings, galley, temp_tree};

#[test]
fn suppression_comments_silence_exactly_the_named_rule_on_the_covered_lines() {
    let md = "# Treaty Day\n\nThey sighed the treaty.  Twice.\n\n<!-- galley-disable sigh-sign -->\nThey sighed the treaty.  Twice.\n<!-- galley-enable sigh-sign -->\n\nThey sighed the accord.\n\n<!-- galley-disable-next-line doubled-space -->\nThey sighed the pact.  Again.\n";
    let dir = temp_tree(&[("a.md", md.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["a.md"]);
    let got: Vec<(String, u64)> = findings(&json).into_iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        got,
        [
            ("sigh-sign".to_string(), 3),
            ("doubled-space".to_string(), 3),
            ("doubled-space".to_string(), 6), // only sigh-sign is disabled there
            ("sigh-sign".to_string(), 9),     // after the enable
            ("sigh-sign".to_string(), 12),    // next-line named another rule
        ]
    );
}

#[test]
fn suppression_works_in_plain_text_and_unknown_names_are_reported() {
    let txt = "<!-- galley-disable-next-line confusion -->\nThey sighed the treaty.\n\n<!-- galley-disable sigh-sing -->\n";
    let dir = temp_tree(&[("a.txt", txt.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["a.txt"]);
    assert_eq!(findings(&json), [("suppression".to_string(), 4, 21)]);
    assert_eq!(
        json["diagnostics"][0]["message"],
        "suppression comment names an unknown rule `sigh-sing`"
    );
}

#[test]
fn overrides_apply_per_path() {
    let dir = temp_tree(&[
        (
            "galley.toml",
            b"[[overrides]]\nfiles = [\"archive/**\"]\ndisable = [\"confusion\"]\n\n[[overrides]]\nfiles = [\"drafts/*.md\"]\nseverity = { sigh-sign = \"info\" }\n",
        ),
        ("archive/2017/a.txt", b"They sighed the treaty.\n"),
        ("drafts/b.md", b"They sighed the treaty.\n"),
        ("news/c.txt", b"They sighed the treaty.\n"),
    ]);
    let (code, json) = check_json(dir.path(), &["."]);
    assert_eq!(code, 1);
    let got: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("drafts/b.md", "info"), ("news/c.txt", "error")]);
}

#[test]
fn baseline_accepts_old_findings_and_survives_unrelated_edits() {
    let dir = temp_tree(&[("a.txt", b"They sighed the treaty.\n\nThe the end.\n")]);
    galley(dir.path())
        .args(["check", ".", "--write-baseline", "baseline.json"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "wrote 2 findings to the baseline baseline.json",
        ));
    let (code, json) = check_json(dir.path(), &[".", "--baseline", "baseline.json"]);
    assert_eq!((code, findings(&json).len()), (0, 0));
    assert_eq!(json["summary"]["baselined"], 2);
    // An unrelated edit above moves the lines; a new slip is still caught.
    std::fs::write(
        dir.path().join("a.txt"),
        "A new first paragraph.\n\nThey sighed the treaty.\n\nThe the end.\n\nThey sighed the pact.\n",
    )
    .unwrap();
    let (code, json) = check_json(dir.path(), &[".", "--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), [("sigh-sign".to_string(), 7, 6)]);
    galley(dir.path())
        .args(["check", ".", "--baseline", "nope.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("baseline nope.json"));
}

#[test]
fn stdin_is_checked_with_the_format_of_its_name() {
    let dir = temp_tree(&[]);
    galley(dir.path())
        .args([
            "check",
            "-",
            "--stdin-filename",
            "story.md",
            "--format",
            "concise",
        ])
        .write_stdin("They `sighed the treaty` and sighed the pact.\n")
        .assert()
        .code(1)
        .stdout("story.md:1:30: error[sigh-sign]: `sighed` looks like a typo for `signed`\n");
    galley(dir.path())
        .args(["check", "-", "--fix"])
        .write_stdin("They sighed the pact.\n")
        .assert()
        .code(0)
        .stdout("They signed the pact.\n");
}

#[test]
fn init_writes_a_config_that_loads() {
    let dir = temp_tree(&[("a.txt", b"Fine text here.\n")]);
    galley(dir.path()).arg("init").assert().success();
    assert!(dir.path().join("galley.toml").is_file());
    galley(dir.path()).args(["check", "a.txt"]).assert().code(0);
    galley(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn completions_and_man_page_are_generated() {
    let dir = temp_tree(&[]);
    galley(dir.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--unsafe-fixes"));
    galley(dir.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH galley"));
}

#[test]
fn front_matter_byline_is_checked_and_fixed_in_place() {
    let md = "---\ntitle: \"Treaty Signed\"\nauthor: \"By: Jane Roe\"\n---\n\nThe ministers met on Monday. They agreed.\n";
    let dir = temp_tree(&[("a.md", md.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["a.md"]);
    assert_eq!(findings(&json), [("byline-format".to_string(), 3, 12)]);
    galley(dir.path())
        .args(["check", "--fix", "a.md"])
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(fixed, md.replace("By: Jane", "By Jane"));
}

#[test]
fn sic_silences_a_typo_rule_on_that_word_only() {
    let text = "The memo said they “sighed [sic] the treaty.” Later they sighed the pact.\n";
    let dir = temp_tree(&[("a.txt", text.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["a.txt"]);
    assert_eq!(findings(&json), [("sigh-sign".to_string(), 1, 58)]);
}

#[test]
fn rules_can_exclude_direct_quotations() {
    let pack = "[pack]\nname = \"house\"\n[[rule]]\nid = \"no-awesome\"\nkind = \"existence\"\npattern = \"awesome\"\nexclude = [\"quote\"]\nmessage = \"avoid `{match}`\"\nbad = [\"An awesome plan.\"]\ngood = [\"She said, “it is awesome.”\"]\n";
    let dir = temp_tree(&[
        ("galley.toml", b"packs = [\"house.toml\"]\n"),
        ("house.toml", pack.as_bytes()),
        (
            "a.txt",
            "“It is awesome,” she said of the awesome plan.\n".as_bytes(),
        ),
    ]);
    let (_, json) = check_json(dir.path(), &["a.txt"]);
    assert_eq!(findings(&json), [("no-awesome".to_string(), 1, 34)]);
    galley(dir.path()).arg("test").assert().success();
}

#[test]
fn template_tags_and_shortcodes_are_not_prose_but_captions_are() {
    let md = "# Title Here Today\n\nThe council met on Monday. It voted.\n\n{{< figure src=\"the the.jpg\" caption=\"The council met on Monday\" >}}\n\nRead {{ .Params.the_the }} and {% the the %} now.\n";
    let dir = temp_tree(&[("a.md", md.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["a.md"]);
    assert_eq!(findings(&json), [("duplicate-caption".to_string(), 5, 39)]);
}

#[test]
fn a_rule_can_be_scoped_to_one_front_matter_field() {
    let pack = "[pack]\nname = \"house\"\n[[rule]]\nid = \"no-exclamation\"\nkind = \"existence\"\npattern = '!'\nscope = [\"front-matter.title\"]\nmessage = \"no exclamation marks in titles\"\nbad = [\"x\"]\n";
    let md = "---\ntitle: \"Budget Passed!\"\ndescription: \"A big night!\"\n---\n\nThe council cheered!\n";
    let dir = temp_tree(&[
        ("galley.toml", b"packs = [\"house.toml\"]\n"),
        ("house.toml", pack.as_bytes()),
        ("a.md", md.as_bytes()),
    ]);
    let (_, json) = check_json(dir.path(), &["a.md"]);
    assert_eq!(findings(&json), [("no-exclamation".to_string(), 2, 22)]);
    // An unknown scope is a pack error at its place.
    std::fs::write(
        dir.path().join("house.toml"),
        pack.replace("front-matter.title", "headlines"),
    )
    .unwrap();
    galley(dir.path())
        .args(["check", "a.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown scope `headlines`"));
}

/// One file named twice, in two spellings or under two hard links, is
/// checked and fixed once, under the first name given.
#[test]
fn a_file_named_twice_is_checked_once() {
    let dir = temp_tree(&[("a.txt", b"The the council met.\n")]);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let (_, json) = check_json(
        dir.path(),
        &["--no-config", "a.txt", "./a.txt", "sub/../a.txt", "."],
    );
    let paths = crate::support::finding_paths(&json);
    assert_eq!(paths, ["a.txt"]);

    #[cfg(unix)]
    {
        std::fs::hard_link(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap();
        let (_, json) = check_json(dir.path(), &["--no-config", "b.txt", "a.txt"]);
        assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1, "{json}");
        galley(dir.path())
            .args(["check", "--no-config", "--fix", "b.txt", "a.txt"])
            .assert()
            .code(0);
        // Fixed once, under the first name. (That the other link keeps
        // the old text is issue 15: a fix writes a new inode.)
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.txt")).unwrap(),
            "The council met.\n"
        );
    }
}
