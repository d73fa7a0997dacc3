//! Property tests: keys and linking never panic, whatever the input.

use marsad_core::EntityKind;
use marsad_link::{Gazetteer, MentionIn, latin_name, link_document, loose_keys, name_key};
use marsad_text::normalize::{Form, normalize_str};
use proptest::prelude::*;

/// Characters that exercise every path: Arabic letters, marks, hamza seats, tatweel,
/// Persian letters, digits, presentation forms, Latin, spaces and punctuation.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('\u{0621}', '\u{064A}'),
        1 => prop::char::range('\u{064B}', '\u{065F}'),
        1 => Just('\u{0640}'),
        1 => prop::sample::select(vec!['ی', 'ک', 'ہ', 'پ', 'چ', 'ژ', 'گ', 'ڤ', 'ٱ', 'ة', 'ى', 'ؤ', 'ئ', 'ء']),
        1 => prop::char::range('\u{0660}', '\u{0669}'),
        1 => prop::char::range('\u{FB50}', '\u{FDFF}'),
        2 => prop::char::range('a', 'z'),
        3 => prop::sample::select(vec![' ', ' ', '\n', '\t', '-', '«', '»', '.', '،', '|', '\u{200F}']),
        1 => any::<char>(),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..40).prop_map(|v| v.into_iter().collect())
}

fn kind() -> impl Strategy<Value = EntityKind> {
    prop::sample::select(EntityKind::ALL.to_vec())
}

/// Names made of real name words, so that in-document matching is exercised.
fn name_like() -> impl Strategy<Value = String> {
    let words = vec![
        "بوتين",
        "فلاديمير",
        "الأسد",
        "بشار",
        "حافظ",
        "خليل",
        "علييف",
        "إلهام",
        "حيدر",
        "قره",
        "قاره",
        "باغ",
        "ناغورني",
        "عبد",
        "الله",
        "أبو",
        "بن",
        "محمد",
        "سلمان",
        "باشنيان",
        "نيكول",
    ];
    prop::collection::vec(prop::sample::select(words), 1..4).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn name_key_never_panics_and_is_tidy(s in tricky_string()) {
        let k = name_key(&s);
        prop_assert!(!k.starts_with(' ') && !k.ends_with(' ') && !k.contains("  "), "{:?}", k);
        // Deterministic, and blind to what normalisation folds and to spacing.
        prop_assert_eq!(&name_key(&s), &k);
        prop_assert_eq!(&name_key(&normalize_str(&s, Form::Key)), &k);
        prop_assert_eq!(&name_key(&s.replace(' ', "  \u{0640} ")), &k);
    }

    #[test]
    fn loose_keys_are_few_and_other_than_the_key(s in prop_oneof![tricky_string(), name_like()]) {
        let keys = loose_keys(&s);
        prop_assert!(keys.len() <= 15, "{}", keys.len());
        let key = name_key(&s);
        for k in &keys {
            prop_assert!(k != &key, "{:?}", k);
        }
        prop_assert_eq!(loose_keys(&s), keys);
    }

    #[test]
    fn linking_never_panics(mentions in prop::collection::vec((prop_oneof![tricky_string(), name_like()], kind()), 0..12)) {
        let g = Gazetteer::builtin();
        let ms: Vec<MentionIn> = mentions.iter().map(|(t, k)| MentionIn { text: t, kind: *k }).collect();
        let out = link_document(g, &ms);
        prop_assert_eq!(out.len(), ms.len());
        for (m, r) in ms.iter().zip(&out) {
            prop_assert!(!r.entity_id.is_empty());
            if !r.entity_id.contains(':') {
                // Unknown names keep the mention's kind.
                prop_assert_eq!(r.kind, m.kind);
            }
        }
        // The same mentions in the same order always link the same way.
        prop_assert_eq!(link_document(g, &ms), out);
        for m in &ms {
            let _ = latin_name(g, m.text);
        }
    }

    #[test]
    fn garbage_gazetteers_are_errors_not_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = Gazetteer::parse(&bytes);
        let mut text = b"#marsad-gazetteer\t1\n".to_vec();
        text.extend_from_slice(&bytes);
        let _ = Gazetteer::parse(&text);
    }
}
