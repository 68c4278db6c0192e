//! Word classes, for the phrase patterns and the kinds that ask what a word
//! can be: a lexicon of 130,000 English word forms with the classes each can
//! take (from Harper's dictionary, Apache-2.0; see
//! `rules/harper/`), searched in place with no parsing at start-up, plus
//! closed classes (auxiliaries, particles, conjunctions) written out here.
//!
//! A word's classes are those it *can* take, not the one it has in a given
//! sentence: patterns pin the reading down with the words around it.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::lang::fnv::BuildFnv;

/// `word<TAB>hex bits` lines sorted by bytes, after `#` header lines.
static LEXICON: &str = include_str!("../../rules/harper/words.txt");

// Word classes, one bit each (the lexicon's bit order first).

const NOUN: u32 = 1;
const PROPN: u32 = 1 << 1;
const VERB: u32 = 1 << 2;
const AUX: u32 = 1 << 3;
const ADJ: u32 = 1 << 4;
const ADV: u32 = 1 << 5;
const DET: u32 = 1 << 6;
const PRON: u32 = 1 << 7;
const ADP: u32 = 1 << 8;
const CONJ: u32 = 1 << 9;
const PROG: u32 = 1 << 10;
const PAST: u32 = 1 << 11;
const PLURAL: u32 = 1 << 12;
/// Bits of the lexicon file (NOUN…PLURAL); the ones after are galley's.
const LEXICON_BITS: u32 = (PLURAL << 1) - 1;
const CCONJ: u32 = 1 << 13;
const SCONJ: u32 = 1 << 14;
const PART: u32 = 1 << 15;
const NUM: u32 = 1 << 16;
/// Punctuation and symbols (given to punctuation tokens, not words).
const PUNCT: u32 = 1 << 17;
const INTJ: u32 = 1 << 18;

/// A class a pattern can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class(u32);

const CLASS_NAMES: &[(&str, u32)] = &[
    ("NOUN", NOUN),
    ("PROPN", PROPN),
    ("VERB", VERB),
    ("AUX", AUX),
    ("ADJ", ADJ),
    ("ADV", ADV),
    ("DET", DET),
    ("PRON", PRON),
    ("ADP", ADP),
    ("CONJ", CONJ | CCONJ | SCONJ),
    ("CCONJ", CCONJ),
    ("SCONJ", SCONJ),
    ("PART", PART),
    ("NUM", NUM),
    ("PROG", PROG),
    ("PAST", PAST),
    ("PLURAL", PLURAL),
    ("PUNCT", PUNCT),
    ("SYM", PUNCT),
    ("INTJ", INTJ),
];

impl Class {
    pub fn from_name(name: &str) -> Option<Class> {
        CLASS_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bits)| Class(*bits))
    }

    pub fn admits(self, classes: u32) -> bool {
        classes & self.0 != 0
    }
}

pub(crate) const BE: &[&str] = &[
    "be", "am", "is", "are", "was", "were", "been", "being", "'m", "'re", "isn't", "aren't",
    "wasn't", "weren't", "ain't",
];
const MODALS: &[&str] = &[
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "ought",
    "cannot",
    "won't",
    "wouldn't",
    "shan't",
    "shouldn't",
    "can't",
    "couldn't",
    "mightn't",
    "mustn't",
    "'ll",
    "'d",
];
const HAVE_DO: &[&str] = &[
    "have", "has", "had", "having", "do", "does", "did", "don't", "doesn't", "didn't", "haven't",
    "hasn't", "hadn't", "'ve",
];
const PARTICLES: &[&str] = &["to", "not", "n't", "'s"];
const COORDINATORS: &[&str] = &["and", "or", "but", "nor", "yet", "so", "plus"];
const SUBORDINATORS: &[&str] = &[
    "because", "although", "though", "if", "unless", "while", "whereas", "whether", "since",
    "until", "till", "once", "whenever", "wherever", "that", "when", "after", "before", "as",
];
const INTERJECTIONS: &[&str] = &[
    "oh", "ah", "wow", "hey", "hi", "hello", "yes", "yeah", "no", "ok", "okay", "please", "thanks",
    "ouch", "oops", "alas", "hmm", "um", "uh", "well", "bye",
];
const INDEFINITE_PRONOUNS: &[&str] = &[
    "others",
    "another",
    "something",
    "anything",
    "nothing",
    "everything",
    "someone",
    "anyone",
    "everyone",
    "no-one",
    "nobody",
    "somebody",
    "anybody",
    "everybody",
    "none",
    "oneself",
];
/// Adverbs of degree: what follows them is an adjective or an adverb when
/// it can be ("so far", "very well").
const DEGREE_ADVERBS: &[&str] = &[
    "very",
    "so",
    "too",
    "quite",
    "rather",
    "really",
    "extremely",
    "fairly",
    "as",
    "how",
];
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
];

