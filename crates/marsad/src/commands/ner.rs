//! `marsad train clusters`, `marsad train ner` and `marsad eval ner`: the entity
//! tagger's unsupervised word clusters, its training, and its evaluation.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use marsad_core::EntityKind;
use marsad_extract::ner::clusters::{ClusterParams, ClusterTable, ContextCounts, LEVELS};
use marsad_extract::ner::conll::{self, LabeledSentence};
use marsad_extract::ner::corpus_labels::{CorpusCounts, CorpusLabels};
use marsad_extract::ner::eval::Scores;
use marsad_extract::ner::features::{DocumentEvidence, NameLists, WordInfo};
use marsad_extract::ner::labels::N_LABELS;
use marsad_extract::ner::mentions::TITLE_WORDS;
use marsad_extract::ner::perceptron::{SentenceFeatures, Shuffler, Trainer, Weights};
use marsad_extract::ner::rules::{self, RuleSet, RuleWord, SpanRules};
use marsad_extract::ner::{Label, NerModel};
use marsad_text::normalize::clean_to_key;
use marsad_text::{Form, Lexicon, TextLayer, TokenKind, normalize, tokenize};
use rayon::prelude::*;
use serde_json::json;

use crate::cli::{EvalNerArgs, SummaryFormat, TrainClustersArgs, TrainNerArgs};
use crate::corpus;
use crate::pipeline;

/// The stems of an article's words, `Key` form; None for what is not an Arabic word.
fn article_stems(text: &str, lexicon: &Lexicon) -> Vec<Option<String>> {
    let norm = normalize(text, Form::Clean);
    tokenize(norm.text(), Some(lexicon))
        .iter()
        .map(|t| (t.kind == TokenKind::Arabic).then(|| clean_to_key(t.stem(norm.text()))).filter(|s| !s.is_empty()))
        .collect()
}

pub fn train_clusters(args: &TrainClustersArgs, show_progress: bool) -> Result<()> {
    let started = Instant::now();
    let lexicon = Lexicon::builtin();
    let mut articles = Vec::new();
    for path in &args.corpora {
        let raw = corpus::raw_lines(path, args.limit)?;
        articles.extend(corpus::articles(&raw).into_iter().map(|a| a.title_and_text()));
    }
    if articles.is_empty() {
        bail!("no articles in the corpora");
    }
    let bar = pipeline::count_bar(articles.len() as u64, "count", "articles", show_progress);
    let counts = articles
        .par_chunks(256)
        .map(|chunk| {
            let mut local: HashMap<String, u32> = HashMap::new();
            for a in chunk {
                for s in article_stems(a, lexicon).into_iter().flatten() {
                    *local.entry(s).or_default() += 1;
                }
            }
            bar.inc(chunk.len() as u64);
            local
        })
        .reduce(HashMap::new, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        });
    bar.finish_and_clear();
    let mut ranked: Vec<(String, u32)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let vocab: Vec<String> = ranked.iter().take(args.vocab).filter(|(_, c)| *c >= 5).map(|(w, _)| w.clone()).collect();
    let contexts: Vec<String> = ranked.iter().take(args.contexts).map(|(w, _)| w.clone()).collect();
    let threads = rayon::current_num_threads().max(1);
    let per_thread = articles.len().div_ceil(threads);
    let bar = pipeline::count_bar(articles.len() as u64, "cooccur", "articles", show_progress);
    let template = ContextCounts::new(vocab.clone(), &contexts);
    let parts: Vec<ContextCounts> = articles
        .par_chunks(per_thread)
        .map(|chunk| {
            let mut counts = template.empty_like();
            for a in chunk {
                let stems = article_stems(a, lexicon);
                let refs: Vec<Option<&str>> = stems.iter().map(|s| s.as_deref()).collect();
                counts.add_sentence(&refs);
                bar.inc(1);
            }
            counts
        })
        .collect();
    bar.finish_and_clear();
    drop(template);
    let mut parts = parts.into_iter();
    let mut counts = parts.next().context("no counts")?;
    for p in parts {
        counts.merge(&p);
    }
    let mut params = ClusterParams::default();
    for (slot, &k) in params.k.iter_mut().zip(&args.k) {
        *slot = k;
    }
    let bar = pipeline::count_bar(params.iterations as u64, "k-means", "iterations", show_progress);
    let table = counts.cluster(&params, &|i| bar.set_position(i as u64));
    bar.finish_and_clear();
    let tsv = table.to_tsv();
    let compressed = zstd::bulk::compress(tsv.as_bytes(), 19)?;
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &compressed).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "clusters: {} stems in {:?} clusters from {} articles, written to {} ({} KiB) in {:.1} s",
        table.len(),
        params.k,
        articles.len(),
        args.out.display(),
        compressed.len() / 1024,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let bytes = if path.extension().is_some_and(|e| e == "zst") {
        zstd::stream::decode_all(&bytes[..]).with_context(|| format!("decompressing {}", path.display()))?
    } else {
        bytes
    };
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", path.display()))
}

