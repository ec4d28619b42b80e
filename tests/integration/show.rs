//! Tests of `pm show`: the facts, times in the repository time zone, durations, remediation
//! items with default due dates and overdue days, finding the document, broken documents.

use crate::env::{TestEnv, VALID, output};
use crate::list::doc;

/// Remediation items covering every case, against "now" = 2026-11-24T12:00:00Z.
const CHECKOUT: &str = "title: Checkout API returned 503s after a config push
status: published
severity: SEV2
started_at: 2026-03-14T09:12:00Z
detected_at: 2026-03-14T09:19:00Z
customers_notified_at: 2026-03-14T09:40:00Z
resolved_at: 2026-03-14T10:05:00Z
meeting_at: 2026-10-20T15:00:00Z
services: [checkout-api, config-service]
tags: [config, deploy]
authors: [Ana Lima, Ben Okafor]
facilitator: Chris Hale
channels: [\"#ops\", \"#checkout\"]
links:
  - title: Checkout error rate
    url: https://grafana.example.com/d/checkout
remediation:
  - title: Page when checkout 5xx rate exceeds 1%
    owner: Ben Okafor
    ticket: OPS-1412
    due: 2026-04-14
    status: done
    done_on: 2026-04-02
  - title: Lock config pushes during a revert
    owner: Farid Haddad
    ticket: CFG-389
  - title: Due today is not overdue
    owner: Dana Whitfield
    due: 2026-11-24
  - title: Due yesterday
    owner: Dana Whitfield
    due: 2026-11-23
  - title: Canary every config push
    owner: Dana Whitfield
    due: 2026-01-01
    status: wontfix
";

fn checkout(env: &TestEnv) {
    env.write("postmortems/2026-03-14-checkout-503s.md", doc(CHECKOUT));
}

#[test]
fn shows_facts_local_times_durations_and_items() {
    let env = TestEnv::new();
    // Items due months after the incident, to show overdue ones: no max_days warnings.
    env.write(
        "pm.yaml",
        "timezone: Europe/Berlin\nremediation:\n  max_days: 365\n",
    );
    checkout(&env);
    let (code, stdout, stderr) = output(env.pm().args(["show", "2026-03-14-checkout-503s"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    // Times in Berlin (CET in March, CEST in October); the second item's due date is the
    // meeting's day plus 30 days (2026-11-19), five days before "now".
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_has_the_list_keys_and_the_details() {
    let env = TestEnv::new();
    checkout(&env);
    let (code, stdout, stderr) = output(env.pm().args(["show", "checkout", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let items = v["remediation"].as_array().expect("items");
    assert_eq!(items[1]["due"], "2026-11-19");
    assert_eq!(items[1]["due_is_default"], true);
    assert_eq!(items[1]["overdue_days"], 5);
    assert_eq!(items[2]["overdue_days"], serde_json::Value::Null);
    assert_eq!(items[3]["overdue_days"], 1);
    assert_eq!(items[4]["overdue_days"], serde_json::Value::Null);
    assert_eq!(v["time_to_notify_seconds"], 1680);
}

#[test]
fn today_is_the_day_in_the_repository_time_zone() {
    let env = TestEnv::new();
    // "Now" (12:00 UTC on the 24th) is already the 25th in Auckland.
    env.write("pm.yaml", "timezone: Pacific/Auckland\n");
    env.write(
        "postmortems/2026-11-01-queue.md",
        doc("title: Queue backlog
status: draft
severity: SEV3
started_at: 2026-11-01T10:00:00
remediation:
  - title: Alert on queue depth
    owner: Ana Lima
    due: 2026-11-24
"),
    );
    let (code, stdout, stderr) = output(env.pm().args(["show", "queue"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "open     Alert on queue depth — Ana Lima, due 2026-11-24, overdue by 1 day\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("started:             2026-11-01 10:00 NZDT"),
        "{stdout}"
    );
}

#[test]
fn finds_by_id_fragment_and_path() {
    let env = TestEnv::new();
    checkout(&env);
    env.write(
        "postmortems/2026-06-02-checkout-timeouts.md",
        doc("title: Checkout timeouts
status: draft
severity: SEV3
started_at: 2026-06-02T10:00:00Z
"),
    );
    let title = |args: &[&str]| {
        let (code, stdout, stderr) = output(env.pm().arg("show").args(args));
        assert_eq!(code, 0, "{stderr}");
        stdout.lines().next().unwrap_or("").to_string()
    };
    assert_eq!(title(&["timeouts"]), "Checkout timeouts");
    assert_eq!(
        title(&["postmortems/2026-03-14-checkout-503s.md"]),
        "Checkout API returned 503s after a config push"
    );
    // The exact id wins over fragments.
    assert_eq!(
        title(&["2026-03-14-checkout-503s"]),
        "Checkout API returned 503s after a config push"
    );
    // From a sub-folder, a relative path still works.
    let (code, stdout, stderr) = output(
        env.pm()
            .current_dir(env.path("postmortems"))
            .args(["show", "2026-06-02-checkout-timeouts.md"]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("Checkout timeouts\n"), "{stdout}");

    let (code, stdout, stderr) = output(env.pm().args(["show", "checkout"]));
    assert_eq!((code, stdout.as_str()), (1, ""));
    insta::assert_snapshot!(stderr, @r"
    error: `checkout` matches 2 postmortems: postmortems/2026-03-14-checkout-503s.md, postmortems/2026-06-02-checkout-timeouts.md
    hint: give more of the id, or a path, e.g. `pm show postmortems/2026-03-14-checkout-503s.md`
    ");
    let (code, _, stderr) = output(env.pm().args(["show", "ledger"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("error: no postmortem `ledger`"), "{stderr}");
}

#[test]
fn an_id_used_by_two_files_lists_their_paths() {
    let env = TestEnv::new();
    let wrong_date = doc("title: Wrong date
status: draft
severity: SEV3
started_at: 2026-03-04T10:00:00Z
");
    env.write("postmortems/2026-03-04-wrong-date.md", &wrong_date);
    env.write("postmortems/2025/2026-03-04-wrong-date.md", &wrong_date);

    let (code, stdout, stderr) = output(env.pm().args(["show", "wrong-date"]));
    assert_eq!((code, stdout.as_str()), (1, ""));
    insta::assert_snapshot!(stderr, @r"
    error: `wrong-date` matches 2 postmortems, which share the id `2026-03-04-wrong-date`: postmortems/2025/2026-03-04-wrong-date.md, postmortems/2026-03-04-wrong-date.md
    hint: give a path instead, e.g. `pm show postmortems/2025/2026-03-04-wrong-date.md`; ids must be unique, and `pm check` reports this one as `duplicate-id`: rename one of the files
    ");
    // The full id is no better: which of the two would it be?
    let (code, stdout, stderr) = output(env.pm().args(["show", "2026-03-04-wrong-date"]));
    assert_eq!((code, stdout.as_str()), (1, ""));
    insta::assert_snapshot!(stderr, @r"
    error: the id `2026-03-04-wrong-date` is used by 2 postmortems: postmortems/2025/2026-03-04-wrong-date.md, postmortems/2026-03-04-wrong-date.md
    hint: give a path instead, e.g. `pm show postmortems/2025/2026-03-04-wrong-date.md`; ids must be unique, and `pm check` reports this one as `duplicate-id`: rename one of the files
    ");

    // Among other matches, the duplicated id is still named.
    env.write(
        "postmortems/2026-05-01-wrong-date-again.md",
        doc("title: Again
status: draft
severity: SEV3
started_at: 2026-05-01T10:00:00Z
"),
    );
    let (code, _, stderr) = output(env.pm().args(["show", "wrong"]));
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: `wrong` matches 3 postmortems: postmortems/2025/2026-03-04-wrong-date.md, "
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("; `2026-03-04-wrong-date` is used by more than one file, which `pm check` reports as `duplicate-id`\n"),
        "{stderr}"
    );

    // The path the hint suggests works, from the repository root or from a sub-folder.
    for dir in [".", "postmortems/2025"] {
        let (code, stdout, stderr) = output(
            env.pm()
                .current_dir(env.path(dir))
                .args(["show", "postmortems/2025/2026-03-04-wrong-date.md"]),
        );
        assert_eq!(code, 0, "from {dir}: {stderr}");
        assert!(stdout.starts_with("Wrong date\n"), "{stdout}");
    }
}

#[test]
fn broken_document_shows_what_it_can_and_exits_1() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026-09-01-half-broken.md",
        "---
title: Half broken
status: published
severity: SEV9
started_at: 2026-09-01T10:00:00Z
detected_at: 2026-09-01T09:00:00Z
resolved_at: yesterday
services: [billing]
remediation:
  - title: Fix the thing
---
## Summary
Only a summary.
",
    );
    let (code, stdout, stderr) = output(env.pm().args(["show", "half-broken"]));
    assert_eq!(code, 1);
    insta::assert_snapshot!("broken_stdout", stdout);
    insta::assert_snapshot!("broken_stderr", stderr);
}

#[test]
fn a_document_without_front_matter_is_shown_as_unreadable() {
    let env = TestEnv::new();
    env.write("postmortems/2026-01-05-notes.md", "# Just notes\n");
    let (code, stdout, stderr) = output(env.pm().args(["show", "notes", "--format", "json"]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["broken"], true);
    assert_eq!(v["title"], serde_json::Value::Null);
    assert!(
        stderr.ends_with(
            "postmortems/2026-01-05-notes.md: 1 error, 0 warnings; run `pm check postmortems/2026-01-05-notes.md` for details\n"
        ),
        "{stderr}"
    );
}

#[test]
fn tickets_are_links_when_pm_yaml_has_a_url_template() {
    let env = TestEnv::new();
    checkout(&env);
    env.write(
        "pm.yaml",
        "tickets:\n  url_template: https://tracker.example.com/browse/{ticket}\n",
    );
    let (_, stdout, _) = output(env.pm().args(["show", "checkout"]));
    assert!(
        stdout.contains("OPS-1412 <https://tracker.example.com/browse/OPS-1412>"),
        "{stdout}"
    );
    let (_, stdout, _) = output(env.pm().args(["show", "checkout", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(
        v["remediation"][0]["ticket_url"],
        "https://tracker.example.com/browse/OPS-1412"
    );
}

/// A document with its own `timezone:` (17:14 PST is the next day in UTC): `pm show`
/// prints its local times with the repository's beside them, `pm list` dates it by its own
/// day (the one its file name carries), and `--since` filters by that day.
#[test]
fn a_document_zone_shows_local_time_beside_the_repository_time() {
    let env = TestEnv::new();
    let doc = VALID
        .replace(
            "started_at: 2026-03-14T09:12:00Z\ndetected_at: 2026-03-14T09:19:00Z\nresolved_at: 2026-03-14T10:05:00Z\n",
            "started_at: 2026-03-14T17:14:00\ndetected_at: 2026-03-14T17:20:00\nresolved_at: 2026-03-14T18:05:00\ntimezone: America/Los_Angeles\n",
        )
        .replace("due: 2026-04-14", "due: 2026-04-20");
    assert!(doc.contains("timezone:"));
    env.write("postmortems/2026-03-14-checkout-503s.md", &doc);
    let (code, stdout, stderr) = output(env.pm().args(["show", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("started:             2026-03-14 17:14 PDT (2026-03-15 00:14 UTC)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("time zone:           America/Los_Angeles"),
        "{stdout}"
    );
    let (_, stdout, _) = output(env.pm().arg("list"));
    assert!(
        stdout.contains("2026-03-14-checkout-503s  2026-03-14"),
        "{stdout}"
    );
    let (_, stdout, _) =
        output(
            env.pm()
                .args(["list", "--until", "2026-03-14", "--format", "json"]),
        );
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v[0]["timezone"], "America/Los_Angeles", "{stdout}");
    assert_eq!(v[0]["started_at"], "2026-03-15T00:14:00Z");
    // Without its own zone, the same document shows one time, in the repository's zone.
    let (_, stdout, _) = {
        env.write("postmortems/2026-03-14-checkout-503s.md", VALID);
        output(env.pm().args(["show", "checkout"]))
    };
    assert!(
        stdout.contains("started:             2026-03-14 09:12 UTC\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("time zone:"), "{stdout}");
}

/// `acknowledged_at` and `mitigated_at` are shown with their durations (time to acknowledge
/// from detection, time to mitigate from the start, as docs/metrics.md defines them) in
/// both formats, with the type; a start known only to the day gives no duration.
#[test]
fn acknowledged_and_mitigated_times_and_their_durations() {
    let env = TestEnv::new();
    let front = "title: Search latency spike\nstatus: draft\nseverity: SEV3\ntype: near-miss\n\
        started_at: 2026-03-14T09:00:00Z\ndetected_at: 2026-03-14T09:10:00Z\n\
        acknowledged_at: 2026-03-14T09:25:00Z\nmitigated_at: 2026-03-14T10:30:00Z\n\
        resolved_at: 2026-03-14T12:00:00Z\n";
    env.write("postmortems/2026-03-14-search-latency.md", doc(front));
    let (code, stdout, stderr) = output(env.pm().args(["show", "search-latency"]));
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "acknowledged:        2026-03-14 09:25",
        "mitigated:           2026-03-14 10:30",
        "time to acknowledge:       15m",
        "time to mitigate:          1h 30m",
        "time to resolve:           3h",
    ] {
        assert!(stdout.contains(line), "no {line:?} in\n{stdout}");
    }
    let (code, stdout, stderr) =
        output(
            env.pm()
                .args(["show", "search-latency", "--format", "json"]),
        );
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["type"], "near-miss");
    assert_eq!(v["acknowledged_at"], "2026-03-14T09:25:00Z");
    assert_eq!(v["mitigated_at"], "2026-03-14T10:30:00Z");
    assert_eq!(v["time_to_acknowledge_seconds"], 15 * 60);
    assert_eq!(v["time_to_mitigate_seconds"], 90 * 60);

    // The day alone: the times that need the start's time of day are left out.
    let day = front.replace("started_at: 2026-03-14T09:00:00Z", "started_at: 2026-03-14");
    env.write("postmortems/2026-03-14-search-latency.md", doc(&day));
    let (code, stdout, stderr) = output(env.pm().args(["show", "search-latency"]));
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "time to detect:            -",
        "time to acknowledge:       15m",
        "time to mitigate:          -",
        "time to resolve:           -",
    ] {
        assert!(stdout.contains(line), "no {line:?} in\n{stdout}");
    }
}
