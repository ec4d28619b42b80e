//! `pm man`: the manual page, from the clap definition.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::commands::Status;
use crate::context::Context;
use crate::error::Result;

/// Print pm's manual page (roff).
///
/// Examples:
///   pm man > /usr/local/share/man/man1/pm.1
///   pm man | man -l -
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {}

pub fn run(_args: Args, ctx: &mut Context) -> Result<Status> {
    let cmd = Cli::command();
    clap_mangen::Man::new(cmd).render(&mut ctx.out.stdout)?;
    Ok(Status::Ok)
}
