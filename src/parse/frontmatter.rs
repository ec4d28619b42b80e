//! Finding the YAML front matter between `---` lines.

use std::ops::Range;

use crate::diagnostic::Diagnostic;

/// Where the parts of a document are, as byte ranges of the file's text.
#[derive(Debug, Clone)]
pub struct Split {
    /// The YAML between the two `---` lines.
    pub yaml: Range<usize>,
    /// Everything after the closing `---` line.
    pub body: Range<usize>,
    /// The opening `---` line (without its line ending).
    pub open: Range<usize>,
}

const BOM: &str = "\u{feff}";

/// Lines of `text` from `from` on: (start, end without `\r\n`, next line's start).
fn lines(text: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let nl = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let next = nl.map_or(bytes.len(), |i| i + 1);
        let mut end = nl.unwrap_or(bytes.len());
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        pos = next;
        Some((start, end, next))
    })
}

/// The line that opens front matter: `---` (trailing spaces allowed).
pub fn is_open_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// A line that closes it: `---`, or YAML's end-of-document `...`.
pub fn is_close_fence(line: &str) -> bool {
    matches!(line.trim_end(), "---" | "...")
}

/// Splits a document into front matter and body.
pub fn split(text: &str) -> Result<Split, Diagnostic> {
    let from = if text.starts_with(BOM) { BOM.len() } else { 0 };
    if text[from..].trim().is_empty() {
        return Err(Diagnostic::error("empty-file", "the file is empty").hint(
            "start from the template: `pm new` writes a complete draft, or delete the file",
        ));
    }
    let mut it = lines(text, from);
    let Some((open_start, open_end, yaml_start)) = it.next() else {
        return Err(Diagnostic::error("empty-file", "the file is empty"));
    };
    if !is_open_fence(&text[open_start..open_end]) {
        return Err(Diagnostic::error(
            "front-matter-missing",
            "the file has no front matter: it must start with a line `---`",
        )
        .at(open_start..open_end)
        .label("expected `---` here")
        .hint("put the YAML fields (title, status, severity, started_at, ...) between two `---` lines at the top of the file"));
    }
    for (start, end, next) in it {
        let line = &text[start..end];
        if is_close_fence(line) {
            return Ok(Split {
                yaml: yaml_start..start,
                body: next..text.len(),
                open: open_start..open_end,
            });
        }
    }
    Err(Diagnostic::error(
        "front-matter-unclosed",
        "the front matter is never closed: no second `---` line",
    )
    .at(open_start..open_end)
    .label("front matter opens here")
    .hint("add a line `---` after the last front-matter field, before the markdown body"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\n# Body\r\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.clone()], "title: x\r\n");
        assert_eq!(&text[s.body.clone()], "# Body\r\n");
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(split("# no").unwrap_err().rule, "front-matter-missing");
        assert_eq!(
            split("---\ntitle: x\n").unwrap_err().rule,
            "front-matter-unclosed"
        );
        assert_eq!(split("").unwrap_err().rule, "empty-file");
        assert_eq!(split(" \n\n").unwrap_err().rule, "empty-file");
    }
}
