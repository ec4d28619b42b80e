//! `pm schedule --send` and `--request-facilitator`: through a real SMTP server on
//! localhost (the `mailin-embedded` crate, started by the test) and through a
//! sendmail-compatible script; each received message is parsed back with `mail-parser`.
//! A failing transport leaves the document byte-identical.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mail_parser::{MessageParser, MimeHeaders};

use crate::env::{TestEnv, output};
use crate::schedule::{DOC, PATH, PM_YAML, env};

/// (recipients of the envelope, the message) for every message the server received.
pub(crate) type Inbox = Arc<Mutex<Vec<(Vec<String>, Vec<u8>)>>>;

#[derive(Clone)]
struct Collect {
    inbox: Inbox,
    to: Vec<String>,
    data: Vec<u8>,
}

impl mailin_embedded::Handler for Collect {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        to: &[String],
    ) -> mailin_embedded::Response {
        self.to = to.to_vec();
        self.data.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        self.inbox
            .lock()
            .expect("inbox")
            .push((self.to.clone(), std::mem::take(&mut self.data)));
        mailin_embedded::response::OK
    }
}

/// An SMTP server on a free localhost port, serving until the test ends.
pub(crate) fn smtp_server() -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let inbox: Inbox = Arc::default();
    let mut server = mailin_embedded::Server::new(Collect {
        inbox: inbox.clone(),
        to: Vec::new(),
        data: Vec::new(),
    });
    server
        .with_name("localhost")
        .with_ssl(mailin_embedded::SslConfig::None)
        .expect("no tls")
        .with_num_threads(1)
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, inbox)
}

/// `pm schedule checkout --at 2026-11-25T15:00:00Z EXTRA...`.
fn schedule_at(env: &TestEnv, extra: &[&str]) -> (i32, String, String) {
    output(
        env.pm()
            .args(["schedule", "checkout", "--at", "2026-11-25T15:00:00Z"])
            .args(extra),
    )
}

fn executable(path: &std::path::Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).expect("script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn with_send(env: &TestEnv, send: &str) {
    env.write(
        "pm.yaml",
        PM_YAML.replace("meeting:\n", &format!("meeting:\n  send: {send}\n")),
    );
}

/// The parts of a message: (content type with subtype, method attribute, text).
pub(crate) fn parts(raw: &[u8]) -> Vec<(String, Option<String>, String)> {
    let message = MessageParser::default().parse(raw).expect("a MIME message");
    message
        .parts
        .iter()
        .filter_map(|p| {
            let ct = p.content_type()?;
            if ct.ctype() == "multipart" {
                return None;
            }
            Some((
                format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")),
                ct.attribute("method").map(str::to_string),
                p.text_contents().unwrap_or("").to_string(),
            ))
        })
        .collect()
}

#[test]
fn the_invitation_is_mailed_through_a_real_smtp_server() {
    let (port, inbox) = smtp_server();
    let env = env();
    with_send(
        &env,
        &format!("{{smtp: {{host: 127.0.0.1, port: {port}}}}}"),
    );
    let (code, stdout, stderr) = schedule_at(&env, &["--send"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("mailed to:"), "{stdout}");
    let inbox = inbox.lock().expect("inbox");
    assert_eq!(inbox.len(), 1);
    let (envelope, raw) = &inbox[0];
    let mut to = envelope.clone();
    to.sort();
    assert_eq!(
        to,
        [
            "ana@example.com",
            "ben@example.com",
            "farid@example.com",
            "postmortems@example.com"
        ]
    );
    let message = MessageParser::default().parse(raw).expect("MIME");
    assert_eq!(
        message.subject(),
        Some("Postmortem: Checkout API returned 503s; config push, again")
    );
    assert_eq!(
        message
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some("sre@example.com")
    );
    let header_to: Vec<&str> = message
        .to()
        .map(|a| a.iter().filter_map(|a| a.address()).collect())
        .unwrap_or_default();
    assert_eq!(header_to.len(), 4, "{header_to:?}");
    let parts = parts(raw);
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[0].0, "text/plain");
    assert!(
        parts[0].2.contains("15:06-15:42 Timeline (36 min)"),
        "{}",
        parts[0].2
    );
    assert_eq!(parts[1].0, "text/calendar");
    assert_eq!(parts[1].1.as_deref(), Some("REQUEST"));
    // The calendar part is the .ics written next to it.
    let ics = env.read("2026-11-20-checkout-503s.ics");
    assert_eq!(parts[1].2.replace("\r\n", "\n"), ics.replace("\r\n", "\n"));
    assert!(env.read(PATH).contains("meeting_at: 2026-11-25T15:00:00Z"));
}

