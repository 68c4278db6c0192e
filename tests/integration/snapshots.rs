//! Snapshots of the human output for the flagged fixtures: one file per rule
//! kind, in both formats, CRLF and BOM included.

use crate::support::{galley, root};

fn human(rel: &str) -> String {
    let out = galley(&root())
        .args(["check", "--color", "never", "--no-config"])
        .arg(format!("tests/fixtures/flagged/{rel}"))
        .output()
        .expect("galley runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
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
    let out = galley(&root())
        .args([
            "check",
            "--color",
            "never",
            "--no-config",
            "examples/tianjin-2017.txt",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}
