//! `galley server`: a Language Server Protocol server over stdio, for the
//! editor an editor already writes in. Open `.txt`, `.md` and `.html`
//! documents are checked as the CLI checks them (the same `galley.toml`,
//! found from the document's folder) on open, on save and a moment after
//! each change; findings come with their fixes as code actions, a
//! suppression comment as another, and the rule's explanation on hover.
//!
//! Built on lsp-server's message types and lsp-types (synchronous, as
//! galley is: no async runtime), with a transport of its own so that a
//! malformed message gets an error reply instead of ending the session.

mod actions;
mod cancel;
mod handshake;
mod position;
mod sync;
mod transport;
mod uri;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{RecvTimeoutError, Sender};
use lsp_server::{Message, Notification, Request, Response};
use lsp_types::DiagnosticSeverity;
use serde_json::{Value, json};

use crate::check::{check_source_until, format_for};
use crate::config::{ConfigError, Overrides, Settings};
use crate::diagnostic::Diagnostic;
use crate::document::Format;
use crate::rules::Concurrency;
use crate::source::SourceFile;
use actions::to_lsp;
use cancel::{Arrived, Handled};
use handshake::{Client, initialize};
use position::LineIndex;
use transport::Incoming;
#[doc(hidden)]
pub use transport::read_messages;
pub(crate) use uri::uri_of;
use uri::{is_configuration, path_of};

/// How long after the last change a document is checked again.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// The command behind "fix all safe findings", for clients that run it
/// rather than apply the code action's edit.
const FIX_ALL: &str = "galley.fixAll";

const SERVER_NOT_INITIALIZED: i32 = -32002;
const METHOD_NOT_FOUND: i32 = -32601;
const INVALID_PARAMS: i32 = -32602;

