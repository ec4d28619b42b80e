//! Diagnostics rendered like a compiler's: `path:line:col`, the line, a caret, a hint;
//! and the stable JSON form of `pm check --format json`.

use std::borrow::Cow;
use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label};
use codespan_reporting::files;
use codespan_reporting::term::{self, Config, termcolor};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::Source;

pub struct Renderer {
    color: bool,
    config: Config,
    /// The columns a source line may take (the terminal's width, `COLUMNS`, or 100).
    width: usize,
}

impl Renderer {
    pub fn new(color: bool) -> Renderer {
        Renderer {
            color,
            config: Config::default(),
            width: terminal_width(),
        }
    }

    /// A renderer fitting lines into `width` columns.
    pub fn with_width(color: bool, width: usize) -> Renderer {
        Renderer {
            width,
            ..Renderer::new(color)
        }
    }

    /// Writes one diagnostic about `source` to `out`.
    pub fn render(
        &self,
        out: &mut dyn Write,
        source: &Source,
        d: &Diagnostic,
    ) -> std::io::Result<()> {
        let span = span_or_first_line(source, d);
        let excerpt = Excerpt::new(source, span.clone(), self.width);
        let mut label = Label::primary((), excerpt.range(&span));
        if let Some(text) = &d.label {
            label = label.with_message(text);
        }
        let mut rendered = match d.severity {
            Severity::Error => Rendered::error(),
            Severity::Warning => Rendered::warning(),
            Severity::Note => Rendered::note(),
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
        term::emit_to_write_style(&mut buffer, &self.config, &excerpt, &rendered)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        out.write_all(buffer.as_slice())
    }
}

/// `COLUMNS` when set, else the width of the terminal on stderr, else 100.
fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    // SAFETY: TIOCGWINSZ writes a `winsize` into the struct it is given, nothing else.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDERR_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    if ok && size.ws_col > 0 {
        usize::from(size.ws_col)
    } else {
        100
    }
}

/// The lines a diagnostic shows, cut out of the file (so rendering one costs the length of
/// its lines, not of the file), with their real line numbers; a single line too wide for
/// the terminal is trimmed around the span, with `...` where text was left out, as rustc
/// does. The location in the header stays the exact line and column.
struct Excerpt<'a> {
    name: &'a str,
    text: std::borrow::Cow<'a, str>,
    /// Where `text`'s lines start, in `text`.
    starts: Vec<usize>,
    /// The file's 1-based number of the first line.
    first_line: usize,
    /// The file offset `text` starts at (after the `...` when trimmed), and the bytes of
    /// `...` put before it.
    from: usize,
    lead: usize,
    /// The span's exact line and column in the file.
    at: (usize, usize),
    span_start: usize,
}

const ELLIPSIS: &str = "...";

