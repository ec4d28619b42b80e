//! `pm overdue`: the weekly review of remediation items. Every open item past its due
//! date, most overdue first, plus the items coming due, those open so long they need
//! re-evaluation, and those nobody can be chased for (no owner, no due date).
//!
//! Reads front matter only (never the bodies), like `pm list`.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use serde::Serialize;

use crate::commands::Status;
use crate::commands::common::{
    self, DocFilter, LISTING_FORMATS, lists, parse_date_arg, resolve_severities, start_date,
    write_findings,
};
use crate::context::{Context, Project};
use crate::document::{Depth, Document, Item, ItemStatus};
use crate::error::Result;
use crate::output::table::Table;
use crate::output::{Format, Page, View, plural};

/// List overdue remediation items: the weekly review in one command.
///
/// Lists every open remediation item whose due date (its `due`, or the default:
/// `remediation.due_days` after the meeting, else the resolution, else the start) is before
/// --as-of (default: today in the repository time zone), most overdue first, with the
/// postmortem's id and title, the item's number (for `pm remediation done ID N`), owner,
/// ticket, due date and days overdue. Two more sections follow: items that need
/// re-evaluation (still open more than `remediation.stale_days` after the incident; listed
/// there rather than under overdue) and incomplete items (no owner, or no due date pm can
/// derive; listed there whatever their date). --due-within adds the items coming due soon.
///
/// A document with errors is reported on stderr (file:line:column) and its readable items
/// are still listed. The exit status is 0 whether or not items are overdue (2 if a file
/// could not be read at all); --fail-if-any makes it 1 when any listed item is past its
/// due date, for a scheduled CI job.
///
/// `--format json` prints `{"version": 1, "as_of", "due_within_days", "counts", "items",
/// "owners"}`, documented in the README.
///
/// Examples:
///   pm overdue                                  the weekly review, as of today
///   pm overdue --due-within 7d --by owner       per owner, with what is due this week
///   pm overdue --format markdown > review.md    paste into the review notes or an email
///   pm overdue --owner "Ben Okafor" --as-of 2026-12-01
///   pm overdue --fail-if-any                    in a scheduled CI job: exit 1 if overdue
///   pm overdue --include-history                also the open items of imported history
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The day to review as of (YYYY-MM-DD; default: today in the repository time zone)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,

    /// Only items of this owner (repeatable; matched case-insensitively)
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    #[command(flatten)]
    pub docs: DocFilter,

    /// Also list the items coming due within this span, e.g. 7d, 2w or 10 (days)
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub due_within: Option<i64>,

    /// Group the items per owner, with counts (the shape of a weekly review email)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub by: Option<GroupBy>,

    /// Output format: a table for people, markdown for a review document or an email, or
    /// json, csv for other tools (docs/formats.md)
    #[arg(long, value_name = "FORMAT", default_value = "human",
          value_parser = common::format_parser(LISTING_FORMATS))]
    pub format: Format,

    /// Exit 1 when any listed item is past its due date
    #[arg(long)]
    pub fail_if_any: bool,

    /// List the open items of history too (`imported: true`, or started before pm.yaml's
    /// `history.before`), which the review leaves out
    #[arg(long)]
    pub include_history: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    Owner,
}

/// `7d`, `2w` or `7`: a number of days.
fn parse_span(text: &str) -> std::result::Result<i64, String> {
    let t = text.trim();
    let (digits, unit) = match t.strip_suffix(['d', 'D']) {
        Some(d) => (d, 1),
        None => match t.strip_suffix(['w', 'W']) {
            Some(w) => (w, 7),
            None => (t, 1),
        },
    };
    match digits.trim().parse::<i64>() {
        Ok(n) if (0..=100_000).contains(&n) => Ok(n * unit),
        _ => Err(format!(
            "`{text}` is not a span of days: write a number of days or weeks, e.g. 7d, 2w or 10"
        )),
    }
}

/// The sections of the review, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Overdue,
    DueSoon,
    NeedsReevaluation,
    Incomplete,
}

const SECTIONS: [Section; 4] = [
    Section::Overdue,
    Section::DueSoon,
    Section::NeedsReevaluation,
    Section::Incomplete,
];

impl Section {
    fn title(self) -> &'static str {
        match self {
            Section::Overdue => "Overdue",
            Section::DueSoon => "Due soon",
            Section::NeedsReevaluation => "Needs re-evaluation",
            Section::Incomplete => "Incomplete",
        }
    }

    fn counted(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::DueSoon => "due soon",
            Section::NeedsReevaluation => "to re-evaluate",
            Section::Incomplete => "incomplete",
        }
    }

    /// The header of the section's last column.
    fn measure(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::DueSoon => "due in",
            Section::NeedsReevaluation => "open for",
            Section::Incomplete => "missing",
        }
    }
}

