//! One module per subcommand.

pub mod analyze;
pub mod bench;
pub mod bench_api;
pub mod bench_search;
pub mod documents;
pub mod dups;
pub mod events;
pub mod ingest;
pub mod ner;
pub mod search;
pub mod serve;
pub mod stories;
pub mod text;
pub mod time;
pub mod train;
