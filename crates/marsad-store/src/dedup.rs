//! The duplicate and reuse index: per-document MinHash signatures, LSH band keys and
//! reuse fingerprints, and the duplicate pairs and reused passages found from them.
//! The store keeps and queries rows; what goes in them is computed by `marsad-dedup`
//! (the binary's `dups` module drives the two).

use std::collections::HashMap;
use std::ops::Range;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{Result, Store, StoreError};

/// The compact key of a document in the band and posting tables: the first 64 bits of
/// its id (hex), or of a hash of the id when it is not hex.
pub fn doc_key(id: &str) -> i64 {
    match id.get(..16).and_then(|h| u64::from_str_radix(h, 16).ok()) {
        Some(v) => v as i64,
        None => {
            // FNV-1a: ids are normally BLAKE3 hex, this is only a fallback.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in id.bytes() {
                h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
            }
            h as i64
        }
    }
}

/// One document's index row.
pub struct DedupRow<'a> {
    pub doc_id: &'a str,
    pub version: u32,
    pub words: u32,
    pub exact_key: u64,
    pub minhash: &'a [u8],
    pub bands: &'a [u64],
    pub fingerprints: &'a [u64],
}

/// A duplicate pair (`a < b`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredPair {
    pub a: String,
    pub b: String,
    /// `exact`, `near` or `edited`.
    pub kind: String,
    pub jaccard: f64,
}

/// A passage shared by two documents: code-point offsets in each document's original
/// text and lengths in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPassage {
    pub a_start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub b_end: usize,
    pub a_words: usize,
    pub b_words: usize,
}

/// The passages two documents share (`a < b`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredReuse {
    pub a: String,
    pub b: String,
    pub passages: Vec<StoredPassage>,
}

/// Candidates of a document against the index.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    /// Documents with the same word sequence.
    pub exact: Vec<String>,
    /// Documents sharing an LSH band.
    pub near: Vec<String>,
    /// Documents sharing a reuse fingerprint that is in at most `cap` documents.
    pub reuse: Vec<String>,
}

