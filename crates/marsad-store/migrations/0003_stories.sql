-- Version 3: stories (events and sagas) and the clusterer's state. Written in one
-- transaction per update, so the state and the rows always agree.

CREATE TABLE stories (
    id         TEXT PRIMARY KEY,
    level      TEXT NOT NULL,            -- 'event' | 'saga'
    parent     TEXT,                     -- an event's saga
    title      TEXT,
    title_doc  TEXT,                     -- the document whose headline is the title
    start      TEXT,                     -- first and last publication day (ISO)
    end        TEXT,
    documents  INTEGER NOT NULL,
    centroid   BLOB NOT NULL,            -- (u64 term hash, f32 weight) pairs, little-endian
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_parent ON stories (parent);
CREATE INDEX stories_end ON stories (level, end);

CREATE TABLE story_documents (
    story_id   TEXT NOT NULL REFERENCES stories (id),
    doc_id     TEXT NOT NULL REFERENCES documents (id),
    -- Cosine with the story when the document joined it (1 for its founder).
    similarity REAL NOT NULL,
    PRIMARY KEY (story_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX story_documents_doc ON story_documents (doc_id);

-- The serialised clusterer (document frequencies, centroids); one row.
CREATE TABLE story_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    format    INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    state     BLOB NOT NULL
);
