//! `pm new`'s questions on a terminal (dialoguer), each answer checked as it is typed.

use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Draft, check_order, clean, clean_list};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::time;

pub(super) fn ask_title(theme: &dyn dialoguer::theme::Theme) -> Result<String> {
    let answer: String = dialoguer::Input::with_theme(theme)
        .with_prompt("Title (what happened, in a few words)")
        .validate_with(|input: &String| -> std::result::Result<(), &str> {
            if clean(input).is_empty() {
                Err("a title is needed: the file name comes from it")
            } else {
                Ok(())
            }
        })
        .interact_text()
        .map_err(ask_error)?;
    Ok(clean(&answer))
}

pub(super) fn ask_severity(theme: &dyn dialoguer::theme::Theme, config: &Config) -> Result<String> {
    let items = crate::commands::common::severity_choices(config);
    let chosen = dialoguer::Select::with_theme(theme)
        .with_prompt("Severity (arrows to move, Enter to choose)")
        .items(&items)
        .default(0)
        .interact()
        .map_err(ask_error)?;
    config
        .severities
        .get(chosen)
        .map(|s| s.name.clone())
        .ok_or_else(|| Error::usage("no severity was chosen"))
}

pub(super) fn ask_started_at(
    theme: &dyn dialoguer::theme::Theme,
    draft: &Draft,
    now: DateTime<Utc>,
    tz: Tz,
    echo: &mut dyn std::io::Write,
) -> Result<DateTime<Utc>> {
    let parse = |text: &str| -> std::result::Result<time::Spoken, String> {
        let t = time::parse_human(text, now, tz)?;
        check_order(draft, t.at, "the start", tz)?;
        Ok(t)
    };
    let answer: String = dialoguer::Input::with_theme(theme)
        .with_prompt(format!("Started at ({}; in {tz})", time::HUMAN_FORMS))
        .default(time::format_rfc3339(now, tz))
        .validate_with(|input: &String| -> std::result::Result<(), String> {
            parse(input).map(|_| ())
        })
        .interact_text()
        .map_err(ask_error)?;
    let t = parse(&answer).map_err(|why| Error::usage(format!("the start: {why}")))?;
    if t.relative {
        writeln!(echo, "started at {}", time::format_local(t.at, tz))?;
    }
    Ok(t.at)
}

pub(super) fn ask_authors(theme: &dyn dialoguer::theme::Theme, root: &Path) -> Result<Vec<String>> {
    let answer: String = dialoguer::Input::with_theme(theme)
        .with_prompt("Authors (comma-separated; may be left empty)")
        .with_initial_text(crate::repo::user_name(root).unwrap_or_default())
        .allow_empty(true)
        .interact_text()
        .map_err(ask_error)?;
    let names: Vec<String> = answer.split(',').map(str::to_string).collect();
    Ok(clean_list(&names))
}

fn ask_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(e) = e;
    Error::usage(format!(
        "could not read an answer ({}); nothing was written",
        crate::error::describe_io(&e)
    ))
    .with_hint("pass the values as flags with --no-input, e.g. pm new \"What happened\" --severity SEV2 --no-input")
}
