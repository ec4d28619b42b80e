//! The front-matter parsers: `parse::split`, serde_yaml plus `document::yaml_error`, the fast
//! `parse::block_yaml` reader (which must agree with serde_yaml),
//! `document::frontmatter::read_plain` (which must agree with `read` whenever it answers),
//! `document::frontmatter::read` (through `document::parse` at `Depth::FrontMatter`), and
//! `parse::locate::locate` on paths made of the keys the text mentions.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use pm::document::{self, Depth, Schema};
use pm::parse::locate::{Seg, locate};
use pm::parse::{Source, split};

#[path = "common.rs"]
mod common;
use common::{SEVERITIES, assert_span};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(s) = split(&text) {
        assert_span(&text, &s.open, "split.open");
        assert_span(&text, &s.yaml, "split.yaml");
        assert_span(&text, &s.body, "split.body");
        assert!(s.open.end <= s.yaml.start && s.yaml.end <= s.body.start);
        let yaml = &text[s.yaml.clone()];
        let slow = serde_yaml::from_str::<serde_yaml::Value>(yaml);
        if let Err(e) = &slow {
            let d = document::yaml_error(e, yaml, s.yaml.start);
            if let Some(span) = &d.span {
                assert_span(&text, span, "yaml_error");
            }
        }
        // The fast reader of plain block YAML must agree with serde_yaml whenever it answers.
        if let Some(fast) = pm::parse::block_yaml::parse(yaml) {
            assert_eq!(
                Some(&fast),
                slow.as_ref().ok(),
                "block_yaml disagrees with serde_yaml"
            );
        }
        // The typed fast path must answer only when the full reader reports nothing, and
        // then with the same values.
        if let Some(tree) = pm::parse::block_yaml::parse_tree(yaml) {
            for timezone in [chrono_tz::Tz::UTC, chrono_tz::Tz::Europe__Berlin] {
                let schema = Schema::new(SEVERITIES.to_vec(), timezone);
                if let Some(fast) = document::frontmatter::read_plain(&tree, &schema) {
                    let (slow, diagnostics) = document::frontmatter::read(
                        &tree.to_value(),
                        yaml,
                        s.yaml.start,
                        s.open.clone(),
                        &schema,
                    );
                    assert!(
                        diagnostics.is_empty(),
                        "read_plain answered, read reports {:?}",
                        diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>()
                    );
                    assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "read_plain disagrees");
                }
            }
        }
        locate_everywhere(yaml);
    } else {
        // The whole text as YAML: what `locate` sees of a `pm.yaml`.
        locate_everywhere(&text);
    }

    // A time zone with daylight saving reaches the gap/overlap branches of timestamps.
    let timezone = if data.len() % 2 == 0 {
        chrono_tz::Tz::UTC
    } else {
        chrono_tz::Tz::Europe__Berlin
    };
    let schema = Schema::new(SEVERITIES.to_vec(), timezone);
    let source = Source::new(
        PathBuf::from("postmortems/2026-03-14-fuzz.md"),
        "postmortems/2026-03-14-fuzz.md".into(),
        text,
    );
    let doc = document::parse(source, &schema, Depth::FrontMatter);
    assert!(doc.sections.is_empty());
    for d in &doc.diagnostics {
        if let Some(span) = &d.span {
            assert_span(&doc.source.text, span, d.rule);
        }
    }
});

/// Keys worth asking for: the schema's fields and the words before a `:` in the text.
fn keys(yaml: &str) -> Vec<&str> {
    let mut keys = vec!["title", "remediation", "links", "owner", "url", "services"];
    for line in yaml.lines().take(64) {
        let line = line.trim_start_matches([' ', '-', '"', '\'']);
        if let Some((key, _)) = line.split_once(':') {
            let key = key.trim_end_matches(['"', '\'']).trim_end();
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        if keys.len() >= 10 {
            break;
        }
    }
    keys
}

fn locate_everywhere(yaml: &str) {
    let keys = keys(yaml);
    let check = |path: &[Seg<'_>]| {
        if let Some(loc) = locate(yaml, path) {
            if let Some(key) = &loc.key {
                assert_span(yaml, key, "locate key");
            }
            assert_span(yaml, &loc.value, "locate value");
        }
    };
    check(&[]);
    for &k in &keys {
        check(&[Seg::Key(k)]);
    }
    // A few deeper paths, chosen by a hash of the text so a crash reproduces.
    let mut state = yaml.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..16 {
        let len = 1 + (next() % 4) as usize;
        let path: Vec<Seg<'_>> = (0..len)
            .map(|_| {
                let r = next();
                if r % 3 == 0 {
                    Seg::Index((r >> 8) as usize % 3)
                } else {
                    Seg::Key(keys[(r >> 8) as usize % keys.len()])
                }
            })
            .collect();
        check(&path);
    }
}
