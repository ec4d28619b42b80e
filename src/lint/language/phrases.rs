//! The phrases of the body-reading rules (`counterfactual`, `blame`, `root-cause`,
//! `hindsight`) as patterns, and `scan`, which keeps those the sentence makes about
//! people; and `training_only` for remediation titles.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::mentions::{mentioned, quote_spans};
use super::needles::patterns;
use super::who::*;
use crate::lint::rules::*;
use crate::lint::words::{self, is};

pub(super) const APOS: &str = "['’ʼ]";

pub(super) fn re(pattern: &str) -> Regex {
    let source = source(pattern);
    // The patterns are constants: a broken one is a bug that every test run shows.
    Regex::new(&source).unwrap_or_else(|e| panic!("bad pattern {source}: {e}"))
}

/// What `pattern` compiles as: `APOS` an apostrophe, case-insensitive, and ASCII word
/// boundaries: with Unicode ones the regex crate cannot use its DFA on text holding any
/// non-ASCII character (a dash, a curly quote), and runs many times slower. Around English
/// phrases the two agree.
pub(super) fn source(pattern: &str) -> String {
    let pattern = pattern.replace("APOS", APOS).replace(r"\b", r"(?-u:\b)");
    format!("(?i){pattern}")
}

patterns! {
    Patterns {
    modal: r"\b(should|could|would|ought\s+to)(\s+not|nAPOSt)?(?:\s+(?:also|really|just|definitely|probably|never|at\s+least))?(\s+have|APOSve)\b",
    question: r"\b(?:could|should|would|might)(?:nAPOSt)?\s+((?:[\w@.'’-]+\s+){1,4}?)have\s+",
    contracted: r"\b(i|we|you|he|she|they|someone|somebody)APOSd\s+have\b",
    failed: r"\b(?:failed|fail|fails|failing)\s+to\b",
    neglected: r"\b(?:neglected|neglect|neglects|neglecting)\s+to\b|\b(?:nobody|no\s+one)\s+(?:even\s+)?bothered\s+to\b|\b(?:nobody|no\s+one|never|didnAPOSt|did\s+not)\s+(?:even\s+)?(?:thought|think)\s+to\b|\b(?:didnAPOSt|did\s+not|never|not)\s+(?:even\s+)?bother(?:ed)?\s+to\b",
    if_only: r"\bif\s+only\b",
    if_had: r"\bif\s+([^,.;:!?]{1,60}?)\s+(?:had|hadnAPOSt)\s+",
    // Case-sensitive: `Had` opening a sentence.
    had_first: r"(?-i)(?:^|[.!?;:]\s+|\(\s*)(Had)\s+",
    blame_error: r"\b(?:human|operator|user|pilot|engineer|engineering|people|personnel|staff|technician)[\s-]+(?:errors?|mistakes?)\b",
    blame_words: r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppily|sloppiness|incompeten(?:t|tly|ce)|lazy|laziness|reckless(?:ly|ness)?|irresponsibl[ey]|irresponsibility)\b",
    at_fault: r"\bat\s+fault\b",
    fault_of: r"\bfault\s+of\s+((?:[\w'’-]+\s*){1,4})",
    whose_fault: r"\b([\w-]+)(APOSs)?\s+fault\b",
    to_blame: r"\b(?:to\s+blame|blam(?:e|ed|es|ing))\b(-free)?",
    careful: r"\b(?:should|could|ought\s+to|must|needs?\s+to|needed\s+to|ha(?:ve|s|d)\s+to)(?:\s+not|nAPOSt)?(?:\s+have\s+been|APOSve\s+been|\s+be)\s+more\s+(?:careful|attentive|diligent|vigilant)\b",
    root_cause: r"\broot[\s-]+caus(?:e|es|ed|ing)\b",
    obvious: r"\bobvious(?:ly)?\b",
    clearly: r"\bclearly\b",
    it_was_clear: r"\bit\s+(?:was|is)\s+(?:(\w+)\s+)?clear\s+that\b",
    of_course: r"\bof\s+course\b",
    known: r"\b(?:should|could|ought\s+to|must)(\s+not|nAPOSt)?(?:\s+have|APOSve)\s+(?:\w+ly\s+|also\s+)?(?:known|foreseen|anticipated|predicted|seen\s+(?:it|this|that)\s+coming)\b",
    anyone_see: r"\b(?:as\s+)?(?:any|every)(?:one|body)\s+(?:could|can|would)\s+(?:have\s+)?(?:see|seen|tell|told)\b|\bas\s+(?:any|every)(?:one|body)\s+(?:knows|knew)\b",
    in_hindsight: r"\b(?:in|with)\s+(?:the\s+benefit\s+of\s+)?(?:perfect\s+|full\s+|20/20\s+)?hindsight\b|\bin\s+retrospect\b|\bhindsight\s+(?:shows|tells)\b",
    }
}

