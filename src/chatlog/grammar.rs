//! Pieces of line grammar the IRC formats share: fixed-width digits and stamps read straight
//! from bytes (cheap enough for `Format::day_marker`), nicks with mode prefixes, event
//! wording of the `nick [host] has joined` kind, and dates in file names.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{Entry, Kind, LineContext, Parsed};

/// `n` ASCII digits at `b[i..]` as a number.
pub(crate) fn digits(b: &[u8], i: usize, n: usize) -> Option<u32> {
    let run = b.get(i..i.checked_add(n)?)?;
    run.iter().try_fold(0u32, |acc, &d| {
        d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
    })
}

/// `HH:MM` or `HH:MM:SS` at the start of `b`: the time, whether it lacked seconds, and how
/// many bytes it took.
pub(crate) fn clock(b: &[u8]) -> Option<(NaiveTime, bool, usize)> {
    let (hour, minute) = (digits(b, 0, 2)?, digits(b, 3, 2)?);
    if b.get(2) != Some(&b':') {
        return None;
    }
    let (second, minute_precision, len) = if b.get(5) == Some(&b':') {
        (digits(b, 6, 2)?, false, 8)
    } else {
        (0, true, 5)
    };
    Some((
        NaiveTime::from_hms_opt(hour, minute, second)?,
        minute_precision,
        len,
    ))
}

