//! Entering a large, time-ordered JSON export near the window: bisection over byte offsets.
//! At an offset, the next array element that carries a time is found by looking for an
//! object start (`{` then a key): in JSON a `{` directly followed by `"` and a key's first
//! character cannot be inside a string, because a raw `"` in a string is always its end.
//! The object is scanned to its end; it counts if an array separator (`,` or `]`) follows and
//! the format finds its time ([`Format::quick_time`]), so nested objects without a time
//! (authors, attachments) are passed over.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use chrono::{DateTime, TimeDelta, Utc};

use super::super::Format;

/// Files smaller than this are read from the start.
pub const BISECT_FROM: u64 = 8 << 20;
/// Bisection stops when the span left is this small.
const SPAN: u64 = 256 << 10;
/// How far from an offset a probe looks for an element.
const PROBE: usize = 1 << 20;
/// How far out of order times may be: reading starts this long before the window and stops
/// this long after it.
pub const MARGIN: TimeDelta = TimeDelta::hours(1);

pub(crate) use super::super::source::count_lines;

/// Which way the times of a file go, from its first and last elements' times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Ascending,
    /// Newest first (PagerDuty's log entries as the REST API lists them).
    Descending,
}

/// The order of a file: descending when its first element (with a time) is later than the
/// first one in its last [`PROBE`] bytes, otherwise ascending.
pub fn order(file: &mut File, len: u64, format: &dyn Format) -> io::Result<Order> {
    let mut buf = Vec::new();
    // From the file's start the document's own object opens first: passed over unclosed.
    let first = probe(file, 0, format, &mut buf, true)?;
    let last = probe(
        file,
        len.saturating_sub(PROBE as u64),
        format,
        &mut buf,
        false,
    )?;
    Ok(match (first, last) {
        (Some((_, first)), Some((_, last))) if last < first => Order::Descending,
        _ => Order::Ascending,
    })
}

/// The offset of an element to start reading at: one whose time is before `target` in the
/// file's `order` (earlier for an ascending file, later for a descending one), as late in
/// the file as bisection finds. `None`: read from the start (the window is near it, or the
/// probes saw times go against the order).
pub fn start(
    file: &mut File,
    len: u64,
    format: &dyn Format,
    order: Order,
    target: DateTime<Utc>,
) -> io::Result<Option<u64>> {
    let before = |time: DateTime<Utc>| match order {
        Order::Ascending => time < target,
        Order::Descending => time > target,
    };
    let mut buf = Vec::new();
    let (mut lo, mut hi) = (0u64, len);
    let mut best = None;
    let mut seen: Vec<(u64, DateTime<Utc>)> = Vec::new();
    while hi.saturating_sub(lo) > SPAN {
        let mid = lo + (hi - lo) / 2;
        match probe(file, mid, format, &mut buf, false)? {
            Some((at, time)) if at < hi => {
                seen.push((at, time));
                if before(time) {
                    lo = at;
                    best = Some(at);
                } else {
                    hi = mid;
                }
            }
            _ => hi = mid,
        }
    }
    seen.sort_unstable_by_key(|s| s.0);
    let against = |w: &[(u64, DateTime<Utc>)]| match order {
        Order::Ascending => w[1].1 < w[0].1 - MARGIN,
        Order::Descending => w[1].1 > w[0].1 + MARGIN,
    };
    if seen.windows(2).any(against) {
        return Ok(None);
    }
    Ok(best)
}

/// The first element with a time at or after `offset`: its offset and time. An object that
/// does not end in the bytes read ends the search, unless `past_unclosed` (then the objects
/// inside it are looked at).
fn probe(
    file: &mut File,
    offset: u64,
    format: &dyn Format,
    buf: &mut Vec<u8>,
    past_unclosed: bool,
) -> io::Result<Option<(u64, DateTime<Utc>)>> {
    file.seek(SeekFrom::Start(offset))?;
    buf.clear();
    file.by_ref().take(PROBE as u64).read_to_end(buf)?;
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'{', &buf[from..]) {
        let open = from + at;
        from = open + 1;
        if !starts_object(&buf[open + 1..]) {
            continue;
        }
        let Some(close) = object_end(buf, open) else {
            if past_unclosed {
                continue;
            }
            return Ok(None);
        };
        let after = buf[close..].iter().find(|b| !b.is_ascii_whitespace());
        if !matches!(after, Some(b',' | b']')) {
            continue;
        }
        if let Some(time) = format.quick_time(&buf[open..close]) {
            return Ok(Some((offset + open as u64, time)));
        }
    }
    Ok(None)
}

