//! Stories on the store: bringing the clustering up to date after ingest (`update`), listing
//! stories with their summaries and timelines (`stories`), timelines per story or entity
//! (`timeline`), and the clustering evaluation on a labelled set (`eval stories`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use marsad_core::{Document, Event};
use marsad_store::{Store, StoryDocument, StoryFilter, StoryMember, StoryRow};
use marsad_story::features::token_terms;
use marsad_story::{
    Candidate, DocFeatures, Level, StoryConfig, StoryIndex, SummaryDoc, SummarySentence, TimelineDoc, TimelineEntry,
    decode_vector, doc_features, encode_vector, parse_day, summarize, timeline,
};
use marsad_text::TextLayer;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cli::{EvalStoriesArgs, StoriesArgs, SummaryFormat, TimelineArgs};
use crate::pipeline;

/// Version of the saved clusterer state; a state of another version is rebuilt.
const STATE_FORMAT: u32 = 1;
/// Documents loaded, featurised (in parallel) and placed per step of an update.
const UPDATE_CHUNK: usize = 2_000;
/// Documents of a story whose sentences may enter its summary: the most central ones.
const SUMMARY_DOCUMENTS: usize = 30;
/// Sentences of each of those documents that may enter it: the lead, where news puts the facts.
const SUMMARY_SENTENCES_PER_DOC: usize = 10;

/// A candidate title of a story: a document's id, its headline and its features.
struct TitleCandidate {
    doc_id: String,
    title: Option<String>,
    features: DocFeatures,
}

/// Title candidates per touched story.
type Touched = HashMap<(Level, u32), Vec<TitleCandidate>>;

/// What a stored analysis holds that stories need.
#[derive(Debug, Default, Deserialize)]
struct StoredAnalysis {
    #[serde(default)]
    entities: Vec<EntityRef>,
    #[serde(default)]
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
struct EntityRef {
    entity_id: String,
}

fn stored_analysis(store: &Store, id: &str) -> Result<StoredAnalysis> {
    match store.analysis(id)? {
        Some(json) => serde_json::from_str(&json).with_context(|| format!("stored analysis of {id}")),
        None => Ok(StoredAnalysis::default()),
    }
}

/// A document's features for clustering: title and body terms and its canonical entities.
pub fn features_of<'e>(doc: &Document, entity_ids: impl IntoIterator<Item = &'e str>) -> DocFeatures {
    let title = TextLayer::new(doc.title.as_deref().unwrap_or(""));
    let body = TextLayer::from_regions(&doc.text, &doc.body);
    doc_features(&title, &body, entity_ids)
}

fn load_features(store: &Store, id: &str) -> Result<Option<(Document, DocFeatures)>> {
    let Some(doc) = store.document(id)? else { return Ok(None) };
    let analysis = stored_analysis(store, id)?;
    let features = features_of(&doc, analysis.entities.iter().map(|e| e.entity_id.as_str()));
    Ok(Some((doc, features)))
}

fn encode_state(index: &StoryIndex) -> Result<Vec<u8>> {
    let mut encoder = zstd::Encoder::new(Vec::new(), 3)?;
    serde_json::to_writer(&mut encoder, index)?;
    encoder.flush()?;
    Ok(encoder.finish()?)
}

fn decode_state(bytes: &[u8]) -> Result<StoryIndex> {
    let mut json = Vec::new();
    zstd::Decoder::new(bytes)?.read_to_end(&mut json)?;
    Ok(serde_json::from_slice::<StoryIndex>(&json)?.restore())
}

/// What an update did.
#[derive(Debug, Default, Serialize)]
pub struct UpdateReport {
    pub placed: u64,
    pub new_events: u64,
    pub new_sagas: u64,
    pub events: u64,
    pub sagas: u64,
    pub rebuilt: bool,
}

