//! Slack workspace exports: a folder per channel of per-day JSON files (`2026-03-14.json`,
//! each an array of message objects), `users.json` and `channels.json` beside the channel
//! folders.
//!
//! Only the day files that can overlap the window are opened: the window's UTC dates and
//! one day on each side (Slack splits days in a US-Pacific-like zone that exports do not
//! state), then every message is filtered on its `ts`. Listing the folder is all a 5-year
//! export costs beyond a 1-week one.
//!
//! A day file is read as a stream: a small scanner finds where each message object starts
//! and ends (and the line it starts on, for `file:line` in reports) and serde_json parses
//! one message at a time, so memory stays at one message however large the file. Invalid
//! JSON ends the read with an error naming the file, line and column; a message that is not
//! an object or has no usable `ts` is skipped and its line counted.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use super::fields::{self, EDITED, array, flag};
use super::{Entry, Kind, Transcript, Window};
use crate::error::{Error, Result};

pub mod archive;
mod markup;
mod stream;

pub use markup::decode_markup;
use stream::scan_array;

/// A day file larger than this is refused before it is opened: Slack writes a few MB a day
/// even for busy channels, so a file of gigabytes is not an export (or not one to trust).
pub const MAX_DAY_FILE_BYTES: u64 = 1 << 30;

/// A single message object larger than this ends the read (memory stays bounded even in a
/// file that is one endless object).
pub const MAX_MESSAGE_BYTES: usize = 16 << 20;

/// Whether `path` looks like one channel's folder of a Slack export: a folder holding
/// `YYYY-MM-DD.json` files, beside `users.json` or `channels.json`, or whose first day
/// file starts with `[`.
///
/// The export's root (`channels.json` or `users.json` beside channel folders) counts too,
/// so that `format: auto` sends it to [`read`], whose error lists the channel folders to
/// choose from, rather than trying the JSON files as IRC logs.
pub fn looks_like_export(path: &Path) -> bool {
    (is_export_root(path) && !channel_folders(path).is_empty()) || is_channel_folder(path)
}

/// Whether `path` is one channel's folder of an export (see [`looks_like_export`]).
pub fn is_channel_folder(path: &Path) -> bool {
    let Some(first) = first_day_file(path) else {
        return false;
    };
    let root = export_root(path);
    if root.join("users.json").is_file() || root.join("channels.json").is_file() {
        return true;
    }
    let mut head = [0u8; 64];
    let Ok(n) = File::open(&first).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let head = head.get(..n).unwrap_or_default();
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'[')
}

/// Whether `path` is the root of a Slack export (holds `channels.json` or `users.json`).
pub fn is_export_root(path: &Path) -> bool {
    path.join("channels.json").is_file() || path.join("users.json").is_file()
}

/// The channel folder for `channel` (`#ops` or `ops`): `path` itself if it is a channel
/// folder, else `path/ops` if `path` is an export root holding that folder.
pub fn channel_folder(path: &Path, channel: &str) -> Option<PathBuf> {
    if is_channel_folder(path) {
        return Some(path.to_path_buf());
    }
    let name = channel.trim_start_matches('#');
    let candidate = path.join(name);
    (!name.is_empty() && is_export_root(path) && candidate.is_dir()).then_some(candidate)
}

/// The files of an export's root that list its conversations: public channels, private
/// channels, group direct messages.
const CHANNEL_LISTS: [&str; 3] = ["channels.json", "groups.json", "mpims.json"];

/// The folder of the conversation named `channel` (`ops` or `#ops`, or its id `C0123`) in
/// an export's root, found by name in `channels.json`, `groups.json` or `mpims.json` (or, in
/// an export without them, as a folder of that name). The error lists the names there are.
pub fn find_channel(root: &Path, channel: &str) -> Result<PathBuf> {
    let want = wanted(channel);
    let (found, names) = listed(want, |file, each| for_each_object(&root.join(file), each))?;
    let found = found.map(|name| root.join(name)).or_else(|| {
        let folder = root.join(want);
        (!want.is_empty() && !want.contains(['/', '\\']) && folder.is_dir()).then_some(folder)
    });
    match found {
        Some(folder) if folder.is_dir() => Ok(folder),
        Some(folder) => Err(not_exported(&folder, want)),
        None => Err(no_channel(root, want, names, || channel_folders(root))),
    }
}

