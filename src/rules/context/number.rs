//! The number-slip gate of the `context` kind (`number = true`): a noun is
//! judged against its other number only right after a word that fixes its
//! number, "these *year*", "several *car*", "this *problems* is",
//! "one *examples*", and only in the direction that word asks for.

use compact_str::CompactString;

use crate::document::Word;
use crate::lang::fnv::word_key;
use crate::lang::lexicon::{self, Class};
use crate::lang::model::Model;
use crate::lang::model::neighbours::{Alternative, number_candidates};

/// The other number of word `id` that the lexicon knows as a noun
/// (year/years, not news/new), each with `min_gain`.
pub(super) fn candidates(m: &Model, id: u32, floor: f32, min_gain: f32) -> Vec<Alternative> {
    let noun = Class::from_name("NOUN").expect("a class galley defines");
    number_candidates(m, id, floor, min_gain)
        .into_iter()
        .filter(|alt| noun.admits(lexicon::classes(m.word(alt.id))))
        .collect()
}

/// Words that take a singular noun ("that" is too often a conjunction:
/// "said that prices rose").
const SINGULAR: &[&str] = &["a", "an", "another", "each", "every", "one", "this"];

/// Of [`SINGULAR`], the articles whose plural `a-with-plural` reports
/// when it ends its phrase: judged here only before a noun ("in a
/// *kitchens* drawer"), where a plural may name the noun ("a sales team"),
/// so at [`ARTICLE_ODDS`] times the rule's odds.
const ARTICLES: &[&str] = &["a", "an", "every"];

/// How many times the rule's odds a plural needs after an article.
pub(super) const ARTICLE_ODDS: f32 = 100.0;

/// Words that take a plural noun when no determiner comes before them:
/// "other *nation*", unlike "no other way", "any other country", "each
/// other". (Not "such": "such property" is as often a mass noun.)
const BARE_PLURAL: &[&str] = &["other"];

/// Nouns plural in form and singular in use: "a news service", "this
/// series", "one means".
const SINGULAR_IN_USE: &[&str] = &[
    "barracks",
    "crossroads",
    "headquarters",
    "means",
    "news",
    "series",
    "species",
    "whereabouts",
];

/// Words that take a plural noun.
const PLURAL: &[&str] = &[
    "both", "eight", "few", "five", "four", "many", "nine", "numerous", "several", "seven", "six",
    "ten", "these", "those", "three", "twelve", "twenty", "two", "various",
];

/// Whether the word at `k` of `words` (all in `text`) follows a word of
/// [`SINGULAR`], [`PLURAL`] or [`BARE_PLURAL`], in any case, after one
/// space, and ends in `s` after a word of [`SINGULAR`]: the cheap first
/// tests of [`judged`], which leave every other word alone. A number rule
/// asks them before anything else of a word, so that the few words that
/// pass are the only ones it reads further ("a year", most words after a
/// determiner, are left here, before their model id, sentence and case
/// are asked).
pub(super) fn after_determiner(text: &str, words: &[Word], k: usize) -> bool {
    k > 0 && {
        let (prev, word) = (words[k - 1].range(), words[k].range());
        // ASCII case folding, as `judged`'s full lowercasing for these
        // words: the lists are ASCII, and the one other letter that
        // lowercases to ASCII, the Kelvin sign, gives a `k`, which none of
        // them holds. A word of eight bytes at most is compared as one
        // number with each determiner.
        determiner(&text.as_bytes()[prev.clone()]).is_some_and(|list| {
            &text.as_bytes()[prev.end..word.start] == b" "
                && (!matches!(list, List::Article | List::Singular)
                    || matches!(text.as_bytes()[word.clone()].last(), Some(b's' | b'S')))
        })
    }
}

/// The place in [`DETERMINERS`] of the number that `det`'s bytes, ASCII
/// lowercased, make (a word of at most eight bytes); the word there has
/// the same bytes when it has the same length.
#[inline(always)]
fn determiner_index(det: &[u8]) -> Option<usize> {
    if det.len() > 8 {
        return None;
    }
    // Made in a register: bytes stored one by one and read back as a
    // number stall the read.
    let lower = det.iter().enumerate().fold(0u64, |n, (i, b)| {
        n | u64::from(b.to_ascii_lowercase()) << (8 * i)
    });
    DETERMINERS.iter().position(|&d| d == lower)
}

/// Whether a word whose key (`rules::Shared::word_keys`: 0 for none) is
/// `key` may be a word of [`SINGULAR`], [`PLURAL`] or [`BARE_PLURAL`]:
/// `false` only for a word that is none of them, so that a number rule
/// turns away most words by the key of the word before, without reading
/// it. (A word that has a key has the key of its lowercase spelling.)
#[cfg(test)]
pub(super) fn may_be_determiner(key: u32) -> bool {
    determiner_keys().may_be(key)
}

