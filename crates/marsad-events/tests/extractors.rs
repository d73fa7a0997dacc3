//! The extractors on our own sentences, without entities (those come from the binary's
//! pipeline; see crates/marsad/tests/events.rs): the ontology as data, quotes, quantities,
//! modality, and bad input.

use marsad_events::{DocInput, Extraction, Ontology, extract};
use marsad_link::Gazetteer;
use marsad_text::TextLayer;

fn run_with(ontology: &Ontology, text: &str) -> Extraction {
    let layer = TextLayer::new(text);
    let input = DocInput { layer: &layer, text, entities: &[], timex: &[], published: Some("2020-11-10") };
    extract(ontology, Gazetteer::builtin(), &input)
}

fn run(text: &str) -> Extraction {
    run_with(Ontology::builtin(), text)
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn builtin_ontology_has_every_product_type() {
    let o = Ontology::builtin();
    for t in [
        "ceasefire_agreed",
        "ceasefire_violated_or_accused",
        "ceasefire_call",
        "talks_or_meeting",
        "phone_call",
        "statement_or_position",
        "military_attack",
        "casualties",
        "troop_deployment",
        "territory_handover",
        "protest",
        "parliament_approval",
        "sanction_or_protest_note",
    ] {
        assert!(o.type_index(t).is_some(), "{t}");
    }
}

#[test]
fn a_new_type_and_trigger_need_no_code() {
    let text = "وبدأت السلطات إجلاء السكان من القرى الحدودية.";
    assert!(run(text).events.iter().all(|e| e.kind != "evacuation"));
    let mut o = Ontology::builtin().clone();
    o.extend("type\tevacuation\t0233\ntrigger\tevacuation\tاجلاء|إخلاء\n", "extra.tsv").unwrap();
    let found = run_with(&o, text);
    let e = found.events.iter().find(|e| e.kind == "evacuation").expect("the new type");
    assert_eq!(e.cameo, "0233");
    assert_eq!(e.trigger, "إجلاء");
    assert_eq!(e.modality, "asserted");
    assert_eq!(e.date.as_deref(), Some("2020-11-10"));
    assert_eq!(e.date_from.as_deref(), Some("publication"));
}

#[test]
fn ontology_errors_name_file_and_line() {
    let err = Ontology::parse("type\ta\t010\n\ntrigger\tb\tكلمة\n", "mine.tsv").unwrap_err();
    assert!(err.to_string().starts_with("mine.tsv:3:"), "{err}");
    let err = Ontology::parse("type\ta\tx1\n", "mine.tsv").unwrap_err();
    assert!(err.to_string().contains("mine.tsv:1"), "{err}");
    let err = Ontology::parse("bogus\tline\n", "o.tsv").unwrap_err();
    assert!(err.to_string().contains("unknown line kind"), "{err}");
}

#[test]
fn indirect_speech_with_clitics_and_implied_speaker() {
    let text =
        "وقالت المتحدثة باسم الوزارة إن المحادثات ستستأنف الأسبوع المقبل. وأضافت أن الوفدين اتفقا على جدول الأعمال.";
    let q = run(text).quotes;
    assert_eq!(q.len(), 2, "{q:#?}");
    assert_eq!(q[0].cue, "وقالت");
    assert_eq!(q[0].speaker_text, "المتحدثة باسم الوزارة");
    assert!(!q[0].direct);
    assert_eq!(q[0].content, "المحادثات ستستأنف الأسبوع المقبل");
    assert_eq!(chars(text, q[0].start, q[0].end), q[0].content);
    assert_eq!(q[1].cue, "وأضافت");
    assert!(q[1].implied);
    assert_eq!(q[1].speaker, q[0].speaker);
}

#[test]
fn direct_quotes_in_every_mark_and_scare_quotes_ignored() {
    for (open, close) in [("«", "»"), ("“", "”"), ("\"", "\""), ("‹", "›"), ("«", "”")] {
        let text = format!("وقال المتحدث: {open}لن نقبل بأي تسوية على حساب أرضنا{close}.");
        let q = run(&text).quotes;
        assert_eq!(q.len(), 1, "{open}{close}: {q:#?}");
        assert!(q[0].direct);
        assert_eq!(q[0].content, "لن نقبل بأي تسوية على حساب أرضنا");
    }
    // Quotation marks around a term, without a cue: no quote.
    assert!(run("وتضغط العاصمة من أجل \"إشراف دولي\" على الهدنة.").quotes.is_empty());
}

#[test]
fn attribution_by_source() {
    let text = "ارتفع عدد النازحين إلى 3000 شخص، بحسب مصادر محلية.";
    let q = run(text).quotes;
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].cue, "بحسب");
    assert_eq!(q[0].speaker_text, "مصادر محلية");
    assert_eq!(q[0].content, "ارتفع عدد النازحين إلى 3000 شخص");
}

