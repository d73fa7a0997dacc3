//! The web UI: server-rendered Arabic pages, right to left, no script. Latest documents,
//! an article with its entities and dates highlighted from the analysis offsets (code points
//! of the original text), entity pages with mentions over time drawn as inline SVG, and the
//! list of entities. Each page is one handler and one render function.

use std::collections::HashMap;
use std::fmt::Write;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;

use crate::AppState;
use crate::api::{self, CharIndex, DocumentOut, EntityOut};
use crate::db::{self, Period};
use crate::error::ApiError;
use crate::html::{Nav, count, esc, page, url_part};
use crate::story_page::{render_story, story_list};
use crate::views::{self, SearchOut, SearchParams, StoryQuery};

/// Documents per page of the home page and of an entity's list.
const PAGE: usize = 20;
/// Stories on the home page.
const HOME_STORIES: usize = 10;
/// Entities per page of the entity list.
const ENTITY_PAGE: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/documents/{id}", get(article))
        .route("/entities", get(entity_list))
        .route("/entities/{id}", get(entity_page))
        .route("/stories/{id}", get(story_page))
        .route("/search", get(search_page))
        .route("/static/{*path}", get(static_file))
}

/// An error as a page: the status, and the message in Arabic with the technical one after it.
fn error_page(e: ApiError) -> Response {
    let title = match e.status {
        StatusCode::NOT_FOUND => "غير موجود",
        StatusCode::BAD_REQUEST => "طلب غير صالح",
        _ => "خطأ",
    };
    let main =
        format!("<h1>{title}</h1><p dir=\"auto\">{}</p><p><a href=\"/\">العودة إلى الأحدث</a></p>", esc(&e.message));
    (e.status, Html(page(title, Nav::None, &main))).into_response()
}

pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return ApiError::not_found(format!("no API route {}", uri.path())).into_response();
    }
    error_page(ApiError::not_found(format!("لا صفحة بهذا العنوان: {}", uri.path())))
}

type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

/// The query string, or a 400 page.
fn query(q: Params) -> Result<HashMap<String, String>, ApiError> {
    q.map(|Query(m)| m).map_err(|e| ApiError::bad_request("bad_query", e.body_text()))
}

fn page_number(map: &HashMap<String, String>) -> Result<usize, ApiError> {
    match map.get("page") {
        None => Ok(1),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=10_000).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request("bad_parameter", format!("رقم الصفحة غير صالح: {v}"))),
        },
    }
}

