//! Finding inputs and reading them into raw items, with bounded memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;

use crate::warc::{WarcItem, WarcReader};
use crate::{Skip, SkipReason};

/// Where to read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File(p) => Some(p),
            Input::Stdin => None,
        }
    }

    /// Size on disk (0 for standard input or when unknown).
    pub fn size(&self) -> u64 {
        self.path().and_then(|p| p.metadata().ok()).map_or(0, |m| m.len())
    }
}

/// What kind of raw item a reader produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawKind {
    /// A whole text file (bytes in an unknown encoding).
    TextFile,
    /// A whole HTML page.
    HtmlFile,
    /// One JSONL line.
    JsonLine,
    /// An HTML page from a WARC record.
    WarcPage,
}

/// Bytes of one would-be document, and where they came from.
#[derive(Clone, Debug)]
pub struct RawItem {
    pub path: Option<PathBuf>,
    pub line: Option<u64>,
    pub kind: RawKind,
    pub bytes: Vec<u8>,
    /// A WARC record's target URI.
    pub uri: Option<String>,
}

/// Reading limits and progress reporting.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest single document (file, JSONL line, WARC record) in bytes.
    pub max_doc_bytes: u64,
    /// Incremented with every byte read from disk or stdin (compressed bytes for
    /// compressed files), for progress bars.
    pub progress: Arc<AtomicU64>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_doc_bytes: DEFAULT_MAX_DOC_BYTES, progress: Arc::new(AtomicU64::new(0)) }
    }
}

/// 16 MiB: far above any real article page, far below what would hurt memory.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 16 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Txt,
    Jsonl,
    JsonArray,
    Html,
    Warc,
    /// Decide from the content.
    Sniff,
}

/// Expands the command line's paths: folders recursively (sorted, hidden entries
/// ignored), `-` as standard input. Paths that do not exist are skips.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Skip>) {
    let mut inputs = Vec::new();
    let mut skips = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match path.metadata() {
            Err(e) => skips.push(Skip::new(Some(path.clone()), None, SkipReason::Io(e.to_string()))),
            Ok(m) if m.is_dir() => {
                let walker = walkdir::WalkDir::new(path)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() => inputs.push(Input::File(e.into_path())),
                        Ok(_) => {}
                        Err(e) => {
                            let p = e.path().map(Path::to_path_buf).or_else(|| Some(path.clone()));
                            skips.push(Skip::new(p, None, SkipReason::Io(e.to_string())));
                        }
                    }
                }
            }
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    (inputs, skips)
}

fn classify(path: &Path) -> (Compression, Format) {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let (compression, inner) = if let Some(stem) = name.strip_suffix(".gz") {
        (Compression::Gzip, stem)
    } else if let Some(stem) = name.strip_suffix(".zst") {
        (Compression::Zstd, stem)
    } else {
        (Compression::None, name.as_str())
    };
    let ext = Path::new(inner).extension().map(|e| e.to_string_lossy().to_string()).unwrap_or_default();
    let format = match ext.as_str() {
        "txt" | "text" => Format::Txt,
        "jsonl" | "ndjson" => Format::Jsonl,
        "json" => Format::JsonArray,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "warc" => Format::Warc,
        _ => Format::Sniff,
    };
    (compression, format)
}

