//! Full-text search for marsad: a tantivy index fed with marsad's own Arabic analysis.
//!
//! - [`analyzer`]: each word gives its clitic-free stem in `Form::Key` spelling and a
//!   light stem, so spelling variants (قرة/قره، أ/ا/إ/آ، ى/ي، diacritics, tatweel,
//!   Persian letters) and attached clitics (وموسكو، لموسكو) all meet. Documents are
//!   analysed here and handed to tantivy pre-tokenised; tantivy's own Arabic stemmer is
//!   not used.
//! - [`query`]: the query language (words, phrases, AND/OR/NOT, `+`/`-`).
//! - Entity expansion ([`Index::search`]): words of the query that name an entity the
//!   documents know (the gazetteer's aliases by name key, or a name the linker gave an id
//!   to) also match the documents that mention that entity, however they spell it.
//! - [`snippet`]: highlighted passages with offsets into the original text.
//!
//! An [`Index`] lives in one folder. Commits carry a payload with the format version and
//! the highest store `rowid` indexed, so that the caller can tell an index that is behind
//! its store (a crash between the store's commit and the index's) and catch up.

pub mod analyzer;
pub mod query;
pub mod snippet;

mod collect;
mod expand;

use std::collections::HashSet;
use std::ops::{Bound, Range};
use std::path::{Path, PathBuf};

use marsad_core::EntityMention;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query as TQuery, RangeQuery,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TantivyDocument,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::{DocAddress, ReloadPolicy, Searcher, Term};

pub use analyzer::{IndexTokenizer, Term as AnalyzedTerm, analyze};
pub use collect::{FacetCount, Facets};
pub use expand::Expansion;
pub use snippet::Snippet;

/// Version of what the index holds and how; an index of another version is rebuilt.
pub const INDEX_FORMAT: u32 = 2;

/// Weight of a light-stem match against a stem match.
const LIGHT_BOOST: f32 = 0.3;
/// Weight of a match through an entity id (a spelling the query did not use).
const ENTITY_BOOST: f32 = 0.6;
/// Recency boost: a document of the newest day scores up to twice as much; the boost
/// halves every this many days.
const RECENCY_HALF_LIFE_DAYS: f32 = 30.0;

/// Errors of the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index {path}: {source}")]
    Tantivy { path: PathBuf, source: tantivy::TantivyError },
    #[error("search index: {0}")]
    Search(#[from] tantivy::TantivyError),
    #[error("search index {path}: {message}")]
    Io { path: PathBuf, message: String },
    /// The folder holds an index of another format (or not marsad's): rebuild it.
    #[error("search index {path} has another format ({found}); it must be rebuilt")]
    Format { path: PathBuf, found: String },
    /// Another process is writing the index.
    #[error("search index {path} is being written by another process")]
    Locked { path: PathBuf },
    #[error("query: {0}")]
    Query(String),
}

pub type Result<T> = std::result::Result<T, IndexError>;

/// One document to index (borrowed from the store or the pipeline).
#[derive(Clone, Copy, Debug)]
pub struct IndexDoc<'a> {
    /// The store's row id (ingest order); the index records the highest it has.
    pub rowid: u64,
    pub id: &'a str,
    pub title: Option<&'a str>,
    /// The original decoded text; every offset counts its code points.
    pub text: &'a str,
    /// Byte ranges of `text` that make the body (furniture left out).
    pub body: &'a [Range<usize>],
    /// `YYYY-MM-DD`.
    pub published: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub entities: &'a [EntityMention],
}

