//! Linking against the shipped gazetteer: every spelling variant the issue lists, the
//! in-document rules, unknown names, and a snapshot of a few documents' mentions.

use std::fmt::Write as _;

use marsad_core::EntityKind::{self, Location as LOC, Misc as MISC, Organization as ORG, Person as PER};
use marsad_link::{Gazetteer, MentionIn, Resolved, ResolvedBy, latin_name, link_document, name_key};

fn gaz() -> &'static Gazetteer {
    Gazetteer::builtin()
}

fn link(mentions: &[(&str, EntityKind)]) -> Vec<Resolved> {
    let ms: Vec<MentionIn> = mentions.iter().map(|&(text, kind)| MentionIn { text, kind }).collect();
    link_document(gaz(), &ms)
}

fn one(text: &str, kind: EntityKind) -> Resolved {
    link(&[(text, kind)]).remove(0)
}

#[test]
fn the_builtin_gazetteer_loads() {
    let g = gaz();
    assert!(g.len() > 2500, "{} entities", g.len());
    assert!(g.token_count() > 50_000, "{} tokens", g.token_count());
    let mut ids = std::collections::HashSet::new();
    for e in g.entries() {
        assert!(ids.insert(e.id.as_str()), "duplicate id {}", e.id);
        assert!(!e.aliases.is_empty() && !e.latin.is_empty(), "{}", e.id);
        if let Some(q) = &e.wikidata {
            assert!(q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit()), "{}: {q}", e.id);
        }
    }
}

#[test]
fn every_karabakh_spelling_is_one_entity() {
    let spellings = [
        "ناغورنو قره باغ",
        "ناغورني قره باغ",
        "ناجورنو قره باغ",
        "ناغورني قرة باغ",
        "ناجورنو قرة باغ",
        "ناغورني كاراباخ",
        "ناغورنو كاراباخ",
        "ناغوررني كاراباخ",
        "ناجورني كراباخ",
        "قره باغ",
        "قرة باغ",
        "قرہ باغ",
        "كاراباخ",
        "كراباخ",
        "ناغورنى قره باغ",
        "ناگورنو قره باغ",
    ];
    for s in spellings {
        let r = one(s, LOC);
        assert_eq!(r.entity_id, "loc:nagorno-karabakh", "{s}");
        assert_eq!(r.canonical, "Nagorno-Karabakh", "{s}");
        assert_eq!(r.how, ResolvedBy::Gazetteer, "{s}");
    }
}

#[test]
fn orthographic_variants_of_countries_and_people() {
    for s in ["أرمينيا", "ارمينيا", "أرمینیا", "أرمينية", "جمهورية أرمينيا"] {
        let r = one(s, LOC);
        assert_eq!((r.entity_id.as_str(), r.wikidata.as_deref()), ("loc:armenia", Some("Q399")), "{s}");
    }
    for s in ["أذربيجان", "اذربيجان", "آذربيجان", "أذربیجان"] {
        assert_eq!(one(s, LOC).entity_id, "loc:azerbaijan", "{s}");
    }
    for s in ["نيكول باشينيان", "نيكول باشنيان", "باشينيان", "باشنيان", "نیکول باشینیان"]
    {
        let r = one(s, PER);
        assert_eq!((r.entity_id.as_str(), r.canonical.as_str()), ("per:nikol-pashinyan", "Nikol Pashinyan"), "{s}");
    }
    for s in ["إلهام علييف", "الهام علييف", "إلهام عليیف"] {
        assert_eq!(one(s, PER).entity_id, "per:ilham-aliyev", "{s}");
    }
    for s in ["الأمم المتحدة", "الامم المتحدة", "منظمة الأمم المتحدة", "الأمم المتّحدة"]
    {
        assert_eq!(one(s, ORG).entity_id, "org:united-nations", "{s}");
    }
    assert_eq!(one("رجب طيب أردوجان", PER).entity_id, "per:recep-tayyip-erdogan");
    assert_eq!(one("أنطونيو جوتيريش", PER).entity_id, "per:antonio-guterres");
    assert_eq!(one("يريفان", LOC).entity_id, "loc:yerevan-am");
    assert_eq!(one("خانكندي", LOC).entity_id, "loc:stepanakert");
    assert_eq!(one("مجموعة مينسك", ORG).entity_id, "org:osce-minsk-group");
    assert_eq!(one("مينسك", LOC).entity_id, "loc:minsk-by");
}

