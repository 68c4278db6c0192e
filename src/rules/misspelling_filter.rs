// The Bloom filter's size and hash, shared by build.rs (which sets the bits)
// and src/rules/misspelling.rs (which tests them) through `include!`, so the
// two cannot disagree.

/// Bits in the filter: 2^21 (256 KiB, small enough to stay in cache) for
/// about 92,000 entries, so about one word in 20 goes on to the table.
const FILTER_BITS: u32 = 21;

/// FNV-1a over the ASCII-lowercased bytes, reduced to a bit index.
fn filter_index(word: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        hash ^= u64::from(b.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash >> (64 - FILTER_BITS)) as usize
}
