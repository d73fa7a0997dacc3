//! Normalisation of Arabic news text that keeps a map back to the original characters.
//!
//! The hot path is a byte loop: ASCII and every two-byte UTF-8 character (which covers
//! Latin-1, the Arabic block U+0600–U+06FF and its supplement) go through a 2,048-entry
//! action table built at compile time, one table per [`Form`]. Everything else takes a
//! slower path through `unicode-normalization` (presentation forms, full-width forms,
//! combining Latin accents), so the result is NFKC plus the Arabic foldings below.
//!
//! Every output character records the range of original code points it came from, so
//! spans found on the normalised text map back exactly (see [`Normalized::original_range`]).

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Which normal form to produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// For analysis and display. NFKC; tatweel, Arabic diacritics, Quranic marks and
    /// invisible controls removed; hamza marks composed onto their carriers (ا+ٔ → أ);
    /// Persian and Urdu letters folded to their Arabic equivalents (ی → ي، ک → ك، ہ → ه);
    /// Arabic-Indic and Persian digits to ASCII; exotic spaces to a plain space; CR LF to LF.
    /// Letters keep their hamza, ta marbuta and alef maqsura, and quotation marks keep
    /// their direction, because the extractors need both.
    Clean,
    /// For matching keys: `Clean`, plus every alef form → ا, ى → ي, ة → ه, Latin lower
    /// case, every quotation mark → `"` (single ones → `'`), dashes → `-`, and the
    /// Persian consonants پ چ ژ ڤ گ folded to ب ج ز ف ك.
    Key,
}

// Action encoding: the kind in the top byte, a replacement code point in the low 24 bits.
const KIND_SHIFT: u32 = 24;
const KEEP: u32 = 0;
const MAP: u32 = 1;
/// Removed, and not part of any neighbour's span (format controls, stray C0 controls).
const DROP: u32 = 2;
/// Removed, but counted in the previous character's span (diacritics, tatweel).
const MARK: u32 = 3;
const MADDA: u32 = 4;
const HAMZA_ABOVE: u32 = 5;
const HAMZA_BELOW: u32 = 6;
/// Carriage return: dropped before LF, else a newline.
const CR: u32 = 7;
/// Needs the general Unicode path.
const SLOW: u32 = 8;

const fn act(kind: u32, c: u32) -> u32 {
    (kind << KIND_SHIFT) | c
}

/// The `Clean` action for a code point below U+0800.
const fn clean_action(c: u32) -> u32 {
    match c {
        0x0A | 0x20 => act(KEEP, c),
        0x09 | 0x0B | 0x0C => act(MAP, 0x20),
        0x0D => act(CR, 0),
        0x00..=0x1F | 0x7F => act(DROP, 0),
        0x21..=0x7E => act(KEEP, c),
        0x85 => act(MAP, 0x0A),
        0x80..=0x9F => act(DROP, 0),
        0xA0 => act(MAP, 0x20),
        0xAD => act(DROP, 0),
        // Latin-1 symbols with compatibility decompositions (ª ² ³ ´ µ ¸ ¹ º ¼ ½ ¾ ¨ ¯).
        0xA8 | 0xAA | 0xAF | 0xB2..=0xB5 | 0xB8..=0xBA | 0xBC..=0xBE => act(SLOW, 0),
        0xA1..=0xFF => act(KEEP, c),
        // Latin extended, IPA, spacing modifiers, combining accents, Greek, Cyrillic,
        // Armenian, Hebrew: the general path decides (quick check, composition).
        0x100..=0x5FF => act(SLOW, 0),
        // Arabic number signs and other prepended format characters.
        0x600..=0x605 | 0x61C | 0x6DD => act(DROP, 0),
        0x610..=0x61A => act(MARK, 0),
        0x640 => act(MARK, 0),
        0x64B..=0x652 | 0x656..=0x65F | 0x670 => act(MARK, 0),
        0x653 => act(MADDA, 0),
        0x654 => act(HAMZA_ABOVE, 0),
        0x655 => act(HAMZA_BELOW, 0),
        0x660..=0x669 => act(MAP, c - 0x660 + 0x30),
        0x66A => act(MAP, 0x25),
        0x66B => act(MAP, 0x2E),
        0x66C => act(MAP, 0x2C),
        0x66D => act(MAP, 0x2A),
        0x675..=0x678 => act(SLOW, 0),
        0x6A9 | 0x6AA => act(MAP, 0x643),
        0x6C0..=0x6C2 | 0x6D5 => act(MAP, 0x647),
        0x6C3 => act(MAP, 0x629),
        0x6CC | 0x6D2 | 0x6D3 => act(MAP, 0x64A),
        0x6D4 => act(MAP, 0x2E),
        0x6D6..=0x6DC | 0x6DF..=0x6E8 | 0x6EA..=0x6ED => act(MARK, 0),
        0x6F0..=0x6F9 => act(MAP, c - 0x6F0 + 0x30),
        0x600..=0x6FF => act(KEEP, c),
        // Arabic Supplement letters.
        0x750..=0x77F => act(KEEP, c),
        // Syriac, Thaana, NKo: general path.
        _ => act(SLOW, 0),
    }
}

