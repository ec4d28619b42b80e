//! Deterministic generator of a synthetic postmortem corpus, for benchmarks and load tests.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --count 10000 --out /tmp/pm-corpus [--seed 42] [--force] [--prose]
//! ```
//!
//! Writes `OUT/pm.yaml` and `OUT/postmortems/YYYY-MM-DD-<slug>-<n>.md`, `count` documents that
//! are valid per `docs/format.md`. Every document is a pure function of `(seed, index)`, so the
//! same seed and count always give byte-identical output (documents are generated on several
//! threads, which does not change their content). About 30% of the documents mention the word
//! "database"; the others never contain it, so a benchmark can grep for it. The prose avoids
//! blame words ("should have", "human error", "root cause", ...). Uses only `std`.
//!
//! `--prose` writes postmortems as teams write them (`prose.rs`): most documents carry
//! language findings (two is typical; the number planted is printed, and `pm check` reports
//! each once), every trigger word appears in neutral use too, paragraphs are often one long
//! line, and impact, timeline and remediation are tables in some documents, with quotes and
//! code blocks. `pm.yaml` then allows "root cause analysis" (the name of a document, a team
//! setting, docs/checks.md). The database property holds in both modes.

mod prose;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64, seeded per document.

struct Rng(u64);

impl Rng {
    fn new(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ 0x5DEE_CE66_D1CE_B00C);
        let mixed = r.next_u64() ^ index.wrapping_mul(0xD134_2543_DE82_EF95);
        let mut r = Rng(mixed);
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// `k` distinct elements of `xs`, in random order.
    fn pick_distinct<'a>(&mut self, xs: &[&'a str], k: usize) -> Vec<&'a str> {
        let mut idx: Vec<usize> = (0..xs.len()).collect();
        let k = k.min(xs.len());
        for i in 0..k {
            let j = i + self.below(xs.len() - i);
            idx.swap(i, j);
        }
        idx[..k].iter().map(|&i| xs[i]).collect()
    }

    /// An index into `weights`, chosen proportionally.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Civil time in UTC, without dependencies (Howard Hinnant's algorithms).

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Minutes since the Unix epoch.
type Minute = i64;

fn date_of(t: Minute) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(1440));
    format!("{y:04}-{m:02}-{d:02}")
}

fn rfc3339(t: Minute) -> String {
    let tod = t.rem_euclid(1440);
    format!("{}T{:02}:{:02}:00Z", date_of(t), tod / 60, tod % 60)
}

fn hhmm(t: Minute) -> String {
    let tod = t.rem_euclid(1440);
    format!("{:02}:{:02}", tod / 60, tod % 60)
}

