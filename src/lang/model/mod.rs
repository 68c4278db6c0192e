//! The context model: a backoff trigram model of English (the CMU Sphinx
//! US-English language model), read in place from bytes built into the
//! binary. Nothing is parsed at start-up: a look-up is a hash probe for a
//! word and a binary search in a bit-packed row for a bigram or trigram.
//! `scripts/build-trigram-model.py` writes the file and documents its
//! layout; `rules/model/README.md` says where the data comes from.
//! Below it: each word's id (`words`), scoring a word against others
//! (`score`), the words one edit away (`neighbours`), a document's
//! sentences as tokens with their bigrams (`tokens`) and a cache of
//! each thread's recent bigram look-ups (`recent`).

pub(crate) mod list_index;
pub(crate) mod neighbours;
mod recent;
pub(crate) mod score;
pub(crate) mod tokens;
pub(crate) mod words;

use std::sync::OnceLock;

use crate::lang::fnv::word_key;
pub(crate) use recent::Lookups;

/// The model's bytes, at a multiple of 64 KiB. The kernel maps a file's
/// pages around a fault in aligned stretches of 64 KiB (or a whole large
/// folio of the page cache), so where the model starts within one moves
/// the faults an article takes in it; unaligned, that start moved with
/// whatever came before it in the read-only data, from one build to the
/// next (the example article 559 faults at one such start, 541 aligned).
#[repr(C, align(65536))]
struct Aligned<B: ?Sized>(B);
static ALIGNED: &Aligned<[u8]> = &Aligned(*include_bytes!("../../../rules/model/en-trigrams.bin"));
static BYTES: &[u8] = &ALIGNED.0;
/// The filter of the built-in model's bigrams (see `pair_filter.rs`),
/// written by build.rs from the model's file.
static PAIR_FILTER: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(
    env!("OUT_DIR"),
    "/pair_filter.bin"
)));
include!("pair_filter.rs");
const MAGIC: &[u8; 8] = b"GLYTRI\x00\x04";
/// A word's search key is its id times this, in the word bits (see
/// [`Model::search_key`]); the script that writes the file uses the same.
const SEARCH_KEY: u32 = 81_007;
/// Bits of a quantised probability or backoff code.
const CODE_BITS: u32 = 8;
const SECTIONS: usize = 12;

/// Guesses [`Model::find`] makes before it halves after each: the bigram
/// rows of the example article's pairs and of their words' neighbours took
/// 4.35 steps a search with eight, 6.57 with a halving after each guess
/// from the first (measured with the ids in alphabetical order; the search
/// keys spread at least as evenly).
const GUESSES: u32 = 8;

/// A bit-packed array of fixed-width entries, with at least 8 bytes after
/// its last entry.
#[derive(Clone, Copy)]
struct Bits {
    start: usize,
    width: u32,
}

/// A backoff trigram model over a fixed vocabulary, with each word's
/// one-edit neighbours.
pub struct Model {
    bytes: &'static [u8],
    n_words: usize,
    n_bigrams: usize,
    n_trigrams: usize,
    word_bits: u32,
    slots: usize,
    n_slots: usize,
    offsets: usize,
    uni: usize,
    rows: usize,
    books: usize,
    bigrams: Bits,
    has_tri: usize,
    rank: usize,
    ctx: Bits,
    trigrams: Bits,
    nb_rows: usize,
    nb: Bits,
    text: usize,
    /// The filter of this model's bigrams, `u64` words as little-endian
    /// bytes (see `pair_filter.rs`): the built-in model's; empty (no
    /// filter) for any other bytes.
    pair_filter: &'static [u8],
    /// The greatest trigram probability the file can hold (log10): the
    /// largest code of its trigram book.
    most_trigram: f32,
}

/// The size in bytes of the built-in model's file.
pub fn english_bytes() -> usize {
    BYTES.len()
}

/// The built-in model, checked once on first use.
pub fn english() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let model = Model::new(BYTES).expect("the built-in context model is well formed");
        Model {
            pair_filter: &PAIR_FILTER.0,
            ..model
        }
    })
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

