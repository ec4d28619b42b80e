//! irssi's default log format: `HH:MM` (or `HH:MM:SS`) stamps, the date from `--- Log
//! opened` and `--- Day changed` lines, `<@nick>` messages, ` * nick` actions, `-!-` events.

use chrono::{NaiveDate, NaiveTime};

use super::{Entry, Format, Kind, LineContext, Parsed, month_number};

#[derive(Debug, Default)]
pub struct Irssi;

impl Format for Irssi {
    fn name(&self) -> &'static str {
        "irssi"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        match first_lines.iter().find(|l| !l.trim().is_empty()) {
            Some(first) => {
                header_date(first).is_some()
                    || split_stamp(first).is_some_and(|(_, _, rest)| {
                        rest.starts_with('<') || rest.starts_with("-!- ") || rest.starts_with(" * ")
                    })
            }
            None => false,
        }
    }

    fn parse_line(&mut self, line: &str, ctx: &mut LineContext) -> Parsed {
        if line.trim().is_empty() {
            return Parsed::Skip;
        }
        if let Some(rest) = line.strip_prefix("--- ") {
            if rest.starts_with("Log closed") {
                return Parsed::Skip;
            }
            return match header_date(line) {
                Some(day) => Parsed::DateChange(day),
                None => Parsed::Unparsed,
            };
        }
        let Some((time, minute_precision, rest)) = split_stamp(line) else {
            return Parsed::Unparsed;
        };
        let Some((kind, nick, text)) = body(rest) else {
            return Parsed::Unparsed;
        };
        let Some(at) = ctx.on_current_date(time) else {
            return Parsed::Unparsed;
        };
        Parsed::Entry(Entry {
            at,
            minute_precision,
            kind,
            nick,
            text,
            line: ctx.line,
            thread_reply: false,
        })
    }
}

/// The day named by `--- Log opened Tue Mar 14 09:00:00 2026` or `--- Day changed Wed Mar
/// 15 2026`. The weekday is ignored (it may be localised); the month is read in the C
/// locale and the day and year as numbers.
fn header_date(line: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = if let Some(rest) = line.strip_prefix("--- Log opened ") {
        let words: Vec<&str> = rest.split_whitespace().collect();
        // weekday month day HH:MM:SS year
        match words.as_slice() {
            [_, month, day, _, year] => vec![month, day, year],
            _ => return None,
        }
    } else if let Some(rest) = line.strip_prefix("--- Day changed ") {
        let words: Vec<&str> = rest.split_whitespace().collect();
        match words.as_slice() {
            [_, month, day, year] => vec![month, day, year],
            _ => return None,
        }
    } else {
        return None;
    };
    let [month, day, year] = words.as_slice() else {
        return None;
    };
    NaiveDate::from_ymd_opt(year.parse().ok()?, month_number(month)?, day.parse().ok()?)
}

/// Splits `HH:MM rest` or `HH:MM:SS rest` into the time, whether it lacked seconds, and the
/// rest after the one space irssi writes.
fn split_stamp(line: &str) -> Option<(NaiveTime, bool, &str)> {
    let b = line.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let pair = b.get(i..i + 2)?;
        if pair.iter().all(u8::is_ascii_digit) {
            line.get(i..i + 2)?.parse().ok()
        } else {
            None
        }
    };
    let (hour, minute) = (two(0)?, two(3)?);
    if b.get(2) != Some(&b':') {
        return None;
    }
    let (second, minute_precision, end) = if b.get(5) == Some(&b':') {
        (two(6)?, false, 8)
    } else {
        (0, true, 5)
    };
    if b.get(end) != Some(&b' ') {
        return None;
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    Some((time, minute_precision, line.get(end + 1..)?))
}

