//! pm.yaml's `lint:` section: which language rules run, at which severity, with which
//! phrases added or allowed.
//!
//! ```yaml
//! lint:
//!   disable: [root-cause-heading, no-remediation]   # rules not run at all
//!   severity: {counterfactual: error, remediation-no-owner: off}   # error, warning or off
//!   phrases:                            # more phrases for a rule
//!     blame: ["dropped the ball"]
//!   allow: ["root cause analysis template"]   # never reported
//! ```

use std::ops::Range;

use regex::Regex;
use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::lint::rules::{self as language, Hit, RULES};
use crate::parse::locate::{Seg, locate};

pub const KEYS: &[&str] = &["disable", "severity", "phrases", "allow"];

/// The checks of `pm check` besides the language rules (`rules::RULES`), as documented in
/// docs/checks.md: each can be disabled or given another severity in `lint:`. `config`
/// (pm.yaml's own problems) cannot.
pub const CHECKS: &[&str] = &[
    "empty-file",
    "binary-file",
    "encoding",
    "file-too-large",
    "byte-order-mark",
    "front-matter-missing",
    "front-matter-unclosed",
    "yaml-syntax",
    "front-matter-not-mapping",
    "unknown-key",
    "missing-field",
    "remediation-incomplete",
    "remediation-no-owner",
    "remediation-duplicate-ticket",
    "remediation-no-due",
    "remediation-due-too-late",
    "remediation-done-without-date",
    "remediation-no-action",
    "remediation-sweeping",
    "wrong-type",
    "invalid-value",
    "invalid-timestamp",
    "invalid-date",
    "timestamp-order",
    "file-name",
    "duplicate-id",
    "missing-link",
    "link-scheme",
    "missing-section",
    "duplicate-section",
    "empty-section",
    "empty-timeline",
    "unanswered-question",
    "no-remediation",
    "meeting-before-resolution",
    "meeting-missing",
    "unknown-person",
    "facilitator-involved",
];

#[derive(Debug, Clone, Default)]
pub struct Settings {
    disabled: Vec<&'static str>,
    severities: Vec<(&'static str, Severity)>,
    /// Phrases added to a rule, as one pattern per rule.
    extra: Vec<(&'static str, Regex)>,
    /// Phrases never reported.
    allow: Option<Regex>,
}

/// A case-insensitive pattern for a list of phrases, matched as whole words, with any run
/// of white space (a line break, a non-breaking space) between their words.
fn phrases_pattern(phrases: &[String]) -> Option<Regex> {
    let alternatives: Vec<String> = phrases
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let words: Vec<String> = p
                .split_whitespace()
                .map(|w| regex::escape(w).replace('\'', "['’ʼ]"))
                .collect();
            let body = words.join(r"\s+");
            // `\b` only where the phrase starts or ends with a word character.
            let starts = p.trim().chars().next().is_some_and(char::is_alphanumeric);
            let ends = p.trim().chars().last().is_some_and(char::is_alphanumeric);
            format!(
                "{}{body}{}",
                if starts { r"\b" } else { "" },
                if ends { r"\b" } else { "" }
            )
        })
        .collect();
    if alternatives.is_empty() {
        return None;
    }
    Regex::new(&format!("(?i)(?:{})", alternatives.join("|"))).ok()
}

impl Settings {
    pub fn enabled(&self, rule: &str) -> bool {
        !self.disabled.contains(&rule)
    }

    /// Every rule reading the body is off: the body need not be read.
    pub fn all_disabled(&self) -> bool {
        RULES
            .iter()
            .filter(|r| r.id != language::TRAINING)
            .all(|r| !self.enabled(r.id))
    }

    pub fn has_extra(&self) -> bool {
        self.extra
            .iter()
            .any(|(rule, _)| *rule != language::TRAINING)
    }

    pub fn severity(&self, rule: &str) -> Severity {
        self.severities
            .iter()
            .find(|(r, _)| *r == rule)
            .map_or(Severity::Warning, |(_, s)| *s)
    }

    /// pm.yaml's choices for the checks that are not language rules: findings of a
    /// disabled check are dropped, the others take the severity pm.yaml gives their rule.
    pub fn apply(&self, found: &mut Vec<crate::diagnostic::Diagnostic>) {
        if self.disabled.is_empty() && self.severities.is_empty() {
            return;
        }
        found.retain(|d| d.rule == "config" || self.enabled(d.rule));
        for d in found.iter_mut() {
            if let Some((_, s)) = self.severities.iter().find(|(r, _)| *r == d.rule) {
                d.severity = *s;
            }
        }
    }

