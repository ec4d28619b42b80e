//! Sending mail: how (`meeting.send` of pm.yaml: the local `sendmail` command or an SMTP
//! server) and the sending itself, through lettre. Commands build a `Message` of plain
//! parts; this module owns MIME and the transports.

/// How mail leaves this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// A sendmail-compatible command, given the message on standard input (`-t` is not
    /// used: the recipients are passed as arguments).
    Sendmail {
        command: String,
    },
    Smtp(Smtp),
}

impl Default for Transport {
    fn default() -> Transport {
        Transport::Sendmail {
            command: "sendmail".into(),
        }
    }
}

/// `send: {smtp: {...}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    /// Upgrade the connection with STARTTLS (required when set).
    pub starttls: bool,
    pub username: Option<String>,
    /// The environment variable holding the password (never the password in pm.yaml).
    pub password_env: Option<String>,
}

/// An address with a display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub name: String,
    pub email: String,
}

/// One message: a plain-text body, and an iCalendar part when it is an invitation.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: Address,
    pub to: Vec<Address>,
    pub subject: String,
    pub text: String,
    /// (METHOD, the iCalendar text): sent as `text/calendar; method=METHOD`.
    pub calendar: Option<(&'static str, String)>,
}

/// Why a message was not sent, in words for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub hint: String,
}

fn failure(message: impl Into<String>, hint: impl Into<String>) -> Failure {
    Failure {
        message: message.into(),
        hint: hint.into(),
    }
}

fn mailbox(a: &Address) -> Result<lettre::message::Mailbox, Failure> {
    let email = a.email.parse().map_err(|e| {
        failure(
            format!("`{}` is not an e-mail address pm can send to: {e}", a.email),
            "correct it in `people:` or `meeting:` of pm.yaml",
        )
    })?;
    let name = (!a.name.is_empty() && a.name != a.email).then(|| a.name.clone());
    Ok(lettre::message::Mailbox::new(name, email))
}

/// The message as MIME (multipart/alternative of text/plain and text/calendar, as
/// calendar programs expect an invitation), ready to send.
pub fn build(mail: &Mail) -> Result<lettre::Message, Failure> {
    use lettre::message::{MultiPart, SinglePart, header::ContentType};
    let mut builder = lettre::Message::builder()
        .from(mailbox(&mail.from)?)
        .subject(mail.subject.clone());
    if mail.to.is_empty() {
        return Err(failure(
            "the message has no recipients",
            "add people with e-mail addresses to `people:` in pm.yaml, or give --attendee",
        ));
    }
    for to in &mail.to {
        builder = builder.to(mailbox(to)?);
    }
    let text = SinglePart::plain(mail.text.clone());
    let built = match &mail.calendar {
        Some((method, ics)) => {
            let kind =
                ContentType::parse(&format!("text/calendar; method={method}; charset=utf-8"))
                    .map_err(|e| {
                        failure(
                            format!("a content type pm builds is wrong: {e}"),
                            "report this as a bug",
                        )
                    })?;
            builder.multipart(
                MultiPart::alternative()
                    .singlepart(text)
                    .singlepart(SinglePart::builder().header(kind).body(ics.clone())),
            )
        }
        None => builder.singlepart(text),
    };
    built.map_err(|e| {
        failure(
            format!("the message could not be built: {e}"),
            "check the addresses in pm.yaml",
        )
    })
}

/// The message as it would be sent (for `--stdout`).
pub fn render(mail: &Mail) -> Result<Vec<u8>, Failure> {
    Ok(build(mail)?.formatted())
}

/// Sends `mail` through `transport`; the error says which transport failed and why.
pub fn send(mail: &Mail, transport: &Transport) -> Result<(), Failure> {
    use lettre::Transport as _;
    let message = build(mail)?;
    match transport {
        Transport::Sendmail { command } => lettre::SendmailTransport::new_with_command(command)
            .send(&message)
            .map_err(|e| {
                failure(
                    format!("sending through the sendmail command `{command}` failed: {e}"),
                    "check that the command exists and accepts `-i -f FROM -- TO...` with the message on standard input; or set `meeting.send: {smtp: {...}}` in pm.yaml",
                )
            }),
        Transport::Smtp(smtp) => {
            let builder = if smtp.starttls {
                lettre::SmtpTransport::starttls_relay(&smtp.host).map_err(|e| {
                    failure(
                        format!("SMTP server {}: {e}", smtp.host),
                        "check `meeting.send.smtp.host` in pm.yaml",
                    )
                })?
            } else {
                lettre::SmtpTransport::builder_dangerous(smtp.host.clone())
            };
            let mut builder = builder
                .port(smtp.port)
                .timeout(Some(std::time::Duration::from_secs(30)));
            if let Some(user) = &smtp.username {
                let password = match &smtp.password_env {
                    Some(var) => std::env::var(var).map_err(|_| {
                        failure(
                            format!("the SMTP password variable `{var}` is not set"),
                            format!("export {var}=... before running pm (`meeting.send.smtp.password_env` in pm.yaml)"),
                        )
                    })?,
                    None => String::new(),
                };
                builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
                    user.clone(),
                    password,
                ));
            }
            builder.build().send(&message).map(|_| ()).map_err(|e| {
                failure(
                    format!("sending through SMTP {}:{} failed: {e}", smtp.host, smtp.port),
                    "check that the server is reachable and `meeting.send.smtp` in pm.yaml (host, port, starttls, username, password_env)",
                )
            })
        }
    }
}
