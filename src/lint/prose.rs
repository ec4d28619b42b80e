//! The prose of a postmortem's body, as the language rules read it: the text of each
//! paragraph, heading, list item and table cell, with every byte mapped back to the file.
//!
//! Read with pulldown-cmark (not the line scanner of `document::sections`), so that what is
//! not the authors' own prose is left out exactly as CommonMark sees it: code blocks,
//! inline code, block quotes (quotations of what someone said), HTML blocks and comments,
//! link targets, images, autolinks, and the chat transcript `pm import-logs` writes
//! between its `<!-- pm import-logs: begin` and `<!-- pm import-logs: end` lines.
//!
//! The HTML comments that steer the rules are read here too: `<!-- pm-allow RULE... -->`
//! (the next paragraph or list item; or, inside one, that one) and `<!-- pm-disable
//! RULE... -->` ... `<!-- pm-enable RULE... -->` (a span).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::document::{TRANSCRIPT_BEGIN, TRANSCRIPT_END};

/// One block of prose.
#[derive(Debug, Default)]
pub struct Chunk {
    /// The text: events' text joined, line breaks as spaces, inline code as `code`.
    pub text: String,
    /// (offset in `text`, offset in the file, whether the bytes map one to one).
    map: Vec<(usize, usize, bool)>,
    /// The heading level when the chunk is a heading.
    pub heading: Option<u8>,
    /// Where the block starts in the file (for `pm-allow`).
    pub block: Range<usize>,
    /// Whether the chunk is a table cell.
    pub cell: bool,
    /// The section (level-2 heading) the chunk is in.
    pub section: Section,
}

/// The sections some language rules read differently.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    #[default]
    Other,
    /// `## Timeline`: its table is a record of the time, like a chat transcript.
    Timeline,
    /// `## Remediation items` (or `Remediation`, `Action items`, `Follow-ups`, `Corrective
    /// actions`, `Next steps`): what will be done.
    Remediation,
}

impl Section {
    /// The section a level-2 heading opens.
    pub fn of(heading: &str) -> Section {
        let h = heading.trim().to_lowercase();
        let remediation = [
            "remediation",
            "action item",
            "corrective action",
            "preventive action",
        ]
        .iter()
        .any(|w| h.contains(w))
            || ["follow-up", "follow up", "followup", "next steps"]
                .iter()
                .any(|w| h.starts_with(w));
        if h.starts_with("timeline") {
            Section::Timeline
        } else if remediation {
            Section::Remediation
        } else {
            Section::Other
        }
    }
}

impl Chunk {
    /// The file offset of byte `at` of `text`.
    pub fn to_file(&self, at: usize) -> usize {
        let i = self.map.partition_point(|&(b, _, _)| b <= at);
        match i.checked_sub(1).and_then(|i| self.map.get(i)) {
            Some(&(b, f, true)) => f + (at - b),
            Some(&(_, f, false)) => f,
            None => self.block.start,
        }
    }

