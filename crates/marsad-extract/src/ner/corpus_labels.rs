//! What the first pass says of each word across the unlabelled news corpus.
//!
//! A word's label in one sentence is a guess; the labels the first pass gives it over
//! tens of thousands of articles are evidence. «الأهلي» tagged ORG in 400 sentences of
//! the corpus and LOC in 30 is a club even in a sentence that reads like a place. The
//! table holds, per stem (`Key` form, clitics off), how often the first pass tagged it
//! with each kind and how often as the beginning of a name, as small buckets; the second
//! pass reads them as features.
//!
//! The table is learned by the model's own first pass and travels in the model file.
//! Training builds it per jackknife fold, from the fold's own first pass, so that no
//! sentence's features come from a model trained on that sentence.

use super::features::{Shape, WordInfo};
use super::hashing::FastMap;
use super::labels::{Label, N_LABELS};

/// Share buckets (tenths of a word's occurrences, rounded down): 0..=10.
pub const SHARES: u8 = 10;

/// One stem's corpus evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorpusEntry {
    /// ⌊log2(1 + occurrences)⌋ of the stem in the tagged corpus.
    pub count: u8,
    /// Per kind (PER, LOC, ORG, MISC), the share of its occurrences tagged that kind, in
    /// tenths (0..=10).
    pub kinds: [u8; 4],
    /// Per kind, the share of its *entity* occurrences tagged that kind, in tenths: a
    /// word that is mostly an ordinary word (أهلي, civil) but a club when a name.
    pub of_entities: [u8; 4],
    /// The share of its entity occurrences that begin a name, in tenths.
    pub begins: u8,
}

impl CorpusEntry {
    /// The kind it is most often tagged (0 for none of them more than a tenth, else
    /// 1 + kind index) and that share.
    pub fn majority(&self) -> (u8, u8) {
        let (mut best, mut share) = (0u8, 0u8);
        for (k, &s) in self.kinds.iter().enumerate() {
            if s > share {
                (best, share) = (k as u8 + 1, s);
            }
        }
        (best, share)
    }

    /// The share of its occurrences tagged as any entity, in tenths.
    pub fn entity_share(&self) -> u8 {
        self.kinds.iter().map(|&s| s as u16).sum::<u16>().min(SHARES as u16) as u8
    }
}

/// Stems → corpus evidence. Only stems the first pass tagged as an entity at least
/// [`CorpusCounts::MIN_ENTITY`] times are kept: the rest are ordinary words, which the
/// features tell from an unseen word by their frequency.
#[derive(Clone, Debug, Default)]
pub struct CorpusLabels {
    pub words: FastMap<String, CorpusEntry>,
}

impl CorpusLabels {
    pub fn get(&self, stem: &str) -> Option<&CorpusEntry> {
        self.words.get(stem)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Adds the entries of `other` (pairs to words).
    pub fn extend(&mut self, other: CorpusLabels) {
        self.words.extend(other.words);
    }
}

fn pair_word(w: &WordInfo) -> bool {
    (w.shape == Shape::Arabic || w.shape == Shape::Latin) && !w.stem().is_empty()
}

/// The key of the pair of stems `a b` in [`CorpusLabels`].
pub fn pair_key(a: &str, b: &str, buf: &mut String) {
    buf.clear();
    buf.push_str(a);
    buf.push(' ');
    buf.push_str(b);
}

/// Label counts per stem while a corpus is tagged.
#[derive(Clone, Debug, Default)]
pub struct CorpusCounts {
    counts: FastMap<String, [u32; N_LABELS]>,
}

impl CorpusCounts {
    /// Stems tagged as an entity fewer times than this are left out of the table.
    pub const MIN_ENTITY: u32 = 2;

    /// Counts the labels of one tagged sentence (only Arabic and Latin words).
    pub fn add(&mut self, words: &[WordInfo], labels: &[Label]) {
        for (w, l) in words.iter().zip(labels) {
            if w.shape != Shape::Arabic && w.shape != Shape::Latin {
                continue;
            }
            let stem = w.stem();
            if stem.is_empty() {
                continue;
            }
            let c = match self.counts.get_mut(stem) {
                Some(c) => c,
                None => self.counts.entry(stem.to_string()).or_insert([0; N_LABELS]),
            };
            c[l.index()] = c[l.index()].saturating_add(1);
        }
    }

