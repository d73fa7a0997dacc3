//! Tokenisation of normalised (`Form::Clean`) text, with clitic segmentation.
//!
//! Words are maximal runs of one script: Arabic letters, Latin letters and digits
//! (`G20`), other alphabets. Numbers keep an inner `.` or `,` between digits (`3.5`,
//! `1,960`). Runs of sentence-final marks (`...`, `؟!`) make one token; every other
//! punctuation mark or symbol is a token of its own. Arabic tokens carry a clitic
//! segmentation from a [`Lexicon`].

use crate::clitics::{Lexicon, Segmentation};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A run of Arabic letters.
    Arabic,
    /// A run of Latin letters and digits that contains a letter (`Ad`, `G20`).
    Latin,
    /// Digits, possibly with inner `.` or `,` (`1960`, `3.5`, `1,960`).
    Number,
    /// One punctuation mark, or a run of sentence-final marks.
    Punct,
    /// One symbol (emoji, currency sign, …).
    Symbol,
    /// A run of letters of another script.
    Other,
}

/// What a punctuation token does for sentence and quotation structure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PunctRole {
    /// Not punctuation, or punctuation with no structural role (، : -).
    #[default]
    None,
    /// `.` `!` `?` `؟` `…` or a run of them.
    Final,
    /// An opening quotation mark or bracket: « “ ‹ „ ( [ {
    Open,
    /// A closing one: » ” › ) ] }
    Close,
    /// A mark that opens or closes by context: `"`
    Either,
}

impl PunctRole {
    fn of(c: char) -> PunctRole {
        match c {
            _ if is_final_mark(c) => PunctRole::Final,
            '«' | '“' | '‹' | '„' | '‟' | '〝' | '(' | '[' | '{' => PunctRole::Open,
            '»' | '”' | '›' | '〞' | ')' | ']' | '}' => PunctRole::Close,
            '"' | '″' | '＂' => PunctRole::Either,
            _ => PunctRole::None,
        }
    }
}

/// A token of a normalised text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub kind: TokenKind,
    /// For punctuation: its role in sentence and quotation structure.
    pub role: PunctRole,
    /// Byte range in the normalised text.
    pub start: u32,
    pub end: u32,
    /// Character range in the normalised text.
    pub char_start: u32,
    pub char_end: u32,
    /// Clitic segmentation of an Arabic token (empty for others).
    pub seg: Segmentation,
    /// The rank the tokeniser's lexicon lookup gave the word ([`Lexicon::segment_ranked`]):
    /// 1 + its rank among the lexicon's most frequent words, 0 for none (not found among
    /// them, no lexicon). Taggers read a
    /// precomputed class by it instead of looking the word up again; it is meaningful only
    /// with the lexicon that tokenised the text ([`crate::TextLayer::lexicon`]). Fits in
    /// the struct's padding.
    pub hot: u16,
    /// Whitespace precedes the token.
    pub space_before: bool,
    /// A line break precedes the token (it starts a paragraph).
    pub newline_before: bool,
}

impl Token {
    /// The token's text in the normalised text it was made from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start as usize..self.end as usize).unwrap_or("")
    }

    /// Byte range of the stem (the token without its clitics) in the normalised text.
    /// Arabic letters are two bytes each, which is what makes this arithmetic valid.
    pub fn stem_bytes(&self) -> std::ops::Range<usize> {
        let start = self.start as usize + 2 * self.seg.prefix as usize;
        let end = self.end as usize - 2 * self.seg.suffix as usize;
        start..end.max(start)
    }

    /// Character range of the stem in the normalised text.
    pub fn stem_chars(&self) -> std::ops::Range<usize> {
        let start = self.char_start as usize + self.seg.prefix as usize;
        let end = self.char_end as usize - self.seg.suffix as usize;
        start..end.max(start)
    }

    /// The stem's text.
    pub fn stem<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.stem_bytes()).unwrap_or("")
    }

    /// Is this one of `.`, `!`, `?`, `؟`, `…` (or a run of them)?
    pub fn is_terminator(&self) -> bool {
        self.role == PunctRole::Final
    }
}

