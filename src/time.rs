//! Reading and writing times: RFC 3339 timestamps, local wall-clock times in the repository
//! time zone, calendar dates, and the short durations shown in tables.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Wall-clock layouts accepted when a timestamp has no offset.
const LOCAL_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
];

/// Parses an RFC 3339 timestamp, or a wall-clock time read in `tz`.
///
/// A wall-clock time that a DST change repeats takes the earlier instant; one that a DST
/// gap skips is an error.
pub fn parse_timestamp(text: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::<FixedOffset>::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    // RFC 3339 allows a space for the `T`; chrono's parser wants the `T`.
    if let Ok(t) = DateTime::<FixedOffset>::parse_from_rfc3339(&text.replacen(' ', "T", 1)) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in LOCAL_FORMATS {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return local_to_utc(naive, tz).ok_or_else(|| {
                format!("{text} does not exist in {tz}: the clocks skip it (daylight saving)")
            });
        }
    }
    if looks_like_date(text) {
        parse_date(&text[..10])?;
    }
    Err(format!("`{text}` is not an RFC 3339 timestamp"))
}

/// A time as a person types it at a flag or a prompt, read as [`parse_human`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spoken {
    pub at: DateTime<Utc>,
    /// The text named the instant only relative to now (`now`, `HH:MM`, `yesterday
    /// HH:MM`, `-2h`): a command echoes the absolute time it understood.
    pub relative: bool,
}

/// The forms [`parse_human`] reads, for prompts and hints.
pub const HUMAN_FORMS: &str =
    "RFC 3339, `YYYY-MM-DD HH:MM`, `HH:MM` (today), `yesterday HH:MM`, `-2h`, `-45m` or `now`";

/// Reads a time typed by a person (a flag or a prompt, never a file): an RFC 3339 timestamp,
/// `YYYY-MM-DD HH:MM[:SS]` in `tz`, `HH:MM[:SS]` today in `tz`, `yesterday HH:MM`,
/// `today HH:MM`, `tomorrow HH:MM`, an offset from now (`-2h`, `-45m`, `-1d`, `-1h30m`,
/// `+2h`), or `now`.
pub fn parse_human(text: &str, now: DateTime<Utc>, tz: Tz) -> Result<Spoken, String> {
    let text = text.trim();
    let relative = |at| Ok(Spoken { at, relative: true });
    if text.eq_ignore_ascii_case("now") {
        return relative(now);
    }
    if let Some(offset) = parse_offset(text) {
        let at = offset
            .and_then(|d| now.checked_add_signed(d))
            .ok_or_else(|| format!("`{text}` is too far from now"))?;
        return relative(at);
    }
    let today = now.with_timezone(&tz).date_naive();
    let (day, clock) = match text.split_once(char::is_whitespace) {
        Some((word, rest)) => match word.to_ascii_lowercase().as_str() {
            "today" => (Some(today), rest.trim()),
            "yesterday" => (today.pred_opt(), rest.trim()),
            "tomorrow" => (today.succ_opt(), rest.trim()),
            _ => (None, text),
        },
        None => (Some(today), text),
    };
    if let (Some(day), Some(clock)) = (day, parse_clock(clock)) {
        let at = local_to_utc(day.and_time(clock), tz).ok_or_else(|| {
            format!(
                "{} {} does not exist in {tz}: the clocks skip it (daylight saving)",
                day.format("%Y-%m-%d"),
                clock.format("%H:%M")
            )
        })?;
        return relative(at);
    }
    match parse_timestamp(text, tz) {
        Ok(at) => Ok(Spoken {
            at,
            relative: false,
        }),
        Err(why) if why.ends_with("is not an RFC 3339 timestamp") => Err(format!(
            "`{text}` is not a time pm reads; write {HUMAN_FORMS}"
        )),
        Err(why) => Err(why),
    }
}

/// `HH:MM` or `HH:MM:SS` on a 24-hour clock.
fn parse_clock(text: &str) -> Option<chrono::NaiveTime> {
    let colons = text.bytes().filter(|&b| b == b':').count();
    let format = match colons {
        1 => "%H:%M",
        2 => "%H:%M:%S",
        _ => return None,
    };
    chrono::NaiveTime::parse_from_str(text, format).ok()
}

