//! The article galley started from: every catch it must make, at the right
//! line and column, and nothing else.

use serde_json::Value;

use crate::support::{byte_range, check_json, findings, root, temp_tree};

const ARTICLE: &str = include_str!("../../examples/tianjin-2017.txt");

/// 1-based (line, column in characters) of the `nth` occurrence of `needle`.
fn position(text: &str, needle: &str, nth: usize) -> (u64, u64) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .expect("needle present")
        .0;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    (line as u64, column as u64)
}

fn lines_ending_in_whitespace(text: &str) -> Vec<u64> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && l.trim_end() != *l)
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

#[test]
fn reports_exactly_the_known_mistakes() {
    let (code, json) = check_json(&root(), &["examples/tianjin-2017.txt"]);
    assert_eq!(code, 1, "errors make the run fail");
    let got = findings(&json);

    let of = |rule: &str| -> Vec<(u64, u64)> {
        got.iter()
            .filter(|f| f.0 == rule)
            .map(|f| (f.1, f.2))
            .collect()
    };
    assert_eq!(
        of("sigh-sign"),
        [
            position(ARTICLE, "sighed", 0),
            position(ARTICLE, "sighed", 1)
        ]
    );
    assert_eq!(
        of("sigh-sign").iter().map(|p| p.0).collect::<Vec<_>>(),
        [9, 11]
    );
    assert_eq!(of("duplicate-caption"), [(11, 1), (29, 1)]);
    assert_eq!(of("byline-format"), [(41, 3)]);
    let trailing: Vec<u64> = of("trailing-space").iter().map(|p| p.0).collect();
    assert_eq!(trailing, lines_ending_in_whitespace(ARTICLE));
    assert_eq!(trailing.len(), 15);
    assert_eq!(got.len(), 2 + 2 + 1 + 15, "no other finding: {got:?}");
}

#[test]
fn duplicate_captions_point_at_the_sentence_they_repeat() {
    let (_, json) = check_json(&root(), &["examples/tianjin-2017.txt"]);
    let dups: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "duplicate-caption")
        .collect();
    let related: Vec<(u64, u64)> = dups
        .iter()
        .map(|d| {
            let r = &d["related"][0];
            (r["line"].as_u64().unwrap(), r["column"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        related,
        [
            position(ARTICLE, "On behalf of the two sides", 0),
            position(ARTICLE, "Li Jiajun emphasized", 0)
        ]
    );
    assert_eq!(related[0].0, 9);
    assert_eq!(related[1].0, 27);
}

#[test]
fn fixes_and_byte_offsets_are_exact() {
    let (_, json) = check_json(&root(), &["examples/tianjin-2017.txt"]);
    for d in json["diagnostics"].as_array().unwrap() {
        let text = &ARTICLE[byte_range(d)];
        match d["rule"].as_str().unwrap() {
            "sigh-sign" => {
                assert_eq!(text, "sighed");
                let edit = &d["fix"]["edits"][0];
                assert_eq!(edit["replacement"], "signed");
                assert_eq!(d["fix"]["applicability"], "safe");
            }
            "byline-format" => assert_eq!(text, ":"),
            "trailing-space" => {
                assert!(text.chars().all(char::is_whitespace) && text.contains('\u{a0}'))
            }
            "duplicate-caption" => assert!(d["fix"].is_null()),
            other => panic!("unexpected rule {other}"),
        }
        let end_col = d["end_column"].as_u64().unwrap();
        let col = d["column"].as_u64().unwrap();
        if d["line"] == d["end_line"] {
            assert_eq!(end_col - col, text.chars().count() as u64);
        }
    }
}

#[test]
fn names_and_acronyms_are_not_flagged() {
    let (_, json) = check_json(&root(), &["examples/tianjin-2017.txt"]);
    for d in json["diagnostics"].as_array().unwrap() {
        let text = &ARTICLE[byte_range(d)];
        for name in [
            "Zhong", "Denghua", "Jiajun", "Xuan", "Ziqi", "TJU", "TIJMU", "CPC",
        ] {
            if d["rule"] != "duplicate-caption" {
                assert!(!text.contains(name), "{name} flagged by {}", d["rule"]);
            }
        }
    }
}

#[test]
fn crlf_and_bom_give_the_same_lines_and_columns() {
    let crlf = format!("\u{feff}{}", ARTICLE.replace('\n', "\r\n"));
    let dir = temp_tree(&[
        ("crlf.txt", crlf.as_bytes()),
        ("lf.txt", ARTICLE.as_bytes()),
    ]);
    let (_, a) = check_json(dir.path(), &["lf.txt"]);
    let (_, b) = check_json(dir.path(), &["crlf.txt"]);
    assert_eq!(findings(&a), findings(&b));
    // Byte offsets are of the file on disk: the BOM and the CRs count.
    for d in b["diagnostics"].as_array().unwrap() {
        if d["rule"] == "sigh-sign" {
            assert_eq!(&crlf.as_bytes()[byte_range(d)], b"sighed");
        }
    }
}

#[test]
fn news_style_catches_the_date_the_capitals_and_respects_defined_acronyms() {
    let (_, json) = check_json(
        &root(),
        &["examples/tianjin-2017.txt", "--enable", "news-style"],
    );
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let text_of = |d: &Value| ARTICLE[byte_range(d)].to_string();
    let date = diagnostics
        .iter()
        .find(|d| d["rule"] == "date-ordinal")
        .expect("date flagged");
    assert_eq!(text_of(date), "Aug. 23rd");
    assert_eq!(date["fix"]["edits"][0]["replacement"], "Aug. 23");
    let caps = diagnostics
        .iter()
        .find(|d| d["rule"] == "consistent-capitals")
        .expect("case clash flagged");
    assert_eq!(text_of(caps), "CPC central committee");
    assert_eq!(
        caps["related"][0]["message"],
        "`CPC Central Committee` is used here"
    );
    let acronyms: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "acronym-defined")
        .map(text_of)
        .collect();
    // CPC is never spelled out; TJU and TIJMU are, at their first use.
    assert!(acronyms.iter().any(|a| a == "CPC"), "{acronyms:?}");
    for defined in ["TJU", "TIJMU"] {
        assert!(
            !acronyms.iter().any(|a| a == defined),
            "{defined} is defined at first use: {acronyms:?}"
        );
    }
}

#[test]
fn spelling_leaves_every_name_alone() {
    let (_, json) = check_json(
        &root(),
        &[
            "examples/tianjin-2017.txt",
            "--enable",
            "news-style",
            "--enable",
            "spelling",
        ],
    );
    let unknown: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unknown-word")
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
    // The rule does work on this text: a slipped word is caught.
    let slipped = ARTICLE.replace("strategic cooperation", "stratigic cooperation");
    let dir = crate::support::temp_tree(&[("a.txt", slipped.as_bytes())]);
    let (_, json) = check_json(dir.path(), &["a.txt", "--enable", "spelling"]);
    let rules = crate::support::rule_ids(&json);
    let slips = ARTICLE.matches("strategic cooperation").count();
    assert!(slips >= 1);
    assert_eq!(
        rules.iter().filter(|r| **r == "unknown-word").count(),
        slips,
        "{rules:?}"
    );
}
