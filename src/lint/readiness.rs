//! Whether a postmortem is ready for review: checked for every document whose status is
//! `in-review` or `published`, and by `pm check --ready ID` for any. A postmortem is not
//! ready while its timeline is empty, a discussion question is unanswered, or it has no
//! remediation item.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::Setup;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::parse::locate::Seg;

pub fn check(doc: &Document, setup: &Setup<'_>, out: &mut Vec<Diagnostic>) {
    let Some(split) = &doc.split else { return };
    let text = &doc.source.text;
    let required = |name: &str| {
        setup
            .required_sections
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name) && !setup.section_names.is_optional(s))
    };
    // The timeline: `missing-section` and `empty-section` already say so when it is a
    // required section (the default).
    if !required("Timeline") {
        match setup.section(doc, "Timeline") {
            Some(s) if !s.empty => {}
            found => {
                let end = text.trim_end().len().max(split.body.start.min(text.len()));
                let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
                out.push(
                    Diagnostic::error(
                        "empty-timeline",
                        "the postmortem has no timeline yet, and a review needs one",
                    )
                    .at(found.map_or(start..end, |s| s.heading.clone()))
                    .label(if found.is_some() { "empty" } else { "no `## Timeline` section" })
                    .hint("write the timeline (`pm import-logs` pulls in the chat transcript to start from), or keep `status: draft`"),
                );
            }
        }
    }
    if let Some(discussion) = setup.section(doc, "Discussion") {
        unanswered(text, discussion.content.clone(), out);
    }
    if doc.front.remediation.is_empty() {
        let span =
            super::field_span(doc, &[Seg::Key("remediation")]).or_else(|| Some(split.open.clone()));
        out.push(
            Diagnostic::error(
                "no-remediation",
                "the postmortem has no remediation item, and a review needs at least one",
            )
            .at_opt(span)
            .label("no `remediation:` items")
            .hint("add items under `remediation:` (title, owner, ticket) in the front matter: a guardrail, a tool, a runbook or an alert"),
        );
    }
}

/// Each `###` question of the Discussion section with nothing but comments below it.
fn unanswered(text: &str, content: std::ops::Range<usize>, out: &mut Vec<Diagnostic>) {
    let Some(body) = text.get(content.clone()) else {
        return;
    };
    if plainly_answered(body) {
        return;
    }
    // (heading range, heading text, answered)
    let mut questions: Vec<(std::ops::Range<usize>, String, bool)> = Vec::new();
    let mut in_heading = false;
    let mut in_html = false;
    for (event, range) in Parser::new(body).into_offset_iter() {
        let at = content.start + range.start..content.start + range.end;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                if level == HeadingLevel::H3 {
                    let line_end = body[range.clone()].trim_end().len() + at.start;
                    questions.push((at.start..line_end, String::new(), false));
                } else if let Some(last) = questions.last_mut() {
                    // A deeper heading belongs to the question; a shallower one ends it.
                    if level < HeadingLevel::H3 {
                        last.2 = true;
                    }
                }
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::HtmlBlock) => in_html = true,
            Event::End(TagEnd::HtmlBlock) => in_html = false,
            Event::Html(h) | Event::InlineHtml(h) => {
                let without = strip_comments(&h);
                if !in_heading
                    && !without.trim().is_empty()
                    && let Some(last) = questions.last_mut()
                {
                    last.2 = true;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(last) = questions.last_mut() {
                    if in_heading {
                        last.1.push_str(&t);
                    } else if !in_html && !t.trim().is_empty() {
                        last.2 = true;
                    }
                }
            }
            Event::Start(Tag::Image { .. }) | Event::Rule => {
                if let Some(last) = questions.last_mut() {
                    last.2 |= !in_heading;
                }
            }
            _ => {}
        }
    }
    for (span, question, answered) in questions {
        if !answered {
            out.push(
                Diagnostic::error(
                    "unanswered-question",
                    format!("the discussion question “{}” has no answer yet", question.trim()),
                )
                .at(span)
                .label("unanswered")
                .hint("answer it below the heading (a sentence is enough: \"No: ...\"), or remove the question if it does not apply"),
            );
        }
    }
}

/// A quick look that settles the common case without parsing the markdown: true when
/// every `###` in the section starts a line as an ATX level-3 heading and is followed
/// (after blank lines) by a line that starts with a letter, which markdown always reads
/// as a paragraph of text. Anything else (a `###` elsewhere on a line, a question at the
/// end, a comment, list or code block below a question) returns false and the section is
/// parsed properly: this only ever skips the parse when it would find nothing.
fn plainly_answered(body: &str) -> bool {
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&bytes[from..], b"###") {
        let at = from + found;
        let h3 = (at == 0 || bytes[at - 1] == b'\n')
            && matches!(bytes.get(at + 3), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
        if !h3 {
            return false;
        }
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let answer = body[line_end..]
            .split_inclusive('\n')
            .scan(line_end, |end, line| {
                *end += line.len();
                Some((line, *end))
            })
            .find(|(line, _)| !line.trim().is_empty());
        match answer {
            Some((line, end)) if line.chars().next().is_some_and(char::is_alphabetic) => {
                from = end;
            }
            _ => return false,
        }
    }
    true
}

fn strip_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        match rest[open + 4..].find("-->") {
            Some(close) => rest = &rest[open + 4 + close + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{plainly_answered, unanswered};

    fn findings(body: &str) -> usize {
        let mut out = Vec::new();
        unanswered(body, 0..body.len(), &mut out);
        out.len()
    }

    #[test]
    fn the_quick_look_skips_only_what_the_parse_would_pass() {
        let answered = [
            "### Was the alert useful?\n\nYes: it paged within a minute.\n",
            "Intro text.\n\n### Q1\nNo.\n### Q2\r\n\r\nÉtait-ce clair ? Oui.\n",
            "No questions here at all.\n",
        ];
        for body in answered {
            assert!(plainly_answered(body), "{body:?}");
            assert_eq!(findings(body), 0, "{body:?}");
        }
        // Each is left to the parse; the first four have an unanswered question.
        let parsed = [
            ("### Q\n\n<!-- answer here -->\n", 1),
            ("### Q\n", 1),
            ("  ### Q\n\n", 1),
            ("### Q\n\n- \n", 1),
            ("### Q\n\n`code` answers it\n", 0),
            ("Text ### not a heading\n", 0),
            ("###Q\nText\n", 0),
        ];
        for (body, n) in parsed {
            assert!(!plainly_answered(body), "{body:?}");
            assert_eq!(findings(body), n, "{body:?}");
        }
    }
}
