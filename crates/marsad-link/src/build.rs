//! Building the shipped gazetteer from the public lists and the curated file (pure:
//! the caller reads the files).
//!
//! - **Countries** (mledoze, ODbL): one LOC entity per country, `loc:<english-name>`,
//!   with the Arabic common, official and native names as aliases.
//! - **Cities** (world-cities translations, CC BY 4.0): cities of 100,000 people or
//!   more, `loc:<city>-<country code>`. Prefixes such as ولاية / منطقة / محافظة give a
//!   second alias without them. Bad translations are filtered: the Arabic name must be
//!   a plausible transliteration of the English one ([`plausible_pair`]: first letters,
//!   length, consonants in order; Mosul is not «فاموتيدين», though exonyms such as
//!   حلب for Aleppo pass), and an Arabic name that is a country's name is not given
//!   to a city (Algiers is not «الجزائر»; the
//!   curated file adds «الجزائر العاصمة»).
//! - **Curated** (`data/curated.tsv`, same columns as the output): leaders,
//!   organisations, regions and extra aliases. A line whose id already exists adds its
//!   aliases (and its Latin name and QID when given) to that entity.
//! - **Name tokens** (ANETAC, Wikidata person-name tokens, ANERgazet persons, and the
//!   curated persons' names word by word): each Arabic word gets the Latin spelling with
//!   the most votes (Wikidata counts, one per ANETAC line, 50 per curated name), among
//!   spellings whose first letter fits the Arabic one; its classes (P, L, O) feed the
//!   tagger's gazetteer features.
//! - **ANERgazet** locations and organisations: the words of their names become
//!   location and organisation tokens (a tagger feature). They do not become entities:
//!   the lists hold fragments of names, common words and football clubs, and have no
//!   Latin names; the important places they add (بيت لحم، رام الله) are curated.
//!
//! Output order (the lookup's tie-break): countries, curated entities (and the cities the
//! curated file names), the other cities (capitals first, then by population). Then the
//! word keys (from the tokens and the entities' words: [`crate::gazetteer::token_kind`]
//! bits and the best attested Latin) and the words whose own spelling differs from their
//! key's; see [`crate::gazetteer`] for the format.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use marsad_core::EntityKind;
use marsad_text::normalize::{Form, normalize_str};

use crate::LinkError;
use crate::gazetteer::{header_line, key_form};
use crate::key::name_key;
use crate::latin::{clean_token, initial_fits, plausible_pair, slug};

/// The source lists, as text (see `../shared/data/gazetteers/README.md`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    /// `countries_mledoze/countries.tsv`
    pub countries_tsv: &'a str,
    /// `world_cities_ar/cities.tsv`
    pub cities_tsv: &'a str,
    /// `anetac/en_ar_named_entities.tsv`
    pub anetac_tsv: &'a str,
    /// `wikidata_person_name_tokens_en_ar/tokens.tsv`
    pub wikidata_tokens_tsv: &'a str,
    /// `anergazet/locations.txt`
    pub anergazet_locations: &'a str,
    /// `anergazet/organizations.txt`
    pub anergazet_organizations: &'a str,
    /// `anergazet/persons.txt`
    pub anergazet_persons: &'a str,
}

impl<'a> Sources<'a> {
    /// The file names under the gazetteers folder, in field order, for callers that read them.
    pub const FILES: [&'static str; 7] = [
        "countries_mledoze/countries.tsv",
        "world_cities_ar/cities.tsv",
        "anetac/en_ar_named_entities.tsv",
        "wikidata_person_name_tokens_en_ar/tokens.tsv",
        "anergazet/locations.txt",
        "anergazet/organizations.txt",
        "anergazet/persons.txt",
    ];

