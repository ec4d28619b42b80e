//! Private-key blocks: `-----BEGIN ... PRIVATE KEY-----`, the base64 lines of the key, and
//! `-----END ... PRIVATE KEY-----`.
//!
//! A block pasted whole is hidden from BEGIN to END (or, in a channel's later message, up
//! to END). A block cut short (no END) is hidden
//! up to the first line that is not part of a key (not base64, not a PEM header such as
//! `Proc-Type:`), so the conversation after a botched paste stays. A key inside a JSON
//! string (`"private_key": "-----BEGIN PRIVATE KEY-----\nMIIE..."`) has `\n` escapes for
//! line ends; they end lines here too.

use std::sync::LazyLock;

use regex::Regex;

fn compile(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(re) => re,
        // The patterns are constants: a test compiles them, so input cannot reach this.
        Err(err) => panic!("a private-key pattern does not compile: {err}"),
    }
}

pub(super) static BEGIN: LazyLock<Regex> =
    LazyLock::new(|| compile(r"-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"));

static END: LazyLock<Regex> =
    LazyLock::new(|| compile(r"-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----"));

/// How a block's body ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Body {
    /// The byte offset where the hidden part ends.
    pub end: usize,
    /// The text ran out inside the key: the next message may go on with it.
    pub open: bool,
}

/// The body of a block whose BEGIN line (or a previous message's part of the key) ends
/// at `from`: through the END line, or up to the first token that is not part of a key.
pub(super) fn body(text: &str, from: usize) -> Body {
    // With its END in the same text, the block is hidden whole, whatever its lines hold.
    if let Some(m) = END.find_at(text, from) {
        return Body {
            end: m.end(),
            open: false,
        };
    }
    let mut pos = from;
    let mut end = from;
    loop {
        pos = skip_separators(text, pos);
        if pos >= text.len() {
            return Body { end, open: true };
        }
        let rest = &text[pos..];
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '\\' | '"' | '\'' | ','))
            .unwrap_or(rest.len());
        let token = &rest[..len];
        if is_header(token) {
            // A PEM header (`Proc-Type: 4,ENCRYPTED`) takes the rest of its line.
            let line = rest
                .find('\n')
                .into_iter()
                .chain(rest.find("\\n"))
                .min()
                .unwrap_or(rest.len());
            pos += line;
            end = pos;
            continue;
        }
        if len == 0 || !is_key_text(token) {
            // A quote or comma right after the key (a JSON string's end) is not hidden.
            return Body { end, open: false };
        }
        pos += len;
        end = pos;
    }
}

/// Past spaces, line ends and `\n`/`\r` escapes.
fn skip_separators(text: &str, mut pos: usize) -> usize {
    loop {
        let rest = &text[pos..];
        if let Some(c) = rest.chars().next()
            && c.is_whitespace()
        {
            pos += c.len_utf8();
        } else if rest.starts_with("\\n") || rest.starts_with("\\r") {
            pos += 2;
        } else {
            return pos;
        }
    }
}

fn is_header(token: &str) -> bool {
    matches!(
        token,
        "Proc-Type:" | "DEK-Info:" | "Comment:" | "Version:" | "Hash:"
    )
}

/// A piece of base64 that reads as part of a key, not as a word: long, or with a digit or
/// `+/=` in it, or with upper and lower case mixed inside it (`AwEHoUQDQgAE`). `done`,
/// `Thanks` and `LGTM` are words.
fn is_key_text(token: &str) -> bool {
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return false;
    }
    if token.len() >= 40
        || token
            .bytes()
            .any(|b| b.is_ascii_digit() || matches!(b, b'+' | b'/' | b'='))
    {
        return true;
    }
    let upper = token.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = token.bytes().filter(u8::is_ascii_lowercase).count();
    upper >= 2 && lower >= 1
}
