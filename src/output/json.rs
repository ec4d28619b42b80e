//! `--format json`: the command's records as pretty-printed JSON, one document ending in a
//! newline. Each command documents its keys (docs/formats.md); they are stable.

use std::io::Write;

use serde::Serialize;

use super::Findings;
use super::diagnostics::JsonDiagnostic;

pub fn write(out: &mut dyn Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)
}

/// `pm check --format json`: `{"version": 1, "summary": {...}, "diagnostics": [...],
/// "unreadable": [...]}` (docs/checks.md).
#[derive(Serialize)]
pub struct Report<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    unreadable: Vec<Unreadable<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    /// Only when there are some: reports before notes existed stay as they were.
    #[serde(skip_serializing_if = "is_zero")]
    notes: usize,
    unreadable: usize,
}

#[derive(Serialize)]
struct Unreadable<'a> {
    path: &'a str,
    message: &'a str,
}

impl<'a> Report<'a> {
    pub fn of(findings: &'a Findings<'a>) -> Report<'a> {
        Report {
            version: 1,
            summary: Summary {
                files: findings.checked,
                errors: findings.errors(),
                warnings: findings.warnings(),
                notes: findings.notes(),
                unreadable: findings.unreadable.len(),
            },
            diagnostics: findings.all_placed().collect(),
            unreadable: findings
                .unreadable
                .iter()
                .map(|(path, message)| Unreadable { path, message })
                .collect(),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
