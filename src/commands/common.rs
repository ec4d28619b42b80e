//! Helpers two or more commands share: reading the repository's postmortems, finding one
//! by id, the filters and rows of the listings, the findings summary on stderr, and the
//! atomic write of a file pm owns.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;
use serde::Serialize;

use crate::context::{Context, Project};
use crate::diagnostic::{Severity, did_you_mean};
use crate::document::{self, Depth, Document, ReadError};
use crate::error::{Error, Result};
use crate::output::diagnostics::JsonDiagnostic;
use crate::output::{self, Format, View, plural};
use crate::store;
use crate::time;

/// Finds ID and reads it at `depth` (a broken document is returned with its findings).
pub(crate) fn load_one(project: &Project, cwd: &Path, id: &str, depth: Depth) -> Result<Document> {
    let path = find_one(project, cwd, id)?;
    let mut loaded = load(project, std::slice::from_ref(&path), depth);
    if let Some((shown, why)) = loaded.failures.first() {
        return Err(Error::usage(format!("{shown}: {why}")));
    }
    loaded
        .docs
        .pop()
        .ok_or_else(|| Error::usage(format!("{}: could not be read", project.display(&path))))
}

/// A postmortem read for editing its front matter.
pub(crate) struct Editable {
    pub path: PathBuf,
    /// The path as shown.
    pub shown: String,
    pub doc: Document,
    /// The repository's write lock, held from the read to the write.
    pub lock: store::Lock,
}

/// Finds ID and reads it for editing; refuses a file whose front matter cannot be read.
pub(crate) fn open_for_edit(project: &Project, cwd: &Path, id: &str) -> Result<Editable> {
    let path = find_one(project, cwd, id)?;
    let shown = project.display(&path);
    let lock = store::Lock::acquire(&path)?;
    let source = match document::read_source(&path, shown.clone()) {
        Ok(s) => s,
        Err(ReadError::Io(e)) => return Err(Error::io(&path, e)),
        Err(ReadError::NotText(_, d)) => {
            return Err(Error::user(format!("{shown}: {}", d.message))
                .with_hint("pm edits only UTF-8 markdown files"));
        }
    };
    let doc = document::parse(source, &project.schema(), Depth::FrontMatter);
    if doc.unreadable || doc.split.is_none() {
        return Err(Error::user(format!(
            "{shown}: the front matter cannot be read, so pm does not edit it"
        ))
        .with_hint(format!("`pm check {shown}` says what is wrong")));
    }
    Ok(Editable {
        path,
        shown,
        doc,
        lock,
    })
}

/// The error for an edit `document::edit` refused, at its place.
pub(crate) fn refused(doc: &Document, shown: &str, r: document::edit::Refusal) -> Error {
    let place = match r.at {
        Some(at) => {
            let (line, col) = doc.source.line_col(at);
            format!("{shown}:{line}:{col}")
        }
        None => shown.to_string(),
    };
    Error::user(format!("{place}: not edited: {}", r.message))
        .with_hint("edit the file by hand; `pm check` validates it")
}

/// Writes `new` over `path` atomically, unless the file no longer holds `old` (an editor
/// or another program changed it since it was read: their text is not overwritten).
pub(crate) fn write_if_unchanged(path: &Path, shown: &str, old: &str, new: &str) -> Result<()> {
    store::replace_if_unchanged(path, shown, old.as_bytes(), new.as_bytes())
}

/// Documents read from disk, and the files that could not be read at all.
pub struct Loaded {
    pub docs: Vec<Document>,
    /// (path as shown, why) for files that could not be opened or read.
    pub failures: Vec<(String, String)>,
}

/// Reads `files` in parallel, in the order given.
pub fn load(project: &Project, files: &[PathBuf], depth: Depth) -> Loaded {
    load_with(project, files, depth, |_| {})
}

