//! The store behind the server: a small pool of read connections and one writer, used only
//! on blocking threads, and the read queries the API and the UI share.
//!
//! The queries read the store's tables directly (through `Store::connection`, which the
//! store offers later stages for read-only queries) because they need filters and paging
//! the command line does not.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use marsad_store::Store;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::error::{ApiError, ServeError};

/// Read connections plus the writer.
pub struct Db {
    pub ranking: EntityRanking,
    pub entities: EntityCache,
    dir: PathBuf,
    readers: Mutex<Vec<Store>>,
    permits: Semaphore,
    writer: Mutex<Store>,
}

impl Db {
    /// Opens the store (creating and migrating it if needed) and one read connection.
    pub fn open(dir: &Path, readers: usize) -> Result<Db, ServeError> {
        let writer = Store::open(dir)?;
        let first = Store::open(dir)?;
        Ok(Db {
            ranking: EntityRanking::default(),
            entities: EntityCache::default(),
            dir: dir.to_path_buf(),
            readers: Mutex::new(vec![first]),
            permits: Semaphore::new(readers),
            writer: Mutex::new(writer),
        })
    }

    /// Runs `f` on a read connection, on a blocking thread; at most `readers` at once.
    pub async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|e| ServeError::Task(e.to_string()))?;
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = db.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let conn = match conn {
                Some(c) => c,
                None => Store::open(&db.dir).map_err(ServeError::from)?,
            };
            let out = f(&conn);
            db.readers.lock().unwrap_or_else(|p| p.into_inner()).push(conn);
            out
        })
        .await
        .map_err(|e| ServeError::Task(e.to_string()))?
    }

    /// Runs `f` with the writer, on a blocking thread (one write at a time).
    pub async fn write<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut writer = db.writer.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut writer)
        })
        .await
        .map_err(|e| ServeError::Task(e.to_string()))?
    }
}

