//! One configured chat source read for a window: its path resolved (`~`, a file, a folder,
//! a glob over per-day files), only the files that can overlap the window opened, and each
//! file streamed through its format in constant memory.
//!
//! Speed comes from not looking at what cannot be in the window:
//! - a per-day file whose name gives a date more than a day away from the window is not
//!   opened;
//! - inside a file, lines of days outside the window are recognised by
//!   [`Format::day_marker`] on their raw bytes and neither decoded nor parsed;
//! - in a large file with day markers, the day the window starts on is found by bisection
//!   over byte offsets (the dates a log appends only go forward), and reading stops past the
//!   window's last day. If the probes ever see a date go backwards, the file is read from
//!   its start to its end instead.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::{Format, LineContext, Parsed, Window, clean_line};
use crate::error::{Error, Result};

/// Lines longer than this keep only their first bytes: a log with a multi-gigabyte "line"
/// (a binary file, a pasted dump) still streams in constant memory.
pub const MAX_LINE: usize = 1 << 20;
/// Files smaller than this are read from the start; bisection pays off only above it.
const BISECT_FROM: u64 = 8 << 20;
/// Bisection stops when the span left is this small, and reads on from there.
const BISECT_SPAN: u64 = 256 << 10;
const READ_BUFFER: usize = 256 << 10;
/// How many unparseable line numbers a report shows per file.
pub const SHOWN_LINES: usize = 5;

/// Where a source's logs are, as `chat.sources` or `--source` give them.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    pub channel: String,
    /// A registry format name, `slack`, or `auto`.
    pub format: String,
    /// The path as written (for messages).
    pub path: String,
    /// The folder a relative path is read from.
    pub base: PathBuf,
    pub tz: Tz,
    /// The day undated lines fall on when neither the file's name nor its lines say
    /// (`--date`; irclogs.ubuntu.com files saved without their `YYYY/MM/DD/` folders).
    pub date: Option<NaiveDate>,
}

/// One file read for a source.
#[derive(Debug, Clone, Default)]
pub struct FileStats {
    pub path: PathBuf,
    pub format: String,
    /// Lines of the window's days that fit no grammar.
    pub unparsed: usize,
    /// The first few of them (1-based line numbers).
    pub unparsed_lines: Vec<usize>,
    /// Entries read (inside the window's days, before the window's own filter).
    pub parsed: usize,
    /// Something the report should say about the file (an export cut short).
    pub note: Option<String>,
    /// Timed lines skipped because their day is not known (before any date line).
    pub undated: usize,
    /// The first few of them.
    pub undated_lines: Vec<usize>,
}

/// What reading one source for a window produced.
#[derive(Debug, Clone, Default)]
pub struct SourceRead {
    /// Entries inside the window, sorted by time (stable: lines of the same instant keep
    /// their order in the log).
    pub entries: super::kept::Entries,
    /// The files opened, in order.
    pub files: Vec<FileStats>,
    /// Per-day files not opened because their date is outside the window.
    pub files_skipped: usize,
    pub ambiguous: usize,
    pub shifted: usize,
    /// Entries whose time is earlier than the entry before them in the same file (bouncer
    /// playback, a clock set back): kept, and sorted into place.
    pub backwards: usize,
}

/// `~` or `~/...` as the home folder.
pub fn expand_home(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home.to_path_buf(),
        (Some(rest), Some(home)) if rest.starts_with('/') || rest.starts_with('\\') => {
            home.join(&rest[1..])
        }
        _ => PathBuf::from(path),
    }
}

/// The user's home folder (`$HOME`, when set and not empty): what `~` stands for.
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// What a source's path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Log files, sorted by path.
    Files(Vec<PathBuf>),
    /// One channel folder of a Slack export.
    Slack(PathBuf),
    /// A Slack export's `.zip`, read in place.
    SlackZip(PathBuf),
}

