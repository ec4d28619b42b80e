//! ZNC's `log` module (the "energymech" format): `[HH:MM:SS]` stamps, one file per day
//! whose name gives the date (`2026-03-14.log` since ZNC 1.6, `#ops_20260314.log` before),
//! `<nick>` messages, `* nick` actions, `***` events.

use std::path::Path;

use chrono::NaiveDate;

use super::grammar::{
    action, angle_message, clock, date_in_name, first_line_stamped, first_word, notice,
    stamped_line, worded_event,
};
use super::{Format, Kind, LineContext, Parsed};

#[derive(Debug, Default)]
pub struct Znc;

impl Format for Znc {
    fn name(&self) -> &'static str {
        "znc"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        first_line_stamped(first_lines, split_stamp, body)
    }

    fn parse_line(&mut self, line: &str, ctx: &mut LineContext) -> Parsed {
        stamped_line(line, ctx, split_stamp, body, LineContext::on_current_date)
    }

    fn date_from_path(&self, path: &Path) -> Option<NaiveDate> {
        date_in_name(path, &[".log", ".txt"])
    }
}

/// `[HH:MM:SS] rest`.
fn split_stamp(line: &str) -> Option<(chrono::NaiveTime, &str)> {
    let inner = line.strip_prefix('[')?;
    let (time, minute_precision, len) = clock(inner.as_bytes())?;
    if minute_precision {
        return None;
    }
    let rest = inner.get(len..)?.strip_prefix("] ")?;
    Some((time, rest))
}

/// Kind, nick and text of what follows the stamp. The line's start decides, so a message
/// that quotes an event line stays a message.
fn body(rest: &str) -> Option<(Kind, &str, &str)> {
    if let Some((nick, text)) = angle_message(rest) {
        return Some((Kind::Message, nick, text));
    }
    if let Some(event) = rest.strip_prefix("*** ") {
        return Some(event_kind(event));
    }
    if let Some(text) = rest.strip_prefix("* ") {
        return action(text);
    }
    // A notice: `-nick- text`.
    if let Some(rest) = rest.strip_prefix('-') {
        return notice(rest);
    }
    // The status window's own lines.
    const STATUS: [&str; 3] = ["Connected to IRC", "Disconnected from IRC", "Broadcast: "];
    STATUS
        .iter()
        .any(|s| rest.starts_with(s))
        .then_some((Kind::Other, "", rest))
}

/// A `***` event: `Joins: nick (ident@host)`, `Parts: ...`, `Quits: ...`, `old is now
/// known as new`, `nick changes topic to '...'`; anything else (modes, kicks) is Other.
fn event_kind(event: &str) -> (Kind, &str, &str) {
    for (prefix, kind) in [
        ("Joins: ", Kind::Join),
        ("Parts: ", Kind::Part),
        ("Quits: ", Kind::Quit),
    ] {
        if let Some(rest) = event.strip_prefix(prefix) {
            return (kind, first_word(rest).0, event);
        }
    }
    match worded_event(event, &[("changes topic to ", Kind::Topic)]) {
        (Kind::Other, _, _) if first_word(event).1.starts_with("sets mode: ") => {
            (Kind::Other, first_word(event).0, event)
        }
        worded => worded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::grammar::testing::assert_unparsed;
    use crate::chatlog::grammar::testing::kinds;
    use crate::chatlog::read;

    const BASIC: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/znc/2026-03-14.log");

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn every_line_kind() {
        let t = read(&mut Znc, BASIC, chrono_tz::UTC, day(2026, 3, 14));
        use Kind::*;
        let got = kinds(&t);
        assert_eq!(
            got,
            [
                (Other, ""),
                (Join, "ann"),
                (Message, "ann"),
                (Message, "bea"),
                (Action, "cho"),
                (Nick, "cho"),
                (Topic, "ann"),
                (Other, "ChanServ"),
                (Part, "bea"),
                (Quit, "dan"),
                (Other, ""),
                (Other, "bot"),
                (Message, "bea"),
                (Action, "cho"),
                (Other, ""),
            ]
        );
        assert_eq!(t.entries[2].text, "deploy 4711 is rolling back");
        assert_eq!(t.entries[4].text, "restarts the queue workers");
        assert_eq!(t.entries[12].text, "*** Quits: dan (dan@example.net) (bye)");
        assert_eq!(t.entries[1].at.to_rfc3339(), "2026-03-14T09:00:00+00:00");
        assert!(t.entries.iter().all(|e| !e.minute_precision));
        assert!(t.unparsed.is_empty(), "{:?}", t.unparsed);
    }

    #[test]
    fn the_date_comes_from_the_file_name() {
        for (name, date) in [
            (
                "users/me/networks/libera/moddata/log/#ops/2026-03-14.log",
                day(2026, 3, 14),
            ),
            ("#ops_20260314.log", day(2026, 3, 14)),
            ("libera_#ops_20260314.log", day(2026, 3, 14)),
            ("#ops.log", None),
            ("2026-13-01.log", None),
        ] {
            assert_eq!(Znc.date_from_path(Path::new(name)), date, "{name}");
        }
    }

    #[test]
    fn without_a_date_every_timed_line_is_unparsed() {
        let t = read(&mut Znc, BASIC, chrono_tz::UTC, None);
        assert!(t.entries.is_empty());
        assert_eq!(t.unparsed.len(), 15);
    }

    #[test]
    fn local_times_follow_the_zone_across_a_dst_change() {
        // Berlin springs forward at 02:00 on 2026-03-29: 02:30 does not exist and is read
        // with the winter offset; 03:30 is summer time.
        let log = b"[01:30:00] <ann> a\n[02:30:00] <ann> b\n[03:30:00] <ann> c\n";
        let t = read(&mut Znc, log, chrono_tz::Europe::Berlin, day(2026, 3, 29));
        let at: Vec<String> = t.entries.iter().map(|e| e.at.to_rfc3339()).collect();
        assert_eq!(
            at,
            [
                "2026-03-29T00:30:00+00:00",
                "2026-03-29T01:30:00+00:00",
                "2026-03-29T01:30:00+00:00"
            ]
        );
        assert_eq!((t.shifted, t.ambiguous), (1, 0));
    }

    #[test]
    fn bad_lines_are_unparsed() {
        assert_unparsed(
            &mut Znc,
            day(2026, 3, 14),
            &[
                "[09:00] <ann> minutes only",
                "[25:00:00] <ann> x",
                "[09:00:00]<ann> x",
                "09:00:00 <ann> x",
                "[09:00:00] free text",
                "[09:00:00] <> x",
                "[09:00:00] * ",
                "[09:00:00] -a b- x",
            ],
        );
    }
}