/// Filters and paging of a document list.
#[derive(Clone, Debug, Default)]
pub struct DocFilter {
    pub outlet: Option<String>,
    /// Inclusive publication-day bounds, `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only documents that mention this entity.
    pub entity: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One line of a document list.
#[derive(Clone, Debug, Serialize)]
pub struct DocItem {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub body_chars: u64,
    pub entities: u64,
}

/// A page of documents, newest publication day first (unknown days last).
#[derive(Clone, Debug, Serialize)]
pub struct DocPage {
    pub total: u64,
    pub limit: usize,
    pub offset: usize,
    pub documents: Vec<DocItem>,
}

/// A page of documents in two steps: the page's ids from indexes only (the filters and the
/// order never read a document's row, whose text would have to be walked), then the page's
/// rows by id. Only the filters given become SQL conditions, so SQLite can pick the index.
pub fn documents(store: &Store, f: &DocFilter) -> Result<DocPage, ApiError> {
    let conn = store.connection();
    let mut conditions: Vec<&str> = Vec::new();
    let mut args: Vec<&dyn rusqlite::ToSql> = Vec::new();
    if let Some(o) = &f.outlet {
        conditions.push("d.outlet = ?");
        args.push(o);
    }
    if let Some(from) = &f.from {
        conditions.push("d.published_date >= ?");
        args.push(from);
    }
    if let Some(to) = &f.to {
        conditions.push("d.published_date <= ?");
        args.push(to);
    }
    if let Some(e) = &f.entity {
        conditions.push("d.id IN (SELECT doc_id FROM entity_mentions WHERE entity_id = ?)");
        args.push(e);
    }
    let mut filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    // For one entity's documents, the (id, day, outlet) index answers everything; SQLite
    // would otherwise look ids up in the primary key and read each row.
    if f.entity.is_some() {
        filter = format!("INDEXED BY documents_id_day {filter}");
    }
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM documents d {filter}"))?
        .query_row(&args[..], |r| r.get(0))?;
    let (limit, offset) = (f.limit as i64, f.offset as i64);
    let mut page_args = args.clone();
    page_args.push(&limit);
    page_args.push(&offset);
    // Unknown days sort last: NULL is the smallest value, so it comes last in DESC order.
    let ids: Vec<String> = conn
        .prepare_cached(&format!(
            "SELECT d.id FROM documents d {filter} ORDER BY d.published_date DESC, d.rowid DESC LIMIT ? OFFSET ?"
        ))?
        .query_map(&page_args[..], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut row = conn.prepare_cached(
        "SELECT d.id, d.title, d.outlet, d.published_date, d.url, d.body_chars,
                (SELECT count(*) FROM entity_mentions m WHERE m.doc_id = d.id)
         FROM documents d WHERE d.id = ?1",
    )?;
    let mut documents = Vec::with_capacity(ids.len());
    for id in &ids {
        documents.push(row.query_row([id], |r| {
            Ok(DocItem {
                id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                published: r.get(3)?,
                url: r.get(4)?,
                body_chars: r.get::<_, i64>(5)? as u64,
                entities: r.get::<_, i64>(6)? as u64,
            })
        })?);
    }
    Ok(DocPage { total: total as u64, limit: f.limit, offset: f.offset, documents })
}

/// One canonical entity in a list.
#[derive(Clone, Debug, Serialize)]
pub struct EntityItem {
    pub entity_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub canonical: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// The most frequent spelling, as written.
    pub label: String,
    pub documents: u64,
    pub mentions: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct EntityPage {
    pub total: u64,
    pub limit: usize,
    pub offset: usize,
    pub entities: Vec<EntityItem>,
}

/// The ranking of all entities (most documents first), kept until the store changes.
/// Ranking is one aggregate over every mention; a list page then costs a slice of it.
#[derive(Default)]
pub struct EntityRanking {
    cached: Mutex<Option<(i64, Arc<Vec<EntityItem>>)>>,
}

/// Changes whenever documents (and with them mentions, written in the same transaction)
/// are added, by this process or another: the largest document rowid.
pub(crate) fn generation(store: &Store) -> Result<i64, ApiError> {
    Ok(store.connection().query_row("SELECT coalesce(max(rowid), 0) FROM documents", [], |r| r.get(0))?)
}

impl EntityRanking {
    fn get(&self, store: &Store) -> Result<Arc<Vec<EntityItem>>, ApiError> {
        let generation = generation(store)?;
        if let Some((g, items)) = &*self.cached.lock().unwrap_or_else(|p| p.into_inner())
            && *g == generation
        {
            return Ok(items.clone());
        }
        let mut stmt = store.connection().prepare_cached(
            "SELECT entity_id, max(kind), max(canonical), max(wikidata), count(DISTINCT doc_id), count(*)
             FROM entity_mentions GROUP BY entity_id
             ORDER BY count(DISTINCT doc_id) DESC, count(*) DESC, entity_id",
        )?;
        let items = stmt
            .query_map([], |r| {
                Ok(EntityItem {
                    entity_id: r.get(0)?,
                    kind: r.get(1)?,
                    canonical: r.get(2)?,
                    wikidata: r.get(3)?,
                    label: String::new(),
                    documents: r.get::<_, i64>(4)? as u64,
                    mentions: r.get::<_, i64>(5)? as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let items = Arc::new(items);
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = Some((generation, items.clone()));
        Ok(items)
    }
}

/// Entity answers, kept until the store changes (at most [`ENTITY_CACHE`] of them): a
/// much-read entity's timeline and co-occurrences are computed once per store generation.
#[derive(Default)]
pub struct EntityCache {
    cached: Mutex<(i64, EntityMap)>,
}

/// Entity answers by (id, monthly).
type EntityMap = HashMap<(String, bool), Arc<EntityDetail>>;

/// Most entity answers kept.
pub const ENTITY_CACHE: usize = 1024;

impl EntityCache {
    pub fn get(&self, store: &Store, id: &str, monthly: bool) -> Result<Option<Arc<EntityDetail>>, ApiError> {
        let generation = generation(store)?;
        {
            let cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
            if cached.0 == generation
                && let Some(d) = cached.1.get(&(id.to_string(), monthly))
            {
                return Ok(Some(d.clone()));
            }
        }
        let Some(detail) = entity(store, id, monthly)? else { return Ok(None) };
        let detail = Arc::new(detail);
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if cached.0 != generation || cached.1.len() >= ENTITY_CACHE {
            *cached = (generation, HashMap::new());
        }
        cached.1.insert((id.to_string(), monthly), detail.clone());
        Ok(Some(detail))
    }
}

/// Entities, most documents first; `kind` filters by type.
pub fn entities(
    ranking: &EntityRanking,
    store: &Store,
    kind: Option<&str>,
    limit: usize,
    offset: usize,
) -> Result<EntityPage, ApiError> {
    let all = ranking.get(store)?;
    let of_kind = |e: &&EntityItem| kind.is_none_or(|k| e.kind == k);
    let total = all.iter().filter(of_kind).count();
    let mut items: Vec<EntityItem> = all.iter().filter(of_kind).skip(offset).take(limit).cloned().collect();
    for item in &mut items {
        item.label = aliases(store, &item.entity_id, 1)?.into_iter().next().map(|a| a.text).unwrap_or_default();
    }
    Ok(EntityPage { total: total as u64, limit, offset, entities: items })
}

/// A spelling of an entity, as written, with how often.
#[derive(Clone, Debug, Serialize)]
pub struct Alias {
    pub text: String,
    pub mentions: u64,
}

pub(crate) fn aliases(store: &Store, id: &str, limit: usize) -> Result<Vec<Alias>, ApiError> {
    let mut stmt = store.connection().prepare_cached(
        "SELECT surface, count(*) FROM entity_mentions WHERE entity_id = ?1
         GROUP BY surface ORDER BY count(*) DESC, surface LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![id, limit as i64], |r| Ok(Alias { text: r.get(0)?, mentions: r.get::<_, i64>(1)? as u64 }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Mentions in one period (a day or a month).
#[derive(Clone, Debug, Serialize)]
pub struct Period {
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub period: String,
    pub documents: u64,
    pub mentions: u64,
}

/// An entity with the number of documents of some set that mention it: for an entity, the
/// others named in its latest [`CO_ENTITY_DOCUMENTS`] documents; for a story, those of its
/// documents.
#[derive(Clone, Debug, Serialize)]
pub struct CoEntity {
    pub entity_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub canonical: String,
    /// Its most frequent spelling as written.
    pub label: String,
    /// Documents of the set that name it.
    pub documents: u64,
}

/// Runs a query whose rows are (entity id, kind, canonical name, document count) and labels
/// each entity with its most frequent spelling.
pub(crate) fn counted_entities(
    store: &Store,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<CoEntity>, ApiError> {
    let mut stmt = store.connection().prepare_cached(sql)?;
    let mut rows = stmt
        .query_map(args, |r| {
            Ok(CoEntity {
                entity_id: r.get(0)?,
                kind: r.get(1)?,
                canonical: r.get(2)?,
                label: String::new(),
                documents: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for e in &mut rows {
        e.label = aliases(store, &e.entity_id, 1)?.into_iter().next().map(|a| a.text).unwrap_or_default();
    }
    Ok(rows)
}

/// Everything known of one entity.
#[derive(Clone, Debug, Serialize)]
pub struct EntityDetail {
    pub entity_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub canonical: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    pub aliases: Vec<Alias>,
    pub documents: u64,
    pub mentions: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// `day` or `month`.
    pub granularity: String,
    /// Mentions over time (documents with a known publication day), in order.
    pub timeline: Vec<Period>,
    /// Mentions in documents without a known publication day.
    pub undated_mentions: u64,
    pub co_occurring: Vec<CoEntity>,
}

/// Most spellings and co-occurring entities an entity answer lists.
const MAX_ALIASES: usize = 50;
const MAX_CO_ENTITIES: usize = 20;
/// Co-occurring entities are counted over the entity's latest documents only, so that an
/// entity in half the corpus costs no more than a few hundred documents' mentions.
pub const CO_ENTITY_DOCUMENTS: usize = 300;

pub fn entity(store: &Store, id: &str, monthly: bool) -> Result<Option<EntityDetail>, ApiError> {
    let conn = store.connection();
    let head = conn
        .query_row(
            "SELECT max(m.kind), max(m.canonical), max(m.wikidata), count(DISTINCT m.doc_id), count(*),
                    min(d.published_date), max(d.published_date)
             FROM entity_mentions m JOIN documents d INDEXED BY documents_id_day ON d.id = m.doc_id
             WHERE m.entity_id = ?1 HAVING count(*) > 0",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((kind, canonical, wikidata, documents, mentions, first_seen, last_seen)) = head else {
        return Ok(None);
    };
    let width = if monthly { 7 } else { 10 };
    let mut stmt = conn.prepare_cached(
        "SELECT substr(d.published_date, 1, ?2), count(DISTINCT m.doc_id), count(*)
         FROM entity_mentions m JOIN documents d INDEXED BY documents_id_day ON d.id = m.doc_id
         WHERE m.entity_id = ?1 AND d.published_date IS NOT NULL
         GROUP BY 1 ORDER BY 1",
    )?;
    let timeline = stmt
        .query_map(params![id, width], |r| {
            Ok(Period {
                period: r.get(0)?,
                documents: r.get::<_, i64>(1)? as u64,
                mentions: r.get::<_, i64>(2)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let dated: u64 = timeline.iter().map(|p| p.mentions).sum();
    let co_occurring = counted_entities(
        store,
        "SELECT m.entity_id, max(m.kind), max(m.canonical), count(DISTINCT m.doc_id)
         FROM entity_mentions m
         WHERE m.doc_id IN (
                 SELECT d.id FROM documents d INDEXED BY documents_id_day
                 WHERE d.id IN (SELECT doc_id FROM entity_mentions WHERE entity_id = ?1)
                 ORDER BY d.published_date DESC, d.rowid DESC LIMIT ?3)
           AND m.entity_id <> ?1
         GROUP BY m.entity_id ORDER BY count(DISTINCT m.doc_id) DESC, count(*) DESC, m.entity_id LIMIT ?2",
        params![id, MAX_CO_ENTITIES as i64, CO_ENTITY_DOCUMENTS as i64],
    )?;
    Ok(Some(EntityDetail {
        entity_id: id.to_string(),
        kind,
        canonical,
        wikidata,
        aliases: aliases(store, id, MAX_ALIASES)?,
        documents: documents as u64,
        mentions: mentions as u64,
        first_seen,
        last_seen,
        granularity: if monthly { "month" } else { "day" }.to_string(),
        timeline,
        undated_mentions: mentions as u64 - dated,
        co_occurring,
    }))
}

/// Documents in the store, for `/metrics` and `/healthz`.
pub fn document_count(store: &Store) -> Result<u64, ApiError> {
    Ok(store.connection().query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))? as u64)
}

/// Distinct outlets with their document counts, most first.
pub fn outlets(store: &Store, limit: usize) -> Result<Vec<(String, u64)>, ApiError> {
    let mut stmt = store.connection().prepare_cached(
        "SELECT outlet, count(*) FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY 2 DESC, 1 LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([limit as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
