//! The main job on the shipped examples, and the `analyze` contract.

mod common;

use common::{marsad, repo, run, stats};
use serde_json::Value;

#[test]
fn ingesting_the_examples_stores_each_article_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let examples = repo().join("examples");
    let (code, out, err) = run(marsad(&data).arg("ingest").arg(&examples).args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["ingested"], 7, "{out}");
    // The aggregator's copy of the Derna report is the same article from a new source.
    assert_eq!(summary["copies"], 1);
    assert_eq!(summary["skipped"], 0, "{out}");
    let docs = summary["documents"].as_array().unwrap();
    let by_source = |suffix: &str| docs.iter().find(|d| d["source"].as_str().unwrap().ends_with(suffix)).unwrap();
    let derna = by_source("libya-derna-floods.txt");
    assert_eq!(derna["title"], "ارتفاع حصيلة ضحايا الفيضانات في درنة الليبية إلى أكثر من خمسة آلاف قتيل");
    assert_eq!(
        derna["boilerplate"],
        serde_json::json!([
            "Ad (lone_latin)",
            "اقرأ أيضاً: الأمم المتحدة تطلق نداءً عاجلاً لمساعدة المتضررين في ليبيا (navigation)",
            "شارك (navigation)",
            "المقال التالي (navigation)"
        ])
    );
    assert_eq!(by_source("yerevan-protest-cp1256.txt")["encoding"], "windows-1256");
    assert_eq!(by_source("derna-aid-utf16.txt")["encoding"], "UTF-16LE");
    let page = by_source("armenia-treaty.html");
    assert_eq!(page["outlet"], "بوابة القوقاز");
    assert_eq!(page["published"], "2023-09-22");

    // Ingesting again adds nothing, and says so.
    let (code, out, _) = run(marsad(&data).arg("ingest").arg(&examples).args(["--format", "json"]));
    assert_eq!(code, 0);
    let again: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((again["ingested"].as_u64(), again["already_present"].as_u64()), (Some(0), Some(8)));
    let s = stats(&data);
    assert_eq!((s["documents"].as_u64(), s["provenance"].as_u64()), (Some(7), Some(8)));
}

#[test]
fn the_text_summary_lists_what_was_found() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(marsad(dir.path()).arg("ingest").arg(repo().join("examples")));
    assert_eq!(code, 0);
    assert!(out.contains("ingested 7 new documents"), "{out}");
    assert!(out.contains("removed: Ad (lone_latin)"), "{out}");
    assert!(out.contains("decoded from windows-1256"), "{out}");
}

fn analyze(args: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(marsad(dir.path()).arg("analyze").args(args));
    assert_eq!(code, 0, "{err}");
    out.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

#[test]
fn analyze_prints_the_contract_envelope() {
    let examples = repo().join("examples");
    let docs = analyze(&[examples.to_str().unwrap()]);
    assert_eq!(docs.len(), 8, "every document, copies included (analyze stores nothing)");
    for d in &docs {
        for field in ["id", "source", "title", "published", "boilerplate", "entities", "timex", "quotes", "events"] {
            assert!(d.get(field).is_some(), "missing {field} in {d}");
        }
        assert_eq!(d["id"].as_str().unwrap().len(), 32);
        let p = &d["published"];
        assert!(p["value"].is_null() || p["value"].as_str().unwrap().len() == 10);
        assert!(["metadata", "dateline", "text", "none"].contains(&p["from"].as_str().unwrap()));
        assert!(p["confidence"].is_number());
        assert!(d.get("text").is_none(), "text only with --with-text");
    }
    // `source`: a file's path; a JSONL record's url, else path:line.
    let sources: Vec<&str> = docs.iter().map(|d| d["source"].as_str().unwrap()).collect();
    assert!(sources.iter().any(|s| s.ends_with("examples/libya-derna-floods.txt")));
    assert!(sources.contains(&"https://news.example.org/wakala/sudan-jeddah-talks"));
    assert!(sources.iter().any(|s| s.ends_with("feed-2023-09-20.jsonl:4")), "{sources:?}");
}

#[test]
fn analyze_with_text_and_as_one_array() {
    let file = repo().join("examples/libya-derna-floods.txt");
    let docs = analyze(&["--with-text", file.to_str().unwrap()]);
    let text = docs[0]["text"].as_str().unwrap();
    assert_eq!(text, std::fs::read_to_string(&file).unwrap(), "the original decoded text, unchanged");

    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(marsad(dir.path()).args(["analyze", "--format", "json"]).arg(&file));
    assert_eq!(code, 0);
    let array: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(array.len(), 1);
}

#[test]
fn reading_the_store_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    run(marsad(data).arg("ingest").arg(repo().join("examples")));
    let (code, out, _) = run(marsad(data).args(["documents", "--format", "json"]));
    assert_eq!(code, 0);
    let docs: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(docs.len(), 7);
    let derna = docs.iter().find(|d| d["sources"] == 2).expect("the Derna report has two sources");
    let id = derna["id"].as_str().unwrap();
    let (code, out, _) = run(marsad(data).args(["show", &id[..8], "--format", "json"]));
    assert_eq!(code, 0);
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["id"], id);
    assert_eq!(shown["provenance"].as_array().unwrap().len(), 2);
    assert!(shown["body"].as_str().unwrap().starts_with("أعلنت السلطات في شرق ليبيا"));
    assert_eq!(shown["analysis"]["id"], id);
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["ingest", "analyze", "documents", "show", "stats", "text", "train", "bench"] {
        let (code, out, _) = run(marsad(dir.path()).args([sub, "--help"]));
        assert_eq!(code, 0, "{sub} --help");
        assert!(out.contains("Usage"), "{sub}: {out}");
    }
}

