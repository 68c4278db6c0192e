//! The general detector's candidates for each word it meets, kept for the
//! run: the common words one edit away that it weighs the word against,
//! found only when it first judges the word.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use super::number;
use super::sets::listed_words;
use crate::lang::fnv::BuildFnv;
use crate::lang::model::Model;
use crate::lang::model::neighbours::{Alternative, neighbour_candidates};

/// What is known of each word of the model's vocabulary (by model id), two
/// bits each, and the candidates of the words whose candidates were found.
/// The bits are read for every word the detector meets, without a lock;
/// the map only for a word it judges, after the cheaper tests.
#[derive(Default)]
pub(super) struct Candidates {
    /// [`UNKNOWN`], [`NOT_JUDGED`], [`LATER`] or [`FOUND`] by model id, four
    /// words a byte (word `id` in bits `2 * (id % 4)` of byte `id / 4`),
    /// and the number of words: made on first use, some 18 KB. (A byte a
    /// word took 72 KB, all of whose pages an article's words touched
    /// while the ids were in alphabetical order.)
    state: OnceLock<(usize, Box<[AtomicU8]>)>,
    /// The candidates of each word whose state is [`FOUND`] (never empty).
    found: RwLock<HashMap<u32, Arc<[Alternative]>, BuildFnv>>,
}

/// Not decided yet.
const UNKNOWN: u8 = 0;
/// Not judged: too short, too rare or listed in a set; or judged with no
/// candidate.
const NOT_JUDGED: u8 = 1;
/// Judged; its candidates are found when first needed.
const LATER: u8 = 2;
/// Judged, with candidates in the map.
const FOUND: u8 = 3;

/// Sets word `id`'s two bits of `cell` to `state`, when `only_from` (if
/// given) is what they hold.
fn set(cell: &AtomicU8, id: u32, state: u8, only_from: Option<u8>, order: Ordering) {
    let shift = 2 * (id % 4);
    let _ = cell.fetch_update(order, Ordering::Relaxed, |byte| {
        let now = (byte >> shift) & 3;
        only_from
            .is_none_or(|from| from == now)
            .then_some((byte & !(3 << shift)) | (state << shift))
    });
}

/// Word `id`'s state in `cell`.
fn get(cell: &AtomicU8, id: u32, order: Ordering) -> u8 {
    (cell.load(order) >> (2 * (id % 4))) & 3
}

impl Candidates {
    /// The byte that holds word `id`'s state; `None` for an id the model
    /// does not have.
    fn cell(&self, m: &Model, id: u32) -> Option<&AtomicU8> {
        let (words, state) = self.state.get_or_init(|| {
            let (words, _, _) = m.size();
            let state = (0..words.div_ceil(4)).map(|_| AtomicU8::new(0)).collect();
            (words, state)
        });
        ((id as usize) < *words).then(|| &state[id as usize / 4])
    }

    /// Whether word `id` may be judged: `false` for a word too short, too
    /// rare (below `floor`) or listed in a set (unless the candidates are
    /// its other `number`; decided once per run), and for a word whose
    /// candidates were found to be none. (Two threads that meet a new word
    /// at once may both decide; they decide the same.)
    #[inline]
    pub(super) fn judged(&self, m: &Model, id: u32, floor: f32, number: bool) -> bool {
        let Some(cell) = self.cell(m, id) else {
            return false;
        };
        match get(cell, id, Ordering::Relaxed) {
            NOT_JUDGED => false,
            LATER | FOUND => true,
            _ => {
                let word = m.word(id);
                let judged = word.len() > 1
                    && m.unigram(id) >= floor
                    && (number || !listed_words().contains(word));
                let state = if judged { LATER } else { NOT_JUDGED };
                // Only from UNKNOWN: a thread that found the candidates
                // meanwhile keeps what it wrote.
                set(cell, id, state, Some(UNKNOWN), Ordering::Relaxed);
                judged
            }
        }
    }

