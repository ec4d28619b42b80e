//! Matrix rooms exported by Element ("Export chat", format JSON): `{room_name,
//! room_creator, topic, export_date, exported_by, messages: [...]}`, each message a Matrix
//! event with `type`, `sender` (`@ann:example.org`), `origin_server_ts` (milliseconds since
//! 1970, UTC) and `content` (`msgtype` `m.text`, `m.emote`, `m.notice`, `m.file`, ...;
//! `membership` for `m.room.member`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::fields::{self, lf, millis, reply_to, text};
use super::json::{head_has, quick_number, starts_json};
use super::{Entry, Format, Kind, LineContext, Parsed};

/// Display names remembered from membership events (one per member; bounded all the same).
const REMEMBERED: usize = 100_000;

#[derive(Default)]
pub struct Matrix {
    names: HashMap<String, String>,
}

impl Matrix {
    /// A sender's display name if a membership event gave one, else the user part of the
    /// Matrix id (`@ann:example.org` is `ann`).
    fn name(&self, id: &str) -> String {
        if let Some(name) = self.names.get(id) {
            return name.clone();
        }
        let local = id.strip_prefix('@').unwrap_or(id);
        local.split(':').next().unwrap_or(local).to_string()
    }
}

impl Format for Matrix {
    fn name(&self) -> &'static str {
        "matrix"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        starts_json(first_lines)
            && (head_has(first_lines, "room_name")
                || head_has(first_lines, "room_creator")
                || head_has(first_lines, "origin_server_ts"))
    }

    fn json_arrays(&self) -> &'static [&'static str] {
        &["messages"]
    }

    fn ordered(&self) -> bool {
        true
    }

    fn context_marker(&self) -> Option<&'static [u8]> {
        Some(b"\"m.room.member\"")
    }

    fn quick_time(&self, raw: &[u8]) -> Option<DateTime<Utc>> {
        // Membership events must be read whatever their time: they carry display names.
        if memchr::memmem::find(raw, b"m.room.member").is_some() {
            return None;
        }
        DateTime::from_timestamp_millis(quick_number(raw, b"origin_server_ts")?)
    }

    fn parse_value(&mut self, event: Value, ctx: &mut LineContext) -> Parsed {
        let Some(at) = millis(&event, "origin_server_ts") else {
            return Parsed::Unparsed;
        };
        let Some(sender) = text(&event, "sender") else {
            return Parsed::Unparsed;
        };
        let content = event.get("content").cloned().unwrap_or(Value::Null);
        let sender_name = self.name(sender);
        let entry = |kind: Kind, nick: String, body: String| {
            Parsed::Entry(Entry::new(at, kind, nick, body, ctx.line))
        };
        match text(&event, "type").unwrap_or("") {
            "m.room.message" | "m.sticker" => {
                let relates = content.get("m.relates_to");
                // An edit repeats the message with its new text; the export keeps both.
                if relates.and_then(|r| text(r, "rel_type")) == Some("m.replace") {
                    return Parsed::Skip;
                }
                let Some(body) = content.get("body").and_then(Value::as_str) else {
                    // A redacted (deleted) message.
                    return Parsed::Skip;
                };
                let (quoted, body) = strip_reply_fallback(body);
                let mut shown = String::new();
                if let Some(who) = quoted {
                    shown.push_str(&reply_to(Some(&self.name(&who))));
                } else if relates.and_then(|r| r.get("m.in_reply_to")).is_some() {
                    shown.push_str(&reply_to(None));
                }
                let msgtype = text(&content, "msgtype").unwrap_or("m.text");
                let kind = match msgtype {
                    "m.emote" => Kind::Action,
                    _ => Kind::Message,
                };
                match msgtype {
                    "m.image" | "m.file" | "m.video" | "m.audio" => {
                        shown.push_str(&fields::file(body));
                    }
                    _ if text(&event, "type") == Some("m.sticker") => {
                        shown.push_str(&format!("[sticker: {body}]"));
                    }
                    _ => shown.push_str(&lf(body)),
                }
                let thread = relates.and_then(|r| text(r, "rel_type")) == Some("m.thread");
                Parsed::Entry(Entry {
                    thread_reply: thread,
                    ..Entry::new(at, kind, sender_name, shown, ctx.line)
                })
            }
            "m.room.member" => self.member(&event, &content, sender, entry),
            "m.room.topic" => {
                let topic = text(&content, "topic").unwrap_or("");
                entry(
                    Kind::Topic,
                    sender_name.clone(),
                    format!("{sender_name} changed the topic to \"{topic}\""),
                )
            }
            "m.room.name" => {
                let name = text(&content, "name").unwrap_or("");
                entry(
                    Kind::Other,
                    sender_name.clone(),
                    format!("{sender_name} changed the room name to \"{name}\""),
                )
            }
            "m.room.create" => entry(
                Kind::Other,
                sender_name.clone(),
                format!("{sender_name} created the room"),
            ),
            // Element writes decrypted events; one it could not decrypt has no text.
            "m.room.encrypted" => Parsed::Unparsed,
            "" => Parsed::Unparsed,
            // Reactions, redactions, calls, power levels and other state: not conversation.
            _ => Parsed::Skip,
        }
    }
}

