//! The embedded store: one SQLite database in the data folder, in WAL mode, with
//! versioned migrations (`migrations/*.sql`, applied in order on open).
//!
//! Invariants:
//! - a document is stored once per distinct content (`documents.id` is the hash of its
//!   normalised body), and every source it came from is kept once (`provenance` is
//!   unique on `(doc_id, source)`);
//! - a batch is written in one transaction, so a process killed at any point leaves
//!   every batch either wholly stored or not at all; re-running the same ingest then
//!   stores exactly what is missing.

mod dedup;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use marsad_core::{Boilerplate, DocId, Document, Format, Provenance, Published, PublishedFrom};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

mod stories;
pub use dedup::{DedupRow, StoredPair, StoredPassage, StoredReuse, doc_key};
pub use stories::{StoryDocument, StoryFilter, StoryMember, StoryRow};

/// File name of the database inside the data folder.
pub const DB_FILE: &str = "marsad.sqlite";

/// The schema, one step per version. `PRAGMA user_version` records how many have been
/// applied; each step runs in its own transaction together with the version bump, so a
/// crash mid-migration leaves the previous version intact. Steps are only ever added.
/// (rusqlite_migration would do the same, but no release of it builds against the
/// rusqlite this workspace uses.)
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_documents.sql"),
    include_str!("../migrations/0002_entities.sql"),
    include_str!("../migrations/0003_stories.sql"),
    include_str!("../migrations/0004_events.sql"),
    include_str!("../migrations/0005_serve.sql"),
    include_str!("../migrations/0006_dedup.sql"),
];

fn migrate(conn: &mut Connection) -> rusqlite::Result<u32> {
    let current: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current as usize > MIGRATIONS.len() {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "schema version {current} is newer than this marsad knows ({}); upgrade marsad",
            MIGRATIONS.len()
        )));
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", (i + 1) as u32)?;
        tx.commit()?;
    }
    Ok(MIGRATIONS.len() as u32)
}

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("database {path} could not be migrated: {source}")]
    Migrate { path: PathBuf, source: rusqlite::Error },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What happened to one document of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsertStatus {
    /// New content.
    New,
    /// Content already stored, found at a new source (provenance added).
    NewCopy,
    /// Content already stored from this very source.
    AlreadyPresent,
}

/// A document to store, with its analysis (the contract JSON) and analyser version.
pub struct NewDocument<'a> {
    pub doc: &'a Document,
    pub analysis_json: &'a str,
    pub analysis_version: u32,
    /// The analysis's entity mentions, kept for `entities`.
    pub entities: &'a [marsad_core::EntityMention],
}

/// An event as stored, with the document it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredEvent {
    pub doc_id: String,
    pub url: Option<String>,
    #[serde(flatten)]
    pub event: marsad_core::Event,
}

/// The parts of an analysis that go into the events and quotes tables.
#[derive(serde::Deserialize)]
struct EventsPart {
    #[serde(default)]
    events: Vec<marsad_core::Event>,
    #[serde(default)]
    quotes: Vec<marsad_core::Quote>,
}

/// Writes a document's events and quotes (read from its analysis JSON) in its transaction.
fn insert_events(tx: &rusqlite::Transaction<'_>, doc_id: &str, analysis_json: &str) -> rusqlite::Result<()> {
    let Ok(part) = serde_json::from_str::<EventsPart>(analysis_json) else { return Ok(()) };
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let mut insert_event = tx.prepare_cached(
        "INSERT OR REPLACE INTO events (doc_id, seq, type, cameo, trigger, actors, actor_ids, targets, target_ids,
            location, location_id, date, date_from, modality, figures, sentence, start, end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for (seq, e) in part.events.iter().enumerate() {
        insert_event.execute(params![
            doc_id,
            seq as i64,
            e.kind,
            e.cameo,
            e.trigger,
            json(&e.actors),
            json(&e.actor_ids),
            json(&e.targets),
            json(&e.target_ids),
            e.location,
            e.location_id,
            e.date,
            e.date_from,
            e.modality,
            serde_json::to_string(&e.figures).unwrap_or_else(|_| "{}".into()),
            e.sentence,
            e.start as i64,
            e.end as i64,
        ])?;
    }
    let mut insert_quote = tx.prepare_cached(
        "INSERT OR REPLACE INTO quotes (doc_id, seq, speaker, speaker_id, speaker_text, cue, content, start, end,
            direct, implied)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (seq, q) in part.quotes.iter().enumerate() {
        insert_quote.execute(params![
            doc_id,
            seq as i64,
            q.speaker,
            q.speaker_id,
            q.speaker_text,
            q.cue,
            q.content,
            q.start as i64,
            q.end as i64,
            q.direct,
            q.implied,
        ])?;
    }
    Ok(())
}

/// A canonical entity as the store knows it: all its mentions aggregated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntitySummary {
    pub entity_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub canonical: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Every spelling seen, as written, most frequent first.
    pub aliases: Vec<String>,
    pub documents: u64,
    pub mentions: u64,
    /// Earliest and latest publication day of the documents that mention it.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// An input that was not ingested, to keep on record.
pub struct NewSkip {
    /// `path[:line]`.
    pub location: String,
    /// The reason's stable code (`binary`, `too_large`, …).
    pub reason: String,
    /// The full message.
    pub message: String,
}

/// One line of a document listing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub body_chars: u64,
    pub boilerplate: usize,
    pub sources: u64,
    pub first_source: String,
}

