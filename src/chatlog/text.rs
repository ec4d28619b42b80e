//! Line hygiene shared by every format: bytes to text (UTF-8, else Windows-1252), line
//! endings, byte-order marks and mIRC formatting codes.

use std::borrow::Cow;

/// Decodes one line's bytes, dropping a trailing `\r`.
///
/// IRC has no encoding, so logs mix UTF-8 with Latin bytes; a line that is not valid UTF-8
/// is read as Windows-1252 (as irclog2html does), which maps every byte to some character.
pub fn decode_line(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text
        }
    }
}

/// Drops a leading UTF-8 byte-order mark (files saved by Windows editors start with one).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Removes mIRC formatting: bold, colour (`\x03` with up to two digits of foreground and
/// an optional `,` and up to two digits of background), hex colour (`\x04RRGGBB[,RRGGBB]`),
/// reset, reverse, italic, underline, strikethrough, monospace and beep.
pub fn strip_formatting(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_code) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x03' => {
                if take_digits(&mut chars, 2, |c| c.is_ascii_digit()) > 0 {
                    take_background(&mut chars, 2, |c| c.is_ascii_digit());
                }
            }
            '\x04' => {
                if take_digits(&mut chars, 6, |c| c.is_ascii_hexdigit()) > 0 {
                    take_background(&mut chars, 6, |c| c.is_ascii_hexdigit());
                }
            }
            c if is_code(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_code(c: char) -> bool {
    matches!(
        c,
        '\x02' | '\x03' | '\x04' | '\x07' | '\x0f' | '\x11' | '\x16' | '\x1d' | '\x1e' | '\x1f'
    )
}

fn take_digits(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    max: usize,
    accept: fn(&char) -> bool,
) -> usize {
    let mut taken = 0;
    while taken < max && chars.next_if(accept).is_some() {
        taken += 1;
    }
    taken
}

/// A `,` belongs to the colour code only when digits follow it; otherwise it is text.
fn take_background(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    max: usize,
    accept: fn(&char) -> bool,
) {
    let mut ahead = chars.clone();
    if ahead.next() == Some(',') && ahead.peek().is_some_and(accept) {
        chars.next();
        take_digits(chars, max, accept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_lines_are_borrowed_as_they_are() {
        assert_eq!(decode_line("grüße ™".as_bytes()), "grüße ™");
        assert!(matches!(decode_line(b"plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        // 0x99 is the trade mark sign, 0x9a a small s with caron, 0xe9 e acute in cp1252.
        assert_eq!(decode_line(b"caf\xe9 \x99 \x9a"), "café ™ š");
    }

    #[test]
    fn a_trailing_carriage_return_goes_but_inner_ones_stay() {
        assert_eq!(decode_line(b"a\rb\r"), "a\rb");
        assert_eq!(decode_line(b"caf\xe9\r"), "café");
    }

    #[test]
    fn a_leading_bom_goes() {
        assert_eq!(strip_bom("\u{feff}--- Log opened"), "--- Log opened");
        assert_eq!(strip_bom("no bom"), "no bom");
    }

    #[test]
    fn every_simple_code_is_removed() {
        let line = "\x02bold\x02 \x1ditalic\x1d \x1funder\x1f \x1estrike\x1e \x11mono\x11 \x16rev\x16 \x0freset\x07";
        assert_eq!(
            strip_formatting(line),
            "bold italic under strike mono rev reset"
        );
    }

    #[test]
    fn colour_codes_take_at_most_two_digits_each_side() {
        assert_eq!(strip_formatting("\x034red\x03"), "red");
        assert_eq!(strip_formatting("\x0304,12blue on red"), "blue on red");
        // A third digit is text; so is a comma without digits after it.
        assert_eq!(strip_formatting("\x03123 apples"), "3 apples");
        assert_eq!(strip_formatting("\x0304, then"), ", then");
        // A bare \x03 resets the colour and swallows nothing.
        assert_eq!(strip_formatting("\x03,5"), ",5");
    }

    #[test]
    fn hex_colour_codes_are_removed() {
        assert_eq!(strip_formatting("\x04FF0000,00ff00hex"), "hex");
    }

    #[test]
    fn text_without_codes_is_borrowed() {
        assert!(matches!(
            strip_formatting("09:00 <ann> hi"),
            Cow::Borrowed(_)
        ));
    }
}
