//! `pm remediation`: list, add, close, reopen and change remediation items. Edits go
//! through `document::edit`, which changes only the intended bytes of the front matter
//! and refuses what it cannot edit safely; files are written atomically.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

use crate::commands::index::write_atomically;
use crate::commands::list::parse_date_arg;
use crate::commands::{self, Status};
use crate::context::{Context, Project};
use crate::document::edit::{self, Change};
use crate::document::frontmatter::ITEM_STATUSES;
use crate::document::{self, Depth, Document, Item, ItemStatus};
use crate::error::{Error, Result};
use crate::output::table::{Format, Table};

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
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    List(ListArgs),
    Add(AddArgs),
    Done(DoneArgs),
    Reopen(ReopenArgs),
    Set(SetArgs),
}

/// List remediation items: of one postmortem, or of all of them.
///
/// One row per item: postmortem id, item number, status, title, owner, ticket, due date
/// (`*` when it is the default) and the day it was done.
///
/// `--format json` prints an array of `{id, path, item, title, owner, ticket, ticket_url,
/// status, due, due_is_default, done_on}`.
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

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

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

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    match args.action {
        Action::List(a) => list(a, ctx, &project),
        Action::Add(a) => add(a, ctx, &project),
        Action::Done(a) => {
            let today = today(ctx, &project);
            let mut target = Target::open(&project, &ctx.cwd, &a.id)?;
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
                set(index, "status", "done"),
                set(index, "done_on", &on.to_string()),
            ];
            let what = format!("marked done on {on}");
            target.write(ctx, index, &changes, &what)
        }
        Action::Reopen(a) => {
            let mut target = Target::open(&project, &ctx.cwd, &a.id)?;
            let index = target.item(&a.item)?.index;
            if target.item(&a.item)?.status == ItemStatus::Open {
                return Err(Error::user(format!(
                    "item {} of {} is already open",
                    index + 1,
                    target.shown
                )));
            }
            let changes = vec![
                set(index, "status", "open"),
                Change::Remove {
                    item: index,
                    key: "done_on",
                },
            ];
            target.write(ctx, index, &changes, "reopened")
        }
        Action::Set(a) => {
            let today = today(ctx, &project);
            let mut target = Target::open(&project, &ctx.cwd, &a.id)?;
            let item = target.item(&a.item)?;
            let index = item.index;
            let mut changes = Vec::new();
            let mut said = Vec::new();
            let mut change = |key: &'static str, old: Option<String>, new: String| {
                said.push(format!(
                    "{key} {} -> {new}",
                    old.unwrap_or_else(|| "(none)".into())
                ));
                changes.push(set(index, key, &new));
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
                        changes.push(set(index, "done_on", &today.to_string()))
                    }
                    "done" => {}
                    _ => changes.push(Change::Remove {
                        item: index,
                        key: "done_on",
                    }),
                }
            }
            if changes.is_empty() {
                return Err(Error::usage("nothing to change").with_hint(
                    "give at least one of --owner, --due, --ticket, --title, --status",
                ));
            }
            let what = said.join(", ");
            target.write(ctx, index, &changes, &what)
        }
    }
}

fn set(item: usize, key: &'static str, value: &str) -> Change {
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
}

impl Target {
    fn open(project: &Project, cwd: &Path, id: &str) -> Result<Target> {
        let path = commands::find_one(project, cwd, id)?;
        let shown = project.display(&path);
        let source = match document::read_source(&path, shown.clone()) {
            Ok(s) => s,
            Err(document::ReadError::Io(e)) => return Err(Error::io(&path, e)),
            Err(document::ReadError::NotText(_, d)) => {
                return Err(Error::user(format!("{shown}: {}", d.message))
                    .with_hint("pm edits only UTF-8 markdown files"));
            }
        };
        let doc = document::parse(source, &project.schema(), Depth::FrontMatter);
        if doc.unreadable || doc.split.is_none() {
            return Err(Error::user(format!(
                "{shown}: the front matter cannot be read, so pm does not edit it"
            ))
            .with_hint(format!("`pm check {shown}` says what is wrong")));
        }
        Ok(Target {
            path,
            shown,
            id_arg: id.to_string(),
            doc,
        })
    }

    /// The item ITEM names: a number from 1, or a ticket id.
    fn item(&self, given: &str) -> Result<Item> {
        let items = &self.doc.front.remediation;
        let given = given.trim();
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
        let new = edit::apply(text, split, changes).map_err(|r| {
            let place = match r.at {
                Some(at) => {
                    let (line, col) = self.doc.source.line_col(at);
                    format!("{}:{line}:{col}", self.shown)
                }
                None => self.shown.clone(),
            };
            Error::user(format!("{place}: not edited: {}", r.message))
                .with_hint("edit the file by hand; `pm check` validates it")
        })?;
        // Someone (an editor, another pm) changed the file since it was read: do not
        // overwrite their text.
        let now_on_disk = std::fs::read(&self.path).map_err(|e| Error::io(&self.path, e))?;
        if now_on_disk != text.as_bytes() {
            return Err(Error::user(format!(
                "{} changed while pm was editing it; nothing written",
                self.shown
            ))
            .with_hint("run the command again"));
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        write_atomically(dir, &self.path, new.as_bytes())?;
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

fn add(a: AddArgs, ctx: &mut Context, project: &Project) -> Result<Status> {
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
    target.write(ctx, number, &[Change::Add { fields }], &what)
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

/// One item in `pm remediation list --format json`.
#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    path: &'a str,
    item: usize,
    title: Option<&'a str>,
    owner: Option<&'a str>,
    ticket: Option<&'a str>,
    ticket_url: Option<String>,
    status: &'static str,
    due: Option<String>,
    due_is_default: bool,
    done_on: Option<String>,
}

fn list(a: ListArgs, ctx: &mut Context, project: &Project) -> Result<Status> {
    let files = match &a.id {
        Some(id) => vec![commands::find_one(project, &ctx.cwd, id)?],
        None => commands::all_files(project)?,
    };
    let loaded = commands::load(project, &files, Depth::FrontMatter);
    let mut docs = loaded.docs;
    for doc in docs.iter_mut().filter(|d| !d.diagnostics.is_empty()) {
        crate::commands::show::write_findings(&mut ctx.out.stderr, doc)?;
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
    let out = &mut *ctx.out.stdout;
    if a.format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &items).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let none = if a.format == Format::Csv { "" } else { "-" };
        let mut table = Table::new(vec![
            "postmortem",
            "#",
            "status",
            "title",
            "owner",
            "ticket",
            "due",
            "done on",
        ]);
        for i in &items {
            let or = |v: Option<&str>| v.unwrap_or(none).to_string();
            table.rows.push(vec![
                i.id.to_string(),
                i.item.to_string(),
                i.status.to_string(),
                or(i.title),
                or(i.owner),
                or(i.ticket),
                i.due.as_ref().map_or_else(
                    || none.to_string(),
                    |d| format!("{d}{}", if i.due_is_default { "*" } else { "" }),
                ),
                or(i.done_on.as_deref()),
            ]);
        }
        match a.format {
            Format::Csv => table.write_csv(out)?,
            Format::Markdown => table.write_markdown(out)?,
            _ if items.is_empty() => writeln!(ctx.out.stderr, "no remediation items")?,
            _ => table.write_text_one_line(out, std::io::stdout().is_terminal(), 3)?,
        }
    }
    Ok(if loaded.failures.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}