/// Places every stored document that is in no story yet, and saves the stories that changed
/// together with the clusterer's state in one transaction. With `rebuild`, starts over.
pub fn update(
    store: &mut Store,
    rebuild: bool,
    config: Option<StoryConfig>,
    show_progress: bool,
) -> Result<UpdateReport> {
    let mut report = UpdateReport { rebuilt: rebuild, ..UpdateReport::default() };
    let saved = if rebuild { None } else { store.story_state()? };
    let mut index = match saved {
        Some((STATE_FORMAT, bytes)) => match decode_state(&bytes) {
            Ok(index) => index,
            Err(e) => {
                eprintln!("stories: the saved state cannot be read ({e:#}); rebuilding every story");
                report.rebuilt = true;
                StoryIndex::new(config.clone().unwrap_or_default())
            }
        },
        Some((format, _)) => {
            eprintln!("stories: saved state has format {format}, this marsad writes {STATE_FORMAT}; rebuilding");
            report.rebuilt = true;
            StoryIndex::new(config.clone().unwrap_or_default())
        }
        None => {
            // Rows without a state (a state written by nothing) are rebuilt from the documents.
            report.rebuilt |= !store.stories(&StoryFilter { limit: 1, ..Default::default() })?.is_empty();
            StoryIndex::new(config.clone().unwrap_or_default())
        }
    };
    if report.rebuilt {
        store.clear_stories()?;
    }
    let pending = store.unplaced_documents()?;
    if pending.is_empty() {
        report.events = index.events.len() as u64;
        report.sagas = index.sagas.len() as u64;
        return Ok(report);
    }
    let bar = pipeline::count_bar(pending.len() as u64, "stories", "documents", show_progress);
    let mut members: Vec<StoryMember> = Vec::with_capacity(pending.len() * 2);
    let mut candidates: Touched = HashMap::new();
    for chunk in pending.chunks(UPDATE_CHUNK) {
        let mut loaded = Vec::with_capacity(chunk.len());
        for (id, _) in chunk {
            let Some(doc) = store.document(id)? else { continue };
            loaded.push((doc, stored_analysis(store, id)?));
        }
        let featured: Vec<(Document, DocFeatures)> = loaded
            .into_par_iter()
            .map(|(doc, analysis)| {
                let f = features_of(&doc, analysis.entities.iter().map(|e| e.entity_id.as_str()));
                (doc, f)
            })
            .collect();
        for (doc, features) in featured {
            let day = doc.published.date.as_deref().and_then(parse_day);
            let placed = index.add(doc.id.as_str(), day, &features);
            report.placed += 1;
            report.new_events += placed.new_event as u64;
            report.new_sagas += placed.new_saga as u64;
            let event_id = index.events[placed.event as usize].id(Level::Event);
            let saga_id = index.sagas[placed.saga as usize].id(Level::Saga);
            for story_id in [event_id, saga_id] {
                members.push(StoryMember { story_id, doc_id: doc.id.to_string(), similarity: placed.similarity });
            }
            for key in [(Level::Event, placed.event), (Level::Saga, placed.saga)] {
                candidates.entry(key).or_default().push(TitleCandidate {
                    doc_id: doc.id.to_string(),
                    title: doc.title.clone(),
                    features: features.clone(),
                });
            }
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let rows = touched_rows(store, &index, candidates)?;
    report.events = index.events.len() as u64;
    report.sagas = index.sagas.len() as u64;
    let state = encode_state(&index)?;
    store.save_stories(STATE_FORMAT, index.docs.len() as u64, &state, &rows, &members)?;
    Ok(report)
}

/// The rows of the stories an update touched, each titled by its most central headline
/// among its current title and its new documents.
fn touched_rows(store: &Store, index: &StoryIndex, candidates: Touched) -> Result<Vec<StoryRow>> {
    let mut rows = Vec::with_capacity(candidates.len());
    for ((level, c), mut docs) in candidates {
        let cluster = &index.clusters(level)[c as usize];
        let id = cluster.id(level);
        let previous = store.story(&id)?;
        if let Some(doc_id) = previous.as_ref().and_then(|p| p.title_doc.clone())
            && !docs.iter().any(|d| d.doc_id == doc_id)
            && let Some((doc, features)) = load_features(store, &doc_id)?
        {
            docs.push(TitleCandidate { doc_id, title: doc.title, features });
        }
        let centroid = cluster.centroid();
        let norm = centroid.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
        let best = docs
            .iter()
            .filter(|d| d.title.as_deref().is_some_and(|t| !t.trim().is_empty()))
            .map(|d| (marsad_story::cluster::dot(&index.weigh(&d.features), centroid) / norm, d))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.doc_id.cmp(&a.1.doc_id)));
        let (title_doc, title) = match best {
            Some((_, d)) => (Some(d.doc_id.clone()), d.title.clone()),
            None => {
                (previous.as_ref().and_then(|p| p.title_doc.clone()), previous.as_ref().and_then(|p| p.title.clone()))
            }
        };
        rows.push(StoryRow {
            id,
            level: level.as_str().to_string(),
            parent: cluster.parent.map(|s| index.sagas[s as usize].id(Level::Saga)),
            title,
            title_doc,
            start: cluster.start.map(marsad_story::format_day),
            end: cluster.end.map(marsad_story::format_day),
            documents: cluster.docs.len() as u64,
            centroid: encode_vector(centroid),
        });
    }
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rows)
}

