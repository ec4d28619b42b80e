//! `pm schedule`: the postmortem meeting's invitation (iCalendar), who is invited, and
//! `meeting_at` (and `facilitator`) written into the front matter.

use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::commands::Status;
use crate::commands::common::{self, Editable};
use crate::context::{Context, Project};
use crate::document::edit_field::{SetField, remove_field, set_fields};
use crate::error::{Error, Result};
use crate::mail::{self, Address, Mail};
use crate::meeting::ics::{self, Event, Method, Role};
use crate::meeting::{agenda, invite, slot};
use crate::output::{Format, Page, View, plural};
use crate::time;

/// Schedule the postmortem meeting: write its invitation and set `meeting_at`.
///
/// Writes an iCalendar invitation (RFC 5545, METHOD:REQUEST; `<id>.ics` in the current
/// folder, or --output, or --stdout) for one event whose UID is the postmortem's, so a
/// later `pm schedule` moves the same event (its SEQUENCE goes up) and `--cancel` cancels
/// it. Invited: the authors, the facilitator, everyone who spoke in the chat transcript
/// `pm import-logs` wrote (their handles mapped through `people:` in pm.yaml; handles not
/// in it are listed), each --attendee, and `meeting.mailing_list` as optional. The
/// description holds the incident's key facts and the agenda, scaled to the duration.
///
/// Without --at, pm proposes the first slot in working hours (10:00-17:00, Monday to
/// Friday, repository time zone) at least one working day after `resolved_at`. Then it
/// writes `meeting_at` (and `facilitator`, with --facilitator) into the front matter,
/// changing no other byte. A meeting before `resolved_at` or in the past is refused
/// unless --force. With --send the invitation is mailed (text and text/calendar parts)
/// before anything is written: if sending fails, nothing is. The settings are `meeting:`
/// in pm.yaml (docs/meeting.md).
///
/// Examples:
///   pm schedule checkout                        propose a slot, write checkout's .ics
///   pm schedule checkout --at "2026-03-17 15:00" --facilitator "Chris Hale"
///   pm schedule checkout --at "tomorrow 15:00" --duration 45m
///   pm schedule checkout --attendee "Farid Haddad" --attendee lee@example.com
///   pm schedule checkout --stdout --dry-run     show the invitation, change nothing
///   pm schedule checkout --send                 mail the invitation (meeting.send)
///   pm schedule checkout --request-facilitator  ask meeting.facilitators for one
///   pm schedule checkout --cancel --send        cancel the meeting (METHOD:CANCEL)
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The postmortem: an id, a unique part of one, or a path
    #[arg(value_name = "ID")]
    pub id: String,

    /// When: RFC 3339 (`2026-03-17T15:00:00Z`), a local time in the repository time zone
    /// (`2026-03-17 15:00`, `tomorrow 15:00`, `+2h`) [default: the first working slot]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// How long (`60m`, `1h30m`) [default: meeting.duration, 60m]
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,

    /// Where [default: meeting.location]
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,

    /// Invite someone else too: a name or chat handle of `people:`, or an e-mail address
    #[arg(long, value_name = "NAME|EMAIL")]
    pub attendee: Vec<String>,

    /// Do not invite the people who spoke in the chat transcript
    #[arg(long)]
    pub no_chat_attendees: bool,

    /// The facilitator: written into the front matter and invited
    #[arg(long, value_name = "NAME")]
    pub facilitator: Option<String>,

    /// Write the invitation here [default: <id>.ics in the current folder]
    #[arg(long, short, value_name = "FILE", conflicts_with = "stdout")]
    pub output: Option<PathBuf>,

    /// Write the invitation on standard output (the report goes to standard error)
    #[arg(long)]
    pub stdout: bool,

    /// Cancel the meeting: METHOD:CANCEL for the event at `meeting_at`, which is removed
    /// from the front matter
    #[arg(long, conflicts_with_all = ["facilitator", "duration"])]
    pub cancel: bool,

    /// Mail the invitation to the attendees through `meeting.send` (sendmail or SMTP)
    #[arg(long)]
    pub send: bool,

    /// Mail a request for a facilitator to `meeting.facilitators` (printed instead with
    /// --stdout)
    #[arg(long)]
    pub request_facilitator: bool,

    /// Schedule a meeting before `resolved_at` or in the past
    #[arg(long)]
    pub force: bool,

    /// Change nothing: print the invitation on standard output and say what would be done
    #[arg(long)]
    pub dry_run: bool,

    /// Output format of the report: human or json (docs/formats.md)
    #[arg(long, value_name = "FORMAT", default_value = "human",
          value_parser = common::format_parser(&[Format::Human, Format::Json]))]
    pub format: Format,
}

