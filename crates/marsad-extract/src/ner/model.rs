//! The NER model: weights, word clusters and name lists in one file.
//!
//! The file is zstd-compressed; inside, little-endian sections after a magic line:
//! metadata (JSON text), the transition table, the non-zero emission rows (bucket
//! deltas as varints, weights quantised to i16 with one scale), the cluster table and
//! the name lists. Everything the tagger needs travels in this one file, so a model
//! trained elsewhere behaves the same everywhere.

use std::sync::OnceLock;

use marsad_core::EntityKind;
use marsad_text::Lexicon;

use super::clusters::{ClusterTable, LEVELS};
use super::corpus_labels::{CorpusEntry, CorpusLabels, SHARES};
use super::features::{DocumentEvidence, NameLists, WordInfo, features, phrase_marks};
use super::hashing::FastMap;
use super::labels::{Label, N_LABELS};
use super::perceptron::{JointRows, SentenceFeatures, SparseRows, Weights, viterbi};
use crate::ExtractError;

const MAGIC: &[u8] = b"MARSAD-NER\x01\n";

/// The shipped model (trained by `marsad train ner`).
static BUILTIN_BYTES: &[u8] = include_bytes!("../../data/ner.model.zst");

/// A trained tagger.
pub struct NerModel {
    pub weights: Weights,
    /// The second pass, which also reads the first pass's labels across the document.
    pub second: Option<Weights>,
    pub clusters: ClusterTable,
    pub names: NameLists,
    /// What the first pass said of each stem across the news corpus (empty: the second
    /// pass reads no corpus features).
    pub corpus: CorpusLabels,
    /// Free-form JSON: how and on what the model was trained, its dev scores.
    pub meta: String,
    /// Both passes' rows in one table, for tagging (built when a model file is read).
    /// It copies `weights` and `second`: whoever changes those rebuilds it with
    /// [`NerModel::with_joint_rows`] (or sets it to `None`).
    pub joint: Option<JointRows>,
}

