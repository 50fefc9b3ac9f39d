//! Guard test: extraction quality on the trafilatura half of the shared dev set must not
//! fall below the floor recorded in `tests/extraction_floor.toml`.
//!
//! The pages live outside the repository (`../shared/extraction-devset/trafilatura`, relative
//! to the crate); when they are absent the test prints that it was skipped and passes.
//! The metric is the one of `score.py trafilatura`: for every page, each "with" snippet
//! must occur in the body (everything after the title line) and each "without" snippet
//! must not, compared with whitespace folded; precision, recall and F1 are counted over
//! all snippets of all pages.
//!
//! Set `EXTRACT_DUMP=/some/dir` to also write each page's output as `<id>.txt`
//! (usable with `score.py trafilatura --outputs /some/dir`).

use crawl::decode::decode_html;
use crawl::extract::{Extractor, SiteRules};
use flate2::read::GzDecoder;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn devset() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/extraction-devset/trafilatura");
    dir.join("evaldata.json").is_file().then_some(dir)
}

/// CPU time of this thread in nanoseconds (Linux `schedstat`), so that the figure does
/// not depend on what else the machine runs; `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn floor() -> f64 {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction_floor.toml");
    let text = std::fs::read_to_string(&path).expect("tests/extraction_floor.toml");
    let value: toml::Value = toml::from_str(&text).expect("valid TOML");
    value
        .get("trafilatura_f1")
        .and_then(toml::Value::as_float)
        .expect("key trafilatura_f1 (a float)")
}

#[test]
fn trafilatura_devset_f1_stays_above_floor() {
    let Some(dir) = devset() else {
        println!("skipped: ../shared/extraction-devset not found");
        eprintln!("skipped: ../shared/extraction-devset not found");
        return;
    };
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("evaldata.json")).expect("evaldata.json"),
    )
    .expect("evaldata.json is JSON");
    let pages = data.as_object().expect("an object of pages");
    let dump = std::env::var_os("EXTRACT_DUMP").map(PathBuf::from);
    let extractor = Extractor::default();
    let rules = SiteRules::default();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    // Read and decompress every page first, so that the timing covers only the extract
    // stage (charset decoding included), measured over the whole run.
    let mut ids: Vec<&String> = pages.keys().collect();
    ids.sort();
    let loaded: Vec<(&String, &serde_json::Value, Vec<u8>, Option<String>)> = ids
        .into_iter()
        .map(|id| {
            let rec = &pages[id];
            let file = rec["file"].as_str().expect("file");
            let url = rec["url"].as_str().unwrap_or("");
            let mut bytes = Vec::new();
            GzDecoder::new(std::fs::File::open(dir.join(file)).expect("page file"))
                .read_to_end(&mut bytes)
                .expect("gzip page");
            let tld = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .and_then(|h| h.rsplit('.').next().map(str::to_ascii_lowercase));
            (id, rec, bytes, tld)
        })
        .collect();
    let start = Instant::now();
    let cpu_start = thread_cpu_ns();
    let texts: Vec<String> = loaded
        .iter()
        .map(|(_, _, bytes, tld)| {
            let decoded = decode_html(bytes, None, tld.as_deref());
            extractor
                .extract(&decoded.text, &rules)
                .map(|a| a.to_text())
                .unwrap_or_default()
        })
        .collect();
    let spent = start.elapsed();
    let cpu_ns = match (cpu_start, thread_cpu_ns()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => spent.as_nanos() as u64,
    };
    for ((id, rec, _, _), text) in loaded.iter().zip(&texts) {
        if let Some(d) = &dump {
            let _ = std::fs::write(d.join(format!("{id}.txt")), text);
        }
        let body = fold(text.split_once('\n').map_or("", |(_, b)| b));
        let snippets = |key: &str| -> Vec<String> {
            rec[key]
                .as_array()
                .map(|a| a.iter().filter_map(|s| s.as_str()).map(fold).collect())
                .unwrap_or_default()
        };
        for s in snippets("with") {
            if body.contains(&s) {
                tp += 1;
            } else {
                fn_ += 1;
            }
        }
        fp += snippets("without")
            .iter()
            .filter(|s| body.contains(s.as_str()))
            .count();
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let floor = floor();
    println!(
        "trafilatura devset: {} pages, precision {precision:.4}, recall {recall:.4}, F1 {f1:.4} \
         (floor {floor:.4}); decode+extract {:.0} pages/s wall, {:.0} pages/s of CPU time \
         in this build",
        pages.len(),
        pages.len() as f64 / spent.as_secs_f64().max(1e-9),
        pages.len() as f64 / (cpu_ns as f64 / 1e9).max(1e-9)
    );
    assert!(
        f1 >= floor,
        "extraction F1 {f1:.4} fell below the floor {floor:.4} (tests/extraction_floor.toml)"
    );
}
