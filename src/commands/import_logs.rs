//! `pm import-logs`: the incident window of every chat channel, read from the team's own
//! logs and written into the document's Timeline section as a managed block.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::chatlog::kept::Entries;
use crate::chatlog::source::{self, SourceRead, SourceSpec};
use crate::chatlog::transcript::{self, BlockError, Clock, Line, Place};
use crate::chatlog::{Kind, Window};
use crate::commands::Status;
use crate::commands::common;
use crate::context::{Context, Project};
use crate::document::{self, Depth, ReadError};
use crate::error::{Error, Result};
use crate::output::{plural, plural_of};
use crate::time;

mod report;
use report::{propose_times, write_report};

/// Import the incident's chat transcripts into its Timeline section.
///
/// Reads the chat logs of the postmortem's channels (its `channels:` field, else every
/// source in pm.yaml's `chat.sources`) and keeps the incident window: from `started_at`
/// minus `chat.padding` to `resolved_at` plus it, or `--since`/`--until`. The messages go
/// into the Timeline section between two marker comments, one line each, in time order
/// across channels, times in the repository time zone. Chat text is escaped so it can never
/// change the document's structure, and secrets (tokens, keys, passwords) are redacted.
///
/// Running it again replaces only that block, and the same logs give the same bytes. If
/// the block was edited by hand since pm wrote it, pm refuses unless `--force`. A report
/// per channel says what was imported, which lines could not be read, and what was
/// redacted.
///
/// Formats: irssi, weechat and the other registered IRC formats, slack (one channel's
/// folder of an export), mattermost (a bulk export's .jsonl), discord (DiscordChatExporter
/// JSON), matrix (Element's JSON room export), pagerduty (an incident's log_entries JSON),
/// or auto (detected from the first lines).
///
/// Examples:
///   pm import-logs 2026-03-14-checkout-503s      import every channel of the postmortem
///   pm import-logs checkout --dry-run            report only, write nothing
///   pm import-logs checkout --stdout | less      show the document it would write
///   pm import-logs checkout --until 2026-03-14T11:00   not resolved yet: say where to stop
///   pm import-logs checkout --source ~/irclogs/libera/#ops.log --channel '#ops' \
///       --timezone Europe/Berlin                 a log not in pm.yaml
///   pm import-logs checkout --only messages --force    drop joins and parts; overwrite edits
///   pm import-logs checkout --source incident-log.json --channel pagerduty
///                                                PagerDuty's log beside the chat
///
/// With several `--source`, each of `--format`, `--channel`, `--timezone` and `--date` is given
/// once (for all of them) or once per `--source`, in the same order. Without `--source`,
/// `--channel` picks which configured channels to import.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The postmortem: its id (file name without `.md`), a unique part of it, or its path
    #[arg(value_name = "ID|PATH")]
    pub postmortem: String,

    /// A chat log to read instead of pm.yaml's sources: a file, a folder, or a glob
    #[arg(long, value_name = "PATH")]
    pub source: Vec<String>,

    /// The format of a --source (default auto)
    #[arg(long, value_name = "F")]
    pub format: Vec<String>,

    /// The channel of a --source; without --source, a configured channel to import
    #[arg(long, value_name = "C")]
    pub channel: Vec<String>,

    /// How a --source's wall-clock times are meant (default: the repository's zone)
    #[arg(long, value_name = "TZ")]
    pub timezone: Vec<String>,

    /// The day a --source's undated lines fall on, when neither its file name nor its
    /// lines say (YYYY-MM-DD)
    #[arg(long, value_name = "DAY")]
    pub date: Vec<String>,

    /// Start of the window instead of started_at minus the padding (RFC 3339,
    /// `YYYY-MM-DD HH:MM`, `HH:MM`, `yesterday HH:MM` or `-2h`, in the repository time zone)
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub since: Option<String>,

    /// End of the window instead of resolved_at plus the padding
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub until: Option<String>,

    /// Keep only what people said (messages and /me actions): no joins, parts, nick or
    /// topic changes
    #[arg(long, value_enum, value_name = "WHAT")]
    pub only: Option<Only>,

    /// Read the logs and print the report; write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Print the updated document to stdout instead of writing it (the report goes to
    /// stderr)
    #[arg(long, conflicts_with = "dry_run")]
    pub stdout: bool,

    /// Keep secrets (tokens, keys, passwords) instead of redacting them
    #[arg(long)]
    pub no_redact: bool,

    /// Replace the transcript block even if it was edited by hand
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// Messages and actions
    Messages,
    /// Messages pinned in the channel, or carrying a reaction named in
    /// `chat.mark_reactions` (default `pushpin`): the timeline kept during the incident
    Pinned,
}

