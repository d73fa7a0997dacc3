//! Linking the mentions of one document to canonical entities (rules in the crate
//! documentation).

use std::collections::HashMap;

use marsad_core::EntityKind;
use marsad_text::clitics::fold_alef_str;
use marsad_text::normalize::{Form, normalize_str};
use marsad_text::translit::to_latin;

use crate::gazetteer::{Gazetteer, key_form};
use crate::key::name_key;
use crate::latin::title_word;

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
    /// A lone surname that one gazetteer person alone bears (ماكرون with no full name
    /// in the document).
    Surname,
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
    if short_person { format!("{}-surname-{hash}", kind.id_prefix()) } else { format!("{}-{hash}", kind.id_prefix()) }
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
        // A name of two words or more that the gazetteer knows is specific enough on its
        // own (and a tagger's overlong «إيمانويل ماكرون أجريا» must not swallow it).
        let person = m.kind == EntityKind::Person && !words[i].is_empty();
        if person && !(words[i].len() >= 2 && gaz.lookup_key(&keys[i], m.text, Some(m.kind)).is_some()) {
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
                    // One person under several spellings; or the gazetteer's reading of
                    // the short form (ماكرون is Emmanuel Macron) is one of the names.
                    let prior = gaz
                        .lookup_key(&keys[i], m.text, Some(m.kind))
                        .or_else(|| if words[i].len() == 1 { gaz.person_by_surname(m.text) } else { None })
                        .map(|e| e.id.as_str());
                    let pick = if resolved.iter().all(|r| r.entity_id == resolved[0].entity_id) {
                        Some(&resolved[0])
                    } else {
                        prior.and_then(|p| resolved.iter().find(|r| r.entity_id == p))
                    };
                    if let Some(r) = pick {
                        let mut r = r.clone();
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
        && let Some(e) = gaz.lookup_key(key, m.text, Some(m.kind)).or_else(|| gaz.lookup_loose(m.text, Some(m.kind)))
    {
        return Resolved {
            canonical: e.latin.clone(),
            entity_id: e.id.clone(),
            kind: e.kind,
            wikidata: e.wikidata.clone(),
            how: ResolvedBy::Gazetteer,
        };
    }
    if m.kind == EntityKind::Person
        && n_words == 1
        && let Some(e) = gaz.person_by_surname(m.text)
    {
        return Resolved {
            canonical: e.latin.clone(),
            entity_id: e.id.clone(),
            kind: e.kind,
            wikidata: e.wikidata.clone(),
            how: ResolvedBy::Surname,
        };
    }
    // Articles are part of names (al-Khatib) but not of a one-word currency or the
    // like (اليورو and يورو are both Euro).
    let canonical =
        latin_name_with(gaz, m.text, m.kind != EntityKind::Misc || n_words > 1, m.kind != EntityKind::Person);
    Resolved {
        canonical: if canonical.is_empty() { m.text.trim().to_string() } else { canonical },
        entity_id: unknown_id(m.kind, key, m.kind == EntityKind::Person && n_words <= 1),
        kind: m.kind,
        wikidata: None,
        how: ResolvedBy::Transliterated,
    }
}

/// A readable Latin name for a name the gazetteer does not know, word by word: the
/// token table's usual spelling for the word's name key (the same for every spelling
/// of the word: باشنيان and باشينيان are both Pashinyan), else a transliteration of
/// the word as written; Title Case, `al-` where the text writes the article,
/// `Abdul`/`Abdullah` for عبد, `Abu`, `bin`, `Ibn`, `Allah`. Non-Arabic words are kept
/// as written. (For one-word MISC names the linker leaves the article out.)
pub fn latin_name(gaz: &Gazetteer, text: &str) -> String {
    latin_name_with(gaz, text, true, false)
}

fn is_arabic_word(w: &str) -> bool {
    w.chars().any(|c| ('\u{0620}'..='\u{06FF}').contains(&c))
}

/// `places`: a word that is by itself a known place is spelled as that place (for
/// names of places and organisations: «جدة» in «جدة شو» is Jeddah, whatever person-name
/// lists say of the word).
fn latin_name_with(tokens: &Gazetteer, text: &str, article: bool, places: bool) -> String {
    let clean = normalize_str(text, Form::Clean);
    let chunks: Vec<&str> = clean
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let mut parts: Vec<String> = Vec::with_capacity(chunks.len());
    let mut i = 0;
    while i < chunks.len() {
        if let Some((acronym, used)) = spelled_acronym(&chunks[i..]) {
            parts.push(acronym);
            i += used;
            continue;
        }
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
            "الله" => Some("Allah"),
            "ابن" => Some(if parts.is_empty() { "Ibn" } else { "ibn" }),
            "بن" => Some(if parts.is_empty() { "Bin" } else { "bin" }),
            "بنت" => Some(if parts.is_empty() { "Bint" } else { "bint" }),
            "ال" | "آل" => Some("Al"),
            _ => None,
        };
        if let Some(f) = fixed {
            parts.push(f.to_string());
            continue;
        }
        if places && let Some(latin) = place_latin(tokens, w) {
            parts.push(latin.to_string());
            continue;
        }
        parts.push(latin_word(tokens, w, &kf, article));
    }
    parts.join(" ")
}

