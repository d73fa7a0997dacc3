//! The temporal tagger never panics, and its spans are valid, on any text: Arabic-looking
//! noise, digit strings of any length, mixed digit scripts, impossible dates.

use marsad_text::TextLayer;
use marsad_time::{Date, recognize, resolve_all, resolve_all_within, tag};
use proptest::prelude::*;

fn pieces() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "31",
        "شباط",
        "2020",
        "٢٠٢٠",
        "۲۰",
        "/",
        "-",
        ":",
        "أمس",
        "الخميس",
        "الماضي",
        "المقبل",
        "عام",
        "هـ",
        "رمضان",
        "كانون",
        "الثاني",
        "تشرين",
        "الأول",
        "من",
        "الشهر",
        "نفسه",
        "الساعة",
        "ستة",
        "أسابيع",
        "99999999999999999999",
        "0",
        "00",
        "13",
        "9999",
        "قبل",
        "بعد",
        "غد",
        "ليل",
        "منتصف",
        "التسعينيات",
        "القرن",
        "الماضي",
        "كل",
        "يوم",
        "،",
        "1445",
        "ه",
        "م",
        "والعشرين",
        "الحادي",
        "ونصف",
        "بتوقيت",
        "x",
        "٣١/٢/٢٠٢٠",
    ]);
    prop::collection::vec(words, 0..40).prop_map(|w| w.join(" "))
}

proptest! {
    #[test]
    fn tagging_never_panics_and_spans_are_valid(text in pieces(), day in 0i64..40000) {
        let anchor = Date::new(1950, 1, 1).unwrap().checked_add(jiff::Span::new().days(day)).ok();
        let layer = TextLayer::new(&text);
        let found = tag(&layer, anchor);
        let n = layer.normalized.len_chars();
        let mut last_end = 0;
        for t in &found {
            prop_assert!(t.expr.chars.start < t.expr.chars.end && t.expr.chars.end <= n);
            prop_assert!(t.expr.chars.start >= last_end);
            last_end = t.expr.chars.end;
            prop_assert!(!t.resolved.value.is_empty());
            prop_assert!(!t.resolved.value.contains("NaN") && !t.resolved.value.contains("inf"));
        }
    }

    #[test]
    fn any_unicode_is_sane(text in "\\PC{0,200}") {
        let layer = TextLayer::new(&text);
        for t in tag(&layer, None) {
            prop_assert!(t.expr.chars.end <= layer.normalized.len_chars());
        }
    }

    /// A value resolved against a range of publication days is the value at every day of it.
    #[test]
    fn a_value_resolved_within_a_month_holds_on_each_of_its_days(
        text in pieces(),
        month in 0i64..1200,
        words in prop::collection::vec(prop::sample::select(vec![
            "نوفمبر", "الجاري", "المقبل", "الماضي", "الأحد", "رمضان", "العام", "الشهر", "الأسبوع",
            "19", "1", "31", "القرن", "اليوم", "التالي", "العاشر",
        ]), 0..12),
    ) {
        let text = format!("{text} {}", words.join(" "));
        let first = Date::new(1950, 1, 1).unwrap().checked_add(jiff::Span::new().months(month)).unwrap();
        let last = first.last_of_month();
        let layer = TextLayer::new(&text);
        let exprs = recognize(&layer);
        let within = resolve_all_within(&exprs, first, last);
        let alone = resolve_all(&exprs, None);
        let mut day = first;
        while day <= last {
            let at = resolve_all(&exprs, Some(day));
            // Either the value holds on this day too, or it is what the text says alone.
            for ((w, a), n) in within.iter().zip(&at).zip(&alone) {
                prop_assert!(w.value == a.value || w == n, "{} on {}: {} / {}", text, day, w.value, a.value);
            }
            day = day.tomorrow().unwrap();
        }
    }

    #[test]
    fn hijri_conversion_round_trips(day in 0i64..50000) {
        let date = Date::new(1940, 1, 1).unwrap().checked_add(jiff::Span::new().days(day)).unwrap();
        let (y, m, d) = marsad_time::calendar::gregorian_to_hijri(date).unwrap();
        prop_assert_eq!(marsad_time::calendar::hijri_to_gregorian(y, m, d), Some(date));
    }
}

#[test]
fn a_ten_thousand_token_sentence_is_read() {
    let text = "أمس الخميس 19 نوفمبر ".repeat(2500);
    let layer = TextLayer::new(&text);
    assert_eq!(tag(&layer, None).len(), 2500);
}
