//! Deterministic generator of chat-log corpora, for the `pm import-logs` benchmarks
//! (bench/import-logs.sh, BENCHMARKS.md).
//!
//! ```text
//! gen-chatlog irssi    --out FILE --size 1G [--start 2021-01-01 --days 1826]
//! gen-chatlog znc      --out DIR  [--start 2021-01-01 --days 1826]   # DIR/YYYY-MM-DD.log
//! gen-chatlog limnoria --out DIR  [--start ... --days ...]           # DIR/#ops.YYYY-MM-DD.log
//! gen-chatlog slack    --out DIR  [--start ... --days ...]           # DIR/ops/YYYY-MM-DD.json
//! gen-chatlog repo     --out DIR --source PATH --format F            # example postmortem repo
//! common: [--seed 42] [--channel '#ops'] [--incident 2024-03-14T14:00:00Z]
//!         [--day-kib 64] (per-day volume of the archives; irssi spreads --size instead)
//! ```
//!
//! One busy operations channel: messages with mode prefixes (`<@ann>`, `< ben>`), actions,
//! joins, parts, quits, nick changes, mode and topic changes, a few mIRC formatting codes and
//! non-ASCII text, quieter weekends and nights. Every day's events are a pure function of
//! `(seed, date, volume)`, so the same arguments give byte-identical output, and a 1-week
//! archive holds the same days as the 5-year one. Each format renders the same events: the
//! irssi log with `--- Log opened` / `--- Day changed` lines (and a client restart now and
//! then), ZNC and Limnoria as one file per day, Slack as a workspace export (users.json,
//! channels.json, a folder of per-day JSON files split on America/Los_Angeles days, threads).
//! On the incident day, a 90-minute incident starting at `--incident` fills the channel with
//! incident talk. The log's clock is UTC.
//!
//! `repo` writes a small postmortem repository (git init, pm.yaml with a `chat:` source
//! pointing at PATH, one postmortem of that incident, first commit), so
//! `pm -C DIR import-logs 2024-03-14-checkout-db-failover --stdout` has a 2-hour window to
//! extract (the incident plus 15 minutes of padding on each side).
//!
//! Uses only `std` and the crate's own dependencies (chrono, chrono-tz).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
    Weekday,
};

// ---------------------------------------------------------------------------------------------
// PRNG: wyrand, seeded from (seed, day).

struct Rng(u64);

