//! `pm.yaml`: the repository's configuration. Every key is optional; an unknown key is an
//! error naming the closest known one.

mod meeting;
mod sections;

use chrono_tz::Tz;
use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::output::markdown::link_allowed;
use crate::parse::locate::{Seg, locate};
use crate::time::{MAX_SPAN_DAYS, SpanError, span_minutes};

pub const FILE_NAME: &str = "pm.yaml";

/// The `pm.yaml` that governs `dir`: the nearest one in `dir` or a folder above it.
pub fn find_file(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|f| f.is_file())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeverityLevel {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub postmortems_dir: String,
    pub templates_dir: String,
    pub timezone: Tz,
    pub severities: Vec<SeverityLevel>,
    /// `types`: what `type:` may be; the first is the type of a document without one.
    pub types: Vec<String>,
    pub required_sections: Vec<String>,
    /// `sections:`: other names of sections, and the optional ones.
    pub section_names: crate::document::sections::Names,
    pub remediation_due_days: i64,
    pub remediation_stale_days: i64,
    /// Items due more than this many days after the incident are flagged by `pm check`.
    pub remediation_max_days: i64,
    /// `tickets.url_template`: a URL with `{ticket}`, to show ticket ids as links.
    pub ticket_url_template: Option<String>,
    /// The `lint:` section: the language rules' settings.
    pub lint: crate::lint::settings::Settings,
    pub chat: ChatConfig,
    /// `people:`: who is who (names, e-mail addresses, chat handles).
    pub people: crate::document::people::Directory,
    /// `meeting:`: the postmortem meeting's settings.
    pub meeting: crate::meeting::Settings,
    /// Whether pm.yaml has a `meeting:` section: `pm check` holds postmortems to
    /// `meeting.within` only then.
    pub meeting_configured: bool,
    /// `document_url`: a postmortem's address, with `{path}` for its path from the root.
    pub document_url: Option<String>,
    /// `history.before`: postmortems that started before this day are history, as
    /// `imported: true` ones are.
    pub history_before: Option<chrono::NaiveDate>,
}

/// `chat:`: where `pm import-logs` finds the incident's chat logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatConfig {
    /// Read this much before `started_at` and after `resolved_at`.
    pub padding: chrono::TimeDelta,
    pub sources: Vec<ChatSource>,
    /// Reactions that mark a message for the curated timeline (`--only pinned`), as chat
    /// exports name them (`pushpin`, `timeline`).
    pub mark_reactions: Vec<String>,
}

impl Default for ChatConfig {
    fn default() -> ChatConfig {
        ChatConfig {
            padding: chrono::TimeDelta::minutes(15),
            sources: Vec::new(),
            mark_reactions: vec!["pushpin".to_string()],
        }
    }
}

/// One entry of `chat.sources`: a channel and where its logs are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatSource {
    pub channel: String,
    /// A format name of the registry, `slack`, or `auto`.
    pub format: String,
    /// A file, a folder, or a glob; `~` is the home folder; relative to the repository.
    pub path: String,
    /// How the log's wall-clock times are meant; the repository's zone when not given.
    pub timezone: Option<Tz>,
}

pub const DEFAULT_SECTIONS: &[&str] = &[
    "Summary",
    "Impact",
    "Timeline",
    "Discussion",
    "Remediation items",
];

const DEFAULT_SEVERITIES: &[(&str, &str)] = &[
    (
        "SEV1",
        "Critical: a core service down or data lost for many customers",
    ),
    (
        "SEV2",
        "Major: a core feature degraded for many customers, or down for some",
    ),
    ("SEV3", "Minor: limited impact, a workaround exists"),
    (
        "SEV4",
        "Low: no customer impact; a near miss worth learning from",
    ),
];

const TOP_KEYS: &[&str] = &[
    "postmortems_dir",
    "templates_dir",
    "timezone",
    "severities",
    "types",
    "required_sections",
    "sections",
    "remediation",
    "tickets",
    "chat",
    "lint",
    "people",
    "meeting",
    "document_url",
    "history",
];
const REMEDIATION_KEYS: &[&str] = &["due_days", "stale_days", "max_days"];
const TICKETS_KEYS: &[&str] = &["url_template"];

