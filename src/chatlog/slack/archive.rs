//! A Slack export read in place from its `.zip`, as Slack hands it out: `channels.json`,
//! `users.json` and each channel's `ops/2026-03-14.json` are read from the archive, one
//! at a time and decompressed as a stream, without unpacking anything to disk.
//!
//! The archive's directory is read once (names and sizes, no contents); a channel's day
//! files are chosen by name as in a folder. An archive made by zipping the export's folder
//! (`export/channels.json`) works too: the export starts where its `channels.json` or
//! `users.json` is.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use zip::ZipArchive;

use super::{Day, Names, Window, check_len, date_of_day_file, day_range, objects, parse_day};
use crate::error::{Error, Result};

/// An open export archive.
struct Archive {
    path: PathBuf,
    zip: ZipArchive<BufReader<File>>,
    /// Where the export starts inside the archive: `""`, or `folder/`.
    prefix: String,
}

impl Archive {
    fn open(path: &Path) -> Result<Archive> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let zip = ZipArchive::new(BufReader::new(file)).map_err(|e| {
            Error::user(format!(
                "{}: not a readable zip archive: {e}",
                path.display()
            ))
            .with_hint("download the export again, or unzip it and point at its folder")
        })?;
        let prefix = zip
            .file_names()
            .filter_map(|name| name.ok())
            .filter_map(|name| {
                let (dir, file) = name.rsplit_once('/').unwrap_or(("", &name));
                let top = matches!(file, "channels.json" | "users.json");
                top.then(|| {
                    if dir.is_empty() {
                        String::new()
                    } else {
                        format!("{dir}/")
                    }
                })
            })
            .min_by_key(String::len);
        let Some(prefix) = prefix else {
            return Err(Error::user(format!(
                "{}: no channels.json or users.json in this archive: not a Slack export",
                path.display()
            ))
            .with_hint("point at the .zip Slack's export page gives, or at its unzipped folder"));
        };
        Ok(Archive {
            path: path.to_path_buf(),
            zip,
            prefix,
        })
    }

    /// How reports name a file of the archive: `export.zip/ops/2026-03-14.json`.
    fn shown(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// Streams the objects of the export's top-level file `file`; a missing one has none.
    fn for_each_object(
        &mut self,
        file: &str,
        each: &mut dyn FnMut(Map<String, Value>),
    ) -> Result<()> {
        let name = format!("{}{file}", self.prefix);
        let shown = self.shown(&name);
        let entry = match self.zip.by_name(&name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(()),
            Err(e) => return Err(unreadable(&shown, &e)),
        };
        check_len(&shown, entry.size())?;
        objects(BufReader::new(entry), &shown, each)
    }

    /// The names of the day files (`ops/2026-03-14.json`) under the channel folder
    /// `folder`, with their dates; all of them when `range` is `None`.
    fn day_files(
        &self,
        folder: &str,
        range: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    ) -> Vec<(chrono::NaiveDate, String)> {
        let dir = format!("{}{folder}/", self.prefix);
        let mut days: Vec<_> = self
            .zip
            .file_names()
            .filter_map(|name| name.ok())
            .filter_map(|name| {
                let date = date_of_day_file(name.strip_prefix(dir.as_str())?)?;
                range
                    .is_none_or(|(first, last)| (first..=last).contains(&date))
                    .then(|| (date, name.into_owned()))
            })
            .collect();
        days.sort();
        days
    }

    /// The channel folders of the export (those holding day files).
    fn folders(&self) -> Vec<String> {
        let mut found: Vec<String> = self
            .zip
            .file_names()
            .filter_map(|name| name.ok())
            .filter_map(|name| {
                let rest = name.strip_prefix(self.prefix.as_str())?;
                let (folder, file) = rest.split_once('/')?;
                date_of_day_file(file).map(|_| folder.to_string())
            })
            .collect();
        found.sort();
        found.dedup();
        found
    }
}

fn unreadable(shown: &Path, e: &zip::result::ZipError) -> Error {
    Error::user(format!(
        "{}: cannot read it from the archive: {e}",
        shown.display()
    ))
    .with_hint("download the export again, or unzip it and point at its folder")
}

/// The messages in `window` of the conversation `channel` of the export archive at `path`,
/// day file by day file (found by name in `channels.json`, `groups.json` or `mpims.json`,
/// as in a folder).
pub fn read_days(path: &Path, channel: &str, window: &Window) -> Result<Vec<Day>> {
    let mut archive = Archive::open(path)?;
    let want = super::wanted(channel);
    let (listed, names) = super::listed(want, |file, each| archive.for_each_object(file, each))?;
    let folders = archive.folders();
    let folder = listed.or_else(|| {
        folders
            .iter()
            .find(|f| f.eq_ignore_ascii_case(want))
            .cloned()
    });
    let Some(folder) = folder else {
        return Err(super::no_channel(path, want, names, || folders));
    };
    if archive.day_files(&folder, None).is_empty() {
        let shown = archive.shown(&format!("{}{folder}", archive.prefix));
        return Err(super::not_exported(&shown, want));
    }
    let days = archive.day_files(&folder, Some(day_range(window)));
    if days.is_empty() {
        return Ok(Vec::new());
    }
    let names = Names::read(&mut |file, each| archive.for_each_object(file, each))?;
    let mut out = Vec::new();
    for (date, name) in days {
        let shown = archive.shown(&name);
        let entry = archive
            .zip
            .by_name(&name)
            .map_err(|e| unreadable(&shown, &e))?;
        check_len(&shown, entry.size())?;
        let transcript = parse_day(BufReader::new(entry), &shown, &names, Some(window))?;
        out.push(Day {
            path: shown,
            date,
            transcript,
        });
    }
    Ok(out)
}
