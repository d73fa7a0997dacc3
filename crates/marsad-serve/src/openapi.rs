//! The OpenAPI 3.1 document of the API, written by hand beside the handlers
//! (`openapi.json`) and tested against the router: every route is documented, every
//! documented path answers, and sample answers match their schemas (`tests/api.rs`).

/// The document, served as is at `/api/v1/openapi.json`.
pub const DOCUMENT: &str = include_str!("openapi.json");
