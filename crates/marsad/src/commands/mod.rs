//! One module per subcommand.

pub mod analyze;
pub mod bench;
pub mod documents;
pub mod ingest;
pub mod text;
pub mod train;
