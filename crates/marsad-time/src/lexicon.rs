//! The words of Arabic time expressions, looked up in the `Key` form (hamza/alef, ى/ي and
//! ة/ه folded), so that every orthographic variant of a word is one entry.

use std::collections::HashMap;
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
    // Duals, after a dual unit (اليومين الماضيين، السنتين المقبلتين).
    ("الماضيين", Word::Relative(Direction::Past)),
    ("الماضيتين", Word::Relative(Direction::Past)),
    ("المقبلين", Word::Relative(Direction::Next)),
    ("المقبلتين", Word::Relative(Direction::Next)),
    ("القادمين", Word::Relative(Direction::Next)),
    ("القادمتين", Word::Relative(Direction::Next)),
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

/// The words as a small open-addressing table of their letters, behind a filter of their
/// shapes, so that most tokens are ruled out by one bit test and the others cost a few
/// table reads: no string is built and nothing is allocated.
///
/// A key is its letters in `Key` spelling, each as a code 1..=42 (U+0621..U+064A), six bits
/// a letter, packed into a `u128` (no key is longer than [`MAX_LETTERS`]); since no code is
/// 0, the packing of different words differs.
pub(crate) struct Table {
    /// Key → meaning, for [`lookup`].
    words: HashMap<String, Word>,
    /// Packed keys (0: an empty slot), with their meanings at the same index.
    slots: Vec<u128>,
    meanings: Vec<Option<Word>>,
    mask: usize,
    /// 2^16 bits, one for the [`shape`] of every key.
    shapes: Box<[u64; 1024]>,
    /// By last letter, a bit for the length of every key that ends with it: a first test
    /// that reads two letters.
    endings: [u16; 64],
    /// The Key-folded letter code of each character U+0600..U+06FF, 0 for what does not fold
    /// to an Arabic letter.
    letters: [u8; 256],
    /// The letter codes of ا and ل.
    article: [u8; 2],
}

/// Keys have at most this many letters; longer strings are no key.
const MAX_LETTERS: usize = 15;