fn has_glob(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

/// Resolves a source's path to the files (or the Slack folder) it names.
pub fn resolve(spec: &SourceSpec) -> Result<Resolved> {
    let expanded = expand_home(&spec.path, home_dir().as_deref());
    let full = spec.base.join(&expanded);
    let shown = &spec.path;
    let hint_for = "fix `path:` of this source in pm.yaml (or `--source`): a file, a folder, or a glob such as `~/znc/#ops/*.log`";
    match std::fs::metadata(&full) {
        Ok(meta) if meta.is_dir() => {
            if spec.format == "slack"
                || (spec.format == "auto" && super::slack::looks_like_export(&full))
            {
                // The export's root: the channel is found by name.
                if super::slack::is_export_root(&full) && !super::slack::is_channel_folder(&full) {
                    return super::slack::find_channel(&full, &spec.channel).map(Resolved::Slack);
                }
                return Ok(Resolved::Slack(full));
            }
            let files =
                crate::files::walk(&full, |_, ft| ft.is_file()).map_err(|e| Error::io(&full, e))?;
            if files.is_empty() {
                return Err(Error::user(format!(
                    "`{shown}` ({}) is a folder without log files",
                    full.display()
                ))
                .with_hint(hint_for));
            }
            Ok(Resolved::Files(files))
        }
        Ok(meta) if meta.is_file() => {
            let zip = full
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
            if zip && matches!(spec.format.as_str(), "slack" | "auto") {
                return Ok(Resolved::SlackZip(full));
            }
            if spec.format == "slack" {
                return Err(Error::user(format!(
                    "`{shown}` is a file, but a Slack source is an export's folder, its .zip, or one channel's folder"
                ))
                .with_hint("point `path:` at the export's folder or its .zip (e.g. `~/slack-export`), or a channel folder (`~/slack-export/ops`)"));
            }
            Ok(Resolved::Files(vec![full]))
        }
        Ok(_) => Err(Error::user(format!(
            "`{shown}` ({}) is neither a file nor a folder",
            full.display()
        ))
        .with_hint(hint_for)),
        Err(e) if e.kind() == io::ErrorKind::NotFound && has_glob(&spec.path) => {
            glob_files(spec, &expanded)
        }
        Err(e) => Err(Error::user(format!(
            "chat log `{shown}` ({}): {}",
            full.display(),
            crate::error::describe_io(&e)
        ))
        .with_hint(hint_for)),
    }
}

fn glob_files(spec: &SourceSpec, expanded: &Path) -> Result<Resolved> {
    let text = expanded.to_string_lossy();
    let pattern = if expanded.is_absolute() {
        text.into_owned()
    } else {
        // The base folder may hold glob characters of its own.
        let base = glob::Pattern::escape(&spec.base.to_string_lossy());
        format!("{base}/{text}")
    };
    let paths = glob::glob(&pattern).map_err(|e| {
        Error::user(format!(
            "`{}` is not a valid glob: {} (at character {})",
            spec.path, e.msg, e.pos
        ))
        .with_hint("e.g. `~/znc/moddata/log/alice/libera/#ops/*.log`")
    })?;
    let mut files = Vec::new();
    for path in paths {
        let path = path.map_err(|e| Error::io(e.path(), io::Error::other(e.to_string())))?;
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(
            Error::user(format!("`{}` matches no file", spec.path)).with_hint(
                "check the folder and the pattern; `ls` it in a shell to see what is there",
            ),
        );
    }
    Ok(Resolved::Files(files))
}

/// The local days (in the source's zone) whose lines can fall in the window, with a day's
/// margin each side for stamps in another zone than the one configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Days {
    pub fn of(window: &Window, tz: Tz) -> Days {
        let first = window.since.with_timezone(&tz).date_naive();
        let last = window.until.with_timezone(&tz).date_naive();
        Days {
            first: crate::time::add_days_saturating(first, -1),
            last: crate::time::add_days_saturating(last, 1),
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }
}

/// Reads every file of a source that can overlap the window.
pub fn read(spec: &SourceSpec, window: &Window) -> Result<SourceRead> {
    let mut out = SourceRead::default();
    let files = match resolve(spec)? {
        found @ (Resolved::Slack(_) | Resolved::SlackZip(_)) => {
            let days = match found {
                Resolved::SlackZip(zip) => {
                    super::slack::archive::read_days(&zip, &spec.channel, window)?
                }
                Resolved::Slack(dir) => super::slack::read_days(&dir, window)?,
                Resolved::Files(_) => Vec::new(),
            };
            // File by file, so the report names the day file of a skipped line and counts
            // what each file gave.
            for day in days {
                let t = day.transcript;
                let mut stats = FileStats {
                    path: day.path,
                    format: "slack".into(),
                    unparsed: t.unparsed.len(),
                    parsed: t.entries.len(),
                    ..FileStats::default()
                };
                stats.unparsed_lines = t.unparsed.iter().take(SHOWN_LINES).copied().collect();
                out.files.push(stats);
                out.entries
                    .extend(t.entries.into_iter().filter(|e| window.contains(e)));
                out.ambiguous += t.ambiguous;
                out.shifted += t.shifted;
            }
            sort(&mut out);
            return Ok(out);
        }
        Resolved::Files(files) => files,
    };
    let days = Days::of(window, spec.tz);
    let named = if spec.format == "auto" {
        None
    } else {
        Some(super::by_name(&spec.format).ok_or_else(|| unknown_format(&spec.format))?)
    };
    for path in files {
        // A per-day file (ZNC, Limnoria, irclogs) names its day: skip it unopened.
        let day = match &named {
            Some(format) => format.date_from_path(&path),
            None => super::formats()
                .iter()
                .find_map(|f| f.date_from_path(&path)),
        };
        if day.is_some_and(|d| !days.contains(d)) {
            out.files_skipped += 1;
            continue;
        }
        let mut format = match &named {
            Some(f) => super::by_name(f.name()).ok_or_else(|| unknown_format(f.name()))?,
            None => detect_file(&path)?,
        };
        if !format.json_arrays().is_empty() {
            let mut ctx = LineContext::new(spec.tz);
            ctx.channel.clone_from(&spec.channel);
            let stats = super::json::read_file(&path, format.as_mut(), &mut ctx, window, &mut out)?;
            out.ambiguous += ctx.ambiguous;
            out.shifted += ctx.shifted;
            out.files.push(stats);
            continue;
        }
        if let Some(key) = format.time_key() {
            let mut ctx = LineContext::new(spec.tz);
            ctx.channel.clone_from(&spec.channel);
            let stats =
                super::keyed::read_file(&path, key, format.as_mut(), &mut ctx, window, &mut out)
                    .map_err(|e| Error::io(&path, e))?;
            out.ambiguous += ctx.ambiguous;
            out.shifted += ctx.shifted;
            out.files.push(stats);
            continue;
        }
        let seed = format.date_from_path(&path).or(day).or(spec.date);
        let stats = read_file(
            &path,
            format.as_mut(),
            Place {
                tz: spec.tz,
                channel: &spec.channel,
            },
            window,
            days,
            seed,
            &mut out,
        )
        .map_err(|e| Error::io(&path, e))?;
        out.files.push(stats);
    }
    sort(&mut out);
    Ok(out)
}

fn sort(out: &mut SourceRead) {
    out.entries.sort();
}

fn unknown_format(name: &str) -> Error {
    let names = super::format_names();
    Error::user(format!("unknown chat log format `{name}`"))
        .with_hint(format!("known formats: {}", names.join(", ")))
}

/// How many of a file's first lines `format: auto` shows the formats.
const DETECT_LINES: usize = 20;

/// Detects a file's format from its first lines (hygiene applied).
pub fn detect_file(path: &Path) -> Result<Box<dyn Format>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::with_capacity(64 << 10, file);
    let mut lines = Vec::new();
    let mut raw = Vec::new();
    while lines.len() < DETECT_LINES {
        if read_line(&mut reader, &mut raw).map_err(|e| Error::io(path, e))? == 0 {
            break;
        }
        lines.push(clean_line(&raw));
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    if let Some(format) = super::detect(&refs) {
        return Ok(format);
    }
    let names = super::format_names();
    let first = lines.iter().enumerate().find(|(_, l)| !l.trim().is_empty());
    let message = match first {
        Some((i, line)) => {
            let shown: String = line.chars().take(120).collect();
            let more = if shown.len() < line.len() { "..." } else { "" };
            format!(
                "{}: no chat log format fits this file; no format accepts its line {}:\n  {shown}{more}",
                path.display(),
                i + 1
            )
        }
        None => format!(
            "{}: no chat log format fits this file: its first lines are empty",
            path.display()
        ),
    };
    Err(Error::user(message).with_hint(format!(
        "set `format:` of this source in pm.yaml (or pass `--format`); known formats: {}",
        names.join(", ")
    )))
}

/// Reads the next line into `buf` (without its `\n`), keeping at most [`MAX_LINE`] bytes of
/// it. Returns how many bytes it consumed (the `\n` included); 0 at the end of the input.
pub fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<usize> {
    buf.clear();
    let mut consumed = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(consumed);
        }
        let (take, used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i, i + 1, true),
            None => (available.len(), available.len(), false),
        };
        let room = MAX_LINE.saturating_sub(buf.len());
        buf.extend_from_slice(&available[..take.min(room)]);
        reader.consume(used);
        consumed += used;
        if done {
            return Ok(consumed);
        }
    }
}

