//! Turning a file's bytes into text: byte-order marks, UTF-8 (repairing a few bad
//! bytes), UTF-16, and legacy Arabic code pages (Windows-1256, ISO-8859-6) detected
//! with `chardetng`; binary files recognised and refused.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1256};
use marsad_text::detect_language;

use crate::SkipReason;

/// Decoded text and how it was decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Encoding name as encoding_rs spells it (`UTF-8`, `UTF-16LE`, `windows-1256`, …).
    pub encoding: &'static str,
    /// What had to be repaired, if anything (for a warning).
    pub repair: Option<String>,
}

/// Recognises well-known binary formats by their first bytes.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF document"),
        (b"\x89PNG", "PNG image"),
        (b"GIF8", "GIF image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"PK\x03\x04", "ZIP archive (or an office document)"),
        (b"\x1F\x8B", "gzip data"),
        (b"\x28\xB5\x2F\xFD", "zstd data"),
        (b"\x7FELF", "ELF executable"),
        (b"MZ", "Windows executable"),
        (b"RIFF", "RIFF media"),
        (b"SQLite format 3\0", "SQLite database"),
        (b"\xD0\xCF\x11\xE0", "legacy office document"),
        (b"OggS", "Ogg media"),
        (b"ID3", "MP3 audio"),
    ];
    MAGIC.iter().find(|(m, _)| bytes.starts_with(m)).map(|&(_, name)| name)
}

/// Decodes `bytes`; refuses binary data and (after decoding) empty text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(enc, &bytes[bom_len..]));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(SkipReason::Binary(kind.to_string()));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return Ok(decode_with(enc, bytes));
    }
    if looks_binary(bytes) {
        return Err(SkipReason::Binary("control bytes in what should be text".into()));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded { text: s.to_string(), encoding: UTF_8.name(), repair: None }),
        Err(e) => decode_imperfect_utf8(bytes, e),
    }
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let repair = had_errors.then(|| format!("malformed {} sequences replaced by U+FFFD", enc.name()));
    Decoded { text: text.into_owned(), encoding: enc.name(), repair }
}

/// NUL bytes at every other position, with the other bytes in the ASCII or Arabic
/// range: UTF-16 that lost (or never had) its byte-order mark.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let high_in = |idx: usize| sample.chunks_exact(2).filter(|p| matches!(p[idx], 0x00 | 0x06 | 0x20 | 0xFE)).count();
    // In UTF-16LE the high byte of each unit is the second.
    if high_in(1) * 10 >= pairs * 9 && sample.chunks_exact(2).any(|p| p[1] == 0) {
        return Some(UTF_16LE);
    }
    if high_in(0) * 10 >= pairs * 9 && sample.chunks_exact(2).any(|p| p[0] == 0) {
        return Some(UTF_16BE);
    }
    None
}

/// More than 1 % control bytes (other than tab, newline, carriage return, form feed,
/// escape) in the first 8 KiB, or any NUL, means binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)).count();
    controls * 100 > sample.len()
}

/// Invalid UTF-8: a truncated last character or a few bad bytes are repaired; text that
/// is mostly invalid as UTF-8 is a legacy code page, detected.
fn decode_imperfect_utf8(bytes: &[u8], first_error: std::str::Utf8Error) -> Result<Decoded, SkipReason> {
    if first_error.error_len().is_none() {
        // Only the last character is cut short.
        let text = String::from_utf8_lossy(bytes).into_owned();
        return Ok(Decoded {
            text,
            encoding: UTF_8.name(),
            repair: Some("truncated UTF-8 sequence at the end replaced by U+FFFD".into()),
        });
    }
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if invalid * 50 <= multibyte {
        return Ok(Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: UTF_8.name(),
            repair: Some(format!("{invalid} invalid UTF-8 sequence(s) replaced by U+FFFD")),
        });
    }
    Ok(decode_legacy(bytes))
}

/// A single-byte code page. chardetng guesses; if its guess reads as less Arabic than
/// Windows-1256 would, Windows-1256 wins (the common case for Arabic files).
fn decode_legacy(bytes: &[u8]) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let guessed = decode_with(guess, bytes);
    if guess == WINDOWS_1256 {
        return guessed;
    }
    let cp1256 = decode_with(WINDOWS_1256, bytes);
    let arabic_share = |text: &str| detect_language(text).arabic_script_share;
    if arabic_share(&cp1256.text) > arabic_share(&guessed.text) { cp1256 } else { guessed }
}

/// The charset a page declares in its first kilobytes (`<meta charset>` or
/// `http-equiv` content type), if any.
pub fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let at = memchr::memmem::find(&lower, b"charset=")?;
    let rest = &head[at + 8..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'>' | b'/')).unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

/// Decodes an HTML page: byte-order mark, then declared charset, then detection.
pub fn decode_html(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if Encoding::for_bom(bytes).is_none()
        && let Some(enc) = html_declared_charset(bytes)
    {
        // A page that declares UTF-16 in ASCII is lying about itself; trust the bytes.
        if enc != UTF_16LE && enc != UTF_16BE {
            if enc == UTF_8 && std::str::from_utf8(bytes).is_err() {
                return decode(bytes);
            }
            return Ok(decode_with(enc, bytes));
        }
    }
    decode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "أعلنت وزارة الخارجية أن المحادثات ستستأنف في جنيف الأسبوع المقبل بمشاركة الطرفين.";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.repair), (SAMPLE, "UTF-8", None));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, SAMPLE);
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        be.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-16LE"));
    }

    #[test]
    fn windows_1256_is_detected() {
        let (bytes, _, unmappable) = WINDOWS_1256.encode(SAMPLE);
        assert!(!unmappable);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "windows-1256"));
    }

    #[test]
    fn truncated_utf8_is_repaired() {
        let bytes = SAMPLE.as_bytes();
        let cut = &bytes[..bytes.len() - 2]; // ends inside "." ? no: inside the last letter
        let cut = if std::str::from_utf8(cut).is_ok() { &bytes[..bytes.len() - 3] } else { cut };
        let d = decode(cut).unwrap();
        assert!(d.text.ends_with('\u{FFFD}'));
        assert!(d.repair.unwrap().contains("truncated"));
    }

    #[test]
    fn a_few_bad_bytes_are_replaced() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.repair.unwrap().contains("1 invalid"));
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(SkipReason::Binary(_))));
        let noise: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(decode(&noise), Err(SkipReason::Binary(_))));
    }

    #[test]
    fn declared_html_charset() {
        let (body, _, _) = WINDOWS_1256.encode(SAMPLE);
        let mut page = b"<html><head><meta charset=\"windows-1256\"></head><body><p>".to_vec();
        page.extend_from_slice(&body);
        let d = decode_html(&page).unwrap();
        assert_eq!(d.encoding, "windows-1256");
        assert!(d.text.contains(SAMPLE));
    }
}
