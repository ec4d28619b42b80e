//! `pm check`: validate postmortems and report every problem in every file.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::commands::Status;
use crate::commands::common;
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
///   pm check --changed --format github    in a pull request's workflow
///   pm check --changed --changed-lines    language findings only on lines this branch changed
///   pm check --ready 2026-03-14-checkout  is this draft ready for review?
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files or folders to check (default: the whole postmortems folder)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format: `human` (diagnostics on stderr), `json`, `github` (workflow commands)
    /// or `sarif` (SARIF 2.1.0), the last three on stdout; see docs/checks.md
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Only postmortems added or modified since the merge base with --base (committed,
    /// staged, in the work tree or untracked)
    #[arg(long)]
    pub changed: bool,

    /// The revision --changed compares with [default: the remote's default branch
    /// (origin/HEAD), else main]
    #[arg(long, value_name = "REV", requires = "changed")]
    pub base: Option<String>,

    /// With --changed: language findings (counterfactual, blame, ...) only on the lines the
    /// branch changed; other findings everywhere in the changed files
    #[arg(long, requires = "changed")]
    pub changed_lines: bool,

    /// Check one postmortem (id or path) as if it were in review: empty sections, an empty
    /// timeline, unanswered discussion questions and no remediation item are errors
    #[arg(long, value_name = "ID", conflicts_with_all = ["paths", "changed"])]
    pub ready: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
    Sarif,
}

/// The JSON report: `{"version": 1, "summary": {...}, "diagnostics": [...]}`.
#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    unreadable: Vec<Unreadable<'a>>,
}

/// SARIF's description of a language rule: why it matters, and which way to rewrite.
fn rule_text(id: &str) -> Option<crate::output::sarif::RuleText> {
    lint::rules::rule_info(id).map(|info| crate::output::sarif::RuleText {
        short: info.why.to_string(),
        help: format!("{} ({})", info.fix, info.why),
    })
}

