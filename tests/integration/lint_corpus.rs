//! The language rules against the labelled corpora in tests/lint-corpus/: our own
//! sentences (sentences.tsv, remediation.tsv) and sentences written in the style of real
//! postmortems (real-style.tsv), each corpus one postmortem checked by the real binary.
//! Precision and recall per rule, and every miss, are printed (`cargo test lint_corpus --
//! --nocapture`); each corpus must stay at or above 0.95 / 0.90 for every rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::check::check_json;
use crate::env::TestEnv;

const PRECISION: f64 = 0.95;
const RECALL: f64 = 0.90;

/// The language rules but `suppression`, which no sentence can give.
const RULES: &[&str] = crate::language::RULES.split_at(6).0;

/// Where a corpus entry goes in the postmortem.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Where {
    /// A paragraph (or, starting with `## `, a heading) in the body's first sections.
    Prose,
    /// A cell of the Timeline section's table.
    Timeline,
    /// A list item of the Remediation items section.
    Remediation,
    /// A remediation item's title in the front matter.
    Title,
}

struct Entry {
    labels: BTreeSet<String>,
    place: Where,
    text: String,
}

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/lint-corpus")
        .join(name);
    std::fs::read_to_string(&path).expect("corpus file")
}

/// The entries of a corpus file: `RULE<TAB>...<TAB>TEXT`; `place` says where each goes,
/// from its middle field.
fn corpus(name: &str, place: impl Fn(&str) -> Where) -> Vec<Entry> {
    read(name)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            let labels = fields[0]
                .split('+')
                .filter(|r| *r != "-")
                .map(|r| {
                    assert!(RULES.contains(&r), "unknown rule {r} in {name}: {l}");
                    r.to_string()
                })
                .collect();
            let middle = if fields.len() > 2 { fields[1] } else { "" };
            Entry {
                labels,
                place: place(middle),
                text: fields.last().expect("sentence").to_string(),
            }
        })
        .collect()
}

/// Our own corpus: sentences (ABOUT in the middle field) and remediation titles.
fn own() -> Vec<Entry> {
    let mut all = corpus("sentences.tsv", |_| Where::Prose);
    all.extend(corpus("remediation.tsv", |_| Where::Title));
    all
}

/// The real-style corpus: WHERE in the middle field.
fn real_style() -> Vec<Entry> {
    corpus("real-style.tsv", |w| match w {
        "prose" => Where::Prose,
        "timeline" => Where::Timeline,
        "remediation" => Where::Remediation,
        "title" => Where::Title,
        other => panic!("unknown place {other} in real-style.tsv"),
    })
}

const HEAD: &str = "---
title: Corpus
status: draft
severity: SEV2
started_at: 2026-03-14T09:12:00Z
";

/// Runs pm over one postmortem holding every entry on a line of its own, and returns the
/// rules found per entry.
fn run(entries: &[Entry]) -> Vec<BTreeSet<String>> {
    let env = TestEnv::new();
    let mut doc = String::from(HEAD);
    let mut lines = vec![0usize; entries.len()];
    let line = |doc: &String| doc.lines().count() + 1;
    doc.push_str("remediation:\n");
    for (i, e) in entries.iter().enumerate() {
        if e.place == Where::Title {
            lines[i] = line(&doc);
            let t = e.text.replace('\\', "\\\\").replace('"', "\\\"");
            doc.push_str(&format!("  - title: \"{t}\"\n    owner: Ana Lima\n"));
        }
    }
    doc.push_str("---\n# Corpus\n\n## Summary\n");
    for (i, e) in entries.iter().enumerate() {
        if e.place == Where::Prose {
            doc.push('\n');
            lines[i] = line(&doc);
            doc.push_str(&e.text);
            doc.push('\n');
        }
    }
    doc.push_str("\n## Timeline\n\n| time | event |\n|---|---|\n");
    for (i, e) in entries.iter().enumerate() {
        if e.place == Where::Timeline {
            lines[i] = line(&doc);
            doc.push_str(&format!("| 09:{:02} | {} |\n", i % 60, e.text));
        }
    }
    doc.push_str("\n## Remediation items\n\n");
    for (i, e) in entries.iter().enumerate() {
        if e.place == Where::Remediation {
            lines[i] = line(&doc);
            doc.push_str(&format!("- {}\n", e.text));
        }
    }
    env.write("postmortems/2026-03-14-corpus.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let mut found = vec![BTreeSet::new(); entries.len()];
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let rule = d["rule"].as_str().expect("rule");
        if !RULES.contains(&rule) {
            continue;
        }
        let at = d["line"].as_u64().expect("line") as usize;
        match lines.iter().position(|&l| l == at) {
            Some(i) => {
                found[i].insert(rule.to_string());
            }
            None => panic!("a finding on line {at}, which holds no sentence: {d}"),
        }
    }
    found
}

