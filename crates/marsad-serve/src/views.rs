//! Stories, search, timelines and duplicates: the API routes and the loaders the UI pages
//! share with them. Summaries, timelines and the search index's syncing are the binary's
//! ([`crate::Views`]); lists, lookups and reuse passages are read from the store here.
//!
//! Invariants: every parameter is checked before the store is read (400 JSON); a story,
//! entity or document named by a parameter or path that the store does not hold is a 404;
//! the search index is opened (and caught up) once per store generation and shared.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use marsad_index::{Index, IndexError, SearchResults};
use marsad_store::{Store, StoryDocument, StoryFilter, StoryRow};
use marsad_story::{StoryOut, TimelineEntry};
use serde::Serialize;

use crate::api::{DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, Params, day, number, params, path_id, text};
use crate::error::ApiError;
use crate::{AppState, ViewError, Views, db};

/// Summary sentences of a story by default (as `marsad stories`), and at most.
pub const SUMMARY_SENTENCES: usize = 3;
const MAX_SUMMARY_SENTENCES: usize = 20;
/// Entities listed on a story page.
const STORY_ENTITIES: usize = 20;
/// Reuse pairs shown on a story page.
const STORY_REUSE: usize = 20;

fn unavailable() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "this server was built without stories, timelines and search",
    )
}

fn view_error(e: ViewError) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
}

fn views(state: &AppState) -> Result<Arc<dyn Views>, ApiError> {
    state.views.clone().ok_or_else(unavailable)
}

// ------------------------------------------------------------------ stories

/// One story in a list.
#[derive(Clone, Debug, Serialize)]
pub struct StoryItem {
    pub id: String,
    /// `event` or `saga`.
    pub level: String,
    pub parent: Option<String>,
    pub title: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// Number of documents.
    pub documents: u64,
}

impl From<StoryRow> for StoryItem {
    fn from(r: StoryRow) -> StoryItem {
        StoryItem {
            id: r.id,
            level: r.level,
            parent: r.parent,
            title: r.title,
            start: r.start,
            end: r.end,
            documents: r.documents,
        }
    }
}

/// A page of stories, latest last day first.
#[derive(Clone, Debug, Serialize)]
pub struct StoryPage {
    pub limit: usize,
    pub offset: usize,
    /// Whether stories follow this page.
    pub more: bool,
    pub stories: Vec<StoryItem>,
}

/// The filters of a story list (owned; [`StoryFilter`] borrows them).
#[derive(Clone, Debug, Default)]
pub struct StoryQuery {
    pub level: Option<String>,
    pub min_documents: u64,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

fn story_query(map: &HashMap<String, String>) -> Result<StoryQuery, ApiError> {
    let level = match map.get("level").map(String::as_str) {
        None => None,
        Some(l @ ("event" | "saga")) => Some(l.to_string()),
        Some(l) => {
            return Err(ApiError::bad_request("bad_parameter", format!("level must be event or saga, not {l:?}")));
        }
    };
    let q = StoryQuery {
        level,
        min_documents: number(map, "min_documents", 0, 0, 1_000_000)? as u64,
        from: day(map, "from")?,
        to: day(map, "to")?,
        limit: number(map, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?,
        offset: number(map, "offset", 0, 0, MAX_OFFSET)?,
    };
    if let (Some(from), Some(to)) = (&q.from, &q.to)
        && from > to
    {
        return Err(ApiError::bad_request("bad_parameter", format!("from ({from}) is after to ({to})")));
    }
    Ok(q)
}

/// A page of stories (shared with the UI's home page).
pub fn stories(store: &Store, q: &StoryQuery) -> Result<StoryPage, ApiError> {
    let mut rows = store.stories(&StoryFilter {
        level: q.level.as_deref(),
        min_documents: q.min_documents,
        from: q.from.as_deref(),
        to: q.to.as_deref(),
        limit: q.limit + 1,
        offset: q.offset,
    })?;
    let more = rows.len() > q.limit;
    rows.truncate(q.limit);
    Ok(StoryPage { limit: q.limit, offset: q.offset, more, stories: rows.into_iter().map(StoryItem::from).collect() })
}

pub async fn list_stories(State(state): State<AppState>, q: Params) -> Result<Json<StoryPage>, ApiError> {
    let map = params(q, &["level", "min_documents", "from", "to", "limit", "offset"])?;
    let q = story_query(&map)?;
    Ok(Json(state.db.read(move |s| stories(s, &q)).await?))
}

/// One story as `marsad stories --format json` prints it, or None.
pub fn load_story(views: &dyn Views, store: &Store, id: &str, sentences: usize) -> Result<Option<StoryOut>, ApiError> {
    let Some(row) = store.story(id)? else { return Ok(None) };
    views.story(store, row, sentences).map(Some).map_err(view_error)
}

pub async fn one_story(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Params,
) -> Result<Json<StoryOut>, ApiError> {
    path_id(&id)?;
    let map = params(q, &["summary"])?;
    let sentences = number(&map, "summary", SUMMARY_SENTENCES, 0, MAX_SUMMARY_SENTENCES)?;
    let views = state.views.clone();
    let key = id.clone();
    // An unknown story is a 404 whatever the server was built with.
    let found = state
        .db
        .read(move |s| match s.story(&key)? {
            None => Ok(None),
            Some(row) => {
                let views = views.ok_or_else(unavailable)?;
                views.story(s, row, sentences).map(Some).map_err(view_error)
            }
        })
        .await?;
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("no story {id}")))
}

