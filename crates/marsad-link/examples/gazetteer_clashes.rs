//! Lists same-kind entities of the shipped gazetteer that share a name key: the later one is
//! reachable only by its exact spelling, which is worth knowing when editing `curated.tsv`.
//!
//! ```text
//! cargo run -p marsad-link --release --example gazetteer_clashes
//! ```
//! (The gazetteer itself is rebuilt with `marsad train gazetteer`.)

use std::collections::HashMap;

use marsad_link::{Gazetteer, name_key};

fn main() {
    let gazetteer = Gazetteer::builtin();
    let mut first_by_key: HashMap<(String, &str), &str> = HashMap::new();
    let mut clashes = 0usize;
    for entry in gazetteer.entries() {
        for alias in &entry.aliases {
            let first = *first_by_key.entry((name_key(alias), entry.kind.code())).or_insert(&entry.id);
            if first != entry.id {
                clashes += 1;
                println!("clash {} {alias}: {first} wins over {}", entry.kind, entry.id);
            }
        }
    }
    println!("{} entities, {clashes} clashes", gazetteer.len());
}
