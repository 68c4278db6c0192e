// The filter of the context model's bigrams: its size and hashes, shared by
// build.rs (which sets a bit pattern for every bigram of the built-in model)
// and src/lang/model/mod.rs (which tests it before a search) through
// `include!`, so the two cannot disagree.

/// The filter's `u64` words, as a power of two: 2^16 (512 KiB) for the
/// built-in model's 2,051,541 bigrams, some 2 bits a bigram, which lets
/// some 39 % of the pairs the model lacks through (by the load of its
/// words). Measured on 200 edited news articles, 2^17 words (1 MiB, some
/// 15 % through) took fewer instructions, but a 10 MB document reads all
/// of the filter, and its megabyte showed in that check's peak memory.
const PAIR_FILTER_LOG2: u32 = 16;

/// The word of the filter and the two bits in it that bigram `h w` sets,
/// `h`'s search key (its id times the model's constant, in the word bits:
/// what a row holds) being `key` and `w` the word whose row holds it: a
/// blocked Bloom filter, one word a bigram, so that a test reads one word.
/// A pair whose bits are not all set is certainly not in the model.
#[inline]
fn pair_filter_bits(key: u32, w: u32) -> (usize, u64) {
    let x = u64::from(w) << 32 | u64::from(key);
    let at = x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - PAIR_FILTER_LOG2);
    let y = x.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    let bits = 1u64 << (y >> 58) | 1u64 << (y >> 52 & 63);
    (at as usize, bits)
}

/// The filter of the bigrams of the model file `model` (see
/// scripts/build-trigram-model.py for its layout), as little-endian bytes;
/// `None` if its header does not say where its rows and bigrams are.
#[allow(dead_code)]
fn pair_filter_of(model: &[u8]) -> Option<Vec<u8>> {
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(model.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    // The header: eight counts from byte 8, then where each section starts.
    let (n_words, word_bits) = (u32_at(8)?, u32_at(8 + 4 * 6)? as u32);
    let (rows, bigrams) = (u32_at(40 + 4 * 3)?, u32_at(40 + 4 * 5)?);
    let width = word_bits as usize + 16;
    let mut filter = vec![0u64; 1 << PAIR_FILTER_LOG2];
    for w in 0..n_words {
        for entry in u32_at(rows + 4 * w)?..u32_at(rows + 4 * (w + 1))? {
            let bit = entry * width;
            let word = u64::from_le_bytes(model.get(bigrams + bit / 8..)?.get(..8)?.try_into().ok()?);
            let key = (word >> (bit % 8)) as u32 & ((1 << word_bits) - 1);
            let (at, bits) = pair_filter_bits(key, w as u32);
            filter[at] |= bits;
        }
    }
    Some(filter.iter().flat_map(|w| w.to_le_bytes()).collect())
}
