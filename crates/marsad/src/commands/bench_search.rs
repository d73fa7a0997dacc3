//! `marsad bench --stages search`: the search index on ANT and SaudiNewsNet together,
//! beside SQLite FTS5 (`peer_search.py`) on the same articles and the same 200 queries,
//! in the same run.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use marsad_index::{Index, IndexDoc, Query};
use serde::Serialize;
use serde_json::Value;

use crate::corpus::{self, Article};

/// What the stage measured.
#[derive(Debug, Serialize)]
pub struct SearchBench {
    pub articles: u64,
    pub input_mb: f64,
    /// Building the index: analysis + tantivy, commit included.
    pub index_seconds: f64,
    pub index_docs_per_s: f64,
    pub index_bytes: u64,
    pub queries: usize,
    pub repeat: u32,
    /// Top-10 by BM25 with the total count, no snippets (the peer's query: ids + rank).
    pub latency: Option<Latency>,
    /// Each query's fastest pass: the same figures without the preemptions of a busy
    /// machine (a 4 ms time slice shows up as a p99 of 4 ms for both tools).
    pub latency_best_of_passes: Option<Latency>,
    /// The same with highlighted snippets of the 10 hits.
    pub latency_with_snippets: Option<Latency>,
    /// The slowest queries (fastest pass, ms).
    pub slowest: Vec<(String, f64, u64)>,
    pub hits: Option<HitCounts>,
    pub peer: Option<PeerSearch>,
}

#[derive(Debug, Serialize)]
pub struct Latency {
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
}

#[derive(Debug, Serialize)]
pub struct HitCounts {
    /// Matching documents summed over the queries.
    pub ours: u64,
    pub fts5: u64,
    pub ours_zero_hit_queries: usize,
    pub fts5_zero_hit_queries: usize,
    /// Queries where we match more / fewer documents than FTS5.
    pub more: usize,
    pub fewer: usize,
    /// A few queries with both counts, largest gains first.
    pub examples: Vec<(String, u64, u64)>,
}

#[derive(Debug, Serialize)]
pub struct PeerSearch {
    pub index_seconds: f64,
    pub optimize_seconds: f64,
    pub index_bytes: u64,
    pub top_p50_ms: f64,
    pub top_p99_ms: f64,
    pub count_p50_ms: f64,
    pub count_p99_ms: f64,
}

fn latency(mut samples: Vec<f64>) -> Option<Latency> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_by(f64::total_cmp);
    // Nearest rank on the sorted samples, as the peer's percentile().
    let pct = |p: f64| {
        let k = (p / 100.0 * (samples.len() - 1) as f64).round() as usize;
        samples[k.min(samples.len() - 1)] * 1e3
    };
    let mean = samples.iter().sum::<f64>() / samples.len() as f64 * 1e3;
    Some(Latency { p50_ms: pct(50.0), p95_ms: pct(95.0), p99_ms: pct(99.0), mean_ms: mean })
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum()).unwrap_or(0)
}

