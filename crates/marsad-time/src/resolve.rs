//! Anchoring: every recognised expression becomes a TIMEX3 / ISO-8601 value, relative ones
//! against the publication day (the anchor) or against the day the text itself last set up
//! (اليوم التالي، العاشر من الشهر نفسه). Nothing is ever resolved against today's date: with
//! no anchor, what the text does not say stays `X`.

use jiff::civil::{Date, Weekday};

use crate::calendar::{
    add_days, add_months, gregorian, gregorian_to_hijri, hijri_month_span, hijri_to_gregorian, iso_week,
    weekday_number, weekday_on_or_after, weekday_on_or_before,
};
use crate::expr::{DayRef, Expr, Meaning, YearRef};
use crate::lexicon::{Direction, Mod, Unit};

/// What an expression was resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchoring {
    /// The publication day.
    Publication,
    /// A day or month the text set up earlier.
    Text,
    /// The publication's month as the text gives it, the day unknown: the value is the same
    /// for every day of that month ([`resolve_all_within`]).
    Estimate,
    /// The publication day moved to the nearest day of the weekday the text names beside it
    /// (أمس الخميس in a report dated a Saturday is the Thursday): metadata days are often a
    /// crawl's or a time zone's day late, and the weekday is what the writer wrote.
    Weekday,
}

impl Anchoring {
    pub fn as_str(self) -> &'static str {
        match self {
            Anchoring::Publication => "publication",
            Anchoring::Text => "text",
            Anchoring::Estimate => "estimate",
            Anchoring::Weekday => "weekday",
        }
    }
}

/// A resolved time expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// `date`, `time`, `duration`, `set` or `vague`.
    pub kind: &'static str,
    /// The TIMEX3 value; `X` for what the text and the anchor leave unknown.
    pub value: String,
    /// START / MID / END.
    pub modifier: Option<&'static str>,
    /// The Hijri date as written (`1445-09-15`, `XXXX-09`).
    pub hijri: Option<String>,
    pub anchored: Option<Anchoring>,
    /// Why the value is incomplete when the words name no real day (31 شباط).
    pub unresolved: Option<&'static str>,
    /// The calendar day, when the expression names exactly one.
    pub day: Option<Date>,
}

impl Resolved {
    fn new(kind: &'static str, value: String) -> Resolved {
        Resolved { kind, value, modifier: None, hijri: None, anchored: None, unresolved: None, day: None }
    }
}

/// Resolves expressions in text order against `anchor` (the publication day, if known).
pub fn resolve_all(exprs: &[Expr], anchor: Option<Date>) -> Vec<Resolved> {
    let mut state = State { anchor, reference: None, reference_month: None };
    exprs.iter().map(|e| state.resolve(&e.meaning)).collect()
}

/// Resolves expressions against a publication day known only to lie between `earliest` and
/// `latest` (an inferred month). Each is resolved at both ends: every resolution moves with
/// its anchor one way only (later anchor, same or later day), so where the two agree the value
/// holds for every day between; elsewhere the text alone decides, as with no anchor.
pub fn resolve_all_within(exprs: &[Expr], earliest: Date, latest: Date) -> Vec<Resolved> {
    if earliest == latest {
        return resolve_all(exprs, Some(earliest));
    }
    let first = resolve_all(exprs, Some(earliest));
    let last = resolve_all(exprs, Some(latest));
    let alone = resolve_all(exprs, None);
    first
        .into_iter()
        .zip(last)
        .zip(alone)
        .map(|((first, last), alone)| match (first == last, first.anchored) {
            (true, Some(Anchoring::Publication)) => anchored(first, Anchoring::Estimate),
            (true, _) => first,
            (false, _) => alone,
        })
        .collect()
}

/// How many days the text's weekdays move the publication day `anchor`: where the text
/// names a weekday beside a day counted from publication (اليوم الجمعة، أمس الخميس) and every
/// such pair points to the same other day, the shift to it (−3 to +3, never 0). `None`
/// when there is no such pair, when they agree with the anchor, or when they disagree among
/// themselves.
pub fn weekday_shift(exprs: &[Expr], anchor: Date) -> Option<i64> {
    let mut shift = None;
    for e in exprs {
        let Meaning::Day { day: DayRef::FromAnchor(k), weekday: Some(weekday), .. } = e.meaning else { continue };
        let Some(date) = add_days(anchor, k.into()) else { continue };
        let moved = (nearest_weekday(date, weekday)? - date).get_days();
        match shift {
            None => shift = Some(moved),
            Some(s) if s == moved => {}
            Some(_) => return None,
        }
    }
    shift.filter(|&s| s != 0).map(i64::from)
}

