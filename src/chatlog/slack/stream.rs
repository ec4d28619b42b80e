//! A JSON array read as a stream: a small scanner finds where each element starts and
//! ends (and its line, for `file:line` in reports) and serde_json parses one element at a
//! time, so memory stays at one element however large the file.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use super::MAX_MESSAGE_BYTES;
use crate::chatlog::json::next_chunk;
use crate::error::{Error, Result};

/// One element of a top-level JSON array, parsed, with where it starts.
pub(super) struct Element {
    pub(super) value: Value,
    pub(super) line: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the `[`.
    Start,
    /// After `[`: an element or `]`.
    First,
    /// After `,`: an element.
    Next,
    /// Inside an element.
    Element,
    /// After an element: `,` or `]`.
    After,
    /// After the `]`.
    Done,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Container,
    String,
    Scalar,
}

/// Where the scanner is in the file, for errors.
struct Position {
    line: usize,
    /// Characters before the current byte on its line.
    chars: usize,
    /// The current line so far (up to 240 bytes), to show in errors.
    text: Vec<u8>,
}

impl Position {
    fn advance(&mut self, b: u8) {
        if b == b'\n' {
            self.line += 1;
            self.chars = 0;
            self.text.clear();
        } else {
            if b & 0xC0 != 0x80 {
                self.chars += 1;
            }
            if self.text.len() < 240 {
                self.text.push(b);
            }
        }
    }
}

/// Walks a JSON array element by element without holding more than one element, calling
/// `each` with every element parsed by serde_json.
pub(super) fn scan_array(
    mut reader: impl BufRead,
    path: &Path,
    mut each: impl FnMut(Element) -> Result<()>,
) -> Result<()> {
    let mut state = State::Start;
    let mut pos = Position {
        line: 1,
        chars: 0,
        text: Vec::new(),
    };
    let mut element = Pending::default();
    let (mut shape, mut depth, mut in_string, mut escaped) = (Shape::Scalar, 0usize, false, false);
    let mut first_chunk = true;
    loop {
        let (chunk, skip) = next_chunk(&mut reader, path, &mut first_chunk)?;
        if chunk.is_empty() {
            break;
        }
        let len = chunk.len();
        for (i, &b) in chunk.iter().enumerate().skip(skip) {
            // The whole current line, for an error at this byte.
            let here = |pos: &Position| {
                let rest = chunk.get(i..).unwrap_or_default();
                let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len()).min(240);
                let mut text = pos.text.clone();
                text.extend_from_slice(rest.get(..end).unwrap_or_default());
                text
            };
            let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r');
            if state == State::Element && shape == Shape::Scalar && (ws || b == b',' || b == b']') {
                element.emit(path, &mut each)?;
                state = State::After;
            }
            match state {
                _ if ws && state != State::Element => {}
                State::Start if b == b'[' => state = State::First,
                State::Start => {
                    return Err(syntax(
                        path,
                        &pos,
                        &here(&pos),
                        "expected `[`: a Slack day file is a JSON array of messages",
                    ));
                }
                State::First if b == b']' => state = State::Done,
                State::First | State::Next => {
                    if matches!(b, b']' | b',' | b'}' | b':') {
                        return Err(syntax(path, &pos, &here(&pos), "expected a message"));
                    }
                    shape = match b {
                        b'{' | b'[' => Shape::Container,
                        b'"' => Shape::String,
                        _ => Shape::Scalar,
                    };
                    depth = usize::from(shape == Shape::Container);
                    in_string = shape == Shape::String;
                    escaped = false;
                    element.line = pos.line;
                    element.column = pos.chars + 1;
                    element.prefix.clone_from(&pos.text);
                    element.buf.push(b);
                    state = State::Element;
                }
                State::Element => {
                    element.buf.push(b);
                    if element.buf.len() > MAX_MESSAGE_BYTES {
                        return Err(Error::user(format!(
                            "{}:{}:{}: a message over {} MiB; pm refuses it",
                            path.display(),
                            element.line,
                            element.column,
                            MAX_MESSAGE_BYTES >> 20
                        ))
                        .with_hint(
                            "a Slack message is at most a few kB; is this a Slack export?",
                        ));
                    }
                    let mut done = false;
                    if in_string {
                        if escaped {
                            escaped = false;
                        } else if b == b'\\' {
                            escaped = true;
                        } else if b == b'"' {
                            in_string = false;
                            done = shape == Shape::String;
                        }
                    } else if shape == Shape::Container {
                        match b {
                            b'"' => in_string = true,
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth = depth.saturating_sub(1);
                                done = depth == 0;
                            }
                            _ => {}
                        }
                    }
                    if done {
                        element.emit(path, &mut each)?;
                        state = State::After;
                    }
                }
                State::After if b == b',' => state = State::Next,
                State::After if b == b']' => state = State::Done,
                State::After => {
                    return Err(syntax(
                        path,
                        &pos,
                        &here(&pos),
                        "expected `,` or `]` after a message",
                    ));
                }
                State::Done => {
                    return Err(syntax(
                        path,
                        &pos,
                        &here(&pos),
                        "text after the end of the array",
                    ));
                }
            }
            pos.advance(b);
        }
        reader.consume(len);
    }
    if state == State::Element && shape == Shape::Scalar {
        element.emit(path, &mut each)?;
        state = State::After;
    }
    match state {
        State::Done => Ok(()),
        State::Start => Err(syntax(
            path,
            &pos,
            &pos.text,
            "the file is empty: a Slack day file is a JSON array of messages",
        )),
        State::Element => Err(syntax(
            path,
            &pos,
            &pos.text,
            &format!(
                "the file ends inside the message that starts at line {} (cut short?)",
                element.line
            ),
        )),
        _ => Err(syntax(
            path,
            &pos,
            &pos.text,
            "the file ends before the array is closed with `]` (cut short?)",
        )),
    }
}

