//! `meeting:` of pm.yaml as typed values (config.rs parses them).

use chrono::TimeDelta;

/// Someone mail comes from: `meeting.organizer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub duration: TimeDelta,
    pub organizer: Option<Contact>,
    /// Invited as an optional participant: anyone interested may come.
    pub mailing_list: Option<String>,
    /// Where facilitator requests go.
    pub facilitators: Option<String>,
    pub location: Option<String>,
    /// A resolved incident should have its meeting this soon (`pm check` warns after).
    pub within: TimeDelta,
    /// `pm meeting` marks a chat silence longer than this.
    pub silence: TimeDelta,
    pub send: crate::mail::Transport,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            duration: TimeDelta::minutes(60),
            organizer: None,
            mailing_list: None,
            facilitators: None,
            location: None,
            within: TimeDelta::days(5),
            silence: TimeDelta::minutes(10),
            send: crate::mail::Transport::default(),
        }
    }
}
