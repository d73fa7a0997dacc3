use std::io::BufRead;
fn main() {
    let docs: Vec<String> = std::io::stdin().lock().lines().map_while(Result::ok).filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok()).map(|r| { let f = |k: &str| r.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string(); format!("{}\n{}", f("title"), f("text")) }).collect();
    let layers: Vec<marsad_text::TextLayer> = docs.iter().map(|d| marsad_text::TextLayer::new(d)).collect();
    for _ in 0..3 {
        for p in &marsad_time::recognize::PH { p.store(0, std::sync::atomic::Ordering::Relaxed); }
        let t = cpu();
        let n: usize = layers.iter().map(|l| marsad_time::recognize(l).len()).sum();
        let total = cpu() - t;
        let ph: Vec<f64> = marsad_time::recognize::PH.iter().map(|p| p.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9).collect();
        println!("{n} total {total:.4} words {:.4} numbers {:.4} scan {:.4}", ph[0], ph[1], ph[2]);
    }
}
#[allow(dead_code)]
fn x() {}

fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse::<f64>().unwrap() / 1e9
}
