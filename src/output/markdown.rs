//! `--format markdown`: pages as markdown documents to paste into review notes or an
//! email, tables as pipe tables; and the escaping every markdown pm writes goes through.

use std::io::Write;

use super::Page;
use super::table::Table;

/// A table cell's text made safe inside a pipe table row: a `|` would end the cell, a
/// line break the row.
pub fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// Text made safe inside a table cell and a link's text: a `|` would end the cell,
/// brackets the link, `<` could start HTML, and a line break the row.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes `table` as a pipe table; absent values are `-`, linked cells `[text](url)`.
pub fn write_table(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    writeln!(out, "| {} |", table.headers.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(table.headers.len()))?;
    for (r, row) in table.rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| {
                let shown = cell(v.as_deref().unwrap_or("-"));
                match table.links.get(&(r, c)) {
                    Some(url) if v.is_some() => format!("[{shown}]({url})"),
                    _ => shown,
                }
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A page written as a markdown document.
pub struct Markdown<'w> {
    out: &'w mut dyn Write,
}

impl<'w> Markdown<'w> {
    pub fn new(out: &'w mut dyn Write) -> Markdown<'w> {
        Markdown { out }
    }
}

impl Page for Markdown<'_> {
    fn title(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "# {}", cell(text))?;
        writeln!(self.out)
    }

    fn line(&mut self, _screen: &str, document: &str) -> std::io::Result<()> {
        writeln!(self.out, "{document}")
    }

    fn heading(&mut self, level: usize, text: &str) -> std::io::Result<()> {
        writeln!(self.out)?;
        writeln!(self.out, "{} {}", "#".repeat(level.max(1)), cell(text))
    }

    fn table(&mut self, table: &Table) -> std::io::Result<()> {
        writeln!(self.out)?;
        write_table(self.out, table)
    }

    fn fields(&mut self, fields: &[(&str, String)]) -> std::io::Result<()> {
        writeln!(self.out)?;
        for (label, value) in fields {
            writeln!(self.out, "- {}: {}", text(label), text(value))?;
        }
        Ok(())
    }

    fn note(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out)?;
        // A leading `*` or `-` would start a list.
        let escape = if text.starts_with(['*', '-', '+']) {
            "\\"
        } else {
            ""
        };
        writeln!(self.out, "{escape}{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_cannot_break_the_table_or_the_link() {
        assert_eq!(text("a | b [c] <d>\nx"), "a \\| b \\[c\\] \\<d> x");
        assert_eq!(cell("a | b\\c\nd"), "a \\| b\\\\c d");
    }
}
