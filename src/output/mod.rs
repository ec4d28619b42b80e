//! Everything pm prints, one module per output format: `human` (the default, for people),
//! `json`, `csv` and `markdown` for the listings and `pm show`, `github` and `sarif` for
//! `pm check`'s findings; `diagnostics` renders a finding like a compiler and gives its
//! position; `table` is the rows a listing hands over. A command builds its records once
//! (a `View`) and `write` picks the format: no command writes a format's syntax itself.

pub mod chart;
pub mod csv;
pub mod diagnostics;
pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod table;

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::parse::Source;
use table::Table;

/// The `--format` names, the same for every command that takes `--format` (each takes the
/// ones that fit what it prints; docs/formats.md lists which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Csv,
    Markdown,
    Github,
    Sarif,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }

    pub const ALL: [Format; 6] = [
        Format::Human,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Github,
        Format::Sarif,
    ];
}

/// A page for people, written block by block; `human::Human` writes it for a screen (or a
/// pipe), `markdown::Markdown` as a document.
pub trait Page {
    /// The page's title: a document's `# heading`; a screen shows none.
    fn title(&mut self, text: &str) -> std::io::Result<()>;
    /// One line of text, worded for a screen and for a document (which has a title to
    /// lean on, and sentences).
    fn line(&mut self, screen: &str, document: &str) -> std::io::Result<()>;
    /// A heading after a blank line; `level` 2 under the title, 3 under that.
    fn heading(&mut self, level: usize, text: &str) -> std::io::Result<()>;
    fn table(&mut self, table: &Table) -> std::io::Result<()>;
    /// `label: value` lines, the values aligned.
    fn fields(&mut self, fields: &[(&str, String)]) -> std::io::Result<()>;
    /// A footnote after a blank line.
    fn note(&mut self, text: &str) -> std::io::Result<()>;
    /// One entry of a bulleted list, `depth` levels in (0 at the top): `text`, linked to
    /// `link` in a document (a screen shows the link on a line of its own), then `more`,
    /// its further lines. Short lines that read well pasted into chat or mail.
    fn item(
        &mut self,
        depth: usize,
        text: &str,
        link: Option<&str>,
        more: &[String],
    ) -> std::io::Result<()>;
}

/// What a command prints, as each format shows it; `write` asks only for the one wanted,
/// so nothing is built twice.
pub trait View {
    /// `--format json`.
    fn json(&self) -> impl Serialize;

    /// `--format csv`, and by default the whole of `human` and `markdown`: one table. (Empty
    /// for a command that offers no CSV and has a page of its own.)
    fn table(&self) -> Table {
        Table::default()
    }

    /// `human` and `markdown`: the page for people; by default the table.
    fn page(&self, page: &mut dyn Page) -> std::io::Result<()> {
        page.table(&self.table())
    }

    /// Whether its markdown is pasted into chat or a plain mail: then it is written by
    /// `markdown::Markdown::chat` (fewer escapes, hard line breaks).
    fn for_chat(&self) -> bool {
        false
    }

    /// For `human` only: when there is nothing to show, what to say on stderr instead (so
    /// stdout stays empty for scripts).
    fn nothing(&self) -> Option<String> {
        None
    }
}

/// Writes `view` in `format` to `out` (a screen when `terminal`); `err` gets what `human`
/// says on stderr.
pub fn write(
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: bool,
    view: &impl View,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(out, &view.json()),
        Format::Csv => csv::write(out, &view.table()),
        Format::Markdown if view.for_chat() => view.page(&mut markdown::Markdown::chat(out)),
        Format::Markdown => view.page(&mut markdown::Markdown::new(out)),
        Format::Human => match view.nothing() {
            Some(note) => writeln!(err, "{note}"),
            None => view.page(&mut human::Human::new(out, terminal)),
        },
        Format::Github | Format::Sarif => Err(std::io::Error::other(format!(
            "--format {} is a format of pm check's findings",
            format.name()
        ))),
    }
}

