//! Stopping the check of a document once it is out of date. The reader
//! thread sees each message as it arrives, while the main thread may be in
//! the middle of a check: it counts, per document, the opens, changes and
//! closes it has read, and the `shutdown` and `exit` messages. The main
//! thread counts the same messages as it handles them. A check stops as
//! soon as the reader has read one for its document (or a `shutdown`) that
//! the main thread has not yet handled: its findings would be for a text
//! the client no longer has.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use lsp_server::Message;

use crate::rules::Cancel;

/// What a message makes out of date.
enum Outdates<'m> {
    /// The check of this document.
    Document(&'m str),
    /// Every check: the session is ending.
    All,
}

fn outdates(message: &Message) -> Option<Outdates<'_>> {
    match message {
        Message::Notification(n)
            if matches!(
                n.method.as_str(),
                "textDocument/didOpen" | "textDocument/didChange" | "textDocument/didClose"
            ) =>
        {
            n.params["textDocument"]["uri"]
                .as_str()
                .map(Outdates::Document)
        }
        Message::Notification(n) if n.method == "exit" => Some(Outdates::All),
        Message::Request(r) if r.method == "shutdown" => Some(Outdates::All),
        _ => None,
    }
}

/// The reader's counts: the messages read so far. A document's count is
/// kept for the session once seen (a few dozen bytes a document).
#[derive(Default)]
pub struct Arrived {
    docs: Mutex<HashMap<String, Arc<AtomicU64>>>,
    ends: Arc<AtomicU64>,
}

impl Arrived {
    /// Counts `message`, before the reader passes it on.
    pub fn count(&self, message: &Message) {
        match outdates(message) {
            Some(Outdates::Document(uri)) => {
                self.of(uri).fetch_add(1, Ordering::SeqCst);
            }
            Some(Outdates::All) => {
                self.ends.fetch_add(1, Ordering::SeqCst);
            }
            None => {}
        }
    }

    fn of(&self, uri: &str) -> Arc<AtomicU64> {
        let mut docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
        match docs.get(uri) {
            Some(count) => count.clone(),
            None => docs.entry(uri.to_string()).or_default().clone(),
        }
    }
}

/// The main thread's counts: the messages handled so far.
#[derive(Default)]
pub struct Handled {
    docs: HashMap<String, u64>,
    ends: u64,
}

impl Handled {
    /// Counts `message`, as the main thread handles it.
    pub fn count(&mut self, message: &Message) {
        match outdates(message) {
            Some(Outdates::Document(uri)) => {
                *self.docs.entry(uri.to_string()).or_default() += 1;
            }
            Some(Outdates::All) => self.ends += 1,
            None => {}
        }
    }

    /// What stops a check of `uri` starting now: a message for it, or the
    /// end of the session, read but not yet handled.
    pub fn cancel(&self, arrived: &Arrived, uri: &str) -> Cancel {
        let (doc, ends) = (arrived.of(uri), arrived.ends.clone());
        let (handled, ended) = (self.docs.get(uri).copied().unwrap_or(0), self.ends);
        Cancel::new(move || {
            doc.load(Ordering::SeqCst) != handled || ends.load(Ordering::SeqCst) != ended
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_server::Notification;
    use serde_json::json;

    fn change(uri: &str) -> Message {
        Message::Notification(Notification::new(
            "textDocument/didChange".to_string(),
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": []}),
        ))
    }

    /// A check stops when a message for its document is read and not yet
    /// handled, and not for another document's.
    #[test]
    fn a_message_read_for_the_document_stops_its_check() {
        let (arrived, mut handled) = (Arrived::default(), Handled::default());
        arrived.count(&change("a"));
        handled.count(&change("a"));
        let cancel = handled.cancel(&arrived, "a");
        assert!(!cancel.requested(), "everything read was handled");
        arrived.count(&change("b"));
        assert!(!cancel.requested(), "another document's change");
        arrived.count(&change("a"));
        assert!(cancel.requested(), "a newer version was read");
        // Read before the check started but not yet handled: stops it too.
        let cancel = handled.cancel(&arrived, "a");
        assert!(cancel.requested());
        handled.count(&change("a"));
        assert!(!handled.cancel(&arrived, "a").requested());
        let shutdown = Message::Request(lsp_server::Request::new(
            1.into(),
            "shutdown".to_string(),
            json!(null),
        ));
        arrived.count(&shutdown);
        assert!(
            handled.cancel(&arrived, "b").requested(),
            "the session ends"
        );
    }
}
