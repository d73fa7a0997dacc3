//! marsad's stories (PRODUCT.md stage 5, relate): documents clustered incrementally into
//! *events* (the same news of the same days) and *sagas* (the longer episode), a
//! multi-document extractive summary per story, and timelines of the events the documents
//! report, merged across outlets. No I/O: the binary feeds documents from the store and
//! persists [`StoryIndex`].

pub mod cluster;
pub mod eval;
pub mod features;
pub mod summary;
pub mod timeline;

pub use cluster::{
    Cluster, Day, Level, Placement, StoryConfig, StoryIndex, decode_vector, encode_vector, format_day, parse_day,
};
pub use eval::{ClusterScores, GoldRow, Prf, parse_gold, score};
pub use features::{DocFeatures, doc_features};
pub use summary::{Candidate, SummaryDoc, SummarySentence, summarize};
pub use timeline::{Conflict, TimelineDoc, TimelineEntry, timeline};

/// A story as `marsad stories --format json` prints it and `GET /api/v1/stories/{id}` answers
/// (PRODUCT.md's contract, issue 6): the binary fills it from the store, the server shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct StoryOut {
    pub id: String,
    pub level: String,
    pub parent: Option<String>,
    pub title: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// Its documents, oldest publication day first.
    pub documents: Vec<String>,
    pub outlets: Vec<String>,
    pub summary: Vec<SummarySentence>,
    pub timeline: Vec<TimelineEntry>,
    /// For a saga, its events' ids, largest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
}

/// Errors of the story layer.
#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    /// A line of a gold (labelled) file is malformed.
    #[error("{location}: {message}")]
    Gold { location: String, message: String },
}
