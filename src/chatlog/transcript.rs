//! The chat transcript block `pm import-logs` manages inside a document's Timeline section:
//! rendering entries as markdown that shows chat text literally, finding the block again,
//! telling whether it was edited by hand, and splicing a new one in.
//!
//! ```text
//! <!-- pm import-logs: begin checksum=fnv1a64:0123456789abcdef (...) -->
//!
//! Chat transcript of #ops, 2026-03-14 08:57 to 10:20 UTC, imported by `pm import-logs`.
//!
//! - 09:12:04 **ben**: checkout 503s are climbing
//!
//! <!-- pm import-logs: end -->
//! ```
//!
//! The checksum covers the lines between the two markers, so a hand edit is noticed.

use std::ops::Range;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::output::markdown;

use super::{Entry, Kind};
use crate::document::{TRANSCRIPT_BEGIN as BEGIN, TRANSCRIPT_END as END};

const BEGIN_NOTE: &str =
    "(written by pm import-logs: re-run it to update these lines; hand edits make it refuse)";

/// An entry of the transcript as it is rendered: the channel it came from, when shown.
pub struct Line<'a> {
    pub entry: &'a Entry,
    pub channel: Option<&'a str>,
}

/// How times are shown.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub tz: Tz,
    /// Show the date: the transcript spans several days in `tz`.
    pub date: bool,
    /// Show the zone's abbreviation on every line: its offset changes within the transcript.
    pub zone: bool,
}

impl Clock {
    /// The clock for a set of instants shown in `tz`.
    pub fn for_times(tz: Tz, times: impl Iterator<Item = DateTime<Utc>> + Clone) -> Clock {
        use chrono::Offset;
        let mut days = times.clone().map(|t| t.with_timezone(&tz).date_naive());
        let first_day = days.next();
        let date = days.any(|d| Some(d) != first_day);
        let mut offsets = times.map(|t| t.with_timezone(&tz).offset().fix());
        let first_offset = offsets.next();
        let zone = offsets.any(|o| Some(o) != first_offset);
        Clock { tz, date, zone }
    }

    pub fn show(&self, t: DateTime<Utc>, seconds: bool) -> String {
        let local = t.with_timezone(&self.tz);
        let mut format = String::new();
        if self.date {
            format.push_str("%Y-%m-%d ");
        }
        format.push_str(if seconds { "%H:%M:%S" } else { "%H:%M" });
        if self.zone {
            format.push_str(" %Z");
        }
        local.format(&format).to_string()
    }
}

/// One entry as a list item.
pub fn render_line(line: &Line<'_>, clock: &Clock) -> String {
    let e = line.entry;
    let mut s = String::from("- ");
    s.push_str(&clock.show(e.at, !e.minute_precision));
    s.push(' ');
    let nick = e.nick.replace(['\n', '\r'], " ").trim().to_string();
    let pairs = markdown::Pairs::of(&format!("{}{nick}{}", line.channel.unwrap_or(""), e.text));
    if let Some(channel) = line.channel {
        s.push_str(&markdown::text_with(channel, pairs));
        s.push(' ');
    }
    if e.thread_reply {
        s.push_str("↳ ");
    }
    let nick = markdown::text_with(&nick, pairs);
    let text = markdown::text_with(&e.text, pairs);
    match e.kind {
        Kind::Message if !nick.is_empty() => {
            s.push_str(&format!("**{nick}**: {text}"));
        }
        Kind::Action if !nick.is_empty() => {
            s.push_str(&format!("\\* **{nick}** {text}"));
        }
        _ => {
            s.push_str("— ");
            s.push_str(&text);
        }
    }
    let kept = s.trim_end().len();
    s.truncate(kept);
    s
}

