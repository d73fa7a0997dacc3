//! The publication day of an article from its text alone.
//!
//! News rarely writes its own date out; what it does write is a relative day tied to a
//! weekday (`أمس الاثنين`, `اليوم الخميس`), now and then a date with its weekday
//! (`الخميس 19 نوفمبر`), a dated dateline, and the years it speaks of. Each of these is a
//! *clue*; the inference answers a day only when a clue pins one and no other clue
//! contradicts it, and otherwise says what it does know as a TIMEX3 `estimate` (`2023-09`,
//! `2018`, `XXXX-WXX-2` for "a Tuesday", `2018-WXX-2`). It abstains when clues conflict.
//!
//! Clues, strongest first:
//! 1. a date tied to a relative day: `اليوم الخميس 19 نوفمبر 2020`, `أمس 18 نوفمبر 2020`
//!    (the year may be unsaid when a weekday pins it, see 4);
//! 2. a full date among the first words of the text, before any verb (a dateline);
//! 3. the latest day the text reports with its weekday (`الاثنين 16 أبريل 2018`) when a
//!    relative day names the same weekday (`أمس الاثنين`): that day plus one;
//! 4. a weekday with a day-month and no year (`الخميس 21 أيلول`) pins the year once the text
//!    bounds it from below by a year it states in a past context (`آب 2021`): the first year
//!    from the bound on where that day falls on that weekday.
//!
//! The publication weekday that relative days give must agree among themselves and with any
//! answered day; a conflict means no day.
//! Relative days that are not the writer's are left out: `ذلك اليوم` (that day), and any inside
//! quotation marks (the speaker's today, often quoted the next morning).

use jiff::civil::{Date, Weekday};
use marsad_text::{TextLayer, TokenKind, quotation_ranges};

use crate::calendar::{MAX_YEAR, MIN_YEAR, add_days, gregorian, hijri_to_gregorian, weekday_number};
use crate::expr::{DayRef, Expr, Meaning, YearRef};

/// An inferred publication day.
#[derive(Clone, Debug, PartialEq)]
pub struct Inference {
    /// The day, when the text pins it.
    pub date: Option<Date>,
    /// `dateline` or `text`.
    pub from: &'static str,
    /// Which clue decided: `tied` (a date tied to a relative day), `dateline`, `reported`
    /// (a reported day and the publication weekday), `estimate`.
    pub clue: &'static str,
    pub confidence: f32,
    /// What is known when the day is not, as a TIMEX3 value: `2023-09`, `2023`, `XXXX-09-21`,
    /// `XXXX-WXX-4` (a Thursday), `2023-WXX-4` (a Thursday of 2023).
    pub estimate: Option<String>,
    /// The first and last day the publication can be when the day is not known but its month
    /// is, firmly enough to resolve against ([`crate::resolve_all_within`]).
    pub range: Option<(Date, Date)>,
}

/// Tokens from the start of the text within which a full date is a dateline.
const DATELINE_TOKENS: usize = 8;
/// A year pinned by a weekday is searched this many years from the text's bound on.
const YEAR_SEARCH: i32 = 7;

/// The clues of a text, gathered once.
struct Clues {
    /// Publication days from dates tied to a relative day (clue 1), with whether the year was
    /// written (true) or pinned by a weekday (false).
    tied: Vec<(Date, bool)>,
    /// Month and day of the publication from a tied day-month whose year nothing pins.
    tied_month_day: Option<(u8, u8)>,
    /// Publication weekdays from relative days (أمس الاثنين → Tuesday).
    weekdays: Vec<Weekday>,
    /// The weekdays relative days name, with their offsets (أمس الاثنين → Monday, −1).
    ties: Vec<(Weekday, i32)>,
    /// Days the text reports with a matching weekday, in past contexts (clue 3).
    reported: Vec<Date>,
    /// The lowest year the publication can have: the latest year stated in a past context.
    bound: Option<i32>,
    /// Weekday + day-month with no year (clue 4), and whether the month is "the current" one.
    yearless: Vec<(Weekday, u8, u8, bool)>,
    /// Months a day is said to be of the current one in (`15 نوفمبر الجاري`), outside quotes.
    current_months: Vec<u8>,
    /// Months the text writes out with their year, alone or in a full date (`نوفمبر 2020`).
    stated_months: Vec<(i32, u8)>,
}

