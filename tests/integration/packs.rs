//! Every example of every built-in pack: `bad` texts are flagged (and fixed
//! as written), `good` texts are not.

use galley::config::Settings;
use galley::rules::examples::check_examples;

#[test]
fn every_builtin_example_behaves() {
    let settings = Settings::builtin();
    let failures: Vec<_> = settings
        .rules
        .iter()
        .flat_map(|rule| check_examples(rule, &settings.article))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

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
            !rule.meta.good.is_empty(),
            "{} has no good example",
            rule.meta.id
        );
        assert!(
            rule.meta.bad.iter().all(|b| b.fixed().is_some()),
            "{} has a bad example without its fix",
            rule.meta.id
        );
    }
}

#[test]
fn every_rule_has_a_description_and_imperative_help() {
    for rule in Settings::builtin().rules {
        let m = &rule.meta;
        assert!(m.description.is_some(), "{} has no description", m.id);
        let message = &m.message;
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
        let help = m.help.as_deref().unwrap_or("");
        assert!(
            !help.contains('?') && !help.contains("did you mean"),
            "{}: help asks",
            m.id
        );
    }
}