/// The determiners' keys, and a bit in front for each one's low 12 bits
/// (see [`DeterminerKeys::may_be`]).
pub(super) struct DeterminerKeys {
    keys: [u32; 32],
    bits: [u64; 64],
}

impl DeterminerKeys {
    /// [`may_be_determiner`], with the table fetched once by the caller.
    #[inline]
    pub(super) fn may_be(&self, key: u32) -> bool {
        // 32 keys, 0 after the determiners' (a key of 0 passes anyway): a
        // comparison with each, without a loop over what is left.
        // In front, a bit for each determiner's key's low 12 bits (512
        // bytes): all but some 1 in 130 of the other words are turned away
        // by one bit test (with the low byte alone, 1 in 9 went on to the
        // comparisons).
        key == 0
            || (self.bits[(key as usize & 0xfff) >> 6] >> (key & 63) & 1 == 1
                && self.keys.contains(&key))
    }
}

/// The table of [`DeterminerKeys`], made once.
pub(super) fn determiner_keys() -> &'static DeterminerKeys {
    const _: () = assert!(SINGULAR.len() + PLURAL.len() + BARE_PLURAL.len() <= 32);
    static KEYS: std::sync::OnceLock<DeterminerKeys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let (mut keys, mut bits) = ([0; 32], [0u64; 64]);
        let words = [SINGULAR, PLURAL, BARE_PLURAL].concat();
        for (to, word) in keys.iter_mut().zip(&words) {
            *to = word_key(word.as_bytes());
            bits[(*to as usize & 0xfff) >> 6] |= 1 << (*to & 63);
        }
        DeterminerKeys { keys, bits }
    })
}

/// The words of [`SINGULAR`], [`PLURAL`] and [`BARE_PLURAL`], each as the
/// number its bytes make, zeros after (a word of eight bytes at most, which
/// the build checks).
const DETERMINERS: [u64; SINGULAR.len() + PLURAL.len() + BARE_PLURAL.len()] = {
    let mut out = [0; SINGULAR.len() + PLURAL.len() + BARE_PLURAL.len()];
    let lists = [SINGULAR, PLURAL, BARE_PLURAL];
    let (mut l, mut n) = (0, 0);
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let word = lists[l][i].as_bytes();
            assert!(!word.is_empty() && word.len() <= 8);
            let mut bytes = [0u8; 8];
            let mut b = 0;
            while b < word.len() {
                bytes[b] = word[b];
                b += 1;
            }
            out[n] = u64::from_le_bytes(bytes);
            (i, n) = (i + 1, n + 1);
        }
        l += 1;
    }
    out
};

/// log10 of the factor on the rule's odds for the word at `k` (see
/// [`judged`]; 0 for a rule that does not judge number), `None` when a
/// number rule leaves it alone.
#[inline]
pub(super) fn factor(
    number: bool,
    text: &str,
    words: &[Word],
    k: usize,
    start: usize,
    end: usize,
) -> Option<f32> {
    match number {
        true => judged(text, words, k, start, end).map(f32::log10),
        false => Some(0.0),
    }
}

/// `word` in lowercase, as `to_lowercase` gives it, kept inline when short.
fn lowercase(word: &str) -> CompactString {
    if word.is_ascii() {
        let mut lower = CompactString::new(word);
        lower.make_ascii_lowercase();
        lower
    } else {
        word.to_lowercase().into()
    }
}