/// What the review shows of a postmortem, shared by its rows.
struct DocInfo {
    id: String,
    path: String,
    title: Option<String>,
    severity: Option<String>,
}

/// One listed item with what pm derives for it. Rows own what they show, so the
/// documents can be dropped as soon as they are read (less memory over many files).
struct Row {
    section: Section,
    doc: Arc<DocInfo>,
    item: Item,
    due: Option<NaiveDate>,
    due_is_default: bool,
    /// `as_of - due`: positive when past due, negative when not yet due.
    days_overdue: Option<i64>,
    /// Days since the incident started.
    days_open: Option<i64>,
    missing: Vec<&'static str>,
}

impl Row {
    fn owner(&self) -> Option<&str> {
        self.item
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
    }

    fn past_due(&self) -> bool {
        self.days_overdue.is_some_and(|d| d > 0)
    }
}

/// What the filters keep, validated before any file is read.
struct Filter {
    owners: Vec<String>,
    severities: Vec<String>,
    service: Option<String>,
    tag: Option<String>,
}

impl Filter {
    fn keeps_doc(&self, doc: &Document) -> bool {
        let f = &doc.front;
        (self.severities.is_empty()
            || f.severity
                .as_ref()
                .is_some_and(|s| self.severities.contains(s)))
            && lists(&f.services, &self.service)
            && lists(&f.tags, &self.tag)
    }

    fn keeps_owner(&self, owner: Option<&str>) -> bool {
        self.owners.is_empty()
            || owner.is_some_and(|o| self.owners.iter().any(|w| w.trim().eq_ignore_ascii_case(o)))
    }
}

/// The review's settings.
struct Settings {
    as_of: NaiveDate,
    due_within: Option<i64>,
    due_days: i64,
    stale_days: i64,
    tz: chrono_tz::Tz,
}

impl Settings {
    /// The open items of `doc` that the review lists, each in its section.
    fn rows(&self, doc: &Document, filter: &Filter, out: &mut Vec<Row>) {
        let started = start_date(doc, self.tz);
        let mut info: Option<Arc<DocInfo>> = None;
        for item in &doc.front.remediation {
            if item.status != ItemStatus::Open {
                continue;
            }
            let due = doc.front.due_date(item, self.due_days, self.tz);
            let info = info
                .get_or_insert_with(|| {
                    Arc::new(DocInfo {
                        id: doc.id.clone(),
                        path: doc.source.display.clone(),
                        title: doc.front.title.clone(),
                        severity: doc.front.severity.clone(),
                    })
                })
                .clone();
            let mut row = Row {
                section: Section::Overdue,
                doc: info,
                item: item.clone(),
                due,
                due_is_default: item.due.is_none() && due.is_some(),
                days_overdue: due.map(|d| (self.as_of - d).num_days()),
                days_open: started.map(|s| (self.as_of - s).num_days()),
                missing: Vec::new(),
            };
            if !filter.keeps_owner(row.owner()) {
                continue;
            }
            if row.owner().is_none() {
                row.missing.push("owner");
            }
            if due.is_none() {
                row.missing.push("due date");
            }
            row.section = if !row.missing.is_empty() {
                Section::Incomplete
            } else if row.days_open.is_some_and(|d| d > self.stale_days) {
                Section::NeedsReevaluation
            } else if row.past_due() {
                Section::Overdue
            } else if self
                .due_within
                .is_some_and(|n| row.days_overdue.is_some_and(|d| -d <= n))
            {
                Section::DueSoon
            } else {
                continue;
            };
            out.push(row);
        }
    }
}

