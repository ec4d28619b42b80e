//! `pm schedule`: the invitation read back with a real iCalendar parser (the `icalendar`
//! crate), the attendees, the proposed slot, the front matter written in place, and every
//! bad input refused with the document left byte-identical.

use icalendar::{Calendar, CalendarComponent, Component, EventLike};
use serde_json::Value;

use crate::env::{TestEnv, output};

pub const PM_YAML: &str = "timezone: UTC
people:
  - name: Ana Lima
    email: ana@example.com
    chat: [ana, ana_l]
  - name: Ben Okafor
    email: ben@example.com
    chat: [ben]
  - name: Chris Hale
    email: chris@example.com
  - name: Farid Haddad
    email: farid@example.com
    chat: [farid]
  - name: Dana Whitfield
    chat: [dana]
meeting:
  duration: 60m
  organizer: {name: SRE team, email: sre@example.com}
  mailing_list: postmortems@example.com
  facilitators: facilitators@example.com
  location: \"Room 4.01, 4th floor; https://meet.example.com/pm\"
document_url: https://git.example.com/sre/pm/-/blob/main/{path}
";

pub const DOC: &str = "---
title: Checkout API returned 503s; config push, again
status: in-review
severity: SEV2
started_at: 2026-11-20T09:12:00Z
detected_at: 2026-11-20T09:19:00Z
resolved_at: 2026-11-20T10:05:00Z
services: [checkout-api]
tags: [config]
authors: [Ana Lima, Ben Okafor] # both were on call
channels: [\"#ops\"]
remediation:
  - title: Page when the checkout 5xx rate exceeds 1% for 2 minutes
    owner: Ben Okafor
    ticket: OPS-1412
    due: 2026-12-14
---
# Checkout API returned 503s

## Summary
A config push made the checkout API return 503s for 53 minutes.

## Impact
About 12% of checkout attempts failed.

## Timeline
- 09:12 UTC config pushed

<!-- pm import-logs: begin checksum=fnv1a64:0000000000000000 (written by pm import-logs) -->

Chat transcript of #ops, 2026-11-20 09:10 UTC to 10:20 UTC, imported by `pm import-logs`.

- 09:21:00 **ben**: checkout 503s are climbing
- 09:24:10 **kim\\_s**: support here, customers cannot pay
- 09:41:00 **farid**: the lock is held by the push being reverted
- 09:44:00 **dana**: reverting now

<!-- pm import-logs: end -->

## Discussion
### Did we detect that something was wrong properly and fast enough?
Detection took seven minutes.

## Remediation items
See the front matter.
";

pub const PATH: &str = "postmortems/2026-11-20-checkout-503s.md";

pub fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write("pm.yaml", PM_YAML);
    env.write(PATH, DOC);
    env
}

/// The one event of a calendar, read with the `icalendar` parser.
fn event(text: &str) -> icalendar::Event {
    let calendar: Calendar = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 1, "{text}");
    events[0].clone()
}

fn method(text: &str) -> String {
    let calendar: Calendar = text.parse().expect("calendar");
    calendar.property_value("METHOD").unwrap_or("").to_string()
}

