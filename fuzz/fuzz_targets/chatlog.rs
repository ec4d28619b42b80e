//! The checks every chat log fuzz target runs: bytes through `chatlog::read` (hygiene, the
//! format's `parse_line`), `detect` and `day_marker`, for the one format a target names.

#![allow(dead_code)]

use chrono::NaiveDate;
use pm::chatlog::{Parsed, Transcript, clean_line, read};

/// The day the per-day formats are read on: Berlin springs forward that night.
fn seed() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 3, 29)
}

/// Feeds `data` to the format `name` and checks what comes out.
pub fn check(name: &str, data: &[u8]) {
    let fresh = || pm::chatlog::by_name(name).expect("a known format");

    // Detection looks at cleaned first lines; it must not panic.
    let first: Vec<String> = data
        .split(|&b| b == b'\n')
        .take(20)
        .map(clean_line)
        .collect();
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    let _ = fresh().detect(&first);

    let body = data.strip_suffix(b"\n").unwrap_or(data);
    let raw: Vec<&[u8]> = if body.is_empty() {
        Vec::new()
    } else {
        body.split(|&b| b == b'\n').collect()
    };

    let berlin = read(fresh().as_mut(), data, chrono_tz::Europe::Berlin, seed());
    check_numbers(&berlin, raw.len());
    let utc = read(fresh().as_mut(), data, chrono_tz::UTC, seed());
    check_numbers(&utc, raw.len());
    // The zone moves instants, never which lines are entries.
    let lines = |t: &Transcript| t.entries.iter().map(|e| e.line).collect::<Vec<_>>();
    assert_eq!(
        lines(&berlin),
        lines(&utc),
        "the zone changed which lines are entries"
    );
    assert_eq!(
        berlin.unparsed, utc.unparsed,
        "the zone changed which lines are unparsed"
    );

    // `day_marker` against parsing, line by line, on lines that hygiene leaves as they are.
    let marker = fresh();
    let mut parser = fresh();
    let mut ctx = pm::chatlog::LineContext::new(chrono_tz::UTC);
    ctx.date = seed();
    for (i, bytes) in raw.iter().enumerate() {
        ctx.line = i + 1;
        let mark = marker.day_marker(bytes);
        let line = clean_line(bytes);
        let parsed = parser.parse_line(&line, &mut ctx);
        if let Parsed::DateChange(day) = parsed {
            ctx.date = Some(day);
        }
        let plain = std::str::from_utf8(bytes).is_ok_and(|text| {
            let text = text.strip_suffix('\r').unwrap_or(text);
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            text == line && !text.contains('\r')
        });
        if !plain {
            continue;
        }
        match (name, &parsed) {
            // Header lines: the marker is exactly the day the parser changes to.
            ("irssi", _) => {
                let change = match parsed {
                    Parsed::DateChange(day) => Some(day),
                    _ => None,
                };
                assert_eq!(mark, change, "irssi marker and parser disagree on {line:?}");
            }
            // Dates on the line: an entry's (UTC-read) day is the marker's.
            ("weechat" | "limnoria", Parsed::Entry(e)) => {
                assert_eq!(
                    mark,
                    Some(e.at.date_naive()),
                    "{name}: marker differs on {line:?}"
                );
            }
            ("textual", Parsed::Entry(_)) => {
                assert!(
                    mark.is_some(),
                    "textual: no marker on a stamped line {line:?}"
                );
            }
            ("znc" | "irclogs" | "hexchat", _) => {
                assert_eq!(mark, None, "{name}: a marker on {line:?}")
            }
            _ => {}
        }
    }
}

/// Line numbers are in range and in order, and no line is both an entry and unparsed.
fn check_numbers(t: &Transcript, count: usize) {
    for pair in t.entries.windows(2) {
        assert!(pair[0].line < pair[1].line, "entry lines out of order");
    }
    for pair in t.unparsed.windows(2) {
        assert!(pair[0] < pair[1], "unparsed lines out of order");
    }
    for e in &t.entries {
        assert!(
            (1..=count).contains(&e.line),
            "entry line {} of {count}",
            e.line
        );
        assert!(
            t.unparsed.binary_search(&e.line).is_err(),
            "line {} both",
            e.line
        );
    }
    for &n in &t.unparsed {
        assert!((1..=count).contains(&n), "unparsed line {n} of {count}");
    }
    assert!(t.entries.len() + t.unparsed.len() <= count);
}
