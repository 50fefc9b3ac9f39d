//! Helpers: start the fixture sites on loopback, write a config directory for them, run
//! the crawl as the real binary, and read what it wrote.

#![allow(dead_code)]

#[path = "../../src/sample_sites.rs"]
pub mod sample_sites;

use sample_sites::{SampleServer, SampleSite};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Starts every fixture site on its own 127.0.0.1 port.
pub async fn start_sites() -> SampleServer {
    let mut sites = Vec::new();
    for e in std::fs::read_dir(fixtures().join("sites")).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sites.push(SampleSite::from_dir(&p).unwrap());
        }
    }
    sites.sort_by(|a, b| a.name.cmp(&b.name));
    SampleServer::start(sites).await.unwrap()
}

/// A config directory for the running sites, with fast retries; returns its path.
pub fn write_config(dir: &Path, server: &SampleServer, extra_global: &str) -> PathBuf {
    let cfg = dir.join("config");
    std::fs::create_dir_all(cfg.join("sites")).unwrap();
    let out = dir.join("out");
    let state = dir.join("state.db");
    std::fs::write(
        cfg.join("crawl.toml"),
        format!(
            "user_agent = \"crawl-test/1.0 (+https://example.org/crawl)\"\nout = {:?}\nstate = \"sqlite://{}\"\nseed_interval = \"0s\"\nbackoff_base = \"50ms\"\nbackoff_max = \"200ms\"\ntimeout = \"10s\"\n{extra_global}\n",
            out.display().to_string(),
            state.display()
        ),
    )
    .unwrap();
    for (name, toml) in server.site_configs() {
        std::fs::write(cfg.join("sites").join(format!("{name}.toml")), toml).unwrap();
    }
    cfg
}

/// Every text file written under `out`, by content (count of each identical text); any
/// other file (a leftover temporary file included) fails the test.
pub fn written_texts(out: &Path) -> BTreeMap<String, usize> {
    texts(out, false)
}

/// Like [`written_texts`], but tolerates the temporary file of a write that a SIGKILL
/// interrupted (the next run removes it).
pub fn written_texts_after_kill(out: &Path) -> BTreeMap<String, usize> {
    texts(out, true)
}

fn texts(out: &Path, allow_temp: bool) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    let Ok(sites) = std::fs::read_dir(out) else {
        return map;
    };
    for s in sites {
        let s = s.unwrap().path();
        if !s.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&s).unwrap() {
            let f = f.unwrap().path();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            if allow_temp && name.starts_with(crawl::output::TEMP_PREFIX) {
                continue;
            }
            assert!(
                f.extension().is_some_and(|e| e == "txt"),
                "unexpected file in output: {}",
                f.display()
            );
            *map.entry(std::fs::read_to_string(&f).unwrap()).or_default() += 1;
        }
    }
    map
}

/// The expected texts of a fixture folder (`expected` or `expected-phase2`).
pub fn expected_texts(folder: &str) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for s in std::fs::read_dir(fixtures().join(folder)).unwrap() {
        for f in std::fs::read_dir(s.unwrap().path()).unwrap() {
            *map.entry(std::fs::read_to_string(f.unwrap().path()).unwrap())
                .or_default() += 1;
        }
    }
    map
}

pub fn manifest_lines(out: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(out.join("articles.jsonl")).unwrap_or_default();
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "manifest ends with a torn line"
    );
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad manifest line {l:?}: {e}")))
        .collect()
}

pub fn crawl_bin() -> tokio::process::Command {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_crawl"))
}

/// Runs `crawl [SUBCOMMAND] --config CFG ARGS…` to completion; returns (exit code,
/// stdout, stderr). A leading argument that is not an option is the subcommand.
pub async fn run_crawl(cfg: &Path, args: &[&str]) -> (i32, String, String) {
    let (sub, rest) = match args.split_first() {
        Some((first, rest)) if !first.starts_with('-') => (Some(*first), rest),
        _ => (None, args),
    };
    let out = crawl_bin()
        .args(sub)
        .arg("--config")
        .arg(cfg)
        .arg("--no-progress")
        .args(rest)
        .output()
        .await
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The fixture sites' minimum request interval: 200 ms delay, 300 ms from robots.txt
/// `Crawl-delay` on the SPIP site.
pub const FIXTURE_INTERVALS: [(&str, u64); 3] = [
    ("faso-matin", 200),
    ("ouaga-hebdo", 200),
    ("sahel-info", 300),
];

/// Asserts that two requests to one site's host were never closer than 90 % of its
/// interval, as measured at the server; returns the number of requests per site.
pub fn assert_paced(log: &[sample_sites::Logged]) -> Vec<usize> {
    FIXTURE_INTERVALS
        .iter()
        .map(|(site, min)| {
            let times: Vec<_> = log
                .iter()
                .filter(|r| r.site == *site)
                .map(|r| r.at)
                .collect();
            for w in times.windows(2) {
                let gap = w[1] - w[0];
                assert!(
                    gap >= std::time::Duration::from_millis(min * 9 / 10),
                    "{site}: two requests {gap:?} apart (interval {min} ms)"
                );
            }
            times.len()
        })
        .collect()
}