/// What a committed index holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Status {
    pub format: u32,
    /// Highest store row id indexed (0: none).
    pub last_rowid: u64,
    /// Documents in the index.
    #[serde(skip_deserializing)]
    pub documents: u64,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    rowid: Field,
    title: Field,
    text: Field,
    body: Field,
    terms: Field,
    light: Field,
    entity: Field,
    spans: Field,
    outlet: Field,
    published: Field,
    day: Field,
    month: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let positions = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(IndexTokenizer::STEM_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let freqs = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(IndexTokenizer::LIGHT_NAME)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        rowid: b.add_u64_field("rowid", NumericOptions::default().set_indexed().set_stored().set_fast()),
        title: b.add_text_field("title", STORED),
        text: b.add_text_field("text", STORED),
        body: b.add_text_field("body", STORED),
        terms: b.add_text_field("terms", positions),
        light: b.add_text_field("light", freqs),
        entity: b.add_text_field("entity", STRING | FAST),
        spans: b.add_text_field("spans", STORED),
        outlet: b.add_text_field("outlet", STRING | STORED | FAST),
        published: b.add_text_field("published", STORED),
        day: b.add_i64_field("day", INDEXED | FAST),
        month: b.add_text_field("month", STRING | FAST),
    };
    (b.build(), fields)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || date.get(4..5) != Some("-") {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A search: the query text and its filters.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Query {
    /// The query (see [`query`]); empty matches every document (browsing by filters).
    pub text: String,
    /// Only documents that mention every one of these canonical entity ids.
    pub entities: Vec<String>,
    /// Only documents of one of these outlets.
    pub outlets: Vec<String>,
    /// Only documents published on or after / on or before these days (`YYYY-MM-DD`).
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only these documents (a story's, for instance).
    pub doc_ids: Option<Vec<String>>,
    pub limit: usize,
    pub offset: usize,
    /// Favour recent documents (against the newest day in the index).
    pub recency: bool,
    /// Count outlets, entities and months over all the matches.
    pub facets: bool,
    /// Build highlighted snippets for the hits.
    pub snippets: bool,
    /// Let words that name a known entity also match its other spellings.
    pub expand_entities: bool,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            entities: Vec::new(),
            outlets: Vec::new(),
            from: None,
            to: None,
            doc_ids: None,
            limit: 10,
            offset: 0,
            recency: false,
            facets: false,
            snippets: true,
            expand_entities: true,
        }
    }
}

impl Query {
    pub fn new(text: impl Into<String>) -> Query {
        Query { text: text.into(), ..Query::default() }
    }
}

/// One hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub doc_id: String,
    pub title: Option<String>,
    pub score: f32,
    pub published: Option<String>,
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
}

/// The answer to a [`Query`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResults {
    /// Documents that match (all of them, not only the hits returned).
    pub total: u64,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// Words of the query that were also matched through entity ids.
    pub expansions: Vec<Expansion>,
}

/// A search index in a folder.
pub struct Index {
    path: PathBuf,
    index: tantivy::Index,
    reader: tantivy::IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path).finish()
    }
}