    /// Counts the labels of word pairs (`"prev stem"`, labelled by the second word's
    /// label) whose two stems are both in `words_table`: the context a stem is an entity
    /// in (البنك التجاري, نادي الأهلي).
    pub fn add_pairs(&mut self, words: &[WordInfo], labels: &[Label], words_table: &CorpusLabels) {
        let mut key = String::new();
        for i in 1..words.len().min(labels.len()) {
            let (a, b) = (&words[i - 1], &words[i]);
            if !pair_word(a) || !pair_word(b) || !words_table.words.contains_key(b.stem()) {
                continue;
            }
            if !words_table.words.contains_key(a.stem()) {
                continue;
            }
            key.clear();
            key.push_str(a.stem());
            key.push(' ');
            key.push_str(b.stem());
            let c = match self.counts.get_mut(key.as_str()) {
                Some(c) => c,
                None => self.counts.entry(key.clone()).or_insert([0; N_LABELS]),
            };
            let l = labels[i].index();
            c[l] = c[l].saturating_add(1);
        }
    }

    pub fn merge(&mut self, other: CorpusCounts) {
        for (k, v) in other.counts {
            let c = self.counts.entry(k).or_insert([0; N_LABELS]);
            for (a, b) in c.iter_mut().zip(v) {
                *a = a.saturating_add(b);
            }
        }
    }

    /// The table of the stems seen as entities often enough.
    pub fn table(&self) -> CorpusLabels {
        self.table_min(Self::MIN_ENTITY)
    }

    /// The table of the keys seen as entities at least `min_entity` times.
    pub fn table_min(&self, min_entity: u32) -> CorpusLabels {
        let mut words = FastMap::default();
        for (stem, c) in &self.counts {
            let total: u32 = c.iter().sum();
            let entity = total - c[0];
            if entity < min_entity.max(1) || total == 0 {
                continue;
            }
            let tenths = |n: u32| ((n as u64 * SHARES as u64) / total as u64) as u8;
            let mut kinds = [0u8; 4];
            let mut of_entities = [0u8; 4];
            let mut begins = 0u32;
            for k in 0..4 {
                let n = c[1 + 2 * k] + c[2 + 2 * k];
                kinds[k] = tenths(n);
                of_entities[k] = ((n as u64 * SHARES as u64) / entity as u64) as u8;
                begins += c[1 + 2 * k];
            }
            let begins = ((begins as u64 * SHARES as u64) / entity as u64) as u8;
            let count = (32 - total.saturating_add(1).leading_zeros()) as u8;
            words.insert(stem.clone(), CorpusEntry { count, kinds, of_entities, begins });
        }
        CorpusLabels { words }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::EntityKind;
    use marsad_text::Lexicon;

    #[test]
    fn counts_become_shares_of_kinds_and_beginnings() {
        let lex = Lexicon::builtin();
        let words: Vec<WordInfo> = "وقال الأهلي".split(' ').map(|w| WordInfo::new(w, lex, None, None)).collect();
        let mut counts = CorpusCounts::default();
        let org = Label::begin(EntityKind::Organization);
        let loc = Label::begin(EntityKind::Location);
        for _ in 0..8 {
            counts.add(&words, &[Label::O, org]);
        }
        counts.add(&words, &[Label::O, loc]);
        counts.add(&words, &[Label::O, Label::O]);
        let table = counts.table();
        // «قال» was never an entity: not in the table.
        assert_eq!(table.len(), 1);
        let e = table.get(words[1].stem()).unwrap();
        assert_eq!(e.kinds, [0, 1, 8, 0]);
        assert_eq!(e.of_entities, [0, 1, 8, 0]);
        assert_eq!(e.majority(), (3, 8));
        assert_eq!(e.entity_share(), 9);
        assert_eq!(e.begins, 10);
        assert_eq!(e.count, 4, "11 occurrences + 1 take four bits");
    }

    #[test]
    fn merged_counts_add_up() {
        let lex = Lexicon::builtin();
        let words: Vec<WordInfo> = vec![WordInfo::new("بوتين", lex, None, None)];
        let per = Label::begin(EntityKind::Person);
        let (mut a, mut b) = (CorpusCounts::default(), CorpusCounts::default());
        a.add(&words, &[per]);
        assert!(a.table().is_empty(), "one sighting is not enough");
        b.add(&words, &[per]);
        a.merge(b);
        assert_eq!(a.table().get("بوتين").map(|e| e.kinds[0]), Some(10));
    }
}
