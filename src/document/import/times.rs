//! Times as postmortems state them: `2021-06-03 14:02 PST`, `June 3, 2021`, `2:02 PM`,
//! `14:02`, RFC 3339; and the zone a document names ("All times in PST").

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

/// What a piece of text says of a time: any of a date, a time of day and a zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stated {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub time: Option<NaiveTime>,
    pub zone: Option<Tz>,
}

impl Stated {
    /// The date, with `year` when the text gave none.
    pub fn date(&self, year: Option<i32>) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.or(year)?, self.month?, self.day?)
    }

    pub fn has_date(&self) -> bool {
        self.month.is_some() && self.day.is_some()
    }
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const FILLERS: &[&str] = &[
    "at",
    "on",
    "the",
    "of",
    "around",
    "approx",
    "approximately",
    "~",
    "@",
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) && (w.len() >= 3))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn weekday(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(&w))
}

fn tz(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// The zone a word names: `UTC`, `PST`, `CEST`, `Pacific`, `Europe/Berlin`, `UTC+2`.
/// Abbreviations count only in capitals (`ET`, not `et`).
pub fn zone_word(word: &str) -> Option<Tz> {
    let word = word.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ',' | ':' | ';'));
    if word.contains('/') && word.chars().next().is_some_and(char::is_uppercase) {
        return tz(word);
    }
    let upper = word == word.to_uppercase();
    let by_abbreviation = match word.to_uppercase().as_str() {
        "UTC" | "GMT" | "Z" => Some("UTC"),
        "PST" | "PDT" | "PT" => Some("America/Los_Angeles"),
        "MST" | "MDT" | "MT" => Some("America/Denver"),
        "CST" | "CDT" | "CT" => Some("America/Chicago"),
        "EST" | "EDT" | "ET" => Some("America/New_York"),
        "AKST" | "AKDT" => Some("America/Anchorage"),
        "HST" => Some("Pacific/Honolulu"),
        "BST" => Some("Europe/London"),
        "WET" | "WEST" => Some("Europe/Lisbon"),
        "CET" | "CEST" => Some("CET"),
        "EET" | "EEST" => Some("EET"),
        "MSK" => Some("Europe/Moscow"),
        "IST" => Some("Asia/Kolkata"),
        "SGT" => Some("Asia/Singapore"),
        "JST" => Some("Asia/Tokyo"),
        "KST" => Some("Asia/Seoul"),
        "AEST" | "AEDT" => Some("Australia/Sydney"),
        "NZST" | "NZDT" => Some("Pacific/Auckland"),
        _ => None,
    };
    if upper && let Some(name) = by_abbreviation {
        return tz(name);
    }
    let by_name = match word.to_lowercase().as_str() {
        "pacific" => Some("America/Los_Angeles"),
        "mountain" => Some("America/Denver"),
        "central" => Some("America/Chicago"),
        "eastern" => Some("America/New_York"),
        _ => None,
    };
    if let Some(name) = by_name {
        return tz(name);
    }
    // `UTC+2`, `GMT-7`: Etc/GMT zones count the other way round.
    let rest = word
        .strip_prefix("UTC")
        .or_else(|| word.strip_prefix("GMT"))?;
    let (sign, hours) = match rest.split_at_checked(1)? {
        ("+", h) => ('-', h),
        ("-", h) => ('+', h),
        _ => return None,
    };
    let hours = hours.split(':').next()?.parse::<u8>().ok()?;
    if hours == 0 {
        return Some(Tz::UTC);
    }
    tz(&format!("Etc/GMT{sign}{hours}"))
}

/// `14:02`, `14:02:30`, `2:02pm`, `2pm`, `14h02`: a time of day, and whether `am`/`pm`
/// is still to come as the next word.
fn time_word(word: &str) -> Option<(NaiveTime, bool)> {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches(['.', ':']);
    let (digits, half) = if let Some(d) = lower.strip_suffix("am").or(lower.strip_suffix("a.m")) {
        (d, Some(false))
    } else if let Some(d) = lower.strip_suffix("pm").or(lower.strip_suffix("p.m")) {
        (d, Some(true))
    } else {
        (lower, None)
    };
    let parts: Vec<&str> = digits.split([':', 'h']).collect();
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (h, m, s) = match parts.as_slice() {
        [h] if half.is_some() => (num(h)?, 0, 0),
        [h, m] if m.len() == 2 => (num(h)?, num(m)?, 0),
        [h, m, s] if m.len() == 2 && s.len() == 2 => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    let h = match half {
        Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, s).map(|t| (t, half.is_none()))
}

/// `2021-06-03`, `2021/06/03`, `6/3/2021` (month first): a full date.
fn date_word(word: &str) -> Option<NaiveDate> {
    let w = word.trim_end_matches([',', '.', ':']);
    // Years a postmortem is about: anything else is not a date here (and could not be
    // written back as RFC 3339).
    ["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%Y.%m.%d"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(w, format).ok())
        .filter(|d| (1970..=2100).contains(&d.year()))
}

fn day_word(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(&w);
    (w.len() <= 2 && !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse::<u32>().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

fn year_word(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1970..=2100).contains(y))
}

/// Words of `text` with their byte ends; `(`, `)`, `[`, `]`, `|`, `*` and `,` split words
/// too.
fn words(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let breaks = c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '|' | '*' | ',');
        match (breaks, start) {
            (true, Some(s)) => {
                out.push((&text[s..i], i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], text.len()));
    }
    out
}

