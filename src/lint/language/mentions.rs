//! Words mentioned rather than used: a phrase in quotation marks (`we don't call it
//! "human error"`), named as a word (`the word blame`), or in a sentence that rejects it
//! (`rather than asking who was at fault`). A postmortem about blameless practice talks
//! about these words; it does not judge anyone with them.

use std::ops::Range;

use super::who::{last_words, sentence_after, words_from};

/// The spans of `text` inside quotation marks, quotes included, in order: `"..."`,
/// `“...”`, `‘...’`, and `'...'` where the straight quotes stand at word edges (so that an
/// apostrophe, `don't`, opens nothing). One pass over the text.
pub(super) fn quote_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut straight_double: Option<usize> = None;
    let mut curly_double: Option<usize> = None;
    let mut single: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let edge_before = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—'));
        let word_after = next.is_some_and(char::is_alphanumeric);
        let edge_after = next.is_none_or(|n| !n.is_alphanumeric());
        match c {
            '"' => match straight_double.take() {
                Some(open) => spans.push(open..i + 1),
                None => straight_double = Some(i),
            },
            '“' => curly_double = Some(i),
            '”' => {
                if let Some(open) = curly_double.take() {
                    spans.push(open..i + c.len_utf8());
                }
            }
            '‘' => single = Some(i),
            '’' | '\'' => {
                if c == '\'' && edge_before && word_after {
                    single = Some(i);
                } else if edge_after
                    && prev.is_some_and(|p| !p.is_whitespace())
                    && let Some(open) = single.take()
                {
                    spans.push(open..i + c.len_utf8());
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    spans.sort_by_key(|r| r.start);
    spans
}

/// Words just before a phrase that make it a mention: `the word blame`, `terms like
/// negligent`, `calling it human error`.
const NAMING: &[&str] = &[
    "word",
    "words",
    "term",
    "terms",
    "phrase",
    "phrases",
    "label",
    "labels",
    "calling",
    "wording",
    "vocabulary",
    "view",
    "notion",
    "concept",
    "myth",
    "idea",
    "framing",
];

/// Whether the phrase at `range` of `text` is mentioned rather than used: inside one of
/// `quotes` (from `quote_spans`), named as a word, or rejected by its sentence.
pub(super) fn mentioned(text: &str, range: &Range<usize>, quotes: &[Range<usize>]) -> bool {
    let i = quotes.partition_point(|q| q.start <= range.start);
    if i > 0 && quotes[i - 1].end >= range.end {
        return true;
    }
    let before = last_words(&text[..range.start], 6);
    let near: Vec<&str> = before.iter().map(String::as_str).collect();
    let last3 = &near[near.len().saturating_sub(3)..];
    if last3.iter().any(|w| NAMING.contains(w)) {
        return true;
    }
    // Rejected: `rather than ...`, `instead of ...`, `we don't ask why ...`.
    let rejects = near.windows(2).any(|p| {
        matches!(
            p,
            ["rather", "than"]
                | ["instead", "of"]
                | ["don't", "ask"]
                | ["not", "ask"]
                | ["never", "ask"]
                | ["avoid", "saying"]
                | ["avoid", "calling"]
                | ["without", "blaming"]
        )
    });
    if rejects {
        return true;
    }
    // `human error is a label, not an explanation`; `... is where the investigation starts`.
    // (A bounded look: the first words after the phrase, not the rest of a long sentence.)
    let mut to = (range.end + 64).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let after: Vec<String> = words_from(sentence_after(&text[..to], range.end))
        .take(4)
        .collect();
    let after: Vec<&str> = after.iter().map(String::as_str).collect();
    matches!(
        after.as_slice(),
        ["is" | "was", "a", "label" | "symptom" | "starting", ..]
            | ["is" | "was", "where", ..]
            | ["is" | "was", "the", "start" | "beginning", ..]
            | [
                "is" | "was",
                "not" | "never",
                "an",
                "explanation" | "answer",
                ..
            ]
            | ["explains", "nothing", ..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        quote_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_quotes_and_not_apostrophes() {
        assert_eq!(
            spans("We don't call it \"human error\" or 'careless' or “lazy”, it’s ‘sloppy’."),
            ["\"human error\"", "'careless'", "“lazy”", "‘sloppy’"]
        );
        assert!(spans("The team's on-call didn't page; it’s fine.").is_empty());
        assert!(spans("An unclosed \"quote stays open").is_empty());
    }

    #[test]
    fn mentions() {
        let is = |text: &str, phrase: &str| {
            let at = text.find(phrase).unwrap();
            mentioned(text, &(at..at + phrase.len()), &quote_spans(text))
        };
        assert!(is("The word blame was not used.", "blame"));
        assert!(is(
            "Rather than asking who was at fault, we asked.",
            "at fault"
        ));
        assert!(is(
            "Human error is a label, not an explanation.",
            "Human error"
        ));
        assert!(is("We avoid the phrase \"failed to\" here.", "failed to"));
        assert!(!is("It was human error.", "human error"));
        assert!(!is(
            "He said it was 'fine', but it was human error.",
            "human error"
        ));
    }
}
