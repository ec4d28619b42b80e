//! The plain-text logs of irclogs.ubuntu.com and archives like it: one file per channel per
//! day at `YYYY/MM/DD/#chan.txt`, `[HH:MM]` stamps, `<nick>` messages, `  * nick` actions,
//! and untimed `===` lines (joins, parts, nick changes, old-style actions) that happen at
//! the time of the line before them. The date is only in the path (or given by the caller).

use std::path::Path;

use chrono::{NaiveDate, NaiveTime};

use super::grammar::{
    angle_message, clock, date_at_end_of_name, digits, event_after_nick, first_line_fits,
    first_word, nick_change, stamped,
};
use super::{Format, Kind, LineContext, Parsed};

#[derive(Debug, Default)]
pub struct Irclogs {
    /// The time of the last timed line: untimed `===` lines happen then.
    last: Option<NaiveTime>,
}

impl Format for Irclogs {
    fn name(&self) -> &'static str {
        "irclogs"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        first_line_fits(first_lines, |first| match split_stamp(first) {
            Some((_, rest)) => timed_body(rest).is_some(),
            // A bare `===` line is too weak a sign; its event wording is not.
            None => first
                .strip_prefix("=== ")
                .is_some_and(|event| event_kind(event).0 != Kind::Action),
        })
    }

    fn parse_line(&mut self, line: &str, ctx: &mut LineContext) -> Parsed {
        if ctx.line <= 1 {
            // A parser may be reused for the next file: no time carries over.
            self.last = None;
        }
        if line.trim().is_empty() {
            return Parsed::Skip;
        }
        let (time, body) = if let Some((time, rest)) = split_stamp(line) {
            let body = timed_body(rest);
            if body.is_some() {
                self.last = Some(time);
            }
            (time, body)
        } else if let Some(event) = line.strip_prefix("=== ") {
            // Untimed: before the first timed line there is no time to give it.
            let Some(time) = self.last else {
                return Parsed::Unparsed;
            };
            (time, Some(event_kind(event)))
        } else {
            return Parsed::Unparsed;
        };
        stamped(ctx, body, true, |ctx| ctx.on_current_date(time))
    }

    /// `.../2026/03/14/#ops.txt` (the site's layout), else a date at the end of the file
    /// name (`#ops.2026-03-14.txt`).
    fn date_from_path(&self, path: &Path) -> Option<NaiveDate> {
        let mut dirs = path.parent()?.iter().rev().map(|c| c.to_str());
        let day = dirs.next().flatten();
        let month = dirs.next().flatten();
        let year = dirs.next().flatten();
        if let (Some(year), Some(month), Some(day)) = (year, month, day)
            && (year.len(), month.len(), day.len()) == (4, 2, 2)
            && let (Some(y), Some(m), Some(d)) = (
                digits(year.as_bytes(), 0, 4),
                digits(month.as_bytes(), 0, 2),
                digits(day.as_bytes(), 0, 2),
            )
        {
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
        date_at_end_of_name(path, &[".txt", ".log"])
    }
}

/// `[HH:MM] rest`.
fn split_stamp(line: &str) -> Option<(NaiveTime, &str)> {
    let inner = line.strip_prefix('[')?;
    let (time, minute_precision, len) = clock(inner.as_bytes())?;
    if !minute_precision {
        return None;
    }
    Some((time, inner.get(len..)?.strip_prefix("] ")?))
}

/// What follows a stamp: `<nick> text`, ` * nick text`, or a timed `=== ` event.
fn timed_body(rest: &str) -> Option<(Kind, &str, &str)> {
    if let Some((nick, text)) = angle_message(rest) {
        return Some((Kind::Message, nick, text));
    }
    if let Some(action) = rest.strip_prefix(" * ") {
        let (nick, text) = first_word(action);
        return (!nick.is_empty()).then_some((Kind::Action, nick, text));
    }
    let event = rest.strip_prefix("=== ")?;
    Some(event_kind(event))
}

