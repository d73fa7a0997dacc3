//! Builds `data/gazetteer.tsv.zst` from the public lists and `data/curated.tsv`.
//!
//! ```text
//! cargo run -p marsad-link --release --example build_gazetteer -- [GAZETTEERS_DIR] [OUT]
//! ```
//! GAZETTEERS_DIR defaults to `../shared/data/gazetteers` next to the workspace, OUT to
//! the crate's `data/gazetteer.tsv.zst`. (`marsad train gazetteer` does the same.)

use std::path::PathBuf;
use std::time::Instant;

use marsad_link::build::{Sources, build_gazetteer, compress_gazetteer};
use marsad_link::{Gazetteer, name_key};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let dir = args.next().map(PathBuf::from).unwrap_or_else(|| crate_dir.join("../../../shared/data/gazetteers"));
    let out = args.next().map(PathBuf::from).unwrap_or_else(|| crate_dir.join("data/gazetteer.tsv.zst"));
    let mut texts: [String; 7] = Default::default();
    for (text, file) in texts.iter_mut().zip(Sources::FILES) {
        *text = std::fs::read_to_string(dir.join(file)).map_err(|e| format!("{}: {e}", dir.join(file).display()))?;
    }
    let curated = std::fs::read_to_string(crate_dir.join("data/curated.tsv"))?;
    let text = build_gazetteer(&Sources::from_texts(&texts), &curated)?;
    let bytes = compress_gazetteer(&text)?;
    std::fs::write(&out, &bytes)?;
    println!("{}: {} bytes ({} uncompressed)", out.display(), bytes.len(), text.len());

    let start = Instant::now();
    let g = Gazetteer::parse(&bytes)?;
    println!("parsed in {:?}: {} entities, {} tokens", start.elapsed(), g.len(), g.token_count());
    // Same-kind entities sharing a key: the later one is reachable only by exact spelling.
    if std::env::var_os("SHOW_CLASHES").is_some() {
        let mut seen: std::collections::HashMap<(String, &str), &str> = Default::default();
        for e in g.entries() {
            for a in &e.aliases {
                let first = *seen.entry((name_key(a), e.kind.code())).or_insert(&e.id);
                if first != e.id {
                    println!("clash {} {a}: {first} wins over {}", e.kind, e.id);
                }
            }
        }
    }
    Ok(())
}