impl Matrix {
    fn member(
        &mut self,
        event: &Value,
        content: &Value,
        sender: &str,
        entry: impl Fn(Kind, String, String) -> Parsed,
    ) -> Parsed {
        let target = text(event, "state_key").unwrap_or(sender);
        let before = self.name(target);
        let display = text(content, "displayname");
        let previous = event
            .get("unsigned")
            .and_then(|u| u.get("prev_content"))
            .or_else(|| event.get("prev_content"));
        let was = previous.and_then(|p| text(p, "membership"));
        if let Some(name) = display
            && self.names.len() < REMEMBERED
        {
            self.names.insert(target.to_string(), name.to_string());
        }
        let now = self.name(target);
        let by = self.name(sender);
        match text(content, "membership").unwrap_or("") {
            "join" if was == Some("join") => {
                if now == before {
                    // An avatar change.
                    Parsed::Skip
                } else {
                    entry(
                        Kind::Nick,
                        before.clone(),
                        format!("{before} is now known as {now}"),
                    )
                }
            }
            "join" => entry(Kind::Join, now.clone(), format!("{now} joined the room")),
            "leave" if target != sender => {
                entry(Kind::Other, by.clone(), format!("{by} removed {now}"))
            }
            "leave" => entry(Kind::Part, now.clone(), format!("{now} left the room")),
            "invite" => entry(Kind::Other, by.clone(), format!("{by} invited {now}")),
            "ban" => entry(Kind::Other, by.clone(), format!("{by} banned {now}")),
            _ => Parsed::Skip,
        }
    }
}

/// A reply's body starts with the quoted message (`> <@ann:x> text` lines, then a blank
/// line): the quoted sender and the reply's own text.
fn strip_reply_fallback(body: &str) -> (Option<String>, &str) {
    if !body.starts_with("> <") {
        return (None, body);
    }
    let who = body
        .get(3..)
        .and_then(|rest| rest.split_once('>'))
        .map(|(id, _)| id.to_string());
    let mut rest = body;
    while let Some(line_end) = rest.find('\n') {
        let line = &rest[..line_end];
        if !line.starts_with('>') {
            break;
        }
        rest = &rest[line_end + 1..];
    }
    if rest.starts_with('>') {
        return (None, body);
    }
    (who, rest.trim_start_matches('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(m: &mut Matrix, json: &str) -> Parsed {
        let mut ctx = LineContext::new(chrono_tz::UTC);
        m.parse_value(serde_json::from_str(json).unwrap(), &mut ctx)
    }

    fn one(m: &mut Matrix, json: &str) -> Entry {
        match parse(m, json) {
            Parsed::Entry(e) => e,
            other => panic!("{json}: {other:?}"),
        }
    }

    #[test]
    fn events_become_entries() {
        let mut m = Matrix::default();
        let join = one(
            &mut m,
            r#"{"type":"m.room.member","sender":"@ann:x.org","state_key":"@ann:x.org","origin_server_ts":1773479520000,"content":{"membership":"join","displayname":"Ann"}}"#,
        );
        assert_eq!(
            (join.kind, join.text.as_str()),
            (Kind::Join, "Ann joined the room")
        );
        let msg = one(
            &mut m,
            r#"{"type":"m.room.message","sender":"@ann:x.org","origin_server_ts":1773479521000,"content":{"msgtype":"m.emote","body":"restarts db"}}"#,
        );
        assert_eq!((msg.kind, msg.nick.as_str()), (Kind::Action, "Ann"));
        let reply = one(
            &mut m,
            r#"{"type":"m.room.message","sender":"@bob:x.org","origin_server_ts":1773479522000,"content":{"msgtype":"m.text","body":"> <@ann:x.org> restarts db\n\nthanks","m.relates_to":{"m.in_reply_to":{"event_id":"$1"}}}}"#,
        );
        assert_eq!(
            (reply.nick.as_str(), reply.text.as_str()),
            ("bob", "(reply to Ann) thanks")
        );
        let edit = r#"{"type":"m.room.message","sender":"@bob:x.org","origin_server_ts":1773479523000,"content":{"body":"* thanks!","m.relates_to":{"rel_type":"m.replace"}}}"#;
        assert_eq!(parse(&mut m, edit), Parsed::Skip);
        let rename = one(
            &mut m,
            r#"{"type":"m.room.member","sender":"@ann:x.org","state_key":"@ann:x.org","origin_server_ts":1773479524000,"content":{"membership":"join","displayname":"Ann (oncall)"},"unsigned":{"prev_content":{"membership":"join","displayname":"Ann"}}}"#,
        );
        assert_eq!(rename.kind, Kind::Nick);
        assert_eq!(
            parse(
                &mut m,
                r#"{"type":"m.room.message","content":{"body":"x"}}"#
            ),
            Parsed::Unparsed
        );
        assert_eq!(
            parse(
                &mut m,
                r#"{"type":"m.reaction","sender":"@a:x","origin_server_ts":1}"#
            ),
            Parsed::Skip
        );
    }
}
