//! Remediation checks of `pm check`, all warnings: items that cannot be chased (no due
//! date), due too late, closed without a date, and titles that are not a specific,
//! bounded action. The title checks are conservative: they flag what is almost certainly
//! not SMART ("Monitoring", "Rewrite the billing service"), never a judgement call.

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemStatus};

use super::{Setup, item_span};

pub(super) fn check(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    let tz = doc.front.zone(setup.timezone);
    let started = doc
        .front
        .started_at
        .map(|t| t.with_timezone(&tz).date_naive());
    for item in &doc.front.remediation {
        let at = |key: &'static str| item_span(doc, item, key);
        let n = item.index + 1;
        let due = doc.front.due_date(item, setup.remediation_due_days, tz);
        if item.status == ItemStatus::Open && due.is_none() && !item.due_unreadable {
            out.push(
                Diagnostic::warning(
                    "remediation-no-due",
                    format!("remediation item {n} has no due date, and none can be derived"),
                )
                .at_opt(at("title"))
                .label("no `due`, and no meeting, resolution or start to count from")
                .hint("add `due: YYYY-MM-DD` to the item, or fix `started_at` so the default (remediation.due_days after it) applies"),
            );
        }
        if let (Some(due), Some(started)) = (due, started) {
            let span = || {
                if item.due.is_some() {
                    at("due")
                } else {
                    at("title")
                }
            };
            too_late(item, due, started, setup, out, span);
        }
        // An item in the body has no place for a date.
        if item.status == ItemStatus::Done && item.done_on.is_none() && item.body.is_none() {
            out.push(
                Diagnostic::warning(
                    "remediation-done-without-date",
                    format!("remediation item {n} is done but has no `done_on`"),
                )
                .at_opt(at("status"))
                .hint("add `done_on: YYYY-MM-DD`, or run `pm remediation done ID ITEM --on DATE`, which writes both"),
            );
        }
        if let Some(title) = item.title.as_deref() {
            // Most titles pass: locate the span only for a finding.
            smart(title, n, out, || at("title"));
        }
    }
}

fn too_late(
    item: &Item,
    due: NaiveDate,
    started: NaiveDate,
    setup: &Setup<'_>,
    out: &mut Vec<Diagnostic>,
    span: impl FnOnce() -> Option<std::ops::Range<usize>>,
) {
    let max = setup.remediation_max_days;
    let days = (due - started).num_days();
    if item.status != ItemStatus::Open || days <= max {
        return;
    }
    let whose = if item.due.is_some() {
        "its `due`"
    } else {
        "its default due date (remediation.due_days after the meeting, resolution or start)"
    };
    out.push(
        Diagnostic::warning(
            "remediation-due-too-late",
            format!(
                "remediation item {} is due {due}, {days} days after the incident (more than remediation.max_days, {max})",
                item.index + 1
            ),
        )
        .at_opt(span())
        .label(whose)
        .hint("a remediation item should be done within weeks: split it into a first step due sooner, or file the long-term work as a setup of its own"),
    );
}

/// Titles that are a placeholder, not an action.
const PLACEHOLDERS: &[&str] = &[
    "tbd", "todo", "tba", "fixme", "n/a", "na", "none", "?", "...", "-", "xxx", "misc",
];

/// Last words that leave the object unsaid: "fix it", "look into this".
const VAGUE_OBJECTS: &[&str] = &[
    "it", "this", "that", "things", "stuff", "issue", "issues", "problem", "problems",
];

/// Verbs whose object is the whole system: "rewrite", "re-architect".
const SWEEPING_VERBS: &[&str] = &[
    "rewrite",
    "re-write",
    "rearchitect",
    "re-architect",
    "redesign",
    "re-design",
    "overhaul",
];

/// "migrate everything", "replace all services".
const SWEEPING_MOVES: &[&str] = &["migrate", "move", "replace", "convert", "port", "upgrade"];
const EVERYTHING: &[&str] = &["everything", "all"];

/// "make checkout faster": a wish, not a measurable action.
const WISHES: &[&str] = &[
    "faster",
    "better",
    "quicker",
    "slower",
    "safer",
    "stable",
    "stabler",
    "reliable",
    "robust",
    "scalable",
    "resilient",
];

