//! The phrases real postmortems judge people with beyond the classic list: an adverb
//! (`an engineer mistakenly applied`), a mistake named (`made a mistake`, `a mistake by a
//! new hire`, `forgot to`, `fat-fingered`, `personnel error`, `inattentiveness`), insults,
//! a summary built around one person's action (`it turns out that @marc ran`), and the
//! hindsight of a story told backwards (`in 20/20 hindsight`, `you may already see where
//! this is going`).

use std::ops::Range;
use std::sync::LazyLock;

use super::needles::patterns;
use super::who::*;
use crate::lint::rules::{BLAME, COUNTERFACTUAL, HINDSIGHT};
use crate::lint::words::{self, is};

patterns! {
    Patterns {
    adverb: r"\b(?:mistakenly|erroneously|wrongly|incorrectly|wrongfully)\b",
    mistyped: r"\b(?:mistyped|mistypes|mistyping|fat-fingers)\b",
    thought_to: r"\bthought\s+to\b",
    judged: r"\brogue\s+(?:employee|engineer|admin|administrator|operator|developer|technician|insider|contractor|staffer)s?\b|\brubber[\s-]*stamp(?:s|ed|ing)?\b|\bout\s+of\s+(?:his|her|their|my|our|your)\s+depth\b|\b(?:poor|bad|questionable|flawed)\s+judge?ments?\b|\berrors?\s+of\s+judge?ment\b|\black\s+of\s+(?:care|diligence|judge?ment|attention|discipline)\b",
    attention: r"\b(?:wasnAPOSt|was\s+not|werenAPOSt|were\s+not|not|never|didnAPOSt|did\s+not)\s+(?:paying|pay|paid)\s+(?:enough\s+|close\s+|much\s+|any\s+)?attention\b|\basleep\s+at\s+the\s+wheel\b|\bdropped\s+the\s+ball\b",
    made_mistake: r"\b(?:made|makes|making)\s+(?:a|an|one|two|several|many|some|this|that|the)(\s+[\w-]+)?(?:\s+of)?\s+(?:mistakes?|errors?|blunders?|typos?)\b",
    mistake_by: r"\b(?:mistakes?|errors?|blunders?|typos?)\s+(?:made\s+)?by\s+((?:[\w'’@.-]+\s*){1,4})",
    owner_mistake: r"\b(?:([\w-]+)APOSs|my|his|her|their|your)\s+(?:own\s+)?(?:mistakes?|blunders?|errors?|typos?)\b",
    forgot: r"\b(?:forgot|forgets|forgetting|forgotten)\s+to\b",
    fat_finger: r"\bfat[\s-]*finger(?:s|ed|ing)?\b",
    inattention: r"\binattenti(?:ve|veness|on)\b|\blapses?\s+(?:in|of)\s+(?:attention|concentration|judge?ment)\b",
    insult: r"\b(?:idiot(?:s|ic)?|stupid(?:ity|ly)?|moron(?:s|ic)?|clueless|bone-?headed|dumb|amateurish|rookie\s+(?:mistakes?|errors?|moves?))\b",
    turns_out: r"\bturn(?:s|ed)\s+out[\s,]+(?:that\s+)?",
    hindsight: r"\bhindsight\s+(?:is|was|being)\s+20/20\b|\b(?:disaster|accident|outage|incident)\s+waiting\s+to\s+happen\b|\bonly\s+a\s+matter\s+of\s+time\b|\bwas\s+bound\s+to\s+(?:happen|fail|break)\b|\bsee\s+where\s+this\s+is\s+going\b|\bguess\s+what\s+happen(?:s|ed)\s+next\b|\blooking\s+back\s*,|\bwriting\s+(?:was|is)\s+on\s+the\s+wall\b|\b(?:warning\s+)?signs\s+were\s+(?:all\s+)?there\b|\b(?:was|were|is|entirely|completely|totally|perfectly|utterly|wholly)\s+(?:predictable|foreseeable|avoidable)\b|\b(?:predictably|naturally|unsurprisingly|inevitably)\s*,",
    }
}

static P: LazyLock<Patterns> = LazyLock::new(Patterns::new);

/// Nouns after `error` that make it a technical thing (`the user error page`, `their
/// error budget`).
const TECHNICAL_ERROR: &[&str] = &[
    "page", "pages", "message", "messages", "screen", "dialog", "code", "codes", "rate", "rates",
    "budget", "budgets", "handling", "handler", "log", "logs", "count", "counts",
];

