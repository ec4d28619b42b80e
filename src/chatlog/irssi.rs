//! irssi's default log format: `HH:MM` (or `HH:MM:SS`) stamps, the date from `--- Log
//! opened` and `--- Day changed` lines, `<@nick>` messages, ` * nick` actions, `-!-` events.

use chrono::{NaiveDate, NaiveTime};

use super::grammar::{
    action, angle_message, clock, ctime_date, date_in_name, event_after_nick, first_word,
    nick_change, non_blank, raw_line, stamped, trailing_date,
};
use super::{Format, Kind, LineContext, Parsed};

#[derive(Debug, Default)]
pub struct Irssi;

impl Format for Irssi {
    fn name(&self) -> &'static str {
        "irssi"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        match non_blank(first_lines).next() {
            Some(first) => {
                header_date(first.as_bytes()).is_some()
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
            return match header_date(line.as_bytes()) {
                Some(day) => Parsed::DateChange(day),
                None => Parsed::Unparsed,
            };
        }
        let Some((time, minute_precision, rest)) = split_stamp(line) else {
            return Parsed::Unparsed;
        };
        stamped(ctx, body(rest), minute_precision, |ctx| {
            ctx.on_current_date(time)
        })
    }

    /// A date at the end of the file name (`#ops.2026-03-14.log`, when `autolog_path` holds
    /// strftime codes); `--- Log opened` and `--- Day changed` lines override it.
    fn date_from_path(&self, path: &std::path::Path) -> Option<NaiveDate> {
        date_in_name(path, &[".log"])
    }

    /// `--- Log opened` and `--- Day changed` lines; irssi's other lines carry no date.
    fn day_marker(&self, raw: &[u8]) -> Option<NaiveDate> {
        let raw = raw_line(raw);
        if raw.starts_with(b"--- ") {
            header_date(raw)
        } else {
            None
        }
    }
}

/// The day named by `--- Log opened Tue Mar 14 09:00:00 2026` or `--- Day changed Wed Mar
/// 15 2026`. The weekday is ignored (it may be localised); the month is read in the C
/// locale and the day and year as numbers. Reads bytes, so `day_marker` can use it on raw
/// lines without decoding them.
fn header_date(line: &[u8]) -> Option<NaiveDate> {
    if let Some(rest) = line.strip_prefix(b"--- Log opened ") {
        // weekday month day HH:MM:SS year
        return (words(rest) == 5).then(|| ctime_date(rest)).flatten();
    }
    if let Some(rest) = line.strip_prefix(b"--- Day changed ") {
        // weekday month day year
        return (words(rest) == 4)
            .then(|| trailing_date(rest, false))
            .flatten();
    }
    None
}

fn words(b: &[u8]) -> usize {
    b.split(|&c| c == b' ').filter(|w| !w.is_empty()).count()
}

/// Splits `HH:MM rest` or `HH:MM:SS rest` into the time, whether it lacked seconds, and the
/// rest after the one space irssi writes.
fn split_stamp(line: &str) -> Option<(NaiveTime, bool, &str)> {
    let (time, minute_precision, len) = clock(line.as_bytes())?;
    let rest = line.get(len..)?.strip_prefix(' ')?;
    Some((time, minute_precision, rest))
}

/// What follows the stamp: a message, an action or an event. Which one is decided by the
/// line's start alone, so a message quoting an event line stays a message.
fn body(rest: &str) -> Option<(Kind, &str, &str)> {
    if rest.starts_with('<') {
        let (nick, text) = angle_message(rest)?;
        return Some((Kind::Message, nick, text));
    }
    if let Some(text) = rest.strip_prefix(" * ") {
        return action(text);
    }
    if let Some(event) = rest.strip_prefix("-!- ") {
        let (kind, nick) = event_kind(event);
        return Some((kind, nick, event));
    }
    // A notice: `-nick:#chan- text` or `-nick- text`.
    if let Some(notice) = rest.strip_prefix('-') {
        let (who, text) = notice.split_once("- ")?;
        let nick = who.split(':').next().unwrap_or(who);
        return Some((Kind::Other, nick, text));
    }
    None
}

