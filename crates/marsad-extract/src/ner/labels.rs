//! BIO labels over the four entity kinds, and the spans they make.

use marsad_core::EntityKind;

/// Number of labels: O, then B- and I- for each kind.
pub const N_LABELS: usize = 1 + 2 * EntityKind::ALL.len();

/// A BIO label as an index: 0 is O, `1 + 2k` is B-kind, `2 + 2k` is I-kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub u8);

impl Label {
    pub const O: Label = Label(0);

    pub fn begin(kind: EntityKind) -> Label {
        Label(1 + 2 * kind.index() as u8)
    }

    pub fn inside(kind: EntityKind) -> Label {
        Label(2 + 2 * kind.index() as u8)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn kind(self) -> Option<EntityKind> {
        if self.0 == 0 { None } else { EntityKind::ALL.get((self.0 as usize - 1) / 2).copied() }
    }

    pub fn is_begin(self) -> bool {
        self.0 != 0 && self.0 % 2 == 1
    }

    pub fn is_inside(self) -> bool {
        self.0 != 0 && self.0.is_multiple_of(2)
    }

    /// Can `self` follow `prev` (None at the start of a sentence)? I-X only continues
    /// B-X or I-X.
    pub fn may_follow(self, prev: Option<Label>) -> bool {
        !self.is_inside() || prev.is_some_and(|p| p.kind() == self.kind())
    }

    /// Reads `O`, `B-PER`, `I-LOC`, … (`PERS` accepted). Unknown types are an error.
    pub fn parse(tag: &str) -> Option<Label> {
        if tag == "O" {
            return Some(Label::O);
        }
        let (bio, kind) = tag.split_once('-')?;
        let kind = EntityKind::from_code(kind)?;
        match bio {
            "B" => Some(Label::begin(kind)),
            "I" => Some(Label::inside(kind)),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        const NAMES: [&str; N_LABELS] = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"];
        NAMES.get(self.index()).copied().unwrap_or("O")
    }

    pub fn all() -> impl Iterator<Item = Label> {
        (0..N_LABELS as u8).map(Label)
    }
}

/// An entity span over word indices `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// The spans of a label sequence, as conlleval reads them: a chunk starts at B-X, or at
/// an I-X that does not continue a chunk of type X; it runs while I-X follows.
pub fn spans(labels: &[Label]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (i, label) in labels.iter().enumerate() {
        let continues = label.is_inside() && open.is_some_and(|(_, k)| Some(k) == label.kind());
        if continues {
            continue;
        }
        if let Some((start, kind)) = open.take() {
            out.push(Span { start, end: i, kind });
        }
        if let Some(kind) = label.kind() {
            open = Some((i, kind));
        }
    }
    if let Some((start, kind)) = open {
        out.push(Span { start, end: labels.len(), kind });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(tags: &[&str]) -> Vec<Label> {
        tags.iter().map(|t| Label::parse(t).unwrap()).collect()
    }

    #[test]
    fn labels_round_trip() {
        for l in Label::all() {
            assert_eq!(Label::parse(l.as_str()), Some(l));
        }
        assert_eq!(Label::parse("B-PERS"), Some(Label::begin(EntityKind::Person)));
        assert_eq!(Label::parse("B-DATE"), None);
        assert_eq!(Label::parse("X"), None);
    }

    #[test]
    fn spans_follow_conlleval() {
        let s = spans(&labels(&["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"]));
        assert_eq!(
            s,
            vec![
                Span { start: 0, end: 2, kind: EntityKind::Person },
                Span { start: 3, end: 5, kind: EntityKind::Location },
                Span { start: 5, end: 6, kind: EntityKind::Location },
                Span { start: 6, end: 7, kind: EntityKind::Organization },
            ]
        );
        assert!(spans(&[]).is_empty());
    }

    #[test]
    fn inside_needs_a_matching_predecessor() {
        let i_per = Label::inside(EntityKind::Person);
        assert!(!i_per.may_follow(None));
        assert!(!i_per.may_follow(Some(Label::O)));
        assert!(!i_per.may_follow(Some(Label::begin(EntityKind::Location))));
        assert!(i_per.may_follow(Some(Label::begin(EntityKind::Person))));
        assert!(Label::O.may_follow(None));
    }
}
