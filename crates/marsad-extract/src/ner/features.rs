//! What the tagger sees of each word, and the hashed features it reads.
//!
//! Every word is reduced once to a [`WordInfo`]: its `Key` form (alef/hamza, ى/ي, ة/ه
//! folded — news spells names every way), its stem without clitics (وموسكو → موسكو,
//! بالرئيس → رئيس; a name keeps its identity whatever is glued to it), the clitics
//! themselves, its shape, how common it is in news (names are rare words), its word
//! clusters, and which name lists hold it. Features are hashed (template, value) pairs:
//! no feature strings are ever built, and the model is a fixed-size table.

use std::collections::HashMap;

use marsad_core::EntityKind;
use marsad_text::normalize::key_fold_char;
use marsad_text::{Form, Lexicon, Segmentation, TokenKind, normalize_str};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use super::clusters::{ClusterTable, LEVELS, NO_CLUSTER};
use super::corpus_labels::{CorpusLabels, SHARES, pair_key};
use super::hashing::FastMap;
use super::labels::{Label, N_LABELS};

/// Flags of [`NameLists`]: the word is part of a name of this kind in a gazetteer…
pub const IN_PER: u16 = 1 << 0;
pub const IN_LOC: u16 = 1 << 1;
pub const IN_ORG: u16 = 1 << 2;
pub const IN_MISC: u16 = 1 << 3;
/// …or is by itself a whole name of this kind (shifted by 4).
pub const WHOLE_SHIFT: u16 = 4;
/// …or is a known transliterated name token of this kind (shifted by 8).
pub const TOKEN_SHIFT: u16 = 8;
/// The word is a title or office that precedes names (الرئيس، وزير، الشيخ).
pub const TITLE: u16 = 1 << 12;

/// The longest gazetteer phrase matched, in words.
pub const MAX_PHRASE_WORDS: usize = 5;

/// Name lists for features: single words with flags, and whole multi-word names.
#[derive(Clone, Debug, Default)]
pub struct NameLists {
    pub words: FastMap<String, u16>,
    /// Space-joined stem keys of whole names → kind (see [`NameLists::add_phrase`]).
    phrases: FastMap<String, EntityKind>,
    /// The first word of each whole name → the most words of a name starting with it:
    /// most words start no name, and one look-up says so.
    phrase_heads: FastMap<String, u8>,
    /// Letter trigrams → how much more often they occur in names than in other words
    /// (log ratio × 8). Unseen transliterated names (دويسنبرج، كافلنيكوف) look foreign
    /// letter by letter.
    pub trigrams: FastMap<u32, i8>,
}

/// Letter trigrams of a stem, with `^` and `$` marking its ends, as hashes.
pub fn trigram_hashes(stem: &str, mut each: impl FnMut(u32)) {
    // A window of three characters slides over ^ stem $, with no allocation.
    let mut window = ['\0'; 3];
    let mut seen = 0usize;
    let mut buf = [0u8; 12];
    for c in std::iter::once('^').chain(stem.chars()).chain(std::iter::once('$')) {
        window = [window[1], window[2], c];
        seen += 1;
        if seen >= 3 {
            let mut n = 0;
            for c in window {
                n += c.encode_utf8(&mut buf[n..]).len();
            }
            each(xxh3_64(&buf[..n]) as u32);
        }
    }
}

impl NameLists {
    /// Adds a whole name (any number of words, any spelling) of `kind`.
    pub fn add_name(&mut self, name: &str, kind: EntityKind, lexicon: &Lexicon) {
        let stems: Vec<String> =
            name.split_whitespace().map(|w| WordInfo::new(w, lexicon, None, None).stem().to_string()).collect();
        let stems: Vec<String> = stems.into_iter().filter(|s| !s.is_empty()).collect();
        if stems.is_empty() || stems.len() > MAX_PHRASE_WORDS {
            return;
        }
        let bit = 1u16 << kind.index();
        for s in &stems {
            *self.words.entry(s.clone()).or_default() |= bit;
        }
        if stems.len() == 1 {
            *self.words.entry(stems[0].clone()).or_default() |= bit << WHOLE_SHIFT;
        }
        self.add_phrase(stems.join(" "), kind);
    }

