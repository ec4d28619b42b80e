//! The full reader: front matter parsed by serde_yaml read field by field into
//! `FrontMatter`, every problem reported with its position.

use std::ops::Range;

use serde_yaml::Value;

use super::*;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::parse::locate::{Seg, locate};

/// Reads front matter `value` (parsed from `yaml`, which starts at byte `base` of the file)
/// into typed values, reporting every problem. `open` is the opening `---` line, where a
/// finding about a field that is not there points.
pub fn read(
    value: &Value,
    yaml: &str,
    base: usize,
    open: Range<usize>,
    schema: &Schema<'_>,
) -> (FrontMatter, Vec<Diagnostic>) {
    let mut reader = Reader {
        yaml,
        base,
        open,
        schema,
        tz: schema.timezone,
        diagnostics: Vec::new(),
        suppressed: 0,
    };
    let mut fm = FrontMatter::default();
    let Some(map) = value.as_mapping() else {
        let found = type_name(value);
        let end = yaml.find('\n').unwrap_or(yaml.len());
        reader.diagnostics.push(
            Diagnostic::error(
                "front-matter-not-mapping",
                format!("the front matter must be a mapping of fields, found {found}"),
            )
            .at(base..base + end)
            .hint("write `field: value` lines, e.g. `title: Checkout API returned 503s`"),
        );
        return (fm, reader.diagnostics);
    };
    reader.unknown_keys(map, FIELDS, &[], "front matter");
    // The document's zone first: its timestamps are read in it.
    if let Some(v) = map.get("timezone").filter(|v| !v.is_null()) {
        fm.timezone = reader.zone(v, &[Seg::Key("timezone")]);
        reader.tz = fm.timezone.unwrap_or(schema.timezone);
    }
    for f in FIELDS {
        let path = [Seg::Key(f.name)];
        let Some(v) = map.get(f.name).filter(|v| !v.is_null()) else {
            if f.required() {
                reader.missing_top(f, map.contains_key(f.name));
            }
            continue;
        };
        match f.name {
            "title" => fm.title = reader.required_text(f, v, &path),
            "status" => {
                fm.status = reader
                    .choice(v, &path, STATUSES)
                    .and_then(|s| Status::parse(&s))
            }
            "severity" => fm.severity = reader.severity(v, &path),
            "type" => fm.incident_type = reader.incident_type(v, &path),
            "started_at" => (fm.started_at, fm.started_day) = reader.start(v, &path),
            "imported" => fm.imported = reader.flag(v, &path).unwrap_or(false),
            "detected_at" => fm.detected_at = reader.timestamp(v, &path),
            "acknowledged_at" => fm.acknowledged_at = reader.timestamp(v, &path),
            "mitigated_at" => fm.mitigated_at = reader.timestamp(v, &path),
            "customers_notified_at" => fm.customers_notified_at = reader.timestamp(v, &path),
            "resolved_at" => fm.resolved_at = reader.timestamp(v, &path),
            "meeting_at" => fm.meeting_at = reader.timestamp(v, &path),
            "services" => fm.services = reader.text_list(v, &path),
            "tags" => fm.tags = reader.text_list(v, &path),
            "authors" => fm.authors = reader.text_list(v, &path),
            "channels" => fm.channels = reader.text_list(v, &path),
            "facilitator" => fm.facilitator = reader.text(v, &path),
            "links" => fm.links = reader.links(v),
            "remediation" => fm.remediation = reader.items(v),
            _ => {}
        }
    }
    if reader.suppressed > 0 {
        let rule = reader.diagnostics.last().map_or("unknown-key", |d| d.rule);
        let d = Diagnostic::error(
            rule,
            format!(
                "{} more problems in the front matter are not shown",
                reader.suppressed
            ),
        )
        .hint("fix the ones above and run `pm check` again");
        reader.diagnostics.push(d);
    }
    (fm, reader.diagnostics)
}

