//! The Arabic analyser of the index: marsad's own text layer, not tantivy's.
//!
//! A text is normalised (`Form::Clean`) and tokenised with clitic segmentation from the
//! shipped lexicon; each word gives two terms at the same position:
//!
//! - the **stem term**: the word without its clitics, in `Form::Key` spelling (alef
//!   forms, ى/ي, ة/ه, diacritics, tatweel and Persian letters folded), so وموسكو,
//!   لموسكو and موسكو all give موسكو; a ta marbuta written ت before a pronoun folds back
//!   (حكومته gives حكومه, as الحكومة does);
//! - the **light term**: the stem term without an article the segmenter left on and
//!   with one inflectional ending off when four letters remain (فرنسية, الفرنسي → فرنس; عملات stays, not عمل "work"), in a field of its own with a lower weight — recall without the
//!   errors of a root stemmer (tantivy's Snowball Arabic turns فرنسية into رنس).
//!
//! Segmentation is a function of the word alone, so a query word is analysed exactly as
//! the same word in a document. Punctuation and symbols give no term.

use std::ops::Range;

use marsad_text::normalize::{Normalized, clean_to_key, normalize, normalize_regions};
use marsad_text::{Form, Lexicon, Token, TokenKind, tokenize};
use tantivy::tokenizer::{PreTokenizedStream, PreTokenizedString, Token as TToken, Tokenizer};

/// One word of an analysed text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// The stem term (clitics off, `Form::Key`).
    pub stem: String,
    /// The light term (the stem with one inflectional ending off).
    pub light: String,
    /// Position among the words of the text (punctuation does not count).
    pub position: u32,
    /// The stem's range in code points of the original text.
    pub start: usize,
    pub end: usize,
}

/// Fewest letters a light term keeps after its ending is cut.
const MIN_LIGHT_CHARS: usize = 4;
/// Endings a light term loses (one of them, longest first): dual and plural endings,
/// feminine and nisba endings, the pronoun ه — the light stemmer's, with a longer
/// minimum stem.
const LIGHT_SUFFIXES: &[&str] = &["يين", "يون", "ات", "ون", "ين", "ان", "يه", "ه", "ي"];

/// Whether a token makes a term.
fn is_word(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Arabic | TokenKind::Latin | TokenKind::Number | TokenKind::Other)
}

/// The stem and light terms of one token of `text` (the normalised text it came from);
/// `None` for a token that is all clitics.
pub fn token_terms(token: &Token, text: &str) -> Option<(String, String)> {
    let mut stem = clean_to_key(token.stem(text));
    if stem.is_empty() {
        return None;
    }
    if token.kind != TokenKind::Arabic {
        return Some((stem.clone(), stem));
    }
    if token.seg.suffix > 0 && stem.ends_with('ت') {
        stem.pop();
        stem.push('ه');
    }
    // The light term also loses an article the segmenter left on (a word it does not
    // know, or one it keeps whole: الأرميني), when three letters remain.
    let bare = match stem.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 3 => rest,
        _ => stem.as_str(),
    };
    // One ending off, the longest that leaves four letters: عملات must not become عمل
    // ("work"); صحفيين gives صحفي like صحفيون and صحفي.
    let light = LIGHT_SUFFIXES
        .iter()
        .find_map(|s| bare.strip_suffix(s).filter(|rest| rest.chars().count() >= MIN_LIGHT_CHARS))
        .unwrap_or(bare)
        .to_string();
    Some((stem, light))
}

/// Analyses the byte ranges `regions` of `text` (a document's body); `None` analyses all
/// of it. Offsets are code points of `text`.
pub fn analyze(text: &str, regions: Option<&[Range<usize>]>) -> Vec<Term> {
    let norm = match regions {
        Some(r) => normalize_regions(text, r, Form::Clean),
        None => normalize(text, Form::Clean),
    };
    analyze_normalized(&norm)
}

