//! `pm man`: the manual pages, from the clap definition.

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;

use crate::commands::Cli;
use crate::commands::Status;
use crate::context::Context;
use crate::error::{Error, Result};

/// Print pm's manual page (roff), or write one page per command.
///
/// `pm man` prints pm(1); `pm man new` prints pm-new(1); `pm man remediation add` prints
/// pm-remediation-add(1). `pm man --dir DIR` writes pm.1 and a page for every command and
/// subcommand into DIR (pm-new.1, pm-remediation.1, pm-remediation-add.1, ...): the pages
/// pm(1) and pm-remediation(1) refer to.
///
/// Examples:
///   pm man | man -l -
///   pm man check | man -l -
///   pm man remediation add | man -l -
///   pm man --dir /usr/local/share/man/man1
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The command whose page to print, e.g. `check` or `remediation add` (default: pm itself)
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,

    /// Write every page into this folder instead of printing one
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// One manual page.
struct Page {
    /// The words after `pm` that run the command: `remediation add`; empty for pm itself.
    words: Vec<String>,
    /// `pm-remediation-add.1`.
    file: String,
    roff: Vec<u8>,
}

/// The page of `pm` and of every command and subcommand, parents first.
fn pages() -> Result<Vec<Page>> {
    // Built as clap builds it to run, so each page shows the global flags (`-C`, `--color`)
    // and its synopsis the words to type (`pm remediation add`); the display names clap
    // gives subcommands (`pm-remediation-add`) name the pages and the SUBCOMMANDS lists.
    // Without help subcommands: they have no page of their own.
    let mut cli = without_help_subcommand(Cli::command());
    cli.build();
    let mut pages = Vec::new();
    add_pages(&cli, &mut Vec::new(), &mut pages)?;
    Ok(pages)
}

fn without_help_subcommand(cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .iter()
        .fold(cmd.disable_help_subcommand(true), |cmd, name| {
            cmd.mut_subcommand(name, without_help_subcommand)
        })
}

fn add_pages(cmd: &clap::Command, words: &mut Vec<String>, pages: &mut Vec<Page>) -> Result<()> {
    // The page's header shows its name and the version; set after the build, the version
    // adds no `-V` flag to a subcommand, which has none.
    let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
    let page = cmd.clone().name(name).version(env!("CARGO_PKG_VERSION"));
    let man = clap_mangen::Man::new(page);
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    pages.push(Page {
        words: words.clone(),
        file: man.get_filename(),
        roff,
    });
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        words.push(sub.get_name().to_string());
        add_pages(sub, words, pages)?;
        words.pop();
    }
    Ok(())
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let pages = pages()?;
    if let Some(dir) = args.dir {
        let dir = ctx.cwd.join(dir);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        for page in &pages {
            let path = dir.join(&page.file);
            std::fs::write(&path, &page.roff).map_err(|e| Error::io(&path, e))?;
            writeln!(ctx.out.stdout, "wrote {}", path.display())?;
        }
        return Ok(Status::Ok);
    }
    match pages.iter().find(|p| p.words == args.command) {
        Some(page) => ctx.out.stdout.write_all(&page.roff)?,
        None => {
            let names: Vec<String> = pages
                .iter()
                .filter(|p| !p.words.is_empty())
                .map(|p| p.words.join(" "))
                .collect();
            return Err(Error::usage(format!(
                "no command `{}`; pages exist for: {}",
                args.command.join(" "),
                names.join(", ")
            )));
        }
    }
    Ok(Status::Ok)
}
