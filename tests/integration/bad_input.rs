//! Bad input (issue 2, §6): each case gets a clear diagnostic at its place while `pm check`
//! goes on with the other files, and nothing panics. Also the exit codes, the JSON report's
//! shape, line and column numbers in CRLF and non-ASCII text, and where pm looks.

use crate::check::{check_json, findings, with_rule};
use crate::env::{TestEnv, VALID, output};

/// The name a case's file gets: a valid id, so only the case itself is reported.
fn name(case: &str) -> String {
    format!("postmortems/2026-03-14-{case}.md")
}

/// One bad input: its file's content and the finding it must give (rule, line, column,
/// and words the message must hold).
struct Bad {
    case: &'static str,
    content: Vec<u8>,
    rule: &'static str,
    line: u64,
    column: u64,
    message: &'static str,
}

fn bad(
    case: &'static str,
    content: impl Into<Vec<u8>>,
    (rule, line, column): (&'static str, u64, u64),
    message: &'static str,
) -> Bad {
    Bad {
        case,
        content: content.into(),
        rule,
        line,
        column,
        message,
    }
}

/// The markdown body of `VALID`, for front matter of another shape.
fn body() -> &'static str {
    let end = VALID[3..].find("---\n").expect("closing fence") + 3 + 4;
    &VALID[end..]
}

/// "Billion laughs": nine levels of nine aliases each, 9^9 strings if expanded.
fn alias_bomb() -> String {
    let mut yaml = String::from(
        "---\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let items = vec![format!("*{}", pair[0]); 9].join(", ");
        yaml.push_str(&format!("{}: &{} [{items}]\n", pair[1], pair[1]));
    }
    yaml.push_str("---\n# Laughs\n");
    yaml
}

fn cases() -> Vec<Bad> {
    let mut non_utf8 = VALID
        .replace(
            "title: Checkout API returned 503s",
            "title: Checkout API returned 503s at the caf",
        )
        .into_bytes();
    // `é` in Windows-1252, right after "caf".
    let at = non_utf8.windows(3).position(|w| w == b"caf").expect("caf") + 3;
    non_utf8.insert(at, 0xE9);
    vec![
        bad(
            "invalid-yaml",
            VALID.replace("services: [checkout-api]", "services: [checkout-api"),
            ("yaml-syntax", 8, 11),
            "a `[` list is never closed with `]`",
        ),
        bad(
            "no-front-matter",
            "# Checkout API returned 503s\n\n## Summary\nA config push broke checkout.\n",
            ("front-matter-missing", 1, 1),
            "no front matter",
        ),
        bad(
            "unclosed-front-matter",
            VALID.replacen("---\n# Checkout", "\n# Checkout", 1),
            ("front-matter-unclosed", 1, 1),
            "never closed",
        ),
        bad(
            "byte-order-mark",
            format!("\u{feff}{VALID}"),
            ("byte-order-mark", 1, 1),
            "byte-order mark",
        ),
        bad("non-utf8", non_utf8, ("encoding", 2, 45), "byte 0xE9"),
        bad("empty", "", ("empty-file", 1, 1), "the file is empty"),
        bad(
            "binary",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01".to_vec(),
            ("binary-file", 1, 1),
            "binary",
        ),
        bad(
            "alias-bomb",
            alias_bomb(),
            ("yaml-syntax", 3, 8),
            "limit exceeded",
        ),
        bad(
            "front-matter-list",
            format!(
                "---\n- title: Checkout API returned 503s\n- status: draft\n---\n{}",
                body()
            ),
            ("front-matter-not-mapping", 2, 1),
            "found a list",
        ),
        bad(
            "front-matter-scalar",
            format!("---\nCheckout API returned 503s\n---\n{}", body()),
            ("front-matter-not-mapping", 2, 1),
            "found a string",
        ),
        bad(
            "tabs",
            VALID.replace("    owner: Ben Okafor", "\towner: Ben Okafor"),
            ("yaml-syntax", 15, 1),
            "invalid YAML",
        ),
        bad(
            "title-number",
            VALID.replace("title: Checkout API returned 503s", "title: 503"),
            ("wrong-type", 2, 8),
            "`title` must be a string, found a number",
        ),
        bad(
            "february-30",
            VALID.replace("due: 2026-04-14", "due: 2026-02-30"),
            ("invalid-date", 17, 10),
            "2026-02-30 is not a day of the calendar",
        ),
    ]
}