#[test]
fn the_text_command_shows_clitics() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(marsad(dir.path()).args(["text", "وبالتالي وصل الوفد إلى موسكو", "--format", "json"]));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let first = &v["tokens"][0];
    assert_eq!(first["proclitics"], serde_json::json!(["و", "ب", "ال"]));
    assert_eq!(first["stem"], "تالي");
}

#[test]
fn a_missing_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(marsad(&dir.path().join("nothing-here")).arg("documents"));
    assert_ne!(code, 0);
    assert!(err.contains("no store in"), "{err}");
}

/// The main job then `entities`: one canonical entity for every spelling of a name across
/// the examples (قره باغ / ناجورنو قره باغ / ناغورني كاراباخ; باشينيان / باشنيان), with
/// its type, Latin name, spellings, document count and dates.
#[test]
fn entities_merge_spellings_across_documents() {
    let data = tempfile::tempdir().unwrap();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["--quiet", "--data"])
        .arg(data.path())
        .arg("ingest")
        .arg(&examples)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["--quiet", "--data"])
        .arg(data.path())
        .args(["entities", "--format", "json", "--limit", "1000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let entities: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = entities.as_array().unwrap();
    let find = |canonical: &str| list.iter().find(|e| e["canonical"] == canonical).cloned();
    let karabakh = find("Nagorno-Karabakh").expect("Nagorno-Karabakh listed");
    assert_eq!(karabakh["type"], "LOC");
    let aliases: Vec<&str> = karabakh["aliases"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(aliases.len() >= 2, "{aliases:?}");
    assert!(karabakh["documents"].as_u64().unwrap() >= 2);
    let pashinyan = find("Nikol Pashinyan").expect("Pashinyan listed");
    assert_eq!(pashinyan["type"], "PER");
    assert!(pashinyan["first_seen"].is_string());
    // No entity id appears twice.
    let mut ids: Vec<&str> = list.iter().map(|e| e["entity_id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), list.len());
}

/// A damaged or missing model file is one clear error naming it, never a panic.
#[test]
fn bad_ner_model_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.model");
    std::fs::write(&bad, b"not a model at all").unwrap();
    for model in [bad.clone(), dir.path().join("missing.model")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("--ner-model")
            .arg(&model)
            .args(["analyze", "-"])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&*model.file_name().unwrap().to_string_lossy()), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// Writes `lines` as a JSONL file in a new temporary folder and analyses it.
fn analyze_jsonl(lines: &[serde_json::Value]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("articles.jsonl");
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, body).unwrap();
    analyze(&["--with-text", path.to_str().unwrap()])
}

#[test]
fn time_expressions_resolve_against_the_publication_day() {
    let text = "أعلنت وزارة الصحة أمس الاثنين تسجيل إصابات جديدة، وقالت إن الحملة ستستمر ستة أسابيع \
                وتنتهي في 30 ديسمبر المقبل، بعد أن بدأت الأسبوع الماضي. وكانت الوزارة قد أغلقت المدارس \
                في آذار ونيسان خلال الموجة الأولى في التسعينيات.";
    let docs =
        analyze_jsonl(&[serde_json::json!({"title": "حملة تلقيح", "text": text, "date": "2020-11-17T09:00:00+02:00"})]);
    let timex = docs[0]["timex"].as_array().unwrap();
    let value_of = |t: &str| timex.iter().find(|x| x["text"] == t).map(|x| x["value"].as_str().unwrap().to_string());
    assert_eq!(value_of("أمس الاثنين").as_deref(), Some("2020-11-16"));
    assert_eq!(value_of("ستة أسابيع").as_deref(), Some("P6W"));
    assert_eq!(value_of("30 ديسمبر المقبل").as_deref(), Some("2020-12-30"));
    assert_eq!(value_of("الأسبوع الماضي").as_deref(), Some("2020-W46"));
    assert_eq!(value_of("التسعينيات").as_deref(), Some("199X"));
    assert_eq!(docs[0]["published"]["from"], "metadata");
    // Offsets point at the expression in the original text.
    let chars: Vec<char> = docs[0]["text"].as_str().unwrap().chars().collect();
    for t in timex {
        let (start, end) = (t["start"].as_u64().unwrap() as usize, t["end"].as_u64().unwrap() as usize);
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, t["text"].as_str().unwrap());
    }
}

#[test]
fn the_publication_day_is_inferred_from_the_text_and_disagreement_is_reported() {
    let text = "قال المتحدث باسم الحكومة اليوم الخميس 19 نوفمبر 2020 إن المفاوضات ستستأنف غدا.";
    let docs = analyze_jsonl(&[
        serde_json::json!({"title": "مفاوضات", "text": text}),
        serde_json::json!({"title": "مفاوضات", "text": format!("{text} وأكد ذلك مجددا."), "date": "2020-11-25"}),
    ]);
    assert_eq!(docs[0]["published"]["value"], "2020-11-19");
    assert_eq!(docs[0]["published"]["from"], "text");
    let tomorrow = docs[0]["timex"].as_array().unwrap().iter().find(|t| t["text"] == "غدا").unwrap().clone();
    assert_eq!(tomorrow["value"], "2020-11-20");
    assert_eq!(docs[1]["published"]["value"], "2020-11-25");
    assert_eq!(docs[1]["published"]["text_disagrees"], "2020-11-19");
}

/// A report dated a day late (Saturday) that says «أمس الخميس»: the value is the Thursday,
/// anchored on the weekday, and the text's day (Friday) is reported against the metadata.
#[test]
fn a_weekday_beside_yesterday_wins_over_a_late_metadata_day() {
    let text = "أعلن الوزير أمس الخميس أن الاتفاق سيوقع الأسبوع المقبل.";
    let docs = analyze_jsonl(&[serde_json::json!({"title": "اتفاق", "text": text, "date": "2020-11-21"})]);
    assert_eq!(docs[0]["published"]["value"], "2020-11-21");
    assert_eq!(docs[0]["published"]["text_disagrees"], "2020-11-20");
    let yesterday = docs[0]["timex"].as_array().unwrap().iter().find(|t| t["text"] == "أمس الخميس").unwrap().clone();
    assert_eq!(yesterday["value"], "2020-11-19");
    assert_eq!(yesterday["anchor"], "weekday");
}

/// No metadata and no day in the text, but the month: the text calls November the current
/// month and writes a Thursday of it with its year. What is the same on every day of that
/// month is resolved (anchor `estimate`); what is not (أمس) stays unknown.
#[test]
fn the_publication_month_resolves_what_it_can() {
    let text = "قالت الرئاسة الخميس 19 نوفمبر 2020 إن القوات انسحبت من المدينة في 15 نوفمبر الجاري، \
                وستغادر المنطقة الثانية في 1 ديسمبر المقبل، وقال وزير الدفاع أمس إن العام المقبل سيكون حاسما.";
    let docs = analyze_jsonl(&[serde_json::json!({"title": "انسحاب", "text": text})]);
    let published = &docs[0]["published"];
    assert!(published["value"].is_null());
    assert_eq!(published["estimate"], "2020-11");
    let timex = docs[0]["timex"].as_array().unwrap();
    let found = |t: &str| {
        let x = timex.iter().find(|x| x["text"] == t).unwrap_or_else(|| panic!("{t} not found in {timex:?}"));
        (x["value"].as_str().unwrap().to_string(), x["anchor"].as_str().map(str::to_string))
    };
    let estimate = Some("estimate".to_string());
    assert_eq!(found("15 نوفمبر الجاري"), ("2020-11-15".into(), estimate.clone()));
    assert_eq!(found("1 ديسمبر المقبل"), ("2020-12-01".into(), estimate.clone()));
    assert_eq!(found("العام المقبل"), ("2021".into(), estimate));
    assert_eq!(found("أمس").0, "XXXX-XX-XX");
}

#[test]
fn a_year_the_text_cannot_pin_stays_unknown() {
    let text = "وقع الانفجار في 31 شباط الماضي، وقال شهود إن الحادث وقع الخميس 21 أيلول.";
    let docs = analyze_jsonl(&[serde_json::json!({"title": "انفجار", "text": text})]);
    assert!(docs[0]["published"]["value"].is_null());
    for t in docs[0]["timex"].as_array().unwrap() {
        assert!(t["value"].as_str().unwrap().starts_with("XXXX"), "{t}");
    }
    let impossible = docs[0]["timex"].as_array().unwrap().iter().find(|t| t["text"] == "31 شباط الماضي").cloned();
    assert!(impossible.is_some_and(|t| t["unresolved"].is_string()));
}

/// Entity errors seen on real news, on an article of our own: two places read as one
/// («جدة السعودية» became "Grandma al-S'udya"), two people joined by و, a foreign name
/// cut as if it carried a preposition and a suffix (بلينكن read as ب + لين + كن), and
/// common words tagged as names.
#[test]
fn analyze_cuts_mentions_to_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("caucasus.txt");
    std::fs::write(
        &file,
        "هدنة جديدة في القوقاز\n\n\
         توصلت أرمينيا وأذربيجان إلى هدنة جديدة بوساطة أمريكية، وقال مسؤولون إن المحادثات ستستأنف ليل الخميس في جدة السعودية.\n\
         وبحث بوتين وأردوغان الملف هاتفياً أمس، فيما وصل وزير الخارجية الإيراني إلى يريفان قادماً من طهران.\n\
         وقال بلينكن إن واشنطن تدعم الاتفاق، فيما قال غوتيريش إن الأمم المتحدة مستعدة لإرسال مراقبين إلى المنطقة.\n",
    )
    .unwrap();
    let docs = analyze(&[file.to_str().unwrap()]);
    let entities = docs[0]["entities"].as_array().unwrap();
    let found: Vec<(&str, &str, &str)> = entities
        .iter()
        .map(|e| (e["text"].as_str().unwrap(), e["type"].as_str().unwrap(), e["canonical"].as_str().unwrap()))
        .collect();
    let has = |text: &str, kind: &str, canonical: &str| found.contains(&(text, kind, canonical));
    assert!(has("جدة", "LOC", "Jeddah"), "{found:?}");
    assert!(has("بوتين", "PER", "Vladimir Putin") && has("أردوغان", "PER", "Recep Tayyip Erdoğan"), "{found:?}");
    assert!(has("بلينكن", "PER", "Antony Blinken"), "{found:?}");
    assert!(has("يريفان", "LOC", "Yerevan"), "{found:?}");
    for junk in ["السعودية", "بوساطة", "ليل", "بوتين وأردوغان", "جدة السعودية"]
    {
        assert!(!found.iter().any(|f| f.0 == junk), "{junk}: {found:?}");
    }
    assert!(!found.iter().any(|f| f.2.contains("Grandma")), "{found:?}");
    // Offsets point at the names in the original text.
    let text = std::fs::read_to_string(&file).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for e in entities {
        let (start, end) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[start..end].iter().collect::<String>(), e["text"].as_str().unwrap());
    }
}