/// The whole block, marker lines included, ending with a newline.
pub fn render_block<S: AsRef<str>>(intro: &str, lines: impl IntoIterator<Item = S>) -> String {
    let lines: Vec<S> = lines.into_iter().collect();
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_block(&mut out, intro, || lines.iter().map(AsRef::as_ref));
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes the whole block as [`render_block`] makes it, without holding it: `lines` is
/// called twice, once for the checksum in the begin marker and once to write them, so a
/// transcript of a long window streams out in constant memory.
pub fn write_block<I, S>(
    out: &mut dyn std::io::Write,
    intro: &str,
    lines: impl Fn() -> I,
) -> std::io::Result<()>
where
    I: Iterator<Item = S>,
    S: AsRef<str>,
{
    let content = |sink: &mut dyn FnMut(&str) -> std::io::Result<()>| -> std::io::Result<()> {
        sink("\n")?;
        sink(intro)?;
        sink("\n\n")?;
        for line in lines() {
            sink(line.as_ref())?;
            sink("\n")?;
        }
        sink("\n")
    };
    let mut hash = Checksum::default();
    content(&mut |piece| {
        hash.update(piece);
        Ok(())
    })?;
    writeln!(
        out,
        "{BEGIN} checksum=fnv1a64:{:016x} {BEGIN_NOTE} -->",
        hash.0
    )?;
    content(&mut |piece| out.write_all(piece.as_bytes()))?;
    writeln!(out, "{END} -->")
}

/// The length in bytes of the block [`write_block`] writes, counted without holding it.
pub fn block_len<I, S>(intro: &str, lines: impl Fn() -> I) -> std::io::Result<usize>
where
    I: Iterator<Item = S>,
    S: AsRef<str>,
{
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    write_block(&mut count, intro, lines)?;
    Ok(count.0)
}

/// FNV-1a (64 bits) of the text, line endings normalised to `\n` (a CRLF checkout holds the
/// same block). A checksum against accidental edits, not a signature.
pub fn checksum(text: &str) -> u64 {
    let mut hash = Checksum::default();
    hash.update(text);
    hash.0
}

/// [`checksum`] over text given in pieces.
struct Checksum(u64);

impl Default for Checksum {
    fn default() -> Self {
        Checksum(0xcbf2_9ce4_8422_2325)
    }
}

impl Checksum {
    fn update(&mut self, text: &str) {
        for &b in text.as_bytes() {
            if b == b'\r' {
                continue;
            }
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A managed block found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// From the start of the begin line to the end of the end line (its newline included).
    pub range: Range<usize>,
    /// 1-based line of the begin marker.
    pub line: usize,
    /// The checksum the begin marker states, if it states one that can be read.
    pub stated: Option<u64>,
    /// The checksum of the lines between the markers now.
    pub actual: u64,
}

impl Found {
    pub fn edited(&self) -> bool {
        self.stated != Some(self.actual)
    }
}

/// Why the block could not be found cleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockError {
    /// A begin marker without an end marker after it (1-based line).
    Unclosed(usize),
    /// An end marker without a begin marker before it.
    Unopened(usize),
    /// More than one block (the lines of the first two begin markers).
    Several(usize, usize),
}

/// Finds the managed block by its marker lines.
pub fn find(text: &str) -> Result<Option<Found>, BlockError> {
    let mut begin: Option<(usize, usize, &str)> = None; // (offset, line, marker line)
    let mut found: Option<Found> = None;
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.starts_with(BEGIN) {
            if let Some(f) = &found {
                return Err(BlockError::Several(f.line, line_no));
            }
            if let Some((_, first, _)) = begin {
                return Err(BlockError::Several(first, line_no));
            }
            begin = Some((offset, line_no, line));
        } else if line.starts_with(END) {
            let Some((start, first, marker)) = begin.take() else {
                return Err(BlockError::Unopened(line_no));
            };
            // Content: after the begin line's line ending, up to the end line.
            let after_begin = start
                + text[start..]
                    .find('\n')
                    .map_or(text.len() - start, |i| i + 1);
            let content = &text[after_begin.min(offset)..offset];
            found = Some(Found {
                range: start..offset + raw.len(),
                line: first,
                stated: stated_checksum(marker),
                actual: checksum(content),
            });
        }
        offset += raw.len();
    }
    if let Some((_, line, _)) = begin {
        return Err(BlockError::Unclosed(line));
    }
    Ok(found)
}

fn stated_checksum(marker: &str) -> Option<u64> {
    let (_, rest) = marker.split_once("checksum=fnv1a64:")?;
    let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
    if hex.len() != 16 {
        return None;
    }
    u64::from_str_radix(&hex, 16).ok()
}

/// Where a new block goes in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Replace this range (an existing block).
    Replace(Range<usize>),
    /// At the end of the Timeline section's content, at this offset.
    InTimeline(usize),
    /// A new `## Timeline` section at this offset (before the heading there, or the end).
    NewSection(usize),
}

/// Sections that come after the Timeline in the template, in order.
const AFTER_TIMELINE: &[&str] = &["Discussion", "Remediation items"];
/// Sections that come before it.
const BEFORE_TIMELINE: &[&str] = &["Summary", "Impact"];

