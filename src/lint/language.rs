//! The language rules: what a facilitator listens for (BLAMELESS.md), noticed in the draft.
//!
//! `counterfactual`, `blame`, `root-cause`, `root-cause-heading` and `hindsight` read the
//! body's prose (`prose::read`: no code, quotes, comments, link targets or chat
//! transcript); `training-remediation` reads the front matter's remediation titles. All are
//! warnings unless pm.yaml's `lint:` says otherwise. Precision matters more than recall: a
//! phrase is reported only when the sentence makes it about people (`the on-call engineer
//! should have checked the replica`), not a system's expected behaviour (`the failover
//! should have started within 30 seconds`).

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::lint::prose::{self, Chunk};
use crate::lint::settings::Settings;
use crate::lint::words::{self, is};

/// A language rule: its id, why it matters, and which way to rewrite.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub id: &'static str,
    /// One sentence: why the phrase hurts a blameless review.
    pub why: &'static str,
    /// Which way to rewrite.
    pub fix: &'static str,
}

const fn lint_rule(id: &'static str, why: &'static str, fix: &'static str) -> RuleInfo {
    RuleInfo { id, why, fix }
}

pub const COUNTERFACTUAL: &str = "counterfactual";
pub const BLAME: &str = "blame";
pub const ROOT_CAUSE: &str = "root-cause";
pub const ROOT_CAUSE_HEADING: &str = "root-cause-heading";
pub const HINDSIGHT: &str = "hindsight";
pub const TRAINING: &str = "training-remediation";
/// A steering comment names a rule that does not exist.
pub const SUPPRESSION: &str = "suppression";

/// Every language rule, in the order docs/checks.md lists them.
pub const RULES: &[RuleInfo] = &[
    lint_rule(
        "counterfactual",
        "A counterfactual describes a past that did not happen, and hides why what did happen made sense to the people there.",
        "describe what happened and why it made sense at the time: what people saw, knew and expected then",
    ),
    lint_rule(
        "blame",
        "Blame words judge people instead of describing the conditions that shaped their decisions, and people who feel judged stop sharing the context a review needs.",
        "describe the conditions: what the person knew, which signals and tools they had, what pressure they were under",
    ),
    lint_rule(
        "root-cause",
        "\"Root cause\" suggests one cause to find and fix; outages come from several contributing factors and the conditions around them.",
        "write \"contributing factors\" (or name the factor itself)",
    ),
    lint_rule(
        "root-cause-heading",
        "A section named \"Root cause\" asks the authors for a single cause.",
        "rename the heading \"Contributing factors\"; to keep it, disable the rule in pm.yaml (`lint: {disable: [root-cause-heading]}`)",
    ),
    lint_rule(
        "hindsight",
        "Hindsight judges the moment by what is known now: it was not obvious then, or it would not have happened.",
        "describe what people saw and knew at the time, and what made the signal hard to read",
    ),
    lint_rule(
        "training-remediation",
        "Training puts the onus back on people; the incident will happen again in some form, and guardrails, tools, runbooks and alerts prepare people better.",
        "make the item change the system: a guardrail, a tool, a runbook, a dashboard or an alert",
    ),
];

pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

/// Whether `id` is a language rule (which `--changed-lines` limits to changed lines).
pub fn is_language_rule(id: &str) -> bool {
    rule_info(id).is_some() || id == SUPPRESSION
}

/// A phrase found in a chunk of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    /// Byte range in the text searched.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    People,
    System,
    Unknown,
}

const APOS: &str = "['’ʼ]";

fn re(pattern: &str) -> Regex {
    // ASCII word boundaries: with Unicode ones the regex crate cannot use its DFA on text
    // holding any non-ASCII character (a dash, a curly quote), and runs many times slower.
    // Around English phrases the two agree.
    let pattern = pattern.replace("APOS", APOS).replace(r"\b", r"(?-u:\b)");
    // The patterns are constants: a broken one is a bug that every test run shows.
    Regex::new(&format!("(?i){pattern}")).unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}"))
}

struct Patterns {
    modal: Regex,
    contracted: Regex,
    failed: Regex,
    neglected: Regex,
    if_only: Regex,
    if_had: Regex,
    had_first: Regex,
    blame_error: Regex,
    blame_words: Regex,
    at_fault: Regex,
    fault_of: Regex,
    whose_fault: Regex,
    to_blame: Regex,
    careful: Regex,
    root_cause: Regex,
    obvious: Regex,
    clearly: Regex,
    it_was_clear: Regex,
    of_course: Regex,
    known: Regex,
    anyone_see: Regex,
    in_hindsight: Regex,
    word: Regex,
}

