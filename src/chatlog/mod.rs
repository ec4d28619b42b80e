//! Chat logs read into timeline entries: one module per log format behind [`Format`], a
//! registry that detects the format from a file's first lines, and [`read`], which reads a
//! log held in memory through hygiene and a format into entries with absolute instants.
//! `source` resolves a configured source and streams its files over a window; Slack
//! exports (`slack`) and redaction (`redact`) sit beside them. `pm import-logs`
//! (`commands::import_logs`) drives it all.

pub mod discord;
pub mod fields;
#[cfg(test)]
mod golden;
mod grammar;
pub mod hexchat;
pub mod irclogs;
pub mod irssi;
pub mod json;
pub mod kept;
pub mod keyed;
pub mod limnoria;
pub mod matrix;
pub mod mattermost;
pub mod pagerduty;
pub mod redact;
pub mod slack;
pub mod source;
pub mod text;
pub mod textual;
pub mod transcript;
pub mod weechat;
pub mod znc;

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// What a line of chat says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Message,
    Action,
    Join,
    Part,
    Quit,
    Nick,
    Topic,
    /// Mode changes, kicks, notices, client messages: kept, but not conversation.
    Other,
}

/// What an alerting tool's entry says about the incident (PagerDuty): the importer
/// proposes front-matter times from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// The alert fired: a candidate `detected_at`.
    Triggered,
    /// Someone acknowledged the page: a candidate `acknowledged_at`.
    Acknowledged,
    Resolved,
}

/// One timestamped line of a chat log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub at: DateTime<Utc>,
    /// The log's stamp had no seconds (`HH:MM`): compare it at minute precision.
    pub minute_precision: bool,
    pub kind: Kind,
    /// Who spoke or acted, without a mode prefix (`@`, `+`); empty when nobody did.
    pub nick: String,
    /// The message, or for events the event as the log words it (without the nick for
    /// messages and actions).
    pub text: String,
    /// 1-based line number in the file where the entry starts.
    pub line: usize,
    /// A reply inside a thread (Slack): shown under its parent, marked as a reply.
    pub thread_reply: bool,
    /// Pinned in the channel.
    pub pinned: bool,
    /// The names of the reactions it carries (`pushpin`), for `chat.mark_reactions`.
    pub reactions: Vec<String>,
    /// For a thread reply: when its thread's first message was written, so the transcript
    /// can show the reply under it.
    pub thread: Option<DateTime<Utc>>,
    /// What the entry says about the incident, for alerting tools.
    pub signal: Option<Signal>,
}

impl Entry {
    /// An entry of `kind` by `nick` at `at`, starting on `line`; the rest as by default
    /// (second precision, not a reply, not pinned, no reactions). Every reader builds its
    /// entries here, setting the other fields after it.
    pub fn new(
        at: DateTime<Utc>,
        kind: Kind,
        nick: impl Into<String>,
        text: impl Into<String>,
        line: usize,
    ) -> Entry {
        Entry {
            at,
            kind,
            nick: nick.into(),
            text: text.into(),
            line,
            ..Entry::default()
        }
    }
}

/// What a format made of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Entry(Entry),
    /// Several entries from one line or element (a Mattermost post and its thread replies).
    Entries(Vec<Entry>),
    /// A day-change or header line: later lines without a date fall on this day.
    DateChange(NaiveDate),
    /// A line without a stamp that carries on the previous entry's text (WeeChat multi-line
    /// messages).
    Continuation(String),
    /// A line that is understood and holds nothing for the timeline (blank, `Log closed`).
    Skip,
    /// A line that fits no grammar of the format: counted, never fatal.
    Unparsed,
    /// A timed line whose day is not known (before the file's first date line, in a file
    /// whose name holds no date): counted apart, so the report can say how to give the day.
    Undated,
}

