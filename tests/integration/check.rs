//! `pm check` rule by rule: one invalid fixture per rule (tests/fixtures/check/invalid/),
//! each reported at its exact place, and valid fixtures that pass without a word; plus a
//! regression test for each bug these tests found.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::env::{TestEnv, VALID, fixture_path, output};

/// One invalid fixture: where it goes in the repository and the one finding it must give.
struct Case {
    /// A file or folder under tests/fixtures/check/invalid/.
    fixture: &'static str,
    /// Where it is copied; default `postmortems/2026-03-14-<stem>.md` (a valid name, as
    /// every fixture starts on 2026-03-14), or `pm.yaml` for `*.yaml` fixtures.
    place: Option<&'static str>,
    rule: &'static str,
    /// The file the finding is about; default: where the fixture was placed.
    path: Option<&'static str>,
    line: u64,
    column: u64,
    /// Rules of other findings the fixture cannot avoid giving (anywhere in it).
    also: &'static [&'static str],
}

const fn case(fixture: &'static str, rule: &'static str, line: u64, column: u64) -> Case {
    Case {
        fixture,
        place: None,
        rule,
        path: None,
        line,
        column,
        also: &[],
    }
}

impl Case {
    const fn placed(self, place: &'static str) -> Case {
        Case {
            place: Some(place),
            ..self
        }
    }

    const fn also(self, also: &'static [&'static str]) -> Case {
        Case { also, ..self }
    }

    const fn reported_in(self, path: &'static str) -> Case {
        Case {
            path: Some(path),
            ..self
        }
    }

    fn place(&self) -> String {
        match self.place {
            Some(p) => p.to_string(),
            None if self.fixture.ends_with(".yaml") => "pm.yaml".to_string(),
            None => format!(
                "postmortems/2026-03-14-{}.md",
                self.fixture.trim_end_matches(".md")
            ),
        }
    }

    fn path(&self) -> String {
        self.path.map_or_else(|| self.place(), str::to_string)
    }
}

