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
