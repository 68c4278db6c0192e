//! The context model: word and bigram counts of English (from Google Books
//! Ngram data, by way of symspellpy), read in place from bytes built into the
//! binary. Nothing is parsed at start-up: a look-up is a binary search over
//! the sorted tables. `scripts/build-context-model.py` writes the file and
//! documents its layout.

use std::sync::OnceLock;

use crate::rules::fnv::fnv1a;

static BYTES: &[u8] = include_bytes!("../../../rules/model/en-bigrams.bin");
const MAGIC: &[u8; 8] = b"GLYLM\x00\x00\x02";

/// Unigram and bigram log counts over a fixed vocabulary.
pub struct Model {
    bytes: &'static [u8],
    n_words: usize,
    n_pairs: usize,
    n_slots: usize,
    log_total: f32,
    log_floor: f32,
    slots: usize,
    offsets: usize,
    rows: usize,
    word_logc: usize,
    right: usize,
    pair_logc: usize,
    text: usize,
}

/// The built-in model, checked once on first use.
pub fn english() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::new(BYTES).expect("the built-in context model is well formed"))
}

impl Model {
    /// Reads the header of `bytes` and checks that the tables it declares
    /// fit; `None` if they do not.
    pub fn new(bytes: &'static [u8]) -> Option<Model> {
        if bytes.get(..8)? != MAGIC {
            return None;
        }
        let u32_at = |at: usize| -> Option<u32> {
            Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
        };
        let n_words = u32_at(8)? as usize;
        let n_pairs = u32_at(12)? as usize;
        let n_slots = u32_at(24)? as usize;
        if !n_slots.is_power_of_two() || n_slots <= n_words {
            return None;
        }
        let slots = 32;
        let offsets = slots + 4 * n_slots;
        let rows = offsets + 4 * (n_words + 1);
        let word_logc = rows + 4 * (n_words + 1);
        let right = word_logc + 4 * n_words;
        let pair_logc = right + 4 * n_pairs;
        let text = pair_logc + 4 * n_pairs;
        let model = Model {
            bytes,
            n_words,
            n_pairs,
            n_slots,
            log_total: f32::from_bits(u32_at(16)?),
            log_floor: f32::from_bits(u32_at(20)?),
            slots,
            offsets,
            rows,
            word_logc,
            right,
            pair_logc,
            text,
        };
        // The tables end where the text begins, and the text where the
        // bytes do; the last row ends at the last bigram.
        let fits = text <= bytes.len()
            && text + model.u32(offsets + 4 * n_words) as usize == bytes.len()
            && model.u32(rows + 4 * n_words) as usize == n_pairs;
        fits.then_some(model)
    }

    fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.bytes[at..at + 4].try_into().expect("four bytes"))
    }

    fn index(&self, table: usize, i: usize) -> usize {
        self.u32(table + 4 * i) as usize
    }

    /// The `i`th word of the vocabulary.
    fn word(&self, i: usize) -> &'static [u8] {
        let bytes: &'static [u8] = self.bytes;
        &bytes[self.text + self.index(self.offsets, i)..self.text + self.index(self.offsets, i + 1)]
    }

    /// The id of `word` (lowercase), if the model knows it: one hash and,
    /// nearly always, one comparison.
    pub fn id(&self, word: &str) -> Option<u32> {
        let mask = self.n_slots - 1;
        let mut at = fnv1a(word.as_bytes()) as usize & mask;
        loop {
            let slot = self.index(self.slots, at);
            if slot == 0 {
                return None;
            }
            if self.word(slot - 1) == word.as_bytes() {
                return Some(slot as u32 - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// ln(count) of a word.
    pub fn log_count(&self, id: u32) -> f32 {
        f32::from_bits(self.u32(self.word_logc + 4 * id as usize))
    }

    /// ln(P(word)): its share of all words counted.
    pub fn log_prob(&self, id: u32) -> f32 {
        self.log_count(id) - self.log_total
    }

    /// ln(count) of the bigram `a b`, if it is among those kept: a binary
    /// search in the row of `a`.
    pub fn log_pair(&self, a: u32, b: u32) -> Option<f32> {
        let (mut lo, mut hi) = (
            self.index(self.rows, a as usize),
            self.index(self.rows, a as usize + 1),
        );
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.u32(self.right + 4 * mid).cmp(&b) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Some(f32::from_bits(self.u32(self.pair_logc + 4 * mid)));
                }
            }
        }
        None
    }

    /// ln of the most an unkept bigram can have been counted: the list keeps
    /// every bigram seen more often than this.
    pub fn log_floor(&self) -> f32 {
        self.log_floor
    }

    /// Words and bigrams in the model.
    pub fn size(&self) -> (usize, usize) {
        (self.n_words, self.n_pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_model_reads_in_place() {
        let m = english();
        let (words, pairs) = m.size();
        assert!(
            words > 80_000 && pairs > 200_000,
            "{words} words, {pairs} bigrams"
        );
        let of = m.id("of").expect("a common word");
        let the = m.id("the").expect("a common word");
        assert!(m.id("qqqxz").is_none());
        // Every word is found by its hash at its own id.
        for i in (0..words).step_by(97) {
            let w = std::str::from_utf8(m.word(i)).unwrap();
            assert_eq!(m.id(w), Some(i as u32), "{w}");
        }
        assert!(m.log_pair(of, the).is_some());
        let zebra = m.id("zebra").expect("a word");
        assert!(m.log_pair(zebra, zebra).is_none());
        assert!(m.log_pair(of, the) > m.log_pair(the, of));
        // A bigram is counted no more often than its first word.
        assert!(m.log_pair(of, the).unwrap() < m.log_count(of));
        assert!(m.log_prob(the) < 0.0 && m.log_prob(the) > m.log_prob(of) - 5.0);
    }

    #[test]
    fn truncated_or_foreign_bytes_are_refused() {
        assert!(Model::new(&BYTES[..BYTES.len() - 1]).is_none());
        assert!(Model::new(b"not a model at all").is_none());
    }
}
