//! Extractive multi-document summaries: the sentences closest to a story's centroid, wire
//! copy carried by several outlets counting more, never two near-duplicates, each citing every
//! document that carries it, in the order the news came out.

use serde::Serialize;

use crate::cluster::{Day, dot};
use crate::features::Weighted;

/// Two sentences whose term sets overlap this much (Jaccard) say the same thing.
pub const NEAR_DUPLICATE: f32 = 0.5;
/// Sentences shorter than this many content terms are headlines, datelines or captions.
pub const MIN_TERMS: usize = 5;
/// Sentences longer than this are run-ons from pages without punctuation.
pub const MAX_TERMS: usize = 70;

/// A sentence that may enter a summary.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The sentence as written (original text, whitespace collapsed).
    pub text: String,
    /// Its position in its document (0 = first sentence of the body).
    pub position: usize,
    /// Its content terms' hashes, sorted and without repeats.
    pub terms: Vec<u64>,
}

impl Candidate {
    pub fn new(text: &str, position: usize, mut terms: Vec<u64>) -> Candidate {
        terms.sort_unstable();
        terms.dedup();
        Candidate { text: text.split_whitespace().collect::<Vec<_>>().join(" "), position, terms }
    }
}

/// One document's candidate sentences.
#[derive(Clone, Debug)]
pub struct SummaryDoc {
    pub id: String,
    pub day: Option<Day>,
    pub sentences: Vec<Candidate>,
}

/// A summary sentence and the documents that carry it (its own first).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummarySentence {
    pub sentence: String,
    pub documents: Vec<String>,
}

/// Jaccard similarity of two sorted, repeat-free term lists.
pub fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f32 / (a.len() + b.len() - common) as f32
}