/// A story as `marsad stories --format json` prints it (the type is shared with the server).
pub use marsad_story::StoryOut;

/// The summary of a story: its most central documents' lead sentences (`members` as
/// [`Store::story_documents`] lists them, most central first), scored against its stored centroid.
fn story_summary(
    store: &Store,
    row: &StoryRow,
    members: &[StoryDocument],
    sentences: usize,
) -> Result<Vec<SummarySentence>> {
    let mut docs = Vec::new();
    for m in members.iter().take(SUMMARY_DOCUMENTS) {
        let Some(doc) = store.document(&m.doc_id)? else { continue };
        let layer = TextLayer::from_regions(&doc.text, &doc.body);
        let candidates = layer
            .sentences
            .iter()
            .take(SUMMARY_SENTENCES_PER_DOC)
            .enumerate()
            .map(|(i, s)| {
                let range = layer.sentence_original(s);
                let text: String = doc.text.chars().skip(range.start).take(range.len()).collect();
                Candidate::new(&text, i, token_terms(&layer, layer.sentence_tokens(s)))
            })
            .collect();
        docs.push(SummaryDoc {
            id: m.doc_id.clone(),
            day: m.published.as_deref().and_then(parse_day),
            sentences: candidates,
        });
    }
    Ok(summarize(&docs, &decode_vector(&row.centroid), sentences))
}

/// The merged timeline of the events the given documents report, optionally filtered.
fn documents_timeline(store: &Store, doc_ids: &[String], keep: impl Fn(&Event) -> bool) -> Result<Vec<TimelineEntry>> {
    let mut loaded: Vec<(Document, Vec<Event>)> = Vec::new();
    for id in doc_ids {
        let events = stored_analysis(store, id)?.events;
        if events.is_empty() {
            continue;
        }
        let Some(doc) = store.document(id)? else { continue };
        loaded.push((doc, events));
    }
    let docs: Vec<TimelineDoc> = loaded
        .iter()
        .map(|(doc, events)| TimelineDoc {
            id: doc.id.as_str(),
            outlet: doc.outlet.as_deref(),
            published: doc.published.date.as_deref(),
            events,
        })
        .collect();
    Ok(timeline(&docs, keep))
}

/// A story with its documents, outlets, summary and timeline.
pub fn story_out(store: &Store, row: StoryRow, summary_sentences: usize) -> Result<StoryOut> {
    let members = store.story_documents(&row.id)?;
    let outlets: BTreeSet<String> = members.iter().filter_map(|m| m.outlet.clone()).collect();
    let mut by_day: Vec<_> = members.iter().collect();
    by_day.sort_by(|a, b| (&a.published, &a.doc_id).cmp(&(&b.published, &b.doc_id)));
    let documents: Vec<String> = by_day.iter().map(|m| m.doc_id.clone()).collect();
    let summary = story_summary(store, &row, &members, summary_sentences)?;
    let timeline = documents_timeline(store, &documents, |_| true)?;
    let events =
        if row.level == "saga" { store.story_children(&row.id)?.into_iter().map(|c| c.id).collect() } else { vec![] };
    Ok(StoryOut {
        id: row.id,
        level: row.level,
        parent: row.parent,
        title: row.title,
        start: row.start,
        end: row.end,
        documents,
        outlets: outlets.into_iter().collect(),
        summary,
        timeline,
        events,
    })
}

