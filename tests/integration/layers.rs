//! The architecture's rules (ARCHITECTURE.md), checked on the source: every module imports
//! only modules of a lower layer, no command imports another command, clap stays in the
//! command layer, git2 in `repo`, and no source file grows past 800 lines before its tests.
//!
//! The check reads `src/` as text: `crate::` paths (in `use` lines, braces included, and
//! inline) and `super::` paths resolved against the file's module. A new top-level module
//! must be given a layer in `LAYERS` (and in ARCHITECTURE.md), or this test fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, top first: a module may use only modules of a later (lower) entry. Modules
/// sharing an entry are peers and may not use each other.
const LAYERS: &[&[&str]] = &[
    &["lib"],
    &["commands"],
    &["context"],
    &["config"],
    &["meeting"],
    &["lint", "chatlog", "metrics"],
    &["document"],
    &["output", "repo", "store", "mail"],
    &["parse"],
    &["diagnostic"],
    &["time", "error", "files"],
];

/// Where a file's source stops counting toward the size limit: its unit tests.
const TESTS_START: &str = "#[cfg(test)]";
const MAX_LINES: usize = 800;

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&top))
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/commands/remediation/done.rs` -> `["commands", "remediation", "done"]`; a `mod.rs`
/// is its folder's module; `lib.rs` and `main.rs` are `["lib"]`.
fn module_of(path: &Path) -> Vec<String> {
    let rel = path.strip_prefix(src_dir()).expect("under src");
    let mut segs: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segs.last().is_some_and(|s| s == "mod") {
        segs.pop();
    }
    if segs == ["main"] || segs.is_empty() {
        segs = vec!["lib".into()];
    }
    segs
}

/// The text with `//` comments (doc comments too) dropped, line by line. Code holding `//`
/// in a string (a URL) keeps it: only a comment that starts its line, or follows code
/// after a space, is dropped.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            out.push('\n');
            continue;
        }
        let code = match line.find(" //") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn ident_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The first two segments of each path a `crate::`/`super::` at `at` starts: for
/// `crate::{a::b, c}` both `a::b` and `c`.
fn paths_at(text: &str, at: usize) -> Vec<Vec<String>> {
    let rest = &text[at..];
    if let Some(group) = rest.strip_prefix('{') {
        // The top-level elements of the brace group.
        let mut depth = 0;
        let mut elements = Vec::new();
        let mut current = String::new();
        for c in group.chars() {
            match c {
                '{' => {
                    depth += 1;
                    current.push(c);
                }
                '}' if depth == 0 => break,
                '}' => {
                    depth -= 1;
                    current.push(c);
                }
                ',' if depth == 0 => elements.push(std::mem::take(&mut current)),
                c => current.push(c),
            }
        }
        elements.push(current);
        return elements
            .iter()
            .filter_map(|e| {
                let e = e.trim();
                let segs: Vec<String> = e
                    .split("::")
                    .take(2)
                    .map(|s| ident_at(s.trim(), 0).to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                (!segs.is_empty() && segs[0] != "self").then_some(segs)
            })
            .collect();
    }
    let first = ident_at(text, at).to_string();
    if first.is_empty() {
        return Vec::new();
    }
    let mut segs = vec![first.clone()];
    let after = at + first.len();
    if text[after..].starts_with("::") {
        let second = ident_at(text, after + 2);
        if !second.is_empty() {
            segs.push(second.to_string());
        }
    }
    vec![segs]
}

/// Every module path (absolute, from the crate root) the file refers to.
fn references(module: &[String], code: &str) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        // `pm::crate::` cannot occur; a `$crate::` in a macro is the same crate.
        for path in paths_at(code, at + "crate::".len()) {
            found.insert(path);
        }
    }
    // `super::` from `a/b/c.rs` (module `a::b::c`) and from `a/b/c/mod.rs` (module
    // `a::b::c` too) is `a::b`.
    let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
    for (at, _) in code.match_indices("super::") {
        // `super::super::` and the tests' `use super::*` stay inside the file's own module.
        if code[..at].ends_with("super::") || code[at..].starts_with("super::super") {
            continue;
        }
        for path in paths_at(code, at + "super::".len()) {
            let mut abs = parent.clone();
            abs.extend(path);
            abs.truncate(2);
            if !abs.is_empty() {
                found.insert(abs);
            }
        }
    }
    found
}