impl Model {
    /// Reads the header of `bytes` and checks that the sections it
    /// declares fit, in order, and agree with the counts; `None` if not.
    pub fn new(bytes: &'static [u8]) -> Option<Model> {
        if bytes.get(..8)? != MAGIC {
            return None;
        }
        let count = |i: usize| u32_at(bytes, 8 + 4 * i).map(|c| c as usize);
        let (n_words, n_bigrams, n_trigrams, n_ctx) = (count(0)?, count(1)?, count(2)?, count(3)?);
        let (n_slots, n_links) = (count(4)?, count(5)?);
        let (word_bits, ctx_bits) = (count(6)? as u32, count(7)? as u32);
        let mut starts = [0usize; SECTIONS + 1];
        for (i, start) in starts.iter_mut().enumerate() {
            *start = u32_at(bytes, 40 + 4 * i)? as usize;
        }
        let sized = |i: usize, len: usize| starts[i] + len == starts[i + 1];
        let packed = |n: usize, width: u32| (n * width as usize).div_ceil(8) + 8;
        let words64 = n_bigrams.div_ceil(64);
        let ok = starts[0] == 40 + 4 * (SECTIONS + 1)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts[SECTIONS] == bytes.len()
            && n_slots.is_power_of_two()
            && n_slots >= n_words
            && n_slots <= 1 << word_bits
            && (1..=25).contains(&word_bits)
            && (1..=32).contains(&ctx_bits)
            && n_words < 1 << word_bits
            && sized(0, 4 * n_slots)
            && sized(1, 4 * (n_words + 1))
            && sized(2, 8 * n_words)
            && sized(3, 4 * (n_words + 1))
            && sized(4, 4 * (3 << CODE_BITS))
            && sized(5, packed(n_bigrams, word_bits + 2 * CODE_BITS))
            && sized(6, 8 * words64)
            && sized(7, 4 * words64)
            && sized(8, packed(n_ctx + 1, ctx_bits))
            && sized(9, packed(n_trigrams, word_bits + CODE_BITS))
            && sized(10, 4 * (n_words + 1) + packed(n_links, word_bits));
        if !ok {
            return None;
        }
        let model = Model {
            bytes,
            n_words,
            n_bigrams,
            n_trigrams,
            word_bits,
            slots: starts[0],
            n_slots,
            offsets: starts[1],
            uni: starts[2],
            rows: starts[3],
            books: starts[4],
            bigrams: Bits {
                start: starts[5],
                width: word_bits + 2 * CODE_BITS,
            },
            has_tri: starts[6],
            rank: starts[7],
            ctx: Bits {
                start: starts[8],
                width: ctx_bits,
            },
            trigrams: Bits {
                start: starts[9],
                width: word_bits + CODE_BITS,
            },
            nb_rows: starts[10],
            nb: Bits {
                start: starts[10] + 4 * (n_words + 1),
                width: word_bits,
            },
            text: starts[11],
            pair_filter: &[],
            most_trigram: f32::NEG_INFINITY,
        };
        // The last row of each level ends where the next level says it
        // does, and the words end where the text does. (That the rows in
        // between ascend is checked by a test of the built-in file, not at
        // each start-up.)
        let fits = model.index(model.rows, n_words) == n_bigrams
            && model.packed(model.ctx, n_ctx) as usize == n_trigrams
            && model.index(model.nb_rows, n_words) == n_links
            && model.text + model.index(model.offsets, n_words) == bytes.len();
        let most_trigram = (0..1 << CODE_BITS)
            .map(|code| model.f32(model.books + 4 * ((2 << CODE_BITS) + code)))
            // (A code that is no number bounds nothing.)
            .map(|p| if p.is_nan() { f32::INFINITY } else { p })
            .fold(f32::NEG_INFINITY, f32::max);
        fits.then_some(Model {
            most_trigram,
            ..model
        })
    }

    fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.bytes[at..at + 4].try_into().expect("four bytes"))
    }

    fn f32(&self, at: usize) -> f32 {
        f32::from_bits(self.u32(at))
    }

    fn index(&self, table: usize, i: usize) -> usize {
        self.u32(table + 4 * i) as usize
    }

    /// The 64 bits from bit `bit` of `bits` on (the padding makes this safe
    /// for every entry).
    fn bits_at(&self, bits: Bits, entry: usize) -> u64 {
        let bit = entry * bits.width as usize;
        let at = bits.start + bit / 8;
        let word = u64::from_le_bytes(self.bytes[at..at + 8].try_into().expect("eight bytes"));
        word >> (bit % 8)
    }

    /// Entry `entry` of `bits`, all of its width.
    fn packed(&self, bits: Bits, entry: usize) -> u64 {
        self.bits_at(bits, entry) & ((1 << bits.width) - 1)
    }

    fn key(&self, bits: Bits, entry: usize) -> u32 {
        (self.bits_at(bits, entry) & ((1 << self.word_bits) - 1)) as u32
    }

    fn code(&self, bits: Bits, entry: usize, field: u32, book: usize) -> f32 {
        let code = (self.bits_at(bits, entry) >> (self.word_bits + field * CODE_BITS)) & 0xff;
        self.f32(self.books + 4 * ((book << CODE_BITS) + code as usize))
    }

    /// The key by which word `id` is found in a bigram row or under a
    /// context: its id times an odd constant, in the word bits (one to
    /// one). The ids are in order of frequency, so those of a row crowd at
    /// the small ids of the common words; their keys spread evenly.
    #[inline]
    fn search_key(&self, id: u32) -> u32 {
        id.wrapping_mul(SEARCH_KEY) & ((1 << self.word_bits) - 1)
    }

    /// The entry of `bits` in `lo..hi` (ascending keys) whose key is `key`.
    /// Search keys in a row spread evenly, so the search guesses where
    /// the key falls between the keys at the ends (as pocketsphinx's
    /// `uniform_find` does): [`GUESSES`] guesses in a row, which find most
    /// keys, then a halving step after each guess, so that an uneven row
    /// costs no more than those guesses and twice a binary search.
    fn find(&self, bits: Bits, lo: usize, hi: usize, key: u32) -> Option<usize> {
        if lo >= hi {
            return None;
        }
        let (mut lo, mut hi) = (lo, hi - 1);
        let (mut lo_key, mut hi_key) = (self.key(bits, lo), self.key(bits, hi));
        let mut step = 0u32;
        loop {
            if key == lo_key {
                return Some(lo);
            }
            if key == hi_key {
                return Some(hi);
            }
            // Here lo_key < key < hi_key is needed, with an entry between.
            if key < lo_key || key > hi_key || hi - lo < 2 {
                return None;
            }
            let span = (hi - lo - 1) as u64;
            let at = if step < GUESSES || step.is_multiple_of(2) {
                let off = u64::from(key - lo_key) * span / u64::from(hi_key - lo_key);
                lo + 1 + off.min(span - 1) as usize
            } else {
                lo + (hi - lo) / 2
            };
            step += 1;
            let at_key = self.key(bits, at);
            match at_key.cmp(&key) {
                std::cmp::Ordering::Less => (lo, lo_key) = (at, at_key),
                std::cmp::Ordering::Greater => (hi, hi_key) = (at, at_key),
                std::cmp::Ordering::Equal => return Some(at),
            }
        }
    }

    /// The `i`th word of the vocabulary, as bytes.
    fn word_bytes(&self, i: u32) -> &'static [u8] {
        let bytes: &'static [u8] = self.bytes;
        let i = i as usize;
        &bytes[self.text + self.index(self.offsets, i)..self.text + self.index(self.offsets, i + 1)]
    }

    /// The `i`th word of the vocabulary.
    #[inline]
    pub fn word(&self, i: u32) -> &'static str {
        std::str::from_utf8(self.word_bytes(i)).unwrap_or("")
    }

    /// The id of `word` (in any ASCII case), if the model knows it.
    pub fn id(&self, word: &str) -> Option<u32> {
        self.id_by_key(word_key(word.as_bytes()), word.as_bytes())
    }

    /// The id of `word`, whose `word_key` is `key`: the slot of that key
    /// and, nearly always, one comparison of spellings. A slot holds the
    /// key's top bits above the word's id + 1 (its place says the low
    /// bits), four bytes: the table is half the size it was with the key
    /// and the id apart.
    pub fn id_by_key(&self, key: u32, word: &[u8]) -> Option<u32> {
        let mask = self.n_slots - 1;
        let ids = (1u32 << self.word_bits) - 1;
        let mut at = key as usize & mask;
        loop {
            let slot = self.u32(self.slots + 4 * at);
            if slot == 0 {
                return None;
            }
            if slot & !ids == key & !ids
                && self.word_bytes((slot & ids) - 1).eq_ignore_ascii_case(word)
            {
                return Some((slot & ids) - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether word `id` of the vocabulary is `word` in some ASCII case
    /// (`false` for an id past the vocabulary, `score::BREAK` among them).
    pub fn is_word(&self, id: u32, word: &[u8]) -> bool {
        (id as usize) < self.n_words && self.word_bytes(id).eq_ignore_ascii_case(word)
    }

    /// The ids of the sentence marks `<s>` and `</s>`.
    pub fn marks(&self) -> (u32, u32) {
        static MARKS: OnceLock<(u32, u32)> = OnceLock::new();
        *MARKS.get_or_init(|| (self.id("<s>").unwrap_or(0), self.id("</s>").unwrap_or(0)))
    }

    /// log10 P(word).
    pub fn unigram(&self, id: u32) -> f32 {
        self.f32(self.uni + 4 * id as usize)
    }

    /// log10 backoff weight of a word as a history.
    pub fn unigram_backoff(&self, id: u32) -> f32 {
        self.f32(self.uni + 4 * (self.n_words + id as usize))
    }

    /// The bigram `h w`, if the model has it: in the row of `w`, by `h`.
    pub fn bigram(&self, h: u32, w: u32) -> Option<usize> {
        self.with_lookups(|l| l.bigram(h, w))
    }

    /// Runs `f` with this thread's cache of look-ups borrowed once: a rule
    /// that makes thousands of look-ups in a document reaches for it once.
    pub(crate) fn with_lookups<R>(&self, f: impl FnOnce(&mut Lookups) -> R) -> R {
        recent::with(self, f)
    }

    /// [`Model::bigram`] without the cache: a search in the row of `w`.
    fn search_bigram(&self, h: u32, w: u32) -> Option<usize> {
        let lo = self.index(self.rows, w as usize);
        let hi = self.index(self.rows, w as usize + 1);
        self.find(self.bigrams, lo, hi, self.search_key(h))
    }

    /// [`Model::search_bigram`], but `None` without the search where the
    /// filter of the model's bigrams says the model certainly has no such
    /// pair (the same answers: every bigram of the model sets its bits).
    /// Most pairs searched for past the thread's cache are not in the
    /// model (an alternative beside a word of the text), and a test of the
    /// filter reads one word where a search reads some of a row; the cache
    /// alone uses it (see `recent`), so that one article's check, made
    /// before the cache is, reads none of its megabyte.
    fn filtered_bigram(&self, h: u32, w: u32) -> Option<usize> {
        let key = self.search_key(h);
        if !self.may_have_bigram(key, w) {
            return None;
        }
        let lo = self.index(self.rows, w as usize);
        let hi = self.index(self.rows, w as usize + 1);
        self.find(self.bigrams, lo, hi, key)
    }

    /// Whether the filter of the model's bigrams lets the bigram of the
    /// word whose search key is `key` and word `w` through: `false` only
    /// for a pair the model certainly lacks (always `true` with no filter).
    #[inline]
    fn may_have_bigram(&self, key: u32, w: u32) -> bool {
        if self.pair_filter.is_empty() {
            return true;
        }
        let (at, bits) = pair_filter_bits(key, w);
        let word = self.pair_filter[8 * at..][..8]
            .try_into()
            .map(u64::from_le_bytes)
            .expect("eight bytes");
        word & bits == bits
    }

    /// The trigrams under bigram `b`: a rank in the bit vector of bigrams
    /// that have any.
    fn trigram_range(&self, b: usize) -> Option<(usize, usize)> {
        let word = u64::from_le_bytes(
            self.bytes[self.has_tri + 8 * (b / 64)..][..8]
                .try_into()
                .expect("eight bytes"),
        );
        if word >> (b % 64) & 1 == 0 {
            return None;
        }
        let below = word & ((1u64 << (b % 64)) - 1);
        let k = self.index(self.rank, b / 64) + below.count_ones() as usize;
        Some((
            self.packed(self.ctx, k) as usize,
            self.packed(self.ctx, k + 1) as usize,
        ))
    }

    /// log10 P(w | h) of bigram `b` (`h w`).
    pub fn bigram_prob(&self, b: usize) -> f32 {
        self.code(self.bigrams, b, 0, 0)
    }

    /// log10 backoff weight of bigram `b` as a history.
    pub fn bigram_backoff(&self, b: usize) -> f32 {
        self.code(self.bigrams, b, 1, 1)
    }

    /// log10 P(w | h2 h) of the trigram `h2 h w` under bigram `b` (`h w`),
    /// if the model has it.
    /// Bigrams with no trigram under them are answered by their bit alone;
    /// the rest through the thread's cache.
    pub fn trigram_prob(&self, b: usize, h2: u32) -> Option<f32> {
        self.with_lookups(|l| l.trigram_prob(b, h2))
    }

    /// [`Model::trigram_prob`] without the cache: a search under `b`.
    fn search_trigram(&self, b: usize, h2: u32) -> Option<f32> {
        let (lo, hi) = self.trigram_range(b)?;
        let t = self.find(self.trigrams, lo, hi, self.search_key(h2))?;
        Some(self.code(self.trigrams, t, 0, 2))
    }

    /// No trigram's log10 probability is above this (what
    /// [`Model::trigram_prob`] answers is one of the file's trigram codes).
    pub(crate) fn most_trigram_prob(&self) -> f32 {
        self.most_trigram
    }

    /// Whether bigram `b` has any trigram under it.
    fn has_trigrams(&self, b: usize) -> bool {
        self.bytes[self.has_tri + 8 * (b / 64) + (b % 64) / 8] >> (b % 8) & 1 == 1
    }

    /// log10 P(w | h2 h1), `h1` the word just before `w`; with backoff
    /// where the model has no trigram or bigram.
    #[cfg(test)]
    pub fn prob(&self, w: u32, h1: Option<u32>, h2: Option<u32>) -> f32 {
        self.prob_seen(w, h1, h2).0
    }

    /// [`Model::prob`], and whether the model has seen `w` after `h1`
    /// (what the scoring window computes with shared look-ups; kept as the
    /// tests' reference)
    /// (the bigram, or the trigram): `false` when the probability is the
    /// word's bare frequency scaled by a backoff weight.
    #[cfg(test)]
    pub fn prob_seen(&self, w: u32, h1: Option<u32>, h2: Option<u32>) -> (f32, bool) {
        let Some(h1) = h1 else {
            return (self.unigram(w), false);
        };
        let bigram = self.bigram(h1, w);
        if let (Some(h2), Some(b)) = (h2, bigram)
            && let Some(p) = self.trigram_prob(b, h2)
        {
            return (p, true);
        }
        // Backoff of the history `h2 h1`: 1 (log 0) if the model lacks it.
        let backoff = h2
            .and_then(|h2| self.bigram(h2, h1))
            .map_or(0.0, |c| self.bigram_backoff(c));
        match bigram {
            Some(b) => (backoff + self.bigram_prob(b), true),
            None => (backoff + self.unigram_backoff(h1) + self.unigram(w), false),
        }
    }

    /// The words one edit from word `id` (a letter added, dropped or
    /// changed, or two neighbours swapped), of ASCII letters both, in the
    /// bytewise order of their spellings.
    pub fn neighbours(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let lo = self.index(self.nb_rows, id as usize);
        let hi = self.index(self.nb_rows, id as usize + 1);
        (lo..hi).map(|i| self.key(self.nb, i))
    }

    /// Words, bigrams and trigrams in the model.
    pub fn size(&self) -> (usize, usize, usize) {
        (self.n_words, self.n_bigrams, self.n_trigrams)
    }
}

#[cfg(test)]
mod tests;