/// What was done, as the report shows it.
#[derive(Serialize)]
struct Report {
    id: String,
    method: &'static str,
    summary: String,
    start: String,
    end: String,
    /// Where the invitation was written; null with --stdout or --dry-run.
    invitation: Option<String>,
    attendees: Vec<ReportAttendee>,
    /// Chat handles of the transcript that `people:` does not know.
    unmapped_handles: Vec<String>,
    /// Things the organiser should know (a facilitator who took part in the incident).
    notes: Vec<String>,
    /// People who spoke in the chat and have no e-mail address in `people:`.
    without_email: Vec<String>,
    /// Front-matter fields written (empty with --dry-run or when unchanged).
    front_matter: Vec<String>,
    /// The addresses the invitation was mailed to (empty without --send).
    sent_to: Vec<String>,
    /// Where the facilitator request went, when one was mailed.
    facilitator_request: Option<String>,
    dry_run: bool,
    #[serde(skip)]
    tz: chrono_tz::Tz,
    #[serde(skip)]
    agenda: Vec<agenda::Part>,
    #[serde(skip)]
    shown: String,
}

#[derive(Serialize)]
struct ReportAttendee {
    name: String,
    email: String,
    optional: bool,
}

impl View for Report {
    fn json(&self) -> impl Serialize {
        self
    }

    fn page(&self, page: &mut dyn Page) -> std::io::Result<()> {
        let verb = match (self.method, self.dry_run) {
            ("CANCEL", true) => "would cancel",
            ("CANCEL", false) => "cancelled",
            (_, true) => "would schedule",
            (_, false) => "scheduled",
        };
        page.title(&self.summary)?;
        page.line(
            &format!("{verb} {}: {} to {}", self.shown, self.start, self.end),
            &format!("{verb} {}: {} to {}.", self.shown, self.start, self.end),
        )?;
        let mut fields = vec![("summary", self.summary.clone())];
        if let Some(file) = &self.invitation {
            fields.push(("invitation", file.clone()));
        }
        let people: Vec<String> = self
            .attendees
            .iter()
            .map(|a| {
                let optional = if a.optional { " (optional)" } else { "" };
                format!("{} <{}>{optional}", a.name, a.email)
            })
            .collect();
        fields.push((
            "attendees",
            format!("{}: {}", plural(people.len(), "invitee"), people.join(", ")),
        ));
        if !self.front_matter.is_empty() {
            fields.push((
                "front matter",
                format!("wrote {}", self.front_matter.join(", ")),
            ));
        }
        if !self.sent_to.is_empty() {
            fields.push((
                "mailed to",
                format!(
                    "{} ({})",
                    plural(self.sent_to.len(), "recipient"),
                    self.sent_to.join(", ")
                ),
            ));
        }
        if let Some(to) = &self.facilitator_request {
            fields.push(("facilitator request", format!("mailed to {to}")));
        }
        page.fields(&fields)?;
        if self.method == "REQUEST" {
            page.heading(2, "Agenda")?;
            for part in &self.agenda {
                let line = format!(
                    "{}-{}  {} ({} min)",
                    invite::clock(part.start, self.tz),
                    invite::clock(part.end, self.tz),
                    part.title,
                    part.minutes
                );
                page.line(&format!("  {line}"), &format!("- {line}"))?;
            }
        }
        if !self.unmapped_handles.is_empty() {
            page.note(&format!(
                "not invited, not in `people:` of pm.yaml: {} (add them with their `chat:` handles to invite them)",
                self.unmapped_handles.join(", ")
            ))?;
        }
        for note in &self.notes {
            page.note(note)?;
        }
        if !self.without_email.is_empty() {
            page.note(&format!(
                "not invited, no e-mail address in `people:`: {}",
                self.without_email.join(", ")
            ))?;
        }
        Ok(())
    }
}