impl NerModel {
    /// The model shipped with marsad, loaded once.
    pub fn builtin() -> Result<&'static NerModel, ExtractError> {
        static MODEL: OnceLock<Result<NerModel, String>> = OnceLock::new();
        MODEL
            .get_or_init(|| NerModel::from_bytes(BUILTIN_BYTES).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ExtractError::Model(format!("built-in model: {e}")))
    }

    /// The shipped model file, for callers that time or copy the load.
    pub fn builtin_bytes() -> &'static [u8] {
        BUILTIN_BYTES
    }

    /// Reads the words of a sentence (any form) into what the features read.
    pub fn words(&self, raw: &[&str], lexicon: &Lexicon) -> Vec<WordInfo> {
        raw.iter().map(|w| WordInfo::new(w, lexicon, Some(&self.clusters), Some(&self.names))).collect()
    }

    /// The features of a sentence.
    pub fn featurize(&self, words: &[WordInfo]) -> SentenceFeatures {
        let marks = phrase_marks(words, &self.names);
        let mut hashes = Vec::with_capacity(64);
        let mut out = SentenceFeatures { buckets: Vec::with_capacity(words.len() * 64), offsets: vec![0] };
        for i in 0..words.len() {
            hashes.clear();
            features(words, &marks, i, &mut hashes);
            out.buckets.extend(hashes.iter().map(|&h| self.weights.bucket(h)));
            out.offsets.push(out.buckets.len() as u32);
        }
        out
    }

    /// The best labels for a sentence, first pass only.
    pub fn tag(&self, words: &[WordInfo]) -> Vec<Label> {
        self.weights.decode(&self.featurize(words))
    }

    /// Adds the second-pass features to a sentence's first-pass features.
    pub fn featurize_second(
        &self,
        words: &[WordInfo],
        first: &SentenceFeatures,
        labels: &[Label],
        evidence: &DocumentEvidence,
        bits: u32,
    ) -> SentenceFeatures {
        let shift = 64 - bits;
        let mut out =
            SentenceFeatures { buckets: Vec::with_capacity(first.buckets.len() + words.len() * 8), offsets: vec![0] };
        let mut hashes = Vec::with_capacity(16);
        for i in 0..words.len() {
            out.buckets.extend_from_slice(first.word(i));
            hashes.clear();
            evidence.features(words, labels, i, &mut hashes);
            out.buckets.extend(hashes.iter().map(|&h| (h >> shift) as u32));
            out.offsets.push(out.buckets.len() as u32);
        }
        out
    }

    /// Builds the joint table of both passes' rows, when both passes are sparse
    /// (read from a file) and have the same number of buckets. Tagging gives the same
    /// labels with or without it, faster with it.
    pub fn with_joint_rows(mut self) -> NerModel {
        self.joint = match (&self.weights.sparse, self.second.as_ref()) {
            (Some(first), Some(second)) if second.bits == self.weights.bits => second
                .sparse
                .as_ref()
                .map(|s| JointRows::new(&first.quantised_entries(), first.scale(), &s.quantised_entries(), s.scale())),
            _ => None,
        };
        self
    }

    /// Labels every sentence of a document: a first pass per sentence, then, if the
    /// model has one, a second pass that sees what the first said across the document.
    pub fn tag_document(&self, sentences: &[Vec<WordInfo>]) -> Vec<Vec<Label>> {
        match (&self.joint, &self.second) {
            (Some(joint), Some(second)) => self.tag_document_joint(sentences, joint, second),
            _ => self.tag_document_separately(sentences),
        }
    }

    /// [`NerModel::tag_document`] through the joint table: one probe per first-pass
    /// feature gives both passes' weights; the second pass then adds only its own
    /// features.
    fn tag_document_joint(&self, sentences: &[Vec<WordInfo>], joint: &JointRows, second: &Weights) -> Vec<Vec<Label>> {
        let mut first = Vec::with_capacity(sentences.len());
        let mut second_scores = Vec::with_capacity(sentences.len());
        let mut e1 = Vec::new();
        for words in sentences {
            let features = self.featurize(words);
            let mut e2 = Vec::with_capacity(words.len());
            e1.clear();
            for i in 0..features.len() {
                let [a, b] = joint.emissions_both(features.word(i));
                e1.push(a);
                e2.push(b);
            }
            first.push(viterbi(&self.weights.trans, &e1));
            second_scores.push(e2);
        }
        let evidence = DocumentEvidence::new(sentences, &first, Some(&self.corpus));
        let shift = 64 - second.bits;
        let mut hashes = Vec::with_capacity(16);
        sentences
            .iter()
            .zip(&first)
            .zip(second_scores)
            .map(|((words, labels), mut scores)| {
                for (i, s) in scores.iter_mut().enumerate() {
                    hashes.clear();
                    evidence.features(words, labels, i, &mut hashes);
                    joint.add_second(hashes.iter().map(|&h| (h >> shift) as u32), s);
                }
                viterbi(&second.trans, &scores)
            })
            .collect()
    }

    /// [`NerModel::tag_document`] with each pass's own table (what training sees).
    pub fn tag_document_separately(&self, sentences: &[Vec<WordInfo>]) -> Vec<Vec<Label>> {
        let features: Vec<SentenceFeatures> = sentences.iter().map(|w| self.featurize(w)).collect();
        let first: Vec<Vec<Label>> = features.iter().map(|f| self.weights.decode(f)).collect();
        let Some(second) = &self.second else { return first };
        let evidence = DocumentEvidence::new(sentences, &first, Some(&self.corpus));
        sentences
            .iter()
            .zip(&features)
            .zip(&first)
            .map(|((words, f), labels)| second.decode(&self.featurize_second(words, f, labels, &evidence, second.bits)))
            .collect()
    }

    /// Writes the model file.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ExtractError> {
        let mut w = Vec::new();
        w.extend_from_slice(MAGIC);
        put_bytes(&mut w, self.meta.as_bytes());
        put_weights(&mut w, &self.weights);
        w.push(self.second.is_some() as u8);
        if let Some(second) = &self.second {
            put_weights(&mut w, second);
        }

        let mut clusters: Vec<_> = self.clusters.words.iter().collect();
        clusters.sort();
        put_u32(&mut w, clusters.len() as u32);
        for (word, ids) in clusters {
            put_bytes(&mut w, word.as_bytes());
            for id in ids {
                w.extend_from_slice(&id.to_le_bytes());
            }
        }
        let mut names: Vec<_> = self.names.words.iter().collect();
        names.sort();
        put_u32(&mut w, names.len() as u32);
        for (word, flags) in names {
            put_bytes(&mut w, word.as_bytes());
            w.extend_from_slice(&flags.to_le_bytes());
        }
        let mut phrases: Vec<_> = self.names.phrases().iter().collect();
        phrases.sort();
        put_u32(&mut w, phrases.len() as u32);
        for (phrase, kind) in phrases {
            put_bytes(&mut w, phrase.as_bytes());
            w.push(kind.index() as u8);
        }
        let mut trigrams: Vec<_> = self.names.trigrams.iter().collect();
        trigrams.sort();
        put_u32(&mut w, trigrams.len() as u32);
        for (t, score) in trigrams {
            put_u32(&mut w, *t);
            w.extend_from_slice(&(*score as i16).to_le_bytes());
        }
        // The corpus table (a section models trained without a corpus leave out).
        if !self.corpus.is_empty() {
            let mut corpus: Vec<_> = self.corpus.words.iter().collect();
            corpus.sort_by(|a, b| a.0.cmp(b.0));
            put_u32(&mut w, corpus.len() as u32);
            for (word, e) in corpus {
                put_bytes(&mut w, word.as_bytes());
                w.push(e.count);
                w.extend_from_slice(&e.kinds);
                w.extend_from_slice(&e.of_entities);
                w.push(e.begins);
            }
        }
        zstd::bulk::compress(&w, 19).map_err(|e| ExtractError::Model(format!("compressing: {e}")))
    }

    /// Reads a model file; any damage is an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ExtractError> {
        if bytes.is_empty() {
            return Err(ExtractError::Model("the model file is empty".into()));
        }
        let raw = zstd::stream::decode_all(bytes)
            .map_err(|e| ExtractError::Model(format!("not a zstd-compressed marsad model ({e})")))?;
        let mut r = Reader { bytes: &raw, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ExtractError::Model("not a marsad NER model (bad magic)".into()));
        }
        let meta = String::from_utf8(r.bytes()?.to_vec()).map_err(|_| r.error("metadata is not UTF-8"))?;
        let first = read_weights(&mut r)?;
        let second = match r.take(1)?[0] {
            0 => None,
            1 => Some(read_weights(&mut r)?),
            _ => return Err(r.error("bad second-pass flag")),
        };
        // The rows come in bucket order, which is what the joint table is built from.
        let joint = match &second {
            Some(second) if second.bits == first.bits => {
                Some(JointRows::new(&first.rows, first.scale, &second.rows, second.scale))
            }
            _ => None,
        };
        let weights = first.into_weights();
        let second = second.map(ReadWeights::into_weights);
        let n = r.u32()? as usize;
        let mut words = FastMap::with_capacity_and_hasher(n.min(1 << 20), Default::default());
        for _ in 0..n {
            let word = r.string()?;
            let mut ids = [0u16; LEVELS];
            for id in ids.iter_mut() {
                *id = r.u16()?;
            }
            words.insert(word, ids);
        }
        let clusters = ClusterTable { words };
        let n = r.u32()? as usize;
        let mut names = NameLists::default();
        names.words.reserve(n.min(1 << 20));
        for _ in 0..n {
            let word = r.string()?;
            names.words.insert(word, r.u16()?);
        }
        let n = r.u32()? as usize;
        for _ in 0..n {
            let phrase = r.string()?;
            let kind = *EntityKind::ALL.get(r.take(1)?[0] as usize).ok_or_else(|| r.error("bad entity kind"))?;
            names.add_phrase(phrase, kind);
        }
        let n = r.u32()? as usize;
        names.trigrams.reserve(n.min(1 << 20));
        for _ in 0..n {
            let t = r.u32()?;
            names.trigrams.insert(t, r.u16()? as i16 as i8);
        }
        let mut corpus = CorpusLabels::default();
        if r.at < raw.len() {
            let n = r.u32()? as usize;
            corpus.words.reserve(n.min(1 << 20));
            for _ in 0..n {
                let word = r.string()?;
                let b = r.take(10)?;
                let e = CorpusEntry {
                    count: b[0],
                    kinds: [b[1], b[2], b[3], b[4]],
                    of_entities: [b[5], b[6], b[7], b[8]],
                    begins: b[9],
                };
                if b[1..].iter().any(|&x| x > SHARES) || e.count > 32 {
                    return Err(r.error("corpus share out of range"));
                }
                corpus.words.insert(word, e);
            }
        }
        if r.at != raw.len() {
            return Err(r.error("trailing bytes"));
        }
        Ok(NerModel { weights, second, clusters, names, corpus, meta, joint })
    }
}

