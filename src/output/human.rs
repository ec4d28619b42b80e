//! `--format human`, the default: pages for a person, tables boxed on a terminal and as
//! aligned columns in a pipe (where scripts cut them), `label: value` fields.

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table as Comfy, Width, presets};

use super::diagnostics::Renderer;
use super::table::Table;
use super::{Findings, Page, Part, plural};

/// What people see for an absent value.
const NONE: &str = "-";

fn cells(row: &[Option<String>]) -> impl Iterator<Item = &str> {
    row.iter().map(|c| c.as_deref().unwrap_or(NONE))
}

/// Writes `table` for a person: on a terminal boxed, each row on one line with the table's
/// `squeeze` column cut short to fit (or, without one, wrapped); into a pipe as aligned
/// columns.
pub fn write_table(out: &mut dyn Write, table: &Table, terminal: bool) -> std::io::Result<()> {
    if !terminal {
        if table
            .rows
            .iter()
            .flat_map(|r| cells(r))
            .all(|c| memchr::memchr2(b'\n', b'\r', c.as_bytes()).is_none())
        {
            return write_plain(out, table);
        }
        return write_comfy(out, table, false);
    }
    match table.squeeze {
        Some(squeeze) => write_one_line(out, table, squeeze),
        None => write_comfy(out, table, true),
    }
}

fn write_comfy(out: &mut dyn Write, table: &Table, terminal: bool) -> std::io::Result<()> {
    let mut t = Comfy::new();
    if terminal {
        t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.load_style(presets::NOTHING);
    }
    t.set_header(table.headers.clone());
    for row in &table.rows {
        t.add_row(cells(row).collect::<Vec<_>>());
    }
    let text = t.to_string();
    for line in text.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The aligned columns of comfy-table's borderless style (a space either side of every
/// cell, trailing blanks trimmed), written directly: a listing of 10,000 postmortems
/// into a pipe took a fifth of `pm list`'s time in comfy-table's layout engine. A test
/// checks both renderings are identical.
fn write_plain(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    let mut widths: Vec<usize> = table.headers.iter().map(|h| cell_width(h)).collect();
    for row in &table.rows {
        for (i, cell) in cells(row).enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell_width(cell));
            } else {
                widths.push(cell_width(cell));
            }
        }
    }
    let mut line = String::new();
    let mut write_row = |cells: &mut dyn Iterator<Item = &str>| -> std::io::Result<()> {
        line.clear();
        for (cell, width) in cells.zip(&widths) {
            line.push(' ');
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', width - cell_width(cell) + 1));
        }
        writeln!(out, "{}", line.trim_end())
    };
    write_row(&mut table.headers.iter().copied())?;
    for row in &table.rows {
        write_row(&mut cells(row))?;
    }
    Ok(())
}

/// The narrowest a squeezed column gets before columns are left out.
const SQUEEZED: usize = 12;

/// The width of a cell on screen. Most cells are ASCII, whose width is their length: no
/// per-character lookup.
fn cell_width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        unicode_width::UnicodeWidthStr::width(s)
    }
}

/// The terminal's width: `COLUMNS` when set (as shells and `stty` tools honour it), else
/// what the terminal reports; `None` when it reports nothing.
fn screen_width(t: &Comfy) -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .or_else(|| t.width())
        .filter(|&w| w > 0)
}

/// The columns of `table` that fit `width` boxed: the table's `drop_order` columns are left
/// out, first to last, until the rest fits with the `squeeze` column at its narrowest.
/// `None` when even those left do not fit.
fn fitting_columns(table: &Table, squeeze: usize, width: usize) -> Option<Vec<usize>> {
    let mut content: Vec<usize> = table.headers.iter().map(|h| cell_width(h)).collect();
    for row in &table.rows {
        for (i, cell) in cells(row).enumerate() {
            if let Some(w) = content.get_mut(i) {
                *w = (*w).max(cell_width(cell));
            }
        }
    }
    // `│ a ┆ b │`: a space either side of each cell and one border after it, one before.
    let need = |kept: &[usize]| {
        1 + kept
            .iter()
            .map(|&i| {
                3 + if i == squeeze {
                    content[i].min(SQUEEZED)
                } else {
                    content[i]
                }
            })
            .sum::<usize>()
    };
    let mut kept: Vec<usize> = (0..content.len()).collect();
    for column in &table.drop_order {
        if need(&kept) <= width {
            break;
        }
        kept.retain(|k| k != column);
    }
    (need(&kept) <= width).then_some(kept)
}

