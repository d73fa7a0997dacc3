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

use crate::tokens::{PunctRole, Token, TokenKind};

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

fn closes(open: char, close: char) -> bool {
    matches!(
        (open, close),
        ('«', '»')
            | ('“', '”')
            | ('‹', '›')
            | ('„', '“' | '”')
            | ('‟', '”')
            | ('〝', '〞')
            | ('(', ')')
            | ('[', ']')
            | ('{', '}')
    ) || (open == close && matches!(open, '"' | '″' | '＂'))
}

fn is_bracket(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '{' | '}')
}

/// The token ranges strictly inside a paired quotation mark (not a bracket), sorted and
/// merged: reported speech, whose «اليوم» is the speaker's day. Same pairing rules as the
/// sentence splitter's.
pub fn quotation_ranges(text: &str, tokens: &[Token]) -> Vec<Range<u32>> {
    paired_ranges(text, tokens, |c| !is_bracket(c))
}

/// The token ranges strictly inside a paired quotation or bracket, sorted and merged.
fn quoted_ranges(text: &str, tokens: &[Token]) -> Vec<Range<u32>> {
    paired_ranges(text, tokens, |_| true)
}

/// The token ranges strictly inside a pair of the marks `accept` lets through, sorted and
/// merged. Pairs never span a line break; unpaired marks are ignored. Linear in the tokens
/// (and n log n in the marks), however the marks nest or fail to close.
fn paired_ranges(text: &str, tokens: &[Token], accept: impl Fn(char) -> bool) -> Vec<Range<u32>> {
    let mut stack: Vec<(char, u32)> = Vec::new();
    let mut ranges: Vec<Range<u32>> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.newline_before {
            stack.clear();
        }
        if !matches!(t.role, PunctRole::Open | PunctRole::Close | PunctRole::Either) {
            continue;
        }
        let c = t.text(text).chars().next().unwrap_or(' ');
        if !accept(c) {
            continue;
        }
        let i = i as u32;
        let opener = match t.role {
            PunctRole::Open => None,
            // Close the nearest matching opener; openers above it were never closed.
            PunctRole::Close => stack.iter().rposition(|&(o, _)| closes(o, c)),
            _ => stack.iter().rposition(|&(o, _)| o == c),
        };
        match opener {
            Some(pos) => {
                let at = stack[pos].1;
                stack.truncate(pos);
                if at + 1 < i {
                    ranges.push(at + 1..i);
                }
            }
            None if t.role == PunctRole::Close => {}
            None => stack.push((c, i)),
        }
    }
    ranges.sort_unstable_by_key(|r| r.start);
    let mut merged: Vec<Range<u32>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

fn is_closing_mark(t: &Token) -> bool {
    matches!(t.role, PunctRole::Close | PunctRole::Either)
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
    let n = tokens.len();
    let mut sentences = Vec::with_capacity(n / 20 + 1);
    let quoted = quoted_ranges(text, tokens);
    let mut q = 0; // the first quoted range that does not end before the current token
    let mut inside = |i: usize| {
        while q < quoted.len() && quoted[q].end as usize <= i {
            q += 1;
        }
        q < quoted.len() && quoted[q].start as usize <= i
    };
    // Is token `j` still in the paragraph of the token before it?
    let same_paragraph = |j: usize| j < n && !tokens[j].newline_before;
    let mut sent_start = 0;
    let mut i = 0;
    while i < n {
        if i > sent_start && tokens[i].newline_before {
            sentences.push(make(tokens, sent_start, i));
            sent_start = i;
        }
        let t = &tokens[i];
        let mut cut = None;
        if t.is_terminator() && !inside(i) && !is_abbreviation_dot(text, tokens, i) {
            let mut j = i + 1;
            while same_paragraph(j) && is_closing_mark(&tokens[j]) && tokens[j].start == tokens[j - 1].end {
                j += 1;
            }
            cut = Some(j);
        } else if is_closing_mark(t)
            && i > sent_start
            && tokens[i - 1].is_terminator()
            && !inside(i)
            && !(same_paragraph(i + 1) && is_closing_mark(&tokens[i + 1]))
        {
            // «… المزيد.» : the dot was inside the quotation; the sentence ends after it.
            cut = Some(i + 1);
        } else if i + 1 - sent_start >= MAX_SENTENCE_TOKENS {
            cut = Some(i + 1);
        }
        match cut {
            Some(j) if same_paragraph(j) => {
                sentences.push(make(tokens, sent_start, j));
                sent_start = j;
                i = j;
            }
            Some(j) => i = j,
            None => i += 1,
        }
    }
    if sent_start < n {
        sentences.push(make(tokens, sent_start, n));
    }
    sentences
}

fn make(tokens: &[Token], from: usize, to: usize) -> Sentence {
    let first = &tokens[from];
    let last = &tokens[to - 1];
    Sentence {
        start: first.start,
        end: last.end,
        char_start: first.char_start,
        char_end: last.char_end,
        tokens: from as u32..to as u32,
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
        assert_eq!(split(text), vec!["وقال المتحدث: «العمل مستمر. لا نستطيع قول المزيد».", "وغادر القاعة."]);
    }

    #[test]
    fn ends_after_a_dot_inside_a_closing_quote() {
        assert_eq!(split("قال «انتهى الأمر.» ثم صمت."), vec!["قال «انتهى الأمر.»", "ثم صمت."]);
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_paragraph() {
        assert_eq!(split("قال «لن نتراجع. ثم انصرف. وعاد."), vec!["قال «لن نتراجع.", "ثم انصرف.", "وعاد."]);
    }

    #[test]
    fn quotation_ranges_leave_brackets_out() {
        let text = "أعلن المجلس (في بيان) أن «الانسحاب اكتمل اليوم» وأضاف \"لا تراجع\".";
        let tokens = tokenize(text, None);
        let inside: Vec<String> = quotation_ranges(text, &tokens)
            .iter()
            .map(|r| {
                tokens[r.start as usize..r.end as usize].iter().map(|t| t.text(text)).collect::<Vec<_>>().join(" ")
            })
            .collect();
        assert_eq!(inside, vec!["الانسحاب اكتمل اليوم", "لا تراجع"]);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(split("التقى د. سمير بالوفد. وانتهى اللقاء."), vec!["التقى د. سمير بالوفد.", "وانتهى اللقاء."]);
    }

    #[test]
    fn nested_and_unbalanced_marks_stay_linear() {
        // Deeply nested marks: no quadratic work, and the pairing still keeps the quoted
        // sentence whole.
        let text = format!("{}نص. آخر{}. بعده.", "«".repeat(150), "»".repeat(150));
        let s = split(&text);
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn very_long_runs_are_cut() {
        let text = "كلمة ".repeat(1000);
        let s = split(&text);
        assert_eq!(s.len(), 3);
    }
}
