//! Editing remediation items in place: changes are byte ranges of the original text, so
//! every other byte (comments, key order, quoting, blank lines, line endings, the body)
//! stays as written. YAML is never re-serialized.
//!
//! The editor understands the block style people write by hand (`- key: value` items at
//! any indentation, one-line `{key: value}` items, `remediation: []`). Anything else is
//! refused with a reason, never guessed. As a last guard, every edit is checked by parsing
//! the new front matter with serde_yaml: it must equal the old one with exactly the
//! intended change, or the edit is refused.

use std::ops::Range;

use serde_yaml::{Mapping, Value};

use crate::parse::Split;

/// One change to the `remediation:` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Set `key` of item `item` (0-based) to the string `value`, adding the key if absent.
    Set {
        item: usize,
        key: &'static str,
        value: String,
    },
    /// Remove `key` from item `item`, when it is there.
    Remove { item: usize, key: &'static str },
    /// Append an item with these fields, in this order.
    Add { fields: Vec<(&'static str, String)> },
}

/// Why the front matter was not edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    /// Byte offset in the file of the line the reason is about.
    pub at: Option<usize>,
}

pub(super) fn refuse<T>(message: impl Into<String>, at: Option<usize>) -> Result<T, Refusal> {
    Err(Refusal {
        message: message.into(),
        at,
    })
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    pub(super) start: usize,
    /// Start of the next line (after the line ending).
    pub(super) next: usize,
    pub(super) indent: usize,
    /// The line without indentation and line ending.
    pub(super) content: &'a str,
    /// Blank or a comment.
    pub(super) blank: bool,
}

impl Line<'_> {
    fn content_start(&self) -> usize {
        self.start + self.indent
    }
}

pub(super) fn lines(text: &str, range: Range<usize>) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = range.start;
    for raw in text[range].split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        let trimmed = content.trim_end();
        out.push(Line {
            start,
            next: start + raw.len(),
            indent,
            content: trimmed,
            blank: trimmed.is_empty() || trimmed.starts_with('#'),
        });
        start += raw.len();
    }
    out
}

/// A `key: value` in an item, with file offsets.
#[derive(Debug, Clone)]
struct Field {
    key: String,
    /// The value as written (empty range right after the colon when there is none).
    value: Range<usize>,
    /// The whole `key: value` text (flow items) or the line (block items).
    whole: Range<usize>,
    /// The value goes on over more lines, or is something this editor does not rewrite
    /// (block scalar, anchor, alias, tag, nested collection).
    complex: bool,
    /// Index of its first line.
    line: usize,
}

#[derive(Debug, Clone)]
enum ItemShape {
    /// `- key: value` lines; `key_indent` is the column of the keys.
    Block { key_indent: usize },
    /// `- {key: value, ...}` on one line; `close` is the offset of `}`.
    Flow { close: usize },
    /// Not a mapping (`- fix it`) or not something the editor reads.
    Other,
}

#[derive(Debug, Clone)]
struct ItemBlock {
    shape: ItemShape,
    fields: Vec<Field>,
    /// Lines `[first, last]` holding the item's content.
    first: usize,
    last: usize,
    dash_indent: usize,
}

#[derive(Debug)]
enum List {
    /// No `remediation:` key.
    Missing,
    /// `remediation:` with no value (or `~`, `null`): `value` is what to replace, empty
    /// right after the colon when nothing is written.
    Empty {
        key_line: usize,
        value: Range<usize>,
    },
    Block {
        items: Vec<ItemBlock>,
    },
}

struct Doc<'a> {
    text: &'a str,
    lines: Vec<Line<'a>>,
    list: List,
    /// The line ending new lines get when there is no line to copy one from.
    newline: &'static str,
    yaml_end: usize,
}

/// Where a one-line value ends, and whether it is complete on this line: (end offset in
/// `s`, complete). Comments after the value are not part of it.
pub(super) fn scalar_extent(s: &str) -> (usize, bool) {
    let b = s.as_bytes();
    match b.first() {
        None => (0, true),
        Some(b'"') => {
            let mut i = 1;
            while i < b.len() {
                match b[i] {
                    b'\\' => i += 2,
                    b'"' => return (i + 1, true),
                    _ => i += 1,
                }
            }
            (s.len(), false)
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return (i + 1, true);
                }
                i += 1;
            }
            (s.len(), false)
        }
        Some(b'#') => (0, true),
        Some(_) => {
            let end = s.find(" #").unwrap_or(s.len());
            (s[..end].trim_end().len(), true)
        }
    }
}

