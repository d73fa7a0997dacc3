//! The story page: title, days, outlets, the summary with its citations, the timeline drawn
//! as inline SVG, the story's entities and documents, its saga or events, and the passages
//! its documents share, side by side. Pure rendering of a [`StoryView`].

use std::collections::HashMap;
use std::fmt::Write;

use marsad_story::TimelineEntry;

use crate::html::{Nav, count, esc, page, url_part};
use crate::views::{StoryItem, StoryView};

/// Timeline entries drawn (the rest are counted under the picture).
const MAX_MARKS: usize = 60;
/// Characters of a label before it is cut.
const LABEL_CHARS: usize = 48;

/// Arabic names of the event types (PRODUCT.md's list); other types show as written.
pub fn event_name(kind: &str) -> &str {
    match kind {
        "ceasefire_agreed" => "اتفاق على وقف إطلاق النار",
        "ceasefire_violated_or_accused" => "خرق لوقف إطلاق النار أو اتهام به",
        "ceasefire_call" => "دعوة إلى وقف إطلاق النار",
        "talks_or_meeting" => "محادثات أو لقاء",
        "phone_call" => "اتصال هاتفي",
        "statement_or_position" => "تصريح أو موقف",
        "military_attack" => "هجوم عسكري",
        "casualties" => "ضحايا",
        "troop_deployment" => "نشر قوات",
        "territory_handover" => "تسليم أراض",
        "protest" => "احتجاج",
        "parliament_approval" => "مصادقة برلمانية",
        "sanction_or_protest_note" => "عقوبات أو مذكرة احتجاج",
        other => other,
    }
}

fn cut(s: &str) -> String {
    if s.chars().count() <= LABEL_CHARS {
        return s.to_string();
    }
    let mut out: String = s.chars().take(LABEL_CHARS - 1).collect();
    out.push('…');
    out
}

fn days(start: Option<&str>, end: Option<&str>) -> String {
    match (start, end) {
        (Some(a), Some(b)) if a == b => format!("<time dir=\"ltr\" datetime=\"{0}\">{0}</time>", esc(a)),
        (Some(a), Some(b)) => format!(
            "من <time dir=\"ltr\" datetime=\"{0}\">{0}</time> إلى <time dir=\"ltr\" datetime=\"{1}\">{1}</time>",
            esc(a),
            esc(b)
        ),
        _ => "أيام غير معروفة".to_string(),
    }
}

/// The timeline as an inline SVG: time runs down a vertical axis on the right (the reading
/// order of a list, and room for Arabic labels on a phone); one mark per entry, labelled
/// with its day and, to its left, the event's type; its actors (and targets, place) on the
/// line below. Labels end at the axis (the SVG is laid out left to right, each label is
/// still shaped and ordered right to left by the browser).
/// Entries whose figures disagree between outlets get a diamond mark and a warning.
/// Entries without a day come last, on the axis under "بلا تاريخ".
pub fn timeline_svg(entries: &[TimelineEntry]) -> String {
    if entries.is_empty() {
        return "<p>لا أحداث مؤرّخة في وثائق هذه القصة.</p>".to_string();
    }
    let shown = &entries[..entries.len().min(MAX_MARKS)];
    let (w, row, top) = (640.0_f64, 70.0_f64, 30.0_f64);
    let h = top + row * shown.len() as f64;
    let axis_x = 612.0;
    let mut svg = format!(
        "<svg class=\"story-timeline\" dir=\"ltr\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"tl-title\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"tl-title\">الخط الزمني للقصة: {} حدثًا</title>\
<line class=\"axis\" x1=\"{axis_x}\" y1=\"8\" x2=\"{axis_x}\" y2=\"{:.0}\"/>",
        entries.len(),
        h - 8.0
    );
    for (i, t) in shown.iter().enumerate() {
        let y = top + row * i as f64;
        let date = t.date.as_deref().unwrap_or("بلا تاريخ");
        let conflict = !t.conflicts.is_empty();
        let mut parts = Vec::new();
        if !t.actors.is_empty() {
            parts.push(t.actors.join("، "));
        }
        if !t.targets.is_empty() {
            parts.push(format!("← {}", t.targets.join("، ")));
        }
        parts.extend(t.location.iter().cloned());
        let who = parts.join(" · ");
        let mut tip = format!("{date}: {} — {who} ({} وثائق)", event_name(&t.kind), t.documents.len());
        for c in &t.conflicts {
            let values: Vec<String> = c.values.iter().map(|v| v.value.to_string()).collect();
            let _ = write!(tip, "؛ {} متعارض: {}", c.figure, values.join(" / "));
        }
        let mark = if conflict {
            format!(
                "<path class=\"mark conflict\" d=\"M{axis_x} {:.1} l8 8 l-8 8 l-8 -8 z\"/>",
                y - 15.0 // centred on the first line
            )
        } else {
            format!("<circle class=\"mark\" cx=\"{axis_x}\" cy=\"{:.1}\" r=\"7\"/>", y - 7.0)
        };
        let _ = write!(
            svg,
            "<g class=\"entry{}\" data-date=\"{}\" data-type=\"{}\"><title>{}</title>{mark}\
<text class=\"date\" x=\"596\" y=\"{y:.1}\" text-anchor=\"end\">{}</text>\
<text class=\"kind\" x=\"452\" y=\"{y:.1}\" text-anchor=\"end\">{}{}</text>\
<text class=\"who\" x=\"596\" y=\"{:.1}\" text-anchor=\"end\">{}</text></g>",
            if conflict { " has-conflict" } else { "" },
            esc(date),
            esc(&t.kind),
            esc(&tip),
            esc(date),
            esc(&cut(event_name(&t.kind))),
            if conflict { " ⚠ أرقام متعارضة" } else { "" },
            y + 28.0,
            esc(&cut(&who)),
        );
    }
    svg.push_str("</svg>");
    let mut out = format!(
        "<figure class=\"timeline\">{svg}<figcaption>الخط الزمني: حدث لكل علامة، والمعيّن الأحمر يعني أن الأرقام تختلف بين المصادر"
    );
    if entries.len() > shown.len() {
        let _ = write!(out, " (أول {} من {})", shown.len(), entries.len());
    }
    out.push_str("</figcaption></figure>");
    out
}

