//! `pm import`'s reading of a postmortem written to another template: the front matter pm
//! needs, derived from the body through pulldown-cmark (title from the H1, times from
//! stated fields and the timeline, severity words, people, action items). The body itself
//! is never changed.

pub mod advice;
pub mod blocks;
pub mod fields;
pub mod items;
pub mod render;
pub mod times;
mod title;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde_yaml::Value;

use crate::document::ItemStatus;
use crate::document::sections::title_matches;
use blocks::{Block, Kind};
use fields::{Fact, Label};
use times::Stated;

/// What reading a document needs to know of the repository.
pub struct Settings<'a> {
    /// The configured severities, most severe first.
    pub severities: Vec<&'a str>,
    /// `Remediation items` and the aliases pm.yaml gives it.
    pub item_headings: Vec<String>,
    /// The repository time zone: times whose zone the document does not name.
    pub timezone: Tz,
    /// The severity of documents that state none (`--severity`).
    pub default_severity: Option<String>,
}

/// A start as written: a time, or a day when the document gives no time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    At(DateTime<Utc>),
    Day(NaiveDate),
}

/// A value found, and where (for the report: "the H1", "`Severity: Sev2`").
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub from: String,
}

fn found<T>(value: T, from: impl Into<String>) -> Found<T> {
    Found {
        value,
        from: from.into(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedItem {
    pub title: String,
    pub owner: Option<String>,
    pub ticket: Option<String>,
    pub status: ItemStatus,
    /// 1-based line in the source file.
    pub line: usize,
}

/// Everything derived from one document.
#[derive(Debug, Clone, Default)]
pub struct Import {
    pub title: Option<Found<String>>,
    pub status: Option<String>,
    pub severity: Option<Found<String>>,
    pub started: Option<Found<When>>,
    pub detected: Option<Found<DateTime<Utc>>>,
    pub resolved: Option<Found<DateTime<Utc>>>,
    /// The zone the document's times are in, when it names one.
    pub zone: Option<Found<Tz>>,
    pub authors: Vec<String>,
    pub facilitator: Option<String>,
    /// Responders and attendees: pm has no field for them; they stay in the body.
    pub responders: Vec<String>,
    pub tags: Vec<String>,
    pub services: Vec<String>,
    pub items: Vec<ImportedItem>,
    /// The name of the level-2 heading the items are under (`Action items`).
    pub item_heading: Option<String>,
    /// The original front matter's lines, kept as comments.
    pub original_front: Vec<String>,
    /// Where the body starts in the source text.
    pub body_start: usize,
    /// What the report should say beyond the fields (a time dropped as out of order...).
    pub notes: Vec<String>,
}

impl Import {
    /// The fields the document did not give, as `pm check` names them.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.title.is_none() {
            out.push("title");
        }
        if self.severity.is_none() {
            out.push("severity");
        }
        if self.started.is_none() {
            out.push("started_at");
        }
        if self.detected.is_none() {
            out.push("detected_at");
        }
        if self.resolved.is_none() {
            out.push("resolved_at");
        }
        if self.authors.is_empty() {
            out.push("authors");
        }
        if self.items.is_empty() {
            out.push("remediation");
        }
        out
    }

    /// Whether a field `pm check` requires is missing.
    pub fn lacks_required(&self) -> bool {
        self.title.is_none() || self.severity.is_none() || self.started.is_none()
    }

    /// The start date in the document's own zone (else `tz`): the file name's date.
    pub fn start_date(&self, tz: Tz) -> Option<NaiveDate> {
        let zone = self.zone.as_ref().map_or(tz, |z| z.value);
        self.started.as_ref().map(|s| match s.value {
            When::At(t) => t.with_timezone(&zone).date_naive(),
            When::Day(d) => d,
        })
    }
}

/// Whether `text` is already a pm document: front matter with `status` and `started_at`.
pub fn is_pm_document(text: &str) -> bool {
    let Ok(split) = crate::parse::split(text) else {
        return false;
    };
    let Some(yaml) = text.get(split.yaml.clone()) else {
        return false;
    };
    match serde_yaml::from_str::<Value>(yaml) {
        Ok(Value::Mapping(m)) => m.contains_key("status") && m.contains_key("started_at"),
        _ => false,
    }
}

/// Whether `text` is a document `pm import` wrote: front matter with `imported:` (even
/// without `started_at`, when the source gave no date).
pub fn was_imported(text: &str) -> bool {
    let Ok(split) = crate::parse::split(text) else {
        return false;
    };
    let Some(yaml) = text.get(split.yaml.clone()) else {
        return false;
    };
    matches!(serde_yaml::from_str::<Value>(yaml), Ok(Value::Mapping(m)) if m.contains_key("imported"))
}

/// The body of `text`: everything after its front matter, if it has one (and no BOM).
pub fn body_start(text: &str) -> usize {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = text[bom..].lines().next().unwrap_or("");
    if !crate::parse::frontmatter::is_open_fence(first) {
        return bom;
    }
    match crate::parse::split(text) {
        Ok(split) => split.body.start,
        Err(_) => bom,
    }
}

/// Reads `text` (the file `stem`) into what pm needs.
pub fn read(text: &str, stem: &str, settings: &Settings<'_>) -> Import {
    let mut out = Import {
        body_start: body_start(text),
        ..Import::default()
    };
    let front = original_front(text, &mut out);
    let body_at = out.body_start;
    let body = text.get(body_at..).unwrap_or("");
    let blocks = blocks::read(body);
    let line_of = |at: usize| {
        1 + text
            .get(..(body_at + at).min(text.len()))
            .unwrap_or("")
            .matches('\n')
            .count()
    };
    let headings: Vec<&str> = settings
        .item_headings
        .iter()
        .map(String::as_str)
        .chain(items::HEADINGS.iter().copied())
        .collect();
    let item_sections = items::sections(&blocks, &headings);
    let facts = fields::facts(&blocks, &item_sections);
    let fact = |label: Label| facts.iter().find(|f| f.label == label);

    // The title, and a date it may start with.
    let h1 = blocks.iter().find(|b| b.heading_level() == Some(1));
    let mut h1_date = None;
    if let Some(title) = front
        .get("title")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
    {
        out.title = Some(found(title.trim().to_string(), "the original front matter"));
    } else if let Some(h1) = h1 {
        let (title, date) = title::from_h1(&blocks, h1, &line_of);
        out.title = title;
        h1_date = date;
    }
    if out.title.is_none() {
        let words = title::humanize(stem);
        if !words.is_empty() {
            out.title = Some(found(words, "the file name"));
        }
    }

    // The zone: a line that says which, else the start's own, else the repository's.
    out.zone = zone_of(
        &blocks,
        &front,
        fact(Label::Zone),
        fact(Label::Start),
        &line_of,
    );
    let zone = out.zone.as_ref().map_or(settings.timezone, |z| z.value);

    // The day the times without a date are on.
    let front_date = front
        .get("date")
        .or_else(|| front.get("started_at"))
        .and_then(yaml_text)
        .and_then(|t| times::leading(&t))
        .map(|(s, _)| s);
    let stem_date = crate::time::parse_date(stem.get(..10).unwrap_or("")).ok();
    let stated_date = fact(Label::Date)
        .and_then(|f| times::leading(&f.value))
        .map(|(s, _)| s);
    // A stated start dates the timeline too (`Start time: 2021-06-03 14:02 UTC`).
    let start_date = fact(Label::Start)
        .and_then(|f| times::leading(&f.value))
        .map(|(s, _)| s)
        .filter(times::Stated::has_date);
    let year = [stated_date, front_date, h1_date, start_date]
        .iter()
        .flatten()
        .find_map(|s| s.year)
        .or_else(|| stem_date.map(|d| chrono::Datelike::year(&d)));
    let base_date = [stated_date, front_date, h1_date, start_date]
        .iter()
        .flatten()
        .find_map(|s| s.date(year))
        .or(stem_date);

    let timeline = timeline(&blocks, base_date, year, zone);
    let base_date = base_date.or_else(|| {
        timeline
            .first()
            .map(|r| r.at.with_timezone(&zone).date_naive())
    });
    let resolve = |s: Stated| -> Option<When> {
        let date = s.date(year).or(base_date)?;
        let tz = s.zone.unwrap_or(zone);
        match s.time {
            Some(t) => crate::time::local_to_utc(date.and_time(t), tz).map(When::At),
            None => Some(When::Day(date)),
        }
    };
    let stated = |f: &Fact| times::leading(&f.value).map(|(s, _)| s).and_then(resolve);

    // The start: a stated start, else the first timeline row, else the day alone.
    let first_row = timeline.first();
    out.started = match fact(Label::Start).and_then(|f| stated(f).map(|w| (w, f))) {
        Some((When::Day(d), _))
            if first_row.is_some_and(|r| r.at.with_timezone(&zone).date_naive() == d) =>
        {
            first_row.map(|r| {
                found(
                    When::At(r.at),
                    format!("the first timeline row (line {})", line_of(r.at_byte)),
                )
            })
        }
        Some((w, f)) => Some(found(w, format!("`{}`", f.line))),
        None => match first_row {
            Some(r) => Some(found(
                When::At(r.at),
                format!("the first timeline row (line {})", line_of(r.at_byte)),
            )),
            None => front_date
                .and_then(resolve)
                .map(|w| found(w, "the original front matter"))
                .or_else(|| {
                    base_date.map(|d| found(When::Day(d), "the date alone (no time of day stated)"))
                }),
        },
    };
    let start_instant = out.started.as_ref().map(|s| match s.value {
        When::At(t) => t,
        When::Day(d) => {
            crate::time::local_to_utc(d.and_time(chrono::NaiveTime::MIN), zone).unwrap_or_default()
        }
    });
    // The rows after the start: all of them when a start is stated before the first row,
    // else those after the first row (the start itself).
    let start_row = first_row.is_some_and(|r| {
        out.started
            .as_ref()
            .is_some_and(|s| s.value == When::At(r.at))
    });
    let after_start = timeline.get(usize::from(start_row)..).unwrap_or(&[]);
    let instant = |f: &Fact| match stated(f) {
        Some(When::At(t)) => Some(found(t, format!("`{}`", f.line))),
        _ => None,
    };
    out.detected = fact(Label::Detected).and_then(instant).or_else(|| {
        after_start
            .iter()
            .find(|r| says_any(&r.words, DETECT_WORDS))
            .map(|r| {
                found(
                    r.at,
                    format!(
                        "the timeline row that says it was noticed (line {})",
                        line_of(r.at_byte)
                    ),
                )
            })
    });
    out.resolved = fact(Label::Resolved).and_then(instant).or_else(|| {
        let rows = after_start;
        rows.iter()
            .rev()
            .find(|r| says_any(&r.words, RESOLVE_WORDS))
            .or(rows.last())
            .map(|r| {
                found(
                    r.at,
                    format!("the last timeline row (line {})", line_of(r.at_byte)),
                )
            })
    });
    order(&mut out, start_instant, zone);

    // Severity: a stated one, the original front matter's, a word in the title, else --severity.
    let severity_text = fact(Label::Severity)
        .map(|f| (f.value.clone(), format!("`{}`", f.line)))
        .or_else(|| {
            ["severity", "sev", "priority"]
                .iter()
                .find_map(|k| front.get(*k).and_then(yaml_text))
                .map(|v| (v, "the original front matter".to_string()))
        })
        .or_else(|| h1.map(|h| (h.one_line(), "the H1".to_string())));
    out.severity = severity_text
        .and_then(|(text, from)| {
            map_severity(&text, &settings.severities)
                .map(|(name, word)| found(name, format!("{from}, read `{word}` as it")))
        })
        .or_else(|| {
            settings
                .default_severity
                .clone()
                .map(|s| found(s, "--severity (the document states none)"))
        });

    // People.
    out.authors = fact(Label::Authors)
        .map(|f| fields::people(&f.value))
        .unwrap_or_default();
    if out.authors.is_empty() {
        out.authors = ["authors", "author"]
            .iter()
            .find_map(|k| front.get(*k))
            .map(yaml_list)
            .unwrap_or_default();
    }
    out.facilitator = fact(Label::Facilitator)
        .map(|f| fields::people(&f.value))
        .and_then(|p| p.into_iter().next());
    for f in facts.iter().filter(|f| f.label == Label::Responders) {
        for p in fields::people(&f.value) {
            if !out.responders.contains(&p) {
                out.responders.push(p);
            }
        }
    }
    out.tags = ["tags", "categories"]
        .iter()
        .filter_map(|k| front.get(*k))
        .flat_map(yaml_list)
        .collect();
    out.services = front.get("services").map(yaml_list).unwrap_or_default();
    out.status = front
        .get("status")
        .and_then(Value::as_str)
        .filter(|s| crate::document::frontmatter::STATUSES.contains(s))
        .map(str::to_string);

    out.items = items::items(body, &blocks, &item_sections)
        .into_iter()
        .filter(|f| !f.title.is_empty())
        .map(|f| ImportedItem {
            line: line_of(f.at),
            title: f.title,
            owner: f.owner,
            ticket: f.ticket,
            status: f.status,
        })
        .collect();
    out.item_heading = item_sections.iter().find_map(|r| {
        let h = blocks.get(r.start.checked_sub(1)?)?;
        if h.heading_level() != Some(2) {
            return None;
        }
        let title = h.one_line();
        settings
            .item_headings
            .iter()
            .map(String::as_str)
            .chain(items::HEADINGS.iter().copied())
            .find(|n| title_matches(&title, n))
            .map(str::to_string)
            .or(Some(title))
    });
    if !item_sections.is_empty() && out.items.is_empty() {
        out.notes.push("an action-items heading was found, but no list, table or bold-titled paragraph under it".into());
    }
    out
}

/// The original front matter as a mapping, its lines kept as comments in `out`.
fn original_front(text: &str, out: &mut Import) -> serde_yaml::Mapping {
    if out.body_start == 0 || out.body_start == 3 {
        return Default::default();
    }
    let Ok(split) = crate::parse::split(text) else {
        return Default::default();
    };
    let yaml = text.get(split.yaml.clone()).unwrap_or("");
    out.original_front = yaml
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.trim().is_empty())
        .collect();
    match serde_yaml::from_str::<Value>(yaml) {
        Ok(Value::Mapping(m)) => m,
        Ok(Value::Null) => Default::default(),
        _ => {
            out.notes.push(
                "the original front matter is not a YAML mapping; kept as comments only".into(),
            );
            Default::default()
        }
    }
}

