//! Finding time expressions in a tokenised text: a left-to-right scan that tries, at each
//! token, the patterns of Arabic news (longest first) over words looked up in the
//! [`lexicon`](crate::lexicon) and numbers read by the shared number parser.

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use marsad_text::numbers::{NumberKind, digits_value, find_numbers_sparse_ranked};
use marsad_text::{Lexicon, PunctRole, Segmentation, TextLayer, Token, TokenKind};

use crate::expr::{DayRef, Expr, Meaning, YearRef};
use crate::lexicon::{DayPart, Direction, HijriPair, Mod, Table, Unit, Word, levantine_month};

/// What the scanner knows about one token.
#[derive(Clone, Copy, Debug, Default)]
struct Info {
    word: Option<Word>,
    /// The word was written with the article (العام, not عام).
    article: bool,
    /// Characters of proclitics (و، ب، ل، ف) before the part an expression would cover.
    skip: u32,
}

/// A number starting at a token.
#[derive(Clone, Copy, Debug)]
struct Num {
    end: usize,
    value: f64,
    ordinal: bool,
    approximate: bool,
    digits: bool,
    skip: u32,
}

impl Num {
    fn integer(&self) -> Option<i32> {
        (!self.approximate && self.value.fract() == 0.0 && self.value.abs() < 1e7).then_some(self.value as i32)
    }

    fn day(&self) -> Option<u8> {
        self.integer().filter(|d| (1..=31).contains(d)).map(|d| d as u8)
    }
}

struct Scanner<'a> {
    text: &'a str,
    tokens: &'a [Token],
    info: &'a [Info],
    numbers: &'a [Option<Num>],
    classes: &'a RankClasses,
    /// The tokens that may be a future cue, in order (no other is one).
    future_cues: &'a [u32],
    /// Token range of the sentence being scanned.
    start: usize,
    end: usize,
    /// Whether the sentence speaks of the future (سوف، من المقرر، سيعقد …), once asked.
    future: Cell<Option<bool>>,
}

/// Buffers one thread reuses from text to text: the per-token tables are as long as the
/// longest text seen and only the entries a text set are cleared, so a text costs no
/// allocation and no pass over memory it does not use.
#[derive(Default)]
struct Scratch {
    info: Vec<Info>,
    numbers: Vec<Option<Num>>,
    /// Tokens whose `info` or `numbers` entries are set.
    set_info: Vec<u32>,
    set_numbers: Vec<u32>,
    /// Tokens where a number read in a window starts, in order.
    window_numbers: Vec<u32>,
    /// Tokens of digits.
    digits: Vec<u32>,
    /// Arabic tokens that may be a word or a future cue (the others are neither).
    maybe: Vec<u32>,
    /// Words that take a number (the centres of the windows where number words are read).
    takes_number: Vec<u32>,
    /// Tokens where an expression can start (a word, a number, digits), in order.
    candidates: Vec<u32>,
    /// Tokens that may be a future cue (a cue word, a word that starts with س), in order.
    future_cues: Vec<u32>,
}

impl Scratch {
    /// Clears what the last text set and makes room for `n` tokens.
    fn reset(&mut self, n: usize) {
        for &i in &self.set_info {
            self.info[i as usize] = Info::default();
        }
        for &i in &self.set_numbers {
            self.numbers[i as usize] = None;
        }
        self.set_info.clear();
        self.set_numbers.clear();
        self.window_numbers.clear();
        self.digits.clear();
        self.maybe.clear();
        self.takes_number.clear();
        self.candidates.clear();
        self.future_cues.clear();
        if self.info.len() < n {
            self.info.resize(n, Info::default());
            self.numbers.resize(n, None);
        }
    }

    fn set_number(&mut self, i: usize, num: Num) {
        self.numbers[i] = Some(num);
        self.set_numbers.push(i as u32);
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Finds the time expressions of a text layer, sentence by sentence, in text order.
pub fn recognize(layer: &TextLayer) -> Vec<Expr> {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => recognize_with(layer, &mut scratch),
        Err(_) => recognize_with(layer, &mut Scratch::default()),
    })
}

fn recognize_with(layer: &TextLayer, s: &mut Scratch) -> Vec<Expr> {
    let text = layer.text();
    let tokens = &layer.tokens;
    let n = tokens.len();
    s.reset(n);
    let words = crate::lexicon::table();
    let classes = rank_classes(layer);
    keep_maybe(words, classes, text, tokens, s);
    read_words(words, classes, text, tokens, s);
    // Numbers: number words in windows around words that take one, then every number
    // written in digits.
    let ranked_by = (layer.lexicon == Lexicon::builtin().stamp()).then(Lexicon::builtin);
    read_numbers(text, tokens, ranked_by, s);
    merge_candidates(s);
    let scanner = Scanner {
        text,
        tokens,
        info: &s.info[..n],
        numbers: &s.numbers[..n],
        classes,
        future_cues: &s.future_cues,
        start: 0,
        end: 0,
        future: Cell::new(None),
    };
    scan(scanner, &layer.sentences, &s.candidates)
}

/// One pass over every token keeps the few that may be a word or a future cue (a ranked
/// token by its rank's class; an unranked one by the shapes of the strings [`describe`] looks
/// up for it, most often the whole word alone) and the digits.
#[inline(never)]
fn keep_maybe(words: &Table, classes: &RankClasses, text: &str, tokens: &[Token], s: &mut Scratch) {
    let bytes = text.as_bytes();
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::Arabic => {
                let maybe = if token.hot != 0 {
                    classes.may_be_any(token.hot)
                } else {
                    let word = bytes.get(token.start as usize..token.end as usize).unwrap_or_default();
                    words.may_be_key(word)
                        || word.starts_with("س".as_bytes())
                        || (token.seg.prefix != 0 && {
                            let stem = bytes.get(token.stem_bytes()).unwrap_or_default();
                            words.may_be_key(stem) || words.may_be_key_with_article(stem)
                        })
                };
                if maybe {
                    s.maybe.push(i as u32);
                }
            }
            TokenKind::Number => s.digits.push(i as u32),
            _ => {}
        }
    }
}

/// The words among the tokens [`keep_maybe`] kept, the words that take a number, and the
/// tokens that may be a future cue (a cue word, a word that starts with س).
#[inline(never)]
fn read_words(words: &Table, classes: &RankClasses, text: &str, tokens: &[Token], s: &mut Scratch) {
    for k in 0..s.maybe.len() {
        let i = s.maybe[k] as usize;
        let token = &tokens[i];
        let rank = token.hot;
        let info = match classes.known(text, token) {
            Some(info) => info,
            None if classes.may_be_word(rank) => describe(words, text, token),
            None => Info::default(),
        };
        if let Some(word) = info.word {
            s.info[i] = info;
            s.set_info.push(i as u32);
            if takes_number(word) {
                s.takes_number.push(i as u32);
            }
        }
        let prefixed = if rank != 0 { classes.may_be_future(rank) } else { token.text(text).starts_with('س') };
        if prefixed || matches!(info.word, Some(Word::FutureCue)) {
            s.future_cues.push(i as u32);
        }
    }
}

/// The tokens where an expression can start, in order: a token with no word and no number
/// starts none. The lists are each in order, so they are merged.
#[inline(never)]
fn merge_candidates(s: &mut Scratch) {
    // Windows can overlap (a window starts six tokens before its word), so a number may be
    // read twice and out of order.
    s.window_numbers.sort_unstable();
    s.window_numbers.dedup();
    let (a, b, c) = (&s.set_info, &s.window_numbers, &s.digits);
    let out = &mut s.candidates;
    let (mut i, mut j, mut k) = (0, 0, 0);
    loop {
        let next = a
            .get(i)
            .copied()
            .unwrap_or(u32::MAX)
            .min(b.get(j).copied().unwrap_or(u32::MAX))
            .min(c.get(k).copied().unwrap_or(u32::MAX));
        if next == u32::MAX {
            break;
        }
        out.push(next);
        i += usize::from(a.get(i) == Some(&next));
        j += usize::from(b.get(j) == Some(&next));
        k += usize::from(c.get(k) == Some(&next));
    }
}

