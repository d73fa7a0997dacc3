//! Tagging a document's text layer into entity mentions.
//!
//! The tagger labels whole words, as ANERcorp does; a mention is then cut to the name
//! itself: conjunctions and prepositions glued to its first word are left out
//! (وموسكو → موسكو; the article stays: الولايات المتحدة), a pronoun suffix on its last
//! word too, and titles are never part of a person's span: «الرئيس الروسي فلاديمير
//! بوتين» gives the mention «فلاديمير بوتين» with the role «الرئيس الروسي».

use std::ops::Range;

use marsad_core::EntityKind;
use marsad_text::{Lexicon, TextLayer, Token, TokenKind};

use super::features::{TITLE, WordInfo, phrase_marks};
use super::labels::{Span, spans};
use super::model::NerModel;

/// Words (stems, `Key` form) that are titles or offices preceding a person's name.
#[rustfmt::skip]
pub const TITLE_WORDS: &[&str] = &[
    "رئيس", "رييس", "رئيسه", "رييسه", "وزير", "وزيره", "ملك", "ملكه", "امير", "اميره", "شيخ", "شيخه", "سيد", "سيده",
    "مستشار", "مستشاره", "نائب", "زعيم", "زعيمه", "قائد", "متحدث", "متحدثه", "ناطق", "ناطقه", "سفير", "سفيره",
    "جنرال", "لواء", "عقيد", "عميد", "مشير", "فريق", "مدير", "مديره", "امين", "سكرتير", "مبعوث", "مبعوثه",
    "مندوب", "مندوبه", "دكتور", "دكتوره", "مرشد", "حاكم", "محافظ", "عمده", "مفوض", "مفوضه", "قاضي", "بابا",
    "امام", "مفتي", "اميرال", "كاردينال", "بطريرك", "ولي", "عاهل", "مساعد", "مساعده", "منسق", "ممثل", "ممثله",
    "النائب", "السيناتور", "سيناتور", "المستشاره",
];

/// Words that extend a title («الرئيس الروسي», «وزير الخارجية», «رئيس وزراء»).
#[rustfmt::skip]
const OFFICE_WORDS: &[&str] = &[
    "وزراء", "خارجيه", "دفاع", "داخليه", "عام", "عامه", "اعلي", "اعلى", "اول", "سابق", "سابقه", "حالي",
    "منتخب", "مكلف", "اركان", "جمهوريه", "حكومه", "دوله", "مجلس", "عهد", "شوري", "نواب", "برلمان", "حزب",
    "اعلام", "ماليه", "اقتصاد", "صحه", "عدل", "تعليم", "نفط", "طاقه", "مالية",
];

/// An entity mention in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub kind: EntityKind,
    /// Code-point range in the original text.
    pub start: usize,
    pub end: usize,
    /// The original text of the span.
    pub text: String,
    /// The span's normalised (`Clean`) text, for linking.
    pub clean: String,
    /// For a person: the title before the name as written (`الرئيس الروسي`).
    pub role: Option<String>,
    /// Token indices of the span in the text layer.
    pub tokens: Range<usize>,
    /// Index of the sentence in the text layer.
    pub sentence: usize,
}

fn is_title(w: &WordInfo) -> bool {
    w.names & TITLE != 0 || TITLE_WORDS.contains(&w.stem())
}

/// A nisba adjective with the article (الروسي، الأمريكية) or an office word.
fn extends_title(w: &WordInfo) -> bool {
    let stem = w.stem();
    OFFICE_WORDS.contains(&stem)
        || (w.prefix().ends_with("ال") && stem.chars().count() >= 3 && (stem.ends_with('ي') || stem.ends_with("يه")))
}

/// Maps code-point offsets of a text to byte offsets.
pub struct CharIndex {
    bytes: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    pub fn slice<'t>(&self, text: &'t str, chars: Range<usize>) -> &'t str {
        let at = |c: usize| self.bytes.get(c).copied().unwrap_or(text.len());
        text.get(at(chars.start)..at(chars.end.max(chars.start))).unwrap_or("")
    }
}