fn yaml_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn yaml_list(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items
            .iter()
            .filter_map(yaml_text)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        other => yaml_text(other)
            .map(|s| fields::people(&s))
            .unwrap_or_default(),
    }
}

fn zone_of(
    blocks: &[Block],
    front: &serde_yaml::Mapping,
    stated: Option<&Fact>,
    start: Option<&Fact>,
    line_of: &dyn Fn(usize) -> usize,
) -> Option<Found<Tz>> {
    if let Some(tz) = front
        .get("timezone")
        .and_then(Value::as_str)
        .and_then(|t| crate::time::parse_tz(t).ok())
    {
        return Some(found(tz, "the original front matter"));
    }
    if let Some(f) = stated
        && let Some(tz) = times::zone_of_line(&format!("time {}", f.value))
    {
        return Some(found(tz, format!("`{}`", f.line)));
    }
    if let Some(f) = start
        && let Some((times::Stated { zone: Some(tz), .. }, _)) = times::leading(&f.value)
    {
        return Some(found(tz, format!("`{}`", f.line)));
    }
    for b in blocks {
        for line in b.text.lines() {
            if let Some(tz) = times::zone_of_line(line) {
                return Some(found(
                    tz,
                    format!(
                        "\"{}\" (line {})",
                        blocks::one_line(line),
                        line_of(b.range.start)
                    ),
                ));
            }
        }
    }
    // The zone of the first stated time that names one.
    blocks.iter().find_map(|b| {
        let (s, _) = times::leading(&b.text)?;
        s.zone
            .filter(|z| *z != Tz::UTC || b.text.contains("UTC"))
            .map(|z| found(z, format!("the time at line {}", line_of(b.range.start))))
    })
}