// Character classes.
const C_SPACE: u8 = 0;
const C_NEWLINE: u8 = 1;
const C_ARABIC: u8 = 2;
const C_LATIN: u8 = 3;
const C_DIGIT: u8 = 4;
const C_PUNCT: u8 = 5;
const C_MARK: u8 = 6;
const C_OTHER: u8 = 7;
const C_SYMBOL: u8 = 8;
const C_IGNORE: u8 = 9;

const fn class_of_narrow(c: u32) -> u8 {
    match c {
        0x0A => C_NEWLINE,
        0x09 | 0x0B..=0x0D | 0x20 | 0x85 | 0xA0 => C_SPACE,
        0x00..=0x1F | 0x7F..=0x9F | 0xAD => C_IGNORE,
        0x30..=0x39 => C_DIGIT,
        0x41..=0x5A | 0x61..=0x7A => C_LATIN,
        0x24 | 0x2B | 0x3C..=0x3E | 0x5E | 0x60 | 0x7C | 0x7E => C_SYMBOL,
        0x21..=0x7E => C_PUNCT,
        0xAA | 0xB5 | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F => C_LATIN,
        0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF => C_PUNCT,
        0xA2..=0xBF | 0xD7 | 0xF7 => C_SYMBOL,
        0x250..=0x2FF => C_LATIN,
        0x300..=0x36F => C_MARK,
        0x370..=0x482 | 0x48A..=0x52F | 0x531..=0x587 | 0x5D0..=0x5F2 => C_OTHER,
        0x483..=0x489 | 0x591..=0x5C7 => C_MARK,
        0x370..=0x5FF => C_PUNCT,
        0x600..=0x605 | 0x61C | 0x6DD => C_IGNORE,
        0x60C | 0x60D | 0x61B | 0x61D..=0x61F | 0x66A..=0x66D | 0x6D4 => C_PUNCT,
        0x606..=0x60B | 0x60E | 0x60F | 0x6DE | 0x6E9 | 0x6FD | 0x6FE => C_SYMBOL,
        0x610..=0x61A | 0x640 | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6DC | 0x6DF..=0x6E8 | 0x6EA..=0x6ED => C_MARK,
        0x660..=0x669 | 0x6F0..=0x6F9 => C_DIGIT,
        0x600..=0x6FF | 0x750..=0x77F => C_ARABIC,
        0x700..=0x74F | 0x780..=0x7FF => C_OTHER,
        _ => C_SYMBOL,
    }
}

const fn build_classes() -> [u8; 0x800] {
    let mut t = [0u8; 0x800];
    let mut c = 0;
    while c < 0x800 {
        t[c as usize] = class_of_narrow(c);
        c += 1;
    }
    t
}

static CLASSES: [u8; 0x800] = build_classes();

fn class_of_wide(c: char) -> u8 {
    match c as u32 {
        0x870..=0x88E | 0x8A0..=0x8C9 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC => C_ARABIC,
        0x898..=0x89F | 0x8CA..=0x8FF | 0xFE20..=0xFE2F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF => C_MARK,
        0x2028 | 0x2029 => C_NEWLINE,
        0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => C_SPACE,
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF => C_IGNORE,
        0x2010..=0x2027 | 0x2030..=0x205E | 0x3001..=0x3003 | 0x300C..=0x300F => C_PUNCT,
        0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => C_LATIN,
        _ if c.is_alphabetic() => C_OTHER,
        _ if c.is_whitespace() => C_SPACE,
        _ => C_SYMBOL,
    }
}