pub fn read_conll(path: &Path) -> Result<Vec<LabeledSentence>> {
    Ok(conll::parse(&read_text(path)?, &path.display().to_string())?)
}

/// Reads the clusters file.
pub fn read_clusters(path: &Path) -> Result<ClusterTable> {
    Ok(ClusterTable::from_tsv(&read_text(path)?, &path.display().to_string())?)
}

/// Cities' Arabic names sometimes carry an administrative word first.
fn strip_admin_prefix(name: &str) -> &str {
    for p in ["ولاية ", "محافظة ", "منطقة ", "مدينة ", "إقليم ", "مقاطعة "] {
        if let Some(rest) = name.strip_prefix(p) {
            return rest;
        }
    }
    name
}

/// The name lists the tagger's features read, from a gazetteer folder laid out as
/// ../shared/data/gazetteers (each list optional), plus marsad's title words.
pub fn build_name_lists(dir: &Path, lexicon: &Lexicon) -> Result<(NameLists, Vec<String>)> {
    let mut names = NameLists::default();
    let mut used = Vec::new();
    let read = |rel: &str| -> Option<String> { std::fs::read_to_string(dir.join(rel)).ok() };
    for (rel, kind) in [
        ("anergazet/persons.txt", EntityKind::Person),
        ("anergazet/locations.txt", EntityKind::Location),
        ("anergazet/organizations.txt", EntityKind::Organization),
    ] {
        if let Some(text) = read(rel) {
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                names.add_name(line, kind, lexicon);
            }
            used.push(rel.to_string());
        }
    }
    if let Some(text) = read("countries_mledoze/countries.tsv") {
        for line in text.lines().skip(1) {
            for (i, field) in line.split('\t').enumerate() {
                if matches!(i, 4 | 5 | 7 | 8) && !field.trim().is_empty() {
                    names.add_name(field.trim(), EntityKind::Location, lexicon);
                }
            }
        }
        used.push("countries_mledoze/countries.tsv".into());
    }
    if let Some(text) = read("world_cities_ar/cities.tsv") {
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            let population: u64 = f.get(4).and_then(|p| p.trim().parse().ok()).unwrap_or(0);
            if population >= 100_000
                && let Some(city) = f.get(3)
            {
                names.add_name(strip_admin_prefix(city.trim()), EntityKind::Location, lexicon);
            }
        }
        used.push("world_cities_ar/cities.tsv (population ≥ 100k)".into());
    }
    if let Some(text) = read("anetac/en_ar_named_entities.tsv") {
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            let kind = match f.first() {
                Some(&"PERSON") => EntityKind::Person,
                Some(&"LOCATION") => EntityKind::Location,
                Some(&"ORGANIZATION") => EntityKind::Organization,
                _ => continue,
            };
            if let Some(word) = f.get(2) {
                names.add_token(word.trim(), kind, lexicon);
            }
        }
        used.push("anetac/en_ar_named_entities.tsv".into());
    }
    if let Some(text) = read("wikidata_person_name_tokens_en_ar/tokens.tsv") {
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            let count: u32 = f.get(2).and_then(|c| c.trim().parse().ok()).unwrap_or(0);
            if count >= 2
                && let Some(word) = f.get(1)
            {
                names.add_token(word.trim(), EntityKind::Person, lexicon);
            }
        }
        used.push("wikidata_person_name_tokens_en_ar/tokens.tsv (count ≥ 2)".into());
    }
    // marsad's own gazetteer (curated leaders, organisations, places and their aliases).
    for entry in marsad_link::Gazetteer::builtin().entries() {
        for alias in &entry.aliases {
            names.add_name(alias, entry.kind, lexicon);
        }
    }
    used.push("marsad-link built-in gazetteer".into());
    for title in TITLE_WORDS {
        names.add_title(title, lexicon);
    }
    Ok((names, used))
}

/// CoNLL files have no document boundaries: runs of this many consecutive sentences
/// stand for documents (about one news article's worth) for the second pass.
pub const CONLL_DOCUMENT_SENTENCES: usize = 30;

/// Folds of the jackknife that gives the second pass honest first-pass labels on its
/// own training data.
const FOLDS: usize = 5;

/// Sentences read into features once.
struct Prepared {
    words: Vec<Vec<WordInfo>>,
    first: Vec<SentenceFeatures>,
    gold: Vec<Vec<Label>>,
    /// The corpus of each sentence: 0 for `--train` (and development) sentences, then
    /// one per `--extra` file.
    domain: Vec<u8>,
}

impl Prepared {
    fn new(model: &NerModel, sentences: &[LabeledSentence], domain: Vec<u8>, lexicon: &Lexicon) -> Prepared {
        let words: Vec<Vec<WordInfo>> = sentences
            .par_iter()
            .map(|s| {
                let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
                model.words(&w, lexicon)
            })
            .collect();
        let first = words.par_iter().map(|w| model.featurize(w)).collect();
        Prepared { words, first, gold: sentences.iter().map(|s| s.labels.clone()).collect(), domain }
    }

