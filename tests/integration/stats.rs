//! `pm stats` through the binary, on the fixture repository tests/fixtures/stats/ (today is
//! 2026-11-24, `PM_NOW`). Every expected figure below is computed by hand from the
//! fixtures' front matter, as docs/metrics.md defines it; the comments show the sums.
//!
//! In 2026-01-01..2026-06-30, of the default types (gameday and maintenance left out), six
//! postmortems count: A 01-10 SEV1, B 01-20 SEV2, C 02-05 SEV2, D 03-03 SEV3,
//! E 03-20 SEV1 near-miss, F 06-10 SEV2. April and May have none (April's one document is
//! broken: `severity: SEV9`, left out).

use serde_json::{Value, json};

use crate::env::{TestEnv, output};

const PERIOD: &[&str] = &["--since", "2026-01-01", "--until", "2026-06-30"];

/// A repository holding the fixture's postmortems.
fn fixture_repo() -> TestEnv {
    let env = TestEnv::new();
    copy_into(&env, "");
    env
}

/// Copies the fixture's postmortems under `prefix` (a folder of `env`, or the root).
fn copy_into(env: &TestEnv, prefix: &str) {
    env.fixture_dir("stats/postmortems", &format!("{prefix}postmortems"));
}

fn stats(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    crate::env::run(env, "stats", args)
}

fn stats_json(env: &TestEnv, args: &[&str]) -> Value {
    crate::env::run_json(env, "stats", args)
}

/// `{n, without, median, p90, mean}` of one duration, seconds.
fn summary(n: u64, without: u64, median: i64, p90: i64, mean: i64) -> Value {
    json!({"n": n, "without": without, "median_seconds": median, "p90_seconds": p90, "mean_seconds": mean})
}

#[test]
fn the_whole_period_by_hand_every_duration_and_the_remediation_items() {
    let env = fixture_repo();
    let report = stats_json(&env, PERIOD);
    let total = &report["total"];
    assert_eq!(total["incidents"], 6);
    let d = &total["durations"];
    // detect: A 600, B 1800, C 300, E 60, F 3600 (D has no detected_at): sorted 60 300
    // [600] 1800 3600; p90 rank ceil(4.5) = 5; mean 6360 / 5 = 1272.
    assert_eq!(d["time_to_detect"], summary(5, 1, 600, 3600, 1272));
    // acknowledge - detect: A 300, B 120, E 120, F 1800 (C, D without): median
    // (120 + 300) / 2 = 210, p90 rank 4, mean 2340 / 4 = 585.
    assert_eq!(d["time_to_acknowledge"], summary(4, 2, 210, 1800, 585));
    // mitigate: A 2400, B 3600, D 2700, E 1800, F 7200 (C without): mean 17700 / 5.
    assert_eq!(d["time_to_mitigate"], summary(5, 1, 2700, 7200, 3540));
    // resolve: 3600 3600 5400 7200 10800 180000 (C: two days and two hours): median
    // (5400 + 7200) / 2 = 6300, p90 rank ceil(5.4) = 6, mean 210600 / 6 = 35100.
    assert_eq!(d["time_to_resolve"], summary(6, 0, 6300, 180_000, 35_100));
    // notified - detected: A 1200, C 900, E 540, F 2700 (B never notified, D not detected):
    // median (900 + 1200) / 2, mean 5340 / 4 = 1335.
    assert_eq!(d["notification_delay"], summary(4, 2, 1050, 2700, 1335));
    // Items: A done by due (22 days) + open overdue since 03-01 and > 6 months; B done late
    // (26 days) + wontfix; C done before its default due (resolved 02-07 + 30 = 03-09; 24
    // days); D open, due 12-31, started > 6 months ago; F done by due (8 days) + open,
    // overdue since 07-01, started 06-10 (< 6 months). Done by due 3 of 4 = 75%; days to
    // done 8 22 24 26: median 23.
    assert_eq!(
        total["remediation"],
        json!({"opened": 8, "done": 4, "wontfix": 1, "done_by_due": 3, "done_by_due_of": 4,
               "median_days_to_done": 23, "open": 3, "overdue": 2, "open_over_6_months": 2,
               "done_by_due_percent": 75})
    );
    assert_eq!(
        report["types"],
        json!(["incident", "near-miss", "security"])
    );
    assert_eq!(
        (&report["since"], &report["until"], &report["as_of"]),
        (
            &json!("2026-01-01"),
            &json!("2026-06-30"),
            &json!("2026-11-24")
        )
    );
    assert_eq!(report["left_out_broken"], 1);
    assert_eq!(report["groups"], json!([]));
}