static P: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    modal: re(
        r"\b(should|could|would|ought\s+to)(\s+not|nAPOSt)?(?:\s+(?:also|really|just|definitely|probably|never|at\s+least))?(\s+have|APOSve)\b",
    ),
    contracted: re(r"\b(i|we|you|he|she|they|someone|somebody)APOSd\s+have\b"),
    failed: re(r"\b(?:failed|fail|fails|failing)\s+to\b"),
    neglected: re(
        r"\b(?:neglected|neglect|neglects|neglecting)\s+to\b|\b(?:didnAPOSt|did\s+not|never|not)\s+(?:even\s+)?bother(?:ed)?\s+to\b",
    ),
    if_only: re(r"\bif\s+only\b"),
    if_had: re(r"\bif\s+([^,.;:!?]{1,60}?)\s+(?:had|hadnAPOSt)\s+"),
    had_first: Regex::new(r"(?:^|[.!?;:]\s+|\(\s*)(Had)\s+").unwrap_or_else(|e| panic!("{e}")),
    blame_error: re(r"\b(?:human|operator|user|pilot|engineer|people)[\s-]+errors?\b"),
    blame_words: re(
        r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppily|sloppiness|incompeten(?:t|tly|ce)|lazy|laziness|reckless(?:ly|ness)?|irresponsibl[ey]|irresponsibility)\b",
    ),
    at_fault: re(r"\bat\s+fault\b"),
    fault_of: re(r"\bfault\s+of\s+((?:[\w'’-]+\s*){1,4})"),
    whose_fault: re(r"\b([\w-]+)(APOSs)?\s+fault\b"),
    to_blame: re(r"\b(?:to\s+blame|blam(?:e|ed|es|ing))\b(-free)?"),
    careful: re(
        r"\b(?:should|could|ought\s+to|must|needs?\s+to|needed\s+to|ha(?:ve|s|d)\s+to)(?:\s+not|nAPOSt)?(?:\s+have\s+been|APOSve\s+been|\s+be)\s+more\s+(?:careful|attentive|diligent|vigilant)\b",
    ),
    root_cause: re(r"\broot[\s-]+caus(?:e|es|ed|ing)\b"),
    obvious: re(r"\bobvious(?:ly)?\b"),
    clearly: re(r"\bclearly\b"),
    it_was_clear: re(r"\bit\s+(?:was|is)\s+(?:(\w+)\s+)?clear\s+that\b"),
    of_course: re(r"\bof\s+course\b"),
    known: re(
        r"\b(?:should|could|ought\s+to|must)(\s+not|nAPOSt)?(?:\s+have|APOSve)\s+(?:\w+ly\s+|also\s+)?(?:known|foreseen|anticipated|predicted|seen\s+(?:it|this|that)\s+coming)\b",
    ),
    anyone_see: re(
        r"\b(?:as\s+)?(?:any|every)(?:one|body)\s+(?:could|can|would)\s+(?:have\s+)?(?:see|seen|tell|told)\b|\bas\s+(?:any|every)(?:one|body)\s+(?:knows|knew)\b",
    ),
    in_hindsight: re(
        r"\b(?:in|with)\s+(?:the\s+benefit\s+of\s+)?hindsight\b|\bin\s+retrospect\b|\bhindsight\s+(?:shows|tells)\b",
    ),
    word: Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}'’ʼ\-\u{2010}\u{2011}]*")
        .unwrap_or_else(|e| panic!("{e}")),
});

/// A word lower-cased, apostrophes made plain.
fn lower(word: &str) -> String {
    word.to_lowercase()
        .replace(['’', 'ʼ'], "'")
        .replace(['\u{2010}', '\u{2011}'], "-")
}

/// Words of `text`, lower-cased, apostrophes made plain.
fn words_of(text: &str) -> Vec<String> {
    P.word.find_iter(text).map(|m| lower(m.as_str())).collect()
}

/// The words of `text` from the start, lazily: what reads only the first few words of the
/// rest of a paragraph must not lower-case all of it.
fn words_from(text: &str) -> impl Iterator<Item = String> + '_ {
    P.word.find_iter(text).map(|m| lower(m.as_str()))
}

/// Whether `c` can be part of a word (`P.word`; a superset is fine).
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | 'ʼ' | '-' | '\u{2010}' | '\u{2011}')
}