fn duration_words(mins: i64) -> String {
    let (h, m) = (mins / 60, mins % 60);
    let unit = |n: i64, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match (h, m) {
        (0, m) => unit(m, "minute"),
        (h, 0) => unit(h, "hour"),
        (h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
    }
}

/// `s` with its first character lower-cased (the impact sentences never start with a name).
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Word and sentence pools. Placeholders in `{}` are filled per document, see `Doc::fill`.
// None of these may contain "database" except the DB_* pools (checked at start-up).

const SERVICES: &[&str] = &[
    "checkout-api",
    "payments-service",
    "auth-service",
    "search-api",
    "catalog-service",
    "inventory-service",
    "notifications-worker",
    "email-sender",
    "billing-worker",
    "ledger-api",
    "user-profile",
    "recommendations",
    "image-resizer",
    "cdn-edge",
    "api-gateway",
    "config-service",
    "feature-flags",
    "session-store",
    "orders-service",
    "shipping-quotes",
    "pricing-engine",
    "fraud-scoring",
    "reporting-pipeline",
    "analytics-ingest",
    "log-shipper",
    "metrics-collector",
    "dns-resolver",
    "vpn-gateway",
    "build-runners",
    "deploy-controller",
    "queue-broker",
    "cache-cluster",
    "web-frontend",
    "mobile-api",
    "webhooks-dispatcher",
    "job-scheduler",
    "identity-provider",
    "object-storage",
    "search-indexer",
    "rate-limiter",
    "status-page",
    "order-status-api",
    "finance-reporting",
    "media-upload",
    "chat-backend",
    "geo-lookup",
    "tax-calculator",
    "coupon-service",
    "loyalty-points",
    "partner-api",
];

const DB_SERVICES: &[&str] = &["orders-db", "users-db", "catalog-db", "ledger-db"];

const COMPONENTS: &[&str] = &[
    "connection pool",
    "TLS certificate",
    "DNS record",
    "load balancer health check",
    "cache cluster",
    "message queue",
    "disk volume",
    "Kubernetes node pool",
    "autoscaling policy",
    "retry policy",
    "rate limiter",
    "deploy pipeline",
    "nightly cron job",
    "CDN configuration",
    "service mesh sidecar",
    "JVM heap",
    "thread pool",
    "network ACL",
    "IAM policy",
    "secrets rotation job",
    "NTP configuration",
    "log volume",
    "circuit breaker",
    "Redis cluster",
    "Kafka consumer group",
    "object storage bucket",
    "ingress controller",
    "API token",
    "container image registry",
    "HTTP client timeout",
];

const DB_COMPONENTS: &[&str] = &[
    "primary database",
    "database connection pool",
    "database replica",
    "read-only database replica",
    "database cluster",
    "orders database",
    "database disk",
    "database proxy",
];

const PEOPLE: &[&str] = &[
    "Ana Lima",
    "Ben Okafor",
    "Chris Hale",
    "Dana Whitfield",
    "Farid Haddad",
    "Priya Raman",
    "Olu Adeyemi",
    "Tomás Ferreira",
    "Mara Jensen",
    "Luis Ortega",
    "Sunil Mehta",
    "Grace Whitaker",
    "Kenji Watanabe",
    "Aisha Bello",
    "Noah Kim",
    "Zoë Martin",
    "Søren Dahl",
    "Elena Petrova",
    "Marcus Green",
    "Yuki Tanaka",
    "Fatima Zahra",
    "Diego Alvarez",
    "Hannah Schmidt",
    "Ravi Kumar",
    "Chloé Dubois",
    "Kwame Mensah",
    "Ingrid Larsen",
    "Mateo Rossi",
    "Leila Haddad",
    "Owen Price",
    "Nadia Novak",
    "Samuel Osei",
    "Mei Chen",
    "Jonas Berg",
    "Isabel Cruz",
    "Arjun Nair",
    "Lucy Evans",
    "Pavel Horák",
    "Amara Obi",
    "Hugo Lefèvre",
    "Sara Lindqvist",
    "Tariq Aziz",
    "Emily Carter",
    "Rui Santos",
    "Julia Nowak",
    "Kofi Boateng",
    "Anika Patel",
    "Felix Wagner",
    "Rosa Jiménez",
    "Ian Murphy",
];

const TEAMS: &[&str] = &[
    "Platform",
    "Payments",
    "Checkout",
    "Identity",
    "Data",
    "SRE",
    "Networking",
    "Storage",
    "Mobile",
    "Search",
    "Growth",
    "Support",
    "Billing",
    "Security",
    "Infrastructure",
];

const REGIONS: &[&str] = &[
    "us-east-1",
    "eu-west-1",
    "ap-southeast-2",
    "eu-central-1",
    "us-west-2",
    "ap-northeast-1",
    "sa-east-1",
    "the Frankfurt data center",
    "the Dublin data center",
];

const METRICS: &[&str] = &[
    "p99 latency",
    "5xx rate",
    "queue depth",
    "CPU utilisation",
    "error budget burn rate",
    "memory usage",
    "disk usage",
    "open connection count",
    "request rate",
    "replication lag",
    "GC pause time",
    "consumer lag",
    "TLS handshake errors",
    "timeout rate",
    "p95 latency",
];

const EVENTS: &[&str] = &[
    "a config push",
    "a routine deploy",
    "a certificate expiry",
    "a traffic spike",
    "a dependency upgrade",
    "a cloud provider incident",
    "a node pool upgrade",
    "a DNS change",
    "a marketing campaign",
    "an overlapping batch job",
    "a disk filling up",
    "a feature flag rollout",
    "a kernel upgrade",
    "a network partition",
    "a load balancer change",
    "a secrets rotation",
    "a library upgrade",
    "a capacity change",
    "a cache eviction storm",
];

const DB_EVENTS: &[&str] = &[
    "a database schema migration",
    "a database failover",
    "a long-running database query",
    "a database backfill",
];

const CUSTOMERS: &[&str] = &[
    "customers in the EU",
    "enterprise customers",
    "mobile app users",
    "merchants on the Pro plan",
    "API clients",
    "free-tier users",
    "customers in North America",
    "partners using webhooks",
    "new sign-ups",
    "internal finance users",
    "support agents",
    "customers paying by card",
];

const FLAGS: &[&str] = &[
    "new-checkout-flow",
    "async-invoices",
    "search-v2-ranking",
    "image-webp",
    "fast-login",
    "bulk-export",
    "smart-retries",
    "edge-caching",
    "new-pricing-page",
    "streaming-uploads",
];

const SYMPTOMS: &[&str] = &[
    "returned errors for a share of requests",
    "responded slowly",
    "was unavailable",
    "served stale data",
    "dropped a share of incoming messages",
    "timed out for many callers",
    "rejected valid logins",
    "processed jobs hours late",
];

const MITIGATIONS: &[&str] = &[
    "rolling back the release",
    "failing over to {region}",
    "scaling out {svc}",
    "disabling the `{flag}` feature flag",
    "restarting the affected pods",
    "reverting the configuration change",
    "raising the limit on the {comp}",
    "shifting traffic away from {region}",
    "pausing the batch job that added load",
];

const TITLES: &[&str] = &[
    "{svc0} returned 5xx errors after {event}",
    "Elevated latency on {svc0} in {region}",
    "{Comp} exhaustion degraded {svc0}",
    "Partial outage of {svc0} following {event}",
    "{svc0} unavailable for {cust}",
    "Delayed processing in {svc0} after {event}",
    "Stale data served by {svc0} after {event}",
    "Errors in {svc0} caused by a {comp} misconfiguration",
    "Degraded {svc0} performance during {event}",
    "Login failures for {cust} after {event}",
    "{svc0} timeouts while the {comp} was saturated",
    "Intermittent errors on {svc0} in {region}",
    "Webhook deliveries from {svc0} delayed by {event}",
    "{svc0} outage in {region} after {event}",
    "Queue backlog in {svc0} after {event}",
];

const DB_TITLES: &[&str] = &[
    "{svc0} errors after {dbevent}",
    "{Dbcomp} saturation slowed {svc0}",
    "Slow queries on the {dbcomp} degraded {svc0}",
    "{svc0} read errors during {dbevent}",
];

const SUMMARY_OPEN: &[&str] = &[
    "On {date}, {svc0} {symptom} for {dur} after {event}.",
    "For {dur} on {date}, {svc0} {symptom}, starting shortly after {event}.",
    "{svc0} {symptom} on {date} for {dur}; the trigger was {event}.",
];

const SUMMARY_MID: &[&str] = &[
    "The change interacted with the {comp} in a way nobody had seen before, and the extra load spread to {svc}.",
    "Retries from {svc} multiplied the load, which kept the {comp} saturated after the trigger had passed.",
    "The {comp} reached a limit that had been set years ago, when traffic was a fraction of what it is today.",
    "Monitoring showed the symptoms within minutes, but the connection to {event} took longer to find.",
    "Two smaller problems overlapped: a slow {comp} and a retry policy in {svc} that had no upper bound.",
];

const DB_SUMMARY_MID: &[&str] = &[
    "The extra load landed on the {dbcomp}, and every service reading from it slowed down.",
    "Queries against the {dbcomp} queued up behind a lock, and {svc0} ran out of workers while waiting.",
    "Replication lag on the {dbcomp} grew until reads returned stale rows to {svc}.",
];

const SUMMARY_CLOSE: &[&str] = &[
    "We mitigated it by {mitigation} and declared the incident resolved at {resolved} UTC.",
    "Service recovered after {mitigation}; {pct}% of requests were affected at the peak.",
    "{mitigation_cap} ended the impact, and the follow-up work is tracked below.",
];

const IMPACT_LINES: &[&str] = &[
    "{pct}% of requests to {svc0} returned errors at the peak.",
    "About {big} {cust} were affected.",
    "{svc} saw degraded performance as a side effect, with {metric} up to {n} times the usual level.",
    "No data was lost.",
    "Roughly {big} messages were delayed by up to {min} minutes but were delivered in the end.",
    "Support received {n3} contacts related to the incident during the window and the following hour.",
    "The incident used about {pct}% of the monthly error budget for {svc0}.",
    "{Cust} saw timeouts on about one request in {n}.",
    "Internal dashboards for {team} showed data from the previous day until the backlog drained.",
    "An estimated {big} orders were not placed, based on the same hour of the previous four weeks.",
    "Scheduled jobs that depend on {svc0} ran {min} minutes late and caught up without intervention.",
    "Other services, including {svc}, were not affected.",
];

const DB_IMPACT_LINES: &[&str] = &[
    "Writes to the {dbcomp} were paused for {n} seconds during the switchover.",
    "About {big} rows written to the {dbcomp} during the window had to be checked by hand.",
];

const TL_TRIGGER: &[&str] = &[
    "{person} starts {event} for {svc}, following the usual checklist.",
    "A deploy of {svc0} {ver} begins rolling out to {region}.",
    "{event_cap} starts; {svc0} keeps serving normally at first.",
    "The nightly job on {svc} starts and its load on the {comp} rises quickly.",
    "{person} merges a change to the {comp} settings for {svc0}; CI passes and the change ships.",
];

const DB_TL_TRIGGER: &[&str] = &[
    "{person} starts {dbevent} on the {dbcomp}, planned as a low-risk change.",
    "Load on the {dbcomp} rises after a reporting query starts.",
];

const TL_SYMPTOM: &[&str] = &[
    "A rise in {metric} on {svc0} begins.",
    "First errors appear in the {svc0} logs: `upstream connect error or disconnect/reset before headers`.",
    "{svc} begins retrying calls to {svc0} with backoff.",
    "The {comp} reaches {pct}% of its limit.",
    "First support contact in {channel}: customers report spinning pages and errors.",
    "Synthetic checks from {region} start failing intermittently.",
];

const TL_DETECT: &[&str] = &[
    "Alert `{svc0}-{metricslug}-high` pages {person}, on call.",
    "PagerDuty pages {person} for {metric} on {svc0}.",
    "A customer report reaches support and is escalated to {channel}.",
    "{person} notices {metric} on {svc0} at {n} times its usual level on the team dashboard.",
    "The error budget burn alert for {svc0} fires and pages {person}.",
];

const TL_INVESTIGATE: &[&str] = &[
    "{person} takes incident command and asks for a status update every {n} minutes.",
    "{person} checks recent deploys of {svc0}; the last one was {n} days ago.",
    "{person} looks at the {svc} dashboards; request rate is normal, errors are not.",
    "{person} finds `{errmsg}` in the {svc0} logs and posts it.",
    "{person} pages the {team} team for help with the {comp}.",
    "{person} joins the call from the {team} team.",
    "{person} checks the cloud provider status page for {region}; nothing is reported.",
    "{person} compares the graphs with an incident from last year that looked similar from the outside.",
    "{person} rules out {svc}: its error rate and latency are flat.",
    "{person} suggests that the {comp} is involved and shares a graph of {metric}.",
    "{person} confirms that only {region} is affected.",
    "{person} asks whether anyone changed the {comp} recently; {person} links the change log.",
    "{person} reads the {svc0} runbook section on {metric}; the dashboard it links has moved.",
    "{person} starts a shared document for notes and hypotheses.",
    "{person} posts the first status page update: \"We are investigating errors on {svc0}.\"",
];

const DB_TL_INVESTIGATE: &[&str] = &[
    "{person} sees lock waits on the {dbcomp} and posts the query plan.",
    "{person} joins from the database team and checks replication lag.",
];

const TL_CHAT: &[&str] = &[
    "looking at the {svc0} dashboards now",
    "seeing {metric} spike on {host}",
    "did anything change on the {comp} in the last hour?",
    "I can take comms, {person} keeps investigating",
    "errors are only in {region} as far as I can tell",
    "rolling back to {ver} unless someone objects",
    "confirmed, error rate is dropping",
    "the runbook step {n} does not apply to this setup, skipping it",
    "I have the change log open, nothing in the last {n} hours",
    "support is asking for an ETA, I said we will update in {n} minutes",
    "{svc} looks healthy, I think we can rule it out",
    "graph of {metric} attached, the jump lines up with the deploy",
];

const TL_MITIGATE: &[&str] = &[
    "{person} rolls back {svc0} to {ver}.",
    "{person} scales {svc} from {n} to {n2} replicas.",
    "{person} disables the `{flag}` feature flag.",
    "{person} shifts traffic away from {region}.",
    "{person} raises the limit on the {comp} from {n3} to {n4}.",
    "{person} restarts the {svc0} pods one availability zone at a time.",
    "{person} pauses the batch job on {svc}.",
    "{person} reverts the change to the {comp} settings.",
];

const TL_RECOVER: &[&str] = &[
    "{Metric} on {svc0} back to baseline.",
    "Error rate on {svc0} below 0.1% for ten minutes; {person} declares the incident resolved.",
    "Queues drained; {person} marks the incident resolved.",
    "{svc0} healthy in all regions; incident resolved.",
];

const TL_AFTER: &[&str] = &[
    "Status page updated to resolved.",
    "{person} posts a summary in {channel} and schedules the postmortem meeting.",
    "{person} opens {ticket} to track the follow-up work.",
    "Backlog on {svc} fully processed.",
    "{person} hands the remaining checks to the next on-call engineer.",
];

const LOG_LEVELS: &[&str] = &["ERROR", "WARN", "ERROR", "ERROR", "INFO"];

const ERRMSGS: &[&str] = &[
    "connection pool exhausted: 50/50 in use (waited 3000ms)",
    "upstream request timeout after 5000ms",
    "x509: certificate has expired or is not yet valid",
    "too many open files",
    "429 upstream limit reached, returning 503",
    "context deadline exceeded",
    "no healthy upstream",
    "read tcp 10.0.3.17:443: i/o timeout",
    "OOMKilled: container exceeded memory limit",
    "dial tcp: lookup internal.example.com: no such host",
];

const COMMANDS: &[&str] = &[
    "kubectl -n prod rollout undo deployment/{svc0}",
    "kubectl -n prod get pods -l app={svc0} -o wide",
    "kubectl -n prod scale deployment/{svc} --replicas={n2}",
    "curl -sS --max-time 5 https://{svc0}.internal.example.com/healthz",
    "dig +short {svc0}.internal.example.com",
];

/// The standard questions of the default template, with pools for the answers.
const QUESTIONS: &[(&str, &[&str])] = &[
    (
        "Did we detect that something was wrong properly and fast enough?",
        &[
            "Detection took {ttd}, counted from the first errors to the first page.",
            "The first signal was a page for {metric} on {svc0}, sent {min} minutes after the first errors appeared in the logs.",
            "Our alerting on {svc0} looks at {metric} over a {n}-minute window, so short spikes are smoothed out before they page anyone.",
            "Customers noticed before our monitoring did: the first report reached support {min} minutes before the page.",
            "The synthetic checks for {svc} only run from {region}, so the problem elsewhere was invisible to them.",
            "The alert threshold for {metric} was set when traffic was a third of what it is today, and nobody had a reason to revisit it since.",
            "A dashboard showed the problem from the first minute, but nobody is expected to watch dashboards outside business hours.",
            "The on-call engineer received the page within a minute of the threshold being crossed.",
            "Alerts for {svc} and {svc0} arrived as separate pages, which made it harder to see that they shared one trigger.",
            "Error logs from {host} showed the problem {min} minutes earlier, but log-based alerts are not set up for this service.",
            "Partly: the page came quickly, but it described a symptom on {svc} rather than the problem on {svc0}.",
        ],
    ),
    (
        "Did we notify our customers, support people and users appropriately?",
        &[
            "The status page was updated {min} minutes after the incident was declared.",
            "Support learned about the incident from customers before they heard from the incident channel.",
            "The {team} team posted updates in {channel} every {n} minutes, which kept the rest of the company informed.",
            "There was no template for customer communication about {svc0}, so the first update took longer to write.",
            "Enterprise customers with dedicated account managers were contacted directly.",
            "The customer notice went out in English only; {cust} received it without a translation.",
            "Internal stakeholders asked for updates in several channels at once, which pulled the incident commander away from the response.",
            "Support asked for an earlier, shorter \"we are investigating\" message they could point customers to.",
            "We agreed to post a first status update within {n} minutes of a {sev} page from now on.",
        ],
    ),
    (
        "Was there any cleanup to do?",
        &[
            "Very little: the retry queue drained by itself within {min} minutes.",
            "About {big} jobs were re-run by hand from the dead-letter queue; {person} checked the results the next day.",
            "The temporary limit on the {comp} stayed in place for {n} days and was then reverted under {ticket}.",
            "Finance reviewed {n3} affected orders and issued refunds where needed.",
            "Caches for {svc} were flushed after the fix so that no stale entries remained.",
            "A manual change to the {comp} made during the incident was written back into the configuration repository.",
            "No cleanup was needed; the system returned to its normal state once the change was reverted.",
        ],
    ),
    (
        "Did we have all the tools we needed, or did we have to improvise?",
        &[
            "The runbook for {svc0} described the symptoms well but pointed to a dashboard that no longer exists.",
            "It took {min} minutes to find someone with access to the {comp} in {region}.",
            "Our rollback tooling worked exactly as documented.",
            "{person} wrote a small script during the incident to list affected requests; it is now in the team repository.",
            "The rollback itself took {min} minutes because the deploy pipeline runs the full test suite even for rollbacks.",
            "We improvised the fix from an old script, which worked but took time to read under pressure.",
            "The `{flag}` feature flag existed and worked as designed, which made the mitigation quick.",
            "Access to production in {region} requires a separate VPN profile, and setting it up took time.",
        ],
    ),
    (
        "Did we have enough visibility?",
        &[
            "The {svc0} dashboard showed the errors at once, but nothing on it tied them to a change.",
            "Logs for {svc} are sampled at {pct}%, so many of the relevant lines were missing.",
            "The error messages from {svc} did not say which dependency was timing out.",
            "Deploys and config pushes are not shown as annotations on service dashboards.",
            "{Metric} for the {comp} is collected, but it is not on any dashboard the on-call engineer uses.",
            "Tracing covered {svc0} but not {svc}, so requests disappeared from view halfway through.",
            "The graphs for {region} use a different time zone from the others, which confused the first comparison.",
            "The {comp} has a hard limit of {big} that is not visible in our dashboards.",
        ],
    ),
    (
        "Was there troubleshooting fatigue? Did we do a good handoff?",
        &[
            "Not applicable: the incident lasted {dur} and the same people saw it through.",
            "{person} was incident commander for over {n} hours before handing over to {person}.",
            "The handoff call covered the state of the mitigation, but the working hypothesis lived in one person's head rather than in the notes.",
            "The shared notes document was the most useful thing the incoming responder received.",
            "Responders took turns every {n} hours, and each handoff was written in {channel}.",
            "Several people investigated the same hypothesis in parallel without knowing it, which cost time and energy.",
        ],
    ),
    (
        "What went well?",
        &[
            "The incident commander role was clear from the start, and handovers were explicit.",
            "The {team} team joined quickly even though it was outside their working hours.",
            "Dashboards for {svc0} made the impact easy to quantify.",
            "Canary analysis caught the second, smaller regression before it reached all regions.",
            "Everyone involved wrote down what they were doing in {channel}, which made this timeline easy to reconstruct.",
        ],
    ),
    (
        "Where did we get lucky?",
        &[
            "The incident happened during a low-traffic period; at peak, the impact would be roughly {n} times larger.",
            "{person} happened to be online and recognised the symptoms from an earlier incident.",
            "The batch jobs that normally run at this time were paused for unrelated maintenance.",
            "No data was lost, but only because the retry queue was large enough to hold {big} messages.",
            "The {comp} recovered after a restart; we do not yet know why a restart was enough.",
        ],
    ),
];

const DB_DISCUSSION: &[&str] = &[
    "The {dbcomp} has no alert for lock waits, so the queueing was only visible in query logs.",
    "Reads from the {dbcomp} assume lag of at most a second or two, which did not hold during the incident.",
    "The database runbook covered failover but not the case where a replica stops replaying.",
];

const FACTOR_INTRO: &[&str] = &[
    "Several conditions lined up, none of which was new on its own. Contributing factors the meeting agreed on:",
    "The change, the {comp} and the alerting each made sense on their own. Contributing factors:",
    "There was no single decision that made the difference; several small factors added up:",
];

const FACTORS: &[&str] = &[
    "the {comp} had a limit that nobody had reviewed since {year};",
    "retries in {svc} had no upper bound, so load on {svc0} grew during the outage;",
    "the alert for {metric} used a {n}-minute window tuned for slow-building problems;",
    "{event} and a busy traffic period happened at the same time;",
    "the runbook assumed a single-region deployment, which has not been true for a while;",
    "the team that built {svc0} moved to other projects, and on-call engineers rarely touch it;",
    "health checks on {svc} depend on {svc0}, so its slowness took healthy instances out of rotation;",
    "timeouts in the call chain are inconsistent: {svc} waits {n} seconds while its caller gives up after {n2};",
    "the change preview showed only part of what the change would touch;",
    "the staging environment does not have the {comp} in the same configuration as production;",
];

const GENERIC: &[&str] = &[
    "We will look at this again during the next quarterly reliability review.",
    "This matches what we saw in a smaller incident on {svc} last year.",
    "The remediation items below cover the most important gaps.",
    "The team agreed that this is worth a follow-up discussion with {team}.",
    "We do not have enough data yet to say how often this happens.",
    "The same pattern could affect {svc}, which uses the same {comp}.",
    "{person} pointed out that the behaviour was documented, but in a page nobody on call reads.",
    "The meeting spent some time on this point, and people saw it differently.",
    "Looking at the graphs afterwards, the first signs were visible about {min} minutes before the page.",
    "The decision made sense with the information available at that moment.",
    "This is the {ordinal} incident this year where {metric} on {svc0} was the first signal.",
    "{person} noted that the {team} team had raised a similar concern in a design review.",
];

const REMEDIATION_TITLES: &[&str] = &[
    "Page when {svc0} 5xx rate exceeds {pct}% for {n} minutes",
    "Add a canary stage to the {svc0} deploy pipeline",
    "Alert on {metric} for {svc}",
    "Document the failover steps for the {comp} in the runbook",
    "Load test {svc0} at {n} times peak traffic",
    "Add a dashboard panel for {metric} on {svc}",
    "Automate certificate renewal for {svc}",
    "Raise the {comp} limit on {svc0} and alert at 80% of it",
    "Run a game day for a failover of {region}",
    "Validate {svc0} configuration changes in CI",
    "Add timeouts and retries with backoff to calls from {svc} to {svc0}",
    "Show deploys as annotations on the {svc0} dashboards",
    "Cap retries in {svc} at {n} attempts",
    "Write a status page template for {svc0} incidents",
    "Add the {team} escalation path to the incident checklist",
];

const DB_REMEDIATION_TITLES: &[&str] = &[
    "Alert on lock waits on the {dbcomp}",
    "Pause migrations while any database replica lags more than {n} seconds",
];

const REMEDIATION_WHY: &[&str] = &[
    "it shortens detection for the kind of failure seen here",
    "it removes the manual step that slowed the response",
    "it makes the limit visible before it is reached",
    "it gives the next on-call engineer a tested path",
    "it keeps a single change from reaching every region at once",
    "it turns a surprise into routine work",
];

const WONTFIX_WHY: &[&str] = &[
    "the other items remove the specific surprise here, and this needs a redesign we chose not to start in response to one incident",
    "the team decided the cost is higher than the risk it addresses",
    "the service is being replaced next quarter",
];

const TICKET_PREFIXES: &[&str] = &["OPS", "PLAT", "SRE", "INFRA", "PAY", "CHK", "SEC", "DATA"];

const TAGS: &[&str] = &[
    "config",
    "deploy",
    "capacity",
    "dns",
    "tls",
    "network",
    "dependency",
    "third-party",
    "monitoring",
    "cache",
    "queue",
    "storage",
    "security",
    "latency",
    "availability",
    "migration",
    "kubernetes",
    "handoff",
    "retries",
    "certificates",
    "rate-limiting",
    "alerting",
];

const BLAME_WORDS: &[&str] = &[
    "should have",
    "could have",
    "would have",
    "failed to",
    "human error",
    "root cause",
    "obviously",
    "clearly",
];

const ORDINALS: &[&str] = &["second", "third", "fourth"];

fn check_pools() {
    let mut pools: Vec<(&[&str], bool)> = vec![
        (SERVICES, false),
        (DB_SERVICES, false),
        (COMPONENTS, false),
        (DB_COMPONENTS, true),
        (PEOPLE, false),
        (TEAMS, false),
        (REGIONS, false),
        (METRICS, false),
        (EVENTS, false),
        (DB_EVENTS, true),
        (CUSTOMERS, false),
        (FLAGS, false),
        (SYMPTOMS, false),
        (MITIGATIONS, false),
        (TITLES, false),
        (DB_TITLES, true),
        (SUMMARY_OPEN, false),
        (SUMMARY_MID, false),
        (DB_SUMMARY_MID, true),
        (SUMMARY_CLOSE, false),
        (IMPACT_LINES, false),
        (DB_IMPACT_LINES, true),
        (TL_TRIGGER, false),
        (DB_TL_TRIGGER, true),
        (TL_SYMPTOM, false),
        (TL_DETECT, false),
        (TL_INVESTIGATE, false),
        (DB_TL_INVESTIGATE, true),
        (TL_CHAT, false),
        (TL_MITIGATE, false),
        (TL_RECOVER, false),
        (TL_AFTER, false),
        (ERRMSGS, false),
        (COMMANDS, false),
        (DB_DISCUSSION, true),
        (FACTOR_INTRO, false),
        (FACTORS, false),
        (GENERIC, false),
        (REMEDIATION_TITLES, false),
        (DB_REMEDIATION_TITLES, true),
        (REMEDIATION_WHY, false),
        (WONTFIX_WHY, false),
        (TAGS, false),
        (LOG_LEVELS, false),
        (TICKET_PREFIXES, false),
        (ORDINALS, false),
    ];
    for (q, answers) in QUESTIONS {
        pools.push((std::slice::from_ref(q), false));
        pools.push((answers, false));
    }
    // The prose pools are full of trigger words, never of the database.
    let prose_pools = prose::FINDINGS.iter().map(|(_, p)| *p).chain([
        prose::NEUTRAL,
        prose::TL_CELLS,
        prose::QUOTES,
        prose::CODE,
        prose::REMEDIATION_PROSE,
    ]);
    for s in prose_pools.flatten() {
        assert!(
            !s.to_lowercase().contains("database"),
            "prose entry {s:?} mentions database"
        );
    }
    for (pool, db_ok) in pools {
        for s in pool {
            let lower = s.to_lowercase();
            for w in BLAME_WORDS {
                assert!(
                    !lower.contains(w),
                    "pool entry {s:?} contains the blame phrase {w:?}"
                );
            }
            assert!(
                db_ok || !lower.contains("database"),
                "pool entry {s:?} mentions database"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One document.

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Draft,
    InReview,
    Published,
}

struct Remediation {
    title: String,
    owner: &'static str,
    ticket: Option<String>,
    due: Option<String>,
    status: &'static str,
    done_on: Option<String>,
    why: &'static str,
}

struct Doc {
    rng: Rng,
    /// Addresses of the templates used so far, to avoid repeating sentences.
    used: HashSet<usize>,
    db: bool,
    services: Vec<&'static str>,
    people: Vec<&'static str>,
    channels: Vec<String>,
    component: &'static str,
    db_component: &'static str,
    event: &'static str,
    db_event: &'static str,
    region: &'static str,
    severity: &'static str,
    started: Minute,
    detected: Minute,
    resolved: Minute,
    ticket_prefix: &'static str,
}

impl Doc {
    /// Substitutes `{placeholders}` in `template` and appends the result to `out`.
    fn fill_into(&mut self, template: &str, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            let key = &after[..close];
            rest = &after[close + 1..];
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                // Not a placeholder: keep it verbatim.
                out.push('{');
                out.push_str(key);
                out.push('}');
                continue;
            }
            let capitalize = key.as_bytes()[0].is_ascii_uppercase();
            let value = self.value(&key.to_ascii_lowercase());
            if capitalize {
                let mut chars = value.chars();
                if let Some(c) = chars.next() {
                    out.extend(c.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push_str(&value);
            }
        }
        out.push_str(rest);
    }

    fn fill(&mut self, template: &str) -> String {
        let mut s = String::with_capacity(template.len() + 32);
        self.fill_into(template, &mut s);
        s
    }

    fn component(&mut self) -> &'static str {
        if self.db && self.rng.chance(0.3) {
            self.db_component
        } else if self.rng.chance(0.6) {
            self.component
        } else {
            self.rng.pick(COMPONENTS)
        }
    }

    fn value(&mut self, key: &str) -> String {
        let r = &mut self.rng;
        match key {
            "svc0" => self.services[0].to_string(),
            "svc" => {
                if self.services.len() > 1 && r.chance(0.6) {
                    self.services[1 + r.below(self.services.len() - 1)].to_string()
                } else {
                    let mut s = r.pick(SERVICES);
                    while s == self.services[0] {
                        s = r.pick(SERVICES);
                    }
                    s.to_string()
                }
            }
            "comp" => self.component().to_string(),
            "dbcomp" => self.db_component.to_string(),
            "event" => {
                if r.chance(0.7) {
                    self.event.to_string()
                } else {
                    r.pick(EVENTS).to_string()
                }
            }
            "event_cap" => {
                let e = self.event;
                let mut c = e.chars();
                let first = c.next().map(|c| c.to_ascii_uppercase()).unwrap_or('A');
                format!("{first}{}", c.as_str())
            }
            "dbevent" => self.db_event.to_string(),
            "person" => self.people[r.below(self.people.len())].to_string(),
            "team" => r.pick(TEAMS).to_string(),
            "region" => {
                if r.chance(0.7) {
                    self.region.to_string()
                } else {
                    r.pick(REGIONS).to_string()
                }
            }
            "metric" => r.pick(METRICS).to_string(),
            "metricslug" => r
                .pick(&["5xx", "latency", "saturation", "errors"])
                .to_string(),
            "cust" => r.pick(CUSTOMERS).to_string(),
            "flag" => r.pick(FLAGS).to_string(),
            "symptom" => r.pick(SYMPTOMS).to_string(),
            "channel" => self.channels[r.below(self.channels.len())].clone(),
            "sev" => self.severity.to_string(),
            "errmsg" => r.pick(ERRMSGS).to_string(),
            "n" => r.range(2, 12).to_string(),
            "n2" => r.range(12, 60).to_string(),
            "n3" => r.range(20, 480).to_string(),
            "n4" => r.range(500, 2000).to_string(),
            "pct" => r.range(2, 60).to_string(),
            "min" => r.range(2, 45).to_string(),
            "big" => thousands(r.range(300, 95_000)),
            "year" => (date_of(self.started)[..4].parse::<i64>().unwrap_or(2020) - r.range(2, 5))
                .to_string(),
            "ordinal" => r.pick(ORDINALS).to_string(),
            "ver" => format!("v{}.{}.{}", r.range(1, 9), r.range(0, 40), r.range(0, 20)),
            "ticket" => format!("{}-{}", self.ticket_prefix, r.range(100, 9999)),
            "host" => {
                let svc = self.services[0];
                format!("{svc}-{:05x}", r.next_u64() & 0xF_FFFF)
            }
            "date" => date_of(self.started),
            "dur" => duration_words(self.resolved - self.started),
            "ttd" => duration_words(self.detected - self.started),
            "resolved" => hhmm(self.resolved),
            "mitigation" | "mitigation_cap" => {
                let m = r.pick(MITIGATIONS);
                let s = self.fill(m);
                if key == "mitigation_cap" {
                    let mut c = s.chars();
                    let first = c.next().map(|c| c.to_ascii_uppercase()).unwrap_or('A');
                    format!("{first}{}", c.as_str())
                } else {
                    s
                }
            }
            other => panic!("unknown placeholder {{{other}}}"),
        }
    }

    /// A template from `pool`, preferring ones this document has not used yet.
    fn fresh(&mut self, pool: &[&'static str]) -> &'static str {
        let mut t = self.rng.pick(pool);
        for _ in 0..6 {
            if !self.used.contains(&(t.as_ptr() as usize)) {
                break;
            }
            t = self.rng.pick(pool);
        }
        self.used.insert(t.as_ptr() as usize);
        t
    }

    /// A sentence from `pool`, or with probability `db_p` from `db_pool` when this document
    /// is one that mentions the database.
    fn sentence(&mut self, pool: &[&'static str], db_pool: &[&'static str], db_p: f64) -> String {
        let t = if self.db && !db_pool.is_empty() && self.rng.chance(db_p) {
            self.fresh(db_pool)
        } else {
            self.fresh(pool)
        };
        self.fill(t)
    }

    fn paragraph(
        &mut self,
        pool: &[&'static str],
        db_pool: &[&'static str],
        sentences: usize,
    ) -> String {
        let mut p = String::new();
        for i in 0..sentences {
            if i > 0 {
                p.push(' ');
            }
            let s = if i > 0 && self.rng.chance(0.2) {
                self.sentence(GENERIC, db_pool, 0.15)
            } else {
                self.sentence(pool, db_pool, 0.08)
            };
            p.push_str(&s);
        }
        p
    }
}

/// Appends `text` wrapped at `width` columns: the first line starts with `first`, the
/// following ones with `rest`. Never starts a line with a word markdown could read as a
/// list marker or heading.
fn wrap_into(out: &mut String, text: &str, width: usize, first: &str, rest: &str) {
    out.push_str(first);
    let mut col = first.chars().count();
    let mut line_start = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let wlen = word.chars().count();
        let risky = word.starts_with(['-', '+', '*', '#', '>', '='])
            || word.starts_with(|c: char| c.is_ascii_digit())
                && (word.ends_with('.') || word.ends_with(')'));
        if !line_start && col + 1 + wlen > width && !risky {
            out.push('\n');
            out.push_str(rest);
            col = rest.chars().count();
            line_start = true;
        }
        if !line_start {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += wlen;
        line_start = false;
    }
    out.push('\n');
}

const WIDTH: usize = 92;

/// YAML scalar: plain when safe, double-quoted otherwise. `flow` is for items of `[a, b]`.
fn yaml_str(s: &str, flow: bool) -> String {
    let first_ok = s.starts_with(|c: char| c.is_alphanumeric());
    let special = s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.contains(['"', '\\', '`', '\''])
        || (flow && s.contains([',', '[', ']', '{', '}']));
    let lower = s.to_ascii_lowercase();
    let keyword = matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
    ) || s.parse::<f64>().is_ok();
    if first_ok && !special && !keyword && !s.ends_with(' ') {
        s.to_string()
    } else {
        let mut q = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                c => q.push(c),
            }
        }
        q.push('"');
        q
    }
}

fn flow_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| yaml_str(s, true)).collect();
    format!("[{}]", parts.join(", "))
}

fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    // Keep whole words, at most about 40 characters, and no dangling small word at the end.
    let mut words: Vec<&str> = Vec::new();
    let mut len = 0;
    for word in slug.split('-') {
        if !words.is_empty() && len + 1 + word.len() > 40 {
            break;
        }
        len += word.len() + usize::from(!words.is_empty());
        words.push(word);
    }
    const SMALL: &[&str] = &[
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "by",
        "after",
        "during",
        "while",
        "was",
        "from",
        "following",
        "caused",
    ];
    while words.len() > 2 && words.last().is_some_and(|w| SMALL.contains(w)) {
        words.pop();
    }
    words.join("-")
}

/// Generates document `index`: returns its file name, its content and how many language
/// findings it was given (`--prose` only; 0 otherwise).
fn generate(seed: u64, index: u64, prose: bool) -> (String, String, usize) {
    let mut rng = Rng::new(seed, index);

    // Target size: 3 to ~19.5 KB, mean about 8 KB.
    let target = 3000 + (16_000.0 * rng.unit().powf(3.0)) as usize;

    let db = rng.chance(0.3);
    let status = match rng.weighted(&[12, 16, 72]) {
        0 => Status::Draft,
        1 => Status::InReview,
        _ => Status::Published,
    };
    let severity = ["SEV1", "SEV2", "SEV3", "SEV4"][rng.weighted(&[10, 30, 40, 20])];

    // Times: started between 2016-01-01 and 2026-10-31, minute resolution.
    let first_day = days_from_civil(2016, 1, 1);
    let last_day = days_from_civil(2026, 10, 31);
    let day = rng.range(first_day, last_day);
    let started: Minute = day * 1440 + rng.range(0, 1439);
    let to_detect = if rng.chance(0.08) {
        0
    } else {
        rng.range(1, 4) * rng.range(1, 30)
    };
    let detected = started + to_detect;
    let to_resolve = rng.range(5, 40) * rng.range(1, 12);
    let resolved = detected + to_resolve;
    let notified = match severity {
        "SEV1" | "SEV2" if rng.chance(0.85) => Some(detected + rng.range(3, 10 + to_resolve / 2)),
        "SEV3" if rng.chance(0.3) => Some(detected + rng.range(5, 10 + to_resolve)),
        _ => None,
    };
    let meeting = if status == Status::Draft && rng.chance(0.4) {
        None
    } else {
        let meet_day = resolved.div_euclid(1440) + rng.range(1, 10);
        Some(meet_day * 1440 + rng.range(9, 16) * 60 + [0, 30][rng.below(2)])
    };

    let primary_pool: &[&str] = if db && rng.chance(0.25) {
        DB_SERVICES
    } else {
        SERVICES
    };
    let mut services = vec![rng.pick(primary_pool)];
    let n_more = rng.range(0, 3) as usize;
    for s in rng.pick_distinct(SERVICES, n_more) {
        if !services.contains(&s) {
            services.push(s);
        }
    }
    let n_people = rng.range(4, 8) as usize;
    let people = rng.pick_distinct(PEOPLE, n_people);
    let mut channels = vec![];
    if rng.chance(0.7) {
        channels.push("#ops".to_string());
    }
    if rng.chance(0.6) {
        channels.push(format!("#incident-{}", rng.range(100, 9999)));
    }
    if channels.is_empty() || rng.chance(0.4) {
        channels.push(format!("#{}", services[0]));
    }
    if rng.chance(0.25) {
        channels.push("#support-escalations".to_string());
    }
    let ticket_prefix = rng.pick(TICKET_PREFIXES);

    let mut doc = Doc {
        db,
        services,
        people,
        channels,
        component: rng.pick(COMPONENTS),
        db_component: rng.pick(DB_COMPONENTS),
        event: rng.pick(EVENTS),
        db_event: rng.pick(DB_EVENTS),
        region: rng.pick(REGIONS),
        severity,
        started,
        detected,
        resolved,
        ticket_prefix,
        rng,
        used: HashSet::new(),
    };

    // The language findings this document carries (`--prose`), placed as it is written.
    let mut plant = if prose {
        prose::plan(&mut doc)
    } else {
        Vec::new()
    };
    let planned = plant.len();

    // Title and id.
    let title_t = if db && doc.rng.chance(0.4) {
        doc.rng.pick(DB_TITLES)
    } else {
        doc.rng.pick(TITLES)
    };
    let title = doc.fill(title_t);
    let id = format!("{}-{}-{}", date_of(started), slugify(&title), index + 1);

    // Front matter lists.
    let n_authors = doc.rng.range(1, 3) as usize;
    let authors: Vec<String> = doc.people[..n_authors]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let facilitator = doc.people[n_authors];
    let n_tags = doc.rng.range(1, 4) as usize;
    let mut tags: Vec<String> = doc
        .rng
        .pick_distinct(TAGS, n_tags)
        .iter()
        .map(|s| s.to_string())
        .collect();
    if db && doc.rng.chance(0.6) {
        tags.insert(0, "database".to_string());
    }

    // Remediation items.
    // A postmortem in review or published has at least one item (`pm check` requires it).
    let n_items = doc.rng.weighted(&[10, 25, 30, 20, 15]);
    let n_items = if status == Status::Draft {
        n_items
    } else {
        n_items.max(1)
    };
    let base = meeting.unwrap_or(resolved).div_euclid(1440);
    let mut items = Vec::new();
    for _ in 0..n_items {
        let t = if db && doc.rng.chance(0.2) {
            doc.rng.pick(DB_REMEDIATION_TITLES)
        } else {
            doc.rng.pick(REMEDIATION_TITLES)
        };
        let title = doc.fill(t);
        let owner = doc.people[doc.rng.below(doc.people.len())];
        let ticket = doc.rng.chance(0.85).then(|| doc.value("ticket"));
        // Within remediation.max_days (90) of the start, which is at most ~11 days earlier.
        let due_day = base + doc.rng.range(7, 75);
        let due = doc.rng.chance(0.8).then(|| date_of(due_day * 1440));
        let status = match status {
            Status::Draft => ["open", "open", "open", "done"][doc.rng.below(4)],
            _ => ["open", "done", "done", "wontfix"][doc.rng.weighted(&[40, 30, 15, 15])],
        };
        let done_on = (status == "done").then(|| date_of((base + doc.rng.range(0, 100)) * 1440));
        let why = if status == "wontfix" {
            doc.rng.pick(WONTFIX_WHY)
        } else {
            doc.rng.pick(REMEDIATION_WHY)
        };
        items.push(Remediation {
            title,
            owner,
            ticket,
            due,
            status,
            done_on,
            why,
        });
    }

    let mut links = Vec::new();
    for _ in 0..doc.rng.weighted(&[25, 35, 25, 15]) {
        let svc = doc.services[doc.rng.below(doc.services.len())];
        let link = match doc.rng.below(4) {
            0 => (
                format!("{svc} error rate (Grafana)"),
                format!(
                    "https://grafana.example.com/d/{svc}-overview?from={}&to={}",
                    rfc3339(started - 30),
                    rfc3339(resolved + 30)
                ),
            ),
            1 => (
                "Status page entry".to_string(),
                format!("https://status.example.com/incidents/{id}"),
            ),
            2 => (
                format!("{svc} logs for the incident window"),
                format!("https://logs.example.com/saved/{svc}-{}", date_of(started)),
            ),
            _ => (
                "Incident notes document".to_string(),
                format!("https://docs.example.com/incidents/{id}/notes"),
            ),
        };
        if !links.contains(&link) {
            links.push(link);
        }
    }

    // ---- Front matter.
    let mut out = String::with_capacity(target + 2048);
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_str(&title, false));
    let _ = writeln!(
        out,
        "status: {}",
        match status {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Published => "published",
        }
    );
    let _ = writeln!(out, "severity: {severity}");
    let _ = writeln!(out, "started_at: {}", rfc3339(started));
    let _ = writeln!(out, "detected_at: {}", rfc3339(detected));
    if let Some(t) = notified {
        let _ = writeln!(out, "customers_notified_at: {}", rfc3339(t));
    }
    let _ = writeln!(out, "resolved_at: {}", rfc3339(resolved));
    if let Some(t) = meeting {
        let _ = writeln!(out, "meeting_at: {}", rfc3339(t));
    }
    let services: Vec<String> = doc.services.iter().map(|s| s.to_string()).collect();
    let _ = writeln!(out, "services: {}", flow_list(&services));
    let _ = writeln!(out, "tags: {}", flow_list(&tags));
    let _ = writeln!(out, "authors: {}", flow_list(&authors));
    if status != Status::Draft || doc.rng.chance(0.5) {
        let _ = writeln!(out, "facilitator: {}", yaml_str(facilitator, false));
    }
    let _ = writeln!(out, "channels: {}", flow_list(&doc.channels));
    if !links.is_empty() {
        out.push_str("links:\n");
        for (t, u) in &links {
            let _ = writeln!(
                out,
                "  - title: {}\n    url: {}",
                yaml_str(t, false),
                yaml_str(u, false)
            );
        }
    }
    if !items.is_empty() {
        out.push_str("remediation:\n");
        for it in &items {
            let _ = writeln!(out, "  - title: {}", yaml_str(&it.title, false));
            let _ = writeln!(out, "    owner: {}", yaml_str(it.owner, false));
            if let Some(t) = &it.ticket {
                let _ = writeln!(out, "    ticket: {t}");
            }
            if let Some(d) = &it.due {
                let _ = writeln!(out, "    due: {d}");
            }
            if it.status != "open" || doc.rng.chance(0.3) {
                let _ = writeln!(out, "    status: {}", it.status);
            }
            if let Some(d) = &it.done_on {
                let _ = writeln!(out, "    done_on: {d}");
            }
        }
    }
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {title}\n");

    // ---- Summary.
    out.push_str("## Summary\n\n");
    let mut summary = String::new();
    let open = doc.sentence(SUMMARY_OPEN, &[], 0.0);
    summary.push_str(&open);
    summary.push(' ');
    // A document that mentions the database always does so in its summary.
    let mid = if db {
        doc.sentence(DB_SUMMARY_MID, &[], 0.0)
    } else {
        doc.sentence(SUMMARY_MID, &[], 0.0)
    };
    summary.push_str(&mid);
    if doc.rng.chance(0.8) {
        summary.push(' ');
        let close = doc.sentence(SUMMARY_CLOSE, &[], 0.0);
        summary.push_str(&close);
    }
    if prose {
        // One long line, with trigger words in neutral use and perhaps a finding.
        let extra = prose::paragraph(&mut doc, &[], &[], 0, &mut plant);
        summary.push_str(&extra);
        prose::write_paragraph(&mut doc, &mut out, &summary);
    } else {
        wrap_into(&mut out, &summary, WIDTH, "", "");
    }

    // ---- Impact.
    out.push_str("\n## Impact\n\n");
    let n_impact = doc.rng.range(2, 6) as usize;
    let as_list = doc.rng.chance(0.6);
    if prose && doc.rng.chance(0.4) {
        prose::impact_table(&mut doc, &mut out, &duration_words(resolved - started));
    } else if as_list {
        let head = format!(
            "{} to {} UTC ({}): {}",
            hhmm(started),
            hhmm(resolved),
            duration_words(resolved - started),
            lower_first(&doc.sentence(IMPACT_LINES, DB_IMPACT_LINES, 0.2))
        );
        wrap_into(&mut out, &head, WIDTH, "- ", "  ");
        for _ in 1..n_impact {
            let line = doc.sentence(IMPACT_LINES, DB_IMPACT_LINES, 0.2);
            wrap_into(&mut out, &line, WIDTH, "- ", "  ");
        }
    } else {
        let mut p = format!("Between {} and {} UTC, ", hhmm(started), hhmm(resolved));
        p.push_str(&lower_first(&doc.sentence(
            IMPACT_LINES,
            DB_IMPACT_LINES,
            0.2,
        )));
        for _ in 1..n_impact {
            p.push(' ');
            let s = doc.sentence(IMPACT_LINES, DB_IMPACT_LINES, 0.2);
            p.push_str(&s);
        }
        wrap_into(&mut out, &p, WIDTH, "", "");
    }

    // ---- Remediation items section (built now, appended last, so its size is known).
    let mut remediation = String::from("\n## Remediation items\n\n");
    if items.is_empty() {
        let s = doc.fill("No new remediation items: the open work in {ticket} already covers the gaps this incident showed.");
        wrap_into(&mut remediation, &s, WIDTH, "", "");
        if prose {
            remediation.push('\n');
            prose::remediation_prose(&mut doc, &mut remediation, &mut plant);
        }
    } else {
        if let Some(m) = meeting {
            let s = format!(
                "The items below were agreed in the postmortem meeting on {}.",
                date_of(m)
            );
            wrap_into(&mut remediation, &s, WIDTH, "", "");
            remediation.push('\n');
        }
        let table = prose && doc.rng.chance(0.3);
        if prose {
            prose::remediation_prose(&mut doc, &mut remediation, &mut plant);
        }
        if table {
            remediation.push_str("| Item | Owner | State | Why |\n|---|---|---|---|\n");
        }
        for it in &items {
            let reference = it.ticket.clone().unwrap_or_else(|| it.title.clone());
            let state = match (it.status, &it.done_on) {
                ("done", Some(d)) => format!("done on {d}"),
                ("done", None) => "done".to_string(),
                ("wontfix", _) => "won't fix".to_string(),
                _ => match &it.due {
                    Some(d) => format!("open, due {d}"),
                    None => "open".to_string(),
                },
            };
            if table {
                let _ = writeln!(
                    remediation,
                    "| {reference} | {} | {state} | {} |",
                    it.owner, it.why
                );
                continue;
            }
            let s = format!("{reference} ({state}, {}): {}.", it.owner, it.why);
            wrap_into(&mut remediation, &s, WIDTH, "- ", "  ");
        }
    }

    // ---- Timeline. About half of the remaining budget.
    let fixed = out.len() + remediation.len() + 1200;
    let budget = target.saturating_sub(fixed);
    let n_entries = (budget * 11 / 20 / 105).max(6);
    let mut timeline = String::from("\n## Timeline\n\n");
    let intro = format!(
        "All times UTC (the repository time zone). Chat excerpts are from {} unless noted.",
        doc.channels[0]
    );
    wrap_into(&mut timeline, &intro, WIDTH, "", "");
    timeline.push('\n');

    // Phases: trigger, symptoms, detection, investigation, mitigation, recovery, after.
    let n_pre = if to_detect == 0 {
        0
    } else {
        ((n_entries / 8) as i64).clamp(1, 3) as usize
    };
    let n_after = doc.rng.range(1, 3) as usize;
    let n_mid = n_entries.saturating_sub(n_pre + n_after + 3).max(2);
    let mut events: Vec<(Minute, &str)> = Vec::new();
    let trigger_at = started
        - if doc.rng.chance(0.5) {
            doc.rng.range(0, 15)
        } else {
            0
        };
    events.push((trigger_at, "trigger"));
    let mut pre: Vec<Minute> = (0..n_pre)
        .map(|_| started + doc.rng.range(0, to_detect))
        .collect();
    pre.sort_unstable();
    events.extend(pre.into_iter().map(|t| (t, "symptom")));
    events.push((detected, "detect"));
    let mut mid: Vec<Minute> = (0..n_mid)
        .map(|_| detected + doc.rng.range(0, to_resolve))
        .collect();
    mid.sort_unstable();
    let mitigate_from = n_mid * 2 / 3;
    events.extend(mid.into_iter().enumerate().map(|(i, t)| {
        (
            t,
            if i == 0 {
                "ack"
            } else if i < mitigate_from {
                "investigate"
            } else {
                "mitigate"
            },
        )
    }));
    events.push((resolved, "recover"));
    let mut after: Vec<Minute> = (0..n_after)
        .map(|_| resolved + doc.rng.range(5, 90))
        .collect();
    after.sort_unstable();
    events.extend(after.into_iter().map(|t| (t, "after")));

    let code_at = if doc.rng.chance(0.3) {
        Some(1 + doc.rng.below(events.len() - 1))
    } else {
        None
    };
    let mut day = trigger_at.div_euclid(1440);
    let multi_day = events.last().map(|e| e.0.div_euclid(1440)) != Some(day);
    // `--prose`: a table in most documents (its cells are not read by the language rules).
    let tl_table = prose && doc.rng.chance(0.6);
    if tl_table {
        timeline.push_str("| Time (UTC) | Event |\n|---|---|\n");
    } else if multi_day {
        let _ = writeln!(timeline, "**{}**\n", date_of(trigger_at));
    }
    for (i, &(t, phase)) in events.iter().enumerate() {
        if t.div_euclid(1440) != day && !tl_table {
            day = t.div_euclid(1440);
            let _ = writeln!(timeline, "\n**{}**\n", date_of(t));
        }
        let text = match phase {
            "trigger" => doc.sentence(TL_TRIGGER, DB_TL_TRIGGER, 0.5),
            "symptom" => doc.sentence(TL_SYMPTOM, &[], 0.0),
            "detect" => doc.sentence(TL_DETECT, &[], 0.0),
            "ack" => doc.fill("{person} acknowledges the page and opens an incident in {channel}."),
            "investigate" if doc.rng.chance(0.35) => {
                let who = doc.value("person");
                let msg = doc.sentence(TL_CHAT, &[], 0.0);
                format!("{who}: \"{msg}\"")
            }
            "investigate" => doc.sentence(TL_INVESTIGATE, DB_TL_INVESTIGATE, 0.15),
            "mitigate" if doc.rng.chance(0.5) => {
                doc.sentence(TL_INVESTIGATE, DB_TL_INVESTIGATE, 0.1)
            }
            "mitigate" => doc.sentence(TL_MITIGATE, &[], 0.0),
            "recover" => doc.sentence(TL_RECOVER, &[], 0.0),
            _ => doc.sentence(TL_AFTER, &[], 0.0),
        };
        if tl_table {
            let when = if multi_day {
                format!("{} {}", date_of(t), hhmm(t))
            } else {
                hhmm(t)
            };
            prose::timeline_row(&mut doc, &mut timeline, &when, &text);
            continue;
        }
        // `--prose`: the authors' account in a list item is prose, and may carry a finding.
        let text = if prose && !text.ends_with('"') && doc.rng.chance(0.15) {
            let extra = prose::paragraph(&mut doc, &[], &[], 0, &mut plant);
            format!("{text}{extra}")
        } else {
            text
        };
        wrap_into(
            &mut timeline,
            &format!("{} UTC — {text}", hhmm(t)),
            WIDTH,
            "- ",
            "  ",
        );
        if code_at == Some(i) {
            timeline.push('\n');
            if doc.rng.chance(0.5) {
                timeline.push_str("```text\n");
                let mut ts = t * 60 - doc.rng.range(60, 600);
                for _ in 0..doc.rng.range(3, 9) {
                    ts += doc.rng.range(0, 40);
                    let secs = ts.rem_euclid(60);
                    let stamp = rfc3339(ts.div_euclid(60)).replace(":00Z", &format!(":{secs:02}Z"));
                    let level = doc.rng.pick(LOG_LEVELS);
                    let host = doc.value("host");
                    let msg = doc.rng.pick(ERRMSGS);
                    let _ = writeln!(timeline, "{stamp} {level} {host} {msg}");
                }
            } else {
                timeline.push_str("```console\n");
                for _ in 0..doc.rng.range(1, 3) {
                    let c = doc.rng.pick(COMMANDS);
                    let cmd = doc.fill(c);
                    let _ = writeln!(timeline, "$ {cmd}");
                    let msg = doc.rng.pick(ERRMSGS);
                    let _ = writeln!(timeline, "{msg}");
                }
            }
            timeline.push_str("```\n\n");
        }
    }

    // ---- Discussion: fill up to the target size.
    let mut chosen: Vec<usize> = vec![0, 1];
    for q in 2..QUESTIONS.len() {
        let p = if q < 6 { 0.75 } else { 0.3 };
        if doc.rng.chance(p) {
            chosen.push(q);
        }
    }
    let mut intro = String::new();
    if doc.rng.chance(0.6) {
        let t = doc.rng.pick(FACTOR_INTRO);
        let head = doc.fill(t);
        wrap_into(&mut intro, &head, WIDTH, "", "");
        intro.push('\n');
        let k = doc.rng.range(2, 5) as usize;
        let picks: Vec<&str> = doc.rng.pick_distinct(FACTORS, k);
        for (j, f) in picks.iter().enumerate() {
            let mut s = doc.fill(f);
            if j + 1 == k {
                s.pop();
                s.push('.');
            }
            wrap_into(&mut intro, &s, WIDTH, "- ", "  ");
        }
        intro.push('\n');
    }
    let mut answers: Vec<Vec<String>> = Vec::new();
    let mut size = out.len() + timeline.len() + remediation.len() + intro.len() + 20;
    let db_pool: &[&str] = if db { DB_DISCUSSION } else { &[] };
    let mut answer = |doc: &mut Doc, q: usize, n: usize| {
        if prose {
            prose::paragraph(doc, QUESTIONS[q].1, db_pool, n, &mut plant)
        } else {
            doc.paragraph(QUESTIONS[q].1, db_pool, n)
        }
    };
    for &q in &chosen {
        let n = doc.rng.range(2, 4) as usize;
        let p = answer(&mut doc, q, n);
        size += QUESTIONS[q].0.len() + p.len() + 10;
        answers.push(vec![p]);
    }
    while size < target {
        let a = doc.rng.below(chosen.len());
        let n = doc.rng.range(2, 5) as usize;
        let p = answer(&mut doc, chosen[a], n);
        size += p.len() + 3;
        answers[a].push(p);
    }
    // Findings not placed yet close the last answer.
    for rule in std::mem::take(&mut plant) {
        let s = prose::finding(&mut doc, rule);
        if let Some(p) = answers.last_mut().and_then(|a| a.last_mut()) {
            p.push(' ');
            p.push_str(&s);
        }
    }

    out.push_str(timeline.trim_end());
    out.push_str("\n\n## Discussion\n\n");
    out.push_str(&intro);
    for (k, &q) in chosen.iter().enumerate() {
        let _ = writeln!(out, "### {}\n", QUESTIONS[q].0);
        for p in &answers[k] {
            if prose {
                prose::write_paragraph(&mut doc, &mut out, p);
                prose::aside(&mut doc, &mut out);
            } else {
                wrap_into(&mut out, p, WIDTH, "", "");
            }
            out.push('\n');
        }
    }
    out.pop();
    out.push_str(&remediation);

    debug_assert_eq!(db, out.to_ascii_lowercase().contains("database"));
    (format!("{id}.md"), out, planned)
}