/// `60m`, `1h30m`: from 10 minutes to 8 hours.
fn parse_duration(text: &str) -> Result<TimeDelta> {
    crate::config::parse_padding(text)
        .filter(|d| d.num_minutes() >= 10 && d.num_hours() <= 8)
        .ok_or_else(|| {
            Error::usage(format!(
                "--duration `{text}` is not a duration from 10m to 8h"
            ))
            .with_hint("e.g. `--duration 60m` or `--duration 1h30m`")
        })
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let Editable {
        path,
        shown,
        doc,
        lock: _lock,
    } = common::open_for_edit(&project, &ctx.cwd, &args.id)?;
    let config = &project.config;
    let tz = config.timezone;
    let settings = &config.meeting;
    let organizer = settings.organizer.clone().ok_or_else(|| {
        Error::user("pm.yaml has no `meeting.organizer`: the invitation needs one").with_hint(
            "add `meeting: {organizer: {name: SRE team, email: sre@example.com}}` to pm.yaml (docs/meeting.md)",
        )
    })?;
    let duration = match &args.duration {
        Some(d) => parse_duration(d)?,
        None => settings.duration,
    };
    let method = if args.cancel {
        Method::Cancel
    } else {
        Method::Request
    };
    let start = meeting_time(
        &args,
        &doc,
        &project,
        ctx.now,
        duration,
        &mut ctx.out.stderr,
    )?;
    let end = invite::end(start, duration)
        .ok_or_else(|| Error::usage("the meeting would end past the year 262143"))?;
    let facilitator = args
        .facilitator
        .as_deref()
        .map(str::trim)
        .or(doc.front.facilitator.as_deref())
        .filter(|f| !f.is_empty());
    let invitees = invite::invitees(&invite::Ask {
        doc: &doc,
        directory: &config.people,
        facilitator,
        extra: &args.attendee,
        chat: !args.no_chat_attendees,
        mailing_list: settings.mailing_list.as_deref(),
    })?;
    let parts = agenda::agenda(start, duration);
    let url = config.document_url(&shown);
    let event = Event {
        method,
        uid: invite::uid(&doc.id),
        sequence: invite::sequence(ctx.now),
        stamp: ctx.now,
        start,
        end,
        summary: invite::summary(&doc),
        description: invite::description(&doc, tz, &parts, url.as_deref()),
        location: args.location.clone().or_else(|| settings.location.clone()),
        url,
        organizer_name: organizer.name.clone(),
        organizer_email: organizer.email.clone(),
        attendees: invitees.attendees.clone(),
    };
    let calendar = ics::write(&event);

    // What the front matter gets: the time, and the facilitator when one was given.
    let mut fields = Vec::new();
    if !args.cancel {
        if doc.front.meeting_at != Some(start) {
            fields.push(SetField {
                key: "meeting_at",
                value: time::format_rfc3339(start, tz),
                after: &[
                    "resolved_at",
                    "customers_notified_at",
                    "detected_at",
                    "started_at",
                ],
            });
        }
        if let Some(f) = args.facilitator.as_deref().map(str::trim)
            && doc.front.facilitator.as_deref() != Some(f)
        {
            fields.push(SetField {
                key: "facilitator",
                value: f.to_string(),
                after: &["authors", "tags", "services"],
            });
        }
    }
    // Refused edits are found before anything is written. A cancelled meeting's time goes.
    let new_text = if args.cancel {
        remove_field(&doc.source.text, "meeting_at")
    } else {
        set_fields(&doc.source.text, &fields)
    }
    .map_err(|r| common::refused(&doc, &shown, r))?;
    let changed = new_text != doc.source.text;

    let target = if args.stdout || args.dry_run {
        None
    } else {
        Some(
            args.output
                .clone()
                .unwrap_or_else(|| ctx.cwd.join(format!("{}.ics", doc.id))),
        )
    };
    // What could fail after the mail went out is checked before it goes: the invitation's
    // folder, and that nobody changed the document meanwhile.
    if !args.dry_run {
        if let Some(file) = &target
            && let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(Error::usage(format!(
                "{}: no such folder for the invitation; nothing was sent or written",
                dir.display()
            ))
            .with_hint("give --output a file in an existing folder"));
        }
        let on_disk = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        if on_disk != doc.source.text.as_bytes() {
            return Err(Error::user(format!(
                "{shown} changed while pm was reading it; nothing was sent or written"
            ))
            .with_hint("run the command again"));
        }
    }
    let mut sent_to = Vec::new();
    let mut facilitator_request = None;
    let organizer_address = Address {
        name: organizer.name.clone(),
        email: organizer.email.clone(),
    };
    // Mail first: when it fails, nothing has been written.
    let request = if args.request_facilitator {
        Some(facilitator_mail(
            &doc,
            &project,
            &organizer_address,
            start,
            end,
            event.url.as_deref(),
        )?)
    } else {
        None
    };
    if !args.dry_run {
        if args.send {
            let mail = Mail {
                from: organizer_address.clone(),
                to: event
                    .attendees
                    .iter()
                    .map(|a| Address {
                        name: a.name.clone(),
                        email: a.email.clone(),
                    })
                    .collect(),
                subject: match method {
                    Method::Request => event.summary.clone(),
                    Method::Cancel => format!("Cancelled: {}", event.summary),
                },
                text: event.description.clone(),
                calendar: Some((
                    match method {
                        Method::Request => "REQUEST",
                        Method::Cancel => "CANCEL",
                    },
                    calendar.clone(),
                )),
            };
            mail::send(&mail, &settings.send).map_err(|f| {
                Error::user(format!(
                    "the invitation was not sent: {}; nothing was written",
                    f.message
                ))
                .with_hint(f.hint)
            })?;
            sent_to = mail.to.iter().map(|a| a.email.clone()).collect();
        }
        if let Some(request) = &request
            && !args.stdout
        {
            mail::send(request, &settings.send).map_err(|f| {
                let sent = if args.send {
                    " (the invitation was sent)"
                } else {
                    ""
                };
                Error::user(format!(
                    "the facilitator request was not sent{sent}: {}; nothing was written",
                    f.message
                ))
                .with_hint(f.hint)
            })?;
            facilitator_request = request.to.first().map(|a| a.email.clone());
        }
        if let Some(file) = &target {
            crate::store::write(file, &file.display().to_string(), calendar.as_bytes())?;
        }
        if changed {
            common::write_if_unchanged(&path, &shown, &doc.source.text, &new_text)?;
        }
    }
    if args.stdout || args.dry_run {
        ctx.out.stdout.write_all(calendar.as_bytes())?;
        if let Some(request) = &request {
            let rendered =
                mail::render(request).map_err(|f| Error::user(f.message).with_hint(f.hint))?;
            ctx.out.stdout.write_all(b"\r\n")?;
            ctx.out.stdout.write_all(&rendered)?;
        }
    }
    let report = Report {
        id: doc.id.clone(),
        method: match method {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        },
        summary: event.summary.clone(),
        start: time::format_local(start, tz),
        end: time::format_local(end, tz),
        invitation: target.map(|f| f.strip_prefix(&ctx.cwd).unwrap_or(&f).display().to_string()),
        attendees: invitees
            .attendees
            .iter()
            .map(|a| ReportAttendee {
                name: a.name.clone(),
                email: a.email.clone(),
                optional: a.role == Role::Optional,
            })
            .collect(),
        unmapped_handles: invitees.unmapped,
        notes: facilitator_notes(&doc, facilitator, &config.people),
        without_email: invitees.no_email,
        front_matter: if args.dry_run || !changed {
            Vec::new()
        } else if args.cancel {
            vec!["meeting_at (removed)".to_string()]
        } else {
            fields.iter().map(|f| f.key.to_string()).collect()
        },
        sent_to,
        facilitator_request,
        dry_run: args.dry_run,
        tz,
        agenda: parts,
        shown,
    };
    // The invitation owns stdout with --stdout or --dry-run: the report goes to stderr.
    let out: &mut dyn std::io::Write = if args.stdout || args.dry_run {
        &mut ctx.out.stderr
    } else {
        &mut ctx.out.stdout
    };
    crate::output::write(args.format, out, &mut std::io::sink(), false, &report)?;
    Ok(Status::Ok)
}

