//! WeeChat's logger format: `stamp<TAB>prefix<TAB>message`, with a local
//! `%Y-%m-%d %H:%M:%S` stamp (before 4.8) or a UTC `%Y-%m-%d %H:%M:%S.%fZ` one (4.8's
//! default). The prefix says the kind: `-->` join, `<--` part/quit, `--` network notices,
//! ` *` action, otherwise the speaker's nick with its mode character.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};

use super::grammar::{clock, digits, entry, non_blank, raw_line, ymd};
use super::{Format, Kind, LineContext, Parsed};

#[derive(Debug, Default)]
pub struct Weechat;

impl Format for Weechat {
    fn name(&self) -> &'static str {
        "weechat"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        // Lines without two tabs before the first stamped one are continuations (of a
        // message from before the file starts) or info lines: WeeChat's own grammar.
        non_blank(first_lines)
            .filter(|l| !is_info_line(l))
            .find_map(split)
            .is_some_and(|(stamp, _, _)| read_stamp(stamp.as_bytes()).is_some())
    }

    fn parse_line(&mut self, line: &str, ctx: &mut LineContext) -> Parsed {
        if line.trim().is_empty() || is_info_line(line) {
            return Parsed::Skip;
        }
        let Some((stamp, prefix, message)) = split(line) else {
            // WeeChat 4 writes a multi-line message's later lines without a stamp.
            return Parsed::Continuation(line.to_string());
        };
        let Some((naive, utc)) = read_stamp(stamp.as_bytes()) else {
            if crate::time::looks_like_date(stamp) {
                // Shaped like a stamp but no real time (`25:00:00`): a damaged line.
                return Parsed::Unparsed;
            }
            return Parsed::Continuation(line.to_string());
        };
        let at: Option<DateTime<Utc>> = if utc {
            Some(Utc.from_utc_datetime(&naive))
        } else {
            ctx.instant(naive)
        };
        let Some(at) = at else {
            return Parsed::Unparsed;
        };
        let (kind, nick, text) = classify(prefix, message);
        entry(ctx, at, false, kind, nick, text)
    }

    /// The date of the line's stamp as written: the local day for `%Y-%m-%d %H:%M:%S`
    /// stamps, the UTC day for 4.8's `...Z` ones.
    fn day_marker(&self, raw: &[u8]) -> Option<NaiveDate> {
        // Only a stamp that ends at a tab: a continuation line may start with a date too.
        let raw = raw_line(raw);
        let head = raw.get(..32).unwrap_or(raw);
        let stamp = raw.get(..memchr::memchr(b'\t', head)?)?;
        read_stamp(stamp).map(|(t, _)| t.date())
    }
}

/// `logger.file.info_lines`: `<stamp>\t****  Beginning of log  ****` and `...End of log...`
/// (one tab only), or the bare `****` form.
fn is_info_line(line: &str) -> bool {
    let text = match line.split_once('\t') {
        Some((stamp, text)) if crate::time::looks_like_date(stamp) => text,
        _ => line,
    };
    text.starts_with("****") && text.trim_end().ends_with("****")
}

/// `stamp`, `prefix`, `message`: exactly the first two tabs split; the message may hold
/// more tabs.
fn split(line: &str) -> Option<(&str, &str, &str)> {
    let (stamp, rest) = line.split_once('\t')?;
    let (prefix, message) = rest.split_once('\t')?;
    Some((stamp, prefix, message))
}

/// A stamp's wall-clock time and whether it is UTC: `YYYY-MM-DD HH:MM:SS`, then an optional
/// fraction of 1 to 9 digits, then an optional `Z` (4.8's default is `.%fZ`). Read from
/// bytes, so `day_marker` and the parser agree on every stamp.
fn read_stamp(stamp: &[u8]) -> Option<(NaiveDateTime, bool)> {
    let date = ymd(stamp, 0)?;
    let (time, minute_precision, len) = clock(stamp.get(11..)?)?;
    if stamp.get(10) != Some(&b' ') || minute_precision {
        return None;
    }
    let rest = stamp.get(11 + len..)?;
    let (rest, utc) = match rest.strip_suffix(b"Z") {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let nanos = match rest {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            let value = digits(fraction, 0, fraction.len())?;
            let scale = 10u32.pow(u32::try_from(9 - fraction.len()).ok()?);
            value.checked_mul(scale)?
        }
        _ => return None,
    };
    Some((date.and_time(time.with_nanosecond(nanos)?), utc))
}

