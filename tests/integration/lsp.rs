//! The language server, driven as an editor drives it: the real `galley
//! server` binary over stdio, with LSP framing, no mock. Each test starts
//! it, speaks the protocol, and reads what it answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{byte_range, check_json, root, temp_tree};

/// A client of one server process.
pub(crate) struct Client {
    child: Child,
    pub(crate) stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for another.
    held: Vec<Value>,
}

impl Client {
    pub(crate) fn start(dir: &Path) -> Client {
        Client::start_with(dir, &[])
    }

    /// The server started with `args` after `server`.
    pub(crate) fn start_with(dir: &Path, args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
            .arg("server")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("galley server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 0,
            held: Vec::new(),
        }
    }

    /// The most memory the server has had resident, in bytes (VmHWM, read
    /// from /proc: Linux only).
    pub(crate) fn peak_memory(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }

    pub(crate) fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_raw(&body.to_string());
    }

    /// Sends a request and returns its id.
    pub(crate) fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let body =
            json!({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params});
        self.send_raw(&body.to_string());
        self.next_id
    }

    /// The first message (held or new) that `wanted` accepts.
    pub(crate) fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.held.iter().position(&wanted) {
            return self.held.remove(i);
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match self
                .messages
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.held.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("no {what} in 30 s; got {:?}", self.held),
                Err(RecvTimeoutError::Disconnected) => panic!("the server left waiting for {what}"),
            }
        }
    }

    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_for(&format!("the reply to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// The next diagnostics published for `uri`.
    pub(crate) fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(&format!("diagnostics of {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The code actions offered for `diagnostic`, and the first whose
    /// title contains `title`.
    fn action_for(&mut self, uri: &str, diagnostic: &Value, title: &str) -> Value {
        let actions = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        );
        actions["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"].as_str().unwrap().contains(title))
            .unwrap_or_else(|| panic!("no action `{title}` in {actions:?}"))
            .clone()
    }

    /// Replaces the document's text (full sync).
    pub(crate) fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    pub(crate) fn initialize(&mut self) -> Value {
        let reply = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {"workspace": {"applyEdit": true}}}),
        );
        self.notify("initialized", json!({}));
        reply
    }

    pub(crate) fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    /// shutdown, exit, the exit status, and every message before the
    /// reply to shutdown.
    pub(crate) fn stop_collecting(mut self) -> (i32, Vec<Value>) {
        let reply = self.request("shutdown", Value::Null);
        assert_eq!(reply["result"], Value::Null);
        let held = std::mem::take(&mut self.held);
        self.notify("exit", Value::Null);
        (self.stop_waiting(), held)
    }

    /// shutdown, exit, and the exit status.
    pub(crate) fn stop(mut self) -> i32 {
        let reply = self.request("shutdown", Value::Null);
        assert_eq!(reply["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.stop_waiting()
    }

    fn stop_waiting(mut self) -> i32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

pub(crate) fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

/// The (line, UTF-16 column) of byte `offset` of `text`, computed here, not
/// by galley.
fn utf16_position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, before[start..].encode_utf16().count() as u64)
}

/// A finding's rule, start and end (line, UTF-16 column).
type Place = (String, (u64, u64), (u64, u64));

fn position(v: &Value) -> (u64, u64) {
    (
        v["line"].as_u64().unwrap(),
        v["character"].as_u64().unwrap(),
    )
}

