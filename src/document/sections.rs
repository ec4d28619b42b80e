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

/// A heading level as a number, 1 to 6.
pub(crate) fn level(l: HeadingLevel) -> u8 {
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
    scan(body, base).unwrap_or_else(|| parse(body, base))
}

/// The sections as pulldown-cmark reads them: the reference for `scan`.
pub fn parse(body: &str, base: usize) -> Vec<Section> {
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
            // Markup inside a heading is part of the heading, not content of a section.
            Event::InlineHtml(_) if heading.is_some() => {}
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

/// A line-by-line reading of the markdown that postmortems are almost always written in:
/// ATX headings, paragraphs, lists, fenced code and HTML comments. Whenever the body holds
/// a construct where that reading could differ from CommonMark's (setext headings, rules,
/// HTML blocks other than comments, blockquotes, indented or decorated headings, link
/// reference definitions, tabs), it returns `None` and `parse` decides. Over thousands of
/// documents this is several times faster than building pulldown-cmark's event stream;
/// tests and the `sections` fuzz target check that both agree whenever `scan` answers.
pub fn scan(body: &str, base: usize) -> Option<Vec<Section>> {
    let mut out: Vec<Section> = Vec::new();
    // Whether the current position is inside a section (false before the first heading
    // and after a level-1 heading).
    let mut in_section = false;
    // An open fence: (character, length).
    let mut fence: Option<(u8, usize)> = None;
    // The text of an open HTML comment block.
    let mut comment: Option<String> = None;
    let mut pos = 0;
    let bytes = body.as_bytes();
    // Tabs, a lone carriage return (a line break to CommonMark), NUL, form feed...
    // anywhere, fences and comments included, send the body to `parse`. ASCII only: C1
    // controls are ordinary characters to CommonMark. One `\r` before a `\n` (or at the
    // end) is a CRLF ending. Checked once for the whole body, in blocks the compiler can
    // vectorize, rather than line by line.
    if crate::parse::has_control_bytes(bytes) {
        return None;
    }
    // The next `<` at or after the current line, found once per `<` rather than per line.
    let mut next_lt = memchr::memchr(b'<', bytes);
    while pos < bytes.len() {
        let start = pos;
        let nl = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
        pos = nl.map_or(bytes.len(), |i| i + 1);
        let raw = &body[start..nl.unwrap_or(bytes.len())];
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line_end = start + line.len();
        while next_lt.is_some_and(|at| at < start) {
            next_lt =
                next_lt.and_then(|at| memchr::memchr(b'<', &bytes[at + 1..]).map(|i| at + 1 + i));
        }
        let has_lt = next_lt.is_some_and(|at| at < line_end);
        let mark = |out: &mut Vec<Section>| {
            if in_section {
                mark_content(out);
            }
        };
        if let Some(block) = comment.as_mut() {
            block.push_str(line);
            block.push('\n');
            if line.contains("-->") && comment.take().is_some_and(|b| has_content(&b)) {
                mark(&mut out);
            }
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        // After the spaces, an ASCII byte is never white space here (tabs and other
        // controls were refused above); only a non-ASCII start needs Unicode's trim.
        let blank = match rest.as_bytes().first() {
            None => true,
            Some(b) if b.is_ascii() => false,
            Some(_) => rest.trim().is_empty(),
        };
        if let Some((ch, len)) = fence {
            let run = rest.bytes().take_while(|&b| b == ch).count();
            if indent <= 3 && run >= len && rest[run..].trim().is_empty() {
                fence = None;
            } else if !blank {
                mark(&mut out);
            }
            continue;
        }
        if blank {
            continue;
        }
        let first = rest.as_bytes()[0];
        // Most lines are prose starting with a letter: never a heading, fence, quote, list
        // marker, rule, underline or link definition, so only content (unless a `<` may
        // open a comment, below).
        if first.is_ascii_alphabetic() && !has_lt {
            mark(&mut out);
            continue;
        }
        if indent <= 3 && (first == b'`' || first == b'~') {
            let run = rest.bytes().take_while(|&b| b == first).count();
            if run >= 3 && indent > 0 {
                return None; // perhaps a fence inside a list item, closed with the item
            }
            if run >= 3 {
                if first == b'`' && rest[run..].contains('`') {
                    return None;
                }
                fence = Some((first, run));
                continue;
            }
        }
        // Only at the margin: indented, a comment may belong to a list item, whose end
        // (not `-->`) would close it.
        if indent == 0 && rest.starts_with("<!--") {
            let mut block = String::from(line);
            block.push('\n');
            // CommonMark ends the block on the first line holding `-->`, even `<!-->`.
            if rest.contains("-->") {
                if has_content(&block) {
                    mark(&mut out);
                }
            } else {
                comment = Some(block);
            }
            continue;
        }
        if (indent <= 3 && matches!(first, b'<' | b'>')) || (has_lt && line.contains("<!--")) {
            return None;
        }
        if indent <= 3
            && rest
                .bytes()
                .all(|b| matches!(b, b'*' | b'-' | b'_' | b'=' | b' '))
        {
            return None; // setext underline or thematic break
        }
        if block_after_list_marker(rest) {
            return None; // a heading, HTML, quote or fence inside a list item
        }
        if first == b'[' {
            return None; // perhaps a link reference definition, which may span lines
        }
        if first == b'#' {
            let level = rest.bytes().take_while(|&b| b == b'#').count();
            let after = &rest[level.min(rest.len())..];
            let is_heading = level <= 6 && (after.is_empty() || after.starts_with([' ', '\t']));
            if is_heading {
                if indent > 0 {
                    return None;
                }
                if level <= 2 {
                    if let Some(last) = out.last_mut().filter(|_| in_section) {
                        last.content.end = base + start;
                    }
                    in_section = false;
                }
                if level == 2 {
                    let title = heading_text(after)?;
                    out.push(Section {
                        title,
                        heading: base + start..base + start + line.trim_end().len(),
                        content: base + pos..base + body.len(),
                        empty: true,
                    });
                    in_section = true;
                }
                continue;
            }
        }
        if indent > 0 && rest.starts_with('#') {
            return None;
        }
        mark(&mut out);
    }
    if comment.is_some_and(|b| has_content(&b)) && in_section {
        mark_content(&mut out);
    }
    Some(out)
}

/// Whether `line` starts with list markers (`- `, `* `, `+ `, `1. `, `1) `) followed by
/// nothing, or something that opens a block of its own inside the item.
fn block_after_list_marker(line: &str) -> bool {
    let mut rest = line;
    let mut marked = false;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let marker = match rest.as_bytes().get(digits) {
            Some(b'-' | b'*' | b'+') if digits == 0 => 1,
            Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
            _ => break,
        };
        match rest.as_bytes().get(marker) {
            None => return true, // an empty item: no content, unlike its line suggests
            Some(b' ' | b'\t') => {
                rest = rest[marker..].trim_start_matches([' ', '\t']);
                marked = true;
            }
            Some(_) => break,
        }
    }
    marked && (rest.is_empty() || rest.starts_with(['#', '<', '>', '`', '~', '[']))
}

/// An ATX heading's text without the closing `#`s; `None` when inline markup would make
/// pulldown-cmark's text differ from the raw line.
fn heading_text(after_hashes: &str) -> Option<String> {
    let mut text = after_hashes.trim_matches([' ', '\t']);
    let without = text.trim_end_matches('#');
    if without.is_empty() || without.ends_with([' ', '\t']) {
        text = without.trim_end_matches([' ', '\t']);
    }
    if text.contains(['`', '*', '_', '[', ']', '<', '>', '\\', '&', '!'])
        || text.contains(char::is_control)
    {
        return None;
    }
    // `parse` trims the heading's text the same way (Unicode white space included).
    Some(text.trim().to_string())
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

/// Other names pm.yaml's `sections:` gives a section (`Remediation items: {aliases:
/// [Action items]}`), and the sections it marks optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// (section, its aliases), in pm.yaml's order.
    pub aliases: Vec<(String, Vec<String>)>,
    /// Sections that need not be there, even when `required_sections` lists them.
    pub optional: Vec<String>,
}

impl Names {
    /// `name` and the aliases pm.yaml gives it.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::once(name).chain(
            self.aliases
                .iter()
                .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
                .flat_map(|(_, a)| a.iter().map(String::as_str)),
        )
    }

    pub fn is_optional(&self, name: &str) -> bool {
        self.optional.iter().any(|n| n.eq_ignore_ascii_case(name))
    }
}

