//! `marsad dups`: the JSON shape on our own fixture articles (tests/fixtures/dups), the
//! store's incremental index against a full recomputation, recovery of a lost index, and
//! the seeds' shared wire passages (skips without ../shared).

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{marsad, run, shared};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dups")
}

fn ingest(data: &Path, paths: &[PathBuf]) {
    let (code, _, err) = run(marsad(data).arg("ingest").args(paths).args(["--format", "json"]));
    assert_eq!(code, 0, "ingest failed: {err}");
}

fn dups(data: &Path, extra: &[&str]) -> Value {
    let (code, out, err) = run(marsad(data).args(["dups", "--format", "json"]).args(extra));
    assert_eq!(code, 0, "dups failed: {err}");
    serde_json::from_str(&out).expect("dups JSON")
}

/// File name (without folder) of every stored document, by id.
fn names(data: &Path) -> HashMap<String, String> {
    let (code, out, err) = run(marsad(data).args(["documents", "--format", "json", "--limit", "1000"]));
    assert_eq!(code, 0, "{err}");
    let docs: Vec<Value> = serde_json::from_str(&out).unwrap();
    docs.iter()
        .map(|d| {
            let src = d["first_source"].as_str().unwrap();
            (d["id"].as_str().unwrap().to_string(), Path::new(src).file_name().unwrap().to_string_lossy().into_owned())
        })
        .collect()
}

fn chars_of(path: &Path) -> Vec<char> {
    std::fs::read_to_string(path).unwrap().chars().collect()
}

#[test]
fn json_shape_groups_and_aligned_passages() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &[fixtures()]);
    let out = dups(dir.path(), &[]);
    let names = names(dir.path());
    let obj = out.as_object().unwrap();
    assert!(obj.contains_key("near_duplicates") && obj.contains_key("reuse"), "{out}");
    // Ids are hashes of the fixtures' normalised bodies, so the whole output is stable.
    insta::assert_json_snapshot!("dups_fixtures", out);

    // The updated article and its first version are one group; nothing else is.
    let groups = out["near_duplicates"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{out}");
    let mut g: Vec<&str> = groups[0].as_array().unwrap().iter().map(|x| names[x.as_str().unwrap()].as_str()).collect();
    g.sort();
    assert_eq!(g, ["update-1.txt", "update-2.txt"]);

    // The two reports built on the same agency text: two passages, aligned in both.
    let reuse = out["reuse"].as_array().unwrap();
    assert_eq!(reuse.len(), 1, "{out}");
    let r = &reuse[0];
    let (a, b) = (&names[r["a"].as_str().unwrap()], &names[r["b"].as_str().unwrap()]);
    let mut pair = [a.as_str(), b.as_str()];
    pair.sort();
    assert_eq!(pair, ["wire-a.txt", "wire-b.txt"]);
    let (ta, tb) = (chars_of(&fixtures().join(a)), chars_of(&fixtures().join(b)));
    let passages = r["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 2, "{r}");
    for p in passages {
        let n = |k: &str| p[k].as_u64().unwrap() as usize;
        let in_a: String = ta[n("a_start")..n("a_end")].iter().collect();
        let in_b: String = tb[n("b_start")..n("b_end")].iter().collect();
        assert_eq!(in_a, p["text"].as_str().unwrap());
        assert_eq!(in_a, in_b, "the fixtures share these passages verbatim");
    }
    let first: String = passages[0]["text"].as_str().unwrap().into();
    assert!(first.starts_with("أعلن الوسطاء مساء الثلاثاء") && first.ends_with("العشرة المقبلة"), "{first}");
    assert!(passages[1]["text"].as_str().unwrap().ends_with("للصليب الأحمر"));
}

#[test]
fn options_recompute_from_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &[fixtures()]);
    // Longer passages only: the shared passages are 17 and 21 words.
    let out = dups(dir.path(), &["--min-words", "20"]);
    assert_eq!(out["reuse"][0]["passages"].as_array().unwrap().len(), 1, "{out}");
    assert!(dups(dir.path(), &["--min-words", "30"])["reuse"].as_array().unwrap().is_empty());
    // Shorter than the index's 8 words: recomputed, and still the same two passages.
    let out = dups(dir.path(), &["--min-words", "6"]);
    assert_eq!(out["reuse"][0]["passages"].as_array().unwrap().len(), 2, "{out}");
    // Above the pair's Jaccard (0.97), the update is still an edited copy unless asked not to be.
    let out = dups(dir.path(), &["--threshold", "0.99"]);
    assert_eq!(out["pairs"][0]["kind"], "edited", "{out}");
    let out = dups(dir.path(), &["--threshold", "0.99", "--no-edited"]);
    assert!(out["near_duplicates"].as_array().unwrap().is_empty(), "{out}");
}