/// `marsad stories`.
pub fn stories(data: &Path, args: &StoriesArgs, show_progress: bool) -> Result<()> {
    let mut store = super::documents::open(data)?;
    if args.rebuild || !store.unplaced_documents()?.is_empty() {
        let report = update(&mut store, args.rebuild, None, show_progress)?;
        if report.placed > 0 {
            eprintln!(
                "stories: placed {} documents ({} new events, {} new sagas)",
                report.placed, report.new_events, report.new_sagas
            );
        }
    }
    let rows = match &args.id {
        Some(id) => vec![store.story(id)?.with_context(|| format!("no story {id}"))?],
        None => store.stories(&StoryFilter {
            level: args.level.as_deref(),
            min_documents: args.min_documents,
            from: args.from.as_deref(),
            to: args.to.as_deref(),
            limit: args.limit,
            offset: 0,
        })?,
    };
    let out: Vec<StoryOut> =
        rows.into_iter().map(|row| story_out(&store, row, args.summary_sentences)).collect::<Result<_>>()?;
    match args.format {
        SummaryFormat::Json => println!("{}", serde_json::to_string_pretty(&out)?),
        SummaryFormat::Text => {
            for s in &out {
                let days = match (&s.start, &s.end) {
                    (Some(a), Some(b)) if a == b => a.clone(),
                    (Some(a), Some(b)) => format!("{a} … {b}"),
                    _ => "undated".into(),
                };
                println!(
                    "{} {:<5} {:>4} docs  {}  {}",
                    s.id,
                    s.level,
                    s.documents.len(),
                    days,
                    s.title.as_deref().unwrap_or("(no title)")
                );
                if !s.outlets.is_empty() {
                    println!("    outlets: {}", s.outlets.join(", "));
                }
                for line in &s.summary {
                    println!("    · {} [{}]", line.sentence, line.documents.len());
                }
                for t in &s.timeline {
                    println!(
                        "    {} {} {} ({} docs){}",
                        t.date.as_deref().unwrap_or("????-??-??"),
                        t.kind,
                        t.actors.join(", "),
                        t.documents.len(),
                        if t.conflicts.is_empty() { "" } else { "  figures disagree" }
                    );
                }
            }
        }
    }
    Ok(())
}

/// The timeline of one story: the events its documents report, merged.
pub fn story_timeline(store: &Store, story_id: &str) -> Result<Vec<TimelineEntry>> {
    let docs: Vec<String> = store.story_documents(story_id)?.into_iter().map(|m| m.doc_id).collect();
    documents_timeline(store, &docs, |_| true)
}

/// The timeline of one canonical entity: the events of the documents that mention it in
/// which it is an actor, a target or the place (by id, or by canonical name).
pub fn entity_timeline(store: &Store, entity_id: &str, canonical: &str) -> Result<Vec<TimelineEntry>> {
    let docs = store.documents_mentioning(entity_id)?;
    let involves = |e: &Event| {
        e.actor_ids.iter().chain(&e.target_ids).chain(&e.location_id).any(|x| x == entity_id)
            || e.actors.iter().chain(&e.targets).chain(&e.location).any(|x| x == canonical)
    };
    documents_timeline(store, &docs, involves)
}

