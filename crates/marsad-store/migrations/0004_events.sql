-- Version 3: events and quotes of each stored document, from its analysis (marsad-events):
-- what `marsad events` and `marsad export events` read. Written in the document's transaction.
CREATE TABLE events (
    doc_id      TEXT    NOT NULL REFERENCES documents (id),
    seq         INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    cameo       TEXT    NOT NULL,
    trigger     TEXT    NOT NULL,
    -- JSON arrays of canonical names and of entity ids, in the same order.
    actors      TEXT    NOT NULL,
    actor_ids   TEXT    NOT NULL,
    targets     TEXT    NOT NULL,
    target_ids  TEXT    NOT NULL,
    location    TEXT,
    location_id TEXT,
    date        TEXT,
    date_from   TEXT,
    modality    TEXT    NOT NULL,
    -- JSON object of named figures.
    figures     TEXT    NOT NULL,
    sentence    TEXT    NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX events_type_date ON events (type, date);

CREATE TABLE quotes (
    doc_id       TEXT    NOT NULL REFERENCES documents (id),
    seq          INTEGER NOT NULL,
    speaker      TEXT    NOT NULL,
    speaker_id   TEXT,
    speaker_text TEXT    NOT NULL,
    cue          TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    direct       INTEGER NOT NULL,
    implied      INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes (speaker_id);
