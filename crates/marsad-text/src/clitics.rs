//! Clitic segmentation of Arabic words, driven by a word-frequency lexicon.
//!
//! An Arabic word may carry proclitics (the conjunctions و ف, the prepositions ب ك ل,
//! the article ال, and لل for ل + ال) and a pronoun suffix (ه ها هم …). Whether a word
//! that merely *starts* with those letters carries a clitic cannot be decided from its
//! letters: وزارة, بوتين and لافروف do not; وموسكو, بالرئيس and بلاده do. The lexicon
//! decides: a split is taken when the remaining stem is itself a common word, common
//! enough against the whole word given how productive that clitic is. The lexicon is
//! learned from unlabelled news (`marsad train lexicon`) and shipped with the crate.
//!
//! Words are looked up in the *lexical* form: `Form::Clean` with every alef-hamza form
//! folded to bare alef (writers drop hamzas freely), but ة, ى, ؤ, ئ kept, because
//! they tell a ta marbuta from a pronoun suffix.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use xxhash_rust::xxh3::xxh3_64;

use crate::TextError;
use crate::numbers::HotRole;

/// How a word splits: the number of characters of proclitics and of the enclitic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Segmentation {
    pub prefix: u8,
    pub suffix: u8,
}

impl Segmentation {
    /// No clitics.
    pub const NONE: Segmentation = Segmentation { prefix: 0, suffix: 0 };

    /// True when the word has neither proclitic nor enclitic.
    pub fn is_empty(&self) -> bool {
        self.prefix == 0 && self.suffix == 0
    }

    /// The proclitics of `word` (which must be the word this segmentation was made
    /// for), in order: for وبالرئيس, `["و", "ب", "ال"]`; for للرئيس, `["ل", "ال"]`.
    pub fn proclitics(&self, word: &str) -> Vec<&'static str> {
        let prefix: String = word.chars().take(self.prefix as usize).collect();
        let prefix = fold_alef_str(&prefix);
        let mut parts = Vec::new();
        let mut rest = prefix.as_str();
        if let Some(&(c, _)) = CONJUNCTIONS.iter().find(|(c, _)| rest.starts_with(c)) {
            parts.push(c);
            rest = &rest[c.len()..];
        }
        if !rest.is_empty() {
            match PREFIXES.iter().find(|p| p.text == rest) {
                Some(p) => parts.extend_from_slice(p.parts),
                None => return Vec::new(),
            }
        }
        parts
    }

    /// The enclitic pronoun of `word`, if any.
    pub fn enclitic<'w>(&self, word: &'w str) -> Option<&'w str> {
        if self.suffix == 0 {
            return None;
        }
        let n = word.chars().count();
        let at = word.char_indices().nth(n.saturating_sub(self.suffix as usize))?.0;
        Some(&word[at..])
    }
}

struct Prefix {
    text: &'static str,
    parts: &'static [&'static str],
    /// How readily this prefix attaches: a split is possible only when
    /// evidence(stem) × weight > count(word). ك rarely attaches; an article makes
    /// almost any noun.
    weight: f32,
    /// Among possible splits, the one with the best attested stem wins, scaled by this
    /// prior (ك is rare as a preposition).
    prior: f32,
    /// Contains the article, which excludes a pronoun suffix.
    article: bool,
}

