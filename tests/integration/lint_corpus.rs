//! The language rules against the labelled corpus in tests/lint-corpus/: every sentence in
//! a postmortem of its own, checked by the real binary; precision and recall per rule are
//! printed (`cargo test lint_corpus -- --nocapture`) and must stay at or above 0.95 / 0.90.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::check::check_json;
use crate::env::TestEnv;

const PRECISION: f64 = 0.95;
const RECALL: f64 = 0.90;

/// The language rules but `suppression`, which no sentence can give.
const RULES: &[&str] = crate::language::RULES.split_at(6).0;

fn corpus(name: &str) -> Vec<(BTreeSet<String>, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/lint-corpus")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("corpus file");
    text.lines()
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
            (labels, fields.last().expect("sentence").to_string())
        })
        .collect()
}

const HEAD: &str = "---
title: Corpus
status: draft
severity: SEV2
started_at: 2026-03-14T09:12:00Z
";

/// Runs pm over the sentences (each a paragraph, line `first + 2*i`) and the remediation
/// titles (each an item of the front matter), and returns the rules found per sentence
/// and per title.
fn run() -> (Vec<BTreeSet<String>>, Vec<BTreeSet<String>>) {
    let sentences = corpus("sentences.tsv");
    let titles = corpus("remediation.tsv");
    let env = TestEnv::new();
    let mut doc = String::from(HEAD);
    doc.push_str("remediation:\n");
    let mut title_lines = Vec::new();
    for (_, t) in &titles {
        title_lines.push(doc.lines().count() + 1);
        doc.push_str(&format!("  - title: \"{t}\"\n    owner: Ana Lima\n"));
    }
    doc.push_str("---\n# Corpus\n\n## Summary\n");
    let mut sentence_lines = Vec::new();
    for (_, s) in &sentences {
        doc.push('\n');
        sentence_lines.push(doc.lines().count() + 1);
        doc.push_str(s);
        doc.push('\n');
    }
    env.write("postmortems/2026-03-14-corpus.md", &doc);
    let (_, report, _) = check_json(&env, &[]);
    let mut found_s = vec![BTreeSet::new(); sentences.len()];
    let mut found_t = vec![BTreeSet::new(); titles.len()];
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let rule = d["rule"].as_str().expect("rule");
        if !RULES.contains(&rule) {
            continue;
        }
        let line = d["line"].as_u64().expect("line") as usize;
        if let Some(i) = sentence_lines.iter().position(|&l| l == line) {
            found_s[i].insert(rule.to_string());
        } else if let Some(i) = title_lines.iter().position(|&l| l == line) {
            found_t[i].insert(rule.to_string());
        } else {
            panic!("a finding on line {line}, which holds no sentence: {d}");
        }
    }
    (found_s, found_t)
}

#[test]
fn lint_corpus_precision_and_recall_per_rule() {
    let sentences = corpus("sentences.tsv");
    let titles = corpus("remediation.tsv");
    assert!(
        sentences.len() + titles.len() >= 200,
        "the corpus has only {} sentences",
        sentences.len() + titles.len()
    );
    let people = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint-corpus/sentences.tsv"),
    )
    .expect("corpus");
    assert!(people.contains("\tpeople\t") && people.contains("\tsystem\t"));
    let (found_s, found_t) = run();
    let labelled: Vec<&BTreeSet<String>> =
        sentences.iter().chain(&titles).map(|(l, _)| l).collect();
    let texts: Vec<&String> = sentences.iter().chain(&titles).map(|(_, s)| s).collect();
    let found: Vec<&BTreeSet<String>> = found_s.iter().chain(&found_t).collect();
    let mut table = BTreeMap::new();
    let mut misses = Vec::new();
    for rule in RULES {
        let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
        for i in 0..labelled.len() {
            let want = labelled[i].contains(*rule);
            let got = found[i].contains(*rule);
            match (want, got) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    misses.push(format!("false positive {rule}: {}", texts[i]));
                }
                (true, false) => {
                    fn_ += 1;
                    misses.push(format!("missed {rule}: {}", texts[i]));
                }
                _ => {}
            }
        }
        let precision = if tp + fp == 0 {
            1.0
        } else {
            f64::from(tp) / f64::from(tp + fp)
        };
        let recall = if tp + fn_ == 0 {
            1.0
        } else {
            f64::from(tp) / f64::from(tp + fn_)
        };
        table.insert(*rule, (precision, recall, tp, fp, fn_));
    }
    eprintln!(
        "lint corpus: {} sentences, {} remediation titles",
        sentences.len(),
        titles.len()
    );
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
    for (rule, (p, r, tp, _, _)) in &table {
        assert!(*tp > 0, "{rule}: the corpus has no sentence it finds");
        assert!(*p >= PRECISION, "{rule}: precision {p:.3} < {PRECISION}");
        assert!(*r >= RECALL, "{rule}: recall {r:.3} < {RECALL}");
    }
}
