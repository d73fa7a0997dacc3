//! The analysis contract: what `marsad analyze --format jsonl` prints for each document
//! (PRODUCT.md, "The machine-readable contract"). Field names are stable; new fields
//! may be added, none renamed or removed. Offsets count Unicode code points of the
//! document's original decoded text.

use serde::{Deserialize, Serialize};

use crate::document::Document;

/// The `published` object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedOut {
    /// `YYYY-MM-DD`, or null when unknown.
    pub value: Option<String>,
    /// `metadata`, `dateline`, `text` or `none`.
    pub from: String,
    pub confidence: f32,
    /// What the text tells of the date when it does not pin the day (`2023-09`, `2023`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<String>,
    /// The day the text points to when it contradicts the metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_disagrees: Option<String>,
}

/// A named-entity mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical Latin name.
    pub canonical: String,
    pub entity_id: String,
    // Extensions beyond the contract's minimum.
    /// For a person: the title or office written before the name (`الرئيس الروسي`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Wikidata QID, where the shipped gazetteer knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// How the canonical entity was found: `gazetteer`, `in_document`,
    /// `transliterated` or `ambiguous`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_by: Option<String>,
}

/// A temporal expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `date`, `time`, `duration`, `set` or `vague`.
    pub kind: String,
    /// ISO-8601 / TIMEX3 value; `XXXX` for an unknown year.
    pub value: String,
    /// `START`, `MID` or `END` of the period (مطلع، منتصف، أواخر).
    #[serde(default, rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// A Hijri date as written (`1445-09-15`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hijri: Option<String>,
    /// What a relative expression was resolved against: `publication` or `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// Why the words name no real day (31 شباط): the value keeps only what is certain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<String>,
}

/// A quotation or reported speech.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Canonical speaker.
    pub speaker: String,
    pub speaker_text: String,
    pub cue: String,
    pub content: String,
    pub start: usize,
    pub end: usize,
    pub direct: bool,
    // Extensions beyond the contract's minimum.
    /// The speaker's entity id, when the speaker is a known entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_id: Option<String>,
    /// The speaker is not named here but taken from the previous quote of the paragraph
    /// (`وأضاف…`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implied: bool,
}

/// A typed event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: String,
    pub cameo: String,
    pub trigger: String,
    pub actors: Vec<String>,
    pub targets: Vec<String>,
    pub location: Option<String>,
    pub date: Option<String>,
    pub figures: serde_json::Map<String, serde_json::Value>,
    pub sentence: String,
    // Extensions beyond the contract's minimum.
    /// The sentence's range in code points of the original text.
    #[serde(default)]
    pub start: usize,
    #[serde(default)]
    pub end: usize,
    /// Where `date` comes from: `text` (a temporal expression of the sentence) or
    /// `publication` (the document's publication day); null when there is no date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_from: Option<String>,
    /// `asserted`, `negated`, `hypothetical` or `future`: only asserted events happened.
    #[serde(default = "asserted")]
    pub modality: String,
    /// Entity ids of `actors`, `targets` and `location`, in the same order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actor_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
}

fn asserted() -> String {
    "asserted".to_string()
}

/// A number with what it counts (an extension of the contract).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The words of the number and its counted noun, as written.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The value (for a range its upper end; for a vague quantity such as مئات its magnitude).
    pub value: f64,
    /// The range's ends (`400 إلى 600 ألف` → 400,000 and 600,000); a vague quantity's bounds.
    pub low: f64,
    pub high: f64,
    /// What is counted: the counted noun (Clean form) or a currency code (`USD`).
    pub unit: Option<String>,
    /// The named figure it feeds: `killed`, `wounded`, `troops`, `money`, …
    pub figure: Option<String>,
    /// `exact`, `range` or `approximate`.
    pub precision: String,
}

/// One document's analysis, as printed by `marsad analyze`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub id: String,
    /// The file path; for a JSONL record its url if present, else `path:line`.
    pub source: String,
    pub title: Option<String>,
    pub published: PublishedOut,
    /// Lines removed from the body as page furniture.
    pub boilerplate: Vec<String>,
    pub entities: Vec<EntityMention>,
    pub timex: Vec<Timex>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    // Extensions beyond the contract's minimum.
    /// Numbers and what they count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The original decoded text (only with `--with-text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Analysis {
    /// The envelope of a document: identity, provenance, publication date and page
    /// furniture, with empty extraction arrays for the extractors to fill.
    pub fn envelope(doc: &Document) -> Analysis {
        let published = &doc.published;
        Analysis {
            id: doc.id.to_string(),
            source: doc.provenance.source.clone(),
            title: doc.title.clone(),
            published: PublishedOut {
                value: published.date.clone(),
                from: published.from.as_str().to_string(),
                confidence: published.confidence,
                estimate: None,
                text_disagrees: None,
            },
            boilerplate: doc.boilerplate.iter().map(|b| b.text.clone()).collect(),
            entities: Vec::new(),
            timex: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            quantities: Vec::new(),
            outlet: doc.outlet.clone(),
            url: doc.url.clone(),
            encoding: doc.provenance.encoding.clone(),
            text: None,
        }
    }
}
