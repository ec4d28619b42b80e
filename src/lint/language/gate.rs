//! The trigger gate: one multi-pattern pass (aho-corasick, fat Teddy) for the words every
//! phrase needs, and a look at the words around each, so that a document with none (most
//! documents) is not read any further.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// What to look at around a trigger word before reading the whole document.
#[derive(Clone, Copy)]
pub(super) enum Gate {
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
    /// The word starts here (`train`, not `constraint`).
    WordStart,
    /// `turn`: `out` follows (`it turns out`, `it turned out`).
    Out,
}

/// The trigger words in lower case, searched in a lower-cased copy of the text (ASCII
/// only, so offsets stay those of the text), so a sentence's capitalised first word and a
/// phrase in capitals are looked at too. Words that share their ending and their gate are
/// one pattern (`ould` for could and would), and every pattern has at least four bytes
/// (`had ` rather than `had`): Teddy then compares four-byte fingerprints, with fewer
/// false candidates, which made `pm check` a fifth faster over the 10,000-document corpus.
pub(super) const TRIGGER_WORDS: &[(&str, Gate)] = &[
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
    // blame: mistakes, adverbs, insults; hindsight told as a story
    ("mist", Gate::Always),
    ("erroneous", Gate::Always),
    ("wrongly", Gate::Always),
    ("incorrectly", Gate::Always),
    ("forg", Gate::Always),
    ("finger", Gate::Always),
    ("attenti", Gate::Always),
    ("typo", Gate::Always),
    ("lapse", Gate::Always),
    ("blunder", Gate::Always),
    ("idiot", Gate::Always),
    ("stupid", Gate::Always),
    ("clueless", Gate::Always),
    ("dumb", Gate::WordStart),
    ("rookie", Gate::Always),
    ("rogue", Gate::Always),
    ("judg", Gate::Always),
    ("turn", Gate::Out),
    ("20/20", Gate::Always),
    ("predictabl", Gate::Always),
    ("naturally", Gate::Always),
    ("inevitabl", Gate::Always),
    ("unsurprising", Gate::Always),
    ("foreseeable", Gate::Always),
    ("avoidable", Gate::Always),
];

/// Rarer trigger words, searched only in a text where none of `TRIGGER_WORDS` passes its
/// gate: each packed searcher keeps to 64 patterns, above which aho-corasick builds no
/// Teddy searcher and the general automaton, several times slower, would serve.
pub(super) const RARE_WORDS: &[(&str, Gate)] = &[
    ("moron", Gate::Always),
    ("bone", Gate::WordStart),
    ("amateur", Gate::Always),
    ("asleep", Gate::Always),
    ("the ball", Gate::Always),
    ("rubber", Gate::Always),
    ("their depth", Gate::Always),
    ("his depth", Gate::Always),
    ("her depth", Gate::Always),
    ("lack of", Gate::Always),
    ("think to", Gate::Always),
    ("where this", Gate::Always),
    ("happened next", Gate::Always),
    ("looking back", Gate::Always),
    ("the wall", Gate::Always),
    ("signs were", Gate::Always),
    ("waiting to", Gate::Always),
    ("matter of time", Gate::Always),
    ("bound to", Gate::Always),
    // training and vigilance in a Remediation section's prose
    ("train", Gate::WordStart),
    ("retrain", Gate::Always),
    ("educat", Gate::WordStart),
    ("teach", Gate::WordStart),
    ("coach", Gate::WordStart),
    ("workshop", Gate::Always),
    ("remind", Gate::Always),
    ("aware", Gate::WordStart),
    ("lunch", Gate::WordStart),
    ("brown", Gate::WordStart),
    ("knowledge", Gate::Always),
    ("vigilan", Gate::Always),
    ("cautious", Gate::Always),
    ("diligent", Gate::Always),
    ("stay ", Gate::WordStart),
    ("refresher", Gate::Always),
    ("reiterat", Gate::Always),
    ("emphasi", Gate::Always),
    ("importance", Gate::Always),
    ("double", Gate::WordStart),
    ("triple", Gate::WordStart),
    ("remember", Gate::Always),
    ("lessons", Gate::Always),
    ("learnings", Gate::Always),
];

