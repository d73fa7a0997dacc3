//! The document model.

use std::fmt;
use std::ops::Range;

use marsad_text::{Form, normalize_regions_str};
use serde::{Deserialize, Serialize};

/// A document's stable id: the first 128 bits of the BLAKE3 hash of its normalised body
/// (`Form::Key`, whitespace runs collapsed to one space), as 32 hex digits. The same
/// article with other line breaks, diacritics, hamza spellings or page furniture gets
/// the same id; BLAKE3 (not a fast non-cryptographic hash) because ids come from
/// untrusted pages and a forged collision would hide an article.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// The id of the body made of the byte ranges `body` of `text`.
    pub fn of_body(text: &str, body: &[Range<usize>]) -> DocId {
        let key = normalize_regions_str(text, body, Form::Key);
        let mut hasher = blake3::Hasher::new();
        for (i, word) in key.split_whitespace().enumerate() {
            if i > 0 {
                hasher.update(b" ");
            }
            hasher.update(word.as_bytes());
        }
        let hash = hasher.finalize();
        let hex: String = hash.as_bytes()[..16].iter().map(|b| format!("{b:02x}")).collect();
        DocId(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of input a document came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Jsonl,
    Html,
    Warc,
}

impl Format {
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Warc => "warc",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "txt" => Format::Txt,
            "jsonl" => Format::Jsonl,
            "html" => Format::Html,
            "warc" => Format::Warc,
            _ => return None,
        })
    }
}

/// Where one copy of a document came from. A document keeps every provenance it was
/// ingested with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The contract's `source`: the file path; for a JSONL record its url if present,
    /// else `path:line`; for a WARC record its target URI; `-` (or `-:line`) for stdin.
    pub source: String,
    /// The file read (None for standard input).
    pub path: Option<String>,
    /// 1-based line (JSONL) or record number (WARC) in that file.
    pub line: Option<u64>,
    pub format: Option<Format>,
    /// The text encoding detected (`UTF-8`, `UTF-16LE`, `windows-1256`, …).
    pub encoding: Option<String>,
    /// The record's own id, when the input had one.
    pub external_id: Option<String>,
    /// The language the page declares (`<html lang>`), when it declares one.
    pub declared_lang: Option<String>,
}

/// How the publication date was obtained.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublishedFrom {
    Metadata,
    Dateline,
    Text,
    #[default]
    None,
}

impl PublishedFrom {
    pub fn as_str(&self) -> &'static str {
        match self {
            PublishedFrom::Metadata => "metadata",
            PublishedFrom::Dateline => "dateline",
            PublishedFrom::Text => "text",
            PublishedFrom::None => "none",
        }
    }

    pub fn parse(s: &str) -> PublishedFrom {
        match s {
            "metadata" => PublishedFrom::Metadata,
            "dateline" => PublishedFrom::Dateline,
            "text" => PublishedFrom::Text,
            _ => PublishedFrom::None,
        }
    }
}

/// A publication date.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Published {
    /// Calendar day `YYYY-MM-DD`, in the publisher's own time zone when one was given (a UTC
    /// time of day in the newsroom zone, `marsad_ingest::dates::newsroom_offset`: UTC unless set).
    pub date: Option<String>,
    /// The full timestamp as given, normalised to RFC 3339 when it had a time.
    pub datetime: Option<String>,
    pub from: PublishedFrom,
    pub confidence: f32,
    /// The value exactly as found.
    pub raw: Option<String>,
}

/// Why a line was taken out of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoilerplateReason {
    /// A line that is a lone Latin token or two (`Ad`, `Advertisement`).
    LoneLatin,
    /// A navigation or sharing phrase (المقال التالي، اقرأ أيضا، شارك).
    Navigation,
    /// A line repeated right after itself (a doubled photo caption).
    RepeatedLine,
    /// A line of punctuation or symbols only (`***`, `• • •`).
    Decoration,
    /// The headline repeated as the first line of the body.
    TitleRepeated,
}

impl BoilerplateReason {
    pub fn as_str(&self) -> &'static str {
        match self {
            BoilerplateReason::LoneLatin => "lone_latin",
            BoilerplateReason::Navigation => "navigation",
            BoilerplateReason::RepeatedLine => "repeated_line",
            BoilerplateReason::Decoration => "decoration",
            BoilerplateReason::TitleRepeated => "title_repeated",
        }
    }
}

/// A line removed from the body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boilerplate {
    /// The line as it was (trimmed).
    pub text: String,
    pub reason: BoilerplateReason,
    /// Byte range of the line in the document text.
    pub start: usize,
    pub end: usize,
}

/// One article, decoded and cleaned, ready for analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub title: Option<String>,
    /// The original decoded text: a `.txt` file's whole content, a JSONL record's
    /// `text` field, or the main content extracted from an HTML page. All offsets in
    /// analyses count code points of this text.
    pub text: String,
    /// Byte ranges of `text` that make the body: the lines left after the title and
    /// page furniture are taken out.
    pub body: Vec<Range<usize>>,
    pub boilerplate: Vec<Boilerplate>,
    pub published: Published,
    /// Detected language code (`ar` for everything that is kept).
    pub lang: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub provenance: Provenance,
    /// Repairs made on the way in (invalid bytes replaced, …).
    pub warnings: Vec<String>,
}

impl Document {
    /// The body as one string, lines joined by newlines.
    pub fn body_text(&self) -> String {
        let mut s = String::with_capacity(self.text.len());
        for (i, r) in self.body.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(self.text.get(r.clone()).unwrap_or(""));
        }
        s
    }

    /// Number of code points of the body.
    pub fn body_chars(&self) -> usize {
        self.body.iter().map(|r| self.text.get(r.clone()).map_or(0, |s| s.chars().count())).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> DocId {
        DocId::of_body(s, &[0..s.len()])
    }

    #[test]
    fn id_ignores_spacing_diacritics_and_hamza() {
        assert_eq!(id("قال الرئيسُ   إن\nالهدنة"), id("قال الرئيس ان الهدنة"));
        assert_ne!(id("قال الرئيس"), id("قالت الرئيسة"));
        assert_eq!(id("نص").as_str().len(), 32);
    }

    #[test]
    fn id_of_regions() {
        let text = "Ad\nنص المقال\nالمقال التالي";
        let start = text.find('ن').unwrap();
        let end = start + "نص المقال".len();
        assert_eq!(DocId::of_body(text, &[start..end]), id("نص المقال"));
    }
}
