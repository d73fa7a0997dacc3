//! `marsad search` end to end: ingest our own articles, search across spellings,
//! clitics and entity spellings; reindex equals the incremental index; an index left
//! behind its store (a crash between the two commits) or damaged is repaired on open.

mod common;

use std::path::Path;

use common::{marsad, run};
use serde_json::{Value, json};

/// Our own articles: (id, outlet, day, title, text).
const FIRST: &[(&str, &str, &str, &str, &str)] = &[
    (
        "a1",
        "wakala",
        "2020-11-10",
        "وزير أرميني في العاصمة الروسية",
        "وصل وزير الخارجية الأرميني إلى موسكو صباح الأحد لبحث وقف إطلاق النار في إقليم ناغورني قره باغ. وقال الوزير إن بلاده تريد حلاً دائماً للنزاع.",
    ),
    (
        "a2",
        "sahifa",
        "2020-11-09",
        "دخول شوشا",
        "أعلنت أذربيجان أن قواتها دخلت مدينة شوشا في كاراباخ، فيما نفت أرمینیا ذلك في بيان مقتضب صدر مساء الاثنين.",
    ),
];

const SECOND: &[(&str, &str, &str, &str, &str)] = &[
    (
        "b1",
        "wakala",
        "2020-11-12",
        "الكرملين يتحدث عن دوره",
        "قالت المتحدثة باسم الخارجية الروسية إن لموسكو دوراً أساسياً في المفاوضات، وإن الرئيس الروسي فلاديمير بوتين تحدث هاتفياً مع نظيره الأذربيجاني إلهام علييف.",
    ),
    (
        "b2",
        "jarida",
        "2020-12-01",
        "احتجاجات في يريفان",
        "تظاهر مئات المحتجين في يريفان وطالبوا باستقالة رئيس الوزراء نيكول باشينيان بعد توقيع الاتفاق، وقال متظاهر إن الحكومة خذلت الناس.",
    ),
];

fn write_jsonl(dir: &Path, name: &str, docs: &[(&str, &str, &str, &str, &str)]) -> std::path::PathBuf {
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, outlet, day, title, text)| {
            json!({"id": id, "outlet": outlet, "published": day, "title": title, "text": text}).to_string()
        })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn ingest(data: &Path, file: &Path) {
    let (code, _, err) = run(marsad(data).arg("ingest").arg(file));
    assert_eq!(code, 0, "ingest failed: {err}");
}

/// (total, titles of the hits in order) of a search, and stderr.
fn search(data: &Path, args: &[&str]) -> (Value, String) {
    let (code, out, err) = run(marsad(data).arg("search").args(args).args(["--format", "json"]));
    assert_eq!(code, 0, "search {args:?} failed: {err}");
    (serde_json::from_str(&out).expect("search JSON"), err)
}

fn titles(v: &Value) -> Vec<String> {
    let mut t: Vec<String> =
        v["hits"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap_or("").to_string()).collect();
    t.sort();
    t
}

fn title_of(id: &str) -> String {
    FIRST.iter().chain(SECOND).find(|d| d.0 == id).unwrap().3.to_string()
}

fn expect(data: &Path, args: &[&str], ids: &[&str]) {
    let (v, _) = search(data, args);
    let mut want: Vec<String> = ids.iter().map(|i| title_of(i)).collect();
    want.sort();
    assert_eq!(titles(&v), want, "search {args:?}: {v:#}");
}

fn setup(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    ingest(&data, &write_jsonl(dir, "first.jsonl", FIRST));
    ingest(&data, &write_jsonl(dir, "second.jsonl", SECOND));
    data
}