/// Like `load`, running `inspect` on each document as soon as it is parsed, on the same
/// worker thread: checks run in parallel and can free what they no longer need.
pub fn load_with(
    project: &Project,
    files: &[PathBuf],
    depth: Depth,
    inspect: impl Fn(&mut Document) + Sync,
) -> Loaded {
    let schema = project.schema();
    let results: Vec<std::result::Result<Document, (String, String)>> = files
        .par_iter()
        .map(|path| {
            let display = project.display(path);
            let read = if depth == Depth::FrontMatter {
                document::load_front_matter(path, display.clone(), &schema)
            } else {
                document::read_source(path, display.clone())
                    .map(|source| document::parse(source, &schema, depth))
            };
            match read {
                Ok(mut doc) => {
                    // Listing needs only the front matter's values: keep memory flat over
                    // thousands of files by dropping the text of those with nothing to report.
                    if depth == Depth::FrontMatter && doc.diagnostics.is_empty() {
                        doc.source.release_text();
                    }
                    inspect(&mut doc);
                    Ok(doc)
                }
                Err(ReadError::NotText(source, diagnostic)) => {
                    let mut doc = Document {
                        id: document::id_of(path),
                        source,
                        front: Default::default(),
                        split: None,
                        sections: Vec::new(),
                        diagnostics: vec![diagnostic],
                        unreadable: true,
                    };
                    inspect(&mut doc);
                    Ok(doc)
                }
                Err(ReadError::Io(e)) => Err((display, crate::error::describe_io(&e))),
            }
        })
        .collect();
    let failures = results
        .iter()
        .filter_map(|r| r.as_ref().err().cloned())
        .collect();
    Loaded {
        // Collected in place, into the results' own allocation: over 10,000 files a second
        // vector of documents cost megabytes of fresh memory for the kernel to zero.
        docs: results.into_iter().filter_map(Result::ok).collect(),
        failures,
    }
}

/// Every postmortem file of the repository.
pub fn all_files(project: &Project) -> Result<Vec<PathBuf>> {
    let dir = project.postmortems_dir();
    if !dir.is_dir() {
        return Err(crate::error::Error::user(format!(
            "the postmortems folder `{}` does not exist",
            project.display(&dir)
        ))
        .with_hint("run `pm init`, or set `postmortems_dir` in pm.yaml"));
    }
    document::find_files(&dir).map_err(|e| crate::error::Error::io(&dir, e))
}

/// Finds a postmortem by id (file stem), by a unique id fragment, or by path (from the
/// current folder, or from the repository root as pm shows paths).
pub fn find_one(project: &Project, cwd: &Path, what: &str) -> Result<PathBuf> {
    use crate::error::Error;
    if what.ends_with(".md") {
        for as_path in [cwd.join(what), project.root.join(what)] {
            if as_path.is_file() {
                return Ok(as_path);
            }
        }
    }
    let files = all_files(project)?;
    let stem = |p: &PathBuf| document::id_of(p);
    let exact: Vec<&PathBuf> = files.iter().filter(|p| stem(p) == what).collect();
    let matches: Vec<&PathBuf> = match exact.as_slice() {
        [one] => return Ok((*one).clone()),
        [] => files.iter().filter(|p| stem(p).contains(what)).collect(),
        _ => exact,
    };
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::user(format!("no postmortem `{what}`"))
            .with_hint("`pm list` shows the ids; an id is the file name without `.md`")),
        many => {
            // At most a screenful of paths: `pm list` is the way to see them all.
            const SHOWN: usize = 10;
            let mut listed: Vec<String> = many
                .iter()
                .take(SHOWN)
                .map(|p| project.display(p))
                .collect();
            if many.len() > SHOWN {
                listed.push(format!("and {} more", many.len() - SHOWN));
            }
            // Ids used by more than one of the matching files.
            let mut ids: Vec<String> = many.iter().map(|p| stem(p)).collect();
            ids.sort();
            let mut duplicated: Vec<String> = ids
                .windows(2)
                .filter(|w| w[0] == w[1])
                .map(|w| format!("`{}`", w[0]))
                .collect();
            duplicated.dedup();
            let example = format!("`pm show {}`", project.display(many[0]));
            let one_id = ids.first() == ids.last();
            let hint = if one_id {
                format!(
                    "give a path instead, e.g. {example}; ids must be unique, and `pm check` reports this one as `duplicate-id`: rename one of the files"
                )
            } else if duplicated.is_empty() {
                format!("give more of the id, or a path, e.g. {example}")
            } else {
                format!(
                    "give more of the id, or a path, e.g. {example}; {} {} used by more than one file, which `pm check` reports as `duplicate-id`",
                    duplicated.join(", "),
                    if duplicated.len() == 1 { "is" } else { "are" }
                )
            };
            let (n, listed) = (many.len(), listed.join(", "));
            let message = match ids.first() {
                Some(id) if one_id && id == what => {
                    format!("the id `{id}` is used by {n} postmortems: {listed}")
                }
                Some(id) if one_id => {
                    format!("`{what}` matches {n} postmortems, which share the id `{id}`: {listed}")
                }
                _ => format!("`{what}` matches {n} postmortems: {listed}"),
            };
            Err(Error::user(message).with_hint(hint))
        }
    }
}

