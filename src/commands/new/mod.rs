//! `pm new`: scaffold a postmortem draft. The front matter comes from flags (or prompts on
//! a terminal), the body from the template; the file is written atomically and never
//! overwrites another.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, SubsecRound, Utc};
use chrono_tz::Tz;

use crate::commands::{Status, common};
use crate::config::Config;
use crate::context::{Context, Project};
use crate::diagnostic::did_you_mean;
use crate::document;
use crate::error::{Error, Result};
use crate::time;

mod prompts;
mod render;
mod template;

use prompts::{ask_authors, ask_severity, ask_started_at, ask_title};
use template::load_template;

/// Start a postmortem: write a draft from the template, ready to fill in.
///
/// Writes `<postmortems_dir>/YYYY-MM-DD-<slug>.md` (the date is the day the incident
/// started, in the repository time zone; the slug comes from the title), with the front
/// matter filled in from the flags and the body from the template, and prints its path.
/// On a terminal pm asks for the title, severity, start and authors not given as flags;
/// without a terminal, or with --no-input, it never asks and TITLE and --severity are
/// required. Times are RFC 3339 (`2026-03-14T09:12:00Z`), a wall-clock time read in the
/// repository time zone (`"2026-03-14 09:12"`, `09:12` for today, `"yesterday 23:40"`),
/// an offset from now (`-2h`, `-45m`), or `now`; pm says which time a relative one was
/// read as. pm never overwrites a file.
///
/// Examples:
///   pm new                                  asks for what it needs
///   pm new "Checkout API returned 503s" --severity SEV2 --started-at "2026-03-14 09:12"
///   pm new Login outage -s SEV1 --started-at -2h --service auth --channel "#ops" --branch
///   pm new "Disk full on db-3" --severity SEV3 --no-input --edit
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What happened, in a few words; the file name comes from it (quotes optional)
    #[arg(value_name = "TITLE")]
    pub title: Vec<String>,

    /// One of the severities configured in pm.yaml (default: SEV1..SEV4)
    #[arg(short, long, value_name = "SEV")]
    pub severity: Option<String>,

    #[command(flatten)]
    pub fields: Box<FieldArgs>,

    /// A template: NAME for <templates_dir>/NAME.md, or a file path [default: postmortem]
    #[arg(long, value_name = "NAME|PATH")]
    pub template: Option<String>,

    /// Never prompt, even on a terminal
    #[arg(long)]
    pub no_input: bool,

    /// Create and check out the branch postmortem/<id> and commit the draft on it (from a
    /// branch, not a detached HEAD, with nothing staged; a warning when that branch is not
    /// the default one)
    #[arg(long)]
    pub branch: bool,

    /// Open the draft in $VISUAL or $EDITOR once written
    #[arg(long)]
    pub edit: bool,
}

// The optional front-matter fields, boxed to keep the `Command` enum small.
#[derive(Debug, clap::Args)]
pub struct FieldArgs {
    /// When the outage started: RFC 3339, `YYYY-MM-DD HH:MM`, `HH:MM` (today),
    /// `yesterday HH:MM` or `-2h` (ago), in the repository time zone [default: now]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub started_at: Option<String>,

    /// When it was detected
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub detected_at: Option<String>,

    /// When someone started working on it
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub acknowledged_at: Option<String>,

    /// When the impact stopped or was worked around
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub mitigated_at: Option<String>,

    /// When customers were told
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub customers_notified_at: Option<String>,

    /// When it ended
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub resolved_at: Option<String>,

    /// When the postmortem meeting is
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub meeting_at: Option<String>,

    /// What kind of event: one of pm.yaml's `types` (default: incident; also near-miss,
    /// gameday, maintenance, security)
    #[arg(long = "type", value_name = "TYPE")]
    pub incident_type: Option<String>,

    /// A service touched (repeat, or separate with commas)
    #[arg(long = "service", value_name = "NAME", value_delimiter = ',')]
    pub services: Vec<String>,

