//! Setting a top-level one-line field of the front matter in place (`meeting_at`,
//! `facilitator`), as `edit` does for remediation items: only the value's bytes change (or
//! one line is added), and the result is read back to check it is exactly that change.

use serde_yaml::{Mapping, Value};

use super::edit::{Refusal, is_complex, lines, refuse, scalar, scalar_extent, split_key};
use crate::parse::Split;

/// One field to set: its key, its new value, and the keys after which a new line goes
/// (the first of them present, else the end of the front matter).
#[derive(Debug, Clone)]
pub struct SetField {
    pub key: &'static str,
    pub value: String,
    pub after: &'static [&'static str],
}

/// `text` with each field set, or the reason it cannot be done safely.
pub fn set_fields(text: &str, fields: &[SetField]) -> Result<String, Refusal> {
    let mut out = text.to_string();
    for field in fields {
        let split = crate::parse::split(&out).map_err(|_| Refusal {
            message: "the file has no readable front matter; `pm check` says why".into(),
            at: None,
        })?;
        out = set_one(&out, &split, field)?;
    }
    Ok(out)
}

/// `text` without the top-level one-line field `key` (its line removed); unchanged when the
/// key is absent.
pub fn remove_field(text: &str, key: &str) -> Result<String, Refusal> {
    let split = crate::parse::split(text).map_err(|_| Refusal {
        message: "the file has no readable front matter; `pm check` says why".into(),
        at: None,
    })?;
    let mut expected = match serde_yaml::from_str(&text[split.yaml.clone()]) {
        Ok(v @ Value::Mapping(_)) => v,
        Ok(Value::Null) => return Ok(text.to_string()),
        _ => {
            return refuse(
                "the front matter is not a readable YAML mapping; `pm check` says why",
                Some(split.open.start),
            );
        }
    };
    let lines = lines(text, split.yaml.clone());
    let Some(i) = lines.iter().position(|l| {
        l.indent == 0 && !l.blank && split_key(l.content).is_some_and(|(k, _)| k == key)
    }) else {
        return Ok(text.to_string());
    };
    let line = lines[i];
    let continued = lines
        .get(i + 1)
        .is_some_and(|next| !next.blank && next.indent > 0);
    let (_, value_at) = split_key(line.content).unwrap_or_default();
    let rest = &line.content[value_at..];
    if is_complex(rest) || !scalar_extent(rest).1 || continued {
        return refuse(
            format!("`{key}` is written in a form pm does not rewrite; remove it by hand"),
            Some(line.start),
        );
    }
    let mut out = text.to_string();
    out.replace_range(line.start..line.next, "");
    if let Some(map) = expected.as_mapping_mut() {
        map.remove(key);
    }
    let too_unusual = || Refusal {
        message: "the front matter is too unusual to edit safely; edit the file by hand".into(),
        at: Some(split.open.start),
    };
    let new_split = crate::parse::split(&out).map_err(|_| too_unusual())?;
    let got: Value = match serde_yaml::from_str(&out[new_split.yaml.clone()]) {
        Ok(Value::Null) => Value::Mapping(Mapping::new()),
        Ok(v) => v,
        Err(_) => return Err(too_unusual()),
    };
    if got == expected && out[new_split.yaml.end..] == text[split.yaml.end..] {
        Ok(out)
    } else {
        Err(too_unusual())
    }
}

