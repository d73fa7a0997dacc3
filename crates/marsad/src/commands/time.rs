//! `marsad eval time`: the temporal tagger against (a) the Recognizers-Text Arabic DateTime
//! specs, (b) publication-day inference on a real corpus with its metadata hidden, and
//! (c) the project's own annotated fixtures.

use std::path::Path;

use anyhow::{Context, Result};
use marsad_text::TextLayer;
use marsad_time::{Anchoring, Date};
use serde::Serialize;
use serde_json::Value;

use crate::cli::{EvalTimeArgs, SummaryFormat};
use crate::corpus;
use crate::pipeline::{count_bar, say};

#[derive(Debug, Default, Serialize)]
struct SpecScores {
    files: usize,
    cases: usize,
    gold: usize,
    found: usize,
    /// Gold expressions with no place in their input (`Start` −1 and a text the input lacks):
    /// left out of every figure.
    unplaced: usize,
    /// Same start and end.
    exact: usize,
    /// Overlapping spans.
    overlap: usize,
    /// Gold expressions with a value (Parser files) that we found (overlap) …
    valued: usize,
    /// … and resolved to their value (the TIMEX, or its past or future resolution, compared in
    /// one canonical form: `T15` = `T15:00` = `XXXX-XX-XXT15:00`, `2016-11-08 08:00:00` =
    /// `2016-11-08T08:00`) …
    value_right: usize,
    /// … or to a value that fills in what their TIMEX leaves `X` (theirs `XXXX-02`, ours
    /// `2017-02` against the reference day): not counted as right.
    value_specialised: usize,
}

#[derive(Debug, Default, Serialize)]
struct InferenceScores {
    /// The corpus and the part of it read (articles `skip` to `skip + articles`).
    corpus: String,
    skip: u64,
    articles: usize,
    /// Articles whose metadata gives a day.
    dated: usize,
    /// The zone a UTC metadata timestamp was read in (`+03:00`).
    newsroom_offset: String,
    right: usize,
    wrong: usize,
    /// Wrong answers one day off (the text's "today" against a metadata clock in another time zone).
    wrong_by_one_day: usize,
    abstained: usize,
    /// Estimates without a day (`2018`, `2018-04`, `XXXX-WXX-2`) that fit the metadata day / that do not,
    /// by what they state.
    estimates: std::collections::BTreeMap<String, (usize, usize)>,
    by_source: std::collections::BTreeMap<String, (usize, usize)>,
    /// Publication months given without a day (resolved against) that hold the metadata day /
    /// that do not.
    months: (usize, usize),
    /// Expressions the text's own publication day or month resolved (their value depends on
    /// it), and of those, how many have the value the metadata day gives them.
    anchored_by_text: usize,
    anchored_by_text_right: usize,
}

/// What an estimate states: `year`, `month`, `month-day`, `weekday`, `year+weekday`.
fn estimate_kind(estimate: &str) -> &'static str {
    match (estimate.starts_with("XXXX"), estimate.contains("WXX"), estimate.len()) {
        (true, true, _) => "weekday",
        (false, true, _) => "year+weekday",
        (true, false, _) => "month-day",
        (false, false, 4) => "year",
        _ => "month",
    }
}

#[derive(Debug, Default, Serialize)]
struct FixtureScores {
    sentences: usize,
    expected: usize,
    found: usize,
    right: usize,
    /// Hand-written texts for publication-day inference (`data/published.tsv`) …
    inference_texts: usize,
    /// … inferred exactly as annotated (day, estimate or nothing).
    inference_right: usize,
}

/// Agreement with HeidelTime's Arabic output (silver: its misses are not ours to count as
/// wrong, and its relative values were normalised against an artificial creation day).
#[derive(Debug, Default, Serialize)]
struct SilverScores {
    /// Documents read (exact duplicates left out).
    documents: usize,
    tags: usize,
    found: usize,
    /// Silver tags overlapped by one of ours …
    tags_overlapped: usize,
    /// … ours that overlap a silver tag …
    found_overlapping: usize,
    /// … same type (ours `vague` = their DATE) …
    type_agree: usize,
    /// … pairs where our value, resolved with no anchor, names a complete value (no `X`) …
    absolute: usize,
    /// … and theirs is the same.
    absolute_agree: usize,
}

#[derive(Debug, Serialize)]
struct Report {
    specs: Option<SpecScores>,
    heideltime: Option<SilverScores>,
    inference: Option<InferenceScores>,
    fixtures: FixtureScores,
}