/// Runs the stage on `articles` (the bench's corpus) plus every article of `extra`.
pub fn run(
    articles: &[Article],
    extra: Option<&Path>,
    python: Option<&Path>,
    peers: &Path,
    repeat: u32,
) -> Result<SearchBench> {
    let mut all: Vec<&Article> = articles.iter().collect();
    let extra_articles = match extra {
        Some(p) if p.exists() => corpus::articles(&corpus::raw_lines(p, 0)?),
        Some(p) => {
            eprintln!("bench search: {} not found; ANT alone", p.display());
            Vec::new()
        }
        None => Vec::new(),
    };
    all.extend(extra_articles.iter());
    let bytes: u64 = all.iter().map(|a| (a.title.len() + 1 + a.text.len()) as u64).sum();

    // Our index, from the articles in memory (no store, no entity tagging: the same
    // input as the peer's).
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("index");
    let t = Instant::now();
    let index = Index::open(&dir)?;
    let mut writer = index.writer(2, 256 << 20)?;
    for (i, a) in all.iter().enumerate() {
        let id = if a.id.is_empty() { i.to_string() } else { a.id.clone() };
        let body = [0..a.text.len()];
        let published = a.date.get(..10);
        writer.add(&IndexDoc {
            rowid: i as u64 + 1,
            id: &id,
            title: (!a.title.is_empty()).then_some(a.title.as_str()),
            text: &a.text,
            body: &body,
            published,
            outlet: None,
            entities: &[],
        })?;
    }
    writer.commit()?;
    writer.finish()?;
    let index_seconds = t.elapsed().as_secs_f64();
    let index_bytes = dir_size(&dir);

    let mut bench = SearchBench {
        articles: all.len() as u64,
        input_mb: bytes as f64 / 1e6,
        index_seconds,
        index_docs_per_s: all.len() as f64 / index_seconds,
        index_bytes,
        queries: 0,
        repeat,
        latency: None,
        latency_best_of_passes: None,
        latency_with_snippets: None,
        slowest: Vec::new(),
        hits: None,
        peer: None,
    };
    let Some(python) = python else {
        eprintln!("bench search: query latency needs --python (the 200 queries come from peer_search.py)");
        return Ok(bench);
    };

    // The peer on the same articles; it writes its queries with its hit counts.
    let corpus_file = tmp.path().join("ant+saudinewsnet.jsonl");
    let mut lines = String::with_capacity(bytes as usize + all.len() * 40);
    for (i, a) in all.iter().enumerate() {
        let id = if a.id.is_empty() { i.to_string() } else { a.id.clone() };
        lines.push_str(&serde_json::json!({"id": id, "title": a.title, "text": a.text}).to_string());
        lines.push('\n');
    }
    std::fs::write(&corpus_file, lines).context("writing the peer's corpus")?;
    let queries_file = tmp.path().join("queries.jsonl");
    eprintln!("running the peer: {} peer_search.py on {} articles", python.display(), all.len());
    let peer = super::bench::run_peer_script(
        python,
        peers,
        "peer_search.py",
        &[
            "--corpus".into(),
            corpus_file.clone().into_os_string(),
            "--limit".into(),
            (all.len() + 1).to_string().into(),
            "--repeat".into(),
            repeat.max(1).to_string().into(),
            "--queries-out".into(),
            queries_file.clone().into_os_string(),
        ],
    )?;
    let f = |p: &str| peer.pointer(p).and_then(Value::as_f64).unwrap_or(0.0);
    bench.peer = Some(PeerSearch {
        index_seconds: f("/index_seconds"),
        optimize_seconds: f("/optimize_seconds"),
        index_bytes: f("/index_bytes_file") as u64,
        top_p50_ms: f("/latency_topk_bm25/p50_ms"),
        top_p99_ms: f("/latency_topk_bm25/p99_ms"),
        count_p50_ms: f("/latency_count/p50_ms"),
        count_p99_ms: f("/latency_count/p99_ms"),
    });

    let mut queries: Vec<(String, u64)> = Vec::new();
    for line in std::fs::read_to_string(&queries_file)?.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).context("peer query line")?;
        let terms: Vec<&str> = v["terms"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        queries.push((terms.join(" "), v["hits"].as_u64().unwrap_or(0)));
    }
    if queries.is_empty() {
        bail!("peer_search.py wrote no queries");
    }
    bench.queries = queries.len();
    let make = |text: &str, snippets: bool| Query { snippets, ..Query::new(text) };
    // Warm-up pass, then the timed passes.
    let mut totals = Vec::with_capacity(queries.len());
    for (q, _) in &queries {
        totals.push(index.search(&make(q, false))?.total);
    }
    let mut samples = Vec::new();
    let mut with_snippets = Vec::new();
    let mut best = vec![f64::MAX; queries.len()];
    for _ in 0..repeat.max(1) {
        for (i, (q, _)) in queries.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(index.search(&make(q, false))?);
            let s = t.elapsed().as_secs_f64();
            samples.push(s);
            best[i] = best[i].min(s);
            let t = Instant::now();
            std::hint::black_box(index.search(&make(q, true))?);
            with_snippets.push(t.elapsed().as_secs_f64());
        }
    }
    bench.latency = latency(samples);
    bench.latency_best_of_passes = latency(best.clone());
    let mut slowest: Vec<(String, f64, u64)> =
        queries.iter().zip(&best).zip(&totals).map(|(((q, _), b), t)| (q.clone(), b * 1e3, *t)).collect();
    slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
    slowest.truncate(3);
    bench.slowest = slowest;
    bench.latency_with_snippets = latency(with_snippets);
    let mut examples: Vec<(String, u64, u64)> =
        queries.iter().zip(&totals).map(|((q, fts), ours)| (q.clone(), *ours, *fts)).collect();
    let hits = HitCounts {
        ours: totals.iter().sum(),
        fts5: queries.iter().map(|q| q.1).sum(),
        ours_zero_hit_queries: totals.iter().filter(|&&t| t == 0).count(),
        fts5_zero_hit_queries: queries.iter().filter(|q| q.1 == 0).count(),
        more: examples.iter().filter(|e| e.1 > e.2).count(),
        fewer: examples.iter().filter(|e| e.1 < e.2).count(),
        examples: {
            examples.sort_by(|a, b| (b.1 as f64 / (b.2 as f64 + 1.0)).total_cmp(&(a.1 as f64 / (a.2 as f64 + 1.0))));
            examples.truncate(5);
            examples
        },
    };
    bench.hits = Some(hits);
    Ok(bench)
}