impl Index {
    /// Opens the index in `dir`, creating an empty one if the folder holds none. An index
    /// of another format is [`IndexError::Format`]; a damaged one an error too — the
    /// caller rebuilds it ([`Index::recreate`]).
    pub fn open(dir: &Path) -> Result<Index> {
        let (schema, fields) = schema();
        let io = |e: std::io::Error| IndexError::Io { path: dir.to_path_buf(), message: e.to_string() };
        std::fs::create_dir_all(dir).map_err(io)?;
        let tv = |source| IndexError::Tantivy { path: dir.to_path_buf(), source };
        let index = if dir.join("meta.json").exists() {
            let index = tantivy::Index::open_in_dir(dir).map_err(tv)?;
            if index.schema() != schema {
                return Err(IndexError::Format { path: dir.to_path_buf(), found: "another schema".into() });
            }
            index
        } else {
            let index = tantivy::Index::create_in_dir(dir, schema).map_err(tv)?;
            // Commit once so that an empty index has our payload.
            let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).map_err(tv)?;
            let mut prepared = w.prepare_commit().map_err(tv)?;
            prepared.set_payload(&payload(0));
            prepared.commit().map_err(tv)?;
            index
        };
        index.tokenizers().register(IndexTokenizer::STEM_NAME, IndexTokenizer { light: false });
        index.tokenizers().register(IndexTokenizer::LIGHT_NAME, IndexTokenizer { light: true });
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(tv)?;
        let me = Index { path: dir.to_path_buf(), index, reader, fields };
        let status = me.status()?;
        if status.format != INDEX_FORMAT {
            return Err(IndexError::Format { path: dir.to_path_buf(), found: format!("format {}", status.format) });
        }
        Ok(me)
    }

    /// Deletes whatever is in `dir` and creates an empty index there.
    pub fn recreate(dir: &Path) -> Result<Index> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| IndexError::Io { path: dir.to_path_buf(), message: format!("removing: {e}") })?;
        }
        Index::open(dir)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the last commit recorded, and the number of documents.
    pub fn status(&self) -> Result<Status> {
        let metas = self.index.load_metas()?;
        let mut status = metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<Status>(p).ok())
            .unwrap_or(Status { format: 0, last_rowid: 0, documents: 0 });
        status.documents = metas.segments.iter().map(|s| s.num_docs() as u64).sum();
        Ok(status)
    }

    /// Sees the latest commit (of this process or another).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// A writer; only one process may hold one ([`IndexError::Locked`] otherwise).
    /// `threads` indexing threads (1 or 2 here), `memory` bytes of buffer in all.
    pub fn writer(&self, threads: usize, memory: usize) -> Result<Writer> {
        let writer = self.index.writer_with_num_threads(threads.max(1), memory.max(15_000_000 * threads.max(1)));
        let writer = match writer {
            Ok(w) => w,
            Err(tantivy::TantivyError::LockFailure(..)) => return Err(IndexError::Locked { path: self.path.clone() }),
            Err(e) => return Err(IndexError::Tantivy { path: self.path.clone(), source: e }),
        };
        let last_rowid = self.status()?.last_rowid;
        Ok(Writer {
            fields: self.fields,
            reader: self.reader.clone(),
            path: self.path.clone(),
            writer,
            last_rowid,
            pending: 0,
        })
    }

    fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Runs a query.
    pub fn search(&self, q: &Query) -> Result<SearchResults> {
        let searcher = self.searcher();
        let f = self.fields;
        let parsed = query::parse(&q.text)?;
        let mut expander = expand::Expander::new(&searcher, f.entity, q.expand_entities);
        let mut marks = snippet::Marks::default();
        let text_query = match &parsed {
            Some(node) => {
                Some(self.build(node, &mut expander, &mut marks, false)?.unwrap_or_else(|| Box::new(EmptyQuery)))
            }
            None => None,
        };
        let expansions = expander.into_expansions();
        marks.entities.extend(expansions.iter().flat_map(|e| e.entity_ids.iter().cloned()));
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        match text_query {
            Some(tq) => clauses.push((Occur::Must, tq)),
            None => clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0)))),
        }
        let filter = |q: Box<dyn TQuery>| (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn TQuery>);
        for e in &q.entities {
            clauses
                .push(filter(Box::new(TermQuery::new(Term::from_field_text(f.entity, e), IndexRecordOption::Basic))));
        }
        if !q.outlets.is_empty() {
            let terms = q.outlets.iter().map(|o| Term::from_field_text(f.outlet, o));
            clauses.push(filter(Box::new(TermSetQuery::new(terms))));
        }
        if q.from.is_some() || q.to.is_some() {
            let bound = |d: &Option<String>, what: &str| -> Result<Bound<Term>> {
                match d {
                    None => Ok(Bound::Unbounded),
                    Some(s) => day_number(s)
                        .map(|n| Bound::Included(Term::from_field_i64(f.day, n)))
                        .ok_or_else(|| IndexError::Query(format!("{what} date {s:?} is not YYYY-MM-DD"))),
                }
            };
            clauses.push(filter(Box::new(RangeQuery::new(bound(&q.from, "from")?, bound(&q.to, "to")?))));
        }
        if let Some(ids) = &q.doc_ids {
            let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
            clauses.push(filter(Box::new(TermSetQuery::new(terms))));
        }
        let query: Box<dyn TQuery> = if clauses.len() == 1 {
            clauses.pop().map(|c| c.1).unwrap_or_else(|| Box::new(EmptyQuery))
        } else {
            Box::new(BooleanQuery::new(clauses))
        };

        let limit = q.limit.clamp(1, 1000);
        let facets = q.facets.then(collect::FacetCollector::default);
        // Ties (a browse by filters, equal texts) go to the later document in the store,
        // so that the order does not depend on how the index was segmented.
        let newest = if q.recency { Some(collect::newest_day(&searcher)) } else { None };
        let top = TopDocs::with_limit(limit).and_offset(q.offset).tweak_score(move |seg: &tantivy::SegmentReader| {
            let days = newest.and_then(|_| seg.fast_fields().i64("day").ok());
            let rowids = seg.fast_fields().u64("rowid").ok().map(|c| c.first_or_default_col(0));
            move |doc: tantivy::DocId, score: tantivy::Score| {
                let score = match (newest, &days) {
                    (Some(newest), Some(days)) => {
                        let age = days.first(doc).map(|d| (newest - d).max(0) as f32);
                        score * (1.0 + age.map_or(0.0, |a| 0.5f32.powf(a / RECENCY_HALF_LIFE_DAYS)))
                    }
                    _ => score,
                };
                (score, rowids.as_ref().map_or(0, |r| r.get_val(doc)))
            }
        });
        let (top, total, facets) = searcher.search(&query, &(top, Count, facets))?;
        let mut hits = Vec::with_capacity(top.len());
        for ((score, _), addr) in top {
            hits.push(self.hit(&searcher, addr, score, q.snippets.then_some(&marks))?);
        }
        Ok(SearchResults { total: total as u64, hits, facets, expansions })
    }

    fn hit(&self, searcher: &Searcher, addr: DocAddress, score: f32, marks: Option<&snippet::Marks>) -> Result<Hit> {
        let f = self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let get = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let title = get(f.title);
        let snippet = match marks {
            Some(marks) => {
                let text = get(f.text).unwrap_or_default();
                let body = parse_ranges(&get(f.body).unwrap_or_default(), text.len());
                let spans = parse_spans(&get(f.spans).unwrap_or_default());
                Some(snippet::snippet(&text, &body, title.as_deref(), &spans, marks))
            }
            None => None,
        };
        Ok(Hit {
            doc_id: get(f.id).unwrap_or_default(),
            title,
            score,
            published: get(f.published),
            outlet: get(f.outlet),
            snippet,
        })
    }

    /// The tantivy query of a node; `None` for a node with no word in it.
    fn build(
        &self,
        node: &query::Node,
        ex: &mut expand::Expander,
        marks: &mut snippet::Marks,
        negated: bool,
    ) -> Result<Option<Box<dyn TQuery>>> {
        use query::Node;
        Ok(match node {
            Node::Word(w) => {
                let run = std::slice::from_ref(w);
                let mut clauses = Vec::new();
                for (range, entity) in ex.segment_run(run) {
                    if let Some(q) = either(self.words_query(&run[range], false, marks, negated), entity) {
                        clauses.push((Occur::Must, q));
                    }
                }
                boolean(clauses)
            }
            Node::Phrase(words) => {
                let text = self.words_query(words, true, marks, negated);
                let entity = ex.entity_query(&words.join(" "));
                either(text, entity)
            }
            Node::Or(parts) => {
                let mut clauses = Vec::new();
                for p in parts {
                    if let Some(q) = self.build(p, ex, marks, negated)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                boolean(clauses)
            }
            Node::Not(inner) => {
                let inner = self.build(inner, ex, marks, !negated)?;
                inner.map(|q| {
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)) as Box<dyn TQuery>),
                        (Occur::MustNot, q),
                    ])) as Box<dyn TQuery>
                })
            }
            Node::And(parts) => {
                let mut clauses = Vec::new();
                let mut i = 0;
                while i < parts.len() {
                    // A run of plain words: entity names inside it are matched as names.
                    if let Node::Word(_) = parts[i] {
                        let run: Vec<String> = parts[i..]
                            .iter()
                            .map_while(|p| if let Node::Word(w) = p { Some(w.clone()) } else { None })
                            .collect();
                        for (range, entity) in ex.segment_run(&run) {
                            let text = self.words_query(&run[range], false, marks, negated);
                            if let Some(q) = either(text, entity) {
                                clauses.push((Occur::Must, q));
                            }
                        }
                        i += run.len();
                        continue;
                    }
                    match &parts[i] {
                        Node::Not(inner) => {
                            if let Some(q) = self.build(inner, ex, marks, !negated)? {
                                clauses.push((Occur::MustNot, q));
                            }
                        }
                        other => {
                            if let Some(q) = self.build(other, ex, marks, negated)? {
                                clauses.push((Occur::Must, q));
                            }
                        }
                    }
                    i += 1;
                }
                if !clauses.is_empty() && clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0))));
                }
                boolean(clauses)
            }
        })
    }

    /// Words that must all appear (or, with `phrase`, appear in order, next to each
    /// other). A word the analyser splits in several terms (كوفيد-19) is a phrase.
    fn words_query(
        &self,
        words: &[String],
        phrase: bool,
        marks: &mut snippet::Marks,
        negated: bool,
    ) -> Option<Box<dyn TQuery>> {
        let f = self.fields;
        let per_word: Vec<Vec<AnalyzedTerm>> =
            words.iter().map(|w| analyze(w, None)).filter(|t| !t.is_empty()).collect();
        if !negated {
            for t in per_word.iter().flatten() {
                marks.stems.insert(t.stem.clone());
                marks.lights.insert(t.light.clone());
            }
        }
        let phrase_of = |terms: &[&AnalyzedTerm]| -> Box<dyn TQuery> {
            let terms: Vec<(usize, Term)> =
                terms.iter().enumerate().map(|(i, t)| (i, Term::from_field_text(f.terms, &t.stem))).collect();
            Box::new(PhraseQuery::new_with_offset(terms))
        };
        let single = |t: &AnalyzedTerm| -> Box<dyn TQuery> {
            let stem: Box<dyn TQuery> =
                Box::new(TermQuery::new(Term::from_field_text(f.terms, &t.stem), IndexRecordOption::WithFreqs));
            let light: Box<dyn TQuery> = Box::new(BoostQuery::new(
                Box::new(TermQuery::new(Term::from_field_text(f.light, &t.light), IndexRecordOption::WithFreqs)),
                LIGHT_BOOST,
            ));
            Box::new(BooleanQuery::new(vec![(Occur::Should, stem), (Occur::Should, light)]))
        };
        if phrase {
            let all: Vec<&AnalyzedTerm> = per_word.iter().flatten().collect();
            return match all.len() {
                0 => None,
                1 => Some(single(all[0])),
                _ => Some(phrase_of(&all)),
            };
        }
        let clauses: Vec<(Occur, Box<dyn TQuery>)> = per_word
            .iter()
            .map(|terms| {
                let q = if terms.len() == 1 { single(&terms[0]) } else { phrase_of(&terms.iter().collect::<Vec<_>>()) };
                (Occur::Must, q)
            })
            .collect();
        boolean(clauses)
    }
}