/// `-2h`, `-45m`, `-1d`, `-1h30m`, `+2h`, `-90s` (spaces allowed between the parts).
/// `None` when the text is not an offset; `Some(None)` when it is one too large to add.
fn parse_offset(text: &str) -> Option<Option<chrono::Duration>> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'-' => (-1i64, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => return None,
    };
    let rest = rest.trim_start();
    if rest.is_empty() {
        return None;
    }
    let mut seconds: Option<i64> = Some(0);
    let mut number: Option<i64> = None;
    for c in rest.chars() {
        match c {
            '0'..='9' => {
                let digit = i64::from(c.to_digit(10)?);
                number = Some(
                    number
                        .unwrap_or(0)
                        .checked_mul(10)
                        .and_then(|n| n.checked_add(digit))
                        .unwrap_or(i64::MAX),
                );
            }
            'd' | 'h' | 'm' | 's' => {
                let unit = match c {
                    'd' => 86_400,
                    'h' => 3_600,
                    'm' => 60,
                    _ => 1,
                };
                let n = number.take()?;
                seconds = seconds.and_then(|s| n.checked_mul(unit).and_then(|p| s.checked_add(p)));
            }
            ' ' => {}
            _ => return None,
        }
    }
    if number.is_some() {
        return None; // digits without a unit
    }
    Some(
        seconds
            .and_then(|s| s.checked_mul(sign))
            .and_then(chrono::Duration::try_seconds),
    )
}

/// The instant a wall-clock time in `tz` names; the earlier one when it is ambiguous.
pub fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(early, _) => Some(early.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// Starts with `YYYY-MM-DD` (digits and dashes; not checked against the calendar).
pub fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Parses a calendar date `YYYY-MM-DD`, saying why a well-formed one does not exist.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    // The usual `YYYY-MM-DD`, without chrono's format parser; anything else below.
    let b = text.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
    {
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'))
        };
        let year = i32::try_from(num(0..4)).unwrap_or(0);
        if let Some(date) = NaiveDate::from_ymd_opt(year, num(5..7), num(8..10)) {
            return Ok(date);
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && text.len() == 10
    {
        return Ok(date);
    }
    if looks_like_date(text) && text.len() == 10 {
        return Err(format!("{text} is not a day of the calendar"));
    }
    Err(format!("`{text}` is not a date in the form YYYY-MM-DD"))
}

/// Parses a time zone name such as `Europe/Berlin` or `UTC`.
pub fn parse_tz(name: &str) -> Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!("`{name}` is not an IANA time zone name (e.g. `UTC`, `Europe/Berlin`)")
    })
}

/// The longest span pm.yaml may set (`chat.padding`, `meeting.within`, `remediation.due_days`
/// ...): 100 years. With the dates pm reads (years 0 to 9999) every sum stays inside what
/// chrono holds (years -262143 to 262143), and a typo of a few digits is an error.
pub const MAX_SPAN_DAYS: i64 = 36_500;

/// Why a time or date pm must compute is not there: it falls outside chrono's calendar.
pub const OUT_OF_RANGE: &str = "falls outside the dates pm can compute (years -262143 to 262143)";

/// `date` plus `days` (negative: minus), `None` outside chrono's calendar.
pub fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    chrono::TimeDelta::try_days(days).and_then(|d| date.checked_add_signed(d))
}

/// `t` plus `d`, saturating at the ends of chrono's calendar: for margins around a window,
/// where a margin cut short at the end of time changes nothing.
pub fn add_saturating(t: DateTime<Utc>, d: chrono::TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(d)
        .unwrap_or(if d < chrono::TimeDelta::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

/// `date` plus `days`, saturating at the ends of chrono's calendar (for margins).
pub fn add_days_saturating(date: NaiveDate, days: i64) -> NaiveDate {
    add_days(date, days).unwrap_or(if days < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// Why a span such as `15m` or `2d` was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanError {
    /// Not of the form `15m`, `90s`, `1h30m`, `2d`.
    NotASpan,
    /// Longer than [`MAX_SPAN_DAYS`].
    TooLong,
}

/// `15m`, `90s`, `1h`, `1h30m`, `2d` (spaces between the parts allowed): a non-negative span
/// of at most [`MAX_SPAN_DAYS`]. Any number of digits is read: a span too long is
/// [`SpanError::TooLong`], never an overflow.
pub fn parse_span(text: &str) -> Result<chrono::TimeDelta, SpanError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SpanError::NotASpan);
    }
    let mut seconds: u128 = 0;
    let mut number: Option<u128> = None;
    for c in text.chars() {
        if let Some(digit) = c.to_digit(10) {
            let n = number.unwrap_or(0);
            number = Some(n.saturating_mul(10).saturating_add(u128::from(digit)));
            continue;
        }
        if c == ' ' && number.is_none() {
            continue;
        }
        let unit: u128 = match c {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            _ => return Err(SpanError::NotASpan),
        };
        let n = number.take().ok_or(SpanError::NotASpan)?;
        seconds = seconds.saturating_add(n.saturating_mul(unit));
    }
    if number.is_some() {
        return Err(SpanError::NotASpan); // digits without a unit
    }
    span_seconds(seconds)
}

