//! Chat exports that are one JSON document (DiscordChatExporter, Element, PagerDuty) read
//! as a stream: a small scanner walks the document and hands each element of the arrays
//! that hold entries (`messages`, `log_entries`) to serde_json one at a time, so memory
//! stays at one element however large the export.
//!
//! The scanner does not check the JSON around those arrays beyond the nesting of brackets;
//! each element is parsed (and so checked) by serde_json. Inside strings it jumps from quote
//! to quote with `memchr`, and an element whose time [`Format::quick_time`] finds outside
//! the window is dropped without being parsed. Several documents one after another (pages
//! of an API response saved into one file) are read in turn.

use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

use super::source::{FileStats, SHOWN_LINES, SourceRead};
use super::{Entry, Format, LineContext, Parsed, Window};
use crate::error::{Error, Result};

mod seek;

/// One element larger than this ends the read (memory stays bounded even in a document that
/// is one endless message).
pub const MAX_ELEMENT_BYTES: usize = 16 << 20;
const READ_BUFFER: usize = 256 << 10;

/// One array element, raw, with the line it starts on.
pub struct Element<'a> {
    pub raw: &'a [u8],
    pub line: usize,
}

/// How a document ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    Complete,
    /// `each` asked to stop.
    Stopped,
    /// The input ended inside the element that starts on this line, or before its arrays
    /// were closed (a download cut short): what came before was read.
    CutShort {
        line: usize,
    },
}

enum Frame {
    Object { key: Vec<u8>, want_key: bool },
    Array { entries: bool },
}

/// Where the reader starts in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// At its start.
    Start,
    /// At an element of an entries array directly inside the top-level object (a place
    /// bisection found).
    Element,
}

/// Calls `each` with every object element of an array stored under one of `keys`, at any
/// depth, in document order, until it returns `false`.
pub fn for_each_element(
    mut reader: impl BufRead,
    path: &Path,
    keys: &[&str],
    from: From,
    mut each: impl FnMut(Element<'_>) -> Result<bool>,
) -> Result<End> {
    let mut stack: Vec<Frame> = Vec::new();
    if from == From::Element {
        stack.push(Frame::Object {
            key: Vec::new(),
            want_key: false,
        });
        stack.push(Frame::Array { entries: true });
    }
    let mut line = 1usize;
    // Outside elements: whether in a string, and whether that string is an object's key.
    let (mut in_string, mut escaped, mut is_key) = (false, false, false);
    let mut key: Vec<u8> = Vec::new();
    // Inside an element: its bytes, depth and string state.
    let mut element: Vec<u8> = Vec::new();
    let mut element_line = 0usize;
    let (mut depth, mut e_string, mut e_escaped) = (0usize, false, false);
    let mut first = true;
    loop {
        let (chunk, mut i) = next_chunk(&mut reader, path, &mut first)?;
        if chunk.is_empty() {
            break;
        }
        let len = chunk.len();
        while i < len {
            if depth > 0 {
                // Copy the element up to its end, jumping through strings.
                let start = i;
                while i < len && depth > 0 {
                    if e_string {
                        if e_escaped {
                            // A backslash ended the previous chunk: this byte is escaped.
                            e_escaped = false;
                            i += 1;
                            continue;
                        }
                        match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                            None => i = len,
                            Some(at) => {
                                let b = chunk[i + at];
                                i += at + 1;
                                if b == b'\\' {
                                    // Skip the escaped byte (it may be a quote).
                                    if i < len {
                                        i += 1;
                                    } else {
                                        e_escaped = true;
                                    }
                                } else {
                                    e_string = false;
                                }
                            }
                        }
                        continue;
                    }
                    match chunk[i] {
                        b'"' => e_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        b'\n' => line += 1,
                        _ => {}
                    }
                    i += 1;
                }
                element.extend_from_slice(&chunk[start..i]);
                if element.len() > MAX_ELEMENT_BYTES {
                    return Err(Error::user(format!(
                        "{}:{element_line}: an entry over {} MiB; pm refuses it",
                        path.display(),
                        MAX_ELEMENT_BYTES >> 20
                    ))
                    .with_hint(
                        "a chat message is at most a few hundred kB; is this a chat export?",
                    ));
                }
                if depth == 0 {
                    let go_on = each(Element {
                        raw: &element,
                        line: element_line,
                    })?;
                    element.clear();
                    if !go_on {
                        return Ok(End::Stopped);
                    }
                }
                continue;
            }
            if in_string {
                if escaped {
                    escaped = false;
                    i += 1;
                    continue;
                }
                match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                    None => {
                        if is_key && key.len() < 64 {
                            key.extend_from_slice(&chunk[i..]);
                        }
                        i = len;
                    }
                    Some(at) => {
                        let b = chunk[i + at];
                        if is_key && key.len() < 64 {
                            key.extend_from_slice(&chunk[i..i + at]);
                        }
                        i += at + 1;
                        if b == b'\\' {
                            // An escape in a key makes it no key we look for.
                            key.push(0);
                            if i < len {
                                i += 1;
                            } else {
                                escaped = true;
                            }
                        } else {
                            in_string = false;
                            if is_key && let Some(Frame::Object { key: k, .. }) = stack.last_mut() {
                                std::mem::swap(k, &mut key);
                            }
                            key.clear();
                        }
                    }
                }
                continue;
            }
            let b = chunk[i];
            i += 1;
            match b {
                b'\n' => line += 1,
                b'"' => {
                    in_string = true;
                    is_key = matches!(stack.last(), Some(Frame::Object { want_key: true, .. }));
                    key.clear();
                }
                b':' => {
                    if let Some(Frame::Object { want_key, .. }) = stack.last_mut() {
                        *want_key = false;
                    }
                }
                b',' => {
                    if let Some(Frame::Object { want_key, .. }) = stack.last_mut() {
                        *want_key = true;
                    }
                }
                b'{' => {
                    if matches!(stack.last(), Some(Frame::Array { entries: true })) {
                        depth = 1;
                        element.clear();
                        element.push(b'{');
                        element_line = line;
                        e_string = false;
                        e_escaped = false;
                    } else {
                        stack.push(Frame::Object {
                            key: Vec::new(),
                            want_key: true,
                        });
                    }
                }
                b'[' => {
                    let entries = match stack.last() {
                        Some(Frame::Object { key, .. }) => keys.iter().any(|k| k.as_bytes() == key),
                        // A top-level array: pages of an API response saved together.
                        _ => false,
                    };
                    stack.push(Frame::Array { entries });
                }
                b'}' | b']' => {
                    let fits = matches!(
                        (stack.pop(), b),
                        (Some(Frame::Object { .. }), b'}') | (Some(Frame::Array { .. }), b']')
                    );
                    if !fits {
                        return Err(Error::user(format!(
                            "{}:{line}: invalid JSON: `{}` does not close what is open there",
                            path.display(),
                            b as char
                        ))
                        .with_hint("the file may be edited by hand or not JSON; export it again"));
                    }
                }
                _ => {}
            }
        }
        reader.consume(len);
    }
    if depth > 0 {
        return Ok(End::CutShort { line: element_line });
    }
    if !stack.is_empty() || in_string {
        return Ok(End::CutShort { line });
    }
    Ok(End::Complete)
}

