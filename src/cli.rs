//! The command line: global flags and the subcommands. Each subcommand's arguments live in
//! its own file under `commands/`; their doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;

const EXAMPLES: &str = "\
Examples:
  pm init                               make this folder a postmortem repository
  pm new \"Checkout API returned 503s\"   scaffold a postmortem (prompts on a terminal)
  pm check                              validate every postmortem
  pm list --status draft                what is still being written
  pm index                              regenerate postmortems/README.md
  pm overdue --due-within 7d            the weekly review of remediation items
  pm import-logs 2026-03-14-checkout    pull the incident's chat logs into its timeline
  pm remediation done checkout OPS-1412 close a remediation item

Docs: README.md, docs/format.md (the document), docs/config.md (pm.yaml), docs/checks.md.";

/// Blameless incident postmortems, kept as markdown files in a git repository.
#[derive(Debug, Parser)]
#[command(name = "pm", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// Run as if pm was started in DIR
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub directory: Option<PathBuf>,

    /// When to colour diagnostics
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(commands::init::Args),
    New(commands::new::Args),
    Check(commands::check::Args),
    List(commands::list::Args),
    Show(commands::show::Args),
    Overdue(commands::overdue::Args),
    Remediation(commands::remediation::Args),
    Index(commands::index::Args),
    ImportLogs(commands::import_logs::Args),
    Schema(commands::schema::Args),
    Completions(commands::completions::Args),
    Man(commands::man::Args),
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
