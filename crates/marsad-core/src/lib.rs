//! Domain types shared by every stage of marsad: the [`Document`] that ingest makes,
//! its [`Provenance`], and the [`Analysis`] that `marsad analyze` prints — the stable
//! machine-readable contract of PRODUCT.md. No I/O.

pub mod analysis;
pub mod document;
pub mod entity;

pub use analysis::{Analysis, EntityMention, Event, PublishedOut, Quantity, Quote, Timex};
pub use document::{Boilerplate, BoilerplateReason, DocId, Document, Format, Provenance, Published, PublishedFrom};
pub use entity::EntityKind;