/// A channel as the user gives it (`#ops`, ` ops `) as the export names it.
fn wanted(channel: &str) -> &str {
    channel.trim().trim_start_matches('#')
}

/// Reads an export's conversation lists: `read(file, each)` streams the objects of one
/// top-level file (a missing one has none).
type Lists<'a> = dyn FnMut(&str, &mut dyn FnMut(Map<String, Value>)) -> Result<()> + 'a;

/// The name of the conversation `want` names (by name or id) in the export's lists, and
/// every name listed.
fn listed(
    want: &str,
    mut read: impl FnMut(&str, &mut dyn FnMut(Map<String, Value>)) -> Result<()>,
) -> Result<(Option<String>, Vec<String>)> {
    let mut names: Vec<String> = Vec::new();
    let mut found = None;
    for file in CHANNEL_LISTS {
        read(file, &mut |conv| {
            let name = conv.get("name").and_then(Value::as_str).unwrap_or("");
            let id = conv.get("id").and_then(Value::as_str).unwrap_or("");
            if found.is_none()
                && !name.is_empty()
                && (name.eq_ignore_ascii_case(want) || id == want)
            {
                found = Some(name.to_string());
            }
            if !name.is_empty() {
                names.push(name.to_string());
            }
        })?;
    }
    Ok((found, names))
}

fn not_exported(folder: &Path, want: &str) -> Error {
    Error::user(format!(
        "{}: the export lists `{want}` but has no folder for it (no messages exported?)",
        folder.display()
    ))
    .with_hint("export the workspace again with that channel's history")
}

/// No conversation `want` in the export at `root`: the error lists those there are (the
/// names listed, else the channel folders `folders` finds).
fn no_channel(
    root: &Path,
    want: &str,
    mut names: Vec<String>,
    folders: impl FnOnce() -> Vec<String>,
) -> Error {
    names.sort();
    let more = names.len() > 10;
    names.truncate(10);
    let list = if names.is_empty() {
        folders().join(", ")
    } else {
        format!("{}{}", names.join(", "), if more { ", ..." } else { "" })
    };
    Error::user(format!(
        "{}: the Slack export has no channel `{want}` (looked in channels.json, groups.json and mpims.json)",
        root.display()
    ))
    .with_hint(format!(
        "give the channel's name as the export has it (`--channel NAME` or `channel:` in pm.yaml); it has: {list}"
    ))
}

/// The channel folders of an export's root (up to five, then `...`), for a hint.
fn channel_folders(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && first_day_file(p).is_some())
        .map(|p| p.display().to_string())
        .collect();
    found.sort();
    if found.len() > 5 {
        found.truncate(5);
        found.push("...".to_string());
    }
    found
}

/// The export root of a channel folder (where `users.json` lives).
fn export_root(channel_dir: &Path) -> PathBuf {
    match (channel_dir.file_name(), channel_dir.parent()) {
        (Some(_), Some(parent)) => parent.to_path_buf(),
        _ => channel_dir.join(".."),
    }
}

/// Some `YYYY-MM-DD.json` file of a folder, if it holds one (stops at the first found).
fn first_day_file(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_str().and_then(date_of_day_file).is_some())
        .map(|e| e.path())
}

/// The `YYYY-MM-DD.json` files of a folder dated `first..=last`, by date. Only names are
/// read: a file outside the range costs one directory entry.
fn day_files_between(
    dir: &Path,
    first: NaiveDate,
    last: NaiveDate,
) -> std::io::Result<Vec<(NaiveDate, PathBuf)>> {
    let mut days = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(date) = name.to_str().and_then(date_of_day_file) else {
            continue;
        };
        if (first..=last).contains(&date) {
            days.push((date, entry.path()));
        }
    }
    days.sort();
    Ok(days)
}

/// `2026-03-14.json` → 2026-03-14.
pub fn date_of_day_file(name: &str) -> Option<NaiveDate> {
    let stem = name.strip_suffix(".json")?;
    if stem.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(stem, "%Y-%m-%d").ok()
}

/// Who is who in an export: user ids to display names, channel ids to names.
#[derive(Debug, Default, Clone)]
pub struct Names {
    pub users: HashMap<String, String>,
    pub channels: HashMap<String, String>,
}

impl Names {
    /// Reads `users.json` and `channels.json` (and `groups.json`, private channels) at an
    /// export's root. A missing file is fine (ids are shown as ids); invalid JSON is an
    /// error naming the file and position.
    pub fn load(root: &Path) -> Result<Names> {
        Names::read(&mut |file, each| for_each_object(&root.join(file), each))
    }