/// What `{ticket}` in `tickets.url_template` is replaced with.
pub const TICKET_PLACEHOLDER: &str = "{ticket}";
const CHAT_KEYS: &[&str] = &["padding", "sources", "mark_reactions"];
const SOURCE_KEYS: &[&str] = &["channel", "format", "path", "timezone"];

impl Default for Config {
    fn default() -> Config {
        Config {
            postmortems_dir: "postmortems".into(),
            templates_dir: "templates".into(),
            timezone: Tz::UTC,
            severities: DEFAULT_SEVERITIES
                .iter()
                .map(|(n, d)| SeverityLevel {
                    name: n.to_string(),
                    description: d.to_string(),
                })
                .collect(),
            types: crate::document::frontmatter::DEFAULT_TYPES
                .iter()
                .map(|t| t.to_string())
                .collect(),
            required_sections: DEFAULT_SECTIONS.iter().map(|s| s.to_string()).collect(),
            section_names: Default::default(),
            remediation_due_days: 30,
            remediation_stale_days: 180,
            remediation_max_days: 90,
            ticket_url_template: None,
            chat: ChatConfig::default(),
            lint: Default::default(),
            people: Default::default(),
            meeting: Default::default(),
            meeting_configured: false,
            document_url: None,
            history_before: None,
        }
    }
}

/// The `pm.yaml` that `pm init` writes: every key with its default, commented.
pub fn default_file() -> String {
    let mut s = String::from(
        "# pm configuration: every key is optional; the values below are the defaults.\n\
         # Reference: docs/config.md in the pm source, or the README.\n\
         postmortems_dir: postmortems\n\
         templates_dir: templates\n\
         # IANA time zone: timestamps without an offset are read in it, and times are shown in it.\n\
         timezone: UTC\n\
         severities:\n",
    );
    for (name, description) in DEFAULT_SEVERITIES {
        s.push_str(&format!(
            "  - name: {name}\n    description: \"{description}\"\n"
        ));
    }
    s.push_str(
        "# what `type:` may be; the first is the type of a document without one, and\n\
         # pm stats leaves gameday and maintenance out unless --type asks for them\n\
         types: [incident, near-miss, gameday, maintenance, security]\n",
    );
    s.push_str("required_sections:\n");
    for section in DEFAULT_SECTIONS {
        s.push_str(&format!("  - {section}\n"));
    }
    s.push_str(
        "# sections:   # other names for a section, and sections that may be left out\n\
         #   Remediation items: {aliases: [Action items, Follow-up actions]}\n\
         #   Impact: {optional: true}\n\
         remediation:\n  # days after the meeting (else resolution, else start) an item is due by default\n  due_days: 30\n  # an item open this many days after the incident needs re-evaluation\n  stale_days: 180\n  # an item due more than this many days after the incident is flagged by `pm check`\n  max_days: 90\n\
         # tickets:\n\
         #   # show ticket ids as links (pm overdue, pm show, pm index)\n\
         #   url_template: https://tracker.example.com/browse/{ticket}\n\
         # people:   # the directory: who is who, and how they appear in chat\n\
         #   - {name: Ana Lima, email: ana@example.com, chat: [ana, ana_l]}\n\
         # meeting:  # pm schedule and pm meeting (docs/meeting.md)\n\
         #   duration: 60m\n\
         #   organizer: {name: SRE team, email: sre@example.com}\n\
         #   mailing_list: postmortems@example.com\n\
         #   facilitators: facilitators@example.com\n\
         #   location: Room 4.01\n\
         #   within: 5d\n\
         #   send: sendmail\n\
         # document_url: https://git.example.com/sre/postmortems/-/blob/main/{path}\n",
    );
    s
}