#[test]
fn per_severity_with_a_median_of_two_and_a_percentage_that_rounds() {
    let env = fixture_repo();
    let report = stats_json(&env, &[PERIOD, &["--by", "severity"]].concat());
    let groups = report["groups"].as_array().expect("groups");
    let keys: Vec<&Value> = groups.iter().map(|g| &g["key"]["severity"]).collect();
    // Configured order; SEV4 has no incident and, not being a period, no row.
    assert_eq!(keys, ["SEV1", "SEV2", "SEV3"]);
    let incidents: Vec<&Value> = groups.iter().map(|g| &g["incidents"]).collect();
    assert_eq!(incidents, [2, 3, 1]);
    // SEV1 detect: A 600, E 60: median (60 + 600) / 2 = 330, p90 rank ceil(1.8) = 2.
    assert_eq!(
        groups[0]["durations"]["time_to_detect"],
        summary(2, 0, 330, 600, 330)
    );
    // SEV2 resolve: B 5400, F 10800, C 180000: mean 196200 / 3 = 65400.
    assert_eq!(
        groups[1]["durations"]["time_to_resolve"],
        summary(3, 0, 10_800, 180_000, 65_400)
    );
    // SEV2 done by due: B late, C and F on time: 2 of 3 = 66.7%, shown 67.
    assert_eq!(groups[1]["remediation"]["done_by_due_percent"], 67);
    assert_eq!(groups[1]["remediation"]["median_days_to_done"], 24);
    // SEV3 (D) has no detected_at: no figure, counted as without, never zero.
    assert_eq!(
        groups[2]["durations"]["time_to_detect"],
        json!({"n": 0, "without": 1, "median_seconds": null, "p90_seconds": null, "mean_seconds": null})
    );
    assert_eq!(groups[2]["remediation"]["done_by_due_percent"], Value::Null);
}

#[test]
fn per_month_an_empty_month_is_shown_empty() {
    let env = fixture_repo();
    let report = stats_json(&env, &[PERIOD, &["--by", "month"]].concat());
    let rows: Vec<(String, u64)> = report["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["key"]["month"].as_str().expect("month").to_string(),
                g["incidents"].as_u64().expect("n"),
            )
        })
        .collect();
    let expected = [
        ("2026-01", 2),
        ("2026-02", 1),
        ("2026-03", 2),
        ("2026-04", 0),
        ("2026-05", 0),
        ("2026-06", 1),
    ];
    assert_eq!(rows, expected.map(|(m, n)| (m.to_string(), n)).to_vec());
    // January's resolve: A 7200, B 5400.
    assert_eq!(
        report["groups"][0]["durations"]["time_to_resolve"],
        summary(2, 0, 6300, 7200, 6300)
    );
    let april = &report["groups"][3];
    assert_eq!(
        april["durations"]["time_to_resolve"]["median_seconds"],
        Value::Null
    );
    assert_eq!(april["remediation"]["opened"], 0);
}

