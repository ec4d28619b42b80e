//! `pm check --format sarif`: a SARIF 2.1.0 log (for GitHub code scanning and other
//! viewers), every rule with its help text, columns counted in Unicode code points as
//! everywhere in pm.

use serde_json::{Value, json};

use crate::diagnostic::Severity;
use crate::output::diagnostics::JsonDiagnostic;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// What a rule's entry says beyond its first finding: a short description, and help.
pub struct RuleText {
    pub short: String,
    pub help: String,
}

/// The rule's entry of `tool.driver.rules`: the rule's own text when `describe` has one,
/// else the first finding's message and hint.
fn rule(id: &str, first: &JsonDiagnostic, describe: &dyn Fn(&str) -> Option<RuleText>) -> Value {
    let (short, help) = match describe(id) {
        Some(text) => (text.short, text.help),
        None => (
            first.message.to_string(),
            first
                .hint
                .as_deref()
                .unwrap_or("see docs/checks.md")
                .to_string(),
        ),
    };
    json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": format!("pm check rule `{id}`; every rule is described in docs/checks.md, under its id.") },
        "help": {
            "text": help,
            "markdown": format!("**{id}**: {help}\n\nSee `docs/checks.md`, section `{id}`.")
        },
        "defaultConfiguration": { "level": level(first.severity) }
    })
}

/// The SARIF log of a `pm check` run: findings per file, and the paths that could not be
/// read (as tool notifications).
pub fn log<'a>(
    findings: impl IntoIterator<Item = JsonDiagnostic<'a>>,
    unreadable: &[(String, String)],
    describe: &dyn Fn(&str) -> Option<RuleText>,
) -> Value {
    let mut rules: Vec<(String, Value)> = Vec::new();
    let mut results = Vec::new();
    for j in findings {
        let index = match rules.iter().position(|(id, _)| id == j.rule) {
            Some(i) => i,
            None => {
                rules.push((j.rule.to_string(), rule(j.rule, &j, describe)));
                rules.len() - 1
            }
        };
        let mut text = j.message.to_string();
        if let Some(hint) = &j.hint {
            text.push_str(" (hint: ");
            text.push_str(hint);
            text.push(')');
        }
        results.push(json!({
            "ruleId": j.rule,
            "ruleIndex": index,
            "level": level(j.severity),
            "message": { "text": text },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": j.path, "uriBaseId": "SRCROOT" },
                    "region": {
                        "startLine": j.line,
                        "startColumn": j.column,
                        "endLine": j.end_line,
                        "endColumn": j.end_column.max(if j.end_line == j.line { j.column } else { 1 })
                    }
                }
            }]
        }));
    }
    let notifications: Vec<Value> = unreadable
        .iter()
        .map(|(path, why)| {
            json!({
                "level": "error",
                "message": { "text": format!("{path}: {why}") },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": path, "uriBaseId": "SRCROOT" } } }]
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pm",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.into_iter().map(|(_, r)| r).collect::<Vec<_>>()
                }
            },
            "invocations": [{
                "executionSuccessful": unreadable.is_empty(),
                "toolExecutionNotifications": notifications
            }],
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}
