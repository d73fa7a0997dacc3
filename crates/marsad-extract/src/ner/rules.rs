//! Checks of the tagger's spans against the shipped gazetteer and the news lexicon.
//!
//! They run after tagging, on word spans, both in `analyze` (through
//! [`super::find_mentions`]) and in `eval ner`, so the test split measures what users
//! get. Each fixes a kind of error the tagger makes on real news, never particular
//! strings:
//!
//! - **known names**: a span covering part of a known multi-word name grows to the
//!   whole name («ناجورنو» of «ناجورنو قره باغ»), taking its kind when it was MISC.
//! - **titles**: title words at the front of a person's span are left out (the role).
//! - **split places**: a place span that is no known name as a whole but is a known
//!   place followed by a place's adjective («جدة السعودية»: Jeddah, and «السعودية» is
//!   an adjective here), or several known places in a row («السعودية الرياض»,
//!   «جنيف ولندن»), becomes those places.
//! - **split people**: a person span with a word that starts with the conjunction و
//!   («بوتين وماكرون») is two people.
//! - **trim people**: a person span of two words or more ending in a word that is in
//!   no name list but common in news (a verb: «ماكرون أجريا») ends before it.
//! - **merge**: two spans of one kind side by side whose words together are a known
//!   name («ناغوررني» + «كاراباخ») are one span.
//! - **common words**: a one-word place or organisation written without the article
//!   whose stem news uses both with and without it, about as often (a common noun:
//!   بوساطة، حزب، ليل الجمعة، ريف دمشق), and that the gazetteer does not know as a name
//!   of that kind, is no entity. With the article such words are often names
//!   (المدينة، النيل، الحياة the newspaper, الاتفاق the club) and are left alone.
//! - **relabel**: a MISC span whose name the gazetteer knows only as a place, and
//!   that is no common word or person's name too, is a place (يريفان، هانكندي). (ORG
//!   spans keep their kind by default: a place tagged ORG is mostly a government or a
//!   team, برشلونة، واشنطن.)
//! - **place heads**: a MISC or ORG span right after a word for a kind of place
//!   («مدينة»، «إقليم»), maybe across a quotation mark, is a place.
//! - **title person**: a MISC or ORG span the gazetteer does not know, right after a
//!   person's title ending in an adjective («وزير الخارجية الصيني وانغ يي»), is a
//!   person.
//! - **consistent kinds**: one name tagged with two kinds in one document gets one
//!   kind: the gazetteer's, if it knows the name as one of them, else the majority.

use std::borrow::Cow;
use std::collections::HashMap;

use marsad_core::EntityKind;
use marsad_link::gazetteer::token_kind;
use marsad_link::key::loosened_key;
use marsad_link::words::common_word;
use marsad_link::{Gazetteer, KindSet, name_key};
use marsad_text::{Form, Lexicon, Segmentation, TokenKind, normalize_str};

use super::features::{NameLists, Shape, WordInfo, phrase_marks};
use super::labels::{Label, Span, spans};
use super::mentions::{extends_title, is_title, nisba_with_article};

/// Which rules run (all by default; `eval ner --rules` chooses, to measure each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleSet {
    pub known_names: bool,
    pub titles: bool,
    pub split_places: bool,
    pub split_people: bool,
    pub trim_people: bool,
    pub merge: bool,
    pub common_words: bool,
    pub relabel_misc: bool,
    pub relabel_org: bool,
    pub place_heads: bool,
    pub title_person: bool,
    pub loose_names: bool,
    pub adverbs: bool,
    pub adjectives: bool,
    pub consistent_kinds: bool,
}

/// Rule names for [`RuleSet::parse`], in order.
pub const RULE_NAMES: &[&str] = &[
    "known-names",
    "titles",
    "split-places",
    "split-people",
    "trim-people",
    "merge",
    "common-words",
    "relabel-misc",
    "relabel-org",
    "place-heads",
    "title-person",
    "loose-names",
    "adverbs",
    "adjectives",
    "consistent-kinds",
];

impl RuleSet {
    /// The rules `analyze` runs.
    pub const DEFAULT: RuleSet = RuleSet {
        known_names: true,
        titles: true,
        split_places: true,
        split_people: true,
        trim_people: true,
        merge: true,
        common_words: true,
        relabel_misc: true,
        relabel_org: false,
        place_heads: true,
        title_person: true,
        loose_names: true,
        adverbs: true,
        adjectives: true,
        consistent_kinds: true,
    };

    pub const NONE: RuleSet = RuleSet {
        known_names: false,
        titles: false,
        split_places: false,
        split_people: false,
        trim_people: false,
        merge: false,
        common_words: false,
        relabel_misc: false,
        relabel_org: false,
        place_heads: false,
        title_person: false,
        loose_names: false,
        adverbs: false,
        adjectives: false,
        consistent_kinds: false,
    };

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "known-names" => &mut self.known_names,
            "titles" => &mut self.titles,
            "split-places" => &mut self.split_places,
            "split-people" => &mut self.split_people,
            "trim-people" => &mut self.trim_people,
            "merge" => &mut self.merge,
            "common-words" => &mut self.common_words,
            "relabel-misc" => &mut self.relabel_misc,
            "relabel-org" => &mut self.relabel_org,
            "place-heads" => &mut self.place_heads,
            "title-person" => &mut self.title_person,
            "loose-names" => &mut self.loose_names,
            "adverbs" => &mut self.adverbs,
            "adjectives" => &mut self.adjectives,
            "consistent-kinds" => &mut self.consistent_kinds,
            _ => return None,
        })
    }

    /// `default`, `none`, or a comma-separated list of changes to the default: a rule
    /// name adds it, `-name` removes it (`default,-common-words`, `none,titles`).
    pub fn parse(text: &str) -> Result<RuleSet, String> {
        let mut set = RuleSet::DEFAULT;
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "default" | "all" => set = RuleSet::DEFAULT,
                "none" => set = RuleSet::NONE,
                _ => {
                    let (name, on) = match part.strip_prefix('-') {
                        Some(n) => (n, false),
                        None => (part.strip_prefix('+').unwrap_or(part), true),
                    };
                    *set.flag(name).ok_or_else(|| {
                        format!("unknown rule {name:?}; rules are default, none, {}", RULE_NAMES.join(", "))
                    })? = on;
                }
            }
        }
        Ok(set)
    }
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::DEFAULT
    }
}

