//! Publication dates as pages and feeds write them in metadata: RFC 3339 / ISO 8601
//! (with or without an offset or a time), RFC 2822 (`Sun, 18 Feb 2018 21:35:43 +0400`),
//! `DD/MM/YYYY`, `YYYY/MM/DD`, and Unix seconds. The calendar day is the one in the
//! publisher's own offset, which is the day its readers saw. A time of day given in UTC
//! (`Z`, `+00:00`, `GMT`, Unix seconds) may be a feed's or CMS's clock rather than the
//! newsroom's, so it is read in a newsroom zone ([`set_newsroom_offset`], the binary's
//! `--newsroom-offset`). The default is UTC itself: on ANT v2.1, whose Sky News, BBC, France 24
//! and CNN stamps are UTC, the day of the stamp in UTC is the one the texts' «اليوم الخميس»
//! agrees with most often; every zone east or west of it fits fewer texts (BENCHMARKS, "Time
//! evaluation"). An explicit other offset keeps its own local day; a day without a time, or a
//! time without an offset, is taken as written.

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

/// The zone a UTC timestamp is read in when no other is set: UTC (measured best on ANT v2.1;
/// a newsroom known to stamp its own local day in UTC sets its zone instead).
pub const NEWSROOM_OFFSET: Offset = Offset::UTC;

static NEWSROOM: std::sync::OnceLock<Offset> = std::sync::OnceLock::new();

/// Sets, once for the process, the zone UTC timestamps are read in (the binary's
/// `--newsroom-offset`). Returns `false`, changing nothing, when it was already set or read.
pub fn set_newsroom_offset(offset: Offset) -> bool {
    NEWSROOM.set(offset).is_ok()
}

/// The zone UTC timestamps are read in: as set, else [`NEWSROOM_OFFSET`].
pub fn newsroom_offset() -> Offset {
    *NEWSROOM.get_or_init(|| NEWSROOM_OFFSET)
}

/// Reads an offset as the command line gives it: `+03:00`, `+0300`, `+3`, `-05:30`, `0`,
/// `UTC`. At most ±18 hours.
pub fn parse_offset(s: &str) -> Option<Offset> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("utc") || s.eq_ignore_ascii_case("z") || s == "0" {
        return Some(Offset::UTC);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let valid = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !valid(hours) || !valid(minutes) {
        return None;
    }
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    if hours > 18 || minutes > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// Parses a metadata date, a UTC time of day read in [`newsroom_offset`]; `None` when it is
/// not one of the known shapes or not a real calendar date.
pub fn parse_meta_date(raw: &str) -> Option<MetaDate> {
    parse_meta_date_in(raw, newsroom_offset())
}

/// [`parse_meta_date`] with a UTC time of day read in `newsroom`.
pub fn parse_meta_date_in(raw: &str, newsroom: Offset) -> Option<MetaDate> {
    let AsGiven { mut meta, utc } = parse_as_given(raw)?;
    if let Some(ts) = utc {
        meta.date = newsroom.to_datetime(ts).date().to_string();
    }
    Some(meta)
}

/// A parsed date, and the instant when it was a UTC time of day.
struct AsGiven {
    meta: MetaDate,
    utc: Option<Timestamp>,
}

impl From<MetaDate> for AsGiven {
    fn from(meta: MetaDate) -> AsGiven {
        AsGiven { meta, utc: None }
    }
}

/// The day as written (in the timestamp's own offset).
fn parse_as_given(raw: &str) -> Option<AsGiven> {
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
        return Some(MetaDate { date: dt.date().to_string(), datetime: Some(dt.to_string()) }.into());
    }
    if let Ok(d) = s.parse::<Date>() {
        return Some(MetaDate { date: d.to_string(), datetime: None }.into());
    }
    if let Ok(zoned) = rfc2822::parse(s) {
        return Some(with_offset(zoned.datetime(), zoned.offset()));
    }
    if let Some(d) = parse_slashed(s) {
        return Some(MetaDate { date: d.to_string(), datetime: None }.into());
    }
    if let Ok(secs) = s.parse::<i64>()
        && (0..=4_102_444_800).contains(&secs)
    {
        let ts = Timestamp::from_second(secs).ok()?;
        return Some(with_offset(Offset::UTC.to_datetime(ts), Offset::UTC));
    }
    None
}

