//! The ontology: event types with their triggers and CAMEO codes, speech cues, modality words,
//! counted nouns, currencies and speaker heads — read from a tab-separated file
//! (`data/ontology.tsv` is built in; more files can be added with [`Ontology::extend`]), so that
//! a new type or trigger needs no code.

use std::collections::HashMap;
use std::sync::LazyLock;

use marsad_text::normalize::{Form, normalize_str};
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use crate::EventsError;

/// The built-in ontology file.
pub const BUILTIN: &str = include_str!("../data/ontology.tsv");

/// How a word may be dressed: which proclitics and pronoun suffixes it tolerates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dress {
    /// و ف only (verbs, particles).
    Verb,
    /// و ف ب and a pronoun suffix (إن/أن: بأن، فإنه).
    Comp,
    /// Any proclitic (و ف ب ل ك ال لل and combinations) and a pronoun suffix (nouns, triggers).
    Noun,
    /// No suffix, any proclitic (counted nouns: a suffix would change them).
    Bare,
}

/// Byte offsets where a word's proclitics may end, walked over the letters rather than tried
/// one string at a time: [و|ف]? then [ب|ك|ل]? then ال — or لل (للصحفيين). Always includes 0.
fn prefix_ends(word: &str, out: &mut [usize; 8]) -> usize {
    let mut n = 0;
    let mut push = |end: usize, out: &mut [usize; 8]| {
        if n < out.len() && end < word.len() {
            out[n] = end;
            n += 1;
        }
    };
    push(0, out);
    let b = word.as_bytes();
    let starts = |at: usize, letter: &str| b.get(at..at + letter.len()) == Some(letter.as_bytes());
    let mut at = 0;
    if starts(0, "و") || starts(0, "ف") {
        at = 2;
        push(at, out);
    }
    if starts(at, "لل") {
        push(at + 4, out);
    }
    if starts(at, "ب") || starts(at, "ك") || starts(at, "ل") {
        at += 2;
        push(at, out);
    }
    if starts(at, "ال") {
        push(at + 4, out);
    }
    n
}

/// Byte offsets where a pronoun suffix (ه ها هم هما نا) may start; always includes the end.
fn suffix_starts(word: &str, out: &mut [usize; 4]) -> usize {
    let len = word.len();
    out[0] = len;
    let mut n = 1;
    for suffix in ["هما", "ها", "هم", "ه", "نا"] {
        if n < out.len() && len > suffix.len() && word.ends_with(suffix) {
            out[n] = len - suffix.len();
            n += 1;
        }
    }
    n
}

fn prefix_ok(dress: Dress, prefix: &str) -> bool {
    match dress {
        Dress::Verb => matches!(prefix, "" | "و" | "ف"),
        Dress::Comp => matches!(prefix, "" | "و" | "ف" | "ب" | "وب"),
        Dress::Noun | Dress::Bare => true,
    }
}

fn suffix_ok(dress: Dress, suffix: &str) -> bool {
    suffix.is_empty() || matches!(dress, Dress::Comp | Dress::Noun | Dress::Verb)
}

/// What a word means to the extractors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    /// Word `pos` of trigger `rule`.
    Trigger {
        rule: u32,
        pos: u8,
    },
    /// A word listed in some trigger's `near`/`not` list.
    Word(u32),
    CueVerb,
    /// An adverbial participle (مشددا، مؤكدا): its speaker is the one already named.
    CueParticiple,
    CueSource,
    CueExclude,
    Comp,
    Prep,
    Skip,
    /// Ends a speaker phrase (في، خلال، عقب …).
    Cut,
    /// A noun that names a source (مصدر، وكالة، بيان …).
    SourceNoun,
    Modality {
        modality: Modality,
        imperfect: bool,
    },
    Figure {
        figure: u16,
        before: bool,
    },
    Currency(u16),
    Head(u16),
}

impl Sense {
    fn dress(self) -> Dress {
        match self {
            Sense::Trigger { .. } | Sense::Word(_) | Sense::CueSource | Sense::Head(_) | Sense::SourceNoun => {
                Dress::Noun
            }
            Sense::CueVerb
            | Sense::CueParticiple
            | Sense::CueExclude
            | Sense::Skip
            | Sense::Cut
            | Sense::Modality { .. }
            | Sense::Prep => Dress::Verb,
            Sense::Comp => Dress::Comp,
            Sense::Figure { .. } | Sense::Currency(_) => Dress::Bare,
        }
    }
}

/// Whether a statement reports something that happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modality {
    Asserted,
    Negated,
    Hypothetical,
    Future,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Future => "future",
        }
    }
}

/// An event type.
#[derive(Clone, Debug, PartialEq)]
pub struct EventType {
    pub name: String,
    pub cameo: String,
    /// Reported only when no other type is found in the sentence.
    pub fallback: bool,
}

