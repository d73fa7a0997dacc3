//! Incremental, time-aware clustering of documents into events and sagas.
//!
//! Each arriving document becomes a TF-IDF vector (light-stem terms and canonical entity ids,
//! IDF from the documents seen so far) and joins the most similar *event* whose days lie
//! within [`StoryConfig::event_window`] of its own, if the cosine with that event's centroid
//! reaches [`StoryConfig::event_threshold`]; otherwise it founds a new event. An event's
//! first document also chooses its *saga* the same way, with a lower threshold and a longer
//! gap ([`StoryConfig::saga_gap`]): two reports about one place three years apart land in
//! different sagas because no saga stays open that long without news. Later documents of an
//! event join its saga. Candidates come from an inverted index keyed by (term, time bucket),
//! so each document costs about the same however large the corpus grows.
//!
//! Invariants: every document belongs to exactly one event and every event to exactly one
//! saga; a story's id is derived from its founding document's id, so it never changes as
//! documents arrive; the state serialises (with the inverted index rebuilt on load), so an
//! update after a restart continues exactly where the last one stopped.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::features::{DocFeatures, Weighted};

/// Days since 1970-01-01.
pub type Day = i32;

/// The day of an ISO date (`YYYY-MM-DD`, anything after is ignored).
pub fn parse_day(value: &str) -> Option<Day> {
    let date: jiff::civil::Date = value.get(..10)?.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    Some(date.since((jiff::Unit::Day, epoch)).ok()?.get_days())
}

/// The ISO date of a day.
pub fn format_day(day: Day) -> String {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(day as i64))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// The knobs of the clusterer. The defaults were chosen on our labelled ANT set
/// (`marsad eval stories`); see ARCHITECTURE.md.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryConfig {
    /// Cosine with an event's centroid from which a document joins it.
    pub event_threshold: f32,
    /// Days before an event's first day or after its last in which a document may join it.
    pub event_window: i32,
    /// Cosine with a saga's centroid from which a new event joins it.
    pub saga_threshold: f32,
    /// Days without news after which a saga is closed to new events.
    pub saga_gap: i32,
    /// Weight of a canonical entity against a term of the same TF-IDF, in event vectors.
    pub entity_weight: f32,
    /// The same in saga vectors: an episode is held together by who and where more than by
    /// the words of each day's news.
    pub saga_entity_weight: f32,
    /// Terms kept per document vector.
    pub doc_terms: usize,
    /// Terms kept per centroid.
    pub centroid_terms: usize,
    /// A document's strongest terms that are looked up in the index.
    pub probe_terms: usize,
    /// A centroid's strongest terms that are entered in the index.
    pub index_terms: usize,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            event_threshold: 0.26,
            event_window: 2,
            saga_threshold: 0.14,
            saga_gap: 30,
            entity_weight: 1.0,
            saga_entity_weight: 3.0,
            doc_terms: 40,
            centroid_terms: 96,
            probe_terms: 12,
            index_terms: 16,
        }
    }
}

/// Corpus size below which IDF is computed as if this many documents had been seen, so the
/// first documents do not all look alike.
const MIN_CORPUS: f32 = 500.0;

/// Which of the two levels a cluster is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Event,
    Saga,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Event => "event",
            Level::Saga => "saga",
        }
    }
}

/// One event or saga.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cluster {
    /// The id of the document that founded it.
    pub founder: String,
    pub start: Option<Day>,
    pub end: Option<Day>,
    /// Indexes into [`StoryIndex::docs`], in arrival order.
    pub docs: Vec<u32>,
    /// For an event, its saga (an index into the sagas); for a saga, none.
    pub parent: Option<u32>,
    /// For a saga, its events; for an event, none.
    pub children: Vec<u32>,
    /// Sum of its documents' vectors, pruned to the strongest terms; sorted by hash.
    centroid: Vec<Weighted>,
    norm: f32,
    /// (term, bucket) keys under which it is in the inverted index.
    #[serde(skip)]
    indexed: Vec<u64>,
}

