//! The project's own annotated sentences (`data/fixtures.tsv`): every time expression of
//! each sentence with its value, for tests and `marsad eval time`.

use jiff::civil::Date;
use marsad_text::TextLayer;

/// One annotated sentence.
#[derive(Clone, Debug)]
pub struct Case {
    pub anchor: Option<Date>,
    pub text: &'static str,
    /// (expression as written, value), in text order.
    pub expected: Vec<(&'static str, &'static str)>,
}

/// What the tagger found in a case's sentence: (expression as written, value).
pub fn found(case: &Case) -> Vec<(String, String)> {
    let layer = TextLayer::new(case.text);
    crate::tag(&layer, case.anchor)
        .into_iter()
        .map(|t| {
            let span = layer.normalized.original_range(t.expr.chars.clone());
            (case.text.chars().skip(span.start).take(span.len()).collect(), t.resolved.value)
        })
        .collect()
}

/// The annotated sentences.
pub fn cases() -> Vec<Case> {
    include_str!("../data/fixtures.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let anchor = fields.next()?.parse::<Date>().ok();
            let text = fields.next()?;
            let expected = fields
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|p| !p.is_empty())
                .filter_map(|pair| pair.rsplit_once('='))
                .collect();
            Some(Case { anchor, text, expected })
        })
        .collect()
}

/// One hand-written text with the publication day to infer from it alone.
#[derive(Clone, Debug)]
pub struct PublishedCase {
    pub text: String,
    /// A day (`2020-11-19`), `~` + an estimate (`~XXXX-WXX-3`), or `-` for nothing.
    pub expected: &'static str,
}

/// The inference fixtures (`data/published.tsv`).
pub fn published_cases() -> Vec<PublishedCase> {
    include_str!("../data/published.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let (expected, text) = line.split_once('\t')?;
            Some(PublishedCase { text: text.replace("\\n", "\n"), expected })
        })
        .collect()
}

/// What the inference says of a case's text, in the fixture's notation.
pub fn published_found(case: &PublishedCase) -> String {
    let layer = TextLayer::new(&case.text);
    let exprs = crate::recognize(&layer);
    match crate::infer(&layer, &exprs) {
        Some(crate::Inference { date: Some(date), .. }) => date.to_string(),
        Some(crate::Inference { estimate: Some(estimate), .. }) => format!("~{estimate}"),
        _ => "-".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_inference_fixture_is_inferred_exactly() {
        let cases = published_cases();
        assert!(cases.len() >= 20, "{} cases", cases.len());
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|case| {
                let found = published_found(case);
                (found != case.expected).then(|| format!("{}\n  expected {}  found {found}", case.text, case.expected))
            })
            .collect();
        assert!(wrong.is_empty(), "{} of {} wrong:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
    }

    #[test]
    fn every_fixture_is_read_exactly() {
        let cases = cases();
        assert!(cases.len() >= 40, "{} cases", cases.len());
        let mut wrong = Vec::new();
        for case in &cases {
            let found = found(case);
            let expected: Vec<(String, String)> =
                case.expected.iter().map(|(t, v)| (t.to_string(), v.to_string())).collect();
            if found != expected {
                wrong.push(format!("{}\n  expected {expected:?}\n  found    {found:?}", case.text));
            }
        }
        assert!(wrong.is_empty(), "{} of {} wrong:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
    }
}
