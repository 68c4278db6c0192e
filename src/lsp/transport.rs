//! The server's stdio transport: LSP base-protocol framing
//! (`Content-Length` headers) on a reader and a writer thread. lsp-server's
//! own stdio transport ends the session on a malformed message; this one
//! answers it with a JSON-RPC error and reads on.

use std::io::{self, BufRead, Write};
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

/// Starts the reader (stdin) and writer (stdout) threads. The writer takes
/// JSON values, so an error reply may carry a null id; it ends, having
/// written everything, once every sender is dropped.
pub fn stdio() -> (Receiver<Incoming>, Sender<Value>, thread::JoinHandle<()>) {
    let (in_tx, in_rx) = unbounded();
    let (out_tx, out_rx) = unbounded::<Value>();
    let writer = thread::Builder::new()
        .name("galley-lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            for value in out_rx {
                let body = value.to_string();
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
            while let Ok(Some(body)) = read_frame(&mut input) {
                let incoming = parse(&body);
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
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
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
    // A message over 64 MiB is not an article: refuse it rather than
    // allocate what a broken header asks for.
    if length > 64 << 20 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "message too large",
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

fn parse(body: &[u8]) -> Incoming {
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

/// The JSON of a message, for the writer (lsp-server adds the `jsonrpc`
/// member only in its own writer).
pub fn to_value(message: Message) -> Value {
    let mut value = serde_json::to_value(message).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.insert("jsonrpc".to_string(), json!("2.0"));
    }
    value
}

/// An error reply to a message that could not be read.
pub fn error_reply(id: Option<Value>, code: i32, reason: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": { "code": code, "message": reason },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_and_malformed_bodies() {
        let mut input = io::Cursor::new(
            b"Content-Length: 5\r\n\r\n{oops\r\nContent-Length: 2\r\n\r\n{}".to_vec(),
        );
        let first = read_frame(&mut input).unwrap().unwrap();
        assert!(matches!(
            parse(&first),
            Incoming::Malformed {
                code: PARSE_ERROR,
                ..
            }
        ));
        // The rest of the line after a body is skipped like a blank header.
        let second = read_frame(&mut input).unwrap().unwrap();
        assert_eq!(second, b"{}");
        assert!(matches!(
            parse(&second),
            Incoming::Malformed {
                code: INVALID_REQUEST,
                ..
            }
        ));
        assert!(read_frame(&mut input).unwrap().is_none());
    }
}
