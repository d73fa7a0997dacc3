//! The query language: words, "quoted phrases", AND / OR / NOT, `+word` and `-word`,
//! parentheses. Words next to each other must all match (AND is the default); OR binds
//! looser than AND; `-x` and `NOT x` exclude. The operators are the Latin capitals
//! AND, OR, NOT (and `|` for OR): Arabic has no unambiguous operator words (و and أو are
//! ordinary words of a query).
//!
//! The parser never fails on what a person may type: an unclosed quotation mark or
//! parenthesis closes at the end, a stray `)` or a dangling operator is ignored. It only
//! refuses what no person types: more than [`MAX_QUERY_CHARS`] characters or more than
//! [`MAX_DEPTH`] nested parentheses. It runs in time linear in the query.

use crate::IndexError;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Deepest nesting of parentheses accepted.
pub const MAX_DEPTH: usize = 16;

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "op", content = "args", rename_all = "snake_case")]
pub enum Node {
    /// One word as typed.
    Word(String),
    /// Words that must appear in this order, next to each other.
    Phrase(Vec<String>),
    /// Every part must match (the parts that are `Not` must not).
    And(Vec<Node>),
    /// At least one part must match.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Lex {
    Word(String),
    Phrase(Vec<String>),
    Open,
    Close,
    And,
    Or,
    Not,
    Plus,
    Minus,
}

fn lex(query: &str) -> Vec<Lex> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    // Whether the previous character was whitespace or an opening (so that `-` starts
    // an exclusion and is not the hyphen of a word).
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                at_start = true;
                continue;
            }
            '"' | '«' | '»' | '“' | '”' => {
                let mut phrase = String::new();
                for d in chars.by_ref() {
                    if matches!(d, '"' | '»' | '”' | '«' | '“') {
                        break;
                    }
                    phrase.push(d);
                }
                out.push(Lex::Phrase(phrase.split_whitespace().map(str::to_string).collect()));
            }
            '(' => out.push(Lex::Open),
            ')' => out.push(Lex::Close),
            '|' => out.push(Lex::Or),
            '+' if at_start => out.push(Lex::Plus),
            '-' if at_start => out.push(Lex::Minus),
            _ => {
                let mut word = String::from(c);
                while let Some(&d) = chars.peek() {
                    if d.is_whitespace() || matches!(d, '"' | '«' | '»' | '“' | '”' | '(' | ')' | '|') {
                        break;
                    }
                    word.push(d);
                    chars.next();
                }
                out.push(match word.as_str() {
                    "AND" | "&&" => Lex::And,
                    "OR" => Lex::Or,
                    "NOT" => Lex::Not,
                    _ => Lex::Word(word),
                });
            }
        }
        at_start = matches!(out.last(), Some(Lex::Open | Lex::Plus | Lex::Minus | Lex::Not));
    }
    out
}

struct Parser {
    lexes: Vec<Lex>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.lexes.get(self.at)
    }

    /// or := and (OR and)*
    fn or(&mut self, depth: usize) -> Result<Option<Node>, IndexError> {
        let mut parts = Vec::new();
        parts.extend(self.and(depth)?);
        while self.peek() == Some(&Lex::Or) {
            self.at += 1;
            parts.extend(self.and(depth)?);
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::Or(parts)),
        })
    }

    /// and := unary (AND? unary)*
    fn and(&mut self, depth: usize) -> Result<Option<Node>, IndexError> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None | Some(Lex::Or) => break,
                Some(Lex::Close) if depth > 0 => break,
                Some(Lex::Close | Lex::And | Lex::Plus) => self.at += 1,
                _ => parts.extend(self.unary(depth)?),
            }
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::And(parts)),
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Option<Node>, IndexError> {
        match self.peek() {
            Some(Lex::Minus | Lex::Not) => {
                self.at += 1;
                Ok(self.unary(depth)?.map(|n| match n {
                    Node::Not(inner) => *inner,
                    other => Node::Not(Box::new(other)),
                }))
            }
            _ => self.primary(depth),
        }
    }

    fn primary(&mut self, depth: usize) -> Result<Option<Node>, IndexError> {
        let Some(lex) = self.lexes.get(self.at).cloned() else { return Ok(None) };
        self.at += 1;
        Ok(match lex {
            Lex::Word(w) => Some(Node::Word(w)),
            Lex::Phrase(words) if words.is_empty() => None,
            Lex::Phrase(mut words) if words.len() == 1 => words.pop().map(Node::Word),
            Lex::Phrase(words) => Some(Node::Phrase(words)),
            Lex::Open => {
                if depth + 1 > MAX_DEPTH {
                    return Err(IndexError::Query(format!("more than {MAX_DEPTH} nested parentheses")));
                }
                let inner = self.or(depth + 1)?;
                if self.peek() == Some(&Lex::Close) {
                    self.at += 1;
                }
                inner
            }
            // A dangling operator: ignored.
            Lex::Close | Lex::And | Lex::Or | Lex::Plus | Lex::Minus | Lex::Not => None,
        })
    }
}

/// Parses a query; `Ok(None)` when it has no word at all.
pub fn parse(query: &str) -> Result<Option<Node>, IndexError> {
    let n = query.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(IndexError::Query(format!("query too long: {n} characters (at most {MAX_QUERY_CHARS})")));
    }
    let mut parser = Parser { lexes: lex(query), at: 0 };
    let mut parts = Vec::new();
    // Top level: stray closing parentheses are skipped by `and`; loop until the end.
    while parser.at < parser.lexes.len() {
        let before = parser.at;
        parts.extend(parser.or(0)?);
        if parser.at == before {
            parser.at += 1;
        }
    }
    Ok(match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Node::And(parts)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Node {
        Node::Word(s.into())
    }

    #[test]
    fn words_are_anded() {
        assert_eq!(parse("موسكو يريفان").unwrap(), Some(Node::And(vec![w("موسكو"), w("يريفان")])));
        assert_eq!(parse("موسكو").unwrap(), Some(w("موسكو")));
        assert_eq!(parse("   ").unwrap(), None);
    }

    #[test]
    fn operators() {
        assert_eq!(
            parse("موسكو OR باريس -لندن").unwrap(),
            Some(Node::Or(vec![w("موسكو"), Node::And(vec![w("باريس"), Node::Not(Box::new(w("لندن")))])]))
        );
        assert_eq!(
            parse("(موسكو | باريس) NOT لندن").unwrap(),
            Some(Node::And(vec![Node::Or(vec![w("موسكو"), w("باريس")]), Node::Not(Box::new(w("لندن")))]))
        );
        assert_eq!(parse("+موسكو AND يريفان").unwrap(), Some(Node::And(vec![w("موسكو"), w("يريفان")])));
    }

    #[test]
    fn phrases() {
        assert_eq!(parse("\"قره باغ\"").unwrap(), Some(Node::Phrase(vec!["قره".into(), "باغ".into()])));
        assert_eq!(parse("«قره باغ»").unwrap(), Some(Node::Phrase(vec!["قره".into(), "باغ".into()])));
        assert_eq!(parse("\"قره باغ").unwrap(), Some(Node::Phrase(vec!["قره".into(), "باغ".into()])));
    }

    #[test]
    fn hyphens_inside_words_stay() {
        assert_eq!(parse("كوفيد-19").unwrap(), Some(w("كوفيد-19")));
    }

    #[test]
    fn limits() {
        assert!(parse(&"(".repeat(40)).is_err());
        assert!(parse(&"ا".repeat(MAX_QUERY_CHARS + 1)).is_err());
        assert_eq!(parse(") OR AND (").unwrap(), None);
    }
}
