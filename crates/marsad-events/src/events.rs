//! Typed events, sentence by sentence: the ontology's triggers (words in a row, each with its
//! clitics) whose `near`/`not`/`needs` conditions hold in the sentence; one event per type per
//! sentence (its leftmost trigger; a longer trigger at the same word wins); `fallback` types only
//! when nothing else is found. Each event gets:
//!
//! - **actors**: the entity mentions before the trigger in its clause (nearest three), else
//!   those just after it (verb-first sentences: أعلنت روسيا); **targets**: the other mentions
//!   after the trigger; the **location**, a place mention after في/ب/داخل/قرب or a word for a
//!   kind of place, is neither;
//! - **date**: the first date expression of the sentence (`date_from: "text"`), else the
//!   publication day (`"publication"`);
//! - **figures**: the sentence's quantities with a named figure (the first of each; a vague
//!   quantity counts as its floor, عشرات الجرحى → 20; a range as its upper end);
//! - **modality**: a negation (لم، لن، لا، عدم), a hypothesis (قد before an imperfect verb,
//!   إذا، ربما) or a future (سوف، يعتزم، من المقرر) among the few words before the trigger in
//!   its clause. Only `asserted` events happened.
//!
//! With nobody named around the trigger, the speaker of a quote of the sentence is the actor
//! (`وزارة الدفاع الروسية قالت إن قوات حفظ السلام ستنشئ …`).

use std::collections::HashMap;

use marsad_core::{EntityMention, Event};

use crate::doc::Prepared;
use crate::ontology::{Modality, Sense};
use crate::quantities;

/// How many words before a trigger a modality word may be.
const MODALITY_WINDOW: usize = 5;
/// How many words before a trigger its actors may be.
const ACTOR_WINDOW: usize = 14;
/// At most this many actors and targets.
const MAX_ARGS: usize = 3;

/// One trigger match.
#[derive(Clone, Copy, Debug)]
struct Match {
    rule: usize,
    start: usize,
    end: usize,
}

