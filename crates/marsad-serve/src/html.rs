//! Small HTML helpers: escaping, URL path segments, the page layout. Pages are built as
//! strings by the functions of `ui`; everything from the store goes through [`esc`].

use std::fmt::Write;

/// Escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a path segment or query value (everything but unreserved characters).
pub fn url_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Which navigation entry is the current page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Latest,
    Entities,
    Search,
    None,
}

/// A whole page: Arabic, right to left, one stylesheet, no script, no external resource.
pub fn page(title: &str, nav: Nav, main: &str) -> String {
    let item = |href: &str, label: &str, this: Nav| {
        let current = if nav == this { " aria-current=\"page\"" } else { "" };
        format!("<li><a href=\"{href}\"{current}>{label}</a></li>")
    };
    format!(
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} — مرصد</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
<body><a class=\"skip\" href=\"#main\">انتقل إلى المحتوى</a>\
<header class=\"top\"><nav aria-label=\"التنقل الرئيسي\"><a class=\"brand\" href=\"/\">مرصد</a><ul>{}{}{}</ul></nav></header>\
<main id=\"main\" tabindex=\"-1\">{main}</main>\
<footer class=\"foot\"><p>مرصد: مرصد الأخبار العربية · <a href=\"/api/v1/openapi.json\" dir=\"ltr\">API</a></p></footer>\
</body></html>\n",
        esc(title),
        item("/", "الأحدث", Nav::Latest),
        item("/entities", "الكيانات", Nav::Entities),
        item("/search", "البحث", Nav::Search),
    )
}

/// Western digits grouped in thousands (`12,345`), the form the corpus writes.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(esc("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(url_part("per-باشينيان/../x"), "per-%D8%A8%D8%A7%D8%B4%D9%8A%D9%86%D9%8A%D8%A7%D9%86%2F..%2Fx");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(12), "12");
    }

    #[test]
    fn layout_is_arabic_rtl_with_landmarks() {
        let p = page("عنوان <x>", Nav::Latest, "<p>نص</p>");
        assert!(p.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(p.contains("عنوان &lt;x&gt;"));
        assert!(p.contains("href=\"#main\"") && p.contains("<main id=\"main\""));
        assert!(p.contains("<a href=\"/\" aria-current=\"page\">"));
    }
}