/// Lowercase with typographic apostrophes straightened: the form patterns
/// and tokens are compared in.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`], appending to `out`.
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        // Copied whole and lowercased in place: no per-character pushes.
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        match c {
            '’' | 'ʼ' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Membership of the closed classes above, one bit a list.
const IN_BE: u16 = 1;
const IN_MODALS: u16 = 1 << 1;
const IN_HAVE_DO: u16 = 1 << 2;
const IN_PARTICLES: u16 = 1 << 3;
const IN_COORDINATORS: u16 = 1 << 4;
const IN_SUBORDINATORS: u16 = 1 << 5;
const IN_NUMBER_WORDS: u16 = 1 << 6;
const IN_INTERJECTIONS: u16 = 1 << 7;
const IN_INDEFINITE: u16 = 1 << 8;

/// Fixed words, so a fixed hash: no text can make its look-ups collide
/// more than the words themselves do.
static CLOSED: LazyLock<HashMap<&'static str, u16, BuildFnv>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, u16, BuildFnv> = HashMap::default();
    for (list, bit) in [
        (BE, IN_BE),
        (MODALS, IN_MODALS),
        (HAVE_DO, IN_HAVE_DO),
        (PARTICLES, IN_PARTICLES),
        (COORDINATORS, IN_COORDINATORS),
        (SUBORDINATORS, IN_SUBORDINATORS),
        (NUMBER_WORDS, IN_NUMBER_WORDS),
        (INTERJECTIONS, IN_INTERJECTIONS),
        (INDEFINITE_PRONOUNS, IN_INDEFINITE),
    ] {
        for word in list {
            *map.entry(word).or_default() |= bit;
        }
    }
    map
});

/// The classes `lower` (a folded word) can take, out of context.
pub fn classes(lower: &str) -> u32 {
    let closed = CLOSED.get(lower).copied().unwrap_or(0);
    let grammatical =
        IN_BE | IN_MODALS | IN_HAVE_DO | IN_PARTICLES | IN_COORDINATORS | IN_SUBORDINATORS;
    // A word the lexicon does not know is most likely a name or a noun.
    let unknown = if closed & grammatical != 0 {
        0
    } else {
        NOUN | PROPN
    };
    let mut bits = lookup(lower).unwrap_or(unknown);
    if closed & IN_BE != 0 || lower.ends_with("n't") {
        bits = AUX;
    } else if closed & IN_MODALS != 0 {
        bits = (bits & !VERB) | AUX;
    } else if closed & IN_INDEFINITE != 0 {
        bits = PRON | (bits & DET);
    } else if closed & IN_HAVE_DO != 0 {
        bits |= AUX | VERB;
    }
    for (member, bit) in [
        (IN_PARTICLES, PART),
        (IN_COORDINATORS, CCONJ),
        (IN_SUBORDINATORS, SCONJ),
        (IN_NUMBER_WORDS, NUM),
        (IN_INTERJECTIONS, INTJ),
    ] {
        if closed & member != 0 {
            bits |= bit;
        }
    }
    bits
}

const STRONG_DETERMINERS: &[&str] = &[
    "a", "an", "the", "my", "your", "our", "their", "its", "his", "every", "each", "these", "those",
];
const PREPOSITIONS: &[&str] = &[
    "after", "before", "for", "with", "of", "in", "on", "at", "from", "during", "without", "about",
    "into", "onto", "under", "over", "through", "between", "among",
];
const SUBJECT_PRONOUNS: &[&str] = &["i", "we", "they", "he", "she", "you"];

