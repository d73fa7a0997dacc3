//! Bad input, each with its documented outcome, in one batch: nothing panics, every
//! problem names its file (and line), and the good documents around it all arrive.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use common::{marsad, run, stats};
use serde_json::Value;

const GOOD: &str = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في المدينة بسعة مئتي سرير، وقال الوزير إن المستشفى سيخدم سكان المنطقة الشمالية.";

fn article(n: usize) -> String {
    format!("{GOOD} وهذا هو الخبر رقم {n} في المجموعة.")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Writes the batch of bad (and good) inputs.
fn bad_batch(dir: &Path) {
    write(dir, "a-binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    write(dir, "b-binary-noise.dat", &(0..5000u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<_>>());
    write(dir, "c-empty.txt", b"");
    let mut truncated = article(1).into_bytes();
    truncated.extend_from_slice(&"ن".as_bytes()[..1]); // half of a two-byte letter
    write(dir, "d-truncated-utf8.txt", &truncated);
    let text = article(2);
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(&text);
    write(dir, "e-windows-1256.txt", &cp1256);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(article(3).encode_utf16().flat_map(|u| u.to_le_bytes()));
    write(dir, "f-utf16.txt", &utf16);
    let jsonl = [
        serde_json::json!({"id": "j1", "title": "خبر أول", "text": article(4)}).to_string(),
        "{\"id\": \"j2\", \"text\": \"نص مقطوع".to_string(), // broken line 2
        serde_json::json!({"id": "j3", "title": "خبر ثالث", "text": article(5)}).to_string(),
        serde_json::json!({"id": "j4", "title": "English", "text": "The ministry opened a new hospital in the city today, with two hundred beds."}).to_string(),
        serde_json::json!({"id": "j5", "title": "بلا نص"}).to_string(),
    ]
    .join("\n");
    write(dir, "g-feed.jsonl", jsonl.as_bytes());
    write(dir, "h-login.html", b"<html><head><title>\xd8\xaa\xd8\xb3\xd8\xac\xd9\x8a\xd9\x84</title></head><body><form><input name=user><input type=password></form></body></html>");
    // 50 MB of text: refused by size before it is read.
    let big = std::fs::File::create(dir.join("i-huge.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    write(dir, "j-good.txt", article(6).as_bytes());
}

fn skip_reasons(summary: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = summary["skips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let loc = s["location"].as_str().unwrap();
            let name = Path::new(loc).file_name().unwrap().to_string_lossy().to_string();
            (name, s["reason"].as_str().unwrap().to_string())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn each_bad_input_gets_its_outcome_and_nothing_else_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    bad_batch(&inputs);
    let data = dir.path().join("data");
    let (code, out, err) = run(marsad(&data).arg("ingest").arg(&inputs).args(["--format", "json"]));
    assert_eq!(code, 0, "skips are not failures without --strict: {err}");
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        skip_reasons(&summary),
        vec![
            ("a-binary.txt".into(), "binary".into()),
            ("b-binary-noise.dat".into(), "binary".into()),
            ("c-empty.txt".into(), "empty".into()),
            ("g-feed.jsonl:2".into(), "malformed_json".into()),
            ("g-feed.jsonl:4".into(), "not_arabic".into()),
            ("g-feed.jsonl:5".into(), "no_text".into()),
            ("h-login.html".into(), "no_article".into()),
            ("i-huge.txt".into(), "too_large".into()),
        ]
    );
    // Truncated UTF-8 (repaired), Windows-1256, UTF-16, two JSONL lines, the good file.
    assert_eq!(summary["ingested"], 6, "{out}");
    assert_eq!(summary["repaired"], 1);
    let encodings: Vec<&str> =
        summary["documents"].as_array().unwrap().iter().map(|d| d["encoding"].as_str().unwrap()).collect();
    assert!(encodings.contains(&"windows-1256") && encodings.contains(&"UTF-16LE"), "{encodings:?}");

    // Messages on stderr name the file and line.
    assert!(err.contains("g-feed.jsonl:2: malformed JSON"), "{err}");
    assert!(err.contains("i-huge.txt: too large: 52428800 bytes"), "{err}");
    assert!(err.contains("d-truncated-utf8.txt: truncated UTF-8"), "{err}");

    // The skips are on record in the store too.
    let s = stats(&data);
    assert_eq!(s["documents"], 6);
    assert_eq!(s["skips"], 8);
}

#[test]
fn strict_turns_skips_into_an_error_status() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write(&inputs, "good.txt", article(1).as_bytes());
    write(&inputs, "empty.txt", b"");
    let data = dir.path().join("data");
    let (code, _, err) = run(marsad(&data).args(["ingest", "--strict"]).arg(&inputs));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("--strict"), "{err}");
    // The good document is still stored.
    assert_eq!(stats(&data)["documents"], 1);
    let (code, _, _) = run(marsad(&data).args(["ingest", "--strict"]).arg(inputs.join("good.txt")));
    assert_eq!(code, 0);
}

#[test]
fn the_size_limit_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, article(1)).unwrap();
    let (_, out, _) =
        run(marsad(&dir.path().join("d")).args(["ingest", "--max-doc-size", "100B", "--format", "json"]).arg(&file));
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["skipped_by_reason"]["too_large"], 1);
    let (_, out, _) =
        run(marsad(&dir.path().join("d")).args(["ingest", "--max-doc-size", "1MiB", "--format", "json"]).arg(&file));
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["ingested"], 1);
}