/// Counts bytes read into the shared progress counter.
struct Counting<R> {
    inner: R,
    progress: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

type Items = Box<dyn Iterator<Item = Result<RawItem, Skip>> + Send>;

fn one(item: Result<RawItem, Skip>) -> Items {
    Box::new(std::iter::once(item))
}

/// Opens an input and returns its raw items in order. Errors become skips; nothing here
/// panics or stops other inputs.
pub fn open_input(input: &Input, opts: &ReadOptions) -> Items {
    let path = input.path().map(Path::to_path_buf);
    let fail = |reason: SkipReason| one(Err(Skip::new(path.clone(), None, reason)));
    let (compression, format, raw): (Compression, Format, Box<dyn Read + Send>) = match input {
        Input::Stdin => {
            let stdin = Counting { inner: io::stdin(), progress: opts.progress.clone() };
            (Compression::None, Format::Sniff, Box::new(stdin))
        }
        Input::File(p) => {
            let (compression, format) = classify(p);
            let file = match File::open(p) {
                Ok(f) => f,
                Err(e) => return fail(SkipReason::Io(e.to_string())),
            };
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            if size == 0 {
                return fail(SkipReason::Empty("the file is empty".into()));
            }
            // Whole-document files are refused by size before a byte is read.
            if compression == Compression::None
                && matches!(format, Format::Txt | Format::Html)
                && size > opts.max_doc_bytes
            {
                opts.progress.fetch_add(size, Ordering::Relaxed);
                return fail(SkipReason::TooLarge { size, limit: opts.max_doc_bytes });
            }
            (compression, format, Box::new(Counting { inner: file, progress: opts.progress.clone() }))
        }
    };
    let reader = match decompress(raw, compression) {
        Ok(r) => r,
        Err(e) => return fail(SkipReason::Io(e.to_string())),
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let format = if format == Format::Sniff {
        match sniff(&mut reader) {
            Ok(Some(f)) => f,
            Ok(None) => return fail(SkipReason::Empty("no content".into())),
            Err(e) => return fail(SkipReason::Io(e.to_string())),
        }
    } else {
        format
    };
    match format {
        Format::Txt | Format::Sniff => whole(reader, path, RawKind::TextFile, opts.max_doc_bytes),
        Format::Html => whole(reader, path, RawKind::HtmlFile, opts.max_doc_bytes),
        Format::Jsonl => Box::new(JsonLines { reader, path, line: 0, max: opts.max_doc_bytes, done: false }),
        Format::JsonArray => json_array(reader, path, opts.max_doc_bytes),
        Format::Warc => Box::new(WarcItems { reader: WarcReader::new(reader, opts.max_doc_bytes), path, done: false }),
    }
}

fn decompress(raw: Box<dyn Read + Send>, compression: Compression) -> io::Result<Box<dyn Read + Send>> {
    Ok(match compression {
        Compression::None => raw,
        Compression::Gzip => Box::new(MultiGzDecoder::new(raw)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(raw)?),
    })
}

/// Looks at the first bytes: compressed stream (for stdin), JSON, WARC, HTML, or text.
fn sniff(reader: &mut BufReader<Box<dyn Read + Send>>) -> io::Result<Option<Format>> {
    let head = reader.fill_buf()?;
    if head.is_empty() {
        return Ok(None);
    }
    if head.starts_with(b"\x1F\x8B") || head.starts_with(b"\x28\xB5\x2F\xFD") {
        // A compressed stream on stdin: unwrap it and look again.
        let compression = if head[0] == 0x1F { Compression::Gzip } else { Compression::Zstd };
        let inner = std::mem::replace(reader, BufReader::new(Box::new(io::empty())));
        *reader = BufReader::with_capacity(1 << 16, decompress(Box::new(inner), compression)?);
        return sniff(reader);
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    let body = &body[start..];
    if body.starts_with(b"WARC/") {
        return Ok(Some(Format::Warc));
    }
    if body.starts_with(b"{") {
        return Ok(Some(Format::Jsonl));
    }
    if body.starts_with(b"[") && body[1..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        return Ok(Some(Format::JsonArray));
    }
    let lower: Vec<u8> = body.iter().take(2048).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html") || memchr::memmem::find(&lower, b"<html").is_some() {
        return Ok(Some(Format::Html));
    }
    Ok(Some(Format::Txt))
}

/// Reads a whole single-document input, refusing it past the size limit.
fn whole(reader: impl Read, path: Option<PathBuf>, kind: RawKind, max: u64) -> Items {
    let mut bytes = Vec::new();
    match reader.take(max + 1).read_to_end(&mut bytes) {
        Err(e) => one(Err(Skip::new(path, None, SkipReason::Io(e.to_string())))),
        Ok(_) if bytes.len() as u64 > max => {
            one(Err(Skip::new(path, None, SkipReason::TooLarge { size: bytes.len() as u64, limit: max })))
        }
        Ok(_) => one(Ok(RawItem { path, line: None, kind, bytes, uri: None })),
    }
}

enum LineRead {
    Eof,
    Line,
    /// The line was longer than the limit; its length.
    TooLong(u64),
}

/// Reads one `\n`-terminated line into `buf` without ever holding more than `max`
/// bytes of it; a longer line is consumed and reported.
fn read_line_bounded(r: &mut impl BufRead, buf: &mut Vec<u8>, max: u64) -> io::Result<LineRead> {
    buf.clear();
    let mut total = 0u64;
    let mut too_long = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (total, too_long) {
                (0, _) => LineRead::Eof,
                (_, true) => LineRead::TooLong(total),
                _ => LineRead::Line,
            });
        }
        let newline = memchr::memchr(b'\n', available);
        let chunk = &available[..newline.unwrap_or(available.len())];
        total += chunk.len() as u64;
        if !too_long {
            if (buf.len() + chunk.len()) as u64 > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let consumed = newline.map_or(available.len(), |i| i + 1);
        r.consume(consumed);
        if newline.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(if too_long { LineRead::TooLong(total) } else { LineRead::Line });
        }
    }
}

