//! The meeting's checks of `pm check`: the names of the front matter held to the people
//! directory, the meeting after the resolution and soon enough, and a facilitator who was
//! not part of the incident.

use crate::diagnostic::Diagnostic;
use crate::document::people::normal_handle;
use crate::document::{Document, Status};
use crate::parse::locate::Seg;

use super::{Setup, field_span};

pub(super) fn check(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    names(doc, setup, out);
    timing(doc, setup, out);
    facilitator(doc, out, setup);
}

/// `authors`, `facilitator` and remediation `owner`s that the directory does not know.
fn names(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    let directory = setup.people;
    if directory.is_empty() {
        return;
    }
    let f = &doc.front;
    let mut found: Vec<(&str, String, Option<std::ops::Range<usize>>)> = Vec::new();
    for (i, author) in f.authors.iter().enumerate() {
        let span = field_span(doc, &[Seg::Key("authors"), Seg::Index(i)])
            .or_else(|| field_span(doc, &[Seg::Key("authors")]));
        found.push(("author", author.clone(), span));
    }
    if let Some(facilitator) = &f.facilitator {
        found.push((
            "facilitator",
            facilitator.clone(),
            field_span(doc, &[Seg::Key("facilitator")]),
        ));
    }
    for item in &f.remediation {
        if let Some(owner) = &item.owner {
            let span = super::item_span(doc, item, "owner");
            found.push(("owner", owner.clone(), span));
        }
    }
    for (role, name, span) in found {
        if name.trim().is_empty() || directory.by_name(&name).is_some() {
            continue;
        }
        let d = Diagnostic::warning(
            "unknown-person",
            format!("the {role} `{name}` is not in the people directory of pm.yaml"),
        )
        .at_opt(span);
        out.push(match directory.closest(&name) {
            Some(best) => d
                .label(format!("did you mean `{best}`?"))
                .hint(format!("write `{best}`, or add `{name}` to `people:` in pm.yaml")),
            None => d.hint(format!(
                "add `- {{name: {name}, email: ...}}` to `people:` in pm.yaml, so pm can invite them"
            )),
        });
    }
}

/// The meeting after the resolution; a finished postmortem has had its meeting in time.
fn timing(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    let f = &doc.front;
    let show = |t| crate::time::format_local(t, setup.timezone);
    let Some(resolved) = f.resolved_at else {
        return;
    };
    match f.meeting_at {
        // At or before the start is `timestamp-order`'s finding already.
        Some(meeting) if meeting < resolved && f.started_at.is_none_or(|s| meeting > s) => out.push(
            Diagnostic::error(
                "meeting-before-resolution",
                format!(
                    "`meeting_at` ({}) is before `resolved_at` ({})",
                    show(meeting),
                    show(resolved)
                ),
            )
            .at_opt(field_span(doc, &[Seg::Key("meeting_at")]))
            .hint("the postmortem meeting comes after the incident is resolved; check the date, time and offset, or run `pm schedule ID` to set it"),
        ),
        Some(_) => {}
        None => {
            let finished = matches!(f.status, Some(Status::InReview | Status::Published));
            let (Some(now), Some(within)) = (setup.now, setup.meeting_within) else {
                return;
            };
            let Some(due) = resolved.checked_add_signed(within) else {
                return;
            };
            if finished && now > due {
                out.push(
                    Diagnostic::warning(
                        "meeting-missing",
                        format!(
                            "resolved {} ago and no `meeting_at`: the meeting should be within {} of the resolution (`meeting.within`)",
                            crate::time::format_duration(now - resolved),
                            crate::time::format_duration(within),
                        ),
                    )
                    .at_opt(field_span(doc, &[Seg::Key("resolved_at")]))
                    .hint(format!("schedule it with `pm schedule {}` (it writes `meeting_at`), or add `meeting_at:` if it took place", doc.id)),
                );
            }
        }
    }
}

/// A facilitator who is also an author, or who spoke in the incident's chat.
fn facilitator(doc: &Document, out: &mut Vec<Diagnostic>, setup: &Setup<'_>) {
    let f = &doc.front;
    let Some(name) = f
        .facilitator
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return;
    };
    let span = field_span(doc, &[Seg::Key("facilitator")]);
    if f.authors
        .iter()
        .any(|a| a.trim().eq_ignore_ascii_case(name))
    {
        out.push(
            Diagnostic::warning(
                "facilitator-involved",
                format!("the facilitator `{name}` is also an author"),
            )
            .at_opt(span.clone())
            .hint("ask someone who was not part of the incident to facilitate, so every account is heard the same way"),
        );
    }
    let person = setup.people.by_name(name);
    let own: Vec<String> = person
        .map(|p| p.chat.iter().map(|h| normal_handle(h)).collect())
        .unwrap_or_default();
    let spoke = crate::document::transcript::speakers(&doc.source.text)
        .into_iter()
        .find(|handle| {
            let h = normal_handle(handle);
            own.contains(&h)
                || h == normal_handle(name)
                || setup
                    .people
                    .by_handle(handle)
                    .is_some_and(|p| p.name.eq_ignore_ascii_case(name))
        });
    if let Some(handle) = spoke {
        out.push(
            Diagnostic::warning(
                "facilitator-involved",
                format!("the facilitator `{name}` spoke in the incident's chat (as `{handle}`)"),
            )
            .at_opt(span)
            .hint("ask someone who was not part of the incident to facilitate"),
        );
    }
}
