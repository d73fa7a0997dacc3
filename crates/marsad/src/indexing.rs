//! The search index beside the store (`DATA/index`): fed after each stored batch of an
//! ingest, rebuilt by `marsad reindex`, and checked against the store whenever it is
//! opened for a search.
//!
//! The store is the source of truth. Each index commit records the highest store
//! `rowid` it holds (documents get increasing rowids and are never deleted), so:
//! - an index behind its store (a process killed after the store's commit and before
//!   the index's, or an ingest that could not take the index's lock) catches up from
//!   the rows after that rowid;
//! - an index that is damaged, of another format, ahead of its store, or whose document
//!   count still differs from the store's after catching up, is rebuilt from the store.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use marsad_core::EntityMention;
use marsad_index::{Index, IndexDoc, IndexError, Writer};
use marsad_store::Store;
use rusqlite::params;

/// The index folder inside the data folder.
pub const INDEX_DIR: &str = "index";
/// Rows read from the store at a time.
const READ_BATCH: usize = 1_000;
/// Commit the index at least this often during a long ingest or rebuild.
const COMMIT_EVERY: usize = 20_000;
/// Indexing threads and buffer.
const THREADS: usize = 2;
const MEMORY: usize = 96 << 20;

pub fn index_dir(data: &Path) -> PathBuf {
    data.join(INDEX_DIR)
}

/// One stored document as the index needs it.
struct Row {
    rowid: u64,
    id: String,
    title: Option<String>,
    text: String,
    body: Vec<Range<usize>>,
    published: Option<String>,
    outlet: Option<String>,
    entities: Vec<EntityMention>,
}

impl Row {
    fn doc(&self) -> IndexDoc<'_> {
        IndexDoc {
            rowid: self.rowid,
            id: &self.id,
            title: self.title.as_deref(),
            text: &self.text,
            body: &self.body,
            published: self.published.as_deref(),
            outlet: self.outlet.as_deref(),
            entities: &self.entities,
        }
    }
}

