//! The shipped lexicon's segmentation of words chosen to cover the hard cases: real
//! clitics, words that merely start or end with clitic letters, hamza spellings, names.
//! The sentences are our own. A change in the output is a change in behaviour: review
//! the snapshot diff before accepting it.

use marsad_text::{Lexicon, TextLayer, TokenKind};

fn segmented(text: &str) -> String {
    let layer = TextLayer::new(text);
    let mut out = Vec::new();
    for t in &layer.tokens {
        if t.kind != TokenKind::Arabic {
            continue;
        }
        let surface = layer.token_text(t);
        let mut parts: Vec<String> = t.seg.proclitics(surface).iter().map(|p| format!("{p}+")).collect();
        parts.push(t.stem(layer.text()).to_string());
        if let Some(e) = t.seg.enclitic(surface) {
            parts.push(format!("+{e}"));
        }
        out.push(format!("{surface} → {}", parts.concat()));
    }
    out.join("\n")
}

#[test]
fn lexicon_is_loaded() {
    let lex = Lexicon::builtin();
    assert!(lex.len() > 100_000, "the shipped lexicon should hold the corpus vocabulary, got {}", lex.len());
    assert!(lex.count("الرئيس") > 1000);
}

#[test]
fn clitics_of_news_words() {
    let text = "وقال المتحدث باسم وزارة الخارجية للصحفيين إن بلاده وحكومته لن تقبل بالتسوية، \
                وأضاف أن لافروف وبوتين والمستشار الألماني ناقشوا الأزمة في موسكو وبرلين ولبنان للبنان. \
                وأكدت الوزارة في بيانها أن الأسهم تراجعت في ألمانيا والمانيا وأبها بالتزامن مع وصول الوفد. \
                وبالتالي فإن وحدة الصف ضرورية لهم ولنا، قال فيصل وسام عليه وعنها ومنهم.";
    insta::assert_snapshot!(segmented(text));
}

#[test]
fn unseen_names_keep_their_letters() {
    // Invented names, certainly absent from the lexicon: only an article or a leading و
    // (before a long word) is taken off.
    let text = "وصل زاخارنيكوف إلى بارستوفيا، وقابل والزارنيكي وبارستوفيان والبارستوفي";
    insta::assert_snapshot!(segmented(text));
}