impl Clues {
    fn gather(layer: &TextLayer, exprs: &[Expr]) -> Clues {
        let bound = exprs.iter().filter(|e| !e.future).filter_map(|e| stated_year(&e.meaning)).max();
        let mut clues = Clues {
            tied: Vec::new(),
            tied_month_day: None,
            weekdays: Vec::new(),
            ties: Vec::new(),
            reported: Vec::new(),
            bound,
            yearless: Vec::new(),
            current_months: Vec::new(),
            stated_months: Vec::new(),
        };
        // The quotations are found only for texts with an expression that asks.
        let mut quotations: Option<Vec<std::ops::Range<u32>>> = None;
        let mut is_quoted = |e: &Expr| {
            quoted(quotations.get_or_insert_with(|| quotation_ranges(layer.normalized.text(), &layer.tokens)), e)
        };
        for e in exprs {
            if let Meaning::Day {
                day: day @ DayRef::Calendar { year: YearRef::Known(y), month, .. },
                weekday: Some(w),
                ..
            } = &e.meaning
                && explicit_date(day).is_some_and(|d| d.weekday() == *w)
            {
                clues.stated_months.push((*y, *month));
            }
            let Meaning::Day { day, weekday, relative, .. } = &e.meaning else { continue };
            // ذلك اليوم is "that day", not today; a quoted «اليوم» is the speaker's day (a
            // statement from the day before is quoted the next morning).
            if relative.is_some() && (demonstrative_before(layer, e) || is_quoted(e)) {
                continue;
            }
            if let (Some(w), Some(k)) = (weekday, relative)
                && (-2..=2).contains(k)
            {
                clues.weekdays.push(w.wrapping_sub(*k));
                clues.ties.push((*w, *k));
            }
            // A weekday written with a day-month and no year.
            let yearless = match (day, weekday) {
                (DayRef::Calendar { year: y @ (YearRef::Unsaid | YearRef::Relative(0)), month, day }, Some(w)) => {
                    Some((*w, *month, *day, *y == YearRef::Relative(0)))
                }
                _ => None,
            };
            let explicit = explicit_date(day).filter(|d| weekday.is_none_or(|w| d.weekday() == w));
            if let Some(k) = relative {
                let pinned = yearless.and_then(|(w, m, d, _)| pin_year_at_bound(bound, w, m, d)).map(|d| (d, false));
                if let Some((date, written)) = explicit.map(|d| (d, true)).or(pinned)
                    && let Some(publication) = add_days(date, -i64::from(*k))
                {
                    clues.tied.push((publication, written));
                } else if let DayRef::Calendar { year: YearRef::Unsaid, month, day } = day
                    && *k == 0
                {
                    clues.tied_month_day = Some((*month, *day));
                }
                continue;
            }
            // الجاري names the current month in a sentence about the future too.
            if let DayRef::Calendar { year: YearRef::Relative(0), month, .. } = day
                && !is_quoted(e)
            {
                clues.current_months.push(*month);
            }
            if e.future {
                continue;
            }
            if weekday.is_some()
                && let Some(date) = explicit
            {
                clues.reported.push(date);
            }
            if let Some(y) = yearless {
                clues.yearless.push(y);
                if let Some(date) = pin_year_at_bound(bound, y.0, y.1, y.2) {
                    clues.reported.push(date);
                }
            }
        }
        clues
    }

    /// The publication weekday the relative days agree on; `Err` when they disagree.
    fn weekday(&self) -> Result<Option<Weekday>, ()> {
        match self.weekdays.first() {
            None => Ok(None),
            Some(&w) if self.weekdays.iter().all(|x| *x == w) => Ok(Some(w)),
            Some(_) => Err(()),
        }
    }
}