/// Prints the stage's figures.
pub fn print(b: &SearchBench) {
    println!(
        "search index: {} articles ({:.1} MB) in {:.2} s ({:.0} articles/s, 2 tantivy indexing threads, analysis in them), {:.1} MB on disk",
        b.articles,
        b.input_mb,
        b.index_seconds,
        b.index_docs_per_s,
        b.index_bytes as f64 / 1e6
    );
    if let Some(p) = &b.peer {
        println!(
            "  FTS5 (peer_search.py, same articles, this run): index {:.2} s + optimize {:.2} s, {:.1} MB",
            p.index_seconds,
            p.optimize_seconds,
            p.index_bytes as f64 / 1e6
        );
    }
    let row = |name: &str, l: &Latency| {
        println!(
            "  {name:<44} p50 {:.3} ms  p95 {:.3} ms  p99 {:.3} ms  mean {:.3} ms",
            l.p50_ms, l.p95_ms, l.p99_ms, l.mean_ms
        )
    };
    if let Some(l) = &b.latency {
        println!("  {} queries x {} passes:", b.queries, b.repeat);
        row("marsad: top-10 BM25 + total count", l);
    }
    if let Some(l) = &b.latency_best_of_passes {
        row("marsad: the same, each query's fastest pass", l);
    }
    if let Some(l) = &b.latency_with_snippets {
        row("marsad: the same + 10 highlighted snippets", l);
    }
    for (q, ms, total) in &b.slowest {
        println!("    slowest: «{q}» {ms:.3} ms ({total} matches)");
    }
    if let Some(p) = &b.peer {
        println!(
            "  {:<44} p50 {:.3} ms  p99 {:.3} ms; count(*): p50 {:.3} ms  p99 {:.3} ms",
            "FTS5: top-10 BM25 (ids + rank)", p.top_p50_ms, p.top_p99_ms, p.count_p50_ms, p.count_p99_ms
        );
    }
    if let Some(h) = &b.hits {
        println!(
            "  hits over the queries: marsad {} (zero-hit queries {}), FTS5 {} (zero-hit {}); marsad finds more in {} queries, fewer in {}",
            h.ours, h.ours_zero_hit_queries, h.fts5, h.fts5_zero_hit_queries, h.more, h.fewer
        );
        for (q, ours, fts) in &h.examples {
            println!("    «{q}»: marsad {ours}, FTS5 {fts}");
        }
    }
}
