//! galley.toml and user packs: discovery, overrides, and errors that point
//! into the TOML.

use predicates::prelude::*;

use crate::support::{check_json, findings, galley, temp_tree};

const TYPO: &[u8] = b"The presidents sighed the agreement. Send an e-mail today.\n";

const HOUSE_PACK: &str = r#"[pack]
name = "house"

[[rule]]
id = "email"
kind = "substitution"
severity = "warning"
pattern = 'e-mail'
replacement = "email"
message = "write `{replacement}`, not `{match}`"
bad = [{ text = "Send an e-mail.", fixed = "Send an email." }]
good = ["Send an email."]
"#;

/// A directory whose galley.toml loads `pack` as house.toml, with `typo.txt`.
fn with_house_pack(pack: &str) -> tempfile::TempDir {
    temp_tree(&[
        ("galley.toml", b"packs = [\"house.toml\"]\n"),
        ("house.toml", pack.as_bytes()),
        ("typo.txt", TYPO),
    ])
}

#[test]
fn config_is_found_in_a_parent_directory() {
    let dir = temp_tree(&[
        ("galley.toml", b"disable = [\"sigh-sign\"]\n"),
        ("stories/typo.txt", TYPO),
    ]);
    let (code, json) = check_json(&dir.path().join("stories"), &["typo.txt"]);
    assert_eq!((code, findings(&json).len()), (0, 0));
    // --no-config ignores it.
    let (code, _) = check_json(&dir.path().join("stories"), &["typo.txt", "--no-config"]);
    assert_eq!(code, 1);
}