/// Whether the words before `at` in `text` make it a passive (`requests were erroneously
/// rejected`): the phrase is then about what happened, not who did it.
fn passive(text: &str, at: usize) -> bool {
    let w = last_words(&text[..at], 1);
    w.last().is_some_and(|w| {
        matches!(
            w.as_str(),
            "was" | "were" | "is" | "are" | "be" | "been" | "being" | "got" | "get"
        )
    })
}

/// The blame and hindsight findings of these phrases in `text`.
pub(super) fn scan(text: &str, add: &mut impl FnMut(&'static str, Range<usize>)) {
    let p = &*P;
    let present = p.set.present(text);
    for m in p.adverb.find_iter(&present, text) {
        if !passive(text, m.start()) && who(sentence_before(text, m.start())) == Who::People {
            add(BLAME, m.range());
        }
    }
    for m in p.mistyped.find_iter(&present, text) {
        if !passive(text, m.start()) && who(sentence_before(text, m.start())) != Who::System {
            add(BLAME, m.range());
        }
    }
    // `nobody on the team thought to check`: what no one did, as a failing.
    for m in p.thought_to.find_iter(&present, text) {
        let subject = last_words(sentence_before(text, m.start()), 6);
        let nobody = subject.iter().any(|w| w == "nobody")
            || subject.windows(2).any(|p| p[0] == "no" && p[1] == "one");
        if nobody {
            add(COUNTERFACTUAL, m.range());
        }
    }
    for m in p.judged.find_iter(&present, text) {
        if !negated(&text[..m.start()]) {
            add(BLAME, m.range());
        }
    }
    for m in p.attention.find_iter(&present, text) {
        if who(sentence_before(text, m.start())) != Who::System {
            add(BLAME, m.range());
        }
    }
    for c in p.made_mistake.captures_iter(&present, text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        // `anyone could have made the same mistake`: what the conditions allowed.
        if c.get(1)
            .is_some_and(|g| g.as_str().trim().eq_ignore_ascii_case("same"))
        {
            continue;
        }
        if who(sentence_before(text, all.start)) == Who::People && !negated(&text[..all.start]) {
            add(BLAME, all);
        }
    }
    for c in p.mistake_by.captures_iter(&present, text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let object = c.get(1).map_or("", |g| g.as_str());
        let by = object_about_people(object);
        if by && !negated(&text[..all.start]) {
            let end = c.get(1).map_or(all.end, |g| g.start());
            add(BLAME, all.start..end.max(all.start));
        }
    }
    for c in p.owner_mistake.captures_iter(&present, text) {
        let all = c.get(0).map_or(0..0, |g| g.range());
        let next = words_from(&text[all.end..]).next().unwrap_or_default();
        if is(TECHNICAL_ERROR, &next) {
            continue;
        }
        // `my mistake`, not `their errors` (an error is too often a system's).
        let phrase = c.get(0).map_or("", |g| g.as_str()).to_lowercase();
        let people = match c.get(1) {
            None => !phrase.ends_with("error") && !phrase.ends_with("errors"),
            Some(owner) => {
                let written = owner.as_str();
                let lower = lower(written);
                is(words::PEOPLE, &lower)
                    || (written.chars().next().is_some_and(char::is_uppercase)
                        && !is(words::SYSTEMS, &lower)
                        && !written.chars().all(|c| !c.is_lowercase()))
            }
        };
        if people && !negated(&text[..all.start]) {
            add(BLAME, all);
        }
    }
    for m in p.forgot.find_iter(&present, text) {
        if !negated(&text[..m.start()]) && who(sentence_before(text, m.start())) != Who::System {
            add(BLAME, m.range());
        }
    }
    for m in p.fat_finger.find_iter(&present, text) {
        if !negated(&text[..m.start()]) {
            add(BLAME, m.range());
        }
    }
    for m in p.inattention.find_iter(&present, text) {
        if !negated(&text[..m.start()]) {
            add(BLAME, m.range());
        }
    }
    for m in p.insult.find_iter(&present, text) {
        if m.as_str().eq_ignore_ascii_case("dumb") {
            // `a dumb pipe`, `the proxy is deliberately dumb`: a design, not a judgement.
            let next = words_from(&text[m.end()..]).next().unwrap_or_default();
            let prev = last_words(&text[..m.start()], 1);
            let design = is(words::SYSTEMS, &next)
                || matches!(next.as_str(), "pipe" | "pipes" | "terminal" | "terminals")
                || prev.last().is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "deliberately" | "intentionally" | "purposely" | "kept"
                    )
                });
            if design {
                continue;
            }
        }
        if !negated(&text[..m.start()]) {
            add(BLAME, m.range());
        }
    }
    for m in p.turns_out.find_iter(&present, text) {
        if one_person_acts(&text[m.end()..]) {
            add(BLAME, m.start()..m.end());
        }
    }
    for m in p.hindsight.find_iter(&present, text) {
        // `Predictably,`, `Naturally,` open a sentence; elsewhere they are manner.
        let opening = m.as_str().trim_end().ends_with(',');
        if opening && !sentence_before(text, m.start()).trim().is_empty() {
            continue;
        }
        if !opening && negated(&text[..m.start()]) {
            continue;
        }
        add(HINDSIGHT, m.range());
    }
}

