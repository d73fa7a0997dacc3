//! Timelines: the events that documents report, merged across outlets when they are the same
//! happening (same type, same actors, same day), with every source listed and the figures
//! that outlets disagree on flagged.

use std::collections::BTreeMap;

use marsad_core::Event;
use serde::Serialize;
use serde_json::Value;

use crate::cluster::{format_day, parse_day};

/// One document's events.
#[derive(Clone, Copy, Debug)]
pub struct TimelineDoc<'a> {
    pub id: &'a str,
    pub outlet: Option<&'a str>,
    /// The document's publication day, the date of events whose sentence gives none.
    pub published: Option<&'a str>,
    pub events: &'a [Event],
}

/// A figure that sources report differently.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub figure: String,
    pub values: Vec<ReportedValue>,
}

/// One value of a figure and the documents that report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportedValue {
    pub value: Value,
    pub documents: Vec<String>,
}

/// One happening on a timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// The day (ISO), or null when neither the sentence nor the document gives one.
    pub date: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub cameo: String,
    pub actors: Vec<String>,
    pub targets: Vec<String>,
    pub location: Option<String>,
    pub documents: Vec<String>,
    pub outlets: Vec<String>,
    /// Each figure with the value most sources give (the larger on a tie).
    pub figures: serde_json::Map<String, Value>,
    /// Figures the sources disagree on, with every value and who reports it.
    pub conflicts: Vec<Conflict>,
    /// The first source's sentence.
    pub sentence: String,
}

/// One document's report of an event: (document id, outlet, event).
type Report<'a> = (&'a str, Option<&'a str>, &'a Event);

/// The day an event happened: the sentence's date when it names a day, else the document's.
fn event_day(event: &Event, published: Option<&str>) -> Option<String> {
    let from_sentence = event.date.as_deref().and_then(parse_day);
    from_sentence.or_else(|| published.and_then(parse_day)).map(format_day)
}

