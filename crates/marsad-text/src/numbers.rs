//! Numbers in Arabic news: digits (`1,960`, `2.5`), number words in all their common
//! spellings and case endings (ثلاثة، ثلاث، ثلاثين، ثلاثمئة، ثلاث مائة), compounds joined by و
//! (ثلاثمئة وخمسة وستون), scale words after digits or words (2.5 مليون، ثلاثة آلاف), ordinals
//! (العاشر، الحادي والعشرين), fractions (نصف، ربع، ثلث، مليون ونصف), vague quantities (عشرات،
//! مئات الآلاف، بضعة) and percentages (20 في المئة).
//!
//! Digits may carry a minus sign (-5, سالب 5) and thousands groups the tokeniser splits:
//! after Arabic commas (1،200) or single spaces (1 234 567, as Maghrebi outlets write).
//!
//! [`find_numbers`] reads a token sequence left to right and takes, at each token, the
//! longest number that starts there; the lookahead past what a number consumes is a few
//! tokens at most, so the whole pass is linear. Words are compared in `Key` spelling (alef
//! and hamza forms, ى/ي, ة/ه folded), so مائة = مئه and إحدى = احدى — except عدة, whose ه
//! spelling is "his count" (عده, بعده). Proclitics are peeled
//! off here rather than taken from the lexicon's segmentation, because the rules for
//! number words are narrower and surer: the first word of a number may carry و ف ب ل ك
//! and the article (وبالعشرين); a later word only و (خمسة وعشرون) and, when the number
//! is definite, the article (الحادي والعشرين). The article is part of a number (الثلاثة is
//! "the three"); the other proclitics are not ([`NumberMatch::prefix_chars`]).
//!
//! Deliberately not numbers: the dual of a counted noun (يومين — callers know their
//! nouns), الاثنين and الأحد (weekdays in news; أحد alone means "one of" or "anyone"),
//! ثمن (price far more often than an eighth), بالمئة and في المئة on their own (percent
//! signs). خمس, سبع, تسع, عشر are read as cardinals, not as the fractions they also spell.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::Lexicon;
use crate::normalize::key_fold_char;
use crate::tokens::{Token, TokenKind};

/// What a number expresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberKind {
    /// A count or amount: ثلاثة، 1960، 2.5 مليون، مليون ونصف.
    Cardinal,
    /// A rank: الأول، العاشر، الحادي والعشرين.
    Ordinal,
    /// A part: نصف، ربع، ثلاثة أرباع، واحد ونصف.
    Fraction,
    /// A vague quantity; the value is its unit magnitude: عشرات → 10, مئات الآلاف → 100,000,
    /// بضعة → 3.
    Approximate,
    /// A percentage; the value is the number before the sign: 20 في المئة → 20.
    Percent,
}

/// One number found in a token sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberMatch {
    /// Indices into the token slice given to [`find_numbers`].
    pub tokens: Range<usize>,
    /// The number; for `Approximate` the unit magnitude, for `Percent` the percentage.
    pub value: f64,
    pub kind: NumberKind,
    /// Written, at least partly, with digits.
    pub from_digits: bool,
    /// Characters of proclitic on the first token that are not part of the number
    /// (وثلاثة → 1 for و; بالعشرين → 1 for ب, the article stays; للعشرين → 2).
    pub prefix_chars: u8,
    /// The number carries the article (الثلاثة، العشرين، الـ20): callers read "العشرين من
    /// أيلول" as a day and "القرن العشرين" as a rank.
    pub definite: bool,
}

/// Numbers in a token sequence (e.g. one sentence's tokens of a `TextLayer`); `text` is the
/// normalised text the tokens index into. Longest match wins; matches never overlap, come
/// in order, and never span a line break; linear time.
pub fn find_numbers(text: &str, tokens: &[Token]) -> Vec<NumberMatch> {
    let mut key = String::new();
    let items: Vec<Item> = tokens.iter().map(|t| classify(text, t, &mut key)).collect();
    let reader = Reader { text, tokens, items: &items };
    let mut found: Vec<NumberMatch> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let after_number = found.last().is_some_and(|m| m.tokens.end == i);
        match reader.read(i, after_number) {
            Some(m) if m.tokens.end > i => {
                i = m.tokens.end;
                found.push(m);
            }
            _ => i += 1,
        }
    }
    found
}

/// `count × scale`, without the binary noise of a decimal count (68.18 مليار is
/// 68,180,000,000, not 68,180,000,000.00001).
fn scaled(count: f64, scale: f64) -> f64 {
    let product = count * scale;
    let whole = product.round();
    if (product - whole).abs() <= 1e-9 * product.abs() { whole } else { product }
}

/// Integer digits beyond which a digit string is an identifier (a phone or account
/// number), not a quantity; it also keeps every value far from overflow.
const MAX_INTEGER_DIGITS: usize = 18;

/// The value of one digit string as the Clean form writes it ("1960", "3.5", "1,960", "2,5"
/// as decimal comma when it cannot be a thousands group); None when it is not a number or
/// is too long to be a quantity.
pub fn digits_value(s: &str) -> Option<f64> {
    if s.len() > 4 * (MAX_INTEGER_DIGITS + 40) {
        return None;
    }
    // Digits of each group, and the separator that ends every group but the last.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut digits = String::with_capacity(s.len());
    let mut group_start = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c,
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '.' | '٫' | ',' | '٬' => {
                if digits.len() == group_start {
                    return None; // leading or doubled separator
                }
                groups.push((group_start, digits.len()));
                seps.push(if matches!(c, '.' | '٫') { '.' } else { ',' });
                group_start = digits.len();
                continue;
            }
            _ => return None,
        };
        digits.push(d);
    }
    if digits.len() == group_start {
        return None; // empty, or a trailing separator
    }
    groups.push((group_start, digits.len()));

    let dots = seps.iter().filter(|&&c| c == '.').count();
    let commas = seps.len() - dots;
    let len = |g: (usize, usize)| g.1 - g.0;
    // Which separator, if any, marks the decimals.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) | (0, _) if seps.len() > 1 => None,
        (1, 0) => Some('.'),
        (0, 1) => {
            // A comma before exactly three digits groups thousands (1,960), unless the first
            // group is a lone zero (0,080); otherwise it is a decimal comma (2,5).
            let thousands = len(groups[1]) == 3 && len(groups[0]) <= 3 && &digits[groups[0].0..groups[0].1] != "0";
            if thousands { None } else { Some(',') }
        }
        _ => {
            // Both kinds: the last separator is the decimal one and occurs once.
            let last = *seps.last()?;
            if seps.iter().filter(|&&c| c == last).count() != 1 {
                return None;
            }
            Some(last)
        }
    };
    let integer_groups = if decimal.is_some() { groups.len() - 1 } else { groups.len() };
    if integer_groups > 1 {
        // Thousands groups: 1–3 digits, then groups of exactly three.
        if len(groups[0]) > 3 || groups[1..integer_groups].iter().any(|&g| len(g) != 3) {
            return None;
        }
    }
    let integer = &digits[..groups[integer_groups - 1].1];
    let significant = integer.trim_start_matches('0');
    if significant.len() > MAX_INTEGER_DIGITS {
        return None;
    }
    let mut number = String::with_capacity(40);
    number.push_str(if significant.is_empty() { "0" } else { significant });
    if decimal.is_some() {
        let (a, b) = groups[groups.len() - 1];
        number.push('.');
        // Beyond 17 decimals an f64 cannot tell the difference.
        number.push_str(&digits[a..b.min(a + 17)]);
    }
    number.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The number a single word (Clean or Key form, clitics already removed; the article may
/// stay) means on its own, if any: ثلاثة → 3, ثلاثين → 30, ألفين → 2000, الأولى → 1st, نصف → ½,
/// عشرات → about 10, آلاف → about 1000. Words that are numbers only inside a compound (أحد of
/// أحد عشر, حادي, أرباع) give None. Digit strings go through [`digits_value`].
pub fn word_value(word: &str) -> Option<(f64, NumberKind)> {
    if word.chars().next().is_some_and(|c| c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c))
    {
        return digits_value(word).map(|v| (v, NumberKind::Cardinal));
    }
    let mut key = String::new();
    fold_key(word, &mut key);
    let entry = match WORDS.get(key.as_str()) {
        Some(e) => *e,
        None => WORDS.get(key.strip_prefix("ال")?).copied().filter(|e| e.article)?,
    };
    match entry.word {
        Word::Zero => Some((0.0, NumberKind::Cardinal)),
        Word::Unit(u) => Some((f64::from(u), NumberKind::Cardinal)),
        Word::Ten => Some((10.0, NumberKind::Cardinal)),
        Word::Tens(t) => Some((f64::from(t), NumberKind::Cardinal)),
        Word::Hundreds(h) => Some((f64::from(h), NumberKind::Cardinal)),
        Word::Scale { value, count } => Some((value * f64::from(count), NumberKind::Cardinal)),
        Word::ScalePlural(v) | Word::Approx(v) => Some((v, NumberKind::Approximate)),
        Word::Ordinal(n) => Some((f64::from(n), NumberKind::Ordinal)),
        Word::Fraction(f) => Some((f, NumberKind::Fraction)),
        Word::UnitInCompound { .. } | Word::OrdinalOne | Word::FractionPlural(_) => None,
    }
}

// ---------------------------------------------------------------------------------------
// The word table.

