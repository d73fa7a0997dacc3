//! Linking the mentions of one document to canonical entities (rules in the crate
//! documentation).

use std::collections::HashMap;

use marsad_core::EntityKind;
use marsad_text::normalize::{Form, normalize_str};
use marsad_text::translit::to_latin;

use crate::gazetteer::{Gazetteer, key_form};
use crate::key::name_key;
use crate::latin::{initial_fits, title_word};

/// One entity mention as the tagger found it (clitics already trimmed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentionIn<'a> {
    pub text: &'a str,
    pub kind: EntityKind,
}

/// How a mention was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolvedBy {
    /// The mention's name is a gazetteer alias.
    Gazetteer,
    /// A short form of a longer person name in the same document (which may itself be
    /// a gazetteer entity).
    InDocument,
    /// Not in the gazetteer: id from the name key, Latin name transliterated.
    Transliterated,
    /// A short person name that several different longer names of the document
    /// contain; left unresolved (a `per-surname-` id) rather than merged.
    Ambiguous,
}

/// The canonical entity of a mention.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Resolved {
    /// Canonical Latin name.
    pub canonical: String,
    /// Stable id: a gazetteer id (`per:vladimir-putin`) or a hash of kind and name key
    /// (`per-3fa2c1d4e5f60718`, `per-surname-…` for a lone short person name).
    pub entity_id: String,
    /// The entity's kind (the gazetteer's when linked there; LOC and ORG may differ
    /// from the mention's own type).
    pub kind: EntityKind,
    pub wikidata: Option<String>,
    pub how: ResolvedBy,
}

fn kind_prefix(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "per",
        EntityKind::Location => "loc",
        EntityKind::Organization => "org",
        EntityKind::Misc => "misc",
    }
}

/// The first 64 bits of BLAKE3 over the kind code and the name key, in hex.
fn key_hash(kind: EntityKind, key: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(kind.code().as_bytes());
    h.update(&[0x1f]);
    h.update(key.as_bytes());
    let hex = h.finalize().to_hex();
    hex.as_str()[..16].to_string()
}

/// The id of a name the gazetteer does not know: `per-…`, `loc-…`, …; a person name
/// of one word (or an ambiguous short form) gets `per-surname-…`.
pub fn unknown_id(kind: EntityKind, key: &str, short_person: bool) -> String {
    let hash = key_hash(kind, key);
    if short_person { format!("{}-surname-{hash}", kind_prefix(kind)) } else { format!("{}-{hash}", kind_prefix(kind)) }
}

/// Whether `needle` names the same person as the longer `hay` (word keys): a
/// contiguous run of its words, or its first and last words with some in between.
fn part_of(needle: &[&str], hay: &[&str]) -> bool {
    if needle.is_empty() || needle.len() >= hay.len() {
        return false;
    }
    if hay.windows(needle.len()).any(|w| w == needle) {
        return true;
    }
    if needle.len() >= 2 && needle.first() == hay.first() && needle.last() == hay.last() {
        let mut it = hay.iter();
        return needle.iter().all(|w| it.any(|h| h == w));
    }
    false
}