#[test]
fn services_tags_types_quarters_and_their_combinations() {
    let env = fixture_repo();
    let groups = |by: &[&str]| -> Vec<(Value, Value)> {
        let mut args = PERIOD.to_vec();
        for b in by {
            args.extend(["--by", b]);
        }
        stats_json(&env, &args)["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| (g["key"].clone(), g["incidents"].clone()))
            .collect()
    };
    // A lists two services: it counts in both (4 + 1 + 2 = 7 > 6).
    assert_eq!(
        groups(&["service"]),
        [
            (json!({"service": "checkout-api"}), json!(4)),
            (json!({"service": "payments"}), json!(1)),
            (json!({"service": "search"}), json!(2)),
        ]
    );
    assert_eq!(
        groups(&["tag"]),
        [
            (json!({"tag": "config"}), json!(1)),
            (json!({"tag": "deploy"}), json!(3)),
            (json!({"tag": "(none)"}), json!(2)),
        ]
    );
    assert_eq!(
        groups(&["type"]),
        [
            (json!({"type": "incident"}), json!(5)),
            (json!({"type": "near-miss"}), json!(1)),
        ]
    );
    assert_eq!(
        groups(&["quarter"]),
        [
            (json!({"quarter": "2026Q1"}), json!(5)),
            (json!({"quarter": "2026Q2"}), json!(1)),
        ]
    );
    // Two keys: only the combinations that occur.
    assert_eq!(
        groups(&["severity", "quarter"]),
        [
            (json!({"severity": "SEV1", "quarter": "2026Q1"}), json!(2)),
            (json!({"severity": "SEV2", "quarter": "2026Q1"}), json!(2)),
            (json!({"severity": "SEV2", "quarter": "2026Q2"}), json!(1)),
            (json!({"severity": "SEV3", "quarter": "2026Q1"}), json!(1)),
        ]
    );
}

#[test]
fn repeat_offenders_newest_first_and_the_types_that_count() {
    let env = fixture_repo();
    let report = stats_json(&env, PERIOD);
    // checkout-api: A, B, C, E (the game day is left out); search has D and F only.
    assert_eq!(
        report["repeat_offenders"],
        json!([{"service": "checkout-api", "incidents": 4, "latest": "2026-03-20",
                "postmortems": ["2026-03-20-checkout-near-miss", "2026-02-05-checkout-slow-for-two-days",
                                "2026-01-20-checkout-config-typo", "2026-01-10-checkout-and-payments-failed"]}])
    );
    // With every type, search has 3 (the maintenance window) and its latest (06-10) is
    // newer than checkout-api's; the game day adds a fifth to checkout-api.
    let report = stats_json(
        &env,
        &[
            PERIOD,
            &[
                "--type",
                "incident,near-miss",
                "--type",
                "gameday",
                "--type",
                "Maintenance",
            ],
        ]
        .concat(),
    );
    let offenders: Vec<(&Value, &Value)> = report["repeat_offenders"]
        .as_array()
        .expect("offenders")
        .iter()
        .map(|o| (&o["service"], &o["incidents"]))
        .collect();
    assert_eq!(
        offenders,
        [
            (&json!("search"), &json!(3)),
            (&json!("checkout-api"), &json!(5))
        ]
    );
    assert_eq!(report["total"]["incidents"], 8);
    let gameday = stats_json(&env, &["--type", "gameday"]);
    assert_eq!(gameday["total"]["incidents"], 1);
    assert_eq!(gameday["types"], json!(["gameday"]));
}

#[test]
fn the_period_defaults_to_the_oldest_postmortem_and_today_and_reads_30d() {
    let env = fixture_repo();
    // All 11 readable documents but the game day and the maintenance window: 9.
    let report = stats_json(&env, &[]);
    assert_eq!(report["total"]["incidents"], 9);
    assert_eq!(report["since"], "2025-12-20");
    assert_eq!(report["until"], "2026-11-24");
    // 30 days back from 2026-11-24: the ledger sync of 11-10 only (still unresolved).
    let report = stats_json(&env, &["--since", "30d"]);
    assert_eq!(report["since"], "2026-10-25");
    assert_eq!(report["total"]["incidents"], 1);
    assert_eq!(
        report["total"]["durations"]["time_to_resolve"]["without"],
        1
    );
}

#[test]
fn a_broken_document_is_reported_at_its_place_and_left_out() {
    let env = fixture_repo();
    let (code, stdout, stderr) = stats(&env, PERIOD);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("postmortems/2026-04-15-broken-severity.md:4:11: error[invalid-value]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 broken postmortem left out of the figures"),
        "{stderr}"
    );
    assert!(stdout.contains("1 broken postmortem left out"), "{stdout}");
}

#[test]
fn every_format_shows_the_same_figures() {
    let env = fixture_repo();
    let args = [PERIOD, &["--by", "severity"]].concat();
    // The table for people.
    let (_, human, _) = stats(&env, &args);
    insta::assert_snapshot!(human);
    // Markdown: the same tables as pipe tables, under a title.
    let (_, markdown, _) = stats(&env, &[args.as_slice(), &["--format", "markdown"]].concat());
    assert!(
        markdown.starts_with("# Incident statistics\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| SEV2 | 3 | 0 | 3h 00m | 2d 2h | 18h 10m |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| all | 8 | 4 | 1 | 75% of 4 | 23 | 3 | 2 | 2 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| checkout-api | 4 | 2026-03-20 |"),
        "{markdown}"
    );
    // CSV: one row per group and `all`, seconds.
    let (_, csv, _) = stats(&env, &[args.as_slice(), &["--format", "csv"]].concat());
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    let all = &rows[3];
    assert_eq!(&all[column("severity")], "all");
    assert_eq!(&all[column("incidents")], "6");
    assert_eq!(&all[column("time_to_resolve_median_seconds")], "6300");
    assert_eq!(&all[column("time_to_resolve_p90_seconds")], "180000");
    assert_eq!(&all[column("time_to_detect_without")], "1");
    assert_eq!(&all[column("items_done_by_due_percent")], "75");
    // SEV3 has no detection time: an empty field, not 0.
    assert_eq!(&rows[2][column("time_to_detect_median_seconds")], "");
    assert_eq!(&rows[2][column("time_to_detect_n")], "0");
}