/// A time of day in `offset`; remembered as an instant when the offset is UTC.
fn with_offset(dt: DateTime, offset: Offset) -> AsGiven {
    let ts = offset.to_timestamp(dt).ok();
    let datetime = ts.map(|t| t.display_with_offset(offset).to_string());
    AsGiven { meta: MetaDate { date: dt.date().to_string(), datetime }, utc: ts.filter(|_| offset == Offset::UTC) }
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

    /// Regression: by default a UTC stamp keeps its UTC day (ANT's late-evening UTC stamps
    /// fit the text's weekday on the UTC day; read at +03:00, 51 more estimates misfit).
    #[test]
    fn by_default_a_utc_stamp_keeps_its_utc_day() {
        assert_eq!(
            day_in("2018-03-07T22:30:00Z", "UTC"),
            parse_meta_date_in("2018-03-07T22:30:00Z", NEWSROOM_OFFSET).map(|m| m.date)
        );
        assert_eq!(
            parse_meta_date_in("Wed, 07 Mar 2018 23:59:00 GMT", NEWSROOM_OFFSET).map(|m| m.date).as_deref(),
            Some("2018-03-07")
        );
    }

    fn day_in(s: &str, newsroom: &str) -> Option<String> {
        parse_meta_date_in(s, parse_offset(newsroom).unwrap()).map(|m| m.date)
    }

    /// Regression (ANT v2.1: Sky News, BBC and France 24 give UTC): an article stamped
    /// Wednesday 22:30 UTC that says «اليوم الخميس» was Thursday's news in its newsroom.
    #[test]
    fn a_utc_time_of_day_is_read_in_the_newsroom_zone() {
        for utc in ["2018-03-07T22:30:00+00:00", "2018-03-07T22:30:00Z", "Wed, 07 Mar 2018 22:30:00 GMT"] {
            assert_eq!(day_in(utc, "+03:00").as_deref(), Some("2018-03-08"), "{utc}");
            assert_eq!(day_in(utc, "UTC").as_deref(), Some("2018-03-07"), "{utc}");
        }
        assert_eq!(day_in("2018-03-07T20:59:59Z", "+03:00").as_deref(), Some("2018-03-07"));
        assert_eq!(day_in("2018-03-07T21:00:00Z", "+03:00").as_deref(), Some("2018-03-08"));
        // The zone is the newsroom's: 00:30 UTC is the evening before at -01:00, not at +01:00.
        assert_eq!(day_in("2018-03-08T00:30:00Z", "-01:00").as_deref(), Some("2018-03-07"));
        assert_eq!(day_in("2018-03-08T00:30:00Z", "+01:00").as_deref(), Some("2018-03-08"));
        // Unix seconds are UTC too: 2020-11-19T23:00:00Z.
        assert_eq!(day_in("1605826800", "+03:00").as_deref(), Some("2020-11-20"));
        // The timestamp itself is kept as given.
        let m = parse_meta_date_in("2018-03-07T22:30:00Z", NEWSROOM_OFFSET).unwrap();
        assert_eq!(m.datetime.as_deref(), Some("2018-03-07T22:30:00+00:00"));
    }

    /// An explicit other offset is the newsroom's own: its local day stands, whatever zone
    /// UTC times are read in; so do a day alone and a time with no offset.
    #[test]
    fn an_explicit_offset_or_a_bare_day_keeps_its_own_day() {
        for newsroom in ["+03:00", "-05:00", "+0930", "UTC"] {
            assert_eq!(day_in("2018-02-18T23:35:43+04:00", newsroom).as_deref(), Some("2018-02-18"));
            assert_eq!(day_in("Sun, 18 Feb 2018 00:35:43 +0400", newsroom).as_deref(), Some("2018-02-18"));
            assert_eq!(day_in("2018-02-18T23:30:00-05:00", newsroom).as_deref(), Some("2018-02-18"));
            assert_eq!(day_in("2018-02-18", newsroom).as_deref(), Some("2018-02-18"));
            assert_eq!(day_in("18/02/2018", newsroom).as_deref(), Some("2018-02-18"));
            assert_eq!(day_in("2018-02-18 23:30:00", newsroom).as_deref(), Some("2018-02-18"));
        }
    }

    #[test]
    fn offsets_as_the_command_line_gives_them() {
        let secs = |s: &str| parse_offset(s).map(|o| o.seconds());
        assert_eq!(secs("+03:00"), Some(3 * 3600));
        assert_eq!(secs("+0300"), Some(3 * 3600));
        assert_eq!(secs("+3"), Some(3 * 3600));
        assert_eq!(secs("-05:30"), Some(-(5 * 3600 + 30 * 60)));
        assert_eq!(secs("UTC"), Some(0));
        assert_eq!(secs("0"), Some(0));
        for bad in ["", "3", "+", "+19", "+03:60", "+3:0:0", "+a", "+٣", "++3"] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
        assert_eq!(NEWSROOM_OFFSET.seconds(), 0);
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
