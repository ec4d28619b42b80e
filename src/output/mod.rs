//! Everything pm prints: diagnostics, and records as tables, JSON, CSV or markdown.

pub mod diagnostics;
pub mod github;
pub mod sarif;
pub mod table;