impl Config {
    /// The link for a ticket id, when `tickets.url_template` is set.
    pub fn ticket_url(&self, ticket: &str) -> Option<String> {
        let template = self.ticket_url_template.as_deref()?;
        let ticket = ticket.trim();
        if ticket.is_empty() {
            return None;
        }
        // Ticket ids are words like OPS-1412; anything else is escaped to stay one URL.
        let mut escaped = String::new();
        for b in ticket.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                escaped.push(b as char);
            } else {
                escaped.push_str(&format!("%{b:02X}"));
            }
        }
        Some(template.replace(TICKET_PLACEHOLDER, &escaped)).filter(|u| link_allowed(u))
    }

    /// A postmortem's address from `document_url`, given its path from the root.
    pub fn document_url(&self, path: &str) -> Option<String> {
        let template = self.document_url.as_deref()?;
        Some(template.replace(meeting::PATH_PLACEHOLDER, path)).filter(|u| link_allowed(u))
    }

    /// The type of a document without `type:`: the first configured.
    pub fn default_type(&self) -> &str {
        self.types.first().map_or("incident", String::as_str)
    }

    pub fn severity_names(&self) -> impl Iterator<Item = &str> {
        self.severities.iter().map(|s| s.name.as_str())
    }

    /// Parses `pm.yaml`'s text; all problems are reported, with positions.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut config = Config::default();
        if text.trim().is_empty() {
            return Ok(config);
        }
        let value: Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let mut d = crate::document::yaml_error(&e, text, 0);
                d.rule = "config";
                d.message = d.message.replace("in the front matter", "in pm.yaml");
                return Err(vec![d]);
            }
        };
        let mut problems = Vec::new();
        let at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.value);
        let key_at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.key_or_value());
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => return Ok(config),
            _ => {
                return Err(vec![
                    Diagnostic::error("config", "pm.yaml must be a mapping of keys to values")
                        .at(0..text.find('\n').unwrap_or(text.len()))
                        .hint("write `key: value` lines, e.g. `timezone: Europe/Berlin`"),
                ]);
            }
        };
        for (key, value) in &map {
            let Some(key) = key.as_str() else {
                problems.push(Diagnostic::error(
                    "config",
                    "a key of pm.yaml is not a string",
                ));
                continue;
            };
            let path = [Seg::Key(key)];
            let mut bad = |what: &str, hint: &str| {
                problems.push(
                    Diagnostic::error("config", format!("`{key}` {what}"))
                        .at_opt(at(&path))
                        .hint(hint.to_string()),
                )
            };
            match key {
                "postmortems_dir" | "templates_dir" => match value.as_str() {
                    // Inside the repository only: `/tmp` or `../x` would make pm read (and
                    // `pm new` write) somewhere the repository does not hold.
                    Some(dir)
                        if !dir.trim().is_empty()
                            && !std::path::Path::new(dir).has_root()
                            && !dir.contains(':')
                            && !std::path::Path::new(dir)
                                .components()
                                .any(|c| matches!(c, std::path::Component::ParentDir)) =>
                    {
                        if key == "postmortems_dir" {
                            config.postmortems_dir = dir.to_string();
                        } else {
                            config.templates_dir = dir.to_string();
                        }
                    }
                    _ => bad(
                        "must be a folder inside the repository, given relative to its root",
                        "e.g. `postmortems` or `docs/postmortems` (no leading `/`, no `..`)",
                    ),
                },
                "timezone" => match value.as_str().map(crate::time::parse_tz) {
                    Some(Ok(tz)) => config.timezone = tz,
                    Some(Err(why)) => bad(
                        &format!("is not valid: {why}"),
                        "use an IANA name such as `UTC` or `America/New_York`",
                    ),
                    None => bad("must be a string", "e.g. `timezone: Europe/Berlin`"),
                },
                "severities" => match parse_severities(value) {
                    Some(list) if !list.is_empty() => config.severities = list,
                    _ => bad(
                        "must be a non-empty list of `{name, description}` (or of names)",
                        "e.g. `severities: [{name: SEV1, description: Critical}, {name: SEV2, description: Major}]`",
                    ),
                },
                "types" => match string_list(value) {
                    Some(list)
                        if !list.is_empty()
                            && list.iter().all(|t| {
                                !t.is_empty()
                                    && !t.contains(|c: char| c.is_whitespace() || c == ',')
                            }) =>
                    {
                        config.types = list
                    }
                    _ => bad(
                        "must be a non-empty list of type names (words without spaces or commas)",
                        "e.g. `types: [incident, near-miss, gameday, maintenance, security]`",
                    ),
                },
                "required_sections" => match string_list(value) {
                    Some(list) => config.required_sections = list,
                    None => bad(
                        "must be a list of section headings",
                        "e.g. `required_sections: [Summary, Impact, Timeline]`",
                    ),
                },
                "sections" => config.section_names = sections::parse(value, text, &mut problems),
                "remediation" => {
                    match value.as_mapping() {
                        Some(m) => {
                            for (k, v) in m {
                                let k = k.as_str().unwrap_or("?");
                                let sub = [Seg::Key("remediation"), Seg::Key(k)];
                                let days = v.as_i64().filter(|n| *n >= 0);
                                let in_range = days.filter(|n| *n <= MAX_SPAN_DAYS);
                                match (k, in_range) {
                                ("due_days", Some(n)) => config.remediation_due_days = n,
                                ("stale_days", Some(n)) => config.remediation_stale_days = n,
                                ("max_days", Some(n)) => config.remediation_max_days = n,
                                ("due_days" | "stale_days" | "max_days", _) => problems.push(
                                    Diagnostic::error(
                                        "config",
                                        if days.is_some() || v.as_u64().is_some() {
                                            span_too_long(&format!("remediation.{k}"))
                                        } else {
                                            format!("`remediation.{k}` must be a whole number of days")
                                        },
                                    )
                                    .at_opt(at(&sub))
                                    .hint(format!(
                                        "e.g. `{k}: {}`",
                                        match k {
                                            "due_days" => 30,
                                            "max_days" => 90,
                                            _ => 180,
                                        }
                                    )),
                                ),
                                _ => problems.push(unknown_key(
                                    &format!("remediation.{k}"),
                                    k,
                                    REMEDIATION_KEYS,
                                    key_at(&sub),
                                )),
                            }
                            }
                        }
                        None => bad(
                            "must be a mapping",
                            "e.g. `remediation: {due_days: 30, stale_days: 180}`",
                        ),
                    }
                }
                "tickets" => match value.as_mapping() {
                    Some(m) => {
                        for (k, v) in m {
                            let k = k.as_str().unwrap_or("?");
                            let sub = [Seg::Key("tickets"), Seg::Key(k)];
                            match (k, v.as_str()) {
                                ("url_template", Some(t))
                                    if t.contains(TICKET_PLACEHOLDER)
                                        && !link_allowed(&t.trim().replace(TICKET_PLACEHOLDER, "OPS-1")) =>
                                {
                                    problems.push(not_a_link("tickets.url_template", t).at_opt(at(&sub)).hint(
                                        "e.g. `url_template: https://tracker.example.com/browse/{ticket}`",
                                    ))
                                }
                                ("url_template", Some(t)) if t.contains(TICKET_PLACEHOLDER) => {
                                    config.ticket_url_template = Some(t.trim().to_string())
                                }
                                ("url_template", _) => problems.push(
                                    Diagnostic::error(
                                        "config",
                                        "`tickets.url_template` must be a URL containing `{ticket}`",
                                    )
                                    .at_opt(at(&sub))
                                    .hint("e.g. `url_template: https://tracker.example.com/browse/{ticket}`"),
                                ),
                                _ => problems.push(unknown_key(
                                    &format!("tickets.{k}"),
                                    k,
                                    TICKETS_KEYS,
                                    key_at(&sub),
                                )),
                            }
                        }
                    }
                    None => bad(
                        "must be a mapping",
                        "e.g. `tickets: {url_template: \"https://tracker.example.com/browse/{ticket}\"}`",
                    ),
                },
                "chat" => parse_chat(value, text, &mut config.chat, &mut problems),
                "history" => match value
                    .get("before")
                    .and_then(Value::as_str)
                    .map(crate::time::parse_date)
                {
                    Some(Ok(day)) if value.as_mapping().is_some_and(|m| m.len() == 1) => {
                        config.history_before = Some(day)
                    }
                    _ => bad(
                        "must be a mapping with `before`, a date",
                        "e.g. `history: {before: 2026-01-01}`: postmortems that started before it are history",
                    ),
                },
                "lint" => match crate::lint::settings::Settings::parse(value, text) {
                    Ok(settings) => config.lint = settings,
                    Err(found) => problems.extend(found),
                },
                "people" | "meeting" | "document_url" => {
                    let mut report = meeting::Report {
                        text,
                        problems: Vec::new(),
                    };
                    match key {
                        "people" => config.people = meeting::parse_people(value, &mut report),
                        "meeting" => {
                            config.meeting = meeting::parse_meeting(value, &mut report);
                            config.meeting_configured = true;
                        }
                        _ => config.document_url = meeting::parse_document_url(value, &mut report),
                    }
                    problems.extend(report.problems);
                }
                _ => problems.push(unknown_key(key, key, TOP_KEYS, key_at(&path))),
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }
}

