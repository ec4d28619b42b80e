//! `pm show`: one postmortem's key facts, times, durations, links and remediation items.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use crate::commands::Status;
use crate::commands::common::{self, JsonEntry, write_findings};
use crate::context::{Context, Project};
use crate::document::{Depth, Document, Item, ItemStatus};
use crate::error::Result;
use crate::lint;
use crate::output::{Format, Page, View, plural};
use crate::time;

/// Show one postmortem: its key facts, times, durations and remediation items.
///
/// ID is the postmortem's id (its file name without `.md`), a part of the id that only one
/// postmortem has, or a path to the file. Times are shown in the repository time zone; for
/// a document with its own `timezone:`, in that zone with the repository's beside it
/// (`2026-03-14 17:14 PST (2026-03-15 01:14 UTC)`). A
/// remediation item without a `due` date shows its default due date, marked `(default)`;
/// an open item past its due date says by how many days. A document with errors is shown
/// as far as it could be read, its findings are summed up on stderr, and pm exits 1.
///
/// `--format json` prints one object: the keys of `pm list --format json`, plus
/// time_to_notify_seconds, authors, facilitator, channels, links and remediation.
///
/// Examples:
///   pm show 2026-03-14-checkout-503s
///   pm show checkout                     any unique part of the id
///   pm show postmortems/2026-03-14-checkout-503s.md --format json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The postmortem: an id, a unique part of one, or a path
    #[arg(value_name = "ID")]
    pub id: String,

    /// Output format: human for people, json for other tools (docs/formats.md)
    #[arg(long, value_name = "FORMAT", default_value = "human",
          value_parser = common::format_parser(&[Format::Human, Format::Json]))]
    pub format: Format,
}

/// A remediation item with what pm derives for it.
struct ItemView<'a> {
    item: &'a Item,
    due: Option<NaiveDate>,
    due_is_default: bool,
    /// Days past the due date, for open items due before today.
    overdue_days: Option<i64>,
    /// The ticket as a link, when `tickets.url_template` is set.
    ticket_url: Option<String>,
}

fn item_views<'a>(doc: &'a Document, project: &Project, today: NaiveDate) -> Vec<ItemView<'a>> {
    let tz = project.config.timezone;
    let due_days = project.config.remediation_due_days;
    doc.front
        .remediation
        .iter()
        .map(|item| {
            let due = doc.front.due_date(item, due_days, tz);
            let overdue_days = due
                .filter(|d| item.status == ItemStatus::Open && *d < today)
                .map(|d| (today - d).num_days());
            ItemView {
                item,
                due,
                due_is_default: item.due.is_none() && due.is_some(),
                overdue_days,
                ticket_url: item
                    .ticket
                    .as_deref()
                    .and_then(|t| project.config.ticket_url(t)),
            }
        })
        .collect()
}

