//! Who is invited to a postmortem's meeting, and the invitation's text: the authors, the
//! facilitator and everyone who spoke in the imported chat window (through the people
//! directory), those asked for by name or address, and the mailing list.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::agenda::Part;
use super::ics::{Attendee, Role};
use crate::document::Document;
use crate::document::people::{Directory, Person, is_email};
use crate::error::{Error, Result};

/// The people invited, and the chat handles that could not be.
#[derive(Debug, Default)]
pub struct Invitees {
    pub attendees: Vec<Attendee>,
    /// Handles of the transcript that the directory does not know.
    pub unmapped: Vec<String>,
    /// People of the directory who spoke in the chat but have no e-mail address.
    pub no_email: Vec<String>,
}

impl Invitees {
    fn add(&mut self, name: &str, email: &str, role: Role) {
        if let Some(known) = self
            .attendees
            .iter_mut()
            .find(|a| a.email.eq_ignore_ascii_case(email))
        {
            // Someone asked for by name is required even if the list came first.
            if role == Role::Required {
                known.role = Role::Required;
            }
            return;
        }
        self.attendees.push(Attendee {
            name: name.to_string(),
            email: email.to_string(),
            role,
        });
    }
}

/// What to invite, from the front matter, the transcript and the command line.
pub struct Ask<'a> {
    pub doc: &'a Document,
    pub directory: &'a Directory,
    pub facilitator: Option<&'a str>,
    /// `--attendee`: names, handles or e-mail addresses.
    pub extra: &'a [String],
    /// Invite the transcript's speakers.
    pub chat: bool,
    pub mailing_list: Option<&'a str>,
}

/// The invitees, or an error naming the person who cannot be invited and how to fix it.
pub fn invitees(ask: &Ask<'_>) -> Result<Invitees> {
    let mut out = Invitees::default();
    let d = ask.directory;
    let must = |role: &str, name: &str| -> Result<Person> {
        match d.find(name) {
            Some(p) if p.email.is_some() => Ok(p.clone()),
            Some(p) => Err(Error::user(format!(
                "the {role} `{}` has no e-mail address in the people directory",
                p.name
            ))
            .with_hint(format!(
                "add `email: ...` to `{}` under `people:` in pm.yaml",
                p.name
            ))),
            None => {
                let hint = match d.closest(name) {
                    Some(best) => format!(
                        "did you mean `{best}`? Otherwise add `- {{name: {name}, email: ...}}` to `people:` in pm.yaml, or give an e-mail address"
                    ),
                    None => format!(
                        "add `- {{name: {name}, email: ...}}` to `people:` in pm.yaml, or give an e-mail address"
                    ),
                };
                Err(Error::user(format!(
                    "the {role} `{name}` is not in the people directory of pm.yaml"
                ))
                .with_hint(hint))
            }
        }
    };
    for author in &ask.doc.front.authors {
        let p = must("author", author)?;
        out.add(
            &p.name,
            p.email.as_deref().unwrap_or_default(),
            Role::Required,
        );
    }
    if let Some(f) = ask.facilitator {
        let p = must("facilitator", f)?;
        out.add(
            &p.name,
            p.email.as_deref().unwrap_or_default(),
            Role::Required,
        );
    }
    if ask.chat {
        for handle in crate::document::transcript::speakers(&ask.doc.source.text) {
            match d.by_handle(&handle) {
                Some(Person {
                    name,
                    email: Some(email),
                    ..
                }) => out.add(name, email, Role::Required),
                Some(p) => {
                    if !out.no_email.contains(&p.name) {
                        out.no_email.push(p.name.clone());
                    }
                }
                None => out.unmapped.push(handle),
            }
        }
    }
    for extra in ask.extra {
        let extra = extra.trim();
        if d.find(extra).is_none() && is_email(extra) {
            out.add(extra, extra, Role::Required);
        } else {
            let p = must("attendee", extra)?;
            out.add(
                &p.name,
                p.email.as_deref().unwrap_or_default(),
                Role::Required,
            );
        }
    }
    if let Some(list) = ask.mailing_list {
        out.add(list, list, Role::Optional);
    }
    Ok(out)
}

/// The invitation's UID: the same for every invitation of one postmortem, so a calendar
/// updates (or cancels) the event it has.
pub fn uid(id: &str) -> String {
    format!("postmortem-{id}@pm")
}

/// SEQUENCE: seconds since 2020 when the invitation is made. Every later invitation of the
/// same postmortem (a new time, a cancellation) has a larger one, so calendars take it
/// as the newer revision, without pm keeping a counter anywhere.
pub fn sequence(now: DateTime<Utc>) -> i64 {
    let epoch = DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now);
    (now - epoch).num_seconds().max(0)
}

/// `Postmortem: <title>`.
pub fn summary(doc: &Document) -> String {
    format!(
        "Postmortem: {}",
        doc.front.title.as_deref().unwrap_or(doc.id.as_str())
    )
}

/// The invitation's body: the incident's key facts, then the agenda with clock times.
pub fn description(doc: &Document, tz: Tz, agenda: &[Part], url: Option<&str>) -> String {
    let mut s = String::new();
    s.push_str(&summary(doc));
    s.push_str("\n\n");
    for line in key_facts(doc, tz) {
        s.push_str(&line);
        s.push('\n');
    }
    if let Some(url) = url {
        s.push_str(&format!("Postmortem: {url}\n"));
    }
    s.push_str("\nAgenda:\n");
    for part in agenda {
        s.push_str(&format!(
            "{}-{} {} ({} min): {}\n",
            clock(part.start, tz),
            clock(part.end, tz),
            part.title,
            part.minutes,
            part.what
        ));
    }
    s.push_str(
        "\nWe are here to learn how the incident happened, not who is to blame: \
         what people saw, knew and did, and why it made sense at the time.\n",
    );
    s
}

/// `HH:MM` in `tz`.
pub fn clock(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

/// The incident's key facts, one line each.
pub fn key_facts(doc: &Document, tz: Tz) -> Vec<String> {
    let f = &doc.front;
    let show = |t: DateTime<Utc>| crate::time::format_local(t, tz);
    let since = |t: Option<DateTime<Utc>>| match (t, f.started_at) {
        (Some(t), Some(s)) if t >= s => {
            format!(" (+{})", crate::time::format_duration(t - s))
        }
        _ => String::new(),
    };
    let mut out = Vec::new();
    let mut fact = |name: &str, value: String| {
        if !value.is_empty() {
            out.push(format!("{name}: {value}"));
        }
    };
    fact("Severity", f.severity.clone().unwrap_or_default());
    fact("Started", f.started_at.map(show).unwrap_or_default());
    fact(
        "Detected",
        f.detected_at
            .map(|t| format!("{}{}", show(t), since(Some(t))))
            .unwrap_or_default(),
    );
    fact(
        "Customers notified",
        f.customers_notified_at
            .map(|t| format!("{}{}", show(t), since(Some(t))))
            .unwrap_or_default(),
    );
    fact(
        "Resolved",
        f.resolved_at
            .map(|t| format!("{}{}", show(t), since(Some(t))))
            .unwrap_or_default(),
    );
    fact("Services", f.services.join(", "));
    fact("Channels", f.channels.join(", "));
    fact("Authors", f.authors.join(", "));
    fact("Facilitator", f.facilitator.clone().unwrap_or_default());
    out
}

/// The meeting's end.
pub fn end(start: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
    start.checked_add_signed(duration)
}