pub fn eval(args: &EvalTimeArgs, show_progress: bool) -> Result<()> {
    let specs = if args.specs.is_dir() {
        Some(eval_specs(&args.specs, args.errors)?)
    } else {
        eprintln!("skipped the specs: {} not found", args.specs.display());
        None
    };
    let inference = if args.corpus.exists() {
        Some(eval_inference(&args.corpus, args.skip, args.limit, args.errors, show_progress)?)
    } else {
        eprintln!("skipped publication-day inference: {} not found", args.corpus.display());
        None
    };
    let heideltime = if args.heideltime.is_file() {
        Some(eval_silver(&args.heideltime, args.errors)?)
    } else {
        eprintln!("skipped the HeidelTime silver set: {} not found", args.heideltime.display());
        None
    };
    let report = Report { specs, heideltime, inference, fixtures: eval_fixtures(args.errors) };
    match args.format {
        SummaryFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        SummaryFormat::Text => print_report(&report),
    }
    Ok(())
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 }
}

fn print_report(r: &Report) {
    if let Some(s) = &r.specs {
        let p = pct(s.overlap, s.found);
        let rec = pct(s.overlap, s.gold);
        println!(
            "Recognizers-Text Arabic DateTime specs: {} files, {} sentences, {} gold expressions ({} more with no place in their input left out)",
            s.files, s.cases, s.gold, s.unplaced
        );
        println!(
            "  extraction  found {}  exact {} (P {:.1} R {:.1})  overlapping {} (P {:.1} R {:.1} F1 {:.1})",
            s.found,
            s.exact,
            pct(s.exact, s.found),
            pct(s.exact, s.gold),
            s.overlap,
            p,
            rec,
            if p + rec > 0.0 { 2.0 * p * rec / (p + rec) } else { 0.0 }
        );
        println!(
            "  resolution  {} of {} found gold values right ({:.1} %); {} more fill in what theirs leaves X ({:.1} % with them)",
            s.value_right,
            s.valued,
            pct(s.value_right, s.valued),
            s.value_specialised,
            pct(s.value_right + s.value_specialised, s.valued)
        );
    }
    if let Some(h) = &r.heideltime {
        println!(
            "HeidelTime Arabic output (silver, not gold): {} documents, {} tags, {} of ours",
            h.documents, h.tags, h.found
        );
        println!(
            "  spans  {} of their tags overlapped by ours ({:.1} %), {} of ours overlap theirs ({:.1} %)",
            h.tags_overlapped,
            pct(h.tags_overlapped, h.tags),
            h.found_overlapping,
            pct(h.found_overlapping, h.found)
        );
        println!(
            "  type   {} of {} overlapping pairs agree ({:.1} %); absolute values {} of {} agree ({:.1} %)",
            h.type_agree,
            h.tags_overlapped,
            pct(h.type_agree, h.tags_overlapped),
            h.absolute_agree,
            h.absolute,
            pct(h.absolute_agree, h.absolute)
        );
    }
    if let Some(i) = &r.inference {
        let answered = i.right + i.wrong;
        println!(
            "Publication day from the text alone: {} articles {}..{} of {}, {} with a metadata day (UTC read at {})",
            i.articles,
            i.skip,
            i.skip + i.articles as u64,
            i.corpus,
            i.dated,
            i.newsroom_offset
        );
        println!(
            "  day: right {} ({:.1} %)  wrong {} ({:.1} % of answered; {} one day off)  abstained {} ({:.1} %)",
            i.right,
            pct(i.right, i.dated),
            i.wrong,
            pct(i.wrong, answered),
            i.wrong_by_one_day,
            i.abstained,
            pct(i.abstained, i.dated)
        );
        println!(
            "  within ±1 day: {} of {} answered ({:.1} %)",
            i.right + i.wrong_by_one_day,
            answered,
            pct(i.right + i.wrong_by_one_day, answered)
        );
        for (source, (right, wrong)) in &i.by_source {
            println!("  day from {source}: right {right}, wrong {wrong}");
        }
        let (fit, miss) = i.estimates.values().fold((0, 0), |(a, b), (f, m)| (a + f, b + m));
        println!(
            "  estimates without a day: {} articles, {fit} fit the metadata day, {miss} do not ({:.1} % wrong)",
            fit + miss,
            pct(miss, fit + miss)
        );
        for (kind, (fit, miss)) in &i.estimates {
            println!("    {kind}: {fit} fit, {miss} do not");
        }
        let (fit, miss) = i.months;
        println!("  months resolved against (no day): {fit} hold the metadata day, {miss} do not");
        println!(
            "  values anchored on the text's own day or month: {}, {} as the metadata day gives them ({:.1} %)",
            i.anchored_by_text,
            i.anchored_by_text_right,
            pct(i.anchored_by_text_right, i.anchored_by_text)
        );
    }
    let f = &r.fixtures;
    println!(
        "Own fixtures: {} sentences, {} expressions expected, {} found, {} right (P {:.1} R {:.1})",
        f.sentences,
        f.expected,
        f.found,
        f.right,
        pct(f.right, f.found),
        pct(f.right, f.expected)
    );
    println!("Own inference fixtures: {} texts, {} inferred as annotated", f.inference_texts, f.inference_right);
}

