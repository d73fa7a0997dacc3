//! Quotes and reported speech.
//!
//! - **Direct**: a span between quotation marks (« » “ ” ‹ › " „) with a speech cue in its
//!   sentence — before the opening mark (`قال بوتين: «…»`, `قال إنه "…"`) or just after the closing
//!   one (`«…»، قال`). A closing mark of any kind closes a quote (pages mix «…” and “…“) if it
//!   comes in the same paragraph; a quote left open ends at the end of its paragraph or after
//!   [`MAX_QUOTE_SENTENCES`] sentences, whichever comes first, and scanning goes on after it.
//!   The next closing mark after every token is computed once, so unbalanced marks cost linear
//!   time.
//!   Quoted words without a cue (scare quotes, names) are no quotes.
//! - **Indirect**: a cue verb (قال، أكد، أعلن … in any listed form, with و/ف) followed within
//!   [`CUE_WINDOW`] words by إن/أن (also إلى أن، على أن, or a colon); the content runs to the end of
//!   the sentence, or to a trailing attribution (`، حسب ما أفادت …`).
//! - **Attribution**: بحسب، حسب، وفق(ا) لـ، نقلا عن، طبقا لـ + a named source; the content is the rest
//!   of the sentence (the part before the cue when the cue comes late).
//!
//! The speaker is looked for after the cue (verb first) and else before it (subject first), in
//! a phrase cut at prepositions, time words and punctuation: a known organisation of the
//! gazetteer (وزارة الدفاع الروسية), else an entity mention (a title + name gives the person), else
//! the words as written. A phrase starting with an office word (مكتب، المتحدث باسم) speaks for the
//! person it names ("Office of Emmanuel Macron"). A cue with no speaker (`وأضاف أن`) takes the
//! speaker of the previous quote in the same paragraph, or in the sentence just before, else
//! the subject of a reporting verb shortly before it ([`earlier_cue_subject`]).

use std::ops::Range;

use marsad_core::{EntityKind, Quote};
use marsad_link::Gazetteer;
use marsad_text::PunctRole;

use crate::doc::Prepared;
use crate::ontology::Sense;

/// A quote left open never runs past this many sentences (nor past its paragraph).
pub const MAX_QUOTE_SENTENCES: u32 = 3;
/// How many words after a cue verb its إن/أن may come.
pub const CUE_WINDOW: usize = 12;
/// How many words a speaker phrase may have.
const SPEAKER_WORDS: usize = 7;
/// How many words of a phrase are tried as one gazetteer name.
const MAX_NAME_WORDS: usize = 5;

/// A quote with where it sits.
#[derive(Clone, Debug)]
pub struct Found {
    pub quote: Quote,
    pub paragraph: u32,
    pub sentence: u32,
    /// Tokens of the content.
    pub tokens: Range<usize>,
    /// The cue's token.
    pub cue_token: usize,
}

/// A resolved speaker.
#[derive(Clone, Debug, Default)]
struct Speaker {
    text: String,
    canonical: String,
    id: Option<String>,
}

fn is_opener(c: char) -> bool {
    matches!(c, '«' | '“' | '‹' | '„' | '‟' | '"' | '″' | '＂')
}

fn closes(open: char, c: char) -> bool {
    match c {
        '»' | '”' | '›' | '"' | '″' | '＂' => true,
        // Pages that write “…“ or „…“.
        '“' => matches!(open, '“' | '„'),
        _ => false,
    }
}

