//! Reading the tables build.rs packs (sorted entries, little-endian integers) in place.

use std::cmp::Ordering;

/// The little-endian `u32` at byte `at` of `bytes`.
pub fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize
}

/// The index of the entry that compares `Equal`, in `count` entries sorted by key;
/// `compare(i)` compares entry `i`'s key with the key sought.
pub fn find(count: usize, compare: impl Fn(usize) -> Ordering) -> Option<usize> {
    let (mut low, mut high) = (0, count);
    while low < high {
        let mid = (low + high) / 2;
        match compare(mid) {
            Ordering::Less => low = mid + 1,
            Ordering::Greater => high = mid,
            Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// A sorted key → value string table, as build.rs's `pack_string_table` writes it:
/// count: u32, key offsets: [u32; count + 1], value offsets: [u32; count + 1], keys,
/// values.
pub struct StringTable {
    bytes: &'static [u8],
    count: usize,
    keys_start: usize,
    values_start: usize,
}

impl StringTable {
    pub const fn new(bytes: &'static [u8]) -> StringTable {
        let count = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        let keys_start = 4 + (count + 1) * 8;
        let at = 4 + count * 4;
        let keys_len = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        StringTable {
            bytes,
            count,
            keys_start,
            values_start: keys_start + keys_len,
        }
    }

    fn key(&self, i: usize) -> &'static [u8] {
        &self.bytes[self.keys_start + u32_at(self.bytes, 4 + i * 4)..self.keys_start + u32_at(self.bytes, 8 + i * 4)]
    }

    /// The value stored under `key`.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        let i = find(self.count, |i| self.key(i).cmp(key.as_bytes()))?;
        let values = 4 + (self.count + 1) * 4;
        let bytes = &self.bytes[self.values_start + u32_at(self.bytes, values + i * 4)
            ..self.values_start + u32_at(self.bytes, values + (i + 1) * 4)];
        Some(std::str::from_utf8(bytes).unwrap_or(""))
    }
}
