//! Latin-script helpers: folding accents, slugs for ids, title case, and a cheap check
//! that a Latin spelling can plausibly belong to an Arabic word.

/// The ASCII letters of a Latin letter with diacritics (ş → s, ß → ss); `None` for
/// characters that are not Latin letters.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ậ' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ḍ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ế' | 'ề' | 'ệ' => "e",
        'ğ' | 'ģ' | 'ġ' | 'ĝ' => "g",
        'ḥ' | 'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'ĩ' | 'ị' => "i",
        'ķ' => "k",
        'ł' | 'ľ' | 'ļ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'ơ' | 'ọ' | 'ố' | 'ồ' | 'ộ' => "o",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'ṣ' | 'ŝ' => "s",
        'ť' | 'ţ' | 'ț' | 'ṭ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'ư' | 'ũ' | 'ụ' => "u",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' | 'ẓ' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return None,
    })
}

/// Lower-case ASCII for a Latin name: accents folded, other characters kept.
pub fn ascii_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        if lower.is_ascii() {
            out.push(lower.to_ascii_lowercase());
        } else if let Some(f) = fold_latin(lower) {
            out.push_str(f);
        } else {
            out.push(lower);
        }
    }
    out
}

/// An id slug: lower-case ASCII letters and digits, words joined by `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in ascii_lower(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '\'' || c == '’' || c == 'ʿ' || c == 'ʾ' {
            // O'Brien → obrien
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A Latin name token from a source list, reduced to `[a-z-]` (accents folded,
/// apostrophes and ʿayn signs dropped), or `None` when nothing Latin is left.
pub fn clean_token(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in ascii_lower(s).chars() {
        if c.is_ascii_lowercase() {
            out.push(c);
        } else if c == '-' && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        } else if matches!(c, '\'' | '’' | '‘' | '`' | 'ʿ' | 'ʾ' | 'ʻ' | 'ʼ' | '.') {
            // Apostrophes and ʿayn/hamza signs: dropped.
        } else if c.is_ascii_alphanumeric() || c.is_alphabetic() {
            return None;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { None } else { Some(out) }
}

/// Title case for one name word: `putin` → `Putin`, `al-assad` → `al-Assad`,
/// `abu-dhabi` → `Abu-Dhabi`.
pub fn title_word(word: &str) -> String {
    let (prefix, rest) = match word.strip_prefix("al-").or_else(|| word.strip_prefix("el-")) {
        Some(rest) if !rest.is_empty() => (&word[..3], rest),
        _ => ("", word),
    };
    let mut out = String::with_capacity(word.len());
    out.push_str(prefix);
    let mut upper_next = true;
    for c in rest.chars() {
        if upper_next {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        upper_next = c == '-';
    }
    out
}

/// Whether a transliteration of a word starting with the Arabic letter `c` can start
/// with the Latin letter `latin`.
pub fn initial_fits(c: char, latin: u8) -> bool {
    initials(c).as_bytes().contains(&latin)
}

/// Latin initials a word starting with this Arabic letter can have in transliteration.
fn initials(c: char) -> &'static str {
    match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ء' | 'ع' => "aeiouyh",
        'ب' | 'پ' => "bpv",
        'ت' | 'ط' => "tc",
        'ث' => "ts",
        'ج' => "jgdzyc",
        'ح' | 'ه' => "haek",
        'خ' => "khxc",
        'د' | 'ض' => "dz",
        'ذ' | 'ظ' => "dzt",
        'ر' => "r",
        'ز' | 'ژ' => "zsj",
        'س' | 'ص' => "sczx",
        'ش' => "scx",
        'غ' => "grk",
        'ف' | 'ڤ' => "fvp",
        'ق' | 'ك' | 'گ' => "kqgc",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'و' => "wvoue",
        'ي' | 'ى' => "yijea",
        _ => "",
    }
}

/// The Latin consonants an Arabic consonant is written with; `None` for the long
/// vowels, hamza and ʿayn, which transliterations write in too many ways to compare.
fn consonant_class(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' | 'پ' => "bpv",
        'ت' | 'ط' => "t",
        'ث' => "ts",
        'ج' | 'چ' => "jgdzyc",
        'ح' | 'ه' | 'خ' | 'ة' => "hkcx",
        'د' | 'ض' | 'ذ' | 'ظ' => "dzt",
        'ر' => "r",
        'ز' | 'ژ' => "zsj",
        'س' | 'ص' | 'ش' => "sczx",
        'غ' => "gkr",
        'ف' | 'ڤ' => "fvp",
        'ق' | 'ك' | 'گ' => "kqgc",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        _ => return None,
    })
}

