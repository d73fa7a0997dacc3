//! `marsad analyze`: the contract's JSON for each document, nothing stored.

use std::io::{BufWriter, Write};

use anyhow::Result;
use marsad_core::Analysis;
use marsad_ingest::collect_inputs;

use crate::cli::{AnalyzeArgs, AnalyzeFormat};
use crate::pipeline::{self, Outcome, PipelineOptions, say};

/// Analyses and prints; returns the number of documents and of skips.
pub fn analyze(args: &AnalyzeArgs, show_progress: bool) -> Result<(u64, u64)> {
    let (inputs, path_skips) = collect_inputs(&args.read.paths);
    let total: u64 = inputs.iter().map(|i| i.size()).sum();
    let bar = pipeline::progress_bar(total, "analyze", show_progress);
    let mut skipped = path_skips.len() as u64;
    for s in &path_skips {
        say(&bar, &format!("skipped {s}"));
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut all: Vec<Analysis> = Vec::new();
    let mut docs = 0u64;
    let opts =
        PipelineOptions { max_doc_bytes: args.read.max_doc_size, limit: args.read.limit, ..PipelineOptions::default() };
    pipeline::run(inputs, &opts, &bar, |outcomes| {
        for outcome in outcomes {
            match outcome {
                Outcome::Doc(pair) => {
                    let (doc, mut analysis) = *pair;
                    docs += 1;
                    if args.with_text {
                        analysis.text = Some(doc.text);
                    }
                    match args.format {
                        AnalyzeFormat::Jsonl => {
                            serde_json::to_writer(&mut out, &analysis)?;
                            out.write_all(b"\n")?;
                        }
                        AnalyzeFormat::Json => all.push(analysis),
                    }
                }
                Outcome::Skip(s) => {
                    skipped += 1;
                    say(&bar, &format!("skipped {s}"));
                }
            }
        }
        Ok(())
    })?;
    if args.format == AnalyzeFormat::Json {
        serde_json::to_writer_pretty(&mut out, &all)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    bar.finish_and_clear();
    Ok((docs, skipped))
}
