//! pm: blameless incident postmortems kept as markdown files in a git repository.
//!
//! `run` is the whole program; `main.rs` only calls it.

pub mod chatlog;
pub mod commands;
pub mod config;
pub mod context;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod files;
pub mod lint;
pub mod mail;
pub mod meeting;
pub mod metrics;
pub mod output;
pub mod parse;
pub mod repo;
pub mod store;
pub mod time;

use std::ffi::OsString;
use std::io::Write;

use clap::Parser;

use crate::context::Context;
use crate::error::Kind;

/// Runs pm with `args` (the first being the program name) and returns the exit code:
/// 0 fine, 1 findings or user error, 2 usage error.
pub fn run(args: Vec<OsString>) -> u8 {
    let cli = match commands::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    // Only `pm stats` reads several repositories at once.
    if cli.directory.len() > 1 && !matches!(cli.command, commands::Command::Stats(_)) {
        let e = error::Error::usage("-C is given more than once")
            .with_hint("only `pm stats` reads several repositories (`pm stats -C a -C b`); give the others one -C DIR");
        return report(&mut std::io::stderr(), &e);
    }
    let mut ctx = match Context::from_env(cli.directory, cli.color) {
        Ok(ctx) => ctx,
        Err(e) => return report(&mut std::io::stderr(), &e),
    };
    let result = commands::run(cli.command, &mut ctx);
    let flushed = ctx.out.stdout.flush().map_err(error::Error::from);
    match (result, flushed) {
        (Ok(status), Ok(())) => status.code(),
        // The reader went away (`pm check --format json | head`): the verdict still stands.
        (Ok(status), Err(e)) if e.kind == Kind::BrokenPipe => status.code(),
        (Ok(_), Err(e)) | (Err(e), _) => report(&mut ctx.out.stderr, &e),
    }
}

fn report(stderr: &mut dyn Write, e: &error::Error) -> u8 {
    if e.kind != Kind::BrokenPipe {
        let _ = writeln!(stderr, "error: {}", e.message);
        if let Some(hint) = &e.hint {
            let _ = writeln!(stderr, "hint: {hint}");
        }
    }
    e.exit_code()
}