/// Whether the word at `k` of `words` (its sentence's words running from
/// `start` to `end`, all in `text`) is to be judged for number: a noun
/// right after a word of [`SINGULAR`] written plural, or after one of
/// [`PLURAL`] written singular; not a plural that names the noun after it
/// ("this sales team", "one savings account"), a singular before a plural
/// ("many tourist resorts", "two party leaders") nor a possessive ("these
/// investors' funds").
/// `None` when not judged, else the factor on the rule's odds.
fn judged(text: &str, words: &[Word], k: usize, start: usize, end: usize) -> Option<f32> {
    if k <= start || k >= end {
        return None;
    }
    let (prev, word) = (&words[k - 1], &words[k]);
    // Which list the word before is in (none: nothing is judged).
    let list = determiner(&text.as_bytes()[prev.range()])?;
    let c = classes();
    let after = &text[word.range().end..];
    let before = &text[..prev.range().start];
    let det = &text[prev.range()];
    // One space between; not a possessive, not part of a compound
    // ("under-five"), not a capitalised numeral inside a sentence (BBC Two).
    if &text[prev.range().end..word.range().start] != " "
        || after.starts_with(['\'', '’'])
        || before.ends_with(['-', '‐', '‑', '/'])
        || (k - 1 > start && det.starts_with(|c: char| c.is_uppercase()))
    {
        return None;
    }
    // After a word of [`SINGULAR`], only a plural is judged: a word without
    // a final `s` is left before the lexicon is read, and before it is
    // lowercased (only `S` lowercases to `s`).
    if matches!(list, List::Article | List::Singular) && !text[word.range()].ends_with(['s', 'S']) {
        return None;
    }
    let written = lowercase(&text[word.range()]);
    let bits = lexicon::classes(&written);
    let is_plural = c.plural.admits(bits)
        && written.ends_with('s')
        && !SINGULAR_IN_USE.contains(&written.as_str());
    // A noun, not a participle ("those warning that", "both hurt").
    if !c.noun.admits(bits) || c.prog.admits(bits) || c.past.admits(bits) {
        return None;
    }
    let next = (k + 1 < end && &text[word.range().end..words[k + 1].range().start] == " ")
        .then(|| lexicon::classes(&lowercase(&text[words[k + 1].range()])));
    // Before a noun (not an auxiliary: "this offers was"), the word may
    // name it: "these routine checks", "this sales team".
    let before_noun = next.is_some_and(|n| c.noun.admits(n) && !c.aux.admits(n));
    match list {
        List::Article => (is_plural && before_noun).then_some(ARTICLE_ODDS),
        List::Singular => (is_plural && !before_noun).then_some(1.0),
        List::BarePlural => {
            let bare = k - 1 == start || {
                let p = lexicon::classes(&lowercase(&text[words[k - 2].range()]));
                !(c.det.admits(p) || c.pron.admits(p))
            };
            (bare && !is_plural && !before_noun).then_some(1.0)
        }
        List::Plural => (!is_plural && !before_noun).then_some(1.0),
    }
}

/// Which of the lists a word that fixes a noun's number is in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum List {
    /// [`ARTICLES`] (of [`SINGULAR`]).
    Article,
    /// The rest of [`SINGULAR`].
    Singular,
    /// [`BARE_PLURAL`].
    BarePlural,
    /// [`PLURAL`].
    Plural,
}

/// The list `det` is in, in any case (ASCII folding, as for
/// [`after_determiner`]: every word of the lists is ASCII and none holds
/// a `k`), by the number its bytes make.
fn determiner(det: &[u8]) -> Option<List> {
    let i = determiner_index(det)?;
    let word = SINGULAR.iter().chain(PLURAL).chain(BARE_PLURAL).nth(i)?;
    // The same number and length: the same word.
    if word.len() != det.len() {
        return None;
    }
    Some(if i < SINGULAR.len() {
        if ARTICLES.contains(word) {
            List::Article
        } else {
            List::Singular
        }
    } else if i < SINGULAR.len() + PLURAL.len() {
        List::Plural
    } else {
        List::BarePlural
    })
}

/// The lexicon's classes that [`judged`] reads, found once.
struct Classes {
    noun: Class,
    plural: Class,
    aux: Class,
    prog: Class,
    past: Class,
    det: Class,
    pron: Class,
}

