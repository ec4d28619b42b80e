//! `pm report` through the binary, on the fixture repository tests/fixtures/report/ (time
//! zone Europe/Berlin; now is 2026-11-24 12:00 UTC, a Tuesday of ISO week 48, `PM_NOW`).
//! Every expected answer below is worked out by hand from the fixtures' front matter:
//!
//! - started (Berlin days): DNS 2026-10-05, queue 2026-11-01 (2026-10-31 23:30 UTC: in
//!   November here, not in October), checkout 2026-11-10, search 2026-11-20; broken
//!   2026-11-15 (`severity: SEV9`: reported on stderr, left out); payments 2025-11-25
//!   (ISO week 48), login 2024-11-28 (week 48), ledger 2025-11-23 (a Sunday: week 47).
//! - meetings after now: DNS at 15:00 UTC today, checkout on 11-26; search's at 11:00 UTC
//!   today has passed.
//! - remediation: DNS #1 done 10-20; queue #1 Ben Okafor due 11-15 (9 days overdue), #2
//!   done 11-12; checkout #1 due 12-10 (not yet), #2 no owner due 11-20 (4 days overdue);
//!   payments #1 Chris Hale due 2026-01-15 (313 days overdue), #2 wontfix.

use serde_json::{Value, json};

use crate::env::TestEnv;

/// A repository holding the fixture (pm.yaml and postmortems).
fn fixture_repo() -> TestEnv {
    let env = TestEnv::new();
    env.fixture("report/pm.yaml", "pm.yaml");
    env.fixture_dir("report/postmortems", "postmortems");
    env
}

fn report(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    crate::env::run(env, "report", args)
}

fn report_json(env: &TestEnv, args: &[&str]) -> Value {
    crate::env::run_json(env, "report", args)
}

/// The ids of a list of postmortems (or of items' postmortems, with their numbers).
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|v| match v.get("item") {
            Some(n) => format!("{} #{n}", v["id"].as_str().expect("id")),
            None => v["id"].as_str().expect("id").to_string(),
        })
        .collect()
}