/// The filter's bit for a string of `n` letters that starts with `l0 l1 l2` (0 past the
/// end) and ends with `last`.
#[inline]
fn shape(l0: u8, l1: u8, l2: u8, last: u8, n: usize) -> usize {
    let v = u32::from(l0) | (u32::from(l1) << 6) | (u32::from(l2) << 12) | (u32::from(last) << 18) | ((n as u32) << 24);
    (v.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

#[inline]
fn slot_of(key: u128, mask: usize) -> usize {
    (((key as u64) ^ ((key >> 64) as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask
}

impl Table {
    /// The letter code of the two-byte character `b0 b1`, 0 when it is none.
    #[inline(always)]
    fn letter(&self, b0: u8, b1: u8) -> u8 {
        if (0xD8..=0xDB).contains(&b0) {
            self.letters[(usize::from(b0 & 0x03) << 6) | usize::from(b1 & 0x3F)]
        } else {
            0
        }
    }

    /// The letter code of a character (0 when it folds to no letter).
    pub(crate) fn letter_of(&self, c: char) -> u8 {
        let mut b = [0u8; 4];
        match c.encode_utf8(&mut b).as_bytes() {
            &[b0, b1] => self.letter(b0, b1),
            _ => 0,
        }
    }

    /// The letter code of the `k`-th two-byte character of `prefix + word`.
    #[inline(always)]
    fn letter_at(&self, prefix: &[u8], word: &[u8], k: usize) -> u8 {
        let (s, k) = if 2 * k < prefix.len() { (prefix, k) } else { (word, k - prefix.len() / 2) };
        self.letter(s[2 * k], s[2 * k + 1])
    }

    /// Can `word` (`Clean` form) be a key? `false` means [`get`](Self::get)`(b"", word)` is
    /// `None`. The same shape test as `get`'s second, with fewer branches: characters are
    /// decoded without checking that they are two-byte letters, which changes the answer only
    /// for a word with a character that is none, and such a word is no key anyway.
    #[inline(always)]
    pub(crate) fn may_be_key(&self, word: &[u8]) -> bool {
        let bytes = word.len();
        if !(2..=2 * MAX_LETTERS).contains(&bytes) || !bytes.is_multiple_of(2) {
            return false;
        }
        let n = bytes / 2;
        let code = |b0: u8, b1: u8| self.letters[(usize::from(b0 & 0x03) << 6) | usize::from(b1 & 0x3F)];
        let last = code(word[bytes - 2], word[bytes - 1]);
        let bit = match *word {
            [a0, a1, b0, b1, c0, c1, ..] => shape(code(a0, a1), code(b0, b1), code(c0, c1), last, n),
            [a0, a1, b0, b1] => shape(code(a0, a1), code(b0, b1), 0, last, n),
            [a0, a1] => shape(code(a0, a1), 0, 0, last, n),
            _ => return false,
        };
        self.shapes[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Can `ال + stem` be a key? As [`may_be_key`](Self::may_be_key): `false` means
    /// [`get`](Self::get)`("ال", stem)` is `None`.
    #[inline(always)]
    pub(crate) fn may_be_key_with_article(&self, stem: &[u8]) -> bool {
        let bytes = stem.len() + 4;
        if bytes > 2 * MAX_LETTERS || !bytes.is_multiple_of(2) {
            return false;
        }
        let n = bytes / 2;
        let code =
            |k: usize| self.letters[(usize::from(stem[2 * k] & 0x03) << 6) | usize::from(stem[2 * k + 1] & 0x3F)];
        let [alef, lam] = self.article;
        let bit = if stem.is_empty() { shape(alef, lam, 0, lam, n) } else { shape(alef, lam, code(0), code(n - 3), n) };
        self.shapes[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The meaning of `prefix + word` (both `Clean` form). Keys are Arabic letters only, two
    /// bytes each, so a string of another byte length, or with a character that folds to no
    /// letter, is none.
    #[inline(always)]
    pub(crate) fn get(&self, prefix: &[u8], word: &[u8]) -> Option<Word> {
        let bytes = prefix.len() + word.len();
        if bytes == 0 || !bytes.is_multiple_of(2) || !prefix.len().is_multiple_of(2) || bytes > 2 * MAX_LETTERS {
            return None;
        }
        let n = bytes / 2;
        let last = self.letter_at(prefix, word, n - 1);
        if self.endings[usize::from(last)] & (1 << n) == 0 {
            return None;
        }
        let l0 = self.letter_at(prefix, word, 0);
        let l1 = if n > 1 { self.letter_at(prefix, word, 1) } else { 0 };
        let l2 = if n > 2 { self.letter_at(prefix, word, 2) } else { 0 };
        let bit = shape(l0, l1, l2, last, n);
        if self.shapes[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mut key = 0u128;
        for k in 0..n {
            let l = self.letter_at(prefix, word, k);
            if l == 0 {
                return None;
            }
            key |= u128::from(l) << (6 * k);
        }
        let mut i = slot_of(key, self.mask);
        loop {
            match self.slots[i] {
                0 => return None,
                k if k == key => return self.meanings[i],
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

pub(crate) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut letters = [0u8; 256];
        for (i, slot) in letters.iter_mut().enumerate() {
            let folded = char::from_u32(0x600 + i as u32).map_or(0, |c| key_fold_char(c) as u32);
            if (0x621..=0x64A).contains(&folded) {
                *slot = (folded - 0x620) as u8;
            }
        }
        let words = words();
        let size = (4 * words.len()).next_power_of_two();
        let mut table = Table {
            words: HashMap::new(),
            slots: vec![0; size],
            meanings: vec![None; size],
            mask: size - 1,
            shapes: Box::new([0; 1024]),
            endings: [0; 64],
            letters,
            article: [0; 2],
        };
        table.article = [table.letter_of('ا'), table.letter_of('ل')];
        for (key, &word) in &words {
            let b = key.as_bytes();
            let n = b.len() / 2;
            let codes: Vec<u8> = b.chunks(2).map(|c| if c.len() == 2 { table.letter(c[0], c[1]) } else { 0 }).collect();
            // Every key is Arabic letters, at most MAX_LETTERS of them (a test says so).
            assert!(
                b.len().is_multiple_of(2) && (1..=MAX_LETTERS).contains(&n) && !codes.contains(&0),
                "bad key {key}"
            );
            let at = |k: usize| codes.get(k).copied().unwrap_or(0);
            let bit = shape(at(0), if n > 1 { at(1) } else { 0 }, if n > 2 { at(2) } else { 0 }, codes[n - 1], n);
            table.shapes[bit / 64] |= 1 << (bit % 64);
            table.endings[usize::from(codes[n - 1])] |= 1 << n;
            let packed = codes.iter().enumerate().fold(0u128, |acc, (k, &l)| acc | (u128::from(l) << (6 * k)));
            let mut i = slot_of(packed, table.mask);
            while table.slots[i] != 0 {
                i = (i + 1) & table.mask;
            }
            table.slots[i] = packed;
            table.meanings[i] = Some(word);
        }
        table.words = words;
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
/// Allocation-free; rules most words out from their first three letters, last letter and
/// length alone.
pub fn lookup_clean(prefix: &str, word: &str) -> Option<Word> {
    table().get(prefix.as_bytes(), word.as_bytes())
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

    proptest::proptest! {
        /// The pass's shape test never rules out a word the lookup finds: strings of letters
        /// (with the alef, ya and ta forms the Key form folds), of other two-byte characters
        /// and of longer ones.
        #[test]
        fn may_be_key_rules_out_only_what_get_does_not_find(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'ا', 'أ', 'إ', 'آ', 'ل', 'ي', 'ى', 'و', 'م', 'ه', 'ة', 'س', 'ع', 'ن', 'ر', 'ش', 'ب',
                'ت', 'خ', 'د', 'ف', 'ق', 'ك', 'غ', 'ذ', 'ح', 'ج', 'ط', 'ص', 'ض', 'ث', 'ز', 'ظ', 'ء',
                'ی', 'ک', '،', 'ـ', 'é', 'a', 'ﻻ', '5',
            ]), 0..12),
        ) {
            let word: String = chars.into_iter().collect();
            let table = table();
            if table.get(b"", word.as_bytes()).is_some() {
                proptest::prop_assert!(table.may_be_key(word.as_bytes()), "{word}");
            }
        }
    }

    proptest::proptest! {
        /// The same for a stem looked up with the article.
        #[test]
        fn may_be_key_with_article_rules_out_only_what_get_does_not_find(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'ا', 'أ', 'ل', 'ي', 'ى', 'و', 'م', 'ه', 'ة', 'س', 'ع', 'ن', 'ر', 'ش', 'ب', 'خ', 'ق',
                'ت', 'ث', 'ج', 'ح', 'ف', 'ك', 'ص', 'ط', 'غ', 'ـ', 'a',
            ]), 0..10),
        ) {
            let stem: String = chars.into_iter().collect();
            let table = table();
            if table.get("ال".as_bytes(), stem.as_bytes()).is_some() {
                proptest::prop_assert!(table.may_be_key_with_article(stem.as_bytes()), "{stem}");
            }
        }
    }

    #[test]
    fn may_be_key_with_article_lets_every_definite_word_through() {
        let table = table();
        let mut definite = 0;
        for key in table.words.keys() {
            if let Some(stem) = key.strip_prefix("ال") {
                definite += 1;
                assert!(table.get("ال".as_bytes(), stem.as_bytes()).is_some(), "{key}");
                assert!(table.may_be_key_with_article(stem.as_bytes()), "{key}");
                let hamza = stem.replacen('ا', "أ", 1);
                if table.get("ال".as_bytes(), hamza.as_bytes()).is_some() {
                    assert!(table.may_be_key_with_article(hamza.as_bytes()), "{hamza}");
                }
            }
        }
        assert!(definite > 20, "{definite}");
    }

    #[test]
    fn may_be_key_lets_every_word_through() {
        let table = table();
        // Every spelling of every key that differs in one character the Key form folds.
        let arabic: Vec<char> = (0x600..=0x6FF).filter_map(char::from_u32).collect();
        for key in table.words.keys() {
            let chars: Vec<char> = key.chars().collect();
            assert!(table.may_be_key(key.as_bytes()), "{key}");
            for k in 0..chars.len() {
                for &c in arabic.iter().filter(|&&c| c != chars[k] && table.letter_of(c) == table.letter_of(chars[k])) {
                    let mut form = chars.clone();
                    form[k] = c;
                    let form: String = form.into_iter().collect();
                    assert!(table.get(b"", form.as_bytes()).is_some(), "{form}");
                    assert!(table.may_be_key(form.as_bytes()), "{form}");
                }
            }
        }
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