/// State shared between the lines of one file: the source's time zone, the current date,
/// the line number and the counts the import report shows.
#[derive(Debug, Clone)]
pub struct LineContext {
    pub tz: Tz,
    /// The day that lines without a date fall on; seeded from a file name, updated by
    /// day-change lines.
    pub date: Option<NaiveDate>,
    /// 1-based number of the line being parsed.
    pub line: usize,
    /// Wall-clock times a DST change repeats; each took the earlier instant.
    pub ambiguous: usize,
    /// Wall-clock times a DST gap skips; each was read with the offset in force before the
    /// gap (02:30 on a spring-forward night in Berlin is 01:30 UTC, i.e. 03:30 summer time).
    pub shifted: usize,
    /// The source's channel (`#ops`): formats whose files hold many channels (Mattermost)
    /// keep only its entries.
    pub channel: String,
}

impl LineContext {
    pub fn new(tz: Tz) -> Self {
        LineContext {
            tz,
            channel: String::new(),
            date: None,
            line: 0,
            ambiguous: 0,
            shifted: 0,
        }
    }

    /// The instant a wall-clock time in the source's zone names, counting DST trouble.
    ///
    /// A time in a DST gap is shifted forward rather than dropped: the line was written, so
    /// the clock that wrote it most likely had not changed yet.
    pub fn instant(&mut self, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.tz.from_local_datetime(&naive) {
            LocalResult::Single(_) => crate::time::local_to_utc(naive, self.tz),
            LocalResult::Ambiguous(..) => {
                self.ambiguous += 1;
                crate::time::local_to_utc(naive, self.tz)
            }
            LocalResult::None => {
                // No zone has a gap longer than a few hours; find the offset before it.
                for hours in 1..=3 {
                    let before = naive.checked_sub_signed(TimeDelta::hours(hours))?;
                    if let Some(t) = crate::time::local_to_utc(before, self.tz) {
                        let offset = before - t.naive_utc();
                        self.shifted += 1;
                        return Some(Utc.from_utc_datetime(&naive.checked_sub_signed(offset)?));
                    }
                }
                None
            }
        }
    }

    /// The instant of a time of day on the current date, if a date is known.
    pub fn on_current_date(&mut self, time: chrono::NaiveTime) -> Option<DateTime<Utc>> {
        let date = self.date?;
        self.instant(date.and_time(time))
    }
}

/// One chat log format: recognises its files and turns their lines into entries.
///
/// Parsers see lines one at a time, already decoded, without `\r`, BOM or mIRC codes, so a
/// file of any size streams through in constant memory.
pub trait Format {
    /// The name used in `pm.yaml` (`format: irssi`).
    fn name(&self) -> &'static str;
    /// Whether the first lines of a file (hygiene applied) look like this format.
    fn detect(&self, first_lines: &[&str]) -> bool;
    /// Parses one line; `ctx.line` is its number and `ctx.date` the current day. A format
    /// read as one JSON document ([`Format::json_arrays`]) has no lines to parse.
    fn parse_line(&mut self, _line: &str, _ctx: &mut LineContext) -> Parsed {
        Parsed::Unparsed
    }
    /// The day a per-day file's path gives its lines (ZNC `2026-03-14.log`, Limnoria
    /// `#ops.2026-03-14.log`, irclogs `2026/03/14/...`): seeds `LineContext::date`, and
    /// lets the importer skip files that cannot overlap the window without opening them.
    fn date_from_path(&self, _path: &std::path::Path) -> Option<NaiveDate> {
        None
    }
    /// A cheap look at one raw line (no decoding, no hygiene): the date it sets if it is a
    /// day marker (irssi `--- Day changed`, HexChat `**** BEGIN LOGGING AT`), or the date a
    /// line carries in its stamp (WeeChat, Limnoria). The importer uses it to skip whole days
    /// outside the window without parsing their lines; `None` means "no date here".
    fn day_marker(&self, _raw: &[u8]) -> Option<NaiveDate> {
        None
    }
    /// For a format whose file is one JSON document (Discord, Matrix, PagerDuty) rather
    /// than lines: the keys whose arrays hold its entries. The importer streams each element
    /// of those arrays (at any depth) to [`Format::parse_value`], one at a time; empty for
    /// formats read line by line.
    fn json_arrays(&self) -> &'static [&'static str] {
        &[]
    }
    /// A cheap look at one array element's raw bytes: its time, if it can be found without
    /// parsing, so elements outside the window are skipped unparsed.
    fn quick_time(&self, _raw: &[u8]) -> Option<DateTime<Utc>> {
        None
    }
    /// Whether [`Format::day_marker`] can find anything: a large file of a format without
    /// day markers is not bisected (the probes would read it to its end for nothing).
    fn has_day_markers(&self) -> bool {
        true
    }
    /// For a JSON-lines format dated by a key (Mattermost `create_at`, in ms): the key. Its
    /// files are read by [`keyed`], which parses only the lines where one of the key's
    /// values falls in the window, or that have none.
    fn time_key(&self) -> Option<&'static str> {
        None
    }
    /// Whether the format writes its entries in time order (within an hour): a large file
    /// is then entered by bisection on [`Format::quick_time`].
    fn ordered(&self) -> bool {
        false
    }
    /// For an [`Format::ordered`] JSON format whose elements before the window still matter
    /// (Matrix membership events carry the display names used later): bytes only such
    /// elements hold. When bisection skips the start of a file, the elements holding them
    /// there are still parsed, in order, their entries dropped.
    fn context_marker(&self) -> Option<&'static [u8]> {
        None
    }
    /// Whether the format's files list their entries newest first (PagerDuty's log
    /// entries): entries of the same second then happened in the reverse of file order.
    fn newest_first(&self) -> bool {
        false
    }
    /// One element of a [`Format::json_arrays`] array; `ctx.line` is the line it starts on.
    fn parse_value(&mut self, _value: serde_json::Value, _ctx: &mut LineContext) -> Parsed {
        Parsed::Unparsed
    }
}

