//! Scoring a word against its alternatives with the trigram model: how much
//! more probable the words around a position are with another word in it.
//! A sentence is a slice of model ids between `<s>` and `</s>`; [`BREAK`]
//! stands for a word the model cannot read (a number, a name it lacks, a
//! part of a hyphenated word), across which no n-gram reaches.

use super::{Lookups, Model};

/// A word the model does not know: no n-gram spans it.
pub(crate) const BREAK: u32 = u32::MAX;

/// No bigram (in [`Pairs`]): the model lacks the pair, one of its tokens
/// is a [`BREAK`], or the token ends its sentence.
pub(crate) const NO_PAIR: u32 = u32::MAX;

/// A trigram's log10 probability, and whether the model has seen its last
/// two words together.
pub(crate) type Term = (f32, bool);

/// The words around one position of a sentence, and the look-ups that do
/// not depend on the word put there, made once for all its candidates.
pub(crate) struct Window {
    l2: u32,
    l1: u32,
    r1: u32,
    r2: u32,
    /// log10 backoff of the history `l2 l1` (0 if the model lacks it).
    left_backoff: f32,
    /// The bigram `r1 r2`, under which the trigrams `x r1 r2` are.
    right: Option<usize>,
}

/// The bigram of each pair of neighbouring tokens of one sentence
/// (`toks[j] toks[j + 1]`), looked up once for the document
/// (`tokens::tokens`): the windows of neighbouring positions, the
/// words judged in them and every context rule share them.
#[derive(Clone, Copy)]
pub(crate) struct Pairs<'a>(pub(crate) &'a [u32]);

impl Pairs<'_> {
    /// The bigram `toks[j] toks[j + 1]`, if the model has it: `None` past
    /// the end and across a [`BREAK`].
    #[inline]
    pub(crate) fn get(self, j: usize) -> Option<usize> {
        self.0
            .get(j)
            .filter(|&&b| b != NO_PAIR)
            .map(|&b| b as usize)
    }
}

impl Window {
    /// [`Window::new`] with the bigrams from `pairs` (of the same `toks`).
    pub(crate) fn with_pairs(m: &Model, toks: &[u32], i: usize, pairs: Pairs) -> Window {
        let at = |j: Option<usize>| j.and_then(|j| toks.get(j)).copied().unwrap_or(BREAK);
        let left = i.checked_sub(2).and_then(|j| pairs.get(j));
        Window {
            l2: at(i.checked_sub(2)),
            l1: at(i.checked_sub(1)),
            r1: at(Some(i + 1)),
            r2: at(Some(i + 2)),
            left_backoff: left.map_or(0.0, |b| m.bigram_backoff(b)),
            right: pairs.get(i + 1),
        }
    }

    /// [`Window::terms`] of the word written at position `i` (`toks[i]`),
    /// its bigrams with its neighbours taken from `pairs`.
    pub(crate) fn terms_written(
        &self,
        m: &mut Lookups,
        toks: &[u32],
        i: usize,
        pairs: Pairs,
    ) -> [Term; 3] {
        let left = i.checked_sub(1).and_then(|j| pairs.get(j));
        let right = pairs.get(i);
        self.terms_with(m, toks[i], left, right)
    }

    /// The window of position `i` of `toks` (between `<s>` and `</s>`),
    /// each bigram looked up on its own: the tests' reference for
    /// [`Window::with_pairs`].
    #[cfg(test)]
    pub(crate) fn new(m: &Model, toks: &[u32], i: usize) -> Window {
        let at = |j: Option<usize>| j.and_then(|j| toks.get(j)).copied().unwrap_or(BREAK);
        let (l2, l1) = (at(i.checked_sub(2)), at(i.checked_sub(1)));
        let (r1, r2) = (at(Some(i + 1)), at(Some(i + 2)));
        let both = |a: u32, b: u32| (a != BREAK && b != BREAK).then(|| m.bigram(a, b)).flatten();
        Window {
            l2,
            l1,
            r1,
            r2,
            left_backoff: both(l2, l1).map_or(0.0, |b| m.bigram_backoff(b)),
            right: both(r1, r2),
        }
    }

