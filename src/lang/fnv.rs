//! 64-bit FNV-1a: the hash the context model's tables are built with
//! (`scripts/build-trigram-model.py`), and a fast [`Hasher`] for the maps of
//! short words a run builds once (a rule's sets, the prefilter's triggers),
//! several times faster on them than the default SipHash.

use std::hash::{BuildHasherDefault, Hasher};

const BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes` continued from the hash `h`.
fn on(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// FNV-1a of `bytes`.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    on(BASIS, bytes)
}

/// FNV-1a of `bytes` with ASCII letters lowercased: the hash of the
/// lowercase spelling of an ASCII word, without copying it.
pub(crate) fn fnv1a_ascii_lowercase(bytes: &[u8]) -> u64 {
    bytes.iter().fold(BASIS, |h, &b| {
        (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A word's key: the top 32 bits of [`fnv1a_ascii_lowercase`] of its
/// spelling; never 0, which stands for no key. Made once per document for
/// each word, as the parser finds it (`document::segment::words_keyed`);
/// the context rules look their members up by it, and the misspelling
/// filter's bit index is its top bits.
pub(crate) fn word_key(word: &[u8]) -> u32 {
    ((fnv1a_ascii_lowercase(word) >> 32) as u32).max(1)
}

/// FNV-1a as a [`Hasher`].
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(BASIS)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = on(self.0, bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` or `HashSet` hashing with [`Fnv`].
pub(crate) type BuildFnv = BuildHasherDefault<Fnv>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The published FNV-1a test vectors, which the model's tables use.
    #[test]
    fn known_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        let mut h = Fnv::default();
        h.write(b"foo");
        h.write(b"bar");
        assert_eq!(h.finish(), fnv1a(b"foobar"));
    }

    #[test]
    fn lowercasing_as_it_hashes_is_hashing_the_lowercase() {
        for word in ["Foo", "fOO-Bar's", "", "ÉTÉ", "x"] {
            assert_eq!(
                fnv1a_ascii_lowercase(word.as_bytes()),
                fnv1a(word.to_ascii_lowercase().as_bytes()),
                "{word}"
            );
        }
    }
}