/// Infers the publication day of a text from its time expressions; `None` when the text
/// says nothing about it.
pub fn infer(layer: &TextLayer, exprs: &[Expr]) -> Option<Inference> {
    let clues = Clues::gather(layer, exprs);
    let weekday = clues.weekday();
    let consistent = |date: Date| matches!(weekday, Ok(None)) || weekday == Ok(Some(date.weekday()));
    let day = |date, from, clue, confidence| {
        Some(Inference { date: Some(date), from, clue, confidence, estimate: None, range: None })
    };

    // 1. Dates tied to a relative day: all must agree, with each other and the weekdays.
    if let Some(&(first, _)) = clues.tied.first() {
        if clues.tied.iter().all(|(d, _)| *d == first) && consistent(first) {
            let written = clues.tied.iter().any(|(_, written)| *written);
            return day(first, "text", "tied", if written { 0.95 } else { 0.85 });
        }
        return None;
    }
    // 2. A dateline.
    if let Some(date) = dateline(layer, exprs) {
        return if consistent(date) { day(date, "dateline", "dateline", 0.85) } else { None };
    }
    let Ok(weekday) = weekday else { return None };
    // 3. The latest day reported with its weekday, when a relative day names the same weekday
    //    (الاثنين 16 أبريل … أمس الاثنين): the publication is that day plus the offset.
    if let Some(&latest) = clues.reported.iter().max()
        && let Some(&(_, k)) = clues.ties.iter().find(|(w, k)| *w == latest.weekday() && *k <= 0)
        && let Some(date) = add_days(latest, -i64::from(k))
    {
        return day(date, "text", "reported", if k == 0 { 0.8 } else { 0.75 });
    }
    // What is known without a day: the month or year a yearless weekday date pins, the month
    // and day a tied day-month gives, the publication weekday.
    let mut estimate = None;
    let mut confidence: f32 = 0.0;
    let mut range = None;
    // The month of the publication when the text's "current" months all name one.
    let current_month = clues.current_months.first().filter(|m| clues.current_months.iter().all(|x| x == *m));
    for &(w, month, d, current) in &clues.yearless {
        if let Some(date) = pin_year(clues.bound, w, month, d) {
            let close = clues.bound.is_some_and(|b| i32::from(date.year()) - b <= 1);
            let this_month = current || current_month == Some(&month);
            estimate =
                Some(if this_month { format!("{:04}-{month:02}", date.year()) } else { format!("{:04}", date.year()) });
            confidence = if close { 0.6 } else { 0.4 };
            break;
        }
    }
    // The month is firm enough to resolve against when the text calls it the current one and
    // writes it out with one year (`15 نوفمبر الجاري` … `19 نوفمبر 2020`). A year pinned by a
    // weekday is not: the same weekday falls on the same day-month every few years, and on
    // ANT v2.1 three of five such months had an older year than the article's.
    if let Some(&month) = current_month {
        let mut years = clues.stated_months.iter().filter(|(_, m)| *m == month).map(|(y, _)| *y);
        if let Some(year) = years.next()
            && years.all(|y| y == year)
            && let Some(span) = month_span(year, month)
        {
            range = Some(span);
            if estimate.as_ref().is_none_or(|e| !e.starts_with(&format!("{year:04}-{month:02}"))) {
                estimate = Some(format!("{year:04}-{month:02}"));
                confidence = 0.8;
            }
        }
    }
    if estimate.is_none()
        && let Some((month, d)) = clues.tied_month_day
    {
        estimate = Some(format!("XXXX-{month:02}-{d:02}"));
        confidence = 0.8;
    }
    if let Some(w) = weekday {
        estimate = Some(match estimate {
            // A year and a weekday: `2023-WXX-4`.
            Some(e) if e.len() == 4 => format!("{e}-WXX-{}", weekday_number(w)),
            Some(e) => e,
            None => {
                confidence = 0.85;
                format!("XXXX-WXX-{}", weekday_number(w))
            }
        });
    }
    estimate.map(|e| Inference { date: None, from: "text", clue: "estimate", confidence, estimate: Some(e), range })
}

/// The first and last day of a Gregorian month.
fn month_span(year: i32, month: u8) -> Option<(Date, Date)> {
    let first = gregorian(year, month, 1)?;
    Some((first, first.last_of_month()))
}

