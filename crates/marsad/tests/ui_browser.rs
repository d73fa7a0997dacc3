//! The web UI in a real browser: headless Chromium (Debian's `chromium`) loads pages of a
//! `marsad serve` started on loopback over a store filled from the repository's own example
//! articles, with the real analysis pipeline. Checks the DOM the browser built and saves
//! phone-sized screenshots to `target/ui-screenshots/`. Skips, saying why, without Chromium
//! (CI installs it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn marsad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A plain HTTP/1.1 GET on loopback: (status, body).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

struct Browser {
    bin: PathBuf,
    profile: tempfile::TempDir,
}

impl Browser {
    fn args(&self) -> Vec<String> {
        vec![
            "--headless".into(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--hide-scrollbars".into(),
            format!("--user-data-dir={}", self.profile.path().display()),
        ]
    }

    /// The DOM after the browser loaded and laid out the page.
    fn dom(&self, url: &str) -> String {
        let out = Command::new(&self.bin).args(self.args()).arg("--dump-dom").arg(url).output().unwrap();
        assert!(out.status.success(), "chromium --dump-dom {url}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// A phone-sized screenshot.
    fn screenshot(&self, url: &str, file: &Path) {
        let out = Command::new(&self.bin)
            .args(self.args())
            .arg(format!("--screenshot={}", file.display()))
            .arg("--window-size=412,1400")
            .arg(url)
            .output()
            .unwrap();
        assert!(out.status.success(), "chromium --screenshot {url}: {}", String::from_utf8_lossy(&out.stderr));
        let png = std::fs::read(file).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 5_000, "{} is a real picture", file.display());
    }
}

/// Our own articles (id, outlet, day, title, text): two reports of one ceasefire that share
/// passages, one writing the region قره باغ only, the other ناغورني كاراباخ; a third, a
/// protest the next day. Both reports quote the same sentence.
const ARTICLES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "k1",
        "wakala",
        "2020-11-10",
        "اتفاق على وقف إطلاق النار في قره باغ",
        "وقعت أرمينيا وأذربيجان وروسيا فجر الثلاثاء اتفاقا لوقف إطلاق النار في إقليم قره باغ بعد ستة أسابيع من القتال. وقال الرئيس الروسي فلاديمير بوتين إن \"الاتفاق يضع حدا لإراقة الدماء ويفتح الطريق لتسوية دائمة\". وبموجب الاتفاق تنتشر قوات حفظ سلام روسية على خطوط التماس، وقتل في المعارك أكثر من 1300 جندي.",
    ),
    (
        "k2",
        "sahifa",
        "2020-11-10",
        "موسكو ترعى هدنة كاراباخ",
        "وقعت أرمينيا وأذربيجان وروسيا فجر الثلاثاء اتفاقا لوقف إطلاق النار في ناغورني كاراباخ بعد ستة أسابيع من القتال. وقال الرئيس الروسي فلاديمير بوتين إن \"الاتفاق يضع حدا لإراقة الدماء ويفتح الطريق لتسوية دائمة\". وأضافت الصحيفة أن المعارك أوقعت نحو 2400 قتيل من الجنود.",
    ),
    (
        "k3",
        "jarida",
        "2020-11-11",
        "غضب في يريفان بعد الاتفاق",
        "تظاهر آلاف المحتجين في يريفان مساء الأربعاء رفضا لاتفاق وقف إطلاق النار، وطالبوا باستقالة رئيس الوزراء نيكول باشينيان. وقال متظاهر إن الحكومة خذلت الناس.",
    ),
];