#[test]
fn finds_across_spellings_clitics_and_entities() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    expect(&data, &["موسكو"], &["a1", "b1"]);
    expect(&data, &["ارمينيا", "--no-expand"], &["a2"]);
    // a1 writes «ناغورني قره باغ», a2 «كاراباخ»: one entity.
    expect(&data, &["كاراباخ", "--no-expand"], &["a2"]);
    expect(&data, &["كاراباخ"], &["a1", "a2"]);
    expect(&data, &["\"قره باغ\""], &["a1", "a2"]);
    expect(&data, &["\"وقف إطلاق النار\""], &["a1"]);
    expect(&data, &["موسكو -بوتين"], &["a1"]);
    expect(&data, &["يريفان OR شوشا"], &["a2", "b2"]);
    expect(&data, &["موسكو", "--outlet", "wakala", "--from", "2020-11-11"], &["b1"]);
    expect(&data, &["", "--entity", "per:nikol-pashinyan"], &["b2"]);
    let (v, _) = search(&data, &["كاراباخ", "--limit", "1"]);
    assert_eq!(v["total"], 2);
    let hit = &v["hits"][0];
    assert_eq!(hit["doc_id"].as_str().unwrap().len(), 32);
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(hit["snippet"]["html"].as_str().unwrap().contains("<mark>"), "{hit:#}");
    // A bad date is a clear error.
    let (code, _, err) = run(marsad(&data).args(["search", "موسكو", "--from", "أمس"]));
    assert_eq!(code, 1);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn reindex_equals_incremental() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let queries: &[&[&str]] =
        &[&["موسكو"], &["كاراباخ"], &["الحكومة OR بوتين"], &["\"رئيس الوزراء\""], &["", "--limit", "50"]];
    let before: Vec<Value> = queries.iter().map(|q| search(&data, q).0).collect();
    let (code, out, err) = run(marsad(&data).arg("reindex"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 document"), "{out}");
    for (q, b) in queries.iter().zip(&before) {
        let (a, _) = search(&data, q);
        assert_eq!(a["total"], b["total"], "{q:?}");
        let ids = |v: &Value| v["hits"].as_array().unwrap().iter().map(|h| h["doc_id"].clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(b), "{q:?}");
    }
}

#[test]
fn an_index_behind_its_store_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ingest(&data, &write_jsonl(dir.path(), "first.jsonl", FIRST));
    // The index as it was after the first ingest…
    let saved = dir.path().join("saved-index");
    copy_dir(&data.join("index"), &saved);
    ingest(&data, &write_jsonl(dir.path(), "second.jsonl", SECOND));
    // …put back: the store now holds two documents the index never committed, as if the
    // process had been killed between the store's commit and the index's.
    std::fs::remove_dir_all(data.join("index")).unwrap();
    copy_dir(&saved, &data.join("index"));
    let (v, err) = search(&data, &["يريفان"]);
    assert!(err.contains("added 2 document"), "{err}");
    assert_eq!(titles(&v), [title_of("b2")]);
    let (_, err) = search(&data, &["يريفان"]);
    assert!(err.is_empty(), "a second search finds nothing to repair: {err}");
}

#[test]
fn a_damaged_or_missing_index_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    std::fs::write(data.join("index/meta.json"), "{ damaged").unwrap();
    let (v, err) = search(&data, &["موسكو"]);
    assert!(err.contains("rebuilt"), "{err}");
    assert_eq!(v["total"], 2);
    std::fs::remove_dir_all(data.join("index")).unwrap();
    let (v, _) = search(&data, &["موسكو"]);
    assert_eq!(v["total"], 2);
}

#[test]
fn an_index_ahead_of_its_store_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    // An index of four documents put beside a store of two (a store restored from an
    // older copy): it records rows the store does not have.
    let big = setup(dir.path());
    let small = dir.path().join("small");
    ingest(&small, &write_jsonl(dir.path(), "first.jsonl", FIRST));
    std::fs::remove_dir_all(small.join("index")).unwrap();
    copy_dir(&big.join("index"), &small.join("index"));
    let (v, err) = search(&small, &["يريفان OR موسكو"]);
    assert!(err.contains("rebuilt"), "{err}");
    assert_eq!(titles(&v), [title_of("a1")]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}