fn put_weights(w: &mut Vec<u8>, weights: &Weights) {
    put_u32(w, weights.bits);
    for &t in &weights.trans {
        w.extend_from_slice(&t.to_le_bytes());
    }
    let rows = weights.nonzero_rows();
    let max = rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
    w.extend_from_slice(&scale.to_le_bytes());
    let quantised: Vec<(u32, [i16; N_LABELS])> = rows
        .iter()
        .filter_map(|(b, row)| {
            let mut q = [0i16; N_LABELS];
            for (q, x) in q.iter_mut().zip(row) {
                *q = (x / scale).round() as i16;
            }
            q.iter().any(|&x| x != 0).then_some((*b, q))
        })
        .collect();
    put_u32(w, quantised.len() as u32);
    let mut last = 0u32;
    for (b, q) in &quantised {
        put_varint(w, (b - last) as u64);
        last = *b;
        for x in q {
            w.extend_from_slice(&x.to_le_bytes());
        }
    }
}

/// One pass's weights as the file has them: rows in bucket order, quantised.
struct ReadWeights {
    bits: u32,
    trans: Vec<f32>,
    scale: f32,
    rows: Vec<(u32, [i16; N_LABELS])>,
}

impl ReadWeights {
    fn into_weights(self) -> Weights {
        Weights::sparse(self.bits, self.trans, SparseRows::new(self.rows, self.scale))
    }
}