    /// The log10 probabilities of the three trigrams that hold the position
    /// with `x` in it: `x` after its two left words, the next word after
    /// the left word and `x`, the word after that after `x` and the next.
    /// A trigram whose predicted word is a break, or past the end, counts
    /// 0, and so does the first after a break: after a word the model
    /// cannot read (most often a name) it would be the word's bare
    /// frequency, a prior that always favours the commoner word ("Horgan
    /// threw" → through). The same as [`Model::prob_seen`] of each, with
    /// the look-ups they share made once.
    pub(crate) fn terms(&self, m: &mut Lookups, x: u32) -> [Term; 3] {
        let (left, right) = self.beside(m, x);
        self.terms_with(m, x, left, right)
    }

    /// The bigrams of `x` with the word before it and the word after it,
    /// if the model has them.
    fn beside(&self, m: &mut Lookups, x: u32) -> (Option<usize>, Option<usize>) {
        (
            (self.l1 != BREAK).then(|| m.bigram(self.l1, x)).flatten(),
            (self.r1 != BREAK).then(|| m.bigram(x, self.r1)).flatten(),
        )
    }

    /// [`Window::terms`] with the bigrams of [`Window::beside`].
    fn terms_with(
        &self,
        m: &mut Lookups,
        x: u32,
        left: Option<usize>,
        right: Option<usize>,
    ) -> [Term; 3] {
        let Window { l2, l1, r1, r2, .. } = *self;
        let none = (0.0, false);
        let first = if l1 == BREAK {
            none
        } else if l2 == BREAK {
            bigram_term(m, left, l1, x)
        } else {
            trigram_term(m, left, l2, l1, x, self.left_backoff)
        };
        let second = if r1 == BREAK {
            none
        } else if l1 == BREAK {
            bigram_term(m, right, x, r1)
        } else {
            let backoff = left.map_or(0.0, |b| m.bigram_backoff(b));
            trigram_term(m, right, l1, x, r1, backoff)
        };
        let third = if r1 == BREAK || r2 == BREAK {
            none
        } else {
            let backoff = right.map_or(0.0, |b| m.bigram_backoff(b));
            trigram_term(m, self.right, x, r1, r2, backoff)
        };
        [first, second, third]
    }
}

/// P(y) after `h` through bigram `b` (`h y`), or backed off.
#[inline]
fn bigram_term(m: &Model, b: Option<usize>, h: u32, y: u32) -> Term {
    match b {
        Some(b) => (m.bigram_prob(b), true),
        None => (m.unigram_backoff(h) + m.unigram(y), false),
    }
}

/// P(y | h2 h) through bigram `b` (`h y`), with `backoff` of `h2 h`.
fn trigram_term(m: &mut Lookups, b: Option<usize>, h2: u32, h: u32, y: u32, backoff: f32) -> Term {
    match b.and_then(|b| m.trigram_prob(b, h2)) {
        Some(p) => (p, true),
        None => {
            let (p, seen) = bigram_term(m, b, h, y);
            (backoff + p, seen)
        }
    }
}

/// How an alternative compares with the word written at one position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gain {
    /// log10 of how many times more probable the trigrams around the
    /// position are with the alternative.
    pub total: f32,
    /// Which trigram gains most (0: the words before, 1: the words either
    /// side, 2: the words after).
    pub decisive: usize,
    /// The gain of each of the three trigrams, in that order.
    pub diffs: [f32; 3],
}

/// The gain of putting `alt` in the window in place of what is there,
/// whose terms `written` gives (asked only when needed); `None` when the
/// model has never seen `alt` beside either neighbour, so has no evidence
/// for it. A trigram in which
/// the model has seen neither word with its neighbour says nothing but the
/// words' bare frequencies, and counts as even: the model abstains where
/// it does not know.
pub(crate) fn gain(
    m: &mut Lookups,
    window: &Window,
    written: impl FnOnce(&mut Lookups) -> [Term; 3],
    alt: u32,
) -> Option<Gain> {
    let (left, right) = window.beside(m, alt);
    if left.is_none() && right.is_none() {
        return None;
    }
    let written = written(m);
    let t = window.terms_with(m, alt, left, right);
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
    Some(Gain {
        total: diffs.iter().sum(),
        decisive,
        diffs,
    })
}

