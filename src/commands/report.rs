//! `pm report`: the digest a team posts to its mailing list or channel. The postmortems of
//! a period, the meetings coming up, the remediation items added, done and overdue (by
//! owner), and with `--anniversary` this week's incidents of earlier years. Front matter
//! only: it quotes facts (titles, times, owners), never a document's body or chat.

use std::io::Write;
use std::sync::Mutex;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::commands::Status;
use crate::commands::common::{self, Day, parse_day, write_findings};
use crate::context::{Context, Project};
use crate::document::{Depth, Document, ItemStatus};
use crate::error::{Error, Result};
use crate::mail::{self, Address, Mail};
use crate::metrics::{Measure, format_duration};
use crate::output::{self, Format, Page, View, plural};

mod json;
use crate::time;

/// The digest to post to the team's mailing list or channel.
///
/// For a period (the last 30 days unless --since, --month or --quarter says which; days
/// in the repository time zone, both ends included) it lists the postmortems whose
/// incident started in it (title, severity, status, time to detect, mitigate and resolve,
/// and a link: `document_url` of pm.yaml, else the path); the postmortem meetings coming
/// up (`meeting_at` after now, whatever the period); the remediation items added (those
/// of the period's postmortems) and done (`done_on` in the period); and the items overdue
/// now, by owner. --anniversary adds the incidents of this ISO week in earlier years ("a
/// year ago this week").
///
/// The markdown (the default) has short lines and lists, no wide tables, so it reads well
/// pasted into chat or mail; `human` is the same as plain text, `json` for other tools
/// (docs/report.md). It quotes front-matter facts only, never a document's text or chat.
/// A document with errors is reported on stderr (file:line:column) and left out.
///
/// --send mails the digest, in the format asked for, from `meeting.organizer` to
/// `meeting.mailing_list` through `meeting.send` (sendmail or SMTP), the settings of
/// `pm schedule` (docs/meeting.md). Without them nothing is sent, and pm says what to add.
///
/// Examples:
///   pm report                                   the last 30 days, as markdown
///   pm report --month 2026-11 --anniversary     November, and this week in earlier years
///   pm report --quarter 2026Q4 --format human   the quarter, as plain text
///   pm report --since 2026-11-01 --format json  from a day to today, for a script
///   pm report --month 2026-11 --send            mail it to meeting.mailing_list
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The period from this day to today: YYYY-MM-DD, or a span back from today such as
    /// 30d or 12w [default: 30d]
    #[arg(long, value_name = "DATE", value_parser = parse_day,
          conflicts_with_all = ["month", "quarter"])]
    pub since: Option<Day>,

    /// The period: one calendar month, YYYY-MM
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month, conflicts_with = "quarter")]
    pub month: Option<Period>,

    /// The period: one quarter, YYYYQN (2026Q4 is October to December)
    #[arg(long, value_name = "YYYYQN", value_parser = parse_quarter)]
    pub quarter: Option<Period>,

    /// Also the incidents of this week (ISO week) in earlier years
    #[arg(long)]
    pub anniversary: bool,

    /// Output format: markdown to paste into chat or mail, human for plain text (also
    /// `text`), json for other tools (docs/formats.md)
    #[arg(long, value_name = "FORMAT", default_value = "markdown",
          value_parser = common::format_parser(&[Format::Markdown, Format::Human, Format::Json]))]
    pub format: Format,

    /// Mail the digest to `meeting.mailing_list` through `meeting.send` (pm.yaml)
    #[arg(long)]
    pub send: bool,
}

/// The days a digest covers, both included.
#[derive(Debug, Clone)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// As the digest names it: `November 2026`, `2026Q4`.
    pub name: String,
    /// As --month or --quarter wrote it (`2026-11`, `2026Q4`), or the span.
    pub key: String,
}