/// A word as the rules read it: its `Clean` text and its clitics. Borrowed from the
/// text layer in `analyze` (no copy per token), owned when read from a CoNLL file.
#[derive(Clone, Debug, Default)]
pub struct RuleWord<'a> {
    text: Cow<'a, str>,
    /// Length in characters.
    chars: usize,
    /// Characters of proclitics that are not part of a name: و ف ب ك ل, and all of لل
    /// (ل + ال with the alef unwritten). A written article stays with the name.
    lead: usize,
    /// The article is written after `lead`.
    article: bool,
    /// The proclitics start with the conjunction و (ف also starts many names: فاير).
    conj: bool,
    /// Characters of the pronoun suffix, and of a third-person one (ه ها هم هما هن).
    suffix: usize,
    tail: usize,
    arabic: bool,
}

impl RuleWord<'static> {
    /// Reads a word in any form (a CoNLL token): normalised to `Clean`, segmented.
    pub fn new(raw: &str, lexicon: &Lexicon) -> RuleWord<'static> {
        let clean = normalize_str(raw, Form::Clean);
        let arabic = !clean.is_empty() && clean.chars().all(marsad_text::chars::is_arabic_letter);
        let seg = if arabic { lexicon.segment(&clean) } else { Segmentation::NONE };
        RuleWord::read(Cow::Owned(clean), if arabic { TokenKind::Arabic } else { TokenKind::Other }, seg)
    }
}

impl<'a> RuleWord<'a> {
    /// Reads a token of a text layer (`Clean`, segmented).
    pub fn from_token(clean: &'a str, kind: TokenKind, seg: Segmentation) -> RuleWord<'a> {
        RuleWord::read(Cow::Borrowed(clean), kind, seg)
    }

    fn read(text: Cow<'a, str>, kind: TokenKind, seg: Segmentation) -> RuleWord<'a> {
        let arabic = kind == TokenKind::Arabic;
        let (p, s) = (seg.prefix as usize, seg.suffix as usize);
        let chars = text.chars().count();
        // Only words of two-byte letters are segmented: clitics are 2 bytes a letter.
        let (Some(prefix), Some(suffix)) =
            (text.get(..2 * p), text.len().checked_sub(2 * s).and_then(|at| text.get(at..)))
        else {
            return RuleWord { text, chars, arabic, ..RuleWord::default() };
        };
        if !arabic || p + s >= chars {
            return RuleWord { text, chars, arabic, ..RuleWord::default() };
        }
        let written = prefix.ends_with("ال");
        let lead = if written { p - 2 } else { p };
        // The segmenter leaves an article on before a hamza (الأرميني): it is one still.
        let article = written || (p == 0 && chars >= 5 && text.starts_with("ال"));
        let conj = prefix.starts_with('و');
        let tail = if matches!(suffix, "ه" | "ها" | "هم" | "هما" | "هن") { s } else { 0 };
        RuleWord { text, chars, lead, article, conj, suffix: s, tail, arabic }
    }

    /// Characters `from..to` of the word.
    fn text(&self, from: usize, to: usize) -> String {
        let byte = |c: usize| self.text.char_indices().nth(c).map_or(self.text.len(), |(i, _)| i);
        let (a, b) = (byte(from), byte(to.max(from)));
        self.text.get(a..b).unwrap_or("").to_string()
    }

    /// The whole word.
    pub fn clean(&self) -> &str {
        &self.text
    }

    /// The word without clitics and without the article.
    fn stem(&self) -> String {
        self.text(self.lead + if self.article { 2 } else { 0 }, self.chars - self.tail)
    }

    fn len(&self) -> usize {
        self.chars
    }
}

/// Whether a word (a [`name_key`] of one word) is a name by itself: a person-name
/// word or a one-word gazetteer name. (Words of longer place and organisation names
/// are left out: the lists they come from hold fragments and words with clitics.)
fn known_name_word(gaz: &Gazetteer, key: &str) -> bool {
    use token_kind::*;
    !key.is_empty()
        && (gaz.token_kinds(key) & (NAME_TOKEN | WHOLE_PER | WHOLE_LOC | WHOLE_ORG | WHOLE_MISC | PART_PER) != 0
            || !gaz.kinds_of_key(key).is_empty())
}

fn person_name_word(gaz: &Gazetteer, key: &str) -> bool {
    use token_kind::*;
    gaz.token_kinds(key) & (NAME_TOKEN | WHOLE_PER | PART_PER) != 0 || gaz.kinds_of_key(key).has(EntityKind::Person)
}

/// The rules with what they read.
pub struct SpanRules<'a> {
    pub gazetteer: &'a Gazetteer,
    pub lexicon: &'a Lexicon,
    pub names: &'a NameLists,
    pub enabled: RuleSet,
}

/// How often a word that ends a person's span must occur in news to be taken for a
/// common word rather than an unlisted name.
const TRIM_MIN_COUNT: u32 = 10;

impl SpanRules<'_> {
    /// Where a name starting at this word starts inside it (characters): after its
    /// proclitics, unless the whole word is a known name that is better attested than
    /// what the proclitics would leave (وانغ is not و + انغ; كوتري is not ك + وتري).
    pub fn lead(&self, w: &RuleWord) -> usize {
        if w.lead != 1 || w.article {
            return w.lead;
        }
        let whole = w.clean();
        let rest = w.text(w.lead, w.len());
        let (whole_key, rest_key) = (name_key(whole), name_key(&rest));
        if known_name_word(self.gazetteer, &whole_key)
            && (!known_name_word(self.gazetteer, &rest_key) || self.lexicon.count(whole) > self.lexicon.count(&rest))
        {
            return 0;
        }
        w.lead
    }

