//! Textual's (macOS) logs: one file per day (`2026-03-14.txt`), every line stamped
//! `[YYYY-MM-DDTHH:MM:SS+hhmm]` with its own offset, `<nick>` messages, `• nick: text`
//! actions, and events worded without a marker (`ann (~ann@host) joined the channel`).

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::grammar::{
    angle_message, date_at_end_of_name, first_line_stamped, first_word, raw_line, stamped_line,
    worded_event, ymd,
};
use super::{Format, Kind, LineContext, Parsed};

#[derive(Debug, Default)]
pub struct Textual;

impl Format for Textual {
    fn name(&self) -> &'static str {
        "textual"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        first_line_stamped(first_lines, split_stamp, body)
    }

    fn parse_line(&mut self, line: &str, ctx: &mut LineContext) -> Parsed {
        stamped_line(line, ctx, split_stamp, body, |_, at| Some(at))
    }

    /// `2026-03-14.txt`.
    fn date_from_path(&self, path: &Path) -> Option<NaiveDate> {
        date_at_end_of_name(path, &[".txt"])
    }

    /// The date in the stamp, as written (the day at the stamp's own offset).
    fn day_marker(&self, raw: &[u8]) -> Option<NaiveDate> {
        let raw = raw_line(raw);
        if raw.first() != Some(&b'[') || raw.get(11) != Some(&b'T') {
            return None;
        }
        ymd(raw, 1)
    }
}

/// `[2026-03-14T09:00:00+0100] rest` (also `+01:00` and `Z`): the instant and the rest.
fn split_stamp(line: &str) -> Option<(DateTime<Utc>, &str)> {
    let inner = line.strip_prefix('[')?;
    let (stamp, rest) = inner.split_once("] ")?;
    // The `T` as `day_marker` wants it (RFC 3339 would also take a space).
    if !crate::time::looks_like_date(stamp) || stamp.len() > 32 || stamp.get(10..11) != Some("T") {
        return None;
    }
    let at = DateTime::<FixedOffset>::parse_from_str(stamp, "%Y-%m-%dT%H:%M:%S%z")
        .or_else(|_| DateTime::<FixedOffset>::parse_from_rfc3339(stamp))
        .ok()?;
    Some((at.with_timezone(&Utc), rest))
}

/// Textual's event wordings, after the nick and its `(user@host)`.
const EVENTS: [(&str, Kind); 6] = [
    ("joined the channel", Kind::Join),
    ("left the channel", Kind::Part),
    ("left IRC", Kind::Quit),
    ("changed the topic to ", Kind::Topic),
    ("sets mode ", Kind::Other),
    ("kicked ", Kind::Other),
];

/// Kind, nick and text of what follows the stamp. Textual writes its own lines
/// (`Disconnected`, `Topic is ...`) without a marker too; they are kept as other.
fn body(rest: &str) -> Option<(Kind, &str, &str)> {
    if let Some((nick, text)) = angle_message(rest) {
        return Some((Kind::Message, nick, text));
    }
    if let Some(action) = rest.strip_prefix("• ") {
        let (nick, text) = match action.split_once(": ") {
            Some((nick, text)) if !nick.contains(' ') => (nick, text),
            _ => first_word(action),
        };
        return (!nick.is_empty()).then_some((Kind::Action, nick, text));
    }
    if rest.trim().is_empty() {
        return None;
    }
    Some(worded_event(rest, &EVENTS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::grammar::testing::assert_unparsed;
    use crate::chatlog::grammar::testing::kinds;
    use crate::chatlog::read;

    const DAY: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/textual/2026-03-14.txt");

    #[test]
    fn every_line_kind() {
        let t = read(&mut Textual, DAY, chrono_tz::UTC, None);
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
                (Other, "ann"),
                (Message, "bea"),
                (Other, ""),
                (Message, "fer"),
                (Message, "ann"),
                (Message, "ann"),
            ]
        );
        assert_eq!(t.entries[3].text, "restarts the queue workers");
        assert_eq!(t.entries[10].text, "dan (~dan@example.net) left IRC (bye)");
        assert_eq!(t.unparsed, [17]);
    }

    #[test]
    fn the_offset_in_the_stamp_decides_and_the_source_zone_does_not() {
        for tz in [chrono_tz::UTC, chrono_tz::America::New_York] {
            let t = read(&mut Textual, DAY, tz, None);
            let at: Vec<String> = t.entries[11..].iter().map(|e| e.at.to_rfc3339()).collect();
            assert_eq!(
                at,
                [
                    "2026-03-14T08:10:00+00:00",
                    "2026-03-14T08:11:00+00:00",
                    "2026-03-14T08:12:00+00:00",
                    "2026-03-14T08:13:00+00:00",
                ]
            );
            assert_eq!((t.ambiguous, t.shifted), (0, 0));
        }
    }

    #[test]
    fn day_marker_and_path_dates() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            Textual.day_marker(b"[2026-03-14T23:59:00-0300] <fer> late"),
            day(2026, 3, 14)
        );
        assert_eq!(Textual.day_marker(b"[2026-03-14 23:59:00] x"), None);
        assert_eq!(Textual.day_marker(b"2026-03-14T23:59:00"), None);
        assert_eq!(Textual.day_marker(b"["), None);
        assert_eq!(
            Textual.date_from_path(Path::new("Logs/libera/Channels/#ops/2026-03-14.txt")),
            day(2026, 3, 14)
        );
        assert_eq!(Textual.date_from_path(Path::new("#ops.log")), None);
    }

    #[test]
    fn bad_lines_are_unparsed() {
        assert_unparsed(
            &mut Textual,
            None,
            &[
                "[2026-03-14T25:00:00+0100] <ann> x",
                "[2026-03-14T09:00:00] <ann> no offset",
                "[2026-03-14T09:00:00+0100]<ann> x",
                "[2026-03-14T09:00:00+0100]  ",
                "[09:00:00] <ann> old Textual",
                "[2026-03-14 09:00:00+01:00] <ann> a space for the T",
                "<ann> no stamp",
            ],
        );
    }
}
