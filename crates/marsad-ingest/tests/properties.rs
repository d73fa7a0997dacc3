//! The parsers never panic, on any bytes, and what they return is well-formed.

use marsad_ingest::dates::parse_meta_date;
use marsad_ingest::decode::{decode, decode_html};
use marsad_ingest::furniture::clean;
use marsad_ingest::jsonl::parse_record;
use marsad_ingest::prepare;
use marsad_ingest::reader::{RawItem, RawKind};
use marsad_ingest::warc::WarcReader;
use proptest::prelude::*;

fn line_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('\u{0621}', '\u{064A}'),
        2 => Just(' '),
        2 => Just('\n'),
        1 => Just('\r'),
        1 => prop::sample::select(vec!['.', '-', '*', '«', '»', '"', ':', '،']),
        1 => prop::char::range('A', 'z'),
        1 => any::<char>(),
    ]
}

fn page_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(line_char(), 0..300).prop_map(|v| v.into_iter().collect::<String>()),
        // Lines built from furniture-like pieces, repeated to make doubles.
        prop::collection::vec(
            prop::sample::select(vec![
                "Ad",
                "شارك",
                "المقال التالي",
                "***",
                "نص الخبر هنا.",
                "تعليق الصورة",
                "اقرأ أيضا: عنوان"
            ]),
            0..12
        )
        .prop_map(|v| v.join("\n")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn decoding_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(d) = decode(&bytes) {
            prop_assert!(!d.encoding.is_empty());
        }
        let _ = decode_html(&bytes);
    }

    #[test]
    fn furniture_keeps_valid_ranges(text in page_text(), detect in any::<bool>()) {
        let c = clean(&text, None, detect);
        let mut last = 0;
        for r in &c.body {
            prop_assert!(r.start >= last && r.start < r.end);
            prop_assert!(text.get(r.clone()).is_some());
            last = r.end;
        }
        for b in &c.boilerplate {
            prop_assert_eq!(text.get(b.start..b.end), Some(b.text.as_str()));
        }
        // Every non-blank line is exactly one of: title, body, furniture.
        let non_blank = text.split(['\n', '\r', '\u{2028}', '\u{2029}']).filter(|l| !l.trim().is_empty()).count();
        let title = usize::from(c.title.is_some());
        prop_assert_eq!(c.body.len() + c.boilerplate.len() + title, non_blank);
    }

    #[test]
    fn dates_never_panic(s in ".{0,40}") {
        if let Some(d) = parse_meta_date(&s) {
            prop_assert_eq!(d.date.len(), 10);
        }
    }

    #[test]
    fn json_lines_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), text in ".{0,60}") {
        let _ = parse_record(&bytes);
        let line = serde_json::json!({"text": text, "date": text, "title": text}).to_string();
        let _ = parse_record(line.as_bytes());
    }

    #[test]
    fn warc_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut input = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: ".to_vec();
        input.extend_from_slice(&bytes);
        let mut reader = WarcReader::new(&input[..], 1 << 20);
        for _ in 0..10 {
            match reader.next_item() {
                Ok(Some(_)) => {}
                _ => break,
            }
        }
    }

    #[test]
    fn preparing_any_item_never_panics(text in page_text(), kind in 0..3u8) {
        let kind = [RawKind::TextFile, RawKind::HtmlFile, RawKind::JsonLine][kind as usize];
        let bytes = match kind {
            RawKind::JsonLine => serde_json::json!({"text": text}).to_string().into_bytes(),
            RawKind::HtmlFile => format!("<html><body><article><p>{text}</p></article></body></html>").into_bytes(),
            _ => text.clone().into_bytes(),
        };
        if let Ok(doc) = prepare(RawItem { path: None, line: Some(1), kind, bytes, uri: None }) {
            prop_assert_eq!(doc.id.as_str().len(), 32);
            prop_assert!(!doc.body.is_empty());
            for r in &doc.body {
                prop_assert!(doc.text.get(r.clone()).is_some());
            }
        }
    }
}