    /// Adds a whole name as its space-joined stems (the first kind given stays).
    pub fn add_phrase(&mut self, stems: String, kind: EntityKind) {
        let head = stems.split(' ').next().unwrap_or("").to_string();
        let words = stems.split(' ').count().min(u8::MAX as usize) as u8;
        let longest = self.phrase_heads.entry(head).or_default();
        *longest = (*longest).max(words);
        self.phrases.entry(stems).or_insert(kind);
    }

    /// Whole names: space-joined stems → kind.
    pub fn phrases(&self) -> &FastMap<String, EntityKind> {
        &self.phrases
    }

    /// Adds a single known name token (from a transliteration list) of `kind`.
    pub fn add_token(&mut self, word: &str, kind: EntityKind, lexicon: &Lexicon) {
        let stem = WordInfo::new(word, lexicon, None, None).stem().to_string();
        if !stem.is_empty() {
            *self.words.entry(stem).or_default() |= (1u16 << kind.index()) << TOKEN_SHIFT;
        }
    }

    /// Marks a title word.
    pub fn add_title(&mut self, word: &str, lexicon: &Lexicon) {
        let stem = WordInfo::new(word, lexicon, None, None).stem().to_string();
        if !stem.is_empty() {
            *self.words.entry(stem).or_default() |= TITLE;
        }
    }

    pub fn flags(&self, stem: &str) -> u16 {
        self.words.get(stem).copied().unwrap_or(0)
    }

    /// Learns the trigram table from name tokens and ordinary words (stems, `Key` form).
    pub fn learn_trigrams<'a>(&mut self, names: impl Iterator<Item = &'a str>, words: impl Iterator<Item = &'a str>) {
        let mut name_counts: HashMap<u32, f64> = HashMap::new();
        let mut word_counts: HashMap<u32, f64> = HashMap::new();
        let (mut n_total, mut w_total) = (0f64, 0f64);
        for n in names {
            trigram_hashes(n, |t| {
                *name_counts.entry(t).or_default() += 1.0;
                n_total += 1.0;
            });
        }
        for w in words {
            trigram_hashes(w, |t| {
                *word_counts.entry(t).or_default() += 1.0;
                w_total += 1.0;
            });
        }
        if n_total == 0.0 || w_total == 0.0 {
            return;
        }
        let vocab = name_counts.len().max(word_counts.len()) as f64;
        let keys: std::collections::HashSet<u32> = name_counts.keys().chain(word_counts.keys()).copied().collect();
        for t in keys {
            let pn = (name_counts.get(&t).copied().unwrap_or(0.0) + 0.5) / (n_total + 0.5 * vocab);
            let pw = (word_counts.get(&t).copied().unwrap_or(0.0) + 0.5) / (w_total + 0.5 * vocab);
            let score = ((pn / pw).ln() * 8.0).round().clamp(-127.0, 127.0) as i8;
            if score != 0 {
                self.trigrams.insert(t, score);
            }
        }
    }

    /// How name-like a stem looks letter by letter: the mean trigram score, bucketed
    /// (−8 ordinary … +8 a foreign name).
    pub fn name_shape(&self, stem: &str) -> i8 {
        if self.trigrams.is_empty() {
            return 0;
        }
        let (mut sum, mut n) = (0i32, 0i32);
        trigram_hashes(stem, |t| {
            sum += self.trigrams.get(&t).copied().unwrap_or(0) as i32;
            n += 1;
        });
        if n == 0 { 0 } else { (sum / n / 4).clamp(-8, 8) as i8 }
    }
}

/// The shape of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Shape {
    Arabic = 1,
    Latin,
    Number,
    Punct,
    Other,
}

/// Everything the features read from one word.
#[derive(Clone, Debug)]
pub struct WordInfo {
    /// The whole word, `Key` form.
    pub key: String,
    /// Where the stem (the word without clitics) lies in `key`, in bytes: the
    /// proclitics before it, the enclitic after it. One string per word, not four.
    stem_start: u32,
    stem_end: u32,
    pub shape: Shape,
    /// ⌊log2(1 + count)⌋ of the word and of its stem in the news lexicon.
    pub freq: u8,
    pub stem_freq: u8,
    pub clusters: [u16; LEVELS],
    pub names: u16,
    /// [`NameLists::name_shape`] of the stem (Arabic words only).
    pub name_shape: i8,
}

fn log_bucket(count: u32) -> u8 {
    (32 - (count.saturating_add(1)).leading_zeros()) as u8
}

