//! A YAML syntax error as a diagnostic at the place the user has to look, which is not
//! always where the parser gave up: an unclosed quote is reported at the end of the front
//! matter, a duplicate key at the start of its mapping.

use std::ops::Range;

use crate::diagnostic::Diagnostic;

/// A YAML syntax error in `yaml` (which starts at byte `base` of the file) as a diagnostic.
pub fn yaml_error(e: &serde_yaml::Error, yaml: &str, base: usize) -> Diagnostic {
    let full = e.to_string();
    // libyaml errors read "PROBLEM at line L column C, while CONTEXT at line L column C".
    let (problem, context) = match full.rsplit_once(", while ") {
        Some((p, c)) if c.starts_with("scanning ") || c.starts_with("parsing ") => (p, Some(c)),
        _ => (full.as_str(), None),
    };
    let problem = strip_position(problem);
    let context_at = context
        .and_then(position_in)
        .and_then(|(line, col)| offset_of(yaml, line, col));
    let context = context.map(strip_position);
    let at = e
        .location()
        .map(|l| floor_char(yaml, l.index().min(yaml.len())));
    let line_has_tab = e.location().is_some_and(|l| {
        yaml.lines()
            .nth(l.line().saturating_sub(1))
            .is_some_and(|line| line.trim_end().contains('\t'))
    });

    if let Some(number) = out_of_range(problem) {
        // Valid YAML: a whole number wider than 64 bits, which serde_yaml cannot hold.
        let span = at.map(|a| base + a..base + (a + number.len()).min(yaml.len()));
        return Diagnostic::error(
            "yaml-syntax",
            format!(
                "number out of range: `{number}` is valid YAML, but pm reads whole numbers from -9223372036854775808 to 18446744073709551615 only"
            ),
        )
        .at_opt(span)
        .label("out of range")
        .hint(format!(
            "if it is an id or other text, quote it: `\"{number}\"`; if it is a number, write a smaller one"
        ));
    }
    let mut message = problem.to_string();
    let mut span = at.map(|a| one_char(yaml, a));
    let mut label = None;
    let hint: &str;
    let hint_owned: String;
    if problem.contains("end of stream")
        && context.is_some_and(|c| c.contains("quoted scalar"))
        && context_at.is_some()
    {
        message = "a quoted value is never closed".into();
        span = context_at.map(|a| one_char(yaml, a));
        label = Some("this quote has no closing partner".to_string());
        hint = "a quoted value runs on, across lines, until its closing quote: add the closing quote at the end of the value";
    } else if let (Some(c), Some(open)) = (context, context_at)
        && problem.starts_with("did not find expected ',' or")
        && (c.contains("flow sequence") || c.contains("flow mapping"))
    {
        let (what, close) = if c.contains("sequence") {
            ("list", ']')
        } else {
            ("mapping", '}')
        };
        message = format!("a `{}` {what} is never closed with `{close}`", flip(close));
        span = Some(one_char(yaml, open));
        label = Some(format!("this `{}` is not closed", flip(close)));
        hint = "close it on the same line, or write one `- item` per line below the key";
    } else if let (Some(c), Some(from)) = (context, context_at)
        && problem.contains("could not find expected ':'")
        && c.contains("simple key")
    {
        // libyaml notices the missing `:` only on the next line; the culprit is this one.
        let end = yaml[from..]
            .find(['\r', '\n'])
            .map_or(yaml.len(), |i| from + i);
        message = "a line in the front matter is not a `field: value` pair".into();
        span = Some(from..end.max(from + 1).min(yaml.len()).max(from));
        label = Some("no `:` on this line".into());
        hint = "write it as `field: value`, or delete it; a value that goes on from the line above must be indented under it";
    } else if let Some(hash) = unquoted_hash(yaml) {
        message = "a value starts with `#`, which YAML reads as a comment".into();
        span = Some(one_char(yaml, hash));
        label = Some("starts a comment".into());
        hint = "quote the value: `channels: [\"#ops\"]` or `- \"#ops\"`";
    } else if line_has_tab || problem.contains("tab") {
        hint = "YAML does not allow tabs for indentation: indent with spaces";
    } else if problem.contains("repetition limit") || problem.contains("recursion limit") {
        if let Some(alias) = first_alias(yaml) {
            span = Some(alias);
            label = Some("expanded too often".into());
        }
        hint = "the front matter expands YAML aliases (`*name`) or nests values too deeply; write the values out instead";
    } else if let Some(key) = duplicate_key(problem) {
        message = format!("the field `{key}` appears twice");
        if let Some(second) = at.and_then(|a| second_key(yaml, a, key)) {
            span = Some(second);
            label = Some("again here".into());
        }
        hint = "keep one of them";
    } else if problem.contains("unknown anchor") {
        hint = "an alias `*name` must refer to an anchor `&name` defined above it; write the value out instead";
    } else if let Some(quoted) = problem
        .contains("mapping values are not allowed")
        .then(|| at.and_then(|a| quote_value(yaml, a)))
        .flatten()
    {
        message = "a value contains `: `, which YAML reads as the start of a new field".into();
        label = Some("`: ` inside a value".into());
        hint_owned = format!("quote the value: `{quoted}`");
        hint = &hint_owned;
    } else if problem.contains("did not find expected key")
        || problem.contains("mapping values are not allowed")
    {
        hint = "check the indentation, and quote values that contain `: ` or start with `#`, `*`, `&`, `[`, `{` or `@`";
    } else {
        hint = "fix the YAML at this place; quote values that contain `: ` or start with a special character";
    }
    if label.is_none() {
        // Where the parser was when it met the problem, when that is elsewhere.
        if let (Some(c), Some(from), Some(a)) = (context, context_at, at) {
            let line = |o: usize| yaml[..o].matches('\n').count() + 1;
            if line(from) != line(a) {
                // The YAML starts on the file's second line, after `---`.
                label = Some(format!("{c} from line {}", line(from) + 1));
            }
        }
    }
    let d = Diagnostic::error(
        "yaml-syntax",
        format!("invalid YAML in the front matter: {message}"),
    )
    .at_opt(span.map(|r| base + r.start..base + r.end))
    .hint(hint);
    match label {
        Some(l) => d.label(l),
        None => d,
    }
}

