//! Sentence and word segmentation of prose text, and the normal form used to
//! compare sentences (for repeated captions).

use std::ops::Range;

use super::PLACEHOLDER;

/// Calls `emit(range, is_placeholder)` for each word of `text`.
///
/// A word is a run of letters, digits and marks, with apostrophes allowed
/// between letters ("don't", "TJU’s"). Hyphens and slashes separate words.
pub fn words(text: &str, mut emit: impl FnMut(Range<usize>, bool)) {
    words_keyed(text, |range, placeholder, _| emit(range, placeholder));
}

/// [`words`], with each word's key (`lang::fnv::word_key` of its bytes; 0
/// for a placeholder and a word of fewer than 2 or more than 31 bytes),
/// hashed as its bytes are read.
pub fn words_keyed(text: &str, mut emit: impl FnMut(Range<usize>, bool, u32)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut word_start: Option<usize> = None;
    // The hash of the bytes of the word begun, so far.
    let mut hash = KEY_BASIS;
    while i < bytes.len() {
        // A run of ASCII letters and digits is taken whole.
        let lower = ASCII_ALNUM_LOWER[usize::from(bytes[i])];
        if lower != 0 {
            if word_start.is_none() {
                word_start = Some(i);
                hash = KEY_BASIS;
            }
            hash = key_step(hash, lower);
            i += 1;
            while let Some(&byte) = bytes.get(i) {
                let lower = ASCII_ALNUM_LOWER[usize::from(byte)];
                if lower == 0 {
                    break;
                }
                hash = key_step(hash, lower);
                i += 1;
            }
            continue;
        }
        // Other ASCII ends a word, but for an apostrophe inside one: it is
        // decided from the byte, with no character decoded.
        if bytes[i] < 0x80 {
            if word_start.is_some() && bytes[i] == b'\'' && starts_alphanumeric(&text[i + 1..]) {
                // "don't": the apostrophe stays inside the word.
                hash = key_step(hash, b'\'');
            } else if let Some(start) = word_start.take() {
                emit(start..i, false, key_of(i - start, hash));
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("i is a char boundary");
        let len = c.len_utf8();
        if c == PLACEHOLDER {
            if let Some(start) = word_start.take() {
                emit(start..i, false, key_of(i - start, hash));
            }
            emit(i..i + len, true, 0);
        } else if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(i);
                hash = KEY_BASIS;
            }
            hash = bytes[i..i + len].iter().fold(hash, |h, &b| key_step(h, b));
        } else if word_start.is_some() && is_apostrophe(c) && starts_alphanumeric(&text[i + len..])
        {
            // "don't", "TJU’s": the apostrophe stays inside the word.
            hash = bytes[i..i + len].iter().fold(hash, |h, &b| key_step(h, b));
        } else if let Some(start) = word_start.take() {
            emit(start..i, false, key_of(i - start, hash));
        }
        i += len;
    }
    if let Some(start) = word_start {
        emit(start..bytes.len(), false, key_of(bytes.len() - start, hash));
    }
}

/// The FNV-1a basis of `lang::fnv` (which `document` may not import), whose
/// `word_key` the keys of [`words_keyed`] are: a test holds them equal.
const KEY_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte, ASCII-lowercased already, into an FNV-1a hash.
#[inline(always)]
fn key_step(hash: u64, lower: u8) -> u64 {
    (hash ^ u64::from(lower)).wrapping_mul(0x0100_0000_01b3)
}

/// The key of a word of `len` bytes whose hash is `hash`.
fn key_of(len: usize, hash: u64) -> u32 {
    if (2..32).contains(&len) {
        ((hash >> 32) as u32).max(1)
    } else {
        0
    }
}