    /// Characters of a pronoun suffix to leave out when a name ends with this word:
    /// none when the whole word is a known name (كوتري); a third-person suffix
    /// otherwise; another (ي، ك، نا, which also end many foreign names: هانكندي) only
    /// when what it leaves is a known name (إيراني → إيران).
    pub fn tail(&self, w: &RuleWord) -> usize {
        if w.suffix == 0 || w.suffix >= w.len() || known_name_word(self.gazetteer, &name_key(w.clean())) {
            return 0;
        }
        if w.tail > 0 {
            return w.tail;
        }
        let rest = w.text(w.lead, w.len() - w.suffix);
        if known_name_word(self.gazetteer, &name_key(&rest)) { w.suffix } else { 0 }
    }

    /// The name a span of words spells: proclitics off its first word, a pronoun
    /// suffix off its last.
    pub fn name_text(&self, words: &[RuleWord], start: usize, end: usize) -> String {
        let mut out = String::new();
        let span = words.get(start..end).unwrap_or(&[]);
        for (k, w) in span.iter().enumerate() {
            let from = if k == 0 { self.lead(w) } else { 0 };
            let to = if k + 1 == span.len() { w.len() - self.tail(w) } else { w.len() };
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w.text(from, to.max(from)));
        }
        out
    }

    fn kinds(&self, words: &[RuleWord], start: usize, end: usize) -> KindSet {
        self.gazetteer.kinds_of_key(&name_key(&self.name_text(words, start, end)))
    }

    /// The gazetteer entity of this kind a span names, if any.
    fn entity_id(&self, words: &[RuleWord], start: usize, end: usize, kind: EntityKind) -> Option<&str> {
        let name = self.name_text(words, start, end);
        let found = self.gazetteer.lookup_key(&name_key(&name), &name, Some(kind)).or_else(|| {
            // With a preposition on an inner word: لدولة لإسرائيل.
            let stems: Vec<String> = (start..end).map(|i| words[i].text(words[i].lead, words[i].len())).collect();
            let name = stems.join(" ");
            self.gazetteer.lookup_key(&name_key(&name), &name, Some(kind))
        });
        found.map(|e| e.id.as_str())
    }

    /// A gazetteer person: by full name, or by a surname that tells people apart.
    fn known_person(&self, words: &[RuleWord], start: usize, end: usize) -> bool {
        let name = self.name_text(words, start, end);
        self.gazetteer.kinds_of_key(&name_key(&name)).has(EntityKind::Person)
            || (end - start == 1 && self.gazetteer.person_by_surname(&name).is_some())
    }

    fn known_place(&self, words: &[RuleWord], start: usize, end: usize) -> bool {
        self.kinds(words, start, end).has(EntityKind::Location)
    }

    /// A common noun or adjective rather than a name ([`common_word`]), also behind a
    /// preposition or conjunction the segmenter left on (بوساطة is ب + وساطة).
    fn common_word(&self, w: &RuleWord) -> bool {
        let stem = w.stem();
        if common_word(self.lexicon, &stem) {
            return true;
        }
        let mut chars = stem.chars();
        w.lead == 0
            && !w.article
            && matches!(chars.next(), Some('ب' | 'ل' | 'ك' | 'و' | 'ف'))
            && chars.as_str().chars().count() >= 3
            && common_word(self.lexicon, chars.as_str())
    }

    /// An adjective made from a place's name, with the article: السعودية، الأمريكية،
    /// الروسي، الأذربيجانية، الصيني.
    fn place_adjective(&self, w: &RuleWord) -> bool {
        if !w.arabic || !w.article || w.lead != 0 {
            return false;
        }
        let stem = w.stem();
        let base = match stem.strip_suffix("ية").or_else(|| stem.strip_suffix("يه")).or_else(|| stem.strip_suffix('ي'))
        {
            Some(b) if b.chars().count() >= 2 => b,
            _ => return false,
        };
        [stem.clone(), base.to_string(), format!("{base}ا"), format!("{base}يا")]
            .iter()
            .any(|c| self.gazetteer.kinds_of_key(&name_key(c)).has(EntityKind::Location))
    }

    /// Tags a document's spans: the tagger's labels, then the enabled rules.
    pub fn refine(
        &self,
        words: &[Vec<WordInfo>],
        rule_words: &[Vec<RuleWord>],
        labels: &[Vec<Label>],
    ) -> Vec<Vec<Span>> {
        let mut out: Vec<Vec<Span>> = words
            .iter()
            .zip(rule_words)
            .zip(labels)
            .map(|((info, rw), labels)| self.refine_sentence(info, rw, labels))
            .collect();
        if self.enabled.consistent_kinds {
            self.consistent_kinds(rule_words, &mut out);
        }
        out
    }

    fn refine_sentence(&self, info: &[WordInfo], words: &[RuleWord], labels: &[Label]) -> Vec<Span> {
        let on = &self.enabled;
        let n = info.len().min(words.len()).min(labels.len());
        let (info, words, labels) = (&info[..n], &words[..n], &labels[..n]);
        let mut list = spans(labels);
        if list.is_empty() {
            return list;
        }
        if on.known_names {
            list = self.extend_to_known_names(list, info, words);
        }
        if on.loose_names {
            list = self.grow_loosely(list, info, words);
        }
        if on.titles {
            for s in list.iter_mut().filter(|s| s.kind == EntityKind::Person) {
                let from = s.start;
                while s.start + 1 < s.end
                    && (is_title(&info[s.start]) || (s.start > from && extends_title(&info[s.start])))
                {
                    s.start += 1;
                }
            }
        }
        let mut next = Vec::with_capacity(list.len());
        for s in list {
            match s.kind {
                EntityKind::Person if on.split_people || on.trim_people => self.fix_person(words, s, &mut next),
                EntityKind::Location if on.split_places && s.end - s.start >= 2 => {
                    self.split_places(words, s, &mut next)
                }
                _ => next.push(s),
            }
        }
        let mut list = next;
        if on.split_places {
            // «جدة السعودية» tagged as two places: the second is the first's adjective.
            let mut prev_place_end = None;
            list.retain(|s| {
                let adjective = s.kind == EntityKind::Location
                    && s.end - s.start == 1
                    && prev_place_end == Some(s.start)
                    && self.place_adjective(&words[s.start]);
                prev_place_end = (s.kind == EntityKind::Location).then_some(s.end);
                !adjective
            });
        }
        if on.merge {
            list = self.merge_known(words, list);
        }
        list.retain_mut(|s| self.keep_and_relabel(info, words, s));
        list
    }

    /// Person spans: split at a word that starts with و, drop a trailing common word.
    fn fix_person(&self, words: &[RuleWord], s: Span, out: &mut Vec<Span>) {
        let mut start = s.start;
        let mut parts = Vec::new();
        if self.enabled.split_people {
            for i in s.start + 1..s.end {
                let w = &words[i];
                // Not a name that starts with و (وقاص، وايت), nor after بن / أبي.
                let chained = matches!(words[i - 1].clean(), "بن" | "ابن" | "إبن" | "أبي" | "ابي" | "أبو" | "ابو");
                if w.conj && w.lead == 1 && !w.article && w.len() >= 4 && !chained && self.lead(w) == 1 {
                    parts.push(Span { start, end: i, kind: s.kind });
                    start = i;
                }
            }
        }
        parts.push(Span { start, end: s.end, kind: s.kind });
        for mut p in parts {
            if self.enabled.trim_people && p.end - p.start >= 2 {
                let last = &words[p.end - 1];
                let clean = last.clean();
                if last.arabic
                    && self.lexicon.count(clean) >= TRIM_MIN_COUNT
                    && !person_name_word(self.gazetteer, &name_key(clean))
                    && !self.known_person(words, p.start, p.end)
                    && self.known_person(words, p.start, p.end - 1)
                {
                    p.end -= 1;
                }
            }
            out.push(p);
        }
    }

    /// A place span that is not a known name as a whole: a known place followed by a
    /// place's adjective, or known places in a row.
    fn split_places(&self, words: &[RuleWord], s: Span, out: &mut Vec<Span>) {
        if !self.kinds(words, s.start, s.end).is_empty() {
            out.push(s);
            return;
        }
        let mut pieces = Vec::new();
        let mut at = s.start;
        while at < s.end {
            // The longest known place from `at` that is shorter than the rest.
            let found = (at + 1..=s.end).rev().find(|&e| (e - at < s.end - s.start) && self.known_place(words, at, e));
            match found {
                Some(e) => {
                    pieces.push(Span { start: at, end: e, kind: s.kind });
                    at = e;
                }
                None if at + 1 == s.end && at > s.start && self.place_adjective(&words[at]) => at = s.end,
                None => {
                    out.push(s);
                    return;
                }
            }
        }
        out.extend(pieces);
    }

    /// Side-by-side spans of one kind whose words together are a known name of it.
    fn merge_known(&self, words: &[RuleWord], list: Vec<Span>) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::with_capacity(list.len());
        for s in list {
            if let Some(last) = out.last_mut()
                && last.end == s.start
                && last.kind == s.kind
                && self.kinds(words, last.start, s.end).has(s.kind)
            {
                last.end = s.end;
                continue;
            }
            out.push(s);
        }
        out
    }

    /// Drops a common word; changes the kind of a misread place or person.
    fn keep_and_relabel(&self, info: &[WordInfo], words: &[RuleWord], s: &mut Span) -> bool {
        let on = &self.enabled;
        // The gazetteer is asked only when a rule needs it (most spans are PER or LOC
        // names no rule touches).
        let mut known = None;
        let mut kinds = |this: &Self| *known.get_or_insert_with(|| this.kinds(words, s.start, s.end));
        if on.adverbs && s.end - s.start == 1 && self.nisba_adverb(&words[s.start]) && kinds(self).is_empty() {
            return false;
        }
        if on.adjectives
            && s.kind == EntityKind::Person
            && s.end - s.start == 1
            && self.agreeing_adjective(info, words, s.start)
            && !self.known_person(words, s.start, s.end)
        {
            return false;
        }
        if on.common_words
            && s.end - s.start == 1
            && matches!(s.kind, EntityKind::Location | EntityKind::Organization)
            && words[s.start].arabic
            && !words[s.start].article
            && self.common_word(&words[s.start])
            && !kinds(self).has(s.kind)
        {
            return false;
        }
        if !matches!(s.kind, EntityKind::Misc | EntityKind::Organization) {
            return true;
        }
        let kinds = kinds(self);
        let relabel =
            (on.relabel_misc && s.kind == EntityKind::Misc) || (on.relabel_org && s.kind == EntityKind::Organization);
        if relabel && self.only_place(words, s, kinds) {
            s.kind = EntityKind::Location;
        }
        let place_or_unknown = kinds.is_empty() || kinds.single() == Some(EntityKind::Location);
        if on.place_heads
            && matches!(s.kind, EntityKind::Misc | EntityKind::Organization)
            && place_or_unknown
            && place_head_before(info, s.start)
        {
            s.kind = EntityKind::Location;
        }
        if on.title_person
            && matches!(s.kind, EntityKind::Misc | EntityKind::Organization)
            && kinds.is_empty()
            && title_before(info, s.start)
        {
            s.kind = EntityKind::Person;
        }
        true
    }

    /// An adverb made from a nisba adjective, without the article: «دبلوماسيا»،
    /// «عسكريا» (the tanween is gone in the clean form). Its adjective (دبلوماسي) is a
    /// common word; names ending in يا that are (روسيا، سوريا) the caller rules out
    /// through the gazetteer.
    fn nisba_adverb(&self, w: &RuleWord) -> bool {
        if !w.arabic || w.article || w.lead != 0 || w.suffix != 0 {
            return false;
        }
        let text = w.clean();
        text.chars().count() >= 5
            && text.ends_with("يا")
            && text.strip_suffix('ا').is_some_and(|adjective| common_word(self.lexicon, adjective))
    }

    /// A common word with the article right after another word with the article that
    /// is no title: an adjective agreeing with its noun («وقف إطلاق النار الساري»), not
    /// a family name (after «الرئيس» a word like «الأسد» is one).
    fn agreeing_adjective(&self, info: &[WordInfo], words: &[RuleWord], at: usize) -> bool {
        let w = &words[at];
        if at == 0 || !w.arabic || !w.article || w.lead != 0 || !(self.common_word(w) || self.has_feminine(w)) {
            return false;
        }
        let prev = &words[at - 1];
        prev.arabic && prev.article && !is_title(&info[at - 1]) && !extends_title(&info[at - 1])
    }

    /// A word with the article whose feminine (…ة) news writes at least half as often:
    /// an adjective or participle (الساري/السارية), not a family name (الحريري).
    fn has_feminine(&self, w: &RuleWord) -> bool {
        const MIN_COUNT: u32 = 20;
        let clean = w.clean();
        if clean.ends_with('ة') {
            return false;
        }
        let (masculine, feminine) = (self.lexicon.count(clean), self.lexicon.count(&format!("{clean}ة")));
        feminine >= MIN_COUNT && 2 * feminine >= masculine
    }

    /// A span next to words that complete a known multi-word place or organisation
    /// once an inner long alef is dropped from a short word grows over them: «قاره باغ»
    /// is قره باغ ([`marsad_link::loose_keys`]). The key keeps that alef in short words (حسان and حسن
    /// are two names); in a longer known name it is only a spelling. Not for people.
    fn grow_loosely(&self, spans: Vec<Span>, info: &[WordInfo], words: &[RuleWord]) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::with_capacity(spans.len());
        for mut span in spans {
            if let Some((start, end, kind)) = self.loose_name_around(info, words, &span) {
                span = Span { start, end, kind };
            }
            match out.last_mut() {
                Some(last) if last.end > span.start => last.end = last.end.max(span.end),
                _ => out.push(span),
            }
        }
        out
    }

    fn loose_name_around(
        &self,
        info: &[WordInfo],
        words: &[RuleWord],
        span: &Span,
    ) -> Option<(usize, usize, EntityKind)> {
        const MAX_WORDS: usize = 4;
        let width = span.end - span.start;
        // Most spans have no word near them that loses an alef into a word of a known
        // place or organisation name: nothing to try.
        let near = span.start.saturating_sub(MAX_WORDS - 1)..(span.end + MAX_WORDS - 1).min(words.len());
        let part = token_kind::PART_LOC | token_kind::PART_ORG;
        if !near.into_iter().any(|i| {
            let w = &words[i];
            w.arabic && w.len() <= 8 && {
                loosened_key(&w.text(w.lead, w.len())).is_some_and(|k| self.gazetteer.token_kinds(&k) & part != 0)
            }
        }) {
            return None;
        }
        for len in (width + 1..=MAX_WORDS).rev() {
            let first = span.end.saturating_sub(len);
            for start in first..=span.start {
                let end = start + len;
                if end > words.len() {
                    break;
                }
                let mut outside = (start..span.start).chain(span.end..end);
                if outside.any(|i| !words[i].arabic || is_title(&info[i]))
                    || (start < span.start && words[span.start].lead > 0)
                {
                    continue;
                }
                // The span's own kind if the name is known with it, else what it is known as.
                let text = self.name_text(words, start, end);
                let gaz = self.gazetteer;
                if let Some(e) = gaz.lookup_loose(&text, Some(span.kind)).or_else(|| gaz.lookup_loose(&text, None)) {
                    return Some((start, end, e.kind));
                }
            }
        }
        None
    }

    /// The gazetteer knows the span's name only as a place, and it is no common word
    /// or person's name as well (رالي، فيكتوريا are also other things).
    fn only_place(&self, words: &[RuleWord], s: &Span, kinds: KindSet) -> bool {
        if kinds.single() != Some(EntityKind::Location) {
            return false;
        }
        if s.end - s.start > 1 {
            return true;
        }
        let w = &words[s.start];
        let key = name_key(&self.name_text(words, s.start, s.end));
        !self.common_word(w) && self.gazetteer.token_kinds(&key) & token_kind::NAME_TOKEN == 0
    }

    /// A tagged span that covers part of a known multi-word name grows to the whole
    /// name («ناجورنو» of «ناجورنو قره باغ», «مينسك» of «مجموعة مينسك»), taking the
    /// name's kind when it was MISC; but not over words that leave the entity the same
    /// («دولة الكويت», «حركة حماس», «الكونغرس الأميركي» are الكويت، حماس، الكونغرس) nor
    /// over a title in front («الملك»).
    fn extend_to_known_names(&self, spans: Vec<Span>, info: &[WordInfo], words: &[RuleWord]) -> Vec<Span> {
        let marks = phrase_marks(info, self.names);
        let mut out: Vec<Span> = Vec::with_capacity(spans.len());
        for mut span in spans {
            // The known name around the span's first word: back to its first word, on to its last.
            let mut start = span.start;
            while start > 0 && marks[start].is_multiple_of(2) && marks[start] != 0 {
                start -= 1;
            }
            if marks[start] % 2 == 1 {
                let mut end = start + 1;
                while end < marks.len() && marks[end] == marks[start] + 1 {
                    end += 1;
                }
                let kind = EntityKind::ALL[(marks[start] as usize - 1) / 2];
                // Words around the tagged part that do not change which entity it is
                // (دولة الكويت is الكويت) stay out, as do titles.
                let full = self.entity_id(words, start, end, kind);
                while start < span.start
                    && (is_title(&info[start])
                        || (full.is_some() && self.entity_id(words, start + 1, end, kind) == full))
                {
                    start += 1;
                }
                // After the name, only a place's adjective is left out («الكونغرس
                // الأميركي»); other words are epithets of the name (مكة المكرمة).
                while end > span.end
                    && full.is_some()
                    && self.place_adjective(&words[end - 1])
                    && self.entity_id(words, start, end - 1, kind) == full
                {
                    end -= 1;
                }
                if end - start >= 2 && start <= span.start && end >= span.end {
                    // Grown to a longer name, it is that name («مينسك» tagged LOC in
                    // «مجموعة مينسك»); the same words keep the tagger's kind unless MISC.
                    if span.kind == EntityKind::Misc || (start, end) != (span.start, span.end) {
                        span.kind = kind;
                    }
                    span.start = start;
                    span.end = end;
                }
            }
            match out.last_mut() {
                Some(last) if last.end > span.start => last.end = last.end.max(span.end),
                _ => out.push(span),
            }
        }
        out
    }

    /// One kind per name in a document.
    fn consistent_kinds(&self, words: &[Vec<RuleWord>], doc: &mut [Vec<Span>]) {
        let mut by_name: HashMap<String, [u32; 4]> = HashMap::new();
        let mut keys: Vec<Vec<String>> = Vec::with_capacity(doc.len());
        for (sentence, spans) in words.iter().zip(doc.iter()) {
            let k: Vec<String> = spans.iter().map(|s| name_key(&self.name_text(sentence, s.start, s.end))).collect();
            for (s, key) in spans.iter().zip(&k) {
                if !key.is_empty() {
                    by_name.entry(key.clone()).or_default()[s.kind.index()] += 1;
                }
            }
            keys.push(k);
        }
        // The kind for each name, and whether most of its mentions have it.
        let mut chosen: HashMap<&str, (EntityKind, bool)> = HashMap::new();
        for (key, counts) in &by_name {
            if counts.iter().filter(|&&c| c > 0).count() < 2 {
                continue;
            }
            let present = KindSet(counts.iter().enumerate().filter(|(_, c)| **c > 0).fold(0, |m, (i, _)| m | 1 << i));
            let known = KindSet(self.gazetteer.kinds_of_key(key).0 & present.0);
            let total: u32 = counts.iter().sum();
            let majority = |k: EntityKind| 2 * counts[k.index()] > total;
            let kind = known.single().or_else(|| {
                let (best, _) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
                Some(EntityKind::ALL[best]).filter(|&k| majority(k))
            });
            if let Some(kind) = kind {
                chosen.insert(key.as_str(), (kind, majority(kind)));
            }
        }
        if chosen.is_empty() {
            return;
        }
        for (spans, k) in doc.iter_mut().zip(&keys) {
            for (s, key) in spans.iter_mut().zip(k) {
                // A place may stand for its government or its team (ORG) beside its
                // mentions as a place; unless most mentions read it as a place.
                match chosen.get(key.as_str()) {
                    Some((EntityKind::Location, false)) if s.kind == EntityKind::Organization => {}
                    Some(&(kind, _)) => s.kind = kind,
                    None => {}
                }
            }
        }
    }
}