/// Where the block goes when the document has none yet: the end of the Timeline section,
/// else a new Timeline section where the template has it.
pub fn place(text: &str, sections: &[crate::document::Section]) -> Place {
    let find = |title: &str| {
        sections
            .iter()
            .find(|s| s.title.eq_ignore_ascii_case(title))
    };
    if let Some(timeline) = find("Timeline") {
        let span = &text[timeline.heading.start..timeline.content.end.min(text.len())];
        return Place::InTimeline(timeline.heading.start + span.trim_end().len());
    }
    if let Some(next) = AFTER_TIMELINE.iter().find_map(|t| find(t)) {
        return Place::NewSection(next.heading.start);
    }
    if let Some(before) = BEFORE_TIMELINE.iter().rev().find_map(|t| find(t)) {
        // The section after it starts where its content ends.
        return Place::NewSection(before.content.end.min(text.len()));
    }
    Place::NewSection(text.len())
}

/// The document with `block` put at `place`; everything outside the block is kept byte for
/// byte, except blank lines around the place where a block is inserted.
pub fn splice(text: &str, place: &Place, block: &str) -> String {
    let (before, after) = around(text, place);
    let mut s = String::with_capacity(text.len() + block.len() + 16);
    before.iter().for_each(|p| s.push_str(p));
    s.push_str(block);
    after.iter().for_each(|p| s.push_str(p));
    s
}