/// A `pm.yaml` that does not parse stops every command; with `--format json` its problems
/// are reported in the JSON report, so CI still gets a report to read.
fn broken_config_as_json(ctx: &mut Context, format: CheckFormat) -> Result<Option<Status>> {
    // The same search as `Context::project`: the nearest pm.yaml upward.
    let Some(file) = crate::config::find_file(&ctx.cwd) else {
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
    match format {
        CheckFormat::Github => {
            for d in &diagnostics {
                crate::output::github::write(&mut ctx.out.stdout, &source, d)?;
            }
            return Ok(Some(Status::Findings));
        }
        CheckFormat::Sarif => {
            let log = crate::output::sarif::log(
                diagnostics.iter().map(|d| (&source, d)),
                &[],
                &rule_text,
            );
            serde_json::to_writer_pretty(&mut ctx.out.stdout, &log)
                .map_err(std::io::Error::from)?;
            writeln!(ctx.out.stdout)?;
            return Ok(Some(Status::Findings));
        }
        _ => {}
    }
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
    if args.format != CheckFormat::Human
        && let Some(status) = broken_config_as_json(ctx, args.format)?
    {
        return Ok(status);
    }
    let project = ctx.project()?;
    let all = common::all_files(&project);
    let mut failures: Vec<(String, String)> = Vec::new();
    // --changed: the changed postmortems, and their changed lines.
    let changes = if args.changed {
        Some(crate::repo::changes_since(
            &project.root,
            args.base.as_deref(),
        )?)
    } else {
        None
    };
    let ready = match &args.ready {
        Some(id) => Some(common::find_one(&project, &ctx.cwd, id)?),
        None => None,
    };
    let files: Vec<PathBuf> = if let Some(one) = &ready {
        vec![one.clone()]
    } else if let Some(changes) = &changes {
        let dir = project.postmortems_dir();
        let canon = |p: &std::path::Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let dir = canon(&dir);
        let wanted: Vec<PathBuf> = args.paths.iter().map(|p| canon(&ctx.cwd.join(p))).collect();
        let mut files: Vec<PathBuf> = changes
            .files
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| p.is_file())
            .filter(|p| {
                let c = canon(p);
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                c.starts_with(&dir)
                    && name.ends_with(".md")
                    && !name.eq_ignore_ascii_case("README.md")
                    && (wanted.is_empty() || wanted.iter().any(|w| c.starts_with(w)))
            })
            .collect();
        files.sort();
        files
    } else if args.paths.is_empty() {
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
    let others = if args.paths.is_empty() && changes.is_none() && ready.is_none() {
        &no_others
    } else {
        all.as_ref().unwrap_or(&no_others)
    };
    let duplicates = lint::duplicate_ids(&files, others);
    // Changed lines per file, for --changed-lines.
    let changed_lines: Option<std::collections::HashMap<PathBuf, Vec<u32>>> =
        match (&changes, args.changed_lines) {
            (Some(c), true) => Some(
                c.files
                    .iter()
                    .map(|(p, lines)| {
                        (
                            p.canonicalize().unwrap_or_else(|_| p.clone()),
                            lines.clone(),
                        )
                    })
                    .collect(),
            ),
            _ => None,
        };
    let setup = project.lint_setup();
    let loaded = common::load_with(&project, &files, Depth::Full, |doc| {
        let draft = ready.is_some()
            && !matches!(
                doc.front.status,
                Some(document::Status::InReview | document::Status::Published)
            );
        if draft {
            // As a review would see it.
            doc.front.status = Some(document::Status::InReview);
        }
        lint::check_document(doc, &setup);
        if draft {
            for d in &mut doc.diagnostics {
                d.message = d.message.replace(
                    "and the postmortem is in-review",
                    "and --ready checks it as if in review",
                );
            }
        }
        if let Some(lines) = &changed_lines {
            let path = doc
                .source
                .path
                .canonicalize()
                .unwrap_or_else(|_| doc.source.path.clone());
            let changed = lines.get(&path);
            let source = &doc.source;
            doc.diagnostics.retain(|d| {
                if !lint::rules::is_language_rule(d.rule) {
                    return true;
                }
                let Some(span) = &d.span else { return true };
                let (line, _) = source.line_col(span.start);
                changed.is_some_and(|l| l.contains(&(line as u32)))
            });
        }
        if let Some(other) = duplicates.get(doc.source.path.as_path()) {
            doc.diagnostics
                .push(lint::duplicate_id(&doc.id, &project.display(other)));
        }
        doc.diagnostics
            .sort_by_key(|d| (d.span.as_ref().map_or(0, |s| s.start), d.severity));
        // Nothing to show for this file: free its text now rather than hold every file.
        if doc.diagnostics.is_empty() {
            doc.source.release_text();
            doc.sections = Vec::new();
            doc.front = Default::default();
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
    if let Some(c) = &changes
        && args.format == CheckFormat::Human
    {
        writeln!(
            ctx.out.stderr,
            "changed since `{}` (merge base {}): {}",
            c.base,
            c.merge_base,
            if files.is_empty() {
                "no postmortem".to_string()
            } else {
                format!(
                    "{} postmortem{}",
                    files.len(),
                    if files.len() == 1 { "" } else { "s" }
                )
            }
        )?;
    }
    let written = (|| -> Result<()> {
        match args.format {
            CheckFormat::Github => {
                for doc in &docs {
                    for d in &doc.diagnostics {
                        crate::output::github::write(&mut ctx.out.stdout, &doc.source, d)?;
                    }
                }
                for (path, why) in &failures {
                    crate::output::github::write_unreadable(&mut ctx.out.stdout, path, why)?;
                }
            }
            CheckFormat::Sarif => {
                let log = crate::output::sarif::log(
                    docs.iter()
                        .flat_map(|doc| doc.diagnostics.iter().map(move |d| (&doc.source, d))),
                    &failures,
                    &rule_text,
                );
                serde_json::to_writer_pretty(&mut ctx.out.stdout, &log)
                    .map_err(std::io::Error::from)?;
                writeln!(ctx.out.stdout)?;
            }
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
                if let (Some(path), Some(doc)) = (&ready, docs.first()) {
                    let shown = project.display(path);
                    if errors == 0 && failures.is_empty() {
                        writeln!(ctx.out.stderr, "{shown} is ready for review")?;
                    } else if doc.has_errors() {
                        writeln!(ctx.out.stderr, "{shown} is not ready for review yet")?;
                    }
                }
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
