//! Sentence splitting over tokens.
//!
//! A sentence ends at a line break, or after `.`, `!`, `?`, `؟`, `…` (and any closing
//! quotes or brackets right after it), except
//! - inside a quotation whose closing mark comes later in the same paragraph
//!   («… الدبلوماسي. لا أستطيع …» stays one sentence; an opening mark that is never
//!   closed, common on real pages, does not swallow the rest of the paragraph);
//! - after an abbreviation: a single letter glued to the dot (د. ، م. ، U.S.).
//!
//! The Arabic comma ، and semicolon ؛ separate clauses, not sentences. A sentence that
//! runs past [`MAX_SENTENCE_TOKENS`] is cut there, so no input makes one unbounded.

use std::ops::Range;

use crate::tokens::{Token, TokenKind};

/// Longest sentence, in tokens, before a forced cut.
pub const MAX_SENTENCE_TOKENS: usize = 400;

/// A sentence: a range of tokens and the text it covers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sentence {
    /// Byte range in the normalised text.
    pub start: u32,
    pub end: u32,
    /// Character range in the normalised text.
    pub char_start: u32,
    pub char_end: u32,
    /// Index range into the token list.
    pub tokens: Range<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    Open(char),
    Close(char),
    /// `"` and `'`-like marks that open or close depending on context.
    Either(char),
}

fn quote_of(text: &str) -> Option<Quote> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '«' | '“' | '‹' | '„' | '‟' | '〝' | '(' | '[' | '{' => Quote::Open(c),
        '»' | '”' | '›' | '〞' | ')' | ']' | '}' => Quote::Close(c),
        '"' | '″' | '＂' => Quote::Either(c),
        _ => return None,
    })
}

fn closes(open: char, close: char) -> bool {
    matches!(
        (open, close),
        ('«', '»') | ('“', '”') | ('‹', '›') | ('„', '“' | '”') | ('‟', '”') | ('〝', '〞') | ('(', ')') | ('[', ']') | ('{', '}')
    ) || (open == close && matches!(open, '"' | '″' | '＂'))
}

/// Marks, for each token of one paragraph, whether it lies strictly inside a paired
/// quotation or bracket. Unpaired marks are ignored.
fn inside_pairs(text: &str, tokens: &[Token], inside: &mut Vec<bool>) {
    inside.clear();
    inside.resize(tokens.len(), false);
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Punct {
            continue;
        }
        match quote_of(t.text(text)) {
            Some(Quote::Open(c)) => stack.push((c, i)),
            Some(Quote::Close(c)) => {
                // Close the nearest matching opener; openers above it were never closed.
                if let Some(pos) = stack.iter().rposition(|&(o, _)| closes(o, c)) {
                    let (_, at) = stack[pos];
                    stack.truncate(pos);
                    inside[at + 1..i].iter_mut().for_each(|x| *x = true);
                }
            }
            Some(Quote::Either(c)) => {
                if let Some(pos) = stack.iter().rposition(|&(o, _)| o == c) {
                    let (_, at) = stack[pos];
                    stack.truncate(pos);
                    inside[at + 1..i].iter_mut().for_each(|x| *x = true);
                } else {
                    stack.push((c, i));
                }
            }
            None => {}
        }
    }
}

fn is_closing_mark(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && matches!(quote_of(t.text(text)), Some(Quote::Close(_) | Quote::Either(_)))
}

/// A dot glued to a single letter: د. م. هـ. U.S.
fn is_abbreviation_dot(text: &str, tokens: &[Token], i: usize) -> bool {
    if tokens[i].text(text) != "." || i == 0 {
        return false;
    }
    let prev = &tokens[i - 1];
    if prev.end != tokens[i].start {
        return false;
    }
    let word = prev.text(text);
    let letters = word.chars().count();
    match prev.kind {
        TokenKind::Arabic => letters == 1,
        TokenKind::Latin => letters == 1 && word.chars().all(|c| c.is_uppercase()),
        _ => false,
    }
}