/// Resolves every mention of one document; the result has the same length and order.
pub fn link_document(gaz: &Gazetteer, mentions: &[MentionIn]) -> Vec<Resolved> {
    let keys: Vec<String> = mentions.iter().map(|m| name_key(m.text)).collect();
    let words: Vec<Vec<&str>> =
        keys.iter().map(|k| if k.is_empty() { Vec::new() } else { k.split(' ').collect() }).collect();

    // Distinct person names of two words or more (first occurrence of each key), and
    // the maximal ones: not part of a longer one.
    let mut fulls: Vec<usize> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == EntityKind::Person && words[i].len() >= 2 && !fulls.iter().any(|&f| keys[f] == keys[i]) {
            fulls.push(i);
        }
    }
    let maximal: Vec<usize> =
        fulls.iter().copied().filter(|&f| !fulls.iter().any(|&g| part_of(&words[f], &words[g]))).collect();

    let mut cache: HashMap<(EntityKind, usize), Resolved> = HashMap::new();
    let mut first_of: HashMap<(EntityKind, &str), usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        first_of.entry((m.kind, keys[i].as_str())).or_insert(i);
    }
    let own = |i: usize, cache: &mut HashMap<(EntityKind, usize), Resolved>| -> Resolved {
        let kind = mentions[i].kind;
        let rep = first_of.get(&(kind, keys[i].as_str())).copied().unwrap_or(i);
        cache
            .entry((kind, rep))
            .or_insert_with(|| resolve_own(gaz, mentions[rep], &keys[rep], words[rep].len()))
            .clone()
    };

    let mut out = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == EntityKind::Person && !words[i].is_empty() {
            let cands: Vec<usize> = maximal.iter().copied().filter(|&f| part_of(&words[i], &words[f])).collect();
            match cands.len() {
                0 => {}
                1 => {
                    let mut r = own(cands[0], &mut cache);
                    r.how = ResolvedBy::InDocument;
                    out.push(r);
                    continue;
                }
                _ => {
                    let resolved: Vec<Resolved> = cands.iter().map(|&f| own(f, &mut cache)).collect();
                    if resolved.iter().all(|r| r.entity_id == resolved[0].entity_id) {
                        let mut r = resolved[0].clone();
                        r.how = ResolvedBy::InDocument;
                        out.push(r);
                    } else {
                        out.push(Resolved {
                            canonical: latin_name(gaz, m.text),
                            entity_id: unknown_id(m.kind, &keys[i], true),
                            kind: m.kind,
                            wikidata: None,
                            how: ResolvedBy::Ambiguous,
                        });
                    }
                    continue;
                }
            }
        }
        out.push(own(i, &mut cache));
    }
    out
}

/// A mention resolved on its own: the gazetteer, else a new entity from its key.
fn resolve_own(gaz: &Gazetteer, m: MentionIn, key: &str, n_words: usize) -> Resolved {
    if !key.is_empty()
        && let Some(e) = gaz.lookup_key(key, m.text, Some(m.kind))
    {
        return Resolved {
            canonical: e.latin.clone(),
            entity_id: e.id.clone(),
            kind: e.kind,
            wikidata: e.wikidata.clone(),
            how: ResolvedBy::Gazetteer,
        };
    }
    let canonical = latin_name(gaz, m.text);
    Resolved {
        canonical: if canonical.is_empty() { m.text.trim().to_string() } else { canonical },
        entity_id: unknown_id(m.kind, key, m.kind == EntityKind::Person && n_words <= 1),
        kind: m.kind,
        wikidata: None,
        how: ResolvedBy::Transliterated,
    }
}

/// Where Latin spellings of name words come from.
pub(crate) trait TokenSource {
    /// By exact spelling (`Form::Key`).
    fn exact(&self, key_form_word: &str) -> Option<&str>;
    /// By [`name_key`] of the word.
    fn fuzzy(&self, word_key: &str) -> Option<&str>;
}

impl TokenSource for Gazetteer {
    fn exact(&self, w: &str) -> Option<&str> {
        self.token_exact(w)
    }
    fn fuzzy(&self, k: &str) -> Option<&str> {
        self.token_fuzzy(k)
    }
}

/// A readable Latin name for a name the gazetteer does not know, word by word: the
/// token table's usual spelling (exact, then by name key), else a transliteration;
/// Title Case, `al-` for the article, `Abdul`/`Abdullah` for عبد, `Abu`, `bin`.
/// Non-Arabic words are kept as written.
pub fn latin_name(gaz: &Gazetteer, text: &str) -> String {
    latin_name_with(gaz, text)
}

fn is_arabic_word(w: &str) -> bool {
    w.chars().any(|c| ('\u{0620}'..='\u{06FF}').contains(&c))
}

