//! Snapshots of the human output: the flagged fixtures (CRLF and BOM
//! included), and one article that trips every rule kind, as plain text and
//! as Markdown (`tests/fixtures/kinds`, whose galley.toml turns every pack on
//! and adds a rule of the one kind no built-in pack uses). A test checks that
//! it does reach every kind in both formats.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{check_json, fixture, galley, root};

/// The human output of `galley check --color never ARGS` run in `dir`.
fn human_in(dir: &std::path::Path, args: &[&str]) -> String {
    let out = galley(dir)
        .args(["check", "--color", "never"])
        .args(args)
        .output()
        .expect("galley runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn human(rel: &str) -> String {
    human_in(
        &root(),
        &["--no-config", &format!("tests/fixtures/flagged/{rel}")],
    )
}

#[test]
fn confusion_in_markdown() {
    insta::assert_snapshot!(human("confusion.md"));
}

#[test]
fn repetition() {
    insta::assert_snapshot!(human("repetition.txt"));
}

#[test]
fn duplicate_caption_under_an_image() {
    insta::assert_snapshot!(human("duplicate-caption.md"));
}

#[test]
fn whitespace_in_a_crlf_file() {
    insta::assert_snapshot!(human("whitespace-crlf.txt"));
}

#[test]
fn file_with_bom() {
    insta::assert_snapshot!(human("bom.txt"));
}

#[test]
fn tianjin_article() {
    insta::assert_snapshot!(human_in(
        &root(),
        &["--no-config", "examples/tianjin-2017.txt"]
    ));
}

fn every_kind(file: &str) -> String {
    human_in(&fixture("kinds"), &[file])
}

#[test]
fn every_kind_as_plain_text() {
    insta::assert_snapshot!(every_kind("every-kind.txt"));
}

#[test]
fn every_kind_as_markdown() {
    insta::assert_snapshot!(every_kind("every-kind.md"));
}

#[test]
fn the_every_kind_article_reaches_every_kind_in_both_formats() {
    let dir = fixture("kinds");
    let listing = galley(&dir)
        .args(["rules", "--format", "json"])
        .output()
        .expect("galley runs");
    let rules: serde_json::Value = serde_json::from_slice(&listing.stdout).expect("JSON");
    let kind_of: BTreeMap<String, String> = rules["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The `vale` kind runs rules read from Vale styles, never a pack's: no
    // article reaches it without a .vale.ini (tests/integration/vale.rs and
    // vale_errors.rs cover it).
    let all: BTreeSet<&str> = galley::rules::KINDS
        .iter()
        .map(|k| k.name)
        .filter(|name| *name != "vale")
        .collect();
    for file in ["every-kind.txt", "every-kind.md"] {
        let (_, json) = check_json(&dir, &[file]);
        let reached: BTreeSet<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| kind_of[d["rule"].as_str().unwrap()].as_str())
            .collect();
        let missing: Vec<&&str> = all.difference(&reached).collect();
        assert!(
            missing.is_empty(),
            "{file} reaches no rule of kind {missing:?}"
        );
    }
}
