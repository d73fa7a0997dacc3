//! `marsad dups` (duplicate groups and reused passages of the store) and `marsad eval
//! dups` (near-duplicate recall and precision against the exact Jaccard truth on a corpus).

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use anyhow::{Context, Result};
use marsad_dedup::{DupConfig, PairKind, ReuseConfig, Words, all_pairs_exact, detect, shingles};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::cli::{EvalDupsArgs, SummaryFormat};
use crate::corpus;

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
        let text = std::fs::read_to_string(&args.groups).with_context(|| format!("reading {}", args.groups.display()))?;
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
    if args.format == SummaryFormat::Json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let r = &report;
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
        near_truth.len()
    );
    println!("edited copies (Jaccard below the threshold, passages cover both) added: {}", edited.len());
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
    Ok(())
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
