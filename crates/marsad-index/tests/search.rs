//! Search over our own Arabic fixture documents: spelling variants, clitics, an entity
//! spelled several ways, phrases, boolean queries, filters, facets, snippets.

use marsad_core::EntityMention;
use marsad_index::{Index, IndexDoc, Query, SearchResults};
use marsad_link::{Gazetteer, MentionIn, link_document};

/// (id, outlet, day, title, text, entity mentions as (surface, kind)).
type Fixture =
    (&'static str, &'static str, &'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);

const DOCS: &[Fixture] = &[
    (
        "d1",
        "wakala",
        "2020-11-10",
        "وزير أرميني في العاصمة الروسية",
        "وصل وزير الخارجية الأرميني إلى موسكو صباح الأحد لبحث وقف إطلاق النار في إقليم ناجورنو قرة باغ.",
        &[("موسكو", "LOC"), ("ناجورنو قرة باغ", "LOC")],
    ),
    (
        "d2",
        "wakala",
        "2020-11-12",
        "الكرملين يتحدث عن دوره",
        "قالت الخارجية الروسية إن لموسكو دوراً في المفاوضات، وإن الرئيس الروسي تحدث هاتفياً مع نظيره الأذربيجاني.",
        &[("موسكو", "LOC")],
    ),
    (
        "d3",
        "sahifa",
        "2020-11-09",
        "دخول شوشا",
        "أعلنت أذربيجان أن قواتها دخلت مدينة شوشا في كاراباخ، فيما نفت أرمینیا ذلك في بيان مقتضب.",
        &[("أذربيجان", "LOC"), ("شوشا", "LOC"), ("كاراباخ", "LOC"), ("أرمینیا", "LOC")],
    ),
    (
        "d4",
        "sahifa",
        "2020-12-01",
        "احتجاجات في يريفان",
        "تظاهر مئات المحتجين في يريفان وطالبوا باستقالة رئيس الوزراء باشينيان بعد توقيع الاتفاق، وقال متظاهر إن الحكومة خذلت الناس.",
        &[("يريفان", "LOC"), ("باشينيان", "PER")],
    ),
    (
        "d5",
        "jarida",
        "2020-12-20",
        "باريس ترحب",
        "رحّبت باريس بالاتفاق ودعت إلى حماية المدنيين في الإقليم، مؤكدة أن فرنسا ستواصل جهود الوساطة مع حكومته.",
        &[("باريس", "LOC"), ("فرنسا", "LOC")],
    ),
    (
        "d6",
        "jarida",
        "2021-01-05",
        "وفد مفاوض",
        "وَصَلَ الوفـــد المفاوض إلى مُوسْكُو مساءً، ومن المنتظر أن يلتقي وزير الخارجية الروسي غداً.",
        &[("مُوسْكُو", "LOC")],
    ),
    (
        "d7",
        "wakala",
        "2021-01-06",
        "بيان من يريفان",
        "أصدر مكتب باشنيان بياناً قال فيه إن وقف إطلاق النار صامد، وإن المفاوضات ستستأنف الأسبوع المقبل.",
        &[("باشنيان", "PER")],
    ),
];

fn mentions(text: &str, spans: &[(&str, &str)]) -> Vec<EntityMention> {
    let ins: Vec<MentionIn> = spans
        .iter()
        .map(|(s, k)| MentionIn { text: s, kind: marsad_core::EntityKind::from_code(k).unwrap() })
        .collect();
    let resolved = link_document(Gazetteer::builtin(), &ins);
    spans
        .iter()
        .zip(resolved)
        .map(|((surface, kind), r)| {
            let byte = text.find(surface).expect("fixture mention is in its text");
            let start = text[..byte].chars().count();
            EntityMention {
                text: surface.to_string(),
                start,
                end: start + surface.chars().count(),
                kind: kind.to_string(),
                canonical: r.canonical,
                entity_id: r.entity_id,
                role: None,
                wikidata: r.wikidata,
                linked_by: None,
            }
        })
        .collect()
}

fn build(dir: &std::path::Path) -> Index {
    let index = Index::open(dir).unwrap();
    let mut w = index.writer(1, 20 << 20).unwrap();
    for (i, (id, outlet, day, title, text, spans)) in DOCS.iter().enumerate() {
        let entities = mentions(text, spans);
        let body = [0..text.len()];
        w.add(&IndexDoc {
            rowid: i as u64 + 1,
            id,
            title: Some(title),
            text,
            body: &body,
            published: Some(day),
            outlet: Some(outlet),
            entities: &entities,
        })
        .unwrap();
    }
    w.commit().unwrap();
    w.finish().unwrap();
    index
}

fn ids(r: &SearchResults) -> Vec<String> {
    let mut v: Vec<String> = r.hits.iter().map(|h| h.doc_id.clone()).collect();
    v.sort();
    v
}

fn find(index: &Index, q: &str) -> Vec<String> {
    ids(&index.search(&Query::new(q)).unwrap())
}

fn find_plain(index: &Index, q: &str) -> Vec<String> {
    ids(&index.search(&Query { expand_entities: false, ..Query::new(q) }).unwrap())
}

#[test]
fn variants_and_clitics() {
    let dir = tempfile::tempdir().unwrap();
    let index = build(dir.path());
    // موسكو finds لموسكو (d2) and the vocalised مُوسْكُو (d6).
    assert_eq!(find_plain(&index, "موسكو"), ["d1", "d2", "d6"]);
    assert_eq!(find_plain(&index, "وموسكو"), ["d1", "d2", "d6"]);
    // Persian ya, alef forms, tatweel.
    assert_eq!(find_plain(&index, "ارمينيا"), ["d3"]);
    assert_eq!(find_plain(&index, "الوفد"), ["d6"]);
    assert_eq!(find_plain(&index, "قره"), ["d1"]);
    // A pronoun after a ta marbuta (حكومته) meets الحكومة.
    assert_eq!(find_plain(&index, "الحكومة"), ["d4", "d5"]);
    // The light stem: الفرنسي finds فرنسا? No — but فرنسية finds فرنسي-words.
    assert_eq!(find_plain(&index, "الروسي"), ["d1", "d2", "d6"]);
}

#[test]
fn entity_expansion_across_spellings() {
    let dir = tempfile::tempdir().unwrap();
    let index = build(dir.path());
    // كاراباخ is written only in d3; d1 writes «ناجورنو قرة باغ».
    assert_eq!(find_plain(&index, "كاراباخ"), ["d3"]);
    let r = index.search(&Query::new("كاراباخ")).unwrap();
    assert_eq!(ids(&r), ["d1", "d3"], "{:?}", r.expansions);
    assert!(!r.expansions.is_empty());
    // The spelling the user typed ranks first.
    assert_eq!(r.hits[0].doc_id, "d3");
    // And the other way round, as a phrase or as two words.
    assert_eq!(find(&index, "\"قره باغ\""), ["d1", "d3"]);
    assert_eq!(find(&index, "قره باغ"), ["d1", "d3"]);
    // A person's surname in two spellings.
    assert_eq!(find(&index, "باشينيان"), ["d4", "d7"]);
    // A common word is not expanded.
    let r = index.search(&Query::new("الحكومة")).unwrap();
    assert!(r.expansions.is_empty(), "{:?}", r.expansions);
}

#[test]
fn phrases_and_booleans() {
    let dir = tempfile::tempdir().unwrap();
    let index = build(dir.path());
    assert_eq!(find_plain(&index, "\"وقف إطلاق النار\""), ["d1", "d7"]);
    assert_eq!(find_plain(&index, "\"النار وقف\""), Vec::<String>::new());
    assert_eq!(find_plain(&index, "موسكو الأحد"), ["d1"]);
    assert_eq!(find_plain(&index, "موسكو AND الأحد"), ["d1"]);
    assert_eq!(find_plain(&index, "يريفان OR باريس"), ["d4", "d5", "d7"]);
    assert_eq!(find_plain(&index, "موسكو -الأحد"), ["d2", "d6"]);
    assert_eq!(find_plain(&index, "موسكو NOT الأحد"), ["d2", "d6"]);
    assert_eq!(find_plain(&index, "(يريفان | باريس) -الاتفاق"), ["d7"]);
    assert_eq!(find_plain(&index, "-موسكو -يريفان -باريس"), ["d3"]);
}

#[test]
fn filters_and_facets() {
    let dir = tempfile::tempdir().unwrap();
    let index = build(dir.path());
    let q = |f: &dyn Fn(&mut Query)| {
        let mut q = Query::new("موسكو");
        f(&mut q);
        ids(&index.search(&q).unwrap())
    };
    assert_eq!(q(&|q| q.outlets = vec!["wakala".into()]), ["d1", "d2"]);
    assert_eq!(q(&|q| q.from = Some("2020-11-11".into())), ["d2", "d6"]);
    assert_eq!(q(&|q| q.to = Some("2020-11-11".into())), ["d1"]);
    assert_eq!(q(&|q| q.doc_ids = Some(vec!["d6".into(), "d3".into()])), ["d6"]);
    let moscow = mentions("موسكو", &[("موسكو", "LOC")])[0].entity_id.clone();
    assert_eq!(
        q(&|q| {
            q.text.clear();
            q.entities = vec![moscow.clone()]
        }),
        ["d1", "d2", "d6"]
    );
    assert!(index.search(&Query { from: Some("أمس".into()), ..Query::new("موسكو") }).is_err());

    let r = index.search(&Query { facets: true, ..Query::new("موسكو") }).unwrap();
    let f = r.facets.unwrap();
    assert_eq!(f.outlets[0].value, "wakala");
    assert_eq!(f.outlets[0].count, 2);
    assert_eq!(
        f.months.iter().map(|m| (m.value.as_str(), m.count)).collect::<Vec<_>>(),
        [("2020-11", 2), ("2021-01", 1)]
    );
    assert!(f.entities.iter().any(|e| e.value == moscow && e.count == 3));
}

#[test]
fn recency_puts_newer_first() {
    let dir = tempfile::tempdir().unwrap();
    let index = build(dir.path());
    let r = index.search(&Query { recency: true, expand_entities: false, ..Query::new("موسكو") }).unwrap();
    assert_eq!(r.hits[0].doc_id, "d6", "{:?}", r.hits);
    assert_eq!(r.total, 3);
}

#[test]
fn snippets_point_into_the_original_text() {
    let dir = tempfile::tempdir().unwrap();
    let index = build(dir.path());
    let r = index.search(&Query { expand_entities: false, ..Query::new("موسكو") }).unwrap();
    for h in &r.hits {
        let text = DOCS.iter().find(|d| d.0 == h.doc_id).unwrap().4;
        let chars: Vec<char> = text.chars().collect();
        let s = h.snippet.as_ref().unwrap();
        assert!(!s.highlights.is_empty(), "{}", h.doc_id);
        for [a, b] in &s.highlights {
            let word: String = chars[*a..*b].iter().collect();
            assert_eq!(marsad_text::normalize_str(&word, marsad_text::Form::Key), "موسكو", "{}", h.doc_id);
        }
        assert!(s.html.contains("<mark>"));
    }
    // Expanded: the entity's spelling in d1 is marked.
    let r = index.search(&Query::new("كاراباخ")).unwrap();
    let d1 = r.hits.iter().find(|h| h.doc_id == "d1").unwrap();
    assert!(d1.snippet.as_ref().unwrap().html.contains("<mark>ناجورنو قرة باغ</mark>"), "{:?}", d1.snippet);
}

#[test]
fn reopening_keeps_status() {
    let dir = tempfile::tempdir().unwrap();
    drop(build(dir.path()));
    let index = Index::open(dir.path()).unwrap();
    let s = index.status().unwrap();
    assert_eq!((s.documents, s.last_rowid), (DOCS.len() as u64, DOCS.len() as u64));
    // Garbage where the index should be is a clear error, not a panic.
    std::fs::write(dir.path().join("meta.json"), "{not json").unwrap();
    let err = Index::open(dir.path()).unwrap_err();
    assert!(err.to_string().contains("search index"), "{err}");
    let index = Index::recreate(dir.path()).unwrap();
    assert_eq!(index.status().unwrap().documents, 0);
}

#[test]
fn any_query_string_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let index = build(dir.path());
    for q in ["", "\"", "(((", ")", "-", "NOT", "OR OR", "\"\"", "«»", "+", "- -موسكو", "كوفيد-19", "a|b", "٢٠٢٠"]
    {
        index.search(&Query::new(q)).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
}
