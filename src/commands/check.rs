//! `pm check`: validate postmortems and report every problem in every file.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::commands::{self, Status};
use crate::context::Context;
use crate::diagnostic::Severity;
use crate::document::{self, Depth};
use crate::error::Result;
use crate::lint;
use crate::output::diagnostics::{JsonDiagnostic, Renderer};

/// Validate postmortems: front matter, file names, sections, links.
///
/// Checks every postmortem of the repository, or the files and folders given. Reports all
/// problems in all files, each with `path:line:column`, the rule id, the offending line and
/// a hint; then exits 1 if any is an error, 0 otherwise, and 2 if a path could not be read.
/// The rules are listed in docs/checks.md.
///
/// Examples:
///   pm check                              every postmortem
///   pm check postmortems/2026-03-14-checkout-503s.md
///   pm check --format json > report.json  for CI annotations
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files or folders to check (default: the whole postmortems folder)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format: `human` (diagnostics on stderr) or `json` (on stdout; see docs/checks.md)
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}

/// The JSON report: `{"version": 1, "summary": {...}, "diagnostics": [...]}`.
#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    unreadable: Vec<Unreadable<'a>>,
}

/// A `pm.yaml` that does not parse stops every command; with `--format json` its problems
/// are reported in the JSON report, so CI still gets a report to read.
fn broken_config_as_json(ctx: &mut Context) -> Result<Option<Status>> {
    // The same search as `Context::project`: the nearest pm.yaml upward.
    let Some(file) = ctx
        .cwd
        .ancestors()
        .map(|dir| dir.join(crate::config::FILE_NAME))
        .find(|f| f.is_file())
    else {
        return Ok(None);
    };
    // An unreadable pm.yaml is reported by `Context::project` as an I/O error.
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Ok(None);
    };
    let Err(diagnostics) = crate::config::Config::parse(&text) else {
        return Ok(None);
    };
    let source = crate::parse::Source::new(file, crate::config::FILE_NAME.to_string(), text);
    let report = Report {
        version: 1,
        summary: Summary {
            files: 0,
            errors: diagnostics.iter().filter(|d| d.is_error()).count(),
            warnings: diagnostics.iter().filter(|d| !d.is_error()).count(),
            unreadable: 0,
        },
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic::new(&source, d))
            .collect(),
        unreadable: Vec::new(),
    };
    serde_json::to_writer_pretty(&mut ctx.out.stdout, &report).map_err(std::io::Error::from)?;
    writeln!(ctx.out.stdout)?;
    Ok(Some(Status::Findings))
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    unreadable: usize,
}

#[derive(Serialize)]
struct Unreadable<'a> {
    path: &'a str,
    message: &'a str,
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    if args.format == CheckFormat::Json
        && let Some(status) = broken_config_as_json(ctx)?
    {
        return Ok(status);
    }
    let project = ctx.project()?;
    let all = commands::all_files(&project);
    let mut failures: Vec<(String, String)> = Vec::new();
    let files: Vec<PathBuf> = if args.paths.is_empty() {
        all.as_ref()
            .map_err(|e| crate::error::Error {
                kind: e.kind,
                message: e.message.clone(),
                hint: e.hint.clone(),
            })?
            .clone()
    } else {
        let mut files = Vec::new();
        for p in &args.paths {
            let path = ctx.cwd.join(p);
            if path.is_dir() {
                match document::find_files(&path) {
                    Ok(found) => files.extend(found),
                    Err(e) => {
                        failures.push((p.display().to_string(), crate::error::describe_io(&e)))
                    }
                }
            } else if path.exists() {
                files.push(path);
            } else {
                failures.push((p.display().to_string(), "no such file or directory".into()));
            }
        }
        files.sort();
        files.dedup();
        files
    };
    let no_others = Vec::new();
    let others = if args.paths.is_empty() {
        &no_others
    } else {
        all.as_ref().unwrap_or(&no_others)
    };
    let duplicates = lint::duplicate_ids(&files, others);
    let loaded = commands::load_with(&project, &files, Depth::Full, |doc| {
        lint::check_document(doc, &project);
        if let Some(other) = duplicates.get(doc.source.path.as_path()) {
            doc.diagnostics
                .push(lint::duplicate_id(&doc.id, &project.display(other)));
        }
        doc.diagnostics
            .sort_by_key(|d| (d.span.as_ref().map_or(0, |s| s.start), d.severity));
        // Nothing to show for this file: free its text now rather than hold every file.
        if doc.diagnostics.is_empty() {
            doc.source.release_text();
        }
    });
    failures.extend(loaded.failures);
    let docs = loaded.docs;
    let errors = docs
        .iter()
        .flat_map(|d| &d.diagnostics)
        .filter(|d| d.is_error())
        .count();
    let warnings = docs
        .iter()
        .flat_map(|d| &d.diagnostics)
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let written = (|| -> Result<()> {
        match args.format {
            CheckFormat::Json => {
                let report = Report {
                    version: 1,
                    summary: Summary {
                        files: docs.len(),
                        errors,
                        warnings,
                        unreadable: failures.len(),
                    },
                    diagnostics: docs
                        .iter()
                        .flat_map(|doc| {
                            doc.diagnostics
                                .iter()
                                .map(|d| JsonDiagnostic::new(&doc.source, d))
                        })
                        .collect(),
                    unreadable: failures
                        .iter()
                        .map(|(path, message)| Unreadable { path, message })
                        .collect(),
                };
                serde_json::to_writer_pretty(&mut ctx.out.stdout, &report)
                    .map_err(std::io::Error::from)?;
                writeln!(ctx.out.stdout)?;
            }
            CheckFormat::Human => {
                let renderer = Renderer::new(ctx.out.color);
                for doc in &docs {
                    for d in &doc.diagnostics {
                        renderer.render(&mut ctx.out.stderr, &doc.source, d)?;
                    }
                }
                for (path, why) in &failures {
                    writeln!(ctx.out.stderr, "error[unreadable]: {path}: {why}")?;
                    writeln!(
                        ctx.out.stderr,
                        "  = hint: check the path; `pm check` without paths checks every postmortem\n"
                    )?;
                }
                let plural =
                    |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
                let mut line = format!(
                    "checked {}: {}, {}",
                    plural(docs.len(), "postmortem"),
                    plural(errors, "error"),
                    plural(warnings, "warning")
                );
                if !failures.is_empty() {
                    line.push_str(&format!(", {} unreadable", plural(failures.len(), "path")));
                }
                writeln!(ctx.out.stderr, "{line}")?;
            }
        }
        Ok(())
    })();
    // A closed pipe (`pm check 2>&1 | head`) ends the report, not the verdict.
    if let Err(e) = written
        && e.kind != crate::error::Kind::BrokenPipe
    {
        return Err(e);
    }
    Ok(if !failures.is_empty() {
        Status::Failed
    } else if errors > 0 {
        Status::Findings
    } else {
        Status::Ok
    })
}
