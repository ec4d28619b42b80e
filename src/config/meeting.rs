//! `people:`, `meeting:` and `document_url` of pm.yaml: the directory of people, the
//! postmortem meeting's settings and the link to a postmortem, each problem reported at
//! its place.

use serde_yaml::Value;

use super::{span_too_long, span_value, unknown_key};
use crate::diagnostic::Diagnostic;
use crate::document::people::{Directory, Person, is_email, normal_handle};
use crate::mail::{Smtp, Transport};
use crate::meeting::settings::{Contact, Settings};
use crate::parse::locate::{Seg, locate};
use crate::time::SpanError;

const PERSON_KEYS: &[&str] = &["name", "email", "chat"];
pub(super) const MEETING_KEYS: &[&str] = &[
    "duration",
    "organizer",
    "mailing_list",
    "facilitators",
    "location",
    "within",
    "silence",
    "send",
];
const ORGANIZER_KEYS: &[&str] = &["name", "email"];
const SEND_KEYS: &[&str] = &["sendmail", "smtp"];
const SMTP_KEYS: &[&str] = &["host", "port", "starttls", "username", "password_env"];

/// What `{path}` in `document_url` is replaced with.
pub const PATH_PLACEHOLDER: &str = "{path}";

/// Positions in pm.yaml's text, and the problems found.
pub(super) struct Report<'t> {
    pub text: &'t str,
    pub problems: Vec<Diagnostic>,
}

