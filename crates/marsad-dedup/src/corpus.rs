//! Everything at once over a set of documents held in memory: exact, near and edited
//! duplicate pairs, their groups, and the passages reused between documents that are not
//! duplicates of each other. The store-backed, incremental path (marsad's ingest) gives
//! the same pairs one new document at a time.

use rayon::prelude::*;

use crate::exact::{reaches, threshold_num};
use crate::groups::UnionFind;
use crate::minhash::{MinHasher, jaccard};
use crate::near::{DupConfig, DupFeatures, DupPair, PairKind, near_duplicate_pairs};
use crate::reuse::{ReuseConfig, Reused, is_edited_copy, reuse_pairs};

/// The result over a set of documents (indices into the input).
#[derive(Clone, Debug, Default)]
pub struct CorpusDups {
    /// Exact, near and edited pairs, sorted by `(a, b)`.
    pub pairs: Vec<DupPair>,
    /// Near-duplicate groups (connected components of `pairs`), each sorted.
    pub groups: Vec<Vec<u32>>,
    /// Reused passages between documents of different groups.
    pub reuse: Vec<Reused>,
}

/// Runs detection over `docs` (their word hashes). `edited`: also group edited copies.
pub fn detect(docs: &[&[u64]], dup: &DupConfig, reuse: &ReuseConfig, edited: bool) -> CorpusDups {
    let hasher = MinHasher::new(dup.num_perm);
    let feats: Vec<DupFeatures> = docs.par_iter().map(|w| DupFeatures::new(w, dup, &hasher)).collect();
    let mut pairs = near_duplicate_pairs(&feats, dup);
    let mut uf = UnionFind::new(docs.len());
    for p in &pairs {
        uf.union(p.a, p.b);
    }
    // Pairs already in one group need no alignment.
    let roots: Vec<u32> = (0..docs.len() as u32).map(|x| uf.find(x)).collect();
    let reused = reuse_pairs(docs, reuse, |a, b| roots[a as usize] == roots[b as usize]);
    let num = threshold_num(dup.threshold);
    let mut out_reuse = Vec::with_capacity(reused.len());
    for r in reused {
        let (a, b) = (r.a as usize, r.b as usize);
        let (inter, union) = jaccard(&feats[a].shingles, &feats[b].shingles);
        let near = reaches(inter, union, num);
        if !near && edited && is_edited_copy(&r.passages, docs[a].len(), docs[b].len()) {
            pairs.push(DupPair { a: r.a, b: r.b, kind: PairKind::Edited, jaccard: inter as f64 / union.max(1) as f64 });
            uf.union(r.a, r.b);
        }
        out_reuse.push(r);
    }
    pairs.sort_unstable_by_key(|p| (p.a, p.b));
    let groups = uf.groups();
    // Reuse between members of one group is the duplication itself, not reuse.
    out_reuse.retain(|r| uf.find(r.a) != uf.find(r.b));
    CorpusDups { pairs, groups, reuse: out_reuse }
}