/// Values the editor leaves to people: block scalars, anchors, aliases, tags, collections.
pub(super) fn is_complex(value: &str) -> bool {
    value.starts_with(['|', '>', '&', '*', '!', '[', '{', '%', '@', '`'])
}

/// `key: rest` with a plain or quoted key; (key, offset of the value's text in `s`).
pub(super) fn split_key(s: &str) -> Option<(String, usize)> {
    let (key, after) = if let Some(rest) = s.strip_prefix('"') {
        let end = rest.find('"')?;
        (rest[..end].to_string(), end + 2)
    } else if let Some(rest) = s.strip_prefix('\'') {
        let end = rest.find('\'')?;
        (rest[..end].to_string(), end + 2)
    } else {
        let colon = s.find(": ").or_else(|| s.strip_suffix(':').map(str::len))?;
        (s[..colon].trim_end().to_string(), colon)
    };
    let rest = s.get(after..)?;
    let rest = rest.strip_prefix(':')?;
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let value_at = after + 1 + (rest.len() - rest.trim_start().len());
    Some((key, value_at))
}

impl<'a> Doc<'a> {
    fn read(text: &'a str, split: &Split) -> Result<Doc<'a>, Refusal> {
        let lines = lines(text, split.yaml.clone());
        let newline = if text[split.open.end..].starts_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let mut doc = Doc {
            text,
            lines,
            list: List::Missing,
            newline,
            yaml_end: split.yaml.end,
        };
        doc.list = doc.find_list()?;
        Ok(doc)
    }

    fn find_list(&self) -> Result<List, Refusal> {
        let Some(key_line) = self.lines.iter().position(|l| {
            l.indent == 0
                && !l.blank
                && split_key(l.content).is_some_and(|(k, _)| k == "remediation")
        }) else {
            return Ok(List::Missing);
        };
        let line = self.lines[key_line];
        let (_, value_at) = split_key(line.content).unwrap_or_default();
        let rest = &line.content[value_at..];
        let (end, _) = scalar_extent(rest);
        let value = &rest[..end];
        let value_start = line.content_start() + value_at;
        match value {
            "" => {}
            "[]" | "~" | "null" | "Null" | "NULL" => {
                // The value, and the blanks between the colon and it.
                let colon = line.content_start() + line.content[..value_at].trim_end().len();
                return Ok(List::Empty {
                    key_line,
                    value: colon..value_start + end,
                });
            }
            v if v.starts_with('[') => {
                return refuse(
                    "`remediation` is written as a flow list (`[...]`); write it as one `- ` item per line to let pm edit it",
                    Some(line.start),
                );
            }
            _ => {
                return refuse("`remediation` is not a list", Some(line.start));
            }
        }
        // The block below: every line up to the next top-level key.
        let mut items: Vec<ItemBlock> = Vec::new();
        let mut dash_indent = None;
        let mut i = key_line + 1;
        while i < self.lines.len() {
            let l = self.lines[i];
            if l.blank {
                i += 1;
                continue;
            }
            if l.content.starts_with('\t') {
                return refuse("a tab in the indentation of `remediation`", Some(l.start));
            }
            let is_dash = l.content == "-" || l.content.starts_with("- ");
            if l.indent == 0 && !is_dash {
                break;
            }
            match dash_indent {
                None if is_dash => dash_indent = Some(l.indent),
                None => return refuse("`remediation` is not a list of `- ` items", Some(l.start)),
                Some(d) if l.indent < d => {
                    return refuse(
                        "a line of `remediation` is less indented than its items",
                        Some(l.start),
                    );
                }
                Some(_) => {}
            }
            let d = dash_indent.unwrap_or(0);
            if l.indent == d && is_dash {
                items.push(self.item_start(i, d)?);
            } else if l.indent == d {
                return refuse(
                    "a line of `remediation` is not an item (`- `)",
                    Some(l.start),
                );
            } else {
                let Some(item) = items.last_mut() else {
                    return refuse("`remediation` is not a list of `- ` items", Some(l.start));
                };
                self.item_line(item, i)?;
            }
            i += 1;
        }
        if items.is_empty() {
            let colon = line.content_start() + "remediation:".len().min(line.content.len());
            return Ok(List::Empty {
                key_line,
                value: colon..colon,
            });
        }
        Ok(List::Block { items })
    }

    /// The first line of an item: `- key: value`, `- {...}`, `-`, or a scalar.
    fn item_start(&self, i: usize, d: usize) -> Result<ItemBlock, Refusal> {
        let l = self.lines[i];
        let after_dash = &l.content[1..];
        let gap = after_dash.len() - after_dash.trim_start_matches(' ').len();
        let body = &after_dash[gap..];
        let body_col = d + 1 + gap;
        let body_start = l.start + body_col;
        let mut item = ItemBlock {
            shape: ItemShape::Other,
            fields: Vec::new(),
            first: i,
            last: i,
            dash_indent: d,
        };
        if body.is_empty() || body.starts_with('#') {
            // `-` alone: the keys start on the next line, at its indent.
            item.shape = ItemShape::Block { key_indent: 0 };
            return Ok(item);
        }
        if body.starts_with('{') {
            item.shape = ItemShape::Other;
            if let Some((close, fields)) = flow_fields(body, body_start) {
                item.shape = ItemShape::Flow { close };
                item.fields = fields
                    .into_iter()
                    .map(|(key, value, whole, complex)| Field {
                        key,
                        value,
                        whole,
                        complex,
                        line: i,
                    })
                    .collect();
            }
            return Ok(item);
        }
        if let Some(field) = self.field(i, body, body_start) {
            item.shape = ItemShape::Block {
                key_indent: body_col,
            };
            item.fields.push(field);
        }
        Ok(item)
    }

    fn field(&self, i: usize, s: &str, at: usize) -> Option<Field> {
        let (key, value_at) = split_key(s)?;
        let rest = &s[value_at..];
        let (end, complete) = scalar_extent(rest);
        let value = &rest[..end];
        let value_start = at + value_at;
        let value_range = if value.is_empty() {
            // Right after the colon: a value is written as ` value`.
            let colon = at + s[..value_at].trim_end().len();
            colon..colon
        } else {
            value_start..value_start + end
        };
        Some(Field {
            key,
            value: value_range,
            whole: self.lines[i].start..self.lines[i].next,
            complex: !complete || is_complex(value) || value.is_empty(),
            line: i,
        })
    }

    /// A line inside an item after its first: a key at the item's key column, or the
    /// continuation of the field above.
    fn item_line(&self, item: &mut ItemBlock, i: usize) -> Result<(), Refusal> {
        let l = self.lines[i];
        item.last = i;
        match &mut item.shape {
            ItemShape::Block { key_indent } => {
                if *key_indent == 0 && item.fields.is_empty() {
                    *key_indent = l.indent;
                }
                if l.indent == *key_indent {
                    match self.field(i, l.content, l.content_start()) {
                        Some(f) => item.fields.push(f),
                        None => item.shape = ItemShape::Other,
                    }
                } else if l.indent > *key_indent {
                    // A value over several lines, or nested: never rewritten.
                    match item.fields.last_mut() {
                        Some(f) => f.complex = true,
                        None => item.shape = ItemShape::Other,
                    }
                } else {
                    return refuse(
                        "this line of a remediation item is indented less than its keys",
                        Some(l.start),
                    );
                }
            }
            // A flow mapping over several lines, or a scalar item going on.
            ItemShape::Flow { .. } | ItemShape::Other => item.shape = ItemShape::Other,
        }
        Ok(())
    }

    fn newline_of(&self, line: usize) -> &'static str {
        let l = &self.lines[line];
        if self.text[l.start..l.next].ends_with("\r\n") {
            "\r\n"
        } else if self.text[l.start..l.next].ends_with('\n') {
            "\n"
        } else {
            self.newline
        }
    }
}