/// Direct-quote spans: (opening mark, end of content exclusive, closed?).
///
/// The next closing mark of the paragraph after each token is found in one backward pass, so a
/// paragraph full of opening marks costs linear time.
fn direct_spans(doc: &Prepared) -> Vec<(usize, usize, bool)> {
    let n = doc.tokens().len();
    // next_close[t]: the first closing mark (any kind) after t in t's paragraph; next_curly[t]:
    // the first “ after t (pages that write “…“).
    let mut next_close = vec![usize::MAX; n + 1];
    let mut next_curly = vec![usize::MAX; n + 1];
    for t in (0..n).rev() {
        let same = t + 1 < n && doc.info[t + 1].paragraph == doc.info[t].paragraph;
        let (mut close, mut curly) =
            if same { (next_close[t + 1], next_curly[t + 1]) } else { (usize::MAX, usize::MAX) };
        if same && let Some(c) = doc.quote_mark(t + 1) {
            if closes('«', c) {
                close = t + 1;
            }
            if c == '“' {
                curly = t + 1;
            }
        }
        next_close[t] = close;
        next_curly[t] = curly;
    }
    let mut spans = Vec::new();
    let mut t = 0;
    while t < n {
        let Some(open) = doc.quote_mark(t).filter(|&c| is_opener(c)) else {
            t += 1;
            continue;
        };
        let mut close = next_close[t];
        if matches!(open, '“' | '„') {
            close = close.min(next_curly[t]);
        }
        if close != usize::MAX {
            if close > t + 1 {
                spans.push((t, close, true));
            }
            t = close + 1;
            continue;
        }
        // Left open: to the end of the paragraph, at most MAX_QUOTE_SENTENCES sentences.
        let (paragraph, sentence) = (doc.info[t].paragraph, doc.info[t].sentence);
        let mut u = t + 1;
        while u < n && doc.info[u].paragraph == paragraph && doc.info[u].sentence < sentence + MAX_QUOTE_SENTENCES {
            u += 1;
        }
        if u > t + 1 {
            spans.push((t, u, false));
        }
        t = u.max(t + 1);
    }
    spans
}

/// Finds the document's quotes, in text order.
pub fn find(doc: &Prepared, gazetteer: &Gazetteer) -> Vec<Found> {
    let n = doc.tokens().len();
    let mut used_cue = vec![false; n];
    let mut found: Vec<(Found, Option<usize>)> = Vec::new();
    // Quoted names are no quotes ("قره باغ"), nor is a quoted name in the speaker phrase before
    // the إن/أن of indirect speech (قالت وكالة "الأناضول" إن …): both are left to the words around.
    let spans: Vec<(usize, usize, bool)> = direct_spans(doc)
        .into_iter()
        .filter(|&(open, end, closed)| {
            let name = (open + 1..end).all(|t| doc.info[t].entity.is_some() || doc.is_clause_break(t));
            let sentence_end = doc.sentence_tokens(doc.info[open].sentence as usize).end;
            let short = end - open <= 4;
            let before_comp =
                closed && short && (end + 1..(end + 3).min(sentence_end)).any(|t| doc.has(t, |s| s == Sense::Comp));
            !name && !before_comp
        })
        .collect();
    let mut in_direct = vec![false; n];
    for &(open, end, _) in &spans {
        for flag in &mut in_direct[open..end.min(n)] {
            *flag = true;
        }
    }

    // Direct quotes.
    let mut prev_end = 0usize;
    for &(open, end, closed) in &spans {
        let sent = doc.sentence_tokens(doc.info[open].sentence as usize);
        // A cue before the opening mark, in the same sentence, after the previous quote.
        let lower = sent.start.max(prev_end).max(open.saturating_sub(2 * CUE_WINDOW));
        let mut cue = (lower..open).rev().find(|&c| is_cue_verb(doc, c) && !in_direct[c]);
        // A quoted phrase inside indirect speech ("قال إن باريس تضغط من أجل "إشراف دولي"") belongs
        // to the indirect quote: only إن/أن or a colon right before the mark make it direct.
        if let Some(c) = cue
            && let Some(comp) = (c + 1..open).find(|&t| doc.has(t, |s| s == Sense::Comp))
            && open > comp + 2
        {
            cue = None;
        }
        let mut speaker_region: Option<(usize, usize)> = cue.map(|c| (c + 1, open));
        if cue.is_none() && closed {
            // «…»، قال فلان
            let sent_end = doc.sentence_tokens(doc.info[end].sentence as usize).end;
            let upper = (end + 5).min(sent_end).min(n);
            cue = (end + 1..upper).find(|&c| is_cue_verb(doc, c));
            speaker_region = cue.map(|c| (c + 1, sent_end.min(c + 1 + SPEAKER_WORDS)));
        }
        prev_end = end;
        let Some(c) = cue else { continue };

        used_cue[c] = true;
        let content = open + 1..end;
        let (from, to) = speaker_region.unwrap_or((c + 1, c + 1));
        // Between the cue and the mark: إنه، : … the speaker phrase stops at them.
        let speaker = speaker_after(doc, gazetteer, from, to).or_else(|| speaker_before(doc, gazetteer, c));
        found.push((make(doc, speaker, c, content, true), Some(c)));
    }

    // Indirect speech and attributions.
    for c in 0..n {
        if used_cue[c] || in_direct[c] {
            continue;
        }
        if is_cue_verb(doc, c) {
            if let Some(q) = indirect(doc, gazetteer, c, &in_direct) {
                found.push((q, Some(c)));
            }
        } else if doc.has(c, |s| s == Sense::CueSource)
            && let Some(q) = attribution(doc, gazetteer, c)
        {
            found.push((q, None));
        }
    }
    // An attribution whose content another quote already covers says nothing new.
    let (quotes, attributions): (Vec<_>, Vec<_>) = found.into_iter().partition(|(_, cue)| cue.is_some());
    let mut out: Vec<Found> = quotes.into_iter().map(|(f, _)| f).collect();
    let said = out.clone();
    for (f, _) in attributions {
        if !said.iter().any(|o| o.tokens.start < f.tokens.end && f.tokens.start < o.tokens.end) {
            out.push(f);
        }
    }
    out.sort_by_key(|f| (f.tokens.start, f.tokens.end));
    // Implied speakers.
    for i in 0..out.len() {
        if !out[i].quote.speaker_text.is_empty() {
            continue;
        }
        let (paragraph, sentence) = (out[i].paragraph, out[i].sentence);
        let previous = out[..i]
            .iter()
            .rev()
            .find(|p| !p.quote.speaker_text.is_empty() || p.quote.implied)
            .filter(|p| p.paragraph == paragraph || p.sentence + 1 >= sentence)
            .map(|p| (p.quote.speaker.clone(), p.quote.speaker_text.clone(), p.quote.speaker_id.clone()));
        let previous = previous
            .map(|(speaker, _, id)| (speaker, id))
            .or_else(|| subject_before(doc, out[i].cue_token))
            .or_else(|| earlier_cue_subject(doc, gazetteer, out[i].cue_token));
        if let Some((speaker, id)) = previous {
            let q = &mut out[i].quote;
            q.speaker = speaker;
            q.speaker_id = id;
            q.implied = true;
        }
    }
    out
}