/// A passage two documents share, as each writes it (code points of each original text).
#[derive(Clone, Debug, Serialize)]
pub struct SharedPassage {
    pub a_start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub b_end: usize,
    pub a_text: String,
    pub b_text: String,
    pub words: usize,
}

/// Two documents that share passages.
#[derive(Clone, Debug, Serialize)]
pub struct ReusePair {
    pub a: String,
    pub b: String,
    pub passages: Vec<SharedPassage>,
}

/// Everything the story page shows.
pub struct StoryView {
    pub story: StoryOut,
    /// The parent saga's title, for an event in a saga.
    pub parent_title: Option<String>,
    /// A saga's events (rows, for their titles).
    pub events: Vec<StoryItem>,
    pub documents: Vec<StoryDocument>,
    /// The top entities of its documents.
    pub entities: Vec<db::CoEntity>,
    pub reuse: Vec<ReusePair>,
}

fn story_entities(store: &Store, id: &str) -> Result<Vec<db::CoEntity>, ApiError> {
    db::counted_entities(
        store,
        "SELECT m.entity_id, max(m.kind), max(m.canonical), count(DISTINCT m.doc_id) FROM entity_mentions m
         WHERE m.doc_id IN (SELECT doc_id FROM story_documents WHERE story_id = ?1)
         GROUP BY m.entity_id ORDER BY count(DISTINCT m.doc_id) DESC, count(*) DESC, m.entity_id LIMIT ?2",
        rusqlite::params![id, STORY_ENTITIES as i64],
    )
}

/// The characters of one document's text (kept while a page is built).
struct Texts<'s> {
    store: &'s Store,
    texts: HashMap<String, Vec<char>>,
}

impl Texts<'_> {
    fn slice(&mut self, id: &str, start: usize, end: usize) -> Result<String, ApiError> {
        if !self.texts.contains_key(id) {
            let text = self.store.text_and_body(id)?.map(|t| t.0).unwrap_or_default();
            self.texts.insert(id.to_string(), text.chars().collect());
        }
        let chars = &self.texts[id];
        let end = end.min(chars.len());
        Ok(chars.get(start.min(end)..end).map(|c| c.iter().collect()).unwrap_or_default())
    }
}

fn with_texts(store: &Store, pairs: Vec<marsad_store::StoredReuse>) -> Result<Vec<ReusePair>, ApiError> {
    let mut texts = Texts { store, texts: HashMap::new() };
    let mut out = Vec::with_capacity(pairs.len());
    for r in pairs {
        let mut passages = Vec::with_capacity(r.passages.len());
        for p in &r.passages {
            passages.push(SharedPassage {
                a_start: p.a_start,
                a_end: p.a_end,
                b_start: p.b_start,
                b_end: p.b_end,
                a_text: texts.slice(&r.a, p.a_start, p.a_end)?,
                b_text: texts.slice(&r.b, p.b_start, p.b_end)?,
                words: p.a_words.min(p.b_words),
            });
        }
        out.push(ReusePair { a: r.a, b: r.b, passages });
    }
    Ok(out)
}

/// The reuse pairs between documents of one story (each pair once).
fn story_reuse(store: &Store, documents: &[String]) -> Result<Vec<ReusePair>, ApiError> {
    let members: HashSet<&str> = documents.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    let mut pairs = Vec::new();
    for id in documents {
        for r in store.reuse_of_document(id)? {
            if members.contains(r.a.as_str())
                && members.contains(r.b.as_str())
                && seen.insert((r.a.clone(), r.b.clone()))
            {
                pairs.push(r);
            }
        }
        if pairs.len() >= STORY_REUSE {
            break;
        }
    }
    pairs.truncate(STORY_REUSE);
    pairs.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    with_texts(store, pairs)
}

