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
                rule.docs().description.is_some(),
                "{} has a description",
                rule.meta.id
            );
            let failures = galley::rules::examples::check_examples(rule, &settings);
            assert!(failures.is_empty(), "{failures:?}");
        }
    }
}

/// The pre-commit hooks see every article format galley reads and nothing
/// else (types_or [markdown, text] let build.py and mkdocs.yml through).
#[test]
fn pre_commit_hooks_see_only_article_files() {
    for file in [
        ".pre-commit-hooks.yaml",
        "pre-commit-mirror/.pre-commit-hooks.yaml",
    ] {
        let text = std::fs::read_to_string(root().join(file)).expect("hooks file");
        let patterns: Vec<regex::Regex> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("files: "))
            .map(|p| regex::Regex::new(p.trim_matches('\'')).expect("a regex"))
            .collect();
        let hooks = text.lines().filter(|l| l.starts_with("- id:")).count();
        assert_eq!(
            patterns.len(),
            hooks,
            "{file}: every hook has a files pattern"
        );
        for pattern in &patterns {
            for format in galley::document::FORMATS {
                for ext in format.extensions() {
                    assert!(
                        pattern.is_match(&format!("news/story.{ext}")),
                        "{file}: .{ext}"
                    );
                }
            }
            for other in ["build.py", "mkdocs.yml", "Cargo.toml", "notes.rs"] {
                assert!(!pattern.is_match(other), "{file}: {other}");
            }
        }
    }
}

/// The README's pre-commit snippets name the release of this version (the
/// release procedure tags it).
#[test]
fn the_readme_names_this_release() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let tag = format!("rev: v{}", env!("CARGO_PKG_VERSION"));
    let revs: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.trim().strip_prefix("rev: "))
        .collect();
    assert!(!revs.is_empty());
    for rev in revs {
        assert!(
            format!("rev: {rev}").starts_with(&tag),
            "README names `rev: {rev}`, this release is {tag}"
        );
    }
}