/// A summary of at most `length` sentences of a story whose centroid is `centroid` (sorted
/// by hash, as [`crate::Cluster::centroid`]).
pub fn summarize(docs: &[SummaryDoc], centroid: &[Weighted], length: usize) -> Vec<SummarySentence> {
    struct Scored<'a> {
        doc: usize,
        sentence: &'a Candidate,
        score: f32,
    }
    let mut pool: Vec<Scored> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for s in &doc.sentences {
            if s.terms.len() < MIN_TERMS || s.terms.len() > MAX_TERMS {
                continue;
            }
            let binary: Vec<Weighted> = s.terms.iter().map(|&h| (h, 1.0)).collect();
            let closeness = dot(&binary, centroid) / (s.terms.len() as f32).sqrt();
            let position = 1.0 / (1.0 + 0.15 * s.position as f32);
            pool.push(Scored { doc: d, sentence: s, score: closeness * position });
        }
    }
    // Sentences that several documents carry (wire copy, the agreed facts) count more.
    let carriers: Vec<Vec<usize>> = pool
        .iter()
        .map(|a| {
            let mut ds: Vec<usize> = pool
                .iter()
                .filter(|b| jaccard(&a.sentence.terms, &b.sentence.terms) >= NEAR_DUPLICATE)
                .map(|b| b.doc)
                .collect();
            ds.sort_unstable();
            ds.dedup();
            ds
        })
        .collect();
    for (s, carried) in pool.iter_mut().zip(&carriers) {
        s.score *= 1.0 + 0.25 * (carried.len() as f32).ln();
    }
    let mut order: Vec<usize> = (0..pool.len()).collect();
    order.sort_by(|&a, &b| {
        pool[b]
            .score
            .total_cmp(&pool[a].score)
            .then(pool[a].doc.cmp(&pool[b].doc))
            .then(pool[a].sentence.position.cmp(&pool[b].sentence.position))
    });
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        if chosen.len() == length {
            break;
        }
        if pool[i].score <= 0.0 {
            break;
        }
        if chosen.iter().any(|&c| jaccard(&pool[c].sentence.terms, &pool[i].sentence.terms) >= NEAR_DUPLICATE) {
            continue;
        }
        chosen.push(i);
    }
    // In the order the news came out: the earliest day a carrier reported it, then the place
    // in its document.
    let first_day = |i: usize| carriers[i].iter().filter_map(|&d| docs[d].day).min();
    chosen.sort_by_key(|&i| (first_day(i).unwrap_or(Day::MAX), pool[i].sentence.position, pool[i].doc));
    chosen
        .into_iter()
        .map(|i| {
            let own = pool[i].doc;
            let mut documents = vec![docs[own].id.clone()];
            documents.extend(carriers[i].iter().filter(|&&d| d != own).map(|&d| docs[d].id.clone()));
            SummarySentence { sentence: pool[i].sentence.text.clone(), documents }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{term_hash, term_key};
    use marsad_text::TextLayer;

    fn candidates(text: &str) -> Vec<Candidate> {
        let layer = TextLayer::new(text);
        layer
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let terms = layer.sentence_tokens(s).iter().filter_map(|t| term_key(layer.text(), t));
                let range = s.start as usize..s.end as usize;
                Candidate::new(&layer.text()[range], i, terms.map(|k| term_hash(&k)).collect())
            })
            .collect()
    }

    fn doc(id: &str, day: Day, text: &str) -> SummaryDoc {
        SummaryDoc { id: id.into(), day: Some(day), sentences: candidates(text) }
    }

    fn centroid(docs: &[SummaryDoc]) -> Vec<Weighted> {
        let mut all: Vec<Weighted> =
            docs.iter().flat_map(|d| d.sentences.iter().flat_map(|s| s.terms.iter().map(|&h| (h, 1.0)))).collect();
        all = crate::features::merge_weights(all);
        crate::cluster::normalize(&mut all);
        all
    }

    #[test]
    fn wire_copy_is_cited_once_with_all_its_carriers_and_not_repeated() {
        let wire = "اتفقت أرمينيا وأذربيجان على وقف إطلاق النار في إقليم قره باغ اعتبارا من ظهر السبت بعد محادثات طويلة في موسكو.";
        let docs = vec![
            doc(
                "a",
                10,
                &format!("{wire} وقال الوزير الروسي إن الطرفين سيبدآن تبادل الأسرى والجثث بوساطة الصليب الأحمر."),
            ),
            doc(
                "b",
                10,
                &format!(
                    "{wire} وتبادل الطرفان الاتهامات بخرق الهدنة بعد ساعات من دخولها حيز التنفيذ في الإقليم الجبلي."
                ),
            ),
            doc("c", 11, "وتبادل الطرفان الاتهامات بخرق الهدنة بعد ساعات قليلة من دخولها حيز التنفيذ في الإقليم الجبلي."),
        ];
        let summary = summarize(&docs, &centroid(&docs), 3);
        assert_eq!(summary.len(), 3);
        assert!(summary[0].sentence.starts_with("اتفقت أرمينيا"), "{summary:#?}");
        assert_eq!(summary[0].documents, vec!["a", "b"]);
        let accusations: Vec<_> = summary.iter().filter(|s| s.sentence.contains("الاتهامات")).collect();
        assert_eq!(accusations.len(), 1, "near-duplicates must not both be chosen: {summary:#?}");
        assert_eq!(accusations[0].documents.len(), 2);
        let day_of = |id: &String| docs.iter().find(|d| &d.id == id).unwrap().day.unwrap();
        let days: Vec<Day> = summary.iter().map(|s| s.documents.iter().map(day_of).min().unwrap()).collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]), "in the order the news came out: {days:?}");
    }

    #[test]
    fn the_requested_length_is_respected_and_short_sentences_are_skipped() {
        let docs = vec![doc(
            "a",
            1,
            "عاجل. اتفقت أرمينيا وأذربيجان على وقف إطلاق النار في إقليم قره باغ بعد محادثات في موسكو.",
        )];
        let summary = summarize(&docs, &centroid(&docs), 1);
        assert_eq!(summary.len(), 1);
        assert!(summary[0].sentence.starts_with("اتفقت"));
        assert!(summarize(&docs, &centroid(&docs), 0).is_empty());
    }
}
