//! The documentation says what galley does: docs/src/rules.md is generated
//! from the rule kinds and packs and kept in sync (regenerate with
//! `cargo run -- rules --format markdown --no-config > docs/src/rules.md`),
//! the packs and rules it shows load and their examples hold, and its
//! snippets name this release.

use galley::commands::rules_markdown;
use galley::config::Settings;

use crate::support::root;

#[test]
fn rules_reference_is_up_to_date() {
    let expected = rules_markdown(&Settings::builtin());
    let on_disk = std::fs::read_to_string(root().join("docs/src/rules.md"))
        .expect("docs/src/rules.md exists");
    assert!(
        on_disk == expected,
        "docs/src/rules.md is stale: run `cargo run -- rules --format markdown --no-config > docs/src/rules.md`"
    );
}

/// The README and the book's chapters, each with its name.
fn documents() -> Vec<(String, String)> {
    let mut names = vec!["README.md".to_string()];
    let mut chapters: Vec<String> = std::fs::read_dir(root().join("docs/src"))
        .expect("docs/src")
        .map(|e| format!("docs/src/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".md"))
        .collect();
    chapters.sort();
    names.extend(chapters);
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(root().join(&n)).expect("a document");
            (n, text)
        })
        .collect()
}

/// Every pack and rule written out in the README or the book loads, and
/// its examples hold: a user who copies one gets a working rule with a
/// description. A `[[rule]]` shown alone is loaded in a pack of its own.
#[test]
fn the_documented_packs_load_and_their_examples_hold() {
    const HEADER: &str = "[pack]\nname = \"documented\"\ndescription = \"a rule shown alone in the documentation\"\n\n";
    let mut shown = Vec::new();
    for (name, text) in documents() {
        for block in text.split("```toml\n").skip(1) {
            let block = block.split("```").next().unwrap_or_default();
            if block.starts_with("[pack]") {
                shown.push((name.clone(), block.to_string()));
            } else if block.starts_with("[[rule]]") {
                shown.push((name.clone(), format!("{HEADER}{block}")));
            }
        }
    }
    let alone = shown.iter().filter(|(_, t)| t.starts_with(HEADER)).count();
    assert!(shown.len() > alone, "the documentation shows a pack");
    assert!(alone > 0, "the documentation shows a rule alone");
    let settings = galley::document::ArticleSettings::default();
    for (name, text) in &shown {
        let pack = galley::rules::Pack::parse(text)
            .unwrap_or_else(|e| panic!("{name}: a pack shown does not load: {e}\n{text}"));
        for rule in &pack.rules {
            assert!(
                rule.docs().description.is_some(),
                "{name}: {} has a description",
                rule.meta.id
            );
            let failures = galley::rules::examples::check_examples(rule, &settings);
            assert!(failures.is_empty(), "{name}: {failures:?}");
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

/// The pre-commit snippets of the README and the book name the release of
/// this version (the release procedure tags it).
#[test]
fn the_documentation_names_this_release() {
    let tag = format!("rev: v{}", env!("CARGO_PKG_VERSION"));
    let mut revs = 0;
    for (name, text) in documents() {
        for rev in text.lines().filter_map(|l| l.trim().strip_prefix("rev: ")) {
            revs += 1;
            assert!(
                format!("rev: {rev}").starts_with(&tag),
                "{name} names `rev: {rev}`, this release is {tag}"
            );
        }
    }
    assert!(revs > 0, "the documentation shows a pre-commit snippet");
}
