//! Records as a table (comfy-table), JSON, CSV or markdown.

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table as Comfy, Width, presets};

/// Rows of text cells under headers.
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Table {
        Table {
            headers,
            rows: Vec::new(),
        }
    }

    /// Writes the table for a person: boxed on a terminal, aligned columns in a pipe.
    pub fn write_text(&self, out: &mut dyn Write, terminal: bool) -> std::io::Result<()> {
        if !terminal
            && self
                .rows
                .iter()
                .flatten()
                .all(|c| memchr::memchr2(b'\n', b'\r', c.as_bytes()).is_none())
        {
            return self.write_plain(out);
        }
        self.write_comfy(out, terminal)
    }

    fn write_comfy(&self, out: &mut dyn Write, terminal: bool) -> std::io::Result<()> {
        let mut t = Comfy::new();
        if terminal {
            t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
                .set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            t.load_style(presets::NOTHING);
        }
        t.set_header(self.headers.clone());
        for row in &self.rows {
            t.add_row(row.clone());
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
    fn write_plain(&self, out: &mut dyn Write) -> std::io::Result<()> {
        // Most cells are ASCII, whose width is their length: no per-character lookup.
        let cell_width = |s: &str| {
            if s.is_ascii() {
                s.len()
            } else {
                unicode_width::UnicodeWidthStr::width(s)
            }
        };
        let mut widths: Vec<usize> = self.headers.iter().map(|h| cell_width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
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
        write_row(&mut self.headers.iter().copied())?;
        for row in &self.rows {
            write_row(&mut row.iter().map(String::as_str))?;
        }
        Ok(())
    }

    /// Like `write_text`, but on a terminal each row stays on one line: every column keeps
    /// its content's width except column `squeeze`, which is cut short (with `…`) to fit the
    /// terminal. For listings whose ids people copy.
    pub fn write_text_one_line(
        &self,
        out: &mut dyn Write,
        terminal: bool,
        squeeze: usize,
    ) -> std::io::Result<()> {
        if !terminal {
            return self.write_text(out, false);
        }
        let mut t = Comfy::new();
        t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
        // A terminal that reports no width (some CI pseudo-terminals) gets no squeezing.
        if t.width().is_some_and(|w| w > 0) {
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
        t.set_header(self.headers.clone());
        for row in &self.rows {
            let mut r = comfy_table::Row::from(row.clone());
            r.max_height(1);
            t.add_row(r);
        }
        for (i, column) in t.column_iter_mut().enumerate() {
            column.set_constraint(if i == squeeze {
                ColumnConstraint::LowerBoundary(Width::Fixed(12))
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

    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.headers).map_err(csv_io_error)?;
        for row in &self.rows {
            w.write_record(row).map_err(csv_io_error)?;
        }
        w.flush()
    }

    pub fn write_markdown(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "| {} |", self.headers.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(self.headers.len()))?;
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| markdown_cell(c)).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        Ok(())
    }
}

/// A csv error as an `io::Error`, keeping the I/O error's kind: csv's own conversion turns
/// every error into `Other`, which would make a closed pipe (`pm list | head`) look fatal.
fn csv_io_error(e: csv::Error) -> std::io::Error {
    if !e.is_io_error() {
        return std::io::Error::other(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// A cell's text made safe inside a markdown table row.
pub fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rendering_is_comfy_tables_borderless_style() {
        let mut t = Table::new(vec!["id", "title", "open"]);
        t.rows.push(vec![
            "2026-03-14-a".into(),
            "Checkout 503s".into(),
            "1".into(),
        ]);
        t.rows
            .push(vec!["b".into(), "Zürich 障害 — wide".into(), "".into()]);
        t.rows.push(vec!["".into(), "".into(), "12".into()]);
        let (mut plain, mut comfy) = (Vec::new(), Vec::new());
        t.write_plain(&mut plain).unwrap();
        t.write_comfy(&mut comfy, false).unwrap();
        assert_eq!(
            String::from_utf8(plain).unwrap(),
            String::from_utf8(comfy).unwrap()
        );
    }
}
