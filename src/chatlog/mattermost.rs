//! Mattermost bulk exports (`mmctl export create`): JSON lines, one object per line, each
//! with a `type` (`version`, `team`, `channel`, `user`, `post`, `direct_channel`,
//! `direct_post`, ...). Posts carry `team`, `channel`, `user`, `message` and `create_at`
//! (milliseconds since 1970, UTC); thread replies are nested in the post's `replies`, each
//! with its own `user`, `message` and `create_at`.
//!
//! An export holds every channel of every team: a source keeps the posts of its channel
//! (`channel: town-square`, or `team/channel`; for direct messages the members, `ann,bob`).
//! Only the lines with a `create_at` in the window are parsed (`chatlog::keyed`), and of
//! those a post of another channel is left after a look at its raw `"channel"`.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::fields::text;
use super::json::quick_string;
use super::{Entry, Format, Kind, LineContext, Parsed};

pub struct Mattermost;

impl Format for Mattermost {
    fn name(&self) -> &'static str {
        "mattermost"
    }

    fn detect(&self, first_lines: &[&str]) -> bool {
        let first = first_lines.iter().map(|l| l.trim()).find(|l| !l.is_empty());
        first.is_some_and(|l| {
            let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            compact.starts_with('{')
                && [
                    "\"type\":\"version\"",
                    "\"type\":\"post\"",
                    "\"type\":\"direct_post\"",
                ]
                .iter()
                .any(|t| compact.contains(t))
        })
    }

    fn has_day_markers(&self) -> bool {
        false
    }

    fn time_key(&self) -> Option<&'static str> {
        Some("create_at")
    }

    fn parse_line(&mut self, line: &str, ctx: &mut LineContext) -> Parsed {
        let line = line.trim();
        if line.is_empty() {
            return Parsed::Skip;
        }
        let wanted = Wanted::of(&ctx.channel);
        // Another channel's post is left unparsed.
        if let (Some(name), Some(want)) =
            (quick_string(line.as_bytes(), b"channel"), &wanted.channel)
            && !name.eq_ignore_ascii_case(want.as_bytes())
            && !name.contains(&b'\\')
        {
            return Parsed::Skip;
        }
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            return Parsed::Unparsed;
        };
        let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
        let post = match kind {
            "post" | "direct_post" => match value.get(kind) {
                Some(post) if post.is_object() => post,
                _ => return Parsed::Unparsed,
            },
            "" => return Parsed::Unparsed,
            _ => return Parsed::Skip,
        };
        if !wanted.keeps(kind, post) {
            return Parsed::Skip;
        }
        let Some(first) = entry_of(post, ctx.line, false) else {
            return Parsed::Unparsed;
        };
        let mut entries = vec![first];
        for reply in post
            .get("replies")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            // A reply without a time is left out; its post is kept.
            if let Some(mut entry) = entry_of(reply, ctx.line, true) {
                entry.thread = Some(entries[0].at);
                entries.push(entry);
            }
        }
        entries.sort_by_key(|e| e.at);
        if entries.len() == 1 {
            entries.pop().map_or(Parsed::Unparsed, Parsed::Entry)
        } else {
            Parsed::Entries(entries)
        }
    }
}

/// Which posts a source keeps.
struct Wanted {
    team: Option<String>,
    channel: Option<String>,
    /// Members of a direct channel, sorted.
    members: Option<Vec<String>>,
}

impl Wanted {
    fn of(channel: &str) -> Wanted {
        let name = channel.trim().trim_start_matches(['#', '~']);
        if name.is_empty() {
            return Wanted {
                team: None,
                channel: None,
                members: None,
            };
        }
        if name.contains(',') {
            let mut members: Vec<String> = name
                .split(',')
                .map(|m| m.trim().trim_start_matches('@').to_lowercase())
                .collect();
            members.sort();
            return Wanted {
                team: None,
                channel: None,
                members: Some(members),
            };
        }
        let (team, channel) = match name.split_once('/') {
            Some((team, channel)) => (Some(team.to_string()), channel.to_string()),
            None => (None, name.to_string()),
        };
        Wanted {
            team,
            channel: Some(channel),
            members: None,
        }
    }

    fn keeps(&self, kind: &str, post: &Value) -> bool {
        let is = |key: &str, want: &Option<String>| match want {
            None => true,
            Some(want) => text(post, key).is_some_and(|v| v.eq_ignore_ascii_case(want)),
        };
        if kind == "direct_post" {
            let Some(want) = &self.members else {
                return self.channel.is_none();
            };
            let mut members: Vec<String> = post
                .get("channel_members")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_lowercase)
                .collect();
            members.sort();
            return &members == want;
        }
        self.members.is_none() && is("team", &self.team) && is("channel", &self.channel)
    }
}

