//! How a token begins when it is said aloud, for the `article` kind: an
//! initialism by the names of its letters ("an FBI", "an ntl", "an fbi.gov",
//! "an h1"), an acronym as a word ("a Nato", "a Uefa"), a number as it is
//! read ("an 8", "an 11", "a 100"), and an ordinary word by its spelling and
//! the known exceptions ("an hour", "a university", "a one-off", "an Xbox").

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::lang::case::with_lowercase;
use crate::lang::dictionary::in_dictionary;
use crate::lang::fnv::BuildFnv;

/// How the next word begins to the ear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sound {
    Vowel,
    Consonant,
    /// Either article is heard in edited prose, or we cannot tell.
    Either,
}

/// Silent h: these and words built on them take "an".
const SILENT_H: &[&str] = &["hour", "honest", "honor", "honour", "heir", "herbal"];
/// Begin with a vowel letter but a consonant sound ("you", "w").
const CONSONANT_VOWEL_STARTS: &[&str] = &[
    "uni", "unanim", "unesco", "use", "usa", "usi", "usu", "uti", "ute", "uto", "ura", "ure",
    "uri", "uro", "ubi", "uvu", "ue", "eu", "ewe", "one", "once", "ouija", "uk", "ufo", "ural",
    "uru",
];
/// Start like the prefixes above but are said with a vowel ("an utter",
/// "an onerous").
const VOWEL_EXCEPTIONS: &[&str] = &[
    "utter",
    "utterly",
    "usher",
    "uranus",
    "onerous",
    "onerously",
    "oneiric",
];
/// Divided usage: both articles are accepted.
const EITHER: &[&str] = &[
    "historic",
    "historical",
    "historian",
    "hotel",
    "heroic",
    "herb",
    "herbs",
    "hysterical",
    "habitual",
    "hypothesis",
    "humble",
];
/// Acronyms read as words, not letter by letter, in capitals or not
/// ("a NATO summit", "a Nato summit", "a Uefa Cup tie").
const WORD_ACRONYMS: &[&str] = &[
    "nasa", "nato", "unesco", "unicef", "opec", "fifa", "uefa", "aids", "asean", "nafta", "osha",
    "fema", "swat", "lidar", "radar", "scuba", "isis", "isil", "ikea", "ofsted", "ebola", "mers",
    "sars", "covid", "gif", "jpeg", "ascii", "emmy", "oscar", "nascar", "wasp", "yolo", "laser",
    "pin", "dart", "ftse",
];
/// Consonant clusters that can begin an English syllable. A short token
/// that begins with another cluster ("fbi", "msc", "rspca") is not said
/// as a word.
const ONSETS: &[&str] = &[
    "bl", "br", "ch", "chr", "cl", "cr", "dr", "dw", "fl", "fr", "gh", "gl", "gn", "gr", "kl",
    "kn", "kr", "ph", "phr", "pl", "pr", "ps", "q", "rh", "sc", "sch", "scr", "sh", "shr", "sk",
    "sl", "sm", "sn", "sp", "sph", "spl", "spr", "st", "str", "sw", "th", "thr", "tr", "tw", "wh",
    "wr", "chl", "gw", "kh", "mn", "pn", "pt", "schw", "scl", "sq", "sv", "ts", "vl", "zh",
];
/// [`WORD_ACRONYMS`] and [`ONSETS`] as sets: a token is hashed once, not
/// compared with each entry. Fixed words, so a fixed hash.
static WORD_ACRONYM_SET: LazyLock<HashSet<&str, BuildFnv>> =
    LazyLock::new(|| WORD_ACRONYMS.iter().copied().collect());
static ONSET_SET: LazyLock<HashSet<&str, BuildFnv>> =
    LazyLock::new(|| ONSETS.iter().copied().collect());

/// The longest token (in letters) that is judged an initialism by its
/// shape alone: initialisms are short, and a long unknown word is likelier
/// a name or a word missing from the dictionary.
const SHORT: usize = 5;

