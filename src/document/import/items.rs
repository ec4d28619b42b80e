//! Remediation items as teams list them under an action-items heading: bullets, numbered
//! items grouped under `###`, checkboxes, bold-titled paragraphs, or a table.

use std::ops::Range;

use super::blocks::{self, Block, Kind, one_line};
use crate::document::ItemStatus;
use crate::document::sections::title_matches;

/// Headings that hold action items, besides `Remediation items` and its aliases in
/// pm.yaml.
pub const HEADINGS: &[&str] = &[
    "Remediation items",
    "Remediation",
    "Remediations",
    "Action items",
    "Actions",
    "Action plan",
    "Follow-up actions",
    "Follow-up items",
    "Follow-ups",
    "Follow-up",
    "Follow up",
    "Followups",
    "Follow up actions",
    "Corrective actions",
    "Corrective and preventative measures",
    "Preventive actions",
    "Preventative actions",
    "Next steps",
    "Improvements",
    "Tasks",
    "TODO",
    "To do",
    "What we will do",
    "What we are doing",
    "Fixes",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The item's words as written: links and ticket references kept, on one line.
    pub title: String,
    pub owner: Option<String>,
    pub ticket: Option<String>,
    pub status: ItemStatus,
    /// Byte offset in the text read, for the line number.
    pub at: usize,
}

/// The sections (ranges of block indices) under a heading of level 2 or deeper named one
/// of `names` (`pm import` adds `HEADINGS` to pm.yaml's names).
pub fn sections<S: AsRef<str>>(blocks: &[Block], names: &[S]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if b.heading_level().is_none_or(|l| l == 1) {
            continue;
        }
        let title = b.one_line();
        let named = names.iter().any(|n| title_matches(&title, n.as_ref()));
        if named && !out.iter().any(|r| r.contains(&i)) {
            out.push(blocks::section(blocks, i));
        }
    }
    out
}

/// The items under the action-item headings `within`; with none of those, the checkboxes
/// anywhere in the document.
pub fn items(text: &str, blocks: &[Block], within: &[Range<usize>]) -> Vec<Found> {
    let mut out = Vec::new();
    for range in within {
        read_section(text, blocks, range.clone(), &mut out);
    }
    if within.is_empty() {
        for (i, b) in blocks.iter().enumerate() {
            if matches!(
                b.kind,
                Kind::Item {
                    checked: Some(_),
                    ..
                }
            ) {
                out.push(from_item(text, blocks, i));
            }
        }
    }
    out
}

fn read_section(text: &str, blocks: &[Block], range: Range<usize>, out: &mut Vec<Found>) {
    let slice = blocks.get(range.clone()).unwrap_or(&[]);
    let top = slice
        .iter()
        .filter_map(|b| match b.kind {
            Kind::Item { depth, .. } => Some(depth),
            _ => None,
        })
        .min();
    let mut header: Option<Vec<String>> = None;
    for i in range {
        let Some(b) = blocks.get(i) else { break };
        match &b.kind {
            Kind::Item { depth, .. } => {
                let group = is_group(blocks, i);
                let parent_is_group = b.parent.is_some_and(|p| is_group(blocks, p));
                if (Some(*depth) == top && !group) || parent_is_group {
                    out.push(from_item(text, blocks, i));
                }
            }
            Kind::Row { header: true } => {
                header = Some(
                    b.cells
                        .iter()
                        .map(|(c, _)| c.trim().to_lowercase())
                        .collect(),
                );
            }
            Kind::Row { header: false } => {
                if let Some(found) = from_row(text, b, header.as_deref().unwrap_or(&[])) {
                    out.push(found);
                }
            }
            Kind::Paragraph if top.is_none() && b.lead_strong.is_some() => {
                // The bold words are the action; what follows explains it and stays in
                // the body.
                let mut found = from_words(text, b, b.content_start.min(b.range.start), None);
                if let Some(lead) = &b.lead_strong {
                    found.title = one_line(lead.trim_end_matches(['.', ':']));
                }
                out.push(found);
            }
            _ => {}
        }
    }
}

/// An item that only names a group of the items nested in it (`- Prevent:`).
fn is_group(blocks: &[Block], i: usize) -> bool {
    let Some(b) = blocks.get(i) else { return false };
    let has_children = blocks.iter().skip(i + 1).any(|c| c.parent == Some(i));
    let words = b.one_line();
    // `- In the future, when code may break the API:` introduces what follows, however
    // long; a bold phrase alone does when it is short (`- **Prevent**`).
    has_children
        && (words.ends_with(':')
            || (b.lead_strong.as_deref() == Some(words.as_str())
                && words.split_whitespace().count() <= 5))
}