/// How far before a marker the element holding it may start, and how far after it it may
/// end: a larger element is not looked at.
const ELEMENT: usize = 64 << 10;

/// Hands every element of the file's first `upto` bytes that holds `marker` to `each`, in
/// order: for each occurrence, the objects around it from the innermost out, until `each`
/// says it was an element (true). Reads the bytes once, in 1 MiB buffers, and parses only
/// those objects.
pub fn context(
    file: &mut File,
    upto: u64,
    marker: &[u8],
    mut each: impl FnMut(&[u8]) -> bool,
) -> io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    let finder = memchr::memmem::Finder::new(marker);
    let mut reader = file.by_ref().take(upto);
    let mut buf: Vec<u8> = Vec::with_capacity(PROBE + 2 * ELEMENT);
    let mut searched = 0;
    loop {
        let before = buf.len();
        reader.by_ref().take(PROBE as u64).read_to_end(&mut buf)?;
        let eof = buf.len() == before;
        // An occurrence this close to the end waits for more bytes: its element may go on.
        let limit = if eof {
            buf.len()
        } else {
            buf.len().saturating_sub(ELEMENT)
        };
        let mut from = searched;
        while let Some(at) = finder.find(&buf[from..]) {
            let hit = from + at;
            if hit >= limit {
                break;
            }
            from = hit + marker.len();
            around(&buf, hit, &mut each);
        }
        searched = limit.max(searched);
        if eof {
            return Ok(());
        }
        let drop = searched.saturating_sub(ELEMENT);
        buf.drain(..drop);
        searched -= drop;
    }
}

/// The objects around `hit`, innermost first, to `each` until it takes one.
fn around(buf: &[u8], hit: usize, each: &mut impl FnMut(&[u8]) -> bool) {
    let low = hit.saturating_sub(ELEMENT);
    let window = &buf[..buf.len().min(hit + ELEMENT)];
    let mut to = hit;
    while let Some(at) = memchr::memrchr(b'{', &buf[low..to]) {
        let open = low + at;
        to = open;
        if !starts_object(&buf[open + 1..]) {
            continue;
        }
        let Some(close) = object_end(window, open) else {
            continue;
        };
        if close > hit && each(&buf[open..close]) {
            return;
        }
    }
}

/// Whether the bytes after a `{` begin a key: blanks, `"`, then a character that cannot
/// follow a string's closing quote.
fn starts_object(rest: &[u8]) -> bool {
    let mut it = rest.iter().skip_while(|b| b.is_ascii_whitespace());
    it.next() == Some(&b'"')
        && it
            .next()
            .is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b':') && !b.is_ascii_whitespace())
}

