//! The imported document's text: pm's front matter, then the body exactly as it was; and
//! the diff `pm import --dry-run` shows.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Import, When};
use crate::document::ItemStatus;
use crate::document::edit::scalar;

fn flow(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| scalar(i, true, None)).collect();
    format!("[{}]", items.join(", "))
}

/// The front matter, `---` lines included. `tz` is the repository time zone.
pub fn front_matter(import: &Import, tz: Tz) -> String {
    let zone = import.zone.as_ref().map_or(tz, |z| z.value);
    let ts = |t: DateTime<Utc>| crate::time::format_rfc3339(t, zone);
    let mut out = String::from("---\n");
    let mut line = |key: &str, value: String| {
        out.push_str(key);
        out.push_str(": ");
        out.push_str(&value);
        out.push('\n');
    };
    if let Some(t) = &import.title {
        line("title", scalar(&t.value, false, None));
    }
    line(
        "status",
        import.status.clone().unwrap_or_else(|| "published".into()),
    );
    if let Some(s) = &import.severity {
        line("severity", scalar(&s.value, false, None));
    }
    if let Some(s) = &import.started {
        line(
            "started_at",
            match s.value {
                When::At(t) => ts(t),
                When::Day(d) => d.format("%Y-%m-%d").to_string(),
            },
        );
    }
    if let Some(d) = &import.detected {
        line("detected_at", ts(d.value));
    }
    if let Some(r) = &import.resolved {
        line("resolved_at", ts(r.value));
    }
    if let Some(z) = &import.zone
        && z.value != tz
    {
        line("timezone", z.value.name().to_string());
    }
    if !import.services.is_empty() {
        line("services", flow(&import.services));
    }
    if !import.tags.is_empty() {
        line("tags", flow(&import.tags));
    }
    if !import.authors.is_empty() {
        line("authors", flow(&import.authors));
    }
    if let Some(f) = &import.facilitator {
        line("facilitator", scalar(f, false, None));
    }
    line("imported", "true".into());
    if !import.items.is_empty() {
        out.push_str("remediation:\n");
        for item in &import.items {
            out.push_str(&format!(
                "  - title: {}\n",
                scalar(&item.title, false, None)
            ));
            if let Some(o) = &item.owner {
                out.push_str(&format!("    owner: {}\n", scalar(o, false, None)));
            }
            if let Some(t) = &item.ticket {
                out.push_str(&format!("    ticket: {}\n", scalar(t, false, None)));
            }
            if item.status != ItemStatus::Open {
                out.push_str(&format!("    status: {}\n", item.status.as_str()));
            }
        }
    }
    if !import.original_front.is_empty() {
        out.push_str("# the original front matter, as it was:\n");
        for l in &import.original_front {
            out.push_str("# ");
            out.push_str(l);
            out.push('\n');
        }
    }
    out.push_str("---\n");
    out
}

/// The whole imported document: `front` then the body of `source` byte for byte.
pub fn document(front: &str, source: &str, import: &Import) -> String {
    let body = source.get(import.body_start..).unwrap_or("");
    let mut out = String::with_capacity(front.len() + body.len());
    out.push_str(front);
    out.push_str(body);
    out
}

/// A unified diff from `old` (the source, shown as `old_name`) to `new` (`new_name`):
/// the front matter is all that changes, so one hunk says it.
pub fn diff(old: &str, old_name: &str, new: &str, new_name: &str, import: &Import) -> String {
    let old_head: Vec<&str> = old.get(..import.body_start).unwrap_or("").lines().collect();
    let body = old.get(import.body_start..).unwrap_or("");
    let new_head_len = new.len().saturating_sub(body.len());
    let new_head: Vec<&str> = new.get(..new_head_len).unwrap_or("").lines().collect();
    let context: Vec<&str> = body.lines().take(3).collect();
    let mut out = format!("--- a/{old_name}\n+++ b/{new_name}\n");
    let count = |n: usize| n + context.len();
    out.push_str(&format!(
        "@@ -{},{} +1,{} @@\n",
        usize::from(count(old_head.len()) > 0),
        count(old_head.len()),
        count(new_head.len())
    ));
    for l in old_head {
        out.push_str(&format!("-{l}\n"));
    }
    for l in new_head {
        out.push_str(&format!("+{l}\n"));
    }
    for l in context {
        out.push_str(&format!(" {l}\n"));
    }
    out
}