/// Kind, nick and text from the prefix. The prefix alone decides, so a message whose text
/// reads like an event line stays a message. Event texts are matched on WeeChat's English
/// wording; a translated one is still a join/part/quit by its prefix.
fn classify<'a>(prefix: &'a str, message: &'a str) -> (Kind, &'a str, &'a str) {
    let first = message.split(' ').next().unwrap_or("");
    let after_first = message.get(first.len()..).unwrap_or("");
    let event = |kind: Kind, nick: &'a str| (kind, nick, message);
    match prefix {
        "-->" => event(Kind::Join, first),
        "<--" => {
            if contains_verb(message, " has quit") {
                event(Kind::Quit, first)
            } else if after_first.starts_with(" has kicked ") {
                event(Kind::Other, first)
            } else {
                event(Kind::Part, first)
            }
        }
        "--" => {
            if after_first.starts_with(" is now known as ") {
                event(Kind::Nick, first)
            } else if message.starts_with("You are now known as ") {
                event(Kind::Nick, "")
            } else if after_first.starts_with(" has changed topic for ")
                || after_first.starts_with(" has unset topic for ")
            {
                event(Kind::Topic, first)
            } else {
                event(Kind::Other, "")
            }
        }
        " *" => {
            let text = after_first.strip_prefix(' ').unwrap_or(after_first);
            (Kind::Action, first, text)
        }
        "=!=" => event(Kind::Other, ""),
        speaker => {
            let nick = speaker
                .strip_prefix('<')
                .and_then(|s| s.strip_suffix('>'))
                .unwrap_or(speaker)
                .trim_start_matches(['@', '+', '%', '~', '&', '!']);
            (Kind::Message, nick, message)
        }
    }
}