fn is_cue_verb(doc: &Prepared, t: usize) -> bool {
    doc.has(t, |s| matches!(s, Sense::CueVerb | Sense::CueParticiple)) && !doc.has(t, |s| s == Sense::CueExclude)
}

fn make(doc: &Prepared, speaker: Option<Speaker>, cue: usize, content: Range<usize>, direct: bool) -> Found {
    let range = doc.original(content.start, content.end);
    let speaker = speaker.unwrap_or_default();
    let info = &doc.info[cue.min(doc.info.len().saturating_sub(1))];
    Found {
        quote: Quote {
            speaker: speaker.canonical,
            speaker_text: speaker.text,
            cue: doc.text_of(cue, cue + 1),
            content: doc.slice(range.clone()),
            start: range.start,
            end: range.end,
            direct,
            speaker_id: speaker.id,
            implied: false,
        },
        paragraph: info.paragraph,
        sentence: info.sentence,
        tokens: content,
        cue_token: cue,
    }
}

/// The last person (else organisation) named earlier in the cue's sentence: the subject a
/// coordinated cue (`…، وقال إنه`) or a participle (`مشددا على أن`) speaks for.
fn subject_before(doc: &Prepared, cue: usize) -> Option<(String, Option<String>)> {
    let sent = doc.sentence_tokens(doc.info.get(cue)?.sentence as usize);
    let entities = doc.input.entities;
    let mentions = (sent.start..cue).filter_map(|t| doc.info[t].entity).filter_map(|m| entities.get(m as usize));
    let mut best: Option<&marsad_core::EntityMention> = None;
    for m in mentions {
        if m.kind == "PER" || (m.kind == "ORG" && best.is_none_or(|b| b.kind != "PER")) {
            best = Some(m);
        }
    }
    best.map(|m| (m.canonical.clone(), Some(m.entity_id.clone())))
}