#[test]
fn a_surname_after_the_full_name_is_that_person() {
    let rs = link(&[("فلاديمير بوتين", PER), ("ماكرون", PER), ("بوتين", PER), ("إيمانويل ماكرون", PER)]);
    assert_eq!(rs[0].entity_id, "per:vladimir-putin");
    assert_eq!(rs[0].how, ResolvedBy::Gazetteer);
    assert_eq!((rs[2].entity_id.as_str(), rs[2].canonical.as_str()), ("per:vladimir-putin", "Vladimir Putin"));
    assert_eq!(rs[2].how, ResolvedBy::InDocument);
    assert_eq!(rs[1].entity_id, "per:emmanuel-macron");
    assert_eq!(rs[1].how, ResolvedBy::InDocument);
    // The short form alone: the gazetteer knows the surname of these two.
    assert_eq!(one("بوتين", PER).entity_id, "per:vladimir-putin");
}

#[test]
fn the_document_decides_between_people_sharing_a_surname() {
    // حيدر علييف in the document: علييف is him, not the gazetteer's Ilham Aliyev.
    let rs = link(&[("حيدر علييف", PER), ("علييف", PER)]);
    assert_eq!(rs[1].entity_id, "per:heydar-aliyev");
    // Both: the gazetteer's reading of the surname decides between them.
    let rs = link(&[("حيدر علييف", PER), ("إلهام علييف", PER), ("علييف", PER)]);
    assert_eq!(rs[2].entity_id, "per:ilham-aliyev");
    // A tagger's overlong mention does not swallow a full name the gazetteer knows.
    let rs = link(&[("إيمانويل ماكرون أجريا", PER), ("إيمانويل ماكرون", PER)]);
    assert_eq!(rs[1].entity_id, "per:emmanuel-macron");
    // Nor does it make Macron ambiguous.
    let rs = link(&[("إيمانويل ماكرون", PER), ("ماكرون أجريا", PER), ("ماكرون", PER)]);
    assert_eq!(rs[2].entity_id, "per:emmanuel-macron");
    // Two different الأسد: the surname alone stays unresolved.
    let rs = link(&[("بشار الأسد", PER), ("حافظ الأسد", PER), ("الأسد", PER)]);
    assert_eq!(rs[0].entity_id, "per:bashar-al-assad");
    assert_eq!(rs[1].entity_id, "per:hafez-al-assad");
    assert_eq!(rs[2].how, ResolvedBy::Ambiguous);
    assert!(rs[2].entity_id.starts_with("per-surname-"), "{}", rs[2].entity_id);
    // Two unknown people named خليل: each full name has its own id, the surname a third.
    let rs = link(&[("سامر خليل", PER), ("وليد خليل", PER), ("خليل", PER)]);
    assert_ne!(rs[0].entity_id, rs[1].entity_id);
    assert_eq!(rs[2].how, ResolvedBy::Ambiguous);
    // The same surname alone in another document does not merge with either of them.
    let lone = one("خليل", PER);
    assert_eq!(lone.entity_id, rs[2].entity_id);
    assert!(lone.entity_id.starts_with("per-surname-"));
}

#[test]
fn unknown_names_get_corpus_wide_ids_and_readable_latin() {
    // One unknown person, spelled differently in two documents.
    let a = link(&[("كارين باشينيان", PER), ("باشينيان", PER)]);
    let b = link(&[("كارين باشنيان", PER)]);
    assert_eq!(a[0].entity_id, b[0].entity_id);
    assert_eq!(a[1].entity_id, a[0].entity_id);
    assert_eq!(a[0].how, ResolvedBy::Transliterated);
    assert_eq!(a[1].how, ResolvedBy::InDocument);
    assert!(a[0].entity_id.starts_with("per-") && !a[0].entity_id.starts_with("per-surname-"));
    assert_eq!(a[0].canonical, "Karen Pashinyan");
    assert_eq!(b[0].canonical, "Karen Pashinyan");
    // Kind is part of the identity.
    assert_ne!(one("دار الحكمة", ORG).entity_id, one("دار الحكمة", LOC).entity_id);
    assert!(one("دار الحكمة", MISC).entity_id.starts_with("misc-"));

    let g = gaz();
    assert_eq!(latin_name(g, "ماكرون"), "Macron");
    assert_eq!(latin_name(g, "عبد الله"), "Abdullah");
    assert_eq!(latin_name(g, "عبد الرحمن المنصوري"), "Abdulrahman al-Mansouri");
    assert_eq!(latin_name(g, "سامر الخطيب"), "Samer al-Khatib");
    assert_eq!(latin_name(g, "عبد الكريم"), "Abdulkarim");
    assert_eq!(latin_name(g, "أبو علي"), "Abu Ali");
    assert_eq!(latin_name(g, "حسن بن علي"), "Hassan bin Ali");
    assert_eq!(latin_name(g, "CNN"), "CNN");
    // Acronyms spelled in letter names are written in Latin letters.
    assert_eq!(latin_name(g, "إم بي دي إيه"), "MBDA");
    assert_eq!(latin_name(g, "بي بي سي"), "BBC");
    assert_eq!(latin_name(g, "إف 16"), "F-16");
    // Every spelling of a word gets the Latin of its key.
    assert_eq!(latin_name(g, "هنري كيسنجر"), "Henry Kissinger");
    assert_eq!(latin_name(g, "هنري كسنجر"), "Henry Kissinger");
    assert_eq!(latin_name(g, "ابن تيمية"), "Ibn Taymiyyah");
    assert_eq!(one("اليورو", MISC).canonical, one("يورو", MISC).canonical);
    assert_eq!(latin_name(g, "«»"), "");
}

