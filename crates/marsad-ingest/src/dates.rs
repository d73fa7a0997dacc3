//! Publication dates as pages and feeds write them in metadata: RFC 3339 / ISO 8601
//! (with or without an offset or a time), RFC 2822 (`Sun, 18 Feb 2018 21:35:43 +0400`),
//! `DD/MM/YYYY`, `YYYY/MM/DD`, and Unix seconds. The calendar day is the one in the
//! publisher's own offset, which is the day its readers saw.

use jiff::civil::{Date, DateTime};
use jiff::fmt::rfc2822;
use jiff::{Timestamp, tz::Offset};

/// A parsed metadata date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetaDate {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// RFC 3339 when a time was given (with its offset when one was given).
    pub datetime: Option<String>,
}

/// Parses a metadata date; `None` when it is not one of the known shapes or not a real
/// calendar date.
pub fn parse_meta_date(raw: &str) -> Option<MetaDate> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    // RFC 3339 / ISO 8601 with an offset.
    if let Ok(zoned) = s.parse::<jiff::Zoned>() {
        return Some(with_offset(zoned.datetime(), zoned.offset()));
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        let offset = parse_trailing_offset(s).unwrap_or(Offset::UTC);
        let dt = offset.to_datetime(ts);
        return Some(with_offset(dt, offset));
    }
    if let Ok(dt) = s.parse::<DateTime>() {
        return Some(MetaDate { date: dt.date().to_string(), datetime: Some(dt.to_string()) });
    }
    if let Ok(d) = s.parse::<Date>() {
        return Some(MetaDate { date: d.to_string(), datetime: None });
    }
    if let Ok(zoned) = rfc2822::parse(s) {
        return Some(with_offset(zoned.datetime(), zoned.offset()));
    }
    if let Some(d) = parse_slashed(s) {
        return Some(MetaDate { date: d.to_string(), datetime: None });
    }
    if let Ok(secs) = s.parse::<i64>()
        && (0..=4_102_444_800).contains(&secs)
    {
        let ts = Timestamp::from_second(secs).ok()?;
        return Some(with_offset(Offset::UTC.to_datetime(ts), Offset::UTC));
    }
    None
}

fn with_offset(dt: DateTime, offset: Offset) -> MetaDate {
    let ts = offset.to_timestamp(dt).ok();
    let datetime = ts.map(|t| t.display_with_offset(offset).to_string());
    MetaDate { date: dt.date().to_string(), datetime }
}

/// `+04:00` / `+0400` / `Z` at the end of an ISO timestamp.
fn parse_trailing_offset(s: &str) -> Option<Offset> {
    if s.ends_with('Z') || s.ends_with('z') {
        return Some(Offset::UTC);
    }
    let at = s.rfind(['+', '-'])?;
    let tail = &s[at + 1..];
    let digits: String = tail.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 || tail.len() > 6 {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    let secs = (hours * 3600 + minutes * 60) * if &s[at..at + 1] == "-" { -1 } else { 1 };
    Offset::from_seconds(secs).ok()
}

/// `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`, `YYYY/MM/DD` (a time after a space is
/// ignored).
fn parse_slashed(s: &str) -> Option<Date> {
    let head = s.split_whitespace().next()?;
    let parts: Vec<&str> = head.split(['/', '-', '.']).collect();
    if parts.len() != 3 || !parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let nums: Vec<i32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 { (nums[0], nums[1], nums[2]) } else { (nums[2], nums[1], nums[0]) };
    if !(1900..=2200).contains(&y) {
        return None;
    }
    Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        parse_meta_date(s).map(|m| m.date)
    }

    #[test]
    fn common_shapes() {
        assert_eq!(day("2018-02-18T21:35:43+04:00").as_deref(), Some("2018-02-18"));
        assert_eq!(day("Sun, 18 Feb 2018 21:35:43 +0400").as_deref(), Some("2018-02-18"));
        assert_eq!(day("2015-07-21T02:51:32").as_deref(), Some("2015-07-21"));
        assert_eq!(day("2015-07-21 02:51:32").as_deref(), Some("2015-07-21"));
        assert_eq!(day("2020-11-19").as_deref(), Some("2020-11-19"));
        assert_eq!(day("19/11/2020").as_deref(), Some("2020-11-19"));
        assert_eq!(day("2020/11/19").as_deref(), Some("2020-11-19"));
        assert_eq!(day("2020-11-19T23:30:00Z").as_deref(), Some("2020-11-19"));
        assert_eq!(day("1605744000").as_deref(), Some("2020-11-19"));
    }

    #[test]
    fn the_day_is_the_publishers_day() {
        // 23:30 in Baku is still the 19th there, though it is the 19th 19:30 in UTC too;
        // 01:00+04:00 on the 20th is the 19th in UTC but the 20th for readers in Baku.
        assert_eq!(day("2020-11-20T01:00:00+04:00").as_deref(), Some("2020-11-20"));
        let m = parse_meta_date("2020-11-20T01:00:00+04:00").unwrap();
        assert_eq!(m.datetime.as_deref(), Some("2020-11-20T01:00:00+04:00"));
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(day(""), None);
        assert_eq!(day("yesterday"), None);
        assert_eq!(day("31/02/2020"), None);
        assert_eq!(day("12/12/12"), None);
    }
}
