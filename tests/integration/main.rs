//! pm's one integration-test binary: every test runs the real `pm` binary on a temporary
//! folder holding a real git repository, with HOME isolated and the clock fixed; `layers`
//! reads `src/` to hold the architecture's rules.

mod env;

mod as_written;
mod bad_input;
mod body_items;
mod charts;
mod chat_odd_input;
mod chat_sources;
mod check;
mod cli;
mod extremes;
mod git_places;
mod import;
mod import_logs;
mod index;
mod init;
mod language;
mod layers;
mod lint_corpus;
mod list;
mod long_lines;
mod meeting;
mod new;
mod overdue;
mod redaction_corpus;
mod redaction_sources;
mod remediation;
mod report;
mod review;
mod safety;
mod schedule;
mod schedule_send;
mod show;
mod slack_export;
mod stats;
mod templates;