    /// A tag (repeat, or separate with commas)
    #[arg(long = "tag", value_name = "TAG", value_delimiter = ',')]
    pub tags: Vec<String>,

    /// A chat channel of the incident; quote it in the shell: --channel "#ops" (repeatable)
    #[arg(long = "channel", value_name = "CHANNEL", value_delimiter = ',')]
    pub channels: Vec<String>,

    /// An author (repeatable) [default: git's user.name]
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,

    /// Who facilitates the postmortem meeting
    #[arg(long, value_name = "NAME")]
    pub facilitator: Option<String>,

    /// A graph, dashboard or image: --link "Error rate=https://grafana.example.com/d/1" (repeatable)
    #[arg(long = "link", value_name = "TITLE=URL")]
    pub links: Vec<String>,
}

/// Everything that goes into the front matter.
#[derive(Debug, Default)]
struct Draft {
    title: String,
    severity: String,
    started_at: Option<DateTime<Utc>>,
    detected_at: Option<DateTime<Utc>>,
    acknowledged_at: Option<DateTime<Utc>>,
    mitigated_at: Option<DateTime<Utc>>,
    customers_notified_at: Option<DateTime<Utc>>,
    /// `type:`, written only when given.
    incident_type: Option<String>,
    resolved_at: Option<DateTime<Utc>>,
    meeting_at: Option<DateTime<Utc>>,
    services: Vec<String>,
    tags: Vec<String>,
    authors: Vec<String>,
    facilitator: Option<String>,
    channels: Vec<String>,
    links: Vec<(String, String)>,
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let tz = project.config.timezone;
    let now = ctx.now.trunc_subsecs(0);

    // Everything that can be checked without asking is checked before asking anything.
    let title = match args.title.is_empty() {
        true => None,
        false => {
            let title = clean(&args.title.join(" "));
            if title.is_empty() {
                return Err(Error::usage("TITLE is empty").with_hint(
                    "say what happened in a few words, e.g. \"Checkout API returned 503s\"",
                ));
            }
            Some(title)
        }
    };
    let severity = args
        .severity
        .as_deref()
        .map(|s| resolve_severity(s, &project.config))
        .transpose()?;
    let stderr = &mut ctx.out.stderr;
    let mut time = |flag: &str, text: &Option<String>| -> Result<Option<DateTime<Utc>>> {
        text.as_deref()
            .map(|t| common::time_flag(flag, t, now, tz, stderr))
            .transpose()
    };
    let mut draft = Draft {
        started_at: time("started-at", &args.fields.started_at)?,
        detected_at: time("detected-at", &args.fields.detected_at)?,
        acknowledged_at: time("acknowledged-at", &args.fields.acknowledged_at)?,
        mitigated_at: time("mitigated-at", &args.fields.mitigated_at)?,
        incident_type: args
            .fields
            .incident_type
            .as_deref()
            .map(|t| common::resolve_types(&[t.to_string()], &project))
            .transpose()?
            .and_then(|mut t| t.pop()),
        customers_notified_at: time("customers-notified-at", &args.fields.customers_notified_at)?,
        resolved_at: time("resolved-at", &args.fields.resolved_at)?,
        meeting_at: time("meeting-at", &args.fields.meeting_at)?,
        services: clean_list(&args.fields.services),
        tags: clean_list(&args.fields.tags),
        channels: clean_list(&args.fields.channels),
        authors: clean_list(&args.fields.authors),
        facilitator: args
            .fields
            .facilitator
            .as_deref()
            .map(clean)
            .filter(|f| !f.is_empty()),
        links: args
            .fields
            .links
            .iter()
            .map(|l| parse_link(l))
            .collect::<Result<_>>()?,
        ..Draft::default()
    };
    if let Some(started) = draft.started_at {
        check_order(&draft, started, "--started-at", tz).map_err(order_error)?;
    }
    let template = load_template(args.template.as_deref(), &project, &ctx.cwd)?;
    let editor = if args.edit { Some(editor()?) } else { None };
    let git_root = if args.branch {
        match crate::repo::work_tree_root(&project.root) {
            Some(root) => Some(root),
            None => {
                return Err(Error::usage(format!(
                    "--branch needs a git repository, and {} is not inside one",
                    project.root.display()
                ))
                .with_hint("run `git init` (or `pm init`) first, or drop --branch"));
            }
        }
    } else {
        None
    };
    if let Some(root) = &git_root {
        // Before asking or writing anything: a commit to branch from, not another
        // postmortem's branch, and an identity to commit with.
        crate::repo::check_can_branch(root)?;
    }

