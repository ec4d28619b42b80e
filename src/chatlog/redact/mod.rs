//! Secrets in chat text (tokens, keys, passwords) replaced by a visible marker before the
//! transcript is written into a document.
//!
//! A transcript lands in a git repository and is read in pull requests, so a token pasted
//! into the incident channel at 2 a.m. must not travel with it. Each secret becomes
//! `[redacted: KIND]` (for example `[redacted: github-token]`); the words around it, the user
//! of a URL and the key of a `password=` pair stay, so the line still reads.
//!
//! Precision matters as much as recall: git SHAs, UUIDs, ordinary URLs and prose such as
//! "the token expired" are left alone. Every rule (`rules`) is anchored on something
//! specific (a vendor prefix, `BEGIN ... PRIVATE KEY`, `user:pass@`, a key word followed by
//! `=`, `:` or a space), and values that could be words must also look like credentials
//! (`value`).
//!
//! Speed: this runs on every imported message. One Aho-Corasick pass over the message finds
//! the rules' key words (`sk_live_`, `password`, `://`...); a message without any is
//! returned as it is, and only the rules whose words occur run their patterns. Every
//! pattern is a `regex` (linear time), so the whole is linear in the message's length.
//!
//! [`redact`] works on one message, which may span several lines (a WeeChat multi-line
//! message, a Slack message). IRC clients send a pasted key as one message per line; a
//! [`Redactor`] carries an open private-key block from one message to the next (`pem`).

mod pem;
mod rules;
mod value;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use rules::RULES;

/// The marker's kind for a private-key block.
pub const PRIVATE_KEY: &str = "private-key";

/// Every kind of marker, as named in `[redacted: KIND]`, in order of priority.
pub fn kinds() -> Vec<&'static str> {
    let mut kinds = vec![PRIVATE_KEY];
    for rule in RULES {
        if !kinds.contains(&rule.kind) {
            kinds.push(rule.kind);
        }
    }
    kinds
}

/// The marker that replaces a secret of `kind`.
pub fn marker(kind: &str) -> String {
    format!("[redacted: {kind}]")
}

struct Compiled {
    /// Every rule's key words; a match's pattern id is an index into `owners`.
    words: AhoCorasick,
    /// For each key word, the rules it lets run.
    owners: Vec<Vec<usize>>,
    patterns: Vec<Regex>,
}

/// `\b` in a rule is an ASCII word boundary: a Unicode `\b` would push the regex engine
/// off its fast path on every message holding a non-ASCII character.
fn compile(pattern: &str) -> Regex {
    let ascii = pattern.replace(r"\b", r"(?-u:\b)");
    match Regex::new(&ascii) {
        Ok(re) => re,
        // The rules are constants: a test compiles every one, so input cannot reach this.
        Err(err) => panic!("the redaction pattern {pattern:?} does not compile: {err}"),
    }
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let mut words: Vec<&str> = vec!["private key"];
    let mut owners: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, rule) in RULES.iter().enumerate() {
        for word in rule.keywords {
            match words.iter().position(|w| w == word) {
                Some(at) => owners[at].push(i),
                None => {
                    words.push(word);
                    owners.push(vec![i]);
                }
            }
        }
    }
    let words = match AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&words)
    {
        Ok(ac) => ac,
        Err(err) => panic!("the redaction key words do not build: {err}"),
    };
    let patterns = RULES.iter().map(|r| compile(r.pattern)).collect();
    Compiled {
        words,
        owners,
        patterns,
    }
});

/// `text` with every secret replaced by a marker, and how many were replaced.
///
/// `text` is one whole message and may hold newlines: a private-key block pasted as one
/// message is replaced from BEGIN to END.
pub fn redact(text: &str) -> (Cow<'_, str>, usize) {
    let found = find(text, false);
    let n = found.spans.len();
    let once = apply(text, &found.spans);
    if n == 0 {
        return (once, 0);
    }
    let (again, more) = settle(once.into_owned());
    (Cow::Owned(again), n + more)
}

/// Redacts an already redacted text until nothing more is found (at most 4 passes), and
/// how many more secrets that took. A value's extent depends on its neighbours (a value
/// ends at white space or at a character its rule does not take, and a marker is not the
/// secret it replaced), so a first pass can judge a value that a second pass, reading it
/// beside a marker, judges anew: the fuzz target found five such shapes. Passes that find
/// nothing cost one search of a message that held a secret.
fn settle(mut text: String) -> (String, usize) {
    let mut more = 0;
    for _ in 0..4 {
        let found = find(&text, false);
        if found.spans.is_empty() {
            break;
        }
        more += found.spans.len();
        text = apply(&text, &found.spans).into_owned();
    }
    (text, more)
}

/// One secret: where it is and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    kind: &'static str,
}

struct Found {
    /// In text order, never overlapping.
    spans: Vec<Span>,
    /// A private-key block is still open at the end of the text.
    open_key: bool,
}

/// The secrets of a message; `in_key` when a previous message left a private-key block
/// open, so the message may start inside it.
fn find(text: &str, in_key: bool) -> Found {
    let c = &*COMPILED;
    // (priority, span): the private key first, then the rules in order.
    let mut candidates: Vec<(usize, Span)> = Vec::new();
    let mut open_key = false;
    if in_key {
        let body = pem::body(text, 0);
        if body.end > 0 {
            candidates.push((0, span(0, body.end, PRIVATE_KEY)));
        }
        open_key = body.open;
    }
    let mut run = vec![false; RULES.len()];
    let mut any = false;
    let mut pem_word = false;
    for m in c.words.find_overlapping_iter(text) {
        let id = m.pattern().as_usize();
        if id == 0 {
            pem_word = true;
        }
        for &rule in &c.owners[id] {
            run[rule] = true;
            any = true;
        }
    }
    if pem_word {
        for m in pem::BEGIN.find_iter(text) {
            let body = pem::body(text, m.end());
            candidates.push((0, span(m.start(), body.end, PRIVATE_KEY)));
            open_key = body.open;
        }
    }
    if any {
        for (i, rule) in RULES.iter().enumerate() {
            if run[i] {
                rule_candidates(text, i, rule, &c.patterns[i], &mut candidates);
            }
        }
    }
    Found {
        spans: resolve(candidates),
        open_key,
    }
}

