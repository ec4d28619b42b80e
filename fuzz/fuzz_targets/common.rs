//! Checks shared by the fuzz targets.

#![allow(dead_code)]

use std::ops::Range;

use pm::diagnostic::Diagnostic;
use pm::output::diagnostics::{JsonDiagnostic, Renderer};
use pm::parse::Source;

/// The severities of the default pm.yaml.
pub const SEVERITIES: &[&str] = &["SEV1", "SEV2", "SEV3", "SEV4"];

/// A span must lie inside `text`, run forwards, and start and end on character boundaries.
pub fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} is not inside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} cuts a character"
    );
}

/// Every diagnostic's span is valid for the source, and both renderings succeed.
pub fn check_diagnostics(source: &Source, diagnostics: &[Diagnostic]) {
    let renderer = Renderer::new(false);
    for d in diagnostics {
        if let Some(span) = &d.span {
            assert_span(&source.text, span, d.rule);
        }
        let mut out = Vec::new();
        renderer
            .render(&mut out, source, d)
            .expect("rendering into a Vec cannot fail");
        assert!(!out.is_empty());
        let json = JsonDiagnostic::new(source, d);
        assert!(json.line >= 1 && json.column >= 1);
        assert!((json.line, json.column) <= (json.end_line, json.end_column));
        // The JSON form must serialize: it is what `pm check --format json` prints.
        serde_json::to_vec(&json).expect("a JSON diagnostic serializes");
    }
}