// ---------------------------------------------------------------------------------------------

struct Args {
    count: u64,
    out: PathBuf,
    seed: u64,
    force: bool,
    prose: bool,
}

const USAGE: &str = "usage: gen-corpus --count N --out DIR [--seed S] [--force]\n\
    \n  --count N   number of postmortems to write\
    \n  --out DIR   output repository: DIR/pm.yaml and DIR/postmortems/*.md\
    \n  --seed S    PRNG seed (default 42); same seed and count give identical output\
    \n  --force     replace an existing, non-empty DIR/postmortems\
    \n  --prose     realistic prose: language findings in most documents, trigger words in\
    \n              neutral use, long lines, tables, quotes (prints the findings planted)";

fn parse_args() -> Result<Args, String> {
    let mut count = None;
    let mut out = None;
    let mut seed = 42;
    let mut force = false;
    let mut prose = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{what} needs a value"))
        };
        match name.as_str() {
            "--count" | "-n" => {
                count = Some(
                    value("--count")?
                        .parse::<u64>()
                        .map_err(|e| format!("--count: {e}"))?,
                )
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                seed = value("--seed")?
                    .parse::<u64>()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--force" => force = true,
            "--prose" => prose = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        count: count.ok_or("--count is required")?,
        out: out.ok_or("--out is required")?,
        seed,
        force,
        prose,
    })
}