fn shape_of(clean: &str) -> Shape {
    let mut arabic = false;
    let mut latin = false;
    let mut digit = false;
    let mut other = false;
    for c in clean.chars() {
        if marsad_text::chars::is_arabic_letter(c) {
            arabic = true;
        } else if c.is_ascii_digit() {
            digit = true;
        } else if c.is_alphabetic() {
            latin |= c.is_ascii_alphabetic();
            other |= !c.is_ascii_alphabetic();
        }
    }
    match (arabic, latin, digit, other) {
        (true, _, _, _) => Shape::Arabic,
        (_, true, _, _) => Shape::Latin,
        (_, _, _, true) => Shape::Other,
        (_, _, true, _) => Shape::Number,
        _ => Shape::Punct,
    }
}

impl WordInfo {
    /// The word without clitics, `Key` form.
    #[inline]
    pub fn stem(&self) -> &str {
        self.key.get(self.stem_start as usize..self.stem_end as usize).unwrap_or("")
    }

    /// The proclitics, `Key` form (`وال`).
    #[inline]
    pub fn prefix(&self) -> &str {
        self.key.get(..self.stem_start as usize).unwrap_or("")
    }

    /// The enclitic, `Key` form (`ه`).
    #[inline]
    pub fn suffix(&self) -> &str {
        self.key.get(self.stem_end as usize..).unwrap_or("")
    }

    /// Reads a word in any form (a CoNLL token, a gazetteer word): it is normalised to
    /// `Clean` first and segmented with `lexicon`.
    pub fn new(raw: &str, lexicon: &Lexicon, clusters: Option<&ClusterTable>, names: Option<&NameLists>) -> WordInfo {
        let clean = normalize_str(raw, Form::Clean);
        let shape = shape_of(&clean);
        let seg = if shape == Shape::Arabic && clean.chars().all(marsad_text::chars::is_arabic_letter) {
            lexicon.segment(&clean)
        } else {
            Segmentation::NONE
        };
        Self::from_clean(&clean, shape, seg, lexicon, clusters, names)
    }

    /// Reads a token of a text layer (already `Clean` and segmented).
    pub fn from_token(
        clean: &str,
        kind: TokenKind,
        seg: Segmentation,
        lexicon: &Lexicon,
        clusters: Option<&ClusterTable>,
        names: Option<&NameLists>,
    ) -> WordInfo {
        let shape = match kind {
            TokenKind::Arabic => Shape::Arabic,
            TokenKind::Latin => Shape::Latin,
            TokenKind::Number => Shape::Number,
            TokenKind::Punct | TokenKind::Symbol => Shape::Punct,
            TokenKind::Other => Shape::Other,
        };
        Self::from_clean(clean, shape, seg, lexicon, clusters, names)
    }

    fn from_clean(
        clean: &str,
        shape: Shape,
        seg: Segmentation,
        lexicon: &Lexicon,
        clusters: Option<&ClusterTable>,
        names: Option<&NameLists>,
    ) -> WordInfo {
        // Key folding maps each character to one character, so the segmentation's
        // character counts hold for the key too.
        let key: String = clean.chars().map(key_fold_char).collect();
        let (p, s) = (seg.prefix as usize, seg.suffix as usize);
        let n = if p + s > 0 { key.chars().count() } else { 0 };
        let (stem_start, stem_end) = if p + s > 0 && p + s < n {
            let at = |c: usize| key.char_indices().nth(c).map_or(key.len(), |(i, _)| i);
            (at(p), at(n - s))
        } else {
            (0, key.len())
        };
        let stem = &key[stem_start..stem_end];
        let (freq, stem_freq) = if shape == Shape::Arabic {
            (log_bucket(lexicon.count(clean)), if p + s > 0 { log_bucket(lexicon.count(stem)) } else { 0 })
        } else {
            (0, 0)
        };
        let clusters = clusters.map_or([NO_CLUSTER; LEVELS], |c| c.get(stem));
        let name_shape = match names {
            Some(n) if shape == Shape::Arabic => n.name_shape(stem),
            _ => 0,
        };
        let names = names.map_or(0, |n| n.flags(stem));
        let (stem_start, stem_end) = (stem_start as u32, stem_end as u32);
        WordInfo { key, stem_start, stem_end, shape, freq, stem_freq, clusters, names, name_shape }
    }
}

