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
    let data = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let out = marsad().arg("--data").arg(data.path()).arg("-q").arg("ingest").arg(&examples).output().unwrap();
    assert!(out.status.success(), "ingest: {}", String::from_utf8_lossy(&out.stderr));

    let mut child = marsad()
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("MARSAD_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _server = Server(child);
    let base = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected: {line}")).to_string();
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
    eprintln!("screenshots in {}", shots.display());
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
