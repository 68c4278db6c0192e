//! The known misspellings (the typos project's dictionary, crate
//! `typos-dict`, MIT OR Apache-2.0): a table built by build.rs, searched in
//! place, behind a Bloom filter that turns most correct words away.

use crate::lang::case::with_lowercase;

/// The corrections the dictionary gives for `word`, if it is a known
/// misspelling.
pub fn corrections(word: &str) -> Option<Vec<&'static str>> {
    if !maybe_listed(word) || is_common(word) {
        return None;
    }
    with_lowercase(word, |key| {
        let count = INDEX.len() / 4;
        // Binary search over the sorted keys; the corrections are read only
        // from the line found.
        let (mut lo, mut hi) = (0, count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = u32::from_le_bytes(INDEX[mid * 4..mid * 4 + 4].try_into().expect("4 bytes"));
            let line = &TABLE[at as usize..];
            match compare_key(line.as_bytes(), key.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let v = line[key.len()..].strip_prefix('\t').unwrap_or("");
                    let v = &v[..v.find('\n').unwrap_or(v.len())];
                    return Some(v.split(',').filter(|c| !c.is_empty()).collect());
                }
            }
        }
        None
    })
}

/// How the key of the table's line `line` (its bytes up to a tab or a line
/// break, or to its end) compares with `key`: as `str::cmp` of the two,
/// read in one pass, without finding the key's end first.
fn compare_key(line: &[u8], key: &[u8]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let ends = |b: Option<&u8>| matches!(b, None | Some(b'\t' | b'\n'));
    for (i, &k) in key.iter().enumerate() {
        // The line's key ends first: it is a prefix of `key`, and less.
        if ends(line.get(i)) {
            return Ordering::Less;
        }
        match line[i].cmp(&k) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    if ends(line.get(key.len())) {
        Ordering::Equal
    } else {
        Ordering::Greater
    }
}

/// The misspellings, one "key\tcorrection,correction" line each, sorted by
/// key (lowercase); built by build.rs from the typos project's dictionary.
static TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/misspellings.txt"));

/// Little-endian u32 offsets of the lines of [`TABLE`].
static INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/misspellings.idx"));

/// A one-hash Bloom filter over the table's keys, computed by build.rs: most
/// words of a correct text are rejected by one bit test.
static FILTER: &[u8; 1 << (FILTER_BITS - 3)] =
    include_bytes!(concat!(env!("OUT_DIR"), "/misspelling_filter.bin"));

include!("misspelling_filter.rs");

/// The commonest English words, about half of any article: never
/// misspellings, and answered without touching the filter. Sorted.
const COMMON: &[&str] = &[
    "about", "after", "all", "also", "and", "are", "been", "but", "can", "for", "from", "had",
    "has", "have", "her", "his", "its", "more", "new", "not", "one", "our", "said", "she", "that",
    "the", "their", "they", "this", "two", "was", "were", "when", "which", "who", "will", "with",
    "would", "year", "years",
];

fn is_common(word: &str) -> bool {
    word.len() <= 5 && COMMON.iter().any(|c| c.eq_ignore_ascii_case(word))
}

/// False means certainly not in the dictionary; true means look it up.
/// Non-ASCII words are always looked up (their lowercase form may differ in
/// bytes from what the filter hashed).
pub(crate) fn maybe_listed(word: &str) -> bool {
    if !word.is_ascii() {
        return true;
    }
    maybe_listed_by_key(filter_key(word))
}

/// [`maybe_listed`] of an ASCII word by its key (see
/// [`word_key`](crate::lang::fnv::word_key)): the filter's key is the
/// same. The second bit is read only when the first is set (about 2 % of
/// words).
pub(crate) fn maybe_listed_by_key(key: u32) -> bool {
    let [first, second] = filter_bits(key);
    filter_bit(first) && filter_bit(second)
}

fn filter_bit(i: usize) -> bool {
    FILTER[i >> 3] & (1 << (i & 7)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass comparison is `str::cmp` of the line's key, and the
    /// search finds each key's own corrections.
    #[test]
    fn the_search_finds_each_line_by_its_key() {
        let lines: Vec<&str> = TABLE.lines().step_by(97).collect();
        assert!(lines.len() > 100);
        for line in &lines {
            let (key, fixes) = line.split_once('\t').unwrap();
            let wanted: Vec<&str> = fixes.split(',').filter(|c| !c.is_empty()).collect();
            if maybe_listed(key) && !is_common(key) {
                assert_eq!(corrections(key), Some(wanted), "{key}");
            }
            for probe in [
                key,
                "",
                "a",
                "zzz",
                &key[..key.len() / 2],
                &format!("{key}s"),
            ] {
                let expected = key.cmp(probe);
                assert_eq!(compare_key(line.as_bytes(), probe.as_bytes()), expected);
                let last = key.to_string();
                assert_eq!(compare_key(last.as_bytes(), probe.as_bytes()), expected);
            }
        }
    }

    #[test]
    fn a_word_key_gives_the_filter_bits_of_its_word() {
        let words = TABLE
            .lines()
            .step_by(11)
            .map(|l| l.split('\t').next().unwrap());
        for word in words.chain(["the", "Government", "x", "zzzzqqq"]) {
            let key = crate::lang::fnv::word_key(word.as_bytes());
            assert_eq!(maybe_listed_by_key(key), maybe_listed(word), "{word}");
            assert_eq!(key, filter_key(word), "{word}");
        }
    }

    /// Few correct words get past the filter to the table's search: with
    /// one bit a word about one in 90 of the dictionary's did, with two
    /// about one in 2,000.
    #[test]
    fn few_correct_words_pass_the_filter() {
        let listed: std::collections::HashSet<&str> = TABLE
            .lines()
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        let words: Vec<&str> = include_str!("../../rules/dictionaries/en.txt")
            .lines()
            .filter(|w| w.is_ascii() && !listed.contains(w.to_lowercase().as_str()))
            .collect();
        assert!(words.len() > 20_000, "{}", words.len());
        let passed = words.iter().filter(|w| maybe_listed(w)).count();
        assert!(
            passed * 1000 < words.len() * 3,
            "{passed} of {} correct words pass the filter",
            words.len()
        );
    }

    #[test]
    fn the_filter_never_rejects_a_listed_word() {
        for line in TABLE.lines().step_by(7) {
            let (key, listed) = line.split_once('\t').unwrap_or((line, ""));
            assert!(maybe_listed(key), "{key}");
            assert!(maybe_listed(&key.to_uppercase()), "{key} in capitals");
            let listed: Vec<&str> = listed.split(',').filter(|c| !c.is_empty()).collect();
            assert_eq!(corrections(key), Some(listed), "{key} is found");
        }
    }
}