    let prompt = ctx.interactive && !args.no_input;
    if prompt {
        let theme: Box<dyn dialoguer::theme::Theme> = if ctx.out.color {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        } else {
            Box::new(dialoguer::theme::SimpleTheme)
        };
        draft.title = match title {
            Some(t) => t,
            None => ask_title(theme.as_ref())?,
        };
        draft.severity = match severity {
            Some(s) => s,
            None => ask_severity(theme.as_ref(), &project.config)?,
        };
        if draft.started_at.is_none() {
            draft.started_at = Some(ask_started_at(
                theme.as_ref(),
                &draft,
                now,
                tz,
                &mut ctx.out.stderr,
            )?);
        }
        if draft.authors.is_empty() {
            draft.authors = ask_authors(theme.as_ref(), &project.root)?;
        }
    } else {
        let mut missing = Vec::new();
        if title.is_none() {
            missing.push("TITLE");
        }
        if severity.is_none() {
            missing.push("--severity");
        }
        if !missing.is_empty() {
            return Err(missing_error(
                &missing,
                title.as_deref(),
                severity.as_deref(),
                &project.config,
                args.no_input,
                now,
            ));
        }
        draft.title = title.unwrap_or_default();
        draft.severity = severity.unwrap_or_default();
        if draft.started_at.is_none() {
            draft.started_at = Some(now);
            check_order(&draft, now, "--started-at", tz).map_err(|why| {
                order_error(why).with_hint(
                    "--started-at defaults to now: pass it with the time the outage started",
                )
            })?;
        }
        if draft.authors.is_empty() {
            draft.authors = crate::repo::user_name(&project.root).into_iter().collect();
        }
    }
    let started = draft.started_at.unwrap_or(now);
    if started > time::add_saturating(now, chrono::Duration::minutes(5)) {
        writeln!(
            ctx.out.stderr,
            "warning: the incident starts in the future ({}); check --started-at",
            time::format_local(started, tz)
        )?;
    }

    // Where the file goes, and whether that name is free.
    let dir = project.postmortems_dir();
    let slug = match document::slugify(&draft.title) {
        s if s.is_empty() => "incident".to_string(),
        s => s,
    };
    let id = format!("{}-{slug}", started.with_timezone(&tz).format("%Y-%m-%d"));
    let path = dir.join(format!("{id}.md"));
    refuse_taken(&project, &dir, &path, &id)?;
    let branch = format!("postmortem/{id}");
    if let Some(root) = &git_root {
        crate::repo::check_branch_free(root, &branch)?;
        if let Some(warning) = crate::repo::branch_warning(root, &branch) {
            writeln!(ctx.out.stderr, "warning: {warning}")?;
        }
    }
    for (_, url) in &draft.links {
        // Exactly what `pm check` will say of the link once the draft is written.
        match crate::lint::link_problem(url, &dir, &project.lint_setup()) {
            None => {}
            Some(crate::lint::LinkProblem::Missing { resolved }) => writeln!(
                ctx.out.stderr,
                "warning: --link `{url}`: {} does not exist yet; `pm check` reports it until the file is added",
                project.display(&resolved)
            )?,
            Some(problem @ crate::lint::LinkProblem::Outside) => {
                let finding = problem.diagnostic(url, &project.lint_setup());
                writeln!(
                    ctx.out.stderr,
                    "warning: --link: {}; `pm check` reports it as an error ({})",
                    finding.message, finding.rule
                )?;
                if let Some(hint) = finding.hint {
                    writeln!(ctx.out.stderr, "hint: {hint}")?;
                }
            }
        }
    }

