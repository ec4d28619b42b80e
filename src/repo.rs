//! The one owner of git2: everything pm asks of git goes through here, and no other module
//! sees a git2 type.

use std::path::{Path, PathBuf};

use git2::{ErrorCode, IndexEntry, IndexTime, Repository, Signature};

use crate::error::{Error, Result};

fn git_error(what: &str, e: git2::Error) -> Error {
    Error::user(format!("{what}: {}", e.message()))
}

/// The root of the git work tree holding `start`, if any.
pub fn work_tree_root(start: &Path) -> Option<PathBuf> {
    let repo = Repository::discover(start).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

/// Runs `git init` in `dir`.
pub fn init(dir: &Path) -> Result<()> {
    Repository::init(dir).map_err(|e| git_error("cannot create a git repository", e))?;
    Ok(())
}

/// git's `user.name` as seen from `dir` (repository config, then global).
pub fn user_name(dir: &Path) -> Option<String> {
    let config = match Repository::discover(dir) {
        Ok(repo) => repo.config().ok()?,
        Err(_) => git2::Config::open_default().ok()?,
    };
    config
        .get_string("user.name")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

fn open(root: &Path) -> Result<Repository> {
    Repository::open(root).map_err(|e| git_error("cannot open the git repository", e))
}

/// The author and committer of a commit, as git works them out: `GIT_AUTHOR_NAME`,
/// `GIT_AUTHOR_EMAIL`, `GIT_COMMITTER_NAME`, `GIT_COMMITTER_EMAIL` (and the `_DATE`s)
/// win over `user.name` and `user.email`; `EMAIL` is the last resort for the address.
fn identity(repo: &Repository) -> Result<(Signature<'static>, Signature<'static>)> {
    let unknown = |e: git2::Error| {
        if e.code() == ErrorCode::NotFound {
            Error::user("git does not know who you are: `user.name` and `user.email` are not set")
                .with_hint("run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com` (or set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL), or drop --branch")
        } else {
            git_error("cannot work out who is committing", e)
        }
    };
    let author = repo.author_from_env().map_err(unknown)?;
    let committer = repo.committer_from_env().map_err(unknown)?;
    Ok((author, committer))
}

/// The commit HEAD points at, refusing what `pm new --branch` should not branch from: a
/// repository without commits (the branch would be the only one, with nothing to open a
/// pull request against) and another postmortem's branch (the drafts would stack).
fn branch_point(repo: &Repository) -> Result<git2::Commit<'_>> {
    let head = match repo.head() {
        Ok(head) => head,
        Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => {
            return Err(Error::user(
                "--branch needs a commit to branch from, and this repository has none yet",
            )
            .with_hint("commit the repository first (e.g. `git add -A && git commit -m \"Start the postmortem repository\"`), then run this command again"));
        }
        Err(e) => return Err(git_error("cannot read HEAD", e)),
    };
    if let Some(current) = head
        .name()
        .ok()
        .and_then(|n| n.strip_prefix("refs/heads/"))
        .filter(|n| n.starts_with("postmortem/"))
    {
        let main = ["main", "master"]
            .into_iter()
            .find(|b| repo.find_branch(b, git2::BranchType::Local).is_ok())
            .unwrap_or("main");
        return Err(Error::user(format!(
            "you are on the branch `{current}`: a new postmortem's branch would start from that draft"
        ))
        .with_hint(format!(
            "switch to the main branch first (`git switch {main}`), then run this command again"
        )));
    }
    head.peel_to_commit()
        .map_err(|e| git_error("cannot read HEAD", e))
}

fn refuse_existing(repo: &Repository, branch: &str) -> Result<()> {
    if repo.find_reference(&format!("refs/heads/{branch}")).is_ok() {
        return Err(Error::user(format!("branch `{branch}` already exists"))
            .with_hint("check it out with `git switch`, or delete it first"));
    }
    Ok(())
}

/// Whether `commit_on_new_branch` can work in the repository at `root`, checked before
/// anything is written: HEAD is a commit on a branch (not detached), not on a
/// `postmortem/` branch, nothing is staged (the user's next commit on the new branch would
/// take it along), and git knows who is committing.
pub fn check_can_branch(root: &Path) -> Result<()> {
    let repo = open(root)?;
    let parent = branch_point(&repo)?;
    let head = repo.head().map_err(|e| git_error("cannot read HEAD", e))?;
    if !head.is_branch() {
        let main = default_branch(&repo).map_or_else(|| "main".to_string(), |(name, _)| name);
        return Err(Error::user(format!(
            "HEAD is detached at {} ({}): the postmortem's branch would start from that commit, not from a branch",
            short_id(&parent),
            parent.summary().ok().flatten().unwrap_or("no message").trim()
        ))
        .with_hint(format!(
            "switch to the main branch first (`git switch {main}`), then run this command again; to work from this commit, give it a branch first (`git switch -c NAME`)"
        )));
    }
    staged_nothing(&repo, &parent)?;
    identity(&repo)?;
    Ok(())
}

/// A warning when `branch` would start from another branch than the default one (and
/// not at its commit): its pull request would carry that branch's commits too.
pub fn branch_warning(root: &Path, branch: &str) -> Option<String> {
    let repo = open(root).ok()?;
    let head = repo.head().ok()?;
    let current = head.shorthand().ok()?.to_string();
    let parent = head.peel_to_commit().ok()?;
    let (name, tip) = default_branch(&repo)?;
    (name != current && tip != parent.id()).then(|| format!(
        "you are on the branch `{current}`, not `{name}`: `{branch}` starts from `{current}` ({}), so its pull request also carries what `{current}` adds to `{name}`\nhint: to start from `{name}` instead: `git switch {name} && git branch -D {branch}`, then run this command again",
        short_id(&parent)
    ))
}

fn short_id(commit: &git2::Commit<'_>) -> String {
    commit.id().to_string().chars().take(7).collect()
}

/// The default branch and its commit: the one `origin/HEAD` names (as a local branch,
/// else the remote one), else `init.defaultBranch`, `main` or `master`, whichever exists.
fn default_branch(repo: &Repository) -> Option<(String, git2::Oid)> {
    let tip = |name: &str| {
        repo.revparse_single(name)
            .ok()
            .and_then(|o| o.peel_to_commit().ok())
            .map(|c| c.id())
    };
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_string("init.defaultBranch").ok());
    let remote = default_base(repo).filter(|b| b.starts_with("origin/"));
    let mut names: Vec<String> = Vec::new();
    if let Some(remote) = &remote {
        names.push(remote.trim_start_matches("origin/").to_string());
        names.push(remote.clone());
    }
    names.extend(configured);
    names.extend(["main".to_string(), "master".to_string()]);
    names.into_iter().find_map(|name| {
        let local = name.strip_prefix("origin/").unwrap_or(&name).to_string();
        tip(&name).map(|t| (local, t))
    })
}

