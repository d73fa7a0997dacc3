//! Stories on the store: events and sagas from our own articles, their summaries and
//! timelines, incremental updates and rebuilds.

mod common;

use std::path::Path;

use common::{marsad, run};
use serde_json::{Value, json};

const WIRE: &str = "اتفقت أرمينيا وأذربيجان على وقف إطلاق النار في إقليم قره باغ اعتبارا من ظهر السبت بعد محادثات استمرت عشر ساعات في موسكو برعاية روسية.";

fn articles() -> Vec<Value> {
    vec![
        json!({"id": "east-1", "outlet": "الشرق", "published": "2020-10-10", "url": "https://east.example/1",
            "title": "هدنة إنسانية في قره باغ بعد محادثات موسكو",
            "text": format!("{WIRE}\nوقال وزير الخارجية الروسي إن الطرفين سيتبادلان الأسرى وجثث القتلى بوساطة اللجنة الدولية للصليب الأحمر.\nوكانت المعارك قد اندلعت في الإقليم أواخر الشهر الماضي.")}),
        json!({"id": "west-1", "outlet": "الغرب", "published": "2020-10-10", "url": "https://west.example/1",
            "title": "موسكو تعلن وقف إطلاق النار بين أرمينيا وأذربيجان في قره باغ",
            "text": format!("{WIRE}\nوتبادل الطرفان الاتهامات بخرق الهدنة بعد ساعات من دخولها حيز التنفيذ في الإقليم الجبلي.\nودعت فرنسا والولايات المتحدة إلى احترام الاتفاق.")}),
        json!({"id": "sport-1", "outlet": "الغرب", "published": "2020-10-10", "url": "https://west.example/2",
            "title": "الهلال يفوز على النصر في قمة الدوري السعودي",
            "text": "حقق فريق الهلال فوزا ثمينا على غريمه النصر بثلاثة أهداف مقابل هدف في قمة الدوري السعودي للمحترفين.\nوسجل مهاجم الهلال هدفين في الشوط الثاني أمام جماهير غفيرة ملأت الملعب."}),
        json!({"id": "later-1", "outlet": "الشرق", "published": "2023-09-20", "url": "https://east.example/2",
            "title": "أذربيجان تعلن وقف عملياتها العسكرية في قره باغ",
            "text": "أعلنت أذربيجان وقف عملياتها العسكرية في إقليم قره باغ بعد اتفاق مع ممثلي السكان الأرمن بوساطة قوات حفظ السلام الروسية.\nوقال رئيس وزراء أرمينيا إن بلاده لم تشارك في صياغة الاتفاق."}),
    ]
}

fn write_jsonl(path: &Path, items: &[Value]) {
    let lines: Vec<String> = items.iter().map(|v| v.to_string()).collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn stories(data: &Path, extra: &[&str]) -> Vec<Value> {
    let (code, out, err) =
        run(marsad(data).args(["stories", "--format", "json", "--limit", "0", "--summary-sentences", "2"]).args(extra));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// Maps each document's external id to its stored id through `documents`.
fn doc_ids(data: &Path) -> std::collections::HashMap<String, String> {
    let (code, out, err) = run(marsad(data).args(["documents", "--format", "json", "--limit", "100"]));
    assert_eq!(code, 0, "{err}");
    let docs: Vec<Value> = serde_json::from_str(&out).unwrap();
    docs.iter()
        .map(|d| {
            let source = d["first_source"].as_str().unwrap();
            let title = d["title"].as_str().unwrap();
            let ext =
                articles().into_iter().find(|a| a["title"] == title).map(|a| a["id"].as_str().unwrap().to_string());
            (ext.unwrap_or_else(|| source.to_string()), d["id"].as_str().unwrap().to_string())
        })
        .collect()
}

fn event_of<'a>(all: &'a [Value], doc: &str) -> &'a Value {
    all.iter()
        .find(|s| s["level"] == "event" && s["documents"].as_array().unwrap().iter().any(|d| d == doc))
        .unwrap_or_else(|| panic!("{doc} is in no event"))
}