impl Cluster {
    /// The stable id of the story: its level and a hash of its founding document.
    pub fn id(&self, level: Level) -> String {
        let h = xxh3_64_with_seed(self.founder.as_bytes(), 0x5354_4f52);
        match level {
            Level::Event => format!("ev-{h:016x}"),
            Level::Saga => format!("sg-{h:016x}"),
        }
    }

    /// Cosine of a unit document vector with the centroid.
    fn similarity(&self, doc: &[Weighted]) -> f32 {
        if self.norm == 0.0 { 0.0 } else { dot(doc, &self.centroid) / self.norm }
    }

    /// The centroid's strongest terms, strongest first.
    pub fn top_terms(&self, n: usize) -> Vec<u64> {
        strongest(&self.centroid, n).into_iter().map(|(h, _)| h).collect()
    }

    pub fn centroid(&self) -> &[Weighted] {
        &self.centroid
    }
}

/// A document as the index keeps it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DocEntry {
    pub id: String,
    pub day: Option<Day>,
    /// Index of its event.
    pub event: u32,
}

/// Where a document went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub event: u32,
    pub saga: u32,
    pub new_event: bool,
    pub new_saga: bool,
    /// Cosine with the event it joined (1 for a founder).
    pub similarity: f32,
}

/// Inverted index: (term, time bucket) → clusters.
#[derive(Clone, Debug, Default)]
struct Postings(HashMap<u64, Vec<u32>>);

/// Bucket of undated documents and clusters: they only meet each other.
const UNDATED: i64 = i64::MIN;

fn posting_key(term: u64, bucket: i64) -> u64 {
    xxh3_64_with_seed(&term.to_le_bytes(), bucket as u64)
}

/// The corpus-level story state: document frequencies, events, sagas and their index.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoryIndex {
    pub config: StoryConfig,
    /// Documents seen (for IDF).
    seen: u64,
    df: HashMap<u64, u32>,
    pub docs: Vec<DocEntry>,
    pub events: Vec<Cluster>,
    pub sagas: Vec<Cluster>,
    #[serde(skip)]
    event_postings: Postings,
    #[serde(skip)]
    saga_postings: Postings,
    #[serde(skip)]
    by_id: HashMap<String, u32>,
}

impl Default for StoryIndex {
    fn default() -> Self {
        StoryIndex::new(StoryConfig::default())
    }
}

impl StoryIndex {
    pub fn new(config: StoryConfig) -> StoryIndex {
        StoryIndex {
            config,
            seen: 0,
            df: HashMap::new(),
            docs: Vec::new(),
            events: Vec::new(),
            sagas: Vec::new(),
            event_postings: Postings::default(),
            saga_postings: Postings::default(),
            by_id: HashMap::new(),
        }
    }

    /// Rebuilds what is not serialised (the inverted indexes, the id map) after loading.
    pub fn restore(mut self) -> StoryIndex {
        self.by_id = self.docs.iter().enumerate().map(|(i, d)| (d.id.clone(), i as u32)).collect();
        for level in [Level::Event, Level::Saga] {
            for i in 0..self.clusters(level).len() {
                self.clusters_mut(level)[i].indexed.clear();
                self.reindex(level, i as u32);
            }
        }
        self
    }

    pub fn contains(&self, doc_id: &str) -> bool {
        self.by_id.contains_key(doc_id)
    }

    /// The event of a document.
    pub fn event_of(&self, doc_id: &str) -> Option<u32> {
        self.by_id.get(doc_id).map(|&i| self.docs[i as usize].event)
    }

    pub fn clusters(&self, level: Level) -> &[Cluster] {
        match level {
            Level::Event => &self.events,
            Level::Saga => &self.sagas,
        }
    }

    fn clusters_mut(&mut self, level: Level) -> &mut Vec<Cluster> {
        match level {
            Level::Event => &mut self.events,
            Level::Saga => &mut self.sagas,
        }
    }

