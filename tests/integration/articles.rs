//! Correctly written articles, in plain text and Markdown, get no finding
//! from the default packs: galley must not cry wolf.

use crate::support::{check_json, findings, fixture, root};

#[test]
fn clean_articles_get_no_finding() {
    let dir = fixture("clean");
    let (code, json) = check_json(&root(), &[dir.to_str().unwrap()]);
    assert_eq!(findings(&json), []);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["files_checked"], 4);
}
