//! A bounded HTTP load generator for `marsad bench`'s `api` stage: a fixed number of GET
//! requests over `concurrency` keep-alive connections (HTTP/1.1 on plain TCP, loopback),
//! cycling through a list of paths. Measures each request from write to the last byte of
//! the body; anything but a 200 with a complete body counts as an error.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The outcome of a load run.
#[derive(Clone, Debug, Serialize)]
pub struct LoadReport {
    pub requests: usize,
    pub concurrency: usize,
    pub errors: usize,
    pub seconds: f64,
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub bytes: u64,
}

/// Largest response body the client accepts.
const MAX_BODY: usize = 64 << 20;

/// One request on an open connection: the body length, or None for anything but a
/// complete 200.
async fn one(conn: &mut BufReader<TcpStream>, path: &str, line: &mut String) -> std::io::Result<Option<usize>> {
    let request = format!("GET {path} HTTP/1.1\r\nHost: loopback\r\nUser-Agent: marsad-bench\r\n\r\n");
    conn.get_mut().write_all(request.as_bytes()).await?;
    line.clear();
    conn.read_line(line).await?;
    let ok = line.split(' ').nth(1) == Some("200");
    let mut length: Option<usize> = None;
    loop {
        line.clear();
        if conn.read_line(line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    // The server always sends a length for these routes; without one the connection
    // cannot be reused, so it is an error.
    let Some(length) = length.filter(|&n| n <= MAX_BODY) else {
        return Err(std::io::Error::other("response without a usable content-length"));
    };
    let mut body = vec![0u8; length];
    conn.read_exact(&mut body).await?;
    Ok(ok.then_some(length))
}

/// Sends `total` GET requests for `paths` (in turn) to `addr` over `concurrency`
/// connections, all at once.
pub async fn run(
    addr: SocketAddr,
    paths: Vec<String>,
    total: usize,
    concurrency: usize,
) -> std::io::Result<LoadReport> {
    let concurrency = concurrency.max(1);
    let paths = Arc::new(paths);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (paths, next) = (paths.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            let mut bytes = 0u64;
            let mut conn: Option<BufReader<TcpStream>> = None;
            let mut line = String::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total || paths.is_empty() {
                    break;
                }
                let t = Instant::now();
                if conn.is_none() {
                    match TcpStream::connect(addr).await {
                        Ok(s) => {
                            let _ = s.set_nodelay(true);
                            conn = Some(BufReader::new(s));
                        }
                        Err(_) => {
                            errors += 1;
                            continue;
                        }
                    }
                }
                let c = conn.as_mut().expect("connected above");
                match tokio::time::timeout(Duration::from_secs(30), one(c, &paths[i % paths.len()], &mut line)).await {
                    Ok(Ok(Some(n))) => {
                        bytes += n as u64;
                        latencies.push(t.elapsed());
                    }
                    Ok(Ok(None)) => {
                        errors += 1;
                        latencies.push(t.elapsed());
                    }
                    _ => {
                        errors += 1;
                        conn = None; // start a fresh connection
                    }
                }
            }
            (latencies, errors, bytes)
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    let (mut errors, mut bytes) = (0, 0);
    for t in tasks {
        let (l, e, b) = t.await.map_err(std::io::Error::other)?;
        latencies.extend(l);
        errors += e;
        bytes += b;
    }
    let seconds = start.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let ms = |q: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1e3
    };
    let requests = total;
    Ok(LoadReport {
        requests,
        concurrency,
        errors,
        seconds,
        requests_per_s: requests as f64 / seconds,
        p50_ms: ms(0.50),
        p99_ms: ms(0.99),
        max_ms: ms(1.0),
        bytes,
    })
}
