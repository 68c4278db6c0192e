//! The server's stdio transport: LSP base-protocol framing
//! (`Content-Length` headers) on a reader and a writer thread. lsp-server's
//! own stdio transport ends the session on a malformed message; this one
//! answers it with a JSON-RPC error and reads on, a message too large to
//! read included.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::Message;
use serde_json::{Value, json};

/// What the reader passes on: a message, or why a message could not be read
/// (with its id, when it had one).
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    Malformed {
        id: Option<Value>,
        code: i32,
        reason: String,
    },
}

/// JSON-RPC's codes for a message that is not JSON, and for JSON that is
/// not a request, response or notification.
pub const PARSE_ERROR: i32 = -32700;
pub const INVALID_REQUEST: i32 = -32600;

/// The largest message read: a document of the size limit, escaped as JSON,
/// fits many times over. A bigger one is skipped, not allocated.
pub const MAX_MESSAGE: usize = 64 << 20;

/// What one frame held.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Body(Vec<u8>),
    /// A body of this many bytes, over the limit, read and thrown away.
    TooLarge(usize),
}

/// Starts the reader (stdin) and writer (stdout) threads. The reader shows
/// each message to `watch` as soon as it is read, before passing it on.
/// The writer takes each message's JSON text, written whole (see
/// [`to_body`]); it ends, having written everything, once every sender is
/// dropped.
pub fn stdio(
    watch: impl Fn(&Message) + Send + 'static,
) -> (Receiver<Incoming>, Sender<String>, thread::JoinHandle<()>) {
    let (in_tx, in_rx) = unbounded();
    let (out_tx, out_rx) = unbounded::<String>();
    let writer = thread::Builder::new()
        .name("galley-lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            for body in out_rx {
                let mut out = stdout.lock();
                let written = write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())
                    .and_then(|()| out.flush());
                if written.is_err() {
                    break;
                }
            }
        })
        .expect("the writer thread starts");
    thread::Builder::new()
        .name("galley-lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            while let Ok(Some(frame)) = read_frame(&mut input, MAX_MESSAGE) {
                let incoming = match frame {
                    Frame::Body(body) => parse(&body),
                    Frame::TooLarge(len) => Incoming::Malformed {
                        id: None,
                        code: INVALID_REQUEST,
                        reason: format!(
                            "message too large: {len} bytes is over the limit of {MAX_MESSAGE} bytes; it was skipped"
                        ),
                    },
                };
                if let Incoming::Message(message) = &incoming {
                    watch(message);
                }
                let exit = matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
                if in_tx.send(incoming).is_err() || exit {
                    break;
                }
            }
        })
        .expect("the reader thread starts");
    (in_rx, out_tx, writer)
}

/// Reads one framed message body; `None` at the end of input. A frame whose
/// header cannot be read ends the input (there is no way to find the next).
/// A body over `limit` bytes is read in pieces and dropped, so the next
/// frame is found and nothing is allocated for it.
pub fn read_frame(input: &mut impl BufRead, limit: usize) -> io::Result<Option<Frame>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        // A header line is short; one that never ends is not a header.
        if input.by_ref().take(4096).read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end();
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.unwrap_or(0);
    if length > limit {
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        return Ok(Some(Frame::TooLarge(length)));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(Frame::Body(body)))
}

pub fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(err) => {
            return Incoming::Malformed {
                id: None,
                code: PARSE_ERROR,
                reason: format!("the message is not JSON: {err}"),
            };
        }
    };
    let id = value.get("id").cloned();
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(err) => Incoming::Malformed {
            id,
            code: INVALID_REQUEST,
            reason: format!("the message is not a request, response or notification: {err}"),
        },
    }
}

/// Reads `input` as the server's reader reads standard input (frames of
/// at most `limit` bytes, each parsed as a message), and applies the
/// `contentChanges` of any message to a small text, as `didChange` does;
/// the number of frames read. Each message is counted as the reader and
/// the main thread count them (see `lsp::cancel`): once both have, no
/// check of its document is to stop. For the `read_message` fuzz target:
/// any bytes, no panic.
pub fn read_messages(input: &[u8], limit: usize) -> usize {
    let mut reader = std::io::Cursor::new(input);
    let mut frames = 0;
    let arrived = super::cancel::Arrived::default();
    let mut handled = super::cancel::Handled::default();
    while let Ok(Some(frame)) = read_frame(&mut reader, limit) {
        frames += 1;
        if let Frame::Body(body) = frame {
            if let Incoming::Message(message) = parse(&body) {
                arrived.count(&message);
                handled.count(&message);
                if let Message::Notification(n) = &message
                    && let Some(uri) = n.params["textDocument"]["uri"].as_str()
                {
                    assert!(
                        !handled.cancel(&arrived, uri).requested(),
                        "a message counted by both sides stops no check"
                    );
                }
            }
            if let Ok(value) = serde_json::from_slice::<Value>(&body) {
                let _ = super::sync::apply(
                    "a\u{1F600}b\n\u{4E2D}e\u{301}\r\nz",
                    &value["params"]["contentChanges"],
                );
            }
        }
    }
    frames
}

/// The JSON text of a message, for the writer (lsp-server adds the
/// `jsonrpc` member only in its own writer).
pub fn to_body(message: Message) -> String {
    let mut value = serde_json::to_value(message).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.insert("jsonrpc".to_string(), json!("2.0"));
    }
    value.to_string()
}

/// An error reply to a message that could not be read.
pub fn error_reply(id: Option<Value>, code: i32, reason: &str) -> String {
    json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": { "code": code, "message": reason },
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_and_malformed_bodies() {
        let mut input = io::Cursor::new(
            b"Content-Length: 5\r\n\r\n{oops\r\nContent-Length: 2\r\n\r\n{}".to_vec(),
        );
        let Frame::Body(first) = read_frame(&mut input, MAX_MESSAGE).unwrap().unwrap() else {
            panic!("a body");
        };
        assert!(matches!(
            parse(&first),
            Incoming::Malformed {
                code: PARSE_ERROR,
                ..
            }
        ));
        // The rest of the line after a body is skipped like a blank header.
        let Frame::Body(second) = read_frame(&mut input, MAX_MESSAGE).unwrap().unwrap() else {
            panic!("a body");
        };
        assert_eq!(second, b"{}");
        assert!(matches!(
            parse(&second),
            Incoming::Malformed {
                code: INVALID_REQUEST,
                ..
            }
        ));
        assert!(read_frame(&mut input, MAX_MESSAGE).unwrap().is_none());
    }

    /// A body over the limit is skipped whole, and the next frame read.
    #[test]
    fn a_body_over_the_limit_is_skipped_and_the_next_read() {
        let mut input = io::Cursor::new(
            b"Content-Length: 9\r\n\r\n123456789Content-Length: 2\r\n\r\n{}".to_vec(),
        );
        assert_eq!(read_frame(&mut input, 4).unwrap(), Some(Frame::TooLarge(9)));
        assert_eq!(
            read_frame(&mut input, 4).unwrap(),
            Some(Frame::Body(b"{}".to_vec()))
        );
    }
}