/// `marsad timeline --story ID | --entity NAME|ID`.
pub fn timeline_command(data: &Path, args: &TimelineArgs) -> Result<()> {
    let store = super::documents::open(data)?;
    let entries = match (&args.story, &args.entity) {
        (Some(id), _) => {
            store.story(id)?.with_context(|| format!("no story {id}"))?;
            story_timeline(&store, id)?
        }
        (None, Some(name)) => {
            let (entity_id, canonical) =
                store.find_entity(name)?.with_context(|| format!("no entity named {name} in the store"))?;
            entity_timeline(&store, &entity_id, &canonical)?
        }
        (None, None) => bail!("give --story ID or --entity NAME"),
    };
    match args.format {
        SummaryFormat::Json => println!("{}", serde_json::to_string_pretty(&entries)?),
        SummaryFormat::Text => {
            for t in &entries {
                println!(
                    "{}  {:<28} {:<40} {} docs  {}",
                    t.date.as_deref().unwrap_or("????-??-??"),
                    t.kind,
                    t.actors.join(", "),
                    t.documents.len(),
                    t.outlets.join(", ")
                );
                for c in &t.conflicts {
                    let values: Vec<String> =
                        c.values.iter().map(|v| format!("{} ({} docs)", v.value, v.documents.len())).collect();
                    println!("      {} disagrees: {}", c.figure, values.join(" vs "));
                }
            }
        }
    }
    Ok(())
}

/// Each labelled event of several articles that was split, with its articles' titles
/// grouped by the event they were placed in.
fn print_clustering_errors(
    items: &[(&marsad_story::GoldRow, Option<i32>, DocFeatures, String)],
    placed: &[(&str, u32)],
) {
    let mut by_gold: BTreeMap<&str, BTreeMap<u32, Vec<&str>>> = BTreeMap::new();
    for ((_, _, _, title), &(gold, event)) in items.iter().zip(placed) {
        by_gold.entry(gold).or_default().entry(event).or_default().push(title);
    }
    let mut gold_of: HashMap<u32, Vec<&str>> = HashMap::new();
    for (gold, events) in &by_gold {
        for e in events.keys() {
            gold_of.entry(*e).or_default().push(gold);
        }
    }
    for (gold, events) in by_gold.iter().filter(|(_, e)| e.len() > 1) {
        println!("split: {gold} into {} events", events.len());
        for (e, titles) in events {
            let shared = gold_of[e].iter().filter(|g| *g != gold).count();
            println!("  event {e} (also {shared} other labels):");
            for t in titles {
                println!("      {t}");
            }
        }
    }
}

/// The default settings with `name=value` changes.
fn configured(settings: &[String]) -> Result<StoryConfig> {
    let mut config = serde_json::to_value(StoryConfig::default())?;
    for setting in settings {
        let Some((name, value)) = setting.split_once('=') else { bail!("--set {setting}: expected NAME=VALUE") };
        let slot = config.get_mut(name).with_context(|| format!("--set: no setting named {name}"))?;
        *slot = serde_json::from_str(value).with_context(|| format!("--set {setting}: not a value"))?;
    }
    Ok(serde_json::from_value(config)?)
}

/// Scores of one configuration on the labelled set.
#[derive(Debug, Serialize)]
struct EvalRow {
    event_threshold: f32,
    saga_threshold: f32,
    events: marsad_story::ClusterScores,
    sagas: marsad_story::ClusterScores,
}

