//! The span-based front-matter editor, `document::edit::apply`: any text, with a change
//! chosen by the first byte (set a field of item 0..3, remove `done_on`, add an item).
//! `apply` checks its own result by reading it back; here it must never panic, and when
//! it answers, the text outside the front matter must be unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pm::document::edit::{Change, apply};
use pm::parse::split;

const KEYS: [&str; 5] = ["title", "owner", "ticket", "due", "status"];
const VALUES: [&str; 6] = ["Ben Okafor", "2026-04-14", "a: b, c", "#x", "it's \"q\"", "1412"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let Ok(s) = split(&text) else { return };
    let item = usize::from(pick & 3);
    let key = KEYS[usize::from(pick >> 2) % KEYS.len()];
    let value = VALUES[usize::from(pick >> 4) % VALUES.len()].to_string();
    let change = match pick >> 6 {
        0 | 1 => Change::Set { item, key, value },
        2 => Change::Remove {
            item,
            key: "done_on",
        },
        _ => Change::Add {
            fields: vec![("title", value), ("owner", "Ana".into())],
        },
    };
    if let Ok(new) = apply(&text, &s, std::slice::from_ref(&change)) {
        let t = split(&new).expect("the edited text still has front matter");
        assert_eq!(&new[..t.yaml.start], &text[..s.yaml.start]);
        assert_eq!(&new[t.yaml.end..], &text[s.yaml.end..]);
    }
});