/// The element being read: its bytes and where it starts.
#[derive(Default)]
struct Pending {
    buf: Vec<u8>,
    line: usize,
    column: usize,
    /// Its first line's text before it, to show in errors.
    prefix: Vec<u8>,
}

impl Pending {
    /// Parses the element and hands it to `each`.
    fn emit(&mut self, path: &Path, each: &mut impl FnMut(Element) -> Result<()>) -> Result<()> {
        let value = parse_element(&self.buf, path, self.line, self.column, &self.prefix)?;
        self.buf.clear();
        each(Element {
            value,
            line: self.line,
        })
    }
}

/// A syntax error at the scanner's position.
fn syntax(path: &Path, pos: &Position, line: &[u8], what: &str) -> Error {
    located(path, pos.line, pos.chars + 1, line, what)
}

/// An error naming `path:line:column`, showing the line (as far as it is known) with a
/// caret under the column.
fn located(path: &Path, line: usize, column: usize, text: &[u8], what: &str) -> Error {
    let shown = String::from_utf8_lossy(text);
    let shown: String = shown
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(120)
        .collect();
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let caret = " ".repeat(column.saturating_sub(1).min(120));
    Error::user(format!(
        "{}:{line}:{column}: invalid Slack export file: {what}\n{pad} |\n{gutter} | {shown}\n{pad} | {caret}^",
        path.display()
    ))
    .with_hint(
        "the file may be cut short or edited by hand; export the channel from Slack again, or \
         fix the JSON at that position",
    )
}

/// Parses one element's bytes; a serde_json error is moved from the element's coordinates
/// to the file's.
fn parse_element(
    buf: &[u8],
    path: &Path,
    start_line: usize,
    start_col: usize,
    prefix: &[u8],
) -> Result<Value> {
    serde_json::from_slice(buf).map_err(|err| {
        let rel_line = err.line().max(1);
        // serde_json counts columns in bytes; find the byte and count characters.
        let mut line_start = 0;
        for _ in 1..rel_line {
            match buf.get(line_start..).and_then(|b| memchr::memchr(b'\n', b)) {
                Some(at) => line_start += at + 1,
                None => break,
            }
        }
        let line_bytes = buf.get(line_start..).unwrap_or_default();
        let line_bytes = line_bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let upto = err.column().saturating_sub(1).min(line_bytes.len());
        let chars_before = String::from_utf8_lossy(line_bytes.get(..upto).unwrap_or_default())
            .chars()
            .count();
        let (line, column, shown) = if rel_line == 1 {
            let mut shown = prefix.to_vec();
            shown.extend_from_slice(line_bytes);
            (start_line, start_col + chars_before, shown)
        } else {
            (
                start_line + rel_line - 1,
                chars_before + 1,
                line_bytes.to_vec(),
            )
        };
        let message = err.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => &message[..at],
            None => &message,
        };
        located(path, line, column, &shown, message)
    })
}
