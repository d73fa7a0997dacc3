//! The API and UI through tower's `oneshot`: every route, auth, bad parameters, traversal,
//! bounded bodies, and the OpenAPI document against the router and sample answers.
//!
//! The analyser here is a test double that marks a few known names by plain string search
//! (the real pipeline lives in the binary and is exercised by its browser test).

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use marsad_core::{Analysis, Document, EntityMention};
use marsad_serve::{Analyzer, ServeConfig, api_routes, app};
use serde_json::{Value, json};
use tower::ServiceExt;

const TOKEN: &str = "test-token-0123456789abcdef";

/// Marks each occurrence of a few names in the body, with code-point offsets.
struct NameFinder;

const NAMES: &[(&str, &str, &str, &str)] = &[
    ("باشينيان", "per-pashinyan", "Nikol Pashinyan", "PER"),
    ("باشنيان", "per-pashinyan", "Nikol Pashinyan", "PER"),
    ("يريفان", "loc-yerevan", "Yerevan", "LOC"),
    ("موسكو", "loc-moscow", "Moscow", "LOC"),
];

impl Analyzer for NameFinder {
    fn analyze(&self, doc: &mut Document) -> Analysis {
        let mut a = Analysis::envelope(doc);
        for range in &doc.body {
            let region = &doc.text[range.clone()];
            for (name, id, canonical, kind) in NAMES {
                for (b, _) in region.match_indices(name) {
                    let start = doc.text[..range.start + b].chars().count();
                    a.entities.push(EntityMention {
                        text: name.to_string(),
                        start,
                        end: start + name.chars().count(),
                        kind: kind.to_string(),
                        canonical: canonical.to_string(),
                        entity_id: id.to_string(),
                        role: None,
                        wikidata: None,
                        linked_by: None,
                    });
                }
            }
        }
        a.entities.sort_by_key(|e| e.start);
        a
    }

    fn version(&self) -> u32 {
        1
    }
}

fn articles() -> Value {
    json!({"articles": [
        {"id": "t1", "url": "https://example.invalid/1", "outlet": "وكالة الاختبار", "title": "باشينيان يزور موسكو",
         "published": "2020-11-09T10:00:00Z",
         "text": "وصل رئيس الوزراء الأرميني باشينيان إلى موسكو صباح اليوم في زيارة قصيرة.\nوقال مكتبه في يريفان إن المحادثات تناولت وقف إطلاق النار في الإقليم."},
        {"id": "t2", "url": "https://example.invalid/2", "outlet": "صحيفة الاختبار", "title": "مظاهرة في يريفان",
         "published": "2020-11-11",
         "text": "تظاهر آلاف الأشخاص في يريفان مطالبين باستقالة باشنيان بعد توقيع الاتفاق.\nوأغلق المحتجون شوارع وسط المدينة حتى ساعة متأخرة من الليل."},
        {"id": "t3", "outlet": "وكالة الاختبار", "title": "اجتماع في موسكو",
         "published": "2021-01-11",
         "text": "استضافت موسكو اجتماعا ثلاثيا حضره باشينيان لبحث فتح طرق النقل في المنطقة.\nوأكد المجتمعون التزامهم بالبيان الموقع في العاشر من نوفمبر الماضي."},
        {"id": "bad", "title": "no text"},
        "not an object"
    ]})
}

fn config(dir: &std::path::Path, token: Option<&str>) -> ServeConfig {
    let mut c = ServeConfig::new(dir.to_path_buf());
    c.token = token.map(str::to_string);
    c.max_body_bytes = 64 << 10;
    c
}

async fn call(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, headers, body) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(ct.starts_with("application/json"), "{uri}: content type {ct}");
    (status, serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: {e}")))
}

async fn get_text(app: &Router, uri: &str) -> (StatusCode, String) {
    let (status, _, body) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (status, String::from_utf8(body).unwrap())
}