/// A full date among the first words of a line (at most three Arabic words before it: a
/// place, في), set off from the sentence after it by punctuation or a line break
/// (`تونس في 10 ماي 2022 (وكالات) -`), unlike the date of a sentence (`ولد في 14 يوليو 1950
/// وتوفي …`).
fn dateline(layer: &TextLayer, exprs: &[Expr]) -> Option<Date> {
    let e = exprs.first()?;
    let Meaning::Day { day, .. } = &e.meaning else { return None };
    let date = explicit_date(day)?;
    let before = &layer.tokens[..e.tokens.start];
    let after = layer.tokens.get(e.tokens.end);
    (e.tokens.start < DATELINE_TOKENS
        && before.iter().filter(|t| t.kind == TokenKind::Arabic).count() <= 3
        && !before.iter().any(|t| t.newline_before && t.start > 0)
        && after.is_none_or(|t| t.newline_before || t.kind == TokenKind::Punct))
    .then_some(date)
}

/// The bound year itself when `month`/`day` falls on `weekday` that year: the only year a
/// publication day is answered from (a text that states only older years says nothing of
/// how much older they are).
fn pin_year_at_bound(bound: Option<i32>, weekday: Weekday, month: u8, day: u8) -> Option<Date> {
    gregorian(bound?, month, day).filter(|d| d.weekday() == weekday)
}

/// Whether the expression lies inside one of the (sorted, disjoint) quotation ranges.
fn quoted(quotations: &[std::ops::Range<u32>], e: &Expr) -> bool {
    let start = e.tokens.start as u32;
    let i = quotations.partition_point(|r| r.end <= start);
    quotations.get(i).is_some_and(|r| r.start <= start && e.tokens.end as u32 <= r.end)
}

/// Whether the expression follows "that" (ذلك اليوم، تلك الليلة، ذات اليوم).
fn demonstrative_before(layer: &TextLayer, e: &Expr) -> bool {
    e.tokens
        .start
        .checked_sub(1)
        .and_then(|i| layer.tokens.get(i))
        .is_some_and(|t| matches!(t.text(layer.normalized.text()), "ذلك" | "تلك" | "ذات" | "نفس"))
}

/// The first year from `bound` on (within [`YEAR_SEARCH`] years) where `month`/`day` falls
/// on `weekday`. Nothing without a bound: an unbounded year stays unknown.
fn pin_year(bound: Option<i32>, weekday: Weekday, month: u8, day: u8) -> Option<Date> {
    let bound = bound?;
    (bound..bound + YEAR_SEARCH).filter_map(|y| gregorian(y, month, day)).find(|d| d.weekday() == weekday)
}

/// The day of an explicit, complete date (year, month and day written out).
pub fn explicit_date(day: &DayRef) -> Option<Date> {
    match *day {
        DayRef::Calendar { year: YearRef::Known(y), month, day } => gregorian(y, month, day),
        DayRef::Hijri { year: Some(y), month, day } => hijri_to_gregorian(y, month, day),
        _ => None,
    }
}

/// A Gregorian year the text writes out: the lower bound of its publication year.
fn stated_year(meaning: &Meaning) -> Option<i32> {
    let year = match meaning {
        Meaning::Day { day: DayRef::Calendar { year: YearRef::Known(y), .. }, .. }
        | Meaning::Month { year: YearRef::Known(y), .. }
        | Meaning::Year { year: YearRef::Known(y), .. } => *y,
        _ => return None,
    };
    (MIN_YEAR..=MAX_YEAR).contains(&year).then_some(year)
}

