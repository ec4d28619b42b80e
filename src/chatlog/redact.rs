//! Secrets in chat text (tokens, keys, passwords) replaced by a visible marker before the
//! transcript is written into a document.
//!
//! A transcript lands in a git repository and is read in pull requests, so a token pasted
//! into the incident channel at 2 a.m. must not travel with it. Each secret becomes
//! `[redacted: KIND]` (for example `[redacted: github-token]`); the words around it, the user
//! of a URL and the key of a `password=` pair stay, so the line still reads.
//!
//! Precision matters as much as recall: git SHAs, UUIDs, ordinary URLs and prose such as
//! "the token expired" are left alone. Every pattern is anchored on something specific (a
//! vendor prefix, `BEGIN ... PRIVATE KEY`, `user:pass@`, a key name followed by `=` or `:`),
//! and one combined regex rejects a clean message in a single pass, so running this on
//! every imported message costs little.
//!
//! [`redact`] works on one message, which may span several lines (a WeeChat multi-line
//! message, a Slack message). IRC clients send a pasted key as one message per line; a
//! [`Redactor`] carries an open private-key block from one message to the next.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// The kinds of secret, as named in the marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    AwsAccessKey,
    GithubToken,
    GitlabToken,
    SlackToken,
    SlackWebhook,
    BearerToken,
    Jwt,
    PrivateKey,
    UrlPassword,
    Password,
}

impl Secret {
    /// The name shown in the marker (`[redacted: aws-access-key]`).
    pub fn name(self) -> &'static str {
        match self {
            Secret::AwsAccessKey => "aws-access-key",
            Secret::GithubToken => "github-token",
            Secret::GitlabToken => "gitlab-token",
            Secret::SlackToken => "slack-token",
            Secret::SlackWebhook => "slack-webhook",
            Secret::BearerToken => "bearer-token",
            Secret::Jwt => "jwt",
            Secret::PrivateKey => "private-key",
            Secret::UrlPassword => "url-password",
            Secret::Password => "password",
        }
    }

    /// The marker that replaces a secret of this kind.
    pub fn marker(self) -> String {
        format!("[redacted: {}]", self.name())
    }
}

/// ASCII word boundary: a Unicode `\b` would push the regex engine off its fast path on
/// every message holding a non-ASCII character.
macro_rules! b {
    () => {
        r"(?-u:\b)"
    };
}

/// One alternative per kind, each a named group; where only part of the match is secret
/// (the token after `Bearer `, the password in a URL, the value of a pair), a second group
/// `<name>_v` holds that part.
const PATTERN: &str = concat!(
    // A private-key block, BEGIN to END; without an END (a paste cut short), to the end of
    // the message.
    r"(?P<pkey>-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|.*))",
    // AWS access key ids: a four-letter prefix for the key type, then 16 base-32 characters.
    "|",
    b!(),
    r"(?P<aws>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})",
    b!(),
    // GitHub: personal, OAuth, user-to-server, server-to-server, refresh; fine-grained PATs.
    "|",
    b!(),
    r"(?P<github>(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255}))",
    b!(),
    // GitLab personal, deploy, runner, pipeline-trigger, CI-build, feed tokens.
    "|",
    b!(),
    r"(?P<gitlab>gl(?:pat|dt|rt|ptt|cbt|ft|soat|imt|agent)-[A-Za-z0-9_\-]{20,}(?:\.[A-Za-z0-9_\-]+)*)",
    // Slack bot, user, app, workspace, refresh, config and file tokens (xox?-), app-level
    // tokens (xapp-), and incoming-webhook URLs.
    "|",
    b!(),
    r"(?P<slack>(?:xox[a-z]-[A-Za-z0-9][A-Za-z0-9\-]{8,}|xapp-[0-9]-[A-Za-z0-9\-]{10,}))",
    r"|(?P<hook>https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/\-]{10,})",
    // `Authorization: Bearer TOKEN`, or `Bearer TOKEN` alone: the token (16+ characters, so
    // "the bearer of bad news" is prose).
    "|",
    b!(),
    r"(?P<bearer>(?i:bearer)[ \t]+)(?P<bearer_v>[A-Za-z0-9\-._~+/]{16,}=*)",
    // JSON Web Tokens: base64url header and payload (both JSON, so `eyJ`), and a signature.
    "|",
    b!(),
    r"(?P<jwt>eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*)",
    // A password in a URL: `scheme://user:password@host`; user and host stay.
    "|",
    b!(),
    r"(?P<url>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/?#@<>|]+:)(?P<url_v>[^\s/?#@<>|]+)@",
    // `password=...`, `DB_PASSWORD: ...`, `"api_key": "..."`, `?token=...`: the value.
    "|",
    b!(),
    r#"(?P<pair>(?i:(?:[a-z0-9]+[_.\-])*(?:password|passwd|passphrase|secret|token|api[_\-]?key|apikey|access[_\-]?key|secret[_\-]?key|private[_\-]?key|client[_\-]?secret))"#,
    b!(),
    r#"["']?[ \t]*(?P<pair_sep>[:=])[ \t]*)(?P<pair_v>"[^"\n]*"|'[^'\n]*'|[^\s"'<>,;&]+)"#,
);

