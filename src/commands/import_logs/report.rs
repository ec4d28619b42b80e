//! The import report: per channel what was read, skipped and redacted, and the
//! front-matter times an alerting source proposes.

use std::io::Write;
use std::path::Path;

use chrono_tz::Tz;

use super::Channel;
use crate::chatlog::source;
use crate::chatlog::{Entry, Kind, Signal};
use crate::context::Project;
use crate::document;
use crate::error::Result;
use crate::output::{noun, plural, plural_of};
use crate::time;

pub(super) fn write_report(
    out: &mut Vec<u8>,
    c: &Channel,
    project: &Project,
    tz: Tz,
) -> Result<()> {
    let entries = &c.read.entries;
    let messages = entries
        .iter()
        .filter(|e| matches!(e.kind, Kind::Message | Kind::Action))
        .count();
    let shown_time = |e: &Entry| {
        let local = e.at.with_timezone(&tz);
        if e.minute_precision {
            local.format("%Y-%m-%d %H:%M %Z").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M:%S %Z").to_string()
        }
    };
    let span = match (entries.first(), entries.last()) {
        (Some(first), Some(last)) => format!(", {} to {}", shown_time(&first), shown_time(&last)),
        _ => String::new(),
    };
    writeln!(
        out,
        "{}: {} imported ({}, {}){span}",
        c.name,
        plural_of(entries.len(), "entry", "entries"),
        plural(messages, "message"),
        plural(entries.len() - messages, "event"),
    )?;
    let files: Vec<String> = c
        .read
        .files
        .iter()
        .map(|f| format!("{} ({})", show_path(project, &f.path), f.format))
        .collect();
    if files.len() <= 3 {
        writeln!(out, "  read {}", files.join(", "))?;
    } else {
        writeln!(
            out,
            "  read {} files ({} ... {})",
            files.len(),
            files[0],
            files[files.len() - 1]
        )?;
    }
    if c.read.files_skipped > 0 {
        writeln!(
            out,
            "  {} not opened: their dates are outside the window",
            plural(c.read.files_skipped, "per-day file")
        )?;
    }
    for f in &c.read.files {
        if let Some(note) = &f.note {
            writeln!(out, "  warning: {}: {note}", show_path(project, &f.path))?;
        }
        if f.undated > 0 {
            writeln!(
                out,
                "  {} skipped in {} ({} {}): no date known before {}: use --date or a dated file name",
                plural(f.undated, "timed line"),
                show_path(project, &f.path),
                noun(f.undated, "line"),
                line_numbers(&f.undated_lines, f.undated),
                if f.undated == 1 {
                    "this line"
                } else {
                    "these lines"
                }
            )?;
        }
        if f.unparsed == 0 {
            continue;
        }
        writeln!(
            out,
            "  {} skipped as unparseable in {}: {} {}",
            plural(f.unparsed, "line"),
            show_path(project, &f.path),
            noun(f.unparsed, "line"),
            line_numbers(&f.unparsed_lines, f.unparsed)
        )?;
        if f.parsed == 0 {
            writeln!(
                out,
                "  no line of it could be read: check the source's `format:`; lines without a date need a day from the file's name, a date line, or --date"
            )?;
        }
    }
    let redacted = redacted(&c.redactions);
    let counts: [(usize, &str, &str, &str); 4] = [
        (c.redactions.values().sum(), "secret", "secrets", &redacted),
        (
            c.read.ambiguous,
            "time",
            "times",
            "repeated by a DST change: took the earlier instant",
        ),
        (
            c.read.shifted,
            "time",
            "times",
            "in a DST gap: read with the offset before the change",
        ),
        (
            c.read.backwards,
            "line",
            "lines",
            "earlier than the line before (times going backwards): kept, sorted by time",
        ),
    ];
    for (n, one, many, what) in counts {
        if n > 0 {
            writeln!(out, "  {} {what}", plural_of(n, one, many))?;
        }
    }
    Ok(())
}

fn show_path(project: &Project, path: &Path) -> String {
    let home = source::home_dir();
    if let Ok(rel) = path.strip_prefix(&project.root) {
        return rel.to_string_lossy().replace('\\', "/");
    }
    if let Some(home) = home
        && let Ok(rel) = path.strip_prefix(&home)
    {
        return format!("~/{}", rel.to_string_lossy());
    }
    path.to_string_lossy().into_owned()
}

