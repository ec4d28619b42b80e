//! `pm stats`: learning across incidents. Detection, acknowledgement, mitigation,
//! resolution and notification times, remediation health and repeat offenders, per group,
//! over one repository or several. Reads front matter only, like `pm overdue`; the figures
//! are `metrics`' (docs/metrics.md defines each).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use serde::Serialize;

use crate::commands::Status;
use crate::commands::common::{
    self, ChartFile, Day, LISTING_FORMATS, parse_day, write_findings_with,
};
use crate::context::{Context, Project, ProjectError};
use crate::document::{Depth, Document};
use crate::error::{Error, Result};
use crate::metrics::{self, Group, Incident, Key, Measure, Offender, Remediation, Stats, Summary};
use crate::output::chart::Chart;
use crate::output::table::Table;
use crate::output::{Format, Page, View, plural};

/// Sum up the postmortems: how fast incidents are detected, acknowledged, mitigated and
/// resolved, whether remediation items get done, and which services keep breaking.
///
/// Counts the postmortems that started between --since and --until (days in the repository
/// time zone, both included), of every type but gameday and maintenance unless --type says
/// which. For each group (--by, repeatable; one group without it) it shows the incidents;
/// for each duration the documents with both times, those without, the median, the p90
/// (nearest rank) and the mean; and the remediation items opened, done, wontfix, done by
/// their due date, the median days to done, open, overdue today and open for more than 6
/// months. Then the repeat offenders: services with 3 incidents or more, newest first.
/// docs/metrics.md defines every figure. A document lacking a time is counted as "without"
/// it, never as zero.
///
/// Several repositories at once: -C DIR repeated (each with its own pm.yaml); ids are then
/// shown with the repository's folder name. A document with errors is reported on stderr
/// (file:line:column) and left out of every figure. Reads front matter only.
///
/// Examples:
///   pm stats                                    everything, one group
///   pm stats --since 90d --by severity          the last 90 days, per severity
///   pm stats --since 2026-01-01 --until 2026-03-31 --by month --format markdown
///   pm stats --by service --by quarter --format csv > stats.csv
///   pm stats --type gameday                     only the game days
///   pm stats -C payments -C search --by month   two teams' repositories together
///   pm stats --since 2026-01-01 --chart charts  also draw the four charts as SVG files
///
/// --chart DIR writes incidents-per-month.svg (stacked by severity), time-to-resolve.svg
/// (median and p90 per quarter), remediation.svg (items open and overdue at each month's
/// end) and incidents-per-service.svg (top 10) into DIR, over the same period and types;
/// `pm index` draws the same charts into postmortems/charts/.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The first day counted: YYYY-MM-DD, or a span back from today such as 30d or 12w
    /// [default: the day of the oldest postmortem]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub since: Option<Day>,

    /// The last day counted: YYYY-MM-DD, or a span back from today [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub until: Option<Day>,

    /// Group by severity, service, tag, type, month, quarter or year (repeatable: each
    /// combination is a group)
    #[arg(long, value_enum, value_name = "KEY")]
    pub by: Vec<Key>,

    /// Only postmortems of this type (repeatable, or comma-separated) [default: all but
    /// gameday and maintenance]
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',')]
    pub types: Vec<String>,

    /// Output format: tables for people (human, also `table`), markdown for a review
    /// document, json or csv for other tools (docs/formats.md)
    #[arg(long, value_name = "FORMAT", default_value = "human",
          value_parser = common::format_parser(LISTING_FORMATS))]
    pub format: Format,

    /// Also write the charts into this folder as SVG files (made if missing; a file pm did
    /// not write is never replaced)
    #[arg(long, value_name = "DIR")]
    pub chart: Option<PathBuf>,
}