/// What follows the stamp: a message, an action or an event. Which one is decided by the
/// line's start alone, so a message quoting an event line stays a message.
fn body(rest: &str) -> Option<(Kind, String, String)> {
    if let Some(inner) = rest.strip_prefix('<') {
        let (who, text) = inner.split_once('>')?;
        let nick = who.trim_start_matches([' ', '@', '+', '%', '~', '&', '!']);
        if nick.is_empty() {
            return None;
        }
        let text = text.strip_prefix(' ').unwrap_or(text);
        return Some((Kind::Message, nick.to_string(), text.to_string()));
    }
    if let Some(action) = rest.strip_prefix(" * ") {
        let (nick, text) = action.split_once(' ').unwrap_or((action, ""));
        if nick.is_empty() {
            return None;
        }
        return Some((Kind::Action, nick.to_string(), text.to_string()));
    }
    if let Some(event) = rest.strip_prefix("-!- ") {
        let (kind, nick) = event_kind(event);
        return Some((kind, nick, event.to_string()));
    }
    // A notice: `-nick:#chan- text` or `-nick- text`.
    if let Some(notice) = rest.strip_prefix('-') {
        let (who, text) = notice.split_once("- ")?;
        let nick = who.split(':').next().unwrap_or(who);
        return Some((Kind::Other, nick.to_string(), text.to_string()));
    }
    None
}

