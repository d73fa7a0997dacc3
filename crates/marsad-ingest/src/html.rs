//! Main-content extraction from HTML pages (Readability, through `dom_smoothie`) and
//! the page's metadata: title, outlet (`og:site_name`), language, and publication time
//! (`article:published_time`, JSON-LD `datePublished`, then the first `<time datetime>`).

use dom_smoothie::{Config, Readability, TextMode};
use marsad_text::chars::is_letter;

use crate::SkipReason;

/// Fewer characters of text than this and a page has no article.
pub const MIN_ARTICLE_CHARS: usize = 40;

/// What was found on a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    pub title: Option<String>,
    /// The main content as text, one paragraph per line.
    pub text: String,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub published_raw: Option<String>,
    pub url: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Extracts the article of an HTML page. `url` is the page's address when known.
pub fn extract(html: &str, url: Option<&str>) -> Result<Extracted, SkipReason> {
    let document = dom_query::Document::from(html);
    let time_datetime = non_empty(document.select("time[datetime]").attr("datetime").map(|a| a.to_string()));
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let mut readability = Readability::with_document(document, url, Some(config))
        .map_err(|e| SkipReason::NoArticle(format!("page could not be read: {e}")))?;
    let article = readability.parse().map_err(|e| SkipReason::NoArticle(format!("no main content found ({e})")))?;
    let text = tidy_text(&article.text_content);
    if text.chars().filter(|&c| is_letter(c)).count() < MIN_ARTICLE_CHARS {
        return Err(SkipReason::NoArticle("the page has no article text".into()));
    }
    Ok(Extracted {
        title: non_empty(Some(article.title)),
        text,
        outlet: non_empty(article.site_name),
        lang: non_empty(article.lang),
        published_raw: non_empty(article.published_time).or(time_datetime),
        url: non_empty(article.url).or_else(|| url.map(str::to_string)),
    })
}

/// One paragraph per line, no runs of blank lines, no trailing spaces.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html lang="ar" dir="rtl"><head>
<meta charset="utf-8">
<title>الحكومة تقر موازنة العام المقبل | صحيفة المرصد</title>
<meta property="og:site_name" content="صحيفة المرصد">
<meta property="article:published_time" content="2023-09-21T10:15:00+03:00">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a></nav>
<article>
<h1>الحكومة تقر موازنة العام المقبل</h1>
<p>أقرت الحكومة في جلستها الأسبوعية اليوم الخميس مشروع موازنة العام المقبل، بعد نقاش استمر ثلاث ساعات بين الوزراء حول أولويات الإنفاق العام.</p>
<p>وقال وزير المالية في مؤتمر صحفي عقب الجلسة إن الموازنة تركز على دعم قطاعي الصحة والتعليم، وإنها ستحال إلى البرلمان الأسبوع المقبل لمناقشتها.</p>
<p>وأضاف الوزير أن العجز المتوقع سيكون أقل من العام الماضي بفضل ارتفاع الإيرادات الضريبية وتحسن النشاط الاقتصادي في الأشهر الأخيرة.</p>
</article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"#;

    #[test]
    fn extracts_text_and_metadata() {
        let e = extract(PAGE, Some("https://example.org/news/1")).unwrap();
        assert!(e.text.contains("أقرت الحكومة في جلستها"));
        assert!(e.text.contains("وأضاف الوزير"));
        assert!(!e.text.contains("جميع الحقوق محفوظة"));
        assert!(!e.text.contains("الرئيسية"));
        assert_eq!(e.outlet.as_deref(), Some("صحيفة المرصد"));
        assert_eq!(e.lang.as_deref(), Some("ar"));
        assert_eq!(e.published_raw.as_deref(), Some("2023-09-21T10:15:00+03:00"));
        assert!(e.title.unwrap().contains("الحكومة تقر موازنة العام المقبل"));
        assert_eq!(e.text.lines().count(), 3, "{}", e.text);
    }

    #[test]
    fn time_element_is_a_fallback_for_the_date() {
        let page = PAGE
            .replace(r#"<meta property="article:published_time" content="2023-09-21T10:15:00+03:00">"#, "")
            .replace("<article>", r#"<article><time datetime="2023-09-20">20 أيلول</time>"#);
        let e = extract(&page, None).unwrap();
        assert_eq!(e.published_raw.as_deref(), Some("2023-09-20"));
    }

    #[test]
    fn json_ld_gives_the_date_when_meta_tags_do_not() {
        let page = PAGE
            .replace(r#"<meta property="article:published_time" content="2023-09-21T10:15:00+03:00">"#, "")
            .replace(
                "</head>",
                r#"<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
                   "headline": "الحكومة تقر موازنة العام المقبل", "datePublished": "2023-09-19T08:00:00+03:00"}</script></head>"#,
            );
        let e = extract(&page, None).unwrap();
        assert_eq!(e.published_raw.as_deref(), Some("2023-09-19T08:00:00+03:00"));
    }

    #[test]
    fn a_page_without_an_article_is_refused() {
        let page = "<html><head><title>تسجيل الدخول</title></head><body><form><input name=u></form></body></html>";
        assert!(matches!(extract(page, None), Err(SkipReason::NoArticle(_))));
    }
}