fn span(start: usize, end: usize, kind: &'static str) -> Span {
    Span { start, end, kind }
}

/// The matches of one rule whose values pass its check.
fn rule_candidates(
    text: &str,
    priority: usize,
    rule: &rules::Rule,
    re: &Regex,
    out: &mut Vec<(usize, Span)>,
) {
    let mut at = 0;
    while let Some(caps) = re.captures_at(text, at) {
        let Some(whole) = caps.get(0) else { break };
        let Some(m) = caps.name("s").or(Some(whole)) else {
            break;
        };
        // The search goes on from the value, not after it: a value may hold the next key
        // (`passwd: xyzpasswd: hunter22`, `secret=abc--passwd: hunter22`), and what is
        // found must not depend on the text before (redacting twice would find it).
        at = if m.start() > whole.start() {
            m.start()
        } else {
            whole.end().max(whole.start() + 1)
        };
        while !text.is_char_boundary(at) {
            at += 1;
        }
        let (value, offset, quoted) = value::unquote(m.as_str());
        // A secret of a rule before this one that starts inside the value ends it: the
        // value is judged as it will read once that secret is a marker (`Authorization:
        // abcdef123456https://hooks.slack.com/...`), or a second pass would judge it anew.
        let value_start = m.start() + offset;
        let value = match out
            .iter()
            .map(|(_, s)| s.start)
            .filter(|&at| at > value_start && at < value_start + value.len())
            .min()
        {
            Some(end) => &value[..end - value_start],
            None => value,
        };
        let around = value::Around {
            separator: caps.name("sep").map_or("", |s| s.as_str()),
            quoted,
            word: caps.name("word").map_or("", |s| s.as_str()),
            key: pair_key(text, caps.get(0), caps.name("sep")),
        };
        if value.is_empty() || !value::accept(rule.check, value, &around) {
            continue;
        }
        let start = m.start() + offset;
        out.push((priority + 1, span(start, start + value.len(), rule.kind)));
    }
}

/// A pair's key, lower case and without quotes: what comes before its separator.
fn pair_key(text: &str, whole: Option<regex::Match<'_>>, sep: Option<regex::Match<'_>>) -> String {
    let (Some(whole), Some(sep)) = (whole, sep) else {
        return String::new();
    };
    text[whole.start()..sep.start()]
        .trim_end_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .to_ascii_lowercase()
}

/// The candidates kept: by priority, each one whose start no span kept before it covers,
/// cut short where it runs into one (`password=hunter2-----BEGIN RSA PRIVATE KEY-----`:
/// the key is kept and the password ends where the key begins, rather than being left in
/// clear); returned in text order.
fn resolve(mut candidates: Vec<(usize, Span)>) -> Vec<Span> {
    candidates.sort_by_key(|&(priority, s)| (priority, s.start, usize::MAX - s.end));
    let mut kept: BTreeMap<usize, Span> = BTreeMap::new();
    for (_, mut s) in candidates {
        if s.start >= s.end {
            continue;
        }
        let covering = kept.range(..=s.start).next_back().map(|(_, k)| *k);
        if covering.is_some_and(|k| k.end > s.start) {
            continue;
        }
        if let Some((&next, _)) = kept.range(s.start + 1..s.end).next() {
            s.end = next;
        }
        kept.insert(s.start, s);
    }
    kept.into_values().collect()
}

/// `text` with each span replaced by its marker.
fn apply<'a>(text: &'a str, spans: &[Span]) -> Cow<'a, str> {
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for s in spans {
        out.push_str(&text[last..s.start]);
        out.push_str(&marker(s.kind));
        last = s.end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// Redacts the messages of one channel in order, carrying an unfinished private-key block
/// from one message to the next: an IRC client sends a pasted key as one message per line,
/// so the lines after `BEGIN ... PRIVATE KEY` up to `END ...` are hidden too, and the block
/// ends at the first message that is not part of a key.
#[derive(Debug, Default, Clone)]
pub struct Redactor {
    in_private_key: bool,
    /// Secrets replaced so far.
    pub count: usize,
    /// Secrets replaced so far, by kind.
    pub by_kind: BTreeMap<&'static str, usize>,
}

impl Redactor {
    pub fn new() -> Self {
        Redactor::default()
    }

    /// The next message of the channel, redacted.
    pub fn redact<'a>(&mut self, text: &'a str) -> Cow<'a, str> {
        let found = find(text, self.in_private_key);
        self.in_private_key = found.open_key;
        if found.spans.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut spans = found.spans;
        let mut out = apply(text, &spans).into_owned();
        // As `redact`: until nothing more is found.
        for _ in 0..4 {
            let more = find(&out, false).spans;
            if more.is_empty() {
                break;
            }
            out = apply(&out, &more).into_owned();
            spans.extend(more);
        }
        for s in &spans {
            self.count += 1;
            *self.by_kind.entry(s.kind).or_default() += 1;
        }
        Cow::Owned(out)
    }

    /// Whether a private-key block was opened and not yet closed.
    pub fn in_private_key(&self) -> bool {
        self.in_private_key
    }
}

#[cfg(test)]
mod tests;