/// A span of `n` minutes (pm.yaml's bare numbers), at most [`MAX_SPAN_DAYS`].
pub fn span_minutes(n: u64) -> Result<chrono::TimeDelta, SpanError> {
    span_seconds(u128::from(n).saturating_mul(60))
}

fn span_seconds(seconds: u128) -> Result<chrono::TimeDelta, SpanError> {
    let max = MAX_SPAN_DAYS as u128 * 86_400;
    if seconds > max {
        return Err(SpanError::TooLong);
    }
    i64::try_from(seconds)
        .ok()
        .and_then(chrono::TimeDelta::try_seconds)
        .ok_or(SpanError::TooLong)
}

/// A duration as people say it: `45s`, `7m`, `1h 23m`, `2d 4h`.
pub fn format_duration(d: chrono::Duration) -> String {
    let total = d.num_seconds();
    let sign = if total < 0 { "-" } else { "" };
    let s = total.unsigned_abs();
    let (days, hours, minutes, seconds) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    let text = if days > 0 {
        if hours > 0 {
            format!("{days}d {hours}h")
        } else {
            format!("{days}d")
        }
    } else if hours > 0 {
        if minutes > 0 {
            format!("{hours}h {minutes}m")
        } else {
            format!("{hours}h")
        }
    } else if minutes > 0 {
        format!("{minutes}m")
    } else {
        format!("{seconds}s")
    };
    format!("{sign}{text}")
}

/// A timestamp shown in the repository time zone: `2026-03-14 10:12 CET`.
pub fn format_local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string()
}

