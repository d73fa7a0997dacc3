//! `marsad bench`: each stage's speed and memory on real articles, with the peers run on
//! the same articles in the same session when a Python with their packages is given.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use marsad_extract::ner::eval::Scores;
use marsad_extract::ner::{NerModel, find_mentions};
use marsad_ingest::prepare;
use marsad_text::{Form, Lexicon, TextLayer, normalize, split_sentences, tokenize};
use serde::Serialize;
use serde_json::Value;

use crate::cli::{BenchArgs, IngestArgs, ReadArgs, SummaryFormat};
use crate::commands::{dups, ingest, ner};
use crate::{corpus, memory, pipeline};

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
    /// Entity F1 (%) of a tagging stage that has gold labels.
    f1: Option<f64>,
}

#[derive(Debug, Serialize)]
struct Peer {
    tool: String,
    /// The stage it stands beside: `text` or `ner`.
    task: String,
    articles_per_s: f64,
    mb_per_s: f64,
    tokens_per_s: f64,
    seconds: f64,
    /// For `ner`: entity F1 (%) on the same test file, and tokens/s of prediction alone.
    f1: Option<f64>,
    predict_tokens_per_s: Option<f64>,
}

#[derive(Debug, Serialize)]
struct Report {
    corpus: String,
    articles: u64,
    input_mb: f64,
    cpus: usize,
    lexicon_load_ms: f64,
    /// Decompressing and reading the entity tagger's model file, when a `ner` stage ran.
    ner_model_load_ms: Option<f64>,
    stages: Vec<Stage>,
    peers: Vec<Peer>,
    /// The `search` stage, with the FTS5 peer's figures of the same run.
    #[serde(skip_serializing_if = "Option::is_none")]
    search: Option<super::bench_search::SearchBench>,
    /// The `api` stage: a load test of the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    api: Option<super::bench_api::ApiLoad>,
    /// The `stories` stage's time per article at every 10,000 articles placed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stories_curve: Vec<CurvePoint>,
}

/// Time per article over one slice of a growing corpus.
#[derive(Debug, Serialize)]
struct CurvePoint {
    /// Articles placed so far.
    articles: usize,
    /// Seconds since the first.
    seconds: f64,
    /// Microseconds per article over the slice that ends here.
    slice_us_per_article: f64,
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
        f1: None,
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

/// The fastest of `repeat` runs of `pass` (after one warm-up run of `warm_up`), with
/// what the fastest returned.
fn fastest_of<T>(repeat: u32, warm_up: impl FnOnce(), mut pass: impl FnMut() -> T) -> (f64, T) {
    warm_up();
    memory::reset_peak();
    let mut best: Option<(f64, T)> = None;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let out = pass();
        let s = t.elapsed().as_secs_f64();
        if best.as_ref().is_none_or(|b| s < b.0) {
            best = Some((s, out));
        }
    }
    best.unwrap_or_else(|| (0.0, pass()))
}

/// Loads the entity tagger afresh (not the process-wide copy), timing it.
fn load_ner_model(path: Option<&Path>) -> Result<(NerModel, f64)> {
    let t = Instant::now();
    let model = match path {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading the model {}", p.display()))?;
            NerModel::from_bytes(&bytes).with_context(|| format!("{} is not a usable model", p.display()))?
        }
        None => NerModel::from_bytes(NerModel::builtin_bytes())?,
    };
    Ok((model, t.elapsed().as_secs_f64() * 1e3))
}

