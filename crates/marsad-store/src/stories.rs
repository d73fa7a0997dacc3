//! Stories in the store: the rows `marsad stories` lists, their documents, and the
//! clusterer's serialised state, all written in one transaction per update.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::{Result, Store, now};

/// A story (event or saga) as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryRow {
    pub id: String,
    pub level: String,
    pub parent: Option<String>,
    pub title: Option<String>,
    pub title_doc: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub documents: u64,
    /// The centroid's (term hash, weight) pairs, as the story layer encodes them.
    #[serde(skip)]
    pub centroid: Vec<u8>,
}

/// A document of a story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryMember {
    pub story_id: String,
    pub doc_id: String,
    pub similarity: f32,
}

/// A story's document with what listings show of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryDocument {
    pub doc_id: String,
    pub similarity: f32,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

/// Which stories to list.
#[derive(Clone, Debug, Default)]
pub struct StoryFilter<'a> {
    pub level: Option<&'a str>,
    pub min_documents: u64,
    /// Stories whose days overlap [from, to] (ISO days).
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub limit: usize,
    pub offset: usize,
}

fn story_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoryRow> {
    Ok(StoryRow {
        id: r.get(0)?,
        level: r.get(1)?,
        parent: r.get(2)?,
        title: r.get(3)?,
        title_doc: r.get(4)?,
        start: r.get(5)?,
        end: r.get(6)?,
        documents: r.get::<_, i64>(7)? as u64,
        centroid: r.get(8)?,
    })
}

const STORY_COLUMNS: &str = "id, level, parent, title, title_doc, start, end, documents, centroid";