#[test]
fn the_same_news_forms_one_event_with_a_cited_summary_and_other_news_stays_apart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let feed = dir.path().join("feed.jsonl");
    write_jsonl(&feed, &articles());
    let (code, out, err) = run(marsad(&data).arg("ingest").arg(&feed).args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["stories"]["placed"], 4, "{out}");

    let ids = doc_ids(&data);
    let all = stories(&data, &[]);
    for s in &all {
        for key in ["id", "level", "parent", "title", "start", "end", "documents", "outlets", "summary", "timeline"] {
            assert!(s.get(key).is_some(), "story lacks {key}: {s}");
        }
    }
    let ceasefire = event_of(&all, &ids["east-1"]);
    assert_eq!(ceasefire["documents"].as_array().unwrap().len(), 2, "{ceasefire:#}");
    assert!(ceasefire["documents"].as_array().unwrap().contains(&json!(ids["west-1"])));
    assert_eq!(ceasefire["outlets"], json!(["الشرق", "الغرب"]));
    assert_eq!((ceasefire["start"].as_str(), ceasefire["end"].as_str()), (Some("2020-10-10"), Some("2020-10-10")));
    assert!(ceasefire["id"].as_str().unwrap().starts_with("ev-"));
    assert!(ceasefire["parent"].as_str().unwrap().starts_with("sg-"));

    // The wire sentence leads the summary, once, citing both reports.
    let lines = ceasefire["summary"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[0]["sentence"].as_str().unwrap().starts_with("اتفقت أرمينيا وأذربيجان"), "{lines:#?}");
    assert_eq!(lines[0]["documents"].as_array().unwrap().len(), 2);
    assert_ne!(lines[0]["sentence"], lines[1]["sentence"]);

    // Both outlets' report of the agreement is one timeline entry citing both.
    let agreed = ceasefire["timeline"].as_array().unwrap().iter().find(|t| t["type"] == "ceasefire_agreed");
    let agreed = agreed.unwrap_or_else(|| panic!("no ceasefire_agreed in {:#}", ceasefire["timeline"]));
    assert_eq!(agreed["date"], "2020-10-10");
    assert_eq!(agreed["documents"].as_array().unwrap().len(), 2);
    assert_eq!(agreed["actors"], json!(["Armenia", "Azerbaijan"]));

    let sport = event_of(&all, &ids["sport-1"]);
    assert_ne!(sport["id"], ceasefire["id"]);
    assert_ne!(sport["parent"], ceasefire["parent"]);
    // The same region three years later is another saga.
    let later = event_of(&all, &ids["later-1"]);
    assert_ne!(later["parent"], ceasefire["parent"]);

    // The story's timeline and one entity's can be asked for.
    let id = ceasefire["id"].as_str().unwrap();
    // A search limited to the story finds its documents only (the 2023 report also names قره باغ).
    let (code, out, err) = run(marsad(&data).args(["search", "قره باغ", "--story", id, "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let hits: Value = serde_json::from_str(&out).unwrap();
    let mut found: Vec<&str> = hits["hits"].as_array().unwrap().iter().map(|h| h["doc_id"].as_str().unwrap()).collect();
    found.sort();
    let mut expected = vec![ids["east-1"].as_str(), ids["west-1"].as_str()];
    expected.sort();
    assert_eq!(found, expected, "{out}");
    let (code, _, err) = run(marsad(&data).args(["search", "قره باغ", "--story", "ev-nothing"]));
    assert_ne!(code, 0);
    assert!(err.contains("no story ev-nothing"), "{err}");
    let (code, out, err) = run(marsad(&data).args(["timeline", "--story", id, "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    assert!(serde_json::from_str::<Value>(&out).unwrap().is_array());
    let (code, _, err) = run(marsad(&data).args(["timeline", "--story", "ev-nothing"]));
    assert_ne!(code, 0);
    assert!(err.contains("no story ev-nothing"), "{err}");

    // Ingesting again places nothing; a rebuild gives the same stories.
    let (code, out, _) = run(marsad(&data).arg("ingest").arg(&feed).args(["--format", "json"]));
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["stories"]["placed"], 0);
    let rebuilt = stories(&data, &["--rebuild"]);
    let key = |v: &[Value]| {
        let mut k: Vec<(String, usize)> = v
            .iter()
            .map(|s| (s["id"].as_str().unwrap().to_string(), s["documents"].as_array().unwrap().len()))
            .collect();
        k.sort();
        k
    };
    assert_eq!(key(&rebuilt), key(&all));
}

#[test]
fn later_articles_join_the_stories_already_stored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let items = articles();
    let first = dir.path().join("first.jsonl");
    write_jsonl(&first, &items[..1]);
    let second = dir.path().join("second.jsonl");
    write_jsonl(&second, &items[1..]);
    assert_eq!(run(marsad(&data).arg("ingest").arg(&first)).0, 0);
    let before = stories(&data, &["--level", "event"]);
    assert_eq!(before.len(), 1);
    assert_eq!(run(marsad(&data).arg("ingest").arg(&second)).0, 0);
    let ids = doc_ids(&data);
    let after = stories(&data, &[]);
    let ceasefire = event_of(&after, &ids["west-1"]);
    assert_eq!(ceasefire["id"], before[0]["id"], "the story keeps its id as it grows");
    assert_eq!(ceasefire["documents"].as_array().unwrap().len(), 2);
    let filtered = stories(&data, &["--level", "saga", "--from", "2023-01-01"]);
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0]["start"], "2023-09-20");
}
