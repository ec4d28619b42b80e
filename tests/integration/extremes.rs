//! Extreme spans and times (issue 11, §2): every date arithmetic on input is checked. A span
//! in pm.yaml too long for pm is a config error at its place, a flag too far off a usage
//! error, and no document, config or flag makes pm panic (exit 101). The property test
//! runs the binary over extreme values in all three.

use proptest::prelude::*;

use crate::env::{TestEnv, output};

const SOURCES: &str =
    "chat:\n  sources:\n    - channel: \"#ops\"\n      format: irssi\n      path: logs/ops.log\n";

const LOG: &str = "--- Log opened Sat Mar 14 08:00:00 2026\n09:13 < bea> seeing 503s on checkout\n10:00 < ann> reverted\n";

const DOC: &str = "postmortems/2026-03-14-checkout.md";

/// A postmortem with the given times (RFC 3339) and due date, and one item without one.
fn doc(started: &str, resolved: &str, meeting: &str, due: &str) -> String {
    format!(
        "---\ntitle: Checkout API returned 503s\nstatus: published\nseverity: SEV2\nstarted_at: {started}\ndetected_at: {started}\nresolved_at: {resolved}\nmeeting_at: {meeting}\nservices: [checkout-api]\nauthors: [Ana Lima]\nfacilitator: Chris Hale\nchannels: [\"#ops\"]\nremediation:\n  - title: Page when the checkout 5xx rate exceeds 1% for 2 minutes\n    owner: Ben Okafor\n    ticket: OPS-1412\n    due: {due}\n  - title: Alert on the config push rate\n    owner: Ben Okafor\n    ticket: OPS-1413\n---\n# Checkout API returned 503s\n\n## Summary\nA config push.\n\n## Timeline\n- 09:12 UTC config pushed\n"
    )
}

fn env_with(config: &str) -> TestEnv {
    let env = TestEnv::new();
    env.write("pm.yaml", config);
    env.write("logs/ops.log", LOG);
    env.write(
        DOC,
        doc(
            "2026-03-14T09:12:00Z",
            "2026-03-14T10:05:00Z",
            "2026-03-16T10:00:00Z",
            "2026-04-14",
        ),
    );
    env
}

/// Runs pm and fails on a panic; returns the exit code and stderr.
fn run(env: &TestEnv, args: &[&str]) -> (i32, String) {
    let (code, _, stderr) = output(env.pm().args(args));
    assert!(
        code != 101 && !stderr.contains("panicked"),
        "pm {args:?} panicked:\n{stderr}\npm.yaml:\n{}",
        std::fs::read_to_string(env.path("pm.yaml")).unwrap_or_default()
    );
    (code, stderr)
}

#[test]
fn a_padding_of_99999999999_days_is_out_of_range_not_a_panic() {
    for padding in [
        "99999999999d",
        "106751991167d",
        "999999999999999999",
        "36501d",
    ] {
        let env = env_with(&format!("{SOURCES}  padding: {padding}\n"));
        let (code, stderr) = run(&env, &["import-logs", "checkout"]);
        assert_eq!(code, 1, "{padding}: {stderr}");
        assert!(
            stderr.contains("`chat.padding` is out of range: pm reads spans up to 36500 days")
                && stderr.contains("pm.yaml:6:12"),
            "{padding}: {stderr}"
        );
    }
    // The longest span pm reads still imports.
    let env = env_with(&format!("{SOURCES}  padding: 36500d\n"));
    let (code, stderr) = run(&env, &["import-logs", "checkout"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn remediation_days_too_long_are_out_of_range_not_a_panic() {
    for key in ["due_days", "stale_days", "max_days"] {
        for n in ["99999999999", "9223372036854775807", "18446744073709551615"] {
            let env = env_with(&format!("remediation:\n  {key}: {n}\n"));
            for args in [&["overdue"][..], &["check"], &["show", "checkout"]] {
                let (code, stderr) = run(&env, args);
                assert_eq!(code, 1, "{key}: {n}, pm {args:?}: {stderr}");
                assert!(
                    stderr.contains(&format!("`remediation.{key}` is out of range"))
                        && stderr.contains("pm.yaml:2:"),
                    "{key}: {n}: {stderr}"
                );
            }
        }
    }
}

#[test]
fn meeting_spans_too_long_are_out_of_range() {
    for key in ["within", "silence"] {
        let env = env_with(&format!("meeting:\n  {key}: 99999999999d\n"));
        let (code, stderr) = run(&env, &["check"]);
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains(&format!("`meeting.{key}` is out of range")),
            "{stderr}"
        );
    }
}

#[test]
fn documents_at_the_ends_of_the_calendar_do_not_panic() {
    let env = env_with(&format!(
        "{SOURCES}  padding: 36500d\nremediation:\n  due_days: 36500\n  stale_days: 36500\n  max_days: 36500\n"
    ));
    for (started, resolved, due) in [
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "9999-12-31"),
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "0000-01-01"),
        (
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59+14:00",
            "9999-12-31",
        ),
    ] {
        env.write(DOC, doc(started, resolved, resolved, due));
        for args in commands() {
            run(&env, &args);
        }
    }
}

/// Every command that computes with times, on the one postmortem.
fn commands() -> Vec<Vec<&'static str>> {
    [
        &["list"][..],
        &["show", "checkout"],
        &["show", "checkout", "--format", "json"],
        &["index"],
        &["overdue"],
        &["overdue", "--format", "markdown"],
        &["check"],
        &["meeting", "checkout"],
        &["remediation", "list", "checkout"],
        &["schedule", "checkout", "--stdout"],
        &["import-logs", "checkout", "--stdout"],
    ]
    .iter()
    .map(|a| a.to_vec())
    .collect()
}

