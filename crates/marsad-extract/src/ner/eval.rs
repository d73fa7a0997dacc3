//! Entity-level evaluation with conlleval semantics: a predicted entity counts only if
//! its span and type both equal a gold entity's.

use std::collections::HashSet;

use marsad_core::EntityKind;

use super::labels::{Label, spans};

/// Counts for one type or for all.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Micro-averaged and per-type counts, plus token accuracy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    pub all: Counts,
    pub by_kind: [Counts; 4],
    pub tokens: usize,
    pub tokens_correct: usize,
}

impl Scores {
    /// Adds one sentence's gold and predicted labels.
    pub fn add(&mut self, gold: &[Label], predicted: &[Label]) {
        let g: HashSet<_> = spans(gold).into_iter().collect();
        let p: HashSet<_> = spans(predicted).into_iter().collect();
        for s in &g {
            self.all.gold += 1;
            self.by_kind[s.kind.index()].gold += 1;
        }
        for s in &p {
            self.all.predicted += 1;
            self.by_kind[s.kind.index()].predicted += 1;
            if g.contains(s) {
                self.all.correct += 1;
                self.by_kind[s.kind.index()].correct += 1;
            }
        }
        self.tokens += gold.len();
        self.tokens_correct += gold.iter().zip(predicted).filter(|(a, b)| a == b).count();
    }

    pub fn kind(&self, kind: EntityKind) -> Counts {
        self.by_kind[kind.index()]
    }

    pub fn token_accuracy(&self) -> f64 {
        ratio(self.tokens_correct, self.tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(tags: &[&str]) -> Vec<Label> {
        tags.iter().map(|t| Label::parse(t).unwrap()).collect()
    }

    #[test]
    fn exact_span_and_type() {
        let mut s = Scores::default();
        s.add(&l(&["B-PER", "I-PER", "O", "B-LOC"]), &l(&["B-PER", "O", "O", "B-LOC"]));
        assert_eq!(s.all, Counts { gold: 2, predicted: 2, correct: 1 });
        assert_eq!(s.kind(EntityKind::Location).f1(), 1.0);
        assert_eq!(s.kind(EntityKind::Person).f1(), 0.0);
        assert!((s.all.f1() - 0.5).abs() < 1e-9);
        assert_eq!(s.token_accuracy(), 0.75);
    }
}
