//! Word clusters learned from unlabelled news.
//!
//! A name the tagger never saw in training is still recognisable by the company it
//! keeps in 72,000 news articles: words that follow «الرئيس» and precede «إن» cluster
//! together. Each frequent stem gets a vector of positive pointwise mutual information
//! with its left, right and ±2 neighbours among the commonest stems, projected to a few
//! hundred dimensions with a fixed pseudo-random ±1 matrix (distances are kept, in
//! expectation); spherical k-means then groups the vectors into fine clusters, and the
//! fine centroids are clustered again into middle and coarse levels. The tagger reads all
//! three levels, which plays the part of Brown-cluster bit prefixes.

use std::collections::HashMap;

use rayon::prelude::*;

use super::hashing::FastMap;

/// Cluster levels, coarse to fine.
pub const LEVELS: usize = 3;
/// The cluster of a word that has none.
pub const NO_CLUSTER: u16 = u16::MAX;

/// Stem (`Key` form, clitics stripped) → cluster at each level.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterTable {
    pub words: FastMap<String, [u16; LEVELS]>,
}

impl ClusterTable {
    pub fn get(&self, stem: &str) -> [u16; LEVELS] {
        self.words.get(stem).copied().unwrap_or([NO_CLUSTER; LEVELS])
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// How clusters are learned.
#[derive(Clone, Debug)]
pub struct ClusterParams {
    /// Clusters at each level, coarse to fine.
    pub k: [usize; LEVELS],
    /// Dimensions of the projected vectors.
    pub dims: usize,
    /// k-means iterations.
    pub iterations: usize,
    pub seed: u64,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams { k: [32, 160, 640], dims: 256, iterations: 14, seed: 0x6d61_7273_6164 }
    }
}

/// Co-occurrence counts of the vocabulary with the context words.
pub struct ContextCounts {
    vocab: Vec<String>,
    vocab_index: HashMap<String, u32>,
    context_index: HashMap<String, u32>,
    n_contexts: usize,
    /// Row-major: vocab × (3 · contexts): left neighbour, right neighbour, ±2.
    counts: Vec<u32>,
}

const SLOTS: usize = 3;

impl ContextCounts {
    /// `vocab`: the words to cluster; `contexts`: the words whose company counts.
    pub fn new(vocab: Vec<String>, contexts: &[String]) -> ContextCounts {
        let vocab_index = vocab.iter().enumerate().map(|(i, w)| (w.clone(), i as u32)).collect();
        let context_index: HashMap<String, u32> =
            contexts.iter().enumerate().map(|(i, w)| (w.clone(), i as u32)).collect();
        let n_contexts = context_index.len();
        let counts = vec![0u32; vocab.len() * SLOTS * n_contexts];
        ContextCounts { vocab, vocab_index, context_index, n_contexts, counts }
    }

    /// An empty copy with the same vocabulary, for another thread.
    pub fn empty_like(&self) -> ContextCounts {
        ContextCounts {
            vocab: self.vocab.clone(),
            vocab_index: self.vocab_index.clone(),
            context_index: self.context_index.clone(),
            n_contexts: self.n_contexts,
            counts: vec![0u32; self.counts.len()],
        }
    }

    /// Counts one sentence of stems (`None` for a word that is not a word: a number, a
    /// mark; it still separates its neighbours).
    pub fn add_sentence(&mut self, stems: &[Option<&str>]) {
        let ids: Vec<(Option<u32>, Option<u32>)> = stems
            .iter()
            .map(|s| match s {
                Some(s) => (self.vocab_index.get(*s).copied(), self.context_index.get(*s).copied()),
                None => (None, None),
            })
            .collect();
        let row_len = SLOTS * self.n_contexts;
        for (i, &(word, _)) in ids.iter().enumerate() {
            let Some(word) = word else { continue };
            let row = word as usize * row_len;
            let mut bump = |j: Option<usize>, slot: usize| {
                if let Some((_, Some(c))) = j.and_then(|j| ids.get(j)) {
                    self.counts[row + slot * self.n_contexts + *c as usize] += 1;
                }
            };
            bump(i.checked_sub(1), 0);
            bump(Some(i + 1), 1);
            bump(i.checked_sub(2), 2);
            bump(Some(i + 2), 2);
        }
    }

