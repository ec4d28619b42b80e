//! The command line: the `Cli` struct with the global flags, the `Command` enum and its
//! dispatch, in one place (so `pm man` and `pm completions` take the clap command from
//! here). One file per subcommand holds its `Args` (whose doc comments are its `--help`)
//! and `run`; a folder holds a command with subcommands; `common.rs` holds what two or
//! more commands share. A command never imports another command.

pub mod check;
pub mod common;
pub mod completions;
pub mod import;
pub mod import_logs;
pub mod index;
pub mod init;
pub mod list;
pub mod man;
pub mod meeting;
pub mod new;
pub mod overdue;
pub mod remediation;
pub mod report;
pub mod schedule;
pub mod schema;
pub mod show;
pub mod stats;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::context::{ColorChoice, Context};
use crate::error::Result;

const EXAMPLES: &str = "\
Examples:
  pm init                               make this folder a postmortem repository
  pm new \"Checkout API returned 503s\"   scaffold a postmortem (prompts on a terminal)
  pm check                              validate every postmortem
  pm list --status draft                what is still being written
  pm index                              regenerate postmortems/README.md
  pm overdue --due-within 7d            the weekly review of remediation items
  pm stats --since 90d --by month       detection and resolution times, remediation health
  pm report --month 2026-11 --send      the month's digest, mailed to the mailing list
  pm import ~/wiki/postmortems/         adopt the postmortems a team already has
  pm import-logs 2026-03-14-checkout    pull the incident's chat logs into its timeline
  pm remediation done checkout OPS-1412 close a remediation item
  pm schedule checkout --send           invite everyone to the postmortem meeting
  pm meeting checkout                   the facilitator's sheet for the meeting

Docs: README.md, docs/format.md (the document), docs/config.md (pm.yaml), docs/checks.md.";

/// Blameless incident postmortems, kept as markdown files in a git repository.
#[derive(Debug, Parser)]
#[command(name = "pm", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// Run as if pm was started in DIR (`pm stats` takes it repeated: one per repository)
    #[arg(short = 'C', value_name = "DIR", global = true, action = clap::ArgAction::Append)]
    pub directory: Vec<PathBuf>,

    /// When to colour diagnostics
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

// clap stays in this layer: the context's plain enum gets its `--color` values here.
impl clap::ValueEnum for ColorChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &[ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(match self {
            ColorChoice::Auto => "auto",
            ColorChoice::Always => "always",
            ColorChoice::Never => "never",
        }))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    New(new::Args),
    Check(check::Args),
    List(list::Args),
    Show(show::Args),
    Overdue(overdue::Args),
    Stats(stats::Args),
    Report(report::Args),
    Remediation(remediation::Args),
    Schedule(schedule::Args),
    Meeting(meeting::Args),
    Index(index::Args),
    Import(import::Args),
    ImportLogs(import_logs::Args),
    Schema(schema::Args),
    Completions(completions::Args),
    Man(man::Args),
}

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
        Command::Stats(args) => stats::run(args, ctx),
        Command::Report(args) => report::run(args, ctx),
        Command::Remediation(args) => remediation::run(args, ctx),
        Command::Schedule(args) => schedule::run(args, ctx),
        Command::Meeting(args) => meeting::run(args, ctx),
        Command::Index(args) => index::run(args, ctx),
        Command::Import(args) => import::run(args, ctx),
        Command::ImportLogs(args) => import_logs::run(args, ctx),
        Command::Schema(args) => schema::run(args, ctx),
        Command::Completions(args) => completions::run(args, ctx),
        Command::Man(args) => man::run(args, ctx),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
