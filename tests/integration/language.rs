//! The language rules end to end: what they skip, suppression comments, pm.yaml's `lint:`
//! section, positions in characters, and bad input.

use crate::check::{check_json, findings, with_rule};
use crate::env::{TestEnv, VALID, output};

const PATH: &str = "postmortems/2026-03-14-checkout-503s.md";

/// VALID with `extra` appended to the Discussion section (which starts on line 31).
fn with_discussion(extra: &str) -> String {
    VALID.replace(
        "Detection took seven minutes.\n",
        &format!("Detection took seven minutes.\n\n{extra}\n"),
    )
}

/// The language rules: warnings unless pm.yaml says otherwise.
pub const RULES: &[&str] = &[
    "counterfactual",
    "blame",
    "root-cause",
    "root-cause-heading",
    "hindsight",
    "training-remediation",
    "suppression",
];

fn language(report: &serde_json::Value) -> Vec<(String, u64, u64)> {
    findings(report)
        .into_iter()
        .filter(|(_, rule, _, _)| RULES.contains(&rule.as_str()))
        .map(|(_, rule, line, col)| (rule, line, col))
        .collect()
}

/// The language findings' rules and lines.
fn rules_and_lines(report: &serde_json::Value) -> Vec<(String, u64)> {
    language(report)
        .into_iter()
        .map(|(r, l, _)| (r, l))
        .collect()
}

fn line_of(doc: &str, needle: &str) -> u64 {
    doc.lines()
        .position(|l| l.contains(needle))
        .expect("needle") as u64
        + 1
}

#[test]
fn nothing_is_reported_in_code_quotes_comments_links_or_the_transcript() {
    let env = TestEnv::new();
    let doc = with_discussion(
        "```\nwe should have paged the DBA\n```\n\n    indented: we should have paged\n\n`the engineer should have checked`, said the log.\n\n> The on-call engineer: \"we should have checked the replica, obviously\"\n\n<!-- reviewers: the root cause is human error -->\n\nSee [the graph](images/should-have-known-root-cause.png) and <https://example.com/human-error>.\n\n<!-- pm import-logs: begin #ops 2026-03-14 -->\n- 09:14 ana: we should have rolled back, obviously human error\n- 09:15 ben: root cause is the config\n<!-- pm import-logs: end -->",
    );
    env.write(PATH, &doc);
    let (code, report, _) = check_json(&env, &[]);
    assert_eq!(language(&report), []);
    assert_eq!(code, 0);
}

#[test]
fn findings_point_at_the_phrase_in_characters() {
    let env = TestEnv::new();
    // Curly apostrophe, non-breaking space, RTL text and a CJK character before the phrase.
    let doc = with_discussion(
        "שלום 障 «Ana» said: the on-call engineer shouldn’t\u{a0}have restarted the primary.\n\nThe root\ncause was a config push.",
    );
    env.write(PATH, &doc);
    let (code, report, _) = check_json(&env, &[]);
    let line = line_of(&doc, "שלום");
    let col = "שלום 障 «Ana» said: the on-call engineer ".chars().count() as u64 + 1;
    assert_eq!(
        language(&report),
        [
            ("counterfactual".to_string(), line, col),
            ("root-cause".to_string(), line + 2, 5),
        ]
    );
    let d = &with_rule(&report, "counterfactual")[0];
    assert_eq!(
        d["message"],
        "“shouldn’t have” is a counterfactual: it describes a past that did not happen"
    );
    assert_eq!(
        d["end_column"],
        col + "shouldn’t\u{a0}have".chars().count() as u64
    );
    assert_eq!(d["severity"], "warning");
    // Warnings alone do not fail the check.
    assert_eq!(code, 0);
}

#[test]
fn a_system_expected_behaviour_is_not_a_counterfactual() {
    let env = TestEnv::new();
    let doc = with_discussion(
        "The failover should have started within 30 seconds.\n\nThe on-call engineer should have checked the replica.",
    );
    env.write(PATH, &doc);
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(
        language(&report),
        [(
            "counterfactual".to_string(),
            line_of(&doc, "on-call engineer should"),
            22
        )]
    );
}