/// `marsad eval stories`: clusters the labelled articles as ingest would (analysis, then
/// features, in publication order) and scores events and sagas against the labels.
pub fn eval(args: &EvalStoriesArgs, show_progress: bool) -> Result<()> {
    let gold_text = std::fs::read_to_string(&args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    let gold = marsad_story::parse_gold(&gold_text, &args.gold.display().to_string())?;
    if !args.corpus.exists() {
        println!("eval stories: skipped, corpus {} not found", args.corpus.display());
        return Ok(());
    }
    let wanted: HashMap<&str, &marsad_story::GoldRow> = gold.iter().map(|g| (g.id.as_str(), g)).collect();
    let raw = crate::corpus::raw_lines(&args.corpus, 0)?;
    let raw: Vec<_> = raw
        .into_iter()
        .filter(|r| {
            serde_json::from_slice::<serde_json::Value>(&r.bytes)
                .ok()
                .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(|i| wanted.contains_key(i)))
                .unwrap_or(false)
        })
        .collect();
    let bar = pipeline::count_bar(raw.len() as u64, "analyse", "articles", show_progress);
    // (gold row, day, features, title); documents prepared and analysed as ingest does.
    let mut items: Vec<(&marsad_story::GoldRow, Option<i32>, DocFeatures, String)> = raw
        .into_par_iter()
        .filter_map(|item| {
            let doc = marsad_ingest::prepare(item).ok()?;
            let analysis = pipeline::analyze(&doc);
            let external = doc.provenance.external_id.clone()?;
            let row = *wanted.get(external.as_str())?;
            let features = features_of(&doc, analysis.entities.iter().map(|e| e.entity_id.as_str()));
            bar.inc(1);
            let title = doc.title.clone().unwrap_or_default();
            Some((row, doc.published.date.as_deref().and_then(parse_day), features, title))
        })
        .collect();
    bar.finish_and_clear();
    items.sort_by(|a, b| (a.1.is_none(), a.1, &a.0.id).cmp(&(b.1.is_none(), b.1, &b.0.id)));
    let missing = gold.len() - items.len();
    let base = configured(&args.settings)?;
    let grid: Vec<(f32, f32)> = if args.sweep {
        let events = [0.18, 0.22, 0.26, 0.30, 0.34, 0.38, 0.42, 0.48];
        let sagas = [0.10, 0.14, 0.18, 0.22];
        events.iter().flat_map(|&e| sagas.iter().map(move |&s| (e, s))).collect()
    } else {
        vec![(args.event_threshold.unwrap_or(base.event_threshold), args.saga_threshold.unwrap_or(base.saga_threshold))]
    };
    let mut results = Vec::new();
    for (event_threshold, saga_threshold) in grid {
        let mut index = StoryIndex::new(StoryConfig { event_threshold, saga_threshold, ..base.clone() });
        let mut event_pairs = Vec::with_capacity(items.len());
        let mut saga_pairs = Vec::with_capacity(items.len());
        for (row, day, features, _) in &items {
            let placed = index.add(&row.id, *day, features);
            event_pairs.push((row.event.as_str(), placed.event));
            // An article whose saga is `none` stands in its event's saga alone.
            let gold_saga = if row.saga == "none" { format!("none:{}", row.event) } else { row.saga.clone() };
            saga_pairs.push((gold_saga, placed.saga));
        }
        if args.errors {
            print_clustering_errors(&items, &event_pairs);
        }
        results.push(EvalRow {
            event_threshold,
            saga_threshold,
            events: marsad_story::score(&event_pairs),
            sagas: marsad_story::score(&saga_pairs),
        });
    }
    match args.format {
        SummaryFormat::Json => println!("{}", serde_json::to_string_pretty(&results)?),
        SummaryFormat::Text => {
            println!(
                "stories: {} labelled articles clustered ({} not found in {}), gold {}",
                items.len(),
                missing,
                args.corpus.display(),
                args.gold.display()
            );
            println!(
                "{:>6} {:>6} | {:>28} {:>28} | {:>28} {:>28}",
                "ev.th",
                "sg.th",
                "events pairwise P/R/F1",
                "events B-cubed P/R/F1",
                "sagas pairwise P/R/F1",
                "sagas B-cubed P/R/F1"
            );
            let prf = |p: &marsad_story::Prf| {
                format!("{:.1} / {:.1} / {:.1}", 100.0 * p.precision, 100.0 * p.recall, 100.0 * p.f1)
            };
            for r in &results {
                println!(
                    "{:>6.2} {:>6.2} | {:>28} {:>28} | {:>28} {:>28}   ({} events / {} gold; {} sagas / {} gold)",
                    r.event_threshold,
                    r.saga_threshold,
                    prf(&r.events.pairwise),
                    prf(&r.events.bcubed),
                    prf(&r.sagas.pairwise),
                    prf(&r.sagas.bcubed),
                    r.events.predicted_clusters,
                    r.events.gold_clusters,
                    r.sagas.predicted_clusters,
                    r.sagas.gold_clusters
                );
            }
        }
    }
    Ok(())
}
