//! Word look-ups of the `context` kind: each word's id in the model, the
//! index of a rule's members by their key ([`ListIndex`], in
//! `list_index`), and which pairs of words are inflections of one
//! another.

use super::score::BREAK;
use crate::document::Document;
use crate::lang::case::with_lowercase;
use crate::lang::fnv::word_key;

pub(crate) use super::list_index::ListIndex;

/// Whether two words are forms of one stem with inflectional or
/// derivational endings (sign/signed, identifies/identified,
/// stop/stopped, declines/declined): a slip between them is grammar, not
/// spelling.
pub(crate) fn inflection(a: &str, b: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "", "d", "e", "ed", "er", "ers", "es", "est", "ied", "ier", "ies", "iest", "ily", "ing",
        "ly", "n", "r", "s", "st", "y",
    ];
    let k = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let (stem, ea, eb) = (&a[..k], &a[k..], &b[k..]);
    // A doubled last letter belongs to the ending: stop/stopped.
    let ending = |e: &str| {
        ENDINGS.contains(&e)
            || stem.bytes().last().is_some_and(|last| {
                e.as_bytes().first() == Some(&last) && ENDINGS.contains(&&e[1..])
            })
    };
    (k >= 3 || ea.is_empty() || eb.is_empty()) && ea != eb && ending(ea) && ending(eb)
}

/// Whether the word at `range` of `text` is part of a hyphenated or
/// slashed compound ("in-fighting", "and/or") or of an identifier
/// ("object_id", "config.width", "user@host"): its parts are not judged.
/// An underscore joins always; a dot, `@` or colon only with a letter or
/// digit on its far side (a full stop ends a sentence).
#[inline]
pub(crate) fn joined(text: &str, range: std::ops::Range<usize>) -> bool {
    // Most words have an ASCII letter, space or mark either side that
    // neither joins nor links: known from the two bytes.
    let bytes = text.as_bytes();
    let plain = |b: Option<&u8>| {
        b.is_none_or(|&b| b < 0x80 && !matches!(b, b'-' | b'/' | b'_' | b'.' | b'@' | b':'))
    };
    if plain(range.start.checked_sub(1).and_then(|j| bytes.get(j))) && plain(bytes.get(range.end)) {
        return false;
    }
    joined_by_chars(text, range)
}

/// [`joined`] read by characters either side.
fn joined_by_chars(text: &str, range: std::ops::Range<usize>) -> bool {
    let joins = |c: char| matches!(c, '-' | '‐' | '‑' | '/' | '_');
    let links = |c: char| matches!(c, '.' | '@' | ':');
    let mut before = text[..range.start].chars().rev();
    let mut after = text[range.end..].chars();
    let (b, a) = (before.next(), after.next());
    b.is_some_and(joins)
        || a.is_some_and(joins)
        || (b.is_some_and(links) && before.next().is_some_and(char::is_alphanumeric))
        || (a.is_some_and(links) && after.next().is_some_and(char::is_alphanumeric))
}

/// Whether the word at `range` of `text` is all lowercase ASCII letters
/// (`true` for none), eight bytes at a time where the text has eight bytes
/// from the word on.
#[inline]
pub(crate) fn ascii_lowercase(text: &[u8], range: std::ops::Range<usize>) -> bool {
    let len = range.len();
    let eight = range
        .start
        .checked_add(8)
        .and_then(|end| text.get(range.start..end));
    match eight.and_then(|eight| <[u8; 8]>::try_from(eight).ok()) {
        Some(eight) if len <= 8 => {
            // The bytes past the word read as `a`.
            let mask = if len == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * len)) - 1
            };
            let x = (u64::from_le_bytes(eight) & mask) | ((0x61 * ONES) & !mask);
            // Each byte under 0x80, at least `a` (0x61), at most `z` (0x7a):
            // no sum carries into the next byte.
            x & HIGH == 0
                && x.wrapping_add(0x1f * ONES) & HIGH == HIGH
                && x.wrapping_add(0x05 * ONES) & HIGH == 0
        }
        _ => text[range].iter().all(u8::is_ascii_lowercase),
    }
}