/// The default template, used when the repository has no `<templates_dir>/postmortem.md`
/// (`pm new`), and written by `pm init`.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/postmortem.md");

/// Prints `view` in `format` on the context's output.
pub fn print(ctx: &mut Context, format: Format, view: &impl View) -> Result<()> {
    let out = &mut ctx.out;
    output::write(
        format,
        &mut *out.stdout,
        &mut *out.stderr,
        out.terminal,
        view,
    )?;
    Ok(())
}

/// The formats of the listings (`pm list`, `pm overdue`, `pm remediation list`).
pub const LISTING_FORMATS: &[Format] =
    &[Format::Human, Format::Json, Format::Csv, Format::Markdown];

/// `--format`'s parser for a command that prints `formats`: the names of `output::Format`,
/// the same everywhere. `table` and `text`, the names `human` had before, still work.
pub fn format_parser(
    formats: &'static [Format],
) -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = formats.iter().map(|f| {
        let value = PossibleValue::new(f.name());
        if *f == Format::Human {
            value.aliases(["table", "text"])
        } else {
            value
        }
    });
    PossibleValuesParser::new(values).map(|name| {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .unwrap_or(Format::Human)
    })
}

/// The postmortem filters `pm list` and `pm overdue` share.
#[derive(Debug, clap::Args)]
pub struct DocFilter {
    /// Only postmortems of this severity (repeatable, or comma-separated)
    #[arg(long, value_name = "SEVERITY", value_delimiter = ',')]
    pub severity: Vec<String>,

    /// Only postmortems that list this service
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,

    /// Only postmortems with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
}

/// Reads the time a person gave to `--FLAG` ([`time::parse_human`]'s forms) in `tz`; when
/// the text named it relative to now (`yesterday 14:00`, `-2h`), says on `echo` which
/// absolute time it was read as.
pub fn time_flag(
    flag: &str,
    text: &str,
    now: DateTime<Utc>,
    tz: Tz,
    echo: &mut dyn Write,
) -> Result<DateTime<Utc>> {
    let spoken = time::parse_human(text, now, tz).map_err(|why| {
        Error::usage(format!("--{flag}: {why}")).with_hint(format!(
            "e.g. --{flag} \"{}\", --{flag} \"yesterday 14:00\" or --{flag} -2h (times in {tz})",
            now.with_timezone(&tz).format("%Y-%m-%d %H:%M")
        ))
    })?;
    if spoken.relative {
        writeln!(
            echo,
            "--{flag} {}: {}",
            text.trim(),
            time::format_local(spoken.at, tz)
        )?;
    }
    Ok(spoken.at)
}

/// A day given at --since or --until (`pm stats`, `pm report`).
#[derive(Debug, Clone, Copy)]
pub enum Day {
    On(NaiveDate),
    /// This many days before today.
    Ago(u32),
}

impl Day {
    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        match self {
            Day::On(d) => d,
            Day::Ago(n) => today - chrono::Duration::days(i64::from(n)),
        }
    }
}

pub fn parse_day(text: &str) -> std::result::Result<Day, String> {
    let t = text.trim();
    let span = |digits: &str, unit: u32| {
        digits
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 100_000)
            .map(|n| Day::Ago(n * unit))
    };
    let found = match t.strip_suffix(['d', 'D']) {
        Some(d) => span(d, 1),
        None => t.strip_suffix(['w', 'W']).and_then(|w| span(w, 7)),
    };
    match found {
        Some(day) => Ok(day),
        None => parse_date_arg(t).map(Day::On).map_err(|why| {
            format!(
                "{why}; write a day as YYYY-MM-DD, or a span back from today such as 30d or 12w"
            )
        }),
    }
}

