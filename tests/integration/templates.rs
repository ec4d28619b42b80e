//! Templates as teams write them: pm.yaml's `sections:` (aliases, optional sections),
//! headings matched by prefix, and every check turned off or down in `lint:`.

use crate::check::{check_json, findings, with_rule};
use crate::env::TestEnv;

const DOC: &str = "postmortems/2021-06-03-action-items-template.md";

fn env_with(config: &str) -> TestEnv {
    let env = TestEnv::new();
    env.fixture("templates/2021-06-03-action-items-template.md", DOC);
    env.write("pm.yaml", config);
    env
}

#[test]
fn a_team_template_fails_the_defaults() {
    let env = env_with("");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.1).collect();
    // Timeline is found by its prefix; Impact, Discussion and Remediation items are not
    // there under those names, and the items are in the body.
    assert_eq!(
        rules,
        [
            "no-remediation",
            "missing-section",
            "missing-section",
            "missing-section"
        ],
        "{report:#}"
    );
}

#[test]
fn aliases_optional_sections_and_a_disabled_check_make_it_pass() {
    let env = env_with(
        "sections:\n  Remediation items: {aliases: [Action items, Follow-up actions]}\n  Discussion: {aliases: [Lessons learned]}\n  Impact: {optional: true}\nlint:\n  disable: [remediation-no-owner]\n",
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    // The item under `## Action items` is read from the body: no `no-remediation`.
    assert_eq!(findings(&report), []);
    let env = env_with(
        "sections:\n  Remediation items: {aliases: [Action items]}\n  Discussion: {aliases: [Lessons learned]}\n  Impact: {optional: true}\n",
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        findings(&report),
        [(DOC.to_string(), "remediation-no-owner".to_string(), 24, 1)]
    );
}

#[test]
fn a_check_can_be_downgraded_to_a_warning() {
    let env = env_with(
        "sections:\n  Remediation items: {aliases: [Action items]}\n  Discussion: {aliases: [Lessons learned]}\nlint:\n  severity: {missing-section: warning, no-remediation: off}\n",
    );
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    let missing = with_rule(&report, "missing-section");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["severity"], "warning");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("`## Impact`")
    );
}

#[test]
fn an_unknown_rule_or_phrases_for_a_check_are_config_errors() {
    let env = env_with("lint:\n  disable: [no-remediations]\n");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let config = with_rule(&report, "config");
    assert_eq!(config.len(), 1, "{report:#}");
    assert_eq!(config[0]["line"], 2);
    assert_eq!(config[0]["hint"], "rename it to `no-remediation`");
    let env = env_with("lint:\n  phrases: {no-remediation: [x]}\n");
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(with_rule(&report, "config").len(), 1, "{report:#}");
}

#[test]
fn a_bad_sections_value_is_reported_at_its_place() {
    let env = env_with("sections:\n  Impact: {optinal: true}\n");
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(code, 1);
    let config = with_rule(&report, "config");
    assert_eq!(config.len(), 1, "{report:#}");
    assert_eq!(config[0]["line"], 2);
    assert_eq!(config[0]["hint"], "rename it to `optional`");
}