/// The meeting's start: --at, the one to cancel, or the proposed slot; checked against
/// the resolution and the clock unless --force.
fn meeting_time(
    args: &Args,
    doc: &crate::document::Document,
    project: &Project,
    now: DateTime<Utc>,
    duration: TimeDelta,
    echo: &mut dyn std::io::Write,
) -> Result<DateTime<Utc>> {
    let tz = project.config.timezone;
    let given = match &args.at {
        Some(text) => Some(common::time_flag("at", text, now, tz, echo)?),
        None => None,
    };
    if args.cancel {
        return given.or(doc.front.meeting_at).ok_or_else(|| {
            Error::user("there is no meeting to cancel: the front matter has no `meeting_at`")
                .with_hint("give the cancelled meeting's time with --at")
        });
    }
    let resolved = doc.front.resolved_at;
    let start = match given {
        Some(t) => t,
        None => {
            let Some(resolved) = resolved else {
                return Err(Error::user(
                    "the postmortem has no `resolved_at`, so pm cannot propose a time",
                )
                .with_hint("give the time with --at"));
            };
            slot::propose(resolved, now, duration, tz).ok_or_else(|| {
                Error::user("no working-hours slot fits a meeting this long")
                    .with_hint("give the time with --at, or a shorter --duration")
            })?
        }
    };
    if !args.force {
        if let Some(resolved) = resolved
            && start < resolved
        {
            return Err(Error::user(format!(
                "the meeting ({}) would be before the incident was resolved ({})",
                time::format_local(start, tz),
                time::format_local(resolved, tz)
            ))
            .with_hint("give a later --at, or --force if `resolved_at` is wrong"));
        }
        if start < now {
            return Err(Error::user(format!(
                "the meeting ({}) would be in the past (now: {})",
                time::format_local(start, tz),
                time::format_local(now, tz)
            ))
            .with_hint("give a later --at, or --force to record a meeting that took place"));
        }
    }
    Ok(start)
}