fn parse_month(text: &str) -> std::result::Result<Period, String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not a month: write it as YYYY-MM, e.g. 2026-11");
    let (year, month) = t.split_once('-').ok_or_else(bad)?;
    if year.len() != 4 || month.len() != 2 {
        return Err(bad());
    }
    let year: i32 = year.parse().map_err(|_| bad())?;
    let month: u32 = month.parse().map_err(|_| bad())?;
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .ok_or_else(bad)?;
    Ok(Period {
        first,
        last,
        name: first.format("%B %Y").to_string(),
        key: first.format("%Y-%m").to_string(),
    })
}

fn parse_quarter(text: &str) -> std::result::Result<Period, String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not a quarter: write it as YYYYQN, e.g. 2026Q4 (Q1 to Q4)");
    let upper = t.to_ascii_uppercase();
    let (year, q) = upper.split_once('Q').ok_or_else(bad)?;
    let year = year.strip_suffix('-').unwrap_or(year);
    if year.len() != 4 || q.len() != 1 {
        return Err(bad());
    }
    let year: i32 = year.parse().map_err(|_| bad())?;
    let q: u32 = q
        .parse()
        .ok()
        .filter(|q| (1..=4).contains(q))
        .ok_or_else(bad)?;
    let first = NaiveDate::from_ymd_opt(year, q * 3 - 2, 1).ok_or_else(bad)?;
    let last = first
        .checked_add_months(chrono::Months::new(3))
        .and_then(|d| d.pred_opt())
        .ok_or_else(bad)?;
    let key = format!("{year}Q{q}");
    Ok(Period {
        first,
        last,
        name: key.clone(),
        key,
    })
}

/// The period asked for, checked: it must start by today.
fn period(args: &Args, today: NaiveDate) -> Result<Period> {
    let p = match (&args.month, &args.quarter) {
        (Some(p), _) | (None, Some(p)) => p.clone(),
        (None, None) => {
            let since = args.since.unwrap_or(Day::Ago(30));
            let first = since.resolve(today);
            let (name, key) = match since {
                Day::Ago(n) => (format!("the last {}", plural(n, "day")), format!("{n}d")),
                Day::On(d) => (format!("since {d}"), d.to_string()),
            };
            Period {
                first,
                last: today,
                name,
                key,
            }
        }
    };
    if p.first > today {
        return Err(Error::usage(format!(
            "the period {} starts after today ({today}): nothing has happened in it yet",
            p.key
        ))
        .with_hint("give a period that has begun, e.g. --month of this month or --since 30d"));
    }
    Ok(p)
}

/// A remediation item as the digest shows it.
#[derive(Debug, Clone, Serialize)]
struct ItemRow {
    /// The postmortem's id and path.
    id: String,
    path: String,
    /// Its number, from 1, as `pm remediation` takes it.
    item: usize,
    title: Option<String>,
    owner: Option<String>,
    ticket: Option<String>,
    status: &'static str,
    #[serde(serialize_with = "day")]
    due: Option<NaiveDate>,
    #[serde(serialize_with = "day")]
    done_on: Option<NaiveDate>,
    /// Today minus the due date, for the overdue items.
    days_overdue: Option<i64>,
}

/// A day in JSON: `YYYY-MM-DD`, or null.
fn day<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// What the digest needs of one postmortem (read once, the document dropped).
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    path: String,
    url: Option<String>,
    title: Option<String>,
    severity: Option<String>,
    status: Option<&'static str>,
    /// Its `type` when it is not the default one.
    kind: Option<String>,
    started_at: Option<DateTime<Utc>>,
    start_day: Option<NaiveDate>,
    meeting_at: Option<DateTime<Utc>>,
    resolved: bool,
    /// Seconds to detect, mitigate and resolve.
    durations: [Option<i64>; 3],
    /// Imported or older than `history_before`: its items are nobody's to chase.
    history: bool,
    items: Vec<ItemRow>,
}

const DURATIONS: [(Measure, &str); 3] = [
    (Measure::Detect, "detected"),
    (Measure::Mitigate, "mitigated"),
    (Measure::Resolve, "resolved"),
];

