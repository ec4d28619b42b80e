//! Bytes as one Slack day file: `slack::parse_day` must never panic, must accept exactly
//! the files serde_json accepts as an array, and must place every error and entry on a
//! line of the file. The same bytes as message text go through `slack::decode_markup`.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pm::chatlog::slack::{Names, decode_markup, parse_day};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let mut names = Names::default();
    names.users.insert("U1".into(), "ann".into());
    names.channels.insert("C1".into(), "ops".into());
    let ours = parse_day(data, Path::new("day.json"), &names, None);
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    match &ours {
        Ok(t) => {
            for e in &t.entries {
                assert!(e.line >= 1 && e.line <= lines, "entry line {} of {lines}", e.line);
            }
            for &l in &t.unparsed {
                assert!(l >= 1 && l <= lines, "unparsed line {l} of {lines}");
            }
        }
        Err(err) => {
            // `day.json:LINE:COLUMN: ...`
            let mut parts = err.message.splitn(4, ':');
            assert_eq!(parts.next(), Some("day.json"), "{}", err.message);
            let line: usize = parts.next().and_then(|l| l.parse().ok()).expect("a line");
            let column: usize = parts.next().and_then(|c| c.parse().ok()).expect("a column");
            assert!(line >= 1 && line <= lines, "error line {line} of {lines}: {}", err.message);
            assert!(column >= 1, "{}", err.message);
        }
    }
    // serde_json, the whole file at once, is the reference (it does not skip a BOM, and
    // counts the outer array against its nesting limit of 128).
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let deep = body.iter().filter(|&&b| b == b'[' || b == b'{').count() > 100;
    if !deep {
        let reference = serde_json::from_slice::<Vec<Value>>(body);
        assert_eq!(
            ours.is_ok(),
            reference.is_ok(),
            "pm: {:?}, serde_json: {:?}",
            ours.as_ref().err().map(|e| &e.message),
            reference.as_ref().err()
        );
        if let (Ok(t), Ok(all)) = (&ours, &reference) {
            assert!(t.entries.len() + t.unparsed.len() <= all.len());
        }
    }
    let text = String::from_utf8_lossy(data);
    let _ = decode_markup(&text, &names);
});