    fn window(&self, level: Level) -> i32 {
        match level {
            Level::Event => self.config.event_window,
            Level::Saga => self.config.saga_gap,
        }
    }

    /// Bucket width in days: at least the window, so a document looks in one bucket.
    fn bucket_days(&self, level: Level) -> i64 {
        (2 * self.window(level) as i64 + 1).max(7)
    }

    /// Counts a document into the document frequencies.
    fn count(&mut self, features: &DocFeatures) {
        self.seen += 1;
        for &(h, _) in features.terms.iter().chain(&features.entities) {
            *self.df.entry(h).or_insert(0) += 1;
        }
    }

    /// The unit TF-IDF vector of a document under the current frequencies, as events see it.
    pub fn weigh(&self, features: &DocFeatures) -> Vec<Weighted> {
        self.weigh_with(features, self.config.entity_weight)
    }

    /// The same with the given weight of entities.
    fn weigh_with(&self, features: &DocFeatures, entity_weight: f32) -> Vec<Weighted> {
        let n = (self.seen as f32).max(MIN_CORPUS);
        let idf = |h: u64| {
            let df = self.df.get(&h).copied().unwrap_or(1) as f32;
            ((n + 1.0) / (df + 0.5)).ln().max(0.0)
        };
        let mut v: Vec<Weighted> = features
            .terms
            .iter()
            .map(|&(h, tf)| (h, (1.0 + tf.ln().max(0.0)) * idf(h)))
            .chain(features.entities.iter().map(|&(h, tf)| (h, (1.0 + tf.ln()) * idf(h) * entity_weight)))
            .filter(|&(_, w)| w > 0.0)
            .collect();
        v = strongest(&v, self.config.doc_terms);
        v.sort_unstable_by_key(|&(h, _)| h);
        normalize(&mut v);
        v
    }

    /// Places a new document; a document already placed keeps its place.
    pub fn add(&mut self, id: &str, day: Option<Day>, features: &DocFeatures) -> Placement {
        if let Some(&i) = self.by_id.get(id) {
            let event = self.docs[i as usize].event;
            let saga = self.events[event as usize].parent.unwrap_or(0);
            return Placement { event, saga, new_event: false, new_saga: false, similarity: 1.0 };
        }
        self.count(features);
        let vector = self.weigh(features);
        let saga_vector = self.weigh_with(features, self.config.saga_entity_weight);
        let doc_index = self.docs.len() as u32;
        let (event, similarity) = match self.best(Level::Event, day, &vector, self.config.event_threshold) {
            Some(found) => found,
            None => (self.found(Level::Event, id), 1.0),
        };
        let new_event = self.events[event as usize].docs.is_empty();
        let (saga, new_saga) = match self.events[event as usize].parent {
            Some(saga) => (saga, false),
            None => {
                let saga = match self.best(Level::Saga, day, &saga_vector, self.config.saga_threshold) {
                    Some((saga, _)) => saga,
                    None => self.found(Level::Saga, id),
                };
                self.events[event as usize].parent = Some(saga);
                self.sagas[saga as usize].children.push(event);
                (saga, self.sagas[saga as usize].docs.is_empty())
            }
        };
        self.join(Level::Event, event, doc_index, day, &vector);
        self.join(Level::Saga, saga, doc_index, day, &saga_vector);
        self.docs.push(DocEntry { id: id.to_string(), day, event });
        self.by_id.insert(id.to_string(), doc_index);
        Placement { event, saga, new_event, new_saga, similarity }
    }

    fn found(&mut self, level: Level, founder: &str) -> u32 {
        let clusters = self.clusters_mut(level);
        clusters.push(Cluster {
            founder: founder.to_string(),
            start: None,
            end: None,
            docs: Vec::new(),
            parent: None,
            children: Vec::new(),
            centroid: Vec::new(),
            norm: 0.0,
            indexed: Vec::new(),
        });
        (clusters.len() - 1) as u32
    }