    /// Sources from texts given in the order of [`Sources::FILES`].
    pub fn from_texts(texts: &'a [String; 7]) -> Sources<'a> {
        Sources {
            countries_tsv: &texts[0],
            cities_tsv: &texts[1],
            anetac_tsv: &texts[2],
            wikidata_tokens_tsv: &texts[3],
            anergazet_locations: &texts[4],
            anergazet_organizations: &texts[5],
            anergazet_persons: &texts[6],
        }
    }
}

/// Cities below this population are left out.
const MIN_POPULATION: u64 = 100_000;
/// Votes of a curated person name for its words' Latin spellings.
const CURATED_VOTES: u64 = 50;
/// Wrong translations in the city list that pass the plausibility check.
const CITY_WRONG: &[(&str, &str)] = &[("Bridgetown", "بورتلاند"), ("Natal", "ناتاليا")];
/// Country names of the city list that the country list spells otherwise.
const COUNTRY_CODES: &[(&str, &str)] =
    &[("Turkey", "tr"), ("Hong Kong S.A.R.", "hk"), ("Palestinian Territory Occupied", "ps")];
/// Common words the city list gives as city names (Bahar → «البحر», the sea).
const CITY_DENY: &[&str] = &["البحر", "البلد", "الملك", "المدينة", "الجزيرة", "العنقاء", "الساحل", "الوادي"];

const TIER_COUNTRY: u8 = 0;
const TIER_CURATED: u8 = 1;
const TIER_CITY: u8 = 2;

const CLASS_P: u8 = 1;
const CLASS_L: u8 = 2;
const CLASS_O: u8 = 4;

struct Ent {
    id: String,
    kind: EntityKind,
    latin: String,
    qid: Option<String>,
    aliases: Vec<String>,
    tier: u8,
    /// Order within the tier.
    rank: u64,
}

#[derive(Default)]
struct Entities {
    list: Vec<Ent>,
    by_id: HashMap<String, usize>,
}

impl Entities {
    fn add_alias(&mut self, idx: usize, alias: &str) {
        let alias = clean_alias(alias);
        if name_key(&alias).is_empty() {
            return;
        }
        let kf = key_form(&alias);
        let ent = &mut self.list[idx];
        if !ent.aliases.iter().any(|a| key_form(a) == kf) {
            ent.aliases.push(alias);
        }
    }

    fn insert(&mut self, ent: Ent) -> usize {
        let idx = self.list.len();
        self.by_id.insert(ent.id.clone(), idx);
        self.list.push(ent);
        idx
    }
}

/// An alias as stored: `Form::Clean`, one space between words, no tab or `|`.
fn clean_alias(s: &str) -> String {
    let clean = normalize_str(s, Form::Clean);
    let mut out = String::with_capacity(clean.len());
    for w in clean.split(|c: char| c.is_whitespace() || c == '|') {
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

fn clean_field(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '|').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06D3}').contains(&c)
}

/// Mostly Arabic letters (among letters).
fn is_arabic_name(s: &str) -> bool {
    let (mut ar, mut other) = (0, 0);
    for c in s.chars() {
        if is_arabic_letter(c) {
            ar += 1;
        } else if c.is_alphabetic() {
            other += 1;
        }
    }
    ar > 0 && other == 0
}

/// Rows of a TSV with a header, as the requested columns in order, with line numbers.
fn read_tsv<'a>(file: &str, text: &'a str, columns: &[&str]) -> Result<Vec<(usize, Vec<&'a str>)>, LinkError> {
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, h)) => h.trim_end_matches('\r').trim_start_matches('\u{feff}').split('\t').collect(),
        None => return Err(LinkError::malformed(file, 1, "empty file, expected a header")),
    };
    let mut idx = Vec::with_capacity(columns.len());
    for col in columns {
        match header.iter().position(|h| h.trim() == *col) {
            Some(i) => idx.push(i),
            None => return Err(LinkError::malformed(file, 1, format!("header has no column {col:?}"))),
        }
    }
    let mut rows = Vec::new();
    for (i, line) in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != header.len() {
            return Err(LinkError::malformed(
                file,
                i + 1,
                format!("{} fields where the header has {}", fields.len(), header.len()),
            ));
        }
        rows.push((i + 1, idx.iter().map(|&j| fields[j].trim()).collect()));
    }
    Ok(rows)
}

