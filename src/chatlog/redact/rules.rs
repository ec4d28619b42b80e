//! The rules: one per shape of secret, each with the words a message must hold for it to
//! run, a pattern, and how much the matched value must look like a credential.
//!
//! The shapes are facts about the vendors' formats (prefixes, lengths, alphabets) as
//! gitleaks' rule set documents them; the patterns are written for chat, where a secret
//! sits among words, and are our own. A pattern's group `s`, when it has one, is the part
//! replaced (the token after `Bearer `, the password in a URL); otherwise the whole match.
//! The rules run in this order of priority: where two overlap, the earlier one wins, so
//! vendor shapes come before the generic `password=` rules.

/// How much a matched value must look like a secret before it is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    /// The shape is the proof: a vendor prefix and a fixed alphabet and length.
    Shape,
    /// A value someone assigned or typed as a password: anything but a placeholder
    /// (`${DB_PASSWORD}`, `<token>`, `********`, `null`).
    Assigned,
    /// A value that could be a word: it must look like a credential as well (a digit or a
    /// symbol in it, or long; not a number, a duration, a version, a path).
    Credential,
    /// A value right after a word, with nothing between to say it is one: 10 characters
    /// or more of letters in both cases, digits and `!@#$%^&*+=_-`, with all three kinds.
    Strong,
    /// `key=value` or `key: value`: [`Check::Assigned`] after `=` or a quoted value,
    /// [`Check::Credential`] after a colon (which prose uses too).
    Pair,
    /// A run of hex digits after a key word: not when the word names a hash (`cache key`).
    HexKey,
}

/// One shape of secret.
pub(super) struct Rule {
    /// The marker's name: `[redacted: KIND]`.
    pub kind: &'static str,
    /// Lower-case words, one of which (in any case) a message must hold for the pattern to
    /// run at all.
    pub keywords: &'static [&'static str],
    /// The pattern; `\b` in it is an ASCII word boundary.
    pub pattern: &'static str,
    pub check: Check,
}

/// After a token: the end of the text or a character that cannot continue it.
macro_rules! end {
    () => {
        r"(?:[^A-Za-z0-9_\-]|$)"
    };
}

/// Key words whose value a `key=value` pair hides, as the last word of the key
/// (`DB_PASSWORD`, `PGPASSWORD`, `x-api-key`, `client_secret`).
macro_rules! key_words {
    () => {
        r"(?:[A-Za-z0-9]+[_.\-])*(?:[A-Za-z0-9]*(?i:password|passwd|passphrase|secret|token|apikey)|(?i:pass|pwd|pw|api[_\-]key|access[_\-]key|secret[_\-]key|private[_\-]key|client[_\-]secret|credentials?|auth[_\-]key))"
    };
}

