//! The rules one by one: what each replaces and what it leaves.

use super::*;

fn r(text: &str) -> (String, usize) {
    let (out, n) = redact(text);
    (out.into_owned(), n)
}

fn untouched(text: &str) {
    let (out, n) = redact(text);
    assert!(
        matches!(out, Cow::Borrowed(_)) && n == 0,
        "{text:?} was changed to {out:?}"
    );
}

#[test]
fn the_pattern_compiles() {
    let c = &*COMPILED;
    assert_eq!(c.patterns.len(), RULES.len());
    assert!(pem::BEGIN.is_match("-----BEGIN RSA PRIVATE KEY-----"));
    // Every rule's key words are lower case (they match in any case) and the rule's own
    // pattern can match text holding them.
    for rule in RULES {
        for word in rule.keywords {
            assert_eq!(*word, word.to_ascii_lowercase(), "{}", rule.kind);
        }
    }
}

#[test]
fn aws_access_keys() {
    assert_eq!(
        r("key is AKIAIOSFODNN7EXAMPLE, rotate it"),
        ("key is [redacted: aws-access-key], rotate it".into(), 1)
    );
    assert_eq!(
        r("ASIAY34FZKBOKMUTVV7A"),
        ("[redacted: aws-access-key]".into(), 1)
    );
    // Too short, or part of a longer word: not a key id.
    untouched("AKIAIOSFODNN7EXAMPL");
    untouched("XAKIAIOSFODNN7EXAMPLE");
    untouched("AKIAIOSFODNN7EXAMPLEX");
}

#[test]
fn github_tokens() {
    let classic = "ghp_1A2b3C4d5E6f7G8h9I0jK1l2M3n4O5p6Q7r8";
    assert_eq!(
        r(&format!("export GH={classic}")).0,
        "export GH=[redacted: github-token]"
    );
    for prefix in ["gho_", "ghu_", "ghs_", "ghr_"] {
        let token = format!("{prefix}abcdefghijklmnopqrstuvwxyz0123456789");
        assert_eq!(
            r(&token),
            ("[redacted: github-token]".into(), 1),
            "{prefix}"
        );
    }
    let fine = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";
    assert_eq!(r(fine), ("[redacted: github-token]".into(), 1));
    untouched("ghp_short");
    untouched("see the ghp_ prefix in the docs");
}

#[test]
fn gitlab_tokens() {
    assert_eq!(
        r("glpat-xYz12345678901234567 works"),
        ("[redacted: gitlab-token] works".into(), 1)
    );
    untouched("glpat- is the prefix");
}

#[test]
fn slack_tokens_and_webhooks() {
    for token in [
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "xoxp-123456789012-123456789012-123456789012-0123456789abcdef",
        "xoxa-2-1234567890-abcdef",
        "xoxs-1234567890-abcdef",
        "xoxr-1234567890-abcdef",
        "xoxe-1-My0xLTIyMzQ1",
        "xapp-1-A0123456789-1234567890123-abcdef",
    ] {
        assert_eq!(r(token), ("[redacted: slack-token]".into(), 1), "{token}");
    }
    assert_eq!(
        r("posting to https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX now").0,
        "posting to [redacted: slack-webhook] now"
    );
    untouched("xoxb- tokens are for bots");
    untouched("https://hooks.slack.com/ is the host");
}

#[test]
fn bearer_tokens_keep_the_header() {
    assert_eq!(
        r("curl -H 'Authorization: Bearer abcDEF1234567890ghiJKL' https://api"),
        (
            "curl -H 'Authorization: Bearer [redacted: bearer-token]' https://api".into(),
            1
        )
    );
    assert_eq!(
        r("bearer dGhpc2lzYXNlY3JldHRva2Vu==").0,
        "bearer [redacted: bearer-token]"
    );
    untouched("she was the bearer of bad news");
    untouched("Bearer authentication failed");
}

#[test]
fn jwts() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    assert_eq!(
        r(&format!("token {jwt} expired")),
        ("token [redacted: jwt] expired".into(), 1)
    );
    // Behind `Bearer`, it is the bearer token.
    assert_eq!(
        r(&format!("Authorization: Bearer {jwt}")).0,
        "Authorization: Bearer [redacted: bearer-token]"
    );
    untouched("eyJ is base64 for {\"");
}