// clap stays in this layer: metrics' plain enum gets its `--by` values here.
impl clap::ValueEnum for Key {
    fn value_variants<'a>() -> &'a [Self] {
        &Key::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

/// One repository read: its project, its files, and what `--type` takes in it.
struct Repository {
    project: Project,
    files: Vec<PathBuf>,
    types: Vec<String>,
    /// The prefix of its ids (`payments/`) when there are several repositories.
    prefix: String,
    /// With several repositories, the folder paths in diagnostics are shown from: the
    /// folder pm was started in, so that the user can open the file from there.
    shown_from: Option<PathBuf>,
}

impl Repository {
    /// A file of this repository as diagnostics name it: relative to the repository with
    /// one repository, else from where pm was started (absolute when outside it).
    fn shown(&self, path: &Path) -> String {
        match &self.shown_from {
            Some(base) => crate::document::display_path(base, path),
            None => self.project.display(path),
        }
    }

    /// The `pm check` command line for one of its files, to run from where pm was started.
    fn check_command(&self, file: &str) -> String {
        let dir = (self.shown_from.as_ref())
            .map(|b| crate::document::display_path(b, &self.project.root));
        match dir.filter(|d| !d.is_empty()) {
            Some(dir) => format!("pm check -C {dir} {file}"),
            None => format!("pm check {file}"),
        }
    }
}

/// Finds each repository and its files; any that cannot be read is a usage error, before
/// anything is written.
fn repositories(ctx: &mut Context, wanted: &[String]) -> Result<Vec<Repository>> {
    let several = ctx.directories.len() > 1;
    let dirs = match ctx.directories.is_empty() {
        true => vec![ctx.cwd.clone()],
        false => ctx.directories.clone(),
    };
    let given = !ctx.directories.is_empty();
    let base = match several {
        true => Some(std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?),
        false => None,
    };
    let mut out: Vec<Repository> = Vec::new();
    let mut seen: Vec<(PathBuf, PathBuf)> = Vec::new();
    for dir in dirs {
        // A -C folder that is not a readable repository is a usage error (exit 2).
        let at = |e: Error| match given {
            true => Error {
                kind: crate::error::Kind::Usage,
                message: format!("-C {}: {}", dir.display(), e.message),
                hint: e.hint,
            },
            false => e,
        };
        let project = match Context::find_project_at(&dir) {
            Ok(p) => p,
            Err(ProjectError::Other(e)) => return Err(at(e)),
            Err(ProjectError::BrokenConfig(mut broken)) => {
                if let Some(base) = &base {
                    broken.source.display =
                        crate::document::display_path(base, &broken.source.path);
                }
                let e = ctx.explain(ProjectError::BrokenConfig(broken));
                return Err(match given {
                    true => at(e),
                    false => e,
                });
            }
        };
        // The same repository twice would count each postmortem twice.
        let real = std::fs::canonicalize(&project.root).unwrap_or_else(|_| project.root.clone());
        if let Some((first, _)) = seen.iter().find(|(_, r)| *r == real) {
            return Err(Error::usage(format!(
                "-C {} and -C {} are the same repository ({}): its postmortems would count twice",
                first.display(),
                dir.display(),
                real.display()
            ))
            .with_hint("give each repository once"));
        }
        seen.push((dir.clone(), real));
        let files = common::all_files(&project).map_err(at)?;
        let types = match wanted.is_empty() {
            true => project
                .config
                .types
                .iter()
                .filter(|t| !metrics::PLANNED_TYPES.contains(&t.as_str()))
                .cloned()
                .collect(),
            false => wanted
                .iter()
                .filter_map(|t| {
                    common::resolve_types(std::slice::from_ref(t), &project)
                        .ok()
                        .and_then(|mut v| v.pop())
                })
                .collect(),
        };
        out.push(Repository {
            project,
            files,
            types,
            prefix: String::new(),
            shown_from: base.clone(),
        });
    }
    if several {
        let roots: Vec<PathBuf> = seen.into_iter().map(|(_, real)| real).collect();
        for (repo, prefix) in out.iter_mut().zip(crate::files::distinct_endings(&roots)) {
            repo.prefix = format!("{prefix}/");
        }
    }
    // A type no repository knows is a slip: said with the first one's list.
    for t in wanted {
        let known = out
            .iter()
            .any(|r| r.types.iter().any(|k| k.eq_ignore_ascii_case(t.trim())));
        if !known && let Some(first) = out.first() {
            common::resolve_types(std::slice::from_ref(t), &first.project)?;
        }
    }
    Ok(out)
}

pub fn run(args: Args, ctx: &mut Context) -> Result<Status> {
    let repos = repositories(ctx, &args.types)?;
    let tz = repos
        .first()
        .map_or(chrono_tz::Tz::UTC, |r| r.project.config.timezone);
    let today = ctx.now.with_timezone(&tz).date_naive();
    let since = args.since.map(|d| d.resolve(today));
    let until = args.until.map_or(today, |d| d.resolve(today));
    if let Some(since) = since
        && since > until
    {
        return Err(Error::usage(format!(
            "--since {since} is after --until {until}: the period is empty"
        ))
        .with_hint("give the earlier day to --since, e.g. --since 2026-01-01 --until 2026-03-31"));
    }
    let by = args.by;

    let mut incidents = Vec::new();
    let mut broken = 0;
    let mut unreadable = false;
    for repo in &repos {
        let found = Mutex::new(Vec::new());
        let loaded = common::load_with(&repo.project, &repo.files, Depth::FrontMatter, |doc| {
            if let Some(i) = counted(doc, repo, since, until)
                && let Ok(mut all) = found.lock()
            {
                all.push(i);
            }
            if doc.diagnostics.is_empty() {
                doc.front = Default::default();
            }
        });
        for mut doc in loaded.docs.into_iter().filter(Document::has_errors) {
            broken += 1;
            let check = repo.check_command(&doc.source.display);
            doc.source.display = repo.shown(&doc.source.path);
            write_findings_with(&mut ctx.out.stderr, &mut doc, &check)?;
        }
        for (path, why) in &loaded.failures {
            unreadable = true;
            let path = repo.shown(&repo.project.root.join(path));
            writeln!(ctx.out.stderr, "error: {path}: cannot read: {why}")?;
        }
        incidents.extend(found.into_inner().unwrap_or_default());
    }
    if broken > 0 {
        writeln!(
            ctx.out.stderr,
            "pm stats: {} left out of the figures (errors above)",
            plural(broken, "broken postmortem")
        )?;
    }
    incidents.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
    let severity_lists: Vec<Vec<String>> = repos
        .iter()
        .map(|r| {
            r.project
                .config
                .severity_names()
                .map(str::to_string)
                .collect()
        })
        .collect();
    let severities = common::union(severity_lists.iter().map(Vec::as_slice));
    let types = common::union(repos.iter().map(|r| r.types.as_slice()));
    let all_types = common::union(repos.iter().map(|r| r.project.config.types.as_slice()));
    let grouping = metrics::Grouping {
        by: &by,
        from: since,
        to: until,
        severities: &severities,
        types: &all_types,
    };
    let stats = metrics::compute(&incidents, &grouping, today);
    let view = StatsView {
        stats: &stats,
        by: &by,
        since: since.or_else(|| incidents.first().map(|i| i.start_day)),
        until,
        today,
        types: &types,
        repositories: repos
            .iter()
            .map(|r| r.prefix.trim_end_matches('/'))
            .filter(|name| !name.is_empty())
            .collect(),
        broken,
    };
    // The chart folder is checked before anything is printed: a refusal leaves no output.
    let charts = match &args.chart {
        None => None,
        Some(dir) => {
            let span = metrics::charts::Span {
                from: since
                    .or_else(|| incidents.first().map(|i| i.start_day))
                    .unwrap_or(until),
                to: until,
                severities: &severities,
            };
            let charts = metrics::charts::charts(&incidents, &span);
            let base = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
            common::check_chart_folder(
                &base.join(dir),
                &|p| crate::document::display_path(&base, p),
                &charts,
            )?;
            Some((dir, charts))
        }
    };
    common::print(ctx, args.format, &view)?;
    if let Some((dir, charts)) = charts {
        let lock_near = repos.first().map(|r| r.project.root.clone());
        write_charts(ctx, dir, lock_near, &charts)?;
    }
    Ok(if unreadable {
        Status::Failed
    } else {
        Status::Ok
    })
}

/// Writes the charts into `dir` (from the folder pm was started in), saying on stderr
/// which files changed, so that stdout stays the figures in their format.
/// The lock taken is the (first) repository's, as for any write of pm's.
fn write_charts(
    ctx: &mut Context,
    dir: &Path,
    lock_near: Option<PathBuf>,
    charts: &[Chart],
) -> Result<()> {
    let base = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
    let full = base.join(dir);
    std::fs::create_dir_all(&full).map_err(|e| Error::io(&full, e))?;
    let _lock = crate::store::Lock::acquire(lock_near.as_deref().unwrap_or(&full))?;
    let shown = |path: &Path| crate::document::display_path(&base, path);
    for (file, state) in common::write_charts(&full, &shown, charts, false)? {
        let verb = match state {
            ChartFile::Wrote => "wrote",
            ChartFile::Updated => "updated",
            _ => continue,
        };
        writeln!(ctx.out.stderr, "pm stats: {verb} {file}")?;
    }
    Ok(())
}

/// The facts of `doc` when it is counted: readable, of a wanted type, in the period.
fn counted(
    doc: &Document,
    repo: &Repository,
    since: Option<NaiveDate>,
    until: NaiveDate,
) -> Option<Incident> {
    if doc.has_errors() || doc.unreadable {
        return None;
    }
    let config = &repo.project.config;
    let i = Incident::of(
        format!("{}{}", repo.prefix, doc.id),
        &doc.front,
        config.default_type(),
        config.timezone,
        config.remediation_due_days,
    )?;
    let in_period = since.is_none_or(|s| i.start_day >= s) && i.start_day <= until;
    (in_period && repo.types.contains(&i.incident_type)).then_some(i)
}

/// What `pm stats` prints, as each format shows it.
struct StatsView<'a> {
    stats: &'a Stats,
    by: &'a [Key],
    /// The period's first day (the oldest counted postmortem's without --since).
    since: Option<NaiveDate>,
    until: NaiveDate,
    today: NaiveDate,
    types: &'a [String],
    /// The repositories' folder names when there are several.
    repositories: Vec<&'a str>,
    broken: usize,
}

/// The rows of a table: each group, then `all` (the only row without --by).
fn rows<'s>(stats: &'s Stats, by: &[Key]) -> Vec<(Vec<String>, &'s Group)> {
    let mut out: Vec<(Vec<String>, &Group)> =
        stats.groups.iter().map(|g| (g.key.clone(), g)).collect();
    out.push((vec!["all".to_string(); by.len().max(1)], &stats.total));
    out
}

