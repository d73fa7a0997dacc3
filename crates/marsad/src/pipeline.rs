//! The reading pipeline shared by `ingest`, `analyze` and `bench`: a reader thread does
//! the I/O in input order, batches are prepared and analysed in parallel (rayon), and
//! each batch reaches the caller's sink whole and in order — which is what lets ingest
//! write one transaction per batch.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_core::{Analysis, Document, EntityMention, PublishedOut, Timex};
use marsad_extract::ner::{NerModel, find_mentions};
use marsad_ingest::{Input, RawItem, ReadOptions, Skip, open_input, prepare};
use marsad_link::{Gazetteer, MentionIn, link_document};
use marsad_text::{Lexicon, TextLayer};
use rayon::prelude::*;

/// Version of the analysis stored with each document; bumped whenever `analyze`
/// produces something new, so that stored analyses can be redone.
pub const ANALYZER_VERSION: u32 = 4;

/// The entity tagger every analysis uses: the built-in one unless [`use_ner_model`]
/// chose another.
static NER_MODEL: OnceLock<&'static NerModel> = OnceLock::new();

/// Loads the entity tagger (a model file, or the built-in model) before any analysis,
/// so that a missing or damaged model is one clear error, not a failure per document.
pub fn use_ner_model(path: Option<&Path>) -> Result<&'static NerModel> {
    if let Some(model) = NER_MODEL.get() {
        return Ok(model);
    }
    let model = crate::commands::ner::load_model(path)?;
    Ok(NER_MODEL.get_or_init(|| model))
}

/// The analysis of one document (the contract's JSON object).
pub fn analyze(doc: &Document) -> Analysis {
    let mut analysis = Analysis::envelope(doc);
    let layer = TextLayer::from_regions(&doc.text, &doc.body);
    analysis.timex = timex(&layer, &doc.text, &mut analysis.published);
    if let Some(model) = NER_MODEL.get().copied().or_else(|| NerModel::builtin().ok()) {
        analysis.entities = entities(model, &layer, &doc.text);
    }
    events(&layer, &doc.text, &mut analysis);
    analysis
}

/// Quotes, quantities and events (marsad-events) from the text layer, entities and timexes.
pub fn events(layer: &TextLayer, original: &str, analysis: &mut Analysis) {
    let input = marsad_events::DocInput {
        layer,
        text: original,
        entities: &analysis.entities,
        timex: &analysis.timex,
        published: analysis.published.value.as_deref(),
    };
    let found = marsad_events::extract(marsad_events::Ontology::builtin(), Gazetteer::builtin(), &input);
    analysis.quotes = found.quotes;
    analysis.quantities = found.quantities;
    analysis.events = found.events;
}

/// Confidence from which a day inferred from the text is reported against the metadata.
const DISAGREEMENT_CONFIDENCE: f32 = 0.8;

/// Finds and resolves a document's time expressions. The anchor is the metadata's
/// publication day; without one, the day inferred from the text, which then fills
/// `published`. A text that confidently points to another day than the metadata is reported.
pub fn timex(layer: &TextLayer, original: &str, published: &mut PublishedOut) -> Vec<Timex> {
    let exprs = marsad_time::recognize(layer);
    let metadata = published.value.as_deref().and_then(|v| v.parse::<marsad_time::Date>().ok());
    let inferred = marsad_time::infer(layer, &exprs);
    // The month the text gives, when it gives no day and there is no metadata.
    let range = inferred.as_ref().filter(|_| metadata.is_none()).and_then(|i| i.range);
    match (metadata, inferred) {
        (Some(day), Some(inferred)) => {
            if let Some(text_day) = inferred.date
                && text_day != day
                && inferred.confidence >= DISAGREEMENT_CONFIDENCE
            {
                published.text_disagrees = Some(text_day.to_string());
            }
        }
        (None, Some(inferred)) => {
            published.value = inferred.date.map(|d| d.to_string());
            published.from = inferred.from.to_string();
            published.confidence = inferred.confidence;
            published.estimate = inferred.estimate;
        }
        (_, None) => {}
    }
    // The text's own weekdays (اليوم الجمعة in a report dated a Tuesday) say the metadata
    // day is off, when every such weekday points to the same other day.
    if let Some(day) = metadata
        && published.text_disagrees.is_none()
        && let Some(moved) =
            marsad_time::weekday_shift(&exprs, day).and_then(|s| marsad_time::calendar::add_days(day, s))
    {
        published.text_disagrees = Some(moved.to_string());
    }
    let anchor = published.value.as_deref().and_then(|v| v.parse::<marsad_time::Date>().ok());
    let resolved = match (anchor, range) {
        (None, Some((earliest, latest))) => marsad_time::resolve_all_within(&exprs, earliest, latest),
        _ => marsad_time::resolve_all(&exprs, anchor),
    };
    exprs
        .into_iter()
        .zip(resolved)
        .map(|(expr, r)| {
            let span = layer.normalized.original_range(expr.chars.clone());
            Timex {
                text: original.chars().skip(span.start).take(span.len()).collect(),
                start: span.start,
                end: span.end,
                kind: r.kind.to_string(),
                value: r.value,
                modifier: r.modifier.map(str::to_string),
                hijri: r.hijri,
                anchor: r.anchored.map(|a| a.as_str().to_string()),
                unresolved: r.unresolved.map(str::to_string),
            }
        })
        .collect()
}