    fn len(&self) -> usize {
        self.gold.len()
    }

    fn domains(&self) -> usize {
        self.domain.iter().copied().max().map_or(1, |d| d as usize + 1)
    }
}

/// Document chunks of sentence indices `ranges`.
fn documents(ranges: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    ranges
        .iter()
        .flat_map(|range| {
            range.clone().step_by(CONLL_DOCUMENT_SENTENCES).map(|s| s..(s + CONLL_DOCUMENT_SENTENCES).min(range.end))
        })
        .collect()
}

/// What sees the averaged weights after each epoch (the epoch, from 1, and the weights).
type EpochHook<'a> = dyn FnMut(usize, &Weights) + 'a;

/// Trains weights on the sentences `train` for `epochs` epochs; `after_epoch` sees the
/// averaged weights after each.
#[allow(clippy::too_many_arguments)]
fn train_weights(
    bits: u32,
    data: &Prepared,
    features: &[SentenceFeatures],
    train: &[usize],
    epochs: usize,
    seed: u64,
    dropout: f64,
    bar: &indicatif::ProgressBar,
    mut after_epoch: Option<&mut EpochHook>,
) -> Weights {
    let mut trainer = Trainer::with_domains(bits, data.domains());
    let mut order = train.to_vec();
    let mut shuffler = Shuffler::new(seed);
    // Its own stream, so that the shuffles stay those of the seed.
    let mut coin = Shuffler::new(seed.wrapping_add(77));
    let mut dropped = SentenceFeatures::default();
    for epoch in 1..=epochs {
        shuffler.shuffle(&mut order);
        for &i in &order {
            if dropout > 0.0 {
                features[i].dropped_into(dropout, &mut coin, &mut dropped);
                trainer.learn_in(&dropped, &data.gold[i], data.domain[i] as usize);
            } else {
                trainer.learn_in(&features[i], &data.gold[i], data.domain[i] as usize);
            }
            bar.inc(1);
        }
        // Averaging reads every weight: only when someone looks.
        if let Some(f) = after_epoch.as_mut() {
            f(epoch, &trainer.averaged());
        }
    }
    trainer.averaged()
}

fn score(weights: &Weights, features: &[SentenceFeatures], gold: &[Vec<Label>], which: &[usize]) -> Scores {
    let mut scores = Scores::default();
    for &i in which {
        scores.add(&gold[i], &weights.decode(&features[i]));
    }
    scores
}

/// The first-pass labels of a fold's held-out sentences, by sentence index.
type HeldLabels = Vec<(usize, Vec<Label>)>;

/// First-pass labels of the sentences of `pools` from weights trained on the rest,
/// fold by fold (folds are whole documents). With a corpus, each fold's weights also
/// tag it, and the sentences it holds out read that fold's table: `tables[fold_of[i]]`.
#[allow(clippy::too_many_arguments)]
fn jackknife(
    model: &NerModel,
    data: &Prepared,
    pools: &[std::ops::Range<usize>],
    epochs: usize,
    seed: u64,
    dropout: f64,
    bar: &indicatif::ProgressBar,
    corpus: &[Vec<WordInfo>],
    labels: &mut [Vec<Label>],
    fold_of: &mut [u8],
) -> Vec<CorpusLabels> {
    let docs = documents(pools);
    let bits = model.weights.bits;
    // Folds are independent: trained side by side (each holds its own weight tables).
    let folds: Vec<(HeldLabels, CorpusLabels)> = (0..FOLDS)
        .into_par_iter()
        .map(|fold| {
            let (held, rest): (Vec<_>, Vec<_>) = docs.iter().enumerate().partition(|(d, _)| d % FOLDS == fold);
            let train: Vec<usize> = rest.into_iter().flat_map(|(_, r)| r.clone()).collect();
            let weights = train_weights(bits, data, &data.first, &train, epochs, seed, dropout, bar, None);
            let held =
                held.into_iter().flat_map(|(_, r)| r.clone()).map(|i| (i, weights.decode(&data.first[i]))).collect();
            (held, corpus_table(model, &weights, corpus))
        })
        .collect();
    let mut tables = Vec::with_capacity(FOLDS);
    for (fold, (held, table)) in folds.into_iter().enumerate() {
        for (i, l) in held {
            labels[i] = l;
            fold_of[i] = fold as u8;
        }
        tables.push(table);
    }
    tables
}

