//! `pm import --interactive`: on a terminal, the fields a document did not give are asked
//! for (dialoguer, as `pm new` asks), each answer checked as it is typed; an empty answer
//! leaves the field out, as without `--interactive`.

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::document::import::{Found, Import, Settings, When};
use crate::error::{Error, Result};
use crate::time;

fn answer<T>(value: T) -> Option<Found<T>> {
    Some(Found {
        value,
        from: "your answer".into(),
    })
}

/// Asks for what `found` (the file shown as `shown`) lacks: severity, start, authors.
pub(super) fn fill(
    found: &mut Import,
    shown: &str,
    config: &Config,
    settings: &Settings<'_>,
    now: DateTime<Utc>,
    color: bool,
    err: &mut dyn std::io::Write,
) -> Result<()> {
    let missing: Vec<&str> = found
        .missing()
        .into_iter()
        .filter(|m| matches!(*m, "title" | "severity" | "started_at" | "authors"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    writeln!(err, "{shown}: not found: {}", missing.join(", "))?;
    let theme: Box<dyn dialoguer::theme::Theme> = if color {
        Box::new(dialoguer::theme::ColorfulTheme::default())
    } else {
        Box::new(dialoguer::theme::SimpleTheme)
    };
    let theme = theme.as_ref();
    if found.title.is_none() {
        let t: String = dialoguer::Input::with_theme(theme)
            .with_prompt("Title (empty: leave it out)")
            .allow_empty(true)
            .interact_text()
            .map_err(asked)?;
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            found.title = answer(t);
        }
    }
    if found.severity.is_none() {
        let mut items = crate::commands::common::severity_choices(config);
        items.push("(leave it out)".into());
        let chosen = dialoguer::Select::with_theme(theme)
            .with_prompt("Severity (arrows to move, Enter to choose)")
            .items(&items)
            .default(0)
            .interact()
            .map_err(asked)?;
        if let Some(s) = config.severities.get(chosen) {
            found.severity = answer(s.name.clone());
        }
    }
    if found.started.is_none() {
        let zone = found.zone.as_ref().map_or(settings.timezone, |z| z.value);
        let parse = |text: &str| -> std::result::Result<Option<When>, String> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            if let Ok(day) = time::parse_date(text) {
                return Ok(Some(When::Day(day)));
            }
            let t = time::parse_human(text, now, zone)?;
            if t.at > now {
                return Err("that is in the future".into());
            }
            Ok(Some(When::At(t.at)))
        };
        let text: String = dialoguer::Input::with_theme(theme)
            .with_prompt(format!(
                "Started at (YYYY-MM-DD for the day alone, or {}; in {zone}; empty: leave it out)",
                time::HUMAN_FORMS
            ))
            .allow_empty(true)
            .validate_with(|input: &String| -> std::result::Result<(), String> {
                parse(input).map(|_| ())
            })
            .interact_text()
            .map_err(asked)?;
        if let Some(when) = parse(&text).map_err(Error::usage)? {
            found.started = answer(when);
        }
    }
    if found.authors.is_empty() {
        let text: String = dialoguer::Input::with_theme(theme)
            .with_prompt("Authors (comma-separated; empty: leave it out)")
            .allow_empty(true)
            .interact_text()
            .map_err(asked)?;
        found.authors = text
            .split(',')
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|a| !a.is_empty())
            .collect();
    }
    Ok(())
}

fn asked(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(e) = e;
    Error::usage(format!(
        "could not read an answer ({}); the documents imported so far are written",
        crate::error::describe_io(&e)
    ))
    .with_hint("run `pm import` again without --interactive; the report lists what was not found")
}
