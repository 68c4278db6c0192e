//! The English dictionary (SCOWL, American and British spellings; see
//! rules/dictionaries/README.md): whether a word is in it, and the words
//! close to one that is not.

/// The dictionary, sorted by bytes, one word a line.
static TEXT: &str = include_str!("../../rules/dictionaries/en.txt");

/// Little-endian u32 offsets of the lines of [`TEXT`], written by build.rs
/// (which checks the order): searched in place, nothing built at start-up.
static INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dictionary.idx"));

/// Word `i` of the dictionary.
fn word(i: usize) -> &'static str {
    let at = u32::from_le_bytes(INDEX[i * 4..i * 4 + 4].try_into().expect("four bytes")) as usize;
    let rest = &TEXT[at..];
    &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())]
}

/// The dictionary's words, in order.
fn words() -> impl Iterator<Item = &'static str> {
    (0..INDEX.len() / 4).map(word)
}

/// Whether `key` is a word of the dictionary, as written.
fn listed(key: &str) -> bool {
    let (mut lo, mut hi) = (0, INDEX.len() / 4);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match word(mid).cmp(key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Short forms and name particles written in lowercase, missing from the
/// word lists: "etc", "et al", "al-Rashid", "van Gogh".
const EXTRA: &[&str] = &[
    "al", "bin", "co", "da", "de", "del", "della", "der", "di", "do", "dos", "du", "e", "el", "et",
    "etc", "ibn", "inc", "la", "le", "ltd", "ok", "st", "ter", "van", "von", "vs", "x",
];

pub fn in_dictionary(word: &str) -> bool {
    // A lowercase word (most words asked about) is searched for once, and
    // lowercased without an allocation.
    listed(word)
        || crate::lang::case::with_lowercase(word, |lower| {
            (lower != word && listed(lower)) || EXTRA.contains(&lower)
        })
}

/// Stems of contractions: "didn't", "won't", "they're" are words.
const CONTRACTION_STEMS: &[&str] = &[
    "aren", "can", "couldn", "didn", "doesn", "don", "hadn", "hasn", "haven", "isn", "mustn",
    "needn", "shan", "shouldn", "wasn", "weren", "won", "wouldn", "ain",
];

/// Letters of the Latin script: the dictionary is English, so a word in
/// another script ("中文版") is not its business.
pub fn is_latin(word: &str) -> bool {
    word.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// Is `word` (with an apostrophe) a possessive or contraction of a known word?
pub fn known_with_apostrophe(word: &str) -> bool {
    let Some((stem, _)) = word.split_once(['\'', '’']) else {
        return false;
    };
    CONTRACTION_STEMS.contains(&stem.to_lowercase().as_str()) || in_dictionary(stem)
}

/// Dictionary words at edit distance 1 (or 2 for long words), best first.
pub fn suggestions(word: &str) -> Vec<&'static str> {
    let lower = word.to_lowercase();
    let n = lower.chars().count();
    let max = if n > 6 { 2 } else { 1 };
    let mut found: Vec<(usize, &'static str)> = words()
        .filter(|w| {
            w.chars().count().abs_diff(n) <= max && w.chars().next() == lower.chars().next()
        })
        .filter_map(|w| {
            let d = strsim::damerau_levenshtein(&lower, &w.to_lowercase());
            (d <= max).then_some((d, w))
        })
        .collect();
    found.sort();
    found.into_iter().take(3).map(|(_, w)| w).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index gives the text's lines in order, and the search finds
    /// each of them and nothing between, before or after them.
    #[test]
    fn the_index_is_the_lines_of_the_text() {
        let lines: Vec<&str> = TEXT.lines().collect();
        assert_eq!(words().collect::<Vec<_>>(), lines);
        assert!(lines.iter().all(|w| listed(w)));
        for absent in ["", "!!!", "~~~", "qqqxz", "signedd", "signe"] {
            assert!(!listed(absent), "{absent}");
        }
    }

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