/// Where a tail of `text` at least `window` bytes long (or all of it) starts, just after a
/// character no word holds: no word is cut, and the words found from there are the ones
/// found from the start of `text`.
fn tail_start(text: &str, window: usize) -> usize {
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
fn last_words(text: &str, n: usize) -> Vec<String> {
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
fn raw_words(text: &str) -> Vec<&str> {
    P.word.find_iter(text).map(|m| m.as_str()).collect()
}

/// The sentence up to `at`: from the last sentence end before it.
fn sentence_before(text: &str, at: usize) -> &str {
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
fn sentence_after(text: &str, at: usize) -> &str {
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
const NP_STOPS: &[&str] = &[
    "of", "in", "on", "at", "for", "with", "from", "by", "to", "who", "that", "which", "whose",
    "where", "was", "were", "is", "are", "be", "been", "had", "has", "have", "did", "do", "does",
    "during", "after", "before", "about", "into", "over", "under",
];

/// Who a clause is about, by the noun phrase it starts with: its last word (the head:
/// `the release manager`), else any word of it, else a name.
fn who_np(words: &[(usize, &str)], raw: &[&str]) -> Who {
    let np: Vec<(usize, &str)> = words
        .iter()
        .copied()
        .take_while(|(_, w)| !is(NP_STOPS, w))
        .collect();
    let np = if np.is_empty() { words.to_vec() } else { np };
    if let Some(&(_, head)) = np.last() {
        if is(words::PEOPLE, head) {
            return Who::People;
        }
        if is(words::SYSTEMS, head) {
            return Who::System;
        }
    }
    for &(_, w) in &np {
        if is(words::PEOPLE, w) {
            return Who::People;
        }
    }
    for &(_, w) in &np {
        if is(words::SYSTEMS, w) {
            return Who::System;
        }
    }
    for (n, &(i, _)) in np.iter().enumerate() {
        // A name: capitalised, not the sentence's first word, not an acronym.
        let written = raw.get(i).copied().unwrap_or("");
        let capital = written.chars().next().is_some_and(char::is_uppercase)
            && !written
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic());
        if capital && i > 0 && n == 0 {
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
fn who_clauses(before: &str) -> (Who, Option<usize>) {
    // Clauses: split at commas and clause words, and at `that` after a verb of saying.
    let found: Vec<regex::Match<'_>> = P.word.find_iter(before).collect();
    let raw: Vec<&str> = found.iter().map(|m| m.as_str()).collect();
    let lower: Vec<String> = raw.iter().map(|w| lower(w)).collect();
    let mut segments: Vec<Vec<(usize, &str)>> = vec![Vec::new()];
    // Whether a comma (or a bracket, a dash, a quote) stands after each word.
    let comma_after: Vec<bool> = found
        .iter()
        .enumerate()
        .map(|(idx, m)| {
            let next_word = found.get(idx + 1).map_or(before.len(), |n| n.start());
            before[m.end()..next_word].contains([',', '(', ')', '"', '“', '”', '–', '—'])
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
    // The nearest clause with words decides.
    match segments.iter().rev().find(|s| !s.is_empty()) {
        Some(segment) => (who_np(segment, &raw), segment.first().map(|&(i, _)| i)),
        None => (Who::Unknown, None),
    }
}

/// Whether `text` names people anywhere (for the object of `the fault of ...`).
fn mentions_people(text: &str) -> bool {
    let raw = raw_words(text);
    words_of(text).iter().zip(&raw).any(|(w, r)| {
        is(words::PEOPLE, w)
            || (r.chars().next().is_some_and(char::is_uppercase) && !is(words::SYSTEMS, w))
    })
}

/// Whether the words just before a phrase negate it (`not`, `no`, `never`, `nobody`...).
fn negated(before: &str) -> bool {
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
}

/// The first word after `have` that is not an adverb, and the one after it.
fn verb_after(text: &str) -> (Option<String>, Option<String>) {
    let mut it = words_from(text)
        .skip_while(|w| is(words::ADVERBS, w) || (w.ends_with("ly") && w.len() > 4));
    (it.next(), it.next())
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The language findings in one chunk of prose (a paragraph, item, heading or cell).
pub fn scan(text: &str, heading: bool) -> Vec<Hit> {
    let p = &*P;
    let mut hits: Vec<Hit> = Vec::new();
    let mut add = |rule: &'static str, range: Range<usize>| hits.push(Hit { rule, range });

    // root-cause (a heading has its own rule, reported once for the heading).
    for m in p.root_cause.find_iter(text) {
        let w = last_words(&text[..m.start()], 3);
        let last: Vec<&str> = w.iter().rev().take(3).map(String::as_str).collect();
        let denied = last.first() == Some(&"no")
            || (last.first() == Some(&"single") && matches!(last.get(1), Some(&"no" | &"a")))
            || last.starts_with(&["a", "not"])
            || (last.first() == Some(&"a") && last.get(1) == Some(&"than"))
            || last.first() == Some(&"than");
        if denied {
            continue;
        }
        if heading {
            add(ROOT_CAUSE_HEADING, m.range());
            break;
        }
        add(ROOT_CAUSE, m.range());
    }

    // hindsight
    for m in p.known.captures_iter(text) {
        let all = m.get(0).map_or(0..0, |g| g.range());
        if m.get(1).is_none() {
            add(HINDSIGHT, all);
        }
    }
    for m in p.obvious.find_iter(text) {
        if !negated(&text[..m.start()]) {
            add(HINDSIGHT, m.range());
        }
    }
    for m in p.clearly.find_iter(text) {
        let before = last_words(&text[..m.start()], 1);
        let after: Vec<String> = words_from(&text[m.end()..]).take(1).collect();
        const MANNER: &[&str] = &[
            "communicate",
            "communicated",
            "labelled",
            "labeled",
            "label",
            "marked",
            "documented",
            "defined",
            "stated",
            "state",
            "written",
            "write",
            "explained",
            "explain",
            "named",
            "separated",
            "states",
            "communicates",
            "described",
            "describe",
            "visible",
        ];
        let manner = before.last().is_some_and(|w| is(MANNER, w))
            || after
                .first()
                .is_some_and(|w| is(MANNER, w) && w != "visible");
        if !manner && !negated(&text[..m.start()]) {
            add(HINDSIGHT, m.range());
        }
    }
    for m in p.it_was_clear.captures_iter(text) {
        let between = m.get(1).map(|g| g.as_str().to_lowercase());
        if !matches!(between.as_deref(), Some("not" | "never" | "un" | "hardly")) {
            add(HINDSIGHT, m.get(0).map_or(0..0, |g| g.range()));
        }
    }
    for m in p.of_course.find_iter(text) {
        add(HINDSIGHT, m.range());
    }
    for m in p.anyone_see.find_iter(text) {
        add(HINDSIGHT, m.range());
    }
    for m in p.in_hindsight.find_iter(text) {
        add(HINDSIGHT, m.range());
    }

    // blame
    for m in p.careful.find_iter(text) {
        add(BLAME, m.range());
    }
    for m in p.blame_error.find_iter(text) {
        if !negated(&text[..m.start()]) {
            add(BLAME, m.range());
        }
    }
    for m in p.blame_words.find_iter(text) {
        let word = m.as_str().to_lowercase();
        let next = words_from(&text[m.end()..]).next().unwrap_or_default();
        let next = next.as_str();
        let technical = (word == "lazy"
            && matches!(
                next,
                "load"
                    | "loading"
                    | "loaded"
                    | "evaluation"
                    | "init"
                    | "initialization"
                    | "initialisation"
                    | "static"
                    | "iterator"
                    | "sequence"
                    | "val"
                    | "import"
                    | "imports"
                    | "mode"
                    | "deletion"
                    | "expiry"
                    | "expiration"
                    | "fetch"
                    | "fetching"
            ))
            || (word == "sloppy" && next == "quorum");
        if !technical && !negated(&text[..m.start()]) {
            add(BLAME, m.range());
        }
    }
    for m in p.at_fault.find_iter(text) {
        let before = &text[..m.start()];
        if !negated(before) && who(sentence_before(text, m.start())) != Who::System {
            add(BLAME, m.range());
        }
    }
    for c in p.fault_of.captures_iter(text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let object = c.get(1).map_or("", |g| g.as_str());
        if mentions_people(object) && !negated(&text[..all.start]) {
            let end = all.start + "fault of".len();
            add(BLAME, all.start..end.min(all.end));
        }
    }
    for c in p.whose_fault.captures_iter(text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let owner = c.get(1).map_or("", |g| g.as_str());
        let lower = owner.to_lowercase();
        let possessive = matches!(
            lower.as_str(),
            "my" | "your" | "his" | "her" | "our" | "their"
        );
        let named = c.get(2).is_some()
            && (is(words::PEOPLE, &lower)
                || (owner.chars().next().is_some_and(char::is_uppercase)
                    && !is(words::SYSTEMS, &lower)));
        if (possessive || named) && !negated(&text[..all.start]) {
            add(BLAME, all);
        }
    }
    for c in p.to_blame.captures_iter(text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        if c.get(1).is_some() {
            continue; // blame-free
        }
        let before = last_words(&text[..all.start], 1);
        let prev = before.last().map(String::as_str).unwrap_or("");
        if prev == "git" || negated(&text[..all.start]) {
            continue;
        }
        add(BLAME, all);
    }

    // counterfactual
    for c in p.modal.captures_iter(text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let negative = c.get(2).is_some();
        let (verb, next) = verb_after(&text[all.end..]);
        let Some(verb) = verb else { continue };
        if !words::participle(&verb) {
            continue; // `should have a runbook`: a recommendation, not a past
        }
        let sentence = sentence_before(text, all.start);
        let subject = who(sentence);
        let passive = verb == "been";
        let passive_people = passive
            && next
                .as_deref()
                .is_some_and(|n| is(words::PASSIVE_PEOPLE, n))
            && !sentence_after(text, all.end).contains("automatic");
        let flagged = match subject {
            Who::People => true,
            Who::System => passive_people,
            Who::Unknown => passive_people || (!passive && is(words::PEOPLE_VERBS, &verb)),
        };
        // `could not have known`: what could be known then, not a different past.
        let knowing = negative
            && matches!(
                verb.as_str(),
                "known" | "foreseen" | "predicted" | "anticipated" | "expected" | "seen"
            );
        if flagged && !knowing {
            add(COUNTERFACTUAL, all);
        }
    }
    for c in p.contracted.captures_iter(text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let (verb, _) = verb_after(&text[all.end..]);
        if verb.as_deref().is_some_and(words::participle) {
            add(COUNTERFACTUAL, all);
        }
    }
    for m in p.failed.find_iter(text) {
        if who(sentence_before(text, m.start())) == Who::People {
            add(COUNTERFACTUAL, m.range());
        }
    }
    for m in p.neglected.find_iter(text) {
        if who(sentence_before(text, m.start())) != Who::System {
            add(COUNTERFACTUAL, m.range());
        }
    }
    for m in p.if_only.find_iter(text) {
        let wish = words_from(sentence_after(text, m.end())).take(7).any(|w| {
            matches!(
                w.as_str(),
                "had"
                    | "hadn't"
                    | "were"
                    | "would"
                    | "could"
                    | "did"
                    | "knew"
                    | "we'd"
                    | "they'd"
                    | "i'd"
                    | "he'd"
                    | "she'd"
                    | "you'd"
            )
        });
        if wish {
            add(COUNTERFACTUAL, m.range());
        }
    }
    for c in p.if_had.captures_iter(text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let subject = c.get(1).map_or("", |g| g.as_str());
        let (verb, _) = verb_after(&text[all.end..]);
        let Some(verb) = verb else { continue };
        if !words::participle(&verb) {
            continue;
        }
        let about = who(subject);
        if about == Who::People
            || (about == Who::Unknown && verb != "been" && is(words::PEOPLE_VERBS, &verb))
        {
            // The span: `if ... had`.
            add(
                COUNTERFACTUAL,
                all.start..all.end.saturating_sub(1).max(all.start),
            );
        }
    }
    for c in p.had_first.captures_iter(text) {
        let Some(had) = c.get(1) else { continue };
        let rest = sentence_after(text, had.end());
        // (Only the first six words are read.)
        let w: Vec<String> = words_from(rest).take(6).collect();
        // Had <subject...> <participle>: the subject is the words before the participle.
        let Some(k) = w
            .iter()
            .take(6)
            .enumerate()
            .skip(1)
            .find(|(_, w)| words::participle(w) && *w != "been")
            .map(|(k, _)| k)
        else {
            continue;
        };
        let subject = w[..k].join(" ");
        let about = who(&subject);
        if about == Who::People || (about == Who::Unknown && is(words::PEOPLE_VERBS, &w[k])) {
            add(COUNTERFACTUAL, had.range());
        }
    }

    // One finding per phrase: hindsight and blame say more than `counterfactual` about
    // `should have known` and `should have been more careful`.
    let strong: Vec<Range<usize>> = hits
        .iter()
        .filter(|h| h.rule != COUNTERFACTUAL)
        .map(|h| h.range.clone())
        .collect();
    hits.retain(|h| h.rule != COUNTERFACTUAL || !strong.iter().any(|s| overlaps(s, &h.range)));
    hits.sort_by_key(|h| (h.range.start, h.rule));
    hits.dedup_by(|a, b| a.rule == b.rule && overlaps(&a.range, &b.range));
    hits
}

/// Words that make a remediation clause a training action.
static TRAINING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:train|trains|trained|training|trainings|retrain|retraining|re-train|re-training|educate|educating|education|teach|teaching|coach|coaching|workshops?|remind|reminders?|awareness|lunch[\s-]+and[\s-]+learn|brown[\s-]+bag|knowledge[\s-]+shar\w*|be\s+more\s+careful|pay\s+(?:more|closer)\s+attention|onboarding\s+sessions?|refresher)\b",
    )
});
/// Training that is a thing built, not people taught.
static TRAINING_THINGS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\btraining\s+(?:environment|cluster|data|dataset|set|job|jobs|pipeline|run|runs|model|models|sandbox|simulator|mode)\b|\bmodel\s+training\b",
    )
});
/// Actions that change the system.
static ACTIONS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:add|adds|write|build|create|automate|implement|introduce|set\s+up|configure|fix|move|remove|replace|block|limit|require|enforce|migrate|rate-limit|instrument|validate|lint|enable|disable|install|upgrade|refactor|alert\s+on|page\s+when|page\s+on)\b",
    )
});
static CLAUSES: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s*[,;+&]\s*|\s+(?:and|then|plus|as\s+well\s+as)\s+"));

