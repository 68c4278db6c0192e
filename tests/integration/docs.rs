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
