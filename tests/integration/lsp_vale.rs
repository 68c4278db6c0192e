//! The language server with Vale styles: each document gets the rules of
//! the `.vale.ini` found from its own folder, whichever is opened first.

use serde_json::Value;

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