    /// The candidates for word `id`, which [`Candidates::judged`] says may
    /// be judged, found once per run: its other `number` only, or its
    /// one-edit neighbours, each needing `min_gain` (`function_gain` with a
    /// function word); empty for none.
    pub(super) fn find(
        &self,
        m: &Model,
        id: u32,
        floor: f32,
        (min_gain, function_gain): (f32, (f32, f32)),
        number: bool,
    ) -> Arc<[Alternative]> {
        let cell = self.cell(m, id).expect("a word of the model");
        match get(cell, id, Ordering::Acquire) {
            NOT_JUDGED => return Arc::from([]),
            FOUND => {
                if let Some(found) = self.found.read().ok().and_then(|c| c.get(&id).cloned()) {
                    return found;
                }
            }
            _ => {}
        }
        let found: Arc<[Alternative]> = if number {
            number::candidates(m, id, floor, min_gain).into()
        } else {
            neighbour_candidates(m, id, floor, min_gain, function_gain, |w| {
                listed_words().contains(w)
            })
            .into()
        };
        if found.is_empty() {
            set(cell, id, NOT_JUDGED, None, Ordering::Release);
        } else {
            if let Ok(mut all) = self.found.write() {
                all.insert(id, found.clone());
            }
            set(cell, id, FOUND, None, Ordering::Release);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::model::english;

    /// Words that share a byte of the table keep states of their own:
    /// each of eight ids in a row, set in turn, reads back what it was set
    /// to, whatever its neighbours were set to after it.
    #[test]
    fn words_in_one_byte_keep_their_own_states() {
        let m = english();
        let kept = Candidates::default();
        let first = m.id("government").unwrap() & !3;
        let states = [
            LATER, FOUND, NOT_JUDGED, UNKNOWN, FOUND, NOT_JUDGED, LATER, FOUND,
        ];
        for (id, &state) in (first..).zip(&states) {
            let cell = kept.cell(m, id).unwrap();
            set(cell, id, state, None, Ordering::Relaxed);
            // Only from UNKNOWN: a word already decided keeps its state.
            set(cell, id, LATER, Some(UNKNOWN), Ordering::Relaxed);
        }
        for (id, &state) in (first..).zip(&states) {
            let cell = kept.cell(m, id).unwrap();
            let wanted = if state == UNKNOWN { LATER } else { state };
            assert_eq!(get(cell, id, Ordering::Relaxed), wanted, "{id}");
        }
        let (words, _, _) = m.size();
        assert!(kept.cell(m, u32::try_from(words).unwrap()).is_none());
        assert!(!kept.judged(m, u32::try_from(words).unwrap(), 0.0, false));
    }

    /// Asked again and again, the table answers what deciding each word
    /// afresh answers: judged or not (not, once its candidates are found to
    /// be none), and the candidates a search of the model's neighbours
    /// gives.
    #[test]
    fn kept_answers_are_the_answers_of_a_fresh_search() {
        let m = english();
        let floor = (1e-6f32).log10();
        let gains = (3.5, (4.5, 4.5));
        let ids = |a: &[Alternative]| a.iter().map(|a| a.id).collect::<Vec<_>>();
        let kept = Candidates::default();
        let words = [
            "government",
            "the",
            "sighed",
            "a",
            "gave",
            "affect",
            "xylophone",
            "yesterday",
        ];
        let mut with_none = 0;
        for round in 0..3 {
            for w in words {
                let id = m.id(w).unwrap();
                let fresh = Candidates::default();
                let judged = fresh.judged(m, id, floor, false);
                let expected = if judged {
                    ids(&fresh.find(m, id, floor, gains, false))
                } else {
                    Vec::new()
                };
                let still = judged && (round == 0 || !expected.is_empty());
                assert_eq!(kept.judged(m, id, floor, false), still, "{w} {round}");
                if judged {
                    let got = ids(&kept.find(m, id, floor, gains, false));
                    assert_eq!(got, expected, "{w} {round}");
                    with_none += usize::from(got.is_empty());
                }
            }
        }
        // "gave" has common neighbours (game, have); "a" is one letter.
        let gave = m.id("gave").unwrap();
        assert!(!kept.find(m, gave, floor, gains, false).is_empty());
        assert!(!kept.judged(m, m.id("a").unwrap(), floor, false));
        assert!(with_none > 0, "no word without candidates was tried");
    }
}