pub(crate) fn latin_name_with(tokens: &dyn TokenSource, text: &str) -> String {
    let clean = normalize_str(text, Form::Clean);
    let chunks: Vec<&str> = clean
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let mut parts: Vec<String> = Vec::with_capacity(chunks.len());
    let mut i = 0;
    while i < chunks.len() {
        let w = chunks[i];
        i += 1;
        if !is_arabic_word(w) {
            parts.push(w.to_string());
            continue;
        }
        let kf = key_form(w);
        if kf == "عبد" && i < chunks.len() && is_arabic_word(chunks[i]) {
            let next = key_form(chunks[i]);
            let joined = format!("{kf}{next}");
            i += 1;
            parts.push(abd_name(tokens, &joined, &next));
            continue;
        }
        if let Some(rest) = kf.strip_prefix("عبد").filter(|r| r.starts_with("ال") && r.chars().count() > 2) {
            parts.push(abd_name(tokens, &kf, rest));
            continue;
        }
        let fixed = match kf.as_str() {
            "ابو" => Some("Abu"),
            "ابن" | "بن" => Some(if parts.is_empty() { "Bin" } else { "bin" }),
            "بنت" => Some(if parts.is_empty() { "Bint" } else { "bint" }),
            "ال" | "آل" => Some("Al"),
            _ => None,
        };
        if let Some(f) = fixed {
            parts.push(f.to_string());
            continue;
        }
        parts.push(latin_word(tokens, w, &kf));
    }
    parts.join(" ")
}

/// عبد + a name: the token table's spelling of the joined form, else `Abdul Name`
/// (`Abdullah` for عبد الله).
fn abd_name(tokens: &dyn TokenSource, joined: &str, rest: &str) -> String {
    if rest == "الله" {
        return "Abdullah".to_string();
    }
    if let Some(l) = tokens.exact(joined).or_else(|| tokens.fuzzy(&name_key(joined))) {
        return title_word(l);
    }
    let bare = rest.strip_prefix("ال").filter(|r| r.chars().count() >= 2).unwrap_or(rest);
    let latin = match tokens.exact(bare).or_else(|| tokens.fuzzy(&name_key(bare))) {
        Some(l) => title_word(l.trim_start_matches("al-").trim_start_matches("el-")),
        None => to_latin(bare),
    };
    format!("Abdul {latin}")
}

/// One Arabic name word (`kf` is its `Form::Key`).
fn latin_word(tokens: &dyn TokenSource, w: &str, kf: &str) -> String {
    let has_article = kf.starts_with("ال") && kf.chars().count() > 3;
    // Lists spell the article every way: al-X, alX, elX, X. Names get `al-X`; an
    // assimilated article (ash-Shami, as written) is kept.
    let with_article = |l: &str| {
        if l.starts_with("al-") || l.starts_with("el-") {
            return title_word(l);
        }
        let after = kf.chars().nth(2).unwrap_or(' ');
        if let Some(rest) = l.strip_prefix("al").or_else(|| l.strip_prefix("el"))
            && rest.len() > 2
            && rest.bytes().next().is_some_and(|b| initial_fits(after, b))
        {
            return format!("al-{}", title_word(rest));
        }
        if l.starts_with('a') || l.starts_with('e') {
            return title_word(l);
        }
        format!("al-{}", title_word(l))
    };
    if let Some(l) = tokens.exact(kf) {
        return if has_article { with_article(l) } else { title_word(l) };
    }
    if has_article && let Some(l) = tokens.exact(&kf["ال".len()..]) {
        return with_article(l);
    }
    if let Some(l) = tokens.fuzzy(&name_key(w)) {
        return if has_article { with_article(l) } else { title_word(l) };
    }
    to_latin(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_of_names() {
        let full = ["فلاديمير", "بوتين"];
        assert!(part_of(&["بوتين"], &full));
        assert!(part_of(&["فلاديمير"], &full));
        assert!(!part_of(&full, &full));
        assert!(!part_of(&["بوت"], &full));
        let three = ["رجب", "طيب", "اردغن"];
        assert!(part_of(&["رجب", "اردغن"], &three));
        assert!(part_of(&["طيب", "اردغن"], &three));
        assert!(!part_of(&["اردغن", "رجب"], &three));
    }
}
