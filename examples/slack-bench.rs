//! Helpers for the Slack and redaction benchmarks (bench/slack.sh).
//!
//! ```text
//! cargo run --release --example slack-bench -- gen OUT DAYS MESSAGES_PER_DAY
//! cargo run --release --example slack-bench -- read CHANNEL_DIR SINCE UNTIL
//! cargo run --release --example slack-bench -- redact FILE
//! ```
//!
//! `gen` writes a Slack export to OUT (users.json, channels.json, `ops/` with DAYS day files
//! ending on 2026-03-14, each with MESSAGES_PER_DAY messages, deterministic). `read` runs
//! `chatlog::slack::read` on a window (RFC 3339 instants) and prints the entry count.
//! `redact` runs `chatlog::redact::redact` on every line of FILE and prints the lines and
//! secrets.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use pm::chatlog::{Window, redact, slack};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["gen", out, days, per_day] => generate(Path::new(out), days, per_day),
        ["read", dir, since, until] => read(Path::new(dir), since, until),
        ["redact", file] => redact_file(Path::new(file)),
        _ => Err(
            "usage: slack-bench gen OUT DAYS PER_DAY | read DIR SINCE UNTIL | redact FILE".into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("slack-bench: {err}");
            ExitCode::FAILURE
        }
    }
}

const WORDS: &[&str] = &[
    "checkout",
    "errors",
    "rollback",
    "deploy",
    "latency",
    "p99",
    "is",
    "the",
    "looking",
    "at",
    "graph",
    "pods",
    "restarted",
    "db",
    "primary",
    "failover",
    "ok",
    "seeing",
    "5xx",
    "again",
];

fn generate(out: &Path, days: &str, per_day: &str) -> Result<(), String> {
    let days: i64 = days.parse().map_err(|_| "DAYS: a number")?;
    let per_day: i64 = per_day.parse().map_err(|_| "PER_DAY: a number")?;
    let ops = out.join("ops");
    std::fs::create_dir_all(&ops).map_err(|e| e.to_string())?;
    let mut users = String::from("[\n");
    for u in 0..20 {
        let sep = if u == 19 { "" } else { "," };
        let _ = writeln!(
            users,
            "    {{\"id\": \"U{u:04}\", \"name\": \"user{u}\", \"profile\": {{\"display_name\": \"user{u}\"}}}}{sep}"
        );
    }
    users.push_str("]\n");
    std::fs::write(out.join("users.json"), users).map_err(|e| e.to_string())?;
    std::fs::write(
        out.join("channels.json"),
        "[{\"id\": \"C1\", \"name\": \"ops\"}]\n",
    )
    .map_err(|e| e.to_string())?;
    let last = NaiveDate::from_ymd_opt(2026, 3, 14).ok_or("date")?;
    let mut seed: u64 = 42;
    for d in 0..days {
        let date = last - TimeDelta::days(days - 1 - d);
        let start = date
            .and_hms_opt(0, 0, 0)
            .ok_or("time")?
            .and_utc()
            .timestamp();
        let mut file = String::from("[\n");
        for m in 0..per_day {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let ts = start + m * 86_400 / per_day.max(1);
            let user = (seed >> 33) % 20;
            let words: Vec<&str> = (0..8)
                .map(|i| WORDS[((seed >> (i * 5)) % WORDS.len() as u64) as usize])
                .collect();
            let sep = if m == per_day - 1 { "" } else { "," };
            let _ = writeln!(
                file,
                "    {{\n        \"type\": \"message\",\n        \"user\": \"U{user:04}\",\n        \"text\": \"<@U{:04}> {}\",\n        \"ts\": \"{ts}.{m:06}\"\n    }}{sep}",
                (user + 1) % 20,
                words.join(" ")
            );
        }
        file.push_str("]\n");
        std::fs::write(ops.join(format!("{date}.json")), file).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{text}: {e}"))
}

fn read(dir: &Path, since: &str, until: &str) -> Result<(), String> {
    let window = Window {
        since: instant(since)?,
        until: instant(until)?,
    };
    let t = slack::read(dir, &window).map_err(|e| e.message)?;
    println!("{} entries", t.entries.len());
    Ok(())
}

fn redact_file(path: &Path) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (mut lines, mut secrets) = (0usize, 0usize);
    for line in BufReader::new(file).split(b'\n') {
        let line = line.map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&line);
        secrets += redact::redact(&text).1;
        lines += 1;
    }
    println!("{lines} lines, {secrets} secrets");
    Ok(())
}
