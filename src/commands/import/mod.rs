//! `pm import`: postmortems written to another template become pm documents. The front
//! matter is derived from the body (`document::import`); the body is kept byte for byte;
//! files are written into the postmortems folder under pm's names, never over another.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::Status;
use crate::context::{Context, Project};
use crate::document::import::{self, Import, When, advice::Advice, render};
use crate::document::{self, ItemStatus};
use crate::error::{Error, Result};
use crate::output::plural;

mod prompts;

/// Import existing postmortems: derive pm's front matter from each document's body.
///
/// Reads markdown postmortems (files, or every `*.md` under a folder; README.md,
/// index.md and files named `*template*` are skipped there), with or without front matter, and writes each into the
/// postmortems folder as `YYYY-MM-DD-slug.md` (the start date and the title), with front
/// matter derived from the body: the title from the H1 (a leading date dropped), the start,
/// detection and resolution from stated times ("Start time: ...", "All times in PST", the
/// first and last timeline rows), the severity from words such as `Sev1`, `P2` or
/// "Severity: high" (mapped onto the configured severities), the authors, and the
/// remediation items listed under an action-items heading (bullets, numbered items,
/// checkboxes, a table, bold-titled paragraphs; `[x]` or "(done)" is `status: done`).
/// The body is kept byte for byte. Documents are marked `imported: true`. The report
/// lists, per file, where each field came from and what could not be found, and the
/// `sections:` pm.yaml needs for the documents' own headings. Running it again changes
/// nothing: a document already imported is left as it is.
///
/// Examples:
///   pm import ~/wiki/postmortems/                 import a folder
///   pm import old/2019-db-outage.md --dry-run     show the front matter it would write
///   pm import docs/incidents --severity SEV3      for documents that state no severity
///   pm import old/ --interactive                  ask for what a document does not say
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Markdown files, or folders to read every `*.md` under
    #[arg(value_name = "FILE|DIR", required = true)]
    pub paths: Vec<PathBuf>,

    /// Print the diff each file would get, and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// The severity of documents that state none
    #[arg(short, long, value_name = "SEV")]
    pub severity: Option<String>,

    /// Ask on the terminal for the title, severity, start and authors a document does not
    /// give (an empty answer leaves the field out)
    #[arg(short, long)]
    pub interactive: bool,
}

