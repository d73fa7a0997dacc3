//! Entity types shared by the tagger (extract) and the linker (link).

use serde::{Deserialize, Serialize};

/// The four named-entity types of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "LOC")]
    Location,
    #[serde(rename = "ORG")]
    Organization,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityKind {
    pub const ALL: [EntityKind; 4] =
        [EntityKind::Person, EntityKind::Location, EntityKind::Organization, EntityKind::Misc];

    /// The contract's code: `PER`, `LOC`, `ORG` or `MISC`.
    pub fn code(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Location => "LOC",
            EntityKind::Organization => "ORG",
            EntityKind::Misc => "MISC",
        }
    }

    /// Reads a contract code; `PERS` (ANERcorp's original spelling) is accepted too.
    pub fn from_code(code: &str) -> Option<EntityKind> {
        match code {
            "PER" | "PERS" => Some(EntityKind::Person),
            "LOC" => Some(EntityKind::Location),
            "ORG" => Some(EntityKind::Organization),
            "MISC" | "MIS" => Some(EntityKind::Misc),
            _ => None,
        }
    }

    /// The lower-case prefix of entity ids of this kind: `per`, `loc`, `org`, `misc`.
    pub fn id_prefix(self) -> &'static str {
        match self {
            EntityKind::Person => "per",
            EntityKind::Location => "loc",
            EntityKind::Organization => "org",
            EntityKind::Misc => "misc",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in EntityKind::ALL {
            assert_eq!(EntityKind::from_code(kind.code()), Some(kind));
            assert_eq!(EntityKind::ALL[kind.index()], kind);
        }
        assert_eq!(EntityKind::from_code("PERS"), Some(EntityKind::Person));
        assert_eq!(EntityKind::from_code("DATE"), None);
    }
}
