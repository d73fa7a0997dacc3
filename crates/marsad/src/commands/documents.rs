//! Reading the store: `documents`, `show`, `stats`.

use std::path::Path;

use anyhow::{Context, Result, bail};
use marsad_store::Store;
use serde_json::json;

use crate::cli::{DocumentsArgs, ShowArgs, SummaryFormat};

/// Opens an existing store, or says how to make one.
pub fn open(data: &Path) -> Result<Store> {
    if !data.join(marsad_store::DB_FILE).exists() {
        bail!("no store in {} (run `marsad --data {} ingest PATH` first)", data.display(), data.display());
    }
    Store::open(data).with_context(|| format!("opening the store in {}", data.display()))
}

pub fn documents(data: &Path, args: &DocumentsArgs) -> Result<()> {
    let store = open(data)?;
    let docs = store.documents(args.outlet.as_deref(), args.limit, args.offset)?;
    match args.format.format {
        SummaryFormat::Json => println!("{}", serde_json::to_string_pretty(&docs)?),
        SummaryFormat::Text => {
            for d in &docs {
                println!(
                    "{}  {}  {:<12} {}  [{} chars, {} source(s), {} furniture line(s)]",
                    &d.id[..12],
                    d.published.as_deref().unwrap_or("date ?   "),
                    d.outlet.as_deref().unwrap_or("-"),
                    d.title.as_deref().unwrap_or("(no title)"),
                    d.body_chars,
                    d.sources,
                    d.boilerplate
                );
            }
        }
    }
    Ok(())
}

/// Finds a document by id or unique prefix.
fn resolve(store: &Store, id: &str) -> Result<String> {
    if store.contains(id)? {
        return Ok(id.to_string());
    }
    if id.len() < 6 {
        bail!("no document {id:?} (give the id or a prefix of at least 6 characters)");
    }
    let matches = store.ids_with_prefix(id, 2)?;
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("no document {id:?}"),
        _ => bail!("{id:?} is the prefix of several documents; give more of it"),
    }
}

pub fn show(data: &Path, args: &ShowArgs) -> Result<()> {
    let store = open(data)?;
    let id = resolve(&store, &args.id)?;
    let Some(doc) = store.document(&id)? else { bail!("no document {id:?}") };
    let provenance = store.provenance(&id)?;
    let analysis: Option<serde_json::Value> = store.analysis(&id)?.map(|s| serde_json::from_str(&s)).transpose()?;
    match args.format.format {
        SummaryFormat::Json => {
            let value = json!({
                "id": doc.id,
                "title": doc.title,
                "outlet": doc.outlet,
                "url": doc.url,
                "published": doc.published,
                "text": doc.text,
                "body": doc.body_text(),
                "boilerplate": doc.boilerplate,
                "provenance": provenance,
                "analysis": analysis,
            });
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        SummaryFormat::Text => {
            println!("{}", doc.title.as_deref().unwrap_or("(no title)"));
            println!("id {}", doc.id);
            if let Some(date) = &doc.published.date {
                println!("published {date} (from {})", doc.published.from.as_str());
            }
            if let Some(outlet) = &doc.outlet {
                println!("outlet {outlet}");
            }
            for p in &provenance {
                println!("source {}{}", p.source, p.encoding.as_deref().map(|e| format!(" ({e})")).unwrap_or_default());
            }
            for b in &doc.boilerplate {
                println!("removed [{}] {}", b.reason.as_str(), b.text);
            }
            println!("\n{}", doc.body_text());
        }
    }
    Ok(())
}

pub fn stats(data: &Path, format: SummaryFormat) -> Result<()> {
    let store = open(data)?;
    let stats = store.stats()?;
    match format {
        SummaryFormat::Json => println!("{}", serde_json::to_string_pretty(&stats)?),
        SummaryFormat::Text => {
            println!("store {}", store.path().display());
            println!(
                "{} documents from {} sources; {} ingest runs; {} skips recorded",
                stats.documents, stats.provenance, stats.runs, stats.skips
            );
            if let (Some(a), Some(b)) = (&stats.first_published, &stats.last_published) {
                println!("published from {a} to {b}");
            }
            for (outlet, n) in &stats.outlets {
                println!("  {n:>8}  {outlet}");
            }
        }
    }
    Ok(())
}

pub fn entities(data: &Path, args: &crate::cli::EntitiesArgs) -> Result<()> {
    let store = open(data)?;
    let entities = store.entities(args.kind.as_deref(), args.limit)?;
    match args.format {
        SummaryFormat::Json => println!("{}", serde_json::to_string_pretty(&entities)?),
        SummaryFormat::Text => {
            for e in &entities {
                let days = match (&e.first_seen, &e.last_seen) {
                    (Some(a), Some(b)) if a == b => a.clone(),
                    (Some(a), Some(b)) => format!("{a} … {b}"),
                    _ => "dates unknown".to_string(),
                };
                println!(
                    "{:>5} docs  {:<4} {:<32} {}  [{}]  {}",
                    e.documents,
                    e.kind,
                    e.canonical,
                    e.aliases.join(" / "),
                    days,
                    e.entity_id
                );
            }
        }
    }
    Ok(())
}
