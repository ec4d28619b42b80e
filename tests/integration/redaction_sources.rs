//! Redaction applies to every chat source: a message holding a GitHub token and an AWS
//! key id, in each format `pm import-logs` reads, reaches the document as markers.

use crate::env::{TestEnv, VALID, fixture_path, output};
use crate::import_logs::{copy_dir, timeline};

const DOC: &str = "postmortems/2026-03-14-checkout-503s.md";

/// The secrets, built from pieces so the repository holds no string that looks like a key.
fn secrets() -> (String, String) {
    let body: String = "Zq8Lw2Xr5Tn1Vb7Hc3Jd9Kf4Mg6Ps0Ay"
        .chars()
        .chain("Qe2R".chars())
        .collect();
    (
        format!("{}_{body}", "ghp"),
        format!("{}{}", "AKIA", "Q7TZ3MXW5KRN2PLB"),
    )
}

/// The message text with both secrets.
fn message() -> String {
    let (gh, aws) = secrets();
    format!("pushing with GH_TOKEN={gh} and key id {aws} now")
}

/// Imports `DOC` from an ad hoc source and returns the timeline block.
fn import(env: &TestEnv, args: &[&str]) -> String {
    let (code, stdout, stderr) = output(env.pm().arg("import-logs").arg(DOC).args(args));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("secrets redacted ("), "{stdout}");
    timeline(&env.read(DOC))
}

fn assert_redacted(block: &str, source: &str) {
    let (gh, aws) = secrets();
    assert!(!block.contains(&gh), "{source}: {block}");
    assert!(!block.contains(&aws), "{source}: {block}");
    assert!(block.contains("github-token"), "{source}: {block}");
    assert!(block.contains("aws-access-key"), "{source}: {block}");
    assert!(
        block.contains("pushing with GH"),
        "{source}: the words stay: {block}"
    );
}

#[test]
fn every_text_format() {
    let m = message();
    let cases: Vec<(&str, &str, String, &[&str])> = vec![
        (
            "irssi",
            "logs/#ops.log",
            format!("--- Log opened Sat Mar 14 09:00:00 2026\n09:20 < ann> {m}\n"),
            &[],
        ),
        (
            "weechat",
            "logs/irc.libera.#ops.weechatlog",
            format!("2026-03-14 09:20:00\tann\t{m}\n"),
            &[],
        ),
        (
            "hexchat",
            "logs/#ops.log",
            format!(
                "**** BEGIN LOGGING AT Sat Mar 14 09:00:00 2026\n\nMar 14 09:20:00 <ann>\t{m}\n"
            ),
            &[],
        ),
        (
            "limnoria",
            "logs/#ops.2026-03-14.log",
            format!("2026-03-14T09:20:00  <ann> {m}\n"),
            &[],
        ),
        (
            "textual",
            "logs/2026-03-14.txt",
            format!("[2026-03-14T10:20:00+0100] <ann> {m}\n"),
            &[],
        ),
        (
            "znc",
            "logs/2026-03-14.log",
            format!("[09:20:00] <ann> {m}\n"),
            &[],
        ),
        (
            "irclogs",
            "logs/#ops.txt",
            format!("[09:20] <ann> {m}\n"),
            &["--date", "2026-03-14"],
        ),
    ];
    for (format, rel, log, extra) in cases {
        let env = TestEnv::new();
        env.write(rel, log);
        env.write(DOC, VALID);
        let mut args = vec!["--source", rel, "--format", format];
        args.extend_from_slice(extra);
        let block = import(&env, &args);
        assert_redacted(&block, format);
    }
}

/// The JSON sources: a fixture's message replaced by one holding the secrets.
#[test]
fn every_json_format() {
    let m = message();
    let cases = [
        (
            "mattermost",
            "chatlogs/mattermost/export.jsonl",
            "logs/export.jsonl",
            "seeing 503s on checkout",
        ),
        (
            "discord",
            "chatlogs/discord/ops.json",
            "logs/ops.json",
            "seeing 503s on checkout",
        ),
        (
            "matrix",
            "chatlogs/matrix/ops.json",
            "logs/ops.json",
            "seeing 503s on checkout",
        ),
        (
            "pagerduty",
            "chatlogs/pagerduty/log_entries.json",
            "logs/incident.json",
            "CheckoutErrors firing",
        ),
    ];
    for (format, fixture, rel, needle) in cases {
        let text = std::fs::read_to_string(fixture_path(fixture)).unwrap();
        assert!(text.contains(needle), "{fixture}");
        let env = TestEnv::new();
        env.write(rel, text.replace(needle, &m));
        env.write(DOC, VALID);
        let block = import(&env, &["--source", rel, "--format", format]);
        assert_redacted(&block, format);
    }
}

#[test]
fn a_slack_export() {
    let env = TestEnv::new();
    copy_dir(&env, "chatlogs/slack/acme", "slack");
    let day = "slack/ops/2026-03-14.json";
    let needle = "on it, restarting";
    let text = env.read(day);
    assert!(text.contains(needle));
    env.write(day, text.replace(needle, &message()));
    // The fixture's messages are at 07:00 UTC.
    env.write(
        DOC,
        VALID
            .replace("2026-03-14T09:12:00Z", "2026-03-14T07:00:00Z")
            .replace("2026-03-14T09:19:00Z", "2026-03-14T07:05:00Z")
            .replace("2026-03-14T10:05:00Z", "2026-03-14T08:00:00Z"),
    );
    let block = import(&env, &["--source", "slack/ops", "--format", "slack"]);
    assert_redacted(&block, "slack");
}
