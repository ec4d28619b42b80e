//! What pm.yaml's `sections:` needs for the imported documents to pass `pm check`: the
//! required sections they lack, and the headings they use instead.

use crate::document::sections::{self, Names, title_matches};

/// Headings teams use for pm's default sections.
const LIKELY: &[(&str, &[&str])] = &[
    (
        "Summary",
        &[
            "Overview",
            "Incident summary",
            "Executive summary",
            "TL;DR",
            "TLDR",
            "Description",
            "Background",
            "What happened",
        ],
    ),
    (
        "Impact",
        &[
            "Customer impact",
            "User impact",
            "Impacts",
            "Who was affected",
            "Scope",
            "Stats",
            "Statistics",
        ],
    ),
    (
        "Timeline",
        &[
            "Incident timeline",
            "Chronology",
            "Sequence of events",
            "Detailed timeline",
            "Timeline of events",
        ],
    ),
    (
        "Discussion",
        &[
            "Lessons learned",
            "Lessons learnt",
            "Lessons",
            "What went wrong",
            "What went well",
            "Root cause",
            "Root causes",
            "Root cause analysis",
            "Contributing factors",
            "Analysis",
            "Retrospective",
        ],
    ),
];

/// What a required section is called across the documents.
#[derive(Debug, Default, Clone)]
pub struct Advice {
    /// (section, the heading the documents use instead, how many documents lack it).
    pub aliases: Vec<(String, String, usize)>,
    /// (section, how many documents lack it) with no heading standing in.
    pub optional: Vec<(String, usize)>,
    /// How many documents were read.
    pub documents: usize,
    /// (preset, how many documents follow it).
    pub presets: Vec<(&'static str, usize)>,
}

impl Advice {
    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty() && self.optional.is_empty()
    }

    /// Adds what one imported body says: its level-2 headings against `required`.
    pub fn add(
        &mut self,
        body: &str,
        required: &[String],
        names: &Names,
        item_heading: Option<&str>,
    ) {
        let found = sections::sections(body, 0);
        self.documents += 1;
        let titles: Vec<&str> = found.iter().map(|s| s.title.as_str()).collect();
        for p in crate::document::presets::PRESETS {
            if p.followed_by(&titles) {
                match self.presets.iter_mut().find(|(n, _)| *n == p.name) {
                    Some(entry) => entry.1 += 1,
                    None => self.presets.push((p.name, 1)),
                }
            }
        }
        for name in required {
            if names.is_optional(name) || sections::find(&found, name, names).is_some() {
                continue;
            }
            let stand_in = if name.eq_ignore_ascii_case("Remediation items") {
                item_heading.map(str::to_string)
            } else {
                LIKELY
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .flat_map(|(_, l)| l.iter())
                    .find_map(|alias| {
                        found
                            .iter()
                            .find(|s| title_matches(&s.title, alias))
                            .map(|_| alias.to_string())
                    })
            };
            match stand_in {
                Some(alias) => match self
                    .aliases
                    .iter_mut()
                    .find(|(n, a, _)| n == name && a.eq_ignore_ascii_case(&alias))
                {
                    Some(entry) => entry.2 += 1,
                    None => self.aliases.push((name.clone(), alias, 1)),
                },
                None => match self.optional.iter_mut().find(|(n, _)| n == name) {
                    Some(entry) => entry.1 += 1,
                    None => self.optional.push((name.clone(), 1)),
                },
            }
        }
    }

    /// The preset most documents follow (more than half of them), and how many do.
    pub fn preset(&self) -> Option<(&'static str, usize)> {
        self.presets
            .iter()
            .copied()
            .filter(|(_, n)| 2 * n > self.documents)
            .max_by_key(|(_, n)| *n)
    }

    /// The `sections:` block to add to pm.yaml, one line per section.
    pub fn yaml(&self) -> String {
        let mut out = String::from("sections:\n");
        let mut names: Vec<&String> = Vec::new();
        for (n, _, _) in &self.aliases {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        for name in names {
            let list: Vec<&str> = self
                .aliases
                .iter()
                .filter(|(n, _, _)| n == name)
                .map(|(_, a, _)| a.as_str())
                .collect();
            let optional = self.optional.iter().any(|(n, _)| n == name);
            out.push_str(&format!(
                "  {name}: {{aliases: [{}]{}}}\n",
                list.join(", "),
                if optional { ", optional: true" } else { "" }
            ));
        }
        for (name, _) in &self.optional {
            if !self.aliases.iter().any(|(n, _, _)| n == name) {
                out.push_str(&format!("  {name}: {{optional: true}}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_optional_sections() {
        let required: Vec<String> = [
            "Summary",
            "Impact",
            "Timeline",
            "Discussion",
            "Remediation items",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut a = Advice::default();
        a.add("## Summary\nx\n## Timeline (PST)\n- 14:02 x\n## Lessons learned\ny\n## Action items\n- z\n", &required, &Names::default(), Some("Action items"));
        assert_eq!(
            a.yaml(),
            "sections:\n  Discussion: {aliases: [Lessons learned]}\n  Remediation items: {aliases: [Action items]}\n  Impact: {optional: true}\n"
        );
        assert_eq!(a.preset(), None);
        a.add(
            "## Summary\n## Root Causes\nx\n## Trigger\ny\n## Action Items\n- z\n",
            &required,
            &Names::default(),
            Some("Action Items"),
        );
        a.add(
            "## Summary\n## Root Causes\nx\n## Trigger\ny\n",
            &required,
            &Names::default(),
            None,
        );
        assert_eq!(a.preset(), Some(("google-sre", 2)));
    }
}