fn command_modules() -> BTreeSet<String> {
    let dir = src_dir().join("commands");
    std::fs::read_dir(&dir)
        .expect("read commands")
        .map(|e| e.expect("entry").path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().into_owned();
            (name != "mod").then_some(name)
        })
        .collect()
}

fn uses_crate(code: &str, name: &str) -> bool {
    code.contains(&format!("{name}::")) && {
        // As a path's first segment, not inside a longer name (`clap_complete::`).
        code.match_indices(&format!("{name}::")).any(|(at, _)| {
            !code[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        })
    }
}

#[test]
fn modules_import_only_lower_layers_and_commands_not_each_other() {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let commands = command_modules();
    let mut problems = Vec::new();
    for file in &files {
        let shown = file
            .strip_prefix(src_dir().parent().expect("root"))
            .expect("inside")
            .display()
            .to_string();
        let module = module_of(file);
        let top = module[0].as_str();
        let text = std::fs::read_to_string(file).expect("read");
        let code = code_of(&text);
        let Some(own) = layer_of(top) else {
            problems.push(format!(
                "{shown}: the module `{top}` has no layer: add it to LAYERS in tests/integration/layers.rs and to ARCHITECTURE.md"
            ));
            continue;
        };
        for target in references(&module, &code) {
            let to = target[0].as_str();
            if to == top {
                // Inside a module; among commands, only the dispatch (commands/mod.rs)
                // and the shared helpers (common) may be named by a command.
                if top == "commands" && module.len() > 1 {
                    let (mine, theirs) = (&module[1], target.get(1));
                    if let Some(theirs) = theirs
                        && commands.contains(theirs)
                        && theirs != mine
                        && theirs != "common"
                    {
                        problems.push(format!(
                            "{shown}: the command `{mine}` uses the command `{theirs}`: move what they share to commands/common.rs"
                        ));
                    }
                }
                continue;
            }
            match layer_of(to) {
                Some(theirs) if theirs > own => {}
                Some(_) => problems.push(format!(
                    "{shown}: `{top}` uses `{}`, which is not in a lower layer (see ARCHITECTURE.md)",
                    target.join("::")
                )),
                // Not a module of the crate (`crate::Result` would be an item of lib.rs).
                None => {}
            }
        }
        let in_commands = top == "commands" || top == "lib";
        if !in_commands && uses_crate(&code, "clap") {
            problems.push(format!(
                "{shown}: clap outside the command layer: turn the flag into a plain type in commands/"
            ));
        }
        if top != "repo" && uses_crate(&code, "git2") {
            problems.push(format!("{shown}: git2 outside repo.rs"));
        }
        let lines = text
            .lines()
            .take_while(|l| !l.starts_with(TESTS_START))
            .count();
        if lines > MAX_LINES {
            problems.push(format!(
                "{shown}: {lines} lines before its tests (at most {MAX_LINES}): split it along a seam"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The check above must be able to fail: each kind of breach, written as a module would
/// write it, is found.
#[test]
fn the_layer_check_finds_each_kind_of_breach() {
    let module = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let refs = |m: &[&str], code: &str| references(&module(m), code);
    // An upward import, in braces over two lines.
    let found = refs(
        &["lint"],
        "use crate::{\n    context::Project,\n    document::Document,\n};\n",
    );
    assert!(found.contains(&module(&["context", "Project"])));
    assert!(found.contains(&module(&["document", "Document"])));
    // An inline path.
    let found = refs(&["output", "sarif"], "let x = crate::lint::rules::RULES;");
    assert!(found.contains(&module(&["lint", "rules"])));
    // A sibling command through `super::`.
    let found = refs(&["commands", "index"], "use super::list::start_date;");
    assert!(found.contains(&module(&["commands", "list"])));
    // From a folder's mod.rs, `super::` is the folder's parent.
    let found = refs(&["commands", "new"], "super::common::DEFAULT_TEMPLATE");
    assert!(found.contains(&module(&["commands", "common"])));
    // Comments do not count.
    let found = refs(&["lint"], &code_of("// crate::context::Project\n"));
    assert!(found.is_empty());
    assert!(uses_crate("#[derive(clap::ValueEnum)]", "clap"));
    assert!(!uses_crate("use clap_complete::Shell;", "clap"));
    assert!(layer_of("context") < layer_of("lint"));
    assert_eq!(layer_of("lint"), layer_of("chatlog"));
}
