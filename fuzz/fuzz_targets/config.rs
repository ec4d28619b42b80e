//! `pm.yaml`: `Config::parse`, with every problem's span valid for the text and rendered.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use pm::config::Config;
use pm::parse::Source;

#[path = "common.rs"]
mod common;
use common::check_diagnostics;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text) {
        Ok(config) => {
            assert!(!config.severities.is_empty());
            assert!(config.remediation_due_days >= 0 && config.remediation_stale_days >= 0);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            let source = Source::new(PathBuf::from("pm.yaml"), "pm.yaml".into(), text.into());
            check_diagnostics(&source, &problems);
        }
    }
});
