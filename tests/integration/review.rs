//! Pull-request review: `--format github` and `--format sarif`, `--changed` with git,
//! `--changed-lines`, a shallow clone without the base, `--ready`, and `pm init --ci github`.

use crate::check::check_json;
use crate::env::{TestEnv, VALID, commit_files, output};

const ONE: &str = "postmortems/2026-03-14-checkout-503s.md";
const TWO: &str = "postmortems/2026-03-15-search-stale.md";

fn with_line(extra: &str) -> String {
    VALID.replace(
        "Detection took seven minutes.\n",
        &format!("Detection took seven minutes.\n{extra}\n"),
    )
}

#[test]
fn github_format_writes_one_workflow_command_per_finding() {
    let env = TestEnv::new();
    env.write(
        ONE,
        with_line("The on-call engineer should have paged, 50% sooner."),
    );
    let (code, stdout, stderr) = output(env.pm().args(["check", "--format", "github"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "::warning file=postmortems/2026-03-14-checkout-503s.md,line=33,col=22,endLine=33,endColumn=33,title=pm check%3A counterfactual::“should have” is a counterfactual: it describes a past that did not happen%0Ahint: Describe what happened and why it made sense at the time: what people saw, knew and expected then. A counterfactual describes a past that did not happen, and hides why what did happen made sense to the people there."
        ]
    );
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let env = TestEnv::new();
    env.write(ONE, with_line("Obviously it was human error."));
    env.write(TWO, "---\ntitle: x\n---\n");
    let (code, stdout, stderr) = output(env.pm().args(["check", "--format", "sarif"]));
    assert_eq!(code, 1, "{stderr}");
    let log: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    let schema_text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/schemas/sarif-2.1.0-rtm.5.json"),
    )
    .expect("schema");
    // The schema's pattern for `language` (of a run and of a tool component) has a stray
    // `]` that the validator's regex engine refuses as a `regex` format; pm never writes
    // `language`, so the pattern is replaced by what it means.
    let schema_text = schema_text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema JSON");
    let validator = jsonschema::draft4::new(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{stdout}");
    // Rules carry their help text; results point at the phrase, in code points.
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let hindsight = rules
        .iter()
        .find(|r| r["id"] == "hindsight")
        .expect("hindsight rule");
    assert!(
        hindsight["help"]["text"]
            .as_str()
            .unwrap()
            .contains("what people saw and knew")
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    let blame = results.iter().find(|r| r["ruleId"] == "blame").unwrap();
    let region = &blame["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(33), Some(18))
    );
    assert!(results.iter().any(|r| r["level"] == "error"));
}

/// A repository whose `main` holds ONE and TWO, on a branch `draft` that changes ONE's
/// last line and adds a third postmortem (untracked).
fn branch_env() -> TestEnv {
    let env = TestEnv::new();
    env.write(ONE, with_line("Obviously the alert was late."));
    env.write(
        TWO,
        VALID.replace("Checkout API returned 503s", "Search results went stale"),
    );
    let repo = git2::Repository::open(&env.root).unwrap();
    commit_files(&repo, &[ONE, TWO]);
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("main", &head, true).unwrap();
    repo.branch("draft", &head, false).unwrap();
    repo.set_head("refs/heads/draft").unwrap();
    env.write(
        ONE,
        with_line("Obviously the alert was late.").replace(
            "See the front matter.",
            "See the front matter. We should have paged the DBA.",
        ),
    );
    commit_files(&repo, &[ONE]);
    env.write(
        "postmortems/2026-03-14-new-one.md",
        with_line("Clearly a new one."),
    );
    env
}

#[test]
fn changed_checks_only_what_the_branch_added_or_modified() {
    let env = branch_env();
    let (_, report, _) = check_json(&env, &["--changed", "--base", "main"]);
    let mut paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    paths.dedup();
    assert_eq!(paths, [ONE, "postmortems/2026-03-14-new-one.md"]);
    assert_eq!(report["summary"]["files"], 2);
    // Without --base: `main`, as there is no remote.
    let (code, _, stderr) = output(env.pm().args(["check", "--changed"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.starts_with("changed since `main` (merge base "),
        "{stderr}"
    );
    assert!(stderr.contains(": 2 postmortems\n"), "{stderr}");
}

#[test]
fn changed_lines_keeps_language_findings_to_the_lines_the_branch_changed() {
    let env = branch_env();
    let (_, report, _) = check_json(&env, &["--changed", "--base", "main", "--changed-lines"]);
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // ONE's `Obviously` (line 33) is old; its counterfactual on the last line is new; the
    // untracked file is new throughout.
    assert_eq!(
        found,
        [
            (ONE.to_string(), "counterfactual".to_string(), 36),
            (
                "postmortems/2026-03-14-new-one.md".to_string(),
                "hindsight".to_string(),
                33
            ),
        ]
    );
}

#[test]
fn changed_says_how_to_fetch_the_base_in_a_shallow_clone() {
    let env = branch_env();
    let clone = env.root.parent().unwrap().join("clone");
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1", "--branch", "draft"])
        .arg(format!("file://{}", env.root.display()))
        .arg(&clone)
        .env("HOME", &env.home)
        .env("GIT_CONFIG_GLOBAL", env.home.join(".gitconfig"))
        .status()
        .expect("git clone");
    assert!(status.success());
    let (code, _, stderr) =
        output(
            env.pm()
                .current_dir(&clone)
                .args(["check", "--changed", "--base", "origin/main"]),
        );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("the base `origin/main` is not in this clone, which is shallow"),
        "{stderr}"
    );
    assert!(
        stderr.contains("git fetch --deepen=200 origin main"),
        "{stderr}"
    );
    assert!(stderr.contains("fetch-depth: 0"), "{stderr}");
}

#[test]
fn ready_checks_a_draft_as_if_in_review() {
    let env = TestEnv::new();
    let draft = VALID
        .replace("status: published", "status: draft")
        .replace("Detection took seven minutes.\n", "<!-- answer here -->\n");
    env.write(ONE, &draft);
    // A draft is not checked for readiness...
    let (code, _, _) = output(env.pm().arg("check"));
    assert_eq!(code, 0);
    // ...unless asked.
    let (code, _, stderr) = output(env.pm().args(["check", "--ready", "2026-03-14-checkout"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[unanswered-question]: the discussion question “Did we detect that something was wrong properly and fast enough?” has no answer yet"), "{stderr}");
    assert!(stderr.contains("is not ready for review yet"), "{stderr}");
    env.write(ONE, VALID.replace("status: published", "status: draft"));
    let (code, _, stderr) = output(env.pm().args(["check", "--ready", "2026-03-14-checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.ends_with("postmortems/2026-03-14-checkout-503s.md is ready for review\n"),
        "{stderr}"
    );
}

#[test]
fn init_ci_github_writes_the_workflow_once() {
    let env = TestEnv::new();
    let (code, stdout, stderr) = output(env.pm().args(["init", "--ci", "github"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("created .github/workflows/postmortems.yml"),
        "{stdout}"
    );
    let workflow = env.read(".github/workflows/postmortems.yml");
    assert!(
        workflow.contains(
            "pm check --changed --base \"origin/${{ github.base_ref }}\" --format github"
        )
    );
    assert!(workflow.contains("fetch-depth: 0"));
    let parsed: serde_yaml::Value = serde_yaml::from_str(&workflow).expect("YAML");
    assert!(parsed["jobs"]["check"]["steps"].is_sequence());
    // pm is built once per version: the binary is cached, keyed on the version, and
    // `cargo install` runs only when the cache misses.
    assert_eq!(
        parsed["env"]["PM_VERSION"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    let steps = parsed["jobs"]["check"]["steps"].as_sequence().unwrap();
    let cache = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/cache@v4"))
        .expect("a cache step");
    assert_eq!(cache["with"]["path"].as_str(), Some("~/.cargo/bin/pm"));
    assert_eq!(
        cache["with"]["key"].as_str(),
        Some("pm-${{ runner.os }}-${{ env.PM_VERSION }}")
    );
    let install = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo install"))
        })
        .expect("an install step");
    assert_eq!(
        install["if"].as_str(),
        Some(
            format!(
                "steps.{}.outputs.cache-hit != 'true'",
                cache["id"].as_str().unwrap()
            )
            .as_str()
        )
    );
    env.write(".github/workflows/postmortems.yml", "# mine\n");
    let (_, stdout, _) = output(env.pm().args(["init", "--ci", "github"]));
    assert!(stdout.contains("exists, left as is: .github/workflows/postmortems.yml"));
    assert_eq!(env.read(".github/workflows/postmortems.yml"), "# mine\n");
}

#[test]
fn this_repository_ships_a_pre_commit_hook() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .expect(".pre-commit-hooks.yaml");
    let hooks: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "pm-check");
    assert_eq!(hook["entry"], "pm check");
    assert_eq!(hook["language"], "rust");
}