pub(crate) fn parse_date_arg(text: &str) -> std::result::Result<NaiveDate, String> {
    time::parse_date(text)
}

/// `--severity` values as configured (matched case-insensitively: `sev1` means `SEV1`); a
/// usage error naming the severities for one that is not configured.
/// The severities as a person picks one at a prompt (`pm new`, `pm import -i`): the name,
/// and its description from pm.yaml after a dash when there is one.
pub(crate) fn severity_choices(config: &crate::config::Config) -> Vec<String> {
    config
        .severities
        .iter()
        .map(|s| match s.description.trim() {
            "" => s.name.clone(),
            d => format!("{} — {d}", s.name),
        })
        .collect()
}

pub(crate) fn resolve_severities(given: &[String], project: &Project) -> Result<Vec<String>> {
    let known: Vec<&str> = project.config.severity_names().collect();
    resolve_choices("severity", "severities", given, &known)
}

/// `--type` values as configured (pm.yaml's `types`), matched case-insensitively.
pub(crate) fn resolve_types(given: &[String], project: &Project) -> Result<Vec<String>> {
    let known: Vec<&str> = project.config.types.iter().map(String::as_str).collect();
    resolve_choices("type", "types", given, &known)
}

/// Each of `given` as one of `known` (pm.yaml's `key`), or a usage error for `--flag`
/// naming them, with the closest.
fn resolve_choices(flag: &str, key: &str, given: &[String], known: &[&str]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for given in given {
        match known.iter().find(|k| k.eq_ignore_ascii_case(given.trim())) {
            Some(k) => found.push(k.to_string()),
            None => {
                let mut e = Error::usage(format!(
                    "--{flag}: `{given}` is not one of the {key}: {}",
                    known.join(", ")
                ));
                e = match did_you_mean(given, known.iter().copied()) {
                    Some(best) => e.with_hint(format!("did you mean `{best}`?")),
                    None => e.with_hint(format!("{key} are configured in pm.yaml (`{key}`)")),
                };
                return Err(e);
            }
        }
    }
    Ok(found)
}

/// Whether `list` holds `want` (case-insensitively), or no value is wanted.
pub(crate) fn lists(list: &[String], want: &Option<String>) -> bool {
    want.as_ref()
        .is_none_or(|w| list.iter().any(|x| x.trim().eq_ignore_ascii_case(w.trim())))
}

/// The day the incident started: in the document's own `timezone:`, else the repository's
/// `tz` (the day its file name carries).
pub(crate) fn start_date(doc: &Document, tz: Tz) -> Option<NaiveDate> {
    let zone = doc.front.zone(tz);
    doc.front
        .started_at
        .map(|t| t.with_timezone(&zone).date_naive())
}

/// Newest first (by start), then by id; documents without a start time last.
pub(crate) fn sort_newest_first(docs: &mut [Document]) {
    docs.sort_by(|a, b| {
        let (sa, sb) = (a.front.started_at, b.front.started_at);
        match (sa, sb) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.id.cmp(&b.id))
    });
}

/// Tells stderr about each broken document and each file that could not be read.
pub(crate) fn warn_problems(
    stderr: &mut dyn Write,
    docs: &[Document],
    failures: &[(String, String)],
) -> std::io::Result<()> {
    for doc in docs.iter().filter(|d| d.has_errors()) {
        let n = doc.diagnostics.iter().filter(|d| d.is_error()).count();
        writeln!(
            stderr,
            "warning: {path}: {errors}; run `pm check {path}`",
            path = doc.source.display,
            errors = plural(n, "error")
        )?;
    }
    for (path, why) in failures {
        writeln!(stderr, "error: {path}: cannot read: {why}")?;
    }
    Ok(())
}

