//! The analyser's terms on our own sentence, kept as a snapshot.

use marsad_index::analyze;

#[test]
fn analyser_terms_of_a_fixture_sentence() {
    let text =
        "وأكّد وزيرُ الخارجية الأرمينيّ للصحفيين أنّ حكومته تتابع الوضع في ناغورنو قره باغ، وبموسكو يُنتظر ردّ أذربیجان.";
    let lines: Vec<String> = analyze(text, None)
        .into_iter()
        .map(|t| {
            let word: String = text.chars().skip(t.start).take(t.end - t.start).collect();
            format!("{:>2} {}..{} {} | stem {} | light {}", t.position, t.start, t.end, word, t.stem, t.light)
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
