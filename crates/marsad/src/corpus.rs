//! Reading a JSONL corpus (as in ../shared/data/corpus) into articles, for training and
//! benchmarks, through the same reader that ingest uses.

use std::path::Path;

use anyhow::{Result, bail};
use marsad_ingest::{Input, RawItem, ReadOptions, open_input};

/// One article's title and text.
#[derive(Clone, Debug)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub text: String,
    /// The publication timestamp as the corpus gives it (may be empty).
    pub date: String,
}

impl Article {
    /// `title + "\n" + text`, as the peer benchmarks feed their tools.
    pub fn title_and_text(&self) -> String {
        let mut s = String::with_capacity(self.title.len() + 1 + self.text.len());
        s.push_str(&self.title);
        s.push('\n');
        s.push_str(&self.text);
        s
    }
}

/// The raw JSONL lines of a corpus (first `limit`, 0 = all).
pub fn raw_lines(path: &Path, limit: u64) -> Result<Vec<RawItem>> {
    if !path.exists() {
        bail!("corpus {} not found", path.display());
    }
    let opts = ReadOptions { max_doc_bytes: 64 << 20, ..ReadOptions::default() };
    let mut items = Vec::new();
    for item in open_input(&Input::File(path.to_path_buf()), &opts) {
        if limit > 0 && items.len() as u64 >= limit {
            break;
        }
        match item {
            Ok(raw) => items.push(raw),
            Err(skip) => eprintln!("corpus: skipped {skip}"),
        }
    }
    Ok(items)
}

/// Articles parsed from raw lines. A record with an empty body still counts (with its
/// title), as in the peers' benchmarks; lines that are not JSON objects do not.
pub fn articles(raw: &[RawItem]) -> Vec<Article> {
    raw.iter()
        .filter_map(|r| serde_json::from_slice::<serde_json::Value>(&r.bytes).ok())
        .filter(serde_json::Value::is_object)
        .map(|v| {
            let field = |k: &str| v.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
            Article { id: field("id"), title: field("title"), text: field("text"), date: field("date") }
        })
        .collect()
}