/// One channel's part of the import.
struct Channel {
    name: String,
    specs: Vec<SourceSpec>,
    read: SourceRead,
    /// Secrets redacted, by kind.
    redactions: std::collections::BTreeMap<&'static str, usize>,
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let project = ctx.project()?;
    let path = common::find_one(&project, &ctx.cwd, &args.postmortem)?;
    let shown = project.display(&path);
    let source = match document::read_source(&path, shown.clone()) {
        Ok(s) => s,
        Err(ReadError::Io(e)) => return Err(Error::io(&path, e)),
        Err(ReadError::NotText(_, d)) => {
            return Err(Error::user(format!("{shown}: {}", d.message))
                .with_hint(d.hint.unwrap_or_default()));
        }
    };
    let doc = document::parse(source, &project.schema(), Depth::Full);
    if doc.unreadable {
        let why = doc
            .diagnostics
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| "it cannot be read".into());
        return Err(Error::user(format!(
            "{shown}: {why}; pm does not write into a document it cannot read"
        ))
        .with_hint(format!("fix it first: `pm check {shown}` shows where")));
    }
    let text = doc.source.text.as_str();
    // Refuse early, before reading gigabytes of logs.
    let existing = match transcript::find(text) {
        Ok(found) => found,
        Err(e) => return Err(block_error(&shown, e)),
    };
    if let Some(found) = &existing
        && found.edited()
        && !args.force
    {
        return Err(Error::user(format!(
            "{shown}:{}: the chat transcript block was edited by hand since pm import-logs wrote it; not replacing it",
            found.line
        ))
        .with_hint(
            "move your notes outside the block (above its `<!-- pm import-logs: begin` line), or pass --force to replace the block and lose the edits",
        ));
    }
    let tz = project.config.timezone;
    let window = window(
        &args,
        &doc.front,
        &project,
        &shown,
        ctx.now,
        &mut ctx.out.stderr,
    )?;
    let mut channels = channels(&args, &doc.front.channels, &project, &ctx.cwd, &shown)?;

    let mut failed = 0;
    for channel in &mut channels {
        for spec in &channel.specs {
            match source::read(spec, &window) {
                Ok(read) => merge(&mut channel.read, read),
                Err(e) => {
                    failed += 1;
                    writeln!(ctx.out.stderr, "error: {}: {}", channel.name, e.message)?;
                    if let Some(hint) = &e.hint {
                        writeln!(ctx.out.stderr, "hint: {hint}")?;
                    }
                }
            }
        }
        channel.read.entries.sort();
        if args.only == Some(Only::Pinned) {
            let marks = &project.config.chat.mark_reactions;
            channel
                .read
                .entries
                .retain(|e| e.pinned || e.reactions.iter().any(|r| marks.contains(r)));
        }
        note_orphan_replies(&mut channel.read.entries, tz);
        if args.only == Some(Only::Messages) {
            channel
                .read
                .entries
                .retain(|e| matches!(e.kind, Kind::Message | Kind::Action));
        }
        if !args.no_redact {
            // One redactor per channel, in time order: a private key pasted into IRC
            // arrives one line per message, and every line of it must go.
            let mut redactor = crate::chatlog::redact::Redactor::new();
            let entries = &mut channel.read.entries;
            for i in 0..entries.len() {
                let Some(entry) = entries.get(i) else {
                    continue;
                };
                let before = redactor.count;
                let clean = redactor.redact(&entry.text);
                if redactor.count > before {
                    let clean = clean.into_owned();
                    entries.set_text(i, &clean);
                }
            }
            channel.redactions = redactor.by_kind;
        }
    }
    if failed > 0 {
        return Err(Error::user(format!(
            "{} could not be read; {shown} is unchanged",
            plural(failed, "chat source")
        )));
    }

    let mut report: Vec<u8> = Vec::new();
    for channel in &channels {
        write_report(&mut report, channel, &project, tz)?;
    }
    propose_times(&mut report, &channels, &doc.front, text, &shown, tz)?;
    let total: usize = channels.iter().map(|c| c.read.entries.len()).sum();
    let span = format!(
        "{} to {}",
        time::format_local(window.since, tz),
        time::format_local(window.until, tz)
    );
    if total == 0 {
        let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
        writeln!(
            report,
            "note: no chat entries in {} from {span}; {shown} is unchanged",
            names.join(", ")
        )?;
        writeln!(
            report,
            "hint: check the window (started_at, resolved_at, chat.padding, or --since/--until) and each source's `timezone:`"
        )?;
        emit(ctx, &args, &report)?;
        if args.stdout {
            // The document as it stands: a pipe gets a whole document either way.
            ctx.out.stdout.write_all(text.as_bytes())?;
        }
        return Ok(Status::Ok);
    }

    // Every entry of every channel, in time order (channels in their listed order at the
    // same instant).
    let several = channels.len() > 1;
    // A thread reply sorts under its thread's first message (in the order replies were
    // written), not at its own time among the channel's other messages. The entries stay
    // where they are, compact: `all` is the order (channel, index), and each line is
    // rendered when it is written, so a long window never holds its transcript twice.
    let times = |&(c, i): &(u32, u32)| {
        channels
            .get(c as usize)
            .and_then(|ch| ch.read.entries.times(i as usize))
    };
    let mut all: Vec<(u32, u32)> = Vec::with_capacity(total);
    for (c, channel) in channels.iter().enumerate() {
        let c = u32::try_from(c).unwrap_or(u32::MAX);
        all.extend(
            (0..channel.read.entries.len()).map(|i| (c, u32::try_from(i).unwrap_or(u32::MAX))),
        );
    }
    // A reply stamped before its thread's first message (clocks differ; an export from
    // Zulip's fixtures has one) still comes after it.
    all.sort_by_key(|k| times(k).map(|(at, thread)| (thread.unwrap_or(at), thread.is_some(), at)));
    let clock = Clock::for_times(tz, all.iter().filter_map(|k| times(k).map(|t| t.0)));
    let line_of = |&(c, i): &(u32, u32)| {
        let channel = channels.get(c as usize)?;
        let entry = channel.read.entries.get(i as usize)?;
        let line = Line {
            entry: &entry,
            channel: several.then_some(channel.name.as_str()),
        };
        Some(transcript::render_line(&line, &clock))
    };
    let lines = || all.iter().filter_map(line_of);
    let intro = intro(&channels, &span, &args);
    let place = match &existing {
        Some(found) => Place::Replace(found.range.clone()),
        None => transcript::place(text, &doc.sections),
    };
    let where_ = match place {
        Place::NewSection(_) => "a new Timeline section",
        _ => "the Timeline section",
    };
    let count = format!(
        "{} from {}",
        plural_of(total, "entry", "entries"),
        plural(channels.len(), "channel")
    );
    if args.stdout {
        emit(ctx, &args, &report)?;
        let (before, after) = transcript::around(text, &place);
        let out = &mut ctx.out.stdout;
        before
            .iter()
            .try_for_each(|p| out.write_all(p.as_bytes()))?;
        transcript::write_block(out, &intro, lines)?;
        after.iter().try_for_each(|p| out.write_all(p.as_bytes()))?;
        return Ok(Status::Ok);
    }
    // The size first, counted without holding the block: a window too long for the
    // document is refused (and a dry run answers) before anything is built.
    let (before, after) = transcript::around(text, &place);
    let outside: usize = before.iter().chain(after.iter()).map(|p| p.len()).sum();
    let len = outside + transcript::block_len(&intro, lines)?;
    let what = format!("with {count} ({} lines)", all.len());
    crate::store::fits(&shown, len, &what).map_err(|e| e.with_hint("import less: `--only messages` leaves out joins and notices, and a shorter window (`--since`/`--until`, or the incident's times) keeps the block small"))?;
    let updated = if args.dry_run {
        String::new()
    } else {
        let mut bytes = Vec::with_capacity(len);
        before
            .iter()
            .for_each(|p| bytes.extend_from_slice(p.as_bytes()));
        transcript::write_block(&mut bytes, &intro, lines)?;
        after
            .iter()
            .for_each(|p| bytes.extend_from_slice(p.as_bytes()));
        String::from_utf8(bytes).map_err(|_| {
            Error::user(format!(
                "{shown}: the transcript is not UTF-8; nothing written"
            ))
        })?
    };
    if args.dry_run {
        writeln!(
            report,
            "dry run: would write {count} into {where_} of {shown}; nothing written"
        )?;
    } else if updated == text {
        writeln!(report, "{shown} is up to date ({count})")?;
    } else {
        // Logs are read unlocked; an edit made meanwhile is found under the lock, and kept.
        crate::store::test_pause("before-lock");
        let _lock = crate::store::Lock::acquire(&path)?;
        crate::store::replace_if_unchanged(&path, &shown, text.as_bytes(), updated.as_bytes())?;
        writeln!(report, "wrote {count} into {where_} of {shown}")?;
    }
    emit(ctx, &args, &report)?;
    Ok(Status::Ok)
}

