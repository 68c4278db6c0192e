//! What the rules compute from a document and share, held only while a
//! rule still to run reads it: each rule says what it reads, and the run
//! lets each part go once the last of its readers is done.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::lang::model::tokens::Tokens;
use crate::lang::names::Mention;
use crate::lang::word_index::WordIndex;

/// Which of the document's shared parts a rule reads (see
/// [`Check::reads`](super::Check::reads)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reads(u8);

impl Reads {
    /// None of them.
    pub const NOTHING: Reads = Reads(0);
    /// The context model's id of each word, and the sentences' tokens
    /// and bigrams made of them.
    pub const MODEL_IDS: Reads = Reads(1);
    /// The words by their folded form's key.
    pub const WORD_INDEX: Reads = Reads(2);
    /// The names in the document.
    pub const NAMES: Reads = Reads(4);
    /// The words' keys (besides the making of the model ids and the word
    /// index, which read them too: see `Parts::release`).
    pub const WORD_KEYS: Reads = Reads(8);
    /// Each part, in the order of [`Readers`]' counts.
    const PARTS: [Reads; 4] = [
        Reads::MODEL_IDS,
        Reads::WORD_INDEX,
        Reads::NAMES,
        Reads::WORD_KEYS,
    ];

    /// Both sets.
    pub const fn and(self, other: Reads) -> Reads {
        Reads(self.0 | other.0)
    }

    /// Whether this set holds all of `other`.
    pub const fn has(self, other: Reads) -> bool {
        self.0 & other.0 == other.0
    }
}

/// A part computed once, when a rule first asks for it, and let go when
/// [`Held::release`] says so. Each reader holds it while it reads, so it
/// is freed when the last reader is done with it, never under one.
pub(crate) struct Held<T> {
    made: Mutex<Option<Arc<T>>>,
    released: AtomicBool,
}

impl<T> Default for Held<T> {
    fn default() -> Self {
        Held {
            made: Mutex::new(None),
            released: AtomicBool::new(false),
        }
    }
}

impl<T> Held<T> {
    /// The part, made by `make` if no one asked before. A second thread
    /// that asks while it is being made waits for it.
    ///
    /// Asked after it was released, it is made again (the rules' reads
    /// were declared wrong: the findings stay right, the memory is spent
    /// twice); a debug build stops there.
    pub(crate) fn get(&self, make: impl FnOnce() -> T) -> Arc<T> {
        let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        debug_assert!(
            !self.released.load(Ordering::Relaxed),
            "a shared part is read after its last reader was done"
        );
        made.get_or_insert_with(|| Arc::new(make())).clone()
    }

    /// Lets the part go: it is freed as soon as no reader holds it.
    pub(crate) fn release(&self) {
        self.released.store(true, Ordering::Relaxed);
        let made = self
            .made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        drop(made);
    }

    /// Whether it was released.
    #[cfg(test)]
    pub(crate) fn is_released(&self) -> bool {
        self.released.load(Ordering::Relaxed)
    }

    /// Whether it will not be made from now on: made, or released (asked
    /// while another thread makes it, once that thread is done).
    fn settled(&self) -> bool {
        let made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        made.is_some() || self.released.load(Ordering::Relaxed)
    }
}

/// The parts, each made when a rule first asks for it (see `Shared`).
#[derive(Default)]
pub(crate) struct Parts {
    pub(crate) model_ids: Held<Vec<u32>>,
    pub(crate) model_tokens: Held<Tokens>,
    pub(crate) word_index: Held<WordIndex>,
    pub(crate) mentions: Held<Vec<Mention>>,
    /// The words' keys, taken from the document (as large as the model
    /// ids: most of a long check's memory is the document's own).
    pub(crate) word_keys: Held<Vec<u32>>,
    /// No rule still to run that says it reads the keys: they go once
    /// neither part made of them is still to be made.
    keys_unread: AtomicBool,
}