/// Counts over the whole store.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StoreStats {
    pub documents: u64,
    pub provenance: u64,
    pub runs: u64,
    pub skips: u64,
    pub outlets: Vec<(String, u64)>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

/// The embedded store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

impl Store {
    /// Opens (creating if needed) the store in `dir`, migrating it to the latest schema.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        let path = dir.join(DB_FILE);
        let mut conn = Connection::open(&path).map_err(|source| StoreError::Open { path: path.clone(), source })?;
        Self::configure(&conn).map_err(|source| StoreError::Open { path: path.clone(), source })?;
        migrate(&mut conn).map_err(|source| StoreError::Migrate { path: path.clone(), source })?;
        Ok(Store { conn, path })
    }

    /// An in-memory store, for tests.
    pub fn in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        Self::configure(&conn)?;
        migrate(&mut conn).map_err(|source| StoreError::Migrate { path: PathBuf::from(":memory:"), source })?;
        Ok(Store { conn, path: PathBuf::from(":memory:") })
    }

    fn configure(conn: &Connection) -> rusqlite::Result<()> {
        conn.busy_timeout(Duration::from_secs(30))?;
        // WAL: readers never block the writer. synchronous=NORMAL in WAL mode loses no
        // committed transaction when the process dies, only (at worst) the last ones
        // on a power cut.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Starts an ingest run and returns its id.
    pub fn begin_run(&mut self, args: &str) -> Result<i64> {
        self.conn.execute("INSERT INTO ingest_runs (started_at, args) VALUES (?1, ?2)", params![now(), args])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records a run's final counts.
    pub fn finish_run(&mut self, run: i64, ingested: u64, copies: u64, already: u64, skipped: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE ingest_runs SET finished_at = ?2, ingested = ?3, copies = ?4, already = ?5, skipped = ?6 WHERE id = ?1",
            params![run, now(), ingested as i64, copies as i64, already as i64, skipped as i64],
        )?;
        Ok(())
    }

    /// Stores a batch of documents and skips in one transaction.
    pub fn insert_batch(
        &mut self,
        run: Option<i64>,
        docs: &[NewDocument<'_>],
        skips: &[NewSkip],
    ) -> Result<Vec<InsertStatus>> {
        let at = now();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut statuses = Vec::with_capacity(docs.len());
        {
            let mut insert_doc = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (id, title, text, body, boilerplate, published_date,
                    published_datetime, published_from, published_confidence, published_raw, lang, outlet,
                    url, body_chars, first_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?;
            let mut insert_prov = tx.prepare_cached(
                "INSERT OR IGNORE INTO provenance (doc_id, source, path, line, format, encoding, external_id,
                    declared_lang, warnings, run_id, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut insert_analysis =
                tx.prepare_cached("INSERT OR REPLACE INTO analyses (doc_id, version, json) VALUES (?1, ?2, ?3)")?;
            let mut insert_mention = tx.prepare_cached(
                "INSERT OR IGNORE INTO entity_mentions (doc_id, start, end, entity_id, kind, canonical, wikidata, surface)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for item in docs {
                let d = item.doc;
                let body: Vec<[usize; 2]> = d.body.iter().map(|r| [r.start, r.end]).collect();
                let new_doc = insert_doc.execute(params![
                    d.id.as_str(),
                    d.title,
                    d.text,
                    serde_json::to_string(&body).unwrap_or_else(|_| "[]".into()),
                    serde_json::to_string(&d.boilerplate).unwrap_or_else(|_| "[]".into()),
                    d.published.date,
                    d.published.datetime,
                    d.published.from.as_str(),
                    d.published.confidence as f64,
                    d.published.raw,
                    d.lang,
                    d.outlet,
                    d.url,
                    d.body_chars() as i64,
                    at,
                ])? == 1;
                if new_doc {
                    insert_analysis.execute(params![d.id.as_str(), item.analysis_version, item.analysis_json])?;
                    for m in item.entities {
                        insert_mention.execute(params![
                            d.id.as_str(),
                            m.start as i64,
                            m.end as i64,
                            m.entity_id,
                            m.kind,
                            m.canonical,
                            m.wikidata,
                            m.text
                        ])?;
                    }
                    insert_events(&tx, d.id.as_str(), item.analysis_json)?;
                }
                let p = &d.provenance;
                let new_prov = insert_prov.execute(params![
                    d.id.as_str(),
                    p.source,
                    p.path,
                    p.line.map(|l| l as i64),
                    p.format.map(|f| f.as_str()),
                    p.encoding,
                    p.external_id,
                    p.declared_lang,
                    serde_json::to_string(&d.warnings).unwrap_or_else(|_| "[]".into()),
                    run,
                    at,
                ])? == 1;
                statuses.push(match (new_doc, new_prov) {
                    (true, _) => InsertStatus::New,
                    (false, true) => InsertStatus::NewCopy,
                    (false, false) => InsertStatus::AlreadyPresent,
                });
            }
            let mut insert_skip = tx.prepare_cached(
                "INSERT INTO skips (run_id, location, reason, message, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for skip in skips {
                insert_skip.execute(params![run, skip.location, skip.reason, skip.message, at])?;
            }
        }
        tx.commit()?;
        Ok(statuses)
    }

    /// Stored events, in document and sentence order; `kind` filters by type, `asserted_only`
    /// leaves out negated, hypothetical and future ones.
    pub fn events(&self, kind: Option<&str>, asserted_only: bool, limit: usize) -> Result<Vec<StoredEvent>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.doc_id, d.url, e.type, e.cameo, e.trigger, e.actors, e.actor_ids, e.targets, e.target_ids,
                    e.location, e.location_id, e.date, e.date_from, e.modality, e.figures, e.sentence, e.start, e.end
             FROM events e JOIN documents d ON d.id = e.doc_id
             WHERE (?1 IS NULL OR e.type = ?1) AND (?2 = 0 OR e.modality = 'asserted')
             ORDER BY e.date, e.doc_id, e.seq LIMIT ?3",
        )?;
        let json_list = |s: String| serde_json::from_str::<Vec<String>>(&s).unwrap_or_default();
        let rows = stmt.query_map(params![kind, asserted_only as i64, limit as i64], |r| {
            Ok(StoredEvent {
                doc_id: r.get(0)?,
                url: r.get(1)?,
                event: marsad_core::Event {
                    kind: r.get(2)?,
                    cameo: r.get(3)?,
                    trigger: r.get(4)?,
                    actors: json_list(r.get(5)?),
                    actor_ids: json_list(r.get(6)?),
                    targets: json_list(r.get(7)?),
                    target_ids: json_list(r.get(8)?),
                    location: r.get(9)?,
                    location_id: r.get(10)?,
                    date: r.get(11)?,
                    date_from: r.get(12)?,
                    modality: r.get(13)?,
                    figures: serde_json::from_str(&r.get::<_, String>(14)?).unwrap_or_default(),
                    sentence: r.get(15)?,
                    start: r.get::<_, i64>(16)? as usize,
                    end: r.get::<_, i64>(17)? as usize,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Canonical entities with their spellings, document counts and first/last days,
    /// most documents first; `kind` filters by type (`PER`, …).
    pub fn entities(&self, kind: Option<&str>, limit: usize) -> Result<Vec<EntitySummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.entity_id, MAX(m.kind), MAX(m.canonical), MAX(m.wikidata), COUNT(DISTINCT m.doc_id), COUNT(*),
                    MIN(d.published_date), MAX(d.published_date)
             FROM entity_mentions m JOIN documents d ON d.id = m.doc_id
             WHERE ?1 IS NULL OR m.kind = ?1
             GROUP BY m.entity_id
             ORDER BY COUNT(DISTINCT m.doc_id) DESC, COUNT(*) DESC, m.entity_id
             LIMIT ?2",
        )?;
        let mut aliases = self.conn.prepare(
            "SELECT surface FROM entity_mentions WHERE entity_id = ?1 GROUP BY surface ORDER BY COUNT(*) DESC, surface",
        )?;
        let rows = stmt
            .query_map(params![kind, limit as i64], |r| {
                Ok(EntitySummary {
                    entity_id: r.get(0)?,
                    kind: r.get(1)?,
                    canonical: r.get(2)?,
                    wikidata: r.get(3)?,
                    aliases: Vec::new(),
                    documents: r.get::<_, i64>(4)? as u64,
                    mentions: r.get::<_, i64>(5)? as u64,
                    first_seen: r.get(6)?,
                    last_seen: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for mut e in rows {
            e.aliases = aliases.query_map([&e.entity_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
            out.push(e);
        }
        Ok(out)
    }

    /// Whether a document is stored.
    pub fn contains(&self, id: &str) -> Result<bool> {
        Ok(self.conn.query_row("SELECT 1 FROM documents WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
    }

    /// One document with its first provenance, or None.
    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, title, text, body, boilerplate, published_date, published_datetime, published_from,
                        published_confidence, published_raw, lang, outlet, url
                 FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, f64>(8)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, String>(10)?,
                        r.get::<_, Option<String>>(11)?,
                        r.get::<_, Option<String>>(12)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, title, text, body, boilerplate, date, datetime, from, confidence, raw, lang, outlet, url)) = row
        else {
            return Ok(None);
        };
        let body: Vec<[usize; 2]> =
            serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("body of {id}: {e}")))?;
        let body: Vec<Range<usize>> = body.into_iter().map(|[s, e]| s..e).collect();
        if body.iter().any(|r| text.get(r.clone()).is_none()) {
            return Err(StoreError::Corrupt(format!("body ranges of {id} do not fit its text")));
        }
        let boilerplate: Vec<Boilerplate> =
            serde_json::from_str(&boilerplate).map_err(|e| StoreError::Corrupt(format!("boilerplate of {id}: {e}")))?;
        let provenance = self.provenance(&id)?.into_iter().next().unwrap_or_default();
        Ok(Some(Document {
            id: DocId(id),
            title,
            text,
            body,
            boilerplate,
            published: Published {
                date,
                datetime,
                from: PublishedFrom::parse(&from),
                confidence: confidence as f32,
                raw,
            },
            lang,
            outlet,
            url,
            provenance,
            warnings: Vec::new(),
        }))
    }

    /// Every source a document was found at, oldest first.
    pub fn provenance(&self, id: &str) -> Result<Vec<Provenance>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source, path, line, format, encoding, external_id, declared_lang FROM provenance
             WHERE doc_id = ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Provenance {
                source: r.get(0)?,
                path: r.get(1)?,
                line: r.get::<_, Option<i64>>(2)?.map(|l| l as u64),
                format: r.get::<_, Option<String>>(3)?.as_deref().and_then(Format::parse),
                encoding: r.get(4)?,
                external_id: r.get(5)?,
                declared_lang: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored analysis JSON of a document.
    pub fn analysis(&self, id: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT json FROM analyses WHERE doc_id = ?1", [id], |r| r.get(0)).optional()?)
    }

    /// Documents in ingest order (`offset`, `limit`), optionally of one outlet.
    pub fn documents(&self, outlet: Option<&str>, limit: usize, offset: usize) -> Result<Vec<DocSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.outlet, d.published_date, d.body_chars, d.boilerplate,
                    (SELECT count(*) FROM provenance p WHERE p.doc_id = d.id),
                    (SELECT p.source FROM provenance p WHERE p.doc_id = d.id ORDER BY p.rowid LIMIT 1)
             FROM documents d
             WHERE (?1 IS NULL OR d.outlet = ?1)
             ORDER BY d.rowid LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(params![outlet, limit as i64, offset as i64], |r| {
            let boilerplate: String = r.get(5)?;
            Ok(DocSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                published: r.get(3)?,
                body_chars: r.get::<_, i64>(4)? as u64,
                boilerplate: serde_json::from_str::<Vec<serde_json::Value>>(&boilerplate).map_or(0, |v| v.len()),
                sources: r.get::<_, i64>(6)? as u64,
                first_source: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Up to `limit` ids that start with `prefix` (a range scan on the primary key).
    pub fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM documents WHERE id >= ?1 AND substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![prefix, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Counts over the store.
    pub fn stats(&self) -> Result<StoreStats> {
        let count = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(outlet, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20",
        )?;
        let outlets = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (first, last) =
            self.conn.query_row("SELECT min(published_date), max(published_date) FROM documents", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(StoreStats {
            documents: count("SELECT count(*) FROM documents")?,
            provenance: count("SELECT count(*) FROM provenance")?,
            runs: count("SELECT count(*) FROM ingest_runs")?,
            skips: count("SELECT count(*) FROM skips")?,
            outlets,
            first_published: first,
            last_published: last,
        })
    }

    /// SQLite's own consistency check: `ok` when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// The underlying connection, for read-only queries by later stages.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_core::Document;

    fn doc(text: &str, source: &str) -> Document {
        let body = vec![0..text.len()];
        Document {
            id: DocId::of_body(text, &body),
            title: Some("عنوان".into()),
            text: text.into(),
            body,
            boilerplate: Vec::new(),
            published: Published::default(),
            lang: "ar".into(),
            outlet: Some("test".into()),
            url: None,
            provenance: Provenance { source: source.into(), ..Provenance::default() },
            warnings: Vec::new(),
        }
    }

    fn insert(store: &mut Store, docs: &[Document]) -> Vec<InsertStatus> {
        let items: Vec<NewDocument> = docs
            .iter()
            .map(|d| NewDocument { doc: d, analysis_json: "{}", analysis_version: 1, entities: &[] })
            .collect();
        store.insert_batch(None, &items, &[]).unwrap()
    }

    #[test]
    fn same_content_is_stored_once_with_every_source() {
        let mut store = Store::in_memory().unwrap();
        let a = doc("نص الخبر الأول", "a.txt");
        let b = doc("نص الخبر الأول", "b.txt");
        assert_eq!(insert(&mut store, &[a.clone(), b]), vec![InsertStatus::New, InsertStatus::NewCopy]);
        assert_eq!(insert(&mut store, std::slice::from_ref(&a)), vec![InsertStatus::AlreadyPresent]);
        let stats = store.stats().unwrap();
        assert_eq!((stats.documents, stats.provenance), (1, 2));
        let back = store.document(a.id.as_str()).unwrap().unwrap();
        assert_eq!(back.text, a.text);
        assert_eq!(back.body, a.body);
        assert_eq!(store.provenance(a.id.as_str()).unwrap().len(), 2);
    }

    #[test]
    fn opens_a_folder_and_migrates() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data")).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as u32);
        assert_eq!(store.integrity_check().unwrap(), "ok");
        drop(store);
        // Opening again is a no-op migration.
        assert_eq!(Store::open(&dir.path().join("data")).unwrap().schema_version().unwrap(), MIGRATIONS.len() as u32);
    }

    #[test]
    fn events_and_quotes_of_an_analysis_are_stored() {
        let mut store = Store::in_memory().unwrap();
        let d = doc("قالت الوزارة إن القصف استمر.", "a.txt");
        let json = r#"{"events": [{"type": "military_attack", "cameo": "190", "trigger": "القصف", "actors": ["X"],
            "actor_ids": ["org:x"], "targets": [], "location": null, "date": "2020-10-04", "figures": {"killed": 3},
            "sentence": "s", "start": 0, "end": 28, "date_from": "text", "modality": "asserted"}],
            "quotes": [{"speaker": "X", "speaker_text": "الوزارة", "cue": "قالت", "content": "القصف استمر",
            "start": 16, "end": 27, "direct": false}]}"#;
        store
            .insert_batch(
                None,
                &[NewDocument { doc: &d, analysis_json: json, analysis_version: 4, entities: &[] }],
                &[],
            )
            .unwrap();
        let events = store.events(None, true, 10).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].event.kind, "military_attack");
        assert_eq!(events[0].event.actor_ids, vec!["org:x".to_string()]);
        assert_eq!(events[0].event.figures["killed"], 3);
        assert!(store.events(Some("protest"), false, 10).unwrap().is_empty());
        let quotes: i64 = store.connection().query_row("SELECT count(*) FROM quotes", [], |r| r.get(0)).unwrap();
        assert_eq!(quotes, 1);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.connection().pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let err = Store::open(dir.path()).err().unwrap();
        assert!(err.to_string().contains("newer"), "{err}");
    }
}