/// What was written: files, bytes, language findings planted, documents with any.
#[derive(Default)]
struct Written {
    files: u64,
    bytes: u64,
    findings: u64,
    with_findings: u64,
}

fn run(args: &Args) -> Result<Written, String> {
    check_pools();
    let dir = args.out.join("postmortems");
    let err = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    if dir.exists() {
        let non_empty = std::fs::read_dir(&dir)
            .map_err(|e| err(&dir, e))?
            .next()
            .is_some();
        if non_empty {
            if !args.force {
                return Err(format!(
                    "{} is not empty; pass --force to replace it",
                    dir.display()
                ));
            }
            std::fs::remove_dir_all(&dir).map_err(|e| err(&dir, e))?;
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| err(&dir, e))?;
    let config = args.out.join("pm.yaml");
    let yaml = if args.prose {
        "timezone: UTC\nlint:\n  allow: [\"root cause analysis\"]\n"
    } else {
        "timezone: UTC\n"
    };
    std::fs::write(&config, yaml).map_err(|e| err(&config, e))?;

    let threads = std::thread::available_parallelism()
        .map_or(4, |n| n.get())
        .min(16) as u64;
    let results: Vec<Result<Written, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let dir = &dir;
                scope.spawn(move || {
                    let mut w = Written::default();
                    let mut i = t;
                    while i < args.count {
                        let (name, text, findings) = generate(args.seed, i, args.prose);
                        let path = dir.join(&name);
                        std::fs::write(&path, &text).map_err(|e| err(&path, e))?;
                        w.files += 1;
                        w.bytes += text.len() as u64;
                        w.findings += findings as u64;
                        w.with_findings += u64::from(findings > 0);
                        i += threads;
                    }
                    Ok(w)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("worker panicked".into())))
            .collect()
    });
    let mut all = Written::default();
    for r in results {
        let w = r?;
        all.files += w.files;
        all.bytes += w.bytes;
        all.findings += w.findings;
        all.with_findings += w.with_findings;
    }
    Ok(all)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen-corpus: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let start = Instant::now();
    match run(&args) {
        Ok(Written {
            files,
            bytes,
            findings,
            with_findings,
        }) => {
            println!(
                "wrote {files} files, {bytes} bytes ({:.1} MB, {:.1} KB per file on average) to {} in {:.2?}",
                bytes as f64 / 1e6,
                if files == 0 {
                    0.0
                } else {
                    bytes as f64 / files as f64 / 1024.0
                },
                args.out.join("postmortems").display(),
                start.elapsed()
            );
            if args.prose {
                println!(
                    "planted {findings} language findings in {with_findings} of {files} documents"
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