/// The ATTENDEE lines as (CN, ROLE, RSVP, address).
fn attendees(e: &icalendar::Event) -> Vec<(String, String, String, String)> {
    e.multi_properties()
        .get("ATTENDEE")
        .map(|list| {
            list.iter()
                .map(|p| {
                    let param = |k: &str| {
                        p.params()
                            .get(k)
                            .map(|v| v.value().to_string())
                            .unwrap_or_default()
                    };
                    (
                        param("CN"),
                        param("ROLE"),
                        param("RSVP"),
                        p.value().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// RFC 5545's line rules, which a parser forgives: CRLF only, at most 75 octets, each
/// physical line valid UTF-8 by itself (no character split by a fold).
fn assert_wire_format(text: &str) {
    let bytes = text.as_bytes();
    assert!(text.ends_with("\r\n"));
    for line in bytes.split(|&b| b == b'\n') {
        if line.is_empty() {
            continue;
        }
        assert_eq!(
            line.last(),
            Some(&b'\r'),
            "a bare LF: {:?}",
            String::from_utf8_lossy(line)
        );
        let line = &line[..line.len() - 1];
        assert!(!line.contains(&b'\r'));
        assert!(
            line.len() <= 75,
            "{} octets: {}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "a fold split a character: {line:?}"
        );
    }
}

fn schedule(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    output(env.pm().arg("schedule").arg("checkout").args(args))
}

#[test]
fn the_invitation_parses_and_has_every_property() {
    let env = env();
    let (code, stdout, stderr) = schedule(
        &env,
        &[
            "--at",
            "2026-11-25T15:00:00Z",
            "--facilitator",
            "Chris Hale",
            "--attendee",
            "lee@example.com",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("scheduled postmortems/2026-11-20-checkout-503s.md"),
        "{stdout}"
    );
    let text = env.read("2026-11-20-checkout-503s.ics");
    assert_wire_format(&text);
    assert_eq!(method(&text), "REQUEST");
    let e = event(&text);
    assert_eq!(e.get_uid(), Some("postmortem-2026-11-20-checkout-503s@pm"));
    assert_eq!(
        e.get_summary(),
        Some("Postmortem: Checkout API returned 503s; config push, again")
    );
    assert_eq!(
        e.get_location(),
        Some("Room 4.01, 4th floor; https://meet.example.com/pm")
    );
    assert_eq!(
        e.get_url(),
        Some("https://git.example.com/sre/pm/-/blob/main/postmortems/2026-11-20-checkout-503s.md")
    );
    assert_eq!(e.property_value("DTSTART"), Some("20261125T150000Z"));
    assert_eq!(e.property_value("DTEND"), Some("20261125T160000Z"));
    assert_eq!(e.property_value("DTSTAMP"), Some("20261124T120000Z"));
    assert_eq!(
        e.property_value("ORGANIZER"),
        Some("mailto:sre@example.com")
    );
    let description = e.get_description().expect("description");
    for needle in [
        "Severity: SEV2",
        "Resolved: 2026-11-20 10:05 UTC (+53m)",
        "15:00-15:06 Opening and ground rules (6 min)",
        "15:06-15:42 Timeline (36 min)",
        "15:42-15:54 Discussion (12 min)",
        "15:54-16:00 Remediation items (6 min)",
    ] {
        assert!(description.contains(needle), "{needle} in {description}");
    }
    let people = attendees(&e);
    let names: Vec<&str> = people.iter().map(|a| a.0.as_str()).collect();
    // Authors, facilitator, chat speakers with an address (dana has none; kim_s is not in
    // the directory), --attendee, the mailing list.
    assert_eq!(
        names,
        [
            "Ana Lima",
            "Ben Okafor",
            "Chris Hale",
            "Farid Haddad",
            "lee@example.com",
            "postmortems@example.com"
        ]
    );
    for a in &people[..5] {
        assert_eq!(
            (a.1.as_str(), a.2.as_str()),
            ("REQ-PARTICIPANT", "TRUE"),
            "{a:?}"
        );
    }
    assert_eq!(
        people[5],
        (
            "postmortems@example.com".into(),
            "OPT-PARTICIPANT".into(),
            "FALSE".into(),
            "mailto:postmortems@example.com".into()
        )
    );
    assert!(
        stdout.contains("kim_s"),
        "the unmapped handle is listed: {stdout}"
    );
    assert!(stdout.contains("Dana Whitfield"), "no e-mail: {stdout}");
    // The front matter: meeting_at after resolved_at, facilitator after authors (its
    // comment kept), nothing else changed.
    let expected = DOC
        .replace(
            "resolved_at: 2026-11-20T10:05:00Z\n",
            "resolved_at: 2026-11-20T10:05:00Z\nmeeting_at: 2026-11-25T15:00:00Z\n",
        )
        .replace(
            "authors: [Ana Lima, Ben Okafor] # both were on call\n",
            "authors: [Ana Lima, Ben Okafor] # both were on call\nfacilitator: Chris Hale\n",
        );
    assert_eq!(env.read(PATH), expected);
    let (code, _, stderr) = output(env.pm().arg("check"));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn rescheduling_keeps_the_uid_and_raises_the_sequence_and_cancel_cancels() {
    let env = env();
    let run = |now: &str, args: &[&str]| {
        let (code, _, stderr) = output(
            env.pm()
                .env("PM_NOW", now)
                .arg("schedule")
                .arg("checkout")
                .args(args),
        );
        assert_eq!(code, 0, "{stderr}");
        env.read("2026-11-20-checkout-503s.ics")
    };
    let first = event(&run(
        "2026-11-24T12:00:00Z",
        &["--at", "2026-11-25T15:00:00Z"],
    ));
    let second_text = run("2026-11-24T13:30:00Z", &["--at", "2026-11-26T10:00:00Z"]);
    let second = event(&second_text);
    assert_eq!(first.get_uid(), second.get_uid());
    assert!(
        second.get_sequence() > first.get_sequence(),
        "{:?} {:?}",
        first.get_sequence(),
        second.get_sequence()
    );
    assert!(
        env.read(PATH)
            .contains("meeting_at: 2026-11-26T10:00:00Z\n")
    );
    let before_cancel = env.read(PATH);
    let cancel_text = run("2026-11-24T14:00:00Z", &["--cancel"]);
    assert_wire_format(&cancel_text);
    assert_eq!(method(&cancel_text), "CANCEL");
    let cancel = event(&cancel_text);
    assert_eq!(cancel.get_uid(), first.get_uid());
    assert!(cancel.get_sequence() > second.get_sequence());
    assert_eq!(cancel.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(cancel.property_value("DTSTART"), Some("20261126T100000Z"));
    // The cancelled time leaves the front matter; nothing else changes.
    assert_eq!(
        env.read(PATH),
        before_cancel.replace("meeting_at: 2026-11-26T10:00:00Z\n", "")
    );
    assert_eq!(env.read(PATH), DOC);
}

#[test]
fn a_non_ascii_name_is_folded_between_characters() {
    let env = TestEnv::new();
    let name = "Åsa Ærøskøbing-Ødegård Ñúñez-Çağlar Şükrü Ğöktürk Üçüncü";
    env.write(
        "pm.yaml",
        PM_YAML.replace("name: Ana Lima", &format!("name: {name}")),
    );
    env.write(
        PATH,
        DOC.replace("[Ana Lima, Ben Okafor]", &format!("[{name}, Ben Okafor]")),
    );
    let (code, text, stderr) = schedule(&env, &["--at", "2026-11-25T15:00:00Z", "--stdout"]);
    assert_eq!(code, 0, "{stderr}");
    assert_wire_format(&text);
    let line_with_name = text
        .split("\r\n")
        .position(|l| l.starts_with(&format!("ATTENDEE;CN={}", &name[..3])))
        .expect("the attendee line");
    let lines: Vec<&str> = text.split("\r\n").collect();
    let (first, next) = (lines[line_with_name], lines[line_with_name + 1]);
    assert!(
        next.starts_with(' '),
        "the line is folded: {first:?} {next:?}"
    );
    // The fold falls inside the name, between two of its non-ASCII characters' runs.
    assert!(!first.is_ascii(), "{first}");
    let e = event(&text);
    assert!(
        attendees(&e).iter().any(|a| a.0 == name),
        "{:?}",
        attendees(&e)
    );
}

#[test]
fn berlin_time_across_the_dst_change() {
    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        PM_YAML.replace("timezone: UTC", "timezone: Europe/Berlin"),
    );
    // Resolved on Friday 2026-03-27 11:00 CET; clocks go forward on Sunday the 29th.
    let doc = DOC
        .replace("2026-11-20T09:12:00Z", "2026-03-27T09:12:00+01:00")
        .replace("2026-11-20T09:19:00Z", "2026-03-27T09:19:00+01:00")
        .replace("2026-11-20T10:05:00Z", "2026-03-27T11:00:00+01:00")
        .replace("due: 2026-12-14", "due: 2026-04-14")
        .replace("2026-11-20 09:10", "2026-03-27 09:10");
    let path = "postmortems/2026-03-27-checkout-503s.md";
    env.write(path, &doc);
    let pm = |args: &[&str]| {
        output(
            env.pm()
                .env("PM_NOW", "2026-03-27T12:00:00Z")
                .arg("schedule")
                .arg("checkout")
                .args(args),
        )
    };
    // Proposed: one working day later, Monday 11:00 local, which is now CEST (UTC+2).
    let (code, text, stderr) = pm(&["--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    let e = event(&text);
    assert_eq!(e.property_value("DTSTART"), Some("20260330T090000Z"));
    assert!(e.get_description().unwrap().contains("11:00-11:06 Opening"));
    assert_eq!(env.read(path), doc, "--dry-run writes nothing");
    // A local --at on the Monday: 10:00 CEST is 08:00 UTC; the Friday before is CET.
    let (code, _, stderr) = pm(&["--at", "2026-03-30 10:00"]);
    assert_eq!(code, 0, "{stderr}");
    let e = event(&env.read("2026-03-27-checkout-503s.ics"));
    assert_eq!(e.property_value("DTSTART"), Some("20260330T080000Z"));
    assert!(
        env.read(path)
            .contains("meeting_at: 2026-03-30T10:00:00+02:00\n")
    );
    // A time relative to now is echoed as the absolute time it was read as.
    let (code, _, stderr) = pm(&["--at", "tomorrow 10:00", "--force", "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("--at tomorrow 10:00: 2026-03-28 10:00 CET"),
        "{stderr}"
    );
    // 02:30 on the 29th does not exist in Berlin.
    let (code, _, stderr) = pm(&["--at", "2026-03-29 02:30", "--force"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn the_json_report() {
    let env = env();
    let (code, stdout, stderr) = schedule(&env, &["--format", "json", "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    // With --dry-run the invitation is on stdout and the report on stderr.
    assert!(stdout.starts_with("BEGIN:VCALENDAR\r\n"));
    let report: Value = serde_json::from_str(&stderr).expect("json");
    // Now is Tuesday 2026-11-24 12:00; the first slot is 12:00 the same day.
    assert_eq!(report["start"], "2026-11-24 12:00 UTC");
    assert_eq!(report["unmapped_handles"], serde_json::json!(["kim_s"]));
    assert_eq!(
        report["without_email"],
        serde_json::json!(["Dana Whitfield"])
    );
    assert_eq!(report["front_matter"], serde_json::json!([]));
    assert_eq!(env.read(PATH), DOC);
}

#[test]
fn every_bad_input_is_refused_and_the_document_is_unchanged() {
    let cases: &[(&[&str], i32, &str)] = &[
        (&["--at", "next tuesday-ish"], 2, "--at"),
        (&["--at", "2026-11-31 10:00"], 2, "--at"),
        (
            &["--attendee", "Nobody Known"],
            1,
            "`Nobody Known` is not in the people directory",
        ),
        (&["--attendee", "Ana Lma"], 1, "did you mean `Ana Lima`?"),
        (
            &["--attendee", "Dana Whitfield"],
            1,
            "has no e-mail address",
        ),
        (
            &["--facilitator", "Dana Whitfield"],
            1,
            "has no e-mail address",
        ),
        (&["--at", "2026-11-20T10:00:00Z", "--force"], 0, ""),
        (
            &["--at", "2026-11-20T10:00:00Z"],
            1,
            "before the incident was resolved",
        ),
        (&["--at", "2026-11-23T10:00:00Z"], 1, "in the past"),
        (&["--duration", "5m"], 2, "--duration"),
        (&["--cancel"], 1, "no meeting to cancel"),
    ];
    for (args, want, needle) in cases {
        let env = env();
        let (code, _, stderr) = schedule(&env, &[&["--stdout"], *args].concat());
        assert_eq!(code, *want, "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        if *want != 0 {
            assert_eq!(env.read(PATH), DOC, "{args:?}");
            assert!(!env.path("2026-11-20-checkout-503s.ics").exists());
        }
    }
    // The invitation's folder does not exist: refused before anything is sent.
    let env = env();
    let (code, _, stderr) = schedule(&env, &["--output", "no/such/dir/x.ics"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no such folder"), "{stderr}");
    assert_eq!(env.read(PATH), DOC);
    // A facilitator who took part is said, not refused.
    let (code, stdout, stderr) = schedule(&env, &["--facilitator", "Ben Okafor", "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("the facilitator Ben Okafor is also an author"),
        "{stdout}{stderr}"
    );
    assert!(
        stderr.contains("spoke in the incident's chat (as ben)"),
        "{stderr}"
    );
    // No organizer: nothing to send the invitation from.
    let env = self::env();
    env.write(
        "pm.yaml",
        PM_YAML.replace(
            "  organizer: {name: SRE team, email: sre@example.com}\n",
            "",
        ),
    );
    let (code, _, stderr) = schedule(&env, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("meeting.organizer"), "{stderr}");
    assert_eq!(env.read(PATH), DOC);
}
