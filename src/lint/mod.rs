//! The checks of `pm check` beyond reading the front matter: timestamps in order, file
//! names, sections, links, remediation items, and ids unique across the repository.

mod meeting;
mod remediation;

use std::collections::HashMap;

use chrono::Datelike;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Kind};
use crate::document::{Document, Status};
use crate::parse::locate::{Seg, locate};

pub mod language;
pub mod prose;
pub mod readiness;
pub mod rules;
pub mod settings;
mod words;

/// What the checks are given of the repository: its root (links must stay inside it) and
/// the settings pm.yaml has for them. `context::Project::lint_setup` makes one per run.
pub struct Setup<'a> {
    pub root: &'a Path,
    /// The repository time zone: dates of file names and items are days in it.
    pub timezone: chrono_tz::Tz,
    pub required_sections: &'a [String],
    /// pm.yaml's `sections:`: aliases, and sections that may be left out.
    pub section_names: &'a crate::document::sections::Names,
    pub remediation_due_days: i64,
    pub remediation_max_days: i64,
    /// pm.yaml's `lint:` section.
    pub language: &'a settings::Settings,
    /// Check every document as if it were in review (`pm check --ready`): empty sections,
    /// an empty timeline and the rest of `readiness` are errors even in a draft.
    pub as_if_in_review: bool,
    /// `people:` of pm.yaml: authors, facilitators and owners are held to it when it is
    /// not empty.
    pub people: &'a crate::document::people::Directory,
    /// `meeting.within` when pm.yaml has a `meeting:` section: a finished postmortem
    /// should have had its meeting this soon.
    pub meeting_within: Option<chrono::TimeDelta>,
    /// The clock, for checks that depend on today (`pm check` sets it).
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// `history.before` of pm.yaml: documents that started before it are history.
    pub history_before: Option<chrono::NaiveDate>,
}

/// Checks that only make sense for new work: for history (`imported: true`, or started
/// before `history.before`), their findings are notes. Nobody will now own a 2018 item,
/// set its due date or hold its meeting, and its review happened long ago.
pub const HISTORY_RULES: &[&str] = &[
    "remediation-no-owner",
    "remediation-no-due",
    "remediation-due-too-late",
    "remediation-done-without-date",
    "meeting-missing",
    "meeting-before-resolution",
    "unknown-person",
    "empty-section",
    "empty-timeline",
    "unanswered-question",
    "no-remediation",
];

impl Setup<'_> {
    /// Whether `front` is history: imported, or started before `history.before`.
    pub fn is_history(&self, front: &crate::document::FrontMatter) -> bool {
        front.imported
            || self.history_before.is_some_and(|day| {
                front
                    .started_at
                    .is_some_and(|t| t.with_timezone(&front.zone(self.timezone)).date_naive() < day)
            })
    }
}

/// What `pm check` knows across the files it checks.
#[derive(Default)]
pub struct Repository<'a> {
    /// For each checked file whose id an earlier file already uses, that other file.
    pub duplicates: HashMap<&'a Path, &'a Path>,
    /// With `--changed-lines`: the lines the branch changed, by canonical path; language
    /// findings on other lines are dropped.
    pub changed_lines: Option<HashMap<PathBuf, Vec<u32>>>,
}

impl Setup<'_> {
    /// A path as diagnostics show it: from the repository root.
    pub fn display(&self, path: &Path) -> String {
        crate::document::display_path(self.root, path)
    }
}

/// The checks of `pm check` on one document of the repository: its own, then the ids it
/// shares with other files; with `--changed-lines`, language findings only on changed
/// lines. The findings end sorted.
pub fn check_in_repository(doc: &mut Document, setup: &Setup<'_>, repo: &Repository<'_>) {
    check_document(doc, setup);
    if let Some(lines) = &repo.changed_lines {
        let path = doc
            .source
            .path
            .canonicalize()
            .unwrap_or_else(|_| doc.source.path.clone());
        let changed = lines.get(&path);
        let source = &doc.source;
        doc.diagnostics.retain(|d| {
            if d.kind != Kind::Language {
                return true;
            }
            let Some(span) = &d.span else { return true };
            let (line, _) = source.line_col(span.start);
            changed.is_some_and(|l| l.contains(&(line as u32)))
        });
    }
    if let Some(other) = repo.duplicates.get(doc.source.path.as_path()) {
        doc.diagnostics
            .push(duplicate_id(&doc.id, &setup.display(other)));
        setup.language.apply(&mut doc.diagnostics);
        doc.sort_diagnostics();
    }
}

