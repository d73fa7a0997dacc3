//! A light stemmer for matching: clitics (from the lexicon-driven segmentation) and the
//! commonest inflectional endings off, nothing that needs a root — so فرنسية and
//! الفرنسي both give فرنس, and never the رنس of an aggressive root stemmer.
//!
//! The result is in `Form::Key` spelling, so it can be compared directly.

use crate::chars::is_arabic_letter;
use crate::clitics::Lexicon;
use crate::normalize::key_fold_char;

/// Suffixes removed once, longest first: dual and plural endings, feminine and nisba
/// endings, and the pronoun ه (the other pronouns are clitics the segmenter removes).
const SUFFIXES: &[&str] = &["يين", "يون", "ات", "ون", "ين", "ان", "يه", "ه", "ي"];

/// The light stem of an Arabic word in `Form::Clean`: its clitics removed as
/// `lexicon` segments it, folded to `Form::Key`, then one ending removed, keeping at
/// least three letters. Words that are not Arabic come back key-folded.
pub fn light_stem(clean_word: &str, lexicon: &Lexicon) -> String {
    if !clean_word.chars().next().is_some_and(is_arabic_letter) {
        return clean_word.chars().map(key_fold_char).collect();
    }
    let seg = lexicon.segment(clean_word);
    let n = clean_word.chars().count();
    let stem_chars = n.saturating_sub(seg.prefix as usize + seg.suffix as usize);
    let mut stem: String = clean_word.chars().skip(seg.prefix as usize).take(stem_chars).map(key_fold_char).collect();
    // حكومته = حكومة + ه: the ta marbuta written ت before a pronoun folds back.
    if seg.suffix > 0 && stem.ends_with('ت') {
        stem.pop();
        stem.push('ه');
    }
    let cut = strip_suffix(&stem).len();
    stem.truncate(cut);
    stem
}

/// Removes one inflectional ending from a `Form::Key` stem whose clitics are already
/// off, keeping at least three letters.
pub fn strip_suffix(stem: &str) -> &str {
    for s in SUFFIXES {
        if let Some(rest) = stem.strip_suffix(s)
            && rest.chars().count() >= 3
        {
            return rest;
        }
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::from_counts([
            ("فرنسية", 500),
            ("فرنسي", 400),
            ("مفاوضات", 300),
            ("وزارة", 5000),
            ("حكومة", 900),
            ("لاجئين", 200),
        ])
    }

    #[test]
    fn variants_share_a_stem() {
        let lex = lex();
        for w in ["الفرنسية", "فرنسي", "والفرنسيين"] {
            assert_eq!(light_stem(w, &lex), "فرنس", "{w}");
        }
        assert_eq!(light_stem("والمفاوضات", &lex), "مفاوض");
        assert_eq!(light_stem("للاجئين", &lex), "لاجئ");
    }

    #[test]
    fn ta_marbuta_before_a_pronoun() {
        let lex = lex();
        assert_eq!(light_stem("حكومته", &lex), light_stem("الحكومة", &lex));
        assert_eq!(light_stem("وزارة", &lex), light_stem("الوزارة", &lex));
    }

    #[test]
    fn non_arabic_is_key_folded() {
        assert_eq!(light_stem("Paris", &lex()), "paris");
    }
}
