//! marsad's extractors. For now: the named-entity tagger ([`ner`]), an averaged
//! structured perceptron over BIO labels with features built for Arabic (clitic-stripped
//! and spelling-folded forms, affixes, word clusters learned from unlabelled news,
//! gazetteer membership, context), its training, its model file, and conlleval-style
//! evaluation. No I/O: models and training data come in as bytes and strings.

pub mod ner;

/// Errors of the extractors.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A CoNLL file line that cannot be read.
    #[error("{source_name}:{line}: {message}")]
    Conll { source_name: String, line: usize, message: String },
    /// A model file that cannot be read.
    #[error("model: {0}")]
    Model(String),
}