/// [`analyze`] of text already normalised to `Form::Clean`.
pub fn analyze_normalized(norm: &Normalized) -> Vec<Term> {
    let tokens = tokenize(norm.text(), Some(Lexicon::builtin()));
    let mut out = Vec::with_capacity(tokens.len());
    let mut position = 0u32;
    for token in tokens.iter().filter(|t| is_word(t.kind)) {
        let Some((stem, light)) = token_terms(token, norm.text()) else { continue };
        let range = norm.original_range(token.stem_chars());
        out.push(Term { stem, light, position, start: range.start, end: range.end });
        position += 1;
    }
    out
}

/// Separates the title from the body in the text handed to [`IndexTokenizer`].
pub const TITLE_SEPARATOR: char = '\u{1e}';
/// Positions between the title's words and the body's (no phrase spans them).
pub const TITLE_GAP: u32 = 16;

/// The analyser as a tantivy tokenizer, run by tantivy's indexing threads: `title` +
/// [`TITLE_SEPARATOR`] + `body` in, stem terms (or light terms) out. Offsets are not
/// recorded (snippets find their own).
#[derive(Clone, Copy, Debug)]
pub struct IndexTokenizer {
    /// Emit light terms instead of stem terms.
    pub light: bool,
}

impl IndexTokenizer {
    pub const STEM_NAME: &'static str = "marsad_stem";
    pub const LIGHT_NAME: &'static str = "marsad_light";
}

impl Tokenizer for IndexTokenizer {
    type TokenStream<'a> = PreTokenizedStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreTokenizedStream {
        let (title, body) = text.split_once(TITLE_SEPARATOR).unwrap_or(("", text));
        let mut tokens = Vec::new();
        let mut offset = 0;
        for part in [title, body] {
            let terms = analyze(part, None);
            let next = terms.last().map_or(offset, |t| offset + t.position + 1 + TITLE_GAP);
            tokens.extend(terms.into_iter().map(|t| TToken {
                offset_from: 0,
                offset_to: 0,
                position: (t.position + offset) as usize,
                text: if self.light { t.light } else { t.stem },
                position_length: 1,
            }));
            offset = next;
        }
        PreTokenizedStream::from(PreTokenizedString { text: String::new(), tokens })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        analyze(text, None).into_iter().map(|t| t.stem).collect()
    }

    #[test]
    fn clitics_and_spellings_fold() {
        assert_eq!(stems("وموسكو"), stems("لموسكو"));
        assert_eq!(stems("موسكو"), stems("لموسكو"));
        assert_eq!(stems("قرة"), stems("قره"));
        assert_eq!(stems("أرمينيا"), stems("ارمينيا"));
        assert_eq!(stems("أرمینیا"), stems("أرمينيا"), "Persian ya");
        assert_eq!(stems("مُوسْكُو"), stems("موسكو"), "diacritics");
        assert_eq!(stems("موســكو"), stems("موسكو"), "tatweel");
        assert_eq!(stems("مستشفى"), stems("مستشفي"));
    }

    #[test]
    fn offsets_are_code_points_of_the_original() {
        let text = "قال: «وموسكو» ترفض.";
        let terms = analyze(text, None);
        let chars: Vec<char> = text.chars().collect();
        let moscow = terms.iter().find(|t| t.stem == "موسكو").unwrap();
        assert_eq!(chars[moscow.start..moscow.end].iter().collect::<String>(), "موسكو");
        assert_eq!(terms.iter().map(|t| t.position).collect::<Vec<_>>(), vec![0, 1, 2]);
    }

    #[test]
    fn light_terms_keep_four_letters() {
        // Regression: عملات (currencies) lost ات and met عمل (work).
        assert_ne!(analyze("العملات", None)[0].light, analyze("عمل", None)[0].light);
        assert_eq!(analyze("صحفيين", None)[0].light, analyze("الصحفي", None)[0].light);
        assert_eq!(analyze("الفرنسية", None)[0].light, analyze("فرنسي", None)[0].light);
    }

    #[test]
    fn pronoun_after_ta_marbuta() {
        let a = analyze("حكومته", None);
        let b = analyze("الحكومة", None);
        assert_eq!(a[0].stem, b[0].stem);
    }
}
