//! What pm promises when several writers meet, a pm is killed, or a file is not a plain
//! writable file (docs/safety.md): every test here reproduces a way pm lost or tore a
//! user's text before `src/store.rs`.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::env::{TestEnv, VALID, commit_files, output};

const DOC: &str = "postmortems/2026-03-14-checkout-503s.md";

fn add(env: &TestEnv, title: &str) -> std::process::Command {
    let mut cmd = env.pm_std();
    cmd.args([
        "remediation",
        "add",
        "checkout",
        "--title",
        title,
        "--owner",
        "Ana Lima",
    ]);
    cmd
}

fn spawn(mut cmd: std::process::Command) -> Child {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pm")
}

/// (exit code, stderr) of a finished child.
fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), stderr)
}

/// Waits until a pm run with `PM_TEST_PAUSE=STAGE=go` reaches STAGE.
fn wait_ready(go: &Path) {
    let mut ready = go.as_os_str().to_owned();
    ready.push(".ready");
    let ready = PathBuf::from(ready);
    let start = Instant::now();
    while !ready.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "pm never reached the pause"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn twenty_concurrent_adds_all_survive_three_rounds() {
    let env = TestEnv::new();
    env.write(DOC, VALID);
    let mut acknowledged = Vec::new();
    for round in 0..3 {
        let children: Vec<(String, Child)> = (0..20)
            .map(|i| {
                let title = format!("Concurrent item {round}-{i}");
                let child = spawn(add(&env, &title));
                (title, child)
            })
            .collect();
        for (title, child) in children {
            let (code, stderr) = finish(child);
            assert_eq!(code, 0, "{title}: {stderr}");
            acknowledged.push(title);
        }
    }
    let doc = env.read(DOC);
    let kept = acknowledged
        .iter()
        .filter(|t| doc.contains(t.as_str()))
        .count();
    assert_eq!(kept, 60, "{kept} of 60 acknowledged items are in the file");
    let (code, _, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn concurrent_done_and_index_lose_nothing() {
    let env = TestEnv::new();
    env.write(DOC, VALID);
    for i in 0..9 {
        let (code, stderr) = finish(spawn(add(&env, &format!("Item {i}"))));
        assert_eq!(code, 0, "{stderr}");
    }
    let mut children = Vec::new();
    for n in 1..=10 {
        let mut done = env.pm_std();
        done.args([
            "remediation",
            "done",
            "checkout",
            &n.to_string(),
            "--on",
            "2026-04-02",
        ]);
        children.push(spawn(done));
        let mut index = env.pm_std();
        index.arg("index");
        children.push(spawn(index));
    }
    for child in children {
        let (code, stderr) = finish(child);
        assert_eq!(code, 0, "{stderr}");
    }
    let doc = env.read(DOC);
    assert_eq!(
        doc.matches("status: done").count(),
        10,
        "every acknowledged `done` is in the file:\n{doc}"
    );
    let (code, _, stderr) = output(env.pm().args(["index", "--check"]));
    assert_eq!(code, 1, "the last index predates the last done: {stderr}");
}

#[test]
fn an_edit_made_by_another_program_meanwhile_is_not_overwritten() {
    let env = TestEnv::new();
    env.write(DOC, VALID);
    let go = env.root.join("../go-compare");
    let mut cmd = add(&env, "Written by pm");
    cmd.env("PM_TEST_PAUSE", format!("before-compare={}", go.display()));
    let child = spawn(cmd);
    wait_ready(&go);
    let edited = format!("{VALID}\nA line an editor saved.\n");
    std::fs::write(env.path(DOC), &edited).expect("edit");
    std::fs::write(&go, "").expect("go");
    let (code, stderr) = finish(child);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("changed while pm was working on it") && stderr.contains("nothing written"),
        "{stderr}"
    );
    assert_eq!(env.read(DOC), edited, "the editor's text stays");
}

#[test]
fn an_add_during_a_long_import_is_kept() {
    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        "chat:\n  sources:\n    - channel: \"#ops\"\n      format: irssi\n      path: logs/ops.log\n",
    );
    env.write(
        "logs/ops.log",
        "--- Log opened Sat Mar 14 08:00:00 2026\n09:13 < bea> seeing 503s on checkout\n10:00 < ann> reverted\n",
    );
    env.write(DOC, VALID);
    let go = env.root.join("../go-lock");
    let mut import = env.pm_std();
    import.args(["import-logs", "checkout"]);
    import.env("PM_TEST_PAUSE", format!("before-lock={}", go.display()));
    let import = spawn(import);
    wait_ready(&go);
    // The import has read the document and the logs; an add lands now.
    let (code, stderr) = finish(spawn(add(&env, "Added during the import")));
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(&go, "").expect("go");
    let (code, stderr) = finish(import);
    assert_eq!(
        code, 1,
        "the import sees the new item and refuses: {stderr}"
    );
    assert!(stderr.contains("run the command again"), "{stderr}");
    assert!(env.read(DOC).contains("Added during the import"));
    // Run again, it imports on top of the item.
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    let doc = env.read(DOC);
    assert!(doc.contains("Added during the import") && doc.contains("seeing 503s"));
}

#[test]
fn another_pm_holding_the_lock_is_waited_for_then_named() {
    let env = TestEnv::new();
    env.write(DOC, VALID);
    let go = env.root.join("../go-hold");
    let mut first = add(&env, "First");
    first.env("PM_TEST_PAUSE", format!("before-compare={}", go.display()));
    let first = spawn(first);
    wait_ready(&go);
    let mut second = add(&env, "Second");
    second.env("PM_LOCK_TIMEOUT", "0.3");
    let (code, stderr) = finish(spawn(second));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("another pm is writing in this repository (held by pm process"),
        "{stderr}"
    );
    std::fs::write(&go, "").expect("go");
    let (code, stderr) = finish(first);
    assert_eq!(code, 0, "{stderr}");
    let doc = env.read(DOC);
    assert!(doc.contains("First") && !doc.contains("Second"));
}

