//! Tagging a document's text layer into entity mentions.
//!
//! The tagger labels whole words, as ANERcorp does; its spans go through the span rules
//! ([`super::rules`]), then a mention is cut to the name itself: conjunctions and
//! prepositions glued to its first word are left out (وموسكو → موسكو; the article stays:
//! الولايات المتحدة) unless the whole word is a known name (وانغ), a pronoun suffix on its
//! last word too (a third-person one; ي only when what is left is a known name: كوتري
//! stays), and titles are never part of a person's span: «الرئيس الروسي فلاديمير بوتين»
//! gives the mention «فلاديمير بوتين» with the role «الرئيس الروسي».

use std::ops::Range;

use marsad_core::EntityKind;
use marsad_link::Gazetteer;
use marsad_text::{Lexicon, TextLayer, Token, TokenKind};

use super::features::{TITLE, WordInfo};
use super::model::NerModel;
use super::rules::{RuleSet, RuleWord, SpanRules, labels_of};

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

pub(crate) fn is_title(w: &WordInfo) -> bool {
    // Without the article سيد is a given name (سيد قطب), with it a courtesy title.
    if matches!(w.stem(), "سيد" | "سيده") && !w.prefix().ends_with("ال") {
        return false;
    }
    w.names & TITLE != 0 || TITLE_WORDS.contains(&w.stem())
}

/// A nisba adjective with the article (الروسي، الأمريكية) or an office word.
pub(crate) fn extends_title(w: &WordInfo) -> bool {
    OFFICE_WORDS.contains(&w.stem()) || nisba_with_article(w)
}

/// An adjective with the article ending in ي / ية (الصيني، الروسية), also when the
/// segmenter left the article on (الأرميني, rare in its lexicon).
pub(crate) fn nisba_with_article(w: &WordInfo) -> bool {
    let stem = if w.prefix().ends_with("ال") {
        w.stem()
    } else {
        match w.stem().strip_prefix("ال") {
            Some(rest) if w.prefix().is_empty() && rest.chars().count() >= 3 => rest,
            _ => return false,
        }
    };
    stem.chars().count() >= 3 && (stem.ends_with('ي') || stem.ends_with("يه"))
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

/// The tagger's reading of a sentence's tokens (of the layer whose normalised text is `text`).
pub fn words_of(model: &NerModel, lexicon: &Lexicon, text: &str, tokens: &[Token]) -> Vec<WordInfo> {
    tokens
        .iter()
        .map(|t| WordInfo::from_token(t.text(text), t.kind, t.seg, lexicon, Some(&model.clusters), Some(&model.names)))
        .collect()
}

/// Finds the entity mentions of a document. `original` is the text the layer was made
/// from; offsets count its code points. The tagger's spans go through the default
/// [`SpanRules`] (gazetteer and lexicon checks) before they are cut to names.
pub fn find_mentions(
    model: &NerModel,
    layer: &TextLayer,
    original: &str,
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
) -> Vec<Mention> {
    let rules = SpanRules { gazetteer, lexicon, names: &model.names, enabled: RuleSet::DEFAULT };
    let index = CharIndex::new(original);
    let text = layer.text();
    let mut out = Vec::new();
    let sentence_tokens: Vec<&[Token]> = layer.sentences.iter().map(|s| layer.sentence_tokens(s)).collect();
    let sentence_words: Vec<Vec<WordInfo>> =
        sentence_tokens.iter().map(|tokens| words_of(model, lexicon, text, tokens)).collect();
    let rule_words: Vec<Vec<RuleWord>> = sentence_tokens
        .iter()
        .map(|tokens| tokens.iter().map(|t| RuleWord::from_token(t.text(text), t.kind, t.seg)).collect())
        .collect();
    let sentence_labels = model.tag_document(&sentence_words);
    let sentence_spans = rules.refine(&sentence_words, &rule_words, &sentence_labels);
    for (sentence_index, (((sentence, words), rwords), spans)) in
        layer.sentences.iter().zip(&sentence_words).zip(&rule_words).zip(&sentence_spans).enumerate()
    {
        let first = sentence.tokens.start as usize;
        let tokens = sentence_tokens[sentence_index];
        let labels = labels_of(words.len(), spans);
        for span in spans {
            let (start, end) = (span.start, span.end);
            let role = if span.kind == EntityKind::Person { role_before(words, tokens, &labels, start) } else { None };
            let (first_tok, last_tok) = (&tokens[start], &tokens[end - 1]);
            let lead = rules.lead(&rwords[start]);
            let (char_start, byte_start) = (first_tok.char_start as usize + lead, first_tok.start as usize + 2 * lead);
            let tail = rules.tail(&rwords[end - 1]);
            let (mut char_end, mut byte_end) = (last_tok.char_end as usize - tail, last_tok.end as usize - 2 * tail);
            if char_end <= char_start {
                (char_end, byte_end) = (last_tok.char_end as usize, last_tok.end as usize);
            }
            if char_end <= char_start {
                continue;
            }
            let original_range = layer.normalized.original_range(char_start..char_end);
            let role_text = role.map(|r| {
                let lead = rules.lead(&rwords[r.start]);
                let range = layer
                    .normalized
                    .original_range(tokens[r.start].char_start as usize + lead..tokens[r.end - 1].char_end as usize);
                index.slice(original, range).to_string()
            });
            out.push(Mention {
                kind: span.kind,
                start: original_range.start,
                end: original_range.end,
                text: index.slice(original, original_range.clone()).to_string(),
                clean: text.get(byte_start..byte_end).unwrap_or("").to_string(),
                role: role_text,
                tokens: first + start..first + end,
                sentence: sentence_index,
            });
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
