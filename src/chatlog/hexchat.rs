//! HexChat's (and XChat's) log format: `Mon DD HH:MM:SS` stamps without a year, the year
//! from `**** BEGIN LOGGING AT <ctime>` headers (translated headers too: any `****` line
//! that ends in a `ctime()` date), `<nick>` messages, and `*` lines that are either actions
//! or events, told apart by HexChat's default event wording.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::grammar::{
    angle_message, clock, ctime_date, digits, event_after_nick, first_line_fits, first_word, month,
    nick_change, stamped,
};
use super::{Format, Kind, LineContext, Parsed};

/// HexChat gives no day markers (`Format::day_marker` is `None` for every line): a session
/// runs for days under one `BEGIN LOGGING` header, so the header does not say which day the
/// lines after it are on, and a stamp's year depends on the lines before it, which a look
/// at one raw line (or the importer's bisection of a large file) cannot know. HexChat files
/// are therefore parsed whole; the year of a stamp comes from `LineContext::date`.
#[derive(Debug, Default)]
pub struct Hexchat;

impl Format for Hexchat {
    fn name(&self) -> &'static str {
        "hexchat"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        first_line_fits(first_lines, |first| {
            header_date(first.as_bytes()).is_some()
                || split_stamp(first.as_bytes())
                    .and_then(|(_, _, _, rest)| first.get(rest..))
                    .is_some_and(|rest| body(rest).is_some())
        })
    }

    fn parse_line(&mut self, line: &str, ctx: &mut LineContext) -> Parsed {
        if line.trim().is_empty() {
            return Parsed::Skip;
        }
        if line.starts_with("**** ") {
            return match header_date(line.as_bytes()) {
                Some(day) => Parsed::DateChange(day),
                None => Parsed::Unparsed,
            };
        }
        let Some((month, day, time, rest)) = split_stamp(line.as_bytes()) else {
            return Parsed::Unparsed;
        };
        // The stamp moves the day on even when the rest of the line does not fit.
        let Some(last) = ctx.date else {
            // Before the first `**** BEGIN LOGGING` header: the year is not known.
            return Parsed::Undated;
        };
        let Some(date) = nearest_year(last, month, day) else {
            return Parsed::Unparsed;
        };
        ctx.date = Some(date);
        stamped(ctx, line.get(rest..).and_then(body), false, |ctx| {
            ctx.instant(date.and_time(time))
        })
    }
}

/// The date a `**** BEGIN LOGGING AT Mon Dec 31 21:11:55 2011` header (or its `ENDING`,
/// or a translated one) carries.
fn header_date(b: &[u8]) -> Option<NaiveDate> {
    if !b.starts_with(b"**** ") {
        return None;
    }
    ctime_date(b)
}

/// `Mon DD HH:MM:SS ` at the start of a line (after any spaces): month, day, time and
/// where the rest starts.
fn split_stamp(b: &[u8]) -> Option<(u32, u32, NaiveTime, usize)> {
    let start = b.iter().position(|&c| c != b' ')?;
    let s = b.get(start..)?;
    let month = month(s)?;
    if s.get(3) != Some(&b' ') || s.get(6) != Some(&b' ') {
        return None;
    }
    let day = digits(s, 4, 2)?;
    let (time, minute_precision, len) = clock(s.get(7..)?)?;
    if minute_precision || s.get(7 + len) != Some(&b' ') {
        return None;
    }
    Some((month, day, time, start + 7 + len + 1))
}

/// The date of `month`/`day` in whichever year (of `last`'s and the two around it) lies
/// nearest to `last`: a session running past New Year moves on to the next year, a line
/// played back from before it stays in the old one.
fn nearest_year(last: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let year = last.year();
    [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - last).num_days().abs())
}

/// Kind, nick and text of what follows the stamp.
fn body(rest: &str) -> Option<(Kind, &str, &str)> {
    if let Some((nick, text)) = angle_message(rest) {
        return Some((Kind::Message, nick, text));
    }
    // Events with an empty left column (`$tTopic for #ops set by ann`) start with the tab;
    // copies that turned tabs into spaces start with spaces.
    if rest.starts_with([' ', '\t']) {
        let text = rest.trim_start_matches([' ', '\t']);
        if let Some((nick, text)) = angle_message(text) {
            return Some((Kind::Message, nick, text));
        }
        return (!text.is_empty()).then_some((Kind::Other, "", text));
    }
    // XChat's old themes wrote `-->`, `<--` and `---` where HexChat writes `*`.
    for mark in ["*", "-->", "<--", "---"] {
        if let Some(text) = rest.strip_prefix(mark)
            && text.starts_with([' ', '\t'])
        {
            let text = text.trim_start_matches([' ', '\t']);
            if text.is_empty() {
                return None;
            }
            return Some(star_line(mark, text));
        }
    }
    // A notice: `-nick/#chan-<TAB>text` or `-nick-<TAB>text`.
    let notice = rest.strip_prefix('-')?;
    let (who, text) = notice
        .split_once("-\t")
        .or_else(|| notice.split_once("- "))?;
    let nick = who.split('/').next().unwrap_or(who);
    (!nick.is_empty() && !nick.contains(' ')).then_some((Kind::Other, nick, text))
}

