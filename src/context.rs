//! What every command gets: where it runs, the postmortem repository and its configuration,
//! the clock, the output handles, and whether it may prompt.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::output::diagnostics::Renderer;
use crate::output::plural;
use crate::parse::Source;

/// When diagnostics on stderr are coloured (`--color`); `Auto` asks the terminal and
/// honours `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Where output goes. Commands write through these handles, never `println!`.
pub struct Output {
    pub stdout: Box<dyn Write>,
    pub stderr: Box<dyn Write>,
    /// Colour for diagnostics on stderr.
    pub color: bool,
    /// Standard output is a terminal: tables are boxed and fit its width.
    pub terminal: bool,
}

/// The postmortem repository pm works on.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    /// `pm.yaml`, when the repository has one.
    pub config_file: Option<PathBuf>,
}

impl Project {
    pub fn postmortems_dir(&self) -> PathBuf {
        self.root.join(&self.config.postmortems_dir)
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.root.join(&self.config.templates_dir)
    }

    /// A path as shown to the user: relative to the repository root when inside it.
    pub fn display(&self, path: &Path) -> String {
        crate::document::display_path(&self.root, path)
    }

    /// What `lint` needs of the repository and its configuration.
    pub fn lint_setup(&self) -> crate::lint::Setup<'_> {
        crate::lint::Setup {
            root: &self.root,
            timezone: self.config.timezone,
            required_sections: &self.config.required_sections,
            section_names: &self.config.section_names,
            remediation_due_days: self.config.remediation_due_days,
            remediation_max_days: self.config.remediation_max_days,
            language: &self.config.lint,
            as_if_in_review: false,
            people: &self.config.people,
            meeting_within: self
                .config
                .meeting_configured
                .then_some(self.config.meeting.within),
            now: None,
            history_before: self.config.history_before,
        }
    }

    pub fn schema(&self) -> crate::document::Schema<'_> {
        crate::document::Schema {
            severities: self.config.severity_names().collect(),
            types: self.config.types.iter().map(String::as_str).collect(),
            timezone: self.config.timezone,
            item_headings: self.config.section_names.all("Remediation items").collect(),
        }
    }
}