/// The Latin letter an Arabic word spells out when it is the name of one (إم → M, بي → B,
/// دبليو → W), as news writes acronyms (إم بي دي إيه، سي إن إن، إف 16).
fn latin_letter_name(word: &str) -> Option<char> {
    Some(match word {
        "إيه" | "ايه" | "أيه" => 'A',
        "بي" => 'B',
        "سي" => 'C',
        "دي" => 'D',
        "إي" => 'E',
        "إف" | "اف" => 'F',
        "جي" => 'G',
        "إتش" | "اتش" | "إيتش" | "ايتش" => 'H',
        "آي" => 'I',
        "جيه" => 'J',
        "كيه" | "كاي" => 'K',
        "إل" => 'L',
        "إم" | "ام" => 'M',
        "إن" => 'N',
        "أو" => 'O',
        "كيو" => 'Q',
        "آر" | "ار" => 'R',
        "إس" | "اس" => 'S',
        "تي" => 'T',
        "يو" => 'U',
        "في" => 'V',
        "دبليو" => 'W',
        "إكس" | "اكس" => 'X',
        "واي" => 'Y',
        "زد" => 'Z',
        _ => return None,
    })
}

/// An acronym spelled out in Arabic letter names at the start of `words`: two letter
/// names or more (بي بي سي → BBC, سي إن إن الأمريكية → CNN + the rest), or one before a number
/// (إف 16 → F-16). The Latin and how many words it took. One letter name alone is a
/// word like any other (دي in دي ميستورا).
fn spelled_acronym(words: &[&str]) -> Option<(String, usize)> {
    let letters: String = words.iter().map_while(|w| latin_letter_name(w)).collect();
    let n = letters.chars().count();
    let number = words.get(n).filter(|w| w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty());
    match (n, number) {
        (0, _) => None,
        (_, Some(number)) => Some((format!("{letters}-{number}"), n + 1)),
        (1, None) => None,
        (_, None) => Some((letters, n)),
    }
}

/// The Latin name of the place a single word names, when it is one word too
/// (جدة → Jeddah, الرياض → Riyadh; not «Washington, D.C.» inside a longer name).
fn place_latin<'g>(gaz: &'g Gazetteer, word: &str) -> Option<&'g str> {
    let e = gaz.lookup_key(&name_key(word), word, Some(EntityKind::Location))?;
    (e.kind == EntityKind::Location && e.latin.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '\''))
        .then_some(e.latin.as_str())
}

/// عبد + a name: the token table's spelling of the joined form, else `Abdul Name`
/// (`Abdullah` for عبد الله).
fn abd_name(tokens: &Gazetteer, joined: &str, rest: &str) -> String {
    if rest == "الله" {
        return "Abdullah".to_string();
    }
    if let Some(l) = tokens.token_fuzzy(&name_key(joined)) {
        return title_word(l);
    }
    let bare = rest.strip_prefix("ال").filter(|r| r.chars().count() >= 2).unwrap_or(rest);
    let latin = match tokens.token_fuzzy(&name_key(bare)) {
        Some(l) => title_word(l.trim_start_matches("al-").trim_start_matches("el-")),
        None => to_latin(bare),
    };
    format!("Abdul {latin}")
}

/// One Arabic name word: the token table's spelling for its name key, so that every
/// spelling of the word gets the same Latin (the table has no articles: `al-` comes
/// from the text, unless `article` is false); else a transliteration of the word as
/// written, hamza seats on alef folded.
fn latin_word(tokens: &Gazetteer, w: &str, kf: &str, article: bool) -> String {
    let has_article = kf.starts_with("ال") && kf.chars().count() >= 5;
    let latin = match tokens.token_fuzzy(&name_key(w)) {
        Some(l) if has_article && article => format!("al-{}", title_word(l)),
        Some(l) => title_word(l),
        // Alef-hamza forms vary between spellings (إيساف، ايساف): transliterate one.
        None => to_latin(&fold_alef_str(w)),
    };
    if article { latin } else { latin.strip_prefix("al-").map(str::to_string).unwrap_or(latin) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_spelled_in_letter_names_are_written_in_latin_letters() {
        let acronym = |s: &str| spelled_acronym(&s.split_whitespace().collect::<Vec<_>>());
        assert_eq!(acronym("إم بي دي إيه"), Some(("MBDA".to_string(), 4)));
        assert_eq!(acronym("سي إن إن"), Some(("CNN".to_string(), 3)));
        assert_eq!(acronym("إف 16"), Some(("F-16".to_string(), 2)));
        assert_eq!(acronym("إتش إس بي سي"), Some(("HSBC".to_string(), 4)));
        assert_eq!(acronym("سي إن إن الأمريكية"), Some(("CNN".to_string(), 3)));
        assert_eq!(acronym("دي ميستورا"), None);
        assert_eq!(acronym("بوتين"), None);
    }

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
