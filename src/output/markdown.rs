//! `--format markdown`: pages as markdown documents to paste into review notes or an
//! email, tables as pipe tables; and the escaping every markdown pm writes goes through.

use std::io::Write;

use super::Page;
use super::table::Table;

/// Text escaped so that it renders literally in CommonMark and GitHub markdown, on one
/// line: markup characters are backslash-escaped, `<` and `>` become entities (so neither an
/// HTML tag nor `<!--`/`-->` can appear), line breaks become `<br>`, other control
/// characters spaces, and bidirectional overrides are dropped. The text is never at the
/// start of a line, so `#`, `---` or `1.` cannot start a block.
pub fn text(text: &str) -> String {
    text_with(text, Pairs::of(text))
}

/// Characters that only make markup in pairs (`_em_`, `~~strike~~`, `$math$`): escaped
/// only when the line holds two, so `notification_worker` and `~yusuf` stay readable.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pairs {
    underscore: bool,
    tilde: bool,
    dollar: bool,
}

impl Pairs {
    pub fn of(text: &str) -> Pairs {
        let count = |c: char| text.chars().filter(|&x| x == c).count() >= 2;
        Pairs {
            underscore: count('_'),
            tilde: count('~'),
            dollar: count('$'),
        }
    }
}

/// [`text`], with the pairs counted over more than `text` (one chat line's parts).
pub fn text_with(text: &str, pairs: Pairs) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' if pairs.underscore => out.push_str("\\_"),
            '~' if pairs.tilde => out.push_str("\\~"),
            '$' if pairs.dollar => out.push_str("\\$"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // `&amp;` written in chat stays `&amp;`, not `&`.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&")
            }
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            '\u{2028}' | '\u{2029}' => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out
}

/// Text escaped for a digest pasted into chat (Slack, Mattermost, Teams) or a plain mail,
/// which show a backslash or an entity as it is: only what could change the structure in
/// CommonMark or in Slack/Mattermost markdown is escaped, with a backslash:
/// - `[`, so no link, image or footnote can open (`]` alone makes none);
/// - `<` before a letter, `/`, `!`, `?`, `@` or `#`, so no HTML tag, comment, autolink or
///   Slack `<url|text>`, `<!here>`, `<@user>`, `<#channel>` can start (`a < b` stays);
/// - `\` before ASCII punctuation, so it cannot undo an escape (`C:\temp` stays).
///
/// `_`, `*`, `~`, `&`, `>` and `]` stay as written (they change at most emphasis, never a
/// link, heading or HTML), and a code span (`` `max_wal_size` ``) is kept as it is: nothing
/// in it is markup. Line breaks and other control characters become spaces, bidirectional
/// overrides are dropped, white space at either end is trimmed. For text after a list
/// marker or at a line's start, [`Markdown::chat`] escapes a leading block marker too.
pub fn chat(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            match code_span_end(rest, run) {
                // A code span: as written.
                Some(end) => out.push_str(&rest[..end]),
                // Backticks that close nothing are text.
                None => out.push_str(&rest[..run]),
            }
            rest = &rest[code_span_end(rest, run).unwrap_or(run)..];
            continue;
        }
        let next = after.chars().next();
        match c {
            '[' => out.push_str("\\["),
            '<' if next.is_some_and(|n| n.is_ascii_alphabetic() || "/!?@#".contains(n)) => {
                out.push_str("\\<")
            }
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            '\r' if next == Some('\n') => {}
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
        rest = after;
    }
    out
}

/// Where the code span that opens with `run` backticks at the start of `text` ends (after
/// its closing run of exactly as many backticks), as CommonMark reads it.
fn code_span_end(text: &str, run: usize) -> Option<usize> {
    let mut at = run;
    while let Some(found) = text[at..].find('`') {
        let start = at + found;
        let len = text[start..].len() - text[start..].trim_start_matches('`').len();
        if len == run {
            return Some(start + len);
        }
        at = start + len;
    }
    None
}

