//! `pm check`: validate postmortems and report every problem in every file.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::Status;
use crate::commands::common;
use crate::context::{Context, Project, ProjectError};
use crate::document::{self, Depth};
use crate::error::{Error, Kind, Result};
use crate::lint;
use crate::output::sarif::RuleText;
use crate::output::{self, Findings, Format, plural};
use crate::repo::Changes;

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
    /// or `sarif` (SARIF 2.1.0), the last three on stdout; see docs/formats.md
    #[arg(long, value_name = "FORMAT", default_value = "human",
          value_parser = common::format_parser(CHECK_FORMATS))]
    pub format: Format,

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

/// The formats of the findings.
const CHECK_FORMATS: &[Format] = &[Format::Human, Format::Json, Format::Github, Format::Sarif];

/// SARIF's description of a language rule: why it matters, and which way to rewrite.
fn rule_text(id: &str) -> Option<RuleText> {
    lint::rules::rule_info(id).map(|info| RuleText {
        short: info.why.to_string(),
        help: format!("{} ({})", info.fix, info.why),
    })
}

/// What to check, from the arguments, settled before any file is read.
struct Plan {
    files: Vec<PathBuf>,
    /// The repository's postmortems not being checked, whose ids the checked ones must not
    /// reuse (empty when every postmortem is checked).
    others: Vec<PathBuf>,
    /// (path as shown, why) for the paths that could not be read.
    failures: Vec<(String, String)>,
    /// Files given (or found under a folder given) that are not under the postmortems
    /// folder: not postmortems, so not checked (pre-commit passes every staged `.md`).
    outside: Vec<PathBuf>,
    /// `--ready`: the one postmortem, checked as if in review.
    ready: Option<PathBuf>,
    /// `--changed`: what changed since the merge base.
    changes: Option<Changes>,
    changed_lines: bool,
}

impl Plan {
    fn new(args: &Args, ctx: &Context, project: &Project) -> Result<Plan> {
        let all = common::all_files(project);
        let changes = if args.changed {
            Some(crate::repo::changes_since(
                &project.root,
                args.base.as_deref(),
            )?)
        } else {
            None
        };
        let ready = match &args.ready {
            Some(id) => Some(common::find_one(project, &ctx.cwd, id)?),
            None => None,
        };
        let mut failures = Vec::new();
        if args.paths.is_empty() && changes.is_none() && ready.is_none() {
            return Ok(Plan {
                files: all?,
                others: Vec::new(),
                failures,
                outside: Vec::new(),
                ready,
                changes,
                changed_lines: args.changed_lines,
            });
        }
        let files = if let Some(one) = &ready {
            vec![one.clone()]
        } else if let Some(changes) = &changes {
            changed_files(changes, &project.postmortems_dir(), &args.paths, &ctx.cwd)
        } else {
            given_files(&args.paths, &ctx.cwd, &mut failures)
        };
        let dir = canonical(&project.postmortems_dir());
        let (files, outside) = files
            .into_iter()
            .partition(|f| ready.is_some() || canonical(f).starts_with(&dir));
        let others = all.unwrap_or_default();
        Ok(Plan {
            files,
            others,
            failures,
            outside,
            ready,
            changes,
            changed_lines: args.changed_lines,
        })
    }

