//! Tests of `pm index`: the generated README, `--check`, never overwriting a README.md that
//! pm did not write, broken documents.

use crate::env::{TestEnv, VALID, output};
use crate::list::doc;

const INDEX: &str = "postmortems/README.md";

/// What `pm index` says when it writes the charts of `dir` for the first time.
fn wrote_charts(dir: &str) -> String {
    [
        "incidents-per-month",
        "time-to-resolve",
        "remediation",
        "incidents-per-service",
    ]
    .iter()
    .map(|c| format!("wrote {dir}/charts/{c}.svg\n"))
    .collect()
}

/// Postmortems over two years, one in a sub-folder, one with a title full of markdown.
fn sample(env: &TestEnv) {
    env.write("postmortems/2026-03-14-checkout-503s.md", VALID);
    env.write(
        "postmortems/2026-10-27-orders-db-lag.md",
        doc("title: Orders [db] replica lag | failover
status: in-review
severity: SEV1
started_at: 2026-10-27T14:05:00Z
detected_at: 2026-10-27T14:18:00Z
resolved_at: 2026-10-27T19:55:00Z
remediation:
  - title: Alert on replay lag
    owner: Sunil Mehta
  - title: Pause migrations on lag
    owner: Kenji Watanabe
    status: done
"),
    );
    env.write(
        "postmortems/2025/2025-12-30-dns outage.md",
        doc("title: DNS resolution failed for internal names
status: published
severity: SEV2
started_at: 2025-12-30T22:40:00Z
detected_at: 2025-12-30T22:41:00Z
resolved_at: 2025-12-31T01:10:00Z
"),
    );
}

#[test]
fn writes_the_index_by_year_newest_first() {
    let env = TestEnv::new();
    sample(&env);
    let (code, stdout, stderr) = output(env.pm().arg("index"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        stdout,
        format!(
            "{}wrote postmortems/README.md (3 postmortems, 4 charts)\n",
            wrote_charts("postmortems")
        )
    );
    insta::assert_snapshot!(env.read(INDEX));
}

#[test]
fn rewrites_only_when_something_changed() {
    let env = TestEnv::new();
    sample(&env);
    assert_eq!(output(env.pm().arg("index")).0, 0);
    let (code, stdout, _) = output(env.pm().arg("index"));
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "postmortems/README.md is up to date (3 postmortems, 4 charts)\n"
    );

    env.write(
        "postmortems/2026-03-14-checkout-503s.md",
        VALID.replace("status: published", "status: in-review"),
    );
    let (code, stdout, _) = output(env.pm().arg("index"));
    assert_eq!(code, 0);
    // The status is not charted: only the index changes.
    assert_eq!(
        stdout,
        "updated postmortems/README.md (3 postmortems, 4 charts)\n"
    );
    assert!(env.read(INDEX).contains("| SEV2 | in-review |"));
    // The temporary file of the atomic write is gone.
    let names: Vec<String> = std::fs::read_dir(env.path("postmortems"))
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(names, Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn the_index_is_readable_by_everyone_like_any_file_of_the_repository() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    sample(&env);
    assert_eq!(output(env.pm().arg("index")).0, 0);
    let mode = std::fs::metadata(env.path(INDEX))
        .expect("metadata")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

#[test]
fn check_fails_when_missing_or_stale_and_passes_when_fresh() {
    let env = TestEnv::new();
    sample(&env);
    let (code, stdout, stderr) = output(env.pm().args(["index", "--check"]));
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(
        stderr.starts_with("postmortems/README.md is missing: run `pm index`\n"),
        "{stderr}"
    );
    assert!(stderr.contains("postmortems/charts/remediation.svg is missing: run `pm index`\n"));
    assert!(!env.path(INDEX).exists(), "--check writes nothing");
    assert!(
        !env.path("postmortems/charts").exists(),
        "--check writes nothing"
    );

    assert_eq!(output(env.pm().arg("index")).0, 0);
    let (code, stdout, stderr) = output(env.pm().args(["index", "--check"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "postmortems/README.md is up to date (3 postmortems, 4 charts)\n"
    );

    // A new postmortem makes the index stale.
    env.write(
        "postmortems/2026-11-20-queue.md",
        doc("title: Queue backlog
status: draft
severity: SEV3
started_at: 2026-11-20T08:00:00Z
"),
    );
    let before = env.read(INDEX);
    let (code, stdout, stderr) = output(env.pm().args(["index", "--check"]));
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(
        stderr.starts_with("postmortems/README.md is stale: run `pm index`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("postmortems/charts/incidents-per-month.svg is stale: run `pm index`\n")
    );
    assert_eq!(env.read(INDEX), before, "--check writes nothing");

    // So does a hand edit.
    assert_eq!(output(env.pm().arg("index")).0, 0);
    env.write(INDEX, env.read(INDEX).replace("SEV1", "SEV2"));
    assert_eq!(output(env.pm().args(["index", "--check"])).0, 1);
}

#[test]
fn check_accepts_crlf_line_endings_from_a_windows_checkout() {
    let env = TestEnv::new();
    sample(&env);
    assert_eq!(output(env.pm().arg("index")).0, 0);
    env.write(INDEX, env.read(INDEX).replace('\n', "\r\n"));
    let (code, _, stderr) = output(env.pm().args(["index", "--check"]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn never_overwrites_a_readme_that_pm_did_not_write() {
    let env = TestEnv::new();
    sample(&env);
    let mine = "# Our postmortems\n\nWritten by hand.\n";
    env.write(INDEX, mine);
    let (code, stdout, stderr) = output(env.pm().arg("index"));
    assert_eq!((code, stdout.as_str()), (1, ""));
    insta::assert_snapshot!(stderr, @r"
    error: postmortems/README.md exists and was not written by `pm index`; not overwriting it
    hint: move it elsewhere (e.g. docs/), then run `pm index`; pm only replaces a README.md that holds the line `<!-- generated by pm index -->`
    ");
    assert_eq!(env.read(INDEX), mine);

    let (code, _, stderr) = output(env.pm().args(["index", "--check"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("was not written by `pm index`"), "{stderr}");
    assert_eq!(env.read(INDEX), mine);
}

#[test]
fn broken_documents_are_listed_with_a_marker_and_warned_about() {
    let env = TestEnv::new();
    env.write("postmortems/2026-03-14-checkout-503s.md", VALID);
    env.write(
        "postmortems/2026-09-01-half-broken.md",
        doc("title: Half broken
status: published
severity: SEV9
started_at: 2026-09-01T10:00:00Z
"),
    );
    env.write("postmortems/2026-01-05-notes.md", "# Just notes\n");
    let (code, stdout, stderr) = output(env.pm().arg("index"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!(
            "{}wrote postmortems/README.md (3 postmortems, 4 charts)\n",
            wrote_charts("postmortems")
        )
    );
    insta::assert_snapshot!("broken_stderr", stderr);
    insta::assert_snapshot!("broken_index", env.read(INDEX));
}

#[test]
fn an_empty_folder_gets_an_index_that_says_so() {
    let env = TestEnv::new();
    let (code, _, stderr) = output(env.pm().arg("index"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        env.read(INDEX)
            .ends_with("No postmortems yet: `pm new` writes the first one.\n")
    );
}

#[test]
fn follows_postmortems_dir_and_the_time_zone_of_pm_yaml() {
    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        "postmortems_dir: docs/incidents\ntimezone: America/Los_Angeles\n",
    );
    // 03:00 UTC on New Year's Day is still the old year in Los Angeles.
    env.write(
        "docs/incidents/2025-12-31-eve.md",
        doc("title: New Year's Eve
status: draft
severity: SEV4
started_at: 2026-01-01T03:00:00Z
"),
    );
    let (code, stdout, stderr) = output(env.pm().arg("index"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!(
            "{}wrote docs/incidents/README.md (1 postmortem, 4 charts)\n",
            wrote_charts("docs/incidents")
        )
    );
    let index = env.read("docs/incidents/README.md");
    assert!(
        index.contains("## 2025\n")
            && index.contains("| 2025-12-31 | [New Year's Eve](2025-12-31-eve.md) |"),
        "{index}"
    );
}

/// An index missing a file that could not be read would look complete: pm writes none.
#[cfg(unix)]
#[test]
fn an_unreadable_file_stops_the_index() {
    let env = TestEnv::new();
    sample(&env);
    std::os::unix::fs::symlink(
        env.path("nowhere.md"),
        env.path("postmortems/2026-01-01-gone.md"),
    )
    .expect("symlink");
    let (code, stdout, stderr) = output(env.pm().arg("index"));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: postmortems/2026-01-01-gone.md: cannot read: no such file or directory\n\
         error: postmortems/README.md not written: 1 file could not be read\n"
    );
    assert!(!env.path(INDEX).exists());
    assert_eq!(output(env.pm().args(["index", "--check"])).0, 2);
}

#[test]
fn open_items_link_their_tickets_when_pm_yaml_has_a_url_template() {
    let env = TestEnv::new();
    sample(&env);
    env.write(
        "pm.yaml",
        "tickets:\n  url_template: https://tracker.example.com/browse/{ticket}\n",
    );
    let (code, _, stderr) = output(env.pm().arg("index"));
    assert_eq!(code, 0, "{stderr}");
    let index = env.read(INDEX);
    // VALID's one open item has OPS-1412; the orders items have no ticket.
    assert!(
        index.contains("| 1 ([OPS-1412](https://tracker.example.com/browse/OPS-1412)) |"),
        "{index}"
    );
    assert!(index.contains("| 1 |"), "{index}");
}
