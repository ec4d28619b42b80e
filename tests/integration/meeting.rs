//! `pm meeting`: the facilitator's sheet, on a postmortem with a chat transcript, a
//! scheduled meeting, a phrase the language rules flag, and open remediation items.

use serde_json::Value;

use crate::env::{TestEnv, output};
use crate::schedule::{DOC, PATH, PM_YAML};

fn env_with(pm_yaml: &str) -> TestEnv {
    let env = TestEnv::new();
    env.write("pm.yaml", pm_yaml);
    let doc = DOC
        .replace(
            "resolved_at: 2026-11-20T10:05:00Z\n",
            "resolved_at: 2026-11-20T10:05:00Z\nmeeting_at: 2026-11-25T15:00:00Z\nfacilitator: Chris Hale\n",
        )
        .replace(
            "- 09:12 UTC config pushed\n",
            "- 09:12 UTC — config pushed by Dana Whitfield\n- 09:19 UTC — the alert pages Ben Okafor,\n  who is on call\n- 09:30 UTC — Ben should have checked the config history first\n- 10:05 UTC — resolved; Ana Lima closes the incident\n",
        );
    env.write(PATH, doc);
    env
}

fn sheet(env: &TestEnv, format: &str) -> String {
    sheet_of(env, &["checkout", "--format", format])
}

#[test]
fn the_sheet_for_the_terminal() {
    let env = env_with(PM_YAML);
    let out = sheet(&env, "human");
    for needle in [
        "Postmortem meeting: Checkout API returned 503s; config push, again",
        "2026-11-25 15:00 UTC to 16:00 · Room 4.01, 4th floor; https://meet.example.com/pm · facilitator: Chris Hale",
        "1. We are here to learn",
        "2. No counterfactuals",
        "15:00-15:06  Opening and ground rules",
        "15:06-15:42  Timeline",
        "15:54-16:00  Remediation items",
        "resolved:",
        "2026-11-20 10:05 UTC  (+53m after the start)",
        // Continuation lines are joined.
        "09:19  the alert pages Ben Okafor, who is on call",
        "→ first appearance of Dana Whitfield",
        "→ first appearance of Ben Okafor",
        // kim_s is not in the directory; Farid is, as `farid`.
        "chat: first message from kim_s: support here, customers cannot pay",
        "chat: first message from Farid Haddad (farid): the lock is held",
        "→ first appearance of Farid Haddad",
        // 09:24:10 to 09:41:00 without a message.
        "⋯ 16m without a chat message (09:24 to 09:41): what were people looking at here?",
        "! counterfactual \"should have\": ask what was known at that moment",
        "Did we notice soon enough",
        "it was detected 7m after it started",
        "OPS-1412",
        "2026-12-14",
    ] {
        assert!(out.contains(needle), "{needle:?} in\n{out}");
    }
    // Ben speaks in the chat after the timeline named him: no second first appearance.
    assert_eq!(
        out.matches("first appearance of Ben Okafor").count(),
        1,
        "{out}"
    );
    // The silence comes after the 09:19 entry and before the 09:41 chat line.
    let silence = out.find("⋯ 16m").expect("silence");
    assert!(out.find("09:19  the alert").expect("entry") < silence);
    assert!(silence < out.find("first message from Farid").expect("farid"));
}

/// A transcript imported with `--no-redact` (or pasted by hand): the sheet quotes the
/// first message of each speaker with its secrets redacted.
#[test]
fn quoted_chat_is_redacted() {
    let env = env_with(PM_YAML);
    let token = format!("{}_{}", "ghp", "Zq8Lw2Xr5Tn1Vb7Hc3Jd9Kf4Mg6Ps0AyQe2R");
    let doc = env.read(PATH);
    let needle = "support here, customers cannot pay";
    assert!(doc.contains(needle));
    env.write(
        PATH,
        doc.replace(needle, &format!("support here, token {token} for status")),
    );
    for format in ["human", "markdown", "json"] {
        let out = sheet(&env, format);
        assert!(!out.contains(&token), "{format}: {out}");
        assert!(out.contains("[redacted: github-token]"), "{format}: {out}");
    }
}