#[test]
fn places_standing_for_governments_link_to_the_place() {
    let r = one("روسيا", ORG);
    assert_eq!((r.entity_id.as_str(), r.kind), ("loc:russia", LOC));
    let r = one("واشنطن", ORG);
    assert_eq!(r.entity_id, "loc:washington-us");
    // A name that is both: the mention's kind decides.
    assert_eq!(one("الجزيرة", ORG).entity_id, "org:al-jazeera");
    assert_eq!(one("الشرق الأوسط", LOC).entity_id, "loc:middle-east");
    assert_eq!(one("الشرق الأوسط", ORG).entity_id, "org:asharq-al-awsat");
    // Not the other way: a place-tagged mention does not become an organisation.
    assert!(!one("قنا", LOC).entity_id.starts_with("org:"));
    assert_eq!(one("قنا", ORG).entity_id, "org:qna");
    // Curated regions come before the city list: غزة is the Strip, the city is named.
    assert_eq!(one("غزة", LOC).entity_id, "loc:gaza-strip");
    assert_eq!(one("مدينة غزة", LOC).entity_id, "loc:gaza-ps");
    assert_eq!(one("عمان", LOC).entity_id, "loc:oman");
    // Persons never link to places.
    assert_ne!(one("جورجيا", PER).entity_id, "loc:georgia");
}

#[test]
fn token_kinds_flag_gazetteer_words() {
    use marsad_link::gazetteer::token_kind::*;
    let g = gaz();
    let k = |w: &str| g.token_kinds(&name_key(w));
    assert_ne!(k("بوتين") & WHOLE_PER, 0);
    assert_ne!(k("بوتين") & NAME_TOKEN, 0);
    assert_ne!(k("أرمينيا") & WHOLE_LOC, 0);
    assert_ne!(k("المتحدة") & (PART_ORG | PART_LOC), 0);
    assert_ne!(k("محمد") & NAME_TOKEN, 0);
    assert_eq!(k("الذي"), 0);
    assert_eq!(k("قال"), 0);
}

/// Mentions of a few documents written for this test, as a tagger would give them.
#[test]
fn snapshot_of_linked_documents() {
    let docs: Vec<(&str, Vec<(&str, EntityKind)>)> = vec![
        (
            "karabakh-2020",
            vec![
                ("الرئاسة الفرنسية", ORG),
                ("ناجورنو قره باغ", LOC),
                ("روسيا", LOC),
                ("تركيا", LOC),
                ("رويترز", ORG),
                ("موسكو", LOC),
                ("مجموعة مينسك", ORG),
                ("إيمانويل ماكرون", PER),
                ("ماكرون", PER),
                ("أرمينيا", LOC),
                ("أذربيجان", LOC),
                ("أنقرة", LOC),
            ],
        ),
        (
            "karabakh-calls",
            vec![
                ("فلاديمير بوتين", PER),
                ("بوتين", PER),
                ("ناغورني قره باغ", LOC),
                ("الكرملين", ORG),
                ("دميتري بيسكوف", PER),
                ("بيسكوف", PER),
                ("إلهام علييف", PER),
                ("نيكول باشينيان", PER),
                ("علييف", PER),
                ("باشينيان", PER),
                ("منظمة الأمن والتعاون في أوروبا", ORG),
                ("مجلس الأمن", ORG),
                ("الأمم المتحدة", ORG),
            ],
        ),
        (
            "karabakh-2023",
            vec![
                ("كاراباخ", LOC),
                ("ستيباناكيرت", LOC),
                ("سامفيل شهرامانيان", PER),
                ("روبن فاردانيان", PER),
                ("فاردانيان", PER),
                ("ممر لاتشين", LOC),
                ("قوات حفظ السلام الروسية", ORG),
                ("أرايك هاروتيونيان", PER),
                ("زوهراب مناتساكانيان", PER),
                ("جيهون بيراموف", PER),
                ("سيرغي لافروف", PER),
                ("آنا نغداليان", PER),
                ("جنيف", LOC),
            ],
        ),
        (
            "unknown-names",
            vec![
                ("سامر الخطيب", PER),
                ("الخطيب", PER),
                ("ليلى الخطيب", PER),
                ("كريستوفر مارتينيز", PER),
                ("مارتينيز", PER),
                ("عبد الرحمن المنصوري", PER),
                ("المنصوري", PER),
                ("جمعية الهلال الأزرق", ORG),
                ("وادي السلوقي", LOC),
                ("أسبوع الكتاب", MISC),
            ],
        ),
    ];
    let mut out = String::new();
    for (name, mentions) in &docs {
        let _ = writeln!(out, "# {name}");
        for ((text, kind), r) in mentions.iter().zip(link(mentions)) {
            let _ = writeln!(
                out,
                "{text} [{kind}] -> {} | {} | {} | {} | {:?}",
                r.entity_id,
                r.canonical,
                r.kind,
                r.wikidata.as_deref().unwrap_or("-"),
                r.how
            );
        }
    }
    insta::assert_snapshot!(out);
}

