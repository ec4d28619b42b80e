//! `pm import-logs` on the JSON chat sources: Mattermost bulk exports, DiscordChatExporter,
//! Element (Matrix) room exports and PagerDuty incident log entries, from fixtures written
//! from each format's documentation.

use crate::env::{TestEnv, VALID, fixture_path, output};
use crate::import_logs::timeline;

const DOC: &str = "postmortems/2026-03-14-checkout-503s.md";

/// A repository whose #ops source is `rel` (copied from the fixture `fixture`); the window
/// is 08:57 to 10:20 UTC on 2026-03-14.
fn env_with(fixture: &str, rel: &str) -> TestEnv {
    let env = TestEnv::new();
    env.write(rel, std::fs::read(fixture_path(fixture)).unwrap());
    env.write(
        "pm.yaml",
        format!(
            "chat:\n  padding: 15m\n  sources:\n    - channel: \"#ops\"\n      format: auto\n      path: {rel}\n"
        ),
    );
    env.write(DOC, VALID);
    env
}

/// Imports, checks the structure survived the chat text, and returns (report, timeline).
fn import(env: &TestEnv) -> (String, String) {
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    let doc = env.read(DOC);
    // Nothing from chat changes the document's structure.
    assert_eq!(
        doc.matches("\n## Remediation items").count(),
        VALID.matches("\n## Remediation items").count(),
        "{doc}"
    );
    assert_eq!(
        doc.matches("\n<!-- pm import-logs: end").count(),
        1,
        "{doc}"
    );
    assert!(!doc.contains("<script>"), "{doc}");
    assert!(!doc.contains("hunter2"), "secrets are redacted: {doc}");
    assert!(!doc.contains("AKIAIOSFODNN7EXAMPLE"), "{doc}");
    let (code, _, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 0, "the written document passes pm check: {stderr}");
    let (code, again, _) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0);
    assert!(again.contains("up to date"), "{again}");
    (stdout, timeline(&doc))
}

#[test]
fn a_mattermost_export_keeps_its_channel_and_threads() {
    let env = env_with("chatlogs/mattermost/export.jsonl", "logs/export.jsonl");
    let (report, block) = import(&env);
    assert!(report.contains("(mattermost)"), "{report}");
    insta::assert_snapshot!("mattermost", block);
    assert!(!block.contains("different channel"), "{block}");
    assert!(!block.contains("direct message"), "{block}");
    assert!(!block.contains("window"), "{block}");
    // The post, then its replies in order, marked as replies.
    let post = block.find("seeing 503s").unwrap();
    let first = block.find("↳ **bea**: the deploy").unwrap();
    let second = block.find("↳ **cho**: rolling").unwrap();
    assert!(post < first && first < second, "{block}");
    // The line that is not JSON and the post without a time are counted, with their lines.
    assert!(
        report.contains("2 lines skipped as unparseable"),
        "{report}"
    );
    assert!(report.contains("lines 11, 15"), "{report}");
}

#[test]
fn a_discord_export() {
    let env = env_with(
        "chatlogs/discord/ops.json",
        "logs/Acme - ops [100000000000000002].json",
    );
    let (report, block) = import(&env);
    assert!(report.contains("(discord)"), "{report}");
    insta::assert_snapshot!("discord", block);
    assert!(block.contains("(reply to Ann) the deploy"), "{block}");
    assert!(
        block.contains("\\[FIRING\\] CheckoutErrors: 5xx rate 12%"),
        "{block}"
    );
    assert!(
        !block.contains("cdn.discordapp.com"),
        "attachment URLs are left out: {block}"
    );
    assert!(report.contains("1 line skipped as unparseable"), "{report}");
}

#[test]
fn a_matrix_export() {
    let env = env_with(
        "chatlogs/matrix/ops.json",
        "logs/Element - ops - Chat Export.json",
    );
    let (report, block) = import(&env);
    assert!(report.contains("(matrix)"), "{report}");
    insta::assert_snapshot!("matrix", block);
    assert!(block.contains("(reply to Ann) the deploy"), "{block}");
    assert!(!block.contains("now**"), "edits are not repeated: {block}");
    // The message without a time and the event Element could not decrypt.
    assert!(
        report.contains("2 lines skipped as unparseable"),
        "{report}"
    );
}

