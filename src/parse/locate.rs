//! Finding where a field sits in block-style YAML, so a finding about `remediation[1].owner`
//! can point at its line. serde_yaml gives values without positions; this reads the text's
//! indentation instead. It understands the block style people write by hand (mappings,
//! `- ` sequences, values on the key's line); for anything else (flow style) it answers with
//! the nearest enclosing field, which is still the right line to look at.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where a field is: its key (if it has one) and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

impl Located {
    /// The key when there is one, else the value.
    pub fn key_or_value(&self) -> Range<usize> {
        self.key.clone().unwrap_or_else(|| self.value.clone())
    }
}

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    indent: usize,
    /// The line without indentation and line ending.
    content: &'a str,
}

fn content_lines(yaml: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in yaml.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line[indent..].trim_end();
        if !content.is_empty() && !content.starts_with('#') {
            out.push(Line {
                start,
                indent,
                content,
            });
        }
        start += raw.len();
    }
    out
}

/// A block: lines `[from, to)` of the line list, whose first line's content begins at
/// column `col` (after `- ` for a sequence item).
#[derive(Debug, Clone, Copy)]
struct Block {
    from: usize,
    to: usize,
    col: usize,
}

/// Finds `path` in `yaml`; `None` when not even its first segment is there.
pub fn locate(yaml: &str, path: &[Seg<'_>]) -> Option<Located> {
    let lines = content_lines(yaml);
    let first = lines.first()?;
    let mut block = Block {
        from: 0,
        to: lines.len(),
        col: first.indent,
    };
    let mut found: Option<Located> = None;
    for seg in path {
        let next = match *seg {
            Seg::Key(key) => find_key(&lines, block, key),
            Seg::Index(n) => find_item(&lines, block, n),
        };
        match next {
            Some((loc, inner)) => {
                found = Some(loc);
                match inner {
                    Some(b) => block = b,
                    None => break,
                }
            }
            None => break,
        }
    }
    found
}

/// Column where `line`'s content begins when it is the first line of `block`.
fn first_col(line: &Line<'_>, block: Block, index: usize) -> usize {
    if index == block.from {
        block.col
    } else {
        line.indent
    }
}

/// The text of a line from column `col` on.
fn from_col<'a>(line: &Line<'a>, col: usize) -> &'a str {
    line.content
        .get(col.saturating_sub(line.indent)..)
        .unwrap_or("")
}