/// Finds the document's events, in text order.
pub fn find(doc: &Prepared, quantities: &[quantities::Found], quotes: &[crate::quotes::Found]) -> Vec<Event> {
    let layer = doc.input.layer;
    let ontology = doc.ontology;
    let mut events = Vec::new();
    let mut q = 0;
    for (s, sentence) in layer.sentences.iter().enumerate() {
        let range = sentence.tokens.start as usize..sentence.tokens.end as usize;
        // The sentence's quantities.
        while q < quantities.len() && (quantities[q].sentence as usize) < s {
            q += 1;
        }
        let mut figures: HashMap<&str, &quantities::Found> = HashMap::new();
        let mut qi = q;
        while qi < quantities.len() && quantities[qi].sentence as usize == s {
            if let Some(f) = quantities[qi].quantity.figure.as_deref() {
                figures.entry(f).or_insert(&quantities[qi]);
            }
            qi += 1;
        }
        // Words of the sentence that conditions ask about.
        let mut words: Vec<u32> = Vec::new();
        for t in range.clone() {
            for &(sense, _) in &doc.info[t].senses {
                if let Sense::Word(w) = sense {
                    words.push(w);
                }
            }
        }
        // Trigger matches, leftmost first; the longest at each word.
        let mut matches: Vec<Match> = Vec::new();
        for t in range.clone() {
            for &(sense, _) in &doc.info[t].senses {
                let Sense::Trigger { rule, pos: 0 } = sense else { continue };
                let rule = rule as usize;
                let trigger = &ontology.triggers[rule];
                let end = t + trigger.words;
                if end > range.end {
                    continue;
                }
                let rest_ok = (1..trigger.words).all(|k| {
                    doc.has(
                        t + k,
                        |x| matches!(x, Sense::Trigger { rule: r, pos } if r as usize == rule && pos as usize == k),
                    )
                });
                let near_ok = trigger.near.is_empty() || trigger.near.iter().any(|w| words.contains(w));
                let not_ok = !trigger.not.iter().any(|w| words.contains(w));
                let needs_ok =
                    trigger.needs.is_empty() || trigger.needs.iter().any(|f| figures.contains_key(f.as_str()));
                let negation_ok = !trigger.if_negated || modality(doc, range.start, t) == Modality::Negated;
                if rest_ok && near_ok && not_ok && needs_ok && negation_ok {
                    matches.push(Match { rule, start: t, end });
                }
            }
        }
        matches.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end - m.start)));
        let mut chosen: Vec<Match> = Vec::new();
        for m in matches {
            let ty = ontology.triggers[m.rule].event_type;
            if !chosen.iter().any(|c| ontology.triggers[c.rule].event_type == ty) {
                chosen.push(m);
            }
        }
        if chosen.iter().any(|c| !ontology.types[ontology.triggers[c.rule].event_type as usize].fallback) {
            chosen.retain(|c| !ontology.types[ontology.triggers[c.rule].event_type as usize].fallback);
        }
        if chosen.is_empty() {
            continue;
        }
        let sentence_range = layer.sentence_original(sentence);
        let sentence_text = doc.slice(sentence_range.clone());
        let (date, date_from) = date_of(doc, range.clone());
        let location = location_of(doc, range.clone());
        for m in chosen {
            let trigger = &ontology.triggers[m.rule];
            let ty = &ontology.types[trigger.event_type as usize];
            let (actors, targets) = arguments(doc, range.clone(), m, location);
            let mut figure_map = serde_json::Map::new();
            let mut names: Vec<&&str> = figures.keys().collect();
            names.sort();
            for name in names {
                let found = figures[*name];
                // A vague quantity counts as its floor (عشرات → at least 20).
                let q = &found.quantity;
                let value = if q.precision == "approximate" { q.low } else { q.value };
                figure_map.insert(name.to_string(), serde_json::json!(value));
                if *name == "money"
                    && let Some(unit) = &found.quantity.unit
                {
                    figure_map.insert("money_unit".to_string(), serde_json::json!(unit));
                }
            }
            let entities = doc.input.entities;
            let loc = location.and_then(|l| entities.get(l));
            let mut actor_names: Vec<String> = actors.iter().map(|&i| entities[i].canonical.clone()).collect();
            let mut actor_ids: Vec<String> = actors.iter().map(|&i| entities[i].entity_id.clone()).collect();
            if actor_names.is_empty()
                && let Some(q) = quotes.iter().find(|q| q.sentence as usize == s && q.quote.speaker_id.is_some())
            {
                // Nobody named around the trigger: the speaker of the sentence's quote acts.
                actor_names.push(q.quote.speaker.clone());
                actor_ids.extend(q.quote.speaker_id.clone());
            }
            events.push(Event {
                kind: ty.name.clone(),
                cameo: trigger.cameo.clone().unwrap_or_else(|| ty.cameo.clone()),
                trigger: doc.text_of(m.start, m.end),
                actors: actor_names,
                targets: targets.iter().map(|&i| entities[i].canonical.clone()).collect(),
                location: loc.map(|l| l.canonical.clone()),
                date: date.clone(),
                figures: figure_map,
                sentence: sentence_text.clone(),
                start: sentence_range.start,
                end: sentence_range.end,
                date_from: date_from.map(str::to_string),
                modality: if trigger.if_negated {
                    Modality::Asserted.as_str().to_string()
                } else {
                    modality(doc, range.start, m.start).as_str().to_string()
                },
                actor_ids,
                target_ids: targets.iter().map(|&i| entities[i].entity_id.clone()).collect(),
                location_id: loc.map(|l| l.entity_id.clone()),
            });
        }
    }
    events
}

fn date_of(doc: &Prepared, range: std::ops::Range<usize>) -> (Option<String>, Option<&'static str>) {
    for t in range {
        if let Some(x) = doc.info[t].timex.and_then(|x| doc.input.timex.get(x as usize))
            && x.kind == "date"
            && x.value.starts_with(|c: char| c.is_ascii_digit())
        {
            return (Some(x.value.clone()), Some("text"));
        }
    }
    match doc.input.published {
        Some(p) => (Some(p.to_string()), Some("publication")),
        None => (None, None),
    }
}

