//! `--format csv`: one table, a header row then a row per record (RFC 4180 quoting by the
//! csv crate); absent values are empty fields.

use std::io::Write;

use super::table::Table;

pub fn write(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&table.headers).map_err(csv_io_error)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| c.as_deref().unwrap_or("")))
            .map_err(csv_io_error)?;
    }
    w.flush()
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