#[test]
fn every_bad_input_is_reported_in_one_run_next_to_a_good_file() {
    let env = TestEnv::new();
    let cases = cases();
    for c in &cases {
        env.write(&name(c.case), &c.content);
    }
    let good = "postmortems/2026-03-14-checkout-api-returned-503s.md";
    env.write(good, VALID);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], cases.len() + 1);
    let mut failures = Vec::new();
    for c in &cases {
        let path = name(c.case);
        let mine: Vec<_> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["path"] == path.as_str())
            .collect();
        let ok = mine.len() == 1
            && mine[0]["rule"] == c.rule
            && mine[0]["line"] == c.line
            && mine[0]["column"] == c.column
            && mine[0]["message"]
                .as_str()
                .is_some_and(|m| m.contains(c.message))
            && mine[0]["hint"].as_str().is_some_and(|h| !h.is_empty());
        if !ok {
            failures.push(format!(
                "{}: expected {} at {}:{} with {:?}, got {mine:#?}",
                c.case, c.rule, c.line, c.column, c.message
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        findings(&report).iter().all(|(path, ..)| path != good),
        "{report:#}"
    );
}

#[test]
fn every_bad_input_alone_is_reported_in_human_form_without_a_panic() {
    for c in cases() {
        let env = TestEnv::new();
        env.write(&name(c.case), &c.content);
        let (code, stdout, stderr) = output(env.pm().arg("check"));
        assert!(!stderr.contains("panicked"), "{}: {stderr}", c.case);
        let expected_code = if c.rule == "byte-order-mark" { 0 } else { 1 };
        assert_eq!(code, expected_code, "{}: {stderr}", c.case);
        assert_eq!(stdout, "");
        let place = format!("{}:{}:{}", name(c.case), c.line, c.column);
        assert!(
            stderr.contains(&format!("[{}]: ", c.rule)),
            "{}: {stderr}",
            c.case
        );
        assert!(
            stderr.contains(&place),
            "{}: no {place} in\n{stderr}",
            c.case
        );
        assert!(stderr.contains("= hint: "), "{}: {stderr}", c.case);
    }
}

#[test]
fn crlf_line_endings_are_accepted() {
    let env = TestEnv::new();
    env.write(&name("crlf"), VALID.replace('\n', "\r\n"));
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!((code, findings(&report)), (0, vec![]));
}

#[test]
fn crlf_findings_have_the_right_lines_and_columns() {
    let env = TestEnv::new();
    let doc = VALID
        .replace("severity: SEV2", "severity: SEV9")
        .replace("tags: [config]", "tags: [config]\nsevrity: SEV2")
        .replace("## Timeline\n- 09:12 UTC config pushed\n\n", "")
        .replace('\n', "\r\n");
    env.write(&name("crlf"), doc);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let path = name("crlf");
    assert_eq!(
        findings(&report),
        [
            (path.clone(), "invalid-value".into(), 4, 11),
            (path.clone(), "unknown-key".into(), 10, 1),
            (path, "missing-section".into(), 28, 1),
        ]
    );
    // The end of a span is before the `\r`, not after it.
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["end_line"].clone(), d["end_column"].clone()),
        (4.into(), 15.into())
    );
}

#[test]
fn columns_count_characters_on_non_ascii_lines() {
    let env = TestEnv::new();
    // `Ç`, `é`: two bytes each; `障害`: three bytes each. Columns count characters.
    env.write(
        &name("two-byte"),
        VALID.replace(
            "title: Checkout API returned 503s",
            "title: Ça a cassé: les 503s",
        ),
    );
    env.write(
        &name("three-byte"),
        VALID.replace("title: Checkout API returned 503s", "title: 決済障害: 503s"),
    );
    env.write(
        &name("span-end"),
        VALID.replace("status: published", "status: publiée"),
    );
    let (_, report, _) = check_json(&env, &[]);
    let at = |case: &str| {
        let d = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["path"] == name(case).as_str())
            .unwrap_or_else(|| panic!("no finding for {case}: {report:#}"));
        (
            d["line"].as_u64().expect("line"),
            d["column"].as_u64().expect("column"),
            d["end_column"].as_u64().expect("end"),
        )
    };
    assert_eq!(at("two-byte"), (2, 18, 19));
    assert_eq!(at("three-byte"), (2, 12, 13));
    // `publiée` is 7 characters (8 bytes): the span ends at column 9 + 7.
    assert_eq!(at("span-end"), (3, 9, 16));
    // The caret sits under the character in the human output too.
    let (_, _, stderr) = output(env.pm().args(["check", &name("two-byte")]));
    assert!(
        stderr.contains("2 │ title: Ça a cassé: les 503s\n  │                  ^"),
        "{stderr}"
    );
}

