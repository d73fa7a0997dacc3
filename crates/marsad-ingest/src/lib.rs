//! Ingest: from files, folders and standard input to cleaned [`Document`]s.
//!
//! Reading ([`reader`]) does the I/O and is sequential: it walks folders, opens
//! compressed files, splits JSONL into lines and WARC into records, and enforces size
//! limits before anything large is buffered. Preparing ([`prepare()`]) is pure and runs
//! in parallel: decoding, HTML extraction, furniture removal, language check, id.
//! Anything that cannot become a document is a [`Skip`] naming the file and line,
//! never a panic, and never a reason to stop the rest of the batch.

pub mod dates;
pub mod decode;
pub mod furniture;
pub mod html;
pub mod jsonl;
pub mod prepare;
pub mod reader;
pub mod warc;

use std::fmt;
use std::path::PathBuf;

pub use marsad_core::Document;
pub use prepare::prepare;
pub use reader::{Input, RawItem, RawKind, ReadOptions, collect_inputs, open_input};

/// Why a file, line or record was not ingested.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SkipReason {
    #[error("binary file ({0})")]
    Binary(String),
    #[error("empty: {0}")]
    Empty(String),
    #[error("too large: {size} bytes, over the limit of {limit} bytes (see --max-doc-size)")]
    TooLarge { size: u64, limit: u64 },
    #[error("too short: {letters} letters of text")]
    TooShort { letters: usize },
    #[error("not Arabic (detected: {code}, Arabic script {share:.0}% of letters)")]
    NotArabic { code: String, share: f32 },
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("no `text` or `html` field")]
    NoText,
    #[error("no article: {0}")]
    NoArticle(String),
    #[error("not an article page: {0}")]
    NotAPage(String),
    #[error("cannot read: {0}")]
    Io(String),
}

impl SkipReason {
    /// A short stable code for summaries and the store.
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::Binary(_) => "binary",
            SkipReason::Empty(_) => "empty",
            SkipReason::TooLarge { .. } => "too_large",
            SkipReason::TooShort { .. } => "too_short",
            SkipReason::NotArabic { .. } => "not_arabic",
            SkipReason::MalformedJson(_) => "malformed_json",
            SkipReason::NoText => "no_text",
            SkipReason::NoArticle(_) => "no_article",
            SkipReason::NotAPage(_) => "not_a_page",
            SkipReason::Io(_) => "io_error",
        }
    }
}

/// Something that was not ingested, and where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Skip {
    /// The file (None for standard input).
    pub path: Option<PathBuf>,
    /// 1-based line (JSONL) or record number (WARC).
    pub line: Option<u64>,
    pub reason: SkipReason,
}

impl Skip {
    pub fn new(path: Option<PathBuf>, line: Option<u64>, reason: SkipReason) -> Skip {
        Skip { path, line, reason }
    }

    /// `path[:line]` as messages show it.
    pub fn location(&self) -> String {
        location(self.path.as_deref(), self.line)
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.reason)
    }
}

/// `path:line`, `path`, `-:line` or `-` (standard input).
pub fn location(path: Option<&std::path::Path>, line: Option<u64>) -> String {
    let p = path.map_or_else(|| "-".to_string(), |p| p.display().to_string());
    match line {
        Some(n) => format!("{p}:{n}"),
        None => p,
    }
}