fn set_one(text: &str, split: &Split, field: &SetField) -> Result<String, Refusal> {
    let yaml = &text[split.yaml.clone()];
    let mut expected = match serde_yaml::from_str(yaml) {
        Ok(Value::Null) => Value::Mapping(Mapping::new()),
        Ok(v @ Value::Mapping(_)) => v,
        _ => {
            return refuse(
                "the front matter is not a readable YAML mapping; `pm check` says why",
                Some(split.open.start),
            );
        }
    };
    let lines = lines(text, split.yaml.clone());
    let newline = if text[split.open.end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let top = |key: &str| {
        lines.iter().position(|l| {
            l.indent == 0 && !l.blank && split_key(l.content).is_some_and(|(k, _)| k == key)
        })
    };
    let value = scalar(&field.value, false, None);
    let (range, replacement) = match top(field.key) {
        Some(i) => {
            let line = lines[i];
            let (_, value_at) = split_key(line.content).unwrap_or_default();
            let rest = &line.content[value_at..];
            let (end, complete) = scalar_extent(rest);
            // A value continued on the next lines (indented) is not one this editor writes.
            let continued = lines
                .get(i + 1)
                .is_some_and(|next| !next.blank && next.indent > 0);
            if is_complex(rest) || !complete || continued {
                return refuse(
                    format!(
                        "`{}` is written in a form pm does not rewrite; set it by hand",
                        field.key
                    ),
                    Some(line.start),
                );
            }
            let at = line.start + value_at;
            if end == 0 && !line.content[..value_at].ends_with([' ', '\t']) {
                (at..at, format!(" {value}"))
            } else {
                (at..at + end, value)
            }
        }
        None => {
            // After the anchor's entry (its line and any indented lines under it).
            let anchor = field.after.iter().find_map(|k| top(k));
            let at = match anchor {
                Some(i) => {
                    let mut j = i + 1;
                    while j < lines.len()
                        && (lines[j].indent > 0 || lines[j].content.starts_with("- "))
                    {
                        j += 1;
                    }
                    lines.get(j).map_or(split.yaml.end, |l| l.start)
                }
                None => split.yaml.end,
            };
            let lead = if at > 0 && !text[..at].ends_with('\n') {
                newline
            } else {
                ""
            };
            (at..at, format!("{lead}{}: {value}{newline}", field.key))
        }
    };
    let mut out = text.to_string();
    out.replace_range(range, &replacement);
    if let Some(map) = expected.as_mapping_mut() {
        map.insert(
            Value::String(field.key.into()),
            Value::String(field.value.clone()),
        );
    }
    let too_unusual = || {
        Refusal {
        message: "the front matter is too unusual to edit safely: the edit would not read back as intended. Edit the file by hand".into(),
        at: Some(split.open.start),
    }
    };
    let new_split = crate::parse::split(&out).map_err(|_| too_unusual())?;
    let got: Value =
        serde_yaml::from_str(&out[new_split.yaml.clone()]).map_err(|_| too_unusual())?;
    let head_ok = out[..new_split.yaml.start] == text[..split.yaml.start];
    let body_ok = out[new_split.yaml.end..] == text[split.yaml.end..];
    if head_ok && body_ok && got == expected {
        Ok(out)
    } else {
        Err(too_unusual())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(key: &'static str, value: &str, after: &'static [&'static str]) -> SetField {
        SetField {
            key,
            value: value.into(),
            after,
        }
    }

    #[test]
    fn replaces_fills_and_adds_keeping_every_other_byte() {
        let text = "---\ntitle: x # the title\nresolved_at: 2026-03-14T10:05:00Z\nauthors:\n  - Ana\nfacilitator:\n---\nbody\n";
        let out = set_fields(
            text,
            &[
                set("meeting_at", "2026-03-17T15:00:00Z", &["resolved_at"]),
                set("facilitator", "Chris Hale", &[]),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "---\ntitle: x # the title\nresolved_at: 2026-03-14T10:05:00Z\nmeeting_at: 2026-03-17T15:00:00Z\nauthors:\n  - Ana\nfacilitator: Chris Hale\n---\nbody\n"
        );
        let again = set_fields(&out, &[set("meeting_at", "2026-03-18T09:00:00Z", &[])]).unwrap();
        assert_eq!(again, out.replace("2026-03-17T15", "2026-03-18T09"));
    }

    #[test]
    fn removes_one_line_and_nothing_else() {
        let text = "---\r\ntitle: x\r\nmeeting_at: 2026-03-17T15:00:00Z # booked\r\ntags: []\r\n---\r\nbody\r\n";
        assert_eq!(
            remove_field(text, "meeting_at").unwrap(),
            "---\r\ntitle: x\r\ntags: []\r\n---\r\nbody\r\n"
        );
        assert_eq!(remove_field(text, "facilitator").unwrap(), text);
        let text = "---\nmeeting_at: >\n  2026\n---\n";
        assert!(remove_field(text, "meeting_at").is_err());
    }

    #[test]
    fn crlf_and_anchor_lists_and_refusals() {
        let text = "---\r\nauthors:\r\n  - Ana\r\n- stray\r\n---\r\n";
        // `- stray` at indent 0 makes the YAML unreadable: refused, nothing guessed.
        assert!(set_fields(text, &[set("facilitator", "C", &["authors"])]).is_err());
        let text = "---\r\nauthors:\r\n  - Ana\r\ntags: []\r\n---\r\n";
        let out = set_fields(text, &[set("facilitator", "C", &["authors"])]).unwrap();
        assert_eq!(
            out,
            "---\r\nauthors:\r\n  - Ana\r\nfacilitator: C\r\ntags: []\r\n---\r\n"
        );
        let text = "---\nfacilitator: >\n  folded\n---\n";
        assert!(set_fields(text, &[set("facilitator", "C", &[])]).is_err());
    }
}