/// The extra folding of the `Key` form, applied to a `Clean` output character.
const fn key_fold(c: u32) -> u32 {
    match c {
        0x41..=0x5A => c + 0x20,
        0xAB | 0xBB | 0x2039 | 0x203A | 0x201C..=0x201F | 0x2033 | 0x301D | 0x301E => 0x22,
        0x2018..=0x201B => 0x27,
        0x2010..=0x2015 | 0x2212 => 0x2D,
        0x622 | 0x623 | 0x625 | 0x671..=0x673 => 0x627,
        0x649 => 0x64A,
        0x629 => 0x647,
        0x67E => 0x628,
        0x686 => 0x62C,
        0x698 => 0x632,
        0x6A4 => 0x641,
        0x6AF | 0x6AD => 0x643,
        0x6A8 => 0x642,
        _ => c,
    }
}

const fn key_action(c: u32) -> u32 {
    let a = clean_action(c);
    let kind = a >> KIND_SHIFT;
    let target = if kind == KEEP {
        c
    } else if kind == MAP {
        a & 0xFF_FFFF
    } else {
        return a;
    };
    let folded = key_fold(target);
    if kind == KEEP && folded == c { act(KEEP, c) } else { act(MAP, folded) }
}

const fn build_table(key: bool) -> [u32; 0x800] {
    let mut table = [0u32; 0x800];
    let mut c = 0;
    while c < 0x800 {
        table[c as usize] = if key { key_action(c) } else { clean_action(c) };
        c += 1;
    }
    table
}

static CLEAN_TABLE: [u32; 0x800] = build_table(false);
static KEY_TABLE: [u32; 0x800] = build_table(true);

/// The action for a code point at or above U+0800.
fn wide_action(c: u32, form: Form) -> u32 {
    let a = match c {
        // Arabic Extended-A/B: letters kept, marks removed like harakat.
        0x870..=0x887 | 0x889..=0x88E | 0x8A0..=0x8C9 => act(KEEP, c),
        0x890..=0x891 | 0x8E2 => act(DROP, 0),
        0x898..=0x89F | 0x8CA..=0x8FF => act(MARK, 0),
        0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => act(MAP, 0x20),
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF => act(DROP, 0),
        0xFE00..=0xFE0F => act(DROP, 0),
        0x2028 | 0x2029 => act(MAP, 0x0A),
        _ => act(SLOW, 0),
    };
    if form == Form::Key && a >> KIND_SHIFT == SLOW {
        let folded = key_fold(c);
        if folded != c {
            return act(MAP, folded);
        }
    }
    a
}

/// Text in a normal form, with the original code-point range of every character.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// Per output character: first original code point it came from.
    starts: Vec<u32>,
    /// Per output character: one past the last original code point it came from.
    ends: Vec<u32>,
    original_len: u32,
}

impl Normalized {
    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of characters (code points) of the normalised text.
    pub fn len_chars(&self) -> usize {
        self.starts.len()
    }

    /// Number of code points of the original text this was made from.
    pub fn original_len(&self) -> usize {
        self.original_len as usize
    }

    /// The original code-point range of the normalised character range `chars`
    /// (indices in characters, end exclusive). An empty range maps to an empty range at
    /// the position where it would be.
    pub fn original_range(&self, chars: Range<usize>) -> Range<usize> {
        let n = self.starts.len();
        let start = chars.start.min(n);
        let end = chars.end.clamp(start, n);
        if start == end {
            let at = if start < n { self.starts[start] } else { self.original_len };
            return at as usize..at as usize;
        }
        let first = self.starts[start..end].iter().copied().min().unwrap_or(0);
        let last = self.ends[start..end].iter().copied().max().unwrap_or(first);
        first as usize..last as usize
    }

