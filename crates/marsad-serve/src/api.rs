//! The JSON API under `/api/v1`, plus `/healthz` and `/metrics`. Every route is one entry of
//! [`routes`], which both builds the router and is checked against the OpenAPI document;
//! adding a view (search, stories, timeline, dups) is one handler, one entry here and one
//! path in `openapi.json`.

use std::collections::HashMap;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Json, Router};
use marsad_ingest::{RawItem, RawKind, prepare};
use marsad_store::{InsertStatus, NewDocument, NewSkip};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::AppState;
use crate::db::{self, DocFilter};
use crate::error::ApiError;

/// Largest page of a list.
pub const MAX_LIMIT: usize = 100;
/// Default page size.
pub const DEFAULT_LIMIT: usize = 20;
/// Deepest offset a list accepts (deeper paging should filter instead).
pub const MAX_OFFSET: usize = 1_000_000;

/// One route: method, path (axum and OpenAPI spell parameters alike: `{id}`), handler.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route { method, path, handler }
}

/// Every JSON route of the server.
pub fn routes() -> Vec<Route> {
    vec![
        route(Method::GET, "/healthz", get(healthz)),
        route(Method::GET, "/metrics", get(crate::metrics::metrics)),
        route(Method::GET, "/api/v1/openapi.json", get(openapi)),
        route(Method::GET, "/api/v1/documents", get(list_documents)),
        route(Method::GET, "/api/v1/documents/{id}", get(one_document)),
        route(Method::GET, "/api/v1/entities", get(list_entities)),
        route(Method::GET, "/api/v1/entities/{id}", get(one_entity)),
        route(Method::GET, "/api/v1/outlets", get(list_outlets)),
        route(Method::POST, "/api/v1/ingest", post(ingest)),
        route(Method::GET, "/api/v1/stories", get(crate::views::list_stories)),
        route(Method::GET, "/api/v1/stories/{id}", get(crate::views::one_story)),
        route(Method::GET, "/api/v1/search", get(crate::views::search)),
        route(Method::GET, "/api/v1/timeline", get(crate::views::timeline)),
        route(Method::GET, "/api/v1/dups", get(crate::views::dups)),
    ]
}

pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for r in routes() {
        router = router.route(r.path, r.handler);
    }
    router.route("/api/{*rest}", axum::routing::any(api_not_found))
}

async fn api_not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no API route {method} {}", uri.path()))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::openapi::DOCUMENT).into_response()
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    documents: u64,
    schema_version: u32,
    writes_enabled: bool,
}

async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let writes_enabled = state.config.token.is_some();
    let (documents, schema_version) = state.db.read(|s| Ok((db::document_count(s)?, s.schema_version()?))).await?;
    Ok(Json(
        serde_json::to_value(Health { status: "ok", documents, schema_version, writes_enabled }).unwrap_or_default(),
    ))
}

/// Query strings are read as text and checked here, so every mistake gets our message.
pub(crate) type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

pub(crate) fn params(q: Params, allowed: &[&str]) -> Result<HashMap<String, String>, ApiError> {
    let Query(map) = q.map_err(|e| ApiError::bad_request("bad_query", e.body_text()))?;
    if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(ApiError::bad_request(
            "unknown_parameter",
            format!("unknown parameter {unknown:?}; this route takes {}", allowed.join(", ")),
        ));
    }
    Ok(map)
}

pub(crate) fn number(
    map: &HashMap<String, String>,
    name: &str,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match map.get(name) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(
                "bad_parameter",
                format!("{name} must be a whole number from {min} to {max}, not {v:?}"),
            )),
        },
    }
}

pub(crate) fn day(map: &HashMap<String, String>, name: &str) -> Result<Option<String>, ApiError> {
    match map.get(name) {
        None => Ok(None),
        Some(v) => match v.parse::<jiff::civil::Date>() {
            Ok(d) if v.len() == 10 => Ok(Some(d.to_string())),
            _ => Err(ApiError::bad_request("bad_parameter", format!("{name} must be a day as YYYY-MM-DD, not {v:?}"))),
        },
    }
}

