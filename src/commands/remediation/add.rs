//! `pm remediation add`: append an item to a postmortem's `remediation:` list.

use chrono::NaiveDate;

use super::{Target, non_empty};
use crate::commands::Status;
use crate::commands::common::parse_date_arg;
use crate::context::{Context, Project};
use crate::document::edit::Change;
use crate::document::{Document, Item};
use crate::error::Result;
use crate::output::plural;
use std::io::Write;

/// Add a remediation item to a postmortem.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The postmortem: its id, a unique part of it, or its path
    #[arg(value_name = "ID")]
    pub id: String,

    /// A specific, measurable action, e.g. "Page when the 5xx rate exceeds 1% for 2 minutes"
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// The one person who owns the item
    #[arg(long, value_name = "NAME")]
    pub owner: String,

    /// The ticket in the team's tracker, e.g. OPS-1412
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,

    /// Due date (YYYY-MM-DD); default: remediation.due_days after the meeting, resolution or start
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub due: Option<NaiveDate>,
}

pub fn run(a: AddArgs, ctx: &mut Context, project: &Project) -> Result<Status> {
    let mut target = Target::open(project, &ctx.cwd, &a.id)?;
    let title = non_empty("--title", &a.title)?;
    let owner = non_empty("--owner", &a.owner)?;
    let mut fields = vec![("title", title), ("owner", owner)];
    if let Some(t) = &a.ticket {
        let t = non_empty("--ticket", t)?;
        target.ticket_is_free(&t, None)?;
        fields.push(("ticket", t));
    }
    if let Some(d) = a.due {
        fields.push(("due", d.to_string()));
    }
    // The new item's number: after every entry of the list as written.
    let number = count_entries(&target.doc);
    let due = match a.due {
        Some(d) => format!("due {d}"),
        None => {
            let probe = Item::empty(number);
            match target.doc.front.due_date(
                &probe,
                project.config.remediation_due_days,
                project.config.timezone,
            ) {
                Some(d) => format!("due {d} by default"),
                None => "with no due date".to_string(),
            }
        }
    };
    let what = format!("added, {due}");
    let status = target.write(ctx, number, &[Change::Add { fields }], &what)?;
    if target.in_body > 0 {
        // pm's own template invites notes under `## Remediation items`; a team's items
        // there are now hidden behind the front matter's: say so.
        writeln!(
            ctx.out.stderr,
            "note: the {} read from the body's `## Remediation items` are no longer read, now that the front matter has one; `pm remediation move {}` before adding keeps them",
            plural(target.in_body, "item"),
            target.id_arg
        )?;
    }
    Ok(status)
}

/// How many entries the `remediation:` list has, mappings or not.
fn count_entries(doc: &Document) -> usize {
    let Some(split) = &doc.split else { return 0 };
    let yaml = &doc.source.text[split.yaml.clone()];
    match serde_yaml::from_str::<serde_yaml::Value>(yaml) {
        Ok(v) => v
            .get("remediation")
            .and_then(serde_yaml::Value::as_sequence)
            .map_or(0, Vec::len),
        Err(_) => doc.front.remediation.len(),
    }
}