/// Whether `word` may begin with a vowel sound: false for a word whose
/// first byte is a lowercase ASCII consonant that is said with a consonant
/// both as a letter and in a word (b, c, d, g, j, k, p, q, t, v, w, y, z),
/// which [`sound_of`] never reads as a vowel whatever follows it; true for
/// any other word. Most words after "a" are turned away by it, unread.
pub fn may_sound_vowel(word: &str) -> bool {
    !matches!(
        word.as_bytes().first(),
        Some(
            b'b' | b'c'
                | b'd'
                | b'g'
                | b'j'
                | b'k'
                | b'p'
                | b'q'
                | b't'
                | b'v'
                | b'w'
                | b'y'
                | b'z'
        )
    )
}

/// Letters whose names begin with a vowel sound: "an F", "an M.A.", "an X-ray".
pub fn letter_name_is_vowel(c: char) -> bool {
    matches!(
        c.to_ascii_lowercase(),
        'a' | 'e' | 'f' | 'h' | 'i' | 'l' | 'm' | 'n' | 'o' | 'r' | 's' | 'x'
    )
}

/// The sound of a token read by the names of its letters (or, if it
/// begins with a digit, as a number).
fn letter_sound(first: char, token: &str) -> Sound {
    if first.is_ascii_digit() {
        number_sound(token)
    } else if letter_name_is_vowel(first) {
        Sound::Vowel
    } else {
        Sound::Consonant
    }
}

/// The sound a number begins with as it is read: 8, 11, 18, 80–89, 800…,
/// 11,000 and 18,000 with a vowel ("eight", "eleven", "eighteen").
pub fn number_sound(digits: &str) -> Sound {
    let d: String = digits
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    if d.starts_with('8') {
        return Sound::Vowel;
    }
    // "eleven", "eighteen": the leading group of three digits reads so.
    let group = match d.len() % 3 {
        0 => 3,
        n => n,
    };
    let lead = &d[..group.min(d.len())];
    if lead == "11" || lead == "18" {
        return Sound::Vowel;
    }
    Sound::Consonant
}

/// Can `lower` (lowercase letters) be said as a word: it has a vowel
/// letter, and the consonants before the first one form an English onset?
/// "y" after a consonant counts as a vowel ("gym", "by").
fn pronounceable(lower: &str) -> bool {
    let vowel = |i: usize, c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || (c == 'y' && i > 0);
    // The first vowel: how many characters are before it, and its byte.
    // An ASCII word, nearly every one, by its bytes: a byte is a character.
    let first_vowel = if lower.is_ascii() {
        let at = lower
            .bytes()
            .enumerate()
            .position(|(i, b)| vowel(i, char::from(b)));
        at.map(|at| (at, at))
    } else {
        let mut chars = lower.char_indices().enumerate();
        chars
            .find(|&(_, (i, c))| vowel(i, c))
            .map(|(n, (at, _))| (n, at))
    };
    let Some((before, at)) = first_vowel else {
        return false;
    };
    // The consonants before it, cut at its byte (cut at the count of
    // characters, a letter past ASCII among them made the cut fall inside
    // a character: "a TÉEX official" panicked).
    before <= 1 || ONSET_SET.contains(&lower[..at])
}

