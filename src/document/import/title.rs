//! The title of an imported document: from its H1 (a date, `Postmortem:` and the like
//! dropped; `# Title:` taking the next line; an H1 naming a part is none), else from the
//! file name.

use super::blocks::{Block, Kind};
use super::times::{self, Stated};
use super::{Found, found};

/// The title the H1 `h1` gives (among `blocks`), and the date it carries.
pub(super) fn from_h1(
    blocks: &[Block],
    h1: &Block,
    line_of: &dyn Fn(usize) -> usize,
) -> (Option<Found<String>>, Option<Stated>) {
    let words = h1.one_line();
    let label = words.trim_end_matches(':').trim();
    if label.eq_ignore_ascii_case("title") {
        // `# Title:` with the title on the next line, a heading or a paragraph.
        let next = blocks
            .iter()
            .skip_while(|b| !std::ptr::eq(*b, h1))
            .nth(1)
            .filter(|b| matches!(b.kind, Kind::Heading(_) | Kind::Paragraph));
        let Some(next) = next else {
            return (None, None);
        };
        let (title, date) = title_and_date(&next.one_line());
        let from = format!(
            "the line after `# Title` (line {})",
            line_of(next.range.start)
        );
        return ((!title.is_empty()).then(|| found(title, from)), date);
    }
    if SECTION_H1S.iter().any(|s| label.eq_ignore_ascii_case(s)) {
        return (None, None);
    }
    let (title, date) = title_and_date(&words);
    let from = format!("the H1 (line {})", line_of(h1.range.start));
    ((!title.is_empty()).then(|| found(title, from)), date)
}

/// H1s that name a part of the document, not the incident: a team that writes its
/// sections as H1s starts with one of these (`# Overview`, `# Metadata`).
const SECTION_H1S: &[&str] = &[
    "Overview",
    "Metadata",
    "Summary",
    "Incident summary",
    "Executive summary",
    "What happened",
    "Timeline",
    "Events",
    "Events/Timeline",
    "Background",
    "Description",
    "Details",
    "Postmortem",
    "Post-mortem",
    "Incident report",
];

/// A heading without the date it starts or ends with: `2021-06-03: Hub down` is `Hub
/// down`, and the date.
pub(super) fn title_and_date(heading: &str) -> (String, Option<Stated>) {
    let mut stripped = String::new();
    let mut heading = heading.trim();
    // `Postmortem: ...`, `Incident report - ...`: what every document is, not its title.
    for prefix in [
        "postmortem",
        "post-mortem",
        "post mortem",
        "incident report",
        "incident review",
        "incident",
        "pir",
        "retrospective",
    ] {
        if let Some(head) = heading.get(..prefix.len())
            && head.eq_ignore_ascii_case(prefix)
            && let Some(rest) = heading[prefix.len()..]
                .trim_start()
                .strip_prefix([':', '-', '—', '–', '|'])
            && !rest.trim().is_empty()
        {
            stripped = capitalized(rest.trim());
            break;
        }
    }
    if !stripped.is_empty() {
        heading = stripped.as_str();
    }
    if let Some((stated, end)) = times::leading(heading).filter(|(s, _)| s.has_date()) {
        let rest = heading.get(end..).unwrap_or("");
        let rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '-' | '—' | '–' | '|' | ')' | ']' | ',')
        });
        if !rest.is_empty() {
            return (rest.trim().to_string(), Some(stated));
        }
    }
    // `Hub down (2021-06-03)`
    if let Some(open) = heading.rfind('(')
        && heading.ends_with(')')
        && let Some((stated, _)) =
            times::leading(&heading[open + 1..heading.len() - 1]).filter(|(s, _)| s.has_date())
    {
        let rest =
            heading[..open].trim_end_matches(|c: char| c.is_whitespace() || c == '-' || c == '—');
        if !rest.is_empty() {
            return (rest.to_string(), Some(stated));
        }
    }
    (heading.to_string(), None)
}

/// `text` with its first letter in capitals (`search was slow` -> `Search was slow`).
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A file stem as words: `2019-04-02-db_outage` is `Db outage`.
pub(super) fn humanize(stem: &str) -> String {
    let rest = match crate::time::parse_date(stem.get(..10).unwrap_or("")) {
        Ok(_) => stem.get(10..).unwrap_or(""),
        Err(_) => stem,
    };
    // A leading number is the team's numbering (`002-cloudflare-migration`).
    let words: Vec<&str> = rest
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .skip_while(|w| w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    capitalized(&words.join(" "))
}