pub(crate) fn text(map: &HashMap<String, String>, name: &str) -> Result<Option<String>, ApiError> {
    match map.get(name) {
        None => Ok(None),
        Some(v) if v.is_empty() || v.chars().count() > 200 => {
            Err(ApiError::bad_request("bad_parameter", format!("{name} must be 1 to 200 characters")))
        }
        Some(v) => Ok(Some(v.clone())),
    }
}

/// The document filter of a query string (shared with the UI).
pub fn doc_filter(map: &HashMap<String, String>) -> Result<DocFilter, ApiError> {
    let filter = DocFilter {
        outlet: text(map, "outlet")?,
        from: day(map, "from")?,
        to: day(map, "to")?,
        entity: text(map, "entity")?,
        limit: number(map, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?,
        offset: number(map, "offset", 0, 0, MAX_OFFSET)?,
    };
    if let (Some(from), Some(to)) = (&filter.from, &filter.to)
        && from > to
    {
        return Err(ApiError::bad_request("bad_parameter", format!("from ({from}) is after to ({to})")));
    }
    Ok(filter)
}

async fn list_documents(State(state): State<AppState>, q: Params) -> Result<Json<db::DocPage>, ApiError> {
    let map = params(q, &["outlet", "from", "to", "entity", "limit", "offset"])?;
    let filter = doc_filter(&map)?;
    Ok(Json(state.db.read(move |s| db::documents(s, &filter)).await?))
}

/// Where a document came from.
#[derive(Serialize)]
pub(crate) struct Source {
    source: String,
    format: Option<&'static str>,
    line: Option<u64>,
    encoding: Option<String>,
    external_id: Option<String>,
}

/// A document with its analysis.
#[derive(Serialize)]
pub struct DocumentOut {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub published_from: String,
    pub lang: String,
    /// The original decoded text: every offset counts its code points.
    pub text: String,
    /// The body as `[start, end)` code-point ranges of `text`.
    pub body: Vec<[usize; 2]>,
    pub(crate) sources: Vec<Source>,
    /// The stored analysis (the contract's JSON object), or null if none is stored.
    pub analysis: Value,
}

/// Checks a path id: bounded, no control characters.
pub(crate) fn path_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 300 || id.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "bad_parameter",
            "the id must be 1 to 300 characters, no control characters",
        ));
    }
    Ok(())
}

/// Loads one document with its analysis (shared with the UI).
pub fn load_document(store: &marsad_store::Store, id: &str) -> Result<Option<DocumentOut>, ApiError> {
    let Some(doc) = store.document(id)? else { return Ok(None) };
    let analysis = match store.analysis(id)? {
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("stored analysis of {id}: {e}"))
        })?,
        None => Value::Null,
    };
    let sources = store
        .provenance(id)?
        .into_iter()
        .map(|p| Source {
            source: p.source,
            format: p.format.map(|f| f.as_str()),
            line: p.line,
            encoding: p.encoding,
            external_id: p.external_id,
        })
        .collect();
    let chars = CharIndex::new(&doc.text);
    let body = doc.body.iter().map(|r| [chars.char_of(r.start), chars.char_of(r.end)]).collect();
    Ok(Some(DocumentOut {
        id: doc.id.to_string(),
        title: doc.title,
        outlet: doc.outlet,
        url: doc.url,
        published: doc.published.date,
        published_from: doc.published.from.as_str().to_string(),
        lang: doc.lang,
        body,
        text: doc.text,
        sources,
        analysis,
    }))
}

/// Byte offset ↔ code-point offset of one text, both ways in O(log n).
pub struct CharIndex {
    /// Byte offset of each code point, then the text's length.
    starts: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CharIndex { starts }
    }

    /// Code points before byte `b` (a byte inside a character counts that character).
    pub fn char_of(&self, b: usize) -> usize {
        self.starts.partition_point(|&s| s < b)
    }

    /// Byte offset of code point `c`, clamped to the text.
    pub fn byte_of(&self, c: usize) -> usize {
        self.starts[c.min(self.starts.len() - 1)]
    }
}

