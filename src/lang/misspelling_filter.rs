// The Bloom filter's size and hashes, shared by build.rs (which sets the
// bits) and src/lang/misspellings.rs (which tests them) through `include!`,
// so the two cannot disagree.

/// Bits in the filter: 2^23 (1 MiB) for about 92,000 entries. Measured on
/// the 50 MB benchmark corpus with one bit a word: 2^21 bits took 0.65 s,
/// 2^23 0.52 s (fewer binary searches outweigh the larger filter), 2^25 no
/// better.
const FILTER_BITS: u32 = 23;

/// A word's key for the filter: the top 32 bits of FNV-1a over its
/// ASCII-lowercased bytes, never 0 (what `lang::fnv::word_key` gives, so a
/// word's key made by the parser tests the same bits).
fn filter_key(word: &str) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        hash ^= u64::from(b.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    ((hash >> 32) as u32).max(1)
}

/// The two bits a key sets: its own top bits, and the top bits of the key
/// times an odd constant (a multiplicative hash, which mixes in the low
/// bits the first index leaves out). With one bit a word, some 1 % of the
/// words of a correct text passed the filter and were searched for in the
/// table (2.7 % of the example article's, 0.7 % of 200 benchmark
/// articles'); with two, 0.1 % and none.
fn filter_bits(key: u32) -> [usize; 2] {
    [
        (key >> (32 - FILTER_BITS)) as usize,
        (key.wrapping_mul(0x9e37_79b1) >> (32 - FILTER_BITS)) as usize,
    ]
}
