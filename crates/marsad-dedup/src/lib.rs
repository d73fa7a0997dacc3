//! Exact and near-duplicate detection and text reuse (wire copy) for marsad, with no I/O.
//!
//! - [`words`]: a document's words in `Key` normal form (marsad-text), each as a stable
//!   64-bit hash with its range in original code points.
//! - [`minhash`]: word k-shingles (k = 5 by default), MinHash signatures from seeded xxh3
//!   (stable across versions: signatures are persisted), LSH band keys.
//! - [`near`]: near-duplicate pairs over a set of documents: exact duplicates grouped by
//!   their word sequence, LSH candidates verified by exact Jaccard on the shingle sets.
//! - [`exact`]: exact all-pairs Jaccard join (prefix filtering), the ground truth of the
//!   evaluation.
//! - [`reuse`]: winnowed word n-gram fingerprints and the alignment of two documents into
//!   maximal shared passages with offsets in both.
//! - [`groups`]: union-find over pairs.

pub mod corpus;
pub mod exact;
pub mod groups;
pub mod minhash;
pub mod near;
pub mod reuse;
pub mod words;

pub use corpus::{CorpusDups, detect};
pub use exact::all_pairs_exact;
pub use groups::{UnionFind, groups_of_pairs};
pub use minhash::{Banding, MinHasher, Signature, band_keys, jaccard, shingles};
pub use near::{DupConfig, DupFeatures, DupPair, PairKind, near_duplicate_pairs};
pub use reuse::{
    Grams, Passage, ReuseConfig, Reused, align, align_grams, coverage, is_edited_copy, reuse_pairs, winnow,
};
pub use words::{Words, exact_key};

/// The version of everything persisted from this crate (word hashing, shingles, MinHash
/// permutations, band keys, fingerprints). Stored rows of another version are recomputed.
pub const DEDUP_VERSION: u32 = 1;

/// Errors of the dedup layer.
#[derive(Debug, thiserror::Error)]
pub enum DedupError {
    /// A configuration that cannot work (the message says why).
    #[error("dedup configuration: {0}")]
    Config(String),
    /// A persisted signature of the wrong size.
    #[error("signature has {got} values, expected {expected}")]
    SignatureSize { got: usize, expected: usize },
}
