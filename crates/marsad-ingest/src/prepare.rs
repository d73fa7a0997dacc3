//! From a raw item to a [`Document`]: decode, extract, clean, check, identify. Pure
//! (no I/O), so ingest runs it in parallel.

use marsad_core::{DocId, Document, Format, Provenance, Published, PublishedFrom};
use marsad_text::detect_language;

use crate::dates::parse_meta_date;
use crate::decode::{decode, decode_html};
use crate::furniture::clean;
use crate::html::extract;
use crate::jsonl::parse_record;
use crate::reader::{RawItem, RawKind};
use crate::{Skip, SkipReason, location};

/// What the reader knew besides the text.
#[derive(Default)]
struct Meta {
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    published_raw: Option<String>,
    external_id: Option<String>,
    declared_lang: Option<String>,
    encoding: Option<String>,
    warnings: Vec<String>,
}

/// Turns a raw item into a document (with any repairs listed in its `warnings`), or
/// says why it cannot be one.
pub fn prepare(item: RawItem) -> Result<Document, Skip> {
    let path = item.path.clone();
    let line = item.line;
    let fail = |reason: SkipReason| Skip::new(path.clone(), line, reason);
    let file = location(item.path.as_deref(), None);
    let (text, format, source, detect_title, meta) = match item.kind {
        RawKind::TextFile => {
            let decoded = decode(&item.bytes).map_err(fail)?;
            let meta = Meta {
                encoding: Some(decoded.encoding.to_string()),
                warnings: decoded.repair.into_iter().collect(),
                ..Meta::default()
            };
            (decoded.text, Format::Txt, file, true, meta)
        }
        RawKind::HtmlFile | RawKind::WarcPage => {
            let decoded = decode_html(&item.bytes).map_err(fail)?;
            let page = extract(&decoded.text, item.uri.as_deref()).map_err(fail)?;
            let (format, source) = match (item.kind, &item.uri) {
                (RawKind::WarcPage, Some(uri)) => (Format::Warc, uri.clone()),
                (RawKind::WarcPage, None) => (Format::Warc, location(item.path.as_deref(), line)),
                _ => (Format::Html, file),
            };
            let meta = Meta {
                title: page.title,
                outlet: page.outlet,
                url: page.url.or(item.uri.clone()),
                published_raw: page.published_raw,
                declared_lang: page.lang,
                encoding: Some(decoded.encoding.to_string()),
                warnings: decoded.repair.into_iter().collect(),
                ..Meta::default()
            };
            (page.text, format, source, false, meta)
        }
        RawKind::JsonLine => {
            let (record, repair) = parse_record(&item.bytes).map_err(fail)?;
            let source = record.url.clone().unwrap_or_else(|| location(item.path.as_deref(), line));
            let mut meta = Meta {
                title: record.title,
                outlet: record.outlet,
                url: record.url,
                published_raw: record.published_raw,
                external_id: record.id,
                encoding: Some("UTF-8".to_string()),
                warnings: repair.into_iter().collect(),
                ..Meta::default()
            };
            let text = match (record.text, record.html) {
                (Some(text), _) => text,
                (None, Some(html)) => {
                    let page = extract(&html, meta.url.as_deref()).map_err(fail)?;
                    meta.title = meta.title.or(page.title);
                    meta.outlet = meta.outlet.or(page.outlet);
                    meta.published_raw = meta.published_raw.or(page.published_raw);
                    meta.declared_lang = page.lang;
                    page.text
                }
                (None, None) => return Err(fail(SkipReason::NoText)),
            };
            (text, Format::Jsonl, source, false, meta)
        }
    };

    if text.trim().is_empty() {
        return Err(fail(SkipReason::Empty("no text".into())));
    }
    let cleaned = clean(&text, meta.title.as_deref(), detect_title);
    if cleaned.body.is_empty() {
        return Err(fail(SkipReason::Empty("nothing is left once page furniture is removed".into())));
    }
    let body: String = cleaned.body.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>().join("\n");
    let guess = detect_language(&body);
    if guess.arabic_letters < marsad_text::lang::MIN_ARABIC_LETTERS && guess.arabic_script_share >= 0.3 {
        return Err(fail(SkipReason::TooShort { letters: guess.letters }));
    }
    if !guess.is_arabic() {
        return Err(fail(SkipReason::NotArabic {
            code: guess.code.to_string(),
            share: guess.arabic_script_share * 100.0,
        }));
    }
    let mut warnings = meta.warnings;
    let published = match meta.published_raw.as_deref().map(|raw| (raw, parse_meta_date(raw))) {
        Some((raw, Some(d))) => Published {
            date: Some(d.date),
            datetime: d.datetime,
            from: PublishedFrom::Metadata,
            confidence: 1.0,
            raw: Some(raw.to_string()),
        },
        Some((raw, None)) => {
            warnings.push(format!("publication date {raw:?} not understood; left unknown"));
            Published { raw: Some(raw.to_string()), ..Published::default() }
        }
        None => Published::default(),
    };
    let id = DocId::of_body(&text, &cleaned.body);
    Ok(Document {
        id,
        title: cleaned.title,
        body: cleaned.body,
        boilerplate: cleaned.boilerplate,
        published,
        lang: guess.code.to_string(),
        outlet: meta.outlet,
        url: meta.url,
        provenance: Provenance {
            source,
            path: item.path.as_ref().map(|p| p.display().to_string()),
            line,
            format: Some(format),
            encoding: meta.encoding,
            external_id: meta.external_id,
            declared_lang: meta.declared_lang,
        },
        warnings,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt(text: &str) -> Result<Document, Skip> {
        prepare(RawItem { path: None, line: None, kind: RawKind::TextFile, bytes: text.as_bytes().to_vec(), uri: None })
    }

    /// Regression: a two-word Arabic text was reported as "not Arabic".
    #[test]
    fn a_very_short_arabic_text_is_too_short_not_foreign() {
        let err = txt("تم التجاوب").unwrap_err();
        assert_eq!(err.reason.code(), "too_short");
        let err = txt("The talks resumed in Geneva on Friday with both delegations.").unwrap_err();
        assert_eq!(err.reason.code(), "not_arabic");
    }

    #[test]
    fn an_unreadable_date_is_a_warning_not_a_skip() {
        let line = r#"{"text": "أعلنت الوزارة اليوم افتتاح المعرض الدولي للكتاب في العاصمة", "date": "قبل ساعتين"}"#;
        let doc = prepare(RawItem {
            path: None,
            line: Some(1),
            kind: RawKind::JsonLine,
            bytes: line.as_bytes().to_vec(),
            uri: None,
        })
        .unwrap();
        assert_eq!(doc.published.date, None);
        assert_eq!(doc.published.raw.as_deref(), Some("قبل ساعتين"));
        assert!(doc.warnings[0].contains("not understood"));
    }
}