async fn one_document(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<DocumentOut>, ApiError> {
    path_id(&id)?;
    let key = id.clone();
    match state.db.read(move |s| load_document(s, &key)).await? {
        Some(doc) => Ok(Json(doc)),
        None => Err(ApiError::not_found(format!("no document {id}"))),
    }
}

const ENTITY_TYPES: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];

fn entity_type(map: &HashMap<String, String>) -> Result<Option<String>, ApiError> {
    match map.get("type") {
        None => Ok(None),
        Some(t) if ENTITY_TYPES.contains(&t.as_str()) => Ok(Some(t.clone())),
        Some(t) => {
            Err(ApiError::bad_request("bad_parameter", format!("type must be PER, LOC, ORG or MISC, not {t:?}")))
        }
    }
}

async fn list_entities(State(state): State<AppState>, q: Params) -> Result<Json<db::EntityPage>, ApiError> {
    let map = params(q, &["type", "limit", "offset"])?;
    let kind = entity_type(&map)?;
    let limit = number(&map, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let offset = number(&map, "offset", 0, 0, MAX_OFFSET)?;
    let db = state.db.clone();
    Ok(Json(state.db.read(move |s| db::entities(&db.ranking, s, kind.as_deref(), limit, offset)).await?))
}

/// One entity and a page of its documents.
#[derive(Serialize)]
pub struct EntityOut {
    #[serde(flatten)]
    pub detail: db::EntityDetail,
    /// A page of the documents that mention it (`limit`, `offset`), newest first.
    pub document_list: db::DocPage,
}

/// Loads one entity (shared with the UI).
pub fn load_entity(
    cache: &db::EntityCache,
    store: &marsad_store::Store,
    id: &str,
    monthly: bool,
    limit: usize,
    offset: usize,
) -> Result<Option<EntityOut>, ApiError> {
    let Some(detail) = cache.get(store, id, monthly)? else { return Ok(None) };
    let detail = db::EntityDetail::clone(&detail);
    let filter = DocFilter { entity: Some(id.to_string()), limit, offset, ..DocFilter::default() };
    let document_list = db::documents(store, &filter)?;
    Ok(Some(EntityOut { detail, document_list }))
}

fn granularity(map: &HashMap<String, String>) -> Result<bool, ApiError> {
    match map.get("by").map(String::as_str) {
        None | Some("month") => Ok(true),
        Some("day") => Ok(false),
        Some(v) => Err(ApiError::bad_request("bad_parameter", format!("by must be day or month, not {v:?}"))),
    }
}

async fn one_entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Params,
) -> Result<Json<EntityOut>, ApiError> {
    path_id(&id)?;
    let map = params(q, &["by", "limit", "offset"])?;
    let monthly = granularity(&map)?;
    let limit = number(&map, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let offset = number(&map, "offset", 0, 0, MAX_OFFSET)?;
    let key = id.clone();
    let db = state.db.clone();
    match state.db.read(move |s| load_entity(&db.entities, s, &key, monthly, limit, offset)).await? {
        Some(e) => Ok(Json(e)),
        None => Err(ApiError::not_found(format!("no entity {id}"))),
    }
}

#[derive(Serialize)]
struct Outlet {
    outlet: String,
    documents: u64,
}

async fn list_outlets(State(state): State<AppState>, q: Params) -> Result<Json<Value>, ApiError> {
    let map = params(q, &["limit"])?;
    let limit = number(&map, "limit", MAX_LIMIT, 1, MAX_LIMIT)?;
    let rows = state.db.read(move |s| db::outlets(s, limit)).await?;
    let outlets: Vec<Outlet> = rows.into_iter().map(|(outlet, documents)| Outlet { outlet, documents }).collect();
    Ok(Json(serde_json::json!({ "outlets": outlets })))
}

/// The body of `POST /api/v1/ingest`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IngestRequest {
    /// Articles with the `.jsonl` input's fields (id, url, outlet, title, published, text or html).
    articles: Vec<Value>,
}

