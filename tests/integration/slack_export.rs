//! `pm import-logs` on a Slack export as people have it: the export's root with a channel
//! name, threads under their first message, and the curated `--only pinned` timeline.

use crate::env::{TestEnv, VALID, output};
use crate::import_logs::{copy_dir, timeline};

const DOC: &str = "postmortems/2026-03-14-checkout-503s.md";

fn env() -> TestEnv {
    let env = TestEnv::new();
    copy_dir(&env, "chatlogs/slack/threads", "export");
    env.write("pm.yaml", "chat:\n  padding: 15m\n");
    env.write(DOC, VALID);
    env
}

fn import(env: &TestEnv, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["import-logs", "checkout", "--source", "export/"];
    args.extend_from_slice(extra);
    output(env.pm().args(&args))
}

#[test]
fn the_root_of_an_export_and_a_channel_name() {
    let env = env();
    for channel in ["ops", "#ops", "C01OPS"] {
        let (code, stdout, stderr) = import(&env, &["--channel", channel, "--stdout"]);
        assert_eq!(code, 0, "{channel}: {stderr}");
        assert!(
            stdout.contains("checkout returns 503s"),
            "{channel}: {stdout}"
        );
        assert!(stderr.contains("export/ops/2026-03-14.json"), "{stderr}");
    }
    // Private channels (groups.json) and group DMs (mpims.json).
    let (code, stdout, stderr) = import(&env, &["--channel", "incident-42", "--stdout"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("paging the DBA"), "{stdout}");
    let (code, stdout, stderr) = import(&env, &["--channel", "mpdm-ann--bob-1", "--stdout"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("are you on it?"), "{stdout}");
    let (code, _, stderr) = import(&env, &["--channel", "#nope"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the Slack export has no channel `nope`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("it has: incident-42, mpdm-ann--bob-1, ops"),
        "{stderr}"
    );
}

#[test]
fn thread_replies_sit_under_their_first_message() {
    let env = env();
    let (code, _, stderr) = import(&env, &["--channel", "ops"]);
    assert_eq!(code, 0, "{stderr}");
    let block = timeline(&env.read(DOC));
    let lines: Vec<&str> = block.lines().filter(|l| l.starts_with("- 09:0")).collect();
    assert_eq!(
        lines,
        [
            "- 09:00:00 **Ann**: checkout returns 503s",
            "- 09:02:00 ↳ **cho**: first reply: it is the config push",
            "- 09:05:00 ↳ **Bob Okafor**: second reply: 503s gone",
            "- 09:01:00 **Bob Okafor**: unrelated: lunch?",
            "- 09:03:00 ↳ **Bob Okafor**: (in a thread started 2026-03-13 09:00 UTC) late reply to yesterday's canary thread",
            "- 09:04:00 **Ann**: rollback started",
        ],
        "{block}"
    );
}

#[test]
fn only_pinned_keeps_pins_and_marked_messages() {
    let env = env();
    let (code, _, stderr) = import(&env, &["--channel", "ops", "--only", "pinned"]);
    assert_eq!(code, 0, "{stderr}");
    let block = timeline(&env.read(DOC));
    assert!(
        block.contains("(pinned and marked messages only)"),
        "{block}"
    );
    assert!(block.contains("checkout returns 503s"), "pinned: {block}");
    assert!(
        block.contains("second reply: 503s gone"),
        "pushpin: {block}"
    );
    assert!(
        !block.contains("rollback started"),
        "timeline is not marked by default: {block}"
    );
    assert!(!block.contains("lunch"), "{block}");
    env.write(
        "pm.yaml",
        "chat:\n  padding: 15m\n  mark_reactions: [timeline]\n",
    );
    let (code, _, stderr) = import(&env, &["--channel", "ops", "--only", "pinned", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    let block = timeline(&env.read(DOC));
    assert!(block.contains("rollback started"), "{block}");
    assert!(!block.contains("second reply"), "{block}");
    env.write("pm.yaml", "chat:\n  mark_reactions: pushpin\n");
    let (code, _, stderr) = import(&env, &["--channel", "ops"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`chat.mark_reactions` must be a list"),
        "{stderr}"
    );
}

/// Zips the fixture export into `name`, each file under `prefix` (`""` as Slack zips it,
/// `export/` as zipping the folder does).
fn zip_export(env: &TestEnv, name: &str, prefix: &str, skip: &[&str]) {
    use std::io::Write;
    let from = crate::env::fixture_path("chatlogs/slack/threads");
    let file = std::fs::File::create(env.path(name)).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut files: Vec<_> = walk(&from);
    files.sort();
    for path in files {
        let rel = path
            .strip_prefix(&from)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if skip.contains(&rel.as_str()) {
            continue;
        }
        zip.start_file(format!("{prefix}{rel}"), options).unwrap();
        zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_export_zip_is_read_in_place() {
    let env = env();
    for (name, prefix) in [("slack.zip", ""), ("Folder.ZIP", "export/")] {
        zip_export(&env, name, prefix, &[]);
        for channel in ["ops", "#ops", "C01OPS"] {
            let (code, from_folder, stderr) = import(&env, &["--channel", channel, "--stdout"]);
            assert_eq!(code, 0, "{stderr}");
            let args = [
                "import-logs",
                "checkout",
                "--source",
                name,
                "--channel",
                channel,
            ];
            let (code, stdout, stderr) = output(env.pm().args(args).arg("--stdout"));
            assert_eq!(code, 0, "{name} {channel}: {stderr}");
            assert_eq!(stdout, from_folder, "{name} {channel}");
            assert!(
                stderr.contains(&format!("{name}/{prefix}ops/2026-03-14.json")),
                "{stderr}"
            );
        }
        let args = [
            "import-logs",
            "checkout",
            "--source",
            name,
            "--channel",
            "incident-42",
        ];
        let (code, stdout, stderr) = output(env.pm().args(args).arg("--stdout"));
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("paging the DBA"), "{stdout}");
    }
    // Nothing was unpacked beside the archive.
    assert!(!env.path("ops").exists() && !env.path("export/export").exists());
    let (code, _, stderr) = output(env.pm().args([
        "import-logs",
        "checkout",
        "--source",
        "slack.zip",
        "--channel",
        "nope",
    ]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("slack.zip: the Slack export has no channel `nope`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("it has: incident-42, mpdm-ann--bob-1, ops"),
        "{stderr}"
    );
}

#[test]
fn a_zip_that_is_no_slack_export_is_refused() {
    let env = env();
    env.write("broken.zip", "PK\u{3}\u{4} not really");
    let args = [
        "import-logs",
        "checkout",
        "--source",
        "broken.zip",
        "--channel",
        "ops",
    ];
    let (code, _, stderr) = output(env.pm().args(args));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("broken.zip: not a readable zip archive"),
        "{stderr}"
    );
    zip_export(
        &env,
        "other.zip",
        "",
        &["channels.json", "users.json", "groups.json", "mpims.json"],
    );
    let args = [
        "import-logs",
        "checkout",
        "--source",
        "other.zip",
        "--channel",
        "ops",
    ];
    let (code, _, stderr) = output(env.pm().args(args));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("no channels.json or users.json in this archive"),
        "{stderr}"
    );
}
