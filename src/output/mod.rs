//! Everything pm prints: diagnostics, and records as tables, JSON, CSV or markdown.

pub mod diagnostics;
pub mod github;
pub mod sarif;
pub mod table;

/// `1 error`, `2 errors`: a count and its noun, for what people read.
pub fn plural<N>(n: N, word: &str) -> String
where
    N: Copy + std::fmt::Display + PartialEq + From<u8>,
{
    format!("{n} {word}{}", if n == N::from(1) { "" } else { "s" })
}
