//! `pm list`: every postmortem as one row (table, JSON, CSV or markdown), newest first.
//!
//! Reads front matter only, for speed. A broken document is listed with what could be read
//! and reported on stderr; listing is not checking, so it never changes the exit code.

use std::io::{IsTerminal, Write};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::commands::{self, Status};
use crate::context::{Context, Project};
use crate::diagnostic::did_you_mean;
use crate::document::frontmatter::STATUSES;
use crate::document::{Depth, Document};
use crate::error::{Error, Result};
use crate::output::table::{Format, Table};
use crate::time;

/// List postmortems, newest first, with their durations and open remediation items.
///
/// One row per postmortem: id, start date (in the repository time zone), severity, status,
/// title, time to detect, time to resolve and the number of open remediation items. Filters
/// combine: a postmortem is listed when it matches all of them. A document with errors is
/// still listed, marked `! broken` with what could be read, and named on stderr; listing
/// is not checking, so pm still exits 0 (2 only if a file could not be read at all).
///
/// `--format json` prints an array of objects with the keys id, path, title, status,
/// severity, started_at, detected_at, customers_notified_at, resolved_at, meeting_at,
/// time_to_detect_seconds, time_to_resolve_seconds, services, tags, open_items,
/// remediation_items and broken (see the README).
///
/// Examples:
///   pm list                                      every postmortem
///   pm list --status draft --status in-review    what is still being written
///   pm list --severity SEV1 --since 2026-01-01   this year's worst
///   pm list --service checkout-api --format csv > checkout.csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Only postmortems with this status (repeatable, or comma-separated)
    #[arg(long, value_name = "STATUS", value_delimiter = ',',
          value_parser = clap::builder::PossibleValuesParser::new(STATUSES))]
    pub status: Vec<String>,

    #[command(flatten)]
    pub docs: DocFilter,

    /// Only incidents that started on or after this day (YYYY-MM-DD, repository time zone)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub since: Option<NaiveDate>,

    /// Only incidents that started on or before this day (YYYY-MM-DD, repository time zone)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub until: Option<NaiveDate>,

    /// Output format: a table for people, or json, csv, markdown for other tools
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The postmortem filters `pm list` and `pm overdue` share.
#[derive(Debug, clap::Args)]
pub struct DocFilter {
    /// Only postmortems of this severity (repeatable, or comma-separated)
    #[arg(long, value_name = "SEVERITY", value_delimiter = ',')]
    pub severity: Vec<String>,

    /// Only postmortems that list this service
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,

    /// Only postmortems with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
}

pub(crate) fn parse_date_arg(text: &str) -> std::result::Result<NaiveDate, String> {
    time::parse_date(text)
}

/// What every filter is checked against, validated before any file is read.
struct Filter {
    statuses: Vec<String>,
    severities: Vec<String>,
    service: Option<String>,
    tag: Option<String>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    tz: Tz,
}

impl Filter {
    fn new(args: &Args, project: &Project) -> Result<Filter> {
        let severities = resolve_severities(&args.docs.severity, project)?;
        if let (Some(since), Some(until)) = (args.since, args.until)
            && since > until
        {
            return Err(Error::usage(format!(
                "--since {since} is after --until {until}: no day can match both"
            ))
            .with_hint("swap the two dates"));
        }
        Ok(Filter {
            statuses: args.status.clone(),
            severities,
            service: args.docs.service.clone(),
            tag: args.docs.tag.clone(),
            since: args.since,
            until: args.until,
            tz: project.config.timezone,
        })
    }

    /// Whether `doc` matches every filter. A field that could not be read matches no filter.
    fn matches(&self, doc: &Document) -> bool {
        let f = &doc.front;
        if !self.statuses.is_empty()
            && !f
                .status
                .is_some_and(|s| self.statuses.iter().any(|w| w == s.as_str()))
        {
            return false;
        }
        if !self.severities.is_empty()
            && !f
                .severity
                .as_ref()
                .is_some_and(|s| self.severities.contains(s))
        {
            return false;
        }
        if !lists(&f.services, &self.service) || !lists(&f.tags, &self.tag) {
            return false;
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(day) = start_date(doc, self.tz) else {
                return false;
            };
            if self.since.is_some_and(|s| day < s) || self.until.is_some_and(|u| day > u) {
                return false;
            }
        }
        true
    }
}

