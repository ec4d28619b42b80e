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
/// anything is written: HEAD is a commit, not on a `postmortem/` branch, and git knows
/// who is committing.
pub fn check_can_branch(root: &Path) -> Result<()> {
    let repo = open(root)?;
    branch_point(&repo)?;
    identity(&repo)?;
    Ok(())
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