fn find_key(lines: &[Line<'_>], block: Block, key: &str) -> Option<(Located, Option<Block>)> {
    for i in block.from..block.to {
        let line = &lines[i];
        let col = first_col(line, block, i);
        if i != block.from && line.indent != block.col {
            continue;
        }
        let text = from_col(line, col);
        let Some((name, rest)) = split_key(text) else {
            continue;
        };
        if name != key {
            continue;
        }
        let key_start = line.start + col;
        let key_span = key_start..key_start + text.find(':').unwrap_or(name.len());
        let value_text = rest.trim();
        let value_text = strip_comment(value_text);
        if !value_text.is_empty() {
            let value_start = line.start + col + (text.len() - rest.trim_start().len());
            let value = value_start..value_start + value_text.len();
            // A scalar or flow value: nothing below it to descend into.
            return Some((
                Located {
                    key: Some(key_span),
                    value,
                },
                None,
            ));
        }
        // The value is the indented block below (or a `- ` sequence at the same indent).
        let mut to = i + 1;
        while to < block.to {
            let l = &lines[to];
            let same_indent_item =
                l.indent == col && (l.content == "-" || l.content.starts_with("- "));
            if l.indent > col || same_indent_item {
                to += 1;
            } else {
                break;
            }
        }
        if to == i + 1 {
            return Some((
                Located {
                    key: Some(key_span.clone()),
                    value: key_span,
                },
                None,
            ));
        }
        let inner = Block {
            from: i + 1,
            to,
            col: lines[i + 1].indent,
        };
        let value = lines[i + 1].start + lines[i + 1].indent..line_end(&lines[to - 1]);
        return Some((
            Located {
                key: Some(key_span),
                value,
            },
            Some(inner),
        ));
    }
    None
}

fn line_end(line: &Line<'_>) -> usize {
    line.start + line.indent + line.content.len()
}

fn find_item(lines: &[Line<'_>], block: Block, n: usize) -> Option<(Located, Option<Block>)> {
    let mut count = 0;
    let mut i = block.from;
    while i < block.to {
        let line = &lines[i];
        let col = first_col(line, block, i);
        let text = from_col(line, col);
        let is_item = (i == block.from || line.indent == block.col)
            && (text == "-" || text.starts_with("- "));
        if !is_item {
            i += 1;
            continue;
        }
        let mut to = i + 1;
        while to < block.to && lines[to].indent > col {
            to += 1;
        }
        if count == n {
            let after_dash = text[1..].len() - text[1..].trim_start().len();
            let content_col = col + 1 + after_dash;
            let (item_from, item_col) = if text.trim() == "-" {
                if to == i + 1 {
                    let at = line.start + col;
                    return Some((
                        Located {
                            key: None,
                            value: at..at + 1,
                        },
                        None,
                    ));
                }
                (i + 1, lines[i + 1].indent)
            } else {
                (i, content_col)
            };
            let value_start = lines[item_from].start + item_col;
            let value = value_start..line_end(&lines[to - 1]);
            let inner = Block {
                from: item_from,
                to,
                col: item_col,
            };
            return Some((Located { key: None, value }, Some(inner)));
        }
        count += 1;
        i = to;
    }
    None
}

/// `key: rest` or `"key": rest`; `None` when the line is not a mapping entry.
fn split_key(text: &str) -> Option<(&str, &str)> {
    if text.starts_with("- ") || text == "-" {
        return None;
    }
    let (name, rest) = if let Some(stripped) = text.strip_prefix('"') {
        let end = stripped.find('"')?;
        (&stripped[..end], stripped[end + 1..].strip_prefix(':')?)
    } else if let Some(stripped) = text.strip_prefix('\'') {
        let end = stripped.find('\'')?;
        (&stripped[..end], stripped[end + 1..].strip_prefix(':')?)
    } else {
        let colon = text
            .find(": ")
            .or_else(|| text.strip_suffix(':').map(|s| s.len()))?;
        (&text[..colon], &text[colon + 1..])
    };
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((name.trim_end(), rest))
}

fn strip_comment(value: &str) -> &str {
    if value.starts_with(['"', '\'']) {
        return value;
    }
    match value.find(" #") {
        Some(at) => value[..at].trim_end(),
        None => value,
    }
}

#[cfg(test)]
mod tests {
    use super::Seg::{Index, Key};
    use super::*;

    const YAML: &str = "title: Outage\nseverity: SEV9 # typo\nservices: [a, b]\nremediation:\n  - title: Alert\n    owner: Ana\n  - title: Runbook\n    owner: 42\nlinks:\n- title: g\n  url: x.png\n";

    fn text(path: &[Seg<'_>]) -> (String, String) {
        let loc = locate(YAML, path).unwrap();
        (
            loc.key.map(|k| YAML[k].to_string()).unwrap_or_default(),
            YAML[loc.value].to_string(),
        )
    }

    #[test]
    fn finds_scalars_and_nested_items() {
        assert_eq!(text(&[Key("severity")]), ("severity".into(), "SEV9".into()));
        assert_eq!(
            text(&[Key("services")]),
            ("services".into(), "[a, b]".into())
        );
        assert_eq!(
            text(&[Key("remediation"), Index(1), Key("owner")]),
            ("owner".into(), "42".into())
        );
        assert_eq!(
            text(&[Key("remediation"), Index(1), Key("title")]),
            ("title".into(), "Runbook".into())
        );
        assert_eq!(
            text(&[Key("links"), Index(0), Key("url")]),
            ("url".into(), "x.png".into())
        );
    }

    #[test]
    fn falls_back_to_the_nearest_parent() {
        let loc = locate(YAML, &[Key("services"), Index(1)]).unwrap();
        assert_eq!(&YAML[loc.value], "[a, b]");
        assert!(locate(YAML, &[Key("nope")]).is_none());
    }
}