/// A case's reference day (`2016-11-07T00:00:00` → 2016-11-07).
fn reference_day(case: &Value) -> Option<Date> {
    let reference = case.get("Context")?.get("ReferenceDateTime")?.as_str()?;
    reference.get(..10)?.parse().ok()
}

/// A gold expression's span in code points, without surrounding spaces. Parser and extractor
/// files give `Start` and `Length`; the model files give `Start` and an inclusive `End`. A
/// `Start` of −1 (the spec's text differs from its input) is looked up in the input; `None`
/// when it is not there.
fn gold_span(g: &Value, input: &str) -> Option<std::ops::Range<usize>> {
    let text = g.get("Text").and_then(Value::as_str).unwrap_or("");
    let start = match g.get("Start")?.as_u64() {
        Some(start) => usize::try_from(start).ok()?,
        None => input[..input.find(text)?].chars().count(),
    };
    let end = match (g.get("Length").and_then(Value::as_u64), g.get("End").and_then(Value::as_u64)) {
        (Some(len), _) => start + usize::try_from(len).ok()?,
        (None, Some(end)) => usize::try_from(end).ok()? + 1,
        (None, None) => return None,
    };
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    let trail = text.chars().rev().take_while(|c| c.is_whitespace()).count();
    let (start, end) = (start + lead, end.saturating_sub(trail));
    (start < end).then_some(start..end)
}

/// The values a gold expression accepts: its TIMEX and its past and future resolutions
/// (`Value` in parser files; `Resolution.values` or `Value.values` in the model and merged
/// files). Empty TIMEXes and the placeholder day `0001-01-01` are no values.
fn gold_values(g: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: Option<&Value>| {
        if let Some(v) = v.and_then(Value::as_str)
            && !v.is_empty()
            && !v.starts_with("0001-01-01")
            && !out.iter().any(|o| o == v)
        {
            out.push(v.to_string());
        }
    };
    if let Some(v) = g.get("Value") {
        push(v.get("Timex"));
        for side in ["FutureResolution", "PastResolution"] {
            for key in ["date", "dateTime", "time"] {
                push(v.get(side).and_then(|r| r.get(key)));
            }
        }
    }
    for values in [g.pointer("/Resolution/values"), g.pointer("/Value/values")].into_iter().flatten() {
        for v in values.as_array().into_iter().flatten() {
            push(v.get("timex"));
            if v.get("type").and_then(Value::as_str).is_some_and(|t| matches!(t, "date" | "datetime" | "time")) {
                push(v.get("value"));
            }
        }
    }
    out
}

/// One spelling for equal values: a time with no day is `Thh:mm` (`XXXX-XX-XXT15:00`, `T15`,
/// `15:00:00`), a resolution's `2016-11-08 08:00:00` is `2016-11-08T08:00`; seconds `:00` go.
fn canonical(value: &str) -> String {
    if let Some(period) = period_as_timex(value) {
        return period;
    }
    let value = value.strip_prefix("XXXX-XX-XX").unwrap_or(value);
    let value = if value.len() == 8 && value.as_bytes().get(2) == Some(&b':') {
        format!("T{value}")
    } else {
        value.replacen(' ', "T", 1)
    };
    let Some((date, time)) = value.split_once('T') else { return value };
    let time = match time.len() {
        2 if time.bytes().all(|b| b.is_ascii_digit()) => format!("{time}:00"),
        8 if time.ends_with(":00") => time[..5].to_string(),
        _ => time.to_string(),
    };
    format!("{date}T{time}")
}

