//! Calendar arithmetic: Gregorian days (jiff), Hijri ↔ Gregorian (ICU4X's Umm al-Qura
//! calendar, the one Saudi Arabia publishes and most Arabic news follows), ISO weeks.

use icu_calendar::Date as IcuDate;
use icu_calendar::cal::{Hijri, Iso};
use jiff::civil::{Date, Weekday};

/// Years outside this range are never resolved: a date "in 9999" is a typo or a number,
/// not a calendar day worth reporting.
pub const MIN_YEAR: i32 = 1000;
pub const MAX_YEAR: i32 = 2200;

/// A Gregorian day, if it exists (no 31 February) and its year is in range.
pub fn gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// The Gregorian day of a Hijri (Umm al-Qura) date. Hijri years 1–1700 only.
pub fn hijri_to_gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    if !(1..=1700).contains(&year) || !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let hijri = IcuDate::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    // ICU accepts day 30 of a 29-day month by rolling over; refuse it instead.
    if hijri.day_of_month().0 != day || hijri.month().ordinal != month {
        return None;
    }
    let iso = hijri.to_calendar(Iso);
    gregorian(iso.year().extended_year(), iso.month().ordinal, iso.day_of_month().0)
}

/// The Hijri (Umm al-Qura) year, month and day of a Gregorian day.
pub fn gregorian_to_hijri(date: Date) -> Option<(i32, u8, u8)> {
    let iso = IcuDate::try_new_iso(date.year().into(), date.month() as u8, date.day() as u8).ok()?;
    let hijri = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((hijri.year().extended_year(), hijri.month().ordinal, hijri.day_of_month().0))
}

/// First and last Gregorian day of a Hijri month.
pub fn hijri_month_span(year: i32, month: u8) -> Option<(Date, Date)> {
    let first = hijri_to_gregorian(year, month, 1)?;
    let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let last = hijri_to_gregorian(next_year, next_month, 1)?.yesterday().ok()?;
    Some((first, last))
}

/// `date` moved by `days`, if still in range.
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    let moved = date.checked_add(jiff::Span::new().try_days(days).ok()?).ok()?;
    (MIN_YEAR..=MAX_YEAR).contains(&i32::from(moved.year())).then_some(moved)
}

/// (year, month) moved by `months`.
pub fn add_months(year: i32, month: u8, months: i32) -> (i32, u8) {
    let index = year * 12 + i32::from(month) - 1 + months;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8)
}

/// The ISO week value of a day (`2020-W47`).
pub fn iso_week(date: Date) -> String {
    let week = date.iso_week_date();
    format!("{:04}-W{:02}", week.year(), week.week())
}

/// Monday = 1 … Sunday = 7.
pub fn weekday_number(weekday: Weekday) -> i8 {
    weekday.to_monday_one_offset()
}

/// The latest day on or before `anchor` (or strictly before, if `strict`) that falls on `weekday`.
pub fn weekday_on_or_before(anchor: Date, weekday: Weekday, strict: bool) -> Option<Date> {
    let mut back = i64::from((weekday_number(anchor.weekday()) - weekday_number(weekday)).rem_euclid(7));
    if strict && back == 0 {
        back = 7;
    }
    add_days(anchor, -back)
}

/// The earliest day on or after `anchor` (or strictly after, if `strict`) that falls on `weekday`.
pub fn weekday_on_or_after(anchor: Date, weekday: Weekday, strict: bool) -> Option<Date> {
    let mut ahead = i64::from((weekday_number(weekday) - weekday_number(anchor.weekday())).rem_euclid(7));
    if strict && ahead == 0 {
        ahead = 7;
    }
    add_days(anchor, ahead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn hijri_round_trips_on_known_days() {
        // 1 Ramadan 1446 began on 1 March 2025 (Umm al-Qura), and 1 Muharram 1445 on 19 July 2023.
        assert_eq!(hijri_to_gregorian(1446, 9, 1), Some(d(2025, 3, 1)));
        assert_eq!(gregorian_to_hijri(d(2025, 3, 1)), Some((1446, 9, 1)));
        assert_eq!(hijri_to_gregorian(1445, 1, 1), Some(d(2023, 7, 19)));
        assert_eq!(hijri_to_gregorian(1445, 9, 15), Some(d(2024, 3, 25)));
        for offset in (0..20_000).step_by(37) {
            let day = add_days(d(1950, 1, 1), offset).unwrap();
            let (y, m, dd) = gregorian_to_hijri(day).unwrap();
            assert_eq!(hijri_to_gregorian(y, m, dd), Some(day), "{day}");
        }
    }

    #[test]
    fn impossible_days_are_refused() {
        assert_eq!(gregorian(2021, 2, 29), None);
        assert_eq!(gregorian(2020, 2, 31), None);
        assert_eq!(gregorian(99999, 1, 1), None);
        assert_eq!(hijri_to_gregorian(1445, 13, 1), None);
        assert_eq!(hijri_to_gregorian(0, 1, 1), None);
        // Ramadan 1446 had 29 days (Shawwal began on 30 March 2025).
        assert_eq!(hijri_to_gregorian(1446, 9, 30), None);
        assert_eq!(hijri_month_span(1446, 9), Some((d(2025, 3, 1), d(2025, 3, 29))));
    }

    #[test]
    fn weeks_and_weekdays() {
        assert_eq!(iso_week(d(2020, 11, 19)), "2020-W47");
        assert_eq!(iso_week(d(2021, 1, 1)), "2020-W53");
        let thursday = d(2020, 11, 19);
        assert_eq!(weekday_on_or_before(thursday, Weekday::Sunday, false), Some(d(2020, 11, 15)));
        assert_eq!(weekday_on_or_before(thursday, Weekday::Thursday, true), Some(d(2020, 11, 12)));
        assert_eq!(weekday_on_or_after(thursday, Weekday::Friday, true), Some(d(2020, 11, 20)));
        assert_eq!(add_months(2020, 1, -1), (2019, 12));
        assert_eq!(add_months(2020, 12, 1), (2021, 1));
    }
}
