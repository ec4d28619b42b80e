//! Errors that end a command, and the exit code each maps to.
//!
//! Findings in documents are not errors: they are diagnostics, reported all together by the
//! command that found them. An `Error` is what stops a command (a usage mistake, a missing
//! repository, an unwritable file).

use std::fmt;
use std::io;
use std::path::Path;

/// What kind of failure ended the command; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The user asked for something that cannot be done (exit 1).
    User,
    /// The command line or an input path is wrong, or I/O failed (exit 2).
    Usage,
    /// Writing to a closed pipe (`pm list | head`): exit quietly.
    BrokenPipe,
}

#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn user(message: impl Into<String>) -> Error {
        Error {
            kind: Kind::User,
            message: message.into(),
            hint: None,
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            kind: Kind::Usage,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// An I/O error on a named file.
    pub fn io(path: &Path, err: io::Error) -> Error {
        if err.kind() == io::ErrorKind::BrokenPipe {
            return Error::from(err);
        }
        Error::usage(format!("{}: {}", path.display(), describe_io(&err)))
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::User => 1,
            Kind::Usage => 2,
            Kind::BrokenPipe => 0,
        }
    }
}

/// An `io::Error` in words, without Rust's "(os error 2)" suffix.
pub fn describe_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::AlreadyExists => "already exists".to_string(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

impl From<io::Error> for Error {
    /// Writing to stdout/stderr failed. A closed pipe is not a failure worth a message.
    fn from(err: io::Error) -> Error {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Error {
                kind: Kind::BrokenPipe,
                message: String::new(),
                hint: None,
            }
        } else {
            Error::usage(format!("cannot write output: {}", describe_io(&err)))
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