/// Whether a day fits an estimate (`2023`, `2023-09`, `XXXX-09-21`, `XXXX-WXX-4`,
/// `2023-WXX-4`): every part the estimate states holds of the day.
pub fn estimate_matches(estimate: &str, date: Date) -> bool {
    let mut parts = estimate.split('-');
    let Some(year) = parts.next() else { return false };
    if year != "XXXX" && year.parse::<i32>().ok() != Some(i32::from(date.year())) {
        return false;
    }
    match (parts.next(), parts.next()) {
        (None, _) => true,
        (Some("WXX"), Some(w)) => w.parse::<i8>().ok() == Some(weekday_number(date.weekday())),
        (Some(month), day) => {
            month.parse::<i8>().ok() == Some(date.month())
                && day.is_none_or(|d| d.parse::<i8>().ok() == Some(date.day()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn infer_text(text: &str) -> Option<Inference> {
        let layer = TextLayer::new(text);
        let exprs = crate::recognize(&layer);
        infer(&layer, &exprs)
    }

    #[test]
    fn estimates_match_their_days() {
        let thursday = d(2023, 9, 21);
        for yes in ["2023", "2023-09", "XXXX-09-21", "XXXX-WXX-4", "2023-WXX-4", "XXXX-09"] {
            assert!(estimate_matches(yes, thursday), "{yes}");
        }
        for no in ["2022", "2023-08", "XXXX-09-20", "XXXX-WXX-3", "2022-WXX-4", "", "garbage"] {
            assert!(!estimate_matches(no, thursday), "{no}");
        }
    }

    #[test]
    fn a_tied_full_date_is_the_day() {
        let i = infer_text("أعلنت الوزارة اليوم الخميس 19 نوفمبر 2020 عن خطة جديدة.").unwrap();
        assert_eq!((i.date, i.from), (Some(d(2020, 11, 19)), "text"));
        let i = infer_text("وصل الوفد أمس 18 نوفمبر 2020 إلى العاصمة.").unwrap();
        assert_eq!(i.date, Some(d(2020, 11, 19)));
    }

    #[test]
    fn tied_dates_that_disagree_give_no_answer() {
        assert_eq!(infer_text("وصل الوفد اليوم 19 نوفمبر 2020 وغادر أمس 10 نوفمبر 2020."), None);
        // A tied date on a Thursday against a relative weekday that says Friday.
        assert_eq!(infer_text("قال الوزير اليوم 19 نوفمبر 2020 إن اجتماع أمس الخميس كان مثمرا."), None);
    }

    #[test]
    fn a_reported_day_and_a_relative_weekday_pin_the_day() {
        let i = infer_text("وكان الوزير قد وصل الاثنين 16 أبريل 2018 إلى المدينة. وقال أمس الاثنين إن المحادثات ناجحة.")
            .unwrap();
        assert_eq!(i.date, Some(d(2018, 4, 17)));
        // Four days after the reported day is too far to be sure.
        let i = infer_text("وكان الوزير قد وصل الجمعة 13 أبريل 2018 إلى المدينة. وقال أمس الاثنين إن المحادثات ناجحة.")
            .unwrap();
        assert_eq!((i.date, i.estimate.as_deref()), (None, Some("XXXX-WXX-2")));
    }

    #[test]
    fn a_weekday_with_a_day_month_pins_the_year_from_the_bound() {
        let i = infer_text("تبدأ الدراسة الخميس 21 أيلول الجاري بعد عطلة بدأت في آب 2021.").unwrap();
        assert_eq!((i.date, i.estimate.as_deref()), (None, Some("2023-09")));
        // No bound, no year.
        assert_eq!(infer_text("تبدأ الدراسة الخميس 21 أيلول الجاري."), None);
    }

    #[test]
    fn a_current_month_written_out_with_a_weekday_date_is_the_range() {
        let i = infer_text("قالت الوزارة الخميس 19 نوفمبر 2020 إن المعبر فتح في 15 نوفمبر الجاري.").unwrap();
        assert_eq!((i.date, i.estimate.as_deref()), (None, Some("2020-11")));
        assert_eq!(i.range, Some((d(2020, 11, 1), d(2020, 11, 30))));
        // An anniversary: the current month of another year, with no weekday to vouch for it.
        let i = infer_text("في 14 أيار 1948 أعلن القيام، وتحيي المدينة الذكرى في 15 أيار الجاري.");
        assert_eq!(i.and_then(|i| i.range), None);
        // Two years for the current month: no range.
        let i = infer_text("قالت الوزارة الخميس 19 نوفمبر 2020 والأحد 19 نوفمبر 2023 وفي 15 نوفمبر الجاري.");
        assert_eq!(i.and_then(|i| i.range), None);
    }

    #[test]
    fn a_relative_weekday_alone_gives_the_weekday() {
        let i = infer_text("قال المتحدث أمس الأربعاء إن الاجتماع انتهى.").unwrap();
        assert_eq!((i.date, i.estimate.as_deref()), (None, Some("XXXX-WXX-4")));
        // Two relative weekdays that disagree: nothing.
        assert_eq!(infer_text("قال المتحدث أمس الأربعاء إن الاجتماع الذي عقد اليوم الأحد انتهى."), None);
    }
}
