//! `marsad train lexicon`: word counts from unlabelled news, the data behind clitic
//! segmentation; `marsad train gazetteer`: the linker's gazetteer from the public lists.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context, Result};
use marsad_text::clitics::fold_alef_str;
use marsad_text::{Form, TokenKind, normalize, tokenize};
use rayon::prelude::*;

use crate::cli::{TrainGazetteerArgs, TrainLexiconArgs};
use crate::corpus;
use crate::pipeline;

fn count_words(text: &str, counts: &mut HashMap<String, u32>) {
    let norm = normalize(text, Form::Clean);
    for token in tokenize(norm.text(), None) {
        if token.kind == TokenKind::Arabic {
            let word = fold_alef_str(token.text(norm.text()));
            *counts.entry(word).or_default() += 1;
        }
    }
}

pub fn lexicon(args: &TrainLexiconArgs, show_progress: bool) -> Result<()> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut articles_seen = 0usize;
    let mut names = Vec::new();
    for path in &args.corpora {
        let raw = corpus::raw_lines(path, 0)?;
        let articles = corpus::articles(&raw);
        drop(raw);
        articles_seen += articles.len();
        names.push(path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default());
        let bar = pipeline::count_bar(articles.len() as u64, "count", "articles", show_progress);
        let partial = articles
            .par_chunks(256)
            .map(|chunk| {
                let mut local = HashMap::new();
                for a in chunk {
                    count_words(&a.title_and_text(), &mut local);
                }
                bar.inc(chunk.len() as u64);
                local
            })
            .reduce(HashMap::new, merge);
        bar.finish_and_clear();
        counts = merge(counts, partial);
    }
    let tokens: u64 = counts.values().map(|&c| c as u64).sum();
    let mut rows: Vec<(String, u32)> = counts.into_iter().filter(|(_, c)| *c >= args.min_count).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut tsv = String::new();
    tsv.push_str("# marsad lexicon v1: Arabic word counts in lexical form (Clean, alef-hamza folded)\n");
    tsv.push_str(&format!(
        "# from {} ({articles_seen} articles, {tokens} Arabic tokens); words seen at least {} times: {}\n",
        names.join(", "),
        args.min_count,
        rows.len()
    ));
    for (w, c) in &rows {
        tsv.push_str(w);
        tsv.push('\t');
        tsv.push_str(&c.to_string());
        tsv.push('\n');
    }
    let compressed = zstd::bulk::compress(tsv.as_bytes(), 19)?;
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::File::create(&args.out).with_context(|| format!("writing {}", args.out.display()))?;
    f.write_all(&compressed)?;
    println!(
        "lexicon: {} words (of {} tokens in {articles_seen} articles) written to {} ({} KiB)",
        rows.len(),
        tokens,
        args.out.display(),
        compressed.len() / 1024
    );
    Ok(())
}

/// Adds the smaller map into the larger.
fn merge(a: HashMap<String, u32>, b: HashMap<String, u32>) -> HashMap<String, u32> {
    let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (k, v) in small {
        *big.entry(k).or_default() += v;
    }
    big
}

/// Rebuilds the gazetteer the linker embeds: `marsad_link`'s pure build, then a parse of the written bytes so a broken file is never
/// left behind silently. The binary must be rebuilt to embed the new file.
pub fn gazetteer(args: &TrainGazetteerArgs) -> Result<()> {
    use marsad_link::Gazetteer;
    use marsad_link::build::{Sources, build_gazetteer, compress_gazetteer};

    let mut texts: [String; 7] = Default::default();
    for (text, file) in texts.iter_mut().zip(Sources::FILES) {
        let path = args.gazetteers.join(file);
        *text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    }
    let curated =
        std::fs::read_to_string(&args.curated).with_context(|| format!("reading {}", args.curated.display()))?;
    let text = build_gazetteer(&Sources::from_texts(&texts), &curated)
        .with_context(|| format!("building the gazetteer from {}", args.gazetteers.display()))?;
    let bytes = compress_gazetteer(&text)?;
    let parsed = Gazetteer::parse(&bytes).context("the built gazetteer does not parse")?;
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "{}: {} entities, {} name tokens, {} bytes ({} uncompressed); rebuild marsad to embed it",
        args.out.display(),
        parsed.len(),
        parsed.token_count(),
        bytes.len(),
        text.len()
    );
    Ok(())
}
