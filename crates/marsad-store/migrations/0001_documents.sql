-- Version 1: documents, where they came from, their analyses, and ingest runs.

-- One row per distinct content (id = hash of the normalised body).
CREATE TABLE documents (
    id                   TEXT PRIMARY KEY,
    title                TEXT,
    -- The original decoded text; all analysis offsets count its code points.
    text                 TEXT NOT NULL,
    -- JSON array of [start, end] UTF-8 byte ranges of `text` that make the body.
    body                 TEXT NOT NULL,
    -- JSON array of {text, reason, start, end}: lines removed as page furniture.
    boilerplate          TEXT NOT NULL,
    published_date       TEXT,
    published_datetime   TEXT,
    published_from       TEXT NOT NULL,
    published_confidence REAL NOT NULL,
    published_raw        TEXT,
    lang                 TEXT NOT NULL,
    outlet               TEXT,
    url                  TEXT,
    body_chars           INTEGER NOT NULL,
    first_seen           TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published_date);
CREATE INDEX documents_outlet ON documents (outlet);

CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    args        TEXT NOT NULL,
    ingested    INTEGER NOT NULL DEFAULT 0,
    copies      INTEGER NOT NULL DEFAULT 0,
    already     INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0
);

-- Every place a document was found. The same content from two sources has two rows;
-- the same source ingested again adds none.
CREATE TABLE provenance (
    doc_id      TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    path        TEXT,
    line        INTEGER,
    format      TEXT,
    encoding    TEXT,
    external_id TEXT,
    -- The language the page declares (<html lang>), if any.
    declared_lang TEXT,
    warnings    TEXT NOT NULL DEFAULT '[]',
    run_id      INTEGER REFERENCES ingest_runs (id),
    ingested_at TEXT NOT NULL,
    UNIQUE (doc_id, source)
);
CREATE INDEX provenance_source ON provenance (source);

-- The analysis of each document (the contract's JSON), with the analyser's version so
-- that a newer analyser can tell what to redo.
CREATE TABLE analyses (
    doc_id  TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    json    TEXT NOT NULL
);

-- Inputs that were not ingested, with the reason.
CREATE TABLE skips (
    run_id   INTEGER REFERENCES ingest_runs (id),
    location TEXT NOT NULL,
    reason   TEXT NOT NULL,
    message  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX skips_run ON skips (run_id);
