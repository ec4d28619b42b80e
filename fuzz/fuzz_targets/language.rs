//! The blameless-language rules on any body: `lint::prose::read` (the prose, its map back
//! to the file and the `pm-allow`/`pm-disable`/`pm-enable` comments), `language::scan` on
//! each piece, and `language::check_body` as `pm check` runs it, with the default settings
//! and with a pm.yaml `lint:` section adding and allowing phrases.
//!
//! Every span must lie inside the body, on character boundaries, forwards; findings must
//! map to the line and column (in characters) the text gives, never start inside the chat
//! transcript, and a bare `<!-- pm-disable -->` at the top must silence every rule.

#![no_main]

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pm::lint::language;
use pm::lint::prose;
use pm::lint::rules;
use pm::lint::settings::Settings;
use pm::parse::Source;

#[path = "common.rs"]
mod common;
use common::{assert_span, check_diagnostics};

/// What comes before the body, so that file offsets and body offsets differ (and a line
/// before the body holds a character wider than a byte).
const FRONT: &str = "---\ntitle: Fuzzé\n---\n";

const LINT: &str = r#"lint:
  severity: {blame: error, hindsight: off}
  phrases:
    blame: ["dropped the ball", "ought to've"]
    root-cause: ["primary cause"]
    counterfactual: ["if only"]
  allow: ["root cause analysis", "should have known"]
"#;

fn settings() -> &'static [Settings; 2] {
    static SETTINGS: OnceLock<[Settings; 2]> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        let value: serde_yaml::Value = serde_yaml::from_str(LINT).expect("LINT is YAML");
        let configured =
            Settings::parse(&value["lint"], LINT).expect("LINT is a valid lint section");
        [Settings::default(), configured]
    })
}

/// A span inside `text`, forwards, on character boundaries, and inside `body`.
fn assert_inside(text: &str, span: &Range<usize>, body: &Range<usize>, what: &str) {
    assert_span(text, span, what);
    assert!(
        body.start <= span.start && span.end <= body.end,
        "{what}: span {span:?} is not inside the body {body:?}"
    );
}

/// 1-based line and column in characters, counted the slow way.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let base = FRONT.len();
    let source = Source::new(
        PathBuf::from("postmortems/2026-03-14-fuzz.md"),
        "postmortems/2026-03-14-fuzz.md".to_string(),
        format!("{FRONT}{body}"),
    );
    let text = &source.text;
    let body = &text[base..];
    let whole = base..text.len();
    let transcripts: Vec<Range<usize>> = prose::transcripts(body)
        .into_iter()
        .map(|r| {
            assert_span(body, &r, "transcript");
            base + r.start..base + r.end
        })
        .collect();

    let p = prose::read(body, base);
    for chunk in &p.chunks {
        assert_inside(text, &chunk.block, &whole, "chunk block");
        for (i, _) in chunk.text.char_indices() {
            let at = chunk.to_file(i);
            assert!(
                whole.contains(&at) && text.is_char_boundary(at),
                "byte {i} of the prose {:?} maps to {at}, not a character of the body {whole:?}",
                chunk.text
            );
        }
        for hit in language::scan(&chunk.text, chunk.heading.is_some()) {
            assert_span(&chunk.text, &hit.range, hit.rule);
            assert_inside(text, &chunk.span(hit.range.clone()), &whole, hit.rule);
        }
    }
    for a in &p.allowed {
        assert_inside(text, &a.range, &whole, "allowance");
        assert_inside(text, &a.comment, &whole, "allowance comment");
    }
    for (_, comment) in &p.named {
        assert_inside(text, comment, &whole, "steering comment");
        let c = &text[comment.clone()];
        assert!(
            c.starts_with("<!--") && c.ends_with("-->"),
            "a steering comment's span holds {c:?}"
        );
    }

    for settings in settings() {
        let found = language::check_body(body, base, settings);
        for d in &found {
            let span = d.span.as_ref().expect("every language finding has a place");
            assert_inside(text, span, &whole, d.rule);
            for at in [span.start, span.end] {
                assert_eq!(
                    source.line_col(at),
                    line_col(text, at),
                    "{}: at {at}",
                    d.rule
                );
            }
            assert!(
                d.rule == rules::SUPPRESSION
                    || !transcripts.iter().any(|t| t.contains(&span.start)),
                "{} {span:?} inside the chat transcript",
                d.rule
            );
        }
        // Rendering shows the whole line, so hundreds of findings on one long line cost
        // most of the time: the first few are rendered.
        check_diagnostics(&source, &found[..found.len().min(8)]);
    }

    // A bare `pm-disable` before everything, never enabled again, silences every rule.
    if !body.contains("pm-enable") {
        let quiet = format!("<!-- pm-disable -->\n\n{body}");
        for d in language::check_body(&quiet, 0, &Settings::default()) {
            assert_eq!(
                d.rule,
                rules::SUPPRESSION,
                "reported under a bare pm-disable: {}",
                d.message
            );
        }
    }
});
