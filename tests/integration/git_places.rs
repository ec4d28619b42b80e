//! Where pm writes in git (issue 11, §3): never into git's own folder (a bare repository,
//! a work tree's `.git`), and `pm new --branch` only from where a postmortem's branch
//! belongs: not a detached HEAD, not with staged changes, and with a warning from another
//! branch than the default one.

use std::path::Path;

use crate::env::{TestEnv, commit_files, output};

/// Everything under `dir`, as sorted paths relative to it.
fn listing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn init_and_new_in_a_bare_repository_are_refused_and_write_nothing() {
    let env = TestEnv::new();
    let bare = env.root.join("../shared.git");
    git2::Repository::init_bare(&bare).expect("git init --bare");
    let before = listing(&bare);
    for (args, dir) in [
        (&["init"][..], bare.clone()),
        (&["init", "postmortems"], bare.clone()),
        (
            &["new", "--no-input", "-s", "SEV2", "Checkout broke"],
            bare.clone(),
        ),
        (
            &["new", "--no-input", "-s", "SEV2", "Checkout broke"],
            bare.join("refs"),
        ),
    ] {
        let (code, stdout, stderr) = output(env.pm().current_dir(&dir).args(args));
        assert_eq!(
            code,
            1,
            "pm {args:?} in {}: {stdout}{stderr}",
            dir.display()
        );
        assert!(
            stderr.contains("is a bare git repository (no work tree): pm would write pm.yaml and its folders among git's own files")
                && stderr.contains("hint: clone it and run pm in the clone: `git clone "),
            "{stderr}"
        );
        assert_eq!(listing(&bare), before, "pm {args:?} wrote into the git dir");
    }
    // `-C` into it is the same.
    let (code, _, stderr) = output(env.pm().args(["-C", bare.to_str().unwrap(), "init"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(listing(&bare), before);

    // A work tree's own `.git` is refused too, naming the work tree.
    let git_dir = env.root.join(".git");
    let before = listing(&git_dir);
    let (code, _, stderr) = output(env.pm().current_dir(&git_dir).args(["init"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("is inside git's own folder") && stderr.contains("hint: run pm in "),
        "{stderr}"
    );
    assert_eq!(listing(&git_dir), before);
}

/// A repository with one commit on `main`; returns it and the commit.
fn committed() -> (TestEnv, git2::Oid) {
    let env = TestEnv::new();
    env.write("README.md", "the repository\n");
    let repo = git2::Repository::open(&env.root).unwrap();
    repo.set_head("refs/heads/main").unwrap();
    let base = commit_files(&repo, &["README.md"]);
    (env, base)
}

fn head_name(env: &TestEnv) -> String {
    let repo = git2::Repository::open(&env.root).unwrap();
    repo.head().unwrap().name().unwrap().to_string()
}

fn branches(env: &TestEnv) -> usize {
    let repo = git2::Repository::open(&env.root).unwrap();
    repo.branches(None).unwrap().count()
}

#[test]
fn new_branch_on_a_detached_head_is_refused_saying_where_it_would_start() {
    let (env, base) = committed();
    let repo = git2::Repository::open(&env.root).unwrap();
    repo.set_head_detached(base).unwrap();
    let (code, stdout, stderr) =
        output(
            env.pm()
                .args(["new", "Checkout broke", "-s", "SEV2", "--branch"]),
        );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    let short = &base.to_string()[..7];
    assert!(
        stderr.contains(&format!("error: HEAD is detached at {short} (setup): the postmortem's branch would start from that commit, not from a branch")),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: switch to the main branch first (`git switch main`)"),
        "{stderr}"
    );
    assert!(
        !env.path("postmortems/2026-11-24-checkout-broke.md")
            .exists()
    );
    assert_eq!(branches(&env), 1, "no branch made");
    assert_eq!(head_name(&env), "HEAD", "still detached");
}

#[test]
fn new_branch_with_staged_changes_is_refused() {
    let (env, _) = committed();
    env.write("notes.txt", "staged, not part of the postmortem\n");
    let repo = git2::Repository::open(&env.root).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("notes.txt")).unwrap();
    index.write().unwrap();
    let (code, stdout, stderr) =
        output(
            env.pm()
                .args(["new", "Checkout broke", "-s", "SEV2", "--branch"]),
        );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("error: `notes.txt` is staged: on the postmortem's new branch it would go into your next commit"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: commit it first, or put it aside with `git stash`"),
        "{stderr}"
    );
    assert!(
        !env.path("postmortems/2026-11-24-checkout-broke.md")
            .exists()
    );
    assert_eq!(head_name(&env), "refs/heads/main");
    assert_eq!(branches(&env), 1);

    // Stashed (here: unstaged again), the same command works; unstaged and untracked
    // files stay in the work tree and out of the commit.
    index.remove_path(Path::new("notes.txt")).unwrap();
    index.write().unwrap();
    let (code, _, stderr) =
        output(
            env.pm()
                .args(["new", "Checkout broke", "-s", "SEV2", "--branch"]),
        );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        head_name(&env),
        "refs/heads/postmortem/2026-11-24-checkout-broke"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn new_branch_from_another_branch_warns_where_it_starts_and_what_to_do() {
    let (env, base) = committed();
    let repo = git2::Repository::open(&env.root).unwrap();
    repo.branch("feature/cache", &repo.find_commit(base).unwrap(), false)
        .unwrap();
    repo.set_head("refs/heads/feature/cache").unwrap();
    // At main's commit still: nothing to warn about.
    let (code, _, stderr) = output(env.pm().args(["new", "First", "-s", "SEV2", "--branch"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");

    repo.set_head("refs/heads/feature/cache").unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    env.write("cache.txt", "work in progress\n");
    let ahead = commit_files(&repo, &["cache.txt"]);
    let (code, stdout, stderr) = output(env.pm().args(["new", "Second", "-s", "SEV2", "--branch"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "postmortems/2026-11-24-second.md\n");
    let short = &ahead.to_string()[..7];
    assert!(
        stderr.contains(&format!("warning: you are on the branch `feature/cache`, not `main`: `postmortem/2026-11-24-second` starts from `feature/cache` ({short}), so its pull request also carries what `feature/cache` adds to `main`")),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: to start from `main` instead: `git switch main && git branch -D postmortem/2026-11-24-second`, then run this command again"),
        "{stderr}"
    );
}