#[test]
fn a_50_mb_file_is_refused_and_the_others_checked() {
    let env = TestEnv::new();
    let big = env.path(&name("huge"));
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).expect("create"));
        f.write_all(VALID.as_bytes()).expect("write");
        let line = "- 09:13 UTC — retry storm log line, repeated to make a very large file\n";
        let block = line.repeat(10_000);
        while f.get_ref().metadata().expect("meta").len() < 50 * 1024 * 1024 {
            f.write_all(block.as_bytes()).expect("write");
            f.flush().expect("flush");
        }
    }
    env.write(
        &name("broken"),
        VALID.replace("status: published", "status: done"),
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let huge = with_rule(&report, "file-too-large");
    assert_eq!(huge.len(), 1);
    assert_eq!(huge[0]["path"], name("huge").as_str());
    assert!(
        huge[0]["message"]
            .as_str()
            .expect("message")
            .starts_with("the file is 50 MiB")
    );
    assert_eq!(with_rule(&report, "invalid-value").len(), 1);
}

#[test]
fn a_path_that_does_not_exist_exits_2_after_checking_the_others() {
    let env = TestEnv::new();
    env.write(
        &name("broken"),
        VALID.replace("status: published", "status: done"),
    );
    env.write("postmortems/2026-03-14-good.md", VALID);
    let (code, report, _) = check_json(&env, &["postmortems/2026-03-14-nope.md", "postmortems"]);
    assert_eq!(code, 2);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["unreadable"], 1);
    assert_eq!(
        report["unreadable"],
        serde_json::json!([{"path": "postmortems/2026-03-14-nope.md", "message": "no such file or directory"}])
    );
    assert_eq!(with_rule(&report, "invalid-value").len(), 1);

    let (code, stdout, stderr) = output(env.pm().args(["check", "nope.md", &name("broken")]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("error[invalid-value]"), "{stderr}");
    assert!(
        stderr.contains("error[unreadable]: nope.md: no such file or directory"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("checked 1 postmortem: 1 error, 0 warnings, 1 path unreadable\n"),
        "{stderr}"
    );
}

#[test]
fn exit_codes() {
    let env = TestEnv::new();
    env.write(&name("good"), VALID);
    assert_eq!(output(env.pm().arg("check")).0, 0, "only valid files");
    env.write(&name("bom"), format!("\u{feff}{VALID}"));
    let (code, _, stderr) = output(env.pm().arg("check"));
    assert_eq!(code, 0, "warnings alone: {stderr}");
    assert!(stderr.ends_with("checked 2 postmortems: 0 errors, 1 warning\n"));
    env.write(
        &name("bad"),
        VALID.replace("severity: SEV2", "severity: SEV5"),
    );
    assert_eq!(output(env.pm().arg("check")).0, 1, "an error");
    assert_eq!(
        output(env.pm().args(["check", "missing.md"])).0,
        2,
        "no such path"
    );
    assert_eq!(
        output(env.pm().args(["check", "--format", "xml"])).0,
        2,
        "a usage error"
    );
}

#[test]
fn the_json_report_shape() {
    let env = TestEnv::new();
    env.write(&name("good"), VALID);
    env.write(&name("bom"), format!("\u{feff}{VALID}"));
    env.write(
        &name("bad"),
        VALID
            .replace("severity: SEV2", "severity: SEV5")
            .replace("    owner: Ben Okafor\n", ""),
    );
    let (code, stdout, stderr) = output(env.pm().args([
        "check",
        "--format",
        "json",
        "postmortems",
        "postmortems/2026-03-14-gone.md",
    ]));
    assert_eq!(code, 2, "{stderr}");
    // Nothing on stderr: the report is all.
    assert_eq!(stderr, "");
    insta::assert_snapshot!(stdout);
}

#[test]
fn outside_any_repository() {
    let env = TestEnv::bare();
    let (code, stdout, stderr) = output(env.pm().arg("check"));
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error: not inside a postmortem repository: no pm.yaml here or above, and no git work tree\nhint: run `pm init` to make this folder one, or pass `-C DIR`\n"
    );
}

#[test]
fn postmortems_dir_elsewhere() {
    let env = TestEnv::new();
    env.write("pm.yaml", "postmortems_dir: docs/incidents\n");
    // Not in the configured folder: not checked.
    env.write(
        "postmortems/2026-03-14-ignored.md",
        VALID.replace("status: published", "status: done"),
    );
    env.write("docs/incidents/2026-03-14-good.md", VALID);
    env.write(
        "docs/incidents/2026/2026-03-14-bad.md",
        VALID.replace("severity: SEV2", "severity: SEV5"),
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(
        findings(&report),
        [(
            "docs/incidents/2026/2026-03-14-bad.md".to_string(),
            "invalid-value".to_string(),
            4,
            11
        )]
    );
    // From a sub-folder, pm finds the repository upward.
    let (code, _, stderr) = output(env.pm().current_dir(env.path("docs")).arg("check"));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("docs/incidents/2026/2026-03-14-bad.md:4:11"),
        "{stderr}"
    );
}

