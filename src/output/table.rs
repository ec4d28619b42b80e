//! Records as a table (comfy-table), JSON, CSV or markdown.

use std::io::Write;

use comfy_table::{ContentArrangement, Table as Comfy, presets};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

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

    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.headers)?;
        for row in &self.rows {
            w.write_record(row)?;
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

/// A cell's text made safe inside a markdown table row.
pub fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}
