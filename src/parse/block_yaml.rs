//! A fast reader for the plain block-style YAML that front matter is almost always written
//! in (what `pm new` writes): `key: value` lines, one-line `[a, b]` lists, and `- ` lists of
//! flat mappings. Anything outside that subset, or any scalar whose type YAML could read
//! as other than a string (numbers, booleans, null), returns `None` and the caller falls
//! back to serde_yaml. When it returns `Some`, the value equals what serde_yaml produces
//! (checked by a property test and the `front_matter` fuzz target). It exists because
//! serde_yaml's general parser dominates `pm list` time over thousands of documents.

use serde_yaml::{Mapping, Value};

struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// A value of the subset, borrowing its text from the YAML: strings are plain or simply
/// quoted (no escapes), so each is a slice of the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    Null,
    Str(&'a str),
    Seq(Vec<Node<'a>>),
    /// Keys in the order written, each once.
    Map(Vec<(&'a str, Node<'a>)>),
}

impl Node<'_> {
    /// The value serde_yaml reads from the same text.
    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Str(s) => Value::String((*s).to_string()),
            Node::Seq(items) => Value::Sequence(items.iter().map(Node::to_value).collect()),
            Node::Map(entries) => {
                let mut map = Mapping::with_capacity(entries.len());
                for (k, v) in entries {
                    map.insert(Value::String((*k).to_string()), v.to_value());
                }
                Value::Mapping(map)
            }
        }
    }
}

/// Reads `yaml` if it is in the simple subset; `None` means "ask serde_yaml".
pub fn parse(yaml: &str) -> Option<Value> {
    parse_tree(yaml).map(|tree| tree.to_value())
}

/// Like `parse`, without building serde_yaml's values: the top-level mapping as borrowed
/// nodes, for the typed reader's fast path (`frontmatter::read_plain`).
pub fn parse_tree(yaml: &str) -> Option<Node<'_>> {
    if has_odd_characters(yaml) {
        return None; // tabs, control characters, other line breaks: serde_yaml decides
    }
    let mut lines = Vec::with_capacity(32);
    // Lines found with memchr's SIMD search rather than `str::split`'s char searcher.
    let mut from = 0;
    let ends = memchr::memchr_iter(b'\n', yaml.as_bytes()).chain(std::iter::once(yaml.len()));
    for end in ends {
        let raw = &yaml[from..end];
        from = end + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let text = raw.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if raw.starts_with("---") || raw.starts_with("...") {
            return None;
        }
        lines.push(Line {
            indent: raw.len() - text.len(),
            text: text.trim_end_matches(' '),
        });
    }
    if lines.is_empty() {
        return None;
    }
    let mut map = Vec::with_capacity(lines.len().min(32));
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.indent != 0 {
            return None;
        }
        let (key, rest) = split_key(line.text)?;
        i += 1;
        let value = if rest.is_empty() {
            // A block below: `- ` items at indent 0 or deeper, or nothing (null).
            let items_indent = match lines.get(i) {
                Some(next) if next.text == "-" || next.text.starts_with("- ") => next.indent,
                Some(next) if next.indent > 0 => return None, // nested mapping: not in the subset
                _ => {
                    insert(&mut map, key, Node::Null)?;
                    continue;
                }
            };
            let mut seq = Vec::new();
            while let Some(item) = lines.get(i) {
                if item.indent != items_indent {
                    if item.indent == 0 {
                        break;
                    }
                    return None;
                }
                let body = item.text.strip_prefix("- ")?.trim_start_matches(' ');
                i += 1;
                match split_key(body) {
                    Some((k, v)) => {
                        let mut m = Vec::with_capacity(8);
                        insert(&mut m, k, inline(v)?)?;
                        let key_indent = items_indent + (item.text.len() - body.len());
                        while let Some(next) = lines.get(i) {
                            if next.indent <= items_indent {
                                break;
                            }
                            if next.indent != key_indent {
                                return None;
                            }
                            let (k, v) = split_key(next.text)?;
                            insert(&mut m, k, inline(v)?)?;
                            i += 1;
                        }
                        seq.push(Node::Map(m));
                    }
                    None => {
                        if lines.get(i).is_some_and(|n| n.indent > items_indent) {
                            return None;
                        }
                        seq.push(inline(body)?);
                    }
                }
            }
            Node::Seq(seq)
        } else {
            if lines.get(i).is_some_and(|n| n.indent > 0) {
                return None; // a multi-line scalar or a nested block
            }
            inline(rest)?
        };
        insert(&mut map, key, value)?;
    }
    Some(Node::Map(map))
}

