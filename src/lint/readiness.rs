//! Whether a postmortem is ready for review: checked for every document whose status is
//! `in-review` or `published`, and by `pm check --ready ID` for any. A postmortem is not
//! ready while its timeline is empty, a discussion question is unanswered, or it has no
//! remediation item.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::context::Project;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::parse::locate::Seg;

pub fn check(doc: &Document, project: &Project, out: &mut Vec<Diagnostic>) {
    let Some(split) = &doc.split else { return };
    let text = &doc.source.text;
    let required = |name: &str| {
        project
            .config
            .required_sections
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
    };
    // The timeline: `missing-section` and `empty-section` already say so when it is a
    // required section (the default).
    if !required("Timeline") {
        match doc.section("Timeline") {
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
    if let Some(discussion) = doc.section("Discussion") {
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
