//! marsad's HTTP server: the JSON API under `/api/v1` (documented by `/api/v1/openapi.json`),
//! `/healthz`, Prometheus `/metrics`, and the Arabic, right-to-left web UI, all views of the
//! same store.
//!
//! Invariants:
//! - read-only unless a bearer token is configured: `POST /api/v1/ingest` answers 403 without
//!   one, 401 for a missing or wrong token;
//! - SQLite is only touched on blocking threads: reads through a small pool of read
//!   connections (WAL lets them run beside the writer), writes through the one writer;
//! - every error of the API is JSON `{"error": {"code", "message"}}` with a 4xx/5xx status;
//!   request bodies and page sizes are bounded;
//! - static files come from a table compiled into the binary, so no path reaches the disk;
//! - the OpenAPI document lists exactly the API routes of the router (tested).
//!
//! The analysis of ingested articles is not done here: the binary passes an [`Analyzer`]
//! (its pipeline), so the server stays a view of whatever stages exist.

mod api;
mod db;
mod error;
mod html;
pub mod load;
mod metrics;
mod openapi;
mod story_page;
mod ui;
mod views;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use marsad_core::{Analysis, Document};
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ServeError;

/// The analysis the server runs on ingested articles: the binary's pipeline.
pub trait Analyzer: Send + Sync + 'static {
    /// Analyses one prepared document. May fill in what the analysis learns about the
    /// document itself (a publication day inferred from the text).
    fn analyze(&self, doc: &mut Document) -> Analysis;
    /// The analyser version stored with each analysis.
    fn version(&self) -> u32;
}

/// An error of the binary's side of [`Views`], shown as a 500 with its message.
pub type ViewError = Box<dyn std::error::Error + Send + Sync>;

/// What the server shows but the binary computes (stories' summaries and timelines, the
/// search index kept in step with the store), for the same reason as [`Analyzer`]: the
/// binary owns these stages and the command line prints the same answers from the same
/// functions. Called on blocking threads with a read connection to the store.
pub trait Views: Send + Sync + 'static {
    /// A story with its documents, outlets, summary (`summary_sentences` at most) and timeline.
    fn story(
        &self,
        store: &marsad_store::Store,
        row: marsad_store::StoryRow,
        summary_sentences: usize,
    ) -> Result<marsad_story::StoryOut, ViewError>;
    /// The merged timeline of a story's documents.
    fn story_timeline(
        &self,
        store: &marsad_store::Store,
        story_id: &str,
    ) -> Result<Vec<marsad_story::TimelineEntry>, ViewError>;
    /// The timeline of the events an entity takes part in.
    fn entity_timeline(
        &self,
        store: &marsad_store::Store,
        entity_id: &str,
        canonical: &str,
    ) -> Result<Vec<marsad_story::TimelineEntry>, ViewError>;
    /// The search index of `data`, consistent with `store` (caught up or rebuilt as needed).
    fn search_index(
        &self,
        data: &std::path::Path,
        store: &marsad_store::Store,
    ) -> Result<marsad_index::Index, ViewError>;
}

/// Shortest bearer token accepted: a guessable token is no protection.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Server settings.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// The data folder (the store).
    pub data: PathBuf,
    /// Bearer token for writes; None keeps the server read-only.
    pub token: Option<String>,
    /// Largest request body in bytes.
    pub max_body_bytes: usize,
    /// Most articles in one `POST /api/v1/ingest`.
    pub max_ingest_articles: usize,
    /// Read connections to the store (requests beyond wait for one).
    pub read_connections: usize,
    /// Longest time a request may take.
    pub request_timeout: Duration,
}

impl ServeConfig {
    pub fn new(data: PathBuf) -> ServeConfig {
        ServeConfig {
            data,
            token: None,
            max_body_bytes: 16 << 20,
            max_ingest_articles: 1000,
            read_connections: 4,
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub db: Arc<db::Db>,
    pub config: Arc<ServeConfig>,
    pub analyzer: Arc<dyn Analyzer>,
    /// Stories, timelines and search; None in a server built by [`app`] alone, whose
    /// routes for them answer 503.
    pub views: Option<Arc<dyn Views>>,
    /// The open search index and the store generation it was synced at.
    pub index: views::IndexSlot,
    pub metrics: Arc<metrics::Metrics>,
}

/// Builds the whole application without stories, timelines and search (their routes answer
/// 503): API, UI, health, metrics. Opens (and migrates) the store.
pub fn app(config: ServeConfig, analyzer: Arc<dyn Analyzer>) -> Result<Router, ServeError> {
    build(config, analyzer, None)
}

/// Builds the whole application with the binary's [`Views`].
pub fn app_with_views(
    config: ServeConfig,
    analyzer: Arc<dyn Analyzer>,
    views: Arc<dyn Views>,
) -> Result<Router, ServeError> {
    build(config, analyzer, Some(views))
}

fn build(
    config: ServeConfig,
    analyzer: Arc<dyn Analyzer>,
    views: Option<Arc<dyn Views>>,
) -> Result<Router, ServeError> {
    if let Some(token) = &config.token
        && token.chars().count() < MIN_TOKEN_CHARS
    {
        return Err(ServeError::WeakToken(MIN_TOKEN_CHARS));
    }
    let db = db::Db::open(&config.data, config.read_connections.max(1))?;
    let state = AppState {
        db: Arc::new(db),
        config: Arc::new(config.clone()),
        analyzer,
        views,
        index: Arc::default(),
        metrics: Arc::new(metrics::Metrics::default()),
    };
    let router = api::router()
        .merge(ui::router())
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(axum::extract::DefaultBodyLimit::max(config.max_body_bytes))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .with_state(state);
    Ok(router)
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// The OpenAPI document served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = openapi::DOCUMENT;

/// Method and path of every JSON route the router serves (what the OpenAPI document must list).
pub fn api_routes() -> Vec<(String, &'static str)> {
    api::routes().into_iter().map(|r| (r.method.as_str().to_string(), r.path)).collect()
}

/// Largest page size of the API's lists.
pub const MAX_PAGE_SIZE: usize = api::MAX_LIMIT;
