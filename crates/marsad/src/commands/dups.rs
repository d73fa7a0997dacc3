//! `marsad dups` (duplicate groups and reused passages of the store) and `marsad eval
//! dups` (near-duplicate recall and precision against the exact Jaccard truth on a corpus).

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use anyhow::{Context, Result};
use marsad_dedup::{DupConfig, MinHasher, PairKind, ReuseConfig, Words, all_pairs_exact, detect, shingles};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use marsad_store::{DedupRow, Store, StoredPair, StoredPassage, StoredReuse};

use crate::cli::{DupsArgs, EvalDupsArgs, SummaryFormat};
use crate::corpus;

fn check_threshold(t: f64) -> Result<()> {
    if !(t > 0.0 && t <= 1.0) {
        anyhow::bail!("--threshold {t}: a Jaccard threshold is above 0 and at most 1");
    }
    Ok(())
}

/// Pair-level precision and recall.
#[derive(Debug, Serialize)]
pub struct Prf {
    pub reported: usize,
    pub true_pairs: usize,
    pub true_positives: usize,
    pub precision: f64,
    pub recall: f64,
}

fn prf(found: &HashSet<(u32, u32)>, truth: &HashSet<(u32, u32)>) -> Prf {
    let tp = found.intersection(truth).count();
    Prf {
        reported: found.len(),
        true_pairs: truth.len(),
        true_positives: tp,
        precision: if found.is_empty() { 1.0 } else { tp as f64 / found.len() as f64 },
        recall: if truth.is_empty() { 1.0 } else { tp as f64 / truth.len() as f64 },
    }
}