fn pager(base: &str, page_no: usize, total: u64, per_page: usize) -> String {
    let pages = (total as usize).div_ceil(per_page).max(1);
    if pages <= 1 {
        return String::new();
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = String::from("<nav class=\"pager\" aria-label=\"الصفحات\">");
    if page_no > 1 {
        let _ = write!(out, "<a rel=\"prev\" href=\"{base}{sep}page={}\">→ الأحدث</a>", page_no - 1);
    }
    let _ = write!(out, "<span>صفحة {page_no} من {pages}</span>");
    if page_no < pages {
        let _ = write!(out, "<a rel=\"next\" href=\"{base}{sep}page={}\">الأقدم ←</a>", page_no + 1);
    }
    out.push_str("</nav>");
    out
}

fn doc_list(docs: &[db::DocItem]) -> String {
    let mut out = String::from("<ol class=\"docs\">");
    for d in docs {
        let title = d.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("(بلا عنوان)");
        let _ = write!(
            out,
            "<li><article><h2><a href=\"/documents/{}\">{}</a></h2><p class=\"meta\">",
            url_part(&d.id),
            esc(title)
        );
        if let Some(o) = &d.outlet {
            let _ = write!(out, "<span class=\"outlet\" dir=\"auto\">{}</span> ", esc(o));
        }
        match &d.published {
            Some(p) => {
                let _ = write!(out, "<time datetime=\"{0}\" dir=\"ltr\">{0}</time>", esc(p));
            }
            None => out.push_str("<span>تاريخ غير معروف</span>"),
        }
        let _ = write!(out, " · الكيانات: {}</p></article></li>", count(d.entities));
    }
    out.push_str("</ol>");
    out
}

async fn home(State(state): State<AppState>, q: Params) -> Response {
    let result = async {
        let map = query(q)?;
        let page_no = page_number(&map)?;
        let filter = db::DocFilter { limit: PAGE, offset: (page_no - 1) * PAGE, ..db::DocFilter::default() };
        // The latest events that several documents report, then the latest documents.
        let stories_query =
            StoryQuery { level: Some("event".into()), min_documents: 2, limit: HOME_STORIES, ..StoryQuery::default() };
        let show_stories = page_no == 1;
        let (docs, stories) = state
            .db
            .read(move |s| {
                let stories = if show_stories { views::stories(s, &stories_query)?.stories } else { Vec::new() };
                Ok((db::documents(s, &filter)?, stories))
            })
            .await?;
        let mut main =
            format!("<h1>أحدث الأخبار</h1><p class=\"lead\">عدد الوثائق في المرصد: {}</p>", count(docs.total));
        if !stories.is_empty() {
            main.push_str("<section aria-labelledby=\"latest-stories\"><h2 id=\"latest-stories\">أحدث القصص</h2>");
            main.push_str(&story_list(&stories));
            main.push_str("</section><h2>أحدث الوثائق</h2>");
        }
        if docs.documents.is_empty() {
            main.push_str("<p>لا وثائق بعد. أضفها بالأمر <code dir=\"ltr\">marsad ingest</code>.</p>");
        }
        main.push_str(&doc_list(&docs.documents));
        main.push_str(&pager("/", page_no, docs.total, PAGE));
        Ok::<_, ApiError>(Html(page("أحدث الأخبار", Nav::Latest, &main)).into_response())
    }
    .await;
    result.unwrap_or_else(error_page)
}

/// One highlighted span of the article.
struct Span {
    start: usize,
    end: usize,
    open: String,
    close: &'static str,
}

fn spans(analysis: &Value) -> Vec<Span> {
    let mut out = Vec::new();
    let num = |v: &Value, k: &str| v.get(k).and_then(Value::as_u64).map(|n| n as usize);
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    for e in analysis.get("entities").and_then(Value::as_array).into_iter().flatten() {
        let (Some(start), Some(end)) = (num(e, "start"), num(e, "end")) else { continue };
        let kind = s(e, "type");
        let kind = if ["PER", "LOC", "ORG", "MISC"].contains(&kind.as_str()) { kind } else { "MISC".into() };
        out.push(Span {
            start,
            end,
            open: format!(
                "<a class=\"ent ent-{kind}\" href=\"/entities/{}\" title=\"{} · {}\">",
                url_part(&s(e, "entity_id")),
                esc(&s(e, "canonical")),
                kind_name(&kind)
            ),
            close: "</a>",
        });
    }
    for t in analysis.get("timex").and_then(Value::as_array).into_iter().flatten() {
        let (Some(start), Some(end)) = (num(t, "start"), num(t, "end")) else { continue };
        out.push(Span {
            start,
            end,
            open: format!("<mark class=\"timex\" title=\"{}\" data-value=\"{0}\">", esc(&s(t, "value"))),
            close: "</mark>",
        });
    }
    // Text order; the longer first where two start together; a span overlapping the one
    // before is left out (tags must nest).
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<Span> = Vec::with_capacity(out.len());
    for s in out {
        if s.end > s.start && kept.last().is_none_or(|k| s.start >= k.end) {
            kept.push(s);
        }
    }
    with_quotes(kept, analysis)
}

/// Adds the analysis's quotes: a quote is marked in the pieces between the entities and
/// dates inside it, and those get the quote's class too, so tags still never overlap.
fn with_quotes(inner: Vec<Span>, analysis: &Value) -> Vec<Span> {
    let mut quotes: Vec<(usize, usize, String)> = Vec::new();
    for q in analysis.get("quotes").and_then(Value::as_array).into_iter().flatten() {
        let num = |k: &str| q.get(k).and_then(Value::as_u64).map(|n| n as usize);
        let (Some(start), Some(end)) = (num("start"), num("end")) else { continue };
        if end <= start || quotes.last().is_some_and(|l| start < l.1) {
            continue;
        }
        let speaker = q.get("speaker_text").or_else(|| q.get("speaker")).and_then(Value::as_str).unwrap_or("");
        quotes.push((start, end, speaker.to_string()));
    }
    quotes.sort_by_key(|q| q.0);
    if quotes.is_empty() {
        return inner;
    }
    let mut out = Vec::with_capacity(inner.len() + quotes.len() * 2);
    let mut i = 0;
    for (qs, qe, speaker) in quotes {
        let open = || Span {
            start: 0,
            end: 0,
            open: format!("<mark class=\"quote\" title=\"اقتباس: {}\">", esc(&speaker)),
            close: "</mark>",
        };
        while i < inner.len() && inner[i].end <= qs {
            out.push(take(&inner[i]));
            i += 1;
        }
        let mut at = qs;
        while i < inner.len() && inner[i].start < qe {
            let mut s = take(&inner[i]);
            if s.start > at {
                out.push(Span { start: at, end: s.start, ..open() });
            }
            at = at.max(s.end);
            s.open = s.open.replacen("class=\"", "class=\"in-quote ", 1);
            out.push(s);
            i += 1;
        }
        if at < qe {
            out.push(Span { start: at, end: qe, ..open() });
        }
    }
    out.extend(inner[i..].iter().map(take));
    out
}

fn take(s: &Span) -> Span {
    Span { start: s.start, end: s.end, open: s.open.clone(), close: s.close }
}

fn kind_name(kind: &str) -> &'static str {
    match kind {
        "PER" => "شخص",
        "LOC" => "مكان",
        "ORG" => "منظمة",
        _ => "آخر",
    }
}

