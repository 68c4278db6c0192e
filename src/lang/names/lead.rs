//! The lead test of a run of capitalised words: whether its first word is
//! a title, an everyday word capitalised because it starts the sentence,
//! or the first word of the name.

use super::listed::TITLE_SHAPES;
use super::{TITLES, name_like};
use crate::lang::fnv::BuildFnv;
use crate::lang::lexicon::{can_be_name, can_be_name_and_is_everyday, is_everyday_word};

/// Fixed words, so a fixed hash: no text can make its look-ups collide.
/// Each title's index in [`TITLES`].
static TITLE_SET: std::sync::LazyLock<std::collections::HashMap<&'static str, u8, BuildFnv>> =
    std::sync::LazyLock::new(|| (0..).zip(TITLES).map(|(i, &t)| (t, i)).collect());

/// Honorifics: a person's form of address, not a title that can change.
#[rustfmt::skip]
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady",
];

/// What a capitalised word at the head of a run is.
pub(super) enum Lead {
    /// A title ("Mayor", as its index in [`TITLES`]), or `None` for an
    /// honorific ("Mr").
    Title(Option<u8>),
    /// An everyday word capitalised because it starts the sentence.
    Word,
    /// The first word of the name.
    Name,
}

/// What `word`, a name word at the head of a run, is; `initial` when it is
/// the sentence's first word, `alone` when it is the run's only word.
///
/// Nearly every word is ASCII (the test runs some 95 times an article,
/// mostly on a sentence's first word): it is lowercased on the stack and
/// told apart once, so that neither the titles' shapes nor the choice of
/// look-up ask again whether its lowercase form is ASCII, and the lexicon
/// is asked once for both of its answers.
#[inline]
pub(super) fn lead(word: &str, initial: bool, alone: bool) -> Lead {
    if word.is_ascii() {
        let mut lower = compact_str::CompactString::new(word);
        lower.make_ascii_lowercase();
        ascii_lead(&lower, initial, alone)
    } else {
        any_lead(&word.to_lowercase(), initial, alone)
    }
}

/// [`lead`] of an ASCII word, lowercased.
fn ascii_lead(lower: &str, initial: bool, alone: bool) -> Lead {
    let lower = lower.trim_end_matches('.');
    if TITLE_SHAPES.admit_ascii(lower)
        && let Some(&title) = TITLE_SET.get(lower)
    {
        let office = !HONORIFICS.contains(&lower);
        return Lead::Title(office.then_some(title));
    }
    if initial {
        let (name, everyday) = can_be_name_and_is_everyday(lower);
        if !name || (alone && everyday) {
            return Lead::Word;
        }
    }
    Lead::Name
}

/// [`lead`] of any word, lowercased (its lowercase form may be ASCII: the
/// Kelvin sign lowers to 'k').
fn any_lead(lower: &str, initial: bool, alone: bool) -> Lead {
    let lower = lower.trim_end_matches('.');
    let title = TITLE_SHAPES.admit(lower).then(|| TITLE_SET.get(lower));
    if let Some(&title) = title.flatten() {
        let office = !HONORIFICS.contains(&lower);
        return Lead::Title(office.then_some(title));
    }
    // "Young and new faces…": an everyday word alone at the start of a
    // sentence is that word, not a name. `lower` is lowercase already: an
    // ASCII one is not copied to be lowercased again.
    let name_like = |lower: &str| match lower.is_ascii() {
        true => can_be_name(lower),
        false => name_like(lower),
    };
    if initial && (!name_like(lower) || (alone && is_everyday_word(lower))) {
        return Lead::Word;
    }
    Lead::Name
}
