//! The chat transcript block of `pm import-logs`: finding it in any document, rendering any
//! chat text, and splicing a new block in must never panic, and the result must hold exactly
//! that block, found again and not taken for a hand edit.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pm::chatlog::{Entry, Kind};
use pm::document::sections::sections;
use pm::chatlog::transcript::{self, Clock, Line, Place};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The chat text is the input too: the first line is the message.
    let message = text.lines().next().unwrap_or_default();
    let at = "2026-03-14T09:00:00Z".parse().unwrap();
    let entry = Entry::new(
        at,
        Kind::Message,
        message.chars().take(8).collect::<String>(),
        message,
        1,
    );
    let clock = Clock { tz: chrono_tz::UTC, date: false, zone: false };
    let line = transcript::render_line(&Line { entry: &entry, channel: Some("#ops") }, &clock);
    assert!(!line.contains(['\n', '\r']), "one line: {line:?}");
    assert!(!line.contains("<!--") && !line.contains("-->"), "no comment: {line:?}");
    let block = transcript::render_block("Chat transcript.", &[line]);
    let found = match transcript::find(&text) {
        Ok(found) => found,
        Err(_) => return,
    };
    let place = match found {
        Some(f) => {
            assert!(f.range.end <= text.len() && text.is_char_boundary(f.range.start));
            Place::Replace(f.range)
        }
        None => transcript::place(&text, &sections(&text, 0)),
    };
    let out = transcript::splice(&text, &place, &block);
    let again = transcript::find(&out)
        .expect("the spliced document has one well-formed block")
        .expect("and it is found");
    assert!(!again.edited(), "the new block is not a hand edit");
    assert_eq!(&out[again.range], block.as_str());
});
