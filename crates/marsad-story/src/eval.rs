//! Clustering quality against a labelled set: pairwise and B-cubed precision, recall and F1.

use std::collections::HashMap;

use serde::Serialize;

use crate::StoryError;

/// One labelled article of a gold file.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldRow {
    /// The corpus file the article comes from.
    pub corpus: String,
    pub id: String,
    pub event: String,
    pub saga: String,
}

/// Reads a gold file: a header line, then `corpus<TAB>id<TAB>event<TAB>saga` per article.
/// `source` names the file in errors.
pub fn parse_gold(text: &str, source: &str) -> Result<Vec<GoldRow>, StoryError> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [corpus, id, event, saga] = fields[..] else {
            return Err(StoryError::Gold {
                location: format!("{source}:{}", n + 1),
                message: format!("expected 4 tab-separated fields, found {}", fields.len()),
            });
        };
        if id.is_empty() || event.is_empty() {
            return Err(StoryError::Gold {
                location: format!("{source}:{}", n + 1),
                message: "empty id or event".into(),
            });
        }
        rows.push(GoldRow { corpus: corpus.into(), id: id.into(), event: event.into(), saga: saga.into() });
    }
    Ok(rows)
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }
}

/// Scores of a clustering against the gold one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ClusterScores {
    pub items: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
    pub pairwise: Prf,
    pub bcubed: Prf,
}

/// Scores `(gold label, predicted label)` per item.
pub fn score<G: Eq + std::hash::Hash, P: Eq + std::hash::Hash>(items: &[(G, P)]) -> ClusterScores {
    let mut cells: HashMap<(&G, &P), u64> = HashMap::new();
    let mut gold: HashMap<&G, u64> = HashMap::new();
    let mut pred: HashMap<&P, u64> = HashMap::new();
    for (g, p) in items {
        *cells.entry((g, p)).or_default() += 1;
        *gold.entry(g).or_default() += 1;
        *pred.entry(p).or_default() += 1;
    }
    let pairs = |n: u64| (n * n.saturating_sub(1) / 2) as f64;
    let together: f64 = cells.values().map(|&n| pairs(n)).sum();
    let gold_pairs: f64 = gold.values().map(|&n| pairs(n)).sum();
    let pred_pairs: f64 = pred.values().map(|&n| pairs(n)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    let n = items.len() as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(g, p), &c) in &cells {
        let c = c as f64;
        bp += c * c / pred[p] as f64;
        br += c * c / gold[g] as f64;
    }
    ClusterScores {
        items: items.len(),
        gold_clusters: gold.len(),
        predicted_clusters: pred.len(),
        pairwise: Prf::new(ratio(together, pred_pairs), ratio(together, gold_pairs)),
        bcubed: if n > 0.0 { Prf::new(bp / n, br / n) } else { Prf::default() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_all_in_one_clusterings() {
        let perfect = score(&[("a", 1), ("a", 1), ("b", 2)]);
        assert_eq!(perfect.pairwise, Prf::new(1.0, 1.0));
        assert_eq!(perfect.bcubed, Prf::new(1.0, 1.0));
        let lumped = score(&[("a", 1), ("a", 1), ("b", 1)]);
        assert!((lumped.pairwise.precision - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(lumped.pairwise.recall, 1.0);
        // B-cubed precision: (2/3 + 2/3 + 1/3) / 3
        assert!((lumped.bcubed.precision - 5.0 / 9.0).abs() < 1e-9);
        assert_eq!(lumped.bcubed.recall, 1.0);
    }

    #[test]
    fn gold_files_report_the_bad_line() {
        let ok = parse_gold("corpus\tid\tevent\tsaga\nant.zst\tx-1\tev\tnone\n", "gold.tsv").unwrap();
        assert_eq!(ok[0].event, "ev");
        let err = parse_gold("corpus\tid\tevent\tsaga\nant.zst\tx-1\n", "gold.tsv").unwrap_err();
        assert!(err.to_string().contains("gold.tsv:2"), "{err}");
    }
}