/// The number in serde_yaml's "invalid type: integer `N` as u128" (or i128): an integer
/// too wide for 64 bits.
fn out_of_range(problem: &str) -> Option<&str> {
    let rest =
        &problem[problem.find("invalid type: integer `")? + "invalid type: integer `".len()..];
    let (number, after) = rest.split_once('`')?;
    (after.starts_with(" as u128") || after.starts_with(" as i128")).then_some(number)
}

/// The offset of a `#` that begins a flow item (`[#ops]`, `[a, #b]`): a comment to YAML,
/// though the writer meant a channel name.
fn unquoted_hash(yaml: &str) -> Option<usize> {
    for pattern in ["[#", ", #", ",#"] {
        if let Some(at) = yaml.find(pattern) {
            return Some(at + pattern.len() - 1);
        }
    }
    None
}

fn flip(close: char) -> char {
    if close == ']' { '[' } else { '{' }
}

/// `key: "value"` for the line of `at`, when `at` is a `: ` inside the value of a
/// `key: value` line (`title: Search: results went stale`).
fn quote_value(yaml: &str, at: usize) -> Option<String> {
    let start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = yaml[at..].find(['\r', '\n']).map_or(yaml.len(), |i| at + i);
    let line = &yaml[start..end];
    let indent = line.len() - line.trim_start_matches([' ', '-']).len();
    let (key, value) = line[indent..].split_once(": ")?;
    let value_start = start + indent + key.len() + 2;
    let value = value.trim();
    if at <= value_start
        || key.is_empty()
        || key.contains([' ', '"', '\''])
        || value.starts_with(['"', '\'', '[', '{', '|', '>'])
    {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("{key}: \"{escaped}\""))
}

/// `text` without a trailing " at line L column C".
fn strip_position(text: &str) -> &str {
    match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => text,
    }
}

/// The (line, column) of a trailing " at line L column C".
fn position_in(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.rfind(" at line ")? + " at line ".len()..];
    let (line, col) = rest.split_once(" column ")?;
    Some((line.trim().parse().ok()?, col.trim().parse().ok()?))
}

/// The byte offset of 1-based `line` and `col` (in characters, as libyaml counts).
fn offset_of(yaml: &str, line: usize, col: usize) -> Option<usize> {
    let mut start = 0;
    for (i, l) in yaml.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map(|(o, _)| start + o);
        }
        start += l.len();
    }
    None
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The character at `at` (empty at the end of the text).
fn one_char(yaml: &str, at: usize) -> Range<usize> {
    let len = yaml[at..].chars().next().map_or(0, char::len_utf8);
    at..at + len
}

/// The key of serde_yaml's "duplicate entry with key \"K\"".
fn duplicate_key(problem: &str) -> Option<&str> {
    // serde_yaml puts the path first for nested keys: `remediation[0]: duplicate entry...`.
    let at = problem.find("duplicate entry with key \"")?;
    problem[at..]
        .strip_prefix("duplicate entry with key \"")?
        .strip_suffix('"')
}