/// Every file of tests/fixtures/check/invalid/ and the finding it must give.
const CASES: &[Case] = &[
    case("yaml-syntax.md", "yaml-syntax", 2, 14),
    case("front-matter-missing.md", "front-matter-missing", 1, 1),
    case("front-matter-unclosed.md", "front-matter-unclosed", 1, 1),
    case(
        "front-matter-not-mapping.md",
        "front-matter-not-mapping",
        2,
        1,
    ),
    case("empty-file.md", "empty-file", 1, 1),
    case("binary-file.md", "binary-file", 1, 1),
    case("encoding.md", "encoding", 2, 61),
    case("byte-order-mark.md", "byte-order-mark", 1, 1),
    case("unknown-key.md", "unknown-key", 8, 1),
    case("missing-field.md", "missing-field", 1, 1),
    case("wrong-type.md", "wrong-type", 10, 14),
    case("invalid-value.md", "invalid-value", 3, 9),
    case("invalid-timestamp.md", "invalid-timestamp", 6, 14),
    case("invalid-date.md", "invalid-date", 15, 10),
    case(
        "timestamp-order-detected-before-started.md",
        "timestamp-order",
        6,
        14,
    ),
    case(
        "timestamp-order-resolved-before-detected.md",
        "timestamp-order",
        7,
        14,
    ),
    case(
        "timestamp-order-resolved-before-started.md",
        "timestamp-order",
        6,
        14,
    ),
    case(
        "timestamp-order-notified-before-started.md",
        "timestamp-order",
        7,
        24,
    ),
    case(
        "timestamp-order-acknowledged-before-detected.md",
        "timestamp-order",
        7,
        18,
    ),
    case(
        "timestamp-order-mitigated-before-acknowledged.md",
        "timestamp-order",
        8,
        15,
    ),
    case(
        "timestamp-order-resolved-before-mitigated.md",
        "timestamp-order",
        8,
        14,
    ),
    case("invalid-type.md", "invalid-value", 5, 7),
    case(
        "timestamp-order-meeting-at-start.md",
        "timestamp-order",
        8,
        13,
    ),
    case("remediation-incomplete.md", "remediation-incomplete", 12, 5),
    // Item 2 is open and has no owner; item 3, done, needs none.
    case("remediation-no-owner.md", "remediation-no-owner", 16, 5),
    case(
        "remediation-duplicate-ticket.md",
        "remediation-duplicate-ticket",
        18,
        13,
    ),
    case(
        "remediation-due-too-late.md",
        "remediation-due-too-late",
        15,
        10,
    ),
    case(
        "remediation-done-without-date.md",
        "remediation-done-without-date",
        16,
        13,
    ),
    case("remediation-no-action.md", "remediation-no-action", 12, 12),
    case("remediation-sweeping.md", "remediation-sweeping", 12, 12),
    // No due date can be derived only when `started_at` is missing, itself an error.
    case("remediation-no-due.md", "remediation-no-due", 9, 12).also(&["missing-field"]),
    // Two folders, one id: reported on the second file, which names the first.
    case("duplicate-id", "duplicate-id", 1, 1)
        .placed("postmortems")
        .reported_in("postmortems/archive/2026-03-14-search-stale-results.md"),
    case("file-name-convention.md", "file-name", 1, 1).placed("postmortems/search-stale.md"),
    // The name's date is a day after `started_at`: the finding points at `started_at`.
    case("file-name-date.md", "file-name", 5, 13).placed("postmortems/2026-03-15-search-stale.md"),
    case("missing-section.md", "missing-section", 25, 1),
    case("empty-section.md", "empty-section", 22, 1),
    // A body pasted under the template: the second `## Summary`, naming the first.
    case("duplicate-section.md", "duplicate-section", 39, 1),
    case("missing-link-missing-file.md", "missing-link", 13, 10),
    // The target exists (the test puts it next to the repository), but outside it.
    case("missing-link-outside-repo.md", "missing-link", 13, 10),
    case("config-unknown-key.yaml", "config", 3, 1),
    case("config-timezone.yaml", "config", 3, 11),
    // A ticket link that would run script when clicked in the index or the overdue report.
    case("config-url-template.yaml", "config", 3, 17),
    case("link-scheme.md", "link-scheme", 13, 10),
    // Readiness, for in-review and published postmortems.
    case("empty-timeline", "empty-timeline", 25, 1)
        .placed(".")
        .reported_in("postmortems/2026-03-14-empty-timeline.md"),
    case("unanswered-question.md", "unanswered-question", 36, 1),
    case("no-remediation.md", "no-remediation", 1, 1),
    // The language rules (warnings): at the phrase.
    case("counterfactual.md", "counterfactual", 32, 22),
    case("blame.md", "blame", 32, 27),
    case("root-cause.md", "root-cause", 32, 5),
    case("root-cause-heading.md", "root-cause-heading", 33, 5),
    case("hindsight.md", "hindsight", 32, 1),
    case("training-remediation.md", "training-remediation", 12, 12),
    case("suppression.md", "suppression", 32, 1),
    // The meeting and the people directory (pm.yaml's `people:` and `meeting:`).
    case("config-people.yaml", "config", 4, 12),
    case("config-duplicate-handle.yaml", "config", 5, 11),
    case(
        "meeting-before-resolution.md",
        "meeting-before-resolution",
        8,
        13,
    ),
    case("meeting-missing", "meeting-missing", 7, 14)
        .placed(".")
        .reported_in("postmortems/2026-03-14-meeting-missing.md"),
    case("unknown-person", "unknown-person", 10, 10)
        .placed(".")
        .reported_in("postmortems/2026-03-14-unknown-person.md"),
    case("facilitator-involved", "facilitator-involved", 11, 14)
        .placed(".")
        .reported_in("postmortems/2026-03-14-facilitator-involved.md"),
];