/// Loads the story page's data, or None for an unknown story.
pub fn load_story_view(views: &dyn Views, store: &Store, id: &str) -> Result<Option<StoryView>, ApiError> {
    let Some(story) = load_story(views, store, id, SUMMARY_SENTENCES)? else { return Ok(None) };
    let parent_title = match &story.parent {
        Some(p) => store.story(p)?.and_then(|r| r.title),
        None => None,
    };
    let events = if story.level == "saga" {
        store.story_children(id)?.into_iter().map(StoryItem::from).collect()
    } else {
        Vec::new()
    };
    let documents = store.story_documents(id)?;
    let entities = story_entities(store, id)?;
    let reuse = story_reuse(store, &story.documents)?;
    Ok(Some(StoryView { story, parent_title, events, documents, entities, reuse }))
}

// ------------------------------------------------------------------ search

/// A search request, checked.
#[derive(Clone, Debug, Default)]
pub struct SearchParams {
    pub q: String,
    /// An entity id or any of its names.
    pub entity: Option<String>,
    pub outlet: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub story: Option<String>,
    pub limit: usize,
    pub offset: usize,
    pub recency: bool,
}

/// The parameters `GET /api/v1/search` takes (the UI adds `page`).
pub const SEARCH_PARAMS: [&str; 9] = ["q", "entity", "outlet", "from", "to", "story", "limit", "offset", "recency"];

fn boolean(map: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match map.get(name).map(String::as_str) {
        None | Some("false" | "0") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(v) => Err(ApiError::bad_request("bad_parameter", format!("{name} must be true or false, not {v:?}"))),
    }
}

pub fn search_params(map: &HashMap<String, String>) -> Result<SearchParams, ApiError> {
    let q = map.get("q").cloned().unwrap_or_default();
    if q.chars().count() > 200 {
        return Err(ApiError::bad_request("bad_parameter", "q must be at most 200 characters"));
    }
    let p = SearchParams {
        q,
        entity: text(map, "entity")?,
        outlet: text(map, "outlet")?,
        from: day(map, "from")?,
        to: day(map, "to")?,
        story: text(map, "story")?,
        limit: number(map, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?,
        offset: number(map, "offset", 0, 0, 10_000)?,
        recency: boolean(map, "recency")?,
    };
    if let (Some(from), Some(to)) = (&p.from, &p.to)
        && from > to
    {
        return Err(ApiError::bad_request("bad_parameter", format!("from ({from}) is after to ({to})")));
    }
    Ok(p)
}

/// The answer of a search: the index's results, the entity a filter named, and the paging.
#[derive(Clone, Debug, Serialize)]
pub struct SearchOut {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// The canonical entity of the `entity` filter, as resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<ResolvedEntity>,
    #[serde(flatten)]
    pub results: SearchResults,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResolvedEntity {
    pub entity_id: String,
    pub canonical: String,
}

/// The search index, opened and synced once per store generation.
fn index(state: &SearchState, store: &Store) -> Result<Arc<Index>, ApiError> {
    let generation = db::generation(store)?;
    let mut slot = state.index.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((g, index)) = &*slot
        && *g == generation
    {
        return Ok(index.clone());
    }
    let index = Arc::new(state.views.search_index(&state.data, store).map_err(view_error)?);
    *slot = Some((generation, index.clone()));
    Ok(index)
}

/// The open search index and the store generation it was synced at.
pub type IndexSlot = Arc<std::sync::Mutex<Option<(i64, Arc<Index>)>>>;

/// Facets as the UI links them: (filter name, [(value, label, count)]).
pub type FacetGroups = Vec<(String, Vec<(String, String, u64)>)>;

/// What a search needs of the application state, movable to a blocking thread.
pub struct SearchState {
    views: Arc<dyn Views>,
    index: IndexSlot,
    data: std::path::PathBuf,
}

pub fn search_state(state: &AppState) -> Result<SearchState, ApiError> {
    Ok(SearchState { views: views(state)?, index: state.index.clone(), data: state.config.data.clone() })
}

/// Runs a search with facets and snippets (shared with the UI).
pub fn run_search(state: &SearchState, store: &Store, p: &SearchParams) -> Result<SearchOut, ApiError> {
    let mut query = marsad_index::Query::new(p.q.clone());
    let mut entity = None;
    if let Some(name) = &p.entity {
        let Some((entity_id, canonical)) = store.find_entity(name)? else {
            return Err(ApiError::not_found(format!("no entity {name}")));
        };
        query.entities = vec![entity_id.clone()];
        entity = Some(ResolvedEntity { entity_id, canonical });
    }
    if let Some(story) = &p.story {
        if store.story(story)?.is_none() {
            return Err(ApiError::not_found(format!("no story {story}")));
        }
        query.doc_ids = Some(store.story_documents(story)?.into_iter().map(|d| d.doc_id).collect());
    }
    query.outlets = p.outlet.iter().cloned().collect();
    query.from = p.from.clone();
    query.to = p.to.clone();
    query.limit = p.limit;
    query.offset = p.offset;
    query.recency = p.recency;
    query.facets = true;
    query.snippets = true;
    let index = index(state, store)?;
    let results = index.search(&query).map_err(|e| match e {
        IndexError::Query(m) => ApiError::bad_request("bad_query", format!("q: {m}")),
        e => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()),
    })?;
    Ok(SearchOut { query: p.q.clone(), limit: p.limit, offset: p.offset, entity, results })
}

pub async fn search(State(state): State<AppState>, q: Params) -> Result<Json<SearchOut>, ApiError> {
    let map = params(q, &SEARCH_PARAMS)?;
    let p = search_params(&map)?;
    let search = search_state(&state)?;
    Ok(Json(state.db.read(move |s| run_search(&search, s, &p)).await?))
}

// ------------------------------------------------------------------ timeline

/// A timeline and what it is of.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<ResolvedEntity>,
    pub timeline: Vec<TimelineEntry>,
}