pub fn bench(args: &BenchArgs, ner_model: Option<&Path>, show_progress: bool) -> Result<()> {
    let wants = |s: &str| args.stages.iter().any(|x| x == s);
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut stages = Vec::new();

    // The tagger is loaded first, so that its load time is that of a fresh process.
    let ner =
        if wants("ner") || wants("ner-articles") || wants("events") { Some(load_ner_model(ner_model)?) } else { None };
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
        pipeline::use_ner_model(ner_model)?;
        let dir = tempfile::tempdir()?;
        let ingest_args = corpus_ingest(args);
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

    let mut dedup_articles = 0;
    if wants("dedup") || wants("reuse") {
        // Body text only, as peer_dedup.py compares; warm-up on 200 articles first.
        let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
        let text_bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
        dups::bench_dedup(&texts[..texts.len().min(200)], true);
        memory::reset_peak();
        let b = dups::bench_dedup(&texts, wants("reuse"));
        dedup_articles = texts.len();
        if wants("dedup") {
            let what = format!(
                "normalise + tokenise + 5-shingles + MinHash 128 + LSH 32x4 + exact Jaccard check: {} pairs (words {:.2}s)",
                b.pairs, b.words_s
            );
            stages.push(stage("dedup", &what, cpus, n, text_bytes, b.words_s + b.near_s, None));
            let what = "the same without normalise + tokenise (as the peers' build + query)";
            stages.push(stage("dedup-index", what, cpus, n, text_bytes, b.near_s, None));
        }
        if wants("reuse") {
            let what = format!(
                "winnowed 5-grams (window 4) + index + alignment: {} pairs share {} passages of >= 8 words (words not timed)",
                b.reuse_pairs, b.passages
            );
            stages.push(stage("reuse", &what, cpus, n, text_bytes, b.reuse_s, None));
        }
    }

    let mut ner_model_load_ms = None;
    let mut ner_test = None;
    if let Some((model, load_ms)) = ner {
        ner_model_load_ms = Some(load_ms);
        if wants("ner") {
            if args.ner_test.exists() {
                stages.push(ner_conll_stage(&model, &args.ner_test, args.repeat)?);
                ner_test = Some(&args.ner_test);
            } else {
                eprintln!("bench: stage ner skipped: {} not found (see --ner-test)", args.ner_test.display());
            }
        }
        if wants("ner-articles") {
            let take = if args.ner_articles == 0 { docs.len() } else { docs.len().min(args.ner_articles) };
            stages.push(ner_articles_stage(&model, &docs[..take], lexicon, args.repeat));
        }
        if wants("events") {
            let take = if args.ner_articles == 0 { docs.len() } else { docs.len().min(args.ner_articles) };
            stages.push(events_stage(&model, &docs[..take], args.repeat));
        }
    }

    let mut stories_curve = Vec::new();
    if wants("stories") {
        let (analysed, placed, curve) = stories_stages(args, ner_model, show_progress)?;
        stages.push(analysed);
        stages.push(placed);
        stories_curve = curve;
    }

    let api = if wants("api") { Some(super::bench_api::run(args, ner_model, show_progress)?) } else { None };
    let search = if wants("search") {
        let extra = args.search_extra.as_deref().filter(|p| !p.as_os_str().is_empty() && p.as_os_str() != "none");
        Some(super::bench_search::run(&articles, extra, args.python.as_deref(), &args.peers, args.repeat)?)
    } else {
        None
    };

    let mut peers = Vec::new();
    if let Some(python) = &args.python {
        if wants("text") || wants("clitics") {
            peers = run_peer_text(python, &args.peers, &args.corpus, args.limit, args.repeat)?;
        }
        if let Some(test) = ner_test {
            peers.push(run_peer_ner(python, &args.peers, test)?);
        }
        if wants("dedup") {
            peers.extend(run_peer_dedup(python, &args.peers, &args.corpus, args.limit, dedup_articles)?);
        }
    }

    let report = Report {
        corpus: args.corpus.display().to_string(),
        articles: n,
        input_mb: bytes as f64 / 1e6,
        cpus,
        lexicon_load_ms,
        ner_model_load_ms,
        stages,
        peers,
        stories_curve,
        api,
        search,
    };
    print_report(&report);
    if let Some(api) = &report.api {
        super::bench_api::print(api);
    }
    if let Some(s) = &report.search {
        super::bench_search::print(s);
    }
    if let Some(path) = &args.json_out {
        std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn run_peer_text(python: &Path, peers: &Path, corpus: &Path, limit: u64, repeat: u32) -> Result<Vec<Peer>> {
    let corpus = std::fs::canonicalize(corpus)?;
    eprintln!("running the peer: {} peer_text.py --limit {limit}", python.display());
    let args = [
        "--corpus".into(),
        corpus.into_os_string(),
        "--limit".into(),
        limit.to_string().into(),
        "--repeat".into(),
        repeat.max(1).to_string().into(),
    ];
    let json = run_peer_script(python, peers, "peer_text.py", &args)?;
    let mut peers = Vec::new();
    if let Some(results) = json.get("results").and_then(Value::as_object) {
        for (tool, r) in results {
            let f = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
            peers.push(Peer {
                tool: tool.clone(),
                task: "text".into(),
                articles_per_s: f("articles_per_s"),
                mb_per_s: f("mb_per_s"),
                tokens_per_s: f("tokens_per_s"),
                seconds: f("seconds"),
                f1: None,
                predict_tokens_per_s: None,
            });
        }
    }
    Ok(peers)
}

/// peer_dedup.py (datasketch, gaoya, gaoya_bulk) on the same articles: build + query
/// seconds, as the `dedup-index` stage measures (their normalisation is timed apart).
fn run_peer_dedup(python: &Path, peers: &Path, corpus: &Path, limit: u64, articles: usize) -> Result<Vec<Peer>> {
    let corpus = std::fs::canonicalize(corpus)?;
    eprintln!("running the peer: {} peer_dedup.py --limit {limit}", python.display());
    let args = [
        "--corpus".into(),
        corpus.into_os_string(),
        "--limit".into(),
        limit.to_string().into(),
        "--exact-limit".into(),
        "0".into(),
    ];
    let json = run_peer_script(python, peers, "peer_dedup.py", &args)?;
    let mut out = Vec::new();
    if let Some(methods) = json.get("methods").and_then(Value::as_object) {
        for (tool, m) in methods.iter().filter(|(k, _)| !k.ends_with("_est")) {
            let seconds = m.get("build_plus_query_seconds").and_then(Value::as_f64).unwrap_or(0.0);
            let norm = m.pointer("/seconds/normalise_tokenise").and_then(Value::as_f64).unwrap_or(0.0);
            out.push(Peer {
                tool: tool.clone(),
                task: "dedup".into(),
                articles_per_s: articles as f64 / seconds.max(1e-9),
                mb_per_s: 0.0,
                tokens_per_s: 0.0,
                seconds,
                f1: None,
                predict_tokens_per_s: Some(norm),
            });
        }
    }
    Ok(out)
}

/// Fewest timed passes over the `ner` stage's CoNLL file.
const MIN_NER_PASSES: u32 = 20;

/// The tagger on a CoNLL file: its raw words to labels, both passes, runs of
/// [`ner::CONLL_DOCUMENT_SENTENCES`] sentences standing for documents — the same input
/// and the same work as the CRF peer's "features + predict".
fn ner_conll_stage(model: &NerModel, test: &Path, repeat: u32) -> Result<Stage> {
    let sentences = ner::read_conll(test)?;
    let lexicon = Lexicon::builtin();
    let tokens: u64 = sentences.iter().map(|s| s.words.len() as u64).sum();
    let bytes: u64 = sentences.iter().flat_map(|s| &s.words).map(|w| w.len() as u64 + 1).sum();
    let documents = sentences.len().div_ceil(ner::CONLL_DOCUMENT_SENTENCES) as u64;
    // A test file is small (ANERcorp's: 25,000 tokens, a twentieth of a second), so one
    // busy moment of a shared machine can spoil every pass of a few: the warm-up is a
    // whole pass and there are at least MIN_NER_PASSES.
    let (s, predicted) = fastest_of(
        repeat.max(MIN_NER_PASSES),
        || drop(ner::tag_conll(model, &sentences, lexicon)),
        || ner::tag_conll(model, &sentences, lexicon),
    );
    let mut scores = Scores::default();
    for (sentence, labels) in sentences.iter().zip(&predicted) {
        scores.add(&sentence.labels, labels);
    }
    let what = format!(
        "entity tagger, words -> labels, both passes: {} ({} sentences; runs of {} are the documents counted as articles)",
        test.display(),
        sentences.len(),
        ner::CONLL_DOCUMENT_SENTENCES
    );
    let mut st = stage("ner", &what, 1, documents, bytes, s, Some(tokens));
    st.f1 = Some((scores.all.f1() * 1e4).round() / 100.0);
    Ok(st)
}

/// The tagger on news articles as ingest runs it: from a text layer (built beforehand,
/// not timed) to entity mentions with their offsets.
fn ner_articles_stage(model: &NerModel, docs: &[String], lexicon: &Lexicon, repeat: u32) -> Stage {
    let layers: Vec<TextLayer> = docs.iter().map(|d| TextLayer::new(d)).collect();
    let tokens: u64 = layers.iter().map(|l| l.tokens.len() as u64).sum();
    let bytes: u64 = docs.iter().map(|d| d.len() as u64).sum();
    let tag = |n: usize| {
        let mut mentions = 0usize;
        for (layer, doc) in layers.iter().zip(docs).take(n) {
            mentions += find_mentions(model, layer, doc, lexicon, marsad_link::Gazetteer::builtin()).len();
        }
        mentions
    };
    let (s, mentions) = fastest_of(
        repeat,
        || {
            tag(50);
        },
        || tag(layers.len()),
    );
    let what = format!("entity tagger on the first {} articles: text layer -> mentions ({mentions} found)", docs.len());
    stage("ner-articles", &what, 1, docs.len() as u64, bytes, s, Some(tokens))
}

/// Quotes, quantities and events (marsad-events) on news articles: the text layer, entities
/// and time expressions are made beforehand (not timed), as `analyze` makes them; the stage
/// times the extractors alone.
fn events_stage(model: &NerModel, docs: &[String], repeat: u32) -> Stage {
    struct Prepared {
        layer: TextLayer,
        entities: Vec<marsad_core::EntityMention>,
        timex: Vec<marsad_core::Timex>,
        published: Option<String>,
    }
    let prepared: Vec<Prepared> = docs
        .iter()
        .map(|d| {
            let layer = TextLayer::new(d);
            let mut published = marsad_core::PublishedOut {
                value: None,
                from: "none".into(),
                confidence: 0.0,
                estimate: None,
                text_disagrees: None,
            };
            let timex = pipeline::timex(&layer, d, &mut published);
            let entities = pipeline::entities(model, &layer, d);
            Prepared { layer, entities, timex, published: published.value }
        })
        .collect();
    let tokens: u64 = prepared.iter().map(|p| p.layer.tokens.len() as u64).sum();
    let bytes: u64 = docs.iter().map(|d| d.len() as u64).sum();
    let run = |n: usize| {
        let mut found = (0usize, 0usize, 0usize);
        for (p, doc) in prepared.iter().zip(docs).take(n) {
            let input = marsad_events::DocInput {
                layer: &p.layer,
                text: doc,
                entities: &p.entities,
                timex: &p.timex,
                published: p.published.as_deref(),
            };
            let x =
                marsad_events::extract(marsad_events::Ontology::builtin(), marsad_link::Gazetteer::builtin(), &input);
            found.0 += x.quotes.len();
            found.1 += x.quantities.len();
            found.2 += x.events.len();
        }
        found
    };
    let (s, (quotes, quantities, events)) = fastest_of(
        repeat,
        || {
            run(50);
        },
        || run(prepared.len()),
    );
    let what = format!(
        "quotes, quantities and events on the first {} articles, from a built text layer, entities and timexes \
         ({quotes} quotes, {quantities} quantities, {events} events)",
        docs.len()
    );
    stage("events", &what, 1, docs.len() as u64, bytes, s, Some(tokens))
}

/// The CRF peer (`peer_ner_crf.py`): it trains on ANERcorp's training file (its
/// default), then tags `test`, the file the `ner` stage tagged.
fn run_peer_ner(python: &Path, peers: &Path, test: &Path) -> Result<Peer> {
    let test = std::fs::canonicalize(test)?;
    eprintln!("running the CRF peer (it trains first, about a minute): {} peer_ner_crf.py", python.display());
    let json = run_peer_script(python, peers, "peer_ner_crf.py", &["--test".into(), test.into_os_string()])?;
    let f = |k: &str| json.get(k).and_then(Value::as_f64).unwrap_or(0.0);
    let seconds = f("tag_feature_seconds") + f("tag_predict_seconds");
    let f1 = json.pointer("/micro/f1").and_then(Value::as_f64).map(|x| (x * 1e4).round() / 100.0);
    Ok(Peer {
        tool: "crf".into(),
        task: "ner".into(),
        articles_per_s: 0.0,
        mb_per_s: 0.0,
        tokens_per_s: f("tag_tokens_per_s"),
        seconds,
        f1,
        predict_tokens_per_s: Some(f("tag_tokens_per_s_predict_only")),
    })
}

/// Runs one peer script of ../shared/bench with `args` and returns the JSON it writes
/// (`--json-out`); its own output is silenced.
pub(crate) fn run_peer_script(python: &Path, peers: &Path, name: &str, args: &[std::ffi::OsString]) -> Result<Value> {
    let script = peers.join(name);
    if !script.exists() {
        bail!("{} not found (see --peers)", script.display());
    }
    let out = tempfile::NamedTempFile::new()?;
    let status = Command::new(python)
        .arg(&script)
        .args(args)
        .arg("--json-out")
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("running {}", python.display()))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    Ok(serde_json::from_str(&std::fs::read_to_string(out.path())?)?)
}

/// `marsad ingest` of the bench's corpus (its first `--limit` articles), as the `ingest` and
/// `api` stages run it.
pub fn corpus_ingest(args: &BenchArgs) -> IngestArgs {
    IngestArgs {
        read: ReadArgs {
            paths: vec![args.corpus.clone()],
            max_doc_size: marsad_ingest::reader::DEFAULT_MAX_DOC_BYTES,
            limit: (args.limit > 0).then_some(args.limit),
        },
        strict: false,
        format: SummaryFormat::Json,
        show: 0,
    }
}

/// Slice of the corpus after which the `stories` stage records its time per article.
const CURVE_STEP: usize = 10_000;

/// The `stories` stage: every article of the story corpora prepared and analysed as ingest
/// does (all cores), then — timed on its own — featurised (all cores) and placed in events and
/// sagas in publication order (one core), as `ingest` does after storing them.
fn stories_stages(
    args: &BenchArgs,
    ner_model: Option<&Path>,
    show_progress: bool,
) -> Result<(Stage, Stage, Vec<CurvePoint>)> {
    use marsad_story::{StoryIndex, parse_day};
    use rayon::prelude::*;
    pipeline::use_ner_model(ner_model)?;
    let mut raw = Vec::new();
    for corpus in &args.stories_corpora {
        raw.extend(corpus::raw_lines(corpus, 0)?);
    }
    if args.stories_limit > 0 {
        raw.truncate(args.stories_limit as usize);
    }
    let bytes: u64 = raw.iter().map(|r| r.bytes.len() as u64).sum();
    let n = raw.len() as u64;
    let cpus = rayon::current_num_threads();
    memory::reset_peak();
    let bar = pipeline::count_bar(n, "analyse", "articles", show_progress);
    let t = Instant::now();
    let analysed: Vec<(marsad_core::Document, Vec<String>)> = raw
        .into_par_iter()
        .filter_map(|item| {
            let doc = prepare(item).ok()?;
            let analysis = pipeline::analyze(&doc);
            bar.inc(1);
            Some((doc, analysis.entities.into_iter().map(|e| e.entity_id).collect()))
        })
        .collect();
    bar.finish_and_clear();
    let analyse = stage(
        "stories-in",
        "prepare + analyse (as ingest, before storing)",
        cpus,
        n,
        bytes,
        t.elapsed().as_secs_f64(),
        None,
    );

    memory::reset_peak();
    let t = Instant::now();
    let mut featured: Vec<(Option<i32>, &str, marsad_story::DocFeatures)> = analysed
        .par_iter()
        .map(|(doc, entities)| {
            let day = doc.published.date.as_deref().and_then(parse_day);
            (day, doc.id.as_str(), super::stories::features_of(doc, entities.iter().map(String::as_str)))
        })
        .collect();
    featured.sort_by(|a, b| (a.0.is_none(), a.0, a.1).cmp(&(b.0.is_none(), b.0, b.1)));
    let features_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut index = StoryIndex::default();
    let mut curve = Vec::new();
    let mut slice_start = 0.0;
    for (i, (day, id, features)) in featured.iter().enumerate() {
        index.add(id, *day, features);
        if (i + 1) % CURVE_STEP == 0 || i + 1 == featured.len() {
            let now = t.elapsed().as_secs_f64();
            let slice = (i % CURVE_STEP + 1) as f64;
            curve.push(CurvePoint {
                articles: i + 1,
                seconds: now,
                slice_us_per_article: (now - slice_start) * 1e6 / slice,
            });
            slice_start = now;
        }
    }
    let cluster_s = t.elapsed().as_secs_f64();
    let what = format!(
        "features {features_s:.1} s (all cores) + events and sagas {cluster_s:.1} s (one core): {} events, {} sagas",
        index.events.len(),
        index.sagas.len()
    );
    let placed = stage("stories", &what, cpus, analysed.len() as u64, bytes, features_s + cluster_s, None);
    Ok((analyse, placed, curve))
}

fn print_report(r: &Report) {
    println!("corpus {} — {} articles, {:.1} MB of title+text, {} CPUs", r.corpus, r.articles, r.input_mb, r.cpus);
    println!("lexicon load: {:.0} ms", r.lexicon_load_ms);
    if let Some(ms) = r.ner_model_load_ms {
        println!("ner model load: {ms:.0} ms");
    }
    println!(
        "{:<12} {:>7} {:>9} {:>12} {:>9} {:>13} {:>9}  what",
        "stage", "threads", "seconds", "articles/s", "MB/s", "tokens/s", "peak MiB"
    );
    for s in &r.stages {
        println!(
            "{:<12} {:>7} {:>9.3} {:>12.0} {:>9.1} {:>13} {:>9}  {}{}",
            s.stage,
            s.threads,
            s.seconds,
            s.articles_per_s,
            s.mb_per_s,
            s.tokens_per_s.map(|t| format!("{t:.0}")).unwrap_or_else(|| "-".into()),
            s.peak_rss_mib.map(|m| format!("{m:.0}")).unwrap_or_else(|| "-".into()),
            s.what,
            s.f1.map(|f| format!("; F1 {f:.2}")).unwrap_or_default()
        );
    }
    for p in &r.peers {
        let about = match p.task.as_str() {
            "ner" => format!(
                "peer_ner_crf.py on the same CoNLL file, this session: features + predict; F1 {:.2}; predict only {:.0} tokens/s",
                p.f1.unwrap_or(0.0),
                p.predict_tokens_per_s.unwrap_or(0.0)
            ),
            "dedup" => format!(
                "peer_dedup.py, same articles, this session: build + query (its normalise + tokenise {:.2}s apart)",
                p.predict_tokens_per_s.unwrap_or(0.0)
            ),
            _ => "peer_text.py, same articles, this session".to_string(),
        };
        let per_article = |x: f64| if p.task == "ner" { "-".to_string() } else { format!("{x:.0}") };
        let per_mb = |x: f64| if p.task == "ner" { "-".to_string() } else { format!("{x:.1}") };
        println!(
            "{:<12} {:>7} {:>9.3} {:>12} {:>9} {:>13.0} {:>9}  {about}",
            p.tool,
            1,
            p.seconds,
            per_article(p.articles_per_s),
            per_mb(p.mb_per_s),
            p.tokens_per_s,
            "-"
        );
    }
    if let (Some(ours), Some(crf)) =
        (r.stages.iter().find(|s| s.stage == "ner"), r.peers.iter().find(|p| p.task == "ner"))
        && let Some(tokens_per_s) = ours.tokens_per_s
        && crf.tokens_per_s > 0.0
    {
        println!(
            "ner vs the CRF: {:.1}x the tokens per second, F1 {:.2} vs {:.2}",
            tokens_per_s / crf.tokens_per_s,
            ours.f1.unwrap_or(0.0),
            crf.f1.unwrap_or(0.0)
        );
    }
    if !r.stories_curve.is_empty() {
        println!("stories, time per article as the corpus grows:");
        for p in &r.stories_curve {
            println!(
                "  {:>7} articles  {:>8.2} s  {:>8.1} µs/article over the last slice",
                p.articles, p.seconds, p.slice_us_per_article
            );
        }
    }
    if let Some(ours) = r.stages.iter().find(|s| s.stage == "dedup-index") {
        for p in r.peers.iter().filter(|p| p.task == "dedup" && p.seconds > 0.0) {
            println!("dedup-index vs {}: {:.1}x faster (build + query)", p.tool, p.seconds / ours.seconds);
        }
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
