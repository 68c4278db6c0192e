//! The people pack on the story, in every text format: two names
//! misspelt against their first full mention and an age that changes, each
//! with the place it contradicts.

use crate::support::check_json;

const PARAGRAPHS: &[&str] = &[
    "Mayor Karen Whitfield, 52, said the council would approve the park on Monday.",
    "\"We have waited long enough,\" Whitfeld said after the vote.",
    "Whitfield, 53, has served two terms. Councilman Robert Alvarez voted against the plan. Alverez said the cost was too high.",
];

fn article(ext: &str) -> String {
    match ext {
        "txt" => PARAGRAPHS.join("\n\n") + "\n",
        "md" => format!(
            "---\nauthor: Jane Doe\n---\n\n{}\n",
            PARAGRAPHS.join("\n\n")
        ),
        "html" => format!(
            "<html><body>{}</body></html>\n",
            PARAGRAPHS
                .iter()
                .map(|p| format!("<p>{p}</p>"))
                .collect::<String>()
        ),
        _ => unreachable!(),
    }
}

#[test]
fn the_three_slips_are_reported_with_their_related_places_in_every_format() {
    for ext in ["txt", "md", "html"] {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("story.{ext}");
        let text = article(ext);
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
                    "Karen ".to_string()
                ),
                (
                    "age-consistency".to_string(),
                    "53".to_string(),
                    "52, sa".to_string()
                ),
                (
                    "name-spelling".to_string(),
                    "Alverez".to_string(),
                    "Robert".to_string()
                ),
            ],
            "{ext}"
        );
    }
}