    /// Original code-point range of one normalised character.
    pub fn original_of_char(&self, index: usize) -> Range<usize> {
        self.original_range(index..index + 1)
    }

    /// Consumes the value, returning the normalised text.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// Normalises `text` to `form`, keeping the offset map.
pub fn normalize(text: &str, form: Form) -> Normalized {
    let mut n = Normalized::default();
    let mut w = Writer::<true>::new(&mut n.text, &mut n.starts, &mut n.ends, text.len());
    w.run(text, 0, form);
    w.finish();
    n.original_len = count_chars(text) as u32;
    n
}

/// Normalises only the byte ranges `regions` of `text` (sorted, not overlapping, on
/// character boundaries), joined by a newline. Offsets in the map still refer to the
/// whole of `text`. The joining newline maps to an empty range at the end of the region
/// before it. Regions out of order or off character boundaries are ignored.
pub fn normalize_regions(text: &str, regions: &[Range<usize>], form: Form) -> Normalized {
    let mut n = Normalized::default();
    run_regions::<true>(text, regions, form, &mut n.text, &mut n.starts, &mut n.ends);
    n.original_len = count_chars(text) as u32;
    n
}

/// [`normalize_regions`] without the offset map (faster, for keys and hashing).
pub fn normalize_regions_str(text: &str, regions: &[Range<usize>], form: Form) -> String {
    let mut out = String::new();
    run_regions::<false>(text, regions, form, &mut out, &mut Vec::new(), &mut Vec::new());
    out
}

fn run_regions<const MAPPED: bool>(
    text: &str,
    regions: &[Range<usize>],
    form: Form,
    out: &mut String,
    starts: &mut Vec<u32>,
    ends: &mut Vec<u32>,
) {
    let capacity = regions.iter().map(|r| r.len() + 1).sum();
    let mut w = Writer::<MAPPED>::new(out, starts, ends, capacity);
    let mut consumed_bytes = 0usize;
    let mut consumed_chars = 0usize;
    let mut first = true;
    for region in regions {
        let (Some(gap), Some(piece)) = (text.get(consumed_bytes..region.start), text.get(region.clone())) else {
            continue;
        };
        if MAPPED {
            consumed_chars += count_chars(gap);
        }
        if !first {
            w.push_joiner(consumed_chars as u32);
        }
        first = false;
        w.run(piece, consumed_chars as u32, form);
        if MAPPED {
            consumed_chars += count_chars(piece);
        }
        consumed_bytes = region.end;
    }
    w.finish();
}

/// Normalises `text` to `form` without an offset map (faster, for keys and hashing).
pub fn normalize_str(text: &str, form: Form) -> String {
    let mut out = String::new();
    let (mut s, mut e) = (Vec::new(), Vec::new());
    let mut w = Writer::<false>::new(&mut out, &mut s, &mut e, text.len());
    w.run(text, 0, form);
    w.finish();
    out
}

/// Folds an already `Clean` string to the `Key` form (character for character).
pub fn clean_to_key(clean: &str) -> String {
    clean.chars().map(key_fold_char).collect()
}

/// The `Key` folding of one `Clean` character.
pub fn key_fold_char(c: char) -> char {
    let u = c as u32;
    let folded = key_fold(u);
    if folded != u {
        return char::from_u32(folded).unwrap_or(c);
    }
    if !c.is_ascii() && c.is_uppercase() {
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            return l;
        }
    }
    c
}

/// Number of code points in `s` (counts the bytes that start a character).
pub fn count_chars(s: &str) -> usize {
    s.chars().count()
}

/// The code point at byte `i` of `text` and its UTF-8 length; `i` is on a boundary.
#[inline(always)]
fn decode_at(text: &str, i: usize) -> (u32, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        (b as u32, 1)
    } else if b < 0xE0 {
        // `text` is valid UTF-8, so a two-byte lead is followed by its continuation.
        (((b as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F), 2)
    } else {
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        (c as u32, c.len_utf8())
    }
}

/// Builds the output: the text bytes and, when `MAPPED`, the offset map.
struct Writer<'a, const MAPPED: bool> {
    out: String,
    dest: &'a mut String,
    starts: &'a mut Vec<u32>,
    ends: &'a mut Vec<u32>,
    /// Byte index in `out` where the last output character starts.
    last_start: usize,
    /// Byte index in `out`, and output character index, of the last starter (a
    /// character of combining class 0): where a later combining mark composes.
    cluster_start: usize,
    cluster_index: usize,
}

