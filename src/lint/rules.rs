//! The language rules' table: each rule's id, why it matters and which way to rewrite,
//! and the shape of a phrase found. `language` finds the phrases, `settings` reads
//! pm.yaml's `lint:` section about them, `output::sarif` describes them.

use std::ops::Range;

/// A language rule: its id, why it matters, and which way to rewrite.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub id: &'static str,
    /// One sentence: why the phrase hurts a blameless review.
    pub why: &'static str,
    /// Which way to rewrite.
    pub fix: &'static str,
}

const fn lint_rule(id: &'static str, why: &'static str, fix: &'static str) -> RuleInfo {
    RuleInfo { id, why, fix }
}

pub const COUNTERFACTUAL: &str = "counterfactual";
pub const BLAME: &str = "blame";
pub const ROOT_CAUSE: &str = "root-cause";
pub const ROOT_CAUSE_HEADING: &str = "root-cause-heading";
pub const HINDSIGHT: &str = "hindsight";
pub const TRAINING: &str = "training-remediation";
/// A steering comment names a rule that does not exist.
pub const SUPPRESSION: &str = "suppression";

/// Every language rule, in the order docs/checks.md lists them.
pub const RULES: &[RuleInfo] = &[
    lint_rule(
        "counterfactual",
        "A counterfactual describes a past that did not happen, and hides why what did happen made sense to the people there.",
        "describe what happened and why it made sense at the time: what people saw, knew and expected then",
    ),
    lint_rule(
        "blame",
        "Blame words judge people instead of describing the conditions that shaped their decisions, and people who feel judged stop sharing the context a review needs.",
        "describe the conditions: what the person knew, which signals and tools they had, what pressure they were under",
    ),
    lint_rule(
        "root-cause",
        "\"Root cause\" suggests one cause to find and fix; outages come from several contributing factors and the conditions around them.",
        "write \"contributing factors\" (or name the factor itself)",
    ),
    lint_rule(
        "root-cause-heading",
        "A section named \"Root cause\" asks the authors for a single cause.",
        "rename the heading \"Contributing factors\"; to keep it, disable the rule in pm.yaml (`lint: {disable: [root-cause-heading]}`)",
    ),
    lint_rule(
        "hindsight",
        "Hindsight judges the moment by what is known now: it was not obvious then, or it would not have happened.",
        "describe what people saw and knew at the time, and what made the signal hard to read",
    ),
    lint_rule(
        "training-remediation",
        "Training puts the onus back on people; the incident will happen again in some form, and guardrails, tools, runbooks and alerts prepare people better.",
        "make the item change the system: a guardrail, a tool, a runbook, a dashboard or an alert",
    ),
];

pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

/// A phrase found in a chunk of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    /// Byte range in the text searched.
    pub range: Range<usize>,
}