impl Store {
    /// Ids of documents that have no index row of `version`, in ingest order (at most `limit`).
    pub fn documents_without_dedup(&self, version: u32, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id FROM documents d LEFT JOIN dedup_docs x ON x.doc_id = d.id
             WHERE x.doc_id IS NULL OR x.version <> ?1 ORDER BY d.rowid LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![version, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether any index row is of another version than `version`.
    pub fn dedup_outdated(&self, version: u32) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM dedup_docs WHERE version <> ?1 LIMIT 1", [version], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Empties the whole duplicate and reuse index (before a rebuild).
    pub fn clear_dedup(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "BEGIN IMMEDIATE; DELETE FROM dedup_bands; DELETE FROM reuse_postings; DELETE FROM dedup_pairs;
             DELETE FROM reuse_pairs; DELETE FROM dedup_docs; COMMIT;",
        )?;
        Ok(())
    }

    /// A document's text and body ranges (what duplicate detection reads).
    pub fn text_and_body(&self, id: &str) -> Result<Option<(String, Vec<Range<usize>>)>> {
        let row = self
            .conn
            .prepare_cached("SELECT text, body FROM documents WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .optional()?;
        let Some((text, body)) = row else { return Ok(None) };
        Ok(Some((text, parse_body(id, &body)?)))
    }

    /// Every document's id, text and body ranges, in ingest order, passed to `f`.
    pub fn for_each_text(&self, mut f: impl FnMut(String, String, Vec<Range<usize>>)) -> Result<()> {
        let mut stmt = self.conn.prepare("SELECT id, text, body FROM documents ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, text, body): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let body = parse_body(&id, &body)?;
            f(id, text, body);
        }
        Ok(())
    }

    /// The documents the index pairs with a new document: same exact key, a shared band,
    /// or a shared fingerprint held by at most `cap` documents. The document itself is left out.
    pub fn dedup_candidates(
        &self,
        doc_id: &str,
        exact_key: u64,
        bands: &[u64],
        fingerprints: &[u64],
        cap: usize,
    ) -> Result<Candidates> {
        let me = doc_key(doc_id);
        let mut out = Candidates::default();
        let mut exact = self.conn.prepare_cached("SELECT doc_id FROM dedup_docs WHERE exact_key = ?1")?;
        out.exact = exact
            .query_map([exact_key as i64], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|d| d != doc_id)
            .collect();
        let mut keys: Vec<i64> = Vec::new();
        let mut band = self.conn.prepare_cached("SELECT doc_key FROM dedup_bands WHERE band_key = ?1")?;
        for b in bands {
            keys.extend(band.query_map([*b as i64], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        out.near = self.ids_of_keys(&mut keys, me)?;
        let mut posting = self.conn.prepare_cached("SELECT doc_key FROM reuse_postings WHERE hash = ?1 LIMIT ?2")?;
        let mut keys: Vec<i64> = Vec::new();
        for h in fingerprints {
            let found: Vec<i64> = posting
                .query_map(params![*h as i64, cap as i64 + 1], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            // A fingerprint already held by `cap` documents is boilerplate.
            if found.len() < cap {
                keys.extend(found);
            }
        }
        out.reuse = self.ids_of_keys(&mut keys, me)?;
        Ok(out)
    }

    fn ids_of_keys(&self, keys: &mut Vec<i64>, me: i64) -> Result<Vec<String>> {
        keys.sort_unstable();
        keys.dedup();
        let mut stmt = self.conn.prepare_cached("SELECT doc_id FROM dedup_docs WHERE doc_key = ?1")?;
        let mut out = Vec::new();
        for k in keys.iter().filter(|k| **k != me) {
            out.extend(stmt.query_map([*k], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        Ok(out)
    }

    /// Starts a transaction around several [`Store::write_dedup`] calls (their queries in
    /// between see what was written): one commit for many documents instead of one each.
    pub fn begin_dedup_batch(&mut self) -> Result<()> {
        // The band and posting B-trees take random inserts: a page cache of 64 MiB (the
        // default is 2 MiB) keeps their inner pages from being read again and again.
        self.conn.pragma_update(None, "cache_size", -65536)?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    /// Commits the batch started by [`Store::begin_dedup_batch`].
    pub fn commit_dedup_batch(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    /// Abandons the batch started by [`Store::begin_dedup_batch`] (after an error).
    pub fn rollback_dedup_batch(&mut self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// Writes one document's index row and the pairs found for it, in one transaction
    /// of its own or in the current batch (idempotent: a row or pair written again
    /// replaces itself).
    pub fn write_dedup(&mut self, row: &DedupRow<'_>, pairs: &[StoredPair], reuse: &[StoredReuse]) -> Result<()> {
        let own = self.conn.is_autocommit();
        if own {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        let written = self.write_dedup_rows(row, pairs, reuse);
        if own {
            if written.is_ok() {
                self.conn.execute_batch("COMMIT")?;
            } else {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
        }
        written
    }

    fn write_dedup_rows(&self, row: &DedupRow<'_>, pairs: &[StoredPair], reuse: &[StoredReuse]) -> Result<()> {
        let tx = &self.conn;
        {
            let key = doc_key(row.doc_id);
            tx.prepare_cached(
                "INSERT OR REPLACE INTO dedup_docs (doc_id, doc_key, version, words, exact_key, minhash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                row.doc_id,
                key,
                row.version,
                row.words,
                row.exact_key as i64,
                row.minhash
            ])?;
            let mut band =
                tx.prepare_cached("INSERT OR IGNORE INTO dedup_bands (band_key, doc_key) VALUES (?1, ?2)")?;
            for b in row.bands {
                band.execute(params![*b as i64, key])?;
            }
            let mut posting =
                tx.prepare_cached("INSERT OR IGNORE INTO reuse_postings (hash, doc_key) VALUES (?1, ?2)")?;
            for h in row.fingerprints {
                posting.execute(params![*h as i64, key])?;
            }
            let mut pair =
                tx.prepare_cached("INSERT OR REPLACE INTO dedup_pairs (a, b, kind, jaccard) VALUES (?1, ?2, ?3, ?4)")?;
            for p in pairs {
                pair.execute(params![p.a, p.b, p.kind, p.jaccard])?;
            }
            let mut re =
                tx.prepare_cached("INSERT OR REPLACE INTO reuse_pairs (a, b, passages) VALUES (?1, ?2, ?3)")?;
            for r in reuse {
                let json = serde_json::to_string(&r.passages).unwrap_or_else(|_| "[]".into());
                re.execute(params![r.a, r.b, json])?;
            }
        }
        Ok(())
    }

    /// Every stored duplicate pair, sorted.
    pub fn near_duplicate_pairs(&self) -> Result<Vec<StoredPair>> {
        let mut stmt = self.conn.prepare_cached("SELECT a, b, kind, jaccard FROM dedup_pairs ORDER BY a, b")?;
        let rows =
            stmt.query_map([], |r| Ok(StoredPair { a: r.get(0)?, b: r.get(1)?, kind: r.get(2)?, jaccard: r.get(3)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Near-duplicate groups: connected components of the stored pairs (`edited` pairs
    /// only when `edited`), each sorted, groups ordered by their first id.
    pub fn near_duplicate_groups(&self, edited: bool) -> Result<Vec<Vec<String>>> {
        let pairs = self.near_duplicate_pairs()?;
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut ids: Vec<String> = Vec::new();
        let mut edges = Vec::new();
        for p in pairs.iter().filter(|p| edited || p.kind != "edited") {
            let mut idx = |s: &str| {
                *index.entry(s.to_string()).or_insert_with(|| {
                    ids.push(s.to_string());
                    ids.len() as u32 - 1
                })
            };
            let (a, b) = (idx(&p.a), idx(&p.b));
            edges.push((a, b));
        }
        let mut groups: Vec<Vec<String>> = marsad_dedup::groups_of_pairs(ids.len(), edges)
            .into_iter()
            .map(|g| {
                let mut v: Vec<String> = g.into_iter().map(|i| ids[i as usize].clone()).collect();
                v.sort();
                v
            })
            .collect();
        groups.sort();
        Ok(groups)
    }

    /// Every stored reuse pair, sorted.
    pub fn reuse_pairs(&self) -> Result<Vec<StoredReuse>> {
        let mut stmt = self.conn.prepare_cached("SELECT a, b, passages FROM reuse_pairs ORDER BY a, b")?;
        reuse_rows(&mut stmt, [])
    }

    /// The reuse pairs one document takes part in (it may be `a` or `b`).
    pub fn reuse_of_document(&self, id: &str) -> Result<Vec<StoredReuse>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a, b, passages FROM reuse_pairs WHERE a = ?1 UNION ALL SELECT a, b, passages FROM reuse_pairs WHERE b = ?1",
        )?;
        reuse_rows(&mut stmt, [id])
    }
}

/// Reads `(a, b, passages JSON)` rows into reuse pairs; unreadable passages are `Corrupt`.
fn reuse_rows(stmt: &mut rusqlite::Statement<'_>, params: impl rusqlite::Params) -> Result<Vec<StoredReuse>> {
    let rows =
        stmt.query_map(params, |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    rows.map(|r| {
        let (a, b, json) = r?;
        let passages = serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("reuse passages of {a} and {b}: {e}")))?;
        Ok(StoredReuse { a, b, passages })
    })
    .collect()
}

fn parse_body(id: &str, body: &str) -> Result<Vec<Range<usize>>> {
    let v: Vec<[usize; 2]> =
        serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("body of {id}: {e}")))?;
    Ok(v.into_iter().map(|[s, e]| s..e).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_keys() {
        assert_eq!(doc_key("00000000000000ff0000"), 255);
        assert_ne!(doc_key("not hex at all!!!"), doc_key("not hex at all!!?"));
    }
}