/// Tries the patterns at each candidate of each sentence, keeping the longest expression.
#[inline(never)]
fn scan(mut scanner: Scanner<'_>, sentences: &[marsad_text::Sentence], candidates: &[u32]) -> Vec<Expr> {
    let (tokens, n) = (scanner.tokens, scanner.tokens.len());
    let mut found = Vec::new();
    for sentence in sentences {
        let (start, end) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
        scanner.start = start;
        scanner.end = end.min(n);
        scanner.future.set(None);
        let mut c = candidates.partition_point(|&k| (k as usize) < start);
        // Where the last expression ended: a demonstrative before a candidate may start one
        // only after it.
        let mut free = start;
        while let Some(&next) = candidates.get(c)
            && (next as usize) < scanner.end
        {
            let unit = next as usize;
            // هذا العام: the demonstrative has no word, so only its unit is a candidate.
            let (i, here) = match unit
                .checked_sub(1)
                .filter(|&d| d >= free && scanner.is_demonstrative(d))
                .and_then(|d| Some((d, scanner.at(d)?)))
            {
                Some((d, here)) => (d, Some(here)),
                None => (unit, scanner.at(unit)),
            };
            match here {
                Some((stop, meaning)) if stop > i => {
                    let first = scanner.info[i].skip.max(scanner.numbers[i].map_or(0, |n| n.skip));
                    let chars = tokens[i].char_start as usize + first as usize..tokens[stop - 1].char_end as usize;
                    found.push(Expr { tokens: i..stop, chars, meaning, future: scanner.future() });
                    c += candidates[c..].partition_point(|&k| (k as usize) < stop);
                    free = stop;
                }
                _ => c += 1,
            }
        }
    }
    found
}

/// Function words that go on after `في 2020` (Key spelling): what follows a year, never a
/// counted noun.
const AFTER_A_YEAR: &[&str] = &[
    "الي",
    "في",
    "بعد",
    "عندما",
    "علي",
    "من",
    "مع",
    "حين",
    "قبل",
    "حيث",
    "ثم",
    "كما",
    "عن",
    "بين",
    "التي",
    "الذي",
    "والتي",
    "والذي",
    "وهو",
    "وهي",
    "او",
    "حتي",
    "فيما",
    "بعدما",
    "عند",
    "عقب",
    "اثر",
    "بسبب",
    "بحسب",
    "وذلك",
    "لكن",
    "ولكن",
    "اثناء",
    "خلال",
    "و",
];

/// Tokens around a word that takes a number (a unit, a month, الساعة …) within which
/// number words are read: the number parser is the costly part, and most of a text has no
/// time in it.
const NUMBER_WINDOW: usize = 6;

/// Can an expression start at this word (when the token has no number)? The others only
/// follow another word or a number.
fn starts_expression(word: Word) -> bool {
    !matches!(
        word,
        Word::Of
            | Word::Relative(_)
            | Word::Same
            | Word::HijriEra
            | Word::GregorianEra
            | Word::Zone
            | Word::Since
            | Word::ForDuration
            | Word::Fraction(_)
            | Word::FutureCue
    )
}

/// Does a number near this word make a time expression?
fn takes_number(word: Word) -> bool {
    matches!(
        word,
        Word::Month { .. }
            | Word::LevantinePair { .. }
            | Word::Hijri(_)
            | Word::HijriPair(_)
            | Word::Unit { .. }
            | Word::Clock
            | Word::HijriEra
            | Word::GregorianEra
            | Word::Relative(_)
            | Word::DayWord
            | Word::Weekday(_)
    )
}

/// The numbers starting at each token: number words in windows around words that take one
/// (read by the shared reader's sparse pass, which skips what cannot be a number), and every
/// number written in digits.
#[inline(never)]
fn read_numbers(text: &str, tokens: &[Token], lexicon: Option<&Lexicon>, s: &mut Scratch) {
    let n = tokens.len();
    let mut a = 0;
    while let Some(&centre) = s.takes_number.get(a) {
        // One window over this word and every such word close after it.
        let i = centre as usize;
        let start = i.saturating_sub(NUMBER_WINDOW);
        let mut end = (i + NUMBER_WINDOW).min(n);
        a += 1;
        while let Some(&k) = s.takes_number.get(a)
            && (k as usize) < end
        {
            end = (k as usize + NUMBER_WINDOW).min(n);
            a += 1;
        }
        for m in find_numbers_sparse_ranked(text, &tokens[start..end], lexicon) {
            let num = Num {
                end: start + m.tokens.end,
                value: m.value,
                ordinal: m.kind == NumberKind::Ordinal,
                approximate: m.kind == NumberKind::Approximate,
                digits: m.from_digits,
                skip: u32::from(m.prefix_chars),
            };
            s.set_number(start + m.tokens.start, num);
            s.window_numbers.push((start + m.tokens.start) as u32);
        }
    }
    for k in 0..s.digits.len() {
        let i = s.digits[k] as usize;
        if s.numbers[i].is_none()
            && let Some(value) = digit_string_value(tokens[i].text(text))
        {
            s.set_number(i, Num { end: i + 1, value, ordinal: false, approximate: false, digits: true, skip: 0 });
        }
    }
}

/// [`digits_value`], with plain ASCII digits (most of them) read without its allocations.
fn digit_string_value(s: &str) -> Option<f64> {
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        // At most 15 digits: exact in an f64, as digits_value reads them.
        return Some(s.bytes().fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0')) as f64);
    }
    digits_value(s)
}

/// What a token's rank ([`Token::hot`], from the shipped lexicon) says about it, as bitsets
/// over all `u16` ranks (8 KiB each, so that they stay in the core's cache, and no bounds to
/// check); a bit set means "maybe", and rank 0 (no rank) is always maybe. All set
/// ([`RankClasses::NONE`]: every token maybe) for a layer tokenised with another lexicon or
/// none.
struct RankClasses {
    /// Can a token with this rank be a time word ([`describe`] finds a word)?
    word: [u64; RANK_WORDS],
    /// Can it be a verb with the future prefix (does it start with س)?
    future: [u64; RANK_WORDS],
    /// Either of the two.
    any: [u64; RANK_WORDS],
    /// By rank (empty: none known), 1 + the index in `infos` of what [`describe`] finds for the
    /// rank's word, 0 for nothing.
    known: Vec<u16>,
    infos: Vec<Known>,
}

/// What [`describe`] finds for every token of a rank: the same but for the article of a word
/// found whole, which is read from the token's own letters (أل… folds to ال… in the lexical
/// form, not in the surface).
#[derive(Clone, Copy)]
struct Known {
    info: Info,
    whole: bool,
}

/// 64-bit words for a bit per `u16` rank: no rank is out of bounds.
const RANK_WORDS: usize = (u16::MAX as usize + 1) / 64;

impl RankClasses {
    /// Every token maybe.
    const NONE: RankClasses = RankClasses {
        word: [u64::MAX; RANK_WORDS],
        future: [u64::MAX; RANK_WORDS],
        any: [u64::MAX; RANK_WORDS],
        known: Vec::new(),
        infos: Vec::new(),
    };

    /// What [`describe`] finds for a token of this rank, when the classes know it.
    #[inline]
    fn known(&self, text: &str, token: &Token) -> Option<Info> {
        if token.hot == 0 {
            return None;
        }
        let k = *self.known.get(usize::from(token.hot))?;
        let Some(known) = k.checked_sub(1).and_then(|k| self.infos.get(usize::from(k))) else {
            return Some(Info::default());
        };
        let mut info = known.info;
        if known.whole {
            info.article = token.text(text).starts_with("ال");
        }
        Some(info)
    }

    #[inline(always)]
    fn bit(bits: &[u64; RANK_WORDS], rank: u16) -> bool {
        bits[usize::from(rank >> 6)] >> (rank & 63) & 1 == 1
    }

    fn may_be_word(&self, rank: u16) -> bool {
        Self::bit(&self.word, rank)
    }

    fn may_be_future(&self, rank: u16) -> bool {
        Self::bit(&self.future, rank)
    }

    fn may_be_any(&self, rank: u16) -> bool {
        Self::bit(&self.any, rank)
    }
}