    /// Adds another thread's counts.
    pub fn merge(&mut self, other: &ContextCounts) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Learns the clusters. `progress` is told each finished k-means iteration.
    pub fn cluster(&self, params: &ClusterParams, progress: &(dyn Fn(usize) + Sync)) -> ClusterTable {
        let vectors = self.project(params);
        let v = self.vocab.len();
        let dims = params.dims;
        let fine_k = params.k[LEVELS - 1].min(v.max(1));
        let weights = vec![1.0f32; v];
        let (fine, fine_centroids) = kmeans(&vectors, &weights, dims, fine_k, params.iterations, params.seed, progress);
        // Cluster the centroids again for the coarser levels, weighted by cluster size.
        let mut sizes = vec![0.0f32; fine_k];
        for &c in &fine {
            sizes[c as usize] += 1.0;
        }
        let mut levels: Vec<Vec<u32>> = vec![Vec::new(); LEVELS];
        levels[LEVELS - 1] = fine.clone();
        for level in (0..LEVELS - 1).rev() {
            let k = params.k[level].min(fine_k);
            let (of_centroid, _) =
                kmeans(&fine_centroids, &sizes, dims, k, params.iterations, params.seed ^ level as u64, &|_| {});
            levels[level] = fine.iter().map(|&f| of_centroid[f as usize]).collect();
        }
        let words = self
            .vocab
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let mut ids = [NO_CLUSTER; LEVELS];
                for (level, id) in ids.iter_mut().enumerate() {
                    *id = levels[level][i] as u16;
                }
                (w.clone(), ids)
            })
            .collect();
        ClusterTable { words }
    }

    /// PPMI vectors projected to `dims` dimensions and normalised to unit length.
    fn project(&self, params: &ClusterParams) -> Vec<f32> {
        let row_len = SLOTS * self.n_contexts;
        let v = self.vocab.len();
        let mut col_sums = vec![0f64; row_len];
        let mut total = 0f64;
        for row in self.counts.chunks(row_len.max(1)) {
            for (s, &c) in col_sums.iter_mut().zip(row) {
                *s += c as f64;
            }
        }
        // Context distribution smoothing (exponent 0.75) keeps rare contexts from
        // dominating.
        for s in col_sums.iter_mut() {
            *s = s.powf(0.75);
            total += *s;
        }
        let dims = params.dims;
        let projection: Vec<f32> = (0..row_len * dims)
            .map(|i| if splitmix(params.seed ^ (i as u64).wrapping_mul(0x9e37_79b9)) & 1 == 0 { 1.0 } else { -1.0 })
            .collect();
        let mut out = vec![0f32; v * dims];
        out.par_chunks_mut(dims).enumerate().for_each(|(w, vec)| {
            let row = &self.counts[w * row_len..(w + 1) * row_len];
            let row_total: f64 = row.iter().map(|&c| c as f64).sum();
            if row_total == 0.0 {
                return;
            }
            for (c, &count) in row.iter().enumerate() {
                if count == 0 || col_sums[c] == 0.0 {
                    continue;
                }
                let pmi = ((count as f64 * total) / (row_total * col_sums[c])).ln();
                if pmi <= 0.0 {
                    continue;
                }
                let r = &projection[c * dims..(c + 1) * dims];
                for (x, &p) in vec.iter_mut().zip(r) {
                    *x += pmi as f32 * p;
                }
            }
            normalise(vec);
        });
        out
    }
}

fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Spherical k-means over unit vectors (rows of `points`, `dims` wide), weighted.
/// Returns each point's cluster and the centroids.
fn kmeans(
    points: &[f32],
    weights: &[f32],
    dims: usize,
    k: usize,
    iterations: usize,
    seed: u64,
    progress: &(dyn Fn(usize) + Sync),
) -> (Vec<u32>, Vec<f32>) {
    let n = points.len() / dims.max(1);
    if n == 0 || k == 0 {
        return (vec![0; n], vec![0.0; k * dims]);
    }
    // Seeds: distinct points picked by a fixed pseudo-random walk.
    let mut centroids = vec![0f32; k * dims];
    let mut taken = std::collections::HashSet::new();
    let mut state = seed;
    for c in 0..k {
        let mut pick;
        loop {
            state = splitmix(state);
            pick = (state % n as u64) as usize;
            if taken.insert(pick) || taken.len() >= n {
                break;
            }
        }
        centroids[c * dims..(c + 1) * dims].copy_from_slice(&points[pick * dims..(pick + 1) * dims]);
    }
    let mut assignment = vec![0u32; n];
    for iteration in 0..iterations {
        assignment.par_iter_mut().enumerate().for_each(|(i, a)| {
            let p = &points[i * dims..(i + 1) * dims];
            let mut best = (f32::MIN, 0u32);
            for c in 0..k {
                let s = dot(p, &centroids[c * dims..(c + 1) * dims]);
                if s > best.0 {
                    best = (s, c as u32);
                }
            }
            *a = best.1;
        });
        let mut sums = vec![0f32; k * dims];
        let mut mass = vec![0f32; k];
        for (i, &a) in assignment.iter().enumerate() {
            let a = a as usize;
            mass[a] += weights[i];
            for (s, &x) in sums[a * dims..(a + 1) * dims].iter_mut().zip(&points[i * dims..(i + 1) * dims]) {
                *s += weights[i] * x;
            }
        }
        for c in 0..k {
            if mass[c] > 0.0 {
                let centroid = &mut sums[c * dims..(c + 1) * dims];
                normalise(centroid);
                centroids[c * dims..(c + 1) * dims].copy_from_slice(centroid);
            }
        }
        progress(iteration + 1);
    }
    (assignment, centroids)
}

impl ClusterTable {
    /// Writes `stem<TAB>coarse<TAB>middle<TAB>fine` lines, sorted.
    pub fn to_tsv(&self) -> String {
        let mut rows: Vec<_> = self.words.iter().collect();
        rows.sort();
        let mut out = String::from("# marsad word clusters: stem (Key form)\tcoarse\tmiddle\tfine\n");
        for (word, ids) in rows {
            out.push_str(word);
            for id in ids {
                out.push('\t');
                out.push_str(&id.to_string());
            }
            out.push('\n');
        }
        out
    }

    /// Reads what [`ClusterTable::to_tsv`] wrote; `source_name` names it in errors.
    pub fn from_tsv(text: &str, source_name: &str) -> Result<ClusterTable, crate::ExtractError> {
        let mut words = FastMap::default();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let error = |message: &str| crate::ExtractError::Conll {
                source_name: source_name.to_string(),
                line: i + 1,
                message: message.to_string(),
            };
            let mut fields = line.split('\t');
            let word = fields.next().filter(|w| !w.is_empty()).ok_or_else(|| error("empty word"))?;
            let mut ids = [NO_CLUSTER; LEVELS];
            for id in ids.iter_mut() {
                *id = fields
                    .next()
                    .and_then(|f| f.parse().ok())
                    .ok_or_else(|| error("expected three cluster numbers"))?;
            }
            words.insert(word.to_string(), ids);
        }
        Ok(ClusterTable { words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_company_share_a_cluster() {
        let vocab: Vec<String> =
            ["موسكو", "باريس", "لندن", "قال", "اكد", "اعلن"].iter().map(|s| s.to_string()).collect();
        let contexts: Vec<String> = ["في", "الى", "من", "ان", "الرئيس", "وزير"].iter().map(|s| s.to_string()).collect();
        let mut counts = ContextCounts::new(vocab, &contexts);
        for _ in 0..50 {
            for city in ["موسكو", "باريس", "لندن"] {
                counts.add_sentence(&[Some("في"), Some(city), Some("من")]);
                counts.add_sentence(&[Some("الى"), Some(city), None]);
            }
            for verb in ["قال", "اكد", "اعلن"] {
                counts.add_sentence(&[Some("الرئيس"), Some(verb), Some("ان")]);
                counts.add_sentence(&[Some("وزير"), Some(verb), Some("ان")]);
            }
        }
        let params = ClusterParams { k: [2, 2, 2], dims: 64, iterations: 10, seed: 7 };
        let table = counts.cluster(&params, &|_| {});
        let fine = |w: &str| table.get(w)[LEVELS - 1];
        assert_eq!(fine("موسكو"), fine("باريس"));
        assert_eq!(fine("باريس"), fine("لندن"));
        assert_eq!(fine("قال"), fine("اعلن"));
        assert_ne!(fine("قال"), fine("موسكو"));
        assert_eq!(table.get("غير_موجود"), [NO_CLUSTER; LEVELS]);
    }
}