/// `chat:`, its `padding` and each of its `sources`.
fn parse_chat(value: &Value, text: &str, chat: &mut ChatConfig, problems: &mut Vec<Diagnostic>) {
    let at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.value);
    let key_at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.key_or_value());
    let Some(map) = value.as_mapping() else {
        problems.push(
            Diagnostic::error("config", "`chat` must be a mapping")
                .at_opt(at(&[Seg::Key("chat")]))
                .hint("e.g. `chat: {padding: 15m, sources: [{channel: \"#ops\", path: ~/irclogs/#ops.log}]}`"),
        );
        return;
    };
    for (k, v) in map {
        let k = k.as_str().unwrap_or("?");
        let path = [Seg::Key("chat"), Seg::Key(k)];
        match k {
            // A bare number is minutes.
            "padding" => match span_value(v) {
                Ok(d) => chat.padding = d,
                Err(why) => problems.push(
                    Diagnostic::error(
                        "config",
                        match why {
                            SpanError::TooLong => span_too_long("chat.padding"),
                            SpanError::NotASpan => "`chat.padding` must be a duration".into(),
                        },
                    )
                    .at_opt(at(&path))
                    .hint("e.g. `padding: 15m` (also `90s`, `1h`, `1h30m`)"),
                ),
            },
            "sources" => match v.as_sequence() {
                Some(list) => {
                    for (i, item) in list.iter().enumerate() {
                        if let Some(source) = parse_source(item, i, text, problems) {
                            chat.sources.push(source);
                        }
                    }
                }
                None => problems.push(
                    Diagnostic::error("config", "`chat.sources` must be a list")
                        .at_opt(at(&path))
                        .hint("e.g. `sources: [{channel: \"#ops\", format: auto, path: ~/irclogs/#ops.log}]`"),
                ),
            },
            "mark_reactions" => match string_list(v) {
                Some(names) => {
                    chat.mark_reactions = names
                        .into_iter()
                        .map(|n| n.trim().trim_matches(':').to_string())
                        .collect()
                }
                None => problems.push(
                    Diagnostic::error("config", "`chat.mark_reactions` must be a list of reaction names")
                        .at_opt(at(&path))
                        .hint("e.g. `mark_reactions: [pushpin, timeline]` (names as the chat export writes them, without colons)"),
                ),
            },
            _ => problems.push(unknown_key(&format!("chat.{k}"), k, CHAT_KEYS, key_at(&path))),
        }
    }
}