/// Event wordings (HexChat's `textevents.in`) whose first word is the nick the event is
/// about; with `(host)` groups after it passed over.
const EVENTS: [(&str, Kind); 13] = [
    ("has joined", Kind::Join),
    ("has left", Kind::Part),
    ("has quit", Kind::Quit),
    ("has changed the topic to: ", Kind::Topic),
    ("has kicked ", Kind::Other),
    ("gives channel operator status to ", Kind::Other),
    ("removes channel operator status from ", Kind::Other),
    ("gives channel half-operator status to ", Kind::Other),
    ("removes channel half-operator status from ", Kind::Other),
    ("gives voice to ", Kind::Other),
    ("removes voice from ", Kind::Other),
    ("sets ", Kind::Other),
    ("removes ", Kind::Other),
];

/// The client's own lines after `*`: not about one nick.
const CLIENT: [&str; 9] = [
    "Now talking on ",
    "You are now talking on ",
    "Topic for ",
    "Connecting to ",
    "Connected.",
    "Disconnected",
    "Looking up ",
    "Channel ",
    "You have been kicked ",
];

/// A `*` (or `-->`, `<--`, `---`) line: an event when HexChat's wording for one fits, else
/// an action (`* nick does something`).
fn star_line<'a>(mark: &str, text: &'a str) -> (Kind, &'a str, &'a str) {
    if let Some(old) = nick_change(text) {
        return (Kind::Nick, old, text);
    }
    if let Some(new) = text.strip_prefix("You are now known as ") {
        return (Kind::Nick, "", new);
    }
    if CLIENT.iter().any(|c| text.starts_with(c)) {
        return (Kind::Other, "", text);
    }
    let (nick, after) = first_word(text);
    if let Some((kind, nick)) = event_after_nick(text, &EVENTS) {
        // A join or part names the host in parentheses; `* ann has joined the team` is an
        // action, and so is `* ann has quit smoking` (a quit gives its reason in them).
        let host = after.starts_with('(');
        let fits = match kind {
            Kind::Join | Kind::Part => host,
            Kind::Quit => after.contains(" ("),
            Kind::Other if after.starts_with("sets ") || after.starts_with("removes ") => {
                ["mode", "ban ", "channel ", "exempt ", "invite ", "quiet "]
                    .iter()
                    .any(|m| after.split_once(' ').is_some_and(|(_, r)| r.starts_with(m)))
            }
            _ => true,
        };
        if fits {
            return (kind, nick, text);
        }
    }
    if mark == "*" {
        (Kind::Action, nick, after)
    } else {
        (Kind::Other, "", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::grammar::testing::assert_unparsed;
    use crate::chatlog::read;

    const BASIC: &[u8] = include_bytes!("../../tests/fixtures/chatlogs/hexchat/#ops.log");

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn every_line_kind() {
        let t = read(&mut Hexchat, BASIC, chrono_tz::UTC, None);
        use Kind::*;
        let got: Vec<(Kind, &str, &str)> = t
            .entries
            .iter()
            .map(|e| (e.kind, e.nick.as_str(), e.text.as_str()))
            .collect();
        assert_eq!(got[0], (Other, "", "Now talking on #ops"));
        assert_eq!(
            got[1],
            (Join, "ann", "ann (ann@example.org) has joined #ops")
        );
        assert_eq!(got[2], (Message, "ann", "deploy 4711 is rolling back"));
        assert_eq!(got[3], (Message, "bea", "seeing 502s on the edge"));
        assert_eq!(got[4], (Action, "cho", "restarts the queue workers"));
        assert_eq!(got[5].0, Nick);
        assert_eq!(got[6].0, Topic);
        assert_eq!(got[7], (Other, "ann", "ann gives voice to bea"));
        assert_eq!(got[8].0, Part);
        assert_eq!(
            got[9],
            (Quit, "dan", "dan has quit (Ping timeout: 240 seconds)")
        );
        assert_eq!(
            got[10],
            (Other, "ann", "ann has kicked eve from #ops (spam)")
        );
        assert_eq!(got[11], (Other, "bot", "build 4712 is green"));
        assert_eq!(got[12], (Message, "bea", "* dan has quit (bye)"));
        assert_eq!(got[13], (Action, "cho", "has quit smoking"));
        assert_eq!(got[14], (Action, "ann", "has joined the war room"));
        assert!(t.unparsed.is_empty(), "{:?}", t.unparsed);
        assert!(t.entries.iter().all(|e| !e.minute_precision));
    }

    #[test]
    fn the_year_comes_from_the_header_and_moves_on_at_new_year() {
        let t = read(&mut Hexchat, BASIC, chrono_tz::UTC, None);
        let at: Vec<String> = t.entries.iter().map(|e| e.at.to_rfc3339()).collect();
        assert_eq!(at[0], "2025-12-31T23:50:00+00:00");
        assert_eq!(at[2], "2026-01-01T00:01:00+00:00");
        // A line played back from before midnight stays in the old year.
        assert_eq!(at[3], "2025-12-31T23:59:30+00:00");
        assert_eq!(at[4], "2026-01-01T00:03:00+00:00");
    }

    #[test]
    fn no_line_is_a_day_marker() {
        for line in [
            &b"**** BEGIN LOGGING AT Wed Dec 31 23:49:00 2025"[..],
            b"Jan 01 00:01:00 <ann>\thi",
            b"",
        ] {
            assert_eq!(Hexchat.day_marker(line), None);
        }
    }

    #[test]
    fn lines_before_any_header_are_unparsed() {
        let t = read(
            &mut Hexchat,
            b"Mar 14 09:00:00 <ann>\thi\n**** BEGIN LOGGING AT Sat Mar 14 09:00:30 2026\nMar 14 09:01:00 <ann>\tok\n",
            chrono_tz::UTC,
            None,
        );
        assert_eq!(t.unparsed, [1]);
        assert_eq!(t.entries.len(), 1);
        // Not given the next header's year: the line says its day is unknown.
        let mut ctx = LineContext::new(chrono_tz::UTC);
        assert_eq!(
            Hexchat.parse_line("Mar 14 09:00:00 <ann>\thi", &mut ctx),
            Parsed::Undated
        );
    }

    #[test]
    fn the_repeated_hour_takes_the_earlier_instant() {
        // Berlin falls back from 03:00 to 02:00 on 2026-10-25.
        let log = b"**** BEGIN LOGGING AT Sun Oct 25 01:00:00 2026\nOct 25 02:30:00 <ann>\tonce\n";
        let t = read(&mut Hexchat, log, chrono_tz::Europe::Berlin, None);
        assert_eq!(t.entries[0].at.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        assert_eq!(t.ambiguous, 1);
    }

    #[test]
    fn leap_days_find_their_year() {
        assert_eq!(
            nearest_year(day(2027, 12, 30).unwrap(), 2, 29),
            day(2028, 2, 29)
        );
        assert_eq!(nearest_year(day(2026, 3, 1).unwrap(), 2, 29), None);
        assert_eq!(nearest_year(day(2026, 3, 1).unwrap(), 13, 1), None);
    }

    #[test]
    fn bad_lines_are_unparsed() {
        assert_unparsed(
            &mut Hexchat,
            day(2026, 3, 14),
            &[
                "Mar 14 09:00 <ann>\tminutes only",
                "Mar 14 39:95:90 <fpi>\twrong",
                "Foo 14 09:00:00 <ann>\tx",
                "Mar 14 09:00:00 free text",
                "Mar 14 09:00:00 *\t",
                "**** BEGIN LOGGING AT sometime",
            ],
        );
    }

    #[test]
    fn an_empty_left_column_is_a_client_line() {
        let mut ctx = LineContext::new(chrono_tz::UTC);
        ctx.date = day(2026, 3, 14);
        let mut h = Hexchat;
        let Parsed::Entry(e) =
            h.parse_line("Mar 14 09:00:00 \tTopic for #ops set by ann", &mut ctx)
        else {
            panic!("not an entry")
        };
        assert_eq!(
            (e.kind, e.nick.as_str(), e.text.as_str()),
            (Kind::Other, "", "Topic for #ops set by ann")
        );
        let Parsed::Entry(e) = h.parse_line("Mar 14 09:00:00  <ann> spaced", &mut ctx) else {
            panic!("not an entry")
        };
        assert_eq!((e.kind, e.nick.as_str()), (Kind::Message, "ann"));
    }
}