impl Entry {
    fn of(doc: &Document, project: &Project, history: bool, today: NaiveDate) -> Entry {
        let f = &doc.front;
        let config = &project.config;
        let tz = config.timezone;
        let items = f
            .remediation
            .iter()
            .map(|item| {
                let due = f.due_date(item, config.remediation_due_days, tz);
                ItemRow {
                    id: doc.id.clone(),
                    path: doc.source.display.clone(),
                    item: item.index + 1,
                    title: item.title.clone(),
                    owner: item
                        .owner
                        .as_deref()
                        .map(str::trim)
                        .filter(|o| !o.is_empty())
                        .map(str::to_string),
                    ticket: item.ticket.clone(),
                    status: match item.status {
                        ItemStatus::Open => "open",
                        ItemStatus::Done => "done",
                        ItemStatus::WontFix => "wontfix",
                    },
                    due,
                    done_on: item.done_on,
                    days_overdue: due
                        .filter(|d| item.status == ItemStatus::Open && *d < today)
                        .map(|d| (today - d).num_days()),
                }
            })
            .collect();
        Entry {
            id: doc.id.clone(),
            path: doc.source.display.clone(),
            url: config.document_url(&doc.source.display),
            title: f.title.clone(),
            severity: f.severity.clone(),
            status: f.status.map(|s| s.as_str()),
            kind: f
                .incident_type
                .clone()
                .filter(|t| t != config.default_type()),
            started_at: f.started_at,
            start_day: f.started_at.map(|t| t.with_timezone(&tz).date_naive()),
            meeting_at: f.meeting_at,
            resolved: f.resolved_at.is_some(),
            durations: DURATIONS.map(|(m, _)| m.of(f)),
            history,
            items,
        }
    }

    fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}

/// Everything the digest shows.
struct Digest {
    period: Period,
    today: NaiveDate,
    now: DateTime<Utc>,
    tz: Tz,
    /// Started in the period, oldest first.
    postmortems: Vec<Entry>,
    /// `meeting_at` after now, soonest first.
    meetings: Vec<Entry>,
    added: Vec<ItemRow>,
    done: Vec<ItemRow>,
    /// Per owner (`None`: no owner, last), the most overdue first.
    overdue: Vec<(Option<String>, Vec<ItemRow>)>,
    /// Overdue items of history (imported, or before `history.before`), not listed.
    history_overdue: usize,
    /// With --anniversary: (years ago, the postmortem), the most recent year first.
    anniversaries: Option<Vec<(i32, Entry)>>,
    broken: usize,
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let tz = project.config.timezone;
    let today = ctx.now.with_timezone(&tz).date_naive();
    let period = period(&args, today)?;
    // The mail settings are checked before anything is read or printed.
    let sender = match args.send {
        true => Some(sender(&project)?),
        false => None,
    };

    let files = common::all_files(&project)?;
    let setup = project.lint_setup();
    let found = Mutex::new(Vec::with_capacity(files.len()));
    let loaded = common::load_with(&project, &files, Depth::FrontMatter, |doc| {
        if !doc.has_errors()
            && !doc.unreadable
            && let Ok(mut all) = found.lock()
        {
            all.push(Entry::of(
                doc,
                &project,
                setup.is_history(&doc.front),
                today,
            ));
        }
        if !doc.has_errors() {
            doc.front = Default::default();
        }
    });
    let mut broken = 0;
    for mut doc in loaded.docs.into_iter().filter(Document::has_errors) {
        broken += 1;
        write_findings(&mut ctx.out.stderr, &mut doc)?;
    }
    for (path, why) in &loaded.failures {
        writeln!(ctx.out.stderr, "error: {path}: cannot read: {why}")?;
    }
    if broken > 0 {
        writeln!(
            ctx.out.stderr,
            "pm report: {} left out of the digest (errors above)",
            plural(broken, "broken postmortem")
        )?;
    }
    let mut entries = found.into_inner().unwrap_or_default();
    entries.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
    let digest = digest(
        entries,
        period,
        today,
        ctx.now,
        tz,
        args.anniversary,
        broken,
    );

