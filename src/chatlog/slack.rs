//! Slack workspace exports: a folder per channel of per-day JSON files (`2026-03-14.json`),
//! `users.json` beside the channel folders for display names.
//!
//! Placeholder: the reader lands with issue 3's Slack work; until then it refuses.

use std::path::Path;

use super::{Transcript, Window};
use crate::error::{Error, Result};

/// Whether `path` looks like one channel's folder of a Slack export (per-day JSON files).
pub fn looks_like_export(path: &Path) -> bool {
    let _ = path;
    false
}

/// Reads the messages of one channel folder of an export that fall in `window`, opening
/// only the day files that can overlap it (one extra day on each side, then filtering on
/// `ts`). Errors name the file and the position of bad JSON.
pub fn read(channel_dir: &Path, window: &Window) -> Result<Transcript> {
    let _ = window;
    Err(Error::user(format!(
        "`{}`: Slack exports are not supported yet",
        channel_dir.display()
    )))
}