/// Rules whose findings are warnings: they do not fail the check.
/// (The language rules are warnings too: `crate::language::RULES`.)
const WARNINGS: &[&str] = &[
    "byte-order-mark",
    "remediation-no-owner",
    "remediation-duplicate-ticket",
    "remediation-due-too-late",
    "remediation-done-without-date",
    "remediation-no-action",
    "remediation-sweeping",
    "remediation-no-due",
    "meeting-missing",
    "unknown-person",
    "facilitator-involved",
    "duplicate-section",
];

fn invalid(name: &str) -> PathBuf {
    fixture_path("check/invalid").join(name)
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        for entry in std::fs::read_dir(from).expect("read fixture folder") {
            let entry = entry.expect("fixture entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(from, to).expect("copy fixture");
    }
}

/// A repository holding the case's fixture (and a valid postmortem, for pm.yaml cases).
fn env_for(case: &Case) -> TestEnv {
    let env = TestEnv::new();
    copy_tree(&invalid(case.fixture), &env.path(&case.place()));
    if case.fixture.ends_with(".yaml") {
        env.write(
            "postmortems/2026-03-14-checkout-api-returned-503s.md",
            VALID,
        );
    }
    // The target of missing-link-outside-repo.md: it exists, next to the repository.
    let outside = env.root.parent().expect("temp dir").join("shared");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("search-index-age.png"), b"png").expect("write");
    env
}

/// `pm check --format json`: the exit code and the report.
pub fn check_json(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let (code, stdout, stderr) = output(env.pm().arg("check").arg("--format=json").args(args));
    assert!(!stderr.contains("panicked"), "pm panicked:\n{stderr}");
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\nstderr:\n{stderr}"));
    (code, report, stderr)
}

/// (path, rule, line, column) of every diagnostic in a report.
pub fn findings(report: &Value) -> Vec<(String, String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().expect("path").to_string(),
                d["rule"].as_str().expect("rule").to_string(),
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
            )
        })
        .collect()
}

/// The diagnostics of a report with `rule`.
pub fn with_rule<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

