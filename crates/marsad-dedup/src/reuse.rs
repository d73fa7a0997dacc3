//! Text reuse: passages two documents share nearly verbatim.
//!
//! Fingerprints are hashes of every k consecutive words (k = 5), winnowed with a window
//! of `w = min_words − k + 1` (4 by default): in every run of w consecutive k-grams the
//! smallest hash is kept (the rightmost on a tie). Any passage of at least `min_words`
//! words that two documents share contains one whole window, so both keep the same
//! fingerprint for it: indexing the fingerprints finds every such pair without comparing
//! all pairs. Fingerprints found in more than `common_cap` documents (boilerplate,
//! formulas) do not make candidates.
//!
//! [`align`] then compares a candidate pair on all their k-grams: matches on one diagonal
//! (the same offset between the documents) form runs; runs broken by at most `max_gap`
//! changed words, and runs on nearby diagonals (a word inserted or dropped) are merged
//! into maximal passages; passages shorter than `min_words` words on either side are
//! dropped.

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64_with_seed;

const KGRAM_SEED: u64 = 0x6d61_7273_6164_0007;

/// Settings of reuse detection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReuseConfig {
    /// Words per fingerprint.
    pub k: usize,
    /// Shortest passage reported, in words (≥ k).
    pub min_words: usize,
    /// Changed words a passage may bridge.
    pub max_gap: usize,
    /// A fingerprint in more documents than this is boilerplate and makes no candidates.
    pub common_cap: usize,
}

impl Default for ReuseConfig {
    fn default() -> Self {
        ReuseConfig { k: 5, min_words: 8, max_gap: 3, common_cap: 100 }
    }
}

impl ReuseConfig {
    /// Effective k (never more than `min_words`, never 0).
    pub fn k(&self) -> usize {
        self.k.clamp(1, self.min_words.max(1))
    }

    /// The winnowing window that guarantees every `min_words` passage a fingerprint.
    pub fn window(&self) -> usize {
        (self.min_words.max(1) + 1).saturating_sub(self.k()).max(1)
    }
}

/// The hash of every k consecutive words (one per start position; none if fewer words).
pub fn kgram_hashes(words: &[u64], k: usize) -> Vec<u64> {
    let k = k.max(1);
    if words.len() < k {
        return Vec::new();
    }
    let mut buf = Vec::with_capacity(k * 8);
    words
        .windows(k)
        .map(|w| {
            buf.clear();
            for h in w {
                buf.extend_from_slice(&h.to_le_bytes());
            }
            xxh3_64_with_seed(&buf, KGRAM_SEED)
        })
        .collect()
}

/// Winnowed fingerprints `(hash, word position)` of a document, in position order.
pub fn winnow(words: &[u64], cfg: &ReuseConfig) -> Vec<(u64, u32)> {
    winnow_hashes(&kgram_hashes(words, cfg.k()), cfg.window())
}

/// Winnowing of k-gram hashes with window `w`.
pub fn winnow_hashes(hashes: &[u64], w: usize) -> Vec<(u64, u32)> {
    let w = w.max(1);
    let mut out: Vec<(u64, u32)> = Vec::new();
    if hashes.is_empty() {
        return out;
    }
    let last_start = hashes.len().saturating_sub(w);
    for start in 0..=last_start {
        let end = (start + w).min(hashes.len());
        let mut best = start;
        for p in start..end {
            if hashes[p] <= hashes[best] {
                best = p;
            }
        }
        if out.last().is_none_or(|&(_, pos)| pos as usize != best) {
            out.push((hashes[best], best as u32));
        }
    }
    out
}

/// A shared passage: word ranges in both documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub a: Range<usize>,
    pub b: Range<usize>,
}

/// Most positions of one k-gram in the other document that are followed (a phrase
/// repeated more often is a formula, not a passage).
const MAX_POSITIONS: usize = 8;

/// A document's k-grams prepared for alignment: sorted `(hash, position)`.
#[derive(Clone, Debug, Default)]
pub struct Grams {
    sorted: Vec<(u64, u32)>,
}

impl Grams {
    /// The k-grams of `words` (k = `cfg.k()`).
    pub fn new(words: &[u64], cfg: &ReuseConfig) -> Grams {
        Self::from_hashes(&kgram_hashes(words, cfg.k()))
    }

    fn from_hashes(hashes: &[u64]) -> Grams {
        let mut sorted: Vec<(u64, u32)> = hashes.iter().enumerate().map(|(i, &h)| (h, i as u32)).collect();
        sorted.sort_unstable();
        Grams { sorted }
    }
}

