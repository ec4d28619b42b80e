//! What the readers of JSON exports (Slack, Mattermost, Discord, Matrix, PagerDuty) share:
//! reading a message's fields, and wording what a message carries besides its text
//! (replies, files, edits) the same way in every transcript.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// A JSON object as the readers hold it: a `Value`, or the `Map` of one already taken
/// apart.
pub trait Object {
    fn field(&self, key: &str) -> Option<&Value>;
}

impl Object for Value {
    fn field(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
}

impl Object for Map<String, Value> {
    fn field(&self, key: &str) -> Option<&Value> {
        self.get(key)
    }
}

/// Appended to the text of a message that was edited after it was posted.
pub const EDITED: &str = " (edited)";

/// A string field of a JSON object, if non-blank.
pub fn text<'a>(value: &'a impl Object, key: &str) -> Option<&'a str> {
    value
        .field(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The elements of an array field (none when the field is missing or not an array).
pub fn array<'a>(value: &'a impl Object, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .field(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Whether a field is `true`.
pub fn flag(value: &impl Object, key: &str) -> bool {
    value.field(key).and_then(Value::as_bool) == Some(true)
}

/// A message's text field with Windows line ends as `\n` (empty when missing).
pub fn message(value: &impl Object, key: &str) -> String {
    lf(value.field(key).and_then(Value::as_str).unwrap_or(""))
}

/// A text with Windows line ends as `\n`.
pub fn lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// An ISO 8601 / RFC 3339 time with its offset (`2026-03-14T10:12:00+01:00`) as UTC.
pub fn rfc3339(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A field of milliseconds since 1970 (Matrix, Mattermost) as an instant; `None` unless it
/// is a positive whole number.
pub fn millis(value: &impl Object, key: &str) -> Option<DateTime<Utc>> {
    value
        .field(key)
        .and_then(Value::as_i64)
        .filter(|&ms| ms > 0)
        .and_then(DateTime::from_timestamp_millis)
}

/// The start of a reply's text: `(reply to ann) `, or when the message it answers was not
/// read, `(reply to an earlier message) `.
pub fn reply_to(who: Option<&str>) -> String {
    match who {
        Some(who) => format!("(reply to {who}) "),
        None => "(reply to an earlier message) ".to_string(),
    }
}

/// What a transcript shows for a file posted with a message: `[file: graph.png]`.
pub fn file(name: &str) -> String {
    format!("[file: {name}]")
}

/// Adds a line to a message's text (after a line break, unless the text is empty).
pub fn push_line(body: &mut String, line: &str) {
    if !body.is_empty() {
        body.push('\n');
    }
    body.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let v: Value = serde_json::from_str(
            r#"{"a": " ", "b": "x\r\ny", "ts": 1773479520000, "neg": -1, "on": true, "l": [1, 2]}"#,
        )
        .unwrap();
        assert_eq!(text(&v, "a"), None);
        assert_eq!(message(&v, "b"), "x\ny");
        assert_eq!(message(&v, "nope"), "");
        assert_eq!(
            millis(&v, "ts").map(|t| t.to_rfc3339()),
            Some("2026-03-14T09:12:00+00:00".into())
        );
        assert_eq!(millis(&v, "neg"), None);
        assert!(flag(&v, "on") && !flag(&v, "a"));
        assert_eq!(array(&v, "l").count(), 2);
        assert_eq!(array(&v, "a").count(), 0);
        assert_eq!(
            rfc3339(" 2026-03-14T10:12:00+01:00").map(|t| t.to_rfc3339()),
            Some("2026-03-14T09:12:00+00:00".into())
        );
        let mut body = String::new();
        push_line(&mut body, &file("a.png"));
        push_line(&mut body, "b");
        assert_eq!(body, "[file: a.png]\nb");
        assert_eq!(reply_to(None), "(reply to an earlier message) ");
    }
}