/// A trigger: a sequence of words (each with alternatives) that signals a type.
#[derive(Clone, Debug, PartialEq)]
pub struct Trigger {
    pub event_type: u16,
    pub words: usize,
    pub cameo: Option<String>,
    /// Word ids of which one must be in the sentence (empty: no condition).
    pub near: Vec<u32>,
    /// Word ids none of which may be in the sentence.
    pub not: Vec<u32>,
    /// Figures of which the sentence must have one (`needs=killed|wounded`).
    pub needs: Vec<String>,
    /// `if=negated`: the trigger counts only when negated, and the negation is what happened
    /// (لم يتم الالتزام بوقف إطلاق النار is a violation, asserted).
    pub if_negated: bool,
}

/// A loaded ontology.
#[derive(Clone, Debug, Default)]
pub struct Ontology {
    pub types: Vec<EventType>,
    pub triggers: Vec<Trigger>,
    pub figures: Vec<String>,
    pub currencies: Vec<String>,
    pub heads: Vec<String>,
    /// Number of distinct `near`/`not` words.
    pub words: u32,
    word_ids: HashMap<String, u32>,
    /// Senses by bare word; xxh3 rather than SipHash: a token costs a few look-ups.
    senses: HashMap<String, Vec<Sense>, Xxh3DefaultBuilder>,
}

static BUILTIN_ONTOLOGY: LazyLock<Ontology> =
    LazyLock::new(|| Ontology::parse(BUILTIN, "data/ontology.tsv").expect("the built-in ontology parses (tested)"));

fn key(word: &str) -> String {
    normalize_str(word.trim(), Form::Key)
}