/// The first day marker at or after byte `offset` (skipping the partial line there): the
/// offset of its line and its date.
fn probe(
    reader: &mut BufReader<File>,
    offset: u64,
    format: &dyn Format,
    buf: &mut Vec<u8>,
) -> io::Result<Option<(u64, NaiveDate)>> {
    reader.seek(SeekFrom::Start(offset))?;
    let mut pos = offset;
    if offset > 0 {
        // The line `offset` falls in started before it: not a whole line.
        match read_line(reader, buf)? {
            0 => return Ok(None),
            n => pos += n as u64,
        }
    }
    loop {
        let start = pos;
        match read_line(reader, buf)? {
            0 => return Ok(None),
            n => pos += n as u64,
        }
        if let Some(day) = format.day_marker(buf) {
            return Ok(Some((start, day)));
        }
    }
}

/// The last day marker of a file, looking back from its end in growing steps.
fn last_marker(
    reader: &mut BufReader<File>,
    len: u64,
    format: &dyn Format,
    buf: &mut Vec<u8>,
) -> io::Result<Option<(u64, NaiveDate)>> {
    let mut back = BISECT_SPAN;
    loop {
        let from = len.saturating_sub(back);
        let mut found = None;
        let mut at = from;
        while let Some((pos, day)) = probe(reader, at, format, buf)? {
            found = Some((pos, day));
            // Past this marker's line: the next probe skips the rest of it.
            at = pos + 1;
        }
        if found.is_some() || from == 0 {
            return Ok(found);
        }
        back = back.saturating_mul(4);
    }
}

