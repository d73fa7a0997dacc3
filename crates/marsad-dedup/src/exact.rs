//! The exact all-pairs Jaccard join over shingle sets (prefix filtering), used as the
//! ground truth of the evaluation: every pair of sets with `|A ∩ B| / |A ∪ B| ≥ t`,
//! compared in integers (`t` as a fraction with denominator 10^6), none missed.
//!
//! Prefix filtering: order every set's elements by corpus frequency (rarest first); a
//! pair with Jaccard ≥ t overlaps in at least ⌈t·|X|⌉ elements of each set X, so the
//! first `|X| − ⌈t·|X|⌉ + 1` elements of both share one. Only pairs that share a prefix
//! element are compared.

use std::collections::HashMap;

/// The threshold as a fraction `num / DEN`.
pub const DEN: u64 = 1_000_000;

/// `t` as the numerator over [`DEN`].
pub fn threshold_num(t: f64) -> u64 {
    (t.clamp(0.0, 1.0) * DEN as f64).round() as u64
}

/// Does `inter / union` reach `num / DEN`? (An empty union never does.)
pub fn reaches(inter: usize, union: usize, num: u64) -> bool {
    union > 0 && inter as u64 * DEN >= num * union as u64
}

/// Every pair `(i, j, inter, union)`, `i < j`, of sorted distinct sets with exact Jaccard ≥ `t`
/// (`t` > 0), sorted.
pub fn all_pairs_exact(sets: &[Vec<u64>], t: f64) -> Vec<(u32, u32, u32, u32)> {
    let num = threshold_num(t).max(1);
    let mut df: HashMap<u64, u32> = HashMap::new();
    for s in sets {
        for &x in s {
            *df.entry(x).or_default() += 1;
        }
    }
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut seen = vec![u32::MAX; sets.len()];
    let mut out = Vec::new();
    let mut ordered: Vec<u64> = Vec::new();
    for (i, s) in sets.iter().enumerate() {
        if s.is_empty() {
            continue;
        }
        ordered.clear();
        ordered.extend_from_slice(s);
        ordered.sort_unstable_by_key(|x| (df[x], *x));
        let n = s.len() as u64;
        let need = (num * n).div_ceil(DEN);
        let prefix = (n - need.min(n) + 1).min(n) as usize;
        let mut cands: Vec<u32> = Vec::new();
        for x in &ordered[..prefix] {
            if let Some(list) = postings.get(x) {
                for &j in list {
                    if seen[j as usize] != i as u32 {
                        seen[j as usize] = i as u32;
                        cands.push(j);
                    }
                }
            }
        }
        for j in cands {
            let other = &sets[j as usize];
            let (lo, hi) = if s.len() <= other.len() { (s.len(), other.len()) } else { (other.len(), s.len()) };
            if (lo as u64) * DEN < num * hi as u64 {
                continue;
            }
            let (inter, union) = crate::minhash::jaccard(other, s);
            if reaches(inter, union, num) {
                out.push((j, i as u32, inter as u32, union as u32));
            }
        }
        for x in &ordered[..prefix] {
            postings.entry(*x).or_default().push(i as u32);
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_brute_force() {
        let sets: Vec<Vec<u64>> = vec![
            (0..10).collect(),
            (0..9).collect(),
            (1..11).collect(),
            (100..110).collect(),
            (0..10).collect(),
            vec![],
        ];
        let got = all_pairs_exact(&sets, 0.8);
        let mut want = Vec::new();
        for i in 0..sets.len() {
            for j in i + 1..sets.len() {
                let (inter, union) = crate::minhash::jaccard(&sets[i], &sets[j]);
                if reaches(inter, union, threshold_num(0.8)) {
                    want.push((i as u32, j as u32, inter as u32, union as u32));
                }
            }
        }
        assert_eq!(got, want);
        assert_eq!(got.len(), 5);
    }
}
