//! Locked, atomic writes of the files pm keeps in a repository.
//!
//! What this module promises (docs/safety.md):
//! - one writer at a time per repository: [`Lock`] is an exclusive lock on `pm.lock` in
//!   the git dir (beside the folder when there is no git repository), taken with a
//!   bounded wait and held from the read of a document to the rename of its new version;
//! - a document changed by anyone else since pm read it is not overwritten
//!   ([`replace_if_unchanged`]);
//! - a reader or a crash never sees half a file: the new bytes go to a temporary file,
//!   are synced, then renamed over the old one. Temporary files live in the git dir
//!   (`pm-tmp/`), where `git add -A` never sees them; one left by a killed pm is removed
//!   by the next write;
//! - a read-only document is refused, as an editor would; a document that is a symbolic
//!   link is written through to its target, which stays a link.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long a pm waits for another pm's lock by default (`PM_LOCK_TIMEOUT`, in seconds,
/// changes it).
const LOCK_WAIT: Duration = Duration::from_secs(10);
const LOCK_FILE: &str = "pm.lock";
const TEMP_DIR: &str = "pm-tmp";

/// An exclusive lock on a repository's `pm.lock`, released when dropped (and by the
/// kernel when the process dies, so a killed pm never leaves a stale lock).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock of the repository that holds `near` (a file or a folder in it),
    /// waiting at most `PM_LOCK_TIMEOUT` seconds (10 by default) for another pm.
    pub fn acquire(near: &Path) -> Result<Lock> {
        let (dir, _) = state_dir(near);
        let path = dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let wait = std::env::var("PM_LOCK_TIMEOUT")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0 && *s < 86_400.0)
            .map(Duration::from_secs_f64)
            .unwrap_or(LOCK_WAIT);
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let holder = fs::read_to_string(&path).unwrap_or_default();
                    let holder = holder.trim();
                    let by = if holder.is_empty() {
                        String::new()
                    } else {
                        format!(" (held by {holder})")
                    };
                    return Err(Error::user(format!(
                        "another pm is writing in this repository{by}; waited {:.0} s for {}, nothing written",
                        wait.as_secs_f64(),
                        path.display()
                    ))
                    .with_hint(
                        "run the command again when the other pm has finished (a pm that died releases its lock at once)",
                    ));
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        // Who holds it, for the message another pm shows; the lock is what counts.
        let mut f = &file;
        let _ = f.set_len(0);
        let _ = writeln!(f, "pm process {}", std::process::id());
        Ok(Lock { _file: file })
    }
}

/// Where pm keeps its lock and temporary files for `near`: the git dir of the enclosing
/// repository, or the nearest existing folder when there is none. The flag says whether
/// it is a git dir (so git never shows what pm leaves there).
fn state_dir(near: &Path) -> (PathBuf, bool) {
    let start = absolute(near);
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let dot_git = d.join(".git");
        if dot_git.is_dir() {
            return (dot_git, true);
        }
        if dot_git.is_file()
            && let Some(gitdir) = linked_git_dir(&dot_git)
        {
            return (gitdir, true);
        }
        dir = d.parent();
    }
    let mut folder = if start.is_dir() {
        start.clone()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    while !folder.is_dir() {
        match folder.parent() {
            Some(p) => folder = p.to_path_buf(),
            None => break,
        }
    }
    (folder, false)
}

