//! Page furniture: lines that belong to the page, not the article. They are taken out
//! of the body and listed, never silently dropped.
//!
//! A line is furniture when it is
//! - a lone Latin token or two with no Arabic (`Ad`, `Advertisement`);
//! - a navigation or sharing phrase from `data/furniture.tsv` (المقال التالي، اقرأ
//!   أيضا followed by a linked headline, شارك…), compared in matching-key form;
//! - the same as the line before it: a short line twice in a row is a doubled photo
//!   caption and both copies go; a long paragraph repeated keeps its first copy;
//! - decoration: punctuation or symbols only (`***`, `• • •`);
//! - the headline repeated as the first line of the body.
//!
//! For plain text files, the first line is taken as the title when it looks like a
//! headline: short, not ending like a sentence, and followed by more text.

use std::ops::Range;
use std::sync::LazyLock;

use marsad_core::{Boilerplate, BoilerplateReason};
use marsad_text::chars::{is_arabic_letter, is_letter, is_letter_or_digit};
use marsad_text::{Form, normalize_str};

/// Longest line (in words) that a `prefix` phrase may start and still be furniture.
const MAX_PREFIX_LINE_WORDS: usize = 25;
/// A repeated line this short (in words) and not ending with a full stop is a caption.
const MAX_CAPTION_WORDS: usize = 30;
/// Longest first line (in words / characters) taken as a headline.
const MAX_HEADLINE_WORDS: usize = 30;
const MAX_HEADLINE_CHARS: usize = 220;

struct Phrases {
    lines: Vec<String>,
    prefixes: Vec<String>,
}

static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let mut phrases = Phrases { lines: Vec::new(), prefixes: Vec::new() };
    for row in include_str!("../data/furniture.tsv").lines() {
        if row.starts_with('#') || row.trim().is_empty() {
            continue;
        }
        if let Some((kind, phrase)) = row.split_once('\t') {
            let key = line_key(phrase);
            match kind {
                "line" => phrases.lines.push(key),
                "prefix" => phrases.prefixes.push(key),
                _ => {}
            }
        }
    }
    phrases
});

/// A line reduced for comparison: matching-key form, letters and digits only, single
/// spaces.
pub fn line_key(line: &str) -> String {
    let key = normalize_str(line, Form::Key);
    let mut out = String::with_capacity(key.len());
    for word in key.split(|c: char| !is_letter_or_digit(c)).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The result of cleaning a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The title: the one given, or the first line of a plain text when it looks like a
    /// headline.
    pub title: Option<String>,
    /// Byte ranges of the body lines (trimmed), in order.
    pub body: Vec<Range<usize>>,
    pub boilerplate: Vec<Boilerplate>,
}

struct Line {
    range: Range<usize>,
    key: String,
}

/// Splits `text` into trimmed non-empty lines with their byte ranges.
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive(['\n', '\r', '\u{2028}', '\u{2029}']) {
        let end = start + piece.len();
        let content = piece.trim_end_matches(['\n', '\r', '\u{2028}', '\u{2029}']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            let s = start + lead;
            out.push(Line { range: s..s + trimmed.len(), key: String::new() });
        }
        start = end;
    }
    out
}

fn classify(raw: &str, key: &str) -> Option<BoilerplateReason> {
    if !raw.chars().any(is_letter_or_digit) {
        return Some(BoilerplateReason::Decoration);
    }
    let phrases = &*PHRASES;
    if phrases.lines.iter().any(|p| p == key) {
        return Some(BoilerplateReason::Navigation);
    }
    let words = key.split(' ').count();
    if words <= MAX_PREFIX_LINE_WORDS
        && phrases.prefixes.iter().any(|p| key.starts_with(p.as_str()) && key[p.len()..].starts_with(' '))
    {
        return Some(BoilerplateReason::Navigation);
    }
    if !raw.chars().any(is_arabic_letter) {
        let latin_words: Vec<&str> = raw.split_whitespace().collect();
        let lone = (1..=3).contains(&latin_words.len())
            && raw.chars().count() <= 40
            && latin_words.iter().any(|w| w.chars().any(is_letter));
        if lone {
            return Some(BoilerplateReason::LoneLatin);
        }
    }
    None
}

fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let last = line.chars().last().unwrap_or('.');
    (2..=MAX_HEADLINE_WORDS).contains(&words)
        && line.chars().count() <= MAX_HEADLINE_CHARS
        && !matches!(last, '.' | '۔' | ':' | '،' | '؛' | ',' | ';')
        && line.chars().any(is_arabic_letter)
}

fn ends_like_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '»', '”', ')']).ends_with(['.', '۔', '!', '؟', '?'])
}

