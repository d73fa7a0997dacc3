//! Two reports of our own built on the same agency text, written with different
//! spellings (hamza, ta marbuta, diacritics, tatweel, quotation marks): the shared passage
//! is found with its offsets in both originals, although the reports as wholes are far
//! from duplicates.

use marsad_dedup::{DupConfig, ReuseConfig, Words, detect, jaccard, shingles};

const A: &str = "أفادت مصادر محلية بأن الأمطار الغزيرة تسببت في انقطاع الطرق الجبلية. \
وقالت وزارة الداخلية في بيان «إن فرق الإنقاذ أجلت مئةً وعشرين عائلة من القرى المنكوبة ونقلتها إلى مدارس \
تحولت إلى مراكز إيواء مؤقتة». ويتوقع خبراء الأرصاد تحسن الطقس نهاية الأسبوع.";

const B: &str = "تواصل السلطات تقييم الأضرار بعد العاصفة التي ضربت الشمال. وقالت وزارة الداخليه في بيان \
\"ان فرق الانقاذ اجلت مئة وعشرين عائلـة من القرى المنكوبة ونقلتها الى مدارس تحولت الى مراكز ايواء مؤقتة\". \
وتعهد رئيس الحكومة بتعويض المتضررين وإعادة فتح الطرق خلال أيام، فيما طالب نواب المعارضة بتحقيق في تأخر الاستجابة.";

#[test]
fn shared_passage_across_spellings() {
    let (wa, wb) = (Words::of_text(A), Words::of_text(B));
    let (sa, sb) = (shingles(&wa.hashes, 5), shingles(&wb.hashes, 5));
    let (i, u) = jaccard(&sa, &sb);
    assert!((i as f64 / u as f64) < 0.5, "the reports are not near-duplicates");

    let cfg = ReuseConfig::default();
    let res = detect(&[&wa.hashes, &wb.hashes], &DupConfig::default(), &cfg, true);
    assert!(res.groups.is_empty());
    assert_eq!(res.reuse.len(), 1);
    let p = &res.reuse[0].passages;
    assert_eq!(p.len(), 1, "{p:?}");
    let (ra, rb) = (wa.original_range(p[0].a.clone()), wb.original_range(p[0].b.clone()));
    let ca: Vec<char> = A.chars().collect();
    let cb: Vec<char> = B.chars().collect();
    let ta: String = ca[ra].iter().collect();
    let tb: String = cb[rb].iter().collect();
    assert!(ta.starts_with("وقالت وزارة الداخلية") && ta.ends_with("مراكز إيواء مؤقتة"), "{ta}");
    assert!(tb.starts_with("وقالت وزارة الداخليه") && tb.ends_with("مراكز ايواء مؤقتة"), "{tb}");
}