/// `table` with only `columns`, in their order.
fn only(table: &Table, columns: &[usize]) -> Table {
    let pick = |row: &[Option<String>]| {
        columns
            .iter()
            .map(|&i| row.get(i).cloned().flatten())
            .collect()
    };
    Table {
        headers: columns
            .iter()
            .filter_map(|&i| table.headers.get(i).copied())
            .collect(),
        rows: table.rows.iter().map(|r| pick(r)).collect(),
        squeeze: table
            .squeeze
            .and_then(|s| columns.iter().position(|&i| i == s)),
        ..Table::default()
    }
}

/// On a terminal each row stays on one line: every column keeps its content's width
/// except column `squeeze`, which is cut short (with `…`) to fit the terminal; on a
/// terminal too narrow for that, the table's `drop_order` columns are left out, and when
/// even that is too wide, the rows are written unboxed, so an id is never cut.
fn write_one_line(out: &mut dyn Write, table: &Table, squeeze: usize) -> std::io::Result<()> {
    let mut t = Comfy::new();
    t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
    // A terminal that reports no width (some CI pseudo-terminals) gets no squeezing.
    let width = screen_width(&t);
    let narrowed;
    let (table, squeeze) = match width {
        Some(w) => {
            t.set_width(w)
                .set_content_arrangement(ContentArrangement::Dynamic);
            match fitting_columns(table, squeeze, usize::from(w)) {
                Some(kept) if kept.len() == table.headers.len() => (table, squeeze),
                Some(kept) => {
                    narrowed = only(table, &kept);
                    (&narrowed, narrowed.squeeze.unwrap_or(usize::MAX))
                }
                None => {
                    let kept: Vec<usize> = (0..table.headers.len())
                        .filter(|i| !table.drop_order.contains(i))
                        .collect();
                    return write_stacked(out, &only(table, &kept), usize::from(w));
                }
            }
        }
        None => (table, squeeze),
    };
    t.set_header(table.headers.clone());
    for row in &table.rows {
        let mut r = comfy_table::Row::from(cells(row).collect::<Vec<_>>());
        r.max_height(1);
        t.add_row(r);
    }
    for (i, column) in t.column_iter_mut().enumerate() {
        column.set_constraint(if i == squeeze {
            ColumnConstraint::LowerBoundary(Width::Fixed(SQUEEZED as u16))
        } else {
            ColumnConstraint::ContentWidth
        });
    }
    let text = t.to_string();
    for line in text.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// For a terminal narrower than a boxed row: each row's first cell (the id) whole on its
/// own line, the other cells indented under it, cut to the width with `…`.
fn write_stacked(out: &mut dyn Write, table: &Table, width: usize) -> std::io::Result<()> {
    for row in &table.rows {
        let mut cells = cells(row);
        writeln!(out, "{}", cells.next().unwrap_or(NONE))?;
        let rest: Vec<&str> = cells.collect();
        if !rest.is_empty() {
            writeln!(out, "  {}", cut(&rest.join("  "), width.saturating_sub(2)))?;
        }
    }
    Ok(())
}

/// `text` cut to `width` columns on screen, ending in `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if cell_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Writes `label: value` lines, indented, with the values aligned.
pub fn write_fields(out: &mut dyn Write, fields: &[(&str, String)]) -> std::io::Result<()> {
    let width = fields.iter().map(|(l, _)| l.len() + 1).max().unwrap_or(0);
    for (label, value) in fields {
        let label = format!("{label}:");
        writeln!(out, "  {label:<width$}  {value}")?;
    }
    Ok(())
}

/// `pm check`'s findings for a person, on stderr: what it is told first (`Part::Begin`),
/// each finding rendered like a compiler's (`Part::Files`), then the paths that could not
/// be read, the count and what follows it (`Part::End`).
pub fn write_findings(
    err: &mut dyn Write,
    findings: &Findings<'_>,
    part: Part,
) -> std::io::Result<()> {
    match part {
        Part::Begin => {
            for line in &findings.before {
                writeln!(err, "{line}")?;
            }
            return Ok(());
        }
        Part::Files => {
            let renderer = Renderer::new(findings.color);
            for (source, d) in findings.all() {
                renderer.render(err, source, d)?;
            }
            return Ok(());
        }
        Part::End => {}
    }
    for (path, why) in findings.unreadable {
        writeln!(err, "error[unreadable]: {path}: {why}")?;
        writeln!(
            err,
            "  = hint: check the path; `pm check` without paths checks every postmortem\n"
        )?;
    }
    let mut line = format!(
        "checked {}: {}, {}",
        plural(findings.checked, "postmortem"),
        plural(findings.errors(), "error"),
        plural(findings.warnings(), "warning")
    );
    if findings.notes() > 0 {
        line.push_str(&format!(", {}", plural(findings.notes(), "note")));
    }
    if !findings.unreadable.is_empty() {
        line.push_str(&format!(
            ", {} unreadable",
            plural(findings.unreadable.len(), "path")
        ));
    }
    writeln!(err, "{line}")?;
    for line in &findings.after {
        writeln!(err, "{line}")?;
    }
    Ok(())
}

/// A page for a person, on a terminal (`terminal`) or into a pipe.
pub struct Human<'w> {
    out: &'w mut dyn Write,
    terminal: bool,
}

