//! Tests of `pm new`: flags, the errors a tired on-call engineer meets, file names, YAML
//! quoting, `--branch`, `--edit`, templates, and the prompts through a real pseudo-terminal.

use std::path::Path;

use crate::env::{TestEnv, commit_files, output};

/// Runs `pm new ARGS`, expects success, and returns the printed path.
fn new_ok(env: &TestEnv, args: &[&str]) -> String {
    let (code, stdout, stderr) = output(env.pm().arg("new").args(args));
    assert_eq!(code, 0, "pm new {args:?} failed:\n{stderr}");
    stdout.trim_end().to_string()
}

/// `pm check` on one file passes.
fn assert_checks(env: &TestEnv, rel: &str) {
    let (code, _, stderr) = output(env.pm().args(["check", rel]));
    assert_eq!(code, 0, "pm check {rel}:\n{stderr}\n{}", env.read(rel));
}

/// The front matter of `text`, parsed.
fn front(text: &str) -> serde_yaml::Mapping {
    let rest = text.strip_prefix("---\n").expect("opens with ---");
    let end = rest.find("\n---\n").expect("closing ---");
    serde_yaml::from_str(&rest[..=end]).expect("front matter is YAML")
}

fn field<'a>(front: &'a serde_yaml::Mapping, key: &str) -> Option<&'a str> {
    front.get(key).and_then(|v| v.as_str())
}

/// Files under `postmortems/` (recursively), as sorted relative paths.
fn postmortems(env: &TestEnv) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, root, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(&env.path("postmortems"), &env.root, &mut out);
    out.sort();
    out
}