/// Runs every per-document check, adding findings to the document, sorted.
pub fn check_document(doc: &mut Document, setup: &Setup<'_>) {
    if doc.unreadable {
        setup.language.apply(&mut doc.diagnostics);
        return;
    }
    let mut found = Vec::new();
    timestamps(doc, setup, &mut found);
    file_name(doc, setup, &mut found);
    sections(doc, setup, &mut found);
    links(doc, setup, &mut found);
    found.extend(language::check(doc, setup.language));
    remediation::check(doc, setup, &mut found);
    meeting::check(doc, setup, &mut found);
    if in_review(doc, setup) {
        readiness::check(doc, setup, &mut found);
    }
    doc.diagnostics.extend(found);
    if setup.is_history(&doc.front) {
        for d in &mut doc.diagnostics {
            if HISTORY_RULES.contains(&d.rule) {
                d.severity = crate::diagnostic::Severity::Note;
            }
        }
    }
    // After the history notes: a severity pm.yaml gives a rule has the last word.
    setup.language.apply(&mut doc.diagnostics);
    doc.sort_diagnostics();
}

/// Whether `doc` is checked as a finished postmortem: in review, published, or under
/// `--ready`.
fn in_review(doc: &Document, setup: &Setup<'_>) -> bool {
    setup.as_if_in_review || matches!(doc.front.status, Some(Status::InReview | Status::Published))
}

/// The span of a front-matter field's value, in file offsets.
/// Where a finding about remediation item `item`'s `key` points: the key in the front
/// matter (else the item), or the item's line when it was read from the body.
pub(crate) fn item_span(
    doc: &Document,
    item: &crate::document::Item,
    key: &'static str,
) -> Option<std::ops::Range<usize>> {
    if let Some(place) = &item.body {
        return Some(place.span.clone());
    }
    let at = |path: &[Seg<'_>]| field_span(doc, path);
    at(&[
        Seg::Key("remediation"),
        Seg::Index(item.index),
        Seg::Key(key),
    ])
    .or_else(|| at(&[Seg::Key("remediation"), Seg::Index(item.index)]))
}

pub(crate) fn field_span(doc: &Document, path: &[Seg<'_>]) -> Option<std::ops::Range<usize>> {
    let split = doc.split.as_ref()?;
    let yaml = &doc.source.text[split.yaml.clone()];
    let loc = locate(yaml, path)?;
    Some(split.yaml.start + loc.value.start..split.yaml.start + loc.value.end)
}

fn timestamps(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    let f = &doc.front;
    let Some(started) = f.started_at else { return };
    // In the document's time zone, as its timeline is written.
    let tz = f.zone(setup.timezone);
    let show = |t: chrono::DateTime<chrono::Utc>| crate::time::format_local(t, tz);
    let mut before = |field: &'static str,
                      later: Option<chrono::DateTime<chrono::Utc>>,
                      earlier_name: &str,
                      earlier: chrono::DateTime<chrono::Utc>,
                      strict: bool| {
        let Some(t) = later else { return };
        if t < earlier || (strict && t == earlier) {
            out.push(
                Diagnostic::error(
                    "timestamp-order",
                    format!(
                        "`{field}` ({}) is {} `{earlier_name}` ({})",
                        show(t),
                        if t == earlier { "the same as" } else { "before" },
                        show(earlier)
                    ),
                )
                .at_opt(field_span(doc, &[Seg::Key(field)]))
                .hint(format!(
                    "the order is started_at <= detected_at <= acknowledged_at <= mitigated_at <= resolved_at (each where present), customers notified and the meeting after the start; check the date, time and offset of `{field}` and `{earlier_name}`"
                )),
            );
        }
    };
    // The chain started <= detected <= acknowledged <= mitigated <= resolved: each present
    // time after the last present one ahead of it that was itself in order.
    let mut last = ("started_at", started);
    for &name in &crate::document::frontmatter::TIME_ORDER[1..] {
        let Some(t) = f.time(name) else { continue };
        let (earlier_name, earlier) = last;
        before(name, Some(t), earlier_name, earlier, false);
        if t >= earlier {
            last = (name, t);
        }
    }
    before(
        "customers_notified_at",
        f.customers_notified_at,
        "started_at",
        started,
        false,
    );
    before("meeting_at", f.meeting_at, "started_at", started, true);
}

/// `YYYY-MM-DD-slug`: the date part and whether the slug is well-formed.
fn parse_id(id: &str) -> Option<(&str, bool)> {
    let date = id.get(..10)?;
    let rest = id.get(10..)?.strip_prefix('-')?;
    let slug_ok = !rest.is_empty()
        && rest.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    Some((date, slug_ok))
}

fn file_name(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    let tz = doc.front.zone(setup.timezone);
    let expected_date = doc.front.started_at.map(|t| {
        // What `%Y-%m-%d` gives, without chrono's format parser on every document.
        let d = t.with_timezone(&tz).date_naive();
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    });
    let name = format!("{}.md", doc.id);
    let parsed = parse_id(&doc.id).filter(|(date, _)| crate::time::parse_date(date).is_ok());
    // The name it should have: the start date, and the slug it has when that one is fine.
    let suggestion = |keep_slug: bool| {
        let date = expected_date
            .clone()
            .or_else(|| parsed.map(|(date, _)| date.to_string()))
            .unwrap_or_else(|| "YYYY-MM-DD".into());
        let slug = match doc.id.get(11..) {
            Some(slug) if keep_slug => slug.to_string(),
            _ => doc
                .front
                .title
                .as_deref()
                .map(crate::document::slugify)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "what-happened".into()),
        };
        format!("{date}-{slug}.md")
    };
    // `git mv` from the repository root, where `pm check` paths are shown from.
    let git_mv = |to: &str| {
        let from = &doc.source.display;
        let dir = from.strip_suffix(name.as_str()).unwrap_or("");
        format!("`git mv {from} {dir}{to}`")
    };
    match parsed {
        Some((date, slug_ok)) => {
            if !slug_ok {
                out.push(
                    Diagnostic::error("file-name", format!("the file name `{name}` has a slug that is not lowercase ASCII words joined by `-`"))
                        .hint(format!("rename it, e.g. {}", git_mv(&suggestion(false)))),
                );
            }
            if let Some(expected) = &expected_date
                && date != expected
            {
                let hint = format!(
                    "the file name's date is the day the incident started: rename it with {}, or correct `started_at`",
                    git_mv(&suggestion(slug_ok))
                );
                out.push(
                    Diagnostic::error(
                        "file-name",
                        format!("the file name says {date}, but `started_at` is on {expected}"),
                    )
                    .at_opt(field_span(doc, &[Seg::Key("started_at")]))
                    .label(format!("the incident started on {expected} ({tz})"))
                    .hint(hint),
                );
            }
        }
        None => out.push(
            Diagnostic::error(
                "file-name",
                format!("the file name `{name}` does not follow `YYYY-MM-DD-slug.md`"),
            )
            .hint(format!("rename it, e.g. {}", git_mv(&suggestion(false)))),
        ),
    }
}

impl Setup<'_> {
    /// The section of `doc` called `name` or an alias pm.yaml gives it.
    pub fn section<'d>(
        &self,
        doc: &'d Document,
        name: &str,
    ) -> Option<&'d crate::document::Section> {
        doc.section_named(name, self.section_names)
    }
}