    /// [`Names::load`] from wherever `read` finds an export's top-level files.
    fn read(read: &mut Lists<'_>) -> Result<Names> {
        let mut names = Names::default();
        // One user at a time: a large workspace's users.json holds hundreds of MB of
        // profiles, of which only the names are kept.
        read("users.json", &mut |user| {
            if let (Some(id), Some(name)) =
                (user.get("id").and_then(Value::as_str), display_name(&user))
            {
                names.users.insert(id.to_string(), name.to_string());
            }
        })?;
        for file in CHANNEL_LISTS {
            read(file, &mut |channel| {
                let id = channel.get("id").and_then(Value::as_str);
                let name = channel.get("name").and_then(Value::as_str);
                if let (Some(id), Some(name)) = (id, name) {
                    names.channels.insert(id.to_string(), name.to_string());
                }
            })?;
        }
        Ok(names)
    }

    fn user<'a>(&'a self, id: &'a str) -> &'a str {
        self.users.get(id).map_or(id, String::as_str)
    }
}

/// profile.display_name, else real_name (profile's, then the user's), else name.
fn display_name(user: &Map<String, Value>) -> Option<&str> {
    fn non_empty(v: Option<&Value>) -> Option<&str> {
        v.and_then(Value::as_str).filter(|s| !s.trim().is_empty())
    }
    let profile = user.get("profile");
    non_empty(profile.and_then(|p| p.get("display_name")))
        .or_else(|| non_empty(profile.and_then(|p| p.get("real_name"))))
        .or_else(|| non_empty(user.get("real_name")))
        .or_else(|| non_empty(user.get("name")))
}

/// Calls `each` with every object of a JSON array file, streamed one at a time; a missing
/// file has none. Elements that are not objects are left out.
fn for_each_object(path: &Path, each: &mut dyn FnMut(Map<String, Value>)) -> Result<()> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(Error::io(path, err)),
    };
    check_size(path, &file)?;
    objects(BufReader::new(file), path, each)
}

/// The objects of a JSON array read from `reader` (`path` names it in errors).
fn objects(
    reader: impl BufRead,
    path: &Path,
    each: &mut dyn FnMut(Map<String, Value>),
) -> Result<()> {
    scan_array(reader, path, |element| {
        if let Value::Object(map) = element.value {
            each(map);
        }
        Ok(())
    })
}

fn check_size(path: &Path, file: &File) -> Result<()> {
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    check_len(path, size)
}

/// Refuses a file of `size` bytes over [`MAX_DAY_FILE_BYTES`].
fn check_len(path: &Path, size: u64) -> Result<()> {
    if size > MAX_DAY_FILE_BYTES {
        return Err(Error::user(format!(
            "{}: the file is {:.1} GiB; pm reads Slack export files of up to {} GiB",
            path.display(),
            size as f64 / f64::from(1u32 << 30),
            MAX_DAY_FILE_BYTES >> 30
        ))
        .with_hint(
            "a Slack day file holds one channel's day and is normally a few MB; check that \
             the path points at a Slack export",
        ));
    }
    Ok(())
}

/// Reads the messages of one channel folder of an export that fall in `window`, opening
/// only the day files that can overlap it (one extra day on each side, then filtering on
/// `ts`). Errors name the file and the position of bad JSON.
///
/// Each entry's `line` is the line of its day file where the message object starts, and
/// `unparsed` holds the lines of skipped messages; [`read_days`] says which file each
/// belongs to. Entries are in time order.
pub fn read(channel_dir: &Path, window: &Window) -> Result<Transcript> {
    let mut all = Transcript::default();
    for day in read_days(channel_dir, window)? {
        all.entries.extend(day.transcript.entries);
        all.unparsed.extend(day.transcript.unparsed);
    }
    all.entries.sort_by_key(|e| e.at);
    Ok(all)
}

/// What one day file of a channel gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub path: PathBuf,
    pub date: NaiveDate,
    pub transcript: Transcript,
}