/// Front-matter times an alerting source suggests (PagerDuty's first trigger for
/// `detected_at`, its first acknowledgement for `acknowledged_at`), each proposed only when
/// the front matter lacks it, with the exact lines to add and where: no pm command sets a
/// front-matter time, and pm never writes these itself.
pub(super) fn propose_times(
    out: &mut Vec<u8>,
    channels: &[Channel],
    front: &document::FrontMatter,
    text: &str,
    shown: &str,
    tz: Tz,
) -> Result<()> {
    let first = |signal: Signal| {
        channels
            .iter()
            .flat_map(|c| c.read.entries.iter())
            .filter(|e| e.signal == Some(signal))
            .min_by_key(|e| e.at)
    };
    let stamp = |e: &Entry| e.at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let by = |e: &Entry| match e.nick.as_str() {
        "" | "PagerDuty" => String::new(),
        who => format!(" by {who}"),
    };
    // (key, value, why, the keys it goes after: the first present wins)
    let mut proposed: Vec<(&str, String, String, &[&str])> = Vec::new();
    if front.detected_at.is_none()
        && let Some(e) = first(Signal::Triggered)
    {
        let why = format!("the alert fired, {}", time::format_local(e.at, tz));
        proposed.push(("detected_at", stamp(&e), why, &["started_at"]));
    }
    if front.acknowledged_at.is_none()
        && let Some(e) = first(Signal::Acknowledged)
    {
        let why = format!(
            "first acknowledged{}, {}",
            by(&e),
            time::format_local(e.at, tz)
        );
        proposed.push((
            "acknowledged_at",
            stamp(&e),
            why,
            &["detected_at", "started_at"],
        ));
    }
    if proposed.is_empty() {
        return Ok(());
    }
    for (key, value, why, _) in &proposed {
        writeln!(
            out,
            "proposed: {key}: {value} ({why}); {shown} has no `{key}`, and pm does not set it for you"
        )?;
    }
    // Where each line goes: after the line of the first key of its list present in the
    // front matter (a proposed detected_at counts for acknowledged_at), else after the
    // opening `---`.
    let lines = front_matter_keys(text);
    let mut places: Vec<(usize, String, Vec<String>)> = Vec::new();
    for (key, value, _, after) in &proposed {
        let anchor = after.iter().find_map(|k| {
            lines
                .iter()
                .find(|(name, _, _)| name == k)
                .map(|(_, line, shown)| (*line, shown.clone()))
                .or_else(|| {
                    places
                        .iter()
                        .find(|(_, _, adds)| adds.iter().any(|a| a.starts_with(&format!("{k}:"))))
                        .map(|(line, shown, _)| (*line, shown.clone()))
                })
        });
        let (line, anchor_text) = anchor.unwrap_or((1, "---".into()));
        let add = format!("{key}: {value}");
        match places.iter_mut().find(|(l, _, _)| *l == line) {
            Some((_, _, adds)) => adds.push(add),
            None => places.push((line, anchor_text, vec![add])),
        }
    }
    for (line, anchor, adds) in &places {
        writeln!(
            out,
            "  to set {}: add {} to the front matter of {shown}, after line {line} (`{anchor}`):",
            if adds.len() == 1 { "it" } else { "them" },
            if adds.len() == 1 {
                "this line"
            } else {
                "these lines"
            },
        )?;
        for add in adds {
            writeln!(out, "    {add}")?;
        }
        let script: Vec<String> = adds.iter().map(|a| format!("-e '{line}a {a}'")).collect();
        writeln!(
            out,
            "  or with GNU sed: sed -i {} {}",
            script.join(" "),
            shell_word(shown)
        )?;
    }
    Ok(())
}

/// The top-level keys of the document's front matter: (key, 1-based line, the line).
fn front_matter_keys(text: &str) -> Vec<(String, usize, String)> {
    let Ok(split) = crate::parse::split(text) else {
        return Vec::new();
    };
    let first = text[..split.yaml.start].matches('\n').count() + 1;
    let mut keys = Vec::new();
    for (line, raw) in (first..).zip(text[split.yaml.clone()].split_inclusive('\n')) {
        let content = raw.trim_end_matches(['\n', '\r']);
        if let Some((key, _)) = content.split_once(':')
            && !key.is_empty()
            && !key.starts_with([' ', '\t', '#', '-'])
            && !key.contains(' ')
        {
            keys.push((key.to_string(), line, content.to_string()));
        }
    }
    keys
}

/// A path as one shell word: quoted when it holds anything but plain characters.
fn shell_word(path: &str) -> String {
    if path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

/// `redacted (2 password, 1 github-token)`: the kinds, most frequent first.
fn redacted(kinds: &std::collections::BTreeMap<&'static str, usize>) -> String {
    let mut kinds: Vec<(&str, usize)> = kinds.iter().map(|(k, n)| (*k, *n)).collect();
    kinds.sort_by_key(|&(k, n)| (std::cmp::Reverse(n), k));
    let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!("redacted ({})", list.join(", "))
}

/// The first line numbers shown, and `...` when there are more.
fn line_numbers(shown: &[usize], total: usize) -> String {
    let mut numbers: Vec<String> = shown.iter().map(|n| n.to_string()).collect();
    if total > shown.len() {
        numbers.push("...".into());
    }
    numbers.join(", ")
}
