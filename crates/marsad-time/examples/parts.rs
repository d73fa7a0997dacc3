//! Where the temporal tagger's time goes, part by part, in CPU time (not a benchmark of record;
//! `marsad bench --stages clitics,time` is): `zstdcat ANT | head -n 20000 | cargo run --release -p
//! marsad-time --example parts`.
mod common;

use common::{articles_from_stdin, cpu, tag};

fn best<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..5 {
        let t = cpu();
        let o = f();
        best = best.min(cpu() - t);
        out = Some(o);
    }
    (best, out.unwrap())
}

fn main() {
    let docs = articles_from_stdin();
    let layers: Vec<marsad_text::TextLayer> = docs.iter().map(|d| marsad_text::TextLayer::new(d)).collect();
    // The text layer and the whole tagger, interleaved so that both see the same load.
    let (mut text_s, mut tag_s) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let t = cpu();
        let n: usize = docs.iter().map(|d| marsad_text::TextLayer::new(d).tokens.len()).sum();
        text_s = text_s.min(cpu() - t);
        let t = cpu();
        let m: usize = layers.iter().map(tag).sum();
        tag_s = tag_s.min(cpu() - t);
        std::hint::black_box((n, m));
    }
    println!("text layer {text_s:.4} s, tagger {tag_s:.4} s: +{:.1} %", 100.0 * tag_s / text_s);
    // The tagger right after each text's layer is built (as `analyze` runs it), timed alone.
    let mut hot_s = f64::MAX;
    for _ in 0..5 {
        let mut total = 0.0;
        for chunk in docs.chunks(100) {
            let layers: Vec<_> = chunk.iter().map(|d| marsad_text::TextLayer::new(d)).collect();
            let t = cpu();
            for l in &layers {
                std::hint::black_box(tag(l));
            }
            total += cpu() - t;
        }
        hot_s = hot_s.min(total);
    }
    println!("tagger after each 100 layers {hot_s:.4} s: +{:.1} %", 100.0 * hot_s / text_s);
    let tokens: usize = layers.iter().map(|l| l.tokens.len()).sum();
    let arabic: usize =
        layers.iter().map(|l| l.tokens.iter().filter(|t| t.kind == marsad_text::TokenKind::Arabic).count()).sum();
    let (s_rec, exprs) = best(|| layers.iter().map(marsad_time::recognize).collect::<Vec<_>>());
    let (s_inf, anchors) = best(|| {
        layers.iter().zip(&exprs).map(|(l, e)| marsad_time::infer(l, e).and_then(|i| i.date)).collect::<Vec<_>>()
    });
    let (s_res, n) =
        best(|| exprs.iter().zip(&anchors).map(|(e, a)| marsad_time::resolve_all(e, *a).len()).sum::<usize>());
    println!("{} docs, {tokens} tokens ({arabic} Arabic), {n} expressions", docs.len());
    println!("recognize   {:.4} s", s_rec);
    println!("infer       {:.4} s", s_inf);
    println!("resolve     {:.4} s", s_res);
}
