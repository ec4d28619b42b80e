//! Discord channels exported by DiscordChatExporter as JSON: `{guild, channel, dateRange,
//! exportedAt, messages: [...], messageCount}`, each message with `id`, `type`, `timestamp`
//! (ISO 8601 with the exporter's offset), `isPinned`, `content`, `author` (`name`,
//! `nickname`), `attachments`, `embeds`, `stickers`, `reactions` and, for replies,
//! `reference.messageId`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::fields::{self, EDITED, array, flag, push_line, reply_to, rfc3339, text};
use super::json::{head_has, quick_string, starts_json};
use super::{Entry, Format, Kind, LineContext, Parsed};

/// Replies name the author of the message they answer when it was read before; at most this
/// many authors are remembered (memory stays bounded on any export).
const REMEMBERED: usize = 100_000;

#[derive(Default)]
pub struct Discord {
    authors: HashMap<String, String>,
}

impl Format for Discord {
    fn name(&self) -> &'static str {
        "discord"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        starts_json(first_lines)
            && head_has(first_lines, "guild")
            && (head_has(first_lines, "channel") || head_has(first_lines, "messages"))
    }

    fn json_arrays(&self) -> &'static [&'static str] {
        &["messages"]
    }

    fn ordered(&self) -> bool {
        true
    }

    fn quick_time(&self, raw: &[u8]) -> Option<DateTime<Utc>> {
        let stamp = quick_string(raw, b"timestamp")?;
        rfc3339(std::str::from_utf8(stamp).ok()?)
    }

    fn parse_value(&mut self, msg: Value, ctx: &mut LineContext) -> Parsed {
        if !msg.is_object() {
            return Parsed::Unparsed;
        }
        let Some(at) = text(&msg, "timestamp").and_then(rfc3339) else {
            return Parsed::Unparsed;
        };
        let author = msg.get("author");
        let nick = author
            .and_then(|a| text(a, "nickname").or_else(|| text(a, "name")))
            .or_else(|| author.and_then(|a| text(a, "id")))
            .unwrap_or("unknown")
            .to_string();
        let kind = match text(&msg, "type").unwrap_or("Default") {
            "Default" | "Reply" => Kind::Message,
            "RecipientAdd" | "GuildMemberJoin" => Kind::Join,
            "RecipientRemove" => Kind::Part,
            _ => Kind::Other,
        };
        let mut body = String::new();
        if let Some(reference) = msg.get("reference").and_then(|r| text(r, "messageId")) {
            body.push_str(&reply_to(self.authors.get(reference).map(String::as_str)));
        }
        body.push_str(&fields::message(&msg, "content"));
        let mut add = |line: String| push_line(&mut body, &line);
        for file in array(&msg, "attachments") {
            add(fields::file(text(file, "fileName").unwrap_or("attachment")));
        }
        // Alerts posted by bots carry their text in embeds.
        for embed in array(&msg, "embeds") {
            let parts: Vec<&str> = ["title", "description"]
                .iter()
                .filter_map(|k| text(embed, k))
                .collect();
            if !parts.is_empty() {
                add(parts.join(": "));
            }
        }
        for sticker in array(&msg, "stickers") {
            add(format!(
                "[sticker: {}]",
                text(sticker, "name").unwrap_or("sticker")
            ));
        }
        if body.is_empty() {
            body = match kind {
                Kind::Join => format!("{nick} joined"),
                Kind::Part => format!("{nick} left"),
                _ => body,
            };
        } else if kind != Kind::Message {
            // System messages say what happened without who: "Changed the channel name."
            let mut chars = body.chars();
            if let Some(first) = chars.next() {
                body = format!("{nick} {}{}", first.to_lowercase(), chars.as_str());
            }
        }
        if msg.get("timestampEdited").is_some_and(Value::is_string) {
            body.push_str(EDITED);
        }
        if let Some(id) = text(&msg, "id")
            && self.authors.len() < REMEMBERED
        {
            self.authors.insert(id.to_string(), nick.clone());
        }
        Parsed::Entry(Entry {
            pinned: flag(&msg, "isPinned"),
            // DiscordChatExporter names a reaction's emoji by its code (`pushpin`).
            reactions: array(&msg, "reactions")
                .filter_map(|r| r.get("emoji"))
                .filter_map(|e| text(e, "code").or_else(|| text(e, "name")))
                .map(str::to_string)
                .collect(),
            ..Entry::new(at, kind, nick, body, ctx.line)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(d: &mut Discord, json: &str) -> Parsed {
        let mut ctx = LineContext::new(chrono_tz::UTC);
        ctx.line = 7;
        d.parse_value(serde_json::from_str(json).unwrap(), &mut ctx)
    }

    #[test]
    fn messages_replies_and_attachments() {
        let mut d = Discord::default();
        let Parsed::Entry(first) = parse(
            &mut d,
            r#"{"id":"1","type":"Default","timestamp":"2026-03-14T10:12:00+01:00","isPinned":true,"content":"503s","author":{"name":"ann","nickname":"Ann O."},"attachments":[{"fileName":"graph.png","url":"https://cdn.example/x?ex=1"}]}"#,
        ) else {
            panic!()
        };
        assert_eq!(first.at.to_rfc3339(), "2026-03-14T09:12:00+00:00");
        assert_eq!(first.nick, "Ann O.");
        assert_eq!(first.text, "503s\n[file: graph.png]");
        assert!(first.pinned);
        let Parsed::Entry(reply) = parse(
            &mut d,
            r#"{"id":"2","type":"Reply","timestamp":"2026-03-14T09:13:00+00:00","content":"on it","author":{"name":"bob"},"reference":{"messageId":"1"}}"#,
        ) else {
            panic!()
        };
        assert_eq!(reply.text, "(reply to Ann O.) on it");
        assert_eq!(reply.line, 7);
        assert_eq!(
            parse(&mut d, r#"{"id":"3","content":"no time"}"#),
            Parsed::Unparsed
        );
    }

    #[test]
    fn detection_and_quick_time() {
        assert!(Discord::default().detect(&[
            "{",
            "  \"guild\": {",
            "    \"id\": \"1\",",
            "  \"channel\": {"
        ]));
        assert!(!Discord::default().detect(&["{\"room_name\": \"x\", \"messages\": []}"]));
        let raw =
            br#"{"id": "1", "type": "Default", "timestamp": "2026-03-14T09:12:00.123+00:00"}"#;
        assert_eq!(
            Discord::default().quick_time(raw).map(|t| t.to_rfc3339()),
            Some("2026-03-14T09:12:00.123+00:00".into())
        );
    }
}
