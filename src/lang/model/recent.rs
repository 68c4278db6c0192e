//! A small cache of the model's bigram look-ups on each thread: a run over
//! many articles searches for the same common pairs ("of the", "said
//! the") again and again, each search a few reads far apart in a table of
//! megabytes. A thread starts using it only after some thousands of
//! look-ups, so a run on one article does not pay for the table.

use std::cell::RefCell;

/// Look-ups on a thread before its cache is made.
const WARM_UP: u32 = 20_000;
/// Entries of the cache (direct-mapped): 512 KiB.
const SLOTS: usize = 1 << 15;
/// No pair: model ids are below 2^25, so no key is this.
const EMPTY: u64 = u64::MAX;
/// The model has no such bigram.
const ABSENT: u32 = u32::MAX;

struct Recent {
    /// The model the cached answers are of (its bytes' address).
    model: usize,
    /// (key, value) side by side: a look-up reads one place of the table.
    entries: Box<[(u64, u32)]>,
}

thread_local! {
    static RECENT: RefCell<(u32, Option<Recent>)> = const { RefCell::new((0, None)) };
}

/// The bigram `h w` of the model whose bytes start at `model`, from this
/// thread's cache or, when not there, by `find` (and then kept).
pub(super) fn bigram(
    model: usize,
    h: u32,
    w: u32,
    find: impl FnOnce() -> Option<usize>,
) -> Option<usize> {
    RECENT.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (count, recent) = &mut *cell;
        let Some(recent) = recent.as_mut().filter(|r| r.model == model) else {
            *count += 1;
            if *count >= WARM_UP {
                *recent = Some(Recent {
                    model,
                    entries: vec![(EMPTY, ABSENT); SLOTS].into_boxed_slice(),
                });
                *count = 0;
            }
            return find();
        };
        let key = u64::from(h) << 32 | u64::from(w);
        // Fibonacci hashing: the high bits of the product.
        let slot =
            (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SLOTS.trailing_zeros())) as usize;
        let entry = &mut recent.entries[slot];
        if entry.0 == key {
            return (entry.1 != ABSENT).then_some(entry.1 as usize);
        }
        let found = find();
        let value = match found {
            None => ABSENT,
            Some(b) => match u32::try_from(b) {
                Ok(b) if b != ABSENT => b,
                _ => return found,
            },
        };
        *entry = (key, value);
        found
    })
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
}