/// `YYYY-MM-DD` at `b[i..]`, checked against the calendar.
pub(crate) fn ymd(b: &[u8], i: usize) -> Option<NaiveDate> {
    if b.get(i + 4) != Some(&b'-') || b.get(i + 7) != Some(&b'-') {
        return None;
    }
    let year = i32::try_from(digits(b, i, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(b, i + 5, 2)?, digits(b, i + 8, 2)?)
}

/// A month abbreviation in the C locale (`Jan`, `dec`), from bytes.
pub(crate) fn month(b: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let name = b.get(..3)?;
    if b.get(3).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| name.eq_ignore_ascii_case(&m[..]))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The date of a C `ctime()` text at the end of a header line: `Mon Dec 31 21:11:55 2011`
/// (the weekday may be translated; the month is read in the C locale). No allocation.
pub(crate) fn ctime_date(b: &[u8]) -> Option<NaiveDate> {
    trailing_date(b, true)
}

/// The date at the end of a line that ends in `Mmm DD HH:MM:SS YYYY` (`with_time`) or in
/// `Mmm DD YYYY`. The day may be one digit (`Mar  7`).
pub(crate) fn trailing_date(b: &[u8], with_time: bool) -> Option<NaiveDate> {
    let b = trim_end(b);
    let mut words = b.rsplit(|&c| c == b' ').filter(|w| !w.is_empty());
    let year = words.next()?;
    if with_time {
        let time = words.next()?;
        if time.len() != 8 || clock(time).is_none() {
            return None;
        }
    }
    let day = words.next()?;
    let month_word = words.next()?;
    if year.len() != 4 || month_word.len() != 3 {
        return None;
    }
    let day = match day.len() {
        1 | 2 => digits(day, 0, day.len())?,
        _ => return None,
    };
    let year = i32::try_from(digits(year, 0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, month(month_word)?, day)
}

/// A raw line without a leading byte-order mark and trailing `\r`, for `day_marker`.
pub(crate) fn raw_line(raw: &[u8]) -> &[u8] {
    let raw = raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(raw);
    raw.strip_suffix(b"\r").unwrap_or(raw)
}

fn trim_end(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    b.get(..end).unwrap_or_default()
}

/// The characters IRC clients put before a nick to show its channel mode.
const MODE_PREFIXES: [char; 7] = [' ', '@', '+', '%', '~', '&', '!'];

/// A nick without its mode prefix (`@ann` → `ann`).
pub(crate) fn strip_mode(nick: &str) -> &str {
    nick.trim_start_matches(MODE_PREFIXES)
}

/// `<nick> text` (or `<nick>` and a tab): the nick without its mode prefix and the text.
pub(crate) fn angle_message(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_prefix('<')?;
    let (who, text) = inner.split_once('>')?;
    let nick = strip_mode(who);
    if nick.is_empty() || nick.contains(' ') {
        return None;
    }
    let text = text
        .strip_prefix(' ')
        .or_else(|| text.strip_prefix('\t'))
        .unwrap_or(text);
    Some((nick, text))
}

/// The first word of a text and what follows its one separating space.
pub(crate) fn first_word(text: &str) -> (&str, &str) {
    text.split_once(' ').unwrap_or((text, ""))
}

/// Who an event is about and which kind it is, for wordings like `nick [user@host] has
/// joined #ops` or `nick <nick!user@host> has quit IRC`: the first word is the nick, any
/// bracketed groups after it (host, account, real name) are passed over, and the rest must
/// start with one of `verbs`.
pub(crate) fn event_after_nick<'a>(
    text: &'a str,
    verbs: &[(&str, Kind)],
) -> Option<(Kind, &'a str)> {
    let (nick, mut rest) = first_word(text);
    if nick.is_empty() {
        return None;
    }
    loop {
        rest = rest.trim_start_matches(' ');
        let close = match rest.as_bytes().first() {
            Some(b'[') => ']',
            Some(b'(') => ')',
            Some(b'<') => '>',
            _ => break,
        };
        match rest.find(close) {
            Some(end) => rest = rest.get(end + 1..).unwrap_or_default(),
            None => return None,
        }
    }
    verbs
        .iter()
        .find(|(verb, _)| rest.starts_with(verb))
        .map(|&(_, kind)| (kind, nick))
}

/// `old is now known as new`: the old nick, if the text is exactly that.
pub(crate) fn nick_change(text: &str) -> Option<&str> {
    let (old, new) = text.split_once(" is now known as ")?;
    let plain = |n: &str| !n.is_empty() && !n.contains(' ');
    (plain(old) && plain(new.trim_end())).then_some(old)
}

/// A timeline entry for the line being parsed.
pub(crate) fn entry(
    ctx: &LineContext,
    at: DateTime<Utc>,
    minute_precision: bool,
    kind: Kind,
    nick: &str,
    text: &str,
) -> Parsed {
    Parsed::Entry(Entry {
        minute_precision,
        ..Entry::new(at, kind, nick, text, ctx.line)
    })
}

/// The end of a line format's `parse_line`: an entry when the body after the stamp fits and
/// the stamp gives an instant (asked only then, so a line that does not fit is not counted
/// as a DST case).
pub(crate) fn stamped(
    ctx: &mut LineContext,
    body: Option<(Kind, &str, &str)>,
    minute_precision: bool,
    at: impl FnOnce(&mut LineContext) -> Option<DateTime<Utc>>,
) -> Parsed {
    let Some((kind, nick, text)) = body else {
        return Parsed::Unparsed;
    };
    match at(ctx) {
        Some(at) => entry(ctx, at, minute_precision, kind, nick, text),
        None if ctx.date.is_none() => Parsed::Undated,
        None => Parsed::Unparsed,
    }
}

/// `parse_line` of a format whose every line is a stamp and a body (ZNC, Limnoria,
/// Textual): a blank line is skipped, a line without the stamp is unparsed, and `at` makes
/// the stamp an instant.
pub(crate) fn stamped_line<T>(
    line: &str,
    ctx: &mut LineContext,
    split: impl Fn(&str) -> Option<(T, &str)>,
    body: impl Fn(&str) -> Option<(Kind, &str, &str)>,
    at: impl FnOnce(&mut LineContext, T) -> Option<DateTime<Utc>>,
) -> Parsed {
    if line.trim().is_empty() {
        return Parsed::Skip;
    }
    let Some((stamp, rest)) = split(line) else {
        return Parsed::Unparsed;
    };
    stamped(ctx, body(rest), false, |ctx| at(ctx, stamp))
}

/// `detect` of such a format: its first non-blank line is a stamp and a body.
pub(crate) fn first_line_stamped<T>(
    first_lines: &[&str],
    split: impl Fn(&str) -> Option<(T, &str)>,
    body: impl Fn(&str) -> Option<(Kind, &str, &str)>,
) -> bool {
    first_line_fits(first_lines, |first| {
        split(first).is_some_and(|(_, rest)| body(rest).is_some())
    })
}

/// An action after its marker (`* nick restarts the workers`): the nick and the text, if it
/// names a nick.
pub(crate) fn action(text: &str) -> Option<(Kind, &str, &str)> {
    let (nick, text) = first_word(text);
    (!nick.is_empty()).then_some((Kind::Action, nick, text))
}

/// A notice after its leading `-` (`-nick- text`): the nick and the text.
pub(crate) fn notice(rest: &str) -> Option<(Kind, &str, &str)> {
    let (nick, text) = rest.split_once("- ")?;
    (!nick.is_empty() && !nick.contains(' ')).then_some((Kind::Other, nick, text))
}

/// An event as the log words it: `old is now known as new`, a wording of `verbs` after the
/// nick it is about (see [`event_after_nick`]), or else an event about nobody in particular.
pub(crate) fn worded_event<'a>(event: &'a str, verbs: &[(&str, Kind)]) -> (Kind, &'a str, &'a str) {
    if let Some(old) = nick_change(event) {
        return (Kind::Nick, old, event);
    }
    match event_after_nick(event, verbs) {
        Some((kind, nick)) => (kind, nick, event),
        None => (Kind::Other, "", event),
    }
}