#[cfg(test)]
mod tests {
    use super::super::english;
    use super::*;

    /// Runs `f` with this thread's look-ups of the built-in model.
    fn lk<R>(f: impl FnOnce(&mut Lookups) -> R) -> R {
        english().with_lookups(f)
    }

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
        let window = Window::new(m, &toks, i);
        let written = lk(|l| window.terms(l, toks[i]));
        lk(|l| gain(l, &window, |_| written, m.id(alt).unwrap()))
            .map_or(f32::NEG_INFINITY, |g| g.total)
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
        let t = lk(|l| Window::new(m, &toks, 3).terms(l, toks[3]));
        assert_eq!(t[1], (0.0, false));
        assert_eq!(t[2], (0.0, false));
        assert!(t[0].0 < 0.0);
        // A name the model lacks on the left: the first trigram is even.
        let toks = sentence("qqqxz threw the ball");
        assert_eq!(
            lk(|l| Window::new(m, &toks, 2).terms(l, toks[2]))[0],
            (0.0, false)
        );
    }

    /// The bigram of each pair of `toks`, each looked up on its own.
    fn pairs_of(toks: &[u32]) -> Vec<u32> {
        let m = english();
        (0..toks.len())
            .map(|j| {
                let (a, b) = (toks[j], toks.get(j + 1).copied().unwrap_or(BREAK));
                (a != BREAK && b != BREAK)
                    .then(|| m.bigram(a, b))
                    .flatten()
                    .map_or(NO_PAIR, |b| b as u32)
            })
            .collect()
    }

    /// log10 P(y | u v) as the model gives it, the history cut at a break.
    fn lp(y: u32, u: u32, v: u32) -> Term {
        let m = english();
        let some = |w: u32| (w != BREAK).then_some(w);
        match some(v) {
            None => m.prob_seen(y, None, None),
            Some(v) => m.prob_seen(y, Some(v), some(u)),
        }
    }

    /// The window's shared look-ups give what the model gives trigram by
    /// trigram, at every position of sentences with breaks and marks.
    #[test]
    fn the_window_agrees_with_the_model() {
        let m = english();
        for text in [
            "he sighed the agreement in the capital city",
            "the council will here the case on monday",
            "qqqxz threw an overhead pass to the winger",
            "prices rose 2 per cent in the year to march",
        ] {
            let toks = sentence(text);
            for i in 1..toks.len() - 1 {
                if toks[i] == BREAK {
                    continue;
                }
                let window = Window::new(m, &toks, i);
                let pairs = pairs_of(&toks);
                let shared = lk(|l| {
                    let shared = Window::with_pairs(l, &toks, i, Pairs(&pairs));
                    shared.terms_written(l, &toks, i, Pairs(&pairs))
                });
                assert_eq!(shared, lk(|l| window.terms(l, toks[i])), "{text}: {i}");
                let at = |j: usize| toks.get(j).copied().unwrap_or(BREAK);
                let (l2, l1) = (if i >= 2 { at(i - 2) } else { BREAK }, at(i - 1));
                let (r1, r2) = (at(i + 1), at(i + 2));
                for x in [toks[i], m.id("the").unwrap(), m.id("signed").unwrap()] {
                    let none = (0.0, false);
                    let expected = [
                        if l1 == BREAK { none } else { lp(x, l2, l1) },
                        if r1 == BREAK { none } else { lp(r1, l1, x) },
                        if r1 == BREAK || r2 == BREAK {
                            none
                        } else {
                            lp(r2, x, r1)
                        },
                    ];
                    let got = lk(|l| window.terms(l, x));
                    for (g, e) in got.iter().zip(&expected) {
                        assert!(
                            g.1 == e.1 && (g.0 - e.0).abs() < 1e-4,
                            "{text}: {i}: {got:?} {expected:?}"
                        );
                    }
                }
            }
        }
    }
}