/// The report goes to stdout, or to stderr when stdout carries the document.
fn emit(ctx: &mut Context, args: &Args, report: &[u8]) -> Result<()> {
    if args.stdout {
        ctx.out.stderr.write_all(report)?;
    } else {
        ctx.out.stdout.write_all(report)?;
    }
    Ok(())
}

fn block_error(shown: &str, e: BlockError) -> Error {
    let hint = "pm finds its transcript between a line starting `<!-- pm import-logs: begin` and one starting `<!-- pm import-logs: end`; restore the missing line, or delete the partial block and run pm import-logs again";
    let message = match e {
        BlockError::Unclosed(line) => format!(
            "{shown}:{line}: the chat transcript block starts here but has no end marker line"
        ),
        BlockError::Unopened(line) => {
            format!("{shown}:{line}: a chat transcript end marker without a begin marker before it")
        }
        BlockError::Several(a, b) => format!(
            "{shown}:{b}: a second chat transcript block (the first starts on line {a}); pm manages one"
        ),
    };
    Error::user(message).with_hint(hint)
}

fn merge(into: &mut SourceRead, read: SourceRead) {
    into.entries.append(read.entries);
    into.files.extend(read.files);
    into.files_skipped += read.files_skipped;
    into.ambiguous += read.ambiguous;
    into.shifted += read.shifted;
    into.backwards += read.backwards;
}

