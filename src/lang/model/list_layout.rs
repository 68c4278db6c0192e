// The layout of a `ListIndex` (src/lang/model/list_index.rs), shared by
// build.rs (which lays out the built-in context rules' indexes, written for
// `context::sets::Prebuilt`) and list_index.rs (which lays out a user's
// rule's at load) through `include!`, so the two cannot disagree.

/// The `u64` words of a `ListIndex`'s bits: one bit for each value of a
/// key's low 16 bits and one for each of its high 16 bits' (2^16 bits).
const LIST_BITS: usize = 1 << 10;

/// The bits and slots of the index of the words whose keys (`word_key`,
/// never 0) are `keys`, word `i` the `i`th: bits `key & 0xffff` and
/// `key >> 16` set for each key; a power of two of slots, at least four
/// times the words and 16, each `(key, i + 1)` at the first free slot
/// from `key & (slots - 1)` on, `(0, 0)` when free.
#[allow(dead_code)]
fn list_layout(keys: impl ExactSizeIterator<Item = u32>) -> (Vec<u64>, Vec<(u32, u32)>) {
    let size = (keys.len() * 4).next_power_of_two().max(16);
    let mask = size - 1;
    let mut bits = vec![0u64; LIST_BITS];
    let mut slots = vec![(0u32, 0u32); size];
    for (i, key) in keys.enumerate() {
        bits[(key as usize & 0xffff) >> 6] |= 1 << (key & 63);
        bits[(key >> 22) as usize] |= 1 << (key >> 16 & 63);
        let mut at = key as usize & mask;
        while slots[at].1 != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = (key, u32::try_from(i + 1).expect("fewer than 2^32 words"));
    }
    (bits, slots)
}