    if let Some((from, to)) = sender {
        let mut text = Vec::new();
        output::write(args.format, &mut text, &mut std::io::sink(), false, &digest)?;
        let message = Mail {
            from,
            to: vec![to],
            subject: digest.subject(),
            text: String::from_utf8_lossy(&text).into_owned(),
            calendar: None,
        };
        mail::send(&message, &project.config.meeting.send).map_err(|f| {
            Error::user(format!("the digest was not sent: {}", f.message)).with_hint(f.hint)
        })?;
        let sent: Vec<&str> = message.to.iter().map(|a| a.email.as_str()).collect();
        writeln!(
            ctx.out.stderr,
            "pm report: mailed \"{}\" to {}",
            message.subject,
            sent.join(", ")
        )?;
    }
    common::print(ctx, args.format, &digest)?;
    Ok(if loaded.failures.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// From `meeting.organizer` to `meeting.mailing_list`, or why the digest cannot be mailed.
fn sender(project: &Project) -> Result<(Address, Address)> {
    let meeting = &project.config.meeting;
    let example = "meeting: {organizer: {name: SRE team, email: sre@example.com}, mailing_list: postmortems@example.com, send: sendmail}";
    let organizer = meeting.organizer.as_ref().ok_or_else(|| {
        Error::user("pm.yaml has no `meeting.organizer` to send the digest from; nothing was sent")
            .with_hint(format!("add `{example}` to pm.yaml (docs/meeting.md)"))
    })?;
    let list = meeting.mailing_list.as_ref().ok_or_else(|| {
        Error::user("pm.yaml has no `meeting.mailing_list` to send the digest to; nothing was sent")
            .with_hint(format!("add `{example}` to pm.yaml (docs/meeting.md)"))
    })?;
    Ok((
        Address {
            name: organizer.name.clone(),
            email: organizer.email.clone(),
        },
        Address {
            name: list.clone(),
            email: list.clone(),
        },
    ))
}

fn digest(
    entries: Vec<Entry>,
    period: Period,
    today: NaiveDate,
    now: DateTime<Utc>,
    tz: Tz,
    anniversary: bool,
    broken: usize,
) -> Digest {
    let in_period = |d: NaiveDate| d >= period.first && d <= period.last;
    let mut meetings: Vec<Entry> = entries
        .iter()
        .filter(|e| e.meeting_at.is_some_and(|m| m > now))
        .cloned()
        .collect();
    meetings.sort_by(|a, b| a.meeting_at.cmp(&b.meeting_at).then(a.id.cmp(&b.id)));
    let mut done: Vec<ItemRow> = entries
        .iter()
        .flat_map(|e| &e.items)
        .filter(|i| i.status == "done" && i.done_on.is_some_and(in_period))
        .cloned()
        .collect();
    done.sort_by(|a, b| a.done_on.cmp(&b.done_on).then(a.id.cmp(&b.id)));
    let history_overdue = entries
        .iter()
        .filter(|e| e.history)
        .flat_map(|e| &e.items)
        .filter(|i| i.days_overdue.is_some())
        .count();
    let overdue = by_owner(
        entries
            .iter()
            .filter(|e| !e.history)
            .flat_map(|e| &e.items)
            .filter(|i| i.days_overdue.is_some()),
    );
    let anniversaries = anniversary.then(|| {
        let week = today.iso_week();
        let mut found: Vec<(i32, Entry)> = entries
            .iter()
            .filter_map(|e| {
                let w = e.start_day?.iso_week();
                (w.week() == week.week() && w.year() < week.year())
                    .then(|| (week.year() - w.year(), e.clone()))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.started_at.cmp(&a.1.started_at)));
        found
    });
    let postmortems: Vec<Entry> = entries
        .into_iter()
        .filter(|e| e.start_day.is_some_and(in_period))
        .collect();
    let added = postmortems
        .iter()
        .flat_map(|e| e.items.iter().cloned())
        .collect();
    Digest {
        period,
        today,
        now,
        tz,
        postmortems,
        meetings,
        added,
        done,
        overdue,
        history_overdue,
        anniversaries,
        broken,
    }
}

/// The overdue items per owner (named alike whatever the case), owners by name and those
/// without one last; each owner's most overdue first.
fn by_owner<'a>(items: impl Iterator<Item = &'a ItemRow>) -> Vec<(Option<String>, Vec<ItemRow>)> {
    let mut groups: std::collections::BTreeMap<(bool, String), (Option<String>, Vec<ItemRow>)> =
        Default::default();
    for item in items {
        let key = (
            item.owner.is_none(),
            item.owner.as_deref().unwrap_or("").to_lowercase(),
        );
        groups
            .entry(key)
            .or_insert_with(|| (item.owner.clone(), Vec::new()))
            .1
            .push(item.clone());
    }
    groups
        .into_values()
        .map(|(owner, mut items)| {
            items.sort_by(|a, b| {
                b.days_overdue
                    .cmp(&a.days_overdue)
                    .then(a.id.cmp(&b.id))
                    .then(a.item.cmp(&b.item))
            });
            (owner, items)
        })
        .collect()
}

impl Digest {
    fn overdue_count(&self) -> usize {
        self.overdue.iter().map(|(_, items)| items.len()).sum()
    }