/// Refuses when the index differs from HEAD: switched to the new branch, the staged
/// changes would go into the next commit there, inside the postmortem's pull request.
fn staged_nothing(repo: &Repository, head: &git2::Commit<'_>) -> Result<()> {
    let tree = head
        .tree()
        .map_err(|e| git_error("cannot read HEAD's tree", e))?;
    let diff = repo
        .diff_tree_to_index(Some(&tree), None, None)
        .map_err(|e| git_error("cannot compare the index with HEAD", e))?;
    let staged: Vec<String> = diff
        .deltas()
        .filter_map(|d| d.new_file().path().or(d.old_file().path()))
        .map(|p| p.display().to_string())
        .collect();
    let Some(first) = staged.first() else {
        return Ok(());
    };
    let shown = match staged.len() {
        1 => format!("`{first}` is staged"),
        n => format!("`{first}` and {} more files are staged", n - 1),
    };
    Err(Error::user(format!(
        "{shown}: on the postmortem's new branch it would go into your next commit, and into the postmortem's pull request"
    ))
    .with_hint(
        "commit it first, or put it aside with `git stash` (and `git stash pop` it later), then run this command again",
    ))
}

/// The git dir that `dir` (or its nearest existing parent) is inside, when it is git's own
/// folder rather than a work tree: a bare repository, or inside a work tree's `.git`.
pub fn inside_git_dir(dir: &Path) -> Option<PathBuf> {
    let existing = dir.ancestors().find(|d| d.is_dir())?;
    let repo = Repository::discover(existing).ok()?;
    let git_dir = repo.path().canonicalize().ok()?;
    let here = existing.canonicalize().ok()?;
    (repo.is_bare() || here.starts_with(&git_dir)).then_some(git_dir)
}

