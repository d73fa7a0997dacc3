-- Entity mentions of each stored document, from its analysis: what `marsad entities`
-- aggregates. Written in the same transaction as the document.
CREATE TABLE entity_mentions (
    doc_id    TEXT    NOT NULL REFERENCES documents (id),
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    entity_id TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    canonical TEXT    NOT NULL,
    wikidata  TEXT,
    surface   TEXT    NOT NULL,
    PRIMARY KEY (doc_id, start, end)
) WITHOUT ROWID;

CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id);