/// The rank classes of a layer's tokens.
///
/// A rank stands for a word's lexical form (alef forms with hamza or madda folded to bare
/// alef, byte for byte) and its segmentation. The table folds those alef forms alike, so
/// every lookup [`describe`] makes for a surface form equals the one it makes for the lexical
/// form, but for the article test: a surface prefix ending with ال is one in the lexical form
/// too, so the lexical form tries at least what the surface form tries. A rank whose lexical
/// form finds no word thus rules out every token with that rank. Where the table would fold
/// them apart, no rank rules out a word. A lexical form starts with س exactly when its
/// surface forms do.
fn rank_classes(layer: &TextLayer) -> &'static RankClasses {
    static CLASSES: OnceLock<RankClasses> = OnceLock::new();
    static NONE: RankClasses = RankClasses::NONE;
    let lexicon = Lexicon::builtin();
    if layer.lexicon != lexicon.stamp() {
        return &NONE;
    }
    CLASSES.get_or_init(|| {
        let words = crate::lexicon::table();
        let alef = words.letter_of('ا');
        let alike = ['أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ'].iter().all(|&c| words.letter_of(c) == alef);
        let mut classes = RankClasses::NONE;
        if alike {
            classes.known = vec![0; usize::from(u16::MAX) + 1];
        }
        for rank in 1..=lexicon.hot_len() {
            let Some((word, seg)) = u16::try_from(rank).ok().and_then(|r| lexicon.hot_word(r)) else { continue };
            let clear = |bits: &mut [u64; RANK_WORDS]| bits[rank / 64] &= !(1 << (rank % 64));
            let info = describe(words, word, &whole_token(word, seg));
            if alike && info.word.is_none() {
                clear(&mut classes.word);
            }
            // A ranked token's proclitics are its word's, letter for letter (the tokeniser
            // gives no rank where a hamza sits on an article's alef), so only a whole word's
            // article can differ (a test checks both).
            if alike && info.word.is_some() && !classes.known.is_empty() {
                match u16::try_from(classes.infos.len() + 1) {
                    Ok(k) => {
                        let whole = words.get(b"", word.as_bytes()).is_some();
                        classes.infos.push(Known { info, whole });
                        classes.known[rank] = k;
                    }
                    // More time words than a u16 counts: none known, all looked up.
                    Err(_) => classes.known.clear(),
                }
            }
            if !word.starts_with('س') {
                clear(&mut classes.future);
            }
        }
        for ((any, word), future) in classes.any.iter_mut().zip(&classes.word).zip(&classes.future) {
            *any = word | future;
        }
        classes
    })
}

/// A token that is the whole of `word`, segmented as `seg`.
fn whole_token(word: &str, seg: Segmentation) -> Token {
    Token {
        kind: TokenKind::Arabic,
        role: PunctRole::None,
        start: 0,
        end: word.len() as u32,
        char_start: 0,
        char_end: word.chars().count() as u32,
        seg,
        hot: 0,
        space_before: false,
        newline_before: false,
    }
}

/// Looks a token up: the whole token, then without its proclitics but with its article,
/// then its bare stem.
fn describe(words: &Table, text: &str, token: &Token) -> Info {
    if token.kind != TokenKind::Arabic {
        return Info::default();
    }
    let whole = token.text(text);
    if let Some(word) = words.get(b"", whole.as_bytes()) {
        return Info { word: Some(word), article: whole.starts_with("ال"), skip: 0 };
    }
    let prefix_chars = u32::from(token.seg.prefix);
    if prefix_chars == 0 {
        return Info::default();
    }
    let stem = token.stem(text);
    // Arabic letters are two bytes each.
    let prefix = whole.get(..2 * prefix_chars as usize).unwrap_or("");
    if let Some(before_article) = prefix.strip_suffix("ال").filter(|p| !p.is_empty())
        && let Some(word) = words.get("ال".as_bytes(), stem.as_bytes())
    {
        return Info { word: Some(word), article: true, skip: before_article.chars().count() as u32 };
    }
    let Some(word) = words.get(b"", stem.as_bytes()) else { return Info::default() };
    // The span keeps the article (والأسبوع → الأسبوع) but not a لل (للعام → عام).
    let article = prefix.ends_with("ال") || prefix.ends_with("لل");
    let skip = if prefix.ends_with("ال") { prefix_chars - 2 } else { prefix_chars };
    Info { word: Some(word), article, skip }
}

