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
        (Some(first), Some(last)) => format!(", {} to {}", shown_time(first), shown_time(last)),
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
/// `detected_at`), proposed with the line to add; pm never writes them itself.
pub(super) fn propose_times(
    out: &mut Vec<u8>,
    channels: &[Channel],
    front: &document::FrontMatter,
    shown: &str,
    tz: Tz,
) -> Result<()> {
    let first = |signal: Signal| {
        channels
            .iter()
            .flat_map(|c| c.read.entries.iter())
            .filter(|e| e.signal == Some(signal))
            .map(|e| e.at)
            .min()
    };
    let acknowledged = first(Signal::Acknowledged);
    if front.detected_at.is_none()
        && let Some(at) = first(Signal::Triggered)
    {
        let stamp = at.format("%Y-%m-%dT%H:%M:%SZ");
        let after = if front.started_at.is_some() {
            "/^started_at:/a"
        } else {
            "1a"
        };
        writeln!(
            out,
            "proposed: detected_at: {stamp} (the alert fired, {}); {shown} has no `detected_at` and pm does not set it for you",
            time::format_local(at, tz)
        )?;
        writeln!(
            out,
            "  to set it: sed -i '{after} detected_at: {stamp}' {shown}   (or add the line to its front matter by hand)"
        )?;
    }
    if let Some(at) = acknowledged {
        writeln!(
            out,
            "note: first acknowledged at {} ({}); the front matter has no `acknowledged_at` field to propose it for",
            at.format("%Y-%m-%dT%H:%M:%SZ"),
            time::format_local(at, tz)
        )?;
    }
    Ok(())
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