#[test]
fn quantities_ranges_words_and_figures() {
    let text = "قتل 376 جنديا وأصيب ثلاثمئة وخمسة مدنيين، ونزح ما بين 400 إلى 600 ألف لاجئ، ووصلت عشرات المدرعات، وبلغت الكلفة 2.5 مليون دولار.";
    let q = run(text).quantities;
    let by_figure =
        |f: &str| q.iter().find(|x| x.figure.as_deref() == Some(f)).unwrap_or_else(|| panic!("{f}: {q:#?}"));
    assert_eq!(by_figure("troops").value, 376.0);
    let refugees = by_figure("refugees");
    assert_eq!((refugees.low, refugees.high, refugees.precision.as_str()), (400_000.0, 600_000.0, "range"));
    let vehicles = by_figure("vehicles");
    assert_eq!(vehicles.precision, "approximate");
    assert_eq!((vehicles.low, vehicles.high), (20.0, 99.0));
    let money = by_figure("money");
    assert_eq!(money.value, 2_500_000.0);
    assert_eq!(money.unit.as_deref(), Some("USD"));
    let people = q.iter().find(|x| x.value == 305.0).expect("ثلاثمئة وخمسة");
    assert_eq!(people.unit.as_deref(), Some("مدنيين"));
    for x in &q {
        assert_eq!(chars(text, x.start, x.end), x.text);
    }
}

#[test]
fn modality_of_events() {
    let cases = [
        ("لم يتم الالتزام بوقف إطلاق النار في الإقليم.", "ceasefire_agreed", "negated"),
        ("وقالت المصادر إن البلدين قد تبرمان اتفاقا لوقف إطلاق النار.", "ceasefire_agreed", "hypothetical"),
        ("ويعتزم الجيش نشر قوات إضافية على الحدود.", "troop_deployment", "future"),
        ("ووقع الطرفان اتفاقا لوقف إطلاق النار مساء الاثنين.", "ceasefire_agreed", "asserted"),
        ("وقد أعلن الجيش وقف إطلاق النار.", "ceasefire_agreed", "asserted"),
    ];
    for (text, kind, modality) in cases {
        let events = run(text).events;
        let e = events.iter().find(|e| e.kind == kind).unwrap_or_else(|| panic!("{kind} in {text}: {events:#?}"));
        assert_eq!(e.modality, modality, "{text}");
    }
}

#[test]
fn a_negated_compliance_is_a_violation() {
    let e = run("وقال المندوب إنه منذ التوصل إلى الاتفاق لم يتم الالتزام بوقف إطلاق النار.").events;
    let v = e.iter().find(|e| e.kind == "ceasefire_violated_or_accused").expect("violation");
    assert_eq!(v.modality, "asserted");
    // Compliance that is not negated is no violation.
    let e = run("وأكد الطرفان الالتزام بوقف إطلاق النار.").events;
    assert!(e.iter().all(|e| e.kind != "ceasefire_violated_or_accused"), "{e:#?}");
}

#[test]
fn casualties_need_a_victim_count_for_weak_triggers() {
    // قتل alone is also "killing" in general; with a count it reports deaths.
    assert!(run("وناقش المؤتمر قضايا القتل الخطأ.").events.iter().all(|e| e.kind != "casualties"));
    let e = run("وقتل 7 أشخاص في القصف.").events;
    let c = e.iter().find(|e| e.kind == "casualties").expect("casualties");
    assert_eq!(c.figures.get("killed").and_then(|v| v.as_f64()), Some(7.0));
}

// Bad input: sane output, no panic, bounded work.