/// Tags a document's entities and links each to its canonical entity.
pub fn entities(model: &NerModel, layer: &TextLayer, original: &str) -> Vec<EntityMention> {
    let mentions = find_mentions(model, layer, original, Lexicon::builtin(), Gazetteer::builtin());
    let inputs: Vec<MentionIn> = mentions.iter().map(|m| MentionIn { text: &m.clean, kind: m.kind }).collect();
    let resolved = link_document(Gazetteer::builtin(), &inputs);
    mentions
        .into_iter()
        .zip(resolved)
        .map(|(m, r)| EntityMention {
            text: m.text,
            start: m.start,
            end: m.end,
            kind: m.kind.code().to_string(),
            canonical: r.canonical,
            entity_id: r.entity_id,
            role: m.role,
            wikidata: r.wikidata,
            linked_by: serde_json::to_value(r.how).ok().and_then(|v| v.as_str().map(str::to_string)),
        })
        .collect()
}

/// What became of one input item.
pub enum Outcome {
    Doc(Box<(Document, Analysis)>),
    Skip(Skip),
}

/// Pipeline settings.
#[derive(Clone, Debug)]
pub struct PipelineOptions {
    pub max_doc_bytes: u64,
    /// Stop after this many items.
    pub limit: Option<u64>,
    /// Items per batch (one transaction each when ingesting).
    pub batch_items: usize,
    /// Bytes per batch, whichever comes first.
    pub batch_bytes: usize,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            max_doc_bytes: marsad_ingest::reader::DEFAULT_MAX_DOC_BYTES,
            limit: None,
            batch_items: 512,
            batch_bytes: 8 << 20,
        }
    }
}

/// A progress bar on standard error that stays hidden when it is not a terminal.
pub fn progress_bar(total: u64, message: &str, show: bool) -> ProgressBar {
    let target = if show { ProgressDrawTarget::stderr_with_hz(8) } else { ProgressDrawTarget::hidden() };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    let template = if total > 0 {
        "{msg:>10} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta})"
    } else {
        "{msg:>10} [{elapsed_precise}] {spinner} {binary_bytes}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// A progress bar counting items rather than bytes.
pub fn count_bar(total: u64, message: &str, unit: &str, show: bool) -> indicatif::ProgressBar {
    let bar = progress_bar(total, message, show);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{{msg:>10}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit}"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Prints a line above the progress bar (or plainly when it is hidden).
pub fn say(bar: &ProgressBar, line: &str) {
    if bar.is_hidden() {
        eprintln!("{line}");
    } else {
        bar.println(line);
    }
}

/// The analysis of a document about to be stored: a day inferred from the text becomes the
/// document's publication day in the store too. (Ingest and the server's ingest route.)
pub fn analyze_for_store(doc: &mut Document) -> Analysis {
    let analysis = analyze(doc);
    if doc.published.date.is_none() && analysis.published.value.is_some() {
        doc.published.date = analysis.published.value.clone();
        doc.published.from = marsad_core::PublishedFrom::parse(&analysis.published.from);
        doc.published.confidence = analysis.published.confidence;
    }
    analysis
}

fn process(item: Result<RawItem, Skip>) -> Outcome {
    match item.and_then(prepare) {
        Ok(mut doc) => {
            let analysis = analyze_for_store(&mut doc);
            Outcome::Doc(Box::new((doc, analysis)))
        }
        Err(skip) => Outcome::Skip(skip),
    }
}

/// Reads `inputs`, prepares and analyses every item, and calls `sink` with each batch in
/// input order. An error from `sink` stops reading and is returned.
pub fn run(
    inputs: Vec<Input>,
    opts: &PipelineOptions,
    bar: &ProgressBar,
    mut sink: impl FnMut(Vec<Outcome>) -> Result<()>,
) -> Result<()> {
    let read_opts = ReadOptions { max_doc_bytes: opts.max_doc_bytes, progress: Arc::new(AtomicU64::new(0)) };
    let counter = read_opts.progress.clone();
    let (tx, rx) = crossbeam_channel::bounded::<Vec<Result<RawItem, Skip>>>(2);
    std::thread::scope(|scope| -> Result<()> {
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(opts.batch_items);
            let mut bytes = 0usize;
            let mut seen = 0u64;
            'inputs: for input in &inputs {
                for item in open_input(input, &read_opts) {
                    if opts.limit.is_some_and(|l| seen >= l) {
                        break 'inputs;
                    }
                    seen += 1;
                    bytes += item.as_ref().map_or(0, |r| r.bytes.len());
                    batch.push(item);
                    if batch.len() >= opts.batch_items || bytes >= opts.batch_bytes {
                        bytes = 0;
                        if tx.send(std::mem::take(&mut batch)).is_err() {
                            return; // the consumer stopped
                        }
                    }
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        });
        let mut result = Ok(());
        for batch in rx.iter() {
            let outcomes: Vec<Outcome> = batch.into_par_iter().map(process).collect();
            if let Err(e) = sink(outcomes) {
                result = Err(e);
                break;
            }
            bar.set_position(counter.load(Ordering::Relaxed));
        }
        drop(rx);
        if reader.join().is_err() {
            anyhow::bail!("the reader thread failed");
        }
        bar.set_position(counter.load(Ordering::Relaxed));
        result
    })
}
