//! The one owner of git2: everything pm asks of git goes through here, and no other module
//! sees a git2 type.

use std::path::{Path, PathBuf};

use git2::{IndexEntry, IndexTime, Repository};

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

/// Creates branch `branch` at HEAD, checks it out, and commits the file `rel` (relative to
/// the work tree at `root`) on it with the user's git identity. Only that file goes into
/// the commit, whatever else is staged.
pub fn commit_on_new_branch(
    root: &Path,
    branch: &str,
    rel: &Path,
    message: &str,
) -> Result<String> {
    let repo =
        Repository::open(root).map_err(|e| git_error("cannot open the git repository", e))?;
    let sig = repo.signature().map_err(|_| {
        Error::user("git does not know who you are: `user.name` and `user.email` are not set")
            .with_hint("run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`, or drop --branch")
    })?;
    let refname = format!("refs/heads/{branch}");
    if repo.find_reference(&refname).is_ok() {
        return Err(Error::user(format!("branch `{branch}` already exists"))
            .with_hint("check it out with `git switch`, or delete it first"));
    }
    let parent = match repo.head() {
        Ok(head) => Some(
            head.peel_to_commit()
                .map_err(|e| git_error("cannot read HEAD", e))?,
        ),
        Err(_) => None, // a repository without commits yet
    };
    let mut index = git2::Index::new().map_err(|e| git_error("cannot build the commit", e))?;
    if let Some(p) = &parent {
        let tree = p
            .tree()
            .map_err(|e| git_error("cannot read HEAD's tree", e))?;
        index
            .read_tree(&tree)
            .map_err(|e| git_error("cannot read HEAD's tree", e))?;
    }
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
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    // Point HEAD at the new branch first, then commit on it.
    repo.set_head(&refname)
        .map_err(|e| git_error("cannot switch branches", e))?;
    let oid = repo
        .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .map_err(|e| git_error("cannot commit", e))?;
    // Stage the file in the real index too, so `git status` agrees with the commit.
    if let Ok(mut real) = repo.index()
        && real.add_path(rel).is_ok()
    {
        let _ = real.write();
    }
    Ok(oid.to_string())
}
