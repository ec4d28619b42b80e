//! `pm remediation`: every edit compared byte for byte with the file before it, over front
//! matter with comments, flow-style items, quoted strings, CRLF line endings and unusual
//! indentation; the diff must be exactly the intended lines. Plus the refusals and the
//! item lookup.

use crate::env::{TestEnv, output};

const PATH: &str = "postmortems/2026-03-14-checkout-503s.md";

/// A body that looks like front matter, to prove the editor never looks there.
const BODY: &str = "# Checkout API returned 503s

## Summary
A config push made the checkout API return 503s.

## Remediation items
remediation:
  - title: not an item, just text in the body
---
";

/// The lines removed (`-`) and added (`+`) between two texts, by a longest common
/// subsequence of lines (line endings included, so CRLF counts).
fn diff(before: &str, after: &str) -> Vec<String> {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("-{}", a[i]));
            i += 1;
        } else {
            out.push(format!("+{}", b[j]));
            j += 1;
        }
    }
    out
}

/// Runs `pm remediation ARGS` on a file holding `text`: (exit code, stdout, stderr, diff).
fn edit(text: &str, args: &[&str]) -> (i32, String, String, Vec<String>) {
    let env = TestEnv::new();
    env.write(PATH, text);
    let (code, stdout, stderr) = output(env.pm().arg("remediation").args(args));
    assert!(!stderr.contains("panicked"), "{stderr}");
    let after = std::fs::read(env.path(PATH)).expect("read");
    let after = String::from_utf8(after).expect("utf-8");
    (code, stdout, stderr, diff(text, &after))
}

fn lines(added: &[&str]) -> Vec<String> {
    added.iter().map(|s| s.to_string()).collect()
}

const COMMENTED: &str = "---
# Written during the meeting; keep the comments.
title: \"Checkout API returned 503s\"   # quoted on purpose
status: published
severity: SEV2
started_at: 2026-03-14T09:12:00Z
meeting_at: 2026-03-16T14:00:00Z
services: [checkout-api, 'config-service']

remediation:
  # most important first
  - title: 'Page when the 5xx rate exceeds 1%'  # agreed in the meeting
    owner: Ben Okafor   # on-call lead
    ticket: \"OPS-1412\"
    due: 2026-04-14

  - title: Lock config pushes during deploys
    owner: Farid Haddad
# the tags come last
tags: [config]
---
";

fn commented() -> String {
    format!("{COMMENTED}{BODY}")
}

