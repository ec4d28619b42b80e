//! Who a sentence is about: the words around a phrase, read to tell people (`the on-call
//! engineer should have checked`) from a system's expected behaviour (`the failover
//! should have started`), and negation (`nobody should have...`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::lint::words::{self, is};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    People,
    System,
    Unknown,
}

/// A word: letters and digits, with apostrophes and hyphens inside.
pub(super) static WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}'’ʼ\-\u{2010}\u{2011}]*").unwrap_or_else(|e| panic!("{e}"))
});

/// The byte ranges of the words of `text`, as `WORD` finds them: ASCII text is read
/// byte by byte (the same words: a letter or digit, then letters, digits, `'` and `-`),
/// any other by the pattern.
pub(super) fn word_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let ascii = text.is_ascii();
    let mut found = (!ascii).then(|| WORD.find_iter(text));
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if let Some(found) = found.as_mut() {
            return found.next().map(|m| m.range());
        }
        let start = at + bytes[at..].iter().position(u8::is_ascii_alphanumeric)?;
        let len = bytes[start..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'\'' || b == b'-'))
            .unwrap_or(bytes.len() - start);
        at = start + len;
        Some(start..at)
    })
}

/// A word lower-cased, apostrophes made plain.
pub(super) fn lower(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.to_lowercase()
        .replace(['’', 'ʼ'], "'")
        .replace(['\u{2010}', '\u{2011}'], "-")
}

/// Words of `text`, lower-cased, apostrophes made plain.
pub(super) fn words_of(text: &str) -> Vec<String> {
    word_spans(text).map(|r| lower(&text[r])).collect()
}

/// The words of `text` from the start, lazily: what reads only the first few words of the
/// rest of a paragraph must not lower-case all of it.
pub(super) fn words_from(text: &str) -> impl Iterator<Item = String> + '_ {
    word_spans(text).map(|r| lower(&text[r]))
}

/// Whether `c` can be part of a word (`P.word`; a superset is fine).
pub(super) fn in_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | 'ʼ' | '-' | '\u{2010}' | '\u{2011}')
}

