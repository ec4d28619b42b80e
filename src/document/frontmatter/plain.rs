//! The fast reader: front matter in the simple block subset (`parse::block_yaml`) read
//! straight into `FrontMatter`, when there is nothing to report.

use super::*;
use crate::parse::block_yaml::Node;

/// The fast path of `read` for front matter in the simple block subset (`block_yaml`):
/// the typed values straight from the borrowed nodes, without serde_yaml's values. It
/// answers only when `read` would report nothing at all; any doubt (an unknown key, a
/// missing or malformed field, an item without owner, two items with one ticket...) is
/// `None`, and the caller goes the long way, which says what is wrong. Tests and the
/// `front_matter` fuzz target check that both agree whenever this answers.
pub fn read_plain(tree: &Node<'_>, schema: &Schema<'_>) -> Option<FrontMatter> {
    let Node::Map(entries) = tree else {
        return None;
    };
    if entries
        .iter()
        .any(|(k, _)| !FIELDS.iter().any(|f| f.name == *k))
    {
        return None;
    }
    let get = |name: &str| {
        entries
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
            .filter(|v| **v != Node::Null)
    };
    let mut fm = FrontMatter::default();
    let tz = match get("timezone") {
        Some(v) => {
            let tz = crate::time::parse_tz(&plain_text(v)?).ok()?;
            fm.timezone = Some(tz);
            tz
        }
        None => schema.timezone,
    };
    for f in FIELDS {
        let Some(v) = get(f.name) else {
            if f.required() {
                return None;
            }
            continue;
        };
        let timestamp = |v: &Node<'_>| match v {
            Node::Str(s) => crate::time::parse_timestamp(s, tz).ok(),
            _ => None,
        };
        match f.name {
            "title" => fm.title = Some(plain_text(v).filter(|s| !s.trim().is_empty())?),
            "status" => fm.status = Some(Status::parse(&plain_text(v)?)?),
            "severity" => {
                let s = plain_text(v)?;
                if !schema.severities.contains(&s.as_str()) {
                    return None;
                }
                fm.severity = Some(s);
            }
            "type" => {
                let s = plain_text(v)?;
                if !schema.types.contains(&s.as_str()) {
                    return None;
                }
                fm.incident_type = Some(s);
            }
            "started_at" => {
                let day = match v {
                    Node::Str(s) => super::reader::day_start(s, tz),
                    _ => None,
                };
                fm.started_day = day.is_some();
                fm.started_at = Some(day.or_else(|| timestamp(v))?);
            }
            "timezone" => {}
            // `true` is a boolean, which the block subset never gives: read the long way.
            "imported" => return None,
            "detected_at" => fm.detected_at = Some(timestamp(v)?),
            "acknowledged_at" => fm.acknowledged_at = Some(timestamp(v)?),
            "mitigated_at" => fm.mitigated_at = Some(timestamp(v)?),
            "customers_notified_at" => fm.customers_notified_at = Some(timestamp(v)?),
            "resolved_at" => fm.resolved_at = Some(timestamp(v)?),
            "meeting_at" => fm.meeting_at = Some(timestamp(v)?),
            "services" => fm.services = plain_list(v)?,
            "tags" => fm.tags = plain_list(v)?,
            "authors" => fm.authors = plain_list(v)?,
            "channels" => fm.channels = plain_list(v)?,
            "facilitator" => fm.facilitator = Some(plain_text(v)?),
            "links" => {
                for (index, map) in plain_records(v, LINK_FIELDS)?.into_iter().enumerate() {
                    let mut link = Link {
                        index,
                        ..Link::default()
                    };
                    for (key, fv) in map {
                        match (*key, fv) {
                            (_, Node::Null) => {}
                            ("title", _) => link.title = Some(plain_text(fv)?),
                            ("url", _) => link.url = Some(plain_text(fv)?),
                            _ => {}
                        }
                    }
                    fm.links.push(link);
                }
            }
            "remediation" => {
                for (index, map) in plain_records(v, ITEM_FIELDS)?.into_iter().enumerate() {
                    let mut item = Item::empty(index);
                    let date = |fv: &Node<'_>| match fv {
                        Node::Str(s) => crate::time::parse_date(s).ok(),
                        _ => None,
                    };
                    for (key, fv) in map {
                        match (*key, fv) {
                            (_, Node::Null) => {}
                            ("title", _) => item.title = Some(plain_text(fv)?),
                            ("owner", _) => item.owner = Some(plain_text(fv)?),
                            ("ticket", _) => item.ticket = Some(plain_text(fv)?),
                            ("due", _) => item.due = Some(date(fv)?),
                            ("done_on", _) => item.done_on = Some(date(fv)?),
                            ("status", _) => {
                                item.status = match plain_text(fv)?.as_str() {
                                    "open" => ItemStatus::Open,
                                    "done" => ItemStatus::Done,
                                    "wontfix" => ItemStatus::WontFix,
                                    _ => return None,
                                }
                            }
                            _ => {}
                        }
                    }
                    let owned = item.owner.as_deref().is_some_and(|o| !o.trim().is_empty());
                    if item.status == ItemStatus::Open && !owned {
                        return None; // remediation-no-owner
                    }
                    fm.remediation.push(item);
                }
                let tickets: Vec<&str> = fm
                    .remediation
                    .iter()
                    .filter_map(|i| i.ticket.as_deref().map(str::trim))
                    .collect();
                for (n, t) in tickets.iter().enumerate() {
                    if tickets[..n].iter().any(|o| o.eq_ignore_ascii_case(t)) {
                        return None; // remediation-duplicate-ticket
                    }
                }
            }
            _ => {}
        }
    }
    Some(fm)
}

