//! Diagnostics rendered like a compiler's: `path:line:col`, the line, a caret, a hint;
//! and the stable JSON form of `pm check --format json`.

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, termcolor};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::Source;

pub struct Renderer {
    color: bool,
    config: Config,
}

impl Renderer {
    pub fn new(color: bool) -> Renderer {
        Renderer {
            color,
            config: Config::default(),
        }
    }

    /// Writes one diagnostic about `source` to `out`.
    pub fn render(
        &self,
        out: &mut dyn Write,
        source: &Source,
        d: &Diagnostic,
    ) -> std::io::Result<()> {
        let file = SimpleFile::new(source.display.as_str(), source.text.as_str());
        let span = span_or_first_line(source, d);
        let mut label = Label::primary((), span);
        if let Some(text) = &d.label {
            label = label.with_message(text);
        }
        let mut rendered = match d.severity {
            Severity::Error => Rendered::error(),
            Severity::Warning => Rendered::warning(),
        }
        .with_code(d.rule)
        .with_message(&d.message)
        .with_labels(vec![label]);
        if let Some(hint) = &d.hint {
            rendered = rendered.with_notes(vec![format!("hint: {hint}")]);
        }
        let mut buffer = if self.color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        term::emit_to_write_style(&mut buffer, &self.config, &file, &rendered)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        out.write_all(buffer.as_slice())
    }
}

/// The diagnostic's span, or the file's first line for findings about the whole file.
fn span_or_first_line(source: &Source, d: &Diagnostic) -> std::ops::Range<usize> {
    let len = source.text.len();
    match &d.span {
        Some(r) => {
            let start = floor_char(&source.text, r.start.min(len));
            let end = floor_char(&source.text, r.end.min(len)).max(start);
            start..end
        }
        None => 0..source.text.find(['\r', '\n']).unwrap_or(len),
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One diagnostic in `pm check --format json` (documented in docs/checks.md; stable).
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    pub rule: &'a str,
    pub message: &'a str,
    pub hint: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(source: &'a Source, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
        let span = span_or_first_line(source, d);
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        JsonDiagnostic {
            path: &source.display,
            line,
            column,
            end_line,
            end_column,
            severity: d.severity,
            rule: d.rule,
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}
