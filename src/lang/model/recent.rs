//! A small cache of the model's bigram and trigram look-ups on each
//! thread: a run over many articles searches for the same common pairs
//! ("of the", "said the") and triples ("one of the") again and again, each
//! search a few reads far apart in a table of megabytes, and the context
//! rules score the same sentences one after another. A thread starts using
//! it only after some thousands of look-ups, so a run on one article does
//! not pay for the tables.

use std::cell::RefCell;

use super::Model;

/// Look-ups on a thread before its cache is made: about twice what the
/// check of one long article makes (1,960 for the seed example).
const WARM_UP: u32 = 4_000;
/// Entries of the bigram cache (direct-mapped): 384 KiB.
const SLOTS: usize = 1 << 15;
/// Entries of the trigram cache (direct-mapped): 96 KiB. Half the
/// entries it had, to make room for the filter of the model's bigrams
/// (see `Model::filtered_bigram`), which a long document reads all of.
const TRI_SLOTS: usize = 1 << 13;
/// No pair: model ids are below 2^25, so no key is this.
const EMPTY: u64 = u64::MAX;
/// The model has no such bigram or trigram.
const ABSENT: u32 = u32::MAX;

struct Recent {
    /// The model the cached answers are of (its bytes' address).
    model: usize,
    /// (key, value) side by side: a look-up reads one place of the table.
    bigrams: Box<[Entry; SLOTS]>,
    /// The same for trigrams: the key is the bigram and the word before
    /// it, the value the trigram's probability's bits.
    trigrams: Box<[Entry; TRI_SLOTS]>,
}

/// A key and its value, 12 bytes: as a tuple, the `u64`'s alignment
/// padded it to 16, a third more. (On x86-64 a key read from a 4-byte
/// boundary is the same one instruction; one entry in eight straddles
/// two cache lines.)
#[derive(Clone, Copy, Debug)]
#[repr(C, packed(4))]
struct Entry {
    key: u64,
    value: u32,
}

/// An empty entry.
const NO_ENTRY: Entry = Entry {
    key: EMPTY,
    value: ABSENT,
};

thread_local! {
    static RECENT: RefCell<(u32, Option<Recent>)> = const { RefCell::new((0, None)) };
}

/// The slot of `key` in a table of `2^bits` entries: Fibonacci hashing,
/// the high bits of the product.
#[inline]
fn slot(key: u64, bits: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// The answer for `key` in `table`: `read` of the value kept there or,
/// when none is, the answer of `find`, whose value (if any) is then kept.
fn probe<T>(
    table: &mut [Entry],
    key: u64,
    read: impl FnOnce(u32) -> T,
    find: impl FnOnce() -> (T, Option<u32>),
) -> T {
    let entry = &mut table[slot(key, table.len().trailing_zeros())];
    if { entry.key } == key {
        return read(entry.value);
    }
    let (found, value) = find();
    if let Some(value) = value {
        *entry = Entry { key, value };
    }
    found
}

/// This thread's cache, borrowed once for a run of look-ups (a rule's
/// check of a document), with the model it answers for: each look-up then
/// reads the table without reaching for the thread's cache again. When the
/// cache is already borrowed (a look-up made inside such a run through
/// [`Model::bigram`]), the look-ups search the model, uncached.
pub(crate) struct Lookups<'a> {
    model: &'a Model,
    /// The model's bytes' address, which the cache's must be.
    address: usize,
    cache: Option<&'a mut (u32, Option<Recent>)>,
}

impl std::ops::Deref for Lookups<'_> {
    type Target = Model;

    fn deref(&self) -> &Model {
        self.model
    }
}

/// Runs `f` with this thread's cache of `model`'s look-ups.
pub(super) fn with<R>(model: &Model, f: impl FnOnce(&mut Lookups) -> R) -> R {
    RECENT.with(|cell| match cell.try_borrow_mut() {
        Ok(mut cache) => f(&mut Lookups {
            model,
            address: model.bytes.as_ptr() as usize,
            cache: Some(&mut *cache),
        }),
        Err(_) => f(&mut Lookups {
            model,
            address: model.bytes.as_ptr() as usize,
            cache: None,
        }),
    })
}