/// The body of an article, one paragraph per body region and line, with the spans
/// (code-point offsets of the original text) turned into links and marks. Linear in the
/// text and the spans.
fn render_body(doc: &DocumentOut, spans: &[Span]) -> String {
    let chars = CharIndex::new(&doc.text);
    let mut out = String::new();
    let mut next = 0; // first span not yet closed
    for &[rs, re] in &doc.body {
        let (rs, re) = (rs.min(re), re);
        // Paragraphs: the region's lines.
        let mut line_start = rs;
        let region = &doc.text[chars.byte_of(rs)..chars.byte_of(re)];
        let mut ends = Vec::new();
        for (i, c) in region.chars().enumerate() {
            if c == '\n' {
                ends.push((line_start, rs + i));
                line_start = rs + i + 1;
            }
        }
        ends.push((line_start, re));
        for (ls, le) in ends {
            if doc.text[chars.byte_of(ls)..chars.byte_of(le)].trim().is_empty() {
                continue;
            }
            out.push_str("<p>");
            let mut at = ls;
            while next < spans.len() && spans[next].end <= ls {
                next += 1;
            }
            let mut i = next;
            while i < spans.len() && spans[i].start < le {
                let s = &spans[i];
                let (ss, se) = (s.start.max(at), s.end.min(le));
                if se <= ss {
                    i += 1;
                    continue;
                }
                if ss > at {
                    out.push_str(&esc(&doc.text[chars.byte_of(at)..chars.byte_of(ss)]));
                }
                out.push_str(&s.open);
                out.push_str(&esc(&doc.text[chars.byte_of(ss)..chars.byte_of(se)]));
                out.push_str(s.close);
                at = se;
                if s.end > le {
                    break; // continues on the next line
                }
                i += 1;
            }
            next = i;
            if at < le {
                out.push_str(&esc(&doc.text[chars.byte_of(at)..chars.byte_of(le)]));
            }
            out.push_str("</p>");
        }
    }
    out
}

fn render_article(doc: &DocumentOut, stories: &[views::StoryItem]) -> String {
    let title = doc.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("(بلا عنوان)");
    let spans = spans(&doc.analysis);
    let mut main = format!("<article class=\"doc\"><header><h1>{}</h1><p class=\"meta\">", esc(title));
    if let Some(o) = &doc.outlet {
        let _ = write!(main, "<span class=\"outlet\" dir=\"auto\">{}</span> · ", esc(o));
    }
    match &doc.published {
        Some(p) => {
            let _ = write!(main, "<time datetime=\"{0}\" dir=\"ltr\">{0}</time>", esc(p));
        }
        None => main.push_str("تاريخ النشر غير معروف"),
    }
    if let Some(url) = doc.url.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://")) {
        let _ = write!(main, " · <a href=\"{}\" rel=\"noopener noreferrer nofollow\">المصدر</a>", esc(url));
    }
    main.push_str("</p></header>");
    main.push_str("<p class=\"legend\" aria-hidden=\"true\"><span class=\"ent ent-PER\">شخص</span> <span class=\"ent ent-LOC\">مكان</span> <span class=\"ent ent-ORG\">منظمة</span> <span class=\"ent ent-MISC\">آخر</span> <mark class=\"timex\">تاريخ</mark></p>");
    let _ = write!(main, "<div class=\"body\">{}</div>", render_body(doc, &spans));

    // The entities of the article, each once, linked to its page.
    let mut seen = std::collections::HashSet::new();
    let mut list = String::new();
    for e in doc.analysis.get("entities").and_then(Value::as_array).into_iter().flatten() {
        let id = e.get("entity_id").and_then(Value::as_str).unwrap_or("");
        if id.is_empty() || !seen.insert(id.to_string()) {
            continue;
        }
        let text = e.get("text").and_then(Value::as_str).unwrap_or("");
        let canonical = e.get("canonical").and_then(Value::as_str).unwrap_or("");
        let kind = e.get("type").and_then(Value::as_str).unwrap_or("MISC");
        let _ = write!(
            list,
            "<li><a href=\"/entities/{}\">{}</a> <span class=\"latin\" dir=\"ltr\">{}</span> <span class=\"kind\">{}</span></li>",
            url_part(id),
            esc(text),
            esc(canonical),
            kind_name(kind)
        );
    }
    if !list.is_empty() {
        let _ = write!(
            main,
            "<section aria-labelledby=\"ents\"><h2 id=\"ents\">الكيانات في الخبر</h2><ul class=\"ents\">{list}</ul></section>"
        );
    }
    let mut dates = String::new();
    for t in doc.analysis.get("timex").and_then(Value::as_array).into_iter().flatten() {
        let text = t.get("text").and_then(Value::as_str).unwrap_or("");
        let value = t.get("value").and_then(Value::as_str).unwrap_or("");
        let _ = write!(dates, "<li>{} <span class=\"latin\" dir=\"ltr\">{}</span></li>", esc(text), esc(value));
    }
    if !dates.is_empty() {
        let _ = write!(
            main,
            "<section aria-labelledby=\"dates\"><h2 id=\"dates\">التواريخ</h2><ul class=\"dates\">{dates}</ul></section>"
        );
    }
    if !stories.is_empty() {
        main.push_str("<section aria-labelledby=\"stories\"><h2 id=\"stories\">القصص التي يرد فيها</h2>");
        main.push_str(&story_list(stories));
        main.push_str("</section>");
    }
    main.push_str("</article>");
    page(title, Nav::None, &main)
}

async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let key = id.clone();
    let result = async {
        if id.len() > 300 {
            return Err(ApiError::bad_request("bad_parameter", "معرّف طويل جدًا"));
        }
        let loaded = state
            .db
            .read(move |s| {
                let Some(doc) = api::load_document(s, &key)? else { return Ok(None) };
                let mut stories = Vec::new();
                for id in s.stories_of_document(&key)? {
                    stories.extend(s.story(&id)?.map(views::StoryItem::from));
                }
                // The saga after its event.
                stories.sort_by(|a, b| (a.level != "event", &a.id).cmp(&(b.level != "event", &b.id)));
                Ok(Some((doc, stories)))
            })
            .await?;
        match loaded {
            Some((doc, stories)) => Ok(Html(render_article(&doc, &stories)).into_response()),
            None => Err(ApiError::not_found(format!("لا وثيقة بالمعرّف {id}"))),
        }
    }
    .await;
    result.unwrap_or_else(error_page)
}

