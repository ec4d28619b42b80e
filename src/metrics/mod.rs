//! Learning across incidents: the figures of `pm stats`, computed from front matter only.
//! docs/metrics.md defines each one; this module is that page in code. It gets plain
//! values (the documents' facts, the groups asked for, today), never the configuration.

pub mod charts;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::document::{FrontMatter, ItemStatus};

/// The types left out unless `--type` asks for them: planned events.
pub const PLANNED_TYPES: &[&str] = &["gameday", "maintenance"];

/// The durations of docs/metrics.md, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Detect,
    Acknowledge,
    Mitigate,
    Resolve,
    Notify,
}

impl Measure {
    pub const ALL: [Measure; 5] = [
        Measure::Detect,
        Measure::Acknowledge,
        Measure::Mitigate,
        Measure::Resolve,
        Measure::Notify,
    ];

    /// The key in JSON and the stem of CSV columns.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Detect => "time_to_detect",
            Measure::Acknowledge => "time_to_acknowledge",
            Measure::Mitigate => "time_to_mitigate",
            Measure::Resolve => "time_to_resolve",
            Measure::Notify => "notification_delay",
        }
    }

    /// As people read it.
    pub fn title(self) -> &'static str {
        match self {
            Measure::Detect => "Time to detect",
            Measure::Acknowledge => "Time to acknowledge",
            Measure::Mitigate => "Time to mitigate",
            Measure::Resolve => "Time to resolve",
            Measure::Notify => "Notification delay",
        }
    }

    /// (later, earlier): the two fields whose difference it is.
    pub fn fields(self) -> (&'static str, &'static str) {
        match self {
            Measure::Detect => ("detected_at", "started_at"),
            Measure::Acknowledge => ("acknowledged_at", "detected_at"),
            Measure::Mitigate => ("mitigated_at", "started_at"),
            Measure::Resolve => ("resolved_at", "started_at"),
            Measure::Notify => ("customers_notified_at", "detected_at"),
        }
    }

    /// Its seconds in one document; `None` without both times, or from a `started_at`
    /// known only to the day (midnight is not when it started).
    pub fn of(self, f: &FrontMatter) -> Option<i64> {
        let (later, earlier) = self.fields();
        if earlier == "started_at" && f.started_day {
            return None;
        }
        Some((f.time(later)? - f.time(earlier)?).num_seconds())
    }
}

/// What a group is made by (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Severity,
    Service,
    Tag,
    Type,
    Month,
    Quarter,
    Year,
}

impl Key {
    pub const ALL: [Key; 7] = [
        Key::Severity,
        Key::Service,
        Key::Tag,
        Key::Type,
        Key::Month,
        Key::Quarter,
        Key::Year,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::Severity => "severity",
            Key::Service => "service",
            Key::Tag => "tag",
            Key::Type => "type",
            Key::Month => "month",
            Key::Quarter => "quarter",
            Key::Year => "year",
        }
    }

    fn is_period(self) -> bool {
        matches!(self, Key::Month | Key::Quarter | Key::Year)
    }

    /// The period of `day`: `2026-03`, `2026Q1`, `2026`.
    fn period(self, day: NaiveDate) -> String {
        match self {
            Key::Quarter => format!("{}Q{}", day.year(), day.month0() / 3 + 1),
            Key::Year => format!("{}", day.year()),
            _ => format!("{}-{:02}", day.year(), day.month()),
        }
    }

    /// The first day of the period after the one of `day`.
    fn next_period(self, day: NaiveDate) -> Option<NaiveDate> {
        let first = NaiveDate::from_ymd_opt(day.year(), day.month(), 1)?;
        match self {
            Key::Year => NaiveDate::from_ymd_opt(day.year() + 1, 1, 1),
            Key::Quarter => NaiveDate::from_ymd_opt(day.year(), day.month0() / 3 * 3 + 1, 1)?
                .checked_add_months(Months::new(3)),
            _ => first.checked_add_months(Months::new(1)),
        }
    }

    /// The document's values for this key (several for services and tags).
    fn values(self, i: &Incident) -> Vec<String> {
        let or_none = |list: &[String]| {
            if list.is_empty() {
                vec![NONE.to_string()]
            } else {
                let mut v: Vec<String> = list.to_vec();
                v.sort();
                v.dedup();
                v
            }
        };
        match self {
            Key::Severity => vec![i.severity.clone().unwrap_or_else(|| NONE.to_string())],
            Key::Service => or_none(&i.services),
            Key::Tag => or_none(&i.tags),
            Key::Type => vec![i.incident_type.clone()],
            _ => vec![self.period(i.start_day)],
        }
    }
}