#[test]
fn pm_allow_covers_the_next_paragraph_and_pm_disable_a_span() {
    let env = TestEnv::new();
    let doc = with_discussion(
        "<!-- pm-allow counterfactual -->\nWe should have paged the DBA.\n\nWe should have paged the DBA, again.\n\n<!-- pm-disable hindsight, blame -->\nObviously it was human error.\n\n- clearly an item\n<!-- pm-enable hindsight blame -->\n\nObviously.\n\n- <!-- pm-allow --> we should have known, obviously\n- we could have paged\n\n<!-- pm-allow counterfactuals -->\nFine.",
    );
    env.write(PATH, &doc);
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(
        language(&report),
        [
            ("counterfactual".to_string(), line_of(&doc, "DBA, again"), 4),
            ("hindsight".to_string(), line_of(&doc, "Obviously."), 1),
            (
                "counterfactual".to_string(),
                line_of(&doc, "we could have paged"),
                6
            ),
            (
                "suppression".to_string(),
                line_of(&doc, "counterfactuals"),
                1
            ),
        ]
    );
    let s = &with_rule(&report, "suppression")[0];
    assert!(
        s["hint"].as_str().unwrap().contains("`counterfactual`"),
        "{s}"
    );
}

#[test]
fn pm_yaml_lint_disables_raises_adds_and_allows() {
    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        "lint:\n  disable: [hindsight]\n  severity:\n    blame: error\n  phrases:\n    blame: [\"dropped the ball\"]\n  allow: [\"Root Cause Corp\"]\n",
    );
    let doc = with_discussion(
        "Obviously the vendor, Root Cause Corp, dropped\nthe ball. The root cause was a config push.",
    );
    env.write(PATH, &doc);
    let (code, report, _) = check_json(&env, &[]);
    let line = line_of(&doc, "Obviously the vendor");
    assert_eq!(
        language(&report),
        [
            ("blame".to_string(), line, 40),
            ("root-cause".to_string(), line + 1, 15),
        ]
    );
    assert_eq!(with_rule(&report, "blame")[0]["severity"], "error");
    assert_eq!(code, 1);
}

#[test]
fn an_unknown_rule_id_in_pm_yaml_is_an_error_at_its_place() {
    let env = TestEnv::new();
    env.write("pm.yaml", "lint:\n  disable:\n    - counterfactuals\n");
    env.write(PATH, VALID);
    let (code, _, stderr) = output(env.pm().arg("check"));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`counterfactuals` in `lint` is not a rule of `pm check`"),
        "{stderr}"
    );
    assert!(stderr.contains("pm.yaml:3:7"), "{stderr}");
    assert!(
        stderr.contains("did you mean `counterfactual`?"),
        "{stderr}"
    );
}

#[test]
fn training_only_remediation_points_at_the_title_and_says_when_all_are() {
    let env = TestEnv::new();
    let one = VALID.replace(
        "  - title: Page when the checkout 5xx rate exceeds 1% for 2 minutes\n",
        "  - title: Page when the checkout 5xx rate exceeds 1% for 2 minutes\n    owner: Ben Okafor\n  - title: More training for the on-call team\n",
    );
    env.write(PATH, &one);
    let (_, report, _) = check_json(&env, &[]);
    let d = with_rule(&report, "training-remediation");
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(16), Some(12))
    );
    assert!(!d[0]["message"].as_str().unwrap().contains("every item"));

    let all = VALID.replace(
        "Page when the checkout 5xx rate exceeds 1% for 2 minutes",
        "Better training",
    );
    env.write(PATH, &all);
    let (_, report, _) = check_json(&env, &[]);
    let d = with_rule(&report, "training-remediation");
    assert_eq!(d.len(), 1);
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("every item of this postmortem"),
        "{}",
        d[0]
    );
}