struct JsonLines<R> {
    reader: R,
    path: Option<PathBuf>,
    line: u64,
    max: u64,
    done: bool,
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<RawItem, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut buf = Vec::new();
        while !self.done {
            self.line += 1;
            let line = Some(self.line);
            match read_line_bounded(&mut self.reader, &mut buf, self.max) {
                Ok(LineRead::Eof) => self.done = true,
                Ok(LineRead::TooLong(size)) => {
                    return Some(Err(Skip::new(
                        self.path.clone(),
                        line,
                        SkipReason::TooLarge { size, limit: self.max },
                    )));
                }
                Ok(LineRead::Line) if buf.iter().all(u8::is_ascii_whitespace) => {}
                Ok(LineRead::Line) => {
                    let bytes = std::mem::take(&mut buf);
                    return Some(Ok(RawItem {
                        path: self.path.clone(),
                        line,
                        kind: RawKind::JsonLine,
                        bytes,
                        uri: None,
                    }));
                }
                Err(e) => {
                    // A broken stream (a truncated .gz, say) ends this file, not the batch.
                    self.done = true;
                    return Some(Err(Skip::new(self.path.clone(), line, SkipReason::Io(e.to_string()))));
                }
            }
        }
        None
    }
}

fn json_array(reader: impl Read, path: Option<PathBuf>, max: u64) -> Items {
    // An array file is held whole; allow it 16 documents' worth.
    let limit = max.saturating_mul(16);
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(limit + 1).read_to_end(&mut bytes) {
        return one(Err(Skip::new(path, None, SkipReason::Io(e.to_string()))));
    }
    if bytes.len() as u64 > limit {
        return one(Err(Skip::new(path, None, SkipReason::TooLarge { size: bytes.len() as u64, limit })));
    }
    let values: Vec<serde_json::Value> = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return one(Err(Skip::new(path, None, SkipReason::MalformedJson(e.to_string())))),
    };
    let items: Vec<_> = values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            Ok(RawItem {
                path: path.clone(),
                line: Some(i as u64 + 1),
                kind: RawKind::JsonLine,
                bytes: serde_json::to_vec(&v).unwrap_or_default(),
                uri: None,
            })
        })
        .collect();
    Box::new(items.into_iter())
}

struct WarcItems<R> {
    reader: WarcReader<R>,
    path: Option<PathBuf>,
    done: bool,
}

impl<R: BufRead> Iterator for WarcItems<R> {
    type Item = Result<RawItem, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.next_item() {
            Ok(None) => {
                self.done = true;
                None
            }
            Ok(Some(WarcItem::Page { number, uri, body })) => Some(Ok(RawItem {
                path: self.path.clone(),
                line: Some(number),
                kind: RawKind::WarcPage,
                bytes: body,
                uri,
            })),
            Ok(Some(WarcItem::Unusable { number, uri, reason })) => {
                let reason = match uri {
                    Some(u) => format!("{u}: {reason}"),
                    None => reason,
                };
                Some(Err(Skip::new(self.path.clone(), Some(number), SkipReason::NotAPage(reason))))
            }
            Err(e) => {
                self.done = true;
                Some(Err(Skip::new(self.path.clone(), None, SkipReason::Io(format!("WARC: {e}")))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let data = b"short\nthis line is far too long\r\nok\r\nlast";
        let mut r = &data[..];
        let mut buf = Vec::new();
        assert!(matches!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), LineRead::Line));
        assert_eq!(buf, b"short");
        assert!(matches!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), LineRead::TooLong(26)));
        assert!(matches!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), LineRead::Line));
        assert_eq!(buf, b"ok");
        assert!(matches!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), LineRead::Line));
        assert_eq!(buf, b"last");
        assert!(matches!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), LineRead::Eof));
    }

    #[test]
    fn classifies_by_extension() {
        assert_eq!(classify(Path::new("a/b.jsonl.zst")), (Compression::Zstd, Format::Jsonl));
        assert_eq!(classify(Path::new("b.JSONL.gz")), (Compression::Gzip, Format::Jsonl));
        assert_eq!(classify(Path::new("page.htm")), (Compression::None, Format::Html));
        assert_eq!(classify(Path::new("crawl.warc.gz")), (Compression::Gzip, Format::Warc));
        assert_eq!(classify(Path::new("README")), (Compression::None, Format::Sniff));
    }
}