#[test]
fn every_invalid_fixture_gives_its_finding_at_its_place() {
    let mut failures = Vec::new();
    for case in CASES {
        let env = env_for(case);
        let (code, report, _) = check_json(&env, &[]);
        let expected = (case.path(), case.rule.to_string(), case.line, case.column);
        let all = findings(&report);
        let also: Vec<&str> = all
            .iter()
            .filter(|f| case.also.contains(&f.1.as_str()))
            .map(|f| f.1.as_str())
            .collect();
        let found: Vec<_> = all
            .iter()
            .filter(|f| !case.also.contains(&f.1.as_str()))
            .cloned()
            .collect();
        // A warning alone does not fail the check.
        let warning = WARNINGS.contains(&case.rule) || crate::language::RULES.contains(&case.rule);
        let expected_code = if warning && case.also.is_empty() {
            0
        } else {
            1
        };
        if found != [expected.clone()] || code != expected_code || also != case.also {
            failures.push(format!(
                "{}: expected exit {expected_code} and {expected:?}\n  got exit {code} and {found:?}",
                case.fixture
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every check but `config` can be turned off (`lint.disable`) and given another severity
/// (`lint.severity`) in pm.yaml: run on its own fixture, the finding goes, or changes.
#[test]
fn every_check_can_be_disabled_or_downgraded() {
    let mut failures = Vec::new();
    for case in CASES.iter().filter(|c| c.rule != "config") {
        let warning = WARNINGS.contains(&case.rule) || crate::language::RULES.contains(&case.rule);
        let other = if warning { "error" } else { "warning" };
        for (lint, want) in [
            (format!("lint:\n  disable: [{}]\n", case.rule), None),
            (
                format!("lint:\n  severity: {{{}: {other}}}\n", case.rule),
                Some(other),
            ),
        ] {
            let env = env_for(case);
            let config = env.path("pm.yaml");
            let mut text = std::fs::read_to_string(&config).unwrap_or_default();
            text.push_str(&lint);
            std::fs::write(&config, text).expect("pm.yaml");
            let (_, report, _) = check_json(&env, &[]);
            let got: Vec<String> = with_rule(&report, case.rule)
                .iter()
                .map(|d| d["severity"].as_str().unwrap_or("?").to_string())
                .collect();
            let ok = match want {
                None => got.is_empty(),
                Some(s) => !got.is_empty() && got.iter().all(|g| g == s),
            };
            if !ok {
                failures.push(format!("{} with `{}`: {got:?}", case.fixture, lint.trim()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_invalid_fixture_has_a_case_and_every_case_a_fixture() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture_path("check/invalid"))
        .expect("invalid fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut in_table: Vec<String> = CASES.iter().map(|c| c.fixture.to_string()).collect();
    in_table.sort();
    assert_eq!(on_disk, in_table);
}

/// The rule ids `pm check` can emit, read from the source: every `Diagnostic::error("id"`
/// and `Diagnostic::warning("id"`.
fn rules_in_source() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source");
                // `lint_rule("id"`: the language rules' table (src/lint/language.rs).
                for opener in ["Diagnostic::error(", "Diagnostic::warning(", "lint_rule("] {
                    for (at, _) in text.match_indices(opener) {
                        let rest = text[at + opener.len()..].trim_start();
                        if let Some(id) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
                            out.push(id.to_string());
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_rule_has_an_invalid_fixture_and_a_section_in_the_docs() {
    let rules = rules_in_source();
    for must in [
        "yaml-syntax",
        "remediation-incomplete",
        "config",
        "byte-order-mark",
    ] {
        assert!(
            rules.contains(&must.to_string()),
            "{must} not found in {rules:?}"
        );
    }
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks.md"))
            .expect("docs/checks.md");
    for rule in &rules {
        // file-too-large is made by a test (50 MB is no fixture to commit).
        assert!(
            rule == "file-too-large" || CASES.iter().any(|c| c.rule == rule),
            "no invalid fixture for the rule `{rule}`"
        );
        assert!(
            docs.contains(&format!("#### `{rule}`")),
            "docs/checks.md has no heading `#### `{rule}``"
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_reported_without_being_read() {
    let env = TestEnv::new();
    let mut text = VALID.to_string();
    let filler = "- 09:13 UTC — the same log line, again and again\n".repeat(1000);
    while text.len() < 17 * 1024 * 1024 {
        text.push_str(&filler);
    }
    env.write(
        "postmortems/2026-03-14-checkout-api-returned-503s.md",
        &text,
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [(
            "postmortems/2026-03-14-checkout-api-returned-503s.md".to_string(),
            "file-too-large".to_string(),
            1,
            1
        )]
    );
}

/// `pm check` on the fixture, human output.
fn human(case: &Case) -> String {
    let env = env_for(case);
    let (code, stdout, stderr) = output(env.pm().arg("check"));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    stderr
}

fn case_named(fixture: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.fixture == fixture)
        .unwrap_or_else(|| panic!("no case {fixture}"))
}

#[test]
fn human_output_unknown_key() {
    insta::assert_snapshot!(human(case_named("unknown-key.md")));
}

#[test]
fn human_output_yaml_syntax() {
    insta::assert_snapshot!(human(case_named("yaml-syntax.md")));
}

#[test]
fn human_output_remediation_incomplete() {
    insta::assert_snapshot!(human(case_named("remediation-incomplete.md")));
}

#[test]
fn human_output_timestamp_order() {
    insta::assert_snapshot!(human(case_named(
        "timestamp-order-resolved-before-detected.md"
    )));
}

#[test]
fn human_output_file_name_date() {
    insta::assert_snapshot!(human(case_named("file-name-date.md")));
}

#[test]
fn human_output_missing_link_outside_repo() {
    insta::assert_snapshot!(human(case_named("missing-link-outside-repo.md")));
}

#[test]
fn human_output_empty_section() {
    insta::assert_snapshot!(human(case_named("empty-section.md")));
}

#[test]
fn human_output_config_unknown_key() {
    insta::assert_snapshot!(human(case_named("config-unknown-key.yaml")));
}

/// The valid fixtures, in a repository as they are laid out (images and year folders).
fn valid_env() -> (TestEnv, Vec<String>) {
    let env = TestEnv::new();
    copy_tree(&fixture_path("check/valid"), &env.path("postmortems"));
    fn docs(dir: &Path, rel: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("valid fixtures") {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{rel}/{name}");
            if entry.path().is_dir() {
                docs(&entry.path(), &rel, out);
            } else if name.ends_with(".md") {
                out.push(rel);
            }
        }
    }
    let mut files = Vec::new();
    docs(&fixture_path("check/valid"), "postmortems", &mut files);
    files.sort();
    (env, files)
}

#[test]
fn every_valid_fixture_passes_without_a_word() {
    let (env, files) = valid_env();
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let (code, stdout, stderr) = output(env.pm().args(["check", file]));
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (0, "", "checked 1 postmortem: 0 errors, 0 warnings\n"),
            "{file}"
        );
    }
    let (code, stdout, stderr) = output(env.pm().arg("check"));
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(
        stderr,
        format!(
            "checked {} postmortems: 0 errors, 0 warnings\n",
            files.len()
        )
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert_eq!(report["summary"]["files"], files.len());
}

#[test]
fn a_draft_may_have_empty_sections_but_not_once_in_review() {
    let env = TestEnv::new();
    let draft = "postmortems/2026-01-05-payment-webhooks-retried-in-a-loop.md";
    env.fixture("check/valid/2026-01-05-draft-with-empty-sections.md", draft);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!((code, findings(&report)), (0, vec![]));

    let text = env
        .read(draft)
        .replace("status: draft", "status: in-review");
    env.write(draft, text);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let empty: Vec<_> = with_rule(&report, "empty-section")
        .iter()
        .map(|d| d["line"].as_u64().expect("line"))
        .collect();
    // Summary, Impact, Timeline, Discussion, Remediation items: all of them.
    assert_eq!(empty, [12, 15, 18, 21, 42], "{report:#}");
}

#[test]
fn a_slug_in_capitals_is_a_file_name_finding() {
    let env = TestEnv::new();
    env.write("postmortems/2026-03-14-Checkout_503s.md", VALID);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let d = with_rule(&report, "file-name");
    assert_eq!(d.len(), 1, "{report:#}");
    assert!(
        d[0]["hint"]
            .as_str()
            .expect("hint")
            .contains("git mv postmortems/2026-03-14-Checkout_503s.md postmortems/2026-03-14-checkout-api-returned-503s.md"),
        "{report:#}"
    );
}

#[test]
fn the_file_name_date_is_the_start_day_in_the_repository_time_zone() {
    let env = TestEnv::new();
    // 02:00 UTC on the 15th is 22:00 on the 14th in New York.
    let doc = VALID
        .replace("2026-03-14T09:12:00Z", "2026-03-15T02:00:00Z")
        .replace("2026-03-14T09:19:00Z", "2026-03-15T02:05:00Z")
        .replace("2026-03-14T10:05:00Z", "2026-03-15T03:00:00Z");
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(with_rule(&report, "file-name").len(), 1);

    env.write("pm.yaml", "timezone: America/New_York\n");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!((code, findings(&report)), (0, vec![]));
}

#[test]
fn a_duplicate_id_outside_the_paths_checked_is_still_found() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-03-14-checkout-api-returned-503s.md",
        VALID,
    );
    env.write(
        "postmortems/archive/2026-03-14-checkout-api-returned-503s.md",
        VALID,
    );
    let (code, report, _) = check_json(
        &env,
        &["postmortems/2026/2026-03-14-checkout-api-returned-503s.md"],
    );
    assert_eq!(code, 1);
    let d = with_rule(&report, "duplicate-id");
    assert_eq!(d.len(), 1);
    assert!(
        d[0]["message"]
            .as_str()
            .expect("message")
            .contains("postmortems/archive/2026-03-14-checkout-api-returned-503s.md")
    );
}

#[test]
fn a_relative_link_resolves_from_the_document_folder() {
    let env = TestEnv::new();
    let doc = VALID.replace(
        "remediation:",
        "links:\n  - title: Error rate\n    url: images/errors.svg\nremediation:",
    );
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    env.write("images/errors.svg", "<svg/>");
    // At the repository root, not next to the document: missing.
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let d = with_rule(&report, "missing-link");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["line"], 15);
    env.write("postmortems/images/errors.svg", "<svg/>");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!((code, findings(&report)), (0, vec![]));
}

// Regressions: each found by the tests above or in bad_input.rs, named after what broke.

#[test]
fn regression_a_comment_over_several_lines_left_a_section_counted_as_written() {
    let env = TestEnv::new();
    let doc = VALID.replace(
        "About 12% of checkout attempts failed.",
        "<!--\nWho and what was affected,\nfor how long, and how badly.\n-->",
    );
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [(
            "postmortems/2026-03-14-checkout-api-returned-503s.md".into(),
            "empty-section".into(),
            24,
            1
        )]
    );
}

#[test]
fn regression_a_percent_encoded_link_was_reported_missing() {
    let env = TestEnv::new();
    let doc = VALID.replace(
        "remediation:",
        "links:\n  - title: Error rate\n    url: images/error%20rate.svg\nremediation:",
    );
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    env.write("postmortems/images/error rate.svg", "<svg/>");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!((code, findings(&report)), (0, vec![]));
}

#[test]
fn regression_a_link_outside_the_repository_was_labelled_with_a_dotted_path() {
    let env = env_for(case_named("missing-link-outside-repo.md"));
    let (_, _, stderr) = output(env.pm().arg("check"));
    assert!(stderr.contains("points outside the repository"), "{stderr}");
    assert!(!stderr.contains("postmortems/../"), "{stderr}");
    assert!(!stderr.contains("fix the path"), "{stderr}");
}

#[test]
fn regression_the_encoding_finding_had_no_width() {
    let env = env_for(case_named("encoding.md"));
    let (_, report, _) = check_json(&env, &[]);
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["line"].clone(), d["column"].clone()),
        (2.into(), 61.into())
    );
    assert_eq!(
        (d["end_line"].clone(), d["end_column"].clone()),
        (2.into(), 62.into())
    );
}

#[test]
fn regression_a_missing_field_in_a_crlf_file_pointed_into_the_fence() {
    let env = TestEnv::new();
    let doc = VALID.replace("severity: SEV2\n", "").replace('\n', "\r\n");
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "missing-field");
    assert_eq!(
        [&d["line"], &d["column"], &d["end_line"], &d["end_column"]],
        [1, 1, 1, 4]
    );
}

#[test]
fn regression_an_unclosed_quote_was_reported_at_the_closing_fence() {
    let env = TestEnv::new();
    let doc = VALID.replace(
        "title: Checkout API returned 503s",
        "title: \"Checkout API returned 503s",
    );
    // No other quote below, so YAML runs to the end of the front matter.
    let doc = doc.replace("channels: [\"#ops\"]", "channels: [ops]");
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("yaml-syntax"), Some(2), Some(8)),
        "{report:#}"
    );
    assert!(
        d["message"]
            .as_str()
            .expect("message")
            .contains("never closed")
    );
}

#[test]
fn regression_fields_swallowed_by_an_unclosed_quote_were_reported_as_absent() {
    let env = TestEnv::new();
    // The quote runs on to the next `"` (in `channels`), taking status..started_at with it.
    let doc = VALID.replace(
        "title: Checkout API returned 503s",
        "title: \"Checkout API returned 503s",
    );
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let missing = with_rule(&report, "missing-field");
    assert!(!missing.is_empty(), "{report:#}");
    for d in missing {
        let message = d["message"].as_str().expect("message");
        assert!(
            message.contains("YAML reads this line as part of a value above"),
            "{message}"
        );
        assert!(d["line"].as_u64().expect("line") > 2);
        assert!(d["hint"].as_str().expect("hint").contains("quote"));
    }
}

#[test]
fn regression_a_duplicate_key_pointed_at_the_first_key() {
    let env = TestEnv::new();
    let doc = VALID.replace("tags: [config]", "tags: [config]\ntitle: Checkout 503s");
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(
        findings(&report),
        [(
            "postmortems/2026-03-14-checkout-api-returned-503s.md".into(),
            "yaml-syntax".into(),
            10,
            1
        )]
    );
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .expect("message")
            .contains("the field `title` appears twice")
    );
}

#[test]
fn regression_a_blank_title_passed() {
    let env = TestEnv::new();
    let doc = VALID.replace("title: Checkout API returned 503s", "title: \"  \"");
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [(
            "postmortems/2026-03-14-checkout-api-returned-503s.md".into(),
            "missing-field".into(),
            2,
            8
        )]
    );
}

#[test]
fn regression_a_timestamp_written_as_a_number_was_told_to_be_quoted() {
    let env = TestEnv::new();
    let doc = VALID.replace(
        "detected_at: 2026-03-14T09:19:00Z",
        "detected_at: 1773479940",
    );
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "wrong-type");
    assert_eq!(
        d["message"],
        "`detected_at` must be a timestamp, found a number"
    );
    assert!(!d["hint"].as_str().expect("hint").contains("quote"));
}

#[test]
fn regression_a_date_without_a_time_was_called_not_rfc_3339() {
    let env = TestEnv::new();
    let doc = VALID.replace(
        "detected_at: 2026-03-14T09:19:00Z",
        "detected_at: 2026-03-14",
    );
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "invalid-timestamp");
    assert!(
        d["message"]
            .as_str()
            .expect("message")
            .contains("a date without a time of day")
    );
}