/// The group of documents without a service (or tag).
pub const NONE: &str = "(none)";

/// A remediation item as the figures need it.
#[derive(Debug, Clone)]
pub struct ItemFacts {
    pub status: ItemStatus,
    /// Its due date: its own, else the default of docs/format.md.
    pub due: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
}

/// What the figures need of one postmortem.
#[derive(Debug, Clone)]
pub struct Incident {
    /// The id as shown (with the repository's folder name when there are several).
    pub id: String,
    pub severity: Option<String>,
    pub incident_type: String,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    pub started_at: DateTime<Utc>,
    /// The day it started, in its repository's time zone.
    pub start_day: NaiveDate,
    /// The seconds of each `Measure`, in `Measure::ALL`'s order.
    pub durations: [Option<i64>; 5],
    pub items: Vec<ItemFacts>,
}

impl Incident {
    /// The facts of a document's front matter; `None` without `started_at`.
    pub fn of(
        id: String,
        f: &FrontMatter,
        default_type: &str,
        tz: Tz,
        due_days: i64,
    ) -> Option<Incident> {
        let started_at = f.started_at?;
        Some(Incident {
            id,
            severity: f.severity.clone(),
            incident_type: f
                .incident_type
                .clone()
                .unwrap_or_else(|| default_type.to_string()),
            services: f.services.iter().map(|s| s.trim().to_string()).collect(),
            tags: f.tags.iter().map(|s| s.trim().to_string()).collect(),
            started_at,
            start_day: started_at.with_timezone(&tz).date_naive(),
            durations: Measure::ALL.map(|m| m.of(f)),
            items: f
                .remediation
                .iter()
                .map(|item| ItemFacts {
                    status: item.status,
                    due: f.due_date(item, due_days, tz),
                    done_on: item.done_on,
                })
                .collect(),
        })
    }
}

/// One duration over a group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents with both times.
    pub count: usize,
    /// Documents of the group lacking one of them.
    pub without: usize,
    pub median: Option<i64>,
    pub p90: Option<i64>,
    pub mean: Option<i64>,
}

/// The middle value of `sorted`, or the mean of the two middle ones, rounded down.
pub fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    if n % 2 == 1 {
        return sorted.get(n / 2).copied();
    }
    let (a, b) = (*sorted.get(n / 2 - 1)?, *sorted.get(n / 2)?);
    Some((a + b).div_euclid(2))
}

/// The nearest-rank 90th percentile: the value at ⌈0.9 n⌉ (1-based) of `sorted`.
pub fn p90(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    // ⌈9n/10⌉ in integers.
    let rank = (9 * n).div_ceil(10);
    sorted.get(rank.max(1) - 1).copied()
}

fn summarize(mut values: Vec<i64>, incidents: usize) -> Summary {
    values.sort_unstable();
    let n = values.len();
    Summary {
        count: n,
        without: incidents - n,
        median: median(&values),
        p90: p90(&values),
        mean: (n > 0).then(|| values.iter().sum::<i64>().div_euclid(n as i64)),
    }
}

/// Remediation health over a group's items, as of today.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Remediation {
    pub opened: usize,
    pub done: usize,
    pub wontfix: usize,
    /// Done items with a `done_on` and a due date, and of those the ones done by it.
    pub done_by_due: usize,
    pub done_by_due_of: usize,
    pub median_days_to_done: Option<i64>,
    pub open: usize,
    pub overdue: usize,
    pub open_over_6_months: usize,
}

impl Remediation {
    /// `done_by_due` of `done_by_due_of` in whole percent, rounded half up.
    pub fn done_by_due_percent(&self) -> Option<u64> {
        let of = self.done_by_due_of as u64;
        (of > 0).then(|| (self.done_by_due as u64 * 200 + of).div_euclid(2 * of))
    }