/// `nick (user@host) has quit (...)`: the verb follows the nick or its host part.
fn contains_verb(message: &str, verb: &str) -> bool {
    let after_host = message.split_once(") ").map(|(_, rest)| rest);
    let after_nick = message.split_once(' ').map(|(_, rest)| rest);
    let verb = verb.trim_start();
    after_host.is_some_and(|r| r.starts_with(verb))
        || after_nick.is_some_and(|r| r.starts_with(verb))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::grammar::testing::kinds;
    use crate::chatlog::{LineContext, Transcript, clean_line, read};

    const BASIC: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/weechat/basic.weechatlog");
    const UTC: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/weechat/utc.weechatlog");
    const MESSY: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/weechat/messy.weechatlog");
    const IRSSI: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/irssi/basic.log");

    fn read_in(bytes: &[u8], tz: chrono_tz::Tz) -> Transcript {
        read(&mut Weechat, bytes, tz, None)
    }

    fn lines(bytes: &[u8]) -> Vec<String> {
        bytes.split(|&b| b == b'\n').map(clean_line).collect()
    }

    #[test]
    fn every_prefix_gives_its_kind() {
        let t = read_in(BASIC, chrono_tz::UTC);
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
                (Part, "bea"),
                (Quit, "dan"),
                (Other, ""),
                (Message, "bea"),
                (Action, "cho"),
                (Message, ""),
                (Other, "ann"),
            ]
        );
        assert_eq!(t.entries[3].text, "restarts the queue workers");
        assert!(t.unparsed.is_empty(), "{:?}", t.unparsed);
        assert!(t.entries.iter().all(|e| !e.minute_precision));
    }

    #[test]
    fn a_line_without_a_stamp_continues_the_message() {
        let t = read_in(BASIC, chrono_tz::UTC);
        assert_eq!(
            t.entries[2].text,
            "see the trace:\n  at checkout::pay (pay.rs:42)"
        );
        assert_eq!(t.entries[2].line, 3);
        assert_eq!(t.entries[3].line, 5);
    }

    #[test]
    fn quoting_an_event_line_stays_a_message_or_an_action() {
        let t = read_in(BASIC, chrono_tz::UTC);
        assert_eq!(t.entries[9].text, "<-- dan has quit, --> ann joined");
        assert_eq!(
            t.entries[10].text,
            "quotes: 2026-03-14 09:00:00\t-->\tx has joined"
        );
    }

    #[test]
    fn local_stamps_are_read_in_the_source_zone() {
        let t = read_in(BASIC, chrono_tz::Europe::Berlin);
        assert_eq!(t.entries[0].at.to_rfc3339(), "2026-03-14T08:00:00+00:00");
    }

    #[test]
    fn utc_stamps_ignore_the_source_zone() {
        let t = read_in(UTC, chrono_tz::Europe::Berlin);
        let at: Vec<String> = t.entries.iter().map(|e| e.at.to_rfc3339()).collect();
        assert_eq!(
            at,
            [
                "2026-03-14T09:15:42.123456+00:00",
                "2026-03-14T09:16:00+00:00"
            ]
        );
        assert_eq!(t.entries[1].nick, "bea");
    }

    #[test]
    fn hygiene_and_bad_lines() {
        let t = read_in(MESSY, chrono_tz::UTC);
        let texts: Vec<&str> = t.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["café ™ reopened", "bold and green"]);
        // A continuation before any message and an impossible time are counted.
        assert_eq!(t.unparsed, [2, 5]);
    }

    #[test]
    fn detects_its_own_files_and_rejects_irssi() {
        let own = lines(UTC);
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        assert!(Weechat.detect(&own));
        let other = lines(IRSSI);
        let other: Vec<&str> = other.iter().map(String::as_str).collect();
        assert!(!Weechat.detect(&other));
        assert!(!Weechat.detect(&["09:00 < ann> 2026-03-14 09:00:00\ta\tb"]));
        assert!(!Weechat.detect(&["2026-03-14 09:00:00 only one\ttab"]));
    }

    #[test]
    fn info_lines_and_own_nick_changes() {
        let log = b"2026-03-14 09:00:00\t****  Beginning of log  ****\n2026-03-14 09:00:01\t--\tYou are now known as ann_\n2026-03-14 09:00:02.5\tann_\tlocal with a fraction\n2026-03-14 09:30:00\t****  End of log  ****\n";
        let t = read_in(log, chrono_tz::UTC);
        let got = kinds(&t);
        assert_eq!(got, [(Kind::Nick, ""), (Kind::Message, "ann_")]);
        assert_eq!(t.entries[1].text, "local with a fraction");
        assert!(t.unparsed.is_empty());
        let own = lines(log);
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        assert!(Weechat.detect(&own));
    }

    #[test]
    fn day_marker_reads_the_stamp_date() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            Weechat.day_marker(b"2026-03-14 09:00:00\tann\thi"),
            day(2026, 3, 14)
        );
        assert_eq!(
            Weechat.day_marker(b"2026-03-14 23:15:42.123456Z\tann\thi"),
            day(2026, 3, 14)
        );
        // A continuation line that starts with a date is not a stamp.
        assert_eq!(Weechat.day_marker(b"2026-03-14 is when it broke"), None);
        assert_eq!(Weechat.day_marker(b"2026-03-14 09:00\tann\thi"), None);
        assert_eq!(Weechat.day_marker(b"2026-02-30 09:00:00\tann\thi"), None);
        assert_eq!(Weechat.day_marker(b"\tann\thi"), None);
        assert_eq!(Weechat.day_marker(b""), None);
        for line in lines(BASIC) {
            let mut ctx = LineContext::new(chrono_tz::UTC);
            if let Parsed::Entry(e) = Weechat.parse_line(&line, &mut ctx) {
                assert_eq!(
                    Weechat.day_marker(line.as_bytes()),
                    Some(e.at.date_naive()),
                    "{line}"
                );
            }
        }
    }

    #[test]
    fn stamps_are_read_in_one_shape_only() {
        let stamp = |s: &str| read_stamp(s.as_bytes()).map(|(t, utc)| (t.to_string(), utc));
        assert_eq!(
            stamp("2026-03-14 09:00:00"),
            Some(("2026-03-14 09:00:00".into(), false))
        );
        assert_eq!(
            stamp("2026-03-14 09:00:00.5Z"),
            Some(("2026-03-14 09:00:00.500".into(), true))
        );
        for bad in [
            "2026-03-14 9:00:00",
            "2026-03-14T09:00:00",
            "2026-03-14 09:00:00.",
            "2026-03-14 09:00:00.1234567890",
            "2026-03-14 09:00:00 ",
            "2026-03-14 09:00:00ZZ",
            "2026-03-14 09:00",
        ] {
            assert_eq!(stamp(bad), None, "{bad}");
        }
        // A damaged stamp is unparsed, not a continuation of the message before it.
        let t = read_in(
            b"2026-03-14 09:00:00\tann\thi\n2026-03-14 9:01:00\tann\tx\n",
            chrono_tz::UTC,
        );
        assert_eq!(t.unparsed, [2]);
    }

    #[test]
    fn regression_day_marker_missed_a_stamp_after_a_byte_order_mark() {
        // Found by the `weechat` fuzz target: the parser reads the first line of a file
        // saved with a BOM, so the marker must too.
        assert_eq!(
            Weechat
                .day_marker(b"\xef\xbb\xbf2026-03-14 09:00:00\t-->\tann (a@b) has joined #ops\r"),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 14)
        );
    }
}
