//! Word look-ups of the `context` kind: a bit test that turns most words
//! away, a small hash index of a rule's members, and the one-edit
//! neighbours of a word for the general detector.

use super::model::Model;
use crate::rules::fnv::fnv1a;

/// A set of (first two letters, length) of lowercase ASCII words of 2 to 31
/// letters, as bits.
pub(super) struct Shapes(Vec<u32>);

impl Default for Shapes {
    fn default() -> Self {
        Shapes(vec![0; 27 * 27])
    }
}

impl Shapes {
    fn slot(word: &[u8]) -> Option<(usize, u32)> {
        let letter = |b: u8| match b.to_ascii_lowercase() {
            c @ b'a'..=b'z' => Some(usize::from(c - b'a')),
            b'\'' => Some(26),
            _ => None,
        };
        if !(2..32).contains(&word.len()) {
            return None;
        }
        Some((letter(word[0])? * 27 + letter(word[1])?, 1 << word.len()))
    }

    pub(super) fn insert(&mut self, word: &[u8]) {
        if let Some((at, bit)) = Self::slot(word) {
            self.0[at] |= bit;
        }
    }

    pub(super) fn may_contain(&self, word: &[u8]) -> bool {
        Self::slot(word).is_some_and(|(at, bit)| self.0[at] & bit != 0)
    }
}

/// An open-addressing hash table from a word to its index in a list: one
/// hash and nearly always one comparison, in a table small enough to stay
/// in cache.
pub(super) struct WordIndex {
    slots: Vec<u32>,
    mask: usize,
}

impl WordIndex {
    pub(super) fn new<'w>(words: impl ExactSizeIterator<Item = &'w [u8]>) -> Self {
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut index = WordIndex {
            slots: vec![0; size],
            mask: size - 1,
        };
        for (i, word) in words.enumerate() {
            let mut at = fnv1a(word) as usize & index.mask;
            while index.slots[at] != 0 {
                at = (at + 1) & index.mask;
            }
            index.slots[at] = i as u32 + 1;
        }
        index
    }

    /// The index of `word`; `spelling(i)` gives the word at index `i`.
    pub(super) fn get<'a>(
        &self,
        word: &[u8],
        spelling: impl Fn(usize) -> &'a [u8],
    ) -> Option<usize> {
        let mut at = fnv1a(word) as usize & self.mask;
        loop {
            let slot = self.slots[at] as usize;
            if slot == 0 {
                return None;
            }
            if spelling(slot - 1) == word {
                return Some(slot - 1);
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// The words of the model, seen at least e^`floor` times, one edit from
/// `word` (a letter added, dropped or changed, or two neighbours swapped),
/// less its inflections (sign/signs/signed/signing/signer).
pub(super) fn neighbours_of(m: &Model, word: &str, floor: f32) -> Vec<(String, u32)> {
    let bytes = word.as_bytes();
    let mut out: Vec<(String, u32)> = Vec::new();
    let mut consider = |candidate: Vec<u8>| {
        let Ok(c) = String::from_utf8(candidate) else {
            return;
        };
        if c == word || c.len() < 2 || inflection(word, &c) || out.iter().any(|(o, _)| *o == c) {
            return;
        }
        if let Some(id) = m.id(&c).filter(|&id| m.log_count(id) >= floor) {
            out.push((c, id));
        }
    };
    for i in 0..=bytes.len() {
        let (head, tail) = bytes.split_at(i);
        if let Some((_, rest)) = tail.split_first() {
            consider([head, rest].concat());
            for b in b'a'..=b'z' {
                consider([head, &[b], rest].concat());
            }
        }
        if tail.len() > 1 {
            consider([head, &[tail[1], tail[0]], &tail[2..]].concat());
        }
        for b in b'a'..=b'z' {
            consider([head, &[b], tail].concat());
        }
    }
    out
}

/// Whether one of two words is the other with an inflectional or
/// derivational ending: a slip between them is grammar, not spelling.
pub(super) fn inflection(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short).is_some_and(|end| {
        [
            "s", "es", "d", "ed", "ing", "er", "ers", "ly", "r", "y", "n", "e", "st",
        ]
        .contains(&end)
    }) || short.strip_suffix('y').is_some_and(|stem| {
        long.strip_prefix(stem)
            .is_some_and(|end| ["ies", "ied"].contains(&end))
    })
}
