//! Facet counting over every match (outlets, entities, months), read from the fast
//! fields' term ordinals per segment and turned into strings once per segment.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// Values listed per facet, most frequent first.
pub const FACET_SIZE: usize = 20;

/// One value of a facet and the number of matching documents that have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts over all the matches of a query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub outlets: Vec<FacetCount>,
    /// Canonical entity ids.
    pub entities: Vec<FacetCount>,
    /// `YYYY-MM`.
    pub months: Vec<FacetCount>,
}

const NAMES: [&str; 3] = ["outlet", "entity", "month"];

#[derive(Default)]
pub(crate) struct FacetCollector;

pub(crate) struct SegmentFacets {
    columns: [Option<StrColumn>; 3],
    counts: [Vec<u64>; 3],
}

type Fruit = [HashMap<String, u64>; 3];

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = segment.fast_fields();
        let columns = [ff.str(NAMES[0])?, ff.str(NAMES[1])?, ff.str(NAMES[2])?];
        let counts = std::array::from_fn(|i| vec![0u64; columns[i].as_ref().map_or(0, |c| c.num_terms())]);
        Ok(SegmentFacets { columns, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Fruit>) -> tantivy::Result<Facets> {
        let mut all: Fruit = Default::default();
        for fruit in fruits {
            for (into, from) in all.iter_mut().zip(fruit) {
                for (k, v) in from {
                    *into.entry(k).or_default() += v;
                }
            }
        }
        let [outlets, entities, months] = all.map(top);
        Ok(Facets { outlets, entities, months })
    }
}

fn top(counts: HashMap<String, u64>) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v.truncate(FACET_SIZE);
    v
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Fruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (col, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(col) = col {
                for ord in col.term_ords(doc) {
                    if let Some(c) = counts.get_mut(ord as usize) {
                        *c += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Fruit {
        let mut out: Fruit = Default::default();
        for ((col, counts), map) in self.columns.iter().zip(self.counts).zip(out.iter_mut()) {
            let Some(col) = col else { continue };
            let mut s = String::new();
            for (ord, n) in counts.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                s.clear();
                if col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                    map.insert(s.clone(), n);
                }
            }
        }
        out
    }
}

/// The newest publication day in the index (days since 1970), for the recency boost.
pub(crate) fn newest_day(searcher: &Searcher) -> i64 {
    searcher
        .segment_readers()
        .iter()
        .filter_map(|s| s.fast_fields().i64("day").ok())
        // Days are positive and a column without values reports 0, which never wins.
        .map(|c| c.max_value())
        .max()
        .unwrap_or(0)
}
