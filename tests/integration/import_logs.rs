//! `pm import-logs`: chat logs of our own (irssi, WeeChat) into a postmortem's Timeline.

use crate::env::{TestEnv, VALID, output};

const DOC: &str = "postmortems/2026-03-14-checkout-503s.md";

/// An irssi log of #ops over three days; the incident (09:12 to 10:05 UTC) is on the 14th.
const OPS_LOG: &str = "--- Log opened Thu Mar 12 08:00:00 2026
08:00 -!- ann [ann@example.org] has joined #ops
08:01 <@ann> a quiet day
--- Day changed Fri Mar 13 2026
17:00 < bea> friday deploy? no thanks
--- Day changed Sat Mar 14 2026
08:50 < bea> before the window: not imported
09:05:10 <@ann> pushing CFG-381 to staging
09:12:30 < bea> seeing 503s on checkout
09:13:02  * cho opens the dashboard
this line fits no grammar
09:14:00 -!- dan [dan@example.net] has joined #ops
09:20:00 < cho> `rm -rf` *nothing*, just <b>looking</b> | --- # 1. <!-- -->
10:04:59 <@ann> reverted, 503s gone
10:30:00 < bea> after the window: not imported
--- Day changed Sun Mar 15 2026
09:00 < ann> next day
";

const CONFIG: &str = "chat:
  padding: 15m
  sources:
    - channel: \"#ops\"
      format: auto
      path: logs/ops.log
";

fn env_with(log: &str, config: &str) -> TestEnv {
    let env = TestEnv::new();
    env.write("pm.yaml", config);
    env.write("logs/ops.log", log);
    env.write(DOC, VALID);
    env
}

/// The postmortem lists #checkout as well as #ops.
fn with_checkout_channel(env: &TestEnv) {
    let doc = VALID.replace(
        "channels: [\"#ops\"]",
        "channels: [\"#ops\", \"#checkout\"]",
    );
    env.write(DOC, doc);
}

pub fn timeline(doc: &str) -> String {
    let start = doc.find("## Timeline").expect("timeline");
    let end = doc[start..]
        .find("## Discussion")
        .map_or(doc.len(), |i| start + i);
    doc[start..end].to_string()
}

#[test]
fn writes_the_window_into_the_timeline() {
    let env = env_with(OPS_LOG, CONFIG);
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("report", stdout);
    let doc = env.read(DOC);
    insta::assert_snapshot!("timeline", timeline(&doc));
    // Nothing outside the block moved.
    assert!(doc.starts_with(&VALID[..VALID.find("## Timeline").unwrap()]));
    assert!(doc.ends_with(&VALID[VALID.find("\n## Discussion").unwrap()..]));
    let (code, _, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 0, "the written document passes pm check: {stderr}");
}

#[test]
fn running_it_again_is_byte_identical() {
    let env = env_with(OPS_LOG, CONFIG);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    let first = env.read(DOC);
    let (code, stdout, _) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("is up to date"), "{stdout}");
    assert_eq!(env.read(DOC), first);
    // Notes written around the block survive a re-import with a wider window.
    let noted = first.replace("## Discussion", "My note after the block.\n\n## Discussion");
    env.write(DOC, &noted);
    let (code, _, stderr) =
        output(
            env.pm()
                .args(["import-logs", "checkout", "--since", "2026-03-14T08:00:00Z"]),
        );
    assert_eq!(code, 0, "{stderr}");
    let after = env.read(DOC);
    assert!(after.contains("before the window: not imported"));
    assert!(after.contains("My note after the block.\n\n## Discussion"));
    assert_eq!(after.matches("pm import-logs: begin").count(), 1);
}

#[test]
fn a_hand_edited_block_is_refused_unless_forced() {
    let env = env_with(OPS_LOG, CONFIG);
    output(env.pm().args(["import-logs", "checkout"]));
    let edited = env
        .read(DOC)
        .replace("reverted, 503s gone", "reverted (by hand)");
    env.write(DOC, &edited);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("edited by hand"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(env.read(DOC), edited);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout", "--force"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(env.read(DOC).contains("reverted, 503s gone"));
}

#[test]
fn a_missing_timeline_section_is_created_before_the_discussion() {
    let env = env_with(OPS_LOG, CONFIG);
    let start = VALID.find("## Timeline").unwrap();
    let end = VALID.find("## Discussion").unwrap();
    let without = format!("{}{}", &VALID[..start], &VALID[end..]);
    env.write(DOC, &without);
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("a new Timeline section"), "{stdout}");
    let doc = env.read(DOC);
    let t = doc.find("## Timeline").unwrap();
    assert!(doc.find("## Impact").unwrap() < t && t < doc.find("## Discussion").unwrap());
}