/// A level-2 heading written twice: the checks read the first, so the second's text is
/// easily missed (a body pasted under the template leaves two `## Summary`).
fn duplicate_sections(doc: &Document, out: &mut Vec<Diagnostic>) {
    // Each title's first section, by its lowercase words: one pass, however many.
    let mut seen: HashMap<String, &crate::document::Section> = HashMap::new();
    for section in &doc.sections {
        if section.title.is_empty() {
            continue;
        }
        let first = match seen.entry(section.title.to_lowercase()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(section);
                continue;
            }
            std::collections::hash_map::Entry::Occupied(o) => *o.get(),
        };
        let (line, _) = doc.source.line_col(first.heading.start);
        out.push(
            Diagnostic::warning(
                "duplicate-section",
                format!("the section `## {}` is written twice", section.title),
            )
            .at(section.heading.clone())
            .label(format!(
                "also at line {line}; checks read only that first one"
            ))
            .hint(if first.empty {
                "the first one is empty: delete it and keep this one"
            } else {
                "merge the two sections into one, or rename one of them"
            }),
        );
    }
}

fn sections(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    let Some(split) = &doc.split else { return };
    duplicate_sections(doc, out);
    let finished = in_review(doc, setup);
    let required: Vec<&String> = setup
        .required_sections
        .iter()
        .filter(|n| !setup.section_names.is_optional(n))
        .collect();
    let required = required.as_slice();
    if required.len() > 1 && required.iter().all(|n| setup.section(doc, n).is_none()) {
        let end = doc.source.text.trim_end().len();
        let start = doc.source.text[..end].rfind('\n').map_or(0, |i| i + 1);
        out.push(
            Diagnostic::error(
                "missing-section",
                "the body has none of the required sections",
            )
            .at(start..end)
            .label("the sections belong below this")
            .hint(format!(
                "add the headings {}; `pm new` writes them from the template",
                required
                    .iter()
                    .map(|n| format!("`## {n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        return;
    }
    for (i, name) in required.iter().enumerate() {
        match setup.section(doc, name) {
            None => {
                // Point where it belongs: at the next required section present, else the end.
                let next = required[i + 1..].iter().find_map(|n| setup.section(doc, n));
                let span = match next {
                    Some(s) => s.heading.clone(),
                    None => {
                        let end = doc
                            .source
                            .text
                            .trim_end()
                            .len()
                            .max(split.body.start.min(doc.source.text.len()));
                        let start = doc.source.text[..end].rfind('\n').map_or(0, |i| i + 1);
                        start..end
                    }
                };
                out.push(
                    Diagnostic::error("missing-section", format!("the required section `## {name}` is missing"))
                        .at(span)
                        .label(format!("`## {name}` belongs {}", if next.is_some() { "before this" } else { "after this" }))
                        .hint(format!("add a `## {name}` heading; required sections are set by `required_sections` in pm.yaml, other names for one by `sections: {{{name}: {{aliases: [...]}}}}`, and `optional: true` lets it be left out")),
                );
            }
            Some(section) if section.empty && finished => {
                let why = match doc.front.status {
                    Some(s @ (Status::InReview | Status::Published)) => {
                        format!("the postmortem is {}", s.as_str())
                    }
                    _ => "--ready checks it as if in review".to_string(),
                };
                out.push(
                    Diagnostic::error(
                        "empty-section",
                        format!("the section `{name}` is empty, and {why}"),
                    )
                    .at(section.heading.clone())
                    .label("nothing but headings and prompts below")
                    .hint(format!(
                        "write the {} section, or set `status: draft` until it is written",
                        name.to_lowercase()
                    )),
                );
            }
            Some(_) => {}
        }
    }
}

/// A url with a scheme (`https:`, `mailto:`), protocol-relative, or a fragment.
fn is_external(url: &str) -> bool {
    if url.starts_with("//") || url.starts_with('#') {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme.as_bytes()[0].is_ascii_alphabetic()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
                && i > 1 // `C:` is a Windows drive, not a scheme
        }
        None => false,
    }
}

fn links(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    let dir = doc.source.path.parent().unwrap_or(Path::new("."));
    for link in &doc.front.links {
        let Some(url) = link.url.as_deref() else {
            continue;
        };
        let at = [Seg::Key("links"), Seg::Index(link.index), Seg::Key("url")];
        if !crate::output::markdown::link_allowed(url.trim()) {
            out.push(
                Diagnostic::error(
                    "link-scheme",
                    format!("the link `{url}` is not an http(s) or relative URL"),
                )
                .at_opt(field_span(doc, &at))
                .label("pm does not write this as a link")
                .hint("write an `https://` address, or a path in the repository (`images/graph.png`); other schemes (`javascript:`, `data:`, `file:`) run or open things a reader does not expect"),
            );
            continue;
        }
        let Some(problem) = link_problem(url, dir, setup) else {
            continue;
        };
        out.push(problem.diagnostic(url, setup).at_opt(field_span(doc, &at)));
    }
}

/// What is wrong with a link's url, as `pm check` sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// The url leaves the repository, by its path or through a symbolic link.
    Outside,
    /// The url names a file that does not exist; `resolved` is where it was looked for.
    Missing { resolved: PathBuf },
}

impl LinkProblem {
    /// The `missing-link` finding, without a position.
    pub fn diagnostic(&self, url: &str, setup: &Setup<'_>) -> Diagnostic {
        match self {
            LinkProblem::Outside => Diagnostic::error(
                "missing-link",
                format!("the link `{url}` points outside the repository"),
            )
            .label("outside the repository")
            .hint("only the repository travels with the postmortem: copy the file into it (e.g. next to the postmortem, in `images/`) and link to that copy"),
            LinkProblem::Missing { resolved } => Diagnostic::error(
                "missing-link",
                format!("the link `{url}` points at a file that does not exist"),
            )
            .label(format!("resolved to {}", setup.display(resolved)))
            .hint("a relative url is read from the document's folder (as GitHub renders it): commit the file there, fix the path, or use an absolute https:// url"),
        }
    }
}

/// How `pm check` resolves a link's url for a postmortem in `doc_dir`: external urls
/// (a scheme, `//`, `#`) and empty ones are not checked; a relative url is read from
/// `doc_dir`, a url starting with `/` from the repository root, after dropping `?`/`#`
/// parts and decoding `%XX` escapes. `None` when the link is fine.
pub fn link_problem(url: &str, doc_dir: &Path, setup: &Setup<'_>) -> Option<LinkProblem> {
    if url.trim().is_empty() || is_external(url) {
        return None;
    }
    let target = url.split(['#', '?']).next().unwrap_or(url);
    // As a browser does: `graph%20one.png` names `graph one.png`.
    let target = percent_decode(target);
    let path = normalize(&if let Some(abs) = target.strip_prefix('/') {
        setup.root.join(abs)
    } else {
        doc_dir.join(&target)
    });
    let root = normalize(setup.root);
    let (canonical, canonical_root) = (path.canonicalize(), setup.root.canonicalize());
    // Outside by its path, or through a symbolic link.
    let outside = !path.starts_with(&root)
        || matches!((&canonical, &canonical_root), (Ok(p), Ok(r)) if !p.starts_with(r));
    if outside {
        Some(LinkProblem::Outside)
    } else if canonical.is_err() {
        Some(LinkProblem::Missing { resolved: path })
    } else {
        None
    }
}

/// `path` with `.` and `..` resolved by their names, without touching the file system.
fn normalize(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                // `..` at the root stays at the root, as the file system has it.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out
}

/// Decodes `%XX` escapes; the text as written when they do not make UTF-8.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Reports ids used by more than one file, on every file after the first.
/// Ids are file stems, so duplicates are known from paths alone, before any file is read.
/// Returns, for each file of `checked` whose id an earlier checked file or any file of
/// `others` (the repository's files not being checked) already uses, that other file.
pub fn duplicate_ids<'a>(
    checked: &'a [PathBuf],
    others: &'a [PathBuf],
) -> HashMap<&'a Path, &'a Path> {
    let id = |p: &Path| p.file_stem().map(|s| s.to_os_string());
    // `./postmortems/x.md` and `postmortems/x.md` are one file.
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut first: HashMap<_, &Path> = HashMap::new();
    if !others.is_empty() {
        let checked: std::collections::HashSet<PathBuf> =
            checked.iter().map(|p| canon(p)).collect();
        for p in others {
            if !checked.contains(&canon(p)) {
                first.entry(id(p)).or_insert(p.as_path());
            }
        }
    }
    let mut out = HashMap::new();
    for p in checked {
        match first.get(&id(p)) {
            Some(other) => {
                out.insert(p.as_path(), *other);
            }
            None => {
                first.insert(id(p), p.as_path());
            }
        }
    }
    out
}

/// The finding for a file whose id `other` also uses.
pub fn duplicate_id(id: &str, other: &str) -> Diagnostic {
    Diagnostic::error("duplicate-id", format!("the id `{id}` is also used by {other}"))
        .hint("ids are file names without `.md` and must be unique across all folders: rename one of the files")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_urls() {
        assert_eq!(
            parse_id("2026-03-14-checkout-503s"),
            Some(("2026-03-14", true))
        );
        assert_eq!(parse_id("2026-03-14-Checkout"), Some(("2026-03-14", false)));
        assert_eq!(parse_id("checkout"), None);
        assert!(is_external("https://example.com/x"));
        assert!(is_external("mailto:ops@example.com"));
        assert!(!is_external("images/graph.png"));
        assert!(!is_external("../images/a:b.png"));
    }

    #[test]
    fn paths_and_escapes() {
        assert_eq!(percent_decode("graph%20one.png"), "graph one.png");
        assert_eq!(percent_decode("caf%C3%A9.png"), "café.png");
        assert_eq!(percent_decode("100%.png"), "100%.png");
        assert_eq!(percent_decode("%FF.png"), "%FF.png");
        assert_eq!(
            normalize(Path::new("/r/postmortems/../../shared/a.png")),
            Path::new("/shared/a.png")
        );
        assert_eq!(normalize(Path::new("/r/./a/../b")), Path::new("/r/b"));
        assert_eq!(normalize(Path::new("/../a")), Path::new("/a"));
        assert_eq!(normalize(Path::new("../../a")), Path::new("../../a"));
    }
}
