//! Everything pm prints: diagnostics, and records as tables, JSON, CSV or markdown.

pub mod diagnostics;
pub mod table;