/// The key columns' headers: one per --by, or `group`.
fn key_headers(by: &[Key]) -> Vec<&'static str> {
    if by.is_empty() {
        vec!["group"]
    } else {
        by.iter().map(|k| k.name()).collect()
    }
}

fn duration(seconds: Option<i64>) -> Option<String> {
    seconds.map(metrics::format_duration)
}

fn count(n: usize) -> Option<String> {
    Some(n.to_string())
}

fn done_by_due(r: &Remediation) -> Option<String> {
    r.done_by_due_percent()
        .map(|p| format!("{p}% of {}", r.done_by_due_of))
}

/// CSV's columns of one duration: `time_to_detect_n`, ...
const DURATION_COLUMNS: [[&str; 5]; 5] = [
    [
        "time_to_detect_n",
        "time_to_detect_without",
        "time_to_detect_median_seconds",
        "time_to_detect_p90_seconds",
        "time_to_detect_mean_seconds",
    ],
    [
        "time_to_acknowledge_n",
        "time_to_acknowledge_without",
        "time_to_acknowledge_median_seconds",
        "time_to_acknowledge_p90_seconds",
        "time_to_acknowledge_mean_seconds",
    ],
    [
        "time_to_mitigate_n",
        "time_to_mitigate_without",
        "time_to_mitigate_median_seconds",
        "time_to_mitigate_p90_seconds",
        "time_to_mitigate_mean_seconds",
    ],
    [
        "time_to_resolve_n",
        "time_to_resolve_without",
        "time_to_resolve_median_seconds",
        "time_to_resolve_p90_seconds",
        "time_to_resolve_mean_seconds",
    ],
    [
        "notification_delay_n",
        "notification_delay_without",
        "notification_delay_median_seconds",
        "notification_delay_p90_seconds",
        "notification_delay_mean_seconds",
    ],
];

