//! `pm list`: every postmortem as one row (table, JSON, CSV or markdown), newest first.
//!
//! Reads front matter only, for speed. A broken document is listed with what could be read
//! and reported on stderr; listing is not checking, so it never changes the exit code.

use std::io::{IsTerminal, Write};

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::commands::Status;
use crate::commands::common::{
    self, DocFilter, Format, JsonEntry, lists, parse_date_arg, resolve_severities,
    sort_newest_first, start_date, status_cell, warn_problems,
};
use crate::context::{Context, Project};
use crate::document::frontmatter::STATUSES;
use crate::document::{Depth, Document};
use crate::error::{Error, Result};
use crate::output::table::Table;
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
    let files = common::all_files(&project)?;
    let loaded = common::load(&project, &files, Depth::FrontMatter);
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