fn from_item(text: &str, blocks: &[Block], i: usize) -> Found {
    let Some(b) = blocks.get(i) else {
        return Found {
            title: String::new(),
            owner: None,
            ticket: None,
            status: ItemStatus::Open,
            at: 0,
        };
    };
    let checked = matches!(
        b.kind,
        Kind::Item {
            checked: Some(true),
            ..
        }
    );
    let children: Vec<&Block> = blocks
        .iter()
        .skip(i + 1)
        .filter(|c| c.parent == Some(i))
        .collect();
    let mut found = from_words(text, b, b.content_start, Some(checked));
    for child in children {
        let words = child.one_line();
        if found.owner.is_none() {
            found.owner = owner_in(&words);
        }
        if found.ticket.is_none() {
            found.ticket = ticket_in(&words, &child.links);
        }
        if found.status == ItemStatus::Open {
            found.status = status_in(&words, child.struck);
        }
    }
    found
}

/// An item from a block's words: the source from `from` to the block's end, on one line.
fn from_words(text: &str, b: &Block, from: usize, checked: Option<bool>) -> Found {
    let source = text.get(from..b.range.end).unwrap_or(&b.text);
    let title = one_line(source);
    let plain = b.one_line();
    let status = match checked {
        Some(true) => ItemStatus::Done,
        _ => status_in(&plain, b.struck),
    };
    Found {
        title,
        owner: owner_in(&plain),
        ticket: ticket_in(&plain, &b.links),
        status,
        at: b.range.start,
    }
}

/// A body row of an action-item table, its columns named by `header`.
fn from_row(text: &str, b: &Block, header: &[String]) -> Option<Found> {
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.contains(n)))
            .and_then(|i| b.cells.get(i))
    };
    let title_cell = column(&[
        "action",
        "item",
        "task",
        "description",
        "what",
        "title",
        "remediation",
        "follow",
    ])
    .or_else(|| b.cells.first())?;
    let title = one_line(text.get(title_cell.1.clone()).unwrap_or(&title_cell.0));
    let title = title.trim_matches('|').trim().to_string();
    if title.is_empty() {
        return None;
    }
    let owner = column(&["owner", "assignee", "who", "responsible", "assigned"])
        .map(|c| one_line(&c.0))
        .filter(|o| !o.is_empty() && !matches!(o.to_lowercase().as_str(), "tbd" | "-" | "n/a"))
        .or_else(|| owner_in(&b.one_line()));
    let ticket = column(&["ticket", "issue", "jira", "link", "tracking", "bug", "pr"])
        .map(|c| {
            one_line(text.get(c.1.clone()).unwrap_or(&c.0))
                .trim_matches('|')
                .trim()
                .to_string()
        })
        .filter(|t| !t.is_empty() && t != "-")
        .or_else(|| ticket_in(&b.one_line(), &b.links));
    let status = column(&["status", "state", "done"])
        .map(|c| cell_status(&c.0))
        .unwrap_or_else(|| status_in(&b.one_line(), b.struck));
    Some(Found {
        title,
        owner,
        ticket,
        status,
        at: b.range.start,
    })
}

fn cell_status(cell: &str) -> ItemStatus {
    let c = cell.trim().to_lowercase();
    let c = c.trim_matches(|ch: char| !ch.is_alphanumeric() && ch != '✅' && ch != '✔');
    match c {
        "done" | "complete" | "completed" | "closed" | "fixed" | "resolved" | "yes" | "x"
        | "✅" | "✔" | "merged" | "shipped" => ItemStatus::Done,
        "wontfix" | "won't fix" | "won’t fix" | "declined" | "cancelled" | "canceled"
        | "dropped" => ItemStatus::WontFix,
        _ => ItemStatus::Open,
    }
}

/// `(done)`, `[done]`, `DONE:`, `✅`, `Status: complete`, `(won't fix)`, all struck through.
fn status_in(words: &str, struck: bool) -> ItemStatus {
    if struck {
        return ItemStatus::Done;
    }
    let lower = words.to_lowercase();
    let marked = |w: &str| {
        lower.contains(&format!("({w})"))
            // `(Done during this incident)`, `(done as of 2021-06-30)`
            || lower.contains(&format!("({w} "))
            || lower.contains(&format!("[{w}]"))
            || lower.starts_with(&format!("{w}:"))
            || lower.starts_with(&format!("{w} -"))
            || lower.starts_with(&format!("{w} —"))
            || lower.ends_with(&format!("- {w}"))
            || lower.ends_with(&format!("— {w}"))
            || lower.contains(&format!("status: {w}"))
            || lower.contains(&format!(", {w})"))
            || lower.contains(&format!("; {w})"))
    };
    if [
        "done",
        "completed",
        "complete",
        "fixed",
        "resolved",
        "closed",
        "shipped",
    ]
    .iter()
    .any(|w| marked(w))
        || words.contains('✅')
        || words.contains('✔')
    {
        return ItemStatus::Done;
    }
    if [
        "won't fix",
        "won’t fix",
        "wontfix",
        "won't do",
        "not doing",
        "dropped",
        "declined",
    ]
    .iter()
    .any(|w| marked(w))
    {
        return ItemStatus::WontFix;
    }
    ItemStatus::Open
}