/// Where to start reading a large file: the latest day marker found before the window's
/// first day, or 0. `None` when the probes saw dates go backwards (read it all).
fn bisect(
    reader: &mut BufReader<File>,
    len: u64,
    format: &dyn Format,
    days: Days,
) -> io::Result<Option<u64>> {
    let mut buf = Vec::new();
    let (mut lo, mut hi) = (0u64, len);
    let mut seen: Vec<(u64, NaiveDate)> = Vec::new();
    while hi.saturating_sub(lo) > BISECT_SPAN {
        let mid = lo + (hi - lo) / 2;
        let found = probe(reader, mid, format, &mut buf)?;
        if let Some(p) = found {
            seen.push(p);
        }
        match found {
            Some((at, day)) if at < hi && day < days.first => lo = at,
            _ => hi = mid,
        }
    }
    // The first and the last day marker of the file join the check: a log whose later part
    // was put before its earlier part shows it there.
    if let Some(first) = probe(reader, 0, format, &mut buf)? {
        seen.push(first);
    }
    if let Some(last) = last_marker(reader, len, format, &mut buf)? {
        seen.push(last);
    }
    seen.sort_unstable();
    if seen.windows(2).any(|w| w[0].1 > w[1].1) {
        return Ok(None);
    }
    if seen.is_empty() {
        // No day markers at all: the format dates its lines some other way.
        return Ok(None);
    }
    Ok(Some(lo))
}