/// Runs the server until the client says `exit`; the process exit status
/// (0 after a `shutdown` request, 1 otherwise, as the protocol asks).
/// Documents over `max_file_size` (as `--max-file-size` reads it, or the
/// client's `maxFileSize` initialization option) are not checked.
pub fn run(max_file_size: Option<u64>) -> i32 {
    crate::memory::large_blocks_apart();
    // The reader counts what makes a running check out of date.
    let arrived = Arc::new(Arrived::default());
    let counting = arrived.clone();
    let (incoming, outgoing, writer) = transport::stdio(move |m| counting.count(m));
    let mut handled = Handled::default();
    let Some(mut client) = initialize(&incoming, &outgoing, &mut handled) else {
        // What was answered still goes out before the process ends.
        drop(outgoing);
        let _ = writer.join();
        return 1;
    };
    client.max_size = Some(match client.max_size.or(max_file_size) {
        None => crate::source::DEFAULT_MAX_FILE_SIZE,
        Some(0) => crate::source::MAX_TEXT_SIZE,
        Some(size) => size.min(crate::source::MAX_TEXT_SIZE),
    });
    let mut server = Server::new(outgoing, client, arrived, handled);
    let code = 'session: loop {
        let next = server.next_deadline();
        let received = match next {
            Some(at) => incoming.recv_timeout(at.saturating_duration_since(Instant::now())),
            None => incoming.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(message) => {
                if let Some(code) = server.handle(message) {
                    break code;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break 1,
        }
        // Everything already sent comes first: a newer version or a close
        // makes the pending check of a document moot.
        while let Ok(message) = incoming.try_recv() {
            if let Some(code) = server.handle(message) {
                break 'session code;
            }
        }
        // One document at a time, then back to the messages.
        server.check_next_due();
    };
    drop(server);
    let _ = writer.join();
    code
}

/// An open document.
struct Doc {
    /// The text as the client has it.
    text: String,
    version: i64,
    path: PathBuf,
    /// The findings of the last check of `text`; `None` when it changed
    /// since.
    findings: Option<Arc<Checked>>,
    /// The client was told the document is over the size limit (and is
    /// not told again until it has been under it).
    refused: bool,
}

/// A check of one version of a document (the document's `text`: it is
/// not copied, a long document's text is held once).
struct Checked {
    format: Format,
    settings: Arc<Settings>,
    diagnostics: Vec<Diagnostic>,
    /// Bytes of the client's text before `source.text` (a byte order mark).
    lead: usize,
}

/// Settings loaded for the documents under one `galley.toml` (or none).
struct Loaded {
    settings: Arc<Settings>,
    /// The configuration's problem, shown on the file; the documents are
    /// then checked with the built-in defaults.
    error: Option<ConfigError>,
}

struct Server {
    out: Sender<String>,
    client: Client,
    docs: HashMap<String, Doc>,
    /// Documents to check, and when.
    due: HashMap<String, Instant>,
    /// Loaded settings by the `galley.toml` and the `.vale.ini` found for
    /// a document: folders with different Vale configurations under one
    /// `galley.toml` get different rules.
    configs: HashMap<(Option<PathBuf>, Option<PathBuf>), Loaded>,
    /// Configuration files with a problem published on them.
    broken: Vec<PathBuf>,
    shutdown: bool,
    next_request: i32,
    /// The messages that make a check out of date, read and handled.
    arrived: Arc<Arrived>,
    handled: Handled,
}

impl Server {
    fn new(out: Sender<String>, client: Client, arrived: Arc<Arrived>, handled: Handled) -> Self {
        Server {
            out,
            client,
            arrived,
            handled,
            docs: HashMap::new(),
            due: HashMap::new(),
            configs: HashMap::new(),
            broken: Vec::new(),
            shutdown: false,
            next_request: 0,
        }
    }

    fn send(&self, message: Message) {
        let _ = self.out.send(transport::to_body(message));
    }

    /// Sends a notification, its parameters written out as they are (not
    /// copied into a message first: a document's findings can be many).
    fn notify(&self, method: &str, params: Value) {
        let body = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        let _ = self.out.send(body.to_string());
    }

    fn next_deadline(&self) -> Option<Instant> {
        self.due.values().min().copied()
    }

    /// Handles one message; `Some(status)` when the client said `exit`.
    fn handle(&mut self, incoming: Incoming) -> Option<i32> {
        if let Incoming::Message(message) = &incoming {
            self.handled.count(message);
        }
        match incoming {
            Incoming::Malformed { id, code, reason } => {
                let _ = self.out.send(transport::error_reply(id, code, &reason));
            }
            Incoming::Message(Message::Request(req)) => self.request(req),
            Incoming::Message(Message::Notification(n)) => {
                if n.method == "exit" {
                    return Some(if self.shutdown { 0 } else { 1 });
                }
                self.notification(n);
            }
            // Replies to our workspace/applyEdit requests: nothing to do.
            Incoming::Message(Message::Response(_)) => {}
        }
        None
    }

    fn request(&mut self, req: Request) {
        let result = match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/codeAction" => self.code_actions(&req.params),
            "textDocument/hover" => self.hover(&req.params),
            "workspace/executeCommand" => self.execute(&req.params),
            "initialize" => Err((
                lsp_server::ErrorCode::InvalidRequest as i32,
                "the server is already initialized".to_string(),
            )),
            method => Err((
                METHOD_NOT_FOUND,
                format!("galley does not handle `{method}`"),
            )),
        };
        let response = match result {
            Ok(value) => Response::new_ok(req.id, value),
            Err((code, message)) => Response::new_err(req.id, code, message),
        };
        self.send(Message::Response(response));
    }

    fn notification(&mut self, n: Notification) {
        let p = &n.params;
        let uri = || p["textDocument"]["uri"].as_str().map(str::to_string);
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let (Some(uri), Some(text)) = (uri(), p["textDocument"]["text"].as_str()) else {
                    return;
                };
                let Some(path) = path_of(&uri) else { return };
                self.docs.insert(
                    uri.clone(),
                    Doc {
                        text: text.to_string(),
                        version: p["textDocument"]["version"].as_i64().unwrap_or(0),
                        path,
                        findings: None,
                        refused: false,
                    },
                );
                self.due.insert(uri, Instant::now());
            }
            "textDocument/didChange" => {
                let Some(uri) = uri() else { return };
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                // Ranged changes are applied in order; one that cannot be
                // leaves the text as it was, and says so.
                match sync::apply(&doc.text, &p["contentChanges"]) {
                    Ok(text) => {
                        doc.text = text;
                        doc.version =
                            p["textDocument"]["version"].as_i64().unwrap_or(doc.version);
                        doc.findings = None;
                        self.due.insert(uri, Instant::now() + DEBOUNCE);
                    }
                    Err(reason) => self.notify(
                        "window/logMessage",
                        json!({ "type": 1, "message": format!("galley: {uri}: change not applied: {reason}") }),
                    ),
                }
            }
            "textDocument/didSave" => {
                let Some(uri) = uri() else { return };
                if path_of(&uri).is_some_and(|p| is_configuration(&p)) {
                    self.reload();
                } else if self.docs.contains_key(&uri) {
                    self.due.insert(uri, Instant::now());
                }
            }
            "textDocument/didClose" => {
                let Some(uri) = uri() else { return };
                self.docs.remove(&uri);
                self.due.remove(&uri);
                self.notify(
                    "textDocument/publishDiagnostics",
                    json!({ "uri": uri, "diagnostics": [] }),
                );
            }
            "workspace/didChangeWatchedFiles" => {
                let changed = p["changes"].as_array().into_iter().flatten().any(|c| {
                    c["uri"]
                        .as_str()
                        .and_then(path_of)
                        .is_some_and(|p| is_configuration(&p))
                });
                if changed {
                    self.reload();
                }
            }
            _ => {}
        }
    }

    /// Forgets every loaded configuration and checks every open document
    /// again: `galley.toml`, a pack, or a Vale configuration, style rule or
    /// vocabulary changed.
    fn reload(&mut self) {
        self.configs.clear();
        let now = Instant::now();
        for (uri, doc) in &mut self.docs {
            doc.findings = None;
            self.due.insert(uri.clone(), now);
        }
    }

    /// Checks the first document whose time has come and publishes its
    /// findings (or, over the size limit, why it was not checked).
    fn check_next_due(&mut self) {
        if self.shutdown {
            return;
        }
        let now = Instant::now();
        let Some(uri) = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .min_by_key(|(_, at)| **at)
            .map(|(uri, _)| uri.clone())
        else {
            return;
        };
        self.due.remove(&uri);
        if self.refuse_if_too_large(&uri) {
            return;
        }
        if let Some(checked) = self.checked(&uri) {
            self.publish(&uri, &checked);
        }
        crate::memory::give_back_freed();
    }

    /// Whether the document is over the size limit; if so the client is
    /// told (once, by `window/showMessage`) and a diagnostic says why it
    /// was not checked.
    fn refuse_if_too_large(&mut self, uri: &str) -> bool {
        let max = self
            .client
            .max_size
            .unwrap_or(crate::source::DEFAULT_MAX_FILE_SIZE);
        let Some(doc) = self.docs.get_mut(uri) else {
            return false;
        };
        let len = doc.text.len() as u64;
        if len <= max {
            doc.refused = false;
            return false;
        }
        let message = format!(
            "{} not checked: {len} bytes is over the max-file-size of {max} bytes",
            doc.path.display()
        );
        let tell = !std::mem::replace(&mut doc.refused, true);
        let version = doc.version;
        if tell {
            self.notify(
                "window/showMessage",
                json!({ "type": 2, "message": format!("galley: {message} (raise it with `galley server --max-file-size`)") }),
            );
        }
        self.notify(
            "textDocument/publishDiagnostics",
            json!({ "uri": uri, "version": version, "diagnostics": [{
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "severity": DiagnosticSeverity::WARNING,
                "source": "galley",
                "message": format!("document not checked: {len} bytes is over the max-file-size of {max} bytes"),
            }] }),
        );
        true
    }

    /// The settings for a document at `path`, loaded once per
    /// configuration (the `galley.toml` and the `.vale.ini` found from the
    /// document's folder); a broken one is published as a diagnostic on
    /// that file.
    fn settings_for(&mut self, path: &Path) -> Arc<Settings> {
        let dir = path
            .parent()
            .filter(|d| d.is_dir())
            .unwrap_or(Path::new("."));
        let config = crate::config::discover(dir);
        let key = (
            config.clone(),
            crate::config::discover_vale(dir, config.as_deref().and_then(Path::parent)),
        );
        if let Some(loaded) = self.configs.get(&key) {
            return loaded.settings.clone();
        }
        let overrides = Overrides {
            lean: true,
            ..Default::default()
        };
        let loaded = match Settings::load(dir, &overrides) {
            Ok(settings) => Loaded {
                settings: Arc::new(settings),
                error: None,
            },
            Err(error) => Loaded {
                settings: Arc::new(Settings::builtin()),
                error: Some(error),
            },
        };
        let file = loaded
            .error
            .as_ref()
            .and_then(|e| e.path.clone())
            .or(config.clone());
        if let Some(file) = file {
            self.publish_config(&file, loaded.error.as_ref());
        }
        let settings = loaded.settings.clone();
        self.configs.insert(key, loaded);
        settings
    }

    /// Publishes a configuration problem on its file, or clears one that
    /// was there.
    fn publish_config(&mut self, file: &Path, error: Option<&ConfigError>) {
        let was_broken = self.broken.iter().any(|b| b == file);
        let diagnostics = match error {
            Some(error) => {
                let text = error.text.clone().unwrap_or_default();
                let index = LineIndex::new(&text);
                let range = error
                    .span
                    .clone()
                    .map_or(index.range(0, 0), |s| index.range(s.start, s.end));
                if !was_broken {
                    self.broken.push(file.to_path_buf());
                }
                vec![json!({
                    "range": range,
                    "severity": DiagnosticSeverity::ERROR,
                    "source": "galley",
                    "message": format!("{}; open documents are checked with the built-in rules until it is fixed", error.message),
                })]
            }
            None if was_broken => {
                self.broken.retain(|b| b != file);
                Vec::new()
            }
            None => return,
        };
        self.notify(
            "textDocument/publishDiagnostics",
            json!({ "uri": uri_of(file), "diagnostics": diagnostics }),
        );
    }

    /// The findings of the document's current text, checking it if needed.
    fn checked(&mut self, uri: &str) -> Option<Arc<Checked>> {
        let doc = self.docs.get(uri)?;
        if let Some(findings) = &doc.findings {
            return Some(findings.clone());
        }
        let format = format_for(&doc.path);
        // Over the size limit (at most the size galley reads of any file,
        // past which positions would not fit `u32` offsets): not checked.
        let max = self
            .client
            .max_size
            .unwrap_or(crate::source::DEFAULT_MAX_FILE_SIZE);
        if format == Format::DOCX || doc.text.len() as u64 > max {
            return None;
        }
        let path = doc.path.clone();
        let settings = self.settings_for(&path);
        // The text is lent to the check and given back after: not copied.
        let doc = self.docs.get_mut(uri)?;
        let source = SourceFile::new(&path, std::mem::take(&mut doc.text));
        let lead = source.bom_len;
        // One document at a time: its rules may take every core. A newer
        // version or a close read meanwhile stops the check; the document
        // is then checked again once the message is handled (if it is
        // still open).
        let cancel = self.handled.cancel(&self.arrived, uri);
        let diagnostics =
            check_source_until(&source, format, &settings, Concurrency::Alone, &cancel);
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.text = match lead {
                0 => source.text,
                _ => format!("\u{feff}{}", source.text),
            };
        }
        let Some(diagnostics) = diagnostics else {
            self.due.insert(uri.to_string(), Instant::now() + DEBOUNCE);
            return None;
        };
        let checked = Arc::new(Checked {
            format,
            settings,
            diagnostics,
            lead,
        });
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.findings = Some(checked.clone());
        }
        Some(checked)
    }

    fn publish(&self, uri: &str, checked: &Checked) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        let index = LineIndex::new(&doc.text);
        // Written out one finding at a time: as JSON values all together
        // (copied twice more into a message), a finding took some 10 KB,
        // 350 MB for the 35,000 of a 10 MB document.
        let head = json!({ "uri": uri, "version": doc.version }).to_string();
        let mut body = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{},"diagnostics":["#,
            head.strip_suffix('}').unwrap_or(&head)
        );
        for (i, d) in checked.diagnostics.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&to_lsp(d, &index, checked.lead, uri).to_string());
        }
        body.push_str("]}}");
        let _ = self.out.send(body);
    }
}