    let text = render::render(&draft, tz, &template.text);
    write_new(&dir, &path, &text, &project)?;
    let shown = relative_to(&path, &ctx.cwd);

    // The path goes to stdout only once everything worked: a script that captures it
    // never gets the path of a draft that was removed again.
    if let Some(git_root) = git_root {
        let rel = match (path.canonicalize(), git_root.canonicalize()) {
            (Ok(p), Ok(r)) => p.strip_prefix(&r).map(Path::to_path_buf).ok(),
            _ => None,
        };
        let committed = match rel {
            Some(rel) => crate::repo::commit_on_new_branch(
                &git_root,
                &branch,
                &rel,
                &format!("Add postmortem draft: {}", draft.title),
            ),
            None => Err(Error::user(format!(
                "{} is not inside the git work tree {}",
                shown.display(),
                git_root.display()
            ))),
        };
        if let Err(e) = committed {
            // Leave nothing half done: without the branch, the draft goes too, so the same
            // command can simply be run again.
            let _ = std::fs::remove_file(&path);
            let message = format!("{}; the draft was not kept", e.message);
            return Err(Error { message, ..e });
        }
        print_written(ctx, &shown, &template.warnings)?;
        writeln!(
            ctx.out.stderr,
            "created branch {branch} with the draft committed on it\nnext: fill it in, run `pm check`, commit, then push for review: git push -u origin {branch}"
        )?;
    } else {
        print_written(ctx, &shown, &template.warnings)?;
        writeln!(
            ctx.out.stderr,
            "next: fill it in, run `pm check {}`, then open a pull request for review",
            shown.display()
        )?;
    }

    if let Some(editor) = editor {
        ctx.out.stdout.flush()?;
        run_editor(&editor, &path, &ctx.cwd, &shown)?;
    }
    Ok(Status::Ok)
}

/// The new file's path on stdout, then what there is to say about the template.
fn print_written(ctx: &mut Context, shown: &Path, template_warnings: &[String]) -> Result<()> {
    writeln!(ctx.out.stdout, "{}", shown.display())?;
    for warning in template_warnings {
        writeln!(ctx.out.stderr, "warning: {warning}")?;
    }
    Ok(())
}

/// Text from a flag or a prompt as one clean line: control characters and runs of
/// whitespace become one space.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{feff}' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn clean_list(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items.iter().map(|i| clean(i)) {
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The configured severity `given` names; case does not matter.
fn resolve_severity(given: &str, config: &Config) -> Result<String> {
    let given = given.trim();
    if let Some(name) = config.severity_names().find(|n| *n == given).or_else(|| {
        config
            .severity_names()
            .find(|n| n.eq_ignore_ascii_case(given))
    }) {
        return Ok(name.to_string());
    }
    let names: Vec<&str> = config.severity_names().collect();
    // `2` for `SEV2`: a number that ends exactly one severity's name.
    let by_number = || {
        let ends: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| {
                !given.is_empty()
                    && given.bytes().all(|b| b.is_ascii_digit())
                    && n.strip_suffix(given)
                        .is_some_and(|rest| !rest.ends_with(|c: char| c.is_ascii_digit()))
            })
            .collect();
        match ends.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    };
    let list = names.join(", ");
    let e = Error::usage(format!(
        "--severity `{given}` is not one of the configured severities: {list}"
    ));
    Err(
        match did_you_mean(given, names.iter().copied()).or_else(by_number) {
            Some(best) => e.with_hint(format!("did you mean `--severity {best}`?")),
            None => e.with_hint(format!(
                "pick one of {list} (configured under `severities` in pm.yaml)"
            )),
        },
    )
}

