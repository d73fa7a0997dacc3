//! Properties of the text layer on arbitrary input: normalisation is idempotent, the
//! offset map always lands on the original's characters, and nothing panics.

use marsad_text::{Form, TextLayer, normalize, normalize_regions, normalize_str, split_sentences, tokenize};
use proptest::prelude::*;

/// Characters that exercise every path: Arabic letters and marks, hamza carriers and
/// combining hamzas, tatweel, Persian letters, Eastern digits, presentation forms,
/// Latin with combining accents, quotes, invisible controls, line breaks, emoji.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('\u{0621}', '\u{064A}'),
        2 => prop::char::range('\u{064B}', '\u{065F}'),
        1 => Just('\u{0640}'),
        1 => prop::sample::select(vec!['ی', 'ک', 'ہ', 'ۀ', 'ە', 'ے', 'پ', 'چ', 'ژ', 'گ', 'ڤ', 'ٱ', '\u{0670}']),
        1 => prop::char::range('\u{0660}', '\u{066D}'),
        1 => prop::char::range('\u{06F0}', '\u{06F9}'),
        1 => prop::char::range('\u{FB50}', '\u{FDFF}'),
        1 => prop::char::range('\u{FE70}', '\u{FEFF}'),
        2 => prop::char::range('a', 'z'),
        1 => prop::char::range('\u{0300}', '\u{036F}'),
        1 => prop::sample::select(vec!['«', '»', '“', '”', '"', '\'', '.', '،', '؛', '؟', '!', '…', '(', ')', '-', ':']),
        1 => prop::sample::select(vec!['\u{200C}', '\u{200D}', '\u{200F}', '\u{202B}', '\u{FEFF}', '\u{00AD}', '\u{A0}']),
        2 => prop::sample::select(vec![' ', ' ', '\n', '\r', '\t']),
        1 => prop::sample::select(vec!['😀', '€', '½', 'ﬁ', 'Ⅻ', '㎏', 'Å', 'ǅ', 'ẞ', '\u{1100}', '\u{1161}']),
        1 => any::<char>(),
    ]
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..80).prop_map(|v| v.into_iter().collect())
}

/// Byte offset of code point `cp` in `s`, or None past the end.
fn byte_of(s: &str, cp: usize) -> Option<usize> {
    if cp == s.chars().count() {
        return Some(s.len());
    }
    s.char_indices().nth(cp).map(|(b, _)| b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalisation_is_idempotent(s in tricky_string()) {
        for form in [Form::Clean, Form::Key] {
            let once = normalize_str(&s, form);
            let twice = normalize_str(&once, form);
            prop_assert_eq!(&twice, &once, "form {:?}", form);
        }
    }

    #[test]
    fn mapped_and_unmapped_agree(s in tricky_string()) {
        for form in [Form::Clean, Form::Key] {
            let (mapped, plain) = (normalize(&s, form), normalize_str(&s, form));
            prop_assert_eq!(mapped.text(), plain.as_str());
        }
    }

    #[test]
    fn offsets_land_on_original_characters(s in tricky_string()) {
        let n = normalize(&s, Form::Clean);
        let original_chars = s.chars().count();
        prop_assert_eq!(n.original_len(), original_chars);
        let mut last_start = 0;
        for i in 0..n.len_chars() {
            let r = n.original_of_char(i);
            prop_assert!(r.start <= r.end && r.end <= original_chars, "char {} -> {:?}", i, r);
            prop_assert!(r.start >= last_start, "starts go forward");
            last_start = r.start;
            let (b0, b1) = (byte_of(&s, r.start), byte_of(&s, r.end));
            prop_assert!(b0.is_some() && b1.is_some());
            prop_assert!(s.get(b0.unwrap()..b1.unwrap()).is_some());
        }
    }

    #[test]
    fn tokens_and_sentences_cover_valid_ranges(s in tricky_string()) {
        let layer = TextLayer::new(&s);
        let text = layer.text();
        let mut previous_end = 0;
        for t in &layer.tokens {
            prop_assert!(t.start < t.end && (t.end as usize) <= text.len());
            prop_assert!(t.start as usize >= previous_end);
            previous_end = t.end as usize;
            prop_assert!(text.get(t.start as usize..t.end as usize).is_some());
            prop_assert!(text.get(t.stem_bytes()).is_some(), "stem of {:?}", t.text(text));
            let r = layer.token_original(t);
            prop_assert!(r.start <= r.end && r.end <= s.chars().count());
            let stem = layer.stem_original(t);
            prop_assert!(stem.start >= r.start && stem.end <= r.end);
        }
        let mut covered = 0u32;
        for sentence in &layer.sentences {
            prop_assert_eq!(sentence.tokens.start, covered);
            prop_assert!(sentence.tokens.end > sentence.tokens.start);
            covered = sentence.tokens.end;
            prop_assert!(text.get(sentence.start as usize..sentence.end as usize).is_some());
        }
        prop_assert_eq!(covered as usize, layer.tokens.len());
    }

    #[test]
    fn regions_never_panic(s in tricky_string(), cuts in prop::collection::vec(0usize..200, 0..6)) {
        // Arbitrary (even unsorted, off-boundary) regions are tolerated.
        let regions: Vec<std::ops::Range<usize>> =
            cuts.chunks(2).map(|c| c[0]..c.get(1).copied().unwrap_or(s.len())).collect();
        let n = normalize_regions(&s, &regions, Form::Clean);
        let plain = marsad_text::normalize_regions_str(&s, &regions, Form::Clean);
        prop_assert_eq!(n.text(), plain.as_str());
        let tokens = tokenize(n.text(), None);
        let _ = split_sentences(n.text(), &tokens);
    }

    #[test]
    fn any_unicode_is_safe(s in any::<String>()) {
        let layer = TextLayer::new(&s);
        prop_assert!(layer.tokens.len() <= layer.normalized.len_chars());
        let _ = normalize_str(&s, Form::Key);
        let _ = marsad_text::to_latin(&s);
        let _ = marsad_text::detect_language(&s);
    }
}