impl Store {
    /// The clusterer's saved state: its format version and bytes.
    pub fn story_state(&self) -> Result<Option<(u32, Vec<u8>)>> {
        Ok(self
            .conn
            .query_row("SELECT format, state FROM story_state WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Documents in no story yet, with their publication day, in (day, id) order (undated last).
    pub fn unplaced_documents(&self) -> Result<Vec<(String, Option<String>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.published_date FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM story_documents s WHERE s.doc_id = d.id)
             ORDER BY d.published_date IS NULL, d.published_date, d.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes an update: the stories that changed (replacing their rows), the new
    /// memberships, and the new state — or none of it.
    pub fn save_stories(
        &mut self,
        format: u32,
        documents: u64,
        state: &[u8],
        stories: &[StoryRow],
        members: &[StoryMember],
    ) -> Result<()> {
        let at = now();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut put = tx.prepare_cached(
                "INSERT OR REPLACE INTO stories (id, level, parent, title, title_doc, start, end, documents, centroid, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for s in stories {
                put.execute(params![
                    s.id,
                    s.level,
                    s.parent,
                    s.title,
                    s.title_doc,
                    s.start,
                    s.end,
                    s.documents as i64,
                    s.centroid,
                    at
                ])?;
            }
            let mut member = tx.prepare_cached(
                "INSERT OR REPLACE INTO story_documents (story_id, doc_id, similarity) VALUES (?1, ?2, ?3)",
            )?;
            for m in members {
                member.execute(params![m.story_id, m.doc_id, m.similarity as f64])?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO story_state (id, format, documents, state) VALUES (1, ?1, ?2, ?3)",
                params![format, documents as i64, state],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Forgets every story and the clusterer's state (before a rebuild).
    pub fn clear_stories(&mut self) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch("DELETE FROM story_documents; DELETE FROM stories; DELETE FROM story_state;")?;
        tx.commit()?;
        Ok(())
    }

    /// Stories, latest first (by last day, then size).
    pub fn stories(&self, filter: &StoryFilter<'_>) -> Result<Vec<StoryRow>> {
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories
             WHERE (?1 IS NULL OR level = ?1) AND documents >= ?2
               AND (?3 IS NULL OR end >= ?3) AND (?4 IS NULL OR start <= ?4)
             ORDER BY end IS NULL, end DESC, documents DESC, id LIMIT ?5 OFFSET ?6"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let limit = if filter.limit == 0 { i64::MAX } else { filter.limit as i64 };
        let rows = stmt.query_map(
            params![filter.level, filter.min_documents as i64, filter.from, filter.to, limit, filter.offset as i64],
            story_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One story.
    pub fn story(&self, id: &str) -> Result<Option<StoryRow>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], story_row).optional()?)
    }

    /// The events of a saga, largest first.
    pub fn story_children(&self, id: &str) -> Result<Vec<StoryRow>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM stories WHERE parent = ?1 ORDER BY documents DESC, start, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([id], story_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A story's documents, most central first.
    pub fn story_documents(&self, id: &str) -> Result<Vec<StoryDocument>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.doc_id, s.similarity, d.title, d.outlet, d.published_date
             FROM story_documents s JOIN documents d ON d.id = s.doc_id
             WHERE s.story_id = ?1 ORDER BY s.similarity DESC, d.published_date, s.doc_id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(StoryDocument {
                doc_id: r.get(0)?,
                similarity: r.get::<_, f64>(1)? as f32,
                title: r.get(2)?,
                outlet: r.get(3)?,
                published: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stories a document belongs to (its event and its saga).
    pub fn stories_of_document(&self, doc_id: &str) -> Result<Vec<String>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT story_id FROM story_documents WHERE doc_id = ?1 ORDER BY story_id")?;
        let rows = stmt.query_map([doc_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The documents that mention an entity, oldest first.
    pub fn documents_mentioning(&self, entity_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT m.doc_id FROM entity_mentions m JOIN documents d ON d.id = m.doc_id
             WHERE m.entity_id = ?1 ORDER BY d.published_date, m.doc_id",
        )?;
        let rows = stmt.query_map([entity_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The entity an argument names: an entity id, its canonical name (any case) or one of
    /// its spellings as written; the most mentioned match wins. Returns (id, canonical).
    pub fn find_entity(&self, name_or_id: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT entity_id, canonical FROM entity_mentions
                 WHERE entity_id = ?1 OR canonical = ?1 COLLATE NOCASE OR surface = ?1
                 GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT 1",
                [name_or_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, level: &str, parent: Option<&str>, end: &str, documents: u64) -> StoryRow {
        StoryRow {
            id: id.into(),
            level: level.into(),
            parent: parent.map(str::to_string),
            title: Some(format!("title of {id}")),
            title_doc: None,
            start: Some("2020-10-01".into()),
            end: Some(end.into()),
            documents,
            centroid: vec![1, 2, 3],
        }
    }

    #[test]
    fn an_update_is_saved_whole_and_listed_latest_first() {
        let mut store = Store::in_memory().unwrap();
        assert!(store.story_state().unwrap().is_none());
        let stories = [
            row("sg-1", "saga", None, "2020-10-12", 3),
            row("ev-1", "event", Some("sg-1"), "2020-10-10", 2),
            row("ev-2", "event", Some("sg-1"), "2020-10-12", 1),
        ];
        store.save_stories(1, 3, b"state", &stories, &[]).unwrap();
        assert_eq!(store.story_state().unwrap(), Some((1, b"state".to_vec())));
        let events = store.stories(&StoryFilter { level: Some("event"), ..StoryFilter::default() }).unwrap();
        assert_eq!(events.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["ev-2", "ev-1"]);
        let big = store.stories(&StoryFilter { min_documents: 2, ..StoryFilter::default() }).unwrap();
        assert_eq!(big.len(), 2);
        assert_eq!(store.story_children("sg-1").unwrap()[0].id, "ev-1");
        assert_eq!(store.story("ev-1").unwrap().unwrap().centroid, vec![1, 2, 3]);
        store.clear_stories().unwrap();
        assert!(store.story_state().unwrap().is_none());
        assert!(store.story("ev-1").unwrap().is_none());
    }
}
