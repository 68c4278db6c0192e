//! A small hash index of a list of words by their key (see
//! [`word_key`]): a `context` rule's members, laid out by build.rs for a
//! built-in rule and at load for a user's.

use crate::lang::fnv::word_key;

/// An open-addressing hash table from a word to its index in a list, by
/// key, with two bits a key in front (of its low and its high 16 bits): a
/// word not in a list of a few hundred is turned away by the first bit
/// test 99 times in 100 and nearly always by the second, before the
/// slots are read. (One bit alone let through every word whose low 16
/// bits a member shared: a common word such as "the" went on to the slots
/// at each of its thousands of uses.) Both stay in cache.
pub(crate) struct ListIndex {
    /// Bits `key & 0xffff` and `key >> 16` are set for the key of each
    /// word in the list.
    bits: Table<[u64; LIST_BITS]>,
    /// (key, index + 1); index + 1 of 0 is an empty slot.
    slots: Table<[(u32, u32)]>,
    mask: usize,
}

/// A table of a [`ListIndex`]: as build.rs wrote it (a built-in context
/// rule's), or made at load (a user's rule's).
enum Table<T: ?Sized + 'static> {
    Written(&'static T),
    Made(Box<T>),
}

impl<T: ?Sized> std::ops::Deref for Table<T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        match self {
            Table::Written(t) => t,
            Table::Made(t) => t,
        }
    }
}

// `list_layout`, shared with build.rs.
include!("list_layout.rs");

impl ListIndex {
    pub(crate) fn new<'w>(words: impl ExactSizeIterator<Item = &'w [u8]>) -> Self {
        let (bits, slots) = list_layout(words.map(word_key));
        ListIndex {
            bits: Table::Made(bits.into_boxed_slice().try_into().expect("LIST_BITS words")),
            mask: slots.len() - 1,
            slots: Table::Made(slots.into_boxed_slice()),
        }
    }

    /// The index build.rs laid out with `list_layout` (`slots` a power of
    /// two long), read in place.
    pub(crate) fn written(bits: &'static [u64; LIST_BITS], slots: &'static [(u32, u32)]) -> Self {
        debug_assert!(slots.len().is_power_of_two());
        ListIndex {
            bits: Table::Written(bits),
            slots: Table::Written(slots),
            mask: slots.len() - 1,
        }
    }

    /// The bits and the slots.
    #[cfg(test)]
    pub(crate) fn tables(&self) -> (&[u64], &[(u32, u32)]) {
        (&self.bits[..], &self.slots)
    }

    /// The index of no words: its bits turn every key away.
    pub(crate) fn empty() -> Self {
        static NONE: [u64; LIST_BITS] = [0; LIST_BITS];
        static FREE: [(u32, u32); 16] = [(0, 0); 16];
        ListIndex::written(&NONE, &FREE)
    }

    /// Whether a word of key `key` may be in the list: `false` for most
    /// words that are not.
    #[inline]
    pub(crate) fn may_contain(&self, key: u32) -> bool {
        self.bits[(key as usize & 0xffff) >> 6] & 1 << (key & 63) != 0
            && self.bits[(key >> 22) as usize] & 1 << (key >> 16 & 63) != 0
    }

    /// The index of the word of key `key` for which `is(i)` holds (the
    /// caller compares spellings).
    #[inline]
    pub(crate) fn get(&self, key: u32, is: impl Fn(usize) -> bool) -> Option<usize> {
        if !self.may_contain(key) {
            return None;
        }
        self.probe(key, is)
    }

    fn probe(&self, key: u32, is: impl Fn(usize) -> bool) -> Option<usize> {
        let mut at = key as usize & self.mask;
        loop {
            let (k, slot) = self.slots[at];
            if slot == 0 {
                return None;
            }
            if k == key && is(slot as usize - 1) {
                return Some(slot as usize - 1);
            }
            at = (at + 1) & self.mask;
        }
    }
}
