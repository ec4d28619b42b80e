//! The body's sections: level-2 headings, and whether each holds anything yet.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's text, e.g. `Remediation items`.
    pub title: String,
    /// Byte range of the heading line in the file.
    pub heading: Range<usize>,
    /// Byte range of the section's content (up to the next level-1 or level-2 heading).
    pub content: Range<usize>,
    /// Nothing but sub-headings, HTML comments (the template's prompts) and blank lines.
    pub empty: bool,
}

fn level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The level-2 sections of `body`, which starts at byte `base` of the file.
pub fn sections(body: &str, base: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    // The heading being read: (level, start, text).
    let mut heading: Option<(u8, usize, String)> = None;
    // The text of the HTML block being read: pulldown-cmark hands it over line by line, and
    // only the whole block says whether a comment spans those lines.
    let mut html: Option<String> = None;
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) => {
                heading = Some((level(l), range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((l, start, text)) = heading.take() {
                    if l <= 2
                        && let Some(last) = out.last_mut()
                    {
                        last.content.end = base + start;
                    }
                    if l == 2 {
                        let end = body[start..range.end].trim_end().len() + start;
                        out.push(Section {
                            title: text.trim().to_string(),
                            heading: base + start..base + end,
                            content: base + range.end..base + body.len(),
                            empty: true,
                        });
                    } else if l == 1 {
                        // Content after a level-1 heading belongs to no section.
                        out.push(Section {
                            title: String::new(),
                            heading: base + start..base + start,
                            content: base + range.end..base + body.len(),
                            empty: true,
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::HtmlBlock) => html = Some(String::new()),
            Event::Html(h) => match html.as_mut() {
                Some(block) => block.push_str(&h),
                None if has_content(&h) => mark_content(&mut out),
                None => {}
            },
            Event::End(TagEnd::HtmlBlock) => {
                if html.take().is_some_and(|block| has_content(&block)) {
                    mark_content(&mut out);
                }
            }
            Event::InlineHtml(h) => {
                if has_content(&h) {
                    mark_content(&mut out);
                }
            }
            Event::Text(t) if t.trim().is_empty() => {}
            Event::SoftBreak | Event::HardBreak | Event::Rule => {}
            Event::Start(_) | Event::End(_) => {}
            _ if heading.is_some() => {}
            _ => mark_content(&mut out),
        }
    }
    out.retain(|s| !s.title.is_empty() || s.heading.start != s.heading.end);
    out
}

/// Whether HTML holds anything besides comments (the template's prompts) and blanks.
fn has_content(html: &str) -> bool {
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        if !rest[..open].trim().is_empty() {
            return true;
        }
        match rest[open + 4..].find("-->") {
            Some(close) => rest = &rest[open + 4 + close + 3..],
            // An unclosed comment runs to the end.
            None => return false,
        }
    }
    !rest.trim().is_empty()
}

fn mark_content(out: &mut [Section]) {
    if let Some(last) = out.last_mut() {
        last.empty = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sections_and_emptiness() {
        let body = "# T\n\n## Summary\n<!-- prompt -->\n\n## Impact\nSome users.\n\n## Discussion\n### Q1?\n<!-- p -->\n### Q2?\n\n## `Code` heading\n```\n## not a heading\n```\n";
        let s = sections(body, 0);
        let titles: Vec<_> = s.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Summary", "Impact", "Discussion", "Code heading"]);
        let empty: Vec<_> = s.iter().map(|s| s.empty).collect();
        assert_eq!(empty, [true, false, true, false]);
        assert_eq!(&body[s[0].heading.clone()], "## Summary");
    }

    #[test]
    fn comments_over_several_lines_are_still_empty() {
        let body = "## Impact\n<!--\nWho was affected,\nfor how long.\n-->\n\n## Timeline\n<!-- prompt --> 09:12 pushed\n\n## Discussion\n<img src=\"graph.png\">\n";
        let s = sections(body, 0);
        let empty: Vec<_> = s.iter().map(|s| s.empty).collect();
        assert_eq!(empty, [true, false, false]);
    }
}