/// `marsad eval dups`.
pub fn eval(args: &EvalDupsArgs) -> Result<()> {
    check_threshold(args.threshold)?;
    let raw = corpus::raw_lines(&args.corpus, args.limit)?;
    let arts = corpus::articles(&raw);
    drop(raw);
    let dup = DupConfig { threshold: args.threshold, ..DupConfig::default() };
    let reuse = ReuseConfig { min_words: args.min_words, ..ReuseConfig::default() };
    let t0 = Instant::now();
    // A record without body words is compared by its title.
    let words: Vec<Words> = arts
        .par_iter()
        .map(|a| {
            let w = Words::of_text(&a.text);
            if w.is_empty() { Words::of_text(&a.title) } else { w }
        })
        .collect();
    let t_words = t0.elapsed().as_secs_f64();
    let hashes: Vec<&[u64]> = words.iter().map(|w| w.hashes.as_slice()).collect();
    let t0 = Instant::now();
    let res = detect(&hashes, &dup, &reuse, true);
    let t_detect = t0.elapsed().as_secs_f64();

    // The exact truth, on the same shingles, over every document (duplicates included).
    let t0 = Instant::now();
    let sets: Vec<Vec<u64>> = hashes.par_iter().map(|w| shingles(w, dup.shingle)).collect();
    let truth_list = all_pairs_exact(&sets, dup.threshold);
    let t_truth = t0.elapsed().as_secs_f64();
    let truth: HashSet<(u32, u32)> = truth_list.iter().map(|&(a, b, _, _)| (a, b)).collect();
    let near_truth: HashSet<(u32, u32)> =
        truth_list.iter().filter(|&&(_, _, i, u)| i < u).map(|&(a, b, _, _)| (a, b)).collect();

    // Found pairs of the Jaccard relation: exact classes expanded to every pair, near
    // pairs between first members expanded to their classes' members (whose shingle sets
    // are identical, so each expanded pair has the same Jaccard).
    let mut class: HashMap<u32, Vec<u32>> = HashMap::new();
    for p in res.pairs.iter().filter(|p| p.kind == PairKind::Exact) {
        class.entry(p.a).or_insert_with(|| vec![p.a]).push(p.b);
    }
    let members = |x: u32| class.get(&x).cloned().unwrap_or_else(|| vec![x]);
    let mut found: HashSet<(u32, u32)> = HashSet::new();
    let ord = |a: u32, b: u32| if a < b { (a, b) } else { (b, a) };
    for m in class.values() {
        for (i, &a) in m.iter().enumerate() {
            for &b in &m[i + 1..] {
                found.insert(ord(a, b));
            }
        }
    }
    for p in res.pairs.iter().filter(|p| p.kind == PairKind::Near) {
        for a in members(p.a) {
            for b in members(p.b) {
                found.insert(ord(a, b));
            }
        }
    }
    let jaccard_prf = prf(&found, &truth);
    let near_found = found.intersection(&near_truth).count();
    let edited: Vec<_> = res.pairs.iter().filter(|p| p.kind == PairKind::Edited).collect();

    // Same-URL duplicate groups: found when all their members are in one final group.
    let pos: HashMap<&str, u32> = arts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i as u32)).collect();
    let mut group_of = vec![u32::MAX; arts.len()];
    for (g, members) in res.groups.iter().enumerate() {
        for &m in members {
            group_of[m as usize] = g as u32;
        }
    }
    let same_group = |a: u32, b: u32| group_of[a as usize] != u32::MAX && group_of[a as usize] == group_of[b as usize];
    let mut same_url = json!(null);
    if args.groups.exists() {
        let text =
            std::fs::read_to_string(&args.groups).with_context(|| format!("reading {}", args.groups.display()))?;
        let (mut groups, mut groups_found, mut near_pairs, mut near_found_pairs, mut pairs, mut pairs_found) =
            (0, 0, 0, 0, 0, 0);
        let mut missed = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let g: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not a JSON object", args.groups.display(), n + 1))?;
            let ids: Vec<u32> = g["ids"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str().and_then(|s| pos.get(s).copied())).collect())
                .unwrap_or_default();
            if ids.len() < 2 {
                continue;
            }
            groups += 1;
            let mut all = true;
            for p in g["pairs"].as_array().into_iter().flatten() {
                let (Some(a), Some(b)) =
                    (p["a"].as_str().and_then(|s| pos.get(s)), p["b"].as_str().and_then(|s| pos.get(s)))
                else {
                    continue;
                };
                let ok = same_group(*a, *b);
                if std::env::var("MARSAD_DEBUG_COV").is_ok() && p["text_identical"] == json!(false) {
                    let ps = marsad_dedup::align(hashes[*a as usize], hashes[*b as usize], &reuse);
                    let (la, lb) = (hashes[*a as usize].len(), hashes[*b as usize].len());
                    let ca = marsad_dedup::coverage(ps.iter().map(|p| &p.a), la);
                    let cb = marsad_dedup::coverage(ps.iter().map(|p| &p.b), lb);
                    let (s, l) = if la <= lb { (ca, cb) } else { (cb, ca) };
                    eprintln!("COV same-url short {s:.3} long {l:.3}");
                }
                pairs += 1;
                pairs_found += ok as usize;
                if p["text_identical"] == json!(false) {
                    near_pairs += 1;
                    near_found_pairs += ok as usize;
                }
                if !ok {
                    all = false;
                    missed.push(format!("{} {}", p["a"].as_str().unwrap_or(""), p["b"].as_str().unwrap_or("")));
                }
            }
            groups_found += all as usize;
        }
        same_url = json!({"groups": groups, "groups_found": groups_found, "pairs": pairs, "pairs_found": pairs_found,
            "edited_pairs": near_pairs, "edited_pairs_found": near_found_pairs, "missed": missed});
    }

    // The peers' truth (their own normalisation and tokens), by corpus id: recall of it.
    let mut peer = json!(null);
    if let Some(path) = args.peer_truth.as_ref().filter(|p| p.exists()) {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let (mut n, mut hit, mut in_group) = (0, 0, 0);
        for (i, line) in text.lines().enumerate() {
            let v: serde_json::Value =
                serde_json::from_str(line).with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
            let (Some(a), Some(b)) =
                (v["a"].as_str().and_then(|s| pos.get(s)), v["b"].as_str().and_then(|s| pos.get(s)))
            else {
                continue;
            };
            n += 1;
            hit += found.contains(&ord(*a, *b)) as usize;
            in_group += same_group(*a, *b) as usize;
        }
        peer = json!({"pairs": n, "found_by_jaccard_pairs": hit, "recall": hit as f64 / n.max(1) as f64,
            "in_same_final_group": in_group, "recall_final_groups": in_group as f64 / n.max(1) as f64});
    }

    let report = json!({
        "corpus": args.corpus.display().to_string(),
        "articles": arts.len(),
        "definition": format!("exact Jaccard >= {} of word {}-shingle sets (marsad-text Key words)", dup.threshold, dup.shingle),
        "banding": {"bands": dup.banding().bands, "rows": dup.banding().rows, "num_perm": dup.num_perm},
        "seconds": {"words": t_words, "detect": t_detect, "exact_truth": t_truth},
        "jaccard_pairs": jaccard_prf,
        "non_identical": {"true_pairs": near_truth.len(), "found": near_found,
            "recall": near_found as f64 / near_truth.len().max(1) as f64},
        "edited_pairs_added": edited.len(),
        "edited_examples": edited.iter().take(args.examples).map(|p| {
            let ps = marsad_dedup::align(hashes[p.a as usize], hashes[p.b as usize], &reuse);
            let ca = marsad_dedup::coverage(ps.iter().map(|x| &x.a), hashes[p.a as usize].len());
            let cb = marsad_dedup::coverage(ps.iter().map(|x| &x.b), hashes[p.b as usize].len());
            json!({"a": arts[p.a as usize].id, "b": arts[p.b as usize].id, "jaccard": p.jaccard, "coverage_a": ca, "coverage_b": cb})
        }).collect::<Vec<_>>(),
        "groups": res.groups.len(),
        "reuse_pairs": res.reuse.len(),
        "same_url": same_url,
        "peer_truth": peer,
    });
    let failures = if args.check { check(&report) } else { Vec::new() };
    if args.format == SummaryFormat::Json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_eval(&report, &same_url, &peer, t_words, t_detect, t_truth);
    }
    if !failures.is_empty() {
        anyhow::bail!("eval dups --check: {}", failures.join("; "));
    }
    Ok(())
}