/// Their ranges that are one TIMEX of ours: a decade `(1970-01-01,1980-01-01,P10Y)` is `197X`
/// (`XX70…` is `XX7X`), a Monday-to-Sunday week `(2016-11-07,2016-11-13,P6D)` is `2016-W45`.
fn period_as_timex(value: &str) -> Option<String> {
    let inner = value.strip_prefix('(')?.strip_suffix(')')?;
    let mut parts = inner.split(',');
    let (start, end, length) = (parts.next()?, parts.next()?, parts.next()?);
    match length {
        "P10Y" if start.ends_with("0-01-01") && end.ends_with("0-01-01") && start.len() == 10 => {
            Some(format!("{}X", &start[..3]))
        }
        "P6D" | "P7D" => {
            let (first, last) = (start.parse::<Date>().ok()?, end.parse::<Date>().ok()?);
            let week = first.iso_week_date();
            (first.weekday() == jiff::civil::Weekday::Monday && (last - first).get_days() == 6)
                .then(|| format!("{:04}-W{:02}", week.year(), week.week()))
        }
        _ => None,
    }
}

/// Whether `ours` fills in the `X`s of `gold` and agrees with every character it states; a
/// day fills in a weekday (`XXXX-WXX-7` by any Sunday).
fn specialises(ours: &str, gold: &str) -> bool {
    if let Some(weekday) = gold.strip_prefix("XXXX-WXX-")
        && let Ok(day) = ours.parse::<Date>()
    {
        return weekday.parse::<i8>().ok() == Some(day.weekday().to_monday_one_offset());
    }
    gold.contains('X')
        && ours.len() == gold.len()
        && ours.bytes().zip(gold.bytes()).all(|(o, g)| o == g || (g == b'X' && o.is_ascii_digit()))
}

fn eval_specs(dir: &Path, errors: bool) -> Result<SpecScores> {
    let mut scores = SpecScores::default();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with("Extractor.json") || name.ends_with("Parser.json")
        })
        .collect();
    paths.sort();
    for path in paths {
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let cases: Vec<Value> = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .with_context(|| format!("{}: not a JSON array of cases", path.display()))?;
        scores.files += 1;
        for case in &cases {
            let Some(input) = case.get("Input").and_then(Value::as_str) else { continue };
            scores.cases += 1;
            let layer = TextLayer::new(input);
            let ours: Vec<(std::ops::Range<usize>, String)> = marsad_time::tag(&layer, reference_day(case))
                .into_iter()
                .map(|t| (layer.normalized.original_range(t.expr.chars.clone()), t.resolved.value))
                .collect();
            scores.found += ours.len();
            let gold = case.get("Results").and_then(Value::as_array).cloned().unwrap_or_default();
            for g in &gold {
                let Some(span) = gold_span(g, input) else {
                    scores.unplaced += 1;
                    continue;
                };
                scores.gold += 1;
                let hit = ours.iter().find(|(r, _)| r.start < span.end && span.start < r.end);
                if ours.iter().any(|(r, _)| *r == span) {
                    scores.exact += 1;
                } else if errors && let Some((r, _)) = hit {
                    let part =
                        |r: &std::ops::Range<usize>| input.chars().skip(r.start).take(r.len()).collect::<String>();
                    eprintln!("span    {input}  ours [{}]  gold [{}]", part(r), part(&span));
                }
                let Some((_, value)) = hit else {
                    if errors {
                        eprintln!("missed  {input}  [{}]", g.get("Text").and_then(Value::as_str).unwrap_or(""));
                    }
                    continue;
                };
                scores.overlap += 1;
                let accepted = gold_values(g);
                if accepted.is_empty() {
                    continue;
                }
                scores.valued += 1;
                let ours = canonical(value);
                if accepted.iter().any(|a| canonical(a) == ours) {
                    scores.value_right += 1;
                } else if accepted.iter().any(|a| specialises(&ours, &canonical(a))) {
                    scores.value_specialised += 1;
                } else if errors {
                    eprintln!("value   {input}  ours {value}  gold {accepted:?}");
                }
            }
        }
    }
    // Precision counts our expressions that overlap a gold one; specs list only some of
    // the expressions of a sentence, so "found" includes some that are right but unlisted.
    Ok(scores)
}

