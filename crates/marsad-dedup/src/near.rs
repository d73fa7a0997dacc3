//! Near-duplicate pairs over a set of documents.
//!
//! 1. Exact duplicates: documents with the same word sequence ([`crate::exact_key`]) form
//!    one class; only its first member goes on.
//! 2. Candidates: LSH over MinHash signatures, banded so that a pair exactly at the
//!    threshold is missed with probability ≤ `miss` (10⁻⁶ by default: 32 bands of 4 rows
//!    for 0.8 with 128 permutations).
//! 3. Verification: exact Jaccard of the two shingle sets, compared as integers, so that
//!    no reported pair is below the threshold (precision is 1 by construction; recall is
//!    what LSH can lose).

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::exact::{DEN, reaches, threshold_num};
use crate::minhash::{Banding, MinHasher, Signature, band_keys, jaccard, shingles};

/// Settings of near-duplicate detection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DupConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash permutations.
    pub num_perm: usize,
    /// Jaccard threshold on shingle sets.
    pub threshold: f64,
    /// Largest acceptable probability that LSH misses a pair exactly at the threshold.
    pub miss: f64,
}

impl Default for DupConfig {
    fn default() -> Self {
        DupConfig { shingle: 5, num_perm: 128, threshold: 0.8, miss: 1e-6 }
    }
}

impl DupConfig {
    pub fn banding(&self) -> Banding {
        Banding::for_threshold(self.threshold, self.num_perm, self.miss)
    }
}

/// Why two documents are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PairKind {
    /// The same words in the same order.
    Exact,
    /// Shingle Jaccard at or above the threshold.
    Near,
    /// An edited copy: aligned passages cover most of both documents (see
    /// [`crate::reuse::is_edited_copy`]) although the Jaccard is below the threshold.
    Edited,
}

impl PairKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PairKind::Exact => "exact",
            PairKind::Near => "near",
            PairKind::Edited => "edited",
        }
    }

    pub fn parse(s: &str) -> Option<PairKind> {
        match s {
            "exact" => Some(PairKind::Exact),
            "near" => Some(PairKind::Near),
            "edited" => Some(PairKind::Edited),
            _ => None,
        }
    }
}

/// One pair of documents (indices into the input, `a < b`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct DupPair {
    pub a: u32,
    pub b: u32,
    pub kind: PairKind,
    /// Exact Jaccard of the shingle sets.
    pub jaccard: f64,
}

/// What near-duplicate detection needs of one document.
#[derive(Clone, Debug, Default)]
pub struct DupFeatures {
    pub exact_key: u64,
    /// Sorted distinct shingle hashes.
    pub shingles: Vec<u64>,
    pub signature: Signature,
}

impl DupFeatures {
    /// From a document's word hashes.
    pub fn new(words: &[u64], cfg: &DupConfig, hasher: &MinHasher) -> DupFeatures {
        let sh = shingles(words, cfg.shingle);
        let signature = hasher.signature(&sh);
        DupFeatures { exact_key: crate::words::exact_key(words), shingles: sh, signature }
    }
}

/// Exact-duplicate pairs (first member, other member) and near-duplicate pairs among
/// the first members, sorted by `(a, b)`. Documents without words are left out.
pub fn near_duplicate_pairs(docs: &[DupFeatures], cfg: &DupConfig) -> Vec<DupPair> {
    let mut out = Vec::new();
    let mut first_of: HashMap<u64, u32> = HashMap::with_capacity(docs.len());
    let mut reps: Vec<u32> = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        if d.shingles.is_empty() {
            continue;
        }
        match first_of.entry(d.exact_key) {
            std::collections::hash_map::Entry::Occupied(e) => {
                out.push(DupPair { a: *e.get(), b: i as u32, kind: PairKind::Exact, jaccard: 1.0 })
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i as u32);
                reps.push(i as u32);
            }
        }
    }
    let banding = cfg.banding();
    // Every (band key, document), sorted: runs of one key are the LSH buckets.
    let mut keyed: Vec<(u64, u32)> = reps
        .par_iter()
        .flat_map_iter(|&i| band_keys(&docs[i as usize].signature, banding).into_iter().map(move |k| (k, i)))
        .collect();
    keyed.par_sort_unstable();
    let mut cands: Vec<u64> = Vec::new();
    for run in keyed.chunk_by(|x, y| x.0 == y.0).filter(|r| r.len() > 1) {
        for (x, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[x + 1..] {
                cands.push(((a as u64) << 32) | b as u64);
            }
        }
    }
    drop(keyed);
    cands.par_sort_unstable();
    cands.dedup();
    let num = threshold_num(cfg.threshold);
    let verified: Vec<DupPair> = cands
        .par_iter()
        .filter_map(|&c| {
            let (a, b) = ((c >> 32) as u32, c as u32);
            let (sa, sb) = (&docs[a as usize].shingles, &docs[b as usize].shingles);
            let (lo, hi) = if sa.len() <= sb.len() { (sa.len(), sb.len()) } else { (sb.len(), sa.len()) };
            if (lo as u64) * DEN < num * hi as u64 {
                return None;
            }
            let (inter, union) = jaccard(sa, sb);
            reaches(inter, union, num).then(|| DupPair {
                a,
                b,
                kind: PairKind::Near,
                jaccard: inter as f64 / union as f64,
            })
        })
        .collect();
    out.extend(verified);
    out.sort_unstable_by_key(|p| (p.a, p.b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::Words;

    fn feats(texts: &[&str]) -> Vec<DupFeatures> {
        let cfg = DupConfig::default();
        let h = MinHasher::new(cfg.num_perm);
        texts.iter().map(|t| DupFeatures::new(&Words::of_text(t).hashes, &cfg, &h)).collect()
    }

    #[test]
    fn exact_near_and_distinct() {
        let base = "قال المتحدث باسم وزارة الخارجية إن الوفد سيصل إلى العاصمة صباح الغد لبحث ملف \
                    المعابر الحدودية وتبادل الأسرى مع الجانب الآخر في جولة جديدة من المحادثات التي \
                    ترعاها الأمم المتحدة منذ مطلع الشهر الماضي وسط آمال بالتوصل إلى اتفاق شامل";
        let same_words = base.replace("إن", "إنّ").replace(' ', "  ");
        let edited = format!("{base} قبل نهاية العام");
        let other = "افتتح المعرض الدولي للكتاب أبوابه أمس بمشاركة مئات دور النشر العربية والأجنبية";
        let docs = feats(&[base, &same_words, &edited, other]);
        let pairs = near_duplicate_pairs(&docs, &DupConfig::default());
        assert_eq!(pairs.len(), 2, "{pairs:?}");
        assert_eq!((pairs[0].a, pairs[0].b, pairs[0].kind), (0, 1, PairKind::Exact));
        assert_eq!((pairs[1].a, pairs[1].b, pairs[1].kind), (0, 2, PairKind::Near));
        assert!(pairs[1].jaccard >= 0.8 && pairs[1].jaccard < 1.0);
    }
}
