//! Web archives (WARC 1.0/1.1, plain or with each record gzipped): `response` records
//! whose HTTP payload is an HTML page, and `resource` records of HTML, become pages to
//! extract. Other records (requests, metadata, images, scripts) are not articles.

use std::io::{self, BufRead, Read};

use flate2::read::{DeflateDecoder, GzDecoder};

/// One record worth reading, or a reason why a page record is not one.
#[derive(Debug)]
pub enum WarcItem {
    /// An HTML page.
    Page { number: u64, uri: Option<String>, body: Vec<u8> },
    /// A page record that cannot be used (not HTML, an HTTP error, an encoding we do
    /// not read, too large).
    Unusable { number: u64, uri: Option<String>, reason: String },
}

/// Reads records one by one.
pub struct WarcReader<R> {
    input: R,
    number: u64,
    max_record_bytes: u64,
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn read_headers(input: &mut impl BufRead) -> io::Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(headers);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end();
        if text.is_empty() {
            return Ok(headers);
        }
        if let Some((k, v)) = text.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(input: R, max_record_bytes: u64) -> Self {
        WarcReader { input, number: 0, max_record_bytes }
    }

    /// The next page record, `Ok(None)` at the end.
    pub fn next_item(&mut self) -> io::Result<Option<WarcItem>> {
        loop {
            // Find the version line, skipping the blank lines between records.
            let mut line = Vec::new();
            loop {
                line.clear();
                if self.input.read_until(b'\n', &mut line)? == 0 {
                    return Ok(None);
                }
                if line.starts_with(b"WARC/") {
                    break;
                }
                if !line.iter().all(|b| b.is_ascii_whitespace()) {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, "not a WARC record header"));
                }
            }
            self.number += 1;
            let number = self.number;
            let headers = read_headers(&mut self.input)?;
            let length: u64 = header(&headers, "Content-Length")
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "WARC record without Content-Length"))?;
            let kind = header(&headers, "WARC-Type").unwrap_or("").to_ascii_lowercase();
            let uri = header(&headers, "WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
            let content_type = header(&headers, "Content-Type").unwrap_or("").to_ascii_lowercase();
            let is_page_record = kind == "response" || (kind == "resource" && content_type.contains("html"));
            if !is_page_record || length > self.max_record_bytes {
                io::copy(&mut (&mut self.input).take(length), &mut io::sink())?;
                if is_page_record {
                    let reason =
                        format!("record of {length} bytes is over the size limit of {}", self.max_record_bytes);
                    return Ok(Some(WarcItem::Unusable { number, uri, reason }));
                }
                continue;
            }
            let mut block = Vec::with_capacity(length as usize);
            (&mut self.input).take(length).read_to_end(&mut block)?;
            if (block.len() as u64) < length {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "WARC record cut short"));
            }
            if kind == "resource" {
                return Ok(Some(WarcItem::Page { number, uri, body: block }));
            }
            return Ok(Some(match http_payload(&block) {
                Ok(body) => WarcItem::Page { number, uri, body },
                Err(reason) => WarcItem::Unusable { number, uri, reason },
            }));
        }
    }
}

/// The decoded body of an HTTP response, if it is an HTML page.
fn http_payload(block: &[u8]) -> Result<Vec<u8>, String> {
    let split = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or("HTTP response without a header end")?;
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    if !(200..300).contains(&status) {
        return Err(format!("HTTP status {status}"));
    }
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
    let content_type = header(&headers, "Content-Type").unwrap_or("text/html").to_ascii_lowercase();
    if !content_type.contains("html") {
        return Err(format!("not an HTML page ({content_type})"));
    }
    let mut body = block[split.1..].to_vec();
    if header(&headers, "Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body).ok_or("broken chunked transfer encoding")?;
    }
    match header(&headers, "Content-Encoding").map(str::to_ascii_lowercase).as_deref() {
        None | Some("identity") | Some("") => Ok(body),
        Some("gzip") | Some("x-gzip") => {
            let mut out = Vec::new();
            GzDecoder::new(&body[..]).read_to_end(&mut out).map_err(|e| format!("gzip body: {e}"))?;
            Ok(out)
        }
        Some("deflate") => {
            let mut out = Vec::new();
            DeflateDecoder::new(&body[..]).read_to_end(&mut out).map_err(|e| format!("deflate body: {e}"))?;
            Ok(out)
        }
        Some(other) => Err(format!("content encoding {other} is not supported")),
    }
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = memchr::memmem::find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn reads_html_responses_and_reports_others() {
        let mut warc = record("warcinfo", "", b"software: test\r\n");
        warc.extend(record("request", "https://e.org/a", b"GET /a HTTP/1.1\r\n\r\n"));
        warc.extend(record(
            "response",
            "https://e.org/a",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>ab\r\n5\r\ncd</p\r\n1\r\n>\r\n0\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "https://e.org/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        let mut reader = WarcReader::new(&warc[..], 1 << 20);
        match reader.next_item().unwrap().unwrap() {
            WarcItem::Page { number, uri, body } => {
                assert_eq!(number, 3);
                assert_eq!(uri.as_deref(), Some("https://e.org/a"));
                assert_eq!(body, b"<p>abcd</p>");
            }
            other => panic!("{other:?}"),
        }
        match reader.next_item().unwrap().unwrap() {
            WarcItem::Unusable { reason, .. } => assert!(reason.contains("image/png")),
            other => panic!("{other:?}"),
        }
        assert!(reader.next_item().unwrap().is_none());
    }
}