/// A person's title phrase ends right before word `at`: a title, then office words
/// and adjectives («الرئيس», «وزير الخارجية الصيني»).
fn title_before(info: &[WordInfo], at: usize) -> bool {
    // A complete title ends in an adjective («الصيني»); «رئيس حزب …», «الأمين العام
    // للأمم المتحدة» are offices of what follows.
    let at = skip_opening_quote(info, at);
    if at == 0 || !nisba_with_article(&info[at - 1]) {
        return false;
    }
    let mut i = at;
    while i > 0 && at - i < 6 {
        let w = &info[i - 1];
        if is_title(w) {
            return true;
        }
        if !extends_title(w) {
            return false;
        }
        i -= 1;
    }
    false
}

/// Words (stems, `Key` form) for kinds of places: what follows them is a place name
/// («مدينة هانكندي», «بلدة …»).
const PLACE_HEADS: &[&str] =
    &["مدينه", "بلده", "قريه", "عاصمه", "محافظه", "ولايه", "اقليم", "مقاطعه", "جزيره", "ميناء", "بلدات", "مدن", "قري"];

/// A place head right before word `at`, maybe with an opening quotation mark between.
fn place_head_before(info: &[WordInfo], at: usize) -> bool {
    let i = skip_opening_quote(info, at);
    i > 0 && PLACE_HEADS.contains(&info[i - 1].stem())
}