/// The ASCII letters and digits, lowercased; 0 for every other byte: one
/// look-up a byte in the loop over a word's letters tells whether the
/// word goes on and gives the byte its key hashes.
static ASCII_ALNUM_LOWER: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Whether `text` starts with a letter or a digit (an ASCII one decided
/// from its byte).
fn starts_alphanumeric(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        _ => text.chars().next().is_some_and(char::is_alphanumeric),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (c != PLACEHOLDER && !c.is_ascii() && is_mark(c))
}

fn is_mark(c: char) -> bool {
    // Combining marks keep accented letters in decomposed form together.
    matches!(c, '\u{0300}'..='\u{036F}')
}

pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "rev", "lt",
    "col", "capt", "sgt", "cmdr", "adm", "maj", "no", "nos", "vs", "inc", "ltd", "co", "corp",
    "dept", "univ", "assn", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "ave", "blvd", "rd", "mt", "ft", "fig", "figs", "e.g", "i.e", "approx",
    "est", "pp", "vol", "ed", "eds",
];

/// [`ABBREVIATIONS`], each packed into a number ([`packed`]), sorted as
/// the program is built: a word is packed once and searched for among
/// numbers, where a set of the words hashed it (some 120 instructions a
/// look-up).
static ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = packed(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    // An insertion sort: a `const` block has no other.
    let mut i = 1;
    while i < keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            (keys[j - 1], keys[j]) = (keys[j], keys[j - 1]);
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// Up to [`LONGEST_ABBREVIATION`] bytes as one number: the bytes, then
/// their count in the top byte, so that no two texts share a number.
const fn packed(bytes: &[u8]) -> u64 {
    assert!(bytes.len() <= LONGEST_ABBREVIATION);
    let mut key = (bytes.len() as u64) << 56;
    let mut i = 0;
    while i < bytes.len() {
        key |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// Whether `lower` is one of the [`ABBREVIATIONS`].
fn is_listed_abbreviation(lower: &[u8]) -> bool {
    lower.len() <= LONGEST_ABBREVIATION && ABBREVIATION_KEYS.binary_search(&packed(lower)).is_ok()
}

/// The longest abbreviation, in bytes ("approx").
const LONGEST_ABBREVIATION: usize = 6;

/// True if `word` (without its period) is an abbreviation that does not end a
/// sentence, or a single-letter initial.
pub fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    if word.is_ascii() {
        // The usual case, lowercased on the stack.
        if word.len() > LONGEST_ABBREVIATION {
            return false;
        }
        let mut lower = [0; LONGEST_ABBREVIATION];
        let lower = &mut lower[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return is_listed_abbreviation(lower);
    }
    is_listed_abbreviation(word.to_lowercase().as_bytes())
}

/// Splits `text` into sentence ranges, trimmed of surrounding whitespace,
/// into `out` in place of what it held (one buffer for every block).
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or
/// brackets after it) followed by whitespace and then something that can start
/// a sentence, unless the period closes an abbreviation or an initial.
pub fn sentences_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut e2 = None;
    while i < bytes.len() {
        // Terminal punctuation is '.', '!', '?' or '…' (E2 80 A6).
        let Some(at) = next_terminal(bytes, i, &mut e2) else {
            break;
        };
        let ch = text[at..].chars().next().expect("found a char boundary");
        i = at + ch.len_utf8();
        if !matches!(ch, '.' | '!' | '?' | '…') {
            continue;
        }
        // Take the whole run of terminal punctuation and closing marks.
        let mut end = i;
        for c in text[i..].chars() {
            if matches!(
                c,
                '.' | '!' | '?' | '…' | '"' | '\'' | '’' | '”' | ')' | ']' | '»'
            ) {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        i = end;
        let rest = &text[end..];
        let after_space = rest.trim_start_matches(|c: char| c.is_whitespace());
        if after_space.len() == rest.len() && !rest.is_empty() {
            continue; // "3.5", "U.S.A", "TJU.edu"
        }
        // At the end of the text the sentence ends anyway, and before a
        // word that cannot start one it goes on: either way the costlier
        // abbreviation test below is not needed.
        match after_space.chars().next() {
            None => continue,
            Some(c) if !can_start_sentence(c) => continue,
            Some(_) => {}
        }
        if ch == '.' && ends_with_abbreviation(&text[..at]) {
            continue; // "Aug. 23", "Mr. Li", "J. K. Rowling"
        }
        push_trimmed(text, start..end, out);
        start = end;
    }
    push_trimmed(text, start..text.len(), out);
}

/// The first byte from `from` on that is '.', '!', '?' or 0xE2 ('…'
/// starts with it), by two `memchr` searches. `e2` keeps where the next
/// 0xE2 is (the text's length for none) between calls with growing
/// `from`: it is searched for again only once passed.
fn next_terminal(bytes: &[u8], from: usize, e2: &mut Option<usize>) -> Option<usize> {
    let next_e2 = match *e2 {
        Some(at) if at >= from => at,
        _ => {
            let at = memchr::memchr(0xE2, &bytes[from..]).map_or(bytes.len(), |found| from + found);
            *e2 = Some(at);
            at
        }
    };
    match memchr::memchr3(b'.', b'!', b'?', &bytes[from..next_e2]) {
        Some(found) => Some(from + found),
        None => (next_e2 < bytes.len()).then_some(next_e2),
    }
}

fn can_start_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | PLACEHOLDER)
        || (c.is_alphabetic() && !c.is_lowercase())
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word = &before[word_start(before)..];
    !word.is_empty() && is_abbreviation(word)
}

/// Where the run of letters, digits and periods at the end of `before`
/// starts: back over ASCII by its bytes, and a character at a time from
/// the first byte past ASCII met.
fn word_start(before: &str) -> usize {
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    while let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b >= 0x80 {
            return word_start_by_chars(before);
        }
        if !(b.is_ascii_alphanumeric() || b == b'.') {
            break;
        }
        start -= 1;
    }
    start
}

/// [`word_start`], a character at a time.
fn word_start_by_chars(before: &str) -> usize {
    before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// `text.trim()`, decided from the first and last bytes when both are
/// ASCII other than whitespace, as at nearly every line and block:
/// `str::trim` decodes a character at each end, through a call, and the
/// parser trims each line and block several times.
#[inline]
pub fn trim(text: &str) -> &str {
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r');
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if plain(first) && plain(last) => text,
        _ => text.trim(),
    }
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    // A sentence after the first of its block begins at the end of the
    // one before, with the space after it: ASCII spaces are passed over
    // by their bytes first (they are whitespace that `trim_start` trims).
    let bytes = text.as_bytes();
    let mut start = range.start;
    while start < range.end && matches!(bytes[start], b' ' | b'\t'..=b'\r') {
        start += 1;
    }
    let range = start..range.end;
    let slice = &text[range.clone()];
    // Nearly every sentence then starts and ends with ASCII that is no
    // space: nothing more is trimmed, and no character is decoded to know
    // it.
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r');
    if let (Some(first), Some(last)) = (slice.as_bytes().first(), slice.as_bytes().last())
        && plain(first)
        && plain(last)
    {
        out.push(range);
        return;
    }
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// Hands each ASCII letter or digit from byte `i` of `bytes` on,
/// lowercased, to `each`, up to the first other byte: its offset.
#[inline]
fn ascii_run(bytes: &[u8], mut i: usize, mut each: impl FnMut(char)) -> usize {
    while let Some(&byte) = bytes.get(i) {
        let lower = ASCII_ALNUM_LOWER[usize::from(byte)];
        if lower == 0 {
            break;
        }
        each(char::from(lower));
        i += 1;
    }
    i
}

/// The character at byte `i` of `text`, a character boundary (an ASCII
/// byte read as it is).
#[inline]
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes()[i] {
        byte @ 0..0x80 => char::from(byte),
        _ => text[i..].chars().next().expect("i is a char boundary"),
    }
}

/// The normal form two passages are compared in: lowercase, whitespace
/// (including no-break spaces) folded to one space, curly quotes and dashes
/// made plain, and trailing sentence punctuation dropped.
pub fn normalize_for_compare(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_normalized(&mut out, text);
    out
}

/// Appends [`normalize_for_compare`]'s form of `text` to `out`, so that a
/// caller comparing many forms builds them into buffers of its own. A run
/// of ASCII letters and digits, most of a text, is copied lowercased in a
/// loop of its own, as [`CompareHash::text`] hashes it (copied whole and
/// lowercased in place, it took more); other characters are fed to the
/// normaliser one at a time.
pub fn push_normalized(out: &mut String, text: &str) {
    // The form ends at the last character that is not held.
    let mut kept = out.len();
    let mut form = Normalizer::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if ASCII_ALNUM_LOWER[usize::from(bytes[i])] != 0 {
            if form.pending_space {
                out.push(' ');
            }
            form.started = true;
            form.pending_space = false;
            i = ascii_run(bytes, i, |c| out.push(c));
            kept = out.len();
            continue;
        }
        let c = char_at(text, i);
        i += c.len_utf8();
        form.feed(c, &mut |c, held| {
            out.push(c);
            if !held {
                kept = out.len();
            }
        });
    }
    out.truncate(kept);
}

