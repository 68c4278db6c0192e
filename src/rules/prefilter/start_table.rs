//! The prefilter's table of first bytes: finds where any trigger may start
//! in the first stretch of text a run scans, before the automaton pays.

use std::borrow::Cow;

/// Patterns by their first two bytes, ASCII-lowercased, with a bit per
/// pair to pass over the others quickly.
#[derive(Debug)]
pub(super) struct StartTable {
    bits: Vec<u64>,
    /// A bit for each pair and third byte a pattern starts with (by
    /// [`StartTable::third_bit`]), and for each pair that is a whole
    /// pattern (by the pair alone).
    thirds: Vec<u64>,
    /// Open addressing by a pair's hash: (pair, where its patterns are in
    /// `by_start`); an empty slot has no patterns.
    slots: Vec<(u16, u32, u32)>,
    /// Pattern indexes, grouped by their first two bytes.
    by_start: Vec<u32>,
    /// Patterns of a single byte: (byte, pattern).
    pub(super) one_byte: Vec<(u8, usize)>,
    /// Whether a pattern of [`StartTable::one_byte`] is the byte.
    one_byte_starts: [bool; 256],
    /// Per pattern: its first four bytes lowercased (see [`head_of`]) and
    /// the mask of those it has.
    pub(super) heads: Vec<(u32, u32)>,
}

/// How many bits [`StartTable::thirds`] has.
const THIRD_BITS: usize = 1 << 16;

/// Up to the first four bytes of `bytes`, ASCII-lowercased, as one number
/// (missing bytes are zero).
pub(super) fn head_of(bytes: &[u8]) -> u32 {
    let mut head = [0u8; 4];
    for (to, from) in head.iter_mut().zip(bytes) {
        *to = from.to_ascii_lowercase();
    }
    u32::from_le_bytes(head)
}

impl StartTable {
    pub(super) fn new(patterns: &[Cow<'static, str>]) -> Self {
        let mut one_byte = Vec::new();
        let mut pairs: Vec<(u16, u32)> = Vec::with_capacity(patterns.len());
        for (i, pattern) in patterns.iter().enumerate() {
            match *pattern.as_bytes() {
                [only] => one_byte.push((only.to_ascii_lowercase(), i)),
                [first, second, ..] => pairs.push((
                    u16::from_le_bytes([first.to_ascii_lowercase(), second.to_ascii_lowercase()]),
                    i as u32,
                )),
                [] => {}
            }
        }
        // By pair, each pair's patterns in their order.
        pairs.sort_unstable();
        let size = (pairs.len() * 2).next_power_of_two().max(16);
        let mut table = StartTable {
            bits: vec![0; 1 << 10],
            thirds: vec![0; THIRD_BITS / 64],
            slots: vec![(0, 0, 0); size],
            by_start: pairs.iter().map(|&(_, i)| i).collect(),
            one_byte_starts: std::array::from_fn(|b| {
                one_byte.iter().any(|&(o, _)| usize::from(o) == b)
            }),
            one_byte,
            heads: patterns
                .iter()
                .map(|p| {
                    let mask = u32::MAX.checked_shr(8 * (4 - p.len().min(4)) as u32);
                    let mask = mask.unwrap_or(0);
                    (head_of(p.as_bytes()) & mask, mask)
                })
                .collect(),
        };
        for pattern in patterns {
            let bytes = pattern.as_bytes();
            if bytes.len() < 2 {
                continue;
            }
            let key =
                u16::from_le_bytes([bytes[0].to_ascii_lowercase(), bytes[1].to_ascii_lowercase()]);
            // A pair that is a whole pattern is found whatever follows it.
            let bit = match bytes.get(2) {
                Some(third) => StartTable::third_bit(key, third.to_ascii_lowercase()),
                None => StartTable::whole_pair_bit(key),
            };
            table.thirds[bit >> 6] |= 1 << (bit & 63);
        }
        let mut from = 0;
        while from < pairs.len() {
            let key = pairs[from].0;
            let to = from + pairs[from..].partition_point(|&(k, _)| k == key);
            table.bits[usize::from(key) >> 6] |= 1 << (key & 63);
            let mut at = table.slot_of(key);
            while table.slots[at].2 != 0 {
                at = (at + 1) & (size - 1);
            }
            table.slots[at] = (key, from as u32, to as u32);
            from = to;
        }
        table
    }

    fn slot_of(&self, key: u16) -> usize {
        (u32::from(key).wrapping_mul(0x9e37_79b1) >> 16) as usize & (self.slots.len() - 1)
    }

    fn has(&self, key: u16) -> bool {
        self.bits[usize::from(key) >> 6] & (1 << (key & 63)) != 0
    }

    /// The first byte from `from` on where a pattern may start: one of
    /// one byte is the byte, or one starts with the pair it begins and
    /// may go on with the byte after (see [`StartTable::has_third`]). A
    /// loop of its own, with no call in it, so that its state stays in
    /// registers: most bytes start no pattern.
    #[inline(never)]
    pub(super) fn next_start(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let mut at = from;
        while let Some(&byte) = bytes.get(at) {
            let first = byte.to_ascii_lowercase();
            if self.one_byte_starts[usize::from(first)] {
                return Some(at);
            }
            let second = bytes.get(at + 1)?;
            let key = u16::from_le_bytes([first, second.to_ascii_lowercase()]);
            // Most pairs that start a trigger ("th", "in") start it with
            // few of their third bytes: a bit for each pair and third
            // byte of the triggers turns the others away before any
            // trigger is compared (a pair that is a whole trigger passes).
            if self.has(key)
                && bytes
                    .get(at + 2)
                    .is_none_or(|third| self.has_third(key, third.to_ascii_lowercase()))
            {
                return Some(at);
            }
            at += 1;
        }
        None
    }

    /// Where the bit of the pair `key` followed by `third` is in
    /// [`StartTable::thirds`] (a hash: pairs and bytes share bits).
    fn third_bit(key: u16, third: u8) -> usize {
        let x = u32::from(key) | u32::from(third) << 16;
        (x.wrapping_mul(0x9e37_79b1) >> 8) as usize & (THIRD_BITS - 1)
    }

    /// Where the bit of the pair `key` as a whole pattern is.
    fn whole_pair_bit(key: u16) -> usize {
        Self::third_bit(key, 0)
    }

    /// Whether a pattern may start with the pair `key` and then `third`:
    /// one starts so, or the pair is a pattern (or their bits are shared).
    fn has_third(&self, key: u16, third: u8) -> bool {
        let bit = |i: usize| self.thirds[i >> 6] & (1 << (i & 63)) != 0;
        bit(Self::third_bit(key, third)) || bit(Self::whole_pair_bit(key))
    }

    /// The patterns that start with the pair `key`.
    pub(super) fn starting(&self, key: u16) -> &[u32] {
        let mut at = self.slot_of(key);
        loop {
            let (k, from, to) = self.slots[at];
            if to == 0 {
                return &[];
            }
            if k == key {
                return &self.by_start[from as usize..to as usize];
            }
            at = (at + 1) & (self.slots.len() - 1);
        }
    }
}
