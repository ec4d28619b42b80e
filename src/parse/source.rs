//! A file's text with a line index, for turning byte offsets into lines and columns.

use std::path::PathBuf;
use std::sync::OnceLock;

/// Files larger than this are not postmortems; they are reported and skipped.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

#[derive(Debug)]
pub struct Source {
    /// The path as shown to the user (relative to the repository when inside it).
    pub display: String,
    pub path: PathBuf,
    pub text: String,
    /// Built on first use: most files never need a line number.
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    pub fn new(path: PathBuf, display: String, text: String) -> Source {
        Source {
            display,
            path,
            text,
            line_starts: OnceLock::new(),
        }
    }

    /// Frees the text of a file that needs no further look (nothing to report).
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.line_starts = OnceLock::new();
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    pub fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        })
    }
}
