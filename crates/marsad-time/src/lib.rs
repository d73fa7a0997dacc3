//! Time in Arabic news, with no I/O: temporal expressions recognised in a text layer
//! ([`recognize`]), resolved to TIMEX3 / ISO-8601 values against the publication day or a day
//! the text sets up ([`resolve`]), Hijri ↔ Gregorian conversion ([`calendar`]), and the
//! publication day inferred from the text when no metadata gives it ([`published`]).

pub mod calendar;
pub mod expr;
pub mod fixtures;
pub mod lexicon;
pub mod published;
pub mod recognize;
pub mod resolve;

pub use expr::{DayRef, Expr, Meaning, YearRef};
pub use jiff::civil::Date;
pub use published::{Inference, infer};
pub use recognize::recognize;
pub use resolve::{Anchoring, Resolved, resolve_all, resolve_all_within, weekday_shift};

use marsad_text::TextLayer;

/// One time expression of a text, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Timex {
    pub expr: Expr,
    pub resolved: Resolved,
}

/// Recognises and resolves the time expressions of a text against `anchor` (the publication
/// day, when known).
pub fn tag(layer: &TextLayer, anchor: Option<Date>) -> Vec<Timex> {
    let exprs = recognize(layer);
    let resolved = resolve_all(&exprs, anchor);
    exprs.into_iter().zip(resolved).map(|(expr, resolved)| Timex { expr, resolved }).collect()
}