/// `--severity` values as configured (matched case-insensitively: `sev1` means `SEV1`); a
/// usage error naming the severities for one that is not configured.
pub(crate) fn resolve_severities(given: &[String], project: &Project) -> Result<Vec<String>> {
    let known: Vec<&str> = project.config.severity_names().collect();
    let mut severities = Vec::new();
    for given in given {
        match known.iter().find(|k| k.eq_ignore_ascii_case(given.trim())) {
            Some(k) => severities.push(k.to_string()),
            None => {
                let mut e = Error::usage(format!(
                    "--severity: `{given}` is not one of the severities: {}",
                    known.join(", ")
                ));
                e = match did_you_mean(given, known.iter().copied()) {
                    Some(best) => e.with_hint(format!("did you mean `{best}`?")),
                    None => e.with_hint("severities are configured in pm.yaml (`severities`)"),
                };
                return Err(e);
            }
        }
    }
    Ok(severities)
}

/// Whether `list` holds `want` (case-insensitively), or no value is wanted.
pub(crate) fn lists(list: &[String], want: &Option<String>) -> bool {
    want.as_ref()
        .is_none_or(|w| list.iter().any(|x| x.trim().eq_ignore_ascii_case(w.trim())))
}

/// The day the incident started, in the repository time zone.
pub(crate) fn start_date(doc: &Document, tz: Tz) -> Option<NaiveDate> {
    doc.front
        .started_at
        .map(|t| t.with_timezone(&tz).date_naive())
}

/// Newest first (by start), then by id; documents without a start time last.
pub(crate) fn sort_newest_first(docs: &mut [Document]) {
    docs.sort_by(|a, b| {
        let (sa, sb) = (a.front.started_at, b.front.started_at);
        match (sa, sb) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.id.cmp(&b.id))
    });
}

/// Tells stderr about each broken document and each file that could not be read.
pub(crate) fn warn_problems(
    stderr: &mut dyn Write,
    docs: &[Document],
    failures: &[(String, String)],
) -> std::io::Result<()> {
    for doc in docs.iter().filter(|d| d.has_errors()) {
        let n = doc.diagnostics.iter().filter(|d| d.is_error()).count();
        writeln!(
            stderr,
            "warning: {path}: {n} error{s}; run `pm check {path}`",
            path = doc.source.display,
            s = if n == 1 { "" } else { "s" }
        )?;
    }
    for (path, why) in failures {
        writeln!(stderr, "error: {path}: cannot read: {why}")?;
    }
    Ok(())
}

/// A timestamp in JSON: RFC 3339 in UTC, to the second.
pub(crate) fn json_time(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// The text shown for a status: `! broken` marks a document with errors.
pub(crate) fn status_cell(doc: &Document) -> String {
    if doc.has_errors() {
        "! broken".to_string()
    } else {
        doc.front
            .status
            .map_or_else(String::new, |s| s.as_str().to_string())
    }
}

/// One postmortem in `pm list --format json`. The keys are stable:
///
/// - `id` (string): the file stem; `path` (string): relative to the repository root
/// - `title`, `status`, `severity` (string or null): null when missing or invalid
/// - `started_at`, `detected_at`, `customers_notified_at`, `resolved_at`, `meeting_at`
///   (string or null): RFC 3339 in UTC, e.g. `2026-03-14T09:12:00Z`
/// - `time_to_detect_seconds`, `time_to_resolve_seconds` (integer or null)
/// - `services`, `tags` (arrays of strings)
/// - `open_items`, `remediation_items` (integers): open remediation items, and all of them
/// - `broken` (bool): the document has errors (`pm check` says which); the other values
///   are what could be read
#[derive(Debug, Serialize)]
pub(crate) struct JsonEntry<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub title: Option<&'a str>,
    pub status: Option<&'static str>,
    pub severity: Option<&'a str>,
    pub started_at: Option<String>,
    pub detected_at: Option<String>,
    pub customers_notified_at: Option<String>,
    pub resolved_at: Option<String>,
    pub meeting_at: Option<String>,
    pub time_to_detect_seconds: Option<i64>,
    pub time_to_resolve_seconds: Option<i64>,
    pub services: &'a [String],
    pub tags: &'a [String],
    pub open_items: usize,
    pub remediation_items: usize,
    pub broken: bool,
}