/// Detection for the formats whose first non-blank line must fit their grammar.
pub(crate) fn first_line_fits(first_lines: &[&str], fits: impl Fn(&str) -> bool) -> bool {
    non_blank(first_lines).next().is_some_and(fits)
}

/// The lines detection looks at: the non-blank ones.
pub(crate) fn non_blank<'a>(lines: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    lines.iter().copied().filter(|l| !l.trim().is_empty())
}

/// A date at the end of a file's name, before its extensions: `2026-03-14.log`,
/// `#ops.2026-03-14.log`, `#ops_20260314.log` (`.txt` after `.log` is allowed too, as
/// published logs have it). The date must follow the start of the name or a non-digit.
/// A date anywhere in a log file's name (`#ops.2017-04-11.1.log`, `2026-03-14.log.old`,
/// `#ops_20260315.log`): the last `YYYY-MM-DD` or `YYYYMMDD` not inside a longer run of
/// digits, in a name that holds one of `extensions` (followed by the end or another `.`).
pub(crate) fn date_in_name(path: &Path, extensions: &[&str]) -> Option<NaiveDate> {
    if let Some(date) = date_at_end_of_name(path, extensions) {
        return Some(date);
    }
    let name = path.file_name()?.to_str()?;
    let has_ext = extensions.iter().any(|ext| {
        name.match_indices(ext)
            .any(|(at, _)| matches!(name.as_bytes().get(at + ext.len()), None | Some(b'.')))
    });
    if !has_ext {
        return None;
    }
    let b = name.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut found = None;
    for at in 0..b.len() {
        if at > 0 && digit(at - 1) {
            continue;
        }
        if let Some(date) = ymd(b, at).filter(|_| !digit(at + 10)) {
            found = Some(date);
        } else if (0..8).all(|k| digit(at + k)) && !digit(at + 8) {
            let year = digits(b, at, 4).and_then(|y| i32::try_from(y).ok());
            if let Some(date) = year.and_then(|y| {
                NaiveDate::from_ymd_opt(y, digits(b, at + 4, 2)?, digits(b, at + 6, 2)?)
            }) {
                found = Some(date);
            }
        }
    }
    found
}

