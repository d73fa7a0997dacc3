//! `marsad bench`: each stage's speed and memory on real articles, with the peers run on
//! the same articles in the same session when a Python with their packages is given.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use marsad_ingest::prepare;
use marsad_text::{Form, Lexicon, TextLayer, normalize, split_sentences, tokenize};
use serde::Serialize;
use serde_json::Value;

use crate::cli::{BenchArgs, IngestArgs, ReadArgs, SummaryFormat};
use crate::commands::ingest;
use crate::{corpus, memory};

#[derive(Debug, Serialize)]
struct Stage {
    stage: String,
    what: String,
    threads: usize,
    articles: u64,
    seconds: f64,
    articles_per_s: f64,
    mb_per_s: f64,
    tokens: Option<u64>,
    tokens_per_s: Option<f64>,
    peak_rss_mib: Option<f64>,
}

#[derive(Debug, Serialize)]
struct Peer {
    tool: String,
    articles_per_s: f64,
    mb_per_s: f64,
    tokens_per_s: f64,
    seconds: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    corpus: String,
    articles: u64,
    input_mb: f64,
    cpus: usize,
    lexicon_load_ms: f64,
    stages: Vec<Stage>,
    peers: Vec<Peer>,
}

fn stage(
    name: &str,
    what: &str,
    threads: usize,
    articles: u64,
    bytes: u64,
    seconds: f64,
    tokens: Option<u64>,
) -> Stage {
    Stage {
        stage: name.to_string(),
        what: what.to_string(),
        threads,
        articles,
        seconds,
        articles_per_s: articles as f64 / seconds,
        mb_per_s: bytes as f64 / 1e6 / seconds,
        tokens,
        tokens_per_s: tokens.map(|t| t as f64 / seconds),
        peak_rss_mib: memory::peak_mib(),
    }
}

/// The temporal tagger over text layers; returns the number of expressions.
fn time_pass(layers: &[TextLayer]) -> usize {
    let mut found = 0;
    for layer in layers {
        let exprs = marsad_time::recognize(layer);
        let anchor = marsad_time::infer(layer, &exprs).and_then(|i| i.date);
        found += marsad_time::resolve_all(&exprs, anchor).len();
    }
    found
}

/// Normalise (with the offset map), tokenise, split: the text layer's whole job.
fn text_pass(docs: &[String], lexicon: Option<&Lexicon>) -> u64 {
    let mut tokens = 0u64;
    for d in docs {
        let norm = normalize(d, Form::Clean);
        let toks = tokenize(norm.text(), lexicon);
        let sentences = split_sentences(norm.text(), &toks);
        tokens += toks.len() as u64;
        std::hint::black_box(sentences);
    }
    tokens
}