/// The next chunk of a streamed file (an interrupted read is retried; empty at its end)
/// and where its text starts: after a byte-order mark at the start of the first chunk
/// (`first`, cleared here).
pub(crate) fn next_chunk<'r>(
    reader: &'r mut impl BufRead,
    path: &Path,
    first: &mut bool,
) -> Result<(&'r [u8], usize)> {
    loop {
        match reader.fill_buf() {
            Ok(_) => break,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(Error::io(path, err)),
        }
    }
    // Filled above: this returns the buffer without reading (a loop cannot return the
    // borrow it takes on each turn).
    let chunk = reader.fill_buf().map_err(|err| Error::io(path, err))?;
    let start = if std::mem::take(first) && chunk.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    Ok((chunk, start))
}

/// Reads one JSON-document file through `format`, keeping the entries in the window.
///
/// A large export whose format writes messages in time order ([`Format::ordered`]) is
/// entered by bisection (see [`seek`]) and read only from shortly before the window to
/// shortly after it; if the times it meets there go backwards by more than the margin, the
/// file is read from its start instead. A file whose last element is older than its first
/// (PagerDuty lists newest first) is bisected the other way: read from shortly after the
/// window's end until shortly before its start ([`seek::order`]).
pub fn read_file(
    path: &Path,
    format: &mut dyn Format,
    ctx: &mut LineContext,
    window: &Window,
    out: &mut SourceRead,
) -> Result<FileStats> {
    let io = |e| Error::io(path, e);
    let len = std::fs::metadata(path).map_err(io)?.len();
    if format.ordered() && len >= seek::BISECT_FROM {
        let mut file = File::open(path).map_err(io)?;
        let order = seek::order(&mut file, len, format).map_err(io)?;
        let target = match order {
            seek::Order::Ascending => window.since - seek::MARGIN,
            seek::Order::Descending => window.until + seek::MARGIN,
        };
        if let Some(start) = seek::start(&mut file, len, format, order, target).map_err(io)? {
            let first = out.entries.len();
            if let Some(marker) = format.context_marker() {
                // Display names and the like from before the part read: parsed for the
                // format's memory, their entries dropped.
                seek::context(&mut file, start, marker, |raw| {
                    let Ok(value) = serde_json::from_slice::<Value>(raw) else {
                        return false;
                    };
                    !matches!(format.parse_value(value, ctx), Parsed::Unparsed)
                })
                .map_err(io)?;
            }
            let mut reader = BufReader::with_capacity(READ_BUFFER, file);
            reader.seek(SeekFrom::Start(start)).map_err(io)?;
            if let Some(mut stats) = pass(reader, path, format, ctx, window, out, Some(order))? {
                if format.newest_first() {
                    out.entries.reverse_from(first);
                }
                if start > 0 && (stats.unparsed > 0 || stats.note.is_some()) {
                    let before = seek::count_lines(path, start).map_err(io)?;
                    stats.unparsed_lines.iter_mut().for_each(|n| *n += before);
                    stats.note = stats
                        .note
                        .map(|n| format!("{n} (lines counted from byte {start})"));
                }
                return Ok(stats);
            }
            out.entries.truncate(first);
        }
    }
    let file = File::open(path).map_err(io)?;
    let reader = BufReader::with_capacity(READ_BUFFER, file);
    let first = out.entries.len();
    let stats = pass(reader, path, format, ctx, window, out, None)?.unwrap_or_default();
    if format.newest_first() {
        // Oldest first, so entries of the same second keep the order they happened in
        // through the (stable) sort by time (the same after bisection, above).
        out.entries.reverse_from(first);
    }
    Ok(stats)
}