/// The timestamps in the order `pm check` wants, with `started` (named `started_name`)
/// as the start. The message says which two disagree.
fn check_order(
    draft: &Draft,
    started: DateTime<Utc>,
    started_name: &str,
    tz: Tz,
) -> std::result::Result<(), String> {
    let tz_free = |t: DateTime<Utc>| {
        t.with_timezone(&tz)
            .format("%Y-%m-%d %H:%M:%S %Z")
            .to_string()
    };
    // (later, its time, earlier, its time, whether they may not be equal)
    type Rule<'a> = (&'a str, DateTime<Utc>, String, DateTime<Utc>, bool);
    let mut rules: Vec<Rule<'_>> = Vec::new();
    let start = started_name.to_string();
    // started <= detected <= acknowledged <= mitigated <= resolved, each where given.
    let chain = [
        ("--detected-at", draft.detected_at),
        ("--acknowledged-at", draft.acknowledged_at),
        ("--mitigated-at", draft.mitigated_at),
        ("--resolved-at", draft.resolved_at),
    ];
    for (n, (name, t)) in chain.iter().enumerate() {
        let Some(t) = *t else { continue };
        rules.push((name, t, start.clone(), started, false));
        if let Some((earlier_name, Some(e))) = chain[..n].iter().rev().find(|(_, e)| e.is_some()) {
            rules.push((name, t, earlier_name.to_string(), *e, false));
        }
    }
    if let Some(t) = draft.customers_notified_at {
        rules.push(("--customers-notified-at", t, start.clone(), started, false));
    }
    if let Some(t) = draft.meeting_at {
        rules.push(("--meeting-at", t, start, started, true));
    }
    for (later_name, later, earlier_name, earlier, strict) in rules {
        if later < earlier || (strict && later == earlier) {
            return Err(format!(
                "{later_name} ({}) is {} {earlier_name} ({})",
                tz_free(later),
                if later == earlier {
                    "the same as"
                } else {
                    "before"
                },
                tz_free(earlier)
            ));
        }
    }
    Ok(())
}

fn order_error(why: String) -> Error {
    Error::usage(why).with_hint(
        "the order is started <= detected <= acknowledged <= mitigated <= resolved, customers notified after the start, and the meeting after the start; check the dates, times and offsets",
    )
}

/// `TITLE=URL`, split at the first `=` (urls often hold more of them).
fn parse_link(text: &str) -> Result<(String, String)> {
    let bad = |why: &str| {
        Error::usage(format!("--link `{text}`: {why}"))
            .with_hint("write --link \"TITLE=URL\", e.g. --link \"Checkout error rate=https://grafana.example.com/d/checkout\"")
    };
    let Some((title, url)) = text.split_once('=') else {
        return Err(bad("expected TITLE=URL"));
    };
    let (title, url) = (clean(title), clean(url));
    if title.is_empty() {
        return Err(bad("the title before `=` is empty"));
    }
    if url.is_empty() {
        return Err(bad("the url after `=` is empty"));
    }
    Ok((title, url))
}

/// The usage error when flags are missing and pm may not ask.
fn missing_error(
    missing: &[&str],
    title: Option<&str>,
    severity: Option<&str>,
    config: &Config,
    no_input: bool,
    now: DateTime<Utc>,
) -> Error {
    let names: Vec<&str> = config.severity_names().collect();
    let why = if no_input {
        "--no-input"
    } else {
        "no terminal to ask on"
    };
    let mut message = format!("missing: {} ({why})", missing.join(", "));
    if severity.is_none() {
        message.push_str(&format!("; the severities are {}", names.join(", ")));
    }
    let example_severity = severity
        .or_else(|| names.get(1).or(names.first()).copied())
        .unwrap_or("SEV2");
    let example_title = shell_quote(title.unwrap_or("Checkout API returned 503s"));
    // The example's start is now, the default, so copying it as is does no harm.
    Error::usage(message).with_hint(format!(
        "pm new {example_title} --severity {example_severity} --started-at \"{}\"   (the start, in {}; it defaults to now)",
        now.with_timezone(&config.timezone).format("%Y-%m-%d %H:%M"),
        config.timezone
    ))
}