/// The model's id of each word of `doc`, or [`BREAK`] for a word it cannot
/// read: a placeholder, a word with a digit, or a word the model lacks.
/// Names and the parts of compounds count by their lowercase spelling (as
/// context; neither is judged). Once `stopped` says so, the blocks left
/// are not read and their words keep [`BREAK`]: the check is being
/// stopped, and what it finds is thrown away.
pub(crate) fn model_ids(doc: &Document, keys: &[u32], stopped: impl Fn() -> bool) -> Vec<u32> {
    let m = super::english();
    let mut ids = vec![BREAK; doc.words.len()];
    // The ids this thread has found, by the low bits of their key, kept
    // from one document to the next: articles say "the" and "said" dozens
    // of times, and the model's table of keys is too large to stay in
    // cache. A hit is checked by spelling (the model's words are distinct
    // lowercase ASCII: one at most matches), a miss looked up as before.
    RECENT_IDS.with_borrow_mut(|(read, recent)| {
        *read = read.saturating_add(doc.words.len());
        grow(recent, *read);
        ids_into(doc, keys, m, recent, &mut ids, stopped)
    });
    ids
}

/// Entries of each thread's cache of word ids (direct-mapped) at most:
/// 256 KiB.
const ID_SLOTS: usize = 1 << 13;
/// Entries of the cache at first (16 KiB). It doubles as the thread reads
/// more words, up to [`ID_SLOTS`]: a single article, whose few hundred
/// distinct words would touch every page of the whole table, writes four.
const FIRST_ID_SLOTS: usize = 1 << 9;

/// A slot of the cache of word ids: the key, length and id of a word, and
/// its spelling when short (see [`short_ascii`]; zeros for a longer word,
/// compared with the model's spelling instead).
#[derive(Clone, Copy)]
struct Recent {
    key: u32,
    id: u32,
    len: usize,
    spelling: [u64; 2],
}

thread_local! {
    /// The ids a thread found last, by the low bits of the key; a key of 0
    /// (no word has it) marks an empty slot.
    /// With the number of words the thread has read (which sizes it).
    static RECENT_IDS: std::cell::RefCell<(usize, Vec<Recent>)> =
        const { std::cell::RefCell::new((0, Vec::new())) };
}

/// An empty slot of the cache of word ids.
const NO_RECENT: Recent = Recent {
    key: 0,
    id: BREAK,
    len: 0,
    spelling: [0; 2],
};

/// Sizes the cache of word ids for a thread that has read `read` words:
/// the power of two at or above it, from [`FIRST_ID_SLOTS`] to
/// [`ID_SLOTS`]. The ids kept move to their slots in the larger table.
fn grow(recent: &mut Vec<Recent>, read: usize) {
    let size = read.next_power_of_two().clamp(FIRST_ID_SLOTS, ID_SLOTS);
    if recent.len() >= size {
        return;
    }
    let mut larger = vec![NO_RECENT; size];
    for kept in recent.iter().filter(|r| r.key != 0) {
        larger[kept.key as usize & (size - 1)] = *kept;
    }
    *recent = larger;
}

/// A byte of each of the eight bytes of a number.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte.
const HIGH: u64 = 0x80 * ONES;

/// The eight ASCII bytes of `x` (each below 0x80) in lowercase, at once:
/// a byte from `A` (0x41) to `Z` (0x5a) gains 0x20. (No sum carries into
/// the next byte: each stays below 0x100.)
#[inline]
fn lower_ascii8(x: u64) -> u64 {
    let upper = x.wrapping_add(0x3f * ONES) & !x.wrapping_add(0x25 * ONES) & HIGH;
    x | upper >> 2
}

