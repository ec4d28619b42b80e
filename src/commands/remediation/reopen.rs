//! `pm remediation reopen`: open again an item that is done or wontfix.

use super::{Target, set_field};
use crate::commands::Status;
use crate::context::{Context, Project};
use crate::document::ItemStatus;
use crate::document::edit::Change;
use crate::error::{Error, Result};

/// Reopen a remediation item that is done or wontfix.
#[derive(Debug, clap::Args)]
pub struct ReopenArgs {
    /// The postmortem: its id, a unique part of it, or its path
    #[arg(value_name = "ID")]
    pub id: String,

    /// The item: its number (from 1) or its ticket id
    #[arg(value_name = "ITEM")]
    pub item: String,
}

pub fn run(a: ReopenArgs, ctx: &mut Context, project: &Project) -> Result<Status> {
    let mut target = Target::open(project, &ctx.cwd, &a.id)?;
    let index = target.item(&a.item)?.index;
    if target.item(&a.item)?.status == ItemStatus::Open {
        return Err(Error::user(format!(
            "item {} of {} is already open",
            index + 1,
            target.shown
        )));
    }
    let changes = vec![
        set_field(index, "status", "open"),
        Change::Remove {
            item: index,
            key: "done_on",
        },
    ];
    target.write(ctx, index, &changes, "reopened")
}
