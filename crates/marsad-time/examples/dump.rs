//! Everything the temporal tagger says about each article of a JSONL corpus read from
//! standard input (`title` + "\n" + `text`, as `marsad bench` builds them): the expressions
//! (tokens, characters, meaning), the publication day inferred from the text alone, and the
//! values resolved against it and against the metadata day. Two builds' outputs are compared
//! with `diff` to check that a change of the tagger's speed changed none of its answers:
//!
//! `zstdcat ANT.jsonl.zst | head -n 20000 | cargo run --release -p marsad-time --example dump > out.txt`
use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for (n, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else { break };
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let field = |k: &str| record.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
        let text = format!("{}\n{}", field("title"), field("text"));
        let metadata = field("date").get(..10).and_then(|d| d.parse::<marsad_time::Date>().ok());
        let layer = marsad_text::TextLayer::new(&text);
        let exprs = marsad_time::recognize(&layer);
        let inferred = marsad_time::infer(&layer, &exprs);
        let anchor = inferred.as_ref().and_then(|i| i.date);
        let _ = writeln!(out, "# {n} {} inferred={inferred:?}", field("id"));
        let by_text = marsad_time::resolve_all(&exprs, anchor);
        let by_metadata = marsad_time::resolve_all(&exprs, metadata);
        for ((e, a), b) in exprs.iter().zip(&by_text).zip(&by_metadata) {
            let _ = writeln!(out, "{e:?}\n  {a:?}\n  {b:?}");
        }
    }
}