/// `pm show --format json`: one object with the keys of `pm list --format json` (see
/// `common::JsonEntry`), then:
///
/// - `time_to_notify_seconds` (integer or null): `customers_notified_at - started_at`
/// - `authors`, `channels` (arrays of strings); `facilitator` (string or null)
/// - `links`: array of `{title, url}` (strings or null)
/// - `remediation`: array of `{title, owner, ticket, ticket_url, status, due, due_is_default,
///   done_on, overdue_days, line}`: `status` is open, done or wontfix; `due` and `done_on` are YYYY-MM-DD
///   or null, `due` being the default due date when `due_is_default`; `overdue_days` is
///   the number of days an open item is past due (in the repository time zone), else null;
///   `line` the line of an item kept in the body (read when the front matter lists none),
///   else null
///
/// Here `broken` counts every check of `pm check` on this one file (ids across files
/// aside), not only the front matter as in `pm list`.
#[derive(Serialize)]
struct JsonShow<'a> {
    #[serde(flatten)]
    entry: JsonEntry<'a>,
    time_to_notify_seconds: Option<i64>,
    authors: &'a [String],
    facilitator: Option<&'a str>,
    channels: &'a [String],
    links: Vec<JsonLink<'a>>,
    remediation: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    title: Option<&'a str>,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    title: Option<&'a str>,
    owner: Option<&'a str>,
    ticket: Option<&'a str>,
    /// The ticket as a link (`tickets.url_template` in pm.yaml), else null.
    ticket_url: Option<&'a str>,
    status: &'static str,
    /// YYYY-MM-DD: the item's own due date, or the default one.
    due: Option<String>,
    due_is_default: bool,
    done_on: Option<String>,
    /// Days past the due date for an open item, else null.
    overdue_days: Option<i64>,
    /// The line of an item kept in the body, else null.
    line: Option<usize>,
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let mut doc = common::load_one(&project, &ctx.cwd, &args.id, Depth::Full)?;
    lint::check_document(&mut doc, &project.lint_setup());
    let tz = project.config.timezone;
    let today = ctx.now.with_timezone(&tz).date_naive();
    let items = item_views(&doc, &project, today);
    let view = Show {
        doc: &doc,
        items: &items,
        tz,
    };
    common::print(ctx, args.format, &view)?;
    write_findings(&mut *ctx.out.stderr, &mut doc)?;
    Ok(if doc.has_errors() {
        Status::Findings
    } else {
        Status::Ok
    })
}

/// The postmortem, as each format shows it.
struct Show<'a> {
    doc: &'a Document,
    items: &'a [ItemView<'a>],
    tz: Tz,
}

impl View for Show<'_> {
    fn json(&self) -> impl Serialize {
        let (doc, items) = (self.doc, self.items);
        let f = &doc.front;
        JsonShow {
            entry: JsonEntry::new(doc),
            time_to_notify_seconds: f
                .customers_notified_at
                .zip(f.started_at)
                .map(|(n, s)| (n - s).num_seconds()),
            authors: &f.authors,
            facilitator: f.facilitator.as_deref(),
            channels: &f.channels,
            links: f
                .links
                .iter()
                .map(|l| JsonLink {
                    title: l.title.as_deref(),
                    url: l.url.as_deref(),
                })
                .collect(),
            remediation: items
                .iter()
                .map(|v| JsonItem {
                    title: v.item.title.as_deref(),
                    owner: v.item.owner.as_deref(),
                    ticket: v.item.ticket.as_deref(),
                    ticket_url: v.ticket_url.as_deref(),
                    status: v.item.status.as_str(),
                    due: v.due.map(|d| d.to_string()),
                    due_is_default: v.due_is_default,
                    done_on: v.item.done_on.map(|d| d.to_string()),
                    overdue_days: v.overdue_days,
                    line: v.item.body_line(),
                })
                .collect(),
        }
    }

    fn page(&self, page: &mut dyn Page) -> std::io::Result<()> {
        write_page(page, self.doc, self.items, self.tz)
    }
}

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "-".to_string())
}

fn list(v: &[String]) -> String {
    or_dash(Some(v.join(", ")))
}

