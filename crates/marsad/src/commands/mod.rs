//! One module per subcommand.

pub mod analyze;
pub mod bench;
pub mod bench_search;
pub mod documents;
pub mod ingest;
pub mod ner;
pub mod search;
pub mod text;
pub mod time;
pub mod train;
