//! Shared-crawl benchmark: 200 loopback hosts, each with a 0.5 s delay (so at most
//! 400 pages/s in total), crawled by 1, 2 and 4 worker processes sharing one fresh
//! PostgreSQL database. Reports pages/s, CPU per page (user + system time of the workers)
//! and database time per URL (`pg_stat_database.active_time` of the crawl's database).
//!
//! Run: `cargo bench --bench workers` (needs PostgreSQL: `CRAWL_TEST_POSTGRES_URL`, else
//! 127.0.0.1:5432; `scripts/ensure-postgres.sh` starts or installs one). Environment:
//! `BENCH_HOSTS` (200), `BENCH_ARTICLES` (20 per host), `BENCH_WORKERS` ("1,2,4"),
//! `BENCH_DELAY_MS` (500).

#[path = "common/mod.rs"]
mod common;
#[allow(dead_code, unreachable_pub, unused_imports)]
#[path = "../src/sample_sites.rs"]
mod sample_sites;

use sample_sites::{Route, SampleServer, SampleSite};
use std::collections::HashMap;
use std::time::{Duration, Instant};

fn env_num(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A deterministic, distinct article body of about 600 words.
fn article(host: usize, n: usize) -> String {
    let paras = common::paragraphs(
        (host * 7919 + n * 104_729 + 1) as u64,
        8,
        &format!("{host}-{n}"),
    );
    format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Article {n} du site {host}</title></head><body>\
         <header><nav><a href=\"/\">Accueil</a></nav></header><main><article><h1>Article {n} du site {host}</h1>{paras}</article>\
         <aside><h3>Les plus lus</h3><ul><li><a href=\"/\">Accueil</a></li></ul></aside></main><footer>© Site {host}</footer></body></html>"
    )
}

fn site(host: usize, articles: usize, delay_ms: usize) -> SampleSite {
    let mut files = HashMap::new();
    let mut routes = Vec::new();
    let mut add = |path: String, body: String, ct: &str| {
        let file = format!("f{}", routes.len());
        files.insert(file.clone(), body.into_bytes());
        routes.push(Route {
            path,
            file,
            content_type: ct.into(),
            status: None,
            from_phase: None,
            until_phase: None,
            last_modified: None,
        });
    };
    add(
        "/robots.txt".into(),
        "User-agent: *\nDisallow: /admin/\n".into(),
        "text/plain",
    );
    let links: String = (0..articles)
        .map(|n| {
            format!(
                "<a href=\"/2024/05/{:02}/article-numero-{n}-du-site/\">{n}</a>",
                n % 28 + 1
            )
        })
        .collect();
    add(
        "/".into(),
        format!("<html><body>{links}</body></html>"),
        "text/html; charset=utf-8",
    );
    for n in 0..articles {
        add(
            format!("/2024/05/{:02}/article-numero-{n}-du-site/", n % 28 + 1),
            article(host, n),
            "text/html; charset=utf-8",
        );
    }
    SampleSite {
        name: format!("h{host:03}"),
        routes,
        files,
        site_toml: format!(
            "name = \"h{host:03}\"\nstart_urls = [\"{{{{BASE}}}}/\"]\ndelay = \"{delay_ms}ms\"\n"
        ),
    }
}

fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` only builds and starts it.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let hosts = env_num("BENCH_HOSTS", 200);
    let articles = env_num("BENCH_ARTICLES", 20);
    let delay_ms = env_num("BENCH_DELAY_MS", 500).max(1);
    let admin_url = std::env::var("CRAWL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("PostgreSQL for the benchmark");
    let workers_list = common::env_list("BENCH_WORKERS", "1,2,4");
    println!(
        "{hosts} hosts × {articles} articles, {delay_ms} ms delay per host (politeness limit {} pages/s)",
        hosts * 1000 / delay_ms
    );
    println!(
        "{:>7} {:>8} {:>10} {:>9} {:>14} {:>16}",
        "workers", "pages", "seconds", "pages/s", "CPU ms/page", "DB ms/URL"
    );
    for &workers in &workers_list {
        let server = SampleServer::start((0..hosts).map(|h| site(h, articles, delay_ms)).collect())
            .await
            .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let cfg = tmp.path().join("config");
        std::fs::create_dir_all(cfg.join("sites")).unwrap();
        std::fs::write(
            cfg.join("crawl.toml"),
            format!(
                "concurrency = {}\nlease_ttl = \"10s\"\nout = {:?}\n",
                hosts + 8,
                tmp.path().join("out").display().to_string()
            ),
        )
        .unwrap();
        for (name, toml) in server.site_configs() {
            std::fs::write(cfg.join("sites").join(format!("{name}.toml")), toml).unwrap();
        }
        let db = format!("crawl_bench_{}_{workers}", std::process::id());
        sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
            .execute(&admin)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE DATABASE {db}"))
            .execute(&admin)
            .await
            .unwrap();
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&db);
        let cpu_before = children_cpu();
        let started = Instant::now();
        let mut children = Vec::new();
        for w in 0..workers {
            children.push(
                tokio::process::Command::new(env!("CARGO_BIN_EXE_crawl"))
                    .arg("--config")
                    .arg(&cfg)
                    .args([
                        "-q",
                        "--no-progress",
                        "--state",
                        url.as_str(),
                        "--worker",
                        &format!("bench{w}"),
                    ])
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap(),
            );
        }
        for mut c in children {
            let status = c.wait().await.unwrap();
            assert!(status.success(), "worker failed: {status}");
        }
        let elapsed = started.elapsed();
        let cpu = children_cpu() - cpu_before;
        let log = server.requests();
        let pages = log.len();
        let (first, last) = (
            log.iter().map(|r| r.at).min().unwrap(),
            log.iter().map(|r| r.at).max().unwrap(),
        );
        let span = (last - first).as_secs_f64().max(0.001);
        let conn = sqlx::PgPool::connect(url.as_str()).await.unwrap();
        let urls: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM urls")
            .fetch_one(&conn)
            .await
            .unwrap();
        conn.close().await;
        tokio::time::sleep(Duration::from_millis(1200)).await; // let the statistics collector flush
        let active: f64 = sqlx::query_scalar(
            "SELECT COALESCE(active_time, 0)::float8 FROM pg_stat_database WHERE datname = $1",
        )
        .bind(&db)
        .fetch_one(&admin)
        .await
        .unwrap();
        println!(
            "{workers:>7} {pages:>8} {:>10.1} {:>9.1} {:>14.2} {:>16.2}   (wall {:.1} s, {urls} URLs)",
            span,
            pages as f64 / span,
            cpu.as_secs_f64() * 1000.0 / pages as f64,
            active / urls.max(1) as f64,
            elapsed.as_secs_f64()
        );
        sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            .execute(&admin)
            .await
            .ok();
    }
}
