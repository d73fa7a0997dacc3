//! The Arabic text layer of marsad: everything that turns a string into normalised
//! text, sentences and tokens, with no I/O.
//!
//! - [`normalize`]: NFKC plus Arabic foldings, in two forms ([`Form::Clean`] for
//!   analysis, [`Form::Key`] for matching), with a map from every output character
//!   back to the original code points.
//! - [`tokens`]: tokenisation with clitic segmentation ([`clitics`]), driven by a
//!   word-frequency [`Lexicon`] learned from news and shipped with the crate.
//! - [`sentences`]: sentence splitting that respects Arabic punctuation and quotations.
//! - [`stem`]: a light stemmer for matching; [`translit`]: Buckwalter and readable Latin.
//! - [`lang`]: is this text Arabic?
//! - [`numbers`]: numbers in digits and words, ordinals, fractions, vague quantities.
//!
//! [`TextLayer`] runs the first three together over a document.

pub mod chars;
pub mod clitics;
pub mod lang;
pub mod normalize;
pub mod numbers;
pub mod sentences;
pub mod stem;
pub mod tokens;
pub mod translit;

use std::ops::Range;

pub use clitics::{Lexicon, Segmentation};
pub use lang::{LanguageGuess, detect_language};
pub use normalize::{Form, Normalized, normalize, normalize_regions, normalize_regions_str, normalize_str};
pub use numbers::{NumberKind, NumberMatch, digits_value, find_numbers, word_value};
pub use sentences::{Sentence, quotation_ranges, split_sentences};
pub use stem::light_stem;
pub use tokens::{PunctRole, Token, TokenKind, tokenize};
pub use translit::{from_buckwalter, to_buckwalter, to_latin};

/// Errors of the text layer.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// A lexicon file could not be read.
    #[error("lexicon: {0}")]
    Lexicon(String),
}

/// A text normalised (`Form::Clean`), tokenised and split into sentences, with every
/// position mappable back to the original.
#[derive(Clone, Debug, Default)]
pub struct TextLayer {
    pub normalized: Normalized,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// The [`Lexicon::stamp`] of the lexicon that tokenised the text (0 for none): the
    /// tokens' hot ranks ([`Token::hot`]) are read against that lexicon only.
    pub lexicon: u64,
}

impl TextLayer {
    /// Analyses a whole text with the shipped lexicon.
    pub fn new(text: &str) -> TextLayer {
        Self::build(normalize(text, Form::Clean), Some(Lexicon::builtin()))
    }

    /// Analyses the byte ranges `regions` of `text` (a document body without its page
    /// furniture); offsets still refer to the whole of `text`.
    pub fn from_regions(text: &str, regions: &[Range<usize>]) -> TextLayer {
        Self::build(normalize_regions(text, regions, Form::Clean), Some(Lexicon::builtin()))
    }

    /// Tokenises and splits already normalised text, with the given lexicon (or none,
    /// for no clitic segmentation).
    pub fn build(normalized: Normalized, lexicon: Option<&Lexicon>) -> TextLayer {
        let tokens = tokenize(normalized.text(), lexicon);
        let sentences = split_sentences(normalized.text(), &tokens);
        TextLayer { normalized, tokens, sentences, lexicon: lexicon.map_or(0, Lexicon::stamp) }
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        self.normalized.text()
    }

    /// A token's normalised text.
    pub fn token_text(&self, token: &Token) -> &str {
        token.text(self.normalized.text())
    }

    /// A token's range in original code points.
    pub fn token_original(&self, token: &Token) -> Range<usize> {
        self.normalized.original_range(token.char_start as usize..token.char_end as usize)
    }

    /// The range, in original code points, of a token without its clitics
    /// (وموسكو → the span of موسكو).
    pub fn stem_original(&self, token: &Token) -> Range<usize> {
        self.normalized.original_range(token.stem_chars())
    }

    /// A sentence's range in original code points.
    pub fn sentence_original(&self, sentence: &Sentence) -> Range<usize> {
        self.normalized.original_range(sentence.char_start as usize..sentence.char_end as usize)
    }

    /// The tokens of a sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.tokens.start as usize..sentence.tokens.end as usize]
    }
}