/// A window edge that `chat.padding` pushes past the end of the calendar.
fn outside(edge: &str, field: &str, t: DateTime<Utc>, tz: chrono_tz::Tz) -> Error {
    Error::user(format!(
        "the chat window {edge} `chat.padding` away from {field} ({}), which {}",
        time::format_local(t, tz),
        time::OUT_OF_RANGE
    ))
    .with_hint("set a shorter `chat.padding` in pm.yaml, or pass --since T and --until T")
}

/// The window: `[started_at - padding, resolved_at + padding]`, or the flags.
fn window(
    args: &Args,
    front: &document::FrontMatter,
    project: &Project,
    shown: &str,
    now: DateTime<Utc>,
    echo: &mut dyn Write,
) -> Result<Window> {
    let tz = project.config.timezone;
    let padding = project.config.chat.padding;
    let mut flag = |name: &str, text: &str| -> Result<DateTime<Utc>> {
        common::time_flag(name, text, now, tz, echo)
    };
    let since = match (&args.since, front.started_at) {
        (Some(text), _) => flag("since", text)?,
        (None, Some(t)) => t
            .checked_sub_signed(padding)
            .ok_or_else(|| outside("starts", "started_at", t, tz))?,
        (None, None) => {
            return Err(Error::user(format!(
                "{shown} has no `started_at`, so the chat window has no start"
            ))
            .with_hint("add `started_at:` to its front matter, or pass --since T"));
        }
    };
    let until = match (&args.until, front.resolved_at) {
        (Some(text), _) => flag("until", text)?,
        (None, Some(t)) => t
            .checked_add_signed(padding)
            .ok_or_else(|| outside("ends", "resolved_at", t, tz))?,
        (None, None) => {
            return Err(Error::user(format!(
                "{shown} has no `resolved_at`, so the chat window has no end"
            ))
            .with_hint(
                "pass --until T to say where the transcript stops (e.g. --until 2026-03-14T11:00:00Z), or add `resolved_at:` once the incident is resolved",
            ));
        }
    };
    if until < since {
        return Err(Error::user(format!(
            "the chat window ends ({}) before it starts ({})",
            time::format_local(until, tz),
            time::format_local(since, tz)
        ))
        .with_hint("check --since/--until, or started_at and resolved_at"));
    }
    Ok(Window { since, until })
}

