//! The meeting's agenda scaled to its duration: opening and ground rules (~10%), the
//! timeline (~60%: 36 of 60 minutes), the discussion (~20%), the remediation items (~10%).
//! Whole minutes that add up to the duration exactly; clock times from the start.

use chrono::{DateTime, TimeDelta, Utc};

/// One part of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub title: &'static str,
    /// What happens in it, one line.
    pub what: &'static str,
    pub minutes: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The parts and their shares of the meeting, in per mille.
const PARTS: &[(&str, &str, i64)] = &[
    (
        "Opening and ground rules",
        "why we are here, the ground rules, who is who",
        100,
    ),
    (
        "Timeline",
        "walk the incident along the chat transcript: what each person saw, knew and did",
        600,
    ),
    (
        "Discussion",
        "detection, response, communication, what made sense at the time",
        200,
    ),
    (
        "Remediation items",
        "what we change, who owns it, by when",
        100,
    ),
];

/// The agenda of a meeting starting at `start` lasting `duration` (at least one minute
/// per part; the rounding goes to the timeline, so the parts sum to the duration).
pub fn agenda(start: DateTime<Utc>, duration: TimeDelta) -> Vec<Part> {
    let total = duration.num_minutes().max(PARTS.len() as i64);
    let mut minutes: Vec<i64> = PARTS
        .iter()
        .map(|(_, _, share)| (total * share / 1000).max(1))
        .collect();
    let sum: i64 = minutes.iter().sum();
    // The timeline takes up (or gives back) what rounding left, but keeps a minute.
    minutes[1] = (minutes[1] + total - sum).max(1);
    let mut at = start;
    let mut out = Vec::new();
    for ((title, what, _), m) in PARTS.iter().zip(minutes) {
        let end = crate::time::add_saturating(at, TimeDelta::minutes(m));
        out.push(Part {
            title,
            what,
            minutes: m,
            start: at,
            end,
        });
        at = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_add_up_to_the_duration() {
        let start = DateTime::parse_from_rfc3339("2026-03-17T15:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let parts = agenda(start, TimeDelta::minutes(60));
        let minutes: Vec<i64> = parts.iter().map(|p| p.minutes).collect();
        assert_eq!(minutes, [6, 36, 12, 6]);
        for total in [10, 25, 45, 50, 60, 75, 90, 480] {
            let parts = agenda(start, TimeDelta::minutes(total));
            assert_eq!(
                parts.iter().map(|p| p.minutes).sum::<i64>(),
                total,
                "{total}"
            );
            assert_eq!(parts[3].end, start + TimeDelta::minutes(total));
            assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
            let timeline = parts[1].minutes * 100 / total;
            assert!((55..=70).contains(&timeline), "{total}: {timeline}%");
        }
    }
}