/// Precision, recall, true and false positives and negatives of `rule`.
type Score = (f64, f64, u32, u32, u32);

/// Scores every rule over `entries`, prints the table and the misses, and returns the
/// scores.
fn score(name: &str, entries: &[Entry]) -> BTreeMap<&'static str, Score> {
    let found = run(entries);
    let mut table = BTreeMap::new();
    let mut misses = Vec::new();
    for rule in RULES {
        let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
        for (e, got) in entries.iter().zip(&found) {
            match (e.labels.contains(*rule), got.contains(*rule)) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    misses.push(format!("false positive {rule}: {}", e.text));
                }
                (true, false) => {
                    fn_ += 1;
                    misses.push(format!("missed {rule}: {}", e.text));
                }
                _ => {}
            }
        }
        let ratio = |a: u32, b: u32| {
            if a + b == 0 {
                1.0
            } else {
                f64::from(a) / f64::from(a + b)
            }
        };
        table.insert(*rule, (ratio(tp, fp), ratio(tp, fn_), tp, fp, fn_));
    }
    eprintln!("{name}: {} sentences and titles", entries.len());
    eprintln!(
        "{:<22} {:>9} {:>7} {:>4} {:>4} {:>4}",
        "rule", "precision", "recall", "tp", "fp", "fn"
    );
    for (rule, (p, r, tp, fp, fn_)) in &table {
        eprintln!("{rule:<22} {p:>9.3} {r:>7.3} {tp:>4} {fp:>4} {fn_:>4}");
    }
    for m in &misses {
        eprintln!("  {m}");
    }
    table
}

fn gate(name: &str, table: &BTreeMap<&'static str, Score>) {
    for (rule, (p, r, tp, _, _)) in table {
        assert!(
            *tp > 0,
            "{name}: {rule}: the corpus has no sentence it finds"
        );
        assert!(
            *p >= PRECISION,
            "{name}: {rule}: precision {p:.3} < {PRECISION}"
        );
        assert!(*r >= RECALL, "{name}: {rule}: recall {r:.3} < {RECALL}");
    }
}

#[test]
fn lint_corpus_precision_and_recall_per_rule() {
    let entries = own();
    assert!(
        entries.len() >= 200,
        "the corpus has only {} sentences",
        entries.len()
    );
    let people = read("sentences.tsv");
    assert!(people.contains("\tpeople\t") && people.contains("\tsystem\t"));
    let table = score("lint corpus", &entries);
    gate("lint corpus", &table);
}

#[test]
fn lint_corpus_real_style_precision_and_recall_per_rule() {
    let entries = real_style();
    assert!(
        entries.len() >= 300,
        "the real-style corpus has only {} sentences",
        entries.len()
    );
    // Every place is tried, flagged and not.
    for place in [
        Where::Prose,
        Where::Timeline,
        Where::Remediation,
        Where::Title,
    ] {
        assert!(
            entries
                .iter()
                .any(|e| e.place == place && e.labels.is_empty())
        );
    }
    let table = score("real-style corpus", &entries);
    gate("real-style corpus", &table);
}