/// One reading of a file. `trusted`: the reader starts at an element bisection found in a
/// file of that order, and stops past the window (after its end in an ascending file, before
/// its start in a descending one); `None` when the times went against the order (read it
/// all instead).
fn pass(
    reader: impl BufRead,
    path: &Path,
    format: &mut dyn Format,
    ctx: &mut LineContext,
    window: &Window,
    out: &mut SourceRead,
    trusted: Option<seek::Order>,
) -> Result<Option<FileStats>> {
    let mut stats = FileStats {
        path: path.to_path_buf(),
        format: format.name().to_string(),
        ..FileStats::default()
    };
    // A quick time a little outside the window still gets parsed: the element's own time
    // decides.
    let since = crate::time::add_saturating(window.since, -TimeDelta::minutes(1));
    let until = crate::time::add_saturating(window.until, TimeDelta::minutes(1));
    let unparsed = |stats: &mut FileStats, line: usize| {
        stats.unparsed += 1;
        if stats.unparsed_lines.len() < SHOWN_LINES {
            stats.unparsed_lines.push(line);
        }
    };
    let keys = format.json_arrays();
    let from = if trusted.is_some() {
        From::Element
    } else {
        From::Start
    };
    // The furthest time met in the file's order (latest ascending, earliest descending).
    let mut furthest: Option<DateTime<Utc>> = None;
    let mut disordered = false;
    let end = for_each_element(reader, path, keys, from, |element| {
        let quick = format.quick_time(element.raw);
        if let Some(order) = trusted
            && let Some(at) = quick
        {
            let (back, past) = match order {
                seek::Order::Ascending => (
                    furthest.is_some_and(|f| at < f - seek::MARGIN),
                    at > window.until + seek::MARGIN,
                ),
                seek::Order::Descending => (
                    furthest.is_some_and(|f| at > f + seek::MARGIN),
                    at < window.since - seek::MARGIN,
                ),
            };
            if back {
                disordered = true;
                return Ok(false);
            }
            furthest = Some(match (order, furthest) {
                (_, None) => at,
                (seek::Order::Ascending, Some(f)) => f.max(at),
                (seek::Order::Descending, Some(f)) => f.min(at),
            });
            if past {
                return Ok(false);
            }
        }
        if let Some(at) = quick
            && (at < since || at > until)
        {
            stats.parsed += 1;
            return Ok(true);
        }
        ctx.line = element.line;
        let value: Value = match serde_json::from_slice(element.raw) {
            Ok(value) => value,
            Err(err) => {
                let line = element.line + err.line().saturating_sub(1);
                return Err(Error::user(format!(
                    "{}:{line}:{}: invalid JSON: {}",
                    path.display(),
                    err.column(),
                    serde_message(&err)
                ))
                .with_hint(
                    "the file may be cut short or edited by hand; export it again, or fix the JSON at that position",
                ));
            }
        };
        let mut keep = |stats: &mut FileStats, entry: Entry| {
            stats.parsed += 1;
            if window.contains(&entry) {
                out.entries.push(entry);
            }
        };
        match format.parse_value(value, ctx) {
            Parsed::Entry(entry) => keep(&mut stats, entry),
            Parsed::Entries(entries) => entries.into_iter().for_each(|e| keep(&mut stats, e)),
            Parsed::Unparsed | Parsed::Undated => unparsed(&mut stats, element.line),
            Parsed::DateChange(_) | Parsed::Continuation(_) | Parsed::Skip => {}
        }
        Ok(true)
    })?;
    if disordered {
        return Ok(None);
    }
    if let End::CutShort { line } = end {
        stats.note = Some(format!(
            "the file ends inside the entry that starts at line {line} (cut short?): the entries before it are imported"
        ));
    }
    Ok(Some(stats))
}

