//! Spelling-insensitive matching keys for Arabic names.
//!
//! [`name_key`] maps every spelling news uses for one name to the same string, while
//! keeping distinct common names apart. It works word by word on the `Form::Key`
//! normalisation (alef forms, ى/ي, ة/ه, Persian ی ک گ, diacritics and tatweel already
//! folded):
//!
//! 1. Words are runs of letters and digits; everything else separates them. عبد and
//!    أبو are joined to the next word (عبد الله = عبدالله, أبو ظبي = أبوظبي).
//! 2. A leading ال is dropped when three letters remain (الأردن = أردن); hamza on a
//!    seat or on the line (ء ؤ ئ) is one letter; a run of one letter is one letter
//!    (ناغوررني = ناغورني, علييف = عليف).
//! 3. The word's *skeleton* is counted: its consonants, with و and ي counted when they
//!    are glides (at the start, or next to another long vowel or a final ه) and not when
//!    they sit between two consonants as long vowels; a final ا و ي is not counted.
//!    Most native Arabic names have at most three consonants (root shapes: حسين، ناصر،
//!    جمال); transliterated foreign names have more. The foreign-name foldings apply by
//!    skeleton size, so they never touch the short native names where they would merge
//!    different people:
//!    - **four or more consonants**: the letters written for *g* (غ ج ك ق) are one
//!      letter; a long ا inside the word is dropped (كاراباخ = كراباخ); a final و or
//!      ي is one letter (ناغورني = ناغورنو = ناجورنو). A final ا stays apart, so a
//!      place and its adjective do not meet (أوروبا/أوروبي، أمريكا/أمريكي).
//!    - **five or more**: the long vowels و ي between consonants are dropped too
//!      (باشينيان = باشنيان, زيلينسكي = زيلنسكي).
//!
//! Kept apart on purpose: محمد/محمود, حسن/حسين, سلمان/سليمان, ناصر/نصر, علي/عالية,
//! جمال/كمال. Known costs: a short foreign name spelled with a different g-letter or
//! vowel (غانا/جانا, ميركل/ميركيل) gets two keys, so the gazetteer lists both; the
//! key is a matching device and is never shown.
//!
//! Non-Arabic words (Latin acronyms, digits) are kept in lower case.

use marsad_text::normalize::{Form, normalize_str};

/// The version of [`name_key`]. The shipped gazetteer stores word keys and names the
/// version it was built with; change this number whenever `name_key` gives different
/// keys, and rebuild the gazetteer.
pub const KEY_VERSION: u32 = 1;

/// The letters written for a foreign *g* (and, in long words, treated as one).
fn is_g(c: char) -> bool {
    matches!(c, 'غ' | 'ج' | 'ك' | 'ق')
}

fn is_long_vowel(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي')
}

fn is_arabic(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06D3}').contains(&c)
}

/// A letter or digit, tatweel aside. Arabic letters are checked by range first: the
/// general Unicode table is slow for them, and names are mostly Arabic letters.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if is_arabic(c) {
        c != 'ـ'
    } else {
        c.is_alphanumeric()
    }
}

/// A spelling-insensitive key for a (multi-word) name; see the module documentation.
/// Words are separated by one space; a name with no letter or digit gives "".
pub fn name_key(text: &str) -> String {
    let norm = normalize_str(text, Form::Key);
    let mut words = norm.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).peekable();
    let mut out = String::with_capacity(norm.len());
    let mut buf: Vec<char> = Vec::with_capacity(32);
    let mut w: Vec<char> = Vec::with_capacity(32);
    while let Some(first) = words.next() {
        buf.clear();
        buf.extend(first.chars());
        let mut last = first;
        // عبد الله, أبو ظبي: the first part belongs to the next word.
        while (last == "عبد" || last == "ابو")
            && let Some(next) = words.next_if(|n| n.chars().next().is_some_and(is_arabic))
        {
            buf.extend(next.chars());
            last = next;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        key_word(&buf, &mut w, &mut out);
    }
    out
}