#[test]
fn a_document_of_one_five_megabyte_line_is_read_without_a_panic() {
    let env = TestEnv::new();
    let mut line = String::with_capacity(5 * 1024 * 1024 + 100);
    while line.len() < 5 * 1024 * 1024 {
        line.push_str("the replica lagged behind, ‏שלום‏ and\u{a0}nobody noticed; ");
    }
    line.push_str("we should have paged the DBA.");
    let doc = with_discussion(&line);
    env.write(PATH, &doc);
    let (_, report, _) = check_json(&env, &[]);
    let found = language(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    let col = line.chars().count() as u64 - "should have paged the DBA.".chars().count() as u64 + 1;
    assert_eq!(
        found[0],
        (
            "counterfactual".to_string(),
            line_of(&doc, "the replica lagged"),
            col
        )
    );
}

#[test]
fn malformed_markdown_does_not_stop_the_rules() {
    let env = TestEnv::new();
    let doc = with_discussion(
        "```\nunclosed fence\n\n<!-- unclosed comment\n\n[broken](link\n\n* * *\n**bold *nested** obviously",
    );
    env.write(PATH, &doc);
    let (_, report, stderr) = check_json(&env, &[]);
    assert!(!stderr.contains("panicked"));
    // Everything after an unclosed fence is code: nothing to report.
    assert_eq!(language(&report), []);
    let doc = with_discussion("**bold *nested** obviously [broken](link");
    env.write(PATH, &doc);
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(language(&report).len(), 1);
}

/// The Timeline's table is a record of the time, like the chat transcript: a log line
/// (`Root cause investigation started`) in a cell is not the authors' judgement. Prose and
/// list items in the Timeline section (the authors' own account), and tables elsewhere,
/// are still read.
#[test]
fn the_timeline_table_is_not_read_but_other_tables_are() {
    let env = TestEnv::new();
    let doc = with_discussion("| factor | note |\n|---|---|\n| lag | the operator was careless |")
        .replace(
            "## Timeline\n",
            "## Timeline\n\n| time | event |\n|---|---|\n| 09:20 | Root cause investigation started |\n| 09:21 | #ops: obviously the replica again? |\n\n- 09:22 the operator was called lazy\n\nThe root cause was found at 09:40.\n\n",
        );
    env.write(PATH, &doc);
    let (_, report, _) = check_json(&env, &[]);
    let rules = rules_and_lines(&report);
    assert_eq!(
        rules,
        [
            (
                "blame".into(),
                line_of(&doc, "the operator was called lazy")
            ),
            (
                "root-cause".into(),
                line_of(&doc, "The root cause was found")
            ),
            ("blame".into(), line_of(&doc, "the operator was careless")),
        ],
        "{report}"
    );
}

/// In the Remediation items section, a sentence whose only action is training people or
/// asking them to be careful is `training-remediation`, as a title would be.
#[test]
fn training_in_the_remediation_section_prose_is_reported() {
    let env = TestEnv::new();
    let doc = VALID.replace(
        "## Remediation items\n",
        "## Remediation items\n\nWe will remind all engineers to double-check the context.\n\n- We added a prompt that shows the host count.\n- Support staff will be retrained on the status page.\n",
    );
    env.write(PATH, &doc);
    let (_, report, _) = check_json(&env, &[]);
    let rules = rules_and_lines(&report);
    assert_eq!(
        rules,
        [
            (
                "training-remediation".into(),
                line_of(&doc, "We will remind")
            ),
            (
                "training-remediation".into(),
                line_of(&doc, "will be retrained")
            ),
        ],
        "{report}"
    );
    // The same sentence elsewhere is not a remediation.
    let env = TestEnv::new();
    env.write(
        PATH,
        with_discussion("We will remind all engineers to double-check the context."),
    );
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(language(&report), []);
}

/// `root cause analysis` as the name of a document is reported (it still asks for one
/// cause); a team that must keep the name allows it in pm.yaml.
#[test]
fn root_cause_analysis_is_reported_unless_pm_yaml_allows_it() {
    let sentence = "The customer asked for a root cause analysis, which is attached.";
    let env = TestEnv::new();
    env.write(PATH, with_discussion(sentence));
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(language(&report).len(), 1, "{report}");
    env.write("pm.yaml", "lint:\n  allow: [\"root cause analysis\"]\n");
    let (_, report, _) = check_json(&env, &[]);
    assert_eq!(language(&report), [], "{report}");
}
