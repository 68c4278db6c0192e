//! The texts of the findings a thread has reported, kept once each: the
//! same message given a thousand times is held once.

use foldhash::HashSet;
use std::cell::RefCell;
use std::sync::Arc;

/// The messages and help already given on one thread (see
/// [`Interner::intern`]); each thread has its own, so that findings are
/// reported without taking a lock.
#[derive(Default)]
pub struct Interner(RefCell<HashSet<Arc<str>>>);

impl Interner {
    /// `text` as shared text: the same `Arc` for the same text, so that a
    /// document with thousands of findings that say the same thing holds
    /// the text once. Past `MAX_INTERNED` distinct texts, new ones are not
    /// remembered (findings that all differ gain nothing from it).
    pub(crate) fn intern(&self, text: String) -> Arc<str> {
        const MAX_INTERNED: usize = 4096;
        let mut seen = self.0.borrow_mut();
        if let Some(shared) = seen.get(text.as_str()) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        if seen.len() < MAX_INTERNED {
            seen.insert(shared.clone());
        }
        shared
    }
}