/// How many sentences back a cue with no speaker looks for a reporting verb whose subject it
/// continues.
const SUBJECT_SENTENCES: u32 = 2;

/// The named subject of the nearest reporting verb in the [`SUBJECT_SENTENCES`] sentences
/// before the cue's, when that verb reported no quote (`أعلنت وزارة الدفاع الأذرية استهداف …`
/// … `وأضافت أن …`). Only a speaker the gazetteer or the entities know counts: `الوزارة`
/// alone says which ministry no more than the cue does. Another person named between that
/// subject and the cue (`كما دعا عريقات …`) may be the one speaking: then nobody is chosen.
fn earlier_cue_subject(doc: &Prepared, gazetteer: &Gazetteer, cue: usize) -> Option<(String, Option<String>)> {
    let sentence = doc.info.get(cue)?.sentence;
    // Only a cue that opens its clause continues an earlier subject (`وأضافت أن`, `كما ذكر أن`);
    // a plural one (قالوا، يقولون) speaks for others.
    let key = doc.info[cue].key.as_str();
    let opens = cue == doc.sentence_tokens(sentence as usize).start
        || doc.is_clause_break(cue - 1)
        || doc.has(cue - 1, |s| s == Sense::Skip)
        || matches!(doc.info[cue - 1].key.as_str(), "كما" | "كذلك" | "ثم");
    if !opens || key.ends_with("وا") || key.ends_with("ون") {
        return None;
    }
    let first = doc.sentence_tokens(sentence.saturating_sub(SUBJECT_SENTENCES) as usize).start;
    let last = doc.sentence_tokens(sentence as usize).start;
    let (c, speaker) =
        (first..last).rev().filter(|&c| is_cue_verb(doc, c) && !doc.has(c, |s| s == Sense::CueParticiple)).find_map(
            |c| Some((c, speaker_after(doc, gazetteer, c + 1, c + 1 + SPEAKER_WORDS).filter(|s| s.id.is_some())?)),
        )?;
    let entities = doc.input.entities;
    let another_person = (c + 1..cue)
        .filter_map(|t| doc.info[t].entity.and_then(|m| entities.get(m as usize)))
        .any(|m| m.kind == "PER" && speaker.id.as_deref() != Some(m.entity_id.as_str()));
    (!another_person).then_some((speaker.canonical, speaker.id))
}

/// Indirect speech from the cue verb at `c`.
fn indirect(doc: &Prepared, gazetteer: &Gazetteer, c: usize, in_direct: &[bool]) -> Option<Found> {
    let sent = doc.sentence_tokens(doc.info[c].sentence as usize);
    let mut comp = None;
    let mut u = c + 1;
    while u < sent.end && u <= c + CUE_WINDOW {
        let tok = &doc.tokens()[u];
        // Quotation marks of a quoted name (وكالة "الأناضول") do not stop it; a direct quote does.
        if tok.role == PunctRole::Final || in_direct[u] || is_cue_verb(doc, u) {
            break;
        }
        if doc.has(u, |s| s == Sense::Comp) {
            comp = Some(u);
            break;
        }
        // أكد على رضاه: a preposition not followed by أن takes a noun, not a clause.
        if doc.has(u, |s| s == Sense::Prep) && !doc.has(u + 1, |s| s == Sense::Comp) {
            break;
        }
        if doc.clean(u) == ":" {
            comp = Some(u);
            break;
        }
        u += 1;
    }
    let comp = comp?;
    // The content: to the end of the sentence, or to a trailing attribution.
    let mut end = sent.end;
    while end > comp + 1 && doc.tokens()[end - 1].role == PunctRole::Final {
        end -= 1;
    }
    for v in comp + 1..end {
        if doc.has(v, |s| s == Sense::CueSource) && v > comp + 1 && doc.is_clause_break(v - 1) {
            end = v - 1;
            break;
        }
    }
    if end <= comp + 1 {
        return None;
    }
    let coordinated = doc.has(c, |s| s == Sense::CueParticiple)
        || (doc.info[c].key.starts_with(['و', 'ف'])
            && doc.tokens()[c].seg.prefix > 0
            && c > sent.start
            && doc.is_clause_break(c - 1));
    let speaker = if doc.has(c, |s| s == Sense::CueParticiple) {
        None
    } else if coordinated {
        speaker_after(doc, gazetteer, c + 1, comp)
    } else {
        speaker_after(doc, gazetteer, c + 1, comp).or_else(|| speaker_before(doc, gazetteer, c))
    };
    Some(make(doc, speaker, c, comp + 1..end, false))
}

