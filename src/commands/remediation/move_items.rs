//! `pm remediation move`: the items kept in a postmortem's body become its front matter's
//! `remediation:` list. The body is left as written.

use std::io::Write;

use super::Target;
use crate::commands::Status;
use crate::commands::common;
use crate::context::{Context, Project};
use crate::document::edit::{self, Change};
use crate::document::{ItemStatus, body_items};
use crate::error::{Error, Result};
use crate::output::{noun, plural, plural_of};

/// Move the remediation items kept in the body into the front matter
///
/// When a postmortem's front matter lists no remediation item, pm reads the items under
/// its `## Remediation items` heading (or an alias from pm.yaml's `sections:`): bullets,
/// numbered items, checkboxes, a table, bold-titled paragraphs. This writes them into the
/// front matter's `remediation:` list (title, owner, ticket, and `status` when done or
/// won't fix), so `pm remediation set`/`done` can edit them. The body is left as written:
/// its list stays as the team wrote it, and pm reads the front matter's items from then
/// on. Running it again changes nothing.
///
/// Examples:
///   pm remediation move 2019-06-03-db-outage
///   pm remediation move db-outage --dry-run      show the items it would write
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct MoveArgs {
    /// The postmortem: its id, a unique part of it, or its path
    #[arg(value_name = "ID")]
    pub id: String,

    /// Print the items it would write, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(a: MoveArgs, ctx: &mut Context, project: &Project) -> Result<Status> {
    let mut target = Target::open(project, &ctx.cwd, &a.id)?;
    if !target.doc.front.remediation.is_empty() {
        writeln!(
            ctx.out.stdout,
            "{}: the front matter lists {} already; nothing to move",
            target.shown,
            plural(target.doc.front.remediation.len(), "remediation item")
        )?;
        return Ok(Status::Ok);
    }
    let schema = project.schema();
    body_items::read(&mut target.doc, &schema.item_headings);
    let items = std::mem::take(&mut target.doc.front.remediation);
    if items.is_empty() {
        let names = schema.item_headings.join("`, `");
        return Err(Error::user(format!(
            "{}: no remediation items in the body to move",
            target.shown
        ))
        .with_hint(format!(
            "pm reads them under a heading `{names}` (add another name as an alias under `sections:` in pm.yaml), or add one with `pm remediation add`"
        )));
    }
    let Some(split) = target.doc.split.clone() else {
        return Err(Error::user(format!("{}: no front matter", target.shown)));
    };
    // One item at a time: the first creates `remediation:`, the next append to it.
    let old = target.doc.source.text.clone();
    let mut text = old.clone();
    let mut split = split;
    for item in &items {
        let mut fields = vec![("title", item.title.clone().unwrap_or_default())];
        if let Some(o) = &item.owner {
            fields.push(("owner", o.clone()));
        }
        if let Some(t) = &item.ticket {
            fields.push(("ticket", t.clone()));
        }
        if item.status != ItemStatus::Open {
            fields.push(("status", item.status.as_str().to_string()));
        }
        text = edit::apply(&text, &split, &[Change::Add { fields }])
            .map_err(|r| common::refused(&target.doc, &target.shown, r))?;
        split = crate::parse::split(&text)
            .map_err(|d| Error::user(format!("{}: {}", target.shown, d.message)))?;
    }
    let lines: Vec<String> = items
        .iter()
        .filter_map(|i| i.body_line())
        .map(|l| l.to_string())
        .collect();
    if a.dry_run {
        let added = text.get(..split.body.start).unwrap_or("");
        writeln!(
            ctx.out.stdout,
            "{}: would move {} ({} {}) into the front matter:\n{added}",
            target.shown,
            plural(items.len(), "item"),
            noun(lines.len(), "line"),
            lines.join(", ")
        )?;
        return Ok(Status::Ok);
    }
    common::write_if_unchanged(&target.path, &target.shown, &old, &text)?;
    writeln!(
        ctx.out.stdout,
        "{}: moved {} ({} {}) into the front matter; the body is left as written",
        target.shown,
        plural(items.len(), "item"),
        noun(lines.len(), "line"),
        lines.join(", ")
    )?;
    let done = items
        .iter()
        .filter(|i| i.status == ItemStatus::Done)
        .count();
    if done > 0 {
        writeln!(
            ctx.out.stdout,
            "  {} done with no date: add `done_on: YYYY-MM-DD` to each when the body says when",
            plural_of(done, "item is", "items are"),
        )?;
    }
    Ok(Status::Ok)
}