/// Stored documents after `rowid`, in rowid order, at most `limit`.
fn rows_after(store: &Store, after: u64, limit: usize) -> Result<Vec<Row>> {
    let conn = store.connection();
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, id, title, text, body, published_date, outlet FROM documents
         WHERE rowid > ?1 ORDER BY rowid LIMIT ?2",
    )?;
    let mut mentions = conn.prepare_cached(
        "SELECT start, end, entity_id, kind, canonical, surface FROM entity_mentions WHERE doc_id = ?1 ORDER BY start",
    )?;
    let rows = stmt.query_map(params![after as i64, limit as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (rowid, id, title, text, body, published, outlet) = row?;
        let body: Vec<[usize; 2]> =
            serde_json::from_str(&body).with_context(|| format!("stored body ranges of document {id}"))?;
        let entities = mentions
            .query_map([&id], |r| {
                Ok(EntityMention {
                    start: r.get::<_, i64>(0)? as usize,
                    end: r.get::<_, i64>(1)? as usize,
                    entity_id: r.get(2)?,
                    kind: r.get(3)?,
                    canonical: r.get(4)?,
                    text: r.get(5)?,
                    role: None,
                    wikidata: None,
                    linked_by: None,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(Row {
            rowid: rowid as u64,
            id,
            title,
            text,
            body: body.into_iter().map(|[s, e]| s..e).collect(),
            published,
            outlet,
            entities,
        });
    }
    Ok(out)
}

fn store_counts(store: &Store) -> Result<(u64, u64)> {
    Ok(store.connection().query_row("SELECT coalesce(max(rowid), 0), count(*) FROM documents", [], |r| {
        Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
    })?)
}

/// Adds every stored document after the writer's last rowid; commits every
/// [`COMMIT_EVERY`] documents (not at the end). Returns how many were added.
fn catch_up(store: &Store, writer: &mut Writer, upsert: bool, bar: &ProgressBar) -> Result<u64> {
    let mut added = 0u64;
    loop {
        let rows = rows_after(store, writer.last_rowid(), READ_BATCH)?;
        if rows.is_empty() {
            return Ok(added);
        }
        for row in &rows {
            if upsert {
                writer.upsert(&row.doc())?
            } else {
                writer.add(&row.doc())?
            }
            bar.inc(1);
        }
        added += rows.len() as u64;
        if writer.pending() >= COMMIT_EVERY {
            writer.commit()?;
        }
    }
}

/// What opening the index took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sync {
    /// It matched the store.
    Ready,
    /// It was behind; this many documents were added.
    CaughtUp(u64),
    /// It was rebuilt, for this reason.
    Rebuilt(String),
    /// It is behind but another process is writing it: searched as it is.
    Behind(u64),
}

/// Rebuilds the index of `data` from `store`; returns it and the number of documents.
pub fn rebuild(data: &Path, store: &Store, show_progress: bool) -> Result<(Index, u64)> {
    let dir = index_dir(data);
    let index = Index::recreate(&dir)?;
    let (_, count) = store_counts(store)?;
    let bar = crate::pipeline::count_bar(count, "index", "documents", show_progress);
    let mut writer = index.writer(THREADS, MEMORY)?;
    let added = catch_up(store, &mut writer, false, &bar)?;
    writer.commit()?;
    writer.finish()?;
    bar.finish_and_clear();
    Ok((index, added))
}

/// Opens the index of `data`, consistent with `store` (see the module documentation).
pub fn open_synced(data: &Path, store: &Store, show_progress: bool) -> Result<(Index, Sync)> {
    let dir = index_dir(data);
    let index = match Index::open(&dir) {
        Ok(index) => index,
        Err(e) => {
            let (index, _) = rebuild(data, store, show_progress)?;
            return Ok((index, Sync::Rebuilt(format!("{e:#}"))));
        }
    };
    let status = index.status()?;
    let (max_rowid, count) = store_counts(store)?;
    if status.last_rowid > max_rowid {
        let (index, _) = rebuild(data, store, show_progress)?;
        let why = format!("the index records rowid {} but the store ends at {max_rowid}", status.last_rowid);
        return Ok((index, Sync::Rebuilt(why)));
    }
    let mut sync = Sync::Ready;
    if status.last_rowid < max_rowid {
        match index.writer(THREADS, MEMORY) {
            Ok(mut writer) => {
                let bar = crate::pipeline::count_bar(
                    count.saturating_sub(status.documents),
                    "index",
                    "documents",
                    show_progress,
                );
                // Upsert: documents of an uncommitted tail may have been merged already.
                let added = catch_up(store, &mut writer, true, &bar)?;
                writer.commit()?;
                writer.finish()?;
                bar.finish_and_clear();
                sync = Sync::CaughtUp(added);
            }
            Err(IndexError::Locked { .. }) => return Ok((index, Sync::Behind(max_rowid - status.last_rowid))),
            Err(e) => return Err(e.into()),
        }
    }
    let documents = index.status()?.documents;
    if documents != count {
        let (index, _) = rebuild(data, store, show_progress)?;
        let why = format!("the index held {documents} documents, the store {count}");
        return Ok((index, Sync::Rebuilt(why)));
    }
    Ok((index, sync))
}

/// Keeps the index up to date during an ingest: after each stored batch, the batch's
/// new documents (read back from the store by rowid) are added; commits every
/// [`COMMIT_EVERY`] documents and at the end. A failure of the index never fails the
/// ingest: it is reported and the index catches up at the next search.
pub struct IngestIndexer {
    _index: Index,
    writer: Option<Writer>,
}

impl IngestIndexer {
    pub fn start(data: &Path, store: &Store, show_progress: bool) -> Option<IngestIndexer> {
        let started = (|| -> Result<IngestIndexer> {
            let (index, _) = open_synced(data, store, show_progress)?;
            let writer = index.writer(THREADS, MEMORY)?;
            Ok(IngestIndexer { _index: index, writer: Some(writer) })
        })();
        started.map_err(|e| eprintln!("warning: search index not updated during this ingest: {e:#}")).ok()
    }

    /// After a batch is stored.
    pub fn after_batch(&mut self, store: &Store) {
        self.run(|w| catch_up(store, w, false, &ProgressBar::hidden()).map(drop));
    }

    /// At the end of the ingest.
    pub fn finish(mut self, store: &Store) {
        self.run(|w| {
            catch_up(store, w, false, &ProgressBar::hidden())?;
            w.commit()?;
            Ok(())
        });
        if let Some(w) = self.writer.take()
            && let Err(e) = w.finish()
        {
            eprintln!("warning: search index: {e:#}");
        }
    }

    fn run(&mut self, f: impl FnOnce(&mut Writer) -> Result<()>) {
        if let Some(w) = self.writer.as_mut()
            && let Err(e) = f(w)
        {
            eprintln!("warning: search index not updated ({e:#}); it will catch up at the next search");
            self.writer = None;
        }
    }
}
