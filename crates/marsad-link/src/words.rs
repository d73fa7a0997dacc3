//! What the news lexicon says about a word that looks like a name.

use marsad_text::Lexicon;

/// A stem is a common word when news writes it both with and without the article,
/// each at least this often…
const COMMON_MIN_COUNT: u32 = 50;
/// …and the rarer form at least this share of the commoner. Names take one form:
/// موسكو never has the article, العراق rarely goes without it, while a common noun or
/// adjective takes both (وساطة/الوساطة، ليل/الليل، حزب/الحزب، معلم/المعلم).
const COMMON_MIN_RATIO: f64 = 0.3;

/// Whether `stem` (`Form::Clean`, without clitics and without the article) is a common
/// noun or adjective of news rather than a name.
pub fn common_word(lexicon: &Lexicon, stem: &str) -> bool {
    common_word_at(lexicon, stem, COMMON_MIN_RATIO)
}

/// [`common_word`] with another share for the rarer form: lower finds more common
/// words (and takes more names for them).
pub fn common_word_at(lexicon: &Lexicon, stem: &str, min_ratio: f64) -> bool {
    if stem.chars().count() < 2 {
        return false;
    }
    let bare = lexicon.count(stem);
    let definite = lexicon.count(&format!("ال{stem}"));
    let (low, high) = (bare.min(definite), bare.max(definite));
    low >= COMMON_MIN_COUNT && low as f64 >= min_ratio * high as f64
}

/// The word without a leading article (when at least three letters remain).
pub fn without_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 3 => rest,
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_take_both_forms() {
        let lex = Lexicon::from_counts([
            ("وساطة", 120),
            ("الوساطة", 130),
            ("موسكو", 3000),
            ("العراق", 5800),
            ("عراق", 30),
            ("ليل", 10),
            ("الليل", 9),
        ]);
        assert!(common_word(&lex, "وساطة"));
        assert!(!common_word(&lex, "موسكو"));
        assert!(!common_word(&lex, "عراق"));
        // Too rare to tell.
        assert!(!common_word(&lex, "ليل"));
        assert!(!common_word(&lex, "و"));
        assert_eq!(without_article("المعلم"), "معلم");
        assert_eq!(without_article("الله"), "الله");
    }
}
