//! Quantities: the numbers of a sentence (from the shared `marsad_text::numbers` reader), with
//! ranges joined (`400 إلى 600 ألف` → 400,000–600,000; `بين 10 و20`) and the counted noun looked up
//! in the ontology's `figure` lines: after the number (`376 قتيلا`، `عشرات من الجنود`) or, for
//! nouns of the event, before it (`مقتل 5 أشخاص` is killed, not people). Numbers that are part of
//! a date or a clock time are not quantities; durations are (`ستة أسابيع`, unit أسابيع).
//!
//! A vague quantity's bounds: عشرات (value 10) is 20–99, مئات الآلاف (value 100,000) is
//! 200,000–999,999; بضعة (value 3) is 3–9.

use std::ops::Range;

use marsad_core::Quantity;
use marsad_text::{NumberKind, TokenKind, find_numbers};

use crate::doc::Prepared;
use crate::ontology::Sense;

/// Words after a number that are not what it counts (Key spelling).
const NOT_UNITS: &[&str] = &[
    "منذ",
    "من",
    "في",
    "علي",
    "الي",
    "عن",
    "مع",
    "بعد",
    "قبل",
    "حتي",
    "او",
    "ثم",
    "بين",
    "خلال",
    "لدي",
    "عند",
    "وفق",
    "حسب",
    "بحسب",
    "مقابل",
    "نحو",
    "ضد",
    "اي",
    "كل",
    "هذه",
    "هذا",
    "التي",
    "الذي",
    "قد",
    "لم",
    "لن",
    "ما",
    "لا",
];

/// A quantity with where it sits.
#[derive(Clone, Debug)]
pub struct Found {
    pub quantity: Quantity,
    pub sentence: u32,
    pub tokens: Range<usize>,
}

fn in_date(doc: &Prepared, range: Range<usize>) -> bool {
    range.into_iter().any(|t| {
        doc.info[t]
            .timex
            .and_then(|x| doc.input.timex.get(x as usize))
            // A date the time tagger could not resolve (600 read as a year) is still a number.
            .is_some_and(|x| matches!(x.kind.as_str(), "date" | "time" | "set") && x.unresolved.is_none())
    })
}

fn figure_of(doc: &Prepared, t: usize, before: bool) -> Option<u16> {
    doc.info.get(t)?.senses.iter().find_map(|&(s, _)| match s {
        Sense::Figure { figure, before: b } if b == before => Some(figure),
        _ => None,
    })
}

fn currency_of(doc: &Prepared, t: usize) -> Option<u16> {
    doc.info.get(t)?.senses.iter().find_map(|&(s, _)| match s {
        Sense::Currency(c) => Some(c),
        _ => None,
    })
}

/// The whole-thousands scale of a value: 600,000 → 1,000; 2,500,000 → 1,000,000.
fn scale_of(value: f64) -> f64 {
    let mut scale = 1.0;
    while value / (scale * 1000.0) >= 1.0 && (value / (scale * 1000.0)).fract() == 0.0 && scale < 1e15 {
        scale *= 1000.0;
    }
    scale
}