static P: LazyLock<Patterns> = LazyLock::new(Patterns::new);

pub(super) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The language findings in one chunk of prose (a paragraph, item, heading or cell).
pub fn scan(text: &str, heading: bool) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    // Every phrase needs a trigger word: a chunk without one (most chunks, even in a
    // document with findings) is not searched with each pattern in turn.
    if !super::may_hold_findings(text) {
        return hits;
    }
    let p = &*P;
    let present = p.set.present(text);
    let mut add = |rule: &'static str, range: Range<usize>| hits.push(Hit { rule, range });

    // root-cause (a heading has its own rule, reported once for the heading).
    for m in p.root_cause.find_iter(&present, text) {
        let w = last_words(&text[..m.start()], 3);
        let last: Vec<&str> = w.iter().rev().take(3).map(String::as_str).collect();
        let denied = last.first() == Some(&"no")
            || (last.first() == Some(&"single")
                && (last.get(1) == Some(&"no")
                    || (last.get(1) == Some(&"a")
                        && matches!(
                            last.get(2),
                            Some(&"not" | &"isn't" | &"wasn't" | &"never" | &"than" | &"rarely")
                        ))))
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
    for m in p.known.captures_iter(&present, text) {
        let all = m.get(0).map_or(0..0, |g| g.range());
        if m.get(1).is_none() {
            add(HINDSIGHT, all);
        }
    }
    for m in p.obvious.find_iter(&present, text) {
        if !negated(&text[..m.start()]) && !obvious_then(text, m.range()) {
            add(HINDSIGHT, m.range());
        }
    }
    for m in p.clearly.find_iter(&present, text) {
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
        let manner = before.last().is_some_and(|w| {
            is(MANNER, w) || is(SHOWING, w) || matches!(w.as_str(), "more" | "less")
        }) || after
            .first()
            .is_some_and(|w| (is(MANNER, w) && w != "visible") || is(SHOWING, w));
        if !manner && !negated(&text[..m.start()]) {
            add(HINDSIGHT, m.range());
        }
    }
    for m in p.it_was_clear.captures_iter(&present, text) {
        let between = m.get(1).map(|g| g.as_str().to_lowercase());
        if !matches!(between.as_deref(), Some("not" | "never" | "un" | "hardly")) {
            add(HINDSIGHT, m.get(0).map_or(0..0, |g| g.range()));
        }
    }
    for m in p.of_course.find_iter(&present, text) {
        add(HINDSIGHT, m.range());
    }
    for m in p.anyone_see.find_iter(&present, text) {
        add(HINDSIGHT, m.range());
    }
    for m in p.in_hindsight.find_iter(&present, text) {
        // `only obvious in hindsight`: a sentence about the bias, not one in it.
        let only = last_words(&text[..m.start()], 3)
            .iter()
            .any(|w| w == "only");
        if !only {
            add(HINDSIGHT, m.range());
        }
    }
    super::judged::scan(text, &mut add);

    // blame
    for m in p.careful.find_iter(&present, text) {
        add(BLAME, m.range());
    }
    for m in p.blame_error.find_iter(&present, text) {
        // `the user error page`: a thing's name.
        let next = words_from(&text[m.end()..]).next().unwrap_or_default();
        let named = matches!(
            next.as_str(),
            "page" | "pages" | "message" | "messages" | "screen" | "dialog" | "code" | "codes"
        );
        if !named && !negated(&text[..m.start()]) {
            add(BLAME, m.range());
        }
    }
    for m in p.blame_words.find_iter(&present, text) {
        let word = m.as_str().to_lowercase();
        let next = words_from(&text[m.end()..]).next().unwrap_or_default();
        let next = next.as_str();
        let technical = (word == "lazy" && lazy_technical(text, m.range(), next))
            || (word == "sloppy" && next == "quorum");
        if !technical && !negated(&text[..m.start()]) {
            add(BLAME, m.range());
        }
    }
    for m in p.at_fault.find_iter(&present, text) {
        let before = &text[..m.start()];
        if !negated(before) && who(sentence_before(text, m.start())) != Who::System {
            add(BLAME, m.range());
        }
    }
    for c in p.fault_of.captures_iter(&present, text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let object = c.get(1).map_or("", |g| g.as_str());
        if mentions_people(object) && !negated(&text[..all.start]) {
            let end = all.start + "fault of".len();
            add(BLAME, all.start..end.min(all.end));
        }
    }
    for c in p.whose_fault.captures_iter(&present, text) {
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
    for c in p.to_blame.captures_iter(&present, text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        if c.get(1).is_some() {
            continue; // blame-free
        }
        let before = last_words(&text[..all.start], 1);
        let prev = before.last().map(String::as_str).unwrap_or("");
        if prev == "git" || negated(&text[..all.start]) {
            continue;
        }
        // `the cache was to blame`, `the team blamed the CDN`: a system, not people. `X
        // was to blame` judges people only when X is people (`the JVM heap was to blame`).
        let phrase = c.get(0).map_or("", |g| g.as_str()).to_lowercase();
        let about_system = if phrase.starts_with("to") {
            let subject = sentence_before(text, all.start);
            // `Who is to blame?`: the question asks for a person.
            let asks_who = subject
                .split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("who"));
            !asks_who && who(subject) != Who::People
        } else if phrase == "blamed" && prev_is_be(&before) {
            who(sentence_before(text, all.start)) == Who::System
        } else {
            blamed_object_is_system(sentence_after(text, all.end))
        };
        // `Blaming people feels like accountability`: the act discussed, not done.
        let discussed = phrase == "blaming" && sentence_before(text, all.start).trim().is_empty();
        if about_system || discussed {
            continue;
        }
        add(BLAME, all);
    }

    // counterfactual
    for c in p.modal.captures_iter(&present, text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let negative = c.get(2).is_some();
        let (verb, next) = verb_after(&text[all.end..]);
        let Some(verb) = verb else { continue };
        if !words::participle(&verb) {
            continue; // `should have a runbook`: a recommendation, not a past
        }
        if not_a_past(&verb, next.as_deref()) || same_mistake(&text[all.end..]) {
            continue;
        }
        let sentence = sentence_before(text, all.start);
        let subject = who(sentence);
        let passive = verb == "been";
        let passive_people = passive
            && next
                .as_deref()
                .is_some_and(|n| is(words::PASSIVE_PEOPLE, n))
            && !sentence_after(text, all.end).contains("automatic")
            && !by_a_system(sentence_after(text, all.end));
        // `what would have helped`: the facilitator's question about conditions.
        if last_words(sentence, 1).first().is_some_and(|w| w == "what") {
            continue;
        }
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
    for c in p.question.captures_iter(&present, text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let subject = c.get(1).map_or("", |g| g.as_str());
        // A question: the sentence ends with `?`.
        let rest = sentence_after(text, all.end);
        if !text[all.end + rest.len()..].starts_with('?') {
            continue;
        }
        let (verb, next) = verb_after(&text[all.end..]);
        let Some(verb) = verb else { continue };
        if !words::participle(&verb) || not_a_past(&verb, next.as_deref()) {
            continue;
        }
        let passive_people = verb == "been"
            && next
                .as_deref()
                .is_some_and(|n| is(words::PASSIVE_PEOPLE, n))
            && !by_a_system(sentence_after(text, all.end));
        let flagged = match who(subject) {
            Who::People => true,
            Who::System => passive_people,
            Who::Unknown => passive_people || (verb != "been" && is(words::PEOPLE_VERBS, &verb)),
        };
        if flagged {
            add(
                COUNTERFACTUAL,
                all.start..all.end.saturating_sub(1).max(all.start),
            );
        }
    }
    for c in p.contracted.captures_iter(&present, text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let (verb, _) = verb_after(&text[all.end..]);
        if verb.as_deref().is_some_and(words::participle) {
            add(COUNTERFACTUAL, all);
        }
    }
    for m in p.failed.find_iter(&present, text) {
        if who(sentence_before(text, m.start())) == Who::People {
            add(COUNTERFACTUAL, m.range());
        }
    }
    for m in p.neglected.find_iter(&present, text) {
        if who(sentence_before(text, m.start())) != Who::System {
            add(COUNTERFACTUAL, m.range());
        }
    }
    for m in p.if_only.find_iter(&present, text) {
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
    for c in p.if_had.captures_iter(&present, text) {
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
    for c in p.had_first.captures_iter(&present, text) {
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
    drop_mentions(text, &mut hits);
    hits
}

/// Drops the hits whose words are mentioned, not used: quoted, named as words, rejected.
fn drop_mentions(text: &str, hits: &mut Vec<Hit>) {
    if !hits.is_empty() {
        let quotes = quote_spans(text);
        hits.retain(|h| !mentioned(text, &h.range, &quotes));
    }
}

/// `would have had to replay the writes`, `the invite they should have received`: what
/// was necessary or owed, not a different past.
fn not_a_past(verb: &str, next: Option<&str>) -> bool {
    (verb == "had" && next == Some("to")) || matches!(verb, "received" | "gotten")
}

/// Whether a passive's agent is a system: `could have been caught by the canary`.
fn by_a_system(rest: &str) -> bool {
    let w: Vec<String> = words_from(rest).take(10).collect();
    let Some(by) = w.iter().take(6).position(|w| w == "by") else {
        return false;
    };
    let agent: Vec<(usize, &str)> = w[by + 1..]
        .iter()
        .enumerate()
        .map(|(i, w)| (i + 1, w.as_str()))
        .collect();
    let raw = vec![""; agent.len() + 1];
    who_np(&agent, &raw) == Who::System
}

/// `anyone could have made the same mistake`: what the conditions allowed anyone to do.
fn same_mistake(rest: &str) -> bool {
    let w: Vec<String> = words_from(rest).take(3).collect();
    w.len() == 3 && w[0] == "made" && w[1] == "the" && w[2] == "same"
}

/// Verbs of showing after `clearly` (`the logs clearly showed the mismatch`): what a tool
/// or a finding made plain, not a judgement of the moment.
const SHOWING: &[&str] = &[
    "show",
    "showed",
    "shows",
    "shown",
    "indicate",
    "indicated",
    "indicates",
    "mark",
    "marks",
    "say",
    "says",
    "said",
    "see",
    "saw",
    "seen",
    "display",
    "displays",
    "displayed",
    "list",
    "lists",
    "listed",
    "point",
    "points",
    "pointed",
    "identify",
    "identifies",
    "identified",
    "reveal",
    "reveals",
    "revealed",
    "distinguish",
    "distinguishes",
    "highlight",
    "highlights",
    "highlighted",
    "read",
];

/// Whether `obvious` at `range` speaks of the moment itself: `it seemed obvious at the
/// time`, `the obvious first step`, `only obvious in hindsight`.
fn obvious_then(text: &str, range: Range<usize>) -> bool {
    let before = last_words(&text[..range.start], 3);
    let seemed = before.iter().any(|w| {
        matches!(
            w.as_str(),
            "seemed"
                | "seems"
                | "looked"
                | "looks"
                | "felt"
                | "feels"
                | "appeared"
                | "appears"
                | "sounded"
                | "only"
        )
    });
    let after: Vec<String> = words_from(&text[range.end..]).take(3).collect();
    let candidate = after.first().is_some_and(|w| {
        matches!(
            w.as_str(),
            "first"
                | "next"
                | "step"
                | "steps"
                | "choice"
                | "candidate"
                | "candidates"
                | "suspect"
                | "suspects"
                | "answer"
                | "place"
                | "option"
                | "options"
                | "workaround"
                | "move"
                | "explanation"
                | "hypothesis"
                | "question"
                | "approach"
                | "way"
                | "solution"
                | "fix"
                | "thing"
        )
    });
    let only_later = after.first().is_some_and(|w| w == "only")
        && after.get(1).is_some_and(|w| w == "in" || w == "with");
    seemed || candidate || only_later
}

/// Whether `lazy` at `range`, followed by `next`, is a technical term (`lazy loading`,
/// `lazy DB lookups`): before a noun that is not a person or people's work. Said of
/// people (`was lazy`, `too lazy to`, `the lazy admin`) it judges.
fn lazy_technical(text: &str, range: Range<usize>, next: &str) -> bool {
    const WORK: &[&str] = &[
        "work",
        "review",
        "reviews",
        "reviewing",
        "coding",
        "engineering",
        "approach",
        "attitude",
        "mistake",
        "mistakes",
        "fix",
        "fixes",
        "thinking",
        "testing",
        "habits",
        "habit",
        "culture",
    ];
    if next.is_empty() || next == "to" || is(words::PEOPLE, next) || is(WORK, next) {
        return false;
    }
    let prev = last_words(&text[..range.start], 1);
    let predicative = prev.last().is_some_and(|w| {
        matches!(
            w.as_str(),
            "was"
                | "were"
                | "is"
                | "are"
                | "be"
                | "been"
                | "being"
                | "too"
                | "so"
                | "very"
                | "pretty"
                | "just"
                | "plain"
                | "bit"
                | "got"
                | "felt"
                | "seemed"
        )
    });
    // `lazy, and` after a noun: said of what precedes.
    let after = &text[range.end..];
    let ends = after
        .trim_start()
        .starts_with([',', '.', ';', ':', '!', '?'])
        || after.trim().is_empty();
    !predicative && !ends
}

fn prev_is_be(before: &[String]) -> bool {
    before.last().is_some_and(|w| {
        matches!(
            w.as_str(),
            "was" | "were" | "is" | "are" | "been" | "being" | "got"
        )
    })
}

/// Whether what follows `blamed` names a system only (`blamed the CDN for the slow
/// pages`), not people (`blamed the operator`, `blamed the tool and the engineer`).
fn blamed_object_is_system(after: &str) -> bool {
    let words: Vec<String> = words_from(after).take(12).collect();
    let stop = |w: &str| matches!(w, "for" | "on" | "because" | "when" | "after");
    let mut object: Vec<(usize, &str)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (i + 1, w.as_str()))
        .take_while(|(_, w)| !stop(w))
        .collect();
    // `blamed the outage on a technician`: the one blamed follows `on`.
    if words.get(object.len()).is_some_and(|w| w == "on") {
        object = words
            .iter()
            .enumerate()
            .skip(object.len() + 1)
            .map(|(i, w)| (i + 1, w.as_str()))
            .take_while(|(_, w)| !stop(w))
            .collect();
    }
    if object.is_empty() || object.iter().any(|(_, w)| is(words::PEOPLE, w)) {
        return false;
    }
    let raw: Vec<&str> = std::iter::once("")
        .chain(raw_words(after).into_iter().take(8))
        .collect();
    who_np(&object, &raw) == Who::System
}

/// Words that make a remediation clause a training action, or an appeal to vigilance.
pub(super) static TRAINING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:train|trains|trained|training|trainings|retrain|retrains|retrained|retraining|re-train|re-trained|re-training|educate|educating|education|teach|teaching|coach|coaching|workshops?|remind|reminds|reminded|reminding|reminders?|awareness|aware|lunch[\s-]+and[\s-]+learn|brown[\s-]+bag|knowledge[\s-]+shar\w*|be\s+(?:more\s+|extra\s+|very\s+)?(?:careful|vigilant|cautious|attentive|diligent)|stay\s+(?:alert|vigilant|focused)|pay\s+(?:more\s+|closer\s+)?attention|onboarding\s+sessions?|refresher|reiterat\w*|re-?emphasi[sz]\w*|emphasi[sz]\w*|stress\s+the\s+importance|importance\s+of|double[\s-]check\w*|triple[\s-]check\w*|remember\s+to|share\s+(?:the\s+)?(?:lessons|learnings))\b",
    )
});
/// Training that is a thing built, not people taught.
pub(super) static TRAINING_THINGS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\btraining\s+(?:environment|cluster|data|dataset|set|job|jobs|pipeline|run|runs|model|models|sandbox|simulator|mode)\b|\bmodel\s+training\b|\b(?:train|trains|trained|retrain|retrained)\s+(?:the\s+|a\s+|an\s+|our\s+)?(?:[\w-]+\s+){0,2}(?:model|models|classifier|detector|embeddings?)\b|\breminders?\s+(?:job|jobs|service|emails?|bot|queue|cron|feature|system)\b",
    )
});
/// Actions that change the system.
pub(super) static ACTIONS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:add|adds|added|write|wrote|build|built|create|created|automate|automated|implement|implemented|introduce|introduced|set\s+up|configure|configured|fix|fixed|move|moved|remove|removed|replace|replaced|block|blocked|limit|limited|require|required|requires|enforce|enforced|migrate|migrated|rate-limit|instrument|instrumented|validate|lint|enable|enabled|disable|disabled|install|installed|upgrade|upgraded|refactor|refuses|alert\s+on|page\s+when|page\s+on)\b",
    )
});
pub(super) static CLAUSES: LazyLock<Regex> =
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

/// In the prose of a Remediation section, the training words of each sentence whose only
/// action is training people or asking them to be vigilant (`we will remind all engineers
/// to double-check the context`).
pub fn training_in(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let sentence = sentence_after(text, start);
        let end = start + sentence.len();
        if let Some(m) = TRAINING_WORDS.find(sentence)
            && !TRAINING_THINGS.is_match(sentence)
            && !ACTIONS.is_match(sentence)
        {
            hits.push(Hit {
                rule: TRAINING,
                range: start + m.start()..start + m.end(),
            });
        }
        // Past the sentence's end mark.
        start = text[end..]
            .char_indices()
            .nth(1)
            .map_or(text.len(), |(i, _)| end + i);
    }
    drop_mentions(text, &mut hits);
    hits
}