fn parse_source(
    item: &Value,
    i: usize,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<ChatSource> {
    let at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.value);
    let key_at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.key_or_value());
    let here = [Seg::Key("chat"), Seg::Key("sources"), Seg::Index(i)];
    let Some(map) = item.as_mapping() else {
        problems.push(
            Diagnostic::error("config", format!("`chat.sources[{i}]` must be a mapping"))
                .at_opt(at(&here))
                .hint("e.g. `- {channel: \"#ops\", format: auto, path: ~/irclogs/#ops.log}`"),
        );
        return None;
    };
    let before = problems.len();
    let mut source = ChatSource {
        channel: String::new(),
        format: "auto".into(),
        path: String::new(),
        timezone: None,
    };
    for (k, v) in map {
        let k = k.as_str().unwrap_or("?");
        let path = [here[0], here[1], here[2], Seg::Key(k)];
        let mut bad = |what: String, hint: String| {
            problems.push(
                Diagnostic::error("config", format!("`chat.sources[{i}].{k}` {what}"))
                    .at_opt(at(&path))
                    .hint(hint),
            )
        };
        match (k, v.as_str()) {
            ("channel", Some(c)) if !c.trim().is_empty() => source.channel = c.trim().to_string(),
            ("path", Some(p)) if !p.trim().is_empty() => source.path = p.trim().to_string(),
            ("format", Some(f)) => {
                let names = crate::chatlog::format_names();
                if names.contains(&f) {
                    source.format = f.to_string();
                } else {
                    let hint = match did_you_mean(f, names.iter().copied()) {
                        Some(best) => {
                            format!("did you mean `{best}`? known formats: {}", names.join(", "))
                        }
                        None => format!("known formats: {}", names.join(", ")),
                    };
                    bad(format!("is not a known format: `{f}`"), hint);
                }
            }
            ("timezone", Some(t)) => match crate::time::parse_tz(t) {
                Ok(tz) => source.timezone = Some(tz),
                Err(why) => bad(
                    format!("is not valid: {why}"),
                    "e.g. `timezone: Europe/Berlin`".into(),
                ),
            },
            ("channel" | "path" | "format" | "timezone", _) => bad(
                "must be a non-empty string".into(),
                match k {
                    "channel" => "e.g. `channel: \"#ops\"` (quote it: `#` starts a YAML comment)",
                    "path" => {
                        "e.g. `path: ~/irclogs/libera/#ops.log` (a file, a folder, or a glob)"
                    }
                    "format" => "e.g. `format: auto`",
                    _ => "e.g. `timezone: Europe/Berlin`",
                }
                .into(),
            ),
            _ => problems.push(unknown_key(
                &format!("chat.sources[{i}].{k}"),
                k,
                SOURCE_KEYS,
                key_at(&path),
            )),
        }
    }
    for (key, example) in [
        ("channel", "channel: \"#ops\""),
        ("path", "path: ~/irclogs/#ops.log"),
    ] {
        let missing = if key == "channel" {
            source.channel.is_empty()
        } else {
            source.path.is_empty()
        };
        if missing && problems.len() == before {
            problems.push(
                Diagnostic::error("config", format!("`chat.sources[{i}]` has no `{key}`"))
                    .at_opt(at(&here))
                    .hint(format!("add `{example}` to it")),
            );
        }
    }
    (problems.len() == before).then_some(source)
}