/// What a number word contributes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Word {
    Zero,
    /// 1–9: واحد … تسعة, with their feminine and construct forms.
    Unit(u8),
    /// A unit only as the first word of a compound: أحد / إحدى (1) in أحد عشر or أحد وعشرون
    /// (alone it means "one of", "anyone"); اثنا / اثني (2) in اثنا عشر (alone, أثنى is
    /// "praised"). `tens`: و and tens may follow, not only عشر.
    UnitInCompound {
        unit: u8,
        tens: bool,
    },
    /// عشر / عشرة: 10 alone, or the second word of a teen (ثلاثة عشر).
    Ten,
    /// 20–90.
    Tens(u8),
    /// 100–900 (مئة can also multiply a count before it: ثلاث مئة).
    Hundreds(u16),
    /// ألف, مليون …; `count` is 2 for the dual (ألفان).
    Scale {
        value: f64,
        count: u8,
    },
    /// آلاف, ملايين …: a multiplier after a count (ثلاثة آلاف), a vague quantity alone.
    ScalePlural(f64),
    /// 1st–10th.
    Ordinal(u8),
    /// حادي / حادية: 1st, only in الحادي عشر or الحادي والعشرين.
    OrdinalOne,
    /// نصف، ربع، ثلث، ثلثان.
    Fraction(f64),
    /// أرباع، أثلاث، أخماس، أعشار: the denominator after a count (ثلاثة أرباع).
    FractionPlural(u8),
    /// عشرات، مئات، بضعة، عدة: vague, with their magnitude.
    Approx(f64),
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    word: Word,
    /// The word takes the article as a number (الثلاثة). Not الاثنين (Monday).
    article: bool,
    /// ثانية is also the unit "second": after a number it is not an ordinal.
    time_unit: bool,
    /// Only with ة as written, not ه.
    needs_ta_marbuta: bool,
}

/// Spellings in Clean form (folded to Key when the table is built), with what they mean.
#[rustfmt::skip]
static SPELLINGS: &[(&[&str], Word)] = &[
    (&["صفر"], Word::Zero),
    (&["واحد", "واحدة", "واحدا"], Word::Unit(1)),
    (&["ثلاث", "ثلاثة"], Word::Unit(3)),
    (&["أربع", "أربعة"], Word::Unit(4)),
    (&["خمس", "خمسة"], Word::Unit(5)),
    (&["ست", "ستة"], Word::Unit(6)),
    (&["سبع", "سبعة"], Word::Unit(7)),
    (&["ثمان", "ثماني", "ثمانية"], Word::Unit(8)),
    (&["تسع", "تسعة"], Word::Unit(9)),
    (&["أحد", "إحدى"], Word::UnitInCompound { unit: 1, tens: true }),
    (&["اثنا", "اثني", "اثنتا", "اثنتي"], Word::UnitInCompound { unit: 2, tens: false }),
    (&["عشر", "عشرة"], Word::Ten),
    (&["عشرون", "عشرين"], Word::Tens(20)),
    (&["ثلاثون", "ثلاثين"], Word::Tens(30)),
    (&["أربعون", "أربعين"], Word::Tens(40)),
    (&["خمسون", "خمسين"], Word::Tens(50)),
    (&["ستون", "ستين"], Word::Tens(60)),
    (&["سبعون", "سبعين"], Word::Tens(70)),
    (&["ثمانون", "ثمانين"], Word::Tens(80)),
    (&["تسعون", "تسعين"], Word::Tens(90)),
    (&["مئة", "مائة"], Word::Hundreds(100)),
    (&["مئتان", "مئتين", "مئتا", "مئتي", "مائتان", "مائتين", "مائتا", "مائتي"], Word::Hundreds(200)),
    (&["ألف", "ألفا"], Word::Scale { value: 1e3, count: 1 }),
    (&["ألفان", "ألفين", "ألفي"], Word::Scale { value: 1e3, count: 2 }),
    (&["مليون", "مليونا"], Word::Scale { value: 1e6, count: 1 }),
    (&["مليونان", "مليونين", "مليوني"], Word::Scale { value: 1e6, count: 2 }),
    (&["مليار", "مليارا", "بليون", "بليونا"], Word::Scale { value: 1e9, count: 1 }),
    (&["ملياران", "مليارين", "ملياري", "بليونان", "بليونين", "بليوني"], Word::Scale { value: 1e9, count: 2 }),
    (&["تريليون", "ترليون", "تريليونا", "ترليونا"], Word::Scale { value: 1e12, count: 1 }),
    (&["آلاف", "ألوف"], Word::ScalePlural(1e3)),
    (&["ملايين"], Word::ScalePlural(1e6)),
    (&["مليارات", "بلايين"], Word::ScalePlural(1e9)),
    (&["تريليونات", "ترليونات"], Word::ScalePlural(1e12)),
    (&["أول", "أولى"], Word::Ordinal(1)),
    (&["ثاني", "ثان", "ثانية"], Word::Ordinal(2)),
    (&["ثالث", "ثالثة"], Word::Ordinal(3)),
    (&["رابع", "رابعة"], Word::Ordinal(4)),
    (&["خامس", "خامسة"], Word::Ordinal(5)),
    (&["سادس", "سادسة"], Word::Ordinal(6)),
    (&["سابع", "سابعة"], Word::Ordinal(7)),
    (&["ثامن", "ثامنة"], Word::Ordinal(8)),
    (&["تاسع", "تاسعة"], Word::Ordinal(9)),
    (&["عاشر", "عاشرة"], Word::Ordinal(10)),
    (&["حادي", "حادية"], Word::OrdinalOne),
    (&["نصف"], Word::Fraction(0.5)),
    (&["ربع"], Word::Fraction(0.25)),
    (&["ثلث"], Word::Fraction(1.0 / 3.0)),
    (&["ثلثان", "ثلثين", "ثلثا", "ثلثي"], Word::Fraction(2.0 / 3.0)),
    (&["أثلاث"], Word::FractionPlural(3)),
    (&["أرباع"], Word::FractionPlural(4)),
    (&["أخماس"], Word::FractionPlural(5)),
    (&["أسداس"], Word::FractionPlural(6)),
    (&["أسباع"], Word::FractionPlural(7)),
    // أثمان alone is "prices"; only after a count is it eighths.
    (&["أثمان"], Word::FractionPlural(8)),
    (&["أتساع"], Word::FractionPlural(9)),
    (&["أعشار"], Word::FractionPlural(10)),
    (&["عشرات"], Word::Approx(10.0)),
    (&["مئات", "مئآت"], Word::Approx(100.0)),
    (&["بضع", "بضعة", "عدة"], Word::Approx(3.0)),
];

/// Two: every form, none with the article (الاثنين is Monday).
static TWO: &[&str] = &["اثنان", "اثنين", "اثنتان", "اثنتين", "ثنتان", "ثنتين"];

