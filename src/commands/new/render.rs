//! The new document's text: the front matter in the order of `FIELDS`, each value quoted
//! as YAML needs it, then the template's body.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Draft;
use crate::document::edit;
use crate::document::frontmatter::FIELDS;
use crate::time;

/// A scalar in YAML's block context, quoted when it needs to be.
fn yaml_scalar(text: &str) -> String {
    edit::scalar(text, false, None)
}

/// A scalar inside a flow list `[a, b]`, where `,[]{}` end a plain scalar.
fn yaml_flow_item(text: &str) -> String {
    edit::scalar(text, true, None)
}

/// The whole document: front matter in the order of `FIELDS`, then the body.
pub(super) fn render(draft: &Draft, tz: Tz, template: &str) -> String {
    let mut out = String::from("---\n");
    let ts = |name: &str, t: Option<DateTime<Utc>>| {
        t.map(|t| format!("{name}: {}\n", time::format_rfc3339(t, tz)))
    };
    let list = |name: &str, items: &[String]| {
        (!items.is_empty()).then(|| {
            let items: Vec<String> = items.iter().map(|i| yaml_flow_item(i)).collect();
            format!("{name}: [{}]\n", items.join(", "))
        })
    };
    for field in FIELDS {
        let line = match field.name {
            "title" => Some(format!("title: {}\n", yaml_scalar(&draft.title))),
            "status" => Some("status: draft\n".to_string()),
            "severity" => Some(format!("severity: {}\n", yaml_scalar(&draft.severity))),
            "started_at" => ts("started_at", draft.started_at),
            "type" => draft
                .incident_type
                .as_deref()
                .map(|t| format!("type: {}\n", yaml_scalar(t))),
            "detected_at" => ts("detected_at", draft.detected_at),
            "acknowledged_at" => ts("acknowledged_at", draft.acknowledged_at),
            "mitigated_at" => ts("mitigated_at", draft.mitigated_at),
            "customers_notified_at" => ts("customers_notified_at", draft.customers_notified_at),
            "resolved_at" => ts("resolved_at", draft.resolved_at),
            "meeting_at" => ts("meeting_at", draft.meeting_at),
            "services" => list("services", &draft.services),
            "tags" => list("tags", &draft.tags),
            "authors" => list("authors", &draft.authors),
            "facilitator" => draft
                .facilitator
                .as_deref()
                .map(|f| format!("facilitator: {}\n", yaml_scalar(f))),
            "channels" => list("channels", &draft.channels),
            "links" => (!draft.links.is_empty()).then(|| {
                let mut s = String::from("links:\n");
                for (title, url) in &draft.links {
                    s.push_str(&format!(
                        "  - title: {}\n    url: {}\n",
                        yaml_scalar(title),
                        yaml_scalar(url)
                    ));
                }
                s
            }),
            _ => None,
        };
        if let Some(line) = line {
            out.push_str(&line);
        }
    }
    out.push_str("---\n");
    out.push_str(&template.replace("{{title}}", &draft.title));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_unchanged() {
        for text in [
            "plain words",
            "Checkout: 503s",
            "#ops",
            "a # b",
            "\"quoted\"",
            "it's",
            "*star",
            "&anchor",
            "- dash",
            "[bracket",
            "{brace}",
            "true",
            "null",
            "123",
            "1.5",
            "2026-03-14",
            "~",
            "@at",
            "`tick`",
            "%percent",
            "!tag",
            "|pipe",
            ">fold",
            "? question",
            "tab\there",
            "ünïcödé — dash",
        ] {
            let yaml = yaml_scalar(text);
            assert_eq!(
                serde_yaml::from_str::<String>(&yaml).unwrap(),
                text,
                "{yaml}"
            );
            let flow = format!("[{}]", yaml_flow_item(text));
            assert_eq!(
                serde_yaml::from_str::<Vec<String>>(&flow).unwrap(),
                vec![text.to_string()],
                "{flow}"
            );
        }
    }
}