/// What `weights` (a first pass) say of each stem across the corpus sentences, and of
/// each pair of stems that both appear as entities.
fn corpus_table(model: &NerModel, weights: &Weights, corpus: &[Vec<WordInfo>]) -> CorpusLabels {
    if corpus.is_empty() {
        return CorpusLabels::default();
    }
    let labels: Vec<Vec<Label>> = corpus.par_iter().map(|words| weights.decode(&model.featurize(words))).collect();
    let count = |pairs: Option<&CorpusLabels>| {
        corpus
            .par_chunks(2048)
            .zip(labels.par_chunks(2048))
            .map(|(chunk, labels)| {
                let mut counts = CorpusCounts::default();
                for (words, labels) in chunk.iter().zip(labels) {
                    match pairs {
                        None => counts.add(words, labels),
                        Some(table) => counts.add_pairs(words, labels, table),
                    }
                }
                counts
            })
            .reduce(CorpusCounts::default, |mut a, b| {
                a.merge(b);
                a
            })
    };
    let mut table = count(None).table();
    if CORPUS_PAIRS {
        let pairs = count(Some(&table)).table_min(CORPUS_PAIR_MIN);
        table.extend(pairs);
    }
    table
}

/// Whether the corpus table holds pairs of stems too, and how many entity sightings a
/// pair needs.
const CORPUS_PAIRS: bool = true;
const CORPUS_PAIR_MIN: u32 = 3;

/// The corpus articles' sentences, read as the tagger reads a document (`analyze`'s
/// text layer), at most `limit` articles per file (0 = all).
fn read_corpus(
    model: &NerModel,
    paths: &[std::path::PathBuf],
    limit: u64,
    lexicon: &Lexicon,
) -> Result<Vec<Vec<WordInfo>>> {
    let mut articles = Vec::new();
    for path in paths {
        let raw = corpus::raw_lines(path, limit)?;
        articles.extend(corpus::articles(&raw).into_iter().map(|a| a.title_and_text()));
    }
    Ok(articles
        .par_iter()
        .flat_map_iter(|a| {
            let layer = TextLayer::build(normalize(a, Form::Clean), Some(lexicon));
            let text = layer.text();
            layer
                .sentences
                .iter()
                .map(|s| marsad_extract::ner::mentions::words_of(model, lexicon, text, layer.sentence_tokens(s)))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
        })
        .collect())
}

/// Second-pass features of `ranges` given first-pass labels; `table(i)` is the corpus
/// table sentence `i` reads (the same for a whole document).
fn second_features<'t>(
    model: &NerModel,
    data: &Prepared,
    labels: &[Vec<Label>],
    ranges: &[std::ops::Range<usize>],
    table: &dyn Fn(usize) -> Option<&'t CorpusLabels>,
    out: &mut [SentenceFeatures],
) {
    let bits = model.weights.bits;
    for doc in documents(ranges) {
        let evidence = DocumentEvidence::new(&data.words[doc.clone()], &labels[doc.clone()], table(doc.start));
        for i in doc {
            out[i] = model.featurize_second(&data.words[i], &data.first[i], &labels[i], &evidence, bits);
        }
    }
}

fn best_epoch(curve: &[f64]) -> Result<(usize, f64)> {
    curve.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, f)| (i + 1, *f)).context("no epochs")
}

/// A bias on O, then on each kind (B and I alike), chosen one after the other on the
/// development sentences for F1 (coordinate ascent over a grid; ties keep the smaller
/// bias). Returns the biases per label and the F1 with them.
fn tune_bias(
    weights: &Weights,
    features: &[SentenceFeatures],
    gold: &[Vec<Label>],
    dev: &[usize],
) -> ([f32; N_LABELS], f64) {
    let f1_with = |bias: &[f32; N_LABELS]| {
        let mut w = weights.clone();
        w.add_label_bias(bias);
        score(&w, features, gold, dev).all.f1()
    };
    let mut bias = [0f32; N_LABELS];
    let mut best = f1_with(&bias);
    let grid: Vec<f32> = (-12..=12).map(|i| i as f32 * 0.25 * weights_scale(weights)).collect();
    let try_values = |bias: &mut [f32; N_LABELS], best: &mut f64, labels: &[usize]| {
        let base = *bias;
        let mut chosen = base;
        for &g in &grid {
            let mut b = base;
            for &y in labels {
                b[y] = g;
            }
            let f1 = f1_with(&b);
            if f1 > *best + 1e-9 || (f1 >= *best - 1e-9 && g.abs() < chosen[labels[0]].abs()) {
                *best = f1.max(*best);
                chosen = b;
            }
        }
        *bias = chosen;
    };
    try_values(&mut bias, &mut best, &[Label::O.index()]);
    for kind in EntityKind::ALL {
        try_values(&mut bias, &mut best, &[Label::begin(kind).index(), Label::inside(kind).index()]);
    }
    (bias, best)
}