/// How many letters and how many capitals `word` has; an ASCII word, as
/// nearly every one is, counted by its bytes.
fn letters_and_capitals(word: &str) -> (usize, usize) {
    if word.is_ascii() {
        let bytes = word.as_bytes();
        let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
        let capitals = bytes.iter().filter(|b| b.is_ascii_uppercase()).count();
        return (letters, capitals);
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = word.chars().filter(|c| c.is_uppercase()).count();
    (letters, capitals)
}

/// How `word` begins when said; `after` is the text that follows it
/// ("-ray" after "X", ".gov" after "fbi").
pub fn sound_of(word: &str, after: &str) -> Sound {
    with_lowercase(word, |lower| sound_of_lowered(word, lower, after))
}

/// [`sound_of`] with the word's lowercase form at hand (`lower`, as
/// `str::to_lowercase` makes it).
pub(crate) fn sound_of_lowered(word: &str, lower: &str, after: &str) -> Sound {
    let Some(first) = word.chars().next() else {
        return Sound::Either;
    };
    if first.is_ascii_digit() {
        return number_sound(word);
    }
    let (letters, capitals) = letters_and_capitals(word);
    // "MPs", "GCSEs": the plural of an initialism.
    let core = match lower.strip_suffix('s') {
        Some(stem) if capitals >= 2 && word.ends_with('s') => stem,
        _ => lower,
    };
    let core_letters = letters - usize::from(core.len() < lower.len());
    let all_caps = capitals == core_letters && capitals >= 1;
    // A single letter ("a U-turn", "an F", "an X-ray") is read by its name.
    if letters == 1 && (all_caps || after.starts_with('-')) {
        return letter_sound(first, word);
    }
    if all_caps {
        if WORD_ACRONYM_SET.contains(core) {
            return spelled_sound(core);
        }
        // Short or unpronounceable: letter by letter ("an FBI agent", "an
        // RSPCA inspector"). Longer pronounceable capitals may be words
        // ("a NATO summit"): undecided.
        return if core_letters <= 3 || !pronounceable(core) {
            letter_sound(first, word)
        } else {
            Sound::Either
        };
    }
    if first.is_uppercase() {
        // "MSc", "MoD", "PhD", "DfE": a short token with capitals inside
        // is an initialism.
        if capitals >= 2 && letters <= 4 {
            return letter_sound(first, word);
        }
        // "Nato", "Uefa": an acronym written as a name.
        if WORD_ACRONYM_SET.contains(lower) {
            return spelled_sound(lower);
        }
    }
    // "iPhone", "eBay": read in more than one way.
    if first.is_lowercase() && capitals > 0 {
        return Sound::Either;
    }
    // The set is asked only of a word shaped like an initialism, which few
    // are.
    if first.is_lowercase()
        && let Some(sound) = lowercase_initialism(first, lower, after)
        && !WORD_ACRONYM_SET.contains(lower)
    {
        return sound;
    }
    // Each list below is searched only for a word with the first letter
    // all its entries have (a test holds them to it).
    if lower.starts_with('h') && EITHER.contains(&lower) {
        return Sound::Either;
    }
    spelled_sound(lower)
}

/// The sound of a lowercase token that is an initialism by its shape, or
/// `None` if it is to be read as a word: "ntl", "npm" (no vowel), "fbi"
/// (no English word begins "fb"), "h1", "mp3" (a digit), "faa" in
/// "faa.gov" (a short name in a domain). A dictionary word is a word,
/// though one without vowels ("nth", "hmm") does not say how it sounds.
fn lowercase_initialism(first: char, lower: &str, after: &str) -> Option<Sound> {
    // Bytes, not characters: no byte of a character past ASCII is an
    // ASCII digit or letter.
    if lower.bytes().any(|b| b.is_ascii_digit()) {
        return Some(letter_sound(first, lower));
    }
    if !lower.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let in_domain =
        after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_alphabetic());
    let n = lower.len();
    let pronounceable = pronounceable(lower);
    // A pronounceable word outside a domain is read as a word whether the
    // dictionary has it or not: most words are answered without the
    // dictionary's search.
    if pronounceable && !(in_domain && n <= 3) {
        return None;
    }
    if in_dictionary(lower) {
        return (!pronounceable).then_some(Sound::Either);
    }
    let initialism = (n <= SHORT && !pronounceable) || (in_domain && n <= 3);
    initialism.then(|| letter_sound(first, lower))
}

/// Is `lower` "un-" before a word ("unimaginative", "unaware", "unusual"),
/// not "uni-" ("unilateral") or "unanimous"?
fn negative_un(lower: &str) -> bool {
    let Some(rest) = lower.strip_prefix("un") else {
        return false;
    };
    if lower.starts_with("union") {
        return false;
    }
    lower.starts_with("unim")
        || lower.starts_with("unin")
        || (rest.len() >= 4 && in_dictionary(rest))
        || (!rest.starts_with('i') && !lower.starts_with("unanim") && lower != "unesco")
}

