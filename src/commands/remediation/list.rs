//! `pm remediation list`: the items of one postmortem, or of all of them.

use std::io::Write;

use serde::Serialize;

use crate::commands::Status;
use crate::commands::common::{self, LISTING_FORMATS, write_findings};
use crate::context::{Context, Project};
use crate::document::Depth;
use crate::document::frontmatter::ITEM_STATUSES;
use crate::error::Result;
use crate::output::table::Table;
use crate::output::{Format, View};

/// List remediation items: of one postmortem, or of all of them.
///
/// One row per item: postmortem id, item number, status, title, owner, ticket, due date
/// (`*` when it is the default) and the day it was done.
///
/// Items kept in the body (under `## Remediation items` or an alias, when the front matter
/// lists none) are numbered `L28`, by their line; `pm remediation move ID` moves them into
/// the front matter.
///
/// `--format json` prints an array of `{id, path, item, line, title, owner, ticket,
/// ticket_url, status, due, due_is_default, done_on}` (`line`: an item in the body's line,
/// else null).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ListArgs {
    /// A postmortem: its id, a unique part of it, or its path (default: every postmortem)
    #[arg(value_name = "ID")]
    pub id: Option<String>,

    /// Only items with this status (repeatable, or comma-separated)
    #[arg(long, value_name = "STATUS", value_delimiter = ',',
          value_parser = clap::builder::PossibleValuesParser::new(ITEM_STATUSES))]
    pub status: Vec<String>,

    /// Output format: a table for people, or json, csv, markdown for other tools
    /// (docs/formats.md)
    #[arg(long, value_name = "FORMAT", default_value = "human",
          value_parser = common::format_parser(LISTING_FORMATS))]
    pub format: Format,
}

/// One item in `pm remediation list --format json`.
#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    path: &'a str,
    item: usize,
    /// The line of an item kept in the body, else null.
    line: Option<usize>,
    #[serde(skip)]
    label: String,
    title: Option<&'a str>,
    owner: Option<&'a str>,
    ticket: Option<&'a str>,
    ticket_url: Option<String>,
    status: &'static str,
    due: Option<String>,
    due_is_default: bool,
    done_on: Option<String>,
}

pub fn run(a: ListArgs, ctx: &mut Context, project: &Project) -> Result<Status> {
    let files = match &a.id {
        Some(id) => vec![common::find_one(project, &ctx.cwd, id)?],
        None => common::all_files(project)?,
    };
    let loaded = common::load(project, &files, Depth::FrontMatter);
    let mut docs = loaded.docs;
    for doc in docs.iter_mut().filter(|d| !d.diagnostics.is_empty()) {
        write_findings(&mut ctx.out.stderr, doc)?;
    }
    for (path, why) in &loaded.failures {
        writeln!(ctx.out.stderr, "error: {path}: cannot read: {why}")?;
    }
    let (due_days, tz) = (project.config.remediation_due_days, project.config.timezone);
    let mut items: Vec<JsonItem<'_>> = Vec::new();
    for doc in &docs {
        for item in &doc.front.remediation {
            if !a.status.is_empty() && !a.status.iter().any(|s| s == item.status.as_str()) {
                continue;
            }
            let due = doc.front.due_date(item, due_days, tz);
            items.push(JsonItem {
                id: &doc.id,
                path: &doc.source.display,
                item: item.index + 1,
                line: item.body_line(),
                label: item.label(),
                title: item.title.as_deref(),
                owner: item.owner.as_deref(),
                ticket: item.ticket.as_deref(),
                ticket_url: item
                    .ticket
                    .as_deref()
                    .and_then(|t| project.config.ticket_url(t)),
                status: item.status.as_str(),
                due: due.map(|d| d.to_string()),
                due_is_default: item.due.is_none() && due.is_some(),
                done_on: item.done_on.map(|d| d.to_string()),
            });
        }
    }
    common::print(ctx, a.format, &Items(items))?;
    Ok(if loaded.failures.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// The items, as each format shows them.
struct Items<'a>(Vec<JsonItem<'a>>);

impl View for Items<'_> {
    fn json(&self) -> impl Serialize {
        &self.0
    }

    fn table(&self) -> Table {
        // The title (column 3) gives way on a narrow terminal.
        let mut table = Table::new(vec![
            "postmortem",
            "#",
            "status",
            "title",
            "owner",
            "ticket",
            "due",
            "done on",
        ])
        .squeezing(3);
        for i in &self.0 {
            let text = |v: Option<&str>| v.map(str::to_string);
            table.push(vec![
                Some(i.id.to_string()),
                Some(i.label.clone()),
                Some(i.status.to_string()),
                text(i.title),
                text(i.owner),
                text(i.ticket),
                i.due
                    .as_ref()
                    .map(|d| format!("{d}{}", if i.due_is_default { "*" } else { "" })),
                text(i.done_on.as_deref()),
            ]);
        }
        table
    }

    fn nothing(&self) -> Option<String> {
        self.0
            .is_empty()
            .then(|| "no remediation items".to_string())
    }
}
