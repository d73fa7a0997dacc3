//! The words of Arabic time expressions, looked up in the `Key` form (hamza/alef, ى/ي and
//! ة/ه folded), so that every orthographic variant of a word is one entry.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use jiff::civil::Weekday;
use marsad_text::normalize::{clean_to_key, key_fold_char};

/// A calendar unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// The TIMEX3 duration designator (`P6W`, `PT2H`).
    pub fn designator(self) -> (&'static str, &'static str) {
        match self {
            Unit::Second => ("PT", "S"),
            Unit::Minute => ("PT", "M"),
            Unit::Hour => ("PT", "H"),
            Unit::Day => ("P", "D"),
            Unit::Week => ("P", "W"),
            Unit::Month => ("P", "M"),
            Unit::Year => ("P", "Y"),
            Unit::Decade => ("P", "DE"),
            Unit::Century => ("P", "CE"),
        }
    }
}

/// Part of a day (TIMEX3 `TMO`, `TAF`, `TEV`, `TNI`), or a fixed hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayPart {
    Dawn,
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
    Midnight,
}

impl DayPart {
    /// The suffix of a day value: `T` + this.
    pub fn timex(self) -> &'static str {
        match self {
            DayPart::Dawn | DayPart::Morning => "MO",
            DayPart::Noon => "12:00",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
            DayPart::Midnight => "00:00",
        }
    }

    /// Hours to add to a clock hour said with this part of the day (الثالثة عصرا = 15).
    pub fn pm(self) -> bool {
        matches!(self, DayPart::Afternoon | DayPart::Evening | DayPart::Noon)
    }
}

/// START / MID / END of a period (مطلع، منتصف، أواخر).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mod {
    Start,
    Mid,
    End,
}

impl Mod {
    pub fn as_str(self) -> &'static str {
        match self {
            Mod::Start => "START",
            Mod::Mid => "MID",
            Mod::End => "END",
        }
    }
}

/// Which way a relative word points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Past,
    Current,
    Next,
}

