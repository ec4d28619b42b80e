//! Whether a value found after a key word is a secret worth hiding, or a placeholder, a
//! word of prose, a number, a path.

use super::rules::Check;

/// Values that stand for a secret without being one.
const PLACEHOLDERS: &[&str] = &[
    "null",
    "none",
    "nil",
    "true",
    "false",
    "empty",
    "redacted",
    "hidden",
    "secret",
    "password",
    "passwd",
    "token",
    "xxx",
    "xxxx",
    "changeme_placeholder",
    "undefined",
    "required",
    "optional",
    "unset",
    "default",
];

/// Words before `key`/`token` that name a hash or an identifier, not a credential: the hex
/// after `cache key` is a digest.
const HASH_WORDS: &[&str] = &[
    "cache",
    "idempotency",
    "partition",
    "routing",
    "sort",
    "dedup",
    "dedupe",
    "primary",
    "foreign",
    "lookup",
    "object",
    "row",
    "hash",
    "commit",
    "etag",
    "page",
    "next",
    "continuation",
    "sync",
    "cursor",
    "request",
    "trace",
    "route",
    "shard",
];

/// Words before `token` in a pair's key that make it a position in a listing, not a
/// credential (`next_page_token`, `sync_token`).
const CURSOR_WORDS: &[&str] = &["page", "next", "continuation", "sync", "cursor", "resume"];

/// The value (quotes removed) and whether it was quoted.
pub(super) fn unquote(value: &str) -> (&str, usize, bool) {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return (inner, 1, true);
        }
    }
    (value, 0, false)
}

/// What surrounds a value: a pair's separator (`=`, `:`) and key, whether the value was
/// quoted, the word before a hex key.
pub(super) struct Around<'a> {
    pub separator: &'a str,
    pub quoted: bool,
    pub word: &'a str,
    pub key: String,
}

/// Whether `value`, found by a rule with `check`, is hidden.
pub(super) fn accept(check: Check, value: &str, around: &Around<'_>) -> bool {
    match check {
        Check::Shape => true,
        Check::Assigned => assigned(value),
        Check::Credential => credential(value),
        Check::Strong => strong(value),
        Check::Pair => pair(value, around),
        Check::HexKey => {
            let word = around
                .word
                .trim_end_matches([' ', '_', '-'])
                .to_ascii_lowercase();
            !HASH_WORDS.contains(&word.as_str())
        }
    }
}

/// A pair's value. Not after a key that names a cursor (`next_page_token`). Quoted, or
/// after `=` with a password's key (`DB_PASSWORD=`), anything but a placeholder; after a
/// colon (which prose uses too), or after `=` with a token's or a key's name
/// (`token=expired_by_idp`), it must look like a credential.
fn pair(value: &str, around: &Around<'_>) -> bool {
    let parts: Vec<&str> = around.key.split(['_', '.', '-']).collect();
    if parts.len() >= 2 && CURSOR_WORDS.contains(&parts[parts.len() - 2]) {
        return false;
    }
    let last = parts.last().copied().unwrap_or("");
    let password = ["pass", "pwd", "pw"].iter().any(|w| last.ends_with(w))
        || ["password", "passwd", "passphrase"]
            .iter()
            .any(|w| last.ends_with(w));
    if around.quoted || (around.separator != ":" && password) {
        assigned(value)
    } else {
        credential(value)
    }
}

/// Anything but a placeholder: `${DB_PASSWORD}`, `<token>`, `***`, `null`, a marker.
fn assigned(value: &str) -> bool {
    if value.chars().count() < 3 {
        return false;
    }
    // A value holding an earlier marker (`"Bearer [redacted: bearer-token]"`) was redacted
    // already: redacting twice changes nothing. A value cut at white space holds only the
    // marker's start (`abc[redacted:`).
    if value.starts_with(['$', '%', '<', '{', '[', '*', '(']) || value.contains("[redacted:") {
        return false;
    }
    if value
        .chars()
        .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.' || c == '•')
    {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    !PLACEHOLDERS.contains(&lower.as_str())
}

/// A value that could be a word must look like a credential: no spaces, a letter and a
/// digit or a symbol in it (or 16 characters or more), not a number with a unit, a version,
/// a date, a path or a URL, and not a run of one or two characters repeated.
pub(super) fn credential(value: &str) -> bool {
    if !assigned(value) || value.chars().count() < 6 || value.contains(char::is_whitespace) {
        return false;
    }
    if value.starts_with(['/', '~', '.', '@', '#'])
        || value.starts_with("--")
        || value.contains("://")
    {
        return false;
    }
    let letter = value.chars().any(|c| c.is_ascii_alphabetic());
    let digit = value.chars().any(|c| c.is_ascii_digit());
    let symbol = value
        .chars()
        .any(|c| !c.is_alphanumeric() && !matches!(c, '-' | '\'' | '.' | ',' | ':' | ')'));
    if !letter || !(digit || symbol || value.chars().count() >= 16) {
        return false;
    }
    if measure_like(value) || snake_words(value) {
        return false;
    }
    entropy(value) >= 2.0
}

/// See [`Check::Strong`].
fn strong(value: &str) -> bool {
    credential(value)
        && value.len() >= 10
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!@#$%^&*+=_-".contains(&b))
        && value.bytes().any(|b| b.is_ascii_uppercase())
        && value.bytes().any(|b| b.is_ascii_lowercase())
        && value.bytes().any(|b| b.is_ascii_digit())
}

/// `expired_by_idp`, `not_set`: lower-case words joined by `_`, an identifier.
fn snake_words(value: &str) -> bool {
    value.contains('_')
        && value
            .split('_')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
}

/// `3600s`, `15m`, `v1.2.3`, `10GB`, `2026-03-14T09:12`: a quantity or a version.
fn measure_like(value: &str) -> bool {
    let v = value.strip_prefix(['v', 'V']).unwrap_or(value);
    let digits_end = v
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ':' | '-' | '+' | 'T' | 'Z')))
        .unwrap_or(v.len());
    if digits_end == 0 {
        return false;
    }
    let unit = &v[digits_end..];
    unit.len() <= 3 && unit.chars().all(|c| c.is_ascii_alphabetic() || c == '%')
}

/// Shannon entropy in bits per character.
pub(super) fn entropy(value: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut total = 0u32;
    for b in value.bytes() {
        counts[usize::from(b)] += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let n = f64::from(total);
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}