impl Rng {
    fn for_day(seed: u64, day: NaiveDate) -> Rng {
        let mut r = Rng(seed.rotate_left(17)
            ^ (day.num_days_from_ce() as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0xA076_1D64_78BD_642F);
        let t = u128::from(self.0) * u128::from(self.0 ^ 0xE703_7ED1_A0B4_28DB);
        ((t >> 64) as u64) ^ (t as u64)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn chance(&mut self, percent_tenths: u32) -> bool {
        self.below(1000) < percent_tenths as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const NICKS: &[&str] = &[
    "ann",
    "ben",
    "chris",
    "dana",
    "farid",
    "priya",
    "olu",
    "mei",
    "jonas",
    "sofia",
    "kwame",
    "lena",
    "raj",
    "tomas",
    "yuki",
    "ines",
    "marek",
    "zoe",
    "hamid",
    "carla",
    "nils",
    "aisha",
    "pete",
    "greta",
    "omar",
    "lucia",
    "sven",
    "nora",
    "ivan",
    "tess",
    "bruno",
    "kira",
    "dev_bot",
    "deploybot",
    "mateo",
    "ruth",
    "akira",
    "elif",
    "hugo",
    "maya",
];
/// Channel operators (`<@nick>`) and voiced users (`<+nick>`); everyone else has no mode.
const OPS: &[&str] = &["ann", "chris", "farid", "olu", "deploybot"];
const VOICED: &[&str] = &["priya", "mei", "kwame", "dev_bot"];
const SERVICES: &[&str] = &[
    "checkout-api",
    "orders-db",
    "ledger-api",
    "billing-worker",
    "search",
    "auth-gateway",
    "notifications",
    "cdn-edge",
    "payments",
    "inventory",
    "config-service",
    "kafka",
];
const ENVS: &[&str] = &["prod", "staging", "prod-eu", "prod-us", "canary"];
const ERRORS: &[&str] = &[
    "connection refused",
    "503 Service Unavailable",
    "deadline exceeded",
    "OOMKilled",
    "TLS handshake timeout",
    "too many open files",
    "lock wait timeout",
    "certificate has expired",
];
const SHORT: &[&str] = &[
    "ack",
    "thanks!",
    "lgtm",
    "+1",
    "on it",
    "brb",
    "back",
    "nice",
    "ok",
    "yep",
    "👀",
    "merci 🙏",
    "sounds good",
    "done",
    "np",
    "same here",
    "morning all",
    "gn",
];
const REASONS: &[&str] = &[
    "Ping timeout: 252 seconds",
    "Quit: leaving",
    "Remote host closed the connection",
    "Read error: Connection reset by peer",
    "Quit: ZNC - https://znc.in",
    "Quit: rebooting",
];
const TOPICS: &[&str] = &[
    "ops | on call: {nick} | runbooks: https://wiki.example.com/ops | no deploys on Fridays",
    "ops | change freeze until {date} | status: https://status.example.com",
    "ops | incident channel etiquette: facts, times, links | pager: {nick}",
];
const INCIDENT: &[&str] = &[
    "checkout-api 503s climbing, {pct}% of requests now",
    "paged for CheckoutErrorRate, looking",
    "orders-db primary replication lag is {n}s",
    "I see connection pool exhaustion on checkout-api pods",
    "anyone deploying right now? freezing deploys",
    "status page updated: degraded checkout",
    "failover to orders-db-replica-2 started",
    "failover done, checkout-api reconnecting",
    "error rate dropping: {pct}% now",
    "customer support reports failed payments since 14:0{d}",
    "graph: https://grafana.example.com/d/checkout?from=now-1h",
    "I'll write the timeline down as we go",
    "keeping the old primary fenced until we know why it stalled",
    "p99 back to {n}ms",
    "error rate back to baseline, watching for 15 more minutes",
    "resolving the incident, thanks everyone",
];

fn fill(template: &str, rng: &mut Rng, day: NaiveDate) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        match &rest[open + 1..open + close] {
            "nick" => out.push_str(rng.pick(NICKS)),
            "svc" => out.push_str(rng.pick(SERVICES)),
            "env" => out.push_str(rng.pick(ENVS)),
            "err" => out.push_str(rng.pick(ERRORS)),
            "n" => {
                let _ = write!(out, "{}", 2 + rng.below(400));
            }
            "pct" => {
                let _ = write!(out, "{}", 1 + rng.below(60));
            }
            "d" => {
                let _ = write!(out, "{}", rng.below(10));
            }
            "ver" => {
                let _ = write!(
                    out,
                    "v{}.{}.{}",
                    1 + rng.below(4),
                    rng.below(30),
                    rng.below(12)
                );
            }
            "date" => {
                let _ = write!(out, "{}", day + Duration::days(1 + rng.below(10) as i64));
            }
            other => out.push_str(other),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// An everyday message of an operations channel.
fn chatter(rng: &mut Rng, day: NaiveDate) -> String {
    const TEMPLATES: &[&str] = &[
        "deploying {svc} {ver} to {env}",
        "{svc} {ver} is out on {env}, watching the dashboards",
        "who owns {svc}? seeing \"{err}\" in the logs since this morning",
        "{nick}: can you take a look at https://ci.example.com/job/{svc}/{n}/ when you have a minute",
        "p99 for {svc} on {env} is {n}ms, it was about half that yesterday",
        "alert {svc}HighLatency firing on {env}, probably the batch job again",
        "CI is red on main: {svc} integration tests timed out after {n}s",
        "rolling back {svc} to {ver}, the new build logs \"{err}\"",
        "filed OPS-{n} for the flaky {svc} health check",
        "kubectl -n {env} get pods -l app={svc} | grep -v Running",
        "the {svc} runbook says to drain the node first, doing that now",
        "{nick}: your change to {svc} is merged, I'll ship it after lunch",
        "reminder: postmortem review for the {svc} incident is at 15:00",
        "is anyone else getting `{err}` from {svc} on {env}?",
        "disk on {svc}-{n} at 91%, rotating logs",
        "cert for {svc}.example.com renews in {n} days, the job is scheduled",
        "{nick}, {nick}: capacity review doc is in the drive, comments welcome",
        "I think the {svc} retries make it worse: each timeout turns into three requests",
        "looks like {env} DNS took {n}ms to answer for a while, fine again now",
        "ping {nick} re: {svc} on-call handover",
        "café's closed, anyone up for lunch at 12:30? 🍜",
        "\u{2}heads up\u{2}: {svc} maintenance window tonight 22:00-23:00 UTC",
        "\u{3}04red\u{3} means the canary failed, \u{3}03green\u{3} means go",
    ];
    if rng.chance(250) {
        return rng.pick(SHORT).to_string();
    }
    let mut text = fill(rng.pick(TEMPLATES), rng, day);
    if rng.chance(2) {
        // A pasted credential, so redaction has something to do now and then.
        let _ = write!(
            text,
            " (token=ghp_{:016x}{:020x})",
            rng.next(),
            rng.next() >> 44
        );
    }
    text
}

fn action_text(rng: &mut Rng, day: NaiveDate) -> String {
    const ACTIONS: &[&str] = &[
        "looks at the {svc} dashboard",
        "is on call for {svc} this week",
        "restarts {svc} on {env}",
        "grabs a coffee",
        "waves",
        "is paging the {svc} owners",
    ];
    fill(rng.pick(ACTIONS), rng, day)
}

// ---------------------------------------------------------------------------------------------
// Events of one day, independent of the format they are written in.

enum What {
    Msg(&'static str, String),
    Action(&'static str, String),
    Join(&'static str),
    Part(&'static str, &'static str),
    Quit(&'static str, &'static str),
    Nick(String, String),
    Mode(&'static str, &'static str),
    Topic(&'static str, String),
}

struct Event {
    /// Seconds since midnight.
    secs: u32,
    what: What,
    /// Slack: index of an earlier event of the same day this one replies to.
    reply_to: Option<usize>,
}

fn mode_of(nick: &str) -> char {
    if OPS.contains(&nick) {
        '@'
    } else if VOICED.contains(&nick) {
        '+'
    } else {
        ' '
    }
}

/// A time of day, most of them in working hours.
fn time_of_day(rng: &mut Rng) -> u32 {
    let hour = if rng.chance(800) {
        7 + rng.below(12)
    } else {
        rng.below(24)
    };
    (hour * 3600 + rng.below(3600)) as u32
}

/// Approximate irssi bytes of an event (stamp, brackets, newline), to spread a volume.
fn irssi_len(what: &What) -> usize {
    6 + match what {
        What::Msg(n, t) | What::Action(n, t) => n.len() + t.len() + 4,
        What::Join(n) => 2 * n.len() + 40,
        What::Part(n, _) | What::Quit(n, _) => 2 * n.len() + 70,
        What::Nick(a, b) => a.len() + b.len() + 24,
        What::Mode(a, b) => a.len() + b.len() + 30,
        What::Topic(n, t) => n.len() + t.len() + 40,
    }
}

/// The day's events in time order: about `volume` irssi bytes of them on an average day
/// (weekdays 85-115% of twice a weekend day, so a week averages `volume` a day).
/// `incident` is the incident's start on the log's wall clock.
fn day_events(seed: u64, day: NaiveDate, volume: usize, incident: NaiveDateTime) -> Vec<Event> {
    let mut rng = Rng::for_day(seed, day);
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    let percent = if weekend { 48 } else { 102 + rng.below(36) };
    let budget = volume * percent / 100;
    let mut events = Vec::with_capacity(budget / 60 + 16);
    let mut bytes = 0;
    while bytes < budget {
        let secs = time_of_day(&mut rng);
        let roll = rng.below(1000);
        let nick = rng.pick(NICKS);
        let what = match roll {
            0..=819 => What::Msg(nick, chatter(&mut rng, day)),
            820..=869 => What::Action(nick, action_text(&mut rng, day)),
            870..=919 => What::Join(nick),
            920..=944 => What::Part(nick, rng.pick(&["", "lunch", "see you tomorrow"])),
            945..=979 => What::Quit(nick, rng.pick(REASONS)),
            980..=993 => {
                let away = format!("{nick}|{}", rng.pick(&["afk", "lunch", "mtg", "away"]));
                let back = (secs + 600 + rng.below(5400) as u32).min(86_399);
                events.push(Event {
                    secs: back,
                    what: What::Nick(away.clone(), nick.to_string()),
                    reply_to: None,
                });
                What::Nick(nick.to_string(), away)
            }
            994..=997 => What::Mode(rng.pick(OPS), nick),
            _ => What::Topic(rng.pick(OPS), fill(rng.pick(TOPICS), &mut rng, day)),
        };
        bytes += irssi_len(&what);
        events.push(Event {
            secs,
            what,
            reply_to: None,
        });
    }
    if day == incident.date() {
        let start = incident.time().num_seconds_from_midnight();
        let responders = ["ann", "farid", "priya", "olu", "mei", "deploybot"];
        for i in 0..900u32 {
            let secs = (start + i * 6 + rng.below(6) as u32).min(86_399);
            let nick = responders[rng.below(responders.len())];
            let line = (i as usize * INCIDENT.len()) / 900;
            let text = if rng.chance(300) {
                chatter(&mut rng, day)
            } else {
                fill(INCIDENT[line], &mut rng, day)
            };
            events.push(Event {
                secs,
                what: What::Msg(nick, text),
                reply_to: None,
            });
        }
    }
    events.sort_by_key(|e| e.secs);
    // Slack threads: a few messages answer one of the 20 before them.
    for i in 1..events.len() {
        if matches!(events[i].what, What::Msg(..)) && rng.chance(40) {
            let parent = i - 1 - rng.below(i.min(20));
            if matches!(events[parent].what, What::Msg(..)) && events[parent].reply_to.is_none() {
                events[i].reply_to = Some(parent);
            }
        }
    }
    events
}

// ---------------------------------------------------------------------------------------------
// Formats.

fn host(nick: &str) -> String {
    let base = nick.split('|').next().unwrap_or(nick);
    format!("~{base}@{base}.users.example.net")
}

fn hms(secs: u32) -> (u32, u32, u32) {
    (secs / 3600, secs / 60 % 60, secs % 60)
}

/// The irssi body of an event (after `HH:MM `).
fn irssi_body(out: &mut String, what: &What, channel: &str) {
    let _ = match what {
        What::Msg(n, t) => write!(out, "<{}{n}> {t}", mode_of(n)),
        What::Action(n, t) => write!(out, " * {n} {t}"),
        What::Join(n) => write!(out, "-!- {n} [{}] has joined {channel}", host(n)),
        What::Part(n, r) => write!(out, "-!- {n} [{}] has left {channel} [{r}]", host(n)),
        What::Quit(n, r) => write!(out, "-!- {n} [{}] has quit [{r}]", host(n)),
        What::Nick(a, b) => write!(out, "-!- {a} is now known as {b}"),
        What::Mode(by, n) => write!(out, "-!- mode/{channel} [+o {n}] by {by}"),
        What::Topic(n, t) => write!(out, "-!- {n} changed the topic of {channel} to: {t}"),
    };
}

/// ZNC and Limnoria share the `*** ` event wording up to small differences.
fn bouncer_body(out: &mut String, what: &What, channel: &str, limnoria: bool) {
    let _ = match (what, limnoria) {
        (What::Msg(n, t), _) => write!(out, "<{n}> {t}"),
        (What::Action(n, t), _) => write!(out, "* {n} {t}"),
        (What::Join(n), false) => write!(out, "*** Joins: {n} ({})", host(n)),
        (What::Join(n), true) => write!(out, "*** {n} <{n}!{}> has joined {channel}", host(n)),
        (What::Part(n, r), false) => write!(out, "*** Parts: {n} ({}) ({r})", host(n)),
        (What::Part(n, r), true) => {
            write!(out, "*** {n} <{n}!{}> has left {channel} ({r})", host(n))
        }
        (What::Quit(n, r), false) => write!(out, "*** Quits: {n} ({}) ({r})", host(n)),
        (What::Quit(n, r), true) => write!(out, "*** {n} <{n}!{}> has quit IRC ({r})", host(n)),
        (What::Nick(a, b), _) => write!(out, "*** {a} is now known as {b}"),
        (What::Mode(by, n), _) => write!(out, "*** {by} sets mode: +o {n}"),
        (What::Topic(n, t), false) => write!(out, "*** {n} changes topic to '{t}'"),
        (What::Topic(n, t), true) => write!(out, "*** {n} changes topic to \"{t}\""),
    };
}

fn create(path: &Path) -> Result<BufWriter<File>, String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

fn days(args: &Args) -> impl Iterator<Item = NaiveDate> + '_ {
    (0..args.days).map(|i| args.start + Duration::days(i as i64))
}

/// One irssi log over all days, `--size` bytes spread over them.
fn write_irssi(args: &Args) -> Result<Stats, String> {
    let mut file = create(&args.out)?;
    let volume = (args.size / args.days.max(1)) as usize;
    let mut stats = Stats::default();
    let mut buf = String::with_capacity(2 * volume + 4096);
    for (i, day) in days(args).enumerate() {
        buf.clear();
        let events = day_events(args.seed, day, volume, args.incident.naive_utc());
        let mut rng = Rng::for_day(args.seed ^ 0x1E55, day);
        // Now and then the client restarts in the middle of the day.
        let restart = if rng.chance(25) {
            Some(time_of_day(&mut rng))
        } else {
            None
        };
        if i == 0 {
            let _ = writeln!(
                buf,
                "--- Log opened {} 00:00:00 {}",
                day.format("%a %b %d"),
                day.year()
            );
        } else {
            let _ = writeln!(buf, "--- Day changed {}", day.format("%a %b %d %Y"));
        }
        let mut restarted = false;
        for e in &events {
            if let Some(at) = restart.filter(|&at| !restarted && e.secs >= at) {
                restarted = true;
                let (h, m, s) = hms(at);
                let (h2, m2, s2) = hms((at + 90).min(e.secs.max(at)));
                let _ = writeln!(
                    buf,
                    "--- Log closed {} {h:02}:{m:02}:{s:02} {}",
                    day.format("%a %b %d"),
                    day.year()
                );
                let _ = writeln!(
                    buf,
                    "--- Log opened {} {h2:02}:{m2:02}:{s2:02} {}",
                    day.format("%a %b %d"),
                    day.year()
                );
            }
            let (h, m, _) = hms(e.secs);
            let _ = write!(buf, "{h:02}:{m:02} ");
            irssi_body(&mut buf, &e.what, &args.channel);
            buf.push('\n');
        }
        stats.lines += events.len() as u64;
        stats.bytes += buf.len() as u64;
        file.write_all(buf.as_bytes()).map_err(io(&args.out))?;
    }
    let last = args.start + Duration::days(args.days as i64 - 1);
    let tail = format!(
        "--- Log closed {} 23:59:59 {}\n",
        last.format("%a %b %d"),
        last.year()
    );
    file.write_all(tail.as_bytes()).map_err(io(&args.out))?;
    file.flush().map_err(io(&args.out))?;
    stats.bytes += tail.len() as u64;
    stats.files = 1;
    Ok(stats)
}

/// One file per day: ZNC `YYYY-MM-DD.log` or Limnoria `#chan.YYYY-MM-DD.log`.
fn write_per_day(args: &Args, limnoria: bool) -> Result<Stats, String> {
    let volume = args.day_kib as usize * 1024;
    let mut stats = Stats::default();
    let mut buf = String::with_capacity(2 * volume);
    for day in days(args) {
        buf.clear();
        let events = day_events(args.seed, day, volume, args.incident.naive_utc());
        for e in &events {
            let (h, m, s) = hms(e.secs);
            if limnoria {
                let _ = write!(buf, "{day}T{h:02}:{m:02}:{s:02}  ");
            } else {
                let _ = write!(buf, "[{h:02}:{m:02}:{s:02}] ");
            }
            bouncer_body(&mut buf, &e.what, &args.channel, limnoria);
            buf.push('\n');
        }
        let name = if limnoria {
            format!("{}.{day}.log", args.channel.to_lowercase())
        } else {
            format!("{day}.log")
        };
        let path = args.out.join(name);
        let mut file = create(&path)?;
        file.write_all(buf.as_bytes()).map_err(io(&path))?;
        file.flush().map_err(io(&path))?;
        stats.files += 1;
        stats.lines += events.len() as u64;
        stats.bytes += buf.len() as u64;
    }
    Ok(stats)
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Slack has no mIRC codes: drop bold (`\x02`) and colours (`\x03` and up to two digits).
fn strip_mirc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{2}' => {}
            '\u{3}' => {
                for _ in 0..2 {
                    chars.next_if(char::is_ascii_digit);
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn user_id(nick: &str) -> String {
    let base = nick.split('|').next().unwrap_or(nick);
    let i = NICKS.iter().position(|n| *n == base).unwrap_or(0);
    format!("U{:08X}", 0x0A11_0000 + i)
}

/// A Slack workspace export: users.json, channels.json and CHANNEL/YYYY-MM-DD.json, one file
/// per America/Los_Angeles day (the day an event's wall-clock time is read in).
fn write_slack(args: &Args) -> Result<Stats, String> {
    let name = args.channel.trim_start_matches('#');
    let mut users = String::from("[\n");
    for (i, nick) in NICKS.iter().enumerate() {
        let bot = nick.ends_with("bot");
        let _ = write!(
            users,
            "{}    {{\"id\": \"{}\", \"team_id\": \"T0PMBENCH\", \"name\": \"{nick}\", \"real_name\": \"{}\", \"is_bot\": {bot}, \"deleted\": false, \"tz\": \"Europe/Berlin\", \"profile\": {{\"display_name\": \"{nick}\", \"real_name\": \"{}\"}}}}",
            if i == 0 { "" } else { ",\n" },
            user_id(nick),
            capitalise(nick),
            capitalise(nick),
        );
    }
    users.push_str("\n]\n");
    let users_path = args.out.join("users.json");
    std::fs::create_dir_all(&args.out).map_err(io(&args.out))?;
    std::fs::write(&users_path, users).map_err(io(&users_path))?;
    let channels = format!(
        "[\n    {{\"id\": \"C0PMBENCH\", \"name\": \"{name}\", \"created\": \"{}\", \"creator\": \"{}\", \"is_archived\": false, \"is_general\": false, \"members\": [], \"topic\": {{\"value\": \"ops\", \"creator\": \"\", \"last_set\": 0}}, \"purpose\": {{\"value\": \"operations\", \"creator\": \"\", \"last_set\": 0}}}}\n]\n",
        Utc.from_utc_datetime(&args.start.and_time(NaiveTime::MIN))
            .timestamp(),
        user_id(NICKS[0]),
    );
    let channels_path = args.out.join("channels.json");
    std::fs::write(&channels_path, channels).map_err(io(&channels_path))?;

    let tz = chrono_tz::America::Los_Angeles;
    let volume = args.day_kib as usize * 1024;
    let mut stats = Stats {
        files: 2,
        ..Stats::default()
    };
    let mut buf = String::with_capacity(3 * volume);
    for day in days(args) {
        buf.clear();
        buf.push_str("[\n");
        // Slack's days and wall clock are Pacific: the incident is at its Pacific time.
        let incident = args.incident.with_timezone(&tz).naive_local();
        let events = day_events(args.seed, day, volume, incident);
        let mut stamps = Vec::with_capacity(events.len());
        for (i, e) in events.iter().enumerate() {
            let (h, m, s) = hms(e.secs);
            let local = day.and_hms_opt(h, m, s).unwrap_or_default();
            let at = tz
                .from_local_datetime(&local)
                .earliest()
                .map_or(0, |t| t.timestamp());
            // Unique per channel, like Slack's: seconds plus a per-day sequence.
            let ts = format!("{at}.{:06}", i % 1_000_000);
            let (user, subtype, text) = match &e.what {
                What::Msg(n, t) => (*n, None, t.clone()),
                What::Action(n, t) => (*n, Some("me_message"), t.clone()),
                What::Join(n) => (
                    *n,
                    Some("channel_join"),
                    format!("<@{}> has joined the channel", user_id(n)),
                ),
                What::Part(n, _) | What::Quit(n, _) => (
                    *n,
                    Some("channel_leave"),
                    format!("<@{}> has left the channel", user_id(n)),
                ),
                What::Topic(n, t) => (
                    *n,
                    Some("channel_topic"),
                    format!("<@{}> set the channel topic: {t}", user_id(n)),
                ),
                What::Nick(..) | What::Mode(..) => {
                    stamps.push(ts);
                    continue;
                }
            };
            buf.push_str(if buf.len() > 2 { ",\n    {" } else { "    {" });
            buf.push_str("\"type\": \"message\", ");
            if let Some(sub) = subtype {
                let _ = write!(buf, "\"subtype\": \"{sub}\", ");
            }
            if user.ends_with("bot") && subtype.is_none() {
                let _ = write!(
                    buf,
                    "\"subtype\": \"bot_message\", \"bot_id\": \"B{:08X}\", \"username\": \"{user}\", ",
                    0xB07 + user.len()
                );
            } else {
                let _ = write!(buf, "\"user\": \"{}\", ", user_id(user));
            }
            buf.push_str("\"text\": ");
            json_string(&mut buf, &strip_mirc(&text));
            let _ = write!(buf, ", \"ts\": \"{ts}\"");
            if let Some(parent) = e.reply_to.and_then(|p| stamps.get(p)) {
                let _ = write!(
                    buf,
                    ", \"thread_ts\": \"{parent}\", \"parent_user_id\": \"{}\"",
                    user_id(NICKS[0])
                );
            }
            buf.push('}');
            stamps.push(ts);
        }
        buf.push_str("\n]\n");
        let path = args.out.join(name).join(format!("{day}.json"));
        let mut file = create(&path)?;
        file.write_all(buf.as_bytes()).map_err(io(&path))?;
        file.flush().map_err(io(&path))?;
        stats.files += 1;
        stats.lines += events.len() as u64;
        stats.bytes += buf.len() as u64;
    }
    Ok(stats)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The example repository: pm.yaml with a `chat:` source, one postmortem of the incident.
fn write_repo(args: &Args) -> Result<Stats, String> {
    let source = args.source.as_ref().ok_or("repo needs --source PATH")?;
    let source = std::path::absolute(source).map_err(io(source))?;
    let format = args.format.as_deref().ok_or("repo needs --format F")?;
    let start = args.incident;
    let resolved = start + Duration::minutes(90);
    let rfc = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let config = format!(
        "timezone: UTC\n\
         chat:\n  padding: 15m\n  sources:\n    - channel: \"{channel}\"\n      format: {format}\n      \
         path: \"{path}\"\n      timezone: UTC\n",
        channel = args.channel,
        path = source.display(),
    );
    let slug = "checkout-db-failover";
    let id = format!("{}-{slug}", start.date_naive());
    let doc = format!(
        "---\n\
         title: Checkout failed while the orders database primary stalled\n\
         status: draft\n\
         severity: SEV2\n\
         started_at: {started}\n\
         detected_at: {detected}\n\
         resolved_at: {resolved}\n\
         services: [checkout-api, orders-db]\n\
         authors: [Ann Example]\n\
         channels: [\"{channel}\"]\n\
         ---\n\n\
         ## Summary\n\nFor 90 minutes checkout returned 503s while the orders database primary \
         stalled; a failover to a replica restored service.\n\n\
         ## Impact\n\nAbout a third of checkout attempts failed at the peak.\n\n\
         ## Timeline\n\n\
         ## Discussion\n\n\
         ## Remediation items\n",
        started = rfc(start),
        detected = rfc(start + Duration::minutes(4)),
        resolved = rfc(resolved),
        channel = args.channel,
    );
    std::fs::create_dir_all(args.out.join("postmortems")).map_err(io(&args.out))?;
    let config_path = args.out.join("pm.yaml");
    std::fs::write(&config_path, config).map_err(io(&config_path))?;
    let doc_path = args.out.join("postmortems").join(format!("{id}.md"));
    std::fs::write(&doc_path, doc).map_err(io(&doc_path))?;
    let git = |cmd: &[&str]| -> Result<(), String> {
        let status = std::process::Command::new("git")
            .arg("-C")
            .arg(&args.out)
            .args([
                "-c",
                "user.name=gen-chatlog",
                "-c",
                "user.email=gen-chatlog@example.com",
            ])
            .args(cmd)
            .env("GIT_AUTHOR_DATE", "2024-03-15T09:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-03-15T09:00:00Z")
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("git: {e}"))?;
        status
            .success()
            .then_some(())
            .ok_or(format!("git {} failed", cmd.join(" ")))
    };
    if !args.out.join(".git").exists() {
        git(&["init", "-q", "-b", "main"])?;
    }
    git(&["add", "pm.yaml", "postmortems"])?;
    git(&[
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "Postmortem draft for the checkout incident",
    ])?;
    println!("postmortem id: {id}");
    Ok(Stats {
        files: 2,
        ..Stats::default()
    })
}

// ---------------------------------------------------------------------------------------------
// Command line.

#[derive(Default)]
struct Stats {
    files: u64,
    lines: u64,
    bytes: u64,
}

struct Args {
    kind: String,
    out: PathBuf,
    seed: u64,
    channel: String,
    start: NaiveDate,
    days: u64,
    size: u64,
    day_kib: u64,
    incident: DateTime<Utc>,
    source: Option<PathBuf>,
    format: Option<String>,
}

const USAGE: &str = "usage: gen-chatlog irssi|znc|limnoria|slack|repo --out PATH [options]\n\
    \n  irssi        one log FILE of --size bytes over --days days\
    \n  znc          DIR/YYYY-MM-DD.log, one file per day\
    \n  limnoria     DIR/#chan.YYYY-MM-DD.log, one file per day\
    \n  slack        DIR/users.json, DIR/channels.json, DIR/CHAN/YYYY-MM-DD.json\
    \n  repo         example postmortem repository in DIR (needs --source and --format)\
    \n\
    \n  --seed S          PRNG seed (default 42); same arguments give identical output\
    \n  --channel C       channel name (default #ops)\
    \n  --start DATE      first day (default 2021-01-01)\
    \n  --days N          number of days (default 1826, five years)\
    \n  --size BYTES      irssi: total size, suffixes K, M, G (default 1G)\
    \n  --day-kib N       per-day files: volume of a weekday in KiB (default 64)\
    \n  --incident TIME   start of the 90-minute incident (default 2024-03-14T14:00:00Z)\
    \n  --source PATH     repo: the chat source's path\
    \n  --format F        repo: the chat source's format";

fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|e| format!("--size `{text}`: {e}"))?;
    let scale = match unit
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("--size `{text}`: unknown unit `{unit}`")),
    };
    Ok(n * scale)
}

fn parse_args() -> Result<Args, String> {
    let mut argv = std::env::args().skip(1);
    let kind = argv.next().ok_or("which corpus?")?;
    if kind == "-h" || kind == "--help" {
        return Err(String::new());
    }
    if !["irssi", "znc", "limnoria", "slack", "repo"].contains(&kind.as_str()) {
        return Err(format!("unknown corpus `{kind}`"));
    }
    let mut args = Args {
        kind,
        out: PathBuf::new(),
        seed: 42,
        channel: "#ops".into(),
        start: NaiveDate::from_ymd_opt(2021, 1, 1).ok_or("date")?,
        days: 1826,
        size: 1 << 30,
        day_kib: 64,
        incident: Utc
            .with_ymd_and_hms(2024, 3, 14, 14, 0, 0)
            .single()
            .ok_or("date")?,
        source: None,
        format: None,
    };
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{flag} `{v}`: {e}"));
        match flag.as_str() {
            "--out" | "-o" => args.out = PathBuf::from(value()?),
            "--seed" => args.seed = number(value()?)?,
            "--channel" => args.channel = value()?,
            "--start" => {
                let v = value()?;
                args.start = v.parse().map_err(|e| format!("--start `{v}`: {e}"))?;
            }
            "--days" => args.days = number(value()?)?.max(1),
            "--size" => args.size = parse_size(&value()?)?,
            "--day-kib" => args.day_kib = number(value()?)?,
            "--incident" => {
                let v = value()?;
                args.incident = DateTime::parse_from_rfc3339(&v)
                    .map_err(|e| format!("--incident `{v}`: {e}"))?
                    .with_timezone(&Utc);
            }
            "--source" => args.source = Some(PathBuf::from(value()?)),
            "--format" => args.format = Some(value()?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("--out is required".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen-chatlog: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let clock = Instant::now();
    let result = match args.kind.as_str() {
        "irssi" => write_irssi(&args),
        "znc" => write_per_day(&args, false),
        "limnoria" => write_per_day(&args, true),
        "slack" => write_slack(&args),
        _ => write_repo(&args),
    };
    match result {
        Ok(s) => {
            println!(
                "wrote {} file(s), {} events, {} bytes ({:.1} MiB) to {} in {:.2?}",
                s.files,
                s.lines,
                s.bytes,
                s.bytes as f64 / f64::from(1 << 20),
                args.out.display(),
                clock.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-chatlog: {e}");
            ExitCode::FAILURE
        }
    }
}