/// A Latin spelling with the article glued on (alkhatib for الخطيب) written apart
/// (al-khatib), so that the two spellings' votes add up.
fn glue_article(word: &str, latin: String) -> String {
    let mut chars = word.chars();
    let has_article = word.starts_with("ال") && word.chars().count() > 3;
    let after = chars.nth(2).unwrap_or(' ');
    let fits = |b: u8| match after {
        'ا' | 'ع' | 'ء' => false,
        'و' => b == b'w',
        'ي' => b == b'y',
        c => initial_fits(c, b),
    };
    if has_article
        && !latin.starts_with("al-")
        && !latin.starts_with("el-")
        && let Some(rest) = latin.strip_prefix("al").or_else(|| latin.strip_prefix("el"))
        && rest.len() > 2
        && rest.bytes().next().is_some_and(fits)
    {
        return format!("{}-{rest}", &latin[..2]);
    }
    latin
}

/// A Latin spelling without a leading `al-`/`el-`.
fn strip_article(latin: &str) -> &str {
    latin.strip_prefix("al-").or_else(|| latin.strip_prefix("el-")).filter(|r| !r.is_empty()).unwrap_or(latin)
}

/// Token votes while building.
#[derive(Default)]
struct TokenTable {
    /// Arabic word (`Form::Key`) → (Latin → votes, classes).
    words: HashMap<String, (HashMap<String, u64>, u8)>,
}

impl TokenTable {
    fn vote(&mut self, arabic: &str, latin: Option<&str>, votes: u64, class: u8) {
        let word = key_form(arabic);
        if word.is_empty() || !word.chars().all(is_arabic_letter) {
            return;
        }
        let latin = latin.and_then(clean_token).filter(|l| plausible_pair(&word, l)).map(|l| glue_article(&word, l));
        let slot = self.words.entry(word).or_default();
        slot.1 |= class;
        if let Some(l) = latin {
            *slot.0.entry(l).or_default() += votes;
        }
    }