/// A `pm.yaml` that does not parse: its text and every problem in it.
pub struct BrokenConfig {
    pub source: Source,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why there is no `Project`.
pub enum ProjectError {
    BrokenConfig(Box<BrokenConfig>),
    Other(Error),
}

pub struct Context {
    /// The folder pm runs in (after `-C`: the first one).
    pub cwd: PathBuf,
    /// Every `-C` folder, in order (the first is `cwd`): `pm stats` reads each as a
    /// repository; the other commands take at most one.
    pub directories: Vec<PathBuf>,
    /// "Now", from `PM_NOW` when set (tests), else the system clock.
    pub now: DateTime<Utc>,
    pub out: Output,
    /// Standard input and error are terminals, so pm may prompt.
    pub interactive: bool,
}

impl Context {
    /// Builds the context from the process environment.
    pub fn from_env(directories: Vec<PathBuf>, color: ColorChoice) -> Result<Context> {
        let cwd = std::env::current_dir()
            .map_err(|e| Error::usage(format!("cannot read the current folder: {e}")))?;
        let mut resolved = Vec::with_capacity(directories.len());
        for dir in directories {
            let dir = cwd.join(dir);
            if !dir.is_dir() {
                let what = if dir.exists() {
                    "not a folder"
                } else {
                    "no such folder"
                };
                return Err(Error::usage(format!("-C {}: {what}", dir.display())));
            }
            resolved.push(dir);
        }
        let cwd = resolved.first().cloned().unwrap_or(cwd);
        let now = match std::env::var("PM_NOW") {
            Ok(text) => crate::time::parse_timestamp(&text, chrono_tz::Tz::UTC).map_err(|why| {
                Error::usage(format!("PM_NOW: {why}"))
                    .with_hint("set PM_NOW to an RFC 3339 timestamp, or unset it")
            })?,
            Err(_) => Utc::now(),
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                !no_color
                    && io::stderr().is_terminal()
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        Ok(Context {
            cwd,
            directories: resolved,
            now,
            out: Output {
                stdout: Box::new(io::BufWriter::new(io::stdout())),
                stderr: Box::new(io::stderr()),
                color,
                terminal: io::stdout().is_terminal(),
            },
            interactive: io::stdin().is_terminal() && io::stderr().is_terminal(),
        })
    }

    /// Whether pm runs inside a postmortem repository (a `pm.yaml` above, or a git work tree).
    pub fn in_project(&self) -> bool {
        config::find_file(&self.cwd).is_some() || crate::repo::work_tree_root(&self.cwd).is_some()
    }

    /// Finds the postmortem repository: the nearest folder upward holding `pm.yaml`, else
    /// the git work tree's root. A broken `pm.yaml` is reported with positions.
    pub fn project(&mut self) -> Result<Project> {
        self.find_project().map_err(|e| self.explain(e))
    }

    /// The error for a missing repository; a broken `pm.yaml`'s problems are rendered on
    /// stderr first.
    pub fn explain(&mut self, e: ProjectError) -> Error {
        match e {
            ProjectError::Other(e) => e,
            ProjectError::BrokenConfig(broken) => {
                let renderer = Renderer::new(self.out.color);
                for d in &broken.diagnostics {
                    if let Err(e) = renderer.render(&mut self.out.stderr, &broken.source, d) {
                        return e.into();
                    }
                }
                let n = broken.diagnostics.len();
                Error::user(format!(
                    "{} has {}; fix {} first",
                    config::FILE_NAME,
                    plural(n, "problem"),
                    if n == 1 { "it" } else { "them" }
                ))
            }
        }
    }

    /// Like `project`, but a broken `pm.yaml` comes back with its problems unreported, for
    /// a command that reports them in its own format (`pm check --format json`).
    pub fn find_project(&self) -> std::result::Result<Project, ProjectError> {
        Context::find_project_at(&self.cwd)
    }

    /// The postmortem repository of `dir`, as `find_project` finds the one of `cwd`.
    pub fn find_project_at(dir: &Path) -> std::result::Result<Project, ProjectError> {
        refuse_git_dir(dir).map_err(ProjectError::Other)?;
        let (root, config_file) = match config::find_file(dir) {
            Some(file) => {
                let root = file.parent().map_or_else(PathBuf::new, Path::to_path_buf);
                (root, Some(file))
            }
            None => match crate::repo::work_tree_root(dir) {
                Some(root) => (root, None),
                None => {
                    return Err(ProjectError::Other(Error::user("not inside a postmortem repository: no pm.yaml here or above, and no git work tree")
                        .with_hint("run `pm init` to make this folder one, or pass `-C DIR`")));
                }
            },
        };
        let config = match &config_file {
            None => Config::default(),
            Some(file) => {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| ProjectError::Other(Error::io(file, e)))?;
                match Config::parse(&text) {
                    Ok(c) => c,
                    Err(diagnostics) => {
                        let source = Source::new(file.clone(), config::FILE_NAME.to_string(), text);
                        return Err(ProjectError::BrokenConfig(Box::new(BrokenConfig {
                            source,
                            diagnostics,
                        })));
                    }
                }
            }
        };
        Ok(Project {
            root,
            config,
            config_file,
        })
    }
}

/// Refuses a folder inside git's own folder (a bare repository, or a work tree's `.git`):
/// pm would put `pm.yaml` and `postmortems/` among git's files, where no checkout sees them.
pub fn refuse_git_dir(dir: &Path) -> Result<()> {
    let Some(git_dir) = crate::repo::inside_git_dir(dir) else {
        return Ok(());
    };
    let shown = git_dir.display();
    match crate::repo::work_tree_root(&git_dir) {
        Some(root) => Err(Error::user(format!(
            "{} is inside git's own folder {shown}: pm works in the work tree",
            dir.display()
        ))
        .with_hint(format!("run pm in {}", root.display()))),
        None => Err(Error::user(format!(
            "{shown} is a bare git repository (no work tree): pm would write pm.yaml and its folders among git's own files"
        ))
        .with_hint(format!(
            "clone it and run pm in the clone: `git clone {shown} postmortems && cd postmortems`; push from there"
        ))),
    }
}