/// What `--check` finds short of the targets.
fn check(r: &serde_json::Value) -> Vec<String> {
    let f = |p: &str| r.pointer(p).and_then(serde_json::Value::as_f64).unwrap_or(0.0);
    let mut out = Vec::new();
    if f("/jaccard_pairs/precision") < 0.99 {
        out.push(format!("precision {:.4} < 0.99", f("/jaccard_pairs/precision")));
    }
    if f("/jaccard_pairs/recall") < 0.99 {
        out.push(format!("recall {:.4} < 0.99", f("/jaccard_pairs/recall")));
    }
    if f("/non_identical/recall") < 0.95 {
        out.push(format!("recall on non-identical pairs {:.4} < 0.95", f("/non_identical/recall")));
    }
    if !r["same_url"].is_null() && r["same_url"]["groups_found"] != r["same_url"]["groups"] {
        out.push(format!("same-URL groups {} of {}", r["same_url"]["groups_found"], r["same_url"]["groups"]));
    }
    out
}

fn print_eval(
    r: &serde_json::Value,
    same_url: &serde_json::Value,
    peer: &serde_json::Value,
    t_words: f64,
    t_detect: f64,
    t_truth: f64,
) {
    let near_found = &r["non_identical"]["found"];
    let near_truth = &r["non_identical"]["true_pairs"];
    println!("{} articles of {}", r["articles"], r["corpus"]);
    println!("truth: {}", r["definition"]);
    println!(
        "LSH {} bands x {} rows of {} MinHash values; words {:.2}s, detection (near + reuse + edited) {:.2}s, exact truth {:.2}s",
        r["banding"]["bands"], r["banding"]["rows"], r["banding"]["num_perm"], t_words, t_detect, t_truth
    );
    let j = &r["jaccard_pairs"];
    println!(
        "Jaccard pairs: precision {:.4}, recall {:.4} ({} of {} true pairs; {} reported)",
        j["precision"].as_f64().unwrap_or(0.0),
        j["recall"].as_f64().unwrap_or(0.0),
        j["true_positives"],
        j["true_pairs"],
        j["reported"]
    );
    println!(
        "  similar but not identical: recall {:.4} ({} of {})",
        r["non_identical"]["recall"].as_f64().unwrap_or(0.0),
        near_found,
        near_truth
    );
    println!("edited copies (Jaccard below the threshold, passages cover both) added: {}", r["edited_pairs_added"]);
    for e in r["edited_examples"].as_array().into_iter().flatten() {
        println!(
            "  {} {} J={:.3} covered {:.2} / {:.2}",
            e["a"].as_str().unwrap_or(""),
            e["b"].as_str().unwrap_or(""),
            e["jaccard"].as_f64().unwrap_or(0.0),
            e["coverage_a"].as_f64().unwrap_or(0.0),
            e["coverage_b"].as_f64().unwrap_or(0.0)
        );
    }
    println!("{} groups; {} pairs of documents share reused passages", r["groups"], r["reuse_pairs"]);
    if !same_url.is_null() {
        println!(
            "same-URL groups found: {} of {} (pairs {} of {}; edited pairs {} of {})",
            same_url["groups_found"],
            same_url["groups"],
            same_url["pairs_found"],
            same_url["pairs"],
            same_url["edited_pairs_found"],
            same_url["edited_pairs"]
        );
        for m in same_url["missed"].as_array().into_iter().flatten() {
            println!("  missed: {}", m.as_str().unwrap_or(""));
        }
    }
    if !peer.is_null() {
        println!(
            "peers' truth pairs (their tokens): {} of {} found as Jaccard pairs ({:.4}), {} in one final group ({:.4})",
            peer["found_by_jaccard_pairs"],
            peer["pairs"],
            peer["recall"].as_f64().unwrap_or(0.0),
            peer["in_same_final_group"],
            peer["recall_final_groups"].as_f64().unwrap_or(0.0)
        );
    }
}