/// Word `at`, or the opening quotation mark or bracket right before it.
fn skip_opening_quote(info: &[WordInfo], at: usize) -> usize {
    let opening = |w: &WordInfo| w.shape == Shape::Punct && w.key.chars().all(|c| "\"«“‘'(".contains(c));
    if at > 0 && opening(&info[at - 1]) { at - 1 } else { at }
}

/// BIO labels of `n` words with these spans (for scoring refined spans).
pub fn labels_of(n: usize, spans: &[Span]) -> Vec<Label> {
    let mut out = vec![Label::O; n];
    for s in spans {
        if let Some(words) = out.get_mut(s.start..s.end.min(n)) {
            for (k, label) in words.iter_mut().enumerate() {
                *label = if k == 0 { Label::begin(s.kind) } else { Label::inside(s.kind) };
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rules(names: &NameLists) -> SpanRules<'_> {
        SpanRules { gazetteer: Gazetteer::builtin(), lexicon: Lexicon::builtin(), names, enabled: RuleSet::DEFAULT }
    }

    /// Tags each sentence (words split at spaces, one tag per word) and returns the
    /// refined spans as (words, kind).
    fn refine(rules: &SpanRules, doc: &[(&str, &str)]) -> Vec<Vec<(String, EntityKind)>> {
        let lexicon = Lexicon::builtin();
        let raw: Vec<Vec<&str>> = doc.iter().map(|(text, _)| text.split(' ').collect()).collect();
        let info: Vec<Vec<WordInfo>> =
            raw.iter().map(|ws| ws.iter().map(|w| WordInfo::new(w, lexicon, None, None)).collect()).collect();
        let words: Vec<Vec<RuleWord>> =
            raw.iter().map(|ws| ws.iter().map(|w| RuleWord::new(w, lexicon)).collect()).collect();
        let labels: Vec<Vec<Label>> = doc
            .iter()
            .map(|(text, tags)| {
                let labels: Vec<Label> = tags.split(' ').map(|t| Label::parse(t).unwrap()).collect();
                assert_eq!(labels.len(), text.split(' ').count(), "{text}");
                labels
            })
            .collect();
        rules
            .refine(&info, &words, &labels)
            .iter()
            .zip(&raw)
            .map(|(spans, ws)| spans.iter().map(|s| (ws[s.start..s.end].join(" "), s.kind)).collect())
            .collect()
    }

    fn one(rules: &SpanRules, text: &str, tags: &str) -> Vec<(String, EntityKind)> {
        refine(rules, &[(text, tags)]).remove(0)
    }

    fn span(text: &str, kind: EntityKind) -> (String, EntityKind) {
        (text.to_string(), kind)
    }

    use EntityKind::{Location as LOC, Organization as ORG, Person as PER};

    #[test]
    fn loose_spellings_of_known_names_grow() {
        let names = NameLists::default();
        let r = rules(&names);
        assert_eq!(
            one(&r, "المحادثات بشأن ناغورني قاره باغ مصيرها", "O O B-LOC O B-ORG O"),
            vec![span("ناغورني قاره باغ", LOC)]
        );
        assert_eq!(one(&r, "لأراض أذرية في قاره باغ منذ", "O O O O B-ORG O"), vec![span("قاره باغ", LOC)]);
    }

    #[test]
    fn adverbs_and_agreeing_adjectives_are_not_names() {
        let names = NameLists::default();
        let r = rules(&names);
        assert_eq!(one(&r, "تريد أنقرة حلا دبلوماسيا للأزمة", "O B-LOC O B-LOC O"), vec![span("أنقرة", LOC)]);
        assert_eq!(one(&r, "زار الوفد روسيا أمس", "O O B-LOC O"), vec![span("روسيا", LOC)]);
        assert_eq!(one(&r, "خرق وقف إطلاق النار الساري منذ الأربعاء", "O O O O B-PER O O"), vec![]);
        assert_eq!(one(&r, "قال الرئيس الأسد إن", "O O B-PER O"), vec![span("الأسد", PER)]);
    }

    #[test]
    fn common_words_are_not_names() {
        let names = NameLists::default();
        let r = rules(&names);
        // «through the mediation of», «night of», «party of» tagged as names.
        assert_eq!(one(&r, "توصل الطرفان إلى تهدئة بوساطة مصرية", "O O O O B-LOC O"), vec![]);
        assert_eq!(one(&r, "وصل الوفد ليل الجمعة", "O O B-ORG O"), vec![]);
        assert_eq!(one(&r, "انشق نواب عن حزب المعارضة", "O O O B-ORG O"), vec![]);
        // Names stay, with or without the article.
        assert_eq!(one(&r, "وصل الوفد إلى موسكو", "O O O B-LOC"), vec![span("موسكو", LOC)]);
        assert_eq!(one(&r, "تعاقد اللاعب مع الاتفاق", "O O O B-ORG"), vec![span("الاتفاق", ORG)]);
        // Without the rule the tagger's spans are kept.
        let off = SpanRules { enabled: RuleSet::NONE, ..rules(&names) };
        assert_eq!(one(&off, "وصل الوفد ليل الجمعة", "O O B-ORG O"), vec![span("ليل", ORG)]);
    }

    #[test]
    fn places_side_by_side_are_split() {
        let names = NameLists::default();
        let r = rules(&names);
        // A city and its country's adjective, in one span or two.
        assert_eq!(one(&r, "وصل الوفد إلى الدمام السعودية أمس", "O O O B-LOC I-LOC O"), vec![span("الدمام", LOC)]);
        assert_eq!(one(&r, "وصل الوفد إلى الدمام السعودية أمس", "O O O B-LOC B-LOC O"), vec![span("الدمام", LOC)]);
        // Two places.
        assert_eq!(
            one(&r, "تنقل المفاوضون بين جنيف ولندن", "O O O B-LOC I-LOC"),
            vec![span("جنيف", LOC), span("ولندن", LOC)]
        );
        // A known name of two words stays whole.
        assert_eq!(one(&r, "زار الوزير كوريا الجنوبية", "O O B-LOC I-LOC"), vec![span("كوريا الجنوبية", LOC)]);
        // An unknown second word: nothing to say.
        assert_eq!(one(&r, "زار الوزير حي الزهور", "O O B-LOC I-LOC"), vec![span("حي الزهور", LOC)]);
    }

    #[test]
    fn people_joined_by_and_or_a_verb_are_cut() {
        let names = NameLists::default();
        let r = rules(&names);
        assert_eq!(one(&r, "التقى ترامب وبوتين أمس", "O B-PER I-PER O"), vec![span("ترامب", PER), span("وبوتين", PER)]);
        assert_eq!(one(&r, "وقال إن ماكرون بحثا الملف", "O O B-PER I-PER O"), vec![span("ماكرون", PER)]);
        // Names that start with و, and a known full name, stay whole.
        assert_eq!(one(&r, "ضريح سعد بن أبي وقاص", "O B-PER I-PER I-PER I-PER"), vec![span("سعد بن أبي وقاص", PER)]);
        assert_eq!(one(&r, "قال حافظ الأسد", "O B-PER I-PER"), vec![span("حافظ الأسد", PER)]);
    }

    #[test]
    fn pieces_of_a_known_name_are_merged() {
        let names = NameLists::default();
        let r = rules(&names);
        assert_eq!(
            one(&r, "تجدد القتال في ناغوررني كاراباخ", "O O O B-LOC B-LOC"),
            vec![span("ناغوررني كاراباخ", LOC)]
        );
        // Two places side by side stay two.
        assert_eq!(one(&r, "رحلات بين موسكو باريس", "O O B-LOC B-LOC"), vec![span("موسكو", LOC), span("باريس", LOC)]);
    }

    #[test]
    fn kinds_from_the_gazetteer_and_the_context() {
        let names = NameLists::default();
        let r = rules(&names);
        // A known city tagged MISC; an unknown name after «بلدة» (across a quote).
        assert_eq!(one(&r, "وصل الوزير إلى تبليسي", "O O O B-MISC"), vec![span("تبليسي", LOC)]);
        assert_eq!(one(&r, "قصفت بلدة « كفرنبودة » أمس", "O O O B-ORG O O"), vec![span("كفرنبودة", LOC)]);
        // After a complete title, an unknown name is a person; after an office, not.
        assert_eq!(one(&r, "وقال وزير الدفاع الياباني كيهارا إن", "O O O O B-MISC O"), vec![span("كيهارا", PER)]);
        assert_eq!(one(&r, "قال رئيس حزب التجمع", "O O B-ORG I-ORG"), vec![span("حزب التجمع", ORG)]);
    }

    #[test]
    fn one_name_has_one_kind_in_a_document() {
        let names = NameLists::default();
        let r = rules(&names);
        let doc = [("أعلن الكرملين أمس", "O B-ORG O"), ("عقد الاجتماع في الكرملين", "O O O B-LOC")];
        assert_eq!(refine(&r, &doc), vec![vec![span("الكرملين", ORG)], vec![span("الكرملين", ORG)]]);
        // A country standing for its government keeps ORG beside its place mentions…
        let doc = [("روسيا تدين الهجوم", "B-ORG O O"), ("وصل إلى روسيا", "O O B-LOC")];
        assert_eq!(refine(&r, &doc), vec![vec![span("روسيا", ORG)], vec![span("روسيا", LOC)]]);
        // …unless most of the document reads it as a place.
        let doc = [("روسيا تدين الهجوم", "B-ORG O O"), ("وصل إلى روسيا", "O O B-LOC"), ("غادر روسيا", "O B-LOC")];
        assert_eq!(refine(&r, &doc)[0], vec![span("روسيا", LOC)]);
    }

    #[test]
    fn known_names_grow_but_not_over_their_heads() {
        let lexicon = Lexicon::builtin();
        let mut names = NameLists::default();
        names.add_name("دولة الكويت", LOC, lexicon);
        names.add_name("مجموعة مينسك", ORG, lexicon);
        names.add_name("ناجورنو قره باغ", LOC, lexicon);
        let r = rules(&names);
        // دولة الكويت is الكويت: the head stays out.
        assert_eq!(one(&r, "أمير دولة الكويت", "O O B-LOC"), vec![span("الكويت", LOC)]);
        // مجموعة مينسك is not مينسك: the span grows, and takes the name's kind.
        assert_eq!(one(&r, "رئاسة مجموعة مينسك", "O O B-LOC"), vec![span("مجموعة مينسك", ORG)]);
        assert_eq!(one(&r, "في ناجورنو قره باغ", "O B-MISC O O"), vec![span("ناجورنو قره باغ", LOC)]);
        // Titles never join a name.
        assert_eq!(one(&r, "قال الملك حافظ", "O B-PER I-PER"), vec![span("حافظ", PER)]);
    }

    #[test]
    fn where_names_start_and_end_inside_words() {
        let names = NameLists::default();
        let r = rules(&names);
        let lexicon = Lexicon::builtin();
        // A conjunction comes off; not off a name that starts with its letter.
        assert_eq!(r.lead(&RuleWord::new("وموسكو", lexicon)), 1);
        assert_eq!(r.lead(&RuleWord::new("وانغ", lexicon)), 0);
        assert_eq!(r.name_text(&[RuleWord::new("بالرئيس", lexicon)], 0, 1), "الرئيس");
        // A foreign name ending in ي keeps it.
        assert_eq!(r.tail(&RuleWord::new("كوتري", lexicon)), 0);
        assert_eq!(r.name_text(&[RuleWord::new("هانكندي", lexicon)], 0, 1), "هانكندي");
    }

    #[test]
    fn rule_sets_parse() {
        assert_eq!(RuleSet::parse("default").unwrap(), RuleSet::DEFAULT);
        assert_eq!(RuleSet::parse("none").unwrap(), RuleSet::NONE);
        let s = RuleSet::parse("none,titles,+merge").unwrap();
        assert!(s.titles && s.merge && !s.common_words);
        let s = RuleSet::parse("default,-common-words").unwrap();
        assert!(!s.common_words && s.titles);
        assert!(RuleSet::parse("default,nonsense").unwrap_err().contains("nonsense"));
        assert_eq!(RULE_NAMES.len(), 15);
        let mut all = RuleSet::NONE;
        for name in RULE_NAMES {
            *all.flag(name).unwrap() = true;
        }
        assert!(all.relabel_org && all.loose_names && all.adverbs && all.adjectives && all.consistent_kinds);
    }

    #[test]
    fn labels_round_trip_through_spans() {
        let labels: Vec<Label> =
            ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"].iter().map(|t| Label::parse(t).unwrap()).collect();
        assert_eq!(labels_of(labels.len(), &spans(&labels)), labels);
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_stay_in_order(
            words in prop::collection::vec(prop::sample::select(vec![
                "بوساطة", "موسكو", "وبوتين", "ال", "و", "«", "الروسي", "الرئيس", "ليل", "السعودية", "جدة",
                "x", "", "ة", "بالـ", "وال", "كاراباخ", "ناغورني", "مدينة", "ي", "وزير",
            ]), 0..12),
            tags in prop::collection::vec(0u8..9, 0..12),
        ) {
            let names = NameLists::default();
            let r = rules(&names);
            let lexicon = Lexicon::builtin();
            let info: Vec<WordInfo> = words.iter().map(|w| WordInfo::new(w, lexicon, None, None)).collect();
            let rw: Vec<RuleWord> = words.iter().map(|w| RuleWord::new(w, lexicon)).collect();
            let labels: Vec<Label> = tags.iter().map(|&t| Label(t)).collect();
            let out = r.refine(&[info], &[rw], &[labels]);
            let mut at = 0;
            for s in &out[0] {
                prop_assert!(s.start >= at && s.start < s.end && s.end <= words.len().min(tags.len()));
                at = s.end;
            }
        }
    }
}
