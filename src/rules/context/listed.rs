// The words of the built-in confusion sets as read from the context pack's
// text, and the slot of a word in their table, shared by build.rs (which
// writes the words and the table for `sets::listed_words`) and
// src/rules/context/sets.rs (which looks words up, and whose tests check
// the words against the pack's TOML) through `include!`, so the two cannot
// disagree.

/// The members of a set that `parse` reads (every built-in set, as a
/// test checks), as it gives them, without its checks and allocation: the
/// words between `/` or `>`, before any `:odds`.
#[allow(dead_code)]
fn members(set: &str) -> impl Iterator<Item = &str> {
    set.rsplit_once(':')
        .map_or(set, |(words, _)| words)
        .split(['/', '>'])
}

/// The strings of every `sets = [...]` array of a pack's text, as written:
/// what `in_pack` finds in the parsed pack when the strings are plain
/// (double-quoted, without escapes), as the built-in pack's are.
#[allow(dead_code)]
fn sets_in_text(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("\nsets = [")
        .flat_map(move |(at, opening)| {
            let rest = &text[at + opening.len()..];
            // Up to the first `]` outside a string: the pieces between quotes
            // alternate outside, inside, outside…
            let mut outside = true;
            rest.split('"')
                .take_while(move |piece| {
                    let go_on = !(outside && piece.contains(']'));
                    outside = !outside;
                    go_on
                })
                .skip(1)
                .step_by(2)
        })
}

/// The slot of `word` in build.rs's table of the listed words, of `len`
/// slots (a power of two): FNV-1a of its bytes.
#[allow(dead_code)]
fn listed_slot(word: &str, len: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in word.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize & (len - 1)
}