/// Whether `yaml` holds a control character other than line endings (`\n`, and `\r`
/// before `\n` or at the end), a byte-order mark or non-character, or U+2028 / U+2029,
/// which libyaml reads as line breaks (NEL is a control character). The usual all-ASCII
/// front matter is checked a byte at a time in blocks the compiler vectorizes.
fn has_odd_characters(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    if super::has_control_bytes(bytes) {
        return true;
    }
    // The text is UTF-8, so the rest are byte sequences: C1 controls (U+0080..U+009F) are
    // C2 80..C2 9F; U+2028 and U+2029 are E2 80 A8/A9; U+FEFF, U+FFFE and U+FFFF are
    // EF BB BF, EF BF BE and EF BF BF.
    memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes).any(|at| {
        let next = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
        match bytes[at] {
            0xC2 => (0x80..=0x9F).contains(&next(1)),
            0xE2 => next(1) == 0x80 && matches!(next(2), 0xA8 | 0xA9),
            _ => matches!(
                (next(1), next(2)),
                (0xBB, 0xBF) | (0xBF, 0xBE) | (0xBF, 0xBF)
            ),
        }
    })
}

/// Adds `key` to a mapping of the subset. A duplicate key is an error in serde_yaml: let
/// it report it. Keys are compared one by one, so a mapping past 64 keys (never a real
/// front matter) goes to serde_yaml too rather than cost quadratic time.
fn insert<'a>(map: &mut Vec<(&'a str, Node<'a>)>, key: &'a str, value: Node<'a>) -> Option<()> {
    if map.len() >= 64 || map.iter().any(|(k, _)| *k == key) {
        return None;
    }
    map.push((key, value));
    Some(())
}

/// `key: rest` / `key:` with a plain identifier key; `rest` is what follows the space.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let colon = memchr::memchr(b':', text.as_bytes())?;
    let key = &text[..colon];
    let mut bytes = key.bytes();
    let first = bytes.next()?;
    if !(first.is_ascii_alphabetic() || first == b'_')
        || !bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    if is_special_word(key) {
        return None;
    }
    let rest = &text[colon + 1..];
    if rest.is_empty() {
        return Some((key, ""));
    }
    let value = rest.strip_prefix(' ')?.trim_start_matches(' ');
    if value.starts_with('#') {
        return Some((key, ""));
    }
    Some((key, value))
}

fn is_special_word(s: &str) -> bool {
    matches!(
        s,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    )
}

/// A value on the key's line: a plain or simply quoted scalar, or a one-line flow list.
fn inline(text: &str) -> Option<Node<'_>> {
    if text.is_empty() {
        return Some(Node::Null);
    }
    if let Some(inner) = text.strip_prefix('[') {
        let close = inner.find(']')?;
        if !only_comment(&inner[close + 1..]) {
            return None;
        }
        let inner = inner[..close].trim_matches(' ');
        if inner.is_empty() {
            return Some(Node::Seq(Vec::new()));
        }
        let mut items = Vec::new();
        for item in inner.split(',') {
            let item = item.trim_matches(' ');
            let value = if item.starts_with(['"', '\'']) {
                quoted(item)?
            } else {
                if item.contains(['[', ']', '{', '}', '#', ':']) {
                    return None;
                }
                plain(item)?
            };
            items.push(Node::Str(value));
        }
        return Some(Node::Seq(items));
    }
    if text.starts_with(['"', '\'']) {
        let quote = text.as_bytes()[0] as char;
        let end = text[1..].find(quote)? + 1;
        if !only_comment(&text[end + 1..]) {
            return None;
        }
        return Some(Node::Str(quoted(&text[..=end])?));
    }
    let value = match comment_start(text) {
        Some(at) => text[..at].trim_end_matches(' '),
        None => text,
    };
    Some(Node::Str(plain(value)?))
}

/// Nothing, or a comment after at least one space.
fn only_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// A quoted scalar without escapes or inner quotes.
fn quoted(item: &str) -> Option<&str> {
    let quote = item.chars().next()?;
    let inner = item.strip_prefix(quote)?.strip_suffix(quote)?;
    if inner.contains(quote) || inner.contains('\\') {
        return None;
    }
    Some(inner)
}

/// A plain scalar that YAML certainly reads as a string.
fn plain(s: &str) -> Option<&str> {
    let first = s.chars().next()?;
    let string_start = first.is_alphabetic() || is_date_prefixed(s);
    if !string_start || is_special_word(s) || has_indicator(s) {
        return None;
    }
    Some(s)
}