#[test]
fn the_silence_setting_and_a_meeting_not_yet_scheduled() {
    let env = env_with(&PM_YAML.replace("meeting:\n", "meeting:\n  silence: 20m\n"));
    let out = sheet(&env, "human");
    assert!(
        !out.contains('⋯') || !out.contains("without a chat message"),
        "{out}"
    );
    let env = TestEnv::new();
    env.write("pm.yaml", PM_YAML);
    env.write(PATH, DOC);
    let out = sheet(&env, "human");
    assert!(out.contains("not scheduled yet"), "{out}");
    assert!(
        out.contains("0:00-0:06    Opening"),
        "minutes from the start: {out}"
    );
    assert!(out.contains("no facilitator yet"), "{out}");
}

#[test]
fn the_sheet_as_markdown_and_json() {
    let env = env_with(PM_YAML);
    let md = sheet(&env, "markdown");
    for needle in [
        "# Postmortem meeting: Checkout API returned 503s; config push, again",
        "## Agenda (60 min)",
        "- **15:00-15:06** Opening and ground rules (6 min)",
        "## Timeline",
        "- **09:12** config pushed by Dana Whitfield",
        "## Discussion questions",
        "## Open remediation items",
    ] {
        assert!(md.contains(needle), "{needle:?} in\n{md}");
    }
    let json: Value = serde_json::from_str(&sheet(&env, "json")).expect("json");
    assert_eq!(json["start"], "2026-11-25T15:00:00Z");
    assert_eq!(json["agenda"][1]["minutes"], 36);
    let kinds: Vec<&str> = json["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"silence") && kinds.contains(&"first-in-chat"),
        "{kinds:?}"
    );
    assert_eq!(json["language"][0]["rule"], "counterfactual");
    assert_eq!(json["open_items"][0]["ticket"], "OPS-1412");
    assert_eq!(json["questions"].as_array().map(Vec::len), Some(6));
}

/// The sheet of the shipped example, with its pm.yaml: the checkout postmortem has no
/// transcript (gaps between entries are marked), the notifications one has one (chat
/// handles mapped through the example's `people:`).
#[test]
fn the_sheets_of_the_example_repository() {
    let env = TestEnv::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    env.write(
        "pm.yaml",
        std::fs::read(root.join("pm.yaml")).expect("pm.yaml"),
    );
    for id in [
        "2026-03-14-checkout-503s",
        "2026-11-18-notifications-queue-backlog",
    ] {
        let text = std::fs::read(root.join(format!("postmortems/{id}.md"))).expect("example");
        env.write(&format!("postmortems/{id}.md"), text);
    }
    let out = sheet_of(&env, &["checkout"]);
    assert!(
        out.contains("15:00-15:06  Opening and ground rules"),
        "{out}"
    );
    assert!(
        out.contains("⋯ 13m with no timeline entry (09:52 to 10:05)"),
        "{out}"
    );
    assert!(out.contains("→ first appearance of Farid Haddad"), "{out}");
    let out = sheet_of(&env, &["notifications"]);
    assert!(
        out.contains("first message from Yusuf Demir (yusuf)")
            || out.contains("first appearance of Yusuf Demir"),
        "{out}"
    );
    assert!(
        out.contains("first message from Kim Park (support-kim)"),
        "{out}"
    );
    assert!(out.contains("alertmanager (a tool)"), "{out}");
    assert!(out.contains("without a chat message"), "{out}");
}

fn sheet_of(env: &TestEnv, args: &[&str]) -> String {
    let (code, stdout, stderr) = output(env.pm().arg("meeting").args(args));
    assert_eq!(code, 0, "{stderr}");
    stdout
}