#[test]
fn regression_timestamp_order_showed_utc_in_a_repository_with_a_time_zone() {
    let env = TestEnv::new();
    env.write("pm.yaml", "timezone: Europe/Berlin\n");
    let doc = VALID.replace(
        "detected_at: 2026-03-14T09:19:00Z",
        "detected_at: 2026-03-14T09:00:00",
    );
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let d = with_rule(&report, "timestamp-order");
    assert_eq!(
        d[0]["message"],
        "`detected_at` (2026-03-14 09:00 CET) is before `started_at` (2026-03-14 10:12 CET)"
    );
}

#[test]
fn regression_the_file_name_hint_dropped_the_folder_and_the_slug() {
    let env = env_for(case_named("file-name-date.md"));
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(
        report["diagnostics"][0]["hint"],
        "the file name's date is the day the incident started: rename it with `git mv postmortems/2026-03-15-search-stale.md postmortems/2026-03-14-search-stale.md`, or correct `started_at`"
    );
}

#[test]
fn regression_a_broken_pm_yaml_gave_no_json_report() {
    let env = env_for(case_named("config-timezone.yaml"));
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    assert_eq!(
        findings(&report),
        [("pm.yaml".into(), "config".into(), 3, 11)]
    );
}

#[test]
fn a_required_field_without_a_value_is_reported_at_its_key() {
    let env = TestEnv::new();
    let doc = VALID.replace("status: published", "status:");
    env.write("postmortems/2026-03-14-checkout-api-returned-503s.md", &doc);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let d = &report["diagnostics"][0];
    assert_eq!(
        (&d["rule"], &d["line"], &d["column"], &d["message"]),
        (
            &"missing-field".into(),
            &3.into(),
            &1.into(),
            &"`status` has no value".into()
        )
    );
}