#[derive(Serialize, Default)]
struct IngestResponse {
    ingested: u64,
    copies: u64,
    already_present: u64,
    skipped: u64,
    documents: Vec<IngestedDoc>,
    skips: Vec<IngestSkip>,
}

#[derive(Serialize)]
struct IngestedDoc {
    /// Position of the article in the request, from 0.
    index: usize,
    id: String,
    /// `new`, `copy` (stored before, new source) or `already_present`.
    status: &'static str,
    title: Option<String>,
}

#[derive(Serialize)]
struct IngestSkip {
    index: usize,
    reason: &'static str,
    message: String,
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.config.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes_disabled",
            "this server is read-only: start it with a token (MARSAD_TOKEN or --token-file) to enable ingest",
        ));
    };
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match given {
        None => Err(ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "a bearer token is required")),
        Some(g) if same_token(g.trim().as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "wrong bearer token")),
    }
}

async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<IngestRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    authorize(&state, &headers)?;
    let Json(request) = body.map_err(|e| {
        let status = e.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE { "too_large" } else { "bad_body" };
        ApiError::new(status, code, e.body_text())
    })?;
    let max = state.config.max_ingest_articles;
    if request.articles.is_empty() || request.articles.len() > max {
        return Err(ApiError::bad_request("bad_body", format!("articles must hold 1 to {max} articles")));
    }
    let analyzer = state.analyzer.clone();
    // Prepare and analyse on a blocking thread (pure CPU work), then store in one transaction.
    let prepared = tokio::task::spawn_blocking(move || {
        request
            .articles
            .into_iter()
            .enumerate()
            .map(|(i, article)| {
                if !article.is_object() {
                    return Err((
                        i,
                        marsad_ingest::SkipReason::MalformedJson("an article must be a JSON object".into()),
                    ));
                }
                let item = RawItem {
                    path: None,
                    line: Some(i as u64 + 1),
                    kind: RawKind::JsonLine,
                    bytes: serde_json::to_vec(&article).unwrap_or_default(),
                    uri: None,
                };
                let mut doc = prepare(item).map_err(|s| (i, s.reason))?;
                let analysis = analyzer.analyze(&mut doc);
                let json = serde_json::to_string(&analysis).unwrap_or_else(|_| "{}".into());
                Ok((i, doc, json, analysis.entities))
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    let version = state.analyzer.version();
    let response = state
        .db
        .write(move |store| {
            let mut out = IngestResponse::default();
            let mut docs = Vec::new();
            let mut skips = Vec::new();
            for p in prepared {
                match p {
                    Ok(d) => docs.push(d),
                    Err((index, reason)) => {
                        skips.push(NewSkip {
                            location: format!("api:{}", index + 1),
                            reason: reason.code().to_string(),
                            message: reason.to_string(),
                        });
                        out.skips.push(IngestSkip { index, reason: reason.code(), message: reason.to_string() });
                    }
                }
            }
            let run = store.begin_run("POST /api/v1/ingest")?;
            let rows: Vec<NewDocument> = docs
                .iter()
                .map(|(_, doc, json, entities)| NewDocument {
                    doc,
                    analysis_json: json,
                    analysis_version: version,
                    entities,
                })
                .collect();
            let statuses = store.insert_batch(Some(run), &rows, &skips)?;
            for ((index, doc, _, _), status) in docs.iter().zip(statuses) {
                let status = match status {
                    InsertStatus::New => {
                        out.ingested += 1;
                        "new"
                    }
                    InsertStatus::NewCopy => {
                        out.copies += 1;
                        "copy"
                    }
                    InsertStatus::AlreadyPresent => {
                        out.already_present += 1;
                        "already_present"
                    }
                };
                out.documents.push(IngestedDoc {
                    index: *index,
                    id: doc.id.to_string(),
                    status,
                    title: doc.title.clone(),
                });
            }
            out.skipped = out.skips.len() as u64;
            store.finish_run(run, out.ingested, out.copies, out.already_present, out.skipped)?;
            Ok(out)
        })
        .await?;
    Ok(Json(serde_json::to_value(response).unwrap_or_default()))
}