/// A boolean query of the clauses; the clause itself when there is one Must or Should.
fn boolean(mut clauses: Vec<(Occur, Box<dyn TQuery>)>) -> Option<Box<dyn TQuery>> {
    match clauses.len() {
        0 => None,
        1 if clauses[0].0 != Occur::MustNot => clauses.pop().map(|c| c.1),
        _ => Some(Box::new(BooleanQuery::new(clauses))),
    }
}

/// Text match or entity match.
fn either(text: Option<Box<dyn TQuery>>, entity: Option<Box<dyn TQuery>>) -> Option<Box<dyn TQuery>> {
    match (text, entity) {
        (Some(t), Some(e)) => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Should, t),
            (Occur::Should, Box::new(BoostQuery::new(e, ENTITY_BOOST)) as Box<dyn TQuery>),
        ]))),
        (t, e) => t.or(e),
    }
}

fn payload(last_rowid: u64) -> String {
    serde_json::json!({"format": INDEX_FORMAT, "last_rowid": last_rowid}).to_string()
}

/// Byte ranges stored as `s-e,s-e`; ranges outside the text or off order are dropped.
fn parse_ranges(s: &str, len: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for part in s.split(',').filter(|p| !p.is_empty()) {
        let Some((a, b)) = part.split_once('-') else { continue };
        let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else { continue };
        if a <= b && b <= len && out.last().is_none_or(|l| l.end <= a) {
            out.push(a..b);
        }
    }
    if out.is_empty() { vec![0..len] } else { out }
}

