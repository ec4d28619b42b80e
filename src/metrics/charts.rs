//! The four charts of `pm stats --chart` and `pm index` (docs/metrics.md, "Charts"), as
//! plain series for `output::chart`: incidents per month by severity, time to resolve per
//! quarter, remediation items open and overdue at each month's end, incidents per service.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{Incident, Key, Measure, NONE, median, p90};
use crate::document::ItemStatus;
use crate::output::chart::{BLUE, Chart, Layout, ORANGE, SKY, Series, VERMILION};
use crate::output::plural;

/// The services shown on the chart of incidents per service.
pub const TOP_SERVICES: usize = 10;

/// The period the charts cover and what they are ordered by.
pub struct Span<'a> {
    /// The first day: its month (and quarter) is the first column.
    pub from: NaiveDate,
    /// The last day: its month is the last column, and the items' state is taken on it for
    /// that month.
    pub to: NaiveDate,
    /// The configured severities, in order: the stacks' order.
    pub severities: &'a [String],
}

/// The four charts over `incidents` (those of the period, of the counted types).
pub fn charts(incidents: &[Incident], span: &Span<'_>) -> Vec<Chart> {
    vec![
        per_month(incidents, span),
        time_to_resolve(incidents, span),
        remediation(incidents, span),
        per_service(incidents),
    ]
}

/// The newest day `incidents` record: the latest start or `done_on` (the charts of
/// `pm index` end there, so they depend on the documents only).
pub fn recorded_until(incidents: &[Incident]) -> Option<NaiveDate> {
    incidents
        .iter()
        .flat_map(|i| {
            std::iter::once(i.start_day).chain(i.items.iter().filter_map(|item| item.done_on))
        })
        .max()
}

/// The periods of `key` from `from` to `to`, each with its first day.
fn periods(key: Key, from: NaiveDate, to: NaiveDate) -> Vec<(String, NaiveDate)> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let first = match key {
            Key::Quarter => NaiveDate::from_ymd_opt(day.year(), day.month0() / 3 * 3 + 1, 1),
            _ => NaiveDate::from_ymd_opt(day.year(), day.month(), 1),
        };
        out.push((key.period(day), first.unwrap_or(day)));
        match key.next_period(day) {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

fn period_range(span: &Span<'_>) -> String {
    format!("{} to {}", span.from, span.to)
}

fn per_month(incidents: &[Incident], span: &Span<'_>) -> Chart {
    let months = periods(Key::Month, span.from, span.to);
    let index: BTreeMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, (m, _))| (m.as_str(), i))
        .collect();
    // The configured severities in order, then any other, then none.
    let mut names: Vec<String> = span.severities.to_vec();
    for i in incidents {
        let s = i.severity.clone().unwrap_or_else(|| NONE.to_string());
        if !names.contains(&s) {
            names.push(s);
        }
    }
    if let Some(at) = names.iter().position(|s| s == NONE) {
        let none = names.remove(at);
        names.push(none);
    }
    let mut counts = vec![vec![0u32; months.len()]; names.len()];
    for i in incidents {
        let s = i.severity.as_deref().unwrap_or(NONE);
        let month = Key::Month.period(i.start_day);
        if let (Some(row), Some(col)) =
            (names.iter().position(|n| n == s), index.get(month.as_str()))
            && let Some(cell) = counts.get_mut(row).and_then(|r| r.get_mut(*col))
        {
            *cell += 1;
        }
    }
    let empty: Vec<&str> = months
        .iter()
        .enumerate()
        .filter(|(col, _)| counts.iter().all(|r| r.get(*col) == Some(&0)))
        .map(|(_, (m, _))| m.as_str())
        .collect();
    let by_severity: Vec<String> = names
        .iter()
        .zip(&counts)
        .map(|(n, r)| format!("{n} {}", r.iter().sum::<u32>()))
        .collect();
    let mut desc = format!(
        "Stacked bars of the incidents per month, {}, by severity: {} in all ({}).",
        period_range(span),
        incidents.len(),
        by_severity.join(", ")
    );
    desc.push_str(&match empty.len() {
        0 => " Every month had an incident.".to_string(),
        _ => format!(" Months without incidents: {}.", empty.join(", ")),
    });
    Chart {
        name: "incidents-per-month",
        title: "Incidents per month, by severity".to_string(),
        desc,
        category_label: "month (start of the incident)".to_string(),
        value_label: "incidents".to_string(),
        categories: months.into_iter().map(|(m, _)| m).collect(),
        series: names
            .into_iter()
            .zip(counts)
            .enumerate()
            .map(|(colour, (name, row))| Series {
                name,
                colour,
                values: row.into_iter().map(|n| Some(f64::from(n))).collect(),
            })
            .collect(),
        layout: Layout::Stacked,
        whole: true,
    }
}

