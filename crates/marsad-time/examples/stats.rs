use std::io::BufRead;
fn main() {
    let docs: Vec<String> = std::io::stdin().lock().lines().map_while(Result::ok).filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok()).map(|r| { let f = |k: &str| r.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string(); format!("{}\n{}", f("title"), f("text")) }).collect();
    let layers: Vec<marsad_text::TextLayer> = docs.iter().map(|d| marsad_text::TextLayer::new(d)).collect();
    for _ in 0..8 {
        let n: usize = layers.iter().map(|l| marsad_time::recognize(l).len()).sum();
        std::hint::black_box(n);
    }
}