async fn entity_list(State(state): State<AppState>, q: Params) -> Response {
    let result = async {
        let map = query(q)?;
        let page_no = page_number(&map)?;
        let kind = match map.get("type").map(String::as_str) {
            None | Some("") => None,
            Some(k @ ("PER" | "LOC" | "ORG" | "MISC")) => Some(k.to_string()),
            Some(k) => return Err(ApiError::bad_request("bad_parameter", format!("نوع غير معروف: {k}"))),
        };
        let k = kind.clone();
        let db = state.db.clone();
        let offset = (page_no - 1) * ENTITY_PAGE;
        let list = state.db.read(move |s| db::entities(&db.ranking, s, k.as_deref(), ENTITY_PAGE, offset)).await?;
        let mut main = String::from("<h1>الكيانات</h1><nav class=\"tabs\" aria-label=\"الأنواع\"><ul>");
        for (k, label) in [(None, "الكل"), (Some("PER"), "أشخاص"), (Some("LOC"), "أماكن"), (Some("ORG"), "منظمات"), (Some("MISC"), "أخرى")] {
            let href = k.map_or("/entities".to_string(), |k| format!("/entities?type={k}"));
            let current = if kind.as_deref() == k { " aria-current=\"page\"" } else { "" };
            let _ = write!(main, "<li><a href=\"{href}\"{current}>{label}</a></li>");
        }
        main.push_str("</ul></nav><table class=\"entities\"><thead><tr><th scope=\"col\">الاسم</th><th scope=\"col\">بالحروف اللاتينية</th><th scope=\"col\">النوع</th><th scope=\"col\">الوثائق</th></tr></thead><tbody>");
        for e in &list.entities {
            let _ = write!(
                main,
                "<tr><td><a href=\"/entities/{}\">{}</a></td><td dir=\"ltr\">{}</td><td>{}</td><td>{}</td></tr>",
                url_part(&e.entity_id),
                esc(&e.label),
                esc(&e.canonical),
                kind_name(&e.kind),
                count(e.documents)
            );
        }
        main.push_str("</tbody></table>");
        let base = kind.map_or("/entities".to_string(), |k| format!("/entities?type={k}"));
        main.push_str(&pager(&base, page_no, list.total, ENTITY_PAGE));
        Ok(Html(page("الكيانات", Nav::Entities, &main)).into_response())
    }
    .await;
    result.unwrap_or_else(error_page)
}

