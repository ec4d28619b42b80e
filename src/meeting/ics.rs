//! An iCalendar (RFC 5545) writer for one invitation: a VCALENDAR with METHOD:REQUEST or
//! METHOD:CANCEL and one VEVENT. Small on purpose: what pm writes is fixed, so a writer
//! of these few properties (CRLF line ends, lines folded at 75 octets without splitting a
//! UTF-8 character, TEXT escaped, parameters quoted) is clearer than a general library;
//! the tests read its output back with a real parser (the `icalendar` crate).

use chrono::{DateTime, Utc};

/// What the invitation asks of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

/// How someone is invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// ROLE=REQ-PARTICIPANT, RSVP=TRUE.
    Required,
    /// ROLE=OPT-PARTICIPANT, RSVP=FALSE (the mailing list: anyone may come).
    Optional,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub name: String,
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub method: Method,
    pub uid: String,
    pub sequence: i64,
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub url: Option<String>,
    pub organizer_name: String,
    pub organizer_email: String,
    pub attendees: Vec<Attendee>,
}

const PRODID: &str = "-//pm//postmortem meeting//EN";

/// The invitation as iCalendar text.
pub fn write(event: &Event) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&fold(&text));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN".into());
    line(format!(
        "METHOD:{}",
        match event.method {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    ));
    line("BEGIN:VEVENT".into());
    line(format!("UID:{}", text(&event.uid)));
    line(format!("SEQUENCE:{}", event.sequence));
    line(format!("DTSTAMP:{}", utc(event.stamp)));
    line(format!("DTSTART:{}", utc(event.start)));
    line(format!("DTEND:{}", utc(event.end)));
    line(format!("SUMMARY:{}", text(&event.summary)));
    line(format!(
        "STATUS:{}",
        match event.method {
            Method::Request => "CONFIRMED",
            Method::Cancel => "CANCELLED",
        }
    ));
    if let Some(location) = &event.location {
        line(format!("LOCATION:{}", text(location)));
    }
    if let Some(url) = &event.url {
        // A URI value is not TEXT: no escaping, only folding.
        line(format!("URL:{url}"));
    }
    line(format!(
        "ORGANIZER;CN={}:mailto:{}",
        param(&event.organizer_name),
        event.organizer_email
    ));
    for a in &event.attendees {
        let (role, rsvp) = match a.role {
            Role::Required => ("REQ-PARTICIPANT", "TRUE"),
            Role::Optional => ("OPT-PARTICIPANT", "FALSE"),
        };
        line(format!(
            "ATTENDEE;CN={};ROLE={role};PARTSTAT=NEEDS-ACTION;RSVP={rsvp}:mailto:{}",
            param(&a.name),
            a.email
        ));
    }
    line(format!("DESCRIPTION:{}", text(&event.description)));
    line("TRANSP:OPAQUE".into());
    line("END:VEVENT".into());
    line("END:VCALENDAR".into());
    out
}

/// `20260317T150000Z`.
pub fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value escaped (RFC 5545 3.3.11): `\` `;` `,` and line breaks.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: quoted when it holds `:` `;` `,`; a `"` (not allowed in one)
/// becomes `'`, controls spaces.
pub fn param(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// A content line folded (RFC 5545 3.1): at most 75 octets a line, continuation lines
/// starting with a space, never inside a UTF-8 character.
pub fn fold(line: &str) -> String {
    const MAX: usize = 75;
    if line.len() <= MAX {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > MAX {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let line = format!("SUMMARY:{}", "ü".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= 75, "{} octets: {part}", part.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
        assert_eq!(fold("short"), "short");
    }

    #[test]
    fn escapes_text_and_quotes_parameters() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(param("Lima, Ana"), "\"Lima, Ana\"");
        assert_eq!(param("Ana \"the\" Lima"), "Ana 'the' Lima");
        assert_eq!(param("Ana Lima"), "Ana Lima");
    }
}