#[test]
fn done_adds_two_lines_under_the_item_and_nothing_else() {
    let (code, stdout, stderr, d) = edit(
        &commented(),
        &["done", "checkout", "1", "--on", "2026-04-02"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "postmortems/2026-03-14-checkout-503s.md: item 1 marked done on 2026-04-02: Page when the 5xx rate exceeds 1%\n"
    );
    assert_eq!(
        d,
        lines(&["+    status: done\n", "+    done_on: 2026-04-02\n"])
    );
}

#[test]
fn done_without_a_date_is_done_today_in_the_repository_time_zone() {
    let (_, _, _, d) = edit(&commented(), &["done", "checkout", "OPS-1412"]);
    assert_eq!(
        d,
        lines(&["+    status: done\n", "+    done_on: 2026-11-24\n"])
    );
}

#[test]
fn set_replaces_only_the_value_keeping_comments_and_quotes() {
    let (code, _, _, d) = edit(
        &commented(),
        &[
            "set",
            "checkout",
            "ops-1412",
            "--owner",
            "Chris Hale",
            "--ticket",
            "OPS-9",
            "--title",
            "Page when the 5xx rate exceeds 2%",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        d,
        lines(&[
            "-  - title: 'Page when the 5xx rate exceeds 1%'  # agreed in the meeting\n",
            "-    owner: Ben Okafor   # on-call lead\n",
            "-    ticket: \"OPS-1412\"\n",
            "+  - title: 'Page when the 5xx rate exceeds 2%'  # agreed in the meeting\n",
            "+    owner: Chris Hale   # on-call lead\n",
            "+    ticket: \"OPS-9\"\n",
        ])
    );
}

#[test]
fn set_adds_a_missing_key_after_the_items_last_line() {
    let (_, _, _, d) = edit(
        &commented(),
        &["set", "checkout", "2", "--due", "2026-12-15"],
    );
    assert_eq!(d, lines(&["+    due: 2026-12-15\n"]));
}

#[test]
fn add_appends_after_the_last_item_before_the_comment_that_follows_it() {
    let (code, stdout, _, d) = edit(
        &commented(),
        &[
            "add",
            "checkout",
            "--title",
            "Runbook: release a stuck config lock",
            "--owner",
            "Ana Lima",
            "--ticket",
            "CFG-400",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "postmortems/2026-03-14-checkout-503s.md: item 3 added, due 2026-04-15 by default: Runbook: release a stuck config lock\n"
    );
    assert_eq!(
        d,
        lines(&[
            "+  - title: \"Runbook: release a stuck config lock\"\n",
            "+    owner: Ana Lima\n",
            "+    ticket: CFG-400\n",
        ])
    );
}

#[test]
fn reopen_sets_open_and_drops_done_on() {
    let text = commented().replace(
        "    owner: Farid Haddad\n",
        "    owner: Farid Haddad\n    status: done\n    done_on: 2026-04-01 # late\n",
    );
    let (code, _, _, d) = edit(&text, &["reopen", "checkout", "2"]);
    assert_eq!(code, 0);
    assert_eq!(
        d,
        lines(&[
            "-    status: done\n",
            "-    done_on: 2026-04-01 # late\n",
            "+    status: open\n",
        ])
    );
}

const FLOW: &str = "---
title: Checkout API returned 503s
status: published
severity: SEV2
started_at: 2026-03-14T09:12:00Z
tags: [config, {not: edited}]
remediation:
- {title: Page on the 5xx rate, owner: Ben Okafor, due: 2026-04-14}
- {title: \"Runbook, for config locks\", owner: 'Ana Lima', done_on: 2026-04-01, status: done}
---
";

#[test]
fn flow_style_items_are_edited_inside_their_braces() {
    let text = format!("{FLOW}{BODY}");
    let (code, _, stderr, d) = edit(&text, &["done", "checkout", "1", "--on", "2026-04-10"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        d,
        lines(&[
            "-- {title: Page on the 5xx rate, owner: Ben Okafor, due: 2026-04-14}\n",
            "+- {title: Page on the 5xx rate, owner: Ben Okafor, due: 2026-04-14, status: done, done_on: 2026-04-10}\n",
        ])
    );
    let (_, _, _, d) = edit(&text, &["reopen", "checkout", "2"]);
    assert_eq!(
        d,
        lines(&[
            "-- {title: \"Runbook, for config locks\", owner: 'Ana Lima', done_on: 2026-04-01, status: done}\n",
            "+- {title: \"Runbook, for config locks\", owner: 'Ana Lima', status: open}\n",
        ])
    );
    let (_, _, _, d) = edit(
        &text,
        &[
            "add",
            "checkout",
            "--title",
            "Alert on lock age, per region",
            "--owner",
            "Chris",
        ],
    );
    assert_eq!(
        d,
        lines(&["+- {title: \"Alert on lock age, per region\", owner: Chris}\n"])
    );
}

#[test]
fn crlf_files_stay_crlf() {
    let text = commented().replace('\n', "\r\n");
    let (code, _, _, d) = edit(&text, &["done", "checkout", "2", "--on", "2026-04-02"]);
    assert_eq!(code, 0);
    assert_eq!(
        d,
        lines(&["+    status: done\r\n", "+    done_on: 2026-04-02\r\n"])
    );
    let (_, _, _, d) = edit(
        &text,
        &["add", "checkout", "--title", "Alert", "--owner", "Ana"],
    );
    assert_eq!(d, lines(&["+  - title: Alert\r\n", "+    owner: Ana\r\n"]));
}

#[test]
fn unusual_indentation_is_followed() {
    let text = format!(
        "---\ntitle: T\nstatus: draft\nseverity: SEV3\nstarted_at: 2026-03-14T09:12:00Z\nremediation:\n-   title: Alert\n    owner: Ben\n---\n{BODY}"
    );
    let (_, _, _, d) = edit(&text, &["set", "checkout", "1", "--due", "2026-05-01"]);
    assert_eq!(d, lines(&["+    due: 2026-05-01\n"]));
    let (_, _, _, d) = edit(
        &text,
        &["add", "checkout", "--title", "Runbook", "--owner", "Ana"],
    );
    assert_eq!(d, lines(&["+-   title: Runbook\n", "+    owner: Ana\n"]));

    let text = format!(
        "---\ntitle: T\nstatus: draft\nseverity: SEV3\nstarted_at: 2026-03-14T09:12:00Z\nremediation:\n      -\n          title: Alert\n          owner: Ben\n---\n{BODY}"
    );
    let (code, _, stderr, d) = edit(&text, &["done", "checkout", "1", "--on", "2026-05-01"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        d,
        lines(&[
            "+          status: done\n",
            "+          done_on: 2026-05-01\n"
        ])
    );
    let (_, _, _, d) = edit(
        &text,
        &["add", "checkout", "--title", "Runbook", "--owner", "Ana"],
    );
    assert_eq!(
        d,
        lines(&["+      -   title: Runbook\n", "+          owner: Ana\n"])
    );
}

#[test]
fn add_creates_the_list_when_there_is_none() {
    let base = "---\ntitle: T\nstatus: draft\nseverity: SEV3\nstarted_at: 2026-03-14T09:12:00Z\n";
    let (code, _, _, d) = edit(
        &format!("{base}---\n{BODY}"),
        &[
            "add",
            "checkout",
            "--title",
            "Alert",
            "--owner",
            "Ana",
            "--due",
            "2026-04-01",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        d,
        lines(&[
            "+remediation:\n",
            "+  - title: Alert\n",
            "+    owner: Ana\n",
            "+    due: 2026-04-01\n",
        ])
    );
    let (_, _, _, d) = edit(
        &format!("{base}remediation: []   # none yet\ntags: [x]\n---\n{BODY}"),
        &["add", "checkout", "--title", "Alert", "--owner", "Ana"],
    );
    assert_eq!(
        d,
        lines(&[
            "-remediation: []   # none yet\n",
            "+remediation:   # none yet\n",
            "+  - title: Alert\n",
            "+    owner: Ana\n",
        ])
    );
    let (_, _, _, d) = edit(
        &format!("{base}remediation:\ntags: [x]\n---\n{BODY}"),
        &["add", "checkout", "--title", "Alert", "--owner", "Ana"],
    );
    assert_eq!(d, lines(&["+  - title: Alert\n", "+    owner: Ana\n"]));
}

#[test]
fn a_byte_order_mark_and_the_body_stay_as_they_are() {
    let text = format!("\u{feff}{}", commented());
    let (code, _, _, d) = edit(&text, &["set", "checkout", "2", "--owner", "Dana"]);
    assert_eq!(code, 0);
    assert_eq!(
        d,
        lines(&["-    owner: Farid Haddad\n", "+    owner: Dana\n"])
    );
}

/// The edit is refused, the file untouched, and the message names the line.
fn refused(text: &str, args: &[&str], says: &str) {
    let (code, stdout, stderr, d) = edit(text, args);
    assert_eq!(code, 1, "{args:?}: {stderr}");
    assert!(stdout.is_empty());
    assert!(d.is_empty(), "file changed: {d:?}");
    assert!(
        stderr.contains(says),
        "{args:?}: expected {says:?} in:\n{stderr}"
    );
}

#[test]
fn unusual_front_matter_is_refused_never_guessed() {
    let base = "---\ntitle: T\nstatus: draft\nseverity: SEV3\nstarted_at: 2026-03-14T09:12:00Z\n";
    refused(
        &format!("{base}remediation: [{{title: A, owner: B}}]\n---\n"),
        &["done", "checkout", "1"],
        "2026-03-14-checkout-503s.md:6:1: not edited: `remediation` is written as a flow list",
    );
    refused(
        &format!(
            "{base}remediation:\n  - title: >\n      Alert on the\n      5xx rate\n    owner: B\n---\n"
        ),
        &["set", "checkout", "1", "--title", "New"],
        ":7:1: not edited: `title` of remediation item 1 is written in a form pm does not rewrite",
    );
    refused(
        &format!("{base}remediation:\n  - title: A\n    owner: &lead Ben\n---\n"),
        &["set", "checkout", "1", "--owner", "Ana"],
        "not edited: `owner` of remediation item 1",
    );
    refused(
        &format!("{base}remediation:\n  - title: A\n    owner: B\n  title: [\n---\n"),
        &["done", "checkout", "1"],
        "the front matter cannot be read, so pm does not edit it",
    );
    refused(
        &format!("{base}remediation:\n  - fix it\n  - title: A\n    owner: B\n---\n"),
        &["done", "checkout", "1"],
        "has no remediation item 1",
    );
}

#[test]
fn items_are_found_by_number_or_ticket_and_misses_are_explained() {
    refused(
        &commented(),
        &["done", "checkout", "7"],
        "has no remediation item 7\nhint: its items are numbered 1-2; `pm remediation list checkout` shows them",
    );
    refused(
        &commented(),
        &["done", "checkout", "OPS-1"],
        "has no remediation item `OPS-1`\nhint: give the item's number (1-2) or its ticket; its tickets: OPS-1412",
    );
    let text = commented().replace(
        "    owner: Farid Haddad\n",
        "    owner: Farid Haddad\n    ticket: OPS-1412\n",
    );
    refused(&text, &["done", "checkout", "OPS-1412"], "items 1, 2 of");
    refused(
        &commented(),
        &["set", "checkout", "2", "--ticket", "ops-1412"],
        "item 1 of postmortems/2026-03-14-checkout-503s.md already has the ticket `ops-1412`",
    );
    let done = commented().replace(
        "    due: 2026-04-14\n",
        "    due: 2026-04-14\n    status: done\n    done_on: 2026-04-02\n",
    );
    refused(
        &done,
        &["done", "checkout", "1"],
        "is already done (on 2026-04-02)",
    );
    refused(
        &commented(),
        &["reopen", "checkout", "1"],
        "is already open",
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    let (code, _, stderr, d) = edit(&commented(), &["set", "checkout", "1"]);
    assert_eq!((code, d.len()), (2, 0));
    assert!(stderr.contains("nothing to change"), "{stderr}");
    let (code, _, stderr, _) = edit(
        &commented(),
        &["done", "checkout", "1", "--on", "2026-02-30"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("not a day of the calendar"), "{stderr}");
    let (code, _, stderr, _) = edit(
        &commented(),
        &["add", "checkout", "--title", " ", "--owner", "A"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--title must be one line of text"),
        "{stderr}"
    );
}

#[test]
fn list_shows_numbers_statuses_and_default_due_dates() {
    let env = TestEnv::new();
    env.write(PATH, commented());
    let (code, stdout, _) = output(env.pm().args(["remediation", "list"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout, @r"
     postmortem                #  status  title                              owner         ticket    due          done on
     2026-03-14-checkout-503s  1  open    Page when the 5xx rate exceeds 1%  Ben Okafor    OPS-1412  2026-04-14   -
     2026-03-14-checkout-503s  2  open    Lock config pushes during deploys  Farid Haddad  -         2026-04-15*  -
    ");
    let (_, stdout, _) =
        output(
            env.pm()
                .args(["remediation", "list", "checkout", "--format", "json"]),
        );
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v[1]["item"], 2);
    assert_eq!(v[1]["due_is_default"], true);
    let (_, stdout, _) = output(env.pm().args(["remediation", "list", "--status", "done"]));
    assert_eq!(stdout, "");
}

#[test]
fn the_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let path = env.write(PATH, commented());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let (code, _, _) = output(env.pm().args(["remediation", "done", "checkout", "1"]));
    assert_eq!(code, 0);
    let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(env.path("postmortems"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}