#[test]
fn unbalanced_marks_across_an_article() {
    let mut text = String::new();
    for i in 0..300 {
        text.push_str(&format!("وقال المسؤول «هذا بيان رقم {i} بلا إغلاق. ثم جملة أخرى. وثالثة. ورابعة.\n"));
        text.push_str("» ” “ \" ‹ ›\n");
    }
    let found = run(&text);
    let layer = TextLayer::new(&text);
    assert!(found.quotes.len() <= 2 * layer.sentences.len());
    for q in &found.quotes {
        assert!(q.start <= q.end && q.end <= text.chars().count());
        assert!(!q.content.contains('\n'), "a quote crossed its paragraph");
        assert!(!q.content.contains("ورابعة"), "a quote ran past three sentences");
    }
}

#[test]
fn a_quote_of_five_thousand_words() {
    let body = "الكلام ".repeat(5000);
    let text = format!("وقال الوزير: «{body}» ثم انتهى.");
    let found = run(&text);
    assert_eq!(found.quotes.len(), 1);
    assert!(found.quotes[0].direct);
    assert_eq!(found.quotes[0].content.split_whitespace().count(), 5000);
    // And without its closing mark: the quote stops at the sentence bound, not at the end.
    let open = format!("وقال الوزير: «{}", "جملة طويلة. ".repeat(5000));
    let found = run(&open);
    assert_eq!(found.quotes.len(), 1);
    assert!(found.quotes[0].content.matches("جملة").count() <= 3);
}

#[test]
fn a_sentence_with_thirty_numbers() {
    let numbers: Vec<String> = (1..=30).map(|n| format!("{n} قتيلا")).collect();
    let text = format!("وسقط في القرى {} بحسب الحصيلة.", numbers.join(" و"));
    let found = run(&text);
    assert_eq!(found.quantities.len(), 30, "{:#?}", found.quantities);
    assert!(found.quantities.iter().all(|q| q.figure.as_deref() == Some("killed")));
    assert!(found.events.iter().any(|e| e.kind == "casualties"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn never_panics_and_offsets_stay_inside(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("قال"), Just("وأضاف"), Just("إن"), Just("أن"), Just("«"), Just("»"), Just("\""), Just("“"),
                    Just("بحسب"), Just("وقف"), Just("إطلاق"), Just("النار"), Just("لم"), Just("قد"), Just("قتيلا"),
                    Just("400"), Just("إلى"), Just("600"), Just("ألف"), Just("عشرات"), Just("."), Just("،"), Just("\n"),
                    Just("مقتل"), Just("دولار"), Just("بين"), Just("و"), Just("x"), Just("🙂"), Just("٣٠"),
                ],
                0..80,
            )
        ) {
            let text = words.join(" ");
            let n = text.chars().count();
            let found = run(&text);
            for q in &found.quotes {
                prop_assert!(q.start <= q.end && q.end <= n);
            }
            for x in &found.quantities {
                prop_assert!(x.start <= x.end && x.end <= n);
                prop_assert!(x.low <= x.high && x.value.is_finite());
            }
            for e in &found.events {
                prop_assert!(e.start <= e.end && e.end <= n);
            }
        }
    }
}

// Regression tests, one per bug met while building.

#[test]
fn a_ministry_is_no_visit() {
    // وزارة once read as و + زار ("visited") + ه.
    let e = run("وقالت وزارة الخارجية إن الحدود مغلقة.").events;
    assert!(e.iter().all(|e| e.kind != "talks_or_meeting"), "{e:#?}");
}

#[test]
fn discussed_is_no_call() {
    // بحث ("discussed") once read as ب + حث ("urged").
    let e = run("بحث الرئيسان وقف إطلاق النار في الإقليم.").events;
    assert!(e.iter().all(|e| e.kind != "ceasefire_call"), "{e:#?}");
}

#[test]
fn bi_anna_is_no_speaker() {
    // ونوه بأن "…": بأن once became the speaker.
    let q = run("وقال الوزير إن الوضع هادئ. ونوه بأن \"الحوار مستمر بين الطرفين\".").quotes;
    assert_eq!(q.len(), 2, "{q:#?}");
    assert!(q[1].implied && q[1].speaker_text.is_empty(), "{q:#?}");
}

#[test]
fn quoted_name_stays_in_the_speaker() {
    // The speaker phrase once stopped at the quotation mark: "وكالة".
    let q = run("قالت وكالة \"الأناضول\" إن الشرطة اعتقلت 14 شخصا.").quotes;
    assert_eq!(q.len(), 1, "{q:#?}");
    assert!(q[0].speaker_text.contains("الأناضول"), "{q:#?}");
}

