//! The people directory of `pm.yaml` (`people:`): who is who, their e-mail address, and
//! the handles they have in chat. `pm check` holds the front matter's names to it,
//! `pm schedule` turns authors and chat speakers into invitees through it.

/// One person of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// Required to invite the person; a directory entry may lack it (then `pm schedule`
    /// says so when the person would be invited).
    pub email: Option<String>,
    /// IRC nicks, Slack user ids or names: how the person appears in a chat transcript.
    pub chat: Vec<String>,
}

/// `people:` of pm.yaml; empty when not configured (then no name is checked against it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    pub people: Vec<Person>,
}

impl Directory {
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The person of that name (case-insensitive, spaces trimmed).
    pub fn by_name(&self, name: &str) -> Option<&Person> {
        let name = name.trim();
        self.people
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The person who has this chat handle (case-insensitive, a leading `@` ignored: IRC
    /// and Slack both show it sometimes).
    pub fn by_handle(&self, handle: &str) -> Option<&Person> {
        let handle = normal_handle(handle);
        self.people
            .iter()
            .find(|p| p.chat.iter().any(|h| normal_handle(h) == handle))
    }

    /// The person with this e-mail address (case-insensitive).
    pub fn by_email(&self, email: &str) -> Option<&Person> {
        let email = email.trim();
        self.people.iter().find(|p| {
            p.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
    }

    /// A name, a handle or an e-mail address: the person it names.
    pub fn find(&self, who: &str) -> Option<&Person> {
        self.by_name(who)
            .or_else(|| self.by_email(who))
            .or_else(|| self.by_handle(who))
    }

    /// The directory's name closest to `name`, for a did-you-mean.
    pub fn closest(&self, name: &str) -> Option<&str> {
        crate::diagnostic::did_you_mean(name, self.people.iter().map(|p| p.name.as_str()))
    }
}

/// A handle as compared: lowercase, without a leading `@` and surrounding spaces.
pub fn normal_handle(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

/// Whether `text` is an e-mail address pm can send to: one `@`, a local part and a domain
/// with a dot, no spaces, no characters that would break a header (`<>,;"` and controls).
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let fine = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| {
                !c.is_whitespace()
                    && !c.is_control()
                    && !matches!(
                        c,
                        '<' | '>' | ',' | ';' | '"' | '@' | '(' | ')' | '[' | ']' | '\\'
                    )
            })
    };
    fine(local)
        && fine(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        Directory {
            people: vec![Person {
                name: "Ana Lima".into(),
                email: Some("ana@example.com".into()),
                chat: vec!["ana".into(), "U024BE7LH".into()],
            }],
        }
    }

    #[test]
    fn finds_by_name_handle_and_email() {
        let d = directory();
        assert_eq!(
            d.by_name(" ana lima ").map(|p| p.name.as_str()),
            Some("Ana Lima")
        );
        assert!(d.by_handle("@ANA").is_some());
        assert!(d.by_handle("u024be7lh").is_some());
        assert!(d.by_handle("ana_l").is_none());
        assert!(d.find("ANA@example.com").is_some());
        assert_eq!(d.closest("Ana Lma"), Some("Ana Lima"));
        assert_eq!(d.closest("Zed"), None);
    }

    #[test]
    fn email_addresses() {
        for good in ["ana@example.com", "a.b+c@mail.example.org"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "a@b@c.de",
            "a@x..de",
            "<a@b.de>",
            "a@b.de,c@d.de",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