pub async fn timeline(State(state): State<AppState>, q: Params) -> Result<Json<TimelineOut>, ApiError> {
    let map = params(q, &["story", "entity"])?;
    let story = text(&map, "story")?;
    let entity = text(&map, "entity")?;
    let views = state.views.clone();
    let out = state
        .db
        .read(move |s| match (story, entity) {
            (Some(id), None) => {
                if s.story(&id)?.is_none() {
                    return Err(ApiError::not_found(format!("no story {id}")));
                }
                let views = views.ok_or_else(unavailable)?;
                let timeline = views.story_timeline(s, &id).map_err(view_error)?;
                Ok(TimelineOut { story: Some(id), entity: None, timeline })
            }
            (None, Some(name)) => {
                let Some((entity_id, canonical)) = s.find_entity(&name)? else {
                    return Err(ApiError::not_found(format!("no entity {name}")));
                };
                let views = views.ok_or_else(unavailable)?;
                let timeline = views.entity_timeline(s, &entity_id, &canonical).map_err(view_error)?;
                Ok(TimelineOut { story: None, entity: Some(ResolvedEntity { entity_id, canonical }), timeline })
            }
            _ => Err(ApiError::bad_request("bad_parameter", "give exactly one of story=ID or entity=NAME|ID")),
        })
        .await?;
    Ok(Json(out))
}

// ------------------------------------------------------------------ dups

/// A page of near-duplicate groups and of reuse pairs (the same `limit` and `offset` for both).
#[derive(Clone, Debug, Serialize)]
pub struct DupsOut {
    pub limit: usize,
    pub offset: usize,
    /// Groups of near-duplicate documents, in total.
    pub near_duplicates_total: u64,
    pub near_duplicates: Vec<Vec<String>>,
    /// Pairs of documents that share passages, in total.
    pub reuse_total: u64,
    pub reuse: Vec<ReusePair>,
}

pub async fn dups(State(state): State<AppState>, q: Params) -> Result<Json<DupsOut>, ApiError> {
    let map = params(q, &["edited", "limit", "offset"])?;
    let edited = match map.get("edited") {
        None => true,
        Some(_) => boolean(&map, "edited")?,
    };
    let limit = number(&map, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let offset = number(&map, "offset", 0, 0, MAX_OFFSET)?;
    let out = state
        .db
        .read(move |s| {
            let groups = s.near_duplicate_groups(edited)?;
            let reuse = s.reuse_pairs()?;
            let (near_duplicates_total, reuse_total) = (groups.len() as u64, reuse.len() as u64);
            let near_duplicates = groups.into_iter().skip(offset).take(limit).collect();
            let reuse = with_texts(s, reuse.into_iter().skip(offset).take(limit).collect())?;
            Ok(DupsOut { limit, offset, near_duplicates_total, near_duplicates, reuse_total, reuse })
        })
        .await?;
    Ok(Json(out))
}

/// The facet values of a search as the UI links them: (filter name, value, label, count).
pub fn facet_links(store: &Store, out: &SearchOut) -> Result<FacetGroups, ApiError> {
    let Some(f) = &out.results.facets else { return Ok(Vec::new()) };
    let mut groups = Vec::new();
    let outlets: Vec<_> = f.outlets.iter().map(|c| (c.value.clone(), c.value.clone(), c.count)).collect();
    groups.push(("outlet".to_string(), outlets));
    let mut entities = Vec::new();
    for c in f.entities.iter().take(15) {
        let label = db::aliases(store, &c.value, 1)?.into_iter().next().map_or_else(|| c.value.clone(), |a| a.text);
        entities.push((c.value.clone(), label, c.count));
    }
    groups.push(("entity".to_string(), entities));
    groups.push(("month".to_string(), f.months.iter().map(|c| (c.value.clone(), c.value.clone(), c.count)).collect()));
    groups.retain(|(_, v): &(String, Vec<(String, String, u64)>)| !v.is_empty());
    Ok(groups)
}