// Feature templates: each a distinct seed.
#[repr(u64)]
#[derive(Clone, Copy)]
enum T {
    Bias = 1,
    Word,
    Stem,
    WordPrev,
    WordNext,
    WordPrev2,
    WordNext2,
    StemPrev,
    StemNext,
    Prefix,
    Suffix,
    StemStart,
    StemEnd,
    Shape,
    ShapePrev,
    ShapeNext,
    Length,
    Freq,
    Cluster,
    ClusterPrev,
    ClusterNext,
    ClusterPrev2,
    ClusterNext2,
    Names,
    NamesPrev,
    NamesNext,
    Phrase,
    BigramPrev,
    BigramNext,
    StemPrevCluster,
    ClusterNextStem,
    PrefixCluster,
    FreqShape,
    Boundary,
    NameShape,
    NameShapePrev,
    NameShapeNext,
    FirstPass,
    FirstPassPrev,
    FirstPassNext,
    DocLabel,
    DocMajority,
    DocAlone,
    DocOwn,
    CorpusNone,
    CorpusKind,
    CorpusMajority,
    CorpusOwn,
    CorpusBegins,
    CorpusShare,
    CorpusPrev,
    CorpusNext,
    CorpusPairPrev,
    CorpusPairNext,
    CorpusOfEntities,
}

#[inline]
fn h(t: T, value: &[u8]) -> u64 {
    xxh3_64_with_seed(value, t as u64)
}

#[inline]
fn h_num(t: T, value: u64) -> u64 {
    xxh3_64_with_seed(&value.to_le_bytes(), t as u64)
}

#[inline]
fn h2(t: T, a: &[u8], b: &[u8]) -> u64 {
    xxh3_64_with_seed(b, xxh3_64_with_seed(a, t as u64))
}

fn char_prefix(s: &str, n: usize) -> Option<&str> {
    let end = s.char_indices().nth(n).map(|(i, _)| i)?;
    Some(&s[..end])
}

fn char_suffix(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if count <= n {
        return None;
    }
    let start = s.char_indices().nth(count - n).map(|(i, _)| i)?;
    Some(&s[start..])
}

/// Matches of whole gazetteer names over a sentence: for each word, 0 or the phrase
/// position code (1 + 2·kind for the first word, 2 + 2·kind for the others).
pub fn phrase_marks(words: &[WordInfo], names: &NameLists) -> Vec<u8> {
    let mut marks = vec![0u8; words.len()];
    if names.phrases.is_empty() {
        return marks;
    }
    let mut i = 0;
    let mut joined = String::new();
    while i < words.len() {
        let stem = words[i].stem();
        let head = stem.split(' ').next().unwrap_or("");
        let Some(&longest) = names.phrase_heads.get(head) else {
            i += 1;
            continue;
        };
        let mut matched = None;
        joined.clear();
        for len in 1..=MAX_PHRASE_WORDS.min(words.len() - i).min(longest as usize) {
            if len > 1 {
                joined.push(' ');
            }
            joined.push_str(words[i + len - 1].stem());
            if words[i + len - 1].shape != Shape::Arabic && words[i + len - 1].shape != Shape::Latin {
                break;
            }
            if let Some(&kind) = names.phrases.get(&joined) {
                matched = Some((len, kind));
            }
        }
        match matched {
            Some((len, kind)) => {
                marks[i] = 1 + 2 * kind.index() as u8;
                for m in &mut marks[i + 1..i + len] {
                    *m = 2 + 2 * kind.index() as u8;
                }
                i += len;
            }
            None => i += 1,
        }
    }
    marks
}