/// Whether a remediation item's title has no action but training people.
pub fn training_only(title: &str) -> bool {
    let mut any = false;
    for clause in CLAUSES.split(title) {
        if clause.trim().is_empty() {
            continue;
        }
        let training = TRAINING_WORDS.is_match(clause)
            && !TRAINING_THINGS.is_match(clause)
            && !ACTIONS.is_match(clause);
        if !training {
            return false;
        }
        any = true;
    }
    any
}

/// What to look at around a trigger word before reading the whole document.
#[derive(Clone, Copy)]
enum Gate {
    /// The word alone is rare enough (`careless`, `obvious`, `hindsight`).
    Always,
    /// `could`/`would`/`must`: `have` or `'ve` follows.
    Have,
    /// `fail`: `to` follows the word.
    To,
    /// `had`: `if` earlier in the sentence, or `Had` opening one.
    Had,
    /// `error`: `human`, `operator`, `user`... before it.
    Error,
    /// `anyone`, `everyone`...: a verb of seeing or knowing follows.
    Anyone,
    /// `clear`: `clearly`, or `clear that`.
    Clear,
    /// `root`: `cause` follows.
    Cause,
    /// `course`: `of` before it.
    OfCourse,
}

/// The trigger words in lower case, searched in a lower-cased copy of the text (ASCII
/// only, so offsets stay those of the text), so a sentence's capitalised first word and a
/// phrase in capitals are looked at too. Words that share their ending and their gate are
/// one pattern (`ould` for could and would), and every pattern has at least four bytes
/// (`had ` rather than `had`): Teddy then compares four-byte fingerprints, with fewer
/// false candidates, which made `pm check` a fifth faster over the 10,000-document corpus.
const TRIGGER_WORDS: &[(&str, Gate)] = &[
    ("should", Gate::Always),
    ("ought", Gate::Always),
    ("ould", Gate::Have),
    ("must", Gate::Have),
    ("d have", Gate::Always),
    ("fail", Gate::To),
    ("negl", Gate::Always),
    ("bother", Gate::Always),
    ("if only", Gate::Always),
    ("had ", Gate::Had),
    ("had\n", Gate::Had),
    ("had\r", Gate::Had),
    ("hadn", Gate::Had),
    ("error", Gate::Error),
    ("careless", Gate::Always),
    ("slopp", Gate::Always),
    ("incompeten", Gate::Always),
    ("lazy", Gate::Always),
    ("lazi", Gate::Always),
    ("reckless", Gate::Always),
    ("irresponsib", Gate::Always),
    ("fault", Gate::Always),
    ("blam", Gate::Always),
    ("careful", Gate::Always),
    ("root", Gate::Cause),
    ("obvious", Gate::Always),
    ("clear", Gate::Clear),
    ("course", Gate::OfCourse),
    ("hindsight", Gate::Always),
    ("retrospect", Gate::Always),
    ("anyone", Gate::Anyone),
    ("anybody", Gate::Anyone),
    ("everyone", Gate::Anyone),
    ("everybody", Gate::Anyone),
    ("pm-a", Gate::Always),
    ("pm-d", Gate::Always),
];