/// Keeps the `keep` share of a pass's non-zero emission rows, those with the largest
/// weights (largest absolute value in the row), and zeroes the rest: features seen a few
/// times in one corpus end with tiny weights that change few decisions but make the
/// model file, its loading and its table (so tagging) bigger and slower.
fn prune_rows(weights: &mut Weights, keep: f64) {
    if keep >= 1.0 {
        return;
    }
    let row_max = |row: &[f32]| row.iter().fold(0f32, |m, x| m.max(x.abs()));
    let mut maxima: Vec<f32> = weights.emit.chunks(N_LABELS).map(row_max).filter(|&m| m > 0.0).collect();
    if maxima.is_empty() {
        return;
    }
    let drop = ((maxima.len() as f64) * (1.0 - keep.max(0.0))) as usize;
    if drop == 0 {
        return;
    }
    let (_, &mut threshold, _) = maxima.select_nth_unstable_by(drop - 1, |a, b| a.total_cmp(b));
    for row in weights.emit.chunks_mut(N_LABELS) {
        if row_max(row) <= threshold {
            row.fill(0.0);
        }
    }
}

/// A typical size of one word's score: the mean absolute transition weight, so the
/// bias grid follows the scale of the averaged weights.
fn weights_scale(weights: &Weights) -> f32 {
    let n = weights.trans.len().max(1) as f32;
    (weights.trans.iter().map(|t| t.abs()).sum::<f32>() / n).max(1e-3)
}