/// An `===` line: `nick [~user@host]  has joined #ops`, `has left`, `has quit`, `old is now
/// known as new`, `nick is away: ...`; anything else was an action in the old logs
/// (`=== ann scrolls up`).
fn event_kind(event: &str) -> (Kind, &str, &str) {
    if let Some(old) = nick_change(event) {
        return (Kind::Nick, old, event);
    }
    const EVENTS: [(&str, Kind); 3] = [
        ("has joined ", Kind::Join),
        ("has left ", Kind::Part),
        ("has quit", Kind::Quit),
    ];
    let (nick, after) = first_word(event);
    if after.starts_with('[')
        && let Some((kind, nick)) = event_after_nick(event, &EVENTS)
    {
        return (kind, nick, event);
    }
    if after.starts_with("is away") || after.starts_with("is back") {
        return (Kind::Other, nick, event);
    }
    (Kind::Action, nick, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::read;

    const NIGHT: &[u8] =
        include_bytes!("../../tests/fixtures/chatlogs/irclogs/2026/03/29/#ops.txt");

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn every_line_kind_and_untimed_lines_take_the_time_before_them() {
        let t = read(
            &mut Irclogs::default(),
            NIGHT,
            chrono_tz::UTC,
            day(2026, 3, 29),
        );
        use Kind::*;
        let got: Vec<(usize, Kind, &str, String)> = t
            .entries
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.kind,
                    e.nick.as_str(),
                    e.at.format("%H:%M").to_string(),
                )
            })
            .collect();
        let want = [
            (2, Message, "ann", "00:00"),
            (3, Message, "ann", "01:59"),
            (4, Join, "bea", "01:59"),
            (5, Message, "bea", "02:30"),
            (6, Action, "cho", "03:00"),
            (7, Nick, "cho", "03:00"),
            (8, Part, "bea", "03:00"),
            (9, Quit, "dan", "03:00"),
            (10, Other, "ann", "03:00"),
            (11, Action, "cho_away", "03:00"),
            (12, Message, "bea", "03:05"),
            (13, Message, "ann", "03:06"),
        ];
        let want: Vec<(usize, Kind, &str, String)> = want
            .iter()
            .map(|&(l, k, n, t)| (l, k, n, t.to_string()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(t.entries[4].text, "restarts the queue workers");
        assert_eq!(t.entries[9].text, "scrolls up");
        assert_eq!(t.entries[10].text, "=== dan is now known as dan2");
        assert!(t.entries.iter().all(|e| e.minute_precision));
        // The `===` line before any timed line, and the stamp followed by nothing we know.
        assert_eq!(t.unparsed, [1, 15]);
    }

    #[test]
    fn berlin_skips_an_hour_that_night() {
        let t = read(
            &mut Irclogs::default(),
            NIGHT,
            chrono_tz::Europe::Berlin,
            day(2026, 3, 29),
        );
        let at: Vec<String> = t
            .entries
            .iter()
            .take(5)
            .map(|e| e.at.to_rfc3339())
            .collect();
        assert_eq!(
            at,
            [
                "2026-03-28T23:00:00+00:00",
                "2026-03-29T00:59:00+00:00",
                "2026-03-29T00:59:00+00:00",
                // 02:30 does not exist: read with the winter offset, and counted.
                "2026-03-29T01:30:00+00:00",
                "2026-03-29T01:00:00+00:00",
            ]
        );
        assert_eq!(t.shifted, 1);
    }

    #[test]
    fn without_a_date_nothing_is_placed() {
        let t = read(&mut Irclogs::default(), NIGHT, chrono_tz::UTC, None);
        assert!(t.entries.is_empty());
        assert_eq!(t.unparsed.len(), 14);
    }

    #[test]
    fn dates_from_the_path() {
        let path = |p: &str| Irclogs::default().date_from_path(Path::new(p));
        assert_eq!(
            path("irclogs.ubuntu.com/2026/03/29/#ops.txt"),
            day(2026, 3, 29)
        );
        assert_eq!(path("2026/03/29/%23ops.txt"), day(2026, 3, 29));
        assert_eq!(path("logs/#ops.2026-03-29.txt"), day(2026, 3, 29));
        assert_eq!(path("2026/02/30/#ops.txt"), None);
        assert_eq!(path("2026/3/29/#ops.txt"), None);
        assert_eq!(path("#ops.txt"), None);
    }

    #[test]
    fn a_reused_parser_forgets_the_last_time() {
        let mut irclogs = Irclogs::default();
        let first = read(
            &mut irclogs,
            b"[09:00] <ann> hi\n",
            chrono_tz::UTC,
            day(2026, 3, 29),
        );
        assert_eq!(first.entries.len(), 1);
        let second = read(
            &mut irclogs,
            b"=== ann is now known as bee\n",
            chrono_tz::UTC,
            day(2026, 3, 30),
        );
        assert_eq!(second.unparsed, [1]);
    }
}