    /// Picks each word's spelling: most votes, then alphabetical. Returns the words
    /// with their spelling, classes and votes, best attested first.
    fn choose(&self) -> Vec<(String, String, u8, u64)> {
        let mut out: Vec<(String, String, u8, u64)> = self
            .words
            .iter()
            .map(|(w, (votes, classes))| {
                let best = votes.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
                let (latin, n) = best.map_or((String::new(), 0), |(l, &n)| (l.clone(), n));
                (w.clone(), latin, *classes, n)
            })
            .collect();
        out.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

fn valid_id(id: &str) -> bool {
    let Some((prefix, rest)) = id.split_once(':') else { return false };
    matches!(prefix, "per" | "loc" | "org" | "misc")
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn valid_qid(q: &str) -> bool {
    q.len() >= 2 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Builds the gazetteer text from the source lists and the curated file.
pub fn build_gazetteer(sources: &Sources, curated_tsv: &str) -> Result<String, LinkError> {
    let mut ents = Entities::default();

    // Countries.
    let countries = read_tsv(
        "countries.tsv",
        sources.countries_tsv,
        &[
            "cca2",
            "name_en_common",
            "name_ar_common",
            "name_ar_official",
            "native_ara_common",
            "native_ara_official",
            "capital_en",
        ],
    )?;
    let mut code_of_country: HashMap<String, String> = HashMap::new();
    let mut capitals: HashMap<(String, String), ()> = HashMap::new();
    let mut country_keys: HashMap<String, String> = HashMap::new();
    for (n, row) in &countries {
        let (cca2, name) = (row[0], clean_field(row[1]));
        if cca2.len() != 2 || name.is_empty() {
            return Err(LinkError::malformed("countries.tsv", *n, "needs a two-letter code and an English name"));
        }
        let id = format!("loc:{}", slug(&name));
        if ents.by_id.contains_key(&id) {
            return Err(LinkError::malformed("countries.tsv", *n, format!("duplicate country {name:?}")));
        }
        let idx = ents.insert(Ent {
            id,
            kind: EntityKind::Location,
            latin: name.clone(),
            qid: None,
            aliases: Vec::new(),
            tier: TIER_COUNTRY,
            rank: *n as u64,
        });
        for alias in &row[2..6] {
            if is_arabic_name(alias) {
                ents.add_alias(idx, alias);
                country_keys.insert(name_key(alias), name.clone());
            }
        }
        let code = cca2.to_ascii_lowercase();
        code_of_country.insert(name.to_lowercase(), code.clone());
        code_of_country.insert(name_key(row[2]), code.clone());
        if !row[6].is_empty() {
            capitals.insert((code, row[6].to_lowercase()), ());
        }
    }

    // Cities.
    let cities =
        read_tsv("cities.tsv", sources.cities_tsv, &["country_en", "country_ar", "city_en", "city_ar", "population"])?;
    let mut city_rows = Vec::new();
    for (n, row) in &cities {
        let pop: u64 = row[4]
            .parse()
            .map_err(|_| LinkError::malformed("cities.tsv", *n, format!("population {:?} is not a number", row[4])))?;
        if pop < MIN_POPULATION {
            continue;
        }
        let (country, city, city_ar) = (clean_field(row[0]), clean_field(row[2]), clean_alias(row[3]));
        if city.is_empty() || !is_arabic_name(&city_ar) || city_ar.split(' ').count() > 4 {
            continue;
        }
        let code = code_of_country
            .get(&country.to_lowercase())
            .or_else(|| code_of_country.get(&name_key(row[1])))
            .cloned()
            .or_else(|| {
                COUNTRY_CODES.iter().find(|(n, _)| n.eq_ignore_ascii_case(&country)).map(|(_, c)| c.to_string())
            })
            .unwrap_or_else(|| slug(&country));
        let capital = capitals.contains_key(&(code.clone(), city.to_lowercase()));
        city_rows.push((capital, pop, city, code, city_ar));
    }
    city_rows.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
    for (rank, (_, _, city, code, city_ar)) in city_rows.into_iter().enumerate() {
        let mut aliases = vec![city_ar.clone()];
        for prefix in ["ولاية ", "منطقة ", "محافظة ", "مقاطعة ", "إقليم "] {
            if let Some(rest) = city_ar.strip_prefix(prefix) {
                aliases.push(rest.to_string());
            }
        }
        let key_en = city.to_lowercase();
        aliases.retain(|a| {
            if CITY_DENY.contains(&a.as_str()) || CITY_WRONG.contains(&(city.as_str(), a.as_str())) {
                return false;
            }
            let key = name_key(a);
            // A country's name is not a city's unless the city is called so in English.
            let country_clash = country_keys.get(&key).is_some_and(|c| c.to_lowercase() != key_en);
            let bare = a.strip_prefix("مدينة ").unwrap_or(a);
            let fits = plausible_pair(&key_form(bare), &crate::latin::ascii_lower(&city));
            !country_clash && fits
        });
        if aliases.is_empty() {
            continue;
        }
        let id = format!("loc:{}-{}", slug(&city), code);
        let idx = match ents.by_id.get(&id) {
            Some(&i) => i,
            None => ents.insert(Ent {
                id,
                kind: EntityKind::Location,
                latin: city.clone(),
                qid: None,
                aliases: Vec::new(),
                tier: TIER_CITY,
                rank: rank as u64,
            }),
        };
        for a in &aliases {
            ents.add_alias(idx, a);
        }
    }

    // Curated.
    let mut curated_persons: Vec<usize> = Vec::new();
    for (i, line) in curated_tsv.lines().enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 5 {
            return Err(LinkError::malformed("curated.tsv", n, format!("{} fields, expected 5", f.len())));
        }
        let (id, kind, latin, qid) = (f[0].trim(), f[1].trim(), clean_field(f[2]), f[3].trim());
        if !valid_id(id) {
            return Err(LinkError::malformed("curated.tsv", n, format!("bad id {id:?}")));
        }
        let kind = EntityKind::from_code(kind)
            .ok_or_else(|| LinkError::malformed("curated.tsv", n, format!("unknown kind {kind:?}")))?;
        if !id.starts_with(kind.id_prefix()) {
            return Err(LinkError::malformed("curated.tsv", n, "id prefix does not match the kind"));
        }
        if !qid.is_empty() && !valid_qid(qid) {
            return Err(LinkError::malformed("curated.tsv", n, format!("bad Wikidata id {qid:?}")));
        }
        let idx = match ents.by_id.get(id) {
            Some(&idx) => {
                let e = &mut ents.list[idx];
                if e.kind != kind {
                    return Err(LinkError::malformed("curated.tsv", n, format!("{id} exists with another kind")));
                }
                if !latin.is_empty() {
                    e.latin = latin;
                }
                // Entities the curated file names come before the rest of the city list.
                if e.tier > TIER_CURATED {
                    e.tier = TIER_CURATED;
                    e.rank = n as u64;
                }
                if !qid.is_empty() {
                    if e.qid.as_deref().is_some_and(|q| q != qid) {
                        return Err(LinkError::malformed("curated.tsv", n, format!("{id} already has another QID")));
                    }
                    e.qid = Some(qid.to_string());
                }
                idx
            }
            None => {
                if latin.is_empty() {
                    return Err(LinkError::malformed("curated.tsv", n, format!("new entity {id} needs a Latin name")));
                }
                ents.insert(Ent {
                    id: id.to_string(),
                    kind,
                    latin,
                    qid: (!qid.is_empty()).then(|| qid.to_string()),
                    aliases: Vec::new(),
                    tier: TIER_CURATED,
                    rank: n as u64,
                })
            }
        };
        let before = ents.list[idx].aliases.len();
        for alias in f[4].split('|').map(str::trim).filter(|a| !a.is_empty()) {
            ents.add_alias(idx, alias);
        }
        if ents.list[idx].aliases.is_empty() {
            return Err(LinkError::malformed("curated.tsv", n, format!("{id} has no alias")));
        }
        if kind == EntityKind::Person && ents.list[idx].aliases.len() > before {
            curated_persons.push(idx);
        }
    }

    // Name tokens.
    let mut tokens = TokenTable::default();
    for (n, row) in read_tsv("en_ar_named_entities.tsv", sources.anetac_tsv, &["class", "english", "arabic"])? {
        let class = match row[0] {
            "PERSON" => CLASS_P,
            "LOCATION" => CLASS_L,
            "ORGANIZATION" => CLASS_O,
            other => {
                return Err(LinkError::malformed("en_ar_named_entities.tsv", n, format!("unknown class {other:?}")));
            }
        };
        tokens.vote(row[2], Some(row[1]), 1, class);
    }
    for (n, row) in read_tsv("tokens.tsv", sources.wikidata_tokens_tsv, &["latin", "arabic", "count"])? {
        let count: u64 =
            row[2].parse().map_err(|_| LinkError::malformed("tokens.tsv", n, format!("count {:?}", row[2])))?;
        tokens.vote(row[1], Some(row[0]), count, CLASS_P);
    }
    for line in sources.anergazet_persons.lines() {
        let w = line.trim();
        if w.chars().count() >= 3 && !w.starts_with("وال") && !w.contains(' ') {
            tokens.vote(w, None, 0, CLASS_P);
        }
    }
    for &idx in &curated_persons {
        let e = &ents.list[idx];
        let latin_words: Vec<&str> = e.latin.split(' ').collect();
        for alias in &e.aliases {
            let words: Vec<&str> = alias.split(' ').collect();
            if words.len() == latin_words.len() {
                for (a, l) in words.iter().zip(&latin_words) {
                    tokens.vote(a, Some(l), CURATED_VOTES, CLASS_P);
                }
            }
        }
    }
    // ANERgazet places and organisations: their words as location / organisation
    // tokens (a feature for the tagger), not entities: the lists hold fragments, common
    // words and no Latin names.
    for (text, class) in [(sources.anergazet_locations, CLASS_L), (sources.anergazet_organizations, CLASS_O)] {
        for line in text.lines() {
            let name = clean_alias(line);
            if is_arabic_name(&name) {
                for w in name.split(' ').filter(|w| w.chars().count() >= 2) {
                    tokens.vote(w, None, 0, class);
                }
            }
        }
    }
    let token_rows = tokens.choose();

    // Word keys: token_kind bits, and the Latin with the most votes over all the
    // spellings that share the key (باشينيان and باشنيان vote together), without the
    // article: the key has none (الخطيب and خطيب share it), the linker adds it back
    // from the spelling in the text.
    use crate::gazetteer::token_kind::*;
    let mut key_votes: BTreeMap<String, (u8, HashMap<&str, u64>)> = BTreeMap::new();
    let mut word_keys: Vec<String> = Vec::with_capacity(token_rows.len());
    for (word, _, classes, _) in &token_rows {
        let key = name_key(word);
        word_keys.push(key.clone());
        if key.is_empty() || key.contains(' ') {
            continue;
        }
        let slot = key_votes.entry(key).or_default();
        for (class, bit) in [(CLASS_P, NAME_TOKEN), (CLASS_L, PART_LOC), (CLASS_O, PART_ORG)] {
            if classes & class != 0 {
                slot.0 |= bit;
            }
        }
        if let Some((votes, _)) = tokens.words.get(word) {
            for (latin, n) in votes {
                *slot.1.entry(strip_article(latin)).or_default() += n;
            }
        }
    }
    let mut keys: BTreeMap<String, (u8, String)> = key_votes
        .into_iter()
        .map(|(key, (bits, votes))| {
            let best = votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)));
            (key, (bits, best.map_or(String::new(), |(l, _)| l.to_string())))
        })
        .collect();
    for e in &ents.list {
        for alias in &e.aliases {
            let key = name_key(alias);
            let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
            let bit = match (words.len() == 1, e.kind) {
                (true, EntityKind::Person) => WHOLE_PER,
                (true, EntityKind::Location) => WHOLE_LOC,
                (true, EntityKind::Organization) => WHOLE_ORG,
                (true, EntityKind::Misc) => WHOLE_MISC,
                (false, EntityKind::Person) => PART_PER,
                (false, EntityKind::Location) => PART_LOC,
                (false, EntityKind::Organization) => PART_ORG,
                (false, EntityKind::Misc) => 0,
            };
            for w in words {
                keys.entry(w.to_string()).or_default().0 |= bit;
            }
        }
    }
    // Words whose own usual spelling is not their key's.
    let mut exceptions: Vec<(&str, &str)> = token_rows
        .iter()
        .zip(&word_keys)
        .map(|((word, latin, _, _), key)| (word.as_str(), strip_article(latin), key))
        .filter(|(_, latin, key)| !latin.is_empty() && keys.get(*key).is_none_or(|k| k.1 != *latin))
        .map(|(word, latin, _)| (word, latin))
        .collect();
    exceptions.sort_unstable();