impl Report<'_> {
    fn value_at(&self, path: &[Seg<'_>]) -> Option<std::ops::Range<usize>> {
        locate(self.text, path).map(|l| l.value)
    }

    fn key_at(&self, path: &[Seg<'_>]) -> Option<std::ops::Range<usize>> {
        locate(self.text, path).map(|l| l.key_or_value())
    }

    fn bad(&mut self, path: &[Seg<'_>], message: String, hint: &str) {
        let span = self.value_at(path);
        self.problems.push(
            Diagnostic::error("config", message)
                .at_opt(span)
                .hint(hint.to_string()),
        );
    }

    fn unknown(&mut self, shown: &str, key: &str, known: &[&str], path: &[Seg<'_>]) {
        let span = self.key_at(path);
        self.problems.push(unknown_key(shown, key, known, span));
    }
}

/// `people:`: a list of `{name, email, chat}`; names and chat handles unique.
pub(super) fn parse_people(value: &Value, r: &mut Report<'_>) -> Directory {
    let mut directory = Directory::default();
    let Some(list) = value.as_sequence() else {
        r.bad(
            &[Seg::Key("people")],
            "`people` must be a list of people".into(),
            "e.g. `people: [{name: Ana Lima, email: ana@example.com, chat: [ana]}]`",
        );
        return directory;
    };
    for (i, item) in list.iter().enumerate() {
        let here = [Seg::Key("people"), Seg::Index(i)];
        let Some(map) = item.as_mapping() else {
            r.bad(
                &here,
                format!("`people[{i}]` must be a mapping"),
                "e.g. `- {name: Ana Lima, email: ana@example.com, chat: [ana, ana_l]}`",
            );
            continue;
        };
        let mut person = Person {
            name: String::new(),
            email: None,
            chat: Vec::new(),
        };
        for (k, v) in map {
            let k = k.as_str().unwrap_or("?");
            let path = [here[0], here[1], Seg::Key(k)];
            match k {
                "name" => match v.as_str().map(str::trim) {
                    Some(name) if !name.is_empty() => {
                        if let Some(other) = directory.by_name(name) {
                            let message = format!(
                                "`people[{i}].name`: `{name}` is in the directory twice (as `{}` too)",
                                other.name
                            );
                            r.bad(&path, message, "merge the two entries into one");
                        }
                        person.name = name.to_string();
                    }
                    _ => r.bad(
                        &path,
                        format!("`people[{i}].name` must be a non-empty string"),
                        "e.g. `name: Ana Lima`, as the name is written in `authors`",
                    ),
                },
                "email" => match v.as_str().map(str::trim) {
                    Some(email) if is_email(email) => person.email = Some(email.to_string()),
                    _ => r.bad(
                        &path,
                        format!("`people[{i}].email` is not an e-mail address"),
                        "e.g. `email: ana@example.com` (one address, no name or angle brackets)",
                    ),
                },
                "chat" => {
                    let handles: Option<Vec<String>> = match v {
                        Value::String(s) => Some(vec![s.clone()]),
                        Value::Sequence(items) => items
                            .iter()
                            .map(|h| match h {
                                Value::String(s) => Some(s.clone()),
                                Value::Number(n) => Some(n.to_string()),
                                _ => None,
                            })
                            .collect(),
                        _ => None,
                    };
                    let Some(handles) = handles else {
                        r.bad(
                            &path,
                            format!("`people[{i}].chat` must be a list of chat handles"),
                            "e.g. `chat: [ana, ana_l, U024BE7LH]` (IRC nicks, Slack user ids or names)",
                        );
                        continue;
                    };
                    for (j, handle) in handles.iter().enumerate() {
                        let at = [here[0], here[1], Seg::Key("chat"), Seg::Index(j)];
                        let normal = normal_handle(handle);
                        if normal.is_empty() {
                            r.bad(
                                &at,
                                format!("`people[{i}].chat[{j}]` is empty"),
                                "remove it, or write the handle",
                            );
                            continue;
                        }
                        let owner =
                            directory
                                .by_handle(handle)
                                .map(|p| p.name.clone())
                                .or_else(|| {
                                    person
                                        .chat
                                        .iter()
                                        .any(|h| normal_handle(h) == normal)
                                        .then(|| "the same person".to_string())
                                });
                        if let Some(owner) = owner {
                            let span = r.value_at(&at).or_else(|| r.value_at(&path));
                            r.problems.push(
                                Diagnostic::error(
                                    "config",
                                    format!(
                                        "the chat handle `{handle}` is given twice in `people` (also for {owner})"
                                    ),
                                )
                                .at_opt(span)
                                .label("a handle must name one person")
                                .hint("keep it on the person who uses it and remove it here"),
                            );
                            continue;
                        }
                        person.chat.push(handle.trim().to_string());
                    }
                }
                _ => r.unknown(&format!("people[{i}].{k}"), k, PERSON_KEYS, &path),
            }
        }
        if person.name.is_empty() {
            if !map.contains_key("name") {
                r.bad(
                    &here,
                    format!("`people[{i}]` has no `name`"),
                    "add `name: ...`, as the name is written in `authors` and `owner`",
                );
            }
            continue;
        }
        directory.people.push(person);
    }
    directory
}

/// `meeting:`.
pub(super) fn parse_meeting(value: &Value, r: &mut Report<'_>) -> Settings {
    let mut settings = Settings::default();
    let Some(map) = value.as_mapping() else {
        r.bad(
            &[Seg::Key("meeting")],
            "`meeting` must be a mapping".into(),
            "e.g. `meeting: {duration: 60m, within: 5d}`",
        );
        return settings;
    };
    for (k, v) in map {
        let k = k.as_str().unwrap_or("?");
        let path = [Seg::Key("meeting"), Seg::Key(k)];
        let span = span_value(v);
        let duration = || span.ok().filter(|d| *d > chrono::TimeDelta::zero());
        let address = v.as_str().map(str::trim).filter(|e| is_email(e));
        match k {
            "duration" => {
                match duration().filter(|d| d.num_minutes() >= 10 && d.num_hours() <= 8) {
                    Some(d) => settings.duration = d,
                    None => r.bad(
                        &path,
                        "`meeting.duration` must be a duration from 10 minutes to 8 hours".into(),
                        "e.g. `duration: 60m` (also `45m`, `1h30m`)",
                    ),
                }
            }
            "within" | "silence" => match duration() {
                Some(d) if k == "within" => settings.within = d,
                Some(d) => settings.silence = d,
                None => r.bad(
                    &path,
                    match span {
                        Err(SpanError::TooLong) => span_too_long(&format!("meeting.{k}")),
                        _ => format!("`meeting.{k}` must be a positive duration"),
                    },
                    if k == "within" {
                        "e.g. `within: 5d` (also `36h`)"
                    } else {
                        "e.g. `silence: 10m`"
                    },
                ),
            },
            "mailing_list" | "facilitators" => match address {
                Some(email) if k == "mailing_list" => settings.mailing_list = Some(email.into()),
                Some(email) => settings.facilitators = Some(email.into()),
                None => r.bad(
                    &path,
                    format!("`meeting.{k}` is not an e-mail address"),
                    if k == "mailing_list" {
                        "e.g. `mailing_list: postmortems@example.com`"
                    } else {
                        "e.g. `facilitators: facilitators@example.com`"
                    },
                ),
            },
            "location" => match v.as_str().map(str::trim) {
                Some(l) if !l.is_empty() => settings.location = Some(l.to_string()),
                _ => r.bad(
                    &path,
                    "`meeting.location` must be a non-empty string".into(),
                    "e.g. `location: \"Room 4.01 / https://meet.example.com/postmortems\"`",
                ),
            },
            "organizer" => settings.organizer = parse_organizer(v, r),
            "send" => {
                if let Some(send) = parse_send(v, r) {
                    settings.send = send;
                }
            }
            _ => r.unknown(&format!("meeting.{k}"), k, MEETING_KEYS, &path),
        }
    }
    settings
}

fn parse_organizer(v: &Value, r: &mut Report<'_>) -> Option<Contact> {
    let here = [Seg::Key("meeting"), Seg::Key("organizer")];
    let hint = "e.g. `organizer: {name: SRE team, email: sre@example.com}`";
    let Some(map) = v.as_mapping() else {
        r.bad(&here, "`meeting.organizer` must be a mapping".into(), hint);
        return None;
    };
    let before = r.problems.len();
    let mut contact = Contact {
        name: String::new(),
        email: String::new(),
    };
    for (k, v) in map {
        let k = k.as_str().unwrap_or("?");
        let path = [here[0], here[1], Seg::Key(k)];
        match (k, v.as_str().map(str::trim)) {
            ("name", Some(n)) if !n.is_empty() => contact.name = n.to_string(),
            ("email", Some(e)) if is_email(e) => contact.email = e.to_string(),
            ("name", _) => r.bad(
                &path,
                "`meeting.organizer.name` must be a non-empty string".into(),
                hint,
            ),
            ("email", _) => r.bad(
                &path,
                "`meeting.organizer.email` is not an e-mail address".into(),
                hint,
            ),
            _ => r.unknown(&format!("meeting.organizer.{k}"), k, ORGANIZER_KEYS, &path),
        }
    }
    if r.problems.len() == before && contact.email.is_empty() {
        r.bad(&here, "`meeting.organizer` has no `email`".into(), hint);
    }
    if contact.name.is_empty() {
        contact.name = contact.email.clone();
    }
    (r.problems.len() == before).then_some(contact)
}

/// `send: sendmail`, `send: {sendmail: /usr/sbin/sendmail}` or `send: {smtp: {...}}`.
fn parse_send(v: &Value, r: &mut Report<'_>) -> Option<Transport> {
    let here = [Seg::Key("meeting"), Seg::Key("send")];
    let hint = "e.g. `send: sendmail`, or `send: {smtp: {host: smtp.example.com, port: 587, starttls: true, username: pm, password_env: PM_SMTP_PASSWORD}}`";
    if v.as_str() == Some("sendmail") {
        return Some(Transport::default());
    }
    let Some(map) = v.as_mapping().filter(|m| m.len() == 1) else {
        r.bad(
            &here,
            "`meeting.send` must be `sendmail` or one of `{sendmail: COMMAND}`, `{smtp: {...}}`"
                .into(),
            hint,
        );
        return None;
    };
    let (k, v) = map.iter().next()?;
    let k = k.as_str().unwrap_or("?");
    let path = [here[0], here[1], Seg::Key(k)];
    match k {
        "sendmail" => match v.as_str().map(str::trim) {
            Some(c) if !c.is_empty() => Some(Transport::Sendmail {
                command: c.to_string(),
            }),
            _ => {
                r.bad(
                    &path,
                    "`meeting.send.sendmail` must be a command".into(),
                    "e.g. `sendmail: /usr/sbin/sendmail`",
                );
                None
            }
        },
        "smtp" => parse_smtp(v, r).map(Transport::Smtp),
        _ => {
            r.unknown(&format!("meeting.send.{k}"), k, SEND_KEYS, &path);
            None
        }
    }
}

fn parse_smtp(v: &Value, r: &mut Report<'_>) -> Option<Smtp> {
    let here = [Seg::Key("meeting"), Seg::Key("send"), Seg::Key("smtp")];
    let Some(map) = v.as_mapping() else {
        r.bad(
            &here,
            "`meeting.send.smtp` must be a mapping".into(),
            "e.g. `smtp: {host: smtp.example.com, port: 587, starttls: true}`",
        );
        return None;
    };
    let before = r.problems.len();
    let mut smtp = Smtp {
        host: String::new(),
        port: 25,
        starttls: false,
        username: None,
        password_env: None,
    };
    let mut port_given = false;
    for (k, v) in map {
        let k = k.as_str().unwrap_or("?");
        let path = [here[0], here[1], here[2], Seg::Key(k)];
        let text = v.as_str().map(str::trim).filter(|s| !s.is_empty());
        match k {
            "host" => match text {
                Some(h) if !h.contains(char::is_whitespace) => smtp.host = h.to_string(),
                _ => r.bad(
                    &path,
                    "`meeting.send.smtp.host` must be a host name".into(),
                    "e.g. `host: smtp.example.com`",
                ),
            },
            "port" => match v.as_u64().and_then(|p| u16::try_from(p).ok()).filter(|p| *p > 0) {
                Some(p) => {
                    smtp.port = p;
                    port_given = true;
                }
                None => r.bad(
                    &path,
                    "`meeting.send.smtp.port` must be a port number (1-65535)".into(),
                    "e.g. `port: 587`",
                ),
            },
            "starttls" => match v.as_bool() {
                Some(b) => smtp.starttls = b,
                None => r.bad(
                    &path,
                    "`meeting.send.smtp.starttls` must be true or false".into(),
                    "e.g. `starttls: true`",
                ),
            },
            "username" => match text {
                Some(u) => smtp.username = Some(u.to_string()),
                None => r.bad(
                    &path,
                    "`meeting.send.smtp.username` must be a non-empty string".into(),
                    "e.g. `username: pm-bot`",
                ),
            },
            "password_env" => match text {
                Some(e) if e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    smtp.password_env = Some(e.to_string())
                }
                _ => r.bad(
                    &path,
                    "`meeting.send.smtp.password_env` must name an environment variable".into(),
                    "e.g. `password_env: PM_SMTP_PASSWORD` (the password itself never goes in pm.yaml)",
                ),
            },
            _ => r.unknown(&format!("meeting.send.smtp.{k}"), k, SMTP_KEYS, &path),
        }
    }
    if r.problems.len() == before && smtp.host.is_empty() {
        r.bad(
            &here,
            "`meeting.send.smtp` has no `host`".into(),
            "add `host: smtp.example.com`",
        );
    }
    if !port_given && smtp.starttls {
        smtp.port = 587;
    }
    (r.problems.len() == before).then_some(smtp)
}

/// `document_url`: a URL with `{path}` (the document's path from the repository root).
pub(super) fn parse_document_url(value: &Value, r: &mut Report<'_>) -> Option<String> {
    match value.as_str().map(str::trim) {
        Some(url)
            if url.contains(PATH_PLACEHOLDER)
                && (url.starts_with("https://") || url.starts_with("http://"))
                && crate::output::markdown::link_allowed(
                    &url.replace(PATH_PLACEHOLDER, "a.md"),
                ) =>
        {
            Some(url.to_string())
        }
        _ => {
            r.bad(
                &[Seg::Key("document_url")],
                "`document_url` must be an http(s) URL containing `{path}`".into(),
                "e.g. `document_url: https://git.example.com/sre/postmortems/-/blob/main/{path}`",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::mail::Transport;

    const GOOD: &str = "people:\n  - name: Ana Lima\n    email: ana@example.com\n    chat: [ana, ana_l, U024BE7LH]\n  - name: Ben Okafor\n    chat: ben\nmeeting:\n  duration: 45m\n  organizer: {name: SRE team, email: sre@example.com}\n  mailing_list: postmortems@example.com\n  facilitators: facilitators@example.com\n  location: \"Room 4.01\"\n  within: 3d\n  send:\n    smtp: {host: localhost, port: 2525, starttls: false}\ndocument_url: https://git.example.com/pm/-/blob/main/{path}\n";

    #[test]
    fn reads_people_and_meeting() {
        let c = Config::parse(GOOD).unwrap();
        assert_eq!(c.people.people.len(), 2);
        assert_eq!(c.people.by_handle("ben").unwrap().name, "Ben Okafor");
        assert_eq!(c.meeting.duration.num_minutes(), 45);
        assert_eq!(c.meeting.within.num_hours(), 72);
        assert_eq!(
            c.meeting.organizer.as_ref().unwrap().email,
            "sre@example.com"
        );
        assert!(
            matches!(&c.meeting.send, Transport::Smtp(s) if s.port == 2525 && s.host == "localhost")
        );
        assert_eq!(
            c.document_url("postmortems/a.md").as_deref(),
            Some("https://git.example.com/pm/-/blob/main/postmortems/a.md")
        );
    }

    #[test]
    fn reports_each_problem_at_its_place() {
        let text = "people:\n  - name: Ana\n    email: ana-at-example\n    chat: [ana]\n  - name: Ben\n    chat: [ANA]\n    mail: x\nmeeting:\n  duratoin: 60m\n  send: {smtp: {port: 99999}}\n";
        let err = Config::parse(text).unwrap_err();
        let shown: Vec<(String, usize)> = err
            .iter()
            .map(|d| (d.message.clone(), d.span.clone().map_or(0, |s| s.start)))
            .collect();
        let find = |needle: &str| {
            shown
                .iter()
                .find(|(m, _)| m.contains(needle))
                .unwrap_or_else(|| panic!("{needle} in {shown:?}"))
                .1
        };
        assert_eq!(&text[find("email")..][..14], "ana-at-example");
        // A flow list's item is shown by the list.
        assert_eq!(&text[find("handle `ANA`")..][..5], "[ANA]");
        assert_eq!(&text[find("people[1].mail")..][..4], "mail");
        assert_eq!(&text[find("meeting.duratoin")..][..8], "duratoin");
        assert!(
            err.iter()
                .any(|d| d.label.as_deref() == Some("did you mean `duration`?"))
        );
        assert!(shown.iter().any(|(m, _)| m.contains("port")));
    }
}