/// The git dir a `.git` file points at (worktrees and submodules: `gitdir: PATH`).
fn linked_git_dir(dot_git: &Path) -> Option<PathBuf> {
    let text = fs::read_to_string(dot_git).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    let target = Path::new(target);
    let full = if target.is_absolute() {
        target.to_path_buf()
    } else {
        dot_git.parent()?.join(target)
    };
    full.is_dir().then_some(full)
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Refuses to write a document of `len` bytes that pm could not read back (over
/// `parse::source::MAX_FILE_SIZE`); `what` says what made it so large.
pub fn fits(shown: &str, len: usize, what: &str) -> Result<()> {
    let limit = crate::parse::source::MAX_FILE_SIZE;
    if len as u64 <= limit {
        return Ok(());
    }
    Err(Error::user(format!(
        "{shown}: not written: {what} the document would be {:.1} MiB, over the {} MiB pm reads back",
        len as f64 / (1024.0 * 1024.0),
        limit / (1024 * 1024)
    )))
}

/// For the tests of the promises above, which need another writer to act at an exact
/// moment: with `PM_TEST_PAUSE=STAGE=FILE` pm creates `FILE.ready` when it reaches STAGE,
/// then waits (at most a minute) until FILE exists. Stages: `before-lock` (import-logs,
/// after reading the document and the logs), `before-compare` (a checked write, under
/// the lock), `before-rename` (the temporary file written and synced).
pub fn test_pause(stage: &str) {
    let Some(setting) = std::env::var_os("PM_TEST_PAUSE") else {
        return;
    };
    let setting = setting.to_string_lossy();
    let Some((at, file)) = setting.split_once('=') else {
        return;
    };
    if at != stage {
        return;
    }
    let go = PathBuf::from(file);
    let mut ready = go.clone().into_os_string();
    ready.push(".ready");
    let _ = fs::write(&ready, b"");
    let start = Instant::now();
    while !go.exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Writes `new` over the document at `path` (shown as `shown`) unless it no longer holds
/// `old`: an editor or a program that does not take pm's lock changed it since pm read
/// it, and its text is not overwritten. The caller holds the repository's [`Lock`].
pub fn replace_if_unchanged(path: &Path, shown: &str, old: &[u8], new: &[u8]) -> Result<()> {
    test_pause("before-compare");
    let now_on_disk = fs::read(path).map_err(|e| Error::io(path, e))?;
    if now_on_disk != old {
        return Err(Error::user(format!(
            "{shown} changed while pm was working on it (another program wrote it); nothing written"
        ))
        .with_hint(format!(
            "save or discard the other change to {shown}, then run the command again"
        )));
    }
    write(path, shown, new)
}

/// Writes `bytes` to `path` atomically: a temporary file in the git dir (or beside the
/// file outside a repository), synced, then renamed into place. An existing file keeps
/// its permissions; a read-only one is refused; a symbolic link is written through to its
/// target. Errors name the document, not the temporary file.
pub fn write(path: &Path, shown: &str, bytes: &[u8]) -> Result<()> {
    put(path, shown, bytes, Mode::Replace).map_err(Error::from)
}

/// Writes a new file at `path` atomically, as [`write`] does; `false` (and nothing
/// written) when a file is already there, even one that appeared a moment ago: a new
/// file never replaces one.
pub fn write_new(path: &Path, shown: &str, bytes: &[u8]) -> Result<bool> {
    if fs::symlink_metadata(path).is_ok() {
        return Ok(false);
    }
    match put(path, shown, bytes, Mode::New) {
        Err(Put::Exists) => Ok(false),
        Err(Put::Error(e)) => Err(e),
        Ok(()) => Ok(true),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Replace,
    New,
}

enum Put {
    Exists,
    Error(Error),
}

impl From<Error> for Put {
    fn from(e: Error) -> Put {
        Put::Error(e)
    }
}

impl From<Put> for Error {
    fn from(p: Put) -> Error {
        match p {
            Put::Error(e) => e,
            Put::Exists => Error::user("the file already exists; nothing written"),
        }
    }
}

fn put(path: &Path, shown: &str, bytes: &[u8], mode: Mode) -> std::result::Result<(), Put> {
    let target = resolve_link(path, shown)?;
    let existing = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(path, e).into()),
    };
    if let Some(meta) = &existing {
        refuse_read_only(&target, shown, meta)?;
    }
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let permissions = match &existing {
        Some(meta) => Some(meta.permissions()),
        None => default_permissions(),
    };
    clean_legacy_leftovers(&folder, &target);
    let (state, in_git) = state_dir(&folder);
    if in_git {
        let temp_dir = state.join(TEMP_DIR);
        if fs::create_dir_all(&temp_dir).is_ok() {
            clean_stale(&temp_dir);
            match write_via(&temp_dir, &target, bytes, permissions.clone(), mode) {
                Ok(()) => return Ok(()),
                Err(Failed::Rename(e)) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(Put::Exists);
                }
                // The git dir is on another file system (rename cannot cross it), or not
                // writable: fall back to the document's own folder.
                Err(Failed::Rename(e)) if e.kind() == io::ErrorKind::CrossesDevices => {}
                Err(Failed::Temp(_)) => {}
                Err(Failed::Rename(e)) | Err(Failed::Write(e)) => {
                    return Err(write_error(shown, e).into());
                }
            }
        }
    }
    write_via(&folder, &target, bytes, permissions, mode).map_err(|f| match f {
        Failed::Rename(e) if e.kind() == io::ErrorKind::AlreadyExists => Put::Exists,
        Failed::Temp(e) | Failed::Write(e) | Failed::Rename(e) => write_error(shown, e).into(),
    })
}

enum Failed {
    /// The temporary file could not be made.
    Temp(io::Error),
    Write(io::Error),
    Rename(io::Error),
}

fn write_via(
    temp_dir: &Path,
    target: &Path,
    bytes: &[u8],
    permissions: Option<fs::Permissions>,
    mode: Mode,
) -> std::result::Result<(), Failed> {
    let prefix = format!(
        ".{}.",
        target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(temp_dir)
        .map_err(Failed::Temp)?;
    tmp.write_all(bytes).map_err(Failed::Write)?;
    tmp.as_file().sync_all().map_err(Failed::Write)?;
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(Failed::Write)?;
    }
    test_pause("before-rename");
    match mode {
        Mode::Replace => tmp.persist(target).map(drop),
        Mode::New => tmp.persist_noclobber(target).map(drop),
    }
    .map_err(|e| Failed::Rename(e.error))?;
    // The rename is durable once the folder's entry is.
    if let Some(dir) = target.parent()
        && let Ok(d) = File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    {
        let _ = d.sync_all();
    }
    Ok(())
}

fn write_error(shown: &str, e: io::Error) -> Error {
    let hint = match e.kind() {
        io::ErrorKind::StorageFull => "free some disk space, then run the command again",
        io::ErrorKind::PermissionDenied => "check the permissions of the file and its folder",
        _ => "the document is unchanged; run the command again",
    };
    Error::user(format!(
        "{shown}: could not be written ({e}); it is unchanged"
    ))
    .with_hint(hint)
}

/// The file a symbolic link points at (the link itself stays); `path` otherwise.
fn resolve_link(path: &Path, shown: &str) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).map_err(|e| {
            Error::user(format!(
                "{shown} is a symbolic link to a file that cannot be reached ({e}); nothing written"
            ))
            .with_hint("fix or remove the link, then run the command again")
        }),
        _ => Ok(path.to_path_buf()),
    }
}