fn sort(rows: &mut [Row]) {
    rows.sort_by(|a, b| {
        let key = |r: &Row| match r.section {
            Section::Overdue => -r.days_overdue.unwrap_or(0),
            Section::DueSoon => -r.days_overdue.unwrap_or(0),
            Section::NeedsReevaluation => -r.days_open.unwrap_or(0),
            Section::Incomplete => 0,
        };
        (a.section, key(a))
            .cmp(&(b.section, key(b)))
            .then_with(|| a.doc.id.cmp(&b.doc.id))
            .then_with(|| a.item.index.cmp(&b.item.index))
    });
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let filter = Filter {
        owners: args.owner.clone(),
        severities: resolve_severities(&args.docs.severity, &project)?,
        service: args.docs.service.clone(),
        tag: args.docs.tag.clone(),
    };
    let tz = project.config.timezone;
    let settings = Settings {
        as_of: args
            .as_of
            .unwrap_or_else(|| ctx.now.with_timezone(&tz).date_naive()),
        due_within: args.due_within,
        due_days: project.config.remediation_due_days,
        stale_days: project.config.remediation_stale_days,
        tz,
    };
    let files = common::all_files(&project)?;
    let setup = project.lint_setup();
    // Sized once: growing it under the lock, item by item, cost 5% of a 10,000-file review.
    let found = Mutex::new(Vec::with_capacity(files.len()));
    // The items of history the review would list, left out without --include-history.
    let left_out = std::sync::atomic::AtomicUsize::new(0);
    let loaded = common::load_with(&project, &files, Depth::FrontMatter, |doc| {
        let mut rows = Vec::new();
        let history = setup.is_history(&doc.front);
        if history {
            // Nobody chases a 2018 item: not listed, and no warning that it has no owner.
            doc.diagnostics
                .retain(|d| !crate::lint::HISTORY_RULES.contains(&d.rule));
        }
        if filter.keeps_doc(doc) {
            settings.rows(doc, &filter, &mut rows);
            if history && !args.include_history {
                left_out.fetch_add(rows.len(), std::sync::atomic::Ordering::Relaxed);
                rows.clear();
            }
        }
        if let Ok(mut all) = found.lock() {
            all.extend(rows);
        }
        // Only documents with findings are needed further (their findings are shown).
        if doc.diagnostics.is_empty() {
            doc.front = Default::default();
        }
    });
    let mut docs = loaded.docs;
    // Every problem with file:line:column, then the review of what could be read.
    for doc in docs.iter_mut().filter(|d| !d.diagnostics.is_empty()) {
        write_findings(&mut ctx.out.stderr, doc)?;
    }
    for (path, why) in &loaded.failures {
        writeln!(ctx.out.stderr, "error: {path}: cannot read: {why}")?;
    }
    let mut rows = found.into_inner().unwrap_or_default();
    sort(&mut rows);
    let view = Review {
        project: &project,
        settings: &settings,
        rows: &rows,
        by_owner: args.by == Some(GroupBy::Owner),
        history_left_out: left_out.into_inner(),
    };
    common::print(ctx, args.format, &view)?;
    Ok(if !loaded.failures.is_empty() {
        Status::Failed
    } else if args.fail_if_any && rows.iter().any(Row::past_due) {
        Status::Findings
    } else {
        Status::Ok
    })
}

/// One owner's items, in review order; `None` for items without an owner.
fn by_owner(rows: &[Row]) -> Vec<(Option<String>, Vec<&Row>)> {
    let mut groups: BTreeMap<(bool, String), (String, Vec<&Row>)> = BTreeMap::new();
    for row in rows {
        let owner = row.owner();
        let key = (owner.is_none(), owner.unwrap_or("").to_lowercase());
        groups
            .entry(key)
            .or_insert_with(|| (owner.unwrap_or("").to_string(), Vec::new()))
            .1
            .push(row);
    }
    groups
        .into_iter()
        .map(|((none, _), (name, rows))| ((!none).then_some(name), rows))
        .collect()
}

