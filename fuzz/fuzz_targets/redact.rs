//! Text through `redact::redact` and, line by line, through a `redact::Redactor`: no
//! panic, a count for every marker added, and redacting the output again finds nothing.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pm::chatlog::redact::{Redactor, redact};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (once, n) = redact(&text);
    let markers = |s: &str| s.matches("[redacted: ").count();
    // A secret may swallow a marker-like text of the input, so only without one is the
    // count exact.
    if markers(&text) == 0 {
        assert_eq!(markers(&once), n, "count and markers differ for {text:?}");
    } else {
        assert!(markers(&once) >= n, "fewer markers than the count for {text:?}");
    }
    if n == 0 {
        assert_eq!(once, text);
    }
    let (twice, again) = redact(&once);
    assert_eq!(again, 0, "redacting {once:?} again found {twice:?}");
    let mut redactor = Redactor::new();
    for line in text.split('\n') {
        let _ = redactor.redact(line);
    }
});
