//! `marsad text`: the text layer's reading of a text, for people checking it.

use std::io::Read;

use anyhow::Result;
use marsad_text::{Form, Lexicon, TextLayer, TokenKind, light_stem, normalize_str, to_buckwalter, to_latin};
use serde_json::json;

use crate::cli::{SummaryFormat, TextArgs};

pub fn text(args: &TextArgs) -> Result<()> {
    let input = if args.text == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        args.text.clone()
    };
    let layer = TextLayer::new(&input);
    let lexicon = Lexicon::builtin();
    let tokens: Vec<serde_json::Value> = layer
        .tokens
        .iter()
        .map(|t| {
            let surface = layer.token_text(t);
            let original = layer.token_original(t);
            let mut v = json!({
                "text": surface,
                "kind": format!("{:?}", t.kind).to_lowercase(),
                "start": original.start,
                "end": original.end,
            });
            if t.kind == TokenKind::Arabic {
                v["proclitics"] = json!(t.seg.proclitics(surface));
                v["stem"] = json!(t.stem(layer.text()));
                v["enclitic"] = json!(t.seg.enclitic(surface));
                v["light_stem"] = json!(light_stem(surface, lexicon));
                v["buckwalter"] = json!(to_buckwalter(surface));
                v["latin"] = json!(to_latin(surface));
                v["count"] = json!(lexicon.count(surface));
            }
            v
        })
        .collect();
    let sentences: Vec<String> =
        layer.sentences.iter().map(|s| layer.text()[s.start as usize..s.end as usize].to_string()).collect();
    match args.format.format {
        SummaryFormat::Json => {
            let v = json!({
                "clean": layer.text(),
                "key": normalize_str(&input, Form::Key),
                "sentences": sentences,
                "tokens": tokens,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        SummaryFormat::Text => {
            println!("clean: {}", layer.text());
            println!("key:   {}", normalize_str(&input, Form::Key));
            for (i, s) in sentences.iter().enumerate() {
                println!("sentence {}: {s}", i + 1);
            }
            for t in &tokens {
                let text = t["text"].as_str().unwrap_or("");
                match t.get("stem") {
                    Some(stem) => {
                        let pro: Vec<String> = serde_json::from_value(t["proclitics"].clone()).unwrap_or_default();
                        let mut seg = pro.iter().map(|p| format!("{p}+")).collect::<String>();
                        seg.push_str(stem.as_str().unwrap_or(""));
                        if let Some(e) = t["enclitic"].as_str() {
                            seg.push('+');
                            seg.push_str(e);
                        }
                        println!(
                            "  {text:<16} {seg:<20} stem {:<10} {:<14} {:<16} seen {}",
                            t["light_stem"].as_str().unwrap_or(""),
                            t["latin"].as_str().unwrap_or(""),
                            t["buckwalter"].as_str().unwrap_or(""),
                            t["count"]
                        );
                    }
                    None => println!("  {text:<16} ({})", t["kind"].as_str().unwrap_or("")),
                }
            }
        }
    }
    Ok(())
}
