//! The temporal tagger alone (recognise + infer + resolve) over text layers built first, as the
//! `time` stage of `marsad bench` runs it, `REPS` passes (default 5), the fastest in CPU time;
//! and under callgrind, whose instruction counts do not move with the load of a shared machine:
//!
//! `valgrind --tool=callgrind --toggle-collect='*recognize_with*' target/release/examples/tagger < ant4k.jsonl`
//! (with `REPS=1`).
use std::io::BufRead;

fn main() {
    let docs: Vec<String> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .map(|r| {
            let f = |k: &str| r.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
            format!("{}\n{}", f("title"), f("text"))
        })
        .collect();
    let layers: Vec<marsad_text::TextLayer> = docs.iter().map(|d| marsad_text::TextLayer::new(d)).collect();
    let reps: usize = std::env::var("REPS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let (mut tagger, mut recognize) = (f64::MAX, f64::MAX);
    let mut found = 0;
    for _ in 0..reps {
        let t = cpu();
        found = layers
            .iter()
            .map(|l| {
                let e = marsad_time::recognize(l);
                let a = marsad_time::infer(l, &e).and_then(|i| i.date);
                marsad_time::resolve_all(&e, a).len()
            })
            .sum::<usize>();
        tagger = tagger.min(cpu() - t);
        let t = cpu();
        std::hint::black_box(layers.iter().map(|l| marsad_time::recognize(l).len()).sum::<usize>());
        recognize = recognize.min(cpu() - t);
    }
    println!("{} docs, {found} expressions: tagger {tagger:.4} s, recognize alone {recognize:.4} s", docs.len());
}

/// This thread's time on a CPU, in seconds (waiting for one on a shared machine excluded).
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}
