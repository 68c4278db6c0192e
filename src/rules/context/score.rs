//! Scoring a word against its alternatives with the trigram model: how much
//! more probable the words around a position are with another word in it.
//! A sentence is a slice of model ids between `<s>` and `</s>`; [`BREAK`]
//! stands for a word the model cannot read (a number, a name it lacks, a
//! part of a hyphenated word), across which no n-gram reaches.

use super::model::Model;

/// A word the model does not know: no n-gram spans it.
pub(super) const BREAK: u32 = u32::MAX;

/// log10 P(y | u v), with the history cut at a break, and whether the
/// model has seen `y` after `v`.
fn lp(m: &Model, y: u32, u: u32, v: u32) -> (f32, bool) {
    if v == BREAK {
        m.prob_seen(y, None, None)
    } else if u == BREAK {
        m.prob_seen(y, Some(v), None)
    } else {
        m.prob_seen(y, Some(v), Some(u))
    }
}

/// A trigram's log10 probability, and whether the model has seen its last
/// two words together.
pub(super) type Term = (f32, bool);

/// The log10 probabilities of the three trigrams that hold position `i` of
/// `toks` with `x` in it: `x` after its two left words, the next word after
/// the left word and `x`, the word after that after `x` and the next. A
/// trigram whose predicted word is a break, or past the end, counts 0, and
/// so does the first after a break.
pub(super) fn terms(m: &Model, toks: &[u32], i: usize, x: u32) -> [Term; 3] {
    let at = |j: isize| -> u32 {
        usize::try_from(j)
            .ok()
            .and_then(|j| toks.get(j))
            .copied()
            .unwrap_or(BREAK)
    };
    let i = i as isize;
    let (l2, l1, r1, r2) = (at(i - 2), at(i - 1), at(i + 1), at(i + 2));
    // After a word the model cannot read (most often a name), the first
    // trigram would be the word's bare frequency: a prior, not context,
    // and one that always favours the commoner word ("Horgan threw" →
    // through). What follows decides alone.
    let none = (0.0, false);
    let first = if l1 == BREAK && i > 0 {
        none
    } else {
        lp(m, x, l2, l1)
    };
    let second = if r1 == BREAK { none } else { lp(m, r1, l1, x) };
    let third = if r1 == BREAK || r2 == BREAK {
        none
    } else {
        lp(m, r2, x, r1)
    };
    [first, second, third]
}

/// How an alternative compares with the word written at one position.
#[derive(Debug, Clone, Copy)]
pub(super) struct Gain {
    /// log10 of how many times more probable the trigrams around the
    /// position are with the alternative.
    pub total: f32,
    /// Which trigram gains most (0: the words before, 1: the words either
    /// side, 2: the words after).
    pub decisive: usize,
}

/// The gain of putting `alt` at position `i` in place of what is there,
/// whose terms are `written`. A trigram in which the model has seen
/// neither word with its neighbour says nothing but the words' bare
/// frequencies, and counts as even: the model abstains where it does not
/// know.
pub(super) fn gain(m: &Model, toks: &[u32], i: usize, written: &[Term; 3], alt: u32) -> Gain {
    let t = terms(m, toks, i, alt);
    let diff = |k: usize| {
        if t[k].1 || written[k].1 {
            t[k].0 - written[k].0
        } else {
            0.0
        }
    };
    let diffs = [diff(0), diff(1), diff(2)];
    let decisive = (0..3)
        .max_by(|&a, &b| diffs[a].total_cmp(&diffs[b]))
        .unwrap_or(0);
    Gain {
        total: diffs.iter().sum(),
        decisive,
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::english;
    use super::*;

    fn sentence(text: &str) -> Vec<u32> {
        let m = english();
        let (s, end) = m.marks();
        let mut toks = vec![s];
        toks.extend(text.split(' ').map(|w| m.id(w).unwrap_or(BREAK)));
        toks.push(end);
        toks
    }

    fn gain_at(text: &str, i: usize, alt: &str) -> f32 {
        let m = english();
        let toks = sentence(text);
        let written = terms(m, &toks, i, toks[i]);
        gain(m, &toks, i, &written, m.id(alt).unwrap()).total
    }

    #[test]
    fn the_word_that_fits_gains() {
        // "he sighed the agreement": `signed` fits far better.
        assert!(gain_at("he sighed the agreement", 2, "signed") > 2.0);
        assert!(gain_at("he signed the agreement", 2, "sighed") < -2.0);
        assert!(gain_at("people who where doing it", 3, "were") > 3.0);
    }

    #[test]
    fn a_break_cuts_the_trigrams() {
        let m = english();
        // A number on the right: only the left trigram counts.
        let toks = sentence("sales rose form 2");
        let t = terms(m, &toks, 3, toks[3]);
        assert_eq!(t[1], (0.0, false));
        assert_eq!(t[2], (0.0, false));
        assert!(t[0].0 < 0.0);
    }
}