    /// With `--changed-lines`: the changed lines per file, by canonical path.
    fn changed_lines(&self) -> Option<HashMap<PathBuf, Vec<u32>>> {
        let changes = self.changes.as_ref().filter(|_| self.changed_lines)?;
        Some(
            changes
                .files
                .iter()
                .map(|(p, lines)| (canonical(p), lines.clone()))
                .collect(),
        )
    }
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// The changed postmortems: markdown files under the postmortems folder (not its index),
/// under one of `paths` when any are given.
fn changed_files(changes: &Changes, dir: &Path, paths: &[PathBuf], cwd: &Path) -> Vec<PathBuf> {
    let dir = canonical(dir);
    let wanted: Vec<PathBuf> = paths.iter().map(|p| canonical(&cwd.join(p))).collect();
    let mut files: Vec<PathBuf> = changes
        .files
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| p.is_file())
        .filter(|p| {
            let c = canonical(p);
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
}

/// The files and folders given on the command line; those that do not exist go to
/// `failures`.
fn given_files(
    paths: &[PathBuf],
    cwd: &Path,
    failures: &mut Vec<(String, String)>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        let path = cwd.join(p);
        if path.is_dir() {
            match document::find_files(&path) {
                Ok(found) => files.extend(found),
                Err(e) => failures.push((p.display().to_string(), crate::error::describe_io(&e))),
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
}

/// Writes the findings; a reader that went away (`pm check 2>&1 | head`) ends the report,
/// not the verdict.
fn report(ctx: &mut Context, format: Format, findings: &Findings<'_>) -> Result<()> {
    let out = &mut ctx.out;
    match output::write_findings(format, &mut *out.stdout, &mut *out.stderr, findings)
        .map_err(Error::from)
    {
        Err(e) if e.kind != Kind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// A part of a report written as files are checked: these files' findings, or (`before`)
/// what is said first.
fn part<'a>(
    files: Vec<(
        &'a crate::parse::Source,
        &'a [crate::diagnostic::Diagnostic],
    )>,
    before: Vec<String>,
    color: bool,
) -> Findings<'a> {
    Findings {
        files,
        checked: 0,
        unreadable: &[],
        describe: &rule_text,
        before,
        after: Vec::new(),
        color,
        written: (0, 0, 0),
        placed: Vec::new(),
    }
}

/// How many files `pm check` reads before writing (`human`, `github`) or placing (`json`,
/// `sarif`) their findings and dropping them: 128 kept the peak over the 10,000-document
/// corpus with findings near 60 MiB (512: 70 MiB), for the same CPU time.
const BATCH: usize = 128;

/// Writes a part of a report written as files are checked; true when the reader went
/// away (the rest is not written, the verdict still counts every file).
fn report_part(
    ctx: &mut Context,
    format: Format,
    findings: &Findings<'_>,
    part: output::Part,
) -> Result<bool> {
    let out = &mut ctx.out;
    match output::write_findings_part(format, &mut *out.stdout, &mut *out.stderr, findings, part)
        .map_err(Error::from)
    {
        Err(e) if e.kind == Kind::BrokenPipe => Ok(true),
        Err(e) => Err(e),
        Ok(()) => Ok(false),
    }
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = match ctx.find_project() {
        Ok(project) => project,
        // Its problems go into the report, so CI still gets a report to read.
        Err(ProjectError::BrokenConfig(broken)) if args.format != Format::Human => {
            let findings = Findings {
                files: vec![(&broken.source, broken.diagnostics.as_slice())],
                checked: 0,
                unreadable: &[],
                describe: &rule_text,
                before: Vec::new(),
                after: Vec::new(),
                color: ctx.out.color,
                written: (0, 0, 0),
                placed: Vec::new(),
            };
            report(ctx, args.format, &findings)?;
            return Ok(Status::Findings);
        }
        Err(e) => return Err(ctx.explain(e)),
    };
    let mut plan = Plan::new(&args, ctx, &project)?;
    for path in &plan.outside {
        writeln!(
            ctx.out.stderr,
            "note: {} is not under {}/, so it is not a postmortem and is not checked",
            project.display(path),
            project.display(&project.postmortems_dir())
        )?;
    }
    let setup = lint::Setup {
        as_if_in_review: plan.ready.is_some(),
        now: Some(ctx.now),
        ..project.lint_setup()
    };
    let repo = lint::Repository {
        duplicates: lint::duplicate_ids(&plan.files, &plan.others),
        changed_lines: plan.changed_lines(),
    };
    // Nothing to show for a file: free its text at once rather than hold every file.
    let inspect = |doc: &mut document::Document| {
        lint::check_in_repository(doc, &setup, &repo);
        if doc.diagnostics.is_empty() {
            doc.source.release_text();
            doc.sections = Vec::new();
            doc.front = Default::default();
        }
    };
    let mut before = Vec::new();
    if let Some(c) = &plan.changes {
        let n = plan.files.len();
        let what = if n == 0 {
            "no postmortem".to_string()
        } else {
            plural(n, "postmortem")
        };
        before.push(format!(
            "changed since `{}` (merge base {}): {what}",
            c.base, c.merge_base
        ));
    }
    // `human` and `github` are written a batch of files at a time, in file order, so a
    // document with findings is dropped once they are written: memory stays near one
    // batch's documents, not the repository's. `json` and `sarif` need every finding
    // first: a batch's findings are kept placed (line, column, their own text) and its
    // documents dropped.
    let stream = output::streams(args.format);
    let mut placed = Vec::new();
    let mut gone = false;
    let mut written = (0, 0, 0);
    let mut checked = 0;
    let mut first_has_errors = None;
    let mut failures = std::mem::take(&mut plan.failures);
    let color = ctx.out.color;
    if stream {
        let begin = part(Vec::new(), before.clone(), color);
        gone = report_part(ctx, args.format, &begin, output::Part::Begin)?;
    }
    for files in plan.files.chunks(BATCH) {
        let loaded = common::load_with(&project, files, Depth::Full, inspect);
        failures.extend(loaded.failures);
        checked += loaded.docs.len();
        if first_has_errors.is_none() {
            first_has_errors = loaded.docs.first().map(|d| d.has_errors());
        }
        let these = part(
            loaded
                .docs
                .iter()
                .map(|d| (&d.source, d.diagnostics.as_slice()))
                .collect(),
            Vec::new(),
            color,
        );
        if !stream {
            placed.extend(these.all_placed().map(|j| j.into_owned()));
        } else if !gone {
            gone = report_part(ctx, args.format, &these, output::Part::Files)?;
        }
        written.0 += these.errors();
        written.1 += these.warnings();
        written.2 += these.notes();
    }
    drop(repo);
    plan.failures = failures;
    let mut findings = Findings {
        files: Vec::new(),
        checked,
        unreadable: &plan.failures,
        describe: &rule_text,
        before,
        after: Vec::new(),
        color: ctx.out.color,
        written,
        placed,
    };
    let errors = findings.errors();
    if let (Some(path), Some(has_errors)) = (&plan.ready, first_has_errors) {
        let shown = project.display(path);
        if errors == 0 && plan.failures.is_empty() {
            findings.after.push(format!("{shown} is ready for review"));
        } else if has_errors {
            findings
                .after
                .push(format!("{shown} is not ready for review yet"));
        }
    }
    if stream {
        if !gone {
            report_part(ctx, args.format, &findings, output::Part::End)?;
        }
    } else {
        report(ctx, args.format, &findings)?;
    }
    Ok(if !plan.failures.is_empty() {
        Status::Failed
    } else if errors > 0 {
        Status::Findings
    } else {
        Status::Ok
    })
}
