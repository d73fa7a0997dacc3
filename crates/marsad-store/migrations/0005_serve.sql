-- Version 3: indexes for the server's views. A document's text comes before its other
-- columns and overflows into many pages, so reading a document's day or outlet from the
-- table costs a walk through its text. These covering indexes let entity timelines,
-- per-entity document lists and outlet filters read them without touching the text.
CREATE INDEX documents_id_day ON documents (id, published_date, outlet);
CREATE INDEX documents_outlet_day ON documents (outlet, published_date);
-- An entity's spellings, kinds and document counts from the index alone (the mentions
-- table is keyed by document).
CREATE INDEX entity_mentions_entity_surface ON entity_mentions (entity_id, surface, kind, canonical, wikidata);
