//! `marsad serve`: the HTTP API and web UI of `marsad-serve` over the store in `--data`,
//! with this binary's analysis pipeline for `POST /api/v1/ingest`.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use marsad_core::{Analysis, Document};
use marsad_serve::{Analyzer, ServeConfig, ViewError, Views};
use marsad_store::{Store, StoryRow};
use marsad_story::{StoryOut, TimelineEntry};

use crate::cli::ServeArgs;
use crate::pipeline::{self, ANALYZER_VERSION};

/// The pipeline the command line's ingest runs, for articles posted to the server.
pub struct Pipeline;

impl Analyzer for Pipeline {
    fn analyze(&self, doc: &mut Document) -> Analysis {
        pipeline::analyze_for_store(doc)
    }

    fn version(&self) -> u32 {
        ANALYZER_VERSION
    }
}

/// The stories, timelines and search index of the command line, for the server's pages.
pub struct Stages;

impl Views for Stages {
    fn story(&self, store: &Store, row: StoryRow, summary_sentences: usize) -> Result<StoryOut, ViewError> {
        Ok(crate::commands::stories::story_out(store, row, summary_sentences)?)
    }

    fn story_timeline(&self, store: &Store, story_id: &str) -> Result<Vec<TimelineEntry>, ViewError> {
        Ok(crate::commands::stories::story_timeline(store, story_id)?)
    }

    fn entity_timeline(
        &self,
        store: &Store,
        entity_id: &str,
        canonical: &str,
    ) -> Result<Vec<TimelineEntry>, ViewError> {
        Ok(crate::commands::stories::entity_timeline(store, entity_id, canonical)?)
    }

    fn search_index(&self, data: &Path, store: &Store) -> Result<marsad_index::Index, ViewError> {
        let (index, sync) = crate::indexing::open_synced(data, store, false)?;
        if let crate::indexing::Sync::Rebuilt(why) = sync {
            eprintln!("marsad serve: search index rebuilt ({why})");
        }
        Ok(index)
    }
}

/// The write token: `--token-file` (its first line), else `MARSAD_TOKEN`, else none.
fn token(args: &ServeArgs) -> Result<Option<String>> {
    if let Some(path) = &args.token_file {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading the token file {}", path.display()))?;
        let token = text.lines().next().unwrap_or("").trim().to_string();
        if token.is_empty() {
            bail!("{}:1: the token file is empty", path.display());
        }
        return Ok(Some(token));
    }
    Ok(std::env::var("MARSAD_TOKEN").ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()))
}

pub fn serve(data: &Path, args: &ServeArgs) -> Result<()> {
    let mut config = ServeConfig::new(data.to_path_buf());
    config.token = token(args)?;
    config.max_body_bytes = usize::try_from(args.max_body).unwrap_or(usize::MAX);
    config.read_connections = args.readers.max(1);
    let writes = config.token.is_some();
    let router = marsad_serve::app_with_views(config, Arc::new(Pipeline), Arc::new(Stages))
        .with_context(|| format!("starting the server on the store in {}", data.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener =
            tokio::net::TcpListener::bind(args.bind).await.with_context(|| format!("binding {}", args.bind))?;
        let addr = listener.local_addr()?;
        // One line on standard output that scripts (and the browser test) wait for.
        println!("listening on http://{addr}");
        let _ = std::io::stdout().flush();
        eprintln!(
            "marsad serve: store {}; writes {}",
            data.display(),
            if writes { "enabled (bearer token)" } else { "disabled (no token: read-only)" }
        );
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        marsad_serve::serve(listener, router, shutdown).await.context("serving")
    })
}