/// The channels to import and their sources.
fn channels(
    args: &Args,
    listed: &[String],
    project: &Project,
    cwd: &Path,
    shown: &str,
) -> Result<Vec<Channel>> {
    let repo_tz = project.config.timezone;
    let new = |name: String, specs: Vec<SourceSpec>| Channel {
        name,
        specs,
        read: SourceRead::default(),
        redactions: Default::default(),
    };
    if !args.source.is_empty() {
        let n = args.source.len();
        let pick = |flag: &str, values: &[String], i: usize| -> Result<Option<String>> {
            match values.len() {
                0 => Ok(None),
                1 => Ok(values.first().cloned()),
                k if k == n => Ok(values.get(i).cloned()),
                k => Err(Error::usage(format!(
                    "{k} --{flag} for {n} --source: give it once for all of them, or once per --source"
                ))),
            }
        };
        let mut out: Vec<Channel> = Vec::new();
        for (i, path) in args.source.iter().enumerate() {
            let format = pick("format", &args.format, i)?.unwrap_or_else(|| "auto".into());
            check_format(&format)?;
            let tz = match pick("timezone", &args.timezone, i)? {
                Some(name) => time::parse_tz(&name).map_err(|why| {
                    Error::usage(format!("--timezone: {why}"))
                        .with_hint("e.g. --timezone Europe/Berlin")
                })?,
                None => repo_tz,
            };
            let date = match pick("date", &args.date, i)? {
                Some(text) => Some(time::parse_date(&text).map_err(|why| {
                    Error::usage(format!("--date: {why}")).with_hint("e.g. --date 2026-03-14")
                })?),
                None => None,
            };
            let name = match pick("channel", &args.channel, i)? {
                Some(c) => c,
                None if n == 1 && listed.len() == 1 => listed[0].clone(),
                None => channel_from_path(path),
            };
            let spec = SourceSpec {
                channel: name.clone(),
                format,
                path: path.clone(),
                base: cwd.to_path_buf(),
                tz,
                date,
            };
            match out.iter_mut().find(|c| c.name == name) {
                Some(c) => c.specs.push(spec),
                None => out.push(new(name, vec![spec])),
            }
        }
        return Ok(out);
    }
    for flag in [
        ("format", &args.format),
        ("timezone", &args.timezone),
        ("date", &args.date),
    ] {
        if !flag.1.is_empty() {
            return Err(Error::usage(format!(
                "--{} describes a --source, and none is given",
                flag.0
            ))
            .with_hint(if flag.0 == "date" {
                "add --source PATH before it: --date is the day of that log's undated lines"
                    .to_string()
            } else {
                format!(
                    "set `{}:` of the source in pm.yaml's `chat.sources`, or add --source PATH",
                    flag.0
                )
            }));
        }
    }
    let sources = &project.config.chat.sources;
    let asked: Vec<&String> = if !args.channel.is_empty() {
        args.channel.iter().collect()
    } else if !listed.is_empty() {
        listed.iter().collect()
    } else {
        sources.iter().map(|s| &s.channel).collect()
    };
    // IRC channel names are case-insensitive; a channel listed twice is read once.
    let mut wanted: Vec<String> = Vec::new();
    for name in asked {
        if !wanted.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            wanted.push(name.clone());
        }
    }
    if wanted.is_empty() {
        return Err(Error::user(format!(
            "{shown} lists no `channels`, and pm.yaml has no `chat.sources`: there is no chat log to read"
        ))
        .with_hint(
            "add `chat: {sources: [{channel: \"#ops\", format: auto, path: ~/irclogs/#ops.log}]}` to pm.yaml (docs/config.md), or pass --source PATH",
        ));
    }
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for name in wanted {
        let specs: Vec<SourceSpec> = sources
            .iter()
            .filter(|s| s.channel.eq_ignore_ascii_case(&name))
            .map(|s| SourceSpec {
                channel: s.channel.clone(),
                format: s.format.clone(),
                path: s.path.clone(),
                base: project.root.clone(),
                tz: s.timezone.unwrap_or(repo_tz),
                date: None,
            })
            .collect();
        if specs.is_empty() {
            missing.push(name);
        } else {
            out.push(new(name, specs));
        }
    }
    if !missing.is_empty() {
        let quoted: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        let first = &missing[0];
        let from = if args.channel.is_empty() {
            format!(" (listed in `channels` of {shown})")
        } else {
            String::new()
        };
        return Err(Error::user(format!(
            "no chat source for {}{from}",
            quoted.join(", ")
        ))
        .with_hint(format!(
            "add an entry to `chat.sources` in pm.yaml for each, e.g. `- {{channel: \"{first}\", format: auto, path: ~/irclogs/{first}.log}}`; or import only some channels with --channel, or read a log with --source PATH --channel \"{first}\""
        )));
    }
    Ok(out)
}