/// Fills the gaps of a timeline (periods with no mention) so the chart's axis is time.
/// Day timelines longer than `MAX_DAYS` become monthly.
fn fill(timeline: &[Period]) -> (Vec<Period>, bool) {
    const MAX_DAYS: i32 = 92;
    const MAX_MONTHS: i32 = 600;
    let parse_day = |s: &str| s.parse::<jiff::civil::Date>().ok();
    let (Some(first), Some(last)) = (timeline.first(), timeline.last()) else { return (Vec::new(), false) };
    if let (Some(a), Some(b)) = (parse_day(&first.period), parse_day(&last.period))
        && let Ok(span) = a.until(b)
        && span.get_days() <= MAX_DAYS
    {
        let known: HashMap<&str, &Period> = timeline.iter().map(|p| (p.period.as_str(), p)).collect();
        let mut out = Vec::new();
        let mut d = a;
        while d <= b {
            let key = d.to_string();
            out.push(
                known.get(key.as_str()).map_or(Period { period: key, documents: 0, mentions: 0 }, |p| (*p).clone()),
            );
            match d.tomorrow() {
                Ok(n) => d = n,
                Err(_) => break,
            }
        }
        return (out, false);
    }
    // Months.
    let mut months: Vec<Period> = Vec::new();
    for p in timeline {
        let m = p.period.get(..7).unwrap_or(&p.period).to_string();
        match months.last_mut() {
            Some(last) if last.period == m => {
                last.documents += p.documents;
                last.mentions += p.mentions;
            }
            _ => months.push(Period { period: m, documents: p.documents, mentions: p.mentions }),
        }
    }
    let ym = |s: &str| -> Option<(i32, i32)> { Some((s.get(..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?)) };
    let (Some((y0, m0)), Some((y1, m1))) = (ym(&months[0].period), ym(&months[months.len() - 1].period)) else {
        return (months, true);
    };
    let n = (y1 - y0) * 12 + (m1 - m0);
    if !(0..=MAX_MONTHS).contains(&n) {
        return (months, true);
    }
    let known: HashMap<String, Period> = months.into_iter().map(|p| (p.period.clone(), p)).collect();
    let out = (0..=n)
        .map(|i| {
            let (y, m) = (y0 + (m0 - 1 + i) / 12, (m0 - 1 + i) % 12 + 1);
            let key = format!("{y:04}-{m:02}");
            known.get(&key).cloned().unwrap_or(Period { period: key, documents: 0, mentions: 0 })
        })
        .collect();
    (out, true)
}

/// Mentions over time as an inline SVG bar chart (time runs left to right, as on a
/// calendar axis), with a title per bar and the numbers as a table beside it.
fn chart(timeline: &[Period], name: &str) -> String {
    let (periods, monthly) = fill(timeline);
    if periods.is_empty() {
        return "<p>لا تواريخ نشر معروفة لوثائق هذا الكيان.</p>".to_string();
    }
    let (w, h, pad) = (640.0_f64, 180.0_f64, 24.0_f64);
    let max = periods.iter().map(|p| p.mentions).max().unwrap_or(1).max(1) as f64;
    let step = (w - 2.0 * pad) / periods.len() as f64;
    let bar = (step * 0.8).max(1.0);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"chart-title\" dir=\"ltr\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"chart-title\">الإشارات إلى {} عبر الزمن ({})</title>\
<line x1=\"{pad}\" y1=\"{axis}\" x2=\"{right}\" y2=\"{axis}\" class=\"axis\"/>",
        esc(name),
        if monthly { "بالشهر" } else { "باليوم" },
        axis = h - pad,
        right = w - pad,
    );
    for (i, p) in periods.iter().enumerate() {
        let bh = (p.mentions as f64 / max) * (h - 2.0 * pad);
        let x = pad + i as f64 * step + (step - bar) / 2.0;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{bh:.1}\"><title>{}: الإشارات {}، الوثائق {}</title></rect>",
            h - pad - bh,
            esc(&p.period),
            p.mentions,
            p.documents
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{pad}\" y=\"{:.1}\" class=\"label\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" class=\"label\" text-anchor=\"end\">{}</text>\
<text x=\"{pad}\" y=\"18\" class=\"label\">{}</text></svg>",
        h - 6.0,
        esc(&periods[0].period),
        w - pad,
        h - 6.0,
        esc(&periods[periods.len() - 1].period),
        max as u64
    );
    let mut table = String::from(
        "<details><summary>الأرقام</summary><table><thead><tr><th scope=\"col\">الفترة</th><th scope=\"col\">الإشارات</th><th scope=\"col\">الوثائق</th></tr></thead><tbody>",
    );
    for p in periods.iter().filter(|p| p.mentions > 0) {
        let _ = write!(
            table,
            "<tr><td dir=\"ltr\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&p.period),
            p.mentions,
            p.documents
        );
    }
    table.push_str("</tbody></table></details>");
    format!("<figure class=\"timeline\">{svg}<figcaption>الإشارات عبر الزمن</figcaption>{table}</figure>")
}

fn render_entity(e: &EntityOut, page_no: usize) -> String {
    let d = &e.detail;
    let name = d.aliases.first().map_or(d.canonical.as_str(), |a| a.text.as_str());
    let mut main = format!(
        "<h1>{}</h1><p class=\"meta\"><span class=\"latin\" dir=\"ltr\">{}</span> · {} · الوثائق: {} · الإشارات: {}",
        esc(name),
        esc(&d.canonical),
        kind_name(&d.kind),
        count(d.documents),
        count(d.mentions)
    );
    if let Some(q) = &d.wikidata {
        let _ = write!(main, " · <a href=\"https://www.wikidata.org/wiki/{}\" dir=\"ltr\">{}</a>", url_part(q), esc(q));
    }
    main.push_str("</p><section aria-labelledby=\"aliases\"><h2 id=\"aliases\">كيف يُكتب</h2><ul class=\"aliases\">");
    for a in &d.aliases {
        let _ = write!(main, "<li>{} <span class=\"n\">({})</span></li>", esc(&a.text), a.mentions);
    }
    main.push_str("</ul></section><section aria-labelledby=\"time\"><h2 id=\"time\">عبر الزمن</h2>");
    main.push_str(&chart(&d.timeline, name));
    main.push_str("</section>");
    if !d.co_occurring.is_empty() {
        main.push_str("<section aria-labelledby=\"co\"><h2 id=\"co\">يرد مع</h2><ul class=\"ents\">");
        for c in &d.co_occurring {
            let _ = write!(
                main,
                "<li><a href=\"/entities/{}\">{}</a> <span class=\"kind\">{}</span> <span class=\"n\">(وثائق مشتركة: {})</span></li>",
                url_part(&c.entity_id),
                esc(&c.label),
                kind_name(&c.kind),
                c.documents
            );
        }
        main.push_str("</ul></section>");
    }
    main.push_str("<section aria-labelledby=\"docs\"><h2 id=\"docs\">الوثائق</h2>");
    main.push_str(&doc_list(&e.document_list.documents));
    main.push_str(&pager(&format!("/entities/{}", url_part(&d.entity_id)), page_no, e.document_list.total, PAGE));
    main.push_str("</section>");
    page(name, Nav::Entities, &main)
}

async fn entity_page(State(state): State<AppState>, Path(id): Path<String>, q: Params) -> Response {
    let result = async {
        let map = query(q)?;
        let page_no = page_number(&map)?;
        if id.len() > 300 {
            return Err(ApiError::bad_request("bad_parameter", "معرّف طويل جدًا"));
        }
        let key = id.clone();
        let db = state.db.clone();
        match state.db.read(move |s| api::load_entity(&db.entities, s, &key, false, PAGE, (page_no - 1) * PAGE)).await?
        {
            Some(e) => Ok(Html(render_entity(&e, page_no)).into_response()),
            None => Err(ApiError::not_found(format!("لا كيان بالمعرّف {id}"))),
        }
    }
    .await;
    result.unwrap_or_else(error_page)
}

