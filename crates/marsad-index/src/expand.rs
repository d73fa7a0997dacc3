//! Entity expansion: words of a query that name an entity also match the documents
//! that mention it under another spelling (كاراباخ finds «ناجورنو قرة باغ»).
//!
//! A run of query words is cut, left to right and longest first (up to
//! [`MAX_NAME_WORDS`] words), into names the documents know. A name's entity ids are:
//! the gazetteer entity its name key belongs to (the shipped aliases: كاراباخ = قره باغ
//! = Nagorno-Karabakh), and the ids the linker gives an unknown name of each kind (a
//! hash of kind and name key, so every spelling with that key). Only ids that some
//! indexed document carries are used.
//!
//! Against over-expansion:
//! - an id is only added *beside* the words (text match OR entity match), never instead
//!   of them, and with a lower weight, so documents that write the query's own words
//!   still rank first;
//! - a single word that news uses as a common noun as well (both with and without the
//!   article, as the linker's span rules judge it: حزب، وساطة) is never expanded;
//! - a name whose key the gazetteer gives to more than one entity (عمان: Oman and
//!   Amman) is not expanded through the gazetteer;
//! - at most [`MAX_IDS`] ids per name, and only words the user typed together (a
//!   phrase, or a run of plain words) — never across an operator.

use std::ops::Range;

use marsad_core::EntityKind;
use marsad_link::linker::unknown_id;
use marsad_link::{Gazetteer, name_key, words};
use marsad_text::normalize::normalize_str;
use marsad_text::{Form, Lexicon};
use serde::Serialize;
use tantivy::query::{Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// Longest name looked for, in words.
pub const MAX_NAME_WORDS: usize = 4;
/// Most entity ids one name expands to.
pub const MAX_IDS: usize = 4;

/// Words of the query that also matched through entity ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Expansion {
    pub words: String,
    pub entity_ids: Vec<String>,
}

/// A piece of a run of query words: its range, and the entity query of the name it is.
pub(crate) type Piece = (Range<usize>, Option<Box<dyn Query>>);

pub(crate) struct Expander<'s> {
    searcher: &'s Searcher,
    field: Field,
    enabled: bool,
    expansions: Vec<Expansion>,
}

impl<'s> Expander<'s> {
    pub fn new(searcher: &'s Searcher, field: Field, enabled: bool) -> Self {
        Expander { searcher, field, enabled, expansions: Vec::new() }
    }

    pub fn into_expansions(self) -> Vec<Expansion> {
        self.expansions
    }

    fn known(&self, id: &str) -> bool {
        self.searcher.doc_freq(&Term::from_field_text(self.field, id)).is_ok_and(|n| n > 0)
    }

    /// The entity ids `name` stands for that indexed documents carry.
    pub fn ids_for(&self, name: &str) -> Vec<String> {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.is_empty() {
            return Vec::new();
        }
        if let [one] = words.as_slice() {
            let clean = normalize_str(one, Form::Clean);
            let lexicon = Lexicon::builtin();
            let seg = lexicon.segment(&clean);
            let n = clean.chars().count();
            let stem: String = clean
                .chars()
                .skip(seg.prefix as usize)
                .take(n.saturating_sub((seg.prefix + seg.suffix) as usize))
                .collect();
            if words::common_word(lexicon, words::without_article(&stem)) {
                return Vec::new();
            }
        }
        let key = name_key(name);
        if key.is_empty() {
            return Vec::new();
        }
        let gaz = Gazetteer::builtin();
        let mut ids: Vec<String> = Vec::new();
        let mut gaz_ids: Vec<String> = Vec::new();
        for kind in EntityKind::ALL {
            if let Some(e) = gaz.lookup_key(&key, name, Some(kind))
                && !gaz_ids.contains(&e.id)
            {
                gaz_ids.push(e.id.clone());
            }
        }
        if gaz_ids.len() == 1 {
            ids.extend(gaz_ids);
        }
        for kind in EntityKind::ALL {
            ids.push(unknown_id(kind, &key, kind == EntityKind::Person && words.len() == 1));
        }
        ids.retain(|id| self.known(id));
        ids.truncate(MAX_IDS);
        ids
    }

    /// The entity query of a name (a phrase), recorded as an expansion.
    pub fn entity_query(&mut self, name: &str) -> Option<Box<dyn Query>> {
        if !self.enabled {
            return None;
        }
        let ids = self.ids_for(name);
        self.query_of(name, ids)
    }

    fn query_of(&mut self, name: &str, ids: Vec<String>) -> Option<Box<dyn Query>> {
        if ids.is_empty() {
            return None;
        }
        let q: Box<dyn Query> = if ids.len() == 1 {
            Box::new(TermQuery::new(Term::from_field_text(self.field, &ids[0]), IndexRecordOption::Basic))
        } else {
            Box::new(TermSetQuery::new(ids.iter().map(|id| Term::from_field_text(self.field, id))))
        };
        self.expansions.push(Expansion { words: name.to_string(), entity_ids: ids });
        Some(q)
    }

    /// Cuts a run of plain query words into pieces: names with their entity query, and
    /// single words with none.
    pub fn segment_run(&mut self, run: &[String]) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < run.len() {
            let mut piece = (i..i + 1, None);
            if self.enabled {
                for len in (1..=MAX_NAME_WORDS.min(run.len() - i)).rev() {
                    let name = run[i..i + len].join(" ");
                    let ids = self.ids_for(&name);
                    if !ids.is_empty() {
                        piece = (i..i + len, self.query_of(&name, ids));
                        break;
                    }
                }
            }
            i = piece.0.end;
            out.push(piece);
        }
        out
    }
}