/// Words whose presence means a document may hold a finding; a document with none of them
/// (most documents) is not read any further. Every pattern above needs one of them.
/// aho-corasick's packed searcher, told to use fat Teddy (16 buckets): should the list
/// shrink to 32 patterns or fewer it would pick slim Teddy (8 buckets), whose extra false
/// candidates cost more than it saves (measured: 40% slower with 31 patterns).
/// Where no packed searcher can be built, the general automaton serves.
pub(super) static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| Triggers::new(TRIGGER_WORDS));
pub(super) static RARE: LazyLock<Triggers> = LazyLock::new(|| Triggers::new(RARE_WORDS));

pub(super) enum Triggers {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Triggers {
    fn new(list: &'static [(&'static str, Gate)]) -> Triggers {
        let words = || list.iter().map(|(w, _)| w);
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
    }

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
pub(super) fn rest_and_next(text: &str, at: usize) -> (String, String) {
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

pub(super) fn gate(text: &str, start: usize, end: usize, gate: Gate) -> bool {
    let (rest, next) = match gate {
        Gate::Always | Gate::OfCourse | Gate::WordStart => (String::new(), String::new()),
        _ => rest_and_next(text, end),
    };
    match gate {
        Gate::Always => true,
        Gate::WordStart => text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric()),
        Gate::Have => {
            let mut to = (end + 40).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            let window = text[end..to].to_ascii_lowercase();
            let mut words = window
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | 'ʼ')))
                .filter(|w| !w.is_empty());
            if !rest.is_empty() {
                // `could've`, `couldn't have`, `couldn't the responders have`
                words.next();
                rest.ends_with("ve") || words.take(5).any(|w| w == "have")
            } else {
                // `could have`, `could not have`, `could this outage have`
                words.take(5).any(|w| w == "have")
            }
        }
        Gate::To => next == "to",
        Gate::Out => matches!(rest.as_str(), "s" | "ed") && next == "out",
        Gate::Had => {
            if rest.is_empty() && text[start..].starts_with("Had") {
                return true;
            }
            // `if_had` allows 60 characters between `if` and `had`: up to 4 bytes each.
            let mut from = start.saturating_sub(4 * 64);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let before = &text[from..start];
            let sentence = before.rsplit(['.', '!', '?', ';']).next().unwrap_or(before);
            sentence
                .to_ascii_lowercase()
                .split_whitespace()
                .any(|w| w == "if")
        }
        Gate::Error => {
            let mut from = start.saturating_sub(24);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let before = text[from..start]
                .trim_end_matches(|c: char| c.is_whitespace() || c == '-')
                .to_ascii_lowercase();
            [
                "human",
                "operator",
                "user",
                "pilot",
                "engineer",
                "engineering",
                "people",
                "personnel",
                "staff",
                "technician",
                "'s",
                "’s",
                "my",
                "his",
                "her",
                "their",
                "your",
            ]
            .iter()
            .any(|w| before.ends_with(w))
                // `made an error`, `an error by the operator`
                || before.contains("made ")
                || before.contains("making ")
                || before.contains("makes ")
                || matches!(next.as_str(), "by" | "made")
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

pub(super) fn first_trigger_in(text: &str, lower: &[u8]) -> Option<usize> {
    first_in(&TRIGGERS, TRIGGER_WORDS, text, lower)
        .or_else(|| first_in(&RARE, RARE_WORDS, text, lower))
}

fn first_in(triggers: &Triggers, list: &[(&str, Gate)], text: &str, lower: &[u8]) -> Option<usize> {
    triggers
        .find_iter(lower)
        .find(|m| {
            let (word, g) = list
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or(("", Gate::Always));
            // `had ` and its kin end at the word: the gate reads on from there.
            let end = m.start() + word.trim_end().len();
            gate(text, m.start(), end, g)
        })
        .map(|m| m.start())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each list stays a packed (Teddy) searcher: above 64 patterns aho-corasick falls
    /// back to its general automaton, several times slower over every document.
    #[test]
    fn both_trigger_lists_are_packed_searchers() {
        assert!(TRIGGER_WORDS.len() <= 64 && RARE_WORDS.len() <= 64);
        assert!(matches!(&*TRIGGERS, Triggers::Packed(_)));
        assert!(matches!(&*RARE, Triggers::Packed(_)));
    }
}
