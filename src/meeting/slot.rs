//! The proposed meeting time: the first slot in working hours (10:00-17:00, Monday to
//! Friday, in the repository time zone) at least one working day after the resolution,
//! not in the past, on a half hour, where the whole meeting fits.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;

const DAY_START: u32 = 10;
const DAY_END: u32 = 17;

fn working(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The next working day after `day`.
fn next_working(mut day: NaiveDate) -> Option<NaiveDate> {
    loop {
        day = day.succ_opt()?;
        if working(day) {
            return Some(day);
        }
    }
}

/// The first slot for a meeting of `duration`, or `None` when none fits in a working day.
pub fn propose(
    resolved: DateTime<Utc>,
    now: DateTime<Utc>,
    duration: TimeDelta,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    let day_length = TimeDelta::hours(i64::from(DAY_END - DAY_START));
    if duration > day_length || duration <= TimeDelta::zero() {
        return None;
    }
    let local = resolved.with_timezone(&tz);
    // One working day after: the same wall-clock time on the next working day.
    let earliest_day = next_working(local.date_naive())?;
    let earliest = crate::time::local_to_utc(earliest_day.and_time(local.time()), tz)
        .or_else(|| resolved.checked_add_signed(TimeDelta::days(1)))?;
    let earliest = earliest.max(now);
    let mut day = earliest.with_timezone(&tz).date_naive();
    // Two years of days at most: a slot is always found long before.
    for _ in 0..800 {
        if working(day) {
            for half_hours in 0..(2 * (DAY_END - DAY_START)) {
                let time =
                    NaiveTime::from_hms_opt(DAY_START + half_hours / 2, 30 * (half_hours % 2), 0)?;
                let Some(start) = crate::time::local_to_utc(day.and_time(time), tz) else {
                    continue;
                };
                let end_of_day = crate::time::local_to_utc(
                    day.and_time(NaiveTime::from_hms_opt(DAY_END, 0, 0)?),
                    tz,
                )?;
                if start >= earliest
                    && start
                        .checked_add_signed(duration)
                        .is_some_and(|end| end <= end_of_day)
                {
                    return Some(start);
                }
            }
        }
        day = day.succ_opt()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn one_working_day_later_in_working_hours() {
        let hour = TimeDelta::minutes(60);
        let early = utc("2026-01-01T00:00:00Z");
        // Saturday 10:05 -> Monday 10:05 -> Monday 10:30.
        assert_eq!(
            propose(utc("2026-03-14T10:05:00Z"), early, hour, Tz::UTC),
            Some(utc("2026-03-16T10:30:00Z"))
        );
        // Tuesday 16:30 -> Wednesday 16:30 does not fit -> Thursday 10:00.
        assert_eq!(
            propose(utc("2026-03-17T16:30:00Z"), early, hour, Tz::UTC),
            Some(utc("2026-03-19T10:00:00Z"))
        );
        // Friday 08:00 -> Monday 10:00.
        assert_eq!(
            propose(utc("2026-03-20T08:00:00Z"), early, hour, Tz::UTC),
            Some(utc("2026-03-23T10:00:00Z"))
        );
        // Never in the past.
        assert_eq!(
            propose(
                utc("2026-03-14T10:05:00Z"),
                utc("2026-11-24T12:00:00Z"),
                hour,
                Tz::UTC
            ),
            Some(utc("2026-11-24T12:00:00Z"))
        );
        // Working hours are Berlin's: 10:00 CET is 09:00 UTC.
        assert_eq!(
            propose(
                utc("2026-03-20T08:00:00Z"),
                early,
                hour,
                chrono_tz::Europe::Berlin
            ),
            Some(utc("2026-03-23T09:00:00Z"))
        );
        assert_eq!(propose(early, early, TimeDelta::hours(9), Tz::UTC), None);
    }
}