/// One file's fate.
enum Outcome {
    Written {
        to: PathBuf,
        renamed: Option<String>,
    },
    Unchanged(PathBuf),
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let config = &project.config;
    if let Some(s) = &args.severity
        && !config.severity_names().any(|n| n == s)
    {
        return Err(
            Error::usage(format!("--severity `{s}` is not a configured severity")).with_hint(
                format!(
                    "pick one of {}",
                    config.severity_names().collect::<Vec<_>>().join(", ")
                ),
            ),
        );
    }
    let settings = import::Settings {
        severities: config.severity_names().collect(),
        item_headings: config
            .section_names
            .all("Remediation items")
            .map(str::to_string)
            .collect(),
        timezone: config.timezone,
        default_severity: args.severity.clone(),
    };
    if args.interactive && !ctx.interactive {
        return Err(Error::usage(
            "--interactive asks on a terminal, and stdin or stderr is not one",
        )
        .with_hint("run it in a terminal, or drop --interactive and fill in what the report lists as not found"));
    }
    let files = inputs(&args.paths, &ctx.cwd)?;
    if files.is_empty() {
        return Err(Error::user("no markdown files to import")
            .with_hint("give `*.md` files, or folders holding them"));
    }
    let dir = project.postmortems_dir();
    if !args.dry_run {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    let _lock = match args.dry_run {
        true => None,
        false => Some(crate::store::Lock::acquire(&dir.join("import.md"))?),
    };
    // Ids taken in this run, and by files already there.
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    let mut status = Status::Ok;
    let mut counts = Counts::default();
    let mut advice = Advice::default();
    let mut report = Vec::new();
    for path in &files {
        let shown = project.display(path);
        let source = match document::read_source(path, shown.clone()) {
            Ok(s) => s,
            Err(document::ReadError::Io(e)) => {
                writeln!(
                    report,
                    "{shown}: cannot read it: {}",
                    crate::error::describe_io(&e)
                )?;
                status = Status::Failed;
                continue;
            }
            Err(document::ReadError::NotText(_, d)) => {
                writeln!(report, "{shown}: {}", d.message)?;
                status = Status::Failed;
                continue;
            }
        };
        let text = source.text.as_str();
        if import::is_pm_document(text) || import::was_imported(text) {
            counts.already += 1;
            writeln!(report, "{shown}: already a pm document; left as it is")?;
            continue;
        }
        let stem = document::id_of(path);
        let mut found = import::read(text, &stem, &settings);
        if args.interactive {
            let color = ctx.out.color;
            prompts::fill(
                &mut found,
                &shown,
                config,
                &settings,
                ctx.now,
                color,
                &mut *ctx.out.stderr,
            )?;
        }
        let front = render::front_matter(&found, config.timezone);
        let new_text = render::document(&front, text, &found);
        let id = id_for(&found, &stem, config.timezone);
        let outcome = place(
            &project,
            &dir,
            path,
            &id,
            &new_text,
            &mut taken,
            args.dry_run,
        )?;
        let target = match &outcome {
            Outcome::Written { to, .. } | Outcome::Unchanged(to) => to.clone(),
        };
        if args.dry_run && matches!(outcome, Outcome::Written { .. }) {
            let diff = render::diff(text, &shown, &new_text, &project.display(&target), &found);
            ctx.out.stdout.write_all(diff.as_bytes())?;
        }
        describe(
            &mut report,
            &project,
            &shown,
            &outcome,
            &found,
            args.dry_run,
        )?;
        match outcome {
            Outcome::Written { renamed, .. } => {
                counts.written += 1;
                counts.renamed += usize::from(renamed.is_some());
                advice.add(
                    text.get(found.body_start..).unwrap_or(""),
                    &config.required_sections,
                    &config.section_names,
                    found.item_heading.as_deref(),
                );
            }
            Outcome::Unchanged(_) => counts.unchanged += 1,
        }
        counts.items += found.items.len();
        if found.lacks_required() && status == Status::Ok {
            status = Status::Findings;
        }
    }
    ctx.out.stdout.write_all(&report)?;
    summary(ctx, &counts, &advice, args.dry_run)?;
    Ok(status)
}

#[derive(Default)]
struct Counts {
    written: usize,
    renamed: usize,
    unchanged: usize,
    already: usize,
    items: usize,
}

/// The files named, folders walked for `*.md`/`*.markdown` (README and index pages left
/// out), in path order, each once.
fn inputs(paths: &[PathBuf], cwd: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = Vec::new();
    for p in paths {
        let p = if p.is_absolute() {
            p.clone()
        } else {
            cwd.join(p)
        };
        if p.is_dir() {
            let found = crate::files::walk(&p, |name, _| {
                let lower = name.to_lowercase();
                // A team's blank template sits among its postmortems more often than not.
                (lower.ends_with(".md") || lower.ends_with(".markdown"))
                    && !matches!(lower.as_str(), "readme.md" | "index.md" | "_index.md")
                    && !lower.contains("template")
            })
            .map_err(|e| Error::io(&p, e))?;
            out.extend(found);
        } else if p.exists() {
            out.push(p);
        } else {
            return Err(Error::usage(format!("{} does not exist", p.display()))
                .with_hint("give markdown files or folders that hold them"));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    Ok(out)
}

/// pm's name for the document: the start date and the title's slug; the source's own
/// name when it already has that date and a good slug.
fn id_for(found: &Import, stem: &str, tz: chrono_tz::Tz) -> String {
    let date = found
        .start_date(tz)
        .map(|d| d.format("%Y-%m-%d").to_string());
    if let Some(date) = &date
        && stem.starts_with(date.as_str())
        && let Some(slug) = stem.get(11..)
        && stem.as_bytes().get(10) == Some(&b'-')
        && !slug.is_empty()
        && document::slugify(slug) == slug
    {
        return stem.to_string();
    }
    let slug = found
        .title
        .as_ref()
        .map(|t| document::slugify(&t.value))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "incident".into());
    match date {
        Some(date) => format!("{date}-{slug}"),
        None => slug,
    }
}

/// Where the document goes, written unless `dry_run`: `id`, else `id-2`, `id-3`... when
/// another document has the name; left alone when the same body is already there.
fn place(
    project: &Project,
    dir: &Path,
    source: &Path,
    id: &str,
    text: &str,
    taken: &mut HashMap<String, PathBuf>,
    dry_run: bool,
) -> Result<Outcome> {
    let source_stem = document::id_of(source);
    let in_dir = source
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .zip(dir.canonicalize().ok())
        .is_some_and(|(a, b)| a == b);
    let body_of = |t: &str| t.get(import::body_start(t)..).map(str::to_string);
    let new_body = body_of(text);
    for n in 1..1000 {
        let candidate = if n == 1 {
            id.to_string()
        } else {
            format!("{id}-{n}")
        };
        let path = dir.join(format!("{candidate}.md"));
        if taken.contains_key(&candidate) {
            continue;
        }
        let same_file = in_dir && candidate == source_stem;
        if path.exists() && !same_file {
            let there = std::fs::read_to_string(&path).unwrap_or_default();
            if body_of(&there) == new_body
                && (import::is_pm_document(&there) || import::was_imported(&there))
            {
                taken.insert(candidate, path.clone());
                return Ok(Outcome::Unchanged(path));
            }
            continue;
        }
        taken.insert(candidate.clone(), path.clone());
        let renamed = (candidate != source_stem).then(|| format!("{source_stem} -> {candidate}"));
        if !dry_run {
            let shown = project.display(&path);
            if same_file {
                let old = std::fs::read(source).map_err(|e| Error::io(source, e))?;
                crate::store::replace_if_unchanged(&path, &shown, &old, text.as_bytes())?;
            } else {
                if !crate::store::write_new(&path, &shown, text.as_bytes())? {
                    continue;
                }
                if in_dir {
                    // Imported in place: the new name replaces the old file.
                    std::fs::remove_file(source).map_err(|e| Error::io(source, e))?;
                }
            }
        }
        return Ok(Outcome::Written { to: path, renamed });
    }
    Err(Error::user(format!(
        "no free name for `{id}` in {}",
        project.display(dir)
    )))
}

fn describe(
    out: &mut Vec<u8>,
    project: &Project,
    shown: &str,
    outcome: &Outcome,
    found: &Import,
    dry_run: bool,
) -> Result<()> {
    let (to, renamed) = match outcome {
        Outcome::Written { to, renamed } => (to, renamed.as_deref()),
        Outcome::Unchanged(to) => {
            writeln!(
                out,
                "{shown}: already imported as {}; left as it is",
                project.display(to)
            )?;
            return Ok(());
        }
    };
    let verb = if dry_run { "would write" } else { "wrote" };
    writeln!(out, "{shown}: {verb} {}", project.display(to))?;
    if let Some(r) = renamed {
        writeln!(out, "  id: {r}")?;
    }
    let zone = found
        .zone
        .as_ref()
        .map(|z| z.value)
        .unwrap_or(project.config.timezone);
    let mut said =
        |name: &str, value: String, from: &str| writeln!(out, "  {name}: {value} (from {from})");
    if let Some(t) = &found.title {
        said("title", t.value.clone(), &t.from)?;
    }
    if let Some(s) = &found.severity {
        said("severity", s.value.clone(), &s.from)?;
    }
    if let Some(z) = &found.zone {
        said("time zone", z.value.name().to_string(), &z.from)?;
    }
    if let Some(s) = &found.started {
        let value = match s.value {
            When::At(t) => crate::time::format_local(t, zone),
            When::Day(d) => format!("{d} (the day only)"),
        };
        said("started_at", value, &s.from)?;
    }
    if let Some(d) = &found.detected {
        said(
            "detected_at",
            crate::time::format_local(d.value, zone),
            &d.from,
        )?;
    }
    if let Some(r) = &found.resolved {
        said(
            "resolved_at",
            crate::time::format_local(r.value, zone),
            &r.from,
        )?;
    }
    if !found.authors.is_empty() {
        writeln!(out, "  authors: {}", found.authors.join(", "))?;
    }
    if !found.responders.is_empty() {
        writeln!(
            out,
            "  responders: {} (pm has no field for them; they stay in the body)",
            found.responders.join(", ")
        )?;
    }
    if !found.items.is_empty() {
        let done = found
            .items
            .iter()
            .filter(|i| i.status == ItemStatus::Done)
            .count();
        let owned = found.items.iter().filter(|i| i.owner.is_some()).count();
        let lines: Vec<String> = found.items.iter().map(|i| i.line.to_string()).collect();
        writeln!(
            out,
            "  remediation: {} ({done} done, {owned} with an owner; lines {})",
            plural(found.items.len(), "item"),
            lines.join(", ")
        )?;
    }
    let missing = found.missing();
    if !missing.is_empty() {
        writeln!(out, "  not found: {}", missing.join(", "))?;
    }
    for note in &found.notes {
        writeln!(out, "  note: {note}")?;
    }
    Ok(())
}

fn summary(ctx: &mut Context, counts: &Counts, advice: &Advice, dry_run: bool) -> Result<()> {
    let err = &mut ctx.out.stderr;
    let verb = if dry_run { "would import" } else { "imported" };
    writeln!(
        err,
        "{verb} {} ({} renamed, {} found), {} already imported, {} already pm documents",
        plural(counts.written, "document"),
        counts.renamed,
        plural(counts.items, "remediation item"),
        counts.unchanged,
        counts.already
    )?;
    if let Some((name, n)) = advice.preset() {
        writeln!(
            err,
            "hint: {} of {} follow the {name} template: `pm init --template-preset {name}` adds its `sections:` to pm.yaml (and writes its template for `pm new` when there is none)",
            n,
            plural(advice.documents, "imported document"),
        )?;
    }
    if !advice.is_empty() {
        writeln!(
            err,
            "hint: the imported documents use their own section headings; for `pm check` to accept them, add to pm.yaml:\n{}",
            advice.yaml().trim_end()
        )?;
    }
    if counts.written > 0 && !dry_run {
        writeln!(err, "next: fill in what was not found, then run `pm check`")?;
    }
    Ok(())
}