pub fn train(args: &TrainNerArgs, show_progress: bool) -> Result<()> {
    let started = Instant::now();
    let lexicon = Lexicon::builtin();
    let mut sentences = Vec::new();
    for path in &args.train {
        sentences.extend(read_conll(path)?);
    }
    if sentences.is_empty() {
        bail!("no training sentences");
    }
    if args.extra.len() > 200 {
        bail!("at most 200 --extra files");
    }
    let clusters = if args.clusters.exists() {
        read_clusters(&args.clusters)?
    } else {
        eprintln!("warning: no clusters at {}; training without cluster features", args.clusters.display());
        ClusterTable::default()
    };
    let (mut names, lists_used) = build_name_lists(&args.gazetteers, lexicon)?;
    if lists_used.is_empty() {
        eprintln!("warning: no gazetteers found in {}", args.gazetteers.display());
    }
    // Letter trigrams of names against ordinary words: the name tokens of the lists,
    // and the clustered news vocabulary that no list holds.
    let name_tokens: Vec<String> =
        names.words.iter().filter(|(_, f)| **f & 0x0f0f != 0).map(|(w, _)| w.clone()).collect();
    let ordinary: Vec<String> = clusters.words.keys().filter(|w| names.flags(w) == 0).cloned().collect();
    names.learn_trigrams(name_tokens.iter().map(String::as_str), ordinary.iter().map(String::as_str));
    let bits = args.bits;
    let mut model = NerModel {
        weights: Weights::new(bits),
        second: None,
        clusters,
        names,
        corpus: CorpusLabels::default(),
        meta: String::new(),
        joint: None,
    };

    // Training sentences, then development sentences, then the extra corpora, in one table.
    let n_train = sentences.len();
    let (dev_from, tune_end) = match &args.dev {
        Some(path) => {
            sentences.extend(read_conll(path)?);
            (path.display().to_string(), n_train)
        }
        None => {
            let cut = (n_train - n_train / 10) / CONLL_DOCUMENT_SENTENCES * CONLL_DOCUMENT_SENTENCES;
            ("last tenth of the training sentences".to_string(), cut)
        }
    };
    let dev_range = if args.dev.is_some() { n_train..sentences.len() } else { tune_end..n_train };
    let mut domain = vec![0u8; sentences.len()];
    let mut extra_ranges = Vec::new();
    let mut extra_counts = Vec::new();
    for (d, path) in args.extra.iter().enumerate() {
        let extra = conll::parse_with(&read_text(path)?, &path.display().to_string(), conll::fane_type)?;
        extra_counts.push(json!({"file": path.display().to_string(), "sentences": extra.len(),
            "tokens": extra.iter().map(|s| s.words.len()).sum::<usize>()}));
        let from = sentences.len();
        domain.extend(std::iter::repeat_n(d as u8 + 1, extra.len()));
        sentences.extend(extra);
        extra_ranges.push(from..sentences.len());
    }
    let data = Prepared::new(&model, &sentences, domain, lexicon);
    let corpus_started = Instant::now();
    let corpus_sentences = read_corpus(&model, &args.corpus, args.corpus_limit, lexicon)?;
    let corpus_tokens: usize = corpus_sentences.iter().map(Vec::len).sum();
    if !args.corpus.is_empty() {
        eprintln!(
            "corpus: {} sentences, {corpus_tokens} tokens read in {:.1} s",
            corpus_sentences.len(),
            corpus_started.elapsed().as_secs_f64()
        );
    }
    let tune_ranges: Vec<std::ops::Range<usize>> =
        std::iter::once(0..tune_end).chain(extra_ranges.iter().cloned()).collect();
    let all_ranges: Vec<std::ops::Range<usize>> =
        std::iter::once(0..n_train).chain(extra_ranges.iter().cloned()).collect();
    let tune: Vec<usize> = tune_ranges.iter().flat_map(|r| r.clone()).collect();
    let dev: Vec<usize> = dev_range.clone().collect();
    let all: Vec<usize> = all_ranges.iter().flat_map(|r| r.clone()).collect();

    // 1. First pass: choose its epochs on the development sentences.
    let bar = pipeline::count_bar((tune.len() * args.epochs) as u64, "pass 1", "sentences", show_progress);
    let mut curve = Vec::new();
    let first_tuned = train_weights(
        bits,
        &data,
        &data.first,
        &tune,
        args.epochs,
        args.seed,
        args.dropout,
        &bar,
        Some(&mut |e, w| {
            let f1 = score(w, &data.first, &data.gold, &dev).all.f1();
            pipeline::say(&bar, &format!("pass 1, epoch {e:>2}: dev F1 {:.2}", 100.0 * f1));
            curve.push(f1);
        }),
    );
    bar.finish_and_clear();
    let (epochs1, dev_f1_first) = best_epoch(&curve)?;
    let first_tuned = if epochs1 == args.epochs {
        first_tuned
    } else {
        train_weights(
            bits,
            &data,
            &data.first,
            &tune,
            epochs1,
            args.seed,
            args.dropout,
            &indicatif::ProgressBar::hidden(),
            None,
        )
    };

    // 2. Second pass: honest first-pass labels (jackknife on the tuning part, the tuned
    // first pass on the development part), then choose its epochs.
    let mut labels: Vec<Vec<Label>> = vec![Vec::new(); data.len()];
    let bar = pipeline::count_bar(
        (tune.len() * epochs1 * (FOLDS - 1) / FOLDS) as u64,
        "jackknife",
        "sentences",
        show_progress,
    );
    let mut fold_of = vec![0u8; data.len()];
    let tables = jackknife(
        &model,
        &data,
        &tune_ranges,
        epochs1,
        args.seed,
        args.dropout,
        &bar,
        &corpus_sentences,
        &mut labels,
        &mut fold_of,
    );
    bar.finish_and_clear();
    for &i in &dev {
        labels[i] = first_tuned.decode(&data.first[i]);
    }
    // The development sentences read the table of the first pass they were tagged by.
    let dev_table = corpus_table(&model, &first_tuned, &corpus_sentences);
    let mut second_feats = vec![SentenceFeatures::default(); data.len()];
    second_features(&model, &data, &labels, &tune_ranges, &|i| tables.get(fold_of[i] as usize), &mut second_feats);
    second_features(&model, &data, &labels, std::slice::from_ref(&dev_range), &|_| Some(&dev_table), &mut second_feats);
    let bar = pipeline::count_bar((tune.len() * args.epochs) as u64, "pass 2", "sentences", show_progress);
    let mut curve = Vec::new();
    let mut second_by_epoch = Vec::new();
    train_weights(
        bits,
        &data,
        &second_feats,
        &tune,
        args.epochs,
        args.seed,
        args.dropout_second,
        &bar,
        Some(&mut |e, w| {
            let f1 = score(w, &second_feats, &data.gold, &dev).all.f1();
            pipeline::say(&bar, &format!("pass 2, epoch {e:>2}: dev F1 {:.2}", 100.0 * f1));
            curve.push(f1);
            if args.o_bias.is_none() {
                // Kept only while it is the best so far (the bias is tuned on it).
                if curve.iter().all(|&c| c <= f1) {
                    second_by_epoch = vec![w.clone()];
                }
            }
        }),
    );
    bar.finish_and_clear();
    let (epochs2, dev_f1) = best_epoch(&curve)?;
    // 2b. The bias against O (and per kind), on the second pass's development labels.
    let (bias, dev_f1_biased) = match args.o_bias {
        Some(b) => {
            let mut bias = [0f32; N_LABELS];
            bias[Label::O.index()] = b;
            (bias, f64::NAN)
        }
        None => {
            let w = second_by_epoch.first().context("no second-pass weights")?;
            let (bias, f1) = tune_bias(w, &second_feats, &data.gold, &dev);
            pipeline::say(&bar, &format!("bias {bias:?}: dev F1 {:.2} → {:.2}", 100.0 * dev_f1, 100.0 * f1));
            (bias, f1)
        }
    };
    // 2c. What pruning costs on the development sentences (both passes pruned).
    let dev_f1_pruned = match (args.keep_rows < 1.0, second_by_epoch.first()) {
        (true, Some(second)) => {
            let mut first = first_tuned.clone();
            prune_rows(&mut first, args.keep_rows);
            let mut second = second.clone();
            prune_rows(&mut second, args.keep_rows);
            second.add_label_bias(&bias);
            let mut pruned_labels = labels.clone();
            for &i in &dev {
                pruned_labels[i] = first.decode(&data.first[i]);
            }
            let mut feats = second_feats.clone();
            second_features(
                &model,
                &data,
                &pruned_labels,
                std::slice::from_ref(&dev_range),
                &|_| Some(&dev_table),
                &mut feats,
            );
            let f1 = score(&second, &feats, &data.gold, &dev).all.f1();
            pipeline::say(&bar, &format!("rows kept {:.2}: dev F1 {:.2}", args.keep_rows, 100.0 * f1));
            Some(f1)
        }
        _ => None,
    };
    drop(second_by_epoch);

    // 3. Both passes again on all the training sentences.
    let bar =
        pipeline::count_bar((all.len() * (epochs1 * FOLDS + epochs2)) as u64, "final", "sentences", show_progress);
    model.weights = train_weights(bits, &data, &data.first, &all, epochs1, args.seed, args.dropout, &bar, None);
    drop(tables);
    let tables = jackknife(
        &model,
        &data,
        &all_ranges,
        epochs1,
        args.seed,
        args.dropout,
        &bar,
        &corpus_sentences,
        &mut labels,
        &mut fold_of,
    );
    second_features(&model, &data, &labels, &all_ranges, &|i| tables.get(fold_of[i] as usize), &mut second_feats);
    drop(tables);
    // The shipped table: what the shipped first pass says across the corpus.
    model.corpus = corpus_table(&model, &model.weights, &corpus_sentences);
    drop(corpus_sentences);
    let mut second =
        train_weights(bits, &data, &second_feats, &all, epochs2, args.seed, args.dropout_second, &bar, None);
    second.add_label_bias(&bias);
    prune_rows(&mut model.weights, args.keep_rows);
    prune_rows(&mut second, args.keep_rows);
    model.second = Some(second);
    bar.finish_and_clear();

    let tokens: usize = sentences[..n_train].iter().map(|s| s.words.len()).sum();
    model.meta = json!({
        "trained_on": args.train.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "extra": extra_counts,
        "sentences": n_train,
        "tokens": tokens,
        "epochs_first_pass": epochs1,
        "epochs_second_pass": epochs2,
        "dev": dev_from,
        "dev_f1_first_pass": pct(dev_f1_first),
        "dev_f1": pct(dev_f1),
        "label_bias": bias.to_vec(),
        "dev_f1_with_bias": if dev_f1_biased.is_nan() { serde_json::Value::Null } else { json!(pct(dev_f1_biased)) },
        "rows_kept": args.keep_rows,
        "dropout": args.dropout,
        "dropout_second": args.dropout_second,
        "dev_f1_pruned": dev_f1_pruned.map(pct),
        "bits": bits,
        "clusters": model.clusters.len(),
        "cluster_levels": LEVELS,
        "gazetteers": lists_used,
        "name_words": model.names.words.len(),
        "name_phrases": model.names.phrases().len(),
        "document_sentences": CONLL_DOCUMENT_SENTENCES,
        "corpus": args.corpus.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "corpus_limit": args.corpus_limit,
        "corpus_tokens": corpus_tokens,
        "corpus_stems": model.corpus.len(),
    })
    .to_string();
    let bytes = model.to_bytes()?;
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "ner: {n_train} sentences ({tokens} tokens) and {} extra; pass 1 {epochs1} epochs (dev F1 {:.2}), pass 2 {epochs2} epochs (dev F1 {:.2}, {:.2} with the label bias) on the {dev_from}; model written to {} ({} KiB) in {:.1} s",
        all.len() - n_train,
        100.0 * dev_f1_first,
        100.0 * dev_f1,
        100.0 * dev_f1_biased,
        args.out.display(),
        bytes.len() / 1024,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Loads a model file (kept for the rest of the process), or the built-in model.
pub fn load_model(path: Option<&Path>) -> Result<&'static NerModel> {
    match path {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading the model {}", p.display()))?;
            let model =
                NerModel::from_bytes(&bytes).with_context(|| format!("{} is not a usable model", p.display()))?;
            Ok(Box::leak(Box::new(model)))
        }
        None => Ok(NerModel::builtin()?),
    }
}