/// Longest combining sequence (in bytes) that marks still compose into; beyond it
/// marks are kept as they come, so that pathological input stays linear.
const MAX_CLUSTER_BYTES: usize = 64;

impl<'a, const MAPPED: bool> Writer<'a, MAPPED> {
    fn new(dest: &'a mut String, starts: &'a mut Vec<u32>, ends: &'a mut Vec<u32>, capacity: usize) -> Self {
        let out = String::with_capacity(capacity);
        if MAPPED {
            starts.reserve(capacity / 2 + 8);
            ends.reserve(capacity / 2 + 8);
        }
        Writer { out, dest, starts, ends, last_start: 0, cluster_start: 0, cluster_index: 0 }
    }

    /// Pushes a starter (every character the tables emit is one).
    #[inline(always)]
    fn push_char(&mut self, c: char, from: u32, to: u32) {
        self.mark_cluster();
        self.push_in_cluster(c, from, to);
    }

    /// Pushes a character without starting a new cluster (a combining mark).
    #[inline(always)]
    fn push_in_cluster(&mut self, c: char, from: u32, to: u32) {
        self.last_start = self.out.len();
        self.out.push(c);
        if MAPPED {
            self.starts.push(from);
            self.ends.push(to);
        }
    }

    #[inline(always)]
    fn mark_cluster(&mut self) {
        self.cluster_start = self.out.len();
        self.cluster_index = self.starts.len();
    }

    /// Pushes a character of the input unchanged (`piece` is its UTF-8 text).
    #[inline(always)]
    fn push_str(&mut self, piece: &str, from: u32) {
        self.mark_cluster();
        self.last_start = self.out.len();
        self.out.push_str(piece);
        if MAPPED {
            self.starts.push(from);
            self.ends.push(from + 1);
        }
    }

    fn push_joiner(&mut self, at: u32) {
        self.push_char('\n', at, at);
    }

    /// Extends the span of the last output character to cover `cp`.
    #[inline(always)]
    fn absorb(&mut self, cp: u32) {
        if MAPPED && let Some(end) = self.ends.last_mut() {
            *end = (*end).max(cp + 1);
        }
    }

    fn last_char(&self) -> Option<char> {
        self.out.get(self.last_start..)?.chars().next()
    }

    fn replace_last(&mut self, c: char, cp: u32) {
        self.out.truncate(self.last_start);
        self.out.push(c);
        self.absorb(cp);
    }

    /// Composes a hamza or madda mark with the carrier before it, or absorbs it.
    fn compose_mark(&mut self, kind: u32, cp: u32, form: Form) {
        let composed = match (kind, self.last_char()) {
            (MADDA, Some('ا')) => Some('آ'),
            (HAMZA_ABOVE, Some('ا')) => Some('أ'),
            (HAMZA_ABOVE, Some('و')) => Some('ؤ'),
            (HAMZA_ABOVE, Some('ي')) => Some('ئ'),
            (HAMZA_BELOW, Some('ا')) => Some('إ'),
            _ => None,
        };
        match composed {
            // In the key form the composed alef folds straight back to ا.
            Some(c) if form == Form::Key && matches!(c, 'آ' | 'أ' | 'إ') => self.absorb(cp),
            Some(c) if !self.out.is_empty() => self.replace_last(c, cp),
            _ => self.absorb(cp),
        }
    }

