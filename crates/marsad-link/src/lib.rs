//! Entity linking for marsad: one canonical entity for every spelling of a name.
//!
//! The crate does no I/O. Its only data is the gazetteer embedded at compile time
//! (`data/gazetteer.tsv.zst`, built by [`build::build_gazetteer`] from the public lists
//! in `../shared/data/gazetteers` and the hand-written `data/curated.tsv`; see
//! `data/SOURCES.md`).
//!
//! # Pieces
//!
//! - [`key::name_key`]: a spelling-insensitive key. Orthographic variants (قره/قرة،
//!   ى/ي، أ/ا، Persian ی ک) always fold; transliteration variants of foreign names
//!   (g written غ/ج/ك/ق, long vowels doubled or dropped: باشينيان/باشنيان،
//!   ناغورني/ناغورنو/ناجورنو) fold only in words with four or more consonants, so
//!   short native names (حسن/حسين، جمال/كمال) stay apart.
//! - [`Gazetteer`]: entities (countries, cities of 100,000 people or more, the
//!   curated leaders, organisations and regions) with a kind, a canonical Latin name,
//!   a Wikidata id where it is known for certain, and their Arabic aliases; plus a
//!   table of name *words* with their usual Latin spelling (بوتين → Putin), used for
//!   names the entity list does not know, and with the kinds of names they occur in
//!   (features for the tagger: [`Gazetteer::token_kinds`]). Aliases that are not
//!   spelling variants are listed (كاراباخ = قره باغ = Nagorno-Karabakh); nothing
//!   tries to guess them. Parsed once, lazily, from the embedded file (about 20 ms).
//! - [`linker::link_document`]: resolves the mentions of one document.
//!
//! # How a mention is resolved
//!
//! 1. **Short person names inside the document.** A person mention whose words, compared
//!    by name key, are a contiguous run of a *longer* person mention of the same
//!    document (بوتين after or before فلاديمير بوتين; a surname, a first name, بن سلمان),
//!    or its first and last words (رجب أردوغان in رجب طيب أردوغان), is that person.
//!    If several different longer names contain it (two people called الأسد in one
//!    article), it is left *ambiguous* rather than merged, unless the gazetteer's own
//!    reading of the short form is one of them (ماكرون is Emmanuel Macron, even next to
//!    a mis-tagged «ماكرون أجريا»). This comes before the gazetteer, so a document that
//!    names only حيدر علييف resolves علييف to him, not to the gazetteer's Ilham Aliyev.
//!    A name of two words or more that the gazetteer knows is resolved by step 2 instead.
//! 2. **The gazetteer**, by name key: `entity_id` is the gazetteer's stable id
//!    (`per:vladimir-putin`, `loc:armenia`, `org:united-nations`; cities carry their
//!    country code: `loc:yerevan-am`), the canonical name its Latin name, and its
//!    Wikidata id when known. Kinds must agree, except that an ORG mention may link to
//!    a place (a country or capital standing for its government: «روسيا تدين»,
//!    «واشنطن تقول»); the result then carries the place's kind (LOC) and the caller
//!    keeps the mention's own type. When several entries share a key, one of the
//!    mention's kind wins, then one spelled exactly as the mention, then the order of
//!    the file: countries, curated entries, cities by size (عمان is the country Oman;
//!    الجزيرة tagged ORG is Al Jazeera, tagged LOC the Sudanese state).
//! 3. **Otherwise the name is new**: `entity_id` is the kind plus the first 64 bits of
//!    BLAKE3 over the kind and the name key of the full name (`per-3fa2…`), so the same
//!    name in any spelling, in any document, on any machine, gets the same id with no
//!    shared state. A single-word person name that the document does not complete gets
//!    `per-surname-…` instead (derived from that word alone), and so does an ambiguous
//!    short form: a surname never merges with the full names of the different people
//!    who share it, across documents or within one. Except a **distinctive surname of
//!    one gazetteer person** ([`Gazetteer::person_by_surname`]): the last word of exactly
//!    one gazetteer person's full names (not after بن / آل / أبو, no عبد… name), never the
//!    first word of a gazetteer name, no common word of news ([`words::common_word_at`]),
//!    with the article as the gazetteer writes it, and with the article or four
//!    consonants or more ([`key::distinctive_surname`]; most native given names have
//!    three). سليماني alone is Qasem Soleimani (`ResolvedBy::Surname`); الحريري (two
//!    Hariris), عباس (a given name too) stay `per-surname-…`. The canonical name is
//!    [`linker::latin_name`] of the full name's first spelling in the document, word by
//!    word: the token table's Latin for the word's *name key* (the spelling with the
//!    most votes over all the spellings that share the key, so باشنيان and باشينيان
//!    are both Pashinyan, كسنجر and كيسنجر both Kissinger), with `al-` where the text
//!    writes the article; a word the table does not know is transliterated as written.
//!    So variants get the same canonical name except for an article written in one
//!    document and not in another, or a word no list knows (a corpus registry can keep
//!    the commonest). In names of places and organisations a word that is itself a
//!    known place is spelled as that place (جدة شو → Jeddah Shaw, not the "grandma" a
//!    person-name list gives the word).
//!
//! The span rules of the tagger (marsad-extract) use [`Gazetteer::kinds_of_key`], the
//! name-word bits and [`words::common_word`] to check the tagger's spans.
//!
//! # Limits
//!
//! - Keys trade recall for precision: a short foreign name written with another g-letter
//!   or vowel (غانا/جانا, ميركل/ميركيل) has two keys, so the gazetteer lists both
//!   spellings of the names it knows; two rare long names differing only in those
//!   letters share a key.
//! - A lone surname that the gazetteer knows (بوتين, ماكرون, علييف, or a distinctive
//!   surname of one gazetteer person) is that person unless the document names another
//!   person with it; a document naming only بريجيت ماكرون resolves ماكرون to her. A
//!   famous bearer missing from the gazetteer does not stop the link (a lone جونسون is
//!   Boris Johnson).
//! - Common-word tests read the shipped lexicon's counts of a stem with and without the
//!   article; names made of common words (الاتفاق the club) are spared only when written
//!   with the article.
//! - The gazetteer's aliases are exact names: a mention with a title inside it
//!   (الرئيس فلاديمير بوتين) is expected to be trimmed by the tagger.

pub mod build;
pub mod gazetteer;
pub mod key;
pub mod latin;
pub mod linker;
pub mod words;

pub use build::{Sources, build_gazetteer};
pub use gazetteer::{GazEntry, Gazetteer, KindSet};
pub use key::{distinctive_surname, loose_keys, name_key};
pub use linker::{MentionIn, Resolved, ResolvedBy, latin_name, link_document};

/// Errors of the linker's data: malformed source lists or a bad gazetteer file.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// A line of a source list, the curated file or the gazetteer could not be read.
    #[error("{file}:{line}: {message}")]
    Malformed { file: String, line: usize, message: String },
    /// The gazetteer as a whole could not be read (compression, header).
    #[error("gazetteer: {0}")]
    Gazetteer(String),
}

impl LinkError {
    pub(crate) fn malformed(file: &str, line: usize, message: impl Into<String>) -> LinkError {
        LinkError::Malformed { file: file.to_string(), line, message: message.into() }
    }
}