#[test]
fn a_bad_threshold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(marsad(dir.path()).args(["dups", "--threshold", "1.5"]));
    assert_eq!(code, 1);
    assert!(err.contains("--threshold 1.5"), "{err}");
}

#[test]
fn incremental_index_equals_one_run() {
    let all = tempfile::tempdir().unwrap();
    ingest(all.path(), &[fixtures()]);
    let once = dups(all.path(), &[]);

    let step = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.reverse();
    for f in &files {
        ingest(step.path(), std::slice::from_ref(f));
    }
    // Ingesting again changes nothing.
    ingest(step.path(), &[fixtures()]);
    assert_eq!(dups(step.path(), &[]), once);
}

#[test]
fn a_lost_index_is_rebuilt_from_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &[fixtures()]);
    let before = dups(dir.path(), &[]);
    {
        let conn = rusqlite::Connection::open(dir.path().join("marsad.sqlite")).unwrap();
        conn.execute_batch("DELETE FROM dedup_bands; DELETE FROM reuse_postings; DELETE FROM dedup_pairs; DELETE FROM reuse_pairs; DELETE FROM dedup_docs;").unwrap();
    }
    assert_eq!(dups(dir.path(), &[]), before);
}

#[test]
fn seeds_shared_wire_passages() {
    let Some(shared) = shared() else {
        eprintln!("skipped seeds_shared_wire_passages: ../shared is not here (set MARSAD_SHARED)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let seeds = shared.join("seeds");
    ingest(dir.path(), std::slice::from_ref(&seeds));
    let out = dups(dir.path(), &[]);
    let names = names(dir.path());
    assert!(out["near_duplicates"].as_array().unwrap().is_empty(), "the seeds are five different reports");
    // Seeds 003 and 004 both carry the same agency copy (AFP): its sentences must be
    // found, at the same words in both.
    let reuse = out["reuse"].as_array().unwrap();
    let r = reuse
        .iter()
        .find(|r| {
            let mut p = [&names[r["a"].as_str().unwrap()][..3], &names[r["b"].as_str().unwrap()][..3]];
            p.sort();
            p == ["003", "004"]
        })
        .unwrap_or_else(|| panic!("no reuse between seeds 003 and 004: {out}"));
    let (ta, tb) = (
        chars_of(&seeds.join(&names[r["a"].as_str().unwrap()])),
        chars_of(&seeds.join(&names[r["b"].as_str().unwrap()])),
    );
    let texts: Vec<String> = r["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_u64().unwrap() as usize;
            let a: String = ta[n("a_start")..n("a_end")].iter().collect();
            let b: String = tb[n("b_start")..n("b_end")].iter().collect();
            // Nearly verbatim: the same first and last words, at most three words changed.
            let key = |s: &str| -> Vec<String> {
                marsad_text::normalize_str(s, marsad_text::Form::Key).split_whitespace().map(String::from).collect()
            };
            let (wa, wb) = (key(&a), key(&b));
            assert_eq!((wa.first(), wa.last()), (wb.first(), wb.last()), "{a} | {b}");
            let same = wa.iter().zip(&wb).filter(|(x, y)| x == y).count();
            assert!(wa.len().max(wb.len()) - same <= 3, "{a} | {b}");
            a
        })
        .collect();
    for want in [
        "وافقتا على المشاركة في مفاوضات في موسكو تهدف إلى إنهاء المعارك",
        "دعا بوتين لوقف الأعمال العدائية",
        "مما رفع عدد القتلى إلى 376 منذ اندلاع القتال",
    ] {
        assert!(texts.iter().any(|t| t.contains(want)), "{want:?} not among {texts:?}");
    }
}
