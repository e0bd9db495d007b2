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
