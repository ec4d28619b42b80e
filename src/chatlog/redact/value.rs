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
];

/// Words before `token` in a pair's key that make it a position in a listing, not a
/// credential (`next_page_token`, `sync_token`).
const CURSOR_WORDS: &[&str] = &["page", "next", "continuation", "sync", "cursor", "resume"];

pub(super) fn names_a_cursor(word: &str) -> bool {
    CURSOR_WORDS.contains(&word)
}

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

/// Whether `value`, found by a rule with `check`, is hidden. `separator` is a pair's `=` or
/// `:`; `word` the word before a hex key.
pub(super) fn accept(check: Check, value: &str, separator: &str, quoted: bool, word: &str) -> bool {
    match check {
        Check::Shape => true,
        Check::Assigned => assigned(value),
        Check::Credential => credential(value),
        Check::Pair => {
            if separator == ":" && !quoted {
                credential(value)
            } else {
                assigned(value)
            }
        }
        Check::HexKey => {
            let word = word.trim_end_matches([' ', '_', '-']).to_ascii_lowercase();
            !HASH_WORDS.contains(&word.as_str())
        }
    }
}

/// Anything but a placeholder: `${DB_PASSWORD}`, `<token>`, `***`, `null`, a marker.
fn assigned(value: &str) -> bool {
    if value.chars().count() < 3 {
        return false;
    }
    if value.starts_with(['$', '%', '<', '{', '[', '*', '(']) {
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
    if measure_like(value) {
        return false;
    }
    entropy(value) >= 2.0
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