/// The fields of a one-line flow mapping `{k: v, ...}` starting at `base`: the offset of
/// `}`, and (key, value, whole `k: v`, complex) per field. `None` when it is not one flat
/// flow mapping closed on this line.
#[allow(clippy::type_complexity)]
fn flow_fields(
    s: &str,
    base: usize,
) -> Option<(usize, Vec<(String, Range<usize>, Range<usize>, bool)>)> {
    let b = s.as_bytes();
    let mut fields = Vec::new();
    let mut i = 1;
    loop {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i] == b'}' {
            let rest = s[i + 1..].trim_start();
            if !rest.is_empty() && !rest.starts_with('#') {
                return None;
            }
            return Some((base + i, fields));
        }
        let seg_start = i;
        // `key:value` is one plain scalar in YAML; only `key: value` is a pair.
        let (key, value_at) = split_key(&s[i..])?;
        let v_start = i + value_at;
        let rest = &s[v_start..];
        let v_len = match rest.as_bytes().first() {
            Some(b'"') | Some(b'\'') => {
                let (end, complete) = scalar_extent(rest);
                if !complete {
                    return None;
                }
                end
            }
            _ => {
                let end = rest.find([',', '}'])?;
                if rest[..end].contains(['[', ']', '{', '#']) {
                    return None;
                }
                rest[..end].trim_end().len()
            }
        };
        let value = &s[v_start..v_start + v_len];
        let complex = is_complex(value) || value.is_empty();
        if key.contains(['{', '[', ',']) {
            return None;
        }
        fields.push((
            key,
            base + v_start..base + v_start + v_len,
            base + seg_start..base + v_start + v_len,
            complex,
        ));
        i = v_start + v_len;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b'}') => {}
            _ => return None,
        }
    }
}

