//! `marsad bench --stages api`: a bounded load test of the HTTP server on loopback. The
//! bench's articles are ingested into a fresh store, `marsad serve`'s application is started
//! on 127.0.0.1 (any free port) in this process, and `marsad_serve::load` sends a fixed
//! number of GET requests over `--api-concurrency` keep-alive connections, cycling through a
//! mix of API and UI routes with ids taken from the store. Client and server share the
//! machine's cores, so the figures are a floor for a server on its own machine.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use marsad_serve::ServeConfig;
use marsad_serve::load::LoadReport;
use serde::Serialize;

use crate::cli::BenchArgs;
use crate::commands::{ingest, serve::Pipeline};
use crate::pipeline;

/// The `api` stage's figures.
#[derive(Debug, Serialize)]
pub struct ApiLoad {
    pub documents: u64,
    pub ingest_seconds: f64,
    /// Distinct paths the requests cycle through.
    pub paths: usize,
    pub warm_up: LoadReport,
    pub load: LoadReport,
}

/// The request mix: per document and entity, the API's and the UI's views of it, plus lists.
fn paths(store: &marsad_store::Store) -> Result<Vec<String>> {
    let conn = store.connection();
    let mut docs = conn.prepare("SELECT id FROM documents ORDER BY rowid LIMIT 200")?;
    let docs: Vec<String> = docs.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut ents = conn.prepare(
        "SELECT entity_id FROM entity_mentions GROUP BY entity_id ORDER BY count(DISTINCT doc_id) DESC LIMIT 100",
    )?;
    let ents: Vec<String> = ents.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    if docs.is_empty() || ents.is_empty() {
        bail!("bench api: the store has no documents or entities to ask for");
    }
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    for i in 0..docs.len().max(ents.len()) {
        let d = enc(&docs[i % docs.len()]);
        let e = enc(&ents[i % ents.len()]);
        out.push(format!("/api/v1/documents/{d}"));
        out.push(format!("/api/v1/entities/{e}"));
        out.push(format!("/documents/{d}"));
        out.push(format!("/entities/{e}"));
        out.push(format!("/api/v1/documents?limit=20&offset={}", (i % 10) * 20));
        out.push(format!("/api/v1/entities?limit=20&offset={}", (i % 5) * 20));
        if i % 4 == 0 {
            out.push("/".to_string());
            out.push("/healthz".to_string());
        }
    }
    Ok(out)
}

pub fn run(args: &BenchArgs, ner_model: Option<&Path>, show_progress: bool) -> Result<ApiLoad> {
    pipeline::use_ner_model(ner_model)?;
    let dir = tempfile::tempdir()?;
    let ingest_args = super::bench::corpus_ingest(args);
    let t = Instant::now();
    ingest::ingest(dir.path(), &ingest_args, show_progress)?;
    let ingest_seconds = t.elapsed().as_secs_f64();
    let store = marsad_store::Store::open(dir.path())?;
    let paths = paths(&store)?;
    let documents = store.stats()?.documents;
    drop(store);

    let router = marsad_serve::app(ServeConfig::new(dir.path().to_path_buf()), Arc::new(Pipeline))
        .context("bench api: starting the server")?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let (warm_up, load) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(marsad_serve::serve(listener, router, async {
            let _ = stopped.await;
        }));
        let n = args.api_requests.max(1);
        let c = args.api_concurrency.max(1);
        let warm_up = marsad_serve::load::run(addr, paths.clone(), (n / 10).max(c), c).await?;
        let load = marsad_serve::load::run(addr, paths.clone(), n, c).await?;
        let _ = stop.send(());
        let _ = server.await;
        anyhow::Ok((warm_up, load))
    })?;
    if load.errors > 0 {
        eprintln!("bench api: {} of {} requests failed", load.errors, load.requests);
    }
    Ok(ApiLoad { documents, ingest_seconds, paths: paths.len(), warm_up, load })
}

pub fn print(a: &ApiLoad) {
    let l = &a.load;
    println!(
        "api: {} requests at concurrency {} over {} paths ({} documents in the store): {:.0} requests/s, \
         p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} errors, {:.1} MB received",
        l.requests,
        l.concurrency,
        a.paths,
        a.documents,
        l.requests_per_s,
        l.p50_ms,
        l.p99_ms,
        l.max_ms,
        l.errors,
        l.bytes as f64 / 1e6
    );
}