/// The kind of a `-!-` event and who it is about (empty when nobody in particular).
fn event_kind(event: &str) -> (Kind, String) {
    let first = event.split(' ').next().unwrap_or("").to_string();
    if let Some(rest) = event.strip_prefix("Topic unset by ") {
        let nick = rest.split(' ').next().unwrap_or("");
        return (Kind::Topic, nick.to_string());
    }
    if event.starts_with("You're now known as ") {
        return (Kind::Nick, String::new());
    }
    // `nick [user@host] has ...`: the verb comes after the bracketed host.
    let after_host = event
        .split_once("] ")
        .map(|(_, verb)| verb)
        .unwrap_or_default();
    if after_host.starts_with("has joined ") {
        (Kind::Join, first)
    } else if after_host.starts_with("has left ") {
        (Kind::Part, first)
    } else if after_host.starts_with("has quit ") {
        (Kind::Quit, first)
    } else if event
        .strip_prefix(first.as_str())
        .is_some_and(|r| r.starts_with(" is now known as "))
    {
        (Kind::Nick, first)
    } else if event
        .strip_prefix(first.as_str())
        .is_some_and(|r| r.starts_with(" changed the topic of "))
    {
        (Kind::Topic, first)
    } else {
        (Kind::Other, String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::{Transcript, read};

    const BASIC: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/irssi/basic.log");
    const SECONDS: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/irssi/seconds.log");
    const MESSY: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/irssi/messy.log");
    const WEECHAT: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/weechat/basic.weechatlog");

    fn read_utc(bytes: &[u8]) -> Transcript {
        read(&mut Irssi, bytes, chrono_tz::UTC, None)
    }

    fn lines(bytes: &[u8]) -> Vec<String> {
        bytes
            .split(|&b| b == b'\n')
            .map(crate::chatlog::clean_line)
            .collect()
    }

    fn summary(t: &Transcript) -> Vec<(String, Kind, &str, &str)> {
        t.entries
            .iter()
            .map(|e| {
                (
                    e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    e.kind,
                    e.nick.as_str(),
                    e.text.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn every_line_kind_of_the_default_theme() {
        let t = read_utc(BASIC);
        let s = summary(&t);
        let kinds: Vec<Kind> = s.iter().map(|e| e.1).collect();
        use Kind::*;
        assert_eq!(
            kinds,
            [
                Join, Message, Message, Message, Action, Nick, Topic, Part, Quit, Other, Other,
                Message, Topic
            ]
        );
        assert_eq!(
            s[0],
            (
                "2026-03-14 09:00:00".into(),
                Join,
                "ann",
                "ann [ann@example.org] has joined #ops"
            )
        );
        assert_eq!(s[1].2, "ann");
        assert_eq!(s[1].3, "deploy 4711 is rolling back");
        assert_eq!(s[4].2, "cho");
        assert_eq!(s[4].3, "restarts the queue workers");
        assert_eq!(s[5].2, "cho");
        assert_eq!(s[6].2, "ann");
        assert_eq!(s[9].2, "");
        assert_eq!(s[10].2, "bot");
        assert!(t.unparsed.is_empty(), "unparsed: {:?}", t.unparsed);
    }

    #[test]
    fn mode_prefixes_are_not_part_of_the_nick() {
        let t = read_utc(BASIC);
        let s = summary(&t);
        // `<@ann>`, `< bea>`, `<+cho>`
        assert_eq!([s[1].2, s[2].2, s[3].2], ["ann", "bea", "cho"]);
    }

    #[test]
    fn the_day_changes_at_day_changed_lines() {
        let t = read_utc(BASIC);
        let last = t.entries.last().unwrap();
        assert_eq!(
            last.at.format("%Y-%m-%d %H:%M").to_string(),
            "2026-03-15 00:02"
        );
        assert_eq!(last.line, 17);
        assert!(t.entries.iter().all(|e| e.minute_precision));
    }

    #[test]
    fn stamps_with_seconds_are_precise_to_the_second() {
        let t = read(&mut Irssi, SECONDS, chrono_tz::Europe::Berlin, None);
        let first = &t.entries[0];
        assert!(!first.minute_precision);
        // 10:15:42 in Berlin in March (CET) is 09:15:42 UTC.
        assert_eq!(first.at.to_rfc3339(), "2026-03-14T09:15:42+00:00");
        assert_eq!(t.entries.len(), 2);
    }

    #[test]
    fn quoting_an_event_line_stays_a_message_or_an_action() {
        let t = read_utc(MESSY);
        let s = summary(&t);
        assert_eq!(s[0].1, Kind::Message);
        assert_eq!(s[0].3, "09:00 -!- ann [ann@example.org] has quit [bye]");
        assert_eq!(s[1].1, Kind::Action);
        assert_eq!(s[1].3, "pastes: -!- bea is now known as bee");
    }

    #[test]
    fn hygiene_is_applied_before_parsing() {
        let t = read_utc(MESSY);
        let s = summary(&t);
        // Windows-1252 bytes, mIRC codes, CRLF.
        assert_eq!(s[2].3, "café is open, ™ pending");
        assert_eq!(s[3].3, "red alert over");
        assert_eq!(s[3].2, "dev");
        // A line that fits no grammar is counted with its number, never fatal.
        assert_eq!(t.unparsed, [7]);
    }

    #[test]
    fn lines_before_any_date_are_unparsed() {
        let t =
            read_utc(b"09:00 < ann> too early\n--- Day changed Sun Mar 15 2026\n09:01 < ann> ok\n");
        assert_eq!(t.unparsed, [1]);
        assert_eq!(t.entries.len(), 1);
        // ...unless the caller knows the date (from a file name).
        let seeded = read(
            &mut Irssi,
            b"09:00 < ann> early\n",
            chrono_tz::UTC,
            NaiveDate::from_ymd_opt(2026, 3, 1),
        );
        assert_eq!(seeded.entries.len(), 1);
    }

    #[test]
    fn headers_give_the_date() {
        assert_eq!(
            header_date("--- Log opened Tue Mar 14 09:00:00 2026"),
            NaiveDate::from_ymd_opt(2026, 3, 14)
        );
        assert_eq!(
            header_date("--- Day changed Wed Mar 15 2026"),
            NaiveDate::from_ymd_opt(2026, 3, 15)
        );
        assert_eq!(header_date("--- Day changed Wed Foo 15 2026"), None);
        assert_eq!(header_date("--- Day changed Wed Feb 30 2026"), None);
    }

    #[test]
    fn detects_its_own_files_and_rejects_weechat() {
        let own = lines(BASIC);
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        assert!(Irssi.detect(&own));
        assert!(Irssi.detect(&["", "09:00 -!- ann [a@b] has joined #ops"]));
        let other = lines(WEECHAT);
        let other: Vec<&str> = other.iter().map(String::as_str).collect();
        assert!(!Irssi.detect(&other));
        assert!(!Irssi.detect(&[]));
        assert!(!Irssi.detect(&["hello there"]));
    }

    #[test]
    fn bad_stamps_are_unparsed() {
        let mut ctx = LineContext::new(chrono_tz::UTC);
        ctx.date = NaiveDate::from_ymd_opt(2026, 3, 14);
        for line in [
            "25:00 < ann> x",
            "9:00 < ann> x",
            "09:00< ann> x",
            "09:00 <> x",
            "09:0",
        ] {
            assert_eq!(Irssi.parse_line(line, &mut ctx), Parsed::Unparsed, "{line}");
        }
    }
}
