//! `pm man`: the manual pages, from the clap definition.

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::commands::Status;
use crate::context::Context;
use crate::error::{Error, Result};

/// Print pm's manual page (roff), or write one page per command.
///
/// `pm man` prints pm(1); `pm man new` prints pm-new(1); `pm man --dir DIR` writes pm.1 and
/// a pm-<command>.1 for every command into DIR (the pages pm(1) refers to).
///
/// Examples:
///   pm man | man -l -
///   pm man check | man -l -
///   pm man --dir /usr/local/share/man/man1
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The command whose page to print (default: pm itself)
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Option<String>,

    /// Write every page into this folder instead of printing one
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The page of `pm` and of each of its commands, as (file name, roff).
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let cli = Cli::command();
    let mut pages = vec![("pm.1".to_string(), render(cli.clone())?)];
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("pm-{}", sub.get_name());
        let page = sub.clone().name(name).version(env!("CARGO_PKG_VERSION"));
        pages.push((format!("{}.1", page.get_name()), render(page)?));
    }
    Ok(pages)
}

fn render(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(out)
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let pages = pages()?;
    if let Some(dir) = args.dir {
        let dir = ctx.cwd.join(dir);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        for (file, roff) in &pages {
            let path = dir.join(file);
            std::fs::write(&path, roff).map_err(|e| Error::io(&path, e))?;
            writeln!(ctx.out.stdout, "wrote {}", path.display())?;
        }
        return Ok(Status::Ok);
    }
    let wanted = match &args.command {
        Some(c) => format!("pm-{c}.1"),
        None => "pm.1".to_string(),
    };
    match pages.iter().find(|(file, _)| *file == wanted) {
        Some((_, roff)) => ctx.out.stdout.write_all(roff)?,
        None => {
            let names: Vec<&str> = pages
                .iter()
                .filter_map(|(f, _)| f.strip_prefix("pm-")?.strip_suffix(".1"))
                .collect();
            return Err(Error::usage(format!(
                "no command `{}`; pages exist for: {}",
                args.command.unwrap_or_default(),
                names.join(", ")
            )));
        }
    }
    Ok(Status::Ok)
}
