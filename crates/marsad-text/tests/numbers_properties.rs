//! Properties of the number reader on arbitrary input: it never panics, its matches lie
//! inside the token slice, come in order without overlapping, and every value is finite.

use marsad_text::{TextLayer, digits_value, find_numbers, word_value};
use proptest::prelude::*;

/// Number words, digit groups, separators and the words around numbers, so that random
/// sequences hit the compound, scale, fraction, percent and minus paths often.
fn number_piece() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "و",
        "واحد",
        "اثنا",
        "اثنين",
        "أحد",
        "إحدى",
        "ثلاثة",
        "ثلاث",
        "عشر",
        "عشرة",
        "عشرين",
        "والعشرين",
        "مئة",
        "مائتي",
        "ثلاثمئة",
        "ألف",
        "ألفا",
        "آلاف",
        "ألفين",
        "مليون",
        "ملايين",
        "مليار",
        "تريليون",
        "نصف",
        "ونصف",
        "ربع",
        "أرباع",
        "ثلث",
        "عشرات",
        "مئات",
        "الآلاف",
        "بضعة",
        "عدة",
        "الحادي",
        "الثاني",
        "عشرة",
        "ثانية",
        "أول",
        "في",
        "المئة",
        "بالمئة",
        "%",
        "-",
        "سالب",
        "ال",
        "الـ",
        "،",
        ".",
        ",",
        "\n",
        "صفر",
        "دولار",
    ]);
    prop_oneof![
        3 => words.prop_map(str::to_string),
        2 => "[0-9]{1,4}",
        1 => "[0-9]{1,3}([.,،][0-9]{1,4}){0,3}",
        1 => "[٠-٩]{1,5}",
        1 => "[0-9]{30,420}",
    ]
}

fn number_text() -> impl Strategy<Value = String> {
    prop::collection::vec((number_piece(), prop::sample::select(vec![" ", "", " ", "  "])), 0..40)
        .prop_map(|v| v.into_iter().map(|(p, sep)| p + sep).collect())
}

fn check(s: &str) -> Result<(), TestCaseError> {
    let layer = TextLayer::new(s);
    let found = find_numbers(layer.text(), &layer.tokens);
    let mut previous_end = 0;
    for m in &found {
        prop_assert!(m.tokens.start < m.tokens.end && m.tokens.end <= layer.tokens.len(), "{m:?}");
        prop_assert!(m.tokens.start >= previous_end, "overlap or disorder: {found:?}");
        previous_end = m.tokens.end;
        prop_assert!(m.value.is_finite(), "{m:?}");
        let first = &layer.tokens[m.tokens.start];
        prop_assert!(usize::from(m.prefix_chars) < (first.char_end - first.char_start) as usize || m.tokens.len() > 1);
    }
    // Per sentence, as callers use it, the same holds.
    for sentence in &layer.sentences {
        let tokens = layer.sentence_tokens(sentence);
        for m in find_numbers(layer.text(), tokens) {
            prop_assert!(m.tokens.end <= tokens.len() && m.value.is_finite());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn number_like_text_is_read_safely(s in number_text()) {
        check(&s)?;
    }

    #[test]
    fn any_text_is_read_safely(s in any::<String>()) {
        check(&s)?;
        let _ = word_value(&s);
    }

    #[test]
    fn digit_values_are_finite(s in "[0-9٠-٩.,٫٬]{0,500}") {
        if let Some(v) = digits_value(&s) {
            prop_assert!(v.is_finite() && v >= 0.0, "{s:?} -> {v}");
        }
    }

    #[test]
    fn word_values_are_finite(s in number_piece()) {
        if let Some((v, _)) = word_value(&s) {
            prop_assert!(v.is_finite());
        }
    }
}