static SECRETS: LazyLock<Regex> = LazyLock::new(|| match Regex::new(PATTERN) {
    Ok(re) => re,
    // The pattern is a constant: a test compiles it, so this cannot be reached by input.
    Err(err) => panic!("the redaction pattern does not compile: {err}"),
});

/// An opening private-key line, for [`Redactor`]'s check whether a block stays open.
static PKEY_END: LazyLock<Regex> =
    LazyLock::new(
        || match Regex::new(r"-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----") {
            Ok(re) => re,
            Err(err) => panic!("the private-key END pattern does not compile: {err}"),
        },
    );

/// `text` with every secret replaced by a marker, and how many were replaced.
///
/// `text` is one whole message and may hold newlines: a private-key block pasted as one
/// message is replaced from BEGIN to END.
pub fn redact(text: &str) -> (Cow<'_, str>, usize) {
    let (out, count, _) = redact_message(text);
    (out, count)
}

/// Redacts a message, also saying whether a private-key block was opened and not closed.
fn redact_message(text: &str) -> (Cow<'_, str>, usize, bool) {
    let re = &*SECRETS;
    if !re.is_match(text) {
        return (Cow::Borrowed(text), 0, false);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut count = 0;
    let mut open_key = false;
    for caps in re.captures_iter(text) {
        let Some((start, end, secret)) = secret_span(&caps) else {
            continue;
        };
        if secret == Secret::PrivateKey {
            open_key = !PKEY_END.is_match(&text[start..end]);
        }
        out.push_str(&text[last..start]);
        out.push_str(&secret.marker());
        last = end;
        count += 1;
    }
    if count == 0 {
        return (Cow::Borrowed(text), 0, false);
    }
    out.push_str(&text[last..]);
    (Cow::Owned(out), count, open_key)
}

/// The part of a match to replace and its kind, or `None` when a candidate turns out not
/// to be a secret (a `token: expired` in prose, a `password=${DB_PASSWORD}` placeholder).
fn secret_span(caps: &Captures<'_>) -> Option<(usize, usize, Secret)> {
    let whole = |name: &str, secret: Secret| caps.name(name).map(|m| (m.start(), m.end(), secret));
    if let Some(found) = whole("pkey", Secret::PrivateKey)
        .or_else(|| whole("aws", Secret::AwsAccessKey))
        .or_else(|| whole("github", Secret::GithubToken))
        .or_else(|| whole("gitlab", Secret::GitlabToken))
        .or_else(|| whole("slack", Secret::SlackToken))
        .or_else(|| whole("hook", Secret::SlackWebhook))
        .or_else(|| whole("bearer_v", Secret::BearerToken))
        .or_else(|| whole("jwt", Secret::Jwt))
        .or_else(|| whole("url_v", Secret::UrlPassword))
    {
        return Some(found);
    }
    let value = caps.name("pair_v")?;
    let colon = caps.name("pair_sep").is_some_and(|m| m.as_str() == ":");
    let (start, text) = trim_value(value.start(), value.as_str());
    let quoted = text.len() != value.as_str().len();
    // A quoted value (`"password": "..."`) is a value, whatever it holds.
    if looks_like_a_secret(text, colon && !quoted) {
        Some((start, start + text.len(), Secret::Password))
    } else {
        None
    }
}

/// A pair's value without its quotes. Punctuation after an unquoted value stays in it:
/// `hunter2.` may end a sentence or the password, and hiding a full stop costs less than
/// showing the last character of a password.
fn trim_value(start: usize, value: &str) -> (usize, &str) {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return (start + 1, inner);
        }
    }
    (start, value)
}