/// What the search page shows.
pub struct SearchView {
    pub query: String,
    pub total: u64,
    pub hits: Vec<SearchHitView>,
    /// Facet heading → (link that adds the filter, label to show, count), most first.
    pub facets: Vec<(String, Vec<FacetValue>)>,
    /// The filters in force: (label, link without it).
    pub filters: Vec<(String, String)>,
    /// Links to the previous and next pages of hits.
    pub pager: String,
}

/// A facet value: (link that adds it as a filter, label to show, documents).
pub type FacetValue = (String, String, u64);

pub struct SearchHitView {
    pub doc_id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub snippet: String,
    /// Matched parts of `snippet`, as code-point ranges.
    pub highlights: Vec<(usize, usize)>,
}

/// The search page: the form, the hits with highlighted snippets, the facets as filter links.
pub fn render_search(view: Option<&SearchView>) -> String {
    let q = view.map_or("", |v| v.query.as_str());
    let mut main = format!(
        "<h1>البحث</h1><form role=\"search\" method=\"get\" action=\"/search\"><label for=\"q\">ابحث في الأخبار</label> \
<input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" maxlength=\"200\" required> <button type=\"submit\">ابحث</button></form>",
        esc(q)
    );
    let Some(view) = view else { return page("البحث", Nav::Search, &main) };
    let _ = write!(main, "<p class=\"lead\" role=\"status\">عدد النتائج: {}</p>", count(view.total));
    if !view.filters.is_empty() {
        main.push_str("<ul class=\"filters\" aria-label=\"التصفية الحالية\">");
        for (label, without) in &view.filters {
            let _ = write!(main, "<li>{} <a href=\"{}\" title=\"إزالة\">✕</a></li>", esc(label), esc(without));
        }
        main.push_str("</ul>");
    }
    if !view.facets.is_empty() {
        main.push_str("<aside aria-label=\"تصفية النتائج\" class=\"facets\">");
        for (name, values) in &view.facets {
            let _ = write!(main, "<details open><summary>{}</summary><ul>", esc(name));
            for (href, label, n) in values {
                let _ = write!(
                    main,
                    "<li><a href=\"{}\">{}</a> <span class=\"n\">({})</span></li>",
                    esc(href),
                    esc(label),
                    count(*n)
                );
            }
            main.push_str("</ul></details>");
        }
        main.push_str("</aside>");
    }
    main.push_str("<ol class=\"docs\">");
    for h in &view.hits {
        let title = h.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("(بلا عنوان)");
        let _ = write!(
            main,
            "<li><article><h2><a href=\"/documents/{}\">{}</a></h2><p class=\"meta\">",
            url_part(&h.doc_id),
            esc(title)
        );
        if let Some(o) = &h.outlet {
            let _ = write!(main, "<span class=\"outlet\" dir=\"auto\">{}</span> ", esc(o));
        }
        if let Some(p) = &h.published {
            let _ = write!(main, "<time datetime=\"{0}\" dir=\"ltr\">{0}</time>", esc(p));
        }
        main.push_str("</p><p class=\"snippet\">");
        let chars = CharIndex::new(&h.snippet);
        let mut at = 0;
        let mut marks = h.highlights.clone();
        marks.sort_unstable();
        let n = h.snippet.chars().count();
        for (a, b) in marks {
            let (a, b) = (a.max(at).min(n), b.min(n));
            if b <= a {
                continue;
            }
            main.push_str(&esc(&h.snippet[chars.byte_of(at)..chars.byte_of(a)]));
            let _ = write!(main, "<mark>{}</mark>", esc(&h.snippet[chars.byte_of(a)..chars.byte_of(b)]));
            at = b;
        }
        main.push_str(&esc(&h.snippet[chars.byte_of(at)..]));
        main.push_str("</p></article></li>");
    }
    main.push_str("</ol>");
    main.push_str(&view.pager);
    page(&format!("البحث: {q}"), Nav::Search, &main)
}

async fn story_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let result = async {
        if id.len() > 300 {
            return Err(ApiError::bad_request("bad_parameter", "معرّف طويل جدًا"));
        }
        let Some(views) = state.views.clone() else {
            return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "القصص غير متاحة في هذا الخادم"));
        };
        let key = id.clone();
        match state.db.read(move |s| views::load_story_view(views.as_ref(), s, &key)).await? {
            Some(v) => Ok(Html(render_story(&v, kind_name)).into_response()),
            None => Err(ApiError::not_found(format!("لا قصة بالمعرّف {id}"))),
        }
    }
    .await;
    result.unwrap_or_else(error_page)
}

/// A search page link with these parameters.
fn search_href(pairs: &[(String, String)]) -> String {
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", url_part(k), url_part(v))).collect();
    format!("/search?{}", query.join("&"))
}

/// The first and last day of a `YYYY-MM` month.
fn month_days(month: &str) -> Option<(String, String)> {
    let first: jiff::civil::Date = format!("{month}-01").parse().ok()?;
    Some((first.to_string(), first.last_of_month().to_string()))
}