/// Applies LSP text edits (non-overlapping) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let (line, character) = position(p);
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn the_example_gets_the_cli_findings_and_its_fixes() {
    let article = std::fs::read_to_string(root().join("examples/tianjin-2017.txt")).unwrap();
    let dir = temp_tree(&[("tianjin.txt", article.as_bytes())]);
    let path = dir.path().join("tianjin.txt");
    let uri = uri_of(&path);
    let mut client = Client::start(dir.path());
    let init = client.initialize();
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    client.open(&uri, &article);
    let got = client.diagnostics(&uri);

    // The same findings as the CLI, at the same places in UTF-16.
    let (_, cli) = check_json(dir.path(), &["tianjin.txt"]);
    let cli = cli["diagnostics"].as_array().unwrap();
    assert_eq!(got.len(), 20);
    assert_eq!(got.len(), cli.len());
    let mut expected: Vec<Place> = cli
        .iter()
        .map(|d| {
            let r = byte_range(d);
            (
                d["rule"].as_str().unwrap().to_string(),
                utf16_position(&article, r.start),
                utf16_position(&article, r.end),
            )
        })
        .collect();
    let mut ours: Vec<Place> = got
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                position(&d["range"]["start"]),
                position(&d["range"]["end"]),
            )
        })
        .collect();
    expected.sort();
    ours.sort();
    assert_eq!(ours, expected);
    let caption = got
        .iter()
        .find(|d| d["code"] == "duplicate-caption")
        .unwrap();
    assert_eq!(caption["severity"], 1);
    assert_eq!(
        caption["relatedInformation"][0]["message"],
        "the same text appears here"
    );

    // The quick fix for `sighed` replaces exactly that word with `signed`.
    let sighed = got
        .iter()
        .find(|d| d["code"] == "sigh-sign")
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": sighed["range"], "context": {"diagnostics": [sighed], "only": ["quickfix"]}}),
    );
    let actions = actions["result"].as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "sigh-sign" && a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("{actions:?}"));
    let fixed = apply(&article, fix["edit"]["changes"][&uri].as_array().unwrap());
    // What the CLI's fix of the first `sighed` writes, edit for edit.
    let cli_fix = cli
        .iter()
        .filter(|d| d["rule"] == "sigh-sign")
        .min_by_key(|d| d["byte_start"].as_u64())
        .unwrap();
    let mut expected_text = article.clone();
    for edit in cli_fix["fix"]["edits"].as_array().unwrap().iter().rev() {
        let (start, end) = (
            edit["byte_start"].as_u64().unwrap() as usize,
            edit["byte_end"].as_u64().unwrap() as usize,
        );
        expected_text.replace_range(start..end, edit["replacement"].as_str().unwrap());
    }
    assert_ne!(expected_text, article);
    assert_eq!(fixed, expected_text);

    // Every safe fix at once gives what `galley check --fix` writes.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let all = &actions["result"][0];
    assert_eq!(all["kind"], "source.fixAll.galley");
    let fixed_all = apply(&article, all["edit"]["changes"][&uri].as_array().unwrap());
    crate::support::galley(dir.path())
        .args(["check", "--fix", "tianjin.txt"])
        .output()
        .unwrap();
    assert_eq!(fixed_all, std::fs::read_to_string(&path).unwrap());

    // Hover on `sighed`: the rule and its explanation.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": sighed["range"]["start"]}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("sigh-sign"), "{value}");
    assert!(value.contains("Flagged:"), "{value}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn changes_are_checked_again_and_positions_count_utf16_units() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("note.md"));
    let mut client = Client::start(dir.path());
    client.initialize();
    // An emoji (2 units), CJK (1 unit each), a combining mark (1 unit).
    let text = "# Note\n\n😀 中文 cafe\u{301} said the the plan works.\n";
    client.open(&uri, text);
    let got = client.diagnostics(&uri);
    let doubled = got.iter().find(|d| d["code"] == "repeated-word").unwrap();
    let at = text.find("the the").unwrap();
    assert_eq!(
        position(&doubled["range"]["start"]),
        utf16_position(text, at)
    );
    assert_eq!(
        position(&doubled["range"]["end"]),
        utf16_position(text, at + "the the".len())
    );
    // 😀 2 units, space, 中文 2, space, cafe + mark 5, space, said 4, space.
    assert_eq!(position(&doubled["range"]["start"]), (2, 17));

    // The slip fixed in the editor: the finding goes.
    client.change(&uri, 2, &text.replace("the the", "the"));
    let got = client.diagnostics(&uri);
    assert!(got.iter().all(|d| d["code"] != "repeated-word"), "{got:?}");

    // Silencing a rule on a line inserts the comment above it.
    client.change(&uri, 3, text);
    let got = client.diagnostics(&uri);
    let doubled = got
        .iter()
        .find(|d| d["code"] == "repeated-word")
        .unwrap()
        .clone();
    let silence = client.action_for(&uri, &doubled, "silence");
    let silenced = apply(text, silence["edit"]["changes"][&uri].as_array().unwrap());
    assert!(silenced.contains("<!-- galley-disable-next-line repeated-word -->\n😀"));
    client.change(&uri, 4, &silenced);
    let got = client.diagnostics(&uri);
    assert!(got.iter().all(|d| d["code"] != "repeated-word"), "{got:?}");
    assert_eq!(client.stop(), 0);
}

