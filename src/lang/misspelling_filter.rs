// The Bloom filter's size and hash, shared by build.rs (which sets the bits)
// and src/lang/misspellings.rs (which tests them) through `include!`, so the
// two cannot disagree.

/// Bits in the filter: 2^23 (1 MiB) for about 92,000 entries, so about one
/// word in 90 goes on to the table. Measured on the 50 MB benchmark corpus:
/// 2^21 bits took 0.65 s, 2^23 0.52 s (fewer binary searches outweigh the
/// larger filter), 2^25 no better.
const FILTER_BITS: u32 = 23;

/// FNV-1a over the ASCII-lowercased bytes, reduced to a bit index.
fn filter_index(word: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        hash ^= u64::from(b.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash >> (64 - FILTER_BITS)) as usize
}