/// Timings of the `dedup` and `reuse` bench stages over article texts.
pub struct BenchDedup {
    /// Normalise + tokenise into word hashes (all threads).
    pub words_s: f64,
    /// Shingles + MinHash signatures + LSH + exact verification (all threads).
    pub near_s: f64,
    /// Pairs found (exact and near).
    pub pairs: usize,
    /// Winnowing + fingerprint index + alignment of every candidate pair.
    pub reuse_s: f64,
    pub reuse_pairs: usize,
    pub passages: usize,
}

/// Runs near-duplicate detection and reuse detection once, timed by phase.
pub fn bench_dedup(texts: &[&str], with_reuse: bool) -> BenchDedup {
    let dup = DupConfig::default();
    let t = Instant::now();
    let words: Vec<Words> = texts.par_iter().map(|t| Words::of_text(t)).collect();
    let words_s = t.elapsed().as_secs_f64();
    let hashes: Vec<&[u64]> = words.iter().map(|w| w.hashes.as_slice()).collect();
    let t = Instant::now();
    let hasher = marsad_dedup::MinHasher::new(dup.num_perm);
    let feats: Vec<marsad_dedup::DupFeatures> =
        hashes.par_iter().map(|w| marsad_dedup::DupFeatures::new(w, &dup, &hasher)).collect();
    let pairs = marsad_dedup::near_duplicate_pairs(&feats, &dup).len();
    let near_s = t.elapsed().as_secs_f64();
    let (mut reuse_s, mut reuse_pairs, mut passages) = (0.0, 0, 0);
    if with_reuse {
        let t = Instant::now();
        let r = marsad_dedup::reuse_pairs(&hashes, &ReuseConfig::default(), |_, _| false);
        reuse_s = t.elapsed().as_secs_f64();
        reuse_pairs = r.len();
        passages = r.iter().map(|x| x.passages.len()).sum();
    }
    BenchDedup { words_s, near_s, pairs, reuse_s, reuse_pairs, passages }
}