/// Refuses when the branch `branch` exists already.
pub fn check_branch_free(root: &Path, branch: &str) -> Result<()> {
    refuse_existing(&open(root)?, branch)
}

/// Creates branch `branch` at HEAD, checks it out, and commits the file `rel` (relative to
/// the work tree at `root`) on it with the user's git identity. Only that file goes into
/// the commit, whatever else is staged.
pub fn commit_on_new_branch(
    root: &Path,
    branch: &str,
    rel: &Path,
    message: &str,
) -> Result<String> {
    let repo = open(root)?;
    let (author, committer) = identity(&repo)?;
    refuse_existing(&repo, branch)?;
    let refname = format!("refs/heads/{branch}");
    let parent = branch_point(&repo)?;
    let mut index = git2::Index::new().map_err(|e| git_error("cannot build the commit", e))?;
    let tree = parent
        .tree()
        .map_err(|e| git_error("cannot read HEAD's tree", e))?;
    index
        .read_tree(&tree)
        .map_err(|e| git_error("cannot read HEAD's tree", e))?;
    let content = std::fs::read(root.join(rel)).map_err(|e| Error::io(&root.join(rel), e))?;
    let path_bytes = rel
        .to_str()
        .ok_or_else(|| Error::user("the postmortem's path is not valid UTF-8"))?
        .replace('\\', "/")
        .into_bytes();
    // An in-memory index has no repository to write blobs to: write the blob first.
    let blob = repo
        .blob(&content)
        .map_err(|e| git_error("cannot add the postmortem", e))?;
    let entry = IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: content.len() as u32,
        id: blob,
        flags: 0,
        flags_extended: 0,
        path: path_bytes,
    };
    index
        .add(&entry)
        .map_err(|e| git_error("cannot add the postmortem", e))?;
    let tree_id = index
        .write_tree_to(&repo)
        .map_err(|e| git_error("cannot write the tree", e))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(|e| git_error("cannot write the tree", e))?;
    // Point HEAD at the new branch first, then commit on it.
    repo.set_head(&refname)
        .map_err(|e| git_error("cannot switch branches", e))?;
    let oid = repo
        .commit(
            Some("HEAD"),
            &author,
            &committer,
            message,
            &tree,
            &[&parent],
        )
        .map_err(|e| git_error("cannot commit", e))?;
    // Stage the file in the real index too, so `git status` agrees with the commit.
    if let Ok(mut real) = repo.index()
        && real.add_path(rel).is_ok()
    {
        let _ = real.write();
    }
    Ok(oid.to_string())
}

/// What a branch changed since its merge base with a base revision: for `pm check
/// --changed`.
#[derive(Debug, Default)]
pub struct Changes {
    /// The base as given or found (`origin/main`), and the merge base's short id.
    pub base: String,
    pub merge_base: String,
    /// Files added or modified (committed, staged, in the work tree, or untracked), as
    /// absolute paths, with the lines (1-based, of the new version) that changed.
    pub files: Vec<(PathBuf, Vec<u32>)>,
}

/// The base `pm check --changed` compares with when none is given: the remote's default
/// branch (`origin/HEAD`), else `main`, else `origin/main`, else `master`.
fn default_base(repo: &Repository) -> Option<String> {
    if let Ok(r) = repo.find_reference("refs/remotes/origin/HEAD")
        && let Ok(Some(target)) = r.symbolic_target()
    {
        return Some(
            target
                .strip_prefix("refs/remotes/")
                .unwrap_or(target)
                .to_string(),
        );
    }
    ["main", "origin/main", "master", "origin/master"]
        .into_iter()
        .find(|name| repo.revparse_single(name).is_ok())
        .map(str::to_string)
}