    fn subject(&self) -> String {
        format!(
            "Postmortem digest: {} ({}, {} overdue)",
            self.period.name,
            plural(self.postmortems.len(), "postmortem"),
            plural(self.overdue_count(), "remediation item")
        )
    }

    /// "SEV1 · in-review · started 2026-11-10 10:12 CET" (the start with `start`), then
    /// the durations.
    fn facts(&self, e: &Entry, start: bool) -> Vec<String> {
        let mut first = vec![
            e.severity.clone().unwrap_or_else(|| "no severity".into()),
            e.status.unwrap_or("no status").to_string(),
        ];
        first.extend(e.kind.clone());
        if let Some(t) = e.started_at.filter(|_| start) {
            first.push(format!("started {}", time::format_local(t, self.tz)));
        }
        let mut out = vec![first.join(" · ")];
        let mut times: Vec<String> = DURATIONS
            .iter()
            .zip(e.durations)
            .filter_map(|((_, verb), s)| Some(format!("{verb} in {}", format_duration(s?))))
            .collect();
        if !e.resolved {
            times.push("not resolved".into());
        }
        if !times.is_empty() {
            out.push(times.join(" · "));
        }
        out
    }

    /// The further lines of a postmortem: its facts, and its path when it has no link.
    fn postmortem(
        &self,
        page: &mut dyn Page,
        e: &Entry,
        mut more: Vec<String>,
    ) -> std::io::Result<()> {
        if e.url.is_none() {
            more.push(e.path.clone());
        }
        page.item(0, e.title(), e.url.as_deref(), &more)
    }

    fn items(
        page: &mut dyn Page,
        items: &[ItemRow],
        depth: usize,
        what: fn(&ItemRow) -> String,
    ) -> std::io::Result<()> {
        for i in items {
            let title = i.title.as_deref().unwrap_or("(untitled item)");
            page.item(depth, title, None, &[what(i)])?;
        }
        Ok(())
    }
}

fn owner(i: &ItemRow) -> &str {
    i.owner.as_deref().unwrap_or("no owner")
}

fn due(i: &ItemRow) -> String {
    i.due
        .map_or_else(|| "no due date".into(), |d| format!("due {d}"))
}

impl View for Digest {
    fn json(&self) -> impl Serialize {
        json::digest(self)
    }

    fn for_chat(&self) -> bool {
        true
    }

