//! `pm init`: make a folder a postmortem repository. Creates what is missing, never
//! touches what exists, and says which is which.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::Status;
use crate::config::{self, Config};
use crate::context::Context;
use crate::document::presets;
use crate::error::{Error, Result};
use crate::output::diagnostics::Renderer;
use crate::parse::Source;

/// Make a folder a postmortem repository.
///
/// Writes `pm.yaml` (every setting with its default), the `postmortems/` folder and the
/// template `templates/postmortem.md`, and runs `git init` when the folder is not inside
/// a git work tree. Safe to run again: it never overwrites a file, and prints one line per
/// item saying whether it was created or left as is. DIR is created when missing.
///
/// `--template-preset NAME` starts from a common public template instead of pm's:
/// `google-sre` (Summary, Impact, Contributing factors (Google's Root Causes), Trigger,
/// Resolution, Detection, Action Items, Lessons Learned with What went well / What went
/// wrong / Where we got lucky, Timeline, Supporting information), `pagerduty` (Overview,
/// What Happened, Contributing Factors, Resolution, Impact, Responders, Timeline, How'd We
/// Do?, Action Items, Messaging) or `atlassian` (Incident summary, Leadup, Fault, Impact,
/// Detection, Response, Recovery, Timeline, Five whys, Contributing factors (Atlassian's
/// Root cause), Backlog check, Recurrence, Lessons learned, Corrective actions). It writes
/// that template, and the `sections:` that lets `pm check` find pm's sections under its
/// headings into pm.yaml (added to an existing pm.yaml that has none; a template already
/// there is left as is).
///
/// Examples:
///   pm init                 this folder
///   pm init incidents       a new folder `incidents`
///   pm init --template-preset google-sre
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The folder to set up [default: the current folder]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Also write a CI workflow that runs `pm check --changed` on pull requests:
    /// `github` writes .github/workflows/postmortems.yml (left as is if it exists)
    #[arg(long, value_enum, value_name = "CI")]
    pub ci: Option<Ci>,

    /// Start from a common template: google-sre, pagerduty or atlassian
    #[arg(long, value_name = "NAME",
          value_parser = clap::builder::PossibleValuesParser::new(["google-sre", "pagerduty", "atlassian"]))]
    pub template_preset: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    Github,
}

/// The GitHub Actions workflow `pm init --ci github` writes. pm is built once per version
/// and runner OS and the binary cached (`actions/cache` on ~/.cargo/bin/pm), so only the
/// first run of a version spends minutes in `cargo install`.
pub fn github_workflow(postmortems_dir: &str) -> String {
    let dir = postmortems_dir.trim_end_matches('/');
    let version = env!("CARGO_PKG_VERSION");
    format!(
        "# Written by `pm init --ci github`: checks the postmortems a pull request adds or changes,
# and shows every finding (blameless language included) as an annotation on its line.
name: postmortems
on:
  pull_request:
    paths:
      - \"{dir}/**\"
      - pm.yaml
permissions:
  contents: read
env:
  # The key of the cached pm binary: the first run builds pm (minutes) and later runs
  # restore it (seconds). Change it to build pm anew, e.g. to move to a newer pm.
  PM_VERSION: \"{version}\"
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # --changed compares with the merge base, which a shallow clone does not have.
          fetch-depth: 0
      - name: Cache pm
        id: pm-cache
        uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/pm
          key: pm-${{{{ runner.os }}}}-${{{{ env.PM_VERSION }}}}
      - name: Install pm
        if: steps.pm-cache.outputs.cache-hit != 'true'
        # Set the repository variable PM_GIT_URL to where pm's source lives (or replace
        # this step with however your team installs pm).
        run: cargo install --locked --git \"${{{{ vars.PM_GIT_URL }}}}\" pm
      - name: Check the changed postmortems
        run: pm check --changed --base \"origin/${{{{ github.base_ref }}}}\" --format github
"
    )
}