/// The place of the sentence: a LOC mention right after في/ب/داخل/قرب (also as a proclitic) or
/// after a word for a kind of place (إقليم، مدينة، منطقة).
fn location_of(doc: &Prepared, range: std::ops::Range<usize>) -> Option<usize> {
    let entities = doc.input.entities;
    for t in range.clone() {
        let Some(m) = doc.info[t].entity else { continue };
        let mention = &entities[m as usize];
        if mention.kind != "LOC" || (t > range.start && doc.info[t - 1].entity == Some(m)) {
            continue;
        }
        let key = doc.info[t].key.as_str();
        let proclitic = key.starts_with("ب") && doc.tokens()[t].seg.prefix > 0 || key.starts_with("في");
        let before = if t > range.start { doc.info[t - 1].key.as_str() } else { "" };
        let prep = matches!(
            before,
            "في" | "داخل"
                | "قرب"
                | "شمال"
                | "جنوب"
                | "شرق"
                | "غرب"
                | "وسط"
                | "بمدينه"
                | "مدينه"
                | "اقليم"
                | "الاقليم"
                | "منطقه"
                | "بلده"
                | "محافظه"
        );
        if proclitic || prep {
            return Some(m as usize);
        }
    }
    None
}

/// Actors and targets (indices of entity mentions) of a trigger match.
fn arguments(
    doc: &Prepared,
    range: std::ops::Range<usize>,
    m: Match,
    location: Option<usize>,
) -> (Vec<usize>, Vec<usize>) {
    let entities: &[EntityMention] = doc.input.entities;
    let usable = |i: usize| Some(i) != location && matches!(entities[i].kind.as_str(), "PER" | "ORG" | "LOC");
    let mut actors: Vec<usize> = Vec::new();
    let push = |list: &mut Vec<usize>, i: usize| {
        if !list.iter().any(|&j| entities[j].entity_id == entities[i].entity_id) && list.len() < MAX_ARGS {
            list.push(i);
        }
    };
    // Before the trigger, in its clause, nearest first.
    let lower = range.start.max(m.start.saturating_sub(ACTOR_WINDOW));
    let mut t = m.start;
    while t > lower {
        t -= 1;
        if doc.tokens()[t].role == marsad_text::PunctRole::Final || doc.has(t, |s| s == Sense::Comp) {
            break;
        }
        if let Some(i) = doc.info[t].entity.map(|e| e as usize)
            && usable(i)
        {
            push(&mut actors, i);
        }
    }
    actors.reverse();
    let mut after = m.end;
    if actors.is_empty() {
        // Verb first: the subject follows.
        let mut t = m.end;
        while t < range.end && t < m.end + 6 {
            if let Some(i) = doc.info[t].entity.map(|e| e as usize) {
                if usable(i) {
                    push(&mut actors, i);
                }
                after = t + 1;
            } else if !actors.is_empty()
                && doc.info[t].key != "و"
                && !doc.info[t].key.is_empty()
                && !doc.info[t].key.starts_with('و')
            {
                break;
            }
            t += 1;
        }
    }
    let mut targets: Vec<usize> = Vec::new();
    for t in after..range.end {
        if let Some(i) = doc.info[t].entity.map(|e| e as usize)
            && usable(i)
            && !actors.iter().any(|&a| entities[a].entity_id == entities[i].entity_id)
        {
            push(&mut targets, i);
        }
    }
    (actors, targets)
}

/// The modality of a trigger at `t`: the nearest modality word before it in its clause.
fn modality(doc: &Prepared, sentence_start: usize, t: usize) -> Modality {
    let lower = sentence_start.max(t.saturating_sub(MODALITY_WINDOW));
    let mut u = t;
    while u > lower {
        u -= 1;
        if doc.is_clause_break(u) {
            break;
        }
        for &(sense, _) in &doc.info[u].senses {
            if let Sense::Modality { modality, imperfect } = sense {
                if imperfect {
                    let next = doc.info.get(u + 1).map_or("", |i| i.key.as_str());
                    if !matches!(next.chars().next(), Some('ي' | 'ت' | 'ن')) {
                        continue;
                    }
                }
                return modality;
            }
        }
    }
    // The trigger word itself may say it (ستنشر، سينتشرون).
    for &(sense, _) in &doc.info[t].senses {
        if let Sense::Modality { modality, imperfect: false } = sense {
            return modality;
        }
    }
    Modality::Asserted
}
