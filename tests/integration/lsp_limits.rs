//! The language server within bounds: a document over the size limit is
//! refused with a message, a message too big to read is answered and the
//! session goes on, work on a document closed or changed meanwhile is
//! dropped or stopped, and ranged changes are applied where they fall.

use std::io::Write;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::lsp::{Client, uri_of};

/// A document over `--max-file-size` is not checked: the client is told
/// with `window/showMessage` and a diagnostic on the document.
#[test]
fn a_document_over_the_size_limit_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start_with(dir.path(), &["--max-file-size", "1K"]);
    client.initialize();
    let uri = uri_of(&dir.path().join("big.txt"));
    let text = "It was the the end of a long story.\n".repeat(100);
    client.open(&uri, &text);
    let shown = client.wait_for("a showMessage", |m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("over the max-file-size"), "{message}");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("not checked"),
        "{diagnostics:?}"
    );
    // Cut below the limit, it is checked again.
    client.change(&uri, 2, "It was the the end.\n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics[0]["code"], "repeated-word", "{diagnostics:?}");
    assert_eq!(client.stop(), 0);
}

/// A message over the reader's limit is skipped, answered with an error,
/// and the session goes on.
#[test]
fn a_message_too_big_to_read_is_answered_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize();
    let len = (64 << 20) + 1;
    let header = format!("Content-Length: {len}\r\n\r\n");
    client.stdin.write_all(header.as_bytes()).unwrap();
    let chunk = vec![b' '; 1 << 20];
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len());
        client.stdin.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    client.stdin.flush().unwrap();
    let error = client.wait_for("an error for the big message", |m| {
        m["error"]["message"]
            .as_str()
            .is_some_and(|s| s.contains("too large"))
    });
    assert_eq!(error["id"], Value::Null);
    let uri = uri_of(&dir.path().join("b.txt"));
    client.open(&uri, "It was the the end.\n");
    assert_eq!(client.diagnostics(&uri).len(), 1);
    assert_eq!(client.stop(), 0);
}

/// Documents opened and closed at once are not checked one after another
/// after they are closed: the close cancels the pending check, and
/// `shutdown` is answered at once.
#[test]
fn documents_closed_before_their_check_are_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize();
    let text = "It was the the end of a story that goes on and on.\n".repeat(200);
    let uris: Vec<String> = (0..100)
        .map(|i| uri_of(&dir.path().join(format!("d{i}.txt"))))
        .collect();
    let mut batch = Vec::new();
    for uri in &uris {
        for (method, params) in [
            (
                "textDocument/didOpen",
                json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
            ),
            (
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            ),
        ] {
            let body = json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string();
            write!(batch, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        }
    }
    client.stdin.write_all(&batch).unwrap();
    client.stdin.flush().unwrap();
    let started = Instant::now();
    let status = client.stop_collecting();
    let (status, held) = status;
    let checked = held
        .iter()
        .filter(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && !m["params"]["diagnostics"].as_array().unwrap().is_empty()
        })
        .count();
    assert_eq!(status, 0);
    assert!(
        checked < uris.len() / 4,
        "{checked} of {} closed documents were checked anyway (in {:?})",
        uris.len(),
        started.elapsed()
    );
}

/// The published diagnostics of `uri` among `messages`: (version,
/// number of findings), in the order sent.
fn publishes(messages: &[Value], uri: &str) -> Vec<(Value, usize)> {
    messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .map(|m| {
            let found = m["params"]["diagnostics"].as_array().unwrap().len();
            (m["params"]["version"].clone(), found)
        })
        .collect()
}