/// The index just past the object that opens at `open`, if it ends in `buf`.
fn object_end(buf: &[u8], open: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in buf.iter().enumerate().skip(open) {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_starts_are_told_from_string_ends() {
        assert!(starts_object(b" \"id\": 1}"));
        assert!(!starts_object(b"\", \"x\": 1"));
        assert!(!starts_object(b"\": 1"));
        assert!(!starts_object(b"}"));
        assert_eq!(
            object_end(b"{\"a\": \"}{\\\"\", \"b\": [{}]} ,", 0),
            Some(24)
        );
        assert_eq!(object_end(b"{\"a\": 1", 0), None);
    }
}

#[cfg(test)]
mod bisection {
    use std::fmt::Write as _;

    use super::super::super::source::SourceRead;
    use super::super::super::{
        LineContext, Window, discord::Discord, matrix::Matrix, pagerduty::Pagerduty, read,
    };
    use super::super::read_file;

    /// A DiscordChatExporter file of `n` messages a minute apart from 2026-01-01, with a
    /// nested author object and attachments whose objects have no time.
    fn export(n: i64) -> String {
        let mut s = String::from(
            "{\n  \"guild\": {\"id\": \"1\"},\n  \"channel\": {\"id\": \"2\"},\n  \"messages\": [\n",
        );
        let start: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        for i in 0..n {
            let at = start + chrono::TimeDelta::minutes(i);
            let _ = write!(
                s,
                "{}    {{\"id\": \"{i}\", \"type\": \"Default\", \"timestamp\": \"{}\", \"content\": \"msg {i} {{\\\"id\\\": 1}} padding padding padding padding\", \"author\": {{\"id\": \"1\", \"name\": \"ann\"}}, \"attachments\": [{{\"id\": \"a\", \"fileName\": \"x.png\"}}]}}",
                if i == 0 { "" } else { ",\n" },
                at.to_rfc3339()
            );
        }
        s.push_str("\n  ],\n  \"messageCount\": 0\n}\n");
        s
    }

    #[test]
    fn bisection_keeps_what_reading_everything_keeps() {
        let text = export(60_000);
        assert!(text.len() as u64 > super::BISECT_FROM);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ops.json");
        std::fs::write(&path, &text).unwrap();
        let all = read(
            &mut Discord::default(),
            text.as_bytes(),
            chrono_tz::UTC,
            None,
        );
        for (since, until) in [
            ("2026-01-20T10:00:00Z", "2026-01-20T12:00:00Z"),
            ("2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"),
            ("2026-02-11T15:00:00Z", "2026-02-12T00:00:00Z"),
            ("2025-12-01T00:00:00Z", "2025-12-02T00:00:00Z"),
        ] {
            let w = Window {
                since: since.parse().unwrap(),
                until: until.parse().unwrap(),
            };
            let mut out = SourceRead::default();
            let mut ctx = LineContext::new(chrono_tz::UTC);
            let stats = read_file(&path, &mut Discord::default(), &mut ctx, &w, &mut out).unwrap();
            if since.starts_with("2026-01-20") {
                // Entered by bisection: a small part of the file was looked at.
                assert!(stats.parsed < 2_000, "{}", stats.parsed);
            }
            let got: Vec<String> = out.entries.iter().map(|e| e.text).collect();
            let want: Vec<String> = all
                .entries
                .iter()
                .filter(|e| w.contains(e))
                .map(|e| e.text.clone())
                .collect();
            assert_eq!(got, want, "{since}");
        }
    }

    /// An Element export of `n` messages a minute apart from 2026-01-01 by three members,
    /// whose display names are set (and one changed) by membership events near its start.
    fn matrix_export(n: i64) -> String {
        let mut s = String::from("{\n  \"room_name\": \"ops\",\n  \"messages\": [\n");
        let start = 1_767_225_600_000i64; // 2026-01-01T00:00:00Z
        let member = |who: &str, name: &str, ts: i64| {
            format!(
                "    {{\"type\": \"m.room.member\", \"sender\": \"@{who}:x.org\", \"state_key\": \"@{who}:x.org\", \"origin_server_ts\": {ts}, \"content\": {{\"membership\": \"join\", \"displayname\": \"{name}\"}}}},\n"
            )
        };
        s.push_str(&member("ann", "Ann Lima", start - 3000));
        s.push_str(&member("ben", "Ben", start - 2000));
        s.push_str(&member("cho", "Cho", start - 1000));
        for i in 0..n {
            if i == 100 {
                s.push_str(&member("ben", "Ben Okafor", start + i * 60_000 - 1));
            }
            let who = ["ann", "ben", "cho"][i as usize % 3];
            let _ = write!(
                s,
                "{}    {{\"type\": \"m.room.message\", \"sender\": \"@{who}:x.org\", \"origin_server_ts\": {}, \"content\": {{\"msgtype\": \"m.text\", \"body\": \"msg {i} padding padding padding padding padding\"}}}}",
                if i == 0 { "" } else { ",\n" },
                start + i * 60_000
            );
        }
        s.push_str("\n  ]\n}\n");
        s
    }

    #[test]
    fn after_bisection_matrix_senders_keep_their_display_names() {
        let text = matrix_export(80_000);
        assert!(text.len() as u64 > super::BISECT_FROM);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ops.json");
        std::fs::write(&path, &text).unwrap();
        let w = Window {
            since: "2026-02-10T10:00:00Z".parse().unwrap(),
            until: "2026-02-10T12:00:00Z".parse().unwrap(),
        };
        let mut out = SourceRead::default();
        let mut ctx = LineContext::new(chrono_tz::UTC);
        let stats = read_file(&path, &mut Matrix::default(), &mut ctx, &w, &mut out).unwrap();
        assert!(
            stats.parsed < 2_000,
            "entered by bisection: {}",
            stats.parsed
        );
        let all = read(
            &mut Matrix::default(),
            text.as_bytes(),
            chrono_tz::UTC,
            None,
        );
        let want: Vec<(String, String)> = all
            .entries
            .iter()
            .filter(|e| w.contains(e))
            .map(|e| (e.nick.clone(), e.text.clone()))
            .collect();
        let got: Vec<(String, String)> = out.entries.iter().map(|e| (e.nick, e.text)).collect();
        assert_eq!(got, want);
        let nicks: std::collections::BTreeSet<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            nicks.into_iter().collect::<Vec<_>>(),
            ["Ann Lima", "Ben Okafor", "Cho"]
        );
    }

    /// PagerDuty log entries, two a minute (both of one second) from 2026-01-01, newest
    /// first (`descending`) or oldest first.
    fn pagerduty_export(n: i64, descending: bool) -> String {
        let mut s = String::from("{\"log_entries\": [\n");
        let start: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let order: Vec<i64> = if descending {
            (0..n).rev().collect()
        } else {
            (0..n).collect()
        };
        for (k, i) in order.into_iter().enumerate() {
            let at = start + chrono::TimeDelta::minutes(i / 2);
            let _ = write!(
                s,
                "{}  {{\"id\": \"R{i}\", \"type\": \"annotate_log_entry\", \"summary\": \"Note added\", \"created_at\": \"{}\", \"agent\": {{\"type\": \"user_reference\", \"summary\": \"Ann\"}}, \"channel\": {{\"type\": \"note\", \"summary\": \"note {i} padding padding padding padding padding\"}}}}",
                if k == 0 { "" } else { ",\n" },
                at.format("%Y-%m-%dT%H:%M:%SZ")
            );
        }
        s.push_str("\n], \"limit\": 100, \"offset\": 0, \"more\": false}\n");
        s
    }

    #[test]
    fn pagerduty_bisection_either_way_keeps_what_reading_everything_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let start: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let minutes = chrono::TimeDelta::minutes;
        for n in [3_000, 40_000, 70_000] {
            for descending in [true, false] {
                let text = pagerduty_export(n, descending);
                let big = text.len() as u64 > super::BISECT_FROM;
                assert_eq!(big, n > 3_000, "{}", text.len());
                let path = dir.path().join(format!("pd-{n}-{descending}.json"));
                std::fs::write(&path, &text).unwrap();
                let all = read(&mut Pagerduty, text.as_bytes(), chrono_tz::UTC, None);
                let last = start + minutes((n - 1) / 2);
                let middle = start + minutes(n / 4);
                for (name, since, until) in [
                    ("start", start - minutes(30), start + minutes(60)),
                    ("middle", middle, middle + minutes(120)),
                    ("end", last - minutes(90), last + minutes(30)),
                    ("before", start - minutes(600), start - minutes(300)),
                    ("after", last + minutes(300), last + minutes(600)),
                ] {
                    let w = Window { since, until };
                    let mut out = SourceRead::default();
                    let mut ctx = LineContext::new(chrono_tz::UTC);
                    let stats = read_file(&path, &mut Pagerduty, &mut ctx, &w, &mut out).unwrap();
                    let what = format!("{n} entries, descending {descending}, window {name}");
                    if big && name == "middle" {
                        assert!(stats.parsed < 2_000, "bisected: {} ({what})", stats.parsed);
                    }
                    let got: Vec<(String, String)> = out
                        .entries
                        .iter()
                        .map(|e| (e.at.to_rfc3339(), e.text))
                        .collect();
                    // Oldest first, and of one second in the order they happened (the
                    // reverse of the file's: the reader takes every file as newest first).
                    let mut want: Vec<(String, String)> = all
                        .entries
                        .iter()
                        .filter(|e| w.contains(e))
                        .map(|e| (e.at.to_rfc3339(), e.text.clone()))
                        .collect();
                    want.reverse();
                    assert_eq!(got, want, "{what}");
                    if name == "middle" {
                        assert_eq!(got.len(), 242, "{what}");
                    }
                }
            }
        }
    }
}