/// A post or reply as an entry; `None` without a usable `create_at`.
fn entry_of(post: &Value, line: usize, thread_reply: bool) -> Option<Entry> {
    let ms = post.get("create_at").and_then(Value::as_i64)?;
    let at: DateTime<Utc> = DateTime::from_timestamp_millis(ms).filter(|_| ms > 0)?;
    let post_type = text(post, "type").unwrap_or("");
    let kind = match post_type {
        "" => Kind::Message,
        "me" => Kind::Action,
        "system_join_channel" | "system_join_team" | "system_add_to_channel" => Kind::Join,
        "system_leave_channel" | "system_leave_team" | "system_remove_from_channel" => Kind::Part,
        "system_header_change" | "system_purpose_change" => Kind::Topic,
        _ if post_type.starts_with("system_") => Kind::Other,
        _ => Kind::Message,
    };
    let mut body = post
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .replace("\r\n", "\n");
    for file in post
        .get("attachments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = text(file, "path")
            .map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p))
            .unwrap_or("attachment");
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&format!("[file: {name}]"));
    }
    if post
        .get("edit_at")
        .and_then(Value::as_i64)
        .is_some_and(|t| t > 0)
    {
        body.push_str(" (edited)");
    }
    Some(Entry {
        at,
        kind,
        nick: text(post, "user").unwrap_or("unknown").to_string(),
        text: body,
        line,
        thread_reply,
        pinned: post.get("is_pinned").and_then(Value::as_bool) == Some(true),
        reactions: post
            .get("reactions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| text(r, "emoji_name"))
            .map(str::to_string)
            .collect(),
        ..Entry::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str, channel: &str) -> Parsed {
        let mut ctx = LineContext::new(chrono_tz::UTC);
        ctx.channel = channel.into();
        ctx.line = 3;
        Mattermost.parse_line(line, &mut ctx)
    }

    const POST: &str = r#"{"type":"post","post":{"team":"acme","channel":"ops","user":"ann","message":"db is down","create_at":1773479520000,"replies":[{"user":"bob","message":"looking","create_at":1773479580000}]}}"#;

    #[test]
    fn a_post_and_its_replies() {
        let Parsed::Entries(entries) = parse(POST, "#ops") else {
            panic!("entries");
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].at.to_rfc3339(), "2026-03-14T09:12:00+00:00");
        assert!(!entries[0].thread_reply && entries[1].thread_reply);
        assert_eq!((entries[1].nick.as_str(), entries[1].line), ("bob", 3));
        assert!(matches!(parse(POST, "acme/ops"), Parsed::Entries(_)));
    }

    #[test]
    fn other_channels_and_records_are_skipped() {
        assert_eq!(parse(POST, "#dev"), Parsed::Skip);
        assert_eq!(parse(POST, "other/ops"), Parsed::Skip);
        assert_eq!(
            parse(r#"{"type":"version","version":1}"#, "ops"),
            Parsed::Skip
        );
        assert_eq!(
            parse(
                r#"{"type":"post","post":{"channel":"ops","message":"x"}}"#,
                "ops"
            ),
            Parsed::Unparsed
        );
        assert_eq!(
            parse(r#"{"type":"post","post":{"channel":"ops""#, "ops"),
            Parsed::Unparsed
        );
        assert_eq!(parse("", "ops"), Parsed::Skip);
    }

    #[test]
    fn direct_posts_by_their_members() {
        let dm = r#"{"type":"direct_post","direct_post":{"channel_members":["bob","ann"],"user":"ann","message":"hi","create_at":1773479520000}}"#;
        assert!(matches!(parse(dm, "ann,bob"), Parsed::Entry(_)));
        assert_eq!(parse(dm, "ops"), Parsed::Skip);
        assert_eq!(parse(dm, "ann,cho"), Parsed::Skip);
    }

    #[test]
    fn detection() {
        assert!(Mattermost.detect(&[r#"{"type":"version","version":1}"#]));
        assert!(Mattermost.detect(&["", r#"{ "type": "post", "post": {} }"#]));
        assert!(!Mattermost.detect(&[r#"{"guild": {}}"#]));
        assert!(!Mattermost.detect(&["09:00 < ann> hi"]));
    }
}