fn serde_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

/// The string value of the first `"key":` in raw JSON bytes (no escapes in it).
pub fn quick_string<'a>(raw: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let after = quick_value(raw, key)?;
    let rest = after.strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    Some(&rest[..end])
}

/// The bytes after the first `"key":` (and blanks) in raw JSON bytes.
pub fn quick_value<'a>(raw: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut pattern = Vec::with_capacity(key.len() + 2);
    pattern.push(b'"');
    pattern.extend_from_slice(key);
    pattern.push(b'"');
    let at = memchr::memmem::find(raw, &pattern)?;
    let rest = &raw[at + pattern.len()..];
    let rest = rest.trim_ascii_start().strip_prefix(b":")?;
    Some(rest.trim_ascii_start())
}

/// The digits of the first `"key": 123` in raw JSON bytes.
pub fn quick_number(raw: &[u8], key: &[u8]) -> Option<i64> {
    let rest = quick_value(raw, key)?;
    let end = rest
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(rest.len());
    std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
}

/// Whether the first lines of a file (as detection sees them) hold `"key"`: JSON formats
/// are told apart by the keys near their start.
pub fn head_has(first_lines: &[&str], key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    first_lines.iter().any(|l| l.contains(&quoted))
}

/// Whether the first non-blank character of a file is `{` or `[`.
pub fn starts_json(first_lines: &[&str]) -> bool {
    first_lines
        .iter()
        .map(|l| l.trim_start())
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with(['{', '[']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(json: &str, keys: &[&str], capacity: usize) -> (Vec<(String, usize)>, End) {
        let mut got = Vec::new();
        let reader = BufReader::with_capacity(capacity, json.as_bytes());
        let end = for_each_element(reader, Path::new("t.json"), keys, From::Start, |e| {
            got.push((String::from_utf8_lossy(e.raw).into_owned(), e.line));
            Ok(true)
        })
        .unwrap();
        (got, end)
    }

    #[test]
    fn elements_of_the_named_arrays_at_any_depth() {
        let json = "{\"guild\": {\"messages\": 1},\n \"x\": [{\"messages\": []}],\n \"messages\": [\n  {\"id\": \"1\", \"s\": \"]}\\\"{\"},\n  {\"id\": \"2\", \"a\": [{}]}, 7, \"x\"\n ]}";
        for capacity in [1, 2, 3, 7, 64, 4096] {
            let (got, end) = elements(json, &["messages"], capacity);
            assert_eq!(end, End::Complete);
            assert_eq!(
                got,
                [
                    ("{\"id\": \"1\", \"s\": \"]}\\\"{\"}".to_string(), 4),
                    ("{\"id\": \"2\", \"a\": [{}]}".to_string(), 5)
                ],
                "capacity {capacity}"
            );
        }
    }

    #[test]
    fn pages_one_after_another_and_arrays_of_pages() {
        let json = "[{\"log_entries\": [{\"a\": 1}]}, {\"log_entries\": [{\"a\": 2}]}]\n{\"log_entries\": [{\"a\": 3}]}";
        let (got, end) = elements(json, &["log_entries"], 5);
        assert_eq!(end, End::Complete);
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn a_cut_short_file_says_where() {
        let (got, end) = elements(
            "{\"messages\": [{\"a\": 1},\n{\"a\": \"unfinish",
            &["messages"],
            8,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(end, End::CutShort { line: 2 });
        let (_, end) = elements("{\"messages\": [{\"a\": 1}", &["messages"], 8);
        assert!(matches!(end, End::CutShort { .. }));
        let err = for_each_element(&b"{]"[..], Path::new("t.json"), &["m"], From::Start, |_| {
            Ok(true)
        })
        .unwrap_err();
        assert!(
            err.message.starts_with("t.json:1: invalid JSON"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_key_with_escapes_is_not_a_key_we_look_for() {
        let (got, _) = elements("{\"mess\\u0061ges\": [{\"a\": 1}]}", &["messages"], 4096);
        assert!(got.is_empty());
    }

    #[test]
    fn quick_fields() {
        let raw = br#"{"id": "1", "timestamp" : "2026-03-14T09:00:00+01:00", "ts": 1773478800000}"#;
        assert_eq!(
            quick_string(raw, b"timestamp"),
            Some(&b"2026-03-14T09:00:00+01:00"[..])
        );
        assert_eq!(quick_number(raw, b"ts"), Some(1_773_478_800_000));
        assert_eq!(quick_number(raw, b"nope"), None);
    }
}
