//! Prints the time expressions of a text: `cargo run -p marsad-time --example timex -- 2020-11-20 "النص"`.
fn main() {
    let mut args = std::env::args().skip(1);
    let anchor = args.next().and_then(|a| a.parse::<marsad_time::Date>().ok());
    let text = args.collect::<Vec<_>>().join(" ");
    let layer = marsad_text::TextLayer::new(&text);
    for t in marsad_time::tag(&layer, anchor) {
        let chars: String = layer.text().chars().skip(t.expr.chars.start).take(t.expr.chars.len()).collect();
        println!(
            "{chars}\t{}\t{}\t{:?}\t{:?}",
            t.resolved.kind, t.resolved.value, t.resolved.modifier, t.resolved.hijri
        );
    }
}