/// Cleans `text`: finds the title (given, or detected when `detect_title`), the body
/// lines, and the furniture.
pub fn clean(text: &str, title: Option<&str>, detect_title: bool) -> Cleaned {
    let mut all = lines(text);
    for l in &mut all {
        l.key = line_key(&text[l.range.clone()]);
    }
    let mut title = title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let mut first_body = 0;
    if title.is_none() && detect_title && all.len() >= 2 {
        let first = &text[all[0].range.clone()];
        if looks_like_headline(first) && classify(first, &all[0].key).is_none() {
            title = Some(first.to_string());
            first_body = 1;
        }
    }
    let title_key = title.as_deref().map(line_key);

    let mut kept: Vec<Option<BoilerplateReason>> = vec![None; all.len()];
    let mut seen_body_line = false;
    for i in first_body..all.len() {
        let raw = &text[all[i].range.clone()];
        let key = &all[i].key;
        let mut reason = classify(raw, key);
        if reason.is_none() && !seen_body_line && title_key.as_deref() == Some(key.as_str()) && !key.is_empty() {
            reason = Some(BoilerplateReason::TitleRepeated);
        }
        if reason.is_none() && i > first_body && !key.is_empty() && all[i - 1].key == *key {
            reason = Some(BoilerplateReason::RepeatedLine);
            let words = key.split(' ').count();
            if words <= MAX_CAPTION_WORDS && !ends_like_sentence(raw) && kept[i - 1].is_none() {
                kept[i - 1] = Some(BoilerplateReason::RepeatedLine);
            }
        }
        if reason.is_none() {
            seen_body_line = true;
        }
        kept[i] = reason;
    }

    let mut out = Cleaned { title, ..Cleaned::default() };
    for (i, line) in all.iter().enumerate().skip(first_body) {
        match kept[i] {
            None => out.body.push(line.range.clone()),
            Some(reason) => out.boilerplate.push(Boilerplate {
                text: text[line.range.clone()].to_string(),
                reason,
                start: line.range.start,
                end: line.range.end,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, detect_title: bool) -> (Option<String>, Vec<String>, Vec<(String, &'static str)>) {
        let c = clean(text, None, detect_title);
        let body = c.body.iter().map(|r| text[r.clone()].to_string()).collect();
        let bp = c.boilerplate.iter().map(|b| (b.text.clone(), b.reason.as_str())).collect();
        (c.title, body, bp)
    }

    #[test]
    fn removes_lone_latin_navigation_and_decoration() {
        let text = "افتتح المعرض أبوابه صباح اليوم.\n\nAd\n\n***\nاقرأ أيضاً: الوزير يزور المعرض\nوتوافد الزوار بكثرة.\nشارك\nالمقال التالي";
        let (title, body, bp) = run(text, false);
        assert_eq!(title, None);
        assert_eq!(body, vec!["افتتح المعرض أبوابه صباح اليوم.", "وتوافد الزوار بكثرة."]);
        assert_eq!(
            bp,
            vec![
                ("Ad".to_string(), "lone_latin"),
                ("***".to_string(), "decoration"),
                ("اقرأ أيضاً: الوزير يزور المعرض".to_string(), "navigation"),
                ("شارك".to_string(), "navigation"),
                ("المقال التالي".to_string(), "navigation"),
            ]
        );
    }

    #[test]
    fn doubled_caption_goes_entirely_repeated_paragraph_keeps_one() {
        let text = "بدأ الاجتماع في الصباح.\n\nجانب من الاجتماع في القصر\nجانب من الاجتماع في القصر\n\nوانتهى مساء.\nوانتهى مساء.";
        let (_, body, bp) = run(text, false);
        assert_eq!(body, vec!["بدأ الاجتماع في الصباح.", "وانتهى مساء."]);
        assert_eq!(bp.len(), 3);
        assert!(bp.iter().all(|(_, r)| *r == "repeated_line"));
    }

    #[test]
    fn detects_a_headline_in_plain_text() {
        let text = "الحكومة تقر موازنة العام المقبل\nأقرت الحكومة اليوم مشروع الموازنة.";
        let (title, body, _) = run(text, true);
        assert_eq!(title.as_deref(), Some("الحكومة تقر موازنة العام المقبل"));
        assert_eq!(body, vec!["أقرت الحكومة اليوم مشروع الموازنة."]);
        // A first line that reads like a sentence is body.
        let text = "أقرت الحكومة اليوم مشروع الموازنة.\nوقال الوزير إنها متوازنة.";
        assert_eq!(run(text, true).0, None);
    }

    #[test]
    fn title_repeated_in_body_is_furniture() {
        let text = "الحكومة تقر الموازنة\nأقرت الحكومة اليوم الموازنة.";
        let c = clean(text, Some("الحكومة تُقرّ الموازنة"), false);
        assert_eq!(c.boilerplate.len(), 1);
        assert_eq!(c.boilerplate[0].reason, BoilerplateReason::TitleRepeated);
    }

    #[test]
    fn sentences_starting_with_a_phrase_word_are_kept() {
        let text = "شارك الرئيس في القمة التي عقدت في الرياض.\nالمزيد من التفاصيل لاحقا في نشرتنا.";
        let (_, body, bp) = run(text, false);
        assert_eq!(body.len(), 2);
        assert!(bp.is_empty());
    }
}