/// The maximal passages of at least `min_words` words that `a` and `b` share, ordered by
/// their start in `a`.
pub fn align(a: &[u64], b: &[u64], cfg: &ReuseConfig) -> Vec<Passage> {
    align_grams(&Grams::new(a, cfg), &Grams::new(b, cfg), cfg)
}

/// [`align`] on prepared k-grams (a merge of the two sorted lists: no hashing, no
/// allocation but the matches).
pub fn align_grams(ga: &Grams, gb: &Grams, cfg: &ReuseConfig) -> Vec<Passage> {
    let k = cfg.k();
    let (sa, sb) = (&ga.sorted, &gb.sorted);
    // (diagonal, i) of every k-gram match.
    let mut matches: Vec<(i64, u32)> = Vec::new();
    let (mut x, mut y) = (0, 0);
    while x < sa.len() && y < sb.len() {
        let (ha, hb) = (sa[x].0, sb[y].0);
        if ha < hb {
            x += 1;
        } else if hb < ha {
            y += 1;
        } else {
            let xe = x + sa[x..].iter().take_while(|p| p.0 == ha).count();
            let ye = y + sb[y..].iter().take_while(|p| p.0 == ha).count();
            if xe - x <= MAX_POSITIONS && ye - y <= MAX_POSITIONS {
                for &(_, i) in &sa[x..xe] {
                    for &(_, j) in &sb[y..ye] {
                        matches.push((j as i64 - i as i64, i));
                    }
                }
            }
            x = xe;
            y = ye;
        }
    }
    matches.sort_unstable();
    // Runs along each diagonal, bridging up to max_gap changed words.
    let mut runs: Vec<Passage> = Vec::new();
    let mut cur: Option<(i64, usize, usize)> = None; // (diag, first i, last i)
    let bridge = k + cfg.max_gap;
    let flush = |runs: &mut Vec<Passage>, (d, s, e): (i64, usize, usize)| {
        let a = s..e + k;
        let b = (s as i64 + d) as usize..(e as i64 + d) as usize + k;
        runs.push(Passage { a, b });
    };
    for &(d, i) in &matches {
        let i = i as usize;
        cur = match cur {
            Some((cd, s, e)) if cd == d && i <= e + bridge => Some((cd, s, i)),
            Some(run) => {
                flush(&mut runs, run);
                Some((d, i, i))
            }
            None => Some((d, i, i)),
        };
    }
    if let Some(run) = cur {
        flush(&mut runs, run);
    }
    // Merge runs on nearby diagonals (insertions, deletions) that follow each other.
    runs.sort_unstable_by_key(|p| (p.a.start, p.b.start));
    let mut merged: Vec<Passage> = Vec::new();
    for r in runs {
        if let Some(last) = merged.last_mut()
            && r.a.start <= last.a.end + cfg.max_gap
            && r.b.start >= last.b.start
            && r.b.start <= last.b.end + cfg.max_gap
            && r.b.end + cfg.max_gap >= last.b.end
        {
            last.a.end = last.a.end.max(r.a.end);
            last.b.end = last.b.end.max(r.b.end);
            continue;
        }
        merged.push(r);
    }
    merged.retain(|p| p.a.len() >= cfg.min_words && p.b.len() >= cfg.min_words);
    merged
}

/// The share of `len` words covered by the union of `ranges`.
pub fn coverage<'r>(ranges: impl IntoIterator<Item = &'r Range<usize>>, len: usize) -> f64 {
    if len == 0 {
        return 0.0;
    }
    let mut v: Vec<&Range<usize>> = ranges.into_iter().collect();
    v.sort_unstable_by_key(|r| r.start);
    let (mut covered, mut reach) = (0usize, 0usize);
    for r in v {
        let s = r.start.max(reach);
        if r.end > s {
            covered += r.end - s;
        }
        reach = reach.max(r.end);
    }
    covered.min(len) as f64 / len as f64
}

/// Least share of the shorter document that shared passages must cover for an edited copy.
pub const EDITED_SHORTER: f64 = 0.7;
/// Least share of the longer document.
pub const EDITED_LONGER: f64 = 0.45;

/// Is `b` an edited copy of `a` (or the other way round)? True when the passages cover
/// at least [`EDITED_SHORTER`] of the shorter document and [`EDITED_LONGER`] of the
/// longer one: the same article with paragraphs added, removed or reworded, as outlets
/// update a story under the same address.
pub fn is_edited_copy(passages: &[Passage], len_a: usize, len_b: usize) -> bool {
    let ca = coverage(passages.iter().map(|p| &p.a), len_a);
    let cb = coverage(passages.iter().map(|p| &p.b), len_b);
    let (short, long) = if len_a <= len_b { (ca, cb) } else { (cb, ca) };
    short >= EDITED_SHORTER && long >= EDITED_LONGER
}

