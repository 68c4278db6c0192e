//! The known misspellings (the typos project's dictionary, crate
//! `typos-dict`, MIT OR Apache-2.0): a table built by build.rs, searched in
//! place, behind a Bloom filter that turns most correct words away.

/// The corrections the dictionary gives for `word`, if it is a known
/// misspelling.
pub fn corrections(word: &str) -> Option<Vec<&'static str>> {
    if !maybe_listed(word) || is_common(word) {
        return None;
    }
    let key = word.to_lowercase();
    let count = INDEX.len() / 4;
    // Line `i`'s key (up to its tab, or its end), and what follows it.
    let line = |i: usize| {
        let at =
            u32::from_le_bytes(INDEX[i * 4..i * 4 + 4].try_into().expect("four bytes")) as usize;
        let rest = &TABLE[at..];
        let end = rest.bytes().position(|b| b == b'\t' || b == b'\n');
        rest.split_at(end.unwrap_or(rest.len()))
    };
    // Binary search over the sorted keys; the corrections are read only
    // from the line found.
    let (mut lo, mut hi) = (0, count);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let (k, after) = line(mid);
        match k.cmp(key.as_str()) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => {
                let v = after.strip_prefix('\t').unwrap_or("");
                let v = &v[..v.find('\n').unwrap_or(v.len())];
                return Some(v.split(',').filter(|c| !c.is_empty()).collect());
            }
        }
    }
    None
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
    filter_bit(filter_index(word))
}

/// [`maybe_listed`] of an ASCII word by its key (see
/// [`word_key`](crate::lang::fnv::word_key)): the filter's hash is the
/// same, and its bit index the key's top bits.
pub(crate) fn maybe_listed_by_key(key: u32) -> bool {
    filter_bit((key >> (32 - FILTER_BITS)) as usize)
}

fn filter_bit(i: usize) -> bool {
    FILTER[i >> 3] & (1 << (i & 7)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_key_gives_the_filter_bit_of_its_word() {
        let words = TABLE
            .lines()
            .step_by(11)
            .map(|l| l.split('\t').next().unwrap());
        for word in words.chain(["the", "Government", "x", "zzzzqqq"]) {
            let key = crate::lang::fnv::word_key(word.as_bytes());
            assert_eq!(maybe_listed_by_key(key), maybe_listed(word), "{word}");
            assert_eq!(
                key >> (32 - FILTER_BITS),
                filter_index(word) as u32,
                "{word}"
            );
        }
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