/// The second `key:` of the mapping that starts at `at` (where serde_yaml reports a
/// duplicate key): the one to remove.
fn second_key(yaml: &str, at: usize, key: &str) -> Option<Range<usize>> {
    let line_start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    let col = at - line_start;
    let mut seen = 0;
    let mut start = line_start;
    for line in yaml[line_start..].split_inclusive('\n') {
        let here = start;
        start += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let body = if here == line_start {
            text.get(col..).unwrap_or("")
        } else {
            let indent = text.len() - text.trim_start_matches(' ').len();
            let content = text.trim_start_matches(' ');
            if content.is_empty() || content.starts_with('#') || indent > col {
                continue;
            }
            if indent < col {
                break;
            }
            content
        };
        let unquoted = body
            .strip_prefix('"')
            .and_then(|b| b.strip_prefix(key)?.strip_prefix('"'))
            .or_else(|| {
                body.strip_prefix('\'')
                    .and_then(|b| b.strip_prefix(key)?.strip_prefix('\''))
            })
            .or_else(|| body.strip_prefix(key));
        if unquoted.is_some_and(|rest| rest.trim_start_matches(' ').starts_with(':')) {
            seen += 1;
            if seen == 2 {
                let key_start = here + (text.len() - body.len());
                return Some(key_start..key_start + (body.len() - unquoted?.len()));
            }
        }
    }
    None
}

/// The first alias (`*name`) in `yaml`.
fn first_alias(yaml: &str) -> Option<Range<usize>> {
    let bytes = yaml.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'*', &bytes[from..]).map(|i| from + i) {
        let before = if i == 0 { b' ' } else { bytes[i - 1] };
        let name_len = yaml[i + 1..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
            .unwrap_or(yaml.len() - i - 1);
        if matches!(before, b' ' | b'[' | b',' | b'\n' | b'{') && name_len > 0 {
            return Some(i..i + 1 + name_len);
        }
        from = i + 1;
    }
    None
}

/// Flow lists and mappings nested deeper than this are refused before parsing: libyaml's
/// scanner takes time quadratic in the depth, and no front matter needs more than two.
const MAX_FLOW_DEPTH: usize = 64;

/// A finding for front matter nesting `[`/`{` deeper than any real document, found in one
/// pass so that a hostile file cannot stall `pm check` in the YAML scanner.
pub fn too_deep(yaml: &str, base: usize) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &b) in yaml.as_bytes().iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(
                        Diagnostic::error(
                            "yaml-syntax",
                            format!(
                                "invalid YAML in the front matter: lists or mappings nested more than {MAX_FLOW_DEPTH} deep"
                            ),
                        )
                        .at(base + i..base + i + 1)
                        .label("too deep")
                        .hint("front-matter values are strings, lists of strings, and lists of flat mappings: write them out flat"),
                    );
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b'\n') => {}
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(yaml: &str) -> (String, String, Option<String>) {
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("invalid YAML");
        let d = yaml_error(&e, yaml, 0);
        let span = d.span.expect("a span");
        (d.message, yaml[span].to_string(), d.label)
    }

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let (message, at, _) = diag("title: \"Checkout down\nstatus: draft\n");
        assert_eq!(
            message,
            "invalid YAML in the front matter: a quoted value is never closed"
        );
        assert_eq!(at, "\"");
    }

    #[test]
    fn a_colon_in_a_value_says_how_to_quote_it() {
        let yaml = "title: Search: results went \"stale\"\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("invalid");
        let d = yaml_error(&e, yaml, 0);
        assert_eq!(
            d.hint.as_deref(),
            Some(r#"quote the value: `title: "Search: results went \"stale\""`"#)
        );
        // Not a value with a colon: bad indentation.
        let yaml = "title: x\n  status: draft\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("invalid");
        let d = yaml_error(&e, yaml, 0);
        assert!(
            !d.hint
                .as_deref()
                .unwrap_or("")
                .starts_with("quote the value")
        );
    }

    #[test]
    fn unclosed_list_points_at_the_bracket() {
        let yaml = "services: [checkout-api\ntags: [a]\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("invalid");
        let d = yaml_error(&e, yaml, 0);
        assert_eq!(d.span, Some(10..11));
        assert!(
            d.message.contains("a `[` list is never closed with `]`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn duplicate_key_points_at_the_second() {
        let yaml = "title: a\nstatus: draft\ntitle: b\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("invalid");
        let d = yaml_error(&e, yaml, 0);
        assert_eq!(d.span, Some(23..28));
        let nested = "remediation:\n  - title: a\n    title: b\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(nested).expect_err("invalid");
        let d = yaml_error(&e, nested, 0);
        let span = d.span.expect("span");
        assert_eq!(&nested[span.clone()], "title");
        assert_eq!(span.start, nested.rfind("title").expect("title"));
    }

    #[test]
    fn positions_after_multibyte_characters() {
        let (_, at, _) = diag("title: Ça a cassé: les 503s\n");
        assert_eq!(at, ":");
        let yaml = "title: 日本語\nservices: [é\ntags: [a]\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("invalid");
        let d = yaml_error(&e, yaml, 0);
        let span = d.span.expect("span");
        assert_eq!(&yaml[span.clone()], "[");
        assert_eq!(span.start, yaml.find('[').expect("["));
    }

    #[test]
    fn alias_bomb_points_at_an_alias() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            yaml.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(", ")
            ));
        }
        let (message, at, _) = diag(&yaml);
        assert!(message.contains("limit"), "{message}");
        assert_eq!(at, "*a");
    }
}