#[test]
fn dry_run_and_stdout_write_nothing() {
    let env = env_with(OPS_LOG, CONFIG);
    let (code, stdout, _) = output(env.pm().args(["import-logs", "checkout", "--dry-run"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("nothing written"), "{stdout}");
    assert_eq!(env.read(DOC), VALID);
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout", "--stdout"]));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("---\ntitle:"), "{stdout}");
    assert!(stdout.contains("seeing 503s on checkout"));
    assert!(
        stderr.contains("#ops: "),
        "the report goes to stderr: {stderr}"
    );
    assert_eq!(env.read(DOC), VALID);
}

#[test]
fn only_messages_drops_joins() {
    let env = env_with(OPS_LOG, CONFIG);
    let (code, _, _) = output(
        env.pm()
            .args(["import-logs", "checkout", "--only", "messages"]),
    );
    assert_eq!(code, 0);
    let doc = env.read(DOC);
    assert!(!doc.contains("has joined"));
    assert!(doc.contains("opens the dashboard"));
}

#[test]
fn a_channel_without_a_source_names_the_key_to_add() {
    let env = env_with(OPS_LOG, CONFIG);
    with_checkout_channel(&env);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("no chat source for `#checkout`"),
        "{stderr}"
    );
    assert!(stderr.contains("chat.sources"), "{stderr}");
    // --channel imports only the ones that have a source.
    let (code, _, stderr) = output(
        env.pm()
            .args(["import-logs", "checkout", "--channel", "#ops"]),
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn no_resolved_at_needs_until() {
    let env = env_with(OPS_LOG, CONFIG);
    env.write(
        DOC,
        VALID.replace("resolved_at: 2026-03-14T10:05:00Z\n", ""),
    );
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("no `resolved_at`"), "{stderr}");
    assert!(stderr.contains("--until"), "{stderr}");
    let (code, _, stderr) =
        output(
            env.pm()
                .args(["import-logs", "checkout", "--until", "2026-03-14T09:30:00Z"]),
        );
    assert_eq!(code, 0, "{stderr}");
    let doc = env.read(DOC);
    assert!(doc.contains("seeing 503s") && !doc.contains("reverted, 503s gone"));
}

#[test]
fn until_takes_a_time_as_people_say_it_and_echoes_it() {
    let env = env_with(OPS_LOG, CONFIG);
    env.write(
        DOC,
        VALID.replace("resolved_at: 2026-03-14T10:05:00Z\n", ""),
    );
    let (code, _, stderr) = output(env.pm().env("PM_NOW", "2026-03-14T12:00:00Z").args([
        "import-logs",
        "checkout",
        "--until",
        "-2h30m",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("--until -2h30m: 2026-03-14 09:30 UTC\n"),
        "{stderr}"
    );
    let doc = env.read(DOC);
    assert!(doc.contains("seeing 503s") && !doc.contains("reverted, 503s gone"));
}

#[test]
fn an_empty_window_is_a_note_and_the_document_is_unchanged() {
    let env = env_with(OPS_LOG, CONFIG);
    let (code, stdout, _) = output(env.pm().args([
        "import-logs",
        "checkout",
        "--since",
        "2026-03-20T00:00:00Z",
        "--until",
        "2026-03-20T01:00:00Z",
    ]));
    assert_eq!(code, 0);
    assert!(stdout.contains("no chat entries in #ops"), "{stdout}");
    assert!(stdout.contains("unchanged"), "{stdout}");
    assert_eq!(env.read(DOC), VALID);
    let (code, stdout, stderr) = output(env.pm().args([
        "import-logs",
        "checkout",
        "--since",
        "2026-03-20T00:00:00Z",
        "--until",
        "2026-03-20T01:00:00Z",
        "--stdout",
    ]));
    assert_eq!(code, 0);
    assert_eq!(stdout, VALID, "--stdout prints the unchanged document");
    assert!(stderr.contains("no chat entries"), "{stderr}");
}

#[test]
fn bad_sources_are_clear_errors_and_nothing_is_written() {
    let env = env_with(OPS_LOG, &CONFIG.replace("logs/ops.log", "logs/missing.log"));
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_ne!(code, 0);
    assert!(stderr.contains("logs/missing.log"), "{stderr}");
    assert!(stderr.contains("no such file"), "{stderr}");
    assert_eq!(env.read(DOC), VALID);

    let env = env_with("just some prose\nand more prose\n", CONFIG);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_ne!(code, 0);
    assert!(stderr.contains("ops.log"), "{stderr}");
    assert!(stderr.contains("no format accepts its line 1"), "{stderr}");
    assert!(stderr.contains("just some prose"), "{stderr}");

    let env = env_with(OPS_LOG, &CONFIG.replace("format: auto", "format: irsi"));
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("did you mean `irssi`"), "{stderr}");
}

#[test]
fn config_keys_are_checked() {
    let env = env_with(OPS_LOG, "chat:\n  paddin: 15m\n");
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("did you mean `padding`"), "{stderr}");
    let env = env_with(
        OPS_LOG,
        "chat:\n  sources:\n    - channel: \"#ops\"\n      pth: x\n",
    );
    let (_, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert!(stderr.contains("did you mean `path`"), "{stderr}");
}

#[test]
fn home_folders_and_globs_resolve() {
    let env = env_with(OPS_LOG, &CONFIG.replace("logs/ops.log", "~/irclogs/*.log"));
    std::fs::create_dir_all(env.home.join("irclogs")).unwrap();
    std::fs::write(env.home.join("irclogs/ops.log"), OPS_LOG).unwrap();
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("read ~/irclogs/ops.log (irssi)"),
        "{stdout}"
    );
    let env = env_with(OPS_LOG, &CONFIG.replace("logs/ops.log", "logs"));
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "a folder: {stderr}");
}

#[test]
fn several_channels_are_merged_in_time_order_with_their_names() {
    let env = env_with(OPS_LOG, CONFIG);
    env.write(
        "logs/checkout.weechatlog",
        "2026-03-14 09:12:45\tfey\tcheckout alerts firing\n2026-03-14 10:00:00\tfey\tlooks better\n",
    );
    env.write(
        "pm.yaml",
        format!("{CONFIG}    - channel: \"#checkout\"\n      format: weechat\n      path: logs/checkout.weechatlog\n"),
    );
    with_checkout_channel(&env);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    let doc = env.read(DOC);
    let a = doc.find("#ops **bea**: seeing 503s").expect("ops line");
    let b = doc
        .find("#checkout **fey**: checkout alerts")
        .expect("checkout line");
    let c = doc.find("#ops \\* **cho** opens").expect("ops action");
    assert!(a < b && b < c, "{doc}");
}

#[test]
fn time_zones_and_dst_are_honoured() {
    // Berlin leaves summer time on 2026-10-25: 02:00-03:00 happens twice.
    let log = "--- Log opened Sun Oct 25 01:50:00 2026
01:55:00 < ann> before the change
02:30:00 < ann> an ambiguous half past two
03:10:00 < ann> after the change
";
    let env = TestEnv::new();
    env.write("logs/ops.log", log);
    env.write(
        "pm.yaml",
        "timezone: Europe/Berlin\nchat:\n  sources:\n    - channel: \"#ops\"\n      path: logs/ops.log\n      timezone: Europe/Berlin\n",
    );
    env.write(
        DOC,
        VALID
            .replace("2026-03-14T09:12:00Z", "2026-10-25T00:00:00Z")
            .replace("2026-03-14T09:19:00Z", "2026-10-25T00:10:00Z")
            .replace("2026-03-14T10:05:00Z", "2026-10-25T02:00:00Z"),
    );
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("1 time repeated by a DST change"),
        "{stdout}"
    );
    let doc = env.read(DOC);
    // Shown in the repository zone, with the abbreviation as the offset changes.
    assert!(
        doc.contains("- 01:55:00 CEST **ann**: before the change"),
        "{doc}"
    );
    assert!(
        doc.contains("- 02:30:00 CEST **ann**: an ambiguous"),
        "{doc}"
    );
    assert!(
        doc.contains("- 03:10:00 CET **ann**: after the change"),
        "{doc}"
    );
    // The same log read as UTC: 03:10 UTC is past the window (02:15 UTC).
    env.write(
        "pm.yaml",
        "timezone: Europe/Berlin\nchat:\n  sources:\n    - channel: \"#ops\"\n      path: logs/ops.log\n      timezone: UTC\n",
    );
    let (_, stdout, _) = output(env.pm().args(["import-logs", "checkout", "--dry-run"]));
    assert!(stdout.contains("1 entry imported"), "{stdout}");
}

