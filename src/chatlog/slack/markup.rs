//! Slack's message markup decoded for a reader: user, channel and special mentions,
//! links with labels, and the three HTML entities Slack escapes.

use super::Names;

/// Slack markup as a reader sees it: `<@U123>` → `@name`, `<#C1|ops>` → `#ops`,
/// `<https://x|label>` → `label (https://x)`, `<!here>` → `@here`, `&amp;` `&lt;` `&gt;`
/// → `&` `<` `>`.
pub fn decode_markup(text: &str, names: &Names) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        decode_entities_into(&rest[..open], &mut out);
        let after = &rest[open + 1..];
        match after.find(['>', '<']) {
            Some(close) if after.as_bytes().get(close) == Some(&b'>') => {
                decode_link(&after[..close], names, &mut out);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    decode_entities_into(rest, &mut out);
    out
}

/// One `<...>` of Slack markup (without the brackets).
fn decode_link(inner: &str, names: &Names, out: &mut String) {
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(l).filter(|l| !l.is_empty())),
        None => (inner, None),
    };
    if let Some(id) = target.strip_prefix('@') {
        out.push('@');
        match (names.users.get(id), label) {
            (Some(name), _) => out.push_str(name),
            (None, Some(label)) => decode_entities_into(label.trim_start_matches('@'), out),
            (None, None) => out.push_str(names.user(id)),
        }
    } else if let Some(id) = target.strip_prefix('#') {
        out.push('#');
        match (label, names.channels.get(id)) {
            (Some(label), _) => decode_entities_into(label, out),
            (None, Some(name)) => out.push_str(name),
            (None, None) => out.push_str(id),
        }
    } else if let Some(special) = target.strip_prefix('!') {
        match label {
            Some(label) => decode_entities_into(label, out),
            None => {
                let word = special.split('^').next().unwrap_or(special);
                out.push('@');
                out.push_str(word);
            }
        }
    } else {
        let url = decode_entities(target);
        match label.map(decode_entities) {
            Some(label)
                if label != url && Some(label.as_str()) != url.split_once(':').map(|x| x.1) =>
            {
                out.push_str(&label);
                out.push_str(" (");
                out.push_str(&url);
                out.push(')');
            }
            Some(label) if url.starts_with("mailto:") => out.push_str(&label),
            _ => out.push_str(&url),
        }
    }
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    decode_entities_into(text, &mut out);
    out
}

/// `&amp;` `&lt;` `&gt;` decoded in one pass (so `&amp;lt;` stays `&lt;`).
fn decode_entities_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let (ch, len) = if tail.starts_with("&amp;") {
            ('&', 5)
        } else if tail.starts_with("&lt;") {
            ('<', 4)
        } else if tail.starts_with("&gt;") {
            ('>', 4)
        } else {
            ('&', 1)
        };
        out.push(ch);
        rest = &tail[len..];
    }
    out.push_str(rest);
}
