//! JSON-lines exports dated by a key (Mattermost's `"create_at": 1773479530000`, in ms)
//! read for a window without looking at most lines: the file is read in large buffers, one
//! search for the quoted key runs over a whole buffer and one search for line ends beside
//! it, and a line is decoded and parsed only when one of its key's values falls in the
//! window (give or take a minute), or when it has no such key at all (records that are not
//! posts, or a post without a time, which its parser reports).
//!
//! A post with thread replies carries the replies' times on its own line, so a reply in the
//! window brings its line in even when the post is older. The export's order does not
//! matter: `mmctl export` writes posts in the order of their ids, which are random, so
//! there is nothing to bisect; this is a filter at the speed of the two byte searches.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc;

use chrono::TimeDelta;
use memchr::memmem::Finder;

use super::source::{FileStats, SHOWN_LINES, SourceRead};
use super::{Format, LineContext, Parsed, Window, clean_line};

/// The buffers a file is read through.
const CHUNK: usize = 1 << 20;
/// A line longer than this is counted as unparseable and skipped (memory stays bounded in a
/// file without line ends).
pub const MAX_LINE: usize = 16 << 20;

/// Reads `path` through `format`, whose [`Format::time_key`] is `key`, keeping the entries
/// in the window.
///
/// A second thread reads the file (the copy out of the page cache is as much work as the
/// scan) while this one scans what it read.
pub fn read_file(
    path: &Path,
    key: &str,
    format: &mut dyn Format,
    ctx: &mut LineContext,
    window: &Window,
    out: &mut SourceRead,
) -> io::Result<FileStats> {
    read_chunked(path, key, format, ctx, window, out, CHUNK)
}

fn read_chunked(
    path: &Path,
    key: &str,
    format: &mut dyn Format,
    ctx: &mut LineContext,
    window: &Window,
    out: &mut SourceRead,
    chunk: usize,
) -> io::Result<FileStats> {
    let mut file = File::open(path)?;
    let needle = format!("\"{key}\"");
    let finder = Finder::new(&needle);
    let mut scan = Scan {
        since: (window.since - TimeDelta::minutes(1)).timestamp_millis(),
        until: (window.until + TimeDelta::minutes(1)).timestamp_millis(),
        format,
        ctx,
        window,
        out,
        stats: FileStats {
            path: path.to_path_buf(),
            ..FileStats::default()
        },
        line: 0,
        pending: Vec::new(),
        dropping: false,
    };
    scan.stats.format = scan.format.name().to_string();
    // Full buffers go to the scan, two at most in flight; read ones come back for reuse.
    let (full_tx, full_rx) = mpsc::sync_channel::<io::Result<Vec<u8>>>(2);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|threads| {
        threads.spawn(move || {
            loop {
                let mut buf = empty_rx.try_recv().unwrap_or_default();
                buf.resize(chunk, 0);
                let mut filled = 0;
                let result = loop {
                    match file.read(&mut buf[filled..]) {
                        Ok(0) => break Ok(()),
                        Ok(n) => {
                            filled += n;
                            if filled == chunk {
                                break Ok(());
                            }
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => break Err(e),
                    }
                };
                buf.truncate(filled);
                let last = filled < chunk;
                let sent = match result {
                    Ok(()) => full_tx.send(Ok(buf)),
                    Err(e) => full_tx
                        .send(Err(e))
                        .and(Err(mpsc::SendError(Ok(Vec::new())))),
                };
                // The scan stopped, the file ended, or reading failed.
                if sent.is_err() || last {
                    return;
                }
            }
        });
        for buf in full_rx {
            let buf = buf?;
            scan.chunk(&finder, &buf);
            // The scan keeps going if the reader has gone: it sends no more then.
            let _ = empty_tx.send(buf);
        }
        if !scan.pending.is_empty() && !scan.dropping {
            let last = std::mem::take(&mut scan.pending);
            scan.region(&finder, &last);
        }
        Ok::<(), io::Error>(())
    })?;
    Ok(scan.stats)
}

struct Scan<'a> {
    /// The window, widened by a minute, in ms.
    since: i64,
    until: i64,
    format: &'a mut dyn Format,
    ctx: &'a mut LineContext,
    window: &'a Window,
    out: &'a mut SourceRead,
    stats: FileStats,
    /// Lines read so far.
    line: usize,
    /// The start of a line that the previous buffer cut.
    pending: Vec<u8>,
    /// Inside a line longer than [`MAX_LINE`] (counted): its bytes are dropped to its end.
    dropping: bool,
}