fn check_format(name: &str) -> Result<()> {
    let names = crate::chatlog::format_names();
    if names.contains(&name) {
        return Ok(());
    }
    let hint = match crate::diagnostic::did_you_mean(name, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? known formats: {}", names.join(", ")),
        None => format!("known formats: {}", names.join(", ")),
    };
    Err(Error::usage(format!("--format {name}: unknown chat log format")).with_hint(hint))
}

/// A channel name for a log given without `--channel`: `#ops.log` is `#ops`, a folder is
/// its name.
fn channel_from_path(path: &str) -> String {
    let p = PathBuf::from(path.trim_end_matches(['/', '\\']));
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && !s.contains(['*', '?', '[']))
        .or_else(|| {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "chat".into())
}

/// The sentence above the transcript.
fn intro(channels: &[Channel], span: &str, args: &Args) -> String {
    let names: Vec<String> = channels
        .iter()
        .map(|c| crate::output::markdown::text(&c.name))
        .collect();
    let names = match names.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    let mut s = format!("Chat transcript of {names}, {span}, imported by `pm import-logs`");
    match args.only {
        Some(Only::Messages) => s.push_str(" (messages only)"),
        Some(Only::Pinned) => s.push_str(" (pinned and marked messages only)"),
        None => {}
    }
    if !args.no_redact {
        s.push_str("; secrets are redacted");
    }
    s.push('.');
    s
}

/// A reply whose thread's first message is not among the entries (it came before the
/// window, or was filtered out) keeps its own place, with a note of when the thread began.
fn note_orphan_replies(entries: &mut Entries, tz: Tz) {
    use std::collections::HashSet;
    let times = |i| entries.times(i);
    let wanted: HashSet<DateTime<Utc>> = (0..entries.len())
        .filter_map(times)
        .filter_map(|(_, thread)| thread)
        .collect();
    if wanted.is_empty() {
        return;
    }
    let starts: HashSet<DateTime<Utc>> = (0..entries.len())
        .filter_map(times)
        .filter(|(at, thread)| thread.is_none() && wanted.contains(at))
        .map(|(at, _)| at)
        .collect();
    for i in 0..entries.len() {
        let Some((_, Some(start))) = entries.times(i) else {
            continue;
        };
        if starts.contains(&start) {
            continue;
        }
        if let Some(entry) = entries.get(i) {
            let text = format!(
                "(in a thread started {}) {}",
                time::format_local(start, tz),
                entry.text
            );
            entries.set_text(i, &text);
            entries.clear_thread(i);
        }
    }
}