#[test]
fn a_number_the_time_tagger_could_not_place_is_still_a_number() {
    // "600" in بين 400 و600 مليون once vanished as an unresolved year.
    let text = "وقدرت الخسائر بين 400 و600 مليون دولار.";
    let layer = TextLayer::new(text);
    let start = text.chars().position(|c| c == '6').unwrap();
    let timex = [marsad_core::Timex {
        text: "600".into(),
        start,
        end: start + 3,
        kind: "date".into(),
        value: "XXXX".into(),
        modifier: None,
        hijri: None,
        anchor: None,
        unresolved: Some("year out of range".into()),
    }];
    let input = DocInput { layer: &layer, text, entities: &[], timex: &timex, published: None };
    let q = extract(Ontology::builtin(), Gazetteer::builtin(), &input).quantities;
    let money = q.iter().find(|x| x.figure.as_deref() == Some("money")).expect("money");
    assert_eq!((money.low, money.high), (400_000_000.0, 600_000_000.0));
}

#[test]
fn a_title_with_an_institution_and_a_name_is_the_person() {
    // رئيس البرلمان التركي + name once resolved to the parliament (a gazetteer organisation).
    let text = "وقال رئيس البرلمان التركي مصطفى شنطوب إن النواب سيصوتون غدا.";
    let layer = TextLayer::new(text);
    let start = text.find("مصطفى").map(|b| text[..b].chars().count()).unwrap();
    let mention = marsad_core::EntityMention {
        text: "مصطفى شنطوب".into(),
        start,
        end: start + "مصطفى شنطوب".chars().count(),
        kind: "PER".into(),
        canonical: "Mustafa Sentop".into(),
        entity_id: "per:mustafa-sentop".into(),
        role: Some("رئيس البرلمان التركي".into()),
        wikidata: None,
        linked_by: None,
    };
    let entities = [mention];
    let input = DocInput { layer: &layer, text, entities: &entities, timex: &[], published: None };
    let q = extract(Ontology::builtin(), Gazetteer::builtin(), &input).quotes;
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0].speaker, "Mustafa Sentop");
    assert_eq!(q[0].speaker_id.as_deref(), Some("per:mustafa-sentop"));
    // An office word first: the office of the person.
    let text = "وقال مكتب الرئيس مصطفى شنطوب إن النواب سيصوتون غدا.";
    let layer = TextLayer::new(text);
    let start = text.find("مصطفى").map(|b| text[..b].chars().count()).unwrap();
    let entities = [marsad_core::EntityMention { start, end: start + 11, ..entities[0].clone() }];
    let input = DocInput { layer: &layer, text, entities: &entities, timex: &[], published: None };
    let q = extract(Ontology::builtin(), Gazetteer::builtin(), &input).quotes;
    assert_eq!(q[0].speaker, "Office of Mustafa Sentop");
}

#[test]
fn a_cue_with_no_speaker_continues_the_subject_of_an_earlier_report() {
    // The ministry announced something that is no quote (a noun, not أن); two sentences on,
    // "وأضافت أن" is still the ministry. Seen on a seed: the quote had no speaker.
    let text = "وأعلنت وزارة الدفاع الروسية استهداف مواقع المسلحين خلال الليل.\n\
                وأكدت الوزارة في بيان استمرار العمليات.\n\
                وأضافت أن الوحدات تقدمت في ثلاثة محاور.";
    let q = run(text).quotes;
    let added = q.iter().find(|x| x.cue == "وأضافت").expect("وأضافت");
    assert_eq!(added.speaker, "Russian Ministry of Defence", "{q:#?}");
    assert!(added.implied);
    // A plural cue speaks for others, and a cue after its own subject is not continuing one.
    let text = "وأعلنت وزارة الدفاع الروسية استهداف مواقع المسلحين خلال الليل.\n\
                وقالوا إن الوضع هادئ في المدينة.\n\
                لكن سكان المدينة ذكروا أن القصف لم يتوقف.";
    let q = run(text).quotes;
    assert!(!q.is_empty() && q.iter().all(|x| x.speaker != "Russian Ministry of Defence"), "{q:#?}");
}