/// Whether one of the eight ASCII bytes of `x` is a digit (0x30 to 0x39).
#[inline]
fn has_digit8(x: u64) -> bool {
    x.wrapping_add(0x50 * ONES) & !x.wrapping_add(0x46 * ONES) & HIGH != 0
}

/// An ASCII word of at most 16 bytes, lowercased, as two numbers (zeros
/// after its end): two words of the same length have the same numbers if
/// and only if they are equal in any ASCII case. `None` for a longer word
/// or one with a byte past ASCII.
#[inline]
fn short_ascii(word: &[u8]) -> Option<[u64; 2]> {
    if word.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..word.len()].copy_from_slice(word);
    let (lo, hi) = buf.split_at(8);
    let lo = u64::from_le_bytes(lo.try_into().expect("eight bytes"));
    if word.len() <= 8 {
        // Most words: the second number is zeros, in any case.
        return (lo & HIGH == 0).then(|| [lower_ascii8(lo), 0]);
    }
    let hi = u64::from_le_bytes(hi.try_into().expect("eight bytes"));
    ((lo | hi) & HIGH == 0).then(|| [lower_ascii8(lo), lower_ascii8(hi)])
}

/// [`short_ascii`] of the word at `start..start + len` of `text`, read as
/// two unaligned numbers from the text itself (the bytes past its end
/// masked off), not copied into a buffer first: only when the text has 16
/// bytes from `start` on and the word is at most 16 bytes, else `None`
/// whether or not the word has a short spelling (the caller then asks
/// [`short_ascii`]).
#[inline]
fn short_ascii_in(text: &[u8], start: usize, len: usize) -> Option<Option<[u64; 2]>> {
    let sixteen: &[u8; 16] = text.get(start..start.checked_add(16)?)?.try_into().ok()?;
    if len > 16 {
        return None;
    }
    let (lo, hi) = sixteen.split_at(8);
    let lo = u64::from_le_bytes(lo.try_into().expect("eight bytes"));
    // The bytes of the word in the low `8 * n` bits (n of 0 to 8).
    let mask = |n: usize| {
        if n >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        }
    };
    let lo = lo & mask(len);
    if len <= 8 {
        return Some((lo & HIGH == 0).then(|| [lower_ascii8(lo), 0]));
    }
    let hi = u64::from_le_bytes(hi.try_into().expect("eight bytes")) & mask(len - 8);
    Some(((lo | hi) & HIGH == 0).then(|| [lower_ascii8(lo), lower_ascii8(hi)]))
}

/// Whether `word` has an ASCII digit, and whether it is all ASCII, in one
/// pass over its bytes.
#[inline]
fn digits_and_ascii(word: &[u8]) -> (bool, bool) {
    let (mut digit, mut high) = (false, 0u8);
    for &b in word {
        digit |= b.is_ascii_digit();
        high |= b;
    }
    (digit, high < 0x80)
}

/// The id of the ASCII word `w` of key `key` (its [`short_ascii`] spelling
/// `short`, if any), from the cache `recent` when it holds the word (by its
/// short spelling, without reading the model's, cold in memory), else by
/// the model's table (and then kept).
#[inline(always)]
fn cached(
    m: &super::Model,
    recent: &mut [Recent],
    key: u32,
    w: &[u8],
    short: Option<[u64; 2]>,
) -> Option<u32> {
    match kept(m, recent, key, w, short) {
        Ok(id) => Some(id),
        Err(slot) => searched(m, slot, key, w, short),
    }
}

/// The id of word `w` (as [`cached`] takes it) when the cache `recent`
/// holds it, else the slot it would be kept in.
#[inline(always)]
fn kept<'r>(
    m: &super::Model,
    recent: &'r mut [Recent],
    key: u32,
    w: &[u8],
    short: Option<[u64; 2]>,
) -> Result<u32, &'r mut Recent> {
    // The cache's size is a power of two (see `grow`).
    let slot = &mut recent[key as usize & (recent.len() - 1)];
    if slot.key == key
        && slot.len == w.len()
        && match short {
            Some(spelling) => slot.spelling == spelling,
            None => m.is_word(slot.id, w),
        }
    {
        return Ok(slot.id);
    }
    Err(slot)
}