/// Streams one file, keeping the entries inside the window.
/// Where a file's lines belong: the source's zone and channel.
struct Place<'a> {
    tz: Tz,
    channel: &'a str,
}

fn read_file(
    path: &Path,
    format: &mut dyn Format,
    place: Place<'_>,
    window: &Window,
    days: Days,
    seed: Option<NaiveDate>,
    out: &mut SourceRead,
) -> io::Result<FileStats> {
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    let mut reader = BufReader::with_capacity(READ_BUFFER, file);
    let mut start = None;
    if len >= BISECT_FROM && format.has_day_markers() {
        start = bisect(&mut reader, len, format, days)?;
    }
    let pass = Pass {
        path,
        tz: place.tz,
        channel: place.channel,
        window,
        days,
        seed,
    };
    if let Some(at) = start
        && let Some(stats) = pass.run(&mut reader, format, at, true, out)?
    {
        return Ok(stats);
    }
    // A small file, no day markers, or dates that go backwards: every line, start to end.
    Ok(pass
        .run(&mut reader, format, 0, false, out)?
        .unwrap_or_default())
}

/// One reading of a file from an offset.
struct Pass<'a> {
    path: &'a Path,
    tz: Tz,
    channel: &'a str,
    window: &'a Window,
    days: Days,
    seed: Option<NaiveDate>,
}

impl Pass<'_> {
    /// Reads from `start`. When `trusted` (bisection found the start), reading stops past the
    /// window's last day; if a day marker goes backwards meanwhile, the file is not in order
    /// after all: what this pass added is dropped and `None` says to read it all.
    fn run(
        &self,
        reader: &mut BufReader<File>,
        format: &mut dyn Format,
        start: u64,
        trusted: bool,
        out: &mut SourceRead,
    ) -> io::Result<Option<FileStats>> {
        let days = self.days;
        reader.seek(SeekFrom::Start(start))?;
        let mut ctx = LineContext::new(self.tz);
        ctx.channel = self.channel.to_string();
        ctx.date = self.seed;
        let mut stats = FileStats {
            path: self.path.to_path_buf(),
            format: format.name().to_string(),
            ..FileStats::default()
        };
        let first_entry = out.entries.len();
        let mut backwards = 0;
        let mut unparsed_at: Vec<usize> = Vec::new();
        // Whether the last entry parsed was kept: a continuation line belongs to it.
        let mut last_kept = false;
        let mut previous: Option<chrono::DateTime<chrono::Utc>> = None;
        let mut raw = Vec::with_capacity(4096);
        // The day the lines are on as day markers (or the file name) say: lines of a day
        // outside the window are skipped unparsed. A date only `parse_line` finds does not
        // count: the line that changes it again could be among those skipped.
        let mut marked = self.seed;
        while read_line(reader, &mut raw)? > 0 {
            ctx.line += 1;
            if let Some(day) = format.day_marker(&raw) {
                if trusted {
                    if marked.is_some_and(|m| day < m) {
                        out.entries.truncate(first_entry);
                        return Ok(None);
                    }
                    if day > days.last {
                        break;
                    }
                }
                ctx.date = Some(day);
                marked = Some(day);
                if !days.contains(day) {
                    last_kept = false;
                    continue;
                }
            } else if marked.is_some_and(|d| !days.contains(d)) {
                continue;
            }
            let line = clean_line(&raw);
            match format.parse_line(&line, &mut ctx) {
                Parsed::Entry(entry) => {
                    stats.parsed += 1;
                    if previous.is_some_and(|p| entry.at < p) {
                        backwards += 1;
                    }
                    previous = Some(entry.at);
                    last_kept = self.window.contains(&entry);
                    if last_kept {
                        out.entries.push(entry);
                    }
                }
                Parsed::Entries(entries) => {
                    // A post and its thread replies: replies come later than their post, so
                    // they do not count as going backwards.
                    stats.parsed += entries.len();
                    last_kept = false;
                    out.entries
                        .extend(entries.into_iter().filter(|e| self.window.contains(e)));
                }
                Parsed::DateChange(day) => ctx.date = Some(day),
                Parsed::Continuation(more) => {
                    if last_kept {
                        out.entries.continue_last(&more);
                    }
                }
                Parsed::Skip => {}
                Parsed::Unparsed => {
                    stats.unparsed += 1;
                    if unparsed_at.len() < SHOWN_LINES {
                        unparsed_at.push(ctx.line);
                    }
                }
                Parsed::Undated => {
                    stats.undated += 1;
                    if stats.undated_lines.len() < SHOWN_LINES {
                        stats.undated_lines.push(ctx.line);
                    }
                }
            }
        }
        // Reading started mid-file: line numbers so far count from there. Count the lines
        // before it only when a number is shown (unparseable lines), to keep skipping cheap.
        if start > 0 && !unparsed_at.is_empty() {
            let before = count_lines(self.path, start)?;
            for n in &mut unparsed_at {
                *n += before;
            }
            out.entries.shift_lines(first_entry, before);
        }
        stats.unparsed_lines = unparsed_at;
        out.backwards += backwards;
        out.ambiguous += ctx.ambiguous;
        out.shifted += ctx.shifted;
        Ok(Some(stats))
    }
}