/// A timestamp in JSON: RFC 3339 in UTC, to the second.
pub(crate) fn json_time(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// The text shown for a status: `! broken` marks a document with errors.
pub(crate) fn status_cell(doc: &Document) -> String {
    if doc.has_errors() {
        "! broken".to_string()
    } else {
        doc.front
            .status
            .map_or_else(String::new, |s| s.as_str().to_string())
    }
}

/// One postmortem in `pm list --format json`. The keys are stable:
///
/// - `id` (string): the file stem; `path` (string): relative to the repository root
/// - `title`, `status`, `severity` (string or null): null when missing or invalid
/// - `started_at`, `detected_at`, `customers_notified_at`, `resolved_at`, `meeting_at`
///   (string or null): RFC 3339 in UTC, e.g. `2026-03-14T09:12:00Z`
/// - `timezone` (string or null): the document's own `timezone:` (an IANA name), which
///   its times are shown in and its date is counted in
/// - `time_to_detect_seconds`, `time_to_resolve_seconds` (integer or null)
/// - `services`, `tags` (arrays of strings)
/// - `open_items`, `remediation_items` (integers): open remediation items, and all of them
/// - `broken` (bool): the document has errors (`pm check` says which); the other values
///   are what could be read
#[derive(Debug, Serialize)]
pub(crate) struct JsonEntry<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub title: Option<&'a str>,
    pub status: Option<&'static str>,
    pub severity: Option<&'a str>,
    /// `type:` (`incident` when the document gives none).
    #[serde(rename = "type")]
    pub incident_type: &'a str,
    pub started_at: Option<String>,
    pub detected_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub mitigated_at: Option<String>,
    pub customers_notified_at: Option<String>,
    pub resolved_at: Option<String>,
    pub meeting_at: Option<String>,
    pub timezone: Option<&'static str>,
    pub time_to_detect_seconds: Option<i64>,
    pub time_to_acknowledge_seconds: Option<i64>,
    pub time_to_mitigate_seconds: Option<i64>,
    pub time_to_resolve_seconds: Option<i64>,
    pub services: &'a [String],
    pub tags: &'a [String],
    pub open_items: usize,
    pub remediation_items: usize,
    pub broken: bool,
}

impl<'a> JsonEntry<'a> {
    pub fn new(doc: &'a Document) -> JsonEntry<'a> {
        let f = &doc.front;
        JsonEntry {
            id: &doc.id,
            path: &doc.source.display,
            title: f.title.as_deref(),
            status: f.status.map(|s| s.as_str()),
            severity: f.severity.as_deref(),
            incident_type: f.incident_type.as_deref().unwrap_or("incident"),
            started_at: json_time(f.started_at),
            detected_at: json_time(f.detected_at),
            acknowledged_at: json_time(f.acknowledged_at),
            mitigated_at: json_time(f.mitigated_at),
            customers_notified_at: json_time(f.customers_notified_at),
            resolved_at: json_time(f.resolved_at),
            meeting_at: json_time(f.meeting_at),
            timezone: f.timezone.map(|z| z.name()),
            time_to_detect_seconds: f.time_to_detect().map(|d| d.num_seconds()),
            time_to_acknowledge_seconds: f.time_to_acknowledge().map(|d| d.num_seconds()),
            time_to_mitigate_seconds: f.time_to_mitigate().map(|d| d.num_seconds()),
            time_to_resolve_seconds: f.time_to_resolve().map(|d| d.num_seconds()),
            services: &f.services,
            tags: &f.tags,
            open_items: f.open_items(),
            remediation_items: f.remediation.len(),
            broken: doc.has_errors(),
        }
    }
}

/// Sums up a document's findings on stderr: one line each, then the count.
pub(crate) fn write_findings(out: &mut dyn Write, doc: &mut Document) -> std::io::Result<()> {
    let check = format!("pm check {}", doc.source.display);
    write_findings_with(out, doc, &check)
}

/// [`write_findings`], with the `pm check` command line the count's hint gives (`pm stats`
/// over several repositories: `pm check -C DIR FILE`).
pub(crate) fn write_findings_with(
    out: &mut dyn Write,
    doc: &mut Document,
    check: &str,
) -> std::io::Result<()> {
    if doc.diagnostics.is_empty() {
        return Ok(());
    }
    doc.sort_diagnostics();
    let mut errors = 0;
    let mut warnings = 0;
    let mut notes = 0;
    for d in &doc.diagnostics {
        let j = JsonDiagnostic::new(&doc.source, d);
        let kind = match d.severity {
            Severity::Error => {
                errors += 1;
                "error"
            }
            Severity::Warning => {
                warnings += 1;
                "warning"
            }
            Severity::Note => {
                notes += 1;
                "note"
            }
        };
        writeln!(
            out,
            "{}:{}:{}: {kind}[{}]: {}",
            j.path, j.line, j.column, d.rule, d.message
        )?;
    }
    let path = &doc.source.display;
    writeln!(
        out,
        "{path}: {}, {}{}; run `{check}` for details",
        plural(errors, "error"),
        plural(warnings, "warning"),
        if notes > 0 {
            format!(", {}", plural(notes, "note"))
        } else {
            String::new()
        }
    )
}

/// The bytes of the file at `path`, or `None` when there is none.
pub fn read_if_there(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// What became of one chart file of [`write_charts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFile {
    /// It already held these bytes.
    Same,
    Wrote,
    Updated,
    /// `--check`: it is not there.
    Missing,
    /// `--check`: it holds other bytes.
    Stale,
}

/// Whether a chart file's old bytes (if any) lack pm's marker: pm did not write it.
fn not_ours(old: Option<&[u8]>) -> bool {
    old.is_some_and(|b| !String::from_utf8_lossy(b).contains(output::chart::MARKER))
}

fn foreign_chart(shown: &str) -> Error {
    Error::user(format!(
        "{shown} exists and was not written by pm; no chart written"
    ))
    .with_hint(format!(
        "move it away, or write the charts to another folder; pm only replaces an SVG file that holds `{}`",
        output::chart::MARKER
    ))
}

/// What [`write_charts`] would refuse, found before anything is printed or written: `dir`
/// is a file (exit 2), or one of the charts' files there was not written by pm (exit 1).
pub fn check_chart_folder(
    dir: &Path,
    shown: &dyn Fn(&Path) -> String,
    charts: &[output::chart::Chart],
) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(format!(
            "--chart {}: not a folder; the charts are files written into a folder",
            shown(dir)
        ))
        .with_hint("give a folder (made if missing), e.g. --chart charts"));
    }
    for chart in charts {
        let path = dir.join(format!("{}.svg", chart.name));
        if not_ours(read_if_there(&path)?.as_deref()) {
            return Err(foreign_chart(&shown(&path)));
        }
    }
    Ok(())
}