/// Whether the object of `by` is people: a person word, a handle, a name.
fn object_about_people(object: &str) -> bool {
    let found: Vec<&str> = raw_words(object);
    let lower: Vec<String> = found.iter().map(|w| lower(w)).collect();
    if lower.iter().any(|w| is(words::SYSTEMS, w)) && !lower.iter().any(|w| is(words::PEOPLE, w)) {
        return false;
    }
    object.trim_start().starts_with('@')
        || lower.iter().any(|w| is(words::PEOPLE, w))
        || found
            .first()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Whether `rest` (what follows `it turns out that`) opens with one person doing
/// something: `@marc ran`, `Kai had pushed`, `an engineer had applied`, `someone had`.
/// Not `we` or `the team`: a discovery about the group is how every investigation reads.
fn one_person_acts(rest: &str) -> bool {
    let rest = rest.trim_start();
    if rest.starts_with('@') {
        return true;
    }
    let raw: Vec<&str> = raw_words(rest).into_iter().take(3).collect();
    let Some(first) = raw.first() else {
        return false;
    };
    let first_lower = lower(first);
    if matches!(first_lower.as_str(), "someone" | "somebody") {
        return true;
    }
    let capital = first.chars().next().is_some_and(char::is_uppercase)
        && first.chars().any(char::is_lowercase)
        && !is(words::SYSTEMS, &first_lower)
        && !is(words::NOT_NAMES, &first_lower)
        && !matches!(
            first_lower.as_str(),
            "it" | "this" | "that" | "the" | "a" | "an"
        );
    if capital {
        return true;
    }
    let single = [
        "engineer",
        "operator",
        "developer",
        "admin",
        "administrator",
        "technician",
        "contractor",
        "intern",
        "employee",
        "reviewer",
        "responder",
        "on-call",
        "oncall",
        "sre",
        "dba",
        "manager",
        "author",
    ];
    matches!(first_lower.as_str(), "a" | "an" | "one" | "the" | "our")
        && raw
            .iter()
            .skip(1)
            .take(2)
            .any(|w| single.contains(&lower(w).as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&'static str> {
        let mut out = Vec::new();
        scan(text, &mut |rule, _| out.push(rule));
        out
    }

    #[test]
    fn people_and_systems() {
        assert_eq!(found("An engineer mistakenly applied the change."), [BLAME]);
        assert!(found("The parser mistakenly accepted the header.").is_empty());
        assert!(found("Requests were erroneously rejected.").is_empty());
        assert_eq!(found("It turns out that @marc ran the backfill."), [BLAME]);
        assert!(found("It turns out that the backfill ran twice.").is_empty());
        assert!(found("It turns out we had never tested it.").is_empty());
        assert!(found("The dumb pipe has no retries.").is_empty());
        assert_eq!(found("That was a dumb decision."), [BLAME]);
        assert!(found("Our error budget ran out.").is_empty());
        assert_eq!(found("It was their mistake."), [BLAME]);
        assert!(found("Anyone could have made the same mistake.").is_empty());
        assert_eq!(found("Predictably, it failed."), [HINDSIGHT]);
        assert!(found("It behaved predictably, as designed.").is_empty());
    }
}