fn story_link(s: &StoryItem) -> String {
    let title = s.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("(بلا عنوان)");
    format!(
        "<a href=\"/stories/{}\">{}</a> <span class=\"n\">({} وثائق · {})</span>",
        url_part(&s.id),
        esc(title),
        count(s.documents),
        days(s.start.as_deref(), s.end.as_deref())
    )
}

/// A list of stories (the home page's).
pub fn story_list(stories: &[StoryItem]) -> String {
    let mut out = String::from("<ol class=\"stories\">");
    for s in stories {
        let _ = write!(out, "<li>{}</li>", story_link(s));
    }
    out.push_str("</ol>");
    out
}

pub fn render_story(v: &StoryView, kind_name: impl Fn(&str) -> &'static str) -> String {
    let s = &v.story;
    let title = s.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("(قصة بلا عنوان)");
    let level = if s.level == "saga" { "ملحمة (قصة طويلة)" } else { "حدث" };
    let mut main = format!(
        "<article class=\"story\"><header><h1>{}</h1><p class=\"meta\">{level} · {} · الوثائق: {}</p>",
        esc(title),
        days(s.start.as_deref(), s.end.as_deref()),
        count(s.documents.len() as u64)
    );
    if !s.outlets.is_empty() {
        let outlets: Vec<String> = s.outlets.iter().map(|o| format!("<span dir=\"auto\">{}</span>", esc(o))).collect();
        let _ = write!(main, "<p class=\"meta outlets\">المصادر: {}</p>", outlets.join("، "));
    }
    if let Some(parent) = &s.parent {
        let _ = write!(
            main,
            "<p class=\"meta\">جزء من: <a href=\"/stories/{}\">{}</a></p>",
            url_part(parent),
            esc(v.parent_title.as_deref().unwrap_or(parent))
        );
    }
    main.push_str("</header>");

    // Citations are numbered by the story's documents.
    let number: HashMap<&str, usize> = s.documents.iter().enumerate().map(|(i, d)| (d.as_str(), i + 1)).collect();
    if !s.summary.is_empty() {
        main.push_str("<section aria-labelledby=\"summary\"><h2 id=\"summary\">الملخص</h2><ul class=\"summary\">");
        for line in &s.summary {
            let cites: Vec<String> = line
                .documents
                .iter()
                .map(|d| {
                    format!(
                        "<a class=\"cite\" href=\"/documents/{}\" title=\"المصدر\">[{}]</a>",
                        url_part(d),
                        number.get(d.as_str()).copied().unwrap_or(0)
                    )
                })
                .collect();
            let _ = write!(main, "<li>{} <span class=\"cites\">{}</span></li>", esc(&line.sentence), cites.join(""));
        }
        main.push_str("</ul></section>");
    }
    main.push_str("<section aria-labelledby=\"tl\"><h2 id=\"tl\">الخط الزمني</h2>");
    main.push_str(&timeline_svg(&s.timeline));
    main.push_str("</section>");

    if !v.events.is_empty() {
        main.push_str("<section aria-labelledby=\"events\"><h2 id=\"events\">أحداث هذه القصة</h2>");
        main.push_str(&story_list(&v.events));
        main.push_str("</section>");
    }
    if !v.entities.is_empty() {
        main.push_str("<section aria-labelledby=\"ents\"><h2 id=\"ents\">الكيانات</h2><ul class=\"ents\">");
        for e in &v.entities {
            let _ = write!(
                main,
                "<li><a href=\"/entities/{}\">{}</a> <span class=\"kind\">{}</span> <span class=\"n\">({} وثائق)</span></li>",
                url_part(&e.entity_id),
                esc(if e.label.is_empty() { &e.canonical } else { &e.label }),
                kind_name(&e.kind),
                e.documents
            );
        }
        main.push_str("</ul></section>");
    }
    main.push_str("<section aria-labelledby=\"docs\"><h2 id=\"docs\">الوثائق</h2><ol class=\"docs numbered\">");
    let titles: HashMap<&str, &str> =
        v.documents.iter().map(|d| (d.doc_id.as_str(), d.title.as_deref().unwrap_or(""))).collect();
    for d in &v.documents {
        let t = d.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("(بلا عنوان)");
        let _ = write!(
            main,
            "<li value=\"{}\"><a href=\"/documents/{}\">{}</a><p class=\"meta\">",
            number.get(d.doc_id.as_str()).copied().unwrap_or(0),
            url_part(&d.doc_id),
            esc(t)
        );
        if let Some(o) = &d.outlet {
            let _ = write!(main, "<span class=\"outlet\" dir=\"auto\">{}</span> ", esc(o));
        }
        if let Some(p) = &d.published {
            let _ = write!(main, "<time datetime=\"{0}\" dir=\"ltr\">{0}</time>", esc(p));
        }
        main.push_str("</p></li>");
    }
    main.push_str("</ol></section>");
    if !v.reuse.is_empty() {
        main.push_str("<section aria-labelledby=\"reuse\"><h2 id=\"reuse\">فقرات منقولة بين الوثائق</h2>");
        for r in &v.reuse {
            let name = |id: &str| {
                let t = titles.get(id).copied().filter(|t| !t.trim().is_empty()).unwrap_or(id);
                format!("<a href=\"/documents/{}\">{}</a>", url_part(id), esc(t))
            };
            let _ = write!(
                main,
                "<div class=\"reuse\"><div class=\"pair-head\"><span>{}</span><span>{}</span></div>",
                name(&r.a),
                name(&r.b)
            );
            for p in &r.passages {
                let _ = write!(
                    main,
                    "<div class=\"pair\"><blockquote>{}</blockquote><blockquote>{}</blockquote></div>",
                    esc(&p.a_text),
                    esc(&p.b_text)
                );
            }
            main.push_str("</div>");
        }
        main.push_str("</section>");
    }
    let _ = write!(
        main,
        "<p><a href=\"/search?story={}\">ابحث في وثائق هذه القصة</a> · <a href=\"/api/v1/stories/{0}\" dir=\"ltr\">JSON</a></p></article>",
        url_part(&s.id)
    );
    page(title, Nav::Latest, &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: Option<&str>, kind: &str, actors: &[&str]) -> TimelineEntry {
        TimelineEntry {
            date: date.map(str::to_string),
            kind: kind.to_string(),
            cameo: String::new(),
            actors: actors.iter().map(|a| a.to_string()).collect(),
            targets: Vec::new(),
            location: None,
            documents: vec!["d1".into()],
            outlets: Vec::new(),
            figures: serde_json::Map::new(),
            conflicts: Vec::new(),
            sentence: String::new(),
        }
    }

    #[test]
    fn one_mark_per_entry_with_day_type_and_actors() {
        let svg = timeline_svg(&[
            entry(Some("2020-11-10"), "ceasefire_agreed", &["أرمينيا", "أذربيجان"]),
            entry(None, "protest", &["<محتجون>"]),
        ]);
        assert_eq!(svg.matches("<g class=\"entry").count(), 2);
        assert!(svg.contains("data-date=\"2020-11-10\""));
        assert!(svg.contains("اتفاق على وقف إطلاق النار"));
        assert!(svg.contains("أرمينيا، أذربيجان"));
        assert!(svg.contains("&lt;محتجون&gt;") && svg.contains("بلا تاريخ"));
        assert!(!svg.contains("has-conflict"));
        assert!(timeline_svg(&[]).starts_with("<p>"));
    }

    #[test]
    fn disagreeing_figures_are_flagged() {
        let mut e = entry(Some("2020-11-10"), "casualties", &[]);
        e.location = Some("قره باغ".into());
        let value =
            |v: u64, d: &str| marsad_story::timeline::ReportedValue { value: v.into(), documents: vec![d.into()] };
        e.conflicts = vec![marsad_story::Conflict {
            figure: "killed".into(),
            values: vec![value(1300, "d1"), value(2400, "d2")],
        }];
        let svg = timeline_svg(&[e]);
        assert!(svg.contains("class=\"entry has-conflict\"") && svg.contains("class=\"mark conflict\""), "{svg}");
        assert!(svg.contains("أرقام متعارضة") && svg.contains("killed متعارض: 1300 / 2400"), "{svg}");
        // No actors: the place alone, without a leading separator.
        assert!(svg.contains(">قره باغ</text>"), "{svg}");
    }
}
