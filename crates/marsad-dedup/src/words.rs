//! A document's words for duplicate and reuse detection.
//!
//! The text (or a document's body regions) is normalised to marsad-text's `Key` form
//! (NFKC, no diacritics or tatweel, alef forms, ى→ي, ة→ه, Persian letters folded, Latin
//! lower case, Eastern digits as ASCII) and tokenised without clitic segmentation; every
//! token that is a word or a number (not punctuation or a symbol) is a word. Each word
//! is kept as a 64-bit xxh3 hash of its `Key` text under a fixed seed, with its range in
//! the original code points.

use std::ops::Range;

use marsad_text::{Form, TokenKind, normalize, normalize_regions, tokenize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Seed of the word hash. Changing it changes every persisted value ([`crate::DEDUP_VERSION`]).
const WORD_SEED: u64 = 0x6d61_7273_6164_0001;
/// Seed of the exact-duplicate key.
const EXACT_SEED: u64 = 0x6d61_7273_6164_0002;

/// The words of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    /// One hash per word, in text order.
    pub hashes: Vec<u64>,
    /// Per word: its range in code points of the original text.
    pub spans: Vec<Range<u32>>,
}

impl Words {
    /// The words of a whole text.
    pub fn of_text(text: &str) -> Words {
        Self::from_normalized(normalize(text, Form::Key))
    }

    /// The words of the byte ranges `body` of `text` (a document's body without its
    /// furniture); spans still count code points of the whole `text`.
    pub fn of_regions(text: &str, body: &[Range<usize>]) -> Words {
        Self::from_normalized(normalize_regions(text, body, Form::Key))
    }

    fn from_normalized(n: marsad_text::Normalized) -> Words {
        let tokens = tokenize(n.text(), None);
        let mut words = Words { hashes: Vec::with_capacity(tokens.len()), spans: Vec::with_capacity(tokens.len()) };
        for t in &tokens {
            if matches!(t.kind, TokenKind::Punct | TokenKind::Symbol) {
                continue;
            }
            let s = t.text(n.text());
            if s.is_empty() {
                continue;
            }
            words.hashes.push(word_hash(s));
            let r = n.original_range(t.char_start as usize..t.char_end as usize);
            words.spans.push(r.start as u32..r.end as u32);
        }
        words
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// No words at all.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Original code-point range of the words `range` (end exclusive, in words).
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end || range.end > self.spans.len() {
            return 0..0;
        }
        self.spans[range.start].start as usize..self.spans[range.end - 1].end as usize
    }
}

/// The stable hash of one word (in `Key` form).
pub fn word_hash(word: &str) -> u64 {
    xxh3_64_with_seed(word.as_bytes(), WORD_SEED)
}

/// A key of the whole word sequence: two documents with the same words in the same
/// order (whatever their punctuation, spacing, diacritics or spelling variants) are exact
/// duplicates and share it.
pub fn exact_key(hashes: &[u64]) -> u64 {
    let mut bytes = Vec::with_capacity(hashes.len() * 8);
    for h in hashes {
        bytes.extend_from_slice(&h.to_le_bytes());
    }
    xxh3_64_with_seed(&bytes, EXACT_SEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_are_the_same_words() {
        let a = Words::of_text("أعلنت الرئاسةُ، وقفَ إطلاق النار!");
        let b = Words::of_text("اعلنت الرئاسه وقف اطلاق النار");
        assert_eq!(a.hashes, b.hashes);
        assert_eq!(exact_key(&a.hashes), exact_key(&b.hashes));
        assert_eq!(a.len(), 5);
    }

    #[test]
    fn spans_are_original_code_points() {
        let text = "«قال» الوزير: ١٥ جنديا";
        let w = Words::of_text(text);
        let chars: Vec<char> = text.chars().collect();
        let got: Vec<String> =
            w.spans.iter().map(|r| chars[r.start as usize..r.end as usize].iter().collect()).collect();
        assert_eq!(got, ["قال", "الوزير", "١٥", "جنديا"]);
        assert_eq!(w.original_range(1..3), 6..16);
    }

    #[test]
    fn regions_keep_whole_text_offsets() {
        let text = "إعلان\nنص الخبر هنا";
        let body = [11..text.len()];
        let w = Words::of_regions(text, &body);
        assert_eq!(w.len(), 3);
        assert_eq!(w.spans[0], 6..8);
    }
}