/// Tags the words of CoNLL sentences (raw tokens → labels, both passes), runs of
/// [`CONLL_DOCUMENT_SENTENCES`] standing for documents; `each` receives every document's
/// sentences, word features and labels. What `eval ner` scores and `bench` times.
pub fn tag_conll_documents(
    model: &NerModel,
    sentences: &[LabeledSentence],
    lexicon: &Lexicon,
    mut each: impl FnMut(&[LabeledSentence], &[Vec<WordInfo>], Vec<Vec<Label>>),
) {
    for doc in sentences.chunks(CONLL_DOCUMENT_SENTENCES) {
        let words: Vec<Vec<WordInfo>> = doc
            .iter()
            .map(|s| {
                let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
                model.words(&w, lexicon)
            })
            .collect();
        let labels = model.tag_document(&words);
        each(doc, &words, labels);
    }
}

/// [`tag_conll_documents`], collecting the labels.
pub fn tag_conll(model: &NerModel, sentences: &[LabeledSentence], lexicon: &Lexicon) -> Vec<Vec<Label>> {
    let mut out = Vec::with_capacity(sentences.len());
    tag_conll_documents(model, sentences, lexicon, |_, _, labels| out.extend(labels));
    out
}

pub fn eval(args: &EvalNerArgs, show_progress: bool) -> Result<()> {
    let load_started = Instant::now();
    let model = load_model(args.model.as_deref())?;
    let load_seconds = load_started.elapsed().as_secs_f64();
    let sentences = read_conll(&args.test)?;
    let lexicon = Lexicon::builtin();
    let rules = SpanRules {
        gazetteer: marsad_link::Gazetteer::builtin(),
        lexicon,
        names: &model.names,
        enabled: RuleSet::parse(&args.rules).map_err(|e| anyhow::anyhow!("--rules: {e}"))?,
    };
    let bar = pipeline::count_bar(sentences.len() as u64, "tag", "sentences", show_progress);
    let started = Instant::now();
    let mut predicted: Vec<Vec<Label>> = Vec::with_capacity(sentences.len());
    let mut rule_seconds = 0.0;
    tag_conll_documents(model, &sentences, lexicon, |doc, words, tagged| {
        bar.inc(doc.len() as u64);
        if rules.enabled == RuleSet::NONE {
            predicted.extend(tagged);
            return;
        }
        // The span rules, as `analyze` applies them, timed apart: they are not the tagger's work.
        let rules_started = Instant::now();
        let rule_words: Vec<Vec<RuleWord>> =
            doc.iter().map(|s| s.words.iter().map(|w| RuleWord::new(w, lexicon)).collect()).collect();
        let refined = rules.refine(words, &rule_words, &tagged);
        predicted.extend(doc.iter().zip(&refined).map(|(s, spans)| rules::labels_of(s.words.len(), spans)));
        rule_seconds += rules_started.elapsed().as_secs_f64();
    });
    let seconds = started.elapsed().as_secs_f64() - rule_seconds;
    bar.finish_and_clear();
    let mut scores = Scores::default();
    let mut predictions = String::new();
    for (s, predicted) in sentences.iter().zip(&predicted) {
        scores.add(&s.labels, predicted);
        if args.predictions.is_some() {
            for ((w, g), p) in s.words.iter().zip(&s.labels).zip(predicted) {
                let _ = writeln!(predictions, "{w}\t{}\t{}", g.as_str(), p.as_str());
            }
            predictions.push('\n');
        }
    }
    if let Some(path) = &args.predictions {
        std::fs::write(path, predictions).with_context(|| format!("writing {}", path.display()))?;
    }
    let tokens = scores.tokens;
    let per_kind: serde_json::Map<String, serde_json::Value> = EntityKind::ALL
        .iter()
        .map(|&k| {
            let c = scores.kind(k);
            (
                k.code().to_string(),
                json!({"precision": pct(c.precision()), "recall": pct(c.recall()), "f1": pct(c.f1()),
                       "gold": c.gold, "predicted": c.predicted, "correct": c.correct}),
            )
        })
        .collect();
    match args.format {
        SummaryFormat::Json => {
            let out = json!({
                "test": args.test.display().to_string(),
                "sentences": sentences.len(),
                "tokens": tokens,
                "precision": pct(scores.all.precision()),
                "recall": pct(scores.all.recall()),
                "f1": pct(scores.all.f1()),
                "token_accuracy": pct(scores.token_accuracy()),
                "gold": scores.all.gold, "predicted": scores.all.predicted, "correct": scores.all.correct,
                "by_type": per_kind,
                "tokens_per_second": (tokens as f64 / seconds).round(),
                "rules": args.rules,
                "rules_seconds": rule_seconds,
                "model_load_seconds": load_seconds,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        SummaryFormat::Text => {
            println!("{}: {} sentences, {tokens} tokens", args.test.display(), sentences.len());
            println!(
                "{:<6} {:>9} {:>9} {:>9} {:>7} {:>9} {:>7}",
                "type", "precision", "recall", "F1", "gold", "predicted", "correct"
            );
            let row = |name: &str, c: &marsad_extract::ner::eval::Counts| {
                println!(
                    "{name:<6} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>9} {:>7}",
                    pct(c.precision()),
                    pct(c.recall()),
                    pct(c.f1()),
                    c.gold,
                    c.predicted,
                    c.correct
                )
            };
            for k in EntityKind::ALL {
                row(k.code(), &scores.kind(k));
            }
            row("all", &scores.all);
            println!(
                "token accuracy {:.2}; {:.0} tokens/s (features + decoding, one thread); model loaded in {:.0} ms",
                pct(scores.token_accuracy()),
                tokens as f64 / seconds,
                load_seconds * 1000.0
            );
            println!("span rules {:?}: {:.0} ms", args.rules, rule_seconds * 1000.0);
        }
    }
    Ok(())
}

fn pct(x: f64) -> f64 {
    (x * 10000.0).round() / 100.0
}