/// Keys of a multi-word name read with inner long alefs dropped from some of its short
/// words (قاره باغ → قره باغ), which [`name_key`] keeps there (حسان and حسن are two
/// names). Every choice of such words but none, up to four of them; empty for a name of
/// one word. For places and organisations whose other words already say which name it
/// is, not for people.
pub fn loose_keys(name: &str) -> Vec<String> {
    const MAX_LOOSE_WORDS: usize = 4;
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let keys: Vec<String> = words.iter().map(|w| name_key(w)).collect();
    let loosened: Vec<Option<String>> = words.iter().map(|w| loosened_key(w)).collect();
    let loose: Vec<usize> = (0..words.len()).filter(|&k| loosened[k].is_some()).take(MAX_LOOSE_WORDS).collect();
    (1u32..(1 << loose.len()))
        .map(|choice| {
            let parts: Vec<&str> = (0..words.len())
                .map(|k| match loose.iter().position(|&x| x == k) {
                    Some(bit) if choice & (1 << bit) != 0 => loosened[k].as_deref().unwrap_or(&keys[k]),
                    _ => &keys[k],
                })
                .collect();
            parts.join(" ")
        })
        .collect()
}

/// The key of one word without its inner long alefs, when that differs from its
/// [`name_key`] (a short word: longer ones lose them in the key anyway). Words with no
/// inner alef, most of them, are not keyed at all.
pub fn loosened_key(word: &str) -> Option<String> {
    let n = word.chars().count();
    if !word.chars().enumerate().any(|(i, c)| c == 'ا' && i > 0 && i + 1 < n) {
        return None;
    }
    let dropped: String =
        word.chars().enumerate().filter(|&(i, c)| c != 'ا' || i == 0 || i + 1 == n).map(|(_, c)| c).collect();
    let dropped = name_key(&dropped);
    (!dropped.is_empty() && dropped != name_key(word)).then_some(dropped)
}

/// Role of letter `i` of a word: a consonant (or glide), a long vowel inside the word,
/// or a final long vowel.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Consonant,
    Vowel,
    Final,
}

fn role(w: &[char], i: usize) -> Role {
    let c = w[i];
    if i == 0 || !is_long_vowel(c) {
        Role::Consonant
    } else if i == w.len() - 1 {
        Role::Final
    } else if c == 'ا' {
        Role::Vowel
    } else {
        let (prev, next) = (w[i - 1], w[i + 1]);
        let glide = is_long_vowel(prev) || is_long_vowel(next) || (next == 'ه' && i + 2 == w.len());
        if glide { Role::Consonant } else { Role::Vowel }
    }
}

/// Consonants (and glides) of a word without its article, a final ه not counted.
fn skeleton(w: &[char]) -> usize {
    let n = w.len();
    (0..n).filter(|&i| role(w, i) == Role::Consonant && !(i == n - 1 && w[i] == 'ه')).count()
}

/// Whether one name word can stand for a family on its own: a surname with the
/// article (السيسي) or one of four consonants or more (ماكرون، أردوغان; mostly
/// transliterated). Most native given names have three (طارق، حسن، عباس) and are
/// shared by too many people; the longer ones (محمد، مصطفى) are for the caller to rule
/// out ([`crate::Gazetteer::person_by_surname`] checks given names).
pub fn distinctive_surname(word: &str) -> bool {
    let norm = normalize_str(word, Form::Key);
    let w: Vec<char> = norm.chars().filter(|c| is_arabic(*c)).collect();
    if w.len() >= 5 && w[0] == 'ا' && w[1] == 'ل' {
        return true;
    }
    let mut letters: Vec<char> = Vec::with_capacity(w.len());
    for c in w {
        let c = if matches!(c, 'ؤ' | 'ئ') { 'ء' } else { c };
        if letters.last() != Some(&c) {
            letters.push(c);
        }
    }
    !letters.is_empty() && skeleton(&letters) >= 4
}

