//! The irclogs chat log format: bytes through `chatlog::read`, `detect` and `day_marker`
//! (see chatlog.rs for what is checked).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "chatlog.rs"]
mod chatlog;

fuzz_target!(|data: &[u8]| chatlog::check("irclogs", data));
