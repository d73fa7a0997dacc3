//! What the timing examples share: the articles of a JSONL corpus on standard input, the
//! tagger as `analyze` runs it, and CPU time.
use std::io::BufRead;

/// Title and text of each JSONL record on standard input (lines that are no JSON skipped).
pub fn articles_from_stdin() -> Vec<String> {
    std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .map(|r| {
            let f = |k: &str| r.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
            format!("{}\n{}", f("title"), f("text"))
        })
        .collect()
}

/// The whole temporal tagger over one layer (recognise, infer, resolve): how many values.
pub fn tag(layer: &marsad_text::TextLayer) -> usize {
    let found = marsad_time::recognize(layer);
    let anchor = marsad_time::infer(layer, &found).and_then(|i| i.date);
    marsad_time::resolve_all(&found, anchor).len()
}

/// This thread's time on a CPU, in seconds (waiting for one on a shared machine excluded).
pub fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}