/// `--no-config` ignores `.vale.ini` as well as galley.toml, and its help
/// and the usage page say so.
#[test]
fn no_config_ignores_the_vale_ini_too_and_says_so() {
    let dir = temp_tree(&[
        (
            ".vale.ini",
            b"StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
        ),
        (
            "styles/House/Avoid.yml",
            b"extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens: [utilize]\n",
        ),
        ("a.md", b"We utilize it.\n"),
    ]);
    let ids = |json: &serde_json::Value| -> Vec<String> {
        findings(json)
            .into_iter()
            .map(|(rule, _, _)| rule)
            .collect()
    };
    let (_, json) = check_json(dir.path(), &["a.md"]);
    assert!(ids(&json).iter().any(|r| r == "House.Avoid"), "{json}");
    let (_, json) = check_json(dir.path(), &["a.md", "--no-config"]);
    assert!(!ids(&json).iter().any(|r| r == "House.Avoid"), "{json}");

    let out = galley(dir.path())
        .args(["check", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let line = help
        .lines()
        .skip_while(|l| !l.contains("--no-config"))
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(line.contains(".vale.ini"), "{line}");
    let usage = std::fs::read_to_string(crate::support::root().join("docs/src/usage.md")).unwrap();
    let row = usage
        .lines()
        .find(|l| l.starts_with("| `--no-config`"))
        .expect("a --no-config row");
    assert!(row.contains(".vale.ini"), "{row}");
}

#[test]
fn severity_override_changes_the_exit_status() {
    let dir = temp_tree(&[
        ("galley.toml", b"[severity]\nsigh-sign = \"warning\"\n"),
        ("typo.txt", TYPO),
    ]);
    let (code, json) = check_json(dir.path(), &["typo.txt"]);
    assert_eq!(code, 0);
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
}

#[test]
fn user_packs_add_rules_and_command_line_wins() {
    let dir = with_house_pack(HOUSE_PACK);
    let (_, json) = check_json(dir.path(), &["typo.txt"]);
    let rules: Vec<String> = findings(&json).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["sigh-sign", "email"]);
    let (_, json) = check_json(dir.path(), &["typo.txt", "--disable", "house"]);
    assert_eq!(findings(&json).len(), 1);
    galley(dir.path())
        .arg("test")
        .assert()
        .success()
        .stdout(predicate::str::contains("0 failed"));
}

#[test]
fn config_file_can_be_named() {
    let dir = temp_tree(&[
        ("conf/other.toml", b"disable = [\"confusion\"]\n"),
        ("typo.txt", TYPO),
    ]);
    let (code, _) = check_json(dir.path(), &["typo.txt", "--config", "conf/other.toml"]);
    assert_eq!(code, 0);
}

#[test]
fn broken_toml_points_at_the_place() {
    let dir = temp_tree(&[
        ("galley.toml", b"enable = [\"core\"\ndisable = 3\n"),
        ("typo.txt", TYPO),
    ]);
    galley(dir.path())
        .args(["check", "typo.txt"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("galley.toml:2:"));
}

#[test]
fn unknown_config_key_is_an_error() {
    let dir = temp_tree(&[
        ("galley.toml", b"disabel = [\"core\"]\n"),
        ("typo.txt", TYPO),
    ]);
    galley(dir.path())
        .args(["check", "typo.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `disabel`"))
        .stderr(predicate::str::contains("galley.toml:1:1"));
}

#[test]
fn unknown_rule_in_config_points_at_it() {
    let dir = temp_tree(&[
        ("galley.toml", b"\ndisable = [\"sigh-sing\"]\n"),
        ("typo.txt", TYPO),
    ]);
    galley(dir.path())
        .args(["check", "typo.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no rule or pack is named `sigh-sing`",
        ))
        .stderr(predicate::str::contains("galley.toml:2:12"));
}

#[test]
fn invalid_regex_in_a_pack_points_into_the_pack() {
    let pack = HOUSE_PACK.replace("'e-mail'", "'e-(mail'");
    let dir = with_house_pack(&pack);
    galley(dir.path())
        .args(["check", "typo.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid regex"))
        .stderr(predicate::str::contains("house.toml:8:11"));
}

#[test]
fn unknown_kind_in_a_pack_is_an_error() {
    let pack = HOUSE_PACK.replace("kind = \"substitution\"", "kind = \"substitute\"");
    let dir = with_house_pack(&pack);
    galley(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule kind `substitute`"))
        .stderr(predicate::str::contains("house.toml:6:8"));
}

#[test]
fn rule_id_clashing_with_a_built_in_is_an_error() {
    let pack = HOUSE_PACK.replace("id = \"email\"", "id = \"sigh-sign\"");
    let dir = with_house_pack(&pack);
    galley(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "rule id `sigh-sign` is already defined in pack `confusion`",
        ));
}

#[test]
fn missing_pack_file_points_at_the_config_entry() {
    let dir = temp_tree(&[("galley.toml", b"packs = [\"nowhere.toml\"]\n")]);
    galley(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read pack"))
        .stderr(predicate::str::contains("galley.toml:1:10"));
}

#[test]
fn a_failing_example_fails_galley_test() {
    let pack = HOUSE_PACK.replace(
        "good = [\"Send an email.\"]",
        "good = [\"Send an e-mail.\"]",
    );
    let dir = with_house_pack(&pack);
    galley(dir.path())
        .arg("test")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "FAIL email: \"Send an e-mail.\": good example is flagged",
        ));
}

#[test]
fn configurable_byline_prefixes() {
    let dir = temp_tree(&[
        (
            "galley.toml",
            "[article]\nbyline-prefixes = [\"Von\", \"By\"]\n".as_bytes(),
        ),
        (
            "story.txt",
            b"Der Rat tagte am Montag. Er stimmte zu.\n\nVon: Anna Berg\n",
        ),
    ]);
    let (_, json) = check_json(dir.path(), &["story.txt"]);
    // The house format wants "By First Last", so a German byline is flagged:
    // the line was recognised as a byline.
    assert_eq!(findings(&json), [("byline-format".to_string(), 3, 1)]);
}

#[test]
fn on_demand_packs_load_when_named_by_pack_or_rule_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "We need a couple of more chairs.\n",
    )
    .unwrap();
    let rules = |args: &[&str]| {
        let mut all = vec!["--no-config"];
        all.extend_from_slice(args);
        all.push("a.txt");
        let (_, json) = crate::support::check_json(dir.path(), &all);
        crate::support::findings(&json)
            .into_iter()
            .map(|f| f.0)
            .collect::<Vec<_>>()
    };
    // `a-couple-more` of the Harper port: off until its pack or id is named.
    let id = "a-couple-more".to_string();
    assert!(!rules(&[]).contains(&id));
    assert!(rules(&["--enable", "harper"]).contains(&id));
    assert!(rules(&["--enable", "a-couple-more"]).contains(&id));
}