/// The unit the durations are shown in: minutes under two hours, hours under a week.
fn unit(largest: i64) -> (&'static str, f64) {
    if largest < 2 * 3600 {
        ("minutes", 60.0)
    } else if largest < 7 * 86_400 {
        ("hours", 3600.0)
    } else {
        ("days", 86_400.0)
    }
}

fn time_to_resolve(incidents: &[Incident], span: &Span<'_>) -> Chart {
    let quarters = periods(Key::Quarter, span.from, span.to);
    let resolve = Measure::ALL
        .iter()
        .position(|m| *m == Measure::Resolve)
        .unwrap_or(3);
    let mut figures = Vec::new();
    let mut without = 0;
    for (q, _) in &quarters {
        let mut values: Vec<i64> = Vec::new();
        for i in incidents
            .iter()
            .filter(|i| Key::Quarter.period(i.start_day) == *q)
        {
            match i.durations.get(resolve).copied().flatten() {
                Some(v) => values.push(v),
                None => without += 1,
            }
        }
        values.sort_unstable();
        figures.push((median(&values), p90(&values), values.len()));
    }
    let largest = figures.iter().filter_map(|(_, p, _)| *p).max().unwrap_or(0);
    let (unit, seconds) = unit(largest);
    let value = |v: Option<i64>| v.map(|s| s as f64 / seconds);
    let said: Vec<String> = quarters
        .iter()
        .zip(&figures)
        .map(|((q, _), (m, p, n))| match (m, p) {
            (Some(m), Some(p)) => format!(
                "{q}: median {}, p90 {} (n {n})",
                super::format_duration(*m),
                super::format_duration(*p)
            ),
            _ => format!("{q}: no resolved incident"),
        })
        .collect();
    let mut desc = format!(
        "Bars of the median and p90 (nearest rank) time to resolve (resolved_at - started_at) per quarter, in {unit}, {}: {}.",
        period_range(span),
        said.join("; ")
    );
    if without > 0 {
        desc.push_str(&format!(
            " {} without resolved_at left out.",
            plural(without, "incident")
        ));
    }
    Chart {
        name: "time-to-resolve",
        title: "Time to resolve per quarter, median and p90".to_string(),
        desc,
        category_label: "quarter (start of the incident)".to_string(),
        value_label: format!("time to resolve ({unit})"),
        categories: quarters.into_iter().map(|(q, _)| q).collect(),
        series: vec![
            Series {
                name: "median".to_string(),
                colour: BLUE,
                values: figures.iter().map(|(m, _, _)| value(*m)).collect(),
            },
            Series {
                name: "p90".to_string(),
                colour: ORANGE,
                values: figures.iter().map(|(_, p, _)| value(*p)).collect(),
            },
        ],
        layout: Layout::Grouped,
        whole: false,
    }
}

/// The day the items' state is taken for `month` (its first day): its last day, or
/// `to` in the last month.
fn month_end(first: NaiveDate, to: NaiveDate) -> NaiveDate {
    let last = Key::Month
        .next_period(first)
        .and_then(|next| next.pred_opt())
        .unwrap_or(first);
    last.min(to)
}