/// Finds the entity mentions of a document. `original` is the text the layer was made
/// from; offsets count its code points.
pub fn find_mentions(model: &NerModel, layer: &TextLayer, original: &str, lexicon: &Lexicon) -> Vec<Mention> {
    let index = CharIndex::new(original);
    let text = layer.text();
    let mut out = Vec::new();
    let sentence_words: Vec<Vec<WordInfo>> = layer
        .sentences
        .iter()
        .map(|sentence| {
            layer
                .sentence_tokens(sentence)
                .iter()
                .map(|t| {
                    WordInfo::from_token(
                        t.text(text),
                        t.kind,
                        t.seg,
                        lexicon,
                        Some(&model.clusters),
                        Some(&model.names),
                    )
                })
                .collect()
        })
        .collect();
    let sentence_labels = model.tag_document(&sentence_words);
    for (sentence_index, ((sentence, words), labels)) in
        layer.sentences.iter().zip(&sentence_words).zip(&sentence_labels).enumerate()
    {
        let first = sentence.tokens.start as usize;
        let tokens = layer.sentence_tokens(sentence);
        for span in extend_to_known_names(spans(labels), &phrase_marks(words, &model.names)) {
            let mut start = span.start;
            // Titles are not part of a name (the tagger rarely includes them; be sure).
            if span.kind == EntityKind::Person {
                while start + 1 < span.end
                    && (is_title(&words[start]) || (start > span.start && extends_title(&words[start])))
                {
                    start += 1;
                }
            }
            if start >= span.end {
                continue;
            }
            let role = if span.kind == EntityKind::Person { role_before(words, tokens, labels, start) } else { None };
            let (first_tok, last_tok) = (&tokens[start], &tokens[span.end - 1]);
            let (char_start, byte_start) = after_proclitics(first_tok, &words[start]);
            let (char_end, byte_end) = before_enclitic(last_tok, start == span.end - 1, char_start);
            if char_end <= char_start {
                continue;
            }
            let original_range = layer.normalized.original_range(char_start..char_end);
            let role_text = role.map(|r| {
                let range = layer.normalized.original_range(
                    after_proclitics(&tokens[r.start], &words[r.start]).0..tokens[r.end - 1].char_end as usize,
                );
                index.slice(original, range).to_string()
            });
            out.push(Mention {
                kind: span.kind,
                start: original_range.start,
                end: original_range.end,
                text: index.slice(original, original_range.clone()).to_string(),
                clean: text.get(byte_start..byte_end).unwrap_or("").to_string(),
                role: role_text,
                tokens: first + start..first + span.end,
                sentence: sentence_index,
            });
        }
    }
    out
}

/// A tagged span that covers part of a known multi-word name grows to the whole name
/// («ناجورنو» of «ناجورنو قره باغ»), taking the name's kind when it was MISC.
fn extend_to_known_names(spans: Vec<Span>, marks: &[u8]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut span in spans {
        // The known name around the span's first word: back to its first word, on to its last.
        let mut start = span.start;
        while start > 0 && marks[start].is_multiple_of(2) && marks[start] != 0 {
            start -= 1;
        }
        if marks[start] % 2 == 1 {
            let mut end = start + 1;
            while end < marks.len() && marks[end] == marks[start] + 1 {
                end += 1;
            }
            if end - start >= 2 && end >= span.end {
                if span.kind == EntityKind::Misc {
                    span.kind = EntityKind::ALL[(marks[start] as usize - 1) / 2];
                }
                span.start = start;
                span.end = end;
            }
        }
        match out.last_mut() {
            Some(last) if last.end > span.start => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// The title words just before a person's name: a run of titles, office words,
/// nisba adjectives and place names that starts with a title.
fn role_before(words: &[WordInfo], tokens: &[Token], labels: &[super::Label], start: usize) -> Option<Range<usize>> {
    let mut from = start;
    while from > 0 && start - from < 6 {
        let w = &words[from - 1];
        let place = labels[from - 1].kind() == Some(EntityKind::Location);
        if tokens[from - 1].kind != TokenKind::Arabic || !(is_title(w) || extends_title(w) || place) {
            break;
        }
        from -= 1;
    }
    // The role starts at its first title word.
    while from < start && !is_title(&words[from]) {
        from += 1;
    }
    (from < start).then_some(from..start)
}

/// Where a name starts inside its first token: after و ف ب ك ل (the article stays), or
/// after the whole لل (ل + ال, whose alef is not written). Returns (char, byte) positions
/// in the normalised text.
fn after_proclitics(token: &Token, word: &WordInfo) -> (usize, usize) {
    let prefix_chars = token.seg.prefix as usize;
    if prefix_chars == 0 {
        return (token.char_start as usize, token.start as usize);
    }
    let keep_article = word.prefix().ends_with("ال") && !word.prefix().ends_with("لل");
    let strip = if keep_article { prefix_chars - 2 } else { prefix_chars };
    // Arabic letters are two bytes in UTF-8.
    (token.char_start as usize + strip, token.start as usize + 2 * strip)
}

/// Where a name ends inside its last token: before a pronoun suffix.
fn before_enclitic(token: &Token, same_as_first: bool, char_start: usize) -> (usize, usize) {
    let suffix = token.seg.suffix as usize;
    let (char_end, byte_end) = (token.char_end as usize - suffix, token.end as usize - 2 * suffix);
    if same_as_first && char_end <= char_start {
        return (token.char_end as usize, token.end as usize);
    }
    (char_end, byte_end)
}
