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
        self.terms_by(m, x, (left, right), trigram_term)
    }

    /// The bigrams of `x` with the word before it and the word after it,
    /// when the model has either: `None` when it has neither, and so no
    /// evidence for `x` here.
    pub(crate) fn seen_beside(&self, m: &mut Lookups, x: u32) -> Option<Beside> {
        let (left, right) = self.beside(m, x);
        (left.is_some() || right.is_some()).then_some(Beside { x, left, right })
    }

    /// The most [`gain_of`] can give the alternative of `beside` against
    /// the word written, whose terms are `written`, found without a
    /// trigram look-up: a trigram the model may have counts as the
    /// greater of the file's most probable trigram and the backoff that
    /// stands for it when the model lacks it; every other term is
    /// [`Window::terms`]'s own. Each term is at least the gain's, and the
    /// differences and their sum are made as the gain makes them, so
    /// (rounding being monotonic) the gain is never above this, to the
    /// bit: an alternative whose bound misses a threshold would miss it
    /// scored in full.
    pub(crate) fn gain_at_most(&self, m: &mut Lookups, written: &[Term; 3], beside: Beside) -> f32 {
        let t = self.terms_by(m, beside.x, (beside.left, beside.right), trigram_at_most);
        total(&diffs(&t, written))
    }

    /// The three terms of `x` with its bigrams `left` and `right`, each
    /// trigram found by `trigram` (as [`trigram_term`] takes it).
    #[inline]
    fn terms_by(
        &self,
        m: &mut Lookups,
        x: u32,
        (left, right): (Option<usize>, Option<usize>),
        trigram: impl Fn(&mut Lookups, Option<usize>, u32, u32, u32, f32) -> Term,
    ) -> [Term; 3] {
        let Window { l2, l1, r1, r2, .. } = *self;
        let none = (0.0, false);
        let first = if l1 == BREAK {
            none
        } else if l2 == BREAK {
            bigram_term(m, left, l1, x)
        } else {
            trigram(m, left, l2, l1, x, self.left_backoff)
        };
        let second = if r1 == BREAK {
            none
        } else if l1 == BREAK {
            bigram_term(m, right, x, r1)
        } else {
            let backoff = left.map_or(0.0, |b| m.bigram_backoff(b));
            trigram(m, right, l1, x, r1, backoff)
        };
        let third = if r1 == BREAK || r2 == BREAK {
            none
        } else {
            let backoff = right.map_or(0.0, |b| m.bigram_backoff(b));
            trigram(m, self.right, x, r1, r2, backoff)
        };
        [first, second, third]
    }
}

/// An alternative's bigrams with the words either side of a window's
/// position, at least one of which the model has (see
/// [`Window::seen_beside`]).
#[derive(Clone, Copy)]
pub(crate) struct Beside {
    x: u32,
    left: Option<usize>,
    right: Option<usize>,
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
        None => backed_off(m, b, h, y, backoff),
    }
}

/// [`trigram_term`] when the model lacks the trigram: P(y) after `h`
/// scaled by `backoff`.
#[inline]
fn backed_off(m: &Model, b: Option<usize>, h: u32, y: u32, backoff: f32) -> Term {
    let (p, seen) = bigram_term(m, b, h, y);
    (backoff + p, seen)
}

/// The most [`trigram_term`] can be, without a look-up: what it is when
/// bigram `b` has no trigram under it (or there is no bigram), else the
/// greater of that and the file's most probable trigram. Whether the
/// model has seen `y` after `h` is known from `b` alone.
fn trigram_at_most(
    m: &mut Lookups,
    b: Option<usize>,
    _: u32,
    h: u32,
    y: u32,
    backoff: f32,
) -> Term {
    let (p, seen) = backed_off(m, b, h, y, backoff);
    match b {
        Some(b) if m.has_trigrams(b) => (p.max(m.most_trigram_prob()), seen),
        _ => (p, seen),
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
/// it does not know. ([`Window::seen_beside`] and [`gain_of`] in one: the
/// tests' reference.)
#[cfg(test)]
pub(crate) fn gain(
    m: &mut Lookups,
    window: &Window,
    written: impl FnOnce(&mut Lookups) -> [Term; 3],
    alt: u32,
) -> Option<Gain> {
    let beside = window.seen_beside(m, alt)?;
    let written = written(m);
    Some(gain_of(m, window, &written, beside))
}

/// [`gain`] of the alternative of `beside`, which the model has seen
/// beside a neighbour, against the word written, whose terms are
/// `written`.
pub(crate) fn gain_of(
    m: &mut Lookups,
    window: &Window,
    written: &[Term; 3],
    beside: Beside,
) -> Gain {
    let t = window.terms_with(m, beside.x, beside.left, beside.right);
    let diffs = diffs(&t, written);
    let decisive = (0..3)
        .max_by(|&a, &b| diffs[a].total_cmp(&diffs[b]))
        .unwrap_or(0);
    Gain {
        total: total(&diffs),
        decisive,
        diffs,
    }
}

/// What each trigram gains with terms `t` in place of `written`: even
/// where the model has seen neither word with its neighbour.
#[inline]
fn diffs(t: &[Term; 3], written: &[Term; 3]) -> [f32; 3] {
    let diff = |k: usize| {
        if t[k].1 || written[k].1 {
            t[k].0 - written[k].0
        } else {
            0.0
        }
    };
    [diff(0), diff(1), diff(2)]
}

/// The sum of `diffs`, in their order.
#[inline]
fn total(diffs: &[f32; 3]) -> f32 {
    diffs.iter().sum()
}

#[cfg(test)]
mod tests;