    // Output.
    let mut order: Vec<usize> = (0..ents.list.len()).collect();
    order.sort_by_key(|&i| (ents.list[i].tier, ents.list[i].rank));
    let mut out = String::with_capacity(4 << 20);
    out.push_str(&header_line());
    out.push('\n');
    let count = |k: EntityKind| ents.list.iter().filter(|e| e.kind == k).count();
    let _ = writeln!(
        out,
        "# {} entities (PER {}, LOC {}, ORG {}, MISC {}), {} word keys, {} spelling exceptions. Built by \
         marsad-link from the lists in ../shared/data/gazetteers and data/curated.tsv; see data/SOURCES.md.",
        ents.list.len(),
        count(EntityKind::Person),
        count(EntityKind::Location),
        count(EntityKind::Organization),
        count(EntityKind::Misc),
        keys.len(),
        exceptions.len()
    );
    for i in order {
        let e = &ents.list[i];
        let _ = writeln!(
            out,
            "E\t{}\t{}\t{}\t{}\t{}",
            e.id,
            e.kind.code(),
            e.latin,
            e.qid.as_deref().unwrap_or(""),
            e.aliases.join("|")
        );
    }
    for (key, (bits, latin)) in &keys {
        let _ = writeln!(out, "K\t{key}\t{bits}\t{latin}");
    }
    for (word, latin) in exceptions {
        let _ = writeln!(out, "T\t{word}\t{latin}");
    }
    Ok(out)
}

