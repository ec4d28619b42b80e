//! Reading back who spoke when in the chat transcript block `pm import-logs` writes
//! (`chatlog::transcript` renders its lines; a test there reads them back with this).
//! `pm check` asks whether the facilitator spoke, `pm schedule` invites the speakers,
//! `pm meeting` marks the silences.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{TRANSCRIPT_BEGIN, TRANSCRIPT_END};

/// One message of the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// Where the line starts in the document's text.
    pub offset: usize,
    /// The wall-clock time the line shows, in the repository time zone, with the date the
    /// line or the block's intro gives; `None` when it cannot be read.
    pub at: Option<NaiveDateTime>,
    /// The speaker's handle, unescaped; empty for an event line (`— ana has joined`).
    pub who: String,
    /// The message text as written (markdown-escaped).
    pub text: String,
}

/// The lines of the transcript block in `text`, in order; empty without a block.
pub fn said(text: &str) -> Vec<Said> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut day: Option<NaiveDate> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.starts_with(TRANSCRIPT_BEGIN) {
            inside = true;
            continue;
        }
        if line.starts_with(TRANSCRIPT_END) {
            inside = false;
            continue;
        }
        if !inside {
            continue;
        }
        let Some(rest) = line.strip_prefix("- ") else {
            // The intro names the first day: "Chat transcript of #ops, 2026-03-14 08:57 ...".
            if day.is_none() {
                day = first_date(line);
            }
            continue;
        };
        let (at, rest) = clock(rest, &mut day);
        let rest = rest.trim_start();
        // An optional channel, an optional thread arrow, then the speaker in bold.
        let rest = match rest.strip_prefix('#') {
            Some(r) => r.split_once(' ').map_or("", |(_, r)| r),
            None => rest,
        };
        let rest = rest.strip_prefix("↳ ").unwrap_or(rest);
        let rest = rest.strip_prefix("\\* ").unwrap_or(rest);
        let (who, said) = match rest.strip_prefix("**").and_then(bold_end) {
            Some((nick, after)) => (unescape(nick), after.trim_start_matches(':').trim_start()),
            None => (String::new(), rest.trim_start_matches("— ")),
        };
        out.push(Said {
            offset: start,
            at,
            who,
            text: said.to_string(),
        });
    }
    out
}

/// The handles that spoke (messages and actions), each once, in order of first line.
pub fn speakers(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for s in said(text) {
        if !s.who.is_empty() && !seen.iter().any(|h| h.eq_ignore_ascii_case(&s.who)) {
            seen.push(s.who);
        }
    }
    seen
}

/// The end of a bold nick: `nick** rest` -> (`nick`, `rest`), skipping escaped stars.
fn bold_end(s: &str) -> Option<(&str, &str)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'*' if bytes[i + 1] == b'*' => return Some((&s[..i], &s[i + 2..])),
            _ => i += 1,
        }
    }
    None
}

/// The line's leading time (`09:12:04`, `09:12`, `2026-03-14 09:12`, a zone name after
/// it), and the rest of the line.
fn clock<'a>(s: &'a str, day: &mut Option<NaiveDate>) -> (Option<NaiveDateTime>, &'a str) {
    let mut rest = s;
    if let Some(date) = rest
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        *day = Some(date);
        rest = rest[10..].trim_start();
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let time = NaiveTime::parse_from_str(&rest[..end], "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(&rest[..end], "%H:%M"))
        .ok();
    rest = &rest[end..];
    // A zone abbreviation (`CET`, `+03`) follows when the offset changes in the block.
    let trimmed = rest.trim_start();
    if let Some((word, after)) = trimmed.split_once(' ')
        && !word.is_empty()
        && !word.starts_with(['#', '*', '\\', '—', '↳'])
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '+' || c == '-')
    {
        rest = after;
    }
    (time.and_then(|t| Some(day.as_ref()?.and_time(t))), rest)
}

fn first_date(line: &str) -> Option<NaiveDate> {
    line.char_indices().find_map(|(i, _)| {
        line.get(i..i + 10)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    })
}

/// Undoes the markdown escaping of a nick: `\_` -> `_`, `&lt;` -> `<`.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_speakers_times_and_events() {
        let text = "## Timeline\n\n<!-- pm import-logs: begin checksum=fnv1a64:0 (x) -->\n\nChat transcript of #ops, 2026-11-18 07:17 UTC to 10:31 UTC.\n\n- 07:26:14 #ops — lena has joined #ops\n- 08:42:30 #ops **yusuf**: ack, looking\n- 08:49:12 #ops \\* **yusuf** opens the dashboard\n- 2026-11-19 00:01 CET **mi\\_ra\\_**: next day\n- 09:00 ↳ **ben**: reply\n\n<!-- pm import-logs: end -->\n- 10:00 **outside**: not in the block\n";
        let said = said(text);
        assert_eq!(said.len(), 5);
        assert_eq!(said[0].who, "");
        assert_eq!(said[1].who, "yusuf");
        assert_eq!(said[1].text, "ack, looking");
        assert_eq!(
            said[1].at.map(|t| t.to_string()).as_deref(),
            Some("2026-11-18 08:42:30")
        );
        assert_eq!(said[3].who, "mi_ra_");
        assert_eq!(
            said[3].at.map(|t| t.to_string()).as_deref(),
            Some("2026-11-19 00:01:00")
        );
        assert_eq!(said[4].who, "ben");
        assert_eq!(speakers(text), ["yusuf", "mi_ra_", "ben"]);
        assert!(&text[said[1].offset..].starts_with("- 08:42:30"));
    }
}