    fn of(incidents: &[&Incident], today: NaiveDate) -> Remediation {
        let mut r = Remediation::default();
        let mut days_to_done = Vec::new();
        for i in incidents {
            let old = i
                .start_day
                .checked_add_months(Months::new(6))
                .is_some_and(|d| d < today);
            for item in &i.items {
                r.opened += 1;
                match item.status {
                    ItemStatus::Done => {
                        r.done += 1;
                        if let Some(done) = item.done_on {
                            days_to_done.push((done - i.start_day).num_days());
                            if let Some(due) = item.due {
                                r.done_by_due_of += 1;
                                r.done_by_due += usize::from(done <= due);
                            }
                        }
                    }
                    ItemStatus::WontFix => r.wontfix += 1,
                    ItemStatus::Open => {
                        r.open += 1;
                        r.overdue += usize::from(item.due.is_some_and(|d| d < today));
                        r.open_over_6_months += usize::from(old);
                    }
                }
            }
        }
        days_to_done.sort_unstable();
        r.median_days_to_done = median(&days_to_done);
        r
    }
}

/// One group's figures.
#[derive(Debug, Clone)]
pub struct Group {
    /// One value per `--by` key, in their order; empty for the whole.
    pub key: Vec<String>,
    pub incidents: usize,
    /// In `Measure::ALL`'s order.
    pub durations: Vec<Summary>,
    pub remediation: Remediation,
}

impl Group {
    fn of(key: Vec<String>, incidents: &[&Incident], today: NaiveDate) -> Group {
        let durations = (0..Measure::ALL.len())
            .map(|m| {
                let values = incidents.iter().filter_map(|i| i.durations[m]).collect();
                summarize(values, incidents.len())
            })
            .collect();
        Group {
            key,
            incidents: incidents.len(),
            durations,
            remediation: Remediation::of(incidents, today),
        }
    }
}

/// A service with at least `REPEAT` incidents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offender {
    pub service: String,
    pub incidents: usize,
    pub latest: NaiveDate,
    /// Newest first.
    pub ids: Vec<String>,
}

/// Incidents that make a service a repeat offender.
pub const REPEAT: usize = 3;

/// Everything `pm stats` shows.
#[derive(Debug, Clone)]
pub struct Stats {
    pub groups: Vec<Group>,
    pub total: Group,
    pub offenders: Vec<Offender>,
}

/// What the groups are made of and sorted by.
pub struct Grouping<'a> {
    pub by: &'a [Key],
    /// The period's first and last day: when the only key is a period, each period between
    /// them is shown, empty ones too.
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    /// Severities and types in their configured order, for sorting.
    pub severities: &'a [String],
    pub types: &'a [String],
}

impl Grouping<'_> {
    /// A sort key for one value of `key`: configured order first, `(none)` last.
    fn rank(&self, key: Key, value: &str) -> (usize, String) {
        let order = match key {
            Key::Severity => self.severities,
            Key::Type => self.types,
            _ => &[],
        };
        let rank = match order.iter().position(|s| s == value) {
            Some(n) => n,
            None if value == NONE => usize::MAX,
            None => order.len(),
        };
        (rank, value.to_string())
    }
}

/// The figures of `incidents` (the period's, of the wanted types), as of `today`.
pub fn compute(incidents: &[Incident], grouping: &Grouping<'_>, today: NaiveDate) -> Stats {
    let mut groups: BTreeMap<Vec<(usize, String)>, Vec<&Incident>> = BTreeMap::new();
    if let [key] = grouping.by
        && key.is_period()
    {
        let from = grouping
            .from
            .or_else(|| incidents.iter().map(|i| i.start_day).min());
        let mut day = from.unwrap_or(grouping.to);
        while day <= grouping.to && from.is_some() {
            groups
                .entry(vec![grouping.rank(*key, &key.period(day))])
                .or_default();
            match key.next_period(day) {
                Some(next) => day = next,
                None => break,
            }
        }
    }
    if !grouping.by.is_empty() {
        for i in incidents {
            let mut combos: Vec<Vec<(usize, String)>> = vec![Vec::new()];
            for key in grouping.by {
                let values = key.values(i);
                combos = combos
                    .into_iter()
                    .flat_map(|c| {
                        values.iter().map(move |v| {
                            let mut c = c.clone();
                            c.push(grouping.rank(*key, v));
                            c
                        })
                    })
                    .collect();
            }
            for c in combos {
                groups.entry(c).or_default().push(i);
            }
        }
    }
    let all: Vec<&Incident> = incidents.iter().collect();
    Stats {
        groups: groups
            .into_iter()
            .map(|(key, members)| {
                let key = key.into_iter().map(|(_, v)| v).collect();
                Group::of(key, &members, today)
            })
            .collect(),
        total: Group::of(Vec::new(), &all, today),
        offenders: offenders(incidents),
    }
}

