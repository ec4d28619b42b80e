//! The redaction corpus (issue 11): secrets of the kinds teams paste during incidents, built
//! here from a prefix and a pseudo-random body with a fixed seed (so the repository holds no
//! string that looks like a live key), and look-alikes kept as a plain fixture
//! (`tests/fixtures/redaction/lookalikes.txt`: commit hashes, UUIDs, request and trace ids,
//! URLs without credentials, versions, digests, ops lines that mention a password or a
//! token without one). Gated at recall >= 0.95 and no look-alike changed, in the library
//! and through `pm import-logs`.

use std::collections::BTreeMap;

use pm::chatlog::redact::{Redactor, redact};

use crate::env::{TestEnv, VALID, fixture_path, output};

const DOC: &str = "postmortems/2026-03-14-checkout-503s.md";

/// One secret as pasted: the messages it takes (a private key pasted into IRC is one
/// message per line) and the parts of them that must not survive.
struct Sample {
    kind: &'static str,
    messages: Vec<String>,
    secrets: Vec<String>,
}

/// xorshift64: the same bodies every run.
struct Gen(u64);

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &str = "0123456789abcdef";
const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const BECH32: &str = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
const WORDS: &[&str] = &[
    "Falcon", "harbor", "Quartz", "maple", "Orbit", "tundra", "Cobalt", "willow", "Ember",
];
const SYMBOLS: &[&str] = &["!", "#", "%", "&", "@", "^", "*", "+", "?"];

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn body(&mut self, alphabet: &str, n: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..n)
            .map(|_| chars[(self.next() % chars.len() as u64) as usize])
            .collect()
    }

    /// A password as people choose them (`Cobalt47#x`) or as a manager makes them.
    fn password(&mut self) -> String {
        if self.next().is_multiple_of(2) {
            let digits = self.next() % 90 + 10;
            let word = self.pick(WORDS);
            let symbol = self.pick(SYMBOLS);
            format!("{word}{digits}{symbol}{}", self.body(LOWER_ALNUM, 2))
        } else {
            let mut p = self.body(ALNUM, 14);
            p.push_str(&self.body("0123456789", 2));
            p
        }
    }
}

