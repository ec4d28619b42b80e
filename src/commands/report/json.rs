//! The `pm report --format json` document, built from the digest.

use serde::Serialize;

use super::{Digest, Entry, ItemRow};
use crate::commands::common::json_time;

pub(super) fn digest(d: &Digest) -> JsonDigest<'_> {
    let doc = |e: &Entry| JsonPostmortem {
        id: e.id.clone(),
        path: e.path.clone(),
        url: e.url.clone(),
        title: e.title.clone(),
        severity: e.severity.clone(),
        r#type: e.kind.clone(),
        status: e.status,
        started_at: json_time(e.started_at),
        meeting_at: json_time(e.meeting_at),
        time_to_detect_seconds: e.durations[0],
        time_to_mitigate_seconds: e.durations[1],
        time_to_resolve_seconds: e.durations[2],
    };
    JsonDigest {
        version: 1,
        period: JsonPeriod {
            name: &d.period.name,
            since: d.period.first.to_string(),
            until: d.period.last.to_string(),
        },
        as_of: d.today.to_string(),
        now: json_time(Some(d.now)),
        left_out_broken: d.broken,
        postmortems: d.postmortems.iter().map(doc).collect(),
        meetings: d.meetings.iter().map(doc).collect(),
        remediation: JsonRemediation {
            added: &d.added,
            done: &d.done,
            overdue: d
                .overdue
                .iter()
                .map(|(owner, items)| JsonOwner {
                    owner: owner.as_deref(),
                    items,
                })
                .collect(),
            history_overdue_left_out: d.history_overdue,
        },
        anniversaries: d.anniversaries.as_ref().map(|list| {
            list.iter()
                .map(|(years, e)| JsonAnniversary {
                    years_ago: *years,
                    postmortem: doc(e),
                })
                .collect()
        }),
    }
}

/// The `pm report --format json` document. Stable keys:
///
/// - `version` (1); `period`: `{name, since, until}` (days, both included); `as_of`
///   (today); `now` (RFC 3339); `left_out_broken` (count)
/// - `postmortems` (started in the period, oldest first) and `meetings` (`meeting_at`
///   after now, soonest first): `[{id, path, url, title, severity, type, status,
///   started_at, meeting_at, time_to_detect_seconds, time_to_mitigate_seconds,
///   time_to_resolve_seconds}]` (`url` from `document_url`, else null; `type` null for the
///   default type)
/// - `remediation`: `{added, done, overdue}`: `added` and `done` are lists of items
///   `{id, path, item, title, owner, ticket, status, due, done_on, days_overdue}`;
///   `overdue` is `[{owner, items}]` (owner null: no owner); `history_overdue_left_out`
///   the overdue items of history (imported, or before `history.before`) not listed
/// - `anniversaries`: null without --anniversary, else `[{years_ago, postmortem}]`
#[derive(Serialize)]
pub(super) struct JsonDigest<'a> {
    version: u32,
    period: JsonPeriod<'a>,
    as_of: String,
    now: Option<String>,
    left_out_broken: usize,
    postmortems: Vec<JsonPostmortem>,
    meetings: Vec<JsonPostmortem>,
    remediation: JsonRemediation<'a>,
    anniversaries: Option<Vec<JsonAnniversary>>,
}

#[derive(Serialize)]
struct JsonPeriod<'a> {
    name: &'a str,
    since: String,
    until: String,
}

#[derive(Serialize)]
struct JsonPostmortem {
    id: String,
    path: String,
    url: Option<String>,
    title: Option<String>,
    severity: Option<String>,
    r#type: Option<String>,
    status: Option<&'static str>,
    started_at: Option<String>,
    meeting_at: Option<String>,
    time_to_detect_seconds: Option<i64>,
    time_to_mitigate_seconds: Option<i64>,
    time_to_resolve_seconds: Option<i64>,
}

#[derive(Serialize)]
struct JsonRemediation<'a> {
    added: &'a [ItemRow],
    done: &'a [ItemRow],
    overdue: Vec<JsonOwner<'a>>,
    history_overdue_left_out: usize,
}

#[derive(Serialize)]
struct JsonOwner<'a> {
    owner: Option<&'a str>,
    items: &'a [ItemRow],
}

#[derive(Serialize)]
struct JsonAnniversary {
    years_ago: i32,
    postmortem: JsonPostmortem,
}