fn words(title: &str) -> Vec<String> {
    title
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '!' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Why `title` is not a specific action, if it is plainly not one.
pub fn not_smart(title: &str) -> Option<(&'static str, String)> {
    let w = words(title);
    let trimmed = title.trim().to_lowercase();
    if PLACEHOLDERS.contains(&trimmed.as_str()) {
        return Some((
            "remediation-no-action",
            format!("`{}` is a placeholder, not an action", title.trim()),
        ));
    }
    if w.len() == 1 {
        return Some((
            "remediation-no-action",
            format!(
                "`{}` names a topic, not an action (a verb and what it acts on)",
                title.trim()
            ),
        ));
    }
    if w.len() <= 3
        && w.last()
            .is_some_and(|l| VAGUE_OBJECTS.contains(&l.as_str()))
    {
        return Some((
            "remediation-no-action",
            format!("`{}` does not say what is acted on", title.trim()),
        ));
    }
    if let Some(verb) = w.iter().find(|x| SWEEPING_VERBS.contains(&x.as_str())) {
        return Some((
            "remediation-sweeping",
            format!("`{verb}` is a setup, not a remediation item"),
        ));
    }
    for pair in w.windows(2) {
        if SWEEPING_MOVES.contains(&pair[0].as_str()) && EVERYTHING.contains(&pair[1].as_str()) {
            return Some((
                "remediation-sweeping",
                format!("`{} {}` has no end in sight", pair[0], pair[1]),
            ));
        }
    }
    if w.first().is_some_and(|f| f == "make")
        && w.iter().skip(2).any(|x| WISHES.contains(&x.as_str()))
    {
        return Some((
            "remediation-sweeping",
            format!("`{}` is a wish without a measure", title.trim()),
        ));
    }
    None
}

fn smart(
    title: &str,
    n: usize,
    out: &mut Vec<Diagnostic>,
    span: impl FnOnce() -> Option<std::ops::Range<usize>>,
) {
    let Some((rule, why)) = not_smart(title) else {
        return;
    };
    let d = if rule == "remediation-sweeping" {
        Diagnostic::warning("remediation-sweeping", format!("remediation item {n} is too sweeping: {why}"))
            .hint("name a first step that one person can finish in weeks and check, e.g. `Move the checkout reads to the new cluster` or `Cut p99 checkout latency below 300 ms`")
    } else {
        Diagnostic::warning("remediation-no-action", format!("remediation item {n} is not an action: {why}"))
            .hint("write what will be done to what, specifically, e.g. `Page when the checkout 5xx rate exceeds 1% for 2 minutes`")
    };
    out.push(d.at_opt(span()));
}

#[cfg(test)]
mod tests {
    use super::not_smart;

    fn rule(title: &str) -> Option<&'static str> {
        not_smart(title).map(|(r, _)| r)
    }

    #[test]
    fn flags_what_is_plainly_not_an_action() {
        for t in [
            "Monitoring",
            "TBD",
            "  todo ",
            "Alerts",
            "Fix it",
            "Look into this",
            "fix the issue",
        ] {
            assert_eq!(rule(t), Some("remediation-no-action"), "{t}");
        }
        for t in [
            "Rewrite the config service in Rust",
            "Migrate everything to Kubernetes",
            "Replace all cron jobs",
            "Make checkout faster",
            "Make the API more reliable",
            "Re-architect billing",
        ] {
            assert_eq!(rule(t), Some("remediation-sweeping"), "{t}");
        }
    }

    #[test]
    fn leaves_specific_actions_alone() {
        for t in [
            "Page when the checkout 5xx rate exceeds 1% for 2 minutes",
            "Add alerting",
            "Add a `release-lock` command to the config-service CLI",
            "Migrate the orders table to the new cluster",
            "Make the retry budget configurable",
            "Document the failover runbook",
            "Write a runbook for rebuilding the index",
            "Fix the cert-manager exception list",
        ] {
            assert_eq!(rule(t), None, "{t}");
        }
    }
}
