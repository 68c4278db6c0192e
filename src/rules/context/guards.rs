//! The general detector's guards: the shapes of text in which a word that
//! reads as a slip to the trigram model is most often right (a name set
//! off by a comma, a headline, an imperative, a compound of nouns, a word
//! that a neighbour repeats).

use crate::document::Word;
use crate::lang::case::with_lowercase;
use crate::lang::lexicon;
use crate::lang::model::score::Gain;

/// A word of three or more ASCII letters, a capital and the rest
/// lowercase ("Tee", not "Dr" or "TV").
pub(super) fn capitalised(b: &[u8]) -> bool {
    b.len() > 2 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase)
}

/// Whether word `k` of a block (`text`, `words`) has a next word with only
/// spaces between: the model reads no punctuation, so a word before a
/// comma or a full stop is judged as if the next word followed it ("the
/// rule id, the message" read as "id the"), which a two-letter word,
/// grammar itself, cannot stand.
pub(super) fn spaced_from_next(text: &str, words: &[Word], k: usize) -> bool {
    words.get(k + 1).is_some_and(|next| {
        text[words[k].range().end..next.range().start]
            .chars()
            .all(char::is_whitespace)
    })
}

/// Whether the words before a position and the words after it each make
/// the alternative at least twice as probable ([`Gain::diffs`]: the first
/// trigram is the words before; the other two hold the words after).
pub(super) fn both_sides(gained: &Gain) -> bool {
    let twice = 2f32.log10();
    gained.diffs[0] >= twice && gained.diffs[1] + gained.diffs[2] >= twice
}

/// Whether a sentence's capitalised first word, `words[from]`, is left
/// alone: set off by punctuation right after it ("Tee, the mayor, said":
/// a name in apposition, an interjection, a label), in a line where most
/// words are capitalised (a title-case headline: "Tat Shops Close"), or a
/// verb before a determiner or pronoun (an imperative: "Fork this
/// repository").
pub(super) fn start_left_alone(text: &str, words: &[Word], from: usize, to: usize) -> bool {
    let first = words[from].range();
    if text[first.end..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace())
    {
        return true;
    }
    let rest = words[from + 1..to]
        .iter()
        .map(|w| &text[w.range()])
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic));
    let (mut capitals, mut all) = (0, 0);
    for word in rest {
        all += 1;
        capitals += usize::from(word.chars().next().is_some_and(char::is_uppercase));
    }
    if capitals >= 2 && 2 * capitals > all {
        return true;
    }
    let next = words.get(from + 1).filter(|_| from + 1 < to);
    next.is_some_and(|next| {
        with_lowercase(&text[first], lexicon::can_be_verb_base)
            && with_lowercase(&text[next.range()], lexicon::can_be_determiner_or_pronoun)
    })
}

/// Whether the word written at `words[k]`, a noun and never a verb, is
/// followed by a word that can be a noun (not a past form nor a number
/// word): a compound ("width tables"), where a function word is not
/// suggested on the lower odds that both sides agree on.
pub(super) fn compound(text: &str, words: &[Word], k: usize, to: usize) -> bool {
    k + 1 < to
        && with_lowercase(&text[words[k].range()], lexicon::is_noun_not_verb)
        && with_lowercase(&text[words[k + 1].range()], lexicon::can_be_noun_not_past)
}

/// Whether the other word, which `is_other` tells by its bytes (in any
/// ASCII case) for a word whose index in `words` `may_be` lets through,
/// repeats the word right before or after `words[k]` in its sentence
/// (`from..to`): "from Hanoi to Ho Chi Minh City" never suggests "ho" for
/// "to".
pub(super) fn echoes_neighbour(
    text: &str,
    words: &[Word],
    k: usize,
    (from, to): (usize, usize),
    may_be: impl Fn(usize) -> bool,
    is_other: impl Fn(&[u8]) -> bool,
) -> bool {
    let same = |j: usize| may_be(j) && is_other(text[words[j].range()].as_bytes());
    (k > from && same(k - 1)) || (k + 1 < to && same(k + 1))
}
