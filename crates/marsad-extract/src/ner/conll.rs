//! Reading CoNLL files: one `token<TAB>tag` (or `token tag`) per line, a blank line
//! between sentences. The tag is the last field.

use marsad_core::EntityKind;

use super::labels::Label;
use crate::ExtractError;

/// A sentence of words with their gold labels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabeledSentence {
    pub words: Vec<String>,
    pub labels: Vec<Label>,
}

/// Parses a whole CoNLL text. `source_name` names the file in errors, which carry the
/// line number. `-DOCSTART-` lines are sentence breaks.
pub fn parse(text: &str, source_name: &str) -> Result<Vec<LabeledSentence>, ExtractError> {
    parse_with(text, source_name, |_| None)
}

/// The fine types of the FANE corpora (Alotaibi & Lee 2014; ACE-like, as in WikiFANE's
/// `all.fine.conll`) as ANERcorp would tag them: None for a type it leaves untagged.
/// ANERcorp tags nationalities and groups (العرب، المسلمين) `O`, buildings and sites
/// (البيت الأبيض، المسجد الأقصى، الكعبة) and works (أولاد حارتنا) `MISC`.
pub fn fane_type(fine: &str) -> Option<Option<EntityKind>> {
    use EntityKind::*;
    Some(match fine {
        "Politician" | "Athlete" | "Artist" | "Other_PER" | "Religious_PER" | "Scientist" | "Police"
        | "Businessperson" | "Lawyer" | "Engineer" => Some(Person),
        "Commercial" | "Non-Governmental" | "Government" | "Educational" | "Media" | "Sports" | "Religious_ORG"
        | "Medical-Science" | "Entertainment" => Some(Organization),
        "Nation"
        | "Population-Center"
        | "State-or-Province"
        | "Continent"
        | "GPE-Cluster"
        | "County-or-District"
        | "Water-Body"
        | "Celestial"
        | "Land-Region-Natural"
        | "Path"
        | "Airport" => Some(Location),
        "Building-Grounds" | "Subarea-Facility" | "Plant" | "Air" | "Water" | "Land" | "Projectile" | "Nuclear"
        | "Shooting" | "Blunt" | "Exploding" | "Chemical" | "Sharp" | "Book" | "Movie" | "Software" | "Hardware"
        | "Sound" | "Food" | "Drug" => Some(Misc),
        "Group" => None,
        _ => return None,
    })
}

/// [`parse`], reading a tag type that is not one of the four kinds with `map` (None:
/// unknown, an error; Some(None): the word is `O`).
pub fn parse_with(
    text: &str,
    source_name: &str,
    map: impl Fn(&str) -> Option<Option<EntityKind>>,
) -> Result<Vec<LabeledSentence>, ExtractError> {
    let mut sentences = Vec::new();
    let mut current = LabeledSentence::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("-DOCSTART-") {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let error =
            |message: String| ExtractError::Conll { source_name: source_name.to_string(), line: i + 1, message };
        let (word, tag) = match trimmed.rsplit_once(['\t', ' ']) {
            Some((w, t)) => (w.trim(), t.trim()),
            None => return Err(error(format!("expected `token<TAB>tag`, found {trimmed:?}"))),
        };
        if word.is_empty() {
            return Err(error("empty token".to_string()));
        }
        let label = Label::parse(tag)
            .or_else(|| {
                let (bio, fine) = tag.split_once('-')?;
                match (bio, map(fine)?) {
                    (_, None) => Some(Label::O),
                    ("B", Some(kind)) => Some(Label::begin(kind)),
                    ("I", Some(kind)) => Some(Label::inside(kind)),
                    _ => None,
                }
            })
            .ok_or_else(|| error(format!("unknown tag {tag:?}")))?;
        current.words.push(word.to_string());
        current.labels.push(label);
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_and_reports_bad_lines() {
        let text = "قال\tO\nبوتين\tB-PER\n\n\nموسكو\tB-LOC\r\n";
        let s = parse(text, "t.conll").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["قال", "بوتين"]);
        assert_eq!(s[1].labels[0].as_str(), "B-LOC");
        let err = parse("قال\tO\nبوتين\n", "t.conll").unwrap_err().to_string();
        assert_eq!(err, "t.conll:2: expected `token<TAB>tag`, found \"بوتين\"");
        let err = parse("قال\tB-DATE\n", "t.conll").unwrap_err().to_string();
        assert!(err.starts_with("t.conll:1: unknown tag"), "{err}");
    }

    #[test]
    fn fine_types_map_to_anercorp_conventions() {
        let text = "قال\tO\nالرئيس\tO\nمحمد\tB-Politician\nمرسي\tI-Politician\nإن\tO\nالعرب\tB-Group\nفي\tO\nالقاهرة\tB-Population-Center\n";
        let s = parse_with(text, "t.conll", fane_type).unwrap();
        let tags: Vec<&str> = s[0].labels.iter().map(|l| l.as_str()).collect();
        assert_eq!(tags, ["O", "O", "B-PER", "I-PER", "O", "O", "O", "B-LOC"]);
        let err = parse_with("قال\tB-Nonsense\n", "t.conll", fane_type).unwrap_err().to_string();
        assert!(err.starts_with("t.conll:1: unknown tag"), "{err}");
        assert!(parse(text, "t.conll").is_err());
    }
}
