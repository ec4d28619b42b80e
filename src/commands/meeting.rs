//! `pm meeting`: the facilitator's sheet for a postmortem's meeting.

use serde::Serialize;

use crate::commands::Status;
use crate::commands::common;
use crate::context::Context;
use crate::document::Depth;
use crate::error::{Error, Result};
use crate::meeting::sheet::{self, Mark, RowKind, Sheet};
use crate::output::table::Table;
use crate::output::{Format, Page, View};

/// Print the facilitator's sheet: what to hold during the postmortem meeting.
///
/// The agenda with clock times (from `meeting_at`; minutes from the start when there is
/// none yet), the ground rules in two lines, the key times and durations, the timeline
/// condensed from the Timeline section with markers for the moments to ask about, the
/// discussion questions with what this incident's record says about each, and the open
/// remediation items. The markers: a chat silence longer than `meeting.silence` (10m;
/// "what were people looking at here?"), a person appearing for the first time (a second
/// story to ask about), and a phrase a language rule flags (hindsight, counterfactual,
/// blame). `--format markdown` prints it as a document; json for other tools.
///
/// Examples:
///   pm meeting checkout                         on the terminal
///   pm meeting checkout --format markdown > sheet.md
///   pm meeting checkout --format json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The postmortem: an id, a unique part of one, or a path
    #[arg(value_name = "ID")]
    pub id: String,

    /// Output format: human, markdown or json (docs/formats.md)
    #[arg(long, value_name = "FORMAT", default_value = "human",
          value_parser = common::format_parser(&[Format::Human, Format::Markdown, Format::Json]))]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let doc = common::load_one(&project, &ctx.cwd, &args.id, Depth::Full)?;
    if doc.unreadable {
        return Err(Error::user(format!(
            "{}: the postmortem cannot be read",
            doc.source.display
        ))
        .with_hint(format!("`pm check {}` says why", doc.source.display)));
    }
    let config = &project.config;
    let sheet = sheet::build(
        &doc,
        &sheet::Setup {
            tz: config.timezone,
            now: ctx.now,
            duration: config.meeting.duration,
            location: config.meeting.location.as_deref(),
            silence: config.meeting.silence,
            directory: &config.people,
            remediation_due_days: config.remediation_due_days,
            language: &config.lint,
        },
    );
    common::print(ctx, args.format, &SheetView(sheet))?;
    Ok(Status::Ok)
}

struct SheetView(Sheet);

impl View for SheetView {
    fn json(&self) -> impl Serialize {
        &self.0
    }

    fn page(&self, page: &mut dyn Page) -> std::io::Result<()> {
        write(page, &self.0)
    }
}

fn write(page: &mut dyn Page, s: &Sheet) -> std::io::Result<()> {
    let title = format!("Postmortem meeting: {}", s.title);
    page.title(&title)?;
    page.line(&title, "")?;
    let mut about = vec![s.id.clone()];
    about.push(
        s.when
            .clone()
            .unwrap_or_else(|| "not scheduled yet (`pm schedule`)".into()),
    );
    if let Some(l) = &s.location {
        about.push(l.clone());
    }
    about.push(match &s.facilitator {
        Some(f) => format!("facilitator: {f}"),
        None => "no facilitator yet".into(),
    });
    let about = about.join(" · ");
    page.line(&about, &format!("{about}."))?;

    page.heading(2, "Ground rules")?;
    for (i, rule) in s.ground_rules.iter().enumerate() {
        page.line(
            &format!("  {}. {rule}", i + 1),
            &format!("{}. {rule}", i + 1),
        )?;
    }

    page.heading(2, &format!("Agenda ({} min)", s.duration_minutes))?;
    for p in &s.agenda {
        let when = format!("{}-{}", p.start, p.end);
        page.line(
            &format!(
                "  {when:<11}  {:<26} {:>3} min  {}",
                p.title, p.minutes, p.what
            ),
            &format!("- **{when}** {} ({} min): {}", p.title, p.minutes, p.what),
        )?;
    }

    page.heading(2, "Key times")?;
    let fields: Vec<(&str, String)> = s
        .key_times
        .iter()
        .map(|k| {
            let value = match (k.at.is_empty(), k.note.is_empty()) {
                (false, false) => format!("{}  ({})", k.at, k.note),
                (false, true) => k.at.clone(),
                _ => k.note.clone(),
            };
            (k.what, value)
        })
        .collect();
    page.fields(&fields)?;

    page.heading(2, "Timeline")?;
    page.line(
        "  condensed from the Timeline section; ⋯ a silence, → a person's first appearance, ! a phrase to listen for",
        "Condensed from the Timeline section. ⋯ a silence, → a person's first appearance, ! a phrase to listen for.",
    )?;
    if s.timeline.is_empty() {
        page.line(
            "  (the Timeline section has no entries)",
            "_The Timeline section has no entries._",
        )?;
    }
    for row in &s.timeline {
        let (screen, doc) = match row.kind {
            RowKind::Entry => (
                format!("  {:<5}  {}", row.at, row.text),
                format!("- **{}** {}", row.at, row.text),
            ),
            RowKind::Silence => (
                format!("  {:<5}  ⋯ {}", row.at, row.text),
                format!("- ⋯ _{}_", row.text),
            ),
            RowKind::FirstInChat => (
                format!("  {:<5}  chat: {}", row.at, row.text),
                format!("- **{}** chat: {}", row.at, row.text),
            ),
        };
        page.line(&screen, &doc)?;
        for mark in &row.marks {
            let text = match mark {
                Mark::FirstAppearance { who } => format!(
                    "→ first appearance of {who}: ask for their second story (what did they see, think, try?)"
                ),
                Mark::Language { rule, phrase } => {
                    format!("! {rule} \"{phrase}\": ask what was known at that moment")
                }
            };
            page.line(&format!("         {text}"), &format!("  - {text}"))?;
        }
    }

    if !s.language.is_empty() {
        page.heading(2, "Phrases to listen for")?;
        for f in &s.language {
            page.line(
                &format!("  line {:<4} {:<15} \"{}\"", f.line, f.rule, f.phrase),
                &format!("- line {}: {} \"{}\"", f.line, f.rule, f.phrase),
            )?;
        }
    }

    page.heading(2, "Discussion questions")?;
    for (i, q) in s.questions.iter().enumerate() {
        page.line(
            &format!("  {}. {}", i + 1, q.ask),
            &format!("{}. **{}**", i + 1, q.ask),
        )?;
        page.line(
            &format!("     {}", q.context),
            &format!("   - {}", q.context),
        )?;
        page.line(
            &format!("     ask: {}", q.follow_up),
            &format!("   - ask: {}", q.follow_up),
        )?;
    }

    page.heading(2, "Open remediation items")?;
    if s.open_items.is_empty() {
        page.line(
            "  none open: agree on new ones in the last part",
            "None open: agree on new ones in the last part.",
        )?;
    } else {
        let mut table = Table::new(vec!["#", "title", "owner", "ticket", "due"]);
        for item in &s.open_items {
            let due = item.due.clone().map(|d| match item.days_overdue {
                Some(n) => format!("{d} ({n}d overdue)"),
                None => d,
            });
            table.push(vec![
                Some(item.number.to_string()),
                Some(item.title.clone()),
                item.owner.clone(),
                item.ticket.clone(),
                due,
            ]);
        }
        page.table(&table)?;
    }
    Ok(())
}