/// Words whose presence means a document may hold a finding; a document with none of them
/// (most documents) is not read any further. Every pattern above needs one of them.
/// aho-corasick's packed searcher, told to use fat Teddy (16 buckets): should the list
/// shrink to 32 patterns or fewer it would pick slim Teddy (8 buckets), whose extra false
/// candidates cost more than it saves (measured: 40% slower with 31 patterns).
/// Where no packed searcher can be built, the general automaton serves.
static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    let words = || TRIGGER_WORDS.iter().map(|(w, _)| w);
    let packed = aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .only_teddy_fat(Some(true))
        .builder()
        .extend(words())
        .build();
    match packed {
        Some(searcher) => Triggers::Packed(searcher),
        None => Triggers::Automaton(
            AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(words())
                .unwrap_or_else(|e| panic!("{e}")),
        ),
    }
});

enum Triggers {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Triggers {
    fn find_iter<'a>(
        &'a self,
        haystack: &'a [u8],
    ) -> Box<dyn Iterator<Item = aho_corasick::Match> + 'a> {
        match self {
            Triggers::Packed(s) => Box::new(s.find_iter(haystack)),
            Triggers::Automaton(a) => Box::new(a.find_iter(haystack)),
        }
    }
}

/// The rest of the word at `at` and the next word, lower-cased ASCII: for `fail` in
/// `failed to`, (`ed`, `to`).
fn rest_and_next(text: &str, at: usize) -> (String, String) {
    let tail = text.get(at..(at + 48).min(text.len())).unwrap_or_else(|| {
        let mut end = (at + 48).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        text.get(at..end).unwrap_or("")
    });
    let word = |s: &str| -> (String, usize) {
        let end = s
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | 'ʼ')))
            .map_or(s.len(), |(i, _)| i);
        (s[..end].to_ascii_lowercase(), end)
    };
    let (rest, end) = word(tail);
    let after = tail[end..].trim_start_matches(|c: char| c.is_whitespace() || c == '-');
    (rest, word(after).0)
}