// ------------------------------------------------------------------ the store's index

/// The threshold the store's index verifies pairs at (its LSH banding is chosen for it).
pub const INDEX_THRESHOLD: f64 = 0.8;

/// Documents indexed per round (their features are computed in parallel).
const INDEX_CHUNK: usize = 512;

/// What the index needs of one document.
struct Indexed {
    words: Words,
    feats: marsad_dedup::DupFeatures,
    grams: marsad_dedup::Grams,
}

impl Indexed {
    fn new(text: &str, body: &[std::ops::Range<usize>]) -> Indexed {
        let words = Words::of_regions(text, body);
        let dup = DupConfig { threshold: INDEX_THRESHOLD, ..DupConfig::default() };
        let feats = marsad_dedup::DupFeatures::new(&words.hashes, &dup, hasher());
        let grams = marsad_dedup::Grams::new(&words.hashes, &ReuseConfig::default());
        Indexed { words, feats, grams }
    }
}

fn hasher() -> &'static MinHasher {
    static H: std::sync::OnceLock<MinHasher> = std::sync::OnceLock::new();
    H.get_or_init(|| MinHasher::new(DupConfig::default().num_perm))
}

/// Indexes the documents `ids` (new ones, in ingest order): each is checked against the
/// index (exact key, LSH bands, reuse fingerprints), its pairs verified, and its row and
/// pairs written before the next document is checked (so it sees them), one transaction
/// per chunk of documents. Returns the number of pairs found.
pub fn index_documents(store: &mut Store, ids: &[String]) -> Result<usize> {
    let mut found = 0;
    for chunk in ids.chunks(INDEX_CHUNK) {
        // One transaction per chunk: the documents' rows and pairs are written together.
        store.begin_dedup_batch()?;
        match index_chunk(store, chunk) {
            Ok(n) => {
                store.commit_dedup_batch()?;
                found += n;
            }
            Err(e) => {
                store.rollback_dedup_batch();
                return Err(e);
            }
        }
    }
    Ok(found)
}