/// A timeline row with a time: when, where, its words.
#[derive(Debug, Clone)]
struct Row {
    at: DateTime<Utc>,
    at_byte: usize,
    words: String,
}

const DETECT_WORDS: &[&str] = &[
    "alert",
    "paged",
    "page ",
    "pager",
    "detected",
    "noticed",
    "reported",
    "notified",
    "discovered",
    "first report",
];
const RESOLVE_WORDS: &[&str] = &[
    "resolved",
    "recovered",
    "restored",
    "fixed",
    "back to normal",
    "all clear",
    "mitigated",
    "incident closed",
    "back up",
    "operational",
];

fn says_any(words: &str, list: &[&str]) -> bool {
    let lower = words.to_lowercase();
    list.iter().any(|w| lower.contains(w))
}

/// The rows of the Timeline section (any heading that starts with `Timeline`), in order:
/// list items, table rows and lines that start with a time. Date headings and date lines
/// set the day of the rows after them; a time more than twelve hours before the previous
/// row's is on the next day.
fn timeline(
    blocks: &[Block],
    base_date: Option<NaiveDate>,
    year: Option<i32>,
    zone: Tz,
) -> Vec<Row> {
    let Some(h) = blocks.iter().position(|b| {
        b.heading_level().is_some_and(|l| l >= 2) && title_matches(&b.one_line(), "Timeline")
    }) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut day = base_date;
    let mut last: Option<chrono::NaiveDateTime> = None;
    for b in blocks.get(blocks::section(blocks, h)).unwrap_or(&[]) {
        let lines: Vec<String> = match &b.kind {
            Kind::Row { header: true } => continue,
            Kind::Row { .. } => vec![b.text.clone()],
            Kind::Item { .. } => vec![b.text.lines().next().unwrap_or("").to_string()],
            _ => b.text.lines().map(str::to_string).collect(),
        };
        for line in lines {
            let Some((s, _)) = times::leading(&line) else {
                continue;
            };
            if let Some(d) = s.date(year.or(day.map(|d| chrono::Datelike::year(&d)))) {
                if day != Some(d) {
                    last = None;
                }
                day = Some(d);
            }
            let (Some(t), Some(d)) = (s.time, day) else {
                continue;
            };
            let mut naive = d.and_time(t);
            if !s.has_date()
                && let Some(prev) = last
                && prev
                    .checked_sub_signed(chrono::Duration::hours(12))
                    .is_some_and(|half_a_day_before| naive < half_a_day_before)
                && let Some(next) = naive.checked_add_signed(chrono::Duration::days(1))
            {
                naive = next;
                day = Some(naive.date());
            }
            last = Some(naive);
            if let Some(at) = crate::time::local_to_utc(naive, s.zone.unwrap_or(zone)) {
                rows.push(Row {
                    at,
                    at_byte: b.range.start,
                    words: line.clone(),
                });
            }
        }
    }
    rows
}