/// [`cached`] of a word not in the cache. (Never asked of a word with a
/// digit: a word found in the cache has none.)
#[cold]
#[inline(never)]
fn searched(
    m: &super::Model,
    slot: &mut Recent,
    key: u32,
    w: &[u8],
    short: Option<[u64; 2]>,
) -> Option<u32> {
    let found = m.id_by_key(key, w);
    if let Some(id) = found {
        *slot = Recent {
            key,
            id,
            len: w.len(),
            spelling: short.unwrap_or([0; 2]),
        };
    }
    found
}

/// [`model_ids`] into `ids`, with the cache `recent`.
fn ids_into(
    doc: &Document,
    keys: &[u32],
    m: &super::Model,
    recent: &mut [Recent],
    ids: &mut [u32],
    stopped: impl Fn() -> bool,
) {
    for block in doc.blocks.iter().take_while(|_| !stopped()) {
        let text = block.text();
        let range = block.words();
        for ((id, word), &key) in ids[range.clone()]
            .iter_mut()
            .zip(&doc.words[range.clone()])
            .zip(&keys[range])
        {
            // The word's bytes (a word's range is on character
            // boundaries: its text is sliced only when not ASCII).
            let w = &text.as_bytes()[word.range()];
            if word.placeholder() || w.len() > 40 {
                continue;
            }
            // The model's words are lowercase ASCII: most words are looked
            // up by the key the document already has for them; a word
            // without one ("a", "I") by its key made here, as `Model::id`
            // would make it, without a lowercase copy.
            let key = if key != 0 { key } else { word_key(w) };
            // Most words are short and ASCII: read eight bytes at a time,
            // from the text itself where it has 16 bytes from the word on.
            let short = match short_ascii_in(text.as_bytes(), word.range().start, w.len()) {
                Some(short) => short,
                None => short_ascii(w),
            };
            if let Some(short) = short {
                // A word met before is its kept id: the cache keeps no
                // word with a digit (asked before a search, below), so a
                // word found in it has none.
                let slot = match kept(m, recent, key, w, Some(short)) {
                    Ok(found) => {
                        *id = found;
                        continue;
                    }
                    Err(slot) => slot,
                };
                if has_digit8(short[0]) || (w.len() > 8 && has_digit8(short[1])) {
                    continue;
                }
                *id = searched(m, slot, key, w, Some(short)).unwrap_or(BREAK);
                continue;
            }
            *id = long_or_past_ascii(m, recent, key, w, &text[word.range()]);
        }
    }
}

/// The id of a word (`w`, its text `written`, of key `key`) that has no
/// short spelling: longer than 16 bytes or past ASCII. (Out of the loop
/// over the words, which most words leave with their short spelling.)
#[cold]
#[inline(never)]
fn long_or_past_ascii(
    m: &super::Model,
    recent: &mut [Recent],
    key: u32,
    w: &[u8],
    written: &str,
) -> u32 {
    let (digit, ascii) = digits_and_ascii(w);
    if digit {
        return BREAK;
    }
    let found = if ascii {
        cached(m, recent, key, w, None)
    } else {
        // A typographic apostrophe as the model writes it ("it’s"),
        // in a copy that is not allocated for a short word.
        let straight: compact_str::CompactString = written
            .chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .collect();
        if straight.is_ascii() {
            let short = short_ascii(straight.as_bytes());
            cached(
                m,
                recent,
                word_key(straight.as_bytes()),
                straight.as_bytes(),
                short,
            )
        } else {
            with_lowercase(&straight, |lower| m.id(lower))
        }
    };
    found.unwrap_or(BREAK)
}

#[cfg(test)]
mod tests;
