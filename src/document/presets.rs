//! Template presets: the section lists of common public postmortem templates (the Google
//! SRE book's, PagerDuty's, Atlassian's), each as a pm template and the `sections:` that
//! maps pm's required sections onto its headings. `pm init --template-preset NAME` writes
//! them; `pm import` names the one a set of documents follows. Headings are the templates'
//! own; the guidance under each is pm's.

/// One preset.
pub struct Preset {
    pub name: &'static str,
    /// Where its sections come from, for `--help` and the docs.
    pub source: &'static str,
    /// pm's required sections onto the template's headings: (section, aliases, optional).
    pub sections: &'static [(&'static str, &'static [&'static str], bool)],
    /// Headings only this template has: a document with two of them follows it.
    pub marks: &'static [&'static str],
    /// The template `pm new` fills (`{{title}}` is the title).
    pub template: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "google-sre",
        source: "the example postmortem of Google's \"Site Reliability Engineering\" book",
        sections: &[
            // The template says "Contributing factors" (blameless, no `root-cause-heading`);
            // "Root Causes" still matches documents written to Google's own template.
            (
                "Discussion",
                &[
                    "Lessons Learned",
                    "Contributing factors",
                    "Root Causes",
                    "Root Cause",
                ],
                false,
            ),
            ("Remediation items", &["Action Items"], false),
        ],
        marks: &[
            "Root Causes",
            "Trigger",
            "Where we got lucky",
            "Supporting information",
        ],
        template: GOOGLE_SRE,
    },
    Preset {
        name: "pagerduty",
        source: "PagerDuty's incident response guide (response.pagerduty.com)",
        sections: &[
            ("Summary", &["Overview"], false),
            (
                "Discussion",
                &["Contributing Factors", "How'd We Do?"],
                false,
            ),
            ("Remediation items", &["Action Items"], false),
        ],
        marks: &[
            "Overview",
            "What Happened",
            "Contributing Factors",
            "Responders",
            "How'd We Do",
            "Messaging",
        ],
        template: PAGERDUTY,
    },
    Preset {
        name: "atlassian",
        source: "Atlassian's incident management handbook",
        sections: &[
            ("Summary", &["Incident summary"], false),
            (
                "Discussion",
                &[
                    "Five whys",
                    "Contributing factors",
                    "Root cause",
                    "Lessons learned",
                ],
                false,
            ),
            ("Remediation items", &["Corrective actions"], false),
        ],
        marks: &[
            "Leadup",
            "Fault",
            "Five whys",
            "Recovery",
            "Backlog check",
            "Recurrence",
        ],
        template: ATLASSIAN,
    },
];

/// The preset called `name` (any case).
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
}

