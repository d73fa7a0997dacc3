//! Extractors (being written).
