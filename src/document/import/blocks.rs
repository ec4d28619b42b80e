//! The body as `pm import` reads it: headings, paragraphs, list items and table rows, each
//! with its plain text and its byte range, from pulldown-cmark's events (never a pattern
//! over the raw text).

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::document::sections::level;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Heading(u8),
    Paragraph,
    /// A list item: its depth (1 at the top), whether numbered, its checkbox if any.
    Item {
        depth: usize,
        ordered: bool,
        checked: Option<bool>,
    },
    /// A table row: the header row or a body row.
    Row {
        header: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: Kind,
    /// Plain text, line breaks kept as `\n`; an item's own text, without nested lists.
    pub text: String,
    /// The text in bold at the very start (`**Start time:** ...`, a bold-titled item).
    pub lead_strong: Option<String>,
    /// Byte range in the text read: an item's stops before its nested list.
    pub range: Range<usize>,
    /// Where its own words start (after a list marker and a checkbox).
    pub content_start: usize,
    /// The enclosing item of a nested item.
    pub parent: Option<usize>,
    /// Every word of it struck through (`~~Add an alert~~`).
    pub struck: bool,
    /// The urls of its links.
    pub links: Vec<String>,
    /// A table row's cells: (plain text, byte range).
    pub cells: Vec<(String, Range<usize>)>,
    struck_chars: usize,
    plain_chars: usize,
}

impl Block {
    fn new(kind: Kind, start: usize, parent: Option<usize>) -> Block {
        Block {
            kind,
            text: String::new(),
            lead_strong: None,
            range: start..start,
            content_start: usize::MAX,
            parent,
            struck: false,
            links: Vec::new(),
            cells: Vec::new(),
            struck_chars: 0,
            plain_chars: 0,
        }
    }

    pub fn heading_level(&self) -> Option<u8> {
        match self.kind {
            Kind::Heading(l) => Some(l),
            _ => None,
        }
    }

    /// Its text on one line, runs of whitespace as one space.
    pub fn one_line(&self) -> String {
        one_line(&self.text)
    }
}

pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The blocks of `text` in document order.
pub fn read(text: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut blocks: Vec<Block> = Vec::new();
    // Blocks being read, innermost last: their text goes to the last.
    let mut open: Vec<usize> = Vec::new();
    // Each open list: numbered or not.
    let mut lists: Vec<bool> = Vec::new();
    let mut items: Vec<usize> = Vec::new();
    let mut strong_from: Option<(usize, usize)> = None;
    let mut struck = 0usize;
    let mut code = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if let Some(&b) = open.last()
            && let Some(block) = blocks.get_mut(b)
            && block.content_start == usize::MAX
            && range.start > block.range.start
        {
            block.content_start = range.start;
        }
        match event {
            Event::Start(Tag::Heading { level: l, .. }) => {
                blocks.push(Block::new(Kind::Heading(level(l)), range.start, None));
                open.push(blocks.len() - 1);
            }
            Event::Start(Tag::Paragraph) if items.is_empty() => {
                blocks.push(Block::new(Kind::Paragraph, range.start, None));
                open.push(blocks.len() - 1);
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph inside an item is the item's text.
                if let Some(&b) = open.last()
                    && let Some(block) = blocks.get_mut(b)
                    && !block.text.is_empty()
                {
                    block.text.push('\n');
                }
            }
            Event::Start(Tag::List(first)) => {
                if let Some(&item) = items.last()
                    && let Some(block) = blocks.get_mut(item)
                    && block.range.end <= block.range.start
                {
                    block.range.end = range.start;
                }
                lists.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let kind = Kind::Item {
                    depth: lists.len(),
                    ordered: lists.last().copied().unwrap_or(false),
                    checked: None,
                };
                blocks.push(Block::new(kind, range.start, items.last().copied()));
                items.push(blocks.len() - 1);
                open.push(blocks.len() - 1);
            }
            Event::TaskListMarker(checked) => {
                if let Some(&b) = items.last()
                    && let Some(block) = blocks.get_mut(b)
                {
                    if let Kind::Item { checked: c, .. } = &mut block.kind {
                        *c = Some(checked);
                    }
                    block.content_start = range.end;
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                let header = matches!(event, Event::Start(Tag::TableHead));
                blocks.push(Block::new(Kind::Row { header }, range.start, None));
                open.push(blocks.len() - 1);
            }
            Event::Start(Tag::TableCell) => {
                if let Some(&b) = open.last()
                    && let Some(block) = blocks.get_mut(b)
                {
                    if !block.cells.is_empty() {
                        block.text.push_str(" | ");
                    }
                    block.cells.push((String::new(), range.clone()));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Strong) => {
                if let Some(&b) = open.last()
                    && let Some(block) = blocks.get(b)
                    && block.text.trim().is_empty()
                    && block.lead_strong.is_none()
                {
                    strong_from = Some((b, block.text.len()));
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some((b, from)) = strong_from.take()
                    && let Some(block) = blocks.get_mut(b)
                {
                    let lead = block.text.get(from..).unwrap_or("").trim().to_string();
                    if !lead.is_empty() {
                        block.lead_strong = Some(lead);
                    }
                }
            }
            Event::Start(Tag::Strikethrough) => struck += 1,
            Event::End(TagEnd::Strikethrough) => struck = struck.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(&b) = open.last()
                    && let Some(block) = blocks.get_mut(b)
                {
                    block.links.push(dest_url.to_string());
                }
            }
            Event::Text(t) | Event::Code(t) if code == 0 => {
                if let Some(&b) = open.last()
                    && let Some(block) = blocks.get_mut(b)
                {
                    block.text.push_str(&t);
                    let words = t.chars().filter(|c| !c.is_whitespace()).count();
                    if struck > 0 {
                        block.struck_chars += words;
                    } else {
                        block.plain_chars += words;
                    }
                    if let Some((cell, _)) = block.cells.last_mut() {
                        cell.push_str(&t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(&b) = open.last()
                    && let Some(block) = blocks.get_mut(b)
                {
                    block.text.push('\n');
                }
            }
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::TableHead)
            | Event::End(TagEnd::TableRow) => {
                close(&mut blocks, &mut open, range.end);
            }
            Event::End(TagEnd::Paragraph) if items.is_empty() => {
                close(&mut blocks, &mut open, range.end);
            }
            Event::End(TagEnd::Item) => {
                items.pop();
                close(&mut blocks, &mut open, range.end);
            }
            _ => {}
        }
    }
    for block in &mut blocks {
        block.struck = block.struck_chars > 0 && block.plain_chars == 0;
        if block.content_start == usize::MAX || block.content_start > block.range.end {
            block.content_start = block
                .range
                .end
                .min(block.range.start.max(block.content_start));
        }
    }
    blocks
}

fn close(blocks: &mut [Block], open: &mut Vec<usize>, end: usize) {
    if let Some(b) = open.pop()
        && let Some(block) = blocks.get_mut(b)
        && block.range.end <= block.range.start
    {
        block.range.end = end;
    }
}

/// The blocks under heading `h` (an index into `blocks`): up to the next heading of its
/// level or higher.
pub fn section(blocks: &[Block], h: usize) -> Range<usize> {
    let Some(l) = blocks.get(h).and_then(Block::heading_level) else {
        return h..h;
    };
    let end = blocks
        .iter()
        .enumerate()
        .skip(h + 1)
        .find(|(_, b)| b.heading_level().is_some_and(|m| m <= l))
        .map_or(blocks.len(), |(i, _)| i);
    h + 1..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_rows_and_paragraphs() {
        let text = "# T\n\n**Start:** 14:02\n\n- [x] Add an alert\n  over two lines\n  - Owner: Ana\n- ~~Drop it~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let b = read(text);
        let kinds: Vec<&Kind> = b.iter().map(|b| &b.kind).collect();
        assert_eq!(kinds.len(), 7, "{b:#?}");
        assert_eq!(b[1].lead_strong.as_deref(), Some("Start:"));
        assert_eq!(b[2].text, "Add an alert\nover two lines");
        assert_eq!(
            &text[b[2].content_start..b[2].range.end].trim(),
            &"Add an alert\n  over two lines"
        );
        assert_eq!(
            b[2].kind,
            Kind::Item {
                depth: 1,
                ordered: false,
                checked: Some(true)
            }
        );
        assert_eq!(b[3].parent, Some(2));
        assert!(b[4].struck);
        assert_eq!(b[6].cells.len(), 2);
        assert_eq!(section(&b, 0), 1..7);
    }
}
