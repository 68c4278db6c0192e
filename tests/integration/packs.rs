//! What the built-in packs promise beyond their examples (which run in
//! `rule_examples.rs`, a test per rule): descriptions, wording, licences,
//! packs that are off by default.

use galley::config::Settings;

#[test]
fn the_confusion_pack_has_at_least_thirty_slips_with_both_kinds_of_example() {
    let settings = Settings::builtin();
    let confusions: Vec<_> = settings
        .rules
        .iter()
        .filter(|r| &*r.meta.pack == "confusion")
        .collect();
    assert!(confusions.len() >= 30, "{}", confusions.len());
    for rule in confusions {
        assert!(
            !rule.docs().good.is_empty(),
            "{} has no good example",
            rule.meta.id
        );
        assert!(
            rule.docs().bad.iter().all(|b| b.fixed().is_some()),
            "{} has a bad example without its fix",
            rule.meta.id
        );
    }
}

#[test]
fn every_rule_has_a_description_and_imperative_help() {
    for rule in Settings::builtin().rules {
        let (m, body) = (&rule.meta, rule.body());
        assert!(
            rule.docs().description.is_some(),
            "{} has no description",
            m.id
        );
        let message = &body.message;
        assert!(
            !message.ends_with('.'),
            "{}: message ends with a period",
            m.id
        );
        assert!(
            !message.starts_with(|c: char| c.is_uppercase()),
            "{}: message starts with a capital",
            m.id
        );
        let help = body.help.as_deref().unwrap_or("");
        assert!(
            !help.contains('?') && !help.contains("did you mean"),
            "{}: help asks",
            m.id
        );
    }
}

/// The AP title case of the `capitalization` kind agrees with the cases of
/// the ap-style-title-case project (tests/fixtures/ap-title-case, MIT). Cases
/// about collapsing spaces are the whitespace rules' business and skipped.
#[test]
fn ap_title_case_agrees_with_the_reference_cases() {
    use galley::document::{Document, Format};
    use galley::fix::apply_fixes;
    use galley::rules::Pack;
    use galley::source::SourceFile;

    let data: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/ap-title-case/cases.json")).unwrap();
    let pack = Pack::parse(
        "[pack]\nname = \"t\"\n[[rule]]\nid = \"ap\"\nkind = \"capitalization\"\ncase = \"ap-title\"\nmessage = \"m\"\nbad = [\"the end\"]\n",
    )
    .unwrap();
    let rule = &pack.rules[0];
    let settings = galley::document::ArticleSettings::default();
    let mut compared = 0;
    for case in data["cases"].as_array().unwrap() {
        let (input, expected) = (
            case["input"].as_str().unwrap(),
            case["expected"].as_str().unwrap(),
        );
        if input.contains("  ") || input.is_empty() {
            continue;
        }
        let source = SourceFile::new("t.txt", input);
        let doc = Document::parse(&source, Format::TEXT, &settings);
        let fixed = apply_fixes(&source.text, &rule.check(&doc), true).text;
        assert_eq!(fixed, expected, "title case of {input:?}");
        compared += 1;
    }
    assert!(compared >= 8, "only {compared} cases compared");
}

#[test]
fn on_demand_packs_are_off_by_default_and_named_by_their_file() {
    use galley::config::{BUILTIN_PACKS, ON_DEMAND_PACKS};
    let settings = Settings::builtin();
    for path in ON_DEMAND_PACKS {
        assert!(BUILTIN_PACKS.iter().any(|(p, _)| p == path), "{path}");
        let stem = std::path::Path::new(path)
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap();
        let pack = settings.packs.iter().find(|p| p.name == stem);
        assert!(
            pack.is_some_and(|p| !p.enabled),
            "{path}: pack `{stem}` is on by default"
        );
    }
}

#[test]
fn the_harper_port_keeps_its_licence_and_source() {
    let root = crate::support::root();
    let pack = std::fs::read_to_string(root.join("rules/harper.toml")).unwrap();
    assert!(pack.contains("Automattic/harper") && pack.contains("Apache-2.0"));
    let licence = std::fs::read_to_string(root.join("rules/harper/LICENSE-harper")).unwrap();
    assert!(licence.contains("Apache License"));
    let settings = Settings::builtin();
    let ported = settings
        .rules
        .iter()
        .filter(|r| &*r.meta.pack == "harper")
        .count();
    assert!(ported >= 200, "{ported} rules ported");
}