/// An attribution (بحسب وكالة رويترز، فإن …) from the cue at `c`.
fn attribution(doc: &Prepared, gazetteer: &Gazetteer, c: usize) -> Option<Found> {
    let sent = doc.sentence_tokens(doc.info[c].sentence as usize);
    // Skip ما، لـ، عن and a cue verb (حسب ما أفادت وكالة …).
    let mut from = c + 1;
    while from < sent.end
        && (matches!(doc.info[from].key.as_str(), "ما" | "ل" | "لـ" | "عن" | "لما")
            || doc.clean(from) == "ـ"
            || is_cue_verb(doc, from))
    {
        from += 1;
    }
    let mut to = from;
    while to < sent.end && to < from + SPEAKER_WORDS && !doc.is_clause_break(to) && doc.quote_mark(to).is_none() {
        to += 1;
    }
    let names_source = (from..to).any(|t| doc.info[t].entity.is_some() || doc.has(t, |s| s == Sense::SourceNoun));
    if !names_source {
        return None;
    }
    let speaker = speaker_after(doc, gazetteer, from, to)?;
    let mut end = sent.end;
    while end > sent.start && doc.tokens()[end - 1].role == PunctRole::Final {
        end -= 1;
    }
    let content = if c <= sent.start + 2 {
        // Cue first: the content follows the source (after a comma and فإن).
        let mut s = to;
        while s < end && (doc.is_clause_break(s) || doc.has(s, |x| x == Sense::Comp)) {
            s += 1;
        }
        s..end
    } else {
        let mut e = c;
        while e > sent.start && doc.is_clause_break(e - 1) {
            e -= 1;
        }
        sent.start..e
    };
    if content.is_empty() {
        return None;
    }
    Some(make(doc, Some(speaker), c, content, false))
}

/// The speaker named in tokens `from..to` (after a cue), cut at the first preposition, time
/// word, punctuation or إن/أن.
fn speaker_after(doc: &Prepared, gazetteer: &Gazetteer, from: usize, to: usize) -> Option<Speaker> {
    let mut end = from;
    let limit = to.min(from + SPEAKER_WORDS).min(doc.tokens().len());
    while end < limit {
        let info = &doc.info[end];
        // Quotation marks inside the phrase name something (وكالة "الأناضول"): not a cut.
        let cut_here = doc.is_clause_break(end)
            || (info.timex.is_some() && info.entity.is_none())
            || doc.has(end, |s| matches!(s, Sense::Comp | Sense::Cut | Sense::Prep))
            || (end > from && addressee(doc, end));
        if cut_here {
            break;
        }
        end += 1;
    }
    // Skip leading filler (بدوره، من جهته).
    let mut start = from;
    while start < end && doc.has(start, |s| s == Sense::Skip) {
        start += 1;
    }
    resolve(doc, gazetteer, start, end)
}

/// A word with the preposition ل (للصحفيين، لوكالة): the addressee, not the speaker.
fn addressee(doc: &Prepared, t: usize) -> bool {
    doc.info[t].entity.is_none() && doc.info[t].key.starts_with('ل') && doc.tokens()[t].seg.prefix > 0
}

