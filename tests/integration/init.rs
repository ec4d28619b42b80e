//! Tests of `pm init`: what it creates, that running it again changes nothing, that it never
//! overwrites, and when it runs `git init`.

use crate::env::{TestEnv, output};

const EMBEDDED_TEMPLATE: &str = include_str!("../../templates/postmortem.md");

#[test]
fn outside_git_creates_everything_and_runs_git_init() {
    let env = TestEnv::bare();
    let (code, stdout, stderr) = output(env.pm().arg("init"));
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
    assert!(stderr.contains("pm new"), "{stderr}");

    assert_eq!(env.read("pm.yaml"), pm::config::default_file());
    assert_eq!(env.read("postmortems/.gitkeep"), "");
    assert_eq!(env.read("templates/postmortem.md"), EMBEDDED_TEMPLATE);
    let repo = git2::Repository::open(&env.root).expect("a git repository");
    assert_eq!(
        repo.workdir().map(|p| p.canonicalize().unwrap()),
        Some(env.root.canonicalize().unwrap())
    );

    // The new repository works: a draft from its template passes the check.
    let (code, stdout, stderr) = output(env.pm().args(["new", "First one", "-s", "SEV4"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = output(env.pm().args(["check", stdout.trim_end()]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn running_again_changes_nothing_and_says_so() {
    let env = TestEnv::bare();
    let (code, _, stderr) = output(env.pm().arg("init"));
    assert_eq!(code, 0, "{stderr}");
    // The user's own edits, which a second run must keep.
    env.write("pm.yaml", "timezone: Europe/Berlin\n");
    env.write("templates/postmortem.md", "# {{title}}\nour template\n");
    let (code, stdout, stderr) = output(env.pm().arg("init"));
    assert_eq!(code, 0, "{stderr}");
    let repo_line = stdout.lines().last().unwrap_or_default().to_string();
    assert_eq!(
        stdout.lines().take(3).collect::<Vec<_>>(),
        [
            "exists, left as is: pm.yaml",
            "exists, left as is: postmortems/",
            "exists, left as is: templates/postmortem.md",
        ]
    );
    assert!(
        repo_line.starts_with("exists, left as is: git repository"),
        "{stdout}"
    );
    assert_eq!(env.read("pm.yaml"), "timezone: Europe/Berlin\n");
    assert_eq!(
        env.read("templates/postmortem.md"),
        "# {{title}}\nour template\n"
    );
}

#[test]
fn never_overwrites_and_follows_an_existing_pm_yaml() {
    let env = TestEnv::bare();
    env.write(
        "pm.yaml",
        "postmortems_dir: docs/incidents\ntemplates_dir: docs/templates\n",
    );
    env.write("docs/templates/postmortem.md", "mine\n");
    let (code, stdout, stderr) = output(env.pm().arg("init"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.lines().take(3).collect::<Vec<_>>(),
        [
            "exists, left as is: pm.yaml",
            "created docs/incidents/",
            "exists, left as is: docs/templates/postmortem.md",
        ]
    );
    assert!(env.path("docs/incidents/.gitkeep").is_file());
    assert!(!env.path("postmortems").exists());
    assert!(!env.path("templates").exists());
    assert_eq!(env.read("docs/templates/postmortem.md"), "mine\n");

    // A folder with files already in it gets no .gitkeep and keeps its files.
    let env = TestEnv::bare();
    env.write("postmortems/2026-01-02-old.md", "old\n");
    let (code, stdout, _) = output(env.pm().arg("init"));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("exists, left as is: postmortems/\n"),
        "{stdout}"
    );
    assert!(!env.path("postmortems/.gitkeep").exists());
    assert_eq!(env.read("postmortems/2026-01-02-old.md"), "old\n");
}

#[test]
fn a_broken_pm_yaml_is_reported_and_left_alone() {
    let env = TestEnv::bare();
    env.write("pm.yaml", "timezon: UTC\n");
    let (code, stdout, stderr) = output(env.pm().arg("init"));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("did you mean `timezone`?"), "{stderr}");
    assert!(
        stderr.contains("pm.yaml exists but has problems"),
        "{stderr}"
    );
    assert_eq!(env.read("pm.yaml"), "timezon: UTC\n");
    assert!(!env.path("postmortems").exists());
}

#[test]
fn inside_a_git_work_tree_it_does_not_nest_a_repository() {
    let env = TestEnv::new();
    let (code, stdout, stderr) = output(env.pm().args(["init", "incidents"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("created pm.yaml\n"), "{stdout}");
    assert!(!stdout.contains("initialized git repository"), "{stdout}");
    assert!(
        stdout.contains("exists, left as is: git repository"),
        "{stdout}"
    );
    assert!(env.path("incidents/pm.yaml").is_file());
    assert!(!env.path("incidents/.git").exists());
    assert!(stderr.contains("cd incidents"), "{stderr}");
}

#[test]
fn creates_a_missing_folder_and_makes_it_a_repository() {
    let env = TestEnv::bare();
    let (code, stdout, stderr) = output(env.pm().args(["init", "team/incidents"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.ends_with("initialized git repository\n"), "{stdout}");
    assert!(env.path("team/incidents/pm.yaml").is_file());
    assert!(env.path("team/incidents/templates/postmortem.md").is_file());
    assert!(git2::Repository::open(env.path("team/incidents")).is_ok());
    assert!(git2::Repository::open(env.path("team")).is_err());

    // A file where the folder should be is an error, not a crash.
    env.write("taken", "a file\n");
    let (code, _, stderr) = output(env.pm().args(["init", "taken"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a folder"), "{stderr}");
    let env = TestEnv::bare();
    env.write("postmortems", "a file\n");
    let (code, _, stderr) = output(env.pm().arg("init"));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("is a file, but pm needs a folder there"),
        "{stderr}"
    );
    assert_eq!(env.read("postmortems"), "a file\n");
}

#[test]
fn help_shows_examples() {
    let env = TestEnv::bare();
    let (code, stdout, _) = output(env.pm().args(["init", "--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("Examples:\n  pm init "), "{stdout}");
}

/// `pre-commit run --all-files` passes every tracked `.md` to `pm check`, the template
/// among them: a file outside the postmortems folder is skipped with a note, not reported
/// as a postmortem without front matter (bench/pre-commit.sh runs the real pre-commit).
#[test]
fn regression_check_given_the_template_skips_it_with_a_note() {
    let env = TestEnv::bare();
    let (code, _, stderr) = output(env.pm().arg("init"));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = output(env.pm().args(["new", "First one", "-s", "SEV4"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) =
        output(
            env.pm()
                .args(["check", "templates/postmortem.md", stdout.trim_end()]),
        );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "note: templates/postmortem.md is not under postmortems/, so it is not a postmortem and is not checked"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("front-matter-missing"), "{stderr}");
    // In a machine format the note stays on stderr: stdout is the report alone.
    let (code, stdout, stderr) =
        output(
            env.pm()
                .args(["check", "--format", "json", "templates/postmortem.md"]),
        );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("note: templates/postmortem.md"), "{stderr}");
    serde_json::from_str::<serde_json::Value>(&stdout).expect("a JSON report");
}

/// `--template-preset`: the template and the `sections:` that makes `pm check` find pm's
/// sections under its headings. A draft from each passes; a published document written to
/// it, with every section filled in, passes too; without the preset's `sections:` it fails.
#[test]
fn template_presets_write_the_template_and_its_sections() {
    for (name, headings) in [
        (
            "google-sre",
            &[
                "## Contributing factors",
                "## Trigger",
                "### Where we got lucky",
                "## Action Items",
            ][..],
        ),
        (
            "pagerduty",
            &[
                "## Overview",
                "## Contributing Factors",
                "## Responders",
                "## How'd We Do?",
            ][..],
        ),
        (
            "atlassian",
            &[
                "## Incident summary",
                "## Leadup",
                "## Five whys",
                "## Corrective actions",
            ][..],
        ),
    ] {
        let env = TestEnv::bare();
        let (code, _, stderr) = output(env.pm().args(["init", "--template-preset", name]));
        assert_eq!(code, 0, "{name}: {stderr}");
        let template = env.read("templates/postmortem.md");
        for h in headings {
            assert!(
                template.contains(&format!("{h}\n")),
                "{name}: {h} missing:\n{template}"
            );
        }
        let config = env.read("pm.yaml");
        assert!(config.contains("\nsections:\n"), "{name}: {config}");
        let (code, stdout, stderr) = output(env.pm().args(["new", "First one", "-s", "SEV4"]));
        assert_eq!(code, 0, "{name}: {stderr}");
        let path = stdout.trim_end().to_string();
        let (code, _, stderr) = output(env.pm().args(["check", &path]));
        assert_eq!(code, 0, "{name}: {stderr}");
        // The preset's own headings draw no warning (`root-cause-heading` above all).
        assert!(!stderr.contains("warning["), "{name}: {stderr}");
        let (code, _, stderr) =
            output(
                env.pm()
                    .args(["new", "Disk full", "-s", "SEV3", "--no-input"]),
            );
        assert_eq!(code, 0, "{name}: {stderr}");
        let (code, _, stderr) = output(env.pm().arg("check"));
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(!stderr.contains("warning["), "{name}: {stderr}");

        // Published, every section answered: passes with the preset's `sections:`.
        let draft = env.read(&path);
        let mut filled = String::new();
        for line in draft.lines() {
            if line.starts_with("<!--") {
                filled.push_str("Written during the review.\n");
            } else if line == "status: draft" {
                filled.push_str("status: published\nresolved_at: 2026-11-24T12:30:00Z\nremediation:\n  - title: Page when the queue is over 1000 for 5 minutes\n    owner: Ana Lima\n");
                continue;
            } else {
                filled.push_str(line);
                filled.push('\n');
            }
            if line.starts_with("###") {
                filled.push_str("Written during the review.\n");
            }
        }
        env.write(&path, &filled);
        let (code, _, stderr) = output(env.pm().args(["check", &path]));
        assert_eq!(code, 0, "{name}:\n{filled}\n{stderr}");
        assert!(!stderr.contains("warning["), "{name}:\n{filled}\n{stderr}");
        let plain: String = config
            .split(&format!("# the {name} preset"))
            .next()
            .expect("the default part")
            .to_string();
        env.write("pm.yaml", &plain);
        let (code, _, stderr) = output(env.pm().args(["check", &path]));
        assert_eq!(code, 1, "{name} passes without its sections:\n{stderr}");
        assert!(stderr.contains("missing-section"), "{stderr}");

        // Again on the repository: pm.yaml without `sections:` gets them; nothing else changes.
        let (code, stdout, stderr) = output(env.pm().args(["init", "--template-preset", name]));
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("added the"), "{stdout}");
        assert_eq!(env.read("pm.yaml"), config, "{name}");
        let (code, _, stderr) = output(env.pm().args(["init", "--template-preset", name]));
        assert_eq!(code, 0);
        assert!(stderr.contains("has `sections:` already"), "{stderr}");
        assert_eq!(env.read("pm.yaml"), config, "{name}");
    }
}