/// What a word means for time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Word {
    /// A Gregorian month; `strict` when the word is common in another sense (مارس "practised",
    /// تموز, آب "father"): it counts only beside a day, a year or the word شهر.
    Month {
        month: u8,
        strict: bool,
    },
    /// كانون / تشرين: a month with the following الأول / الثاني.
    LevantinePair {
        first: u8,
    },
    /// A one-word Hijri month. All are also names (رمضان، رجب، شعبان) or words (صفر "zero"),
    /// so they count only with a day, a year, هـ or the word شهر.
    Hijri(u8),
    /// ربيع / جمادى / ذو / ذي: a Hijri month with the next word.
    HijriPair(HijriPair),
    Weekday(Weekday),
    /// اليوم 0, أمس −1, غدا +1 …
    RelativeDay(i8),
    /// الليلة: tonight.
    Tonight,
    /// A unit; `count` is 2 for a dual (يومين), 1 for a singular, 0 for a plural.
    Unit {
        unit: Unit,
        count: u8,
    },
    Relative(Direction),
    /// نفسه / ذاته: the same (month, day) as the text set up.
    Same,
    DayPart(DayPart),
    Position(Mod),
    /// A season: `SP`, `SU`, `FA`, `WI`.
    Season(&'static str),
    /// يوميا، أسبوعيا …: a set.
    Every(Unit),
    /// كل: "every", with a following unit.
    EveryWord,
    /// حاليا، مؤخرا …: TIMEX3 `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`.
    Vague(&'static str),
    /// التسعينيات …: the tens digit of a decade.
    Decade(u8),
    /// هـ، هجري، للهجرة.
    HijriEra,
    /// م، ميلادي، للميلاد.
    GregorianEra,
    /// الساعة: a clock time follows.
    Clock,
    /// بتوقيت: a time zone follows (غرينتش، مكة …).
    Zone,
    /// قبل: "ago" after a duration, "before" otherwise.
    Before,
    /// بعد: "later" / "after".
    After,
    /// منذ.
    Since,
    /// لمدة، طيلة، طوال: the duration of …
    ForDuration,
    /// A fraction said after a clock hour or a unit: والنصف، والربع، إلا ربعا.
    Fraction(f32),
    /// Future in the sentence (سوف، من المقرر، المرتقب …), for bare weekdays.
    FutureCue,
    /// من (in "العاشر من نوفمبر").
    Of,
    /// يوم (before a weekday or a date: يوم الخميس).
    DayWord,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HijriPair {
    Rabi,
    Jumada,
    Dhu,
}

const MONTHS: &[(&str, u8, bool)] = &[
    // Transliterated (Egypt, Gulf, much of the press).
    ("يناير", 1, false),
    ("فبراير", 2, false),
    ("فبرائر", 2, false),
    ("مارس", 3, true),
    ("أبريل", 4, false),
    ("إبريل", 4, false),
    ("ابريل", 4, false),
    ("أبريليه", 4, false),
    ("مايو", 5, false),
    ("يونيو", 6, false),
    ("يونيه", 6, false),
    ("يوليو", 7, false),
    ("يوليه", 7, false),
    ("أغسطس", 8, false),
    ("أغسطوس", 8, false),
    ("سبتمبر", 9, false),
    ("أكتوبر", 10, false),
    ("اكتوبر", 10, false),
    ("نوفمبر", 11, false),
    ("نونبر", 11, false),
    ("ديسمبر", 12, false),
    ("دجنبر", 12, false),
    // Levantine and Iraqi (two-word ones are LevantinePair).
    ("شباط", 2, false),
    ("آذار", 3, false),
    ("نيسان", 4, false),
    ("أيار", 5, false),
    ("حزيران", 6, false),
    ("تموز", 7, true),
    ("آب", 8, true),
    ("أيلول", 9, false),
    // Maghrebi (Algeria, Tunisia; Morocco writes يناير … with نونبر، دجنبر).
    ("جانفي", 1, false),
    ("فيفري", 2, false),
    ("أفريل", 4, false),
    ("ماي", 5, true),
    ("جوان", 6, true),
    ("جويلية", 7, false),
    ("جويليه", 7, false),
    ("أوت", 8, true),
    ("يوليوز", 7, false),
    ("غشت", 8, true),
    ("شتنبر", 9, false),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("أحد", Weekday::Sunday),
    ("اثنين", Weekday::Monday),
    ("إثنين", Weekday::Monday),
    ("ثلاثاء", Weekday::Tuesday),
    ("ثلثاء", Weekday::Tuesday),
    ("أربعاء", Weekday::Wednesday),
    ("أربعا", Weekday::Wednesday),
    ("خميس", Weekday::Thursday),
    ("جمعة", Weekday::Friday),
    ("سبت", Weekday::Saturday),
];

/// Words listed as written (Clean form); the table is keyed by their Key form.
const WORDS: &[(&str, Word)] = &[
    ("اليوم", Word::RelativeDay(0)),
    ("أمس", Word::RelativeDay(-1)),
    ("الأمس", Word::RelativeDay(-1)),
    ("البارحة", Word::RelativeDay(-1)),
    ("غدا", Word::RelativeDay(1)),
    ("الغد", Word::RelativeDay(1)),
    ("غد", Word::RelativeDay(1)),
    ("الليلة", Word::Tonight),
    ("يوم", Word::DayWord),
    ("ثانية", Word::Unit { unit: Unit::Second, count: 1 }),
    ("ثوان", Word::Unit { unit: Unit::Second, count: 0 }),
    ("ثواني", Word::Unit { unit: Unit::Second, count: 0 }),
    ("دقيقة", Word::Unit { unit: Unit::Minute, count: 1 }),
    ("دقائق", Word::Unit { unit: Unit::Minute, count: 0 }),
    ("دقيقتين", Word::Unit { unit: Unit::Minute, count: 2 }),
    ("دقيقتان", Word::Unit { unit: Unit::Minute, count: 2 }),
    ("ساعة", Word::Unit { unit: Unit::Hour, count: 1 }),
    ("ساعات", Word::Unit { unit: Unit::Hour, count: 0 }),
    ("ساعتين", Word::Unit { unit: Unit::Hour, count: 2 }),
    ("ساعتان", Word::Unit { unit: Unit::Hour, count: 2 }),
    ("يوما", Word::Unit { unit: Unit::Day, count: 1 }),
    ("أيام", Word::Unit { unit: Unit::Day, count: 0 }),
    ("يومين", Word::Unit { unit: Unit::Day, count: 2 }),
    ("يومان", Word::Unit { unit: Unit::Day, count: 2 }),
    ("أسبوع", Word::Unit { unit: Unit::Week, count: 1 }),
    ("أسبوعا", Word::Unit { unit: Unit::Week, count: 1 }),
    ("أسابيع", Word::Unit { unit: Unit::Week, count: 0 }),
    ("أسبوعين", Word::Unit { unit: Unit::Week, count: 2 }),
    ("أسبوعان", Word::Unit { unit: Unit::Week, count: 2 }),
    ("شهر", Word::Unit { unit: Unit::Month, count: 1 }),
    ("شهرا", Word::Unit { unit: Unit::Month, count: 1 }),
    ("أشهر", Word::Unit { unit: Unit::Month, count: 0 }),
    ("شهور", Word::Unit { unit: Unit::Month, count: 0 }),
    ("شهرين", Word::Unit { unit: Unit::Month, count: 2 }),
    ("شهران", Word::Unit { unit: Unit::Month, count: 2 }),
    ("عام", Word::Unit { unit: Unit::Year, count: 1 }),
    ("عاما", Word::Unit { unit: Unit::Year, count: 1 }),
    ("أعوام", Word::Unit { unit: Unit::Year, count: 0 }),
    ("عامين", Word::Unit { unit: Unit::Year, count: 2 }),
    ("عامان", Word::Unit { unit: Unit::Year, count: 2 }),
    ("سنة", Word::Unit { unit: Unit::Year, count: 1 }),
    ("سنوات", Word::Unit { unit: Unit::Year, count: 0 }),
    ("سنين", Word::Unit { unit: Unit::Year, count: 0 }),
    ("سنتين", Word::Unit { unit: Unit::Year, count: 2 }),
    ("سنتان", Word::Unit { unit: Unit::Year, count: 2 }),
    ("عقد", Word::Unit { unit: Unit::Decade, count: 1 }),
    ("عقود", Word::Unit { unit: Unit::Decade, count: 0 }),
    ("عقدين", Word::Unit { unit: Unit::Decade, count: 2 }),
    ("قرن", Word::Unit { unit: Unit::Century, count: 1 }),
    ("قرون", Word::Unit { unit: Unit::Century, count: 0 }),
    ("قرنين", Word::Unit { unit: Unit::Century, count: 2 }),
    ("الماضي", Word::Relative(Direction::Past)),
    ("الماضية", Word::Relative(Direction::Past)),
    ("المنصرم", Word::Relative(Direction::Past)),
    ("المنصرمة", Word::Relative(Direction::Past)),
    ("الفائت", Word::Relative(Direction::Past)),
    ("الفائتة", Word::Relative(Direction::Past)),
    ("المنقضي", Word::Relative(Direction::Past)),
    ("المقبل", Word::Relative(Direction::Next)),
    ("المقبلة", Word::Relative(Direction::Next)),
    ("القادم", Word::Relative(Direction::Next)),
    ("القادمة", Word::Relative(Direction::Next)),
    ("الجاري", Word::Relative(Direction::Current)),
    ("الجارية", Word::Relative(Direction::Current)),
    ("الحالي", Word::Relative(Direction::Current)),
    ("الحالية", Word::Relative(Direction::Current)),
    ("نفسه", Word::Same),
    ("نفسها", Word::Same),
    ("ذاته", Word::Same),
    ("ذاتها", Word::Same),
    ("فجر", Word::DayPart(DayPart::Dawn)),
    ("فجرا", Word::DayPart(DayPart::Dawn)),
    ("صباح", Word::DayPart(DayPart::Morning)),
    ("صباحا", Word::DayPart(DayPart::Morning)),
    ("ضحى", Word::DayPart(DayPart::Morning)),
    ("ظهر", Word::DayPart(DayPart::Noon)),
    ("ظهرا", Word::DayPart(DayPart::Noon)),
    ("عصر", Word::DayPart(DayPart::Afternoon)),
    ("عصرا", Word::DayPart(DayPart::Afternoon)),
    ("مساء", Word::DayPart(DayPart::Evening)),
    ("مساءا", Word::DayPart(DayPart::Evening)),
    ("ليل", Word::DayPart(DayPart::Night)),
    ("ليلا", Word::DayPart(DayPart::Night)),
    ("ليلة", Word::DayPart(DayPart::Night)),
    ("مطلع", Word::Position(Mod::Start)),
    ("بداية", Word::Position(Mod::Start)),
    ("بدايات", Word::Position(Mod::Start)),
    ("أوائل", Word::Position(Mod::Start)),
    ("مستهل", Word::Position(Mod::Start)),
    ("منتصف", Word::Position(Mod::Mid)),
    ("أواسط", Word::Position(Mod::Mid)),
    ("أواخر", Word::Position(Mod::End)),
    ("نهاية", Word::Position(Mod::End)),
    ("نهايات", Word::Position(Mod::End)),
    ("ختام", Word::Position(Mod::End)),
    ("صيف", Word::Season("SU")),
    ("شتاء", Word::Season("WI")),
    ("خريف", Word::Season("FA")),
    ("ربيع", Word::HijriPair(HijriPair::Rabi)),
    ("يوميا", Word::Every(Unit::Day)),
    ("أسبوعيا", Word::Every(Unit::Week)),
    ("شهريا", Word::Every(Unit::Month)),
    ("سنويا", Word::Every(Unit::Year)),
    ("كل", Word::EveryWord),
    ("حاليا", Word::Vague("PRESENT_REF")),
    ("الآن", Word::Vague("PRESENT_REF")),
    ("راهنا", Word::Vague("PRESENT_REF")),
    ("مؤخرا", Word::Vague("PAST_REF")),
    ("سابقا", Word::Vague("PAST_REF")),
    ("آنذاك", Word::Vague("PAST_REF")),
    ("حينها", Word::Vague("PAST_REF")),
    ("قريبا", Word::Vague("FUTURE_REF")),
    ("مستقبلا", Word::Vague("FUTURE_REF")),
    ("لاحقا", Word::Vague("FUTURE_REF")),
    ("ه", Word::HijriEra),
    ("هجري", Word::HijriEra),
    ("هجرية", Word::HijriEra),
    ("للهجرة", Word::HijriEra),
    ("الهجري", Word::HijriEra),
    ("م", Word::GregorianEra),
    ("ميلادي", Word::GregorianEra),
    ("ميلادية", Word::GregorianEra),
    ("للميلاد", Word::GregorianEra),
    ("الميلادي", Word::GregorianEra),
    ("الساعة", Word::Clock),
    ("بتوقيت", Word::Zone),
    ("توقيت", Word::Zone),
    ("قبل", Word::Before),
    ("بعد", Word::After),
    ("منذ", Word::Since),
    ("مدة", Word::ForDuration),
    ("لمدة", Word::ForDuration),
    ("طيلة", Word::ForDuration),
    ("طوال", Word::ForDuration),
    ("النصف", Word::Fraction(0.5)),
    ("نصف", Word::Fraction(0.5)),
    ("الربع", Word::Fraction(0.25)),
    ("ربع", Word::Fraction(0.25)),
    ("ربعا", Word::Fraction(-0.25)),
    ("الثلث", Word::Fraction(1.0 / 3.0)),
    ("سوف", Word::FutureCue),
    ("المقرر", Word::FutureCue),
    ("المرتقب", Word::FutureCue),
    ("المزمع", Word::FutureCue),
    ("المنتظر", Word::FutureCue),
    ("المتوقع", Word::FutureCue),
    ("من", Word::Of),
    ("محرم", Word::Hijri(1)),
    ("صفر", Word::Hijri(2)),
    ("جمادى", Word::HijriPair(HijriPair::Jumada)),
    ("جمادي", Word::HijriPair(HijriPair::Jumada)),
    ("رجب", Word::Hijri(7)),
    ("شعبان", Word::Hijri(8)),
    ("رمضان", Word::Hijri(9)),
    ("شوال", Word::Hijri(10)),
    ("ذو", Word::HijriPair(HijriPair::Dhu)),
    ("ذي", Word::HijriPair(HijriPair::Dhu)),
    ("كانون", Word::LevantinePair { first: 12 }),
    ("تشرين", Word::LevantinePair { first: 10 }),
];

const DECADES: &[(&str, u8)] =
    &[("عشرين", 2), ("ثلاثين", 3), ("أربعين", 4), ("خمسين", 5), ("ستين", 6), ("سبعين", 7), ("ثمانين", 8), ("تسعين", 9)];

/// The words, and a bitset of the (first letter, last letter, length) shapes of every key:
/// most tokens are ruled out by one bit test, with no folding and no hashing.
struct Table {
    words: HashMap<String, Word, BuildHasherDefault<Fnv>>,
    /// 2^16 bits, indexed by [`shape`].
    shapes: Vec<u64>,
    /// The Key-folded letter of each character U+0600..U+06FF as 1..=42 (U+0621..U+064A),
    /// 0 for what is not an Arabic letter after folding.
    letters: [u8; 256],
}

/// FNV-1a: the keys are a few bytes, and SipHash's setup costs more than the hashing.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Longest key in bytes.
const MAX_KEY_BYTES: usize = 32;

/// Lengths of 15 letters or more share one class.
const MAX_LEN_CLASS: usize = 15;

/// The bit of a (first letter, last letter, length in letters) shape.
#[inline]
fn shape(first: u8, last: u8, letters: usize) -> usize {
    (usize::from(first) << 10) | (usize::from(last) << 4) | letters.min(MAX_LEN_CLASS)
}

impl Table {
    /// The letter index of the two-byte character `b0 b1`, 0 when it is none.
    #[inline]
    fn letter(&self, b0: u8, b1: u8) -> u8 {
        if (0xD8..=0xDB).contains(&b0) { self.letters[(usize::from(b0 & 0x03) << 6) | usize::from(b1 & 0x3F)] } else { 0 }
    }

    /// Can `prefix + word` (Clean form) be a key? Keys are Arabic letters only, two bytes
    /// each, so a string of another byte length, or whose first or last character folds to
    /// no letter, is none.
    #[inline]
    fn may_be_key(&self, prefix: &[u8], word: &[u8]) -> bool {
        let bytes = prefix.len() + word.len();
        if bytes < 2 || bytes % 2 != 0 || bytes > MAX_KEY_BYTES {
            return false;
        }
        let head = if prefix.is_empty() { word } else { prefix };
        let tail = if word.is_empty() { prefix } else { word };
        if head.len() < 2 || tail.len() < 2 {
            return false;
        }
        let first = self.letter(head[0], head[1]);
        let last = self.letter(tail[tail.len() - 2], tail[tail.len() - 1]);
        let bit = shape(first, last, bytes / 2);
        first != 0 && last != 0 && self.shapes[bit / 64] & (1 << (bit % 64)) != 0
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut letters = [0u8; 256];
        for (i, slot) in letters.iter_mut().enumerate() {
            let folded = char::from_u32(0x600 + i as u32).map_or(0, |c| key_fold_char(c) as u32);
            if (0x621..=0x64A).contains(&folded) {
                *slot = (folded - 0x620) as u8;
            }
        }
        let mut shapes = vec![0u64; (1 << 16) / 64];
        let words = words();
        let mut table = Table { words: HashMap::default(), shapes: Vec::new(), letters };
        for key in words.keys() {
            let b = key.as_bytes();
            let only_letters = b.len() % 2 == 0 && b.chunks(2).all(|c| table.letter(c[0], c[1]) != 0);
            // Every key is Arabic letters (a test says so); were one not, no token would be
            // ruled out.
            if !only_letters || b.len() > MAX_KEY_BYTES {
                shapes.iter_mut().for_each(|s| *s = u64::MAX);
                continue;
            }
            let bit = shape(table.letter(b[0], b[1]), table.letter(b[b.len() - 2], b[b.len() - 1]), b.len() / 2);
            shapes[bit / 64] |= 1 << (bit % 64);
        }
        table.words = words.into_iter().collect();
        table.shapes = shapes;
        table
    })
}

fn words() -> HashMap<String, Word> {
    {
        let mut map = HashMap::new();
        for &(word, meaning) in WORDS {
            map.insert(clean_to_key(word), meaning);
        }
        for &(word, month, strict) in MONTHS {
            map.insert(clean_to_key(word), Word::Month { month, strict });
        }
        for &(word, weekday) in WEEKDAYS {
            map.insert(clean_to_key(word), Word::Weekday(weekday));
            map.insert(clean_to_key(&format!("ال{word}")), Word::Weekday(weekday));
        }
        for &(tens, digit) in DECADES {
            for suffix in ["يات", "ات"] {
                map.insert(clean_to_key(&format!("{tens}{suffix}")), Word::Decade(digit));
                map.insert(clean_to_key(&format!("ال{tens}{suffix}")), Word::Decade(digit));
            }
        }
        map
    }
}

/// The meaning of one word given in its `Key` form.
pub fn lookup(key: &str) -> Option<Word> {
    table().words.get(key).copied()
}

/// The meaning of one word given in its `Clean` form (folded here), or of `prefix + word`.
/// Allocation-free; rules most words out from their first and last letters and length alone.
pub fn lookup_clean(prefix: &str, word: &str) -> Option<Word> {
    let table = table();
    if !table.may_be_key(prefix.as_bytes(), word.as_bytes()) {
        return None;
    }
    let mut buf = [0u8; MAX_KEY_BYTES * 2];
    let mut len = 0;
    for c in prefix.chars().chain(word.chars()) {
        let folded = marsad_text::normalize::key_fold_char(c);
        if len + folded.len_utf8() > buf.len() {
            return None;
        }
        len += folded.encode_utf8(&mut buf[len..]).len();
    }
    let key = std::str::from_utf8(&buf[..len]).ok()?;
    table.words.get(key).copied()
}

/// The month of a Levantine pair (كانون الأول = 12, كانون الثاني = 1, تشرين الأول = 10,
/// تشرين الثاني = 11) from the pair's first month and the ordinal that follows.
pub fn levantine_month(first: u8, second: bool) -> u8 {
    match (first, second) {
        (12, false) => 12,
        (12, true) => 1,
        (_, false) => 10,
        (_, true) => 11,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Option<Word> {
        lookup(&clean_to_key(s))
    }

    #[test]
    fn spelling_variants_share_an_entry() {
        assert_eq!(key("ابريل"), key("أبريل"));
        assert_eq!(key("اغسطس"), Some(Word::Month { month: 8, strict: false }));
        assert_eq!(key("الاثنين"), Some(Word::Weekday(Weekday::Monday)));
        assert_eq!(key("الإثنين"), Some(Word::Weekday(Weekday::Monday)));
        assert_eq!(key("الجمعه"), Some(Word::Weekday(Weekday::Friday)));
        assert_eq!(key("التسعينات"), Some(Word::Decade(9)));
        assert_eq!(key("تسعينيات"), Some(Word::Decade(9)));
        assert_eq!(key("جويلية"), Some(Word::Month { month: 7, strict: false }));
        assert_eq!(key("مارس"), Some(Word::Month { month: 3, strict: true }));
        assert_eq!(key("كلمة"), None);
    }
}