#[test]
fn private_key_blocks_across_lines() {
    let text = "here:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nthanks";
    assert_eq!(
        r(text),
        ("here:\n[redacted: private-key]\nthanks".into(), 1)
    );
    let openssh =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----";
    assert_eq!(r(openssh), ("[redacted: private-key]".into(), 1));
    // Cut short: the key's lines go, the first line that is not base64 stays.
    assert_eq!(
        r("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nmore"),
        ("[redacted: private-key]\nmore".into(), 1)
    );
    // Public keys and certificates are not secret.
    untouched("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----");
    untouched("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
}

#[test]
fn a_redactor_carries_a_key_block_over_one_line_messages() {
    let mut redactor = Redactor::new();
    let lines = [
        "oops, pasting the key",
        "-----BEGIN EC PRIVATE KEY-----",
        "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oQHbAmM0OQ8qoAoGCCqGSM49",
        "AwEHoUQDQgAE",
        "-----END EC PRIVATE KEY----- sorry, rotating",
        "done",
    ];
    let out: Vec<String> = lines
        .iter()
        .map(|l| redactor.redact(l).into_owned())
        .collect();
    assert_eq!(
        out,
        [
            "oops, pasting the key",
            "[redacted: private-key]",
            "[redacted: private-key]",
            "[redacted: private-key]",
            "[redacted: private-key] sorry, rotating",
            "done",
        ]
    );
    assert_eq!(redactor.count, 4);
    assert!(!redactor.in_private_key());
}

#[test]
fn passwords_in_urls_keep_user_and_host() {
    assert_eq!(
        r("psql postgres://app:s3cr3t@db.internal:5432/prod"),
        (
            "psql postgres://app:[redacted: url-password]@db.internal:5432/prod".into(),
            1
        )
    );
    assert_eq!(
        r("https://deploy:hunter2@git.example.com/repo.git").0,
        "https://deploy:[redacted: url-password]@git.example.com/repo.git"
    );
    untouched("https://example.com:8443/path?q=1#frag");
    untouched("https://user@example.com/");
    untouched("mailto:ops@example.com");
}

#[test]
fn key_value_pairs() {
    let cases = [
        ("password=hunter2", "password=[redacted: password]"),
        ("DB_PASSWORD: s3cret!", "DB_PASSWORD: [redacted: password]"),
        ("passwd: Tr0ub4dor", "passwd: [redacted: password]"),
        ("token: 9f8e7d6c5b", "token: [redacted: password]"),
        ("secret=abcd1234", "secret=[redacted: password]"),
        ("api_key=live_51Habc", "api_key=[redacted: password]"),
        ("API-KEY = abcd3fgh", "API-KEY = [redacted: password]"),
        (
            r#"{"client_secret": "very secret words"}"#,
            r#"{"client_secret": "[redacted: password]"}"#,
        ),
        (
            "GET /cb?code=1&access_token=abc123def&x=1",
            "GET /cb?code=1&access_token=[redacted: password]&x=1",
        ),
        (
            "set password=hunter2. then retry",
            "set password=[redacted: password] then retry",
        ),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "aws_secret_access_key = [redacted: aws-secret-key]",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(r(input), (want.to_string(), 1), "{input}");
    }
}

#[test]
fn pairs_that_are_prose_or_placeholders_stay() {
    for text in [
        "the token: expired, so I renewed it",
        "password: reset it please",
        "Secret: keep calm",
        "password=${DB_PASSWORD}",
        "token=<your token>",
        "password: ********",
        "password=null",
        "max_tokens=4096",
        "token_count: 5",
        "secret=42",
        "password: xxxx",
        "passwords: rotated",
    ] {
        untouched(text);
    }
}

#[test]
fn ordinary_text_stays_untouched() {
    for text in [
        "deployed 3f2a9c1e4b5d6a7f8e9d0c1b2a3f4e5d6c7b8a90 to prod",
        "trace id 123e4567-e89b-12d3-a456-426614174000",
        "see https://grafana.example.com/d/abc?orgId=1&from=now-6h",
        "https://github.com/org/repo/pull/42#issuecomment-1",
        "ssh deploy@bastion.example.com",
        "the API key rotation runbook is in the wiki",
        "I think the token bucket ran dry around 02:10",
        "café ☕ naïve résumé, 日本語のテキスト",
        "AKIA is the prefix of an access key id",
        "base64: dGVzdA==",
        "",
    ] {
        untouched(text);
    }
}

#[test]
fn several_secrets_are_all_counted() {
    let (out, n) = r("AKIAIOSFODNN7EXAMPLE and password=hunter2 and https://u:p4ss@h/");
    assert_eq!(n, 3);
    assert_eq!(
        out,
        "[redacted: aws-access-key] and password=[redacted: password] and https://u:[redacted: url-password]@h/"
    );
}

#[test]
fn redacting_twice_changes_nothing_more() {
    for text in [
        "password=hunter2 AKIAIOSFODNN7EXAMPLE",
        "https://u:p4ss@h/ token: 9f8e7d6c5b",
        "-----BEGIN PRIVATE KEY-----\nabc",
        "token=\"Bearer abcDEF1234567890ghiJKL\"",
        "the password is \"s3cret Bearer abcDEF1234567890ghiJKL\"",
        "curl -u admin:hunter2x -H 'Authorization: Basic dXNlcjpwYXNz'",
    ] {
        let (once, _) = r(text);
        assert_eq!(r(&once), (once.clone(), 0), "{text}");
    }
}

/// `n` characters from `alphabet`, the same every run: secrets for the tests are built
/// from a prefix and such a body, so no string in the repository looks like a live key.
fn body(alphabet: &str, n: usize) -> String {
    let chars: Vec<char> = alphabet.chars().collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15 ^ n as u64;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chars[(state % chars.len() as u64) as usize]
        })
        .collect()
}

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &str = "0123456789abcdef";
const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// `line` with `secret` in it is `want` with the secret replaced by `kind`'s marker.
fn hides(line: &str, secret: &str, kind: &str) {
    let (out, n) = r(line);
    assert!(!out.contains(secret), "{line:?} kept the secret: {out:?}");
    assert!(
        out.contains(&marker(kind)),
        "{line:?} -> {out:?}, not {kind}"
    );
    assert!(n >= 1, "{line:?}");
}