/// "2 overdue, 1 due soon".
fn counts(rows: &[&Row]) -> String {
    SECTIONS
        .iter()
        .filter_map(|s| {
            let n = rows.iter().filter(|r| r.section == *s).count();
            (n > 0).then(|| format!("{n} {}", s.counted()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `pm overdue --format json` document. Stable keys:
///
/// - `version` (1); `as_of` (YYYY-MM-DD); `due_within_days` (integer or null)
/// - `counts`: `{overdue, due_soon, needs_reevaluation, incomplete}` (integers)
/// - `items`: array, in review order, of `{section, id, path, postmortem, severity, item,
///   title, owner, ticket, ticket_url, due, due_is_default, days_overdue, days_open,
///   missing}`: `section` is overdue, due_soon, needs_reevaluation or incomplete; `item`
///   the 1-based number `pm remediation` takes; `due` YYYY-MM-DD or null; `days_overdue`
///   as_of minus due (negative when not yet due) or null; `days_open` days since the
///   incident started or null; `missing` a list of "owner" and "due date"; `line` the
///   line of an item kept in the body (when the front matter lists none), else null
/// - `owners`: array of `{owner, overdue, due_soon, needs_reevaluation, incomplete}`,
///   by owner name, `owner` null for the items without one
/// - `history_left_out`: the open items of history (`imported: true`, or started before
///   pm.yaml's `history.before`) the review would list, left out without
///   `--include-history` (0 with it)
#[derive(Serialize)]
struct JsonReview<'a> {
    version: u32,
    as_of: String,
    due_within_days: Option<i64>,
    counts: JsonCounts,
    items: Vec<JsonRow<'a>>,
    owners: Vec<JsonOwner>,
    history_left_out: usize,
}

#[derive(Serialize, Default)]
struct JsonCounts {
    overdue: usize,
    due_soon: usize,
    needs_reevaluation: usize,
    incomplete: usize,
}

impl JsonCounts {
    fn of(rows: &[&Row]) -> JsonCounts {
        let n = |s: Section| rows.iter().filter(|r| r.section == s).count();
        JsonCounts {
            overdue: n(Section::Overdue),
            due_soon: n(Section::DueSoon),
            needs_reevaluation: n(Section::NeedsReevaluation),
            incomplete: n(Section::Incomplete),
        }
    }
}

#[derive(Serialize)]
struct JsonOwner {
    owner: Option<String>,
    #[serde(flatten)]
    counts: JsonCounts,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    section: Section,
    id: &'a str,
    path: &'a str,
    postmortem: Option<&'a str>,
    severity: Option<&'a str>,
    item: usize,
    title: Option<&'a str>,
    owner: Option<&'a str>,
    ticket: Option<&'a str>,
    ticket_url: Option<String>,
    due: Option<String>,
    due_is_default: bool,
    days_overdue: Option<i64>,
    days_open: Option<i64>,
    missing: &'a [&'static str],
    /// The line of an item kept in the body, else null.
    line: Option<usize>,
}

/// The review, as each format shows it.
struct Review<'p> {
    project: &'p Project,
    settings: &'p Settings,
    rows: &'p [Row],
    by_owner: bool,
    /// Items of history not listed (no `--include-history`).
    history_left_out: usize,
}

const CSV_HEADERS: &[&str] = &[
    "section",
    "id",
    "path",
    "postmortem",
    "severity",
    "item",
    "title",
    "owner",
    "ticket",
    "ticket_url",
    "due",
    "due_is_default",
    "days_overdue",
    "days_open",
    "missing",
    "line",
];

impl Review<'_> {
    fn ticket_url(&self, row: &Row) -> Option<String> {
        self.project.config.ticket_url(row.item.ticket.as_deref()?)
    }

    /// The rows of one section, as a table; tickets link to the tracker in a document.
    fn section_table(&self, section: Section, rows: &[&Row]) -> Table {
        // The postmortem's title (column 1) gives way on a narrow terminal.
        let mut table = Table::new(vec![
            "postmortem",
            "title",
            "#",
            "item",
            "owner",
            "ticket",
            "due",
            section.measure(),
        ])
        .squeezing(1);
        for r in rows.iter().filter(|r| r.section == section) {
            if let Some(url) = self.ticket_url(r) {
                table.link(table.rows.len(), 5, url);
            }
            let measure = match section {
                Section::Overdue => format!("{}d", r.days_overdue.unwrap_or(0)),
                Section::DueSoon => match -r.days_overdue.unwrap_or(0) {
                    0 => "today".to_string(),
                    n => format!("{n}d"),
                },
                Section::NeedsReevaluation => format!("{}d", r.days_open.unwrap_or(0)),
                Section::Incomplete => r.missing.join(", "),
            };
            table.push(vec![
                Some(r.doc.id.clone()),
                r.doc.title.clone(),
                Some(r.item.label()),
                r.item.title.clone(),
                r.owner().map(str::to_string),
                r.item.ticket.clone(),
                r.due
                    .map(|d| format!("{d}{}", if r.due_is_default { "*" } else { "" })),
                Some(measure),
            ]);
        }
        table
    }
}

impl View for Review<'_> {
    fn json(&self) -> impl Serialize {
        let all: Vec<&Row> = self.rows.iter().collect();
        JsonReview {
            version: 1,
            as_of: self.settings.as_of.to_string(),
            due_within_days: self.settings.due_within,
            counts: JsonCounts::of(&all),
            items: self
                .rows
                .iter()
                .map(|r| JsonRow {
                    section: r.section,
                    id: &r.doc.id,
                    path: &r.doc.path,
                    postmortem: r.doc.title.as_deref(),
                    severity: r.doc.severity.as_deref(),
                    item: r.item.index + 1,
                    title: r.item.title.as_deref(),
                    owner: r.owner(),
                    ticket: r.item.ticket.as_deref(),
                    ticket_url: self.ticket_url(r),
                    due: r.due.map(|d| d.to_string()),
                    due_is_default: r.due_is_default,
                    days_overdue: r.days_overdue,
                    days_open: r.days_open,
                    missing: &r.missing,
                    line: r.item.body_line(),
                })
                .collect(),
            owners: by_owner(self.rows)
                .into_iter()
                .map(|(owner, rows)| JsonOwner {
                    owner,
                    counts: JsonCounts::of(&rows),
                })
                .collect(),
            history_left_out: self.history_left_out,
        }
    }

    /// One flat table (CSV), per owner with `--by owner`.
    fn table(&self) -> Table {
        let mut table = Table::new(CSV_HEADERS.to_vec());
        let ordered: Vec<&Row> = if self.by_owner {
            by_owner(self.rows)
                .into_iter()
                .flat_map(|(_, r)| r)
                .collect()
        } else {
            self.rows.iter().collect()
        };
        let num = |n: Option<i64>| n.map(|n| n.to_string());
        for r in ordered {
            table.push(vec![
                serde_json::to_value(r.section)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string)),
                Some(r.doc.id.clone()),
                Some(r.doc.path.clone()),
                r.doc.title.clone(),
                r.doc.severity.clone(),
                Some((r.item.index + 1).to_string()),
                r.item.title.clone(),
                r.owner().map(str::to_string),
                r.item.ticket.clone(),
                self.ticket_url(r),
                r.due.map(|d| d.to_string()),
                Some(r.due_is_default.to_string()),
                num(r.days_overdue),
                num(r.days_open),
                Some(r.missing.join("; ")),
                r.item.body_line().map(|l| l.to_string()),
            ]);
        }
        table
    }

    /// The review for people, per section, and per owner with `--by owner`.
    fn page(&self, page: &mut dyn Page) -> std::io::Result<()> {
        let as_of = self.settings.as_of;
        let rows = self.rows;
        let all: Vec<&Row> = rows.iter().collect();
        page.title(&format!("Remediation review, {as_of}"))?;
        if rows.is_empty() {
            let soon = match self.settings.due_within {
                Some(n) => format!(", and nothing due within {}", plural(n, "day")),
                None => String::new(),
            };
            let text = format!("No open remediation item is overdue as of {as_of}{soon}.");
            page.line(&text, &text)?;
            return self.history_note(page);
        }
        page.line(
            &format!("Remediation items as of {as_of}: {}", counts(&all)),
            &format!("{}.", capitalize(&counts(&all))),
        )?;
        let groups = if self.by_owner {
            by_owner(rows)
        } else {
            vec![(None, all)]
        };
        for (owner, group) in &groups {
            if self.by_owner {
                let name = owner.as_deref().unwrap_or("(no owner)");
                page.heading(2, &format!("{name}: {}", counts(group)))?;
            }
            for section in SECTIONS {
                let n = group.iter().filter(|r| r.section == section).count();
                if n == 0 {
                    continue;
                }
                let level = if self.by_owner { 3 } else { 2 };
                page.heading(level, &format!("{} ({n})", section.title()))?;
                page.table(&self.section_table(section, group))?;
            }
        }
        if rows.iter().any(|r| r.due_is_default) {
            page.note(
                "* default due date: remediation.due_days after the meeting, else the resolution, else the start",
            )?;
        }
        if rows.iter().any(|r| r.item.body.is_some()) {
            page.note(
                "L28: an item kept in the body, at that line; `pm remediation move ID` moves a postmortem's into its front matter",
            )?;
        }
        self.history_note(page)
    }
}

impl Review<'_> {
    /// How many items of history were left out, and how to list them.
    fn history_note(&self, page: &mut dyn Page) -> std::io::Result<()> {
        match self.history_left_out {
            0 => Ok(()),
            n => page.note(&format!(
                "{} of history (imported, or before pm.yaml's history.before) left out; `--include-history` lists {}",
                plural(n, "open item"),
                if n == 1 { "it" } else { "them" }
            )),
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans() {
        assert_eq!(parse_span("7d"), Ok(7));
        assert_eq!(parse_span("2w"), Ok(14));
        assert_eq!(parse_span("10"), Ok(10));
        assert!(parse_span("1m").is_err());
        assert!(parse_span("-3d").is_err());
        assert!(parse_span("").is_err());
    }
}