fn remediation(incidents: &[Incident], span: &Span<'_>) -> Chart {
    let months = periods(Key::Month, span.from, span.to);
    let mut undated = 0;
    let mut open = vec![0u32; months.len()];
    let mut overdue = vec![0u32; months.len()];
    for i in incidents {
        for item in &i.items {
            // The day it stopped being open, when the document says.
            let closed = match item.status {
                ItemStatus::Open => None,
                ItemStatus::Done if item.done_on.is_some() => item.done_on,
                _ => {
                    undated += 1;
                    continue;
                }
            };
            for (col, (_, first)) in months.iter().enumerate() {
                let day = month_end(*first, span.to);
                if i.start_day > day || closed.is_some_and(|c| c <= day) {
                    continue;
                }
                if let Some(n) = open.get_mut(col) {
                    *n += 1;
                }
                if item.due.is_some_and(|due| due < day)
                    && let Some(n) = overdue.get_mut(col)
                {
                    *n += 1;
                }
            }
        }
    }
    let said: Vec<String> = months
        .iter()
        .zip(open.iter().zip(&overdue))
        .map(|((m, _), (o, d))| format!("{m} {o} ({d})"))
        .collect();
    let mut desc = format!(
        "Stacked bars of the remediation items open at the end of each month, {} (the last month as of {}), the overdue ones (due before that day) at the bottom. Open (overdue): {}.",
        period_range(span),
        span.to,
        said.join(", ")
    );
    if undated > 0 {
        desc.push_str(&format!(
            " {} without a done_on date (wontfix, or done undated) left out.",
            plural(undated, "item")
        ));
    }
    let series = |name: &str, colour: usize, values: Vec<u32>| Series {
        name: name.to_string(),
        colour,
        values: values.into_iter().map(|n| Some(f64::from(n))).collect(),
    };
    let not_yet: Vec<u32> = open.iter().zip(&overdue).map(|(o, d)| o - d).collect();
    Chart {
        name: "remediation",
        title: "Remediation items open at the end of each month".to_string(),
        desc,
        category_label: "month (its last day)".to_string(),
        value_label: "open items".to_string(),
        categories: months.into_iter().map(|(m, _)| m).collect(),
        series: vec![
            series("overdue", VERMILION, overdue),
            series("open, not yet due", SKY, not_yet),
        ],
        layout: Layout::Stacked,
        whole: true,
    }
}

fn per_service(incidents: &[Incident]) -> Chart {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    let mut none = 0;
    for i in incidents {
        let mut services: Vec<&str> = i
            .services
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        services.sort_unstable();
        services.dedup();
        none += usize::from(services.is_empty());
        for s in services {
            *counts.entry(s).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, u32)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let more = ranked.len().saturating_sub(TOP_SERVICES);
    ranked.truncate(TOP_SERVICES);
    let said: Vec<String> = ranked.iter().map(|(s, n)| format!("{s} {n}")).collect();
    let mut desc = format!(
        "Bars of the incidents per service, most first: {}.",
        if said.is_empty() {
            "none".to_string()
        } else {
            said.join(", ")
        }
    );
    if more > 0 {
        desc.push_str(&format!(" {} not shown.", plural(more, "more service")));
    }
    desc.push_str(" An incident of several services counts for each.");
    if none > 0 {
        desc.push_str(&format!(
            " {} without a service not shown.",
            plural(none, "incident")
        ));
    }
    Chart {
        name: "incidents-per-service",
        title: format!("Incidents per service (top {TOP_SERVICES})"),
        desc,
        category_label: "service".to_string(),
        value_label: "incidents".to_string(),
        categories: ranked.iter().map(|(s, _)| s.to_string()).collect(),
        series: vec![Series {
            name: "incidents".to_string(),
            colour: BLUE,
            values: ranked.iter().map(|(_, n)| Some(f64::from(*n))).collect(),
        }],
        layout: Layout::Horizontal,
        whole: true,
    }
}