/// Whether a pair's value is worth hiding.
///
/// Placeholders (`${DB_PASSWORD}`, `<token>`, `***`, `null`, an earlier marker) are not. After
/// a colon, which prose uses too ("the token: expired"), the value must also look like a
/// credential: a digit or a symbol in it, or 16 characters or more.
fn looks_like_a_secret(value: &str, after_colon: bool) -> bool {
    const PLACEHOLDERS: &[&str] = &[
        "null",
        "none",
        "nil",
        "true",
        "false",
        "empty",
        "redacted",
        "hidden",
        "secret",
        "password",
        "token",
        "xxx",
        "xxxx",
        "changeme_placeholder",
    ];
    if value.chars().count() < 4 {
        return false;
    }
    if value.starts_with(['$', '%', '<', '{', '[', '*', '(']) || value.starts_with("[redacted") {
        return false;
    }
    if value
        .chars()
        .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.')
    {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    if PLACEHOLDERS.contains(&lower.as_str()) {
        return false;
    }
    if !after_colon {
        return true;
    }
    if value.contains(char::is_whitespace) {
        // Only a quoted value can hold spaces; after a colon that is a phrase.
        return false;
    }
    let symbol = |c: char| !c.is_alphanumeric() && c != '-' && c != '\'';
    value.chars().any(|c| c.is_ascii_digit() || symbol(c)) || value.chars().count() >= 16
}

/// Redacts the messages of one channel in order, carrying an unfinished private-key block
/// from one message to the next: an IRC client sends a pasted key as one message per line,
/// so the lines after `BEGIN ... PRIVATE KEY` up to `END ...` are hidden too.
#[derive(Debug, Default, Clone)]
pub struct Redactor {
    in_private_key: bool,
    /// Secrets replaced so far.
    pub count: usize,
}

impl Redactor {
    pub fn new() -> Self {
        Redactor::default()
    }

    /// The next message of the channel, redacted.
    pub fn redact<'a>(&mut self, text: &'a str) -> Cow<'a, str> {
        if self.in_private_key {
            match PKEY_END.find(text) {
                None => {
                    self.count += 1;
                    return Cow::Owned(Secret::PrivateKey.marker());
                }
                Some(end) => {
                    self.in_private_key = false;
                    self.count += 1;
                    let (rest, n, open) = redact_message(&text[end.end()..]);
                    self.count += n;
                    self.in_private_key = open;
                    return Cow::Owned(format!("{}{}", Secret::PrivateKey.marker(), rest));
                }
            }
        }
        let (out, n, open) = redact_message(text);
        self.count += n;
        self.in_private_key = open;
        out
    }

    /// Whether a private-key block was opened and not yet closed.
    pub fn in_private_key(&self) -> bool {
        self.in_private_key
    }
}

#[cfg(test)]
mod tests {
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
        assert!(SECRETS.is_match("AKIAIOSFODNN7EXAMPLE"));
        assert!(PKEY_END.is_match("-----END RSA PRIVATE KEY-----"));
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
        let fine =
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";
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
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----";
        assert_eq!(r(openssh), ("[redacted: private-key]".into(), 1));
        // Cut short: everything after BEGIN goes.
        assert_eq!(
            r("-----BEGIN PRIVATE KEY-----\nMIIE\nmore"),
            ("[redacted: private-key]".into(), 1)
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
            ("secret=abcd", "secret=[redacted: password]"),
            ("api_key=live_51Habc", "api_key=[redacted: password]"),
            ("API-KEY = abcdefgh", "API-KEY = [redacted: password]"),
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
                "aws_secret_access_key = [redacted: password]",
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
        ] {
            let (once, _) = r(text);
            assert_eq!(r(&once), (once.clone(), 0), "{text}");
        }
    }
}
