//! `pm overdue`: exact rows of every section over a fixture repository with a fixed clock
//! (2026-11-24), each format snapshotted, the filters, and bad input.

use serde_json::Value;

use crate::env::{TestEnv, output};
use crate::list::doc;

/// Five postmortems whose items land in every section (as of 2026-11-24), one broken.
fn sample(env: &TestEnv) {
    env.write(
        "postmortems/2026-09-01-checkout-503s.md",
        doc("title: Checkout API returned 503s
status: published
severity: SEV2
started_at: 2026-09-01T09:00:00Z
resolved_at: 2026-09-01T10:00:00Z
meeting_at: 2026-09-03T14:00:00Z
services: [checkout-api]
tags: [config]
remediation:
  - title: Page when the checkout 5xx rate exceeds 1% for 2 minutes
    owner: Ben Okafor
    ticket: OPS-1
    due: 2026-10-01
  - title: Lock config pushes during deploys
    owner: Farid Haddad
  - title: Add a canary stage to config pushes
    owner: Ana Lima
    due: 2026-09-10
    status: done
    done_on: 2026-09-09
  - title: Add a runbook entry for cache flushes
    owner: Ben Okafor
    ticket: OPS-3
    due: 2026-11-28
  - title: Alert on config-service error logs
    due: 2026-10-10
  - title: Replace the config format
    owner: Ana Lima
    due: 2026-09-20
    status: wontfix
"),
    );
    env.write(
        "postmortems/2026-03-02-ledger-cert.md",
        doc("title: Expired certificate on the ledger API
status: published
severity: SEV3
started_at: 2026-03-02T03:00:00Z
services: [ledger-api]
remediation:
  - title: Give each cert-manager exception an owner or a removal date
    owner: Tomás Ferreira
    ticket: PLAT-9
    due: 2026-04-30
  - title: Renew certificates with cert-manager on every internal API
    owner: Ben Okafor
    ticket: plat-9
    due: 2026-12-20
"),
    );
    env.write(
        "postmortems/2026-11-20-search-stale.md",
        doc("title: Search served stale results
status: draft
severity: SEV1
started_at: 2026-11-20T08:00:00Z
tags: [search]
remediation:
  - title: Alert when the search index is more than 30 minutes old
    owner: Chris Hale
    due: 2026-11-23
  - title: Write a runbook for rebuilding the index
    owner: Ana Lima
    due: 2026-12-05
"),
    );
    env.write(
        "postmortems/2026-10-01-queue-backlog.md",
        doc("title: Queue backlog
status: published
severity: SEV3
started_at: 2026-10-01T08:00:00Z
remediation:
  - title: Scale the consumers on queue depth
    owner: Dana Park
    due: 2026-13-45
  - title: Alert on queue depth over 10,000
    owner: Eve Stone
    due: 2026-10-15
    status: finished
  - scale it up
"),
    );
    env.write(
        "postmortems/2026-10-05-dns.md",
        doc("title: DNS outage
status: published
severity: SEV2
started_at: 2026-10-05T08:00:00Z
remediation: fix the resolver
"),
    );
}

fn json(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let (code, stdout, stderr) = output(env.pm().arg("overdue").arg("--format=json").args(args));
    assert!(!stderr.contains("panicked"), "{stderr}");
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (code, v, stderr)
}

/// (section, id, item number, days overdue) of every row.
fn rows(v: &Value) -> Vec<(String, String, u64, Option<i64>)> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| {
            (
                r["section"].as_str().expect("section").to_string(),
                r["id"].as_str().expect("id").to_string(),
                r["item"].as_u64().expect("item"),
                r["days_overdue"].as_i64(),
            )
        })
        .collect()
}

fn row(
    section: &str,
    id: &str,
    item: u64,
    days: Option<i64>,
) -> (String, String, u64, Option<i64>) {
    (section.into(), id.into(), item, days)
}

#[test]
fn every_section_has_exactly_its_rows_in_order() {
    let env = TestEnv::new();
    sample(&env);
    let (code, v, _) = json(&env, &["--due-within", "7d"]);
    assert_eq!(code, 0);
    assert_eq!(v["as_of"], "2026-11-24");
    assert_eq!(
        rows(&v),
        [
            row("overdue", "2026-09-01-checkout-503s", 1, Some(54)),
            // No `due`: the meeting (2026-09-03) plus 30 days.
            row("overdue", "2026-09-01-checkout-503s", 2, Some(52)),
            // `status: finished` is reported; the item still counts as open.
            row("overdue", "2026-10-01-queue-backlog", 2, Some(40)),
            row("overdue", "2026-11-20-search-stale", 1, Some(1)),
            row("due_soon", "2026-09-01-checkout-503s", 4, Some(-4)),
            // Open 267 days after the incident (stale_days 180), whatever the due date.
            row("needs_reevaluation", "2026-03-02-ledger-cert", 1, Some(208)),
            row("needs_reevaluation", "2026-03-02-ledger-cert", 2, Some(-26)),
            row("incomplete", "2026-09-01-checkout-503s", 5, Some(45)),
            // `due: 2026-13-45` is no date: no due date is derived for it.
            row("incomplete", "2026-10-01-queue-backlog", 1, None),
        ]
    );
    let item = &v["items"][1];
    assert_eq!(item["due"], "2026-10-03");
    assert_eq!(item["due_is_default"], true);
    assert_eq!(item["owner"], "Farid Haddad");
    assert_eq!(item["postmortem"], "Checkout API returned 503s");
    assert_eq!(v["items"][5]["days_open"], 267);
    assert_eq!(v["items"][7]["missing"], serde_json::json!(["owner"]));
    assert_eq!(v["items"][8]["missing"], serde_json::json!(["due date"]));
    assert_eq!(
        v["counts"],
        serde_json::json!({"overdue": 4, "due_soon": 1, "needs_reevaluation": 2, "incomplete": 2})
    );
}

#[test]
fn without_due_within_there_is_no_due_soon_section() {
    let env = TestEnv::new();
    sample(&env);
    let (_, v, _) = json(&env, &[]);
    assert!(rows(&v).iter().all(|r| r.0 != "due_soon"));
    assert_eq!(v["counts"]["overdue"], 4);
    let (_, v, _) = json(&env, &["--due-within", "2w"]);
    // 2026-11-28 and 2026-12-05 are within 14 days.
    assert_eq!(v["counts"]["due_soon"], 2);
    assert_eq!(v["due_within_days"], 14);
}

#[test]
fn bad_items_are_reported_with_their_lines_and_the_rest_listed() {
    let env = TestEnv::new();
    sample(&env);
    let (code, v, stderr) = json(&env, &[]);
    assert_eq!(code, 0);
    assert!(!rows(&v).is_empty());
    insta::assert_snapshot!(stderr, @r"
    postmortems/2026-03-02-ledger-cert.md:14:13: warning[remediation-duplicate-ticket]: remediation items 1 and 2 both have the ticket `plat-9`
    postmortems/2026-03-02-ledger-cert.md: 0 errors, 1 warning; run `pm check postmortems/2026-03-02-ledger-cert.md` for details
    postmortems/2026-09-01-checkout-503s.md:26:5: warning[remediation-no-owner]: remediation item 5 has no `owner`
    postmortems/2026-09-01-checkout-503s.md: 0 errors, 1 warning; run `pm check postmortems/2026-09-01-checkout-503s.md` for details
    postmortems/2026-10-01-queue-backlog.md:9:10: error[invalid-date]: `remediation[1].due`: 2026-13-45 is not a day of the calendar
    postmortems/2026-10-01-queue-backlog.md:13:13: error[invalid-value]: `remediation[2].status` is `finished`, which is not one of: open, done, wontfix
    postmortems/2026-10-01-queue-backlog.md:14:5: error[wrong-type]: `remediation[3]` must be a mapping, found a string
    postmortems/2026-10-01-queue-backlog.md: 3 errors, 0 warnings; run `pm check postmortems/2026-10-01-queue-backlog.md` for details
    postmortems/2026-10-05-dns.md:6:14: error[wrong-type]: `remediation` must be a list, found a string
    postmortems/2026-10-05-dns.md: 1 error, 0 warnings; run `pm check postmortems/2026-10-05-dns.md` for details
    ");
}

#[test]
fn every_format_is_snapshotted() {
    let env = TestEnv::new();
    sample(&env);
    env.write(
        "pm.yaml",
        "tickets:\n  url_template: https://tracker.example.com/browse/{ticket}\n",
    );
    for (name, args) in [
        ("table", vec!["--due-within", "7d"]),
        (
            "markdown",
            vec!["--due-within", "7d", "--format", "markdown"],
        ),
        ("csv", vec!["--due-within", "7d", "--format", "csv"]),
        ("json", vec!["--format", "json", "--owner", "Chris Hale"]),
        (
            "table_by_owner",
            vec!["--due-within", "7d", "--by", "owner"],
        ),
        (
            "markdown_by_owner",
            vec![
                "--due-within",
                "7d",
                "--by",
                "owner",
                "--format",
                "markdown",
            ],
        ),
    ] {
        let (code, stdout, _) = output(env.pm().arg("overdue").args(&args));
        assert_eq!(code, 0, "{name}");
        insta::assert_snapshot!(format!("format_{name}"), stdout);
    }
}

#[test]
fn ticket_links_follow_the_url_template() {
    let env = TestEnv::new();
    sample(&env);
    let (_, v, _) = json(&env, &[]);
    assert_eq!(v["items"][0]["ticket_url"], Value::Null);
    env.write(
        "pm.yaml",
        "tickets:\n  url_template: https://tracker.example.com/browse/{ticket}\n",
    );
    let (_, v, _) = json(&env, &[]);
    assert_eq!(
        v["items"][0]["ticket_url"],
        "https://tracker.example.com/browse/OPS-1"
    );
    let (_, stdout, _) = output(env.pm().args(["overdue", "--format", "markdown"]));
    assert!(stdout.contains("| [OPS-1](https://tracker.example.com/browse/OPS-1) |"));
}

#[test]
fn filters_by_owner_severity_service_and_tag() {
    let env = TestEnv::new();
    sample(&env);
    let (_, v, _) = json(&env, &["--owner", "ben okafor", "--due-within", "7d"]);
    assert_eq!(
        rows(&v),
        [
            row("overdue", "2026-09-01-checkout-503s", 1, Some(54)),
            row("due_soon", "2026-09-01-checkout-503s", 4, Some(-4)),
            row("needs_reevaluation", "2026-03-02-ledger-cert", 2, Some(-26)),
        ]
    );
    let (_, v, _) = json(&env, &["--owner", "Chris Hale", "--owner", "Eve Stone"]);
    assert_eq!(
        rows(&v),
        [
            row("overdue", "2026-10-01-queue-backlog", 2, Some(40)),
            row("overdue", "2026-11-20-search-stale", 1, Some(1)),
        ]
    );
    let (_, v, _) = json(&env, &["--severity", "sev1,SEV3"]);
    let ids: Vec<String> = rows(&v).into_iter().map(|r| r.1).collect();
    assert!(ids.iter().all(|id| !id.contains("checkout")), "{ids:?}");
    assert!(ids.iter().any(|id| id.contains("search")));
    let (_, v, _) = json(&env, &["--service", "LEDGER-API"]);
    assert_eq!(v["counts"]["needs_reevaluation"], 2);
    assert_eq!(rows(&v).len(), 2);
    let (_, v, _) = json(&env, &["--tag", "search"]);
    assert_eq!(
        rows(&v),
        [row("overdue", "2026-11-20-search-stale", 1, Some(1))]
    );
    let (code, _, stderr) = output(env.pm().args(["overdue", "--severity", "SEV9"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("not one of the severities"), "{stderr}");
}

#[test]
fn as_of_moves_the_review_and_must_be_a_date() {
    let env = TestEnv::new();
    sample(&env);
    let (_, v, _) = json(&env, &["--as-of", "2026-10-02"]);
    assert_eq!(v["as_of"], "2026-10-02");
    assert_eq!(
        rows(&v)
            .into_iter()
            .filter(|r| r.0 == "overdue")
            .collect::<Vec<_>>(),
        [row("overdue", "2026-09-01-checkout-503s", 1, Some(1))]
    );
    for bad in ["yesterday", "2026-02-30", "24.11.2026"] {
        let (code, stdout, stderr) = output(env.pm().args(["overdue", "--as-of", bad]));
        assert_eq!(code, 2, "{bad}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("--as-of <DATE>"), "{stderr}");
        assert!(
            stderr.contains("YYYY-MM-DD") || stderr.contains("not a day of the calendar"),
            "{stderr}"
        );
    }
    let (code, _, stderr) = output(env.pm().args(["overdue", "--due-within", "a month"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("e.g. 7d, 2w or 10"), "{stderr}");
}

#[test]
fn today_is_the_day_in_the_repository_time_zone() {
    let env = TestEnv::new();
    sample(&env);
    // 2026-11-24T12:00:00Z is already 2026-11-25 at UTC+14.
    env.write("pm.yaml", "timezone: Pacific/Kiritimati\n");
    let (_, v, _) = json(&env, &[]);
    assert_eq!(v["as_of"], "2026-11-25");
}

#[test]
fn stale_days_comes_from_pm_yaml() {
    let env = TestEnv::new();
    sample(&env);
    env.write("pm.yaml", "remediation:\n  stale_days: 400\n");
    let (_, v, _) = json(&env, &[]);
    assert_eq!(v["counts"]["needs_reevaluation"], 0);
    assert!(rows(&v).contains(&row("overdue", "2026-03-02-ledger-cert", 1, Some(208))));
}

#[test]
fn fail_if_any_exits_1_only_when_something_is_past_due() {
    let env = TestEnv::new();
    sample(&env);
    let (code, _, _) = output(env.pm().args(["overdue"]));
    assert_eq!(code, 0);
    let (code, stdout, _) = output(env.pm().args(["overdue", "--fail-if-any"]));
    assert_eq!(code, 1);
    assert!(stdout.contains("Overdue (4)"), "{stdout}");
    let (code, stdout, _) =
        output(
            env.pm()
                .args(["overdue", "--fail-if-any", "--as-of", "2026-01-01"]),
        );
    // Items without an owner are listed, but none is past due.
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Incomplete (2)") && !stdout.contains("Overdue"),
        "{stdout}"
    );
}

#[test]
fn nothing_overdue_says_so_in_every_format() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026-11-20-search-stale.md",
        doc("title: Search served stale results
status: draft
severity: SEV1
started_at: 2026-11-20T08:00:00Z
"),
    );
    let (code, stdout, stderr) = output(env.pm().args(["overdue", "--due-within", "7d"]));
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "No open remediation item is overdue as of 2026-11-24, and nothing due within 7 days.\n"
    );
    let (_, v, _) = json(&env, &[]);
    assert_eq!(v["items"], serde_json::json!([]));
    let (_, stdout, _) = output(env.pm().args(["overdue", "--format", "csv"]));
    assert_eq!(stdout.lines().count(), 1);
}

#[test]
fn an_open_item_without_an_owner_is_listed_as_incomplete_and_a_closed_one_is_not() {
    let env = TestEnv::new();
    // Only warnings here: the document is read whole, and its items reach the review.
    env.write(
        "postmortems/2026-11-02-login-timeouts.md",
        doc("title: Login timed out
status: published
severity: SEV2
started_at: 2026-11-02T08:00:00Z
remediation:
  - title: Alert on login latency over 2 seconds
    status: open
    due: 2026-12-01
  - title: Cap the session store's connection pool
    owner: \"  \"
    due: 2026-12-01
  - title: Roll back the session store upgrade
    status: done
    done_on: 2026-11-02
  - title: Rewrite the login service in another language
    status: wontfix
"),
    );
    let (code, stdout, stderr) = output(env.pm().arg("overdue"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "postmortems/2026-11-02-login-timeouts.md:7:5: warning[remediation-no-owner]: remediation item 1 has no `owner`
postmortems/2026-11-02-login-timeouts.md:10:5: warning[remediation-no-owner]: remediation item 2 has no `owner`
postmortems/2026-11-02-login-timeouts.md: 0 errors, 2 warnings; run `pm check postmortems/2026-11-02-login-timeouts.md` for details
"
    );
    assert_eq!(
        stdout,
        "Remediation items as of 2026-11-24: 2 incomplete

Incomplete (2)
 postmortem                 title            #  item                                     owner  ticket  due         missing
 2026-11-02-login-timeouts  Login timed out  1  Alert on login latency over 2 seconds    -      -       2026-12-01  owner
 2026-11-02-login-timeouts  Login timed out  2  Cap the session store's connection pool  -      -       2026-12-01  owner
"
    );
    let (_, v, _) = json(&env, &[]);
    assert_eq!(
        rows(&v),
        [
            row("incomplete", "2026-11-02-login-timeouts", 1, Some(-7)),
            row("incomplete", "2026-11-02-login-timeouts", 2, Some(-7)),
        ]
    );
    assert_eq!(v["items"][0]["owner"], Value::Null);
    assert_eq!(v["items"][0]["missing"], serde_json::json!(["owner"]));
    // `--by owner` puts them in the group of nobody.
    let (_, v, _) = json(&env, &["--by", "owner"]);
    assert_eq!(v["owners"][0]["owner"], Value::Null);
    assert_eq!(v["owners"][0]["incomplete"], 2);
}