/// Finds the document's quantities, in text order.
pub fn find(doc: &Prepared) -> Vec<Found> {
    let layer = doc.input.layer;
    let text = layer.text();
    let mut out = Vec::new();
    for (s, sentence) in layer.sentences.iter().enumerate() {
        let base = sentence.tokens.start as usize;
        let end = sentence.tokens.end as usize;
        let numbers = find_numbers(text, &layer.tokens[base..end]);
        let mut i = 0;
        while i < numbers.len() {
            let m = &numbers[i];
            i += 1;
            let a = base + m.tokens.start;
            let mut b = base + m.tokens.end;
            if matches!(m.kind, NumberKind::Ordinal) || in_date(doc, a..b) {
                continue;
            }
            let (mut low, mut high, mut value) = (m.value, m.value, m.value);
            let mut precision = "exact";
            if m.kind == NumberKind::Approximate {
                precision = "approximate";
                low = if value < 10.0 { value } else { 2.0 * value };
                high = if value < 10.0 { 3.0 * value } else { 10.0 * value - 1.0 };
            }
            // A range: N إلى/حتى/- M, or بين N و M.
            if let Some(next) = numbers.get(i)
                && m.kind == NumberKind::Cardinal
                && next.kind == NumberKind::Cardinal
            {
                let na = base + next.tokens.start;
                let joined = (na == b + 1
                    && (matches!(doc.info[b].key.as_str(), "الي" | "حتي") || matches!(doc.clean(b), "-" | "–")))
                    || (na == b && next.prefix_chars == 1 && a > base && doc.info[a - 1].key == "بين")
                    || (na == b + 1 && doc.clean(b) == "و" && a > base && doc.info[a - 1].key == "بين");
                if joined && next.value > m.value && !in_date(doc, na..base + next.tokens.end) {
                    let scale = scale_of(next.value);
                    let lower = if scale > 1.0 && m.value * scale < next.value { m.value * scale } else { m.value };
                    low = lower;
                    high = next.value;
                    value = next.value;
                    precision = "range";
                    b = base + next.tokens.end;
                    i += 1;
                }
            }
            // The counted noun.
            let mut noun = b;
            if noun + 1 < end && doc.info[noun].key == "من" && (m.kind == NumberKind::Approximate || value >= 1000.0)
            {
                noun += 1;
            }
            let mut figure = None;
            let mut unit = None;
            let mut stop = b;
            if m.kind == NumberKind::Percent {
                unit = Some("%".to_string());
            } else if noun < end && layer.tokens[noun].kind == TokenKind::Arabic {
                figure = figure_of(doc, noun, false);
                let currency = currency_of(doc, noun);
                let word = layer.tokens[noun].text(text);
                let plain_noun = m.kind == NumberKind::Cardinal
                    && !word.starts_with("ال")
                    && word.chars().count() >= 3
                    && doc.info[noun].senses.is_empty()
                    && !NOT_UNITS.contains(&doc.info[noun].key.as_str());
                if let Some(c) = currency {
                    unit = Some(doc.ontology.currencies[c as usize].clone());
                } else if figure.is_some() || plain_noun {
                    unit = Some(word.to_string());
                }
                if unit.is_some() {
                    stop = noun + 1;
                }
            }
            // The event noun before the number wins over a generic counted noun.
            let mut start = a;
            let people = doc.ontology.figures.iter().position(|f| f == "people").map(|p| p as u16);
            if figure.is_none() || figure == people {
                // مقتل 5، قتل أكثر من 70 (a word or two of approximation in between).
                let mut back = a;
                let mut steps = 0;
                while back > base && steps < 3 {
                    back -= 1;
                    steps += 1;
                    if let Some(f) = figure_of(doc, back, true) {
                        figure = Some(f);
                        start = back;
                        break;
                    }
                    if !matches!(
                        doc.info[back].key.as_str(),
                        "من" | "اكثر" | "نحو" | "حوالي" | "قرابه" | "زهاء" | "اقل" | "عن"
                    ) {
                        break;
                    }
                }
            }
            if (figure.is_none() || figure == people) && unit.is_some() {
                // 60 فلسطينيا قتلوا، 48 شخصا لقوا حتفهم
                for after in [stop, stop + 1] {
                    if after < end
                        && let Some(f) = figure_of(doc, after, true)
                    {
                        figure = Some(f);
                        stop = after + 1;
                        break;
                    }
                }
            }
            let range = doc.original(start, stop);
            out.push(Found {
                quantity: Quantity {
                    text: doc.slice(range.clone()),
                    start: range.start,
                    end: range.end,
                    value,
                    low,
                    high,
                    unit,
                    figure: figure.map(|f| doc.ontology.figures[f as usize].clone()),
                    precision: precision.to_string(),
                },
                sentence: s as u32,
                tokens: start..stop,
            });
        }
    }
    out
}