fn classes() -> &'static Classes {
    static CLASSES: std::sync::OnceLock<Classes> = std::sync::OnceLock::new();
    CLASSES.get_or_init(|| {
        let class = |name| Class::from_name(name).expect("a class galley defines");
        Classes {
            noun: class("NOUN"),
            plural: class("PLURAL"),
            aux: class("AUX"),
            prog: class("PROG"),
            past: class("PAST"),
            det: class("DET"),
            pron: class("PRON"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{after_determiner, judged, may_be_determiner};
    use crate::document::{ArticleSettings, Document, Format};
    use crate::lang::fnv::word_key;
    use crate::rules::test_support::{flagged, rule};
    use crate::source::SourceFile;

    /// Every word `judged` would judge passes the first test, whatever the
    /// determiner's case, and the others mostly do not.
    #[test]
    fn the_determiner_test_passes_every_word_judged() {
        let text = "THESE year ended. Several car went there. Other nation met us. \
            One examples is here. Each houses stood. A kitchens drawer broke. \
            Two house stood. We saw few minute and various plan. \
            The year ended with these investors' funds. A house and one plan \
            stood, these  years passed.";
        let source = SourceFile::new("t.txt", text);
        let doc = Document::parse(&source, Format::TEXT, &ArticleSettings::default());
        let (mut judged_words, mut passed) = (0, 0);
        for block in &doc.blocks {
            let words = &doc.words[block.words()];
            for s in &doc.sentences[block.sentences()] {
                let (from, to) = (
                    s.words().start - block.words().start,
                    s.words().end - block.words().start,
                );
                for k in from..to {
                    let gate = after_determiner(block.text(), words, k);
                    // The key test before it never turns away a word it
                    // passes (keys as the check makes them: none for "a").
                    if gate {
                        let before = block.text()[words[k - 1].range()].as_bytes();
                        let key = if before.len() > 1 {
                            word_key(before)
                        } else {
                            0
                        };
                        assert!(
                            may_be_determiner(key),
                            "{}",
                            &block.text()[words[k].range()]
                        );
                    }
                    passed += usize::from(gate);
                    if judged(block.text(), words, k, from, to).is_some() {
                        judged_words += 1;
                        assert!(gate, "{}", &block.text()[words[k].range()]);
                    }
                }
            }
        }
        assert_eq!(judged_words, 9);
        assert_eq!(passed, 10);
        assert!(!may_be_determiner(word_key(b"year")));
        assert!(!may_be_determiner(word_key(b"the")));
        assert!(may_be_determiner(word_key(b"These")));
    }

    /// The bit test in front of the keys turns away only words whose key
    /// is no determiner's: over the model's vocabulary, the test answers
    /// what a comparison with every determiner's key answers.
    #[test]
    fn the_key_test_answers_what_a_comparison_with_each_key_answers() {
        use super::{BARE_PLURAL, PLURAL, SINGULAR};
        let m = crate::lang::model::english();
        let (size, _, _) = m.size();
        let keys: Vec<u32> = [SINGULAR, PLURAL, BARE_PLURAL]
            .concat()
            .iter()
            .map(|w| word_key(w.as_bytes()))
            .collect();
        let mut passed = 0;
        for id in 0..size as u32 {
            let key = word_key(m.word(id).as_bytes());
            assert_eq!(
                may_be_determiner(key),
                keys.contains(&key),
                "{}",
                m.word(id)
            );
            passed += usize::from(may_be_determiner(key));
        }
        assert!(passed >= keys.len(), "{passed}");
        assert!(may_be_determiner(0));
    }

    /// The list found by the bytes' number is the list that holds the
    /// word, as comparing the lowercase word with each list finds it, in
    /// any case; a word of no list has none.
    #[test]
    fn a_determiner_is_found_in_the_list_that_holds_it() {
        use super::{ARTICLES, BARE_PLURAL, List, PLURAL, SINGULAR, determiner};
        let by_lists = |w: &str| {
            let w = w.to_lowercase();
            let w = w.as_str();
            if ARTICLES.contains(&w) {
                Some(List::Article)
            } else if SINGULAR.contains(&w) {
                Some(List::Singular)
            } else if BARE_PLURAL.contains(&w) {
                Some(List::BarePlural)
            } else if PLURAL.contains(&w) {
                Some(List::Plural)
            } else {
                None
            }
        };
        let listed = SINGULAR.iter().chain(PLURAL).chain(BARE_PLURAL);
        let mut found = 0;
        for word in listed
            .copied()
            .chain(["the", "that", "eachx", "ones", "a\0", "thes"])
        {
            let title = word[..1].to_uppercase() + &word[1..];
            for w in [word.to_string(), word.to_uppercase(), title] {
                assert_eq!(determiner(w.as_bytes()), by_lists(&w), "{w}");
                found += usize::from(by_lists(&w).is_some());
            }
        }
        assert_eq!(
            found,
            3 * (SINGULAR.len() + PLURAL.len() + BARE_PLURAL.len())
        );
    }

    fn r() -> crate::rules::Rule {
        rule("context", "neighbours = true\nnumber = true\nmin-odds = 3")
    }

    #[test]
    fn a_noun_against_the_number_its_determiner_asks_for() {
        let r = r();
        for (text, word) in [
            ("Sales fell in both of these year after the merger.", "year"),
            ("Aid came from other country in the region.", "country"),
            ("The talks ended a few minute ago.", "minute"),
            ("We had lunch in each houses on the street.", "houses"),
            ("He said this problems is not new.", "problems"),
            ("She works with the people of other nation.", "nation"),
            ("They ate at a kitchens table.", "kitchens"),
        ] {
            assert_eq!(flagged(text, &r), [word], "{text}");
        }
    }

    #[test]
    fn names_compounds_mass_nouns_and_measure_words_are_left_alone() {
        let r = r();
        for text in [
            "These years were good, and this year is better.",
            "The firm hired a sales team and opened a savings account.",
            "There was no other way, and any other country would agree.",
            "They helped each other and found other evidence.",
            "These routine checks need two dozen staff.",
            "BBC Two controller Ann Lee met those investors' advisers.",
            "She won the under-five category at Channel Four.",
            "Those warning of cuts were ignored, and both hurt.",
            "This series of talks ends with a news conference.",
            "Many people said that prices rose in the three years.",
            "Many record labels closed.",
        ] {
            assert!(
                flagged(text, &r).is_empty(),
                "{text}: {:?}",
                flagged(text, &r)
            );
        }
    }
}