/// `15m`, `90s`, `1h`, `1h30m`, `2d`: a non-negative duration (see [`time::parse_span`]).
pub fn parse_padding(text: &str) -> Option<chrono::TimeDelta> {
    crate::time::parse_span(text).ok()
}

/// A span in pm.yaml: a string such as `15m` or `2d`, or a bare number of minutes.
pub(super) fn span_value(v: &Value) -> Result<chrono::TimeDelta, SpanError> {
    match v {
        Value::String(s) => crate::time::parse_span(s),
        Value::Number(n) => n.as_u64().map_or(Err(SpanError::NotASpan), span_minutes),
        _ => Err(SpanError::NotASpan),
    }
}

/// A URL from pm.yaml that pm would write as a link, but whose scheme is not http(s).
pub(super) fn not_a_link(key: &str, url: &str) -> Diagnostic {
    let scheme = url
        .trim()
        .split_once(':')
        .map_or(String::new(), |(s, _)| format!(" (`{s}:`)"));
    Diagnostic::error(
        "config",
        format!("`{key}` must be an http(s) or relative URL{scheme}: pm writes it as a link"),
    )
    .label("only http:, https: and relative links are written")
}

/// The message for a span longer than pm computes with.
pub(super) fn span_too_long(key: &str) -> String {
    format!("`{key}` is out of range: pm reads spans up to {MAX_SPAN_DAYS} days (100 years)")
}