/// A store with the repository's examples and [`ARTICLES`].
fn corpus(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let lines: Vec<String> = ARTICLES
        .iter()
        .map(|(id, outlet, day, title, text)| {
            serde_json::json!({"id": id, "outlet": outlet, "published": day, "title": title, "text": text}).to_string()
        })
        .collect();
    let file = dir.join("articles.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let out = marsad().arg("--data").arg(&data).arg("-q").arg("ingest").arg(&examples).arg(&file).output().unwrap();
    assert!(out.status.success(), "ingest: {}", String::from_utf8_lossy(&out.stderr));
    data
}

/// `marsad serve` on a free loopback port: the server (killed when dropped) and its base URL.
fn start(data: &Path) -> (Server, String) {
    let mut child = marsad()
        .arg("--data")
        .arg(data)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("MARSAD_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let server = Server(child);
    let base = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected: {line}")).to_string();
    (server, base)
}

fn json_get(addr: &str, path: &str) -> (u16, serde_json::Value) {
    let (status, body) = http_get(addr, path);
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}")))
}

/// Percent-encodes a query value.
fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// The store id of one of [`ARTICLES`], found by its title through the API.
fn doc_id(addr: &str, title: &str) -> String {
    let (_, list) = json_get(addr, "/api/v1/documents?limit=100");
    let doc = list["documents"].as_array().unwrap().iter().find(|d| d["title"] == title);
    doc.unwrap_or_else(|| panic!("{title} stored: {list}"))["id"].as_str().unwrap().to_string()
}

/// The event that reports the ceasefire of [`ARTICLES`].
fn ceasefire_story(addr: &str, k1: &str) -> serde_json::Value {
    let (status, stories) = json_get(addr, "/api/v1/stories?level=event&min_documents=2&limit=100");
    assert_eq!(status, 200, "{stories}");
    for s in stories["stories"].as_array().unwrap() {
        let (_, story) = json_get(addr, &format!("/api/v1/stories/{}", s["id"].as_str().unwrap()));
        if story["documents"].as_array().unwrap().iter().any(|d| d == k1) {
            return story;
        }
    }
    panic!("no event of several documents holds {k1}: {stories}");
}

fn screenshots_dir() -> PathBuf {
    // target/tmp for integration tests: its parent is the target folder.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("ui-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn ui_in_a_real_browser() {
    let Some(bin) = chromium() else {
        eprintln!("skipped: chromium not found on PATH (apt-get install -y chromium; .ci/run installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = corpus(dir.path());
    let (_server, base) = start(&data);
    let addr = base.trim_start_matches("http://").to_string();
    let browser = Browser { bin, profile: tempfile::tempdir().unwrap() };
    let shots = screenshots_dir();

    // The home page lists the stored documents.
    let (status, list) = http_get(&addr, "/api/v1/documents?limit=100");
    assert_eq!(status, 200, "{list}");
    let home = browser.dom(&format!("{base}/"));
    assert!(home.contains("lang=\"ar\"") && home.contains("dir=\"rtl\""), "{home}");
    // Keyboard first: the first thing in the body is the skip link to the main landmark.
    let body = &home[home.find("<body>").expect("a body") + "<body>".len()..];
    assert!(body.trim_start().starts_with("<a class=\"skip\" href=\"#main\">"), "{body}");
    assert!(home.contains("<main id=\"main\"") && home.contains("<nav aria-label="));
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let docs = list["documents"].as_array().unwrap();
    assert!(docs.len() >= 4, "the examples give several documents: {list}");
    for d in docs {
        let title = d["title"].as_str().unwrap_or("");
        let shown = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        assert!(home.contains(&shown), "the home page lists {title}");
    }
    browser.screenshot(&format!("{base}/"), &shots.join("home.png"));

    // An article page highlights an entity and links it to its entity page: take the
    // document with the most entity mentions.
    let best = docs.iter().max_by_key(|d| d["entities"].as_u64().unwrap_or(0)).unwrap();
    assert!(best["entities"].as_u64().unwrap() > 0, "the examples name people and places");
    let id = best["id"].as_str().unwrap();
    let article_url = format!("{base}/documents/{id}");
    let article = browser.dom(&article_url);
    let link_at = article.find("class=\"ent ent-").expect("an entity highlighted in the article");
    let href_at = article[link_at..].find("href=\"/entities/").unwrap() + link_at + "href=\"".len();
    let href = &article[href_at..href_at + article[href_at..].find('"').unwrap()];
    assert!(article.contains("<mark class=\"timex\""), "a date highlighted: {article}");
    browser.screenshot(&article_url, &shots.join("article.png"));

    // The entity page shows its chart.
    let entity_url = format!("{base}{href}");
    let entity = browser.dom(&entity_url);
    assert!(entity.contains("<svg class=\"chart\""), "{entity}");
    assert!(entity.contains("<rect class=\"bar\""), "the chart has bars: {entity}");
    assert!(entity.contains(&format!("href=\"/documents/{id}\"")), "the entity page lists the article");
    browser.screenshot(&entity_url, &shots.join("entity.png"));

    // A search for one spelling finds the article written with another: k1 writes قره باغ
    // only, the query is كاراباخ.
    let (k1_title, k1_text) = (ARTICLES[0].3, ARTICLES[0].4);
    assert!(!k1_text.contains("كاراباخ") && !k1_title.contains("كاراباخ"));
    let search_url = format!("{base}/search?q={}", enc("كاراباخ"));
    let found = browser.dom(&search_url);
    assert!(found.contains(&format!("href=\"/documents/{}\"", doc_id(&addr, k1_title))), "{found}");
    assert!(found.contains(k1_title) && found.contains("<mark>"), "{found}");
    assert!(found.contains("class=\"facets\"") && found.contains("&amp;outlet=wakala"), "facets add filters: {found}");
    browser.screenshot(&search_url, &shots.join("search.png"));

    // The story page shows its timeline as a picture, one mark per entry, and its sources.
    let k1 = doc_id(&addr, k1_title);
    let story = ceasefire_story(&addr, &k1);
    let story_url = format!("{base}/stories/{}", story["id"].as_str().unwrap());
    let page = browser.dom(&story_url);
    assert!(page.contains("<svg class=\"story-timeline\""), "{page}");
    let entries = story["timeline"].as_array().unwrap().len();
    assert!(entries > 0, "the reports carry events: {story}");
    assert_eq!(page.matches("<g class=\"entry").count(), entries.min(60), "{page}");
    assert!(page.contains("data-type=\"ceasefire_agreed\""), "{page}");
    assert!(page.contains(&format!("class=\"cite\" href=\"/documents/{k1}\"")), "the summary cites k1: {page}");
    assert!(page.contains("class=\"pair\""), "the shared passages side by side: {page}");
    browser.screenshot(&story_url, &shots.join("story.png"));
    eprintln!("screenshots in {}", shots.display());
}

/// The stories, search, timeline and dups routes of a real `marsad serve` over the real
/// pipeline (no browser needed): answers, the same story JSON as `marsad stories`, and
/// 400/404 JSON errors.
#[test]
fn stories_search_timeline_dups_over_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let data = corpus(dir.path());
    let (_server, base) = start(&data);
    let addr = base.trim_start_matches("http://").to_string();
    let k1 = doc_id(&addr, ARTICLES[0].3);
    let k2 = doc_id(&addr, ARTICLES[1].3);

    // One story, the same JSON as the command line prints.
    let story = ceasefire_story(&addr, &k1);
    let id = story["id"].as_str().unwrap();
    assert!(story["documents"].as_array().unwrap().iter().any(|d| d == &k2), "{story}");
    let out = marsad().arg("--data").arg(&data).args(["stories", "--id", id, "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli[0], story, "the API and the command line give one story");

    // Search across spellings, and filtered by the story.
    let (status, hits) = json_get(&addr, &format!("/api/v1/search?q={}", enc("كاراباخ")));
    assert_eq!(status, 200, "{hits}");
    let ids: Vec<&str> = hits["hits"].as_array().unwrap().iter().map(|h| h["doc_id"].as_str().unwrap()).collect();
    assert!(ids.contains(&k1.as_str()) && ids.contains(&k2.as_str()), "{hits}");
    assert!(hits["facets"]["outlets"].as_array().unwrap().len() >= 2, "{hits}");
    let (_, in_story) = json_get(&addr, &format!("/api/v1/search?q={}&story={id}", enc("يريفان OR كاراباخ")));
    let ids: Vec<&str> = in_story["hits"].as_array().unwrap().iter().map(|h| h["doc_id"].as_str().unwrap()).collect();
    let members: Vec<&str> = story["documents"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    assert!(!ids.is_empty() && ids.iter().all(|i| members.contains(i)), "{in_story}");
    let (_, by_entity) = json_get(&addr, &format!("/api/v1/search?entity={}", enc("فلاديمير بوتين")));
    assert_eq!(by_entity["entity"]["entity_id"], "per:vladimir-putin", "{by_entity}");
    assert!(by_entity["total"].as_u64().unwrap() >= 2, "{by_entity}");

    // Timelines of a story and of an entity.
    let (status, tl) = json_get(&addr, &format!("/api/v1/timeline?story={id}"));
    assert_eq!(status, 200);
    assert_eq!(tl["timeline"], story["timeline"]);
    let (status, tl) = json_get(&addr, &format!("/api/v1/timeline?entity={}", enc("Vladimir Putin")));
    assert_eq!(status, 200, "{tl}");
    assert!(
        tl["timeline"].as_array().unwrap().iter().any(|t| t["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Vladimir Putin")),
        "{tl}"
    );

    // Duplicates and reuse, with the passages as each document writes them.
    let (status, dups) = json_get(&addr, "/api/v1/dups?limit=100");
    assert_eq!(status, 200, "{dups}");
    let pair_of_k = |a: &serde_json::Value, b: &serde_json::Value| (a == &k1 && b == &k2) || (a == &k2 && b == &k1);
    let near = dups["near_duplicates"].as_array().unwrap().iter().any(|g| {
        let g = g.as_array().unwrap();
        g.iter().any(|d| d == &k1) && g.iter().any(|d| d == &k2)
    });
    let reuse = dups["reuse"].as_array().unwrap().iter().find(|r| pair_of_k(&r["a"], &r["b"]));
    assert!(near || reuse.is_some(), "k1 and k2 share most of their text: {dups}");
    for r in dups["reuse"].as_array().unwrap() {
        for p in r["passages"].as_array().unwrap() {
            assert_eq!(
                p["a_text"].as_str().unwrap().chars().count() as u64,
                p["a_end"].as_u64().unwrap() - p["a_start"].as_u64().unwrap()
            );
        }
    }

    // Each answer has every field its OpenAPI schema requires (the server's own tests check
    // the schemas in depth on a server without the binary's stages).
    let (_, api) = json_get(&addr, "/api/v1/openapi.json");
    for (path, route) in [
        (format!("/api/v1/stories/{id}"), "/api/v1/stories/{id}"),
        (format!("/api/v1/search?q={}", enc("كاراباخ")), "/api/v1/search"),
        (format!("/api/v1/timeline?story={id}"), "/api/v1/timeline"),
        ("/api/v1/dups".to_string(), "/api/v1/dups"),
        ("/api/v1/stories".to_string(), "/api/v1/stories"),
    ] {
        let (_, answer) = json_get(&addr, &path);
        let schema_ref =
            api["paths"][route]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .unwrap();
        let schema = &api["components"]["schemas"][schema_ref.rsplit('/').next().unwrap()];
        for field in schema["required"].as_array().unwrap() {
            assert!(answer.get(field.as_str().unwrap()).is_some(), "{path}: no {field} in {answer}");
        }
    }

    // Errors: JSON, 400 for bad parameters, 404 for what the store does not hold.
    for (path, want) in [
        ("/api/v1/stories?level=story", 400),
        ("/api/v1/stories?limit=0", 400),
        ("/api/v1/stories?from=2020-11-12&to=2020-11-01", 400),
        ("/api/v1/stories/ev-0000000000000000", 404),
        ("/api/v1/search?q=x&recency=often", 400),
        ("/api/v1/search?q=x&story=ev-0000000000000000", 404),
        ("/api/v1/search?entity=zzzz-no-such-entity", 404),
        ("/api/v1/search?q=x&page=2", 400),
        ("/api/v1/timeline", 400),
        (&format!("/api/v1/timeline?story={id}&entity=x"), 400),
        ("/api/v1/timeline?entity=zzzz-no-such-entity", 404),
        ("/api/v1/dups?offset=-1", 400),
    ] {
        let (status, body) = json_get(&addr, path);
        assert_eq!(status, want, "{path}: {body}");
        assert!(body["error"]["code"].is_string(), "{path}: {body}");
    }
}

#[test]
fn serve_refuses_a_bad_token_file() {
    let data = tempfile::tempdir().unwrap();
    let empty = data.path().join("token");
    std::fs::write(&empty, "\n").unwrap();
    let out = marsad()
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--bind", "127.0.0.1:0", "--token-file"])
        .arg(&empty)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:1", empty.display())) && err.contains("empty"), "{err}");

    std::fs::write(&empty, "short\n").unwrap();
    let out = marsad()
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--bind", "127.0.0.1:0", "--token-file"])
        .arg(&empty)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 16 characters"));
}