#[test]
fn pagerduty_entries_are_events_and_propose_detected_and_acknowledged_at() {
    let env = env_with("chatlogs/pagerduty/log_entries.json", "logs/incident.json");
    // Without detected_at, the trigger is proposed, never written.
    let doc = VALID.replace("detected_at: 2026-03-14T09:19:00Z\n", "");
    env.write(DOC, &doc);
    let (code, report, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(report.contains("(pagerduty)"), "{report}");
    assert!(
        report.contains("proposed: detected_at: 2026-03-14T09:19:00Z"),
        "{report}"
    );
    assert!(
        report.contains(
            "proposed: acknowledged_at: 2026-03-14T09:21:30Z (first acknowledged by Ben Okafor, 2026-03-14 09:21 UTC)"
        ),
        "{report}"
    );
    // Both go after started_at (line 5), in order, with the exact edit.
    assert!(
        report.contains(&format!(
            "to set them: add these lines to the front matter of {DOC}, after line 5 (`started_at: 2026-03-14T09:12:00Z`):\n    detected_at: 2026-03-14T09:19:00Z\n    acknowledged_at: 2026-03-14T09:21:30Z\n"
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "or with GNU sed: sed -i -e '5a detected_at: 2026-03-14T09:19:00Z' -e '5a acknowledged_at: 2026-03-14T09:21:30Z' {DOC}"
        )),
        "{report}"
    );
    let written = env.read(DOC);
    assert!(!written.contains("detected_at"), "never written silently");
    assert!(
        !written.contains("acknowledged_at"),
        "never written silently"
    );
    // The edit as proposed gives a document pm reads, with both times.
    let mut lines: Vec<&str> = written.lines().collect();
    lines.insert(5, "acknowledged_at: 2026-03-14T09:21:30Z");
    lines.insert(5, "detected_at: 2026-03-14T09:19:00Z");
    env.write(DOC, lines.join("\n") + "\n");
    let (code, shown, stderr) = output(env.pm().args(["show", DOC, "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        shown.contains("\"detected_at\": \"2026-03-14T09:19:00Z\""),
        "{shown}"
    );
    // pm check reads acknowledged_at as a time (its order rule sees it).
    let (code, _, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 0, "{stderr}");
    // With detected_at set and acknowledged_at missing, only the acknowledgement is
    // proposed, after detected_at's line.
    env.write(DOC, VALID);
    let (code, report, _) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0);
    assert!(!report.contains("proposed: detected_at"), "{report}");
    assert!(
        report.contains(&format!(
            "to set it: add this line to the front matter of {DOC}, after line 6 (`detected_at: 2026-03-14T09:19:00Z`):\n    acknowledged_at: 2026-03-14T09:21:30Z\n"
        )),
        "{report}"
    );
    env.write(DOC, &written);
    let block = timeline(&written);
    insta::assert_snapshot!("pagerduty", block);
    // Newest first in the file, in time order in the timeline.
    assert!(block.find("Triggered").unwrap() < block.find("Resolved").unwrap());
    // With both set, nothing is proposed.
    env.write(
        DOC,
        VALID.replace(
            "detected_at: 2026-03-14T09:19:00Z\n",
            "detected_at: 2026-03-14T09:19:00Z\nacknowledged_at: 2026-03-14T09:21:30Z\n",
        ),
    );
    let (code, report, _) = output(env.pm().args(["import-logs", "checkout", "--force"]));
    assert_eq!(code, 0);
    assert!(!report.contains("proposed"), "{report}");
}

#[test]
fn a_cut_short_export_imports_what_is_there_and_says_so() {
    let full = std::fs::read_to_string(fixture_path("chatlogs/discord/ops.json")).unwrap();
    let cut = &full[..full.find("\"id\": \"1006\"").unwrap()];
    let env = env_with("chatlogs/discord/ops.json", "logs/ops.json");
    env.write("logs/ops.json", cut);
    let (code, report, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        report
            .contains("warning: logs/ops.json: the file ends inside the entry that starts at line"),
        "{report}"
    );
    assert!(env.read(DOC).contains("seeing 503s"));
}

#[test]
fn broken_json_names_the_place() {
    let env = env_with("chatlogs/matrix/ops.json", "logs/ops.json");
    let text = std::fs::read_to_string(fixture_path("chatlogs/matrix/ops.json")).unwrap();
    env.write(
        "logs/ops.json",
        text.replace(
            "\"body\": \"rolls back CFG-381\"",
            "\"body\"; \"rolls back CFG-381\"",
        ),
    );
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("logs/ops.json:14:"), "{stderr}");
    assert!(stderr.contains("invalid JSON: expected `:`"), "{stderr}");
}

#[test]
fn a_one_megabyte_message_is_read() {
    let big = "x".repeat(1_000_000);
    let env = env_with("chatlogs/mattermost/export.jsonl", "logs/export.jsonl");
    let mut text =
        std::fs::read_to_string(fixture_path("chatlogs/mattermost/export.jsonl")).unwrap();
    text.push_str(&format!(
        "{{\"type\":\"post\",\"post\":{{\"team\":\"acme\",\"channel\":\"ops\",\"user\":\"ann\",\"message\":\"{big}\",\"create_at\":1773480000000}}}}\n"
    ));
    env.write("logs/export.jsonl", &text);
    let (code, report, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(env.read(DOC).contains(&big[..1000]), "{report}");
    // The same in a JSON document.
    let env = env_with("chatlogs/discord/ops.json", "logs/ops.json");
    let text = std::fs::read_to_string(fixture_path("chatlogs/discord/ops.json")).unwrap();
    env.write(
        "logs/ops.json",
        text.replace("\"content\": \"🔥🔥\"", &format!("\"content\": \"{big}\"")),
    );
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(env.read(DOC).contains(&big[..1000]));
}