/// The hashed features of word `i` of a sentence, appended to `out` (as raw 64-bit
/// hashes; the model maps them to its table).
pub fn features(words: &[WordInfo], marks: &[u8], i: usize, out: &mut Vec<u64>) {
    const NONE: &[u8] = b"\x00";
    let w = &words[i];
    let prev = i.checked_sub(1).map(|j| &words[j]);
    let next = words.get(i + 1);
    let prev2 = i.checked_sub(2).map(|j| &words[j]);
    let next2 = words.get(i + 2);
    fn key(x: Option<&WordInfo>) -> &[u8] {
        x.map_or(NONE, |x| x.key.as_bytes())
    }
    fn stem(x: Option<&WordInfo>) -> &[u8] {
        x.map_or(NONE, |x| x.stem().as_bytes())
    }
    let (w_stem, w_prefix) = (w.stem(), w.prefix());

    out.push(h(T::Bias, b""));
    out.push(h(T::Word, w.key.as_bytes()));
    out.push(h(T::Stem, w_stem.as_bytes()));
    out.push(h(T::WordPrev, key(prev)));
    out.push(h(T::WordNext, key(next)));
    out.push(h(T::WordPrev2, key(prev2)));
    out.push(h(T::WordNext2, key(next2)));
    out.push(h(T::StemPrev, stem(prev)));
    out.push(h(T::StemNext, stem(next)));
    out.push(h(T::Prefix, w_prefix.as_bytes()));
    out.push(h(T::Suffix, w.suffix().as_bytes()));
    for n in 1..=3 {
        if let Some(p) = char_prefix(w_stem, n) {
            out.push(h2(T::StemStart, &[n as u8], p.as_bytes()));
        }
    }
    for n in 1..=4 {
        if let Some(s) = char_suffix(w_stem, n) {
            out.push(h2(T::StemEnd, &[n as u8], s.as_bytes()));
        }
    }
    let shape = |x: Option<&WordInfo>| x.map_or(0, |x| x.shape as u64);
    out.push(h_num(T::Shape, w.shape as u64));
    out.push(h_num(T::ShapePrev, shape(prev) * 8 + w.shape as u64));
    out.push(h_num(T::ShapeNext, shape(next) * 8 + w.shape as u64));
    out.push(h_num(T::Length, w_stem.chars().count().min(12) as u64));
    out.push(h_num(T::Freq, w.freq as u64 * 32 + w.stem_freq as u64));
    out.push(h_num(T::FreqShape, w.freq as u64 * 8 + w.shape as u64 + if w_prefix.is_empty() { 0 } else { 1024 }));
    for level in 0..LEVELS {
        let l = level as u64;
        let c = |x: Option<&WordInfo>| x.map_or(NO_CLUSTER as u64 + 1, |x| x.clusters[level] as u64);
        out.push(h_num(T::Cluster, l << 32 | w.clusters[level] as u64));
        out.push(h_num(T::ClusterPrev, l << 32 | c(prev)));
        out.push(h_num(T::ClusterNext, l << 32 | c(next)));
        if level == 0 {
            out.push(h_num(T::ClusterPrev2, c(prev2)));
            out.push(h_num(T::ClusterNext2, c(next2)));
        }
        out.push(h2(T::PrefixCluster, &(l << 32 | w.clusters[level] as u64).to_le_bytes(), w_prefix.as_bytes()));
    }
    let finest = LEVELS - 1;
    out.push(h2(T::StemPrevCluster, stem(prev), &w.clusters[finest].to_le_bytes()));
    out.push(h2(T::ClusterNextStem, &w.clusters[finest].to_le_bytes(), stem(next)));
    push_flags(T::Names, w.names, out);
    push_flags(T::NamesPrev, prev.map_or(0, |x| x.names), out);
    push_flags(T::NamesNext, next.map_or(0, |x| x.names), out);
    let mark = |j: Option<usize>| j.and_then(|j| marks.get(j)).copied().unwrap_or(0) as u64;
    out.push(h_num(T::Phrase, mark(Some(i)) << 8 | mark(i.checked_sub(1)) << 16 | mark(Some(i + 1)) << 24));
    out.push(h2(T::BigramPrev, key(prev), w.key.as_bytes()));
    out.push(h2(T::BigramNext, w.key.as_bytes(), key(next)));
    let ns = |x: Option<&WordInfo>| x.map_or(100, |x| (x.name_shape as i64 + 16) as u64);
    out.push(h_num(T::NameShape, ns(Some(w)) << 8 | w.freq.min(15) as u64));
    out.push(h_num(T::NameShape, 1 << 20 | ns(Some(w))));
    out.push(h_num(T::NameShapePrev, ns(prev)));
    out.push(h_num(T::NameShapeNext, ns(next)));
    out.push(h_num(T::Boundary, (prev.is_none() as u64) | (next.is_none() as u64) << 1));
}

