//! What the clusterer and the summariser see of a document: weighted content terms (light
//! stems in `Form::Key` spelling, hashed) and canonical entity ids. Computing them is a pure
//! function of the document and its analysis, so ingest can do it in parallel.

use marsad_text::normalize::key_fold_char;
use marsad_text::stem::strip_suffix;
use marsad_text::{TextLayer, Token, TokenKind};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// A term is a light stem hashed with this seed; an entity id with [`ENTITY_SEED`]. The two
/// spaces never collide in practice and stay stable across versions (xxh3 is specified).
const TERM_SEED: u64 = 0x6d61_7273_6164_0001;
const ENTITY_SEED: u64 = 0x6d61_7273_6164_0002;

/// How much a title word counts against a body word: the headline says what the story is.
pub const TITLE_WEIGHT: f32 = 3.0;
/// How much a word of the first [`LEAD_SENTENCES`] sentences counts.
pub const LEAD_WEIGHT: f32 = 1.5;
pub const LEAD_SENTENCES: usize = 3;

/// Function words, in `Form::Key` spelling. Corpus document frequency would find them
/// too, but only after a few hundred documents; the list keeps the first ones clean.
const STOP_WORDS: &[&str] = &[
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "مع",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "اللذين",
    "ان",
    "انه",
    "انها",
    "كان",
    "كانت",
    "يكون",
    "تكون",
    "قد",
    "لقد",
    "لم",
    "لن",
    "ما",
    "ماذا",
    "لا",
    "ولا",
    "او",
    "ام",
    "ثم",
    "حتي",
    "اذا",
    "اذ",
    "لو",
    "كل",
    "بعض",
    "غير",
    "بين",
    "عند",
    "عندما",
    "حيث",
    "كما",
    "لكن",
    "لكن",
    "بل",
    "هو",
    "هي",
    "هم",
    "هن",
    "نحن",
    "انا",
    "انت",
    "هناك",
    "هنا",
    "منذ",
    "خلال",
    "بعد",
    "قبل",
    "امام",
    "حول",
    "ضد",
    "دون",
    "عبر",
    "لدي",
    "لدى",
    "اي",
    "ايه",
    "وقد",
    "فقد",
    "الا",
    "اما",
    "اكثر",
    "اقل",
    "جدا",
    "ايضا",
    "فقط",
    "نحو",
    "مثل",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "عليه",
    "عليها",
    "اليه",
    "اليها",
    "به",
    "بها",
    "له",
    "لها",
    "لهم",
    "عنه",
    "عنها",
    "وفي",
    "ومن",
    "وهو",
    "وهي",
    "يوم",
    "اليوم",
    "امس",
    "الان",
    "قال",
    "وقال",
    "قالت",
    "اضاف",
    "واضاف",
    "تم",
    "يتم",
    "وذلك",
    "وكان",
    "وكانت",
    "سنه",
    "عام",
    "العام",
    "مساء",
    "صباح",
    "اول",
    "الاول",
    "الثاني",
    "مصدر",
];

/// A term or entity feature: its hash and weight.
pub type Weighted = (u64, f32);

/// The features of one document, before corpus statistics (IDF) are applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocFeatures {
    /// Content terms with their weighted counts (title and lead words count more), sorted by hash.
    pub terms: Vec<Weighted>,
    /// Canonical entity ids (hashed) with their mention counts, sorted by hash.
    pub entities: Vec<Weighted>,
}

/// The key of a word token for matching: its stem without clitics, `Form::Key`-folded,
/// one inflectional ending off; `None` for tokens that carry no topic (numbers,
/// punctuation, one-letter words, function words).
pub fn term_key(layer_text: &str, token: &Token) -> Option<String> {
    if !matches!(token.kind, TokenKind::Arabic | TokenKind::Latin) {
        return None;
    }
    let stem: String = token.stem(layer_text).chars().map(key_fold_char).collect();
    let key = if token.kind == TokenKind::Arabic { strip_suffix(&stem).to_string() } else { stem };
    if key.chars().count() < 2 || STOP_WORDS.contains(&key.as_str()) {
        return None;
    }
    // The surface without clitics is what the stop list holds (الذي, وقد); check it too.
    let surface: String = token.text(layer_text).chars().map(key_fold_char).collect();
    if STOP_WORDS.contains(&surface.as_str()) {
        return None;
    }
    Some(key)
}

