//! Times the builtin gazetteer's parse, `name_key`, and linking.
//!
//! ```text
//! cargo run -p marsad-link --release --example link_timing
//! ```

use std::time::Instant;

use marsad_core::EntityKind::{Location, Organization, Person};
use marsad_link::{Gazetteer, MentionIn, link_document, name_key};

fn main() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteer.tsv.zst")).unwrap_or_default();
    let start = Instant::now();
    let text = zstd::decode_all(&bytes[..]).unwrap_or_default();
    println!("decompress alone: {:?} ({} bytes)", start.elapsed(), text.len());
    let start = Instant::now();
    let g = Gazetteer::builtin();
    println!("parse: {:?} ({} entities, {} tokens)", start.elapsed(), g.len(), g.token_count());

    let doc = [
        MentionIn { text: "فلاديمير بوتين", kind: Person },
        MentionIn { text: "ناغورني قره باغ", kind: Location },
        MentionIn { text: "بوتين", kind: Person },
        MentionIn { text: "إيمانويل ماكرون", kind: Person },
        MentionIn { text: "الكرملين", kind: Organization },
        MentionIn { text: "ماكرون", kind: Person },
        MentionIn { text: "سامر الخطيب", kind: Person },
        MentionIn { text: "الخطيب", kind: Person },
        MentionIn { text: "أرمينيا", kind: Location },
        MentionIn { text: "وزارة الدفاع الأذرية", kind: Organization },
        MentionIn { text: "كاراباخ", kind: Location },
        MentionIn { text: "جمعية الهلال الأزرق", kind: Organization },
        MentionIn { text: "نيكول باشنيان", kind: Person },
        MentionIn { text: "باشنيان", kind: Person },
        MentionIn { text: "موسكو", kind: Location },
        MentionIn { text: "الأمم المتحدة", kind: Organization },
        MentionIn { text: "كريستوفر مارتينيز", kind: Person },
        MentionIn { text: "مارتينيز", kind: Person },
        MentionIn { text: "باريس", kind: Location },
        MentionIn { text: "رويترز", kind: Organization },
    ];
    let words = ["بوتين", "باشينيان", "ناغورني", "الأمم", "المتحدة", "وقال", "عبد", "كاراباخ", "في", "أرمينيا"];
    let start = Instant::now();
    let mut total = 0;
    for _ in 0..100_000 {
        for w in words {
            total += name_key(w).len();
        }
    }
    println!("name_key: {:.0} ns per word ({total})", start.elapsed().as_secs_f64() * 1e9 / 1e6);
    let n = 20_000;
    let start = Instant::now();
    let mut ids = 0;
    for _ in 0..n {
        ids += link_document(g, &doc).len();
    }
    let t = start.elapsed();
    println!(
        "link_document: {:.1} µs per document of {} mentions ({:.2} µs per mention; {ids} resolved)",
        t.as_secs_f64() * 1e6 / n as f64,
        doc.len(),
        t.as_secs_f64() * 1e6 / (n * doc.len()) as f64
    );
}