const fn p(text: &'static str, parts: &'static [&'static str], weight: f32, prior: f32, article: bool) -> Prefix {
    Prefix { text, parts, weight, prior, article }
}

/// An article before a known noun is almost always an article (the words that start
/// with ال but are not, like الذي or الآن, are in [`NEVER_SPLIT`]).
const ARTICLE: f32 = 50.0;

/// The conjunctions, peeled first. و is so productive that وقال outnumbers قال.
static CONJUNCTIONS: &[(&str, f32)] = &[("و", 8.0), ("ف", 2.0)];

/// What may follow a conjunction: prepositions and the article, in lexical form.
static PREFIXES: &[Prefix] = &[
    p("بال", &["ب", "ال"], ARTICLE, 1.0, true),
    p("كال", &["ك", "ال"], ARTICLE, 0.1, true),
    p("لل", &["ل", "ال"], ARTICLE, 1.0, true),
    p("ال", &["ال"], ARTICLE, 1.0, true),
    p("ب", &["ب"], 0.3, 1.0, false),
    p("ل", &["ل"], 0.3, 1.0, false),
    p("ك", &["ك"], 0.05, 0.1, false),
];

/// Pronoun suffixes in lexical form, longest first, with their weights (as for
/// prefixes: a split needs count(stem) × weight > count(word)). The first person ي is
/// rare in news and ends many nisba adjectives (روسي), so it needs overwhelming evidence.
static SUFFIXES: &[(&str, f32)] = &[
    ("هما", 10.0),
    ("كما", 0.1),
    ("ها", 10.0),
    ("هم", 10.0),
    ("هن", 0.5),
    ("كم", 1.0),
    ("كن", 0.05),
    ("ني", 0.1),
    ("نا", 1.0),
    ("ه", 10.0),
    ("ك", 0.2),
    ("ي", 0.05),
];

/// Words where و is the conjunction although the whole form outnumbers what follows it
/// many times over: reporting verbs that open sentences (وأضاف is twenty times أضاف).
static CONJUNCTION_VERBS: &[&str] = &["واضاف", "واضافت", "واضافوا", "واردف", "واستطرد", "وتابع", "وتابعت"];

/// Closed-class and lexicalised words that look segmentable but are not.
#[rustfmt::skip]
static NEVER_SPLIT: &[&str] = &[
    "وحدة", "وحدات", "وحده", "وحدها", "فيصل", "وسام", "وافق", "وافقت", "الله", "اللهم",
    "الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللاتي", "اللواتي", "اللائي",
    "الان", "الا", "الى", "الي", "الف", "الاف", "واحد", "واحدة", "والي", "ولي",
    "وطن", "وطني", "وطنية", "لدى", "لكن", "لكي", "ليس", "ليست", "لذا", "كما",
    "لما", "بما", "فيما", "مما", "عما", "كلما", "بينما", "ريثما", "حيثما", "طالما",
    "لطالما",
];

/// Two-letter words that take pronoun suffixes (منه، عنها، فيهم، معه، أنه).
static SHORT_STEMS: &[&str] = &["من", "عن", "في", "مع", "ان"];

/// Shortest stem left by a pronoun suffix, but for [`SHORT_STEMS`] (أسهم is not أس+هم).
const MIN_SUFFIXED_STEM_CHARS: usize = 3;

/// A stem must be seen at least this often to justify a split.
const MIN_STEM_COUNT: u32 = 5;

/// The longest word (in bytes) that is looked up; longer ones are not segmented.
const MAX_WORD_BYTES: usize = 64;

#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    count: u32,
    seg: Segmentation,
    /// 1 + the word's rank among the [`RANKED_WORDS`] most frequent words, 0 past them (the
    /// entry stays 8 bytes).
    rank: u16,
}

/// Hasher for keys that are already 64-bit hashes.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashedMap = HashMap<u64, Entry, BuildHasherDefault<PassThrough>>;

/// Word frequencies in lexical form, with each known word's segmentation precomputed.
pub struct Lexicon {
    entries: HashedMap,
    /// The most frequent words again, in a small open-addressing table that stays in
    /// cache: most lookups end here (the top 16,384 words are 85 % of news tokens).
    hot: HotTable,
    /// The most frequent words (the hot ones first) in lexical form with their
    /// segmentations, by rank (the rank [`Lexicon::segment_ranked`] gives is 1 + the index
    /// here).
    hot_words: Vec<(Box<str>, Segmentation)>,
    /// By rank (index 0: none), what the number reader makes of the word.
    hot_roles: Vec<HotRole>,
    /// Tells this lexicon apart from every other one built in the process (never 0), so that
    /// the ranks in a text layer's tokens are read against the lexicon that gave them.
    stamp: u64,
    total: u64,
}