/// The corpus evidence of word `i` (whose first-pass label is `own`) and of its neighbours.
fn corpus_features(corpus: &CorpusLabels, words: &[WordInfo], own: u64, i: usize, out: &mut Vec<u64>) {
    let named = |w: &WordInfo| w.shape == Shape::Arabic || w.shape == Shape::Latin;
    let majority = |j: Option<usize>| -> u64 {
        match j.and_then(|j| words.get(j)) {
            None => 98,
            Some(w) if !named(w) => 97,
            Some(w) => corpus.get(w.stem()).map_or(96, |e| {
                let (m, s) = e.majority();
                m as u64 * 8 + coarse_share(s)
            }),
        }
    };
    out.push(h_num(T::CorpusPrev, majority(i.checked_sub(1)) << 8 | majority(Some(i))));
    out.push(h_num(T::CorpusNext, majority(Some(i + 1)) << 8 | majority(Some(i))));
    let w = &words[i];
    if !named(w) {
        return;
    }
    // The pairs this word makes with its neighbours: what the second word of the pair
    // was, in that company.
    let mut key = String::new();
    if let Some(prev) = i.checked_sub(1).map(|j| &words[j]).filter(|p| named(p)) {
        pair_key(prev.stem(), w.stem(), &mut key);
        if let Some(e) = corpus.get(&key) {
            let (m, s) = e.majority();
            out.push(h_num(T::CorpusPairPrev, own << 16 | (m as u64) << 8 | coarse_share(s)));
            out.push(h_num(T::CorpusPairPrev, 1 << 24 | (m as u64) << 8 | s as u64));
        }
    }
    if let Some(next) = words.get(i + 1).filter(|n| named(n)) {
        pair_key(w.stem(), next.stem(), &mut key);
        if let Some(e) = corpus.get(&key) {
            let (m, s) = e.majority();
            let inside = coarse_share(SHARES - e.begins.min(SHARES));
            out.push(h_num(T::CorpusPairNext, own << 16 | (m as u64) << 8 | coarse_share(s) << 4 | inside));
            out.push(h_num(T::CorpusPairNext, 1 << 24 | (m as u64) << 8 | s as u64));
        }
    }
    let Some(e) = corpus.get(w.stem()) else {
        out.push(h_num(T::CorpusNone, own << 8 | w.freq.min(15) as u64));
        return;
    };
    for (k, &s) in e.kinds.iter().enumerate() {
        if s > 0 {
            out.push(h_num(T::CorpusKind, (k as u64) << 8 | coarse_share(s)));
            out.push(h_num(T::CorpusKind, 1 << 16 | (k as u64) << 8 | s as u64));
        }
    }
    // The kind it has when it is a name, whatever it is otherwise.
    let (mut em, mut es) = (0u64, 0u8);
    for (k, &s) in e.of_entities.iter().enumerate() {
        if s > 0 {
            out.push(h_num(T::CorpusOfEntities, (k as u64) << 8 | s as u64));
        }
        if s > es {
            (em, es) = (k as u64 + 1, s);
        }
    }
    let any = coarse_share(e.entity_share());
    out.push(h_num(T::CorpusOfEntities, 1 << 24 | own << 16 | em << 8 | coarse_share(es) << 4 | any));
    let (m, s) = e.majority();
    let (m, s) = (m as u64, s as u64);
    out.push(h_num(T::CorpusMajority, m << 16 | s << 8 | e.count.min(15) as u64));
    out.push(h_num(T::CorpusOwn, own << 16 | m << 8 | s));
    out.push(h_num(T::CorpusBegins, m << 8 | e.begins as u64));
    out.push(h_num(T::CorpusShare, (e.entity_share() as u64) << 8 | w.freq.min(15) as u64));
}

fn push_flags(t: T, flags: u16, out: &mut Vec<u64>) {
    if flags == 0 {
        return;
    }
    for bit in 0..16 {
        if flags & (1 << bit) != 0 {
            out.push(h_num(t, bit));
        }
    }
    // The whole combination too: "a known first name and a known city" differs.
    out.push(h_num(t, 1 << 20 | flags as u64));
}

/// Second-pass features: what the first pass said of this word, of its neighbours, and
/// of the same stem elsewhere in the document. News repeats names: «دويسنبرج» missed in
/// one sentence is found in the next four.
pub struct DocumentEvidence<'a> {
    /// Stem → first-pass label counts over the document.
    counts: FastMap<&'a str, [u16; N_LABELS]>,
    /// What the first pass said of each stem across the news corpus (none: no such
    /// features).
    corpus: Option<&'a CorpusLabels>,
}

/// A share in tenths, coarser: none, a little, some, most, nearly all.
fn coarse_share(tenths: u8) -> u64 {
    match tenths {
        0 => 0,
        1..=2 => 1,
        3..=5 => 2,
        6..=8 => 3,
        _ => 4,
    }
}