#[test]
fn flags_only_writes_the_front_matter_in_order_and_the_template() {
    let env = TestEnv::new();
    let (code, stdout, stderr) = output(env.pm().args([
        "new",
        "Checkout API returned 503s",
        "--severity",
        "SEV2",
        "--started-at",
        "2026-11-24 09:12",
        "--type",
        "near-miss",
        "--detected-at",
        "2026-11-24T09:19:00Z",
        "--acknowledged-at",
        "2026-11-24 09:22",
        "--mitigated-at",
        "2026-11-24T09:51:00Z",
        "--customers-notified-at",
        "2026-11-24T09:40:00Z",
        "--resolved-at",
        "2026-11-24T10:05:00+00:00",
        "--meeting-at",
        "2026-11-27 15:00",
        "--service",
        "checkout-api,config-service",
        "--tag",
        "config",
        "--tag",
        "deploy",
        "--channel",
        "#ops",
        "--author",
        "Ana Lima",
        "--author",
        "Ben Okafor",
        "--facilitator",
        "Chris Hale",
        "--link",
        "Checkout error rate=https://grafana.example.com/d/checkout?from=now-6h&to=now",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "postmortems/2026-11-24-checkout-api-returned-503s.md\n"
    );
    assert!(stderr.contains("pm check"), "{stderr}");
    assert!(stderr.contains("pull request"), "{stderr}");
    let text = env.read("postmortems/2026-11-24-checkout-api-returned-503s.md");
    insta::assert_snapshot!(text);
    assert_checks(&env, "postmortems/2026-11-24-checkout-api-returned-503s.md");
}

#[test]
fn minimal_flags_start_now_with_git_user_as_author_and_omit_empty_fields() {
    let env = TestEnv::new();
    let path = new_ok(&env, &["Search index stale", "--severity", "sev3"]);
    assert_eq!(path, "postmortems/2026-11-24-search-index-stale.md");
    let text = env.read(&path);
    assert!(
        text.starts_with(
            "---\ntitle: Search index stale\nstatus: draft\nseverity: SEV3\nstarted_at: 2026-11-24T12:00:00Z\nauthors: [Test Person]\n---\n# Search index stale\n"
        ),
        "{text}"
    );
    assert_checks(&env, &path);
}

#[test]
fn title_words_without_quotes_make_one_title() {
    let env = TestEnv::new();
    let path = new_ok(&env, &["Login", "outage", "-s", "SEV1"]);
    assert_eq!(path, "postmortems/2026-11-24-login-outage.md");
    assert_eq!(
        field(&front(&env.read(&path)), "title"),
        Some("Login outage")
    );
}

#[test]
fn times_are_written_in_the_repository_time_zone() {
    let env = TestEnv::new();
    env.write("pm.yaml", "timezone: Europe/Berlin\n");
    // 23:30 UTC is already the next day in Berlin: the file name follows the local day.
    let path = new_ok(
        &env,
        &[
            "Late night",
            "-s",
            "SEV2",
            "--started-at",
            "2026-11-24T23:30:00Z",
        ],
    );
    assert_eq!(path, "postmortems/2026-11-25-late-night.md");
    assert_eq!(
        field(&front(&env.read(&path)), "started_at"),
        Some("2026-11-25T00:30:00+01:00")
    );
    assert_checks(&env, &path);
}

#[test]
fn times_as_people_say_them_are_read_in_the_repository_time_zone_and_echoed() {
    let env = TestEnv::new();
    env.write("pm.yaml", "timezone: Europe/Berlin\n");
    // Now is 2026-11-24 13:00 in Berlin.
    let (code, stdout, stderr) = output(env.pm().args([
        "new",
        "Night pager",
        "-s",
        "SEV2",
        "--started-at",
        "yesterday 23:40",
        "--detected-at",
        "-12h",
        "--resolved-at",
        "2026-11-24 09:00",
        "--meeting-at",
        "16:30",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let path = stdout.trim();
    assert_eq!(path, "postmortems/2026-11-23-night-pager.md");
    let fm = front(&env.read(path));
    assert_eq!(fm["started_at"].as_str(), Some("2026-11-23T23:40:00+01:00"));
    assert_eq!(
        fm["detected_at"].as_str(),
        Some("2026-11-24T01:00:00+01:00")
    );
    assert_eq!(
        fm["resolved_at"].as_str(),
        Some("2026-11-24T09:00:00+01:00")
    );
    assert_eq!(fm["meeting_at"].as_str(), Some("2026-11-24T16:30:00+01:00"));
    // The relative ones are echoed as the absolute time understood; the dated one is not.
    assert!(
        stderr.contains("--started-at yesterday 23:40: 2026-11-23 23:40 CET\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--detected-at -12h: 2026-11-24 01:00 CET\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--meeting-at 16:30: 2026-11-24 16:30 CET\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("--resolved-at"), "{stderr}");
    assert_checks(&env, path);
}

#[test]
fn without_a_terminal_missing_flags_are_listed_with_an_example() {
    let env = TestEnv::new();
    let (code, stdout, stderr) = output(env.pm().arg("new"));
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    insta::assert_snapshot!(stderr);

    let (code, _, stderr) = output(env.pm().args(["new", "--severity", "SEV1"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: missing: TITLE (no terminal to ask on)\n"),
        "{stderr}"
    );
    assert!(stderr.contains("--severity SEV1"), "{stderr}");

    let (code, _, stderr) = output(env.pm().args(["new", "Disk full", "--no-input"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "error: missing: --severity (--no-input); the severities are SEV1, SEV2, SEV3, SEV4\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("pm new 'Disk full' --severity"), "{stderr}");
    assert!(postmortems(&env).is_empty(), "{:?}", postmortems(&env));
}

#[test]
fn refuses_to_overwrite_and_says_what_to_do() {
    let env = TestEnv::new();
    let path = new_ok(&env, &["Queue backlog", "-s", "SEV3"]);
    std::fs::write(env.path(&path), "edited by someone\n").unwrap();
    let (code, stdout, stderr) = output(env.pm().args(["new", "Queue backlog", "-s", "SEV3"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("postmortems/2026-11-24-queue-backlog.md already exists"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: if it is this incident, edit that file"),
        "{stderr}"
    );
    assert_eq!(env.read(&path), "edited by someone\n");

    // The same id in a sub-folder is taken too: ids are unique across the whole folder.
    env.write("postmortems/2025/2025-01-02-db-failover.md", "old\n");
    let (code, _, stderr) = output(env.pm().args([
        "new",
        "DB failover",
        "-s",
        "SEV2",
        "--started-at",
        "2025-01-02T08:00:00Z",
    ]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("postmortems/2025/2025-01-02-db-failover.md already exists"),
        "{stderr}"
    );
    assert!(!env.path("postmortems/2025-01-02-db-failover.md").exists());
}

#[test]
fn file_names_are_safe_slugs_whatever_the_title() {
    let long = "Very long title ".repeat(20);
    let cases: &[(&str, &str)] = &[
        (
            "Überlastung der Datenbank",
            "2026-11-24-uberlastung-der-datenbank.md",
        ),
        (
            "Zahlungsdienst fiel aus: Überlast",
            "2026-11-24-zahlungsdienst-fiel-aus-uberlast.md",
        ),
        (
            "Straße gesperrt, Ærø",
            "2026-11-24-strasse-gesperrt-aero.md",
        ),
        (
            "Panne du réseau à Besançon",
            "2026-11-24-panne-du-reseau-a-besancon.md",
        ),
        ("日本語のタイトル", "2026-11-24-ri-ben-yu-notaitoru.md"),
        ("🔥🔥", "2026-11-24-fire-fire.md"),
        ("!!! ??? ...", "2026-11-24-incident.md"),
        ("../../etc/passwd", "2026-11-24-etc-passwd.md"),
        ("api/v2\\users down", "2026-11-24-api-v2-users-down.md"),
        ("..", "2026-11-24-incident.md"),
        (
            &long,
            "2026-11-24-very-long-title-very-long-title-very-long-title-very-long.md",
        ),
    ];
    for (title, file) in cases {
        let env = TestEnv::new();
        let path = new_ok(&env, &[title, "-s", "SEV4"]);
        assert_eq!(path, format!("postmortems/{file}"), "title {title:?}");
        assert_eq!(postmortems(&env), vec![format!("postmortems/{file}")]);
        let stem = file.trim_end_matches(".md");
        assert!(stem.len() <= 11 + 60, "{stem}");
        assert_checks(&env, &path);
        assert_eq!(
            field(&front(&env.read(&path)), "title"),
            Some(title.trim()),
            "title {title:?}"
        );
    }
}

#[test]
fn yaml_hostile_titles_and_names_read_back_unchanged() {
    let titles = [
        "Checkout: 503s after deploy",
        "#ops was paged twice",
        "\"Quoted\" title",
        "It's 'single' quoted",
        "*star at the start",
        "&anchor at the start",
        "- starts like a list",
        "[starts like a flow list",
        "{starts like a map}",
        "? a question mark",
        "| a pipe",
        "> a fold",
        "!tag at the start",
        "%percent at the start",
        "@at and `backtick`",
        "true",
        "null",
        "2026-03-14",
        "12345",
        "a # b comment-looking",
        "key: value: more",
        "back\\slash and tab\tinside",
    ];
    for title in titles {
        let env = TestEnv::new();
        // `--flag=VALUE` and `--`, as in a shell, so a leading `-` is not read as a flag.
        let path = new_ok(
            &env,
            &[
                "-s",
                "SEV2",
                "--service=a: b",
                "--channel=#ops",
                &format!("--author={title}"),
                &format!("--facilitator={title}"),
                &format!("--link={title}=https://example.com/?q=a,b"),
                "--",
                title,
            ],
        );
        assert_checks(&env, &path);
        let expected = title.replace('\t', " ");
        let fm = front(&env.read(&path));
        assert_eq!(field(&fm, "title"), Some(expected.as_str()), "{title:?}");
        assert_eq!(field(&fm, "facilitator"), Some(expected.as_str()));
        assert_eq!(
            fm.get("authors")
                .and_then(|a| a.as_sequence())
                .map(|a| a.len()),
            Some(1)
        );
        assert_eq!(fm["authors"][0].as_str(), Some(expected.as_str()));
        assert_eq!(fm["channels"][0].as_str(), Some("#ops"));
        assert_eq!(fm["services"][0].as_str(), Some("a: b"));
        assert_eq!(fm["links"][0]["title"].as_str(), Some(expected.as_str()));
        assert_eq!(
            fm["links"][0]["url"].as_str(),
            Some("https://example.com/?q=a,b")
        );
        // pm's own reader agrees.
        let (code, stdout, stderr) = output(env.pm().args(["list", "--format", "json"]));
        assert_eq!(code, 0, "{stderr}");
        let listed: serde_json::Value = serde_json::from_str(&stdout).expect("json");
        assert_eq!(
            listed[0]["title"].as_str(),
            Some(expected.as_str()),
            "{stdout}"
        );
    }
}

#[test]
fn an_unknown_severity_suggests_the_closest_and_lists_them_all() {
    let env = TestEnv::new();
    let (code, _, stderr) = output(env.pm().args(["new", "X", "--severity", "SVE2"]));
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr);
    let (code, _, stderr) = output(env.pm().args(["new", "X", "--severity", "2"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `--severity SEV2`?"),
        "{stderr}"
    );

    env.write(
        "pm.yaml",
        "severities:\n  - name: critical\n    description: All hands\n  - name: minor\n",
    );
    let (code, _, stderr) = output(env.pm().args(["new", "X", "--severity", "SEV1"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("configured severities: critical, minor"),
        "{stderr}"
    );
    let path = new_ok(&env, &["X", "--severity", "Critical"]);
    assert_eq!(
        field(&front(&env.read(&path)), "severity"),
        Some("critical")
    );
    assert_checks(&env, &path);
    assert!(postmortems(&env).len() == 1);
}

#[test]
fn bad_and_out_of_order_times_name_the_flag() {
    let env = TestEnv::new();
    let (code, _, stderr) = output(env.pm().args([
        "new",
        "X",
        "-s",
        "SEV2",
        "--detected-at",
        "2026-02-30T10:00:00Z",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: --detected-at: 2026-02-30 is not a day of the calendar\n"),
        "{stderr}"
    );

    let (code, _, stderr) =
        output(
            env.pm()
                .args(["new", "X", "-s", "SEV2", "--started-at", "yesterday"]),
        );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--started-at: `yesterday` is not a time pm reads"),
        "{stderr}"
    );
    assert!(stderr.contains("or `now`"), "{stderr}");

    let (code, _, stderr) = output(env.pm().args([
        "new",
        "X",
        "-s",
        "SEV2",
        "--started-at",
        "2026-11-24T09:00:00Z",
        "--detected-at",
        "2026-11-24T09:30:00Z",
        "--resolved-at",
        "2026-11-24T09:10:00Z",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: --resolved-at (2026-11-24 09:10:00 UTC) is before --detected-at (2026-11-24 09:30:00 UTC)\n"),
        "{stderr}"
    );

    // With no --started-at, the start is now, and an earlier detection says so.
    let (code, _, stderr) = output(env.pm().args([
        "new",
        "X",
        "-s",
        "SEV2",
        "--detected-at",
        "2026-11-24T11:00:00Z",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is before --started-at (2026-11-24 12:00:00 UTC)"),
        "{stderr}"
    );
    assert!(stderr.contains("--started-at defaults to now"), "{stderr}");

    let (code, _, stderr) =
        output(
            env.pm()
                .args(["new", "X", "-s", "SEV2", "--meeting-at", "now"]),
        );
    assert_eq!(code, 2, "a meeting at the very start is out of order");
    assert!(stderr.contains("--meeting-at"), "{stderr}");
    assert!(postmortems(&env).is_empty());

    let path = new_ok(
        &env,
        &[
            "X",
            "-s",
            "SEV2",
            "--started-at",
            "2026-11-24T11:00:00Z",
            "--resolved-at",
            "NOW",
        ],
    );
    assert_eq!(
        field(&front(&env.read(&path)), "resolved_at"),
        Some("2026-11-24T12:00:00Z")
    );
}

#[test]
fn links_need_a_title_and_a_url() {
    let env = TestEnv::new();
    for bad in ["https://grafana.example.com", "=https://x", "Graph="] {
        let (code, _, stderr) = output(env.pm().args(["new", "X", "-s", "SEV2", "--link", bad]));
        assert_eq!(code, 2, "{bad}: {stderr}");
        assert!(stderr.contains("TITLE=URL"), "{stderr}");
    }
    // A relative link to a file not added yet is written, with a warning.
    let (code, _, stderr) = output(env.pm().args([
        "new",
        "X",
        "-s",
        "SEV2",
        "--link",
        "Error graph=images/errors.png",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning: --link `images/errors.png`: postmortems/images/errors.png does not exist yet"
        ),
        "{stderr}"
    );
}

#[test]
fn link_warnings_agree_with_pm_check() {
    // (url, whether it is a problem): `pm new` warns exactly when `pm check` reports it.
    let cases = [
        ("images/a%20b.png", false),
        ("images/a%20b.png?raw=1#top", false),
        ("/images/root.png", false),
        ("../images/root.png", false),
        ("images/missing.png", true),
        ("/missing.png", true),
        ("../../../../etc/passwd", true),
        ("/../outside.png", true),
        ("https://grafana.example.com/d/1", false),
        ("#timeline", false),
    ];
    for (url, problem) in cases {
        let env = TestEnv::new();
        env.write("postmortems/images/a b.png", "png");
        env.write("images/root.png", "png");
        let (code, stdout, stderr) =
            output(
                env.pm()
                    .args(["new", "X", "-s", "SEV2", "--link", &format!("Graph={url}")]),
            );
        assert_eq!(code, 0, "{url}: {stderr}");
        let warned = stderr.contains("warning: --link");
        let (check, check_out, check_err) = output(env.pm().args(["check", stdout.trim_end()]));
        let reported = check_out.contains("missing-link") || check_err.contains("missing-link");
        assert_eq!(
            (warned, reported),
            (problem, problem),
            "{url}:\npm new: {stderr}\npm check ({check}): {check_out}{check_err}"
        );
    }

    // Outside the repository: said as `pm check` says it, with its hint.
    let env = TestEnv::new();
    let (_, _, stderr) = output(env.pm().args([
        "new",
        "X",
        "-s",
        "SEV2",
        "--link",
        "Secrets=../../../../etc/passwd",
    ]));
    assert!(
        stderr.contains("warning: --link: the link `../../../../etc/passwd` points outside the repository; `pm check` reports it as an error (missing-link)\nhint: only the repository travels with the postmortem"),
        "{stderr}"
    );
}

#[test]
fn branch_commits_only_the_draft_on_a_new_branch_with_the_users_identity() {
    let env = TestEnv::new();
    env.write("README.md", "the repository\n");
    let repo = git2::Repository::open(&env.root).unwrap();
    let base = commit_files(&repo, &["README.md"]);
    // Someone's unrelated work: changed and untracked (staged work is refused: see
    // git_places.rs). Neither may end up in the commit.
    env.write("README.md", "the repository, being edited\n");
    env.write("scratch.txt", "untracked\n");

    let (code, stdout, stderr) =
        output(
            env.pm()
                .args(["new", "Payment webhook timeouts", "-s", "SEV2", "--branch"]),
        );
    assert_eq!(code, 0, "{stderr}");
    let id = "2026-11-24-payment-webhook-timeouts";
    assert_eq!(stdout, format!("postmortems/{id}.md\n"));
    assert!(stderr.contains(&format!("postmortem/{id}")), "{stderr}");
    assert!(
        stderr.contains(&format!("git push -u origin postmortem/{id}")),
        "{stderr}"
    );

    let repo = git2::Repository::open(&env.root).unwrap();
    let branch = repo
        .find_branch(&format!("postmortem/{id}"), git2::BranchType::Local)
        .expect("the branch exists");
    let head = repo.head().unwrap();
    assert_eq!(
        head.name().ok(),
        Some(format!("refs/heads/postmortem/{id}").as_str())
    );
    let commit = head.peel_to_commit().unwrap();
    assert_eq!(branch.get().target(), Some(commit.id()));
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), vec![base]);
    assert_eq!(commit.author().name().ok(), Some("Test Person"));
    assert_eq!(commit.author().email().ok(), Some("test@example.com"));
    assert_eq!(commit.committer().name().ok(), Some("Test Person"));
    assert_eq!(
        commit.message().ok(),
        Some("Add postmortem draft: Payment webhook timeouts")
    );
    let parent_tree = repo.find_commit(base).unwrap().tree().unwrap();
    let diff = repo
        .diff_tree_to_tree(Some(&parent_tree), Some(&commit.tree().unwrap()), None)
        .unwrap();
    let changed: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().display().to_string())
        .collect();
    assert_eq!(changed, vec![format!("postmortems/{id}.md")]);
    let blob = commit
        .tree()
        .unwrap()
        .get_path(Path::new(&format!("postmortems/{id}.md")))
        .unwrap()
        .to_object(&repo)
        .unwrap();
    assert_eq!(
        blob.as_blob().unwrap().content(),
        env.read(&format!("postmortems/{id}.md")).as_bytes()
    );
    // The unrelated work is still there, untouched.
    assert_eq!(env.read("README.md"), "the repository, being edited\n");
    assert_eq!(env.read("scratch.txt"), "untracked\n");
}

#[test]
fn branch_failures_leave_nothing_behind() {
    // Outside git: refused before anything is written.
    let env = TestEnv::bare();
    env.write("pm.yaml", "");
    let (code, _, stderr) = output(env.pm().args(["new", "X", "-s", "SEV2", "--branch"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--branch needs a git repository"),
        "{stderr}"
    );
    assert!(!env.path("postmortems").exists());

    // The branch exists already: the draft is not kept, so the command can be run again.
    let env = TestEnv::new();
    env.write("README.md", "x\n");
    let repo = git2::Repository::open(&env.root).unwrap();
    let base = commit_files(&repo, &["README.md"]);
    repo.branch(
        "postmortem/2026-11-24-x",
        &repo.find_commit(base).unwrap(),
        false,
    )
    .unwrap();
    let before = repo.head().unwrap().name().unwrap().to_string();
    let (code, stdout, stderr) = output(env.pm().args(["new", "X", "-s", "SEV2", "--branch"]));
    assert_eq!(code, 1);
    assert!(
        stderr.contains("branch `postmortem/2026-11-24-x` already exists"),
        "{stderr}"
    );
    // Refused before the draft was written: no path for a script to capture.
    assert_eq!(stdout, "");
    assert!(postmortems(&env).is_empty());
    assert_eq!(repo.head().unwrap().name().ok(), Some(before.as_str()));
}

#[test]
fn branch_without_a_git_identity_prints_no_path_and_writes_nothing() {
    let env = TestEnv::new();
    env.write("README.md", "x\n");
    let repo = git2::Repository::open(&env.root).unwrap();
    commit_files(&repo, &["README.md"]);
    let base = repo.head().unwrap().name().unwrap().to_string();
    std::fs::write(
        env.home.join(".gitconfig"),
        "[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    let (code, stdout, stderr) = output(
        env.pm()
            .args(["new", "X", "-s", "SEV2", "--branch"])
            .env_remove("EMAIL"),
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "", "a path printed for a draft that is not kept");
    assert!(stderr.contains("git does not know who you are"), "{stderr}");
    assert!(postmortems(&env).is_empty(), "{:?}", postmortems(&env));
    assert_eq!(repo.head().unwrap().name().ok(), Some(base.as_str()));
}

#[test]
fn branch_needs_a_first_commit_and_the_main_branch() {
    let env = TestEnv::new();
    env.write("pm.yaml", "");
    // A fresh repository: no commit, so a branch would be the only one in it.
    let (code, stdout, stderr) = output(env.pm().args(["new", "First", "-s", "SEV2", "--branch"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with(
            "error: --branch needs a commit to branch from, and this repository has none yet\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "hint: commit the repository first (e.g. `git add -A && git commit -m \"Start the postmortem repository\"`), then run this command again"
        ),
        "{stderr}"
    );
    assert!(postmortems(&env).is_empty());
    let repo = git2::Repository::open(&env.root).unwrap();
    assert!(repo.head().is_err(), "still no commit");
    assert_eq!(repo.branches(None).unwrap().count(), 0);

    // Once committed (on `main`, whatever the default branch where the test runs), the
    // first draft gets its branch...
    repo.set_head("refs/heads/main").unwrap();
    commit_files(&repo, &["pm.yaml"]);
    let first = new_ok(&env, &["First", "-s", "SEV2", "--branch"]);
    assert_eq!(first, "postmortems/2026-11-24-first.md");
    // ...and a second one, from that branch, would stack on the first: refused.
    let (code, stdout, stderr) = output(env.pm().args(["new", "Second", "-s", "SEV2", "--branch"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("you are on the branch `postmortem/2026-11-24-first`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: switch to the main branch first (`git switch main`)"),
        "{stderr}"
    );
    assert_eq!(postmortems(&env), vec![first]);
    assert!(
        repo.find_branch("postmortem/2026-11-24-second", git2::BranchType::Local)
            .is_err()
    );
}

#[test]
fn branch_commit_takes_the_identity_from_git_environment_variables() {
    let env = TestEnv::new();
    env.write("README.md", "x\n");
    let repo = git2::Repository::open(&env.root).unwrap();
    commit_files(&repo, &["README.md"]);
    let base = repo.head().unwrap().name().unwrap().to_string();
    let identity = |cmd: &mut assert_cmd::Command| {
        cmd.env("GIT_AUTHOR_NAME", "Env Author")
            .env("GIT_AUTHOR_EMAIL", "author@env.example")
            .env("GIT_COMMITTER_NAME", "Env Committer")
            .env("GIT_COMMITTER_EMAIL", "committer@env.example");
    };
    let head_commit = |repo: &git2::Repository| {
        let commit = repo.head().unwrap().peel_to_commit().unwrap();
        let sig =
            |s: git2::Signature<'_>| format!("{} <{}>", s.name().unwrap(), s.email().unwrap());
        (sig(commit.author()), sig(commit.committer()))
    };

    // The environment wins over user.name and user.email.
    let mut cmd = env.pm();
    cmd.args(["new", "Env identity", "-s", "SEV2", "--branch"]);
    identity(&mut cmd);
    let (code, _, stderr) = output(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        head_commit(&repo),
        (
            "Env Author <author@env.example>".to_string(),
            "Env Committer <committer@env.example>".to_string()
        )
    );

    // And it is enough on its own, with no identity in git's config.
    std::fs::write(
        env.home.join(".gitconfig"),
        "[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    // Back on main as `git switch main` leaves it (the first draft no longer staged).
    repo.set_head(&base).unwrap();
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    let mut cmd = env.pm();
    cmd.args([
        "new", "Env only", "-s", "SEV2", "--branch", "--author", "Ana Lima",
    ]);
    identity(&mut cmd);
    let (code, stdout, stderr) = output(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "postmortems/2026-11-24-env-only.md\n");
    assert_eq!(
        repo.head().unwrap().shorthand().ok(),
        Some("postmortem/2026-11-24-env-only")
    );
    assert_eq!(head_commit(&repo).0, "Env Author <author@env.example>");
}

/// An executable script in the test's HOME.
fn script(env: &TestEnv, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = env.home.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn edit_runs_visual_else_editor_with_its_arguments() {
    let env = TestEnv::new();
    // Appends its arguments to the last one (the file), as an editor saving would.
    let edit = script(
        &env,
        "edit.sh",
        "for f; do :; done\nprintf 'edited with: %s\\n' \"$*\" >> \"$f\"\n",
    );
    let (code, stdout, stderr) = output(
        env.pm()
            .args(["new", "Cache stampede", "-s", "SEV3", "--edit"])
            .env("EDITOR", format!("'{}' -w", edit.display())),
    );
    assert_eq!(code, 0, "{stderr}");
    let rel = stdout.trim_end();
    let text = env.read(rel);
    let last = text.lines().last().unwrap();
    assert_eq!(last, format!("edited with: -w {}", env.path(rel).display()));

    // VISUAL wins over EDITOR.
    let fail = script(&env, "fail.sh", "exit 3\n");
    let (code, stdout, stderr) = output(
        env.pm()
            .args(["new", "Cache stampede again", "-s", "SEV3", "--edit"])
            .env("VISUAL", &edit)
            .env("EDITOR", &fail),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(env.read(stdout.trim_end()).contains("edited with: "));

    // A failing editor is reported; the draft stays.
    let (code, stdout, stderr) = output(
        env.pm()
            .args(["new", "Editor fails", "-s", "SEV3", "--edit"])
            .env("EDITOR", &fail),
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("exited with status 3"), "{stderr}");
    assert!(
        stderr.contains("the draft is saved at postmortems/2026-11-24-editor-fails.md"),
        "{stderr}"
    );
    assert_eq!(stdout, "postmortems/2026-11-24-editor-fails.md\n");
    assert!(env.path("postmortems/2026-11-24-editor-fails.md").is_file());
}

#[test]
fn edit_without_an_editor_says_how_to_set_one_and_writes_nothing() {
    let env = TestEnv::new();
    let (code, stdout, stderr) = output(
        env.pm()
            .args(["new", "X", "-s", "SEV3", "--edit"])
            .env("EDITOR", ""),
    );
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("neither $VISUAL nor $EDITOR is set"),
        "{stderr}"
    );
    assert!(stderr.contains("export EDITOR="), "{stderr}");
    assert!(postmortems(&env).is_empty());
}

#[test]
fn templates_repository_named_and_by_path() {
    let env = TestEnv::new();
    // The built-in template when the repository has none.
    let path = new_ok(&env, &["Built in", "-s", "SEV3"]);
    assert!(
        env.read(&path)
            .contains("### Did we have enough visibility?")
    );

    env.write(
        "templates/postmortem.md",
        "# {{title}}\n\n## Summary\n## Impact\n## Timeline\n## Discussion\n## Remediation items\nOur own template.\n",
    );
    let path = new_ok(&env, &["Repo template", "-s", "SEV3"]);
    assert!(env.read(&path).ends_with("---\n# Repo template\n\n## Summary\n## Impact\n## Timeline\n## Discussion\n## Remediation items\nOur own template.\n"));
    assert_checks(&env, &path);

    env.write(
        "templates/security.md",
        "# {{title}} (security)\n\n## Summary\n## Impact\n## Timeline\n## Discussion\n## Remediation items\n",
    );
    let path = new_ok(
        &env,
        &["Named template", "-s", "SEV3", "--template", "security"],
    );
    assert!(env.read(&path).contains("# Named template (security)\n"));

    env.write(
        "elsewhere/t.md",
        "---\ntitle: a template's own front matter\n---\n# {{title}} from a path\n\n## Summary\n## Impact\n## Timeline\n## Discussion\n## Remediation items\n",
    );
    let (code, stdout, stderr) = output(env.pm().args([
        "new",
        "Path template",
        "-s",
        "SEV3",
        "--template",
        "elsewhere/t.md",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("has its own front matter"), "{stderr}");
    let text = env.read(stdout.trim_end());
    assert!(
        text.contains("---\n# Path template from a path\n"),
        "{text}"
    );
    assert!(!text.contains("a template's own front matter"));
    assert_checks(&env, stdout.trim_end());

    let (code, _, stderr) =
        output(
            env.pm()
                .args(["new", "X", "-s", "SEV3", "--template", "secuirty"]),
        );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--template `secuirty`: there is no templates/secuirty.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the templates in templates/ are: postmortem, security"),
        "{stderr}"
    );
    let (code, _, stderr) =
        output(
            env.pm()
                .args(["new", "X", "-s", "SEV3", "--template", "nope/t.md"]),
        );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--template `nope/t.md`: no such file"),
        "{stderr}"
    );
}

#[test]
fn creates_the_postmortems_folder_and_prints_paths_from_the_current_folder() {
    let env = TestEnv::new();
    env.write("pm.yaml", "postmortems_dir: docs/incidents\n");
    env.write("src/main.c", "");
    let (code, stdout, stderr) = output(
        env.pm()
            .current_dir(env.path("src"))
            .args(["new", "Deep", "-s", "SEV3"]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "../docs/incidents/2026-11-24-deep.md\n");
    assert!(env.path("docs/incidents/2026-11-24-deep.md").is_file());
}

#[test]
fn help_shows_examples() {
    let env = TestEnv::new();
    let (code, stdout, _) = output(env.pm().args(["new", "--help"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("Examples:\n  pm new "), "{stdout}");
    assert!(stdout.contains("--no-input"), "{stdout}");
}

mod pty {
    //! The prompts, through a real pseudo-terminal: what an engineer sees and types.

    use rexpect::process::WaitStatus;
    use rexpect::session::PtySession;

    use super::{assert_checks, front};
    use crate::env::TestEnv;

    const DOWN: &str = "\x1b[B";

    fn spawn(env: &TestEnv, args: &[&str]) -> PtySession {
        let mut cmd = env.pm_std();
        cmd.arg("new").args(args).env("TERM", "xterm");
        rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn pm in a pty")
    }

    fn exit_code(session: &PtySession) -> i32 {
        match session.process().wait().expect("wait") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("pm did not exit normally: {other:?}"),
        }
    }

    #[test]
    fn asks_for_everything_missing_and_writes_the_answers() {
        let env = TestEnv::new();
        let mut p = spawn(&env, &[]);
        p.exp_string("Title").unwrap();
        p.send_line("Pager storm on the checkout API").unwrap();
        p.exp_string("Severity").unwrap();
        // rexpect reads bytes one by one as Latin-1, so match ASCII text only.
        p.exp_string("SEV2").unwrap();
        p.exp_string("Major: a core feature degraded").unwrap();
        p.exp_string("Low: no customer impact").unwrap();
        p.send(DOWN).unwrap();
        p.flush().unwrap();
        p.exp_string("> SEV2").unwrap();
        // The redraw ends with the last severity: once it is out, the menu reads keys again.
        p.exp_string("Low: no customer impact").unwrap();
        p.send("\r").unwrap();
        p.flush().unwrap();
        p.exp_string("Started at").unwrap();
        p.exp_string("[2026-11-24T12:00:00Z]").unwrap();
        p.send_line("").unwrap();
        p.exp_string("Authors").unwrap();
        p.exp_string("Test Person").unwrap();
        p.send_line("").unwrap();
        let rest = p.exp_eof().unwrap();
        assert!(
            rest.contains("postmortems/2026-11-24-pager-storm-on-the-checkout-api.md"),
            "{rest}"
        );
        assert_eq!(exit_code(&p), 0);

        let rel = "postmortems/2026-11-24-pager-storm-on-the-checkout-api.md";
        let fm = front(&env.read(rel));
        assert_eq!(
            fm["title"].as_str(),
            Some("Pager storm on the checkout API")
        );
        assert_eq!(fm["severity"].as_str(), Some("SEV2"));
        assert_eq!(fm["status"].as_str(), Some("draft"));
        assert_eq!(fm["started_at"].as_str(), Some("2026-11-24T12:00:00Z"));
        assert_eq!(fm["authors"][0].as_str(), Some("Test Person"));
        assert_checks(&env, rel);
    }

    #[test]
    fn rejects_a_bad_start_until_it_is_right_and_takes_edited_authors() {
        let env = TestEnv::new();
        let mut p = spawn(
            &env,
            &[
                "Disk full on db-3",
                "--severity",
                "SEV3",
                "--detected-at",
                "2026-11-24T10:00:00Z",
            ],
        );
        p.exp_string("Started at").unwrap();
        p.send_line("yesterday").unwrap();
        p.exp_string("is not a time pm reads").unwrap();
        // After the detection: out of order, asked again.
        p.send_line("2026-11-24 10:30").unwrap();
        p.exp_string("--detected-at (2026-11-24 10:00:00 UTC) is before the start")
            .unwrap();
        p.exp_string("Started at").unwrap();
        // A clock time is today's, and pm says which time it took.
        p.send_line("09:30").unwrap();
        p.exp_string("started at 2026-11-24 09:30 UTC").unwrap();
        p.exp_string("Authors").unwrap();
        p.exp_string("Test Person").unwrap();
        // Erase the suggested name and type two others.
        p.send(&"\x7f".repeat("Test Person".len())).unwrap();
        p.send_line("Ana Lima, Ben Okafor").unwrap();
        p.exp_eof().unwrap();
        assert_eq!(exit_code(&p), 0);

        let rel = "postmortems/2026-11-24-disk-full-on-db-3.md";
        let fm = front(&env.read(rel));
        assert_eq!(fm["started_at"].as_str(), Some("2026-11-24T09:30:00Z"));
        assert_eq!(fm["severity"].as_str(), Some("SEV3"));
        assert_eq!(fm["authors"][0].as_str(), Some("Ana Lima"));
        assert_eq!(fm["authors"][1].as_str(), Some("Ben Okafor"));
        assert_checks(&env, rel);
    }

    #[test]
    fn no_input_never_asks_even_on_a_terminal() {
        let env = TestEnv::new();
        let mut p = spawn(&env, &["--no-input"]);
        let out = p.exp_eof().unwrap();
        assert!(
            out.contains("error: missing: TITLE, --severity (--no-input)"),
            "{out}"
        );
        assert!(!out.contains("Title"), "{out}");
        assert_eq!(exit_code(&p), 2);
    }
}

#[test]
fn acknowledged_and_mitigated_times_and_the_type_are_checked_before_writing() {
    let env = TestEnv::new();
    let (code, _, stderr) = output(env.pm().args([
        "new",
        "X",
        "-s",
        "SEV2",
        "--started-at",
        "2026-11-24T09:00:00Z",
        "--acknowledged-at",
        "2026-11-24T09:30:00Z",
        "--mitigated-at",
        "2026-11-24T09:20:00Z",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: --mitigated-at (2026-11-24 09:20:00 UTC) is before --acknowledged-at (2026-11-24 09:30:00 UTC)\n"),
        "{stderr}"
    );
    let (code, _, stderr) = output(
        env.pm()
            .args(["new", "X", "-s", "SEV2", "--type", "gamedy"]),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("--type: `gamedy` is not one of the types: incident, near-miss, gameday, maintenance, security"), "{stderr}");
    assert!(stderr.contains("did you mean `gameday`?"), "{stderr}");
    assert!(postmortems(&env).is_empty());
}