/// The page of hits, facets that add a filter to the ones in force, and the filters with
/// links that remove each.
fn search_view(out: &SearchOut, pairs: &[(String, String)], facets: Vec<(String, Vec<FacetValue>)>) -> SearchView {
    let with = |extra: &[(&str, &str)]| {
        let mut p: Vec<(String, String)> =
            pairs.iter().filter(|(k, _)| !extra.iter().any(|(e, _)| e == k)).cloned().collect();
        p.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        search_href(&p)
    };
    let headings = [("outlet", "المصادر"), ("entity", "الكيانات"), ("month", "الأشهر")];
    let facets = facets
        .into_iter()
        .map(|(name, values)| {
            let heading = headings.iter().find(|(n, _)| *n == name).map_or(name.as_str(), |(_, h)| h).to_string();
            let links = values
                .into_iter()
                .map(|(value, label, n)| {
                    let href = match (name.as_str(), month_days(&value)) {
                        ("month", Some((from, to))) => with(&[("from", &from), ("to", &to)]),
                        _ => with(&[(&name, &value)]),
                    };
                    (href, label, n)
                })
                .collect();
            (heading, links)
        })
        .collect();
    let filters = pairs
        .iter()
        .filter(|(k, _)| k != "q")
        .map(|(k, v)| {
            let label = match k.as_str() {
                "outlet" => format!("المصدر: {v}"),
                "entity" => format!("الكيان: {}", out.entity.as_ref().map_or(v.as_str(), |e| e.canonical.as_str())),
                "from" => format!("من {v}"),
                "to" => format!("إلى {v}"),
                "story" => format!("القصة: {v}"),
                "recency" => "الأحدث أولًا".to_string(),
                _ => format!("{k}: {v}"),
            };
            let rest: Vec<(String, String)> = pairs.iter().filter(|(k2, _)| k2 != k).cloned().collect();
            (label, search_href(&rest))
        })
        .collect();
    let hits = out
        .results
        .hits
        .iter()
        .map(|h| {
            let (snippet, highlights) = match &h.snippet {
                Some(sn) => (
                    sn.text.clone(),
                    sn.highlights
                        .iter()
                        .map(|&[a, b]| (a.saturating_sub(sn.start), b.saturating_sub(sn.start)))
                        .collect(),
                ),
                None => (String::new(), Vec::new()),
            };
            SearchHitView {
                doc_id: h.doc_id.clone(),
                title: h.title.clone(),
                outlet: h.outlet.clone(),
                published: h.published.clone(),
                snippet,
                highlights,
            }
        })
        .collect();
    SearchView { query: out.query.clone(), total: out.results.total, hits, facets, filters, pager: String::new() }
}

async fn search_page(State(state): State<AppState>, q: Params) -> Response {
    let result = async {
        let map = query(q)?;
        if let Some(k) = map.keys().find(|k| !views::SEARCH_PARAMS.contains(&k.as_str()) && *k != "page") {
            return Err(ApiError::bad_request("unknown_parameter", format!("معامل غير معروف: {k}")));
        }
        let page_no = page_number(&map)?;
        // The filters in force, in a fixed order (links stay stable).
        let pairs: Vec<(String, String)> = ["q", "entity", "outlet", "from", "to", "story", "recency"]
            .iter()
            .filter_map(|k| map.get(*k).filter(|v| !v.is_empty()).map(|v| (k.to_string(), v.clone())))
            .collect();
        if pairs.is_empty() {
            return Ok(Html(render_search(None)).into_response());
        }
        let checked: HashMap<String, String> = pairs.iter().cloned().collect();
        let params = SearchParams { limit: PAGE, offset: (page_no - 1) * PAGE, ..views::search_params(&checked)? };
        let search = views::search_state(&state)?;
        let (out, facets) = state
            .db
            .read(move |s| {
                let out = views::run_search(&search, s, &params)?;
                let facets = views::facet_links(s, &out)?;
                Ok((out, facets))
            })
            .await?;
        let mut view = search_view(&out, &pairs, facets);
        view.pager = pager(&search_href(&pairs), page_no, out.results.total.min(10_000), PAGE);
        Ok(Html(render_search(Some(&view))).into_response())
    }
    .await;
    result.unwrap_or_else(error_page)
}

/// Static files, compiled in: the name is looked up in this table and nothing else, so no
/// request path can reach the file system.
const STATIC: &[(&str, &str, &str)] = &[("style.css", "text/css; charset=utf-8", include_str!("../static/style.css"))];

