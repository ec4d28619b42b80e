//! The table of front-matter fields: name, kind, whether required, and the description
//! that `pm schema` and docs/format.md show. The validator and the fast reader walk it.

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    /// One of the severities configured in pm.yaml.
    Severity,
    /// One of the incident types configured in pm.yaml (`types`).
    Type,
    Timestamp,
    /// A timestamp, or a date alone (`2021-06-03`: known to the day).
    Start,
    /// An IANA time zone name.
    Zone,
    /// `true` or `false`.
    Flag,
    Date,
    TextList,
    /// A list of mappings, each with the given fields.
    Records(&'static [Field]),
}

/// What a missing field means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// An error (`missing-field`, `remediation-incomplete`); `pm schema` lists it as required.
    Required,
    /// A warning, and only while a remediation item is open: a closed item needs no one to
    /// chase. `pm schema` does not require it.
    Expected,
    Optional,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub need: Need,
    pub kind: Kind,
    pub description: &'static str,
}

impl Field {
    pub fn required(&self) -> bool {
        self.need == Need::Required
    }
}

const fn field(name: &'static str, required: bool, kind: Kind, description: &'static str) -> Field {
    Field {
        name,
        need: if required {
            Need::Required
        } else {
            Need::Optional
        },
        kind,
        description,
    }
}

pub const STATUSES: &[&str] = &["draft", "in-review", "published"];
/// The incident types when pm.yaml sets no `types`; the first is what a document without
/// `type` is.
pub const DEFAULT_TYPES: &[&str] = &[
    "incident",
    "near-miss",
    "gameday",
    "maintenance",
    "security",
];

/// The front-matter timestamps that must come in this order (each only where present):
/// `pm check` reports one that is before the last present one ahead of it.
pub const TIME_ORDER: &[&str] = &[
    "started_at",
    "detected_at",
    "acknowledged_at",
    "mitigated_at",
    "resolved_at",
];

pub const ITEM_STATUSES: &[&str] = &["open", "done", "wontfix"];

pub const LINK_FIELDS: &[Field] = &[
    field("title", true, Kind::Text, "What the link shows"),
    field(
        "url",
        true,
        Kind::Text,
        "An absolute URL, or a path relative to the document's folder that must exist in the repository",
    ),
];

pub const ITEM_FIELDS: &[Field] = &[
    field("title", true, Kind::Text, "A specific, measurable action"),
    Field {
        name: "owner",
        need: Need::Expected,
        kind: Kind::Text,
        description: "The one person who owns the item; expected while the item is open (`pm check` warns without one)",
    },
    field(
        "ticket",
        false,
        Kind::Text,
        "The ticket in the team's tracker, e.g. OPS-1412",
    ),
    field(
        "due",
        false,
        Kind::Date,
        "Due date (YYYY-MM-DD); default: meeting, else resolution, else start, plus remediation.due_days",
    ),
    field(
        "status",
        false,
        Kind::Choice(ITEM_STATUSES),
        "open (default), done or wontfix",
    ),
    field(
        "done_on",
        false,
        Kind::Date,
        "The day the item was done (YYYY-MM-DD)",
    ),
];

/// Every front-matter field, in the order `pm new` writes them.
pub const FIELDS: &[Field] = &[
    field("title", true, Kind::Text, "What happened, in a few words"),
    field(
        "status",
        true,
        Kind::Choice(STATUSES),
        "draft, in-review or published",
    ),
    field(
        "severity",
        true,
        Kind::Severity,
        "One of the severities configured in pm.yaml",
    ),
    field(
        "type",
        false,
        Kind::Type,
        "What kind of event: one of the types configured in pm.yaml (default: incident, near-miss, gameday, maintenance, security); incident when not written",
    ),
    field(
        "started_at",
        true,
        Kind::Start,
        "When the outage started (RFC 3339), or the day alone (YYYY-MM-DD) for history whose time is not known",
    ),
    field(
        "detected_at",
        false,
        Kind::Timestamp,
        "When it was detected (RFC 3339)",
    ),
    field(
        "acknowledged_at",
        false,
        Kind::Timestamp,
        "When someone started working on it (RFC 3339)",
    ),
    field(
        "mitigated_at",
        false,
        Kind::Timestamp,
        "When the impact stopped or was worked around (RFC 3339)",
    ),
    field(
        "customers_notified_at",
        false,
        Kind::Timestamp,
        "When customers were told (RFC 3339)",
    ),
    field(
        "resolved_at",
        false,
        Kind::Timestamp,
        "When it ended (RFC 3339)",
    ),
    field(
        "meeting_at",
        false,
        Kind::Timestamp,
        "When the postmortem meeting is or was (RFC 3339)",
    ),
    field(
        "timezone",
        false,
        Kind::Zone,
        "The IANA time zone the document's times are written in (default: pm.yaml's `timezone`): its timestamps without an offset are read there, and its file name's date is its start date there",
    ),
    field(
        "imported",
        false,
        Kind::Flag,
        "Written by `pm import`: history, whose checks for new work (owners, due dates, the meeting) are notes",
    ),
    field("services", false, Kind::TextList, "Services touched"),
    field("tags", false, Kind::TextList, "Free-form tags"),
    field(
        "authors",
        false,
        Kind::TextList,
        "Who wrote this postmortem",
    ),
    field(
        "facilitator",
        false,
        Kind::Text,
        "Who facilitates the meeting",
    ),
    field(
        "channels",
        false,
        Kind::TextList,
        "Chat channels of the incident, e.g. \"#ops\"",
    ),
    field(
        "links",
        false,
        Kind::Records(LINK_FIELDS),
        "Graphs, dashboards and images",
    ),
    field(
        "remediation",
        false,
        Kind::Records(ITEM_FIELDS),
        "Remediation items",
    ),
];
