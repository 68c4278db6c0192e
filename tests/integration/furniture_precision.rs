//! Furniture told apart from what only looks off its format (issue 32),
//! through the real binary: name particles belong to a byline's names; and
//! the summary and the exit status say what `--fix` and `--diff` really do
//! with a file galley does not rewrite.

use crate::support::{check_json, docx_of, galley, in_format, rule_ids, temp_tree};

/// The rules galley reports on `text` as the file `name`.
fn rules_in(name: &str, text: &[u8]) -> Vec<String> {
    let dir = temp_tree(&[(name, text)]);
    let (_, json) = check_json(dir.path(), &["--no-config", name]);
    rule_ids(&json).into_iter().map(str::to_string).collect()
}

fn count(rules: &[String], rule: &str) -> usize {
    rules.iter().filter(|r| *r == rule).count()
}

/// An article of `paragraphs` in each of the three formats; a paragraph's
/// line breaks are kept (a `<br>` in HTML).
fn three_formats(paragraphs: &[&str]) -> Vec<(&'static str, String)> {
    let html: Vec<String> = paragraphs
        .iter()
        .map(|p| p.replace('\n', "<br>\n"))
        .collect();
    let html: Vec<&str> = html.iter().map(String::as_str).collect();
    vec![
        ("story.txt", in_format("txt", paragraphs)),
        ("story.md", in_format("md", paragraphs)),
        ("story.html", in_format("html", &html)),
    ]
}

const LEAD: &str = "The darts league made its quarter-final draw on Thursday evening at the social club. Eight players are left after a long winter.";

#[test]
fn name_particles_are_part_of_a_bylines_names() {
    for byline in [
        "By Maria de los Santos and Pieter van der Berg",
        "By Lena ter Horst, Ines St Clair and Omar al-Rashid",
        "By Karl von Ende and Nadia bin Hamad",
    ] {
        for (name, text) in three_formats(&["Canal trees", byline, LEAD]) {
            let rules = rules_in(name, text.as_bytes());
            assert_eq!(count(&rules, "byline-format"), 0, "{name}: {byline}");
        }
    }
    // What is off the house format still is, particles or not.
    for byline in ["By: Maria de los Santos", "Written by Pieter van der Berg"] {
        for (name, text) in three_formats(&["Canal trees", byline, LEAD]) {
            let rules = rules_in(name, text.as_bytes());
            assert_eq!(count(&rules, "byline-format"), 1, "{name}: {byline}");
        }
    }
}

/// A story with two errors that have safe fixes and a warning that has one.
const FIXABLE: [&str; 3] = [
    "By: Jane Roe",
    "The board sighed the lease on Friday after a short debate. It runs for ten years.",
    "The the tenants said they were pleased.",
];

#[test]
fn the_fixable_count_counts_only_what_fix_writes() {
    let paragraphs: Vec<(&str, &str)> = FIXABLE.iter().map(|p| ("", *p)).collect();
    let docx = docx_of(&paragraphs);
    let txt = in_format("txt", &FIXABLE);
    let dir = temp_tree(&[("story.docx", &docx), ("story.txt", txt.as_bytes())]);
    // Plain text is rewritten: its fixes count.
    let (_, json) = check_json(dir.path(), &["--no-config", "story.txt"]);
    assert_eq!(json["summary"]["fixable"], 3);
    for args in [&[][..], &["--fix"][..]] {
        let mut all = vec!["--no-config"];
        all.extend(args);
        all.push("story.docx");
        let (code, json) = check_json(dir.path(), &all);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(json["summary"]["errors"], 2, "{args:?}");
        assert_eq!(json["summary"]["fixable"], 0, "{args:?}");
    }
    for args in [&[][..], &["--fix"][..], &["--diff"][..]] {
        let out = galley(dir.path())
            .args(["check", "--no-config"])
            .args(args)
            .arg("story.docx")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("can be fixed"), "{args:?}: {text}");
    }
    assert_eq!(std::fs::read(dir.path().join("story.docx")).unwrap(), docx);
}

#[test]
fn diff_exits_as_check_does() {
    // A pasted caption: an error with no fix.
    let unfixable = "The board met on Friday to sign a new lease. It runs for ten years.\n\nThe board met on Friday to sign a new lease\n\nThe tenants said they were pleased with the terms.\n";
    let warnings_only = in_format("txt", &["By: Jane Roe", "The board met on Friday."]);
    let paragraphs: Vec<(&str, &str)> = FIXABLE.iter().map(|p| ("", *p)).collect();
    let dir = temp_tree(&[
        ("story.docx", &docx_of(&paragraphs)),
        ("plain.txt", in_format("txt", &FIXABLE).as_bytes()),
        ("unfixable.txt", unfixable.as_bytes()),
        ("warned.txt", warnings_only.as_bytes()),
        ("clean.txt", b"The board met on Friday.\n"),
    ]);
    let status = |args: &[&str]| {
        galley(dir.path())
            .args(["check", "--no-config"])
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    for file in ["story.docx", "plain.txt", "unfixable.txt", "clean.txt"] {
        assert_eq!(
            status(&["--diff", file]),
            status(&[file]),
            "{file}: --diff exits as check does"
        );
    }
    assert_eq!(status(&["--diff", "story.docx"]), Some(1));
    assert_eq!(status(&["--diff", "unfixable.txt"]), Some(1));
    assert_eq!(status(&["--diff", "clean.txt"]), Some(0));
    // A change to make still fails a diff, warnings only or not.
    assert_eq!(status(&["warned.txt"]), Some(0));
    assert_eq!(status(&["--diff", "warned.txt"]), Some(1));
    // Standard input: the same.
    let stdin = |name: &str, bytes: Vec<u8>| {
        galley(dir.path())
            .args([
                "check",
                "--no-config",
                "--diff",
                "--stdin-filename",
                name,
                "-",
            ])
            .write_stdin(bytes)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(stdin("u.txt", unfixable.as_bytes().to_vec()), Some(1));
    assert_eq!(stdin("s.docx", docx_of(&paragraphs)), Some(1));
}