#[test]
fn vendor_prefixes() {
    let cases: Vec<(String, &str)> = vec![
        (format!("sk_live_{}", body(ALNUM, 24)), "stripe-key"),
        (format!("rk_live_{}", body(ALNUM, 24)), "stripe-key"),
        (format!("sk_test_{}", body(ALNUM, 99)), "stripe-key"),
        (format!("AIza{}", body(URLSAFE, 35)), "google-api-key"),
        (format!("npm_{}", body(ALNUM, 36)), "npm-token"),
        (format!("sk-proj-{}", body(URLSAFE, 120)), "openai-key"),
        (format!("sk-{}", body(ALNUM, 48)), "openai-key"),
        (
            format!("sk-ant-api03-{}AA", body(URLSAFE, 93)),
            "anthropic-key",
        ),
        (format!("hvs.{}", body(URLSAFE, 90)), "vault-token"),
        (format!("hvb.{}", body(URLSAFE, 140)), "vault-token"),
        (format!("shpat_{}", body(HEX, 32)), "shopify-token"),
        (format!("shpss_{}", body(HEX, 32)), "shopify-token"),
        (
            format!("pypi-AgEIcHlwaS5vcmc{}", body(URLSAFE, 70)),
            "pypi-token",
        ),
        (format!("dckr_pat_{}", body(URLSAFE, 27)), "dockerhub-token"),
        (
            format!("SG.{}.{}", body(URLSAFE, 22), body(URLSAFE, 43)),
            "sendgrid-key",
        ),
        (format!("SK{}", body(HEX, 32)), "twilio-key"),
        (format!("AC{}", body(HEX, 32)), "twilio-key"),
        (
            format!("7123456789:AA{}", body(URLSAFE, 33)),
            "telegram-bot-token",
        ),
        (
            format!(
                "AGE-SECRET-KEY-1{}",
                body("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)
            ),
            "age-secret-key",
        ),
        (format!("dop_v1_{}", body(HEX, 64)), "vendor-token"),
        (
            format!(
                "hf_{}",
                body("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34)
            ),
            "huggingface-token",
        ),
    ];
    for (secret, kind) in &cases {
        hides(&format!("new key is {secret} please rotate"), secret, kind);
        hides(&format!("export X=\"{secret}\""), secret, kind);
    }
    // A prefix alone, or a body too short, is not a key.
    for text in [
        "sk_live_ is Stripe's prefix",
        "npm_token_here",
        "hvs. tokens expire",
        "SG.x.y",
    ] {
        untouched(text);
    }
}

#[test]
fn sentry_dsns_and_heroku_keys() {
    let key = body(HEX, 32);
    hides(
        &format!("dsn https://{key}@o123.ingest.sentry.io/45"),
        &key,
        "sentry-dsn",
    );
    let uuid = "2f1c9a7e-5b3d-4e8f-9a6c-1d2e3f4a5b6c";
    hides(&format!("HEROKU_API_KEY={uuid}"), uuid, "api-key");
    untouched(&format!("request {uuid} failed"));
    untouched("https://sentry.io/organizations/acme/issues/123/");
}

#[test]
fn webhooks() {
    let discord = format!(
        "https://discord.com/api/webhooks/112233445566778899/{}",
        body(URLSAFE, 68)
    );
    hides(
        &format!("alerts go to {discord}"),
        &discord,
        "discord-webhook",
    );
    untouched("see https://discord.com/channels/1122/3344 for the thread");
}

#[test]
fn azure_connection_strings_and_sas() {
    let key = format!("{}==", body(B64, 86));
    hides(
        &format!(
            "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={key};EndpointSuffix=core.windows.net"
        ),
        &key,
        "azure-key",
    );
    let sb = format!("{}=", body(B64, 43));
    hides(
        &format!(
            "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={sb}"
        ),
        &sb,
        "azure-key",
    );
    let sig = format!("{}%3D", body(ALNUM, 43));
    hides(
        &format!(
            "https://acme.blob.core.windows.net/c/x.tgz?sv=2022-11-02&se=2026-03-15&sp=r&sig={sig}"
        ),
        &sig,
        "azure-sas",
    );
    untouched("SharedAccessKeyName=send is the policy");
}

#[test]
fn authorization_headers() {
    let basic = "dXNlcjpwYXNz";
    hides(
        &format!("curl -H 'Authorization: Basic {basic}' https://api"),
        basic,
        "basic-auth",
    );
    let bearer = body(ALNUM, 32);
    hides(
        &format!("Authorization: Bearer {bearer}"),
        &bearer,
        "bearer-token",
    );
    let raw = body(ALNUM, 40);
    hides(&format!("-H \"X-Api-Key: {raw}\""), &raw, "authorization");
    untouched("basic auth is off for the admin panel");
    untouched("Authorization: required on every endpoint");
}

#[test]
fn command_lines() {
    for (line, secret) in [
        ("curl -u admin:Zx9-pLq2 https://es:9200/_cat", "Zx9-pLq2"),
        ("curl -s --user 'api:Qr7tY2wp' https://x", "Qr7tY2wp"),
        ("mysql -h db1 -u root -pS3cr3tPw orders", "S3cr3tPw"),
        ("mysql -u root -p Hx7-2kqL orders", "Hx7-2kqL"),
        ("sshpass -p 'Kp9!sw2q' ssh ops@bastion", "Kp9!sw2q"),
        ("PGPASSWORD=Pg7wq2Lx psql -h db -U app", "Pg7wq2Lx"),
        ("redis-cli -h cache -a Rd5xq9Wm ping", "Rd5xq9Wm"),
        ("vault login --token Vt4-xq8Wp2Lm", "Vt4-xq8Wp2Lm"),
        ("./deploy --password Dp9qw2Lx!", "Dp9qw2Lx!"),
        (
            "docker login -u ci -p Dk7xw2qP registry.acme.io",
            "Dk7xw2qP",
        ),
    ] {
        hides(line, secret, "password");
    }
    let aws = body(B64, 40);
    hides(
        &format!("aws configure set aws_secret_access_key {aws}"),
        &aws,
        "aws-secret-key",
    );
    for text in [
        "curl -u admin https://es:9200 (it prompts)",
        "curl -u \"$USER:$PASS\" https://x",
        "mysql -u app -p orders",
        "docker run -u 1000:1000 alpine id",
        "./deploy --password-file /run/secrets/db",
        "kubectl create token ci --duration 10m",
        "pass --token-ttl 15m to the helper",
    ] {
        untouched(text);
    }
}

#[test]
fn urls_with_an_empty_user() {
    hides("redis://:Rk2mq9xZ@cache:6379/0", "Rk2mq9xZ", "url-password");
    untouched("redis://cache:6379/0");
}

#[test]
fn service_account_json() {
    let id = body(HEX, 40);
    let line = format!(
        r#"{{"type": "service_account", "private_key_id": "{id}", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"}}"#
    );
    let (out, n) = r(&line);
    assert_eq!(n, 2, "{out}");
    assert!(!out.contains(&id) && !out.contains("MIIEvQ"), "{out}");
    assert!(out.contains("[redacted: private-key-id]"), "{out}");
    // Cut short inside the JSON string: the key goes, the next field stays.
    let (out, _) = r(
        r#""private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "client_email": "ci@acme.iam""#,
    );
    assert!(
        !out.contains("MIIEvQ") && out.contains("client_email"),
        "{out}"
    );
}

#[test]
fn hex_keys_next_to_a_key_word() {
    let hex = body(HEX, 40);
    hides(&format!("the datadog api key is {hex}"), &hex, "api-key");
    hides(&format!("key: {hex}"), &hex, "api-key");
    for text in [
        format!("commit {hex} is on prod"),
        format!("cache key {hex} missed"),
        format!("route key {hex} matched"),
        format!("sha256:{}{}", hex, body(HEX, 24)),
    ] {
        untouched(&text);
    }
}

#[test]
fn prose_and_generic_values() {
    for (line, secret) in [
        ("the root password is hunter2, change it after", "hunter2"),
        ("password for the grafana admin is Gr4f-ana!x", "Gr4f-ana!x"),
        ("DB_PASS: Wq8-xz2Lp", "Wq8-xz2Lp"),
        ("api_key: 7fQ2xLp9Wm4kZ8rT", "7fQ2xLp9Wm4kZ8rT"),
        ("the admin pw is Qz4!mLp2x", "Qz4!mLp2x"),
        ("smtp password 4sYL067ek5o46eqK", "4sYL067ek5o46eqK"),
    ] {
        hides(line, secret, "password");
    }
    for text in [
        "rotated the token at 09:40",
        "password reset emails delayed by 20 minutes",
        "the password is in the vault, ask bea",
        "the token was revoked",
        "token expiry: 3600s",
        "password_min_length=12",
        "next_page_token=CiAKGjBhYjNjZDEy",
        "the secret is mounted at /run/secrets/db",
        "token: 15m",
        "grep -r password config/ returned nothing",
        "version token v2.14.0-rc1 is tagged",
        "token=expired_by_idp",
        "access_token_ttl=3600",
        "secret=abcd",
    ] {
        untouched(text);
    }
}

#[test]
fn a_key_without_end_stops_at_the_first_line_that_is_not_base64() {
    let text = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oQHbAmM0OQ8qoAoGCCqGSM49\nAwEHoUQDQgAE\noops, wrong window, ignore that\nrestarting the pods now";
    assert_eq!(
        r(text).0,
        "[redacted: private-key]\noops, wrong window, ignore that\nrestarting the pods now"
    );
    // An encrypted key's headers are part of it.
    let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn\nthanks";
    assert_eq!(r(text).0, "[redacted: private-key]\nthanks");
}

#[test]
fn a_redactor_closes_a_key_at_the_first_message_that_is_not_base64() {
    let mut redactor = Redactor::new();
    let out: Vec<String> = [
        "-----BEGIN EC PRIVATE KEY-----",
        "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oQHbAmM0OQ8qoAoGCCqGSM49",
        "sorry, wrong window",
        "rollback done, 503s gone",
        "password=hunter2 for staging",
    ]
    .iter()
    .map(|l| redactor.redact(l).into_owned())
    .collect();
    assert_eq!(
        out,
        [
            "[redacted: private-key]",
            "[redacted: private-key]",
            "sorry, wrong window",
            "rollback done, 503s gone",
            "password=[redacted: password] for staging",
        ]
    );
    assert!(!redactor.in_private_key());
    assert_eq!(redactor.by_kind.get("private-key"), Some(&2));
    assert_eq!(redactor.by_kind.get("password"), Some(&1));
}

#[test]
fn every_kind_is_named_once() {
    let kinds = kinds();
    assert!(kinds.len() >= 30, "{kinds:?}");
    for kind in &kinds {
        assert_eq!(kinds.iter().filter(|k| *k == kind).count(), 1);
        assert!(
            kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{kind}"
        );
    }
}

/// Found by the `redact` fuzz target: a password running into a private key's BEGIN line
/// lost to the key (the two overlapped, the key was kept and the password dropped), so it
/// stayed in clear; redacting the output then found it, its value ending in the key's
/// marker (`...[redacted:`, cut at the space), and broke the marker.
#[test]
fn regression_a_password_running_into_a_private_key_was_left_in_clear() {
    let text = "password=hunter2hunter2AKIA-----BEGIN RSA PRIVATE KEY-----JKLMNOP\n";
    let (once, n) = r(text);
    assert!(!once.contains("hunter2"), "{once:?}");
    assert_eq!(n, 2, "{once:?}");
    assert_eq!(once.matches("[redacted: ").count(), 2, "{once:?}");
    let (twice, again) = r(&once);
    assert_eq!((twice.as_str(), again), (once.as_str(), 0));
    // A value that runs into a marker written earlier is not a new secret.
    untouched("password=[redacted: password] and token=[redacted: github-token]");
    untouched("password=abc[redacted: private-key]JKLMNOP");
}

/// Found by the `redact` fuzz target: a rejected value holding the next key (`passwd:
/// xyzpasswd: hunter22`) hid that key from the search, which went on after the value; once
/// an earlier secret was replaced, a second pass found it.
#[test]
fn regression_a_key_inside_a_rejected_value_was_found_only_on_a_second_pass() {
    let text = "xoxe-de0-de0ABpasswd: ervABpasswd: ervices/P\n";
    let (once, _) = r(text);
    assert!(!once.contains("ervices/P"), "{once:?}");
    let (twice, again) = r(&once);
    assert_eq!((twice.as_str(), again), (once.as_str(), 0));
    let (once, n) = r("passwd: xyzpasswd: hunter22");
    assert_eq!(
        (once.as_str(), n),
        ("passwd: xyzpasswd: [redacted: password]", 1)
    );
}

/// Found by the `redact` fuzz target: a key inside an accepted value (`secret=` running on
/// to `--passwd: ...`) was passed over, and found on a second pass once the first value was
/// a marker.
#[test]
fn regression_a_key_inside_an_accepted_value_was_found_only_on_a_second_pass() {
    let text = "secret=Zq7hunter22xoxb-1234--passwd: Fk39xT2q\"P\n";
    let (once, _) = r(text);
    assert!(!once.contains("Fk39xT2q"), "{once:?}");
    let (twice, again) = r(&once);
    assert_eq!((twice.as_str(), again), (once.as_str(), 0));
}

/// Found by the `redact` fuzz target: a value running into a secret of an earlier rule
/// was judged whole (`...https://hooks...` is no credential) and left in clear; once the
/// webhook was a marker, a second pass judged the shorter value and replaced it.
#[test]
fn regression_a_value_running_into_an_earlier_secret_was_judged_whole() {
    let text = "Authorization:ABearerabcde1https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX";
    let (once, _) = r(text);
    assert!(!once.contains("ABearerabcde1"), "{once:?}");
    let (twice, again) = r(&once);
    assert_eq!((twice.as_str(), again), (once.as_str(), 0));
}

/// Found by the `redact` fuzz target, the fifth of its kind: a value of an earlier rule
/// (`Authorization:`) running into a later rule's secret (`password=`) was judged whole and
/// rejected; beside the marker a second pass accepted it. `redact` now redacts its own
/// output until nothing more is found, so redacting twice changes nothing whatever the
/// shape; the Redactor does the same.
#[test]
fn regression_redacting_twice_found_a_value_judged_beside_a_marker() {
    let text = "par[=hunter1huAuthorization:httpslaa/spassword=undefick1rtAe.uhut://ization:https://hooks.plack.com/services/";
    let (once, n) = r(text);
    let (twice, again) = r(&once);
    assert_eq!((twice.as_str(), again), (once.as_str(), 0), "{text:?}");
    assert_eq!(once.matches("[redacted: ").count(), n);
    let mut redactor = Redactor::new();
    assert_eq!(redactor.redact(text), once);
}