/// `pm check`'s findings, as each of its formats (human, json, github, sarif) shows them.
pub struct Findings<'a> {
    /// Each checked file's source and its findings, in order.
    pub files: Vec<(&'a Source, &'a [Diagnostic])>,
    /// How many postmortems were checked.
    pub checked: usize,
    /// (path as shown, why) for each path that could not be read.
    pub unreadable: &'a [(String, String)],
    /// A rule's own text, for SARIF's rule entries.
    pub describe: &'a dyn Fn(&str) -> Option<sarif::RuleText>,
    /// What a person is told (`human` only) before the findings, and after the summary.
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// Colour the findings on stderr (`human`).
    pub color: bool,
    /// The errors, warnings and notes of files whose findings were written already (a
    /// report written in parts), or are in `placed`, counted with those of `files`.
    pub written: (usize, usize, usize),
    /// `json` and `sarif`: the findings of files checked before `files`, placed (line and
    /// column) and holding their own text, so that those documents could go.
    pub placed: Vec<diagnostics::JsonDiagnostic<'static>>,
}

impl Findings<'_> {
    /// Every finding, placed: those of `placed`, then those of `files`.
    pub(crate) fn all_placed(&self) -> impl Iterator<Item = diagnostics::JsonDiagnostic<'_>> {
        self.placed.iter().map(|j| j.borrowed()).chain(
            self.all()
                .map(|(source, d)| diagnostics::JsonDiagnostic::new(source, d)),
        )
    }

    pub(crate) fn all(&self) -> impl Iterator<Item = (&Source, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|(source, ds)| ds.iter().map(move |d| (*source, d)))
    }

    pub fn errors(&self) -> usize {
        self.written.0 + self.all().filter(|(_, d)| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.written.1
            + self
                .all()
                .filter(|(_, d)| d.severity == crate::diagnostic::Severity::Warning)
                .count()
    }

    pub fn notes(&self) -> usize {
        self.written.2 + self.all().filter(|(_, d)| d.is_note()).count()
    }
}

/// A part of `pm check`'s report in a format that `streams`: `Begin` once, `Files` for each
/// batch of files in order, `End` once (the unreadable paths and, for `human`, the count).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin,
    Files,
    End,
}

/// Whether `format` can be written as the files are checked, so that their text need not be
/// kept until the end: `human` and `github`. `json` and `sarif` start with the counts or
/// the rules, which need every finding first: their findings are kept `placed`.
pub fn streams(format: Format) -> bool {
    matches!(format, Format::Human | Format::Github)
}

/// Writes one part of the report in a format that `streams`; the parts in order give the
/// same bytes as `write_findings`.
pub fn write_findings_part(
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    findings: &Findings<'_>,
    part: Part,
) -> std::io::Result<()> {
    match (format, part) {
        (Format::Human, part) => human::write_findings(err, findings, part),
        (Format::Github, Part::Begin) => Ok(()),
        (Format::Github, Part::Files) => {
            for (source, d) in findings.all() {
                github::write(out, source, d)?;
            }
            Ok(())
        }
        (Format::Github, Part::End) => {
            for (path, why) in findings.unreadable {
                github::write_unreadable(out, path, why)?;
            }
            Ok(())
        }
        _ => Err(std::io::Error::other(format!(
            "--format {} is not written in parts",
            format.name()
        ))),
    }
}

/// Writes `findings` in `format`: `human` on `err` (stderr), the others on `out`.
pub fn write_findings(
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    findings: &Findings<'_>,
) -> std::io::Result<()> {
    match format {
        Format::Human | Format::Github => {
            for part in [Part::Begin, Part::Files, Part::End] {
                write_findings_part(format, out, err, findings, part)?;
            }
            Ok(())
        }
        Format::Json => json::write(out, &json::Report::of(findings)),
        Format::Sarif => json::write(
            out,
            &sarif::log(
                findings.all_placed(),
                findings.unreadable,
                findings.describe,
            ),
        ),
        Format::Csv | Format::Markdown => Err(std::io::Error::other(format!(
            "--format {} is not a format of pm check's findings",
            format.name()
        ))),
    }
}

/// `1 error`, `2 errors`: a count and its noun, for what people read.
pub fn plural<N>(n: N, word: &str) -> String
where
    N: Copy + std::fmt::Display + PartialEq + From<u8>,
{
    format!("{n} {word}{}", if n == N::from(1) { "" } else { "s" })
}

/// `1 entry`, `2 entries`: a count and its noun, for a noun whose plural is not `-s`.
pub fn plural_of<N>(n: N, one: &str, many: &str) -> String
where
    N: Copy + std::fmt::Display + PartialEq + From<u8>,
{
    format!("{n} {}", if n == N::from(1) { one } else { many })
}

/// The noun alone: `line` or `lines`, for `line 3` / `lines 3, 5`.
pub fn noun<N>(n: N, word: &str) -> String
where
    N: Copy + PartialEq + From<u8>,
{
    if n == N::from(1) {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
