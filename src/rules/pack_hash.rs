// The fingerprint of a built-in pack's text that `rules/builtin.index`
// records, shared by build.rs (which keeps only the entries whose pack is
// unchanged) and src/rules/builtin.rs (which writes and tests the index)
// through `include!`, so the two cannot disagree.

/// FNV-1a over the pack's bytes, as 16 hex digits.
#[allow(dead_code)]
fn pack_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}
