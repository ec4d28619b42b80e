//! Remediation items kept in the body: a team that lists its items under `## Remediation
//! items` (or one of its aliases in pm.yaml) rather than in the front matter has them read
//! by every command, at their lines, as long as the front matter lists none.

use super::import::{blocks, items};
use super::{BodyPlace, Document, Item};
use crate::diagnostic::Diagnostic;

/// The items under the headings `headings` in the body of `doc`, whose text must be
/// whole (not cut after the front matter). Nothing when the front matter has items, or
/// the body no such heading. An open item without an owner is `remediation-no-owner`, at
/// its line.
pub fn read(doc: &mut Document, headings: &[&str]) {
    if !doc.front.remediation.is_empty() || doc.unreadable || headings.is_empty() {
        return;
    }
    let Some(split) = &doc.split else { return };
    let base = split.body.start;
    let text = doc.source.text.as_str();
    let Some(body) = text.get(base..) else { return };
    // Most bodies have no such heading: skip pulldown-cmark's second pass for them.
    if !headings.iter().any(|h| contains_heading(body, h)) {
        return;
    }
    let blocks = blocks::read(body);
    let within = items::sections(&blocks, headings);
    if within.is_empty() {
        return;
    }
    let found = items::items(body, &blocks, &within);
    let mut out = Vec::with_capacity(found.len());
    for (index, f) in found.into_iter().enumerate() {
        let start = base + f.at;
        let end = text
            .get(start..)
            .and_then(|rest| rest.find(['\n', '\r']))
            .map_or(text.len(), |n| start + n);
        let line = doc.source.line_col(start).0;
        let mut item = Item::empty(index);
        item.title = Some(f.title);
        item.owner = f.owner;
        item.ticket = f.ticket;
        item.status = f.status;
        item.body = Some(BodyPlace {
            span: start..end,
            line,
        });
        out.push(item);
    }
    for item in &out {
        if item.owner.is_none()
            && item.status == super::ItemStatus::Open
            && let Some(place) = &item.body
        {
            let n = item.index + 1;
            doc.diagnostics.push(
                Diagnostic::warning(
                    "remediation-no-owner",
                    format!("remediation item {n} (in the body) has no owner"),
                )
                .at(place.span.clone())
                .label("open, and nobody owns it")
                .hint(format!(
                    "write `(owner: NAME)` in the item, or run `pm remediation move {}` to move the body's items into the front matter and then `pm remediation set {} {n} --owner NAME`",
                    doc.id, doc.id
                )),
            );
        }
    }
    doc.front.remediation = out;
}

/// Whether `body` may hold a heading named `name`: a cheap test on the raw text before
/// the markdown is parsed (which decides).
fn contains_heading(body: &str, name: &str) -> bool {
    let name = name.to_lowercase();
    body.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("##") && t.to_lowercase().contains(&name)
    })
}
