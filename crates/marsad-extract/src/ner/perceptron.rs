//! The averaged structured perceptron: a linear model over hashed features with
//! first-order label transitions, decoded with Viterbi under BIO constraints.
//!
//! Why a perceptron: it trains in seconds on ANERcorp's 125k tokens, needs no learning
//! rate, and, averaged, is as accurate as a CRF on sequence labelling with the same
//! features; decoding is a table look-up per feature, which is what makes hundreds of
//! thousands of tokens per second on one core possible.

use super::labels::{Label, N_LABELS};

/// Row of the transition table used for the start of a sentence.
const START: usize = N_LABELS;

/// A sentence's features: bucket indices of every word, flat, with `offsets[i]..offsets[i+1]`
/// the features of word `i`.
#[derive(Clone, Debug, Default)]
pub struct SentenceFeatures {
    pub buckets: Vec<u32>,
    pub offsets: Vec<u32>,
}

impl SentenceFeatures {
    /// This sentence with each word's features but the first (the bias) left out at random
    /// with probability `share`, written into `out` (dropout for training: a learner that
    /// cannot count on any one feature spreads its weight over the rest, which is what
    /// unseen names have).
    pub fn dropped_into(&self, share: f64, coin: &mut Shuffler, out: &mut SentenceFeatures) {
        out.buckets.clear();
        out.offsets.clear();
        out.offsets.push(0);
        for w in 0..self.len() {
            for (k, &b) in self.word(w).iter().enumerate() {
                if k == 0 || coin.next_f64() >= share {
                    out.buckets.push(b);
                }
            }
            out.offsets.push(out.buckets.len() as u32);
        }
    }

    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn word(&self, i: usize) -> &[u32] {
        &self.buckets[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// The model's weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// log2 of the number of feature buckets.
    pub bits: u32,
    /// `buckets × N_LABELS`, row-major.
    pub emit: Vec<f32>,
    /// `(N_LABELS + 1) × N_LABELS`: previous label (or start) → label.
    pub trans: Vec<f32>,
    /// A trained model keeps only its non-zero rows, in this table (then `emit` is
    /// empty): the feature space can be large enough to avoid collisions while memory
    /// stays proportional to what was learned.
    pub sparse: Option<SparseRows>,
}

/// Non-zero emission rows by bucket: open addressing with linear probing over bucket
/// numbers (stored + 1; 0 marks an empty slot), each slot pointing into compact rows.
/// Rows stay quantised as the model file has them (i16 × one scale): half the memory
/// of f32 rows, and each weight is still exactly `q as f32 * scale`.
#[derive(Clone, Debug, PartialEq)]
pub struct SparseRows {
    mask: usize,
    slots: Vec<(u32, u32)>,
    rows: Vec<[i16; N_LABELS]>,
    scale: f32,
}

impl SparseRows {
    /// Builds the table from (bucket, quantised row) pairs; a weight is `q × scale`.
    pub fn new(entries: Vec<(u32, [i16; N_LABELS])>, scale: f32) -> SparseRows {
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![(0u32, 0u32); size];
        let mut rows = Vec::with_capacity(entries.len());
        for (bucket, row) in entries {
            let mut at = spread(bucket) & mask;
            while slots[at].0 != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = (bucket + 1, rows.len() as u32);
            rows.push(row);
        }
        SparseRows { mask, slots, rows, scale }
    }

    #[inline]
    fn get(&self, bucket: u32) -> Option<&[i16; N_LABELS]> {
        let mut at = spread(bucket) & self.mask;
        loop {
            let (key, index) = self.slots[at];
            if key == 0 {
                return None;
            }
            if key == bucket + 1 {
                return self.rows.get(index as usize);
            }
            at = (at + 1) & self.mask;
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The weight of one quantised value.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// The quantised rows with their buckets, in bucket order.
    pub fn quantised_entries(&self) -> Vec<(u32, [i16; N_LABELS])> {
        let mut out: Vec<_> =
            self.slots.iter().filter(|s| s.0 != 0).map(|&(k, i)| (k - 1, self.rows[i as usize])).collect();
        out.sort_by_key(|e| e.0);
        out
    }

    /// The rows with their buckets, in bucket order.
    pub fn entries(&self) -> Vec<(u32, [f32; N_LABELS])> {
        self.quantised_entries().into_iter().map(|(b, q)| (b, q.map(|x| x as f32 * self.scale))).collect()
    }
}

/// Both passes' rows of a two-pass model in one table, for tagging.
///
/// The second pass reads every feature of the first, so one probe per feature yields
/// both rows, where two tables cost two probes (most of tagging's time is these
/// look-ups). The keys sit in their own array, 4 bytes a slot (1 MiB for the shipped
/// model), which stays in cache: a feature the model does not know costs one cached
/// read; a known one a second read, of its two quantised rows. (Measured against this
/// layout: keys and rows in one array, f32 rows, rows stored sparse — a few non-zero
/// labels per row with a mask — and look-ups batched per sentence; all were slower or
/// no faster.)
#[derive(Clone, Debug, PartialEq)]
pub struct JointRows {
    mask: usize,
    /// Per slot: bucket + 1; 0 marks an empty slot.
    keys: Vec<u32>,
    /// Per slot: the first pass's quantised row and the second's (zeros where a pass
    /// has no row: adding + 0.0 changes no sum).
    rows: Vec<[[i16; N_LABELS]; 2]>,
    scales: [f32; 2],
}

impl JointRows {
    /// Merges the rows of the two passes, which must have the same number of buckets;
    /// each list in bucket order, as [`SparseRows::quantised_entries`] and the model
    /// file give them.
    pub fn new(
        first: &[(u32, [i16; N_LABELS])],
        first_scale: f32,
        second: &[(u32, [i16; N_LABELS])],
        second_scale: f32,
    ) -> JointRows {
        // The number of distinct buckets, merging the two ordered lists. Lists out of
        // order count fewer, but never fewer than the longer list, so the table (twice
        // that, at least) can never fill up.
        let (mut i, mut j, mut distinct) = (0, 0, 0usize);
        while i < first.len() || j < second.len() {
            match (first.get(i), second.get(j)) {
                (Some(a), Some(b)) if a.0 == b.0 => (i, j) = (i + 1, j + 1),
                (Some(a), Some(b)) if a.0 < b.0 => i += 1,
                (Some(_), None) => i += 1,
                _ => j += 1,
            }
            distinct += 1;
        }
        let size = (distinct * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut keys = vec![0u32; size];
        let mut rows = vec![[[0i16; N_LABELS]; 2]; size];
        for (pass, entries) in [first, second].into_iter().enumerate() {
            for &(bucket, row) in entries {
                let mut at = spread(bucket) & mask;
                while keys[at] != 0 && keys[at] != bucket + 1 {
                    at = (at + 1) & mask;
                }
                keys[at] = bucket + 1;
                rows[at][pass] = row;
            }
        }
        JointRows { mask, keys, rows, scales: [first_scale, second_scale] }
    }

    #[inline]
    fn slot(&self, bucket: u32) -> Option<usize> {
        let mut at = spread(bucket) & self.mask;
        loop {
            let key = self.keys[at];
            if key == bucket + 1 {
                return Some(at);
            }
            if key == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Emission scores of one word's features under the first pass and under the second
    /// (the second pass's own features still to be added with [`JointRows::add_second`]).
    /// Each weight is `q as f32 * scale`, added in feature order, exactly as
    /// [`Weights::decode`] adds them from each pass's own table.
    #[inline]
    pub fn emissions_both(&self, buckets: &[u32]) -> [[f32; N_LABELS]; 2] {
        let mut s = [[0f32; N_LABELS]; 2];
        for &b in buckets {
            if let Some(at) = self.slot(b) {
                let rows = &self.rows[at];
                for pass in 0..2 {
                    let scale = self.scales[pass];
                    for (x, &q) in s[pass].iter_mut().zip(&rows[pass]) {
                        *x += q as f32 * scale;
                    }
                }
            }
        }
        s
    }

    /// Adds the second pass's weights of `buckets` to `scores`.
    #[inline]
    pub fn add_second(&self, buckets: impl IntoIterator<Item = u32>, scores: &mut [f32; N_LABELS]) {
        for b in buckets {
            if let Some(at) = self.slot(b) {
                for (x, &q) in scores.iter_mut().zip(&self.rows[at][1]) {
                    *x += q as f32 * self.scales[1];
                }
            }
        }
    }
}

/// Buckets are the high bits of a hash already; mixing once more keeps neighbouring
/// buckets apart in the table.
#[inline]
fn spread(bucket: u32) -> usize {
    (bucket.wrapping_mul(0x9e37_79b1) ^ (bucket >> 16)) as usize
}

impl Weights {
    pub fn new(bits: u32) -> Weights {
        Weights {
            bits,
            emit: vec![0.0; (1usize << bits) * N_LABELS],
            trans: vec![0.0; (N_LABELS + 1) * N_LABELS],
            sparse: None,
        }
    }

    /// Weights with only their non-zero rows, for tagging.
    pub fn sparse(bits: u32, trans: Vec<f32>, rows: SparseRows) -> Weights {
        Weights { bits, emit: Vec::new(), trans, sparse: Some(rows) }
    }

    /// The non-zero emission rows, in bucket order.
    pub fn nonzero_rows(&self) -> Vec<(u32, [f32; N_LABELS])> {
        if let Some(sparse) = &self.sparse {
            return sparse.entries();
        }
        self.emit
            .chunks(N_LABELS)
            .enumerate()
            .filter(|(_, row)| row.iter().any(|&x| x != 0.0))
            .map(|(b, row)| {
                let mut r = [0f32; N_LABELS];
                r.copy_from_slice(row);
                (b as u32, r)
            })
            .collect()
    }

    /// The bucket of a feature hash.
    #[inline]
    pub fn bucket(&self, hash: u64) -> u32 {
        (hash >> (64 - self.bits)) as u32
    }

    /// Emission scores of one word.
    #[inline]
    fn emissions(&self, buckets: &[u32]) -> [f32; N_LABELS] {
        let mut s = [0f32; N_LABELS];
        if let Some(sparse) = &self.sparse {
            for &b in buckets {
                if let Some(row) = sparse.get(b) {
                    for (x, &q) in s.iter_mut().zip(row) {
                        *x += q as f32 * sparse.scale;
                    }
                }
            }
            return s;
        }
        for &b in buckets {
            let Some(row) = self.emit.get(b as usize * N_LABELS..(b as usize + 1) * N_LABELS) else { continue };
            for (x, w) in s.iter_mut().zip(row) {
                *x += w;
            }
        }
        s
    }

    /// Adds `bias[y]` to the score of label `y` at every word. Every word's label is
    /// entered by exactly one transition (from the previous label or the start), so the
    /// bias folds into the transition table: tagging costs nothing more. A negative bias
    /// on O trades precision for recall.
    pub fn add_label_bias(&mut self, bias: &[f32; N_LABELS]) {
        for row in self.trans.chunks_mut(N_LABELS) {
            for (t, b) in row.iter_mut().zip(bias) {
                *t += b;
            }
        }
    }

    /// The best label sequence (Viterbi). Linear in the sentence length.
    pub fn decode(&self, sentence: &SentenceFeatures) -> Vec<Label> {
        let emissions: Vec<[f32; N_LABELS]> = (0..sentence.len()).map(|i| self.emissions(sentence.word(i))).collect();
        viterbi(&self.trans, &emissions)
    }
}

/// The best label sequence for per-word emission scores and a transition table
/// (`(N_LABELS + 1) × N_LABELS`, the last row for the start), under BIO constraints.
pub fn viterbi(trans: &[f32], emissions: &[[f32; N_LABELS]]) -> Vec<Label> {
    let n = emissions.len();
    if n == 0 || trans.len() < (N_LABELS + 1) * N_LABELS {
        return vec![Label::O; n];
    }
    let allowed = allowed_transitions();
    let mut back = vec![[0u8; N_LABELS]; n];
    let mut score = [f32::NEG_INFINITY; N_LABELS];
    for y in 0..N_LABELS {
        if allowed[START][y] {
            score[y] = emissions[0][y] + trans[START * N_LABELS + y];
        }
    }
    for (i, back_i) in back.iter_mut().enumerate().skip(1) {
        let e = &emissions[i];
        let mut next = [f32::NEG_INFINITY; N_LABELS];
        for y in 0..N_LABELS {
            let mut best = (f32::NEG_INFINITY, 0u8);
            for p in 0..N_LABELS {
                if !allowed[p][y] {
                    continue;
                }
                let s = score[p] + trans[p * N_LABELS + y];
                if s > best.0 {
                    best = (s, p as u8);
                }
            }
            next[y] = best.0 + e[y];
            back_i[y] = best.1;
        }
        score = next;
    }
    let mut y = (0..N_LABELS).max_by(|&a, &b| score[a].total_cmp(&score[b])).unwrap_or(0);
    let mut out = vec![Label::O; n];
    for i in (0..n).rev() {
        out[i] = Label(y as u8);
        y = back[i][y] as usize;
    }
    out
}

/// Which label may follow which (the last row: at the start), computed once.
fn allowed_transitions() -> &'static [[bool; N_LABELS]; N_LABELS + 1] {
    static ALLOWED: std::sync::OnceLock<[[bool; N_LABELS]; N_LABELS + 1]> = std::sync::OnceLock::new();
    ALLOWED.get_or_init(compute_allowed_transitions)
}

fn compute_allowed_transitions() -> [[bool; N_LABELS]; N_LABELS + 1] {
    let mut t = [[false; N_LABELS]; N_LABELS + 1];
    for (p, row) in t.iter_mut().enumerate() {
        let prev = if p == START { None } else { Some(Label(p as u8)) };
        for (y, cell) in row.iter_mut().enumerate() {
            *cell = Label(y as u8).may_follow(prev);
        }
    }
    t
}

/// Training state: current weights and the running sums for averaging (each update is
/// added to `sums` multiplied by the number of instances seen, so the average is
/// `w − sums / seen` at the end, without touching every weight each step).
///
/// With several corpora (domains), every feature also fires once tagged with its
/// sentence's corpus (Daumé's feature augmentation): each domain has its own emission
/// table over the same buckets, and a word of domain `d` scores `generic[b] + own_d[b]`.
/// What the corpora disagree on (conventions: AQMAR's broad MISC, WikiFANE's places)
/// goes to the domain tables; what they share, to the generic one. The tagger is for
/// domain 0 (the target): [`Trainer::averaged`] folds its table into the generic one,
/// so a model trained this way tags at exactly the cost of one trained on one corpus.
pub struct Trainer {
    pub weights: Weights,
    sums: Weights,
    /// Per domain, its own emission weights and their running sums (empty with one domain).
    domains: Vec<(Vec<f32>, Vec<f32>)>,
    seen: f32,
}

impl Trainer {
    pub fn new(bits: u32) -> Trainer {
        Trainer::with_domains(bits, 1)
    }

    /// A trainer for sentences of `domains` corpora, domain 0 being the target. With
    /// one domain there is no domain table (it would only double every update).
    pub fn with_domains(bits: u32, domains: usize) -> Trainer {
        let size = (1usize << bits) * N_LABELS;
        let domains =
            if domains > 1 { (0..domains).map(|_| (vec![0.0; size], vec![0.0; size])).collect() } else { Vec::new() };
        Trainer { weights: Weights::new(bits), sums: Weights::new(bits), domains, seen: 1.0 }
    }

    /// Learns from one sentence of the target domain; returns whether the prediction was wrong.
    pub fn learn(&mut self, sentence: &SentenceFeatures, gold: &[Label]) -> bool {
        self.learn_in(sentence, gold, 0)
    }

    /// Learns from one sentence of `domain`; returns whether the prediction was wrong.
    pub fn learn_in(&mut self, sentence: &SentenceFeatures, gold: &[Label], domain: usize) -> bool {
        let domain = (!self.domains.is_empty()).then(|| domain.min(self.domains.len() - 1));
        let predicted = match domain {
            None => self.weights.decode(sentence),
            Some(d) => {
                let own = &self.domains[d].0;
                let emissions: Vec<[f32; N_LABELS]> = (0..sentence.len())
                    .map(|i| {
                        let mut s = self.weights.emissions(sentence.word(i));
                        for &b in sentence.word(i) {
                            let row = &own[b as usize * N_LABELS..(b as usize + 1) * N_LABELS];
                            for (x, w) in s.iter_mut().zip(row) {
                                *x += w;
                            }
                        }
                        s
                    })
                    .collect();
                viterbi(&self.weights.trans, &emissions)
            }
        };
        let wrong = predicted != gold;
        if wrong {
            for i in 0..sentence.len() {
                let (g, p) = (gold[i].index(), predicted[i].index());
                if g != p {
                    for &b in sentence.word(i) {
                        self.bump_emit(domain, b as usize * N_LABELS + g, 1.0);
                        self.bump_emit(domain, b as usize * N_LABELS + p, -1.0);
                    }
                }
                let gp = if i == 0 { START } else { gold[i - 1].index() };
                let pp = if i == 0 { START } else { predicted[i - 1].index() };
                if (gp, g) != (pp, p) {
                    self.bump_trans(gp * N_LABELS + g, 1.0);
                    self.bump_trans(pp * N_LABELS + p, -1.0);
                }
            }
        }
        self.seen += 1.0;
        wrong
    }

    fn bump_emit(&mut self, domain: Option<usize>, at: usize, by: f32) {
        self.weights.emit[at] += by;
        self.sums.emit[at] += self.seen * by;
        if let Some(d) = domain {
            let (w, s) = &mut self.domains[d];
            w[at] += by;
            s[at] += self.seen * by;
        }
    }

    fn bump_trans(&mut self, at: usize, by: f32) {
        self.weights.trans[at] += by;
        self.sums.trans[at] += self.seen * by;
    }

    /// The averaged weights, for the target domain (its own table folded in).
    pub fn averaged(&self) -> Weights {
        let avg = |w: &[f32], s: &[f32]| -> Vec<f32> { w.iter().zip(s).map(|(w, s)| w - s / self.seen).collect() };
        let mut emit = avg(&self.weights.emit, &self.sums.emit);
        if let Some((w, s)) = self.domains.first() {
            for (e, (w, s)) in emit.iter_mut().zip(w.iter().zip(s)) {
                *e += w - s / self.seen;
            }
        }
        Weights { bits: self.weights.bits, emit, trans: avg(&self.weights.trans, &self.sums.trans), sparse: None }
    }
}

/// A small deterministic generator for shuffling (xorshift64*).
pub struct Shuffler(u64);

impl Shuffler {
    /// Every seed gives its own sequence. (It used to be `seed | 1`, which made seeds 2 and 3
    /// one shuffle; odd seeds, the default 1 among them, keep theirs.) Xorshift must not start
    /// at zero, so seed 0 starts from a fixed odd constant.
    pub fn new(seed: u64) -> Shuffler {
        Shuffler(if seed == 0 { 0x9e37_79b9_7f4a_7c15 } else { seed })
    }

    /// A number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::EntityKind;

    fn shuffled(seed: u64) -> Vec<u32> {
        let mut items: Vec<u32> = (0..50).collect();
        Shuffler::new(seed).shuffle(&mut items);
        items
    }

    #[test]
    fn dropout_keeps_the_bias_and_leaves_out_about_its_share() {
        let sentence = sentence(&[&(0..1000).collect::<Vec<u32>>(), &[7, 8, 9]]);
        let mut out = SentenceFeatures::default();
        sentence.dropped_into(0.0, &mut Shuffler::new(1), &mut out);
        assert_eq!(out.buckets, sentence.buckets);
        assert_eq!(out.offsets, sentence.offsets);
        sentence.dropped_into(0.3, &mut Shuffler::new(1), &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out.word(0)[0], 0, "the bias stays");
        assert_eq!(out.word(1)[0], 7, "the bias stays");
        let kept = out.word(0).len();
        assert!((650..=750).contains(&kept), "kept {kept} of 1000");
        // The same coin, the same features.
        let mut again = SentenceFeatures::default();
        sentence.dropped_into(0.3, &mut Shuffler::new(1), &mut again);
        assert_eq!(again.buckets, out.buckets);
    }

    /// Regression: `seed | 1` made seeds 2 and 3 the same shuffle.
    #[test]
    fn every_seed_shuffles_its_own_way() {
        let orders: Vec<Vec<u32>> = (0..8).map(shuffled).collect();
        for (i, a) in orders.iter().enumerate() {
            for b in &orders[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(shuffled(1), shuffled(1));
    }

    fn sentence(words: &[&[u32]]) -> SentenceFeatures {
        let mut s = SentenceFeatures { buckets: Vec::new(), offsets: vec![0] };
        for w in words {
            s.buckets.extend_from_slice(w);
            s.offsets.push(s.buckets.len() as u32);
        }
        s
    }

    #[test]
    fn learns_a_toy_pattern_and_respects_bio() {
        // Feature 1: "a title"; feature 2: "a name"; feature 3: "other".
        let data = [
            (sentence(&[&[1], &[2], &[2], &[3]]), vec!["O", "B-PER", "I-PER", "O"]),
            (sentence(&[&[3], &[1], &[2]]), vec!["O", "O", "B-PER"]),
        ];
        let mut trainer = Trainer::new(4);
        for _ in 0..10 {
            for (s, gold) in &data {
                let gold: Vec<Label> = gold.iter().map(|t| Label::parse(t).unwrap()).collect();
                trainer.learn(s, &gold);
            }
        }
        let w = trainer.averaged();
        let got = w.decode(&sentence(&[&[3], &[1], &[2], &[2]]));
        assert_eq!(got[1], Label::O);
        assert_eq!(got[2], Label::begin(EntityKind::Person));
        assert_eq!(got[3], Label::inside(EntityKind::Person));
        assert!(w.decode(&SentenceFeatures::default()).is_empty());
    }

    #[test]
    fn a_label_bias_is_a_bias_at_every_word() {
        let mut w = Weights::new(3);
        for b in 0..8 {
            w.emit[b * N_LABELS + Label::O.index()] = 1.0;
            w.emit[b * N_LABELS + Label::begin(EntityKind::Person).index()] = 0.5;
        }
        let s = sentence(&[&[0], &[1], &[2]]);
        assert!(w.decode(&s).iter().all(|&l| l == Label::O));
        let mut bias = [0f32; N_LABELS];
        bias[Label::O.index()] = -0.6;
        w.add_label_bias(&bias);
        assert!(w.decode(&s).iter().all(|&l| l == Label::begin(EntityKind::Person)));
    }

    #[test]
    fn domain_weights_stay_apart_and_the_target_is_folded_in() {
        // Feature 1 is a name in the target domain (0) and not one in domain 1; feature 2
        // is a name in both. The generic weights learn feature 2; the target keeps 1.
        let s1 = sentence(&[&[1], &[3]]);
        let s2 = sentence(&[&[2], &[3]]);
        let per = vec![Label::begin(EntityKind::Person), Label::O];
        let none = vec![Label::O, Label::O];
        let mut trainer = Trainer::with_domains(4, 2);
        for _ in 0..10 {
            trainer.learn_in(&s1, &per, 0);
            trainer.learn_in(&s2, &per, 0);
            trainer.learn_in(&s1, &none, 1);
            trainer.learn_in(&s2, &per, 1);
        }
        let w = trainer.averaged();
        assert_eq!(w.decode(&s1)[0], Label::begin(EntityKind::Person));
        assert_eq!(w.decode(&s2)[0], Label::begin(EntityKind::Person));
        // With one domain, `with_domains` is the plain trainer.
        let (mut a, mut b) = (Trainer::new(4), Trainer::with_domains(4, 1));
        for _ in 0..3 {
            a.learn(&s1, &per);
            b.learn_in(&s1, &per, 0);
        }
        assert_eq!(a.averaged(), b.averaged());
    }

    #[test]
    fn never_starts_with_inside() {
        let mut w = Weights::new(2);
        // Make I-LOC overwhelmingly likely everywhere.
        for b in 0..4 {
            w.emit[b * N_LABELS + Label::inside(EntityKind::Location).index()] = 100.0;
        }
        let got = w.decode(&sentence(&[&[0], &[1]]));
        assert!(!got[0].is_inside());
    }
}
