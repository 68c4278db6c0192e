//! The people pack on the story, in every text format: two names
//! misspelt against their first full mention and an age that changes, each
//! with the place it contradicts.

use crate::support::check_json;

const PARAGRAPHS: &[&str] = &[
    "Mayor Karen Whitfield, 52, said the council would approve the park on Monday.",
    "\"We have waited long enough,\" Whitfeld said after the vote.",
    "Whitfield, 53, has served two terms. Councilman Robert Alvarez voted against the plan. Alverez said the cost was too high.",
];

#[test]
fn the_three_slips_are_reported_in_word_too() {
    let dir = tempfile::tempdir().unwrap();
    let paragraphs: Vec<(&str, &str)> = PARAGRAPHS.iter().map(|p| ("", *p)).collect();
    let bytes = crate::support::docx_of(&paragraphs);
    std::fs::write(dir.path().join("story.docx"), bytes).unwrap();
    let (_, json) = check_json(dir.path(), &["--no-config", "story.docx"]);
    let found: Vec<(&str, u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "name-spelling" || d["rule"] == "age-consistency")
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["related"][0]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // Paragraph by paragraph: Whitfeld (2, named in 1), 53 (3, from 1), Alverez (3, named in 3).
    assert_eq!(
        found,
        [
            ("name-spelling", 2, 1),
            ("age-consistency", 3, 1),
            ("name-spelling", 3, 3)
        ]
    );
}

#[test]
fn a_name_in_front_matter_is_read_against_the_body() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\nauthor: Robert Alvarez\n---\n\nThe column drew letters. Alverez said he read them all.\n",
    )
    .unwrap();
    let (_, json) = check_json(dir.path(), &["--no-config", "a.md"]);
    let d = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "name-spelling")
        .expect("the body's Alverez is flagged against the author field");
    assert_eq!(d["related"][0]["line"], 2);
}

#[test]
fn a_misspelt_place_name_is_one_finding_with_every_pack_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Students at Tianjin University protested on Monday. Officials at Tianjin Univeristy did not comment.\n",
    )
    .unwrap();
    let (_, json) = check_json(
        dir.path(),
        &[
            "--no-config",
            "--enable",
            "news-style",
            "--enable",
            "spelling",
            "a.txt",
        ],
    );
    let on_it: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["column"].as_u64().unwrap() > 68)
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(on_it, ["proper-name-spelling"], "{json:#}");
}

#[test]
fn the_three_slips_are_reported_with_their_related_places_in_every_format() {
    for ext in ["txt", "md", "html"] {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("story.{ext}");
        let text = crate::support::in_format(ext, PARAGRAPHS);
        std::fs::write(dir.path().join(&name), &text).unwrap();
        let (_, json) = check_json(dir.path(), &["--no-config", &name]);
        let found: Vec<(String, String, String)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "name-spelling" || d["rule"] == "age-consistency")
            .map(|d| {
                let at = crate::support::byte_range(d);
                let related = &d["related"][0];
                let line = related["line"].as_u64().unwrap() as usize;
                let col = related["column"].as_u64().unwrap() as usize;
                let related_text: String = text
                    .lines()
                    .nth(line - 1)
                    .unwrap()
                    .chars()
                    .skip(col - 1)
                    .take(6)
                    .collect();
                (
                    d["rule"].as_str().unwrap().to_string(),
                    text[at].to_string(),
                    related_text,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "name-spelling".to_string(),
                    "Whitfeld".to_string(),
                    "Whitfi".to_string()
                ),
                (
                    "age-consistency".to_string(),
                    "53".to_string(),
                    "52, sa".to_string()
                ),
                (
                    "name-spelling".to_string(),
                    "Alverez".to_string(),
                    "Alvare".to_string()
                ),
            ],
            "{ext}"
        );
    }
}

/// The story with a caption that misspells the mayor, in each format's own
/// caption syntax.
fn with_caption(ext: &str) -> Vec<u8> {
    let body = "Mayor Karen Whitfield, 52, said the council would approve the park.";
    let caption = "Mayor Karen Whitfeld cuts the ribbon.";
    match ext {
        "txt" => format!("{body}\n\n{caption}\n").into_bytes(),
        "md" => format!("---\nauthor: Jane Doe\n---\n\n{body}\n\n![{caption}](park.jpg)\n").into_bytes(),
        "html" => format!(
            "<html><body><p>{body}</p><figure><img src=\"park.jpg\"><figcaption>{caption}</figcaption></figure></body></html>\n"
        )
        .into_bytes(),
        "docx" => crate::support::docx_of(&[("", body), ("Caption", caption)]),
        _ => unreachable!(),
    }
}

#[test]
fn a_caption_that_misspells_a_name_is_caught_in_every_format() {
    for ext in ["txt", "md", "html", "docx"] {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("story.{ext}");
        std::fs::write(dir.path().join(&name), with_caption(ext)).unwrap();
        let (_, json) = check_json(dir.path(), &["--no-config", &name]);
        let spelling: Vec<&serde_json::Value> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "name-spelling")
            .collect();
        assert_eq!(spelling.len(), 1, "{ext}: {json:#}");
        assert_eq!(
            spelling[0]["message"], "`Whitfeld` is spelled `Whitfield` once in the article",
            "{ext}"
        );
        let at = |d: &serde_json::Value| (d["line"].as_u64(), d["column"].as_u64());
        assert!(
            at(&spelling[0]["related"][0]) < at(spelling[0]),
            "{ext}: the body names her first, before the caption"
        );
    }
}

#[test]
fn hard_negatives_give_no_finding() {
    let story = [
        "Ann Leeson, 41, and Anne Leason, 39, both ran for the board.",
        "Karen Whitfield and her husband, Tom Whitfield, voted, as did his sister, Mary Whitfield.",
        "John F. Kennedy Jr. spoke; John Kennedy's speech was short. Mr. Kennedy and Dr. Leeson left.",
        "\"Leeson will win,\" Leason said.",
        "José Luis de la Cruz and Ludwig van Beethoven were mentioned. De la Cruz laughed.",
        "Leeson, 41, and Leason, 39, shook hands.",
    ]
    .join("\n\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), story + "\n").unwrap();
    let (_, json) = check_json(
        dir.path(),
        &["--no-config", "--enable", "news-style", "a.txt"],
    );
    let people: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let rule = d["rule"].as_str().unwrap();
            [
                "name-spelling",
                "age-consistency",
                "proper-name-spelling",
                "first-reference",
                "title-change",
            ]
            .contains(&rule)
        })
        .collect();
    assert!(people.is_empty(), "{people:#?}");
}