/// `text` quoted for a POSIX shell (shlex: the quoting rules are subtle, `!`, `$` and
/// quotes inside a title among them; a title with a NUL byte cannot be typed at all).
fn shell_quote(text: &str) -> String {
    shlex::try_quote(text).map_or_else(|_| "TITLE".to_string(), |q| q.into_owned())
}

/// Stops when the file, or another postmortem with the same id, already exists.
fn refuse_taken(project: &Project, dir: &Path, path: &Path, id: &str) -> Result<()> {
    let taken = |other: &Path| {
        Error::user(format!(
            "{} already exists; pm never overwrites a postmortem",
            project.display(other)
        ))
        .with_hint(format!(
            "if it is this incident, edit that file; if not, give a more specific title (the file name `{id}` comes from the start date and the title)"
        ))
    };
    if path.exists() {
        return Err(taken(path));
    }
    if dir.is_dir()
        && let Ok(files) = document::find_files(dir)
        && let Some(other) = files.iter().find(|f| document::id_of(f) == id)
    {
        return Err(taken(other));
    }
    Ok(())
}

/// Writes `text` to `path` atomically under the repository's lock, refusing to replace a
/// file that appeared meanwhile.
fn write_new(dir: &Path, path: &Path, text: &str, project: &Project) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let shown = project.display(path);
    let _lock = crate::store::Lock::acquire(path)?;
    if crate::store::write_new(path, &shown, text.as_bytes())? {
        return Ok(());
    }
    Err(Error::user(format!(
        "{shown} already exists; pm never overwrites a postmortem"
    ))
    .with_hint("edit that file, or give a more specific title"))
}

/// `path` relative to `base` when they share more than the file system root.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let p = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let b = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    if let Ok(rel) = p.strip_prefix(&b) {
        return rel.to_path_buf();
    }
    let pc: Vec<Component<'_>> = p.components().collect();
    let bc: Vec<Component<'_>> = b.components().collect();
    let common = pc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return p;
    }
    let mut rel = PathBuf::new();
    for _ in common..bc.len() {
        rel.push("..");
    }
    for c in pc.iter().skip(common) {
        rel.push(c.as_os_str());
    }
    rel
}

/// `$VISUAL`, else `$EDITOR`.
fn editor() -> Result<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|e| !e.trim().is_empty())
        .ok_or_else(|| {
            Error::usage("--edit: neither $VISUAL nor $EDITOR is set")
                .with_hint("set one, e.g. `export EDITOR=vim` or `export VISUAL=\"code -w\"`, or drop --edit and open the file yourself")
        })
}

/// Runs the editor through the shell, so `code -w` and the like work.
fn run_editor(editor: &str, path: &Path, cwd: &Path, shown: &Path) -> Result<()> {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .current_dir(cwd)
        .status()
        .map_err(|e| {
            Error::user(format!(
                "cannot start the editor `{editor}`: {}",
                crate::error::describe_io(&e)
            ))
            .with_hint(format!(
                "the draft is saved: open {} yourself",
                shown.display()
            ))
        })?;
    if !status.success() {
        let how = match status.code() {
            Some(code) => format!("exited with status {code}"),
            None => "was stopped by a signal".to_string(),
        };
        return Err(
            Error::user(format!("the editor `{editor}` {how}")).with_hint(format!(
                "the draft is saved at {}; check $VISUAL/$EDITOR, or open it yourself",
                shown.display()
            )),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_subfolders() {
        assert_eq!(
            relative_to(Path::new("/x/repo/pm/a.md"), Path::new("/x/repo/docs")),
            PathBuf::from("../pm/a.md")
        );
        assert_eq!(
            relative_to(Path::new("/x/a.md"), Path::new("/y")),
            PathBuf::from("/x/a.md")
        );
    }
}