fn offenders(incidents: &[Incident]) -> Vec<Offender> {
    let mut by_service: BTreeMap<&str, Vec<&Incident>> = BTreeMap::new();
    for i in incidents {
        let mut services: Vec<&str> = i.services.iter().map(String::as_str).collect();
        services.sort_unstable();
        services.dedup();
        for s in services.into_iter().filter(|s| !s.is_empty()) {
            by_service.entry(s).or_default().push(i);
        }
    }
    let mut out: Vec<Offender> = by_service
        .into_iter()
        .filter(|(_, list)| list.len() >= REPEAT)
        .map(|(service, mut list)| {
            list.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(a.id.cmp(&b.id)));
            Offender {
                service: service.to_string(),
                incidents: list.len(),
                latest: list.first().map_or(NaiveDate::MIN, |i| i.start_day),
                ids: list.iter().map(|i| i.id.clone()).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.latest.cmp(&a.latest).then(a.service.cmp(&b.service)));
    out
}

/// A duration as docs/metrics.md shows it: `45s`, `42m`, `3h 05m`, `2d 4h` (rounded down).
pub fn format_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    if s < 60 {
        format!("{sign}{s}s")
    } else if s < 3600 {
        format!("{sign}{minutes}m")
    } else if s < 86_400 {
        format!("{sign}{hours}h {minutes:02}m")
    } else {
        format!("{sign}{days}d {hours}h")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p90_by_hand() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5));
        assert_eq!(median(&[1, 2, 10]), Some(2));
        assert_eq!(median(&[1, 2, 4, 10]), Some(3));
        assert_eq!(median(&[1, 2]), Some(1), "1.5 rounded down");
        assert_eq!(p90(&[]), None);
        assert_eq!(p90(&[7]), Some(7));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(p90(&ten), Some(9));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(p90(&eleven), Some(10));
        let five: Vec<i64> = (1..=5).collect();
        assert_eq!(p90(&five), Some(5));
        let twenty: Vec<i64> = (1..=20).collect();
        assert_eq!(p90(&twenty), Some(18));
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(format_duration(45), "45s");
        assert_eq!(format_duration(42 * 60 + 59), "42m");
        assert_eq!(format_duration(3 * 3600 + 5 * 60), "3h 05m");
        assert_eq!(format_duration(3600), "1h 00m");
        assert_eq!(format_duration(2 * 86_400 + 4 * 3600 + 59 * 60), "2d 4h");
    }

    #[test]
    fn periods_and_their_successors() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(Key::Quarter.period(d(2026, 3, 31)), "2026Q1");
        assert_eq!(Key::Quarter.period(d(2026, 10, 1)), "2026Q4");
        assert_eq!(
            Key::Quarter.next_period(d(2026, 11, 30)),
            Some(d(2027, 1, 1))
        );
        assert_eq!(Key::Month.next_period(d(2026, 1, 31)), Some(d(2026, 2, 1)));
        assert_eq!(Key::Year.next_period(d(2026, 6, 1)), Some(d(2027, 1, 1)));
    }

    #[test]
    fn a_start_known_only_to_the_day_gives_no_duration_from_it() {
        let t = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("time")
                .with_timezone(&Utc)
        };
        let mut f = FrontMatter {
            started_at: Some(t("2026-03-14T00:00:00Z")),
            detected_at: Some(t("2026-03-14T09:00:00Z")),
            acknowledged_at: Some(t("2026-03-14T09:05:00Z")),
            resolved_at: Some(t("2026-03-14T10:00:00Z")),
            ..FrontMatter::default()
        };
        assert_eq!(Measure::Detect.of(&f), Some(9 * 3600));
        f.started_day = true;
        assert_eq!(Measure::Detect.of(&f), None);
        assert_eq!(Measure::Resolve.of(&f), None);
        assert_eq!(Measure::Acknowledge.of(&f), Some(300), "not from the start");
    }

    #[test]
    fn done_by_due_rounds_half_up() {
        let r = Remediation {
            done_by_due: 1,
            done_by_due_of: 8,
            ..Remediation::default()
        };
        assert_eq!(r.done_by_due_percent(), Some(13), "12.5%");
        assert_eq!(Remediation::default().done_by_due_percent(), None);
    }
}
