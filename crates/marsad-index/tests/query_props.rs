//! Property tests of the query parser: any string is parsed or refused with an error,
//! never a panic; plain words come back as they were typed.

use marsad_index::query::{MAX_QUERY_CHARS, Node, parse};
use proptest::prelude::*;

fn words(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::Word(w) => out.push(w.clone()),
        Node::Phrase(ws) => out.extend(ws.iter().cloned()),
        Node::And(parts) | Node::Or(parts) => parts.iter().for_each(|p| words(p, out)),
        Node::Not(inner) => words(inner, out),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn never_panics(q in "[\\PC\"«»()|+\\- ]{0,200}") {
        let _ = parse(&q);
    }

    #[test]
    fn operators_and_words(q in proptest::collection::vec(
        prop_oneof!["[ابتثجحخدذرزسشصضطظعغفقكلمنهوي]{1,6}", Just("AND".to_string()), Just("OR".to_string()),
            Just("NOT".to_string()), Just("(".to_string()), Just(")".to_string()), Just("\"".to_string()),
            Just("-".to_string()), Just("+".to_string())], 0..40)) {
        let text = q.join(" ");
        // Short queries with at most 16 opening parentheses are always accepted.
        let parsed = parse(&text);
        if q.iter().filter(|t| *t == "(").count() <= 16 {
            prop_assert!(parsed.is_ok(), "{text}: {parsed:?}");
        }
        // Every word typed is kept, in order.
        if let Ok(Some(node)) = parsed {
            let mut got = Vec::new();
            words(&node, &mut got);
            // Inside a phrase, operators are words too; count the Arabic ones.
            got.retain(|w| w.chars().all(|c| ('ا'..='ي').contains(&c)));
            let typed: Vec<&String> = q.iter().filter(|t| t.chars().all(|c| ('ا'..='ي').contains(&c))).collect();
            prop_assert_eq!(got.len(), typed.len(), "{}", text);
        }
    }

    #[test]
    fn plain_words_are_an_and(ws in proptest::collection::vec("[ابتثجحخدذرزسشصضطظعغفقكلمنهوي]{1,8}", 2..8)) {
        let parsed = parse(&ws.join(" ")).unwrap();
        prop_assert_eq!(parsed, Some(Node::And(ws.iter().map(|w| Node::Word(w.clone())).collect())));
    }
}

#[test]
fn too_long_is_an_error() {
    assert!(parse(&"ب ".repeat(MAX_QUERY_CHARS)).is_err());
}
