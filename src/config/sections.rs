//! `sections:` of pm.yaml: other names for the template's sections, and which of them may
//! be left out.
//!
//! ```yaml
//! sections:
//!   Remediation items: {aliases: [Action items, Follow-up actions]}
//!   Impact: {optional: true}
//! ```

use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::document::sections::Names;
use crate::parse::locate::{Seg, locate};

const KEYS: &[&str] = &["aliases", "optional"];

/// Reads the value of `sections:`; problems are pushed with their places in `text`.
pub fn parse(value: &Value, text: &str, problems: &mut Vec<Diagnostic>) -> Names {
    let at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.value);
    let key_at = |path: &[Seg<'_>]| locate(text, path).map(|l| l.key_or_value());
    let mut names = Names::default();
    let Some(map) = value.as_mapping() else {
        if !value.is_null() {
            problems.push(
                Diagnostic::error("config", "`sections` must be a mapping of section names")
                    .at_opt(at(&[Seg::Key("sections")]))
                    .hint("e.g. `sections: {Remediation items: {aliases: [Action items]}, Impact: {optional: true}}`"),
            );
        }
        return names;
    };
    for (name, settings) in map {
        let Some(name) = name.as_str().filter(|n| !n.trim().is_empty()) else {
            problems.push(
                Diagnostic::error("config", "a key of `sections` is not a section name")
                    .at_opt(at(&[Seg::Key("sections")]))
                    .hint("write the heading's words, e.g. `Remediation items:`"),
            );
            continue;
        };
        let name = name.trim();
        let here = [Seg::Key("sections"), Seg::Key(name)];
        let Some(settings) = settings.as_mapping() else {
            if !settings.is_null() {
                problems.push(
                    Diagnostic::error(
                        "config",
                        format!("`sections.{name}` must be a mapping (`aliases`, `optional`)"),
                    )
                    .at_opt(at(&here))
                    .hint(format!(
                        "e.g. `{name}: {{aliases: [Action items], optional: true}}`"
                    )),
                );
            }
            continue;
        };
        for (key, v) in settings {
            let key = key.as_str().unwrap_or("?");
            let path = [Seg::Key("sections"), Seg::Key(name), Seg::Key(key)];
            match key {
                "aliases" => {
                    let list: Option<Vec<String>> = match v {
                        Value::String(s) => Some(vec![s.clone()]),
                        Value::Sequence(items) => items
                            .iter()
                            .map(|i| i.as_str().map(|s| s.trim().to_string()))
                            .collect(),
                        _ => None,
                    };
                    match list.filter(|l| l.iter().all(|a| !a.is_empty())) {
                        Some(list) => names.aliases.push((name.to_string(), list)),
                        None => problems.push(
                            Diagnostic::error(
                                "config",
                                format!("`sections.{name}.aliases` must be a list of headings"),
                            )
                            .at_opt(at(&path))
                            .hint("e.g. `aliases: [Action items, Follow-up actions]`"),
                        ),
                    }
                }
                "optional" => match v.as_bool() {
                    Some(true) => names.optional.push(name.to_string()),
                    Some(false) => {}
                    None => problems.push(
                        Diagnostic::error(
                            "config",
                            format!("`sections.{name}.optional` must be `true` or `false`"),
                        )
                        .at_opt(at(&path))
                        .hint("e.g. `optional: true`"),
                    ),
                },
                _ => {
                    let d = Diagnostic::error(
                        "config",
                        format!("unknown key `sections.{name}.{key}` in pm.yaml"),
                    )
                    .at_opt(key_at(&path));
                    problems.push(match did_you_mean(key, KEYS.iter().copied()) {
                        Some(best) => d
                            .label(format!("did you mean `{best}`?"))
                            .hint(format!("rename it to `{best}`")),
                        None => d.hint(format!("known keys: {}", KEYS.join(", "))),
                    });
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(yaml: &str) -> (Names, Vec<Diagnostic>) {
        let v: Value = serde_yaml::from_str(yaml).unwrap();
        let mut problems = Vec::new();
        (parse(&v["sections"], yaml, &mut problems), problems)
    }

    #[test]
    fn reads_aliases_and_optional_sections() {
        let (names, problems) = parse_text(
            "sections:\n  Remediation items: {aliases: [Action items, Follow-up actions]}\n  Impact: {optional: true}\n",
        );
        assert!(problems.is_empty());
        assert_eq!(
            names.all("remediation items").collect::<Vec<_>>(),
            ["remediation items", "Action items", "Follow-up actions"]
        );
        assert!(names.is_optional("impact"));
    }

    #[test]
    fn reports_bad_values_at_their_place() {
        let yaml = "sections:\n  Impact: {optinal: true}\n  Timeline:\n    optional: maybe\n";
        let (_, problems) = parse_text(yaml);
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[0].label.as_deref(),
            Some("did you mean `optional`?")
        );
        assert_eq!(&yaml[problems[1].span.clone().unwrap()], "maybe");
    }
}
