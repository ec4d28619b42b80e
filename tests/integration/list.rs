//! Tests of `pm list`: the formats, ordering, every filter, broken documents, and a reader
//! that closes the pipe early.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::env::{NOW, TestEnv, output};

/// A body with every required section filled, so documents differ only in front matter.
pub const BODY: &str = "
## Summary
Something broke and was fixed.

## Impact
Some requests failed.

## Timeline
- 09:12 UTC it started

## Discussion
### Did we detect that something was wrong properly and fast enough?
Yes.

## Remediation items
See the front matter.
";

/// A postmortem whose front matter is `fields` (YAML lines, each ending in a newline).
pub fn doc(fields: &str) -> String {
    format!("---\n{fields}---\n{BODY}")
}

/// Four valid postmortems that differ in every filtered field.
fn sample(env: &TestEnv) {
    env.write(
        "postmortems/2026-03-14-checkout-503s.md",
        doc("title: Checkout API returned 503s
status: published
severity: SEV2
started_at: 2026-03-14T09:12:00Z
detected_at: 2026-03-14T09:19:00Z
resolved_at: 2026-03-14T10:05:00Z
services: [checkout-api, config-service]
tags: [config, deploy]
remediation:
  - title: Page on 5xx rate
    owner: Ben Okafor
    status: done
  - title: Lock config pushes
    owner: Farid Haddad
"),
    );
    env.write(
        "postmortems/2026-06-02-ledger-cert.md",
        doc("title: Expired certificate on the ledger API
status: in-review
severity: SEV3
started_at: 2026-06-02T03:14:00Z
detected_at: 2026-06-02T06:47:00Z
services: [ledger-api]
tags: [tls]
"),
    );
    // Same start as the next one: the id decides.
    env.write(
        "postmortems/2026-10-27-orders-db-lag.md",
        doc("title: Orders database replica lag
status: draft
severity: SEV1
started_at: 2026-10-27T14:05:00Z
services: [orders-db]
tags: [database, deploy]
"),
    );
    env.write(
        "postmortems/2026-10-27-mobile-retries.md",
        doc("title: Mobile app retried orders
status: draft
severity: SEV1
started_at: 2026-10-27T14:05:00Z
detected_at: 2026-10-27T14:18:00Z
resolved_at: 2026-10-28T16:20:00Z
services: [mobile-app]
tags: [Database]
"),
    );
}

/// The ids `pm list --format csv` prints, in order.
fn ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let (code, stdout, stderr) = output(env.pm().args(["list", "--format", "csv"]).args(args));
    assert_eq!(code, 0, "{stderr}");
    stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn table_is_newest_first_with_durations_and_open_items() {
    let env = TestEnv::new();
    sample(&env);
    let (code, stdout, stderr) = output(env.pm().arg("list"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    insta::assert_snapshot!(stdout);
}

#[test]
fn order_is_start_descending_then_id() {
    let env = TestEnv::new();
    sample(&env);
    assert_eq!(
        ids(&env, &[]),
        [
            "2026-10-27-mobile-retries",
            "2026-10-27-orders-db-lag",
            "2026-06-02-ledger-cert",
            "2026-03-14-checkout-503s"
        ]
    );
}

#[test]
fn csv_markdown_and_json() {
    let env = TestEnv::new();
    sample(&env);
    for format in ["csv", "markdown", "json"] {
        let (code, stdout, stderr) = output(env.pm().args(["list", "--format", format]));
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("format_{format}"), stdout);
    }
}

#[test]
fn json_values_are_typed() {
    let env = TestEnv::new();
    sample(&env);
    let (_, stdout, _) = output(env.pm().args(["list", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let last = &v[3];
    assert_eq!(last["id"], "2026-03-14-checkout-503s");
    assert_eq!(last["time_to_detect_seconds"], 420);
    assert_eq!(last["time_to_resolve_seconds"], 3180);
    assert_eq!(last["open_items"], 1);
    assert_eq!(last["remediation_items"], 2);
    assert_eq!(last["broken"], false);
    assert_eq!(v[1]["resolved_at"], serde_json::Value::Null);
}

#[test]
fn status_filter_is_repeatable_and_takes_commas() {
    let env = TestEnv::new();
    sample(&env);
    assert_eq!(
        ids(&env, &["--status", "in-review"]),
        ["2026-06-02-ledger-cert"]
    );
    assert_eq!(
        ids(&env, &["--status", "published", "--status", "in-review"]),
        ["2026-06-02-ledger-cert", "2026-03-14-checkout-503s"]
    );
    assert_eq!(ids(&env, &["--status", "published,in-review"]).len(), 2);
    let (code, _, stderr) = output(env.pm().args(["list", "--status", "done"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("possible values: draft, in-review, published"),
        "{stderr}"
    );
}

#[test]
fn severity_filter_ignores_case_and_rejects_unknown_names() {
    let env = TestEnv::new();
    sample(&env);
    assert_eq!(
        ids(&env, &["--severity", "sev2", "--severity", "SEV3"]),
        ["2026-06-02-ledger-cert", "2026-03-14-checkout-503s"]
    );
    let (code, stdout, stderr) = output(env.pm().args(["list", "--severity", "SEV-2"]));
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    insta::assert_snapshot!(stderr, @r"
    error: --severity: `SEV-2` is not one of the severities: SEV1, SEV2, SEV3, SEV4
    hint: did you mean `SEV2`?
    ");
    let (code, _, stderr) = output(env.pm().args(["list", "--severity", "critical"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("hint: severities are configured in pm.yaml"),
        "{stderr}"
    );
}

#[test]
fn service_and_tag_filters() {
    let env = TestEnv::new();
    sample(&env);
    assert_eq!(
        ids(&env, &["--service", "ledger-api"]),
        ["2026-06-02-ledger-cert"]
    );
    assert_eq!(ids(&env, &["--service", "ledger"]), Vec::<String>::new());
    // Tags match whole, ignoring case.
    assert_eq!(
        ids(&env, &["--tag", "database"]),
        ["2026-10-27-mobile-retries", "2026-10-27-orders-db-lag"]
    );
    assert_eq!(
        ids(&env, &["--tag", "deploy", "--service", "orders-db"]),
        ["2026-10-27-orders-db-lag"]
    );
}

#[test]
fn since_and_until_are_inclusive_start_dates() {
    let env = TestEnv::new();
    sample(&env);
    assert_eq!(
        ids(&env, &["--since", "2026-06-02", "--until", "2026-10-26"]),
        ["2026-06-02-ledger-cert"]
    );
    assert_eq!(
        ids(&env, &["--since", "2026-10-27"]),
        ["2026-10-27-mobile-retries", "2026-10-27-orders-db-lag"]
    );
    assert_eq!(
        ids(&env, &["--until", "2026-03-14"]),
        ["2026-03-14-checkout-503s"]
    );
}

#[test]
fn dates_are_days_in_the_repository_time_zone() {
    let env = TestEnv::new();
    env.write("pm.yaml", "timezone: America/New_York\n");
    // 02:00 UTC on the 15th is still the 14th in New York.
    env.write(
        "postmortems/2026-03-14-late.md",
        doc("title: Late night
status: draft
severity: SEV4
started_at: 2026-03-15T02:00:00Z
"),
    );
    assert_eq!(ids(&env, &["--until", "2026-03-14"]), ["2026-03-14-late"]);
    let (_, stdout, _) = output(env.pm().args(["list", "--format", "csv"]));
    assert!(stdout.contains("2026-03-14-late,2026-03-14,"), "{stdout}");
}

#[test]
fn invalid_dates_are_usage_errors() {
    let env = TestEnv::new();
    sample(&env);
    let (code, stdout, stderr) = output(env.pm().args(["list", "--since", "2026-02-30"]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr
            .contains("'2026-02-30' for '--since <DATE>': 2026-02-30 is not a day of the calendar"),
        "{stderr}"
    );
    let (code, _, stderr) = output(env.pm().args(["list", "--until", "last week"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not a date in the form YYYY-MM-DD"),
        "{stderr}"
    );
    let (code, _, stderr) =
        output(
            env.pm()
                .args(["list", "--since", "2026-12-01", "--until", "2026-01-01"]),
        );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--since 2026-12-01 is after --until 2026-01-01"),
        "{stderr}"
    );
}

#[test]
fn no_match_says_so_on_stderr_only() {
    let env = TestEnv::new();
    sample(&env);
    let (code, stdout, stderr) = output(env.pm().args(["list", "--tag", "nothing"]));
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(stderr, "no postmortem matches these filters\n");
    // Machine formats still print a well-formed, empty result.
    let (_, stdout, _) = output(
        env.pm()
            .args(["list", "--tag", "nothing", "--format", "json"]),
    );
    assert_eq!(stdout, "[]\n");
}

#[test]
fn broken_documents_are_listed_marked_and_reported() {
    let env = TestEnv::new();
    sample(&env);
    // A wrong severity and a bad timestamp: the rest is still readable.
    env.write(
        "postmortems/2026-09-01-half-broken.md",
        doc("title: Half broken
status: published
severity: SEV9
started_at: 2026-09-01T10:00:00Z
resolved_at: yesterday
"),
    );
    // Nothing readable at all.
    env.write(
        "postmortems/2026-01-05-no-front-matter.md",
        "# Just a heading\n",
    );
    env.write(
        "postmortems/2026-02-01-bad-yaml.md",
        "---\ntitle: [unclosed\n---\n",
    );
    let (code, stdout, stderr) = output(env.pm().arg("list"));
    assert_eq!(code, 0, "listing is not checking");
    insta::assert_snapshot!("broken_stdout", stdout);
    insta::assert_snapshot!("broken_stderr", stderr);
    let (_, json, _) = output(
        env.pm()
            .args(["list", "--format", "json", "--status", "published"]),
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let broken: Vec<&serde_json::Value> = v
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["broken"] == true)
        .collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0]["id"], "2026-09-01-half-broken");
    assert_eq!(broken[0]["severity"], serde_json::Value::Null);
    assert_eq!(broken[0]["title"], "Half broken");
}

#[test]
fn outside_a_repository_is_an_error() {
    let env = TestEnv::bare();
    let (code, _, stderr) = output(env.pm().arg("list"));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("not inside a postmortem repository"),
        "{stderr}"
    );
}

/// `pm` as a plain `std::process::Command`, isolated like `TestEnv::pm`, for tests that
/// need the child's pipes or a pseudo-terminal.
fn std_pm(env: &TestEnv) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("pm"));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("PM_") || key.starts_with("GIT_") {
            cmd.env_remove(&*key);
        }
    }
    cmd.current_dir(&env.root)
        .env("HOME", &env.home)
        .env("GIT_CONFIG_GLOBAL", env.home.join(".gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("PM_NOW", NOW)
        .env("NO_COLOR", "1");
    cmd
}

/// On a terminal the table is boxed, and ids are never cut.
#[test]
fn a_terminal_gets_a_boxed_table() {
    let env = TestEnv::new();
    sample(&env);
    let mut cmd = std_pm(&env);
    cmd.arg("list");
    let text = on_a_terminal(cmd);
    assert!(text.contains('╭') && text.contains('╰'), "{text}");
    assert_whole_ids(&text);
}

/// Every id of `sample` is in a boxed row, whole.
fn assert_whole_ids(text: &str) {
    for id in [
        "│ 2026-10-27-mobile-retries ",
        "│ 2026-10-27-orders-db-lag ",
        "│ 2026-06-02-ledger-cert ",
        "│ 2026-03-14-checkout-503s ",
    ] {
        assert!(text.contains(id), "{id} in {text}");
    }
}

/// What `pm list` shows on a pseudo-terminal `COLUMNS` wide.
fn list_on_a_terminal(env: &TestEnv, columns: u16) -> String {
    let mut cmd = std_pm(env);
    cmd.arg("list").env("COLUMNS", columns.to_string());
    on_a_terminal(cmd)
}

/// What `cmd` writes on a pseudo-terminal, lines ending in `\n`.
fn on_a_terminal(cmd: std::process::Command) -> String {
    let mut session = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    // rexpect hands back each byte as one char; put the UTF-8 back together.
    let bytes: Vec<u8> = session
        .exp_eof()
        .expect("output")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// A narrow terminal (COLUMNS=60) loses the columns least needed, never a cut id, and no
/// line is wider than the terminal.
#[test]
fn a_narrow_terminal_drops_columns_by_priority_and_never_cuts_an_id() {
    let env = TestEnv::new();
    sample(&env);
    let text = list_on_a_terminal(&env, 60);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 60,
            "wider than 60: {line:?}\n{text}"
        );
    }
    let header = text.lines().find(|l| l.contains(" id ")).expect("a header");
    for kept in ["id", "severity", "title"] {
        assert!(header.contains(&format!(" {kept} ")), "{kept} in {header}");
    }
    for dropped in ["detect", "resolve", "open"] {
        assert!(!header.contains(dropped), "{dropped} in {header}");
    }
    assert_whole_ids(&text);
    // Wide enough, nothing is left out.
    let wide = list_on_a_terminal(&env, 200);
    assert!(
        wide.contains(" resolve ") && wide.contains(" open "),
        "{wide}"
    );
}

/// An id longer than a boxed row can hold: each id whole on its line, the title under it.
#[test]
fn an_id_wider_than_the_terminal_gets_its_own_line() {
    let env = TestEnv::new();
    let id = "2026-11-20-checkout-api-returned-503s-after-the-config-push";
    env.write(
        &format!("postmortems/{id}.md"),
        "---\ntitle: Checkout API returned 503s after the config push\nstatus: draft\nseverity: SEV2\nstarted_at: 2026-11-20T10:00:00Z\n---\n",
    );
    let text = list_on_a_terminal(&env, 60);
    assert!(text.lines().any(|l| l == id), "{text}");
    assert!(
        text.contains("\n  Checkout API returned 503s after the config push\n"),
        "{text}"
    );
}

/// `pm list | head`: the reader goes away after one line; pm must exit 0 without a word.
#[test]
fn closed_pipe_exits_quietly_in_every_format() {
    let env = TestEnv::new();
    // Enough rows that the output is far larger than a pipe's buffer (64 KiB on Linux).
    for i in 0..1500 {
        env.write(
            &format!("postmortems/2025-01-01-incident-{i:04}.md"),
            format!(
                "---\ntitle: Incident number {i} with a title long enough to fill the pipe quickly, really quite long\nstatus: draft\nseverity: SEV3\nstarted_at: 2025-01-01T10:00:00Z\n---\n"
            ),
        );
    }
    for format in ["table", "csv", "markdown", "json"] {
        let mut cmd = std_pm(&env);
        let mut child = cmd
            .args(["list", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn pm");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("first line");
        assert!(!first.is_empty(), "{format}: no output");
        // The reader is dropped here: pm's next write meets a closed pipe.
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

/// A file that cannot be read at all (here a dangling symlink) is reported, the others are
/// still listed, and the exit code says something was missed.
#[cfg(unix)]
#[test]
fn unreadable_files_are_reported_after_the_listing() {
    let env = TestEnv::new();
    sample(&env);
    std::os::unix::fs::symlink(
        env.path("nowhere.md"),
        env.path("postmortems/2026-01-01-gone.md"),
    )
    .expect("symlink");
    let (code, stdout, stderr) = output(env.pm().args(["list", "--format", "csv"]));
    assert_eq!(code, 2);
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    assert_eq!(
        stderr,
        "error: postmortems/2026-01-01-gone.md: cannot read: no such file or directory\n"
    );
}

#[test]
fn listing_reads_only_the_front_matter() {
    // Bytes that are not UTF-8 after the front matter: `pm check` reports them; `pm list`
    // and `pm overdue` never read that far.
    let env = TestEnv::new();
    let mut text = doc("title: T\nstatus: draft\nseverity: SEV3\nstarted_at: 2026-03-14T09:12:00Z\nremediation:\n  - title: Alert on the error rate\n    owner: Ana\n    due: 2026-04-01\n").into_bytes();
    text.extend_from_slice(b"\nLatin-1 in the body: caf\xe9\n");
    env.write("postmortems/2026-03-14-t.md", &text);
    let (code, stdout, stderr) = output(env.pm().args(["list", "--format", "csv"]));
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.contains("2026-03-14-t,2026-03-14,SEV3,draft,T"),
        "{stdout}"
    );
    let (code, stdout, stderr) = output(env.pm().args(["overdue", "--format", "csv"]));
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.contains("needs_reevaluation,2026-03-14-t,"),
        "{stdout}"
    );
    let (code, _, stderr) = output(env.pm().args(["check"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("error[encoding]"), "{stderr}");
}