/// What [`splice`] puts before the block and after it, in pieces, for a caller that
/// writes the block out itself ([`write_block`]).
pub fn around<'a>(text: &'a str, place: &Place) -> ([&'a str; 3], [&'a str; 2]) {
    // `before`, a blank line, `middle`, and the rest after a blank line (or nothing).
    let join = |before: &'a str, heading: &'static str, after: &'a str| {
        let rest = after.trim_start_matches(['\n', '\r', ' ', '\t']);
        let gap = if before.is_empty() { "" } else { "\n\n" };
        let next = if rest.is_empty() { "" } else { "\n" };
        ([before, gap, heading], [next, rest])
    };
    match place {
        Place::Replace(range) => ([&text[..range.start], "", ""], [&text[range.end..], ""]),
        Place::InTimeline(at) => join(&text[..*at], "", &text[*at..]),
        Place::NewSection(at) => join(text[..*at].trim_end(), "## Timeline\n\n", &text[*at..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `document::transcript` reads back the speakers of what `render_line` wrote.
    #[test]
    fn the_documents_reader_reads_the_rendered_lines_back() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-03-14T09:21:04Z")
            .unwrap()
            .with_timezone(&Utc);
        let entry = |kind, nick: &str, thread_reply| Entry {
            at,
            minute_precision: false,
            kind,
            nick: nick.into(),
            text: "x_y_z *bold* <b>".into(),
            line: 1,
            thread_reply,
            ..Entry::default()
        };
        let entries = [
            entry(Kind::Message, "ana_l_", false),
            entry(Kind::Action, "[ben]", true),
            entry(Kind::Message, "chris", false),
        ];
        let clock = Clock::for_times(chrono_tz::Europe::Berlin, [at].into_iter());
        let lines: Vec<String> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let channel = (i == 2).then_some("#ops");
                render_line(&Line { entry: e, channel }, &clock)
            })
            .collect();
        let block = render_block("Chat transcript of #ops, 2026-03-14 10:00 CET.", &lines);
        let said = crate::document::transcript::said(&block);
        let who: Vec<&str> = said.iter().map(|s| s.who.as_str()).collect();
        assert_eq!(who, ["ana_l_", "[ben]", "chris"], "{block}");
        assert_eq!(
            said[0].at.map(|t| t.to_string()).as_deref(),
            Some("2026-03-14 10:21:04")
        );
    }

    #[test]
    fn the_clock_shows_dates_and_zones_only_when_they_change() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let berlin = chrono_tz::Europe::Berlin;
        let same = [t("2026-03-14T09:00:00Z"), t("2026-03-14T10:00:00Z")];
        let c = Clock::for_times(berlin, same.iter().copied());
        assert_eq!((c.date, c.zone), (false, false));
        assert_eq!(c.show(same[0], true), "10:00:00");
        let two_days = [t("2026-03-14T22:30:00Z"), t("2026-03-14T23:30:00Z")];
        let c = Clock::for_times(berlin, two_days.iter().copied());
        assert_eq!((c.date, c.zone), (true, false));
        assert_eq!(c.show(two_days[1], false), "2026-03-15 00:30");
        let dst = [t("2026-03-29T00:30:00Z"), t("2026-03-29T01:30:00Z")];
        let c = Clock::for_times(berlin, dst.iter().copied());
        assert_eq!(c.show(dst[1], true), "03:30:00 CEST");
    }

    #[test]
    fn checksum_ignores_carriage_returns() {
        assert_eq!(checksum("a\nb\n"), checksum("a\r\nb\r\n"));
        assert_ne!(checksum("a\nb\n"), checksum("a\nc\n"));
    }

    #[test]
    fn a_rendered_block_is_found_and_not_edited() {
        let block = render_block("Intro.", &["- 09:00 **a**: hi".to_string()]);
        let doc = format!("# T\n\n## Timeline\n\n{block}\n## Discussion\n");
        let found = find(&doc).unwrap().unwrap();
        assert!(!found.edited());
        assert_eq!(&doc[found.range.clone()], block);
        assert_eq!(found.line, 5);
        let edited = doc.replace("**a**: hi", "**a**: hello");
        assert!(find(&edited).unwrap().unwrap().edited());
    }

    #[test]
    fn broken_blocks_are_errors() {
        let block = render_block("Intro.", Vec::<String>::new());
        let begin = block.lines().next().unwrap();
        assert_eq!(find(&format!("x\n{begin}\n")), Err(BlockError::Unclosed(2)));
        assert_eq!(find(&format!("{END} -->\n")), Err(BlockError::Unopened(1)));
        assert_eq!(
            find(&format!("{block}{block}")),
            Err(BlockError::Several(1, block.lines().count() + 1))
        );
        assert_eq!(find("no block here\n"), Ok(None));
    }

    mod injection {
        //! Chat text can never change the document's structure: for generated messages full
        //! of markup, the document is re-parsed every time and must keep its front matter,
        //! its sections and its one block, and every message must render as its own text.
        use super::super::*;
        use crate::chatlog::{Entry, Kind};
        use crate::document::{Depth, Schema};
        use proptest::prelude::*;
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

        const DOC: &str = "---\ntitle: T\nstatus: draft\nstarted_at: 2026-03-14T09:00:00Z\nchannels: [\"#ops\"]\n---\n# T\n\n## Summary\nS.\n\n## Timeline\n- 09:00 UTC start\n\n## Discussion\nD.\n";

        fn fragment() -> impl Strategy<Value = String> {
            prop_oneof![
                prop::sample::select(vec![
                    "---",
                    "#",
                    "## Heading",
                    "<!--",
                    "-->",
                    BEGIN,
                    END,
                    "`",
                    "```",
                    "|",
                    "| a | b |",
                    "<script>alert(1)</script>",
                    "1. ",
                    "\n",
                    "\r",
                    "\r\n",
                    "*",
                    "**",
                    "_",
                    "~~",
                    "~",
                    "$",
                    "$$",
                    "&amp;",
                    "&#60;",
                    "&lt;",
                    "\\",
                    "[x](http://e.com)",
                    "![i](x.png)",
                    "<br>",
                    " ",
                    "    ",
                    "\t",
                    "> ",
                    "[^1]",
                    "[ ] ",
                    "<http://a.b>",
                    "www.ex.com",
                    "a@b.com",
                    "\u{202e}",
                    "\u{2028}",
                    "\u{0}",
                    "\u{7f}",
                    "\u{85}",
                    "=====",
                    "+",
                    ":",
                    "@",
                ])
                .prop_map(str::to_string),
                "\\PC{0,10}",
                ".{0,6}",
            ]
        }

        fn text() -> impl Strategy<Value = String> {
            prop::collection::vec(fragment(), 0..8).prop_map(|v| v.concat())
        }

        fn entry() -> impl Strategy<Value = (Entry, bool)> {
            (
                text(),
                "[a-zA-Z0-9_*\\[\\]`|<>~$&#!\\\\-]{1,8}",
                0..3u8,
                any::<bool>(),
                any::<bool>(),
                0..7200i64,
            )
                .prop_map(|(text, nick, kind, reply, channel, secs)| {
                    let at = "2026-03-14T09:00:00Z"
                        .parse::<chrono::DateTime<chrono::Utc>>()
                        .unwrap()
                        + chrono::TimeDelta::seconds(secs);
                    let kind = [Kind::Message, Kind::Action, Kind::Join][kind as usize];
                    (
                        Entry {
                            at,
                            minute_precision: false,
                            kind,
                            nick,
                            text,
                            line: 1,
                            thread_reply: reply,
                            ..Entry::default()
                        },
                        channel,
                    )
                })
        }

        /// What a reader sees of a text: line breaks as breaks, controls as spaces.
        fn seen(text: &str) -> String {
            let mut out = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\r' => {
                        chars.next_if_eq(&'\n');
                        out.push('\n');
                    }
                    '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
                    '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
                    c if c.is_control() => out.push(' '),
                    c => out.push(c),
                }
            }
            out
        }

        fn options() -> Options {
            Options::ENABLE_TABLES
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_MATH
                | Options::ENABLE_GFM
        }

        /// The text of each list item of `block`, and anything that is not plain text.
        fn items(block: &str) -> (Vec<String>, Vec<String>) {
            let mut items = Vec::new();
            let mut odd = Vec::new();
            let mut depth = 0;
            let mut strong = 0;
            for event in Parser::new_ext(block, options()) {
                match event {
                    Event::Start(Tag::Item) => {
                        depth += 1;
                        items.push(String::new());
                    }
                    Event::End(TagEnd::Item) => depth -= 1,
                    Event::Start(Tag::Strong) => strong += 1,
                    Event::End(TagEnd::Strong) => {}
                    Event::Text(t) if depth > 0 => items.last_mut().unwrap().push_str(&t),
                    Event::InlineHtml(h) if depth > 0 && &*h == "<br>" => {
                        items.last_mut().unwrap().push('\n')
                    }
                    // GFM autolinks keep their text: a URL in chat may be clickable.
                    Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => {}
                    Event::Start(Tag::List(_)) | Event::End(TagEnd::List(_)) => {}
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                    Event::Html(h) if h.starts_with(BEGIN) || h.starts_with(END) => {}
                    Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
                    Event::Text(_) | Event::Code(_) if depth == 0 => {}
                    other => odd.push(format!("{other:?}")),
                }
            }
            if strong > items.len() {
                odd.push(format!("{strong} strong spans for {} items", items.len()));
            }
            (items, odd)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            #[test]
            fn chat_text_never_changes_the_document(entries in prop::collection::vec(entry(), 1..12)) {
                let mut entries = entries;
                entries.sort_by_key(|(e, _)| e.at);
                let clock = Clock { tz: chrono_tz::UTC, date: false, zone: false };
                let lines: Vec<String> = entries
                    .iter()
                    .map(|(e, c)| render_line(&Line { entry: e, channel: c.then_some("#ops") }, &clock))
                    .collect();
                for l in &lines {
                    prop_assert!(!l.contains('\n') && !l.contains('\r'), "one line each: {l:?}");
                }
                let block = render_block("Chat transcript.", &lines);
                let schema = Schema { severities: vec!["SEV1"], types: crate::document::frontmatter::DEFAULT_TYPES.to_vec(), timezone: chrono_tz::UTC, item_headings: vec!["Remediation items"] };
                let parse = |text: &str| {
                    let source = crate::parse::Source::new("t.md".into(), "t.md".into(), text.to_string());
                    crate::document::parse(source, &schema, Depth::Full)
                };
                let before = parse(DOC);
                let place = place(DOC, &before.sections);
                let text = splice(DOC, &place, &block);
                let after = parse(&text);
                prop_assert_eq!(after.front.title.clone(), before.front.title.clone());
                prop_assert_eq!(after.front.channels.clone(), before.front.channels.clone());
                prop_assert_eq!(after.front.started_at, before.front.started_at);
                prop_assert_eq!(after.diagnostics.len(), before.diagnostics.len());
                let titles = |d: &crate::document::Document| d.sections.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
                prop_assert_eq!(titles(&after), titles(&before));
                let found = find(&text).expect("one block").expect("a block");
                prop_assert!(!found.edited());
                prop_assert_eq!(&text[found.range.clone()], block.as_str());
                // Everything outside the block is the document as it was.
                prop_assert_eq!(format!("{}{}", &text[..found.range.start], &text[found.range.end..]).replace("\n\n\n", "\n\n"), DOC.replace("\n\n## Discussion", "\n\n\n## Discussion").replace("\n\n\n", "\n\n"));
                let (items, odd) = items(&block);
                prop_assert!(odd.is_empty(), "markup from chat text: {odd:?}\n{block}");
                prop_assert_eq!(items.len(), entries.len(), "{}", block);
                for ((e, c), item) in entries.iter().zip(&items) {
                    let time = e.at.format("%H:%M:%S");
                    let chan = if *c { "#ops " } else { "" };
                    let reply = if e.thread_reply { "↳ " } else { "" };
                    let nick = seen(&e.nick.replace(['\n', '\r'], " ")).trim().to_string();
                    let body = match e.kind {
                        Kind::Message if !nick.is_empty() => format!("{nick}: {}", seen(&e.text)),
                        Kind::Action if !nick.is_empty() => format!("* {nick} {}", seen(&e.text)),
                        _ => format!("— {}", seen(&e.text)),
                    };
                    let expected = format!("{time} {chan}{reply}{body}");
                    prop_assert_eq!(item.trim_end(), expected.trim_end());
                }
            }
        }
    }
}