async fn post_ingest(app: &Router, token: Option<&str>, body: String) -> (StatusCode, axum::http::HeaderMap, Value) {
    let mut req = Request::post("/api/v1/ingest").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (status, headers, body) = call(app, req.body(Body::from(body)).unwrap()).await;
    (status, headers, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// A server with the three test articles ingested through the API.
async fn loaded() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let app = app(config(dir.path(), Some(TOKEN)), Arc::new(NameFinder)).unwrap();
    let (status, _, body) = post_ingest(&app, Some(TOKEN), articles().to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ingested"], 3, "{body}");
    assert_eq!(body["skipped"], 2, "{body}");
    assert_eq!(body["skips"][0]["index"], 3);
    assert_eq!(body["skips"][0]["reason"], "no_text");
    assert_eq!(body["skips"][1]["reason"], "malformed_json");
    (dir, app)
}

fn error_code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_else(|| panic!("not an error body: {v}"))
}

#[tokio::test]
async fn documents_list_filters_and_pages() {
    let (_dir, app) = loaded().await;
    let (s, v) = get(&app, "/api/v1/documents").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 3);
    let dates: Vec<&str> =
        v["documents"].as_array().unwrap().iter().map(|d| d["published"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2021-01-11", "2020-11-11", "2020-11-09"], "newest first");

    let (_, v) = get(
        &app,
        "/api/v1/documents?outlet=%D9%88%D9%83%D8%A7%D9%84%D8%A9%20%D8%A7%D9%84%D8%A7%D8%AE%D8%AA%D8%A8%D8%A7%D8%B1",
    )
    .await;
    assert_eq!(v["total"], 2, "outlet وكالة الاختبار");
    let (_, v) = get(&app, "/api/v1/documents?from=2020-11-10&to=2020-12-31").await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["documents"][0]["title"], "مظاهرة في يريفان");
    let (_, v) = get(&app, "/api/v1/documents?entity=loc-moscow").await;
    assert_eq!(v["total"], 2);
    let (_, v) = get(&app, "/api/v1/documents?limit=1&offset=1").await;
    assert_eq!((v["total"].as_u64(), v["documents"].as_array().unwrap().len()), (Some(3), 1));
    assert_eq!(v["documents"][0]["published"], "2020-11-11");
}

#[tokio::test]
async fn one_document_with_its_analysis_and_offsets() {
    let (_dir, app) = loaded().await;
    let (_, list) = get(&app, "/api/v1/documents?limit=100").await;
    for d in list["documents"].as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        let (s, doc) = get(&app, &format!("/api/v1/documents/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(doc["analysis"]["id"], id);
        let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
        let entities = doc["analysis"]["entities"].as_array().unwrap();
        assert!(!entities.is_empty());
        for e in entities {
            let (a, b) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
            assert_eq!(chars[a..b].iter().collect::<String>(), e["text"].as_str().unwrap(), "offsets are code points");
        }
        // Body ranges are code points too.
        for r in doc["body"].as_array().unwrap() {
            assert!(r[1].as_u64().unwrap() as usize <= chars.len());
        }
    }
    let (s, v) = get(&app, "/api/v1/documents/0123456789abcdef").await;
    assert_eq!((s, error_code(&v)), (StatusCode::NOT_FOUND, "not_found"));
}

#[tokio::test]
async fn entities_and_one_entity() {
    let (_dir, app) = loaded().await;
    let (s, v) = get(&app, "/api/v1/entities").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 3);
    assert_eq!(v["entities"][0]["entity_id"], "per-pashinyan", "most documents first");
    assert_eq!(v["entities"][0]["documents"], 3);
    let (_, v) = get(&app, "/api/v1/entities?type=LOC").await;
    assert_eq!(v["total"], 2);
    assert!(v["entities"].as_array().unwrap().iter().all(|e| e["type"] == "LOC"));

    let (s, e) = get(&app, "/api/v1/entities/per-pashinyan").await;
    assert_eq!(s, StatusCode::OK);
    let aliases: BTreeSet<&str> =
        e["aliases"].as_array().unwrap().iter().map(|a| a["text"].as_str().unwrap()).collect();
    assert_eq!(aliases, BTreeSet::from(["باشينيان", "باشنيان"]), "aliases as spelled");
    assert_eq!(e["documents"], 3);
    assert_eq!(e["granularity"], "month");
    let periods: Vec<&str> = e["timeline"].as_array().unwrap().iter().map(|p| p["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2020-11", "2021-01"]);
    let (_, e_day) = get(&app, "/api/v1/entities/per-pashinyan?by=day").await;
    assert_eq!(e_day["timeline"].as_array().unwrap().len(), 3);
    let co: Vec<&str> =
        e["co_occurring"].as_array().unwrap().iter().map(|c| c["entity_id"].as_str().unwrap()).collect();
    assert_eq!(co.len(), 2);
    assert!(co.contains(&"loc-moscow") && co.contains(&"loc-yerevan"));
    assert_eq!(e["document_list"]["total"], 3);
    let (s, v) = get(&app, "/api/v1/entities/per-nobody").await;
    assert_eq!((s, error_code(&v)), (StatusCode::NOT_FOUND, "not_found"));

    let (s, v) = get(&app, "/api/v1/outlets").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["outlets"][0]["documents"], 2);
}