/// Narrows a word's classes (`bits`) by its neighbours, the way a tagger's
/// first rules do: after "the" or "after", "lunch" is a noun, not a verb;
/// after "could" or "they", "work" is a verb; "low" before a noun is an
/// adjective. `prev` is the word before (folded), `next` the classes of the
/// word after, out of context.
pub fn in_context(mut bits: u32, prev: Option<&str>, next: Option<u32>) -> u32 {
    let nominal = bits & (NOUN | PROPN | ADJ | ADV) != 0;
    if let Some(prev) = prev {
        if nominal && (STRONG_DETERMINERS.contains(&prev) || PREPOSITIONS.contains(&prev)) {
            bits &= !(VERB | AUX);
        }
        if bits & (ADJ | ADV) != 0 && DEGREE_ADVERBS.contains(&prev) {
            bits &= ADJ | ADV;
        }
        if bits & VERB != 0 && (MODALS.contains(&prev) || SUBJECT_PRONOUNS.contains(&prev)) {
            bits &= !(NOUN | PROPN | ADJ);
        }
    }
    if let Some(next) = next {
        // "will", "can", "may" before a verb are auxiliaries, not nouns.
        if bits & AUX != 0 && next & (VERB | AUX | PART) != 0 {
            bits &= !(NOUN | PROPN);
        }
        // An adjective-or-verb before a noun that is no verb: adjective.
        if bits & ADJ != 0 && next & (NOUN | PROPN) != 0 && next & (VERB | AUX) == 0 {
            bits &= !VERB;
        }
    }
    bits
}

/// Whether the lexicon knows `lower` as an everyday word (a class other
/// than proper noun), like "young" or "tom".
/// Whether a lowercase word can be a noun or an adjective: a word that can
/// stand in a name beside another name (Christopher *Hill*, *Cyclone*
/// Phailin), unlike an adverb or a verb (*jointly*, *establish*).
pub fn can_be_nominal(lower: &str) -> bool {
    lookup(lower).is_some_and(|bits| bits & (NOUN | PROPN | ADJ) != 0)
}

pub fn is_everyday_word(lower: &str) -> bool {
    lookup(lower).is_some_and(|bits| bits & !PROPN != 0)
}

/// Whether `lower` can be a name: the lexicon knows it as a proper noun
/// (among other things, like "tom"), or does not know it at all.
pub fn can_be_name(lower: &str) -> bool {
    lookup(lower).is_none_or(|bits| bits & PROPN != 0)
}

/// [`can_be_name`] and [`is_everyday_word`] of `lower` together, by one
/// look-up: the names' lead test asks both of a sentence's first word.
pub fn can_be_name_and_is_everyday(lower: &str) -> (bool, bool) {
    match lookup(lower) {
        None => (true, false),
        Some(bits) => (bits & PROPN != 0, bits & !PROPN != 0),
    }
}

/// Whether the lexicon knows `lower` as a proper noun and it is no
/// function word ("brown", "kelly"; not "it" or "he", which it also marks).
pub fn is_known_name(lower: &str) -> bool {
    lookup(lower).is_some_and(|bits| bits & PROPN != 0) && !can_be_function_word(lower)
}

/// Whether `lower` can be a preposition ("to", "of", "beyond").
pub fn can_be_preposition(lower: &str) -> bool {
    classes(lower) & ADP != 0
}

/// Whether `lower` can be a word of a closed class: a determiner, pronoun,
/// preposition, conjunction, auxiliary or particle ("the", "of", "and").
pub fn can_be_function_word(lower: &str) -> bool {
    classes(lower) & (DET | PRON | ADP | CONJ | CCONJ | SCONJ | AUX | PART) != 0
}

/// Whether `lower` can be a verb in its base or present form ("fork",
/// "add"; not "felt" or "adding" alone).
pub fn can_be_verb_base(lower: &str) -> bool {
    lookup(lower).is_some_and(|bits| bits & VERB != 0 && bits & (PAST | PROG) == 0)
}

/// Whether `lower` can be a determiner or a pronoun ("the", "this", "it").
pub fn can_be_determiner_or_pronoun(lower: &str) -> bool {
    classes(lower) & (DET | PRON) != 0
}

/// Whether the lexicon knows `lower` as a noun that is not also a verb
/// ("width", not "hand" or "go").
pub fn is_noun_not_verb(lower: &str) -> bool {
    lookup(lower).is_some_and(|bits| bits & NOUN != 0 && bits & (VERB | AUX) == 0)
}

/// Whether the lexicon knows `lower` as a noun that is not also a past
/// form or a number word ("tables", not "felt" or "two").
pub fn can_be_noun_not_past(lower: &str) -> bool {
    lookup(lower).is_some_and(|bits| bits & NOUN != 0 && bits & PAST == 0)
        && classes(lower) & NUM == 0
}

/// Whether the lexicon knows `lower` only as a proper noun.
pub fn is_proper_noun_only(lower: &str) -> bool {
    lookup(lower) == Some(PROPN)
}

/// The classes of a capitalised word inside a sentence: a name.
pub const NAME: u32 = PROPN;
/// The classes of punctuation and of figures.
pub const PUNCTUATION: u32 = PUNCT;
pub const NUMBER: u32 = NUM;

