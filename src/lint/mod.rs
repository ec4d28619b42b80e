//! The checks of `pm check` beyond reading the front matter: timestamps in order, file
//! names, sections, links, and ids unique across the repository.

use std::collections::HashMap;
use std::path::Path;

use crate::context::Project;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Status};
use crate::parse::locate::{Seg, locate};

/// Runs every per-document check, adding findings to the document.
pub fn check_document(doc: &mut Document, project: &Project) {
    if doc.unreadable {
        return;
    }
    let mut found = Vec::new();
    timestamps(doc, &mut found);
    file_name(doc, project, &mut found);
    sections(doc, project, &mut found);
    links(doc, project, &mut found);
    doc.diagnostics.extend(found);
}

/// The span of a front-matter field's value, in file offsets.
fn field_span(doc: &Document, path: &[Seg<'_>]) -> Option<std::ops::Range<usize>> {
    let split = doc.split.as_ref()?;
    let yaml = &doc.source.text[split.yaml.clone()];
    let loc = locate(yaml, path)?;
    Some(split.yaml.start + loc.value.start..split.yaml.start + loc.value.end)
}

fn timestamps(doc: &Document, out: &mut Vec<Diagnostic>) {
    let f = &doc.front;
    let Some(started) = f.started_at else { return };
    let show = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
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
                    "the order is started_at <= detected_at <= resolved_at, and the meeting after the start; check the date, time and offset of `{field}` and `{earlier_name}`"
                )),
            );
        }
    };
    before("detected_at", f.detected_at, "started_at", started, false);
    before(
        "customers_notified_at",
        f.customers_notified_at,
        "started_at",
        started,
        false,
    );
    before("meeting_at", f.meeting_at, "started_at", started, true);
    match f.detected_at {
        Some(detected) if detected >= started => {
            before("resolved_at", f.resolved_at, "detected_at", detected, false)
        }
        _ => before("resolved_at", f.resolved_at, "started_at", started, false),
    }
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

fn file_name(doc: &Document, project: &Project, out: &mut Vec<Diagnostic>) {
    let expected_date = doc.front.started_at.map(|t| {
        t.with_timezone(&project.config.timezone)
            .format("%Y-%m-%d")
            .to_string()
    });
    let name = format!("{}.md", doc.id);
    let suggestion = || {
        let date = expected_date.clone().unwrap_or_else(|| "YYYY-MM-DD".into());
        let slug = doc
            .front
            .title
            .as_deref()
            .map(crate::commands::new::slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "what-happened".into());
        format!("{date}-{slug}.md")
    };
    match parse_id(&doc.id) {
        Some((date, slug_ok)) if crate::time::parse_date(date).is_ok() => {
            if !slug_ok {
                out.push(
                    Diagnostic::error("file-name", format!("the file name `{name}` has a slug that is not lowercase ASCII words joined by `-`"))
                        .hint(format!("rename it, e.g. `git mv {name} {}`", suggestion())),
                );
            }
            if let Some(expected) = &expected_date {
                if date != expected {
                    out.push(
                        Diagnostic::error("file-name", format!("the file name says {date}, but `started_at` is on {expected}"))
                            .at_opt(field_span(doc, &[Seg::Key("started_at")]))
                            .label(format!("the incident started on {expected} ({})", project.config.timezone))
                            .hint(format!("the file name's date is the day the incident started: rename it to `{}`, or correct `started_at`", suggestion())),
                    );
                }
            }
        }
        _ => out.push(
            Diagnostic::error(
                "file-name",
                format!("the file name `{name}` does not follow `YYYY-MM-DD-slug.md`"),
            )
            .hint(format!("rename it, e.g. `git mv {name} {}`", suggestion())),
        ),
    }
}

fn sections(doc: &Document, project: &Project, out: &mut Vec<Diagnostic>) {
    let Some(split) = &doc.split else { return };
    let finished = matches!(doc.front.status, Some(Status::InReview | Status::Published));
    let required = &project.config.required_sections;
    if required.len() > 1 && required.iter().all(|n| doc.section(n).is_none()) {
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
        match doc.section(name) {
            None => {
                // Point where it belongs: at the next required section present, else the end.
                let next = required[i + 1..].iter().find_map(|n| doc.section(n));
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
                        .hint(format!("add a `## {name}` heading; required sections are set by `required_sections` in pm.yaml")),
                );
            }
            Some(section) if section.empty && finished => {
                let status = doc.front.status.map_or("", |s| s.as_str());
                out.push(
                    Diagnostic::error(
                        "empty-section",
                        format!("the section `{name}` is empty, and the postmortem is {status}"),
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

fn links(doc: &Document, project: &Project, out: &mut Vec<Diagnostic>) {
    let dir = doc.source.path.parent().unwrap_or(Path::new("."));
    for link in &doc.front.links {
        let Some(url) = link.url.as_deref() else {
            continue;
        };
        if url.trim().is_empty() || is_external(url) {
            continue;
        }
        let target = url.split(['#', '?']).next().unwrap_or(url);
        let path = if let Some(abs) = target.strip_prefix('/') {
            project.root.join(abs)
        } else {
            dir.join(target)
        };
        let inside = match (path.canonicalize(), project.root.canonicalize()) {
            (Ok(p), Ok(root)) => Some(p.starts_with(root)),
            _ => None,
        };
        let problem = match inside {
            None => format!("the link `{url}` points at a file that does not exist"),
            Some(false) => format!("the link `{url}` points outside the repository"),
            Some(true) => continue,
        };
        out.push(
            Diagnostic::error("missing-link", problem)
                .at_opt(link.url_span.clone())
                .label(format!("resolved to {}", project.display(&path)))
                .hint("a relative url is read from the document's folder (as GitHub renders it): commit the file there, fix the path, or use an absolute https:// url"),
        );
    }
}

/// Reports ids used by more than one file, on every file after the first.
pub fn duplicate_ids(docs: &mut [Document]) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for i in 0..docs.len() {
        let id = docs[i].id.clone();
        match first.get(&id) {
            Some(&j) => {
                let other = docs[j].source.display.clone();
                docs[i].diagnostics.push(
                    Diagnostic::error("duplicate-id", format!("the id `{id}` is also used by {other}"))
                        .hint("ids are file names without `.md` and must be unique across all folders: rename one of the files"),
                );
            }
            None => {
                first.insert(id, i);
            }
        }
    }
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
}