/// Refuses a file its owner cannot write (mode without the owner's write bit, as 0444),
/// or one this user may not open for writing (owned by someone else).
fn refuse_read_only(target: &Path, shown: &str, meta: &fs::Metadata) -> Result<()> {
    let writable =
        !meta.permissions().readonly() && OpenOptions::new().append(true).open(target).is_ok();
    if writable {
        return Ok(());
    }
    Err(Error::user(format!(
        "{shown} is read-only; pm does not replace a file you cannot write"
    ))
    .with_hint(format!(
        "make it writable (`chmod u+w {shown}`) if the change is meant, then run the command again"
    )))
}

/// Temporary files in `pm-tmp/` are only ever written under the lock, so any found there
/// by a writer holding it were left by a pm that was killed.
fn clean_stale(temp_dir: &Path) {
    let Ok(entries) = fs::read_dir(temp_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Earlier versions of pm wrote `.ID.md.XXXXXX.tmp` beside the document; one left by a
/// killed pm is removed when that document is next written (under the lock).
fn clean_legacy_leftovers(folder: &Path, target: &Path) {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&prefix)
            && file.ends_with(".tmp")
            && file.len() == prefix.len() + 6 + ".tmp".len()
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files_go_to_the_git_dir_and_leftovers_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".git")).unwrap();
        let docs = dir.path().join("postmortems");
        fs::create_dir_all(&docs).unwrap();
        let doc = docs.join("a.md");
        fs::write(docs.join(".a.md.AbC123.tmp"), "old leftover").unwrap();
        fs::create_dir_all(dir.path().join(".git/pm-tmp")).unwrap();
        fs::write(dir.path().join(".git/pm-tmp/.a.md.XyZ789.tmp"), "x").unwrap();
        let _lock = Lock::acquire(&doc).unwrap();
        write(&doc, "a.md", b"hello").unwrap();
        assert_eq!(fs::read(&doc).unwrap(), b"hello");
        let left: Vec<_> = fs::read_dir(&docs).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(
            fs::read_dir(dir.path().join(".git/pm-tmp"))
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn a_changed_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a.md");
        fs::write(&doc, "theirs").unwrap();
        let err = replace_if_unchanged(&doc, "a.md", b"ours", b"new").unwrap_err();
        assert!(err.to_string().contains("changed while pm"), "{err}");
        assert_eq!(fs::read(&doc).unwrap(), b"theirs");
    }

    #[test]
    fn a_second_lock_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".git")).unwrap();
        let first = Lock::acquire(dir.path()).unwrap();
        // SAFETY of the test: no other test reads PM_LOCK_TIMEOUT.
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(dir.path().join(".git/pm.lock"))
            .unwrap();
        assert!(matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock)));
        drop(first);
        assert!(file.try_lock().is_ok());
    }
}
