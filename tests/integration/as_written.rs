//! Values kept as written (issue 11, §4): a numeric ticket id stays the text it was written
//! as in every command; a number too wide for pm is "out of range" at its place, not
//! "invalid YAML"; and only http(s) and relative URLs from pm.yaml or the front matter
//! become links.

use crate::env::{TestEnv, VALID, output};

const DOC: &str = "postmortems/2026-03-14-checkout.md";

/// `VALID` with three items whose tickets YAML reads as numbers.
fn numeric_tickets() -> String {
    VALID.replace(
        "remediation:\n",
        "remediation:\n  - title: Alert on the config push error rate\n    owner: Ben Okafor\n    ticket: 1.10\n    due: 2026-04-14\n  - title: Add a canary stage to config pushes\n    owner: Ben Okafor\n    ticket: 0x1F\n    due: 2026-04-14\n  - title: Document the config rollback in the runbook\n    owner: Ben Okafor\n    ticket: 1e3\n    due: 2026-04-14\n",
    )
}

fn stdout_of(env: &TestEnv, args: &[&str]) -> String {
    let (code, stdout, stderr) = output(env.pm().args(args));
    assert!(code == 0 || code == 1, "pm {args:?}: {stderr}");
    assert!(!stderr.contains("wrong-type"), "pm {args:?}: {stderr}");
    stdout
}

#[test]
fn numeric_tickets_are_kept_as_written_in_every_command() {
    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        "tickets:\n  url_template: https://tracker.example.com/browse/{ticket}\n",
    );
    env.write(DOC, numeric_tickets());
    let written = ["1.10", "0x1F", "1e3"];
    let read = ["1.1", "31", "1000.0", "1000"];
    for args in [
        &["show", "checkout"][..],
        &["show", "checkout", "--format", "json"],
        &["remediation", "list", "checkout"],
        &["remediation", "list", "checkout", "--format", "json"],
        &["overdue"],
        &["overdue", "--format", "json"],
        &["overdue", "--format", "markdown"],
    ] {
        let out = stdout_of(&env, args);
        for t in written {
            assert!(out.contains(t), "pm {args:?} lost `{t}`:\n{out}");
        }
        for number in read {
            assert!(
                !out.contains(&format!(" {number} ")) && !out.contains(&format!("\"{number}\"")),
                "pm {args:?} shows the number `{number}`:\n{out}"
            );
        }
    }
    // The ticket links carry the id as written.
    let overdue = stdout_of(&env, &["overdue", "--format", "markdown"]);
    assert!(
        overdue.contains("(https://tracker.example.com/browse/1.10)")
            && overdue.contains("(https://tracker.example.com/browse/0x1F)"),
        "{overdue}"
    );
    let (code, _, stderr) = output(env.pm().args(["index"]));
    assert_eq!(code, 0, "{stderr}");
    let index = env.read("postmortems/README.md");
    assert!(
        index.contains("[1.10](https://tracker.example.com/browse/1.10)")
            && index.contains("[1e3](https://tracker.example.com/browse/1e3)"),
        "{index}"
    );
    // pm check accepts them, and no two collide (1.10 and 1.1 are not one ticket).
    let (code, stdout, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    // An item is named by its ticket as written.
    let (code, _, stderr) = output(env.pm().args(["remediation", "done", "checkout", "1.10"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = output(env.pm().args(["remediation", "done", "checkout", "0x1F"]));
    assert_eq!(code, 0, "{stderr}");
    let doc = env.read(DOC);
    assert!(
        doc.contains("    ticket: 1.10\n    due: 2026-04-14\n    status: done"),
        "{doc}"
    );
    assert!(
        doc.contains("    ticket: 0x1F\n"),
        "the text stays as written:\n{doc}"
    );
}

#[test]
fn numbers_too_wide_for_pm_are_out_of_range_at_their_place() {
    let env = TestEnv::new();
    env.write(
        DOC,
        VALID.replace("ticket: OPS-1412", "ticket: 18446744073709551616"),
    );
    let (code, stdout, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 1, "{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.contains("number out of range: `18446744073709551616` is valid YAML")
            && all.contains(&format!("{DOC}:16:13"))
            && all.contains("quote it: `\"18446744073709551616\"`")
            && !all.contains("invalid YAML"),
        "{all}"
    );

    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        "remediation:\n  max_days: 99999999999999999999\n",
    );
    env.write(DOC, VALID);
    let (code, stdout, stderr) = output(env.pm().args(["check"]));
    assert_eq!(code, 1, "{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.contains("number out of range: `99999999999999999999`")
            && all.contains("pm.yaml:2:13")
            && !all.contains("invalid YAML"),
        "{all}"
    );
}

#[test]
fn urls_that_are_not_http_or_relative_are_errors_and_never_links() {
    for template in [
        "javascript:alert(document.domain)//{ticket}",
        "JavaScript:alert(1)//{ticket}",
        "data:text/html,{ticket}",
        "vbscript:msgbox({ticket})",
    ] {
        let env = TestEnv::new();
        env.write(
            "pm.yaml",
            format!("tickets:\n  url_template: \"{template}\"\n"),
        );
        env.write(DOC, VALID);
        let (code, stdout, stderr) = output(env.pm().args(["check"]));
        assert_eq!(code, 1, "{template}: {stdout}{stderr}");
        let all = format!("{stdout}{stderr}");
        assert!(
            all.contains("`tickets.url_template` must be an http(s) or relative URL")
                && all.contains("pm.yaml:2:17")
                && all.contains(
                    "hint: e.g. `url_template: https://tracker.example.com/browse/{ticket}`"
                ),
            "{template}: {all}"
        );
        // Neither the index nor the overdue report is written with it.
        let (code, _, _) = output(env.pm().args(["index"]));
        assert_eq!(code, 1);
        assert!(!env.path("postmortems/README.md").exists());
        let (code, stdout, _) = output(env.pm().args(["overdue", "--format", "markdown"]));
        assert_eq!(code, 1);
        assert!(!stdout.to_lowercase().contains("script:"), "{stdout}");
    }

    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        "document_url: \"https://git.example.com/{path} javascript:x\"\n",
    );
    env.write(DOC, VALID);
    let (code, _, stderr) = output(env.pm().args(["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`document_url` must be an http(s) URL"),
        "{stderr}"
    );

    // A link in the front matter.
    let env = TestEnv::new();
    env.write(
        DOC,
        VALID.replace(
            "channels: [\"#ops\"]\n",
            "channels: [\"#ops\"]\nlinks:\n  - title: Dashboard\n    url: \"JAVASCRIPT:alert(1)\"\n  - title: Graph\n    url: https://grafana.example.com/d/checkout\n",
        ),
    );
    let (code, _, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "error[link-scheme]: the link `JAVASCRIPT:alert(1)` is not an http(s) or relative URL"
        ) && stderr.contains(&format!("{DOC}:15:10")),
        "{stderr}"
    );
    assert!(
        !stderr.contains("grafana"),
        "an https link is fine: {stderr}"
    );
    // `mailto:` opens a mail, and runs nothing: allowed.
    env.write(
        DOC,
        env.read(DOC)
            .replace("JAVASCRIPT:alert(1)", "mailto:incidents@example.com"),
    );
    let (code, _, stderr) = output(env.pm().args(["check", DOC]));
    assert_eq!(code, 0, "{stderr}");
}
