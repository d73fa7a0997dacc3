//! Transliteration to Latin: Buckwalter (exact, reversible) and a readable scheme for
//! display and for matching names against Latin gazetteers.

use crate::chars::is_arabic_letter;

/// Buckwalter pairs: Arabic letters and marks, with the usual extensions for the
/// Persian letters of foreign names.
const BUCKWALTER: &[(char, char)] = &[
    ('ء', '\''),
    ('آ', '|'),
    ('أ', '>'),
    ('ؤ', '&'),
    ('إ', '<'),
    ('ئ', '}'),
    ('ا', 'A'),
    ('ب', 'b'),
    ('ة', 'p'),
    ('ت', 't'),
    ('ث', 'v'),
    ('ج', 'j'),
    ('ح', 'H'),
    ('خ', 'x'),
    ('د', 'd'),
    ('ذ', '*'),
    ('ر', 'r'),
    ('ز', 'z'),
    ('س', 's'),
    ('ش', '$'),
    ('ص', 'S'),
    ('ض', 'D'),
    ('ط', 'T'),
    ('ظ', 'Z'),
    ('ع', 'E'),
    ('غ', 'g'),
    ('ـ', '_'),
    ('ف', 'f'),
    ('ق', 'q'),
    ('ك', 'k'),
    ('ل', 'l'),
    ('م', 'm'),
    ('ن', 'n'),
    ('ه', 'h'),
    ('و', 'w'),
    ('ى', 'Y'),
    ('ي', 'y'),
    ('ً', 'F'),
    ('ٌ', 'N'),
    ('ٍ', 'K'),
    ('َ', 'a'),
    ('ُ', 'u'),
    ('ِ', 'i'),
    ('ّ', '~'),
    ('ْ', 'o'),
    ('ٰ', '`'),
    ('ٱ', '{'),
    ('پ', 'P'),
    ('چ', 'J'),
    ('ڤ', 'V'),
    ('گ', 'G'),
];

/// Buckwalter transliteration. Characters outside the table pass through unchanged,
/// so only Arabic text round-trips exactly through [`from_buckwalter`].
pub fn to_buckwalter(text: &str) -> String {
    text.chars().map(|c| BUCKWALTER.iter().find(|&&(a, _)| a == c).map_or(c, |&(_, b)| b)).collect()
}

/// The inverse of [`to_buckwalter`] for text made only of table characters.
pub fn from_buckwalter(text: &str) -> String {
    text.chars().map(|c| BUCKWALTER.iter().find(|&&(_, b)| b == c).map_or(c, |&(a, _)| a)).collect()
}

fn consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' | 'پ' => "b",
        'ت' | 'ط' => "t",
        'ث' => "th",
        'ج' => "j",
        'چ' => "ch",
        'ح' | 'ه' => "h",
        'خ' => "kh",
        'د' | 'ض' => "d",
        'ذ' | 'ظ' => "dh",
        'ر' => "r",
        'ز' | 'ژ' => "z",
        'س' | 'ص' => "s",
        'ش' => "sh",
        'غ' => "gh",
        'ف' => "f",
        'ڤ' => "v",
        'ق' => "q",
        'ك' => "k",
        'گ' => "g",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        _ => return None,
    })
}

fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'و' | 'ي' | 'ى' | 'ة')
}

/// A readable Latin transliteration of one Arabic word in `Form::Clean`: long vowels
/// and glides from و and ي by position, `a` for ا ة ى, `al-` for the article, `'` for
/// hamza and ع inside a word. Short vowels are not written in Arabic, so none are
/// invented except an `a` that keeps three consonants from piling up.
fn latin_word(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    if chars.len() > 3 && chars[0] == 'ا' && chars[1] == 'ل' {
        out.push_str("al-");
        i = 2;
    }
    let body_start = i;
    // Three consonants at the start of a word: an Arabic word cannot begin with a
    // cluster, so a vowel goes after the first (محمد → Mahmad, قره → Qarah).
    let onset_vowel =
        chars.len() >= body_start + 3 && chars[body_start..body_start + 3].iter().all(|&c| consonant(c).is_some());
    let mut run = 0; // consonants written in a row
    while i < chars.len() {
        let c = chars[i];
        let prev = if i > body_start { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        let at_start = i == body_start;
        let piece: &str = match c {
            'ا' | 'آ' | 'ٱ' | 'ى' | 'ة' => "a",
            'أ' => {
                if at_start {
                    "a"
                } else {
                    "'"
                }
            }
            'إ' => "i",
            'ء' | 'ؤ' | 'ئ' => "'",
            'ع' => {
                if at_start {
                    "a"
                } else {
                    "'"
                }
            }
            'و' => {
                if at_start || next.is_some_and(is_vowel_letter) || prev.is_some_and(|p| matches!(p, 'ا' | 'و' | 'ي'))
                {
                    "w"
                } else {
                    "u"
                }
            }
            'ي' => {
                if at_start || next.is_some_and(is_vowel_letter) || prev.is_some_and(|p| matches!(p, 'ا' | 'و' | 'ي'))
                {
                    "y"
                } else {
                    "i"
                }
            }
            'ه' if next.is_none() && prev.is_some_and(|p| consonant(p).is_some()) => "ah",
            _ => consonant(c).unwrap_or(""),
        };
        let is_cons = (consonant(c).is_some() && piece != "ah") || matches!(piece, "w" | "y");
        if is_cons {
            if run >= 2 {
                out.push('a');
                run = 0;
            }
            run += 1;
        } else {
            run = 0;
        }
        out.push_str(piece);
        if at_start && onset_vowel {
            out.push('a');
            run = 0;
        }
        i += 1;
    }
    out
}

/// Readable Latin for display and fuzzy matching: each Arabic word transliterated and
/// capitalised (`فلاديمير بوتين` → `Fladimir Butin`), other characters kept.
pub fn to_latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let latin = latin_word(word);
        // Capitalise the name, after the article when there is one (al-Karmalin).
        let rest = match latin.strip_prefix("al-") {
            Some(rest) => {
                out.push_str("al-");
                rest
            }
            None => latin.as_str(),
        };
        let mut chars = rest.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
        word.clear();
    };
    for c in text.chars() {
        if is_arabic_letter(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckwalter_round_trips() {
        let s = "قَرْيَةٌ مُؤْتَمَرٌ إِلَى";
        assert_eq!(to_buckwalter(s), "qaroyapN mu&otamarN <ilaY");
        assert_eq!(from_buckwalter(&to_buckwalter(s)), s);
    }

    #[test]
    fn readable_names() {
        assert_eq!(to_latin("فلاديمير بوتين"), "Fladimir Butin");
        assert_eq!(to_latin("باشينيان"), "Bashinyan");
        assert_eq!(to_latin("ماكرون"), "Makrun");
        assert_eq!(to_latin("الكرملين"), "al-Karmalin");
        assert_eq!(to_latin("قره باغ"), "Qarah Bagh");
        assert_eq!(to_latin("محمد"), "Mahmad");
        assert_eq!(to_latin("أحمد"), "Ahmad");
    }
}