#[test]
fn several_repositories_together_with_their_folder_names() {
    let env = TestEnv::new();
    for team in ["payments", "search"] {
        env.write(&format!("{team}/pm.yaml"), "timezone: UTC\n");
        copy_into(&env, &format!("{team}/"));
    }
    let report = stats_json(
        &env,
        &[PERIOD, &["-C", "payments", "-C", "search"]].concat(),
    );
    assert_eq!(report["repositories"], json!(["payments", "search"]));
    assert_eq!(report["total"]["incidents"], 12);
    assert_eq!(report["left_out_broken"], 2);
    // The same durations twice: the median and p90 do not move.
    assert_eq!(
        report["total"]["durations"]["time_to_resolve"]["median_seconds"],
        6300
    );
    // search (D and F twice) is a repeat offender now, and its latest is the newer.
    let offenders = &report["repeat_offenders"];
    assert_eq!(
        (&offenders[0]["service"], &offenders[0]["incidents"]),
        (&json!("search"), &json!(4))
    );
    let ids = &offenders[1]["postmortems"];
    assert_eq!(ids[0], "payments/2026-03-20-checkout-near-miss");
    assert_eq!(ids[1], "search/2026-03-20-checkout-near-miss");
    assert_eq!(offenders[1]["incidents"], 8);
}

#[test]
fn bad_input_is_a_clear_error_exit_2_and_nothing_written() {
    let env = fixture_repo();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--since", "2026-06-01", "--until", "2026-01-01"],
            "error: --since 2026-06-01 is after --until 2026-01-01",
        ),
        (&["--by", "owner"], "invalid value 'owner' for '--by <KEY>'"),
        (&["--since", "2026-02-30"], "not a day of the calendar"),
        (&["--since", "lastweek"], "30d or 12w"),
        (&["--type", "gamday"], "did you mean `gameday`?"),
        (&["-C", "no-such-folder"], "no-such-folder: no such folder"),
        (
            &["-C", ".", "-C", "/"],
            "-C /: not inside a postmortem repository",
        ),
    ];
    for (args, message) in cases {
        let (code, stdout, stderr) = stats(&env, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("broken-severity"),
            "{args:?}: read files: {stderr}"
        );
    }
    // Only `pm stats` takes -C more than once.
    let (code, stdout, stderr) = output(env.pm().args(["list", "-C", ".", "-C", "."]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("-C is given more than once"), "{stderr}");
}

#[test]
fn several_repositories_of_one_folder_name_are_told_apart_and_named_in_diagnostics() {
    let env = TestEnv::new();
    for team in ["a/pm", "b/pm"] {
        env.write(&format!("{team}/pm.yaml"), "timezone: UTC\n");
        copy_into(&env, &format!("{team}/"));
    }
    let args = [PERIOD, &["-C", "a/pm", "-C", "b/pm", "--format", "json"]].concat();
    let (code, stdout, stderr) = stats(&env, &args);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["repositories"], json!(["a/pm", "b/pm"]));
    let ids = &report["repeat_offenders"][1]["postmortems"];
    assert_eq!(ids[0], "a/pm/2026-03-20-checkout-near-miss");
    assert_eq!(ids[1], "b/pm/2026-03-20-checkout-near-miss");
    // Each broken document is named from where pm runs, so it can be opened from there.
    for team in ["a/pm", "b/pm"] {
        let at = format!("{team}/postmortems/2026-04-15-broken-severity.md:4:11: error");
        assert!(stderr.contains(&at), "{stderr}");
        let check = format!("run `pm check -C {team} postmortems/2026-04-15-broken-severity.md`");
        assert!(stderr.contains(&check), "{stderr}");
    }
}

#[test]
fn a_broken_pm_yaml_among_several_is_named_and_exit_2() {
    let env = fixture_repo();
    env.write("other/pm.yaml", "timezone: Mars/Olympus\n");
    copy_into(&env, "other/");
    let (code, stdout, stderr) = stats(&env, &["-C", ".", "-C", "other"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("other/pm.yaml:1:11"), "{stderr}");
    assert!(stderr.contains("other: pm.yaml has 1 problem"), "{stderr}");
    // One -C: exit 2 as well.
    let (code, stdout, stderr) = stats(&env, &["-C", "other"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
}

#[test]
fn the_same_repository_twice_is_a_usage_error() {
    let env = fixture_repo();
    for second in [".", "./", "postmortems"] {
        let (code, stdout, stderr) = stats(&env, &["-C", ".", "-C", second]);
        assert_eq!((code, stdout.as_str()), (2, ""), "{second}: {stderr}");
        assert!(
            stderr.contains("are the same repository") && stderr.contains("would count twice"),
            "{second}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("and -C {}", env.path(second).display())),
            "{second}: {stderr}"
        );
    }
}