    /// The file range of `range` of `text`.
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        let start = self.to_file(range.start);
        // The end is the end of the last byte, which may sit in another segment.
        let end = if range.end > range.start {
            self.to_file(range.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }

    fn push(&mut self, text: &str, file: usize, exact: bool) {
        self.map.push((self.text.len(), file, exact));
        self.text.push_str(text);
    }
}

/// A steering comment: which rules (empty: every language rule), and over which file range.
#[derive(Debug, Clone)]
pub struct Allowance {
    pub rules: Vec<String>,
    pub range: Range<usize>,
    /// Where the comment itself is, for a finding about an unknown rule id in it.
    pub comment: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Prose {
    pub chunks: Vec<Chunk>,
    pub allowed: Vec<Allowance>,
    /// Comments naming rules: (their ids, where the comment is).
    pub named: Vec<(Vec<String>, Range<usize>)>,
}

#[derive(Debug, PartialEq)]
enum Directive {
    Allow(Vec<String>),
    Disable(Vec<String>),
    Enable(Vec<String>),
}

/// Reads the `pm-allow`/`pm-disable`/`pm-enable` comments in an HTML fragment.
fn directives(html: &str, base: usize) -> Vec<(Directive, Range<usize>)> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut offset = 0;
    while let Some(open) = rest.find("<!--") {
        let body_start = open + 4;
        let Some(close) = rest[body_start..].find("-->") else {
            break;
        };
        let body = rest[body_start..body_start + close].trim();
        let end = body_start + close + 3;
        let range = base + offset + open..base + offset + end;
        for (word, make) in [
            ("pm-allow", Directive::Allow as fn(Vec<String>) -> Directive),
            ("pm-disable", Directive::Disable),
            ("pm-enable", Directive::Enable),
        ] {
            if let Some(ids) = body.strip_prefix(word)
                && (ids.is_empty() || ids.starts_with(char::is_whitespace))
            {
                let ids = ids
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                out.push((make(ids), range.clone()));
            }
        }
        offset += end;
        rest = &rest[end..];
    }
    out
}

/// The byte ranges (in `body`) of the chat transcripts `pm import-logs` wrote: from a line
/// starting with `<!-- pm import-logs: begin` to the end of a line starting with
/// `<!-- pm import-logs: end` (or the end of the body when it is missing).
pub fn transcripts(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '\t']);
        match open {
            None if t.starts_with(TRANSCRIPT_BEGIN) => open = Some(pos),
            Some(start) if t.starts_with(TRANSCRIPT_END) => {
                out.push(start..pos + line.len());
                open = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(start) = open {
        out.push(start..body.len());
    }
    out
}

/// The prose of `body`, which starts at byte `base` of the file.
pub fn read(body: &str, base: usize) -> Prose {
    let skip_ranges = transcripts(body);
    let skipped = |at: usize| skip_ranges.iter().any(|r| r.contains(&at));
    let mut prose = Prose::default();
    // Open blocks that take a `pm-allow` (item, paragraph, heading, cell): their ranges.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Chunk> = None;
    // Inside code blocks, quotes, images, autolinks, HTML blocks: no prose.
    let mut skip = 0usize;
    // A `pm-allow` waiting for the next block.
    let mut pending: Vec<(Vec<String>, Range<usize>)> = Vec::new();
    // Open `pm-disable`s: (rules, from, comment).
    let mut disabled: Vec<(Vec<String>, usize, Range<usize>)> = Vec::new();
    let flush = |current: &mut Option<Chunk>, prose: &mut Prose| {
        if let Some(c) = current.take()
            && !c.text.trim().is_empty()
        {
            prose.chunks.push(c);
        }
    };
    let options = Options::ENABLE_TABLES;
    let mut section = Section::Other;
    let mut autolink_depth = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let file = base + range.start..base + range.end;
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell => {
                    flush(&mut current, &mut prose);
                    blocks.push(file.clone());
                    for (rules, comment) in pending.drain(..) {
                        prose.allowed.push(Allowance {
                            rules,
                            range: file.clone(),
                            comment,
                        });
                    }
                    if skip == 0 && !skipped(range.start) {
                        current = Some(Chunk {
                            heading: match tag {
                                Tag::Heading { level, .. } => Some(level as u8),
                                _ => None,
                            },
                            block: file,
                            cell: matches!(tag, Tag::TableCell),
                            section,
                            ..Chunk::default()
                        });
                    }
                }
                Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::HtmlBlock
                | Tag::Image { .. }
                | Tag::MetadataBlock(_) => {
                    if !matches!(tag, Tag::Image { .. }) {
                        flush(&mut current, &mut prose);
                    }
                    skip += 1;
                }
                Tag::Link { link_type, .. } => {
                    let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    autolink_depth.push(auto);
                    if auto {
                        skip += 1;
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                    if let TagEnd::Heading(level) = tag
                        && (level as u8) <= 2
                    {
                        section = match &current {
                            Some(c) if level as u8 == 2 => Section::of(&c.text),
                            _ => Section::Other,
                        };
                    }
                    flush(&mut current, &mut prose);
                    blocks.pop();
                }
                TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::Image
                | TagEnd::MetadataBlock(_) => skip = skip.saturating_sub(1),
                TagEnd::Link if autolink_depth.pop() == Some(true) => {
                    skip = skip.saturating_sub(1);
                }
                _ => {}
            },
            Event::Text(t) => {
                if skip > 0 || skipped(range.start) {
                    continue;
                }
                let chunk = current.get_or_insert_with(|| Chunk {
                    block: blocks.last().cloned().unwrap_or(file.clone()),
                    section,
                    ..Chunk::default()
                });
                let exact = t.len() == range.len() && body.get(range.clone()) == Some(&*t);
                chunk.push(&t, file.start, exact);
            }
            Event::Code(_) => {
                if let Some(chunk) = current.as_mut() {
                    chunk.push(" code ", file.start, false);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(chunk) = current.as_mut() {
                    chunk.push(" ", file.start, false);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let inline = blocks.last().cloned();
                for (d, comment) in directives(&h, file.start) {
                    match d {
                        Directive::Allow(rules) => {
                            prose.named.push((rules.clone(), comment.clone()));
                            match &inline {
                                // Inside a paragraph or item: that one.
                                Some(block) if block.start < comment.start => {
                                    prose.allowed.push(Allowance {
                                        rules,
                                        range: block.clone(),
                                        comment,
                                    })
                                }
                                _ => pending.push((rules, comment)),
                            }
                        }
                        Directive::Disable(rules) => {
                            prose.named.push((rules.clone(), comment.clone()));
                            disabled.push((rules, comment.end, comment));
                        }
                        Directive::Enable(rules) => {
                            prose.named.push((rules.clone(), comment.clone()));
                            // Close what this names (every open span for a bare enable);
                            // rules it does not name stay disabled.
                            let mut still = Vec::new();
                            for (open_rules, from, c) in disabled.drain(..) {
                                let (closed, kept): (Vec<String>, Vec<String>) = if rules.is_empty()
                                {
                                    (open_rules, Vec::new())
                                } else if open_rules.is_empty() {
                                    // A bare disable ends at a bare enable only.
                                    still.push((open_rules, from, c));
                                    continue;
                                } else {
                                    open_rules.into_iter().partition(|r| rules.contains(r))
                                };
                                if !closed.is_empty() {
                                    prose.allowed.push(Allowance {
                                        rules: closed,
                                        range: from..comment.start,
                                        comment: c.clone(),
                                    });
                                }
                                if !kept.is_empty() {
                                    still.push((kept, from, c));
                                }
                            }
                            disabled = still;
                        }
                    }
                }
                if let Some(chunk) = current.as_mut() {
                    chunk.push(" ", file.start, false);
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut prose);
    // A span never enabled again runs to the end.
    for (rules, from, comment) in disabled {
        prose.allowed.push(Allowance {
            rules,
            range: from..base + body.len(),
            comment,
        });
    }
    prose
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        read(body, 0)
            .chunks
            .iter()
            .map(|c| c.text.trim().to_string())
            .collect()
    }

    #[test]
    fn leaves_out_what_is_not_prose() {
        let body = "## Timeline\nWe paged *the* team.\n\n```\nshould have\n```\n\n> they should have\n\n<!-- should have -->\n\nSee [the graph](should-have.png) and `should have` and <https://x.example/should>.\n\n<!-- pm import-logs: begin #ops -->\n- 09:00 alice: we should have\n<!-- pm import-logs: end -->\n\n- item one\n- item two\n";
        assert_eq!(
            texts(body),
            [
                "Timeline",
                "We paged the team.",
                "See the graph and  code  and .",
                "item one",
                "item two"
            ]
        );
    }

    #[test]
    fn maps_back_to_the_file() {
        let body = "Intro *with* emphasis\nand a second line.";
        let p = read(body, 10);
        let c = &p.chunks[0];
        let at = c.text.find("second").unwrap();
        let want = 10 + body.find("second").unwrap();
        assert_eq!(c.to_file(at), want);
        assert_eq!(c.span(at..at + 6), want..want + 6);
    }

    #[test]
    fn reads_the_steering_comments() {
        let body = "<!-- pm-allow counterfactual -->\nA should have.\n\nB.\n\n<!-- pm-disable blame -->\nC.\n<!-- pm-enable blame -->\n\n- <!-- pm-allow --> D\n";
        let p = read(body, 0);
        assert_eq!(p.allowed.len(), 3);
        assert_eq!(p.allowed[0].rules, ["counterfactual"]);
        assert_eq!(body[p.allowed[0].range.clone()].trim(), "A should have.");
        assert_eq!(p.allowed[1].rules, ["blame"]);
        assert!(body[p.allowed[1].range.clone()].contains("C."));
        assert!(p.allowed[2].rules.is_empty());
        assert!(body[p.allowed[2].range.clone()].contains('D'));
    }

    #[test]
    fn an_unclosed_transcript_runs_to_the_end() {
        let body = "a\n<!-- pm import-logs: begin -->\nb\n";
        assert_eq!(transcripts(body), vec![2..body.len()]);
    }
}