fn read_weights(r: &mut Reader) -> Result<ReadWeights, ExtractError> {
    let bits = r.u32()?;
    if !(4..=30).contains(&bits) {
        return Err(r.error("feature table size out of range"));
    }
    let mut trans = vec![0f32; (N_LABELS + 1) * N_LABELS];
    for t in trans.iter_mut() {
        *t = r.f32()?;
    }
    let scale = r.f32()?;
    let n = r.u32()? as usize;
    let mut rows = Vec::with_capacity(n.min(1 << 24));
    let mut bucket = 0u64;
    for i in 0..n {
        let delta = r.varint()?;
        // Buckets strictly increase (a zero delta after the first row would repeat one).
        if i > 0 && delta == 0 {
            return Err(r.error("emission buckets out of order"));
        }
        bucket = bucket.saturating_add(delta);
        if bucket >= 1 << bits {
            return Err(r.error("emission bucket out of range"));
        }
        let mut row = [0i16; N_LABELS];
        for x in row.iter_mut() {
            *x = r.i16()?;
        }
        rows.push((bucket as u32, row));
    }
    Ok(ReadWeights { bits, trans, scale, rows })
}

fn put_u32(w: &mut Vec<u8>, x: u32) {
    w.extend_from_slice(&x.to_le_bytes());
}

fn put_bytes(w: &mut Vec<u8>, b: &[u8]) {
    put_varint(w, b.len() as u64);
    w.extend_from_slice(b);
}

