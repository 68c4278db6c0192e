//! The general detector's candidates for each word it meets, kept for the
//! run: the common words one edit away that it weighs the word against,
//! found only when it first judges the word.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::number;
use super::sets::listed_words;
use crate::lang::fnv::BuildFnv;
use crate::lang::model::Model;
use crate::lang::model::neighbours::{Alternative, neighbour_candidates};

/// The candidates of each word met so far (by model id): alternatives with
/// the least gain (log10) that flags the word for each; `None` for a word
/// that is judged but whose candidates are not found yet (it has been met
/// only beside words the model has seen it with, where it is not judged).
/// A map, not a table of the whole vocabulary: a run on one article meets
/// a few hundred words.
#[derive(Default)]
pub(super) struct Candidates {
    found: RwLock<HashMap<u32, Option<Shared>, BuildFnv>>,
}

/// A word's candidates, shared by the threads that meet it.
type Shared = Arc<[Alternative]>;

/// What is known of a word's candidates.
pub(super) enum Known {
    /// The word is not judged, or has no candidate.
    Nothing,
    /// Its candidates.
    Found(Arc<[Alternative]>),
    /// It is judged; its candidates are found when first needed.
    Later,
}

impl Candidates {
    /// What is known of the candidates for word `id`: nothing for a word
    /// too short, too rare (below `floor`) or listed in a set (unless the
    /// candidates are its other `number`; decided once per run), its
    /// candidates if they were found. (Two threads that meet a new word at
    /// once may both decide; they decide the same.)
    pub(super) fn known(&self, m: &Model, id: u32, floor: f32, number: bool) -> Known {
        let known = self.found.read().ok().and_then(|c| c.get(&id).cloned());
        let judged = match known {
            Some(Some(found)) if found.is_empty() => return Known::Nothing,
            Some(Some(found)) => return Known::Found(found),
            Some(None) => return Known::Later,
            None => {
                let word = m.word(id);
                word.len() > 1
                    && m.unigram(id) >= floor
                    && (number || !listed_words().contains(word))
            }
        };
        let entry = if judged { None } else { Some(Arc::from([])) };
        if let Ok(mut all) = self.found.write() {
            all.entry(id).or_insert(entry);
        }
        if judged { Known::Later } else { Known::Nothing }
    }

    /// The candidates for word `id`, which is judged, found once per run:
    /// its other `number` only, or its one-edit neighbours, each needing
    /// `min_gain` (`function_gain` with a function word).
    pub(super) fn find(
        &self,
        m: &Model,
        id: u32,
        floor: f32,
        (min_gain, function_gain): (f32, (f32, f32)),
        number: bool,
    ) -> Arc<[Alternative]> {
        if let Known::Found(found) = self.known(m, id, floor, number) {
            return found;
        }
        let found: Arc<[Alternative]> = if number {
            number::candidates(m, id, floor, min_gain).into()
        } else {
            neighbour_candidates(m, id, floor, min_gain, function_gain, |w| {
                listed_words().contains(w)
            })
            .into()
        };
        if let Ok(mut all) = self.found.write() {
            all.insert(id, Some(found.clone()));
        }
        found
    }
}