/// Drops a detection or resolution time that comes before the start (or the detection).
fn order(out: &mut Import, start: Option<DateTime<Utc>>, zone: Tz) {
    let show = |t: DateTime<Utc>| crate::time::format_local(t, zone);
    if let (Some(s), Some(d)) = (start, out.detected.as_ref())
        && d.value < s
    {
        out.notes.push(format!(
            "detected_at {} (from {}) is before the start; left out",
            show(d.value),
            d.from
        ));
        out.detected = None;
    }
    let floor = out.detected.as_ref().map(|d| d.value).or(start);
    if let (Some(f), Some(r)) = (floor, out.resolved.as_ref())
        && r.value < f
    {
        out.notes.push(format!(
            "resolved_at {} (from {}) is before the start or detection; left out",
            show(r.value),
            r.from
        ));
        out.resolved = None;
    }
}

/// The configured severity a document's words name: `Sev1`, `SEV-1`, `P1`, `Severity 2`,
/// `high`, `critical`; with the word read.
pub fn map_severity(text: &str, names: &[&str]) -> Option<(String, String)> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    let words: Vec<&str> = text
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']' | ':' | ';' | '/' | '|')
        })
        .filter(|w| !w.is_empty())
        .collect();
    // `SEV 1`: a word and the number after it.
    let mut candidates: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    for pair in words.windows(2) {
        candidates.push(format!("{}{}", pair[0], pair[1]));
    }
    for c in &candidates {
        if let Some(n) = names.iter().find(|n| squash(n) == squash(c)) {
            return Some((n.to_string(), c.clone()));
        }
    }
    // A number after a severity word or a letter (`P1`, `S2`, `sev-3`, `level 2`).
    let ends_in = |n: &str, digits: &str| {
        n.strip_suffix(digits)
            .is_some_and(|rest| !rest.ends_with(|c: char| c.is_ascii_digit()))
    };
    for c in &candidates {
        let lower = c.to_lowercase();
        let prefix: String = lower.chars().take_while(|c| !c.is_ascii_digit()).collect();
        let after = &lower[prefix.len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let prefix = prefix.trim_end_matches(['-', '_', '#']);
        if digits.is_empty() || after.len() != digits.len() {
            continue;
        }
        if !matches!(
            prefix,
            "sev" | "severity" | "p" | "s" | "priority" | "level" | ""
        ) {
            continue;
        }
        if prefix.is_empty() && words.len() > 2 {
            continue;
        }
        let matching: Vec<&&str> = names.iter().filter(|n| ends_in(n, &digits)).collect();
        if let [one] = matching.as_slice() {
            return Some((one.to_string(), c.clone()));
        }
        // SEV0-less configurations: `P0` is the most severe.
        if digits == "0"
            && let Some(first) = names.first()
        {
            return Some((first.to_string(), c.clone()));
        }
    }
    let rank = |w: &str| match w.to_lowercase().as_str() {
        "critical" | "highest" | "urgent" | "blocker" | "emergency" => Some(0),
        "high" | "major" | "severe" => Some(1),
        "medium" | "moderate" | "normal" | "significant" => Some(2),
        "low" | "minor" => Some(3),
        "trivial" | "lowest" | "informational" => Some(4),
        _ => None,
    };
    // Words only where a severity is stated, not in a title.
    if words.len() <= 3 {
        for w in &words {
            if let Some(r) = rank(w)
                && !names.is_empty()
            {
                let i = usize::min(r, names.len() - 1);
                return names.get(i).map(|n| (n.to_string(), w.to_string()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEVS: &[&str] = &["SEV1", "SEV2", "SEV3", "SEV4"];

    #[test]
    fn severity_words() {
        let m = |t: &str| map_severity(t, SEVS).map(|(n, _)| n);
        assert_eq!(m("Sev1").as_deref(), Some("SEV1"));
        assert_eq!(m("SEV-2").as_deref(), Some("SEV2"));
        assert_eq!(m("P3 (minor)").as_deref(), Some("SEV3"));
        assert_eq!(m("high").as_deref(), Some("SEV2"));
        assert_eq!(m("Severity 4").as_deref(), Some("SEV4"));
        assert_eq!(m("2").as_deref(), Some("SEV2"));
        assert_eq!(m("Hub down for 3 hours in region 2").as_deref(), None);
        assert_eq!(m("[SEV1] Hub down").as_deref(), Some("SEV1"));
    }

    #[test]
    fn titles_drop_their_dates() {
        assert_eq!(title::title_and_date("2021-06-03: Hub down").0, "Hub down");
        assert_eq!(
            title::title_and_date("June 3, 2021 - Hub down").0,
            "Hub down"
        );
        assert_eq!(title::title_and_date("Hub down (2021-06-03)").0, "Hub down");
        assert_eq!(title::title_and_date("Hub down").0, "Hub down");
        assert_eq!(title::title_and_date("Postmortem: Hub down").0, "Hub down");
        assert_eq!(
            title::title_and_date("Incident report - 2021-06-03 - Hub down").0,
            "Hub down"
        );
        assert_eq!(title::humanize("2019-04-02-db_outage"), "Db outage");
        assert_eq!(
            title::humanize("002-cloudflare-migration"),
            "Cloudflare migration"
        );
    }

    #[test]
    fn an_h1_that_names_a_part_is_not_the_title() {
        let title = |text: &str, stem: &str| read(text, stem, &settings()).title.map(|t| t.value);
        assert_eq!(
            title(
                "# Title:\n### Builds failing after an image update\n\n# Events\n- x\n",
                "001-builds"
            ),
            Some("Builds failing after an image update".into())
        );
        assert_eq!(
            title(
                "# Overview\nThe CDN moved.\n\n# What happened\n",
                "002-cloudflare-migration"
            ),
            Some("Cloudflare migration".into())
        );
        assert_eq!(
            title("# Metadata\n- Date: 2019-01-02\n", "x"),
            Some("X".into())
        );
    }

    fn settings() -> Settings<'static> {
        Settings {
            severities: SEVS.to_vec(),
            item_headings: vec!["Remediation items".into()],
            timezone: Tz::UTC,
            default_severity: None,
        }
    }

    #[test]
    fn a_document_read_whole() {
        let text = "# 2021-06-03: Hub down\n\nAll times in PST.\n\n- Severity: Sev2\n- Authors: Ana, Ben\n\n## Timeline\n\n- 17:14 deploy starts\n- 17:20 alert fires, Ben paged\n- 18:02 service recovered\n\n## Action items\n\n- [x] Add a canary (done)\n- [ ] Page on 5xx OPS-12\n";
        let i = read(text, "hub", &settings());
        assert_eq!(i.title.as_ref().unwrap().value, "Hub down");
        assert_eq!(i.severity.as_ref().unwrap().value, "SEV2");
        assert_eq!(
            i.zone.as_ref().unwrap().value,
            chrono_tz::America::Los_Angeles
        );
        let started = match i.started.as_ref().unwrap().value {
            When::At(t) => t,
            When::Day(_) => panic!(),
        };
        assert_eq!(started.to_rfc3339(), "2021-06-04T00:14:00+00:00");
        assert_eq!(i.start_date(Tz::UTC), NaiveDate::from_ymd_opt(2021, 6, 3));
        assert_eq!(
            i.detected.unwrap().value.to_rfc3339(),
            "2021-06-04T00:20:00+00:00"
        );
        assert_eq!(
            i.resolved.unwrap().value.to_rfc3339(),
            "2021-06-04T01:02:00+00:00"
        );
        assert_eq!(i.authors, ["Ana", "Ben"]);
        assert_eq!(i.items.len(), 2);
        assert_eq!(i.items[0].status, ItemStatus::Done);
        assert_eq!(i.items[1].ticket.as_deref(), Some("OPS-12"));
        assert_eq!(i.items[1].line, 17);
    }
}