#[tokio::test]
async fn entity_answers_follow_new_documents() {
    let (_dir, app) = loaded().await;
    let (_, before) = get(&app, "/api/v1/entities/per-pashinyan").await;
    let (_, list_before) = get(&app, "/api/v1/entities").await;
    assert_eq!((before["documents"].as_u64(), list_before["total"].as_u64()), (Some(3), Some(3)));
    let more = json!({"articles": [{"title": "باشينيان في جنيف", "published": "2021-02-01",
        "text": "التقى باشينيان في جنيف ممثلين عن مجموعة الوساطة لبحث ملف الأسرى.\nوقال إن اللقاء كان مثمرا وإن جولة أخرى ستعقد قريبا."}]});
    let (s, _, _) = post_ingest(&app, Some(TOKEN), more.to_string()).await;
    assert_eq!(s, StatusCode::OK);
    let (_, after) = get(&app, "/api/v1/entities/per-pashinyan").await;
    assert_eq!(after["documents"], 4, "cached answers are dropped when the store changes");
    assert_eq!(after["timeline"].as_array().unwrap().last().unwrap()["period"], "2021-02");
    let (_, list_after) = get(&app, "/api/v1/entities").await;
    assert_eq!(list_after["entities"][0]["documents"], 4);
}

#[tokio::test]
async fn health_and_metrics() {
    let (_dir, app) = loaded().await;
    let (s, v) = get(&app, "/healthz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (v["status"].as_str(), v["documents"].as_u64(), v["writes_enabled"].as_bool()),
        (Some("ok"), Some(3), Some(true))
    );
    get(&app, "/api/v1/documents/nope").await;
    let (s, text) = get_text(&app, "/metrics").await;
    assert_eq!(s, StatusCode::OK);
    assert!(text.contains("marsad_documents 3"), "{text}");
    assert!(
        text.contains(r#"marsad_http_requests_total{route="/api/v1/documents/{id}",method="GET",status="404"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"marsad_http_requests_total{route="/api/v1/ingest",method="POST",status="200"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"marsad_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"} 1"#), "{text}");
}

#[tokio::test]
async fn writes_need_the_token() {
    let dir = tempfile::tempdir().unwrap();
    // No token configured: read-only.
    let ro = app(config(dir.path(), None), Arc::new(NameFinder)).unwrap();
    let (s, h, v) = post_ingest(&ro, Some(TOKEN), articles().to_string()).await;
    assert_eq!((s, error_code(&v)), (StatusCode::FORBIDDEN, "writes_disabled"));
    assert!(h.get(header::WWW_AUTHENTICATE).is_none());
    let (_, v) = get(&ro, "/healthz").await;
    assert_eq!(v["writes_enabled"], false);

    let rw = app(config(dir.path(), Some(TOKEN)), Arc::new(NameFinder)).unwrap();
    let (s, h, v) = post_ingest(&rw, None, articles().to_string()).await;
    assert_eq!((s, error_code(&v)), (StatusCode::UNAUTHORIZED, "unauthorized"));
    assert_eq!(h.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");
    let (s, _, v) = post_ingest(&rw, Some("test-token-0123456789abcdeX"), articles().to_string()).await;
    assert_eq!((s, error_code(&v)), (StatusCode::UNAUTHORIZED, "unauthorized"));
    let (_, v) = get(&rw, "/api/v1/documents").await;
    assert_eq!(v["total"], 0, "nothing was written");
    // A weak token is refused at start.
    assert!(app(config(dir.path(), Some("short")), Arc::new(NameFinder)).is_err());
}

#[tokio::test]
async fn ingest_again_is_a_no_op_and_bodies_are_checked() {
    let (_dir, app) = loaded().await;
    let (s, _, v) = post_ingest(&app, Some(TOKEN), articles().to_string()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!((v["ingested"].as_u64(), v["already_present"].as_u64()), (Some(0), Some(3)), "{v}");
    for (body, status, code) in [
        ("{", StatusCode::BAD_REQUEST, "bad_body"),
        ("{\"articles\": []}", StatusCode::BAD_REQUEST, "bad_body"),
        ("{\"articles\": [], \"extra\": 1}", StatusCode::UNPROCESSABLE_ENTITY, "bad_body"),
        ("[1, 2]", StatusCode::UNPROCESSABLE_ENTITY, "bad_body"),
    ] {
        let (s, _, v) = post_ingest(&app, Some(TOKEN), body.to_string()).await;
        assert_eq!((s, error_code(&v)), (status, code), "{body}: {v}");
    }
    // Over the body limit (64 KiB in these tests).
    let big = json!({"articles": [{"text": "ن".repeat(70_000)}]}).to_string();
    let (s, _, v) = post_ingest(&app, Some(TOKEN), big).await;
    assert_eq!((s, error_code(&v)), (StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
    // Not JSON at all.
    let req = Request::post("/api/v1/ingest")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("hello"))
        .unwrap();
    let (s, _, body) = call(&app, req).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(serde_json::from_slice::<Value>(&body).unwrap()["error"]["code"].is_string());
}

/// Stories, search, timelines and dups in a server built without the binary's views: lists
/// read from the store answer, an unknown story is a 404 either way, and what needs the
/// binary (summaries, timelines, the search index) is a 503 JSON error, never a panic.
#[tokio::test]
async fn stories_search_timeline_dups_without_views() {
    let (_dir, app) = loaded().await;
    let (s, v) = get(&app, "/api/v1/stories?level=event&min_documents=2").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["stories"], json!([]), "no stories are made without the binary: {v}");
    assert_eq!(v["more"], false);
    let (s, v) = get(&app, "/api/v1/dups").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!((v["near_duplicates_total"].as_u64(), v["reuse_total"].as_u64()), (Some(0), Some(0)));
    for uri in ["/api/v1/stories/ev-0000", "/api/v1/timeline?story=ev-0000", "/api/v1/timeline?entity=nobody-at-all"] {
        let (s, v) = get(&app, uri).await;
        assert_eq!((s, error_code(&v)), (StatusCode::NOT_FOUND, "not_found"), "{uri}: {v}");
    }
    let (s, v) = get(&app, "/api/v1/search?q=x").await;
    assert_eq!((s, error_code(&v)), (StatusCode::SERVICE_UNAVAILABLE, "unavailable"), "{v}");
    let (s, v) = get(&app, "/api/v1/timeline?entity=per-pashinyan").await;
    assert_eq!((s, error_code(&v)), (StatusCode::SERVICE_UNAVAILABLE, "unavailable"), "{v}");
    let (s, page) = get_text(&app, "/stories/ev-0000").await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{page}");
    let (s, page) = get_text(&app, "/search").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("role=\"search\"") && page.contains("<a href=\"/search\" aria-current=\"page\">"));
    let (s, _) = get_text(&app, "/search?q=x&nope=1").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn bad_parameters_are_400_json() {
    let (_dir, app) = loaded().await;
    for uri in [
        "/api/v1/documents?limit=0",
        "/api/v1/documents?limit=101",
        "/api/v1/documents?limit=abc",
        "/api/v1/documents?offset=-1",
        "/api/v1/documents?offset=99999999",
        "/api/v1/documents?from=2020-13-01",
        "/api/v1/documents?from=2020-1-1",
        "/api/v1/documents?from=2021-01-01&to=2020-01-01",
        "/api/v1/documents?sort=title",
        "/api/v1/documents?outlet=",
        "/api/v1/entities?type=PERSON",
        "/api/v1/entities?limit=1000",
        "/api/v1/entities/per-pashinyan?by=week",
        "/api/v1/outlets?limit=0",
        "/api/v1/stories?level=story",
        "/api/v1/stories?min_documents=-2",
        "/api/v1/stories?from=2020-11-12&to=2020-11-01",
        "/api/v1/stories?limit=101",
        "/api/v1/stories/ev-1?summary=99",
        "/api/v1/search?q=x&recency=often",
        "/api/v1/search?q=x&from=2020-02-30",
        "/api/v1/search?q=x&offset=10001",
        "/api/v1/search?q=x&page=2",
        "/api/v1/timeline",
        "/api/v1/timeline?story=a&entity=b",
        "/api/v1/timeline?story=",
        "/api/v1/dups?edited=maybe",
        "/api/v1/dups?limit=0",
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty(), "{uri}");
    }
    let (s, v) = get(&app, "/api/v1/nothing-here").await;
    assert_eq!((s, error_code(&v)), (StatusCode::NOT_FOUND, "not_found"));
}

#[tokio::test]
async fn no_path_traversal_in_static_files() {
    let (_dir, app) = loaded().await;
    let (s, css) = get_text(&app, "/static/style.css").await;
    assert_eq!(s, StatusCode::OK);
    assert!(css.contains("--focus"));
    for uri in [
        "/static/../Cargo.toml",
        "/static/..%2F..%2FCargo.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/style.css/../../src/lib.rs",
        "/static/./style.css",
        "/static//etc/passwd",
        "/static/%2Fetc%2Fpasswd",
        "/../Cargo.toml",
    ] {
        let (s, body) = get_text(&app, uri).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
        assert!(!body.contains("[package]") && !body.contains("root:"), "{uri}");
    }
}

#[tokio::test]
async fn ui_pages() {
    let (_dir, app) = loaded().await;
    let (s, home) = get_text(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains("<html lang=\"ar\" dir=\"rtl\">"));
    for title in ["باشينيان يزور موسكو", "مظاهرة في يريفان", "اجتماع في موسكو"]
    {
        assert!(home.contains(title), "home lists {title}");
    }
    let (_, list) = get(&app, "/api/v1/documents?entity=loc-yerevan&from=2020-11-10").await;
    let id = list["documents"][0]["id"].as_str().unwrap().to_string();
    let (s, article) = get_text(&app, &format!("/documents/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(article.contains("<a class=\"ent ent-LOC\" href=\"/entities/loc-yerevan\""), "{article}");
    assert!(article.contains(">باشنيان</a>"), "the spelling as written is linked");
    let (s, entity) = get_text(&app, "/entities/per-pashinyan").await;
    assert_eq!(s, StatusCode::OK);
    assert!(entity.contains("<svg class=\"chart\""));
    assert!(entity.contains("باشنيان") && entity.contains("باشينيان"));
    let (s, list) = get_text(&app, "/entities?type=LOC").await;
    assert_eq!(s, StatusCode::OK);
    assert!(list.contains("/entities/loc-moscow") && !list.contains("/entities/per-pashinyan\""));
    for (uri, status) in [
        ("/documents/nope", StatusCode::NOT_FOUND),
        ("/entities/nope", StatusCode::NOT_FOUND),
        ("/?page=0", StatusCode::BAD_REQUEST),
        ("/entities?type=X", StatusCode::BAD_REQUEST),
        ("/no/such/page", StatusCode::NOT_FOUND),
    ] {
        let (s, body) = get_text(&app, uri).await;
        assert_eq!(s, status, "{uri}");
        assert!(body.contains("dir=\"rtl\""), "{uri}: an error page in the layout");
    }
}

/// Follows `$ref`s and checks types, required fields, properties, items and enums: enough
/// of JSON Schema for this document.
fn validate(value: &Value, schema: &Value, root: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = r.trim_start_matches("#/").split('/').fold(root, |v, k| &v[k]);
        assert!(!target.is_null(), "dangling $ref {r}");
        return validate(value, target, root, at);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let ok = options.iter().filter(|o| validate(value, o, root, at).is_ok()).count();
        return if ok == 1 { Ok(()) } else { Err(format!("{at}: {ok} of oneOf match")) };
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !fits {
            return Err(format!("{at}: {value} is not {types:?}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        return Err(format!("{at}: {value} not in {e:?}"));
    }
    if let Some(obj) = value.as_object() {
        for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let r = r.as_str().unwrap();
            if !obj.contains_key(r) {
                return Err(format!("{at}: missing {r}"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, v) in obj {
                if let Some(s) = props.get(k) {
                    validate(v, s, root, &format!("{at}.{k}"))?;
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            validate(v, items, root, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[tokio::test]
async fn openapi_matches_the_router() {
    let (_dir, app) = loaded().await;
    let (s, doc) = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(|m| (m.to_uppercase(), path.clone())))
        .collect();
    let served: BTreeSet<(String, String)> = api_routes().into_iter().map(|(m, p)| (m, p.to_string())).collect();
    assert_eq!(documented, served, "every route documented, every documented route served");

    // Every documented path answers (no 404/405 from the router) with a documented status.
    let (_, list) = get(&app, "/api/v1/documents").await;
    let doc_id = list["documents"][0]["id"].as_str().unwrap().to_string();
    for (method, path) in &documented {
        let uri = path.replace("{id}", if path.contains("entities") { "per-pashinyan" } else { &doc_id });
        let mut req = Request::builder().method(method.as_str()).uri(&uri);
        let mut body = Body::empty();
        if method == "POST" {
            req = req
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .header(header::CONTENT_TYPE, "application/json");
            body = Body::from(articles().to_string());
        }
        let (status, headers, bytes) = call(&app, req.body(body).unwrap()).await;
        let op = &doc["paths"][path][method.to_lowercase()];
        let response = &op["responses"][status.as_str()];
        assert!(!response.is_null(), "{method} {uri}: status {status} is not documented");
        let ct = headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap();
        if ct.starts_with("application/json") {
            let value: Value = serde_json::from_slice(&bytes).unwrap();
            let schema = if let Some(r) = response.get("$ref").and_then(Value::as_str) {
                let target = r.trim_start_matches("#/").split('/').fold(&doc, |v, k| &v[k]);
                target["content"]["application/json"]["schema"].clone()
            } else {
                response["content"]["application/json"]["schema"].clone()
            };
            validate(&value, &schema, &doc, &format!("{method} {uri}")).unwrap();
        } else {
            assert!(response["content"].get(ct.split(';').next().unwrap()).is_some(), "{uri}: {ct}");
        }
    }

    // Error answers match the Error schema.
    let (_, err) = get(&app, "/api/v1/documents?limit=0").await;
    validate(&err, &json!({"$ref": "#/components/schemas/Error"}), &doc, "error").unwrap();
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// Any query string or path id gets a 2xx or a 4xx JSON error, never a 5xx or a panic.
        #[test]
        fn any_query_is_answered_or_refused(
            route in prop::sample::select(vec!["/api/v1/documents", "/api/v1/entities", "/api/v1/entities/per-pashinyan", "/api/v1/outlets", "/api/v1/documents/", "/api/v1/stories", "/api/v1/stories/", "/api/v1/dups"]),
            key in prop::sample::select(vec!["limit", "offset", "from", "to", "outlet", "entity", "type", "by", "x", "level", "min_documents", "edited", "summary"]),
            value in "[\\PC]{0,12}",
        ) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                let dir = tempfile::tempdir().unwrap();
                let app = app(config(dir.path(), None), Arc::new(NameFinder)).unwrap();
                let enc: String = value.bytes().map(|b| format!("%{b:02X}")).collect();
                let uri = if route.ends_with('/') { format!("{route}{enc}") } else { format!("{route}?{key}={enc}") };
                let (s, headers, body) = call(&app, Request::get(&uri).body(Body::empty()).unwrap()).await;
                prop_assert!(s.is_success() || s.is_client_error(), "{} -> {}", uri, s);
                prop_assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
                if s.is_client_error() {
                    let v: Value = serde_json::from_slice(&body).unwrap();
                    prop_assert!(v["error"]["code"].is_string());
                }
                Ok(())
            })?;
        }
    }
}