/// The key of one word (letters in `buf`, already in `Form::Key`), appended to `out`;
/// `w` is scratch space.
fn key_word(buf: &[char], w: &mut Vec<char>, out: &mut String) {
    if !buf.iter().any(|&c| is_arabic(c)) {
        out.extend(buf.iter());
        return;
    }
    // Article, hamza seats, doubled letters.
    let start = if buf.len() >= 5 && buf[0] == 'ا' && buf[1] == 'ل' { 2 } else { 0 };
    w.clear();
    for &c in &buf[start..] {
        let c = if matches!(c, 'ؤ' | 'ئ') { 'ء' } else { c };
        if w.last() != Some(&c) {
            w.push(c);
        }
    }
    let n = w.len();
    let skeleton = skeleton(w);
    let long = skeleton >= 4;
    let very_long = skeleton >= 5;
    for i in 0..n {
        let c = w[i];
        match role(w, i) {
            Role::Consonant => out.push(if long && is_g(c) { 'غ' } else { c }),
            Role::Vowel => {
                let drop = if c == 'ا' { long } else { very_long };
                if !drop {
                    out.push(c);
                }
            }
            Role::Final => out.push(if long && c == 'و' { 'ي' } else { c }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(name_key(a), name_key(b), "{a} / {b}");
    }

    fn differ(a: &str, b: &str) {
        assert_ne!(name_key(a), name_key(b), "{a} / {b}");
    }

    #[test]
    fn orthographic_variants_share_a_key() {
        same("قره باغ", "قرة باغ");
        same("موسى", "موسي");
        same("أرمينيا", "ارمينيا");
        same("أرمينيا", "أرمینیا");
        same("إيران", "ايران");
        same("كردستان", "کردستان");
        same("الأردن", "أردن");
        same("بُوتِين", "بوتين");
        same("عبد الله", "عبدالله");
        same("أبو ظبي", "أبوظبي");
        same("إسرائيل", "اسرائيل");
        same("علييف", "عليف");
        same("ناغوررني", "ناغورني");
        same("مولدوڤا", "مولدوفا");
        same("  فلاديمير   بوتين ", "فلاديمير بوتين");
        same("غـزة", "غزة");
    }

    #[test]
    fn transliteration_variants_share_a_key() {
        same("باشينيان", "باشنيان");
        same("ناغورني", "ناغورنو");
        same("ناغورني", "ناجورنو");
        same("ناغورنو قره باغ", "ناجورنو قرة باغ");
        same("كاراباخ", "كراباخ");
        same("زيلينسكي", "زيلنسكي");
        same("أردوغان", "أردوجان");
        same("أردوغان", "اردغان");
        same("ترامب", "ترمب");
        same("غوتيريش", "جوتيريش");
        same("نتنياهو", "نتانياهو");
    }

    #[test]
    fn loose_keys_drop_inner_alefs_of_short_words() {
        let keys = loose_keys("ناغورني قاره باغ");
        assert!(keys.contains(&name_key("ناغورني قره باغ")), "{keys:?}");
        assert!(!keys.contains(&name_key("ناغورني قاره باغ")));
        assert_eq!(keys.len(), 3, "قاره and باغ, alone or both: {keys:?}");
        assert!(loose_keys("قاره").is_empty());
        // Long words lose the alef in the key already; nothing to try there.
        assert_eq!(loose_keys("مرتفعات الجولان"), vec![name_key("مرتفعات الجولن")]);
        assert!(loose_keys("مجموعة مينسك").is_empty());
    }

    #[test]
    fn distinct_names_stay_apart() {
        for (a, b) in [
            ("محمد", "أحمد"),
            ("محمد", "محمود"),
            ("حسن", "حسين"),
            ("علي", "عالية"),
            ("علي", "عالي"),
            ("سلمان", "سليمان"),
            ("ناصر", "نصر"),
            ("حامد", "حمد"),
            ("جمال", "كمال"),
            ("سعد", "سعود"),
            ("أيمن", "أمين"),
            ("نجيب", "نقيب"),
            ("إيران", "العراق"),
            ("عمر", "عمرو"),
            ("فاطمة", "فاطمي"),
            ("بشار الأسد", "حافظ الأسد"),
            ("مصر", "مصري"),
            ("أوروبا", "أوروبي"),
            ("أمريكا", "أمريكي"),
            ("مجلس أوروبا", "المجلس الأوروبي"),
        ] {
            differ(a, b);
        }
    }

    #[test]
    fn word_characters_are_letters_and_digits() {
        for c in ['ب', 'ی', 'ٱ', 'a', '7', 'é', 'Ж'] {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c}");
        }
        for c in ['ـ', ' ', '-', '«', '،', '.'] {
            assert!(!is_word_char(c), "{c}");
        }
        for c in '\u{0620}'..='\u{06FF}' {
            assert_eq!(is_word_char(c), c.is_alphanumeric() && c != 'ـ', "{c:?}");
        }
    }

    #[test]
    fn distinctive_surnames() {
        for w in ["ماكرون", "أردوغان", "السيسي", "نتنياهو", "ترامب"] {
            assert!(distinctive_surname(w), "{w}");
        }
        // Three consonants: the shape of most native given names (محمد has four, so
        // the gazetteer's given names and the lexicon are checked too).
        for w in ["طارق", "حسن", "عباس", "علي", "بي", ""] {
            assert!(!distinctive_surname(w), "{w}");
        }
    }

    #[test]
    fn keeps_words_and_latin() {
        assert_eq!(name_key("CNN"), "cnn");
        assert_eq!(name_key("بي بي سي"), "بي بي سي");
        assert_eq!(name_key("فلاديمير بوتين").split(' ').count(), 2);
        assert_eq!(name_key("«»،"), "");
        assert_eq!(name_key(""), "");
    }
}
