//! A quick refusal before a word is looked up in one of the names' lists
//! (titles, places, the words that begin places' names): most capitalised
//! words the names are read from are on none of them, and are told so by
//! their first two letters and length alone, with no lowercase copy, hash
//! or search. The list of places is kept here.

use super::{PLACE_WORDS, TITLES};
use crate::lang::case::with_lowercase;

/// The places of `rules/names/places.txt`, lowercase, sorted by build.rs:
/// searched in place, where a set of them took a quarter of a million
/// instructions to build at each start.
static PLACES: &[&str] = include!(concat!(env!("OUT_DIR"), "/places.rs"));

/// Whether a name word is a place on the built-in list.
pub(crate) fn is_place(word: &str) -> bool {
    PLACE_SHAPES.admit(word) && with_lowercase(word, |lower| PLACES.binary_search(&lower).is_ok())
}

/// For each pair of letters a to z, a bit for each length (2 to 31
/// bytes) of the listed words that begin with it: 2.7 KB a list. (By the
/// first letter alone, the 548 places left most shapes open.)
pub(super) struct Shapes([u32; 26 * 26]);

/// The shapes of [`TITLES`].
pub(super) static TITLE_SHAPES: Shapes = Shapes::of(TITLES);

/// The shapes of [`PLACES`].
static PLACE_SHAPES: Shapes = Shapes::of(PLACES);

/// The shapes of [`PLACE_WORDS`].
pub(super) static PLACE_WORD_SHAPES: Shapes = Shapes::of(PLACE_WORDS);

impl Shapes {
    /// The shapes of `list`, whose words are lowercase ASCII of 2 to 31
    /// bytes beginning with two letters (checked as the program is built).
    const fn of(list: &[&str]) -> Shapes {
        let mut bits = [0u32; 26 * 26];
        let mut i = 0;
        while i < list.len() {
            let word = list[i].as_bytes();
            assert!(word.len() >= 2 && word.len() < 32 && word.is_ascii());
            assert!(word[0].is_ascii_lowercase() && word[1].is_ascii_lowercase());
            let pair = (word[0] - b'a') as usize * 26 + (word[1] - b'a') as usize;
            bits[pair] |= 1 << word.len();
            i += 1;
        }
        Shapes(bits)
    }

    /// Whether the lowercase form of `word` may be one of the list's:
    /// false only when it surely is not. A word with a byte past ASCII
    /// (whose lowercase form may be longer or shorter) is let through.
    #[inline]
    pub(super) fn admit(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        if self.admit_ascii(word) {
            return true;
        }
        // Of no listed shape: still let through when a character past
        // ASCII may lower to a listed word of another shape (the Kelvin
        // sign to 'k'). The bytes are or-ed together, with no branch a
        // byte: a refused word is mostly a few ASCII letters, which
        // `is_ascii`'s loop took some 50 instructions over.
        bytes.iter().fold(0, |all, &b| all | b) >= 0x80
    }

    /// [`Shapes::admit`] of a word known to be ASCII, which has no
    /// character past ASCII to let through: its shape alone.
    #[inline]
    pub(super) fn admit_ascii(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        if let [a, b, ..] = *bytes
            && a.is_ascii_alphabetic()
            && b.is_ascii_alphabetic()
            && bytes.len() < 32
        {
            let letter = |x: u8| usize::from(x.to_ascii_lowercase() - b'a');
            return self.0[letter(a) * 26 + letter(b)] & 1 << bytes.len() != 0;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word the lists hold, in any case, is let through; so is a
    /// word past ASCII. A word of a length no listed word with its first
    /// letter has is not.
    #[test]
    fn the_listed_words_are_admitted_and_others_of_no_listed_shape_are_not() {
        let lists = [
            (&TITLE_SHAPES, TITLES),
            (&PLACE_SHAPES, PLACES),
            (&PLACE_WORD_SHAPES, PLACE_WORDS),
        ];
        for (shapes, list) in lists {
            for word in list {
                assert!(shapes.admit(word), "{word}");
                assert!(shapes.admit(&word.to_uppercase()), "{word}");
            }
            for word in ["", "a", "O'Neill", "7up", "-", "Zé", "İstanbul"] {
                let listed = list.contains(&word.to_lowercase().as_str());
                assert_eq!(shapes.admit(word), listed || !word.is_ascii(), "{word}");
            }
        }
        assert!(!TITLE_SHAPES.admit("Researchers"));
        assert!(!TITLE_SHAPES.admit("The"));
        assert!(TITLE_SHAPES.admit("Mayor"));
        assert!(PLACE_SHAPES.admit(&PLACES[0].to_uppercase()));
    }
}
