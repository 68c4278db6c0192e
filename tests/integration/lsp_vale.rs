//! The language server with Vale styles: each document gets the rules of
//! the `.vale.ini` found from its own folder, whichever is opened first,
//! and a saved or changed `.vale.ini`, style rule or vocabulary is
//! reloaded.

use serde_json::{Value, json};

use crate::lsp::{Client, uri_of};
use crate::support::temp_tree;

const AVOID: &[u8] =
    b"extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens:\n  - utilize\n";
const TEXT: &str = "We utilize it.\n";

/// Folder `vale/` has a `.vale.ini` and a style whose rule reports
/// "utilize"; folder `plain/` has none. Both hold the same text.
fn two_folders() -> tempfile::TempDir {
    temp_tree(&[
        (
            "vale/.vale.ini",
            b"StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
        ),
        ("vale/styles/House/Avoid.yml", AVOID),
        ("vale/a.md", TEXT.as_bytes()),
        ("plain/b.md", TEXT.as_bytes()),
    ])
}

fn has_vale_finding(diagnostics: &[Value]) -> bool {
    diagnostics.iter().any(|d| d["code"] == "House.Avoid")
}

#[test]
fn each_folder_gets_its_own_vale_configuration_in_either_order() {
    let dir = two_folders();
    let with = uri_of(&dir.path().join("vale/a.md"));
    let without = uri_of(&dir.path().join("plain/b.md"));
    for vale_first in [true, false] {
        let mut client = Client::start(dir.path());
        client.initialize();
        let order = if vale_first {
            [&with, &without]
        } else {
            [&without, &with]
        };
        for uri in order {
            client.open(uri, TEXT);
        }
        let got_with = client.diagnostics(&with);
        let got_without = client.diagnostics(&without);
        assert!(
            has_vale_finding(&got_with),
            "vale first: {vale_first}: {got_with:?}"
        );
        assert!(
            !has_vale_finding(&got_without),
            "vale first: {vale_first}: {got_without:?}"
        );
        assert_eq!(client.stop(), 0);
    }
}

#[test]
fn a_changed_vale_ini_rule_or_vocabulary_is_reloaded() {
    let dir = temp_tree(&[
        (
            "vale/.vale.ini",
            b"StylesPath = styles\nVocab = News\n[*.md]\nBasedOnStyles = House\n",
        ),
        ("vale/styles/House/Avoid.yml", AVOID),
        ("vale/styles/config/vocabularies/News/accept.txt", b""),
        ("vale/a.md", TEXT.as_bytes()),
    ]);
    let vale = dir.path().join("vale");
    let uri = uri_of(&vale.join("a.md"));
    let mut client = Client::start(dir.path());
    client.initialize();
    client.open(&uri, TEXT);
    assert!(has_vale_finding(&client.diagnostics(&uri)));

    // The word accepted in the vocabulary: a watched-file change.
    let accept = vale.join("styles/config/vocabularies/News/accept.txt");
    std::fs::write(&accept, "utilize\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&accept), "type": 2}]}),
    );
    let got = client.diagnostics(&uri);
    assert!(!has_vale_finding(&got), "after accept.txt: {got:?}");

    // The vocabulary dropped from the .vale.ini: saved in the editor.
    let ini = vale.join(".vale.ini");
    std::fs::write(&ini, "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n").unwrap();
    let saved = |path: &std::path::Path| json!({"textDocument": {"uri": uri_of(path)}});
    client.notify("textDocument/didSave", saved(&ini));
    let got = client.diagnostics(&uri);
    assert!(has_vale_finding(&got), "after .vale.ini: {got:?}");

    // The rule no longer looks for the word: its file saved.
    let rule = vale.join("styles/House/Avoid.yml");
    std::fs::write(
        &rule,
        "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens:\n  - leverage\n",
    )
    .unwrap();
    client.notify("textDocument/didSave", saved(&rule));
    let got = client.diagnostics(&uri);
    assert!(!has_vale_finding(&got), "after Avoid.yml: {got:?}");
    assert_eq!(client.stop(), 0);
}