fn sorted_unique(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Whether an event counts as having happened: negated, hypothetical and future statements
/// stay off timelines.
fn happened(event: &Event) -> bool {
    event.modality == "asserted"
}

/// The merged timeline of the events of `docs`, optionally only those where `keep` holds,
/// in date order (undated last).
pub fn timeline(docs: &[TimelineDoc<'_>], keep: impl Fn(&Event) -> bool) -> Vec<TimelineEntry> {
    type Key = (Option<String>, String, Vec<String>);
    // Per merged event: its reports.
    let mut groups: BTreeMap<Key, Vec<Report>> = BTreeMap::new();
    for doc in docs {
        for event in doc.events.iter().filter(|e| happened(e) && keep(e)) {
            let key = (event_day(event, doc.published), event.kind.clone(), sorted_unique(event.actors.clone()));
            groups.entry(key).or_default().push((doc.id, doc.outlet, event));
        }
    }
    let mut entries: Vec<TimelineEntry> = groups
        .into_iter()
        .map(|((date, kind, actors), reports)| {
            let first = reports[0].2;
            let documents = sorted_unique(reports.iter().map(|r| r.0.to_string()).collect());
            let outlets = sorted_unique(reports.iter().filter_map(|r| r.1.map(str::to_string)).collect());
            let targets = sorted_unique(reports.iter().flat_map(|r| r.2.targets.iter().cloned()).collect());
            let location = reports.iter().find_map(|r| r.2.location.clone());
            let (figures, conflicts) = merge_figures(&reports);
            TimelineEntry {
                date,
                kind,
                cameo: first.cameo.clone(),
                actors,
                targets,
                location,
                documents,
                outlets,
                figures,
                conflicts,
                sentence: first.sentence.clone(),
            }
        })
        .collect();
    entries.sort_by(|a, b| (a.date.is_none(), &a.date, &a.kind).cmp(&(b.date.is_none(), &b.date, &b.kind)));
    entries
}

fn merge_figures(reports: &[Report]) -> (serde_json::Map<String, Value>, Vec<Conflict>) {
    // figure → value (as JSON text, to group equal values) → documents
    let mut seen: BTreeMap<&str, BTreeMap<String, (Value, Vec<String>)>> = BTreeMap::new();
    for (doc, _, event) in reports {
        for (figure, value) in &event.figures {
            let slot =
                seen.entry(figure).or_default().entry(value.to_string()).or_insert_with(|| (value.clone(), vec![]));
            if !slot.1.iter().any(|d| d == doc) {
                slot.1.push(doc.to_string());
            }
        }
    }
    let mut figures = serde_json::Map::new();
    let mut conflicts = Vec::new();
    for (figure, values) in seen {
        let mut values: Vec<(Value, Vec<String>)> = values.into_values().collect();
        values.sort_by(|a, b| {
            b.1.len().cmp(&a.1.len()).then(b.0.as_f64().unwrap_or(0.0).total_cmp(&a.0.as_f64().unwrap_or(0.0)))
        });
        figures.insert(figure.to_string(), values[0].0.clone());
        if values.len() > 1 {
            conflicts.push(Conflict {
                figure: figure.to_string(),
                values: values.into_iter().map(|(value, documents)| ReportedValue { value, documents }).collect(),
            });
        }
    }
    (figures, conflicts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, actors: &[&str], date: Option<&str>, killed: Option<u64>) -> Event {
        let mut figures = serde_json::Map::new();
        if let Some(k) = killed {
            figures.insert("killed".into(), Value::from(k));
        }
        Event {
            kind: kind.into(),
            cameo: "190".into(),
            trigger: "قصف".into(),
            actors: actors.iter().map(|s| s.to_string()).collect(),
            targets: vec![],
            location: Some("Stepanakert".into()),
            date: date.map(str::to_string),
            figures,
            sentence: "قصفت القوات مدينة ستيباناكيرت.".into(),
            start: 0,
            end: 0,
            date_from: None,
            modality: "asserted".into(),
            actor_ids: vec![],
            target_ids: vec![],
            location_id: None,
        }
    }

    #[test]
    fn the_same_happening_from_two_outlets_is_one_entry_and_a_different_toll_is_flagged() {
        let a = [event("military_attack", &["Azerbaijan"], Some("2020-10-04"), Some(3))];
        let b = [event("military_attack", &["Azerbaijan"], None, Some(5))];
        let c = [event("ceasefire_agreed", &["Armenia", "Azerbaijan"], None, None)];
        let docs = [
            TimelineDoc { id: "a", outlet: Some("BBC"), published: Some("2020-10-05"), events: &a },
            TimelineDoc { id: "b", outlet: Some("CNN"), published: Some("2020-10-04"), events: &b },
            TimelineDoc { id: "c", outlet: Some("CNN"), published: Some("2020-10-10"), events: &c },
        ];
        let t = timeline(&docs, |_| true);
        assert_eq!(t.len(), 2, "{t:#?}");
        assert_eq!(t[0].date.as_deref(), Some("2020-10-04"));
        assert_eq!(t[0].documents, vec!["a", "b"]);
        assert_eq!(t[0].outlets, vec!["BBC", "CNN"]);
        assert_eq!(t[0].conflicts.len(), 1);
        assert_eq!(t[0].conflicts[0].figure, "killed");
        assert_eq!(t[0].figures["killed"], Value::from(5), "a tie goes to the larger toll");
        assert_eq!(t[1].kind, "ceasefire_agreed");
        assert!(t[1].conflicts.is_empty());
    }

    #[test]
    fn what_did_not_happen_stays_off_the_timeline() {
        let mut hypothetical = event("ceasefire_agreed", &["Armenia"], Some("2020-10-10"), None);
        hypothetical.modality = "hypothetical".into();
        let events = [hypothetical];
        let docs = [TimelineDoc { id: "a", outlet: None, published: None, events: &events }];
        assert!(timeline(&docs, |_| true).is_empty());
    }

    #[test]
    fn a_filter_keeps_one_entitys_events() {
        let a = [event("military_attack", &["Azerbaijan"], Some("2020-10-04"), None)];
        let c = [event("ceasefire_agreed", &["Armenia", "Azerbaijan"], Some("2020-10-10"), None)];
        let docs = [
            TimelineDoc { id: "a", outlet: None, published: None, events: &a },
            TimelineDoc { id: "c", outlet: None, published: None, events: &c },
        ];
        let t = timeline(&docs, |e| e.actors.iter().any(|x| x == "Armenia"));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].kind, "ceasefire_agreed");
    }
}