/// Splits tokens of `text` into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::with_capacity(tokens.len() / 20 + 1);
    let mut inside = Vec::new();
    let mut para_start = 0;
    while para_start < tokens.len() {
        let mut para_end = para_start + 1;
        while para_end < tokens.len() && !tokens[para_end].newline_before {
            para_end += 1;
        }
        let para = &tokens[para_start..para_end];
        inside_pairs(text, para, &mut inside);
        let mut sent_start = 0;
        let mut i = 0;
        while i < para.len() {
            let mut cut = None;
            if para[i].is_terminator(text) && !inside[i] && !is_abbreviation_dot(text, para, i) {
                let mut j = i + 1;
                while j < para.len() && is_closing_mark(text, &para[j]) && para[j].start == para[j - 1].end {
                    j += 1;
                }
                cut = Some(j);
            } else if is_closing_mark(text, &para[i])
                && i > 0
                && para[i - 1].is_terminator(text)
                && !inside[i]
                && (i + 1 == para.len() || !is_closing_mark(text, &para[i + 1]))
            {
                // «… المزيد.» : the dot was inside the quotation; the sentence ends after it.
                cut = Some(i + 1);
            } else if i + 1 - sent_start >= MAX_SENTENCE_TOKENS {
                cut = Some(i + 1);
            }
            match cut {
                Some(j) if j < para.len() => {
                    sentences.push(make(para, para_start, sent_start, j));
                    sent_start = j;
                    i = j;
                }
                _ => i += 1,
            }
        }
        if sent_start < para.len() {
            sentences.push(make(para, para_start, sent_start, para.len()));
        }
        para_start = para_end;
    }
    sentences
}

fn make(para: &[Token], offset: usize, from: usize, to: usize) -> Sentence {
    let first = &para[from];
    let last = &para[to - 1];
    Sentence {
        start: first.start,
        end: last.end,
        char_start: first.char_start,
        char_end: last.char_end,
        tokens: (offset + from) as u32..(offset + to) as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn split(text: &str) -> Vec<&str> {
        let tokens = tokenize(text, None);
        split_sentences(text, &tokens).iter().map(|s| &text[s.start as usize..s.end as usize]).collect()
    }

    #[test]
    fn splits_on_final_marks_not_commas() {
        assert_eq!(
            split("وصل الوفد إلى جنيف، ثم غادر. هل تنجح المحادثات؟ نعم!"),
            vec!["وصل الوفد إلى جنيف، ثم غادر.", "هل تنجح المحادثات؟", "نعم!"]
        );
    }

    #[test]
    fn lines_are_boundaries() {
        assert_eq!(split("عنوان بلا نقطة\nنص الخبر."), vec!["عنوان بلا نقطة", "نص الخبر."]);
    }

    #[test]
    fn keeps_a_closed_quotation_whole() {
        let text = "وقال المتحدث: «العمل مستمر. لا نستطيع قول المزيد». وغادر القاعة.";
        assert_eq!(
            split(text),
            vec!["وقال المتحدث: «العمل مستمر. لا نستطيع قول المزيد».", "وغادر القاعة."]
        );
    }

    #[test]
    fn ends_after_a_dot_inside_a_closing_quote() {
        assert_eq!(split("قال «انتهى الأمر.» ثم صمت."), vec!["قال «انتهى الأمر.»", "ثم صمت."]);
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_paragraph() {
        assert_eq!(
            split("قال «لن نتراجع. ثم انصرف. وعاد."),
            vec!["قال «لن نتراجع.", "ثم انصرف.", "وعاد."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(split("التقى د. سمير بالوفد. وانتهى اللقاء."), vec!["التقى د. سمير بالوفد.", "وانتهى اللقاء."]);
    }

    #[test]
    fn very_long_runs_are_cut() {
        let text = "كلمة ".repeat(1000);
        let s = split(&text);
        assert_eq!(s.len(), 3);
    }
}
