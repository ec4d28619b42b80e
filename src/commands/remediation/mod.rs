//! `pm remediation`: list, add, close, reopen and change remediation items. Edits go
//! through `document::edit`, which changes only the intended bytes of the front matter
//! and refuses what it cannot edit safely; files are written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;

use crate::commands::Status;
use crate::commands::common;
use crate::context::{Context, Project};
use crate::document::edit::{self, Change};
use crate::document::{Document, Item};
use crate::error::{Error, Result};

/// List, add, close and change remediation items, editing the front matter in place.
///
/// The edits change only the lines they are about: comments, key order, quoting, blank
/// lines, line endings and the body stay byte for byte. When a front matter is written in
/// a form pm cannot edit safely (a `[...]` flow list, a value over several lines, an
/// anchor), pm refuses and says where, rather than guess. Files are written atomically.
///
/// ITEM is the item's number (1-based, as `pm remediation list ID` and `pm overdue` show
/// it) or its ticket id.
///
/// Examples:
///   pm remediation list checkout                 the items of one postmortem
///   pm remediation add checkout --title "Alert on 5xx over 1%" --owner "Ben Okafor"
///   pm remediation done checkout OPS-1412        close by ticket (done today)
///   pm remediation done checkout 2 --on 2026-11-20
///   pm remediation set checkout 3 --due 2026-12-15 --owner "Chris Hale"
///   pm remediation reopen checkout 2
///   pm remediation move db-outage                the body's items into the front matter
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

mod add;
mod done;
mod list;
mod move_items;
mod reopen;
mod set;

#[derive(Debug, Subcommand)]
pub enum Action {
    List(list::ListArgs),
    Add(add::AddArgs),
    Done(done::DoneArgs),
    Reopen(reopen::ReopenArgs),
    Set(set::SetArgs),
    Move(move_items::MoveArgs),
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    match args.action {
        Action::List(a) => list::run(a, ctx, &project),
        Action::Add(a) => add::run(a, ctx, &project),
        Action::Done(a) => done::run(a, ctx, &project),
        Action::Reopen(a) => reopen::run(a, ctx, &project),
        Action::Set(a) => set::run(a, ctx, &project),
        Action::Move(a) => move_items::run(a, ctx, &project),
    }
}

fn set_field(item: usize, key: &'static str, value: &str) -> Change {
    Change::Set {
        item,
        key,
        value: value.to_string(),
    }
}

fn today(ctx: &Context, project: &Project) -> NaiveDate {
    ctx.now.with_timezone(&project.config.timezone).date_naive()
}

fn non_empty(flag: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() || t.contains(['\n', '\r']) {
        return Err(Error::usage(format!("{flag} must be one line of text")));
    }
    Ok(t.to_string())
}

/// One postmortem, read in full for editing.
struct Target {
    path: PathBuf,
    /// The path as shown.
    shown: String,
    /// The id as given, for hints.
    id_arg: String,
    doc: Document,
    /// How many items the body holds when the front matter lists none.
    in_body: usize,
    /// Held until the edit is written (or refused).
    _lock: crate::store::Lock,
}

impl Target {
    fn open(project: &Project, cwd: &Path, id: &str) -> Result<Target> {
        let common::Editable {
            path,
            shown,
            doc,
            lock,
        } = common::open_for_edit(project, cwd, id)?;
        let mut doc = doc;
        let mut in_body = 0;
        if doc.front.remediation.is_empty() {
            let diagnostics = doc.diagnostics.len();
            crate::document::body_items::read(&mut doc, &project.schema().item_headings);
            // Counted for the hints only: edits number the front matter's items.
            in_body = std::mem::take(&mut doc.front.remediation).len();
            doc.diagnostics.truncate(diagnostics);
        }
        Ok(Target {
            path,
            shown,
            id_arg: id.to_string(),
            doc,
            in_body,
            _lock: lock,
        })
    }