#[test]
fn a_pm_yaml_with_a_bad_time_zone_stops_the_check_with_its_place() {
    let env = TestEnv::new();
    env.write("pm.yaml", "timezone: Europe/Berln\n");
    env.write(&name("good"), VALID);
    let (code, stdout, stderr) = output(env.pm().arg("check"));
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("error[config]"), "{stderr}");
    assert!(stderr.contains("pm.yaml:1:11"), "{stderr}");
    assert!(stderr.contains("hint: use an IANA name"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn regression_a_fifo_named_md_made_check_hang() {
    let env = TestEnv::new();
    env.write(&name("good"), VALID);
    let fifo = env.path(&name("fifo"));
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 2);
    assert_eq!(
        report["unreadable"],
        serde_json::json!([{"path": name("fifo"), "message": "not a regular file"}])
    );
    assert_eq!(report["summary"]["files"], 1);
}

/// The front matter of `VALID` with `extra` lines inserted after the title.
fn with_lines(extra: &str) -> String {
    VALID.replacen(
        "title: Checkout API returned 503s\n",
        &format!("title: Checkout API returned 503s\n{extra}"),
        1,
    )
}

#[test]
fn regression_a_line_without_a_colon_was_reported_on_the_next_line() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026-03-14-checkout-api-returned-503s.md",
        with_lines("stray words here\n"),
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let d = with_rule(&report, "yaml-syntax");
    assert_eq!(d.len(), 1, "{report:#}");
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("not a `field: value` pair")
    );
}

#[test]
fn an_unquoted_hash_in_a_channel_says_to_quote_it() {
    let env = TestEnv::new();
    let flow = VALID.replace("channels: [\"#ops\"]", "channels: [#ops]");
    let block = VALID.replace("channels: [\"#ops\"]", "channels:\n  - #ops");
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", flow);
    env.write(
        "postmortems/2026/2026-03-14-checkout-in-block-style.md",
        block,
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let hints: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["hint"].as_str())
        .filter(|h| h.contains("\"#ops\""))
        .collect();
    assert_eq!(hints.len(), 2, "{report:#}");
    let flow = with_rule(&report, "yaml-syntax");
    assert_eq!(
        (flow[0]["line"].as_u64(), flow[0]["column"].as_u64()),
        (Some(12), Some(12))
    );
}

#[test]
fn regression_deep_nesting_and_thousands_of_bad_keys_stay_fast_and_bounded() {
    let env = TestEnv::new();
    let deep = format!("---\ntitle: x\ntags: {}\n---\n", "[".repeat(200_000));
    let keys: String = (0..30_000).map(|i| format!("k{i}: v\n")).collect();
    env.write("postmortems/2026-01-01-deep.md", deep);
    env.write("postmortems/2026-01-02-keys.md", with_lines(&keys));
    let started = std::time::Instant::now();
    let (code, report, _) = check_json(&env, &[]);
    // Not a timing test: a bound that the quadratic versions missed by minutes (a debug
    // build took 27 s on a 2-core machine at load 20; 0.15 s of CPU in release).
    assert!(started.elapsed() < std::time::Duration::from_secs(90));
    assert_eq!(code, 1);
    let deep = with_rule(&report, "yaml-syntax");
    assert!(
        deep[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("nested more than")
    );
    let unknown = with_rule(&report, "unknown-key");
    assert!(
        unknown.len() <= 101,
        "findings are capped: {}",
        unknown.len()
    );
    assert!(
        unknown.iter().any(|d| d["message"]
            .as_str()
            .unwrap_or("")
            .contains("more problems")),
        "the cap says how many were left out"
    );
}

#[test]
fn a_closed_pipe_does_not_hide_the_verdict() {
    let env = TestEnv::new();
    env.write("postmortems/2026-01-01-a.md", "---\ntitle: x\n---\n");
    for args in [vec!["check"], vec!["check", "--format", "json"]] {
        let mut child = env
            .pm_std()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // Close both pipes at once, as `pm check 2>&1 | head -0` would.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn a_broken_pm_yaml_is_a_config_finding_everywhere() {
    let env = TestEnv::new();
    env.write("pm.yaml", "timezone: [UTC\n");
    let (code, _, stderr) = output(env.pm().arg("schema"));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[config]: invalid YAML in pm.yaml"),
        "{stderr}"
    );
    let (code, _, stderr) = output(env.pm().arg("list"));
    assert_eq!(code, 1);
    assert!(stderr.contains("pm.yaml:1:"), "{stderr}");
}
