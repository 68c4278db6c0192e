//! The scoring's tests: the window against the model term by term, and
//! the bound of an alternative's gain against its gain scored in full.

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
    lk(|l| gain(l, &window, |_| written, m.id(alt).unwrap())).map_or(f32::NEG_INFINITY, |g| g.total)
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

/// Common words, and words one edit from them, that the bound's test
/// puts in sentences and weighs against each other.
const COMMON: &[&str] = &[
    "the",
    "of",
    "off",
    "to",
    "too",
    "two",
    "and",
    "an",
    "a",
    "in",
    "on",
    "one",
    "is",
    "it",
    "its",
    "was",
    "has",
    "had",
    "said",
    "sad",
    "for",
    "from",
    "form",
    "with",
    "were",
    "where",
    "their",
    "there",
    "then",
    "than",
    "them",
    "council",
    "counsel",
    "board",
    "bored",
    "week",
    "weak",
    "road",
    "rode",
    "public",
    "pubic",
    "agreement",
    "signed",
    "sighed",
    "budget",
    "new",
    "now",
    "year",
    "years",
    "plan",
    "plans",
    "city",
    "cities",
    "will",
    "well",
    "here",
    "hear",
    "be",
    "by",
    "at",
    "as",
    "that",
    "this",
    "they",
    "these",
    "those",
    "water",
    "later",
];

proptest::proptest! {
    /// The bound never falls below the gain scored in full, to the
    /// bit, term by term and in sum, in sentences of common words with
    /// breaks: so pruning an alternative whose bound misses a
    /// threshold never turns away one that would pass it.
    #[test]
    fn the_bound_is_never_below_the_gain(
        picks in proptest::collection::vec(0usize..COMMON.len() + 6, 1..12),
        alts in proptest::collection::vec(0usize..COMMON.len(), 1..6),
    ) {
        let m = english();
        let (s, end) = m.marks();
        let mut toks = vec![s];
        // Past the list: a word the model cannot read.
        toks.extend(picks.iter().map(|&p| COMMON.get(p).map_or(BREAK, |w| m.id(w).unwrap())));
        toks.push(end);
        for i in 1..toks.len() - 1 {
            if toks[i] == BREAK {
                continue;
            }
            let window = Window::new(m, &toks, i);
            let written = lk(|l| window.terms(l, toks[i]));
            let mut others: Vec<u32> = m.neighbours(toks[i]).collect();
            others.extend(alts.iter().map(|&a| m.id(COMMON[a]).unwrap()));
            for x in others {
                let Some(beside) = lk(|l| window.seen_beside(l, x)) else {
                    proptest::prop_assert!(lk(|l| gain(l, &window, |_| written, x)).is_none());
                    continue;
                };
                let full = lk(|l| gain_of(l, &window, &written, beside));
                let bound = lk(|l| window.gain_at_most(l, &written, beside));
                proptest::prop_assert!(full.total <= bound, "{i} {x}: {} > {bound}", full.total);
                let terms = lk(|l| window.terms(l, x));
                let most = lk(|l| window.terms_by(l, x, (beside.left, beside.right), trigram_at_most));
                for (t, b) in terms.iter().zip(&most) {
                    proptest::prop_assert!(t.0 <= b.0 && t.1 == b.1, "{i} {x}: {terms:?} {most:?}");
                }
                let reference = lk(|l| gain(l, &window, |_| written, x)).unwrap();
                proptest::prop_assert_eq!(full.total.to_bits(), reference.total.to_bits());
            }
        }
    }
}

/// The bound decides without the trigrams where they cannot matter:
/// of the words one edit from each word of a few sentences that the
/// model has seen beside a neighbour, some miss odds of 100 by the
/// bound alone, and not all: the word that fits ("signed" for
/// "sighed") reaches them.
#[test]
fn the_bound_turns_away_some_alternatives() {
    let m = english();
    let (mut seen, mut turned_away) = (0, 0);
    for text in [
        "he sighed the agreement in the capital city",
        "the council will here the case on monday",
        "she is one of the members of the board",
        "prices rose last week in the city",
    ] {
        let toks = sentence(text);
        for i in 1..toks.len() - 1 {
            let window = Window::new(m, &toks, i);
            let written = lk(|l| window.terms(l, toks[i]));
            for x in m.neighbours(toks[i]) {
                let Some(beside) = lk(|l| window.seen_beside(l, x)) else {
                    continue;
                };
                seen += 1;
                let bound = lk(|l| window.gain_at_most(l, &written, beside));
                turned_away += usize::from(bound < 2.0);
                if text.starts_with("he sighed") && m.word(x) == "signed" {
                    assert!(bound >= 2.0, "{bound}");
                }
            }
        }
    }
    assert!(
        turned_away > 0 && turned_away < seen,
        "{turned_away} of {seen}"
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