fn shallow_hint(base: &str) -> String {
    let branch = base.strip_prefix("origin/").unwrap_or(base);
    format!(
        "fetch the base, e.g. `git fetch --deepen=200 origin {branch}` (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`), or give another with --base REV"
    )
}

/// Files and lines changed since the merge base of HEAD and `base` (default:
/// `default_base`), the work tree included.
pub fn changes_since(start: &Path, base: Option<&str>) -> Result<Changes> {
    let repo = Repository::discover(start).map_err(|_| {
        Error::user("--changed needs a git repository, and this folder is not in one")
            .with_hint("run pm inside the repository's work tree, or check the files by path")
    })?;
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        return Err(Error::user(
            "--changed needs a work tree; this is a bare repository",
        ));
    };
    let shallow = repo.is_shallow();
    let base = match base {
        Some(b) => b.to_string(),
        None => default_base(&repo).ok_or_else(|| {
            let e = Error::user(
                "--changed found no base to compare with: no `origin/HEAD`, `main` or `master`",
            );
            if shallow {
                e.with_hint(shallow_hint("main"))
            } else {
                e.with_hint("give one with --base REV, e.g. --base origin/main")
            }
        })?,
    };
    let base_commit = repo
        .revparse_single(&base)
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| {
            if shallow {
                Error::user(format!(
                    "the base `{base}` is not in this clone, which is shallow"
                ))
                .with_hint(shallow_hint(&base))
            } else {
                Error::user(format!("no revision `{base}` in this repository"))
                    .with_hint("give a branch, tag or commit with --base REV, e.g. --base origin/main; `git branch -a` lists the branches")
            }
        })?;
    let head = match repo.head().and_then(|h| h.peel_to_commit()) {
        Ok(c) => c,
        Err(e) => return Err(git_error("cannot read HEAD", e)),
    };
    let merge_base = repo.merge_base(base_commit.id(), head.id()).map_err(|_| {
        if shallow {
            Error::user(format!(
                "the history of this shallow clone does not reach the merge base with `{base}`"
            ))
            .with_hint(shallow_hint(&base))
        } else {
            Error::user(format!("HEAD and `{base}` have no common history"))
                .with_hint("give the branch this one started from with --base REV")
        }
    })?;
    let tree = repo
        .find_commit(merge_base)
        .and_then(|c| c.tree())
        .map_err(|e| git_error("cannot read the merge base", e))?;
    let mut opts = git2::DiffOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .show_untracked_content(true)
        .context_lines(0);
    let diff = repo
        .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut opts))
        .map_err(|e| git_error("cannot compare with the merge base", e))?;
    let mut files: Vec<(PathBuf, Vec<u32>)> = Vec::new();
    let mut lines: Vec<(PathBuf, u32)> = Vec::new();
    diff.foreach(
        &mut |delta, _| {
            use git2::Delta;
            if matches!(
                delta.status(),
                Delta::Added
                    | Delta::Modified
                    | Delta::Renamed
                    | Delta::Copied
                    | Delta::Untracked
                    | Delta::Typechange
            ) && let Some(p) = delta.new_file().path()
            {
                files.push((workdir.join(p), Vec::new()));
            }
            true
        },
        None,
        None,
        Some(&mut |delta, _hunk, line| {
            if let (Some(p), Some(n)) = (delta.new_file().path(), line.new_lineno())
                && line.origin() == '+'
            {
                lines.push((workdir.join(p), n));
            }
            true
        }),
    )
    .map_err(|e| git_error("cannot compare with the merge base", e))?;
    for (path, n) in lines {
        if let Some(entry) = files.iter_mut().find(|(f, _)| *f == path) {
            entry.1.push(n);
        }
    }
    let short = merge_base.to_string().chars().take(7).collect();
    Ok(Changes {
        base,
        merge_base: short,
        files,
    })
}