/// The request for a facilitator: what the incident was, when the meeting is, and how to
/// accept.
fn facilitator_mail(
    doc: &crate::document::Document,
    project: &Project,
    from: &Address,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    url: Option<&str>,
) -> Result<Mail> {
    let tz = project.config.timezone;
    let to = project.config.meeting.facilitators.clone().ok_or_else(|| {
        Error::user("pm.yaml has no `meeting.facilitators` to send the request to")
            .with_hint("add `meeting: {facilitators: facilitators@example.com}` to pm.yaml")
    })?;
    let title = doc.front.title.as_deref().unwrap_or(doc.id.as_str());
    let severity = doc.front.severity.as_deref().unwrap_or("no severity");
    let mut text = format!(
        "We are looking for a facilitator for the postmortem meeting of\n\n  {title} ({severity})\n\n"
    );
    for line in invite::key_facts(doc, tz) {
        text.push_str(&format!("  {line}\n"));
    }
    if let Some(url) = url {
        text.push_str(&format!("  Postmortem: {url}\n"));
    }
    text.push_str(&format!(
        "\nProposed meeting: {} to {}\n\n",
        time::format_local(start, tz),
        time::format_local(end, tz)
    ));
    text.push_str(&format!(
        "The facilitator should not have been part of the incident. To accept, reply to this\n\
         message, or run:\n\n  pm schedule {} --at {} --facilitator \"YOUR NAME\" --send\n",
        doc.id,
        time::format_rfc3339(start, tz)
    ));
    Ok(Mail {
        from: from.clone(),
        to: vec![Address {
            name: to.clone(),
            email: to,
        }],
        subject: format!("Facilitator wanted: Postmortem: {title} ({severity})"),
        text,
        calendar: None,
    })
}

/// A facilitator who is an author or spoke in the chat: said, not refused (`pm check`
/// warns about it too, as `facilitator-involved`).
fn facilitator_notes(
    doc: &crate::document::Document,
    facilitator: Option<&str>,
    people: &crate::document::people::Directory,
) -> Vec<String> {
    let Some(name) = facilitator else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    if doc
        .front
        .authors
        .iter()
        .any(|a| a.trim().eq_ignore_ascii_case(name))
    {
        notes.push(format!(
            "note: the facilitator {name} is also an author; someone who was not part of the incident hears every account the same way (`--request-facilitator` asks for one)"
        ));
    }
    let spoke = crate::document::transcript::speakers(&doc.source.text)
        .into_iter()
        .find(|h| {
            people
                .by_handle(h)
                .is_some_and(|p| p.name.eq_ignore_ascii_case(name))
        });
    if let Some(handle) = spoke {
        notes.push(format!(
            "note: the facilitator {name} spoke in the incident's chat (as {handle}); consider someone who was not part of it"
        ));
    }
    notes
}
