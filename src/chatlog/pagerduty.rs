//! PagerDuty incident log entries: the JSON the REST API returns for
//! `GET /incidents/{id}/log_entries` saved to a file (`{log_entries: [...], limit, offset,
//! more}`; several pages one after another, or an array of pages, are read in turn). Each
//! entry has a `type` (`trigger_log_entry`, `acknowledge_log_entry`, `notify_log_entry`,
//! `escalate_log_entry`, `annotate_log_entry`, `resolve_log_entry`, ...), a human `summary`,
//! `created_at` (ISO 8601 with offset) and usually an `agent` (who or what did it).
//! Entries come newest first; the importer sorts them.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::fields::{lf, rfc3339, text};
use super::json::{head_has, quick_string, starts_json};
use super::{Entry, Format, Kind, LineContext, Parsed, Signal};

pub struct Pagerduty;

impl Format for Pagerduty {
    fn name(&self) -> &'static str {
        "pagerduty"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        starts_json(first_lines)
            && (head_has(first_lines, "log_entries")
                || first_lines.iter().any(|l| l.contains("_log_entry\"")))
    }

    fn json_arrays(&self) -> &'static [&'static str] {
        &["log_entries"]
    }

    fn ordered(&self) -> bool {
        true
    }

    fn newest_first(&self) -> bool {
        true
    }

    fn quick_time(&self, raw: &[u8]) -> Option<DateTime<Utc>> {
        // Only when the entry names one `created_at`: a nested object carrying its own
        // (none does in the API's entries) leaves the entry to be parsed.
        let finder = memchr::memmem::Finder::new(b"\"created_at\"");
        let mut found = finder.find_iter(raw);
        found.next()?;
        if found.next().is_some() {
            return None;
        }
        rfc3339(std::str::from_utf8(quick_string(raw, b"created_at")?).ok()?)
    }

    fn parse_value(&mut self, entry: Value, ctx: &mut LineContext) -> Parsed {
        let Some(at) = text(&entry, "created_at").and_then(rfc3339) else {
            return Parsed::Unparsed;
        };
        let Some(kind) = text(&entry, "type") else {
            return Parsed::Unparsed;
        };
        let kind = kind.strip_suffix("_reference").unwrap_or(kind);
        let agent = entry.get("agent").and_then(|a| text(a, "summary"));
        let summary = text(&entry, "summary").unwrap_or(kind);
        // Events show no speaker: name the agent in the text unless the summary does.
        let with_agent = match agent {
            Some(who) if !summary.contains(who) => format!("{summary} ({who})"),
            _ => summary.to_string(),
        };
        let agent = agent.unwrap_or("PagerDuty");
        let (kind, signal, nick, body) = match kind {
            "trigger_log_entry" => {
                // What fired: the alert's description, where the trigger carries it.
                let body = match entry.get("channel").and_then(|c| text(c, "summary")) {
                    Some(what) => format!("{with_agent}: {what}"),
                    None => with_agent.clone(),
                };
                (Kind::Other, Some(Signal::Triggered), agent, body)
            }
            "acknowledge_log_entry" => (Kind::Other, Some(Signal::Acknowledged), agent, with_agent),
            "resolve_log_entry" => (Kind::Other, Some(Signal::Resolved), agent, with_agent),
            // A note someone wrote on the incident: what they said, as a message.
            "annotate_log_entry" => {
                let note = entry
                    .get("channel")
                    .and_then(|c| text(c, "summary"))
                    .unwrap_or(summary);
                (Kind::Message, None, agent, format!("note: {note}"))
            }
            _ => (Kind::Other, None, agent, with_agent),
        };
        Parsed::Entry(Entry {
            signal,
            ..Entry::new(at, kind, nick, lf(&format!("PagerDuty: {body}")), ctx.line)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_signals() {
        let mut ctx = LineContext::new(chrono_tz::UTC);
        let parse = |json: &str, ctx: &mut LineContext| {
            Pagerduty.parse_value(serde_json::from_str(json).unwrap(), ctx)
        };
        let Parsed::Entry(trigger) = parse(
            r#"{"type":"trigger_log_entry","summary":"Triggered through the API","created_at":"2026-03-14T10:12:03+01:00","agent":{"type":"service_reference","summary":"checkout"}}"#,
            &mut ctx,
        ) else {
            panic!()
        };
        assert_eq!(trigger.signal, Some(Signal::Triggered));
        assert_eq!(
            trigger.text,
            "PagerDuty: Triggered through the API (checkout)"
        );
        assert_eq!(trigger.at.to_rfc3339(), "2026-03-14T09:12:03+00:00");
        let Parsed::Entry(note) = parse(
            r#"{"type":"annotate_log_entry","summary":"Note added","created_at":"2026-03-14T09:20:00Z","agent":{"summary":"Ann"},"channel":{"type":"note","summary":"rolled back"}}"#,
            &mut ctx,
        ) else {
            panic!()
        };
        assert_eq!(
            (note.kind, note.nick.as_str(), note.text.as_str()),
            (Kind::Message, "Ann", "PagerDuty: note: rolled back")
        );
        assert_eq!(
            parse(r#"{"type":"notify_log_entry"}"#, &mut ctx),
            Parsed::Unparsed
        );
        let quick = |raw: &str| Pagerduty.quick_time(raw.as_bytes()).map(|t| t.to_rfc3339());
        assert_eq!(
            quick(r#"{"type":"x","created_at":"2026-03-14T10:12:03+01:00","agent":{}}"#).as_deref(),
            Some("2026-03-14T09:12:03+00:00")
        );
        assert_eq!(
            quick(
                r#"{"created_at":"2026-03-14T10:12:03Z","channel":{"created_at":"2020-01-01T00:00:00Z"}}"#
            ),
            None,
            "two times: parsed, not guessed"
        );
    }
}