/// The sound of an ordinary word from its spelling and the exceptions.
pub fn spelled_sound(lower: &str) -> Sound {
    // Each list is searched only for a word with a first letter its
    // entries have (a test holds them to it): most words have none.
    let (h, uo, ueo) = match lower.as_bytes().first() {
        Some(b'h') => (true, false, false),
        Some(b'u' | b'o') => (false, true, true),
        Some(b'e') => (false, false, true),
        _ => (false, false, false),
    };
    if h && SILENT_H.iter().any(|h| lower.starts_with(h)) {
        return Sound::Vowel;
    }
    if (uo && VOWEL_EXCEPTIONS.contains(&lower)) || negative_un(lower) {
        return Sound::Vowel;
    }
    if ueo && CONSONANT_VOWEL_STARTS.iter().any(|p| lower.starts_with(p)) {
        return Sound::Consonant;
    }
    let mut chars = lower.chars();
    match (chars.next(), chars.next()) {
        // "Xbox", "Xmas" ("ex"); "xylophone", "Xavier", "Xhosa" (not "ex").
        (Some('x'), Some(c)) if !"aeiouyh".contains(c) => Sound::Vowel,
        (Some('x'), _) => Sound::Consonant,
        (Some('a' | 'e' | 'i' | 'o' | 'u'), _) => Sound::Vowel,
        (Some(c), _) if c.is_alphabetic() => Sound::Consonant,
        _ => Sound::Either,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Sound::{Consonant, Either, Vowel};

    /// The lists are searched only for words with their first letters.
    #[test]
    fn each_list_holds_words_with_the_first_letters_it_is_searched_for() {
        let starts = |list: &[&str], letters: &[char]| list.iter().all(|w| w.starts_with(letters));
        assert!(starts(SILENT_H, &['h']));
        assert!(starts(EITHER, &['h']));
        assert!(starts(VOWEL_EXCEPTIONS, &['u', 'o']));
        assert!(starts(CONSONANT_VOWEL_STARTS, &['u', 'e', 'o']));
    }

    /// The hard cases: each token, the text after it, and how it begins.
    const TABLE: &[(&str, &str, Sound)] = &[
        // Initialisms in capitals, letter by letter.
        ("FBI", " agent", Vowel),
        ("UN", " official", Consonant),
        ("US", " firm", Consonant),
        ("MBA", "", Vowel),
        ("RSPCA", " inspector", Vowel),
        ("NSPCC", " report", Vowel),
        ("GCSE", " pass", Consonant),
        ("MPs", "'", Vowel),
        ("GCSEs", "", Consonant),
        ("UCLA", " study", Either),
        ("MIT", " team", Vowel),
        ("USC", " coach", Consonant),
        ("H1N1", " case", Vowel),
        // Mixed case, letter by letter.
        ("MSc", " in", Vowel),
        ("BSc", "", Consonant),
        ("MoD", " spokesman", Vowel),
        ("PhD", " student", Consonant),
        // Lowercase initialisms, by their shape.
        ("ntl", " spokesman", Vowel),
        ("npm", " package", Vowel),
        ("fbi", ".gov", Vowel),
        ("faa", ".gov", Vowel),
        ("bbc", ".co.uk", Consonant),
        ("h1", " heading", Vowel),
        ("mp3", " player", Vowel),
        ("rspca", " van", Vowel),
        // Lowercase words stay words.
        ("nasa", ".gov", Consonant),
        ("bid", "", Consonant),
        ("spokesman", "", Consonant),
        ("traditional", "", Consonant),
        ("sty", "", Consonant),
        ("gym", "", Consonant),
        ("nth", " degree", Either),
        ("hmm", "", Either),
        // Acronyms said as words.
        ("NATO", " summit", Consonant),
        ("Nato", " summit", Consonant),
        ("Nasa", " probe", Consonant),
        ("Unesco", " site", Consonant),
        ("UNESCO", " site", Consonant),
        ("Uefa", " Cup", Consonant),
        ("UEFA", " Cup", Consonant),
        ("OPEC", " meeting", Vowel),
        ("BAFTA", " award", Either),
        ("FTSE", " 100", Consonant),
        ("UNHCR", " camp", Either),
        // Letters and numbers read aloud.
        ("X", "-ray", Vowel),
        ("U", "-turn", Consonant),
        ("Xbox", " exclusive", Vowel),
        ("Xmas", " card", Vowel),
        ("xylophone", "", Consonant),
        ("Xhosa", "", Consonant),
        ("8", "-year-old", Vowel),
        ("11", "-day", Vowel),
        ("18", "-year-old", Vowel),
        ("80", "", Vowel),
        ("800m", " loss", Vowel),
        ("11,000", "", Vowel),
        ("110", "", Consonant),
        ("100", "-metre", Consonant),
        ("1", "", Consonant),
        // "you" and "one" at the start of a word.
        ("university", "", Consonant),
        ("unilateral", "", Consonant),
        ("union", "", Consonant),
        ("unanimous", "", Consonant),
        ("user", "", Consonant),
        ("euro", "", Consonant),
        ("European", "", Consonant),
        ("uvula", "", Consonant),
        ("one-off", "", Consonant),
        ("once", "", Consonant),
        // "un-" before a word, and other vowel sounds.
        ("unimaginative", "", Vowel),
        ("unidentified", "", Vowel),
        ("uninsured", "", Vowel),
        ("unaware", "", Vowel),
        ("unusual", "", Vowel),
        ("utter", "", Vowel),
        ("onerous", "", Vowel),
        ("annual", "", Vowel),
        ("awful", "", Vowel),
        // Silent h, and divided usage.
        ("hour", "", Vowel),
        ("honest", "", Vowel),
        ("honorary", "", Vowel),
        ("honour", "", Vowel),
        ("heir", "", Vowel),
        ("hotel", "", Either),
        ("historic", "", Either),
        ("house", "", Consonant),
        // Names are read as written.
        ("Mbeki", " government", Consonant),
        ("Srebrenica", " survivor", Consonant),
        ("iPhone", "", Either),
    ];

    #[test]
    fn hard_cases() {
        let wrong: Vec<_> = TABLE
            .iter()
            .filter(|&&(word, after, want)| sound_of(word, after) != want)
            .map(|&(word, after, want)| (word, after, want, sound_of(word, after)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn onsets() {
        assert!(pronounceable("nasa"));
        assert!(pronounceable("strap"));
        assert!(pronounceable("by"));
        assert!(!pronounceable("fbi"));
        assert!(!pronounceable("ntl"));
        assert!(!pronounceable("msc"));
    }

    /// Consonants past ASCII before the first vowel are no onset, and
    /// cutting them off does not fall inside a character.
    #[test]
    fn letters_past_ascii_before_the_vowel() {
        assert!(!pronounceable("téex"));
        assert!(!pronounceable("ñbá"));
        assert!(pronounceable("ñandu"));
        assert_eq!(sound_of("TÉEX", " official"), Sound::Consonant);
    }

    proptest::proptest! {
        /// A word [`may_sound_vowel`] turns away never sounds with a vowel,
        /// whatever its letters, case, digits and what follows it.
        #[test]
        fn a_word_turned_away_never_sounds_with_a_vowel(
            word in "[bcdgjkpqtvwyz][a-zA-Z0-9'.éÉ-]{0,8}",
            after in "[ .a-z-]{0,3}",
        ) {
            proptest::prop_assert!(!may_sound_vowel(&word));
            proptest::prop_assert_ne!(sound_of(&word, &after), Sound::Vowel);
        }

        /// A word's letters and capitals, and where an ASCII word's first
        /// vowel is, found by its bytes, are those found by its characters.
        #[test]
        fn bytes_count_as_characters(word in "[a-zA-Z0-9'.yé-]{0,10}") {
            let by_chars = (
                word.chars().filter(|c| c.is_alphabetic()).count(),
                word.chars().filter(|c| c.is_uppercase()).count(),
            );
            proptest::prop_assert_eq!(letters_and_capitals(&word), by_chars);
            let lower = word.to_lowercase();
            if lower.is_ascii() {
                let vowel = lower.char_indices().position(|(i, c)| {
                    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || (c == 'y' && i > 0)
                });
                let by_chars = vowel.is_some_and(|v| v <= 1 || ONSET_SET.contains(&lower[..v]));
                proptest::prop_assert_eq!(pronounceable(&lower), by_chars);
            }
        }
    }
}