/// A text field's value as `Reader::text` reads it when it reports nothing.
fn plain_text(v: &Node<'_>) -> Option<String> {
    match v {
        Node::Str(s) => Some((*s).to_string()),
        _ => None,
    }
}

fn plain_list(v: &Node<'_>) -> Option<Vec<String>> {
    match v {
        Node::Seq(items) => items.iter().map(plain_text).collect(),
        Node::Str(s) => Some(vec![(*s).to_string()]),
        _ => None,
    }
}

/// The mappings of a `Records` field when every entry is a mapping with only known keys
/// and its required fields present.
fn plain_records<'n, 'a>(
    v: &'n Node<'a>,
    fields: &[Field],
) -> Option<Vec<&'n Vec<(&'a str, Node<'a>)>>> {
    let Node::Seq(items) = v else { return None };
    items
        .iter()
        .map(|item| {
            let Node::Map(map) = item else { return None };
            let known = map.iter().all(|(k, _)| fields.iter().any(|f| f.name == *k));
            let complete = fields.iter().filter(|f| f.required()).all(|f| {
                map.iter()
                    .any(|(k, v)| *k == f.name && matches!(v, Node::Str(s) if !s.trim().is_empty()))
            });
            (known && complete).then_some(map)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::block_yaml::parse_tree;

    fn schema() -> Schema<'static> {
        Schema {
            severities: vec!["SEV1", "SEV2", "SEV3"],
            types: DEFAULT_TYPES.to_vec(),
            timezone: chrono_tz::Tz::UTC,
            item_headings: vec!["Remediation items"],
        }
    }

    /// Whether the fast path answered; asserts it agrees with `read` when it does.
    fn agrees(yaml: &str) -> bool {
        let Some(tree) = parse_tree(yaml) else {
            return false;
        };
        let Some(fast) = read_plain(&tree, &schema()) else {
            return false;
        };
        let (slow, diagnostics) = read(&tree.to_value(), yaml, 0, 0..0, &schema());
        assert!(diagnostics.is_empty(), "{yaml}: {diagnostics:?}");
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{yaml}");
        true
    }

    const GOOD: &str = "title: Checkout 503s\nstatus: published\nseverity: SEV2\ntype: near-miss\nstarted_at: 2026-03-14T09:12:00Z\nacknowledged_at: 2026-03-14T09:20:00Z\nmitigated_at: 2026-03-14 10:00\nresolved_at: 2026-03-14 10:40\nservices: [checkout-api, 'db']\ntags: []\nauthors: Ana\nfacilitator:\nlinks:\n  - title: Graph\n    url: https://example.com/g\nremediation:\n  - title: Page on 5xx rate\n    owner: Ana Lima\n    ticket: OPS-1\n    due: 2026-04-14\n  - title: Runbook for failover\n    owner: Ben\n    status: done\n    done_on: 2026-04-01\n  - title: Drop the cache\n    status: wontfix\n";

    #[test]
    fn answers_for_a_clean_front_matter_with_the_values_of_read() {
        assert!(agrees(GOOD));
    }

    #[test]
    fn leaves_every_finding_to_read() {
        for (from, to) in [
            ("severity: SEV2", "severity: SEV9"),
            ("type: near-miss", "type: nearmiss"),
            ("mitigated_at: 2026-03-14 10:00", "mitigated_at: 10:00"),
            ("status: published", "status: publish"),
            ("title: Checkout 503s", "title: ''"),
            ("title: Checkout 503s\n", ""),
            ("started_at: 2026-03-14T09:12:00Z", "started_at: 2026-03-1"),
            ("tags: []", "timezone: Mars/Olympus"),
            ("tags: []", "tagz: []"),
            ("    owner: Ana Lima\n", ""),
            ("    owner: Ana Lima", "    owner: ' '"),
            ("    due: 2026-04-14", "    due: 2026-02-30"),
            ("    ticket: OPS-1", "    ticket: OPS-1\n    priority: high"),
            ("    status: done", "    status: finished"),
            ("  - title: Graph\n    url:", "  - url:"),
            (
                "  - title: Drop the cache\n    status: wontfix\n",
                "  - title: x\n    owner: y\n    ticket: ops-1\n",
            ),
            ("authors: Ana", "authors: [Ana, '']\nchannels:\n  - k: v"),
        ] {
            let yaml = GOOD.replacen(from, to, 1);
            assert_ne!(yaml, GOOD, "{from}");
            assert!(!agrees(&yaml), "should go the long way: {yaml}");
        }
    }
}
