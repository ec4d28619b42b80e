//! Odd input for every JSON chat source (Slack, Mattermost, Discord, Matrix, PagerDuty),
//! through the binary: the same messages written in each format by us, from the formats'
//! documentation: a message without a time, an unknown user, an emoji-only message, a 1 MB
//! message, text that would change the document's structure if it were not escaped
//! (headings, fences, HTML comments, the block's own end marker, a front-matter fence),
//! secrets; and each export cut short.

use crate::env::{TestEnv, VALID, output};

const DOC: &str = "postmortems/2026-03-14-checkout-503s.md";
/// 2026-03-14T09:30:00Z, inside the window (08:57 to 10:20 UTC).
const T0: i64 = 1_773_480_600;

/// What every source says, in order: (user, text).
fn said() -> Vec<(&'static str, String)> {
    vec![
        ("ann", "🔥🚒".to_string()),
        ("ann", "## Remediation items\n# Not a title".to_string()),
        ("bob", "```\nfn main() {}\n```\n~~~".to_string()),
        (
            "bob",
            "<!-- hidden --> then <!-- pm import-logs: end -->".to_string(),
        ),
        ("ann", "<!-- pm import-logs: end -->".to_string()),
        ("bob", "---\ntitle: injected\n---".to_string()),
        (
            "ann",
            "password=hunter2 and AKIAIOSFODNN7EXAMPLE in the log".to_string(),
        ),
        ("ghost", "from a user nobody knows".to_string()),
        ("bob", format!("big {}", "x".repeat(1_000_000))),
        ("ann", "last words".to_string()),
    ]
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn iso(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

/// A Slack channel folder's day: the users file names ann and bob only; Slack escapes
/// `&`, `<` and `>` in message text.
fn slack(env: &TestEnv) -> &'static str {
    env.write(
        "logs/slack/users.json",
        r#"[{"id": "U01ANN", "name": "ann"}, {"id": "U02BOB", "name": "bob"}]"#,
    );
    let mut items = Vec::new();
    for (i, (who, text)) in said().iter().enumerate() {
        let user = match *who {
            "ann" => "U01ANN",
            "bob" => "U02BOB",
            _ => "U0GHOST",
        };
        let text = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        items.push(format!(
            r#"{{"type": "message", "user": "{user}", "text": {}, "ts": "{}.000100"}}"#,
            json(&text),
            T0 + i as i64 * 60
        ));
        if i == 3 {
            items.push(r#"{"type": "message", "user": "U01ANN", "text": "no time here"}"#.into());
        }
    }
    env.write(
        "logs/slack/ops/2026-03-14.json",
        format!("[\n{}\n]\n", items.join(",\n")),
    );
    "logs/slack/ops/2026-03-14.json"
}

/// A Mattermost bulk export (JSON lines).
fn mattermost(env: &TestEnv) -> &'static str {
    let mut lines = vec![r#"{"type":"version","version":1}"#.to_string()];
    for (i, (who, text)) in said().iter().enumerate() {
        lines.push(format!(
            r#"{{"type":"post","post":{{"team":"acme","channel":"ops","user":"{who}","message":{},"create_at":{}}}}}"#,
            json(text),
            (T0 + i as i64 * 60) * 1000
        ));
        if i == 3 {
            lines.push(
                r#"{"type":"post","post":{"team":"acme","channel":"ops","user":"ann","message":"no time here"}}"#
                    .into(),
            );
        }
    }
    env.write("logs/export.jsonl", lines.join("\n") + "\n");
    "logs/export.jsonl"
}

/// A DiscordChatExporter channel export; the unknown user has only an id.
fn discord(env: &TestEnv) -> &'static str {
    let mut items = Vec::new();
    for (i, (who, text)) in said().iter().enumerate() {
        let author = match *who {
            "ghost" => r#"{"id": "999"}"#.to_string(),
            who => format!(r#"{{"id": "1", "name": "{who}", "nickname": "{who}"}}"#),
        };
        items.push(format!(
            r#"{{"id": "{}", "type": "Default", "timestamp": "{}", "isPinned": false, "content": {}, "author": {author}, "attachments": []}}"#,
            1000 + i,
            iso(T0 + i as i64 * 60),
            json(text)
        ));
        if i == 3 {
            items.push(r#"{"id": "1999", "type": "Default", "content": "no time here", "author": {"id": "1", "name": "ann"}}"#.into());
        }
    }
    env.write(
        "logs/ops.json",
        format!(
            "{{\n  \"guild\": {{\"id\": \"1\", \"name\": \"Acme\"}},\n  \"channel\": {{\"id\": \"2\", \"name\": \"ops\"}},\n  \"messages\": [\n{}\n  ],\n  \"messageCount\": 11\n}}\n",
            items.join(",\n")
        ),
    );
    "logs/ops.json"
}

/// An Element room export; ann and bob joined with display names, ghost never did.
fn matrix(env: &TestEnv) -> &'static str {
    let mut items = vec![
        r#"{"type": "m.room.member", "sender": "@ann:x.org", "state_key": "@ann:x.org", "origin_server_ts": 1773475200000, "content": {"membership": "join", "displayname": "ann"}}"#.to_string(),
        r#"{"type": "m.room.member", "sender": "@bob:x.org", "state_key": "@bob:x.org", "origin_server_ts": 1773475201000, "content": {"membership": "join", "displayname": "bob"}}"#.to_string(),
    ];
    for (i, (who, text)) in said().iter().enumerate() {
        items.push(format!(
            r#"{{"type": "m.room.message", "sender": "@{who}:x.org", "origin_server_ts": {}, "content": {{"msgtype": "m.text", "body": {}}}}}"#,
            (T0 + i as i64 * 60) * 1000,
            json(text)
        ));
        if i == 3 {
            items.push(r#"{"type": "m.room.message", "sender": "@ann:x.org", "content": {"msgtype": "m.text", "body": "no time here"}}"#.into());
        }
    }
    env.write(
        "logs/room.json",
        format!(
            "{{\n  \"room_name\": \"ops\",\n  \"messages\": [\n{}\n  ]\n}}\n",
            items.join(",\n")
        ),
    );
    "logs/room.json"
}

/// PagerDuty log entries, newest first: the messages as notes; the unknown user's note has
/// no agent.
fn pagerduty(env: &TestEnv) -> &'static str {
    let mut items = Vec::new();
    for (i, (who, text)) in said().iter().enumerate() {
        let agent = match *who {
            "ghost" => String::new(),
            who => format!(r#", "agent": {{"type": "user_reference", "summary": "{who}"}}"#),
        };
        items.push(format!(
            r#"{{"type": "annotate_log_entry", "summary": "Note added", "created_at": "{}"{agent}, "channel": {{"type": "note", "summary": {}}}}}"#,
            iso(T0 + i as i64 * 60),
            json(text)
        ));
        if i == 3 {
            items.push(
                r#"{"type": "annotate_log_entry", "summary": "Note added", "channel": {"type": "note", "summary": "no time here"}}"#
                    .into(),
            );
        }
    }
    items.reverse();
    env.write(
        "logs/incident.json",
        format!(
            "{{\"log_entries\": [\n{}\n], \"limit\": 100, \"offset\": 0, \"more\": false}}\n",
            items.join(",\n")
        ),
    );
    "logs/incident.json"
}

fn env_for(format: &str, write: fn(&TestEnv) -> &'static str) -> (TestEnv, &'static str) {
    let env = TestEnv::new();
    let path = write(&env);
    let source = if format == "slack" {
        "logs/slack/ops"
    } else {
        path
    };
    env.write(
        "pm.yaml",
        format!(
            "chat:\n  padding: 15m\n  sources:\n    - channel: \"#ops\"\n      format: {format}\n      path: {source}\n"
        ),
    );
    env.write(DOC, VALID);
    (env, path)
}

/// The document outside the block is the document before the import; inside it, every
/// line is the intro or one list item, so no chat text starts a heading, a fence, a
/// comment or a front matter of its own.
fn structure_is_kept(doc: &str, format: &str) {
    let begin = doc.find("<!-- pm import-logs: begin").expect("a block");
    let end_line = "<!-- pm import-logs: end -->\n";
    assert_eq!(
        doc.matches("<!-- pm import-logs: begin").count(),
        1,
        "{format}"
    );
    let lines_ending = doc
        .lines()
        .filter(|l| l.starts_with("<!-- pm import-logs: end"))
        .count();
    assert_eq!(lines_ending, 1, "{format}: one end marker line");
    let end = doc.find(end_line).expect("the end marker") + end_line.len();
    let outside = format!("{}{}", &doc[..begin], &doc[end..]);
    assert_eq!(
        outside.replace("\n\n\n", "\n\n").trim_end(),
        VALID.trim_end(),
        "{format}: nothing outside the block changed"
    );
    let inside: Vec<&str> = doc[begin..end].lines().collect();
    for line in &inside[1..inside.len() - 1] {
        assert!(
            line.is_empty() || line.starts_with("- ") || line.starts_with("Chat transcript of "),
            "{format}: a line of the block that is not an entry: {line:.200}"
        );
    }
}

fn check_source(format: &str, write: fn(&TestEnv) -> &'static str) {
    let (env, path) = env_for(format, write);
    let (code, report, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{format}: {report}{stderr}");
    let doc = env.read(DOC);
    structure_is_kept(&doc, format);
    let (code, _, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(
        code, 0,
        "{format}: the written document passes pm check: {stderr}"
    );
    // Secrets redacted, the rest kept.
    assert!(!doc.contains("hunter2"), "{format}");
    assert!(!doc.contains("AKIAIOSFODNN7EXAMPLE"), "{format}");
    assert!(doc.contains("[redacted:"), "{format}");
    assert!(doc.contains("🔥🚒"), "{format}: an emoji-only message");
    assert!(
        doc.contains(&format!("big {}", "x".repeat(10_000))),
        "{format}: the 1 MB message"
    );
    assert!(
        doc.contains("last words"),
        "{format}: after the 1 MB message"
    );
    // The unknown user's message is there, under whatever the export gives.
    let ghost = doc
        .lines()
        .find(|l| l.contains("from a user nobody knows"))
        .unwrap_or_else(|| panic!("{format}: the unknown user's message: {doc:.3000}"));
    let shown = match format {
        "slack" => "U0GHOST",
        "mattermost" | "matrix" => "ghost",
        "discord" => "999",
        _ => "PagerDuty",
    };
    assert!(ghost.contains(shown), "{format}: {ghost}");
    // The message without a time is counted, with its line.
    assert!(
        report.contains("1 line skipped as unparseable"),
        "{format}: {report}"
    );
    assert!(!doc.contains("no time here"), "{format}");
    // Ten entries, in time order (PagerDuty's file is newest first).
    let block = &doc[doc.find("<!-- pm import-logs: begin").unwrap()..];
    let first = block.find("🔥🚒").unwrap();
    let last = block.find("last words").unwrap();
    assert!(first < last, "{format}");
    assert!(report.contains("10 entries imported"), "{format}: {report}");

    // Cut short inside the last message: what came before is imported, and the report says
    // so (a JSON document), or counts the broken line (JSON lines).
    let full = env.read(path);
    // (PagerDuty's file is newest first: its last entry is the first message.)
    let last = if format == "pagerduty" {
        "🔥🚒"
    } else {
        "last words"
    };
    let cut = &full[..full.rfind(last).unwrap()];
    env.write(path, cut);
    env.write(DOC, VALID);
    let (code, report, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    let doc = env.read(DOC);
    match format {
        "mattermost" => {
            assert_eq!(code, 0, "{format}: {report}{stderr}");
            assert!(
                report.contains("2 lines skipped as unparseable"),
                "{format}: {report}"
            );
            assert!(doc.contains("from a user nobody knows"), "{format}");
        }
        "slack" => {
            // A day file that is not valid JSON is named with its place; nothing written.
            assert_ne!(code, 0, "{format}: {report}");
            assert!(stderr.contains("2026-03-14.json"), "{format}: {stderr}");
            assert_eq!(doc, VALID, "{format}: nothing written");
            return;
        }
        _ => {
            assert_eq!(code, 0, "{format}: {report}{stderr}");
            assert!(
                report.contains("the file ends inside"),
                "{format}: {report}"
            );
            assert!(doc.contains("from a user nobody knows"), "{format}");
        }
    }
    structure_is_kept(&doc, format);
    assert!(!doc.contains("hunter2"), "{format}");
}

#[test]
fn slack_odd_input() {
    check_source("slack", slack);
}

#[test]
fn mattermost_odd_input() {
    check_source("mattermost", mattermost);
}

#[test]
fn discord_odd_input() {
    check_source("discord", discord);
}

#[test]
fn matrix_odd_input() {
    check_source("matrix", matrix);
}

#[test]
fn pagerduty_odd_input() {
    check_source("pagerduty", pagerduty);
}

/// PagerDuty lists entries newest first; entries of the same second (a trigger and the
/// assignment it causes, as in the API's examples) keep the order they happened in.
#[test]
fn pagerduty_entries_of_one_second_stay_in_the_order_they_happened() {
    let (env, _) = env_for("pagerduty", |env| {
        env.write(
            "logs/incident.json",
            r#"{"log_entries": [
  {"type": "resolve_log_entry", "summary": "Resolved by Ann", "created_at": "2026-03-14T10:00:00Z", "agent": {"summary": "Ann"}},
  {"type": "notify_log_entry", "summary": "Notified Ann by email", "created_at": "2026-03-14T09:30:00Z"},
  {"type": "unacknowledge_log_entry", "summary": "Unacknowledged by timeout", "created_at": "2026-03-14T09:30:00Z"},
  {"type": "assign_log_entry", "summary": "Assigned to Ann by timeout", "created_at": "2026-03-14T09:20:00Z"},
  {"type": "trigger_log_entry", "summary": "Triggered through the website", "created_at": "2026-03-14T09:20:00Z"}
], "limit": 100, "offset": 0, "more": false}
"#,
        );
        "logs/incident.json"
    });
    let (code, report, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{report}{stderr}");
    let doc = env.read(DOC);
    let at = |what: &str| doc.find(what).unwrap_or_else(|| panic!("{what}: {doc}"));
    assert!(at("Triggered") < at("Assigned"), "{doc}");
    assert!(at("Unacknowledged") < at("Notified Ann"), "{doc}");
    assert!(at("Notified Ann") < at("Resolved"), "{doc}");
}

/// A Mattermost reply stamped earlier than its post (clocks differ) is still shown under
/// the post, not above it.
#[test]
fn a_reply_stamped_before_its_post_comes_after_it() {
    let (env, _) = env_for("mattermost", |env| {
        env.write(
            "logs/export.jsonl",
            format!(
                "{{\"type\":\"post\",\"post\":{{\"team\":\"acme\",\"channel\":\"ops\",\"user\":\"ann\",\"message\":\"the post\",\"create_at\":{},\"replies\":[{{\"user\":\"bob\",\"message\":\"the early reply\",\"create_at\":{}}}]}}}}\n",
                T0 * 1000,
                (T0 - 60) * 1000
            ),
        );
        "logs/export.jsonl"
    });
    let (code, report, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{report}{stderr}");
    let doc = env.read(DOC);
    assert!(
        doc.find("the post").unwrap() < doc.find("↳ **bob**: the early reply").unwrap(),
        "{doc}"
    );
}
