//! The English dictionary (SCOWL, American and British spellings; see
//! rules/dictionaries/README.md): whether a word is in it, and the words
//! close to one that is not.

use std::sync::LazyLock;

/// The dictionary, sorted (one word a line).
static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../rules/dictionaries/en.txt")
        .lines()
        .collect()
});

/// Short forms and name particles written in lowercase, missing from the
/// word lists: "etc", "et al", "al-Rashid", "van Gogh".
const EXTRA: &[&str] = &[
    "al", "bin", "co", "da", "de", "del", "della", "der", "di", "do", "dos", "du", "e", "el", "et",
    "etc", "ibn", "inc", "la", "le", "ltd", "ok", "st", "ter", "van", "von", "vs", "x",
];

pub fn in_dictionary(word: &str) -> bool {
    let lower = word.to_lowercase();
    WORDS.binary_search(&word).is_ok()
        || WORDS.binary_search(&lower.as_str()).is_ok()
        || EXTRA.contains(&lower.as_str())
}

/// Dictionary words at edit distance 1 (or 2 for long words), best first.
pub fn suggestions(word: &str) -> Vec<&'static str> {
    let lower = word.to_lowercase();
    let n = lower.chars().count();
    let max = if n > 6 { 2 } else { 1 };
    let mut found: Vec<(usize, &'static str)> = WORDS
        .iter()
        .filter(|w| {
            w.chars().count().abs_diff(n) <= max && w.chars().next() == lower.chars().next()
        })
        .filter_map(|w| {
            let d = strsim::damerau_levenshtein(&lower, &w.to_lowercase());
            (d <= max).then_some((d, *w))
        })
        .collect();
    found.sort();
    found.into_iter().take(3).map(|(_, w)| w).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_has_both_spellings() {
        for w in [
            "colour",
            "color",
            "centre",
            "center",
            "Government",
            "signed",
        ] {
            assert!(in_dictionary(w), "{w}");
        }
        assert!(!in_dictionary("goverment"));
    }

    #[test]
    fn suggestions_are_close_words() {
        assert_eq!(suggestions("goverment").first(), Some(&"government"));
    }
}