/// Entity spans stored as `id start end` lines.
fn parse_spans(s: &str) -> Vec<(String, usize, usize)> {
    s.lines()
        .filter_map(|l| {
            let mut p = l.split(' ');
            let (id, a, b) = (p.next()?, p.next()?.parse().ok()?, p.next()?.parse().ok()?);
            Some((id.to_string(), a, b))
        })
        .collect()
}

/// Adds documents to an [`Index`]; nothing is visible (or durable) before
/// [`Writer::commit`].
pub struct Writer {
    fields: Fields,
    reader: tantivy::IndexReader,
    path: PathBuf,
    writer: tantivy::IndexWriter,
    last_rowid: u64,
    pending: usize,
}

impl Writer {
    /// Adds a document (analysing it). Use [`Writer::upsert`] when it may be there already.
    pub fn add(&mut self, doc: &IndexDoc) -> Result<()> {
        let d = self.document(doc);
        self.writer.add_document(d)?;
        self.last_rowid = self.last_rowid.max(doc.rowid);
        self.pending += 1;
        Ok(())
    }

    /// Replaces the document with the same id, if any.
    pub fn upsert(&mut self, doc: &IndexDoc) -> Result<()> {
        self.writer.delete_term(Term::from_field_text(self.fields.id, doc.id));
        self.add(doc)
    }