impl<'w> Human<'w> {
    pub fn new(out: &'w mut dyn Write, terminal: bool) -> Human<'w> {
        Human { out, terminal }
    }
}

impl Page for Human<'_> {
    fn title(&mut self, _text: &str) -> std::io::Result<()> {
        // A screen's first line says what it shows; a title above it would repeat it.
        Ok(())
    }

    fn line(&mut self, screen: &str, _document: &str) -> std::io::Result<()> {
        writeln!(self.out, "{screen}")
    }

    fn heading(&mut self, _level: usize, text: &str) -> std::io::Result<()> {
        writeln!(self.out)?;
        writeln!(self.out, "{text}")
    }

    fn table(&mut self, table: &Table) -> std::io::Result<()> {
        write_table(self.out, table, self.terminal)
    }

    fn fields(&mut self, fields: &[(&str, String)]) -> std::io::Result<()> {
        write_fields(self.out, fields)
    }

    fn note(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out)?;
        writeln!(self.out, "{text}")
    }

    fn item(
        &mut self,
        depth: usize,
        text: &str,
        link: Option<&str>,
        more: &[String],
    ) -> std::io::Result<()> {
        // Values come from files: no control character reaches the terminal.
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect()
        };
        let indent = "  ".repeat(depth);
        writeln!(self.out, "{indent}- {}", clean(text))?;
        for line in more.iter().map(String::as_str).chain(link) {
            writeln!(self.out, "{indent}  {}", clean(line))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rendering_is_comfy_tables_borderless_style() {
        let mut t = Table::new(vec!["id", "title", "open"]);
        let row = |cells: [&str; 3]| cells.iter().map(|c| Some(c.to_string())).collect();
        t.push(row(["2026-03-14-a", "Checkout 503s", "1"]));
        t.push(row(["b", "Zürich 障害 — wide", ""]));
        t.push(vec![None, Some(String::new()), Some("12".into())]);
        let (mut plain, mut comfy) = (Vec::new(), Vec::new());
        write_plain(&mut plain, &t).unwrap();
        write_comfy(&mut comfy, &t, false).unwrap();
        assert_eq!(
            String::from_utf8(plain).unwrap(),
            String::from_utf8(comfy).unwrap()
        );
    }
}
