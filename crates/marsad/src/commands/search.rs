//! `marsad search` and `marsad reindex`: full-text search over the store's index.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use marsad_index::{Query, SearchResults};
use marsad_store::Store;

use crate::cli::{SearchArgs, SummaryFormat};
use crate::indexing::{self, Sync};

/// Runs a search against the index of `data` (brought up to date with the store first).
pub fn search(data: &Path, args: &SearchArgs, show_progress: bool) -> Result<SearchResults> {
    let store = Store::open(data).with_context(|| format!("opening the store in {}", data.display()))?;
    let (index, sync) = indexing::open_synced(data, &store, show_progress)?;
    report_sync(&sync);
    let mut doc_ids = args.doc.clone();
    if let Some(id) = &args.story {
        anyhow::ensure!(store.story(id)?.is_some(), "no story {id}");
        doc_ids.extend(store.story_documents(id)?.into_iter().map(|m| m.doc_id));
    }
    let query = Query {
        text: args.query.clone(),
        entities: args.entity.clone(),
        outlets: args.outlet.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        doc_ids: (!doc_ids.is_empty() || args.story.is_some()).then_some(doc_ids),
        limit: args.limit,
        offset: args.offset,
        recency: args.recency,
        facets: args.facets,
        snippets: true,
        expand_entities: !args.no_expand,
    };
    Ok(index.search(&query)?)
}

fn report_sync(sync: &Sync) {
    match sync {
        Sync::Ready => {}
        Sync::CaughtUp(n) => eprintln!("search index: added {n} document(s) it was missing"),
        Sync::Rebuilt(why) => eprintln!("search index rebuilt: {why}"),
        Sync::Behind(n) => {
            eprintln!("warning: the search index is behind the store ({n} rows; an ingest is writing it)")
        }
    }
}

/// Prints search results.
pub fn print(results: &SearchResults, format: SummaryFormat) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let written = write_results(&mut out, results, format);
    // A closed pipe (`| head`) is not an error of the search.
    match written {
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {
            Ok(())
        }
        other => other,
    }
}

fn write_results(out: &mut impl Write, results: &SearchResults, format: SummaryFormat) -> Result<()> {
    if format == SummaryFormat::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(results)?)?;
        return Ok(());
    }
    writeln!(out, "{} document(s) match", results.total)?;
    for e in &results.expansions {
        writeln!(out, "  «{}» also matched as entity {}", e.words, e.entity_ids.join(", "))?;
    }
    for h in &results.hits {
        writeln!(
            out,
            "\n{}  {:.3}  {}  {}  {}",
            &h.doc_id[..h.doc_id.len().min(12)],
            h.score,
            h.published.as_deref().unwrap_or("date ?   "),
            h.outlet.as_deref().unwrap_or("-"),
            h.title.as_deref().unwrap_or("(no title)")
        )?;
        if let Some(s) = &h.snippet {
            let chars: Vec<char> = s.text.chars().collect();
            let mut line = String::new();
            let mut at = s.start;
            for [a, b] in &s.highlights {
                line.extend(&chars[at - s.start..a - s.start]);
                line.push('[');
                line.extend(&chars[a - s.start..b - s.start]);
                line.push(']');
                at = *b;
            }
            line.extend(&chars[at - s.start..]);
            writeln!(out, "    {}", line.replace('\n', " "))?;
        }
    }
    if let Some(f) = &results.facets {
        let list = |v: &[marsad_index::FacetCount]| {
            v.iter().map(|c| format!("{} {}", c.value, c.count)).collect::<Vec<_>>().join(", ")
        };
        writeln!(out, "\noutlets: {}\nmonths: {}\nentities: {}", list(&f.outlets), list(&f.months), list(&f.entities))?;
    }
    Ok(())
}

/// `marsad reindex`: rebuilds the index from the store.
pub fn reindex(data: &Path, show_progress: bool) -> Result<u64> {
    let store = Store::open(data).with_context(|| format!("opening the store in {}", data.display()))?;
    let (_, n) = indexing::rebuild(data, &store, show_progress)?;
    Ok(n)
}