/// The first byte of [`normalize_for_compare`]'s form of `text`, when the
/// text's first character that is no space tells it: an ASCII character
/// other than sentence punctuation begins the form, lowercased. `None`
/// when it does not: a character past ASCII (a curly quote is folded to a
/// plain one, a letter may lower to ASCII), sentence punctuation (the form
/// may drop it) or no character at all. Two texts whose first bytes are
/// known and differ have different forms.
pub fn compare_start(text: &str) -> Option<u8> {
    let first = *text.trim_start().as_bytes().first()?;
    (first.is_ascii() && !matches!(first, b'.' | b'!' | b'?')).then(|| first.to_ascii_lowercase())
}

/// A hash of [`normalize_for_compare`]'s form of `text`, made without
/// building it: equal forms have equal hashes. Not a strong hash (the
/// multiply-and-rotate step of rustc's FxHasher, a character at a time,
/// several times faster than SipHash here): compare the forms on a match.
pub fn compare_hash(text: &str) -> u64 {
    CompareHash::default().text(text).finish()
}

/// [`compare_hash`] of normal forms joined: `.text(a).char(' ').text(b)`
/// hashes what `format!("{} {}", normalize_for_compare(a),
/// normalize_for_compare(b))` holds.
#[derive(Default, Clone, Copy)]
pub struct CompareHash(u64);

