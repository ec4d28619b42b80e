//! The body of a new postmortem: `--template`, the repository's own template, or the one
//! built into pm; a template's own front matter is dropped with a warning.

use std::path::Path;

use crate::commands::common::DEFAULT_TEMPLATE;
use crate::context::Project;
use crate::error::{Error, Result};

pub(super) struct Template {
    pub(super) text: String,
    pub(super) warnings: Vec<String>,
}

/// The body template: `--template`, else the repository's `postmortem.md`, else the one
/// built into pm.
pub(super) fn load_template(
    wanted: Option<&str>,
    project: &Project,
    cwd: &Path,
) -> Result<Template> {
    let dir = project.templates_dir();
    let path = match wanted {
        None => {
            let own = dir.join("postmortem.md");
            if !own.is_file() {
                return Ok(Template {
                    text: DEFAULT_TEMPLATE.to_string(),
                    warnings: Vec::new(),
                });
            }
            own
        }
        Some(wanted) => {
            let named = dir.join(format!("{wanted}.md"));
            let as_path = cwd.join(wanted);
            let looks_like_path =
                wanted.contains(['/', '\\']) || wanted.ends_with(".md") || wanted.is_empty();
            if !looks_like_path && named.is_file() {
                named
            } else if as_path.is_file() {
                as_path
            } else {
                let mut available: Vec<String> = std::fs::read_dir(&dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        name.strip_suffix(".md").map(str::to_string)
                    })
                    .collect();
                available.sort();
                let why = if looks_like_path {
                    format!("--template `{wanted}`: no such file")
                } else {
                    format!(
                        "--template `{wanted}`: there is no {}",
                        project.display(&named)
                    )
                };
                let hint = if available.is_empty() {
                    format!(
                        "templates are files in {}/; pass a name there or a path to a file",
                        project.display(&dir)
                    )
                } else {
                    format!(
                        "the templates in {}/ are: {}; or pass a path to a file",
                        project.display(&dir),
                        available.join(", ")
                    )
                };
                return Err(Error::usage(why).with_hint(hint));
            }
        }
    };
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::user(format!(
            "the template {} is not UTF-8 text",
            project.display(&path)
        ))
        .with_hint("save it as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    // The body only: pm writes the front matter itself, so a template's own is dropped.
    let mut warnings = Vec::new();
    let body = match strip_front_matter(&text) {
        Some(body) => {
            warnings.push(format!(
                "the template {} has its own front matter; pm writes the front matter itself, so it was left out",
                project.display(&path)
            ));
            body.to_string()
        }
        None => text,
    };
    Ok(Template {
        text: body,
        warnings,
    })
}

/// The text after a leading `---` ... `---` block, if there is one.
fn strip_front_matter(text: &str) -> Option<&str> {
    let split = crate::parse::frontmatter::split(text).ok()?;
    text.get(split.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_in_a_template_is_found() {
        assert_eq!(strip_front_matter("---\na: b\n---\n# T\n"), Some("# T\n"));
        assert_eq!(strip_front_matter("# T\n---\n"), None);
    }
}