/// The page of one postmortem: title, facts, times, durations, links, items.
fn write_page(
    page: &mut dyn Page,
    doc: &Document,
    items: &[ItemView<'_>],
    tz: Tz,
) -> std::io::Result<()> {
    let f = &doc.front;
    let title = f.title.as_deref().unwrap_or("(no readable title)");
    page.line(title, title)?;
    page.line("", "")?;
    page.fields(&[
        ("id", doc.id.clone()),
        ("path", doc.source.display.clone()),
        ("status", or_dash(f.status.map(|s| s.as_str().to_string()))),
        ("severity", or_dash(f.severity.clone())),
        ("services", list(&f.services)),
        ("tags", list(&f.tags)),
        ("authors", list(&f.authors)),
        ("facilitator", or_dash(f.facilitator.clone())),
        ("channels", list(&f.channels)),
    ])?;

    // In the document's own zone, the repository's beside it when they differ.
    let own = f.zone(tz);
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| {
        or_dash(t.map(|t| {
            if own == tz {
                time::format_local(t, tz)
            } else {
                format!(
                    "{} ({})",
                    time::format_local(t, own),
                    time::format_local(t, tz)
                )
            }
        }))
    };
    let started = if f.started_day {
        or_dash(f.started_at.map(|t| {
            format!(
                "{} (the day; no time of day)",
                t.with_timezone(&own).date_naive()
            )
        }))
    } else {
        local(f.started_at)
    };
    page.heading(2, "Times")?;
    let mut times = Vec::new();
    if own != tz {
        times.push(("time zone", own.name().to_string()));
    }
    times.extend([
        ("started", started),
        ("detected", local(f.detected_at)),
        ("acknowledged", local(f.acknowledged_at)),
        ("mitigated", local(f.mitigated_at)),
        ("customers notified", local(f.customers_notified_at)),
        ("resolved", local(f.resolved_at)),
        ("meeting", local(f.meeting_at)),
    ]);
    page.fields(&times)?;

    // A start known only to the day gives no duration (issue 15: never invented).
    let start = f.started_at.filter(|_| !f.started_day);
    let since_start = |t: Option<chrono::DateTime<chrono::Utc>>| {
        or_dash(t.zip(start).map(|(t, s)| time::format_duration(t - s)))
    };
    page.heading(2, "Durations")?;
    page.fields(&[
        ("time to detect", since_start(f.detected_at)),
        (
            "time to acknowledge",
            or_dash(f.time_to_acknowledge().map(time::format_duration)),
        ),
        ("time to mitigate", since_start(f.mitigated_at)),
        (
            "time to notify customers",
            since_start(f.customers_notified_at),
        ),
        ("time to resolve", since_start(f.resolved_at)),
    ])?;

    if !f.links.is_empty() {
        page.heading(2, "Links")?;
        for link in &f.links {
            let line = match (&link.title, &link.url) {
                (Some(t), Some(u)) => format!("  {t}: {u}"),
                (None, Some(u)) => format!("  {u}"),
                (Some(t), None) => format!("  {t}: (no url)"),
                (None, None) => continue,
            };
            page.line(&line, &line)?;
        }
    }

    page.line("", "")?;
    if items.is_empty() {
        return page.line("Remediation items: none", "Remediation items: none");
    }
    let count = |s: ItemStatus| items.iter().filter(|v| v.item.status == s).count();
    let overdue = items.iter().filter(|v| v.overdue_days.is_some()).count();
    let mut parts = Vec::new();
    for (n, what) in [
        (count(ItemStatus::Open), "open"),
        (count(ItemStatus::Done), "done"),
        (count(ItemStatus::WontFix), "wontfix"),
    ] {
        if n > 0 {
            parts.push(if what == "open" && overdue > 0 {
                format!("{n} open ({overdue} overdue)")
            } else {
                format!("{n} {what}")
            });
        }
    }
    let summary = parts.join(", ");
    let summary = format!("Remediation items: {summary}");
    page.line(&summary, &summary)?;
    for v in items {
        let mut details = vec![match &v.item.owner {
            Some(owner) => owner.clone(),
            None => "no owner".to_string(),
        }];
        match (&v.item.ticket, &v.ticket_url) {
            (Some(ticket), Some(url)) => details.push(format!("{ticket} <{url}>")),
            (Some(ticket), None) => details.push(ticket.clone()),
            _ => {}
        }
        if let Some(due) = v.due {
            let default = if v.due_is_default { " (default)" } else { "" };
            details.push(format!("due {due}{default}"));
        }
        if let Some(done) = v.item.done_on {
            details.push(format!("done on {done}"));
        }
        if let Some(days) = v.overdue_days {
            details.push(format!("overdue by {}", plural(days, "day")));
        }
        if let Some(line) = v.item.body_line() {
            details.push(format!("in the body, line {line}"));
        }
        let line = format!(
            "  {:<7}  {} — {}",
            v.item.status.as_str(),
            v.item.title.as_deref().unwrap_or("(no title)"),
            details.join(", ")
        );
        page.line(&line, &line)?;
    }
    Ok(())
}