/// The passages two documents (indices, `a < b`) share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reused {
    pub a: u32,
    pub b: u32,
    pub passages: Vec<Passage>,
}

/// Every pair of `docs` (word hashes) that shares a passage of at least `min_words` words,
/// found through an index of winnowed fingerprints; `skip(a, b)` leaves pairs out before
/// they are aligned (e.g. exact duplicates). Sorted by `(a, b)`.
pub fn reuse_pairs(docs: &[&[u64]], cfg: &ReuseConfig, skip: impl Fn(u32, u32) -> bool + Sync) -> Vec<Reused> {
    let prepared: Vec<(Vec<u64>, Grams)> = docs
        .par_iter()
        .map(|w| {
            let hashes = kgram_hashes(w, cfg.k());
            let mut fps: Vec<u64> = winnow_hashes(&hashes, cfg.window()).into_iter().map(|(h, _)| h).collect();
            fps.sort_unstable();
            fps.dedup();
            (fps, Grams::from_hashes(&hashes))
        })
        .collect();
    // Every (fingerprint, document), sorted: runs are the posting lists.
    let mut postings: Vec<(u64, u32)> =
        prepared.iter().enumerate().flat_map(|(d, (fps, _))| fps.iter().map(move |&h| (h, d as u32))).collect();
    postings.par_sort_unstable();
    let mut cands: Vec<u64> = Vec::new();
    for run in postings.chunk_by(|x, y| x.0 == y.0) {
        if run.len() < 2 || run.len() > cfg.common_cap {
            continue;
        }
        for (x, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[x + 1..] {
                cands.push(((a as u64) << 32) | b as u64);
            }
        }
    }
    drop(postings);
    cands.par_sort_unstable();
    cands.dedup();
    cands
        .par_iter()
        .filter_map(|&c| {
            let (a, b) = ((c >> 32) as u32, c as u32);
            if skip(a, b) {
                return None;
            }
            let passages = align_grams(&prepared[a as usize].1, &prepared[b as usize].1, cfg);
            (!passages.is_empty()).then_some(Reused { a, b, passages })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(ids: &[u64]) -> Vec<u64> {
        ids.to_vec()
    }

    #[test]
    fn one_shared_run() {
        let a = w(&[1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 4, 5]);
        let b = w(&[9, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 7]);
        let p = align(&a, &b, &ReuseConfig::default());
        assert_eq!(p, vec![Passage { a: 3..12, b: 2..11 }]);
    }

    #[test]
    fn a_changed_word_is_bridged_and_short_runs_dropped() {
        let a: Vec<u64> = (100..130).collect();
        let mut b: Vec<u64> = (100..130).collect();
        b[15] = 7; // one word changed
        let p = align(&a, &b, &ReuseConfig::default());
        assert_eq!(p, vec![Passage { a: 0..30, b: 0..30 }]);
        let short = align(&a[..7], &b[..7], &ReuseConfig::default());
        assert!(short.is_empty());
    }

    #[test]
    fn an_inserted_word_is_bridged() {
        let a: Vec<u64> = (100..130).collect();
        let mut b: Vec<u64> = (100..130).collect();
        b.insert(12, 5);
        let p = align(&a, &b, &ReuseConfig::default());
        assert_eq!(p, vec![Passage { a: 0..30, b: 0..31 }]);
    }

    #[test]
    fn winnowing_guarantees_min_words() {
        let cfg = ReuseConfig::default();
        let shared: Vec<u64> = (500..508).collect();
        let a: Vec<u64> = (0..40).chain(shared.iter().copied()).chain(40..60).collect();
        let b: Vec<u64> = (1000..1013).chain(shared.iter().copied()).chain(2000..2030).collect();
        let fa: std::collections::HashSet<u64> = winnow(&a, &cfg).into_iter().map(|x| x.0).collect();
        assert!(winnow(&b, &cfg).iter().any(|(h, _)| fa.contains(h)));
        let r = reuse_pairs(&[&a, &b], &cfg, |_, _| false);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].passages, vec![Passage { a: 40..48, b: 13..21 }]);
    }

    #[test]
    fn coverage_of_overlapping_ranges() {
        assert_eq!(coverage([&(0..5), &(3..8), &(10..12)], 20), 0.5);
        assert_eq!(coverage([], 0), 0.0);
    }
}