    /// The most similar open cluster of a level, if it reaches the threshold.
    fn best(&self, level: Level, day: Option<Day>, vector: &[Weighted], threshold: f32) -> Option<(u32, f32)> {
        let window = self.window(level);
        let bucket = match day {
            Some(d) => (d as i64).div_euclid(self.bucket_days(level)),
            None => UNDATED,
        };
        let postings = match level {
            Level::Event => &self.event_postings,
            Level::Saga => &self.saga_postings,
        };
        let clusters = self.clusters(level);
        let mut seen: Vec<u32> = Vec::new();
        let mut best: Option<(u32, f32)> = None;
        for (term, _) in strongest(vector, self.config.probe_terms) {
            let Some(list) = postings.0.get(&posting_key(term, bucket)) else { continue };
            for &c in list {
                if seen.contains(&c) {
                    continue;
                }
                seen.push(c);
                let cluster = &clusters[c as usize];
                let open = match (day, cluster.start, cluster.end) {
                    (Some(d), Some(s), Some(e)) => d >= s - window && d <= e + window,
                    (None, None, None) => true,
                    _ => false,
                };
                if !open {
                    continue;
                }
                let sim = cluster.similarity(vector);
                if sim >= threshold && best.is_none_or(|(_, b)| sim > b) {
                    best = Some((c, sim));
                }
            }
        }
        best
    }

    fn join(&mut self, level: Level, c: u32, doc_index: u32, day: Option<Day>, vector: &[Weighted]) {
        let limit = self.config.centroid_terms;
        let cluster = &mut self.clusters_mut(level)[c as usize];
        cluster.docs.push(doc_index);
        if let Some(d) = day {
            cluster.start = Some(cluster.start.map_or(d, |s| s.min(d)));
            cluster.end = Some(cluster.end.map_or(d, |e| e.max(d)));
        }
        let mut merged = add(&cluster.centroid, vector);
        if merged.len() > limit {
            merged = strongest(&merged, limit);
            merged.sort_unstable_by_key(|&(h, _)| h);
        }
        cluster.norm = merged.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        cluster.centroid = merged;
        self.reindex(level, c);
    }

    /// Enters a cluster's strongest terms under every bucket its open window touches.
    fn reindex(&mut self, level: Level, c: u32) {
        let window = self.window(level) as i64;
        let width = self.bucket_days(level);
        let n = self.config.index_terms;
        let cluster = &self.clusters(level)[c as usize];
        let buckets: Vec<i64> = match (cluster.start, cluster.end) {
            (Some(s), Some(e)) => {
                ((s as i64 - window).div_euclid(width)..=(e as i64 + window).div_euclid(width)).collect()
            }
            _ => vec![UNDATED],
        };
        let keys: Vec<u64> = cluster
            .top_terms(n)
            .into_iter()
            .flat_map(|t| buckets.iter().map(move |&b| posting_key(t, b)))
            .filter(|k| !cluster.indexed.contains(k))
            .collect();
        let postings = match level {
            Level::Event => &mut self.event_postings,
            Level::Saga => &mut self.saga_postings,
        };
        for &k in &keys {
            postings.0.entry(k).or_default().push(c);
        }
        let cluster = &mut self.clusters_mut(level)[c as usize];
        cluster.indexed.extend(keys);
    }
}

/// Dot product of two vectors sorted by hash.
pub fn dot(a: &[Weighted], b: &[Weighted]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Sum of two vectors sorted by hash.
fn add(a: &[Weighted], b: &[Weighted]) -> Vec<Weighted> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i == a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

/// The `n` heaviest entries, heaviest first (ties by hash, for determinism).
pub fn strongest(v: &[Weighted], n: usize) -> Vec<Weighted> {
    let mut out = v.to_vec();
    out.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(n);
    out
}

/// A vector as bytes: (u64 hash, f32 weight) little-endian pairs, 12 bytes each.
pub fn encode_vector(v: &[Weighted]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() * 12);
    for &(h, w) in v {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&w.to_le_bytes());
    }
    out
}

