//! Vale's `spelling` rules, end to end: galley's English dictionary, the
//! rule's filters and ignore files and the vocabulary's accepted words;
//! names and acronyms pass; a hunspell dictionary galley cannot read is a
//! located warning and the rule is skipped.

use crate::vale_measure::{project, run};

const SPELLING: &str = "extends: spelling\nmessage: \"Did you really mean '%s'?\"\nlevel: error\nignore: words.txt\nfilters:\n  - '^gfm$'\n";

const TEXT: &str =
    "# Notes\n\nThis is a typpo in Tianjin, says NASA.\nWe use kubectl and gfm with remmark.\n";

#[test]
fn a_spelling_rule_flags_unknown_lowercase_words() {
    let dir = project(&[("Spelling.yml", SPELLING)], TEXT);
    let ignore = dir.path().join("styles/config/ignore");
    std::fs::create_dir_all(&ignore).unwrap();
    std::fs::write(ignore.join("words.txt"), "kubectl\n").unwrap();
    let (code, lines, err) = run(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        lines,
        [
            "text.md:3:11:House.Spelling:Did you really mean 'typpo'?",
            "text.md:4:29:House.Spelling:Did you really mean 'remmark'?",
        ],
        "{err}"
    );
}

#[test]
fn a_missing_ignore_file_is_a_warning_and_the_rule_still_runs() {
    let dir = project(&[("Spelling.yml", SPELLING)], TEXT);
    let (_, lines, err) = run(dir.path());
    assert!(err.contains("no ignore file `words.txt`"), "{err}");
    assert!(err.contains("Spelling.yml:4:"), "the place: {err}");
    assert_eq!(lines.len(), 3, "kubectl too: {lines:?}");
}

#[test]
fn a_foreign_hunspell_dictionary_skips_the_rule_with_a_warning() {
    let rule = "extends: spelling\nmessage: \"'%s'?\"\ndictionaries:\n  - de_DE\n";
    let dir = project(&[("German.yml", rule)], TEXT);
    let (code, lines, err) = run(dir.path());
    assert!(code < 2, "{err}");
    assert!(lines.is_empty(), "{lines:?}");
    assert!(
        err.contains("cannot read the hunspell dictionary `de_DE`"),
        "{err}"
    );
    assert!(err.contains("German.yml:4:"), "the place: {err}");
}