/// `Owner: Ana Lima`, `(owner: @ana)`, `assigned to Ben`, or the one `@handle`.
pub fn owner_in(words: &str) -> Option<String> {
    let lower = words.to_lowercase();
    for key in [
        "owner:",
        "owners:",
        "owner -",
        "assignee:",
        "assigned to",
        "owned by",
        "who:",
    ] {
        if let Some(at) = lower.find(key) {
            let rest = words.get(at + key.len()..)?;
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| !matches!(c, ')' | ',' | ';' | '.' | ']' | '|' | '\n'))
                .collect();
            let name = name.trim().trim_start_matches('@').trim();
            let name = name.split(" - ").next().unwrap_or(name).trim();
            if !name.is_empty()
                && !matches!(name.to_lowercase().as_str(), "tbd" | "n/a" | "none" | "?")
            {
                return Some(name.to_string());
            }
        }
    }
    let handles: Vec<&str> = words
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('@'))
        .map(|h| h.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .filter(|h| !h.is_empty())
        .collect();
    match handles.as_slice() {
        [one] => Some((*one).to_string()),
        _ => None,
    }
}

/// A ticket: `OPS-1412`, `#123`, or the url of an issue or pull request.
pub fn ticket_in(words: &str, links: &[String]) -> Option<String> {
    let issue_link = links.iter().find(|l| {
        [
            "/issues/",
            "/pull/",
            "/merge_requests/",
            "/browse/",
            "/tickets/",
            "/ticket/",
        ]
        .iter()
        .any(|p| l.contains(p))
    });
    if let Some(l) = issue_link {
        return Some(l.clone());
    }
    for word in words
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ',' | ';' | ':'))
    {
        let w = word.trim_end_matches(['.', '!', '?']);
        if let Some(n) = w.strip_prefix('#')
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return Some(w.to_string());
        }
        if let Some((key, n)) = w.split_once('-')
            && key.len() >= 2
            && key.len() <= 10
            && key
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && key.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
            && !key.starts_with("SEV")
        {
            return Some(w.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Found> {
        let b = blocks::read(text);
        let s = sections(&b, HEADINGS);
        items(text, &b, &s)
    }

    #[test]
    fn bullets_checkboxes_groups_tables_and_bold_paragraphs() {
        let got = read(
            "## Action items\n\n- [x] Page on lag ([#12](https://github.com/o/r/issues/12))\n- [ ] Add a runbook\n  for the lock (owner: Ana)\n",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].status, ItemStatus::Done);
        assert_eq!(
            got[0].ticket.as_deref(),
            Some("https://github.com/o/r/issues/12")
        );
        assert_eq!(
            got[0].title,
            "Page on lag ([#12](https://github.com/o/r/issues/12))"
        );
        assert_eq!(got[1].title, "Add a runbook for the lock (owner: Ana)");
        assert_eq!(got[1].owner.as_deref(), Some("Ana"));

        let got = read(
            "## Follow-ups\n\n### Prevent\n\n1. Lock pushes OPS-1 (done)\n2. Canary\n\n### Detect\n\n1. Alert\n   - Owner: Ben\n\n## Other\n\n- not an item\n",
        );
        let titles: Vec<&str> = got.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["Lock pushes OPS-1 (done)", "Canary", "Alert"]);
        assert_eq!(got[0].ticket.as_deref(), Some("OPS-1"));
        assert_eq!(got[0].status, ItemStatus::Done);
        assert_eq!(got[2].owner.as_deref(), Some("Ben"));

        let got = read(
            "## Action Items\n\n| Action | Owner | Status |\n|---|---|---|\n| Add alert | Ana | Done |\n| Runbook | TBD | open |\n",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].owner.as_deref(), Some("Ana"));
        assert_eq!(got[0].status, ItemStatus::Done);
        assert_eq!(got[1].owner, None);

        let got = read(
            "## Next steps\n\n**Add a lag alert.** We page at 30 s.\n\n**Write the runbook.** Owner: Ana.\n",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].owner.as_deref(), Some("Ana"));

        let got = read("## Actions\n\n- Prevent:\n  - Add a lock\n  - ~~Drop the cache~~\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].status, ItemStatus::Done);
        let got = read(
            "## Action items\n\n- When a change may break the API, before it ships:\n  - Add integration tests\n  - Alert on API errors sooner\n",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        let got = read(
            "## Action items\n\n- Alarm on disk use. **(Done during this incident)**\n- Alarm on errors (done as of 2021-06-30)\n- Alarm on lag\n",
        );
        let done: Vec<ItemStatus> = got.iter().map(|f| f.status).collect();
        assert_eq!(done, [ItemStatus::Done, ItemStatus::Done, ItemStatus::Open]);
    }
}
