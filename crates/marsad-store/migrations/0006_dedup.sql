-- Version 3: the duplicate and reuse index (marsad-dedup). Every row here is derived
-- from `documents` and can be recomputed from it: documents without a row (a store made
-- before this version, or a process killed between a batch and its index update) are
-- indexed by the next `ingest` or `dups`; rows of an older DEDUP_VERSION are rebuilt.

-- One row per indexed document. `doc_key` is the first 64 bits of the id, the compact
-- key of the band and posting tables.
CREATE TABLE dedup_docs (
    doc_id    TEXT    PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    doc_key   INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    words     INTEGER NOT NULL,
    exact_key INTEGER NOT NULL,
    -- MinHash signature: little-endian u32 values.
    minhash   BLOB    NOT NULL
);
CREATE INDEX dedup_docs_key ON dedup_docs (doc_key);
CREATE INDEX dedup_docs_exact ON dedup_docs (exact_key);

-- LSH buckets: one row per (band key, document).
CREATE TABLE dedup_bands (
    band_key INTEGER NOT NULL,
    doc_key  INTEGER NOT NULL,
    PRIMARY KEY (band_key, doc_key)
) WITHOUT ROWID;

-- Winnowed reuse fingerprints: one row per (fingerprint, document).
CREATE TABLE reuse_postings (
    hash    INTEGER NOT NULL,
    doc_key INTEGER NOT NULL,
    PRIMARY KEY (hash, doc_key)
) WITHOUT ROWID;

-- Duplicate pairs (a < b): kind exact | near | edited, with the exact shingle Jaccard.
CREATE TABLE dedup_pairs (
    a       TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    b       TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    jaccard REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX dedup_pairs_b ON dedup_pairs (b);

-- Reused passages between documents that are not exact or near duplicates (a < b):
-- JSON array of {a_start, a_end, b_start, b_end, a_words, b_words}, offsets in code
-- points of each document's original text.
CREATE TABLE reuse_pairs (
    a        TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    b        TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    passages TEXT NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX reuse_pairs_b ON reuse_pairs (b);