/// `eval ner --rules` chooses the span rules; an unknown rule is a clear error.
#[test]
fn eval_ner_takes_a_rule_set() {
    let dir = tempfile::tempdir().unwrap();
    let conll = dir.path().join("tiny.conll");
    std::fs::write(&conll, "وصل\tO\nالوفد\tO\nإلى\tO\nموسكو\tB-LOC\nبوساطة\tO\nتركية\tO\n\n").unwrap();
    for rules in ["none", "default", "default,-common-words,+relabel-org"] {
        let (code, out, err) = run(marsad(dir.path())
            .args(["eval", "ner", "--format", "json", "--rules", rules])
            .arg("--test")
            .arg(&conll));
        assert_eq!(code, 0, "{rules}: {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["rules"], rules);
        assert_eq!(v["gold"], 1);
    }
    let (code, _, err) =
        run(marsad(dir.path()).args(["eval", "ner", "--rules", "default,nonsense"]).arg("--test").arg(&conll));
    assert_eq!(code, 1);
    assert!(err.contains("nonsense"), "{err}");
}

/// `train ner --dropout` takes a share below 1; anything else is a clear error before any
/// reading or training.
#[test]
fn train_ner_refuses_a_dropout_that_is_no_share() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["1", "1.5", "-0.1", "much"] {
        let (code, _, err) =
            run(marsad(dir.path()).args(["train", "ner", "--train", "missing.conll"]).arg(format!("--dropout={bad}")));
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("--dropout") && err.contains("share"), "{bad}: {err}");
    }
}