const REMEDIATION_COLUMNS: [&str; 10] = [
    "items_opened",
    "items_done",
    "items_wontfix",
    "items_done_by_due",
    "items_done_by_due_of",
    "items_done_by_due_percent",
    "median_days_to_done",
    "items_open",
    "items_overdue",
    "items_open_over_6_months",
];

impl View for StatsView<'_> {
    fn json(&self) -> impl Serialize {
        JsonStats {
            version: 1,
            since: self.since.map(|d| d.to_string()),
            until: self.until.to_string(),
            as_of: self.today.to_string(),
            types: self.types,
            by: self.by.iter().map(|k| k.name()).collect(),
            repositories: &self.repositories,
            left_out_broken: self.broken,
            total: JsonGroup::of(&self.stats.total, self.by),
            groups: self
                .stats
                .groups
                .iter()
                .map(|g| JsonGroup::of(g, self.by))
                .collect(),
            repeat_offenders: self.stats.offenders.iter().map(JsonOffender::of).collect(),
        }
    }

    fn table(&self) -> Table {
        let mut headers = key_headers(self.by);
        headers.push("incidents");
        for columns in DURATION_COLUMNS {
            headers.extend(columns);
        }
        headers.extend(REMEDIATION_COLUMNS);
        let mut table = Table::new(headers);
        for (key, g) in rows(self.stats, self.by) {
            let mut row: Vec<Option<String>> = key.into_iter().map(Some).collect();
            row.push(count(g.incidents));
            for d in &g.durations {
                row.extend([
                    count(d.count),
                    count(d.without),
                    d.median.map(|s| s.to_string()),
                    d.p90.map(|s| s.to_string()),
                    d.mean.map(|s| s.to_string()),
                ]);
            }
            let r = &g.remediation;
            row.extend([
                count(r.opened),
                count(r.done),
                count(r.wontfix),
                count(r.done_by_due),
                count(r.done_by_due_of),
                r.done_by_due_percent().map(|p| p.to_string()),
                r.median_days_to_done.map(|d| d.to_string()),
                count(r.open),
                count(r.overdue),
                count(r.open_over_6_months),
            ]);
            table.push(row);
        }
        table
    }

    fn page(&self, page: &mut dyn Page) -> std::io::Result<()> {
        page.title("Incident statistics")?;
        let period = match self.since {
            Some(since) => format!("{since} to {}", self.until),
            None => format!("up to {}", self.until),
        };
        let mut about = format!(
            "{} from {period} (types: {})",
            plural(self.stats.total.incidents, "postmortem"),
            self.types.join(", ")
        );
        if !self.repositories.is_empty() {
            about.push_str(&format!("; repositories: {}", self.repositories.join(", ")));
        }
        if self.broken > 0 {
            about.push_str(&format!(
                "; {} left out (errors on stderr)",
                plural(self.broken, "broken postmortem")
            ));
        }
        page.line(&about, &format!("{about}."))?;
        let rows = rows(self.stats, self.by);
        let keyed = |extra: &[&'static str]| {
            let mut h = key_headers(self.by);
            h.extend(extra);
            Table::new(h)
        };

        page.heading(2, "Incidents")?;
        let mut t = keyed(&[
            "incidents",
            "detect",
            "acknowledge",
            "mitigate",
            "resolve",
            "notify",
        ]);
        for (key, g) in &rows {
            let mut row: Vec<Option<String>> = key.iter().cloned().map(Some).collect();
            row.push(count(g.incidents));
            row.extend(g.durations.iter().map(|d| duration(d.median)));
            t.push(row);
        }
        page.table(&t)?;
        page.note(
            "detect ... notify: the median of each duration; the tables below give n, p90 and mean",
        )?;

        for (m, measure) in Measure::ALL.iter().enumerate() {
            let (later, earlier) = measure.fields();
            page.heading(2, &format!("{} ({later} - {earlier})", measure.title()))?;
            let mut t = keyed(&["n", "without", "median", "p90", "mean"]);
            for (key, g) in &rows {
                let d: &Summary = &g.durations[m];
                let mut row: Vec<Option<String>> = key.iter().cloned().map(Some).collect();
                row.extend([
                    count(d.count),
                    count(d.without),
                    duration(d.median),
                    duration(d.p90),
                    duration(d.mean),
                ]);
                t.push(row);
            }
            page.table(&t)?;
        }

        page.heading(2, "Remediation items")?;
        let mut t = keyed(&[
            "opened",
            "done",
            "wontfix",
            "done by due",
            "median days to done",
            "open",
            "overdue",
            "open > 6 months",
        ]);
        for (key, g) in &rows {
            let r = &g.remediation;
            let mut row: Vec<Option<String>> = key.iter().cloned().map(Some).collect();
            row.extend([
                count(r.opened),
                count(r.done),
                count(r.wontfix),
                done_by_due(r),
                r.median_days_to_done.map(|d| d.to_string()),
                count(r.open),
                count(r.overdue),
                count(r.open_over_6_months),
            ]);
            t.push(row);
        }
        page.table(&t)?;
        page.note(&format!(
            "overdue and open > 6 months: as of {}",
            self.today
        ))?;

        page.heading(2, "Repeat offenders")?;
        if self.stats.offenders.is_empty() {
            let none = format!(
                "No service had {} or more incidents in the period.",
                metrics::REPEAT
            );
            return page.line(&none, &none);
        }
        let mut t = Table::new(vec!["service", "incidents", "latest", "postmortems"]).squeezing(3);
        for o in &self.stats.offenders {
            t.push(vec![
                Some(o.service.clone()),
                count(o.incidents),
                Some(o.latest.to_string()),
                Some(o.ids.join(", ")),
            ]);
        }
        page.table(&t)?;
        page.note(&format!(
            "services with {} or more incidents in the period, latest first; postmortems newest first",
            metrics::REPEAT
        ))
    }
}

