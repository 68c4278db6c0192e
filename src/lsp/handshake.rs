//! The handshake: `initialize` answered with galley's capabilities, what
//! the client says of itself kept, and `initialized` awaited.

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, ExecuteCommandOptions,
    HoverProviderCapability, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use serde_json::json;

use super::cancel::Handled;
use super::transport::{self, Incoming};
use super::{FIX_ALL, SERVER_NOT_INITIALIZED};

/// What the client said of itself at `initialize`.
#[derive(Default)]
pub(super) struct Client {
    /// The client can take a `workspace/applyEdit` request.
    pub(super) apply_edit: bool,
    /// Documents larger than this are not checked (the client's
    /// `maxFileSize` until the server's setting is merged in).
    pub(super) max_size: Option<u64>,
}

/// The handshake: answers `initialize` with galley's capabilities and
/// waits for `initialized`. `None` if the client leaves first. Every
/// message is counted in `handled`, as the reader counted it, so that one
/// answered here stops no later check.
pub(super) fn initialize(
    incoming: &Receiver<Incoming>,
    out: &Sender<String>,
    handled: &mut Handled,
) -> Option<Client> {
    let mut client = None;
    loop {
        let next = incoming.recv().ok()?;
        if let Incoming::Message(message) = &next {
            handled.count(message);
        }
        match next {
            Incoming::Message(Message::Request(req)) if req.method == "initialize" => {
                let apply_edit = req.params["capabilities"]["workspace"]["applyEdit"]
                    .as_bool()
                    .unwrap_or(false);
                let max_size = req.params["initializationOptions"]["maxFileSize"].as_u64();
                client = Some(Client {
                    apply_edit,
                    max_size,
                });
                let result = json!({
                    "capabilities": capabilities(),
                    "serverInfo": { "name": "galley", "version": env!("GALLEY_VERSION") },
                });
                let _ = out.send(transport::to_body(Message::Response(Response::new_ok(
                    req.id, result,
                ))));
            }
            Incoming::Message(Message::Notification(n)) if n.method == "initialized" => {
                if client.is_some() {
                    return client;
                }
            }
            Incoming::Message(Message::Notification(n)) if n.method == "exit" => return None,
            Incoming::Message(Message::Request(req)) => {
                let _ = out.send(transport::to_body(Message::Response(Response::new_err(
                    req.id,
                    SERVER_NOT_INITIALIZED,
                    "the server is not initialized".to_string(),
                ))));
            }
            Incoming::Malformed { id, code, reason } => {
                let _ = out.send(transport::error_reply(id, code, &reason));
            }
            Incoming::Message(_) => {}
        }
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![FIX_ALL.to_string()],
            ..Default::default()
        }),
        ..Default::default()
    }
}