#[test]
fn an_open_item_without_an_owner_is_a_warning_and_a_closed_one_needs_none() {
    let env = TestEnv::new();
    let path = "postmortems/2026-03-14-checkout-api-returned-503s.md";
    env.write(path, VALID.replace("    owner: Ben Okafor\n", ""));
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0, "a warning alone does not fail the check");
    assert_eq!(
        findings(&report),
        [(path.to_string(), "remediation-no-owner".to_string(), 14, 5)]
    );
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["message"], "remediation item 1 has no `owner`");
    let (code, stdout, stderr) = output(env.pm().arg("check"));
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(
        stderr,
        "warning[remediation-no-owner]: remediation item 1 has no `owner`
   ┌─ postmortems/2026-03-14-checkout-api-returned-503s.md:14:5
   │
14 │   - title: Page when the checkout 5xx rate exceeds 1% for 2 minutes
   │     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ open, and nobody owns it
   │
   = hint: add `owner: ...` — the one person who owns the item; `pm remediation set ID 1 --owner NAME`

checked 1 postmortem: 0 errors, 1 warning
"
    );
    // Blank is missing too.
    env.write(
        path,
        VALID.replace("    owner: Ben Okafor\n", "    owner: ''\n"),
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        [(path.to_string(), "remediation-no-owner".to_string(), 14, 5)]
    );
    // Done or wontfix: nobody needs to be chased, no finding.
    for closed in [
        "    status: done\n    done_on: 2026-04-02\n",
        "    status: wontfix\n",
    ] {
        env.write(path, VALID.replace("    owner: Ben Okafor\n", closed));
        let (code, report, _) = check_json(&env, &[]);
        assert_eq!((code, findings(&report)), (0, vec![]), "{closed}");
    }
    // The hint's command fixes it.
    env.write(path, VALID.replace("    owner: Ben Okafor\n", ""));
    let (code, _, stderr) = output(env.pm().args([
        "remediation",
        "set",
        "checkout",
        "1",
        "--owner",
        "Ben Okafor",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!((code, findings(&report)), (0, vec![]));
}

#[test]
fn an_item_without_a_title_is_still_an_error_whatever_its_status() {
    let env = TestEnv::new();
    let path = "postmortems/2026-03-14-checkout-api-returned-503s.md";
    env.write(
        path,
        VALID.replace(
            "  - title: Page when the checkout 5xx rate exceeds 1% for 2 minutes\n    owner: Ben Okafor\n",
            "  - owner: Ben Okafor\n    status: wontfix\n",
        ),
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [(
            path.to_string(),
            "remediation-incomplete".to_string(),
            14,
            5
        )]
    );
    assert_eq!(
        report["diagnostics"][0]["message"],
        "remediation item 1 has no `title`"
    );
}

#[test]
fn the_incident_times_are_held_to_one_order_and_the_hint_gives_it() {
    let env = env_for(case_named(
        "timestamp-order-mitigated-before-acknowledged.md",
    ));
    let (_, report, _) = check_json(&env, &[]);
    let d = with_rule(&report, "timestamp-order");
    assert_eq!(d.len(), 1, "{report}");
    assert_eq!(
        d[0]["message"],
        "`mitigated_at` (2026-03-14 09:44 UTC) is before `acknowledged_at` (2026-03-14 09:45 UTC)"
    );
    assert!(
        d[0]["hint"].as_str().expect("hint").contains(
            "started_at <= detected_at <= acknowledged_at <= mitigated_at <= resolved_at"
        )
    );
}

#[test]
fn an_unknown_type_names_the_closest_and_pm_yaml_sets_the_list() {
    let env = env_for(case_named("invalid-type.md"));
    let (_, report, _) = check_json(&env, &[]);
    let d = with_rule(&report, "invalid-value");
    assert!(
        d[0]["hint"]
            .as_str()
            .expect("hint")
            .starts_with("use `near-miss`")
    );
    assert!(
        d[0]["hint"]
            .as_str()
            .expect("hint")
            .contains("pm.yaml (`types`)")
    );
    // A repository with its own list: `near_miss` is fine there, `near-miss` is not.
    env.write("pm.yaml", "types: [incident, near_miss, drill]\n");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(
        (code, with_rule(&report, "invalid-value").len()),
        (0, 0),
        "{report}"
    );
    let doc =
        std::fs::read_to_string(env.path("postmortems/2026-03-14-invalid-type.md")).expect("read");
    env.write(
        "postmortems/2026-03-14-invalid-type.md",
        doc.replace("type: near_miss", "type: gameday"),
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    assert!(
        with_rule(&report, "invalid-value")[0]["message"]
            .as_str()
            .expect("message")
            .contains("incident, near_miss, drill")
    );
}