fn eval_silver(path: &Path, errors: bool) -> Result<SilverScores> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut scores = SilverScores::default();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let doc: Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}: not a JSON document", path.display(), n + 1))?;
        if doc.get("duplicate_of").is_some_and(|d| !d.is_null()) {
            continue;
        }
        let Some(body) = doc.get("text").and_then(Value::as_str) else { continue };
        scores.documents += 1;
        let layer = TextLayer::new(body);
        let ours: Vec<(std::ops::Range<usize>, &'static str, String)> = marsad_time::tag(&layer, None)
            .into_iter()
            .map(|t| (layer.normalized.original_range(t.expr.chars.clone()), t.resolved.kind, t.resolved.value))
            .collect();
        let tags: Vec<(std::ops::Range<usize>, String, String)> = doc
            .get("timex3")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| {
                let start = usize::try_from(t.get("start")?.as_u64()?).ok()?;
                let end = usize::try_from(t.get("end")?.as_u64()?).ok()?;
                let field = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                Some((start..end, field("type"), field("value")))
            })
            .collect();
        scores.tags += tags.len();
        scores.found += ours.len();
        let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| a.start < b.end && b.start < a.end;
        scores.found_overlapping += ours.iter().filter(|(r, _, _)| tags.iter().any(|(t, _, _)| overlaps(r, t))).count();
        for (span, kind, value) in &tags {
            let Some((_, our_kind, our_value)) = ours.iter().find(|(r, _, _)| overlaps(r, span)) else { continue };
            scores.tags_overlapped += 1;
            let our_type = if *our_kind == "vague" { "DATE".to_string() } else { our_kind.to_uppercase() };
            if our_type == *kind {
                scores.type_agree += 1;
            }
            if !our_value.contains('X') && !our_value.ends_with("_REF") {
                scores.absolute += 1;
                if canonical(our_value) == canonical(value) {
                    scores.absolute_agree += 1;
                } else if errors {
                    let said: String = body.chars().skip(span.start).take(span.len()).collect();
                    eprintln!("silver  [{said}]  ours {our_value}  heideltime {value}");
                }
            }
        }
    }
    Ok(scores)
}

fn eval_inference(path: &Path, skip: u64, limit: u64, errors: bool, show_progress: bool) -> Result<InferenceScores> {
    let read = if limit == 0 { 0 } else { skip + limit };
    let raw = corpus::raw_lines(path, read)?;
    let raw = raw.get(usize::try_from(skip).unwrap_or(usize::MAX)..).unwrap_or_default();
    let articles = corpus::articles(raw);
    let bar = count_bar(articles.len() as u64, "inference", "articles", show_progress);
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut scores = InferenceScores {
        corpus: name,
        skip,
        articles: articles.len(),
        newsroom_offset: marsad_ingest::dates::newsroom_offset().to_string(),
        ..InferenceScores::default()
    };
    for article in &articles {
        bar.inc(1);
        // The metadata day as ingest reads it (a UTC time of day in the newsroom zone).
        let Some(truth) =
            marsad_ingest::dates::parse_meta_date(&article.date).and_then(|m| m.date.parse::<Date>().ok())
        else {
            continue;
        };
        scores.dated += 1;
        let layer = TextLayer::new(&article.title_and_text());
        let exprs = marsad_time::recognize(&layer);
        let Some(inferred) = marsad_time::infer(&layer, &exprs) else {
            scores.abstained += 1;
            continue;
        };
        let by_text = match (inferred.date, inferred.range) {
            (Some(day), _) => marsad_time::resolve_all(&exprs, Some(day)),
            (None, Some((earliest, latest))) => {
                if (earliest..=latest).contains(&truth) {
                    scores.months.0 += 1;
                } else {
                    scores.months.1 += 1;
                }
                marsad_time::resolve_all_within(&exprs, earliest, latest)
            }
            (None, None) => Vec::new(),
        };
        let by_metadata = marsad_time::resolve_all(&exprs, Some(truth));
        for ((e, text), metadata) in exprs.iter().zip(&by_text).zip(&by_metadata) {
            if matches!(text.anchored, Some(Anchoring::Publication | Anchoring::Estimate)) {
                scores.anchored_by_text += 1;
                if text.value == metadata.value {
                    scores.anchored_by_text_right += 1;
                } else if errors {
                    let said =
                        layer.normalized.text().chars().skip(e.chars.start).take(e.chars.len()).collect::<String>();
                    say(
                        &bar,
                        &format!("value   {} [{said}] text {} metadata {}", article.id, text.value, metadata.value),
                    );
                }
            }
        }
        match (inferred.date, &inferred.estimate) {
            (Some(day), _) => {
                let entry = scores.by_source.entry(inferred.clue.to_string()).or_default();
                if day == truth {
                    scores.right += 1;
                    entry.0 += 1;
                } else {
                    scores.wrong += 1;
                    entry.1 += 1;
                    if (day - truth).get_days().abs() == 1 {
                        scores.wrong_by_one_day += 1;
                    }
                    if errors {
                        say(
                            &bar,
                            &format!("wrong   {} inferred {day} ({}) metadata {truth}", article.id, inferred.clue),
                        );
                    }
                }
            }
            (None, Some(estimate)) => {
                scores.abstained += 1;
                let entry = scores.estimates.entry(estimate_kind(estimate).to_string()).or_default();
                if marsad_time::published::estimate_matches(estimate, truth) {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                    if errors {
                        say(&bar, &format!("estimate {} {estimate} metadata {truth}", article.id));
                    }
                }
            }
            (None, None) => scores.abstained += 1,
        }
    }
    bar.finish_and_clear();
    Ok(scores)
}