/// The rules, in order of priority. Private-key blocks are found apart (see `pem`) and
/// come before all of these.
pub(super) const RULES: &[Rule] = &[
    Rule {
        kind: "aws-access-key",
        keywords: &["akia", "asia", "abia", "acca", "a3t"],
        pattern: r"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b",
        check: Check::Shape,
    },
    Rule {
        kind: "aws-secret-key",
        keywords: &[
            "secret_access_key",
            "secretaccesskey",
            "secret access key",
            "aws_secret",
            "secret-access-key",
        ],
        pattern: concat!(
            r#"(?i:(?:aws)?[_.\-]?secret[_.\- ]?access[_.\- ]?key|aws[_.\-]?secret(?:[_.\-]?key)?)["']?"#,
            r#"(?:\s*(?:[:=]|=>|\bis\b)\s*|\s+)["'`]?(?P<s>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "github-token",
        keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        pattern: r"\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})\b",
        check: Check::Shape,
    },
    Rule {
        kind: "gitlab-token",
        keywords: &[
            "glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glft-", "glsoat-", "glimt-",
            "glagent-",
        ],
        pattern: r"\bgl(?:pat|dt|rt|ptt|cbt|ft|soat|imt|agent)-[A-Za-z0-9_\-]{20,}(?:\.[A-Za-z0-9_\-]+)*",
        check: Check::Shape,
    },
    Rule {
        kind: "slack-token",
        keywords: &["xox", "xapp-"],
        pattern: r"\b(?:xox[a-z]-[A-Za-z0-9][A-Za-z0-9\-]{8,}|xapp-[0-9]-[A-Za-z0-9\-]{10,})",
        check: Check::Shape,
    },
    Rule {
        kind: "slack-webhook",
        keywords: &["hooks.slack.com"],
        pattern: r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/\-]{10,}",
        check: Check::Shape,
    },
    Rule {
        kind: "discord-webhook",
        keywords: &["/api/webhooks/"],
        pattern: r"https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/[0-9]{5,20}/[A-Za-z0-9_\-]{40,}",
        check: Check::Shape,
    },
    Rule {
        kind: "discord-token",
        keywords: &["discord", "bot"],
        pattern: concat!(
            r"\b(?P<s>[MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40})",
            end!()
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "stripe-key",
        keywords: &[
            "sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_", "whsec_",
        ],
        pattern: r"\b(?:[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9]{24,})\b",
        check: Check::Shape,
    },
    Rule {
        kind: "google-api-key",
        keywords: &["aiza"],
        pattern: concat!(r"\b(?P<s>AIza[A-Za-z0-9_\-]{35})", end!()),
        check: Check::Shape,
    },
    Rule {
        kind: "google-oauth",
        keywords: &["gocspx-", "ya29."],
        pattern: concat!(
            r"\b(?P<s>GOCSPX-[A-Za-z0-9_\-]{28}|ya29\.[A-Za-z0-9_\-]{30,})",
            end!()
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "npm-token",
        keywords: &["npm_"],
        pattern: r"\bnpm_[A-Za-z0-9]{36}\b",
        check: Check::Shape,
    },
    Rule {
        kind: "anthropic-key",
        keywords: &["sk-ant-"],
        pattern: concat!(
            r"\b(?P<s>sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_\-]{32,})",
            end!()
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "openai-key",
        keywords: &["sk-"],
        pattern: concat!(
            r"\b(?P<s>sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{20,}",
            r"|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48})",
            end!()
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "huggingface-token",
        keywords: &["hf_", "api_org_"],
        pattern: r"\b(?:hf|api_org)_[A-Za-z]{34}\b",
        check: Check::Shape,
    },
    Rule {
        kind: "vault-token",
        keywords: &["hvs.", "hvb.", "hvr."],
        pattern: concat!(r"\b(?P<s>hv[sbr]\.[A-Za-z0-9_\-]{24,})", end!()),
        check: Check::Shape,
    },
    Rule {
        kind: "shopify-token",
        keywords: &["shpat_", "shpca_", "shppa_", "shpss_"],
        pattern: r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b",
        check: Check::Shape,
    },
    Rule {
        kind: "pypi-token",
        keywords: &["pypi-"],
        // The token is a macaroon whose base64 starts with its issuer, pypi.org or
        // test.pypi.org.
        pattern: concat!(
            r"\b(?P<s>pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{40,})",
            end!()
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "dockerhub-token",
        keywords: &["dckr_"],
        pattern: concat!(r"\b(?P<s>dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,})", end!()),
        check: Check::Shape,
    },
    Rule {
        kind: "sendgrid-key",
        keywords: &["sg."],
        pattern: concat!(
            r"\b(?P<s>SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})",
            end!()
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "twilio-key",
        keywords: &["sk", "ac"],
        pattern: r"\b(?:SK|AC)[0-9a-f]{32}\b",
        check: Check::Shape,
    },
    Rule {
        kind: "telegram-bot-token",
        keywords: &[":a"],
        pattern: concat!(r"\b(?P<s>[0-9]{5,16}:A[A-Za-z0-9_\-]{34})", end!()),
        check: Check::Shape,
    },
    Rule {
        kind: "vendor-token",
        keywords: &[
            "dop_v1_", "doo_v1_", "dor_v1_", "dapi", "sntryu_", "glsa_", "glc_", "dp.pt.",
            "lin_api_", "pul-", "pmak-", "nrak-", "pscale_", "atatt3", "hrku-", "fo1_",
        ],
        pattern: concat!(
            r"\b(?P<s>do[por]_v1_[a-f0-9]{64}|dapi[a-f0-9]{32}(?:-[0-9])?|sntryu_[a-f0-9]{64}",
            r"|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}|dp\.pt\.[A-Za-z0-9]{40,}",
            r"|lin_api_[A-Za-z0-9]{40}|pul-[a-f0-9]{40}|PMAK-[a-f0-9]{24}-[a-f0-9]{34}",
            r"|NRAK-[A-Z0-9]{27}|pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_.=\-]{32,64}",
            r"|ATATT3[A-Za-z0-9_\-=]{150,}|HRKU-AA[A-Za-z0-9_\-]{58}|fo1_[A-Za-z0-9_\-]{43})",
            end!()
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "age-secret-key",
        keywords: &["age-secret-key-1"],
        // Bech32: digits but 1, letters but B, I and O.
        pattern: r"\bAGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}\b",
        check: Check::Shape,
    },
    Rule {
        kind: "azure-key",
        keywords: &[
            "accountkey=",
            "sharedaccesskey=",
            "primarykey=",
            "secondarykey=",
        ],
        pattern: r"(?i:AccountKey|SharedAccessKey|PrimaryKey|SecondaryKey)=(?P<s>[A-Za-z0-9+/]{30,}={0,2})",
        check: Check::Shape,
    },
    Rule {
        kind: "azure-sas",
        keywords: &["sig="],
        pattern: r"[?&;]sig=(?P<s>[A-Za-z0-9%+/]{20,}(?:=|%3[Dd])*)",
        check: Check::Shape,
    },
    Rule {
        kind: "url-signature",
        keywords: &[
            "x-amz-signature=",
            "x-goog-signature=",
            "x-amz-security-token=",
        ],
        pattern: r"(?i:X-Amz-Signature|X-Goog-Signature|X-Amz-Security-Token)=(?P<s>[A-Za-z0-9%+/_\-]{20,})",
        check: Check::Shape,
    },
    Rule {
        kind: "bearer-token",
        keywords: &["bearer"],
        pattern: r"\b(?i:bearer)[ \t]+(?P<s>[A-Za-z0-9\-._~+/]{16,}=*)",
        check: Check::Credential,
    },
    Rule {
        kind: "basic-auth",
        keywords: &["basic"],
        pattern: r#"(?i:authorization)["']?[ \t]*[:=][ \t]*["']?(?i:basic)[ \t]+(?P<s>[A-Za-z0-9+/]{8,}={0,2})"#,
        check: Check::Shape,
    },
    Rule {
        kind: "basic-auth",
        keywords: &["basic"],
        pattern: r"\b(?i:basic)[ \t]+(?P<s>[A-Za-z0-9+/]{8,}={0,2})",
        check: Check::Credential,
    },
    Rule {
        kind: "authorization",
        keywords: &[
            "authorization",
            "x-api-key",
            "api-key:",
            "x-auth-token",
            "private-token",
        ],
        pattern: concat!(
            r#"(?i:authorization|x-api-key|api-key|x-auth-token|private-token)["']?[ \t]*[:=][ \t]*["']?"#,
            r"(?:(?i:token|apikey|api-key|key|sso-key|digest|hmac|splunk|geniekey)[ \t]+)?",
            r"(?P<s>[A-Za-z0-9\-._~+/=:]{12,})"
        ),
        check: Check::Credential,
    },
    Rule {
        kind: "sentry-dsn",
        keywords: &["sentry.io", "sentry"],
        pattern: r"https?://(?P<s>[0-9a-f]{32})(?::[0-9a-f]{32})?@[A-Za-z0-9.\-]*sentry",
        check: Check::Shape,
    },
    Rule {
        kind: "api-key",
        keywords: &["heroku"],
        pattern: concat!(
            r#"(?i:heroku)[A-Za-z0-9_ .\-]{0,20}?(?i:key|token)["']?[ \t]*(?:[:=]|\bis\b)?[ \t]*["']?"#,
            r"(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"
        ),
        check: Check::Shape,
    },
    Rule {
        kind: "jwt",
        keywords: &["eyj"],
        pattern: r"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*",
        check: Check::Shape,
    },
    Rule {
        kind: "private-key-id",
        keywords: &["private_key_id"],
        pattern: r#"private_key_id["']?\s*[:=]\s*["']?(?P<s>[0-9a-fA-F]{32,64})\b"#,
        check: Check::Shape,
    },
    Rule {
        kind: "url-password",
        keywords: &["://"],
        pattern: r"\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/?#@<>|]*:(?P<s>[^\s/?#@<>|]+)@",
        check: Check::Assigned,
    },
    Rule {
        kind: "password",
        keywords: &["curl"],
        pattern: r#"\bcurl\b[^\n]*?\s(?:-u|--user)(?:=|[ \t]+)["']?[^\s:"']*:(?P<s>[^\s"']+)"#,
        check: Check::Assigned,
    },
    Rule {
        kind: "password",
        keywords: &["mysql", "mariadb"],
        pattern: r#"\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n]*?\s-p["']?(?P<s>[^\s"'\-][^\s"']*)"#,
        check: Check::Assigned,
    },
    Rule {
        kind: "password",
        keywords: &["mysql", "mariadb"],
        pattern: r#"\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n]*?\s-p[ \t]+["']?(?P<s>[^\s"'\-][^\s"']*)"#,
        check: Check::Credential,
    },
    Rule {
        kind: "password",
        keywords: &["sshpass", "redis-cli", "login", "ldap"],
        pattern: concat!(
            r#"(?:\bsshpass[ \t]+-p[ \t]*|\bredis-cli\b[^\n]*?[ \t]-a[ \t]+"#,
            r#"|\b(?:docker|podman|helm|oc|buildah|skopeo)[ \t]+(?:registry[ \t]+)?login\b[^\n]*?[ \t]-p[ \t]+"#,
            r#"|\bldap[a-z]*\b[^\n]*?[ \t]-w[ \t]+)["']?(?P<s>[^\s"']+)"#
        ),
        check: Check::Assigned,
    },
    Rule {
        kind: "api-key",
        keywords: &["key", "token", "secret", "password"],
        pattern: concat!(
            r#"(?:(?P<word>\b[A-Za-z]+[ _\-])|\b)(?i:key|token|secret|password)["']?"#,
            r#"[ \t]*(?:[:=]|=>|\bis\b|\bwas\b)?[ \t]*["'`]?\b(?P<s>[0-9a-fA-F]{32,64})\b"#
        ),
        check: Check::HexKey,
    },
    Rule {
        kind: "password",
        keywords: &["pass", "pwd", "pw", "secret", "token", "key", "credential"],
        pattern: concat!(
            r"\b",
            key_words!(),
            r#"\b["']?[ \t]*(?P<sep>:=|=>|[:=])[ \t]*(?P<s>"[^"\n]*"|'[^'\n]*'|[^\s"'<>,;&]+)"#
        ),
        check: Check::Pair,
    },
    Rule {
        kind: "password",
        keywords: &["pass", "pwd", "token", "secret", "key"],
        pattern: concat!(
            r"(?:^|[ \t])--?(?i:[a-z0-9]+-)*(?i:password|passwd|pass|passphrase|pwd|token|secret|api-?key",
            r#"|access-?key|secret-?key|client-secret|auth-token)[ \t]+["']?(?P<s>[^\s"']+)"#
        ),
        check: Check::Credential,
    },
    Rule {
        kind: "password",
        keywords: &["pass", "pwd", "pw", "pin", "secret", "token", "key"],
        pattern: concat!(
            r"\b(?i:password|passphrase|passwd|pwd|pw|passcode|pin|secret|token|api key)\b",
            r"(?:[ \t]+(?i:for|of|on|to)(?:[ \t]+[A-Za-z0-9_@.\-]+){1,3})?",
            r#"[ \t]+(?i:is now|is still|was|is|changed to|set to)[ \t]+["'`]?(?P<s>[^\s"'`]+)"#
        ),
        check: Check::Credential,
    },
    Rule {
        kind: "password",
        keywords: &["pass", "pwd", "pw", "secret", "token"],
        // "smtp password 4sYL067ek5o46eqK": the word, then a value that can only be a
        // credential.
        pattern: r#"\b(?i:password|passphrase|passwd|pwd|pw|secret|token)[ \t]+["'`]?(?P<s>[^\s"'`]+)"#,
        check: Check::Strong,
    },
];