/// The corpus's secrets: every kind in four phrasings.
fn samples() -> Vec<Sample> {
    let mut g = Gen(0x5EED_2026_0314_0912);
    let mut out = Vec::new();
    let mut add = |kind: &'static str,
                   make: &mut dyn FnMut(&mut Gen, usize) -> (String, String)| {
        for i in 0..4 {
            let (message, secret) = make(&mut g, i);
            out.push(Sample {
                kind,
                messages: vec![message],
                secrets: vec![secret],
            });
        }
    };
    // A token said four ways: alone, as an env var, in a config line, in a sentence.
    fn say(i: usize, var: &str, token: &str) -> String {
        match i {
            0 => format!("here it is: {token}"),
            1 => format!("export {var}={token}"),
            2 => format!("{var}: \"{token}\" in the staging values file"),
            _ => format!("I think {token} is the one that leaked, rotating it now"),
        }
    }
    let mut vendor = |kind: &'static str, var: &'static str, make: fn(&mut Gen) -> String| {
        add(kind, &mut |g, i| {
            let t = make(g);
            (say(i, var, &t), t)
        });
    };
    vendor("stripe-live", "STRIPE_KEY", |g| {
        format!("sk_live_{}", g.body(ALNUM, 24))
    });
    vendor("stripe-restricted", "STRIPE_RK", |g| {
        format!("rk_live_{}", g.body(ALNUM, 99))
    });
    vendor("stripe-test", "STRIPE_TEST", |g| {
        format!("sk_test_{}", g.body(ALNUM, 24))
    });
    vendor("google-api-key", "MAPS_KEY", |g| {
        format!("AIza{}", g.body(URLSAFE, 35))
    });
    vendor("npm", "NPM_TOKEN", |g| format!("npm_{}", g.body(ALNUM, 36)));
    vendor("openai-project", "OPENAI_API_KEY", |g| {
        format!(
            "sk-proj-{}T3BlbkFJ{}",
            g.body(URLSAFE, 74),
            g.body(URLSAFE, 74)
        )
    });
    vendor("openai-legacy", "OPENAI_KEY", |g| {
        format!("sk-{}", g.body(ALNUM, 48))
    });
    vendor("anthropic", "ANTHROPIC_API_KEY", |g| {
        format!("sk-ant-api03-{}AA", g.body(URLSAFE, 93))
    });
    vendor("vault-service", "VAULT_TOKEN", |g| {
        format!("hvs.{}", g.body(URLSAFE, 91))
    });
    vendor("vault-batch", "VAULT_BATCH", |g| {
        format!("hvb.{}", g.body(URLSAFE, 150))
    });
    vendor("shopify-access", "SHOPIFY_ACCESS", |g| {
        format!("shpat_{}", g.body(HEX, 32))
    });
    vendor("shopify-secret", "SHOPIFY_SHARED", |g| {
        format!("shpss_{}", g.body(HEX, 32))
    });
    vendor("pypi", "TWINE_PASSWORD", |g| {
        format!("pypi-AgEIcHlwaS5vcmc{}", g.body(URLSAFE, 120))
    });
    vendor("dockerhub", "DOCKERHUB_PAT", |g| {
        format!("dckr_pat_{}", g.body(URLSAFE, 27))
    });
    vendor("sendgrid", "SENDGRID_API_KEY", |g| {
        format!("SG.{}.{}", g.body(URLSAFE, 22), g.body(URLSAFE, 43))
    });
    vendor("twilio-api-key", "TWILIO_KEY_SID", |g| {
        format!("SK{}", g.body(HEX, 32))
    });
    vendor("twilio-account", "TWILIO_ACCOUNT_SID", |g| {
        format!("AC{}", g.body(HEX, 32))
    });
    vendor("telegram-bot", "TG_BOT", |g| {
        format!(
            "{}:AA{}",
            5_000_000_000 + g.next() % 999_999_999,
            g.body(URLSAFE, 33)
        )
    });
    vendor("discord-webhook", "DISCORD_HOOK", |g| {
        format!(
            "https://discord.com/api/webhooks/{}/{}",
            1_100_000_000_000_000_000 + g.next() % 99_999_999_999_999_999,
            g.body(URLSAFE, 68)
        )
    });
    vendor("slack-webhook", "SLACK_HOOK", |g| {
        format!(
            "https://hooks.slack.com/services/T{}/B{}/{}",
            g.body("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8),
            g.body("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10),
            g.body(ALNUM, 24)
        )
    });
    vendor("slack-bot", "SLACK_BOT_TOKEN", |g| {
        format!(
            "xoxb-{}-{}-{}",
            g.body("0123456789", 12),
            g.body("0123456789", 13),
            g.body(ALNUM, 24)
        )
    });
    vendor("slack-user", "SLACK_USER_TOKEN", |g| {
        format!(
            "xoxp-{}-{}-{}-{}",
            g.body("0123456789", 12),
            g.body("0123456789", 12),
            g.body("0123456789", 13),
            g.body(HEX, 32)
        )
    });
    vendor("github-classic", "GH_TOKEN", |g| {
        format!("ghp_{}", g.body(ALNUM, 36))
    });
    vendor("github-oauth", "GH_OAUTH", |g| {
        format!("gho_{}", g.body(ALNUM, 36))
    });
    vendor("github-fine-grained", "GITHUB_PAT", |g| {
        format!("github_pat_{}_{}", g.body(ALNUM, 22), g.body(ALNUM, 59))
    });
    vendor("gitlab", "GITLAB_TOKEN", |g| {
        format!("glpat-{}", g.body(URLSAFE, 20))
    });
    vendor("aws-access-key", "AWS_ACCESS_KEY_ID", |g| {
        format!("AKIA{}", g.body("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
    });
    vendor("age", "SOPS_AGE_KEY", |g| {
        format!("AGE-SECRET-KEY-1{}", g.body(BECH32, 58))
    });
    vendor("huggingface", "HF_TOKEN", |g| {
        format!(
            "hf_{}",
            g.body("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34)
        )
    });
    vendor("digitalocean", "DO_TOKEN", |g| {
        format!("dop_v1_{}", g.body(HEX, 64))
    });
    vendor("jwt", "ID_TOKEN", |g| {
        format!(
            "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{}.{}",
            g.body(URLSAFE, 60),
            g.body(URLSAFE, 43)
        )
    });
    vendor("google-oauth-secret", "GOOGLE_CLIENT_SECRET", |g| {
        format!("GOCSPX-{}", g.body(URLSAFE, 28))
    });

    // Kinds that are a value in a context.
    add("aws-secret-env", &mut |g, i| {
        let s = g.body(B64, 40);
        let line = match i {
            0 => format!("export AWS_SECRET_ACCESS_KEY={s}"),
            1 => format!("aws_secret_access_key = {s}"),
            2 => format!("\"SecretAccessKey\": \"{s}\","),
            _ => format!("secret access key is {s}"),
        };
        (line, s)
    });
    add("aws-configure", &mut |g, i| {
        let s = g.body(B64, 40);
        let profile = ["", " --profile prod", " --profile staging", " --profile ci"][i];
        (
            format!("aws configure set aws_secret_access_key {s}{profile}"),
            s,
        )
    });
    add("azure-account-key", &mut |g, i| {
        let s = format!("{}==", g.body(B64, 86));
        let account = ["acmeprod", "acmelogs", "acmebackup", "acmecdn"][i];
        (
            format!(
                "DefaultEndpointsProtocol=https;AccountName={account};AccountKey={s};EndpointSuffix=core.windows.net"
            ),
            s,
        )
    });
    add("azure-shared-access-key", &mut |g, i| {
        let s = format!("{}=", g.body(B64, 43));
        let ns = ["orders", "events", "billing", "audit"][i];
        (
            format!(
                "Endpoint=sb://acme-{ns}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={s}"
            ),
            s,
        )
    });
    add("azure-sas", &mut |g, i| {
        let s = format!("{}%3D", g.body(ALNUM, 43));
        let blob = ["dump.sql.gz", "app.tgz", "logs.zip", "cert.pfx"][i];
        (
            format!(
                "https://acme.blob.core.windows.net/ops/{blob}?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-03-15T00:00:00Z&sig={s}"
            ),
            s,
        )
    });
    add("authorization-basic", &mut |g, i| {
        let s = format!("{}=", g.body(B64, 27));
        let line = match i {
            0 => format!("curl -H 'Authorization: Basic {s}' https://es.internal:9200"),
            1 => format!("Authorization: Basic {s}"),
            2 => format!("-H \"authorization: basic {s}\""),
            _ => format!("the request had Authorization: Basic {s} in it"),
        };
        (line, s)
    });
    add("authorization-bearer", &mut |g, i| {
        let s = g.body(URLSAFE, 40 + i * 7);
        let line = match i {
            0 => format!("curl -H 'Authorization: Bearer {s}' https://api.acme.io/v1/orders"),
            1 => format!("Authorization: Bearer {s}"),
            2 => format!("bearer {s}"),
            _ => format!("\"headers\": {{\"Authorization\": \"Bearer {s}\"}}"),
        };
        (line, s)
    });
    add("api-key-header", &mut |g, i| {
        let s = g.body(ALNUM, 32);
        let header = ["X-Api-Key", "x-api-key", "X-Auth-Token", "PRIVATE-TOKEN"][i];
        (format!("curl -H '{header}: {s}' https://api.acme.io/v1"), s)
    });
    add("curl-user", &mut |g, i| {
        let p = g.password();
        let line = match i {
            0 => format!("curl -u elastic:{p} https://es.internal:9200/_cat/indices"),
            1 => format!("curl -s --user 'deploy:{p}' https://jenkins.acme.io/job/x/build"),
            2 => format!("curl --user admin:{p} -X POST https://grafana.acme.io/api/admin"),
            _ => format!("curl -k -u \"svc-ci:{p}\" https://nexus.acme.io/"),
        };
        (line, p)
    });
    add("mysql-p-glued", &mut |g, i| {
        let p = g.password();
        let db = ["orders", "billing", "users", "inventory"][i];
        (format!("mysql -h db-primary -u root -p{p} {db}"), p)
    });
    add("mysql-p-space", &mut |g, i| {
        let p = g.password();
        let tool = ["mysql", "mysqldump", "mariadb", "mysqladmin"][i];
        (format!("{tool} -u app -p {p} -h db-replica-2"), p)
    });
    add("sshpass", &mut |g, i| {
        let p = g.password();
        let line = match i {
            0 => format!("sshpass -p '{p}' ssh ops@bastion.acme.io"),
            1 => format!("sshpass -p {p} scp dump.sql ops@db:/tmp"),
            2 => format!("SSHPASS is not set so I ran sshpass -p \"{p}\" ssh root@10.0.3.14"),
            _ => format!("sshpass -p{p} rsync -a /var/log ops@logs:/srv"),
        };
        (line, p)
    });
    add("pgpassword", &mut |g, i| {
        let p = g.password();
        let line = match i {
            0 => format!("PGPASSWORD={p} psql -h db-primary -U app orders"),
            1 => format!("export PGPASSWORD='{p}'"),
            2 => format!("PGPASSWORD=\"{p}\" pg_dump -h db -U app orders > dump.sql"),
            _ => format!("env PGPASSWORD={p} ./migrate.sh"),
        };
        (line, p)
    });
    add("redis-cli", &mut |g, _| {
        let p = g.password();
        (
            format!("redis-cli -h cache-1 -p 6379 -a {p} info memory"),
            p,
        )
    });
    add("url-password", &mut |g, i| {
        let p = g
            .password()
            .replace(['@', '#', '?', '%', '&', '^', '+', '*'], "x");
        let line = match i {
            0 => format!("DATABASE_URL=postgres://app:{p}@db-primary:5432/orders"),
            1 => format!("mongodb+srv://ops:{p}@cluster0.acme.mongodb.net/test"),
            2 => format!("git clone https://deploy:{p}@git.acme.io/ops/infra.git"),
            _ => format!("amqp://checkout:{p}@rabbit.internal:5672/prod"),
        };
        (line, p)
    });
    add("url-empty-user", &mut |g, i| {
        let p = g
            .password()
            .replace(['@', '#', '?', '%', '&', '^', '+', '*'], "x");
        let host = ["cache-1", "cache-2", "sessions", "queue"][i];
        (format!("redis://:{p}@{host}.internal:6379/0"), p)
    });
    add("gcp-private-key-id", &mut |g, _| {
        let s = g.body(HEX, 40);
        (
            format!(
                "{{\"type\": \"service_account\", \"project_id\": \"acme-prod\", \"private_key_id\": \"{s}\","
            ),
            s,
        )
    });
    add("gcp-private-key", &mut |g, _| {
        let s = g.body(B64, 64);
        (
            format!(
                "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{s}\\n{}\\n-----END PRIVATE KEY-----\\n\",",
                g.body(B64, 40)
            ),
            s,
        )
    });
    add("hex-key", &mut |g, i| {
        let s = g.body(HEX, [40, 32, 40, 64][i]);
        let line = match i {
            0 => format!("the datadog api key is {s}"),
            1 => format!("mailgun key: {s}"),
            2 => format!("new license key {s}, old one revoked"),
            _ => format!("signing secret = {s}"),
        };
        (line, s)
    });
    add("prose-password", &mut |g, i| {
        let p = g.password();
        let line = match i {
            0 => format!("the root password is {p}, change it after"),
            1 => format!("password for the grafana admin is {p}"),
            2 => format!("the passphrase was {p} until this morning"),
            _ => format!("fyi the wifi password is now {p}"),
        };
        (line, p)
    });
    add("generic-assignment", &mut |g, i| {
        let p = g.password();
        let line = match i {
            0 => format!("password={p}"),
            1 => format!("DB_PASSWORD={p} ./run"),
            2 => format!("client_secret = \"{p}\""),
            _ => format!("GET /callback?code=1&access_token={p}&state=x"),
        };
        (line, p)
    });
    add("generic-colon", &mut |g, i| {
        let p = g.password();
        let line = match i {
            0 => format!("password: {p}"),
            1 => format!("  db_password: {p}"),
            2 => format!("\"api_key\": \"{p}\""),
            _ => format!("SECRET_KEY: {p}"),
        };
        (line, p)
    });
    add("cli-password", &mut |g, i| {
        let p = g.password();
        let line = match i {
            0 => format!("./deploy --password {p} --env prod"),
            1 => format!("psql-wrapper --db-password {p}"),
            2 => format!("java -jar admin.jar -password {p}"),
            _ => format!("rabbitmqctl add_user ops --password={p}"),
        };
        (line, p)
    });
    add("cli-token", &mut |g, i| {
        let t = g.body(ALNUM, 32);
        let line = match i {
            0 => format!("vault login --token {t}"),
            1 => format!("gh-release --api-key {t} v1.42.0"),
            2 => format!("./notify --auth-token {t}"),
            _ => format!("terraform-runner --secret {t} plan"),
        };
        (line, t)
    });

    add("sentry-dsn", &mut |g, i| {
        let s = g.body(HEX, 32);
        (
            format!(
                "SENTRY_DSN=https://{s}@o{}.ingest.sentry.io/{}",
                4000 + i,
                77 + i
            ),
            s,
        )
    });
    add("heroku-api-key", &mut |g, i| {
        let s = format!(
            "{}-{}-{}-{}-{}",
            g.body(HEX, 8),
            g.body(HEX, 4),
            g.body(HEX, 4),
            g.body(HEX, 4),
            g.body(HEX, 12)
        );
        let line = match i {
            0 => format!("HEROKU_API_KEY={s}"),
            1 => format!("heroku api key: {s}"),
            2 => format!("the heroku token is {s}"),
            _ => format!("heroku key {s} (the ops account)"),
        };
        (line, s)
    });
    add("password-after-a-word", &mut |g, i| {
        let s = format!("{}{}Q7", g.body(ALNUM, 12), ["!", "#", "_", "x"][i]);
        let line = match i {
            0 => format!("smtp password {s}"),
            1 => format!("admin pw {s} for the console"),
            2 => format!("the wifi passphrase `{s}`"),
            _ => format!("token {s} for the staging bot"),
        };
        (line, s)
    });
    // Private keys: as one message, pasted into IRC line by line, and cut short.
    let key_lines = |g: &mut Gen| -> Vec<String> {
        let mut lines: Vec<String> = (0..3).map(|_| g.body(B64, 64)).collect();
        lines.push(format!("{}==", g.body(B64, 18)));
        lines
    };
    let kinds = ["RSA ", "EC ", "OPENSSH ", ""];
    for (i, kind) in kinds.iter().enumerate() {
        let lines = key_lines(&mut g);
        out.push(Sample {
            kind: "pem-one-message",
            messages: vec![format!(
                "-----BEGIN {kind}PRIVATE KEY-----\n{}\n-----END {kind}PRIVATE KEY-----",
                lines.join("\n")
            )],
            secrets: lines.clone(),
        });
        let lines = key_lines(&mut g);
        let mut messages = vec![format!("-----BEGIN {kind}PRIVATE KEY-----")];
        messages.extend(lines.iter().cloned());
        messages.push(format!("-----END {kind}PRIVATE KEY-----"));
        out.push(Sample {
            kind: "pem-line-by-line",
            messages,
            secrets: lines,
        });
        let lines = key_lines(&mut g);
        let mut messages = vec![format!("-----BEGIN {kind}PRIVATE KEY-----")];
        messages.extend(lines.iter().take(2 + i % 2).cloned());
        messages.push("argh, wrong window, rotating that key now".into());
        out.push(Sample {
            kind: "pem-cut-short",
            messages,
            secrets: lines.into_iter().take(2 + i % 2).collect(),
        });
    }
    out
}

fn lookalikes() -> Vec<String> {
    let text = std::fs::read_to_string(fixture_path("redaction/lookalikes.txt")).unwrap();
    text.lines().map(str::to_string).collect()
}

/// Recall per kind, printed; the caller holds the gate.
fn report(hits: &BTreeMap<&str, (usize, usize)>) -> f64 {
    let (found, total) = hits.values().fold((0, 0), |(f, t), &(a, b)| (f + a, t + b));
    for (kind, (f, t)) in hits {
        println!("recall {kind}: {f}/{t}");
    }
    let recall = found as f64 / total as f64;
    println!(
        "recall overall: {found}/{total} = {recall:.3} over {} kinds",
        hits.len()
    );
    recall
}

#[test]
fn the_corpus_is_large_enough() {
    let samples = samples();
    let secrets: usize = samples.iter().map(|s| s.secrets.len()).sum();
    let mut kinds: Vec<&str> = samples.iter().map(|s| s.kind).collect();
    kinds.dedup();
    assert!(samples.len() >= 150, "{} samples", samples.len());
    assert!(secrets >= 150, "{secrets} secrets");
    assert!(kinds.len() >= 40, "{} kinds", kinds.len());
    assert!(
        lookalikes().len() >= 150,
        "{} look-alikes",
        lookalikes().len()
    );
}

#[test]
fn library_recall_and_no_false_positive() {
    let mut hits: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    for sample in samples() {
        let mut redactor = Redactor::new();
        let out: Vec<String> = sample
            .messages
            .iter()
            .map(|m| redactor.redact(m).into_owned())
            .collect();
        let all = out.join("\n");
        let entry = hits.entry(sample.kind).or_default();
        for secret in &sample.secrets {
            entry.1 += 1;
            if all.contains(secret.as_str()) {
                missed.push(format!("{}: {all}", sample.kind));
            } else {
                entry.0 += 1;
            }
        }
    }
    let recall = report(&hits);
    for m in &missed {
        println!("missed {m}");
    }
    let changed: Vec<String> = lookalikes()
        .into_iter()
        .filter_map(|line| {
            let (out, n) = redact(&line);
            (n > 0).then(|| format!("{line}\n  -> {out}"))
        })
        .collect();
    println!("false positives: {}", changed.len());
    assert!(
        recall >= 0.95,
        "recall {recall:.3}; missed:\n{}",
        missed.join("\n")
    );
    assert!(
        changed.is_empty(),
        "look-alikes changed:\n{}",
        changed.join("\n")
    );
}

/// The same corpus as an irssi log of #ops through `pm import-logs`: in the document, no
/// secret is left, and every look-alike line reads as it does with `--no-redact`.
#[test]
fn through_the_binary() {
    let samples = samples();
    let lookalikes = lookalikes();
    // One message every 5 seconds from 09:00, inside the window (08:57 to 10:20).
    let mut log = String::from("--- Log opened Sat Mar 14 09:00:00 2026\n");
    let mut at = 9 * 3600;
    let mut stamp = || {
        let s = format!("{:02}:{:02}:{:02}", at / 3600, at / 60 % 60, at % 60);
        at += 5;
        s
    };
    let mut secret_lines: Vec<(String, &Sample)> = Vec::new();
    let mut plain_lines: Vec<String> = Vec::new();
    let mut plain = lookalikes.iter();
    for sample in &samples {
        for message in &sample.messages {
            for line in message.lines() {
                let t = stamp();
                log.push_str(&format!("{t} < ann> {line}\n"));
                secret_lines.push((t, sample));
            }
        }
        if let Some(line) = plain.next() {
            let t = stamp();
            log.push_str(&format!("{t} < bea> {line}\n"));
            plain_lines.push(t);
        }
    }
    for line in plain {
        let t = stamp();
        log.push_str(&format!("{t} < bea> {line}\n"));
        plain_lines.push(t);
    }
    assert!(at < 10 * 3600 + 20 * 60, "the log fits the window");
    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        "chat:\n  padding: 15m\n  sources:\n    - channel: \"#ops\"\n      format: irssi\n      path: logs/ops.log\n",
    );
    env.write("logs/ops.log", &log);
    env.write(DOC, VALID);
    let (code, _, stderr) = output(env.pm().args(["import-logs", "checkout", "--no-redact"]));
    assert_eq!(code, 0, "{stderr}");
    let raw = env.read(DOC);
    let (code, summary, stderr) = output(env.pm().args(["import-logs", "checkout"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(summary.contains("secrets redacted ("), "{summary}");
    let doc = env.read(DOC);
    let line_at = |doc: &str, t: &str| -> String {
        let prefix = format!("- {t} ");
        doc.lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no transcript line at {t}"))
            .to_string()
    };
    let mut hits: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (t, sample) in &secret_lines {
        let line = line_at(&doc, t);
        for secret in &sample.secrets {
            // Escaping touches punctuation only: the longest run of letters and digits
            // of a secret on this line shows whether it survived.
            let run = secret
                .split(|c: char| !c.is_ascii_alphanumeric())
                .max_by_key(|p| p.len())
                .unwrap_or_default();
            if run.len() < 6 || !line_at(&raw, t).contains(run) {
                continue;
            }
            let entry = hits.entry(sample.kind).or_default();
            entry.1 += 1;
            if !line.contains(run) {
                entry.0 += 1;
            }
        }
    }
    let recall = report(&hits);
    let changed: Vec<String> = plain_lines
        .iter()
        .filter(|t| line_at(&doc, t) != line_at(&raw, t))
        .map(|t| line_at(&doc, t))
        .collect();
    println!("false positives through the binary: {}", changed.len());
    assert!(recall >= 0.95, "recall {recall:.3}");
    assert!(
        changed.is_empty(),
        "look-alikes changed:\n{}",
        changed.join("\n")
    );
}
