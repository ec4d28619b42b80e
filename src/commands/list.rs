//! `pm list`: every postmortem as one row (table, JSON, CSV or markdown), newest first.
//!
//! Reads front matter only, for speed. A broken document is listed with what could be read
//! and reported on stderr; listing is not checking, so it never changes the exit code.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use crate::commands::Status;
use crate::commands::common::{
    self, DocFilter, JsonEntry, LISTING_FORMATS, lists, parse_date_arg, resolve_severities,
    sort_newest_first, start_date, status_cell, warn_problems,
};
use crate::context::{Context, Project};
use crate::document::frontmatter::STATUSES;
use crate::document::{Depth, Document};
use crate::error::{Error, Result};
use crate::output::table::Table;
use crate::output::{Format, View};
use crate::time;

/// List postmortems, newest first, with their durations and open remediation items.
///
/// One row per postmortem: id, start date (in the document's own `timezone:`, else the
/// repository's: the date its file name carries), severity, status,
/// title, time to detect, time to resolve and the number of open remediation items. Filters
/// combine: a postmortem is listed when it matches all of them. A document with errors is
/// still listed, marked `! broken` with what could be read, and named on stderr; listing
/// is not checking, so pm still exits 0 (2 only if a file could not be read at all).
///
/// `--format json` prints an array of objects with the keys id, path, title, status,
/// severity, type, started_at, detected_at, acknowledged_at, mitigated_at,
/// customers_notified_at, resolved_at, meeting_at, timezone, time_to_detect_seconds,
/// time_to_acknowledge_seconds, time_to_mitigate_seconds, time_to_resolve_seconds,
/// services, tags, open_items, remediation_items and broken (see the README).
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

    /// Only incidents that started on or after this day (YYYY-MM-DD, as the date column)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub since: Option<NaiveDate>,

    /// Only incidents that started on or before this day (YYYY-MM-DD, as the date column)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub until: Option<NaiveDate>,

    /// Output format: a table for people, or json, csv, markdown for other tools
    /// (docs/formats.md)
    #[arg(long, value_name = "FORMAT", default_value = "human",
          value_parser = common::format_parser(LISTING_FORMATS))]
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

/// A document's row; `None` for a value that is absent or could not be read.
fn row(doc: &Document, tz: Tz) -> Vec<Option<String>> {
    let f = &doc.front;
    let status = status_cell(doc);
    vec![
        Some(doc.id.clone()),
        start_date(doc, tz).map(|d| d.to_string()),
        f.severity.clone(),
        (!status.is_empty()).then_some(status),
        f.title.clone(),
        f.time_to_detect().map(time::format_duration),
        f.time_to_resolve().map(time::format_duration),
        (!doc.unreadable).then(|| f.open_items().to_string()),
    ]
}

/// The listing, as each format shows it.
struct Listing<'a> {
    docs: &'a [Document],
    tz: Tz,
    /// The repository has no postmortem at all (rather than none matching).
    no_files: bool,
}

impl View for Listing<'_> {
    fn json(&self) -> impl Serialize {
        self.docs.iter().map(JsonEntry::new).collect::<Vec<_>>()
    }

    fn table(&self) -> Table {
        // The title (column 4) gives way on a narrow terminal, then the columns least needed
        // to find an incident (open items, detect, resolve, the date the id repeats, status,
        // severity) are left out; ids stay whole for copying.
        let mut table = Table::new(HEADERS.to_vec())
            .squeezing(4)
            .dropping(&[7, 5, 6, 1, 3, 2]);
        table.rows = self.docs.iter().map(|d| row(d, self.tz)).collect();
        table
    }

    fn nothing(&self) -> Option<String> {
        self.docs.is_empty().then(|| {
            if self.no_files {
                "no postmortems yet: `pm new` writes the first one".to_string()
            } else {
                "no postmortem matches these filters".to_string()
            }
        })
    }
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
    let listing = Listing {
        docs: &docs,
        tz: project.config.timezone,
        no_files: files.is_empty(),
    };
    common::print(ctx, args.format, &listing)?;
    Ok(if loaded.failures.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}
