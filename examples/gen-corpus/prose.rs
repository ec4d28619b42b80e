//! `--prose`: postmortems as teams write them, so that `pm check`'s expensive path runs.
//!
//! Most documents carry language findings (about two; `plan`), placed in the summary, the
//! discussion, the timeline's list and the Remediation section's prose; every trigger word
//! of the language rules also appears in neutral use (`the request failed to connect`,
//! `should return 200`, `the logs clearly showed`), in prose, in timeline table cells, in
//! block quotes and in code blocks (neither of the last three is read by the rules).
//! Paragraphs are often one long line (400 to 1,000 characters), as editors write them;
//! impact, timeline and remediation are tables in some documents. Every sentence here is
//! our own, written in the shape of published postmortems.

use super::{Doc, WIDTH, wrap_into};

/// The rules a planted finding belongs to, with how often each is drawn.
pub const KINDS: &[(&str, u32)] = &[
    ("blame", 30),
    ("counterfactual", 30),
    ("hindsight", 18),
    ("root-cause", 14),
    ("training-remediation", 8),
];

/// Sentences each of which `pm check` reports once, under the rule named.
pub const FINDINGS: &[(&str, &[&str])] = &[
    (
        "blame",
        &[
            "The outage was caused by human error during the {comp} change.",
            "{person} carelessly pushed the change to every region at once.",
            "An engineer mistakenly ran the cleanup script against production instead of staging.",
            "The on-call engineer made a mistake when reading the {metric} graph and restarted the wrong pods.",
            "The operator was negligent in skipping the second approval.",
            "A sloppy review let the change through without anyone opening the diff.",
        ],
    ),
    (
        "counterfactual",
        &[
            "The on-call engineer should have checked the replica lag before starting the failover.",
            "{person} could have escalated to the {team} team much earlier.",
            "The reviewer should have noticed that the change touched every region.",
            "The deploy engineer failed to follow the runbook step for draining traffic.",
            "Someone should have paged the {team} team as soon as {metric} doubled.",
        ],
    ),
    (
        "hindsight",
        &[
            "In hindsight, the alert on {metric} pointed at the {comp} from the start.",
            "Looking back, the {comp} had been running at its limit for weeks.",
            "The {comp} change was a disaster waiting to happen.",
            "It was obvious that the {comp} could not take the extra load.",
            "Of course, the retries from {svc} made everything worse.",
        ],
    ),
    (
        "root-cause",
        &[
            "The root cause was a missing upper bound on retries in {svc}.",
            "We traced the root cause to {event} on the {comp}.",
            "Finding the root cause took most of the second hour.",
        ],
    ),
    (
        "training-remediation",
        &[
            "We will remind all engineers to double-check the region before running the cleanup script.",
            "The on-call team will be retrained on the {comp} failover procedure.",
            "Going forward, everyone will stay alert during deploys of the {comp}.",
        ],
    ),
];