fn index_chunk(store: &mut Store, ids: &[String]) -> Result<usize> {
    let dup = DupConfig { threshold: INDEX_THRESHOLD, ..DupConfig::default() };
    let reuse = ReuseConfig::default();
    let banding = dup.banding();
    let num = marsad_dedup::exact::threshold_num(dup.threshold);
    let mut found = 0;
    for chunk in ids.chunks(INDEX_CHUNK) {
        let mut texts = Vec::with_capacity(chunk.len());
        for id in chunk {
            if let Some(tb) = store.text_and_body(id)? {
                texts.push((id.clone(), tb));
            }
        }
        let prepared: Vec<(String, Indexed)> = texts
            .into_par_iter()
            .map(|(id, (text, body))| {
                let x = Indexed::new(&text, &body);
                (id, x)
            })
            .collect();
        let mut cache: HashMap<String, std::sync::Arc<Indexed>> = HashMap::new();
        for (id, doc) in prepared {
            let bands = marsad_dedup::band_keys(&doc.feats.signature, banding);
            let mut fps: Vec<u64> =
                marsad_dedup::winnow(&doc.words.hashes, &reuse).into_iter().map(|(h, _)| h).collect();
            fps.sort_unstable();
            fps.dedup();
            // A document without words (a body of punctuation only, say) pairs with nothing:
            // all such documents share the empty sequence's key.
            let cands = if doc.words.is_empty() {
                Default::default()
            } else {
                store.dedup_candidates(&id, doc.feats.exact_key, &bands, &fps, reuse.common_cap)?
            };
            let mut pairs = Vec::new();
            let mut reused = Vec::new();
            let mut done: HashSet<String> = HashSet::new();
            let mut load = |store: &Store, other: &str| -> Result<Option<std::sync::Arc<Indexed>>> {
                if let Some(x) = cache.get(other) {
                    return Ok(Some(x.clone()));
                }
                let Some((text, body)) = store.text_and_body(other)? else { return Ok(None) };
                let x = std::sync::Arc::new(Indexed::new(&text, &body));
                cache.insert(other.to_string(), x.clone());
                Ok(Some(x))
            };
            let ordered = |other: &str| {
                if id.as_str() < other { (id.clone(), other.to_string()) } else { (other.to_string(), id.clone()) }
            };
            for other in &cands.exact {
                if done.insert(other.clone()) {
                    let (a, b) = ordered(other);
                    pairs.push(StoredPair { a, b, kind: PairKind::Exact.as_str().into(), jaccard: 1.0 });
                }
            }
            for other in cands.near.iter().chain(&cands.reuse) {
                if done.contains(other) {
                    continue;
                }
                done.insert(other.clone());
                let Some(o) = load(store, other)? else { continue };
                let (inter, union) = marsad_dedup::jaccard(&doc.feats.shingles, &o.feats.shingles);
                let j = inter as f64 / union.max(1) as f64;
                let (a, b) = ordered(other);
                if marsad_dedup::exact::reaches(inter, union, num) {
                    pairs.push(StoredPair { a, b, kind: PairKind::Near.as_str().into(), jaccard: j });
                    continue;
                }
                let passages = marsad_dedup::align_grams(&doc.grams, &o.grams, &reuse);
                if passages.is_empty() {
                    continue;
                }
                if marsad_dedup::is_edited_copy(&passages, doc.words.len(), o.words.len()) {
                    pairs.push(StoredPair {
                        a: a.clone(),
                        b: b.clone(),
                        kind: PairKind::Edited.as_str().into(),
                        jaccard: j,
                    });
                }
                let mine_first = id.as_str() < other.as_str();
                let mut passages: Vec<StoredPassage> = passages
                    .iter()
                    .map(|p| {
                        let (x, y) = (doc.words.original_range(p.a.clone()), o.words.original_range(p.b.clone()));
                        let (pa, pb, xa, xb) = if mine_first { (&p.a, &p.b, x, y) } else { (&p.b, &p.a, y, x) };
                        StoredPassage {
                            a_start: xa.start,
                            a_end: xa.end,
                            b_start: xb.start,
                            b_end: xb.end,
                            a_words: pa.len(),
                            b_words: pb.len(),
                        }
                    })
                    .collect();
                passages.sort_by_key(|p| (p.a_start, p.b_start));
                reused.push(StoredReuse { a, b, passages });
            }
            let minhash = marsad_dedup::minhash::signature_to_bytes(&doc.feats.signature);
            let row = DedupRow {
                doc_id: &id,
                version: marsad_dedup::DEDUP_VERSION,
                words: doc.words.len() as u32,
                exact_key: doc.feats.exact_key,
                minhash: &minhash,
                bands: if doc.words.is_empty() { &[] } else { &bands },
                fingerprints: &fps,
            };
            store.write_dedup(&row, &pairs, &reused)?;
            found += pairs.len() + reused.len();
            cache.insert(id, std::sync::Arc::new(doc));
        }
    }
    Ok(found)
}

