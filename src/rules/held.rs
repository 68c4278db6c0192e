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
    /// Each part, in the order of [`Readers`]' counts.
    const PARTS: [Reads; 3] = [Reads::MODEL_IDS, Reads::WORD_INDEX, Reads::NAMES];

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
}

/// The parts, each made when a rule first asks for it (see `Shared`).
#[derive(Default)]
pub(crate) struct Parts {
    pub(crate) model_ids: Held<Vec<u32>>,
    pub(crate) model_tokens: Held<Tokens>,
    pub(crate) word_index: Held<WordIndex>,
    pub(crate) mentions: Held<Vec<Mention>>,
}

impl Parts {
    /// Lets go of `parts`: no rule still to run reads them.
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
    }
}

/// How many of the rules still to run read each part, for a run after
/// which no other run reads them.
#[derive(Debug, Default)]
pub(crate) struct Readers {
    left: [AtomicUsize; 3],
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
            assert!(parts.mentions.is_released());
            let kept = Shared::default();
            let fixing = run(Select::Fixing, &kept);
            assert!(!kept.parts.model_ids.is_released());
            let others = run(Select::NotFixing, &kept);
            assert!(kept.parts.mentions.is_released());
            assert_eq!(merge_findings(fixing, others), all);
        }
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
    }
}
