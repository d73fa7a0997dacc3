//! `find_numbers` against the Arabic NumberModel spec of Microsoft Recognizers-Text
//! (../shared/data/eval/recognizers-text-arabic/Number/NumberModel.json, MIT, read here and
//! never copied). Each gold number whose resolution is a plain number counts once: it is
//! right when the match of ours that overlaps its span most has its value. Skips, saying
//! why, when ../shared is absent.
//!
//! The spec is short made-up sentences, many with exotic forms news does not use (negative
//! numbers, powers, "واحد على ثلاثة", dozens, fifths in words); the floor below guards what
//! we reach, it is not a target.

use std::path::PathBuf;

use marsad_text::{TextLayer, find_numbers};

/// Measured: 147 of 300 gold numbers (49.0 %), see the report the test prints. Most misses
/// are forms deliberately left out (powers, "x على y", "جزء من", dozens, خمس as a fifth).
const VALUE_ACCURACY_FLOOR: f64 = 0.45;

fn spec_file() -> Option<PathBuf> {
    let shared = std::env::var_os("MARSAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let file = shared.join("data/eval/recognizers-text-arabic/Number/NumberModel.json");
    file.is_file().then_some(file)
}

#[test]
fn recognizers_number_model() {
    let Some(file) = spec_file() else {
        eprintln!("skipped: NumberModel.json of ../shared/data/eval/recognizers-text-arabic not found");
        return;
    };
    let raw = std::fs::read_to_string(&file).expect("readable spec");
    let cases: serde_json::Value = serde_json::from_str(raw.trim_start_matches('\u{feff}')).expect("spec JSON");
    let cases = cases.as_array().expect("a list of cases");

    let (mut gold, mut right, mut exact_span) = (0usize, 0usize, 0usize);
    let (mut negatives, mut false_alarms) = (0usize, 0usize);
    let mut misses = Vec::new();
    for case in cases {
        let input = case["Input"].as_str().unwrap_or_default();
        let layer = TextLayer::new(input);
        // Each match as (original code-point range without its proclitics, value).
        let ours: Vec<(std::ops::Range<usize>, f64)> = find_numbers(layer.text(), &layer.tokens)
            .iter()
            .map(|m| {
                let first = &layer.tokens[m.tokens.start];
                let last = &layer.tokens[m.tokens.end - 1];
                let chars = first.char_start as usize + m.prefix_chars as usize..last.char_end as usize;
                (layer.normalized.original_range(chars), m.value)
            })
            .collect();
        let results = case["Results"].as_array().map(Vec::as_slice).unwrap_or_default();
        if results.is_empty() {
            negatives += 1;
            false_alarms += usize::from(!ours.is_empty());
            continue;
        }
        for result in results {
            let Some(expected) = result["Resolution"]["value"].as_str().and_then(|v| v.parse::<f64>().ok()) else {
                continue;
            };
            let (Some(start), Some(end)) = (result["Start"].as_u64(), result["End"].as_u64()) else { continue };
            // End is inclusive; a leading space in Text is part of the gold span upstream.
            let text = result["Text"].as_str().unwrap_or_default();
            let lead = text.chars().take_while(|c| c.is_whitespace()).count();
            let span = start as usize + lead..end as usize + 1;
            gold += 1;
            let best = ours
                .iter()
                .map(|(r, v)| (r.end.min(span.end).saturating_sub(r.start.max(span.start)), r, *v))
                .filter(|(overlap, _, _)| *overlap > 0)
                .max_by_key(|(overlap, _, _)| *overlap);
            match best {
                Some((_, r, v)) if (v - expected).abs() <= 1e-6 * expected.abs().max(1.0) => {
                    right += 1;
                    exact_span += usize::from(r.start == span.start && r.end == span.end);
                }
                other => misses.push(format!("{input} | want {text} = {expected}, got {:?}", other.map(|o| o.2))),
            }
        }
    }
    let accuracy = right as f64 / gold.max(1) as f64;
    eprintln!("NumberModel misses:\n  {}", misses.join("\n  "));
    eprintln!(
        "NumberModel: value right for {right} of {gold} gold numbers ({:.1} %), {exact_span} with the exact span; \
         {false_alarms} of {negatives} gold negatives with a number found",
        100.0 * accuracy
    );
    assert!(gold > 250, "the spec should hold about 300 plain-number results, read {gold}");
    assert!(accuracy >= VALUE_ACCURACY_FLOOR, "value accuracy {accuracy:.3} fell below {VALUE_ACCURACY_FLOOR}");
}