#[test]
fn bench_times_the_tagger_beside_nothing_when_no_python_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let articles = [
        ("لافروف في يريفان", "وصل وزير الخارجية الروسي سيرغي لافروف إلى يريفان يوم الثلاثاء. وقال إن موسكو تدعم الحوار."),
        ("علييف: لن نتراجع", "قال الرئيس الأذربيجاني إلهام علييف إن باكو تريد السلام مع أرمينيا."),
    ];
    let lines: Vec<String> =
        articles.iter().map(|(title, text)| serde_json::json!({"title": title, "text": text}).to_string()).collect();
    std::fs::write(&corpus, lines.join("\n") + "\n").unwrap();
    let conll = dir.path().join("test.conll");
    std::fs::write(
        &conll,
        "قال\tO\nالرئيس\tO\nإلهام\tB-PER\nعلييف\tI-PER\nإن\tO\nباكو\tB-LOC\nتريد\tO\nالسلام\tO\n.\tO\n\n\
         وصل\tO\nلافروف\tB-PER\nإلى\tO\nيريفان\tB-LOC\n.\tO\n",
    )
    .unwrap();
    let report = dir.path().join("bench.json");
    let bench = |ner_test: &std::path::Path| {
        run(marsad(dir.path())
            .args(["bench", "--limit", "0", "--repeat", "1", "--stages", "ner,ner-articles", "--corpus"])
            .arg(&corpus)
            .arg("--ner-test")
            .arg(ner_test)
            .arg("--json-out")
            .arg(&report))
    };
    let (code, out, err) = bench(&conll);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ner model load:"), "{out}");
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(r["ner_model_load_ms"].as_f64().unwrap() > 0.0);
    let stage = |name: &str| r["stages"].as_array().unwrap().iter().find(|s| s["stage"] == name).cloned().unwrap();
    let ner = stage("ner");
    assert_eq!(ner["tokens"], 14);
    assert!(ner["tokens_per_s"].as_f64().unwrap() > 0.0);
    assert!(ner["f1"].as_f64().is_some());
    let articles = stage("ner-articles");
    assert_eq!(articles["articles"], 2);
    assert!(articles["tokens"].as_u64().unwrap() > 20);
    assert_eq!(r["peers"].as_array().unwrap().len(), 0);

    // Without the CoNLL file the stage is skipped, saying why; the rest still runs.
    let (code, _, err) = bench(&dir.path().join("missing.conll"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("stage ner skipped"), "{err}");
}