/// Trigger words in neutral use: none of these is reported.
pub const NEUTRAL: &[&str] = &[
    "Requests to {svc0} failed to connect for about {min} minutes while the {comp} restarted.",
    "The health endpoint should return 200 within {n} seconds, and the load balancer removes an instance that does not.",
    "The {svc0} logs clearly showed the version mismatch between the two deploys.",
    "The error rate on {svc} stayed under {n} per mille during the whole window.",
    "Our error budget for {svc0} had {pct}% left at the start of the month.",
    "The job failed to start on {n} nodes because the image was not yet in the registry.",
    "The failover would have to wait for the replica to catch up, which takes {min} minutes at this size.",
    "Clients could not reach {svc0} from {region} until the DNS record was restored.",
    "The retry handler must be idempotent, so the team checked that every handler can run twice.",
    "The cache would rebuild itself automatically, so nobody needed to warm it by hand.",
    "The cluster had {n} nodes in {region} and every one of them reported healthy.",
    "We cleared the cache on {svc} and the stale entries disappeared within a minute.",
    "It became clear that the {comp} was saturated only after the second graph was added.",
    "The impact on {cust} was negligible: fewer than {n3} requests in total.",
    "The {team} team uses fault injection in staging to exercise this path every week.",
    "The pods crashed with a segmentation fault in the image decoder.",
    "Blameless reviews are the norm here, and this one followed the usual format.",
    "{person} used git blame to find when the timeout was last changed.",
    "The root certificate bundle on {host} was out of date.",
    "The root partition on {host} reached {pct}% before the log rotation ran.",
    "Lazy loading of the {comp} settings meant the first request after a restart was slow.",
    "The cache cluster uses a sloppy quorum, so writes were accepted during the partition.",
    "Anyone on the on-call rota can approve a rollback without waiting for a second reviewer.",
    "The obvious first step was to roll back the last deploy, and it made no difference.",
    "It was not obvious from the graphs that two problems overlapped.",
    "In the course of the incident the channel received {n3} messages.",
    "The tokens carried a fingerprint of the signing key that the new gateway could not verify.",
    "Elapsed time from the first page to mitigation was {min} minutes.",
    "Latency stayed unpredictable until the noisy neighbour was moved off the host.",
    "It turns out that the backfill ran twice, once from cron and once from the deploy hook.",
    "The parser erroneously accepted the malformed header, which the proxy then rejected.",
    "Requests were incorrectly rejected by the rate limiter because the two regions shared one counter.",
    "The test suite forges a token with an expired key to check the rejection path.",
    "The alert needs attention from the {team} team, who own the threshold.",
    "The team blamed the CDN at first, until its status page showed no incident.",
    "The cache cluster was to blame for the extra latency, not the deploy.",
    "For the foreseeable future the {comp} stays pinned to {ver}.",
    "If only one zone is affected, the balancer keeps routing to the other two.",
    "The facilitator read the note on hindsight bias at the start of the meeting.",
    "Everyone in {channel} received the status update at the same time.",
    "The queue ought to drain within minutes once consumers are back, and it did.",
    "The typo in the metric name was in the dashboard, not in the alert rule.",
    "The team has not had a similar incident since the limiter was added.",
    "Unavoidable restarts during the upgrade were announced in {channel}.",
    "The mistake in the config was a missing quote around the region name.",
    "Customers failed to check out during the peak.",
    "Both replicas should stay in sync within a second under normal load.",
    "Each request should carry a correlation id, and most of them do.",
    "The new alert would page within ten minutes of the first errors.",
    "A follow-up course on the new deploy tool is planned for the {team} group.",
    "The {metric} graph was clear of spikes until the trigger.",
    "The load balancer must drain connections before an instance is removed.",
    "The cache would have been rebuilt automatically within the hour.",
    "The error message said the upstream was unreachable, which sent the search in the wrong direction.",
    "The root cause analysis document for {cust} is linked from the status page.",
];

/// Timeline table cells: a record of the time, which the rules do not read, with the words
/// people typed then.
pub const TL_CELLS: &[&str] = &[
    "Root cause investigation started",
    "{person}: \"should we roll back {svc0}?\"",
    "{person}: \"the graph clearly shows the jump at the deploy\"",
    "Alert: {svc0} error rate above {pct}%",
    "{person}: \"I think I made a mistake in the flag name, checking\"",
    "{person}: \"obviously the cache, restarting it\"",
    "Health check failed to connect to {host}",
    "{person}: \"we should have a rollback ready before the next push\"",
    "Status page: \"Some requests may fail to complete\"",
    "{person}: \"in hindsight the canary was red, looking again\"",
];

/// Block quotes (never read by the rules): what people said or wrote at the time.
pub const QUOTES: &[&str] = &[
    "From the first status page update: \"We are investigating elevated error rates on {svc0}. Some requests may fail to complete, and retries should succeed.\"",
    "{person}, in {channel}: \"in hindsight the dashboard was telling us all along, we just read the wrong panel\"",
    "A customer wrote to support: \"Your team should have told us sooner; we found out from our own monitoring.\"",
    "From the {comp} documentation: \"Clients must retry with backoff. A client that retries at once will make an overload worse.\"",
    "{person}, during the meeting: \"It was clear that something was wrong, but not what, and the obvious suspect was the deploy.\"",
];

/// Code blocks (never read by the rules), with trigger words in comments and log lines.
pub const CODE: &[&str] = &[
    "```yaml\n# the pool should be at least twice the peak concurrency\npool:\n  max_connections: {n3}\n  idle_timeout: {n}s\n# error budget alert: fail the check when burn rate > 2\nalerts:\n  - name: {svc0}-error-budget\n    threshold: 2\n```\n",
    "```text\n{host} ERROR failed to connect to upstream: connection refused\n{host} WARN retry 3/5 should back off, got immediate\n{host} ERROR root cause unknown, giving up after 5 attempts\n```\n",
    "```console\n$ kubectl -n prod rollout status deployment/{svc0}\nerror: deployment \"{svc0}\" exceeded its progress deadline\n$ kubectl -n prod rollout undo deployment/{svc0}\ndeployment.apps/{svc0} rolled back\n```\n",
];