fn put_varint(w: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        w.push((x as u8) | 0x80);
        x >>= 7;
    }
    w.push(x as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, what: &str) -> ExtractError {
        ExtractError::Model(format!("{what} at byte {}", self.at))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ExtractError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| self.error("truncated"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u16(&mut self) -> Result<u16, ExtractError> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().map_err(|_| self.error("truncated"))?))
    }

    fn i16(&mut self) -> Result<i16, ExtractError> {
        Ok(self.u16()? as i16)
    }

    fn u32(&mut self) -> Result<u32, ExtractError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().map_err(|_| self.error("truncated"))?))
    }

    fn f32(&mut self) -> Result<f32, ExtractError> {
        let x = f32::from_bits(self.u32()?);
        if x.is_finite() { Ok(x) } else { Err(self.error("weight is not a finite number")) }
    }

    fn varint(&mut self) -> Result<u64, ExtractError> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            x |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(x);
            }
        }
        Err(self.error("varint too long"))
    }

    fn bytes(&mut self) -> Result<&'a [u8], ExtractError> {
        let n = self.varint()? as usize;
        self.take(n)
    }

    fn string(&mut self) -> Result<String, ExtractError> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| self.error("word is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_model() -> NerModel {
        let mut weights = Weights::new(6);
        weights.emit[7] = 1.5;
        weights.emit[100] = -0.25;
        weights.trans[3] = 0.5;
        let mut clusters = ClusterTable::default();
        clusters.words.insert("موسكو".into(), [1, 2, 3]);
        let mut names = NameLists::default();
        names.add_name("قره باغ", EntityKind::Location, Lexicon::builtin());
        let mut corpus = CorpusLabels::default();
        corpus.words.insert(
            "اهلي".into(),
            CorpusEntry { count: 9, kinds: [0, 1, 8, 0], of_entities: [0, 1, 8, 0], begins: 10 },
        );
        NerModel { weights, second: None, clusters, names, corpus, meta: "{}".into(), joint: None }
    }

    #[test]
    fn round_trips() {
        let m = small_model();
        let back = NerModel::from_bytes(&m.to_bytes().unwrap()).unwrap();
        assert_eq!(back.clusters, m.clusters);
        assert_eq!(back.names.words, m.names.words);
        assert_eq!(back.names.phrases(), m.names.phrases());
        assert_eq!(back.corpus.words, m.corpus.words);
        // A model trained without a corpus has no corpus section and reads none.
        let mut plain = small_model();
        plain.corpus = CorpusLabels::default();
        assert!(NerModel::from_bytes(&plain.to_bytes().unwrap()).unwrap().corpus.is_empty());
        assert_eq!(back.weights.trans, m.weights.trans);
        let (a, b) = (back.weights.nonzero_rows(), m.weights.nonzero_rows());
        assert_eq!(a.len(), b.len());
        for ((ba, ra), (bb, rb)) in a.iter().zip(&b) {
            assert_eq!(ba, bb);
            for (x, y) in ra.iter().zip(rb) {
                assert!((x - y).abs() < 1e-3, "{x} vs {y}");
            }
        }
    }

    #[test]
    fn damage_is_an_error() {
        let bytes = small_model().to_bytes().unwrap();
        assert!(NerModel::from_bytes(&[]).is_err());
        assert!(NerModel::from_bytes(b"not a model").is_err());
        assert!(NerModel::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        let raw = zstd::stream::decode_all(&bytes[..]).unwrap();
        for cut in [0, 5, MAGIC.len() + 3, raw.len() / 2, raw.len() - 1] {
            let damaged = zstd::bulk::compress(&raw[..cut], 1).unwrap();
            assert!(NerModel::from_bytes(&damaged).is_err(), "cut at {cut}");
        }
        // A corpus share past ten tenths is damage.
        let mut bad = raw.clone();
        let last = bad.len() - 1;
        bad[last] = 200;
        assert!(NerModel::from_bytes(&zstd::bulk::compress(&bad, 1).unwrap()).is_err());
        let mut flipped = raw.clone();
        flipped[MAGIC.len() + 10] ^= 0xff;
        let _ = NerModel::from_bytes(&zstd::bulk::compress(&flipped, 1).unwrap());
    }

    /// Our own news sentences, Arabic with Latin words, numbers and marks.
    const SENTENCES: &[&str] = &[
        "قال الرئيس الأذربيجاني إلهام علييف إن القوات الأرمينية انسحبت من إقليم قره باغ .",
        "ووصل وزير الخارجية الروسي سيرغي لافروف إلى يريفان يوم الثلاثاء لإجراء محادثات مع رئيس الوزراء نيكول باشينيان .",
        "وأعلنت الأمم المتحدة أن نحو 100 ألف لاجئ عبروا الحدود إلى أرمينيا خلال أسبوع واحد .",
        "وأكد باشينيان في مؤتمر صحفي أن بلاده ملتزمة بوقف إطلاق النار ، وطالب موسكو بالوفاء بتعهداتها .",
        "ذكرت وكالة رويترز Reuters في تقرير نشرته في 25 سبتمبر 2023 أن اللجنة الدولية للصليب الأحمر أرسلت قافلة إلى ستيباناكيرت .",
        "« لن نتراجع » ، قال علييف للتلفزيون الرسمي مساء الأحد ، مضيفا أن باكو تريد السلام .",
    ];

    fn sentence_words(model: &NerModel) -> Vec<Vec<WordInfo>> {
        SENTENCES.iter().map(|s| model.words(&s.split(' ').collect::<Vec<_>>(), Lexicon::builtin())).collect()
    }

    #[test]
    fn the_joint_table_tags_exactly_as_the_two_tables() {
        let model = NerModel::builtin().unwrap();
        assert!(model.joint.is_some(), "the shipped model has two passes of the same size");
        assert!(!model.corpus.is_empty(), "the shipped model carries its corpus table");
        let words = sentence_words(model);
        let joint = model.tag_document(&words);
        assert_eq!(joint, model.tag_document_separately(&words));
        // Sentence by sentence too (another document, other evidence), and nothing at all.
        for w in &words {
            let one = std::slice::from_ref(w);
            assert_eq!(model.tag_document(one), model.tag_document_separately(one));
        }
        assert!(model.tag_document(&[]).is_empty());
        assert_eq!(model.tag_document(&[Vec::new()]), vec![Vec::<Label>::new()]);
        // And the tagger finds something in news.
        assert!(joint.iter().flatten().any(|l| *l != Label::O));
    }

    #[test]
    fn the_joint_table_merges_passes_with_different_buckets() {
        // A small two-pass model whose passes know partly different buckets.
        let mut model = small_model();
        let bits = 10;
        let mut first = Weights::new(bits);
        let mut second = Weights::new(bits);
        let mut seed = 0x1234_5678u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for w in [&mut first, &mut second] {
            for x in w.emit.iter_mut() {
                if next() % 3 == 0 {
                    *x = (next() % 200) as f32 / 10.0 - 10.0;
                }
            }
            for t in w.trans.iter_mut() {
                *t = (next() % 50) as f32 / 10.0 - 2.5;
            }
        }
        model.weights = first;
        model.second = Some(second);
        let bytes = model.to_bytes().unwrap();
        let read = NerModel::from_bytes(&bytes).unwrap();
        assert!(read.joint.is_some());
        let words = sentence_words(&read);
        assert_eq!(read.tag_document(&words), read.tag_document_separately(&words));
        // Built from the weights rather than the file, the table is the same.
        let rebuilt = NerModel::from_bytes(&bytes).unwrap().with_joint_rows();
        assert_eq!(rebuilt.joint, read.joint);
    }

    #[test]
    fn repeated_buckets_are_damage() {
        let mut w = Vec::new();
        w.extend_from_slice(MAGIC);
        put_bytes(&mut w, b"{}");
        put_u32(&mut w, 8);
        for _ in 0..(N_LABELS + 1) * N_LABELS {
            w.extend_from_slice(&0f32.to_le_bytes());
        }
        w.extend_from_slice(&1f32.to_le_bytes());
        put_u32(&mut w, 2);
        for delta in [5u64, 0] {
            put_varint(&mut w, delta);
            for _ in 0..N_LABELS {
                w.extend_from_slice(&1i16.to_le_bytes());
            }
        }
        let bytes = zstd::bulk::compress(&w, 1).unwrap();
        let err = NerModel::from_bytes(&bytes).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("out of order"), "{err}");
    }
}