/// Writes each chart as `DIR/NAME.svg` (or, with `check`, only compares), shown by
/// `shown`; the caller holds the repository's lock. A file there without pm's marker is
/// never overwritten: nothing is written then, and the error says which.
pub fn write_charts(
    dir: &Path,
    shown: &dyn Fn(&Path) -> String,
    charts: &[output::chart::Chart],
    check: bool,
) -> Result<Vec<(String, ChartFile)>> {
    let mut planned = Vec::new();
    for chart in charts {
        let path = dir.join(format!("{}.svg", chart.name));
        let svg = output::chart::svg(chart).map_err(|e| Error::io(&path, e))?;
        let old = read_if_there(&path)?;
        if not_ours(old.as_deref()) && !check {
            return Err(foreign_chart(&shown(&path)));
        }
        planned.push((path, svg, old));
    }
    let mut out = Vec::new();
    for (path, svg, old) in planned {
        let same = old
            .as_deref()
            .is_some_and(|b| String::from_utf8_lossy(b).replace("\r\n", "\n") == svg);
        let state = match (same, &old, check) {
            (true, _, _) => ChartFile::Same,
            (false, None, true) => ChartFile::Missing,
            (false, Some(_), true) => ChartFile::Stale,
            (false, None, false) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                store::write(&path, &shown(&path), svg.as_bytes())?;
                ChartFile::Wrote
            }
            (false, Some(old), false) => {
                store::replace_if_unchanged(&path, &shown(&path), old, svg.as_bytes())?;
                ChartFile::Updated
            }
        };
        out.push((shown(&path), state));
    }
    Ok(out)
}

/// The names of several lists (each repository's configured ones), in order, each once.
pub fn union<'a>(lists: impl Iterator<Item = &'a [String]>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for list in lists {
        for s in list {
            if !out.contains(s) {
                out.push(s.clone());
            }
        }
    }
    out
}