/// A span as pm.yaml may hold one: a few digits or very many, any unit, or a bare number.
fn span() -> impl Strategy<Value = String> {
    let digits = prop_oneof![
        2 => (0u64..100).prop_map(|n| n.to_string()),
        1 => (36_400u64..36_600).prop_map(|n| n.to_string()),
        // Past the calendar's end as days, inside what a chrono span holds.
        3 => (95_000_000u64..106_751_991_167).prop_map(|n| n.to_string()),
        // Past a chrono span as minutes or seconds, inside an i64.
        2 => (153_722_867_280_912u64..=i64::MAX as u64).prop_map(|n| n.to_string()),
        1 => (0u64..=u64::MAX).prop_map(|n| n.to_string()),
        1 => "[0-9]{1,40}",
    ];
    (
        digits,
        prop_oneof![Just(""), Just("m"), Just("h"), Just("d")],
    )
        .prop_map(|(n, unit)| format!("{n}{unit}"))
}

/// A time as the front matter may hold one: any year chrono's RFC 3339 reader takes.
fn timestamp() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("9999-12-31T23:59:59Z".to_string()),
        Just("0000-01-01T00:00:00Z".to_string()),
        Just("9999-12-31T23:59:59-23:59".to_string()),
        Just("0000-01-01T00:00:00+23:59".to_string()),
        (0u32..=9999, 1u32..=12, 1u32..=28, 0u32..24)
            .prop_map(|(y, m, d, h)| format!("{y:04}-{m:02}-{d:02}T{h:02}:00:00Z")),
    ]
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("9999-12-31".to_string()),
        Just("0000-01-01".to_string()),
        (0u32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
    ]
}

/// A time as a person types it at a flag: far offsets, the calendar's ends, words.
fn spoken() -> impl Strategy<Value = String> {
    prop_oneof![
        (span(), prop_oneof![Just("-"), Just("+")]).prop_map(|(s, sign)| format!("{sign}{s}")),
        timestamp(),
        Just("tomorrow 10:00".to_string()),
        Just("yesterday 23:59".to_string()),
        Just("now".to_string()),
    ]
}

#[derive(Debug)]
struct Case {
    config: String,
    doc: String,
    now: String,
    flags: Vec<Vec<String>>,
}

fn case() -> impl Strategy<Value = Case> {
    // One key at a time: any other key out of range would stop pm before it computes.
    let config = (span(), 0usize..7).prop_map(|(span, which)| {
        let days = span.trim_end_matches(char::is_alphabetic);
        let days = if days.is_empty() { "0" } else { days };
        match which {
            0 => format!("{SOURCES}  padding: {span}\n"),
            1 => format!("{SOURCES}meeting:\n  within: {span}\n"),
            2 => format!("{SOURCES}meeting:\n  silence: {span}\n"),
            3 => format!("{SOURCES}meeting:\n  duration: {span}\n"),
            4 => format!("{SOURCES}remediation:\n  due_days: {days}\n"),
            5 => format!("{SOURCES}remediation:\n  stale_days: {days}\n"),
            _ => format!("{SOURCES}remediation:\n  max_days: {days}\n"),
        }
    });
    let document = (timestamp(), timestamp(), timestamp(), date())
        .prop_map(|(s, r, m, due)| doc(&s, &r, &m, &due));
    let flags = (spoken(), spoken(), date(), span(), span()).prop_map(
        |(since, at, as_of, within, duration)| {
            let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            vec![
                v(&["import-logs", "checkout", "--stdout", "--since", &since]),
                v(&["import-logs", "checkout", "--stdout", "--until", &since]),
                v(&["schedule", "checkout", "--stdout", "--at", &at]),
                v(&["schedule", "checkout", "--stdout", "--duration", &duration]),
                v(&["overdue", "--as-of", &as_of, "--due-within", &within]),
                v(&["list", "--since", &as_of, "--until", &as_of]),
                v(&["remediation", "done", "checkout", "1", "--on", &as_of]),
                v(&[
                    "new",
                    "--no-input",
                    "-s",
                    "SEV2",
                    "--started-at",
                    &since,
                    "--meeting-at",
                    &at,
                    "Checkout again",
                ]),
            ]
        },
    );
    (config, document, timestamp(), flags).prop_map(|(config, doc, now, flags)| Case {
        config,
        doc,
        now,
        flags,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn extreme_spans_and_times_in_config_flags_and_documents_never_panic(case in case()) {
        let env = TestEnv::new();
        env.write("logs/ops.log", LOG);
        env.write(DOC, &case.doc);
        // With the config as generated, then without it (so the flags reach the work).
        for config in [case.config.as_str(), SOURCES] {
            env.write("pm.yaml", config);
            for args in commands().iter().map(|a| a.iter().map(|s| s.to_string()).collect()).chain(case.flags.iter().cloned()) {
                let args: Vec<String> = args;
                let (code, _, stderr) = output(env.pm().env("PM_NOW", &case.now).args(&args));
                prop_assert!(
                    code != 101 && !stderr.contains("panicked"),
                    "pm {:?} panicked (PM_NOW={}):\n{}\npm.yaml:\n{}\ndocument:\n{}",
                    args, case.now, stderr, config, case.doc
                );
            }
        }
    }
}