/// Longest common subsequence of Arabic consonant classes and Latin letters.
fn skeleton_lcs(classes: &[&str], latin: &[u8]) -> usize {
    let mut prev = vec![0usize; latin.len() + 1];
    let mut cur = vec![0usize; latin.len() + 1];
    for cls in classes {
        for (j, &l) in latin.iter().enumerate() {
            cur[j + 1] = if cls.as_bytes().contains(&l) { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[latin.len()]
}

/// Whether `latin` (lower case ASCII, spaces and hyphens allowed) can be a
/// transliteration of the Arabic `arabic` (`Form::Key`, one or more words): the first
/// letters fit (after an article on either side), the Arabic is not much longer than
/// the Latin, and at least half the Arabic consonants appear in order in the Latin.
/// Catches misaligned or wrong pairs in mined lists ("yasmina" for محمد, "Mosul" for
/// فاموتيدين) cheaply; exonyms such as Aleppo/حلب pass, Jerusalem/القدس does not.
pub fn plausible_pair(arabic: &str, latin: &str) -> bool {
    let latin_letters: Vec<u8> = latin.bytes().filter(u8::is_ascii_lowercase).collect();
    let Some(&lat0) = latin_letters.first() else { return false };
    let mut chars: Vec<char> = arabic.chars().filter(|c| !c.is_whitespace()).collect();
    let latin_article = latin.starts_with("al-") || latin.starts_with("el-") || latin.starts_with("al ");
    let has_article = chars.len() > 3 && chars[0] == 'ا' && chars[1] == 'ل';
    let initial_ok = if has_article && matches!(lat0, b'a' | b'e') {
        true
    } else {
        let c = if has_article { chars[2] } else { chars[0] };
        initials(c).as_bytes().contains(&lat0)
    };
    if !initial_ok {
        return false;
    }
    if has_article && !latin_article {
        chars.drain(..2);
    }
    if chars.len() > latin_letters.len() + 2 {
        return false;
    }
    let classes: Vec<&str> = chars.iter().filter_map(|&c| consonant_class(c)).collect();
    classes.is_empty() || skeleton_lcs(&classes, &latin_letters) * 2 >= classes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_titles() {
        assert_eq!(slug("Türkiye"), "turkiye");
        assert_eq!(slug("Cocos (Keeling) Islands"), "cocos-keeling-islands");
        assert_eq!(slug("Saint John's"), "saint-johns");
        assert_eq!(title_word("al-assad"), "al-Assad");
        assert_eq!(title_word("putin"), "Putin");
        assert_eq!(clean_token("Erdoğan"), Some("erdogan".into()));
        assert_eq!(clean_token("ʿabd"), Some("abd".into()));
        assert_eq!(clean_token("mohamed."), Some("mohamed".into()));
        assert_eq!(clean_token("абв"), None);
        assert!(plausible_pair("بوتين", "putin"));
        assert!(!plausible_pair("محمد", "yasmina"));
        assert!(plausible_pair("الاسد", "assad"));
        assert!(plausible_pair("الاسد", "al-assad"));
        assert!(plausible_pair("حلب", "aleppo"));
        assert!(plausible_pair("حلب", "halab"));
        assert!(!plausible_pair("فاموتيدين", "mosul"));
        assert!(!plausible_pair("كوبنهاغن", "kobe"));
        assert!(!plausible_pair("اواساكي", "yataro"));
        assert!(plausible_pair("بلنسيه", "valencia"));
        assert!(plausible_pair("قرطبه", "cordoba"));
        assert!(!plausible_pair("الدار البيضاء", "casablanca"));
        assert!(plausible_pair("بوينس ايرس", "buenos aires"));
    }
}