/// Like [`read`], file by file (for reports that point at `file:line`).
pub fn read_days(channel_dir: &Path, window: &Window) -> Result<Vec<Day>> {
    let (first, last) = day_range(window);
    let days =
        day_files_between(channel_dir, first, last).map_err(|e| Error::io(channel_dir, e))?;
    if days.is_empty() && first_day_file(channel_dir).is_none() {
        let mut err = Error::user(format!(
            "{}: no Slack day files (YYYY-MM-DD.json) in this folder",
            channel_dir.display()
        ));
        if is_export_root(channel_dir) {
            err = err.with_hint(format!(
                "this is the export's root; point at one channel's folder: {}",
                channel_folders(channel_dir).join(", ")
            ));
        }
        return Err(err);
    }
    if days.is_empty() {
        return Ok(Vec::new());
    }
    let names = Names::load(&export_root(channel_dir))?;
    let mut out = Vec::new();
    for (date, path) in days {
        let file = File::open(&path).map_err(|e| Error::io(&path, e))?;
        check_size(&path, &file)?;
        let transcript = parse_day(BufReader::new(file), &path, &names, Some(window))?;
        out.push(Day {
            path,
            date,
            transcript,
        });
    }
    Ok(out)
}

/// The days whose files can hold messages of the window: its UTC dates and one day on each
/// side.
fn day_range(window: &Window) -> (NaiveDate, NaiveDate) {
    (
        crate::time::add_days_saturating(window.since.date_naive(), -1),
        crate::time::add_days_saturating(window.until.date_naive(), 1),
    )
}

/// Parses one day file's bytes: every message (in `window`, if given) as an entry. `path`
/// only names the file in errors.
pub fn parse_day(
    reader: impl BufRead,
    path: &Path,
    names: &Names,
    window: Option<&Window>,
) -> Result<Transcript> {
    let mut out = Transcript::default();
    scan_array(reader, path, |element| {
        match entry_of(element.value, element.line, names) {
            Message::Entry(entry) => {
                if window.is_none_or(|w| w.contains(&entry)) {
                    out.entries.push(entry);
                }
            }
            Message::Skip => {}
            Message::Unparsed => out.unparsed.push(element.line),
        }
        Ok(())
    })?;
    out.entries.sort_by_key(|e| e.at);
    Ok(out)
}

enum Message {
    Entry(Entry),
    /// Understood, and nothing for the timeline (a deleted or hidden message).
    Skip,
    Unparsed,
}

/// One Slack message object as a timeline entry.
fn entry_of(value: Value, line: usize, names: &Names) -> Message {
    let Value::Object(msg) = value else {
        return Message::Unparsed;
    };
    let Some(ts) = msg.get("ts") else {
        return Message::Unparsed;
    };
    let Some(at) = parse_ts(ts) else {
        return Message::Unparsed;
    };
    if msg
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t != "message")
    {
        return Message::Unparsed;
    }
    if flag(&msg, "hidden") {
        return Message::Skip;
    }
    let str_of = |key: &str| msg.get(key).and_then(Value::as_str);
    let subtype = str_of("subtype").unwrap_or("");
    let kind = match subtype {
        "message_deleted" | "message_changed" | "message_replied" => return Message::Skip,
        "" | "bot_message" | "thread_broadcast" | "file_share" | "file_comment"
        | "file_mention" | "reply_broadcast" => Kind::Message,
        "me_message" => Kind::Action,
        "channel_join" | "group_join" => Kind::Join,
        "channel_leave" | "group_leave" => Kind::Part,
        "channel_topic" | "group_topic" => Kind::Topic,
        _ => Kind::Other,
    };
    let mut text = decode_markup(&fields::message(&msg, "text"), names);
    append_attachments(&msg, &mut text, names);
    append_files(&msg, &mut text);
    if msg.get("edited").is_some_and(Value::is_object) {
        text.push_str(EDITED);
    }
    // A parent carries its own ts as thread_ts; a reply carries its parent's.
    let thread = msg
        .get("thread_ts")
        .and_then(parse_ts)
        .filter(|&thread| thread != at);
    let reactions = array(&msg, "reactions")
        .filter_map(|r| r.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    let pinned = matches!(msg.get("pinned_to"), Some(Value::Array(to)) if !to.is_empty())
        || flag(&msg, "is_pinned");
    Message::Entry(Entry {
        thread_reply: thread.is_some(),
        thread,
        pinned,
        reactions,
        ..Entry::new(at, kind, speaker(&msg, names), text, line)
    })
}

