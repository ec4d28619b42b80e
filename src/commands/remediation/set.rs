//! `pm remediation set`: change an item's owner, due date, ticket, title or status.

use chrono::NaiveDate;

use super::{Target, non_empty, set_field, today};
use crate::commands::Status;
use crate::commands::common::parse_date_arg;
use crate::context::{Context, Project};
use crate::document::edit::Change;
use crate::document::frontmatter::ITEM_STATUSES;
use crate::error::{Error, Result};

/// Change a remediation item's owner, due date, ticket, title or status.
#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The postmortem: its id, a unique part of it, or its path
    #[arg(value_name = "ID")]
    pub id: String,

    /// The item: its number (from 1) or its ticket id
    #[arg(value_name = "ITEM")]
    pub item: String,

    /// The new owner
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// The new due date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub due: Option<NaiveDate>,

    /// The new ticket id
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,

    /// The new title
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// The new status: open, done (done today unless it has `done_on`) or wontfix
    #[arg(long, value_name = "STATUS",
          value_parser = clap::builder::PossibleValuesParser::new(ITEM_STATUSES))]
    pub status: Option<String>,
}

pub fn run(a: SetArgs, ctx: &mut Context, project: &Project) -> Result<Status> {
    let today = today(ctx, project);
    let mut target = Target::open(project, &ctx.cwd, &a.id)?;
    let item = target.item(&a.item)?;
    let index = item.index;
    let mut changes = Vec::new();
    let mut said = Vec::new();
    let mut change = |key: &'static str, old: Option<String>, new: String| {
        said.push(format!(
            "{key} {} -> {new}",
            old.unwrap_or_else(|| "(none)".into())
        ));
        changes.push(set_field(index, key, &new));
    };
    if let Some(t) = &a.title {
        change("title", item.title.clone(), non_empty("--title", t)?);
    }
    if let Some(o) = &a.owner {
        change("owner", item.owner.clone(), non_empty("--owner", o)?);
    }
    if let Some(t) = &a.ticket {
        let t = non_empty("--ticket", t)?;
        target.ticket_is_free(&t, Some(index))?;
        change("ticket", item.ticket.clone(), t);
    }
    if let Some(d) = a.due {
        change("due", item.due.map(|d| d.to_string()), d.to_string());
    }
    if let Some(s) = &a.status {
        change("status", Some(item.status.as_str().into()), s.clone());
        match s.as_str() {
            "done" if item.done_on.is_none() => {
                changes.push(set_field(index, "done_on", &today.to_string()))
            }
            "done" => {}
            _ => changes.push(Change::Remove {
                item: index,
                key: "done_on",
            }),
        }
    }
    if changes.is_empty() {
        return Err(Error::usage("nothing to change")
            .with_hint("give at least one of --owner, --due, --ticket, --title, --status"));
    }
    let what = said.join(", ");
    target.write(ctx, index, &changes, &what)
}