/// Whether a heading's text names the section `name`: the same words in any case, or
/// `name` followed by more after a break that is not a letter or digit (`Timeline (times
/// in BST)`, `Timeline: all times UTC`), never `Impacted services` for `Impact`.
pub fn title_matches(title: &str, name: &str) -> bool {
    let (title, name) = (title.trim(), name.trim());
    if name.is_empty() {
        return false;
    }
    if title.eq_ignore_ascii_case(name) {
        return true;
    }
    match (title.get(..name.len()), title.get(name.len()..)) {
        (Some(head), Some(rest)) => {
            head.eq_ignore_ascii_case(name)
                && rest
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_alphanumeric() && c != '_' && c != '\'')
        }
        _ => false,
    }
}

/// The section of `sections` called `name` or one of its aliases: an exact title first,
/// then one that starts with the name.
pub fn find<'a>(sections: &'a [Section], name: &str, names: &Names) -> Option<&'a Section> {
    let wanted: Vec<&str> = names.all(name).collect();
    sections
        .iter()
        .find(|s| {
            wanted
                .iter()
                .any(|n| s.title.trim().eq_ignore_ascii_case(n.trim()))
        })
        .or_else(|| {
            sections
                .iter()
                .find(|s| wanted.iter().any(|n| title_matches(&s.title, n)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_by_name_alias_and_prefix() {
        assert!(title_matches("Timeline (times in BST)", "Timeline"));
        assert!(title_matches("timeline: all times UTC", "Timeline"));
        assert!(!title_matches("Impacted services", "Impact"));
        assert!(!title_matches("Time", "Timeline"));
        let body = "## Summary\nx\n## Action items (owners inside)\n- a\n## Timeline\nt\n";
        let s = sections(body, 0);
        let names = Names {
            aliases: vec![("Remediation items".into(), vec!["Action items".into()])],
            optional: vec![],
        };
        assert_eq!(
            find(&s, "remediation items", &names).map(|s| s.title.as_str()),
            Some("Action items (owners inside)")
        );
        assert!(find(&s, "Remediation items", &Names::default()).is_none());
    }

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

    fn same(a: &[Section], b: &[Section]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                x.title == y.title
                    && x.heading == y.heading
                    && x.content == y.content
                    && x.empty == y.empty
            })
    }

    /// `scan` must agree with pulldown-cmark whenever it answers.
    fn agrees(body: &str) -> bool {
        match scan(body, 7) {
            Some(fast) => {
                let slow = parse(body, 7);
                assert!(
                    same(&fast, &slow),
                    "scan and parse disagree on:\n{body}\nscan: {fast:#?}\nparse: {slow:#?}"
                );
                true
            }
            None => false,
        }
    }

    #[test]
    fn scan_agrees_with_pulldown_cmark() {
        let answered = [
            "# T\n\n## Summary\n<!-- prompt -->\n\n## Impact\nSome users.\n",
            "## A\n```\n## not a heading\n```\n## B\n~~~~\n\n~~~~\n## C ##\ntext\n",
            "## A\n<!--\nmulti\n-->\n## B\n<!-- a --> b\n## C\n<!-- unclosed\n## D\n",
            "## A\r\n- item\r\n  more\r\n\r\n## B\r\n1. one\r\n",
            "intro\n## A\n### sub\n#### subsub\n## B\n#hashtag\n# H1\ntext\n## C\n",
            "## A\n    indented code\n## B\n```\n\n```\n## Remediation items\n\\## escaped\n",
            "##\n## A#\n## A #\n## #5 outage\n",
            "##\n<!-->\ntext\n## B\n<!--->\n",
            "##\n# <i>\n",
            "## \u{2004}\n## a \u{2004}#\n",
        ];
        for body in answered {
            assert!(agrees(body), "scan should answer for:\n{body}");
        }
        for body in [
            "## A\n---\n",
            "Title\n=====\n",
            "## A\n<div>\n## x\n</div>\n",
            "## A\n> ## quoted\n",
            "## A\n[x]: https://example.com\n",
            "## `Code` heading\n",
            "## A\n- <!-- c -->\n",
            "## A\n  ## indented\n",
            "- ##\n",
            "## A\rB\n",
            "##\u{c}\n",
            "##\n0.\n",
            "##\r\r",
            "~~~\n~~~\r##",
            "- 0\n  ```\n##\n",
            "##\n[g\n]:i\n",
            "##\n- [g]: i\n",
            "##\n 0.  \n",
            "##\n- 1)\n",
            "## A\n1. ## x\n",
            "## A\n  <!-- in a list item\n",
            "## A\n\ttab\n",
        ] {
            assert!(
                !agrees(body),
                "scan should leave this to pulldown-cmark:\n{body}"
            );
            let _ = parse(body, 0);
        }
    }

    #[test]
    fn scan_agrees_on_the_examples_and_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("postmortems"), root.join("tests/fixtures")];
        // PM_SECTIONS_CORPUS=/tmp/pm-corpus/postmortems checks a generated corpus too.
        if let Some(extra) = std::env::var_os("PM_SECTIONS_CORPUS") {
            stack.push(extra.into());
        }
        let mut answered = 0;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "md")
                    && let Ok(text) = std::fs::read_to_string(&path)
                    && let Ok(split) = crate::parse::split(&text)
                {
                    answered += usize::from(agrees(&text[split.body]));
                }
            }
        }
        eprintln!("scan answered for {answered} bodies");
        assert!(answered >= 4, "only {answered} bodies answered by scan");
    }
}
