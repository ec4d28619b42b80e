//! Rows of cells under headers: what a listing hands to `human`, `csv` and `markdown`.

use std::collections::HashMap;

/// Rows of text cells under headers. A `None` cell is a value that is absent or could not
/// be read: people see `-`, CSV an empty field.
#[derive(Debug, Default)]
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Option<String>>>,
    /// Cells a document (markdown) shows as links, by (row, column).
    pub links: HashMap<(usize, usize), String>,
    /// The column that gives way on a narrow terminal (cut short with `…`); the others keep
    /// their content's width, so ids stay whole for copying.
    pub squeeze: Option<usize>,
    /// The columns a terminal too narrow for all of them leaves out, first to last (after
    /// the `squeeze` column is as short as it gets). Columns not listed always stay.
    pub drop_order: Vec<usize>,
}

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Table {
        Table {
            headers,
            ..Table::default()
        }
    }

    /// The same table with `column` giving way on a narrow terminal.
    pub fn squeezing(mut self, column: usize) -> Table {
        self.squeeze = Some(column);
        self
    }

    /// The same table leaving out `columns`, in that order, on a terminal too narrow for it.
    pub fn dropping(mut self, columns: &[usize]) -> Table {
        self.drop_order = columns.to_vec();
        self
    }

    /// Adds a row; `link` is the url of the cell at `column`, for documents.
    pub fn push(&mut self, row: Vec<Option<String>>) {
        self.rows.push(row);
    }

    /// Makes the cell at (`row`, `column`) a link to `url` in a document.
    pub fn link(&mut self, row: usize, column: usize, url: String) {
        self.links.insert((row, column), url);
    }
}