struct State {
    anchor: Option<Date>,
    /// The last day the text named.
    reference: Option<Date>,
    /// The last month the text named.
    reference_month: Option<(i32, u8)>,
}

fn ymd(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

fn year_of(date: Date) -> i32 {
    i32::from(date.year())
}

/// The day `month`/`day` in the year nearest to `anchor`.
fn nearest_year(anchor: Date, month: u8, day: u8) -> Option<Date> {
    let year = year_of(anchor);
    [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|y| gregorian(y, month, day))
        .min_by_key(|d| (anchor - *d).get_days().abs())
}

impl State {
    fn resolve(&mut self, meaning: &Meaning) -> Resolved {
        let mut out = match meaning {
            Meaning::Day { day, weekday, part, clock, .. } => {
                let mut out = self.day(*day);
                if let (DayRef::FromAnchor(_), Some(weekday), Some(date)) = (day, weekday, out.day)
                    && let Some(moved) = nearest_weekday(date, *weekday).filter(|d| *d != date)
                {
                    out = anchored(with_day(moved), Anchoring::Weekday);
                }
                if let Some(date) = out.day {
                    self.reference = Some(date);
                    self.reference_month = Some((year_of(date), date.month() as u8));
                }
                if let Some((hour, minute)) = clock {
                    out.value = format!("{}T{hour:02}:{minute:02}", out.value);
                } else if let Some(part) = part {
                    out.value = format!("{}T{}", out.value, part.timex());
                }
                out
            }
            Meaning::Clock { hour, minute, .. } => Resolved::new("time", format!("XXXX-XX-XXT{hour:02}:{minute:02}")),
            Meaning::Month { year, month, position } => {
                let mut out = self.month(*year, *month);
                out.modifier = position.map(Mod::as_str);
                out
            }
            Meaning::HijriMonth { year, month } => self.hijri_month(*year, *month),
            Meaning::RelativeMonth { offset, position } => {
                let mut out = match (offset, self.anchor, self.reference_month) {
                    (Some(k), Some(a), _) => {
                        let (y, m) = add_months(year_of(a), a.month() as u8, *k);
                        anchored(Resolved::new("date", format!("{y:04}-{m:02}")), Anchoring::Publication)
                    }
                    (None, _, Some((y, m))) => {
                        anchored(Resolved::new("date", format!("{y:04}-{m:02}")), Anchoring::Text)
                    }
                    _ => Resolved::new("date", "XXXX-XX".into()),
                };
                out.modifier = position.map(Mod::as_str);
                out
            }
            Meaning::RelativeWeek { offset, position } => {
                let mut out = match self.anchor.and_then(|a| add_days(a, 7 * i64::from(*offset))) {
                    Some(day) => anchored(Resolved::new("date", iso_week(day)), Anchoring::Publication),
                    None => Resolved::new("date", "XXXX-WXX".into()),
                };
                out.modifier = position.map(Mod::as_str);
                out
            }
            Meaning::Year { year, position, season } => {
                let mut out = match (year, self.anchor) {
                    (YearRef::Known(y), _) => Resolved::new("date", format!("{y:04}")),
                    (YearRef::Relative(k), Some(a)) => {
                        anchored(Resolved::new("date", format!("{:04}", year_of(a) + k)), Anchoring::Publication)
                    }
                    _ => Resolved::new("date", "XXXX".into()),
                };
                if let Some(season) = season {
                    out.value = format!("{}-{season}", out.value);
                }
                out.modifier = position.map(Mod::as_str);
                out
            }
            Meaning::HijriYear(year) => {
                let mut out = match (hijri_to_gregorian(*year, 1, 1), hijri_month_span(*year, 12)) {
                    (Some(first), Some((_, last))) => Resolved::new("date", format!("{}/{}", ymd(first), ymd(last))),
                    _ => unresolved(Resolved::new("date", "XXXX".into()), "Hijri year out of range"),
                };
                out.hijri = Some(format!("{year:04}"));
                out
            }
            Meaning::Decade { century, relative_century, tens } => {
                // Without an anchor, "this century" is the 21st: the news read here is
                // from it, and a decade unsaid is far less certain than a year.
                let century = match relative_century {
                    Some(k) => self.anchor.map_or(20, |a| year_of(a) / 100) + k,
                    None => *century,
                };
                Resolved::new("date", format!("{century:02}{tens}X"))
            }
            Meaning::Century(year) => match (year, self.anchor) {
                (YearRef::Known(c), _) => Resolved::new("date", format!("{c:02}XX")),
                (YearRef::Relative(k), anchor) => {
                    Resolved::new("date", format!("{:02}XX", anchor.map_or(20, |a| year_of(a) / 100) + k))
                }
                _ => Resolved::new("date", "XXXX".into()),
            },
            Meaning::Duration { amount, unit } => Resolved::new("duration", duration_value(*amount, *unit)),
            Meaning::Shifted { amount, unit } => self.shifted(*amount, *unit),
            Meaning::Set { amount, unit, weekday } => match weekday {
                Some(w) => Resolved::new("set", format!("XXXX-WXX-{}", weekday_number(*w))),
                None => Resolved::new("set", duration_value(Some(f64::from(*amount)), *unit)),
            },
            Meaning::Vague(v) => Resolved::new("vague", (*v).to_string()),
            Meaning::Invalid(reason) => unresolved(Resolved::new("date", "XXXX".into()), reason),
        };
        out.kind = meaning.kind();
        out
    }

    fn day(&self, day: DayRef) -> Resolved {
        let unknown = || Resolved::new("date", "XXXX-XX-XX".into());
        match day {
            DayRef::Calendar { year, month, day } => self.calendar_day(year, month, day),
            DayRef::Hijri { year, month, day } => {
                let year = year.or_else(|| {
                    let (hy, _, _) = gregorian_to_hijri(self.anchor?)?;
                    let anchor = self.anchor?;
                    [hy - 1, hy, hy + 1]
                        .into_iter()
                        .filter(|y| hijri_to_gregorian(*y, month, day).is_some())
                        .min_by_key(|y| {
                            hijri_to_gregorian(*y, month, day).map_or(i32::MAX, |d| (anchor - d).get_days().abs())
                        })
                });
                let mut out = match year.map(|y| (y, hijri_to_gregorian(y, month, day))) {
                    Some((_, Some(date))) => with_day(date),
                    Some((_, None)) => unresolved(unknown(), "no such Hijri day"),
                    None => unknown(),
                };
                out.hijri = Some(match year {
                    Some(y) => format!("{y:04}-{month:02}-{day:02}"),
                    None => format!("XXXX-{month:02}-{day:02}"),
                });
                out
            }
            DayRef::FromAnchor(k) => match self.anchor.and_then(|a| add_days(a, k.into())) {
                Some(date) => anchored(with_day(date), Anchoring::Publication),
                None => unknown(),
            },
            DayRef::Weekday { weekday, direction, upcoming } => {
                let date = self.anchor.and_then(|a| match direction {
                    Direction::Past => weekday_on_or_before(a, weekday, true),
                    Direction::Next => weekday_on_or_after(a, weekday, true),
                    Direction::Current if upcoming => weekday_on_or_after(a, weekday, false),
                    Direction::Current => weekday_on_or_before(a, weekday, false),
                });
                match date {
                    Some(date) => anchored(with_day(date), Anchoring::Publication),
                    None => Resolved::new("date", format!("XXXX-WXX-{}", weekday_number(weekday))),
                }
            }
            // With no day set up yet, "the next day" is counted from the publication day.
            DayRef::FromReference(k) => match (self.reference, self.anchor) {
                (Some(r), _) => add_days(r, k.into()).map_or_else(unknown, |d| anchored(with_day(d), Anchoring::Text)),
                (None, Some(a)) => {
                    add_days(a, k.into()).map_or_else(unknown, |d| anchored(with_day(d), Anchoring::Publication))
                }
                (None, None) => unknown(),
            },
            DayRef::OfRelativeMonth { offset, day } => {
                let (month, how) = match offset {
                    Some(k) => {
                        (self.anchor.map(|a| add_months(year_of(a), a.month() as u8, k)), Anchoring::Publication)
                    }
                    None => (self.reference_month, Anchoring::Text),
                };
                match month {
                    Some((y, m)) => match gregorian(y, m, day) {
                        Some(date) => anchored(with_day(date), how),
                        None => unresolved(Resolved::new("date", format!("{y:04}-{m:02}")), "no such day"),
                    },
                    None => unknown(),
                }
            }
        }
    }

    fn calendar_day(&self, year: YearRef, month: u8, day: u8) -> Resolved {
        // Is there such a day in some year at all (29 February is)?
        if gregorian(2000, month, day).is_none() {
            return unresolved(Resolved::new("date", format!("XXXX-{month:02}")), "no such day in that month");
        }
        let date = match (year, self.anchor) {
            (YearRef::Known(y), _) => match gregorian(y, month, day) {
                Some(date) => return with_day(date),
                None if !(crate::calendar::MIN_YEAR..=crate::calendar::MAX_YEAR).contains(&y) => {
                    return unresolved(Resolved::new("date", format!("XXXX-{month:02}-{day:02}")), "year out of range");
                }
                None => {
                    return unresolved(Resolved::new("date", format!("{y:04}-{month:02}")), "no such day that year");
                }
            },
            (_, None) => return Resolved::new("date", format!("XXXX-{month:02}-{day:02}")),
            (YearRef::Unsaid, Some(a)) => nearest_year(a, month, day),
            (YearRef::Relative(k), Some(a)) => gregorian(year_of(a) + k, month, day),
            (YearRef::LastOccurrence, Some(a)) => {
                (0..8).filter_map(|back| gregorian(year_of(a) - back, month, day)).find(|d| *d <= a)
            }
            (YearRef::NextOccurrence, Some(a)) => {
                (0..8).filter_map(|ahead| gregorian(year_of(a) + ahead, month, day)).find(|d| *d >= a)
            }
        };
        match date {
            Some(date) => anchored(with_day(date), Anchoring::Publication),
            None => Resolved::new("date", format!("XXXX-{month:02}-{day:02}")),
        }
    }

    fn month(&self, year: YearRef, month: u8) -> Resolved {
        let Some(anchor) = self.anchor else {
            return match year {
                YearRef::Known(y) => Resolved::new("date", format!("{y:04}-{month:02}")),
                _ => Resolved::new("date", format!("XXXX-{month:02}")),
            };
        };
        let (ay, am) = (year_of(anchor), anchor.month() as u8);
        let y = match year {
            YearRef::Known(y) => return Resolved::new("date", format!("{y:04}-{month:02}")),
            YearRef::Relative(k) => ay + k,
            YearRef::Unsaid => {
                let distance = |y: i32| ((y * 12 + i32::from(month)) - (ay * 12 + i32::from(am))).abs();
                [ay - 1, ay, ay + 1].into_iter().min_by_key(|y| distance(*y)).unwrap_or(ay)
            }
            YearRef::LastOccurrence if month >= am => ay - 1,
            YearRef::LastOccurrence => ay,
            YearRef::NextOccurrence if month <= am => ay + 1,
            YearRef::NextOccurrence => ay,
        };
        anchored(Resolved::new("date", format!("{y:04}-{month:02}")), Anchoring::Publication)
    }

    /// The Hijri month's Gregorian days. Without a written year the anchor's Hijri year
    /// decides: the nearest such month when nothing is said, the last one begun on or before
    /// the anchor for الماضي, the first one begun after it for المقبل (as for Gregorian months).
    fn hijri_month(&self, year: YearRef, month: u8) -> Resolved {
        let year = match year {
            // A Gregorian year (رمضان 2019): the Hijri year whose month begins in it.
            YearRef::Known(y) if y > LATEST_HIJRI_YEAR => hijri_year_beginning_in(y, month),
            YearRef::Known(y) => Some(y),
            relative => self.hijri_year_of(relative, month),
        };
        let mut out = match year.and_then(|y| hijri_month_span(y, month)) {
            Some((first, last)) => Resolved::new("date", format!("{}/{}", ymd(first), ymd(last))),
            None => Resolved::new("date", "XXXX-XX".into()),
        };
        out.hijri = Some(match year {
            Some(y) => format!("{y:04}-{month:02}"),
            None => format!("XXXX-{month:02}"),
        });
        out
    }

    /// The Hijri year of a month named without one, from the anchor.
    fn hijri_year_of(&self, relative: YearRef, month: u8) -> Option<i32> {
        let anchor = self.anchor?;
        let (hy, _, _) = gregorian_to_hijri(anchor)?;
        let around = [hy - 1, hy, hy + 1];
        let begun = |y: i32| hijri_month_span(y, month).map(|(first, _)| first <= anchor);
        match relative {
            YearRef::Relative(k) => Some(hy + k),
            YearRef::LastOccurrence => around.into_iter().rev().find(|&y| begun(y) == Some(true)),
            YearRef::NextOccurrence => around.into_iter().find(|&y| begun(y) == Some(false)),
            _ => around.into_iter().min_by_key(|y| {
                hijri_month_span(*y, month).map_or(i64::MAX, |(first, last)| {
                    if anchor < first {
                        i64::from((first - anchor).get_days())
                    } else if anchor > last {
                        i64::from((anchor - last).get_days())
                    } else {
                        0
                    }
                })
            }),
        }
    }

    fn shifted(&self, amount: i32, unit: Unit) -> Resolved {
        let Some(anchor) = self.anchor else {
            return Resolved::new("date", "XXXX-XX-XX".into());
        };
        let out = match unit {
            Unit::Day => add_days(anchor, amount.into()).map(with_day),
            Unit::Week => add_days(anchor, 7 * i64::from(amount)).map(|d| Resolved::new("date", iso_week(d))),
            Unit::Month => {
                let (y, m) = add_months(year_of(anchor), anchor.month() as u8, amount);
                Some(Resolved::new("date", format!("{y:04}-{m:02}")))
            }
            Unit::Year => Some(Resolved::new("date", format!("{:04}", year_of(anchor) + amount))),
            _ => None,
        };
        match out {
            Some(out) => anchored(out, Anchoring::Publication),
            None => unresolved(Resolved::new("date", "XXXX-XX-XX".into()), "out of range"),
        }
    }
}

/// The day nearest `date` (three days either way at most) that falls on `weekday`.
fn nearest_weekday(date: Date, weekday: Weekday) -> Option<Date> {
    let ahead = i64::from((weekday_number(weekday) - weekday_number(date.weekday())).rem_euclid(7));
    add_days(date, if ahead > 3 { ahead - 7 } else { ahead })
}

fn with_day(date: Date) -> Resolved {
    let mut out = Resolved::new("date", ymd(date));
    out.day = Some(date);
    out
}

fn anchored(mut out: Resolved, how: Anchoring) -> Resolved {
    out.anchored = Some(how);
    out
}

fn unresolved(mut out: Resolved, why: &'static str) -> Resolved {
    out.unresolved = Some(why);
    out
}

/// `P6W`, `PT1.5H`, `P30Y`; decades and centuries in years; `PXD` for an unsaid amount.
pub fn duration_value(amount: Option<f64>, unit: Unit) -> String {
    let (amount, unit) = match unit {
        Unit::Decade => (amount.map(|a| a * 10.0), Unit::Year),
        Unit::Century => (amount.map(|a| a * 100.0), Unit::Year),
        _ => (amount, unit),
    };
    let (prefix, designator) = unit.designator();
    match amount {
        Some(a) if a.is_finite() && a.fract() == 0.0 && a.abs() < 1e9 => format!("{prefix}{}{designator}", a as i64),
        Some(a) if a.is_finite() && a.abs() < 1e9 => format!("{prefix}{}{designator}", (a * 100.0).round() / 100.0),
        _ => format!("{prefix}X{designator}"),
    }
}

/// Years above this, written after a Hijri month, are Gregorian (Hijri 1500 begins in 2076).
const LATEST_HIJRI_YEAR: i32 = 1500;

/// The Hijri year whose `month` begins in Gregorian year `year` (the first such, when a short
/// Hijri year puts two in it).
fn hijri_year_beginning_in(year: i32, month: u8) -> Option<i32> {
    // Hijri years run about 32 to every 33 Gregorian ones, from 622.
    let estimate = (year - 622) * 33 / 32;
    (estimate - 2..=estimate + 2)
        .find(|&hy| hijri_month_span(hy, month).is_some_and(|(first, _)| i32::from(first.year()) == year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, earliest: Date, latest: Date) -> Vec<(String, Option<Anchoring>)> {
        let layer = marsad_text::TextLayer::new(text);
        let exprs = crate::recognize(&layer);
        resolve_all_within(&exprs, earliest, latest).into_iter().map(|r| (r.value, r.anchored)).collect()
    }

    #[test]
    fn a_month_anchors_what_every_day_of_it_agrees_on() {
        let (first, last) = (Date::new(2020, 11, 1).unwrap(), Date::new(2020, 11, 30).unwrap());
        let found = values(
            "سلمت كلبجار في 10 نوفمبر، وتسلم لاتشين في 1 ديسمبر المقبل، وقال أمس إن العام الماضي كان صعبا.",
            first,
            last,
        );
        let estimate = Some(Anchoring::Estimate);
        assert_eq!(
            found,
            vec![
                ("2020-11-10".to_string(), estimate),
                ("2020-12-01".to_string(), estimate),
                // Yesterday is a different day for each day of the month.
                ("XXXX-XX-XX".to_string(), None),
                ("2019".to_string(), estimate),
            ]
        );
        // A single day is that day.
        assert_eq!(values("وصل أمس.", first, first), vec![("2020-10-31".to_string(), Some(Anchoring::Publication))]);
    }

    fn anchored_values(text: &str, anchor: Date) -> Vec<(String, Option<Anchoring>)> {
        let layer = marsad_text::TextLayer::new(text);
        let exprs = crate::recognize(&layer);
        resolve_all(&exprs, Some(anchor)).into_iter().map(|r| (r.value, r.anchored)).collect()
    }

    #[test]
    fn a_weekday_beside_a_relative_day_wins_over_the_anchor() {
        let friday = Date::new(2020, 11, 20).unwrap();
        let saturday = Date::new(2020, 11, 21).unwrap();
        let text = "قال الوزير أمس الخميس إن المحادثات ستستأنف.";
        // The weekday agrees with the publication day: nothing moves.
        assert_eq!(anchored_values(text, friday), vec![("2020-11-19".to_string(), Some(Anchoring::Publication))]);
        // A report dated a day late: yesterday Thursday is still the Thursday.
        assert_eq!(anchored_values(text, saturday), vec![("2020-11-19".to_string(), Some(Anchoring::Weekday))]);
        // Today Friday, in a report dated a Tuesday: the nearest Friday, three days on.
        let tuesday = Date::new(2015, 7, 21).unwrap();
        assert_eq!(
            anchored_values("توفي اليوم الجمعة الفنان الكبير.", tuesday),
            vec![("2015-07-24".to_string(), Some(Anchoring::Weekday))]
        );
        // The day it sets up is the moved one (اليوم التالي is the Friday).
        assert_eq!(
            anchored_values("وصل الوفد أمس الخميس وغادر في اليوم التالي.", saturday),
            vec![
                ("2020-11-19".to_string(), Some(Anchoring::Weekday)),
                ("2020-11-20".to_string(), Some(Anchoring::Text))
            ]
        );
    }

    #[test]
    fn the_weekday_shift_is_the_one_every_pair_agrees_on() {
        let saturday = Date::new(2020, 11, 21).unwrap();
        let shift = |text: &str| {
            let layer = marsad_text::TextLayer::new(text);
            weekday_shift(&crate::recognize(&layer), saturday)
        };
        assert_eq!(shift("قال أمس الخميس إن الاجتماع عقد اليوم الجمعة."), Some(-1));
        assert_eq!(shift("قال أمس الجمعة إن الاجتماع عقد اليوم السبت."), None);
        assert_eq!(shift("قال أمس الخميس إن الاجتماع عقد اليوم السبت."), None);
        assert_eq!(shift("قال أمس إن الاجتماع عقد الخميس."), None);
    }
}