/// The `pm stats --format json` document. Stable keys:
///
/// - `version` (1); `since` (YYYY-MM-DD or null: no postmortem and no --since), `until`,
///   `as_of` (today); `types` (the types counted); `by` (the --by keys, in order);
///   `repositories` (folder names with -C repeated, else empty); `left_out_broken` (count)
/// - `total` and each of `groups`: `{key, incidents, durations, remediation}`: `key` maps
///   each --by key to the group's value (empty for `total`); `durations` maps
///   time_to_detect, time_to_acknowledge, time_to_mitigate, time_to_resolve and
///   notification_delay to `{n, without, median_seconds, p90_seconds, mean_seconds}`
///   (null without data); `remediation` is `{opened, done, wontfix, done_by_due,
///   done_by_due_of, done_by_due_percent, median_days_to_done, open, overdue,
///   open_over_6_months}`
/// - `repeat_offenders`: `[{service, incidents, latest, postmortems}]`, latest first
#[derive(Serialize)]
struct JsonStats<'a> {
    version: u32,
    since: Option<String>,
    until: String,
    as_of: String,
    types: &'a [String],
    by: Vec<&'static str>,
    repositories: &'a [&'a str],
    left_out_broken: usize,
    total: JsonGroup<'a>,
    groups: Vec<JsonGroup<'a>>,
    repeat_offenders: Vec<JsonOffender<'a>>,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    key: JsonKey<'a>,
    incidents: usize,
    durations: JsonDurations<'a>,
    remediation: JsonRemediation<'a>,
}