    /// The item ITEM names: a number from 1, or a ticket id.
    fn item(&self, given: &str) -> Result<Item> {
        let items = &self.doc.front.remediation;
        let given = given.trim();
        if items.is_empty() && self.in_body > 0 {
            return Err(Error::user(format!(
                "{}: its {} kept in the body, not the front matter",
                self.shown,
                if self.in_body == 1 {
                    "remediation item is".to_string()
                } else {
                    format!("{} remediation items are", self.in_body)
                }
            ))
            .with_hint(format!(
                "run `pm remediation move {}` to move them into the front matter, then edit them",
                self.id_arg
            )));
        }
        if items.is_empty() {
            return Err(
                Error::user(format!("{} has no remediation items", self.shown)).with_hint(format!(
                    "add one with `pm remediation add {} --title ... --owner ...`",
                    self.id_arg
                )),
            );
        }
        let by_ticket: Vec<&Item> = items
            .iter()
            .filter(|i| {
                i.ticket
                    .as_deref()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case(given))
            })
            .collect();
        if let Ok(n) = given.parse::<usize>() {
            if let Some(item) = items.iter().find(|i| i.index + 1 == n) {
                return Ok(item.clone());
            }
            if by_ticket.is_empty() {
                return Err(
                    Error::user(format!("{} has no remediation item {n}", self.shown)).with_hint(
                        format!(
                            "its items are numbered {}; `pm remediation list {}` shows them",
                            numbers(items),
                            self.id_arg
                        ),
                    ),
                );
            }
        }
        match by_ticket.as_slice() {
            [one] => Ok((*one).clone()),
            [] => {
                let tickets: Vec<&str> = items.iter().filter_map(|i| i.ticket.as_deref()).collect();
                let known = if tickets.is_empty() {
                    "no item has a ticket".to_string()
                } else {
                    format!("its tickets: {}", tickets.join(", "))
                };
                Err(
                    Error::user(format!("{} has no remediation item `{given}`", self.shown))
                        .with_hint(format!(
                            "give the item's number ({}) or its ticket; {known}",
                            numbers(items)
                        )),
                )
            }
            many => Err(Error::user(format!(
                "items {} of {} all have the ticket `{given}`",
                many.iter()
                    .map(|i| (i.index + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                self.shown
            ))
            .with_hint("give the item's number instead")),
        }
    }

    /// Refuses a ticket that another item already has.
    fn ticket_is_free(&self, ticket: &str, except: Option<usize>) -> Result<()> {
        let taken = self.doc.front.remediation.iter().find(|i| {
            Some(i.index) != except
                && i.ticket
                    .as_deref()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case(ticket))
        });
        match taken {
            Some(other) => Err(Error::user(format!(
                "item {} of {} already has the ticket `{ticket}`",
                other.index + 1,
                self.shown
            ))
            .with_hint("each item tracks its own ticket")),
            None => Ok(()),
        }
    }

    /// Applies `changes`, writes the file atomically, and says what was done to `item`.
    fn write(
        &mut self,
        ctx: &mut Context,
        item: usize,
        changes: &[Change],
        what: &str,
    ) -> Result<Status> {
        let text = &self.doc.source.text;
        let Some(split) = &self.doc.split else {
            return Err(Error::user(format!("{}: no front matter", self.shown)));
        };
        let new = edit::apply(text, split, changes)
            .map_err(|r| common::refused(&self.doc, &self.shown, r))?;
        common::write_if_unchanged(&self.path, &self.shown, text, &new)?;
        let title = match changes.first() {
            Some(Change::Add { fields }) => fields.first().map(|(_, v)| v.clone()),
            _ => self
                .doc
                .front
                .remediation
                .iter()
                .find(|i| i.index == item)
                .and_then(|i| i.title.clone()),
        };
        writeln!(
            ctx.out.stdout,
            "{}: item {} {what}: {}",
            self.shown,
            item + 1,
            title.as_deref().unwrap_or("(no title)")
        )?;
        Ok(Status::Ok)
    }
}

/// "1-3" or "1, 3".
fn numbers(items: &[Item]) -> String {
    let n: Vec<usize> = items.iter().map(|i| i.index + 1).collect();
    match (n.first(), n.last()) {
        (Some(a), Some(b)) if b - a + 1 == n.len() && n.len() > 1 => format!("{a}-{b}"),
        _ => n
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }
}
