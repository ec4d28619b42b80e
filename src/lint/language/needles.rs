//! The patterns of the language rules, each with the words one of which every match
//! holds (its needles), so that a chunk of prose is searched only by the patterns whose
//! words it contains, and the patterns of a set are compiled only when a chunk first needs the set.
//!
//! The needles are read from the pattern itself (regex-syntax's literal extractor: the
//! strings every match starts with, or else ends with), so they cannot drift from it. One
//! multi-pattern pass over a chunk (ASCII case-insensitive, as the patterns are) tells
//! which patterns may match; the others could not match there and are not run, so the
//! findings are those of running every pattern.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use regex_syntax::hir::{Hir, HirKind};

/// One pattern: its source as compiled, its needles, its place in its `Set`.
pub(super) struct Pattern {
    source: String,
    regex: OnceLock<Regex>,
    /// Lower-case ASCII; `None` when the pattern has no needle it must hold (run always).
    needles: Option<Vec<String>>,
    bit: u64,
}

impl Pattern {
    /// `pattern` as `phrases::re` writes it: `APOS` for an apostrophe, ASCII word
    /// boundaries, case-insensitive.
    pub(super) fn new(pattern: &str, bit: usize) -> Pattern {
        let source = super::phrases::source(pattern);
        let needles = needles(&source);
        Pattern {
            source,
            regex: OnceLock::new(),
            needles,
            bit: 1 << bit,
        }
    }

    /// The compiled pattern, when `present` says a chunk may hold a match.
    pub(super) fn within(&self, present: &Present) -> Option<&Regex> {
        (present.0 & self.bit != 0).then(|| self.regex())
    }

    /// The matches in `text`, none where `present` rules the pattern out.
    pub(super) fn find_iter<'t>(
        &self,
        present: &Present,
        text: &'t str,
    ) -> impl Iterator<Item = regex::Match<'t>> {
        self.within(present)
            .into_iter()
            .flat_map(move |re| re.find_iter(text))
    }

    /// The captures in `text`, none where `present` rules the pattern out.
    pub(super) fn captures_iter<'t>(
        &self,
        present: &Present,
        text: &'t str,
    ) -> impl Iterator<Item = regex::Captures<'t>> {
        self.within(present)
            .into_iter()
            .flat_map(move |re| re.captures_iter(text))
    }

    /// The compiled pattern (compiled with its set).
    pub(super) fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            // The patterns are constants: a broken one is a bug that every test run shows.
            Regex::new(&self.source).unwrap_or_else(|e| panic!("bad pattern {}: {e}", self.source))
        })
    }
}

/// Which patterns of a `Set` may match a chunk (one bit each).
pub(super) struct Present(u64);

/// The needles of a group of patterns (at most 64), searched in one pass.
pub(super) struct Set {
    searcher: AhoCorasick,
    /// For each needle, the patterns holding it.
    owners: Vec<u64>,
    /// The patterns without needles.
    always: u64,
    all: u64,
}

impl Set {
    pub(super) fn new(patterns: &[&Pattern]) -> Set {
        assert!(patterns.len() <= 64, "a set holds at most 64 patterns");
        let mut needles: Vec<(String, u64)> = Vec::new();
        let mut always = 0;
        let mut all = 0;
        for p in patterns {
            all |= p.bit;
            match &p.needles {
                None => always |= p.bit,
                Some(list) => {
                    for n in list {
                        match needles.iter_mut().find(|(m, _)| m == n) {
                            Some((_, owners)) => *owners |= p.bit,
                            None => needles.push((n.clone(), p.bit)),
                        }
                    }
                }
            }
        }
        // Every pattern of the set compiled now, on the thread that first needs the set:
        // compiled one by one as chunks asked for them, on both workers at once, they left
        // the allocator's heaps 10 MiB larger at the peak of `pm check`.
        for p in patterns {
            p.regex();
        }
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(needles.iter().map(|(n, _)| n))
            .unwrap_or_else(|e| panic!("{e}"));
        Set {
            searcher,
            owners: needles.into_iter().map(|(_, o)| o).collect(),
            always,
            all,
        }
    }