/// A timestamp written into front matter: RFC 3339 in the repository time zone.
pub fn format_rfc3339(t: DateTime<Utc>, tz: Tz) -> String {
    let local = t.with_timezone(&tz);
    if tz == Tz::UTC {
        local.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        local.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_local_times() {
        let utc = parse_timestamp("2026-03-14T09:12:00Z", Tz::UTC).unwrap();
        let berlin = parse_timestamp("2026-03-14T10:12:00", Tz::Europe__Berlin).unwrap();
        assert_eq!(utc, berlin);
        assert_eq!(
            parse_timestamp("2026-03-14 10:12", Tz::Europe__Berlin).unwrap(),
            utc
        );
    }

    #[test]
    fn dst_gap_is_an_error_and_repeat_takes_the_earlier() {
        assert!(parse_timestamp("2026-03-29T02:30:00", Tz::Europe__Berlin).is_err());
        let t = parse_timestamp("2026-10-25T02:30:00", Tz::Europe__Berlin).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn dates_read_as_chrono_reads_them() {
        for text in [
            "2026-04-14",
            " 2026-04-14 ",
            "2024-02-29",
            "0001-01-01",
            "9999-12-31",
            "2026-4-14",
            "2026-04-1x",
            "+202-04-14",
            "2026/04/14",
            "2026-13-01",
        ] {
            let chrono = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .ok()
                .filter(|_| text.trim().len() == 10);
            assert_eq!(parse_date(text).ok(), chrono, "{text:?}");
        }
    }

    #[test]
    fn impossible_dates_say_so() {
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "2026-02-30 is not a day of the calendar"
        );
        assert!(
            parse_timestamp("2026-02-30T10:00:00Z", Tz::UTC)
                .unwrap_err()
                .contains("not a day of the calendar")
        );
    }

    fn human(text: &str) -> Result<Spoken, String> {
        // 2026-03-14 10:12 CET.
        let now = parse_timestamp("2026-03-14T09:12:00Z", Tz::UTC).unwrap();
        parse_human(text, now, Tz::Europe__Berlin)
    }

    fn at(text: &str) -> String {
        format_local(human(text).unwrap().at, Tz::Europe__Berlin)
    }

    #[test]
    fn human_times_as_people_type_them() {
        assert_eq!(at("now"), "2026-03-14 10:12 CET");
        assert_eq!(at("08:30"), "2026-03-14 08:30 CET");
        assert_eq!(at("today 08:30"), "2026-03-14 08:30 CET");
        assert_eq!(at("yesterday 14:00"), "2026-03-13 14:00 CET");
        assert_eq!(at("Yesterday  23:59:30"), "2026-03-13 23:59 CET");
        assert_eq!(at("tomorrow 09:00"), "2026-03-15 09:00 CET");
        assert_eq!(at("-2h"), "2026-03-14 08:12 CET");
        assert_eq!(at("-45m"), "2026-03-14 09:27 CET");
        assert_eq!(at("-1h30m"), "2026-03-14 08:42 CET");
        assert_eq!(at("- 1d"), "2026-03-13 10:12 CET");
        assert_eq!(at("+2h"), "2026-03-14 12:12 CET");
        assert_eq!(at("2026-03-14 09:00"), "2026-03-14 09:00 CET");
        assert_eq!(at("2026-03-14T08:00:00Z"), "2026-03-14 09:00 CET");
        assert!(human("08:30").unwrap().relative);
        assert!(human("-2h").unwrap().relative);
        assert!(!human("2026-03-14 09:00").unwrap().relative);
    }

    #[test]
    fn human_times_that_are_not_times() {
        for text in [
            "",
            "-",
            "-2",
            "-2x",
            "25:00",
            "yesterday",
            "yesterday 25:00",
            "lunch",
        ] {
            let why = human(text).unwrap_err();
            assert!(why.contains("not a time pm reads"), "{text:?}: {why}");
        }
        assert!(
            human("-99999999999999999999d")
                .unwrap_err()
                .contains("too far")
        );
        assert!(human("-9999999999d").unwrap_err().contains("too far"));
        assert!(
            human("2026-02-30 10:00")
                .unwrap_err()
                .contains("not a day of the calendar")
        );
    }

    #[test]
    fn human_clock_times_in_a_dst_gap_say_so() {
        let now = parse_timestamp("2026-03-29T12:00:00Z", Tz::UTC).unwrap();
        let why = parse_human("02:30", now, Tz::Europe__Berlin).unwrap_err();
        assert!(why.contains("clocks skip it"), "{why}");
    }

    #[test]
    fn spans_of_any_length_are_read_without_overflow() {
        assert_eq!(parse_span("1h30m"), Ok(chrono::TimeDelta::minutes(90)));
        assert_eq!(parse_span(" 2d 4h"), Ok(chrono::TimeDelta::hours(52)));
        assert_eq!(parse_span("36500d"), Ok(chrono::TimeDelta::days(36_500)));
        for long in [
            "36501d",
            "99999999999d",
            "999999999999999999999999999999999999999999h",
        ] {
            assert_eq!(parse_span(long), Err(SpanError::TooLong), "{long}");
        }
        for bad in ["", "15", "m", "-1d", "1x", "1.5h"] {
            assert_eq!(parse_span(bad), Err(SpanError::NotASpan), "{bad:?}");
        }
        assert_eq!(span_minutes(u64::MAX), Err(SpanError::TooLong));
        assert_eq!(span_minutes(15), Ok(chrono::TimeDelta::minutes(15)));
    }

    #[test]
    fn sums_at_the_ends_of_the_calendar() {
        let max = NaiveDate::MAX;
        assert_eq!(add_days(max, 1), None);
        assert_eq!(add_days(max, i64::MAX), None);
        assert_eq!(add_days_saturating(NaiveDate::MIN, -1), NaiveDate::MIN);
        let end = DateTime::<Utc>::MAX_UTC;
        assert_eq!(add_saturating(end, chrono::TimeDelta::minutes(1)), end);
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration(chrono::Duration::minutes(7)), "7m");
        assert_eq!(format_duration(chrono::Duration::minutes(83)), "1h 23m");
        assert_eq!(format_duration(chrono::Duration::hours(52)), "2d 4h");
        assert_eq!(format_duration(chrono::Duration::seconds(-30)), "-30s");
    }
}