/// The vector [`encode_vector`] wrote; a trailing partial pair is ignored.
pub fn decode_vector(bytes: &[u8]) -> Vec<Weighted> {
    bytes
        .chunks_exact(12)
        .map(|c| {
            let (h, w) = c.split_at(8);
            (u64::from_le_bytes(h.try_into().unwrap_or_default()), f32::from_le_bytes(w.try_into().unwrap_or_default()))
        })
        .collect()
}

/// Scales a vector to unit length.
pub fn normalize(v: &mut [Weighted]) {
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in v.iter_mut() {
            e.1 /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::doc_features;
    use marsad_text::TextLayer;

    fn features(title: &str, body: &str, entities: &[&str]) -> DocFeatures {
        doc_features(&TextLayer::new(title), &TextLayer::new(body), entities.iter().copied())
    }

    fn ceasefire() -> DocFeatures {
        features(
            "أرمينيا وأذربيجان تتفقان على هدنة إنسانية في قره باغ",
            "اتفقت أرمينيا وأذربيجان على وقف إطلاق النار في إقليم قره باغ بعد محادثات في موسكو استمرت عشر ساعات.",
            &["loc:armenia", "loc:azerbaijan", "loc:nagorno-karabakh", "loc:moscow"],
        )
    }

    fn ceasefire_other_outlet() -> DocFeatures {
        features(
            "هدنة في ناغورني كاراباخ بوساطة روسية",
            "أعلن وزير الخارجية الروسي أن أرمينيا وأذربيجان اتفقتا في موسكو على وقف لإطلاق النار في الإقليم.",
            &["loc:armenia", "loc:azerbaijan", "loc:nagorno-karabakh", "loc:moscow", "per:sergey-lavrov"],
        )
    }

    fn football() -> DocFeatures {
        features(
            "الهلال يفوز على النصر في الدوري السعودي",
            "حقق فريق الهلال فوزا كبيرا على النصر بثلاثة أهداف مقابل هدف في مباراة الدوري السعودي للمحترفين.",
            &["org:al-hilal", "org:al-nassr"],
        )
    }

    #[test]
    fn vectors_round_trip_through_bytes() {
        let v = vec![(1u64, 0.5f32), (u64::MAX, -2.25)];
        assert_eq!(decode_vector(&encode_vector(&v)), v);
        assert_eq!(decode_vector(&[1, 2, 3]), vec![]);
    }

    #[test]
    fn days_round_trip() {
        assert_eq!(parse_day("1970-01-02"), Some(1));
        assert_eq!(format_day(parse_day("2020-10-10T12:00:00+03:00").unwrap()), "2020-10-10");
        assert_eq!(parse_day("not a day"), None);
    }

    #[test]
    fn same_news_joins_one_event_and_other_news_founds_another() {
        let mut index = StoryIndex::default();
        let day = parse_day("2020-10-10");
        let a = index.add("a", day, &ceasefire());
        let b = index.add("b", day.map(|d| d + 1), &ceasefire_other_outlet());
        let c = index.add("c", day, &football());
        assert!(a.new_event && a.new_saga);
        assert_eq!(b.event, a.event, "similarity {}", b.similarity);
        assert!(!b.new_event);
        assert_ne!(c.event, a.event);
        assert_ne!(c.saga, a.saga);
        assert_eq!(index.events[a.event as usize].docs.len(), 2);
    }

    #[test]
    fn the_same_news_years_later_is_another_saga() {
        let mut index = StoryIndex::default();
        let a = index.add("a", parse_day("2020-10-10"), &ceasefire());
        let b = index.add("b", parse_day("2023-09-20"), &ceasefire_other_outlet());
        assert_ne!(a.event, b.event);
        assert_ne!(a.saga, b.saga);
    }

    #[test]
    fn adding_a_document_twice_changes_nothing() {
        let mut index = StoryIndex::default();
        let a = index.add("a", parse_day("2020-10-10"), &ceasefire());
        let again = index.add("a", parse_day("2020-10-10"), &ceasefire());
        assert_eq!(a.event, again.event);
        assert_eq!(index.docs.len(), 1);
    }

    #[test]
    fn a_restored_index_places_documents_as_the_original() {
        let mut index = StoryIndex::default();
        index.add("a", parse_day("2020-10-10"), &ceasefire());
        index.add("c", parse_day("2020-10-10"), &football());
        let json = serde_json::to_string(&index).unwrap();
        let mut restored: StoryIndex = serde_json::from_str::<StoryIndex>(&json).unwrap().restore();
        let b1 = index.add("b", parse_day("2020-10-11"), &ceasefire_other_outlet());
        let b2 = restored.add("b", parse_day("2020-10-11"), &ceasefire_other_outlet());
        assert_eq!(b1, b2);
        assert!(restored.contains("a"));
    }

    #[test]
    fn ids_are_stable_and_level_tagged() {
        let mut index = StoryIndex::default();
        let a = index.add("doc-1", parse_day("2020-10-10"), &ceasefire());
        let id = index.events[a.event as usize].id(Level::Event);
        assert!(id.starts_with("ev-") && id.len() == 19);
        let mut other = StoryIndex::default();
        let again = other.add("doc-1", parse_day("2021-01-01"), &football());
        assert_eq!(other.events[again.event as usize].id(Level::Event), id);
        assert!(index.sagas[a.saga as usize].id(Level::Saga).starts_with("sg-"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::features::{DocFeatures, entity_hash, term_hash};
    use proptest::prelude::*;

    const WORDS: &[&str] = &["هدن", "قصف", "موسكو", "انتخاب", "سفار", "غزه", "دوري", "نفط", "زلزال", "قمه"];

    fn doc() -> impl Strategy<Value = (Option<i32>, DocFeatures)> {
        let day = prop_oneof![Just(None), (18_000i32..18_060).prop_map(Some)];
        let terms = proptest::collection::vec((0..WORDS.len(), 1u8..4), 1..6);
        let entities = proptest::collection::vec(0u8..4, 0..3);
        (day, terms, entities).prop_map(|(day, terms, entities)| {
            let terms = terms.into_iter().map(|(w, n)| (term_hash(WORDS[w]), n as f32)).collect();
            let entities = entities.into_iter().map(|e| (entity_hash(&format!("loc:{e}")), 1.0)).collect();
            let f = DocFeatures {
                terms: crate::features::merge_weights(terms),
                entities: crate::features::merge_weights(entities),
            };
            (day, f)
        })
    }

    proptest! {
        #[test]
        fn events_partition_documents_and_sagas_hold_their_events(docs in proptest::collection::vec(doc(), 1..60)) {
            let mut index = StoryIndex::default();
            for (i, (day, f)) in docs.iter().enumerate() {
                index.add(&format!("d{i}"), *day, f);
            }
            let mut seen = vec![0u32; index.docs.len()];
            for (e, event) in index.events.iter().enumerate() {
                prop_assert!(!event.docs.is_empty());
                let saga = &index.sagas[event.parent.unwrap() as usize];
                prop_assert!(saga.children.contains(&(e as u32)));
                for &d in &event.docs {
                    seen[d as usize] += 1;
                    prop_assert_eq!(index.docs[d as usize].event, e as u32);
                    prop_assert!(saga.docs.contains(&d));
                    if let (Some(day), Some(s), Some(end)) = (index.docs[d as usize].day, event.start, event.end) {
                        prop_assert!(s <= day && day <= end);
                    }
                }
            }
            prop_assert!(seen.iter().all(|&n| n == 1));
            let saga_docs: usize = index.sagas.iter().map(|s| s.docs.len()).sum();
            prop_assert_eq!(saga_docs, index.docs.len());
        }
    }
}