/// The number of `\n` in a file's first `upto` bytes.
pub(crate) fn count_lines(path: &Path, upto: u64) -> io::Result<usize> {
    let mut file = File::open(path)?.take(upto);
    let mut buf = vec![0u8; READ_BUFFER];
    let mut n = 0;
    loop {
        let got = match file.read(&mut buf) {
            Ok(0) => return Ok(n),
            Ok(got) => got,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        n += memchr::memchr_iter(b'\n', &buf[..got]).count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_expanded_only_at_the_start() {
        let home = Path::new("/home/ann");
        assert_eq!(
            expand_home("~/irclogs/#ops.log", Some(home)),
            PathBuf::from("/home/ann/irclogs/#ops.log")
        );
        assert_eq!(expand_home("~", Some(home)), PathBuf::from("/home/ann"));
        assert_eq!(expand_home("logs/~x", Some(home)), PathBuf::from("logs/~x"));
        assert_eq!(expand_home("~bob/x", Some(home)), PathBuf::from("~bob/x"));
        assert_eq!(expand_home("~/x", None), PathBuf::from("~/x"));
    }

    #[test]
    fn read_line_caps_long_lines_and_keeps_a_last_line_without_newline() {
        let mut long = vec![b'a'; MAX_LINE + 10];
        long.extend_from_slice(b"\nnext\nlast");
        let mut reader = BufReader::with_capacity(1024, &long[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut reader, &mut buf).unwrap(), MAX_LINE + 11);
        assert_eq!(buf.len(), MAX_LINE);
        assert_eq!(read_line(&mut reader, &mut buf).unwrap(), 5);
        assert_eq!(buf, b"next");
        assert_eq!(read_line(&mut reader, &mut buf).unwrap(), 4);
        assert_eq!(buf, b"last");
        assert_eq!(read_line(&mut reader, &mut buf).unwrap(), 0);
    }

    #[test]
    fn empty_lines_are_lines() {
        let mut reader = BufReader::new(&b"\n\nx\n"[..]);
        let mut buf = Vec::new();
        let mut n = 0;
        while read_line(&mut reader, &mut buf).unwrap() > 0 {
            n += 1;
        }
        assert_eq!(n, 3);
    }

    #[test]
    fn a_folder_walk_gives_the_files_in_path_order_without_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "b.log",
            "a/x.log",
            "a.log",
            "a-b/y.log",
            "a/b/z.log",
            "A.log",
            "#ops.2026-03-14.log",
            "c/.hidden/w.log",
            ".z.log",
            "d/2026-03-14.log",
        ];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
        }
        let files = crate::files::walk(dir.path(), |_, ft| ft.is_file()).unwrap();
        let mut expected: Vec<PathBuf> = names
            .iter()
            .filter(|n| !n.starts_with('.') && !n.contains("/."))
            .map(|n| dir.path().join(n))
            .collect();
        expected.sort();
        assert_eq!(files, expected);
        assert_eq!(files.len(), 8);
    }

    #[test]
    fn days_have_a_margin_in_the_source_zone() {
        let w = Window {
            since: "2026-03-14T23:30:00Z".parse().unwrap(),
            until: "2026-03-15T00:30:00Z".parse().unwrap(),
        };
        let d = Days::of(&w, chrono_tz::Europe::Berlin);
        // In Berlin that is 00:30 to 01:30 on the 15th.
        assert_eq!(d.first, NaiveDate::from_ymd_opt(2026, 3, 14).unwrap());
        assert_eq!(d.last, NaiveDate::from_ymd_opt(2026, 3, 16).unwrap());
    }

    /// An irssi log of `days` days from `start`, about 40 KiB a day (so a few hundred days
    /// pass the bisection threshold), each line naming its own day and time.
    fn irssi_log(start: NaiveDate, days: i64) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        for d in 0..days {
            let day = start + chrono::TimeDelta::days(d);
            let _ = writeln!(s, "--- Day changed {}", day.format("%a %b %d %Y"));
            for minute in (0..1440).step_by(3) {
                let _ = writeln!(
                    s,
                    "{:02}:{:02} < ann> {day} {minute} padding padding padding padding",
                    minute / 60,
                    minute % 60
                );
            }
        }
        s
    }

    fn spec_for(path: &Path) -> SourceSpec {
        SourceSpec {
            channel: "#ops".into(),
            format: "irssi".into(),
            path: path.to_string_lossy().into_owned(),
            base: PathBuf::from("/"),
            tz: chrono_tz::UTC,
            date: None,
        }
    }

    fn window(since: &str, until: &str) -> Window {
        Window {
            since: since.parse().unwrap(),
            until: until.parse().unwrap(),
        }
    }

    /// What reading the whole text in memory and filtering keeps: the reference.
    fn reference(text: &str, w: &Window) -> Vec<String> {
        let mut format = super::super::irssi::Irssi;
        let t = super::super::read(&mut format, text.as_bytes(), chrono_tz::UTC, None);
        t.entries
            .into_iter()
            .filter(|e| w.contains(e))
            .map(|e| e.text)
            .collect()
    }

    #[test]
    fn bisection_finds_the_same_entries_as_reading_everything() {
        let text = irssi_log(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), 400);
        assert!(text.len() as u64 > BISECT_FROM, "{} bytes", text.len());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ops.log");
        std::fs::write(&path, &text).unwrap();
        for (since, until) in [
            ("2025-06-14T14:00:00Z", "2025-06-14T16:00:00Z"),
            ("2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z"),
            ("2026-02-04T23:00:00Z", "2026-02-05T02:00:00Z"),
            ("2025-08-31T23:30:00Z", "2025-09-01T00:30:00Z"),
        ] {
            let w = window(since, until);
            let got: Vec<String> = read(&spec_for(&path), &w)
                .unwrap()
                .entries
                .iter()
                .map(|e| e.text)
                .collect();
            let want = reference(&text, &w);
            assert!(!want.is_empty(), "{since}");
            assert_eq!(got, want, "{since} to {until}");
        }
    }

    #[test]
    fn dates_going_backwards_fall_back_to_reading_everything() {
        // Two logs concatenated, the later one first: the probes see dates go backwards.
        let later = irssi_log(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(), 200);
        let earlier = irssi_log(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), 180);
        let text = format!("{later}{earlier}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ops.log");
        std::fs::write(&path, &text).unwrap();
        for (since, until) in [
            ("2025-03-10T10:00:00Z", "2025-03-10T12:00:00Z"),
            ("2025-10-10T10:00:00Z", "2025-10-10T12:00:00Z"),
        ] {
            let w = window(since, until);
            let got = read(&spec_for(&path), &w).unwrap().entries.len();
            assert_eq!(got, reference(&text, &w).len(), "{since}");
            assert!(got > 0);
        }
    }
}
