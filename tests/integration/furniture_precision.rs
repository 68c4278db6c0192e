//! Furniture and captions told apart from what only looks like them (issue
//! 32), through the real binary: a line repeated inside a list is no pasted
//! caption, nor is a photo's alt text that repeats its front-matter caption;
//! name particles belong to a byline's names; and the summary and the exit
//! status say what `--fix` and `--diff` really do with a file galley does
//! not rewrite.

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
const LAST: &str = "All four ties are played on the first Friday of May.";

#[test]
fn a_line_repeated_under_each_group_of_a_results_list_is_no_paste() {
    // The list as short paragraphs, one entry each.
    let entries = [
        "Darts draw pairs old rivals",
        LEAD,
        "Top half:",
        "Kath Moss v Dev Patel",
        "Rob Sykes v Lou Grant",
        "Winners meet in the semi-final",
        "Bottom half:",
        "Ian Holt v Sue Marsh",
        "Tom Reid v Al Burns",
        "Winners meet in the semi-final",
        LAST,
    ];
    // The list as lines of a block, the closing line on its own after the
    // second group.
    let lines = [
        "Darts draw pairs old rivals",
        LEAD,
        "Top half:\nKath Moss v Dev Patel.\nRob Sykes v Lou Grant.\nWinners meet in the semi-final.",
        "Bottom half:\nIan Holt v Sue Marsh.",
        "Winners meet in the semi-final.",
        LAST,
    ];
    for shape in [&entries[..], &lines[..]] {
        for (name, text) in three_formats(shape) {
            let rules = rules_in(name, text.as_bytes());
            assert_eq!(count(&rules, "duplicate-caption"), 0, "{name}: {text}");
        }
    }
    // A Word document reads captions by shape too.
    let docx: Vec<(&str, &str)> = entries.iter().map(|p| ("", *p)).collect();
    let rules = rules_in("story.docx", &docx_of(&docx));
    assert_eq!(count(&rules, "duplicate-caption"), 0, "docx");
}

#[test]
fn a_caption_pasted_beside_prose_is_still_flagged() {
    let sentence = "Kath Moss throws at the social club on Thursday";
    let body = format!("{sentence}. She won her first match in the spring.");
    let cases = [
        (
            "story.txt",
            in_format(
                "txt",
                &["Darts draw pairs old rivals", LEAD, sentence, &body],
            ),
        ),
        (
            "story.md",
            in_format(
                "md",
                &[LEAD, &format!("![Darts](a.jpg)\n{sentence}"), &body],
            ),
        ),
        (
            "story.html",
            format!(
                "<html><body><p>{LEAD}</p><figure><img src=\"a.jpg\" alt=\"Darts\"><figcaption>{sentence}</figcaption></figure><p>{body}</p></body></html>\n"
            ),
        ),
    ];
    for (name, text) in cases {
        let rules = rules_in(name, text.as_bytes());
        assert_eq!(count(&rules, "duplicate-caption"), 1, "{name}: {text}");
    }
}

#[test]
fn alt_text_that_repeats_the_front_matter_caption_is_one_photo() {
    let caption = "Volunteers plant oaks along the canal path";
    let page = |image: &str, body: &str| {
        format!(
            "---\ntitle: Canal trees\ncaption: \"{caption}\"\n---\n\nA hundred oaks went in along the towpath at the weekend. {body}\n\n{image}\n\nMore planting days are planned for the autumn.\n"
        )
    };
    let quiet = "The council paid for the saplings.";
    for image in [
        format!("![{caption}](oaks.jpg)"),
        format!("![Oaks](oaks.jpg \"{caption}\")"),
    ] {
        let rules = rules_in("story.md", page(&image, quiet).as_bytes());
        assert_eq!(count(&rules, "duplicate-caption"), 0, "{image}");
    }
    // The caption pasted into the body is still a paste (reported at each
    // caption that repeats it).
    let pasted = page(&format!("![{caption}](oaks.jpg)"), &format!("{caption}."));
    let rules = rules_in("story.md", pasted.as_bytes());
    assert_eq!(count(&rules, "duplicate-caption"), 2);
}

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
fn the_fixable_count_counts_what_fix_writes() {
    let paragraphs: Vec<(&str, &str)> = FIXABLE.iter().map(|p| ("", *p)).collect();
    let docx = docx_of(&paragraphs);
    let txt = in_format("txt", &FIXABLE);
    let dir = temp_tree(&[("story.docx", &docx), ("story.txt", txt.as_bytes())]);
    // Both formats are rewritten: their fixes count, and --fix makes them.
    for file in ["story.txt", "story.docx"] {
        let (code, json) = check_json(dir.path(), &["--no-config", file]);
        assert_eq!(code, 1, "{file}");
        assert_eq!(json["summary"]["fixable"], 3, "{file}");
        let out = galley(dir.path())
            .args(["check", "--no-config", file])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("3 findings can be fixed with --fix"),
            "{file}: {text}"
        );
    }
    let diff = galley(dir.path())
        .args(["check", "--no-config", "--diff", "story.docx"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&diff.stdout);
    assert!(
        shown.contains("-The board sighed the lease")
            && shown.contains("+The board signed the lease"),
        "{shown}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("story.docx")).unwrap(),
        docx,
        "--diff writes nothing"
    );
    let (code, json) = check_json(dir.path(), &["--no-config", "--fix", "story.docx"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["summary"]["fixed"], 3);
    assert_eq!(json["summary"]["fixable"], 0);
    assert_ne!(std::fs::read(dir.path().join("story.docx")).unwrap(), docx);
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