/// The shipped gazetteer stores word keys made by `name_key`. If this snapshot changes,
/// `name_key` now gives other keys: bump `key::KEY_VERSION` (the snapshot name follows
/// it) and rebuild `data/gazetteer.tsv.zst` (`marsad train gazetteer`).
#[test]
fn name_keys_match_the_shipped_gazetteer() {
    let words = [
        "ناغورني",
        "ناجورنو",
        "قرة",
        "باغ",
        "كاراباخ",
        "باشينيان",
        "أرمینیا",
        "الأمم",
        "المتحدة",
        "عبد الله",
        "أبو ظبي",
        "زيلينسكي",
        "محمد",
        "محمود",
        "حسين",
        "سليمان",
        "إسرائيل",
        "علييف",
        "أوروبا",
        "أوروبي",
        "ترامب",
        "CNN",
    ];
    let mut out = String::new();
    for w in words {
        let _ = writeln!(out, "{w} -> {}", name_key(w));
    }
    insta::assert_snapshot!(format!("name_keys_v{}", marsad_link::key::KEY_VERSION), out);
    // Every word of every alias has a key in the shipped word table (but the words of a
    // multi-word MISC name, which carry no kind bit: الجنيه الإسترليني says nothing of الجنيه).
    let g = gaz();
    for e in g.entries() {
        for a in &e.aliases {
            let key = name_key(a);
            if e.kind == EntityKind::Misc && key.contains(' ') {
                continue;
            }
            for w in key.split(' ').filter(|w| !w.is_empty()) {
                assert_ne!(g.token_kinds(w), 0, "{w} of {a} ({}): rebuild the gazetteer", e.id);
            }
        }
    }
}

#[test]
fn a_lone_distinctive_surname_is_the_one_gazetteer_person_bearing_it() {
    // No full name in the document, and the gazetteer lists only full names for these.
    let r = one("سليماني", PER);
    assert_eq!((r.entity_id.as_str(), r.how), ("per:qasem-soleimani", ResolvedBy::Surname));
    assert_eq!(r.canonical, "Qasem Soleimani");
    // Shared by two gazetteer people (Armen and Serzh Sargsyan, Saad and Rafic Hariri):
    // kept apart.
    for surname in ["سركيسيان", "الحريري", "الأسد"] {
        let r = one(surname, PER);
        assert!(r.entity_id.starts_with("per-surname-"), "{surname}: {}", r.entity_id);
    }
    // Short native names are given names too; a father's name after بن is no surname;
    // the article must be as the gazetteer writes it (صالح is not الصالح).
    for name in ["عباس", "سلمان", "الصالح", "عبد العزيز"] {
        let r = one(name, PER);
        assert_ne!(r.how, ResolvedBy::Surname, "{name}: {}", r.entity_id);
    }
    // The document still decides first: another person with that surname.
    let rs = link(&[("مريم سليماني", PER), ("سليماني", PER)]);
    assert_eq!(rs[1].how, ResolvedBy::InDocument);
    assert_ne!(rs[1].entity_id, "per:qasem-soleimani");
    // Ambiguous in the document, the gazetteer's one bearer decides.
    let rs = link(&[("قاسم سليماني", PER), ("مريم سليماني", PER), ("سليماني", PER)]);
    assert_eq!(rs[2].entity_id, "per:qasem-soleimani");
}

#[test]
fn places_inside_unknown_names_keep_their_own_latin() {
    // «جدة» is Jeddah in a name of a place or an organisation, whatever person-name lists
    // say of the word (one gave it "grandma").
    let r = one("جدة شو", LOC);
    assert!(r.canonical.starts_with("Jeddah "), "{}", r.canonical);
    let r = one("غرفة جدة", ORG);
    assert!(r.canonical.ends_with(" Jeddah"), "{}", r.canonical);
    // Not a multi-word Latin name inside another name.
    assert!(!one("جامعة واشنطن", ORG).canonical.contains("D.C."));
}
