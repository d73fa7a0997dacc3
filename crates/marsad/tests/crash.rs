//! An ingest killed at random points and run again ends with every document exactly
//! once: batches are transactions, and re-ingesting stored content is a no-op.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{marsad, run, stats};

const WORDS: &[&str] = &[
    "الحكومة",
    "البرلمان",
    "المدينة",
    "الوزير",
    "المحادثات",
    "الاتفاق",
    "الجيش",
    "المساعدات",
    "الانتخابات",
    "الاقتصاد",
    "الشركة",
    "المستشفى",
    "الطلاب",
    "المزارعين",
    "الأسعار",
    "الميناء",
    "القمة",
    "المعارضة",
    "السكان",
    "الطقس",
];

/// Distinct articles spread over several JSONL files and plain text files.
fn write_corpus(dir: &Path, files: usize, per_file: usize) -> usize {
    let mut n = 0;
    for f in 0..files {
        let mut lines = String::new();
        for _ in 0..per_file {
            n += 1;
            let body: Vec<String> = (0..40)
                .map(|k| {
                    format!(
                        "{} {} رقم {}",
                        WORDS[(n * 7 + k) % WORDS.len()],
                        WORDS[(n + k * 3) % WORDS.len()],
                        n * 100 + k
                    )
                })
                .collect();
            let text = format!("أعلنت {} اليوم أن {}.", WORDS[n % WORDS.len()], body.join(" و"));
            lines.push_str(
                &serde_json::json!({"id": format!("c{n}"), "title": format!("خبر {n}"), "text": text}).to_string(),
            );
            lines.push('\n');
        }
        std::fs::write(dir.join(format!("part-{f:02}.jsonl")), lines).unwrap();
        n += 1;
        std::fs::write(
            dir.join(format!("note-{f:02}.txt")),
            format!("عنوان الملاحظة {f}\nنص الملاحظة رقم {n} عن {} والمدينة.", WORDS[f % WORDS.len()]),
        )
        .unwrap();
    }
    n
}

/// A small deterministic generator for kill points.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_ingests_resume_with_nothing_lost_or_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let expected = write_corpus(&corpus, 6, 700);

    // How long does a whole run take here? Kill points are drawn across that span.
    let calibration = dir.path().join("calibration");
    let t = Instant::now();
    let (code, _, err) = run(marsad(&calibration).arg("ingest").arg(&corpus));
    assert_eq!(code, 0, "{err}");
    let full = t.elapsed();
    assert_eq!(stats(&calibration)["documents"], expected as u64);

    let data = dir.path().join("data");
    let mut rng = XorShift(0x5eed_1234_abcd_0042);
    let mut killed = 0;
    for _ in 0..8 {
        let mut child = marsad(&data)
            .arg("ingest")
            .arg(&corpus)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Within the first 60 % of a whole run: a run after a kill re-reads what is stored
        // (quickly) and finishes the rest, stories and indexes included, so it is shorter
        // than the calibration run; later kill points would let most runs end untouched.
        let at = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 6 / 10 + 1));
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL: no chance to clean up
            killed += 1;
        }
        child.wait().unwrap();
        // Whatever is stored so far is stored exactly once.
        let s = stats(&data);
        assert!(s["documents"].as_u64().unwrap() <= expected as u64);
        assert_eq!(s["documents"], s["provenance"], "one source per document in this corpus");
    }
    assert!(killed >= 3, "most runs should have been interrupted (only {killed} were)");

    let (code, _, err) = run(marsad(&data).arg("ingest").arg(&corpus));
    assert_eq!(code, 0, "{err}");
    let s = stats(&data);
    assert_eq!(s["documents"], expected as u64);
    assert_eq!(s["provenance"], expected as u64);

    let store = marsad_store::Store::open(&data).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    // Every document is in exactly one event and one saga, whatever runs were killed.
    assert!(store.unplaced_documents().unwrap().is_empty());
    let memberships: i64 =
        store.connection().query_row("SELECT count(*) FROM story_documents", [], |r| r.get(0)).unwrap();
    assert_eq!(memberships, 2 * expected as i64);
}