    /// The patterns that may match `text`: those whose needles it holds, and those
    /// without needles.
    pub(super) fn present(&self, text: &str) -> Present {
        // `(?i)` also matches `ſ` for `s` and the Kelvin sign for `k`, which an ASCII
        // search misses: such a text is searched by every pattern.
        #[cfg(test)]
        if EVERY.get() {
            return Present(self.all);
        }
        let unusual = |c: &str| memchr::memmem::find(text.as_bytes(), c.as_bytes()).is_some();
        if unusual("ſ") || unusual("\u{212A}") {
            return Present(self.all);
        }
        let mut bits = self.always;
        for m in self.searcher.find_overlapping_iter(text) {
            bits |= self
                .owners
                .get(m.pattern().as_usize())
                .copied()
                .unwrap_or(self.all);
            if bits == self.all {
                break;
            }
        }
        Present(bits)
    }
}

#[cfg(test)]
thread_local! {
    /// Every pattern runs on every chunk (to compare with the needles' choice).
    pub(super) static EVERY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The needles of a compiled pattern's source (which starts with `(?i)`): lower-case ASCII
/// strings one of which every match holds, or `None`.
fn needles(source: &str) -> Option<Vec<String>> {
    // Read case-sensitively: the literals as written, searched ASCII case-insensitively.
    let pattern = source.strip_prefix("(?i)").unwrap_or(source);
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut found = required(&hir)?;
    // A needle holding a shorter one adds nothing.
    found.sort_by_key(|n| (n.len(), n.clone()));
    let mut kept: Vec<String> = Vec::new();
    for n in found {
        if !kept.iter().any(|k| n.contains(k.as_str())) {
            kept.push(n);
        }
    }
    Some(kept)
}

/// Strings one of which every match of `hir` holds: a literal's longest ASCII run; for a
/// sequence, the best of its parts' (longest shortest needle); for alternatives, all of
/// theirs; for a repetition, its part's when it repeats at least once.
fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Literal(lit) => {
            let run = lit
                .0
                .split(|b| !b.is_ascii())
                .max_by_key(|run| run.len())
                .filter(|run| !run.is_empty())?;
            Some(vec![String::from_utf8_lossy(run).to_ascii_lowercase()])
        }
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(required)
            .max_by_key(|set| set.iter().map(String::len).min().unwrap_or(0)),
        HirKind::Alternation(parts) => {
            let mut all = Vec::new();
            for part in parts {
                all.extend(required(part)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// Builds a struct of patterns and the `Set` of their needles: `patterns! { Name { field:
/// "pattern", ... } }`, each field a `Pattern`, and `set` their needles.
macro_rules! patterns {
    ($name:ident { $($field:ident: $pattern:expr,)* }) => {
        struct $name {
            $($field: $crate::lint::language::needles::Pattern,)*
            set: $crate::lint::language::needles::Set,
        }

        impl $name {
            fn new() -> $name {
                let mut _bit = 0;
                $(
                    let $field = $crate::lint::language::needles::Pattern::new($pattern, _bit);
                    _bit += 1;
                )*
                let set = $crate::lint::language::needles::Set::new(&[$(&$field),*]);
                $name { $($field,)* set }
            }
        }
    };
}
pub(super) use patterns;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_are_what_every_match_holds() {
        let n = |p: &str| needles(&super::super::phrases::source(p));
        assert_eq!(
            n(r"\b(?:failed|fail|fails|failing)\s+to\b"),
            Some(vec!["fail".to_string()])
        );
        assert_eq!(
            n(r"\b([\w-]+)(APOSs)?\s+fault\b"),
            Some(vec!["fault".to_string()])
        );
        assert_eq!(n(r"\bwe\s+shouldnAPOSt\b").map(|v| v.len()), Some(1));
        assert_eq!(n(r"\w+"), None);
    }

    #[test]
    fn a_pattern_runs_only_where_its_needles_are() {
        let a = Pattern::new(r"\broot[\s-]+cause\b", 0);
        let b = Pattern::new(r"\bclearly\b", 1);
        let c = Pattern::new(r"\w+", 2);
        let set = Set::new(&[&a, &b, &c]);
        let present = set.present("The ROOT cause");
        assert!(a.within(&present).is_some());
        assert!(b.within(&present).is_none());
        assert!(c.within(&present).is_some(), "no needle: always run");
        // `(?i)` matches the long s and the Kelvin sign: every pattern runs there.
        let present = set.present("ſ");
        assert!(a.within(&present).is_some() && b.within(&present).is_some());
    }
}