#[test]
fn missing_paths_are_reported_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, article(1)).unwrap();
    let (code, out, err) =
        run(marsad(&dir.path().join("d")).args(["ingest", "--format", "json", "no/such/file.txt"]).arg(&file));
    assert_eq!(code, 0);
    assert!(err.contains("no/such/file.txt"), "{err}");
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((summary["ingested"].as_u64(), summary["skipped"].as_u64()), (Some(1), Some(1)));
}

fn ingest_stdin(data: &Path, input: &[u8]) -> Value {
    let mut child = marsad(data)
        .args(["ingest", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn standard_input_takes_text_jsonl_and_compressed_streams() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    let summary = ingest_stdin(&data, article(1).as_bytes());
    assert_eq!(summary["ingested"], 1);
    assert_eq!(summary["documents"][0]["source"], "-");

    let jsonl = format!(
        "{}\n{}\n",
        serde_json::json!({"text": article(2)}),
        serde_json::json!({"text": article(3), "url": "https://e.example/3"})
    );
    let summary = ingest_stdin(&data, jsonl.as_bytes());
    assert_eq!(summary["ingested"], 2);
    let sources: Vec<&str> =
        summary["documents"].as_array().unwrap().iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert_eq!(sources, vec!["-:1", "https://e.example/3"]);

    // A compressed stream: the sniffer unwraps it.
    let compressed = zstd::encode_all(format!("{}\n", serde_json::json!({"text": article(4)})).as_bytes(), 3).unwrap();
    let summary = ingest_stdin(&data, &compressed);
    assert_eq!(summary["ingested"], 1);
}

#[test]
fn compressed_jsonl_files() {
    let dir = tempfile::tempdir().unwrap();
    let lines = format!("{}\n{}\n", serde_json::json!({"text": article(1)}), serde_json::json!({"text": article(2)}));
    std::fs::write(dir.path().join("a.jsonl.zst"), zstd::encode_all(lines.as_bytes(), 3).unwrap()).unwrap();
    let (code, out, err) =
        run(marsad(&dir.path().join("d")).args(["ingest", "--format", "json"]).arg(dir.path().join("a.jsonl.zst")));
    assert_eq!(code, 0, "{err}");
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["ingested"], 2);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn gzipped_jsonl_and_web_archives() {
    let dir = tempfile::tempdir().unwrap();
    let lines = format!("{}\n", serde_json::json!({"text": article(7), "url": "https://e.example/7"}));
    std::fs::write(dir.path().join("feed.jsonl.gz"), gzip(lines.as_bytes())).unwrap();

    // A WARC with a request, an HTML response and an image response; each record gzipped
    // on its own, as crawlers write them.
    let page = format!(
        "<html lang=\"ar\"><head><title>عنوان الصفحة</title><meta property=\"og:site_name\" content=\"موقع\"></head>\
         <body><article><p>{}</p><p>{}</p></article></body></html>",
        article(8),
        article(9)
    );
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    let record = |kind: &str, uri: &str, block: &[u8]| {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        gzip(&r)
    };
    let mut warc = record("request", "https://e.example/page", b"GET /page HTTP/1.1\r\n\r\n");
    warc.extend(record("response", "https://e.example/page", http.as_bytes()));
    warc.extend(record(
        "response",
        "https://e.example/logo.png",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG",
    ));
    std::fs::write(dir.path().join("crawl.warc.gz"), warc).unwrap();

    let data = dir.path().join("d");
    let (code, out, err) = run(marsad(&data).args(["ingest", "--format", "json"]).arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["ingested"], 2, "{out}");
    let page_doc =
        summary["documents"].as_array().unwrap().iter().find(|d| d["source"] == "https://e.example/page").unwrap();
    assert_eq!(page_doc["outlet"], "موقع");
    assert_eq!(summary["skipped_by_reason"]["not_a_page"], 1);
    assert!(err.contains("crawl.warc.gz:3: not an article page: https://e.example/logo.png"), "{err}");
}
