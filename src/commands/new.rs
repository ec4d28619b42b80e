//! `pm new` (to be written).

use crate::commands::Status;
use crate::context::Context;
use crate::error::Result;

/// (to be written)
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, _ctx: &mut Context) -> Result<Status> {
    Ok(Status::Ok)
}

/// A file-name slug from a title: lowercase ASCII words joined by `-`, at most 60 bytes.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > 60 {
        slug.truncate(60);
        if let Some(cut) = slug.rfind('-').filter(|&i| i > 20) {
            slug.truncate(cut);
        }
        slug = slug.trim_end_matches('-').to_string();
    }
    slug
}
