//! Which language a text is in, as far as ingest needs to know: Arabic, or another
//! language written in Arabic script (Persian, Urdu), or something else.

use crate::chars::{is_arabic_script, is_letter};

/// The outcome of [`detect_language`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LanguageGuess {
    /// ISO 639-1 code (`ar`, `fa`, `ur`), `latin` for Latin-script text, or `und`.
    pub code: &'static str,
    /// Share of letters that are in Arabic script.
    pub arabic_script_share: f32,
    /// Number of letters seen.
    pub letters: usize,
    /// Number of those in Arabic script.
    pub arabic_letters: usize,
}

impl LanguageGuess {
    /// True for Arabic.
    pub fn is_arabic(&self) -> bool {
        self.code == "ar"
    }
}

const PERSIAN_WORDS: &[&str] = &["است", "این", "که", "را", "از", "می", "های", "برای", "شد", "آن", "یک", "کرد", "ما"];
const URDU_WORDS: &[&str] = &["کے", "کی", "ہے", "میں", "اور", "کو", "سے", "نے", "ہیں", "کا"];

/// Fewer Arabic-script letters than this and the text is too short to call Arabic.
pub const MIN_ARABIC_LETTERS: usize = 10;

/// Guesses the language of `text` (any form; works on the original).
///
/// Arabic script must make up at least 30 % of the letters (an Arabic article quoting
/// English passes). Persian and Urdu are told apart from Arabic by their function words,
/// not their letters, because Arabic typed on a Persian keyboard is full of ی and ک.
pub fn detect_language(text: &str) -> LanguageGuess {
    let (mut arabic, mut latin, mut other) = (0usize, 0usize, 0usize);
    let (mut words, mut with_article, mut persian, mut urdu) = (0usize, 0usize, 0usize, 0usize);
    for word in text.split(|c: char| !is_letter(c)) {
        if word.is_empty() {
            continue;
        }
        let mut word_arabic = 0;
        for c in word.chars() {
            if is_arabic_script(c) {
                arabic += 1;
                word_arabic += 1;
            } else if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
                latin += 1;
            } else {
                other += 1;
            }
        }
        if word_arabic > 0 {
            words += 1;
            if word.starts_with("ال") || word.starts_with("وال") {
                with_article += 1;
            }
            if PERSIAN_WORDS.contains(&word) {
                persian += 1;
            }
            if URDU_WORDS.contains(&word) {
                urdu += 1;
            }
        }
    }
    let letters = arabic + latin + other;
    let share = if letters == 0 { 0.0 } else { arabic as f32 / letters as f32 };
    let code = if arabic < MIN_ARABIC_LETTERS || share < 0.3 {
        if latin > arabic && latin > other { "latin" } else { "und" }
    } else {
        let w = words.max(1) as f32;
        if urdu as f32 / w > 0.05 && urdu >= persian {
            "ur"
        } else if persian as f32 / w > 0.05 && (with_article as f32 / w) < 0.08 {
            "fa"
        } else {
            "ar"
        }
    };
    LanguageGuess { code, arabic_script_share: share, letters, arabic_letters: arabic }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_with_some_english_is_arabic() {
        let g = detect_language("أعلنت شركة Apple عن هاتف جديد في مؤتمر بمدينة كوبرتينو الأمريكية اليوم");
        assert_eq!(g.code, "ar");
    }

    #[test]
    fn english_is_not_arabic() {
        assert_eq!(detect_language("The talks in Geneva ended without an agreement on Friday.").code, "latin");
    }

    #[test]
    fn persian_is_told_apart() {
        let g = detect_language("وزیر امور خارجه ایران گفت که این مذاکرات برای ما بسیار مهم است و از آن حمایت می کنیم");
        assert_eq!(g.code, "fa");
    }

    #[test]
    fn arabic_typed_with_persian_letters_is_arabic() {
        let g = detect_language("قال رئیس الوزراء الأرمینی إن بلاده مستعدة للمفاوضات في موسکو مع الجانب الأذربیجانی");
        assert_eq!(g.code, "ar");
    }

    #[test]
    fn too_short_is_undetermined() {
        assert_eq!(detect_language("نعم").code, "und");
        assert_eq!(detect_language("").code, "und");
    }
}
