//! Named-entity recognition.
//!
//! - [`labels`]: the BIO label set and spans (conlleval semantics).
//! - [`conll`]: reading `token<TAB>tag` files.
//! - [`eval`]: entity-level precision, recall and F1.
//! - [`features`]: what the tagger sees of each word.
//! - [`clusters`]: distributional word clusters learned from unlabelled news.
//! - [`corpus_labels`]: what the first pass says of each word across the news corpus.
//! - [`hashing`]: the fast seeded hasher of the tagger's look-up tables.
//! - [`perceptron`]: the averaged structured perceptron and Viterbi decoding.
//! - [`model`]: the model file.
//! - [`rules`]: checks of the tagged spans against the gazetteer and the lexicon.
//! - [`mentions`]: tagging a document's text layer into entity mentions.

pub mod clusters;
pub mod conll;
pub mod corpus_labels;
pub mod eval;
pub mod features;
pub mod hashing;
pub mod labels;
pub mod mentions;
pub mod model;
pub mod perceptron;
pub mod rules;

pub use labels::{Label, Span};
pub use mentions::{Mention, find_mentions};
pub use model::NerModel;
pub use rules::{RuleSet, RuleWord, SpanRules};