/// The hash of a term key.
pub fn term_hash(key: &str) -> u64 {
    xxh3_64_with_seed(key.as_bytes(), TERM_SEED)
}

/// The hash of a canonical entity id.
pub fn entity_hash(entity_id: &str) -> u64 {
    xxh3_64_with_seed(entity_id.as_bytes(), ENTITY_SEED)
}

/// The term hashes of a run of tokens, in order (for sentence comparison).
pub fn token_terms(layer: &TextLayer, tokens: &[Token]) -> Vec<u64> {
    tokens.iter().filter_map(|t| term_key(layer.text(), t)).map(|k| term_hash(&k)).collect()
}

/// Features of a document from its title, its body's text layer and its entities'
/// canonical ids (one per mention).
pub fn doc_features<'e>(
    title: &TextLayer,
    body: &TextLayer,
    entity_ids: impl IntoIterator<Item = &'e str>,
) -> DocFeatures {
    let mut terms: Vec<Weighted> = Vec::with_capacity(body.tokens.len() / 2);
    for t in &title.tokens {
        if let Some(key) = term_key(title.text(), t) {
            terms.push((term_hash(&key), TITLE_WEIGHT));
        }
    }
    for (i, sentence) in body.sentences.iter().enumerate() {
        let weight = if i < LEAD_SENTENCES { LEAD_WEIGHT } else { 1.0 };
        for t in body.sentence_tokens(sentence) {
            if let Some(key) = term_key(body.text(), t) {
                terms.push((term_hash(&key), weight));
            }
        }
    }
    let entities = entity_ids.into_iter().map(|id| (entity_hash(id), 1.0)).collect();
    DocFeatures { terms: merge_weights(terms), entities: merge_weights(entities) }
}

/// Sorts by hash and sums the weights of equal hashes.
pub fn merge_weights(mut items: Vec<Weighted>) -> Vec<Weighted> {
    items.sort_unstable_by_key(|&(h, _)| h);
    let mut out: Vec<Weighted> = Vec::with_capacity(items.len());
    for (h, w) in items {
        match out.last_mut() {
            Some(last) if last.0 == h => last.1 += w,
            _ => out.push((h, w)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let layer = TextLayer::new(text);
        layer.tokens.iter().filter_map(|t| term_key(layer.text(), t)).collect()
    }

    #[test]
    fn clitics_spelling_and_endings_fold_to_one_key() {
        assert_eq!(keys("وموسكو لموسكو موسكو"), vec!["موسكو"; 3]);
        assert_eq!(keys("الهدنة هدنة"), vec!["هدن"; 2]);
        assert_eq!(keys("أرمينيا ارمينيا"), keys("ارمينيا ارمينيا"));
    }

    #[test]
    fn function_words_and_numbers_carry_no_topic() {
        assert!(keys("في من إلى على التي الذي وقد 2020 ، .").is_empty());
    }

    #[test]
    fn title_words_weigh_more_than_body_words() {
        let title = TextLayer::new("هدنة في قره باغ");
        let body = TextLayer::new("أعلنت موسكو هدنة جديدة.");
        let f = doc_features(&title, &body, ["loc:nagorno-karabakh"]);
        let hudna = f.terms.iter().find(|(h, _)| *h == term_hash("هدن")).unwrap().1;
        assert_eq!(hudna, TITLE_WEIGHT + LEAD_WEIGHT);
        assert_eq!(f.entities, vec![(entity_hash("loc:nagorno-karabakh"), 1.0)]);
    }
}
