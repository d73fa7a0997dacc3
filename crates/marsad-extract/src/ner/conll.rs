//! Reading CoNLL files: one `token<TAB>tag` (or `token tag`) per line, a blank line
//! between sentences. The tag is the last field.

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
        let label = Label::parse(tag).ok_or_else(|| error(format!("unknown tag {tag:?}")))?;
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
}