impl Parts {
    /// Lets go of `parts`: no rule still to run reads them. The keys go
    /// once no such rule reads them and the model ids and the word index,
    /// made of them, are made or let go (a rule that reads only the ids,
    /// the general context detector, holds no keys while it runs).
    pub(crate) fn release(&self, parts: Reads) {
        if parts.has(Reads::MODEL_IDS) {
            self.model_ids.release();
            self.model_tokens.release();
        }
        if parts.has(Reads::WORD_INDEX) {
            self.word_index.release();
        }
        if parts.has(Reads::NAMES) {
            self.mentions.release();
        }
        if parts.has(Reads::WORD_KEYS) {
            self.keys_unread.store(true, Ordering::SeqCst);
        }
        self.release_keys_once_unread();
    }

    /// Lets the keys go if no rule still to run reads them and neither
    /// part made of them is still to be made; asked again by whoever makes
    /// one of those parts.
    pub(crate) fn release_keys_once_unread(&self) {
        if self.keys_unread.load(Ordering::SeqCst)
            && self.model_ids.settled()
            && self.word_index.settled()
        {
            self.word_keys.release();
        }
    }
}

/// How many of the rules still to run read each part, for a run after
/// which no other run reads them.
#[derive(Debug, Default)]
pub(crate) struct Readers {
    left: [AtomicUsize; 4],
}