impl Scanner<'_> {
    fn word(&self, i: usize) -> Option<Word> {
        if i < self.end { self.info[i].word } else { None }
    }

    fn num(&self, i: usize) -> Option<Num> {
        if i < self.end { self.numbers[i] } else { None }
    }

    /// Is token `i` (none past the sentence) `key` in Key spelling? Compared letter by
    /// letter, so that most tokens differ at the first.
    fn key_is(&self, i: usize, key: &str) -> bool {
        let text = if i < self.end { self.tokens[i].text(self.text) } else { "" };
        text.chars().map(marsad_text::normalize::key_fold_char).eq(key.chars())
    }

    /// Is token `i` one of `keys` in Key spelling?
    fn key_among(&self, i: usize, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.key_is(i, k))
    }

    /// Does the sentence speak of the future? Asked only where an expression is found.
    fn future(&self) -> bool {
        match self.future.get() {
            Some(future) => future,
            None => {
                // Only the tokens that may be a cue: no other token is one.
                let from = self.future_cues.partition_point(|&k| (k as usize) < self.start);
                let future = self.future_cues[from..]
                    .iter()
                    .take_while(|&&k| (k as usize) < self.end)
                    .any(|&k| self.future_cue(k as usize));
                self.future.set(Some(future));
                future
            }
        }
    }

    fn token_text(&self, i: usize) -> &str {
        if i < self.end { self.tokens[i].text(self.text) } else { "" }
    }

    fn is_punct(&self, i: usize, marks: &[&str]) -> bool {
        i < self.end && self.tokens[i].kind == TokenKind::Punct && marks.contains(&self.token_text(i))
    }

    /// Tokens `i` and `i + 1` touch (no space between them).
    fn touching(&self, i: usize) -> bool {
        i + 1 < self.end && !self.tokens[i + 1].space_before
    }

    fn future_cue(&self, i: usize) -> bool {
        if matches!(self.info[i].word, Some(Word::FutureCue)) {
            return true;
        }
        if !self.classes.may_be_future(self.tokens[i].hot) {
            return false;
        }
        // A verb with the future prefix: سيعقد (the word without س is common, سياسة's is not).
        let word = self.tokens[i].text(self.text);
        let mut chars = word.chars();
        if self.tokens[i].kind != TokenKind::Arabic || chars.next() != Some('س') {
            return false;
        }
        let rest = chars.as_str();
        matches!(rest.chars().next(), Some('ي' | 'ت' | 'ن' | 'أ')) && rest.chars().count() >= 3 && {
            let lexicon = marsad_text::Lexicon::builtin();
            let without = lexicon.count(rest);
            without >= 20 && 2 * u64::from(without) >= 3 * u64::from(lexicon.count(word))
        }
    }

    /// The longest expression starting at token `i` (none at a token that cannot start one).
    fn at(&self, i: usize) -> Option<(usize, Meaning)> {
        let word = self.info[i].word;
        if self.numbers[i].is_none() && self.tokens[i].kind != TokenKind::Number {
            match word {
                None if self.is_demonstrative(i) => {}
                None => return None,
                // Words that only continue an expression (من، الماضي، نفسه، هـ، بتوقيت، منذ،
                // لمدة، والنصف، سوف) start none without a number of their own: no pattern
                // begins with them (a test runs the scan on every token to check).
                Some(w) if !starts_expression(w) => return None,
                // بعد starts only بعد غد.
                Some(Word::After) if !matches!(self.word(i + 1), Some(Word::RelativeDay(1))) => return None,
                _ => {}
            }
        }
        self.longest_at(i)
    }

    /// هذا or هذه before a unit with the article (هذا العام، هذه السنة، هذا الأسبوع): the one
    /// token with no word that starts an expression.
    fn is_demonstrative(&self, i: usize) -> bool {
        i >= self.start
            && self.info[i].word.is_none()
            && matches!(self.word(i + 1), Some(Word::Unit { .. }))
            && self.info.get(i + 1).is_some_and(|x| x.article)
            && self.key_among(i, &["هذا", "هذه"])
    }

    /// The longest expression of every pattern tried at token `i`.
    fn longest_at(&self, i: usize) -> Option<(usize, Meaning)> {
        // As max_by_key: of equally long ones, the last pattern's.
        let mut best: Option<(usize, Meaning)> = None;
        let mut keep = |found: Option<(usize, Meaning)>| {
            if let Some(f) = found
                && best.as_ref().is_none_or(|b| f.0 >= b.0)
            {
                best = Some(f);
            }
        };
        keep(self.day_expression(i));
        keep(self.clock(i));
        keep(self.position_expression(i));
        keep(self.year_expression(i));
        keep(self.month_expression(i));
        keep(self.decade(i));
        keep(self.century(i));
        keep(self.duration(i));
        keep(self.set(i));
        keep(self.vague(i));
        best
    }

    // ---- months and years ----

    /// A Gregorian month name, with its pair in the other system when news gives both
    /// (نوفمبر/تشرين الثاني, تشرين الثاني (نوفمبر)). Returns (end, month, strict).
    fn month_name(&self, i: usize) -> Option<(usize, u8, bool)> {
        let (mut end, month, strict) = match self.word(i)? {
            Word::Month { month, strict } => (i + 1, month, strict),
            Word::LevantinePair { first } => {
                let second = if self.key_is(i + 1, "الاول") {
                    false
                } else if self.key_is(i + 1, "الثاني") {
                    true
                } else {
                    return None;
                };
                (i + 2, levantine_month(first, second), false)
            }
            _ => return None,
        };
        if self.is_punct(end, &["/", "-", "("])
            && let Some((pair_end, _, _)) = self.month_name_single(end + 1)
        {
            end = pair_end;
            if self.is_punct(end, &[")"]) {
                end += 1;
            }
        }
        Some((end, month, strict))
    }

    fn month_name_single(&self, i: usize) -> Option<(usize, u8, bool)> {
        match self.word(i)? {
            Word::Month { month, strict } => Some((i + 1, month, strict)),
            Word::LevantinePair { first } if self.key_is(i + 1, "الاول") => {
                Some((i + 2, levantine_month(first, false), false))
            }
            Word::LevantinePair { first } if self.key_is(i + 1, "الثاني") => {
                Some((i + 2, levantine_month(first, true), false))
            }
            _ => None,
        }
    }

    /// A Hijri month name (one or two words). Returns (end, month).
    fn hijri_month(&self, i: usize) -> Option<(usize, u8)> {
        match self.word(i)? {
            Word::Hijri(month) => Some((i + 1, month)),
            Word::HijriPair(pair) => {
                let is = |keys: &[&str]| self.key_among(i + 1, keys);
                let month = match pair {
                    HijriPair::Rabi if is(&["الاول"]) => 3,
                    HijriPair::Rabi if is(&["الثاني", "الاخر"]) => 4,
                    HijriPair::Jumada if is(&["الاولي", "الاول"]) => 5,
                    HijriPair::Jumada if is(&["الاخره", "الثانيه", "الثاني", "الاخر"]) => 6,
                    HijriPair::Dhu if is(&["القعده"]) => 11,
                    HijriPair::Dhu if is(&["الحجه"]) => 12,
                    _ => return None,
                };
                Some((i + 2, month))
            }
            _ => None,
        }
    }

    /// A year after a month or on its own: `[عام|سنة] 2020 [م|هـ]`. Returns (end, year, hijri).
    fn year_number(&self, i: usize) -> Option<(usize, i32, bool)> {
        self.year_number_with_era(i).map(|(end, year, hijri, _)| (end, year, hijri))
    }

    /// As [`Self::year_number`], and whether an era (م or هـ) was written.
    fn year_number_with_era(&self, i: usize) -> Option<(usize, i32, bool, bool)> {
        let mut j = i;
        if matches!(self.word(j), Some(Word::Unit { unit: Unit::Year, count: 1 })) {
            j += 1;
        }
        let n = self.num(j)?;
        // One token of digits: "600 ألف" is a count.
        if !n.digits || n.ordinal || n.end != j + 1 {
            return None;
        }
        let year = n.integer()?;
        if self.token_text(j).len() < 3 || self.token_text(j).len() > 4 {
            return None;
        }
        let mut end = n.end;
        let era = self.word(end);
        let (hijri, written) = match era {
            Some(Word::HijriEra) => (true, true),
            Some(Word::GregorianEra) => (false, true),
            _ => (false, false),
        };
        if written {
            end += 1;
        }
        Some((end, year, hijri, written))
    }

    /// "19 نوفمبر الماضي": a relative word after a day-month or a month says which year.
    fn year_of_relative(&self, i: usize) -> Option<(usize, YearRef)> {
        match self.word(i)? {
            Word::Relative(Direction::Past) => Some((i + 1, YearRef::LastOccurrence)),
            Word::Relative(Direction::Next) => Some((i + 1, YearRef::NextOccurrence)),
            Word::Relative(Direction::Current) => Some((i + 1, YearRef::Relative(0))),
            _ => None,
        }
    }

    /// An explicit day: `19 [من] نوفمبر[/تشرين الثاني] [2020]`, `15 رمضان 1445 هـ`,
    /// `20/9/2023`, `العاشر من الشهر نفسه`.
    fn explicit_day(&self, i: usize) -> Option<(usize, DayRef)> {
        if let Some(found) = self.numeric_date(i) {
            return Some(found);
        }
        let n = self.num(i)?;
        let day = n.day()?;
        // الأسبوع الأول من الشهر: the ordinal counts weeks, not days (اليوم الأول من الشهر is a day).
        if n.ordinal && i > self.start && matches!(self.word(i - 1), Some(Word::Unit { unit, .. }) if unit != Unit::Day)
        {
            return None;
        }
        let mut j = n.end;
        if matches!(self.word(j), Some(Word::Of)) {
            j += 1;
        } else if n.ordinal && !n.digits {
            return None;
        }
        if matches!(self.word(j), Some(Word::Unit { unit: Unit::Month, count: 1 }))
            && (self.month_name(j + 1).is_some() || self.hijri_month(j + 1).is_some())
        {
            j += 1;
        }
        // يوم 12 الجاري: a day of the current month (written in digits; الساعات الأربع
        // والعشرين الماضية is no day).
        if let Some(Word::Relative(Direction::Current)) = self.word(j)
            && n.digits
        {
            return Some((j + 1, DayRef::OfRelativeMonth { offset: Some(0), day }));
        }
        if let Some((end, month, _)) = self.month_name(j) {
            return Some(match self.year_number(end) {
                Some((stop, year, false)) => (stop, DayRef::Calendar { year: YearRef::Known(year), month, day }),
                _ => match self.year_of_relative(end) {
                    Some((stop, year)) => (stop, DayRef::Calendar { year, month, day }),
                    None => (end, DayRef::Calendar { year: YearRef::Unsaid, month, day }),
                },
            });
        }
        if let Some((end, month)) = self.hijri_month(j) {
            let (stop, year) = match self.year_number(end) {
                Some((stop, year, _)) => (stop, Some(year)),
                None if matches!(self.word(end), Some(Word::HijriEra)) => (end + 1, None),
                None => (end, None),
            };
            return Some((stop, DayRef::Hijri { year, month, day }));
        }
        // العاشر من الشهر نفسه / الجاري / الماضي
        if (n.ordinal || n.digits)
            && matches!(self.word(j), Some(Word::Unit { unit: Unit::Month, count: 1 }))
            && self.info[j].article
        {
            let offset = match self.word(j + 1)? {
                Word::Same => None,
                Word::Relative(Direction::Past) => Some(-1),
                Word::Relative(Direction::Current) => Some(0),
                Word::Relative(Direction::Next) => Some(1),
                _ => return None,
            };
            return Some((j + 2, DayRef::OfRelativeMonth { offset, day }));
        }
        None
    }

    /// `20/9/2023`, `2023-09-20`, `20.9.2023` (one token), day first unless the year is.
    fn numeric_date(&self, i: usize) -> Option<(usize, DayRef)> {
        if i >= self.end || self.tokens[i].kind != TokenKind::Number {
            return None;
        }
        let (parts, end): (Vec<&str>, usize) = if self.token_text(i).matches('.').count() == 2 {
            (self.token_text(i).split('.').collect(), i + 1)
        } else {
            let separator = self.token_text(i + 1);
            if !matches!(separator, "/" | "-" | ".")
                || self.token_text(i + 3) != separator
                || !(i..i + 4).all(|k| self.touching(k))
                || self.tokens.get(i + 2).is_none_or(|t| t.kind != TokenKind::Number)
                || self.tokens.get(i + 4).is_none_or(|t| t.kind != TokenKind::Number)
                || i + 4 >= self.end
            {
                return None;
            }
            (vec![self.token_text(i), self.token_text(i + 2), self.token_text(i + 4)], i + 5)
        };
        if parts.len() != 3
            || parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let values: Vec<i32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
        let (year, month, day) = if parts[0].len() == 4 {
            (values[0], values[1], values[2])
        } else if parts[2].len() == 4 || parts[2].len() == 2 {
            let year = if parts[2].len() == 2 { 2000 + values[2] } else { values[2] };
            // 9/20/2023 can only be month first.
            if values[1] > 12 && values[0] <= 12 { (year, values[0], values[1]) } else { (year, values[1], values[0]) }
        } else {
            return None;
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        Some((end, DayRef::Calendar { year: YearRef::Known(year), month: month as u8, day: day as u8 }))
    }

    // ---- days ----

    /// A day with what can surround it: a part of the day before (ليل الخميس, صباح اليوم,
    /// منتصف ليل الأحد) or after (الخميس صباحا), and a clock time after.
    fn day_expression(&self, i: usize) -> Option<(usize, Meaning)> {
        let (mut part, start) = match (self.word(i), self.word(i + 1)) {
            (Some(Word::Position(Mod::Mid)), Some(Word::DayPart(DayPart::Night))) => (Some(DayPart::Midnight), i + 2),
            (Some(Word::DayPart(p)), _) if !self.info[i].article => (Some(p), i + 1),
            _ => (None, i),
        };
        let (mut end, mut meaning) = match self.day_core(start) {
            Some(found) => found,
            None if start == i => return self.tonight(i),
            None => return None,
        };
        // ليل الخميس الجمعة: the night from one day to the next.
        if part == Some(DayPart::Night) && matches!(self.word(end), Some(Word::Weekday(_))) && self.info[end].article {
            end += 1;
        }
        if part.is_none()
            && let Some(Word::DayPart(p)) = self.word(end)
            && !self.info[end].article
        {
            part = Some(p);
            end += 1;
        }
        let mut clock = None;
        if let Some((stop, Meaning::Clock { hour, minute, part: clock_part })) = self.clock(end) {
            clock = Some((hour, minute));
            part = clock_part.or(part);
            end = stop;
        }
        if let Meaning::Day { part: p, clock: c, .. } = &mut meaning {
            *p = part;
            *c = clock;
        }
        Some((end, meaning))
    }

    /// الليلة (tonight), الليلة الماضية (last night).
    fn tonight(&self, i: usize) -> Option<(usize, Meaning)> {
        if !matches!(self.word(i), Some(Word::Tonight)) {
            return None;
        }
        let (end, offset) = match self.word(i + 1) {
            Some(Word::Relative(Direction::Past)) => (i + 2, -1),
            _ => (i + 1, 0),
        };
        let day = DayRef::FromAnchor(offset);
        Some((
            end,
            Meaning::Day { day, weekday: None, relative: Some(offset), part: Some(DayPart::Night), clock: None },
        ))
    }

    /// A day: relative (أمس، أول أمس، بعد غد، اليوم التالي), a weekday (الخميس، الأحد
    /// الماضي), an explicit date, or a mix (أمس الاثنين، يوم الخميس 19 نوفمبر 2020).
    fn day_core(&self, i: usize) -> Option<(usize, Meaning)> {
        let mut j = i;
        if matches!(self.word(j), Some(Word::DayWord))
            && ((matches!(self.word(j + 1), Some(Word::Weekday(_))) && self.info[j + 1].article)
                || self.num(j + 1).is_some())
        {
            j += 1;
        }
        let mut relative = None;
        let mut reference = None;
        match (self.word(j), self.word(j + 1)) {
            (Some(Word::After), Some(Word::RelativeDay(1))) => {
                relative = Some(2);
                j += 2;
            }
            (_, Some(Word::RelativeDay(-1))) if self.key_is(j, "اول") => {
                relative = Some(-2);
                j += 2;
            }
            (Some(Word::RelativeDay(-1)), _) if self.key_is(j + 1, "الاول") => {
                relative = Some(-2);
                j += 2;
            }
            (Some(Word::RelativeDay(0)), Some(Word::Same)) => {
                reference = Some(0);
                j += 2;
            }
            (Some(Word::RelativeDay(0)), _) if self.key_is(j + 1, "التالي") => {
                reference = Some(1);
                j += 2;
            }
            (Some(Word::RelativeDay(0)), _) if self.key_is(j + 1, "السابق") => {
                reference = Some(-1);
                j += 2;
            }
            (Some(Word::RelativeDay(0)), next) => {
                // اليوم is also "the day": اليوم العالمي، اليوم الأول.
                let definite_next =
                    self.info.get(j + 1).is_some_and(|n| n.article) || self.token_text(j + 1).starts_with("ال");
                if definite_next && !matches!(next, Some(Word::Weekday(_))) {
                    return None;
                }
                relative = Some(0);
                j += 1;
            }
            (Some(Word::RelativeDay(offset)), _) => {
                relative = Some(i32::from(offset));
                j += 1;
            }
            _ => {}
        }
        if let Some(offset) = reference {
            let meaning = Meaning::Day {
                day: DayRef::FromReference(offset),
                weekday: None,
                relative: None,
                part: None,
                clock: None,
            };
            return Some((j, meaning));
        }
        let mut weekday = None;
        // A weekday is written with its article (الأحد); a bare أحد is "one".
        if let Some(Word::Weekday(w)) = self.word(j)
            && self.info[j].article
        {
            weekday = Some(w);
            j += 1;
            if self.is_punct(j, &["،", ","]) && self.num(j + 1).is_some() {
                j += 1;
            }
        }
        if let Some((end, day)) = self.explicit_day(j) {
            return Some((end, Meaning::Day { day, weekday, relative, part: None, clock: None }));
        }
        if let Some(offset) = relative {
            let day = DayRef::FromAnchor(offset);
            return Some((j, Meaning::Day { day, weekday, relative, part: None, clock: None }));
        }
        let weekday = weekday?;
        let (end, direction) = match self.word(j) {
            Some(Word::Relative(direction)) => (j + 1, direction),
            _ => (j, Direction::Current),
        };
        let upcoming = direction == Direction::Current && self.future();
        let day = DayRef::Weekday { weekday, direction, upcoming };
        Some((end, Meaning::Day { day, weekday: None, relative: None, part: None, clock: None }))
    }

    // ---- clock times ----

    /// `الساعة 14:30 [بتوقيت غرينتش]`, `الساعة الواحدة ظهرا`, `الساعة العاشرة والنصف مساء`, `14:30`.
    fn clock(&self, i: usize) -> Option<(usize, Meaning)> {
        let said = matches!(self.word(i), Some(Word::Clock));
        let j = if said { i + 1 } else { i };
        let n = self.num(j)?;
        let hour = n.integer().filter(|h| (0..=24).contains(h))? as u8;
        let mut end = n.end;
        let mut minute = 0u8;
        if n.digits && self.is_punct(end, &[":"]) && self.touching(end - 1) && self.touching(end) {
            let m = self.num(end + 1).filter(|m| m.digits && self.token_text(end + 1).len() == 2)?;
            minute = m.integer().filter(|m| (0..60).contains(m))? as u8;
            end = m.end;
        } else if !said || (n.digits && hour > 24) {
            return None;
        }
        if let Some(Word::Fraction(f)) = self.word(end) {
            minute = (60.0 * f.abs()) as u8;
            if f < 0.0 {
                // إلا ربعا: a quarter to the hour.
                return None;
            }
            end += 1;
        }
        let mut hour = hour;
        let mut part = None;
        if let Some(Word::DayPart(p)) = self.word(end) {
            part = Some(p);
            if (p.pm() && hour < 12) || (p == DayPart::Night && (6..12).contains(&hour)) {
                hour += 12;
            }
            end += 1;
        }
        if matches!(self.word(end), Some(Word::Zone)) {
            end += 1;
            // The zone's name: غرينتش، مكة المكرمة، المحلي، GMT.
            if end < self.end && matches!(self.tokens[end].kind, TokenKind::Arabic | TokenKind::Latin) {
                end += 1;
            }
        }
        Some((end, Meaning::Clock { hour: hour % 24, minute, part }))
    }

    // ---- periods ----

    /// A period with a position (مطلع العام، أواخر الشهر الماضي، منتصف 2020، أواخر نوفمبر)
    /// or a relative period (الأسبوع الماضي، الشهر الجاري، العام المقبل، هذا العام).
    fn position_expression(&self, i: usize) -> Option<(usize, Meaning)> {
        let (position, j) = match self.word(i) {
            Some(Word::Position(p)) => (Some(p), i + 1),
            _ => (None, i),
        };
        // هذا and هذه are no words (and start with no proclitic): a token with a word is neither.
        let demonstrative = self.word(j).is_none() && self.key_among(j, &["هذا", "هذه"]);
        let k = if demonstrative { j + 1 } else { j };
        if let Some(Word::Unit { unit, count }) = self.word(k)
            && self.info[k].article
        {
            // العام السابق (the year before: السابق is no word, as it is mostly الرئيس السابق);
            // for stretches, الأيام القليلة الماضية and السنوات الأخيرة.
            let (relative, after) = match self.word(k + 1) {
                Some(Word::Relative(d)) => (Some(d), k + 2),
                None if self.key_among(k + 1, &["السابق", "السابقه"]) => (Some(Direction::Past), k + 2),
                None if count == 0 && self.key_is(k + 1, "الاخيره") => (Some(Direction::Past), k + 2),
                None if count == 0 && self.key_is(k + 1, "القليله") => match self.word(k + 2) {
                    Some(Word::Relative(d)) => (Some(d), k + 3),
                    _ => (None, k + 1),
                },
                _ => (None, k + 1),
            };
            let same = matches!(self.word(k + 1), Some(Word::Same));
            let offset = match relative {
                Some(Direction::Past) => Some(-1),
                Some(Direction::Next) => Some(1),
                Some(Direction::Current) => Some(0),
                None if demonstrative || position.is_some() => Some(0),
                None => None,
            };
            let end = if same { k + 2 } else { after };
            // اليومين الماضيين، العامين المقبلين: a stretch of two.
            if count == 2 && matches!(relative, Some(Direction::Past | Direction::Next)) {
                return Some((end, Meaning::Duration { amount: Some(2.0), unit }));
            }
            // السنوات الخمس الماضية، الأشهر الثلاثة الأخيرة: a stretch of so many, in words.
            if count == 0
                && relative.is_none()
                && let Some(n) = self.num(k + 1)
                && !(n.ordinal || n.approximate || n.digits)
                && (matches!(self.word(n.end), Some(Word::Relative(Direction::Past | Direction::Next)))
                    || (self.word(n.end).is_none() && self.key_is(n.end, "الاخيره")))
            {
                return Some((n.end + 1, Meaning::Duration { amount: Some(n.value), unit }));
            }
            if count == 0 {
                // الأيام الماضية، الأشهر المقبلة: a vague stretch.
                return match relative? {
                    Direction::Past => Some((end, Meaning::Vague("PAST_REF"))),
                    Direction::Next => Some((end, Meaning::Vague("FUTURE_REF"))),
                    Direction::Current => Some((end, Meaning::Vague("PRESENT_REF"))),
                };
            }
            if count != 1 {
                return None;
            }
            if unit == Unit::Year && self.year_number(k).is_some() {
                return None;
            }
            return match unit {
                Unit::Week => Some((end, Meaning::RelativeWeek { offset: offset?, position })),
                Unit::Month if same => Some((end, Meaning::RelativeMonth { offset: None, position })),
                Unit::Month => Some((end, Meaning::RelativeMonth { offset: Some(offset?), position })),
                Unit::Year => Some((end, Meaning::Year { year: YearRef::Relative(offset?), position, season: None })),
                _ => None,
            };
        }
        let position = position?;
        if let Some((end, Meaning::Month { year, month, .. })) = self.month_expression_after_position(j) {
            return Some((end, Meaning::Month { year, month, position: Some(position) }));
        }
        if let Some((end, year, false)) = self.year_number(j) {
            return Some((end, Meaning::Year { year: YearRef::Known(year), position: Some(position), season: None }));
        }
        None
    }

    fn month_expression_after_position(&self, i: usize) -> Option<(usize, Meaning)> {
        let j = if matches!(self.word(i), Some(Word::Unit { unit: Unit::Month, count: 1 })) { i + 1 } else { i };
        let (end, month, _) = self.month_name(j)?;
        let (end, year) = self.month_year(end);
        Some((end, Meaning::Month { year, month, position: None }))
    }

    fn month_year(&self, end: usize) -> (usize, YearRef) {
        match self.year_number(end) {
            Some((stop, year, false)) => (stop, YearRef::Known(year)),
            _ => self.year_of_relative(end).unwrap_or((end, YearRef::Unsaid)),
        }
    }

    /// `نوفمبر 2020`, `شهر نوفمبر`, `نوفمبر الماضي`, `شهر رمضان`, `رمضان 1445 هـ`.
    fn month_expression(&self, i: usize) -> Option<(usize, Meaning)> {
        let said_month = matches!(self.word(i), Some(Word::Unit { unit: Unit::Month, count: 1 }));
        let j = if said_month { i + 1 } else { i };
        if let Some((end, month, strict)) = self.month_name(j) {
            let (stop, year) = self.month_year(end);
            // مارس "practised", تموز and آب also names: alone only after a preposition.
            if strict && !said_month && year == YearRef::Unsaid && !self.after_preposition(i, false) {
                return None;
            }
            return Some((stop, Meaning::Month { year, month, position: None }));
        }
        let (end, month) = self.hijri_month(j)?;
        if let Some((stop, year, _)) = self.year_number(end) {
            return Some((stop, Meaning::HijriMonth { year: YearRef::Known(year), month }));
        }
        if let Some((stop, year)) = self.year_of_relative(end) {
            return Some((stop, Meaning::HijriMonth { year, month }));
        }
        let alone = |stop| Some((stop, Meaning::HijriMonth { year: YearRef::Unsaid, month }));
        if matches!(self.word(end), Some(Word::HijriEra)) {
            return alone(end + 1);
        }
        // شهر رمضان; a two-word name (ربيع الأول، ذو الحجة) is no other word; a one-word name
        // after a preposition (في رمضان، خلال شعبان), except رجب and صفر, which are also a
        // first name (بعد رجب طيب أردوغان) and "zero".
        let two_words = end == j + 2;
        if said_month || two_words || (!matches!(month, 2 | 7) && self.after_preposition(i, true)) {
            return alone(end);
        }
        None
    }

    /// Whether the word at `i` follows a preposition of time (في، خلال، منذ، حتى، بحلول …),
    /// as a word of its own or, when `clitic`, as its ب/ل clitic (برمضان). Not for Gregorian
    /// names: لماي is "for (Theresa) May".
    fn after_preposition(&self, i: usize, clitic: bool) -> bool {
        const PREPOSITIONS: &[&str] =
            &["في", "خلال", "منذ", "حتي", "بحلول", "حلول", "قبل", "بعد", "طيله", "طوال", "اثناء", "مطلع"];
        let clitic = clitic
            && self.info[i].skip > 0
            && self.tokens[i]
                .text(self.text)
                .chars()
                .nth(self.info[i].skip as usize - 1)
                .is_some_and(|c| matches!(c, 'ب' | 'ل'));
        clitic || (i > self.start && self.key_among(i - 1, PREPOSITIONS))
    }

    /// `عام 2020`, `سنة 1998م`, `2020م`, `1445 هـ`, `في 2020`, `صيف 2020`, `صيف العام الماضي`.
    fn year_expression(&self, i: usize) -> Option<(usize, Meaning)> {
        let season = match self.word(i) {
            Some(Word::Season(s)) => Some(s),
            Some(Word::HijriPair(HijriPair::Rabi)) if self.hijri_month(i).is_none() => Some("SP"),
            _ => None,
        };
        let j = if season.is_some() { i + 1 } else { i };
        if season.is_some()
            && let Some((end, Meaning::Year { year, position, .. })) = self.position_expression(j)
        {
            return Some((end, Meaning::Year { year, position, season }));
        }
        let said = matches!(self.word(j), Some(Word::Unit { unit: Unit::Year, count: 1 }));
        let (end, year, hijri, era) = self.year_number_with_era(j)?;
        if hijri {
            return Some((end, Meaning::HijriYear(year)));
        }
        // A bare number is a year only beside a word that says so.
        let preceded = i > 0 && self.key_among(i - 1, &["منذ", "حتي", "خلال", "عامي", "عام"])
            // عامي 2019 و2020: the second year of a pair.
            || (i > 1 && self.key_is(i - 1, "و") && self.year_number(i - 2).is_some())
            // في 2020 only when nothing counted follows (في 1950 قرية is a count): the clause
            // ends or a function word goes on (في 2020، حيث … / في 2014 عندما …).
            || (i > 0
                && self.key_among(i - 1, &["في", "وفي"])
                && (1900..=2099).contains(&year)
                && (end >= self.end
                    || self.tokens[end].kind == TokenKind::Punct
                    || self.key_among(end, AFTER_A_YEAR)));
        if !(said || era || season.is_some() || preceded) {
            return None;
        }
        if !(1000..=2200).contains(&year) {
            return Some((end, Meaning::Invalid("year out of range")));
        }
        Some((end, Meaning::Year { year: YearRef::Known(year), position: None, season }))
    }

    /// التسعينيات، تسعينات القرن الماضي، عشرينيات القرن الحالي.
    fn decade(&self, i: usize) -> Option<(usize, Meaning)> {
        let Some(Word::Decade(tens)) = self.word(i) else { return None };
        let mut end = i + 1;
        let mut century = 19;
        let mut relative_century = None;
        if let Some((stop, Meaning::Century(year))) = self.century(end) {
            end = stop;
            match year {
                YearRef::Known(c) => century = c,
                YearRef::Relative(offset) => relative_century = Some(offset),
                _ => {}
            }
        }
        Some((end, Meaning::Decade { century, relative_century, tens }))
    }

    /// القرن الماضي، القرن العشرين، القرن 21.
    fn century(&self, i: usize) -> Option<(usize, Meaning)> {
        if !matches!(self.word(i), Some(Word::Unit { unit: Unit::Century, count: 1 })) || !self.info[i].article {
            return None;
        }
        if let Some(Word::Relative(d)) = self.word(i + 1) {
            let offset = match d {
                Direction::Past => -1,
                Direction::Current => 0,
                Direction::Next => 1,
            };
            return Some((i + 2, Meaning::Century(YearRef::Relative(offset))));
        }
        let n = self.num(i + 1)?;
        let ordinal = n.integer().filter(|c| (1..=30).contains(c))?;
        Some((n.end, Meaning::Century(YearRef::Known(ordinal - 1))))
    }

    // ---- durations, sets, vague ----

    /// `ستة أسابيع`، `30 عاما`، `يومين`، `لمدة عام`، `ساعة ونصف`، `عدة أيام`; after قبل, a day
    /// back from the anchor (قبل ثلاثة أيام).
    fn duration(&self, i: usize) -> Option<(usize, Meaning)> {
        // قبل ثلاثة أيام: the whole phrase is a day.
        if matches!(self.word(i), Some(Word::Before)) {
            return match self.duration(i + 1)? {
                (end, shifted @ Meaning::Shifted { .. }) => Some((end, shifted)),
                _ => None,
            };
        }
        let (amount, unit_at) = match self.num(i) {
            Some(n) if n.approximate && n.value < 10.0 => (None, n.end),
            Some(n) if !n.ordinal && !n.approximate => (Some(n.value), n.end),
            Some(_) => return None,
            None => (None, i),
        };
        let Some(Word::Unit { unit, count }) = self.word(unit_at) else { return None };
        if self.info[unit_at].article {
            return None;
        }
        let mut end = unit_at + 1;
        let amount = match (amount, count) {
            (Some(a), _) => Some(a),
            (None, 2) => Some(2.0),
            (None, 1) if i > 0 && matches!(self.word(i - 1), Some(Word::ForDuration)) => Some(1.0),
            // قبل عام، قبل أسبوع: one, unsaid.
            (None, 1) if i > 0 && matches!(self.word(i - 1), Some(Word::Before)) => Some(1.0),
            // ساعة ونصف
            (None, 1) if matches!(self.word(end), Some(Word::Fraction(f)) if f > 0.0) => Some(1.0),
            (None, 0) if self.num(i).is_some() => None,
            _ => return None,
        };
        if unit == Unit::Year && self.year_number(unit_at).is_some() {
            return None;
        }
        let mut amount = amount;
        if let (Some(a), Some(Word::Fraction(f))) = (amount, self.word(end))
            && f > 0.0
            && self.token_text(end).starts_with('و')
        {
            amount = Some(a + f64::from(f));
            end += 1;
        }
        let before = i > 0 && matches!(self.word(i - 1), Some(Word::Before));
        if before
            && let Some(a) = amount
            && a.fract() == 0.0
            && matches!(unit, Unit::Day | Unit::Week | Unit::Month | Unit::Year)
            && !matches!(self.word(end), Some(Word::Of))
        {
            return Some((end, Meaning::Shifted { amount: -(a as i32), unit }));
        }
        Some((end, Meaning::Duration { amount, unit }))
    }

    /// يوميا، أسبوعيا، كل يوم، كل عامين، كل جمعة.
    fn set(&self, i: usize) -> Option<(usize, Meaning)> {
        match self.word(i)? {
            Word::Every(unit) => Some((i + 1, Meaning::Set { amount: 1, unit, weekday: None })),
            Word::EveryWord => {
                let j = if matches!(self.word(i + 1), Some(Word::DayWord)) { i + 2 } else { i + 1 };
                match self.word(j)? {
                    Word::Weekday(w) => Some((j + 1, Meaning::Set { amount: 1, unit: Unit::Week, weekday: Some(w) })),
                    Word::DayWord => Some((j + 1, Meaning::Set { amount: 1, unit: Unit::Day, weekday: None })),
                    Word::Unit { unit, count: 1 | 2 } if !self.info[j].article => {
                        let amount = if matches!(self.word(j), Some(Word::Unit { count: 2, .. })) { 2 } else { 1 };
                        Some((j + 1, Meaning::Set { amount, unit, weekday: None }))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn vague(&self, i: usize) -> Option<(usize, Meaning)> {
        match self.word(i)? {
            Word::Vague(v) => Some((i + 1, Meaning::Vague(v))),
            _ => None,
        }
    }
}

/// The scan as it was before its shortcuts, kept as the reference they are checked against:
/// every token looked up in the word table (no filter), numbers read over every window with
/// the plain reader, every token with a word or a number tried, the future cue settled for
/// every sentence. The same answers as [`recognize`], slowly.
#[cfg(test)]
pub(crate) fn recognize_reference(layer: &TextLayer) -> Vec<Expr> {
    use crate::lexicon::lookup;
    use marsad_text::normalize::clean_to_key;
    let text = layer.text();
    let tokens = &layer.tokens;
    let n = tokens.len();
    let info: Vec<Info> = tokens
        .iter()
        .map(|token| {
            if token.kind != TokenKind::Arabic {
                return Info::default();
            }
            let whole = token.text(text);
            if let Some(word) = lookup(&clean_to_key(whole)) {
                return Info { word: Some(word), article: whole.starts_with("ال"), skip: 0 };
            }
            let prefix_chars = u32::from(token.seg.prefix);
            if prefix_chars == 0 {
                return Info::default();
            }
            let stem = token.stem(text);
            let prefix = whole.get(..2 * prefix_chars as usize).unwrap_or("");
            if let Some(before_article) = prefix.strip_suffix("ال").filter(|p| !p.is_empty())
                && let Some(word) = lookup(&clean_to_key(&format!("ال{stem}")))
            {
                return Info { word: Some(word), article: true, skip: before_article.chars().count() as u32 };
            }
            let Some(word) = lookup(&clean_to_key(stem)) else { return Info::default() };
            let article = prefix.ends_with("ال") || prefix.ends_with("لل");
            let skip = if prefix.ends_with("ال") { prefix_chars - 2 } else { prefix_chars };
            Info { word: Some(word), article, skip }
        })
        .collect();
    let mut numbers: Vec<Option<Num>> = vec![None; n];
    let takes = |i: usize| info[i].word.is_some_and(takes_number);
    let mut i = 0;
    while i < n {
        if !takes(i) {
            i += 1;
            continue;
        }
        let start = i.saturating_sub(NUMBER_WINDOW);
        let mut end = (i + NUMBER_WINDOW).min(n);
        let mut k = i + 1;
        while k < end {
            if takes(k) {
                end = (k + NUMBER_WINDOW).min(n);
            }
            k += 1;
        }
        for m in marsad_text::find_numbers(text, &tokens[start..end]) {
            numbers[start + m.tokens.start] = Some(Num {
                end: start + m.tokens.end,
                value: m.value,
                ordinal: m.kind == NumberKind::Ordinal,
                approximate: m.kind == NumberKind::Approximate,
                digits: m.from_digits,
                skip: u32::from(m.prefix_chars),
            });
        }
        i = end;
    }
    for (i, token) in tokens.iter().enumerate() {
        if numbers[i].is_none()
            && token.kind == TokenKind::Number
            && let Some(value) = digits_value(token.text(text))
        {
            numbers[i] = Some(Num { end: i + 1, value, ordinal: false, approximate: false, digits: true, skip: 0 });
        }
    }
    let mut scanner =
        // No rank classes: every token is read.
        Scanner {
            text,
            tokens,
            info: &info,
            numbers: &numbers,
            classes: &RankClasses::NONE,
            // The reference settles the cue itself, from every token of the sentence.
            future_cues: &[],
            start: 0,
            end: 0,
            future: Cell::new(None),
        };
    let mut found = Vec::new();
    for sentence in &layer.sentences {
        let (start, end) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
        scanner.start = start;
        scanner.end = end.min(n);
        let future = (start..scanner.end).any(|i| scanner.future_cue(i));
        scanner.future.set(Some(future));
        let mut i = start;
        while i < scanner.end {
            let tried = info[i].word.is_some()
                || numbers[i].is_some()
                || tokens[i].kind == TokenKind::Number
                || scanner.is_demonstrative(i);
            match scanner.longest_at(i).filter(|_| tried) {
                Some((stop, meaning)) if stop > i => {
                    let first = info[i].skip.max(numbers[i].map_or(0, |n| n.skip));
                    let chars = tokens[i].char_start as usize + first as usize..tokens[stop - 1].char_end as usize;
                    found.push(Expr { tokens: i..stop, chars, meaning, future });
                    i = stop;
                }
                _ => i += 1,
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_reference(text: &str) {
        let layer = TextLayer::new(text);
        assert_eq!(recognize(&layer), recognize_reference(&layer), "{text}");
    }

    #[test]
    fn the_shortcuts_change_nothing_on_our_sentences() {
        for case in crate::fixtures::cases() {
            same_as_reference(case.text);
        }
        for text in [
            "وصل الوفد أول أمس الاثنين، وسيعقد اجتماعا بعد غد الساعة العاشرة والنصف صباحا بتوقيت غرينتش.",
            "في 20/9/2023 و٢٠/٩/٢٠٢٠ و2023-09-20، منذ عام 2019 و2020، قبل ثلاثة أيام، لمدة عام ونصف.",
            "من العاشر من الشهر نفسه حتى نهاية العام المقبل، في تسعينيات القرن الماضي وعشرينيات القرن الحالي.",
            "كل جمعة ويوميا، 15 رمضان 1445 هـ، ربيع الأول، ذي الحجة، كانون الثاني/يناير 2021، تشرين الأول.",
            "الخميس 21 أيلول الجاري، آب 2021، 31 شباط، عام 99999، 14:30، ليل الخميس الجمعة، منتصف ليل الأحد.",
            "سالب 5 و-5 والـ20 و20 في المئة و1،200 و1 234 567 ومليون ونصف المليون، هذا العام وهذه السنة.",
            "",
        ] {
            same_as_reference(text);
        }
    }

    /// A rank's class rules out only what the lookups would rule out: for every hot word
    /// classed as no time word, every surface form it stands for (each bare alef written
    /// أ، إ or آ) finds no word either; and the time words among the hot words are classed
    /// as possible ones.
    #[test]
    fn hot_classes_rule_out_only_words_the_lookups_rule_out() {
        let lexicon = Lexicon::builtin();
        let classes = rank_classes(&TextLayer::new("اليوم"));
        assert!(classes.may_be_word(0) && classes.may_be_future(0));
        let words = crate::lexicon::table();
        let mut ruled_out = 0;
        for rank in 1..=lexicon.hot_len() as u16 {
            let (word, seg) = lexicon.hot_word(rank).expect("a hot word");
            assert_eq!(classes.may_be_future(rank), word.starts_with('س'), "{word}");
            assert_eq!(classes.may_be_any(rank), classes.may_be_word(rank) || classes.may_be_future(rank));
            if classes.may_be_word(rank) {
                continue;
            }
            ruled_out += 1;
            let chars: Vec<char> = word.chars().collect();
            for (k, _) in chars.iter().enumerate().filter(|(_, c)| **c == 'ا') {
                for hamza in ['أ', 'إ', 'آ'] {
                    let mut surface = chars.clone();
                    surface[k] = hamza;
                    let surface: String = surface.into_iter().collect();
                    let info = describe(words, &surface, &whole_token(&surface, seg));
                    assert!(info.word.is_none(), "{surface} ({word}, rank {rank})");
                }
            }
        }
        assert!(ruled_out > lexicon.hot_len() * 9 / 10, "{ruled_out}");
        let ranked = TextLayer::new("اليوم الماضي الشهر والعام");
        assert!(ranked.tokens.iter().all(|t| t.hot != 0), "{:?}", ranked.tokens);
        for time_word in ["اليوم", "الأسبوع", "أمس", "يناير", "الماضي", "عام"] {
            let token = TextLayer::new(time_word).tokens[0];
            assert!(classes.may_be_word(token.hot), "{time_word} {token:?}");
        }
    }

    /// What the classes know of a rank is what [`describe`] finds for every token the
    /// tokeniser gives that rank: each surface form of each ranked time word (every bare alef
    /// written أ، إ or آ, one at a time), tokenised, either gets another rank or is described
    /// as the rank says.
    #[test]
    fn known_ranks_describe_every_surface_form_alike() {
        let lexicon = Lexicon::builtin();
        let classes = rank_classes(&TextLayer::new("اليوم"));
        assert!(!classes.known.is_empty() && classes.infos.len() > 100, "{}", classes.infos.len());
        let words = crate::lexicon::table();
        let mut checked = 0;
        for rank in 1..=lexicon.hot_len() as u16 {
            if classes.known[usize::from(rank)] == 0 {
                continue;
            }
            let (word, _) = lexicon.hot_word(rank).expect("a hot word");
            let chars: Vec<char> = word.chars().collect();
            let mut forms = vec![word.to_string()];
            for (k, _) in chars.iter().enumerate().filter(|(_, c)| **c == 'ا') {
                for hamza in ['أ', 'إ', 'آ'] {
                    let mut surface = chars.clone();
                    surface[k] = hamza;
                    forms.push(surface.into_iter().collect());
                }
            }
            for form in forms {
                let layer = TextLayer::new(&form);
                let [token] = layer.tokens[..] else { continue };
                if token.hot != rank {
                    continue;
                }
                let expected = describe(words, layer.text(), &token);
                let known = classes.known(layer.text(), &token).expect("known");
                assert_eq!(
                    (known.word, known.article, known.skip),
                    (expected.word, expected.article, expected.skip),
                    "{form} ({word}, rank {rank})"
                );
                checked += 1;
            }
        }
        assert!(checked > 200, "{checked}");
        // An unranked token is never known.
        let layer = TextLayer::new("نوفمبر");
        assert_eq!(layer.tokens[0].hot, 0);
        assert!(classes.known(layer.text(), &layer.tokens[0]).is_none());
    }

    /// Tokens ranked by another lexicon are not read against the shipped one's classes.
    #[test]
    fn ranks_of_another_lexicon_rule_nothing_out() {
        let other = Lexicon::from_counts([("الأسبوع", 5u32), ("الماضي", 9), ("بالأمس", 3), ("وقال", 50), ("قال", 80)]);
        let text = "وقال الوزير بالأمس إن الأسبوع الماضي شهد 3 اجتماعات في 20 كانون الثاني 2021.";
        let layer = TextLayer::build(marsad_text::normalize(text, marsad_text::Form::Clean), Some(&other));
        assert!(layer.tokens.iter().any(|t| t.hot != 0));
        let classes = rank_classes(&layer);
        assert!((0..=u16::MAX).all(|r| classes.may_be_word(r) && classes.may_be_future(r)));
        let found = recognize(&layer);
        assert_eq!(found, recognize_reference(&layer));
        assert!(!found.is_empty(), "{found:?}");
    }

    /// The first 3,000 articles of ANT (../shared): the scan with its shortcuts finds exactly
    /// what the reference finds. Skips, saying so, where ../shared is absent.
    #[test]
    fn the_shortcuts_change_nothing_on_3000_news_articles() {
        let shared = std::env::var_os("MARSAD_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        let corpus = shared.join("data/corpus/antcorpus/ant_v2.1_multisource.jsonl.zst");
        let Ok(file) = std::fs::File::open(&corpus) else {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "skipped: {} is not here", corpus.display());
            return;
        };
        use std::io::BufRead;
        let reader = std::io::BufReader::new(zstd::stream::read::Decoder::new(file).expect("zstd"));
        let (mut articles, mut expressions) = (0, 0);
        for line in reader.lines().take(3000) {
            let record: serde_json::Value = serde_json::from_str(&line.expect("a line")).expect("JSON");
            let field = |k: &str| record.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
            let layer = TextLayer::new(&format!("{}\n{}", field("title"), field("text")));
            let found = recognize(&layer);
            assert_eq!(found, recognize_reference(&layer), "article {}", field("id"));
            articles += 1;
            expressions += found.len();
        }
        assert_eq!(articles, 3000);
        assert!(expressions > 10_000, "{expressions}");
    }
}
