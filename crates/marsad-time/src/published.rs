//! The publication day of an article from its text alone: a dated dateline, a date the text
//! ties to "today" or "yesterday" (اليوم الخميس 19 نوفمبر، أمس 18 نوفمبر), or a weekday the
//! text ties to a relative day (أمس الاثنين) next to the latest date it reports. A weekday
//! with a day-month (الخميس 21 أيلول) pins the year once the text bounds it from below
//! (it also mentions آب 2021): the first such year from the bound on. What nothing pins
//! stays unknown; the answer says where it came from and how sure it is.

use jiff::civil::{Date, Weekday};
use marsad_text::{TextLayer, TokenKind};

use crate::calendar::{add_days, gregorian, hijri_to_gregorian, weekday_on_or_after};
use crate::expr::{DayRef, Expr, Meaning, YearRef};

/// An inferred publication day.
#[derive(Clone, Debug, PartialEq)]
pub struct Inference {
    /// The day, when the text pins it.
    pub date: Option<Date>,
    /// `dateline` or `text`.
    pub from: &'static str,
    pub confidence: f32,
    /// What is known when the day is not: `2023-09`, `2023`.
    pub estimate: Option<String>,
}

/// Tokens from the start of the text within which a full date is a dateline.
const DATELINE_TOKENS: usize = 8;

/// Infers the publication day of a text from its time expressions.
pub fn infer(layer: &TextLayer, exprs: &[Expr]) -> Option<Inference> {
    // 1. A full date the text ties to today or yesterday.
    let mut tied: Vec<Date> = Vec::new();
    for e in exprs {
        if let Meaning::Day { day, relative: Some(k), .. } = &e.meaning
            && let Some(date) = explicit_date(day)
            && let Some(publication) = add_days(date, -i64::from(*k))
        {
            tied.push(publication);
        }
    }
    if let Some(&first) = tied.first() {
        let agree = tied.iter().all(|d| *d == first);
        return Some(Inference {
            date: Some(first),
            from: "text",
            confidence: if agree { 0.95 } else { 0.6 },
            estimate: None,
        });
    }
    // 2. A dateline: a full date among the first words of the text, before any verb.
    if let Some(e) = exprs.first()
        && e.tokens.start < DATELINE_TOKENS
        && let Meaning::Day { day, .. } = &e.meaning
        && let Some(date) = explicit_date(day)
        && layer.tokens[..e.tokens.start].iter().filter(|t| t.kind == TokenKind::Arabic).count() <= 3
        && !layer.tokens[..e.tokens.start].iter().any(|t| t.newline_before && t.start > 0)
    {
        return Some(Inference { date: Some(date), from: "dateline", confidence: 0.85, estimate: None });
    }
    // 3. A weekday the text ties to a relative day (أمس الاثنين: published on a Tuesday),
    //    on or just after the latest date the text reports in the past tense.
    let weekdays: Vec<Weekday> = exprs
        .iter()
        .filter_map(|e| match &e.meaning {
            Meaning::Day { day: DayRef::FromAnchor(k), weekday: Some(w), .. } => Some(w.wrapping_sub(*k)),
            _ => None,
        })
        .collect();
    //    Only a date written with its own weekday counts (الجمعة 20 أبريل 2018): that is how
    //    news dates what just happened, while a bare full date is often a birth or a deadline.
    let latest = exprs
        .iter()
        .filter(|e| !e.future)
        .filter_map(|e| match &e.meaning {
            Meaning::Day { day, weekday: Some(w), .. } => explicit_date(day).filter(|d| d.weekday() == *w),
            _ => None,
        })
        .max();
    if let (Some(&weekday), Some(latest)) = (weekdays.first(), latest)
        && weekdays.iter().all(|w| *w == weekday)
        && let Some(date) = weekday_on_or_after(latest, weekday, false)
        && (date - latest).get_days() <= 2
    {
        return Some(Inference { date: Some(date), from: "text", confidence: 0.7, estimate: None });
    }
    // 4. A weekday with a day-month and no year: the year from the text's bound.
    let bound = exprs.iter().filter_map(|e| stated_year(&e.meaning)).max()?;
    for e in exprs {
        if let Meaning::Day {
            day: DayRef::Calendar { year: year_ref @ (YearRef::Unsaid | YearRef::Relative(0)), month, day },
            weekday: Some(weekday),
            ..
        } = &e.meaning
            && let Some(date) =
                (bound..bound + 12).filter_map(|y| gregorian(y, *month, *day)).find(|d| d.weekday() == *weekday)
        {
            let estimate = if *year_ref == YearRef::Relative(0) {
                format!("{:04}-{:02}", date.year(), month)
            } else {
                format!("{:04}", date.year())
            };
            let confidence = if i32::from(date.year()) - bound <= 3 { 0.6 } else { 0.4 };
            return Some(Inference { date: None, from: "text", confidence, estimate: Some(estimate) });
        }
    }
    None
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
    (crate::calendar::MIN_YEAR..=crate::calendar::MAX_YEAR).contains(&year).then_some(year)
}
