//! Who said what, the figures, and the events: quotes and reported speech, quantities, and
//! typed events with CAMEO codes, from a document's text layer, its linked entity mentions and
//! its resolved temporal expressions. No I/O; the ontology ([`Ontology`]) is data.
//!
//! - [`quotes`]: direct quotes between «» “” "" ‹› (unclosed ones end at the paragraph's end or
//!   after [`quotes::MAX_QUOTE_SENTENCES`] sentences), indirect speech (cue verb + إن/أن), and
//!   attributions (بحسب، وفقا لـ، نقلا عن); speakers resolved to entities.
//! - [`quantities`]: numbers from the shared `marsad_text::numbers` reader, with ranges and the
//!   counted noun mapped to a named figure.
//! - [`events`]: typed events with actors, targets, place, date, figures and modality.

pub mod countries;
pub mod doc;
pub mod events;
pub mod ontology;
pub mod quantities;
pub mod quotes;

use marsad_core::{EntityMention, Event, Quantity, Quote, Timex};
use marsad_link::Gazetteer;
use marsad_text::TextLayer;

pub use countries::country_of;
pub use ontology::{Modality, Ontology};

/// Errors of the events crate.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    /// A line of an ontology file is wrong.
    #[error("{file}:{line}: {message}")]
    Ontology { file: String, line: usize, message: String },
}

/// What the extractors read of one document.
pub struct DocInput<'a> {
    pub layer: &'a TextLayer,
    /// The original decoded text (offsets count its code points).
    pub text: &'a str,
    /// Linked entity mentions, in text order.
    pub entities: &'a [EntityMention],
    /// Resolved temporal expressions, in text order.
    pub timex: &'a [Timex],
    /// The publication day (`YYYY-MM-DD`), if known.
    pub published: Option<&'a str>,
}

/// Quotes, quantities and events of one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extraction {
    pub quotes: Vec<Quote>,
    pub quantities: Vec<Quantity>,
    pub events: Vec<Event>,
}

/// Runs the three extractors over a document.
pub fn extract(ontology: &Ontology, gazetteer: &Gazetteer, input: &DocInput) -> Extraction {
    let doc = doc::Prepared::new(ontology, input);
    let quotes = quotes::find(&doc, gazetteer);
    let quantities = quantities::find(&doc);
    let events = events::find(&doc, &quantities, &quotes);
    Extraction {
        quotes: quotes.into_iter().map(|q| q.quote).collect(),
        quantities: quantities.into_iter().map(|q| q.quantity).collect(),
        events,
    }
}