/// The span of time an import keeps: `[since, until]`, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

impl Window {
    /// Whether an entry falls in the window; a minute-precision stamp (`HH:MM`) matches if
    /// any second of its minute does.
    pub fn contains(&self, entry: &Entry) -> bool {
        if entry.minute_precision {
            let end = crate::time::add_saturating(entry.at, TimeDelta::seconds(59));
            end >= self.since && entry.at <= self.until
        } else {
            entry.at >= self.since && entry.at <= self.until
        }
    }
}

/// Every known format, in the order detection tries them.
pub fn formats() -> Vec<Box<dyn Format>> {
    vec![
        Box::new(irssi::Irssi),
        Box::new(mattermost::Mattermost),
        Box::new(discord::Discord::default()),
        Box::new(matrix::Matrix::default()),
        Box::new(pagerduty::Pagerduty),
        Box::new(weechat::Weechat),
        Box::new(znc::Znc),
        Box::new(hexchat::Hexchat),
        Box::new(limnoria::Limnoria),
        Box::new(irclogs::Irclogs::default()),
        Box::new(textual::Textual),
    ]
}

/// The names `format:` of a chat source may take.
pub fn format_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = formats().iter().map(|f| f.name()).collect();
    names.push("slack");
    names.push("auto");
    names
}

/// A fresh parser for the format named `name` (`irssi`, `weechat`, `znc`, ...).
pub fn by_name(name: &str) -> Option<Box<dyn Format>> {
    formats().into_iter().find(|f| f.name() == name)
}

/// The first format whose `detect` accepts these lines.
pub fn detect(first_lines: &[&str]) -> Option<Box<dyn Format>> {
    formats().into_iter().find(|f| f.detect(first_lines))
}

/// Decodes one raw line and applies the hygiene every format expects.
pub fn clean_line(bytes: &[u8]) -> String {
    let decoded = text::decode_line(bytes);
    text::strip_formatting(text::strip_bom(&decoded)).into_owned()
}

/// What reading one log produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub entries: Vec<Entry>,
    /// Line numbers that fit no grammar (or came before any date was known).
    pub unparsed: Vec<usize>,
    pub ambiguous: usize,
    pub shifted: usize,
}