impl Scan<'_> {
    /// The next buffer of the file: the line the last one cut is completed, the whole lines
    /// scanned, and the start of the line this one cuts kept.
    fn chunk(&mut self, finder: &Finder<'_>, buf: &[u8]) {
        let mut rest = buf;
        if self.dropping || !self.pending.is_empty() {
            let Some(end) = memchr::memchr(b'\n', rest) else {
                self.carry(rest);
                return;
            };
            if self.dropping {
                self.dropping = false;
            } else {
                let mut line = std::mem::take(&mut self.pending);
                line.extend_from_slice(&rest[..=end]);
                self.region(finder, &line);
                line.clear();
                self.pending = line;
            }
            rest = &rest[end + 1..];
        }
        match memchr::memrchr(b'\n', rest) {
            Some(last) => {
                self.region(finder, &rest[..=last]);
                self.carry(&rest[last + 1..]);
            }
            None => self.carry(rest),
        }
    }

    /// Keeps the start of a cut line, unless it grows past [`MAX_LINE`].
    fn carry(&mut self, bytes: &[u8]) {
        if self.dropping || bytes.is_empty() {
            return;
        }
        if self.pending.len() + bytes.len() > MAX_LINE {
            self.line += 1;
            self.unparsed();
            self.pending = Vec::new();
            self.dropping = true;
            return;
        }
        self.pending.extend_from_slice(bytes);
    }

    /// Whole lines (the last may lack its `\n` at the end of the file).
    fn region(&mut self, finder: &Finder<'_>, region: &[u8]) {
        let width = finder.needle().len();
        let mut keys = finder.find_iter(region).peekable();
        let ends = memchr::memchr_iter(b'\n', region);
        let tail = (!region.is_empty() && region.last() != Some(&b'\n')).then_some(region.len());
        let mut start = 0;
        for end in ends.chain(tail) {
            self.line += 1;
            let (mut keyed, mut wanted) = (false, false);
            while let Some(&at) = keys.peek() {
                if at >= end {
                    break;
                }
                keys.next();
                keyed = true;
                wanted = wanted || self.in_window(&region[at + width..end]);
            }
            if !keyed || wanted {
                self.line_of(&region[start..end]);
            }
            start = end + 1;
        }
    }

    /// Whether the value after a key (`: 1773479530000`) is in the window, or not a plain
    /// number (the parser decides).
    fn in_window(&self, after: &[u8]) -> bool {
        let Some(rest) = after.trim_ascii_start().strip_prefix(b":") else {
            // `"create_at"` as a value, not a key: nothing to say about the line.
            return false;
        };
        let rest = rest.trim_ascii_start();
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 15 {
            return true;
        }
        let ms = rest[..digits]
            .iter()
            .fold(0i64, |n, &b| n * 10 + i64::from(b - b'0'));
        (self.since..=self.until).contains(&ms)
    }

    fn line_of(&mut self, raw: &[u8]) {
        self.ctx.line = self.line;
        let text = clean_line(raw);
        match self.format.parse_line(&text, self.ctx) {
            Parsed::Entry(entry) => {
                self.stats.parsed += 1;
                if self.window.contains(&entry) {
                    self.out.entries.push(entry);
                }
            }
            Parsed::Entries(entries) => {
                self.stats.parsed += entries.len();
                let window = self.window;
                self.out
                    .entries
                    .extend(entries.into_iter().filter(|e| window.contains(e)));
            }
            Parsed::Unparsed => self.unparsed(),
            Parsed::Undated => {
                self.stats.undated += 1;
                if self.stats.undated_lines.len() < SHOWN_LINES {
                    self.stats.undated_lines.push(self.line);
                }
            }
            Parsed::DateChange(_) | Parsed::Continuation(_) | Parsed::Skip => {}
        }
    }

    fn unparsed(&mut self) {
        self.stats.unparsed += 1;
        if self.stats.unparsed_lines.len() < SHOWN_LINES {
            self.stats.unparsed_lines.push(self.line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatlog::mattermost::Mattermost;

    fn window() -> Window {
        let at = |s: &str| s.parse().unwrap();
        Window {
            since: at("2026-03-14T09:00:00Z"),
            until: at("2026-03-14T10:00:00Z"),
        }
    }

    fn post(channel: &str, ms: i64, text: &str) -> String {
        format!(
            "{{\"type\":\"post\",\"post\":{{\"team\":\"acme\",\"channel\":\"{channel}\",\"user\":\"ann\",\"message\":\"{text}\",\"create_at\":{ms}}}}}\n"
        )
    }

    /// The #ops entries in the window, read through buffers of `chunk` bytes.
    fn read_ops(path: &Path, chunk: usize) -> (SourceRead, FileStats) {
        let mut ctx = LineContext::new(chrono_tz::UTC);
        ctx.channel = "ops".into();
        let mut out = SourceRead::default();
        let stats = read_chunked(
            path,
            "create_at",
            &mut Mattermost,
            &mut ctx,
            &window(),
            &mut out,
            chunk,
        )
        .unwrap();
        (out, stats)
    }

    /// What the scan keeps, against parsing every line, over buffers of every size.
    #[test]
    fn the_scan_keeps_what_parsing_every_line_keeps() {
        let nine = 1_773_478_800_000i64;
        let mut text = String::from("{\"type\":\"version\",\"version\":1}\n");
        for i in 0..400i64 {
            let ms = nine - 3_600_000 + i * 37_000;
            text.push_str(&post(
                if i % 3 == 0 { "dev" } else { "ops" },
                ms,
                &format!("m{i}"),
            ));
            if i % 50 == 0 {
                text.push_str("not json\n\n");
                // An old post with a reply in the window.
                text.push_str(&format!(
                    "{{\"type\":\"post\",\"post\":{{\"channel\":\"ops\",\"user\":\"bea\",\"message\":\"old {i}\",\"create_at\":1000,\"replies\":[{{\"user\":\"cho\",\"message\":\"r{i}\",\"create_at\":{}}}]}}}}\n",
                    nine + i * 1000
                ));
                // A message that quotes the key.
                text.push_str(&post("ops", 5, "\\\"create_at\\\": 1773478800000"));
                text.push_str(&post("ops", nine + 60_000, "\\\"create_at\\\": 5"));
            }
        }
        text.push_str(post("ops", nine + 1, "last, no newline").trim_end());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.jsonl");
        std::fs::write(&path, &text).unwrap();
        let mut ctx = LineContext::new(chrono_tz::UTC);
        ctx.channel = "ops".into();
        let (mut entries, mut unparsed) = (Vec::new(), Vec::new());
        for (i, line) in text.lines().enumerate() {
            ctx.line = i + 1;
            match Mattermost.parse_line(line, &mut ctx) {
                Parsed::Entry(e) => entries.push(e),
                Parsed::Entries(es) => entries.extend(es),
                Parsed::Unparsed => unparsed.push(i + 1),
                _ => {}
            }
        }
        entries.retain(|e| window().contains(e));
        unparsed.truncate(SHOWN_LINES);
        for chunk in [1, 7, 100, 4096] {
            let (out, stats) = read_ops(&path, chunk);
            assert_eq!(out.entries.to_vec(), entries, "chunk {chunk}");
            assert_eq!(stats.unparsed_lines, unparsed, "chunk {chunk}");
            assert_eq!(stats.unparsed, 8, "chunk {chunk}");
        }
        let (out, stats) = read_ops(&path, CHUNK);
        let got = (out.entries.to_vec(), stats.unparsed_lines.clone());
        assert_eq!(got.0, entries);
        assert_eq!(got.1, unparsed);
        assert!(got.0.iter().any(|e| e.text.starts_with("r50")));
        assert!(got.0.iter().any(|e| e.text == "last, no newline"));
        assert_eq!(stats.unparsed, 8);
    }

    #[test]
    fn a_line_longer_than_the_largest_buffer_is_counted_and_skipped() {
        let nine = 1_773_478_800_000i64;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.jsonl");
        let mut text = post("ops", nine, "before");
        text.push_str(&"x".repeat(MAX_LINE + 10));
        text.push('\n');
        text.push_str(&post("ops", nine + 1000, "after"));
        std::fs::write(&path, &text).unwrap();
        let mut ctx = LineContext::new(chrono_tz::UTC);
        ctx.channel = "ops".into();
        let (out, stats) = read_ops(&path, CHUNK);
        let texts: Vec<_> = out.entries.iter().map(|e| (e.text, e.line)).collect();
        assert_eq!(texts, [("before".into(), 1), ("after".into(), 3)]);
        assert_eq!((stats.unparsed, stats.unparsed_lines), (1, vec![2]));
    }
}
