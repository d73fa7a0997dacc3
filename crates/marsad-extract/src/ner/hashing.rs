//! The hasher of the tagger's look-up tables (stems → clusters and name flags, whole
//! names, letter trigrams, a document's stems).
//!
//! The standard library's SipHash costs more than the look-up it serves on words of a
//! few letters, and the tagger makes several per word. This is xxh3 of the bytes (the
//! features' hash too), seeded per table from the standard library's random keys, so
//! that words chosen to collide cannot slow a table down.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher, RandomState};

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// A `HashMap` with [`FastState`].
pub type FastMap<K, V> = HashMap<K, V, FastState>;
/// A `HashSet` with [`FastState`].
pub type FastSet<K> = HashSet<K, FastState>;

/// Builds [`FastHasher`]s with one random seed per table.
#[derive(Clone, Debug)]
pub struct FastState {
    seed: u64,
}

impl Default for FastState {
    fn default() -> Self {
        FastState { seed: RandomState::new().hash_one(0x6d61_7273_6164u64) }
    }
}

impl BuildHasher for FastState {
    type Hasher = FastHasher;

    fn build_hasher(&self) -> FastHasher {
        FastHasher(self.seed)
    }
}

/// xxh3 for byte strings, a multiply–xorshift mix for integers.
#[derive(Clone, Debug)]
pub struct FastHasher(u64);

#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxh3_64_with_seed(bytes, self.0);
    }

    #[inline]
    fn write_u8(&mut self, x: u8) {
        self.0 = mix(self.0 ^ x as u64);
    }

    #[inline]
    fn write_u16(&mut self, x: u16) {
        self.0 = mix(self.0 ^ x as u64);
    }

    #[inline]
    fn write_u32(&mut self, x: u32) {
        self.0 = mix(self.0 ^ x as u64);
    }

    #[inline]
    fn write_u64(&mut self, x: u64) {
        self.0 = mix(self.0 ^ x);
    }

    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.0 = mix(self.0 ^ x as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_and_strings_differ() {
        let mut m: FastMap<String, u32> = FastMap::default();
        for (i, w) in ["موسكو", "باكو", "يريفان", "", "a"].iter().enumerate() {
            m.insert(w.to_string(), i as u32);
        }
        assert_eq!(m.get("باكو"), Some(&1));
        assert_eq!(m.get(""), Some(&3));
        assert_eq!(m.get("بوتين"), None);
        let s = FastState::default();
        assert_ne!(s.hash_one("ab"), s.hash_one("ba"));
        assert_ne!(s.hash_one(1u32), s.hash_one(2u32));
    }
}