/// Number of most frequent words in the hot table (77 % of news tokens).
const HOT_WORDS: usize = 8_192;

/// Number of most frequent words that get a rank ([`Lexicon::segment_ranked`]); the hot
/// words are the first of them.
const RANKED_WORDS: usize = u16::MAX as usize;

/// A fixed open-addressing table of the most frequent words, 8 bytes a slot so that it
/// stays in the core's cache: the slot comes from the low bits of the word's hash and a
/// 32-bit fingerprint from the high bits identifies it (fingerprint 0 marks an empty
/// slot). Linear probing.
#[derive(Default)]
struct HotTable {
    slots: Vec<HotSlot>,
    mask: usize,
}

#[derive(Clone, Copy, Default)]
struct HotSlot {
    fingerprint: u32,
    seg: Segmentation,
    /// 1 + the word's rank among the hot words (the slot stays 8 bytes).
    rank: u16,
}

fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

impl HotTable {
    fn build(items: &[(u64, Segmentation)]) -> HotTable {
        let size = (items.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![HotSlot::default(); size];
        let mask = size - 1;
        for (rank, &(key, seg)) in items.iter().enumerate() {
            let fp = fingerprint(key);
            let mut i = key as usize & mask;
            while slots[i].fingerprint != 0 && slots[i].fingerprint != fp {
                i = (i + 1) & mask;
            }
            // At most HOT_WORDS (< u16::MAX) items.
            slots[i] = HotSlot { fingerprint: fp, seg, rank: u16::try_from(rank + 1).unwrap_or(0) };
        }
        HotTable { slots, mask }
    }

    #[inline]
    fn get(&self, key: u64) -> Option<HotSlot> {
        if self.slots.is_empty() {
            return None;
        }
        let fp = fingerprint(key);
        let mut i = key as usize & self.mask;
        loop {
            let slot = self.slots[i];
            if slot.fingerprint == fp {
                return Some(slot);
            }
            if slot.fingerprint == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A new lexicon stamp.
fn next_stamp() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

static BUILTIN_BYTES: &[u8] = include_bytes!("../data/lexicon.tsv.zst");
static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| {
    // The shipped file is checked by a test; an unreadable one degrades to no clitics.
    Lexicon::from_tsv_zst(BUILTIN_BYTES).unwrap_or_else(|_| Lexicon::from_counts(std::iter::empty::<(&str, u32)>()))
});

impl Lexicon {
    /// The lexicon shipped with the crate (decoded once, on first use).
    pub fn builtin() -> &'static Lexicon {
        &BUILTIN
    }

    /// Builds a lexicon from `(word, count)` pairs; words are folded to lexical form.
    pub fn from_counts<I, S>(counts: I) -> Lexicon
    where
        I: IntoIterator<Item = (S, u32)>,
        S: AsRef<str>,
    {
        let mut entries = HashedMap::default();
        let mut words = Vec::new();
        let mut total = 0u64;
        for (word, count) in counts {
            let folded = fold_alef_str(word.as_ref());
            if folded.is_empty() || folded.len() > MAX_WORD_BYTES {
                continue;
            }
            total += count as u64;
            let e = entries.entry(xxh3_64(folded.as_bytes())).or_insert(Entry::default());
            e.count = e.count.saturating_add(count);
            words.push(folded);
        }
        let mut lex = Lexicon {
            entries,
            hot: HotTable::default(),
            hot_words: Vec::new(),
            hot_roles: Vec::new(),
            stamp: next_stamp(),
            total,
        };
        let segs: Vec<(u64, Segmentation)> = words
            .iter()
            .map(|w| {
                let key = xxh3_64(w.as_bytes());
                let count = lex.entries.get(&key).map_or(0, |e| e.count);
                (key, lex.best_segmentation(w.as_bytes(), count, None))
            })
            .collect();
        for &(key, seg) in &segs {
            if let Some(e) = lex.entries.get_mut(&key) {
                e.seg = seg;
            }
        }
        let mut by_count: Vec<(u32, u64, Segmentation, usize)> = segs
            .iter()
            .enumerate()
            .map(|(w, &(k, seg))| (lex.entries.get(&k).map_or(0, |e| e.count), k, seg, w))
            .collect();
        by_count.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        by_count.dedup_by_key(|x| x.1);
        let hot: Vec<(u64, Segmentation)> = by_count.iter().take(HOT_WORDS).map(|&(_, k, seg, _)| (k, seg)).collect();
        lex.hot_words =
            by_count.iter().take(RANKED_WORDS).map(|&(_, _, seg, w)| (words[w].as_str().into(), seg)).collect();
        for (rank, &(_, key, _, _)) in by_count.iter().take(RANKED_WORDS).enumerate() {
            if let Some(e) = lex.entries.get_mut(&key) {
                // At most RANKED_WORDS (= u16::MAX) ranks.
                e.rank = u16::try_from(rank + 1).unwrap_or(0);
            }
        }
        lex.hot_roles = std::iter::once(HotRole::UNKNOWN)
            .chain(lex.hot_words.iter().map(|(word, _)| HotRole::of_word(word)))
            .collect();
        lex.hot = HotTable::build(&hot);
        lex
    }

    /// Reads the shipped format: zstd-compressed lines `word<TAB>count`; lines starting
    /// with `#` are comments.
    pub fn from_tsv_zst(bytes: &[u8]) -> Result<Lexicon, TextError> {
        let raw = zstd::stream::decode_all(bytes).map_err(|e| TextError::Lexicon(format!("zstd: {e}")))?;
        let text = String::from_utf8(raw).map_err(|_| TextError::Lexicon("not UTF-8".into()))?;
        Self::from_tsv(&text)
    }

    /// Reads `word<TAB>count` lines.
    pub fn from_tsv(text: &str) -> Result<Lexicon, TextError> {
        let mut pairs = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, count) =
                line.split_once('\t').ok_or_else(|| TextError::Lexicon(format!("line {}: no tab", n + 1)))?;
            let count: u32 =
                count.trim().parse().map_err(|_| TextError::Lexicon(format!("line {}: bad count", n + 1)))?;
            pairs.push((word, count));
        }
        Ok(Self::from_counts(pairs))
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the lexicon holds no word.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Total of all counts.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// How often `word` (any form; folded to lexical form) was seen.
    pub fn count(&self, word: &str) -> u32 {
        let mut buf = [0u8; MAX_WORD_BYTES];
        match fold_alef_into(word.as_bytes(), &mut buf) {
            Some(n) => self.count_lexical(&buf[..n]),
            None => 0,
        }
    }

    fn count_lexical(&self, lexical: &[u8]) -> u32 {
        self.entries.get(&xxh3_64(lexical)).map_or(0, |e| e.count)
    }

    /// The segmentation of an Arabic word in `Form::Clean`.
    pub fn segment(&self, word: &str) -> Segmentation {
        self.segment_ranked(word).0
    }

    /// [`segment`](Self::segment), with the word's rank: 1 + the rank of the word's lexical
    /// form among the lexicon's 65,535 most frequent words (see [`hot_word`](Self::hot_word)),
    /// 0 for none. When the rank is not 0, the segmentation is the ranked word's. The rank
    /// comes with the lookup `segment` makes (in the hot table or the whole lexicon), at no
    /// cost; a word `segment` does not look up (a short word, or one with no clitic letter at
    /// either end: it has no clitics) gets none. (Looking those up in the hot table too made
    /// the text layer 6 % slower for about as much less work in the temporal tagger.)
    #[inline]
    pub fn segment_ranked(&self, word: &str) -> (Segmentation, u16) {
        if !may_have_clitics(word.as_bytes()) {
            return (Segmentation::NONE, 0);
        }
        let mut buf = [0u8; MAX_WORD_BYTES];
        let Some(n) = fold_alef_into(word.as_bytes(), &mut buf) else {
            return (Segmentation::NONE, 0);
        };
        let lexical = &buf[..n];
        let key = xxh3_64(lexical);
        if let Some(slot) = self.hot.get(key)
            && (slot.seg.prefix < 2 || hamza_alef(word.as_bytes()).is_none())
        {
            return (slot.seg, slot.rank);
        }
        match self.entries.get(&key) {
            Some(e) if e.seg.prefix < 2 => (e.seg, e.rank),
            // The stored segmentation was made without the surface's hamzas; redo it
            // when an article was split where the surface has a hamza.
            Some(e) => match hamza_alef(word.as_bytes()) {
                None => (e.seg, e.rank),
                at => (self.best_segmentation(lexical, e.count, at), 0),
            },
            None => {
                let hamza_alef_at = hamza_alef(word.as_bytes());
                let seg = self.best_segmentation(lexical, 0, hamza_alef_at);
                (if seg.is_empty() && hamza_alef_at.is_none() { article_fallback(lexical) } else { seg }, 0)
            }
        }
    }

    /// The word of rank `rank` (1-based, as [`segment_ranked`](Self::segment_ranked)
    /// gives it): its lexical form (alef forms with hamza or madda folded to ا, the same
    /// length in bytes as every surface form it stands for) and its segmentation.
    pub fn hot_word(&self, rank: u16) -> Option<(&str, Segmentation)> {
        let (word, seg) = self.hot_words.get(usize::from(rank).checked_sub(1)?)?;
        Some((word, *seg))
    }

    /// By hot rank (index 0 stands for none), what the number reader makes of the word.
    pub fn hot_roles(&self) -> &[HotRole] {
        &self.hot_roles
    }

    /// Number of ranked words (ranks run from 1 to this).
    pub fn hot_len(&self) -> usize {
        self.hot_words.len()
    }

    /// This lexicon's stamp: different for every lexicon built in the process, never 0.
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    /// Count of a stem's definite form (ال + stem).
    fn definite_count(&self, stem: &[u8]) -> u32 {
        if stem.len() + 4 > MAX_WORD_BYTES {
            return 0;
        }
        let mut buf = [0u8; MAX_WORD_BYTES];
        buf[..4].copy_from_slice("ال".as_bytes());
        buf[4..4 + stem.len()].copy_from_slice(stem);
        self.count_lexical(&buf[..4 + stem.len()])
    }

    /// Count of a stem that had a pronoun suffix, reading a final ت as ة
    /// (حكومته = حكومة + ه).
    fn stem_count_before_suffix(&self, stem: &[u8]) -> u32 {
        let mut count = self.count_lexical(stem);
        if stem.ends_with("ت".as_bytes()) && stem.len() <= MAX_WORD_BYTES {
            let mut buf = [0u8; MAX_WORD_BYTES];
            let n = stem.len();
            buf[..n - 2].copy_from_slice(&stem[..n - 2]);
            buf[n - 2..n].copy_from_slice("ة".as_bytes());
            count = count.max(self.count_lexical(&buf[..n]));
        }
        count
    }

    /// The longest pronoun suffix of `rest` (a word without its proclitics) that leaves
    /// a well-attested stem of at least three letters (or a two-letter
    /// preposition: منه، عنها، فيه); 0 if none.
    fn best_suffix(&self, rest: &[u8]) -> usize {
        let rest_count = self.count_lexical(rest);
        for &(suffix, weight) in SUFFIXES {
            let sb = suffix.as_bytes();
            if !rest.ends_with(sb) || rest.len() < sb.len() + 4 {
                continue;
            }
            let stem_bytes = &rest[..rest.len() - sb.len()];
            if stem_bytes.len() < 2 * MIN_SUFFIXED_STEM_CHARS && !SHORT_STEMS.iter().any(|s| s.as_bytes() == stem_bytes)
            {
                continue;
            }
            let count = self.stem_count_before_suffix(&rest[..rest.len() - sb.len()]);
            if count >= MIN_STEM_COUNT && count as f32 * weight > rest_count as f32 {
                return sb.len() / 2;
            }
        }
        0
    }

    /// The best preposition/article split of `rest` (a word after any conjunction):
    /// the valid candidate with the highest evidence × weight. Returns (characters,
    /// is-article, evidence of the stem).
    ///
    /// Whether a split is possible at all compares the stem with the whole word. Which
    /// split wins compares stems with each other, and a stem after an article is also
    /// vouched for by its definite form, so that بالتالي is ب+ال+تالي rather than
    /// ب+التالي, while للبنان stays ل+لبنان (لبنان is far better attested than بنان).
    fn best_prefix(&self, rest: &[u8], rest_count: u32, hamza_alef_at: Option<usize>) -> Option<(usize, bool, u32)> {
        let mut best: Option<(usize, bool, u32)> = None;
        let mut best_score = 0f32;
        for p in PREFIXES {
            let pb = p.text.as_bytes();
            if !rest.starts_with(pb) || rest.len() < pb.len() + 4 {
                continue;
            }
            if p.article && hamza_alef_at == Some(pb.len() / 2 - 2) {
                continue;
            }
            let stem = &rest[pb.len()..];
            if is_never_split(stem) && !p.article {
                continue;
            }
            let own = self.count_lexical(stem);
            let definite = if p.article { self.definite_count(stem) } else { 0 };
            // After لل (ل + ال, alef elided) the stem never stands alone: its definite
            // form is its evidence even for validity.
            let mut evidence = if p.text == "لل" { own.saturating_add(definite) } else { own };
            if evidence < MIN_STEM_COUNT && !p.article {
                // An unseen inflection of a known word: لبلادهم when only بلاد is known.
                let s = self.best_suffix(stem);
                if s > 0 {
                    evidence = self.stem_count_before_suffix(&stem[..stem.len() - 2 * s]);
                }
            }
            if evidence < MIN_STEM_COUNT || evidence as f32 * p.weight <= rest_count as f32 {
                continue;
            }
            let score = evidence.max(own.saturating_add(definite)) as f32 * p.prior;
            if score > best_score {
                best_score = score;
                best = Some((pb.len() / 2, p.article, evidence));
            }
        }
        best
    }

    /// Segments a lexical-form word in layers: a conjunction (و ف) when what follows is
    /// attested, then the best preposition or article, then (without an article) the
    /// longest pronoun suffix. `hamza_alef_at` marks a surface hamza on an alef at that
    /// character, where no article can be (ألمانيا is not ال + مانيا).
    fn best_segmentation(&self, word: &[u8], word_count: u32, hamza_alef_at: Option<usize>) -> Segmentation {
        // Only words made entirely of two-byte characters are segmented, so that
        // character counts convert to byte counts by doubling.
        if word.len() < 6 || !word.len().is_multiple_of(2) || !word.chunks(2).all(|c| (0xD8..=0xDB).contains(&c[0])) {
            return Segmentation::NONE;
        }
        if is_never_split(word) {
            return Segmentation::NONE;
        }
        let mut conj = 0usize;
        if CONJUNCTION_VERBS.iter().any(|v| v.as_bytes() == word) {
            return Segmentation { prefix: 1, suffix: 0 };
        }
        for &(c, weight) in CONJUNCTIONS {
            let cb = c.as_bytes();
            if !word.starts_with(cb) || word.len() < cb.len() + 4 {
                continue;
            }
            let rest = &word[cb.len()..];
            let rest_count = self.count_lexical(rest);
            let mut evidence = rest_count;
            if evidence < MIN_STEM_COUNT {
                // What follows may be unseen as a whole but clearly made of known parts.
                let inner = self.best_prefix(rest, 0, hamza_alef_at.and_then(|h| h.checked_sub(1)));
                evidence = inner.map_or(0, |(_, _, e)| e);
                if evidence < MIN_STEM_COUNT {
                    let s = self.best_suffix(rest);
                    if s > 0 {
                        evidence = self.stem_count_before_suffix(&rest[..rest.len() - 2 * s]);
                    }
                }
            }
            if evidence >= MIN_STEM_COUNT && evidence as f32 * weight > word_count as f32 {
                conj = cb.len() / 2;
            }
        }
        let rest = &word[2 * conj..];
        let rest_count = if conj > 0 { self.count_lexical(rest) } else { word_count };
        let (prep, article) = if is_never_split(rest) {
            (0, false)
        } else {
            let hamza = hamza_alef_at.and_then(|h| h.checked_sub(conj));
            self.best_prefix(rest, rest_count, hamza).map_or((0, false), |(n, a, _)| (n, a))
        };
        let prefix = conj + prep;
        let suffix = if article { 0 } else { self.best_suffix(&word[2 * prefix..]) };
        Segmentation { prefix: prefix as u8, suffix: suffix as u8 }
    }
}

/// For a word the lexicon has never seen: an article prefix before at least three more
/// letters is taken as an article (new names and terms arrive with ال).
fn article_fallback(word: &[u8]) -> Segmentation {
    if !word.len().is_multiple_of(2) || is_never_split(word) {
        return Segmentation::NONE;
    }
    let conj = CONJUNCTIONS.iter().find(|(c, _)| word.starts_with(c.as_bytes())).map_or(0, |(c, _)| c.len());
    let rest = &word[conj..];
    let article = PREFIXES
        .iter()
        .filter(|p| p.article)
        .find(|p| rest.starts_with(p.text.as_bytes()) && rest.len() >= p.text.len() + 6);
    match article {
        Some(p) => Segmentation { prefix: ((conj + p.text.len()) / 2) as u8, suffix: 0 },
        // A word never seen in millions of tokens that starts with و is far more often
        // و + a new name than a new word beginning with و.
        None if word.starts_with("و".as_bytes()) && word.len() >= 10 && !rest.starts_with("و".as_bytes()) => {
            Segmentation { prefix: 1, suffix: 0 }
        }
        None => Segmentation::NONE,
    }
}

/// Cheap test on the first and last letters: could this word carry a proclitic
/// (و ف ب ك ل, or ا of the article) or an enclitic (ه ا م ن ك ي)? Most words cannot,
/// and skip the lookup. Words under three letters never split.
#[inline]
fn may_have_clitics(word: &[u8]) -> bool {
    let n = word.len();
    if n < 6 {
        return false;
    }
    let first = (word[0], word[1]);
    let last = (word[n - 2], word[n - 1]);
    matches!(first, (0xD9, 0x88 | 0x81 | 0x83 | 0x84) | (0xD8, 0xA8 | 0xA7))
        || matches!(last, (0xD9, 0x87 | 0x85 | 0x86 | 0x83 | 0x8A) | (0xD8, 0xA7))
}

/// The character index of the first alef carrying a hamza or madda (أ إ آ) among the
/// first five characters of a `Form::Clean` word: the places where an article could be.
fn hamza_alef(word: &[u8]) -> Option<usize> {
    word.chunks(2).take(5).position(|c| c.len() == 2 && c[0] == 0xD8 && matches!(c[1], 0xA2 | 0xA3 | 0xA5))
}

fn is_never_split(word: &[u8]) -> bool {
    NEVER_SPLIT.iter().any(|w| w.as_bytes() == word)
}

/// Folds alef-hamza forms (أ إ آ ٱ ٲ ٳ) to bare alef, byte-wise, into `out`.
/// Returns `None` when the word does not fit.
fn fold_alef_into(word: &[u8], out: &mut [u8; MAX_WORD_BYTES]) -> Option<usize> {
    if word.len() > MAX_WORD_BYTES {
        return None;
    }
    out[..word.len()].copy_from_slice(word);
    let mut i = 0;
    while i + 1 < word.len() {
        match (word[i], word[i + 1]) {
            (0xD8, 0xA2 | 0xA3 | 0xA5) | (0xD9, 0xB1..=0xB3) => {
                out[i] = 0xD8;
                out[i + 1] = 0xA7;
                i += 2;
            }
            (b, _) if b < 0x80 => i += 1,
            (b, _) if b < 0xE0 => i += 2,
            (b, _) if b < 0xF0 => i += 3,
            _ => i += 4,
        }
    }
    Some(word.len())
}

/// The lexical form of a `Form::Clean` word: alef-hamza forms folded to bare alef.
pub fn fold_alef_str(word: &str) -> String {
    word.chars().map(|c| if matches!(c, 'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ') { 'ا' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Lexicon {
        Lexicon::from_counts([
            ("موسكو", 900),
            ("وموسكو", 60),
            ("وزارة", 5000),
            ("زارة", 0),
            ("رئيس", 4000),
            ("الرئيس", 9000),
            ("بلاد", 700),
            ("بلاده", 300),
            ("حكومة", 2000),
            ("حكومته", 100),
            ("قال", 3000),
            ("وقال", 5000),
            ("بوتين", 1500),
            ("لبنان", 2000),
            ("بنان", 6),
        ])
    }

    fn seg(lex: &Lexicon, w: &str) -> (u8, u8) {
        let s = lex.segment(w);
        (s.prefix, s.suffix)
    }

    #[test]
    fn splits_real_clitics() {
        let lex = tiny();
        assert_eq!(seg(&lex, "وموسكو"), (1, 0));
        assert_eq!(seg(&lex, "الرئيس"), (2, 0));
        assert_eq!(seg(&lex, "بلاده"), (0, 1));
        assert_eq!(seg(&lex, "حكومته"), (0, 1));
        assert_eq!(seg(&lex, "وقال"), (1, 0));
    }

    #[test]
    fn keeps_words_that_merely_start_with_clitic_letters() {
        let lex = tiny();
        assert_eq!(seg(&lex, "وزارة"), (0, 0));
        assert_eq!(seg(&lex, "بوتين"), (0, 0));
        assert_eq!(seg(&lex, "لبنان"), (0, 0));
        assert_eq!(seg(&lex, "الله"), (0, 0));
    }

    #[test]
    fn unknown_words_with_known_stems_and_articles() {
        let lex = tiny();
        // Unknown whole word, known stem.
        assert_eq!(seg(&lex, "وبلاده"), (1, 1));
        // Unknown word and stem: the article is split off, and a leading و.
        assert_eq!(seg(&lex, "والكاراباخي"), (3, 0));
        assert_eq!(seg(&lex, "وكاراباخ"), (1, 0));
        assert_eq!(seg(&lex, "ووهان"), (0, 0));
        assert_eq!(seg(&lex, "كاراباخ"), (0, 0));
    }

    #[test]
    fn hamza_forms_are_folded_for_lookup() {
        let lex = Lexicon::from_counts([("أرمينيا", 100)]);
        assert_eq!(lex.count("ارمينيا"), 100);
        assert_eq!(lex.count("إرمينيا"), 100);
        assert_eq!(seg(&lex, "وأرمينيا"), (1, 0));
    }

    #[test]
    fn proclitic_parts() {
        let s = Segmentation { prefix: 4, suffix: 0 };
        assert_eq!(s.proclitics("وبالرئيس"), vec!["و", "ب", "ال"]);
        let s = Segmentation { prefix: 2, suffix: 0 };
        assert_eq!(s.proclitics("للرئيس"), vec!["ل", "ال"]);
        let s = Segmentation { prefix: 0, suffix: 2 };
        assert_eq!(s.enclitic("مكتبها"), Some("ها"));
    }
}
