//! The front-matter schema: the typed values the commands use (here), the table of fields
//! that the validator and `pm schema` read (`fields`), and two readers: `plain`, the fast
//! path for plain block YAML with nothing to report, and `reader`, which reports every
//! problem.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

mod fields;
mod plain;
mod reader;

pub use fields::*;
pub use plain::read_plain;
pub use reader::read;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Draft,
    InReview,
    Published,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "in-review" => Some(Status::InReview),
            "published" => Some(Status::Published),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    Open,
    Done,
    WontFix,
}

impl ItemStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::Done => "done",
            ItemStatus::WontFix => "wontfix",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Link {
    pub title: Option<String>,
    pub url: Option<String>,
    /// Its position in the `links:` list, to find its line when there is a finding.
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub title: Option<String>,
    pub owner: Option<String>,
    pub ticket: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ItemStatus,
    pub done_on: Option<NaiveDate>,
    /// Its position in the `remediation:` list (0-based): `pm remediation` numbers items
    /// from 1 by this, and entries that are not mappings still take a number.
    pub index: usize,
    /// `due` is written but is not a date (reported as `invalid-date`): no due date is
    /// derived for it, rather than silently the default.
    pub due_unreadable: bool,
    /// Where it is written when it was read from the body, not the front matter
    /// (`document::body_items`: only when the front matter lists none).
    pub body: Option<BodyPlace>,
}

/// A remediation item's place in the body: its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyPlace {
    /// The byte range of the item's first line in the file.
    pub span: std::ops::Range<usize>,
    /// Its 1-based line number.
    pub line: usize,
}

impl Item {
    /// How tables name it: its number (`3`), or `L28` for an item read from the body at
    /// line 28.
    pub fn label(&self) -> String {
        match &self.body {
            Some(place) => format!("L{}", place.line),
            None => (self.index + 1).to_string(),
        }
    }

    /// The line of an item read from the body.
    pub fn body_line(&self) -> Option<usize> {
        self.body.as_ref().map(|b| b.line)
    }

    /// An open item at position `index` with nothing else known.
    pub fn empty(index: usize) -> Item {
        Item {
            title: None,
            owner: None,
            ticket: None,
            due: None,
            status: ItemStatus::Open,
            done_on: None,
            index,
            due_unreadable: false,
            body: None,
        }
    }
}

/// The front matter as typed values. A field that failed validation is absent here and
/// reported as a diagnostic.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub status: Option<Status>,
    pub severity: Option<String>,
    /// `type:` as written (one of the configured types); `None` means the default.
    pub incident_type: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub detected_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub mitigated_at: Option<DateTime<Utc>>,
    pub customers_notified_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub meeting_at: Option<DateTime<Utc>>,
    /// `started_at` was a date alone: midnight of that day in the document's zone, and
    /// durations from it are unknown.
    pub started_day: bool,
    /// The document's own time zone (`timezone:`).
    pub timezone: Option<Tz>,
    /// Written by `pm import`: history.
    pub imported: bool,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub facilitator: Option<String>,
    pub channels: Vec<String>,
    pub links: Vec<Link>,
    pub remediation: Vec<Item>,
}

impl FrontMatter {
    /// Left out when the start is known only to the day: never invented.
    pub fn time_to_detect(&self) -> Option<chrono::Duration> {
        if self.started_day {
            return None;
        }
        Some(self.detected_at? - self.started_at?)
    }

    /// `acknowledged_at - detected_at` (docs/metrics.md).
    pub fn time_to_acknowledge(&self) -> Option<chrono::Duration> {
        Some(self.acknowledged_at? - self.detected_at?)
    }

    /// `mitigated_at - started_at` (docs/metrics.md).
    pub fn time_to_mitigate(&self) -> Option<chrono::Duration> {
        if self.started_day {
            return None;
        }
        Some(self.mitigated_at? - self.started_at?)
    }

    pub fn time_to_resolve(&self) -> Option<chrono::Duration> {
        if self.started_day {
            return None;
        }
        Some(self.resolved_at? - self.started_at?)
    }

    /// A timestamp field by its name (the ones of `TIME_ORDER`, `customers_notified_at`,
    /// `meeting_at`).
    pub fn time(&self, name: &str) -> Option<DateTime<Utc>> {
        match name {
            "started_at" => self.started_at,
            "detected_at" => self.detected_at,
            "acknowledged_at" => self.acknowledged_at,
            "mitigated_at" => self.mitigated_at,
            "customers_notified_at" => self.customers_notified_at,
            "resolved_at" => self.resolved_at,
            "meeting_at" => self.meeting_at,
            _ => None,
        }
    }

    /// The zone the document's times are shown in: its own, else the repository's.
    pub fn zone(&self, repository: Tz) -> Tz {
        self.timezone.unwrap_or(repository)
    }

    /// An item's due date: its own, else meeting/resolution/start plus `due_days`.
    pub fn due_date(&self, item: &Item, due_days: i64, tz: Tz) -> Option<NaiveDate> {
        if item.due.is_some() || item.due_unreadable {
            return item.due;
        }
        let base = self.meeting_at.or(self.resolved_at).or(self.started_at)?;
        crate::time::add_days(base.with_timezone(&tz).date_naive(), due_days)
    }

    pub fn open_items(&self) -> usize {
        self.remediation
            .iter()
            .filter(|i| i.status == ItemStatus::Open)
            .count()
    }
}

/// What reading the front matter needs to know.
pub struct Schema<'a> {
    pub severities: Vec<&'a str>,
    /// The incident types `type:` may be (pm.yaml's `types`, else `DEFAULT_TYPES`).
    pub types: Vec<&'a str>,
    pub timezone: Tz,
    /// `Remediation items` and the aliases pm.yaml's `sections:` gives it: the headings
    /// remediation items kept in the body are read under.
    pub item_headings: Vec<&'a str>,
}

impl<'a> Schema<'a> {
    /// These severities and zone, and pm's defaults for the rest (the incident types of
    /// `DEFAULT_TYPES`, remediation items in the body under `Remediation items`): what the
    /// fuzz targets build, so that a new field with a default does not break them.
    pub fn new(severities: Vec<&'a str>, timezone: Tz) -> Self {
        Schema {
            severities,
            types: DEFAULT_TYPES.to_vec(),
            timezone,
            item_headings: vec!["Remediation items"],
        }
    }
}