/// The preset names, for messages.
pub fn names() -> String {
    PRESETS
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Preset {
    /// Its `sections:` block for pm.yaml.
    pub fn yaml(&self) -> String {
        let mut out = format!(
            "# the {} preset (pm init --template-preset {})\nsections:\n",
            self.name, self.name
        );
        for (section, aliases, optional) in self.sections {
            let quoted: Vec<String> = aliases
                .iter()
                .map(|a| crate::document::edit::scalar(a, true, None))
                .collect();
            out.push_str(&format!(
                "  {section}: {{aliases: [{}]{}}}\n",
                quoted.join(", "),
                if *optional { ", optional: true" } else { "" }
            ));
        }
        out
    }

    /// Whether headings `titles` (any level) follow it: two of its marks or more.
    pub fn followed_by<S: AsRef<str>>(&self, titles: &[S]) -> bool {
        self.marks
            .iter()
            .filter(|m| {
                titles
                    .iter()
                    .any(|t| crate::document::sections::title_matches(t.as_ref(), m))
            })
            .count()
            >= 2
    }
}

const GOOGLE_SRE: &str = "# {{title}}

## Summary
<!-- Two or three sentences: what happened, who noticed, how service came back. -->

## Impact
<!-- Who and what was affected, for how long, how badly; numbers where there are any. -->

## Contributing factors
<!-- Google's template calls this \"Root Causes\". The conditions that made the outage possible. There is rarely one: name each contributing factor, and what people knew at the time. -->

## Trigger
<!-- What set the conditions off: a change, a load spike, a failure elsewhere. -->

## Resolution
<!-- What brought service back, and what is still temporary. -->

## Detection
<!-- Which signal told us first, and how long after the start. -->

## Action Items
<!-- The items themselves live in the front matter `remediation:` list, each with one owner. Note here why each one matters. -->

## Lessons Learned

### What went well

### What went wrong

### Where we got lucky

## Timeline
<!-- One line per event, times in the repository time zone. -->

## Supporting information
<!-- Graphs, logs, links. -->
";

const PAGERDUTY: &str = "# {{title}}

## Overview
<!-- One or two sentences: the contributing factors, the timeline in brief, the impact. -->

## What Happened
<!-- A short account of the incident. -->

## Contributing Factors
<!-- The conditions that contributed, including responses that made it worse, described as what people knew and saw at the time. -->

## Resolution
<!-- What fixed it; a temporary fix and the long-term one. -->

## Impact
<!-- Exact numbers: time in each severity, users and accounts affected, support requests raised. -->

## Responders
<!-- Who took part, and in which role (incident commander, scribe, subject matter experts). -->

## Timeline
<!-- One line per event: when the impact began, the page, the status page update, the resolution. -->

## How'd We Do?

### What went well

### What didn't go so well

## Action Items
<!-- The items themselves live in the front matter `remediation:` list, each with one owner. -->

## Messaging

### Internal

### External
";

const ATLASSIAN: &str = "# {{title}}

## Incident summary
<!-- A few sentences: what happened, why, the severity, how long the impact lasted. -->

## Leadup
<!-- The events that led to the incident, e.g. earlier changes that had not shown a problem yet. -->

## Fault
<!-- How the change did not work as expected; graphs that show it. -->

## Impact
<!-- How internal and external users were affected, and how many support cases were raised. -->

## Detection
<!-- When and how the team noticed, and what would have halved that time. -->

## Response
<!-- Who responded, when and how; delays and obstacles on the way. -->

## Recovery
<!-- How service came back, and when impact ended. -->

## Timeline
<!-- One line per event, times in the repository time zone. -->

## Five whys
<!-- Start from the impact and ask why it happened, again for each answer; conditions, not people. -->

## Contributing factors
<!-- Atlassian's template calls this \"Root cause\". The conditions found, and what people knew at each moment. -->

## Backlog check
<!-- Was there work already planned that would have prevented it or reduced it? -->

## Recurrence
<!-- Has this happened before, and what was learned then? -->

## Lessons learned
<!-- What went well, and what could be improved. -->

## Corrective actions
<!-- The items themselves live in the front matter `remediation:` list, each with one owner. -->
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_template_has_its_sections_and_marks() {
        for p in PRESETS {
            let found = crate::document::sections::sections(p.template, 0);
            let titles: Vec<&str> = found.iter().map(|s| s.title.as_str()).collect();
            for (section, aliases, _) in p.sections {
                assert!(
                    aliases
                        .iter()
                        .any(|a| titles.iter().any(|t| t.eq_ignore_ascii_case(a))),
                    "{}: no heading for {section} in {titles:?}",
                    p.name
                );
            }
            let all: Vec<String> = crate::document::import::blocks::read(p.template)
                .iter()
                .filter(|b| b.heading_level().is_some())
                .map(|b| b.one_line())
                .collect();
            assert!(p.followed_by(&all), "{}", p.name);
            for other in PRESETS.iter().filter(|o| o.name != p.name) {
                assert!(
                    !other.followed_by(&all),
                    "{} looks like {}",
                    p.name,
                    other.name
                );
            }
        }
    }
}