#[test]
fn a_month_by_hand_in_json() {
    let env = fixture_repo();
    let r = report_json(&env, &["--month", "2026-11"]);
    assert_eq!(
        r["period"],
        json!({"name": "November 2026", "since": "2026-11-01", "until": "2026-11-30"})
    );
    assert_eq!(r["as_of"], "2026-11-24");
    assert_eq!(r["left_out_broken"], 1);
    assert_eq!(
        ids(&r["postmortems"]),
        [
            "2026-10-31-queue-backlog",
            "2026-11-10-checkout-503s",
            "2026-11-20-search-stale"
        ]
    );
    let checkout = &r["postmortems"][1];
    assert_eq!(checkout["severity"], "SEV1");
    assert_eq!(checkout["status"], "in-review");
    // 09:12 -> 09:19 detected, 10:00 mitigated, 12:17 resolved.
    assert_eq!(checkout["time_to_detect_seconds"], 7 * 60);
    assert_eq!(checkout["time_to_mitigate_seconds"], 48 * 60);
    assert_eq!(checkout["time_to_resolve_seconds"], 3 * 3600 + 5 * 60);
    assert_eq!(
        checkout["url"],
        "https://git.example.com/sre/pm/-/blob/main/postmortems/2026-11-10-checkout-503s.md"
    );
    // Not resolved: no time to resolve, never zero.
    assert_eq!(r["postmortems"][2]["time_to_resolve_seconds"], Value::Null);
    assert_eq!(
        ids(&r["meetings"]),
        [
            "2026-10-05-dns-resolver-flapped",
            "2026-11-10-checkout-503s"
        ]
    );
    let rem = &r["remediation"];
    assert_eq!(
        ids(&rem["added"]),
        [
            "2026-10-31-queue-backlog #1",
            "2026-10-31-queue-backlog #2",
            "2026-11-10-checkout-503s #1",
            "2026-11-10-checkout-503s #2"
        ]
    );
    assert_eq!(ids(&rem["done"]), ["2026-10-31-queue-backlog #2"]);
    assert_eq!(rem["done"][0]["done_on"], "2026-11-12");
    let owners: Vec<(Value, Vec<String>, Vec<Value>)> = rem["overdue"]
        .as_array()
        .expect("owners")
        .iter()
        .map(|o| {
            let days = o["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| i["days_overdue"].clone())
                .collect();
            (o["owner"].clone(), ids(&o["items"]), days)
        })
        .collect();
    assert_eq!(
        owners,
        [
            (
                json!("Ben Okafor"),
                vec!["2026-10-31-queue-backlog #1".to_string()],
                vec![json!(9)]
            ),
            (
                json!("Chris Hale"),
                vec!["2025-11-25-payments-timeout #1".to_string()],
                vec![json!(313)]
            ),
            (
                Value::Null,
                vec!["2026-11-10-checkout-503s #2".to_string()],
                vec![json!(4)]
            ),
        ]
    );
    assert_eq!(r["anniversaries"], Value::Null, "only with --anniversary");
}

#[test]
fn a_year_ago_this_week() {
    let env = fixture_repo();
    let r = report_json(&env, &["--month", "2026-11", "--anniversary"]);
    let list: Vec<(Value, String)> = r["anniversaries"]
        .as_array()
        .expect("anniversaries")
        .iter()
        .map(|a| {
            (
                a["years_ago"].clone(),
                a["postmortem"]["id"].as_str().expect("id").to_string(),
            )
        })
        .collect();
    // The ledger's Sunday is week 47: not this week.
    assert_eq!(
        list,
        [
            (json!(1), "2025-11-25-payments-timeout".to_string()),
            (json!(2), "2024-11-28-login-outage".to_string())
        ]
    );
}

#[test]
fn the_period_edges_month_quarter_and_since() {
    let env = fixture_repo();
    let count = |args: &[&str]| {
        let r = report_json(&env, args);
        (
            ids(&r["postmortems"]),
            ids(&r["remediation"]["added"]).len(),
            ids(&r["remediation"]["done"]),
        )
    };
    // October in Berlin: the queue backlog began after midnight, on November 1st.
    assert_eq!(
        count(&["--month", "2026-10"]),
        (
            vec!["2026-10-05-dns-resolver-flapped".to_string()],
            1,
            vec!["2026-10-05-dns-resolver-flapped #1".to_string()]
        )
    );
    let (q4, added, done) = count(&["--quarter", "2026Q4"]);
    assert_eq!(q4.len(), 4, "{q4:?}");
    assert_eq!(added, 5);
    assert_eq!(
        done,
        [
            "2026-10-05-dns-resolver-flapped #1",
            "2026-10-31-queue-backlog #2"
        ]
    );
    assert_eq!(count(&["--quarter", "2026q3"]).0.len(), 0);
    // The default: the last 30 days, 2026-10-25 to today.
    let r = report_json(&env, &[]);
    assert_eq!(r["period"]["since"], "2026-10-25");
    assert_eq!(r["period"]["until"], "2026-11-24");
    assert_eq!(r["period"]["name"], "the last 30 days");
    assert_eq!(ids(&r["postmortems"]).len(), 3);
    // --since's day is included: the checkout incident started on 2026-11-10.
    let (from_day, _, _) = count(&["--since", "2026-11-10"]);
    assert_eq!(
        from_day,
        ["2026-11-10-checkout-503s", "2026-11-20-search-stale"]
    );
    assert_eq!(count(&["--since", "14d"]).0, from_day);
    assert_eq!(count(&["--since", "13d"]).0, ["2026-11-20-search-stale"]);
}

#[test]
fn an_empty_period_still_shows_meetings_and_overdue_items() {
    let env = fixture_repo();
    let r = report_json(&env, &["--month", "2026-08"]);
    assert_eq!(ids(&r["postmortems"]), Vec::<String>::new());
    assert_eq!(ids(&r["remediation"]["added"]), Vec::<String>::new());
    assert_eq!(ids(&r["remediation"]["done"]), Vec::<String>::new());
    assert_eq!(ids(&r["meetings"]).len(), 2);
    assert_eq!(
        r["remediation"]["overdue"].as_array().map(Vec::len),
        Some(3)
    );
    let (code, md, _) = report(&env, &["--month", "2026-08"]);
    assert_eq!(code, 0);
    assert!(
        md.contains("## Postmortems (0)\n\nNo incident started in the period."),
        "{md}"
    );
}

#[test]
fn markdown_for_chat_and_mail() {
    let env = fixture_repo();
    let (code, md, stderr) = report(&env, &["--month", "2026-11", "--anniversary"]);
    assert_eq!(code, 0, "{stderr}");
    // Lists, not wide tables; short lines.
    assert!(!md.contains("|---"), "{md}");
    for line in md.lines() {
        assert!(
            line.chars().count() <= 100 || line.contains("](https://"),
            "a long line: {line}"
        );
    }
    // Each further line after a hard break (two spaces), so a CommonMark viewer keeps them apart.
    assert!(md.contains("- [Checkout returned 503s](https://git.example.com/sre/pm/-/blob/main/postmortems/2026-11-10-checkout-503s.md)  \n  SEV1 · in-review · started 2026-11-10 10:12 CET  \n  detected in 7m · mitigated in 48m · resolved in 3h 05m\n"), "{md}");
    assert!(md.contains("  detected in 1h 00m · not resolved\n"), "{md}");
    insta::assert_snapshot!("markdown", md);
    // The broken document: on stderr at file:line:column, and left out.
    assert!(
        stderr.contains("postmortems/2026-11-15-broken-severity.md:4:"),
        "{stderr}"
    );
    assert!(stderr.contains("1 broken postmortem left out"), "{stderr}");
    assert!(!md.contains("Broken severity"), "{md}");
    assert!(md.contains("1 broken postmortem left out"), "{md}");
}

#[test]
fn plain_text_is_the_human_format() {
    let env = fixture_repo();
    let (code, text, _) = report(&env, &["--month", "2026-11", "--format", "human"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("human", text);
    let (_, alias, _) = report(&env, &["--month", "2026-11", "--format", "text"]);
    assert_eq!(alias, text, "`text` is the old name of `human`");
    assert!(!text.contains('['), "no markdown in plain text: {text}");
}

#[test]
fn without_document_url_the_path_is_shown() {
    let env = fixture_repo();
    env.write("pm.yaml", "timezone: Europe/Berlin\n");
    let (_, md, _) = report(&env, &["--month", "2026-11"]);
    assert!(
        md.contains("- Checkout returned 503s  \n  SEV1 · in-review · started 2026-11-10 10:12 CET  \n  detected in 7m · mitigated in 48m · resolved in 3h 05m  \n  postmortems/2026-11-10-checkout-503s.md\n"),
        "{md}"
    );
    let r = report_json(&env, &["--month", "2026-11"]);
    assert_eq!(r["postmortems"][1]["url"], Value::Null);
    assert_eq!(
        r["postmortems"][1]["path"],
        "postmortems/2026-11-10-checkout-503s.md"
    );
}

#[test]
fn titles_cannot_inject_markdown() {
    let env = fixture_repo();
    env.write(
        "postmortems/2026-11-21-x.md",
        "---\ntitle: \"1. [click](javascript:alert(1)) <b>\"\nstatus: draft\nseverity: SEV3\nstarted_at: 2026-11-21T10:00:00Z\nservices: [x]\nauthors: [Ana Lima]\n---\n# x\n\n## Summary\nx\n",
    );
    env.write("pm.yaml", "timezone: Europe/Berlin\n");
    let (_, md, _) = report(&env, &["--month", "2026-11"]);
    // No list number, link or HTML tag: `[` and `<` escaped, nothing else.
    assert!(
        md.contains("- 1\\. \\[click](javascript:alert(1)) \\<b>  \n"),
        "{md}"
    );
}

/// Chat and mail show a backslash or an entity as it is: only what makes structure is
/// escaped; `snake_case` and code spans are left as written.
#[test]
fn markdown_keeps_plain_titles_and_code_spans_for_chat() {
    let env = fixture_repo();
    env.write(
        "postmortems/2026-11-21-x.md",
        "---\ntitle: \"orders_db replica_lag on db-3 <prod>\"\nstatus: draft\nseverity: SEV3\nstarted_at: 2026-11-21T10:00:00Z\nservices: [x]\nauthors: [Ana Lima]\nremediation:\n  - title: \"Set `max_wal_size` to 4GB\"\n    owner: Ana Lima\n---\n# x\n\n## Summary\nx\n",
    );
    env.write("pm.yaml", "timezone: Europe/Berlin\n");
    let (code, md, stderr) = report(&env, &["--month", "2026-11"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        md.contains("- orders_db replica_lag on db-3 \\<prod>  \n"),
        "{md}"
    );
    assert!(md.contains("- Set `max_wal_size` to 4GB  \n"), "{md}");
    assert!(
        !md.contains("&lt;") && !md.contains("\\_") && !md.contains("\\`"),
        "{md}"
    );
}

#[test]
fn bad_input_is_a_usage_error_and_prints_nothing() {
    let env = fixture_repo();
    for (args, says) in [
        (
            vec!["--since", "30d", "--month", "2026-11"],
            "cannot be used with",
        ),
        (
            vec!["--month", "2026-11", "--quarter", "2026Q4"],
            "cannot be used with",
        ),
        (vec!["--month", "2026-13"], "is not a month"),
        (vec!["--month", "11-2026"], "is not a month"),
        (vec!["--quarter", "2026Q5"], "is not a quarter"),
        (vec!["--since", "yesterday-ish"], "YYYY-MM-DD"),
        (vec!["--month", "2027-01"], "starts after today"),
        (vec!["--format", "csv"], "invalid value"),
    ] {
        let (code, stdout, stderr) = report(&env, &args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn send_without_mail_settings_says_what_to_add_and_sends_nothing() {
    let env = fixture_repo();
    env.write("pm.yaml", "timezone: Europe/Berlin\n");
    let (code, stdout, stderr) = report(&env, &["--send"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("no `meeting.organizer`"), "{stderr}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    env.write(
        "pm.yaml",
        "timezone: Europe/Berlin\nmeeting:\n  organizer: {name: SRE team, email: sre@example.com}\n",
    );
    let (code, stdout, stderr) = report(&env, &["--send"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("no `meeting.mailing_list`"), "{stderr}");
}

/// The fixture's pm.yaml, sending through SMTP on localhost:`port`.
fn with_smtp(env: &TestEnv, port: u16) {
    let yaml = env.read("pm.yaml").replace(
        "meeting:\n",
        &format!(
            "meeting:\n  send: {{smtp: {{host: 127.0.0.1, port: {port}, starttls: false}}}}\n"
        ),
    );
    env.write("pm.yaml", yaml);
}

#[test]
fn send_mails_the_digest_through_a_real_smtp_server() {
    let (port, inbox) = crate::schedule_send::smtp_server();
    let env = fixture_repo();
    with_smtp(&env, port);
    let (code, stdout, stderr) = report(&env, &["--month", "2026-11", "--send"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("mailed \"Postmortem digest: November 2026 (3 postmortems, 3 remediation items overdue)\" to postmortems@example.com"),
        "{stderr}"
    );
    let received = inbox.lock().expect("inbox").clone();
    assert_eq!(received.len(), 1, "one message");
    let (to, raw) = &received[0];
    assert_eq!(to, &["postmortems@example.com".to_string()]);
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a MIME message");
    assert_eq!(
        message.subject(),
        Some("Postmortem digest: November 2026 (3 postmortems, 3 remediation items overdue)")
    );
    let from = message.from().and_then(|f| f.first()).expect("from");
    assert_eq!(from.address(), Some("sre@example.com"));
    let parts = crate::schedule_send::parts(raw);
    assert_eq!(parts.len(), 1, "{parts:?}");
    let (kind, _, text) = &parts[0];
    assert_eq!(kind, "text/plain");
    // The body is the digest as printed: markdown, the default.
    assert_eq!(text.replace("\r\n", "\n").trim_end(), stdout.trim_end());
}

#[test]
fn a_failing_transport_is_an_error_and_prints_no_digest() {
    let env = fixture_repo();
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    with_smtp(&env, port);
    let (code, stdout, stderr) = report(&env, &["--send"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("the digest was not sent"), "{stderr}");
}