impl<'a> JsonEntry<'a> {
    pub fn new(doc: &'a Document) -> JsonEntry<'a> {
        let f = &doc.front;
        JsonEntry {
            id: &doc.id,
            path: &doc.source.display,
            title: f.title.as_deref(),
            status: f.status.map(|s| s.as_str()),
            severity: f.severity.as_deref(),
            started_at: json_time(f.started_at),
            detected_at: json_time(f.detected_at),
            customers_notified_at: json_time(f.customers_notified_at),
            resolved_at: json_time(f.resolved_at),
            meeting_at: json_time(f.meeting_at),
            time_to_detect_seconds: f.time_to_detect().map(|d| d.num_seconds()),
            time_to_resolve_seconds: f.time_to_resolve().map(|d| d.num_seconds()),
            services: &f.services,
            tags: &f.tags,
            open_items: f.open_items(),
            remediation_items: f.remediation.len(),
            broken: doc.has_errors(),
        }
    }
}

const HEADERS: &[&str] = &[
    "id", "date", "severity", "status", "title", "detect", "resolve", "open",
];

/// A document's row; `none` stands for a value that is absent or could not be read.
fn row(doc: &Document, tz: Tz, none: &str) -> Vec<String> {
    let f = &doc.front;
    let or_none = |v: Option<String>| v.unwrap_or_else(|| none.to_string());
    let status = status_cell(doc);
    vec![
        doc.id.clone(),
        or_none(start_date(doc, tz).map(|d| d.to_string())),
        or_none(f.severity.clone()),
        if status.is_empty() {
            none.to_string()
        } else {
            status
        },
        or_none(f.title.clone()),
        or_none(f.time_to_detect().map(time::format_duration)),
        or_none(f.time_to_resolve().map(time::format_duration)),
        if doc.unreadable {
            none.to_string()
        } else {
            f.open_items().to_string()
        },
    ]
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let filter = Filter::new(&args, &project)?;
    let files = commands::all_files(&project)?;
    let loaded = commands::load(&project, &files, Depth::FrontMatter);
    let mut docs = loaded.docs;
    warn_problems(&mut ctx.out.stderr, &docs, &loaded.failures)?;
    docs.retain(|d| filter.matches(d));
    sort_newest_first(&mut docs);
    let tz = project.config.timezone;
    let out = &mut *ctx.out.stdout;
    match args.format {
        Format::Json => {
            let entries: Vec<JsonEntry<'_>> = docs.iter().map(JsonEntry::new).collect();
            serde_json::to_writer_pretty(&mut *out, &entries).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut table = Table::new(HEADERS.to_vec());
            table.rows = docs.iter().map(|d| row(d, tz, "")).collect();
            table.write_csv(out)?;
        }
        Format::Markdown => {
            let mut table = Table::new(HEADERS.to_vec());
            table.rows = docs.iter().map(|d| row(d, tz, "-")).collect();
            table.write_markdown(out)?;
        }
        Format::Table => {
            if docs.is_empty() {
                // Say so on stderr: stdout stays empty for scripts.
                let what = if files.is_empty() {
                    "no postmortems yet: `pm new` writes the first one"
                } else {
                    "no postmortem matches these filters"
                };
                writeln!(ctx.out.stderr, "{what}")?;
            } else {
                let mut table = Table::new(HEADERS.to_vec());
                table.rows = docs.iter().map(|d| row(d, tz, "-")).collect();
                // The title (column 4) gives way; ids stay whole for copying.
                table.write_text_one_line(out, std::io::stdout().is_terminal(), 4)?;
            }
        }
    }
    Ok(if loaded.failures.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}
