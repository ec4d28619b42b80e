//! `pm schema`: the JSON Schema of the front matter, generated from the same field table
//! the validator reads, so editors check what `pm check` checks.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::commands::Status;
use crate::config::Config;
use crate::context::Context;
use crate::document::frontmatter::{FIELDS, Field, Kind};
use crate::error::Result;

/// Print the JSON Schema of the front matter.
///
/// Generated from the same field table `pm check` validates with, using this repository's
/// severities (the defaults outside a repository). Point your editor's YAML language server
/// at it to get completion and checks while typing.
///
/// Examples:
///   pm schema > .pm/postmortem.schema.json
///   pm schema | jq '.properties | keys'
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {}

pub fn run(_args: Args, ctx: &mut Context) -> Result<Status> {
    // Outside a repository the defaults apply; a broken pm.yaml is reported, not ignored.
    let config = if ctx.in_project() {
        ctx.project()?.config
    } else {
        Config::default()
    };
    let severities: Vec<&str> = config.severity_names().collect();
    let types: Vec<&str> = config.types.iter().map(String::as_str).collect();
    let schema = front_matter_schema(&severities, &types);
    serde_json::to_writer_pretty(&mut ctx.out.stdout, &schema).map_err(std::io::Error::from)?;
    writeln!(ctx.out.stdout)?;
    Ok(Status::Ok)
}

/// The schema for `severities` and incident `types`.
pub fn front_matter_schema(severities: &[&str], types: &[&str]) -> Value {
    let mut schema = object(FIELDS, &Choices { severities, types });
    if let Value::Object(map) = &mut schema {
        let mut head = Map::new();
        head.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        head.insert("title".into(), json!("pm postmortem front matter"));
        head.insert(
            "description".into(),
            json!("The YAML front matter of a postmortem kept by pm (docs/format.md)."),
        );
        head.append(map);
        *map = head;
    }
    schema
}

/// The repository's own lists: what `Kind::Severity` and `Kind::Type` may be.
struct Choices<'a> {
    severities: &'a [&'a str],
    types: &'a [&'a str],
}

fn object(fields: &[Field], choices: &Choices<'_>) -> Value {
    let mut properties = Map::new();
    for f in fields {
        let mut p = kind_schema(f, choices);
        if let Value::Object(m) = &mut p {
            m.insert("description".into(), json!(f.description));
        }
        properties.insert(f.name.into(), p);
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required())
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn kind_schema(f: &Field, choices: &Choices<'_>) -> Value {
    match f.kind {
        // Tickets are often plain numbers; the validator accepts them.
        Kind::Text if f.name == "ticket" => json!({ "type": ["string", "integer"] }),
        Kind::Text => json!({ "type": "string", "minLength": 1 }),
        Kind::Choice(choices) => json!({ "type": "string", "enum": choices }),
        Kind::Severity => json!({ "type": "string", "enum": choices.severities }),
        Kind::Type => json!({ "type": "string", "enum": choices.types }),
        Kind::Timestamp => json!({
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$",
        }),
        Kind::Date => json!({ "type": "string", "format": "date" }),
        Kind::Start => json!({
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$",
        }),
        Kind::Zone => json!({ "type": "string", "minLength": 1 }),
        Kind::Flag => json!({ "type": "boolean" }),
        // A single string is read as a list of one, as the validator does.
        Kind::TextList => json!({ "type": ["array", "string"], "items": { "type": "string" } }),
        Kind::Records(fields) => json!({ "type": "array", "items": object(fields, choices) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_field_and_the_severities() {
        let s = front_matter_schema(&["P1", "P2"], &["incident", "drill"]);
        let props = s["properties"].as_object().unwrap();
        assert_eq!(props.len(), FIELDS.len());
        assert_eq!(s["properties"]["severity"]["enum"], json!(["P1", "P2"]));
        assert_eq!(
            s["properties"]["type"]["enum"],
            json!(["incident", "drill"])
        );
        assert!(s["properties"]["mitigated_at"]["pattern"].is_string());
        assert!(s["properties"]["acknowledged_at"]["pattern"].is_string());
        assert_eq!(
            s["required"],
            json!(["title", "status", "severity", "started_at"])
        );
        assert_eq!(
            s["properties"]["remediation"]["items"]["required"],
            json!(["title"])
        );
        // Expected of open items only: `pm check` warns, an editor should not flag it.
        assert!(
            s["properties"]["remediation"]["items"]["properties"]["owner"]["description"]
                .as_str()
                .unwrap()
                .contains("expected while the item is open")
        );
    }
}
