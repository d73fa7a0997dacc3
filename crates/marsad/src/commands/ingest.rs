//! `marsad ingest`: read, clean, analyse and store, one transaction per batch.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use marsad_core::Document;
use marsad_ingest::{Skip, collect_inputs};
use marsad_store::{InsertStatus, NewDocument, NewSkip, Store};
use serde::Serialize;

use crate::cli::{IngestArgs, SummaryFormat};
use crate::pipeline::{self, ANALYZER_VERSION, Outcome, PipelineOptions, say};

/// How many new documents and skips the summary lists; a run over millions of articles
/// keeps exact counts but does not hold them all in memory.
pub const MAX_LISTED: usize = 10_000;

/// A newly stored document, as the summary lists it.
#[derive(Debug, Serialize)]
pub struct NewDoc {
    pub id: String,
    pub title: Option<String>,
    pub source: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub encoding: Option<String>,
    pub body_chars: usize,
    pub boilerplate: Vec<String>,
}

/// Something not ingested.
#[derive(Debug, Serialize)]
pub struct SkipLine {
    pub location: String,
    pub reason: &'static str,
    pub message: String,
}

/// The outcome of an ingest run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub ingested: u64,
    /// Already-stored content found at a new source.
    pub copies: u64,
    pub already_present: u64,
    pub skipped: u64,
    pub skipped_by_reason: BTreeMap<&'static str, u64>,
    pub repaired: u64,
    /// The new documents (the first [`MAX_LISTED`]; the counts above are complete).
    pub documents: Vec<NewDoc>,
    /// What was skipped (the first [`MAX_LISTED`]).
    pub skips: Vec<SkipLine>,
    /// What the stories update after the run did.
    pub stories: Option<crate::commands::stories::UpdateReport>,
    pub store: String,
    pub store_documents: u64,
    pub store_sources: u64,
}

fn new_doc(doc: &Document) -> NewDoc {
    NewDoc {
        id: doc.id.to_string(),
        title: doc.title.clone(),
        source: doc.provenance.source.clone(),
        outlet: doc.outlet.clone(),
        published: doc.published.date.clone(),
        encoding: doc.provenance.encoding.clone(),
        body_chars: doc.body_chars(),
        boilerplate: doc.boilerplate.iter().map(|b| format!("{} ({})", b.text, b.reason.as_str())).collect(),
    }
}

/// Runs an ingest into the store in `data`.
pub fn ingest(data: &Path, args: &IngestArgs, show_progress: bool) -> Result<Summary> {
    let mut store = Store::open(data).with_context(|| format!("opening the store in {}", data.display()))?;
    let (inputs, path_skips) = collect_inputs(&args.read.paths);
    let total: u64 = inputs.iter().map(|i| i.size()).sum();
    let command_line = std::env::args().collect::<Vec<_>>().join(" ");
    let run = store.begin_run(&command_line)?;
    let bar = pipeline::progress_bar(total, "ingest", show_progress);
    let mut summary = Summary { store: store.path().display().to_string(), ..Summary::default() };

    // Paths that do not exist are reported now and stored with the first batch.
    for skip in &path_skips {
        say(&bar, &format!("skipped {skip}"));
    }
    let mut pending: Vec<Skip> = path_skips;

    let mut search_index = crate::indexing::IngestIndexer::start(data, &store, show_progress);
    let opts =
        PipelineOptions { max_doc_bytes: args.read.max_doc_size, limit: args.read.limit, ..PipelineOptions::default() };
    pipeline::run(inputs, &opts, &bar, |outcomes| {
        let mut docs = Vec::new();
        let mut skips: Vec<Skip> = std::mem::take(&mut pending);
        let mut analyses = Vec::new();
        let mut entities = Vec::new();
        for outcome in outcomes {
            match outcome {
                Outcome::Doc(pair) => {
                    let (doc, analysis) = *pair;
                    analyses.push(serde_json::to_string(&analysis)?);
                    entities.push(analysis.entities);
                    docs.push(doc);
                }
                Outcome::Skip(s) => {
                    say(&bar, &format!("skipped {s}"));
                    skips.push(s);
                }
            }
        }
        let rows: Vec<NewDocument> = docs
            .iter()
            .zip(&analyses)
            .zip(&entities)
            .map(|((doc, json), entities)| NewDocument {
                doc,
                analysis_json: json,
                analysis_version: ANALYZER_VERSION,
                entities,
            })
            .collect();
        let statuses = store.insert_batch(Some(run), &rows, &skip_rows(&skips))?;
        // The new documents against the duplicate and reuse index (its own transaction
        // per document; anything missed by a crash here is caught up below or by `dups`).
        let new_ids: Vec<String> = docs
            .iter()
            .zip(&statuses)
            .filter(|(_, s)| **s == InsertStatus::New)
            .map(|(d, _)| d.id.to_string())
            .collect();
        crate::commands::dups::index_documents(&mut store, &new_ids)?;
        if let Some(ix) = search_index.as_mut() {
            ix.after_batch(&store);
        }
        for (doc, status) in docs.iter().zip(statuses) {
            for w in &doc.warnings {
                say(&bar, &format!("repaired {}: {w}", location_of(doc)));
            }
            if !doc.warnings.is_empty() {
                summary.repaired += 1;
            }
            match status {
                InsertStatus::New => {
                    summary.ingested += 1;
                    if summary.documents.len() < MAX_LISTED {
                        summary.documents.push(new_doc(doc));
                    }
                }
                InsertStatus::NewCopy => summary.copies += 1,
                InsertStatus::AlreadyPresent => summary.already_present += 1,
            }
        }
        skips.iter().for_each(|s| summary.count_skip(s));
        Ok(())
    })?;
    // No batch at all (nothing readable was given): the path skips still get stored.
    if !pending.is_empty() {
        store.insert_batch(Some(run), &[], &skip_rows(&pending))?;
        pending.iter().for_each(|s| summary.count_skip(s));
    }
    if let Some(ix) = search_index {
        ix.finish(&store);
    }
    bar.finish_and_clear();
    crate::commands::dups::catch_up(&mut store, show_progress)?;
    store.finish_run(run, summary.ingested, summary.copies, summary.already_present, summary.skipped)?;
    // Stories follow the documents; documents a crash left unplaced are placed here too.
    summary.stories = Some(crate::commands::stories::update(&mut store, false, None, show_progress)?);
    let stats = store.stats()?;
    summary.store_documents = stats.documents;
    summary.store_sources = stats.provenance;
    Ok(summary)
}