/// Who posted: the user's display name from users.json, else the message's own
/// `user_profile`, else a bot's `username` or `bot_profile.name`, else the id.
fn speaker(msg: &Map<String, Value>, names: &Names) -> String {
    let non_empty = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    let user = non_empty(msg.get("user"));
    if let Some(id) = &user
        && let Some(name) = names.users.get(id)
    {
        return name.clone();
    }
    let profile = msg.get("user_profile");
    let bot = msg.get("bot_profile");
    non_empty(profile.and_then(|p| p.get("display_name")))
        .or_else(|| non_empty(profile.and_then(|p| p.get("real_name"))))
        .or_else(|| non_empty(profile.and_then(|p| p.get("name"))))
        .or_else(|| non_empty(msg.get("username")))
        .or_else(|| non_empty(bot.and_then(|b| b.get("name"))))
        .or(user)
        .or_else(|| non_empty(msg.get("bot_id")))
        .unwrap_or_default()
}

/// Attachments a bot posted (alerts often carry all their text there): their fallback
/// text, or title and text, each on a line of its own. Link previews (`from_url`) repeat
/// what the message links to and are left out.
fn append_attachments(msg: &Map<String, Value>, text: &mut String, names: &Names) {
    let Some(Value::Array(attachments)) = msg.get("attachments") else {
        return;
    };
    for a in attachments {
        if a.get("from_url").is_some() || a.get("is_share").is_some() {
            continue;
        }
        let field = |k: &str| a.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        let body = match field("fallback") {
            Some(fallback) => fallback.to_string(),
            None => [field("pretext"), field("title"), field("text")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        };
        if body.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&decode_markup(&body, names));
    }
}

/// Shared files as `[file: NAME] (permalink)`. The private download URL is left out: it
/// can carry a token.
fn append_files(msg: &Map<String, Value>, text: &mut String) {
    let files: Vec<&Value> = match (msg.get("files"), msg.get("file")) {
        (Some(Value::Array(files)), _) => files.iter().collect(),
        // Old exports: one `file`, and a text that already says what was uploaded.
        (_, Some(file @ Value::Object(_))) if text.is_empty() => vec![file],
        _ => Vec::new(),
    };
    for file in files {
        let field = |k: &str| {
            file.get(k)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let note = match field("mode") {
            Some("tombstone") => "[file deleted]".to_string(),
            Some("hidden_by_limit") => "[file hidden by the workspace's plan]".to_string(),
            _ => {
                let name = field("title").or_else(|| field("name")).unwrap_or("file");
                match field("permalink") {
                    Some(link) => format!("{} ({link})", fields::file(name)),
                    None => fields::file(name),
                }
            }
        };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&note);
    }
}