#[test]
fn fix_all_by_command_asks_the_client_to_apply_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let uri = uri_of(&dir.path().join("a.txt"));
    let mut client = Client::start(dir.path());
    client.initialize();
    let text = "Council votes\n\nThe the council voted on Monday.\n";
    client.open(&uri, text);
    client.diagnostics(&uri);
    let id = client.send_request(
        "workspace/executeCommand",
        json!({"command": "galley.fixAll", "arguments": [uri]}),
    );
    let apply_edit = client.wait_for("workspace/applyEdit", |m| {
        m["method"] == "workspace/applyEdit"
    });
    let edits = apply_edit["params"]["edit"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        apply(text, &edits),
        "Council votes\n\nThe council voted on Monday.\n"
    );
    let reply = json!({"jsonrpc": "2.0", "id": apply_edit["id"], "result": {"applied": true}});
    client.send_raw(&reply.to_string());
    let done = client.wait_for("the reply to executeCommand", |m| m["id"] == id);
    assert_eq!(done["result"], Value::Null);
    assert_eq!(client.stop(), 0);
}

#[test]
fn malformed_messages_and_unknown_methods_get_errors_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize();
    client.send_raw("{oops");
    let error = client.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    client.send_raw(r#"{"jsonrpc":"2.0","id":99,"params":{}}"#);
    let error = client.wait_for("an invalid request error", |m| m["id"] == 99);
    assert_eq!(error["error"]["code"], -32600);
    let reply = client.request("galley/unknown", json!({}));
    assert_eq!(reply["error"]["code"], -32601);
    // Still answering.
    let uri = uri_of(&dir.path().join("b.txt"));
    client.open(&uri, "It was the the end.\n");
    assert_eq!(client.diagnostics(&uri).len(), 1);
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_broken_configuration_is_a_diagnostic_on_it_and_the_server_goes_on() {
    let dir = temp_tree(&[
        ("galley.toml", b"enable = [\"no-such-pack\"\n"),
        ("a.txt", b"It was the the end.\n"),
    ]);
    let config_uri = uri_of(&dir.path().join("galley.toml"));
    let uri = uri_of(&dir.path().join("a.txt"));
    let mut client = Client::start(dir.path());
    client.initialize();
    client.open(&uri, "It was the the end.\n");
    let on_config = client.diagnostics(&config_uri);
    assert_eq!(on_config.len(), 1, "{on_config:?}");
    assert_eq!(on_config[0]["severity"], 1);
    // The document is still checked, with the built-in rules.
    assert_eq!(client.diagnostics(&uri).len(), 1);
    // Fixed and saved: the problem goes, and the document is checked again.
    std::fs::write(
        dir.path().join("galley.toml"),
        "disable = [\"repeated-word\"]\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let got = client.diagnostics(&uri);
    assert!(got.is_empty(), "{got:?}");
    assert!(client.diagnostics(&config_uri).is_empty());
    assert_eq!(client.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.initialize();
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn a_word_goes_into_the_project_vocabulary() {
    let dir = temp_tree(&[(
        "galley.toml",
        b"enable = [\"spelling\"]\n\n[severity]\nunknown-word = \"error\"\n",
    )]);
    let uri = uri_of(&dir.path().join("a.txt"));
    let config = dir.path().join("galley.toml");
    let mut client = Client::start(dir.path());
    client.initialize();
    client.open(&uri, "Council votes\n\nThe tjuers signed the agreement.\n");
    let got = client.diagnostics(&uri);
    let unknown = got
        .iter()
        .find(|d| d["code"] == "unknown-word")
        .unwrap()
        .clone();
    let add = client.action_for(
        &uri,
        &unknown,
        "galley: add `tjuers` to the project vocabulary",
    );
    let before = std::fs::read_to_string(&config).unwrap();
    let edits = add["edit"]["changes"][uri_of(&config)].as_array().unwrap();
    let after = apply(&before, edits);
    assert!(after.starts_with("vocabulary = [\"tjuers\"]\n"), "{after}");
    std::fs::write(&config, &after).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&config), "type": 2}]}),
    );
    let got = client.diagnostics(&uri);
    assert!(got.iter().all(|d| d["code"] != "unknown-word"), "{got:?}");
    // A second word joins the same list.
    let text = "Council votes\n\nThe tjuers and the zorbles signed.\n";
    client.change(&uri, 2, text);
    let got = client.diagnostics(&uri);
    let unknown = got
        .iter()
        .find(|d| d["code"] == "unknown-word")
        .unwrap()
        .clone();
    let add = client.action_for(&uri, &unknown, "vocabulary");
    let edits = add["edit"]["changes"][uri_of(&config)].as_array().unwrap();
    assert!(apply(&after, edits).starts_with("vocabulary = [\"zorbles\", \"tjuers\"]\n"));
    assert_eq!(client.stop(), 0);
}