/// Counts that combine with مئة into one word (ثلاثمئة), including ثلثمائة, the older spelling.
static HUNDRED_COUNTS: &[(&str, u16)] =
    &[("ثلاث", 3), ("ثلث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("ثماني", 8), ("تسع", 9)];

static WORDS: LazyLock<HashMap<String, Entry>> = LazyLock::new(|| {
    let mut words = HashMap::new();
    let mut add = |spelling: &str, word: Word| {
        let mut key = String::new();
        fold_key(spelling, &mut key);
        let article = !matches!(word, Word::UnitInCompound { .. } | Word::FractionPlural(_))
            && !(matches!(word, Word::Approx(v) if v < 10.0));
        let time_unit = spelling == "ثانية";
        // عده and بعده are "his count" and "after him" far more often than a misspelt عدة.
        let needs_ta_marbuta = spelling == "عدة";
        words.insert(key, Entry { word, article, time_unit, needs_ta_marbuta });
    };
    for (spellings, word) in SPELLINGS {
        for s in *spellings {
            add(s, *word);
        }
    }
    for (count, value) in HUNDRED_COUNTS {
        for hundred in ["مئة", "مائة"] {
            add(&format!("{count}{hundred}"), Word::Hundreds(value * 100));
        }
    }
    for s in TWO {
        let mut key = String::new();
        fold_key(s, &mut key);
        words.insert(key, Entry { word: Word::Unit(2), article: false, time_unit: false, needs_ta_marbuta: false });
    }
    words
});

/// The longest number word with proclitics (وبالثلاثمائة is 12 letters); longer tokens are
/// not looked up.
const MAX_WORD_CHARS: usize = 16;

/// `s` in Key spelling, into `out`.
fn fold_key(s: &str, out: &mut String) {
    out.clear();
    out.extend(s.chars().map(key_fold_char));
}

// ---------------------------------------------------------------------------------------
// Tokens as the reader sees them.

/// A number word found in a token, with the proclitics around it.
#[derive(Clone, Copy, Debug)]
struct Hit {
    word: Word,
    /// Proclitic characters not part of the number.
    prefix_chars: u8,
    /// The only proclitic is the conjunction و (what a later word of a compound may carry).
    and_only: bool,
    /// The preposition ب is among the proclitics (بالمئة is a percent sign).
    with_bi: bool,
    definite: bool,
    time_unit: bool,
}

#[derive(Clone, Copy, Debug)]
enum Item {
    Other,
    Digits(f64),
    Word(Hit),
    /// The conjunction و standing alone (و 21, or و3 split by the tokeniser).
    And,
    /// The preposition في (for في المئة); `true` when it stands alone, not وفي.
    Fi(bool),
    /// The article standing alone before digits (الـ20, with the tatweel gone).
    Article {
        prefix_chars: u8,
    },
    /// `%`.
    PercentSign,
    /// A minus sign (`sign`), or the word سالب or ناقص before a number.
    Minus {
        sign: bool,
    },
    /// The Arabic comma, which some outlets use to group thousands (1،200).
    ArabicComma,
}

fn classify(text: &str, token: &Token, key: &mut String) -> Item {
    let surface = token.text(text);
    match token.kind {
        TokenKind::Number => digits_value(surface).map_or(Item::Other, Item::Digits),
        TokenKind::Punct | TokenKind::Symbol => match surface {
            "%" | "٪" => Item::PercentSign,
            "-" | "−" => Item::Minus { sign: true },
            "،" => Item::ArabicComma,
            _ => Item::Other,
        },
        TokenKind::Arabic => {
            if surface.chars().count() > MAX_WORD_CHARS {
                return Item::Other;
            }
            fold_key(surface, key);
            match key.as_str() {
                "و" => Item::And,
                "في" => Item::Fi(true),
                "سالب" | "ناقص" => Item::Minus { sign: false },
                "وفي" | "ففي" => Item::Fi(false),
                "ال" | "وال" | "فال" | "بال" | "كال" | "لل" | "ولل" | "فلل" | "وبال" => {
                    let prefix_chars = key.chars().count() as u8 - if key.ends_with("لل") { 0 } else { 2 };
                    Item::Article { prefix_chars }
                }
                // The filter rules out most words before the table is searched.
                _ if !may_be_number_word(surface) => Item::Other,
                _ => lookup(surface, key).map_or(Item::Other, Item::Word),
            }
        }
        _ => Item::Other,
    }
}

/// Finds the number word in a token (`key` is the token in Key spelling): the whole token
/// first, then with as few proclitics peeled off as possible.
fn lookup(surface: &str, key: &str) -> Option<Hit> {
    // A hamza seat after a leading و is never part of the word's root here: وأحد is و + أحد,
    // not واحد, though the two share a key.
    let and_is_clitic = surface.starts_with("وأ") || surface.starts_with("وإ") || surface.starts_with("وآ");
    for (conj, conj_chars) in [("", 0u8), ("و", 1), ("ف", 1)] {
        let Some(rest) = key.strip_prefix(conj) else { continue };
        for (prep, prep_chars) in [("", 0u8), ("ب", 1), ("ل", 1), ("ك", 1)] {
            let Some(stem) = rest.strip_prefix(prep) else { continue };
            let outer = conj_chars + prep_chars;
            let hit = |entry: &Entry, prefix_chars: u8, definite: bool| Hit {
                word: entry.word,
                prefix_chars,
                and_only: conj == "و" && prep.is_empty(),
                with_bi: prep == "ب",
                definite,
                time_unit: entry.time_unit,
            };
            // A preposition before a two-letter word is not a clitic: لست is "I am not", not ل + ست.
            let whole_ok = !(outer == 0 && and_is_clitic) && (prep.is_empty() || stem.chars().count() >= 3);
            let spelt_right = |e: &&Entry| !e.needs_ta_marbuta || surface.ends_with('ة');
            if whole_ok && let Some(entry) = WORDS.get(stem).filter(spelt_right) {
                return Some(hit(entry, outer, false));
            }
            if let Some(entry) =
                stem.strip_prefix("ال").and_then(|s| WORDS.get(s)).filter(|e| e.article && spelt_right(e))
            {
                return Some(hit(entry, outer, true));
            }
            // ل + article loses the article's alef: للعشرين.
            if prep == "ل"
                && let Some(entry) =
                    stem.strip_prefix("ل").and_then(|s| WORDS.get(s)).filter(|e| e.article && spelt_right(e))
            {
                return Some(hit(entry, outer + 1, true));
            }
        }
    }
    None
}

/// The proclitics [`lookup`] peels off before a number word, in Key spelling: a conjunction,
/// a preposition, then the article (or the ل of للعشرين).
fn proclitic_strings() -> Vec<String> {
    let mut out = Vec::new();
    for conj in ["", "و", "ف"] {
        for prep in ["", "ب", "ل", "ك"] {
            for article in ["", "ال", "ل"] {
                if article != "ل" || prep == "ل" {
                    out.push(format!("{conj}{prep}{article}"));
                }
            }
        }
    }
    out
}

/// The filter behind [`may_be_number_word`]: a bit for the shape of every number word, the
/// proclitic strings as letter codes packed six bits a letter, by length, and the letter
/// code of every character U+0600..U+06FF.
struct NumberShapes {
    bits: Vec<u64>,
    proclitics: [Vec<u32>; 5],
    particles: Vec<u32>,
    /// By last letter, a bit for every length a number word (with its proclitics) or a
    /// particle ending with it can have: a first test that reads two letters.
    endings: [u32; 64],
    letters: [u8; 256],
    /// A bit for the code of every letter of a proclitic run.
    proclitic_letters: u64,
    /// The role of every word of one or two letters (most of the words around a number: و، في،
    /// من), by its codes: index `64 × first + second` (second 0 for one letter).
    short: Vec<Role>,
}

/// The filter's bit for a word of `n` letters that starts with `l0 l1 l2` (0 past its end)
/// and ends with `last`.
fn shape_bit(l0: u8, l1: u8, l2: u8, last: u8, n: usize) -> usize {
    let v = u64::from(l0)
        | (u64::from(l1) << 6)
        | (u64::from(l2) << 12)
        | (u64::from(last) << 18)
        | ((n.min(MAX_WORD_CHARS) as u64) << 24);
    (v.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

fn pack(codes: &[u8]) -> u32 {
    codes.iter().fold(0, |acc, &c| (acc << 6) | u32::from(c))
}

impl NumberShapes {
    /// A character's letter code: its Key folding as 1..=42 (U+0621..U+064A), 0 when that is
    /// no Arabic letter.
    #[inline]
    fn code(&self, c: char) -> u8 {
        let u = c as u32;
        if (0x600..0x700).contains(&u) { self.letters[(u - 0x600) as usize] } else { 0 }
    }
}

static SHAPES: LazyLock<NumberShapes> = LazyLock::new(|| {
    let mut letters = [0u8; 256];
    for (i, slot) in letters.iter_mut().enumerate() {
        let folded = char::from_u32(0x600 + i as u32).map_or(0, |c| key_fold_char(c) as u32);
        if (0x621..=0x64A).contains(&folded) {
            *slot = (folded - 0x620) as u8;
        }
    }
    let mut shapes = NumberShapes {
        bits: vec![0u64; (1 << 16) / 64],
        proclitics: Default::default(),
        particles: Vec::new(),
        endings: [0; 64],
        letters,
        proclitic_letters: 0,
        short: Vec::new(),
    };
    for key in WORDS.keys() {
        let codes: Vec<u8> = key.chars().map(|c| shapes.code(c)).collect();
        match (codes.first(), codes.last()) {
            (Some(&first), Some(&last)) if !codes.contains(&0) => {
                let at = |k: usize| codes.get(k).copied().unwrap_or(0);
                let bit = shape_bit(first, at(1), at(2), last, codes.len());
                shapes.bits[bit / 64] |= 1 << (bit % 64);
                for p in 0..5 {
                    shapes.endings[usize::from(last)] |= 1 << (codes.len() + p).min(31);
                }
            }
            // A word that is not all Arabic letters: nothing can be ruled out.
            _ => {
                shapes.bits.iter_mut().for_each(|b| *b = u64::MAX);
                shapes.endings = [u32::MAX; 64];
            }
        }
    }
    for p in proclitic_strings() {
        let codes: Vec<u8> = p.chars().map(|c| shapes.code(c)).collect();
        for &c in &codes {
            shapes.proclitic_letters |= 1 << c;
        }
        shapes.proclitics[codes.len()].push(pack(&codes));
    }
    for p in PARTICLES {
        let codes: Vec<u8> = p.chars().map(|c| shapes.code(c)).collect();
        shapes.particles.push(pack_with_length(&codes));
        shapes.endings[usize::from(codes[codes.len() - 1])] |= 1 << codes.len();
    }
    let mut short = vec![Role::Nothing; 64 * 64];
    for (i, slot) in short.iter_mut().enumerate() {
        let (first, second) = ((i / 64) as u8, (i % 64) as u8);
        let n = if second == 0 { 1 } else { 2 };
        let last = if n == 1 { first } else { second };
        *slot = shapes.role_of_codes(&[first, second, 0, 0, 0, 0, 0], last, n);
    }
    shapes.short = short;
    shapes
});

/// Whether an Arabic token (`Clean` form) may be a number word, with whatever proclitics
/// [`find_numbers`] allows: false means that [`find_numbers`] reads no number word in it.
/// A quick filter (a few table reads, nothing allocated) on the word's first two letters,
/// last letter and length after each possible run of proclitics.
pub fn may_be_number_word(word: &str) -> bool {
    let shapes = &*SHAPES;
    let b = word.as_bytes();
    // Number words are Arabic letters, two bytes each (a word with any other character is
    // none, whatever the codes below make of it).
    if b.is_empty() || !b.len().is_multiple_of(2) || b.len() > 2 * MAX_WORD_CHARS {
        return false;
    }
    let n = b.len() / 2;
    let mut head = [0u8; 7];
    for (k, slot) in head.iter_mut().enumerate().take(n) {
        *slot = shapes.code_at(b, k);
    }
    shapes.may_be_number_word(&head, shapes.code_at(b, n - 1), n)
}

impl NumberShapes {
    /// The letter code of the `k`-th character of a word of two-byte characters.
    #[inline(always)]
    fn code_at(&self, b: &[u8], k: usize) -> u8 {
        let (b0, b1) = (b[2 * k], b[2 * k + 1]);
        if (0xD8..=0xDB).contains(&b0) {
            self.letters[(usize::from(b0 & 0x03) << 6) | usize::from(b1 & 0x3F)]
        } else {
            0
        }
    }

    /// The role of an Arabic word of `n` letters of which `head` are the first (0 past them)
    /// and `last` the last.
    fn role_of_codes(&self, head: &[u8; 7], last: u8, n: usize) -> Role {
        if self.endings[usize::from(last)] & (1 << n) == 0 {
            Role::Nothing
        } else if self.may_be_number_word(head, last, n) {
            Role::Readable
        } else if n <= 4 && !head[..n].contains(&0) && self.particles.contains(&pack_with_length(&head[..n])) {
            Role::Beside
        } else {
            Role::Nothing
        }
    }

    /// [`may_be_number_word`] on a word of `n` letters given by its first letters and its last.
    #[inline]
    fn may_be_number_word(&self, head: &[u8; 7], last: u8, n: usize) -> bool {
        // The shape's bit first: it rules out most words, the proclitic lists are searched.
        // Proclitics are a few letters: past the first other letter, no longer run is one.
        last != 0
            && (0..5.min(n)).take_while(|&p| p == 0 || self.proclitic_letters >> head[p - 1] & 1 == 1).any(|p| {
                let at = |k: usize| if k < n { head[k] } else { 0 };
                let bit = shape_bit(head[p], at(p + 1), at(p + 2), last, n - p);
                self.bits[bit / 64] & (1 << (bit % 64)) != 0
                    && (p == 0 || self.proclitics[p].contains(&pack(&head[..p])))
            })
    }
}

/// What [`find_numbers`] may make of a token: nothing, something beside a number (a
/// conjunction, في of في المئة, a lone article, a sign, a percent sign, an Arabic comma), or
/// (`Readable`) digits or a number word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Nothing,
    Beside,
    Readable,
}

/// What [`find_numbers_sparse`] makes of a word, kept per hot word by a lexicon.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HotRole(u8);

/// A whole word read as one Arabic token with no clitics (for roles computed from letters alone).
fn word_token(word: &str) -> Token {
    Token {
        kind: TokenKind::Arabic,
        role: crate::PunctRole::None,
        start: 0,
        end: word.len() as u32,
        char_start: 0,
        char_end: word.chars().count() as u32,
        seg: crate::Segmentation::NONE,
        hot: 0,
        space_before: false,
        newline_before: false,
    }
}

impl HotRole {
    /// Not known: read from the text.
    pub const UNKNOWN: HotRole = HotRole(0);

    /// The role of an Arabic token that is `word` (a lexical form: alef forms with hamza or
    /// madda folded to bare alef). The reader sees letters in Key spelling, where those alef
    /// forms are one letter, so every surface form of the word has this role; where the
    /// letters say otherwise, it is `UNKNOWN`.
    pub(crate) fn of_word(word: &str) -> HotRole {
        let shapes = &*SHAPES;
        let alef = shapes.code('ا');
        if ['أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ'].iter().any(|&c| shapes.code(c) != alef) {
            return HotRole::UNKNOWN;
        }
        let token = word_token(word);
        match role(shapes, word, &token) {
            Role::Nothing => HotRole(1),
            Role::Beside => HotRole(2),
            Role::Readable => HotRole(3),
        }
    }

    fn role(self) -> Role {
        match self.0 {
            2 => Role::Beside,
            3 => Role::Readable,
            _ => Role::Nothing,
        }
    }
}

fn role(shapes: &NumberShapes, text: &str, token: &Token) -> Role {
    match token.kind {
        TokenKind::Number => Role::Readable,
        TokenKind::Punct | TokenKind::Symbol => {
            if matches!(token.text(text), "%" | "٪" | "-" | "−" | "،") {
                Role::Beside
            } else {
                Role::Nothing
            }
        }
        TokenKind::Arabic => {
            // Number words and the particles are Arabic letters, two bytes each.
            let b = token.text(text).as_bytes();
            if b.is_empty() || !b.len().is_multiple_of(2) || b.len() > 2 * MAX_WORD_CHARS {
                return Role::Nothing;
            }
            let n = b.len() / 2;
            let last = shapes.code_at(b, n - 1);
            if n <= 2 {
                // A second letter of code 0 reads as one letter: both are what the codes make.
                let second = if n == 2 { last } else { 0 };
                if n == 1 || second != 0 {
                    return shapes.short[64 * usize::from(shapes.code_at(b, 0)) + usize::from(second)];
                }
            }
            if shapes.endings[usize::from(last)] & (1 << n) == 0 {
                return Role::Nothing;
            }
            let mut head = [0u8; 7];
            for (k, slot) in head.iter_mut().enumerate().take(n) {
                *slot = shapes.code_at(b, k);
            }
            shapes.role_of_codes(&head, last, n)
        }
        _ => Role::Nothing,
    }
}

/// The words [`classify`] reads as something other than a number word (و، في، سالب …, the
/// article alone).
const PARTICLES: &[&str] =
    &["و", "في", "سالب", "ناقص", "وفي", "ففي", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال"];

/// Letter codes packed with their count.
fn pack_with_length(codes: &[u8]) -> u32 {
    pack(codes) | ((codes.len() as u32) << 30)
}

/// The same numbers as [`find_numbers`] (a test compares them), found faster where few tokens
/// can belong to one. No number spans a token [`classify`] reads as nothing, and the reader
/// looks past such a token no more than past the end of the sequence: so the tokens that
/// [`role`] rules out split the sequence into runs that are read one by one (a run that starts
/// with a sign, with the token before, which a minus sign looks back at), a run with neither
/// digits nor a possible number word is skipped, and a run of one digit string is that number.
pub fn find_numbers_sparse(text: &str, tokens: &[Token]) -> Vec<NumberMatch> {
    find_numbers_sparse_ranked(text, tokens, None)
}

/// [`find_numbers_sparse`] over tokens made with `lexicon` ([`crate::TextLayer::lexicon`]
/// is its stamp): the role of a token with a hot rank ([`Token::hot`]) is the one the
/// lexicon holds for that rank, read without its text. The same numbers.
pub fn find_numbers_sparse_ranked(text: &str, tokens: &[Token], lexicon: Option<&Lexicon>) -> Vec<NumberMatch> {
    let shapes = &*SHAPES;
    let roles = lexicon.map_or(&[][..], Lexicon::hot_roles);
    let role = |shapes: &NumberShapes, text: &str, token: &Token| match roles.get(usize::from(token.hot)) {
        Some(&known) if token.hot != 0 && token.kind == TokenKind::Arabic && known != HotRole::UNKNOWN => known.role(),
        _ => role(shapes, text, token),
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut role_here = role(shapes, text, &tokens[i]);
        if role_here == Role::Nothing {
            i += 1;
            continue;
        }
        let start = i;
        let mut readable = false;
        while role_here != Role::Nothing {
            readable |= role_here == Role::Readable;
            i += 1;
            role_here = match tokens.get(i) {
                Some(token) => role(shapes, text, token),
                None => Role::Nothing,
            };
        }
        if !readable {
            continue;
        }
        let run = &tokens[start..i];
        if let [token] = run
            && token.kind == TokenKind::Number
        {
            if let Some(value) = digits_value(token.text(text)) {
                found.push(NumberMatch {
                    tokens: start..i,
                    value,
                    kind: NumberKind::Cardinal,
                    from_digits: true,
                    prefix_chars: 0,
                    definite: false,
                });
            }
            continue;
        }
        // A minus sign looks back at the token before it (-5 after a word it touches is no
        // negative number): before a run that starts with one, that token stays in.
        let minus_first = matches!(tokens[start].kind, TokenKind::Punct | TokenKind::Symbol);
        let from = if minus_first { start.saturating_sub(1) } else { start };
        found.extend(
            find_numbers(text, &tokens[from..i])
                .into_iter()
                .map(|m| NumberMatch { tokens: from + m.tokens.start..from + m.tokens.end, ..m }),
        );
    }
    found
}

// ---------------------------------------------------------------------------------------
// Reading numbers.

/// Where the group being read stands (a group is what comes before a scale word, or the
/// last part of a number after its last scale word).
#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    /// Ends with hundreds: و and units, tens or a teen may follow.
    Hundreds,
    /// Ends with a unit: a teen's عشر, مئة (ثلاث مئة), or و and tens may follow.
    Unit,
    /// Complete below a hundred (units and tens, a teen, tens): only a scale may follow.
    Complete,
    /// Digits: a scale word, or مئة, may follow.
    Digits,
    /// Just after a scale word: و and a smaller part may follow.
    Scaled,
}

#[derive(Clone, Copy, Debug)]
struct Acc {
    /// The completed groups (each multiplied by its scale word).
    total: f64,
    /// The group being read.
    group: f64,
    state: State,
    /// The last scale word's value; later parts must be smaller.
    last_scale: f64,
    from_digits: bool,
    has_fraction: bool,
    /// Index after the last token of the number.
    end: usize,
}

/// The next part of a number, found at a token index.
#[derive(Clone, Copy, Debug)]
struct Part {
    /// Joined by the conjunction و.
    and: bool,
    /// Index after the part's token.
    end: usize,
    value: PartValue,
}

#[derive(Clone, Copy, Debug)]
enum PartValue {
    Digits(f64),
    Word(Word),
}

struct Reader<'a> {
    text: &'a str,
    tokens: &'a [Token],
    items: &'a [Item],
}

/// Most thousands groups read after the first (18 digits).
const MAX_GROUPS: usize = 5;

impl Reader<'_> {
    /// Digits at token `j`, with the thousands groups that follow it when the tokeniser
    /// split them: after Arabic commas with no space (1،234،567, as some outlets write) or
    /// after single spaces (1 234 567, as Maghrebi outlets write). The value and the index
    /// after the last group.
    fn digits(&self, j: usize) -> Option<(f64, usize)> {
        let Item::Digits(v) = self.items[j] else { return None };
        let first = self.tokens[j].text(self.text);
        if first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
            return Some((v, j + 1));
        }
        let mut joined = first.to_string();
        let mut end = j + 1;
        let mut by_comma = None;
        for _ in 0..MAX_GROUPS {
            let (Some(next), Some(before)) = (self.tokens.get(end), self.tokens.get(end - 1)) else { break };
            let (group_at, comma) = match self.items[end] {
                Item::ArabicComma if by_comma != Some(false) && !next.space_before => (end + 1, true),
                Item::Digits(_)
                    if by_comma != Some(true)
                        && next.space_before
                        && !next.newline_before
                        && next.char_start == before.char_end + 1 =>
                {
                    (end, false)
                }
                _ => break,
            };
            let Some(group) = self.tokens.get(group_at) else { break };
            if !matches!(self.items[group_at], Item::Digits(_)) || (comma && group.space_before) {
                break;
            }
            let text = group.text(self.text);
            let thousands = text.split(['.', ',']).next().unwrap_or_default();
            if thousands.len() != 3 {
                break;
            }
            joined.push_str(text);
            end = group_at + 1;
            by_comma = Some(comma);
            if thousands.len() < text.len() {
                break; // decimals end the number
            }
        }
        if end > j + 1
            && let Some(value) = digits_value(&joined)
        {
            return Some((value, end));
        }
        Some((v, j + 1))
    }

    /// The next part at token `j`: a word or digits, joined directly or by و (as a clitic
    /// or a token of its own). `definite_ok` lets the part carry the article.
    fn part(&self, j: usize, definite_ok: bool) -> Option<Part> {
        let token = self.tokens.get(j)?;
        if token.newline_before {
            return None;
        }
        match *self.items.get(j)? {
            Item::Digits(_) => {
                let (v, end) = self.digits(j)?;
                Some(Part { and: false, end, value: PartValue::Digits(v) })
            }
            Item::Word(hit) => {
                let and = hit.and_only && hit.prefix_chars == 1;
                if (hit.prefix_chars > 0 && !and) || (hit.definite && !definite_ok) {
                    return None;
                }
                Some(Part { and, end: j + 1, value: PartValue::Word(hit.word) })
            }
            Item::And => {
                // One و only: a run of them is not a compound (and must not recurse).
                if !matches!(self.items.get(j + 1), Some(Item::Digits(_) | Item::Word(_))) {
                    return None;
                }
                let next = self.part(j + 1, definite_ok)?;
                if next.and {
                    return None;
                }
                Some(Part { and: true, ..next })
            }
            _ => None,
        }
    }

    /// The longest number starting at token `i`. `after_number`: a number ends just before.
    fn read(&self, i: usize, after_number: bool) -> Option<NumberMatch> {
        let (first, prefix_chars, definite, first_end) = match self.items[i] {
            Item::Digits(_) => {
                let (v, end) = self.digits(i)?;
                (PartValue::Digits(v), 0, false, end)
            }
            Item::Word(hit) => {
                if hit.time_unit && !hit.definite && hit.prefix_chars == 0 && after_number {
                    return None; // 30 ثانية: seconds
                }
                if matches!(hit.word, Word::Hundreds(100))
                    && hit.definite
                    && (hit.with_bi || (hit.prefix_chars == 0 && i > 0 && matches!(self.items[i - 1], Item::Fi(_))))
                {
                    return None; // بالمئة, في المئة without a number before: a percent sign
                }
                (PartValue::Word(hit.word), hit.prefix_chars, hit.definite, i + 1)
            }
            Item::Article { prefix_chars } => {
                // الـ20: the article glued to digits.
                let next = self.tokens.get(i + 1)?;
                match self.items[i + 1] {
                    Item::Digits(_) if !next.space_before && !next.newline_before => {
                        let (v, end) = self.digits(i + 1)?;
                        (PartValue::Digits(v), prefix_chars, true, end)
                    }
                    _ => return None,
                }
            }
            Item::Minus { sign } => return self.negative(i, sign),
            _ => return None,
        };
        let done = |end: usize, value: f64, kind: NumberKind, from_digits: bool| {
            value.is_finite().then_some(NumberMatch {
                tokens: i..end,
                value,
                kind,
                from_digits,
                prefix_chars,
                definite,
            })
        };
        let word = match first {
            PartValue::Digits(v) => {
                let acc = Acc {
                    total: 0.0,
                    group: v,
                    state: State::Digits,
                    last_scale: f64::INFINITY,
                    from_digits: true,
                    has_fraction: false,
                    end: first_end,
                };
                return self.finish_cardinal(self.continue_cardinal(acc, definite), i, prefix_chars, definite);
            }
            PartValue::Word(w) => w,
        };
        let acc = |group: f64, state: State| Acc {
            total: 0.0,
            group,
            state,
            last_scale: f64::INFINITY,
            from_digits: false,
            has_fraction: false,
            end: i + 1,
        };
        let cardinal = |a: Acc| self.finish_cardinal(self.continue_cardinal(a, definite), i, prefix_chars, definite);
        match word {
            Word::Zero => done(i + 1, 0.0, NumberKind::Cardinal, false),
            Word::Unit(u) => cardinal(acc(f64::from(u), State::Unit)),
            Word::UnitInCompound { unit, tens } => {
                self.compound_follows(i + 1, tens, definite).then(|| cardinal(acc(f64::from(unit), State::Unit)))?
            }
            Word::Ten => cardinal(acc(10.0, State::Complete)),
            Word::Tens(t) => cardinal(acc(f64::from(t), State::Complete)),
            Word::Hundreds(h) => cardinal(acc(f64::from(h), State::Hundreds)),
            Word::Scale { value, count } => cardinal(Acc {
                total: value * f64::from(count),
                group: 0.0,
                last_scale: value,
                ..acc(0.0, State::Scaled)
            }),
            Word::Fraction(f) => {
                // نصف مليون and نصف المليون are half a million; نصف alone is a half.
                match self.part(i + 1, true) {
                    Some(Part { and: false, end, value: PartValue::Word(Word::Scale { value, count: 1 }) }) => {
                        let a = Acc { total: f * value, group: 0.0, last_scale: value, end, ..acc(0.0, State::Scaled) };
                        cardinal(a)
                    }
                    _ => done(i + 1, f, NumberKind::Fraction, false),
                }
            }
            Word::ScalePlural(v) | Word::Approx(v) => {
                // عشرات الآلاف, بضع مئات, آلاف الملايين: each multiplier larger than the last.
                let (mut value, mut unit, mut end) = (v, v, i + 1);
                while let Some(Part {
                    and: false,
                    end: e,
                    value: PartValue::Word(Word::ScalePlural(m) | Word::Approx(m)),
                }) = self.part(end, true)
                {
                    if m <= unit {
                        break;
                    }
                    (value, unit, end) = (value * m, m, e);
                }
                done(end, value, NumberKind::Approximate, false)
            }
            Word::Ordinal(n) => self.ordinal(i, n, false).and_then(|(end, v)| done(end, v, NumberKind::Ordinal, false)),
            Word::OrdinalOne => self.ordinal(i, 1, true).and_then(|(end, v)| done(end, v, NumberKind::Ordinal, false)),
            Word::FractionPlural(_) => None,
        }
    }

    /// A number after a minus sign (written against the digits and not after them: -5, not
    /// 2020-2021; not a bullet at the start of a line) or after سالب / ناقص.
    fn negative(&self, i: usize, sign: bool) -> Option<NumberMatch> {
        let next = self.tokens.get(i + 1)?;
        // One sign only: -- or سالب سالب is not read (and must not recurse).
        if next.newline_before || !matches!(self.items[i + 1], Item::Digits(_) | Item::Word(_)) {
            return None;
        }
        if sign {
            // At the start of a line a dash is a list bullet (-5 ملاعق).
            let stands_free = !self.tokens[i].newline_before
                && (i == 0 || self.tokens[i].space_before || matches!(self.tokens[i - 1].kind, TokenKind::Punct));
            if !stands_free || next.space_before || !matches!(self.items[i + 1], Item::Digits(_)) {
                return None;
            }
        }
        let m = self.read(i + 1, false)?;
        let signed = matches!(m.kind, NumberKind::Cardinal | NumberKind::Fraction | NumberKind::Percent);
        (signed && m.prefix_chars == 0).then(|| NumberMatch { tokens: i..m.tokens.end, value: -m.value, ..m })
    }

    /// Whether what follows a unit that only begins compounds (أحد, اثنا) at `j` makes one:
    /// عشر, or (when `tens`) و and tens.
    fn compound_follows(&self, j: usize, tens: bool, definite: bool) -> bool {
        matches!(self.part(j, definite), Some(Part { and: false, value: PartValue::Word(Word::Ten), .. }))
            || (tens
                && matches!(
                    self.part(j, definite),
                    Some(Part { and: true, value: PartValue::Word(Word::Tens(_)), .. })
                ))
    }

    /// An ordinal from its first word at `i`: الثالث, الثالث عشر, الثالث والعشرين. `compound_only`
    /// for حادي, which is an ordinal only with what follows.
    fn ordinal(&self, i: usize, n: u8, compound_only: bool) -> Option<(usize, f64)> {
        let n = f64::from(n);
        // أول takes no tens (الحادي does that job); العاشر none either.
        if compound_only || (2.0..=9.0).contains(&n) {
            match self.part(i + 1, true) {
                Some(Part { and: false, end, value: PartValue::Word(Word::Ten) }) => return Some((end, 10.0 + n)),
                Some(Part { and: true, end, value: PartValue::Word(Word::Tens(t)) }) => {
                    return Some((end, n + f64::from(t)));
                }
                _ => {}
            }
        }
        (!compound_only).then_some((i + 1, n))
    }

    /// Reads the rest of a cardinal whose first part is in `acc`.
    fn continue_cardinal(&self, mut acc: Acc, definite: bool) -> Acc {
        // The number as it stood before the group now being read began after و: if that
        // group turns out to belong to a larger scale (مليون وثلاثة مليارات), it is the start
        // of the next number instead.
        let mut before_group: Option<Acc> = None;
        while let Some(part) = self.part(acc.end, definite) {
            let mut next = acc;
            next.end = part.end;
            let Acc { group, state, last_scale, .. } = acc;
            let accepted = match (part.and, part.value) {
                // Direct: a teen, a count of hundreds, a scale word, a denominator.
                (false, PartValue::Word(Word::Ten)) if state == State::Unit => {
                    next.group = group + 10.0;
                    next.state = State::Complete;
                    true
                }
                (false, PartValue::Word(Word::Hundreds(100)))
                    if (state == State::Unit && (3.0..10.0).contains(&group))
                        || (state == State::Digits && group >= 1.0 && group == group.trunc() && group < 1e3) =>
                {
                    next.group = scaled(group, 100.0);
                    next.state = State::Hundreds;
                    true
                }
                (false, PartValue::Word(Word::Scale { value, count: 1 } | Word::ScalePlural(value)))
                    if group > 0.0 && state != State::Scaled =>
                {
                    if value >= last_scale {
                        if let Some(saved) = before_group {
                            acc = saved;
                        }
                        break;
                    }
                    next.total = acc.total + scaled(group, value);
                    next.group = 0.0;
                    next.last_scale = value;
                    next.state = State::Scaled;
                    before_group = None;
                    true
                }
                (false, PartValue::Word(Word::Scale { value, count: 1 }))
                    if state == State::Scaled && group == 0.0 && value > last_scale =>
                {
                    // ألف مليون: a thousand million.
                    next.total = acc.total * value;
                    next.last_scale = value;
                    true
                }
                (false, PartValue::Word(Word::FractionPlural(d)))
                    if acc.total == 0.0 && matches!(state, State::Unit | State::Complete) && group < f64::from(d) =>
                {
                    next.group = group / f64::from(d);
                    next.has_fraction = true;
                    acc = next;
                    break;
                }
                // After و: the smaller parts.
                (true, PartValue::Word(Word::Unit(u))) if matches!(state, State::Hundreds | State::Scaled) => {
                    if state == State::Scaled {
                        before_group = Some(acc);
                    }
                    next.group = group + f64::from(u);
                    next.state = State::Unit;
                    true
                }
                (true, PartValue::Word(Word::UnitInCompound { unit, tens }))
                    if matches!(state, State::Hundreds | State::Scaled)
                        && self.compound_follows(part.end, tens, definite) =>
                {
                    if state == State::Scaled {
                        before_group = Some(acc);
                    }
                    next.group = group + f64::from(unit);
                    next.state = State::Unit;
                    true
                }
                (true, PartValue::Word(Word::Ten)) if matches!(state, State::Hundreds | State::Scaled) => {
                    if state == State::Scaled {
                        before_group = Some(acc);
                    }
                    next.group = group + 10.0;
                    next.state = State::Complete;
                    true
                }
                (true, PartValue::Word(Word::Tens(t)))
                    if matches!(state, State::Unit | State::Hundreds | State::Scaled) =>
                {
                    if state == State::Scaled {
                        before_group = Some(acc);
                    }
                    next.group = group + f64::from(t);
                    next.state = State::Complete;
                    true
                }
                (true, PartValue::Word(Word::Hundreds(h))) if state == State::Scaled => {
                    before_group = Some(acc);
                    next.group = f64::from(h);
                    next.state = State::Hundreds;
                    true
                }
                (true, PartValue::Word(Word::Scale { value, count }))
                    if state == State::Scaled && value < last_scale =>
                {
                    next.total = acc.total + value * f64::from(count);
                    next.last_scale = value;
                    true
                }
                (true, PartValue::Digits(d)) if state == State::Scaled && d < last_scale => {
                    before_group = Some(acc);
                    next.group = d;
                    next.state = State::Digits;
                    next.from_digits = true;
                    true
                }
                (true, PartValue::Digits(d))
                    if state == State::Hundreds && d < 100.0 && d == d.trunc() && group % 100.0 == 0.0 =>
                {
                    next.group = group + d;
                    next.state = State::Complete;
                    next.from_digits = true;
                    true
                }
                (true, PartValue::Word(Word::Fraction(f))) => {
                    // مليون ونصف is a million and a half million; خمسة ونصف five and a half.
                    if state == State::Scaled {
                        next.total = acc.total + f * last_scale;
                        // مليون ونصف المليون repeats the scale.
                        if let Some(Part { and: false, end, value: PartValue::Word(Word::Scale { value, count: 1 }) }) =
                            self.part(part.end, true)
                            && value == last_scale
                        {
                            next.end = end;
                        }
                    } else {
                        next.group = group + f;
                    }
                    next.has_fraction = true;
                    acc = next;
                    break;
                }
                _ => false,
            };
            if !accepted {
                break;
            }
            acc = next;
        }
        acc
    }

    /// A cardinal read into `acc`, with a percent sign after it if there is one.
    fn finish_cardinal(&self, acc: Acc, i: usize, prefix_chars: u8, definite: bool) -> Option<NumberMatch> {
        let value = acc.total + acc.group;
        let mut end = acc.end;
        let mut kind =
            if acc.has_fraction && value.fract() != 0.0 { NumberKind::Fraction } else { NumberKind::Cardinal };
        let next_on_line = |j: usize| self.tokens.get(j).filter(|t| !t.newline_before).map(|_| self.items[j]);
        let is_hundred_word = |item: Option<Item>, bi: bool| matches!(item, Some(Item::Word(h)) if matches!(h.word, Word::Hundreds(100)) && h.definite && h.with_bi == bi && (bi || h.prefix_chars == 0));
        match next_on_line(end) {
            Some(Item::PercentSign) => {
                kind = NumberKind::Percent;
                end += 1;
            }
            item @ Some(Item::Word(_)) if is_hundred_word(item, true) => {
                kind = NumberKind::Percent;
                end += 1;
            }
            Some(Item::Fi(true)) if is_hundred_word(next_on_line(end + 1), false) => {
                kind = NumberKind::Percent;
                end += 2;
            }
            _ => {}
        }
        value.is_finite().then_some(NumberMatch {
            tokens: i..end,
            value,
            kind,
            from_digits: acc.from_digits,
            prefix_chars,
            definite,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TextLayer;
    use NumberKind::*;

    /// The table of one- and two-letter roles says what the letters say, for every one or two
    /// characters of the Arabic block (letters, marks, digits, punctuation alike).
    #[test]
    fn short_words_have_the_role_their_letters_give() {
        let shapes = &*SHAPES;
        let slow = |b: &[u8]| {
            let n = b.len() / 2;
            let last = shapes.code_at(b, n - 1);
            let mut head = [0u8; 7];
            for (k, slot) in head.iter_mut().enumerate().take(n) {
                *slot = shapes.code_at(b, k);
            }
            shapes.role_of_codes(&head, last, n)
        };
        let chars: Vec<char> = (0x600..=0x6FF).filter_map(char::from_u32).collect();
        let mut readable = 0;
        for &a in &chars {
            for word in std::iter::once(a.to_string()).chain(chars.iter().map(|&b| format!("{a}{b}"))) {
                let token = word_token(&word);
                let fast = role(shapes, &word, &token);
                assert!(fast == slow(word.as_bytes()), "{word}");
                readable += usize::from(fast == Role::Readable);
            }
        }
        assert!(readable > 0);
    }

    /// (the matched text, value, kind, prefix_chars) for every number in `s`.
    fn numbers(s: &str) -> Vec<(String, f64, NumberKind, u8)> {
        let layer = TextLayer::new(s);
        let tokens = &layer.tokens;
        find_numbers(layer.text(), tokens)
            .into_iter()
            .map(|m| {
                let (a, b) = (tokens[m.tokens.start].start as usize, tokens[m.tokens.end - 1].end as usize);
                (layer.text()[a..b].to_string(), m.value, m.kind, m.prefix_chars)
            })
            .collect()
    }

    /// (text, value, kind) for a quick comparison.
    fn values(s: &str) -> Vec<(String, f64, NumberKind)> {
        numbers(s).into_iter().map(|(t, v, k, _)| (t, v, k)).collect()
    }

    fn expect(s: &str, want: &[(&str, f64, NumberKind)]) {
        let got = values(s);
        let same = got.len() == want.len()
            && got
                .iter()
                .zip(want)
                .all(|(g, w)| g.0 == w.0 && g.2 == w.2 && (g.1 - w.1).abs() <= 1e-9 * w.1.abs().max(1.0));
        assert!(same, "{s}\n got: {got:?}\nwant: {want:?}");
    }

    #[test]
    fn digit_strings() {
        assert_eq!(digits_value("1960"), Some(1960.0));
        assert_eq!(digits_value("3.5"), Some(3.5));
        assert_eq!(digits_value("1,960"), Some(1960.0));
        assert_eq!(digits_value("2,5"), Some(2.5));
        assert_eq!(digits_value("0,080"), Some(0.08));
        assert_eq!(digits_value("12,50"), Some(12.5));
        assert_eq!(digits_value("1,234,567"), Some(1_234_567.0));
        assert_eq!(digits_value("1.234.567"), Some(1_234_567.0));
        assert_eq!(digits_value("1,234.75"), Some(1234.75));
        assert_eq!(digits_value("1.234,75"), Some(1234.75));
        assert_eq!(digits_value("١٩٦٠"), Some(1960.0));
        assert_eq!(digits_value("٢٫٥"), Some(2.5));
        assert_eq!(digits_value("007"), Some(7.0));
        for bad in ["", ".", "1.", ".5", "1..2", "1,2,3", "192.168.1.2", "12a", "1,23,456", "1.5.0,2"] {
            assert_eq!(digits_value(bad), None, "{bad:?}");
        }
        assert_eq!(digits_value(&"9".repeat(400)), None);
        assert_eq!(digits_value(&format!("1.{}", "3".repeat(100))), Some(1.0 + 1.0 / 3.0));
    }

    #[test]
    fn single_words() {
        assert_eq!(word_value("ثلاثة"), Some((3.0, Cardinal)));
        assert_eq!(word_value("ثلاثه"), Some((3.0, Cardinal)));
        assert_eq!(word_value("الثلاثين"), Some((30.0, Cardinal)));
        assert_eq!(word_value("مائتين"), Some((200.0, Cardinal)));
        assert_eq!(word_value("ثلاثمئة"), Some((300.0, Cardinal)));
        assert_eq!(word_value("ألفين"), Some((2000.0, Cardinal)));
        assert_eq!(word_value("الف"), Some((1000.0, Cardinal)));
        assert_eq!(word_value("آلاف"), Some((1000.0, Approximate)));
        assert_eq!(word_value("الأولى"), Some((1.0, Ordinal)));
        assert_eq!(word_value("نصف"), Some((0.5, Fraction)));
        assert_eq!(word_value("عشرات"), Some((10.0, Approximate)));
        assert_eq!(word_value("1,960"), Some((1960.0, Cardinal)));
        for not_alone in ["أحد", "حادي", "أرباع", "الاثنين", "ثمن", "يومين", "دولار", ""]
        {
            assert_eq!(word_value(not_alone), None, "{not_alone}");
        }
    }

    #[test]
    fn digits_and_scale_words() {
        expect(
            "قتل 376 شخصا وأصيب 1,960 آخرون منذ 2020، وبلغت الخسائر 2.5 مليون دولار و1.5 مليار يورو و400 ألف جنيه",
            &[
                ("376", 376.0, Cardinal),
                ("1,960", 1960.0, Cardinal),
                ("2020", 2020.0, Cardinal),
                ("2.5 مليون", 2.5e6, Cardinal),
                ("1.5 مليار", 1.5e9, Cardinal),
                ("400 ألف", 4e5, Cardinal),
            ],
        );
        expect(
            "فر ٣ آلاف ثم ٢٠ ألفا ثم 1,5 مليون",
            &[("3 آلاف", 3e3, Cardinal), ("20 ألفا", 2e4, Cardinal), ("1,5 مليون", 1.5e6, Cardinal)],
        );
        expect("نزح مليون و200 ألف شخص", &[("مليون و200 ألف", 1.2e6, Cardinal)]);
        expect("نزح بين 400 إلى 600 ألف", &[("400", 400.0, Cardinal), ("600 ألف", 6e5, Cardinal)]);
        // Two years joined by و are two numbers.
        expect("في عامي 2020 و2021", &[("2020", 2020.0, Cardinal), ("2021", 2021.0, Cardinal)]);
        let m = &find_numbers("2 مليون", &TextLayer::new("2 مليون").tokens)[0];
        assert!(m.from_digits && m.tokens == (0..2));
    }

    #[test]
    fn cardinal_words_and_compounds() {
        expect(
            "استمرت الحرب ستة أسابيع وقتل فيها ثلاثمئة وخمسة وستون مدنيا خلال ثلاثين عاما",
            &[("ستة", 6.0, Cardinal), ("ثلاثمئة وخمسة وستون", 365.0, Cardinal), ("ثلاثين", 30.0, Cardinal)],
        );
        expect("وصل خمسة وعشرون ألفا من اللاجئين", &[("خمسة وعشرون ألفا", 25e3, Cardinal)]);
        expect("جمعوا ثلاثة آلاف وخمسمائة توقيع", &[("ثلاثة آلاف وخمسمائة", 3500.0, Cardinal)]);
        expect("اعتقل مئتا شخص وأفرج عن مائتين", &[("مئتا", 200.0, Cardinal), ("مائتين", 200.0, Cardinal)]);
        expect("بلغ العدد ثلاث مئة وواحدا", &[("ثلاث مئة وواحدا", 301.0, Cardinal)]);
        expect("تكلف ألفين ومائتين دينار", &[("ألفين ومائتين", 2200.0, Cardinal)]);
        expect("الميزانية مليون وألفين", &[("مليون وألفين", 1_002_000.0, Cardinal)]);
        expect("مئة ألف متظاهر وتسعمئة شرطي", &[("مئة ألف", 1e5, Cardinal), ("وتسعمئة", 900.0, Cardinal)]);
        expect("ستمائة وأربعون", &[("ستمائة وأربعون", 640.0, Cardinal)]);
        expect("بلغت أربعمئة ألف وثلاثين", &[("أربعمئة ألف وثلاثين", 400_030.0, Cardinal)]);
        expect(
            "اثنان واثنتين واثنتان وإثنين",
            &[
                ("اثنان", 2.0, Cardinal),
                ("واثنتين", 2.0, Cardinal),
                ("واثنتان", 2.0, Cardinal),
                ("وإثنين", 2.0, Cardinal),
            ],
        );
        expect("أنفق مليار ومليونين", &[("مليار ومليونين", 1_002_000_000.0, Cardinal)]);
        expect("ألف مليون دولار", &[("ألف مليون", 1e9, Cardinal)]);
    }

    #[test]
    fn teens() {
        expect(
            "لعب أحد عشر لاعبا في إحدى عشرة دولة خلال اثني عشر شهرا وتسعة عشر يوما وثلاث عشرة ليلة",
            &[
                ("أحد عشر", 11.0, Cardinal),
                ("إحدى عشرة", 11.0, Cardinal),
                ("اثني عشر", 12.0, Cardinal),
                ("وتسعة عشر", 19.0, Cardinal),
                ("وثلاث عشرة", 13.0, Cardinal),
            ],
        );
        expect("كلف اثنا عشر مليار دولار", &[("اثنا عشر مليار", 12e9, Cardinal)]);
        expect("مائة وستة عشر", &[("مائة وستة عشر", 116.0, Cardinal)]);
        // عشر alone is ten.
        expect("منذ عشر سنوات", &[("عشر", 10.0, Cardinal)]);
    }

    #[test]
    fn ordinals() {
        expect("في العاشر من الشهر", &[("العاشر", 10.0, Ordinal)]);
        expect("في الحادي والعشرين من أيلول", &[("الحادي والعشرين", 21.0, Ordinal)]);
        expect("حتى الحادي والثلاثين من كانون الأول", &[("الحادي والثلاثين", 31.0, Ordinal), ("الأول", 1.0, Ordinal)]);
        expect("الساعة الحادية عشرة ليلا", &[("الحادية عشرة", 11.0, Ordinal)]);
        expect("في القرن التاسع عشر", &[("التاسع عشر", 19.0, Ordinal)]);
        expect("اليوم الخامس والعشرون", &[("الخامس والعشرون", 25.0, Ordinal)]);
        expect("الدورة الثانية عشرة", &[("الثانية عشرة", 12.0, Ordinal)]);
        expect("أول أمس", &[("أول", 1.0, Ordinal)]);
        expect("للمرة الأولى والثالثة", &[("الأولى", 1.0, Ordinal), ("والثالثة", 3.0, Ordinal)]);
        expect("لأول مرة", &[("لأول", 1.0, Ordinal)]);
        // حادي alone is not a number.
        expect("الحادي من", &[]);
        // ثانية after a number is the unit of time.
        expect("خلال 30 ثانية ثم مرة ثانية", &[("30", 30.0, Cardinal), ("ثانية", 2.0, Ordinal)]);
    }

    #[test]
    fn fractions() {
        expect(
            "نصف السكان وربع قرن وثلث الأراضي",
            &[("نصف", 0.5, Fraction), ("وربع", 0.25, Fraction), ("وثلث", 1.0 / 3.0, Fraction)],
        );
        expect("نزح مليون ونصف", &[("مليون ونصف", 1.5e6, Cardinal)]);
        expect("نزح 2 مليون ونصف", &[("2 مليون ونصف", 2.5e6, Cardinal)]);
        expect("انتظر ساعة ونصف", &[("ونصف", 0.5, Fraction)]);
        expect("نصف مليون لاجئ ونصف المليون", &[("نصف مليون", 5e5, Cardinal), ("ونصف المليون", 5e5, Cardinal)]);
        expect("نزح مليون ونصف المليون", &[("مليون ونصف المليون", 1.5e6, Cardinal)]);
        expect("ثلاثة أرباع السكان", &[("ثلاثة أرباع", 0.75, Fraction)]);
        expect("خمسة ونصف", &[("خمسة ونصف", 5.5, Fraction)]);
        expect("ثلثا الأعضاء", &[("ثلثا", 2.0 / 3.0, Fraction)]);
    }

    #[test]
    fn approximate_quantities() {
        expect("قتل العشرات وأصيب مئات المدنيين", &[("العشرات", 10.0, Approximate), ("مئات", 100.0, Approximate)]);
        expect("عشرات القتلى", &[("عشرات", 10.0, Approximate)]);
        expect("فر مئات الآلاف وعشرات الآلاف", &[("مئات الآلاف", 1e5, Approximate), ("وعشرات الآلاف", 1e4, Approximate)]);
        expect("خرج آلاف المتظاهرين", &[("آلاف", 1e3, Approximate)]);
        expect("خرج ثلاثة آلاف متظاهر", &[("ثلاثة آلاف", 3e3, Cardinal)]);
        expect("بعد بضعة أيام وعدة مرات", &[("بضعة", 3.0, Approximate), ("وعدة", 3.0, Approximate)]);
        expect("بضع مئات وملايين الدولارات", &[("بضع مئات", 300.0, Approximate), ("وملايين", 1e6, Approximate)]);
        expect("عدة آلاف", &[("عدة آلاف", 3e3, Approximate)]);
    }

    #[test]
    fn proclitics_are_not_part_of_the_number() {
        let got = numbers("وثلاثة بعشرين لخمسة والعشرين للعشرين بالثلاثة");
        let prefixes: Vec<(f64, u8)> = got.iter().map(|(_, v, _, p)| (*v, *p)).collect();
        assert_eq!(prefixes, vec![(3.0, 1), (20.0, 1), (5.0, 1), (20.0, 1), (20.0, 2), (3.0, 1)]);
        let layer = TextLayer::new("والعشرين الثلاثة ثلاثة");
        let definite: Vec<bool> = find_numbers(layer.text(), &layer.tokens).iter().map(|m| m.definite).collect();
        assert_eq!(definite, vec![true, true, false]);
    }

    #[test]
    fn words_that_are_not_numbers_here() {
        // Weekdays, "one of", the dual of a counted noun, price, "I am not".
        expect("يوم الاثنين والأحد قال أحد الجنود وأحد الضباط بعد يومين إن ثمن الخبز لست أدري", &[]);
        // Percent signs without a number.
        expect("ارتفع بالمئة وفي المئة", &[]);
        // أثنى (praised) shares its key with اثنى; عده (his count), بعده (after him) with عدة.
        expect("أثنى الوزير على الجنود ووفى بوعده وما عده أحد بعده", &[]);
        expect("قتل مئة وأثنى على", &[("مئة", 100.0, Cardinal)]);
        // Four quarters of a year are not a fraction.
        expect("خلال آخر أربعة أرباع", &[("أربعة", 4.0, Cardinal)]);
    }

    #[test]
    fn percentages() {
        expect(
            "ارتفع 20 في المئة ثم 3.5% ثم عشرين بالمائة",
            &[("20 في المئة", 20.0, Percent), ("3.5%", 3.5, Percent), ("عشرين بالمائة", 20.0, Percent)],
        );
    }

    #[test]
    fn article_before_digits() {
        let layer = TextLayer::new("في الذكرى الـ75 وفي الـ20 من الشهر");
        let got = find_numbers(layer.text(), &layer.tokens);
        assert_eq!(got.iter().map(|m| (m.value, m.definite)).collect::<Vec<_>>(), vec![(75.0, true), (20.0, true)]);
        assert_eq!(got[0].tokens.len(), 2);
    }

    #[test]
    fn negative_numbers() {
        expect("بلغت الحرارة -5 درجات ثم سالب ثلاثة", &[("-5", -5.0, Cardinal), ("سالب ثلاثة", -3.0, Cardinal)]);
        // A range and a list bullet are not negative numbers.
        expect(
            "بين 2020-2021\n-5 ملاعق",
            &[("2020", 2020.0, Cardinal), ("2021", 2021.0, Cardinal), ("5", 5.0, Cardinal)],
        );
        // A sentence slice may start at a dash glued to the previous sentence.
        let layer = TextLayer::new("انتهى.-5");
        let tokens = &layer.tokens[2..];
        assert_eq!(find_numbers(layer.text(), tokens)[0].value, -5.0);
    }

    #[test]
    fn thousands_groups_the_tokeniser_splits() {
        expect(
            "نزح 1 234 567 شخصا و40 000 آخرون",
            &[("1 234 567", 1_234_567.0, Cardinal), ("40 000", 40_000.0, Cardinal)],
        );
        expect("بلغ 1،200 جندي ثم 12،220,5", &[("1،200", 1200.0, Cardinal), ("12،220,5", 12_220.5, Cardinal)]);
        // A list written with Arabic commas and spaces stays a list; a year is no thousands group.
        expect(
            "الأرقام 1، 234، 567 في 2020 300",
            &[
                ("1", 1.0, Cardinal),
                ("234", 234.0, Cardinal),
                ("567", 567.0, Cardinal),
                ("2020", 2020.0, Cardinal),
                ("300", 300.0, Cardinal),
            ],
        );
        expect("بلغت 68.18 مليار", &[("68.18 مليار", 68_180_000_000.0, Cardinal)]);
        assert_eq!(values("بلغت 68.18 مليار")[0].1, 68_180_000_000.0);
    }

    #[test]
    fn a_larger_scale_after_and_starts_a_new_number() {
        expect("مليون وثلاثة مليارات", &[("مليون", 1e6, Cardinal), ("وثلاثة مليارات", 3e9, Cardinal)]);
        expect("مليون و3 مليارات", &[("مليون", 1e6, Cardinal), ("3 مليارات", 3e9, Cardinal)]);
    }

    #[test]
    fn spelling_variants_match() {
        expect(
            "مائه جندي والفا دولار ومئتي",
            &[("مائه", 100.0, Cardinal), ("والفا", 1e3, Cardinal), ("ومئتي", 200.0, Cardinal)],
        );
        assert_eq!(word_value("مائه"), Some((100.0, Cardinal)));
        assert_eq!(word_value("الفا"), Some((1000.0, Cardinal)));
        assert_eq!(word_value("احدى"), None);
        expect("إحدى عشرة واحدى عشره", &[("إحدى عشرة", 11.0, Cardinal), ("واحدى عشره", 11.0, Cardinal)]);
    }

    #[test]
    fn bad_input_and_many_numbers() {
        let long = "9".repeat(400);
        let layer = TextLayer::new(&format!("رقم {long} و {long}.{long} G20 5G ٣٣abc"));
        for m in find_numbers(layer.text(), &layer.tokens) {
            assert!(m.value.is_finite());
        }
        // Runs of conjunctions, signs and separators stay linear and shallow.
        for piece in ["و ", "سالب ", "- ", "-", "، ", "1،", "1 ", "ألف ", "مليون و", "أحد ", "الحادي و"]
        {
            let layer = TextLayer::new(&piece.repeat(20_000));
            let _ = find_numbers(layer.text(), &layer.tokens);
        }
        let many: Vec<String> = (1..=30).map(|n| format!("{n} جنديا وخمسة وعشرون")).collect();
        let layer = TextLayer::new(&many.join(" ثم "));
        assert_eq!(find_numbers(layer.text(), &layer.tokens).len(), 60);
        assert!(find_numbers("", &[]).is_empty());
    }

    /// Every spelling of every number word, with every proclitic the reader peels off and
    /// with hamza and ta-marbuta variants, passes the filter whenever the word table finds
    /// it; words that are none are mostly ruled out.
    #[test]
    fn the_number_word_filter_lets_every_number_word_through() {
        let mut spellings: Vec<String> = SPELLINGS.iter().flat_map(|(s, _)| s.iter().map(|w| w.to_string())).collect();
        spellings.extend(TWO.iter().map(|w| w.to_string()));
        for (count, _) in HUNDRED_COUNTS {
            spellings.extend(["مئة", "مائة"].iter().map(|h| format!("{count}{h}")));
        }
        let variants = |w: &str| [w.to_string(), w.replace(['أ', 'إ'], "ا"), w.replace('ة', "ه"), w.replace('ى', "ي")];
        let mut checked = 0;
        for w in &spellings {
            for variant in variants(w) {
                for p in proclitic_strings().iter().chain(&["أل".to_string(), "وأل".to_string()]) {
                    let word = format!("{p}{variant}");
                    let layer = TextLayer::new(&word);
                    let [token] = layer.tokens.as_slice() else { continue };
                    // The table itself, not classify, which asks the filter first.
                    let surface = token.text(layer.text());
                    let mut key = String::new();
                    fold_key(surface, &mut key);
                    if lookup(surface, &key).is_some() {
                        assert!(may_be_number_word(surface), "{word}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
        for other in ["الرئيس", "قال", "بيروت", "x", "", "2020"] {
            assert!(!may_be_number_word(other), "{other}");
        }
    }

    /// Words for texts where numbers, their neighbours and other words mix.
    const MIXED: &[&str] = &[
        "1",
        "234",
        "1,5",
        "2.5",
        "٢٠",
        "1960",
        "%",
        "٪",
        "-",
        "−",
        "،",
        "/",
        "و",
        "في",
        "وفي",
        "المئة",
        "بالمئة",
        "المائة",
        "الـ",
        "ال",
        "سالب",
        "ناقص",
        "مليون",
        "ملايين",
        "ونصف",
        "نصف",
        "ربع",
        "أرباع",
        "ثلاثة",
        "ثلاث",
        "عشر",
        "عشرة",
        "أحد",
        "إحدى",
        "الحادي",
        "والعشرين",
        "عشرين",
        "وعشرون",
        "الثالث",
        "الأول",
        "آلاف",
        "ألف",
        "ألفين",
        "عشرات",
        "بضعة",
        "عدة",
        "عده",
        "ثانية",
        "مئة",
        "ثلاثمئة",
        "وخمسة",
        "اثنا",
        "اثنين",
        "الاثنين",
        "الرئيس",
        "قال",
        "يوم",
        "عام",
        "x",
        "G20",
        "\n",
        "وبالعشرين",
        "للعشرين",
        "والثلاثة",
        "كثلاثة",
    ];

    fn mixed_text(words: &[(usize, bool)]) -> String {
        let mut text = String::new();
        for &(w, glued) in words {
            if !glued {
                text.push(' ');
            }
            text.push_str(&MIXED[w % MIXED.len()].replace("\\n", "\n"));
        }
        text
    }

    fn same_numbers(text: &str) {
        let layer = TextLayer::new(text);
        let sparse = find_numbers_sparse(layer.text(), &layer.tokens);
        assert_eq!(sparse, find_numbers(layer.text(), &layer.tokens), "{text}");
        // Roles read by hot rank from the lexicon that made the tokens: the same numbers.
        assert_eq!(layer.lexicon, Lexicon::builtin().stamp());
        assert_eq!(find_numbers_sparse_ranked(layer.text(), &layer.tokens, Some(Lexicon::builtin())), sparse, "{text}");
    }

    /// Every hot word's kept role is the one its text gives, in each of its surface forms.
    #[test]
    fn hot_roles_are_the_roles_of_every_surface_form() {
        let lexicon = Lexicon::builtin();
        let shapes = &*SHAPES;
        let roles = lexicon.hot_roles();
        assert_eq!(roles.len(), lexicon.hot_len() + 1);
        let mut readable = 0;
        for rank in 1..=lexicon.hot_len() as u16 {
            let (word, _) = lexicon.hot_word(rank).expect("a hot word");
            let kept = roles[usize::from(rank)];
            assert_ne!(kept, HotRole::UNKNOWN, "{word}");
            readable += usize::from(kept.role() == Role::Readable);
            let chars: Vec<char> = word.chars().collect();
            for (k, _) in chars.iter().enumerate().filter(|(_, c)| **c == 'ا') {
                for hamza in ['أ', 'إ', 'آ'] {
                    let mut surface = chars.clone();
                    surface[k] = hamza;
                    let surface: String = surface.into_iter().collect();
                    let token = crate::tokenize(&surface, None)[0];
                    assert!(role(shapes, &surface, &token) == kept.role(), "{surface} ({word})");
                }
            }
        }
        assert!(readable > 50, "{readable}");
    }

    #[test]
    fn sparse_reading_finds_the_same_numbers() {
        for text in [
            "قتل ثلاثة وعشرون شخصا و 20 في المئة من 1،200 جندي و-5 درجات والـ20 عاما",
            "مليون ونصف المليون و1 234 567 دولار، وسالب 3 ثم الحادي والعشرين من الشهر",
            "بلغ 2.5 مليون 15% وثلاث مئة وخمسة وستون عشرات الآلاف بضع مئات - 7",
            "",
            "الرئيس قال",
            "أربعة آلاف وإحدى عشرة وأربعون ألفا والأربعاء الأول إلى الأمام",
        ] {
            same_numbers(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn sparse_reading_finds_the_same_numbers_in_any_mix(
            words in proptest::collection::vec((0usize..1000, proptest::bool::weighted(0.2)), 0..40)
        ) {
            same_numbers(&mixed_text(&words));
        }
    }
}