/// Reads a whole log held in memory through `format`. The command will stream files and
/// filter on a window; this is the same loop without either.
pub fn read(format: &mut dyn Format, bytes: &[u8], tz: Tz, date: Option<NaiveDate>) -> Transcript {
    let mut ctx = LineContext::new(tz);
    ctx.date = date;
    let mut out = Transcript::default();
    if !format.json_arrays().is_empty() {
        let keys = format.json_arrays();
        // Invalid JSON or a document cut short ends the read: what came before stays.
        let path = std::path::Path::new("");
        let _ = json::for_each_element(bytes, path, keys, json::From::Start, |element| {
            ctx.line = element.line;
            let parsed = match serde_json::from_slice(element.raw) {
                Ok(value) => format.parse_value(value, &mut ctx),
                Err(_) => Parsed::Unparsed,
            };
            match parsed {
                Parsed::Entry(entry) => out.entries.push(entry),
                Parsed::Entries(entries) => out.entries.extend(entries),
                Parsed::Unparsed | Parsed::Undated => out.unparsed.push(element.line),
                _ => {}
            }
            Ok(true)
        });
        out.ambiguous = ctx.ambiguous;
        out.shifted = ctx.shifted;
        return out;
    }
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    if body.is_empty() {
        return out;
    }
    for (index, raw) in body.split(|&b| b == b'\n').enumerate() {
        ctx.line = index + 1;
        let line = clean_line(raw);
        match format.parse_line(&line, &mut ctx) {
            Parsed::Entry(entry) => out.entries.push(entry),
            Parsed::Entries(entries) => out.entries.extend(entries),
            Parsed::DateChange(day) => ctx.date = Some(day),
            Parsed::Continuation(more) => match out.entries.last_mut() {
                Some(last) => {
                    last.text.push('\n');
                    last.text.push_str(&more);
                }
                None => out.unparsed.push(ctx.line),
            },
            Parsed::Skip => {}
            Parsed::Unparsed | Parsed::Undated => out.unparsed.push(ctx.line),
        }
    }
    out.ambiguous = ctx.ambiguous;
    out.shifted = ctx.shifted;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn berlin() -> Tz {
        chrono_tz::Europe::Berlin
    }

    fn naive(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_registry_knows_each_format_once() {
        let names: Vec<_> = formats().iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "irssi",
                "mattermost",
                "discord",
                "matrix",
                "pagerduty",
                "weechat",
                "znc",
                "hexchat",
                "limnoria",
                "irclogs",
                "textual"
            ]
        );
        assert_eq!(by_name("weechat").map(|f| f.name()), Some("weechat"));
        assert!(by_name("mirc").is_none());
    }

    #[test]
    fn detect_picks_the_format_that_fits() {
        let irssi = ["--- Log opened Sat Mar 14 09:00:00 2026", "09:00 < ann> hi"];
        let weechat = ["2026-03-14 09:00:00\tann\thi"];
        assert_eq!(detect(&irssi).map(|f| f.name()), Some("irssi"));
        assert_eq!(detect(&weechat).map(|f| f.name()), Some("weechat"));
        assert!(detect(&["just some prose", "and more"]).is_none());
        assert!(detect(&[]).is_none());
    }

    #[test]
    fn an_ambiguous_time_takes_the_earlier_instant_and_is_counted() {
        let mut ctx = LineContext::new(berlin());
        // 2026-10-25: Berlin goes from 03:00 CEST back to 02:00 CET.
        let t = ctx.instant(naive("2026-10-25 02:30")).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        assert_eq!((ctx.ambiguous, ctx.shifted), (1, 0));
    }

    #[test]
    fn a_skipped_time_shifts_forward_and_is_counted() {
        let mut ctx = LineContext::new(berlin());
        // 2026-03-29: Berlin jumps from 02:00 CET to 03:00 CEST.
        let t = ctx.instant(naive("2026-03-29 02:30")).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-29T01:30:00+00:00");
        assert_eq!((ctx.ambiguous, ctx.shifted), (0, 1));
        let plain = ctx.instant(naive("2026-03-29 04:00")).unwrap();
        assert_eq!(plain.to_rfc3339(), "2026-03-29T02:00:00+00:00");
        assert_eq!(ctx.shifted, 1);
    }

    #[test]
    fn no_date_means_no_instant() {
        let mut ctx = LineContext::new(berlin());
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert!(ctx.on_current_date(nine).is_none());
        ctx.date = NaiveDate::from_ymd_opt(2026, 3, 14);
        assert!(ctx.on_current_date(nine).is_some());
    }
}
