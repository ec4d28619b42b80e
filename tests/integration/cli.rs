//! The command line as a whole: help texts, usage errors, global flags, and the commands
//! generated from the clap definition (schema, completions, man).

use crate::env::{TestEnv, VALID, output};

#[test]
fn help_texts_are_what_users_read() {
    let env = TestEnv::new();
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["new", "--help"],
        vec!["list", "--help"],
        vec!["show", "--help"],
        vec!["overdue", "--help"],
        vec!["stats", "--help"],
        vec!["report", "--help"],
        vec!["remediation", "--help"],
        vec!["remediation", "add", "--help"],
        vec!["index", "--help"],
        vec!["import", "--help"],
        vec!["import-logs", "--help"],
        vec!["init", "--help"],
        vec!["schema", "--help"],
        vec!["schedule", "--help"],
        vec!["meeting", "--help"],
    ] {
        let (code, stdout, stderr) = output(env.pm().args(&args));
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(stdout.contains("Usage: pm"), "{args:?}");
        let name = format!("help_{}", args.join("_").replace("--", ""));
        insta::assert_snapshot!(name, stdout);
    }
}

#[test]
fn every_subcommand_help_has_examples() {
    let env = TestEnv::new();
    for sub in [
        "init",
        "new",
        "check",
        "list",
        "show",
        "index",
        "import",
        "import-logs",
        "schema",
        "schedule",
        "meeting",
        "stats",
        "report",
        "completions",
        "man",
    ] {
        let (_, stdout, _) = output(env.pm().args([sub, "--help"]));
        assert!(
            stdout.contains("Examples:"),
            "`pm {sub} --help` has no examples"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    let (code, _, stderr) = output(env.pm().arg("frobnicate"));
    assert_eq!(code, 2);
    assert!(stderr.contains("unrecognized subcommand"), "{stderr}");
    let (code, _, _) = output(env.pm().args(["check", "--format", "yaml"]));
    assert_eq!(code, 2);
    let (code, _, _) = output(&mut env.pm());
    assert_eq!(code, 2, "no subcommand is a usage error");
}

#[test]
fn version_exits_0() {
    let env = TestEnv::new();
    let (code, stdout, _) = output(env.pm().arg("--version"));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("pm "), "{stdout}");
}

#[test]
fn dash_c_runs_in_another_folder() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026-03-14-checkout-api-returned-503s.md",
        VALID,
    );
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr) = output(
        env.pm()
            .current_dir(elsewhere.path())
            .arg("-C")
            .arg(&env.root)
            .arg("check"),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("checked 1 postmortem"), "{stderr}");

    let (code, _, stderr) = output(env.pm().args(["-C", "no/such/folder", "check"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no such folder"), "{stderr}");
}

#[test]
fn outside_any_repository_says_how_to_start() {
    let env = TestEnv::bare();
    let (code, _, stderr) = output(env.pm().arg("list"));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("not inside a postmortem repository"),
        "{stderr}"
    );
    assert!(stderr.contains("pm init"), "{stderr}");
}

#[test]
fn pm_yaml_is_found_from_a_subfolder() {
    let env = TestEnv::new();
    env.write("pm.yaml", "postmortems_dir: docs/incidents\n");
    env.write(
        "docs/incidents/2026-03-14-checkout-api-returned-503s.md",
        VALID,
    );
    std::fs::create_dir_all(env.path("docs/incidents/deep")).expect("mkdir");
    let (code, stdout, stderr) = output(
        env.pm()
            .current_dir(env.path("docs/incidents/deep"))
            .args(["list", "--format", "csv"]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("2026-03-14-checkout-api-returned-503s"),
        "{stdout}"
    );
}

#[test]
fn a_bad_pm_now_is_a_usage_error() {
    let env = TestEnv::new();
    let (code, _, stderr) = output(env.pm().env("PM_NOW", "yesterday").arg("list"));
    assert_eq!(code, 2);
    assert!(stderr.contains("PM_NOW"), "{stderr}");
}

#[test]
fn schema_follows_the_configured_severities() {
    let env = TestEnv::new();
    env.write("pm.yaml", "severities: [P1, P2]\n");
    let (code, stdout, _) = output(env.pm().arg("schema"));
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(
        schema["properties"]["severity"]["enum"],
        serde_json::json!(["P1", "P2"])
    );
    assert_eq!(
        schema["required"],
        serde_json::json!(["title", "status", "severity", "started_at"])
    );
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    insta::assert_snapshot!(
        "schema_default",
        output(TestEnv::bare().pm().arg("schema")).1
    );
}

#[test]
fn completions_and_man_page() {
    let env = TestEnv::bare();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, stdout, _) = output(env.pm().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}");
        assert!(
            stdout.contains("check"),
            "{shell} completions name the subcommands"
        );
    }
    let (code, stdout, _) = output(env.pm().arg("man"));
    assert_eq!(code, 0);
    assert!(stdout.contains(".TH pm 1"), "{stdout}");
    let (code, _, _) = output(env.pm().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
}

#[test]
fn color_is_off_without_a_terminal_and_on_when_asked() {
    let env = TestEnv::new();
    env.write("postmortems/2026-03-14-x.md", "---\ntitle: x\n---\n");
    let (_, _, plain) = output(env.pm().arg("check"));
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let (_, _, colored) = output(env.pm().args(["--color", "always", "check"]));
    assert!(colored.contains('\u{1b}'), "{colored}");
}

#[test]
fn man_pages_for_every_command() {
    let env = TestEnv::bare();
    let (code, stdout, _) = output(env.pm().args(["man", "check"]));
    assert_eq!(code, 0);
    assert!(stdout.contains(".TH pm-check 1"), "{stdout}");
    let dir = env.root.join("man1");
    let (code, stdout, _) = output(env.pm().arg("man").arg("--dir").arg(&dir));
    assert_eq!(code, 0);
    assert_eq!(
        stdout.lines().count(),
        24,
        "pm.1 and one page per command and subcommand:\n{stdout}"
    );
    for page in [
        "pm.1",
        "pm-new.1",
        "pm-check.1",
        "pm-man.1",
        "pm-remediation.1",
        "pm-remediation-list.1",
        "pm-remediation-add.1",
        "pm-remediation-done.1",
        "pm-remediation-reopen.1",
        "pm-remediation-set.1",
        "pm-report.1",
    ] {
        assert!(dir.join(page).is_file(), "{page}");
    }
    let (code, _, stderr) = output(env.pm().args(["man", "frobnicate"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("pages exist for"), "{stderr}");
}

#[test]
fn every_page_a_man_page_refers_to_is_written() {
    let env = TestEnv::bare();
    let dir = env.root.join("man1");
    let (code, _, stderr) = output(env.pm().arg("man").arg("--dir").arg(&dir));
    assert_eq!(code, 0, "{stderr}");
    let mut referred = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("man1") {
        let roff = std::fs::read_to_string(entry.expect("entry").path()).expect("page");
        // SUBCOMMANDS entries: `.TP` then `pm\-remediation\-add(1)`.
        let mut lines = roff.lines();
        while let Some(line) = lines.next() {
            if line == ".TP"
                && let Some(name) = lines.next().and_then(|l| l.strip_suffix("(1)"))
            {
                referred.push(name.replace("\\-", "-"));
            }
        }
    }
    assert!(
        referred.contains(&"pm-remediation-add".to_string()),
        "{referred:?}"
    );
    for name in &referred {
        assert!(
            dir.join(format!("{name}.1")).is_file(),
            "{name}(1) is referred to but not written"
        );
    }
    assert!(
        !referred.iter().any(|r| r.ends_with("-help")),
        "{referred:?}"
    );
}

#[test]
fn man_prints_the_page_of_a_subcommand() {
    let env = TestEnv::bare();
    let (code, stdout, stderr) = output(env.pm().args(["man", "remediation", "add"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!(
            ".TH pm-remediation-add 1  \"pm-remediation-add {}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{stdout}"
    );
    // The synopsis names what to type.
    assert!(stdout.contains("\\fBpm remediation add\\fR"), "{stdout}");
    assert!(stdout.contains("\\-\\-owner"), "{stdout}");
    let (code, stdout, _) = output(env.pm().args(["man", "remediation"]));
    assert_eq!(code, 0);
    for sub in ["list", "add", "done", "reopen", "set"] {
        assert!(
            stdout.contains(&format!("pm\\-remediation\\-{sub}(1)")),
            "pm-remediation(1) refers to pm-remediation-{sub}(1):\n{stdout}"
        );
    }
    let (code, _, stderr) = output(env.pm().args(["man", "remediation", "frob"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no command `remediation frob`")
            && stderr.contains("remediation add, remediation done"),
        "{stderr}"
    );
}

/// The `--format` names every command offers, from docs/formats.md's list.
const FORMATS: &[&str] = &["human", "json", "csv", "markdown", "github", "sarif"];

/// One set of `--format` names: each command's `--help` offers only names of that set,
/// points at docs/formats.md where they are documented once, and that page names them all.
#[test]
fn format_names_are_one_set_documented_once() {
    let env = TestEnv::new();
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/formats.md"),
    )
    .expect("docs/formats.md");
    for name in FORMATS {
        assert!(
            doc.contains(&format!("`{name}`")),
            "docs/formats.md: {name}"
        );
    }
    // The page's table: for each command (a column `pm NAME`), the names marked yes.
    let rows: Vec<Vec<&str>> = doc
        .lines()
        .filter(|l| l.starts_with("| "))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let header = rows.first().expect("the table of docs/formats.md");
    let documented = |command: &str| -> Vec<&str> {
        let column = header
            .iter()
            .position(|h| *h == format!("`pm {command}`"))
            .unwrap_or_else(|| panic!("docs/formats.md has no column `pm {command}`"));
        rows.iter()
            .skip(1)
            .filter(|row| row.get(column).is_some_and(|c| c.starts_with("yes")))
            .filter_map(|row| row.first()?.split('`').nth(1))
            .collect()
    };
    for args in [
        vec!["list"],
        vec!["show"],
        vec!["overdue"],
        vec!["check"],
        vec!["remediation", "list"],
        vec!["meeting"],
        vec!["schedule"],
        vec!["report"],
    ] {
        let (_, stdout, _) = output(env.pm().args(&args).arg("--help"));
        let values = stdout
            .split("--format <FORMAT>")
            .nth(1)
            .and_then(|rest| rest.split("[possible values: ").nth(1))
            .and_then(|rest| rest.split(']').next())
            .unwrap_or_else(|| panic!("{args:?}: no --format values in\n{stdout}"));
        for value in values.split(", ") {
            assert!(FORMATS.contains(&value), "{args:?}: `{value}`");
        }
        let offered: Vec<&str> = values.split(", ").collect();
        let mut want = documented(&args.join(" "));
        let mut got = offered.clone();
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(
            got, want,
            "{args:?}: --help against docs/formats.md's table"
        );
        // A digest to paste into chat or mail is markdown unless asked otherwise.
        let default = if args == ["report"] {
            "markdown"
        } else {
            "human"
        };
        assert!(
            stdout.contains(&format!("[default: {default}]")),
            "{args:?}"
        );
        let help = stdout.split("--format <FORMAT>").nth(1).unwrap_or("");
        assert!(help.contains("docs/formats.md"), "{args:?}");
    }
}

/// `table` and `text`, the names `human` had, still work; a format a command does not
/// print is a usage error.
#[test]
fn old_format_names_still_work_and_unfit_ones_are_refused() {
    let env = TestEnv::new();
    env.write("postmortems/2026-03-14-checkout-503s.md", VALID);
    let (code, human, _) = output(env.pm().args(["list", "--format", "human"]));
    assert_eq!(code, 0);
    let (code, table, _) = output(env.pm().args(["list", "--format", "table"]));
    assert_eq!(code, 0);
    assert_eq!(human, table);
    let (code, text, _) = output(env.pm().args(["show", "checkout", "--format", "text"]));
    let (_, shown, _) = output(env.pm().args(["show", "checkout"]));
    assert_eq!(code, 0);
    assert_eq!(text, shown);
    for args in [
        ["show", "checkout", "--format", "csv"],
        ["check", "--format", "markdown", "."],
        ["list", "--format", "sarif", "--status=draft"],
    ] {
        let (code, _, stderr) = output(env.pm().args(args));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("possible values"), "{stderr}");
    }
}