/// Neutral sentences in a Remediation section's prose (no training words).
pub const REMEDIATION_PROSE: &[&str] = &[
    "Each item has an owner and a ticket; the ones that change {svc0} ship behind a flag.",
    "The items that touch the {comp} are ordered so the alert ships first.",
    "Progress is reviewed in the weekly {team} operations meeting until every item is closed.",
];

/// How many findings document gets, and of which rules: most get two.
pub fn plan(doc: &mut Doc) -> Vec<&'static str> {
    let k = doc.rng.weighted(&[8, 14, 52, 20, 6]);
    let weights: Vec<u32> = KINDS.iter().map(|k| k.1).collect();
    (0..k)
        .map(|_| KINDS[doc.rng.weighted(&weights)].0)
        .collect()
}

/// A sentence reported under `rule`.
pub fn finding(doc: &mut Doc, rule: &str) -> String {
    let pool = FINDINGS
        .iter()
        .find(|(r, _)| *r == rule)
        .map_or(FINDINGS[0].1, |(_, p)| p);
    doc.sentence(pool, &[], 0.0)
}

/// A paragraph of `n` sentences from `pool` with neutral uses of trigger words among them,
/// and the findings of `plant` spread over it.
pub fn paragraph(
    doc: &mut Doc,
    pool: &[&'static str],
    db_pool: &[&'static str],
    n: usize,
    plant: &mut Vec<&'static str>,
) -> String {
    let mut p = doc.paragraph(pool, db_pool, n);
    for _ in 0..doc.rng.range(0, 2) {
        p.push(' ');
        let s = doc.sentence(NEUTRAL, &[], 0.0);
        p.push_str(&s);
    }
    if doc.rng.chance(0.4)
        && let Some(i) = plant.iter().position(|r| *r != "training-remediation")
    {
        let rule = plant.remove(i);
        p.push(' ');
        let s = finding(doc, rule);
        p.push_str(&s);
    }
    p
}

/// Writes paragraph `p`: one long line (as most editors save it) or wrapped.
pub fn write_paragraph(doc: &mut Doc, out: &mut String, p: &str) {
    if doc.rng.chance(0.7) {
        out.push_str(p);
        out.push('\n');
    } else {
        wrap_into(out, p, WIDTH, "", "");
    }
}

/// A block quote, a code block or nothing, to follow a paragraph.
pub fn aside(doc: &mut Doc, out: &mut String) {
    let r = doc.rng.unit();
    if r < 0.12 {
        let q = doc.sentence(QUOTES, &[], 0.0);
        out.push('\n');
        wrap_into(out, &q, WIDTH, "> ", "> ");
    } else if r < 0.2 {
        let c = doc.sentence(CODE, &[], 0.0);
        out.push('\n');
        out.push_str(&c);
    }
}

/// The impact as a table of figures.
pub fn impact_table(doc: &mut Doc, out: &mut String, duration: &str) {
    out.push_str("| Measure | Value |\n|---|---:|\n");
    let rows = [
        ("Duration", duration.to_string()),
        ("Requests that failed", doc.value("big")),
        ("Error rate at the peak", format!("{}%", doc.value("pct"))),
        ("Support contacts", doc.value("n3")),
        ("Error budget used", format!("{}%", doc.value("pct"))),
    ];
    let n = doc.rng.range(3, rows.len() as i64) as usize;
    for (what, value) in &rows[..n] {
        out.push_str(&format!("| {what} | {value} |\n"));
    }
    out.push('\n');
    let s = doc.sentence(NEUTRAL, &[], 0.0);
    write_paragraph(doc, out, &s);
}

/// A timeline table row: the time and what happened, sometimes a cell with words typed then.
pub fn timeline_row(doc: &mut Doc, out: &mut String, when: &str, text: &str) {
    let cell = if doc.rng.chance(0.2) {
        doc.sentence(TL_CELLS, &[], 0.0)
    } else {
        text.to_string()
    };
    out.push_str(&format!("| {when} | {} |\n", cell.replace('|', "\\|")));
}

/// The prose of the Remediation section: neutral, and a training finding if one is planted.
pub fn remediation_prose(doc: &mut Doc, out: &mut String, plant: &mut Vec<&'static str>) -> usize {
    let mut p = doc.sentence(REMEDIATION_PROSE, &[], 0.0);
    let mut planted = 0;
    while let Some(i) = plant.iter().position(|r| *r == "training-remediation") {
        plant.remove(i);
        p.push(' ');
        let s = finding(doc, "training-remediation");
        p.push_str(&s);
        planted += 1;
    }
    write_paragraph(doc, out, &p);
    out.push('\n');
    planted
}
