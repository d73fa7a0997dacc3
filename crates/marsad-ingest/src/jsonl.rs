//! One article per JSON line. Field names vary between feeds; the first present of each
//! group is used:
//!
//! | meaning   | fields |
//! |-----------|--------|
//! | id        | `id`, `doc_id`, `docno` |
//! | url       | `url`, `link`, `uri` |
//! | outlet    | `outlet`, `source`, `site_name`, `site`, `publisher` |
//! | title     | `title`, `headline` |
//! | published | `published`, `date`, `published_at`, `datePublished`, `pubdate`, `time` |
//! | body      | `text`, `body`, `content`, `article` — or `html` / `raw_html` for a page |

use serde_json::{Map, Value};

use crate::SkipReason;

/// The fields of one JSONL article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonRecord {
    pub id: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published_raw: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
}

fn field(obj: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match obj.get(*n)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        // {"source": {"name": "..."}} as some aggregators write it.
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
        _ => None,
    })
}

/// Parses one line. Invalid UTF-8 inside the line is replaced (and reported through the
/// second value) rather than losing the article.
pub fn parse_record(line: &[u8]) -> Result<(JsonRecord, Option<String>), SkipReason> {
    let (value, repair) = match serde_json::from_slice::<Value>(line) {
        Ok(v) => (v, None),
        Err(_) if std::str::from_utf8(line).is_err() => {
            let lossy = String::from_utf8_lossy(line);
            let v = serde_json::from_str::<Value>(&lossy).map_err(|e| SkipReason::MalformedJson(e.to_string()))?;
            (v, Some("invalid UTF-8 in the line replaced by U+FFFD".to_string()))
        }
        Err(e) => return Err(SkipReason::MalformedJson(e.to_string())),
    };
    let Value::Object(obj) = value else {
        return Err(SkipReason::MalformedJson("the line is JSON but not an object".into()));
    };
    let record = JsonRecord {
        id: field(&obj, &["id", "doc_id", "docno"]),
        url: field(&obj, &["url", "link", "uri"]),
        outlet: field(&obj, &["outlet", "source", "site_name", "site", "publisher"]),
        title: field(&obj, &["title", "headline"]),
        published_raw: field(&obj, &["published", "date", "published_at", "datePublished", "pubdate", "time"]),
        text: field(&obj, &["text", "body", "content", "article"]),
        html: field(&obj, &["html", "raw_html"]),
    };
    if record.text.is_none() && record.html.is_none() {
        return Err(SkipReason::NoText);
    }
    Ok((record, repair))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_shape() {
        let line = br#"{"id": "AL-x-1", "source": "alarabia", "date": "2018-02-18T21:35:43+04:00", "title": "t", "text": "\u0646\u0635", "url": "http://e.org/1"}"#;
        let (r, repair) = parse_record(line).unwrap();
        assert_eq!(repair, None);
        assert_eq!(r.id.as_deref(), Some("AL-x-1"));
        assert_eq!(r.outlet.as_deref(), Some("alarabia"));
        assert_eq!(r.published_raw.as_deref(), Some("2018-02-18T21:35:43+04:00"));
        assert_eq!(r.text.as_deref(), Some("نص"));
    }

    #[test]
    fn bad_lines() {
        assert!(matches!(parse_record(b"{\"text\": \"x\""), Err(SkipReason::MalformedJson(_))));
        assert!(matches!(parse_record(b"[1, 2]"), Err(SkipReason::MalformedJson(_))));
        assert!(matches!(parse_record(b"{\"title\": \"only a title\"}"), Err(SkipReason::NoText)));
        assert!(matches!(parse_record(b"{\"text\": \"   \"}"), Err(SkipReason::NoText)));
    }

    #[test]
    fn invalid_utf8_is_repaired() {
        let mut line = br#"{"text": "abc"#.to_vec();
        line.push(0xFF);
        line.extend_from_slice(br#"def"}"#);
        let (r, repair) = parse_record(&line).unwrap();
        assert_eq!(r.text.as_deref(), Some("abc\u{FFFD}def"));
        assert!(repair.is_some());
    }
}