/// The kind of a `-!-` event and who it is about (empty when nobody in particular).
fn event_kind(event: &str) -> (Kind, &str) {
    if let Some(rest) = event.strip_prefix("Topic unset by ") {
        return (Kind::Topic, first_word(rest).0);
    }
    if event.starts_with("You're now known as ") {
        return (Kind::Nick, "");
    }
    if let Some(old) = nick_change(event) {
        return (Kind::Nick, old);
    }
    // `nick [user@host] has joined #ops`, also with extended-join's `[account]` groups;
    // `nick changed the topic of #ops to: ...`.
    const VERBS: [(&str, Kind); 4] = [
        ("has joined ", Kind::Join),
        ("has left ", Kind::Part),
        ("has quit ", Kind::Quit),
        ("changed the topic of ", Kind::Topic),
    ];
    let (_, after_nick) = first_word(event);
    match event_after_nick(event, &VERBS) {
        // Joins, parts and quits name the host: `ann has joined in` is not an event line.
        Some((kind @ (Kind::Join | Kind::Part | Kind::Quit), nick))
            if after_nick.starts_with('[') =>
        {
            (kind, nick)
        }
        Some((Kind::Topic, nick)) if after_nick.starts_with("changed ") => (Kind::Topic, nick),
        _ => (Kind::Other, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::grammar::testing::assert_unparsed;
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
            header_date(b"--- Log opened Tue Mar 14 09:00:00 2026"),
            NaiveDate::from_ymd_opt(2026, 3, 14)
        );
        assert_eq!(
            header_date(b"--- Day changed Wed Mar 15 2026"),
            NaiveDate::from_ymd_opt(2026, 3, 15)
        );
        assert_eq!(header_date(b"--- Day changed Wed Foo 15 2026"), None);
        assert_eq!(header_date(b"--- Day changed Wed Feb 30 2026"), None);
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
        assert_unparsed(
            &mut Irssi,
            NaiveDate::from_ymd_opt(2026, 3, 14),
            &[
                "25:00 < ann> x",
                "9:00 < ann> x",
                "09:00< ann> x",
                "09:00 <> x",
                "09:0",
            ],
        );
    }

    #[test]
    fn day_marker_reads_headers_from_raw_bytes() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            Irssi.day_marker(b"\xef\xbb\xbf--- Log opened Sat Mar 14 09:00:00 2026\r"),
            day(2026, 3, 14)
        );
        assert_eq!(
            Irssi.day_marker(b"--- Day changed Sun Mar 15 2026"),
            day(2026, 3, 15)
        );
        assert_eq!(Irssi.day_marker(b"--- Day changed Mo M\xe4r 16 2026"), None);
        assert_eq!(
            Irssi.day_marker(b"--- Log closed Sun Mar 15 00:01:30 2026"),
            None
        );
        assert_eq!(
            Irssi.day_marker(b"09:00 < ann> --- Day changed Sun Mar 15 2026"),
            None
        );
        assert_eq!(
            Irssi.day_marker(b"--- Day changed Sun Mar 15 2026 extra"),
            None
        );
        assert_eq!(Irssi.day_marker(b""), None);
        // The marker agrees with what parsing the same line gives.
        for line in lines(BASIC) {
            let parsed = Irssi.parse_line(&line, &mut LineContext::new(chrono_tz::UTC));
            let marker = Irssi.day_marker(line.as_bytes());
            assert_eq!(
                marker.map(Parsed::DateChange),
                Some(parsed).filter(|p| matches!(p, Parsed::DateChange(_))),
                "{line}"
            );
        }
    }

    #[test]
    fn extended_join_and_odd_events() {
        let mut ctx = LineContext::new(chrono_tz::UTC);
        ctx.date = NaiveDate::from_ymd_opt(2026, 3, 14);
        let kind = |line: &str, ctx: &mut LineContext| match Irssi.parse_line(line, ctx) {
            Parsed::Entry(e) => (e.kind, e.nick),
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(
            kind(
                "09:00 -!- ann [a@b] [ann] [Ann A] has joined #ops",
                &mut ctx
            ),
            (Kind::Join, "ann".into())
        );
        assert_eq!(
            kind("09:00 -!- You're now known as ann_", &mut ctx),
            (Kind::Nick, String::new())
        );
        assert_eq!(
            kind("09:00 -!- eve was kicked from #ops by ann [spam]", &mut ctx),
            (Kind::Other, String::new())
        );
        assert_eq!(
            kind(
                "09:00 -!- Irssi: Join to #ops was synced in 0 secs",
                &mut ctx
            ),
            (Kind::Other, String::new())
        );
    }

    #[test]
    fn a_date_in_the_file_name_seeds_the_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let path = |p: &str| Irssi.date_from_path(std::path::Path::new(p));
        assert_eq!(
            path("irclogs/2026/libera/#ops.2026-03-14.log"),
            day(2026, 3, 14)
        );
        assert_eq!(path("irclogs/libera/#ops.log"), None);
        assert_eq!(path("irclogs/libera/#ops-2026-03-14.txt"), None);
    }
}
