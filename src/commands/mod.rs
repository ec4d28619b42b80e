//! One file per subcommand: its arguments (whose doc comments are its `--help`) and `run`.

pub mod check;
pub mod completions;
pub mod import_logs;
pub mod index;
pub mod init;
pub mod list;
pub mod man;
pub mod new;
pub mod overdue;
pub mod remediation;
pub mod schema;
pub mod show;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cli::Command;
use crate::context::{Context, Project};
use crate::document::{self, Depth, Document, ReadError};
use crate::error::Result;

/// How a command ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exit 0.
    Ok,
    /// Exit 1: the command ran and found problems (errors in documents, a stale index).
    Findings,
    /// Exit 2: some input could not be read, after everything else was reported.
    Failed,
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Findings => 1,
            Status::Failed => 2,
        }
    }
}

pub fn run(command: Command, ctx: &mut Context) -> Result<Status> {
    match command {
        Command::Init(args) => init::run(args, ctx),
        Command::New(args) => new::run(args, ctx),
        Command::Check(args) => check::run(args, ctx),
        Command::List(args) => list::run(args, ctx),
        Command::Show(args) => show::run(args, ctx),
        Command::Overdue(args) => overdue::run(args, ctx),
        Command::Remediation(args) => remediation::run(args, ctx),
        Command::Index(args) => index::run(args, ctx),
        Command::ImportLogs(args) => import_logs::run(args, ctx),
        Command::Schema(args) => schema::run(args, ctx),
        Command::Completions(args) => completions::run(args, ctx),
        Command::Man(args) => man::run(args, ctx),
    }
}

/// Documents read from disk, and the files that could not be read at all.
pub struct Loaded {
    pub docs: Vec<Document>,
    /// (path as shown, why) for files that could not be opened or read.
    pub failures: Vec<(String, String)>,
}

/// Reads `files` in parallel, in the order given.
pub fn load(project: &Project, files: &[PathBuf], depth: Depth) -> Loaded {
    load_with(project, files, depth, |_| {})
}

/// Like `load`, running `inspect` on each document as soon as it is parsed, on the same
/// worker thread: checks run in parallel and can free what they no longer need.
pub fn load_with(
    project: &Project,
    files: &[PathBuf],
    depth: Depth,
    inspect: impl Fn(&mut Document) + Sync,
) -> Loaded {
    let schema = project.schema();
    let results: Vec<std::result::Result<Document, (String, String)>> = files
        .par_iter()
        .map(|path| {
            let display = project.display(path);
            let read = if depth == Depth::FrontMatter {
                document::read_front_matter(path, display.clone())
            } else {
                document::read_source(path, display.clone())
            };
            match read {
                Ok(source) => {
                    let mut doc = document::parse(source, &schema, depth);
                    // Listing needs only the front matter's values: keep memory flat over
                    // thousands of files by dropping the text of those with nothing to report.
                    if depth == Depth::FrontMatter && doc.diagnostics.is_empty() {
                        doc.source.release_text();
                    }
                    inspect(&mut doc);
                    Ok(doc)
                }
                Err(ReadError::NotText(source, diagnostic)) => {
                    let mut doc = Document {
                        id: document::id_of(path),
                        source,
                        front: Default::default(),
                        split: None,
                        sections: Vec::new(),
                        diagnostics: vec![diagnostic],
                        unreadable: true,
                    };
                    inspect(&mut doc);
                    Ok(doc)
                }
                Err(ReadError::Io(e)) => Err((display, crate::error::describe_io(&e))),
            }
        })
        .collect();
    let failures = results
        .iter()
        .filter_map(|r| r.as_ref().err().cloned())
        .collect();
    Loaded {
        // Collected in place, into the results' own allocation: over 10,000 files a second
        // vector of documents cost megabytes of fresh memory for the kernel to zero.
        docs: results.into_iter().filter_map(Result::ok).collect(),
        failures,
    }
}

/// Every postmortem file of the repository.
pub fn all_files(project: &Project) -> Result<Vec<PathBuf>> {
    let dir = project.postmortems_dir();
    if !dir.is_dir() {
        return Err(crate::error::Error::user(format!(
            "the postmortems folder `{}` does not exist",
            project.display(&dir)
        ))
        .with_hint("run `pm init`, or set `postmortems_dir` in pm.yaml"));
    }
    document::find_files(&dir).map_err(|e| crate::error::Error::io(&dir, e))
}

/// Finds a postmortem by id (file stem), by a unique id fragment, or by path (from the
/// current folder, or from the repository root as pm shows paths).
pub fn find_one(project: &Project, cwd: &Path, what: &str) -> Result<PathBuf> {
    use crate::error::Error;
    if what.ends_with(".md") {
        for as_path in [cwd.join(what), project.root.join(what)] {
            if as_path.is_file() {
                return Ok(as_path);
            }
        }
    }
    let files = all_files(project)?;
    let stem = |p: &PathBuf| document::id_of(p);
    let exact: Vec<&PathBuf> = files.iter().filter(|p| stem(p) == what).collect();
    let matches: Vec<&PathBuf> = match exact.as_slice() {
        [one] => return Ok((*one).clone()),
        [] => files.iter().filter(|p| stem(p).contains(what)).collect(),
        _ => exact,
    };
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::user(format!("no postmortem `{what}`"))
            .with_hint("`pm list` shows the ids; an id is the file name without `.md`")),
        many => {
            // At most a screenful of paths: `pm list` is the way to see them all.
            const SHOWN: usize = 10;
            let mut listed: Vec<String> = many
                .iter()
                .take(SHOWN)
                .map(|p| project.display(p))
                .collect();
            if many.len() > SHOWN {
                listed.push(format!("and {} more", many.len() - SHOWN));
            }
            // Ids used by more than one of the matching files.
            let mut ids: Vec<String> = many.iter().map(|p| stem(p)).collect();
            ids.sort();
            let mut duplicated: Vec<String> = ids
                .windows(2)
                .filter(|w| w[0] == w[1])
                .map(|w| format!("`{}`", w[0]))
                .collect();
            duplicated.dedup();
            let example = format!("`pm show {}`", project.display(many[0]));
            let one_id = ids.first() == ids.last();
            let hint = if one_id {
                format!(
                    "give a path instead, e.g. {example}; ids must be unique, and `pm check` reports this one as `duplicate-id`: rename one of the files"
                )
            } else if duplicated.is_empty() {
                format!("give more of the id, or a path, e.g. {example}")
            } else {
                format!(
                    "give more of the id, or a path, e.g. {example}; {} {} used by more than one file, which `pm check` reports as `duplicate-id`",
                    duplicated.join(", "),
                    if duplicated.len() == 1 { "is" } else { "are" }
                )
            };
            let (n, listed) = (many.len(), listed.join(", "));
            let message = match ids.first() {
                Some(id) if one_id && id == what => {
                    format!("the id `{id}` is used by {n} postmortems: {listed}")
                }
                Some(id) if one_id => {
                    format!("`{what}` matches {n} postmortems, which share the id `{id}`: {listed}")
                }
                _ => format!("`{what}` matches {n} postmortems: {listed}"),
            };
            Err(Error::user(message).with_hint(hint))
        }
    }
}
