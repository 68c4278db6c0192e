//! docs/rules.md is generated from the rule kinds and packs; this keeps it in
//! sync. Regenerate with `cargo run -- rules --format markdown --no-config > docs/rules.md`.

use galley::commands::rules_markdown;
use galley::config::Settings;

use crate::support::root;

#[test]
fn rules_reference_is_up_to_date() {
    let expected = rules_markdown(&Settings::builtin());
    let on_disk =
        std::fs::read_to_string(root().join("docs/rules.md")).expect("docs/rules.md exists");
    assert!(
        on_disk == expected,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown --no-config > docs/rules.md`"
    );
}

/// Every pack written out in the README loads, and its examples hold: a
/// user who copies one gets a working rule with a description.
#[test]
fn the_readme_packs_load_and_their_examples_hold() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let packs: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .filter(|block| block.starts_with("[pack]"))
        .collect();
    assert!(!packs.is_empty(), "the README shows a pack");
    let settings = galley::document::ArticleSettings::default();
    for text in packs {
        let pack = galley::rules::Pack::parse(text)
            .unwrap_or_else(|e| panic!("README pack does not load: {e}\n{text}"));
        for rule in &pack.rules {
            assert!(
                rule.meta.description.is_some(),
                "{} has a description",
                rule.meta.id
            );
            let failures = galley::rules::examples::check_examples(rule, &settings);
            assert!(failures.is_empty(), "{failures:?}");
        }
    }
}