/// `git status` as git shows it to `git add -A`: untracked files included.
fn git_status(env: &TestEnv) -> String {
    let out = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all"])
        .current_dir(&env.root)
        .env("GIT_CONFIG_GLOBAL", env.home.join(".gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git status");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_pm_killed_mid_write_leaves_nothing_git_sees_and_the_next_write_cleans_up() {
    let env = TestEnv::new();
    env.write(DOC, VALID);
    let repo = git2::Repository::open(&env.root).expect("repo");
    commit_files(&repo, &[DOC]);
    for round in 0..5 {
        let go = env.root.join(format!("../go-kill-{round}"));
        let mut cmd = add(&env, "Killed before its rename");
        cmd.env("PM_TEST_PAUSE", format!("before-rename={}", go.display()));
        let mut child = spawn(cmd);
        wait_ready(&go);
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        assert_eq!(env.read(DOC), VALID, "the document is whole and unchanged");
        assert_eq!(git_status(&env), "", "git sees no leftover");
    }
    let leftovers = env.root.join(".git/pm-tmp");
    // Each killed write removed the one before it left; the last one's is there.
    assert_eq!(std::fs::read_dir(&leftovers).expect("pm-tmp").count(), 1);
    let (code, stderr) = finish(spawn(add(&env, "After the kills")));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_dir(&leftovers).expect("pm-tmp").count(),
        0,
        "the next write removed what the killed ones left"
    );
    assert_eq!(git_status(&env), format!(" M {DOC}\n"));
}

#[cfg(unix)]
#[test]
fn a_read_only_postmortem_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let path = env.write(DOC, VALID);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (code, stderr) = finish(spawn(add(&env, "Not written")));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("is read-only") && stderr.contains("chmod u+w"),
        "{stderr}"
    );
    assert_eq!(env.read(DOC), VALID);
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "still read-only, still the same file");
}

#[cfg(unix)]
#[test]
fn a_symlinked_postmortem_is_written_through_and_stays_a_link() {
    let env = TestEnv::new();
    let real = env.write("shared/checkout.md", VALID);
    std::os::unix::fs::symlink("../shared/checkout.md", env.path(DOC)).expect("symlink");
    let (code, stderr) = finish(spawn(add(&env, "Through the link")));
    assert_eq!(code, 0, "{stderr}");
    let meta = std::fs::symlink_metadata(env.path(DOC)).expect("meta");
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    let text = std::fs::read_to_string(&real).expect("read");
    assert!(
        text.contains("Through the link"),
        "the target got the change"
    );
}

#[test]
fn a_document_too_big_to_read_back_is_not_written() {
    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        "chat:\n  sources:\n    - channel: \"#ops\"\n      format: irssi\n      path: logs/ops.log\n",
    );
    let mut log = String::from("--- Log opened Sat Mar 14 09:00:00 2026\n");
    let filler = "x".repeat(400);
    for i in 0..45_000 {
        log.push_str(&format!(
            "09:{:02}:{:02} < bea> line {i} {filler}\n",
            12 + (i / 60) % 50,
            i % 60
        ));
    }
    env.write("logs/ops.log", &log);
    env.write(DOC, VALID);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("over the 16 MiB pm reads back") && stderr.contains("--only messages"),
        "{stderr}"
    );
    assert_eq!(env.read(DOC), VALID, "nothing written");
}
