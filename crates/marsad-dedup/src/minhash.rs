//! Word shingles, MinHash signatures and LSH band keys.
//!
//! A shingle is k consecutive words (k = 5 by default, as the peers and the evaluation's
//! truth use), hashed to 64 bits with xxh3 under a fixed seed over the words' hashes. A
//! document with fewer than k words has one shingle: all its words.
//!
//! MinHash: permutation i is `x ↦ (a_i·x + b_i) >> 32` (multiply-shift, 64-bit `a_i`
//! odd, `b_i`) on the shingle hash folded to 32 bits, `a_i` and `b_i` drawn from seeded
//! xxh3 of `i`. No
//! random-number generator is involved, so signatures persisted today are the same with
//! any later version of any crate.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::DedupError;

const SHINGLE_SEED: u64 = 0x6d61_7273_6164_0003;
const PERM_SEED_A: u64 = 0x6d61_7273_6164_0004;
const PERM_SEED_B: u64 = 0x6d61_7273_6164_0005;
const BAND_SEED: u64 = 0x6d61_7273_6164_0006;

/// The sorted, distinct shingle hashes of a word sequence (k ≥ 1).
pub fn shingles(words: &[u64], k: usize) -> Vec<u64> {
    let k = k.max(1);
    if words.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<u64> =
        if words.len() < k { vec![hash_words(words)] } else { words.windows(k).map(hash_words).collect() };
    out.sort_unstable();
    out.dedup();
    out
}

fn hash_words(w: &[u64]) -> u64 {
    let mut buf = [0u8; 8 * 16];
    if w.len() <= 16 {
        for (i, h) in w.iter().enumerate() {
            buf[i * 8..i * 8 + 8].copy_from_slice(&h.to_le_bytes());
        }
        xxh3_64_with_seed(&buf[..w.len() * 8], SHINGLE_SEED)
    } else {
        let bytes: Vec<u8> = w.iter().flat_map(|h| h.to_le_bytes()).collect();
        xxh3_64_with_seed(&bytes, SHINGLE_SEED)
    }
}

/// Exact Jaccard similarity of two sorted distinct sets: (|A ∩ B|, |A ∪ B|).
pub fn jaccard(a: &[u64], b: &[u64]) -> (usize, usize) {
    let (mut i, mut j, mut inter) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (inter, a.len() + b.len() - inter)
}

/// A MinHash signature: one minimum per permutation.
pub type Signature = Vec<u32>;

/// MinHash with `n` permutations.
#[derive(Clone, Debug)]
pub struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    /// `n` permutations (at least 1).
    pub fn new(n: usize) -> MinHasher {
        let n = n.max(1);
        let a = (0..n as u64).map(|i| xxh3_64_with_seed(&i.to_le_bytes(), PERM_SEED_A) | 1).collect();
        let b = (0..n as u64).map(|i| xxh3_64_with_seed(&i.to_le_bytes(), PERM_SEED_B)).collect();
        MinHasher { a, b }
    }

    /// Number of permutations.
    pub fn len(&self) -> usize {
        self.a.len()
    }

    /// Never empty.
    pub fn is_empty(&self) -> bool {
        self.a.is_empty()
    }

    /// The signature of a shingle set (all `u32::MAX` for an empty set).
    pub fn signature(&self, shingles: &[u64]) -> Signature {
        // Each shingle hash folded to 32 bits: the permutations are then the classic
        // multiply-shift `(a·x + b) >> 32` on a 32-bit key, which vectorises.
        let xs: Vec<u32> = shingles.iter().map(|&x| (x ^ (x >> 32)) as u32).collect();
        let mut sig = vec![u32::MAX; self.a.len()];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            unsafe { signature_avx2(&self.a, &self.b, &xs, &mut sig) };
            return sig;
        }
        signature_into(&self.a, &self.b, &xs, &mut sig);
        sig
    }

    /// The share of equal positions of two signatures: an estimate of their Jaccard.
    pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
        if a.is_empty() || a.len() != b.len() {
            return 0.0;
        }
        a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
    }
}