impl<'a> Excerpt<'a> {
    fn new(source: &'a Source, span: std::ops::Range<usize>, width: usize) -> Excerpt<'a> {
        let text = source.text.as_str();
        let line_starts = source.line_starts();
        let first = line_starts.partition_point(|&s| s <= span.start) - 1;
        let last = line_starts.partition_point(|&s| s <= span.end.max(span.start)) - 1;
        let start = line_starts[first];
        let end = line_starts.get(last + 1).copied().unwrap_or(text.len());
        let at = source.line_col(span.start);
        let mut excerpt = Excerpt {
            name: source.display.as_str(),
            text: std::borrow::Cow::Borrowed(&text[start..end]),
            starts: Vec::new(),
            first_line: first + 1,
            from: start,
            lead: 0,
            at,
            span_start: span.start,
        };
        if first == last {
            excerpt.trim(text, start, end, &span, width);
        }
        let t = excerpt.text.as_ref();
        excerpt.starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', t.as_bytes()).map(|i| i + 1))
            .collect();
        excerpt
    }

    /// Cuts a line wider than the terminal down to the part around `span`.
    fn trim(
        &mut self,
        text: &'a str,
        start: usize,
        end: usize,
        span: &std::ops::Range<usize>,
        width: usize,
    ) {
        use unicode_width::UnicodeWidthChar;
        let line = text[start..end].trim_end_matches(['\n', '\r']);
        let cols = |s: &str| {
            s.chars()
                .map(|c| c.width().unwrap_or(0).max(1))
                .sum::<usize>()
        };
        // The gutter (`123 │ `) and a margin for the label after the carets.
        let gutter = self.first_line.to_string().len() + 3;
        let room = width.saturating_sub(gutter).max(40);
        if cols(line) <= room {
            return;
        }
        let line_end = start + line.len();
        let (s, e) = (span.start.min(line_end), span.end.min(line_end));
        let marked = cols(&text[s..e]);
        // Context on each side: what is left of the room, a third before the span.
        let context = room.saturating_sub(marked + 2 * ELLIPSIS.len());
        let before = context / 3;
        let mut from = s;
        let mut taken = 0;
        for (i, c) in text[start..s].char_indices().rev() {
            let w = c.width().unwrap_or(0).max(1);
            if taken + w > before {
                break;
            }
            taken += w;
            from = start + i;
        }
        let mut to = e;
        let mut budget = context - taken;
        for (i, c) in text[e..line_end].char_indices() {
            let w = c.width().unwrap_or(0).max(1);
            if w > budget {
                break;
            }
            budget -= w;
            to = e + i + c.len_utf8();
        }
        // Give what the end did not use back to the start.
        if to == line_end && budget > 0 {
            for (i, c) in text[start..from].char_indices().rev() {
                let w = c.width().unwrap_or(0).max(1);
                if w > budget {
                    break;
                }
                budget -= w;
                from = start + i;
            }
        }
        let lead = if from > start { ELLIPSIS } else { "" };
        let tail = if to < line_end {
            ELLIPSIS
        } else {
            &text[line_end..end]
        };
        self.text = std::borrow::Cow::Owned(format!("{lead}{}{tail}", &text[from..to]));
        self.from = from;
        self.lead = lead.len();
    }

    /// `span` (file offsets) in the excerpt.
    fn range(&self, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let len = self.text.len();
        let map = |at: usize| (at.saturating_sub(self.from) + self.lead).min(len);
        map(span.start)..map(span.end).max(map(span.start))
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.text.as_ref())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.starts.partition_point(|&s| s <= byte_index) - 1)
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, files::Error> {
        Ok(self.first_line + line_index)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        if line_index == 0 && byte_index == self.range(&(self.span_start..self.span_start)).start {
            return Ok(self.at.1);
        }
        let range = self.line_range((), line_index)?;
        Ok(files::column_index(self.text.as_ref(), range, byte_index) + 1)
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        let start = *self
            .starts
            .get(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: self.starts.len() - 1,
            })?;
        let end = self
            .starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Ok(start..end)
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
    pub path: Cow<'a, str>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    pub rule: &'static str,
    pub message: Cow<'a, str>,
    pub hint: Option<Cow<'a, str>>,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(source: &'a Source, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
        let span = span_or_first_line(source, d);
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        JsonDiagnostic {
            path: Cow::Borrowed(&source.display),
            line,
            column,
            end_line,
            end_column,
            severity: d.severity,
            rule: d.rule,
            message: Cow::Borrowed(&d.message),
            hint: d.hint.as_deref().map(Cow::Borrowed),
        }
    }

    /// The same finding holding its own text, so the document can go.
    pub fn into_owned(self) -> JsonDiagnostic<'static> {
        JsonDiagnostic {
            path: Cow::Owned(self.path.into_owned()),
            message: Cow::Owned(self.message.into_owned()),
            hint: self.hint.map(|h| Cow::Owned(h.into_owned())),
            ..self
        }
    }

    /// The same finding, borrowed.
    pub fn borrowed(&self) -> JsonDiagnostic<'_> {
        JsonDiagnostic {
            path: Cow::Borrowed(&self.path),
            message: Cow::Borrowed(&self.message),
            hint: self.hint.as_deref().map(Cow::Borrowed),
            ..*self
        }
    }
}