/// The speaker named before the cue at `c` (subject first: وزارة الدفاع الروسية قالت …).
fn speaker_before(doc: &Prepared, gazetteer: &Gazetteer, c: usize) -> Option<Speaker> {
    let sent = doc.sentence_tokens(doc.info[c].sentence as usize);
    let mut end = c;
    // كان قد أكد، أكد بدوره …
    while end > sent.start && (doc.has(end - 1, |s| s == Sense::Skip) || doc.is_clause_break(end - 1)) {
        end -= 1;
    }
    let mut start = end;
    while start > sent.start && end - start < SPEAKER_WORDS {
        let t = start - 1;
        if doc.tokens()[t].role == PunctRole::Final
            || doc.quote_mark(t).is_some()
            || doc.has(t, |s| matches!(s, Sense::Comp | Sense::CueVerb | Sense::Cut))
            || (doc.is_clause_break(t) && doc.info[t].entity.is_none())
        {
            break;
        }
        start -= 1;
    }
    // A subject needs a name or a source word: "وفي الوقت الذي …" is no speaker.
    let named = (start..end)
        .any(|t| doc.info[t].entity.is_some() || doc.has(t, |s| matches!(s, Sense::SourceNoun | Sense::Head(_))))
        || gazetteer_org(doc, gazetteer, start, end).is_some();
    if !named {
        return None;
    }
    resolve(doc, gazetteer, start, end)
}

/// The longest gazetteer organisation or place among the phrase's word sequences.
fn gazetteer_org(
    doc: &Prepared,
    gazetteer: &Gazetteer,
    start: usize,
    end: usize,
) -> Option<(usize, usize, String, String)> {
    for s in start..end {
        if doc.tokens()[s].kind != marsad_text::TokenKind::Arabic {
            continue;
        }
        let mut best = None;
        for e in (s + 2..=end.min(s + MAX_NAME_WORDS)).rev() {
            let words: Vec<&str> = (s..e).map(|t| doc.clean(t)).collect();
            let phrase = words.join(" ");
            if let Some(entry) = gazetteer.lookup(&phrase, Some(EntityKind::Organization))
                && entry.kind == EntityKind::Organization
            {
                best = Some((s, e, entry.latin.clone(), entry.id.clone()));
                break;
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

fn resolve(doc: &Prepared, gazetteer: &Gazetteer, start: usize, end: usize) -> Option<Speaker> {
    if start >= end {
        return None;
    }
    let text = doc.text_of(start, end);
    let entities = doc.input.entities;
    let mut mentions: Vec<&marsad_core::EntityMention> = Vec::new();
    for t in start..end {
        if let Some(m) = doc.info[t].entity.and_then(|m| entities.get(m as usize))
            && !mentions.iter().any(|x| std::ptr::eq(*x, m))
        {
            mentions.push(m);
        }
    }
    let rank = |m: &&marsad_core::EntityMention| match m.kind.as_str() {
        "PER" => 0,
        "ORG" => 1,
        "LOC" => 2,
        _ => 3,
    };
    let best = mentions.iter().min_by_key(|m| rank(m)).copied();
    let head = doc.info[start].senses.iter().find_map(|&(s, _)| match s {
        Sense::Head(h) => doc.ontology.heads.get(h as usize),
        _ => None,
    });
    // A title and a name is the person (رئيس البرلمان التركي مصطفى شنطوب), unless an office word
    // leads (المتحدثة باسم وزارة الخارجية الروسية ماريا زاخاروفا speaks for the ministry).
    let person = best.filter(|m| m.kind == "PER");
    if let (Some(m), None) = (person, head) {
        return Some(Speaker { text, canonical: m.canonical.clone(), id: Some(m.entity_id.clone()) });
    }
    // A known organisation written out (وزارة الدفاع الروسية، الخارجية الروسية).
    if let Some((_, _, latin, id)) = gazetteer_org(doc, gazetteer, start, end) {
        return Some(Speaker { text, canonical: latin, id: Some(id) });
    }
    match (best, head) {
        (Some(m), Some(head)) if m.kind == "PER" => {
            Some(Speaker { text, canonical: format!("{head} {}", m.canonical), id: Some(m.entity_id.clone()) })
        }
        (Some(m), _) => Some(Speaker { text, canonical: m.canonical.clone(), id: Some(m.entity_id.clone()) }),
        (None, _) => {
            // Unnamed speakers (مصدر، مسؤول بالرئاسة الفرنسية) keep their words.
            let has_letters = (start..end).any(|t| doc.tokens()[t].kind == marsad_text::TokenKind::Arabic);
            has_letters.then(|| Speaker { canonical: text.clone(), text, id: None })
        }
    }
}