fn is_final_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Decodes the character at byte `i` of `text`: its class and UTF-8 length.
#[inline(always)]
fn class_at(text: &str, i: usize) -> (u8, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        (CLASSES[b as usize], 1)
    } else if b < 0xE0 {
        let c = ((b as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
        (CLASSES[c], 2)
    } else {
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        (class_of_wide(c), c.len_utf8())
    }
}

/// Tokenises `text` (normally `Form::Clean` output), appending to `tokens`. With a
/// lexicon, Arabic tokens get their clitic segmentation.
pub fn tokenize_into(text: &str, lexicon: Option<&Lexicon>, tokens: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut ci = 0u32;
    let mut space_before = false;
    let mut newline_before = true;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            space_before = true;
            i += 1;
            ci += 1;
            continue;
        }
        let (class, len) = class_at(text, i);
        let start = i;
        let char_start = ci;
        let mut role = PunctRole::None;
        let kind = match class {
            C_SPACE | C_IGNORE => {
                space_before = true;
                i += len;
                ci += 1;
                continue;
            }
            C_NEWLINE => {
                newline_before = true;
                space_before = true;
                i += len;
                ci += 1;
                continue;
            }
            C_MARK => {
                // A mark that composed with nothing: stays with the token before it when
                // it touches it, else it is dropped from tokenisation.
                i += len;
                ci += 1;
                if let Some(last) = tokens.last_mut()
                    && last.end as usize == start
                {
                    last.end = i as u32;
                    last.char_end = ci;
                }
                continue;
            }
            C_ARABIC => {
                i += len;
                ci += 1;
                // Fast path: two-byte letters of the Arabic block, the bulk of the text.
                while i + 1 < bytes.len() && (0xD8..=0xDB).contains(&bytes[i]) {
                    let c = ((bytes[i] as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
                    let class = CLASSES[c];
                    if class != C_ARABIC && class != C_MARK {
                        break;
                    }
                    i += 2;
                    ci += 1;
                }
                (i, ci) = scan_while(text, i, ci, |c| c == C_ARABIC || c == C_MARK);
                TokenKind::Arabic
            }
            C_LATIN => {
                (i, ci) = scan_alnum(text, i, ci);
                TokenKind::Latin
            }
            C_DIGIT => {
                let (ni, nci, kind) = scan_number(text, i, ci);
                i = ni;
                ci = nci;
                kind
            }
            C_OTHER => {
                (i, ci) = scan_while(text, i + len, ci + 1, |c| c == C_OTHER || c == C_MARK);
                TokenKind::Other
            }
            C_PUNCT => {
                let first = if len == 1 { bytes[i] as char } else { text[i..].chars().next().unwrap_or(' ') };
                i += len;
                ci += 1;
                role = PunctRole::of(first);
                if role == PunctRole::Final {
                    while let Some(c) = text[i..].chars().next() {
                        if !is_final_mark(c) {
                            break;
                        }
                        i += c.len_utf8();
                        ci += 1;
                    }
                }
                TokenKind::Punct
            }
            _ => {
                i += len;
                ci += 1;
                TokenKind::Symbol
            }
        };
        let (seg, hot) = match (kind, lexicon) {
            (TokenKind::Arabic, Some(lex)) => lex.segment_ranked(&text[start..i]),
            _ => (Segmentation::NONE, 0),
        };
        tokens.push(Token {
            kind,
            role,
            start: start as u32,
            end: i as u32,
            char_start,
            char_end: ci,
            seg,
            hot,
            space_before,
            newline_before,
        });
        space_before = false;
        newline_before = false;
    }
}

/// Tokenises `text` into a new vector.
pub fn tokenize(text: &str, lexicon: Option<&Lexicon>) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6 + 4);
    tokenize_into(text, lexicon, &mut tokens);
    tokens
}

/// Scans from byte `i` (character `ci`) while the character class is accepted; returns
/// the byte and character positions after the run.
fn scan_while(text: &str, mut i: usize, mut ci: u32, accept: impl Fn(u8) -> bool) -> (usize, u32) {
    while i < text.len() {
        let (c, l) = class_at(text, i);
        if !accept(c) {
            break;
        }
        i += l;
        ci += 1;
    }
    (i, ci)
}