    /// Findings of the phrases pm.yaml adds.
    pub fn extra_hits(&self, text: &str, heading: bool, hits: &mut Vec<Hit>) {
        for (rule, pattern) in &self.extra {
            let rule = match *rule {
                language::TRAINING => continue,
                language::ROOT_CAUSE if heading => language::ROOT_CAUSE_HEADING,
                r => r,
            };
            for m in pattern.find_iter(text) {
                if !hits
                    .iter()
                    .any(|h| h.rule == rule && h.range.start < m.end() && m.start() < h.range.end)
                {
                    hits.push(Hit {
                        rule,
                        range: m.range(),
                    });
                }
            }
        }
    }

    /// A remediation title holding a phrase added to `training-remediation`.
    pub fn extra_training(&self, title: &str) -> bool {
        self.extra
            .iter()
            .any(|(rule, p)| *rule == language::TRAINING && p.is_match(title))
    }

    /// Where `text` holds an allowed phrase.
    pub fn allowed_ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.allow
            .as_ref()
            .map(|p| p.find_iter(text).map(|m| m.range()).collect())
            .unwrap_or_default()
    }

    /// Reads the `lint:` value of pm.yaml, whose whole text is `text`.
    pub fn parse(value: &Value, text: &str) -> Result<Settings, Vec<Diagnostic>> {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.value);
        let key_at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.key_or_value());
        let Some(map) = value.as_mapping() else {
            if !value.is_null() {
                problems.push(
                    Diagnostic::error("config", "`lint` must be a mapping")
                        .at_opt(at(&[Seg::Key("lint")]))
                        .hint("e.g. `lint: {disable: [root-cause-heading], severity: {counterfactual: error}}`"),
                );
            }
            return if problems.is_empty() {
                Ok(settings)
            } else {
                Err(problems)
            };
        };
        // A rule id, or a finding saying it is not one.
        let all_ids = || RULES.iter().map(|r| r.id).chain(CHECKS.iter().copied());
        let rule_id = |id: &str, span: Option<Range<usize>>| -> Result<&'static str, Diagnostic> {
            match all_ids().find(|r| *r == id) {
                Some(r) => Ok(r),
                None if id == language::SUPPRESSION => Ok(language::SUPPRESSION),
                None => {
                    let d = Diagnostic::error(
                        "config",
                        format!("`{id}` in `lint` is not a rule of `pm check`"),
                    )
                    .at_opt(span);
                    Err(match did_you_mean(id, all_ids()) {
                        Some(best) => d
                            .label(format!("did you mean `{best}`?"))
                            .hint(format!("rename it to `{best}`")),
                        None => d.hint(
                            "the rules are listed in docs/checks.md (each `####` heading is one id); `config` cannot be turned off",
                        ),
                    })
                }
            }
        };
        for (key, v) in map {
            let key = key.as_str().unwrap_or("?");
            let path = [Seg::Key("lint"), Seg::Key(key)];
            let list = |v: &Value| -> Option<Vec<String>> {
                match v {
                    Value::String(s) => Some(vec![s.clone()]),
                    Value::Sequence(items) => items
                        .iter()
                        .map(|i| i.as_str().map(str::to_string))
                        .collect(),
                    _ => None,
                }
            };
            match key {
                "disable" => match list(v) {
                    Some(ids) => {
                        for (i, id) in ids.iter().enumerate() {
                            let span = at(&[Seg::Key("lint"), Seg::Key("disable"), Seg::Index(i)])
                                .or_else(|| at(&path));
                            match rule_id(id, span) {
                                Ok(r) => settings.disabled.push(r),
                                Err(d) => problems.push(d),
                            }
                        }
                    }
                    None => problems.push(
                        Diagnostic::error("config", "`lint.disable` must be a list of rule ids")
                            .at_opt(at(&path))
                            .hint("e.g. `disable: [root-cause-heading, hindsight]`"),
                    ),
                },
                "severity" | "phrases" => {
                    let Some(m) = v.as_mapping() else {
                        problems.push(
                            Diagnostic::error(
                                "config",
                                format!("`lint.{key}` must be a mapping of rule ids"),
                            )
                            .at_opt(at(&path))
                            .hint(if key == "severity" {
                                "e.g. `severity: {counterfactual: error, hindsight: warning}`"
                            } else {
                                "e.g. `phrases: {blame: [\"dropped the ball\"]}`"
                            }),
                        );
                        continue;
                    };
                    for (id, value) in m {
                        let id = id.as_str().unwrap_or("?");
                        let sub = [Seg::Key("lint"), Seg::Key(key), Seg::Key(id)];
                        let rule = match rule_id(id, key_at(&sub)) {
                            Ok(r) => r,
                            Err(d) => {
                                problems.push(d);
                                continue;
                            }
                        };
                        if key == "phrases" && CHECKS.contains(&rule) {
                            problems.push(
                                Diagnostic::error(
                                    "config",
                                    format!("`{id}` is not a language rule: it has no phrases"),
                                )
                                .at_opt(key_at(&sub))
                                .hint(format!(
                                    "phrases are for {}",
                                    RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
                                )),
                            );
                            continue;
                        }
                        if key == "severity" {
                            match value.as_str() {
                                Some("error") => settings.severities.push((rule, Severity::Error)),
                                Some("warning") => {
                                    settings.severities.push((rule, Severity::Warning))
                                }
                                Some("off") => settings.disabled.push(rule),
                                _ => problems.push(
                                    Diagnostic::error(
                                        "config",
                                        format!("`lint.severity.{id}` must be `error`, `warning` or `off`"),
                                    )
                                    .at_opt(at(&sub))
                                    .hint(format!("e.g. `{id}: error`")),
                                ),
                            }
                        } else {
                            match list(value).and_then(|l| phrases_pattern(&l)) {
                                Some(p) => settings.extra.push((rule, p)),
                                None => problems.push(
                                    Diagnostic::error(
                                        "config",
                                        format!("`lint.phrases.{id}` must be a list of phrases"),
                                    )
                                    .at_opt(at(&sub))
                                    .hint(format!("e.g. `{id}: [\"dropped the ball\"]`")),
                                ),
                            }
                        }
                    }
                }
                "allow" => match list(v) {
                    Some(l) => settings.allow = phrases_pattern(&l),
                    None => problems.push(
                        Diagnostic::error("config", "`lint.allow` must be a list of phrases")
                            .at_opt(at(&path))
                            .hint("e.g. `allow: [\"root cause analysis template\"]`"),
                    ),
                },
                _ => {
                    let d =
                        Diagnostic::error("config", format!("unknown key `lint.{key}` in pm.yaml"))
                            .at_opt(key_at(&path));
                    problems.push(match did_you_mean(key, KEYS.iter().copied()) {
                        Some(best) => d
                            .label(format!("did you mean `{best}`?"))
                            .hint(format!("rename it to `{best}`")),
                        None => d.hint(format!("known keys: {}", KEYS.join(", "))),
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Result<Settings, Vec<Diagnostic>> {
        let v: Value = serde_yaml::from_str(yaml).unwrap();
        Settings::parse(&v["lint"], yaml)
    }

    #[test]
    fn reads_every_key() {
        let s = parse("lint:\n  disable: [hindsight]\n  severity: {blame: error}\n  phrases: {blame: [dropped the ball]}\n  allow: [root cause analysis]\n").unwrap();
        assert!(!s.enabled("hindsight"));
        assert_eq!(s.severity("blame"), Severity::Error);
        assert_eq!(s.severity("counterfactual"), Severity::Warning);
        let mut hits = Vec::new();
        s.extra_hits("She dropped  the\u{a0}ball.", false, &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            s.allowed_ranges("our Root Cause Analysis page"),
            vec![4..23]
        );
    }

    #[test]
    fn every_documented_rule_can_be_configured() {
        let docs = include_str!("../../docs/checks.md");
        for line in docs.lines() {
            let Some(id) = line
                .strip_prefix("#### `")
                .and_then(|rest| rest.split('`').next())
            else {
                continue;
            };
            if id == "config" {
                continue;
            }
            let yaml = format!("lint:\n  disable: [{id}]\n  severity: {{{id}: error}}\n");
            assert!(parse(&yaml).is_ok(), "`{id}` cannot be configured");
        }
        for id in CHECKS {
            assert!(
                docs.contains(&format!("#### `{id}`")),
                "`{id}` is not documented"
            );
        }
    }

    #[test]
    fn unknown_rule_ids_are_errors_with_their_place() {
        let yaml = "lint:\n  disable:\n    - counterfactuals\n";
        let e = parse(yaml).unwrap_err();
        assert_eq!(
            e[0].label.as_deref(),
            Some("did you mean `counterfactual`?")
        );
        assert_eq!(&yaml[e[0].span.clone().unwrap()], "counterfactuals");
        let e = parse("lint:\n  severity: {blam: error}\n").unwrap_err();
        assert!(e[0].message.contains("`blam`"));
        let e = parse("lint:\n  disabel: [blame]\n").unwrap_err();
        assert!(e[0].message.contains("lint.disabel"));
    }
}
