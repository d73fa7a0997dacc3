//! The temporal tagger alone (recognise + infer + resolve) over text layers built first, as the
//! `time` stage of `marsad bench` runs it, `REPS` passes (default 5), the fastest in CPU time;
//! and under callgrind, whose instruction counts do not move with the load of a shared machine:
//!
//! `valgrind --tool=callgrind --toggle-collect='*recognize_with*' target/release/examples/tagger < ant4k.jsonl`
//! (with `REPS=1`).
mod common;

use common::{articles_from_stdin, cpu, tag};

fn main() {
    let docs = articles_from_stdin();
    let layers: Vec<marsad_text::TextLayer> = docs.iter().map(|d| marsad_text::TextLayer::new(d)).collect();
    let reps: usize = std::env::var("REPS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let (mut tagger, mut recognize) = (f64::MAX, f64::MAX);
    let mut found = 0;
    for _ in 0..reps {
        let t = cpu();
        found = layers.iter().map(tag).sum::<usize>();
        tagger = tagger.min(cpu() - t);
        let t = cpu();
        std::hint::black_box(layers.iter().map(|l| marsad_time::recognize(l).len()).sum::<usize>());
        recognize = recognize.min(cpu() - t);
    }
    println!("{} docs, {found} expressions: tagger {tagger:.4} s, recognize alone {recognize:.4} s", docs.len());
}