    fn run(&mut self, text: &str, base_cp: u32, form: Form) {
        let table: &[u32; 0x800] = match form {
            Form::Clean => &CLEAN_TABLE,
            Form::Key => &KEY_TABLE,
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut cp = base_cp;
        while i < bytes.len() {
            // Most characters are kept as they are: copy each such run in one go.
            let run_start = i;
            let run_cp = cp;
            let mut last_char_at = i;
            let (mut code, mut len);
            loop {
                (code, len) = decode_at(text, i);
                let kept = code < 0x800 && table[code as usize] >> KIND_SHIFT == KEEP;
                if !kept {
                    break;
                }
                last_char_at = i;
                i += len;
                cp += 1;
                if i >= bytes.len() {
                    break;
                }
            }
            if i > run_start {
                let base = self.out.len();
                self.out.push_str(&text[run_start..i]);
                self.last_start = base + (last_char_at - run_start);
                self.cluster_start = self.last_start;
                self.cluster_index = self.starts.len() + (cp - run_cp) as usize - 1;
                if MAPPED {
                    self.starts.extend(run_cp..cp);
                    self.ends.extend(run_cp + 1..cp + 1);
                }
                if i >= bytes.len() {
                    break;
                }
            }
            let action = if code < 0x800 { table[code as usize] } else { wide_action(code, form) };
            match action >> KIND_SHIFT {
                KEEP => self.push_str(&text[i..i + len], cp),
                MAP => {
                    let c = char::from_u32(action & 0xFF_FFFF).unwrap_or('\u{FFFD}');
                    self.push_char(c, cp, cp + 1);
                }
                DROP => {}
                MARK => self.absorb(cp),
                CR => {
                    if bytes.get(i + 1) != Some(&b'\n') {
                        self.push_char('\n', cp, cp + 1);
                    }
                }
                SLOW => {
                    let c = char::from_u32(code).unwrap_or('\u{FFFD}');
                    self.slow(c, cp, form);
                }
                kind => self.compose_mark(kind, cp, form),
            }
            i += len;
            cp += 1;
        }
    }

    /// Moves the output into the destination string.
    fn finish(self) {
        if self.dest.is_empty() {
            *self.dest = self.out;
        } else {
            self.dest.push_str(&self.out);
        }
    }

    /// The general path: combining marks compose with the previous character, other
    /// characters are replaced by their NFKC form; each resulting character goes
    /// through the table once more (so ﻷ → لأ, and a decomposed ﹰ loses its mark).
    fn slow(&mut self, c: char, cp: u32, form: Form) {
        if canonical_combining_class(c) != 0 {
            if self.out.is_empty() {
                return; // a mark with nothing to sit on
            }
            let cluster_len = self.out.len() - self.cluster_start;
            if cluster_len > MAX_CLUSTER_BYTES {
                self.push_in_cluster(self.fold(c, form), cp, cp + 1);
                return;
            }
            // Recompose the whole cluster (starter + marks so far + this mark), so that
            // canonical reordering sees every mark, as NFKC does.
            let mut cluster = self.out[self.cluster_start..].to_string();
            cluster.push(c);
            let composed: String = cluster.nfkc().collect();
            let from = if MAPPED { self.starts.get(self.cluster_index).copied().unwrap_or(cp) } else { cp };
            self.out.truncate(self.cluster_start);
            if MAPPED {
                self.starts.truncate(self.cluster_index);
                self.ends.truncate(self.cluster_index);
            }
            for (i, d) in composed.chars().enumerate() {
                if i == 0 && canonical_combining_class(d) == 0 {
                    self.push_char(self.fold(d, form), from, cp + 1);
                } else {
                    self.push_in_cluster(self.fold(d, form), from, cp + 1);
                }
            }
            return;
        }
        if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
            self.push_char(self.fold(c, form), cp, cp + 1);
            return;
        }
        let decomposed: String = std::iter::once(c).nfkc().collect();
        for d in decomposed.chars() {
            self.emit_normalized(d, cp, form);
        }
    }

    /// Emits a character produced by NFKC, applying the table without recursing.
    fn emit_normalized(&mut self, d: char, cp: u32, form: Form) {
        let code = d as u32;
        let action = if code < 0x800 {
            match form {
                Form::Clean => CLEAN_TABLE[code as usize],
                Form::Key => KEY_TABLE[code as usize],
            }
        } else {
            wide_action(code, form)
        };
        match action >> KIND_SHIFT {
            KEEP => self.push_char(d, cp, cp + 1),
            MAP => {
                let c = char::from_u32(action & 0xFF_FFFF).unwrap_or(d);
                self.push_char(c, cp, cp + 1);
            }
            DROP => {}
            MARK => self.absorb(cp),
            MADDA | HAMZA_ABOVE | HAMZA_BELOW => self.compose_mark(action >> KIND_SHIFT, cp, form),
            _ if canonical_combining_class(d) != 0 => self.push_in_cluster(self.fold(d, form), cp, cp + 1),
            _ => self.push_char(self.fold(d, form), cp, cp + 1),
        }
    }