impl Ontology {
    /// The ontology shipped with the crate.
    pub fn builtin() -> &'static Ontology {
        &BUILTIN_ONTOLOGY
    }

    /// Reads an ontology file; `name` is used in errors.
    pub fn parse(text: &str, name: &str) -> Result<Ontology, EventsError> {
        let mut ontology = Ontology::default();
        ontology.extend(text, name)?;
        Ok(ontology)
    }

    /// Adds the lines of another ontology file (new types, triggers, cues …).
    pub fn extend(&mut self, text: &str, name: &str) -> Result<(), EventsError> {
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            let err = |message: String| EventsError::Ontology { file: name.to_string(), line: line_no, message };
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let field = |i: usize| -> Result<&str, EventsError> {
                fields
                    .get(i)
                    .copied()
                    .filter(|f| !f.is_empty())
                    .ok_or_else(|| err(format!("field {} is missing", i + 1)))
            };
            match fields[0] {
                "type" => {
                    let name = field(1)?.to_string();
                    let cameo = field(2)?.to_string();
                    if !cameo.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(err(format!("CAMEO code {cameo:?} is not digits")));
                    }
                    let fallback = fields.get(3).is_some_and(|f| *f == "fallback");
                    if self.types.iter().any(|t| t.name == name) {
                        return Err(err(format!("type {name} is defined twice")));
                    }
                    self.types.push(EventType { name, cameo, fallback });
                }
                "trigger" => {
                    let type_name = field(1)?;
                    let Some(event_type) = self.types.iter().position(|t| t.name == type_name) else {
                        return Err(err(format!("unknown type {type_name} (define it with a `type` line first)")));
                    };
                    let mut trigger = Trigger {
                        event_type: event_type as u16,
                        words: 0,
                        cameo: None,
                        near: Vec::new(),
                        not: Vec::new(),
                        needs: Vec::new(),
                        if_negated: false,
                    };
                    let mut phrases: Vec<Vec<String>> = Vec::new();
                    for alt in field(2)?.split('|') {
                        let words: Vec<String> = alt.split_whitespace().map(key).filter(|w| !w.is_empty()).collect();
                        if !words.is_empty() {
                            phrases.push(words);
                        }
                    }
                    if phrases.is_empty() {
                        return Err(err("a trigger needs words".into()));
                    }
                    for option in &fields[3..] {
                        if option.is_empty() {
                            continue;
                        }
                        let (k, v) = option.split_once('=').unwrap_or((option, ""));
                        match k {
                            "cameo" if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
                                trigger.cameo = Some(v.to_string())
                            }
                            "near" => trigger.near = v.split('|').map(|w| self.word_id(&key(w))).collect(),
                            "if" if v == "negated" => trigger.if_negated = true,
                            "needs" => trigger.needs = v.split('|').map(str::to_string).collect(),
                            "not" => trigger.not = v.split('|').map(|w| self.word_id(&key(w))).collect(),
                            _ => return Err(err(format!("unknown trigger option {option:?}"))),
                        }
                    }
                    // Each alternative phrase is its own trigger rule with the same options.
                    for words in phrases {
                        let rule = self.triggers.len() as u32;
                        let mut t = trigger.clone();
                        t.words = words.len().min(u8::MAX as usize);
                        for (pos, w) in words.iter().take(t.words).enumerate() {
                            self.add(w, Sense::Trigger { rule, pos: pos as u8 });
                        }
                        self.triggers.push(t);
                    }
                }
                "cue" => {
                    let sense = match field(1)? {
                        "verb" => Sense::CueVerb,
                        "participle" => Sense::CueParticiple,
                        "source" => Sense::CueSource,
                        "exclude" => Sense::CueExclude,
                        "comp" => Sense::Comp,
                        "prep" => Sense::Prep,
                        "skip" => Sense::Skip,
                        "cut" => Sense::Cut,
                        "source_noun" => Sense::SourceNoun,
                        other => return Err(err(format!("unknown cue kind {other:?}"))),
                    };
                    self.add_all(field(2)?, sense);
                }
                "modality" => {
                    let modality = match field(1)? {
                        "negated" => Modality::Negated,
                        "hypothetical" => Modality::Hypothetical,
                        "future" => Modality::Future,
                        other => return Err(err(format!("unknown modality {other:?}"))),
                    };
                    let imperfect = fields.get(3).is_some_and(|f| *f == "imperfect");
                    self.add_all(field(2)?, Sense::Modality { modality, imperfect });
                }
                "figure" => {
                    let name = field(1)?;
                    let before = match field(2)? {
                        "after" => false,
                        "before" => true,
                        other => return Err(err(format!("a figure's position is after or before, not {other:?}"))),
                    };
                    let figure = index_of(&mut self.figures, name);
                    self.add_all(field(3)?, Sense::Figure { figure, before });
                }
                "currency" => {
                    let currency = index_of(&mut self.currencies, field(1)?);
                    self.add_all(field(2)?, Sense::Currency(currency));
                }
                "head" => {
                    let head = index_of(&mut self.heads, field(1)?);
                    self.add_all(field(2)?, Sense::Head(head));
                }
                other => return Err(err(format!("unknown line kind {other:?}"))),
            }
        }
        Ok(())
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let id = self.words;
        self.words += 1;
        self.word_ids.insert(word.to_string(), id);
        self.add(word, Sense::Word(id));
        id
    }

    fn add_all(&mut self, forms: &str, sense: Sense) {
        for form in forms.split('|') {
            let k = key(form);
            if !k.is_empty() {
                self.add(&k, sense);
            }
        }
    }

    fn add(&mut self, word: &str, sense: Sense) {
        let senses = self.senses.entry(word.to_string()).or_default();
        if !senses.contains(&sense) {
            senses.push(sense);
        }
    }

    /// The senses of a word in Key spelling, with the proclitics and suffixes each sense allows
    /// peeled off; `out` is cleared first. Each sense comes once, with the length in characters
    /// of the proclitic it was found behind.
    pub fn senses_of(&self, word: &str, out: &mut Vec<(Sense, u8)>) {
        out.clear();
        if word.is_empty() {
            return;
        }
        let mut prefixes = [0usize; 8];
        let np = prefix_ends(word, &mut prefixes);
        let mut suffixes = [0usize; 4];
        let ns = suffix_starts(word, &mut suffixes);
        for &p in &prefixes[..np] {
            let prefix = &word[..p];
            for &e in &suffixes[..ns] {
                if e <= p {
                    continue;
                }
                let (bare, suffix) = (&word[p..e], &word[e..]);
                // Keep at least two letters of the word itself; a three-letter word takes a suffix
                // only without a proclitic (قصفها, but وزارة is not و + زار + ه).
                let letters = bare.chars().count();
                if letters < 2 || (!suffix.is_empty() && letters <= 3 && !prefix.is_empty()) {
                    continue;
                }
                let Some(senses) = self.senses.get(bare) else { continue };
                for &s in senses {
                    let dress = s.dress();
                    // A two-letter word (حث، رد) takes only و/ف: بحث is not ب + حث.
                    let short = letters == 2 && dress != Dress::Comp && !matches!(prefix, "" | "و" | "ف");
                    if !short
                        && prefix_ok(dress, prefix)
                        && suffix_ok(dress, suffix)
                        && !out.iter().any(|(o, _)| *o == s)
                    {
                        out.push((s, prefix.chars().count() as u8));
                    }
                }
            }
        }
    }

    /// The index of a type by name.
    pub fn type_index(&self, name: &str) -> Option<usize> {
        self.types.iter().position(|t| t.name == name)
    }
}

fn index_of(list: &mut Vec<String>, name: &str) -> u16 {
    if let Some(i) = list.iter().position(|n| n == name) {
        return i as u16;
    }
    list.push(name.to_string());
    (list.len() - 1) as u16
}