#[test]
fn the_invitation_and_the_facilitator_request_through_a_sendmail_command() {
    let env = env();
    let dir = env.root.parent().expect("temp").join("sendmail");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let script = dir.join("fake-sendmail");
    executable(
        &script,
        &format!(
            "#!/bin/sh\nn=$(ls {d} | grep -c '^message' || true)\nprintf '%s\\n' \"$@\" > {d}/args$n\ncat > {d}/message$n\n",
            d = dir.display()
        ),
    );
    with_send(&env, &format!("{{sendmail: {}}}", script.display()));
    let (code, stdout, stderr) = schedule_at(&env, &["--send", "--request-facilitator"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("mailed to facilitators@example.com"),
        "{stdout}"
    );
    // The invitation: sendmail got `-i -f FROM -- TO...` and the message on stdin.
    let args = std::fs::read_to_string(dir.join("args0")).expect("args");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(&args[..4], ["-i", "-f", "sre@example.com", "--"]);
    assert_eq!(args.len(), 8, "{args:?}");
    let raw = std::fs::read(dir.join("message0")).expect("message");
    let parts = parts(&raw);
    assert_eq!(parts[1].0, "text/calendar");
    assert_eq!(parts[1].1.as_deref(), Some("REQUEST"));
    // The facilitator request: to the facilitators' list, saying how to accept.
    let args = std::fs::read_to_string(dir.join("args1")).expect("args");
    assert!(args.ends_with("--\nfacilitators@example.com\n"), "{args}");
    let raw = std::fs::read(dir.join("message1")).expect("message");
    let message = MessageParser::default().parse(&raw).expect("MIME");
    assert_eq!(
        message.subject(),
        Some(
            "Facilitator wanted: Postmortem: Checkout API returned 503s; config push, again (SEV2)"
        )
    );
    let body = message.body_text(0).expect("text").into_owned();
    for needle in [
        "Severity: SEV2",
        "Services: checkout-api",
        "Channels: #ops",
        "Proposed meeting: 2026-11-25 15:00 UTC to 2026-11-25 16:00 UTC",
        "pm schedule 2026-11-20-checkout-503s --at 2026-11-25T15:00:00Z --facilitator \"YOUR NAME\" --send",
        "https://git.example.com/sre/pm/-/blob/main/postmortems/2026-11-20-checkout-503s.md",
    ] {
        assert!(body.contains(needle), "{needle} in {body}");
    }
}

#[test]
fn the_facilitator_request_is_printed_with_stdout() {
    let env = env();
    let (code, stdout, stderr) = schedule_at(&env, &["--stdout", "--request-facilitator"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Subject: Facilitator wanted: Postmortem:"),
        "{stdout}"
    );
    assert!(stdout.contains("To: facilitators@example.com"), "{stdout}");
}

#[test]
fn a_failed_send_writes_nothing_and_says_what_failed() {
    // Nothing listens on this port: connection refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let failing = {
        let env = TestEnv::new();
        let script = env.root.parent().expect("temp").join("broken-sendmail");
        executable(
            &script,
            "#!/bin/sh\necho 'sendmail: queue directory is full' >&2\nexit 75\n",
        );
        (env, script)
    };
    let cases = [
        (
            format!("{{smtp: {{host: 127.0.0.1, port: {port}}}}}"),
            "SMTP 127.0.0.1",
        ),
        (
            "{sendmail: /nonexistent/sendmail}".to_string(),
            "sendmail command `/nonexistent/sendmail`",
        ),
        (
            format!("{{sendmail: {}}}", failing.1.display()),
            "broken-sendmail",
        ),
        (
            format!(
                "{{smtp: {{host: 127.0.0.1, port: {port}, username: pm, password_env: PM_TEST_NO_SUCH_VARIABLE}}}}"
            ),
            "PM_TEST_NO_SUCH_VARIABLE",
        ),
    ];
    for (send, needle) in cases {
        let env = env();
        with_send(&env, &send);
        for extra in [&["--send"][..], &["--request-facilitator"][..]] {
            let (code, _, stderr) = schedule_at(&env, extra);
            assert_eq!(code, 1, "{send} {extra:?}: {stderr}");
            assert!(stderr.contains("was not sent"), "{stderr}");
            assert!(stderr.contains(needle), "{needle}: {stderr}");
            assert!(stderr.contains("nothing was written"), "{stderr}");
            assert_eq!(env.read(PATH), DOC);
            assert!(!env.path("2026-11-20-checkout-503s.ics").exists());
        }
    }
}
