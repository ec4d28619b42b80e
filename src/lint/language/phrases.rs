//! The phrases of the body-reading rules (`counterfactual`, `blame`, `root-cause`,
//! `hindsight`) as patterns, and `scan`, which keeps those the sentence makes about
//! people; and `training_only` for remediation titles.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::who::*;
use crate::lint::rules::*;
use crate::lint::words::{self, is};

pub(super) const APOS: &str = "['’ʼ]";

pub(super) fn re(pattern: &str) -> Regex {
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
});

pub(super) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
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
pub(super) static TRAINING_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:train|trains|trained|training|trainings|retrain|retraining|re-train|re-training|educate|educating|education|teach|teaching|coach|coaching|workshops?|remind|reminders?|awareness|lunch[\s-]+and[\s-]+learn|brown[\s-]+bag|knowledge[\s-]+shar\w*|be\s+more\s+careful|pay\s+(?:more|closer)\s+attention|onboarding\s+sessions?|refresher)\b",
    )
});
/// Training that is a thing built, not people taught.
pub(super) static TRAINING_THINGS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\btraining\s+(?:environment|cluster|data|dataset|set|job|jobs|pipeline|run|runs|model|models|sandbox|simulator|mode)\b|\bmodel\s+training\b",
    )
});
/// Actions that change the system.
pub(super) static ACTIONS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:add|adds|write|build|create|automate|implement|introduce|set\s+up|configure|fix|move|remove|replace|block|limit|require|enforce|migrate|rate-limit|instrument|validate|lint|enable|disable|install|upgrade|refactor|alert\s+on|page\s+when|page\s+on)\b",
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