impl Lookups<'_> {
    /// The cache, if made, of this model; counts a look-up towards making
    /// it when not.
    fn recent(&mut self, count: bool) -> Option<&mut Recent> {
        let model = self.address;
        let (n, recent) = self.cache.as_deref_mut()?;
        if recent.as_ref().is_some_and(|r| r.model == model) {
            return recent.as_mut();
        }
        if count {
            *n += 1;
            if *n >= WARM_UP {
                *recent = Some(Recent {
                    model,
                    bigrams: vec![NO_ENTRY; SLOTS]
                        .into_boxed_slice()
                        .try_into()
                        .expect("SLOTS entries"),
                    trigrams: vec![NO_ENTRY; TRI_SLOTS]
                        .into_boxed_slice()
                        .try_into()
                        .expect("TRI_SLOTS entries"),
                });
                *n = 0;
            }
        }
        None
    }

    /// The cached value of `key` in the bigram or (`trigram`) the trigram
    /// table, if the cache is made and holds it: the answer of most
    /// look-ups, found inline.
    #[inline]
    fn kept(&mut self, key: u64, trigram: bool) -> Option<u32> {
        let address = self.address;
        let (_, Some(recent)) = self.cache.as_deref_mut()? else {
            return None;
        };
        if recent.model != address {
            return None;
        }
        let entry = if trigram {
            recent.trigrams[slot(key, TRI_SLOTS.trailing_zeros())]
        } else {
            recent.bigrams[slot(key, SLOTS.trailing_zeros())]
        };
        ({ entry.key } == key).then_some(entry.value)
    }

    /// The bigram `h w`, if the model has it (see [`Model::bigram`]), from
    /// the cache or, when not there, by a search (and then kept).
    #[inline]
    pub(crate) fn bigram(&mut self, h: u32, w: u32) -> Option<usize> {
        let key = u64::from(h) << 32 | u64::from(w);
        match self.kept(key, false) {
            Some(b) => (b != ABSENT).then_some(b as usize),
            None => self.bigram_searched(h, w),
        }
    }

    /// [`Lookups::bigram`] of a pair not in the cache.
    #[cold]
    #[inline(never)]
    fn bigram_searched(&mut self, h: u32, w: u32) -> Option<usize> {
        let model = self.model;
        let Some(recent) = self.recent(true) else {
            return model.search_bigram(h, w);
        };
        let key = u64::from(h) << 32 | u64::from(w);
        probe(
            &mut recent.bigrams[..],
            key,
            |b| (b != ABSENT).then_some(b as usize),
            || {
                let found = model.filtered_bigram(h, w);
                // A bigram past `ABSENT` (none in a model of this size) is
                // not kept.
                let value = match found {
                    None => Some(ABSENT),
                    Some(b) => u32::try_from(b).ok().filter(|&b| b != ABSENT),
                };
                (found, value)
            },
        )
    }

    /// log10 P(w | h2 h) of the trigram under bigram `b` (`h w`), if the
    /// model has it (see [`Model::trigram_prob`]): bigrams with no trigram
    /// under them are answered by their bit alone; the rest from the cache
    /// or, when not there, by a search (and then kept). Until the cache is
    /// made (by bigram look-ups), the search answers.
    #[inline]
    pub(crate) fn trigram_prob(&mut self, b: usize, h2: u32) -> Option<f32> {
        if !self.model.has_trigrams(b) {
            return None;
        }
        let kept = u32::try_from(b)
            .ok()
            .and_then(|b| self.kept(u64::from(b) << 32 | u64::from(h2), true));
        match kept {
            Some(p) => (p != ABSENT).then(|| f32::from_bits(p)),
            None => self.trigram_searched(b, h2),
        }
    }

    /// [`Lookups::trigram_prob`] of a triple not in the cache, under a
    /// bigram that has trigrams.
    #[cold]
    #[inline(never)]
    fn trigram_searched(&mut self, b: usize, h2: u32) -> Option<f32> {
        let model = self.model;
        let (Ok(b32), Some(recent)) = (u32::try_from(b), self.recent(false)) else {
            return model.search_trigram(b, h2);
        };
        let key = u64::from(b32) << 32 | u64::from(h2);
        probe(
            &mut recent.trigrams[..],
            key,
            |p| (p != ABSENT).then(|| f32::from_bits(p)),
            || {
                let found = model.search_trigram(b, h2);
                // A probability whose bits are `ABSENT` (a NaN, which no
                // model holds) is not kept.
                let value = match found {
                    None => Some(ABSENT),
                    Some(p) => Some(p.to_bits()).filter(|&p| p != ABSENT),
                };
                (found, value)
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::english;
    use super::*;

    /// The model ids of `words`.
    fn ids(words: &[&str]) -> Vec<u32> {
        words.iter().map(|w| english().id(w).unwrap()).collect()
    }

    /// A fixed pseudo-random walk over the vocabulary from `seed`.
    fn walk(seed: u64) -> impl FnMut() -> u32 {
        let (words, _, _) = english().size();
        let mut x = seed;
        move || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 33) as u32 % words as u32
        }
    }

    /// Past the warm-up, answers come from the cache (pairs met again,
    /// pairs whose slot another took since, pairs the model lacks) and are
    /// the answers of the search.
    #[test]
    fn cached_answers_are_the_answers_of_the_search() {
        let m = english();
        let common = ids(&["the", "of", "said", "a", "in", "council", "year", "to"]);
        let mut next = walk(7);
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for &h in &common {
            for &w in &common {
                pairs.push((h, w));
            }
        }
        pairs.extend((0..SLOTS as u32 * 2).map(|_| (next(), next())));
        let cached = || RECENT.with(|c| c.borrow().1.is_some());
        let (mut found, mut rounds) = (0, 0);
        while rounds < 3 {
            for &(h, w) in &pairs {
                let b = m.bigram(h, w);
                assert_eq!(b, m.search_bigram(h, w), "{h} {w}");
                found += usize::from(b.is_some());
            }
            rounds += usize::from(cached());
        }
        assert!(found > 100, "{found}");
    }

    /// Past the warm-up, trigram answers come from the cache (triples met
    /// again, triples the model lacks, bigrams with no trigram) and are
    /// the answers of the search.
    #[test]
    fn cached_trigrams_are_the_answers_of_the_search() {
        let m = english();
        let common = ids(&[
            "one", "of", "the", "said", "a", "in", "on", "to", "year", "last",
        ]);
        let mut next = walk(11);
        let mut triples: Vec<(u32, u32, u32)> = Vec::new();
        for &a in &common {
            for &b in &common {
                for &c in &common {
                    triples.push((a, b, c));
                }
            }
        }
        triples.extend((0..TRI_SLOTS as u32 * 2).map(|_| (next(), common[0], next())));
        let kept = || {
            RECENT.with(|c| {
                c.borrow().1.as_ref().map_or(0, |r| {
                    r.trigrams.iter().filter(|e| { e.key } != EMPTY).count()
                })
            })
        };
        let (mut found, mut rounds) = (0, 0);
        while rounds < 3 {
            for &(h2, h, w) in &triples {
                let Some(b) = m.bigram(h, w) else { continue };
                assert_eq!(m.has_trigrams(b), m.trigram_range(b).is_some(), "{b}");
                let p = m.trigram_prob(b, h2);
                assert_eq!(p, m.search_trigram(b, h2), "{h2} {h} {w}");
                found += usize::from(p.is_some());
            }
            rounds += usize::from(kept() > 0);
        }
        assert!(found > 100, "{found}");
        assert!(kept() > 100, "{}", kept());
    }

    /// Through one handle held for thousands of look-ups, as a rule holds
    /// it over a document, answers are the search's, before the cache is
    /// made, while it fills and once full; and a look-up made while the
    /// handle is held (the cache taken) still gets the search's answer.
    #[test]
    fn a_held_handle_answers_as_the_search() {
        let m = english();
        let common = ids(&["the", "of", "said", "a", "in", "one", "year", "to"]);
        let mut next = walk(13);
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for _ in 0..3 * WARM_UP {
            let (a, b) = (next(), next());
            pairs.push((common[a as usize % common.len()], b));
            pairs.push((a, common[b as usize % common.len()]));
        }
        let (mut bigrams, mut trigrams) = (0, 0);
        m.with_lookups(|l| {
            for round in 0..2 {
                for &(h, w) in &pairs {
                    let b = l.bigram(h, w);
                    assert_eq!(b, m.search_bigram(h, w), "{round}: {h} {w}");
                    let Some(b) = b else { continue };
                    bigrams += 1;
                    for &h2 in &common {
                        let p = l.trigram_prob(b, h2);
                        assert_eq!(p, m.search_trigram(b, h2), "{round}: {h2} {h} {w}");
                        trigrams += usize::from(p.is_some());
                    }
                    // The cache is taken: the model searches.
                    assert_eq!(m.bigram(h, w), Some(b));
                }
            }
            assert!(l.recent(false).is_some(), "the cache was never made");
        });
        assert!(bigrams > 1000 && trigrams > 100, "{bigrams} {trigrams}");
    }
}