/// Whether pm writes `url` as a link: an `http:`, `https:` or `mailto:` URL, or a relative
/// one (a path, `//host/...`, `#fragment`, `?query`). Any other scheme (`javascript:`,
/// `data:`, `vbscript:`, `file:`...) is not, nor a URL holding white space, control characters or
/// `<`/`>` (which browsers drop or which end the markdown link early). Schemes compare
/// case-insensitively, as browsers do.
pub fn link_allowed(url: &str) -> bool {
    if url.is_empty()
        || url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'))
    {
        return false;
    }
    // A scheme is letters, digits, `+`, `-`, `.` up to the first `:`, before any `/?#`.
    let end = url.find([':', '/', '?', '#']);
    match end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            // `mailto:` opens a mail to write, and runs nothing.
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Writes `table` as a pipe table; absent values are `-`, linked cells `[text](url)` (only
/// a URL [`link_allowed`] passes: any other is left out, the cell plain text).
pub fn write_table(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    writeln!(out, "| {} |", table.headers.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(table.headers.len()))?;
    for (r, row) in table.rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| {
                let shown = text(v.as_deref().unwrap_or("-"));
                match table.links.get(&(r, c)) {
                    Some(url) if v.is_some() && link_allowed(url) => format!("[{shown}]({url})"),
                    _ => shown,
                }
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A page written as a markdown document.
pub struct Markdown<'w> {
    out: &'w mut dyn Write,
    /// For chat and mail ([`Markdown::chat`]).
    chat: bool,
}

impl<'w> Markdown<'w> {
    pub fn new(out: &'w mut dyn Write) -> Markdown<'w> {
        Markdown { out, chat: false }
    }

    /// A page to paste into chat or a plain mail: text escaped by [`chat`] (a leading
    /// block marker too), and each further line of an item after a hard break (two
    /// spaces at the end of the line before it, which chat and mail do not show), so a
    /// CommonMark viewer shows the lines apart. Tables stay [`text`]-escaped.
    pub fn chat(out: &'w mut dyn Write) -> Markdown<'w> {
        Markdown { out, chat: true }
    }

    fn escape(&self, text: &str) -> String {
        match self.chat {
            true => chat(text),
            false => self::text(text),
        }
    }
}

impl Page for Markdown<'_> {
    fn title(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "# {}", self.escape(text))?;
        writeln!(self.out)
    }

    fn line(&mut self, _screen: &str, document: &str) -> std::io::Result<()> {
        writeln!(self.out, "{document}")
    }

    fn heading(&mut self, level: usize, text: &str) -> std::io::Result<()> {
        writeln!(self.out)?;
        writeln!(
            self.out,
            "{} {}",
            "#".repeat(level.max(1)),
            self.escape(text)
        )
    }

    fn table(&mut self, table: &Table) -> std::io::Result<()> {
        writeln!(self.out)?;
        write_table(self.out, table)
    }

    fn fields(&mut self, fields: &[(&str, String)]) -> std::io::Result<()> {
        writeln!(self.out)?;
        for (label, value) in fields {
            writeln!(
                self.out,
                "- {}: {}",
                at_line_start(self.escape(label)),
                self.escape(value)
            )?;
        }
        Ok(())
    }

    fn note(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out)?;
        // A leading `*` or `-` would start a list.
        let escape = if text.starts_with(['*', '-', '+']) {
            "\\"
        } else {
            ""
        };
        writeln!(self.out, "{escape}{text}")
    }

    fn item(
        &mut self,
        depth: usize,
        text: &str,
        link: Option<&str>,
        more: &[String],
    ) -> std::io::Result<()> {
        let indent = "  ".repeat(depth);
        let shown = self.escape(text);
        let head = match link {
            Some(url) if link_allowed(url) => format!("[{shown}]({url})"),
            _ => at_line_start(shown),
        };
        // In chat, a hard break ends each line but the last.
        let lines: Vec<String> = std::iter::once(format!("{indent}- {head}"))
            .chain(
                more.iter()
                    .map(|l| format!("{indent}  {}", at_line_start(self.escape(l)))),
            )
            .collect();
        let last = lines.len() - 1;
        for (n, line) in lines.iter().enumerate() {
            let end = if self.chat && n < last { "  " } else { "" };
            writeln!(self.out, "{line}{end}")?;
        }
        Ok(())
    }
}

/// Escaped text that starts a line (or a list item's text): a leading `#`, `-`, `+`, `*`,
/// `>`, `=`, `1.`, or a fence (```` ``` ````, `~~~`) would start a block, so it is
/// backslash-escaped.
fn at_line_start(text: String) -> String {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')'));
    if ordered {
        format!("{}\\{}", &text[..digits], &text[digits..])
    } else if text.starts_with(['#', '-', '+', '>', '='])
        || star_block(&text)
        || text.starts_with("```")
        || text.starts_with("~~~")
    {
        format!("\\{text}")
    } else {
        text
    }
}

