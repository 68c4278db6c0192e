//! The same article in plain text, Markdown, HTML and .docx gives the same findings:
//! rule ids and the text they flag (positions are each file's own).

use crate::support::{byte_range, check_json, root};

/// (rule, flagged text) of each finding in `file`, sorted; offsets are read
/// in `text`, the file as galley saw it.
fn findings_in(file: &str, text: &str) -> Vec<(String, String)> {
    let (_, json) = check_json(&root(), &[file]);
    let mut out: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        // Whitespace at line ends depends on the markup around it.
        .filter(|d| d["rule"] != "trailing-space")
        .map(|d| {
            let flagged = text[byte_range(d)].trim().to_string();
            (d["rule"].as_str().unwrap().to_string(), flagged)
        })
        .collect();
    out.sort();
    out
}

fn findings_of(file: &str) -> Vec<(String, String)> {
    findings_in(file, &std::fs::read_to_string(root().join(file)).unwrap())
}

/// For a .docx, offsets are in galley's extracted text (a paragraph a line).
fn findings_of_docx(file: &str) -> Vec<(String, String)> {
    let bytes = std::fs::read(root().join(file)).unwrap();
    findings_in(
        file,
        &galley::document::extract_docx(&bytes, None).unwrap().text,
    )
}

#[test]
fn docx_findings_say_where_in_word() {
    let (_, json) = check_json(&root(), &["tests/fixtures/formats/tianjin.docx"]);
    let first = &json["diagnostics"][0];
    assert_eq!(first["rule"], "sigh-sign");
    assert_eq!(first["line"], 2, "line N is paragraph N");
    let out = crate::support::galley(&root())
        .args([
            "check",
            "--color",
            "never",
            "tests/fixtures/formats/tianjin.docx",
        ])
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(human.contains("= in Word: paragraph 2, “…"), "{human}");
}

#[test]
fn same_findings_in_every_format() {
    let txt = findings_of("tests/fixtures/formats/tianjin.txt");
    let md = findings_of("tests/fixtures/formats/tianjin.md");
    let html = findings_of("tests/fixtures/formats/tianjin.html");
    let docx = findings_of_docx("tests/fixtures/formats/tianjin.docx");
    assert_eq!(txt, md);
    assert_eq!(txt, html);
    assert_eq!(
        txt, docx,
        "the .docx's tracked deletion and comment are not read"
    );
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
