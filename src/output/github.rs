//! `pm check --format github`: GitHub Actions workflow commands, one line a finding, which
//! GitHub shows as annotations on the pull request's changed lines.
//!
//! `::warning file=postmortems/x.md,line=31,col=22,endLine=31,endColumn=33,title=pm check: counterfactual::message`

use std::io::Write;

use crate::diagnostic::{Diagnostic, Severity};
use crate::output::diagnostics::JsonDiagnostic;
use crate::parse::Source;

/// Escapes a command's message (`%`, CR and LF).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes one finding as a workflow command.
pub fn write(out: &mut dyn Write, source: &Source, d: &Diagnostic) -> std::io::Result<()> {
    let j = JsonDiagnostic::new(source, d);
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    writeln!(
        out,
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(&j.path),
        j.line,
        j.column,
        j.end_line,
        j.end_column,
        property(&format!("pm check: {}", d.rule)),
        data(&message)
    )
}

/// A path that could not be read at all.
pub fn write_unreadable(out: &mut dyn Write, path: &str, why: &str) -> std::io::Result<()> {
    writeln!(
        out,
        "::error file={},title={}::{}",
        property(path),
        property("pm check: unreadable"),
        data(why)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_reads_as_syntax() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