impl Summary {
    fn count_skip(&mut self, s: &Skip) {
        self.skipped += 1;
        *self.skipped_by_reason.entry(s.reason.code()).or_default() += 1;
        if self.skips.len() < MAX_LISTED {
            self.skips.push(SkipLine {
                location: s.location(),
                reason: s.reason.code(),
                message: s.reason.to_string(),
            });
        }
    }
}

fn skip_rows(skips: &[Skip]) -> Vec<NewSkip> {
    skips
        .iter()
        .map(|s| NewSkip { location: s.location(), reason: s.reason.code().to_string(), message: s.reason.to_string() })
        .collect()
}

fn location_of(doc: &Document) -> String {
    marsad_ingest::location(doc.provenance.path.as_deref().map(Path::new), doc.provenance.line)
}

/// Prints the summary on standard output.
pub fn print(summary: &Summary, format: SummaryFormat, show: usize) -> Result<()> {
    if format == SummaryFormat::Json {
        println!("{}", serde_json::to_string_pretty(summary)?);
        return Ok(());
    }
    let reasons: Vec<String> = summary.skipped_by_reason.iter().map(|(k, v)| format!("{k} {v}")).collect();
    println!(
        "ingested {}; {} already stored, found at a new source; {} already present; {} skipped{}",
        plural(summary.ingested, "new document"),
        summary.copies,
        summary.already_present,
        summary.skipped,
        if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) }
    );
    if summary.repaired > 0 {
        println!("{} ingested after repairs (see the messages above)", plural(summary.repaired, "document"));
    }
    println!(
        "store {}: {} from {}",
        summary.store,
        plural(summary.store_documents, "document"),
        plural(summary.store_sources, "source")
    );
    if let Some(st) = summary.stories.as_ref().filter(|st| st.placed > 0) {
        println!(
            "stories: {} placed, {} new events, {} new sagas ({} events, {} sagas in all)",
            plural(st.placed, "document"),
            st.new_events,
            st.new_sagas,
            st.events,
            st.sagas
        );
    }
    if !summary.documents.is_empty() && show > 0 {
        println!("\nnew documents:");
        for d in summary.documents.iter().take(show) {
            println!(
                "  {}  {}  {}  {}",
                &d.id[..12],
                d.published.as_deref().unwrap_or("date ?   "),
                d.outlet.as_deref().unwrap_or("-"),
                d.title.as_deref().unwrap_or("(no title)")
            );
            println!(
                "      {} · {} characters{}",
                d.source,
                d.body_chars,
                d.encoding
                    .as_deref()
                    .filter(|e| *e != "UTF-8")
                    .map(|e| format!(" · decoded from {e}"))
                    .unwrap_or_default()
            );
            for b in &d.boilerplate {
                println!("      removed: {b}");
            }
        }
        if summary.ingested as usize > show {
            println!("  … and {} more (marsad documents)", summary.ingested as usize - show);
        }
    }
    Ok(())
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