/// Brings the index up to date with the documents: rebuilds it when it is of another
/// version, then indexes every document that has no row (a store older than the index,
/// or a process stopped between a batch and its index update).
pub fn catch_up(store: &mut Store, show_progress: bool) -> Result<usize> {
    if store.dedup_outdated(marsad_dedup::DEDUP_VERSION)? {
        store.clear_dedup()?;
    }
    let missing = store.documents_without_dedup(marsad_dedup::DEDUP_VERSION, usize::MAX >> 1)?;
    if missing.is_empty() {
        return Ok(0);
    }
    let bar = crate::pipeline::progress_bar(missing.len() as u64, "dedup index", show_progress);
    let mut found = 0;
    for chunk in missing.chunks(INDEX_CHUNK) {
        found += index_documents(store, chunk)?;
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    Ok(found)
}

// ------------------------------------------------------------------ marsad dups

/// A passage as `dups` prints it.
#[derive(Debug, Serialize)]
pub struct PassageOut {
    pub a_start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub b_end: usize,
    /// The passage as document `a` writes it.
    pub text: String,
    pub words: usize,
}

/// Reuse between two documents as `dups` prints it.
#[derive(Debug, Serialize)]
pub struct ReuseOut {
    pub a: String,
    pub b: String,
    pub passages: Vec<PassageOut>,
}

/// The output of `dups` (the contract's fields first; `pairs` is an extension).
#[derive(Debug, Serialize)]
pub struct DupsOut {
    pub near_duplicates: Vec<Vec<String>>,
    pub reuse: Vec<ReuseOut>,
    /// Every duplicate pair with why it is one (`exact`, `near`, `edited`) and its Jaccard.
    pub pairs: Vec<StoredPair>,
}

/// Computes `dups` over the store: from the index when the settings are the index's
/// (threshold 0.8, passages of at least 8 words), else afresh from the documents.
pub fn dups(store: &mut Store, args: &DupsArgs, show_progress: bool) -> Result<DupsOut> {
    catch_up(store, show_progress)?;
    let from_index =
        (args.threshold - INDEX_THRESHOLD).abs() < 1e-9 && args.min_words >= ReuseConfig::default().min_words;
    let (pairs, reuse) = if from_index {
        let pairs: Vec<StoredPair> =
            store.near_duplicate_pairs()?.into_iter().filter(|p| !args.no_edited || p.kind != "edited").collect();
        let mut reuse = store.reuse_pairs()?;
        for r in &mut reuse {
            r.passages.retain(|p| p.a_words >= args.min_words && p.b_words >= args.min_words);
        }
        reuse.retain(|r| !r.passages.is_empty());
        (pairs, reuse)
    } else {
        recompute(store, args)?
    };
    // Groups: connected components of the pairs.
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut uf_edges = Vec::with_capacity(pairs.len());
    for p in &pairs {
        let mut get = |s: &str| -> u32 {
            if let Some(&i) = index.get(s) {
                return i;
            }
            names.push(s.to_string());
            index.insert(s.to_string(), names.len() as u32 - 1);
            names.len() as u32 - 1
        };
        let (a, b) = (get(&p.a), get(&p.b));
        uf_edges.push((a, b));
    }
    let mut uf = marsad_dedup::UnionFind::new(names.len());
    for (a, b) in uf_edges {
        uf.union(a, b);
    }
    let mut near_duplicates: Vec<Vec<String>> = uf
        .groups()
        .into_iter()
        .map(|g| {
            let mut v: Vec<String> = g.into_iter().map(|i| names[i as usize].clone()).collect();
            v.sort();
            v
        })
        .collect();
    near_duplicates.sort();
    let group_of: HashMap<&str, u32> = names.iter().enumerate().map(|(i, n)| (n.as_str(), uf.find(i as u32))).collect();
    let mut texts: HashMap<String, Vec<char>> = HashMap::new();
    let mut out_reuse = Vec::new();
    for r in reuse {
        if let (Some(x), Some(y)) = (group_of.get(r.a.as_str()), group_of.get(r.b.as_str()))
            && x == y
        {
            continue;
        }
        if !texts.contains_key(&r.a) {
            let text = store.text_and_body(&r.a)?.map(|t| t.0).unwrap_or_default();
            texts.insert(r.a.clone(), text.chars().collect());
        }
        let chars = &texts[&r.a];
        let passages = r
            .passages
            .iter()
            .map(|p| PassageOut {
                a_start: p.a_start,
                a_end: p.a_end,
                b_start: p.b_start,
                b_end: p.b_end,
                text: chars.get(p.a_start..p.a_end.min(chars.len())).map(|c| c.iter().collect()).unwrap_or_default(),
                words: p.a_words,
            })
            .collect();
        out_reuse.push(ReuseOut { a: r.a, b: r.b, passages });
    }
    Ok(DupsOut { near_duplicates, reuse: out_reuse, pairs })
}

/// `dups` with settings other than the index's: everything afresh, in memory.
fn recompute(store: &Store, args: &DupsArgs) -> Result<(Vec<StoredPair>, Vec<StoredReuse>)> {
    let mut ids = Vec::new();
    let mut docs = Vec::new();
    store.for_each_text(|id, text, body| {
        ids.push(id);
        docs.push((text, body));
    })?;
    let words: Vec<Words> = docs.par_iter().map(|(t, b)| Words::of_regions(t, b)).collect();
    drop(docs);
    let hashes: Vec<&[u64]> = words.iter().map(|w| w.hashes.as_slice()).collect();
    let dup = DupConfig { threshold: args.threshold, ..DupConfig::default() };
    let reuse_cfg = ReuseConfig { min_words: args.min_words.max(1), ..ReuseConfig::default() };
    let res = detect(&hashes, &dup, &reuse_cfg, !args.no_edited);
    let order = |a: u32, b: u32| if ids[a as usize] < ids[b as usize] { (a, b) } else { (b, a) };
    let mut pairs: Vec<StoredPair> = res
        .pairs
        .iter()
        .map(|p| {
            let (a, b) = order(p.a, p.b);
            StoredPair {
                a: ids[a as usize].clone(),
                b: ids[b as usize].clone(),
                kind: p.kind.as_str().into(),
                jaccard: p.jaccard,
            }
        })
        .collect();
    pairs.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    let mut reuse: Vec<StoredReuse> = res
        .reuse
        .iter()
        .map(|r| {
            let swap = ids[r.a as usize] > ids[r.b as usize];
            let (wa, wb) = (&words[r.a as usize], &words[r.b as usize]);
            let passages = r
                .passages
                .iter()
                .map(|p| {
                    let (x, y) = (wa.original_range(p.a.clone()), wb.original_range(p.b.clone()));
                    if swap {
                        StoredPassage {
                            a_start: y.start,
                            a_end: y.end,
                            b_start: x.start,
                            b_end: x.end,
                            a_words: p.b.len(),
                            b_words: p.a.len(),
                        }
                    } else {
                        StoredPassage {
                            a_start: x.start,
                            a_end: x.end,
                            b_start: y.start,
                            b_end: y.end,
                            a_words: p.a.len(),
                            b_words: p.b.len(),
                        }
                    }
                })
                .collect::<Vec<StoredPassage>>();
            let mut passages = passages;
            passages.sort_by_key(|p| (p.a_start, p.b_start));
            let (a, b) = order(r.a, r.b);
            StoredReuse { a: ids[a as usize].clone(), b: ids[b as usize].clone(), passages }
        })
        .collect();
    reuse.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    Ok((pairs, reuse))
}

/// `marsad dups`.
pub fn run(data: &std::path::Path, args: &DupsArgs, show_progress: bool) -> Result<()> {
    check_threshold(args.threshold)?;
    let mut store = Store::open(data).with_context(|| format!("opening the store in {}", data.display()))?;
    let out = dups(&mut store, args, show_progress)?;
    if args.format == SummaryFormat::Json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{} near-duplicate groups; {} pairs of documents share passages",
        out.near_duplicates.len(),
        out.reuse.len()
    );
    for g in &out.near_duplicates {
        println!("  group: {}", g.iter().map(|s| &s[..s.len().min(12)]).collect::<Vec<_>>().join(" "));
    }
    for r in &out.reuse {
        println!("  reuse {} ~ {}:", &r.a[..r.a.len().min(12)], &r.b[..r.b.len().min(12)]);
        for p in &r.passages {
            println!("    [{}..{}] ~ [{}..{}] {} words: {}", p.a_start, p.a_end, p.b_start, p.b_end, p.words, p.text);
        }
    }
    Ok(())
}