fn eval_fixtures(errors: bool) -> FixtureScores {
    let mut scores = FixtureScores::default();
    for case in marsad_time::fixtures::published_cases() {
        scores.inference_texts += 1;
        let found = marsad_time::fixtures::published_found(&case);
        if found == case.expected {
            scores.inference_right += 1;
        } else if errors {
            eprintln!("published {}  ours {found}  expected {}", case.text, case.expected);
        }
    }
    for case in marsad_time::fixtures::cases() {
        scores.sentences += 1;
        scores.expected += case.expected.len();
        let found = marsad_time::fixtures::found(&case);
        scores.found += found.len();
        for (text, value) in &found {
            if case.expected.iter().any(|(t, v)| t == text && v == value) {
                scores.right += 1;
            } else if errors {
                eprintln!("fixture {}  ours {text}={value}", case.text);
            }
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_are_spelled_one_way() {
        assert_eq!(canonical("XXXX-XX-XXT15:00"), "T15:00");
        assert_eq!(canonical("T15"), "T15:00");
        assert_eq!(canonical("15:00:00"), "T15:00");
        assert_eq!(canonical("2016-11-08 08:00:00"), "2016-11-08T08:00");
        assert_eq!(canonical("2016-11-08T08:00"), "2016-11-08T08:00");
        assert_eq!(canonical("2016-11-08"), "2016-11-08");
        assert_eq!(canonical("(1970-01-01,1980-01-01,P10Y)"), "197X");
        assert_eq!(canonical("(XX70-01-01,XX80-01-01,P10Y)"), "XX7X");
        assert_eq!(canonical("(2016-11-07,2016-11-13,P6D)"), "2016-W45");
        // Not a Monday-to-Sunday week: left as it is.
        assert_eq!(canonical("(2016-11-08,2016-11-14,P6D)"), "(2016-11-08,2016-11-14,P6D)");
    }

    #[test]
    fn filling_in_xs_is_told_apart() {
        assert!(specialises("2017-02", "XXXX-02"));
        assert!(specialises("197X", "XX7X"));
        assert!(specialises("2017-10-01", "XXXX-WXX-7"));
        assert!(!specialises("2017-10-02", "XXXX-WXX-7"));
        assert!(!specialises("2017-03", "XXXX-02"));
        assert!(!specialises("2017-02", "2017-02"));
    }

    #[test]
    fn gold_spans_are_placed_without_spaces() {
        let g: Value = serde_json::json!({"Text": " أكتوبر/ 2", "Start": 5, "End": 14});
        assert_eq!(gold_span(&g, "سأعود أكتوبر/ 2"), Some(6..15));
        let g: Value = serde_json::json!({"Text": "15", "Start": 9, "Length": 2});
        assert_eq!(gold_span(&g, "سأعود في 15"), Some(9..11));
        // Start −1: looked up in the input, or left out.
        let g: Value = serde_json::json!({"Text": "15", "Start": -1, "Length": 2});
        assert_eq!(gold_span(&g, "سأعود في 15"), Some(9..11));
        let g: Value = serde_json::json!({"Text": "16", "Start": -1, "Length": 2});
        assert_eq!(gold_span(&g, "سأعود في 15"), None);
    }
}
