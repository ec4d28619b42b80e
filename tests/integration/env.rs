//! The test environment: a temp dir with a real git repository (made with git2), an
//! isolated HOME and git config, a fixed clock, and no inherited `PM_*` variables.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// "Now" for every test: a Tuesday, so nothing depends on today's date.
pub const NOW: &str = "2026-11-24T12:00:00Z";

pub struct TestEnv {
    _tmp: TempDir,
    pub root: PathBuf,
    pub home: PathBuf,
}

impl TestEnv {
    /// An empty git repository with a `postmortems/` folder and no pm.yaml.
    pub fn new() -> TestEnv {
        let tmp = tempfile::Builder::new()
            .prefix("pm-test")
            .tempdir()
            .expect("temp dir");
        let root = tmp.path().join("repo");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(root.join("postmortems")).expect("mkdir");
        std::fs::create_dir_all(&home).expect("mkdir");
        std::fs::write(
            home.join(".gitconfig"),
            "[user]\n\tname = Test Person\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n",
        )
        .expect("gitconfig");
        git2::Repository::init(&root).expect("git init");
        TestEnv {
            _tmp: tmp,
            root,
            home,
        }
    }

    /// A folder that is not a git repository and has no pm.yaml.
    pub fn bare() -> TestEnv {
        let env = TestEnv::new();
        std::fs::remove_dir_all(env.root.join(".git")).expect("rm .git");
        std::fs::remove_dir_all(env.root.join("postmortems")).expect("rm postmortems");
        env
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, content).expect("write");
        path
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).expect("read")
    }

    /// Copies a fixture from `tests/fixtures/` into the repository at `rel`.
    pub fn fixture(&self, fixture: &str, rel: &str) -> PathBuf {
        let content = std::fs::read(fixture_path(fixture)).expect("fixture");
        self.write(rel, content)
    }

    /// Copies every file of the fixture folder `fixture` (under `tests/fixtures/`) into
    /// the folder `rel` of the repository.
    pub fn fixture_dir(&self, fixture: &str, rel: &str) {
        let dir = fixture_path(fixture);
        for entry in std::fs::read_dir(&dir).expect("fixture folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("name").to_string_lossy();
            self.write(
                &format!("{rel}/{name}"),
                std::fs::read(&path).expect("read fixture"),
            );
        }
    }

    /// `pm` with the isolated environment, run in the repository root.
    pub fn pm(&self) -> Command {
        Command::from_std(self.pm_std())
    }

    /// The same as `pm()`, as a plain `std::process::Command` (for a pseudo-terminal).
    pub fn pm_std(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("pm"));
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().into_owned();
            if key.starts_with("PM_")
                || key.starts_with("GIT_")
                || key == "VISUAL"
                || key == "EDITOR"
            {
                cmd.env_remove(&key);
            }
        }
        cmd.current_dir(&self.root)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("GIT_CONFIG_GLOBAL", self.home.join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PM_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100");
        cmd
    }
}

pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// stdout and stderr of a finished command, as text.
pub fn output(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("run pm");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A valid published postmortem whose fields can be overridden by replacing lines.
pub const VALID: &str = "---
title: Checkout API returned 503s
status: published
severity: SEV2
started_at: 2026-03-14T09:12:00Z
detected_at: 2026-03-14T09:19:00Z
resolved_at: 2026-03-14T10:05:00Z
services: [checkout-api]
tags: [config]
authors: [Ana Lima]
facilitator: Chris Hale
channels: [\"#ops\"]
remediation:
  - title: Page when the checkout 5xx rate exceeds 1% for 2 minutes
    owner: Ben Okafor
    ticket: OPS-1412
    due: 2026-04-14
---
# Checkout API returned 503s

## Summary
A config push made the checkout API return 503s for 53 minutes.

## Impact
About 12% of checkout attempts failed.

## Timeline
- 09:12 UTC config pushed

## Discussion
### Did we detect that something was wrong properly and fast enough?
Detection took seven minutes.

## Remediation items
See the front matter.
";

/// Commits `files` on the current branch with git2 and returns the commit id.
pub fn commit_files(repo: &git2::Repository, files: &[&str]) -> git2::Oid {
    let mut index = repo.index().unwrap();
    for f in files {
        index.add_path(std::path::Path::new(f)).unwrap();
    }
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Setup", "setup@example.com").unwrap();
    let parents: Vec<git2::Commit<'_>> = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .into_iter()
        .collect();
    let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, "setup", &tree, &parents)
        .unwrap()
}

/// `pm COMMAND ARGS...`, which must not panic: (exit code, stdout, stderr).
pub fn run(env: &TestEnv, command: &str, args: &[&str]) -> (i32, String, String) {
    let (code, stdout, stderr) = output(env.pm().arg(command).args(args));
    assert!(!stderr.contains("panicked"), "{stderr}");
    (code, stdout, stderr)
}

/// `pm COMMAND --format json ARGS...`, which must succeed: its document.
pub fn run_json(env: &TestEnv, command: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend(args);
    let (code, stdout, stderr) = run(env, command, &all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}
