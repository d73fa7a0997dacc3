//! A document prepared for the extractors: per token its Key spelling, its senses in the
//! ontology, its paragraph, the entity mention and temporal expression it is part of.

use std::ops::Range;

use marsad_text::normalize::clean_to_key;
use marsad_text::{PunctRole, Token, TokenKind};

use crate::DocInput;
use crate::ontology::{Ontology, Sense};

/// One token's facts.
#[derive(Clone, Debug, Default)]
pub struct TokInfo {
    pub key: String,
    pub senses: Vec<(Sense, u8)>,
    pub paragraph: u32,
    pub sentence: u32,
    /// Index of the entity mention this token is part of.
    pub entity: Option<u32>,
    /// Index of the temporal expression this token is part of.
    pub timex: Option<u32>,
}

/// The prepared document.
pub struct Prepared<'a> {
    pub input: &'a DocInput<'a>,
    pub ontology: &'a Ontology,
    pub info: Vec<TokInfo>,
    /// Byte offset of each code point of the original text, and its length at the end.
    char_bytes: Vec<u32>,
}

impl<'a> Prepared<'a> {
    pub fn new(ontology: &'a Ontology, input: &'a DocInput<'a>) -> Prepared<'a> {
        let layer = input.layer;
        let text = layer.text();
        let mut char_bytes: Vec<u32> = input.text.char_indices().map(|(i, _)| i as u32).collect();
        char_bytes.push(input.text.len() as u32);
        let mut info: Vec<TokInfo> = Vec::with_capacity(layer.tokens.len());
        let mut paragraph = 0u32;
        for (i, tok) in layer.tokens.iter().enumerate() {
            if tok.newline_before && i > 0 {
                paragraph += 1;
            }
            let key = if tok.kind == TokenKind::Arabic { clean_to_key(tok.text(text)) } else { String::new() };
            let mut senses = Vec::new();
            ontology.senses_of(&key, &mut senses);
            info.push(TokInfo { key, senses, paragraph, ..TokInfo::default() });
        }
        for (s, sentence) in layer.sentences.iter().enumerate() {
            for t in sentence.tokens.start..sentence.tokens.end {
                if let Some(ti) = info.get_mut(t as usize) {
                    ti.sentence = s as u32;
                }
            }
        }
        // Entity mentions and timexes onto tokens (both in text order: one merge each).
        let originals: Vec<Range<usize>> = layer.tokens.iter().map(|t| layer.token_original(t)).collect();
        let mut t = 0;
        for (m, mention) in input.entities.iter().enumerate() {
            while t < originals.len() && originals[t].end <= mention.start {
                t += 1;
            }
            let mut u = t;
            while u < originals.len() && originals[u].start < mention.end {
                info[u].entity = Some(m as u32);
                u += 1;
            }
        }
        let mut t = 0;
        for (x, timex) in input.timex.iter().enumerate() {
            while t < originals.len() && originals[t].end <= timex.start {
                t += 1;
            }
            let mut u = t;
            while u < originals.len() && originals[u].start < timex.end {
                info[u].timex = Some(x as u32);
                u += 1;
            }
        }
        Prepared { input, ontology, info, char_bytes }
    }

    pub fn tokens(&self) -> &[Token] {
        &self.input.layer.tokens
    }

    pub fn has(&self, t: usize, f: impl Fn(Sense) -> bool) -> bool {
        self.info.get(t).is_some_and(|i| i.senses.iter().any(|&(s, _)| f(s)))
    }

    /// The original code-point range of tokens `from..to` (exclusive; empty when `to <= from`).
    pub fn original(&self, from: usize, to: usize) -> Range<usize> {
        if to <= from || to > self.tokens().len() {
            return 0..0;
        }
        let layer = self.input.layer;
        let a = layer.token_original(&layer.tokens[from]);
        let b = layer.token_original(&layer.tokens[to - 1]);
        a.start..b.end.max(a.start)
    }

    /// The original text of a code-point range.
    pub fn slice(&self, range: Range<usize>) -> String {
        let n = self.char_bytes.len() - 1;
        let (s, e) = (range.start.min(n), range.end.min(n));
        if e <= s {
            return String::new();
        }
        self.input.text[self.char_bytes[s] as usize..self.char_bytes[e] as usize].to_string()
    }

    /// The original text of tokens `from..to`.
    pub fn text_of(&self, from: usize, to: usize) -> String {
        self.slice(self.original(from, to))
    }

    /// Is token `t` a punctuation mark that ends a clause (، , ; :) or a sentence?
    pub fn is_clause_break(&self, t: usize) -> bool {
        let Some(tok) = self.tokens().get(t) else { return true };
        if tok.kind != TokenKind::Punct {
            return false;
        }
        if tok.role == PunctRole::Final {
            return true;
        }
        matches!(tok.text(self.input.layer.text()), "،" | "," | "؛" | ";" | ":")
    }

    /// Is token `t` a quotation mark?
    pub fn quote_mark(&self, t: usize) -> Option<char> {
        let tok = self.tokens().get(t)?;
        if tok.kind != TokenKind::Punct {
            return None;
        }
        let c = tok.text(self.input.layer.text()).chars().next()?;
        matches!(c, '«' | '»' | '“' | '”' | '‹' | '›' | '"' | '„' | '″' | '＂' | '‟').then_some(c)
    }

    /// The token range of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> Range<usize> {
        self.input.layer.sentences.get(s).map_or(0..0, |x| x.tokens.start as usize..x.tokens.end as usize)
    }

    /// The Clean text of a token.
    pub fn clean(&self, t: usize) -> &str {
        self.tokens().get(t).map_or("", |tok| tok.text(self.input.layer.text()))
    }
}