/// Midnight of `text` in `tz` when it is a date alone (`2021-06-03`).
pub(super) fn day_start(text: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    let day = crate::time::parse_date(text).ok()?;
    crate::time::local_to_utc(day.and_time(chrono::NaiveTime::MIN), tz)
}

/// Findings reported per front matter; past this, they are counted, not located (finding
/// each one's line costs a scan, and a file with thousands of bad keys needs no more).
const MAX_FINDINGS: usize = 100;

/// Absent, written without a value, or blank: what a missing field is.
fn blank(v: Option<&Value>) -> bool {
    v.is_none_or(|v| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()))
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

struct Reader<'a> {
    yaml: &'a str,
    base: usize,
    open: Range<usize>,
    schema: &'a Schema<'a>,
    /// The zone timestamps without an offset are read in: the document's, else the
    /// repository's.
    tz: chrono_tz::Tz,
    diagnostics: Vec<Diagnostic>,
    /// Findings past `MAX_FINDINGS`, counted only.
    suppressed: usize,
}

fn show_path(path: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => {
                s.push('.');
                s.push_str(k)
            }
            Seg::Index(i) => s.push_str(&format!("[{}]", i + 1)),
        }
    }
    s
}

impl Reader<'_> {
    fn span(&self, path: &[Seg<'_>], key: bool) -> Option<Range<usize>> {
        if self.diagnostics.len() >= MAX_FINDINGS {
            return None;
        }
        let loc = locate(self.yaml, path)?;
        let r = if key { loc.key_or_value() } else { loc.value };
        Some(self.base + r.start..self.base + r.end)
    }

    fn push(&mut self, d: Diagnostic) {
        if self.diagnostics.len() >= MAX_FINDINGS {
            self.suppressed += 1;
        } else {
            self.diagnostics.push(d);
        }
    }

    fn unknown_keys(
        &mut self,
        map: &serde_yaml::Mapping,
        fields: &[Field],
        parent: &[Seg<'_>],
        what: &str,
    ) {
        for key in map.keys() {
            let Some(name) = key.as_str() else {
                let d = Diagnostic::error(
                    "wrong-type",
                    format!("a key in the {what} is {}, not a name", type_name(key)),
                )
                .at_opt(self.span(parent, true))
                .hint("field names are words such as `title`");
                self.push(d);
                continue;
            };
            if fields.iter().any(|f| f.name == name) {
                continue;
            }
            let mut path = parent.to_vec();
            path.push(Seg::Key(name));
            let mut d = Diagnostic::error(
                "unknown-key",
                format!("unknown field `{name}` in the {what}"),
            )
            .at_opt(self.span(&path, true));
            d = match did_you_mean(name, fields.iter().map(|f| f.name)) {
                Some(best) => d
                    .label(format!("did you mean `{best}`?"))
                    .hint(format!("rename it to `{best}`")),
                None => d.hint(format!(
                    "known fields: {}",
                    fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                )),
            };
            self.push(d);
        }
    }

    /// A required field missing from a nested mapping (a remediation item, a link).
    fn missing(&mut self, f: &Field, parent: &[Seg<'_>]) {
        let message = match (parent.first(), parent.get(1)) {
            (Some(Seg::Key("remediation")), Some(Seg::Index(i))) => {
                format!("remediation item {} has no `{}`", i + 1, f.name)
            }
            _ => format!("`{}` has no `{}`", show_path(parent), f.name),
        };
        // Each rule id written out where it is made, so `grep Diagnostic::error(` lists them.
        let d = if matches!(parent.first(), Some(Seg::Key("remediation"))) {
            Diagnostic::error("remediation-incomplete", message)
        } else {
            Diagnostic::error("missing-field", message)
        };
        let d = d
            .at_opt(self.first_line(parent))
            .label(format!("`{}` missing", f.name))
            .hint(self.add_hint(f));
        self.push(d);
    }

    /// The first line of the entry at `path`: enough to find it.
    fn first_line(&self, path: &[Seg<'_>]) -> Option<Range<usize>> {
        self.span(path, false).map(|r| {
            let line_end = self.yaml[r.start - self.base..r.end - self.base].find(['\r', '\n']);
            r.start..line_end.map_or(r.end, |n| r.start + n)
        })
    }

    /// The open remediation item at `index` has no owner: a warning, as `owner` is the
    /// one field the table marks `Need::Expected`.
    fn no_owner(&mut self, index: usize) {
        let n = index + 1;
        let d = Diagnostic::warning(
            "remediation-no-owner",
            format!("remediation item {n} has no `owner`"),
        )
        .at_opt(self.first_line(&[Seg::Key("remediation"), Seg::Index(index)]))
        .label("open, and nobody owns it")
        .hint(format!(
            "add `owner: ...` — the one person who owns the item; `pm remediation set ID {n} --owner NAME`"
        ));
        self.push(d);
    }

    /// "add `status: draft` (draft, in-review or published)".
    fn add_hint(&self, f: &Field) -> String {
        let example = match f.kind {
            Kind::Timestamp => "2026-03-14T09:12:00Z".to_string(),
            Kind::Choice(c) => c.first().copied().unwrap_or("...").to_string(),
            Kind::Type => self
                .schema
                .types
                .first()
                .copied()
                .unwrap_or("incident")
                .to_string(),
            Kind::Severity => self
                .schema
                .severities
                .first()
                .copied()
                .unwrap_or("SEV3")
                .to_string(),
            _ => "...".into(),
        };
        // Keep "RFC 3339" as written; only the description's first letter is lowered.
        let mut description = f.description.to_string();
        if let Some(first) = description.get(..1) {
            description.replace_range(..1, &first.to_lowercase());
        }
        format!("add `{}: {example}` ({description})", f.name)
    }

    /// A required top-level field that serde_yaml did not read: absent, written without a
    /// value, or written but swallowed by an unclosed quote above it.
    fn missing_top(&mut self, f: &Field, key_present: bool) {
        let located = locate(self.yaml, &[Seg::Key(f.name)]);
        let key_span = located
            .as_ref()
            .map(|l| self.base + l.key_or_value().start..self.base + l.key_or_value().end);
        let d = match key_span {
            Some(span) if key_present => {
                Diagnostic::error("missing-field", format!("`{}` has no value", f.name))
                    .at(span)
                    .label("no value")
                    .hint(self.add_hint(f))
            }
            Some(span) => {
                Diagnostic::error(
                    "missing-field",
                    format!(
                        "`{}` is written here, but YAML reads this line as part of a value above it",
                        f.name
                    ),
                )
                .at(span)
                .label("taken as part of an earlier value")
                .hint("look above it for a quote (`\"` or `'`) that is never closed: a quoted value runs on across lines until its closing quote")
            }
            None => Diagnostic::error(
                "missing-field",
                format!("the front matter has no `{}`", f.name),
            )
            .at(self.open.clone())
            .label(format!("`{}` missing", f.name))
            .hint(self.add_hint(f)),
        };
        self.push(d);
    }

    /// A required text field: a string that is not blank.
    fn required_text(&mut self, f: &Field, v: &Value, path: &[Seg<'_>]) -> Option<String> {
        let s = self.text(v, path)?;
        if s.trim().is_empty() {
            let d = Diagnostic::error("missing-field", format!("`{}` is empty", f.name))
                .at_opt(self.span(path, false))
                .hint(self.add_hint(f));
            self.push(d);
            return None;
        }
        Some(s)
    }

    fn wrong_type(&mut self, v: &Value, path: &[Seg<'_>], expected: &str, hint: String) {
        let d = Diagnostic::error(
            "wrong-type",
            format!(
                "`{}` must be {expected}, found {}",
                show_path(path),
                type_name(v)
            ),
        )
        .at_opt(self.span(path, false))
        .hint(hint);
        self.push(d);
    }

    fn text(&mut self, v: &Value, path: &[Seg<'_>]) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            // A ticket id that YAML reads as a number (`1.10`, `0x1F`, `1e3`) is kept as
            // written, not as the number (`1.1`, `31`, `1000.0`): trackers name tickets so.
            Value::Number(n) if matches!(path.last(), Some(Seg::Key("ticket"))) => Some(
                locate(self.yaml, path)
                    .and_then(|loc| self.yaml.get(loc.value))
                    .map(|raw| match raw.strip_prefix('!') {
                        // `!!int 5`: the text after the tag.
                        Some(tagged) => tagged.split_once(' ').map_or(raw, |(_, v)| v),
                        None => raw,
                    })
                    .map(|raw| raw.trim().to_string())
                    .filter(|raw| !raw.is_empty())
                    .unwrap_or_else(|| n.to_string()),
            ),
            Value::Number(_) | Value::Bool(_) => {
                let raw = self
                    .span(path, false)
                    .map(|r| self.yaml[r.start - self.base..r.end - self.base].to_string());
                let raw = raw.unwrap_or_default();
                self.wrong_type(
                    v,
                    path,
                    "a string",
                    format!(
                        "quote it: `{}: \"{raw}\"`",
                        show_path(&path[path.len() - 1..])
                    ),
                );
                None
            }
            Value::Null
                if self
                    .span(path, false)
                    .is_some_and(|r| self.yaml[r.start - self.base..].starts_with('#')) =>
            {
                // `- #ops`: YAML reads everything from `#` on as a comment.
                self.wrong_type(
                    v,
                    path,
                    "a string",
                    "a value starting with `#` is a comment to YAML: quote it, e.g. `- \"#ops\"`"
                        .into(),
                );
                None
            }
            _ => {
                self.wrong_type(v, path, "a string", "write it as one line of text".into());
                None
            }
        }
    }

    fn choice(&mut self, v: &Value, path: &[Seg<'_>], choices: &[&str]) -> Option<String> {
        let s = self.text(v, path)?;
        if choices.contains(&s.as_str()) {
            return Some(s);
        }
        self.invalid_value(path, &s, choices);
        None
    }

    fn invalid_value(&mut self, path: &[Seg<'_>], found: &str, choices: &[&str]) {
        let mut d = Diagnostic::error(
            "invalid-value",
            format!(
                "`{}` is `{found}`, which is not one of: {}",
                show_path(path),
                choices.join(", ")
            ),
        )
        .at_opt(self.span(path, false));
        d = match did_you_mean(found, choices.iter().copied()) {
            Some(best) => d
                .label(format!("did you mean `{best}`?"))
                .hint(format!("use `{best}`")),
            None => d.hint(format!("use one of: {}", choices.join(", "))),
        };
        self.push(d);
    }

    fn severity(&mut self, v: &Value, path: &[Seg<'_>]) -> Option<String> {
        let choices = self.schema.severities.clone();
        self.configured(v, path, &choices, "severities")
    }

    /// `type:`, one of the configured types.
    fn incident_type(&mut self, v: &Value, path: &[Seg<'_>]) -> Option<String> {
        let choices = self.schema.types.clone();
        self.configured(v, path, &choices, "types")
    }

    /// One of `choices`, pm.yaml's list `key`; the finding for another names the closest
    /// and where the list is set.
    fn configured(
        &mut self,
        v: &Value,
        path: &[Seg<'_>],
        choices: &[&str],
        key: &str,
    ) -> Option<String> {
        let s = self.text(v, path)?;
        if choices.contains(&s.as_str()) {
            return Some(s);
        }
        self.invalid_value(path, &s, choices);
        if let Some(d) = self.diagnostics.last_mut() {
            d.hint = Some(format!(
                "{}; {key} are configured in pm.yaml (`{key}`)",
                d.hint.as_deref().unwrap_or("")
            ));
        }
        None
    }

    fn timestamp(&mut self, v: &Value, path: &[Seg<'_>]) -> Option<DateTime<Utc>> {
        let Value::String(s) = v else {
            let name = show_path(path);
            self.wrong_type(
                v,
                path,
                "a timestamp",
                format!("write RFC 3339, e.g. `{name}: 2026-03-14T09:12:00Z`"),
            );
            return None;
        };
        match crate::time::parse_timestamp(s, self.tz) {
            Ok(t) => Some(t),
            Err(why) => {
                let tz = self.tz;
                let (why, hint) = if crate::time::parse_date(s).is_ok() {
                    (
                        format!("`{}` is a date without a time of day", s.trim()),
                        format!(
                            "add the time, e.g. `{}T09:12:00Z`; without an offset the time is read in {tz}",
                            s.trim()
                        ),
                    )
                } else {
                    (
                        why,
                        format!(
                            "write RFC 3339, e.g. `2026-03-14T09:12:00Z`; without an offset the time is read in {tz}"
                        ),
                    )
                };
                let d =
                    Diagnostic::error("invalid-timestamp", format!("`{}`: {why}", show_path(path)))
                        .at_opt(self.span(path, false))
                        .hint(hint);
                self.push(d);
                None
            }
        }
    }

    /// `started_at`: a timestamp, or a date alone (midnight in the document's zone, and
    /// `true`: known to the day).
    fn start(&mut self, v: &Value, path: &[Seg<'_>]) -> (Option<DateTime<Utc>>, bool) {
        if let Value::String(s) = v
            && let Some(t) = day_start(s, self.tz)
        {
            return (Some(t), true);
        }
        (self.timestamp(v, path), false)
    }

    fn flag(&mut self, v: &Value, path: &[Seg<'_>]) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(
                    v,
                    path,
                    "true or false",
                    format!("write `{}: true`", show_path(path)),
                );
                None
            }
        }
    }

    fn zone(&mut self, v: &Value, path: &[Seg<'_>]) -> Option<chrono_tz::Tz> {
        let s = self.text(v, path)?;
        match crate::time::parse_tz(&s) {
            Ok(tz) => Some(tz),
            Err(why) => {
                let d = Diagnostic::error("invalid-value", format!("`timezone`: {why}"))
                    .at_opt(self.span(path, false))
                    .hint("write an IANA name, e.g. `timezone: America/Los_Angeles` for PST/PDT or `timezone: Europe/London` for GMT/BST");
                self.push(d);
                None
            }
        }
    }

    fn date(&mut self, v: &Value, path: &[Seg<'_>]) -> Option<NaiveDate> {
        let Value::String(s) = v else {
            self.wrong_type(
                v,
                path,
                "a date",
                "write it as YYYY-MM-DD, e.g. `2026-04-14`".into(),
            );
            return None;
        };
        match crate::time::parse_date(s) {
            Ok(d) => Some(d),
            Err(why) => {
                let d = Diagnostic::error("invalid-date", format!("`{}`: {why}", show_path(path)))
                    .at_opt(self.span(path, false))
                    .hint("write a date as YYYY-MM-DD, e.g. `2026-04-14`");
                self.push(d);
                None
            }
        }
    }

    fn text_list(&mut self, v: &Value, path: &[Seg<'_>]) -> Vec<String> {
        match v {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let mut p = path.to_vec();
                    p.push(Seg::Index(i));
                    if let Some(s) = self.text(item, &p) {
                        out.push(s);
                    }
                }
                out
            }
            // A single string where a list is expected is what people mean by a list of one.
            Value::String(s) => vec![s.clone()],
            _ => {
                self.wrong_type(
                    v,
                    path,
                    "a list of strings",
                    format!("e.g. `{}: [a, b]`", show_path(path)),
                );
                Vec::new()
            }
        }
    }

    /// The mappings of a `Records` field, each checked for unknown and missing keys.
    fn records<'v>(
        &mut self,
        v: &'v Value,
        name: &'static str,
        fields: &[Field],
    ) -> Vec<(usize, &'v serde_yaml::Mapping)> {
        let path = [Seg::Key(name)];
        let Some(items) = v.as_sequence() else {
            self.wrong_type(
                v,
                &path,
                "a list",
                format!("write one `- ` entry per line under `{name}:`"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = [Seg::Key(name), Seg::Index(i)];
            let Some(map) = item.as_mapping() else {
                self.wrong_type(
                    item,
                    &p,
                    "a mapping",
                    format!("e.g. `- {}: ...`", fields[0].name),
                );
                continue;
            };
            self.unknown_keys(map, fields, &p, &format!("{name} entry {}", i + 1));
            for f in fields.iter().filter(|f| f.required()) {
                if blank(map.get(f.name)) {
                    self.missing(f, &p);
                }
            }
            out.push((i, map));
        }
        out
    }

    fn links(&mut self, v: &Value) -> Vec<Link> {
        let mut out = Vec::new();
        for (i, map) in self.records(v, "links", LINK_FIELDS) {
            let mut link = Link {
                index: i,
                ..Link::default()
            };
            for (key, fv) in map {
                let p = [
                    Seg::Key("links"),
                    Seg::Index(i),
                    Seg::Key(key.as_str().unwrap_or("")),
                ];
                match key.as_str() {
                    Some("title") if !fv.is_null() => link.title = self.text(fv, &p),
                    Some("url") if !fv.is_null() => {
                        link.url = self.text(fv, &p);
                    }
                    _ => {}
                }
            }
            out.push(link);
        }
        out
    }

    fn items(&mut self, v: &Value) -> Vec<Item> {
        let mut out = Vec::new();
        for (i, map) in self.records(v, "remediation", ITEM_FIELDS) {
            let mut item = Item::empty(i);
            for (key, fv) in map {
                if fv.is_null() {
                    continue;
                }
                let p = [
                    Seg::Key("remediation"),
                    Seg::Index(i),
                    Seg::Key(key.as_str().unwrap_or("")),
                ];
                match key.as_str() {
                    Some("title") => item.title = self.text(fv, &p),
                    Some("owner") => item.owner = self.text(fv, &p),
                    Some("ticket") => item.ticket = self.text(fv, &p),
                    Some("due") => {
                        item.due = self.date(fv, &p);
                        item.due_unreadable = item.due.is_none();
                    }
                    Some("done_on") => item.done_on = self.date(fv, &p),
                    Some("status") => {
                        item.status = match self.choice(fv, &p, ITEM_STATUSES).as_deref() {
                            Some("done") => ItemStatus::Done,
                            Some("wontfix") => ItemStatus::WontFix,
                            _ => ItemStatus::Open,
                        }
                    }
                    _ => {}
                }
            }
            // Done and wontfix items need nobody to chase them.
            if item.status == ItemStatus::Open && blank(map.get("owner")) {
                self.no_owner(i);
            }
            out.push(item);
        }
        self.duplicate_tickets(&out);
        out
    }

    /// Two items with one ticket: `pm remediation ... TICKET` could not tell them apart,
    /// and one of them is likely a copy-paste slip.
    fn duplicate_tickets(&mut self, items: &[Item]) {
        for (n, item) in items.iter().enumerate() {
            let Some(ticket) = item.ticket.as_deref().map(str::trim) else {
                continue;
            };
            let first = items[..n].iter().find(|other| {
                other
                    .ticket
                    .as_deref()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case(ticket))
            });
            let Some(first) = first else { continue };
            let p = [
                Seg::Key("remediation"),
                Seg::Index(item.index),
                Seg::Key("ticket"),
            ];
            let d = Diagnostic::warning(
                "remediation-duplicate-ticket",
                format!(
                    "remediation items {} and {} both have the ticket `{ticket}`",
                    first.index + 1,
                    item.index + 1
                ),
            )
            .at_opt(self.span(&p, false))
            .label(format!("also the ticket of item {}", first.index + 1))
            .hint("give each item its own ticket, or merge the two items into one");
            self.push(d);
        }
    }
}