pub fn bench(args: &BenchArgs, show_progress: bool) -> Result<()> {
    let wants = |s: &str| args.stages.iter().any(|x| x == s);
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut stages = Vec::new();

    memory::reset_peak();
    let t = Instant::now();
    let raw = corpus::raw_lines(&args.corpus, args.limit)?;
    let articles = corpus::articles(&raw);
    let read_s = t.elapsed().as_secs_f64();
    if articles.is_empty() {
        bail!("no articles in {}", args.corpus.display());
    }
    let docs: Vec<String> = articles.iter().map(|a| a.title_and_text()).collect();
    let bytes: u64 = docs.iter().map(|d| d.len() as u64).sum();
    let n = docs.len() as u64;
    if wants("read") {
        stages.push(stage("read", "zstd + JSON lines into articles", 1, n, bytes, read_s, None));
    }

    // The single-threaded text stages report the fastest of `repeat` passes, after a
    // warm-up on 200 articles, as peer_text.py does.
    let fastest = |lexicon: Option<&Lexicon>| {
        text_pass(&docs[..docs.len().min(200)], lexicon);
        memory::reset_peak();
        let mut best = (f64::MAX, 0u64);
        for _ in 0..args.repeat.max(1) {
            let t = Instant::now();
            let tokens = text_pass(&docs, lexicon);
            let s = t.elapsed().as_secs_f64();
            if s < best.0 {
                best = (s, tokens);
            }
        }
        best
    };
    if wants("text") {
        let (s, tokens) = fastest(None);
        stages.push(stage(
            "text",
            "normalise (NFKC + Arabic, offset map) + tokenise + split sentences",
            1,
            n,
            bytes,
            s,
            Some(tokens),
        ));
    }

    let t = Instant::now();
    let lexicon = Lexicon::builtin();
    let lexicon_load_ms = t.elapsed().as_secs_f64() * 1e3;
    if wants("clitics") {
        let (s, tokens) = fastest(Some(lexicon));
        stages.push(stage("clitics", "text + clitic segmentation of every Arabic token", 1, n, bytes, s, Some(tokens)));
    }

    if wants("time") {
        // The text layer as `analyze` builds it, once, untimed; then the fastest pass of the
        // temporal tagger alone (recognise, infer the publication day, resolve) over it.
        let layers: Vec<TextLayer> =
            docs.iter().map(|d| TextLayer::build(normalize(d, Form::Clean), Some(lexicon))).collect();
        let tokens: u64 = layers.iter().map(|l| l.tokens.len() as u64).sum();
        let mut best = f64::MAX;
        let mut found = 0usize;
        for _ in 0..args.repeat.max(1) {
            let t = Instant::now();
            found = time_pass(&layers);
            best = best.min(t.elapsed().as_secs_f64());
        }
        let what = format!("temporal tagger on a built text layer: recognise + infer + resolve ({found} expressions)");
        stages.push(stage("time", &what, 1, n, bytes, best, Some(tokens)));
    }

    if wants("prepare") {
        let items = raw.clone();
        memory::reset_peak();
        let t = Instant::now();
        let mut ok = 0u64;
        for item in items {
            if prepare(item).is_ok() {
                ok += 1;
            }
        }
        let s = t.elapsed().as_secs_f64();
        let mut st = stage("prepare", "JSON record -> document: furniture, language, id", 1, n, bytes, s, None);
        st.what.push_str(&format!(" ({ok} kept)"));
        stages.push(st);
    }
    drop(raw);

    if wants("ingest") {
        let dir = tempfile::tempdir()?;
        let ingest_args = IngestArgs {
            read: ReadArgs {
                paths: vec![args.corpus.clone()],
                max_doc_size: marsad_ingest::reader::DEFAULT_MAX_DOC_BYTES,
                limit: (args.limit > 0).then_some(args.limit),
            },
            strict: false,
            format: SummaryFormat::Json,
            show: 0,
        };
        memory::reset_peak();
        let t = Instant::now();
        let summary = ingest::ingest(dir.path(), &ingest_args, show_progress)?;
        let s = t.elapsed().as_secs_f64();
        let what = format!(
            "read + prepare + analyse + store in SQLite, {} new, {} copies, {} skipped",
            summary.ingested, summary.copies, summary.skipped
        );
        stages.push(stage("ingest", &what, cpus, n, bytes, s, None));
    }

    let mut peers = Vec::new();
    if let Some(python) = &args.python {
        peers = run_peer_text(python, &args.peers, &args.corpus, args.limit, args.repeat)?;
    }

    let report = Report {
        corpus: args.corpus.display().to_string(),
        articles: n,
        input_mb: bytes as f64 / 1e6,
        cpus,
        lexicon_load_ms,
        stages,
        peers,
    };
    print_report(&report);
    if let Some(path) = &args.json_out {
        std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn run_peer_text(python: &Path, peers: &Path, corpus: &Path, limit: u64, repeat: u32) -> Result<Vec<Peer>> {
    let script = peers.join("peer_text.py");
    if !script.exists() {
        bail!("{} not found (see --peers)", script.display());
    }
    let out = tempfile::NamedTempFile::new()?;
    let corpus = std::fs::canonicalize(corpus)?;
    eprintln!("running the peer: {} {} --limit {limit}", python.display(), script.display());
    let status = Command::new(python)
        .arg(&script)
        .arg("--corpus")
        .arg(&corpus)
        .arg("--limit")
        .arg(limit.to_string())
        .arg("--repeat")
        .arg(repeat.max(1).to_string())
        .arg("--json-out")
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("running {}", python.display()))?;
    if !status.success() {
        bail!("peer_text.py failed ({status})");
    }
    let json: Value = serde_json::from_str(&std::fs::read_to_string(out.path())?)?;
    let mut peers = Vec::new();
    if let Some(results) = json.get("results").and_then(Value::as_object) {
        for (tool, r) in results {
            let f = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
            peers.push(Peer {
                tool: tool.clone(),
                articles_per_s: f("articles_per_s"),
                mb_per_s: f("mb_per_s"),
                tokens_per_s: f("tokens_per_s"),
                seconds: f("seconds"),
            });
        }
    }
    Ok(peers)
}

fn print_report(r: &Report) {
    println!("corpus {} — {} articles, {:.1} MB of title+text, {} CPUs", r.corpus, r.articles, r.input_mb, r.cpus);
    println!("lexicon load: {:.0} ms", r.lexicon_load_ms);
    println!(
        "{:<10} {:>7} {:>9} {:>12} {:>9} {:>13} {:>9}  what",
        "stage", "threads", "seconds", "articles/s", "MB/s", "tokens/s", "peak MiB"
    );
    for s in &r.stages {
        println!(
            "{:<10} {:>7} {:>9.3} {:>12.0} {:>9.1} {:>13} {:>9}  {}",
            s.stage,
            s.threads,
            s.seconds,
            s.articles_per_s,
            s.mb_per_s,
            s.tokens_per_s.map(|t| format!("{t:.0}")).unwrap_or_else(|| "-".into()),
            s.peak_rss_mib.map(|m| format!("{m:.0}")).unwrap_or_else(|| "-".into()),
            s.what
        );
    }
    for p in &r.peers {
        println!(
            "{:<10} {:>7} {:>9.3} {:>12.0} {:>9.1} {:>13.0} {:>9}  peer_text.py, same articles, this session",
            p.tool, 1, p.seconds, p.articles_per_s, p.mb_per_s, p.tokens_per_s, "-"
        );
    }
    if let Some(camel) = r.peers.iter().find(|p| p.tool == "camel_tools") {
        for s in r.stages.iter().filter(|s| s.stage == "text" || s.stage == "clitics") {
            println!(
                "{} vs CAMeL Tools: {:.1}x the articles per second",
                s.stage,
                s.articles_per_s / camel.articles_per_s
            );
        }
    }
}