/// A Slack `ts` (`"1452837318.000002"`, a string of seconds and a sequence fraction; a
/// number in some tools' exports) as an instant, read as a decimal, not a float.
pub fn parse_ts(ts: &Value) -> Option<DateTime<Utc>> {
    let text = match ts {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let (secs, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if secs.is_empty() || !secs.bytes().all(|b| b.is_ascii_digit()) || secs.len() > 12 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs: i64 = secs.parse().ok()?;
    let nanos = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    DateTime::from_timestamp(secs, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chatlogs/slack")
    }

    fn at(text: &str) -> DateTime<Utc> {
        match DateTime::parse_from_rfc3339(text) {
            Ok(t) => t.with_timezone(&Utc),
            Err(err) => panic!("{text}: {err}"),
        }
    }

    fn window(since: &str, until: &str) -> Window {
        Window {
            since: at(since),
            until: at(until),
        }
    }

    /// The incident's window in the `acme` export: 06:00 on the 14th to 08:00 on the 15th.
    fn incident() -> Window {
        window("2026-03-14T06:00:00Z", "2026-03-15T08:00:00Z")
    }

    fn golden(transcript: &Transcript) -> String {
        let mut out = String::new();
        for e in &transcript.entries {
            out.push_str(&format!(
                "{:>3} {} {:<7} {}<{}> {}\n",
                e.line,
                e.at.format("%Y-%m-%dT%H:%M:%S%.6fZ"),
                format!("{:?}", e.kind),
                if e.thread_reply { "↳ " } else { "" },
                e.nick,
                e.text.replace('\n', "⏎")
            ));
        }
        out.push_str(&format!("unparsed: {:?}\n", transcript.unparsed));
        out
    }

    fn read_err(dir: &Path, w: &Window) -> Error {
        match read(dir, w) {
            Ok(t) => panic!("{} read without an error: {t:?}", dir.display()),
            Err(err) => err,
        }
    }

    /// An error's message with the fixture folder's absolute path cut off.
    fn shown(err: &Error) -> String {
        let root = format!("{}/", fixtures().display());
        format!(
            "{}\nhint: {}",
            err.message,
            err.hint.as_deref().unwrap_or("")
        )
        .replace(&root, "")
    }

    #[test]
    fn an_export_channel_in_its_window() {
        let t = read(&fixtures().join("acme/ops"), &incident()).unwrap();
        insta::assert_snapshot!(golden(&t));
    }

    #[test]
    fn days_are_chosen_by_file_name_with_a_day_either_side() {
        let days = read_days(&fixtures().join("acme/ops"), &incident()).unwrap();
        let dates: Vec<String> = days.iter().map(|d| d.date.to_string()).collect();
        // 2026-03-10 and 2026-03-20 are not JSON at all: opening them would fail the read.
        assert_eq!(dates, ["2026-03-13", "2026-03-14", "2026-03-15"]);
        let t = &days[1].transcript;
        assert_eq!(
            t.unparsed,
            [88, 89, 147],
            "the string, the ts-less and the bad-ts message"
        );
        // A window far from the files opens none of them.
        let none = read(
            &fixtures().join("acme/ops"),
            &window("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(none, Transcript::default());
    }

    #[test]
    fn the_extra_day_catches_a_message_filed_under_the_previous_pacific_day() {
        // 06:30 UTC on the 14th is 23:30 on the 13th in California: Slack files it there.
        let t = read(
            &fixtures().join("acme/ops"),
            &window("2026-03-14T06:30:00Z", "2026-03-14T06:30:01Z"),
        )
        .unwrap();
        assert_eq!(t.entries.len(), 1);
        assert_eq!(t.entries[0].nick, "Bob Builder");
        assert_eq!(t.entries[0].line, 8);
    }

    #[test]
    fn the_window_is_inclusive_on_ts() {
        let w = window("2026-03-14T07:02:00.000300Z", "2026-03-14T07:03:00.000400Z");
        let t = read(&fixtures().join("acme/ops"), &w).unwrap();
        let texts: Vec<&str> = t.entries.iter().map(|e| e.nick.as_str()).collect();
        assert_eq!(texts, ["ann", "Bob Builder"]);
    }

    #[test]
    fn without_users_json_ids_are_shown() {
        let dir = fixtures().join("no-users/ops");
        assert!(looks_like_export(&dir), "recognised by its day files' `[`");
        let t = read(
            &dir,
            &window("2026-03-14T00:00:00Z", "2026-03-15T00:00:00Z"),
        )
        .unwrap();
        insta::assert_snapshot!(golden(&t), @r"
          2 2026-03-14T09:00:00.000100Z Message <U01ANN> @U02BOB ping
          3 2026-03-14T09:01:00.000200Z Message <bobby> pong
        unparsed: []
        ");
    }

    #[test]
    fn recognising_an_export() {
        let acme = fixtures().join("acme");
        assert!(looks_like_export(&acme.join("ops")));
        assert!(
            looks_like_export(&acme),
            "the root, so that `read` can list its channels"
        );
        assert!(!looks_like_export(&acme.join("users.json")));
        assert!(!looks_like_export(&fixtures().join("does-not-exist")));
        assert!(!looks_like_export(&fixtures().join("../irssi")));
        assert!(is_export_root(&acme));
        assert_eq!(
            channel_folder(&acme, "#deploys"),
            Some(acme.join("deploys"))
        );
        assert_eq!(
            channel_folder(&acme.join("ops"), "#ops"),
            Some(acme.join("ops"))
        );
        assert_eq!(channel_folder(&acme, "#nope"), None);
        assert_eq!(channel_folder(&acme, "#"), None);
    }

    #[test]
    fn the_export_root_is_refused_with_a_hint() {
        let err = read_err(&fixtures().join("acme"), &incident());
        insta::assert_snapshot!(shown(&err), @r"
        acme: no Slack day files (YYYY-MM-DD.json) in this folder
        hint: this is the export's root; point at one channel's folder: acme/deploys, acme/ops
        ");
    }

    #[test]
    fn bad_files_name_file_line_and_column() {
        let broken = fixtures().join("broken");
        for name in ["truncated", "invalid", "notarray", "empty", "trailing"] {
            let err = read_err(&broken.join(name), &incident());
            insta::assert_snapshot!(name, shown(&err));
        }
        // users.json is read the same way.
        let err = read_err(&fixtures().join("bad-users/ops"), &incident());
        insta::assert_snapshot!("bad-users", shown(&err));
    }

    #[test]
    fn a_huge_day_file_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let ops = dir.path().join("ops");
        std::fs::create_dir(&ops).unwrap();
        let day = File::create(ops.join("2026-03-14.json")).unwrap();
        // Sparse: 3 GiB on paper, nothing on disk.
        day.set_len(3 << 30).unwrap();
        let err = read_err(&ops, &incident());
        assert!(
            err.message.ends_with(
                "2026-03-14.json: the file is 3.0 GiB; pm reads Slack export files of up to 1 GiB"
            ),
            "{}",
            err.message
        );
        assert!(err.hint.is_some());
    }

    #[test]
    fn a_huge_message_is_refused() {
        let mut bytes = b"[{\"text\": \"".to_vec();
        bytes.resize(MAX_MESSAGE_BYTES + 10, b'a');
        let err =
            parse_day(&bytes[..], Path::new("big.json"), &Names::default(), None).unwrap_err();
        assert_eq!(
            err.message,
            "big.json:1:2: a message over 16 MiB; pm refuses it"
        );
    }

    fn one(json: &str) -> Transcript {
        match parse_day(
            json.as_bytes(),
            Path::new("t.json"),
            &Names::default(),
            None,
        ) {
            Ok(t) => t,
            Err(err) => panic!("{json}: {}", err.message),
        }
    }

    #[test]
    fn odd_but_valid_files() {
        assert_eq!(one("[]"), Transcript::default());
        assert_eq!(one("\u{feff} [ ]\n"), Transcript::default());
        let t =
            one("[1, null, true, \"x\", [], {\"ts\": 5}, {\"ts\": \"1.5\", \"type\": \"file\"}]");
        assert_eq!(t.unparsed, [1, 1, 1, 1, 1, 1]);
        assert_eq!(t.entries.len(), 1, "a numeric ts is read");
        let t = one("[{\"ts\": \"1773478800\", \"text\": \"no fraction\", \"user\": \"U1\"}]");
        assert_eq!(t.entries[0].at, at("2026-03-14T09:00:00Z"));
        assert_eq!(t.entries[0].nick, "U1");
    }

    #[test]
    fn ts_is_read_as_a_decimal() {
        let ts = |s: &str| parse_ts(&Value::String(s.into()));
        assert_eq!(
            ts("1773478800.000002").map(|t| t.timestamp_subsec_nanos()),
            Some(2000)
        );
        assert_eq!(
            ts("1773478800.1234567891").map(|t| t.timestamp_subsec_nanos()),
            Some(123_456_789)
        );
        for bad in [
            "",
            ".5",
            "-1.0",
            "1e9",
            "1.2.3",
            "yesterday",
            "99999999999999.0",
            " ",
        ] {
            assert_eq!(ts(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn markup() {
        let mut names = Names::default();
        names.users.insert("U1".into(), "ann".into());
        names.channels.insert("C1".into(), "ops".into());
        let cases = [
            ("<@U1> hi", "@ann hi"),
            ("<@U1|old> hi", "@ann hi"),
            ("<@U2>", "@U2"),
            ("<@U2|bob>", "@bob"),
            ("<#C1>", "#ops"),
            ("<#C1|renamed>", "#renamed"),
            ("<#C9>", "#C9"),
            ("<!here> <!channel> <!everyone>", "@here @channel @everyone"),
            ("<!here|here>", "here"),
            ("<!subteam^S1|@sre>", "@sre"),
            ("<!subteam^S1>", "@subteam"),
            ("<https://x.test|the label>", "the label (https://x.test)"),
            ("<https://x.test>", "https://x.test"),
            ("<https://x.test|https://x.test>", "https://x.test"),
            (
                "<https://x.test?a=1&amp;b=2|a &amp; b>",
                "a & b (https://x.test?a=1&b=2)",
            ),
            ("<mailto:a@b.test|a@b.test>", "a@b.test"),
            ("&lt;b&gt; &amp; &amp;amp; &copy;", "<b> & &amp; &copy;"),
            ("a < b", "a < b"),
            ("<<@U1>", "<@ann"),
            ("unclosed <https://x", "unclosed <https://x"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(decode_markup(input, &names), want, "{input}");
        }
    }
}