pub(crate) fn date_at_end_of_name(path: &Path, extensions: &[&str]) -> Option<NaiveDate> {
    let mut stem = path.file_name()?.to_str()?;
    let mut stripped = false;
    for _ in 0..2 {
        for ext in extensions {
            if let Some(s) = stem.strip_suffix(ext) {
                stem = s;
                stripped = true;
            }
        }
    }
    if !stripped {
        return None;
    }
    let b = stem.as_bytes();
    let before_ok = |at: usize| at == 0 || b.get(at - 1).is_some_and(|c| !c.is_ascii_digit());
    if let Some(at) = b.len().checked_sub(10)
        && before_ok(at)
        && let Some(date) = ymd(b, at)
    {
        return Some(date);
    }
    let at = b.len().checked_sub(8)?;
    if !before_ok(at) {
        return None;
    }
    let year = i32::try_from(digits(b, at, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(b, at + 4, 2)?, digits(b, at + 6, 2)?)
}

/// Helpers for the formats' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::chatlog::{Format, Kind, LineContext, Parsed, Transcript};
    use chrono::NaiveDate;

    /// Each entry's kind and nick.
    pub(crate) fn kinds(t: &Transcript) -> Vec<(Kind, &str)> {
        t.entries
            .iter()
            .map(|e| (e.kind, e.nick.as_str()))
            .collect()
    }

    /// Every line, parsed alone on `date` (UTC), is unparsed.
    pub(crate) fn assert_unparsed(
        format: &mut dyn Format,
        date: Option<NaiveDate>,
        lines: &[&str],
    ) {
        for line in lines {
            let mut ctx = LineContext::new(chrono_tz::UTC);
            ctx.date = date;
            ctx.line = 1;
            assert_eq!(
                format.parse_line(line, &mut ctx),
                Parsed::Unparsed,
                "{line}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn clocks_with_and_without_seconds() {
        let (t, minute, len) = clock(b"09:05 x").unwrap();
        assert_eq!((t.to_string().as_str(), minute, len), ("09:05:00", true, 5));
        let (t, minute, len) = clock(b"23:59:58]").unwrap();
        assert_eq!(
            (t.to_string().as_str(), minute, len),
            ("23:59:58", false, 8)
        );
        for bad in [&b"24:00"[..], b"9:00", b"09-00", b"09:0", b"09:00:6", b""] {
            assert!(clock(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn dates_from_bytes() {
        assert_eq!(ymd(b"2026-03-14T", 0), day(2026, 3, 14));
        assert_eq!(ymd(b"[2026-03-14", 1), day(2026, 3, 14));
        assert_eq!(ymd(b"2026-02-30", 0), None);
        assert_eq!(ymd(b"2026-3-14", 0), None);
        assert_eq!(ymd(b"20260314", 0), None);
        assert_eq!(
            ctime_date(b"**** BEGIN LOGGING AT Mon Dec 31 21:11:55 2011"),
            day(2011, 12, 31)
        );
        assert_eq!(
            ctime_date(b"--- Log opened Sat Mar  7 09:00:00 2026  "),
            day(2026, 3, 7)
        );
        assert_eq!(ctime_date(b"Sat Mar 14 09:00 2026"), None);
        assert_eq!(ctime_date(b"Sat Foo 14 09:00:00 2026"), None);
        assert_eq!(ctime_date(b"2026"), None);
        assert_eq!(month(b"Sept"), None);
        assert_eq!(month(b"sep 1"), Some(9));
    }

    #[test]
    fn nicks_lose_their_mode_prefix() {
        assert_eq!(angle_message("<@ann> hi"), Some(("ann", "hi")));
        assert_eq!(angle_message("< bea>\tthere"), Some(("bea", "there")));
        assert_eq!(angle_message("<+cho>"), Some(("cho", "")));
        assert_eq!(angle_message("<> x"), None);
        assert_eq!(angle_message("<a b> x"), None);
        assert_eq!(angle_message("<ann x"), None);
    }

    #[test]
    fn events_skip_bracketed_groups_after_the_nick() {
        let verbs = [("has joined", Kind::Join), ("has quit", Kind::Quit)];
        assert_eq!(
            event_after_nick("ann [a@b] [account ann] has joined #ops", &verbs),
            Some((Kind::Join, "ann"))
        );
        assert_eq!(
            event_after_nick("ann <ann!a@b> has quit IRC", &verbs),
            Some((Kind::Quit, "ann"))
        );
        assert_eq!(event_after_nick("ann (a@b has joined", &verbs), None);
        assert_eq!(event_after_nick("ann says has joined", &verbs), None);
        assert_eq!(nick_change("ann is now known as ann_away"), Some("ann"));
        assert_eq!(nick_change("ann is now known as the pager queen"), None);
    }

    #[test]
    fn dates_in_file_names() {
        let d = |p: &str| date_at_end_of_name(Path::new(p), &[".log", ".txt"]);
        assert_eq!(d("znc/#ops/2026-03-14.log"), day(2026, 3, 14));
        assert_eq!(d("#ops_20260314.log"), day(2026, 3, 14));
        assert_eq!(d("libera_#ops_20260314.log.txt"), day(2026, 3, 14));
        assert_eq!(d("#ops.2026-03-14.log"), day(2026, 3, 14));
        assert_eq!(d("#ops.log"), None);
        assert_eq!(d("#ops_120260314.log"), None);
        assert_eq!(d("2026-02-30.log"), None);
        assert_eq!(d("2026-03-14.json"), None);
        // Anywhere in the name, for irssi and ZNC (rotated and renamed files).
        let d = |p: &str| date_in_name(Path::new(p), &[".log"]);
        assert_eq!(d("#chan.2017-04-11.1.log"), day(2017, 4, 11));
        assert_eq!(d("#chan.2017-04-11.log.old"), day(2017, 4, 11));
        assert_eq!(d("2017-04-11.log.1"), day(2017, 4, 11));
        assert_eq!(d("#chan_20170411.old.log"), day(2017, 4, 11));
        assert_eq!(d("#ops.log"), None);
        assert_eq!(d("#ops-120170411.log"), None);
        assert_eq!(d("#ops.2017-04-11.logs"), None);
        assert_eq!(d("#ops.2017-02-30.log"), None);
        assert_eq!(d("2017-04-11.txt"), None);
    }
}
