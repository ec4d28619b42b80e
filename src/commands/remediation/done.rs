//! `pm remediation done`: mark an item done, on a given day or today.

use chrono::NaiveDate;

use super::{Target, set_field, today};
use crate::commands::Status;
use crate::commands::common::parse_date_arg;
use crate::context::{Context, Project};
use crate::document::ItemStatus;
use crate::error::{Error, Result};

/// Mark a remediation item done.
#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// The postmortem: its id, a unique part of it, or its path
    #[arg(value_name = "ID")]
    pub id: String,

    /// The item: its number (from 1) or its ticket id
    #[arg(value_name = "ITEM")]
    pub item: String,

    /// The day it was done (YYYY-MM-DD; default: today in the repository time zone)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub on: Option<NaiveDate>,
}

pub fn run(a: DoneArgs, ctx: &mut Context, project: &Project) -> Result<Status> {
    let today = today(ctx, project);
    let mut target = Target::open(project, &ctx.cwd, &a.id)?;
    let item = target.item(&a.item)?;
    let index = item.index;
    if item.status == ItemStatus::Done {
        let on = item
            .done_on
            .map(|d| format!(" (on {d})"))
            .unwrap_or_default();
        return Err(Error::user(format!(
            "item {} of {} is already done{on}",
            index + 1,
            target.shown
        ))
        .with_hint(format!(
            "`pm remediation set {} {} --status done` keeps it done; `pm remediation reopen` opens it again",
            target.id_arg,
            index + 1
        )));
    }
    let on = a.on.unwrap_or(today);
    let changes = vec![
        set_field(index, "status", "done"),
        set_field(index, "done_on", &on.to_string()),
    ];
    let what = format!("marked done on {on}");
    target.write(ctx, index, &changes, &what)
}
