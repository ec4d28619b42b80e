//! The facilitator's sheet (`pm meeting`): what the facilitator holds during the meeting.
//! The agenda with clock times, the ground rules, the key times, the timeline condensed
//! from the Timeline section with markers for the moments to ask about (a silence in the
//! chat, a person appearing for the first time, words the language rules flag), the
//! discussion questions tied to this incident's facts, and the open remediation items.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::agenda::{self, Part};
use crate::document::people::Directory;
use crate::document::transcript::{self, Said};
use crate::document::{Document, ItemStatus, TRANSCRIPT_BEGIN, TRANSCRIPT_END};
use crate::time::format_duration;

/// The ground rules, in two lines.
pub const GROUND_RULES: [&str; 2] = [
    "We are here to learn how the incident happened: people did what made sense to them with what they knew then.",
    "No counterfactuals (\"should have\", \"could have\"), no blame: ask what people saw, knew and expected.",
];

#[derive(Debug, Serialize)]
pub struct Sheet {
    pub id: String,
    pub title: String,
    /// The meeting's start and end (RFC 3339), when `meeting_at` is set.
    pub start: Option<String>,
    pub end: Option<String>,
    /// The same, shown in the repository time zone.
    #[serde(skip)]
    pub when: Option<String>,
    pub duration_minutes: i64,
    pub location: Option<String>,
    pub facilitator: Option<String>,
    pub agenda: Vec<AgendaPart>,
    pub ground_rules: [&'static str; 2],
    /// (what, when, how long after the start).
    pub key_times: Vec<KeyTime>,
    pub timeline: Vec<Row>,
    /// Every language finding in the document (the timeline's are also marked on it).
    pub language: Vec<Flag>,
    pub questions: Vec<Question>,
    pub open_items: Vec<OpenItem>,
}

#[derive(Debug, Serialize)]
pub struct AgendaPart {
    pub title: &'static str,
    pub what: &'static str,
    pub minutes: i64,
    /// `HH:MM` in the repository time zone, or `+M` minutes from the start when the
    /// meeting has no time yet.
    pub start: String,
    pub end: String,
}

#[derive(Debug, Serialize)]
pub struct KeyTime {
    pub what: &'static str,
    pub at: String,
    /// `+7m` after the start, or a span (`53m`), or a note.
    pub note: String,
}

/// One line of the condensed timeline.
#[derive(Debug, Serialize)]
pub struct Row {
    /// `HH:MM` as the entry or the chat gives it; empty when it has none.
    pub at: String,
    pub kind: RowKind,
    pub text: String,
    /// The document's line of the entry (1-based), 0 for chat-derived rows.
    pub line: usize,
    pub marks: Vec<Mark>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowKind {
    /// A bullet of the Timeline section.
    Entry,
    /// Nobody wrote in the chat (or, without a transcript, no entry) for a while.
    Silence,
    /// Someone's first message in the chat, when the timeline has not named them before.
    FirstInChat,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "mark", rename_all = "kebab-case")]
pub enum Mark {
    /// A person named for the first time: a second story to ask about.
    FirstAppearance { who: String },
    /// A language rule fires on this entry.
    Language { rule: String, phrase: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub line: usize,
    /// Where the phrase starts in the file.
    #[serde(skip)]
    pub offset: usize,
    pub rule: String,
    pub phrase: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct Question {
    pub ask: &'static str,
    /// What this incident's record says that bears on it.
    pub context: String,
    pub follow_up: &'static str,
}

#[derive(Debug, Serialize)]
pub struct OpenItem {
    pub number: usize,
    pub title: String,
    pub owner: Option<String>,
    pub ticket: Option<String>,
    /// YYYY-MM-DD: its own due date or the default one.
    pub due: Option<String>,
    pub days_overdue: Option<i64>,
}

/// What the sheet needs besides the document.
pub struct Setup<'a> {
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub duration: TimeDelta,
    pub location: Option<&'a str>,
    pub silence: TimeDelta,
    pub directory: &'a Directory,
    pub remediation_due_days: i64,
    pub language: &'a crate::lint::settings::Settings,
}

pub fn build(doc: &Document, setup: &Setup<'_>) -> Sheet {
    let f = &doc.front;
    let tz = setup.tz;
    let start = f.meeting_at;
    let end = start.and_then(|s| s.checked_add_signed(setup.duration));
    let parts = agenda::agenda(start.unwrap_or(DateTime::<Utc>::MIN_UTC), setup.duration);
    let clock = |t: DateTime<Utc>, from: DateTime<Utc>| match start {
        Some(_) => t.with_timezone(&tz).format("%H:%M").to_string(),
        None => {
            let m = (t - from).num_minutes();
            format!("{}:{:02}", m / 60, m % 60)
        }
    };
    let agenda = parts
        .iter()
        .map(|p: &Part| AgendaPart {
            title: p.title,
            what: p.what,
            minutes: p.minutes,
            start: clock(p.start, parts[0].start),
            end: clock(p.end, parts[0].start),
        })
        .collect();
    let language: Vec<Flag> = crate::lint::language::check(doc, setup.language)
        .into_iter()
        .filter_map(|d| {
            let span = d.span.clone()?;
            let phrase = doc.source.text.get(span.clone())?.replace('\n', " ");
            Some(Flag {
                line: doc.source.line_col(span.start).0,
                offset: span.start,
                rule: d.rule.to_string(),
                phrase,
                message: d.message.clone(),
            })
        })
        .collect();
    Sheet {
        id: doc.id.clone(),
        title: f.title.clone().unwrap_or_else(|| doc.id.clone()),
        start: start.map(|t| crate::time::format_rfc3339(t, tz)),
        end: end.map(|t| crate::time::format_rfc3339(t, tz)),
        when: start.zip(end).map(|(s, e)| {
            format!(
                "{} to {}",
                crate::time::format_local(s, tz),
                e.with_timezone(&tz).format("%H:%M")
            )
        }),
        duration_minutes: setup.duration.num_minutes(),
        location: setup.location.map(str::to_string),
        facilitator: f.facilitator.clone(),
        agenda,
        ground_rules: GROUND_RULES,
        key_times: key_times(doc, tz),
        timeline: timeline(doc, setup, &language),
        language,
        questions: questions(doc),
        open_items: open_items(doc, setup),
    }
}

fn key_times(doc: &Document, tz: Tz) -> Vec<KeyTime> {
    let f = &doc.front;
    let show = |t: DateTime<Utc>| crate::time::format_local(t, tz);
    let after = |t: DateTime<Utc>| match f.started_at {
        Some(s) if t >= s => format!("+{} after the start", format_duration(t - s)),
        _ => String::new(),
    };
    let mut out = Vec::new();
    if let Some(t) = f.started_at {
        out.push(KeyTime {
            what: "started",
            at: show(t),
            note: String::new(),
        });
    }
    for (what, t) in [
        ("detected", f.detected_at),
        ("customers notified", f.customers_notified_at),
        ("resolved", f.resolved_at),
    ] {
        if let Some(t) = t {
            out.push(KeyTime {
                what,
                at: show(t),
                note: after(t),
            });
        }
    }
    if let (Some(d), Some(n)) = (f.detected_at, f.customers_notified_at)
        && n >= d
    {
        out.push(KeyTime {
            what: "detection to customers told",
            at: String::new(),
            note: format_duration(n - d),
        });
    }
    if let (Some(d), Some(r)) = (f.detected_at, f.resolved_at)
        && r >= d
    {
        out.push(KeyTime {
            what: "detection to resolution",
            at: String::new(),
            note: format_duration(r - d),
        });
    }
    out
}

/// A bullet of the Timeline section: its line, its time as written, its text.
struct Entry {
    line: usize,
    offsets: std::ops::Range<usize>,
    at: Option<NaiveDateTime>,
    clock: String,
    text: String,
}

/// The Timeline's bullets (the transcript block aside), continuation lines joined.
fn entries(doc: &Document, tz: Tz) -> Vec<Entry> {
    let Some(section) = doc.section("Timeline") else {
        return Vec::new();
    };
    let text = &doc.source.text;
    let Some(content) = text.get(section.content.clone()) else {
        return Vec::new();
    };
    let mut day = doc
        .front
        .started_at
        .map(|t| t.with_timezone(&tz).date_naive());
    let mut last: Option<NaiveDateTime> = None;
    let mut out: Vec<Entry> = Vec::new();
    let mut inside = false;
    let mut offset = section.content.start;
    for raw in content.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.starts_with(TRANSCRIPT_BEGIN) {
            inside = true;
        }
        if inside {
            if line.starts_with(TRANSCRIPT_END) {
                inside = false;
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            let (clock, at, rest) = entry_time(rest.trim_start(), &mut day);
            // Past midnight without a date: the next day.
            let at = match (at, last) {
                (Some(t), Some(l)) if t < l && t.date() == l.date() => {
                    day = day.and_then(|d| d.succ_opt());
                    day.map(|d| d.and_time(t.time()))
                }
                _ => at,
            };
            if at.is_some() {
                last = at;
            }
            out.push(Entry {
                line: doc.source.line_col(start).0,
                offsets: start..offset,
                at,
                clock,
                text: rest.to_string(),
            });
        } else if let Some(e) = out.last_mut()
            && raw.starts_with([' ', '\t'])
            && !line.trim().is_empty()
        {
            e.text.push(' ');
            e.text.push_str(line.trim());
            e.offsets.end = offset;
        }
    }
    out
}

/// `09:12 UTC — text`, `2026-03-14 09:12 — text`, `09:12: text`: (clock shown, time, text).
fn entry_time(s: &str, day: &mut Option<NaiveDate>) -> (String, Option<NaiveDateTime>, String) {
    let mut rest = s;
    let mut shown = String::new();
    if let Some(d) = rest
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        *day = Some(d);
        shown.push_str(&rest[..10]);
        shown.push(' ');
        rest = rest[10..].trim_start();
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let Ok(time) = NaiveTime::parse_from_str(rest[..end].trim_end_matches(':'), "%H:%M") else {
        return (String::new(), None, s.to_string());
    };
    shown.push_str(&time.format("%H:%M").to_string());
    rest = &rest[end..];
    let trimmed = rest.trim_start();
    // A zone after the time (`UTC`, `CET`), then a separator.
    let trimmed = match trimmed.split_once(' ') {
        Some((word, after)) if !word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase()) => {
            after
        }
        _ => trimmed,
    };
    let text = trimmed
        .trim_start_matches(['—', '–', '-', ':', ' '])
        .to_string();
    (shown, day.map(|d| d.and_time(time)), text)
}

/// Shortened to about `max` characters at a word boundary.
fn condense(text: &str, max: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// The people the sheet looks for in the timeline: (name as shown, words that name them).
fn people(doc: &Document, directory: &Directory) -> Vec<(String, Vec<String>)> {
    let mut names: Vec<String> = directory.people.iter().map(|p| p.name.clone()).collect();
    let f = &doc.front;
    for n in f
        .authors
        .iter()
        .chain(f.facilitator.iter())
        .chain(f.remediation.iter().filter_map(|i| i.owner.as_ref()))
    {
        if !names.iter().any(|m| m.eq_ignore_ascii_case(n)) && !n.trim().is_empty() {
            names.push(n.trim().to_string());
        }
    }
    let first = |n: &str| n.split_whitespace().next().unwrap_or("").to_string();
    names
        .iter()
        .map(|n| {
            let mut words = vec![n.clone()];
            let given = first(n);
            // A first name alone names them when no one else has it.
            if given.len() > 1
                && given != *n
                && names.iter().filter(|m| first(m) == given).count() == 1
            {
                words.push(given);
            }
            (n.clone(), words)
        })
        .collect()
}

/// The known person whose first name is this handle (`yusuf` for Yusuf Demir), when only
/// one is: a guess for repositories without `chat:` handles in `people:`.
fn by_first_name(people: &[(String, Vec<String>)], handle: &str) -> Option<String> {
    let handle = crate::document::people::normal_handle(handle);
    let mut found = people.iter().filter(|(name, _)| {
        name.split_whitespace()
            .next()
            .is_some_and(|first| first.to_lowercase() == handle)
    });
    match (found.next(), found.next()) {
        (Some((name, _)), None) => Some(name.clone()),
        _ => None,
    }
}

/// Bots and integrations that post in incident channels: their first message is no one's
/// second story.
fn is_tool(handle: &str) -> bool {
    const TOOLS: &[&str] = &[
        "bot",
        "alert",
        "monitor",
        "pager",
        "grafana",
        "nagios",
        "jenkins",
        "github",
        "gitlab",
        "opsgenie",
        "sentry",
        "datadog",
        "prometheus",
        "zabbix",
    ];
    let h = handle.to_lowercase();
    TOOLS.iter().any(|t| h.contains(t))
}

fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A transcript message as the sheet quotes it: unescaped, and with secrets redacted (a
/// transcript imported with `--no-redact`, or pasted by hand, must not travel in an
/// invitation). Redacted before it is shortened, so a cut cannot hide a secret's shape.
fn quoted(text: &str) -> String {
    let plain = transcript::unescape(text);
    crate::chatlog::redact::redact(&plain).0.into_owned()
}

fn timeline(doc: &Document, setup: &Setup<'_>, language: &[Flag]) -> Vec<Row> {
    let tz = setup.tz;
    let entries = entries(doc, tz);
    let people = people(doc, setup.directory);
    let said: Vec<Said> = transcript::said(&doc.source.text)
        .into_iter()
        .filter(|s| !s.who.is_empty() && s.at.is_some())
        .collect();
    // Chat-derived rows: silences, and each speaker's first message.
    let mut chat: Vec<(NaiveDateTime, Row, Option<String>)> = Vec::new();
    let mut spoke: Vec<String> = Vec::new();
    let mut previous: Option<NaiveDateTime> = None;
    let hhmm = |t: NaiveDateTime| t.format("%H:%M").to_string();
    for s in &said {
        let Some(at) = s.at else { continue };
        if let Some(p) = previous
            && at - p > setup.silence
        {
            chat.push((
                p,
                Row {
                    at: hhmm(p),
                    kind: RowKind::Silence,
                    text: format!(
                        "{} without a chat message ({} to {}): what were people looking at here?",
                        format_duration(at - p),
                        hhmm(p),
                        hhmm(at)
                    ),
                    line: 0,
                    marks: Vec::new(),
                },
                None,
            ));
        }
        previous = Some(at);
        let key = crate::document::people::normal_handle(&s.who);
        if !spoke.contains(&key) {
            spoke.push(key);
            let who = setup
                .directory
                .by_handle(&s.who)
                .map(|p| p.name.clone())
                .or_else(|| by_first_name(&people, &s.who));
            let tool = is_tool(&s.who);
            let shown = match &who {
                Some(name) => format!("{name} ({})", s.who),
                None => s.who.clone(),
            };
            chat.push((
                at,
                Row {
                    at: hhmm(at),
                    kind: RowKind::FirstInChat,
                    text: format!(
                        "first message from {shown}{}: {}",
                        if tool { " (a tool)" } else { "" },
                        condense(&quoted(&s.text), 70)
                    ),
                    line: doc.source.line_col(s.offset).0,
                    marks: Vec::new(),
                },
                (!tool).then(|| who.unwrap_or_else(|| s.who.clone())),
            ));
        }
    }
    // Without a transcript, the gaps between entries.
    if said.is_empty() {
        for pair in entries.windows(2) {
            if let (Some(a), Some(b)) = (pair[0].at, pair[1].at)
                && b - a > setup.silence
            {
                chat.push((
                    a,
                    Row {
                        at: hhmm(a),
                        kind: RowKind::Silence,
                        text: format!(
                            "{} with no timeline entry ({} to {}): what were people looking at here?",
                            format_duration(b - a),
                            hhmm(a),
                            hhmm(b)
                        ),
                        line: 0,
                        marks: Vec::new(),
                    },
                    None,
                ));
            }
        }
    }
    chat.sort_by_key(|(t, _, _)| *t);
    let mut seen: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let mut chat = chat.into_iter().peekable();
    let push_chat = |rows: &mut Vec<Row>,
                     seen: &mut Vec<String>,
                     (_, mut row, who): (NaiveDateTime, Row, Option<String>)| {
        if let Some(who) = who {
            if seen.iter().any(|s| s.eq_ignore_ascii_case(&who)) {
                return;
            }
            row.marks.push(Mark::FirstAppearance { who: who.clone() });
            seen.push(who);
        }
        rows.push(row);
    };
    for e in &entries {
        while let Some(next) = chat.peek() {
            // A silence that starts at the entry's minute comes after it.
            let before = match (e.at, next.1.kind) {
                (Some(t), RowKind::Silence) => next.0 < t,
                (Some(t), _) => next.0 < t,
                (None, _) => false,
            };
            if !before {
                break;
            }
            if let Some(item) = chat.next() {
                push_chat(&mut rows, &mut seen, item);
            }
        }
        let mut marks = Vec::new();
        for (name, words) in &people {
            if seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                continue;
            }
            if words.iter().any(|w| mentions(&e.text, w)) {
                marks.push(Mark::FirstAppearance { who: name.clone() });
                seen.push(name.clone());
            }
        }
        for flag in language {
            if e.offsets.contains(&flag.offset) {
                marks.push(Mark::Language {
                    rule: flag.rule.clone(),
                    phrase: flag.phrase.clone(),
                });
            }
        }
        rows.push(Row {
            at: e.clock.clone(),
            kind: RowKind::Entry,
            text: condense(&e.text, 110),
            line: e.line,
            marks,
        });
    }
    for item in chat {
        push_chat(&mut rows, &mut seen, item);
    }
    rows
}

fn questions(doc: &Document) -> Vec<Question> {
    let f = &doc.front;
    let span = |a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>| match (a, b) {
        (Some(a), Some(b)) if b >= a => Some(format_duration(b - a)),
        _ => None,
    };
    let detect = match span(f.started_at, f.detected_at) {
        Some(d) => format!("it was detected {d} after it started"),
        None => "the record has no detection time".into(),
    };
    let notify = match (
        span(f.started_at, f.customers_notified_at),
        span(f.detected_at, f.customers_notified_at),
    ) {
        (Some(a), Some(b)) => {
            format!("customers were told {a} after the start, {b} after detection")
        }
        (Some(a), None) => format!("customers were told {a} after the start"),
        _ => "the record has no time customers were told".into(),
    };
    let long = f.started_at.zip(f.resolved_at).map(|(s, r)| r - s);
    let fatigue = match long {
        Some(d) if d >= TimeDelta::hours(2) => {
            format!("it lasted {}: ask about it", format_duration(d))
        }
        Some(d) => format!(
            "it lasted {}: usually not an issue this short",
            format_duration(d)
        ),
        None => "the record has no resolution time".into(),
    };
    let services = if f.services.is_empty() {
        "no services recorded".to_string()
    } else {
        format!("services touched: {}", f.services.join(", "))
    };
    vec![
        Question {
            ask: "Did we notice soon enough, and through the right signal?",
            context: detect,
            follow_up: "Who or what noticed first: an alert, a graph, a customer, a colleague?",
        },
        Question {
            ask: "Were customers, support and users told what they needed, when they needed it?",
            context: notify,
            follow_up: "What did support know, and when? What did the status page say?",
        },
        Question {
            ask: "Is anything left to clean up, restore or reconcile?",
            context: services,
            follow_up: "Data, queues, caches, manual changes made during the response?",
        },
        Question {
            ask: "Did people have the tools they needed, or did they improvise?",
            context: "look for hand-made queries, manual fixes, an expert's knowledge".into(),
            follow_up: "What would have made the improvised step a routine one?",
        },
        Question {
            ask: "Could people see what the system was doing?",
            context: "ask which graphs, logs and dashboards people trusted, and which were missing"
                .into(),
            follow_up: "Where did someone guess because nothing showed it?",
        },
        Question {
            ask: "Was there troubleshooting fatigue, and were handoffs clean?",
            context: fatigue,
            follow_up: "Who was on it the longest? What was lost between shifts?",
        },
    ]
}

fn open_items(doc: &Document, setup: &Setup<'_>) -> Vec<OpenItem> {
    let today = setup.now.with_timezone(&setup.tz).date_naive();
    doc.front
        .remediation
        .iter()
        .filter(|i| i.status == ItemStatus::Open)
        .map(|i| {
            let due = doc.front.due_date(i, setup.remediation_due_days, setup.tz);
            OpenItem {
                number: i.index + 1,
                title: i.title.clone().unwrap_or_else(|| "(no title)".into()),
                owner: i.owner.clone(),
                ticket: i.ticket.clone(),
                due: due.map(|d| d.to_string()),
                days_overdue: due.filter(|d| *d < today).map(|d| (today - d).num_days()),
            }
        })
        .collect()
}
