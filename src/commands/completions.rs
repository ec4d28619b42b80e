//! `pm completions SHELL`: shell completion scripts, from the clap definition.

use clap::CommandFactory;

use crate::commands::Cli;
use crate::commands::Status;
use crate::context::Context;
use crate::error::Result;

/// Print a shell completion script.
///
/// Examples:
///   pm completions bash > ~/.local/share/bash-completion/completions/pm
///   pm completions zsh > "${fpath[1]}/_pm"
///   pm completions fish > ~/.config/fish/completions/pm.fish
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "pm", &mut ctx.out.stdout);
    Ok(Status::Ok)
}