    /// Removes every document (before a rebuild); takes effect on commit.
    pub fn delete_all(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        self.last_rowid = 0;
        Ok(())
    }

    /// Documents added since the last commit.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// The highest row id added so far (committed or not).
    pub fn last_rowid(&self) -> u64 {
        self.last_rowid
    }

    /// Makes everything added durable and visible, recording the highest row id.
    pub fn commit(&mut self) -> Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload(self.last_rowid));
        prepared.commit()?;
        self.pending = 0;
        Ok(self.reader.reload()?)
    }

    /// The index folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits for merges to finish and releases the lock.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    fn document(&self, doc: &IndexDoc) -> TantivyDocument {
        let f = self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, doc.id);
        d.add_u64(f.rowid, doc.rowid);
        d.add_text(f.text, doc.text);
        let body: Vec<Range<usize>> =
            doc.body.iter().filter(|r| doc.text.get((*r).clone()).is_some()).cloned().collect();
        d.add_text(f.body, body.iter().map(|r| format!("{}-{}", r.start, r.end)).collect::<Vec<_>>().join(","));
        // The analysis runs in tantivy's indexing threads (IndexTokenizer), on the title
        // and the body (furniture left out), in one string.
        let mut analysed = String::with_capacity(doc.text.len() + doc.title.map_or(0, str::len) + 1);
        if let Some(title) = doc.title {
            d.add_text(f.title, title);
            analysed.extend(title.chars().filter(|&c| c != analyzer::TITLE_SEPARATOR));
        }
        analysed.push(analyzer::TITLE_SEPARATOR);
        if body.is_empty() {
            analysed.push_str(doc.text);
        }
        for r in &body {
            analysed.push_str(&doc.text[r.clone()]);
            analysed.push('\n');
        }
        d.add_text(f.terms, &analysed);
        d.add_text(f.light, &analysed);
        let mut seen = HashSet::new();
        let mut spans = String::new();
        for m in doc.entities {
            if m.entity_id.is_empty() || m.entity_id.contains(char::is_whitespace) {
                continue;
            }
            if seen.insert(m.entity_id.as_str()) {
                d.add_text(f.entity, &m.entity_id);
            }
            spans.push_str(&format!("{} {} {}\n", m.entity_id, m.start, m.end));
        }
        d.add_text(f.spans, spans);
        if let Some(o) = doc.outlet {
            d.add_text(f.outlet, o);
        }
        if let Some(p) = doc.published
            && let Some(day) = day_number(p)
        {
            d.add_text(f.published, p);
            d.add_i64(f.day, day);
            d.add_text(f.month, &p[..7]);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2020-11-10"), Some(18_576));
        assert_eq!(day_number("2020-13-01"), None);
        assert_eq!(day_number("2020"), None);
        assert_eq!(day_number("٢٠٢٠-١١-١٠"), None);
    }

    #[test]
    fn ranges_and_spans_round_trip() {
        assert_eq!(parse_ranges("0-5,7-9", 10), vec![0..5, 7..9]);
        assert_eq!(parse_ranges("7-9,0-5,x", 10), vec![7..9]);
        assert_eq!(parse_ranges("", 10), vec![0..10]);
        assert_eq!(parse_spans("loc:a 1 4\nbad\n"), vec![("loc:a".to_string(), 1, 4)]);
    }
}
