//! Memory benchmark: one loopback site of N article URLs (robots.txt → sitemap index →
//! sitemaps of 10 000 URLs → articles generated on the fly), crawled to the end by one
//! `crawl` process on a fresh SQLite state. Reports pages, pages/s and the process's peak
//! RSS (`wait4`'s `ru_maxrss`) for each N, and the growth of the peak from the first N to
//! the last: the frontier, the seen-set and the dedup index live in the store, so the peak
//! should stay nearly flat while N grows tenfold.
//!
//! Run: `cargo bench --bench frontier` (N = 10 000 and 100 000; set `BENCH_URLS`, e.g.
//! `BENCH_URLS=1000,10000`). It needs ~5 KB of disk per article for the output.

#[path = "common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{header, Response, StatusCode, Uri};
use std::time::{Duration, Instant};

const PER_SITEMAP: usize = 10_000;

fn article_path(i: usize) -> String {
    format!(
        "/2024/{:02}/{:02}/article-numero-{i}-du-site/",
        i % 12 + 1,
        i % 28 + 1
    )
}

/// A deterministic, distinct article of about 300 words.
fn article(i: usize) -> String {
    let paras = common::paragraphs((i as u64).wrapping_mul(104_729) + 1, 4, &format!("n° {i}"));
    format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Article {i}</title></head><body>\
         <header><nav><a href=\"/\">Accueil</a></nav></header><main><article><h1>Article numéro {i}</h1>{paras}</article>\
         <aside><h3>Les plus lus</h3><ul><li><a href=\"{}\">Suivant</a></li></ul></aside></main><footer>© Le site</footer></body></html>",
        article_path(i + 1)
    )
}

fn respond(uri: &Uri, n: usize, base: &str) -> Response<Body> {
    let path = uri.path();
    let (ct, body) = if path == "/robots.txt" {
        (
            "text/plain",
            format!("User-agent: *\nSitemap: {base}/sitemap_index.xml\n"),
        )
    } else if path == "/" {
        (
            "text/html; charset=utf-8",
            "<html><body><h1>Le site</h1></body></html>".to_owned(),
        )
    } else if path == "/sitemap_index.xml" {
        let maps: String = (0..n.div_ceil(PER_SITEMAP))
            .map(|k| format!("<sitemap><loc>{base}/sitemap-{k}.xml</loc></sitemap>"))
            .collect();
        (
            "application/xml",
            format!("<?xml version=\"1.0\"?><sitemapindex>{maps}</sitemapindex>"),
        )
    } else if let Some(k) = path
        .strip_prefix("/sitemap-")
        .and_then(|r| r.strip_suffix(".xml"))
        .and_then(|k| k.parse::<usize>().ok())
    {
        let urls: String = (k * PER_SITEMAP..((k + 1) * PER_SITEMAP).min(n))
            .map(|i| format!("<url><loc>{base}{}</loc></url>", article_path(i)))
            .collect();
        (
            "application/xml",
            format!("<?xml version=\"1.0\"?><urlset>{urls}</urlset>"),
        )
    } else if let Some(i) = path
        .split("article-numero-")
        .nth(1)
        .and_then(|r| r.split('-').next())
        .and_then(|i| i.parse::<usize>().ok())
        .filter(|&i| i < n)
    {
        ("text/html; charset=utf-8", article(i))
    } else {
        return Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::empty())
            .unwrap();
    };
    Response::builder()
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap()
}

/// Runs the crawler to completion; returns (wall time, peak RSS in KiB).
#[allow(clippy::zombie_processes)] // reaped by wait4, which also reports its peak RSS
fn crawl(cfg: &std::path::Path) -> (Duration, i64) {
    let started = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_crawl"))
        .arg("--config")
        .arg(cfg)
        .args(["-q", "--no-progress"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 only writes into the two values we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "crawl failed: {status}"
    );
    (started.elapsed(), usage.ru_maxrss)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` only builds and starts it.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes = common::env_list("BENCH_URLS", "10000,100000");
    println!(
        "{:>8} {:>8} {:>9} {:>9} {:>14}",
        "URLs", "written", "seconds", "pages/s", "peak RSS MiB"
    );
    let mut first_peak = None;
    for &n in &sizes {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let b = std::sync::Arc::new(base.clone());
        let router = axum::Router::new().fallback(move |uri: Uri| {
            let b = b.clone();
            async move { respond(&uri, n, &b) }
        });
        let server = tokio::spawn(async move { axum::serve(listener, router).await });
        let tmp = tempfile::tempdir().unwrap();
        let cfg = tmp.path().join("config");
        std::fs::create_dir_all(cfg.join("sites")).unwrap();
        std::fs::write(
            cfg.join("crawl.toml"),
            format!(
                "out = {:?}\nstate = \"sqlite://{}\"\n",
                tmp.path().join("out").display().to_string(),
                tmp.path().join("state.db").display()
            ),
        )
        .unwrap();
        std::fs::write(
            cfg.join("sites/big.toml"),
            format!(
                "name = \"big\"\nstart_urls = [\"{base}/\"]\ndelay = \"1ms\"\npage_budget = {}\n",
                n + 100
            ),
        )
        .unwrap();
        let cfg2 = cfg.clone();
        let (elapsed, peak_kib) = tokio::task::spawn_blocking(move || crawl(&cfg2))
            .await
            .unwrap();
        server.abort();
        let written = std::fs::read_dir(tmp.path().join("out/big"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert!(
            written * 100 >= n * 99,
            "only {written} of {n} articles written"
        );
        let mib = peak_kib as f64 / 1024.0;
        println!(
            "{n:>8} {written:>8} {:>9.1} {:>9.1} {mib:>14.1}",
            elapsed.as_secs_f64(),
            written as f64 / elapsed.as_secs_f64()
        );
        let base_peak = *first_peak.get_or_insert(mib);
        if base_peak != mib {
            println!(
                "         peak RSS ×{:.2} for ×{:.0} URLs",
                mib / base_peak,
                n as f64 / sizes[0] as f64
            );
        }
    }
}
