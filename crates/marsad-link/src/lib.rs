//! Entity linking (placeholder: being written).
