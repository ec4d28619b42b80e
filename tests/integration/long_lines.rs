//! A finding on a long paragraph line: the human report shows the line trimmed around the
//! finding, with `...` where text was left out (as rustc does), within the terminal width;
//! JSON and SARIF keep the exact line and column.

use crate::check::{check_json, findings};
use crate::env::{TestEnv, VALID, output};
use unicode_width::UnicodeWidthStr;

const PATH: &str = "postmortems/2026-03-14-checkout-503s.md";

/// VALID with one 600-character Discussion line holding a finding in its middle, and the
/// finding's (line, column).
fn long_line_doc() -> (String, u64, u64) {
    let filler = "The replica lagged behind the primary while the batch job ran, ";
    let before = filler.repeat(5);
    let phrase = "the on-call engineer should have checked the replica";
    let line = format!("{before}{phrase}, {}", filler.repeat(4).trim_end());
    assert!(line.chars().count() > 400);
    let doc = VALID.replace(
        "Detection took seven minutes.\n",
        &format!("Detection took seven minutes.\n\n{line}\n"),
    );
    let line_no = doc.lines().position(|l| l == line).expect("the line") as u64 + 1;
    let column = before.chars().count() as u64 + "the on-call engineer ".len() as u64 + 1;
    (doc, line_no, column)
}

fn human(env: &TestEnv, columns: &str) -> String {
    let (code, stdout, stderr) = output(env.pm().arg("check").env("COLUMNS", columns));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    stderr
}

#[test]
fn a_long_line_is_trimmed_around_the_finding_within_the_terminal_width() {
    let env = TestEnv::new();
    let (doc, line, column) = long_line_doc();
    env.write(PATH, &doc);
    let report = human(&env, "80");
    // The header keeps the exact place.
    assert!(
        report.contains(&format!("{PATH}:{line}:{column}")),
        "{report}"
    );
    let source_line = report
        .lines()
        .find(|l| l.starts_with(&format!("{line} │ ")))
        .unwrap_or_else(|| panic!("no source line in\n{report}"));
    assert!(
        source_line.contains("engineer should have checked"),
        "{source_line}"
    );
    assert!(
        source_line.contains(" │ ...") && source_line.ends_with("..."),
        "{source_line}"
    );
    assert!(
        source_line.width() <= 80,
        "{} columns: {source_line}",
        source_line.width()
    );
    // The carets sit under the phrase in the trimmed line.
    let carets = report
        .lines()
        .find(|l| l.contains('^'))
        .unwrap_or_else(|| panic!("no carets in\n{report}"));
    let at = carets.find('^').unwrap();
    assert_eq!(
        &source_line[at..at + "should have".len()],
        "should have",
        "{report}"
    );
    assert_eq!(carets.matches('^').count(), "should have".len());
    assert!(carets.ends_with("^ counterfactual"), "{carets}");

    // A wide terminal shows the whole line.
    let wide = human(&env, "1000");
    let full = doc.lines().nth(line as usize - 1).unwrap();
    assert!(wide.contains(&format!("{line} │ {full}\n")), "{wide}");
    assert!(!wide.contains("│ ..."));
}

#[test]
fn json_and_sarif_keep_the_exact_line_and_column_of_a_long_line() {
    let env = TestEnv::new();
    let (doc, line, column) = long_line_doc();
    env.write(PATH, &doc);
    let (_, report, _) = check_json(&env, &[]);
    let found: Vec<_> = findings(&report)
        .into_iter()
        .filter(|(_, rule, _, _)| rule == "counterfactual")
        .map(|(_, _, l, c)| (l, c))
        .collect();
    assert_eq!(found, [(line, column)]);
    let (_, stdout, stderr) = output(
        env.pm()
            .args(["check", "--format", "sarif"])
            .env("COLUMNS", "40"),
    );
    let log: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "counterfactual")
        .expect("the counterfactual");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(line), Some(column))
    );
}