/// A string as a YAML scalar that reads back as exactly that string: plain when it is
/// safe, else double-quoted (`quote` forces a style: `'` or `"`).
pub fn scalar(s: &str, flow: bool, quote: Option<char>) -> String {
    match quote {
        Some('\'') if !s.contains(['\n', '\r']) => return format!("'{}'", s.replace('\'', "''")),
        Some('"') => return double_quoted(s),
        _ => {}
    }
    let plain_ok = !s.is_empty()
        && s.trim() == s
        && !s.contains(['#', '\n', '\r', '\t'])
        && (!flow || !s.contains([',', '[', ']', '{', '}']))
        && !s.starts_with([
            '"', '\'', '-', '?', ':', '|', '>', '&', '*', '!', '%', '@', '`', '[', '{',
        ])
        && matches!(
            serde_yaml::from_str::<Value>(&format!("k: {s}")),
            Ok(Value::Mapping(m)) if m.get("k") == Some(&Value::String(s.to_string()))
        );
    if plain_ok {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

fn double_quoted(s: &str) -> String {
    // A JSON string is a YAML double-quoted scalar.
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "\\\"")))
}

/// Applies `changes` to the front matter of `text` and returns the new text, or refuses.
pub fn apply(text: &str, split: &Split, changes: &[Change]) -> Result<String, Refusal> {
    let yaml = &text[split.yaml.clone()];
    let before: Value = match serde_yaml::from_str(yaml) {
        Ok(Value::Null) => Value::Mapping(Mapping::new()),
        Ok(v @ Value::Mapping(_)) => v,
        Ok(_) | Err(_) => {
            return refuse(
                "the front matter is not a readable YAML mapping; `pm check` says why",
                Some(split.open.start),
            );
        }
    };
    let doc = Doc::read(text, split)?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for change in changes {
        edits.push(edit_for(&doc, change)?);
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    for pair in edits.windows(2) {
        if pair[0].0.end > pair[1].0.start {
            return refuse("two changes touch the same text", None);
        }
    }
    let mut out = text.to_string();
    for (range, replacement) in edits.iter().rev() {
        out.replace_range(range.clone(), replacement);
    }
    verify(text, &out, split, before, changes)?;
    Ok(out)
}

fn item_block<'d>(doc: &'d Doc<'_>, item: usize) -> Result<&'d ItemBlock, Refusal> {
    match &doc.list {
        List::Block { items } => items.get(item).ok_or_else(|| Refusal {
            message: format!("there is no remediation item {}", item + 1),
            at: None,
        }),
        _ => refuse("the postmortem has no remediation items", None),
    }
}

fn edit_for(doc: &Doc<'_>, change: &Change) -> Result<(Range<usize>, String), Refusal> {
    match change {
        Change::Set { item, key, value } => {
            let block = item_block(doc, *item)?;
            let at = Some(doc.lines[block.first].start);
            let flow = matches!(block.shape, ItemShape::Flow { .. });
            if let Some(f) = block.fields.iter().find(|f| f.key == *key) {
                if f.complex {
                    if f.value.is_empty() {
                        // `key:` with nothing after it: write the value after the colon.
                        return Ok((f.value.clone(), format!(" {}", scalar(value, flow, None))));
                    }
                    return refuse(
                        format!(
                            "`{key}` of remediation item {} is written in a form pm does not rewrite (several lines, a block scalar, an anchor or a tag)",
                            item + 1
                        ),
                        Some(doc.lines[f.line].start),
                    );
                }
                let old = &doc.text[f.value.clone()];
                let quote = old.chars().next().filter(|c| *c == '"' || *c == '\'');
                return Ok((f.value.clone(), scalar(value, flow, quote)));
            }
            match block.shape {
                ItemShape::Block { key_indent } if key_indent > 0 => {
                    let last = &doc.lines[block.last];
                    let nl = doc.newline_of(block.last);
                    let pad = " ".repeat(key_indent);
                    Ok((
                        last.next..last.next,
                        format!("{pad}{key}: {}{nl}", scalar(value, false, None)),
                    ))
                }
                ItemShape::Flow { close, .. } => {
                    let text = match block.fields.last() {
                        Some(_) => format!(", {key}: {}", scalar(value, true, None)),
                        None => format!("{key}: {}", scalar(value, true, None)),
                    };
                    let at = block.fields.last().map_or(close, |f| f.whole.end);
                    Ok((at..at, text))
                }
                _ => refuse(
                    format!(
                        "remediation item {} is not written as `key: value` lines pm can edit",
                        item + 1
                    ),
                    at,
                ),
            }
        }
        Change::Remove { item, key } => {
            let block = item_block(doc, *item)?;
            let Some((n, f)) = block.fields.iter().enumerate().find(|(_, f)| f.key == *key) else {
                return Ok((0..0, String::new()));
            };
            match block.shape {
                ItemShape::Block { .. } if f.line != block.first && !f.complex => {
                    Ok((f.whole.clone(), String::new()))
                }
                ItemShape::Flow { .. } => {
                    // With the comma before it, or, for the first field, the one after it.
                    let range = if n > 0 {
                        block.fields[n - 1].whole.end..f.whole.end
                    } else if let Some(next) = block.fields.get(1) {
                        f.whole.start..next.whole.start
                    } else {
                        f.whole.clone()
                    };
                    Ok((range, String::new()))
                }
                _ => refuse(
                    format!(
                        "`{key}` of remediation item {} cannot be removed safely: remove that line by hand",
                        item + 1
                    ),
                    Some(doc.lines[f.line].start),
                ),
            }
        }
        Change::Add { fields } => add(doc, fields),
    }
}

fn add(
    doc: &Doc<'_>,
    fields: &[(&'static str, String)],
) -> Result<(Range<usize>, String), Refusal> {
    let block_item = |dash: usize, gap: usize, nl: &str| {
        let mut s = String::new();
        for (n, (key, value)) in fields.iter().enumerate() {
            if n == 0 {
                s.push_str(&" ".repeat(dash));
                s.push('-');
                s.push_str(&" ".repeat(gap));
            } else {
                s.push_str(&" ".repeat(dash + 1 + gap));
            }
            s.push_str(&format!("{key}: {}{nl}", scalar(value, false, None)));
        }
        s
    };
    match &doc.list {
        List::Missing => {
            let nl = match doc.lines.last() {
                Some(_) => doc.newline_of(doc.lines.len() - 1),
                None => doc.newline,
            };
            let at = doc.yaml_end;
            Ok((at..at, format!("remediation:{nl}{}", block_item(2, 1, nl))))
        }
        List::Empty { key_line, value } => {
            // `remediation: []` becomes `remediation:` with the item below; a comment on
            // the line stays.
            let line = &doc.lines[*key_line];
            let nl = doc.newline_of(*key_line);
            let tail = &doc.text[value.end..line.next];
            let text = format!("{tail}{}", block_item(2, 1, nl));
            let tail = if tail.ends_with('\n') { "" } else { nl };
            Ok((value.start..line.next, format!("{text}{tail}")))
        }
        List::Block { items } => {
            let Some(last) = items.last() else {
                return refuse("the remediation list has no items", None);
            };
            let end = &doc.lines[last.last];
            let nl = doc.newline_of(last.last);
            let text = match last.shape {
                ItemShape::Flow { .. } => {
                    let pairs: Vec<String> = fields
                        .iter()
                        .map(|(k, v)| format!("{k}: {}", scalar(v, true, None)))
                        .collect();
                    format!(
                        "{}- {{{}}}{nl}",
                        " ".repeat(last.dash_indent),
                        pairs.join(", ")
                    )
                }
                // The keys at the column of the last item's keys.
                ItemShape::Block { key_indent } if key_indent > last.dash_indent + 1 => {
                    block_item(last.dash_indent, key_indent - last.dash_indent - 1, nl)
                }
                _ => block_item(last.dash_indent, 1, nl),
            };
            Ok((end.next..end.next, text))
        }
    }
}

/// The new front matter must read as the old one with exactly `changes` made, and the
/// text around it must be unchanged.
fn verify(
    old_text: &str,
    new_text: &str,
    split: &Split,
    mut expected: Value,
    changes: &[Change],
) -> Result<(), Refusal> {
    let too_unusual = || {
        Refusal {
        message: "the front matter is too unusual to edit safely: the edit would not read back as intended. Edit the file by hand".into(),
        at: Some(split.open.start),
    }
    };
    for change in changes {
        let map = expected.as_mapping_mut().ok_or_else(too_unusual)?;
        let list = map
            .entry(Value::String("remediation".into()))
            .or_insert(Value::Null);
        if list.is_null() {
            *list = Value::Sequence(Vec::new());
        }
        let seq = list.as_sequence_mut().ok_or_else(too_unusual)?;
        match change {
            Change::Set { item, key, value } => {
                let m = seq
                    .get_mut(*item)
                    .and_then(Value::as_mapping_mut)
                    .ok_or_else(too_unusual)?;
                m.insert(Value::String((*key).into()), Value::String(value.clone()));
            }
            Change::Remove { item, key } => {
                let m = seq
                    .get_mut(*item)
                    .and_then(Value::as_mapping_mut)
                    .ok_or_else(too_unusual)?;
                m.remove(*key);
            }
            Change::Add { fields } => {
                let mut m = Mapping::new();
                for (k, v) in fields {
                    m.insert(Value::String((*k).into()), Value::String(v.clone()));
                }
                seq.push(Value::Mapping(m));
            }
        }
    }
    let new_split = crate::parse::split(new_text).map_err(|_| too_unusual())?;
    let head_ok = new_text[..new_split.yaml.start] == old_text[..split.yaml.start];
    let body_ok = new_text[new_split.yaml.end..] == old_text[split.yaml.end..];
    let got: Value =
        serde_yaml::from_str(&new_text[new_split.yaml.clone()]).map_err(|_| too_unusual())?;
    if head_ok && body_ok && got == expected {
        Ok(())
    } else {
        Err(too_unusual())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, changes: &[Change]) -> Result<String, Refusal> {
        let split = crate::parse::split(text).expect("front matter");
        apply(text, &split, changes)
    }

    fn set(item: usize, key: &'static str, value: &str) -> Change {
        Change::Set {
            item,
            key,
            value: value.into(),
        }
    }

    #[test]
    fn scalars_read_back() {
        assert_eq!(scalar("Ben Okafor", false, None), "Ben Okafor");
        assert_eq!(scalar("2026-04-14", false, None), "2026-04-14");
        assert_eq!(scalar("1412", false, None), "\"1412\"");
        assert_eq!(scalar("true", false, None), "\"true\"");
        assert_eq!(scalar("a: b", false, None), "\"a: b\"");
        assert_eq!(scalar("#ops", false, None), "\"#ops\"");
        assert_eq!(scalar("a, b", true, None), "\"a, b\"");
        assert_eq!(scalar("it's", false, Some('\'')), "'it''s'");
    }

    #[test]
    fn sets_adds_and_removes_in_block_and_flow_items() {
        let text = "---\ntitle: x\nremediation:\n  - title: A\n    owner: Ben\n  - {title: B, owner: Ana, done_on: 2026-01-01}\n---\nbody\n";
        let out = run(
            text,
            &[
                set(0, "status", "done"),
                set(1, "owner", "Chris"),
                Change::Remove {
                    item: 1,
                    key: "done_on",
                },
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "---\ntitle: x\nremediation:\n  - title: A\n    owner: Ben\n    status: done\n  - {title: B, owner: Chris}\n---\nbody\n"
        );
    }

    #[test]
    fn flow_lists_and_multi_line_values_are_refused() {
        let text = "---\nremediation: [{title: A, owner: B}]\n---\n";
        assert!(run(text, &[set(0, "owner", "C")]).is_err());
        let text = "---\nremediation:\n  - title: >\n      folded\n    owner: B\n---\n";
        assert!(run(text, &[set(0, "title", "C")]).is_err());
        // The other field of that item is fine.
        assert!(run(text, &[set(0, "owner", "C")]).is_ok());
    }
}