fn unknown_key(
    shown: &str,
    key: &str,
    known: &[&str],
    span: Option<std::ops::Range<usize>>,
) -> Diagnostic {
    let d = Diagnostic::error("config", format!("unknown key `{shown}` in pm.yaml")).at_opt(span);
    match did_you_mean(key, known.iter().copied()) {
        Some(best) => d
            .label(format!("did you mean `{best}`?"))
            .hint(format!("rename it to `{best}`")),
        None => d.hint(format!("known keys: {}", known.join(", "))),
    }
}

fn string_list(value: &Value) -> Option<Vec<String>> {
    value
        .as_sequence()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn parse_severities(value: &Value) -> Option<Vec<SeverityLevel>> {
    value
        .as_sequence()?
        .iter()
        .map(|item| match item {
            Value::String(name) => Some(SeverityLevel {
                name: name.clone(),
                description: String::new(),
            }),
            Value::Mapping(m) => Some(SeverityLevel {
                name: m.get("name")?.as_str()?.to_string(),
                description: m
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            }),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_the_written_file_agree() {
        let parsed = Config::parse(&default_file()).unwrap();
        let default = Config::default();
        assert_eq!(parsed.severities, default.severities);
        assert_eq!(parsed.required_sections, default.required_sections);
        assert_eq!(parsed.remediation_due_days, 30);
        assert_eq!(parsed.remediation_stale_days, 180);
        assert_eq!(parsed.remediation_max_days, 90);
        assert_eq!(parsed.ticket_url_template, None);
        assert_eq!(parsed.types, default.types);
    }

    #[test]
    fn types_are_a_list_of_words() {
        let c = Config::parse("types: [incident, drill]\n").unwrap();
        assert_eq!((c.types.len(), c.default_type()), (2, "incident"));
        for bad in ["types: []\n", "types: [near miss]\n", "types: incident\n"] {
            let problems = Config::parse(bad).unwrap_err();
            assert!(problems[0].message.contains("`types` must be"), "{bad}");
        }
    }

    #[test]
    fn ticket_links() {
        let c = Config::parse(
            "tickets:\n  url_template: https://t.example.com/browse/{ticket}\nremediation:\n  max_days: 60\n",
        )
        .unwrap();
        assert_eq!(c.remediation_max_days, 60);
        assert_eq!(
            c.ticket_url("OPS-1412").as_deref(),
            Some("https://t.example.com/browse/OPS-1412")
        );
        assert_eq!(
            c.ticket_url("a b/c").as_deref(),
            Some("https://t.example.com/browse/a%20b%2Fc")
        );
        let err = Config::parse("tickets:\n  url_template: https://t.example.com/\n").unwrap_err();
        assert!(err[0].message.contains("{ticket}"));
        let err = Config::parse("tickets:\n  url: x\n").unwrap_err();
        assert!(err[0].message.contains("tickets.url"));
    }

    #[test]
    fn folders_stay_inside_the_repository() {
        for bad in ["/tmp", "../elsewhere", "docs/../../x", ""] {
            let err = Config::parse(&format!("postmortems_dir: \"{bad}\"\n")).unwrap_err();
            assert!(err[0].message.contains("inside the repository"), "{bad}");
        }
        let ok = Config::parse("postmortems_dir: docs/postmortems\n").unwrap();
        assert_eq!(ok.postmortems_dir, "docs/postmortems");
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let err = Config::parse("timezon: UTC\n").unwrap_err();
        assert_eq!(err[0].label.as_deref(), Some("did you mean `timezone`?"));
        assert_eq!(err[0].span, Some(0..7));
    }
}
