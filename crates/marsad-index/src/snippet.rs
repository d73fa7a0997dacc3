//! Highlighted snippets, with offsets into the document's original text.
//!
//! The stored text is normalised and tokenised again (without the lexicon: token
//! boundaries do not depend on it); only tokens whose key form contains a query term
//! are segmented and compared by their stem and light terms, exactly as the index
//! analysed them. Entity mentions of an expanded entity are highlighted too. The window
//! is the stretch of [`SNIPPET_CHARS`] characters that holds the most highlights.

use std::collections::HashSet;
use std::ops::Range;

use marsad_text::normalize::{clean_to_key, normalize_regions};
use marsad_text::{Form, Lexicon, TokenKind, tokenize};

use crate::analyzer::token_terms;

/// Length of a snippet, in characters (before it is widened to word boundaries).
pub const SNIPPET_CHARS: usize = 220;

/// A passage of a document with the query's matches marked.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The passage, as written in the document.
    pub text: String,
    /// Its range in code points of the document's original text.
    pub start: usize,
    pub end: usize,
    /// Matches, in code points of the document's original text (inside `start..end`).
    pub highlights: Vec<[usize; 2]>,
    /// The passage as HTML, matches in `<mark>`.
    pub html: String,
    /// Matches in the title, in code points of the title.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title_highlights: Vec<[usize; 2]>,
}

/// What to highlight: stem and light terms of the query's positive words, and entity ids.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    pub stems: HashSet<String>,
    pub lights: HashSet<String>,
    pub entities: HashSet<String>,
}

impl Marks {
    fn is_empty(&self) -> bool {
        self.stems.is_empty() && self.lights.is_empty() && self.entities.is_empty()
    }
}

/// Code-point ranges of the words of `text` (the byte `regions`, or all of it) that
/// match `marks`.
pub fn matches(text: &str, regions: Option<&[Range<usize>]>, marks: &Marks) -> Vec<[usize; 2]> {
    if marks.stems.is_empty() && marks.lights.is_empty() {
        return Vec::new();
    }
    let all = [0..text.len()];
    let norm = normalize_regions(text, regions.unwrap_or(&all), Form::Clean);
    let tokens = tokenize(norm.text(), None);
    let lexicon = Lexicon::builtin();
    let mut out = Vec::new();
    for mut token in tokens.into_iter().filter(|t| !matches!(t.kind, TokenKind::Punct | TokenKind::Symbol)) {
        let surface = token.text(norm.text());
        // Cheap test first: a match's stem is inside the word's key form.
        let key = clean_to_key(surface);
        let light_hit = marks.lights.iter().any(|l| key.contains(l.as_str()));
        if !light_hit && !marks.stems.iter().any(|s| key.contains(s.as_str())) {
            continue;
        }
        if token.kind == TokenKind::Arabic {
            token.seg = lexicon.segment(surface);
        }
        let Some((stem, light)) = token_terms(&token, norm.text()) else { continue };
        if marks.stems.contains(&stem) || marks.lights.contains(&light) {
            let r = norm.original_range(token.stem_chars());
            out.push([r.start, r.end]);
        }
    }
    out
}

/// Builds the snippet of a document: `spans` are its stored entity mentions
/// (`(entity id, start, end)` in code points).
pub fn snippet(
    text: &str,
    body: &[Range<usize>],
    title: Option<&str>,
    spans: &[(String, usize, usize)],
    marks: &Marks,
) -> Snippet {
    let mut highlights = if marks.is_empty() { Vec::new() } else { matches(text, Some(body), marks) };
    highlights.extend(spans.iter().filter(|(id, _, _)| marks.entities.contains(id)).map(|&(_, s, e)| [s, e]));
    highlights.sort_unstable();
    highlights.dedup();
    // Drop highlights nested in an earlier one (an entity span around a matched word).
    let mut kept: Vec<[usize; 2]> = Vec::with_capacity(highlights.len());
    for h in highlights {
        match kept.last_mut() {
            Some(last) if h[0] < last[1] => last[1] = last[1].max(h[1]),
            _ => kept.push(h),
        }
    }
    let highlights = kept;

    // Character index → byte offset of the original text.
    let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    bytes.push(text.len());
    let n_chars = bytes.len() - 1;
    let char_of = |byte: usize| bytes.partition_point(|&b| b < byte);
    let body_start = body.first().map_or(0, |r| char_of(r.start));
    let body_end = body.last().map_or(n_chars, |r| char_of(r.end)).max(body_start);

    // The window with the most highlights (two pointers).
    let mut best = (0usize, body_start);
    let mut j = 0;
    for (i, h) in highlights.iter().enumerate() {
        j = j.max(i);
        while j < highlights.len() && highlights[j][1] <= h[0] + SNIPPET_CHARS {
            j += 1;
        }
        if j - i > best.0 {
            best = (j - i, h[0].saturating_sub(SNIPPET_CHARS / 4).max(body_start));
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut start = best.1.min(body_end);
    // Widen to word boundaries, no further than 20 characters.
    let mut steps = 0;
    while start > body_start && !chars[start - 1].is_whitespace() && steps < 20 {
        start -= 1;
        steps += 1;
    }
    let mut end = (start + SNIPPET_CHARS).min(body_end);
    steps = 0;
    while end < body_end && !chars[end].is_whitespace() && steps < 20 {
        end += 1;
        steps += 1;
    }
    let highlights: Vec<[usize; 2]> =
        highlights.into_iter().filter(|h| h[0] >= start && h[1] <= end && h[0] < h[1]).collect();

    let mut html = String::new();
    let mut at = start;
    for h in &highlights {
        escape_into(&mut html, &chars[at..h[0]]);
        html.push_str("<mark>");
        escape_into(&mut html, &chars[h[0]..h[1]]);
        html.push_str("</mark>");
        at = h[1];
    }
    escape_into(&mut html, &chars[at..end]);

    let title_highlights = match title {
        Some(t) if !marks.is_empty() => matches(t, None, marks),
        _ => Vec::new(),
    };
    Snippet { text: text[bytes[start]..bytes[end]].to_string(), start, end, highlights, html, title_highlights }
}

fn escape_into(out: &mut String, chars: &[char]) {
    for &c in chars {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::analyze;

    fn marks(words: &str) -> Marks {
        let mut m = Marks::default();
        for t in analyze(words, None) {
            m.stems.insert(t.stem);
            m.lights.insert(t.light);
        }
        m
    }

    #[test]
    fn highlights_the_stem_inside_a_word_with_clitics() {
        let text = "وصل الوفد أمس إلى العاصمة وموسكو تنتظر ردّاً من يريفان.";
        let s = snippet(text, &[0..text.len()], None, &[], &marks("موسكو"));
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(s.highlights.len(), 1);
        let [a, b] = s.highlights[0];
        assert_eq!(chars[a..b].iter().collect::<String>(), "موسكو");
        assert!(s.html.contains("و<mark>موسكو</mark>"), "{}", s.html);
    }

    #[test]
    fn entity_spans_are_marked() {
        let text = "تجدد القتال في ناجورنو قرة باغ صباح اليوم.";
        let mut m = Marks::default();
        m.entities.insert("loc:x".into());
        let s = snippet(text, &[0..text.len()], None, &[("loc:x".into(), 15, 30)], &m);
        assert_eq!(s.highlights, vec![[15, 30]]);
        assert!(s.html.contains("<mark>ناجورنو قرة باغ</mark>"), "{}", s.html);
    }
}