async fn static_file(Path(path): Path<String>) -> Response {
    match STATIC.iter().find(|(name, _, _)| *name == path) {
        Some((_, mime, body)) => {
            ([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=3600")], *body).into_response()
        }
        None => error_page(ApiError::not_found("لا ملف بهذا الاسم")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cp(text: &str, needle: &str) -> usize {
        text[..text.find(needle).unwrap()].chars().count()
    }

    fn doc(text: &str, body: Vec<[usize; 2]>, analysis: Value) -> DocumentOut {
        DocumentOut {
            id: "x".into(),
            title: Some("عنوان".into()),
            outlet: None,
            url: None,
            published: None,
            published_from: "none".into(),
            lang: "ar".into(),
            text: text.into(),
            body,
            sources: Vec::new(),
            analysis,
        }
    }

    #[test]
    fn body_highlights_by_code_points() {
        let text = "عنوان الخبر\nزار <باشينيان> موسكو أمس الخميس.\nسطر ثان";
        let start = cp(text, "باشينيان");
        let day = cp(text, "أمس");
        let body = vec![[cp(text, "زار"), text.chars().count()]];
        let analysis = json!({
            "entities": [
                {"text": "باشينيان", "start": start, "end": start + 8, "type": "PER", "canonical": "Nikol Pashinyan", "entity_id": "per-pashinyan"},
                // Overlaps the first: left out rather than breaking the markup.
                {"text": "نيان", "start": start + 4, "end": start + 10, "type": "LOC", "canonical": "x", "entity_id": "loc-x"}
            ],
            "timex": [{"text": "أمس الخميس", "start": day, "end": day + 10, "kind": "date", "value": "2020-11-19"}]
        });
        let d = doc(text, body, analysis.clone());
        let html = render_body(&d, &spans(&analysis));
        assert_eq!(
            html,
            "<p>زار &lt;<a class=\"ent ent-PER\" href=\"/entities/per-pashinyan\" title=\"Nikol Pashinyan · شخص\">باشينيان</a>&gt; موسكو \
<mark class=\"timex\" title=\"2020-11-19\" data-value=\"2020-11-19\">أمس الخميس</mark>.</p><p>سطر ثان</p>"
        );
        // The title line is not body: not shown in the body.
        assert!(!html.contains("عنوان"));
    }

    #[test]
    fn quotes_are_marked_around_the_entities_inside_them() {
        let text = "قال باشينيان إن \"موسكو شريك أساسي\" أمس.";
        let (q, m, per) = (cp(text, "موسكو"), cp(text, "موسكو"), cp(text, "باشينيان"));
        let qe = cp(text, "\" أمس");
        let analysis = json!({
            "entities": [
                {"start": per, "end": per + 8, "type": "PER", "entity_id": "per-p", "canonical": "P"},
                {"start": m, "end": m + 5, "type": "LOC", "entity_id": "loc-m", "canonical": "M"}
            ],
            "quotes": [{"speaker": "P", "speaker_text": "باشينيان", "start": q, "end": qe, "content": "x"}]
        });
        let d = doc(text, vec![[0, text.chars().count()]], analysis.clone());
        let html = render_body(&d, &spans(&analysis));
        assert!(html.contains("<a class=\"in-quote ent ent-LOC\" href=\"/entities/loc-m\""), "{html}");
        assert!(html.contains("<mark class=\"quote\" title=\"اقتباس: باشينيان\"> شريك أساسي</mark>"), "{html}");
        // The entity before the quote is untouched.
        assert!(html.contains("<a class=\"ent ent-PER\""), "{html}");
    }

    #[test]
    fn spans_past_the_text_do_not_panic() {
        let text = "نص قصير";
        let analysis = json!({"entities": [{"start": 2, "end": 999, "type": "PER", "entity_id": "a"}], "timex": []});
        let d = doc(text, vec![[0, 7]], analysis.clone());
        let html = render_body(&d, &spans(&analysis));
        assert!(html.starts_with("<p>نص<a"), "{html}");
    }

    #[test]
    fn timeline_gaps_are_filled() {
        let p = |period: &str, n| Period { period: period.into(), documents: n, mentions: n };
        let (days, monthly) = fill(&[p("2020-11-09", 2), p("2020-11-12", 1)]);
        assert!(!monthly);
        assert_eq!(days.iter().map(|d| d.mentions).collect::<Vec<_>>(), vec![2, 0, 0, 1]);
        let (months, monthly) = fill(&[p("2020-11-09", 2), p("2020-11-30", 1), p("2021-03-01", 4)]);
        assert!(monthly);
        let got: Vec<(String, u64)> = months.iter().map(|m| (m.period.clone(), m.mentions)).collect();
        assert_eq!(
            got,
            vec![
                ("2020-11".into(), 3),
                ("2020-12".into(), 0),
                ("2021-01".into(), 0),
                ("2021-02".into(), 0),
                ("2021-03".into(), 4)
            ]
        );
        assert!(chart(&days, "x").contains("<svg"));
    }

    #[test]
    fn search_page_highlights_and_links() {
        let view = SearchView {
            query: "كاراباخ".into(),
            total: 1,
            hits: vec![SearchHitView {
                doc_id: "abc".into(),
                title: Some("هدنة في قره باغ".into()),
                outlet: Some("وكالة".into()),
                published: Some("2020-11-10".into()),
                snippet: "أعلن وقف النار في قره باغ <فجرا>".into(),
                highlights: vec![(18, 25), (19, 21), (40, 50)],
            }],
            facets: vec![("المصادر".into(), vec![("/search?q=x&outlet=y".into(), "وكالة".into(), 1)])],
            filters: vec![("المصدر: وكالة".into(), "/search?q=x".into())],
            pager: String::new(),
        };
        let html = render_search(Some(&view));
        assert!(html.contains("value=\"كاراباخ\""));
        assert!(html.contains("<mark>قره باغ</mark> &lt;فجرا&gt;</p>"), "{html}");
        assert!(html.contains("href=\"/documents/abc\""));
        assert!(render_search(None).contains("role=\"search\""));
    }
}