/// Little-endian u32 offsets of the lexicon's entries, in order: written by
/// build.rs, which checks the order, so that a lookup is a plain binary
/// search with nothing built at start-up.
static INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.idx"));

/// How entry `i` of the lexicon (its word) compares with `word`, read in
/// place: the entry's bytes up to `word`'s length, then whether its word
/// ends there (at its tab). build.rs checks that every entry is a word of
/// printable bytes, a tab and its classes, so this is the comparison of
/// the entry's word with `word`, without finding the word's end first.
fn compare_entry(i: usize, word: &[u8]) -> std::cmp::Ordering {
    let text = &LEXICON.as_bytes()[entry_start(i)..];
    let n = word.len().min(text.len());
    text[..n]
        .cmp(&word[..n])
        .then_with(|| match text.get(word.len()) {
            None => std::cmp::Ordering::Less,
            Some(b'\t') => std::cmp::Ordering::Equal,
            Some(_) => std::cmp::Ordering::Greater,
        })
}

/// Where entry `i` starts in the lexicon.
fn entry_start(i: usize) -> usize {
    u32::from_le_bytes(INDEX[i * 4..i * 4 + 4].try_into().expect("4 bytes")) as usize
}

thread_local! {
    /// Words looked up lately on this thread: an article names the same
    /// words again and again. Cleared when it grows past a few thousand.
    static RECENT: std::cell::RefCell<foldhash::HashMap<Box<str>, Option<u32>>> =
        std::cell::RefCell::new(foldhash::HashMap::default());
}

/// The lexicon's entry for `word`: its classes.
fn lookup(word: &str) -> Option<u32> {
    RECENT.with(|recent| {
        if let Some(found) = recent.borrow().get(word) {
            return *found;
        }
        let found = search(word);
        let mut recent = recent.borrow_mut();
        if recent.len() > 4096 {
            recent.clear();
        }
        recent.insert(word.into(), found);
        found
    })
}

/// Binary search of the lexicon for `word`.
fn search(word: &str) -> Option<u32> {
    let (mut lo, mut hi) = (0, INDEX.len() / 4);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match compare_entry(mid, word.as_bytes()) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => {
                let text = &LEXICON.as_bytes()[entry_start(mid) + word.len() + 1..];
                let bits = text
                    .iter()
                    .take_while(|&&b| b != b'\n')
                    .try_fold(0u32, |acc, &b| Some(acc * 16 + char::from(b).to_digit(16)?))?;
                return Some(bits & LEXICON_BITS);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_is_sorted_and_searchable() {
        let mut last: Option<&str> = None;
        for line in LEXICON.lines().filter(|l| !l.starts_with('#')) {
            let key = line.split('\t').next().expect("key");
            if let Some(prev) = last {
                assert!(prev.as_bytes() < key.as_bytes(), "{prev} before {key}");
            }
            last = Some(key);
        }
        // Every entry is found with the classes its line gives, and a word
        // one byte short of or past an entry only when it is one.
        let words: std::collections::HashSet<&str> = LEXICON
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect();
        for line in LEXICON.lines().filter(|l| !l.starts_with('#')) {
            let (key, hex) = line.split_once('\t').expect("a tab");
            let bits = u32::from_str_radix(hex, 16).expect("hex");
            assert_eq!(search(key), Some(bits & LEXICON_BITS), "{key}");
            for near in [
                &key[..key.len() - 1],
                &format!("{key}a"),
                &format!("{key}\t"),
            ] {
                assert_eq!(search(near).is_some(), words.contains(near), "{near:?}");
            }
        }
        assert!(lookup("the").is_some_and(|b| b & DET != 0));
        assert!(lookup("quickly").is_some_and(|b| b & ADV != 0));
        assert!(lookup("running").is_some_and(|b| b & PROG != 0));
        assert_eq!(lookup("zzzzqx"), None);
        assert_eq!(lookup("a"), lookup("a"));
    }

    #[test]
    fn context_narrows_classes() {
        let lunch = classes("lunch");
        assert!(lunch & VERB != 0);
        assert_eq!(in_context(lunch, Some("after"), None) & VERB, 0);
        let work = classes("work");
        assert_eq!(in_context(work, Some("could"), None) & NOUN, 0);
    }

    #[test]
    fn closed_classes() {
        assert_eq!(classes("is") & (AUX | VERB), AUX);
        assert!(classes("have") & AUX != 0);
        assert!(classes("not") & PART != 0);
        assert!(classes("because") & SCONJ != 0);
        assert!(classes("others") & PRON != 0);
        assert_eq!(classes("zzqxv"), NOUN | PROPN);
    }
}
