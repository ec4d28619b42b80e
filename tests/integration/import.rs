//! `pm import`: postmortems written to other templates (tests/fixtures/import/team, ours,
//! in the shapes teams use) become pm documents that pass `pm check`; the body is kept
//! byte for byte; a second run changes nothing; `--dry-run` writes nothing. And what
//! import relies on: `timezone:`, date-only starts, history as notes.

use std::collections::BTreeMap;

use crate::check::{check_json, findings};
use crate::env::{TestEnv, fixture_path, output};

const TEAM: &str = "import/team";

/// The team's documents copied to `old/`.
fn env_with_team() -> TestEnv {
    let env = TestEnv::new();
    for entry in std::fs::read_dir(fixture_path(TEAM)).expect("fixtures") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        env.fixture(&format!("{TEAM}/{name}"), &format!("old/{name}"));
    }
    env
}

/// Every file under `postmortems/`, by name.
fn written(env: &TestEnv) -> BTreeMap<String, String> {
    std::fs::read_dir(env.path("postmortems"))
        .expect("postmortems")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).expect("read"),
            )
        })
        .collect()
}

fn import(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = output(env.pm().arg("import").args(args));
    assert!(!err.contains("panicked"), "{err}");
    (code, out, err)
}

/// The `sections:` block the report advises.
fn advised_sections(stderr: &str) -> String {
    let start = stderr.find("sections:\n").expect("advice");
    stderr[start..]
        .lines()
        .take_while(|l| l.starts_with("sections:") || l.starts_with("  "))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn front_of(text: &str) -> &str {
    let end = text[4..].find("\n---\n").expect("front matter") + 4;
    &text[4..end]
}

fn body_of(text: &str) -> &str {
    let end = text[4..].find("\n---\n").expect("front matter") + 4 + 5;
    &text[end..]
}

#[test]
fn every_template_imports_and_then_passes_pm_check() {
    let env = env_with_team();
    let (code, stdout, stderr) = import(&env, &["old", "--severity", "SEV3"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let files = written(&env);
    assert_eq!(files.len(), 13, "{stdout}");
    assert!(
        stderr.contains("imported 13 documents (10 renamed, 31 remediation items found)"),
        "{stderr}"
    );
    // The body byte for byte: the source without its own front matter.
    for (name, text) in &files {
        let source_name = stdout
            .lines()
            .find(|l| l.ends_with(&format!("wrote postmortems/{name}")))
            .and_then(|l| l.split(": wrote").next())
            .unwrap_or_else(|| panic!("{name} not in the report:\n{stdout}"));
        let source = env.read(source_name);
        let source_body = match source.strip_prefix("---\n") {
            Some(rest) => &rest[rest.find("\n---\n").expect("fence") + 5..],
            None => source.as_str(),
        };
        assert_eq!(body_of(text), source_body, "{name}");
    }
    // Without the sections the report advises, the team's headings are missing sections.
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert!(findings(&report).iter().any(|f| f.1 == "missing-section"));
    let advice = advised_sections(&stderr);
    assert!(
        advice.contains("Remediation items: {aliases: [") && advice.contains("Action items"),
        "{advice}"
    );
    env.write("pm.yaml", &advice);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    // What only new work needs (owners, done dates) is said as notes for history.
    assert!(
        report["summary"]["notes"].as_u64().unwrap_or(0) > 20,
        "{report:#}"
    );
    let notes: Vec<String> = findings(&report).into_iter().map(|f| f.1).collect();
    assert!(notes.contains(&"remediation-no-owner".to_string()));
}

#[test]
fn what_each_template_gives() {
    let env = env_with_team();
    import(&env, &["old", "--severity", "SEV3"]);
    let files = written(&env);
    let front = |name: &str| {
        front_of(
            files
                .get(name)
                .unwrap_or_else(|| panic!("{name}: {:?}", files.keys())),
        )
        .to_string()
    };
    // Bullets, a local zone, a date in the H1: the file name's date is the local day.
    let hub = front("2021-06-03-the-hub-was-unreachable-for-most-users.md");
    assert_eq!(
        hub,
        "title: The hub was unreachable for most users\nstatus: published\nseverity: SEV2\nstarted_at: 2021-06-03T17:14:00-07:00\ndetected_at: 2021-06-03T17:21:00-07:00\nresolved_at: 2021-06-03T17:59:00-07:00\ntimezone: America/Los_Angeles\nauthors: [Rosa Mendes, Tomas Varga]\nimported: true\nremediation:\n  - title: \"Check the certificate file is not empty before reloading (owner: Rosa Mendes, [#412](https://github.com/example/infra/issues/412))\"\n    owner: Rosa Mendes\n    ticket: https://github.com/example/infra/issues/412\n  - title: \"Alert on certificate expiry at 14 days rather than 2 — owner: Tomas Varga\"\n    owner: Tomas Varga\n  - title: Document the manual restore in the runbook (done)\n    status: done"
    );
    // Numbered items grouped under ###, a date heading in the timeline, "Postmortem:" dropped.
    let search = front("2022-02-11-search-results-took-seconds-to-load.md");
    assert!(
        search.contains("title: Search results took seconds to load\n"),
        "{search}"
    );
    assert!(
        search.contains("started_at: 2022-02-11T09:02:00Z\n"),
        "{search}"
    );
    assert!(
        search.contains("    ticket: SRCH-203\n    status: done\n")
            || search.ends_with("    ticket: SRCH-203\n    status: done"),
        "{search}"
    );
    assert_eq!(search.matches("  - title:").count(), 3, "{search}");
    // Checkboxes, P1, a multi-line item whole.
    let queue = front("2023-05-08-email-queue-stopped-sending.md");
    assert!(queue.contains("severity: SEV1\n"), "{queue}");
    assert!(
        queue.contains(
            "  - title: Pin the pool size in the worker configuration\n    status: done\n"
        ),
        "{queue}"
    );
    assert!(queue.contains("with a production-sized queue"), "{queue}");
    // Bold-titled paragraphs.
    let billing = front("2020-11-02-nightly-billing-export-failed.md");
    assert!(
        billing.contains(
            "  - title: Grant the export role write access explicitly\n    owner: Lena Fischer\n"
        ),
        "{billing}"
    );
    assert!(billing.contains("    ticket: FIN-88\n"), "{billing}");
    assert!(billing.contains("facilitator: Lena Fischer\n"), "{billing}");
    // Tables: the facts and the items.
    let cdn = front("2024-07-19-cdn-returned-502s-for-static-assets.md");
    assert!(
        cdn.contains("severity: SEV3\n") && cdn.contains("started_at: 2024-07-19T13:20:00Z\n"),
        "{cdn}"
    );
    assert!(
        cdn.contains("    ticket: CDN-16\n    status: wontfix"),
        "{cdn}"
    );
    // A "Stats" list; `high` is the second severity.
    let login = front("2021-10-04-users-were-sent-back-to-the-login-page.md");
    assert!(
        login.contains("severity: SEV2\n") && login.contains("detected_at: 2021-10-04T14:20:00Z\n"),
        "{login}"
    );
    // A date alone: the day, no time invented.
    let dns = front("2019-04-02-internal-dns-resolution-failures.md");
    assert!(dns.contains("started_at: 2019-04-02\n"), "{dns}");
    assert!(!dns.contains("resolved_at"), "{dns}");
    // No H1: the title from the file name; its name kept.
    let disk = front("2018-09-12-disk-full-on-build-agents.md");
    assert!(
        disk.contains("title: Disk full on build agents\n")
            && disk.contains("started_at: 2018-09-12T08:10:00Z\n"),
        "{disk}"
    );
    // Front matter already there: its values used, its lines kept as comments.
    let jekyll = front("2022-08-30-object-storage-writes-failed-in-one-region.md");
    assert!(
        jekyll.contains("title: Object storage writes failed in one region\n"),
        "{jekyll}"
    );
    assert!(
        jekyll.contains("authors: [Marta Nowak]\ntags: [storage, incident]\n")
            || jekyll.contains("tags: [storage, incident]\nauthors: [Marta Nowak]\n"),
        "{jekyll}"
    );
    assert!(jekyll.contains("# layout: post\n"), "{jekyll}");
    // Midnight passed in CET: the day after, kept in order.
    let pay = front("2023-01-14-payments-timeouts.md");
    assert!(
        pay.contains("started_at: 2023-01-14T23:40:00+01:00\n")
            && pay.contains("resolved_at: 2023-01-15T00:20:00+01:00\n"),
        "{pay}"
    );
    // BST fields, struck-through and ticked items.
    let gateway = front("2024-06-21-api-gateway-restarts.md");
    assert!(
        gateway.contains("started_at: 2024-06-21T16:10:00+01:00\n")
            && gateway.contains("timezone: Europe/London\n"),
        "{gateway}"
    );
    assert_eq!(gateway.matches("status: done").count(), 2, "{gateway}");
    // A table timeline in EDT, an owner in a nested item.
    let backlog = front("2025-03-10-job-workers-fell-behind.md");
    assert!(
        backlog.contains("started_at: 2025-03-10T09:00:00-04:00\n")
            && backlog.contains("    owner: Sam Okoro\n    ticket: OPS-77\n"),
        "{backlog}"
    );
    // No severity stated: --severity.
    let status = front("2021-02-01-status-page-showed-a-stale-incident.md");
    assert!(status.contains("severity: SEV3\n"), "{status}");
}

#[test]
fn the_report_lists_what_was_not_found_and_renamed_ids() {
    let env = env_with_team();
    let (code, stdout, _) = import(&env, &["old/no-severity.md"]);
    assert_eq!(code, 1, "severity is required and was not found:\n{stdout}");
    assert!(
        stdout.contains("  id: no-severity -> 2021-02-01-status-page-showed-a-stale-incident\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  not found: severity, detected_at, resolved_at, authors\n"),
        "{stdout}"
    );
    let (code, stdout, _) = import(&env, &["old/2018-09-12-disk-full-on-build-agents.md"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("title: Disk full on build agents (from the file name)"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("  id:"),
        "the file's own name is kept:\n{stdout}"
    );
}

#[test]
fn importing_twice_changes_nothing() {
    let env = env_with_team();
    import(&env, &["old", "--severity", "SEV3"]);
    let first = written(&env);
    let (code, _, stderr) = import(&env, &["old", "--severity", "SEV3"]);
    assert_eq!(code, 0);
    assert_eq!(written(&env), first);
    assert!(
        stderr.contains(
            "imported 0 documents (0 renamed, 31 remediation items found), 13 already imported"
        ),
        "{stderr}"
    );
    // A document edited since is left as it is too.
    let name = "2019-04-02-internal-dns-resolution-failures.md";
    let edited = first[name].replace("severity: SEV2", "severity: SEV1");
    env.write(&format!("postmortems/{name}"), &edited);
    import(&env, &["old", "--severity", "SEV3"]);
    assert_eq!(env.read(&format!("postmortems/{name}")), edited);
    // Importing the postmortems folder itself finds pm documents only.
    let (_, stdout, _) = import(&env, &["postmortems"]);
    assert_eq!(
        stdout.matches("already a pm document").count(),
        13,
        "{stdout}"
    );
    assert_eq!(written(&env).len(), 13);
}

#[test]
fn dry_run_shows_a_diff_and_writes_nothing() {
    let env = env_with_team();
    let (code, stdout, stderr) = import(&env, &["old", "--dry-run", "--severity", "SEV3"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(written(&env).is_empty());
    assert!(
        stdout.contains("--- a/old/hub-outage.md\n+++ b/postmortems/2021-06-03-the-hub-was-unreachable-for-most-users.md\n@@ -1,3 +1,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+title: The hub was unreachable for most users\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n # 2021-06-03: The hub was unreachable for most users\n"),
        "{stdout}"
    );
    // The original front matter goes, the new one comes.
    assert!(stdout.contains("\n----\n-layout: post\n"), "{stdout}");
    assert!(stderr.contains("would import 13 documents"), "{stderr}");
}

#[test]
fn importing_inside_the_postmortems_folder_renames_the_file() {
    let env = TestEnv::new();
    env.fixture(
        &format!("{TEAM}/hub-outage.md"),
        "postmortems/hub-outage.md",
    );
    let (code, stdout, _) = import(&env, &["postmortems"]);
    assert_eq!(code, 0, "{stdout}");
    let files = written(&env);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["2021-06-03-the-hub-was-unreachable-for-most-users.md"]
    );
    assert!(
        stdout.contains("id: hub-outage -> 2021-06-03-the-hub-was-unreachable-for-most-users"),
        "{stdout}"
    );
}

#[test]
fn overdue_leaves_history_out_unless_asked() {
    let env = env_with_team();
    import(&env, &["old", "--severity", "SEV3"]);
    let (code, stdout, stderr) = output(env.pm().arg("overdue"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("No open remediation item is overdue"),
        "{stdout}"
    );
    assert!(!stderr.contains("remediation-no-owner"), "{stderr}");
    // Said, not silent: how many were left out and how to list them.
    let note = "of history (imported, or before pm.yaml's history.before) left out; `--include-history` lists";
    assert!(stdout.contains(note), "{stdout}");
    let (code, _, _) = output(env.pm().args(["overdue", "--fail-if-any"]));
    assert_eq!(code, 0);
    let (_, md, _) = output(env.pm().args(["overdue", "--format", "markdown"]));
    assert!(md.contains(note), "{md}");
    let (_, json, _) = output(env.pm().args(["overdue", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let left_out = json["history_left_out"].as_u64().expect("history_left_out");
    assert!(left_out > 0, "{json:#}");
    assert_eq!(json["counts"]["overdue"], 0);
    let (_, csv, _) = output(env.pm().args(["overdue", "--format", "csv"]));
    assert_eq!(csv.lines().count(), 1, "{csv}");
    let (_, json, _) = output(
        env.pm()
            .args(["overdue", "--format", "json", "--include-history"]),
    );
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["history_left_out"], 0);
    assert_eq!(
        json["items"].as_array().map(Vec::len),
        Some(left_out as usize),
        "{json:#}"
    );
    let (_, stdout, _) = output(env.pm().args(["overdue", "--include-history"]));
    assert!(!stdout.contains(note), "{stdout}");
    // pm report says so too, for the overdue ones.
    let (_, report, _) = output(env.pm().arg("report"));
    assert!(report.contains("Nothing is overdue."), "{report}");
    assert!(
        report.contains("of history (imported, or before pm.yaml's history.before) left out; `pm overdue --include-history` lists"),
        "{report}"
    );
    let (_, json, _) = output(env.pm().args(["report", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let n = json["remediation"]["history_overdue_left_out"].as_u64();
    assert!(n.is_some_and(|n| n > 0), "{json:#}");
    // pm stats measures the whole record: history's overdue items are counted.
    let (_, json, _) = output(env.pm().args(["stats", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        json["total"]["remediation"]["overdue"].as_u64(),
        n,
        "{json:#}"
    );
    assert!(
        stdout.contains("2021-06-03-the-hub-was-unreachable-for-most-users"),
        "{stdout}"
    );
}

const OLD: &str = "---\ntitle: Disk full\nstatus: published\nseverity: SEV2\nstarted_at: 2020-03-01T10:00:00Z\nremediation:\n  - title: Alert at 85% disk\n---\n\n# Disk full\n\n## Summary\n\nx\n\n## Impact\n\nx\n\n## Timeline\n\n- 10:00 x\n\n## Discussion\n\nx\n\n## Remediation items\n\nx\n";

#[test]
fn history_before_in_pm_yaml_makes_new_work_checks_notes() {
    let env = TestEnv::new();
    env.write("postmortems/2020-03-01-disk-full.md", OLD);
    let (_, report, _) = check_json(&env, &[]);
    let severity =
        |r: &serde_json::Value| r["diagnostics"][0]["severity"].as_str().map(str::to_string);
    assert_eq!(report["diagnostics"][0]["rule"], "remediation-no-owner");
    assert_eq!(severity(&report).as_deref(), Some("warning"));
    env.write("pm.yaml", "history: {before: 2021-01-01}\n");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(severity(&report).as_deref(), Some("note"), "{report:#}");
    assert_eq!(report["summary"]["notes"], 1);
    // A severity pm.yaml gives the rule still wins.
    env.write(
        "pm.yaml",
        "history: {before: 2021-01-01}\nlint: {severity: {remediation-no-owner: error}}\n",
    );
    let (code, _, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    env.write("pm.yaml", "history: {before: soon}\n");
    let (code, _, stderr) = check_json(&env, &[]);
    assert_eq!(code, 1, "{stderr}");
}

#[test]
fn a_document_time_zone_sets_its_file_date_and_reads_naive_times() {
    let env = TestEnv::new();
    let doc = OLD
        .replace(
            "started_at: 2020-03-01T10:00:00Z",
            "started_at: 2020-03-01T17:14:00\ntimezone: America/Los_Angeles",
        )
        .replace("remediation:\n  - title: Alert at 85% disk\n", "");
    env.write("pm.yaml", "lint: {disable: [no-remediation]}\n");
    env.write("postmortems/2020-03-01-disk-full.md", &doc);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    // Read in UTC, the same wall-clock time is on the other day.
    let (code, report, _) = {
        env.write(
            "postmortems/2020-03-01-disk-full.md",
            doc.replace(
                "started_at: 2020-03-01T17:14:00",
                "started_at: 2020-03-02T01:14:00Z",
            )
            .replace("timezone: America/Los_Angeles\n", ""),
        );
        check_json(&env, &[])
    };
    assert_eq!(code, 1);
    assert_eq!(findings(&report)[0].1, "file-name");
    env.write(
        "postmortems/2020-03-01-disk-full.md",
        doc.replace("America/Los_Angeles", "PST"),
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report)[0].1, "invalid-value", "{report:#}");
}

#[test]
fn a_date_alone_starts_the_day_and_leaves_durations_out() {
    let env = TestEnv::new();
    let doc = OLD.replace(
        "started_at: 2020-03-01T10:00:00Z",
        "started_at: 2020-03-01\nresolved_at: 2020-03-01T16:00:00Z",
    );
    env.write("postmortems/2020-03-01-disk-full.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.1).collect();
    assert_eq!(rules, ["remediation-no-owner"], "{report:#}");
    let (code, stdout, _) = output(env.pm().args(["list", "--format", "json"]));
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let row = &list[0];
    assert_eq!(
        row["time_to_resolve_seconds"],
        serde_json::Value::Null,
        "{row:#}"
    );
}

/// A document that states its start, with a timeline of times without a date.
const STATED_START: &str = "# Hub down\n\n- Start time: 2021-06-03 14:02 UTC\n- Severity: Sev2\n\n## Timeline\n\n- 14:10 on-call paged\n- 15:00 service restored\n";

#[test]
fn a_stated_start_dates_the_timeline_which_gives_the_other_times() {
    let env = TestEnv::new();
    env.write("old/hub.md", STATED_START);
    let (code, stdout, stderr) = import(&env, &["old", "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "started_at: 2021-06-03 14:02 UTC (from `Start time: 2021-06-03 14:02 UTC`)",
        "detected_at: 2021-06-03 14:10 UTC (from the timeline row that says it was noticed (line 8))",
        "resolved_at: 2021-06-03 15:00 UTC (from the last timeline row (line 9))",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    assert!(!stdout.contains("not found: detected_at"), "{stdout}");
    // A stated detection still wins over the timeline.
    env.write(
        "old/hub.md",
        STATED_START.replace("- Severity", "- Detected: 2021-06-03 14:05 UTC\n- Severity"),
    );
    let (_, stdout, _) = import(&env, &["old"]);
    let doc = &written(&env)["2021-06-03-hub-down.md"];
    let front = front_of(doc);
    assert!(
        front.contains("started_at: 2021-06-03T14:02:00Z"),
        "{front}"
    );
    assert!(
        front.contains("detected_at: 2021-06-03T14:05:00Z"),
        "{front}\n{stdout}"
    );
    assert!(
        front.contains("resolved_at: 2021-06-03T15:00:00Z"),
        "{front}"
    );
}

#[test]
fn odd_files_are_reported_never_a_panic() {
    let env = TestEnv::new();
    env.write("in/empty.md", "");
    env.write("in/unclosed.md", "---\ntitle: [unclosed\n");
    env.write("in/blank-front.md", "---\n---\n# Title only\n");
    env.write("in/deep.md", format!("{}x\n", "- ".repeat(3000)));
    env.write("in/quotes.md", format!("{}x\n", "> ".repeat(5000)));
    env.write(
        "in/far.md",
        "# 9999-12-31: far away\n\n## Timeline\n\n- 23:50 a\n- 00:10 b\n",
    );
    env.write("in/binary.md", b"\x00\x01\x02");
    let (code, stdout, stderr) = import(&env, &["in", "--severity", "SEV3"]);
    assert_eq!(code, 2, "the binary file is not read:\n{stdout}{stderr}");
    assert!(
        stdout.contains("in/binary.md: the file is binary"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("started_at: 9999") && !stdout.contains("+10000"),
        "a year pm cannot write is no date:\n{stdout}"
    );
    assert!(
        !stdout.contains("note: the original front matter is not a YAML mapping\n  "),
        "{stdout}"
    );
    assert_eq!(written(&env).len(), 6);
}

/// `pm check` writes its human report a batch of files at a time: the summary counts the
/// notes of every batch, not only the last one's (600 documents: more than one batch).
#[test]
fn the_summary_counts_the_notes_of_every_batch() {
    let env = TestEnv::new();
    let doc = crate::env::VALID
        .replace("status: published\n", "status: published\nimported: true\n")
        .replace("    owner: Ben Okafor\n", "");
    for n in 0..600 {
        env.write(
            &format!("postmortems/2026-03-14-checkout-503s-{n:03}.md"),
            &doc,
        );
    }
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    let per_doc = report["summary"]["notes"].as_u64().expect("notes") / 600;
    assert!(per_doc >= 1, "{report:#}");
    let (code, _, stderr) = output(env.pm().arg("check"));
    assert_eq!(code, 0, "{stderr}");
    let expected = format!("{} notes", per_doc * 600);
    assert!(
        stderr.contains(&expected),
        "want {expected}:\n{}",
        &stderr[stderr.len().saturating_sub(300)..]
    );
}

/// Documents written to the Google SRE book's template: the report names the preset, and
/// with `pm init --template-preset google-sre` the imported documents pass `pm check`.
#[test]
fn documents_that_follow_a_preset_are_told_so() {
    let env = TestEnv::new();
    let doc = |title: &str, day: u32| {
        format!(
            "# {title}\n\nDate: 2019-05-{day:02} 14:00 UTC\n\nSeverity: SEV2\n\nAuthors: Ana Lima\n\n## Summary\n\nThe queue stalled.\n\n## Impact\n\nJobs waited an hour.\n\n## Root Causes\n\nA lock was held across a deploy.\n\n## Trigger\n\nThe deploy at 14:00.\n\n## Resolution\n\nThe lock was released.\n\n## Detection\n\nThe queue-age alert.\n\n## Action Items\n\n- [ ] Release locks before a deploy (owner: Ana Lima)\n\n## Lessons Learned\n\n### What went well\n\nThe alert fired.\n\n### What went wrong\n\nNobody knew the lock.\n\n### Where we got lucky\n\nIt was a quiet day.\n\n## Timeline\n\n- 14:00 deploy starts\n- 14:10 alert fires\n- 15:00 lock released\n"
        )
    };
    env.write("old/queue.md", doc("Queue stalled", 3));
    env.write("old/queue-again.md", doc("Queue stalled again", 9));
    env.write("old/other.md", "# Other\n\n## Summary\n\nx\n");
    let (_, _, stderr) = import(&env, &["old"]);
    assert!(
        stderr.contains("hint: 2 of 3 imported documents follow the google-sre template: `pm init --template-preset google-sre`"),
        "{stderr}"
    );
    // The one that follows no template has no Impact or Timeline: out of the check.
    for entry in std::fs::read_dir(env.path("postmortems")).expect("dir") {
        let path = entry.expect("entry").path();
        if path.to_string_lossy().contains("other") {
            std::fs::remove_file(path).expect("rm");
        }
    }
    let (code, _, stderr) = output(env.pm().args(["init", "--template-preset", "google-sre"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
}

mod pty {
    //! `pm import --interactive` through a real pseudo-terminal.

    use rexpect::process::WaitStatus;

    use crate::env::TestEnv;

    #[test]
    fn asks_for_what_a_document_does_not_say() {
        let env = TestEnv::new();
        env.write(
            "old/cache.md",
            "# Cache stampede\n\n## Timeline\n\n- the cache emptied\n\n## Action items\n\n- [ ] Warm the cache before a deploy\n",
        );
        let mut cmd = env.pm_std();
        cmd.args(["import", "old", "--interactive"])
            .env("TERM", "xterm");
        let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn pm in a pty");
        p.exp_string("not found: severity, started_at, authors")
            .unwrap();
        p.exp_string("Severity").unwrap();
        p.exp_string("(leave it out)").unwrap();
        p.send("\x1b[B").unwrap();
        p.flush().unwrap();
        p.exp_string("> SEV2").unwrap();
        p.exp_string("(leave it out)").unwrap();
        p.send("\r").unwrap();
        p.flush().unwrap();
        p.exp_string("Started at").unwrap();
        // Checked as typed: not a time, then the day alone.
        p.send_line("soonish").unwrap();
        p.exp_string("soonish").unwrap();
        p.send_line("2021-06-03").unwrap();
        p.exp_string("Authors").unwrap();
        p.send_line("Ana Lima, Ben Okafor").unwrap();
        p.exp_eof().unwrap();
        match p.process().wait().expect("wait") {
            WaitStatus::Exited(_, code) => assert_eq!(code, 0),
            other => panic!("pm did not exit normally: {other:?}"),
        }
        let text = env.read("postmortems/2021-06-03-cache-stampede.md");
        assert!(text.contains("severity: SEV2\n"), "{text}");
        assert!(text.contains("started_at: 2021-06-03\n"), "{text}");
        assert!(text.contains("authors: [Ana Lima, Ben Okafor]\n"), "{text}");
    }
}

/// Without a terminal, `--interactive` is refused before anything is written.
#[test]
fn interactive_without_a_terminal_is_refused() {
    let env = TestEnv::new();
    env.write("old/cache.md", "# Cache stampede\n");
    let (code, _, stderr) = import(&env, &["old", "--interactive"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--interactive asks on a terminal"),
        "{stderr}"
    );
    assert!(!env.path("postmortems/cache-stampede.md").exists());
    assert_eq!(
        std::fs::read_dir(env.path("postmortems"))
            .expect("dir")
            .count(),
        0
    );
}

/// A document that gives no date is written without one in its name; importing again
/// (its source, or the postmortems folder) leaves it as it is, not a second copy.
#[test]
fn a_document_without_a_date_imports_once() {
    let env = TestEnv::new();
    env.write(
        "old/cache.md",
        "# Cache stampede\n\n## Action items\n\n- Warm the cache\n",
    );
    import(&env, &["old"]);
    let first = written(&env);
    assert_eq!(first.keys().collect::<Vec<_>>(), ["cache-stampede.md"]);
    let (_, _, stderr) = import(&env, &["old"]);
    assert!(stderr.contains("imported 0 documents"), "{stderr}");
    let (_, stdout, _) = import(&env, &["postmortems"]);
    assert!(stdout.contains("already a pm document"), "{stdout}");
    assert_eq!(written(&env), first);
}
