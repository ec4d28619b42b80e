//! Limnoria's (and Supybot's) ChannelLogger: `YYYY-MM-DDTHH:MM:SS` local stamps and two
//! spaces on every line, `<nick>` messages, `* nick` actions, `***` events; rotated files are
//! named `#ops.2026-03-14.log`.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use super::grammar::{
    action, angle_message, clock, date_at_end_of_name, first_line_stamped, notice, raw_line,
    stamped_line, worded_event, ymd,
};
use super::{Format, Kind, LineContext, Parsed};

#[derive(Debug, Default)]
pub struct Limnoria;

impl Format for Limnoria {
    fn name(&self) -> &'static str {
        "limnoria"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        first_line_stamped(first_lines, split_stamp, body)
    }

    fn parse_line(&mut self, line: &str, ctx: &mut LineContext) -> Parsed {
        stamped_line(line, ctx, split_stamp, body, LineContext::instant)
    }

    /// Rotated logs (`rotateLogs`): `#ops.2026-03-14.log`.
    fn date_from_path(&self, path: &Path) -> Option<NaiveDate> {
        date_at_end_of_name(path, &[".log", ".txt"])
    }

    /// The date of the line's stamp (the bot's local day).
    fn day_marker(&self, raw: &[u8]) -> Option<NaiveDate> {
        let raw = raw_line(raw);
        stamp(raw).map(|(date, _)| date)
    }
}

/// `YYYY-MM-DDTHH:MM:SS` at the start of `b`, followed by two spaces.
fn stamp(b: &[u8]) -> Option<(NaiveDate, chrono::NaiveTime)> {
    let date = ymd(b, 0)?;
    let (time, minute_precision, _) = clock(b.get(11..)?)?;
    if b.get(10) != Some(&b'T') || minute_precision || b.get(19..21) != Some(b"  ") {
        return None;
    }
    Some((date, time))
}

fn split_stamp(line: &str) -> Option<(NaiveDateTime, &str)> {
    let (date, time) = stamp(line.as_bytes())?;
    Some((date.and_time(time), line.get(21..)?))
}

/// Kind, nick and text of what follows the stamp; the line's start decides.
fn body(rest: &str) -> Option<(Kind, &str, &str)> {
    if let Some((nick, text)) = angle_message(rest) {
        return Some((Kind::Message, nick, text));
    }
    if let Some(event) = rest.strip_prefix("*** ") {
        return Some(worded_event(event, &EVENTS));
    }
    if let Some(text) = rest.strip_prefix("* ") {
        return action(text);
    }
    notice(rest.strip_prefix('-')?)
}

/// ChannelLogger's event wordings, after the nick and its `<nick!user@host>` (Supybot wrote
/// none).
const EVENTS: [(&str, Kind); 9] = [
    ("has joined ", Kind::Join),
    ("has left ", Kind::Part),
    ("has quit IRC", Kind::Quit),
    ("changes topic to ", Kind::Topic),
    ("sets mode: ", Kind::Other),
    ("was kicked by ", Kind::Other),
    ("invited ", Kind::Other),
    ("is now away", Kind::Other),
    ("is back", Kind::Other),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::grammar::testing::assert_unparsed;
    use crate::chatlog::grammar::testing::kinds;
    use crate::chatlog::read;

    const BASIC: &[u8] =
        include_bytes!("../../tests/fixtures/chatlogs/limnoria/#ops.2026-03-14.log");
    const DST: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/limnoria/#ops.log");

    #[test]
    fn every_line_kind() {
        let t = read(&mut Limnoria, BASIC, chrono_tz::UTC, None);
        use Kind::*;
        let got = kinds(&t);
        assert_eq!(
            got,
            [
                (Join, "ann"),
                (Message, "ann"),
                (Message, "bea"),
                (Action, "cho"),
                (Nick, "cho"),
                (Topic, "ann"),
                (Other, "ChanServ"),
                (Part, "bea"),
                (Quit, "dan"),
                (Other, "eve"),
                (Other, "bot"),
                (Message, "bea"),
                (Message, "ann"),
                (Other, "ann"),
                (Join, "povbot"),
                (Quit, "povbot"),
            ]
        );
        assert_eq!(
            t.entries[11].text,
            "*** dan <dan!~dan@example.net> has quit IRC (bye)"
        );
        assert_eq!(t.entries[3].text, "restarts the queue workers");
        assert_eq!(t.entries[15].at.to_rfc3339(), "2026-03-15T00:00:01+00:00");
        assert!(t.unparsed.is_empty(), "{:?}", t.unparsed);
    }

    #[test]
    fn the_repeated_hour_takes_the_earlier_instant() {
        // Berlin falls back from 03:00 CEST to 02:00 CET on 2026-10-25.
        let t = read(&mut Limnoria, DST, chrono_tz::Europe::Berlin, None);
        let at: Vec<String> = t.entries.iter().map(|e| e.at.to_rfc3339()).collect();
        assert_eq!(
            at,
            [
                "2026-10-24T23:59:00+00:00",
                "2026-10-25T00:30:00+00:00",
                "2026-10-25T00:45:00+00:00",
                "2026-10-25T02:00:00+00:00",
            ]
        );
        assert_eq!(t.ambiguous, 2);
        assert_eq!(t.unparsed, [5, 6]);
    }

    #[test]
    fn day_marker_and_path_dates() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            Limnoria.day_marker(b"2026-03-14T09:00:00  <ann> hi\r"),
            day(2026, 3, 14)
        );
        assert_eq!(
            Limnoria.day_marker(b"2026-03-14T09:00:00 <ann> one space"),
            None
        );
        assert_eq!(Limnoria.day_marker(b"2026-03-14 09:00:00  <ann> x"), None);
        assert_eq!(Limnoria.day_marker(b"2026-03-14T09:00  <ann> x"), None);
        assert_eq!(Limnoria.day_marker(b""), None);
        assert_eq!(
            Limnoria.date_from_path(Path::new("ChannelLogger/libera/#ops/#ops.2026-03-14.log")),
            day(2026, 3, 14)
        );
        assert_eq!(Limnoria.date_from_path(Path::new("#ops.log")), None);
    }

    #[test]
    fn bad_lines_are_unparsed() {
        assert_unparsed(
            &mut Limnoria,
            None,
            &[
                "2026-03-14T09:00:00 <ann> one space",
                "2026-03-14T25:00:00  <ann> x",
                "2026-02-30T09:00:00  <ann> x",
                "2026-03-14T09:00:00  free text",
                "2026-03-14T09:00:00  * ",
                "<ann> no stamp",
            ],
        );
    }
}
