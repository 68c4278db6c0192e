//! The same article in plain text, Markdown and HTML gives the same findings:
//! rule ids and the text they flag (positions are each file's own).

use crate::support::{check_json, root};

fn findings_of(file: &str) -> Vec<(String, String)> {
    let (_, json) = check_json(&root(), &[file]);
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let mut out: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        // Whitespace at line ends depends on the markup around it.
        .filter(|d| d["rule"] != "trailing-space")
        .map(|d| {
            let (s, e) = (
                d["byte_start"].as_u64().unwrap() as usize,
                d["byte_end"].as_u64().unwrap() as usize,
            );
            (
                d["rule"].as_str().unwrap().to_string(),
                text[s..e].trim().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn same_findings_in_every_format() {
    let txt = findings_of("tests/fixtures/formats/tianjin.txt");
    let md = findings_of("tests/fixtures/formats/tianjin.md");
    let html = findings_of("tests/fixtures/formats/tianjin.html");
    assert_eq!(txt, md);
    assert_eq!(txt, html);
    let rules: Vec<&str> = txt.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "byline-format",
            "duplicate-caption",
            "duplicate-caption",
            "sigh-sign",
            "sigh-sign"
        ]
    );
}
