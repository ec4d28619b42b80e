//! Remediation items kept in the body (under `## Remediation items` or an alias) when the
//! front matter lists none: read by every command at their lines, and moved into the
//! front matter by `pm remediation move`.

use crate::env::{TestEnv, output};

const PATH: &str = "postmortems/2026-03-01-db-down.md";

/// Items in the body only: a checkbox done, one with an owner and a ticket, one without
/// an owner.
const DOC: &str = "---
title: DB down
status: published
severity: SEV2
started_at: 2026-03-01T10:00:00Z
detected_at: 2026-03-01T10:05:00Z
resolved_at: 2026-03-01T11:00:00Z
authors: [Ana Lima]
---
# DB down

## Summary
The primary database stopped accepting writes.

## Impact
Writes failed for an hour.

## Timeline
- 10:00 UTC writes fail

## Discussion
The disk filled up.

## Follow-up actions

- [x] Add a canary for the schema migrations
- [ ] Page on replication lag over 30 s (owner: Ben Okafor) OPS-12
- [ ] Write the failover runbook
";

const CONFIG: &str = "sections:\n  Remediation items: {aliases: [Follow-up actions]}\n";

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write("pm.yaml", CONFIG);
    env.write(PATH, DOC);
    env
}

#[test]
fn every_command_reads_the_bodys_items_at_their_lines() {
    let env = env();
    // pm check: no `no-remediation`; the item without an owner is a warning at line 28.
    let (code, _, stderr) = output(env.pm().arg("check"));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("no-remediation"), "{stderr}");
    assert!(
        stderr.contains("2026-03-01-db-down.md:28:1") && stderr.contains("remediation-no-owner"),
        "{stderr}"
    );

    // pm overdue: the open items, numbered by their lines.
    let (code, stdout, _) = output(env.pm().args(["overdue", "--format", "json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{stdout}");
    let lines: Vec<i64> = items.iter().filter_map(|i| i["line"].as_i64()).collect();
    assert_eq!(lines, [27, 28]);
    assert_eq!(items[0]["ticket"], "OPS-12");
    assert_eq!(items[0]["owner"], "Ben Okafor");
    let (_, stdout, _) = output(env.pm().arg("overdue"));
    assert!(stdout.contains("L27") && stdout.contains("L28"), "{stdout}");
    assert!(stdout.contains("pm remediation move"), "{stdout}");

    // pm list: 3 items, 2 open.
    let (_, stdout, _) = output(env.pm().args(["list", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v[0]["remediation_items"], 3, "{stdout}");
    assert_eq!(v[0]["open_items"], 2, "{stdout}");

    // pm show: each with its line.
    let (_, stdout, _) = output(env.pm().args(["show", "db-down"]));
    assert!(stdout.contains("2 open (2 overdue), 1 done"), "{stdout}");
    assert!(stdout.contains("in the body, line 26"), "{stdout}");
    let (_, stdout, _) = output(env.pm().args(["show", "db-down", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v["remediation"][0]["status"], "done");
    assert_eq!(v["remediation"][0]["line"], 26);

    // pm stats: 3 opened, 1 done.
    let (_, stdout, _) = output(env.pm().args(["stats", "--format", "json"]));
    assert!(stdout.contains("\"opened\": 3"), "{stdout}");

    // pm index: 2 open.
    let (code, _, stderr) = output(env.pm().arg("index"));
    assert_eq!(code, 0, "{stderr}");
    let index = env.read("postmortems/README.md");
    assert!(index.contains("| 2 |"), "{index}");

    // pm remediation list: L-numbers.
    let (_, stdout, _) = output(env.pm().args(["remediation", "list"]));
    assert!(stdout.contains("L26"), "{stdout}");
}

#[test]
fn front_matter_items_win_and_headings_need_a_name() {
    let env = env();
    // With items in the front matter, the body's list is not read.
    let text = DOC.replace(
        "authors: [Ana Lima]\n",
        "authors: [Ana Lima]\nremediation:\n  - title: Alert on disk usage over 80%\n    owner: Ben Okafor\n",
    );
    env.write(PATH, &text);
    let (_, stdout, _) = output(env.pm().args(["list", "--format", "json"]));
    assert!(stdout.contains("\"remediation_items\": 1"), "{stdout}");
    // Without the alias, `Follow-up actions` is not pm's heading: nothing is read.
    env.write("pm.yaml", "");
    env.write(PATH, DOC);
    let (code, _, stderr) = output(env.pm().arg("check"));
    assert_eq!(code, 1);
    assert!(stderr.contains("no-remediation"), "{stderr}");
}

#[test]
fn move_writes_the_items_into_the_front_matter_once() {
    let env = env();
    let (code, stdout, stderr) =
        output(
            env.pm()
                .args(["remediation", "move", "db-down", "--dry-run"]),
        );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.contains("would move 3 items (lines 26, 27, 28)"),
        "{stdout}"
    );
    assert_eq!(env.read(PATH), DOC, "--dry-run wrote");

    // An edit asks for the move first.
    let (code, _, stderr) = output(env.pm().args(["remediation", "done", "db-down", "2"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("pm remediation move db-down"), "{stderr}");
    let (code, stdout, stderr) = output(env.pm().args(["remediation", "move", "db-down"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("moved 3 items"), "{stdout}");
    let after = env.read(PATH);
    let front_end = after.find("---\n# DB down").expect("front matter");
    assert_eq!(
        &after[front_end + 4..],
        &DOC[DOC.find("# DB down").expect("h1")..],
        "the body changed"
    );
    assert!(after.contains(
        "remediation:\n  - title: Add a canary for the schema migrations\n    status: done\n  - title: \"Page on replication lag over 30 s (owner: Ben Okafor) OPS-12\"\n    owner: Ben Okafor\n    ticket: OPS-12\n  - title: Write the failover runbook\n---\n"
    ), "{after}");
    // The items are now the front matter's: numbered, editable.
    let (_, stdout, _) = output(env.pm().args(["remediation", "list"]));
    assert!(!stdout.contains("L26"), "{stdout}");
    let (code, _, stderr) = output(env.pm().args(["remediation", "done", "db-down", "2"]));
    assert_eq!(code, 0, "{stderr}");

    // Again: nothing to move, nothing written.
    let before = env.read(PATH);
    let (code, stdout, _) = output(env.pm().args(["remediation", "move", "db-down"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("nothing to move"), "{stdout}");
    assert_eq!(env.read(PATH), before);
}

#[test]
fn move_without_body_items_says_where_it_looked() {
    let env = env();
    env.write("pm.yaml", "");
    let (code, _, stderr) = output(env.pm().args(["remediation", "move", "db-down"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("no remediation items in the body"),
        "{stderr}"
    );
    assert!(stderr.contains("`Remediation items`"), "{stderr}");
    assert_eq!(env.read(PATH), DOC);
}

#[test]
fn adding_an_item_says_the_bodys_are_no_longer_read() {
    let env = env();
    let (code, _, stderr) = output(env.pm().args([
        "remediation",
        "add",
        "db-down",
        "--title",
        "Alert on disk use over 80%",
        "--owner",
        "Ana Lima",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("the 3 items read from the body"),
        "{stderr}"
    );
    assert!(stderr.contains("pm remediation move db-down"), "{stderr}");
    let (_, stdout, _) = output(env.pm().args(["list", "--format", "json"]));
    assert!(stdout.contains("\"remediation_items\": 1"), "{stdout}");
}
