//! `Label: value` lines, wherever a document states its facts: a "Stats" list, bold-titled
//! lines at the top, a two-column table. The labels teams use, mapped to what pm needs.

use super::blocks::{Block, Kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Start,
    Detected,
    Resolved,
    Date,
    Severity,
    Authors,
    Facilitator,
    Responders,
    Zone,
}

/// How teams write each label, lowercase, without the colon.
const LABELS: &[(Label, &[&str])] = &[
    (
        Label::Start,
        &[
            "start",
            "start time",
            "started",
            "started at",
            "start date",
            "incident start",
            "incident started",
            "impact start",
            "impact started",
            "outage start",
            "began",
            "start of incident",
            "start of impact",
            "date/time started",
            "time started",
        ],
    ),
    (
        Label::Detected,
        &[
            "detected",
            "detected at",
            "detection",
            "detection time",
            "time detected",
            "discovered",
            "first alert",
            "alerted",
            "reported",
            "time to detect",
        ],
    ),
    (
        Label::Resolved,
        &[
            "end",
            "end time",
            "ended",
            "resolved",
            "resolved at",
            "resolution time",
            "time resolved",
            "recovered",
            "incident end",
            "incident ended",
            "impact end",
            "impact ended",
            "outage end",
            "end of incident",
            "end of impact",
            "fixed",
        ],
    ),
    (
        Label::Date,
        &[
            "date",
            "incident date",
            "date of incident",
            "day",
            "when",
            "occurred",
        ],
    ),
    (
        Label::Severity,
        &[
            "severity",
            "sev",
            "severity level",
            "incident severity",
            "priority",
            "incident priority",
            "impact level",
            "level",
        ],
    ),
    (
        Label::Authors,
        &[
            "author",
            "authors",
            "author(s)",
            "written by",
            "owner",
            "owners",
            "postmortem owner",
            "postmortem author",
            "postmortem authors",
            "report author",
            "document owner",
            "prepared by",
        ],
    ),
    (
        Label::Facilitator,
        &[
            "facilitator",
            "postmortem facilitator",
            "review facilitator",
        ],
    ),
    (
        Label::Responders,
        &[
            "responders",
            "incident responders",
            "people involved",
            "participants",
            "attendees",
            "incident commander",
            "incident lead",
            "on-call",
            "on call",
        ],
    ),
    (
        Label::Zone,
        &["time zone", "timezone", "times", "all times"],
    ),
];

fn label_of(text: &str) -> Option<Label> {
    let text = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
        .to_lowercase();
    LABELS
        .iter()
        .find(|(_, names)| names.contains(&text.as_str()))
        .map(|(l, _)| *l)
}

/// A fact a document states: which, its value's text, the block it is in.
#[derive(Debug, Clone)]
pub struct Fact {
    pub label: Label,
    pub value: String,
    pub block: usize,
    /// The words as written, for the report (`Start time: 14:02`).
    pub line: String,
}

/// Every `Label: value` line of paragraphs, list items and two-column table rows,
/// outside `skip` (the block ranges of the action items, whose owners are not authors).
pub fn facts(blocks: &[Block], skip: &[std::ops::Range<usize>]) -> Vec<Fact> {
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if skip.iter().any(|r| r.contains(&i)) {
            continue;
        }
        match &block.kind {
            Kind::Paragraph | Kind::Item { .. } => {
                for line in block.text.lines() {
                    let Some((label, value)) = line.split_once(':') else {
                        continue;
                    };
                    // `14:02 paged` is a time, not a label.
                    if label.split_whitespace().count() > 4 || label.trim().is_empty() {
                        continue;
                    }
                    if let Some(l) = label_of(label) {
                        out.push(Fact {
                            label: l,
                            value: value.trim().to_string(),
                            block: i,
                            line: line.trim().to_string(),
                        });
                    }
                }
            }
            Kind::Row { header } if block.cells.len() == 2 => {
                if let (Some((label, _)), Some((value, _))) =
                    (block.cells.first(), block.cells.get(1))
                    && let Some(l) = label_of(label.trim_end_matches(':'))
                {
                    let _ = header;
                    out.push(Fact {
                        label: l,
                        value: value.trim().to_string(),
                        block: i,
                        line: format!("{} | {}", label.trim(), value.trim()),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Names in a list of people: `Ana Lima, Ben Okafor and @chris`, links and handles as
/// their text.
pub fn people(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in value
        .split([',', ';', '&', '/'])
        .flat_map(|p| p.split(" and "))
    {
        let name = part
            .trim()
            .trim_start_matches('@')
            .trim_matches(|c: char| c == '.' || c == '*' || c == '_' || c.is_whitespace());
        // `Ana (SRE)`: the role is not the name.
        let name = name.split(" (").next().unwrap_or(name).trim();
        if !name.is_empty()
            && name.chars().any(char::is_alphabetic)
            && !matches!(
                name.to_lowercase().as_str(),
                "tbd" | "n/a" | "none" | "unknown"
            )
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::import::blocks;

    #[test]
    fn labels_in_lists_paragraphs_and_tables() {
        let text = "**Date:** 2021-06-03\n**Authors:** Ana Lima, Ben Okafor\n\n- Start time: 14:02\n- 14:05: paged\n\n| Severity | Sev2 |\n|---|---|\n| Detected | 14:09 |\n";
        let b = blocks::read(text);
        let f = facts(&b, &[]);
        let got: Vec<(Label, &str)> = f.iter().map(|f| (f.label, f.value.as_str())).collect();
        assert_eq!(
            got,
            [
                (Label::Date, "2021-06-03"),
                (Label::Authors, "Ana Lima, Ben Okafor"),
                (Label::Start, "14:02"),
                (Label::Severity, "Sev2"),
                (Label::Detected, "14:09"),
            ]
        );
        assert_eq!(
            people("Ana Lima, Ben Okafor and @chris (IC)"),
            ["Ana Lima", "Ben Okafor", "chris"]
        );
    }
}