/// Compresses gazetteer text the way the shipped file is compressed (zstd, level 19).
pub fn compress_gazetteer(text: &str) -> Result<Vec<u8>, LinkError> {
    zstd::encode_all(text.as_bytes(), 19).map_err(|e| LinkError::Gazetteer(format!("compressing: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gazetteer;

    const COUNTRIES: &str = "cca2\tcca3\tname_en_common\tname_en_official\tname_ar_common\tname_ar_official\tcapital_en\tnative_ara_common\tnative_ara_official\n\
        AM\tARM\tArmenia\tRepublic of Armenia\tأرمينيا\tجمهورية أرمينيا\tYerevan\t\t\n\
        DZ\tDZA\tAlgeria\tAlgeria\tالجزائر\tالجمهورية الجزائرية\tAlgiers\tالجزائر\t\n";
    const CITIES: &str = "country_en\tcountry_ar\tcity_en\tcity_ar\tpopulation\n\
        Armenia\tأرمينيا\tYerevan\tيريفان\t1093485\n\
        Algeria\tالجزائر\tAlgiers\tالجزائر\t3415811\n\
        Chad\tتشاد\tDoba\tإنسان\t120000\n\
        Armenia\tأرمينيا\tGyumri\tكيومري\t20000\n";
    const ANETAC: &str =
        "class\tenglish\tarabic\nPERSON\tPutin\tبوتين\nPERSON\tPootin\tبوتين\nLOCATION\tAjloun\tعجلون\n";
    const WIKI: &str = "latin\tarabic\tcount\nputin\tبوتين\t1\nyasmina\tمحمد\t3\nmohamed\tمحمد\t2\n";
    const CURATED: &str = "# test\n\
        per:vladimir-putin\tPER\tVladimir Putin\tQ7747\tفلاديمير بوتين|بوتين\n\
        loc:armenia\tLOC\t\tQ399\tأرمينية\n";

    fn sources() -> Sources<'static> {
        Sources {
            countries_tsv: COUNTRIES,
            cities_tsv: CITIES,
            anetac_tsv: ANETAC,
            wikidata_tokens_tsv: WIKI,
            anergazet_locations: "عجلون\nبيت\nجبل عمان\n",
            anergazet_organizations: "-\nالشرق الاوسط\n",
            anergazet_persons: "فاطمة\nوالعربية\n",
        }
    }

    #[test]
    fn builds_a_small_gazetteer() {
        let text = build_gazetteer(&sources(), CURATED).unwrap();
        let g = Gazetteer::from_tsv(&text).unwrap();
        let ids: Vec<&str> = g.entries().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["loc:armenia", "loc:algeria", "per:vladimir-putin", "loc:yerevan-am",], "{text}");
        let armenia = g.lookup("أرمينية", Some(EntityKind::Location)).unwrap();
        assert_eq!(armenia.wikidata.as_deref(), Some("Q399"));
        assert_eq!(g.lookup("الجزائر", Some(EntityKind::Location)).unwrap().id, "loc:algeria");
        assert!(g.lookup("إنسان", None).is_none());
        assert_eq!(g.token_latin("بوتين"), Some("putin"));
        assert_eq!(g.token_latin("محمد"), Some("mohamed"));
        assert_eq!(g.token_latin("فلاديمير"), Some("vladimir"));
        use crate::gazetteer::token_kind::*;
        assert_eq!(g.token_kinds(&name_key("عجلون")), PART_LOC);
        assert_eq!(g.token_kinds(&name_key("الأوسط")), PART_ORG);
        assert_eq!(g.token_kinds(&name_key("فاطمة")), NAME_TOKEN);
        assert_eq!(g.token_kinds(&name_key("بوتين")), NAME_TOKEN | WHOLE_PER | PART_PER);
    }

    #[test]
    fn malformed_lines_are_errors_with_their_place() {
        let mut s = sources();
        s.cities_tsv =
            "country_en\tcountry_ar\tcity_en\tcity_ar\tpopulation\nArmenia\tأرمينيا\tYerevan\tيريفان\tmany\n";
        let err = build_gazetteer(&s, CURATED).unwrap_err().to_string();
        assert_eq!(err, "cities.tsv:2: population \"many\" is not a number");
        let mut s = sources();
        s.anetac_tsv = "class\tenglish\tarabic\nPERSON\tPutin\n";
        assert!(build_gazetteer(&s, CURATED).unwrap_err().to_string().starts_with("en_ar_named_entities.tsv:2:"));
        let err = build_gazetteer(&sources(), "per:x\tPER\tX\tQ12x\tس\n").unwrap_err().to_string();
        assert!(err.starts_with("curated.tsv:1: bad Wikidata id"), "{err}");
        let err = build_gazetteer(&sources(), "loc:armenia\tPER\t\t\tس\n").unwrap_err().to_string();
        assert!(err.contains("does not match the kind"), "{err}");
        assert!(build_gazetteer(&Sources::default(), "").is_err());
    }
}