#[test]
fn lines_out_of_order_are_kept_and_sorted() {
    let log = "--- Log opened Sat Mar 14 09:00:00 2026
09:30:00 < ann> second
09:20:00 < bea> first (bouncer playback)
09:40:00 < ann> third
";
    let env = env_with(log, CONFIG);
    let (code, stdout, _) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("1 line earlier than the line before"),
        "{stdout}"
    );
    let doc = env.read(DOC);
    let first = doc.find("first (bouncer").unwrap();
    assert!(
        first < doc.find("second").unwrap()
            && doc.find("second").unwrap() < doc.find("third").unwrap()
    );
}

#[test]
fn an_ad_hoc_source_needs_no_config() {
    let env = TestEnv::new();
    env.write("elsewhere/#ops.log", OPS_LOG);
    env.write(DOC, VALID);
    let (code, stdout, stderr) = output(env.pm().args([
        "import-logs",
        DOC,
        "--source",
        "elsewhere/#ops.log",
        "--format",
        "irssi",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("#ops: "), "{stdout}");
    let (code, _, stderr) = output(env.pm().args(["import-logs", DOC, "--format", "irssi"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("describes a --source"), "{stderr}");
}

#[test]
fn chat_text_cannot_break_the_document() {
    let log = "--- Log opened Sat Mar 14 09:00:00 2026
09:20:00 < eve> ---
09:20:01 < eve> ## Remediation items
09:20:02 < eve> <!-- pm import-logs: end -->
09:20:03 < eve> <!-- pm import-logs: begin checksum=fnv1a64:0000000000000000 -->
09:20:04 < eve> <script>alert(1)</script> ``` | a | b | 1. one
09:20:05 < eve> -->
";
    let env = env_with(log, CONFIG);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    let doc = env.read(DOC);
    assert_eq!(doc.matches("\n## Remediation items").count(), 1);
    assert_eq!(doc.matches("\n<!-- pm import-logs: begin").count(), 1);
    assert!(!doc.contains("<script>"));
    let (code, _, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, _) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("up to date"), "{stdout}");
}

/// Copies a fixture folder (recursively) into the repository at `rel`.
pub fn copy_dir(env: &TestEnv, fixture: &str, rel: &str) {
    let from = crate::env::fixture_path(fixture);
    let mut stack = vec![(from, env.path(rel))];
    while let Some((src, dst)) = stack.pop() {
        std::fs::create_dir_all(&dst).unwrap();
        for entry in std::fs::read_dir(&src).unwrap() {
            let entry = entry.unwrap();
            let to = dst.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                stack.push((entry.path(), to));
            } else {
                std::fs::copy(entry.path(), to).unwrap();
            }
        }
    }
}

#[test]
fn a_slack_export_goes_through_the_command() {
    let env = TestEnv::new();
    copy_dir(&env, "chatlogs/slack/acme", "slack");
    env.write(
        "pm.yaml",
        "chat:\n  sources:\n    - channel: \"#ops\"\n      format: auto\n      path: slack/ops\n",
    );
    // 2026-03-14 07:00 to 08:00 UTC; the day file of the 10th (not JSON) must stay unopened.
    env.write(
        DOC,
        VALID
            .replace("2026-03-14T09:12:00Z", "2026-03-14T07:00:00Z")
            .replace("2026-03-14T09:19:00Z", "2026-03-14T07:05:00Z")
            .replace("2026-03-14T10:05:00Z", "2026-03-14T08:00:00Z"),
    );
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("(slack)"), "{stdout}");
    let doc = env.read(DOC);
    let block = timeline(&doc);
    // Display names from users.json, thread replies marked, Slack markup decoded and escaped.
    assert!(block.contains("has joined"), "{block}");
    assert!(block.contains("↳ "), "thread replies are marked: {block}");
    assert!(
        block.contains("restarting \\`payments-7f9c\\` &lt;- the one"),
        "{block}"
    );
    assert!(!block.contains("U01ANN"), "user ids become names: {block}");
    // Regression: the report once said no line of the export could be read, and named the
    // channel folder rather than a day file.
    assert!(!stdout.contains("no line of it could be read"), "{stdout}");
    assert!(stdout.contains("slack/ops/2026-03-14.json"), "{stdout}");
    let (code, stdout, _) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("up to date"), "{stdout}");
}

#[test]
fn per_day_files_outside_the_window_are_not_opened() {
    let env = TestEnv::new();
    env.fixture("chatlogs/znc/2026-03-14.log", "znc/#ops/2026-03-14.log");
    // Outside the window, and not a log at all: opening it would fail detection.
    env.write("znc/#ops/2026-01-02.log", "not a chat log\n");
    env.write("znc/#ops/2026-05-30.log", "not a chat log either\n");
    env.write(
        "pm.yaml",
        "chat:\n  sources:\n    - channel: \"#ops\"\n      path: \"znc/#ops/*.log\"\n",
    );
    env.write(
        DOC,
        VALID.replace("2026-03-14T09:12:00Z", "2026-03-14T08:50:00Z"),
    );
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("read znc/#ops/2026-03-14.log (znc)"),
        "{stdout}"
    );
    assert!(stdout.contains("2 per-day files not opened"), "{stdout}");
    assert!(env.read(DOC).contains("deploy 4711 is rolling back"));
}

#[test]
fn secrets_are_redacted_unless_asked_not_to() {
    let log = "--- Log opened Sat Mar 14 09:00:00 2026
09:20:00 < ann> try with password=hunter2hunter2 on staging
";
    let env = env_with(log, CONFIG);
    let (code, stdout, _) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("1 secret redacted"), "{stdout}");
    assert!(!env.read(DOC).contains("hunter2"));
    let (code, _, _) = output(env.pm().args(["import-logs", "checkout", "--no-redact"]));
    assert_eq!(code, 0);
    assert!(env.read(DOC).contains("hunter2hunter2"));
}

/// Regression: a private key pasted into IRC, one message per line, lost only its first line.
#[test]
fn a_private_key_pasted_line_by_line_is_redacted_whole() {
    let log = "--- Log opened Sat Mar 14 09:00:00 2026
09:20:00 < ann> -----BEGIN RSA PRIVATE KEY-----
09:20:01 < ann> MIIEowIBAAKCAQEAuSecretKeyBodyLineOne
09:20:02 < ann> c2VjcmV0IGtleSBib2R5IGxpbmUgdHdv
09:20:03 < ann> -----END RSA PRIVATE KEY-----
09:21:00 < bea> please rotate that one
";
    let env = env_with(log, CONFIG);
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    let doc = env.read(DOC);
    assert!(!doc.contains("SecretKeyBody"), "{doc}");
    assert!(!doc.contains("c2VjcmV0"), "{doc}");
    assert!(doc.contains("please rotate that one"), "{doc}");
    assert!(stdout.contains("secrets redacted"), "{stdout}");
}

#[test]
fn undated_lines_take_the_day_from_date() {
    let env = TestEnv::new();
    env.fixture("chatlogs/irclogs/no-date.txt", "logs/no-date.txt");
    env.write(
        DOC,
        VALID.replace("2026-03-14T09:12:00Z", "2026-03-14T08:50:00Z"),
    );
    let args = [
        "import-logs",
        DOC,
        "--source",
        "logs/no-date.txt",
        "--format",
        "irclogs",
    ];
    let (code, stdout, _) = output(env.pm().args(args));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("no date known before these lines: use --date or a dated file name"),
        "{stdout}"
    );
    let (code, stdout, stderr) = output(env.pm().args(args).args(["--date", "2026-03-14"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("wrote "), "{stdout}");
    assert!(env.read(DOC).contains("this file name holds no date"));
}

#[test]
fn lines_without_a_known_day_are_reported_with_the_fix() {
    // A HexChat log whose first timed lines come before any `**** BEGIN LOGGING` header.
    let log = "Mar 14 09:20:00 <ann>\tbefore the header: no year known\nMar 14 09:21:00 <ann>\tsame\n**** BEGIN LOGGING AT Sat Mar 14 09:30:00 2026\nMar 14 09:31:00 <bea>\tafter the header\n";
    let env = env_with(log, CONFIG);
    let (code, stdout, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("2 timed lines skipped in logs/ops.log (lines 1, 2): no date known before these lines: use --date or a dated file name"),
        "{stdout}"
    );
    let doc = env.read(DOC);
    assert!(doc.contains("after the header"));
    assert!(
        !doc.contains("no year known"),
        "not given the header's year"
    );
}

#[test]
fn a_date_anywhere_in_an_irssi_or_znc_file_name() {
    let env = env_with("", CONFIG);
    env.write("logs/#ops.2026-03-14.1.log", "09:20 < ann> rotated file\n");
    env.write(
        "logs/znc/#ops_20260314.log.old",
        "[09:21:00] <bea> old znc file\n",
    );
    let (code, stdout, stderr) = output(env.pm().args([
        "import-logs",
        "checkout",
        "--source",
        "logs/#ops.2026-03-14.1.log",
        "--source",
        "logs/znc/#ops_20260314.log.old",
        "--format",
        "irssi",
        "--format",
        "znc",
        "--channel",
        "#ops",
    ]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    let doc = env.read(DOC);
    assert!(doc.contains("rotated file"), "{stdout}");
    assert!(doc.contains("old znc file"), "{stdout}");
}
