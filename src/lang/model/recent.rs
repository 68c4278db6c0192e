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
/// Entries of the bigram cache (direct-mapped): 512 KiB.
const SLOTS: usize = 1 << 15;
/// Entries of the trigram cache (direct-mapped): 256 KiB.
const TRI_SLOTS: usize = 1 << 14;
/// No pair: model ids are below 2^25, so no key is this.
const EMPTY: u64 = u64::MAX;
/// The model has no such bigram or trigram.
const ABSENT: u32 = u32::MAX;

struct Recent {
    /// The model the cached answers are of (its bytes' address).
    model: usize,
    /// (key, value) side by side: a look-up reads one place of the table.
    bigrams: Box<[(u64, u32)]>,
    /// The same for trigrams: the key is the bigram and the word before
    /// it, the value the trigram's probability's bits.
    trigrams: Box<[(u64, u32)]>,
}

thread_local! {
    static RECENT: RefCell<(u32, Option<Recent>)> = const { RefCell::new((0, None)) };
}

/// The answer for `key` in `table`: `read` of the value kept there or,
/// when none is, the answer of `find`, whose value (if any) is then kept.
fn probe<T>(
    table: &mut [(u64, u32)],
    key: u64,
    read: impl FnOnce(u32) -> T,
    find: impl FnOnce() -> (T, Option<u32>),
) -> T {
    // Fibonacci hashing: the high bits of the product.
    let bits = table.len().trailing_zeros();
    let slot = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize;
    let entry = &mut table[slot];
    if entry.0 == key {
        return read(entry.1);
    }
    let (found, value) = find();
    if let Some(value) = value {
        *entry = (key, value);
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
            cache: Some(&mut *cache),
        }),
        Err(_) => f(&mut Lookups { model, cache: None }),
    })
}

impl Lookups<'_> {
    /// The cache, if made, of this model; counts a look-up towards making
    /// it when not.
    fn recent(&mut self, count: bool) -> Option<&mut Recent> {
        let model = self.model.bytes.as_ptr() as usize;
        let (n, recent) = self.cache.as_deref_mut()?;
        if recent.as_ref().is_some_and(|r| r.model == model) {
            return recent.as_mut();
        }
        if count {
            *n += 1;
            if *n >= WARM_UP {
                *recent = Some(Recent {
                    model,
                    bigrams: vec![(EMPTY, ABSENT); SLOTS].into_boxed_slice(),
                    trigrams: vec![(EMPTY, ABSENT); TRI_SLOTS].into_boxed_slice(),
                });
                *n = 0;
            }
        }
        None
    }

    /// The bigram `h w`, if the model has it (see [`Model::bigram`]), from
    /// the cache or, when not there, by a search (and then kept).
    pub(crate) fn bigram(&mut self, h: u32, w: u32) -> Option<usize> {
        let model = self.model;
        let Some(recent) = self.recent(true) else {
            return model.search_bigram(h, w);
        };
        let key = u64::from(h) << 32 | u64::from(w);
        probe(
            &mut recent.bigrams,
            key,
            |b| (b != ABSENT).then_some(b as usize),
            || {
                let found = model.search_bigram(h, w);
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
    pub(crate) fn trigram_prob(&mut self, b: usize, h2: u32) -> Option<f32> {
        let model = self.model;
        if !model.has_trigrams(b) {
            return None;
        }
        let (Ok(b32), Some(recent)) = (u32::try_from(b), self.recent(false)) else {
            return model.search_trigram(b, h2);
        };
        let key = u64::from(b32) << 32 | u64::from(h2);
        probe(
            &mut recent.trigrams,
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

    /// Past the warm-up, answers come from the cache (pairs met again,
    /// pairs whose slot another took since, pairs the model lacks) and are
    /// the answers of the search.
    #[test]
    fn cached_answers_are_the_answers_of_the_search() {
        let m = english();
        let common: Vec<u32> = ["the", "of", "said", "a", "in", "council", "year", "to"]
            .iter()
            .map(|w| m.id(w).unwrap())
            .collect();
        let (words, _, _) = m.size();
        // A fixed pseudo-random walk over the vocabulary.
        let mut x: u64 = 7;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 33) as u32 % words as u32
        };
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
        let common: Vec<u32> = [
            "one", "of", "the", "said", "a", "in", "on", "to", "year", "last",
        ]
        .iter()
        .map(|w| m.id(w).unwrap())
        .collect();
        let (words, _, _) = m.size();
        let mut x: u64 = 11;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 33) as u32 % words as u32
        };
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
                c.borrow()
                    .1
                    .as_ref()
                    .map_or(0, |r| r.trigrams.iter().filter(|e| e.0 != EMPTY).count())
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
}