fn gate(text: &str, start: usize, end: usize, gate: Gate) -> bool {
    let (rest, next) = match gate {
        Gate::Always | Gate::Error | Gate::OfCourse => (String::new(), String::new()),
        _ => rest_and_next(text, end),
    };
    match gate {
        Gate::Always => true,
        Gate::Have => {
            let mut to = (end + 40).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            let window = text[end..to].to_ascii_lowercase();
            let mut words = window
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | 'ʼ')))
                .filter(|w| !w.is_empty());
            let after_rest = |w: Option<&str>| w == Some("have");
            if !rest.is_empty() {
                // `could've`, `couldn't have`
                words.next();
                rest.ends_with("ve") || after_rest(words.next())
            } else {
                let first = words.next();
                after_rest(first)
                    || (matches!(
                        first,
                        Some(
                            "not"
                                | "also"
                                | "really"
                                | "never"
                                | "just"
                                | "definitely"
                                | "probably"
                        )
                    ) && after_rest(words.next()))
            }
        }
        Gate::To => next == "to",
        Gate::Had => {
            if rest.is_empty() && text[start..].starts_with("Had") {
                return true;
            }
            let mut from = start.saturating_sub(80);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let before = &text[from..start];
            let sentence = before
                .rsplit(['.', '!', '?', ';', '\n'])
                .next()
                .unwrap_or(before);
            sentence
                .to_ascii_lowercase()
                .split_whitespace()
                .any(|w| w == "if")
        }
        Gate::Error => {
            let mut from = start.saturating_sub(12);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let before = text[from..start]
                .trim_end_matches(|c: char| c.is_whitespace() || c == '-')
                .to_ascii_lowercase();
            ["human", "operator", "user", "pilot", "engineer", "people"]
                .iter()
                .any(|w| before.ends_with(w))
        }
        Gate::Anyone => matches!(next.as_str(), "could" | "can" | "would" | "knows" | "knew"),
        Gate::Clear => rest == "ly" || (rest.is_empty() && next == "that"),
        Gate::Cause => rest.is_empty() && next.starts_with("caus"),
        Gate::OfCourse => {
            let mut from = start.saturating_sub(8);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            text[from..start]
                .trim_end()
                .to_ascii_lowercase()
                .ends_with("of")
        }
    }
}

/// Whether `text` may hold a language finding: false for nearly every clean document, at
/// the cost of one multi-pattern pass and a look at the words around each trigger word.
pub fn may_hold_findings(text: &str) -> bool {
    first_trigger(text).is_some()
}