impl CompareHash {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    /// Adds one character of a normal form.
    pub fn char(mut self, c: char) -> Self {
        self.0 = (self.0.rotate_left(5) ^ u64::from(u32::from(c))).wrapping_mul(Self::SEED);
        self
    }

    /// Adds the normal form of `text`.
    pub fn text(self, text: &str) -> Self {
        // The hash with the held characters, and without: the form ends
        // at the last character that is not held.
        let (mut kept, mut with_held) = (self, self);
        let mut form = Normalizer::default();
        let add = |kept: &mut Self, with_held: &mut Self, c: char, held: bool| {
            *with_held = with_held.char(c);
            if !held {
                *kept = *with_held;
            }
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A run of ASCII letters and digits, most of a text, is hashed
            // in a loop of its own: each is its own lowercase, and none is
            // held (the form at its end is the form so far).
            if ASCII_ALNUM_LOWER[usize::from(bytes[i])] != 0 {
                if form.pending_space {
                    add(&mut kept, &mut with_held, ' ', true);
                }
                form.started = true;
                form.pending_space = false;
                let mut hash = with_held;
                i = ascii_run(bytes, i, |c| hash = hash.char(c));
                (kept, with_held) = (hash, hash);
                continue;
            }
            let c = char_at(text, i);
            i += c.len_utf8();
            form.feed(c, &mut |c, held| add(&mut kept, &mut with_held, c, held));
        }
        kept
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

/// Where the normal form is in a text: whether the form has begun, and
/// whether a space is owed before its next character.
#[derive(Default)]
struct Normalizer {
    started: bool,
    pending_space: bool,
}

impl Normalizer {
    /// Feeds the normal form of the text's next character, `c`.
    #[inline]
    fn feed(&mut self, c: char, emit: &mut impl FnMut(char, bool)) {
        let mut put = |c: char| emit(c, matches!(c, '.' | '!' | '?' | '…' | ' '));
        if c.is_whitespace() {
            self.pending_space = self.started;
            return;
        }
        if self.pending_space {
            put(' ');
            self.pending_space = false;
        }
        self.started = true;
        match c {
            c if c.is_ascii() => put(c.to_ascii_lowercase()),
            '“' | '”' | '„' | '«' | '»' => put('"'),
            '‘' | '’' | '‚' => put('\''),
            '–' | '—' => put('-'),
            c => c.to_lowercase().for_each(&mut put),
        }
    }
}

#[cfg(test)]
mod tests;