/// A leading `*` that makes a list item (`* x`) or a thematic break (`***`, `* * *`);
/// `*bold*` at a line's start is neither.
fn star_block(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next() == Some('*')
        && (chars.next().is_none_or(char::is_whitespace)
            || text.chars().all(|c| c == '*' || c == ' ' || c == '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_http_or_relative() {
        for ok in [
            "https://t.example.com/browse/OPS-1",
            "HTTP://x.example",
            "2026-03-14-checkout.md",
            "../images/a.png",
            "/docs/a.md",
            "//cdn.example.com/a",
            "#timeline",
            "a.md?x=1:2",
            "dir/a:b.md",
            "mailto:incidents@example.com",
        ] {
            assert!(link_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "https://x.example/a b",
            "https://x.example/<script>",
            "",
        ] {
            assert!(!link_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn list_items_cannot_start_another_block() {
        let mut out = Vec::new();
        let more = ["# not a heading".to_string(), "12. not a list".to_string()];
        Markdown::new(&mut out)
            .item(1, "- x", None, &more)
            .expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "  - \\- x\n    \\# not a heading\n    12\\. not a list\n"
        );
        let mut out = Vec::new();
        Markdown::new(&mut out)
            .item(0, "a [b]", Some("javascript:alert(1)"), &[])
            .expect("write");
        assert_eq!(String::from_utf8(out).expect("utf-8"), "- a \\[b\\]\n");
    }

    #[test]
    fn chat_text_escapes_only_what_makes_structure() {
        assert_eq!(
            chat("orders_db replica_lag on db-3 <prod>"),
            "orders_db replica_lag on db-3 \\<prod>"
        );
        assert_eq!(chat("Set `max_wal_size` "), "Set `max_wal_size`");
        assert_eq!(chat("`a [b](c) <b>` [d](e)"), "`a [b](c) <b>` \\[d](e)");
        assert_eq!(chat("a ` [x](javascript:y)"), "a ` \\[x](javascript:y)");
        assert_eq!(chat("``a ` b`` [c"), "``a ` b`` \\[c");
        assert_eq!(
            chat("![i](u) <!-- x --> <b> <https://x> <@U1> <!here> <#C1|ops>"),
            "!\\[i](u) \\<!-- x --> \\<b> \\<https://x> \\<@U1> \\<!here> \\<#C1|ops>"
        );
        assert_eq!(
            chat("a < b, <5ms, R&D &amp; *x* ~y~ $z$ | q >"),
            "a < b, <5ms, R&D &amp; *x* ~y~ $z$ | q >"
        );
        assert_eq!(chat("C:\\temp \\[x](y)"), "C:\\temp \\\\\\[x](y)");
        assert_eq!(chat(" a\nb\r\nc\u{202e}\t"), "a b c");
    }

    #[test]
    fn chat_items_cannot_start_a_block_and_break_their_lines() {
        let mut out = Vec::new();
        let more = ["# not a heading".to_string(), "=== x".to_string()];
        Markdown::chat(&mut out)
            .item(1, "* x", None, &more)
            .expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "  - \\* x  \n    \\# not a heading  \n    \\=== x\n"
        );
        for (title, shown) in [
            ("*bold* start", "- *bold* start\n"),
            ("***", "- \\***\n"),
            ("```sh", "- \\```sh\n"),
            ("1. x", "- 1\\. x\n"),
            ("> q", "- \\> q\n"),
        ] {
            let mut out = Vec::new();
            Markdown::chat(&mut out)
                .item(0, title, None, &[])
                .expect("write");
            assert_eq!(String::from_utf8(out).expect("utf-8"), shown, "{title}");
        }
    }

    #[test]
    fn titles_cannot_break_the_table_or_the_link() {
        assert_eq!(text("a | b [c] <d>\nx"), "a \\| b \\[c\\] &lt;d&gt;<br>x");
        assert_eq!(text("a | b\\c"), "a \\| b\\\\c");
    }

    #[test]
    fn text_keeps_plain_text_and_neutralises_markup() {
        assert_eq!(text("restarting the db now"), "restarting the db now");
        assert_eq!(text("<!-- x -->"), "&lt;!-- x --&gt;");
        assert_eq!(
            text("`rm -rf` *now* _a_ [l](u) | ~~s~~ $x$ #1 !"),
            "\\`rm -rf\\` \\*now\\* \\_a\\_ \\[l\\](u) \\| \\~\\~s\\~\\~ \\$x\\$ #1 !"
        );
        assert_eq!(text("snake_case ~ann costs $5"), "snake_case ~ann costs $5");
        assert_eq!(text("R&D &amp; x & y"), "R\\&D \\&amp; x & y");
        assert_eq!(text("a\nb\r\nc\rd"), "a<br>b<br>c<br>d");
        assert_eq!(text("tab\there\u{7}  "), "tab here");
        assert_eq!(text("\u{202e}evil"), "evil");
    }
}