#[inline(always)]
fn signature_into(a: &[u64], b: &[u64], xs: &[u32], sig: &mut [u32]) {
    for ((s, &a), &b) in sig.iter_mut().zip(a).zip(b) {
        let mut m = u32::MAX;
        for &x in xs {
            let h = (a.wrapping_mul(x as u64).wrapping_add(b) >> 32) as u32;
            m = m.min(h);
        }
        *s = m;
    }
}

/// [`signature_into`] compiled for AVX2 (the same results, 4–8 lanes at a time).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn signature_avx2(a: &[u64], b: &[u64], xs: &[u32], sig: &mut [u32]) {
    signature_into(a, b, xs, sig)
}

/// Signature bytes for storage (little-endian u32s).
pub fn signature_to_bytes(sig: &[u32]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A signature read back from storage; `expected` values.
pub fn signature_from_bytes(bytes: &[u8], expected: usize) -> Result<Signature, DedupError> {
    if bytes.len() != expected * 4 {
        return Err(DedupError::SignatureSize { got: bytes.len() / 4, expected });
    }
    Ok(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

/// LSH banding: `bands` bands of `rows` signature values each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Banding {
    pub bands: usize,
    pub rows: usize,
}

impl Banding {
    /// The banding for a Jaccard threshold with `num_perm` permutations: the most rows
    /// per band (fewest false candidates) for which a pair exactly at the threshold is
    /// missed with probability at most `miss` (candidates are verified exactly, so extra
    /// candidates cost time, never precision).
    pub fn for_threshold(threshold: f64, num_perm: usize, miss: f64) -> Banding {
        let t = threshold.clamp(0.01, 1.0);
        let mut best = Banding { bands: num_perm.max(1), rows: 1 };
        for rows in 1..=num_perm.max(1) {
            let bands = num_perm / rows;
            if bands == 0 {
                break;
            }
            let p_band = t.powi(rows as i32);
            let p_miss = (1.0 - p_band).powi(bands as i32);
            if p_miss <= miss {
                best = Banding { bands, rows };
            }
        }
        best
    }

    /// Probability that a pair of Jaccard `j` becomes a candidate.
    pub fn candidate_probability(&self, j: f64) -> f64 {
        1.0 - (1.0 - j.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// The band keys of a signature: one 64-bit key per band, the band's index mixed in, so
/// that all bands can share one table.
pub fn band_keys(sig: &[u32], banding: Banding) -> Vec<u64> {
    let mut buf = Vec::with_capacity(banding.rows * 4 + 2);
    (0..banding.bands)
        .filter(|b| (b + 1) * banding.rows <= sig.len())
        .map(|b| {
            buf.clear();
            buf.extend_from_slice(&(b as u16).to_le_bytes());
            for v in &sig[b * banding.rows..(b + 1) * banding.rows] {
                buf.extend_from_slice(&v.to_le_bytes());
            }
            xxh3_64_with_seed(&buf, BAND_SEED)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banding_for_the_default_threshold() {
        let b = Banding::for_threshold(0.8, 128, 1e-6);
        assert_eq!(b, Banding { bands: 32, rows: 4 });
        assert!(b.candidate_probability(0.8) > 0.999_999);
        assert!(b.candidate_probability(0.2) < 0.05);
    }

    #[test]
    fn signatures_are_stable() {
        // Persisted signatures must not change: these values are part of DEDUP_VERSION 1.
        let m = MinHasher::new(4);
        assert_eq!(m.signature(&[1, 2, 3]), m.signature(&[3, 2, 1]));
        let mut plain = vec![u32::MAX; 4];
        signature_into(&m.a, &m.b, &[1, 2, 3], &mut plain);
        assert_eq!(m.signature(&[1, 2, 3]), plain);
        let sig = m.signature(&[42]);
        let again = MinHasher::new(4).signature(&[42]);
        assert_eq!(sig, again);
        assert_eq!(signature_from_bytes(&signature_to_bytes(&sig), 4).unwrap(), sig);
        assert!(signature_from_bytes(&[0; 7], 4).is_err());
    }

    #[test]
    fn jaccard_counts() {
        assert_eq!(jaccard(&[1, 2, 3, 4], &[2, 3, 5]), (2, 5));
        assert_eq!(jaccard(&[], &[]), (0, 0));
    }
}