/// Where a tail of `text` at least `window` bytes long (or all of it) starts, just after a
/// character no word holds: no word is cut, and the words found from there are the ones
/// found from the start of `text`.
pub(super) fn tail_start(text: &str, window: usize) -> usize {
    let mut from = text.len().saturating_sub(window);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    text[..from]
        .char_indices()
        .rev()
        .find(|&(_, c)| !in_word(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The last `n` words of `text` (as `words_of` gives them, in order), reading only the end
/// of `text`: a look behind a phrase must not cost the whole paragraph before it.
pub(super) fn last_words(text: &str, n: usize) -> Vec<String> {
    let mut window = 64;
    loop {
        let from = tail_start(text, window);
        let w = words_of(&text[from..]);
        if w.len() >= n || from == 0 {
            let skip = w.len().saturating_sub(n);
            return w.into_iter().skip(skip).collect();
        }
        window *= 4;
    }
}

/// Words of `text` as written (for capitals).
pub(super) fn raw_words(text: &str) -> Vec<&str> {
    word_spans(text).map(|r| &text[r]).collect()
}

/// The sentence up to `at`: from the last sentence end before it.
pub(super) fn sentence_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | ';' | ':' | '—' | '(' | ')')
                && head[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// The rest of the sentence from `at`.
pub(super) fn sentence_after(text: &str, at: usize) -> &str {
    let tail = &text[at..];
    let end = tail
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | ';')
                && tail[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(tail.len(), |(i, _)| i);
    &tail[..end]
}

/// Words that end the noun phrase a clause starts with.
pub(super) const NP_STOPS: &[&str] = &[
    "of", "in", "on", "at", "for", "with", "from", "by", "to", "who", "that", "which", "whose",
    "where", "was", "were", "is", "are", "be", "been", "had", "has", "have", "did", "do", "does",
    "during", "after", "before", "about", "into", "over", "under",
];

/// Who a clause is about, by the noun phrase it starts with: its last word (the head:
/// `the release manager`), else any word of it, else a name or a handle (`@sam`).
pub(super) fn who_np(words: &[(usize, &str)], raw: &[&str]) -> Who {
    let np: Vec<(usize, &str)> = words
        .iter()
        .copied()
        .take_while(|(_, w)| !is(NP_STOPS, w))
        .collect();
    // `one of our engineers`, `a member of the storage team`: whoever follows `of`.
    if let Some(&(_, head)) = np.last()
        && is(words::PARTS, head)
        && words.get(np.len()).is_some_and(|&(_, w)| w == "of")
        && np.len() <= 2
    {
        return who_np(&words[np.len() + 1..], raw);
    }
    let np = if np.is_empty() { words.to_vec() } else { np };
    // `whoever approved the change`: the person, whatever they acted on.
    if np.first().is_some_and(|&(_, w)| w == "whoever") {
        return Who::People;
    }
    if let Some(&(_, head)) = np.last() {
        if is(words::PEOPLE, head) {
            return Who::People;
        }
        if is(words::SYSTEMS, head) || is(words::BYSTANDERS, head) {
            return Who::System;
        }
    }
    for &(_, w) in &np {
        if is(words::PEOPLE, w) {
            return Who::People;
        }
    }
    for &(_, w) in &np {
        if is(words::SYSTEMS, w) || is(words::BYSTANDERS, w) {
            return Who::System;
        }
    }
    for (n, &(i, w)) in np.iter().enumerate() {
        let written = raw.get(i).copied().unwrap_or("");
        // A handle: `@sam`, `@priya.k`; a bot's is a system's.
        if let Some(handle) = written.strip_prefix('@') {
            let handle = handle.to_lowercase();
            return if handle.ends_with("bot") || handle.ends_with("-ci") {
                Who::System
            } else {
                Who::People
            };
        }
        // A name: capitalised, not an acronym; the sentence's first word only when it is
        // the whole noun phrase (`Ana should have posted`), and not a plural or an adverb.
        let capital = written.chars().next().is_some_and(char::is_uppercase)
            && !written
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic());
        if capital && n == 0 && i > 0 {
            return Who::People;
        }
        let first_name = capital
            && i == 0
            && np.len() == 1
            && !is(words::NOT_NAMES, w)
            && ![
                "s", "ly", "ing", "ed", "tion", "ment", "ness", "age", "ure", "ity",
            ]
            .iter()
            .any(|end| w.ends_with(end));
        if first_name {
            return Who::People;
        }
    }
    Who::Unknown
}

/// Who the clause ending just before a phrase is about.
pub fn who(before: &str) -> Who {
    // Only the last clause decides, so read the end of a long sentence first: the answer
    // from a tail is the answer when its deciding clause starts after the tail's second
    // word (the break before it, even a `that` after a verb of saying, is then inside).
    let mut window = 256;
    loop {
        let from = tail_start(before, window);
        let (who, first) = who_clauses(&before[from..]);
        if from == 0 || first.is_some_and(|i| i >= 2) {
            return who;
        }
        window *= 4;
    }
}

/// `who`, and the index of the first word of the clause that decided.
pub(super) fn who_clauses(before: &str) -> (Who, Option<usize>) {
    // Clauses: split at commas and clause words, and at `that` after a verb of saying.
    let found: Vec<Range<usize>> = word_spans(before).collect();
    let lower: Vec<String> = found.iter().map(|m| lower(&before[m.clone()])).collect();
    // As written, with the `@` of a handle.
    let raw: Vec<&str> = found
        .iter()
        .map(|m| match m.start.checked_sub(1) {
            Some(at) if before.as_bytes().get(at) == Some(&b'@') => &before[at..m.end],
            _ => &before[m.clone()],
        })
        .collect();
    let mut segments: Vec<Vec<(usize, &str)>> = vec![Vec::new()];
    // Whether a comma (or a bracket, a dash, a quote) stands after each word.
    let comma_after: Vec<bool> = found
        .iter()
        .enumerate()
        .map(|(idx, m)| {
            let next_word = found.get(idx + 1).map_or(before.len(), |n| n.start);
            before[m.end..next_word].contains([',', '(', ')', '"', '“', '”', '–', '—'])
        })
        .collect();
    for (i, w) in lower.iter().enumerate() {
        let breaks = is(words::CLAUSE_BREAKS, w)
            || (w == "that" && i > 0 && is(words::THAT_AFTER, &lower[i - 1]));
        if breaks {
            segments.push(Vec::new());
            continue;
        }
        if let Some(last) = segments.last_mut() {
            last.push((i, w.as_str()));
        }
        if comma_after.get(i) == Some(&true) {
            segments.push(Vec::new());
        }
    }
    // The nearest clause with words decides; a relative clause set off by commas (`an
    // employee, who was on call, mistakenly ran`) is about the noun before it.
    let mut filled = segments.iter().rev().filter(|s| !s.is_empty()).peekable();
    while let Some(segment) = filled.next() {
        let relative = segment
            .first()
            .is_some_and(|&(_, w)| matches!(w, "who" | "which" | "whose"));
        if relative && filled.peek().is_some() {
            continue;
        }
        return (who_np(segment, &raw), segment.first().map(|&(i, _)| i));
    }
    (Who::Unknown, None)
}

/// Whether `text` names people anywhere (for the object of `the fault of ...`).
pub(super) fn mentions_people(text: &str) -> bool {
    let raw = raw_words(text);
    words_of(text).iter().zip(&raw).any(|(w, r)| {
        is(words::PEOPLE, w)
            || (r.chars().next().is_some_and(char::is_uppercase) && !is(words::SYSTEMS, w))
    })
}

/// Whether the words just before a phrase negate it (`not`, `no`, `never`, `nobody`...).
pub(super) fn negated(before: &str) -> bool {
    let w = last_words(before, 3);
    let tail: Vec<&str> = w.iter().rev().take(3).map(String::as_str).collect();
    let trimmed = before.trim_end();
    trimmed.ends_with("non-")
        || tail.iter().any(|t| {
            matches!(
                *t,
                "not"
                    | "no"
                    | "never"
                    | "nobody"
                    | "none"
                    | "without"
                    | "hardly"
                    | "isn't"
                    | "wasn't"
                    | "weren't"
                    | "aren't"
                    | "don't"
                    | "didn't"
                    | "doesn't"
                    | "nor"
                    | "less"
            )
        })
        || tail
            .windows(2)
            .any(|p| p == ["one", "no"] || p == ["than", "rather"])
        // `none of which are the fault of ...`
        || last_words(before, 6).windows(2).any(|p| p[0] == "none" && p[1] == "of")
}

/// The first word after `have` that is not an adverb, and the one after it.
pub(super) fn verb_after(text: &str) -> (Option<String>, Option<String>) {
    let mut it = words_from(text)
        .skip_while(|w| is(words::ADVERBS, w) || (w.ends_with("ly") && w.len() > 4));
    (it.next(), it.next())
}