impl Readers {
    /// The counts for rules that read `each` (one set per rule that runs).
    pub(crate) fn count<'r>(each: impl IntoIterator<Item = &'r Reads>) -> Self {
        let readers = Readers::default();
        for reads in each {
            for (left, part) in readers.left.iter().zip(Reads::PARTS) {
                if reads.has(part) {
                    left.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        readers
    }

    /// A rule that reads `reads` is done: the parts it was the last
    /// reader of, which no rule still to run reads.
    pub(crate) fn done(&self, reads: Reads) -> Reads {
        let mut last = Reads::NOTHING;
        for (left, part) in self.left.iter().zip(Reads::PARTS) {
            if reads.has(part) && left.fetch_sub(1, Ordering::AcqRel) == 1 {
                last = last.and(part);
            }
        }
        last
    }

    /// The parts that no rule of the run reads: let go before it starts
    /// (a part no rule reads is never made, but the keys are the
    /// document's and made already).
    pub(crate) fn unread(&self) -> Reads {
        let mut none = Reads::NOTHING;
        for (left, part) in self.left.iter().zip(Reads::PARTS) {
            if left.load(Ordering::Relaxed) == 0 {
                none = none.and(part);
            }
        }
        none
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A part is made once, whoever asks first, and freed when released
    /// and its last reader lets it go, not before.
    #[test]
    fn a_part_is_freed_after_release_once_no_reader_holds_it() {
        let held: Held<Vec<u32>> = Held::default();
        let mut made = 0;
        let one = held.get(|| {
            made += 1;
            vec![1, 2, 3]
        });
        let two = held.get(|| {
            made += 1;
            vec![4]
        });
        assert_eq!(made, 1);
        assert!(Arc::ptr_eq(&one, &two));
        let watch = Arc::downgrade(&one);
        drop(two);
        held.release();
        assert!(held.is_released());
        // A reader still holds it.
        assert_eq!(watch.upgrade().as_deref(), Some(&vec![1, 2, 3]));
        drop(one);
        assert!(watch.upgrade().is_none());
    }

    /// Reading a part after its release stops a debug build: the reads
    /// declared for the rules missed a reader.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "after its last reader")]
    fn reading_a_released_part_is_caught() {
        let held: Held<Vec<u32>> = Held::default();
        let _ = held.get(Vec::new);
        held.release();
        let _ = held.get(Vec::new);
    }

    /// Every built-in rule over a document that each shared part has
    /// readers in, on one thread and on several: each part is let go by
    /// the end of a last run and never read after (a debug build stops at
    /// such a read, see [`Held::get`]); between the fixing rules' run and
    /// the others' they are kept; the findings are the same either way.
    #[test]
    fn parts_are_let_go_after_their_last_reader_and_never_read_after() {
        use crate::document::{ArticleSettings, Document, Format};
        use crate::rules::builtin::BUILTIN_PACKS;
        use crate::rules::run::run_rules;
        use crate::rules::{Pack, Rule, Select, Shared, merge_findings};
        let rules: Vec<Rule> = BUILTIN_PACKS
            .iter()
            .flat_map(|(_, text)| Pack::parse(text).expect("built-in pack").rules)
            .collect();
        let names = "Karen Whitfield said the plan was late. Whitfield said it twice. \
            Later Whitfeld said more.\n\n";
        let paragraph = "The council could of met sooner, and the mayor was more \
            taller then her deputy, the goverment said on January 3.\n\n";
        let text = format!("Headline here\n\n{names}{}", paragraph.repeat(20));
        let source = crate::source::SourceFile::new("t.txt", &text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        // The general context detector, the longest rule of a long
        // document, holds no keys while it runs; the other context rules
        // read them.
        let reads = |id: &str| rules.iter().find(|r| &*r.meta.id == id).unwrap().reads();
        assert_eq!(reads("real-word-neighbours"), Reads::MODEL_IDS);
        assert!(reads("homophones").has(Reads::WORD_KEYS));
        for threads in [1, 3] {
            let run = |select, shared: &Shared| {
                run_rules(&rules, &doc, None, None, threads, select, shared)
            };
            let shared = Shared::default();
            let all = run(Select::All, &shared);
            for rule in ["name-spelling", "modal-of", "usage-pairs"] {
                assert!(all.iter().any(|d| &*d.rule == rule), "no {rule} finding");
            }
            let parts = &shared.parts;
            assert!(parts.model_ids.is_released() && parts.word_index.is_released());
            assert!(parts.mentions.is_released() && parts.word_keys.is_released());
            let kept = Shared::default();
            let fixing = run(Select::Fixing, &kept);
            assert!(!kept.parts.model_ids.is_released());
            let others = run(Select::NotFixing, &kept);
            assert!(kept.parts.mentions.is_released());
            assert_eq!(merge_findings(fixing, others), all);
        }
    }

    /// The keys wait for the parts made of them: let go once no rule
    /// still to run reads them and the model ids and the word index are
    /// made or let go, whichever comes last.
    #[test]
    fn the_keys_go_once_unread_and_no_part_is_still_to_be_made_of_them() {
        let parts = Parts::default();
        let keys = parts.word_keys.get(|| vec![7, 8]);
        let watch = Arc::downgrade(&keys);
        drop(keys);
        // No rule reads the word index: it is let go, never made.
        parts.release(Reads::WORD_INDEX);
        parts.release(Reads::WORD_KEYS);
        assert!(
            !parts.word_keys.is_released(),
            "the ids are still to be made"
        );
        let ids = parts.model_ids.get(|| vec![1, 2]);
        assert!(watch.upgrade().is_some());
        parts.release_keys_once_unread();
        assert!(parts.word_keys.is_released() && watch.upgrade().is_none());
        assert!(!parts.model_ids.is_released());
        drop(ids);

        // Made first, the ids hold nothing back; the keys are not let go
        // while a rule still reads them.
        let parts = Parts::default();
        let _ = (parts.word_keys.get(Vec::new), parts.model_ids.get(Vec::new));
        parts.release(Reads::WORD_INDEX);
        assert!(!parts.word_keys.is_released());
        parts.release(Reads::WORD_KEYS);
        assert!(parts.word_keys.is_released());
    }

    /// Each part is the last reader's to let go: the count falls with each
    /// rule done that reads it, and a part no rule reads is never named.
    #[test]
    fn the_last_reader_of_each_part_is_found() {
        let ids = Reads::MODEL_IDS;
        let both = Reads::MODEL_IDS.and(Reads::WORD_INDEX);
        let readers = Readers::count(&[ids, Reads::NOTHING, both, ids]);
        assert_eq!(readers.done(ids), Reads::NOTHING);
        assert_eq!(readers.done(both), Reads::WORD_INDEX);
        assert_eq!(readers.done(Reads::NOTHING), Reads::NOTHING);
        assert_eq!(readers.done(ids), Reads::MODEL_IDS);
        assert!(!both.has(Reads::NAMES) && both.has(ids));
        // Parts no rule reads are let go before the run.
        let readers = Readers::count(&[ids]);
        let unread = readers.unread();
        assert!(unread.has(Reads::WORD_INDEX.and(Reads::NAMES).and(Reads::WORD_KEYS)));
        assert!(!unread.has(ids));
    }
}
