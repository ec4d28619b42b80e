//! `pm schema` (to be written).

use crate::commands::Status;
use crate::context::Context;
use crate::error::Result;

/// (to be written)
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, _ctx: &mut Context) -> Result<Status> {
    Ok(Status::Ok)
}