/// Where ` #` (a comment after a value) starts: the space's offset. A byte loop: these
/// strings are short, and `str::find` with a string pattern sets up a searcher each time.
fn comment_start(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b'#', b)
        .find(|&i| i > 0 && b[i - 1] == b' ')
        .map(|i| i - 1)
}

/// Whether a plain scalar holds `: ` or ` #`, or ends with `:`, which YAML would read as a
/// key or a comment.
fn has_indicator(s: &str) -> bool {
    let b = s.as_bytes();
    b.ends_with(b":") || b.windows(2).any(|w| w == b": " || w == b" #")
}

/// `YYYY-MM-DD`, alone or followed by `T` or a space: never a number in YAML.
fn is_date_prefixed(s: &str) -> bool {
    let b = s.as_bytes();
    crate::time::looks_like_date(s) && (b.len() == 10 || b[10] == b'T' || b[10] == b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path reads `yaml`, and reads it as serde_yaml does.
    fn read_as_serde_reads(yaml: &str) {
        let Some(fast) = parse(yaml) else {
            panic!("the fast path declined:\n{yaml}");
        };
        let slow: Option<Value> = serde_yaml::from_str(yaml).ok();
        assert_eq!(Some(fast), slow, "fast path disagrees on:\n{yaml}");
    }

    #[test]
    fn reads_what_pm_writes() {
        let yaml = "title: Checkout API returned 503s # note\nstatus: draft\nstarted_at: 2026-03-14T09:12:00Z\nservices: [checkout-api, \"#ops\"]\ntags: []\nfacilitator:\nremediation:\n  - title: Alert\n    owner: Ana Lima\n    due: 2026-04-14\n  - title: 'Runbook'\n    owner: Ben\nlinks:\n- title: g\n  url: https://example.com/x?a=b#frag\n";
        let v = parse(yaml).expect("in the subset");
        assert_eq!(Some(v), serde_yaml::from_str(yaml).ok());
    }

    #[test]
    fn leaves_everything_else_to_serde_yaml() {
        for yaml in [
            "title: 42\n",
            "title: true\n",
            "title: null\n",
            "title: ~\n",
            "ticket: 0x1F\n",
            "title: |\n  block\n",
            "title: a\n  continued\n",
            "a: &x y\nb: *x\n",
            "title: \"esc\\\"aped\"\n",
            "remediation:\n  due_days: 3\n",
            "title: a\ntitle: b\n",
            "title: x: y\n",
            "\ttitle: x\n",
            "tags: [a, [b]]\n",
            "tags: [a,]\n",
            "- a\n",
            "title: 5xx errors\n",
            "title: 'it''s'\n",
        ] {
            assert!(parse(yaml).is_none(), "should fall back: {yaml:?}");
        }
    }

    #[test]
    fn regression_a_unicode_line_separator_was_read_as_part_of_the_value() {
        // Found by the `front_matter` fuzz target: libyaml ends a line at U+2028 and U+2029,
        // so serde_yaml read `A` (or failed) where the fast path read `A\u{2028}`.
        for yaml in [
            "t: A\u{2028}\n",
            "t: A\u{2029}\n",
            "title: a\u{2028}b\nstatus: draft\n",
        ] {
            assert!(parse(yaml).is_none(), "should fall back: {yaml:?}");
        }
    }

    #[test]
    fn odd_characters_are_found_by_bytes_as_by_characters() {
        let by_chars = |s: &str| {
            s.chars().any(|c| {
                (c.is_control() && c != '\n' && c != '\r')
                    || matches!(
                        c,
                        '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
                    )
            })
        };
        for c in (0u32..0x3000).chain([0xfeff, 0xfffd, 0xfffe, 0xffff, 0x1f600]) {
            let Some(c) = char::from_u32(c) else { continue };
            if c == '\r' {
                continue;
            }
            let s = format!("title: a{c}b\n");
            assert_eq!(has_odd_characters(&s), by_chars(&s), "U+{:04X}", c as u32);
        }
        assert!(has_odd_characters("a\rb\n"));
        assert!(!has_odd_characters("a\r\nb\r"));
    }

    #[test]
    fn agrees_with_serde_on_odd_but_accepted_input() {
        for yaml in [
            "title: café crème\n",
            "title: a # b # c\n",
            "title: a#b\n",
            "started_at: 2026-03-14 09:12\n",
            "tags: [ a , b ]\n",
            "k:\n- a\n- b\n",
            "k:\n  - a\n  - k: v\n",
            "k: [x] # c\n",
            "k: \"a\" # c\n",
            "k: yes\n",
            "k: inf\n",
            "k: Off\n",
        ] {
            read_as_serde_reads(yaml);
        }
    }
}
