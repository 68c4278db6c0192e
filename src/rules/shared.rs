//! What several rules compute from one document, once, when a rule first
//! needs it, and the way to stop a check early: shared by the threads that
//! run one document's rules.

use std::sync::{Arc, Mutex, OnceLock};

use super::held::Parts;
use crate::document::Document;
use crate::lang::model::tokens::{Tokens, tokens};
use crate::lang::model::words::model_ids;
use crate::lang::names::{Mention, mentions};
use crate::lang::tokens::Toks;
use crate::lang::word_index::WordIndex;
use crate::timings::{Stage, Timings};
use crate::vale::masks::Masked;

/// What several rules compute from one document, computed once, when a rule
/// first needs it: the names it holds, its words' model ids and index.
/// Shared by the threads that run the rules of one document, with the
/// caller's way to stop them early. (A sentence's phrase tokens are not kept: each phrase
/// rule makes them again, into one buffer, see `Shared::sentence_tokens`.)
#[derive(Default)]
pub struct Shared {
    /// Each let go once the last rule that reads it is done.
    pub(super) parts: Parts,
    /// The people rules' links between spellings of a name, with a bit for
    /// each mention they were made of (`people::spelling::shared_links`).
    pub(crate) name_links: OnceLock<NameLinks>,
    /// What each Vale configuration masks in the document (see
    /// `vale::ignore`).
    pub(crate) vale_masked: Mutex<Vec<(usize, Arc<Masked>)>>,
    cancel: Option<Cancel>,
    /// Where the rules' time and this shared work's are charged, when
    /// timing.
    pub(super) timings: Option<Arc<Timings>>,
}

/// The mentions' bits, and each link's two mentions by index.
pub(crate) type NameLinks = (Box<[u64]>, Box<[[u32; 2]]>);

/// A way to stop a check early, from another thread: the run asks it
/// before each rule and skips the rules left once it says stop. What a
/// stopped run found is incomplete, and the caller that stopped it throws
/// it away. (The language server stops the check of a document when a
/// newer version of it or a close arrives.)
#[derive(Clone)]
pub struct Cancel(Arc<dyn Fn() -> bool + Send + Sync>);

impl Cancel {
    /// Stops the check once `stop` returns true.
    pub fn new(stop: impl Fn() -> bool + Send + Sync + 'static) -> Self {
        Cancel(Arc::new(stop))
    }

    /// Whether the check is to stop.
    pub fn requested(&self) -> bool {
        (self.0)()
    }
}

impl Shared {
    /// Nothing computed yet; the runs stop when `cancel` says so.
    pub fn stopped_by(cancel: Cancel) -> Self {
        Shared {
            cancel: Some(cancel),
            ..Shared::default()
        }
    }

    /// Shared work for one document, timed into `timings` if given.
    pub fn timed(timings: Option<Arc<Timings>>) -> Shared {
        Shared {
            timings,
            ..Shared::default()
        }
    }

    /// Whether the runs sharing this are to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(Cancel::requested)
    }

    /// Runs `work`, charged to `stage` when timing.
    fn charge<T>(&self, stage: Stage, work: impl FnOnce() -> T) -> T {
        match &self.timings {
            Some(timings) => timings.shared(stage, work),
            None => work(),
        }
    }

    /// The names in `doc`, for the people rules.
    pub(crate) fn mentions(&self, doc: &Document) -> Arc<Vec<Mention>> {
        self.parts
            .mentions
            .get(|| self.charge(Stage::Names, || mentions(doc, || self.cancelled())))
    }

    /// The key of each word of `doc` ([`word_key`](crate::lang::fnv::word_key)
    /// of its spelling, 0 for none), hashed as the document's words were
    /// found and taken from it by the first rule that asks: held while a
    /// rule reads them, let go once no rule still to run does (see
    /// [`Parts::release`]). A rule that asks says so in its
    /// [`reads`](super::Check::reads) ([`Reads::WORD_KEYS`](super::Reads)).
    pub(crate) fn word_keys(&self, doc: &Document) -> Arc<Vec<u32>> {
        self.parts.word_keys.get(|| doc.take_word_keys())
    }

    /// The context model's id of each word of `doc` (see
    /// [`model_ids`]), made once for the context rules.
    pub(crate) fn model_ids(&self, doc: &Document) -> Arc<Vec<u32>> {
        let stop = || self.cancelled();
        let make = || model_ids(doc, &self.word_keys(doc), stop);
        let ids = self
            .parts
            .model_ids
            .get(|| self.charge(Stage::ModelIds, make));
        // The keys may have waited for the ids alone.
        self.parts.release_keys_once_unread();
        ids
    }

    /// `doc`'s sentences as the context model reads them, with the bigram
    /// of each two neighbouring tokens ([`tokens`]), made once for the
    /// context rules (outside `Model::with_lookups`: it takes them itself).
    pub(crate) fn model_tokens(&self, doc: &Document) -> Arc<Tokens> {
        let (ids, stop) = (self.model_ids(doc), || self.cancelled());
        let m = crate::lang::model::english();
        let make = || m.with_lookups(|lk| tokens(doc, &ids, lk, stop));
        self.parts
            .model_tokens
            .get(|| self.charge(Stage::ModelPairs, make))
    }

    /// `doc`'s words by their folded form's key (see [`WordIndex`]), made
    /// once for the phrase rules.
    pub(crate) fn word_index(&self, doc: &Document) -> Arc<WordIndex> {
        let stop = || self.cancelled();
        let make = || WordIndex::new(doc, &self.word_keys(doc), stop);
        let index = self
            .parts
            .word_index
            .get(|| self.charge(Stage::WordIndex, make));
        // The keys may have waited for the index alone.
        self.parts.release_keys_once_unread();
        index
    }

    /// The phrase tokens of sentence `index` of `doc`, into `toks` (in
    /// place of what it held).
    ///
    /// Made again by each rule that reads the sentence, not kept: kept,
    /// the tokens of a long document's sentences took some 9 bytes a byte
    /// of text, most of the check's memory, and a sentence is read by
    /// about one and a half phrase rules on average.
    pub(crate) fn sentence_tokens(&self, doc: &Document, index: usize, toks: &mut Toks) {
        self.charge(Stage::SentenceTokens, || {
            // From the document's words: the sentence is not split into
            // words a second time.
            let sentence = &doc.sentences[index];
            let block = &doc.blocks[sentence.block()];
            let first = sentence.words().start;
            let before = (first > block.words().start).then(|| &doc.words[first - 1]);
            let words = &doc.words[sentence.words()];
            toks.fill_of_words(block.text(), sentence.range(), words, before);
        })
    }
}