/// Where the first trigger word that passes its gate starts.
pub fn first_trigger(text: &str) -> Option<usize> {
    thread_local! {
        // The lower-cased copy, kept per thread: one allocation, not one per document.
        static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LOWER.with_borrow_mut(|lower| {
        lower.clear();
        lower.extend_from_slice(text.as_bytes());
        lower.make_ascii_lowercase();
        first_trigger_in(text, lower)
    })
}

fn first_trigger_in(text: &str, lower: &[u8]) -> Option<usize> {
    TRIGGERS
        .find_iter(lower)
        .find(|m| {
            let (word, g) = TRIGGER_WORDS
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or(("", Gate::Always));
            // `had ` and its kin end at the word: the gate reads on from there.
            let end = m.start() + word.trim_end().len();
            gate(text, m.start(), end, g)
        })
        .map(|m| m.start())
}

/// The language findings of a document, with pm.yaml's `lint:` settings applied.
pub fn check(doc: &Document, settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(split) = &doc.split else { return out };
    let text = &doc.source.text;
    let Some(body) = text.get(split.body.clone()) else {
        return out;
    };
    training(doc, settings, &mut out);
    out.extend(check_body(body, split.body.start, settings));
    out
}

/// The findings of the rules reading the body (every one but `training-remediation`), and
/// of `suppression`, in `body`, which starts at byte `base` of the file: spans are file
/// offsets.
pub fn check_body(body: &str, base: usize, settings: &Settings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if settings.all_disabled() || (!settings.has_extra() && !may_hold_findings(body)) {
        return out;
    }
    let prose = prose::read(body, base);
    // Steering comments naming rules that do not exist.
    for (ids, comment) in &prose.named {
        for id in ids {
            if rule_info(id).is_none() {
                let known = RULES.iter().map(|r| r.id);
                let mut d = Diagnostic::warning(
                    "suppression",
                    format!("`{id}` in this comment is not a language rule"),
                )
                .at(comment.clone());
                d = match crate::diagnostic::did_you_mean(id, known) {
                    Some(best) => d.label(format!("did you mean `{best}`?")).hint(format!(
                        "write `{best}`; the comment has no effect for `{id}`"
                    )),
                    None => d.hint(format!(
                        "the language rules are {}",
                        RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
                    )),
                };
                out.push(d);
            }
        }
    }
    for chunk in &prose.chunks {
        let heading = chunk.heading.is_some();
        let mut hits = scan(&chunk.text, heading);
        settings.extra_hits(&chunk.text, heading, &mut hits);
        let allowed = settings.allowed_ranges(&chunk.text);
        for hit in hits {
            if !settings.enabled(hit.rule) || allowed.iter().any(|a| overlaps(a, &hit.range)) {
                continue;
            }
            let span = chunk.span(hit.range.clone());
            let suppressed = prose.allowed.iter().any(|a| {
                overlaps(&a.range, &span)
                    && (a.rules.is_empty() || a.rules.iter().any(|r| r == hit.rule))
            });
            if suppressed {
                continue;
            }
            out.push(diagnostic(chunk, &hit, span, settings));
        }
    }
    out
}

fn diagnostic(chunk: &Chunk, hit: &Hit, span: Range<usize>, settings: &Settings) -> Diagnostic {
    let phrase = chunk.text[hit.range.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let info = rule_info(hit.rule).copied().unwrap_or(RULES[0]);
    let (message, label) = match hit.rule {
        COUNTERFACTUAL => (
            format!("“{phrase}” is a counterfactual: it describes a past that did not happen"),
            "counterfactual",
        ),
        BLAME => (
            format!("“{phrase}” judges people instead of describing conditions"),
            "blame",
        ),
        ROOT_CAUSE => (format!("“{phrase}” suggests a single cause"), "one cause?"),
        ROOT_CAUSE_HEADING => (
            format!(
                "the heading “{}” asks for a single cause",
                chunk.text.trim()
            ),
            "one cause?",
        ),
        HINDSIGHT => (
            format!("“{phrase}” is hindsight: it judges the moment by what is known now"),
            "hindsight",
        ),
        _ => (format!("“{phrase}”"), "here"),
    };
    let d = Diagnostic {
        severity: settings.severity(hit.rule),
        ..Diagnostic::warning(info.id, message)
    };
    d.at(span)
        .label(label)
        .hint(format!("{}. {}", capitalise(info.fix), info.why))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `training-remediation`: each remediation title whose only action is training people.
fn training(doc: &Document, settings: &Settings, out: &mut Vec<Diagnostic>) {
    if !settings.enabled(TRAINING) {
        return;
    }
    let items = &doc.front.remediation;
    let flagged: Vec<(usize, &str)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| item.title.as_deref().map(|t| (i, t)))
        .filter(|(_, t)| training_only(t) || settings.extra_training(t))
        .filter(|(_, t)| !settings.allowed_ranges(t).iter().any(|r| !r.is_empty()))
        .collect();
    let all = !flagged.is_empty() && flagged.len() == items.len();
    let info = rule_info(TRAINING).copied().unwrap_or(RULES[0]);
    for (i, title) in flagged {
        let at = [
            crate::parse::locate::Seg::Key("remediation"),
            crate::parse::locate::Seg::Index(i),
            crate::parse::locate::Seg::Key("title"),
        ];
        let message = if all {
            format!(
                "the remediation item “{title}” only trains people, and so does every item of this postmortem"
            )
        } else {
            format!("the remediation item “{title}” only trains people")
        };
        let hint = if all {
            format!(
                "{}; keep the training if it helps, but add at least one item that changes the system. {}",
                capitalise(info.fix),
                info.why
            )
        } else {
            format!("{}. {}", capitalise(info.fix), info.why)
        };
        out.push(
            Diagnostic {
                severity: settings.severity(TRAINING),
                ..Diagnostic::warning("training-remediation", message)
            }
            .at_opt(super::field_span(doc, &at))
            .label("training only")
            .hint(hint),
        );
    }
    let _ = Severity::Warning;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<&'static str> {
        scan(text, false).into_iter().map(|h| h.rule).collect()
    }

    #[test]
    fn people_and_systems() {
        assert_eq!(
            rules("The on-call engineer should have checked the replica."),
            [COUNTERFACTUAL]
        );
        assert!(rules("The failover should have started within 30 seconds.").is_empty());
        assert!(
            rules("The age alert comes first: it would have paged within ten minutes.").is_empty()
        );
        assert_eq!(
            rules("We shouldn’t have deployed on a Friday."),
            [COUNTERFACTUAL]
        );
        assert_eq!(
            rules("She should've known the cache was cold."),
            [HINDSIGHT]
        );
        assert_eq!(rules("He should have been more careful."), [BLAME]);
        assert!(rules("Every service should have an owner.").is_empty());
    }

    #[test]
    fn training_titles() {
        assert!(training_only("Train the on-call team on failover"));
        assert!(training_only("More training for new hires"));
        assert!(training_only("Better training"));
        assert!(!training_only(
            "Write a failover runbook and train the on-call team"
        ));
        assert!(!training_only(
            "Add a training environment for failover drills"
        ));
        assert!(!training_only("Page when replica lag exceeds 30 seconds"));
    }

    /// The sentences and titles of the labelled corpus (titles start with `## `).
    fn corpus_sentences() -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/lint-corpus/sentences.tsv");
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| l.split('\t').nth(2).unwrap().to_string())
            .collect()
    }

    /// Every sentence of the labelled corpus that a rule reports passes the gate alone.
    #[test]
    fn the_gate_passes_every_flagged_sentence_of_the_corpus() {
        let mut n = 0;
        for text in corpus_sentences() {
            let sentence = text.trim_start_matches("## ");
            let found = !scan(sentence, text.starts_with("## ")).is_empty();
            if found {
                n += 1;
                assert!(may_hold_findings(sentence), "the gate stops: {sentence}");
            }
        }
        assert!(n > 100);
    }

    /// Each phrase looked at all the words of the paragraph before it (and after it), so a
    /// long paragraph of findings took time growing with its square: these 2,100 sentences
    /// (160 kB) took 313 s in a debug build, now under a second. The `language` fuzz
    /// target's long-line seed showed it (a 60 s input).
    #[test]
    fn regression_a_long_paragraph_took_quadratic_time() {
        let sentences = [
            "The on-call engineer should have checked the replica, and it was obvious. ",
            "It was not human error, and nobody was at fault; clearly the root cause was missing. ",
            "He was careless, the lazy operator failed to page. If only she had known. ",
        ];
        let text = sentences.concat().repeat(700);
        let started = std::time::Instant::now();
        let hits = scan(&text, false);
        let took = started.elapsed();
        assert_eq!(hits.len(), 700 * scan(&sentences.concat(), false).len());
        assert!(took.as_secs() < 5, "{} KB took {took:?}", text.len() / 1000);
        // One sentence: `who` read the whole sentence before each phrase, and the fuzz
        // input of 213 phrases in one 17 kB sentence took 30 s.
        let text = "The on-call engineer should have checked the replica, ".repeat(1000);
        let started = std::time::Instant::now();
        assert_eq!(scan(&text, false).len(), 1000);
        let took = started.elapsed();
        assert!(took.as_secs() < 5, "one sentence took {took:?}");
    }

    /// `who` reads the end of a long sentence first; it must answer as reading all of it.
    #[test]
    fn who_answers_the_same_from_the_end_of_a_long_sentence() {
        let mut n = 0;
        for sentence in corpus_sentences() {
            for pad in ["the replica lagged ", "x, ", "It said that ", "Ana "] {
                for prefix in [String::new(), pad.repeat(40)] {
                    let text = format!("{prefix}{sentence}");
                    // Every word end of the sentence, as the rules ask `who` about the words
                    // before a phrase.
                    for m in P
                        .word
                        .find_iter(&text)
                        .filter(|m| m.start() >= prefix.len())
                    {
                        let before = &text[..m.end()];
                        assert_eq!(who(before), who_clauses(before).0, "{before:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 5_000);
    }

    #[test]
    fn the_gate_passes_what_the_rules_find() {
        for s in [
            "If we had paged the database team, it would be different.",
            "Had the engineer checked the lag, nothing.",
            "it was human error",
            "the root\ncause",
            // Capitals pass too: the search runs over a lower-cased copy.
            "It was OBVIOUSLY the cache, and the operator SHOULD HAVE known.",
        ] {
            assert!(may_hold_findings(s), "{s}");
        }
        assert!(!may_hold_findings(
            "The replica lagged by 40 minutes and nobody had seen it."
        ));
    }
}