/// A check under way stops when a newer version of its document, a close
/// or `shutdown` arrives: nothing is published for the version it was
/// checking, nothing after a close but the close's empty list, and
/// `shutdown` is answered without the check's findings before it. The
/// pause after opening a big document lets its check begin. (Before, a check that had
/// begun ran to the end and published the findings of a text the client
/// no longer had, before the newer version's.)
#[test]
fn a_check_under_way_stops_for_a_newer_version_a_close_or_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize();
    // The packs are loaded: each big document's check begins at once.
    let warm = uri_of(&dir.path().join("warm.txt"));
    client.open(&warm, "It was the the end.\n");
    assert_eq!(client.diagnostics(&warm).len(), 1);
    // 4 MB: its check takes seconds here, far longer than the pause even
    // on a fast machine; were the pause too short for the check to begin,
    // the test would pass without showing anything, never fail.
    let big = "It was the the end of a story that goes on and on.\n".repeat(80_000);
    let pause = || std::thread::sleep(Duration::from_millis(200));

    let changed = uri_of(&dir.path().join("changed.txt"));
    client.open(&changed, &big);
    pause();
    client.change(&changed, 2, "It was the the end.\n");
    let first = client.wait_for("diagnostics of the changed document", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == changed
    });
    let found = first["params"]["diagnostics"].as_array().unwrap().len();
    assert_eq!(
        (first["params"]["version"].clone(), found),
        (json!(2), 1),
        "the first diagnostics published are those of version 2"
    );

    let closed = uri_of(&dir.path().join("closed.txt"));
    client.open(&closed, &big);
    pause();
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": closed}}),
    );
    let open_at_shutdown = uri_of(&dir.path().join("open.txt"));
    client.open(&open_at_shutdown, &big);
    pause();
    let (status, held) = client.stop_collecting();
    assert_eq!(status, 0);
    assert_eq!(
        publishes(&held, &closed),
        [(Value::Null, 0)],
        "a closed document gets its empty list and nothing else"
    );
    assert_eq!(
        publishes(&held, &open_at_shutdown),
        [],
        "shutdown stops the check under way"
    );
    assert_eq!(publishes(&held, &changed), [], "nothing more for version 2");
}

/// A document with tens of thousands of findings is published without
/// holding them all as JSON values: the server's peak memory stays within
/// 75 times the document (the rules' own work on it is most of that).
/// Before, 40,000 findings took some 7 KB each as JSON, copied twice into
/// a message: a 2 MB document took the server to 291 MB, now 85 MB.
#[test]
#[cfg(target_os = "linux")]
fn publishing_many_findings_keeps_memory_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize();
    let uri = uri_of(&dir.path().join("many.txt"));
    let text = "It was the the end of a story that goes on and on.\n".repeat(40_000);
    client.open(&uri, &text);
    assert_eq!(client.diagnostics(&uri).len(), 40_000);
    let peak = client.peak_memory().expect("VmHWM in /proc");
    assert!(
        peak < 75 * text.len() as u64,
        "peak {} MB for a document of {} bytes",
        peak >> 20,
        text.len()
    );
    assert_eq!(client.stop(), 0);
}

/// Messages answered during the handshake count as handled: a `shutdown`
/// sent before `initialize` (refused: not initialized) does not stop every
/// later check. (Before, the reader counted it and the handshake did not,
/// so each check stopped at once and was tried again, forever.)
#[test]
fn a_request_refused_before_initialize_stops_no_later_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let refused = client.request("shutdown", Value::Null);
    assert!(refused["error"].is_object(), "{refused}");
    client.initialize();
    let uri = uri_of(&dir.path().join("a.txt"));
    client.open(&uri, "It was the the end.\n");
    assert_eq!(client.diagnostics(&uri).len(), 1);
    assert_eq!(client.stop(), 0);
}

/// A ranged change is applied where it falls (the server says it takes
/// them), not taken as the whole text.
#[test]
fn ranged_changes_are_applied_where_they_fall() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let reply = client.initialize();
    assert_eq!(
        reply["result"]["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync is advertised: {reply}"
    );
    let uri = uri_of(&dir.path().join("a.txt"));
    client.open(&uri, "First line is fine.\nIt was the end.\n");
    assert!(client.diagnostics(&uri).is_empty());
    // "the" inserted before "end" on the second line, in UTF-16 units.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 11}, "end": {"line": 1, "character": 11}}, "text": "the "}
        ]}),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "repeated-word");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 1);
    // A change whose range is not a range is refused with a logged error,
    // the text left as it was.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": "x"}}, "text": "gone"}
        ]}),
    );
    let logged = client.wait_for("a logged error", |m| m["method"] == "window/logMessage");
    assert_eq!(logged["params"]["type"], 1, "{logged}");
    assert_eq!(client.stop(), 0);
}
