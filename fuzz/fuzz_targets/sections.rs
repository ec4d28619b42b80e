//! The body's sections two ways: `sections::scan`, the fast line reader, must agree with
//! `sections::parse` (pulldown-cmark) on every body it answers for.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pm::document::sections::{parse, scan};

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    if let Some(fast) = scan(&body, 3) {
        let slow = parse(&body, 3);
        assert_eq!(fast.len(), slow.len(), "section count differs on {body:?}");
        for (a, b) in fast.iter().zip(&slow) {
            assert_eq!(a.title, b.title, "title differs on {body:?}");
            assert_eq!(a.heading, b.heading, "heading span differs on {body:?}");
            assert_eq!(a.content, b.content, "content span differs on {body:?}");
            assert_eq!(a.empty, b.empty, "emptiness differs on {body:?}");
        }
    }
});
