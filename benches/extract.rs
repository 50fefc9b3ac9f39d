//! Throughput of the extract stage (charset decoding + `Extractor::extract`, HTML parsing
//! included) on realistic pages: the repository's own fixture pages, plus, when the shared
//! dev set is present (`../shared/extraction-devset`, read at run time, never copied), its
//! 519 trafilatura pages and 130 Readability pages.
//!
//! Run:
//!     CARGO_TARGET_DIR=target cargo bench --bench extract
//! It first prints pages/s of one pass in wall time and in this thread's CPU time (the
//! figure that matters on a shared machine), then runs criterion per page set.
//!
//! Peak memory: build once, then run the bench binary in loop mode (no criterion) under
//! GNU time and read "Maximum resident set size":
//!     CARGO_TARGET_DIR=target cargo bench --bench extract --no-run
//!     EXTRACT_LOOP=3 /usr/bin/time -v target/release/deps/extract-<hash> 2>&1 \
//!         | grep -E 'pages/s|Maximum resident'
//! Profile: `EXTRACT_LIMIT=60 EXTRACT_LOOP=1 valgrind --tool=callgrind <that binary>`.
//! (the page bytes of the whole dev set, ~75 MB decompressed, are held in memory by the
//! loop itself; the extractor's own peak is one page's DOM at a time).

use crawl::decode::decode_html;
use crawl::extract::{Extractor, SiteRules};
use criterion::{Criterion, Throughput};
use flate2::read::GzDecoder;
use std::hint::black_box;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A page as the fetcher hands it over: raw bytes and the URL's top-level domain.
struct Page {
    bytes: Vec<u8>,
    tld: Option<String>,
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            html_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "html") {
            out.push(p);
        }
    }
}

/// The repository's own pages: crawl fixtures and theme fixtures.
fn own_pages() -> Vec<Page> {
    let mut files = Vec::new();
    html_files(&manifest().join("fixtures/sites"), &mut files);
    html_files(&manifest().join("tests/fixtures/themes"), &mut files);
    files
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| Page {
            bytes,
            tld: Some("bf".into()),
        })
        .collect()
}

fn tld_of(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', ':']).next()?;
    host.rsplit('.').next().map(str::to_ascii_lowercase)
}

/// The trafilatura half of the dev set, when it is there.
fn trafilatura_pages() -> Vec<Page> {
    let dir = manifest().join("../shared/extraction-devset/trafilatura");
    let Ok(text) = std::fs::read_to_string(dir.join("evaldata.json")) else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&text)
    else {
        return Vec::new();
    };
    let mut ids: Vec<&String> = map.keys().collect();
    ids.sort();
    ids.into_iter()
        .filter_map(|id| {
            let rec = &map[id];
            let file = std::fs::File::open(dir.join(rec["file"].as_str()?)).ok()?;
            let mut bytes = Vec::new();
            GzDecoder::new(file).read_to_end(&mut bytes).ok()?;
            Some(Page {
                bytes,
                tld: rec["url"].as_str().and_then(tld_of),
            })
        })
        .collect()
}

/// The Readability test pages of the dev set, when they are there.
fn readability_pages() -> Vec<Page> {
    let dir = manifest().join("../shared/extraction-devset/readability");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    dirs.into_iter()
        .filter_map(|d| std::fs::read(d.join("source.html")).ok())
        .map(|bytes| Page { bytes, tld: None })
        .collect()
}

fn extract_one(extractor: &Extractor, rules: &SiteRules, page: &Page) -> usize {
    let decoded = decode_html(&page.bytes, None, page.tld.as_deref());
    extractor
        .extract(&decoded.text, rules)
        .map_or(0, |a| a.blocks.len())
}

fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// One timed pass over `pages`; prints pages/s (wall and CPU) and MB/s.
fn pass(name: &str, extractor: &Extractor, pages: &[Page]) {
    if pages.is_empty() {
        return;
    }
    let rules = SiteRules::default();
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let cpu0 = thread_cpu_ns();
    let t0 = Instant::now();
    let mut blocks = 0;
    for p in pages {
        blocks += extract_one(extractor, &rules, p);
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) => (b.saturating_sub(a)) as f64 / 1e9,
        _ => wall,
    };
    black_box(blocks);
    println!(
        "{name}: {} pages, {:.1} MB: {:.0} pages/s wall, {:.0} pages/s CPU, {:.1} MB/s CPU",
        pages.len(),
        bytes as f64 / 1e6,
        pages.len() as f64 / wall,
        pages.len() as f64 / cpu,
        bytes as f64 / 1e6 / cpu
    );
}

fn main() {
    let extractor = Extractor::default();
    // EXTRACT_LIMIT=N keeps the first N pages of each set, EXTRACT_ONLY=word the sets whose
    // name holds that word (for profilers).
    let only = std::env::var("EXTRACT_ONLY").ok();
    let limit = std::env::var("EXTRACT_LIMIT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    let sets: Vec<(&str, Vec<Page>)> = vec![
        ("own fixtures", own_pages()),
        ("devset trafilatura", trafilatura_pages()),
        ("devset readability", readability_pages()),
    ]
    .into_iter()
    .map(|(n, p)| (n, p.into_iter().take(limit).collect()))
    .filter(|(n, _): &(&str, Vec<Page>)| only.as_ref().is_none_or(|o| n.contains(o.as_str())))
    .collect();
    if !sets
        .iter()
        .any(|(n, p)| n.starts_with("devset") && !p.is_empty())
    {
        println!("devset pages skipped: ../shared/extraction-devset not found");
    }

    if let Some(n) = std::env::var("EXTRACT_LOOP")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        for _ in 0..n.max(1) {
            for (name, pages) in &sets {
                pass(name, &extractor, pages);
            }
        }
        return;
    }

    // Warm-up pass, then the figures.
    for (_, pages) in &sets {
        for p in pages.iter().take(20) {
            black_box(extract_one(&extractor, &SiteRules::default(), p));
        }
    }
    for (name, pages) in &sets {
        pass(name, &extractor, pages);
    }

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(5))
        .configure_from_args();
    let rules = SiteRules::default();
    let mut group = c.benchmark_group("extract");
    for (name, pages) in &sets {
        if pages.is_empty() {
            continue;
        }
        group.throughput(Throughput::Elements(pages.len() as u64));
        group.bench_function(name.replace(' ', "_"), |b| {
            b.iter(|| {
                let mut n = 0;
                for p in pages {
                    n += extract_one(&extractor, &rules, p);
                }
                black_box(n)
            });
        });
    }
    group.finish();
    c.final_summary();
}