    fn fold(&self, c: char, form: Form) -> char {
        match form {
            Form::Clean => c,
            Form::Key => key_fold_char(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        normalize_str(s, Form::Clean)
    }
    fn key(s: &str) -> String {
        normalize_str(s, Form::Key)
    }

    #[test]
    fn removes_diacritics_and_tatweel() {
        assert_eq!(clean("مُحَمَّدٌ"), "محمد");
        assert_eq!(clean("كـــبير"), "كبير");
        assert_eq!(clean("القُرْآنِ"), "القرآن");
    }

    #[test]
    fn folds_persian_and_urdu_letters() {
        assert_eq!(clean("أرمینیا"), "أرمينيا");
        assert_eq!(clean("کرد"), "كرد");
        assert_eq!(clean("ہلال"), "هلال");
    }

    #[test]
    fn digits_become_ascii() {
        assert_eq!(clean("٢٠/٩/٢٠٢٣"), "20/9/2023");
        assert_eq!(clean("۱۴۰۲"), "1402");
        assert_eq!(clean("٣٫٥٪"), "3.5%");
    }

    #[test]
    fn clean_keeps_hamza_and_quotes_key_folds_them() {
        let s = "«إيران» وأنقرة على مسؤولية";
        assert_eq!(clean(s), "«إيران» وأنقرة على مسؤولية");
        assert_eq!(key(s), "\"ايران\" وانقره علي مسؤوليه");
    }

    #[test]
    fn composes_decomposed_hamza() {
        assert_eq!(clean("ا\u{654}حمد"), "أحمد");
        assert_eq!(clean("ا\u{655}يران"), "إيران");
        assert_eq!(clean("ا\u{653}ن"), "آن");
        assert_eq!(key("ا\u{654}حمد"), "احمد");
    }

    #[test]
    fn presentation_forms_go_through_nfkc() {
        assert_eq!(clean("\u{FEFB}"), "لا");
        assert_eq!(clean("\u{FEF7}"), "لأ");
        assert_eq!(key("\u{FEF7}"), "لا");
        assert_eq!(clean("ＡＢＣ"), "ABC");
        assert_eq!(key("ＡＢＣ"), "abc");
    }

    #[test]
    fn invisible_controls_are_dropped() {
        assert_eq!(clean("قره\u{200C}باغ\u{200F}"), "قرهباغ");
        assert_eq!(clean("\u{FEFF}نص"), "نص");
        assert_eq!(clean("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(clean("a\u{A0}b\tc"), "a b c");
    }

    #[test]
    fn map_points_back_to_original() {
        let s = "وَمُوسْكُو";
        let n = normalize(s, Form::Clean);
        assert_eq!(n.text(), "وموسكو");
        // "موسكو" is normalised chars 1..6; originally code points 2..10 (with its marks).
        assert_eq!(n.original_range(1..6), 2..10);
        assert_eq!(n.original_range(0..1), 0..2);
    }

    #[test]
    fn map_for_expansions() {
        let s = "x\u{FEFB}y";
        let n = normalize(s, Form::Clean);
        assert_eq!(n.text(), "xلاy");
        assert_eq!(n.original_range(1..2), 1..2);
        assert_eq!(n.original_range(2..3), 1..2);
        assert_eq!(n.original_range(3..4), 2..3);
    }

    #[test]
    fn latin_combining_accents_compose() {
        assert_eq!(clean("cafe\u{301}"), "café");
        let n = normalize("cafe\u{301}!", Form::Clean);
        assert_eq!(n.original_range(3..4), 3..5);
        assert_eq!(n.original_range(4..5), 5..6);
    }

    /// Regression (found by the idempotence property): a second mark must recompose the
    /// whole cluster, or canonical reordering differs between passes.
    #[test]
    fn marks_recompose_with_the_whole_cluster() {
        let once = clean("i\u{358}\u{300}");
        assert_eq!(once, "ì\u{358}");
        assert_eq!(clean(&once), once);
    }

    #[test]
    fn regions_map_to_whole_text() {
        let text = "عنوان\nAd\nنص المقال";
        let first = 0..text.find('\n').unwrap();
        let third_start = text.rfind('\n').unwrap() + 1;
        let n = normalize_regions(text, &[first, third_start..text.len()], Form::Clean);
        assert_eq!(n.text(), "عنوان\nنص المقال");
        // "نص" starts at normalised char 6; in the original it is at 9.
        assert_eq!(n.original_range(6..8), 9..11);
    }
}