/// What happened to one item.
#[derive(Clone, Copy)]
enum Outcome {
    Created,
    Exists,
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let dir = match &args.dir {
        Some(d) => ctx.cwd.join(d),
        None => ctx.cwd.clone(),
    };
    crate::context::refuse_git_dir(&dir)?;
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(format!(
            "{} exists and is not a folder",
            dir.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;

    // pm.yaml first: an existing one decides where the other items go.
    let preset = args.template_preset.as_deref().and_then(presets::find);
    let config_path = dir.join(config::FILE_NAME);
    let mut fresh = config::default_file();
    if let Some(p) = preset {
        fresh.push_str(&p.yaml());
    }
    let config_outcome = create_file(&config_path, &fresh)?;
    let config = match config_outcome {
        Outcome::Created => Config::default(),
        Outcome::Exists => read_config(&config_path, ctx)?,
    };
    report(ctx, config_outcome, config::FILE_NAME)?;
    if let (Some(p), Outcome::Exists) = (preset, config_outcome) {
        add_sections(ctx, &config_path, p)?;
    }

    let postmortems = dir.join(&config.postmortems_dir);
    let shown = format!("{}/", config.postmortems_dir.trim_end_matches('/'));
    let outcome = if postmortems.is_dir() {
        Outcome::Exists
    } else {
        refuse_file(&postmortems)?;
        std::fs::create_dir_all(&postmortems).map_err(|e| Error::io(&postmortems, e))?;
        // git keeps no empty folders.
        create_file(&postmortems.join(".gitkeep"), "")?;
        Outcome::Created
    };
    report(ctx, outcome, &shown)?;

    let templates = dir.join(&config.templates_dir);
    let template = templates.join("postmortem.md");
    refuse_file(&templates)?;
    std::fs::create_dir_all(&templates).map_err(|e| Error::io(&templates, e))?;
    let text = preset.map_or(crate::commands::common::DEFAULT_TEMPLATE, |p| p.template);
    let outcome = create_file(&template, text)?;
    let shown = format!(
        "{}/postmortem.md",
        config.templates_dir.trim_end_matches('/')
    );
    if let (Some(p), Outcome::Exists) = (preset, outcome) {
        writeln!(
            ctx.out.stderr,
            "note: {shown} exists and was left as is, so it is not the {} template; move it away and run `pm init --template-preset {}` again to get that one",
            p.name, p.name
        )?;
    }
    report(ctx, outcome, &shown)?;

    match crate::repo::work_tree_root(&dir) {
        Some(root) => writeln!(
            ctx.out.stdout,
            "exists, left as is: git repository ({})",
            root.display()
        )?,
        None => {
            crate::repo::init(&dir)?;
            writeln!(ctx.out.stdout, "initialized git repository")?;
        }
    }

    if args.ci == Some(Ci::Github) {
        let workflows = dir.join(".github/workflows");
        refuse_file(&workflows)?;
        std::fs::create_dir_all(&workflows).map_err(|e| Error::io(&workflows, e))?;
        let outcome = create_file(
            &workflows.join("postmortems.yml"),
            &github_workflow(&config.postmortems_dir),
        )?;
        report(ctx, outcome, ".github/workflows/postmortems.yml")?;
    }

    ctx.out.stdout.flush()?;
    let cd = match &args.dir {
        Some(d) if dir != ctx.cwd => format!("cd {} && ", d.display()),
        _ => String::new(),
    };
    writeln!(
        ctx.out.stderr,
        "next: {cd}pm new \"What happened\" to start a postmortem, then `pm check`; settings are in pm.yaml"
    )?;
    Ok(Status::Ok)
}

fn report(ctx: &mut Context, outcome: Outcome, shown: &str) -> Result<()> {
    match outcome {
        Outcome::Created => writeln!(ctx.out.stdout, "created {shown}")?,
        Outcome::Exists => writeln!(ctx.out.stdout, "exists, left as is: {shown}")?,
    }
    Ok(())
}

/// Writes `content` to `path` unless something is already there.
fn create_file(path: &Path, content: &str) -> Result<Outcome> {
    let shown = path.display().to_string();
    Ok(
        match crate::store::write_new(path, &shown, content.as_bytes())? {
            true => Outcome::Created,
            false => Outcome::Exists,
        },
    )
}

/// A folder pm needs is taken by a file.
fn refuse_file(path: &Path) -> Result<()> {
    if path.exists() && !path.is_dir() {
        return Err(Error::user(format!(
            "{} is a file, but pm needs a folder there",
            path.display()
        ))
        .with_hint(
            "move the file away, or point pm.yaml (postmortems_dir, templates_dir) elsewhere",
        ));
    }
    Ok(())
}

/// Adds the preset's `sections:` to an existing pm.yaml that has none (atomically, unless
/// the file changed meanwhile); one that has its own is left as is, and the note says what
/// the preset's would be.
fn add_sections(ctx: &mut Context, path: &Path, preset: &presets::Preset) -> Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let has = matches!(
        serde_yaml::from_str::<serde_yaml::Value>(&text),
        Ok(serde_yaml::Value::Mapping(m)) if m.contains_key("sections")
    );
    if has {
        writeln!(
            ctx.out.stderr,
            "note: {} has `sections:` already and was left as is; the {} preset's are:\n{}",
            config::FILE_NAME,
            preset.name,
            preset.yaml()
        )?;
        return Ok(());
    }
    let mut new = text.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(&preset.yaml());
    crate::store::replace_if_unchanged(path, config::FILE_NAME, text.as_bytes(), new.as_bytes())?;
    writeln!(
        ctx.out.stdout,
        "added the {} preset's `sections:` to {}",
        preset.name,
        config::FILE_NAME
    )?;
    Ok(())
}

/// The existing pm.yaml, whose folders the other items follow. A broken one stops init.
fn read_config(path: &Path, ctx: &mut Context) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    match Config::parse(&text) {
        Ok(config) => Ok(config),
        Err(diagnostics) => {
            let source = Source::new(path.to_path_buf(), config::FILE_NAME.to_string(), text);
            let renderer = Renderer::new(ctx.out.color);
            for d in &diagnostics {
                renderer.render(&mut ctx.out.stderr, &source, d)?;
            }
            Err(Error::user(format!(
                "{} exists but has problems; pm init left it as is",
                config::FILE_NAME
            ))
            .with_hint(
                "fix pm.yaml (or delete it to get the default one back), then run pm init again",
            ))
        }
    }
}
