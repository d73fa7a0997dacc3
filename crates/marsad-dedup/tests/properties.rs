//! Invariants of the shingler, MinHash, winnowing and alignment, on arbitrary input.

use marsad_dedup::minhash::{Banding, signature_from_bytes, signature_to_bytes};
use marsad_dedup::reuse::{kgram_hashes, winnow_hashes};
use marsad_dedup::{MinHasher, ReuseConfig, Words, align, all_pairs_exact, jaccard, shingles, winnow};
use proptest::prelude::*;

fn word_seq() -> impl Strategy<Value = Vec<u64>> {
    // A small vocabulary, so that sequences share words and n-grams.
    prop::collection::vec(0u64..12, 0..80)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn words_never_panic_and_spans_are_ordered(text in "\\PC{0,200}") {
        let w = Words::of_text(&text);
        let n = text.chars().count() as u32;
        prop_assert_eq!(w.hashes.len(), w.spans.len());
        // Starts never go backwards (NFKC may map two words into one original character).
        let mut last = 0;
        for s in &w.spans {
            prop_assert!(s.start <= s.end && s.end <= n);
            prop_assert!(s.start >= last);
            last = s.start;
        }
    }

    #[test]
    fn shingles_are_sorted_distinct_and_order_free_of_duplicates(words in word_seq(), k in 1usize..7) {
        let s = shingles(&words, k);
        prop_assert!(s.windows(2).all(|p| p[0] < p[1]));
        prop_assert!(s.len() <= words.len().max(1));
        prop_assert_eq!(s.is_empty(), words.is_empty());
        // Doubling the text adds at most k-1 shingles (those across the seam).
        let mut twice = words.clone();
        twice.extend_from_slice(&words);
        prop_assert!(shingles(&twice, k).len() <= s.len() + k);
    }

    #[test]
    fn jaccard_is_symmetric_and_bounded(a in word_seq(), b in word_seq()) {
        let (sa, sb) = (shingles(&a, 3), shingles(&b, 3));
        let (i, u) = jaccard(&sa, &sb);
        prop_assert_eq!((i, u), jaccard(&sb, &sa));
        prop_assert!(i <= sa.len().min(sb.len()) && u >= sa.len().max(sb.len()));
        prop_assert_eq!(jaccard(&sa, &sa), (sa.len(), sa.len()));
    }

    #[test]
    fn minhash_agrees_with_sets(a in word_seq(), b in word_seq()) {
        let m = MinHasher::new(64);
        let (sa, sb) = (shingles(&a, 3), shingles(&b, 3));
        let (siga, sigb) = (m.signature(&sa), m.signature(&sb));
        prop_assert_eq!(siga.len(), 64);
        // Equal sets give equal signatures; the signature of a union is the minimum.
        if sa == sb {
            prop_assert_eq!(&siga, &sigb);
        }
        let mut union = sa.clone();
        union.extend_from_slice(&sb);
        union.sort_unstable();
        union.dedup();
        let sigu = m.signature(&union);
        for ((x, y), u) in siga.iter().zip(&sigb).zip(&sigu) {
            prop_assert_eq!(*u, *x.min(y));
        }
        // Disjoint non-empty sets share (almost) no minimum.
        let est = MinHasher::estimate(&siga, &sigb);
        let (i, _) = jaccard(&sa, &sb);
        if i == 0 && !sa.is_empty() && !sb.is_empty() {
            prop_assert!(est < 0.2, "estimate {est} for disjoint sets");
        }
        prop_assert_eq!(signature_from_bytes(&signature_to_bytes(&siga), 64).unwrap(), siga);
    }

    #[test]
    fn banding_keeps_its_promise(t in 0.3f64..0.95) {
        let b = Banding::for_threshold(t, 128, 1e-6);
        prop_assert!(b.bands * b.rows <= 128 && b.rows >= 1);
        prop_assert!(b.candidate_probability(t) >= 1.0 - 1e-6 || b.rows == 1);
    }

    #[test]
    fn winnowing_is_ordered_and_covers_every_window(words in word_seq(), min_words in 5usize..12) {
        let cfg = ReuseConfig { min_words, ..ReuseConfig::default() };
        let fps = winnow(&words, &cfg);
        let hashes = kgram_hashes(&words, cfg.k());
        prop_assert_eq!(&fps, &winnow_hashes(&hashes, cfg.window()));
        prop_assert!(fps.windows(2).all(|p| p[0].1 < p[1].1));
        for &(h, pos) in &fps {
            prop_assert_eq!(hashes[pos as usize], h);
        }
        // Every window of `window` consecutive k-grams holds a selected position.
        let w = cfg.window();
        if hashes.len() >= w {
            for start in 0..=hashes.len() - w {
                prop_assert!(fps.iter().any(|&(_, p)| (p as usize) >= start && (p as usize) < start + w));
            }
        }
    }

    #[test]
    fn passages_are_in_range_long_enough_and_anchored(a in word_seq(), b in word_seq(), cut in 0usize..40) {
        let cfg = ReuseConfig::default();
        // Plant a shared run of fresh words so that there is something to find.
        let planted: Vec<u64> = (1000..1012).collect();
        let mut a = a;
        let mut b = b;
        let at_a = cut.min(a.len());
        let at_b = (cut / 2).min(b.len());
        a.splice(at_a..at_a, planted.iter().copied());
        b.splice(at_b..at_b, planted.iter().copied());
        let ps = align(&a, &b, &cfg);
        prop_assert!(ps.iter().any(|p| p.a.start <= at_a && p.a.end >= at_a + 12 && p.b.start <= at_b && p.b.end >= at_b + 12),
            "planted run not covered: {ps:?}");
        for p in &ps {
            prop_assert!(p.a.end <= a.len() && p.b.end <= b.len());
            prop_assert!(p.a.len() >= cfg.min_words && p.b.len() >= cfg.min_words);
            // Every passage starts on a matching k-gram.
            prop_assert_eq!(&a[p.a.start..p.a.start + cfg.k], &b[p.b.start..p.b.start + cfg.k]);
        }
        prop_assert!(ps.windows(2).all(|x| x[0].a.start <= x[1].a.start));
    }

    #[test]
    fn exact_join_equals_brute_force(docs in prop::collection::vec(word_seq(), 0..12), t in 0.3f64..1.0) {
        let sets: Vec<Vec<u64>> = docs.iter().map(|d| shingles(d, 2)).collect();
        let got = all_pairs_exact(&sets, t);
        let num = marsad_dedup::exact::threshold_num(t);
        let mut want = Vec::new();
        for i in 0..sets.len() {
            for j in i + 1..sets.len() {
                let (inter, union) = jaccard(&sets[i], &sets[j]);
                if marsad_dedup::exact::reaches(inter, union, num) {
                    want.push((i as u32, j as u32, inter as u32, union as u32));
                }
            }
        }
        prop_assert_eq!(got, want);
    }
}