#[test]
fn a_rule_marked_off_in_its_pack_stays_off_when_the_pack_is_enabled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("house.toml"),
        "[pack]\nname = \"house\"\ndefault = false\n\
         [[rule]]\nid = \"say-ok\"\nkind = \"phrase\"\nmessage = \"m\"\nbad = [\"okay\"]\n\
         pattern = \"okay\"\nreplace = [\"OK\"]\n\
         [[rule]]\nid = \"say-kind-of\"\nkind = \"phrase\"\nmessage = \"m\"\nbad = [\"kinda\"]\n\
         pattern = \"kinda\"\nreplace = [\"kind of\"]\nenabled = false\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("galley.toml"),
        "packs = [\"house.toml\"]\nenable = [\"house\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "It is okay, kinda.\n").unwrap();
    let (_, json) = crate::support::check_json(dir.path(), &["a.txt"]);
    let ids: Vec<String> = crate::support::findings(&json)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(ids, ["say-ok"]);
    let (_, json) = crate::support::check_json(dir.path(), &["--enable", "say-kind-of", "a.txt"]);
    let ids: Vec<String> = crate::support::findings(&json)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(ids, ["say-ok", "say-kind-of"]);
}

/// Overrides and baselines resolve against the galley.toml that defines
/// them, whatever the working directory and however the path is given.
#[test]
fn paths_resolve_against_the_config_from_any_working_directory() {
    let dir = temp_tree(&[
        (
            "galley.toml",
            b"[[overrides]]\nfiles = [\"archive/**\"]\ndisable = [\"sigh-sign\"]\n",
        ),
        (
            "archive/x.txt",
            b"The presidents sighed the the agreement.\n",
        ),
        ("other/notes.txt", b"Nothing here.\n"),
    ]);
    let root = dir.path();
    let runs = [
        (root.to_path_buf(), "archive/"),
        (root.join("archive"), "."),
        (root.join("archive"), "x.txt"),
        (root.join("other"), "../archive/x.txt"),
    ];
    for (cwd, path) in &runs {
        let (_, json) = check_json(cwd, &[path]);
        let rules: Vec<String> = findings(&json).into_iter().map(|f| f.0).collect();
        assert_eq!(
            rules,
            ["repeated-word"],
            "from {} with {path}",
            cwd.display()
        );
    }
    // A baseline written from the root holds from inside the folder.
    galley(root)
        .args(["check", "archive", "--write-baseline", "base.json"])
        .assert()
        .code(0);
    for (cwd, path) in &runs {
        let baseline = root.join("base.json");
        let (code, json) = check_json(cwd, &[path, "--baseline", baseline.to_str().unwrap()]);
        assert_eq!(code, 0, "from {} with {path}: {json}", cwd.display());
        assert_eq!(json["summary"]["baselined"], 1);
    }
    // Walking `.` prints paths without `./`.
    let (_, json) = check_json(&root.join("archive"), &["."]);
    assert_eq!(json["diagnostics"][0]["path"], "x.txt");
}

#[test]
fn the_project_vocabulary_is_never_misspelled() {
    let dir = temp_tree(&[
        (
            "galley.toml",
            b"enable = [\"spelling\"]\nvocabulary = [\"Tjuers\", \"recieve\"]\n",
        ),
        (
            "a.txt",
            b"Council votes\n\nThe tjuers will recieve the zorbles.\n",
        ),
    ]);
    let (_, json) = check_json(dir.path(), &["a.txt"]);
    let words: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["`zorbles` is not in the dictionary"]);
}

/// A pack path in galley.toml that leads out of the project is refused at
/// the entry, and an error about a file that is not a pack shows nothing
/// of that file.
#[test]
fn pack_paths_stay_in_the_project_and_errors_never_show_a_non_pack() {
    let secret = "root:x:0:0:SECRET-LINE:/root:/bin/bash\n";
    let dir = crate::support::temp_tree(&[
        ("outside/passwd", secret.as_bytes()),
        ("project/.git/HEAD", b"ref: refs/heads/main\n"),
        ("project/galley.toml", b"packs = [\"../outside/passwd\"]\n"),
        ("project/story.txt", b"It was fine.\n"),
    ]);
    let project = dir.path().join("project");
    let out = crate::support::galley(&project)
        .args(["check", "story.txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("SECRET-LINE"), "{stderr}");
    assert!(stderr.contains("outside the project"), "{stderr}");
    // Inside the project, a file that is not a pack: named, not shown.
    std::fs::write(project.join("notes.toml"), secret).unwrap();
    std::fs::write(project.join("galley.toml"), "packs = [\"notes.toml\"]\n").unwrap();
    let out = crate::support::galley(&project)
        .args(["check", "story.txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("SECRET-LINE"), "{stderr}");
    assert!(stderr.contains("not a pack"), "{stderr}");
}
