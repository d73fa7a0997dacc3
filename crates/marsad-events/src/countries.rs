//! The country of an entity, for the GDELT-like export: `data/countries.tsv` lists countries,
//! leaders and state bodies of the gazetteer, and places whose id ends in a country code
//! (`loc:yerevan-am`) are in that country.

use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../data/countries.tsv");

struct Countries {
    entities: HashMap<&'static str, &'static str>,
    codes: HashMap<&'static str, &'static str>,
}

static COUNTRIES: LazyLock<Countries> = LazyLock::new(|| {
    let mut c = Countries { entities: HashMap::new(), codes: HashMap::new() };
    for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.split('\t');
        match (f.next(), f.next(), f.next()) {
            (Some("entity"), Some(id), Some(iso)) => {
                c.entities.insert(id, iso);
            }
            (Some("cc"), Some(cc), Some(iso)) => {
                c.codes.insert(cc, iso);
            }
            _ => {}
        }
    }
    c
});

/// The ISO 3166 alpha-3 country of an entity id, where known.
pub fn country_of(entity_id: &str) -> Option<&'static str> {
    let c = &*COUNTRIES;
    if let Some(iso) = c.entities.get(entity_id) {
        return Some(iso);
    }
    let (_, tail) = entity_id.rsplit_once('-')?;
    if entity_id.starts_with("loc:") && tail.len() == 2 { c.codes.get(tail).copied() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_of_places_and_leaders() {
        assert_eq!(country_of("loc:yerevan-am"), Some("ARM"));
        assert_eq!(country_of("per:vladimir-putin"), Some("RUS"));
        assert_eq!(country_of("loc:armenia"), Some("ARM"));
        assert_eq!(country_of("per-1234"), None);
    }
}