/// Scans Latin letters and digits (and marks) from byte `i`.
fn scan_alnum(text: &str, i: usize, ci: u32) -> (usize, u32) {
    scan_while(text, i, ci, |c| c == C_LATIN || c == C_DIGIT || c == C_MARK)
}

/// Scans a number from byte `i`: digits, with `.` or `,` allowed between digits. A
/// number running straight into Latin letters is a Latin token (`5G`, `2nd`).
fn scan_number(text: &str, mut i: usize, mut ci: u32) -> (usize, u32, TokenKind) {
    let bytes = text.as_bytes();
    loop {
        (i, ci) = scan_while(text, i, ci, |c| c == C_DIGIT);
        let separated =
            matches!(bytes.get(i), Some(b'.' | b',')) && i + 1 < bytes.len() && class_at(text, i + 1).0 == C_DIGIT;
        if !separated {
            break;
        }
        i += 1;
        ci += 1;
    }
    if i < bytes.len() && class_at(text, i).0 == C_LATIN {
        let (ni, nci) = scan_alnum(text, i, ci);
        return (ni, nci, TokenKind::Latin);
    }
    (i, ci, TokenKind::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text, None).iter().map(|t| (t.text(text), t.kind)).collect()
    }

    #[test]
    fn splits_scripts_numbers_and_punctuation() {
        let text = "قمة G20 في 2020م: 1,960 جنديا و3.5% «هدنة»!؟";
        let got = words(text);
        use TokenKind::*;
        assert_eq!(
            got,
            vec![
                ("قمة", Arabic),
                ("G20", Latin),
                ("في", Arabic),
                ("2020", Number),
                ("م", Arabic),
                (":", Punct),
                ("1,960", Number),
                ("جنديا", Arabic),
                ("و", Arabic),
                ("3.5", Number),
                ("%", Punct),
                ("«", Punct),
                ("هدنة", Arabic),
                ("»", Punct),
                ("!؟", Punct),
            ]
        );
    }

    #[test]
    fn the_hot_rank_costs_no_memory() {
        assert_eq!(std::mem::size_of::<Token>(), 24);
    }

    #[test]
    fn hot_rank_names_the_word_the_lexicon_looked_up() {
        let lex = Lexicon::builtin();
        let text = "وأعلنت الحكومة الأسبوع الماضي";
        let toks = tokenize(text, Some(lex));
        let mut ranked = 0;
        for t in &toks {
            if t.hot != 0 {
                ranked += 1;
                let (word, seg) = lex.hot_word(t.hot).expect("a rank names a hot word");
                assert_eq!(word, crate::clitics::fold_alef_str(t.text(text)));
                assert_eq!(seg, t.seg);
            }
        }
        assert!(ranked >= 2, "{toks:?}");
        assert!(tokenize(text, None).iter().all(|t| t.hot == 0));
    }

    #[test]
    fn char_offsets_count_code_points() {
        let text = "باريس - Paris";
        let t = tokenize(text, None);
        assert_eq!((t[0].char_start, t[0].char_end), (0, 5));
        assert_eq!((t[1].char_start, t[1].char_end), (6, 7));
        assert_eq!((t[2].char_start, t[2].char_end), (8, 13));
        assert!(t[1].space_before && !t[0].space_before);
    }

    #[test]
    fn newline_flags_paragraphs() {
        let t = tokenize("أ ب\nج", None);
        assert!(t[0].newline_before);
        assert!(!t[1].newline_before);
        assert!(t[2].newline_before);
    }

    #[test]
    fn trailing_separator_is_not_part_of_number() {
        assert_eq!(
            words("عام 2020."),
            vec![("عام", TokenKind::Arabic), ("2020", TokenKind::Number), (".", TokenKind::Punct)]
        );
    }
}