impl<'a> JsonGroup<'a> {
    fn of(g: &'a Group, by: &'a [Key]) -> JsonGroup<'a> {
        JsonGroup {
            key: JsonKey { by, values: &g.key },
            incidents: g.incidents,
            durations: JsonDurations(&g.durations),
            remediation: JsonRemediation {
                counts: &g.remediation,
                done_by_due_percent: g.remediation.done_by_due_percent(),
            },
        }
    }
}

/// A group's key: each --by key to its value. Written straight to the output: over many
/// groups, building `serde_json::Value` maps first was a third of `--format json`'s cost.
struct JsonKey<'a> {
    by: &'a [Key],
    values: &'a [String],
}

impl Serialize for JsonKey<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.by.len().min(self.values.len())))?;
        for (k, v) in self.by.iter().zip(self.values) {
            map.serialize_entry(k.name(), v)?;
        }
        map.end()
    }
}

/// Each duration's name to its summary, in `Measure::ALL`'s order.
struct JsonDurations<'a>(&'a [Summary]);

#[derive(Serialize)]
struct JsonSummary {
    n: usize,
    without: usize,
    median_seconds: Option<i64>,
    p90_seconds: Option<i64>,
    mean_seconds: Option<i64>,
}

impl Serialize for JsonDurations<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (m, d) in Measure::ALL.iter().zip(self.0) {
            let summary = JsonSummary {
                n: d.count,
                without: d.without,
                median_seconds: d.median,
                p90_seconds: d.p90,
                mean_seconds: d.mean,
            };
            map.serialize_entry(m.name(), &summary)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonRemediation<'a> {
    #[serde(flatten)]
    counts: &'a Remediation,
    done_by_due_percent: Option<u64>,
}

#[derive(Serialize)]
struct JsonOffender<'a> {
    service: &'a str,
    incidents: usize,
    latest: String,
    postmortems: &'a [String],
}

impl<'a> JsonOffender<'a> {
    fn of(o: &'a Offender) -> JsonOffender<'a> {
        JsonOffender {
            service: &o.service,
            incidents: o.incidents,
            latest: o.latest.to_string(),
            postmortems: &o.ids,
        }
    }
}