/// The time stated at the start of `text` (after any `*`, `-` or brackets), and the byte
/// where it ends; `None` when the text does not start with a date or a time.
pub fn leading(text: &str) -> Option<(Stated, usize)> {
    let mut stated = Stated::default();
    let mut end = 0;
    let mut any = false;
    let mut await_half = false;
    let all = words(text);
    for (i, &(word, word_end)) in all.iter().enumerate() {
        let next_is_month = all.get(i + 1).is_some_and(|(w, _)| month(w).is_some());
        if word.chars().all(|c| !c.is_alphanumeric()) && !any {
            continue;
        }
        if let Ok(t) =
            DateTime::<FixedOffset>::parse_from_rfc3339(word.trim_end_matches([',', '.', ':']))
            && (1970..=2100).contains(&t.year())
        {
            let t = t.with_timezone(&Utc);
            stated = Stated {
                year: Some(t.year()),
                month: Some(t.month()),
                day: Some(t.day()),
                time: Some(t.time()),
                zone: Some(Tz::UTC),
            };
            return Some((stated, word_end));
        }
        if let Some((d, t)) = word.split_once('T')
            && let Some(d) = date_word(d)
            && let Some((t, _)) = time_word(t)
        {
            stated.year = Some(d.year());
            stated.month = Some(d.month());
            stated.day = Some(d.day());
            stated.time = Some(t);
        } else if let Some(d) = date_word(word).filter(|_| !stated.has_date()) {
            stated.year = Some(d.year());
            stated.month = Some(d.month());
            stated.day = Some(d.day());
        } else if let Some((t, maybe_half)) = time_word(word).filter(|_| stated.time.is_none()) {
            stated.time = Some(t);
            await_half = maybe_half;
        } else if await_half
            && matches!(
                word.to_lowercase().trim_end_matches([':', ',', '.']),
                "am" | "pm" | "a.m" | "p.m"
            )
        {
            if let Some(t) = stated.time {
                let h = chrono::Timelike::hour(&t);
                let pm = word.to_lowercase().starts_with('p');
                if (1..=12).contains(&h) {
                    stated.time = t.with_hour_checked(h % 12 + if pm { 12 } else { 0 });
                }
            }
            await_half = false;
        } else if let Some(m) = month(word).filter(|_| stated.month.is_none()) {
            stated.month = Some(m);
        } else if let Some(y) = year_word(word).filter(|_| stated.year.is_none() && any) {
            stated.year = Some(y);
        } else if let Some(d) = day_word(word)
            .filter(|_| stated.day.is_none() && (stated.month.is_some() || next_is_month))
        {
            stated.day = Some(d);
        } else if let Some(z) = zone_word(word).filter(|_| stated.zone.is_none() && any) {
            stated.zone = Some(z);
        } else if weekday(word) || FILLERS.contains(&word.to_lowercase().as_str()) {
            // Part of how the time is said, not the time.
            continue;
        } else {
            break;
        }
        any = true;
        end = word_end;
    }
    // A day number alone, or a month without a day, is no time.
    if stated.time.is_none() && !stated.has_date() {
        return None;
    }
    Some((stated, end))
}

trait WithHour {
    fn with_hour_checked(self, h: u32) -> Option<NaiveTime>;
}

impl WithHour for NaiveTime {
    fn with_hour_checked(self, h: u32) -> Option<NaiveTime> {
        chrono::Timelike::with_hour(&self, h)
    }
}

/// The zone a line names when it speaks of times: "All times in PST", "Timeline (times
/// in BST)", "Times are UTC", "Time zone: Europe/Berlin".
pub fn zone_of_line(line: &str) -> Option<Tz> {
    let lower = line.to_lowercase();
    if !(lower.contains("time") || lower.contains("zone")) {
        return None;
    }
    words(line).into_iter().find_map(|(w, _)| {
        // `Z` alone is too easily a letter.
        (w != "Z").then(|| zone_word(w)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(text: &str) -> Option<Stated> {
        leading(text).map(|(s, _)| s)
    }

    #[test]
    fn times_as_written() {
        let s = lead("2021-06-03 14:02 PST - paged").unwrap();
        assert_eq!((s.year, s.month, s.day), (Some(2021), Some(6), Some(3)));
        assert_eq!(s.time, NaiveTime::from_hms_opt(14, 2, 0));
        assert_eq!(s.zone, Some(chrono_tz::America::Los_Angeles));
        let s = lead("June 3, 2021 at 2:02 PM: x").unwrap();
        assert_eq!((s.year, s.month, s.day), (Some(2021), Some(6), Some(3)));
        assert_eq!(s.time, NaiveTime::from_hms_opt(14, 2, 0));
        let s = lead("**09:15** — first").unwrap();
        assert_eq!(s.time, NaiveTime::from_hms_opt(9, 15, 0));
        assert_eq!(s.month, None);
        let s = lead("Thursday 3 June 2021").unwrap();
        assert_eq!((s.year, s.month, s.day), (Some(2021), Some(6), Some(3)));
        assert!(lead("3 engineers joined").is_none());
        assert!(lead("May we add").is_none());
        let (s, end) = leading("2021-06-03T21:02:00Z rest").unwrap();
        assert_eq!(s.time, NaiveTime::from_hms_opt(21, 2, 0));
        assert_eq!(end, 20);
    }

    #[test]
    fn zones() {
        assert_eq!(
            zone_of_line("All times in PST."),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(
            zone_of_line("Timeline (times in BST)"),
            Some(chrono_tz::Europe::London)
        );
        assert_eq!(zone_of_line("times are UTC+2"), "Etc/GMT-2".parse().ok());
        assert_eq!(zone_of_line("we met at the office"), None);
        assert_eq!(zone_word("et"), None);
    }
}