    fn page(&self, page: &mut dyn Page) -> std::io::Result<()> {
        let p = &self.period;
        page.title(&format!("Postmortem digest: {}", p.name))?;
        // Short lines: each reads on a phone, and markdown joins them into one paragraph.
        let when = format!("{} to {}, as of {}", p.first, p.last, self.today);
        page.line(
            &format!("Postmortem digest: {} ({when})", p.name),
            &format!("{when}."),
        )?;
        let mut lines = vec![
            format!(
                "{}, {} coming up.",
                plural(self.postmortems.len(), "postmortem"),
                plural(self.meetings.len(), "meeting")
            ),
            format!(
                "Remediation items: {} added, {} done, {} overdue now.",
                self.added.len(),
                self.done.len(),
                self.overdue_count()
            ),
        ];
        if self.broken > 0 {
            lines.push(format!(
                "{} left out (errors on stderr).",
                plural(self.broken, "broken postmortem")
            ));
        }
        for line in &lines {
            page.line(line, line)?;
        }

        page.heading(2, &format!("Postmortems ({})", self.postmortems.len()))?;
        if self.postmortems.is_empty() {
            page.note("No incident started in the period.")?;
        }
        for e in &self.postmortems {
            self.postmortem(page, e, self.facts(e, true))?;
        }

        page.heading(2, &format!("Meetings coming up ({})", self.meetings.len()))?;
        if self.meetings.is_empty() {
            page.note("No postmortem meeting is scheduled.")?;
        }
        for e in &self.meetings {
            let when = e.meeting_at.map(|t| time::format_local(t, self.tz));
            let more = vec![format!("meeting {}", when.unwrap_or_default())];
            self.postmortem(page, e, more)?;
        }

        page.heading(2, "Remediation items")?;
        page.heading(3, &format!("Added ({})", self.added.len()))?;
        if self.added.is_empty() {
            page.note("None: the period's postmortems list no remediation items.")?;
        }
        Self::items(page, &self.added, 0, |i| {
            format!(
                "{} #{} · {} · {} · {}",
                i.id,
                i.item,
                owner(i),
                due(i),
                i.status
            )
        })?;
        page.heading(3, &format!("Done ({})", self.done.len()))?;
        if self.done.is_empty() {
            page.note("None done in the period.")?;
        }
        Self::items(page, &self.done, 0, |i| {
            let on = i.done_on.map(|d| d.to_string()).unwrap_or_default();
            format!("{} #{} · {} · done {on}", i.id, i.item, owner(i))
        })?;
        page.heading(
            3,
            &format!("Overdue now, by owner ({})", self.overdue_count()),
        )?;
        if self.overdue.is_empty() {
            page.note("Nothing is overdue.")?;
        }
        if self.history_overdue > 0 {
            page.note(&format!(
                "{} of history (imported, or before pm.yaml's history.before) left out; `pm overdue --include-history` lists {}",
                plural(self.history_overdue, "overdue item"),
                if self.history_overdue == 1 { "it" } else { "them" }
            ))?;
        }
        for (who, items) in &self.overdue {
            let who = who.as_deref().unwrap_or("(no owner)");
            page.item(0, &format!("{who}: {} overdue", items.len()), None, &[])?;
            Self::items(page, items, 1, |i| {
                let days = plural(i.days_overdue.unwrap_or(0), "day");
                format!("{} #{} · {days} overdue ({})", i.id, i.item, due(i))
            })?;
        }

        if let Some(list) = &self.anniversaries {
            let week = self.today.iso_week().week();
            page.heading(2, &format!("This week in earlier years (ISO week {week})"))?;
            if list.is_empty() {
                page.note("No incident started in this week of an earlier year.")?;
            }
            for (years, e) in list {
                let mut more = vec![format!(
                    "{} ago · {}",
                    plural(*years, "year"),
                    e.start_day.map(|d| d.to_string()).unwrap_or_default()
                )];
                more.extend(self.facts(e, false));
                self.postmortem(page, e, more)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_quarters() {
        let m = parse_month("2026-02").expect("month");
        assert_eq!(
            (m.first.to_string(), m.last.to_string()),
            ("2026-02-01".into(), "2026-02-28".into())
        );
        assert_eq!(m.name, "February 2026");
        let q = parse_quarter("2026q4").expect("quarter");
        assert_eq!(
            (q.first.to_string(), q.last.to_string()),
            ("2026-10-01".into(), "2026-12-31".into())
        );
        assert!(parse_quarter("2026-Q1").is_ok());
        for bad in [
            "2026-13", "2026-1", "26-11", "2026/11", "2026-00", "November",
        ] {
            assert!(parse_month(bad).is_err(), "{bad}");
        }
        for bad in ["2026Q5", "2026Q0", "2026", "Q4", "2026Q12"] {
            assert!(parse_quarter(bad).is_err(), "{bad}");
        }
    }
}
