//! What a recognised time expression means, before it is anchored to a calendar day.

use jiff::civil::Weekday;

use crate::lexicon::{DayPart, Direction, Mod, Unit};

/// A time expression found in a text: its place (token and normalised-character ranges)
/// and its meaning.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// Token indices in the text layer.
    pub tokens: std::ops::Range<usize>,
    /// Characters of the normalised text (without a leading proclitic: وأمس → أمس).
    pub chars: std::ops::Range<usize>,
    pub meaning: Meaning,
    /// Its sentence speaks of the future (سوف، من المقرر، سيعقد …).
    pub future: bool,
}

/// A year as the text gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearRef {
    /// Written out (2020).
    Known(i32),
    /// Relative to the anchor's year (العام الماضي = −1).
    Relative(i32),
    /// Not said: the anchor decides (19 نوفمبر).
    Unsaid,
    /// The last such month or day on or before the anchor (19 نوفمبر الماضي).
    LastOccurrence,
    /// The next such month or day on or after the anchor (19 نوفمبر المقبل).
    NextOccurrence,
}

/// A day as the text gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayRef {
    /// A Gregorian day of a month.
    Calendar { year: YearRef, month: u8, day: u8 },
    /// A Hijri day (year unsaid: the anchor's Hijri year).
    Hijri { year: Option<i32>, month: u8, day: u8 },
    /// Days from the anchor (اليوم 0, أمس −1, غدا +1).
    FromAnchor(i32),
    /// A named weekday: the last one before the anchor (الأحد الماضي), the next one after it
    /// (الجمعة المقبلة), or (`Current`) the nearest on or before it, or on or after it in a
    /// sentence about the future (`upcoming`).
    Weekday { weekday: Weekday, direction: Direction, upcoming: bool },
    /// Days from the day the text last set up (اليوم التالي +1, اليوم نفسه 0).
    FromReference(i32),
    /// A day of a month given relatively: العاشر من الشهر الماضي (−1), … الجاري (0),
    /// … نفسه (`None`: the month the text last set up).
    OfRelativeMonth { offset: Option<i32>, day: u8 },
}

/// The meaning of a time expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Meaning {
    /// A day, maybe with a part of it or a clock time; `weekday` when the text names one
    /// beside another reference (الخميس 19 نوفمبر, أمس الاثنين).
    /// `relative` is the offset from the anchor the text also states (اليوم الخميس 19 نوفمبر:
    /// 0; أمس 18 نوفمبر: −1), the strongest evidence of a publication date.
    Day { day: DayRef, weekday: Option<Weekday>, relative: Option<i32>, part: Option<DayPart>, clock: Option<(u8, u8)> },
    /// A clock time with no day (الساعة 14:30).
    Clock { hour: u8, minute: u8, part: Option<DayPart> },
    /// A Gregorian month.
    Month { year: YearRef, month: u8, position: Option<Mod> },
    /// A Hijri month (its Gregorian span is the value); a `Known` year is a Hijri year, a
    /// relative one counts Hijri years (رمضان الماضي, رمضان المقبل).
    HijriMonth { year: YearRef, month: u8 },
    /// A month relative to the anchor (الشهر الماضي), or the one the text set up (`None`).
    RelativeMonth { offset: Option<i32>, position: Option<Mod> },
    /// A week relative to the anchor.
    RelativeWeek { offset: i32, position: Option<Mod> },
    /// A year, maybe a season of it.
    Year { year: YearRef, position: Option<Mod>, season: Option<&'static str> },
    /// A Hijri year.
    HijriYear(i32),
    /// A decade: `century` 19 and `tens` 9 for the 1990s; `century` relative to the anchor's
    /// when `relative_century` (عشرينيات القرن الحالي).
    Decade { century: i32, relative_century: Option<i32>, tens: u8 },
    /// A century: the 20th century is `Known(19)`.
    Century(YearRef),
    /// An amount of a unit (ستة أسابيع = 6 weeks); `None` when the text gives no number
    /// (عدة أيام).
    Duration { amount: Option<f64>, unit: Unit },
    /// A time some units before or after the anchor (قبل ثلاثة أيام).
    Shifted { amount: i32, unit: Unit },
    /// A recurring time (يوميا, كل جمعة).
    Set { amount: u32, unit: Unit, weekday: Option<Weekday> },
    /// PRESENT_REF, PAST_REF, FUTURE_REF.
    Vague(&'static str),
    /// Words that look like a date but name no real one (31 شباط, the year 9999).
    Invalid(&'static str),
}

impl Meaning {
    /// The TIMEX3 type of the expression.
    pub fn kind(&self) -> &'static str {
        match self {
            Meaning::Day { clock: Some(_), .. } | Meaning::Day { part: Some(_), .. } | Meaning::Clock { .. } => "time",
            Meaning::Duration { .. } => "duration",
            Meaning::Set { .. } => "set",
            Meaning::Vague(_) => "vague",
            _ => "date",
        }
    }
}