impl<'a> DocumentEvidence<'a> {
    pub fn new(
        sentences: &'a [Vec<WordInfo>],
        first_pass: &[Vec<Label>],
        corpus: Option<&'a CorpusLabels>,
    ) -> DocumentEvidence<'a> {
        let mut counts: FastMap<&str, [u16; N_LABELS]> = FastMap::default();
        for (words, labels) in sentences.iter().zip(first_pass) {
            for (w, l) in words.iter().zip(labels) {
                if w.shape == Shape::Arabic || w.shape == Shape::Latin {
                    let c = counts.entry(w.stem()).or_insert([0; N_LABELS]);
                    c[l.index()] = c[l.index()].saturating_add(1);
                }
            }
        }
        DocumentEvidence { counts, corpus: corpus.filter(|c| !c.is_empty()) }
    }

    /// Appends the second-pass features of word `i` of a sentence.
    pub fn features(&self, words: &[WordInfo], labels: &[Label], i: usize, out: &mut Vec<u64>) {
        let own = labels[i].index() as u64;
        let label = |j: Option<usize>| j.and_then(|j| labels.get(j)).map_or(99, |l| l.index() as u64);
        out.push(h_num(T::FirstPass, own));
        out.push(h_num(T::FirstPassPrev, label(i.checked_sub(1)) * 16 + own));
        out.push(h_num(T::FirstPassNext, label(Some(i + 1)) * 16 + own));
        if let Some(corpus) = self.corpus {
            corpus_features(corpus, words, own, i, out);
        }
        let w = &words[i];
        let Some(c) = self.counts.get(w.stem()) else { return };
        let mut others = *c;
        others[labels[i].index()] = others[labels[i].index()].saturating_sub(1);
        let total: u32 = others.iter().map(|&x| x as u32).sum();
        if total == 0 {
            out.push(h_num(T::DocAlone, own));
            return;
        }
        let mut majority = 0;
        for (y, &n) in others.iter().enumerate() {
            if n > 0 {
                out.push(h_num(T::DocLabel, (y as u64) << 8 | n.min(3) as u64));
            }
            if n > others[majority] {
                majority = y;
            }
        }
        // The kind seen elsewhere regardless of B/I.
        let mut kinds = [0u32; 5];
        for (y, &n) in others.iter().enumerate() {
            kinds[y.div_ceil(2)] += n as u32;
        }
        let entity_share = (10 * (total - kinds[0]) / total) as u64;
        out.push(h_num(T::DocMajority, majority as u64 * 16 + entity_share));
        out.push(h_num(T::DocOwn, own * 256 + majority as u64 * 16 + w.freq.min(15) as u64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_lose_their_clitics_and_spellings_fold() {
        let lex = Lexicon::builtin();
        let w = WordInfo::new("وموسكو", lex, None, None);
        assert_eq!(w.stem(), "موسكو");
        assert_eq!(w.prefix(), "و");
        assert_eq!(w.suffix(), "");
        let a = WordInfo::new("الأردن", lex, None, None);
        let b = WordInfo::new("الاردن", lex, None, None);
        assert_eq!(a.stem(), b.stem());
        assert_eq!(WordInfo::new("2020", lex, None, None).shape, Shape::Number);
        assert_eq!(WordInfo::new("(", lex, None, None).shape, Shape::Punct);
    }

    #[test]
    fn phrases_match_longest_first() {
        let lex = Lexicon::builtin();
        let mut names = NameLists::default();
        names.add_name("الأمم المتحدة", EntityKind::Organization, lex);
        names.add_name("قره باغ", EntityKind::Location, lex);
        let words: Vec<WordInfo> =
            "قالت الامم المتحدة إن قرة باغ".split(' ').map(|w| WordInfo::new(w, lex, None, Some(&names))).collect();
        let marks = phrase_marks(&words, &names);
        assert_eq!(marks, vec![0, 5, 6, 0, 3, 4]);
        assert_ne!(words[1].names & IN_ORG, 0);
    }

    #[test]
    fn features_are_deterministic() {
        let lex = Lexicon::builtin();
        let words: Vec<WordInfo> = "قال بوتين".split(' ').map(|w| WordInfo::new(w, lex, None, None)).collect();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        features(&words, &[0, 0], 1, &mut a);
        features(&words, &[0, 0], 1, &mut b);
        assert_eq!(a, b);
        assert!(a.len() > 20);
    }

    #[test]
    fn trigrams_slide_over_the_marked_stem() {
        // What the model's trigram table was learned with: windows of ^ stem $.
        fn reference(stem: &str) -> Vec<u32> {
            let chars: Vec<char> = std::iter::once('^').chain(stem.chars()).chain(std::iter::once('$')).collect();
            chars.windows(3).map(|w| xxh3_64(w.iter().collect::<String>().as_bytes()) as u32).collect()
        }
        for stem in ["", "ا", "لافروف", "باشينيان", "Reuters", "2023", "ستيباناكيرت"] {
            let mut got = Vec::new();
            trigram_hashes(stem, |t| got.push(t));
            assert_eq!(got, reference(stem), "{stem}");
        }
    }

    #[test]
    fn a_word_is_its_prefix_stem_and_suffix() {
        let lex = Lexicon::builtin();
        for raw in ["وموسكو", "بالرئيس", "بلاده", "للصحفيين", "الأمم", "Reuters", "2023", "،", ""]
        {
            let w = WordInfo::new(raw, lex, None, None);
            assert_eq!(format!("{}{}{}", w.prefix(), w.stem(), w.suffix()), w.key, "{raw}");
        }
        let w = WordInfo::new("بلاده", lex, None, None);
        assert_eq!((w.prefix(), w.stem(), w.suffix()), ("", "بلاد", "ه"));
        // A segmentation that would leave nothing keeps the whole word as the stem.
        let w = WordInfo::from_token("به", TokenKind::Arabic, Segmentation { prefix: 1, suffix: 1 }, lex, None, None);
        assert_eq!((w.prefix(), w.stem(), w.suffix()), ("", "به", ""));
    }

    #[test]
    fn phrases_are_found_only_from_their_first_word() {
        let lex = Lexicon::builtin();
        let mut names = NameLists::default();
        names.add_name("مجلس الأمن", EntityKind::Organization, lex);
        names.add_name("مجلس الأمن الدولي", EntityKind::Organization, lex);
        names.add_name("مجلس", EntityKind::Misc, lex);
        let read =
            |s: &str| -> Vec<WordInfo> { s.split(' ').map(|w| WordInfo::new(w, lex, None, Some(&names))).collect() };
        assert_eq!(phrase_marks(&read("دعا مجلس الأمن الدولي إلى"), &names), vec![0, 5, 6, 6, 0]);
        assert_eq!(phrase_marks(&read("الأمن الدولي"), &names), vec![0, 0]);
        assert_eq!(phrase_marks(&read("مجلس الوزراء"), &names), vec![7, 0]);
        assert_eq!(phrases_with_head(&names, "مجلس"), Some(3));
    }

    #[test]
    fn corpus_evidence_adds_features_only_with_a_table() {
        use super::super::corpus_labels::CorpusCounts;
        let lex = Lexicon::builtin();
        let words: Vec<WordInfo> = "فاز الأهلي".split(' ').map(|w| WordInfo::new(w, lex, None, None)).collect();
        let sentences = vec![words];
        let labels = vec![vec![Label::O, Label::O]];
        let mut counts = CorpusCounts::default();
        let org = Label::begin(EntityKind::Organization);
        for _ in 0..5 {
            counts.add(&sentences[0], &[Label::O, org]);
        }
        let table = counts.table();
        let (mut without, mut with, mut empty) = (Vec::new(), Vec::new(), Vec::new());
        DocumentEvidence::new(&sentences, &labels, None).features(&sentences[0], &labels[0], 1, &mut without);
        DocumentEvidence::new(&sentences, &labels, Some(&table)).features(&sentences[0], &labels[0], 1, &mut with);
        let none = super::super::corpus_labels::CorpusLabels::default();
        DocumentEvidence::new(&sentences, &labels, Some(&none)).features(&sentences[0], &labels[0], 1, &mut empty);
        assert_eq!(without, empty, "an empty table is no table");
        assert!(with.len() > without.len());
        assert!(with.starts_with(&without[..3]));
        // The word the corpus calls an organisation and the one it never tagged differ.
        let mut first = Vec::new();
        DocumentEvidence::new(&sentences, &labels, Some(&table)).features(&sentences[0], &labels[0], 0, &mut first);
        assert_ne!(first[3..], with[3..]);
    }

    fn phrases_with_head(names: &NameLists, head: &str) -> Option<u8> {
        names.phrase_heads.get(head).copied()
    }
}
